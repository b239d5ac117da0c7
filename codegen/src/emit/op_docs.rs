//! The rustdoc of an operation's method on its group handle: what it does, its
//! endpoint, its required and optional inputs, how it fails, and its public doc page.

use super::common::{docs, escape};
use crate::ir::{Docs, Input, InputKind, Name, Operation, Ty};
use crate::names::unraw;
use proc_macro2::TokenStream;
use quote::quote;

/// Every `#[doc]` line of the method that starts the operation.
pub fn method_docs(op: &Operation) -> TokenStream {
    let summary = Docs {
        url: None,
        ..op.docs.clone()
    };
    let mut out = docs(&summary, &format!("The `{}` operation.", op.name));
    let link = op
        .docs
        .url
        .as_ref()
        .map(|u| format!(" (<{u}>)"))
        .unwrap_or_default();
    let mut sections = vec![format!(
        "`{} {}`{link}. {}",
        op.method.as_str(),
        op.path,
        inputs(op)
    )];
    if op.pagination.is_some() {
        sections[0].push_str(&format!(
            "\nPaginated: [`into_stream`]({b}::into_stream) yields every item of every page and [`into_pages`]({b}::into_pages) every page, following the cursor.",
            b = op.builder
        ));
    }
    if op.anchor_paging.is_some() {
        sections[0].push_str(&format!(
            "\nPages around its anchor: [`into_stream`]({b}::into_stream) yields every item newest first, walking back from the anchor; [`walk`]({b}::walk) goes either way, with a page size and a bound ([`Walk`](__rt::Walk)).",
            b = op.builder
        ));
    }
    if let Some(arguments) = argument_docs(op) {
        sections.push(arguments);
    }
    if let Some(ex) = op.examples.first() {
        sections.push(example(ex));
    }
    sections.push(errors(op));
    for section in sections {
        let lines = section.lines().map(|l| format!(" {l}"));
        out.extend(quote! { #[doc = ""] #( #[doc = #lines] )* });
    }
    out
}

/// The `# Arguments` section: what each required body field and file part taken as an
/// argument means (their descriptions would otherwise only be in the spec).
fn argument_docs(op: &Operation) -> Option<String> {
    let lines: Vec<String> = op
        .arguments()
        .filter(|a| matches!(a.kind, InputKind::BodyField | InputKind::File))
        .map(|a| {
            let text = a.docs.text.as_deref().unwrap_or_default();
            let text: Vec<&str> = text.split_whitespace().collect();
            let mut line = format!("- `{}`:", unraw(&a.ident));
            if !text.is_empty() {
                line.push_str(&format!(" {}", escape(&text.join(" "))));
            }
            match (a.min, a.max) {
                (Some(x), Some(y)) => line.push_str(&format!(" From {x} to {y}.")),
                (Some(x), None) => line.push_str(&format!(" At least {x}.")),
                (None, Some(y)) => line.push_str(&format!(" At most {y}.")),
                _ => {}
            }
            if a.seconds {
                line.push_str(
                    " Takes a `std::time::Duration` (whole seconds) or a number of seconds.",
                );
            }
            if let Some(note) = &a.docs.deprecated {
                line.push_str(&format!(" **Deprecated:** {}", escape(note)));
            }
            line
        })
        // An argument with nothing to say about it is only named above.
        .filter(|line| !line.ends_with(':'))
        .collect();
    (!lines.is_empty()).then(|| format!("# Arguments\n{}", lines.join("\n")))
}

/// A link to a builder method on the builder's own page (the alias's page lists only its
/// operation's setters; an intra-doc link `Builder::name` would resolve to the generic
/// `Call` page, where every operation's setters share one anchor per name):
/// ``[`name`](type.Builder.html#method.name)``, relative to the group module's pages,
/// where the method docs are.
fn setter_link(op: &Operation, setter: &Name) -> String {
    let name = unraw(setter);
    format!("[`{name}`](type.{}.html#method.{name})", op.builder)
}

/// The inputs, as a list: arguments, setters that must be called, optional setters.
fn inputs(op: &Operation) -> String {
    let arguments: Vec<String> = op
        .arguments()
        .map(|a| match (&a.kind, &a.ty) {
            (InputKind::OneOf(g), _) => {
                let members: Vec<String> =
                    g.members.iter().map(|m| format!("`{}`", m.wire)).collect();
                format!(
                    "`{}` (exactly one of {}: [`{e}`])",
                    unraw(&a.ident),
                    members.join(", "),
                    e = g.enum_ident
                )
            }
            (InputKind::Body, Ty::Named(id)) => {
                format!("`{}` ([`{id}`](super::types::{id}))", unraw(&a.ident))
            }
            _ => format!("`{}`", unraw(&a.ident)),
        })
        .collect();
    let setters: Vec<(&Input, &Name)> = op.setters().collect();
    let link = |(_, s): &(&Input, &Name)| setter_link(op, s);
    let required: Vec<String> = setters
        .iter()
        .filter(|(p, _)| p.required)
        .map(link)
        .collect();
    let optional: Vec<String> = setters
        .iter()
        .filter(|(p, _)| !p.required)
        .map(link)
        .collect();
    let mut parts = Vec::new();
    let mut item = |label: &str, names: &[String]| {
        if !names.is_empty() {
            parts.push(format!("{label} {}", names.join(", ")));
        }
    };
    item("Arguments:", &arguments);
    item("required:", &required);
    item("optional:", &optional);
    if parts.is_empty() {
        "Takes no inputs.".to_owned()
    } else {
        format!("{}.", parts.join("; "))
    }
}

/// The `# Errors` section: which checks can refuse the request before it is sent, the
/// credential it needs, and what can go wrong on the wire.
fn errors(op: &Operation) -> String {
    let params = || op.setters().map(|(p, _)| p);
    let mut refusals = Vec::new();
    if params().any(|p| p.required) {
        refusals.push("a required input is not set");
    }
    if op.inputs.iter().any(|p| p.min.is_some() || p.max.is_some()) {
        refusals.push("a value is out of range");
    }
    if op.of_kind(InputKind::Path).next().is_some() {
        refusals.push("a path argument is empty, `.` or `..`");
    }
    let before = if refusals.is_empty() {
        String::new()
    } else {
        format!(
            " [`Error::InvalidRequest`](crate::Error::InvalidRequest) when {},",
            join_or(&refusals)
        )
    };
    format!(
        "# Errors\nBefore sending:{before} [`Error::MissingCredentials`](crate::Error::MissingCredentials) without a credential for the `{}` auth scheme. Then the errors of every call: see [the crate's error model](crate#errors).",
        op.auth_name
    )
}

/// `a`, `a or b`, `a, b or c`.
fn join_or(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// The `# Example` section: the operation's first example exchange, as on the wire.
fn example(ex: &crate::ir::Example) -> String {
    use crate::spec::ExampleBody;
    let mut request = format!("{} {}", ex.method, ex.path);
    if !ex.query.is_empty() {
        let pairs: Vec<String> = ex.query.iter().map(|(k, v)| format!("{k}={v}")).collect();
        request.push('?');
        request.push_str(&pairs.join("&"));
    }
    let mut lines = vec!["# Example".to_owned(), "```text".to_owned(), request];
    lines.extend(ex.headers.iter().map(|(k, v)| format!("{k}: {v}")));
    match &ex.body {
        ExampleBody::None => {}
        ExampleBody::Json(v) => lines.push(shorten(&v.to_string())),
        ExampleBody::Multipart { fields, files } => {
            let mut parts: Vec<String> = fields.iter().map(|(k, v)| format!("{k}={v}")).collect();
            parts.extend(
                files
                    .iter()
                    .map(|f| format!("{}=@{} ({})", f.name, f.filename, f.content_type)),
            );
            lines.push(format!("multipart/form-data: {}", parts.join("; ")));
        }
    }
    lines.push(String::new());
    lines.push(format!("HTTP {}", ex.status));
    if let Some(body) = &ex.response_body {
        lines.push(shorten(body));
    }
    lines.push("```".to_owned());
    lines.join("\n")
}

/// Long JSON cut at a character boundary, so a doc page stays readable.
fn shorten(text: &str) -> String {
    const MAX: usize = 400;
    match text.char_indices().nth(MAX) {
        Some((at, _)) => format!("{} …", &text[..at]),
        None => text.to_owned(),
    }
}

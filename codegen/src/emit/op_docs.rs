//! The rustdoc of an operation's method on its group handle: what it does, its
//! endpoint, its required and optional inputs, how it fails, and its public doc page.

use super::common::docs;
use crate::ir::{Body, BodyContent, Docs, Operation, Param, Response, Ty};
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
    let mut sections = vec![format!("`{} {}`", op.method.as_str(), op.path), inputs(op)];
    if op.pagination.is_some() {
        sections.push(format!(
            "Paginated: [`into_stream`]({b}::into_stream) yields every item of every page and [`into_pages`]({b}::into_pages) every page, following the cursor.",
            b = op.builder
        ));
    }
    sections.push(errors(op));
    if let Some(url) = &op.docs.url {
        sections.push(format!("See <{url}>."));
    }
    for section in sections {
        let lines = section.lines().map(|l| format!(" {l}"));
        out.extend(quote! { #[doc = ""] #( #[doc = #lines] )* });
    }
    out
}

/// A link to a builder method: ``[`name`](Builder::name)``.
fn setter_link(op: &Operation, p: &Param) -> String {
    let name = unraw(&p.setter);
    format!("[`{name}`]({}::{name})", op.builder)
}

/// The inputs, as a list: arguments, setters that must be called, optional setters.
fn inputs(op: &Operation) -> String {
    let mut arguments: Vec<String> = op
        .path_params
        .iter()
        .map(|p| format!("`{}`", unraw(&p.ident)))
        .collect();
    for g in &op.one_of {
        let members: Vec<String> = g.members.iter().map(|m| format!("`{}`", m.wire)).collect();
        arguments.push(format!(
            "`{}` (exactly one of {}: [`{e}`])",
            unraw(&g.ident),
            members.join(", "),
            e = g.enum_ident
        ));
    }
    let (fields, files): (&[Param], &[Param]) = match &op.body {
        Some(Body {
            content: BodyContent::Fields { fields, files, .. },
            ..
        }) => (fields, files),
        Some(Body {
            content: BodyContent::Type(t),
            ..
        }) => {
            arguments.push(match t {
                Ty::Named(id) => format!("`body` ([`{id}`](super::types::{id}))"),
                _ => "`body`".to_owned(),
            });
            (&[], &[])
        }
        None => (&[], &[]),
    };
    let setters: Vec<&Param> = op
        .query
        .iter()
        .chain(&op.headers)
        .chain(fields)
        .chain(files)
        .collect();
    let link = |p: &&Param| setter_link(op, p);
    let required: Vec<String> = setters.iter().filter(|p| p.required).map(link).collect();
    let optional: Vec<String> = setters.iter().filter(|p| !p.required).map(link).collect();
    let mut out = String::from("Inputs:");
    let mut item = |label: &str, names: &[String]| {
        if !names.is_empty() {
            out.push_str(&format!("\n- {label}: {}.", names.join(", ")));
        }
    };
    item("arguments", &arguments);
    item("required, set before sending", &required);
    item("optional", &optional);
    if arguments.is_empty() && required.is_empty() && optional.is_empty() {
        out = "Takes no inputs.".to_owned();
    }
    out
}

/// The `# Errors` section: which checks can refuse the request before it is sent, the
/// credential it needs, and what can go wrong on the wire.
fn errors(op: &Operation) -> String {
    let params = || {
        op.query.iter().chain(&op.headers).chain(match &op.body {
            Some(Body {
                content: BodyContent::Fields { fields, files, .. },
                ..
            }) => fields.iter().chain(files.iter()).collect::<Vec<_>>(),
            _ => Vec::new(),
        })
    };
    let mut refusals = Vec::new();
    if params().any(|p| p.required) {
        refusals.push("a required input is not set");
    }
    if params().any(|p| p.min.is_some() || p.max.is_some()) {
        refusals.push("a value is out of range");
    }
    if !op.path_params.is_empty() {
        refusals.push("a path argument is empty, `.` or `..`");
    }
    let mut out = format!("# Errors\n\n[`send`]({}::send) fails with:", op.builder);
    if !refusals.is_empty() {
        out.push_str(&format!(
            "\n- [`Error::InvalidRequest`](crate::Error::InvalidRequest), before anything is sent, when {};",
            join_or(&refusals)
        ));
    }
    out.push_str(&format!(
        "\n- [`Error::MissingCredentials`](crate::Error::MissingCredentials) when the client has no credential for the `{}` auth scheme;",
        op.auth_name
    ));
    out.push_str("\n- [`Error::Api`](crate::Error::Api) when the server answers with an error, or [`Error::RateLimited`](crate::Error::RateLimited) when it still refuses after the retries;");
    out.push_str(match op.response {
        Response::Json(_) => "\n- [`Error::Timeout`](crate::Error::Timeout), [`Error::Transport`](crate::Error::Transport) or [`Error::Decode`](crate::Error::Decode) when no usable response arrives.",
        Response::Empty => "\n- [`Error::Timeout`](crate::Error::Timeout) or [`Error::Transport`](crate::Error::Transport) when no response arrives.",
    });
    out
}

/// `a`, `a or b`, `a, b or c`.
fn join_or(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

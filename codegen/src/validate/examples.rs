//! Checks of operations' `examples:`: every input names an input of the operation and
//! every method argument has a value; the request restates the operation's method and
//! a path that fits its template below the service's base path; the query, headers and
//! body are ones the operation can send; names are unique.

use crate::diag::{did_you_mean, Diagnostics};
use crate::spec::{
    AreaDef, BodyContent, Encoding, ExampleBody, ExampleDef, Named, OpDef, RootDef, Spec,
};
use std::collections::BTreeSet;

use crate::endpoints::base_path;

/// Checks every example of every operation.
pub fn check(d: &mut Diagnostics, root: &RootDef, spec: &Spec) {
    for area in &spec.areas {
        let Some(service) = root.services.iter().find(|s| s.name == area.service) else {
            continue;
        };
        let base = service
            .def
            .base_url
            .as_ref()
            .map_or("", |u| base_path(&u.text));
        for op in &area.operations {
            if root.require_examples && op.def.examples.is_empty() {
                d.error_hint(
                    &op.loc,
                    format!("`{}` has no example", op.name),
                    "add `examples:` with the exchange on the wire from the operation's doc page (see api-spec/README.md, \"Examples\"); `require_examples: true` in api.yaml asks for one per operation",
                );
            }
            operation(d, area, op, base);
        }
    }
}

fn operation(d: &mut Diagnostics, _area: &AreaDef, op: &Named<OpDef>, base: &str) {
    let o = &op.def;
    let mut names = BTreeSet::new();
    for (i, ex) in o.examples.iter().enumerate() {
        match &ex.name {
            Some(n)
                if !n
                    .text
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
                    || n.text.is_empty() =>
            {
                d.error_hint(
                    &n.loc,
                    format!("example name `{}` is not snake_case", n.text),
                    "use lowercase letters, digits and `_`, such as `with_filters`",
                );
            }
            Some(n) if !names.insert(n.text.clone()) => d.error_hint(
                &n.loc,
                format!("`{}` has two examples named `{}`", op.name, n.text),
                "give each example its own `name`",
            ),
            None if i > 0 => d.error_hint(
                &ex.loc,
                format!("example {} of `{}` has no `name`", i + 1, op.name),
                "every example after the first needs a `name: snake_case_name`",
            ),
            _ => {}
        }
        example(d, op, ex, base);
    }
}

/// Every input name an example may use, with whether it must be given.
fn inputs(o: &OpDef) -> Vec<(&str, bool)> {
    let mut out: Vec<(&str, bool)> = o
        .path_params
        .iter()
        .map(|p| (p.wire.as_str(), true))
        .collect();
    out.extend(o.query.iter().map(|q| (q.wire.as_str(), false)));
    out.extend(o.headers.iter().map(|h| (h.wire.as_str(), false)));
    match o.body.as_ref().map(|b| &b.content) {
        Some(BodyContent::Fields(fields)) => out.extend(
            fields
                .iter()
                .filter(|f| f.const_value.is_none())
                // A required field (or file part) is an argument of the method.
                .map(|f| (f.wire.as_str(), !f.optional && !f.nullable)),
        ),
        Some(BodyContent::Type(_)) => out.push(("body", true)),
        None => {}
    }
    out
}

fn example(d: &mut Diagnostics, op: &Named<OpDef>, ex: &ExampleDef, base: &str) {
    let o = &op.def;
    let known = inputs(o);
    for (key, _) in &ex.input {
        if !known.iter().any(|(n, _)| *n == key.text) {
            let hint =
                did_you_mean(&key.text, known.iter().map(|(n, _)| *n)).unwrap_or_else(|| {
                    format!(
                        "the inputs of `{}` are: {}",
                        op.name,
                        if known.is_empty() {
                            "none".to_owned()
                        } else {
                            known.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
                        }
                    )
                });
            d.error_hint(
                &key.loc,
                format!("`{}` is not an input of `{}`", key.text, op.name),
                hint,
            );
        }
    }
    let given: BTreeSet<&str> = ex.input.iter().map(|(k, _)| k.text.as_str()).collect();
    for (name, must) in &known {
        if *must && !given.contains(name) {
            d.error_hint(
                &ex.loc,
                format!(
                    "the example of `{}` gives no value for `{name}`, an argument of the method",
                    op.name
                ),
                format!("add `{name}: ...` under `input:`"),
            );
        }
    }
    for g in &o.one_of {
        let set: Vec<&str> = g
            .def
            .iter()
            .map(|m| m.text.as_str())
            .filter(|m| given.contains(m))
            .collect();
        if set.len() != 1 {
            d.error_hint(
                &ex.loc,
                format!(
                    "the example of `{}` must give exactly one of {} (the `{}` group), found {}",
                    op.name,
                    g.def
                        .iter()
                        .map(|m| format!("`{}`", m.text))
                        .collect::<Vec<_>>()
                        .join(", "),
                    g.name,
                    set.len()
                ),
                "keep one of them under `input:`",
            );
        }
    }
    request(d, op, ex, base);
}

fn request(d: &mut Diagnostics, op: &Named<OpDef>, ex: &ExampleDef, base: &str) {
    let (o, r) = (&op.def, &ex.request);
    if let Some(m) = &r.method {
        if m.text != o.method.as_str() {
            d.error_hint(
                &m.loc,
                format!(
                    "the example request's method is `{}`, but `{}` is `{}`",
                    m.text,
                    op.name,
                    o.method.as_str()
                ),
                "an example restates the operation's method: fix one of them",
            );
        }
    }
    if let Some(p) = &r.path {
        let template = format!("{base}{}", o.path.text);
        if !path_fits(&template, &p.text) {
            d.error_hint(
                &p.loc,
                format!("the example path `{}` does not fit `{template}`", p.text),
                "write the full path on the host, base path included, with each `{placeholder}` replaced by one non-empty segment",
            );
        }
    }
    for (key, _) in &r.query {
        if !o.query.iter().any(|q| q.wire == key.text) {
            let hint = did_you_mean(&key.text, o.query.iter().map(|q| q.wire.as_str()))
                .unwrap_or_else(|| {
                    "the client sends only the operation's query parameters".to_owned()
                });
            d.error_hint(
                &key.loc,
                format!("`{}` is not a query parameter of `{}`", key.text, op.name),
                hint,
            );
        }
    }
    let encoding = o.body.as_ref().map(|b| b.encoding);
    let bad = match (&r.body, encoding) {
        (ExampleBody::None, _) => None,
        (_, None) => Some("the operation has no body: remove `body`/`multipart` from the example"),
        (ExampleBody::Json(_), Some(Encoding::Multipart)) => {
            Some("the operation's body is multipart: write the example's body under `multipart:`")
        }
        (ExampleBody::Multipart { .. }, Some(Encoding::Json)) => {
            Some("the operation's body is JSON: write the example's body under `body:`")
        }
        _ => None,
    };
    if let Some(hint) = bad {
        d.error_hint(
            &r.loc,
            format!("the example request's body doesn't fit `{}`", op.name),
            hint,
        );
    }
}

/// Whether `path` is `template` with each `{placeholder}` replaced by one non-empty
/// segment.
fn path_fits(template: &str, path: &str) -> bool {
    let (t, p): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), path.split('/').collect());
    t.len() == p.len()
        && t.iter().zip(&p).all(|(t, p)| {
            if t.starts_with('{') && t.ends_with('}') {
                !p.is_empty()
            } else {
                t == p
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert!(path_fits("/v3/users/{user_id}", "/v3/users/ann%2Fb"));
        assert!(!path_fits("/v3/users/{user_id}", "/v3/users/"));
        assert!(!path_fits("/v3/users/{user_id}", "/v3/users/a/b"));
        assert!(!path_fits("/v3/users", "/users"));
    }
}

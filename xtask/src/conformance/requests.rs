//! The requests the client sends, checked against upstream's parameter and body
//! schemas.
//!
//! Every example of an operation states its request as it goes on the wire, and the
//! generated wire tests (`tests/tests/suite/examples/`) prove the client sends exactly
//! that. So each example request of an operation that matches an upstream operation is
//! validated here against that operation: the path's segments (selectors and typed
//! placeholders), the query pairs (known names, types, enum values, the required ones
//! present), the headers, and the body (JSON or multipart: known fields, types, enum
//! values, required fields, the content type). What fails becomes a [`Difference`] of
//! one of the `request-*` kinds, keyed by operation and item like the others, so the
//! ledger acknowledges it the same way; the examples that show it are in the detail.

use super::difference::{Difference, Kind, Subject};
use super::index::{Index, Operation, Schema};
use super::matching::{best_match, is_placeholder, label};
use super::ours::Ours;
use codegen::spec::{ExampleBody, ExampleDef};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// How many example requests were validated, and against how many operations.
#[derive(Debug, Default, Clone, Copy)]
pub struct Stats {
    /// Example requests validated.
    pub requests: usize,
    /// Our operations they belong to.
    pub operations: usize,
    /// Example requests with no finding.
    pub clean: usize,
    /// Findings (operation, kind and item), before [`unexplained`].
    pub findings: usize,
    /// Findings that are the same fact as a structural difference.
    pub explained: usize,
}

/// The structural kinds that state the same fact as a request finding of `kind` about
/// the same operation and item: an example that sends a parameter upstream doesn't
/// list shows the `extra-parameter` the comparison already reports, and fixing or
/// acknowledging that one settles both.
fn same_fact(kind: Kind) -> &'static [Kind] {
    match kind {
        Kind::RequestUnknownName => &[
            Kind::ExtraParameter,
            Kind::ExtraField,
            Kind::NameMismatch,
            Kind::LocationMismatch,
        ],
        Kind::RequestMissingRequired => &[
            Kind::MissingParameter,
            Kind::MissingField,
            Kind::RequiredMismatch,
            Kind::NameMismatch,
            Kind::LocationMismatch,
        ],
        Kind::RequestWrongType => &[Kind::TypeMismatch],
        Kind::RequestNotInEnum => &[Kind::EnumValuesMissing, Kind::TypeMismatch],
        Kind::RequestWrongContentType => &[Kind::ContentTypeMismatch],
        _ => &[],
    }
}

/// The request findings that say something the structural differences don't, and how
/// many were left out as the same fact as one of them.
pub fn unexplained(
    findings: Vec<Difference>,
    structural: &[Difference],
) -> (Vec<Difference>, usize) {
    // Keyed by item; a name or location mismatch also by our side's name (its item is
    // upstream's `body.channel_url`, the example sends `query.channel_url`).
    let mut keys: BTreeSet<(&Subject, Kind, String)> = BTreeSet::new();
    for d in structural {
        keys.insert((&d.subject, d.kind, d.item.clone()));
        let ours = match d.kind {
            Kind::LocationMismatch => d.item.split_once('.').map(|(_, n)| n.to_owned()),
            Kind::NameMismatch => d
                .detail
                .split_once("ours `")
                .and_then(|(_, rest)| rest.split_once('`'))
                .map(|(n, _)| n.to_owned()),
            _ => None,
        };
        if let Some(name) = ours {
            keys.insert((&d.subject, d.kind, format!("name:{name}")));
        }
    }
    let total = findings.len();
    let kept: Vec<Difference> = findings
        .into_iter()
        .filter(|f| {
            let name = f.item.split_once('.').map_or("", |(_, n)| n);
            !same_fact(f.kind).iter().any(|k| {
                keys.contains(&(&f.subject, *k, f.item.clone()))
                    || keys.contains(&(&f.subject, *k, format!("name:{name}")))
            })
        })
        .collect();
    let explained = total - kept.len();
    (kept, explained)
}

/// One finding of one example request.
struct Finding {
    kind: Kind,
    item: String,
    detail: String,
}

/// Validates every example request of the operations that match upstream ones.
pub fn validate(ours: &Ours<'_>, indexes: &[Index]) -> (Vec<Difference>, Stats) {
    let mut upstream: BTreeMap<&str, (&Index, &Operation)> = BTreeMap::new();
    for ix in indexes {
        for (key, op) in &ix.operations {
            upstream.entry(key.as_str()).or_insert((ix, op));
        }
    }
    let mut stats = Stats::default();
    // By key: the first finding's detail and the examples that show it.
    let mut found: BTreeMap<(String, Kind, String), (Difference, Vec<String>)> = BTreeMap::new();
    for op in &ours.ops {
        let Some(key) = best_match(op, &upstream) else {
            continue;
        };
        let (ix, up) = upstream[key];
        if op.def.examples.is_empty() {
            continue;
        }
        stats.operations += 1;
        for (i, ex) in op.def.examples.iter().enumerate() {
            stats.requests += 1;
            let name = example_name(ex, i);
            let findings = check_example(ix, up, ex);
            if findings.is_empty() {
                stats.clean += 1;
            }
            for f in findings {
                let k = (op.id.clone(), f.kind, f.item.clone());
                let entry = found.entry(k).or_insert_with(|| {
                    (
                        Difference {
                            subject: Subject::Op(op.id.clone()),
                            kind: f.kind,
                            item: f.item.clone(),
                            file: op.file.to_owned(),
                            detail: f.detail.clone(),
                            upstream: label(ix, up),
                            via: BTreeSet::new(),
                        },
                        Vec::new(),
                    )
                });
                if !entry.1.contains(&name) {
                    entry.1.push(name.clone());
                }
            }
        }
    }
    let diffs = found
        .into_values()
        .map(|(mut d, names)| {
            let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
            let s = if names.len() == 1 { "" } else { "s" };
            d.detail = format!("{} (example{s} {})", d.detail, names.join(", "));
            d
        })
        .collect();
    (diffs, stats)
}

/// The example's name: its own, or `first` for an operation's unnamed first example.
fn example_name(ex: &ExampleDef, i: usize) -> String {
    match &ex.name {
        Some(n) => n.text.clone(),
        None if i == 0 => "first".to_owned(),
        None => format!("#{}", i + 1),
    }
}

fn check_example(ix: &Index, up: &Operation, ex: &ExampleDef) -> Vec<Finding> {
    let mut out = Vec::new();
    let req = &ex.request;
    // The path: each placeholder of upstream's path holds a value of its type.
    if let Some(path) = &req.path {
        let path = path.text.split('?').next().unwrap_or_default();
        let ours: Vec<&str> = path.split('/').collect();
        let theirs: Vec<&str> = up.path.split('/').collect();
        if ours.len() == theirs.len() {
            for (seg, tpl) in ours.iter().zip(&theirs) {
                if !is_placeholder(tpl) {
                    continue;
                }
                let name = &tpl[1..tpl.len() - 1];
                let Some(p) = up
                    .params
                    .iter()
                    .find(|p| p.location == "path" && p.name == name)
                else {
                    continue;
                };
                let value = percent_decode(seg);
                check_text(ix, &p.schema, &value, &format!("path.{name}"), &mut out);
            }
        } else {
            out.push(Finding {
                kind: Kind::RequestUnknownName,
                item: "path".to_owned(),
                detail: format!("path `{path}` doesn't fit upstream's `{}`", up.path),
            });
        }
    }
    // The query.
    let sent: BTreeSet<&str> = req.query.iter().map(|(k, _)| k.text.as_str()).collect();
    for (name, value) in &req.query {
        let item = format!("query.{}", name.text);
        match up
            .params
            .iter()
            .find(|p| p.location == "query" && p.name == name.text)
        {
            Some(p) => check_text(ix, &p.schema, value, &item, &mut out),
            None => out.push(Finding {
                kind: Kind::RequestUnknownName,
                item,
                detail: format!(
                    "sends query parameter `{}`, which upstream doesn't list",
                    name.text
                ),
            }),
        }
    }
    for p in up
        .params
        .iter()
        .filter(|p| p.location == "query" && p.required)
    {
        if !sent.contains(p.name.as_str()) {
            out.push(Finding {
                kind: Kind::RequestMissingRequired,
                item: format!("query.{}", p.name),
                detail: format!(
                    "doesn't send query parameter `{}`, which upstream requires",
                    p.name
                ),
            });
        }
    }
    // Headers besides the credential.
    for (name, value) in &req.headers {
        let item = format!("header.{}", name.text);
        match up
            .params
            .iter()
            .find(|p| p.location == "header" && p.name.eq_ignore_ascii_case(&name.text))
        {
            Some(p) => check_text(ix, &p.schema, value, &item, &mut out),
            None => out.push(Finding {
                kind: Kind::RequestUnknownName,
                item,
                detail: format!("sends header `{}`, which upstream doesn't list", name.text),
            }),
        }
    }
    // The body. Upstream repeats some path parameters in its body schemas, as required
    // fields (`channel_url` of `POST /v3/group_channels/{channel_url}/ban`): the value
    // travels in the path, which is checked above.
    let in_path = |name: &str| {
        up.params
            .iter()
            .any(|p| p.location == "path" && p.name == name)
    };
    let json = up
        .request
        .iter()
        .find(|(ct, _)| ct.contains("json"))
        .map(|(_, s)| s);
    // Upstream writes some file uploads as a `format: binary` field of a JSON body
    // (`profile_file` of `POST /v3/users`): a file can only travel in a multipart
    // form, so such a schema is the form's too.
    let multipart = up
        .request
        .iter()
        .find(|(ct, _)| ct.starts_with("multipart/"))
        .map(|(_, s)| s)
        .or(json.filter(|s| {
            ix.resolve(s)
                .fields
                .values()
                .any(|f| ix.resolve(f).format.as_deref() == Some("binary"))
        }));
    match &req.body {
        ExampleBody::None => {
            // Upstream's body schema may require fields even of a body-less request.
            if let Some(schema) = json.or(multipart) {
                let schema = ix.resolve(schema);
                for name in schema.required.iter().flatten().filter(|n| !in_path(n)) {
                    out.push(Finding {
                        kind: Kind::RequestMissingRequired,
                        item: format!("body.{name}"),
                        detail: format!("sends no body, and upstream's body requires `{name}`"),
                    });
                }
            }
        }
        ExampleBody::Json(body) => match json {
            Some(schema) => {
                let mut found = Vec::new();
                check_json(ix, schema, body, "body", &mut found, 0);
                out.extend(found.into_iter().filter(|f| {
                    f.kind != Kind::RequestMissingRequired
                        || !f.item.strip_prefix("body.").is_some_and(in_path)
                }));
            }
            None => out.push(Finding {
                kind: Kind::RequestWrongContentType,
                item: "body".to_owned(),
                detail: content_type_detail("a JSON body", up),
            }),
        },
        ExampleBody::Multipart { fields, files } => match multipart {
            Some(schema) => {
                let schema = ix.resolve(schema);
                let open = schema.fields.is_empty() && schema.values.is_none();
                let mut names = BTreeSet::new();
                for (name, value) in fields {
                    names.insert(name.as_str());
                    let item = format!("body.{name}");
                    match schema.fields.get(name) {
                        Some(f) => check_text(ix, f, value, &item, &mut out),
                        None if open => {}
                        None => out.push(Finding {
                            kind: Kind::RequestUnknownName,
                            item,
                            detail: format!(
                                "sends part `{name}`, which upstream's form doesn't list"
                            ),
                        }),
                    }
                }
                for file in files {
                    names.insert(file.name.as_str());
                    let item = format!("body.{}", file.name);
                    match schema.fields.get(&file.name) {
                        Some(f) => {
                            let f = ix.resolve(f);
                            let is_file = f.format.as_deref() == Some("binary")
                                || f.ty.is_empty()
                                || f.ty == "object"
                                || f.items.as_ref().is_some_and(|i| {
                                    ix.resolve(i).format.as_deref() == Some("binary")
                                });
                            if !is_file {
                                out.push(Finding {
                                    kind: Kind::RequestWrongType,
                                    item,
                                    detail: format!(
                                        "sends a file in part `{}`, which upstream types {}",
                                        file.name,
                                        describe(f)
                                    ),
                                });
                            }
                        }
                        None if open => {}
                        None => out.push(Finding {
                            kind: Kind::RequestUnknownName,
                            item,
                            detail: format!(
                                "sends file part `{}`, which upstream's form doesn't list",
                                file.name
                            ),
                        }),
                    }
                }
                for name in schema.required.iter().flatten() {
                    if !names.contains(name.as_str()) && !in_path(name) {
                        out.push(Finding {
                            kind: Kind::RequestMissingRequired,
                            item: format!("body.{name}"),
                            detail: format!("doesn't send part `{name}`, which upstream requires"),
                        });
                    }
                }
            }
            None => out.push(Finding {
                kind: Kind::RequestWrongContentType,
                item: "body".to_owned(),
                detail: content_type_detail("a multipart body", up),
            }),
        },
    }
    out
}

fn content_type_detail(sent: &str, up: &Operation) -> String {
    if up.request.is_empty() {
        format!("sends {sent}; upstream's operation takes no body")
    } else {
        let cts: Vec<&str> = up.request.keys().map(String::as_str).collect();
        format!("sends {sent}; upstream takes {}", cts.join(", "))
    }
}

/// Upstream's type in a few words (`integer`, `string (one of a, b)`).
fn describe(s: &Schema) -> String {
    let mut t = if s.ty.is_empty() {
        "any".to_owned()
    } else {
        s.ty.clone()
    };
    if let Some(f) = &s.format {
        t = format!("{t}:{f}");
    }
    if let Some(items) = &s.items {
        let i = if items.reference.is_some() {
            items.reference.clone().unwrap_or_default()
        } else {
            describe(items)
        };
        t = format!("{t}<{i}>");
    }
    t
}

/// The base kind of an upstream type name (its own spellings included).
fn base(ty: &str) -> &str {
    match ty {
        "integer" | "int" | "long" | "int32" | "int64" => "integer",
        "number" | "float" | "double" => "number",
        "bool" | "boolean" => "boolean",
        other => other,
    }
}

/// A value sent as text (a path segment, a query value, a header, a form part) against
/// upstream's type: numbers and booleans must parse, enums must hold it, and an array
/// is a comma-joined list of its items.
fn check_text(ix: &Index, schema: &Schema, value: &str, item: &str, out: &mut Vec<Finding>) {
    let s = ix.resolve(schema);
    if !s.one_of.is_empty() {
        let fits = s.one_of.iter().any(|alt| {
            let mut probe = Vec::new();
            check_text(ix, alt, value, item, &mut probe);
            probe.is_empty()
        });
        if !fits {
            out.push(Finding {
                kind: Kind::RequestWrongType,
                item: item.to_owned(),
                detail: format!("`{value}` fits none of upstream's alternatives"),
            });
        }
        return;
    }
    match base(&s.ty) {
        "array" => {
            if let Some(items) = &s.items {
                for part in value.split(',') {
                    check_text(ix, items, part, item, out);
                }
            }
            return;
        }
        "integer" if value.parse::<i64>().is_err() => {
            out.push(wrong_type(item, value, s));
            return;
        }
        "number" if value.parse::<f64>().is_err() => {
            out.push(wrong_type(item, value, s));
            return;
        }
        "boolean" if value != "true" && value != "false" => {
            out.push(wrong_type(item, value, s));
            return;
        }
        "object" => {
            // A form part may carry an object as JSON text.
            if let Ok(v) = serde_json::from_str::<Value>(value) {
                check_json(ix, s, &v, item, out, 0);
            } else {
                out.push(wrong_type(item, value, s));
            }
            return;
        }
        _ => {}
    }
    check_enum(s, value, item, out);
}

fn wrong_type(item: &str, value: &str, s: &Schema) -> Finding {
    Finding {
        kind: Kind::RequestWrongType,
        item: item.to_owned(),
        detail: format!("sends `{value}`, upstream's type is {}", describe(s)),
    }
}

fn check_enum(s: &Schema, value: &str, item: &str, out: &mut Vec<Finding>) {
    if !s.enum_values.is_empty() && !s.enum_values.iter().any(|v| v == value) {
        out.push(Finding {
            kind: Kind::RequestNotInEnum,
            item: item.to_owned(),
            detail: format!(
                "sends `{value}`, not one of upstream's values ({})",
                s.enum_values.join(", ")
            ),
        });
    }
}

/// A JSON value against upstream's schema.
fn check_json(
    ix: &Index,
    schema: &Schema,
    v: &Value,
    item: &str,
    out: &mut Vec<Finding>,
    depth: usize,
) {
    if depth > 32 {
        return;
    }
    let s = ix.resolve(schema);
    if v.is_null() && (s.nullable || s.ty.is_empty()) {
        return;
    }
    if !s.one_of.is_empty() {
        let fits = s.one_of.iter().any(|alt| {
            let mut probe = Vec::new();
            check_json(ix, alt, v, item, &mut probe, depth + 1);
            probe.is_empty()
        });
        if !fits {
            out.push(Finding {
                kind: Kind::RequestWrongType,
                item: item.to_owned(),
                detail: format!("`{v}` fits none of upstream's alternatives"),
            });
        }
        return;
    }
    let wrong = |out: &mut Vec<Finding>| {
        let mut shown = v.to_string();
        if shown.len() > 60 {
            shown.truncate(57);
            shown.push_str("...");
        }
        out.push(Finding {
            kind: Kind::RequestWrongType,
            item: item.to_owned(),
            detail: format!("sends `{shown}`, upstream's type is {}", describe(s)),
        });
    };
    match base(&s.ty) {
        "" => {}
        "string" => match v.as_str() {
            Some(text) => check_enum(s, text, item, out),
            None => wrong(out),
        },
        "integer" => {
            if v.is_i64() || v.is_u64() {
                check_enum(s, &v.to_string(), item, out);
            } else {
                wrong(out);
            }
        }
        "number" => {
            if v.is_number() {
                check_enum(s, &v.to_string(), item, out);
            } else {
                wrong(out);
            }
        }
        "boolean" if !v.is_boolean() => wrong(out),
        "array" => match v.as_array() {
            Some(items) => {
                if let Some(is) = &s.items {
                    for x in items {
                        check_json(ix, is, x, &format!("{item}[]"), out, depth + 1);
                    }
                }
            }
            None => wrong(out),
        },
        "object" => match v.as_object() {
            Some(map) => {
                for (k, x) in map {
                    let at = format!("{item}.{k}");
                    match (s.fields.get(k), &s.values) {
                        (Some(f), _) => check_json(ix, f, x, &at, out, depth + 1),
                        (None, Some(vs)) => check_json(ix, vs, x, &at, out, depth + 1),
                        // An object upstream leaves open takes any key.
                        (None, None) if s.fields.is_empty() => {}
                        (None, None) => out.push(Finding {
                            kind: Kind::RequestUnknownName,
                            item: at,
                            detail: format!("sends field `{k}`, which upstream doesn't list"),
                        }),
                    }
                }
                for name in s.required.iter().flatten() {
                    if !map.contains_key(name) {
                        out.push(Finding {
                            kind: Kind::RequestMissingRequired,
                            item: format!("{item}.{name}"),
                            detail: format!("doesn't send `{name}`, which upstream requires"),
                        });
                    }
                }
            }
            None => wrong(out),
        },
        _ => {}
    }
}

/// `%2F` → `/` (invalid escapes are kept as written).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            if let Some(b) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(json: &str) -> Schema {
        serde_json::from_str(json).expect("a schema")
    }

    fn kinds(ix: &Index, s: &Schema, v: &Value) -> Vec<(Kind, String)> {
        let mut out = Vec::new();
        check_json(ix, s, v, "body", &mut out, 0);
        out.into_iter().map(|f| (f.kind, f.item)).collect()
    }

    #[test]
    fn json_bodies_are_checked_for_names_types_enums_and_required_fields() {
        let ix = Index::default();
        let s = schema(
            r#"{"type":"object","required":["user_id","kind"],"fields":{
                "user_id":{"type":"string"},
                "kind":{"type":"string","enum":["a","b"]},
                "count":{"type":"integer"},
                "ids":{"type":"array","items":{"type":"integer","format":"int64"}}}}"#,
        );
        let ok = serde_json::json!({"user_id": "u", "kind": "a", "count": 3, "ids": [1, 2]});
        assert_eq!(kinds(&ix, &s, &ok), vec![]);
        let bad = serde_json::json!({"kind": "c", "count": 1.5, "ids": ["x"], "extra": 1});
        assert_eq!(
            kinds(&ix, &s, &bad),
            vec![
                (Kind::RequestWrongType, "body.count".to_owned()),
                (Kind::RequestUnknownName, "body.extra".to_owned()),
                (Kind::RequestWrongType, "body.ids[]".to_owned()),
                (Kind::RequestNotInEnum, "body.kind".to_owned()),
                (Kind::RequestMissingRequired, "body.user_id".to_owned()),
            ]
        );
    }

    #[test]
    fn text_values_parse_as_their_upstream_type() {
        let ix = Index::default();
        let mut out = Vec::new();
        check_text(
            &ix,
            &schema(r#"{"type":"integer"}"#),
            "12",
            "query.limit",
            &mut out,
        );
        check_text(
            &ix,
            &schema(r#"{"type":"boolean"}"#),
            "true",
            "query.a",
            &mut out,
        );
        check_text(
            &ix,
            &schema(r#"{"type":"array","items":{"type":"string","enum":["x","y"]}}"#),
            "x,y",
            "query.b",
            &mut out,
        );
        assert!(out.is_empty());
        check_text(
            &ix,
            &schema(r#"{"type":"integer"}"#),
            "ten",
            "query.limit",
            &mut out,
        );
        check_text(
            &ix,
            &schema(r#"{"type":"string","enum":["asc"]}"#),
            "up",
            "query.order",
            &mut out,
        );
        let got: Vec<(Kind, &str)> = out.iter().map(|f| (f.kind, f.item.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (Kind::RequestWrongType, "query.limit"),
                (Kind::RequestNotInEnum, "query.order")
            ]
        );
    }

    #[test]
    fn percent_escapes_are_decoded() {
        assert_eq!(percent_decode("ann%2Fb%20c"), "ann/b c");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }

    fn diff(kind: Kind, item: &str, detail: &str) -> Difference {
        Difference {
            subject: Subject::Op("chat.polls.view_poll".to_owned()),
            kind,
            item: item.to_owned(),
            file: "chat/polls.yaml".to_owned(),
            detail: detail.to_owned(),
            upstream: String::new(),
            via: BTreeSet::new(),
        }
    }

    #[test]
    fn findings_that_restate_a_structural_difference_are_left_to_it() {
        let structural = vec![
            diff(Kind::ExtraParameter, "query.token", "ours has string"),
            diff(
                Kind::LocationMismatch,
                "body.channel_url",
                "upstream sends `channel_url` in the body, ours in the query",
            ),
            diff(
                Kind::NameMismatch,
                "query.custom_type",
                "upstream `custom_type`, ours `custom_types`",
            ),
        ];
        let findings = vec![
            diff(Kind::RequestUnknownName, "query.token", "sends `token`"),
            diff(
                Kind::RequestUnknownName,
                "query.channel_url",
                "sends `channel_url`",
            ),
            diff(
                Kind::RequestUnknownName,
                "query.custom_types",
                "sends `custom_types`",
            ),
            diff(Kind::RequestUnknownName, "query.other", "sends `other`"),
            diff(Kind::RequestWrongType, "query.token", "sends `x`"),
        ];
        let (kept, explained) = unexplained(findings, &structural);
        assert_eq!(explained, 3);
        let kept: Vec<(Kind, &str)> = kept.iter().map(|d| (d.kind, d.item.as_str())).collect();
        assert_eq!(
            kept,
            vec![
                (Kind::RequestUnknownName, "query.other"),
                (Kind::RequestWrongType, "query.token")
            ]
        );
    }
}

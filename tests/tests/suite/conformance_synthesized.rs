//! Responses built from upstream's response schemas, decoded by our typed responses.
//!
//! For every Chat operation of ours that matches an upstream operation with a JSON
//! success response (the operation of the newest index file that has it, matched as
//! `cargo xtask conformance` and `conformance_examples.rs` match), instances are
//! synthesized from upstream's response schema and decoded into the operation's
//! `Output` type:
//!
//! - `all-fields`: every property present with a value of its type (the first enum
//!   value, the first alternative of a `oneOf`, one item in each array, one entry in
//!   each map, a value that fits the `format`);
//! - `all-fields-last`: the same with the last enum value and the last alternative;
//! - `required-only`: only the properties upstream marks required. A schema without a
//!   `required` list says nothing either way (Sendbird's generator leaves the list out
//!   of most schemas), so there every property is kept: the instance tests what
//!   upstream states, not what it leaves unsaid.
//!
//! Integers honour their format (`int64` gets a value beyond 32 bits); a `number` gets
//! an integral value, which is a valid JSON number (upstream types many integer fields
//! `number`; the comparison reports those type differences). A type already entered on
//! the way down is not entered again: a recursive property gets its required fields
//! only, then `{}`.
//!
//! The failures of today are listed, each with its reason, in
//! `api-spec/upstream/synthesized-decode-failures.txt`; the test fails on a failure
//! not listed there and on a listed one that decodes now.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::conformance_examples::{
    decode, matching, our_chat_operations, root, upstream_operations,
};

/// Which instance of a schema to build.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Variant {
    AllFields,
    AllFieldsLast,
    RequiredOnly,
}

impl Variant {
    const ALL: [Variant; 3] = [
        Variant::AllFields,
        Variant::AllFieldsLast,
        Variant::RequiredOnly,
    ];

    fn name(self) -> &'static str {
        match self {
            Variant::AllFields => "all-fields",
            Variant::AllFieldsLast => "all-fields-last",
            Variant::RequiredOnly => "required-only",
        }
    }
}

/// Builds instances of upstream schemas (the fact index's form: `type`, `format`,
/// `ref`, `enum`, `items`, `values`, `fields`, `required`, `one_of`).
struct Synth<'a> {
    components: &'a Value,
    variant: Variant,
    /// The component schemas entered on the way down.
    stack: Vec<String>,
}

impl Synth<'_> {
    fn value(&mut self, schema: &Value) -> Value {
        if let Some(name) = schema["ref"].as_str() {
            let seen = self.stack.iter().filter(|n| *n == name).count();
            if seen >= 2 {
                return Value::Object(Map::new());
            }
            let target = self.components[name].clone();
            self.stack.push(name.to_owned());
            let saved = self.variant;
            if seen == 1 {
                // Recursion: one more level, with the required fields only.
                self.variant = Variant::RequiredOnly;
            }
            let v = self.value(&target);
            self.variant = saved;
            self.stack.pop();
            return v;
        }
        let last = self.variant == Variant::AllFieldsLast;
        if let Some(alts) = schema["one_of"].as_array().filter(|a| !a.is_empty()) {
            let pick = if last { alts.last() } else { alts.first() };
            return pick.map_or(Value::Null, |alt| self.value(alt));
        }
        let ty = schema["type"].as_str().unwrap_or_default();
        let format = schema["format"].as_str().unwrap_or_default();
        if let Some(values) = schema["enum"].as_array().filter(|v| !v.is_empty()) {
            let text = if last { values.last() } else { values.first() };
            let text = text.and_then(Value::as_str).unwrap_or_default();
            return match base(ty) {
                "integer" => text
                    .parse::<i64>()
                    .map_or_else(|_| text.into(), Value::from),
                "number" => text
                    .parse::<f64>()
                    .map_or_else(|_| text.into(), Value::from),
                "boolean" => Value::Bool(text == "true"),
                _ => Value::String(text.to_owned()),
            };
        }
        match base(ty) {
            "string" => Value::String(
                match format {
                    "date-time" => "2024-05-01T12:00:00Z",
                    "date" => "2024-05-01",
                    "uri" | "url" => "https://example.com/a.png",
                    "email" => "ann@example.com",
                    "uuid" => "123e4567-e89b-12d3-a456-426614174000",
                    "byte" => "aGVsbG8=",
                    _ => "text",
                }
                .to_owned(),
            ),
            "integer" => match format {
                "int64" => Value::from(1_714_564_800_123_i64),
                _ => Value::from(7),
            },
            "number" => Value::from(3),
            "boolean" => Value::Bool(true),
            "array" => {
                let item = self.value(&schema["items"]);
                Value::Array(vec![item])
            }
            _ => {
                let mut out = Map::new();
                if let Some(fields) = schema["fields"].as_object() {
                    let required: Option<BTreeSet<&str>> = schema["required"]
                        .as_array()
                        .map(|r| r.iter().filter_map(Value::as_str).collect());
                    for (name, field) in fields {
                        let keep = match (&required, self.variant) {
                            (Some(req), Variant::RequiredOnly) => req.contains(name.as_str()),
                            _ => true,
                        };
                        if keep {
                            let v = self.value(field);
                            out.insert(name.clone(), v);
                        }
                    }
                } else if schema.get("values").is_some() {
                    let v = self.value(&schema["values"]);
                    out.insert("key".to_owned(), v);
                }
                Value::Object(out)
            }
        }
    }
}

/// The base kind of an upstream type name (its own spellings included).
fn base(ty: &str) -> &str {
    match ty {
        "integer" | "int" | "long" => "integer",
        "number" | "float" | "double" => "number",
        "bool" | "boolean" => "boolean",
        other => other,
    }
}

fn synthesize(schema: &Value, components: &Value, variant: Variant) -> Value {
    Synth {
        components,
        variant,
        stack: Vec::new(),
    }
    .value(schema)
}

/// `chat.users.list_users required-only` → its reason, from the committed list.
fn known_failures() -> BTreeMap<(String, String), String> {
    let path = root().join("api-spec/upstream/synthesized-decode-failures.txt");
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut out = BTreeMap::new();
    for line in text.lines() {
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let (entry, reason) = line.split_once('#').unwrap_or((line, ""));
        let mut words = entry.split_whitespace();
        if let (Some(op), Some(variant)) = (words.next(), words.next()) {
            out.insert(
                (op.to_owned(), variant.to_owned()),
                reason.trim().to_owned(),
            );
        }
    }
    out
}

/// The reasons of `api-spec/upstream/ledger.yaml`.
const REASONS: [&str; 6] = [
    "upstream-contradicts-docs",
    "upstream-self-contradiction",
    "older-api-kept-deprecated",
    "stricter-type",
    "not-in-api",
    "docs-only",
];

/// `reason: note`, with a known reason, a note, and a page where the reason needs one.
fn has_reason(text: &str) -> bool {
    let Some((reason, note)) = text.split_once(':') else {
        return false;
    };
    let needs_page = matches!(reason, "upstream-contradicts-docs" | "docs-only");
    REASONS.contains(&reason)
        && !note.trim().is_empty()
        && (!needs_page || note.contains("https://"))
}

#[test]
fn a_listed_failure_needs_a_known_reason_a_note_and_a_page_where_the_reason_needs_one() {
    assert!(has_reason("stricter-type: ours is map<i64>"));
    assert!(has_reason(
        "upstream-contradicts-docs: see https://sendbird.com/docs/x"
    ));
    assert!(!has_reason("upstream-contradicts-docs: the page says so"));
    assert!(!has_reason("because: it is so"));
    assert!(!has_reason("stricter-type:"));
    assert!(!has_reason(""));
}

#[test]
fn the_synthesizer_honours_enums_formats_required_lists_and_recursion() {
    let components = serde_json::json!({
        "Node": {"type": "object", "required": ["id"], "fields": {
            "id": {"type": "integer", "format": "int64"},
            "kind": {"type": "string", "enum": ["a", "b"]},
            "at": {"type": "string", "format": "date-time"},
            "parent": {"ref": "Node"},
            "tags": {"type": "array", "items": {"type": "string"}},
            "meta": {"type": "object", "values": {"type": "number"}}
        }},
        "Loose": {"type": "object", "fields": {"n": {"type": "boolean"}}}
    });
    let node = serde_json::json!({"ref": "Node"});
    let all = synthesize(&node, &components, Variant::AllFields);
    assert_eq!(all["id"], 1_714_564_800_123_i64);
    assert_eq!(all["kind"], "a");
    assert_eq!(all["at"], "2024-05-01T12:00:00Z");
    assert_eq!(all["tags"], serde_json::json!(["text"]));
    assert_eq!(all["meta"], serde_json::json!({"key": 3}));
    // The recursive property gets one more level, with its required fields only.
    assert_eq!(
        all["parent"],
        serde_json::json!({"id": 1_714_564_800_123_i64})
    );
    let last = synthesize(&node, &components, Variant::AllFieldsLast);
    assert_eq!(last["kind"], "b");
    let required = synthesize(&node, &components, Variant::RequiredOnly);
    assert_eq!(required, serde_json::json!({"id": 1_714_564_800_123_i64}));
    // No `required` list: nothing stated, every property kept.
    let loose = synthesize(
        &serde_json::json!({"ref": "Loose"}),
        &components,
        Variant::RequiredOnly,
    );
    assert_eq!(loose, serde_json::json!({"n": true}));
}

#[test]
fn responses_synthesized_from_upstream_schemas_decode_into_our_response_types() {
    let upstream = upstream_operations();
    let known = known_failures();
    let mut synthesized = 0;
    let mut operations = 0;
    let mut failures: BTreeMap<(String, String), String> = BTreeMap::new();
    for op in our_chat_operations() {
        let Some(up) = matching(&op, &upstream) else {
            continue;
        };
        if up.schema.is_null() {
            continue;
        }
        operations += 1;
        let mut seen = Vec::new();
        for variant in Variant::ALL {
            let instance = synthesize(&up.schema, &up.components, variant);
            // An identical instance (no enum, no alternative, every field required)
            // is decoded once.
            if seen.contains(&instance) {
                continue;
            }
            synthesized += 1;
            match decode(&op.id, &instance) {
                Some(Ok(())) | None => {}
                Some(Err(e)) => {
                    failures.insert(
                        (op.id.clone(), variant.name().to_owned()),
                        format!("{e} (schema of {})", up.label),
                    );
                }
            }
            seen.push(instance);
        }
    }
    let mut report = format!(
        "{synthesized} responses synthesized for {operations} operations; {} don't decode:\n",
        failures.len()
    );
    for ((id, variant), e) in &failures {
        report.push_str(&format!("{id} {variant}  # {e}\n"));
    }
    println!("{report}");
    if let Ok(path) = std::env::var("CONFORMANCE_SYNTH_REPORT") {
        std::fs::write(&path, &report).expect("the report is writable");
    }
    assert!(synthesized > 0, "no response schema in api-spec/upstream/");
    let unlisted: Vec<String> = failures
        .iter()
        .filter(|(k, _)| !known.contains_key(*k))
        .map(|((id, v), e)| format!("  {id} {v}: {e}"))
        .collect();
    let fixed: Vec<String> = known
        .keys()
        .filter(|k| !failures.contains_key(*k))
        .map(|(id, v)| format!("{id} {v}"))
        .collect();
    let without_reason: Vec<String> = known
        .iter()
        .filter(|(_, r)| !has_reason(r))
        .map(|((id, v), _)| format!("{id} {v}"))
        .collect();
    assert!(
        unlisted.is_empty() && fixed.is_empty() && without_reason.is_empty(),
        "api-spec/upstream/synthesized-decode-failures.txt is out of date.\n\
         not decoding, not listed (fix api-spec/ or list them with a reason):\n{}\n\
         listed, but decoding now (remove them): {fixed:?}\n\
         listed without a reason (`# reason: note`, a reason of ledger.yaml; `upstream-contradicts-docs` names its page): {without_reason:?}",
        unlisted.join("\n")
    );
}

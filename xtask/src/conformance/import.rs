//! `cargo xtask conformance import`: reads Sendbird's OpenAPI files into fact indexes.
//!
//! Only facts are kept (methods, paths, parameter and field names, types, required
//! flags, enum values, and response examples as data); descriptions are dropped. The
//! files are not valid OpenAPI everywhere (`type: long`, optional path parameters), so
//! every value is read defensively: what can't be read is listed in the index's
//! `skipped` and left out, never a panic.

use super::index::{op_key, Index, Operation, Param, Response, Schema, FORMAT};
use serde_yaml::Value;
use std::collections::{BTreeMap, BTreeSet};

const METHODS: [&str; 7] = ["get", "put", "post", "delete", "patch", "head", "options"];
const SCHEMA_PREFIX: &str = "#/components/schemas/";
/// How deep inline schemas are followed (upstream files nest a few levels at most).
const MAX_DEPTH: usize = 24;

/// Reads one OpenAPI document into an index.
pub fn import(text: &str, source: &str) -> Result<Index, String> {
    let doc: Value =
        serde_yaml::from_str(text).map_err(|e| format!("`{source}` is not YAML: {e}"))?;
    let mut r = Reader {
        doc: &doc,
        skipped: Vec::new(),
        wanted: BTreeSet::new(),
    };
    let mut index = Index {
        format: FORMAT,
        source: source.to_owned(),
        ..Index::default()
    };
    let Some(paths) = doc.get("paths").and_then(Value::as_mapping) else {
        return Err(format!("`{source}` has no `paths` mapping"));
    };
    for (path, item) in paths {
        let Some(path) = path.as_str() else {
            r.skip(format!("a path key that is not text: {path:?}"));
            continue;
        };
        let shared = item.get("parameters");
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            if !op.is_mapping() {
                r.skip(format!("{method} {path}: the operation is not a mapping"));
                continue;
            }
            let op = r.operation(method, path, op, shared);
            let key = op_key(method, path);
            if let Some(first) = index.operations.get(&key) {
                let msg = format!(
                    "{key}: `{}` has the same method and path shape as `{}`; kept the first",
                    path, first.path
                );
                r.skip(msg);
                continue;
            }
            index.operations.insert(key, op);
        }
    }
    // Every component reached from an operation, and what those reach in turn.
    let mut done = BTreeSet::new();
    while let Some(name) = r.wanted.iter().find(|n| !done.contains(*n)).cloned() {
        done.insert(name.clone());
        match r.component(&name) {
            Some(raw) => {
                let schema = r.schema(raw, 0, &name);
                index.schemas.insert(name, schema);
            }
            None => r.skip(format!("schema `{name}` is referenced but not defined")),
        }
    }
    r.skipped.sort();
    r.skipped.dedup();
    index.skipped = r.skipped;
    Ok(index)
}

struct Reader<'a> {
    doc: &'a Value,
    skipped: Vec<String>,
    /// Component schemas referenced so far.
    wanted: BTreeSet<String>,
}

impl<'a> Reader<'a> {
    fn skip(&mut self, what: String) {
        self.skipped.push(what);
    }

    fn component(&self, name: &str) -> Option<&'a Value> {
        let doc: &'a Value = self.doc;
        doc.get("components")?.get("schemas")?.get(name)
    }

    /// Follows a local `$ref` (`#/components/<kind>/<name>`) of a parameter, request
    /// body or response; other values are returned as they are.
    fn deref(&mut self, v: &'a Value, at: &str) -> Option<&'a Value> {
        let mut v = v;
        for _ in 0..16 {
            let Some(target) = v.get("$ref") else {
                return Some(v);
            };
            let Some(target) = target.as_str() else {
                self.skip(format!("{at}: `$ref` is not text"));
                return None;
            };
            let doc: &'a Value = self.doc;
            let found = target
                .strip_prefix("#/")
                .map(|p| p.split('/').try_fold(doc, |node, key| node.get(key)));
            match found.flatten() {
                Some(next) => v = next,
                None => {
                    self.skip(format!("{at}: cannot resolve `$ref: {target}`"));
                    return None;
                }
            }
        }
        self.skip(format!("{at}: `$ref` chain too long"));
        None
    }

    fn operation(
        &mut self,
        method: &str,
        path: &str,
        op: &'a Value,
        shared: Option<&'a Value>,
    ) -> Operation {
        let at = format!("{} {path}", method.to_ascii_uppercase());
        let mut params: BTreeMap<(String, String), Param> = BTreeMap::new();
        for list in [shared, op.get("parameters")].into_iter().flatten() {
            let Some(list) = list.as_sequence() else {
                self.skip(format!("{at}: `parameters` is not a list"));
                continue;
            };
            for p in list {
                if let Some(p) = self.param(p, &at) {
                    // Operation-level parameters override path-level ones.
                    params.insert((p.location.clone(), p.name.clone()), p);
                }
            }
        }
        let mut request = BTreeMap::new();
        if let Some(body) = op.get("requestBody") {
            if let Some(body) = self.deref(body, &at) {
                request = self.content(body, &at);
            }
        }
        let mut responses = BTreeMap::new();
        if let Some(map) = op.get("responses").and_then(Value::as_mapping) {
            for (status, resp) in map {
                let status = scalar_text(status);
                let at = format!("{at} response {status}");
                let Some(resp) = self.deref(resp, &at) else {
                    continue;
                };
                let content = self.content(resp, &at);
                let example = self.example(resp, &at);
                responses.insert(status, Response { content, example });
            }
        }
        Operation {
            method: method.to_ascii_uppercase(),
            path: path.to_owned(),
            operation_id: op
                .get("operationId")
                .and_then(Value::as_str)
                .map(str::to_owned),
            params: params.into_values().collect(),
            request,
            responses,
        }
    }

    fn param(&mut self, p: &'a Value, at: &str) -> Option<Param> {
        let p = self.deref(p, at)?;
        let (Some(name), Some(location)) = (
            p.get("name").and_then(Value::as_str),
            p.get("in").and_then(Value::as_str),
        ) else {
            self.skip(format!("{at}: a parameter without `name` or `in`"));
            return None;
        };
        let mut schema = match p.get("schema") {
            Some(s) => self.schema(s, 0, at),
            None => Schema::any(),
        };
        // OpenAPI 2-style parameters carry the type on the parameter itself.
        if p.get("schema").is_none() && p.get("type").is_some() {
            schema = self.schema(p, 0, at);
        }
        Some(Param {
            name: name.to_owned(),
            location: location.to_owned(),
            required: p.get("required").and_then(Value::as_bool).unwrap_or(false),
            schema,
        })
    }

    /// `content: { <media type>: { schema } }`.
    fn content(&mut self, v: &'a Value, at: &str) -> BTreeMap<String, Schema> {
        let mut out = BTreeMap::new();
        let Some(map) = v.get("content").and_then(Value::as_mapping) else {
            return out;
        };
        for (ct, media) in map {
            let ct = scalar_text(ct);
            let schema = match media.get("schema") {
                Some(s) => self.schema(s, 0, at),
                None => Schema::any(),
            };
            out.insert(ct, schema);
        }
        out
    }

    /// The response's example body: the media type's `example`, the first of its
    /// `examples`, or the `example` of its schema (following `$ref`s).
    fn example(&mut self, resp: &'a Value, at: &str) -> Option<serde_json::Value> {
        let media = resp
            .get("content")
            .and_then(Value::as_mapping)?
            .iter()
            .find(|(ct, _)| ct.as_str().is_some_and(|c| c.contains("json")))
            .map(|(_, m)| m)?;
        let mut found = media.get("example").or_else(|| {
            media
                .get("examples")
                .and_then(Value::as_mapping)
                .and_then(|m| m.iter().next())
                .and_then(|(_, e)| e.get("value"))
        });
        if found.is_none() {
            let mut schema = media.get("schema");
            for _ in 0..16 {
                let Some(s) = schema else { break };
                if let Some(e) = s.get("example") {
                    found = Some(e);
                    break;
                }
                schema = s
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix(SCHEMA_PREFIX))
                    .and_then(|name| self.component(name));
            }
        }
        let found = found?;
        match serde_json::to_value(found) {
            Ok(v) => Some(v),
            Err(e) => {
                self.skip(format!("{at}: the example is not JSON data: {e}"));
                None
            }
        }
    }

    /// One schema; `$ref`s to components stay references (and are indexed too).
    fn schema(&mut self, v: &'a Value, depth: usize, at: &str) -> Schema {
        if depth > MAX_DEPTH {
            self.skip(format!(
                "{at}: schema nested deeper than {MAX_DEPTH} levels"
            ));
            return Schema::any();
        }
        if !v.is_mapping() {
            // `schema: string` and the like: not OpenAPI, read as the type's name.
            if let Some(t) = v.as_str() {
                return Schema {
                    ty: t.to_owned(),
                    ..Schema::default()
                };
            }
            self.skip(format!("{at}: a schema that is not a mapping"));
            return Schema::any();
        }
        if let Some(r) = v.get("$ref") {
            match r.as_str().and_then(|r| r.strip_prefix(SCHEMA_PREFIX)) {
                Some(name) => {
                    self.wanted.insert(name.to_owned());
                    return Schema {
                        reference: Some(name.to_owned()),
                        nullable: v.get("nullable").and_then(Value::as_bool).unwrap_or(false),
                        ..Schema::default()
                    };
                }
                None => {
                    self.skip(format!("{at}: unsupported `$ref: {r:?}`"));
                    return Schema::any();
                }
            }
        }
        let mut s = Schema::default();
        match v.get("type") {
            Some(Value::String(t)) => s.ty = t.clone(),
            // OpenAPI 3.1: `type: [string, "null"]`.
            Some(Value::Sequence(ts)) => {
                for t in ts.iter().filter_map(Value::as_str) {
                    if t == "null" {
                        s.nullable = true;
                    } else if s.ty.is_empty() {
                        s.ty = t.to_owned();
                    }
                }
            }
            Some(other) => self.skip(format!("{at}: `type: {other:?}` is not a type name")),
            None => {}
        }
        s.format = v.get("format").and_then(Value::as_str).map(str::to_owned);
        s.nullable |= v.get("nullable").and_then(Value::as_bool).unwrap_or(false);
        if let Some(values) = v.get("enum") {
            match values.as_sequence() {
                Some(values) => {
                    s.enum_values = values
                        .iter()
                        .filter(|v| !v.is_null())
                        .map(scalar_text)
                        .collect();
                }
                None => self.skip(format!("{at}: `enum` is not a list")),
            }
        }
        if let Some(items) = v.get("items") {
            s.items = Some(Box::new(self.schema(items, depth + 1, at)));
        }
        match v.get("additionalProperties") {
            None | Some(Value::Bool(false)) => {}
            Some(Value::Bool(true)) => s.values = Some(Box::new(Schema::any())),
            Some(ap) => s.values = Some(Box::new(self.schema(ap, depth + 1, at))),
        }
        if let Some(props) = v.get("properties") {
            match props.as_mapping() {
                Some(props) => {
                    for (name, p) in props {
                        let name = scalar_text(name);
                        let field = self.schema(p, depth + 1, &format!("{at} `{name}`"));
                        s.fields.insert(name, field);
                    }
                }
                None => self.skip(format!("{at}: `properties` is not a mapping")),
            }
        }
        // `required: true` on a property (not OpenAPI) is not a list: ignored.
        if let Some(req) = v.get("required").and_then(Value::as_sequence) {
            let mut names: Vec<String> = req.iter().map(scalar_text).collect();
            names.sort();
            names.dedup();
            s.required = Some(names);
        }
        for key in ["anyOf", "oneOf"] {
            if let Some(alts) = v.get(key).and_then(Value::as_sequence) {
                for alt in alts {
                    let alt = self.schema(alt, depth + 1, at);
                    s.one_of.push(alt);
                }
            }
        }
        if let Some(parts) = v.get("allOf").and_then(Value::as_sequence) {
            for part in parts {
                let part = self.inline(part, depth + 1, at);
                merge(&mut s, part);
            }
        }
        if s.ty.is_empty() && (!s.fields.is_empty() || s.values.is_some()) {
            s.ty = "object".to_owned();
        }
        s
    }

    /// A schema with a top-level `$ref` replaced by the component it names (for
    /// `allOf` merging).
    fn inline(&mut self, v: &'a Value, depth: usize, at: &str) -> Schema {
        let mut v = v;
        for _ in 0..16 {
            let Some(name) = v
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix(SCHEMA_PREFIX))
            else {
                break;
            };
            match self.component(name) {
                Some(c) => v = c,
                None => {
                    self.skip(format!(
                        "{at}: schema `{name}` is referenced but not defined"
                    ));
                    return Schema::any();
                }
            }
        }
        self.schema(v, depth, at)
    }
}

/// Merges one `allOf` part into `into`.
fn merge(into: &mut Schema, part: Schema) {
    if into.ty.is_empty() {
        into.ty = part.ty;
    }
    if into.format.is_none() {
        into.format = part.format;
    }
    if into.items.is_none() {
        into.items = part.items;
    }
    if into.values.is_none() {
        into.values = part.values;
    }
    into.nullable |= part.nullable;
    for v in part.enum_values {
        if !into.enum_values.contains(&v) {
            into.enum_values.push(v);
        }
    }
    for (name, f) in part.fields {
        into.fields.entry(name).or_insert(f);
    }
    if let Some(req) = part.required {
        let all = into.required.get_or_insert_with(Vec::new);
        all.extend(req);
        all.sort();
        all.dedup();
    }
    into.one_of.extend(part.one_of);
}

/// A scalar YAML value as text (`200` and `"200"` alike).
fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".to_owned(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_refs_all_of_and_quirks_without_panicking() {
        let text = r##"
openapi: 3.0.0
paths:
  /v3/users/{user_id}:
    parameters:
      - { name: user_id, in: path, required: true, schema: { type: string } }
    get:
      operationId: viewUser
      description: words that must not be kept
      parameters:
        - { name: limit, in: path, required: false, schema: { type: int } }
        - { name: mode, in: query, schema: { type: string, enum: [a, b] } }
        - { in: query }
        - just text
      responses:
        "200":
          content:
            application/json:
              schema: { $ref: '#/components/schemas/User' }
    post:
      requestBody:
        content:
          application/json:
            schema:
              allOf:
                - $ref: '#/components/schemas/Base'
                - { type: object, required: [b], properties: { b: { type: long } } }
      responses:
        200: { content: { application/json: { schema: { $ref: '#/components/schemas/Nope' } } } }
components:
  schemas:
    Base: { type: object, properties: { a: { type: integer, format: int64 } } }
    User:
      type: object
      description: also dropped
      example: { user_id: u1, friends: [] }
      properties:
        user_id: { type: string }
        friends: { type: array, items: { $ref: '#/components/schemas/User' } }
        meta: { type: object, additionalProperties: { type: string } }
"##;
        let index = import(text, "x.yaml").expect("imported");
        let get = &index.operations["GET /v3/users/{}"];
        assert_eq!(get.operation_id.as_deref(), Some("viewUser"));
        assert_eq!(get.params.len(), 3);
        let ok = &get.responses["200"];
        assert_eq!(
            ok.example,
            Some(serde_json::json!({"user_id": "u1", "friends": []}))
        );
        let user = &index.schemas["User"];
        assert_eq!(
            user.fields["meta"].values.as_ref().map(|v| v.ty.as_str()),
            Some("string")
        );
        let post = &index.operations["POST /v3/users/{}"];
        let body = &post.request["application/json"];
        assert_eq!(body.fields["a"].format.as_deref(), Some("int64"));
        assert_eq!(body.fields["b"].ty, "long");
        assert!(body.requires("b"));
        assert!(index.skipped.iter().any(|s| s.contains("Nope")));
        assert!(index.skipped.iter().any(|s| s.contains("without `name`")));
        assert!(!index.to_json().contains("words"));
    }

    #[test]
    fn odd_documents_are_errors_or_skips_never_panics() {
        assert!(import("paths: [1, 2]", "x.yaml").is_err());
        assert!(import("{ not yaml", "x.yaml").is_err());
        let odd = r#"
paths:
  /a:
    get: 5
    put: { parameters: 3, requestBody: { $ref: 7 }, responses: [1] }
    post:
      requestBody: { content: { application/json: { schema: { type: [string, "null"], enum: 4 } } } }
      responses: { 200: { content: { application/json: { schema: { properties: [1], allOf: [{ $ref: '#/components/schemas/Missing' }] } } } } }
"#;
        let index = import(odd, "x.yaml").expect("read what can be read");
        assert_eq!(index.operations.len(), 2);
        assert!(index.skipped.len() >= 4, "{:?}", index.skipped);
    }
}

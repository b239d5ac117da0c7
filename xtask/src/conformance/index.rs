//! The upstream fact index: what Sendbird's published OpenAPI file says about each
//! operation, reduced to facts (no description text), in a stable, sorted JSON form
//! that is committed under `api-spec/upstream/`.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The index's format version.
pub const FORMAT: u32 = 1;

/// One upstream OpenAPI file, indexed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Index {
    /// The index format version ([`FORMAT`]).
    pub format: u32,
    /// The upstream file's name (`sendbird-chat-openapi-2024-09.yaml`).
    pub source: String,
    /// Operations by key: `METHOD /path/{}/with/placeholders/normalised`.
    pub operations: BTreeMap<String, Operation>,
    /// The component schemas the operations refer to (`ref`), by component name.
    pub schemas: BTreeMap<String, Schema>,
    /// What could not be read, one line each (the import went on without it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<String>,
}

/// One operation.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Operation {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path as written upstream, with its placeholder names.
    pub path: String,
    /// The upstream `operationId`, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation_id: Option<String>,
    /// Parameters (path, query, header), sorted by location then name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<Param>,
    /// The request body, by content type.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub request: BTreeMap<String, Schema>,
    /// Responses by status code.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub responses: BTreeMap<String, Response>,
}

/// A path, query or header parameter.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Param {
    /// Wire name.
    pub name: String,
    /// `path`, `query`, `header` or `cookie`.
    #[serde(rename = "in")]
    pub location: String,
    /// Whether upstream marks it required.
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// Its type.
    pub schema: Schema,
}

/// One response.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Response {
    /// The body's schema, by content type.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub content: BTreeMap<String, Schema>,
    /// Upstream's example body (data, for decode tests), when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<serde_json::Value>,
}

/// A type, as upstream writes it (after `allOf` merging; `$ref`s to components kept
/// as `ref`, resolved through [`Index::schemas`]).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Schema {
    /// `string`, `integer`, `number`, `boolean`, `array`, `object`, upstream's own
    /// spellings kept as they are (`long`, `int`, `float`); empty: any value.
    #[serde(rename = "type", default, skip_serializing_if = "String::is_empty")]
    pub ty: String,
    /// `int64`, `binary`, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// A component schema of [`Index::schemas`]; the other keys are then empty.
    #[serde(rename = "ref", default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Allowed values, as text.
    #[serde(rename = "enum", default, skip_serializing_if = "Vec::is_empty")]
    pub enum_values: Vec<String>,
    /// May be `null`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub nullable: bool,
    /// The items of an array.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<Schema>>,
    /// The values of a map (`additionalProperties`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Box<Schema>>,
    /// The fields of an object.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, Schema>,
    /// The required fields, sorted; `None` when upstream says nothing about it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<Vec<String>>,
    /// The alternatives of an `anyOf`/`oneOf`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub one_of: Vec<Schema>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Schema {
    /// A schema that says nothing (any value).
    pub fn any() -> Schema {
        Schema::default()
    }

    /// Whether the field `name` of this object is listed as required.
    pub fn requires(&self, name: &str) -> bool {
        self.required
            .as_ref()
            .is_some_and(|r| r.iter().any(|n| n == name))
    }
}

impl Index {
    /// Follows `ref`s to the schema they name (at most a few hops; an unknown name
    /// reads as "any value").
    pub fn resolve<'a>(&'a self, mut schema: &'a Schema) -> &'a Schema {
        static ANY: Schema = Schema {
            ty: String::new(),
            format: None,
            reference: None,
            enum_values: Vec::new(),
            nullable: false,
            items: None,
            values: None,
            fields: BTreeMap::new(),
            required: None,
            one_of: Vec::new(),
        };
        for _ in 0..16 {
            match &schema.reference {
                Some(name) => match self.schemas.get(name) {
                    Some(s) => schema = s,
                    None => return &ANY,
                },
                None => return schema,
            }
        }
        &ANY
    }

    /// Reads an index file.
    pub fn read(path: &Path) -> Result<Index, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        let index: Index = serde_json::from_str(&text)
            .map_err(|e| format!("`{}` is not a fact index: {e}", path.display()))?;
        if index.format != FORMAT {
            return Err(format!(
                "`{}` has index format {}, this tool reads {FORMAT}: run `cargo xtask conformance import`",
                path.display(),
                index.format
            ));
        }
        Ok(index)
    }

    /// The index as pretty JSON with sorted keys, ending in a newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// The key of an operation: `METHOD /path` with every `{placeholder}` written `{}`.
pub fn op_key(method: &str, path: &str) -> String {
    format!("{} {}", method.to_ascii_uppercase(), normalise_path(path))
}

/// A path with every `{placeholder}` segment written `{}`.
pub fn normalise_path(path: &str) -> String {
    path.split('/')
        .map(|seg| {
            if seg.starts_with('{') && seg.ends_with('}') {
                "{}"
            } else {
                seg
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The index files of `dir` (`*.json`), newest first: their names end in the upstream
/// file's date (`chat-2026-03.json`), so the reverse name order puts the newest first.
pub fn read_dir(dir: &Path) -> Result<Vec<Index>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read `{}`: {e}", dir.display()))?;
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths.reverse();
    paths.iter().map(|p| Index::read(p)).collect()
}

//! Reading an operation's `examples:`: the exchange on the wire, stated independently
//! of the generator (method, full path, query, headers and body as sent; the response
//! as served), plus the inputs a caller passes to produce it.

use super::{Located, Reader};
use crate::diag::Loc;
use crate::load::{Node, NodeKind};

/// One example exchange of an operation.
#[derive(Debug, Clone)]
pub struct ExampleDef {
    /// Where it is.
    pub loc: Loc,
    /// Its name (snake_case), used in the test name; `None` for an operation's only or
    /// first example.
    pub name: Option<Located>,
    /// The values the caller passes, by spec name (path parameter, query parameter,
    /// header, body field, file part, `one_of` member, or `body` for a whole-type body).
    pub input: Vec<(Located, Node)>,
    /// The request as it goes on the wire.
    pub request: RequestExample,
    /// The response as the server sends it.
    pub response: ResponseExample,
}

/// The request of an example.
#[derive(Debug, Clone)]
pub struct RequestExample {
    /// Where it is.
    pub loc: Loc,
    /// HTTP method.
    pub method: Option<Located>,
    /// Full path on the host, base path included (`/v3/users/ann`).
    pub path: Option<Located>,
    /// Query pairs, decoded values (a comma inside a list item written `%2C`).
    pub query: Vec<(Located, String)>,
    /// Headers that matter (besides the credential).
    pub headers: Vec<(Located, String)>,
    /// The body.
    pub body: ExampleBody,
}

/// The body of an example request.
#[derive(Debug, Clone)]
pub enum ExampleBody {
    /// No body.
    None,
    /// A JSON document.
    Json(serde_json::Value),
    /// A multipart form: text parts, then file parts.
    Multipart {
        /// Text parts: name and value.
        fields: Vec<(String, String)>,
        /// File parts.
        files: Vec<FilePart>,
    },
}

/// A file part of a multipart example.
#[derive(Debug, Clone)]
pub struct FilePart {
    /// Form field name.
    pub name: String,
    /// File name.
    pub filename: String,
    /// Content type.
    pub content_type: String,
    /// Content, as text.
    pub content: String,
}

/// The response of an example.
#[derive(Debug, Clone)]
pub struct ResponseExample {
    /// HTTP status.
    pub status: u16,
    /// Headers sent with it.
    pub headers: Vec<(String, String)>,
    /// The JSON body, if any.
    pub body: Option<serde_json::Value>,
}

/// A YAML value as JSON (YAML's keys are strings here; other scalars keep their type).
pub fn json(n: &Node) -> serde_json::Value {
    use serde_json::Value;
    match &n.kind {
        NodeKind::Null => Value::Null,
        NodeKind::Bool(b) => Value::Bool(*b),
        NodeKind::Int(i) => Value::from(*i),
        NodeKind::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
        NodeKind::Str(s) => Value::String(s.clone()),
        NodeKind::Seq(items) => Value::Array(items.iter().map(json).collect()),
        NodeKind::Map(entries) => {
            Value::Object(entries.iter().map(|(k, v)| (k.clone(), json(v))).collect())
        }
    }
}

impl Reader<'_> {
    pub(super) fn examples(&mut self, node: Option<&Node>) -> Vec<ExampleDef> {
        let Some(node) = node else {
            return Vec::new();
        };
        let NodeKind::Seq(items) = &node.kind else {
            self.d.error_hint(
                &node.loc,
                format!("`examples` must be a list, found {}", node.describe()),
                "write `examples:` followed by `- request: ...` items",
            );
            return Vec::new();
        };
        items.iter().filter_map(|n| self.example(n)).collect()
    }

    fn example(&mut self, n: &Node) -> Option<ExampleDef> {
        const KEYS: &[&str] = &["name", "input", "request", "response"];
        self.map(n, "an example", KEYS)?;
        for (key, hint) in [
            (
                "request",
                "add `request: { method: GET, path: /v3/things/1 }`",
            ),
            ("response", "add `response: { status: 200, body: {...} }`"),
        ] {
            if n.get(key).is_none() {
                let message = format!("the example has no `{key}`");
                self.missing(n, key, KEYS, message, hint);
            }
        }
        let name = self.string(n.get("name"), "an example's `name`");
        let input = self
            .entries(n.get("input"), "`input`")
            .iter()
            .map(|(k, v)| {
                let key = Located {
                    text: k.clone(),
                    loc: v.loc.clone(),
                };
                (key, v.clone())
            })
            .collect();
        let request = self.request_example(n.get("request")?)?;
        let response = self.response_example(n.get("response")?)?;
        Some(ExampleDef {
            loc: n.loc.clone(),
            name,
            input,
            request,
            response,
        })
    }

    fn request_example(&mut self, n: &Node) -> Option<RequestExample> {
        const KEYS: &[&str] = &["method", "path", "query", "headers", "body", "multipart"];
        self.map(n, "an example request", KEYS)?;
        for (key, hint) in [
            ("method", "add `method: GET` (the method on the wire)"),
            (
                "path",
                "add `path: /v3/things/1` (the full path on the host)",
            ),
        ] {
            if n.get(key).is_none() {
                let message = format!("the example request has no `{key}`");
                self.missing(n, key, KEYS, message, hint);
            }
        }
        let body = match (n.get("body"), n.get("multipart")) {
            (Some(_), Some(m)) => {
                self.d.error_hint(
                    &m.loc,
                    "an example request has both `body` and `multipart`",
                    "keep `body` for a JSON request, `multipart` for a form",
                );
                ExampleBody::None
            }
            (Some(b), None) => ExampleBody::Json(json(b)),
            (None, Some(m)) => self.multipart(m),
            (None, None) => ExampleBody::None,
        };
        Some(RequestExample {
            loc: n.loc.clone(),
            method: self.string(n.get("method"), "`method`"),
            path: self.string(n.get("path"), "`path`"),
            query: self.scalar_pairs(n.get("query"), "`query`"),
            headers: self.scalar_pairs(n.get("headers"), "`headers`"),
            body,
        })
    }

    fn multipart(&mut self, n: &Node) -> ExampleBody {
        const KEYS: &[&str] = &["fields", "files"];
        if self.map(n, "a multipart example", KEYS).is_none() {
            return ExampleBody::None;
        }
        let fields = self
            .scalar_pairs(n.get("fields"), "`fields`")
            .into_iter()
            .map(|(k, v)| (k.text, v))
            .collect();
        let mut files = Vec::new();
        for (name, f) in self.entries(n.get("files"), "`files`") {
            const FKEYS: &[&str] = &["filename", "content_type", "content"];
            if self.map(f, "a file part", FKEYS).is_none() {
                continue;
            }
            let mut get = |key: &str| {
                let value = self.text(f.get(key), key);
                if value.is_none() && f.get(key).is_none() {
                    self.d.error_hint(
                        &f.loc,
                        format!("the file part `{name}` has no `{key}`"),
                        "give `filename`, `content_type` and `content`",
                    );
                }
                value.unwrap_or_default()
            };
            files.push(FilePart {
                name: name.clone(),
                filename: get("filename"),
                content_type: get("content_type"),
                content: get("content"),
            });
        }
        ExampleBody::Multipart { fields, files }
    }

    fn response_example(&mut self, n: &Node) -> Option<ResponseExample> {
        const KEYS: &[&str] = &["status", "headers", "body"];
        self.map(n, "an example response", KEYS)?;
        let status = match n.get("status") {
            None => 200,
            Some(s) => match s.kind {
                NodeKind::Int(i) if (100..=599).contains(&i) => i as u16,
                NodeKind::Int(i) => {
                    self.d.error_hint(
                        &s.loc,
                        format!("`status` must be an HTTP status, found `{i}`"),
                        "write a number from 100 to 599, such as `200`",
                    );
                    200
                }
                _ => {
                    self.d.error_hint(
                        &s.loc,
                        format!("`status` must be an HTTP status, found {}", s.describe()),
                        "write a number from 100 to 599, such as `200`",
                    );
                    200
                }
            },
        };
        let headers = self
            .scalar_pairs(n.get("headers"), "`headers`")
            .into_iter()
            .map(|(k, v)| (k.text, v))
            .collect();
        Some(ResponseExample {
            status,
            headers,
            body: n.get("body").map(json),
        })
    }

    /// A mapping of names to scalar values, each value as its text.
    fn scalar_pairs(&mut self, node: Option<&Node>, what: &str) -> Vec<(Located, String)> {
        let mut out = Vec::new();
        for (k, v) in self.entries(node, what) {
            let text = match &v.kind {
                NodeKind::Str(s) => s.clone(),
                NodeKind::Int(i) => i.to_string(),
                NodeKind::Float(f) => f.to_string(),
                NodeKind::Bool(b) => b.to_string(),
                _ => {
                    self.d.error_hint(
                        &v.loc,
                        format!(
                            "the value of `{k}` in {what} must be a single value, found {}",
                            v.describe()
                        ),
                        "write the value as it is sent, such as `\"a,b\"` for a list",
                    );
                    continue;
                }
            };
            let key = Located {
                text: k.clone(),
                loc: v.loc.clone(),
            };
            out.push((key, text));
        }
        out
    }
}

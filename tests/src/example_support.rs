//! What the wire tests generated from `api-spec/` examples run on: a loopback mock
//! server that answers with the example's response and records the request, then a
//! comparison of that request with the example's (method, path, query, headers, body,
//! credential) and of the decoded result with the example's response.
//!
//! A mismatch panics with every difference found, each naming the example's value and
//! the one on the wire.

use std::fmt::Write as _;

use sendbird_platform::{Client, Error, RetryPolicy, UploadFile};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// The credentials the test client holds, one per slot.
pub const API_TOKEN: &str = "test-api-token-0123456789";
/// Desk's key.
pub const DESK_API_TOKEN: &str = "test-desk-api-token-0123456789";
/// The organization's token.
pub const ORGANIZATION_API_TOKEN: &str = "test-organization-token-0123456789";
/// Dashboard login for HTTP Basic.
pub const BASIC_USER: &str = "admin@example.com";
/// Dashboard password for HTTP Basic.
pub const BASIC_PASSWORD: &str = "test-password";

/// How the operation authenticates: a header carrying a credential slot, or HTTP Basic.
#[derive(Debug, Clone, Copy)]
pub enum Auth {
    /// Header name and credential slot.
    Header(&'static str, &'static str),
    /// HTTP Basic with the dashboard login.
    Basic,
}

/// The example's request body.
#[derive(Debug, Clone, Copy)]
pub enum Body {
    /// No body.
    None,
    /// A JSON document, compared as JSON (key order and spacing don't matter).
    Json(&'static str),
    /// A multipart form.
    Multipart {
        /// Text parts.
        fields: &'static [(&'static str, &'static str)],
        /// File parts.
        files: &'static [FilePart],
    },
}

/// A file part of a multipart example.
#[derive(Debug, Clone, Copy)]
pub struct FilePart {
    /// Form field name.
    pub name: &'static str,
    /// File name.
    pub filename: &'static str,
    /// Content type.
    pub content_type: &'static str,
    /// Content.
    pub content: &'static str,
}

/// One example exchange, as stated in `api-spec/`.
#[derive(Debug)]
pub struct Exchange {
    /// Service name (for the base URL override).
    pub service: &'static str,
    /// The path part of the service's base URL (`/v3`).
    pub base_path: &'static str,
    /// The credential the request must carry.
    pub auth: Auth,
    /// Method.
    pub method: &'static str,
    /// Full path on the host.
    pub path: &'static str,
    /// Query pairs, decoded (a comma inside a list item written `%2C`).
    pub query: &'static [(&'static str, &'static str)],
    /// Headers that must be sent with these values.
    pub headers: &'static [(&'static str, &'static str)],
    /// Body.
    pub body: Body,
    /// Response status.
    pub status: u16,
    /// Response headers.
    pub response_headers: &'static [(&'static str, &'static str)],
    /// Response body (JSON).
    pub response_body: Option<&'static str>,
}

/// A running example: the mock server and a client pointed at it.
pub struct Run<'a> {
    ex: &'a Exchange,
    server: MockServer,
    /// The client to call the operation with.
    pub client: Client,
}

impl Exchange {
    /// Starts a mock server that answers every request with the example's response,
    /// and a client (holding every credential, never retrying) whose base URL for the
    /// example's service points at it.
    pub async fn start(&self) -> Run<'_> {
        let server = MockServer::start().await;
        let mut response = ResponseTemplate::new(self.status);
        for (name, value) in self.response_headers {
            response = response.insert_header(*name, *value);
        }
        if let Some(body) = self.response_body {
            response = response.set_body_raw(body.as_bytes().to_vec(), "application/json");
        }
        Mock::given(any())
            .respond_with(response)
            .mount(&server)
            .await;
        let client = Client::builder()
            .app_id("test-app")
            .api_token(API_TOKEN)
            .desk_api_token(DESK_API_TOKEN)
            .organization_api_token(ORGANIZATION_API_TOKEN)
            .basic_auth(BASIC_USER, BASIC_PASSWORD)
            .base_url(self.service, format!("{}{}", server.uri(), self.base_path))
            .retry_policy(RetryPolicy::none())
            .build()
            .expect("the test client builds");
        Run {
            ex: self,
            server,
            client,
        }
    }
}

impl Run<'_> {
    /// Checks the one request the server received against the example, then the
    /// result against the example's response. Panics with every difference.
    pub async fn check<T: Serialize>(self, result: Result<T, Error>) {
        let ex = self.ex;
        let requests = self.server.received_requests().await.unwrap_or_default();
        let mut problems = String::new();
        match requests.as_slice() {
            [request] => check_request(ex, request, &mut problems),
            other => {
                let _ = writeln!(
                    problems,
                    "expected exactly one request, the server received {}",
                    other.len()
                );
                if let Err(e) = &result {
                    let _ = writeln!(problems, "the call failed: {e}");
                }
            }
        }
        if problems.is_empty() {
            check_result(ex, result, &mut problems);
        }
        assert!(
            problems.is_empty(),
            "{} {} does not match its example:\n{problems}",
            ex.method,
            ex.path
        );
    }
}

fn check_request(ex: &Exchange, request: &Request, problems: &mut String) {
    let method = request.method.as_str();
    if method != ex.method {
        let _ = writeln!(problems, "method: example `{}`, sent `{method}`", ex.method);
    }
    let path = normalize_escapes(request.url.path());
    if path != normalize_escapes(ex.path) {
        let _ = writeln!(problems, "path: example `{}`, sent `{path}`", ex.path);
    }
    let mut sent: Vec<(String, String)> = request
        .url
        .query()
        .map(|q| {
            q.split('&')
                .filter(|p| !p.is_empty())
                .map(|pair| {
                    let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                    (query_text(k, true), query_text(v, true))
                })
                .collect()
        })
        .unwrap_or_default();
    let mut expected: Vec<(String, String)> = ex
        .query
        .iter()
        .map(|(k, v)| (query_text(k, false), query_text(v, false)))
        .collect();
    sent.sort();
    expected.sort();
    if sent != expected {
        let _ = writeln!(problems, "query: example {expected:?}, sent {sent:?}");
    }
    let header = |name: &str| {
        request
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    for (name, value) in ex.headers {
        let got = header(name);
        if got.as_deref() != Some(*value) {
            let _ = writeln!(problems, "header `{name}`: example `{value}`, sent {got:?}");
        }
    }
    match ex.auth {
        Auth::Header(name, slot) => {
            let expected = match slot {
                "api_token" => API_TOKEN,
                "desk_api_token" => DESK_API_TOKEN,
                "organization_api_token" => ORGANIZATION_API_TOKEN,
                other => panic!("no test credential for the slot `{other}`"),
            };
            if header(name).as_deref() != Some(expected) {
                let _ = writeln!(
                    problems,
                    "credential: header `{name}` should carry the `{slot}` credential, sent {:?}",
                    header(name)
                );
            }
        }
        Auth::Basic => {
            let got = header("authorization").unwrap_or_default();
            if !got.starts_with("Basic ") {
                let _ = writeln!(problems, "credential: expected HTTP Basic, sent {got:?}");
            }
        }
    }
    let content_type = header("content-type").unwrap_or_default();
    match ex.body {
        Body::None => {
            if !request.body.is_empty() {
                let _ = writeln!(
                    problems,
                    "body: example has none, sent {:?}",
                    String::from_utf8_lossy(&request.body)
                );
            }
        }
        Body::Json(text) => {
            let expected: Value = serde_json::from_str(text).expect("the example's body is JSON");
            match serde_json::from_slice::<Value>(&request.body) {
                Ok(sent) if sent == expected => {}
                Ok(sent) => {
                    let _ = writeln!(problems, "body: example {expected}, sent {sent}");
                }
                Err(_) => {
                    let _ = writeln!(
                        problems,
                        "body: example {expected}, sent {:?} (content type `{content_type}`)",
                        String::from_utf8_lossy(&request.body)
                    );
                }
            }
            if !content_type.starts_with("application/json") {
                let _ = writeln!(
                    problems,
                    "content type: expected JSON, sent `{content_type}`"
                );
            }
        }
        Body::Multipart { fields, files } => {
            let Some(boundary) = content_type
                .strip_prefix("multipart/form-data; boundary=")
                .map(str::to_owned)
            else {
                let _ = writeln!(
                    problems,
                    "content type: expected multipart/form-data, sent `{content_type}`"
                );
                return;
            };
            let parts = crate::multipart::parse(&boundary, &request.body);
            let mut sent_fields: Vec<(String, String)> = parts
                .iter()
                .filter(|p| p.filename.is_none())
                .map(|p| {
                    (
                        p.name.clone(),
                        String::from_utf8_lossy(&p.data).into_owned(),
                    )
                })
                .collect();
            let mut expected_fields: Vec<(String, String)> = fields
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect();
            sent_fields.sort();
            expected_fields.sort();
            if sent_fields != expected_fields {
                let _ = writeln!(
                    problems,
                    "form fields: example {expected_fields:?}, sent {sent_fields:?}"
                );
            }
            let mut sent_files: Vec<(String, String, String, String)> = parts
                .iter()
                .filter_map(|p| {
                    Some((
                        p.name.clone(),
                        p.filename.clone()?,
                        p.content_type.clone().unwrap_or_default(),
                        String::from_utf8_lossy(&p.data).into_owned(),
                    ))
                })
                .collect();
            let mut expected_files: Vec<(String, String, String, String)> = files
                .iter()
                .map(|f| {
                    (
                        f.name.into(),
                        f.filename.into(),
                        f.content_type.into(),
                        f.content.into(),
                    )
                })
                .collect();
            sent_files.sort();
            expected_files.sort();
            if sent_files != expected_files {
                let _ = writeln!(
                    problems,
                    "files: example {expected_files:?}, sent {sent_files:?}"
                );
            }
        }
    }
}

fn check_result<T: Serialize>(ex: &Exchange, result: Result<T, Error>, problems: &mut String) {
    let body: Option<Value> = ex
        .response_body
        .map(|b| serde_json::from_str(b).expect("the example's response is JSON"));
    if (200..300).contains(&ex.status) {
        match result {
            Ok(value) => {
                let decoded = serde_json::to_value(&value).expect("outputs serialize");
                let body = body.unwrap_or(Value::Null);
                covered(&decoded, &body, "$", problems);
            }
            Err(e) => {
                let _ = writeln!(problems, "the response did not decode: {e}");
            }
        }
        return;
    }
    match result {
        Ok(_) => {
            let _ = writeln!(
                problems,
                "status {} should be an error, the call succeeded",
                ex.status
            );
        }
        Err(e) => {
            if e.status() != Some(ex.status) {
                let _ = writeln!(
                    problems,
                    "error status: example {}, got {:?} ({e})",
                    ex.status,
                    e.status()
                );
            }
            let code = body
                .as_ref()
                .and_then(|b| b.get("code"))
                .and_then(Value::as_i64);
            if let Some(code) = code {
                if e.code().map(|c| c.code()) != Some(code) {
                    let _ = writeln!(problems, "error code: example {code}, got {:?}", e.code());
                }
            }
        }
    }
}

/// Checks that every value the client decoded is the example's value at the same place
/// (fields the client doesn't know are not compared; a field decoded as its default
/// may be absent from the example).
fn covered(decoded: &Value, example: &Value, at: &str, problems: &mut String) {
    match (decoded, example) {
        (Value::Object(d), Value::Object(e)) => {
            for (k, v) in d {
                let here = format!("{at}.{k}");
                match e.get(k) {
                    Some(ev) => covered(v, ev, &here, problems),
                    None if is_default(v) => {}
                    None => {
                        let _ = writeln!(
                            problems,
                            "response {here}: decoded {v}, absent from the example"
                        );
                    }
                }
            }
        }
        (Value::Array(d), Value::Array(e)) if d.len() == e.len() => {
            for (i, (dv, ev)) in d.iter().zip(e).enumerate() {
                covered(dv, ev, &format!("{at}[{i}]"), problems);
            }
        }
        (Value::Null, _) => {}
        (Value::Number(d), Value::Number(e)) if d.as_f64() == e.as_f64() => {}
        (d, e) if d == e => {}
        (d, e) => {
            let _ = writeln!(problems, "response {at}: decoded {d}, example {e}");
        }
    }
}

fn is_default(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
    }
}

/// Decodes an example's input value into the input's type.
pub fn value<T: DeserializeOwned>(name: &str, json: &str) -> T {
    serde_json::from_str(json).unwrap_or_else(|e| {
        panic!("the example's input `{name}` = {json} does not fit its type: {e}")
    })
}

/// An upload from an example's `{filename, content_type, content}`.
pub fn file(name: &str, json: &str) -> UploadFile {
    let v: Value = value(name, json);
    let text = |key: &str| {
        v.get(key)
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("the example's file `{name}` needs a string `{key}`"))
            .to_owned()
    };
    UploadFile::new(text("filename"), text("content").into_bytes())
        .content_type(text("content_type"))
}

/// Percent-escapes with upper-case hex digits.
fn normalize_escapes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '%' {
            for _ in 0..2 {
                if let Some(h) = chars.next() {
                    out.push(h.to_ascii_uppercase());
                }
            }
        }
    }
    out
}

/// A query key or value as text: escapes decoded (and, for what was sent, `+` read as
/// a space, as form decoding on the server reads it), except an escaped comma, which
/// stays `%2C` so that a comma inside a list item differs from the commas between
/// items. An example's own `+` is a plus sign.
fn query_text(raw: &str, sent: bool) -> String {
    let b = raw.as_bytes();
    let mut bytes = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match b[i] {
            b'%' if i + 2 < b.len() => match (hex(b[i + 1]), hex(b[i + 2])) {
                (Some(h), Some(l)) => {
                    let v = (h * 16 + l) as u8;
                    if v == b',' {
                        bytes.extend_from_slice(b"%2C");
                    } else {
                        bytes.push(v);
                    }
                    i += 3;
                }
                _ => {
                    bytes.push(b'%');
                    i += 1;
                }
            },
            b'+' if sent => {
                bytes.push(b' ');
                i += 1;
            }
            c => {
                bytes.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

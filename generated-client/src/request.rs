//! The request generated code assembles: path parameters, query, headers and body.
//!
//! Values are encoded as they are added; [`Request::prepare`] then renders the path
//! and checks the headers once, before the first attempt, so a bad input fails with
//! [`Error::InvalidRequest`] without any network I/O and retries reuse the work.

use std::fmt;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::Serialize;
use serde_json::Value;

use crate::encoding::{encode_into, QueryValue};
use crate::error::Error;
use crate::operation::Operation;
use crate::options::RequestOptions;
use crate::types::UploadFile;

/// One call of an operation, built by generated code and sent by the
/// [`Client`](crate::Client).
pub struct Request {
    pub(crate) operation: &'static Operation,
    pub(crate) options: RequestOptions,
    /// Values are already percent-encoded as one segment.
    path_params: Vec<(&'static str, String)>,
    /// Values are already percent-encoded.
    query: Vec<(&'static str, String)>,
    /// Values are plain text.
    headers: Vec<(&'static str, String)>,
    files: Vec<(&'static str, UploadFile)>,
    body: Body,
    /// The first input refused while the request was assembled; `prepare` returns it.
    refused: Option<Error>,
    /// A [`Client::raw`](crate::Client::raw) request's path and query, already
    /// encoded, used instead of the operation's path template.
    pub(crate) raw_path: Option<String>,
}

enum Body {
    Empty,
    Json(Bytes),
    Multipart(Vec<(String, String)>),
    JsonOrMultipart(Value),
}

/// A request checked and rendered once, ready for any number of attempts.
pub(crate) struct Prepared {
    /// The percent-encoded path and query, to append to the base URL.
    pub(crate) path_and_query: String,
    /// Headers from parameters and options (not the client's own).
    pub(crate) headers: HeaderMap,
    pub(crate) body: PreparedBody,
}

pub(crate) enum PreparedBody {
    Empty,
    Json(Bytes),
    Multipart {
        texts: Vec<(String, String)>,
        files: Vec<(&'static str, UploadFile)>,
    },
}

impl Request {
    /// Starts a request for `operation`.
    pub fn new(operation: &'static Operation, options: RequestOptions) -> Request {
        Request {
            operation,
            options,
            path_params: Vec::new(),
            query: Vec::new(),
            headers: Vec::new(),
            files: Vec::new(),
            body: Body::Empty,
            refused: None,
            raw_path: None,
        }
    }

    /// Sets the value of the path placeholder `{name}`; it is encoded as exactly one
    /// path segment. Empty values, `.` and `..` are refused: they would change which
    /// endpoint is called (URL parsers treat `%2E%2E` like `..`).
    pub fn path_param(&mut self, name: &'static str, value: &str) -> Result<(), Error> {
        let op = self.operation.name;
        if value.is_empty() {
            return Err(Error::invalid(
                op,
                format!("path parameter `{name}` must not be empty"),
            ));
        }
        if value == "." || value == ".." {
            return Err(Error::invalid(
                op,
                format!(
                    "path parameter `{name}` must not be `{value}`: it would change the endpoint"
                ),
            ));
        }
        let mut encoded = String::with_capacity(value.len());
        encode_into(&mut encoded, value);
        self.path_params.push((name, encoded));
        Ok(())
    }

    /// Refuses a list with an item that holds the `,` separator: the server would
    /// read it as two items.
    fn check_list<T: QueryValue + ?Sized>(&mut self, name: &'static str, value: &T) {
        if self.refused.is_none() && value.has_item_with_separator() {
            self.refused = Some(Error::invalid(
                self.operation.name,
                format!("an item of list parameter `{name}` contains a comma, which separates the items: the server would split it"),
            ));
        }
    }

    /// Appends `name=value` to the query string when the value is present. A list
    /// item holding a comma makes the request fail with `InvalidRequest` before it is
    /// sent.
    pub fn query<T: QueryValue + ?Sized>(&mut self, name: &'static str, value: Option<&T>) {
        if let Some(value) = value {
            self.check_list(name, value);
            let mut encoded = String::new();
            value.write_encoded(&mut encoded);
            self.query.push((name, encoded));
        }
    }

    /// Sends a header when the value is present; invalid header text makes the request
    /// fail with `InvalidRequest` before it is sent.
    pub fn header<T: QueryValue + ?Sized>(&mut self, name: &'static str, value: Option<&T>) {
        if let Some(value) = value {
            self.check_list(name, value);
            let mut plain = String::new();
            value.write_plain(&mut plain);
            self.headers.push((name, plain));
        }
    }

    /// Adds a file part to the multipart body when the file is present.
    pub fn file(&mut self, name: &'static str, file: Option<&UploadFile>) {
        if let Some(file) = file {
            self.files.push((name, file.clone()));
        }
    }

    /// Sends `body` as JSON.
    pub fn json<B: Serialize + ?Sized>(&mut self, body: &B) -> Result<(), Error> {
        let bytes = serde_json::to_vec(body).map_err(|e| self.body_error(e))?;
        self.body = Body::Json(Bytes::from(bytes));
        Ok(())
    }

    /// Sends `body` as `multipart/form-data`: each non-null member of the JSON object
    /// becomes a text part (strings raw, anything else as JSON text), followed by the
    /// files added with [`Request::file`].
    pub fn multipart<B: Serialize + ?Sized>(&mut self, body: &B) -> Result<(), Error> {
        let value = serde_json::to_value(body).map_err(|e| self.body_error(e))?;
        self.body = Body::Multipart(text_parts(value, self.operation.name)?);
        Ok(())
    }

    /// Sends `body` as multipart when any file was added, and as JSON otherwise.
    pub fn json_or_multipart<B: Serialize + ?Sized>(&mut self, body: &B) -> Result<(), Error> {
        let value = serde_json::to_value(body).map_err(|e| self.body_error(e))?;
        // Validate now so a body that can't be multipart fails the same way either way.
        if !matches!(value, Value::Object(_) | Value::Null) {
            return Err(not_an_object(self.operation.name));
        }
        self.body = Body::JsonOrMultipart(value);
        Ok(())
    }

    fn body_error(&self, error: serde_json::Error) -> Error {
        Error::invalid(
            self.operation.name,
            format!("the body could not be serialized: {error}"),
        )
    }

    /// Renders the path and query, checks headers and settles the body.
    pub(crate) fn prepare(&mut self) -> Result<Prepared, Error> {
        if let Some(refused) = self.refused.take() {
            return Err(refused);
        }
        let op = self.operation.name;
        let template = match &self.raw_path {
            Some(_) => "",
            None => self.operation.path,
        };
        let mut path_and_query = String::with_capacity(template.len() + 32);
        if let Some(raw) = &self.raw_path {
            path_and_query.push_str(raw);
        }
        for (index, segment) in template.split('/').enumerate() {
            if index > 0 {
                path_and_query.push('/');
            }
            match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(name) => {
                    let (_, value) = self
                        .path_params
                        .iter()
                        .find(|(param, _)| *param == name)
                        .ok_or_else(|| {
                            Error::invalid(op, format!("missing path parameter `{name}`"))
                        })?;
                    path_and_query.push_str(value);
                }
                None => path_and_query.push_str(segment),
            }
        }
        for (index, (name, value)) in self.query.iter().enumerate() {
            path_and_query.push(if index == 0 { '?' } else { '&' });
            encode_into(&mut path_and_query, name);
            path_and_query.push('=');
            path_and_query.push_str(value);
        }

        let mut headers = HeaderMap::new();
        let extra = self
            .options
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()));
        for (name, value) in self
            .headers
            .iter()
            .map(|(n, v)| (*n, v.as_str()))
            .chain(extra)
        {
            let header_name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::invalid(op, format!("`{name}` is not a valid header name")))?;
            let header_value = HeaderValue::from_str(value).map_err(|_| {
                Error::invalid(
                    op,
                    format!(
                        "the value of header `{name}` contains characters not allowed in headers"
                    ),
                )
            })?;
            headers.insert(header_name, header_value);
        }

        let files = std::mem::take(&mut self.files);
        let body = match std::mem::replace(&mut self.body, Body::Empty) {
            Body::Json(bytes) if files.is_empty() => PreparedBody::Json(bytes),
            Body::Json(_) => {
                return Err(Error::invalid(op, "files can't be sent with a JSON body"));
            }
            Body::Empty if files.is_empty() => PreparedBody::Empty,
            Body::Empty => PreparedBody::Multipart {
                texts: Vec::new(),
                files,
            },
            Body::Multipart(texts) => PreparedBody::Multipart { texts, files },
            Body::JsonOrMultipart(value) if files.is_empty() => {
                let bytes = serde_json::to_vec(&value).map_err(|e| self.body_error(e))?;
                PreparedBody::Json(Bytes::from(bytes))
            }
            Body::JsonOrMultipart(value) => PreparedBody::Multipart {
                texts: text_parts(value, op)?,
                files,
            },
        };
        Ok(Prepared {
            path_and_query,
            headers,
            body,
        })
    }
}

impl PreparedBody {
    /// A fresh multipart form (forms are consumed by sending, so one per attempt).
    pub(crate) fn form(
        texts: &[(String, String)],
        files: &[(&'static str, UploadFile)],
        operation: &'static str,
    ) -> Result<reqwest::multipart::Form, Error> {
        let mut form = reqwest::multipart::Form::new();
        for (name, value) in texts {
            form = form.text(name.clone(), value.clone());
        }
        for (name, file) in files {
            let content_type = file
                .content_type
                .as_deref()
                .unwrap_or("application/octet-stream");
            let part = reqwest::multipart::Part::stream_with_length(
                reqwest::Body::from(file.bytes.clone()),
                file.bytes.len() as u64,
            )
            .file_name(file.file_name.clone())
            .mime_str(content_type)
            .map_err(|_| {
                Error::invalid(
                    operation,
                    format!("`{content_type}` is not a valid content type for file `{name}`"),
                )
            })?;
            form = form.part(*name, part);
        }
        Ok(form)
    }
}

fn not_an_object(operation: &'static str) -> Error {
    Error::invalid(
        operation,
        "a multipart body must serialize to a JSON object",
    )
}

fn text_parts(value: Value, operation: &'static str) -> Result<Vec<(String, String)>, Error> {
    let members = match value {
        Value::Object(members) => members,
        Value::Null => return Ok(Vec::new()),
        _ => return Err(not_an_object(operation)),
    };
    members
        .into_iter()
        .filter(|(_, value)| !value.is_null())
        .map(|(name, value)| {
            let comma_in_item = matches!(&value, Value::Array(items)
                if items.iter().any(|i| i.as_str().is_some_and(|t| t.contains(','))));
            if comma_in_item {
                return Err(Error::invalid(
                    operation,
                    format!("an item of list field `{name}` contains a comma, which separates the items of a form field: the server would split it"),
                ));
            }
            Ok((name, form_text(value)))
        })
        .collect()
}

/// The text of one multipart field. Sendbird's form fields take lists of scalars
/// comma-separated (`operator_ids=a,b`), as query strings do; anything else that is not
/// a string travels as JSON text.
fn form_text(value: Value) -> String {
    match value {
        Value::String(text) => text,
        Value::Array(items) if items.iter().all(|i| !i.is_array() && !i.is_object()) => items
            .into_iter()
            .map(|item| match item {
                Value::String(text) => text,
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join(","),
        other => other.to_string(),
    }
}

/// Only names are shown: header values may be credentials.
impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names =
            |pairs: &[(&'static str, String)]| pairs.iter().map(|(n, _)| *n).collect::<Vec<_>>();
        f.debug_struct("Request")
            .field("operation", &self.operation.name)
            .field("path_params", &names(&self.path_params))
            .field("query", &names(&self.query))
            .field("headers", &names(&self.headers))
            .field(
                "files",
                &self.files.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
            )
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod form_tests {
    use super::form_text;
    use serde_json::json;

    #[test]
    fn multipart_fields_take_scalar_lists_comma_separated() {
        assert_eq!(form_text(json!("a b")), "a b");
        assert_eq!(form_text(json!(["ann", "bob"])), "ann,bob");
        assert_eq!(form_text(json!([1, 2])), "1,2");
        assert_eq!(form_text(json!(true)), "true");
        assert_eq!(form_text(json!({"k": "v"})), r#"{"k":"v"}"#);
        assert_eq!(form_text(json!([{"k": 1}])), r#"[{"k":1}]"#);
    }

    #[test]
    fn a_form_list_item_holding_a_comma_is_refused() {
        let error = super::text_parts(json!({"user_ids": ["ann", "b,c"]}), "op").unwrap_err();
        assert!(error.to_string().contains("`user_ids`"), "{error}");
        assert!(super::text_parts(json!({"note": "a,b", "ids": ["a"]}), "op").is_ok());
    }
}

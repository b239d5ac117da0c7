//! [`Client::raw`]: a request to an endpoint `api-spec/` doesn't describe (yet), sent
//! through the same credentials, base URL, retries, rate limiting, hooks and error
//! mapping as the generated operations.

use std::fmt;
use std::sync::OnceLock;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::client::Client;
use crate::decode;
use crate::encoding::encode_into;
use crate::error::Error;
use crate::operation::{AuthScheme, Method, Operation, Service};
use crate::options::RequestOptions;
use crate::request::Request;
use crate::response::Response;

const METHODS: [Method; 5] = [
    Method::Get,
    Method::Post,
    Method::Put,
    Method::Patch,
    Method::Delete,
];

/// One static [`Operation`] per service, method and retry safety, named
/// `<service>.raw`, so raw requests go through the same machinery (errors carry a
/// `&'static` operation name; the limiter keys on the service and method).
fn raw_operations() -> &'static [Operation] {
    static TABLE: OnceLock<Vec<Operation>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = Vec::new();
        for service in crate::generated::SERVICES.iter().copied() {
            // Once per service for the life of the process.
            let name: &'static str = Box::leak(format!("{}.raw", service.name).into_boxed_str());
            let auth = auth_of(service);
            for method in METHODS {
                for retry_safe in [false, true] {
                    table.push(Operation {
                        service,
                        name,
                        method,
                        path: "*",
                        auth,
                        rate_limit: None,
                        retry_safe,
                    });
                }
            }
        }
        table
    })
}

/// The credential each service's operations use (the organization API its own token,
/// Desk its own, the others the application's API token).
fn auth_of(service: &Service) -> &'static AuthScheme {
    match service.name {
        #[cfg(feature = "desk")]
        "desk" => &crate::generated::DESK_API_TOKEN,
        #[cfg(feature = "chat")]
        "organization" => &crate::generated::ORGANIZATION_API_TOKEN,
        _ => &crate::generated::API_TOKEN,
    }
}

fn raw_operation(
    service: &str,
    method: Method,
    retry_safe: bool,
) -> Result<&'static Operation, Error> {
    raw_operations()
        .iter()
        .find(|op| op.service.name == service && op.method == method && op.retry_safe == retry_safe)
        .ok_or_else(|| {
            let names: Vec<&str> = crate::generated::SERVICES.iter().map(|s| s.name).collect();
            Error::config(format!(
                "Client::raw: unknown service {service:?}; the services compiled in are: {}",
                names.join(", ")
            ))
        })
}

/// A request to any path of a service, built by [`Client::raw`]: for an endpoint the
/// typed API doesn't cover yet. It uses the service's base URL and credential, and the
/// client's retries, timeouts, rate limiter, interceptors and error mapping (a Sendbird
/// error body is [`Error::Api`] with its code). Whether it is resent after a failure
/// that may have reached the server follows the method (GET, PUT and DELETE are;
/// override with [`retry_safe`](RawRequest::retry_safe)).
///
/// ```no_run
/// # async fn demo(client: sendbird_platform::Client) -> Result<(), sendbird_platform::Error> {
/// use sendbird_platform::Method;
/// use serde_json::{json, Value};
///
/// // Any JSON...
/// let counts: Value = client
///     .raw("chat", Method::Get, "/users/alice/unread_message_count")
///     .query("custom_types", "support")
///     .send()
///     .await?;
///
/// // ...or your own type.
/// #[derive(serde::Deserialize)]
/// struct Nickname {
///     nickname: String,
/// }
/// let user: Nickname = client
///     .raw("chat", Method::Put, "/users/alice")
///     .json(&json!({ "nickname": "Alice" }))
///     .send()
///     .await?;
/// # let _ = (counts, user.nickname);
/// # Ok(())
/// # }
/// ```
#[must_use = "a request does nothing until it is sent with `.send().await`"]
#[derive(Clone)]
pub struct RawRequest {
    client: Client,
    service: String,
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    body: Option<serde_json::Value>,
    options: RequestOptions,
    retry_safe: Option<bool>,
    refused: Option<String>,
}

impl Client {
    /// A request to `path` of `service` (`"chat"`, `"desk"`, `"calls"`, `"live"`,
    /// `"organization"`) that the typed API doesn't cover: see [`RawRequest`]. `path`
    /// follows the service's base URL (for Chat, `https://api-{app_id}.sendbird.com/v3`),
    /// such as `/users/alice`, and is sent as given: percent-encode ids that may hold
    /// `/`, `?`, `#`, `%` or spaces. A path that doesn't start with `/`, holds a `?`,
    /// `#`, whitespace or control character, or a `.` or `..` segment is refused with
    /// [`Error::InvalidRequest`] before anything is sent.
    pub fn raw(&self, service: &str, method: Method, path: impl Into<String>) -> RawRequest {
        let path = path.into();
        let refused = check_path(&path).err();
        RawRequest {
            client: self.clone(),
            service: service.to_owned(),
            method,
            path,
            query: Vec::new(),
            body: None,
            options: RequestOptions::default(),
            retry_safe: None,
            refused,
        }
    }
}

fn check_path(path: &str) -> Result<(), String> {
    if !path.starts_with('/') {
        return Err(format!("the path {path:?} must start with `/`"));
    }
    if let Some(c) = path
        .chars()
        .find(|c| matches!(c, '?' | '#') || c.is_whitespace() || c.is_control())
    {
        return Err(format!(
            "the path {path:?} holds {c:?}: put query values in `.query(..)` and percent-encode the rest"
        ));
    }
    if path
        .split('/')
        .any(|segment| segment == "." || segment == "..")
    {
        return Err(format!(
            "the path {path:?} has a `.` or `..` segment, which would change the endpoint"
        ));
    }
    Ok(())
}

impl RawRequest {
    /// Appends `name=value` to the query string (both percent-encoded).
    pub fn query(mut self, name: impl Into<String>, value: impl ToString) -> Self {
        self.query.push((name.into(), value.to_string()));
        self
    }

    /// Sends a header (after, and so replacing, the client's own of the same name).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.options = self.options.header(name, value);
        self
    }

    /// Sends `body` as JSON. A body that can't be serialized fails the request with
    /// [`Error::InvalidRequest`] before it is sent.
    pub fn json<B: Serialize + ?Sized>(mut self, body: &B) -> Self {
        match serde_json::to_value(body) {
            Ok(value) => self.body = Some(value),
            Err(e) => {
                self.refused
                    .get_or_insert(format!("the body could not be serialized: {e}"));
            }
        }
        self
    }

    /// Overrides the client's timeout, retry policy or headers for this request
    /// (replacing headers set earlier with [`header`](RawRequest::header)).
    pub fn options(mut self, options: RequestOptions) -> Self {
        self.options = options;
        self
    }

    /// Whether sending the request twice has the same effect as once, so it may be
    /// resent after a timeout, a broken connection or a 5xx (by default: GET, PUT and
    /// DELETE). Rate-limited requests and failed connections are retried either way.
    pub fn retry_safe(mut self, retry_safe: bool) -> Self {
        self.retry_safe = Some(retry_safe);
        self
    }

    fn into_request(self) -> Result<(Client, Request), Error> {
        let retry_safe = self.retry_safe.unwrap_or(self.method.is_idempotent());
        let operation = raw_operation(&self.service, self.method, retry_safe)?;
        if let Some(message) = self.refused {
            return Err(Error::invalid(operation.name, message));
        }
        let mut path = self.path;
        for (index, (name, value)) in self.query.iter().enumerate() {
            path.push(if index == 0 { '?' } else { '&' });
            encode_into(&mut path, name);
            path.push('=');
            encode_into(&mut path, value);
        }
        let mut request = Request::new(operation, self.options);
        request.raw_path = Some(path);
        if let Some(body) = &self.body {
            request.json(body)?;
        }
        Ok((self.client, request))
    }

    /// Sends the request and decodes the response body as `T` (`serde_json::Value`
    /// for any JSON; an empty body decodes as JSON `null`).
    pub async fn send<T: DeserializeOwned>(self) -> Result<T, Error> {
        self.send_with_metadata().await.map(Response::into_data)
    }

    /// Like [`send`](RawRequest::send), and also returns the status and headers.
    pub async fn send_with_metadata<T: DeserializeOwned>(self) -> Result<Response<T>, Error> {
        let (client, request) = self.into_request()?;
        let operation = request.operation.name;
        let raw = client.execute(request).await?;
        let body: &[u8] = if raw.body.iter().all(u8::is_ascii_whitespace) {
            b"null"
        } else {
            &raw.body
        };
        let data = decode::json(body, operation)?;
        Ok(Response::new(data, raw.status, raw.headers()))
    }
}

/// Shows the request; header values are left out (they may be credentials).
impl fmt::Debug for RawRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawRequest")
            .field("service", &self.service)
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("body", &self.body.is_some())
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::check_path;

    #[test]
    fn paths_that_would_change_the_endpoint_are_refused() {
        for bad in [
            "users",
            "/users?x=1",
            "/a#b",
            "/a b",
            "/a/../b",
            "/.",
            "/a\n",
        ] {
            assert!(check_path(bad).is_err(), "{bad:?} was accepted");
        }
        for good in ["/", "/users/alice", "/users/a%2Fb/metadata", "/a.b/..c"] {
            assert!(check_path(good).is_ok(), "{good:?} was refused");
        }
    }
}

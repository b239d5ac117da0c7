//! Typed stubs of every operation on a loopback mock server, for testing code that
//! uses the client (feature `mock`).
//!
//! [`MockServer::start`] runs an HTTP server on `127.0.0.1`, and
//! [`MockServer::client`] is a [`Client`] whose every service points at it. Stubs are
//! described with the same call path as the client's operations, and are typed by the
//! operation's response:
//!
//! ```
//! # async fn demo() -> Result<(), sendbird_platform::Error> {
//! use sendbird_platform::generated::chat::types::User;
//! use sendbird_platform::mock::MockServer;
//! use sendbird_platform::ErrorCode;
//!
//! let server = MockServer::start().await;
//! let client = server.client();
//!
//! // `view_user("alice")` answers `GET /users/alice` of the Chat service with a `User`.
//! let mut alice = User::default();
//! alice.user_id = "alice".into();
//! server.chat().users().view_user("alice").expect(1).returns(&alice).await;
//! // Any operation can fail with one of the API's error codes.
//! server.chat().users().view_user("bob").fails(ErrorCode::NotFound).await;
//!
//! let user = client.chat().users().view_user("alice").send().await?;
//! assert_eq!(user.user_id, "alice");
//! let error = client.chat().users().view_user("bob").send().await.unwrap_err();
//! assert_eq!(error.code(), Some(ErrorCode::NotFound));
//!
//! // What was sent: method, path (below the service's base URL), query, headers, body.
//! let sent = server.chat().users().view_user("alice").requests().await;
//! assert_eq!(sent[0].path(), "/users/alice");
//! # Ok(())
//! # }
//! ```
//!
//! Each operation's stub constructor takes the operation's path arguments and encodes
//! them exactly as the request builder does, so `view_user("a/b")` matches the request
//! for the user id `a/b` (`/users/a%2Fb`). A stub answers every request with its
//! method and path (and the query values given with [`MockOperation::with_query`]);
//! requests nothing matches get HTTP 404. When several stubs match, one with query
//! values wins over one without, and otherwise the first one registered.
//!
//! Expectations set with [`MockOperation::expect`] are checked by
//! [`MockServer::verify`], and when the last clone of the server is dropped (a panic,
//! as `assert!` would).

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use wiremock::{Mock, ResponseTemplate};

use crate::client::{Client, ClientBuilder};
use crate::encoding::encode_into;
use crate::generated::ErrorCode;
use crate::operation::Operation;
use crate::retry::RetryPolicy;

/// The credentials of [`MockServer::client`]; sent on every request, never checked.
const MOCK_TOKEN: &str = "mock-token";

/// A loopback HTTP server that stubs the Platform APIs. Cheap to clone; the server
/// stops when the last clone is dropped.
#[derive(Clone)]
pub struct MockServer {
    inner: Arc<wiremock::MockServer>,
}

impl MockServer {
    /// Starts a server on a free port of `127.0.0.1`.
    pub async fn start() -> MockServer {
        MockServer {
            inner: Arc::new(wiremock::MockServer::start().await),
        }
    }

    /// The server's address, such as `http://127.0.0.1:41237`.
    pub fn uri(&self) -> String {
        self.inner.uri()
    }

    /// The base URL that stands for one service (such as `"chat"`) on this server:
    /// `{uri}/{service}`. Pass it to [`ClientBuilder::base_url`] to build a client of
    /// your own.
    pub fn base_url(&self, service: &str) -> String {
        format!("{}/{service}", self.inner.uri())
    }

    /// A client builder with the base URL of every service pointing at this server,
    /// every credential set (to placeholder values), and the default retry policy with
    /// waits of at most 20 ms. Change anything before building, for example
    /// `.retry_policy(RetryPolicy::none())` to see every error on the first attempt.
    pub fn client_builder(&self) -> ClientBuilder {
        let quick_retries = RetryPolicy::default()
            .initial_backoff(Duration::from_millis(1))
            .max_backoff(Duration::from_millis(20))
            .max_retry_after(Duration::from_millis(20));
        let mut builder = Client::builder()
            .api_token(MOCK_TOKEN)
            .desk_api_token(MOCK_TOKEN)
            .organization_api_token(MOCK_TOKEN)
            .basic_auth("mock-user", MOCK_TOKEN)
            .retry_policy(quick_retries);
        for service in crate::generated::SERVICES {
            builder = builder.base_url(service.name, self.base_url(service.name));
        }
        builder
    }

    /// A client whose every service is served by this server; see
    /// [`MockServer::client_builder`].
    pub fn client(&self) -> Client {
        self.client_builder()
            .build()
            .expect("the mock client's configuration is valid")
    }

    /// Every request the server received, in order.
    pub async fn received_requests(&self) -> Vec<MockRequest> {
        self.inner
            .received_requests()
            .await
            .unwrap_or_default()
            .into_iter()
            .map(MockRequest::new)
            .collect()
    }

    /// Panics, naming the stub, when a stub's [`MockOperation::expect`] is not met.
    pub async fn verify(&self) {
        self.inner.verify().await;
    }

    /// Removes every stub and forgets the received requests.
    pub async fn reset(&self) {
        self.inner.reset().await;
    }
}

// `server.chat()` and the other service accessors are generated from `api-spec/`,
// in `generated/client_accessors.rs`.

impl fmt::Debug for MockServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockServer")
            .field("uri", &self.inner.uri())
            .finish()
    }
}

/// The requests of one operation with given path arguments, typed by the operation's
/// response `T`: give it a response (which registers the stub), or list the requests
/// it received.
///
/// Made by the generated stub constructors, such as
/// `server.chat().users().view_user("alice")`.
#[must_use = "a stub is only registered by a response method such as `.returns(..)` or `.fails(..)`"]
pub struct MockOperation<T> {
    server: MockServer,
    operation: &'static Operation,
    /// The percent-encoded path below the service's base URL.
    path: String,
    query: Vec<(String, String)>,
    expected: Option<u64>,
    delay: Option<Duration>,
    /// The response body of the operation's first successful example in `api-spec/`.
    example: Option<&'static str>,
    /// Body fields the request must carry (an operation's fixed values, which tell
    /// apart operations that share a method and path).
    body_fields: Vec<(&'static str, &'static str)>,
    /// At most this many requests are answered by the stub.
    times: Option<u64>,
    /// Headers of the response.
    headers: Vec<(String, String)>,
    response: PhantomData<fn() -> T>,
}

/// The percent-encoded path of `operation` with its path arguments filled in (not
/// generic, so it is compiled once rather than once per response type).
fn stub_path(operation: &Operation, path_args: &[(&'static str, String)]) -> String {
    let mut path = String::with_capacity(operation.path.len() + 16);
    for (index, segment) in operation.path.split('/').enumerate() {
        if index > 0 {
            path.push('/');
        }
        let placeholder = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}'));
        match placeholder.and_then(|name| path_args.iter().find(|(arg, _)| *arg == name)) {
            Some((_, value)) => encode_into(&mut path, value),
            None => path.push_str(segment),
        }
    }
    path
}

impl<T> MockOperation<T> {
    /// The stub of `operation` for the given path arguments (name, value).
    #[doc(hidden)]
    pub fn new(
        server: &MockServer,
        operation: &'static Operation,
        path_args: &[(&'static str, String)],
    ) -> Self {
        MockOperation {
            server: server.clone(),
            operation,
            path: stub_path(operation, path_args),
            query: Vec::new(),
            expected: None,
            delay: None,
            example: None,
            body_fields: Vec::new(),
            times: None,
            headers: Vec::new(),
            response: PhantomData,
        }
    }

    /// Only matches requests whose body has this fixed value (set by the generated
    /// stubs of operations that share a method and path, such as the three message
    /// sends told apart by `message_type`).
    #[doc(hidden)]
    pub fn with_body_field(mut self, name: &'static str, value: &'static str) -> Self {
        self.body_fields.push((name, value));
        self
    }

    /// Answers at most `times` requests; later ones go to the stubs registered after
    /// this one. Script a conversation by registering its answers in order:
    /// `op.clone().times(1).rate_limited(..)` then `op.returns(..)` answers a 429 first
    /// and the value after it.
    pub fn times(mut self, times: u64) -> Self {
        self.times = Some(times);
        self
    }

    /// Adds a header to the response (such as the `X-RateLimit-*` headers that
    /// [`send_with_metadata`](crate::Call::send_with_metadata) reads).
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sets the body [`returns_example`](Self::returns_example) answers with.
    #[doc(hidden)]
    pub fn with_example(mut self, body: &'static str) -> Self {
        self.example = Some(body);
        self
    }

    /// Answers with HTTP 200 and the response of the operation's first successful
    /// example in the API description (the one its docs show), or `{}` when it has
    /// none: a realistic answer without writing one.
    pub async fn returns_example(&self) {
        let body = self.example.unwrap_or("{}");
        self.mount(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
            .await;
    }

    /// Only matches requests whose query has `name` with this value (compared after
    /// decoding, so a list is given as the client joins it: `"a,b"`). Use it to stub
    /// the pages of a list by their cursor.
    pub fn with_query(mut self, name: &str, value: impl fmt::Display) -> Self {
        self.query.push((name.to_owned(), value.to_string()));
        self
    }

    /// Expects exactly `times` requests to this stub, checked by
    /// [`MockServer::verify`] or when the server is dropped. Retries count: a stub
    /// answering with a retryable error is called once per attempt.
    pub fn expect(mut self, times: u64) -> Self {
        self.expected = Some(times);
        self
    }

    /// Waits this long before answering (to exercise timeouts).
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    /// The percent-encoded path this stub matches, below the service's base URL
    /// (`/users/a%2Fb` for `view_user("a/b")`).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Answers with HTTP 200 and this JSON body, for responses the typed value can't
    /// express (fields this client doesn't know, or wrong types to test decoding).
    pub async fn returns_json(&self, body: Value) {
        self.mount(ResponseTemplate::new(200).set_body_json(body))
            .await;
    }

    /// Answers with the API's error body for `code`, with the HTTP status the code
    /// usually comes with (400 when unknown): the call fails with
    /// [`Error::Api`](crate::Error::Api) (or [`Error::RateLimited`](crate::Error::RateLimited)
    /// for a rate-limit code, after the client's retries).
    pub async fn fails(&self, code: ErrorCode) {
        let status = code.http_status().unwrap_or(400);
        let message = code
            .description()
            .map_or_else(|| format!("error {}", code.code()), str::to_owned);
        let body = serde_json::json!({ "error": true, "code": code.code(), "message": message });
        self.mount(ResponseTemplate::new(status).set_body_json(body))
            .await;
    }

    /// Answers with HTTP 429 and a `Retry-After` header of `retry_after` (in whole
    /// seconds, rounded up). A wait longer than the client's `max_retry_after` (20 ms for
    /// [`MockServer::client_builder`]) or its time left ends the call at once with
    /// [`Error::RateLimited`](crate::Error::RateLimited) and that `retry_after`;
    /// `Duration::ZERO` makes the client retry until its retries run out.
    pub async fn rate_limited(&self, retry_after: Duration) {
        let seconds = retry_after.as_secs() + u64::from(retry_after.subsec_nanos() > 0);
        let body = serde_json::json!({ "error": true, "message": "Too many requests" });
        let response = ResponseTemplate::new(429)
            .insert_header("Retry-After", seconds.to_string().as_str())
            .set_body_json(body);
        self.mount(response).await;
    }

    /// Answers with any status and body text (sent as `application/json` when it is
    /// JSON, `text/html` otherwise): HTML error pages, truncated JSON, odd statuses.
    pub async fn responds(&self, status: u16, body: impl Into<String>) {
        let body = body.into();
        let mime = if serde_json::from_str::<Value>(&body).is_ok() {
            "application/json"
        } else {
            "text/html"
        };
        self.mount(ResponseTemplate::new(status).set_body_raw(body, mime))
            .await;
    }

    /// The requests the server received for this operation, path arguments and query
    /// values, whichever stub answered them, in order.
    pub async fn requests(&self) -> Vec<MockRequest> {
        let matcher = self.matcher();
        self.server
            .inner
            .received_requests()
            .await
            .unwrap_or_default()
            .into_iter()
            .filter(|request| wiremock::Match::matches(&matcher, request))
            .map(MockRequest::new)
            .collect()
    }

    fn matcher(&self) -> OperationMatcher {
        OperationMatcher {
            method: self.operation.method.as_str(),
            path: format!("/{}{}", self.operation.service.name, self.path),
            query: self.query.clone(),
            body_fields: self.body_fields.clone(),
        }
    }

    async fn mount(&self, mut response: ResponseTemplate) {
        if let Some(delay) = self.delay {
            response = response.set_delay(delay);
        }
        for (name, value) in &self.headers {
            response = response.insert_header(name.as_str(), value.as_str());
        }
        // A stub for given query values must win over a catch-all stub of the same
        // operation, whatever the order they were registered in.
        let priority = if self.query.is_empty() { 5 } else { 4 };
        let mut mock = Mock::given(self.matcher())
            .respond_with(response)
            .with_priority(priority)
            .named(format!(
                "{} ({} {})",
                self.operation.name,
                self.operation.method.as_str(),
                self.path
            ));
        if let Some(times) = self.expected {
            mock = mock.expect(times);
        }
        if let Some(times) = self.times {
            mock = mock.up_to_n_times(times);
        }
        mock.mount(&self.server.inner).await;
    }
}

impl<T: Serialize> MockOperation<T> {
    /// Answers with HTTP 200 and `value` as the JSON body.
    pub async fn returns(&self, value: &T) {
        self.mount(ResponseTemplate::new(200).set_body_json(value))
            .await;
    }
}

impl MockOperation<()> {
    /// Answers with HTTP 200 and `{}`, as the API does for operations without a
    /// response body.
    pub async fn succeeds(&self) {
        self.mount(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
            .await;
    }
}

impl<T> Clone for MockOperation<T> {
    fn clone(&self) -> Self {
        MockOperation {
            server: self.server.clone(),
            operation: self.operation,
            path: self.path.clone(),
            query: self.query.clone(),
            expected: self.expected,
            delay: self.delay,
            example: self.example,
            body_fields: self.body_fields.clone(),
            times: self.times,
            headers: self.headers.clone(),
            response: PhantomData,
        }
    }
}

impl<T> fmt::Debug for MockOperation<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockOperation")
            .field("operation", &self.operation.name)
            .field("method", &self.operation.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("expected", &self.expected)
            .field("delay", &self.delay)
            .finish()
    }
}

/// Matches the requests of one operation: method, full path, the chosen query values
/// and the operation's fixed body values.
struct OperationMatcher {
    method: &'static str,
    path: String,
    query: Vec<(String, String)>,
    body_fields: Vec<(&'static str, &'static str)>,
}

impl wiremock::Match for OperationMatcher {
    fn matches(&self, request: &wiremock::Request) -> bool {
        request.method.as_str() == self.method
            && request.url.path() == self.path
            && self.query.iter().all(|(name, value)| {
                request
                    .url
                    .query_pairs()
                    .any(|(n, v)| n == name.as_str() && v == value.as_str())
            })
            && self
                .body_fields
                .iter()
                .all(|(name, value)| body_has_field(&request.body, name, value))
    }
}

/// Whether a JSON object body, or a multipart form, has the text field `name` = `value`.
fn body_has_field(body: &[u8], name: &str, value: &str) -> bool {
    if let Ok(Value::Object(object)) = serde_json::from_slice::<Value>(body) {
        return object.get(name).and_then(Value::as_str) == Some(value);
    }
    let part = format!("name=\"{name}\"\r\n\r\n{value}\r\n");
    body.windows(part.len()).any(|w| w == part.as_bytes())
}

/// A request the mock server received.
#[derive(Clone)]
pub struct MockRequest {
    inner: wiremock::Request,
    service: String,
    path: String,
}

impl MockRequest {
    fn new(inner: wiremock::Request) -> Self {
        let full = inner.url.path();
        let rest = full.strip_prefix('/').unwrap_or(full);
        let (service, path) = match rest.find('/') {
            Some(slash) => (rest[..slash].to_owned(), rest[slash..].to_owned()),
            None => (rest.to_owned(), String::new()),
        };
        MockRequest {
            inner,
            service,
            path,
        }
    }

    /// The HTTP method, such as `"GET"`.
    pub fn method(&self) -> &str {
        self.inner.method.as_str()
    }

    /// The service the request was sent to, such as `"chat"`.
    pub fn service(&self) -> &str {
        &self.service
    }

    /// The path below the service's base URL, percent-encoded as sent
    /// (`/users/a%2Fb`).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The first value of a query parameter, decoded.
    pub fn query(&self, name: &str) -> Option<String> {
        self.inner
            .url
            .query_pairs()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.into_owned())
    }

    /// Every query parameter, decoded, in order.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        self.inner
            .url
            .query_pairs()
            .map(|(n, v)| (n.into_owned(), v.into_owned()))
            .collect()
    }

    /// A header's value, when present and text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.inner.headers.get(name)?.to_str().ok()
    }

    /// The raw body.
    pub fn body(&self) -> &[u8] {
        &self.inner.body
    }

    /// The body decoded from JSON, into a `serde_json::Value` or any type.
    pub fn json<B: DeserializeOwned>(&self) -> Result<B, serde_json::Error> {
        serde_json::from_slice(&self.inner.body)
    }
}

/// Shows the method, service, path and query; headers (which carry credentials) and
/// the body are left out.
impl fmt::Debug for MockRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockRequest")
            .field("method", &self.method())
            .field("service", &self.service)
            .field("path", &self.path)
            .field("query", &self.inner.url.query())
            .finish_non_exhaustive()
    }
}

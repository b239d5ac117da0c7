//! Hooks that see every attempt of every request: [`Interceptor`], registered with
//! [`ClientBuilder::interceptor`](crate::ClientBuilder::interceptor) (or the closure
//! forms [`ClientBuilder::on_request`](crate::ClientBuilder::on_request) and
//! [`ClientBuilder::on_response`](crate::ClientBuilder::on_response)).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::error::Error;
use crate::headers::Headers;
use crate::operation::Method;

/// Observes or changes every request the client sends, and observes every answer.
///
/// Both methods run once per attempt, so a request that is retried passes through
/// them again with a higher [`attempt`](OutgoingRequest::attempt) number. They run
/// on the task that sends the request, between attempts' network I/O, so keep them
/// short (record a metric, add a header, log a line). Interceptors run in the order
/// they were registered. Credentials are added after [`on_request`](Interceptor::on_request)
/// and are never shown to it.
///
/// ```
/// use std::sync::atomic::{AtomicU64, Ordering};
/// use sendbird_platform::{AttemptOutcome, Client, Interceptor, OutgoingRequest};
///
/// /// Tags every request with a correlation id and counts server errors.
/// struct Observability {
///     server_errors: AtomicU64,
/// }
///
/// impl Interceptor for Observability {
///     fn on_request(&self, request: &mut OutgoingRequest<'_>) {
///         let id = format!("{}-{}", request.operation(), request.attempt());
///         request.set_header("X-Correlation-Id", &id).expect("a valid header");
///     }
///
///     fn on_response(&self, outcome: &AttemptOutcome<'_>) {
///         if outcome.status().is_some_and(|status| status >= 500) {
///             self.server_errors.fetch_add(1, Ordering::Relaxed);
///         }
///     }
/// }
///
/// let client = Client::builder()
///     .app_id("YOUR-APP-ID")
///     .api_token("YOUR-API-TOKEN")
///     .interceptor(Observability { server_errors: AtomicU64::new(0) })
///     .on_response(|outcome| {
///         println!("{} -> {:?} in {:?}", outcome.operation(), outcome.status(), outcome.elapsed())
///     })
///     .build()?;
/// # let _ = client;
/// # Ok::<(), sendbird_platform::Error>(())
/// ```
pub trait Interceptor: Send + Sync + 'static {
    /// Called before each attempt is sent, with its headers (all but the credential)
    /// open to change. The default does nothing.
    fn on_request(&self, request: &mut OutgoingRequest<'_>) {
        let _ = request;
    }

    /// Called after each attempt: with the response's status and headers when one
    /// arrived (success or error), or with a short description of the failure (a
    /// timeout, a connection error) when none did; and whether the client will try
    /// again. The default does nothing.
    fn on_response(&self, outcome: &AttemptOutcome<'_>) {
        let _ = outcome;
    }
}

/// One attempt of a request, before it is sent; see [`Interceptor::on_request`].
pub struct OutgoingRequest<'a> {
    pub(crate) operation: &'static str,
    pub(crate) method: Method,
    pub(crate) path_template: &'a str,
    pub(crate) url: &'a str,
    pub(crate) attempt: u32,
    pub(crate) headers: &'a mut HeaderMap,
}

impl OutgoingRequest<'_> {
    /// The operation's dotted name, such as `chat.users.view_user` (`chat.raw` for
    /// [`Client::raw`](crate::Client::raw) requests).
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The HTTP method.
    pub fn method(&self) -> Method {
        self.method
    }

    /// The operation's path template, such as `/users/{user_id}` (for a raw request,
    /// its path): unlike the URL, it holds no ids.
    pub fn path_template(&self) -> &str {
        self.path_template
    }

    /// The full URL, with path arguments and query.
    pub fn url(&self) -> &str {
        self.url
    }

    /// The attempt number, from 1.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The value of header `name` (any case) as it will be sent, when it is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The headers as they will be sent (without the credential).
    pub fn headers(&self) -> Headers {
        Headers::from_http(self.headers)
    }

    /// Sets header `name`, replacing any value it had (including the client's own
    /// `User-Agent`, or the credential's header). Fails with
    /// [`Error::InvalidRequest`] when the name or value can't be a header.
    pub fn set_header(&mut self, name: &str, value: &str) -> Result<(), Error> {
        let header_name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
            Error::invalid(
                self.operation,
                format!("`{name}` is not a valid header name"),
            )
        })?;
        let header_value = HeaderValue::from_str(value).map_err(|_| {
            Error::invalid(
                self.operation,
                format!("the value of header `{name}` contains characters not allowed in headers"),
            )
        })?;
        self.headers.insert(header_name, header_value);
        Ok(())
    }

    /// Removes header `name`; returns whether it was there.
    pub fn remove_header(&mut self, name: &str) -> bool {
        self.headers.remove(name).is_some()
    }
}

impl fmt::Debug for OutgoingRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OutgoingRequest")
            .field("operation", &self.operation)
            .field("method", &self.method)
            .field("path_template", &self.path_template)
            .field("attempt", &self.attempt)
            .field("headers", &self.headers())
            .finish_non_exhaustive()
    }
}

/// How one attempt ended; see [`Interceptor::on_response`].
#[derive(Debug)]
pub struct AttemptOutcome<'a> {
    pub(crate) operation: &'static str,
    pub(crate) method: Method,
    pub(crate) path_template: &'a str,
    pub(crate) attempt: u32,
    pub(crate) elapsed: Duration,
    pub(crate) status: Option<u16>,
    pub(crate) headers: Option<&'a Headers>,
    pub(crate) failure: Option<String>,
    pub(crate) retry_in: Option<Duration>,
}

impl AttemptOutcome<'_> {
    /// The operation's dotted name.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The HTTP method.
    pub fn method(&self) -> Method {
        self.method
    }

    /// The operation's path template (no ids).
    pub fn path_template(&self) -> &str {
        self.path_template
    }

    /// The attempt number, from 1.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// How long the attempt took, from sending to the end of the body (or failure).
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }

    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<u16> {
        self.status
    }

    /// The response's headers, when a response arrived.
    pub fn headers(&self) -> Option<&Headers> {
        self.headers
    }

    /// The server's request id ([`Headers::request_id`]), when a response carried one.
    pub fn request_id(&self) -> Option<&str> {
        self.headers?.request_id()
    }

    /// Whether the attempt succeeded (a 2xx response that is not an error body).
    pub fn is_success(&self) -> bool {
        self.failure.is_none()
    }

    /// Why the attempt failed, in a few words (`HTTP 429 code 400910`, `timeout`,
    /// `connection failed`); `None` when it succeeded.
    pub fn failure(&self) -> Option<&str> {
        self.failure.as_deref()
    }

    /// When the client will send the request again, how long it waits first; `None`
    /// when this attempt is the last.
    pub fn retry_in(&self) -> Option<Duration> {
        self.retry_in
    }
}

/// A pair of closures as an [`Interceptor`].
pub(crate) struct FnRequestHook<F>(pub(crate) F);
pub(crate) struct FnResponseHook<F>(pub(crate) F);

impl<F> Interceptor for FnRequestHook<F>
where
    F: Fn(&mut OutgoingRequest<'_>) + Send + Sync + 'static,
{
    fn on_request(&self, request: &mut OutgoingRequest<'_>) {
        (self.0)(request)
    }
}

impl<F> Interceptor for FnResponseHook<F>
where
    F: Fn(&AttemptOutcome<'_>) + Send + Sync + 'static,
{
    fn on_response(&self, outcome: &AttemptOutcome<'_>) {
        (self.0)(outcome)
    }
}

/// The client's interceptors, in registration order.
pub(crate) type Interceptors = Vec<Arc<dyn Interceptor>>;

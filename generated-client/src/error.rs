//! The single error type returned by every operation.
//!
//! Each variant's `Display` is meant to be read on its own in a log line: it names the
//! operation, what went wrong and, where there is one, what to do about it. Secrets
//! never appear in errors: request URLs are stripped from transport errors and
//! credentials are only ever named by their slot.

use std::time::Duration;

use crate::generated::ErrorCode;
use crate::headers::Headers;

/// Everything that can go wrong when calling the Platform APIs.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Sendbird (or a proxy in front of it) answered with an error.
    #[error(
        "{operation} failed with HTTP {status}{}: {message}{}",
        code_suffix(*code),
        request_id_suffix(headers)
    )]
    Api {
        /// The HTTP status (a 2xx status when the body itself said `"error": true`).
        status: u16,
        /// Sendbird's error code from the body, when there was one.
        code: Option<ErrorCode>,
        /// Sendbird's message, or a short snippet of a non-JSON body (at most
        /// 8 KiB).
        message: String,
        /// The start of the response body (at most 8 KiB, marked with `…` when cut),
        /// decoded as UTF-8 (lossily).
        body: String,
        /// The operation's dotted name, such as `chat.users.view_user`.
        operation: &'static str,
        /// The response's headers (see [`Error::request_id`]).
        headers: Headers,
    },
    /// The request was rate-limited and retrying did not get through.
    #[error(
        "{operation} was rate-limited (HTTP {status}{}) after {attempts} attempt(s){}: {message}{}",
        code_suffix(*code),
        retry_after_suffix(*retry_after),
        request_id_suffix(headers)
    )]
    RateLimited {
        /// The operation's dotted name.
        operation: &'static str,
        /// The HTTP status of the last attempt.
        status: u16,
        /// Sendbird's error code of the last attempt, when there was one.
        code: Option<ErrorCode>,
        /// How long the server asked to wait before trying again, when it said.
        retry_after: Option<Duration>,
        /// Sendbird's message of the last attempt.
        message: String,
        /// How many times the request was sent.
        attempts: u32,
        /// The headers of the last attempt's response (see [`Error::request_id`]).
        headers: Headers,
    },
    /// No response arrived within the configured timeout.
    #[error("{operation} timed out (see ClientBuilder::timeout and RequestOptions::timeout)")]
    Timeout {
        /// The operation's dotted name.
        operation: &'static str,
    },
    /// The request could not be sent or the response could not be read.
    #[error("{operation} failed to reach Sendbird: {source}")]
    Transport {
        /// The operation's dotted name.
        operation: &'static str,
        /// The underlying failure (its URL is removed).
        #[source]
        source: TransportError,
    },
    /// The response body was larger than the client accepts
    /// ([`ClientBuilder::max_response_bytes`](crate::ClientBuilder::max_response_bytes)).
    /// The body was not read beyond the limit.
    #[error("{operation} returned a response body larger than the {limit}-byte limit (see ClientBuilder::max_response_bytes)")]
    ResponseTooLarge {
        /// The operation's dotted name.
        operation: &'static str,
        /// The limit in bytes.
        limit: u64,
    },
    /// A successful response did not have the expected shape.
    #[error("{operation} returned a response that could not be decoded at `{path}`: {message}; body starts with: {snippet}")]
    Decode {
        /// The operation's dotted name.
        operation: &'static str,
        /// The JSON path of the offending value, such as `users[3].created_at`.
        path: String,
        /// What serde expected.
        message: String,
        /// The start of the body's structure (~200 characters) with every string
        /// value replaced by `"…"`, so no token or message text is quoted; for a
        /// body that is not JSON, only its length.
        snippet: String,
    },
    /// The request was refused before it was sent (a missing or invalid input).
    #[error("invalid request for {operation}: {message}")]
    InvalidRequest {
        /// The operation's dotted name.
        operation: &'static str,
        /// What is wrong with the input.
        message: String,
    },
    /// The operation needs a credential that the client was not given.
    #[error(
        "{operation} needs the `{credential}` credential, which this client does not have: {}",
        credential_hint(credential)
    )]
    MissingCredentials {
        /// The operation's dotted name.
        operation: &'static str,
        /// The credential slot, such as `api_token`.
        credential: &'static str,
    },
    /// The client is misconfigured.
    #[error("invalid client configuration: {message}")]
    Configuration {
        /// What is wrong and how to fix it.
        message: String,
    },
    /// A paginated listing could not continue.
    #[error("pagination of {operation} stopped: {message}")]
    Pagination {
        /// The operation (or paginator) name.
        operation: &'static str,
        /// Why it stopped.
        message: String,
    },
}

/// A connection or read failure from the HTTP stack, kept opaque so that the HTTP
/// library this client uses is not part of its public API. Its `Display` and
/// [`source`](std::error::Error::source) tell what happened.
#[derive(Debug)]
pub struct TransportError {
    inner: reqwest::Error,
}

impl TransportError {
    pub(crate) fn new(inner: reqwest::Error) -> Self {
        TransportError { inner }
    }

    /// Whether the connection could not be made (nothing was sent).
    pub fn is_connect(&self) -> bool {
        self.inner.is_connect()
    }

    /// Whether the failure was a timeout of the HTTP stack.
    pub fn is_timeout(&self) -> bool {
        self.inner.is_timeout()
    }
}

impl std::fmt::Display for TransportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&self.inner, f)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.inner)
    }
}

impl Error {
    /// The HTTP status of an API or rate-limit error.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } | Error::RateLimited { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Sendbird's error code, when the server sent one.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            Error::Api { code, .. } | Error::RateLimited { code, .. } => *code,
            _ => None,
        }
    }

    /// The server's own words: Sendbird's `message` of an API or rate-limit error (or a
    /// snippet of a non-JSON error body), as sent. Print it through a terminal-safe
    /// filter if it comes from an untrusted server.
    pub fn message(&self) -> Option<&str> {
        match self {
            Error::Api { message, .. } | Error::RateLimited { message, .. } => Some(message),
            _ => None,
        }
    }

    /// The headers of the response that carried an API or rate-limit error (of the
    /// last attempt); `None` for errors without a response.
    pub fn headers(&self) -> Option<&Headers> {
        match self {
            Error::Api { headers, .. } | Error::RateLimited { headers, .. } => Some(headers),
            _ => None,
        }
    }

    /// The id the server gave the failed request, to quote to Sendbird's support: the
    /// first correlation header of the response ([`Headers::request_id`]). `Display`
    /// ends with it too. `None` for errors without a response, or when no such header
    /// was sent.
    pub fn request_id(&self) -> Option<&str> {
        self.headers()?.request_id()
    }

    /// How long the server asked to wait before trying again, for a rate-limit error
    /// that said so.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::RateLimited { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// The dotted name of the operation that failed, when the error belongs to one.
    pub fn operation(&self) -> Option<&'static str> {
        match self {
            Error::Api { operation, .. }
            | Error::RateLimited { operation, .. }
            | Error::Timeout { operation }
            | Error::Transport { operation, .. }
            | Error::Decode { operation, .. }
            | Error::ResponseTooLarge { operation, .. }
            | Error::InvalidRequest { operation, .. }
            | Error::MissingCredentials { operation, .. }
            | Error::Pagination { operation, .. } => Some(operation),
            Error::Configuration { .. } => None,
        }
    }

    /// Whether the server refused the request because of rate limiting.
    pub fn is_rate_limited(&self) -> bool {
        match self {
            Error::RateLimited { .. } => true,
            // `code` was read for the service that answered.
            Error::Api { status, code, .. } => crate::retry::is_rate_limit(*status, *code),
            _ => false,
        }
    }

    /// Whether sending the same request again later may succeed and is safe: rate
    /// limiting, and connection failures before anything was sent, for every
    /// operation; timeouts, broken connections and server-side (5xx) errors only for
    /// operations that are safe to repeat (`retry_safe` in `api-spec/`: by default
    /// GET, PUT and DELETE). A POST that may have taken effect is not retryable, as the
    /// client itself does not resend it.
    pub fn is_retryable(&self) -> bool {
        let safe = |operation: &str| !unsafe_operations::contains(operation);
        match self {
            Error::RateLimited { .. } => true,
            Error::Timeout { operation } => safe(operation),
            Error::Transport { source, operation } => {
                let source = &source.inner;
                source.is_connect()
                    || (safe(operation)
                        && (source.is_timeout()
                            || source.is_request()
                            || source.is_body()
                            || source.is_decode()))
            }
            Error::Api {
                status, operation, ..
            } => self.is_rate_limited() || (*status >= 500 && safe(operation)),
            _ => false,
        }
    }

    pub(crate) fn invalid(operation: &'static str, message: impl Into<String>) -> Self {
        Error::InvalidRequest {
            operation,
            message: message.into(),
        }
    }

    pub(crate) fn config(message: impl Into<String>) -> Self {
        Error::Configuration {
            message: message.into(),
        }
    }
}

/// The names of the operations the client has returned errors for that are not safe
/// to repeat, so [`Error::is_retryable`] can answer for them (an error carries only
/// its operation's name). Written when such an error is made, read by
/// `is_retryable`: never on the path of a successful request.
pub(crate) mod unsafe_operations {
    use std::collections::BTreeSet;
    use std::sync::{Mutex, OnceLock};

    fn set() -> &'static Mutex<BTreeSet<&'static str>> {
        static SET: OnceLock<Mutex<BTreeSet<&'static str>>> = OnceLock::new();
        SET.get_or_init(Mutex::default)
    }

    pub(crate) fn note(operation: &'static str) {
        set()
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(operation);
    }

    pub(crate) fn contains(operation: &str) -> bool {
        set()
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains(operation)
    }
}

fn code_suffix(code: Option<ErrorCode>) -> String {
    match code {
        Some(code) => match code.description() {
            Some(description) => format!(", code {} ({description})", code.code()),
            None => format!(", code {}", code.code()),
        },
        None => String::new(),
    }
}

fn request_id_suffix(headers: &Headers) -> String {
    match headers.request_id() {
        Some(id) => format!(" (request id {id})"),
        None => String::new(),
    }
}

fn retry_after_suffix(retry_after: Option<Duration>) -> String {
    match retry_after {
        Some(wait) => format!("; the server asked to wait {:.1}s", wait.as_secs_f64()),
        None => String::new(),
    }
}

/// The builder call that fills a credential slot.
pub(crate) fn credential_hint(slot: &str) -> String {
    match slot {
        "api_token" => "call ClientBuilder::api_token (Client::from_env reads SENDBIRD_API_TOKEN)".to_owned(),
        "desk_api_token" => "call ClientBuilder::desk_api_token (Client::from_env reads SENDBIRD_DESK_API_TOKEN)".to_owned(),
        "organization_api_token" => "call ClientBuilder::organization_api_token (Client::from_env reads SENDBIRD_ORG_API_TOKEN)".to_owned(),
        "basic" => "call ClientBuilder::basic_auth".to_owned(),
        other => format!("no ClientBuilder method sets the `{other}` slot yet"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_useful_on_its_own() {
        let api = Error::Api {
            status: 400,
            code: Some(ErrorCode::for_service("chat", 400910)),
            message: "Too many requests".into(),
            body: String::new(),
            operation: "chat.users.view_user",
            headers: Headers::new(),
        };
        let description = ErrorCode::for_service("chat", 400910)
            .description()
            .map(|d| format!(" ({d})"))
            .unwrap_or_default();
        assert_eq!(
            api.to_string(),
            format!("chat.users.view_user failed with HTTP 400, code 400910{description}: Too many requests")
        );
        assert!(api.is_rate_limited() && api.is_retryable());
        let missing = Error::MissingCredentials {
            operation: "desk.tickets.list",
            credential: "desk_api_token",
        };
        assert!(missing
            .to_string()
            .contains("call ClientBuilder::desk_api_token"));
        assert_eq!(missing.operation(), Some("desk.tickets.list"));
        assert_eq!(missing.status(), None);
        assert!(missing.headers().is_none() && missing.request_id().is_none());
    }

    #[test]
    fn display_ends_with_the_request_id() {
        let api = Error::Api {
            status: 500,
            code: None,
            message: "Internal error".into(),
            body: String::new(),
            operation: "chat.users.view_user",
            headers: [("X-Request-Id", "req-7")].into_iter().collect(),
        };
        assert_eq!(api.request_id(), Some("req-7"));
        assert_eq!(
            api.to_string(),
            "chat.users.view_user failed with HTTP 500: Internal error (request id req-7)"
        );
    }

    #[test]
    fn error_is_send_sync_and_static() {
        fn assert_bounds<T: Send + Sync + 'static + std::error::Error>() {}
        assert_bounds::<Error>();
    }
}

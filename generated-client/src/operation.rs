//! Static descriptions of services, auth schemes and operations.
//!
//! The generator emits one `static` of each kind per service, auth scheme and
//! operation in `api-spec/`; the runtime reads them to build and classify requests.
//! They are plain structs of `&'static` data so they can live in `static` items.

use std::fmt;

/// A product API (Chat, Desk, Calls, Live) and where it is served.
#[derive(Debug)]
pub struct Service {
    /// The service name used by [`ClientBuilder::base_url`](crate::ClientBuilder::base_url),
    /// such as `"chat"`.
    pub name: &'static str,
    /// The base URL template; its only placeholder is `{app_id}`.
    pub base_url: &'static str,
}

/// How a credential is attached to a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthKind {
    /// The credential is sent verbatim in the named header (such as `Api-Token`).
    Header(&'static str),
    /// HTTP Basic authentication with a username and password.
    Basic,
}

/// An authentication scheme: which credential slot is sent, and how.
#[derive(Debug)]
pub struct AuthScheme {
    /// The scheme's name in `api-spec/`.
    pub name: &'static str,
    /// How the credential travels.
    pub kind: AuthKind,
    /// The credential slot filled by the client builder, such as `"api_token"`.
    pub credential: &'static str,
}

/// An HTTP method used by the Platform APIs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
}

impl Method {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// Whether HTTP defines the method as idempotent (GET, PUT, DELETE). This is only
    /// the default of [`Operation::retry_safe`]: the spec overrides it for operations
    /// such as a counter increment behind a PUT.
    pub fn is_idempotent(self) -> bool {
        matches!(self, Method::Get | Method::Put | Method::Delete)
    }

    pub(crate) fn to_reqwest(self) -> reqwest::Method {
        match self {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Patch => reqwest::Method::PATCH,
            Method::Delete => reqwest::Method::DELETE,
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One endpoint of a service.
#[derive(Debug)]
pub struct Operation {
    /// The service that serves it.
    pub service: &'static Service,
    /// A stable dotted name such as `chat.users.view_user`, used in errors and logs.
    pub name: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path template, such as `/users/{user_id}`; placeholders are whole segments.
    pub path: &'static str,
    /// The credential the operation needs.
    pub auth: &'static AuthScheme,
    /// The per-second request cap the API documents for this operation on every plan
    /// (for example 5 for sending messages), used by the opt-in client-side limiter.
    pub rate_limit: Option<u32>,
    /// Whether sending the request twice has the same effect as sending it once, so it
    /// may be retried after a failure that may have reached the server (a timeout, a
    /// reset after sending, a 5xx). From `retry_safe:` in `api-spec/`, by default
    /// [`Method::is_idempotent`].
    pub retry_safe: bool,
}

/// Stands in for a secret value in generated `Debug` output.
#[doc(hidden)]
pub struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

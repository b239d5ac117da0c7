//! The [`Client`] and its [`ClientBuilder`].
//!
//! A client is built once and cloned freely (clones share one connection pool). All
//! configuration is checked in [`ClientBuilder::build`], except base URLs, which are
//! resolved per request so a client without an app id can still call services whose
//! base URL was overridden.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;

use crate::credentials::{Credential, Credentials};
use crate::error::Error;
use crate::hooks::{
    AttemptOutcome, FnRequestHook, FnResponseHook, Interceptor, Interceptors, OutgoingRequest,
};
use crate::limiter::RateLimiter;
use crate::operation::Operation;
use crate::retry::RetryPolicy;

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The default cap on a response body: 32 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 32 * 1024 * 1024;
const DEFAULT_USER_AGENT: &str = concat!("sendbird-platform-rust/", env!("CARGO_PKG_VERSION"));

/// A client for the Sendbird Platform APIs. Cheap to clone.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<ClientInner>,
}

pub(crate) struct ClientInner {
    pub(crate) http: reqwest::Client,
    app_id: Option<String>,
    pub(crate) credentials: Credentials,
    base_urls: BTreeMap<String, String>,
    pub(crate) timeout: Duration,
    pub(crate) retry_policy: RetryPolicy,
    pub(crate) user_agent: HeaderValue,
    pub(crate) limiter: Option<RateLimiter>,
    pub(crate) max_response_bytes: u64,
    pub(crate) interceptors: Interceptors,
}

/// The environment variables [`Client::from_env`] reads, as `(variable, what it sets)`.
/// The `sendbird` command-line client reads the same ones.
pub const ENV_VARS: &[(&str, &str)] = &[
    ("SENDBIRD_APP_ID", "ClientBuilder::app_id"),
    (
        "SENDBIRD_API_TOKEN",
        "ClientBuilder::api_token (Chat, Calls, Live)",
    ),
    ("SENDBIRD_DESK_API_TOKEN", "ClientBuilder::desk_api_token"),
    (
        "SENDBIRD_ORG_API_TOKEN",
        "ClientBuilder::organization_api_token",
    ),
    (
        "SENDBIRD_CHAT_BASE_URL",
        "ClientBuilder::base_url(\"chat\", ..)",
    ),
    (
        "SENDBIRD_DESK_BASE_URL",
        "ClientBuilder::base_url(\"desk\", ..)",
    ),
    (
        "SENDBIRD_CALLS_BASE_URL",
        "ClientBuilder::base_url(\"calls\", ..)",
    ),
    (
        "SENDBIRD_LIVE_BASE_URL",
        "ClientBuilder::base_url(\"live\", ..)",
    ),
    (
        "SENDBIRD_ORG_BASE_URL",
        "ClientBuilder::base_url(\"organization\", ..)",
    ),
];

/// The base-URL variable of each service.
const BASE_URL_VARS: &[(&str, &str)] = &[
    ("chat", "SENDBIRD_CHAT_BASE_URL"),
    ("desk", "SENDBIRD_DESK_BASE_URL"),
    ("calls", "SENDBIRD_CALLS_BASE_URL"),
    ("live", "SENDBIRD_LIVE_BASE_URL"),
    ("organization", "SENDBIRD_ORG_BASE_URL"),
];

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from the environment variables in [`ENV_VARS`] (the ones
    /// the `sendbird` command-line client reads), with every other setting at its
    /// default: `ClientBuilder::from_env()?.build()`. See [`ClientBuilder::from_env`]
    /// for the rules.
    ///
    /// ```no_run
    /// // SENDBIRD_APP_ID=... SENDBIRD_API_TOKEN=... cargo run
    /// let client = sendbird_platform::Client::from_env()?;
    /// # let _ = client;
    /// # Ok::<(), sendbird_platform::Error>(())
    /// ```
    pub fn from_env() -> Result<Client, Error> {
        ClientBuilder::from_env()?.build()
    }

    /// The base URL (without trailing `/`) of the operation's service.
    pub(crate) fn base_url(&self, operation: &'static Operation) -> Result<Cow<'_, str>, Error> {
        let service = operation.service;
        if let Some(url) = self.inner.base_urls.get(service.name) {
            return Ok(Cow::Borrowed(url));
        }
        let mut url = Cow::Borrowed(service.base_url.trim_end_matches('/'));
        if url.contains("{app_id}") {
            let app_id = self.inner.app_id.as_deref().ok_or_else(|| {
                Error::config(format!(
                    "{} needs an app id for the `{}` service: call ClientBuilder::app_id, or ClientBuilder::base_url(\"{}\", ..)",
                    operation.name, service.name, service.name
                ))
            })?;
            url = Cow::Owned(url.replace("{app_id}", app_id));
        }
        if url.contains('{') {
            return Err(Error::config(format!(
                "the base URL of service `{}` has a placeholder other than {{app_id}}: {}",
                service.name, service.base_url
            )));
        }
        Ok(url)
    }
}

/// Shows the configuration; credentials are shown as `[redacted]`.
impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Client")
            .field("app_id", &inner.app_id)
            .field("credentials", &inner.credentials)
            .field("base_urls", &inner.base_urls)
            .field("timeout", &inner.timeout)
            .field("retry_policy", &inner.retry_policy)
            .field("user_agent", &inner.user_agent)
            .field("interceptors", &inner.interceptors.len())
            .finish_non_exhaustive()
    }
}

/// Configures a [`Client`]; see [`Client::builder`].
#[derive(Default)]
pub struct ClientBuilder {
    app_id: Option<String>,
    credentials: Credentials,
    base_urls: BTreeMap<String, String>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    retry_policy: Option<RetryPolicy>,
    user_agent: Option<String>,
    http_client: Option<reqwest::Client>,
    rate_limiter: Option<RateLimiter>,
    max_response_bytes: Option<u64>,
    allow_insecure_http: bool,
    interceptors: Interceptors,
}

impl ClientBuilder {
    /// A builder filled from the process's environment variables ([`ENV_VARS`]), to
    /// adjust further before [`build`](ClientBuilder::build):
    ///
    /// - `SENDBIRD_APP_ID`: the application id;
    /// - `SENDBIRD_API_TOKEN`, `SENDBIRD_DESK_API_TOKEN`, `SENDBIRD_ORG_API_TOKEN`: the
    ///   credentials; at least one must be set;
    /// - `SENDBIRD_CHAT_BASE_URL`, `SENDBIRD_DESK_BASE_URL`, `SENDBIRD_CALLS_BASE_URL`,
    ///   `SENDBIRD_LIVE_BASE_URL`, `SENDBIRD_ORG_BASE_URL`: base-URL overrides (for a
    ///   proxy or a mock server; those of products not compiled in are ignored).
    ///
    /// `SENDBIRD_APP_ID` is required with an API or Desk token unless a base URL is
    /// overridden. Values are trimmed of surrounding whitespace (a trailing newline
    /// from `$(cat token-file)`, say) and an empty value counts as unset. A missing
    /// or unreadable variable fails with [`Error::Configuration`] naming it.
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// use sendbird_platform::ClientBuilder;
    ///
    /// let client = ClientBuilder::from_env()?
    ///     .timeout(Duration::from_secs(5))
    ///     .build()?;
    /// # let _ = client;
    /// # Ok::<(), sendbird_platform::Error>(())
    /// ```
    pub fn from_env() -> Result<ClientBuilder, Error> {
        ClientBuilder::from_env_with(|name| std::env::var_os(name))
    }

    /// Like [`from_env`](ClientBuilder::from_env), reading the variables from
    /// `lookup` instead of the process environment: a configuration source of your
    /// own, or a test that must not change the process's environment.
    ///
    /// ```
    /// use std::collections::BTreeMap;
    /// use sendbird_platform::ClientBuilder;
    ///
    /// let vars = BTreeMap::from([("SENDBIRD_APP_ID", "my-app"), ("SENDBIRD_API_TOKEN", "abc123")]);
    /// let client = ClientBuilder::from_env_with(|name| vars.get(name).map(Into::into))?.build()?;
    /// # let _ = client;
    /// let error = ClientBuilder::from_env_with(|_| None).unwrap_err();
    /// assert!(error.to_string().contains("SENDBIRD_API_TOKEN"));
    /// # Ok::<(), sendbird_platform::Error>(())
    /// ```
    pub fn from_env_with(
        mut lookup: impl FnMut(&str) -> Option<std::ffi::OsString>,
    ) -> Result<ClientBuilder, Error> {
        let mut var = |name: &str| -> Result<Option<String>, Error> {
            match lookup(name) {
                None => Ok(None),
                Some(value) => {
                    let value = value.into_string().map_err(|_| {
                        Error::config(format!("environment variable {name} is not valid UTF-8"))
                    })?;
                    let value = value.trim();
                    Ok((!value.is_empty()).then(|| value.to_owned()))
                }
            }
        };
        let mut builder = ClientBuilder::default();
        let app_id = var("SENDBIRD_APP_ID")?;
        let api_token = var("SENDBIRD_API_TOKEN")?;
        let desk_api_token = var("SENDBIRD_DESK_API_TOKEN")?;
        let org_api_token = var("SENDBIRD_ORG_API_TOKEN")?;
        let compiled: Vec<&str> = crate::generated::SERVICES.iter().map(|s| s.name).collect();
        let mut any_base_url = false;
        for (service, name) in BASE_URL_VARS {
            if let Some(url) = var(name)? {
                if compiled.contains(service) {
                    builder = builder.base_url(service, url);
                    any_base_url = true;
                }
            }
        }
        if api_token.is_none() && desk_api_token.is_none() && org_api_token.is_none() {
            return Err(Error::config(
                "no credential in the environment: set SENDBIRD_API_TOKEN (Chat, Calls, Live), \
                 SENDBIRD_DESK_API_TOKEN or SENDBIRD_ORG_API_TOKEN",
            ));
        }
        let needs_app_id = api_token.is_some() || desk_api_token.is_some();
        if app_id.is_none() && needs_app_id && !any_base_url {
            return Err(Error::config(
                "environment variable SENDBIRD_APP_ID is not set: it selects the API host \
                 (or set SENDBIRD_<PRODUCT>_BASE_URL to send requests elsewhere)",
            ));
        }
        if let Some(app_id) = app_id {
            builder = builder.app_id(app_id);
        }
        if let Some(token) = api_token {
            builder = builder.api_token(token);
        }
        if let Some(token) = desk_api_token {
            builder = builder.desk_api_token(token);
        }
        if let Some(token) = org_api_token {
            builder = builder.organization_api_token(token);
        }
        Ok(builder)
    }

    /// Adds an [`Interceptor`]: it sees every attempt of every request (before
    /// sending, with its headers open to change) and every answer. Interceptors run
    /// in the order they were added.
    pub fn interceptor(mut self, interceptor: impl Interceptor) -> Self {
        self.interceptors.push(Arc::new(interceptor));
        self
    }

    /// Adds a closure called before each attempt is sent, with its headers open to
    /// change: an [`Interceptor`] with only [`on_request`](Interceptor::on_request).
    ///
    /// ```
    /// use sendbird_platform::Client;
    ///
    /// let client = Client::builder()
    ///     .app_id("YOUR-APP-ID")
    ///     .on_request(|request| {
    ///         let _ = request.set_header("X-Tenant", "blue");
    ///     })
    ///     .build()?;
    /// # let _ = client;
    /// # Ok::<(), sendbird_platform::Error>(())
    /// ```
    pub fn on_request(
        self,
        hook: impl Fn(&mut OutgoingRequest<'_>) + Send + Sync + 'static,
    ) -> Self {
        self.interceptor(FnRequestHook(hook))
    }

    /// Adds a closure called after each attempt (status, headers, elapsed time,
    /// attempt number, whether it will be retried): an [`Interceptor`] with only
    /// [`on_response`](Interceptor::on_response).
    pub fn on_response(self, hook: impl Fn(&AttemptOutcome<'_>) + Send + Sync + 'static) -> Self {
        self.interceptor(FnResponseHook(hook))
    }

    /// Paces requests on the client side (off by default); see [`RateLimiter`].
    pub fn rate_limiter(mut self, limiter: RateLimiter) -> Self {
        self.rate_limiter = Some(limiter);
        self
    }

    /// The Sendbird application id, which selects the API host
    /// (`https://api-{app_id}.sendbird.com`).
    pub fn app_id(mut self, app_id: impl Into<String>) -> Self {
        self.app_id = Some(app_id.into());
        self
    }

    /// The master or a secondary API token, used by Chat, Calls and Live.
    pub fn api_token(self, token: impl Into<String>) -> Self {
        self.token("api_token", token.into())
    }

    /// The Desk API token.
    pub fn desk_api_token(self, token: impl Into<String>) -> Self {
        self.token("desk_api_token", token.into())
    }

    /// The organization API token, for organization-level endpoints.
    pub fn organization_api_token(self, token: impl Into<String>) -> Self {
        self.token("organization_api_token", token.into())
    }

    /// HTTP Basic credentials, for the endpoints that use them.
    pub fn basic_auth(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        let credential = Credential::Basic {
            username: username.into(),
            password: password.into().into(),
        };
        self.credentials.set("basic", credential);
        self
    }

    fn token(mut self, slot: &'static str, token: String) -> Self {
        self.credentials.set(slot, Credential::Token(token.into()));
        self
    }

    /// Sends the requests of one service (such as `"chat"`) to `url` instead of
    /// Sendbird's host: for proxies and local mock servers. The URL includes any path
    /// prefix, such as `http://127.0.0.1:8080/v3`.
    pub fn base_url(mut self, service: &str, url: impl Into<String>) -> Self {
        self.base_urls.insert(service.to_owned(), url.into());
        self
    }

    /// The largest response body accepted, in bytes (default 32 MiB). The body is
    /// read as it arrives and reading stops at the limit: a success body fails with
    /// [`Error::ResponseTooLarge`], an error body is classified from what was read.
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.max_response_bytes = Some(limit);
        self
    }

    /// Accepts `http://` base URLs for hosts other than loopback (`127.0.0.0/8`, `::1`,
    /// `localhost`), which are always accepted. Off by default: over plain HTTP the
    /// API token travels in clear.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// The time limit of each attempt, from sending to reading the whole body
    /// (default 30 s); cut to the time left of the call's budget
    /// ([`RetryPolicy::max_elapsed`]).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The time limit for opening a connection (default 10 s). Ignored when an HTTP
    /// client is injected with [`ClientBuilder::http_client`].
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// The default retry policy (see [`RetryPolicy::default`]).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry_policy = Some(policy);
        self
    }

    /// The `User-Agent` header (default `sendbird-platform-rust/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Uses this HTTP client (its connection pool, TLS and proxy settings) instead of
    /// building one. Configure it not to follow redirects (`redirect::Policy::none()`),
    /// as the built-in one does: a client that follows one would carry the token to
    /// another host. The client refuses redirects either way: a 3xx answer fails with
    /// [`Error::Api`], and a response from another URL than the one requested (a
    /// redirect the injected client followed) fails with [`Error::Configuration`].
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<Client, Error> {
        if let Some(app_id) = &self.app_id {
            let valid = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
            if app_id.is_empty() || !app_id.chars().all(valid) {
                return Err(Error::config(format!(
                    "app id {app_id:?} is not valid: use the id shown in the Sendbird dashboard (letters, digits and `-`)"
                )));
            }
        }
        let mut base_urls = BTreeMap::new();
        for (service, url) in self.base_urls {
            base_urls.insert(
                check_service(&service)?.to_owned(),
                check_base_url(&service, &url, self.allow_insecure_http)?,
            );
        }
        self.credentials.validate()?;
        let user_agent = self.user_agent.as_deref().unwrap_or(DEFAULT_USER_AGENT);
        let user_agent = HeaderValue::from_str(user_agent).map_err(|_| {
            Error::config("the user agent contains characters not allowed in a header")
        })?;
        let http = match self.http_client {
            Some(client) => client,
            // Redirects are not followed: reqwest would forward custom auth headers such
            // as `Api-Token` to whatever host a redirect names.
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|e| Error::config(format!("the HTTP client could not be built: {e}")))?,
        };
        Ok(Client {
            inner: Arc::new(ClientInner {
                http,
                app_id: self.app_id,
                credentials: self.credentials,
                base_urls,
                timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
                retry_policy: self.retry_policy.unwrap_or_default(),
                user_agent,
                limiter: self.rate_limiter,
                max_response_bytes: self
                    .max_response_bytes
                    .unwrap_or(DEFAULT_MAX_RESPONSE_BYTES),
                interceptors: self.interceptors,
            }),
        })
    }
}

/// Returns the service's static name, or an error listing the known services.
fn check_service(service: &str) -> Result<&'static str, Error> {
    let services = crate::generated::SERVICES;
    if let Some(known) = services.iter().find(|s| s.name == service) {
        return Ok(known.name);
    }
    let names: Vec<&str> = services.iter().map(|s| s.name).collect();
    Err(Error::config(format!(
        "unknown service {service:?} in ClientBuilder::base_url; the services compiled in are: {}",
        names.join(", ")
    )))
}

/// Checks an override URL and returns it without a trailing `/`.
fn check_base_url(service: &str, url: &str, allow_insecure_http: bool) -> Result<String, Error> {
    let invalid = |why: &str| Error::config(format!("base URL for `{service}` {why}"));
    let parsed =
        reqwest::Url::parse(url).map_err(|e| invalid(&format!("is not a valid URL ({e})")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(invalid("must start with http:// or https://"));
    }
    if parsed.scheme() == "http" && !allow_insecure_http && !is_loopback(&parsed) {
        return Err(invalid(
            "uses plain http:// for a host that is not loopback, which would send the token in clear: use https://, or call ClientBuilder::allow_insecure_http(true)",
        ));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(invalid("must not contain a username or password"));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(invalid("must not have a query or fragment"));
    }
    Ok(url.trim_end_matches('/').to_owned())
}

/// Whether the URL's host is this machine: `localhost`, `127.0.0.0/8` or `::1`.
fn is_loopback(url: &reqwest::Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    match host.parse::<std::net::IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => {
            let host = host.to_ascii_lowercase();
            host == "localhost" || host.ends_with(".localhost")
        }
    }
}

/// Shows the configuration; credentials are shown as `[redacted]`.
impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("app_id", &self.app_id)
            .field("credentials", &self.credentials)
            .field("base_urls", &self.base_urls)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry_policy", &self.retry_policy)
            .field("user_agent", &self.user_agent)
            .field("http_client", &self.http_client.is_some())
            .field("max_response_bytes", &self.max_response_bytes)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("interceptors", &self.interceptors.len())
            .finish()
    }
}

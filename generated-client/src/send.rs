//! Sending a [`Request`]: the attempt loop with retries, logging and decoding.
//!
//! Everything that can fail without the network (inputs, credentials, base URL) is
//! checked before the first attempt. A call has one deadline
//! ([`RetryPolicy::max_elapsed`](crate::RetryPolicy::max_elapsed) after it starts) covering the client-side rate
//! limiter, every attempt and the waits between them; each attempt's timeout is cut to
//! the time left. Bodies are read as they arrive, up to the client's size limit. Each
//! request runs in a `sendbird.request` tracing span that records the operation,
//! method, path template, attempt, status and duration; never the URL, query values,
//! headers or bodies.

use std::time::{Duration, SystemTime};

use bytes::{Bytes, BytesMut};
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, CONTENT_TYPE, LOCATION, USER_AGENT};
use serde::de::DeserializeOwned;
use tokio::time::Instant;
use tracing::field::Empty;
use tracing::{debug, Instrument, Span};

use crate::client::Client;
use crate::credentials::Auth;
use crate::decode::{self, ApiFailure};
use crate::error::{unsafe_operations, Error};
use crate::generated::ErrorCode;
use crate::headers::Headers;
use crate::hooks::{AttemptOutcome, OutgoingRequest};
use crate::operation::Operation;
use crate::request::{Prepared, PreparedBody, Request};
use crate::response::Response;
use crate::retry::{self, Step};

/// Sendbird asks for this content type on every request, bodies or not.
const JSON_CONTENT_TYPE: &str = "application/json; charset=utf8";

/// A successful (2xx, not an error body) response, not yet decoded.
pub(crate) struct RawResponse {
    pub(crate) status: u16,
    /// As received; made [`Headers`] only where someone reads them (`*_with_metadata`,
    /// interceptors, errors), so a plain `send` doesn't copy them.
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl RawResponse {
    /// The response headers as the public [`Headers`].
    pub(crate) fn headers(&self) -> Headers {
        Headers::from_http(&self.headers)
    }
}

/// Which attempt of which call an outcome is about.
struct ThisAttempt<'a> {
    operation: &'static Operation,
    path_template: &'a str,
    attempt: u32,
    elapsed: Duration,
}

/// The response headers an attempt's outcome reports, as they are at hand.
enum Heard<'a> {
    /// No response (nothing was received).
    None,
    /// As received, made [`Headers`] only if an interceptor is listening.
    Raw(&'a HeaderMap),
    /// Already made (an error keeps them).
    Made(&'a Headers),
}

/// Why an attempt failed.
enum Failure {
    Api {
        failure: ApiFailure,
        server_wait: Option<Duration>,
        headers: Headers,
    },
    /// No connection could be made: nothing was sent.
    Connect(reqwest::Error),
    /// Sending or reading failed after the request may have reached the server
    /// (including a connection broken while the body was read).
    Transport(reqwest::Error),
    /// The attempt's time (or the call's budget) ran out.
    Timeout,
    /// The body was larger than the client accepts.
    TooLarge(u64),
    /// The HTTP client followed a redirect to another URL.
    Redirected,
}

impl Client {
    /// Sends the request and decodes the JSON response body.
    #[doc(hidden)]
    pub async fn send_json<T: DeserializeOwned>(&self, request: Request) -> Result<T, Error> {
        let operation = request.operation.name;
        let raw = self.execute(request).await?;
        decode::json(&raw.body, operation)
    }

    /// Sends the request and accepts any 2xx body (usually `{}` or nothing).
    #[doc(hidden)]
    pub async fn send_empty(&self, request: Request) -> Result<(), Error> {
        self.execute(request).await.map(drop)
    }

    /// Like [`Client::send_json`], keeping the status, headers and rate-limit state.
    #[doc(hidden)]
    pub async fn send_json_with_metadata<T: DeserializeOwned>(
        &self,
        request: Request,
    ) -> Result<Response<T>, Error> {
        let operation = request.operation.name;
        let raw = self.execute(request).await?;
        let data = decode::json(&raw.body, operation)?;
        Ok(Response::new(data, raw.status, raw.headers()))
    }

    /// Like [`Client::send_empty`], keeping the status, headers and rate-limit state.
    #[doc(hidden)]
    pub async fn send_empty_with_metadata(&self, request: Request) -> Result<Response<()>, Error> {
        let raw = self.execute(request).await?;
        Ok(Response::new((), raw.status, raw.headers()))
    }

    pub(crate) async fn execute(&self, request: Request) -> Result<RawResponse, Error> {
        let operation = request.operation;
        let span = tracing::info_span!(
            "sendbird.request",
            operation = operation.name,
            method = operation.method.as_str(),
            path_template = operation.path,
            attempt = Empty,
            status = Empty,
            duration_ms = Empty,
        );
        // A disabled span (no subscriber wants it) would only cost an enter and exit
        // per poll.
        if span.is_disabled() {
            self.execute_in_span(request, span).await
        } else {
            self.execute_in_span(request, span.clone())
                .instrument(span)
                .await
        }
    }

    async fn execute_in_span(
        &self,
        mut request: Request,
        span: Span,
    ) -> Result<RawResponse, Error> {
        let operation = request.operation;
        let prepared = request.prepare()?;
        let path_template = request.raw_path.as_deref().unwrap_or(operation.path);
        let auth = self.inner.credentials.auth_for(operation)?;
        let url = format!("{}{}", self.base_url(operation)?, prepared.path_and_query);
        let url = reqwest::Url::parse(&url).map_err(|e| {
            Error::config(format!(
                "{} has an invalid URL ({e}); check the base URL",
                operation.name
            ))
        })?;
        let policy = request
            .options
            .retry_policy
            .as_ref()
            .unwrap_or(&self.inner.retry_policy);
        let timeout = request.options.timeout.unwrap_or(self.inner.timeout);

        // One deadline for the whole call; `None` when the budget is too large to
        // represent, which means no deadline.
        let deadline = Instant::now().checked_add(policy.max_elapsed);
        let remaining = || deadline.map(|d| d.saturating_duration_since(Instant::now()));
        let timed_out = || Error::Timeout {
            operation: operation.name,
        };
        // When the budget runs out before or during a retry, the caller hears of the
        // last failure the server actually gave, not of a timeout that only says the
        // retries were cut short.
        // `sent`: how many times the request went out, the cut attempt included.
        let budget_spent = |previous: Option<Failure>, sent: u32| match previous {
            Some(failure) => failure.into_error(operation, sent),
            None => timed_out(),
        };
        let mut previous: Option<Failure> = None;
        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            span.record("attempt", attempt);
            if let Some(limiter) = &self.inner.limiter {
                if let Err(wait) = limiter.acquire(operation, remaining()).await {
                    debug!(
                        wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                        "client-side rate limit wait exceeds the time left"
                    );
                    return Err(budget_spent(previous, attempt - 1));
                }
            }
            let left = remaining();
            if left == Some(Duration::ZERO) {
                return Err(budget_spent(previous, attempt - 1));
            }
            let attempt_timeout = left.map_or(timeout, |left| left.min(timeout));
            let cut_by_budget = attempt_timeout < timeout;
            let attempt_started = Instant::now();
            let builder = self.attempt_builder(
                operation,
                path_template,
                attempt,
                &prepared,
                &url,
                &auth,
                attempt_timeout,
            )?;
            let limit = self.inner.max_response_bytes;
            // The attempt's timeout is reqwest's (set on the builder): it runs from
            // connecting until the body is read, so one timer covers the attempt.
            let outcome = send_and_read(builder, &url, limit).await;
            let elapsed = attempt_started.elapsed();
            let this = ThisAttempt {
                operation,
                path_template,
                attempt,
                elapsed,
            };
            let duration_ms = u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX);
            span.record("duration_ms", duration_ms);

            let failure = match outcome {
                Ok(raw) => {
                    span.record("status", raw.status);
                    match decode::failure(raw.status, &raw.body) {
                        None => {
                            debug!(
                                attempt,
                                status = raw.status,
                                duration_ms,
                                "request succeeded"
                            );
                            let heard = Heard::Raw(&raw.headers);
                            self.after_attempt(&this, Some(raw.status), heard, None, None);
                            return Ok(raw);
                        }
                        Some(failure) => {
                            let headers = raw.headers();
                            Failure::Api {
                                failure,
                                server_wait: retry::server_wait(&headers, SystemTime::now()),
                                headers,
                            }
                        }
                    }
                }
                Err(Failure::Timeout) if cut_by_budget && previous.is_some() => {
                    debug!(attempt, duration_ms, "retry cut short by the call's budget");
                    return Err(budget_spent(previous, attempt));
                }
                Err(failure) => failure,
            };

            let (retryable, server_wait) = failure.classify(operation);
            let step = policy.next_step(attempt, retryable, server_wait, remaining());
            let retry_in = match step {
                Step::Retry(d) => Some(d),
                _ => None,
            };
            let reason = failure.describe();
            debug!(
                attempt,
                duration_ms,
                reason = %reason,
                retry_in_ms = retry_in.map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
                "request failed"
            );
            let (status, heard) = match &failure {
                Failure::Api {
                    failure, headers, ..
                } => (Some(failure.status), Heard::Made(headers)),
                _ => (None, Heard::None),
            };
            self.after_attempt(&this, status, heard, Some(reason), retry_in);
            match step {
                Step::Retry(delay) => {
                    previous = Some(failure);
                    tokio::time::sleep(delay).await;
                }
                Step::Stop | Step::ServerWaitTooLong => {
                    return Err(failure.into_error(operation, attempt))
                }
            }
        }
    }

    /// Tells the interceptors how an attempt ended. Nothing is built when there are
    /// none (the common case): the response headers become [`Headers`] only here.
    fn after_attempt(
        &self,
        this: &ThisAttempt<'_>,
        status: Option<u16>,
        headers: Heard<'_>,
        failure: Option<String>,
        retry_in: Option<Duration>,
    ) {
        if self.inner.interceptors.is_empty() {
            return;
        }
        let made;
        let headers = match headers {
            Heard::None => None,
            Heard::Made(headers) => Some(headers),
            Heard::Raw(map) => {
                made = Headers::from_http(map);
                Some(&made)
            }
        };
        let outcome = AttemptOutcome {
            operation: this.operation.name,
            method: this.operation.method,
            path_template: this.path_template,
            attempt: this.attempt,
            elapsed: this.elapsed,
            status,
            headers,
            failure,
            retry_in,
        };
        for interceptor in &self.inner.interceptors {
            interceptor.on_response(&outcome);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn attempt_builder(
        &self,
        operation: &'static Operation,
        path_template: &str,
        attempt: u32,
        prepared: &Prepared,
        url: &reqwest::Url,
        auth: &Auth,
        timeout: Duration,
    ) -> Result<reqwest::RequestBuilder, Error> {
        let mut headers = HeaderMap::with_capacity(4 + prepared.headers.len());
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(USER_AGENT, self.inner.user_agent.clone());
        if !matches!(prepared.body, PreparedBody::Multipart { .. }) {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(JSON_CONTENT_TYPE));
        }
        for (name, value) in &prepared.headers {
            headers.insert(name.clone(), value.clone());
        }
        if !self.inner.interceptors.is_empty() {
            let mut outgoing = OutgoingRequest {
                operation: operation.name,
                method: operation.method,
                path_template,
                url: url.as_str(),
                attempt,
                headers: &mut headers,
            };
            for interceptor in &self.inner.interceptors {
                interceptor.on_request(&mut outgoing);
            }
        }
        let mut builder = self
            .inner
            .http
            .request(operation.method.to_reqwest(), url.clone())
            .timeout(timeout);
        // Auth first, so an explicit header (from RequestOptions or an interceptor)
        // replaces it.
        builder = auth.apply(builder);
        builder = builder.headers(headers);
        Ok(match &prepared.body {
            PreparedBody::Empty => builder,
            PreparedBody::Json(bytes) => builder.body(bytes.clone()),
            PreparedBody::Multipart { texts, files } => {
                builder.multipart(PreparedBody::form(texts, files, operation.name)?)
            }
        })
    }
}

/// Sends one attempt and reads the body as it arrives, up to `limit` bytes: a larger
/// success body is an error; a larger error body is cut there (its start is enough to
/// classify it).
async fn send_and_read(
    builder: reqwest::RequestBuilder,
    requested: &reqwest::Url,
    limit: u64,
) -> Result<RawResponse, Failure> {
    let mut response = builder.send().await.map_err(|e| {
        if e.is_connect() {
            Failure::Connect(e)
        } else if e.is_timeout() {
            Failure::Timeout
        } else {
            Failure::Transport(e)
        }
    })?;
    // An injected client may follow redirects; its answer then comes from elsewhere.
    if response.url() != requested {
        return Err(Failure::Redirected);
    }
    let status = response.status().as_u16();
    let headers = std::mem::take(response.headers_mut());
    if (300..400).contains(&status) {
        let to = headers
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| requested.join(v).ok())
            .and_then(|u| u.host_str().map(|h| format!(" to host {h}")))
            .unwrap_or_default();
        let failure = ApiFailure {
            status,
            code: None,
            message: format!(
                "the server answered with a redirect{to}, which the client does not follow (it could carry the credentials elsewhere); check the base URL"
            ),
            body: String::new(),
        };
        return Err(Failure::Api {
            failure,
            server_wait: None,
            headers: Headers::from_http(&headers),
        });
    }
    let success = (200..300).contains(&status);
    if success
        && response
            .content_length()
            .is_some_and(|length| length > limit)
    {
        return Err(Failure::TooLarge(limit));
    }
    let expected = response
        .content_length()
        .unwrap_or(0)
        .min(limit)
        .min(1 << 20);
    let mut body = BytesMut::with_capacity(usize::try_from(expected).unwrap_or(0));
    loop {
        let chunk = match response.chunk().await {
            Ok(Some(chunk)) => chunk,
            Ok(None) => break,
            Err(e) if e.is_timeout() => return Err(Failure::Timeout),
            Err(e) => return Err(Failure::Transport(e)),
        };
        let room = usize::try_from(limit)
            .unwrap_or(usize::MAX)
            .saturating_sub(body.len());
        if chunk.len() > room {
            if success {
                return Err(Failure::TooLarge(limit));
            }
            // The start of an error body is enough to classify it.
            body.extend_from_slice(&chunk[..room]);
            break;
        }
        body.extend_from_slice(&chunk);
    }
    Ok(RawResponse {
        status,
        headers,
        body: body.freeze(),
    })
}

impl Failure {
    /// Whether the failure may be retried for this operation, and the wait the server
    /// asked for.
    fn classify(&self, operation: &'static Operation) -> (bool, Option<Duration>) {
        match self {
            Failure::Api {
                failure,
                server_wait,
                ..
            } => (
                retry::should_retry_status(
                    failure.status,
                    failure.code,
                    server_wait.is_some(),
                    operation,
                ),
                *server_wait,
            ),
            Failure::Connect(_) => (retry::should_retry_transport(true, operation), None),
            Failure::Transport(_) | Failure::Timeout => {
                (retry::should_retry_transport(false, operation), None)
            }
            Failure::TooLarge(_) | Failure::Redirected => (false, None),
        }
    }

    /// A short description for logs: no bodies, no URLs.
    fn describe(&self) -> String {
        match self {
            Failure::Api { failure, .. } => match failure.code {
                Some(code) => format!("HTTP {} code {code}", failure.status),
                None => format!("HTTP {}", failure.status),
            },
            Failure::Timeout => "timeout".to_owned(),
            Failure::Connect(_) => "connection failed".to_owned(),
            Failure::Transport(_) => "transport error".to_owned(),
            Failure::TooLarge(limit) => format!("response body over {limit} bytes"),
            Failure::Redirected => "redirected".to_owned(),
        }
    }

    fn into_error(self, operation: &'static Operation, attempts: u32) -> Error {
        if !operation.retry_safe {
            unsafe_operations::note(operation.name);
        }
        match self {
            Failure::Api {
                failure,
                server_wait,
                headers,
            } => {
                let code = failure
                    .code
                    .map(|c| ErrorCode::for_service(operation.service.name, c));
                if retry::is_rate_limit(failure.status, code) {
                    Error::RateLimited {
                        operation: operation.name,
                        status: failure.status,
                        code,
                        retry_after: server_wait,
                        message: failure.message,
                        attempts,
                        headers,
                    }
                } else {
                    Error::Api {
                        status: failure.status,
                        code,
                        message: failure.message,
                        body: failure.body,
                        operation: operation.name,
                        headers,
                    }
                }
            }
            Failure::Timeout => Error::Timeout {
                operation: operation.name,
            },
            Failure::Connect(error) | Failure::Transport(error) => Error::Transport {
                operation: operation.name,
                source: crate::error::TransportError::new(error.without_url()),
            },
            Failure::TooLarge(limit) => Error::ResponseTooLarge {
                operation: operation.name,
                limit,
            },
            Failure::Redirected => Error::config(format!(
                "{}: the HTTP client followed a redirect to another URL, which could carry the credentials elsewhere; the response was discarded. Build the injected reqwest::Client with redirect(reqwest::redirect::Policy::none())",
                operation.name
            )),
        }
    }
}

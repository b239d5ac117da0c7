//! Sending a [`Request`]: the attempt loop with retries, logging and decoding.
//!
//! Everything that can fail without the network (inputs, credentials, base URL) is
//! checked before the first attempt. Each request runs in a `sendbird.request` tracing
//! span that records the operation, method, path template, attempt, status and
//! duration; never the URL, query values, headers or bodies.

use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, CONTENT_TYPE, USER_AGENT};
use serde::de::DeserializeOwned;
use tracing::field::Empty;
use tracing::{debug, Instrument, Span};

use crate::client::Client;
use crate::credentials::Auth;
use crate::decode::{self, ApiFailure};
use crate::error::Error;
use crate::generated::ErrorCode;
use crate::operation::Operation;
use crate::request::{Prepared, PreparedBody, Request};
use crate::response::Response;
use crate::retry::{self, RetryPolicy};

/// Sendbird asks for this content type on every request, bodies or not.
const JSON_CONTENT_TYPE: &str = "application/json; charset=utf8";

/// A successful (2xx, not an error body) response, not yet decoded.
struct RawResponse {
    status: u16,
    headers: HeaderMap,
    body: Bytes,
}

/// Why an attempt failed.
enum Failure {
    Api {
        failure: ApiFailure,
        server_wait: Option<Duration>,
    },
    Transport(reqwest::Error),
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
        Ok(Response::new(data, raw.status, raw.headers))
    }

    /// Like [`Client::send_empty`], keeping the status, headers and rate-limit state.
    #[doc(hidden)]
    pub async fn send_empty_with_metadata(&self, request: Request) -> Result<Response<()>, Error> {
        let raw = self.execute(request).await?;
        Ok(Response::new((), raw.status, raw.headers))
    }

    async fn execute(&self, request: Request) -> Result<RawResponse, Error> {
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

        let started = Instant::now();
        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            span.record("attempt", attempt);
            if let Some(limiter) = &self.inner.limiter {
                limiter.acquire(operation).await;
            }
            let attempt_started = Instant::now();
            let builder = self.attempt_builder(operation, &prepared, &url, &auth, timeout)?;
            let outcome = send_and_read(builder).await;
            let duration_ms =
                u64::try_from(attempt_started.elapsed().as_millis()).unwrap_or(u64::MAX);
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
                            return Ok(raw);
                        }
                        Some(failure) => Failure::Api {
                            failure,
                            server_wait: retry::server_wait(&raw.headers, SystemTime::now()),
                        },
                    }
                }
                Err(error) => Failure::Transport(error),
            };

            let delay = retry_delay(&failure, operation, policy, attempt, started);
            debug!(
                attempt,
                duration_ms,
                reason = %failure.describe(),
                retry_in_ms = delay.map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
                "request failed"
            );
            match delay {
                Some(delay) => tokio::time::sleep(delay).await,
                None => return Err(failure.into_error(operation, attempt)),
            }
        }
    }

    fn attempt_builder(
        &self,
        operation: &'static Operation,
        prepared: &Prepared,
        url: &reqwest::Url,
        auth: &Auth,
        timeout: Duration,
    ) -> Result<reqwest::RequestBuilder, Error> {
        let mut builder = self
            .inner
            .http
            .request(operation.method.to_reqwest(), url.clone())
            .timeout(timeout)
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .header(USER_AGENT, self.inner.user_agent.clone());
        if !matches!(prepared.body, PreparedBody::Multipart { .. }) {
            builder = builder.header(CONTENT_TYPE, HeaderValue::from_static(JSON_CONTENT_TYPE));
        }
        // Auth first, so an explicit header from RequestOptions replaces it.
        builder = auth.apply(builder);
        if !prepared.headers.is_empty() {
            builder = builder.headers(prepared.headers.clone());
        }
        Ok(match &prepared.body {
            PreparedBody::Empty => builder,
            PreparedBody::Json(bytes) => builder.body(bytes.clone()),
            PreparedBody::Multipart { texts, files } => {
                builder.multipart(PreparedBody::form(texts, files, operation.name)?)
            }
        })
    }
}

/// Sends one attempt and reads the whole body (so a timeout covers the body too).
async fn send_and_read(builder: reqwest::RequestBuilder) -> Result<RawResponse, reqwest::Error> {
    let mut response = builder.send().await?;
    let status = response.status().as_u16();
    let headers = std::mem::take(response.headers_mut());
    let body = response.bytes().await?;
    Ok(RawResponse {
        status,
        headers,
        body,
    })
}

/// The wait before the next attempt, or `None` when the failure is final.
fn retry_delay(
    failure: &Failure,
    operation: &'static Operation,
    policy: &RetryPolicy,
    attempt: u32,
    started: Instant,
) -> Option<Duration> {
    let retryable = match failure {
        Failure::Api { failure, .. } => {
            retry::should_retry_status(failure.status, failure.code, operation.method)
        }
        Failure::Transport(error) => retry::should_retry_transport(error, operation.method),
    };
    if !retryable || attempt > policy.max_retries {
        return None;
    }
    let server_wait = match failure {
        Failure::Api { server_wait, .. } => *server_wait,
        Failure::Transport(_) => None,
    };
    let delay = policy.delay(attempt, server_wait);
    (started.elapsed() + delay <= policy.max_elapsed).then_some(delay)
}

impl Failure {
    /// A short description for logs: no bodies, no URLs.
    fn describe(&self) -> String {
        match self {
            Failure::Api { failure, .. } => match failure.code {
                Some(code) => format!("HTTP {} code {code}", failure.status),
                None => format!("HTTP {}", failure.status),
            },
            Failure::Transport(error) if error.is_timeout() => "timeout".to_owned(),
            Failure::Transport(error) if error.is_connect() => "connection failed".to_owned(),
            Failure::Transport(_) => "transport error".to_owned(),
        }
    }

    fn into_error(self, operation: &'static Operation, attempts: u32) -> Error {
        match self {
            Failure::Api {
                failure,
                server_wait,
            } => {
                let code = failure
                    .code
                    .map(|c| ErrorCode::for_service(operation.service.name, c));
                if retry::is_rate_limit(failure.status, failure.code) {
                    Error::RateLimited {
                        operation: operation.name,
                        status: failure.status,
                        code,
                        retry_after: server_wait,
                        message: failure.message,
                        attempts,
                    }
                } else {
                    Error::Api {
                        status: failure.status,
                        code,
                        message: failure.message,
                        body: failure.body,
                        operation: operation.name,
                    }
                }
            }
            Failure::Transport(error) if error.is_timeout() => Error::Timeout {
                operation: operation.name,
            },
            Failure::Transport(error) => Error::Transport {
                operation: operation.name,
                source: error.without_url(),
            },
        }
    }
}

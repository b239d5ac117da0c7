//! When to retry a request, and how long to wait first.
//!
//! Sendbird-specific classification lives here rather than in `api-spec/` because it is
//! behaviour, not data:
//!
//! - rate limiting (HTTP 429, or Sendbird codes 400910, 500910 and 429100 in the body
//!   whatever the status) and HTTP 503 are retried for every method, because the
//!   server did not act on the request;
//! - connection failures are retried for every method (the request never left);
//! - other 5xx statuses, timeouts and broken connections are retried only for
//!   idempotent methods (GET, PUT, DELETE): a POST or PATCH may already have taken
//!   effect, so it is never blindly repeated.
//!
//! Waits follow the server's `X-RateLimit-RetryAfter` or `Retry-After` header when
//! there is one, and exponential backoff with full jitter otherwise.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::HeaderMap;

use crate::operation::Method;

/// Sendbird error codes meaning "rate-limited", whatever the HTTP status says.
const RATE_LIMIT_CODES: [i64; 3] = [400910, 500910, 429100];

/// How failed requests are retried.
///
/// The default retries up to 3 times (4 attempts in all), waiting a random time up to
/// 200 ms, 400 ms, 800 ms... (full jitter, at most 10 s per wait), and never starts a
/// wait that would end more than 60 s after the first attempt.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    pub(crate) max_retries: u32,
    pub(crate) initial_backoff: Duration,
    pub(crate) max_backoff: Duration,
    pub(crate) multiplier: f64,
    pub(crate) jitter: bool,
    pub(crate) max_elapsed: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(10),
            multiplier: 2.0,
            jitter: true,
            max_elapsed: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries: every request is sent once.
    pub fn none() -> Self {
        RetryPolicy::default().max_retries(0)
    }

    /// How many times a request may be retried after the first attempt.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// The upper bound of the first wait.
    pub fn initial_backoff(mut self, initial_backoff: Duration) -> Self {
        self.initial_backoff = initial_backoff;
        self
    }

    /// The longest single wait, including waits asked for by the server.
    pub fn max_backoff(mut self, max_backoff: Duration) -> Self {
        self.max_backoff = max_backoff;
        self
    }

    /// How much the wait bound grows per retry (values below 1 are treated as 1).
    pub fn multiplier(mut self, multiplier: f64) -> Self {
        self.multiplier = if multiplier >= 1.0 && multiplier.is_finite() {
            multiplier
        } else {
            1.0
        };
        self
    }

    /// Whether waits are randomized between zero and the bound (the default), which
    /// keeps many clients from retrying in lockstep.
    pub fn jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    /// No retry starts a wait that would end later than this after the first attempt.
    pub fn max_elapsed(mut self, max_elapsed: Duration) -> Self {
        self.max_elapsed = max_elapsed;
        self
    }

    /// The wait before retry number `retry` (1 for the first retry): the server's
    /// requested wait when given, capped at `max_backoff`, or jittered exponential
    /// backoff.
    pub(crate) fn delay(&self, retry: u32, server_wait: Option<Duration>) -> Duration {
        if let Some(wait) = server_wait {
            return wait.min(self.max_backoff);
        }
        let exponent = i32::try_from(retry.saturating_sub(1)).unwrap_or(i32::MAX);
        let bound = self.initial_backoff.as_secs_f64() * self.multiplier.powi(exponent);
        let bound = bound.min(self.max_backoff.as_secs_f64());
        let seconds = if self.jitter {
            bound * fastrand::f64()
        } else {
            bound
        };
        Duration::try_from_secs_f64(seconds).unwrap_or(self.max_backoff)
    }
}

/// Whether a response means "rate-limited".
pub(crate) fn is_rate_limit(status: u16, code: Option<i64>) -> bool {
    status == 429 || code.is_some_and(|code| RATE_LIMIT_CODES.contains(&code))
}

/// Whether an error response may be retried for this method.
pub(crate) fn should_retry_status(status: u16, code: Option<i64>, method: Method) -> bool {
    is_rate_limit(status, code) || status == 503 || (status >= 500 && method.is_idempotent())
}

/// Whether a failure to send or read may be retried for this method.
pub(crate) fn should_retry_transport(error: &reqwest::Error, method: Method) -> bool {
    // A failed connect means nothing was sent, so even a POST is safe to repeat.
    if error.is_connect() {
        return true;
    }
    method.is_idempotent() && (error.is_timeout() || error.is_request() || error.is_body())
}

/// How long the server asked to wait: Sendbird's `X-RateLimit-RetryAfter`, then the
/// standard `Retry-After` (seconds or an HTTP date).
pub(crate) fn server_wait(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    ["x-ratelimit-retryafter", "retry-after"]
        .iter()
        .filter_map(|name| headers.get(*name)?.to_str().ok())
        .find_map(|value| parse_point_in_time(value, now))
        .map(|at| at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Reads a header that names a moment, in any of the forms servers use: a number of
/// epoch milliseconds (above 10^12), of epoch seconds (above 10^9), a number of seconds
/// from now, or an HTTP date.
pub(crate) fn parse_point_in_time(value: &str, now: SystemTime) -> Option<SystemTime> {
    let value = value.trim();
    if let Ok(number) = value.parse::<f64>() {
        if !number.is_finite() || number < 0.0 {
            return None;
        }
        return if number > 1e12 {
            UNIX_EPOCH.checked_add(Duration::try_from_secs_f64(number / 1000.0).ok()?)
        } else if number > 1e9 {
            UNIX_EPOCH.checked_add(Duration::try_from_secs_f64(number).ok()?)
        } else {
            now.checked_add(Duration::try_from_secs_f64(number).ok()?)
        };
    }
    httpdate::parse_http_date(value).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn at(seconds: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(seconds)
    }

    #[test]
    fn server_waits_accept_seconds_epochs_and_http_dates() {
        let now = at(1_700_000_000);
        let mut headers = HeaderMap::new();
        headers.insert("retry-after", HeaderValue::from_static("3"));
        assert_eq!(server_wait(&headers, now), Some(Duration::from_secs(3)));
        headers.insert(
            "retry-after",
            HeaderValue::from_static("Tue, 14 Nov 2023 22:13:25 GMT"),
        );
        assert_eq!(server_wait(&headers, now), Some(Duration::from_secs(5)));
        // Sendbird's header wins over the standard one.
        headers.insert(
            "x-ratelimit-retryafter",
            HeaderValue::from_static("1700000002"),
        );
        assert_eq!(server_wait(&headers, now), Some(Duration::from_secs(2)));
        headers.insert(
            "x-ratelimit-retryafter",
            HeaderValue::from_static("1700000001500"),
        );
        assert_eq!(
            server_wait(&headers, now),
            Some(Duration::from_millis(1500))
        );
        // A moment in the past means "now"; garbage falls back to the next header.
        headers.insert(
            "x-ratelimit-retryafter",
            HeaderValue::from_static("1600000000"),
        );
        assert_eq!(server_wait(&headers, now), Some(Duration::ZERO));
        headers.insert("x-ratelimit-retryafter", HeaderValue::from_static("soon"));
        assert_eq!(server_wait(&headers, now), Some(Duration::from_secs(5)));
        for garbage in ["-1", "NaN", "inf", "1e400", ""] {
            assert_eq!(parse_point_in_time(garbage, now), None, "{garbage}");
        }
    }

    #[test]
    fn backoff_grows_is_capped_and_honours_server_waits() {
        let policy = RetryPolicy::default()
            .jitter(false)
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(350));
        assert_eq!(policy.delay(1, None), Duration::from_millis(100));
        assert_eq!(policy.delay(2, None), Duration::from_millis(200));
        assert_eq!(policy.delay(3, None), Duration::from_millis(350));
        assert_eq!(policy.delay(u32::MAX, None), Duration::from_millis(350));
        let wait = Some(Duration::from_secs(30));
        assert_eq!(policy.delay(1, wait), Duration::from_millis(350));
        let jittered = RetryPolicy::default().delay(2, None);
        assert!(jittered <= Duration::from_millis(400));
    }

    #[test]
    fn classification_never_repeats_ambiguous_writes() {
        assert!(should_retry_status(429, None, Method::Post));
        assert!(should_retry_status(400, Some(400910), Method::Post));
        assert!(should_retry_status(500, Some(500910), Method::Patch));
        assert!(should_retry_status(503, None, Method::Post));
        assert!(should_retry_status(500, None, Method::Get));
        assert!(should_retry_status(502, None, Method::Delete));
        assert!(!should_retry_status(500, None, Method::Post));
        assert!(!should_retry_status(504, None, Method::Patch));
        assert!(!should_retry_status(400, Some(400201), Method::Get));
    }
}

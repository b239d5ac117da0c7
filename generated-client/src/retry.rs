//! When to retry a request, and how long to wait first.
//!
//! Sendbird-specific classification lives here rather than in `api-spec/` because it is
//! behaviour, not data; whether repeating an operation is safe *is* data
//! ([`Operation::retry_safe`], from `retry_safe:` in `api-spec/`):
//!
//! - rate limiting (HTTP 429, or an error code that means rate-limited for the product
//!   that answered, whatever the status: Chat's 400910 and 500910, Calls' and Live's
//!   429100; `rate_limit: true` in `api-spec/`) is retried for every operation: the
//!   server did not act;
//! - failures to connect are retried for every operation (nothing was sent);
//! - HTTP 503 is retried for safe operations, and for unsafe ones only when the server
//!   said when (`Retry-After` or `X-RateLimit-RetryAfter`), as a proxy may send a bare
//!   503 after forwarding the request;
//! - other 5xx statuses, timeouts and connections broken after sending (before or while
//!   the body is read) are retried only for safe operations: an unsafe one may already
//!   have taken effect, so it is never blindly repeated.
//!
//! Waits follow the server's `X-RateLimit-RetryAfter` or `Retry-After` header when
//! there is one (in full; a wait longer than [`RetryPolicy::max_retry_after`] (1 s by
//! default) or the time left ends the call at once with `Error::RateLimited` and the
//! wait, so a request handler is never parked for long), and exponential backoff with
//! full jitter otherwise.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::headers::Headers;
use crate::operation::Operation;
use crate::ErrorCode;

/// How failed requests are retried.
///
/// The default retries up to 3 times (4 attempts in all), waiting a random time up to
/// 200 ms, 400 ms, 800 ms... (full jitter, at most 10 s per wait). A wait the server
/// asks for (`Retry-After`, `X-RateLimit-RetryAfter`) is sat out only when it is at
/// most 1 s (`max_retry_after`); a longer one ends the call at once with
/// [`Error::RateLimited`](crate::Error::RateLimited) and its `retry_after`, so the
/// caller (a request handler, say) decides whether to wait, queue or give up. Every
/// call has one deadline, 60 s after it starts (`max_elapsed`): attempts, waits
/// between them and the client-side rate limiter's waits all count against it, and
/// each attempt's timeout is cut to the time left. When the deadline cuts a retry
/// short, the call ends with the last failure the server gave (a 503, say), not with
/// a timeout; only a first attempt that runs out of time is
/// [`Error::Timeout`](crate::Error::Timeout).
///
/// ```
/// use std::time::Duration;
/// use sendbird_platform::{Client, RetryPolicy};
///
/// // A batch job that would rather wait out rate limits of up to a minute.
/// let patient = RetryPolicy::default()
///     .max_retry_after(Duration::from_secs(60))
///     .max_elapsed(Duration::from_secs(300));
/// let client = Client::builder().app_id("YOUR-APP-ID").retry_policy(patient).build()?;
/// # let _ = client;
/// # Ok::<(), sendbird_platform::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    pub(crate) max_retries: u32,
    pub(crate) initial_backoff: Duration,
    pub(crate) max_backoff: Duration,
    pub(crate) multiplier: f64,
    pub(crate) jitter: bool,
    pub(crate) max_elapsed: Duration,
    pub(crate) max_retry_after: Duration,
}

/// The longest server-requested wait the default policy sits out.
pub const DEFAULT_MAX_RETRY_AFTER: Duration = Duration::from_secs(1);

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(10),
            multiplier: 2.0,
            jitter: true,
            max_elapsed: Duration::from_secs(60),
            max_retry_after: DEFAULT_MAX_RETRY_AFTER,
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

    /// The longest single wait of the client's own backoff (when the server did not
    /// say how long to wait).
    pub fn max_backoff(mut self, max_backoff: Duration) -> Self {
        self.max_backoff = max_backoff;
        self
    }

    /// The longest wait the server may ask for (`Retry-After`,
    /// `X-RateLimit-RetryAfter`) that the client sits out before retrying; default
    /// 1 s. A server asking for longer ends the call at once with
    /// [`Error::RateLimited`](crate::Error::RateLimited) (or the `Error::Api` of a
    /// 503) carrying the wait in `retry_after`. `Duration::ZERO` never waits for the
    /// server; `Duration::MAX` waits whatever it asks, within
    /// [`max_elapsed`](RetryPolicy::max_elapsed).
    pub fn max_retry_after(mut self, max_retry_after: Duration) -> Self {
        self.max_retry_after = max_retry_after;
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

    /// The time budget of a whole call: attempts, waits and client-side rate limiting.
    /// No wait starts that would end past it, and each attempt's timeout is cut to the
    /// time left; when it runs out the call ends with
    /// [`Error::Timeout`](crate::Error::Timeout).
    pub fn max_elapsed(mut self, max_elapsed: Duration) -> Self {
        self.max_elapsed = max_elapsed;
        self
    }

    /// The backoff before retry number `retry` (1 for the first retry): jittered
    /// exponential backoff, at most `max_backoff`. Never panics, whatever the durations.
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        let exponent = i32::try_from(retry.saturating_sub(1)).unwrap_or(i32::MAX);
        let bound = self.initial_backoff.as_secs_f64() * self.multiplier.powi(exponent);
        let bound = bound.min(self.max_backoff.as_secs_f64());
        let seconds = if self.jitter {
            bound * fastrand::f64()
        } else {
            bound
        };
        Duration::try_from_secs_f64(seconds)
            .unwrap_or(self.max_backoff)
            .min(self.max_backoff)
    }

    /// What to do after failed attempt number `attempt`: wait and retry, or stop.
    /// `retryable` is the classification of the failure; `server_wait` the wait the
    /// server asked for; `remaining` the time left before the call's deadline (`None`
    /// when there is none).
    pub(crate) fn next_step(
        &self,
        attempt: u32,
        retryable: bool,
        server_wait: Option<Duration>,
        remaining: Option<Duration>,
    ) -> Step {
        if !retryable || attempt > self.max_retries {
            return Step::Stop;
        }
        let fits = |wait: Duration| remaining.is_none_or(|left| wait < left);
        match server_wait {
            // The server's wait is honoured in full, or not at all.
            Some(wait) if wait <= self.max_retry_after && fits(wait) => Step::Retry(wait),
            Some(_) => Step::ServerWaitTooLong,
            None => {
                let wait = self.backoff(attempt);
                if fits(wait) {
                    Step::Retry(wait)
                } else {
                    Step::Stop
                }
            }
        }
    }
}

/// The outcome of [`RetryPolicy::next_step`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    /// Wait this long, then send again.
    Retry(Duration),
    /// The failure is final.
    Stop,
    /// The server asked for a wait longer than the backoff cap or the time left: the
    /// caller decides.
    ServerWaitTooLong,
}

/// Whether a response means "rate-limited": HTTP 429, or an error code that means
/// rate-limited for the service that answered (`rate_limit: true` in `api-spec/`,
/// whatever the HTTP status says; the same number from another product doesn't).
/// `code` is the code as that service reads it ([`ErrorCode::for_service`]).
pub(crate) fn is_rate_limit(status: u16, code: Option<ErrorCode>) -> bool {
    status == 429 || code.is_some_and(|code| code.is_rate_limit())
}

/// Whether an error response may be retried for this operation. `server_said_when`:
/// the response carried a wait header.
pub(crate) fn should_retry_status(
    status: u16,
    code: Option<i64>,
    server_said_when: bool,
    operation: &Operation,
) -> bool {
    is_rate_limit(
        status,
        code.map(|code| ErrorCode::for_service(operation.service.name, code)),
    ) || (status == 503 && (operation.retry_safe || server_said_when))
        || (status >= 500 && operation.retry_safe)
}

/// Whether a failure to connect, send or read may be retried for this operation.
/// `connect`: the connection was never made, so nothing was sent.
pub(crate) fn should_retry_transport(connect: bool, operation: &Operation) -> bool {
    connect || operation.retry_safe
}

/// How long the server asked to wait: Sendbird's `X-RateLimit-RetryAfter`, then the
/// standard `Retry-After` (seconds or an HTTP date).
pub(crate) fn server_wait(headers: &Headers, now: SystemTime) -> Option<Duration> {
    ["x-ratelimit-retryafter", "retry-after"]
        .iter()
        .filter_map(|name| headers.get(name))
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
    use reqwest::header::{HeaderMap, HeaderValue};

    fn at(seconds: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(seconds)
    }

    #[test]
    fn server_waits_accept_seconds_epochs_and_http_dates() {
        let now = at(1_700_000_000);
        let mut headers = HeaderMap::new();
        headers.insert("retry-after", HeaderValue::from_static("3"));
        assert_eq!(
            server_wait(&Headers::from_http(&headers), now),
            Some(Duration::from_secs(3))
        );
        headers.insert(
            "retry-after",
            HeaderValue::from_static("Tue, 14 Nov 2023 22:13:25 GMT"),
        );
        assert_eq!(
            server_wait(&Headers::from_http(&headers), now),
            Some(Duration::from_secs(5))
        );
        // Sendbird's header wins over the standard one.
        headers.insert(
            "x-ratelimit-retryafter",
            HeaderValue::from_static("1700000002"),
        );
        assert_eq!(
            server_wait(&Headers::from_http(&headers), now),
            Some(Duration::from_secs(2))
        );
        headers.insert(
            "x-ratelimit-retryafter",
            HeaderValue::from_static("1700000001500"),
        );
        assert_eq!(
            server_wait(&Headers::from_http(&headers), now),
            Some(Duration::from_millis(1500))
        );
        // A moment in the past means "now"; garbage falls back to the next header.
        headers.insert(
            "x-ratelimit-retryafter",
            HeaderValue::from_static("1600000000"),
        );
        assert_eq!(
            server_wait(&Headers::from_http(&headers), now),
            Some(Duration::ZERO)
        );
        headers.insert("x-ratelimit-retryafter", HeaderValue::from_static("soon"));
        assert_eq!(
            server_wait(&Headers::from_http(&headers), now),
            Some(Duration::from_secs(5))
        );
        for garbage in ["-1", "NaN", "inf", "1e400", ""] {
            assert_eq!(parse_point_in_time(garbage, now), None, "{garbage}");
        }
    }

    #[test]
    fn backoff_grows_is_capped_and_server_waits_are_all_or_nothing() {
        let policy = RetryPolicy::default()
            .jitter(false)
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(350))
            .max_retry_after(Duration::from_millis(350));
        assert_eq!(policy.backoff(1), Duration::from_millis(100));
        assert_eq!(policy.backoff(2), Duration::from_millis(200));
        assert_eq!(policy.backoff(3), Duration::from_millis(350));
        assert_eq!(policy.backoff(u32::MAX), Duration::from_millis(350));
        let left = Some(Duration::from_secs(60));
        let server = Some(Duration::from_millis(300));
        assert_eq!(
            policy.next_step(1, true, server, left),
            Step::Retry(Duration::from_millis(300))
        );
        let long = Some(Duration::from_secs(30));
        assert_eq!(
            policy.next_step(1, true, long, left),
            Step::ServerWaitTooLong
        );
        let short_budget = Some(Duration::from_millis(200));
        assert_eq!(
            policy.next_step(1, true, server, short_budget),
            Step::ServerWaitTooLong
        );
        assert_eq!(policy.next_step(1, false, server, left), Step::Stop);
        assert_eq!(policy.next_step(4, true, None, left), Step::Stop);
        assert_eq!(
            policy.next_step(1, true, None, short_budget),
            Step::Retry(Duration::from_millis(100))
        );
        assert_eq!(policy.next_step(3, true, None, short_budget), Step::Stop);
        let jittered = RetryPolicy::default().backoff(2);
        assert!(jittered <= Duration::from_millis(400));
    }

    #[test]
    fn by_default_only_short_server_waits_are_sat_out() {
        let policy = RetryPolicy::default();
        let left = Some(Duration::from_secs(60));
        let second = Duration::from_secs(1);
        assert_eq!(
            policy.next_step(1, true, Some(second), left),
            Step::Retry(second)
        );
        // The old default sat out up to 10 s per retry: 30 s inside one call.
        for wait in [Duration::from_millis(1001), Duration::from_secs(10)] {
            assert_eq!(
                policy.next_step(1, true, Some(wait), left),
                Step::ServerWaitTooLong
            );
        }
        let patient = policy.max_retry_after(Duration::from_secs(30));
        assert_eq!(
            patient.next_step(1, true, Some(Duration::from_secs(10)), left),
            Step::Retry(Duration::from_secs(10))
        );
        // The server's wait is not bound by the backoff cap any more.
        let patient = patient.max_backoff(Duration::from_millis(1));
        assert_eq!(
            patient.next_step(1, true, Some(Duration::from_secs(10)), left),
            Step::Retry(Duration::from_secs(10))
        );
    }

    #[test]
    fn huge_durations_never_overflow() {
        let policy = RetryPolicy::default()
            .initial_backoff(Duration::MAX)
            .max_backoff(Duration::MAX)
            .max_elapsed(Duration::MAX)
            .max_retry_after(Duration::MAX)
            .multiplier(f64::MAX);
        for retry in [1, 2, 64, u32::MAX] {
            let _ = policy.backoff(retry);
            let _ = policy.clone().jitter(false).backoff(retry);
            let _ = policy.next_step(retry.min(3), true, Some(Duration::MAX), Some(Duration::MAX));
            let _ = policy.next_step(retry.min(3), true, None, None);
        }
    }

    #[test]
    fn classification_never_repeats_unsafe_writes() {
        use crate::operation::{AuthKind, AuthScheme, Method, Service};
        static SERVICE: Service = Service {
            name: "chat",
            base_url: "https://x",
        };
        static AUTH: AuthScheme = AuthScheme {
            name: "t",
            kind: AuthKind::Header("T"),
            credential: "api_token",
        };
        const fn op(method: Method, retry_safe: bool) -> Operation {
            Operation {
                service: &SERVICE,
                name: "op",
                method,
                path: "/",
                auth: &AUTH,
                rate_limit: None,
                retry_safe,
            }
        }
        static POST: Operation = op(Method::Post, false);
        static GET: Operation = op(Method::Get, true);
        static INCREMENT: Operation = op(Method::Put, false);
        assert!(should_retry_status(429, None, false, &POST));
        assert!(should_retry_status(400, Some(400910), false, &POST));
        assert!(should_retry_status(500, Some(500910), false, &INCREMENT));
        assert!(should_retry_status(503, None, false, &GET));
        assert!(!should_retry_status(503, None, false, &POST));
        assert!(should_retry_status(503, None, true, &POST));
        assert!(should_retry_status(500, None, false, &GET));
        assert!(!should_retry_status(502, None, false, &INCREMENT));
        assert!(!should_retry_status(500, None, false, &POST));
        assert!(!should_retry_status(400, Some(400201), false, &GET));
        assert!(should_retry_transport(true, &INCREMENT));
        assert!(!should_retry_transport(false, &INCREMENT));
        assert!(should_retry_transport(false, &GET));
    }

    #[test]
    fn rate_limit_codes_count_only_for_the_products_that_define_them() {
        // A code as the named service reads it.
        let is_rate_limit = |status, code: Option<i64>, service: &str| {
            is_rate_limit(status, code.map(|c| ErrorCode::for_service(service, c)))
        };
        // Chat's and Calls' rate-limit codes, whatever the HTTP status.
        assert!(is_rate_limit(400, Some(400910), "chat"));
        assert!(is_rate_limit(500, Some(500910), "organization"));
        assert!(is_rate_limit(400, Some(429100), "calls"));
        assert!(is_rate_limit(400, Some(429100), "live"));
        // The same numbers from a product that doesn't define them are other errors.
        assert!(!is_rate_limit(400, Some(400910), "desk"));
        assert!(!is_rate_limit(400, Some(400910), "calls"));
        assert!(!is_rate_limit(400, Some(429100), "chat"));
        // HTTP 429 is a rate limit from anyone.
        assert!(is_rate_limit(429, None, "desk"));
        assert!(is_rate_limit(429, Some(400100), "desk"));
    }
}

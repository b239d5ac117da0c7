//! A decoded response together with its status, headers and rate-limit state.

use std::time::{Duration, SystemTime};

use crate::headers::Headers;
use crate::retry::parse_point_in_time;

/// A decoded response body with the response's metadata, returned by the
/// `send_with_metadata`-style calls.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Response<T> {
    /// The decoded body.
    pub data: T,
    /// The HTTP status.
    pub status: u16,
    /// Rate-limit state reported by the server.
    pub rate_limit: RateLimitInfo,
    headers: Headers,
}

impl<T> Response<T> {
    pub(crate) fn new(data: T, status: u16, headers: Headers) -> Self {
        Response {
            data,
            status,
            rate_limit: RateLimitInfo::from_headers(&headers, SystemTime::now()),
            headers,
        }
    }

    /// All response headers.
    pub fn headers(&self) -> &Headers {
        &self.headers
    }

    /// The server's id of the request ([`Headers::request_id`]), when it sent one.
    pub fn request_id(&self) -> Option<&str> {
        self.headers.request_id()
    }

    /// The decoded body, dropping the metadata.
    pub fn into_data(self) -> T {
        self.data
    }

    /// Transforms the body, keeping the metadata.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            data: f(self.data),
            status: self.status,
            rate_limit: self.rate_limit,
            headers: self.headers,
        }
    }
}

/// Rate-limit state from the `X-RateLimit-Limit`, `X-RateLimit-Remaining` and
/// `X-RateLimit-Reset` headers; each field is `None` when its header is absent or
/// unreadable.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RateLimitInfo {
    /// How many requests the window allows.
    pub limit: Option<u32>,
    /// The window's length, from a `100;w=60` style limit.
    pub window: Option<Duration>,
    /// How many requests are left in the current window.
    pub remaining: Option<u32>,
    /// When the window resets.
    pub reset: Option<SystemTime>,
}

impl RateLimitInfo {
    /// Reads the headers; `now` anchors relative reset values ("in 30 seconds").
    pub(crate) fn from_headers(headers: &Headers, now: SystemTime) -> Self {
        let text = |name: &str| headers.get(name);
        let (limit, window) = text("x-ratelimit-limit")
            .map(parse_limit)
            .unwrap_or_default();
        RateLimitInfo {
            limit,
            window,
            remaining: text("x-ratelimit-remaining").and_then(first_number),
            reset: text("x-ratelimit-reset").and_then(|v| parse_point_in_time(v, now)),
        }
    }
}

/// Parses `100`, `100;w=60` or a list such as `100, 100;w=60` (the first item wins).
fn parse_limit(value: &str) -> (Option<u32>, Option<Duration>) {
    let first = value.split(',').next().unwrap_or_default();
    let mut parts = first.split(';');
    let limit = parts.next().and_then(first_number);
    let window = parts
        .filter_map(|param| param.trim().strip_prefix("w="))
        .find_map(|seconds| seconds.trim().parse::<u64>().ok())
        .map(Duration::from_secs);
    (limit, window)
}

fn first_number(value: &str) -> Option<u32> {
    value.split([',', ';']).next()?.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::UNIX_EPOCH;

    #[test]
    fn rate_limit_headers_are_parsed_leniently() {
        let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let headers: Headers = [
            ("x-ratelimit-limit", "100;w=60"),
            ("x-ratelimit-remaining", " 42 "),
            ("x-ratelimit-reset", "30"),
        ]
        .into_iter()
        .collect();
        let info = RateLimitInfo::from_headers(&headers, now);
        assert_eq!(info.limit, Some(100));
        assert_eq!(info.window, Some(Duration::from_secs(60)));
        assert_eq!(info.remaining, Some(42));
        assert_eq!(info.reset, Some(now + Duration::from_secs(30)));

        let headers: Headers = [
            ("x-ratelimit-limit", "lots"),
            ("x-ratelimit-reset", "1700000060000"),
        ]
        .into_iter()
        .collect();
        let info = RateLimitInfo::from_headers(&headers, now);
        assert_eq!((info.limit, info.window), (None, None));
        assert_eq!(info.reset, Some(now + Duration::from_secs(60)));
        assert_eq!(
            RateLimitInfo::from_headers(&Headers::new(), now),
            RateLimitInfo::default()
        );
    }

    #[test]
    fn response_map_keeps_metadata() {
        let headers: Headers = [("x-ratelimit-remaining", "7")].into_iter().collect();
        let response = Response::new(2_u8, 200, headers).map(|n| n * 10);
        assert_eq!(response.data, 20);
        assert_eq!(response.rate_limit.remaining, Some(7));
        assert!(response.headers().contains("x-ratelimit-remaining"));
        assert_eq!(response.into_data(), 20);
    }
}

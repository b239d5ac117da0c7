//! [`Headers`]: the HTTP headers of a response, as text, without tying the public API
//! to the HTTP library the client uses.

use std::fmt;

/// The correlation headers [`Headers::request_id`] looks for, in order. Sendbird's
/// Platform API documentation names no request-id header of its own, so these are the
/// ones servers and the proxies and load balancers in front of them commonly send.
pub const REQUEST_ID_HEADERS: &[&str] = &[
    "x-request-id",
    "request-id",
    "x-amzn-requestid",
    "x-amz-request-id",
    "x-amz-cf-id",
    "x-amzn-trace-id",
    "cf-ray",
];

/// Headers whose values are secrets or session state: `Debug` shows `[redacted]`.
const SENSITIVE: &[&str] = &[
    "set-cookie",
    "cookie",
    "authorization",
    "proxy-authorization",
    "api-token",
    "sendbirddeskapitoken",
    "sendbirdorganizationapitoken",
];

/// HTTP headers as text: names in lower case, in the order received, a name may repeat.
/// Look-ups ignore case. A value that is not valid UTF-8 is kept with its invalid
/// bytes replaced (`U+FFFD`).
///
/// Returned by [`Response::headers`](crate::Response::headers),
/// [`Error::headers`](crate::Error::headers) and the [`Interceptor`](crate::Interceptor)
/// hooks. `Debug` shows `[redacted]` for cookies and credentials.
///
/// ```
/// use sendbird_platform::Headers;
///
/// let headers: Headers = [("X-Request-Id", "req-42"), ("X-RateLimit-Remaining", "7")]
///     .into_iter()
///     .collect();
/// assert_eq!(headers.get("x-ratelimit-remaining"), Some("7"));
/// assert_eq!(headers.request_id(), Some("req-42"));
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Headers {
    entries: Vec<(String, String)>,
}

impl Headers {
    /// No headers.
    pub fn new() -> Self {
        Headers::default()
    }

    pub(crate) fn from_http(map: &reqwest::header::HeaderMap) -> Self {
        let entries = map
            .iter()
            .map(|(name, value)| {
                let value = match value.to_str() {
                    Ok(text) => text.to_owned(),
                    Err(_) => String::from_utf8_lossy(value.as_bytes()).into_owned(),
                };
                (name.as_str().to_owned(), value)
            })
            .collect();
        Headers { entries }
    }

    /// The first value of header `name` (any case).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every value of header `name` (any case), in the order received.
    pub fn get_all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.entries
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether header `name` (any case) is present.
    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Every header as `(name, value)`, names in lower case.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.entries.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// How many header lines there are (a repeated name counts each time).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no headers.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The id the server (or a proxy in front of it) gave the request, to quote when
    /// asking Sendbird's support about a call: the first of the correlation headers in
    /// [`REQUEST_ID_HEADERS`] that is present (`X-Request-Id`, `Request-Id`, AWS's and
    /// Cloudflare's ids).
    pub fn request_id(&self) -> Option<&str> {
        REQUEST_ID_HEADERS
            .iter()
            .find_map(|name| self.get(name).filter(|id| !id.is_empty()))
    }

    /// Adds a header line (the name is stored in lower case).
    pub fn append(&mut self, name: impl Into<String>, value: impl Into<String>) {
        let mut name = name.into();
        name.make_ascii_lowercase();
        self.entries.push((name, value.into()));
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Headers {
    fn from_iter<T: IntoIterator<Item = (K, V)>>(iter: T) -> Self {
        let mut headers = Headers::new();
        for (name, value) in iter {
            headers.append(name, value);
        }
        headers
    }
}

fn is_sensitive(name: &str) -> bool {
    SENSITIVE.iter().any(|s| s.eq_ignore_ascii_case(name))
}

/// Shows every header; the values of cookies and credentials are `[redacted]`.
impl fmt::Debug for Headers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (name, value) in &self.entries {
            if is_sensitive(name) {
                map.entry(name, &format_args!("[redacted]"));
            } else {
                map.entry(name, value);
            }
        }
        map.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::{HeaderMap, HeaderValue};

    #[test]
    fn lookups_ignore_case_and_keep_repeats_and_order() {
        let mut map = HeaderMap::new();
        map.append("x-thing", HeaderValue::from_static("a"));
        map.append("x-thing", HeaderValue::from_static("b"));
        map.insert("cf-ray", HeaderValue::from_static("8a1b"));
        map.insert(
            "x-odd",
            HeaderValue::from_bytes(b"caf\xe9").expect("visible bytes"),
        );
        let headers = Headers::from_http(&map);
        assert_eq!(headers.get("X-Thing"), Some("a"));
        assert_eq!(headers.get_all("x-thing").collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(headers.request_id(), Some("8a1b"));
        assert_eq!(headers.get("x-odd"), Some("caf\u{fffd}"));
        assert!(headers.contains("CF-RAY") && !headers.contains("x-request-id"));
        assert_eq!(headers.len(), 4);
    }

    #[test]
    fn request_id_prefers_x_request_id_and_ignores_empty_values() {
        let headers: Headers = [("CF-Ray", "ray"), ("X-Request-Id", "req")]
            .into_iter()
            .collect();
        assert_eq!(headers.request_id(), Some("req"));
        let empty: Headers = [("x-request-id", "")].into_iter().collect();
        assert_eq!(empty.request_id(), None);
    }

    #[test]
    fn debug_hides_cookies_and_tokens() {
        let headers: Headers = [("Set-Cookie", "session=s3cret"), ("x-request-id", "r1")]
            .into_iter()
            .collect();
        let debug = format!("{headers:?}");
        assert!(!debug.contains("s3cret") && debug.contains("r1"), "{debug}");
    }
}

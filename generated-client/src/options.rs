//! Per-request overrides of the client's settings.

use std::fmt;
use std::time::Duration;

use crate::retry::RetryPolicy;

/// Settings for one request that override the client's defaults.
///
/// ```
/// use std::time::Duration;
/// use sendbird_platform::{RequestOptions, RetryPolicy};
///
/// let options = RequestOptions::default()
///     .timeout(Duration::from_secs(5))
///     .retry_policy(RetryPolicy::none())
///     .header("X-Request-Id", "abc-123");
/// # let _ = options;
/// ```
#[derive(Clone, Default)]
pub struct RequestOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) retry_policy: Option<RetryPolicy>,
    pub(crate) headers: Vec<(String, String)>,
}

impl RequestOptions {
    /// The timeout of each attempt of this request.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The retry policy of this request.
    pub fn retry_policy(mut self, retry_policy: RetryPolicy) -> Self {
        self.retry_policy = Some(retry_policy);
        self
    }

    /// An extra header, sent after (and so replacing) the client's own headers of the
    /// same name. Invalid names or values make the request fail with
    /// [`Error::InvalidRequest`](crate::Error::InvalidRequest) before it is sent.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// Header values may be credentials (a session token, say), so only names are shown.
impl fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let header_names: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("RequestOptions")
            .field("timeout", &self.timeout)
            .field("retry_policy", &self.retry_policy)
            .field("headers", &header_names)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_header_names_but_not_values() {
        let options = RequestOptions::default().header("Session-Key", "very-secret-value");
        let debug = format!("{options:?}");
        assert!(debug.contains("Session-Key"), "{debug}");
        assert!(!debug.contains("very-secret-value"), "{debug}");
    }
}

//! An opt-in client-side rate limiter, so a busy service paces itself under its plan's
//! limits instead of bouncing off HTTP 429s.
//!
//! Each limit is a steady spacing of requests (one every `1/rate` seconds) kept per key:
//! reads and writes of each service, and each operation the API documents with its own
//! cap (Sendbird caps message sending, channel creation, invitations, mark-as-read, user
//! updates and migration at 5 requests per second on every plan). A request reserves
//! the next free slot of every key it falls under and waits for the latest of them, so
//! concurrent callers are spaced fairly and nothing is dropped. The state is a few
//! timestamps per key.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;

use crate::operation::Operation;

/// Client-side pacing of requests; see [`ClientBuilder::rate_limiter`](crate::ClientBuilder::rate_limiter).
///
/// ```
/// use sendbird_platform::RateLimiter;
/// // At most 20 GETs and 10 writes per second per service, plus the documented
/// // per-operation caps (on by default).
/// let limiter = RateLimiter::new().reads_per_second(20).writes_per_second(10);
/// # let _ = limiter;
/// ```
#[derive(Clone)]
pub struct RateLimiter {
    reads_per_second: Option<u32>,
    writes_per_second: Option<u32>,
    documented_caps: bool,
    next_free: Arc<Mutex<BTreeMap<String, Instant>>>,
}

impl std::fmt::Debug for RateLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RateLimiter")
            .field("reads_per_second", &self.reads_per_second)
            .field("writes_per_second", &self.writes_per_second)
            .field("documented_caps", &self.documented_caps)
            .finish_non_exhaustive()
    }
}

impl Default for RateLimiter {
    fn default() -> Self {
        Self::new()
    }
}

impl RateLimiter {
    /// A limiter that applies only the per-operation caps the API documents.
    pub fn new() -> Self {
        RateLimiter {
            reads_per_second: None,
            writes_per_second: None,
            documented_caps: true,
            next_free: Arc::default(),
        }
    }

    /// Caps GET requests per service at `rate` per second (0 means no cap).
    pub fn reads_per_second(mut self, rate: u32) -> Self {
        self.reads_per_second = (rate > 0).then_some(rate);
        self
    }

    /// Caps POST, PUT, PATCH and DELETE requests per service at `rate` per second
    /// (0 means no cap).
    pub fn writes_per_second(mut self, rate: u32) -> Self {
        self.writes_per_second = (rate > 0).then_some(rate);
        self
    }

    /// Whether operations with a documented cap of their own are paced by it
    /// (default `true`).
    pub fn documented_caps(mut self, enabled: bool) -> Self {
        self.documented_caps = enabled;
        self
    }

    /// The keys an operation is paced under, with their rates.
    fn limits(&self, op: &Operation) -> Vec<(String, u32)> {
        let mut limits = Vec::with_capacity(2);
        let (class, rate) = match op.method {
            crate::operation::Method::Get => ("read", self.reads_per_second),
            _ => ("write", self.writes_per_second),
        };
        if let Some(rate) = rate {
            limits.push((format!("{}:{class}", op.service.name), rate));
        }
        if let Some(cap) = op.rate_limit.filter(|_| self.documented_caps) {
            limits.push((op.name.to_owned(), cap));
        }
        limits
    }

    /// How long the request must wait; reserves its slots.
    pub(crate) fn reserve(&self, op: &Operation) -> Duration {
        let limits = self.limits(op);
        if limits.is_empty() {
            return Duration::ZERO;
        }
        let now = Instant::now();
        let mut next_free = self.next_free.lock().unwrap_or_else(|e| e.into_inner());
        let mut start = now;
        for (key, _) in &limits {
            if let Some(free) = next_free.get(key) {
                start = start.max(*free);
            }
        }
        for (key, rate) in limits {
            next_free.insert(key, start + Duration::from_secs_f64(1.0 / f64::from(rate)));
        }
        start - now
    }

    /// Waits until the request may be sent.
    pub(crate) async fn acquire(&self, op: &Operation) {
        let wait = self.reserve(op);
        if !wait.is_zero() {
            tracing::debug!(wait_ms = wait.as_millis() as u64, "client-side rate limit");
            tokio::time::sleep(wait).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
    static GET: Operation = Operation {
        service: &SERVICE,
        name: "chat.users.list_users",
        method: Method::Get,
        path: "/users",
        auth: &AUTH,
        rate_limit: None,
    };
    static SEND: Operation = Operation {
        service: &SERVICE,
        name: "chat.messages.send",
        method: Method::Post,
        path: "/m",
        auth: &AUTH,
        rate_limit: Some(5),
    };

    #[tokio::test(start_paused = true)]
    async fn requests_are_spaced_by_the_strictest_key() {
        let limiter = RateLimiter::new().writes_per_second(10);
        // Documented cap 5/s beats the 10/s write class: 200 ms apart.
        let waits: Vec<u128> = (0..4).map(|_| limiter.reserve(&SEND).as_millis()).collect();
        assert_eq!(waits, vec![0, 200, 400, 600]);
        // Reads are not limited unless asked.
        assert_eq!(limiter.reserve(&GET), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn slots_free_up_as_time_passes() {
        let limiter = RateLimiter::new().reads_per_second(2);
        assert_eq!(limiter.reserve(&GET), Duration::ZERO);
        assert_eq!(limiter.reserve(&GET).as_millis(), 500);
        tokio::time::advance(Duration::from_secs(5)).await;
        assert_eq!(limiter.reserve(&GET), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn documented_caps_can_be_switched_off() {
        let limiter = RateLimiter::new().documented_caps(false);
        assert_eq!(limiter.reserve(&SEND), Duration::ZERO);
        assert_eq!(limiter.reserve(&SEND), Duration::ZERO);
    }
}

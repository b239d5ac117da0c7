//! An opt-in client-side rate limiter, so a busy service paces itself under its plan's
//! limits instead of bouncing off HTTP 429s.
//!
//! Each limit is a steady spacing of requests (one every `1/rate` seconds) kept per key:
//! reads and writes of each service, and each operation the API documents with its own
//! cap (Sendbird caps message sending, channel creation, invitations, mark-as-read, user
//! updates and migration at 5 requests per second on every plan). A request takes the
//! next free slot of every key it falls under, each key on its own (so a queue behind an
//! operation's cap never delays requests that only share the service's write class),
//! and waits for the latest of them. A request whose wait is cancelled (its future
//! dropped, or its deadline too close) gives its slots back. The state is one timestamp
//! per key.

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

    /// Reserves the request's slots: how long it must wait, and what to give back if
    /// it does not go ahead.
    pub(crate) fn reserve(&self, op: &Operation) -> Reservation {
        let limits = self.limits(op);
        if limits.is_empty() {
            return Reservation::default();
        }
        let now = Instant::now();
        let mut next_free = self.next_free.lock().unwrap_or_else(|e| e.into_inner());
        let mut start = now;
        let mut taken = Vec::with_capacity(limits.len());
        for (key, rate) in limits {
            let interval = Duration::from_secs_f64(1.0 / f64::from(rate));
            let slot = next_free.get(&key).map_or(now, |free| (*free).max(now));
            start = start.max(slot);
            next_free.insert(key.clone(), slot + interval);
            taken.push((key, interval));
        }
        Reservation {
            wait: start - now,
            taken,
        }
    }

    /// Gives back the slots of a request that will not be sent: each key's queue moves
    /// up by one interval.
    fn release(&self, taken: &[(String, Duration)]) {
        let mut next_free = self.next_free.lock().unwrap_or_else(|e| e.into_inner());
        for (key, interval) in taken {
            if let Some(free) = next_free.get_mut(key) {
                *free = free.checked_sub(*interval).unwrap_or(*free);
            }
        }
    }

    /// Waits until the request may be sent. Fails at once (giving the slots back) when
    /// the wait would not end within `budget`; dropping the future gives them back too.
    pub(crate) async fn acquire(
        &self,
        op: &Operation,
        budget: Option<Duration>,
    ) -> Result<(), Duration> {
        let reservation = self.reserve(op);
        let wait = reservation.wait;
        let guard = ReleaseOnDrop {
            limiter: self,
            taken: reservation.taken,
        };
        if budget.is_some_and(|budget| wait >= budget) {
            return Err(wait);
        }
        if !wait.is_zero() {
            tracing::debug!(
                wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                "client-side rate limit"
            );
            tokio::time::sleep(wait).await;
        }
        // Going ahead: the slots stay taken.
        guard.keep();
        Ok(())
    }
}

/// The slots a request took, and how long it must wait for them.
#[derive(Default)]
pub(crate) struct Reservation {
    pub(crate) wait: Duration,
    taken: Vec<(String, Duration)>,
}

/// Gives a request's slots back unless it went ahead.
struct ReleaseOnDrop<'a> {
    limiter: &'a RateLimiter,
    taken: Vec<(String, Duration)>,
}

impl ReleaseOnDrop<'_> {
    /// Keeps the slots: nothing is given back.
    fn keep(mut self) {
        self.taken.clear();
    }
}

impl Drop for ReleaseOnDrop<'_> {
    fn drop(&mut self) {
        if !self.taken.is_empty() {
            self.limiter.release(&self.taken);
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
        retry_safe: true,
    };
    static SEND: Operation = Operation {
        service: &SERVICE,
        name: "chat.messages.send",
        method: Method::Post,
        path: "/m",
        auth: &AUTH,
        rate_limit: Some(5),
        retry_safe: false,
    };

    fn wait(limiter: &RateLimiter, op: &Operation) -> u128 {
        let reservation = limiter.reserve(op);
        // Dropping a reservation keeps its slots, as a request that was sent does.
        reservation.wait.as_millis()
    }

    #[tokio::test(start_paused = true)]
    async fn requests_are_spaced_by_the_strictest_key() {
        let limiter = RateLimiter::new().writes_per_second(10);
        // Documented cap 5/s beats the 10/s write class: 200 ms apart.
        let waits: Vec<u128> = (0..4).map(|_| wait(&limiter, &SEND)).collect();
        assert_eq!(waits, vec![0, 200, 400, 600]);
        // Reads are not limited unless asked.
        assert_eq!(wait(&limiter, &GET), 0);
    }

    #[tokio::test(start_paused = true)]
    async fn a_capped_queue_does_not_delay_other_writes() {
        static UPDATE: Operation = Operation {
            name: "chat.users.update",
            method: Method::Put,
            rate_limit: None,
            retry_safe: true,
            ..SEND
        };
        let limiter = RateLimiter::new().writes_per_second(10);
        for _ in 0..10 {
            wait(&limiter, &SEND);
        }
        // Ten queued sends took ten write-class slots, 100 ms apart: the next unrelated
        // write waits for the eleventh (1 s), not behind the send queue (1.8 s).
        assert_eq!(wait(&limiter, &UPDATE), 1000);
    }

    #[tokio::test(start_paused = true)]
    async fn slots_free_up_as_time_passes() {
        let limiter = RateLimiter::new().reads_per_second(2);
        assert_eq!(wait(&limiter, &GET), 0);
        assert_eq!(wait(&limiter, &GET), 500);
        tokio::time::advance(Duration::from_secs(5)).await;
        assert_eq!(wait(&limiter, &GET), 0);
    }

    #[tokio::test(start_paused = true)]
    async fn cancelled_and_refused_waits_give_their_slots_back() {
        let limiter = RateLimiter::new().reads_per_second(1);
        limiter.acquire(&GET, None).await.unwrap();
        // The next slot is 1 s away: a budget of 500 ms refuses it and gives it back.
        assert_eq!(
            limiter
                .acquire(&GET, Some(Duration::from_millis(500)))
                .await,
            Err(Duration::from_secs(1))
        );
        // A waiting request that is dropped gives its slot back too.
        let waiting = limiter.acquire(&GET, None);
        drop(tokio::time::timeout(Duration::from_millis(10), waiting).await);
        assert_eq!(wait(&limiter, &GET), 1000 - 10);
    }

    #[tokio::test(start_paused = true)]
    async fn documented_caps_can_be_switched_off() {
        let limiter = RateLimiter::new().documented_caps(false);
        assert_eq!(wait(&limiter, &SEND), 0);
        assert_eq!(wait(&limiter, &SEND), 0);
    }
}

//! The same application as a web service would run it: configured from the
//! environment, instrumented by an interceptor, never parked behind a rate limit, with
//! a raw call for an endpoint the typed API doesn't cover and requests prepared ahead
//! and audited before they are sent. Written with the prelude only.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sendbird_platform::prelude::*;
use serde_json::Value;

/// Per-operation counters and the request ids of failed attempts, filled by the
/// [`Metrics`] interceptor.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Stats {
    /// Attempts per operation (retries included).
    pub attempts: BTreeMap<String, u32>,
    /// Request ids of failed attempts that carried one.
    pub failed_request_ids: Vec<String>,
}

/// An interceptor that tags each request with the service's name and counts attempts.
#[derive(Debug, Default, Clone)]
pub struct Metrics {
    stats: Arc<Mutex<Stats>>,
}

impl Metrics {
    /// What was recorded so far.
    pub fn snapshot(&self) -> Stats {
        self.stats.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

impl Interceptor for Metrics {
    fn on_request(&self, request: &mut OutgoingRequest<'_>) {
        // A constant, valid header: it can't fail.
        let _ = request.set_header("X-Caller", "downstream-service");
    }

    fn on_response(&self, outcome: &AttemptOutcome<'_>) {
        let mut stats = self.stats.lock().unwrap_or_else(|e| e.into_inner());
        *stats
            .attempts
            .entry(outcome.operation().to_owned())
            .or_default() += 1;
        if !outcome.is_success() {
            if let Some(id) = outcome.request_id() {
                stats.failed_request_ids.push(id.to_owned());
            }
        }
    }
}

/// The service's client from its environment (`SENDBIRD_APP_ID`,
/// `SENDBIRD_API_TOKEN`, `SENDBIRD_CHAT_BASE_URL`...), read through `lookup` so tests
/// don't touch the process environment; `Metrics` sees every request.
pub fn client_from(
    lookup: impl FnMut(&str) -> Option<OsString>,
    metrics: &Metrics,
) -> Result<Client> {
    ClientBuilder::from_env_with(lookup)?
        .timeout(Duration::from_secs(5))
        .interceptor(metrics.clone())
        .build()
}

/// What a request handler answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// The user's nickname.
    Nickname(String),
    /// HTTP 429 with `Retry-After` in seconds; the handler didn't wait.
    TryLater {
        /// Whole seconds, rounded up.
        retry_after_secs: u64,
        /// The failed request's id, for the logs.
        request_id: Option<String>,
    },
}

/// A request handler: it answers at once, even when Sendbird asks to wait.
pub async fn nickname_handler(client: &Client, user_id: &str) -> Result<Reply> {
    match client.chat().users().view_user(user_id).send().await {
        Ok(user) => Ok(Reply::Nickname(user.nickname.unwrap_or(user.user_id))),
        Err(e) if e.is_rate_limited() => {
            let wait = e.retry_after().unwrap_or(Duration::from_secs(1));
            Ok(Reply::TryLater {
                retry_after_secs: wait.as_secs() + u64::from(wait.subsec_nanos() > 0),
                request_id: e.request_id().map(str::to_owned),
            })
        }
        Err(e) => Err(e),
    }
}

/// A user as raw JSON, through the escape hatch (as for an endpoint the typed API
/// doesn't have yet).
pub async fn raw_user(client: &Client, user_id: &str) -> Result<Value> {
    client
        .raw("chat", Method::Get, format!("/users/{user_id}"))
        .send()
        .await
}

/// Renames prepared now, audited as JSON, sent later.
pub fn prepare_renames(
    client: &Client,
    renames: &[(&str, &str)],
) -> Result<Vec<(String, chat::users::UpdateUserRequest)>> {
    renames
        .iter()
        .map(|(user_id, nickname)| {
            let request = client
                .chat()
                .users()
                .update_user(*user_id)
                .nickname(*nickname);
            let audit = serde_json::to_string(&request.preview()?).unwrap_or_default();
            Ok((audit, request))
        })
        .collect()
}

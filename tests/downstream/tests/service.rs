//! The service module on the typed mock server: configuration from environment
//! variables, the metrics interceptor across retries, a handler that never waits out a
//! long rate limit, the raw escape hatch and requests prepared ahead.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::time::Duration;

use downstream::service::{self, Metrics, Reply};
use sendbird_platform::mock::MockServer;
use sendbird_platform::prelude::*;

fn env(server: &MockServer) -> impl FnMut(&str) -> Option<OsString> {
    let vars = BTreeMap::from([
        ("SENDBIRD_API_TOKEN", "service-token".to_owned()),
        ("SENDBIRD_CHAT_BASE_URL", server.base_url("chat")),
    ]);
    move |name| vars.get(name).map(OsString::from)
}

fn user(id: &str, nickname: &str) -> chat::User {
    let mut user = chat::User::default();
    user.user_id = id.to_owned();
    user.nickname = Some(nickname.to_owned());
    user
}

#[tokio::test]
async fn the_environment_configures_the_client_and_metrics_see_every_attempt() {
    let server = MockServer::start().await;
    let alice = server.chat().users().view_user("alice");
    alice.clone().times(1).rate_limited(Duration::ZERO).await;
    alice.returns(&user("alice", "Alice")).await;
    let metrics = Metrics::default();
    let client = service::client_from(env(&server), &metrics).unwrap();

    let reply = service::nickname_handler(&client, "alice").await.unwrap();
    assert_eq!(reply, Reply::Nickname("Alice".into()));
    // The 429 asked for no wait, so the client retried; the interceptor saw both.
    assert_eq!(metrics.snapshot().attempts["chat.users.view_user"], 2);
    let sent = server.chat().users().view_user("alice").requests().await;
    assert_eq!(sent.len(), 2);
    for request in &sent {
        assert_eq!(request.header("x-caller"), Some("downstream-service"));
        assert_eq!(request.header("api-token"), Some("service-token"));
    }
}

#[tokio::test]
async fn a_missing_variable_is_named() {
    let error = service::client_from(|_| None, &Metrics::default()).unwrap_err();
    assert!(error.to_string().contains("SENDBIRD_API_TOKEN"), "{error}");
}

#[tokio::test]
async fn the_handler_answers_at_once_when_sendbird_asks_for_a_long_wait() {
    let server = MockServer::start().await;
    server
        .chat()
        .users()
        .view_user("busy")
        .with_header("X-Request-Id", "req-busy")
        .rate_limited(Duration::from_secs(30))
        .await;
    let metrics = Metrics::default();
    // The library's default policy, not the mock's quick one: a 30 s wait is not sat out.
    let client = service::client_from(env(&server), &metrics).unwrap();
    let reply = service::nickname_handler(&client, "busy").await.unwrap();
    assert_eq!(
        reply,
        Reply::TryLater {
            retry_after_secs: 30,
            request_id: Some("req-busy".into())
        }
    );
    let stats = metrics.snapshot();
    assert_eq!(stats.attempts["chat.users.view_user"], 1);
    assert_eq!(stats.failed_request_ids, ["req-busy"]);
}

#[tokio::test]
async fn raw_calls_and_prepared_requests_reach_the_server() {
    let server = MockServer::start().await;
    server
        .chat()
        .users()
        .view_user("carol")
        .returns(&user("carol", "Carol"))
        .await;
    server
        .chat()
        .users()
        .update_user("carol")
        .returns(&user("carol", "Caroline"))
        .await;
    let client = server.client();

    let raw = service::raw_user(&client, "carol").await.unwrap();
    assert_eq!(raw["nickname"], "Carol");

    let prepared = service::prepare_renames(&client, &[("carol", "Caroline")]).unwrap();
    let (audit, request) = prepared.into_iter().next().unwrap();
    let audit: serde_json::Value = serde_json::from_str(&audit).unwrap();
    assert_eq!(audit["method"], "PUT");
    assert_eq!(audit["path_and_query"], "/users/carol");
    assert_eq!(audit["body"]["json"]["nickname"], "Caroline");
    let renamed = tokio::spawn(request.send()).await.unwrap().unwrap();
    assert_eq!(renamed.nickname.as_deref(), Some("Caroline"));
}

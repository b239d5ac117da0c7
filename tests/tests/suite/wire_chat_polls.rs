//! Wire tests of the Chat `polls` operations that their examples (in
//! `api-spec/chat/polls.yaml`) can't state: streams over several pages and inputs
//! rejected before anything is sent.

use futures::TryStreamExt;
use sendbird_platform::generated::chat::types::PollStatus;
use sendbird_platform::{Client, Error, RetryPolicy};
use serde_json::{json, Value};
use wiremock::matchers::{any, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A client whose Chat requests go to `server` under `/v3`, without retries.
fn client(server: &MockServer) -> Client {
    Client::builder()
        .app_id("test-app")
        .api_token("test-master-api-token-0123456789")
        .base_url("chat", format!("{}/v3", server.uri()))
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("valid test client")
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

/// A server that answers anything but must not be called.
async fn silent_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ok(json!({})))
        .expect(0)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn list_poll_option_voters_streams_every_page() {
    let server = MockServer::start().await;
    let voters_path = "/v3/polls/2217/options/3591/voters";
    Mock::given(method("GET"))
        .and(path(voters_path))
        .and(query_param("limit", "2"))
        .and(query_param_is_missing("token"))
        .respond_with(ok(json!({
            "vote_count": 3,
            "voters": [{"user_id": "ann"}, {"user_id": "bob"}],
            "next": "cGFnZTI="
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(voters_path))
        .and(query_param("limit", "2"))
        .and(query_param("token", "cGFnZTI="))
        .respond_with(ok(
            json!({"vote_count": 3, "voters": [{"user_id": "cy"}], "next": ""}),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let voters: Vec<_> = client(&server)
        .chat()
        .polls()
        .list_poll_option_voters(2217, 3591)
        .limit(2)
        .into_stream()
        .try_collect()
        .await
        .expect("every page loads");
    let ids: Vec<&str> = voters.iter().map(|v| v.user_id.as_str()).collect();
    assert_eq!(ids, ["ann", "bob", "cy"]);
}

#[tokio::test]
async fn list_polls_streams_every_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v3/polls"))
        .and(query_param_is_missing("token"))
        .respond_with(ok(
            json!({"polls": [{"id": 1, "status": "open"}], "next": "Mg"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v3/polls"))
        .and(query_param("token", "Mg"))
        .respond_with(ok(
            json!({"polls": [{"id": 2, "status": "removed"}], "next": null}),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let polls: Vec<_> = client(&server)
        .chat()
        .polls()
        .list_polls()
        .into_stream()
        .try_collect()
        .await
        .expect("every page loads");
    let ids: Vec<i64> = polls.iter().map(|p| p.id).collect();
    assert_eq!(ids, [1, 2]);
    assert_eq!(polls[1].status, Some(PollStatus::Removed));
}

#[tokio::test]
async fn list_polls_limit_above_twenty_is_rejected_before_sending() {
    let server = silent_server().await;
    for limit in [0, 21] {
        let error = client(&server)
            .chat()
            .polls()
            .list_polls()
            .limit(limit)
            .send()
            .await
            .expect_err("limit out of range");
        match &error {
            Error::InvalidRequest { operation, message } => {
                assert_eq!(*operation, "chat.polls.list_polls");
                assert!(
                    message.contains("`limit` must be between 1 and 20"),
                    "{message}"
                );
            }
            other => panic!("expected InvalidRequest for limit {limit}, got {other:?}"),
        }
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

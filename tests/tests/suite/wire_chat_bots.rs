//! Wire tests of the Chat `bots` operations that the examples in
//! `api-spec/chat/bots.yaml` can't state: a stream across pages and inputs rejected
//! before anything is sent.

use futures::TryStreamExt;
use sendbird_platform::{Client, Error, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .app_id("test-app")
        .api_token("test-master-api-token-bots-0123456789")
        .base_url("chat", format!("{}/v3", server.uri()))
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("valid test client")
}

fn bot(id: &str) -> serde_json::Value {
    json!({"bot": {"bot_userid": id}, "is_privacy_mode": false})
}

#[tokio::test]
async fn list_bots_pages_through_every_bot() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v3/bots"))
        .and(query_param("limit", "2"))
        .and(query_param_is_missing("token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "bots": [bot("helper_bot"), bot("gif_bot")],
            "next": "cursor/2+=="
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v3/bots"))
        .and(query_param("limit", "2"))
        .and(query_param("token", "cursor/2+=="))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"bots": [bot("quiz_bot")], "next": ""})),
        )
        .expect(1)
        .mount(&server)
        .await;

    let ids: Vec<String> = client(&server)
        .chat()
        .bots()
        .list_bots()
        .limit(2)
        .into_stream()
        .map_ok(|b| b.bot.bot_userid)
        .try_collect()
        .await
        .expect("every page loads");
    assert_eq!(ids, ["helper_bot", "gif_bot", "quiz_bot"]);
}

#[tokio::test]
async fn inputs_are_checked_before_sending() {
    let server = MockServer::start().await;
    let bots = client(&server).chat().bots();
    let error = bots
        .create_bot(
            "helper_bot",
            "Helper",
            "",
            "helper",
            "https://bots.example/callback",
            true,
        )
        .channel_invitation_preference(2)
        .send()
        .await
        .expect_err("channel_invitation_preference is 0 or 1");
    assert!(
        matches!(&error, Error::InvalidRequest { message, .. } if message.contains("channel_invitation_preference")),
        "{error:?}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

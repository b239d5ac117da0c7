//! Wire tests of the Chat `announcements` operations that the examples in
//! `api-spec/chat/announcements.yaml` can't state: a stream across pages and required
//! inputs checked before anything is sent.

use futures::TryStreamExt;
use sendbird_platform::{Client, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .app_id("test-app")
        .api_token("test-master-api-token-announcements")
        .base_url("chat", format!("{}/v3", server.uri()))
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("valid test client")
}

#[tokio::test]
async fn list_announcements_streams_every_page() {
    let server = MockServer::start().await;
    for (token, body) in [
        (
            None,
            json!({"announcements": [{"unique_id": "first"}], "next": "page-2"}),
        ),
        (
            Some("page-2"),
            json!({"announcements": [{"unique_id": "second"}], "next": ""}),
        ),
    ] {
        let mock = Mock::given(method("GET"))
            .and(path("/v3/announcements"))
            .and(query_param("limit", "1"));
        let mock = match token {
            Some(token) => mock.and(query_param("token", token)),
            None => mock.and(query_param_is_missing("token")),
        };
        mock.respond_with(ResponseTemplate::new(200).set_body_json(body))
            .expect(1)
            .mount(&server)
            .await;
    }

    let ids: Vec<String> = client(&server)
        .chat()
        .announcements()
        .list_announcements()
        .limit(1)
        .into_stream()
        .map_ok(|a| a.unique_id)
        .try_collect()
        .await
        .expect("every page loads");
    assert_eq!(ids, ["first", "second"]);
}

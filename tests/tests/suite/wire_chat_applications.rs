//! Wire tests of the Chat `applications` operations that the examples in
//! `api-spec/chat/applications.yaml` can't state: a stream over several pages, and the
//! exact HTTP Basic header of the 2016 operations (sent instead of the API token).
//!
//! The Chat base URL is overridden with `http://127.0.0.1:<port>/v3`, so the mock sees
//! the same `/v3/applications/...` paths as Sendbird does.

use futures::TryStreamExt;
use integration_tests::matchers::{exact_query, NoBody};
use sendbird_platform::{Client, RetryPolicy, UnixMillis};
use serde_json::{json, Value};
use wiremock::matchers::{header, method, path};
use wiremock::{Match, Mock, MockBuilder, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "test-master-api-token-0123456789";
const BASIC_USER: &str = "admin@example.com";
const BASIC_PASSWORD: &str = "s3cret pass";
/// `base64("admin@example.com:s3cret pass")`.
const BASIC_HEADER: &str = "Basic YWRtaW5AZXhhbXBsZS5jb206czNjcmV0IHBhc3M=";

/// A client whose Chat requests go to `server` under `/v3`, with an API token and the
/// dashboard login, without retries.
fn client(server: &MockServer) -> Client {
    Client::builder()
        .app_id("test-app")
        .api_token(TOKEN)
        .basic_auth(BASIC_USER, BASIC_PASSWORD)
        .base_url("chat", format!("{}/v3", server.uri()))
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("valid test client")
}

/// A mock for a GET authenticated with the API token, without a body.
fn sendbird_get(wire_path: &str) -> MockBuilder {
    Mock::given(method("GET"))
        .and(path(wire_path))
        .and(header("Api-Token", TOKEN))
        .and(NoBody)
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

/// Matches a request that does not carry the header.
struct NoHeader(&'static str);

impl Match for NoHeader {
    fn matches(&self, request: &Request) -> bool {
        !request.headers.contains_key(self.0)
    }
}

#[tokio::test]
async fn list_banned_users_in_channels_with_custom_type_pages_with_the_cursor() {
    let server = MockServer::start().await;
    let ban = |user_id: &str, start: i64| {
        json!({
            "user": {"user_id": user_id, "nickname": "Numbers", "profile_url": null},
            "start_at": start,
            "end_at": start + 11_500_000,
            "description": "Too many messages"
        })
    };
    let list_path = "/v3/applications/settings_by_channel_custom_type/sports/ban";
    sendbird_get(list_path)
        .and(exact_query(&[("limit", "2")]))
        .respond_with(ok(json!({
            "banned_list": [ban("Joe", 1_543_211_891_000), ban("Ann", 1_543_211_892_000)],
            "next": "d4R5lDaWR1nRFnPOelVaRy4s"
        })))
        .expect(1)
        .mount(&server)
        .await;
    sendbird_get(list_path)
        .and(exact_query(&[
            ("limit", "2"),
            ("token", "d4R5lDaWR1nRFnPOelVaRy4s"),
        ]))
        .respond_with(ok(json!({
            "banned_list": [ban("Bea", 1_543_211_893_000)],
            "next": ""
        })))
        .expect(1)
        .mount(&server)
        .await;

    let bans: Vec<_> = client(&server)
        .chat()
        .applications()
        .list_banned_users_in_channels_with_custom_type("sports")
        .limit(2)
        .into_stream()
        .try_collect()
        .await
        .expect("every page loads");

    let ids: Vec<&str> = bans
        .iter()
        .map(|b| b.user.as_ref().expect("user").user_id.as_str())
        .collect();
    assert_eq!(ids, ["Joe", "Ann", "Bea"]);
    assert_eq!(bans[2].start_at, Some(UnixMillis(1_543_211_893_000)));
}

#[tokio::test]
#[allow(deprecated)]
async fn basic_auth_operations_send_only_the_dashboard_login() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/v3/applications"))
        .and(header("Authorization", BASIC_HEADER))
        .and(NoHeader("api-token"))
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    let result = client(&server)
        .chat()
        .applications()
        .delete_all_applications()
        .send()
        .await;
    assert!(
        result.is_ok(),
        "delete_all_applications succeeds: {result:?}"
    );
}

//! Wire tests of the Chat `open_channels` operations that the examples in
//! `api-spec/chat/open_channels.yaml` can't state: streams over several pages, and
//! inputs rejected before anything is sent.

use futures::TryStreamExt;
use integration_tests::matchers::{exact_query, NoBody};
use sendbird_platform::generated::chat::types::{OpenChannel, UserSummary};
use sendbird_platform::{Client, Error, RetryPolicy};
use serde_json::{json, Value};
use wiremock::matchers::{any, header, method, path, query_param_is_missing};
use wiremock::{Mock, MockBuilder, MockServer, ResponseTemplate};

const TOKEN: &str = "test-master-api-token-0123456789";
const CHANNEL: &str = "live_seoul_vs_busan";

/// A client whose Chat requests go to `server` under `/v3`, without retries.
fn client(server: &MockServer) -> Client {
    Client::builder()
        .app_id("test-app")
        .api_token(TOKEN)
        .base_url("chat", format!("{}/v3", server.uri()))
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("valid test client")
}

/// A mock for a call with the token header and no body.
fn sendbird_call(http_method: &str, wire_path: &str) -> MockBuilder {
    Mock::given(method(http_method))
        .and(path(wire_path))
        .and(header("Api-Token", TOKEN))
        .and(NoBody)
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

#[tokio::test]
async fn list_open_channels_streams_every_page_following_the_token() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/open_channels")
        .and(query_param_is_missing("token"))
        .and(exact_query(&[("limit", "2"), ("custom_types", "sports")]))
        .respond_with(ok(json!({
            "channels": [{"channel_url": "c1"}, {"channel_url": "c2"}],
            "next": "cGFnZTI+/=="
        })))
        .expect(1)
        .mount(&server)
        .await;
    sendbird_call("GET", "/v3/open_channels")
        .and(exact_query(&[
            ("token", "cGFnZTI%2B%2F%3D%3D"),
            ("limit", "2"),
            ("custom_types", "sports"),
        ]))
        .respond_with(ok(json!({"channels": [{"channel_url": "c3"}], "next": ""})))
        .expect(1)
        .mount(&server)
        .await;

    let channels: Vec<OpenChannel> = client(&server)
        .chat()
        .open_channels()
        .list_open_channels()
        .limit(2)
        .custom_types(["sports"])
        .into_stream()
        .try_collect()
        .await
        .expect("every page loads");
    let urls: Vec<&str> = channels.iter().map(|c| c.channel_url.as_str()).collect();
    assert_eq!(urls, ["c1", "c2", "c3"]);
}

#[tokio::test]
async fn list_operators_streams_every_operator() {
    let server = MockServer::start().await;
    let wire_path = "/v3/open_channels/live_seoul_vs_busan/operators";
    sendbird_call("GET", wire_path)
        .and(exact_query(&[("limit", "1")]))
        .respond_with(ok(
            json!({"operators": [{"user_id": "mod_kim", "nickname": "Kim"}], "next": "op2"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    sendbird_call("GET", wire_path)
        .and(exact_query(&[("token", "op2"), ("limit", "1")]))
        .respond_with(ok(
            json!({"operators": [{"user_id": "mod_lee", "nickname": "Lee"}], "next": ""}),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let operators: Vec<UserSummary> = client(&server)
        .chat()
        .open_channels()
        .list_operators(CHANNEL)
        .limit(1)
        .into_stream()
        .try_collect()
        .await
        .expect("every page loads");
    assert_eq!(operators.len(), 2);
    let ids: Vec<&str> = operators.iter().map(|o| o.user_id.as_str()).collect();
    assert_eq!(ids, ["mod_kim", "mod_lee"]);
}

#[tokio::test]
async fn invalid_inputs_are_rejected_before_sending() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ok(json!({})))
        .expect(0)
        .mount(&server)
        .await;
    let open_channels = client(&server).chat().open_channels();

    // Documented ranges: -1 is the smallest period, pages hold 1 to 100 items.
    assert_invalid(
        open_channels
            .ban_user(CHANNEL, "troll_1")
            .seconds(-2)
            .send()
            .await,
        "chat.open_channels.ban_user",
        "`seconds`",
    );
    assert_invalid(
        open_channels
            .mute_user(CHANNEL, "loud_1")
            .seconds(-5)
            .send()
            .await,
        "chat.open_channels.mute_user",
        "`seconds`",
    );
    assert_invalid(
        open_channels
            .update_ban(CHANNEL, "troll_1", -2)
            .send()
            .await,
        "chat.open_channels.update_ban",
        "`seconds`",
    );
    for limit in [0, 101] {
        assert_invalid(
            open_channels.list_open_channels().limit(limit).send().await,
            "chat.open_channels.list_open_channels",
            "`limit` must be between 1 and 100",
        );
        assert_invalid(
            open_channels
                .list_participants(CHANNEL)
                .limit(limit)
                .send()
                .await,
            "chat.open_channels.list_participants",
            "`limit` must be between 1 and 100",
        );
        assert_invalid(
            open_channels
                .list_operators(CHANNEL)
                .limit(limit)
                .send()
                .await,
            "chat.open_channels.list_operators",
            "`limit` must be between 1 and 100",
        );
        assert_invalid(
            open_channels
                .list_banned_users(CHANNEL)
                .limit(limit)
                .send()
                .await,
            "chat.open_channels.list_banned_users",
            "`limit` must be between 1 and 100",
        );
        assert_invalid(
            open_channels
                .list_muted_users(CHANNEL)
                .limit(limit)
                .send()
                .await,
            "chat.open_channels.list_muted_users",
            "`limit` must be between 1 and 100",
        );
    }
    let requests = server
        .received_requests()
        .await
        .expect("request recording is on");
    assert!(
        requests.is_empty(),
        "expected no request, got {}",
        requests.len()
    );
}

/// Checks that `result` failed before sending, naming the operation and the field.
fn assert_invalid<T: std::fmt::Debug>(result: Result<T, Error>, operation: &str, needle: &str) {
    match result {
        Err(Error::InvalidRequest {
            operation: op,
            message,
        }) => {
            assert_eq!(op, operation);
            assert!(message.contains(needle), "{operation}: {message}");
        }
        other => panic!("{operation}: expected InvalidRequest, got {other:?}"),
    }
}

//! Wire tests of the Chat `group_channels` operations that the examples in
//! `api-spec/chat/group_channels.yaml` can't state: a stream over several pages, a
//! required input missing before anything is sent, and an empty answer that comes with
//! a body.

use futures::TryStreamExt;
use integration_tests::matchers::{exact_query, NoBody};
use sendbird_platform::generated::chat::types::GroupChannel;
use sendbird_platform::{Client, RetryPolicy};
use serde_json::{json, Value};
use wiremock::matchers::{header, method, path, query_param_is_missing};
use wiremock::{Mock, MockBuilder, MockServer, ResponseTemplate};

const TOKEN: &str = "test-master-api-token-0123456789";
const CHANNEL: &str = "sendbird_group_channel_17729_1b8a4c";

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

/// A mock for a GET with the token header and no body.
fn sendbird_get(wire_path: &str) -> MockBuilder {
    Mock::given(method("GET"))
        .and(path(wire_path))
        .and(header("Api-Token", TOKEN))
        .and(NoBody)
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

#[tokio::test]
async fn list_group_channels_streams_pages_following_the_token() {
    let server = MockServer::start().await;
    sendbird_get("/v3/group_channels")
        .and(query_param_is_missing("token"))
        .and(exact_query(&[("limit", "2"), ("show_member", "false")]))
        .respond_with(ok(json!({
            "channels": [{"channel_url": "c1"}, {"channel_url": "c2"}],
            "next": "cGFnZTI="
        })))
        .expect(1)
        .mount(&server)
        .await;
    sendbird_get("/v3/group_channels")
        .and(exact_query(&[
            ("token", "cGFnZTI%3D"),
            ("limit", "2"),
            ("show_member", "false"),
        ]))
        .respond_with(ok(json!({"channels": [{"channel_url": "c3"}], "next": ""})))
        .expect(1)
        .mount(&server)
        .await;

    let channels: Vec<GroupChannel> = client(&server)
        .chat()
        .group_channels()
        .list_group_channels()
        .limit(2)
        .show_member(false)
        .into_stream()
        .try_collect()
        .await
        .expect("both pages are fetched");
    let urls: Vec<&str> = channels.iter().map(|c| c.channel_url.as_str()).collect();
    assert_eq!(urls, ["c1", "c2", "c3"]);
}

#[tokio::test]
async fn a_ban_takes_its_length_as_a_duration_and_maps_take_any_pairs() {
    use std::time::Duration;
    use wiremock::matchers::body_json;

    let server = MockServer::start().await;
    let ban_path = format!("/v3/group_channels/{CHANNEL}/ban");
    // A `Duration` goes on the wire as whole seconds, rounded down.
    Mock::given(method("POST"))
        .and(path(ban_path.as_str()))
        .and(header("Api-Token", TOKEN))
        .and(body_json(json!({ "user_id": "troll_42", "seconds": 5400 })))
        .respond_with(ok(
            json!({ "user_id": "troll_42", "start_at": 1, "end_at": 5_400_001 }),
        ))
        .expect(1)
        .mount(&server)
        .await;
    // A plain number still works, and keeps the special value -1.
    Mock::given(method("POST"))
        .and(path(ban_path.as_str()))
        .and(header("Api-Token", TOKEN))
        .and(body_json(json!({ "user_id": "spammer", "seconds": -1 })))
        .respond_with(ok(json!({ "user_id": "spammer" })))
        .expect(1)
        .mount(&server)
        .await;
    let group_channels = client(&server).chat().group_channels();

    let ban = group_channels
        .ban_user(CHANNEL, "troll_42")
        .seconds(Duration::from_millis(5_400_999))
        .send()
        .await
        .expect("the ban is sent");
    assert_eq!(ban.user_id.as_deref(), Some("troll_42"));
    group_channels
        .ban_user(CHANNEL, "spammer")
        .seconds(-1)
        .send()
        .await
        .expect("the permanent ban is sent");

    // A map input takes any (key, value) pairs: here an array with `&str` keys.
    let hidden = [(
        "ann",
        sendbird_platform::generated::chat::types::GroupChannelHiddenState::HiddenAllowAutoUnhide,
    )];
    Mock::given(method("POST"))
        .and(path("/v3/group_channels"))
        .and(header("Api-Token", TOKEN))
        .and(body_json(json!({
            "user_ids": ["ann", "bob"],
            "hidden_status": { "ann": "hidden_allow_auto_unhide" },
        })))
        .respond_with(ok(json!({ "channel_url": CHANNEL })))
        .expect(1)
        .mount(&server)
        .await;
    let created = group_channels
        .create_group_channel()
        .user_ids(["ann", "bob"])
        .hidden_status(hidden)
        .send()
        .await
        .expect("the channel is created");
    assert_eq!(created.channel_url, CHANNEL);
}

/// The docs page says muting a member answers an empty body; the 2024-09 OpenAPI file
/// says a whole group channel. Either way the call succeeds with `()`.
#[tokio::test]
async fn mute_user_succeeds_whether_the_answer_is_empty_or_a_channel() {
    for body in [
        json!({}),
        json!({"channel_url": CHANNEL, "name": "Saturday soccer", "member_count": 3}),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path(format!("/v3/group_channels/{CHANNEL}/mute")))
            .and(header("Api-Token", TOKEN))
            .respond_with(ok(body))
            .expect(1)
            .mount(&server)
            .await;
        let () = client(&server)
            .chat()
            .group_channels()
            .mute_user(CHANNEL, "loud_1")
            .send()
            .await
            .expect("a successful mute, whatever its body");
    }
}

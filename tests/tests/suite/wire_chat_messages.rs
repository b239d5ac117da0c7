//! Wire tests of the Chat `messages` and `scheduled_messages` operations that their
//! examples (in `api-spec/chat/messages.yaml` and `scheduled_messages.yaml`) can't state:
//! inputs rejected before anything is sent, and streams of a channel's messages that
//! walk several pages around an anchor.

use futures::{StreamExt, TryStreamExt};
use integration_tests::matchers::{exact_query, NoBody};
use sendbird_platform::generated::chat::messages::ListMessagesAnchor;
use sendbird_platform::generated::chat::types::{ChannelType, Message};
use sendbird_platform::{Client, Error, RetryPolicy, UnixMillis, Walk};
use serde_json::{json, Value};
use wiremock::matchers::{any, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

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

/// A server that answers anything but must not be called.
async fn silent_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(0)
        .mount(&server)
        .await;
    server
}

fn assert_no_requests(requests: Option<Vec<Request>>) {
    let requests = requests.expect("request recording is on");
    assert!(
        requests.is_empty(),
        "expected no request, got {:?}",
        requests
            .iter()
            .map(|r| format!("{} {}", r.method, r.url))
            .collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn list_messages_rejects_a_limit_out_of_range_before_sending() {
    let server = silent_server().await;
    let error = client(&server)
        .chat()
        .messages()
        .list_messages(
            ChannelType::GroupChannels,
            "team_channel",
            ListMessagesAnchor::MessageTs(UnixMillis(0)),
        )
        .next_limit(201)
        .send()
        .await
        .expect_err("next_limit is at most 200");
    match &error {
        Error::InvalidRequest { operation, message } => {
            assert_eq!(*operation, "chat.messages.list_messages");
            assert!(message.contains("`next_limit`"), "{message}");
        }
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    assert_no_requests(server.received_requests().await);
}

// ---------------------------------------------------------------------------------------
// Streams around an anchor
// ---------------------------------------------------------------------------------------

/// A text message sent at `ts` (an unknown kind for id 4, which the walk follows too).
fn message(id: i64, ts: i64) -> Value {
    let kind = if id == 4 { "POLL" } else { "MESG" };
    json!({"type": kind, "message_id": id, "message": format!("m{id}"), "created_at": ts, "channel_url": "room"})
}

/// Answers one `list_messages` request with exactly `query`, once, with `messages`
/// listed oldest first as Sendbird does.
async fn page(server: &MockServer, query: &[(&str, &str)], messages: &[(i64, i64)], times: u64) {
    let listed: Vec<Value> = messages.iter().map(|&(id, ts)| message(id, ts)).collect();
    Mock::given(method("GET"))
        .and(path("/v3/group_channels/room/messages"))
        .and(header("Api-Token", "test-master-api-token-0123456789"))
        .and(NoBody)
        .and(exact_query(query))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "messages": listed })))
        .expect(times)
        .mount(server)
        .await;
}

fn ids(messages: &[Message]) -> Vec<i64> {
    messages.iter().map(|m| m.message_id().unwrap()).collect()
}

/// Four pages going back from 1000: each next page is anchored at the oldest message
/// so far with the messages at that time included, the ones already seen are dropped
/// (id 6 and id 3), and a page with nothing new ends the stream.
async fn four_pages_back(server: &MockServer, times: [u64; 4]) {
    let back = [("prev_limit", "2"), ("next_limit", "0")];
    let q = |extra: &[(&'static str, &'static str)]| -> Vec<(&'static str, &'static str)> {
        extra.iter().chain(&back).copied().collect()
    };
    page(
        server,
        &q(&[("message_ts", "1000")]),
        &[(6, 500), (7, 600)],
        times[0],
    )
    .await;
    page(
        server,
        &q(&[("message_ts", "500"), ("include", "true")]),
        &[(3, 300), (4, 400), (5, 500), (6, 500)],
        times[1],
    )
    .await;
    page(
        server,
        &q(&[("message_ts", "300"), ("include", "true")]),
        &[(1, 100), (2, 200), (3, 300)],
        times[2],
    )
    .await;
    page(
        server,
        &q(&[("message_ts", "100"), ("include", "true")]),
        &[(1, 100)],
        times[3],
    )
    .await;
}

#[tokio::test]
async fn list_messages_streams_newest_first_across_pages_without_repeats() {
    let server = MockServer::start().await;
    four_pages_back(&server, [1, 1, 1, 1]).await;
    let messages: Vec<Message> = client(&server)
        .chat()
        .messages()
        .list_messages(
            ChannelType::GroupChannels,
            "room",
            ListMessagesAnchor::MessageTs(UnixMillis(1000)),
        )
        .walk(Walk::backward().page_size(2))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&messages), [7, 6, 5, 4, 3, 2, 1]);
    // The message of a kind this version doesn't know is kept, in its place.
    assert!(matches!(&messages[3], Message::Unknown(v) if v["type"] == "POLL"));
    assert_eq!(messages[0].message(), Some("m7"));
}

#[tokio::test]
async fn list_messages_stream_stops_fetching_when_the_caller_stops() {
    let server = MockServer::start().await;
    // "The newest 3": the first page has 2, so exactly one more page is fetched.
    four_pages_back(&server, [1, 1, 0, 0]).await;
    let newest: Vec<Message> = client(&server)
        .chat()
        .messages()
        .list_messages(
            ChannelType::GroupChannels,
            "room",
            ListMessagesAnchor::MessageTs(UnixMillis(1000)),
        )
        .prev_limit(2)
        .into_stream()
        .take(3)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&newest), [7, 6, 5]);
}

#[tokio::test]
async fn list_messages_walks_forward_between_two_times() {
    let server = MockServer::start().await;
    let forward = [("next_limit", "2"), ("prev_limit", "0")];
    let q = |extra: &[(&'static str, &'static str)]| -> Vec<(&'static str, &'static str)> {
        extra.iter().chain(&forward).copied().collect()
    };
    page(
        &server,
        &q(&[("message_ts", "150")]),
        &[(2, 200), (3, 300)],
        1,
    )
    .await;
    page(
        &server,
        &q(&[("message_ts", "300"), ("include", "true")]),
        &[(3, 300), (5, 400), (6, 500)],
        1,
    )
    .await;
    // Everything from 150 to 400: the second page reaches past 400, so no third one.
    let between: Vec<Message> = client(&server)
        .chat()
        .messages()
        .list_messages(
            ChannelType::GroupChannels,
            "room",
            ListMessagesAnchor::MessageTs(UnixMillis(150)),
        )
        .walk(Walk::forward().page_size(2).until(UnixMillis(400)))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&between), [2, 3, 5]);
}

#[tokio::test]
async fn list_messages_stream_ends_with_the_servers_error() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(400).set_body_json(
                json!({"error": true, "code": 400201, "message": "Channel not found."}),
            ),
        )
        .expect(1)
        .mount(&server)
        .await;
    let results: Vec<Result<Message, Error>> = client(&server)
        .chat()
        .messages()
        .list_messages(
            ChannelType::GroupChannels,
            "nowhere",
            ListMessagesAnchor::MessageId(5),
        )
        .into_stream()
        .collect()
        .await;
    assert_eq!(results.len(), 1);
    assert!(matches!(&results[0], Err(Error::Api { .. })), "{results:?}");
}

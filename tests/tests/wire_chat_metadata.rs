//! Wire tests of the Chat `metadata` operations (user metadata, channel metadata and
//! channel metacounters): each one sends exactly the expected method, path, query,
//! headers and body to a loopback mock server, and decodes a realistic response.
//!
//! Most of these responses are bare JSON objects keyed by metadata key, so they decode
//! into maps; the map keys are whatever Sendbird stored, never a fixed field list.
//!
//! The client's Chat base URL is overridden with `http://127.0.0.1:<port>/v3`, so the
//! mock sees the same `/v3/...` paths as Sendbird does.

use std::collections::BTreeMap;

use sendbird_platform::generated::chat::types::{ChannelType, MetacounterMode};
use sendbird_platform::{Client, Error, RetryPolicy};
use serde_json::{json, Value};
use wiremock::matchers::{any, body_json, header, method, path, query_param};
use wiremock::{Match, Mock, MockBuilder, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "test-master-api-token-0123456789";
const JSON_CONTENT_TYPE: &str = "application/json; charset=utf8";
const CHANNEL: &str = "sendbird_group_channel_2453_0c29e9a3";

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

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

/// A mock for a JSON call: method, exact path, the token header, the JSON content type
/// and `Accept`. Each test adds its own query and body matchers.
fn sendbird_call(http_method: &str, wire_path: &str) -> MockBuilder {
    Mock::given(method(http_method))
        .and(path(wire_path))
        .and(header("Api-Token", TOKEN))
        .and(header("Content-Type", JSON_CONTENT_TYPE))
        .and(header("Accept", "application/json"))
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

/// Matches the request's raw (still percent-encoded) query pairs exactly, in any order.
struct ExactQuery(Vec<(String, String)>);

fn exact_query(pairs: &[(&str, &str)]) -> ExactQuery {
    let mut pairs: Vec<(String, String)> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    pairs.sort();
    ExactQuery(pairs)
}

impl Match for ExactQuery {
    fn matches(&self, request: &Request) -> bool {
        let mut pairs: Vec<(String, String)> = request
            .url
            .query()
            .unwrap_or_default()
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| match pair.split_once('=') {
                Some((k, v)) => (k.to_owned(), v.to_owned()),
                None => (pair.to_owned(), String::new()),
            })
            .collect();
        pairs.sort();
        pairs == self.0
    }
}

/// Matches a request without any query string (not even a bare `?`).
struct NoQuery;

impl Match for NoQuery {
    fn matches(&self, request: &Request) -> bool {
        request.url.query().is_none()
    }
}

/// Matches a request with an empty body.
struct NoBody;

impl Match for NoBody {
    fn matches(&self, request: &Request) -> bool {
        request.body.is_empty()
    }
}

fn strings(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn counters(pairs: &[(&str, i64)]) -> BTreeMap<String, i64> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect()
}

fn channel_path(channel_type: &str, tail: &str) -> String {
    format!("/v3/{channel_type}/{CHANNEL}/{tail}")
}

// ---------------------------------------------------------------------------------------
// User metadata
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn create_user_metadata_sends_the_items_and_decodes_the_stored_map() {
    let server = MockServer::start().await;
    sendbird_call("POST", "/v3/users/ann/metadata")
        .and(NoQuery)
        .and(body_json(json!({
            "metadata": {"font_preference": "times new roman", "font_color": "black"}
        })))
        .respond_with(ok(json!({
            "font_preference": "times new roman",
            "font_color": "black"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let stored = client(&server)
        .chat()
        .metadata()
        .create_user_metadata("ann")
        .metadata(strings(&[
            ("font_preference", "times new roman"),
            ("font_color", "black"),
        ]))
        .send()
        .await
        .expect("create_user_metadata succeeds");

    assert_eq!(
        stored,
        strings(&[
            ("font_color", "black"),
            ("font_preference", "times new roman")
        ])
    );
}

#[tokio::test]
async fn view_user_metadata_sends_keys_comma_joined() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/users/ann/metadata")
        .and(NoBody)
        .and(query_param("keys", "font_color,font size"))
        // Each key is encoded on its own; the separators stay literal commas.
        .and(exact_query(&[("keys", "font_color,font%20size")]))
        .respond_with(ok(json!({"font_color": "gray", "font size": "12pt"})))
        .expect(1)
        .mount(&server)
        .await;

    let items = client(&server)
        .chat()
        .metadata()
        .view_user_metadata("ann")
        .keys(["font_color", "font size"])
        .send()
        .await
        .expect("view_user_metadata succeeds");

    assert_eq!(items.len(), 2);
    assert_eq!(items["font_color"], "gray");
    assert_eq!(items["font size"], "12pt");
}

#[tokio::test]
async fn update_user_metadata_sends_items_and_upsert() {
    let server = MockServer::start().await;
    sendbird_call("PUT", "/v3/users/ann/metadata")
        .and(NoQuery)
        .and(body_json(json!({
            "metadata": {"font_color": "gray", "timezone": "Asia/Seoul"},
            "upsert": true
        })))
        .respond_with(ok(json!({"font_color": "gray", "timezone": "Asia/Seoul"})))
        .expect(1)
        .mount(&server)
        .await;

    let updated = client(&server)
        .chat()
        .metadata()
        .update_user_metadata("ann")
        .metadata(strings(&[
            ("font_color", "gray"),
            ("timezone", "Asia/Seoul"),
        ]))
        .upsert(true)
        .send()
        .await
        .expect("update_user_metadata succeeds");

    assert_eq!(
        updated,
        strings(&[("font_color", "gray"), ("timezone", "Asia/Seoul")])
    );
}

#[tokio::test]
async fn delete_user_metadata_sends_the_key_query() {
    let server = MockServer::start().await;
    sendbird_call("DELETE", "/v3/users/ann/metadata")
        .and(NoBody)
        .and(query_param("key", "font color"))
        .and(exact_query(&[("key", "font%20color")]))
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    // Without `key`, every item goes: no query at all.
    sendbird_call("DELETE", "/v3/users/bob/metadata")
        .and(NoBody)
        .and(NoQuery)
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    let metadata = client(&server).chat().metadata();
    metadata
        .delete_user_metadata("ann")
        .key("font color")
        .send()
        .await
        .expect("delete one item");
    let () = metadata
        .delete_user_metadata("bob")
        .send()
        .await
        .expect("delete every item");
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn view_user_metadata_by_key_puts_the_key_in_one_path_segment() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/users/ann/metadata/font%2Fcolor")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(json!({"font/color": "gray"})))
        .expect(1)
        .mount(&server)
        .await;

    let item = client(&server)
        .chat()
        .metadata()
        .view_user_metadata_by_key("ann", "font/color")
        .send()
        .await
        .expect("view_user_metadata_by_key succeeds");

    assert_eq!(item, strings(&[("font/color", "gray")]));
}

#[tokio::test]
async fn update_user_metadata_by_key_sends_value_and_upsert() {
    let server = MockServer::start().await;
    sendbird_call("PUT", "/v3/users/ann/metadata/font_color")
        .and(NoQuery)
        .and(body_json(json!({"value": "navy", "upsert": false})))
        .respond_with(ok(json!({"font_color": "navy"})))
        .expect(1)
        .mount(&server)
        .await;

    let item = client(&server)
        .chat()
        .metadata()
        .update_user_metadata_by_key("ann", "font_color")
        .value("navy")
        .upsert(false)
        .send()
        .await
        .expect("update_user_metadata_by_key succeeds");

    assert_eq!(item.get("font_color").map(String::as_str), Some("navy"));
}

#[tokio::test]
async fn update_user_metadata_by_key_without_value_fails_before_sending() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ok(json!({})))
        .expect(0)
        .mount(&server)
        .await;

    let error = client(&server)
        .chat()
        .metadata()
        .update_user_metadata_by_key("ann", "font_color")
        .upsert(true)
        .send()
        .await
        .expect_err("`value` is required");
    match &error {
        Error::InvalidRequest { operation, message } => {
            assert_eq!(*operation, "chat.metadata.update_user_metadata_by_key");
            assert!(message.contains("`value`"), "{message}");
        }
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn delete_user_metadata_by_key_sends_an_empty_delete() {
    let server = MockServer::start().await;
    sendbird_call("DELETE", "/v3/users/ann/metadata/font_color")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server)
        .chat()
        .metadata()
        .delete_user_metadata_by_key("ann", "font_color")
        .send_with_metadata()
        .await
        .expect("delete_user_metadata_by_key succeeds");
    assert_eq!(response.status, 200);
}

// ---------------------------------------------------------------------------------------
// Channel metadata
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn create_channel_metadata_sends_items_and_include_ts() {
    let server = MockServer::start().await;
    sendbird_call("POST", &channel_path("group_channels", "metadata"))
        .and(NoQuery)
        .and(body_json(json!({
            "metadata": {"background": "blue", "text_size": "large"},
            "include_ts": true
        })))
        // With `include_ts`, the items come wrapped next to the creation time (the
        // shape of today's reference); the map keeps every member as JSON.
        .respond_with(ok(json!({
            "metadata": {"background": "blue", "text_size": "large"},
            "include_ts": 1_700_000_000_123_i64
        })))
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server)
        .chat()
        .metadata()
        .create_channel_metadata(ChannelType::GroupChannels, CHANNEL)
        .metadata(strings(&[("background", "blue"), ("text_size", "large")]))
        .include_ts(true)
        .send()
        .await
        .expect("create_channel_metadata succeeds");

    assert_eq!(
        response["metadata"],
        json!({"background": "blue", "text_size": "large"})
    );
    assert_eq!(response["include_ts"], json!(1_700_000_000_123_i64));
}

#[tokio::test]
async fn create_channel_metadata_decodes_the_bare_map_without_include_ts() {
    let server = MockServer::start().await;
    sendbird_call("POST", &channel_path("open_channels", "metadata"))
        .and(NoQuery)
        .and(body_json(json!({"metadata": {"theme": "dark"}})))
        .respond_with(ok(json!({"theme": "dark", "legacy": null})))
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server)
        .chat()
        .metadata()
        .create_channel_metadata(ChannelType::OpenChannels, CHANNEL)
        .metadata(strings(&[("theme", "dark")]))
        .send()
        .await
        .expect("create_channel_metadata succeeds");

    assert_eq!(response.len(), 2);
    assert_eq!(response["theme"], json!("dark"));
    assert_eq!(response["legacy"], Value::Null);
}

#[tokio::test]
async fn view_channel_metadata_sends_the_key_query() {
    let server = MockServer::start().await;
    sendbird_call("GET", &channel_path("open_channels", "metadata"))
        .and(NoBody)
        .and(exact_query(&[("key", "background")]))
        .respond_with(ok(json!({"background": "blue"})))
        .expect(1)
        .mount(&server)
        .await;
    sendbird_call("GET", &channel_path("group_channels", "metadata"))
        .and(NoBody)
        .and(exact_query(&[("keys", "background,text_size")]))
        .respond_with(ok(json!({"background": "blue", "text_size": "large"})))
        .expect(1)
        .mount(&server)
        .await;

    let metadata = client(&server).chat().metadata();
    let one = metadata
        .view_channel_metadata(ChannelType::OpenChannels, CHANNEL)
        .key("background")
        .send()
        .await
        .expect("view one item");
    assert_eq!(one, strings(&[("background", "blue")]));

    let some = metadata
        .view_channel_metadata(ChannelType::GroupChannels, CHANNEL)
        .keys(["background", "text_size"])
        .send()
        .await
        .expect("view several items");
    assert_eq!(
        some,
        strings(&[("background", "blue"), ("text_size", "large")])
    );
}

#[tokio::test]
async fn update_channel_metadata_sends_items_and_upsert() {
    let server = MockServer::start().await;
    sendbird_call("PUT", &channel_path("group_channels", "metadata"))
        .and(NoQuery)
        .and(body_json(json!({
            "metadata": {"background": "green", "description": "Q3 planning, room B"},
            "upsert": true
        })))
        .respond_with(ok(json!({
            "background": "green",
            "description": "Q3 planning, room B"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let updated = client(&server)
        .chat()
        .metadata()
        .update_channel_metadata(ChannelType::GroupChannels, CHANNEL)
        .metadata(strings(&[
            ("background", "green"),
            ("description", "Q3 planning, room B"),
        ]))
        .upsert(true)
        .send()
        .await
        .expect("update_channel_metadata succeeds");

    assert_eq!(updated["description"], "Q3 planning, room B");
    assert_eq!(updated["background"], "green");
}

#[tokio::test]
async fn delete_channel_metadata_sends_the_key_query() {
    let server = MockServer::start().await;
    sendbird_call("DELETE", &channel_path("group_channels", "metadata"))
        .and(NoBody)
        .and(exact_query(&[("key", "text_size")]))
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .chat()
        .metadata()
        .delete_channel_metadata(ChannelType::GroupChannels, CHANNEL)
        .key("text_size")
        .send()
        .await
        .expect("delete_channel_metadata succeeds");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn view_channel_metadata_by_key_encodes_the_channel_url_and_key() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/open_channels/lobby%20%231/metadata/text%3Fsize")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(json!({"text?size": "large"})))
        .expect(1)
        .mount(&server)
        .await;

    let item = client(&server)
        .chat()
        .metadata()
        .view_channel_metadata_by_key(ChannelType::OpenChannels, "lobby #1", "text?size")
        .send()
        .await
        .expect("view_channel_metadata_by_key succeeds");

    assert_eq!(item, strings(&[("text?size", "large")]));
}

#[tokio::test]
async fn update_channel_metadata_by_key_sends_value_and_upsert() {
    let server = MockServer::start().await;
    sendbird_call(
        "PUT",
        &channel_path("group_channels", "metadata/background"),
    )
    .and(NoQuery)
    .and(body_json(json!({"value": "red", "upsert": true})))
    // The 2016 reference answers `{"value": ...}`; either shape is a string map.
    .respond_with(ok(json!({"value": "red"})))
    .expect(1)
    .mount(&server)
    .await;

    let item = client(&server)
        .chat()
        .metadata()
        .update_channel_metadata_by_key(ChannelType::GroupChannels, CHANNEL, "background")
        .value("red")
        .upsert(true)
        .send()
        .await
        .expect("update_channel_metadata_by_key succeeds");

    assert_eq!(item, strings(&[("value", "red")]));
}

#[tokio::test]
async fn delete_channel_metadata_by_key_sends_an_empty_delete() {
    let server = MockServer::start().await;
    sendbird_call(
        "DELETE",
        &channel_path("open_channels", "metadata/background"),
    )
    .and(NoQuery)
    .and(NoBody)
    .respond_with(ok(json!({})))
    .expect(1)
    .mount(&server)
    .await;

    let response = client(&server)
        .chat()
        .metadata()
        .delete_channel_metadata_by_key(ChannelType::OpenChannels, CHANNEL, "background")
        .send_with_metadata()
        .await
        .expect("delete_channel_metadata_by_key succeeds");
    assert_eq!(response.status, 200);
}

// ---------------------------------------------------------------------------------------
// Channel metacounters
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn create_channel_metacounter_sends_integer_counters() {
    let server = MockServer::start().await;
    sendbird_call("POST", &channel_path("group_channels", "metacounter"))
        .and(NoQuery)
        .and(body_json(json!({
            "metacounter": {"likes": 0, "dislikes": 0, "views": 9_007_199_254_740_993_i64}
        })))
        .respond_with(ok(json!({
            "likes": 0,
            "dislikes": 0,
            "views": 9_007_199_254_740_993_i64
        })))
        .expect(1)
        .mount(&server)
        .await;

    let stored = client(&server)
        .chat()
        .metadata()
        .create_channel_metacounter(ChannelType::GroupChannels, CHANNEL)
        .metacounter(counters(&[
            ("likes", 0),
            ("dislikes", 0),
            ("views", 9_007_199_254_740_993),
        ]))
        .send()
        .await
        .expect("create_channel_metacounter succeeds");

    assert_eq!(
        stored,
        counters(&[
            ("dislikes", 0),
            ("likes", 0),
            ("views", 9_007_199_254_740_993)
        ])
    );
}

#[tokio::test]
async fn view_channel_metacounter_sends_keys_comma_joined() {
    let server = MockServer::start().await;
    sendbird_call("GET", &channel_path("open_channels", "metacounter"))
        .and(NoBody)
        .and(exact_query(&[("keys", "likes,dislikes")]))
        .respond_with(ok(json!({"likes": 12, "dislikes": -3})))
        .expect(1)
        .mount(&server)
        .await;

    let values = client(&server)
        .chat()
        .metadata()
        .view_channel_metacounter(ChannelType::OpenChannels, CHANNEL)
        .keys(["likes", "dislikes"])
        .send()
        .await
        .expect("view_channel_metacounter succeeds");

    assert_eq!(values, counters(&[("dislikes", -3), ("likes", 12)]));
}

#[tokio::test]
async fn update_channel_metacounter_sends_mode_and_upsert() {
    let server = MockServer::start().await;
    sendbird_call("PUT", &channel_path("group_channels", "metacounter"))
        .and(NoQuery)
        .and(body_json(json!({
            "metacounter": {"likes": 2, "shares": 1},
            "mode": "increase",
            "upsert": true
        })))
        .respond_with(ok(json!({"likes": 14, "shares": 1})))
        .expect(1)
        .mount(&server)
        .await;
    sendbird_call("PUT", &channel_path("open_channels", "metacounter"))
        .and(NoQuery)
        .and(body_json(
            json!({"metacounter": {"likes": 1}, "mode": "decrease"}),
        ))
        .respond_with(ok(json!({"likes": 13})))
        .expect(1)
        .mount(&server)
        .await;

    let metadata = client(&server).chat().metadata();
    let raised = metadata
        .update_channel_metacounter(ChannelType::GroupChannels, CHANNEL)
        .metacounter(counters(&[("likes", 2), ("shares", 1)]))
        .mode(MetacounterMode::Increase)
        .upsert(true)
        .send()
        .await
        .expect("increase succeeds");
    assert_eq!(raised, counters(&[("likes", 14), ("shares", 1)]));

    let lowered = metadata
        .update_channel_metacounter(ChannelType::OpenChannels, CHANNEL)
        .metacounter(counters(&[("likes", 1)]))
        .mode(MetacounterMode::Decrease)
        .send()
        .await
        .expect("decrease succeeds");
    assert_eq!(lowered, counters(&[("likes", 13)]));
}

#[tokio::test]
async fn delete_channel_metacounter_sends_an_empty_delete() {
    let server = MockServer::start().await;
    sendbird_call("DELETE", &channel_path("group_channels", "metacounter"))
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server)
        .chat()
        .metadata()
        .delete_channel_metacounter(ChannelType::GroupChannels, CHANNEL)
        .send_with_metadata()
        .await
        .expect("delete_channel_metacounter succeeds");
    assert_eq!(response.status, 200);
}

#[tokio::test]
async fn view_channel_metacounter_by_key_decodes_the_counter() {
    let server = MockServer::start().await;
    sendbird_call("GET", &channel_path("group_channels", "metacounter/likes"))
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(json!({"likes": 42})))
        .expect(1)
        .mount(&server)
        .await;

    let value = client(&server)
        .chat()
        .metadata()
        .view_channel_metacounter_by_key(ChannelType::GroupChannels, CHANNEL, "likes")
        .send()
        .await
        .expect("view_channel_metacounter_by_key succeeds");

    assert_eq!(value.get("likes"), Some(&42));
}

#[tokio::test]
async fn update_channel_metacounter_by_key_sends_value_mode_and_upsert() {
    let server = MockServer::start().await;
    sendbird_call("PUT", &channel_path("group_channels", "metacounter/likes"))
        .and(NoQuery)
        .and(body_json(
            json!({"value": 5, "mode": "set", "upsert": true}),
        ))
        // The 2016 reference's shape: the value next to the mode string.
        .respond_with(ok(json!({"value": 5, "mode": "set"})))
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server)
        .chat()
        .metadata()
        .update_channel_metacounter_by_key(ChannelType::GroupChannels, CHANNEL, "likes")
        .value(5)
        .mode(MetacounterMode::Set)
        .upsert(true)
        .send()
        .await
        .expect("update_channel_metacounter_by_key succeeds");

    assert_eq!(response["value"].as_i64(), Some(5));
    assert_eq!(response["mode"], "set");
}

#[tokio::test]
async fn delete_channel_metacounter_by_key_sends_an_empty_delete() {
    let server = MockServer::start().await;
    sendbird_call(
        "DELETE",
        &channel_path("open_channels", "metacounter/likes"),
    )
    .and(NoQuery)
    .and(NoBody)
    .respond_with(ok(json!({})))
    .expect(1)
    .mount(&server)
    .await;

    let response = client(&server)
        .chat()
        .metadata()
        .delete_channel_metacounter_by_key(ChannelType::OpenChannels, CHANNEL, "likes")
        .send_with_metadata()
        .await
        .expect("delete_channel_metacounter_by_key succeeds");
    assert_eq!(response.status, 200);
}

// ---------------------------------------------------------------------------------------
// Decoding edge cases
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_non_integer_metacounter_value_is_a_decode_error() {
    let server = MockServer::start().await;
    sendbird_call("GET", &channel_path("group_channels", "metacounter"))
        .and(NoQuery)
        .respond_with(ok(json!({"likes": "many"})))
        .expect(1)
        .mount(&server)
        .await;

    let error = client(&server)
        .chat()
        .metadata()
        .view_channel_metacounter(ChannelType::GroupChannels, CHANNEL)
        .send()
        .await
        .expect_err("a string is not a counter");
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
}

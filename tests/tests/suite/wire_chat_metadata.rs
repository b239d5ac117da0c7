//! Wire tests of the Chat `metadata` operations (user metadata, channel metadata and
//! channel metacounters) for what the operations' examples (`api-spec/chat/metadata.yaml`)
//! can't state: a check made before sending and a response that fails to decode.
//!
//! The client's Chat base URL is overridden with `http://127.0.0.1:<port>/v3`, so the
//! mock sees the same `/v3/...` paths as Sendbird does.

use integration_tests::matchers::NoQuery;
use sendbird_platform::generated::chat::types::ChannelType;
use sendbird_platform::{Client, Error, RetryPolicy};
use serde_json::{json, Value};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockBuilder, MockServer, ResponseTemplate};

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

fn channel_path(channel_type: &str, tail: &str) -> String {
    format!("/v3/{channel_type}/{CHANNEL}/{tail}")
}

// ---------------------------------------------------------------------------------------
// User metadata
// ---------------------------------------------------------------------------------------

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

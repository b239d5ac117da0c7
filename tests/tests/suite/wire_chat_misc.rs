//! Wire tests of the smaller Chat areas: `emojis`, `settings`, `migration` and
//! `user_extras`. Each test sends one operation to a loopback mock server that checks
//! the exact method, path, query, headers and body, and decodes a realistic response
//! (with unknown fields and `null`s) into typed values.
//!
//! The client's Chat base URL is overridden with `http://127.0.0.1:<port>/v3`, so the
//! mock sees the same `/v3/...` paths as Sendbird does.

use futures::TryStreamExt;
use integration_tests::matchers::{exact_query, NoBody};
use sendbird_platform::generated::chat::types::CustomTypeSettings;
use sendbird_platform::{Client, Error, RetryPolicy};
use serde_json::{json, Value};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockBuilder, MockServer, ResponseTemplate};

const TOKEN: &str = "test-master-api-token-misc-0123456789";
const JSON_CONTENT_TYPE: &str = "application/json; charset=utf8";

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

/// A mock for a JSON call: method, exact (still percent-encoded) path, the token
/// header and the JSON headers the runtime sends. Tests add query and body matchers.
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

fn assert_invalid_request(error: &Error, operation: &str, field: &str) {
    match error {
        Error::InvalidRequest {
            operation: actual,
            message,
        } => {
            assert_eq!(*actual, operation);
            assert!(message.contains(field), "{message}");
        }
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------
// settings
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn list_custom_type_settings_pages_with_token_and_limit() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/applications/settings_by_channel_custom_type")
        .and(NoBody)
        .and(exact_query(&[("limit", "1")]))
        .respond_with(ok(json!({
            "channel_custom_type_settings": [{"custom_type": "Sports", "allow_links": true}],
            "next": "QnYDpDRsPRl1WAXe3RlVaFd2A"
        })))
        .expect(1)
        .mount(&server)
        .await;
    sendbird_call("GET", "/v3/applications/settings_by_channel_custom_type")
        .and(NoBody)
        .and(exact_query(&[
            ("token", "QnYDpDRsPRl1WAXe3RlVaFd2A"),
            ("limit", "1"),
        ]))
        .respond_with(ok(json!({
            "channel_custom_type_settings": [{"custom_type": "News", "push_template": null}],
            "next": ""
        })))
        .expect(1)
        .mount(&server)
        .await;

    let all: Vec<CustomTypeSettings> = client(&server)
        .chat()
        .settings()
        .list_custom_type_settings()
        .limit(1)
        .into_stream()
        .try_collect()
        .await
        .expect("every page loads");
    let types: Vec<&str> = all.iter().map(|s| s.custom_type.as_str()).collect();
    assert_eq!(types, ["Sports", "News"]);

    // The documented range is checked before sending.
    let error = client(&server)
        .chat()
        .settings()
        .list_custom_type_settings()
        .limit(101)
        .send()
        .await
        .expect_err("limit above 100");
    assert_invalid_request(&error, "chat.settings.list_custom_type_settings", "limit");
}

// ---------------------------------------------------------------------------------------
// user_extras
// ---------------------------------------------------------------------------------------

//! Wire tests of the Calls Platform API v1 that the examples in `api-spec/calls/` can't
//! state: streams and pages across several requests, a required input checked before
//! sending, and how Calls error bodies map to typed errors.
//!
//! The client's `calls` base URL is overridden with the mock server's bare URI, which
//! replaces the whole base URL (`/v1` included), so these tests see the operation paths
//! without the `/v1` prefix.

use futures::TryStreamExt;
use sendbird_platform::generated::calls::Calls;
use sendbird_platform::{Client, Error, ErrorCode, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn calls(server: &MockServer) -> Calls {
    Calls::from_client(
        Client::builder()
            .app_id("app")
            .api_token("test-calls-api-token-0123456789")
            .base_url("calls", server.uri())
            .retry_policy(RetryPolicy::none())
            .build()
            .expect("valid test client"),
    )
}

fn ok(body: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

#[tokio::test]
async fn list_user_calls_stream_follows_the_next_cursor() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users/ann/calls"))
        .and(query_param("limit", "1"))
        .and(query_param_is_missing("next"))
        .respond_with(ok(json!({"calls": [{"call_id": "call-1"}], "next": "n2"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/users/ann/calls"))
        .and(query_param("limit", "1"))
        .and(query_param("next", "n2"))
        .respond_with(ok(json!({
            "calls": [{"call_id": "call-2"}],
            "next": "",
            "has_next": false
        })))
        .expect(1)
        .mount(&server)
        .await;

    let ids: Vec<String> = calls(&server)
        .users()
        .list_user_calls("ann")
        .limit(1)
        .into_stream()
        .map_ok(|call| call.call_id)
        .try_collect()
        .await
        .expect("both pages decode");
    assert_eq!(ids, ["call-1", "call-2"]);
}

#[tokio::test]
async fn list_rooms_pages_keep_the_room_id_filter() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/rooms"))
        .and(query_param("room_id", "room-1"))
        .and(query_param_is_missing("next"))
        .respond_with(ok(json!({
            "rooms": [{"room_id": "room-1", "state": "open"}],
            "next": "n2",
            "prev": null
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/rooms"))
        .and(query_param("room_id", "room-1"))
        .and(query_param("next", "n2"))
        .respond_with(ok(json!({"rooms": [], "next": "", "prev": "p2"})))
        .expect(1)
        .mount(&server)
        .await;

    let pages: Vec<usize> = calls(&server)
        .rooms()
        .list_rooms()
        .room_id("room-1")
        .into_pages()
        .map_ok(|page| page.rooms.len())
        .try_collect()
        .await
        .expect("both pages decode");
    assert_eq!(pages, [1, 0]);
}

#[tokio::test]
async fn calls_rate_limit_body_decodes_to_rate_limited() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/rooms/room-1"))
        .respond_with(ResponseTemplate::new(429).set_body_json(json!({
            "error": true,
            "code": 429100,
            "type": "RATE_LIMIT_EXCEEDED",
            "message": "Too many requests"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let err = calls(&server)
        .rooms()
        .view_room("room-1")
        .send()
        .await
        .expect_err("a 429 is an error");
    match &err {
        Error::RateLimited {
            operation,
            status,
            code,
            message,
            attempts,
            ..
        } => {
            assert_eq!(*operation, "calls.rooms.view_room");
            assert_eq!(*status, 429);
            assert_eq!(*code, Some(ErrorCode::CallsRateLimitExceeded));
            assert_eq!(message, "Too many requests");
            assert_eq!(*attempts, 1, "RetryPolicy::none() sends once");
        }
        other => panic!("expected Error::RateLimited, got {other:?}"),
    }
}

#[tokio::test]
async fn calls_error_codes_map_to_the_calls_meaning() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/direct_calls/gone"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "error": true,
            "code": 400200,
            "type": "NOT_FOUND",
            "message": "The direct call was not found."
        })))
        .expect(1)
        .mount(&server)
        .await;

    let err = calls(&server)
        .direct_calls()
        .view_direct_call("gone")
        .send()
        .await
        .expect_err("a 400 is an error");
    match &err {
        Error::Api { status, code, .. } => {
            assert_eq!(*status, 400);
            assert_eq!(*code, Some(ErrorCode::CallsNotFound));
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

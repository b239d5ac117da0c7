//! The numeric code of an error body is named in the meaning of the product whose
//! operation failed: Chat and Calls use some numbers for different errors, Live answers
//! with the Calls codes, the organization API with Chat's, and Desk has no published
//! code table, so a Desk error never gets a Chat or Calls name.
//!
//! Every test points all five services of one client at the same loopback mock server,
//! which answers every request with the same error body, and sends one operation per
//! service through the public API.

use sendbird_platform::generated::calls::Calls;
use sendbird_platform::generated::chat::Chat;
use sendbird_platform::generated::desk::Desk;
use sendbird_platform::generated::live::Live;
use sendbird_platform::generated::organization::Organization;
use sendbird_platform::{Client, Error, ErrorCode, RetryPolicy};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A mock server that answers every request with HTTP `status` and an error body
/// holding `code`.
async fn server_failing_with(status: u16, code: i64) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(status).set_body_json(json!({
            "error": true,
            "code": code,
            "message": "refused by the mock"
        })))
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer) -> Client {
    let uri = server.uri();
    Client::builder()
        .app_id("app")
        .api_token("test-api-token-0123456789")
        .desk_api_token("test-desk-key-0123456789")
        .organization_api_token("test-org-token-0123456789")
        .base_url("chat", uri.clone())
        .base_url("organization", uri.clone())
        .base_url("calls", uri.clone())
        .base_url("live", uri.clone())
        .base_url("desk", uri)
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("valid test client")
}

/// The error of one operation of each service, keyed by service name.
async fn one_error_per_service(server: &MockServer) -> Vec<(&'static str, Error)> {
    let c = client(server);
    let chat = Chat::from_client(c.clone())
        .users()
        .view_user("ann")
        .send()
        .await
        .expect_err("the mock refuses");
    let organization = Organization::from_client(c.clone())
        .applications()
        .view_application("app")
        .send()
        .await
        .expect_err("the mock refuses");
    let calls = Calls::from_client(c.clone())
        .direct_calls()
        .view_direct_call("call-1")
        .send()
        .await
        .expect_err("the mock refuses");
    let live = Live::from_client(c.clone())
        .live_events()
        .view_live_event("event-1")
        .send()
        .await
        .expect_err("the mock refuses");
    let desk = Desk::from_client(c)
        .tickets()
        .view_ticket(7)
        .send()
        .await
        .expect_err("the mock refuses");
    vec![
        ("chat", chat),
        ("organization", organization),
        ("calls", calls),
        ("live", live),
        ("desk", desk),
    ]
}

fn api_code(service: &str, error: &Error) -> Option<ErrorCode> {
    match error {
        Error::Api { code, .. } => *code,
        other => panic!("{service}: expected Error::Api, got {other:?}"),
    }
}

#[tokio::test]
async fn a_number_shared_by_chat_and_calls_names_each_products_error() {
    // 400201: Chat's "not found", Calls' (and Live's) "already exists".
    let server = server_failing_with(400, 400201).await;
    let codes: Vec<(&str, Option<ErrorCode>)> = one_error_per_service(&server)
        .await
        .iter()
        .map(|(service, error)| (*service, api_code(service, error)))
        .collect();
    assert_eq!(
        codes,
        vec![
            ("chat", Some(ErrorCode::NotFound)),
            ("organization", Some(ErrorCode::NotFound)),
            ("calls", Some(ErrorCode::CallsUniqueConstraint)),
            ("live", Some(ErrorCode::CallsUniqueConstraint)),
            ("desk", Some(ErrorCode::Unknown(400201))),
        ]
    );
    assert_ne!(
        ErrorCode::NotFound.description(),
        ErrorCode::CallsUniqueConstraint.description()
    );
    // Every variant keeps the number it came from.
    for (service, code) in &codes {
        assert_eq!(code.map(|c| c.code()), Some(400201), "{service}");
    }
}

#[tokio::test]
async fn another_shared_number_follows_the_service_too() {
    // 400111: Chat's "invalid value", Calls' "missing parameters".
    let server = server_failing_with(400, 400111).await;
    for (service, error) in one_error_per_service(&server).await {
        let expected = match service {
            "chat" | "organization" => ErrorCode::InvalidValue,
            "calls" | "live" => ErrorCode::CallsMissingParams,
            _ => ErrorCode::Unknown(400111),
        };
        assert_eq!(api_code(service, &error), Some(expected), "{service}");
        assert_eq!(error.code(), Some(expected), "{service}");
    }
}

#[tokio::test]
async fn a_desk_error_is_never_described_with_another_products_meaning() {
    // 400100 means "a string was expected" to Chat and "invalid parameters" to Calls;
    // Desk publishes no code table, so its error keeps the bare number.
    let server = server_failing_with(400, 400100).await;
    let errors = one_error_per_service(&server).await;
    let (_, desk) = errors
        .iter()
        .find(|(service, _)| *service == "desk")
        .expect("a Desk error");
    assert_eq!(desk.code(), Some(ErrorCode::Unknown(400100)));
    assert_eq!(desk.code().and_then(|c| c.description()), None);
    let shown = desk.to_string();
    assert!(shown.contains("code 400100"), "{shown}");
    for other in [ErrorCode::ExpectedString, ErrorCode::CallsInvalidParams] {
        let meaning = other.description().expect("a known code has a description");
        assert!(
            !shown.contains(meaning),
            "the Desk error borrows another product's meaning: {shown}"
        );
    }
    // The same number from Chat and Calls operations is described in their own words.
    for (service, error) in &errors {
        let expected = match *service {
            "chat" | "organization" => Some(ErrorCode::ExpectedString),
            "calls" | "live" => Some(ErrorCode::CallsInvalidParams),
            _ => continue,
        };
        assert_eq!(error.code(), expected, "{service}");
        let meaning = expected.and_then(|c| c.description()).expect("described");
        assert!(error.to_string().contains(meaning), "{service}: {error}");
    }
}

#[tokio::test]
async fn codes_of_one_product_only_are_unknown_elsewhere() {
    // 900050 (a frozen channel) is Chat's; 1400126 (an invalid room) is Calls'.
    for (number, chat_side, calls_side) in [
        (900050, Some(ErrorCode::ChannelFrozen), None),
        (1400126, None, Some(ErrorCode::CallsInvalidRoom)),
    ] {
        let server = server_failing_with(400, number).await;
        for (service, error) in one_error_per_service(&server).await {
            let expected = match service {
                "chat" | "organization" => chat_side,
                "calls" | "live" => calls_side,
                _ => None,
            }
            .unwrap_or(ErrorCode::Unknown(number));
            assert_eq!(error.code(), Some(expected), "{service} / {number}");
        }
    }
}

#[test]
fn from_code_has_no_service_so_it_names_no_shared_number() {
    // Without the service, a number is not named: each product's table is scoped.
    assert_eq!(ErrorCode::from_code(400201), ErrorCode::Unknown(400201));
    assert_eq!(ErrorCode::for_service("chat", 400201), ErrorCode::NotFound);
    assert_eq!(
        ErrorCode::for_service("calls", 400201),
        ErrorCode::CallsUniqueConstraint
    );
    assert_eq!(
        ErrorCode::for_service("desk", 400201),
        ErrorCode::Unknown(400201)
    );
}

//! Typed errors for bad responses, bad configuration and failures before or during I/O.

mod common;

use std::time::Duration;

use common::*;
use sendbird_platform::__private::Request;
use sendbird_platform::{Client, Error, RequestOptions, RetryPolicy};
use serde_json::{json, Value};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server_answering(template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(template)
        .mount(&server)
        .await;
    server
}

fn view_user(user_id: &str) -> Request {
    let mut request = Request::new(&VIEW_USER, RequestOptions::default());
    request.path_param("user_id", user_id).unwrap();
    request
}

#[tokio::test]
async fn sendbird_error_bodies_become_api_errors_with_codes() {
    let body = json!({"error": true, "message": "\"User\" not found.", "code": 400201});
    let server = server_answering(
        ResponseTemplate::new(400)
            .set_body_json(&body)
            .insert_header("X-Request-Id", "req-400")
            .insert_header("X-Custom", "kept"),
    )
    .await;
    let error = client(&server)
        .send_json::<Value>(view_user("nobody"))
        .await
        .unwrap_err();
    match &error {
        Error::Api {
            status,
            code,
            message,
            body,
            operation,
            headers,
        } => {
            assert_eq!(headers.get("x-custom"), Some("kept"));
            assert_eq!(*status, 400);
            assert_eq!(code.map(|c| c.code()), Some(400201));
            assert_eq!(message, "\"User\" not found.");
            assert!(body.contains("400201"));
            assert_eq!(*operation, "chat.users.view_user");
        }
        other => panic!("expected Api, got {other:?}"),
    }
    assert_eq!(error.status(), Some(400));
    assert_eq!(error.request_id(), Some("req-400"));
    assert_eq!(
        error.headers().and_then(|h| h.get("X-CUSTOM")),
        Some("kept")
    );
    assert!(
        error.to_string().ends_with("(request id req-400)"),
        "{error}"
    );
    assert_eq!(error.code().map(|c| c.code()), Some(400201));
    assert!(!error.is_retryable() && !error.is_rate_limited());
    let display = error.to_string();
    assert!(
        display.starts_with("chat.users.view_user failed with HTTP 400, code 400201"),
        "{display}"
    );
    assert!(
        display.ends_with(": \"User\" not found. (request id req-400)"),
        "{display}"
    );
}

#[tokio::test]
async fn a_2xx_error_body_is_still_an_error() {
    let body = json!({"error": true, "message": "Invalid value.", "code": 400111});
    let server = server_answering(ResponseTemplate::new(200).set_body_json(body)).await;
    let error = client(&server)
        .send_empty(view_user("u1"))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(200));
    assert_eq!(error.code().map(|c| c.code()), Some(400111));
}

#[tokio::test]
async fn an_html_502_becomes_an_api_error_with_a_short_message() {
    let html = "<html>\n<head><title>502 Bad Gateway</title></head>\n<body><center><h1>502 Bad Gateway</h1></center></body></html>";
    let template = ResponseTemplate::new(502).set_body_raw(html, "text/html");
    let server = server_answering(template).await;
    let client = builder(&server)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let error = client
        .send_json::<Value>(view_user("u1"))
        .await
        .unwrap_err();
    match error {
        Error::Api {
            status: 502,
            code: None,
            ref message,
            ref body,
            ..
        } => {
            assert_eq!(message, "502 Bad Gateway");
            assert_eq!(body, html);
        }
        other => panic!("expected Api 502, got {other:?}"),
    }
}

#[tokio::test]
async fn truncated_json_is_a_decode_error_with_path_and_snippet() {
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct User {
        user_id: String,
        nickname: String,
    }
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Users {
        users: Vec<User>,
    }
    let truncated = r#"{"users": [{"user_id": "a", "nickname": "A"}, {"user_id": "b", "nickna"#;
    let server =
        server_answering(ResponseTemplate::new(200).set_body_raw(truncated, "application/json"))
            .await;
    let error = client(&server)
        .send_json::<Users>(view_user("u1"))
        .await
        .unwrap_err();
    match &error {
        Error::Decode {
            operation,
            path,
            message,
            snippet,
        } => {
            assert_eq!(*operation, "chat.users.view_user");
            assert!(path.starts_with("users[1]"), "{path}");
            assert!(message.contains("EOF"), "{message}");
            // Structure only: string values are never quoted (they may be secrets).
            assert_eq!(
                snippet,
                r#"{"users":[{"user_id":"…","nickname":"…"},{"user_id":"…","…"#
            );
        }
        other => panic!("expected Decode, got {other:?}"),
    }
    assert!(error.to_string().contains("users[1]"));
}

#[tokio::test]
async fn missing_credentials_fail_before_any_request() {
    let server = server_answering(ResponseTemplate::new(200)).await;
    let client = Client::builder()
        .base_url("chat", server.uri())
        .build()
        .unwrap();
    let error = client.send_empty(view_user("u1")).await.unwrap_err();
    match &error {
        Error::MissingCredentials {
            operation,
            credential,
        } => {
            assert_eq!(
                (*operation, *credential),
                ("chat.users.view_user", "api_token")
            );
        }
        other => panic!("expected MissingCredentials, got {other:?}"),
    }
    assert!(
        error.to_string().contains("call ClientBuilder::api_token"),
        "{error}"
    );
    let desk = client
        .send_empty(Request::new(&DESK_TICKETS, RequestOptions::default()))
        .await
        .unwrap_err();
    assert!(
        desk.to_string().contains("ClientBuilder::desk_api_token"),
        "{desk}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 0);
}

#[tokio::test]
async fn slow_responses_time_out() {
    let slow = ResponseTemplate::new(200).set_delay(Duration::from_secs(5));
    let server = server_answering(slow).await;
    let client = builder(&server)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let options = RequestOptions::default().timeout(Duration::from_millis(100));
    let mut request = Request::new(&LIST_USERS, options);
    request.query("limit", Some(&1_u8));
    let started = std::time::Instant::now();
    let error = client.send_empty(request).await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::Timeout {
                operation: "chat.users.list_users"
            }
        ),
        "{error:?}"
    );
    assert!(error.is_retryable());
    assert!(started.elapsed() < Duration::from_secs(4));
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error_without_the_url() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let client = Client::builder()
        .api_token(TOKEN)
        .base_url("chat", format!("http://{address}"))
        .retry_policy(fast_retries().max_retries(1))
        .build()
        .unwrap();
    let error = client
        .send_empty(view_user("secret-user-id"))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert!(error.is_retryable());
    let text = format!("{error} {error:?}");
    assert!(
        !text.contains("secret-user-id") && !text.contains(TOKEN),
        "{text}"
    );
}

#[tokio::test]
async fn redirects_are_not_followed_so_tokens_stay_on_the_configured_host() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(302).insert_header("Location", "http://127.0.0.1:9/steal"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let error = client(&server)
        .send_empty(view_user("u1"))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Api { status: 302, .. }), "{error:?}");
}

#[tokio::test]
async fn without_app_id_the_default_host_is_a_configuration_error() {
    let client = Client::builder().api_token(TOKEN).build().unwrap();
    let error = client.send_empty(view_user("u1")).await.unwrap_err();
    assert!(matches!(error, Error::Configuration { .. }), "{error:?}");
    assert!(
        error.to_string().contains("ClientBuilder::app_id"),
        "{error}"
    );
}

#[test]
fn builder_rejects_bad_configuration() {
    let unknown = Client::builder()
        .base_url("chatt", "http://127.0.0.1:1")
        .build()
        .unwrap_err();
    let shown = unknown.to_string();
    assert!(shown.contains("unknown service \"chatt\""), "{shown}");
    assert!(
        shown.contains("the services compiled in are: ") && shown.contains("chat"),
        "{shown}"
    );
    let not_a_url = Client::builder()
        .base_url("chat", "127.0.0.1:1/x")
        .build()
        .unwrap_err();
    assert!(matches!(not_a_url, Error::Configuration { .. }));
    let token = Client::builder().api_token("abc\n").build().unwrap_err();
    assert!(token.to_string().contains("`api_token`"), "{token}");
    let app_id = Client::builder().app_id("evil.com/x").build().unwrap_err();
    assert!(app_id.to_string().contains("app id"), "{app_id}");
    assert!(Client::builder()
        .app_id("ABCD-1234")
        .api_token("t")
        .build()
        .is_ok());
}

#[test]
fn debug_output_never_shows_secrets() {
    let builder = Client::builder()
        .app_id("APP")
        .api_token("tok-aaa-secret")
        .desk_api_token("desk-bbb-secret")
        .organization_api_token("org-ccc-secret")
        .basic_auth("user", "pw-ddd-secret");
    let builder_debug = format!("{builder:?}");
    let client_debug = format!("{:?}", builder.build().unwrap());
    for debug in [builder_debug, client_debug] {
        for secret in [
            "tok-aaa-secret",
            "desk-bbb-secret",
            "org-ccc-secret",
            "pw-ddd-secret",
        ] {
            assert!(!debug.contains(secret), "{secret} leaked: {debug}");
        }
        assert!(
            debug.contains("[redacted]") && debug.contains("APP"),
            "{debug}"
        );
    }
}

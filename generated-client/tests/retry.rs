//! Bounded retries: rate limits and 503s are retried, ambiguous writes are not.

mod common;

use std::time::Duration;

use common::*;
use sendbird_platform::__private::{Operation, Request};
use sendbird_platform::{Error, ErrorCode, RequestOptions, RetryPolicy};
use serde_json::{json, Value};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Mounts `first` for the first request only, then `then` for the rest; each must be
/// hit exactly the given number of times (checked when the server is dropped).
async fn server_with(
    first: ResponseTemplate,
    first_hits: u64,
    then: ResponseTemplate,
    then_hits: u64,
) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(first)
        .up_to_n_times(first_hits)
        .expect(first_hits)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(then)
        .expect(then_hits)
        .mount(&server)
        .await;
    server
}

fn ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"ok": true}))
}

fn request(operation: &'static Operation) -> Request {
    let mut request = Request::new(operation, RequestOptions::default());
    if operation.path.contains("{user_id}") {
        request.path_param("user_id", "u1").unwrap();
    }
    request
}

fn rate_limited_body(code: i64) -> Value {
    json!({"error": true, "message": "Too many requests.", "code": code})
}

/// `X-RateLimit-RetryAfter` as epoch milliseconds, `ms` from now.
fn epoch_millis_in(ms: u64) -> String {
    let at = std::time::SystemTime::now() + Duration::from_millis(ms);
    at.duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis()
        .to_string()
}

#[tokio::test]
async fn a_429_with_a_short_sendbird_retry_after_is_honoured_then_succeeds() {
    let limited = ResponseTemplate::new(429)
        .set_body_json(rate_limited_body(400910))
        .insert_header("X-RateLimit-RetryAfter", epoch_millis_in(10).as_str());
    let server = server_with(limited, 1, ok(), 1).await;
    // A POST: rate-limited requests were not acted on, so even writes are retried.
    let body: Value = client(&server)
        .send_json(request(&CREATE_USER))
        .await
        .unwrap();
    assert_eq!(body["ok"], true);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_429_with_retry_after_zero_is_retried_then_succeeds() {
    let limited = ResponseTemplate::new(429)
        .set_body_string("Too Many Requests")
        .insert_header("Retry-After", "0");
    let server = server_with(limited, 1, ok(), 1).await;
    let body: Value = client(&server)
        .send_json(request(&VIEW_USER))
        .await
        .unwrap();
    assert_eq!(body["ok"], true);
}

#[tokio::test]
async fn a_server_wait_beyond_the_backoff_cap_ends_the_call_at_once() {
    let in_two_seconds =
        httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(2));
    // The test policy caps single waits at 20 ms.
    for retry_after in ["1".to_owned(), "120".to_owned(), in_two_seconds] {
        let limited = ResponseTemplate::new(429)
            .set_body_string("Too Many Requests")
            .insert_header("Retry-After", retry_after.as_str());
        let server = server_with(limited, 1, ok(), 0).await;
        let error = client(&server)
            .send_json::<Value>(request(&VIEW_USER))
            .await
            .unwrap_err();
        match &error {
            Error::RateLimited {
                retry_after: Some(wait),
                attempts: 1,
                ..
            } => assert!(*wait > Duration::from_millis(900), "{wait:?}"),
            other => panic!("Retry-After: {retry_after}: expected RateLimited, got {other:?}"),
        }
        assert_eq!(
            server.received_requests().await.unwrap().len(),
            1,
            "Retry-After: {retry_after}: not resent into a certain 429"
        );
    }
}

#[tokio::test]
async fn a_server_wait_beyond_the_time_left_ends_the_call_at_once() {
    let limited = ResponseTemplate::new(429).insert_header("Retry-After", "120");
    let server = server_with(limited, 1, ok(), 0).await;
    // The cap would allow 120 s, the call's budget (60 s) does not.
    let policy = fast_retries().max_backoff(Duration::from_secs(600));
    let client = builder(&server).retry_policy(policy).build().unwrap();
    let error = client.send_empty(request(&VIEW_USER)).await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::RateLimited {
                retry_after: Some(wait),
                attempts: 1,
                ..
            } if wait == Duration::from_secs(120)
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn sendbird_rate_limit_codes_are_retried_whatever_the_status() {
    for (status, code) in [(400, 400910), (500, 500910), (400, 429100)] {
        let limited = ResponseTemplate::new(status).set_body_json(rate_limited_body(code));
        let server = server_with(limited, 1, ok(), 1).await;
        client(&server)
            .send_empty(request(&CREATE_USER))
            .await
            .unwrap();
        assert_eq!(
            server.received_requests().await.unwrap().len(),
            2,
            "code {code}"
        );
    }
}

#[tokio::test]
async fn a_503_is_retried_for_get() {
    let server = server_with(ResponseTemplate::new(503), 2, ok(), 1).await;
    client(&server)
        .send_empty(request(&VIEW_USER))
        .await
        .unwrap();
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn other_5xx_are_retried_for_idempotent_methods() {
    let server = server_with(ResponseTemplate::new(500), 1, ok(), 1).await;
    client(&server)
        .send_empty(request(&UPDATE_USER))
        .await
        .unwrap();
}

#[tokio::test]
async fn post_is_not_retried_on_500() {
    let server = server_with(ResponseTemplate::new(500), 1, ok(), 0).await;
    let error = client(&server)
        .send_empty(request(&CREATE_USER))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(500));
    assert!(matches!(error, Error::Api { .. }), "{error:?}");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn exhausted_retries_on_a_rate_limit_return_rate_limited() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(429).set_body_json(rate_limited_body(400910)))
        .expect(3)
        .mount(&server)
        .await;
    let options = RequestOptions::default().retry_policy(fast_retries().max_retries(2));
    let mut request = Request::new(&LIST_USERS, options);
    request.query("limit", Some(&5_u8));
    let error = client(&server).send_empty(request).await.unwrap_err();
    match &error {
        Error::RateLimited {
            status,
            code,
            retry_after,
            attempts,
            operation,
            ..
        } => {
            assert_eq!(*status, 429);
            assert_eq!(*code, Some(ErrorCode::from_code(400910)));
            assert_eq!(*retry_after, None);
            assert_eq!(*attempts, 3);
            assert_eq!(*operation, "chat.users.list_users");
        }
        other => panic!("expected RateLimited, got {other:?}"),
    }
    assert!(error.is_rate_limited() && error.is_retryable());
    assert!(error.to_string().contains("after 3 attempt(s)"), "{error}");
}

#[tokio::test]
async fn a_policy_without_retries_sends_once() {
    let server = server_with(ResponseTemplate::new(503), 1, ok(), 0).await;
    let client = builder(&server)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let error = client.send_empty(request(&VIEW_USER)).await.unwrap_err();
    assert_eq!(error.status(), Some(503));
}

#[tokio::test]
async fn the_total_retry_budget_bounds_waiting() {
    let limited = ResponseTemplate::new(429).insert_header("Retry-After", "30");
    let server = server_with(limited, 1, ok(), 0).await;
    let policy = RetryPolicy::default()
        .max_backoff(Duration::from_secs(30))
        .max_elapsed(Duration::from_secs(1));
    let client = builder(&server).retry_policy(policy).build().unwrap();
    let error = client.send_empty(request(&VIEW_USER)).await.unwrap_err();
    assert!(
        matches!(error, Error::RateLimited { attempts: 1, .. }),
        "{error:?}"
    );
}

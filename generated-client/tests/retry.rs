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
    // Chat's two rate-limit codes, from a Chat operation.
    for (status, code) in [(400, 400910), (500, 500910)] {
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
    // Calls' rate-limit code, from a Calls operation.
    let limited = ResponseTemplate::new(400).set_body_json(rate_limited_body(429100));
    let server = server_with(limited, 1, ok(), 1).await;
    builder(&server)
        .base_url("calls", format!("{}/v1", server.uri()))
        .build()
        .unwrap()
        .send_empty(Request::new(&CALLS_DIAL, RequestOptions::default()))
        .await
        .unwrap();
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

static CALLS: sendbird_platform::__private::Service = sendbird_platform::__private::Service {
    name: "calls",
    base_url: "https://api-{app_id}.calls.sendbird.com/v1",
};

/// A Calls write (not safe to repeat): only a rate limit gets it sent again.
static CALLS_DIAL: Operation = Operation {
    service: &CALLS,
    name: "calls.direct_calls.dial",
    method: sendbird_platform::__private::Method::Post,
    path: "/direct_calls",
    auth: &API_TOKEN,
    rate_limit: None,
    retry_safe: false,
};

#[tokio::test]
async fn another_products_rate_limit_code_is_an_ordinary_error() {
    // 429100 is Calls' rate limit; from Chat, with HTTP 400, it is not one: a POST
    // is not sent again and the caller gets the API error.
    let body = rate_limited_body(429100);
    let server = server_always(ResponseTemplate::new(400).set_body_json(body)).await;
    let error = client(&server)
        .send_empty(request(&CREATE_USER))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Api { status: 400, .. }), "{error:?}");
    assert!(!error.is_rate_limited());
    assert_eq!(hits(&server).await, 1);
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
            assert_eq!(*code, Some(ErrorCode::for_service("chat", 400910)));
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

// ---------------------------------------------------------------------------------
// Retry safety per operation, deadlines, limits and refusals.
// ---------------------------------------------------------------------------------

async fn server_always(template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(template)
        .mount(&server)
        .await;
    server
}

async fn hits(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

#[tokio::test]
async fn an_unsafe_put_is_not_repeated_after_a_502_and_is_not_retryable() {
    let server = server_always(ResponseTemplate::new(502)).await;
    let error = client(&server)
        .send_empty(request(&INCREMENT_COUNTER))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(502), "{error:?}");
    assert_eq!(
        hits(&server).await,
        1,
        "a counter increment is never resent"
    );
    assert!(!error.is_retryable(), "the client refused to resend it");
    // The same failure of a safe PUT is retried, and still retryable at the end.
    let server = server_always(ResponseTemplate::new(502)).await;
    let error = client(&server)
        .send_empty(request(&UPDATE_USER))
        .await
        .unwrap_err();
    assert_eq!(hits(&server).await, 4);
    assert!(error.is_retryable());
}

#[tokio::test]
async fn a_post_503_is_retried_only_when_the_server_says_when() {
    let server = server_always(ResponseTemplate::new(503)).await;
    let error = client(&server)
        .send_empty(request(&CREATE_USER))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(
        hits(&server).await,
        1,
        "a bare 503 may come after forwarding"
    );
    assert!(!error.is_retryable());

    let busy = ResponseTemplate::new(503).insert_header("Retry-After", "0");
    let server = server_with(busy, 1, ok(), 1).await;
    client(&server)
        .send_empty(request(&CREATE_USER))
        .await
        .unwrap();
    assert_eq!(hits(&server).await, 2);
}

#[tokio::test]
async fn a_timeout_is_retried_for_safe_operations_only() {
    let slow = ResponseTemplate::new(200)
        .set_body_json(json!({"ok": true}))
        .set_delay(Duration::from_millis(500));
    let quick = || RequestOptions::default().timeout(Duration::from_millis(50));

    let server = server_always(slow.clone()).await;
    let mut unsafe_put = Request::new(&INCREMENT_COUNTER, quick());
    unsafe_put.path_param("user_id", "c1").unwrap();
    let error = client(&server).send_empty(unsafe_put).await.unwrap_err();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert_eq!(hits(&server).await, 1);
    assert!(!error.is_retryable());

    let server = server_always(slow).await;
    let mut get = Request::new(&VIEW_USER, quick());
    get.path_param("user_id", "u1").unwrap();
    let error = client(&server).send_empty(get).await.unwrap_err();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert_eq!(hits(&server).await, 4);
    assert!(error.is_retryable());
}

#[tokio::test]
async fn one_deadline_covers_every_attempt() {
    // Each attempt may take 10 s, but the call's budget is 100 ms: the first attempt
    // is cut at the budget, and nothing is sent again.
    let slow = ResponseTemplate::new(200)
        .set_body_json(json!({"ok": true}))
        .set_delay(Duration::from_millis(600));
    let server = server_always(slow).await;
    let client = builder(&server)
        .timeout(Duration::from_secs(10))
        .retry_policy(fast_retries().max_elapsed(Duration::from_millis(100)))
        .build()
        .unwrap();
    let error = client.send_empty(request(&VIEW_USER)).await.unwrap_err();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert_eq!(hits(&server).await, 1);

    // Retries stop when the budget is spent, however many the policy allows.
    let server = server_always(ResponseTemplate::new(503)).await;
    let policy = fast_retries()
        .max_retries(10_000)
        .max_elapsed(Duration::from_millis(150));
    let client = builder(&server).retry_policy(policy).build().unwrap();
    let error = client.send_empty(request(&VIEW_USER)).await.unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert!(hits(&server).await < 10_000);
}

#[tokio::test]
async fn a_retry_cut_short_by_the_budget_reports_the_last_server_failure() {
    // The first answer is a quick 503; the retry hangs past the call's budget. The
    // caller learns what the server said, not merely that time ran out.
    let unavailable = ResponseTemplate::new(503).set_body_json(json!({
        "error": true, "message": "Service unavailable.", "code": 500901
    }));
    let hanging = ok().set_delay(Duration::from_secs(5));
    let server = server_with(unavailable, 1, hanging, 1).await;
    let policy = fast_retries().max_elapsed(Duration::from_millis(300));
    let client = builder(&server).retry_policy(policy).build().unwrap();
    let error = client.send_empty(request(&VIEW_USER)).await.unwrap_err();
    assert!(matches!(error, Error::Api { status: 503, .. }), "{error:?}");
    assert_eq!(hits(&server).await, 2, "the retry was sent, then cut");
}

#[tokio::test]
async fn the_client_side_limiter_waits_within_the_deadline() {
    let server = server_always(ok()).await;
    let client = builder(&server)
        .rate_limiter(sendbird_platform::RateLimiter::new().reads_per_second(1))
        .retry_policy(fast_retries().max_elapsed(Duration::from_millis(200)))
        .build()
        .unwrap();
    client.send_empty(request(&VIEW_USER)).await.unwrap();
    // The next slot is a second away, past the 200 ms budget: refused without sending.
    let error = client.send_empty(request(&VIEW_USER)).await.unwrap_err();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert_eq!(hits(&server).await, 1);
}

#[tokio::test]
async fn a_body_over_the_size_limit_is_a_typed_error_and_not_retried() {
    let big = ResponseTemplate::new(200).set_body_raw(vec![b' '; 4096], "application/json");
    let server = server_always(big).await;
    let client = builder(&server).max_response_bytes(1024).build().unwrap();
    let error = client.send_empty(request(&VIEW_USER)).await.unwrap_err();
    assert!(
        matches!(error, Error::ResponseTooLarge { limit: 1024, .. }),
        "{error:?}"
    );
    assert_eq!(hits(&server).await, 1);
    assert!(error.to_string().contains("max_response_bytes"), "{error}");
}

#[tokio::test]
async fn error_bodies_are_kept_truncated() {
    let message = "x".repeat(100_000);
    let body = json!({"error": true, "message": message, "code": 400100});
    let server = server_always(ResponseTemplate::new(400).set_body_json(body)).await;
    let error = client(&server)
        .send_empty(request(&CREATE_USER))
        .await
        .unwrap_err();
    match &error {
        Error::Api { body, message, .. } => {
            assert!(body.len() <= 8 * 1024 + 3, "{}", body.len());
            assert!(message.len() <= 8 * 1024 + 3, "{}", message.len());
        }
        other => panic!("expected Api, got {other:?}"),
    }
}

#[tokio::test]
async fn decode_errors_never_quote_values_from_the_body() {
    let body = json!({"user": {"session_token": "sess-0123-secret"}, "api_token": "master-7f3a"});
    let server = server_always(ResponseTemplate::new(200).set_body_json(body)).await;
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Users {
        users: Vec<Value>,
    }
    let error = client(&server)
        .send_json::<Users>(request(&VIEW_USER))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
    let text = format!("{error} {error:?}");
    assert!(
        !text.contains("sess-0123-secret") && !text.contains("master-7f3a"),
        "{text}"
    );
    assert!(
        text.contains("session_token"),
        "keys still locate the problem: {text}"
    );
}

#[tokio::test]
async fn redirects_are_refused_even_by_an_injected_client() {
    let elsewhere = server_always(ok()).await;
    let redirect = ResponseTemplate::new(302).insert_header(
        "Location",
        format!("{}/v3/users/u1", elsewhere.uri()).as_str(),
    );
    let server = server_always(redirect).await;
    // The built-in client never follows: the 3xx is an error.
    let error = client(&server)
        .send_empty(request(&VIEW_USER))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(302), "{error:?}");
    assert!(error.to_string().contains("redirect"), "{error}");
    assert_eq!(hits(&elsewhere).await, 0);
    // An injected client that follows redirects: its answer is refused.
    let following = builder(&server)
        .http_client(reqwest::Client::new())
        .build()
        .unwrap();
    let error = following.send_empty(request(&VIEW_USER)).await.unwrap_err();
    assert!(matches!(error, Error::Configuration { .. }), "{error:?}");
    assert!(error.to_string().contains("Policy::none()"), "{error}");
}

#[tokio::test]
async fn plain_http_is_refused_except_for_loopback_or_when_allowed() {
    let build = |url: &str, allow: bool| {
        sendbird_platform::Client::builder()
            .api_token(TOKEN)
            .base_url("chat", url)
            .allow_insecure_http(allow)
            .build()
    };
    let error = build("http://proxy.example.com/v3", false).unwrap_err();
    assert!(matches!(error, Error::Configuration { .. }), "{error:?}");
    assert!(error.to_string().contains("allow_insecure_http"), "{error}");
    assert!(build("http://proxy.example.com/v3", true).is_ok());
    for loopback in [
        "http://127.0.0.1:8080/v3",
        "http://127.9.9.9/v3",
        "http://[::1]:8080",
        "http://localhost:3000",
        "https://proxy.example.com/v3",
    ] {
        assert!(build(loopback, false).is_ok(), "{loopback}");
    }
}

#[tokio::test]
async fn a_list_item_holding_the_separator_is_refused_before_sending() {
    let server = server_always(ok()).await;
    let mut request = Request::new(&LIST_USERS, RequestOptions::default());
    request.query("user_ids", Some(&vec!["ann".to_owned(), "b,c".to_owned()]));
    let error = client(&server).send_empty(request).await.unwrap_err();
    assert!(matches!(error, Error::InvalidRequest { .. }), "{error:?}");
    assert!(error.to_string().contains("`user_ids`"), "{error}");
    assert_eq!(hits(&server).await, 0);
}

#[tokio::test]
async fn huge_durations_never_panic() {
    let policy = RetryPolicy::default()
        .initial_backoff(Duration::MAX)
        .max_backoff(Duration::MAX)
        .max_elapsed(Duration::MAX)
        .multiplier(f64::MAX);
    let limited = ResponseTemplate::new(429).insert_header("Retry-After", "0");
    let server = server_with(limited, 1, ok(), 1).await;
    let client = builder(&server)
        .timeout(Duration::MAX)
        .retry_policy(policy.clone())
        .build()
        .unwrap();
    client.send_empty(request(&VIEW_USER)).await.unwrap();
    let options = RequestOptions::default()
        .timeout(Duration::MAX)
        .retry_policy(policy);
    let server = server_always(ResponseTemplate::new(404)).await;
    let mut lookup = Request::new(&VIEW_USER, options);
    lookup.path_param("user_id", "u1").unwrap();
    let error = builder(&server)
        .build()
        .unwrap()
        .send_empty(lookup)
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(404));
}

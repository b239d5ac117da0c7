//! What downstream code builds on, through the public API only, against loopback mock
//! servers: rate-limit defaults that don't park a request handler, request ids and
//! headers on errors, interceptors, the raw escape hatch, request previews and
//! requests sent later, configuration from environment variables, and the prelude.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sendbird_platform::prelude::*;
use sendbird_platform::ErrorCode;
use serde_json::{json, Value};
use wiremock::matchers::{any, body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "test-token";

fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder()
        .app_id("app")
        .api_token(TOKEN)
        .desk_api_token("desk-token")
        .base_url("chat", server.uri())
        .base_url("desk", server.uri())
}

fn user_json(user_id: &str) -> Value {
    json!({"user_id": user_id, "nickname": "Ann", "profile_url": ""})
}

fn rate_limited(retry_after: &str) -> ResponseTemplate {
    ResponseTemplate::new(429)
        .insert_header("Retry-After", retry_after)
        .insert_header("X-Request-Id", "req-429")
        .set_body_json(json!({"error": true, "message": "Too many requests", "code": 400910}))
}

/// `first` answers the first `n` requests, then `then` answers the rest.
async fn sequence(server: &MockServer, first: ResponseTemplate, n: u64, then: ResponseTemplate) {
    Mock::given(any())
        .respond_with(first)
        .up_to_n_times(n)
        .mount(server)
        .await;
    Mock::given(any()).respond_with(then).mount(server).await;
}

// --- 1. Rate limits: the default doesn't park the caller -----------------------------

#[tokio::test]
async fn by_default_a_long_retry_after_ends_the_call_at_once_with_the_wait() {
    let server = MockServer::start().await;
    sequence(
        &server,
        rate_limited("30"),
        1,
        ResponseTemplate::new(200).set_body_json(user_json("ann")),
    )
    .await;
    let client = builder(&server).build().unwrap();
    let error = client
        .chat()
        .users()
        .view_user("ann")
        .send()
        .await
        .unwrap_err();
    assert!(error.is_rate_limited(), "{error:?}");
    let wait = error.retry_after().expect("the server's wait");
    assert!(
        wait > Duration::from_secs(25) && wait <= Duration::from_secs(30),
        "{wait:?}"
    );
    assert!(
        matches!(error, Error::RateLimited { attempts: 1, .. }),
        "{error:?}"
    );
    assert_eq!(error.request_id(), Some("req-429"));
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        1,
        "not resent"
    );
}

#[tokio::test]
async fn by_default_a_short_retry_after_is_sat_out_and_the_call_succeeds() {
    let server = MockServer::start().await;
    sequence(
        &server,
        rate_limited("0"),
        1,
        ResponseTemplate::new(200).set_body_json(user_json("ann")),
    )
    .await;
    let client = builder(&server).build().unwrap();
    let user = client.chat().users().view_user("ann").send().await.unwrap();
    assert_eq!(user.user_id, "ann");
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn max_retry_after_is_configurable_per_client_and_per_request() {
    let server = MockServer::start().await;
    sequence(
        &server,
        rate_limited("1"),
        2,
        ResponseTemplate::new(200).set_body_json(user_json("ann")),
    )
    .await;
    // A client that never waits for the server: one attempt, the wait handed back.
    let impatient = builder(&server)
        .retry_policy(RetryPolicy::default().max_retry_after(Duration::ZERO))
        .build()
        .unwrap();
    let error = impatient
        .chat()
        .users()
        .view_user("ann")
        .send()
        .await
        .unwrap_err();
    assert!(
        error.retry_after().is_some_and(|w| w > Duration::ZERO),
        "{error:?}"
    );
    // The same for one request of the default client.
    let once = RequestOptions::default()
        .retry_policy(RetryPolicy::default().max_retry_after(Duration::ZERO));
    let client = builder(&server).build().unwrap();
    let error = client
        .chat()
        .users()
        .view_user("ann")
        .options(once)
        .send()
        .await
        .unwrap_err();
    assert!(error.is_rate_limited(), "{error:?}");
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

// --- 2. Errors carry the response's headers and request id ---------------------------

#[tokio::test]
async fn api_errors_carry_status_headers_and_request_id() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(400)
                .insert_header("X-Request-Id", "req-abc")
                .insert_header("X-Served-By", "edge-7")
                .set_body_json(
                    json!({"error": true, "message": "User not found.", "code": 400201}),
                ),
        )
        .mount(&server)
        .await;
    let client = builder(&server)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let error = client
        .chat()
        .users()
        .view_user("nobody")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(400));
    assert_eq!(error.code(), Some(ErrorCode::NotFound));
    assert_eq!(error.request_id(), Some("req-abc"));
    let headers: &Headers = error.headers().expect("an API error has headers");
    assert_eq!(headers.get("x-served-by"), Some("edge-7"));
    assert!(
        error.to_string().contains("(request id req-abc)"),
        "{error}"
    );
    // Errors without a response have none.
    let refused = client
        .chat()
        .users()
        .view_user("")
        .send()
        .await
        .unwrap_err();
    assert!(refused.headers().is_none() && refused.request_id().is_none());
}

#[tokio::test]
async fn successful_responses_expose_headers_and_request_id_too() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("cf-ray", "8a1b2c")
                .insert_header("X-RateLimit-Remaining", "41")
                .set_body_json(user_json("ann")),
        )
        .mount(&server)
        .await;
    let client = builder(&server).build().unwrap();
    let response = client
        .chat()
        .users()
        .view_user("ann")
        .send_with_metadata()
        .await
        .unwrap();
    assert_eq!(response.request_id(), Some("8a1b2c"));
    assert_eq!(response.headers().get("x-ratelimit-remaining"), Some("41"));
    assert_eq!(response.rate_limit.remaining, Some(41));
}

// --- 4. Interceptors ------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
struct Seen {
    operation: String,
    attempt: u32,
    status: Option<u16>,
    request_id: Option<String>,
    retrying: bool,
    success: bool,
}

#[tokio::test]
async fn interceptors_change_every_attempt_and_see_every_answer() {
    let server = MockServer::start().await;
    sequence(
        &server,
        ResponseTemplate::new(503).insert_header("X-Request-Id", "first"),
        1,
        ResponseTemplate::new(200)
            .insert_header("X-Request-Id", "second")
            .set_body_json(user_json("ann")),
    )
    .await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let credential_visible = Arc::new(Mutex::new(false));
    let record = seen.clone();
    let visible = credential_visible.clone();
    let client = builder(&server)
        .retry_policy(RetryPolicy::default().initial_backoff(Duration::from_millis(1)))
        .on_request(move |request| {
            *visible.lock().unwrap() |= request.header("api-token").is_some();
            assert_eq!(request.path_template(), "/users/{user_id}");
            assert!(request.url().ends_with("/users/ann"), "{}", request.url());
            let tag = format!("{}#{}", request.operation(), request.attempt());
            request.set_header("X-Trace", &tag).unwrap();
            request.set_header("User-Agent", "my-service/1.0").unwrap();
            assert!(request.set_header("bad header", "x").is_err());
        })
        .on_response(move |outcome| {
            record.lock().unwrap().push(Seen {
                operation: outcome.operation().to_owned(),
                attempt: outcome.attempt(),
                status: outcome.status(),
                request_id: outcome.request_id().map(str::to_owned),
                retrying: outcome.retry_in().is_some(),
                success: outcome.is_success(),
            });
        })
        .build()
        .unwrap();
    let user = client.chat().users().view_user("ann").send().await.unwrap();
    assert_eq!(user.user_id, "ann");

    let seen = seen.lock().unwrap().clone();
    let op = "chat.users.view_user".to_owned();
    assert_eq!(
        seen,
        [
            Seen {
                operation: op.clone(),
                attempt: 1,
                status: Some(503),
                request_id: Some("first".into()),
                retrying: true,
                success: false
            },
            Seen {
                operation: op,
                attempt: 2,
                status: Some(200),
                request_id: Some("second".into()),
                retrying: false,
                success: true
            },
        ]
    );
    assert!(
        !*credential_visible.lock().unwrap(),
        "the hook saw the token"
    );
    let requests = server.received_requests().await.unwrap();
    let traces: Vec<&str> = requests
        .iter()
        .map(|r| r.headers.get("x-trace").unwrap().to_str().unwrap())
        .collect();
    assert_eq!(traces, ["chat.users.view_user#1", "chat.users.view_user#2"]);
    for request in &requests {
        assert_eq!(request.headers.get("user-agent").unwrap(), "my-service/1.0");
        assert_eq!(
            request.headers.get("api-token").unwrap(),
            TOKEN,
            "the credential is still sent"
        );
    }
}

/// Counts attempts that got no response at all.
struct CountFailures(Arc<Mutex<Vec<String>>>);

impl Interceptor for CountFailures {
    fn on_response(&self, outcome: &AttemptOutcome<'_>) {
        if outcome.status().is_none() {
            self.0
                .lock()
                .unwrap()
                .push(outcome.failure().unwrap_or_default().to_owned());
        }
    }
}

#[tokio::test]
async fn an_interceptor_hears_of_attempts_that_got_no_response() {
    // Nothing listens on the discard port of loopback: the connection is refused.
    let failures = Arc::new(Mutex::new(Vec::new()));
    let client = Client::builder()
        .app_id("app")
        .api_token(TOKEN)
        .base_url("chat", "http://127.0.0.1:9")
        .retry_policy(RetryPolicy::none())
        .interceptor(CountFailures(failures.clone()))
        .build()
        .unwrap();
    let error = client
        .chat()
        .users()
        .view_user("ann")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Transport { .. } | Error::Timeout { .. }),
        "{error:?}"
    );
    assert_eq!(failures.lock().unwrap().len(), 1);
}

// --- 5. The raw escape hatch ----------------------------------------------------------

#[derive(Debug, serde::Deserialize)]
struct UnreadCount {
    unread_count: u64,
}

#[tokio::test]
async fn raw_requests_use_the_clients_auth_base_url_and_decoding() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users/ann%20b/unread_item_count"))
        .and(query_param("custom types", "a&b"))
        .and(header("api-token", TOKEN))
        .and(header("x-extra", "1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"unread_count": 7})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/users/ann/preferences"))
        .and(body_json(json!({"do_not_disturb": true})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"do_not_disturb": true})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/tickets/9"))
        .and(header("sendbirddeskapitoken", "desk-token"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server).build().unwrap();

    let typed: UnreadCount = client
        .raw("chat", Method::Get, "/users/ann%20b/unread_item_count")
        .query("custom types", "a&b")
        .header("X-Extra", "1")
        .send()
        .await
        .unwrap();
    assert_eq!(typed.unread_count, 7);

    let any: Value = client
        .raw("chat", Method::Put, "/users/ann/preferences")
        .json(&json!({"do_not_disturb": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(any["do_not_disturb"], true);

    // Desk's own credential; an empty body is JSON null.
    let response = client
        .raw("desk", Method::Delete, "/tickets/9")
        .send_with_metadata::<Value>()
        .await
        .unwrap();
    assert_eq!((response.status, response.data), (200, Value::Null));
}

#[tokio::test]
async fn raw_requests_are_retried_and_their_errors_mapped_like_any_operation() {
    let server = MockServer::start().await;
    // A POST is retried after a rate limit (the server did not act)...
    sequence(
        &server,
        rate_limited("0"),
        1,
        ResponseTemplate::new(404)
            .insert_header("X-Request-Id", "req-404")
            .set_body_json(json!({"error": true, "message": "Channel not found.", "code": 400201})),
    )
    .await;
    let client = builder(&server).build().unwrap();
    let error = client
        .raw("chat", Method::Post, "/group_channels/x/things")
        .json(&json!({"a": 1}))
        .send::<Value>()
        .await
        .unwrap_err();
    // ...and Sendbird's error body is an `Error::Api` with its code and request id.
    assert_eq!(error.status(), Some(404));
    assert_eq!(error.code(), Some(ErrorCode::NotFound));
    assert_eq!(error.operation(), Some("chat.raw"));
    assert_eq!(error.request_id(), Some("req-404"));
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn raw_requests_that_would_go_astray_are_refused_before_sending() {
    let server = MockServer::start().await;
    let client = builder(&server).build().unwrap();
    for bad in ["users", "/users?limit=1", "/users/../applications", "/a b"] {
        let error = client
            .raw("chat", Method::Get, bad)
            .send::<Value>()
            .await
            .unwrap_err();
        assert!(
            matches!(error, Error::InvalidRequest { .. }),
            "{bad}: {error:?}"
        );
    }
    let error = client
        .raw("chats", Method::Get, "/users")
        .send::<Value>()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Configuration { .. }), "{error:?}");
    assert!(error.to_string().contains("chat"), "{error}");
    // Without the credential, as for any operation.
    let no_org = client
        .raw("organization", Method::Get, "/applications")
        .send::<Value>()
        .await;
    assert!(
        matches!(no_org, Err(Error::MissingCredentials { .. })),
        "{no_org:?}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

// --- 6. Requests built, inspected and sent later --------------------------------------

#[tokio::test]
async fn requests_are_inspected_serialized_and_sent_later_through_any_client() {
    fn storable<T: Clone + Send + Sync + std::fmt::Debug + 'static>(_: &T) {}
    let offline = Client::builder()
        .app_id("app")
        .api_token(TOKEN)
        .build()
        .unwrap();
    let update = offline
        .chat()
        .users()
        .update_user("ann b")
        .nickname("Annie");
    storable(&update);

    let preview = update.preview().unwrap();
    assert_eq!(preview.operation, "chat.users.update_user");
    assert_eq!(preview.service, "chat");
    assert_eq!(preview.method, Method::Put);
    assert_eq!(preview.path_and_query, "/users/ann%20b");
    assert_eq!(
        preview.body,
        PreviewBody::Json {
            json: json!({"nickname": "Annie"})
        }
    );
    assert_eq!(
        serde_json::to_value(&preview).unwrap(),
        json!({
            "operation": "chat.users.update_user",
            "service": "chat",
            "method": "PUT",
            "path_and_query": "/users/ann%20b",
            "header_names": [],
            "body": {"kind": "json", "json": {"nickname": "Annie"}},
        })
    );
    assert!(format!("{:?}", update.input()).contains("Annie"));

    // A request that would be refused is refused by the preview too.
    let empty = offline.chat().users().view_user("");
    assert!(matches!(empty.preview(), Err(Error::InvalidRequest { .. })));

    // Kept in a queue, then sent through a client that reaches the server.
    let queue = vec![update.clone(), update];
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/users/ann%20b"))
        .and(body_json(json!({"nickname": "Annie"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_json("ann b")))
        .expect(2)
        .mount(&server)
        .await;
    let online = builder(&server).build().unwrap();
    for request in queue {
        let user = request.with_client(&online).send().await.unwrap();
        assert_eq!(user.user_id, "ann b");
    }
}

// --- 3. Configuration from the environment --------------------------------------------

fn vars(pairs: &[(&str, &str)]) -> impl FnMut(&str) -> Option<OsString> {
    let map: BTreeMap<String, OsString> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), OsString::from(v)))
        .collect();
    move |name| map.get(name).cloned()
}

#[tokio::test]
async fn configuration_from_environment_variables_reaches_the_server() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users/ann"))
        .and(header("api-token", "env-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_json("ann")))
        .expect(1)
        .mount(&server)
        .await;
    let uri = server.uri();
    // A base URL makes the app id optional; values are trimmed.
    let client = ClientBuilder::from_env_with(vars(&[
        ("SENDBIRD_API_TOKEN", "env-token\n"),
        ("SENDBIRD_CHAT_BASE_URL", &uri),
    ]))
    .unwrap()
    .build()
    .unwrap();
    assert_eq!(
        client
            .chat()
            .users()
            .view_user("ann")
            .send()
            .await
            .unwrap()
            .user_id,
        "ann"
    );
}

#[tokio::test]
async fn missing_environment_variables_are_named() {
    let error = ClientBuilder::from_env_with(vars(&[])).unwrap_err();
    assert!(matches!(error, Error::Configuration { .. }), "{error:?}");
    let text = error.to_string();
    for name in [
        "SENDBIRD_API_TOKEN",
        "SENDBIRD_DESK_API_TOKEN",
        "SENDBIRD_ORG_API_TOKEN",
    ] {
        assert!(text.contains(name), "{text}");
    }
    // An empty value is unset.
    let error = ClientBuilder::from_env_with(vars(&[
        ("SENDBIRD_API_TOKEN", "tok"),
        ("SENDBIRD_APP_ID", " "),
    ]))
    .unwrap_err();
    assert!(error.to_string().contains("SENDBIRD_APP_ID"), "{error}");
    // The organization API needs no app id.
    assert!(ClientBuilder::from_env_with(vars(&[("SENDBIRD_ORG_API_TOKEN", "org")])).is_ok());
    // A credential the environment didn't give is named when a call needs it.
    let client = ClientBuilder::from_env_with(vars(&[
        ("SENDBIRD_APP_ID", "app"),
        ("SENDBIRD_API_TOKEN", "tok"),
    ]))
    .unwrap()
    .build()
    .unwrap();
    let missing = client
        .desk()
        .tickets()
        .list_tickets()
        .send()
        .await
        .unwrap_err();
    assert!(
        missing.to_string().contains("SENDBIRD_DESK_API_TOKEN"),
        "{missing}"
    );
}

#[cfg(unix)]
#[test]
fn an_environment_variable_that_is_not_utf8_is_named() {
    use std::os::unix::ffi::OsStringExt;
    let error = ClientBuilder::from_env_with(|name| {
        (name == "SENDBIRD_API_TOKEN").then(|| OsString::from_vec(vec![0xff, 0xfe]))
    })
    .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("SENDBIRD_API_TOKEN is not valid UTF-8"),
        "{error}"
    );
}

// --- 7. The prelude and short paths ---------------------------------------------------

#[tokio::test]
async fn the_prelude_and_short_paths_cover_a_typical_service() {
    // Product modules hold their types at short paths, the same types as before.
    let user: chat::User = sendbird_platform::generated::chat::types::User::default();
    let _: Option<desk::Ticket> = None;
    let _: fn(&Chat) -> chat::users::Users = Chat::users;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"users": [user_json("a"), user_json("b")], "next": ""})),
        )
        .mount(&server)
        .await;
    let client = builder(&server).build().unwrap();
    // `try_collect` and `take` come with the prelude.
    let users: Vec<chat::User> = client
        .chat()
        .users()
        .list_users()
        .into_stream()
        .take(5)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(users.len(), 2);
    assert_ne!(users[0], user);
    let result: Result<()> = Ok(());
    assert!(result.is_ok());
}

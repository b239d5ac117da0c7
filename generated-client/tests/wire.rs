//! What goes on the wire: paths, query strings, headers and bodies, checked against a
//! loopback mock server.

mod common;

use common::*;
use sendbird_platform::__private::{Request, UnixMillis};
use sendbird_platform::{Client, Error, RequestOptions, UploadFile};
use serde_json::{json, Value};
use wiremock::matchers::{any, body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn ok_server(body: Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    server
}

async fn only_request(server: &MockServer) -> wiremock::Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "expected exactly one request");
    requests.remove(0)
}

#[tokio::test]
async fn path_params_are_encoded_as_one_segment() {
    let server = ok_server(json!({})).await;
    let client = client(&server);
    let cases = [
        ("a/../b?x#", "/v3/users/a%2F..%2Fb%3Fx%23"),
        ("user_id@email.com", "/v3/users/user_id%40email.com"),
        ("😀 x", "/v3/users/%F0%9F%98%80%20x"),
        ("...", "/v3/users/..."),
        ("50%", "/v3/users/50%25"),
    ];
    for (user_id, _) in cases {
        let mut request = Request::new(&VIEW_USER, RequestOptions::default());
        request.path_param("user_id", user_id).unwrap();
        client.send_empty(request).await.unwrap();
    }
    let received = server.received_requests().await.unwrap();
    let paths: Vec<&str> = received.iter().map(|r| r.url.path()).collect();
    let expected: Vec<&str> = cases.iter().map(|(_, p)| *p).collect();
    assert_eq!(paths, expected);
    assert!(received.iter().all(|r| r.url.query().is_none()));
}

#[tokio::test]
async fn dot_segments_and_empty_path_params_are_refused() {
    let mut request = Request::new(&VIEW_USER, RequestOptions::default());
    for bad in ["", ".", ".."] {
        let error = request.path_param("user_id", bad).unwrap_err();
        assert!(
            matches!(
                error,
                Error::InvalidRequest {
                    operation: "chat.users.view_user",
                    ..
                }
            ),
            "{error}"
        );
    }
}

#[tokio::test]
async fn a_missing_path_param_fails_before_sending() {
    let server = ok_server(json!({})).await;
    let request = Request::new(&VIEW_USER, RequestOptions::default());
    let error = client(&server).send_empty(request).await.unwrap_err();
    assert!(
        error
            .to_string()
            .contains("missing path parameter `user_id`"),
        "{error}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn query_lists_are_comma_joined_with_each_item_encoded() {
    let server = ok_server(json!({})).await;
    let mut request = Request::new(&LIST_USERS, RequestOptions::default());
    let ids = vec!["a b".to_owned(), "c d".to_owned(), "é".to_owned()];
    request.query("user_ids", Some(&ids));
    request.query("limit", Some(&10_u32));
    request.query("show_bot", Some(&false));
    request.query::<str>("nickname", None);
    request.query("created_after", Some(&UnixMillis(1_700_000_000_000)));
    request.query("q", Some("x&y=z"));
    client(&server).send_empty(request).await.unwrap();
    let received = only_request(&server).await;
    assert_eq!(
        received.url.query(),
        Some("user_ids=a%20b,c%20d,%C3%A9&limit=10&show_bot=false&created_after=1700000000000&q=x%26y%3Dz")
    );
}

#[tokio::test]
async fn json_bodies_carry_the_sendbird_headers() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v3/users"))
        .and(header("Api-Token", TOKEN))
        .and(header("Content-Type", "application/json; charset=utf8"))
        .and(header("Accept", "application/json"))
        .and(body_json(json!({"user_id": "u1", "nickname": "Ann"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"user_id": "u1"})))
        .expect(1)
        .mount(&server)
        .await;
    let mut request = Request::new(&CREATE_USER, RequestOptions::default());
    request
        .json(&json!({"user_id": "u1", "nickname": "Ann"}))
        .unwrap();
    let user: Value = client(&server).send_json(request).await.unwrap();
    assert_eq!(user["user_id"], "u1");
    let received = only_request(&server).await;
    let agent = received
        .headers
        .get("user-agent")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(agent.starts_with("sendbird-platform-rust/"), "{agent}");
}

#[tokio::test]
async fn bodyless_requests_still_send_the_json_content_type() {
    let server = ok_server(json!({})).await;
    let mut request = Request::new(&DELETE_TOKEN, RequestOptions::default());
    request.path_param("user_id", "u1").unwrap();
    request.path_param("token_type", "gcm").unwrap();
    request.path_param("token", "abc/def").unwrap();
    client(&server).send_empty(request).await.unwrap();
    let received = only_request(&server).await;
    assert_eq!(received.method.as_str(), "DELETE");
    assert_eq!(received.url.path(), "/v3/users/u1/push/gcm/abc%2Fdef");
    assert_eq!(
        received.headers.get("content-type").unwrap(),
        "application/json; charset=utf8"
    );
    assert!(received.body.is_empty());
}

#[tokio::test]
async fn multipart_sends_text_parts_and_files() {
    let server = ok_server(json!({"message_id": 1})).await;
    let mut request = Request::new(&SEND_FILE, RequestOptions::default());
    request.path_param("channel_url", "ch1").unwrap();
    let file = UploadFile::new("cat.png", &b"\x89PNG-bytes"[..]).content_type("image/png");
    request.file("file", Some(&file));
    request.file("thumbnail", None);
    let body = json!({"message_type": "FILE", "user_id": "u1", "require_auth": true, "thumbnails": [1, 2], "custom": null});
    request.json_or_multipart(&body).unwrap();
    let _: Value = client(&server).send_json(request).await.unwrap();

    let received = only_request(&server).await;
    let content_type = received
        .headers
        .get("content-type")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    let body = String::from_utf8_lossy(&received.body);
    for expected in [
        "name=\"message_type\"\r\n\r\nFILE\r\n",
        "name=\"user_id\"\r\n\r\nu1\r\n",
        "name=\"require_auth\"\r\n\r\ntrue\r\n",
        // Lists of scalars are comma-separated, as Sendbird's form fields expect.
        "name=\"thumbnails\"\r\n\r\n1,2\r\n",
        "name=\"file\"; filename=\"cat.png\"\r\nContent-Type: image/png\r\n\r\n\u{fffd}PNG-bytes",
    ] {
        assert!(body.contains(expected), "missing {expected:?} in {body}");
    }
    assert!(
        !body.contains("name=\"custom\""),
        "null members are skipped"
    );
    assert!(!body.contains("name=\"thumbnail\""));
}

#[tokio::test]
async fn json_or_multipart_sends_json_when_no_file_was_given() {
    let server = ok_server(json!({})).await;
    let mut request = Request::new(&SEND_FILE, RequestOptions::default());
    request.path_param("channel_url", "ch1").unwrap();
    request.file("file", None);
    request
        .json_or_multipart(&json!({"url": "https://x/y.png"}))
        .unwrap();
    client(&server).send_empty(request).await.unwrap();
    let received = only_request(&server).await;
    assert_eq!(
        received.headers.get("content-type").unwrap(),
        "application/json; charset=utf8"
    );
    assert_eq!(
        received.body_json::<Value>().unwrap(),
        json!({"url": "https://x/y.png"})
    );
}

#[tokio::test]
async fn empty_and_empty_object_success_bodies_are_accepted() {
    for template in [
        ResponseTemplate::new(200).set_body_string("{}"),
        ResponseTemplate::new(200),
        ResponseTemplate::new(204),
    ] {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(template)
            .mount(&server)
            .await;
        let mut request = Request::new(&UPDATE_USER, RequestOptions::default());
        request.path_param("user_id", "u1").unwrap();
        request.json(&json!({"nickname": "B"})).unwrap();
        let response = client(&server)
            .send_empty_with_metadata(request)
            .await
            .unwrap();
        assert!(response.status == 200 || response.status == 204);
    }
}

#[tokio::test]
async fn metadata_responses_expose_status_and_rate_limits() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"user_id": "u1"}))
                .insert_header("X-RateLimit-Limit", "100;w=60")
                .insert_header("X-RateLimit-Remaining", "99"),
        )
        .mount(&server)
        .await;
    let mut request = Request::new(&VIEW_USER, RequestOptions::default());
    request.path_param("user_id", "u1").unwrap();
    let response = client(&server)
        .send_json_with_metadata::<Value>(request)
        .await
        .unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(response.data["user_id"], "u1");
    assert_eq!(response.rate_limit.limit, Some(100));
    assert_eq!(
        response.rate_limit.window,
        Some(std::time::Duration::from_secs(60))
    );
    assert_eq!(response.rate_limit.remaining, Some(99));
    assert_eq!(response.headers().get("x-ratelimit-remaining"), Some("99"));
}

#[tokio::test]
async fn header_params_and_request_options_add_headers() {
    let server = ok_server(json!({})).await;
    let options = RequestOptions::default().header("X-Request-Id", "req-1");
    let mut request = Request::new(&LIST_USERS, options);
    request.header("Session-Key", Some("s e s"));
    request.header::<str>("Absent", None);
    client(&server).send_empty(request).await.unwrap();
    let received = only_request(&server).await;
    assert_eq!(received.headers.get("x-request-id").unwrap(), "req-1");
    assert_eq!(received.headers.get("session-key").unwrap(), "s e s");
    assert!(received.headers.get("absent").is_none());

    let mut bad = Request::new(&LIST_USERS, RequestOptions::default());
    bad.header("Session-Key", Some("line\nbreak"));
    let error = client(&server).send_empty(bad).await.unwrap_err();
    assert!(matches!(error, Error::InvalidRequest { .. }), "{error}");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn each_scheme_sends_its_own_credential() {
    let server = ok_server(json!({})).await;
    let client: Client = builder(&server)
        .desk_api_token("desk-token-9")
        .basic_auth("org-user", "org-password")
        .build()
        .unwrap();
    client
        .send_empty(Request::new(&DESK_TICKETS, RequestOptions::default()))
        .await
        .unwrap();
    client
        .send_empty(Request::new(&ORG_APPS, RequestOptions::default()))
        .await
        .unwrap();
    let received = server.received_requests().await.unwrap();
    assert_eq!(
        received[0].headers.get("sendbirddeskapitoken").unwrap(),
        "desk-token-9"
    );
    assert!(
        received[0].headers.get("api-token").is_none(),
        "the Chat token stays home"
    );
    // base64("org-user:org-password")
    assert_eq!(
        received[1].headers.get("authorization").unwrap(),
        "Basic b3JnLXVzZXI6b3JnLXBhc3N3b3Jk"
    );
}

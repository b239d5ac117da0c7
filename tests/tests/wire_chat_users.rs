//! Wire tests of the Chat `users` operations: each one sends exactly the expected
//! method, path, query, headers and body to a loopback mock server, and decodes a
//! realistic response (with unknown fields and `null`s) into typed values.
//!
//! The client's Chat base URL is overridden with `http://127.0.0.1:<port>/v3`: the
//! override replaces Sendbird's whole base URL (`https://api-{app_id}.sendbird.com/v3`,
//! path prefix included) and the operation path is appended to it, so these tests see
//! the same `/v3/users/...` paths as Sendbird does.

use std::collections::BTreeMap;

use futures::TryStreamExt;
use sendbird_platform::generated::chat::types::{
    ActiveMode, ChannelOrder, DistinctMode, Message, PushTokenType, QueryType,
};
use sendbird_platform::{
    Client, Error, ErrorCode, RetryPolicy, UnixMillis, UnixSeconds, UploadFile,
};
use serde_json::{json, Value};
use wiremock::matchers::{
    any, body_json, header, header_regex, method, path, query_param, query_param_is_missing,
};
use wiremock::{Match, Mock, MockBuilder, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "test-master-api-token-0123456789";
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

/// A mock for a non-multipart call: method, exact path, the token header, the JSON
/// content type Sendbird asks for (the runtime sends it on every non-multipart
/// request) and `Accept`. Each test adds its own query and body matchers.
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

/// Matches the request's raw (still percent-encoded) query pairs exactly, in any order:
/// no pair missing, none extra, and every value encoded as expected.
struct ExactQuery(Vec<(String, String)>);

fn exact_query(pairs: &[(&str, &str)]) -> ExactQuery {
    ExactQuery(
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
    )
}

fn raw_query_pairs(request: &Request) -> Vec<(String, String)> {
    let Some(query) = request.url.query() else {
        return Vec::new();
    };
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) => (k.to_owned(), v.to_owned()),
            None => (pair.to_owned(), String::new()),
        })
        .collect();
    pairs.sort();
    pairs
}

impl Match for ExactQuery {
    fn matches(&self, request: &Request) -> bool {
        let mut expected = self.0.clone();
        expected.sort();
        raw_query_pairs(request) == expected
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

/// A realistic user object: every field of the `User` type, a `null` optional field
/// (`locale`), and fields this client does not know (`phone_number`,
/// `session_tokens`, `is_shadow_blocked`).
fn user_json(user_id: &str, nickname: &str) -> Value {
    json!({
        "user_id": user_id,
        "nickname": nickname,
        "profile_url": format!("https://sendbird.example/profiles/{user_id}.png"),
        "require_auth_for_profile_image": false,
        "metadata": {"department": "support", "location": "Seoul"},
        "access_token": null,
        "created_at": 1_542_123_432,
        "discovery_keys": ["ann@example.com"],
        "has_ever_logged_in": true,
        "is_active": true,
        "is_online": false,
        "last_seen_at": 1_700_000_000_123_i64,
        "locale": null,
        "preferred_languages": ["en", "ko"],
        "phone_number": "",
        "session_tokens": [],
        "is_shadow_blocked": false
    })
}

/// A page of users as `list_users` returns it.
fn users_json(users: &[(&str, &str)], next: &str) -> Value {
    let users: Vec<Value> = users.iter().map(|(id, nick)| user_json(id, nick)).collect();
    json!({"users": users, "next": next, "ts": 1_700_000_000_000_i64})
}

/// The short user embedded in push-token responses, with a `null` and an unknown field.
fn push_token_user_json(user_id: &str) -> Value {
    json!({"user_id": user_id, "nickname": "Ann", "profile_url": null, "is_online": true})
}

fn assert_no_requests(requests: Option<Vec<Request>>) {
    let requests = requests.expect("request recording is on");
    assert!(
        requests.is_empty(),
        "expected no request, got {:?}",
        requests
            .iter()
            .map(|r| format!("{} {}", r.method, r.url))
            .collect::<Vec<_>>()
    );
}

/// One part of a `multipart/form-data` body.
#[derive(Debug)]
struct FormPart {
    name: String,
    filename: Option<String>,
    content_type: Option<String>,
    data: Vec<u8>,
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|window| window == needle)
        .map(|at| at + from)
}

/// Splits a multipart body on its boundary (RFC 7578), keeping parts' raw bytes.
fn parse_multipart(boundary: &str, body: &[u8]) -> Vec<FormPart> {
    let delimiter = format!("--{boundary}").into_bytes();
    let mut parts = Vec::new();
    let mut at = find(body, &delimiter, 0).expect("body starts with the boundary");
    loop {
        let after = at + delimiter.len();
        if body[after..].starts_with(b"--") {
            break; // closing delimiter
        }
        assert!(body[after..].starts_with(b"\r\n"), "CRLF after boundary");
        let start = after + 2;
        let next = find(body, &delimiter, start).expect("every part is closed");
        // The part ends with the CRLF that precedes the next delimiter.
        let part = &body[start..next - 2];
        let split = find(part, b"\r\n\r\n", 0).expect("part headers end with a blank line");
        let head = std::str::from_utf8(&part[..split]).expect("ASCII part headers");
        let mut form_part = FormPart {
            name: String::new(),
            filename: None,
            content_type: None,
            data: part[split + 4..].to_vec(),
        };
        for line in head.split("\r\n") {
            let (name, value) = line.split_once(':').expect("header line");
            match name.trim().to_ascii_lowercase().as_str() {
                "content-disposition" => {
                    for param in value.split(';').map(str::trim) {
                        if let Some(v) = param.strip_prefix("name=") {
                            form_part.name = v.trim_matches('"').to_owned();
                        } else if let Some(v) = param.strip_prefix("filename=") {
                            form_part.filename = Some(v.trim_matches('"').to_owned());
                        }
                    }
                }
                "content-type" => form_part.content_type = Some(value.trim().to_owned()),
                _ => {}
            }
        }
        parts.push(form_part);
        at = next;
    }
    parts
}

// ---------------------------------------------------------------------------------------
// One test per operation
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn create_user_sends_a_json_body() {
    let server = MockServer::start().await;
    sendbird_call("POST", "/v3/users")
        .and(NoQuery)
        .and(body_json(json!({
            "user_id": "ann",
            "nickname": "Ann",
            "profile_url": "https://sendbird.example/profiles/ann.png",
            "issue_access_token": true,
            "discovery_keys": ["ann@example.com", "+821012345678"],
            "metadata": {"department": "support", "location": "Seoul"}
        })))
        .respond_with(ok({
            let mut user = user_json("ann", "Ann");
            user["access_token"] = json!("b1ee9dfc0b4bda7d1ca0e1c2a1b9f1d3e5c1a2b3");
            user
        }))
        .expect(1)
        .mount(&server)
        .await;

    let metadata = BTreeMap::from([
        ("department".to_owned(), "support".to_owned()),
        ("location".to_owned(), "Seoul".to_owned()),
    ]);
    let user = client(&server)
        .chat()
        .users()
        .create_user()
        .user_id("ann")
        .nickname("Ann")
        .profile_url("https://sendbird.example/profiles/ann.png")
        .issue_access_token(true)
        .discovery_keys(["ann@example.com", "+821012345678"])
        .metadata(metadata.clone())
        .send()
        .await
        .expect("create_user succeeds");

    assert_eq!(user.user_id, "ann");
    assert_eq!(user.nickname.as_deref(), Some("Ann"));
    assert_eq!(
        user.profile_url.as_deref(),
        Some("https://sendbird.example/profiles/ann.png")
    );
    assert_eq!(
        user.access_token.as_deref(),
        Some("b1ee9dfc0b4bda7d1ca0e1c2a1b9f1d3e5c1a2b3")
    );
    assert_eq!(user.is_online, Some(false));
    assert_eq!(user.is_active, Some(true));
    assert_eq!(user.last_seen_at, Some(UnixMillis(1_700_000_000_123)));
    assert_eq!(user.created_at, Some(UnixSeconds(1_542_123_432)));
    assert_eq!(user.has_ever_logged_in, Some(true));
    assert_eq!(
        user.discovery_keys,
        Some(vec!["ann@example.com".to_owned()])
    );
    assert_eq!(
        user.preferred_languages,
        Some(vec!["en".to_owned(), "ko".to_owned()])
    );
    assert_eq!(user.locale, None, "`null` decodes to None");
    assert_eq!(user.require_auth_for_profile_image, Some(false));
    assert_eq!(user.metadata, Some(metadata));
}

#[tokio::test]
async fn create_user_with_profile_file_sends_multipart_form_data() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v3/users"))
        .and(NoQuery)
        .and(header("Api-Token", TOKEN))
        .and(header_regex(
            "Content-Type",
            r"^multipart/form-data; boundary=[0-9A-Za-z'()+_,./:=?-]{1,70}$",
        ))
        .respond_with(ok(user_json("ann", "Ann")))
        .expect(1)
        .mount(&server)
        .await;

    // A PNG signature: not UTF-8, so the file bytes must travel untouched.
    let png: Vec<u8> = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec();
    let user = client(&server)
        .chat()
        .users()
        .create_user()
        .user_id("ann")
        .nickname("Ann")
        .profile_url("")
        .issue_access_token(true)
        .profile_file(UploadFile::new("avatar.png", png.clone()).content_type("image/png"))
        .send()
        .await
        .expect("create_user with a file succeeds");
    assert_eq!(user.user_id, "ann");
    assert_eq!(user.nickname.as_deref(), Some("Ann"));

    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    let content_type = request.headers["content-type"].to_str().unwrap();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("multipart content type with a boundary");
    assert!(
        !content_type.contains("application/json"),
        "a multipart request must not claim JSON: {content_type}"
    );

    let parts = parse_multipart(boundary, &request.body);
    let mut names: Vec<&str> = parts.iter().map(|p| p.name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "issue_access_token",
            "nickname",
            "profile_file",
            "profile_url",
            "user_id"
        ]
    );
    let part = |name: &str| parts.iter().find(|p| p.name == name).unwrap();
    for (name, value) in [
        ("user_id", &b"ann"[..]),
        ("nickname", b"Ann"),
        ("profile_url", b""),
        ("issue_access_token", b"true"),
    ] {
        let text = part(name);
        assert_eq!(text.data, value, "text part {name}");
        assert_eq!(text.filename, None, "text part {name} has no filename");
    }
    let file = part("profile_file");
    assert_eq!(file.filename.as_deref(), Some("avatar.png"));
    assert_eq!(file.content_type.as_deref(), Some("image/png"));
    assert_eq!(file.data, png);
}

#[tokio::test]
async fn list_users_sends_every_query_param() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/users")
        .and(NoBody)
        // Decoded values...
        .and(query_param("token", "cursor/abc+=="))
        .and(query_param("limit", "25"))
        .and(query_param("active_mode", "deactivated"))
        .and(query_param("show_bot", "false"))
        .and(query_param("user_ids", "a,b c,d e"))
        .and(query_param("nickname", "Jo Ann"))
        .and(query_param("nickname_startswith", "Jo&"))
        .and(query_param("metadatakey", "department"))
        .and(query_param("metadatavalues_in", "support,sales ops"))
        // ...and exactly how they are encoded: list items are encoded one by one (a
        // space inside an item becomes %20; an item holding a comma is refused), the separators stay literal commas.
        .and(exact_query(&[
            ("token", "cursor%2Fabc%2B%3D%3D"),
            ("limit", "25"),
            ("active_mode", "deactivated"),
            ("show_bot", "false"),
            ("user_ids", "a,b%20c,d%20e"),
            ("nickname", "Jo%20Ann"),
            ("nickname_startswith", "Jo%26"),
            ("metadatakey", "department"),
            ("metadatavalues_in", "support,sales%20ops"),
        ]))
        .respond_with(ok(users_json(&[("a", "Ann"), ("b c", "Bea")], "")))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server)
        .chat()
        .users()
        .list_users()
        .token("cursor/abc+==")
        .limit(25)
        .active_mode(ActiveMode::Deactivated)
        .show_bot(false)
        .user_ids(["a", "b c", "d e"])
        .nickname("Jo Ann")
        .nickname_startswith("Jo&")
        .metadatakey("department")
        .metadatavalues_in(["support", "sales ops"])
        .send()
        .await
        .expect("list_users succeeds");

    assert_eq!(page.users.len(), 2);
    assert_eq!(page.users[0].user_id, "a");
    assert_eq!(page.users[0].nickname.as_deref(), Some("Ann"));
    assert_eq!(page.users[1].user_id, "b c");
    assert_eq!(page.users[1].nickname.as_deref(), Some("Bea"));
    assert_eq!(
        page.users[1].last_seen_at,
        Some(UnixMillis(1_700_000_000_123))
    );
    assert_eq!(page.next.as_deref(), Some(""));
}

#[tokio::test]
async fn update_user_sends_a_json_body() {
    let server = MockServer::start().await;
    sendbird_call("PUT", "/v3/users/ann")
        .and(NoQuery)
        .and(body_json(json!({
            "nickname": "Annie",
            "profile_url": "https://sendbird.example/profiles/annie.png",
            "issue_access_token": true,
            "is_active": false,
            "leave_all_when_deactivated": false,
            "discovery_keys": ["annie@example.com"],
            "preferred_languages": ["fr", "en"]
        })))
        .respond_with(ok(json!({
            "user_id": "ann",
            "nickname": "Annie",
            "profile_url": "https://sendbird.example/profiles/annie.png",
            "access_token": "0f5a1c2d3e4f",
            "last_seen_at": 0,
            "is_online": true,
            "is_active": false,
            "created_at": null,
            "metadata": {},
            "preferred_languages": ["fr", "en"],
            "unread_channel_count": 4
        })))
        .expect(1)
        .mount(&server)
        .await;

    let user = client(&server)
        .chat()
        .users()
        .update_user("ann")
        .nickname("Annie")
        .profile_url("https://sendbird.example/profiles/annie.png")
        .issue_access_token(true)
        .is_active(false)
        .leave_all_when_deactivated(false)
        .discovery_keys(["annie@example.com"])
        .preferred_languages(["fr", "en"])
        .send()
        .await
        .expect("update_user succeeds");

    assert_eq!(user.user_id, "ann");
    assert_eq!(user.nickname.as_deref(), Some("Annie"));
    assert_eq!(user.access_token.as_deref(), Some("0f5a1c2d3e4f"));
    assert_eq!(user.last_seen_at, Some(UnixMillis(0)));
    assert_eq!(user.is_online, Some(true));
    assert_eq!(user.is_active, Some(false));
    assert_eq!(user.created_at, None);
    assert_eq!(user.metadata, Some(BTreeMap::new()));
    assert_eq!(
        user.preferred_languages,
        Some(vec!["fr".to_owned(), "en".to_owned()])
    );
    assert_eq!(user.discovery_keys, None);
}

#[tokio::test]
async fn view_user_sends_include_unread_count() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/users/ann")
        .and(NoBody)
        .and(query_param("include_unread_count", "true"))
        .and(exact_query(&[("include_unread_count", "true")]))
        .respond_with(ok({
            let mut user = user_json("ann", "Ann");
            user["unread_message_count"] = json!(7);
            user["unread_channel_count"] = json!(2);
            user
        }))
        .expect(1)
        .mount(&server)
        .await;

    let user = client(&server)
        .chat()
        .users()
        .view_user("ann")
        .include_unread_count(true)
        .send()
        .await
        .expect("view_user succeeds");

    assert_eq!(user.user_id, "ann");
    assert_eq!(user.nickname.as_deref(), Some("Ann"));
    assert_eq!(
        user.profile_url.as_deref(),
        Some("https://sendbird.example/profiles/ann.png")
    );
    assert_eq!(user.access_token, None);
    assert_eq!(user.is_online, Some(false));
    assert_eq!(user.is_active, Some(true));
    assert_eq!(user.last_seen_at, Some(UnixMillis(1_700_000_000_123)));
    assert_eq!(user.created_at, Some(UnixSeconds(1_542_123_432)));
    assert_eq!(
        user.metadata
            .as_ref()
            .and_then(|m| m.get("location"))
            .map(String::as_str),
        Some("Seoul")
    );
}

#[tokio::test]
async fn delete_user_accepts_an_empty_object() {
    let server = MockServer::start().await;
    sendbird_call("DELETE", "/v3/users/ann")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .chat()
        .users()
        .delete_user("ann")
        .send()
        .await
        .expect("delete_user succeeds");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
#[allow(deprecated)]
async fn get_unread_count_decodes_the_count() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/users/ann/unread_count")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(json!({"unread_count": 42, "ts": 1_700_000_000_000_i64})))
        .expect(1)
        .mount(&server)
        .await;

    let count = client(&server)
        .chat()
        .users()
        .get_unread_count("ann")
        .send()
        .await
        .expect("get_unread_count succeeds");
    assert_eq!(count.unread_count, 42);
}

#[tokio::test]
#[allow(deprecated)]
async fn activate_user_sends_the_flag_and_decodes_both_response_shapes() {
    let server = MockServer::start().await;
    sendbird_call("PUT", "/v3/users/ann/activate")
        .and(NoQuery)
        .and(body_json(json!({"activate": true})))
        .respond_with(ok(json!({
            "user_id": "ann",
            "nickname": "Ann",
            "profile_url": "",
            "access_token": null,
            "is_active": true
        })))
        .expect(1)
        .mount(&server)
        .await;
    // Deactivating answers with an empty object.
    sendbird_call("PUT", "/v3/users/ann/activate")
        .and(NoQuery)
        .and(body_json(json!({"activate": false})))
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    let users = client(&server).chat().users();
    let activated = users
        .activate_user("ann")
        .activate(true)
        .send()
        .await
        .expect("activating succeeds");
    assert_eq!(activated.user_id.as_deref(), Some("ann"));
    assert_eq!(activated.nickname.as_deref(), Some("Ann"));
    assert_eq!(activated.profile_url.as_deref(), Some(""));
    assert_eq!(activated.access_token, None);

    let deactivated = users
        .activate_user("ann")
        .activate(false)
        .send()
        .await
        .expect("deactivating succeeds");
    assert_eq!(deactivated.user_id, None);
    assert_eq!(deactivated.nickname, None);
    assert_eq!(deactivated.profile_url, None);
    assert_eq!(deactivated.access_token, None);
}

#[tokio::test]
async fn block_user_sends_the_target() {
    let server = MockServer::start().await;
    sendbird_call("POST", "/v3/users/ann/block")
        .and(NoQuery)
        .and(body_json(json!({"target_id": "troll_42"})))
        .respond_with(ok(json!({
            "user_id": "troll_42",
            "nickname": "Troll",
            "profile_url": null,
            "last_seen_at": 1_699_999_999_000_i64,
            "is_online": false,
            "is_blocked_by_me": true
        })))
        .expect(1)
        .mount(&server)
        .await;

    let blocked = client(&server)
        .chat()
        .users()
        .block_user("ann")
        .target_id("troll_42")
        .send()
        .await
        .expect("block_user succeeds");
    assert_eq!(blocked.user_id, "troll_42");
    assert_eq!(blocked.nickname.as_deref(), Some("Troll"));
    assert_eq!(blocked.profile_url, None);
    assert_eq!(blocked.last_seen_at, Some(UnixMillis(1_699_999_999_000)));
    assert_eq!(blocked.is_online, Some(false));
}

#[tokio::test]
async fn list_blocked_users_sends_token_and_limit() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/users/ann/block")
        .and(NoBody)
        .and(query_param("token", "YXNk"))
        .and(query_param("limit", "100"))
        .and(exact_query(&[("token", "YXNk"), ("limit", "100")]))
        .respond_with(ok(json!({
            "users": [
                {"user_id": "troll_42", "nickname": "Troll", "profile_url": "", "last_seen_at": 0, "is_online": true},
                {"user_id": "spam bot", "nickname": null, "is_online": false, "friend_discovery_key": null}
            ],
            "next": "ZmVk"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server)
        .chat()
        .users()
        .list_blocked_users("ann")
        .token("YXNk")
        .limit(100)
        .send()
        .await
        .expect("list_blocked_users succeeds");
    assert_eq!(page.users.len(), 2);
    assert_eq!(page.users[0].user_id, "troll_42");
    assert_eq!(page.users[0].nickname.as_deref(), Some("Troll"));
    assert_eq!(page.users[0].last_seen_at, Some(UnixMillis(0)));
    assert_eq!(page.users[0].is_online, Some(true));
    assert_eq!(page.users[1].user_id, "spam bot");
    assert_eq!(page.users[1].nickname, None);
    assert_eq!(page.users[1].is_online, Some(false));
    assert_eq!(page.next.as_deref(), Some("ZmVk"));
}

#[tokio::test]
async fn unblock_user_puts_both_ids_in_the_path() {
    let server = MockServer::start().await;
    sendbird_call("DELETE", "/v3/users/ann/block/spam%20bot")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .chat()
        .users()
        .unblock_user("ann", "spam bot")
        .send()
        .await
        .expect("unblock_user succeeds");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn list_banned_channels_decodes_bans() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/users/ann/ban")
        .and(NoBody)
        .and(query_param("limit", "2"))
        .and(exact_query(&[("limit", "2")]))
        .respond_with(ok(json!({
            "banned_channels": [
                {
                    "description": "Spamming links",
                    "start_at": 1_700_000_000_000_i64,
                    "end_at": 1_700_086_400_000_i64,
                    "channel": {
                        "channel_url": "open_channel_lobby",
                        "name": "Lobby",
                        "cover_url": "https://sendbird.example/covers/lobby.jpg",
                        "data": "",
                        "custom_type": "public",
                        "created_at": 1_600_000_000,
                        "participant_count": 120,
                        "freeze": false
                    }
                },
                {
                    "description": null,
                    "start_at": 1_700_000_100_000_i64,
                    "end_at": -1,
                    "channel": {"channel_url": "open_channel_sports", "name": "Sports", "cover_url": null}
                }
            ],
            "next": ""
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server)
        .chat()
        .users()
        .list_banned_channels("ann")
        .limit(2)
        .send()
        .await
        .expect("list_banned_channels succeeds");
    assert_eq!(page.banned_channels.len(), 2);
    let first = &page.banned_channels[0];
    assert_eq!(first.description.as_deref(), Some("Spamming links"));
    assert_eq!(first.start_at, Some(UnixMillis(1_700_000_000_000)));
    assert_eq!(first.end_at, Some(UnixMillis(1_700_086_400_000)));
    assert_eq!(first.channel.channel_url, "open_channel_lobby");
    assert_eq!(first.channel.name.as_deref(), Some("Lobby"));
    assert_eq!(
        first.channel.cover_url.as_deref(),
        Some("https://sendbird.example/covers/lobby.jpg")
    );
    assert_eq!(first.channel.data.as_deref(), Some(""));
    assert_eq!(first.channel.custom_type.as_deref(), Some("public"));
    assert_eq!(first.channel.created_at, Some(UnixSeconds(1_600_000_000)));
    let second = &page.banned_channels[1];
    assert_eq!(second.description, None);
    assert_eq!(
        second.end_at,
        Some(UnixMillis(-1)),
        "-1 means a permanent ban"
    );
    assert_eq!(second.channel.channel_url, "open_channel_sports");
    assert_eq!(second.channel.cover_url, None);
    assert_eq!(second.channel.created_at, None);
    assert_eq!(page.next.as_deref(), Some(""));
}

#[tokio::test]
async fn list_muted_channels_decodes_channels() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/users/ann/mute")
        .and(NoBody)
        .and(query_param("token", "bXV0ZQ"))
        .and(query_param("limit", "1"))
        .and(exact_query(&[("token", "bXV0ZQ"), ("limit", "1")]))
        .respond_with(ok(json!({
            "muted_channels": [{
                "channel_url": "open_channel_lobby",
                "name": "Lobby",
                "cover_url": "https://sendbird.example/covers/lobby.jpg",
                "data": "{\"topic\":\"general\"}",
                "custom_type": null,
                "created_at": 1_600_000_000,
                "operators": []
            }],
            "next": "bmV4dA"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server)
        .chat()
        .users()
        .list_muted_channels("ann")
        .token("bXV0ZQ")
        .limit(1)
        .send()
        .await
        .expect("list_muted_channels succeeds");
    assert_eq!(page.muted_channels.len(), 1);
    let channel = &page.muted_channels[0];
    assert_eq!(channel.channel_url, "open_channel_lobby");
    assert_eq!(channel.name.as_deref(), Some("Lobby"));
    assert_eq!(
        channel.cover_url.as_deref(),
        Some("https://sendbird.example/covers/lobby.jpg")
    );
    assert_eq!(channel.data.as_deref(), Some("{\"topic\":\"general\"}"));
    assert_eq!(channel.custom_type, None);
    assert_eq!(channel.created_at, Some(UnixSeconds(1_600_000_000)));
    assert_eq!(page.next.as_deref(), Some("bmV4dA"));
}

#[tokio::test]
async fn mark_all_as_read_sends_the_channel_list() {
    let server = MockServer::start().await;
    sendbird_call("PUT", "/v3/users/ann/mark_as_read_all")
        .and(NoQuery)
        .and(body_json(json!({
            "channel_urls": ["sendbird_group_channel_1", "sendbird_group_channel_2"]
        })))
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .chat()
        .users()
        .mark_all_as_read("ann")
        .channel_urls(["sendbird_group_channel_1", "sendbird_group_channel_2"])
        .send()
        .await
        .expect("mark_all_as_read succeeds");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn register_push_token_puts_the_token_type_in_the_path() {
    let server = MockServer::start().await;
    sendbird_call("POST", "/v3/users/ann/push/gcm")
        .and(NoQuery)
        .and(body_json(json!({"gcm_reg_token": "fcm:APA91bH-x_y"})))
        .respond_with(ok(json!({
            "token": "fcm:APA91bH-x_y",
            "type": "GCM",
            "user": push_token_user_json("ann")
        })))
        .expect(1)
        .mount(&server)
        .await;
    sendbird_call("POST", "/v3/users/ann/push/apns")
        .and(NoQuery)
        .and(body_json(json!({"apns_device_token": "7e1c0a9b"})))
        .respond_with(ok(json!({
            "token": "7e1c0a9b",
            "type": null,
            "user": {"user_id": "ann"}
        })))
        .expect(1)
        .mount(&server)
        .await;

    let users = client(&server).chat().users();
    let gcm = users
        .register_push_token("ann", PushTokenType::Gcm)
        .gcm_reg_token("fcm:APA91bH-x_y")
        .send()
        .await
        .expect("registering a gcm token succeeds");
    assert_eq!(gcm.token, "fcm:APA91bH-x_y");
    assert_eq!(gcm.r#type.as_deref(), Some("GCM"));
    assert_eq!(gcm.user.user_id, "ann");
    assert_eq!(gcm.user.nickname.as_deref(), Some("Ann"));
    assert_eq!(gcm.user.profile_url, None);

    let apns = users
        .register_push_token("ann", PushTokenType::Apns)
        .apns_device_token("7e1c0a9b")
        .send()
        .await
        .expect("registering an apns token succeeds");
    assert_eq!(apns.token, "7e1c0a9b");
    assert_eq!(apns.r#type, None);
    assert_eq!(apns.user.user_id, "ann");
    assert_eq!(apns.user.nickname, None);
}

#[tokio::test]
async fn unregister_push_token_encodes_the_token_as_one_segment() {
    let server = MockServer::start().await;
    sendbird_call("DELETE", "/v3/users/ann/push/huawei/hms%3AAB%2Fcd%2B%3D")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(json!({
            "token": "hms:AB/cd+=",
            "user": push_token_user_json("ann")
        })))
        .expect(1)
        .mount(&server)
        .await;

    let removed = client(&server)
        .chat()
        .users()
        .unregister_push_token("ann", PushTokenType::Huawei, "hms:AB/cd+=")
        .send()
        .await
        .expect("unregister_push_token succeeds");
    assert_eq!(removed.token.as_deref(), Some("hms:AB/cd+="));
    assert_eq!(removed.user.user_id, "ann");
    assert_eq!(removed.user.nickname.as_deref(), Some("Ann"));
    assert_eq!(removed.user.profile_url, None);
}

#[tokio::test]
async fn unregister_all_push_tokens_decodes_the_user() {
    let server = MockServer::start().await;
    sendbird_call("DELETE", "/v3/users/ann/push")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(json!({
            "user": {
                "user_id": "ann",
                "nickname": "Ann",
                "profile_url": "https://sendbird.example/profiles/ann.png"
            }
        })))
        .expect(1)
        .mount(&server)
        .await;

    let removed = client(&server)
        .chat()
        .users()
        .unregister_all_push_tokens("ann")
        .send()
        .await
        .expect("unregister_all_push_tokens succeeds");
    assert_eq!(removed.user.user_id, "ann");
    assert_eq!(removed.user.nickname.as_deref(), Some("Ann"));
    assert_eq!(
        removed.user.profile_url.as_deref(),
        Some("https://sendbird.example/profiles/ann.png")
    );
}

#[tokio::test]
async fn view_push_preference_decodes_every_field() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/users/ann/push_preference")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(json!({
            "do_not_disturb": true,
            "timezone": "Asia/Seoul",
            "start_hour": 22,
            "start_min": 30,
            "end_hour": 7,
            "end_min": 0,
            "push_trigger_option": "mention_only",
            "snooze_enabled": false,
            "snooze_start_ts": 0,
            "snooze_end_ts": null,
            "push_sound": "default.caf",
            "block_push_from_bots": true,
            "enable_push_for_replies": true
        })))
        .expect(1)
        .mount(&server)
        .await;

    let preference = client(&server)
        .chat()
        .users()
        .view_push_preference("ann")
        .send()
        .await
        .expect("view_push_preference succeeds");
    assert_eq!(preference.do_not_disturb, Some(true));
    assert_eq!(preference.timezone.as_deref(), Some("Asia/Seoul"));
    assert_eq!(preference.start_hour, Some(22));
    assert_eq!(preference.start_min, Some(30));
    assert_eq!(preference.end_hour, Some(7));
    assert_eq!(preference.end_min, Some(0));
    assert_eq!(
        preference.push_trigger_option.as_deref(),
        Some("mention_only")
    );
    assert_eq!(preference.snooze_enabled, Some(false));
    assert_eq!(preference.snooze_start_ts, Some(UnixMillis(0)));
    assert_eq!(preference.snooze_end_ts, None);
    assert_eq!(preference.push_sound.as_deref(), Some("default.caf"));
    assert_eq!(preference.block_push_from_bots, Some(true));
}

#[tokio::test]
async fn update_push_preference_sends_every_field() {
    let server = MockServer::start().await;
    sendbird_call("PUT", "/v3/users/ann/push_preference")
        .and(NoQuery)
        .and(body_json(json!({
            "do_not_disturb": true,
            "timezone": "Europe/London",
            "start_hour": 23,
            "start_min": 59,
            "end_hour": 0,
            "end_min": 0,
            "push_trigger_option": "all",
            "snooze_enabled": true,
            "snooze_start_ts": 1_700_000_000_000_i64,
            "snooze_end_ts": 1_700_003_600_000_i64,
            "push_sound": "chime.caf"
        })))
        .respond_with(ok(json!({
            "do_not_disturb": true,
            "timezone": "Europe/London",
            "start_hour": 23,
            "start_min": 59,
            "end_hour": 0,
            "end_min": 0,
            "push_trigger_option": "all",
            "snooze_enabled": true,
            "snooze_start_ts": 1_700_000_000_000_i64,
            "snooze_end_ts": 1_700_003_600_000_i64,
            "push_sound": "chime.caf",
            "block_push_from_bots": null
        })))
        .expect(1)
        .mount(&server)
        .await;

    let preference = client(&server)
        .chat()
        .users()
        .update_push_preference("ann")
        .do_not_disturb(true)
        .timezone("Europe/London")
        .start_hour(23)
        .start_min(59)
        .end_hour(0)
        .end_min(0)
        .push_trigger_option("all")
        .snooze_enabled(true)
        .snooze_start_ts(UnixMillis(1_700_000_000_000))
        .snooze_end_ts(UnixMillis(1_700_003_600_000))
        .push_sound("chime.caf")
        .send()
        .await
        .expect("update_push_preference succeeds");
    assert_eq!(preference.do_not_disturb, Some(true));
    assert_eq!(preference.timezone.as_deref(), Some("Europe/London"));
    assert_eq!(preference.start_hour, Some(23));
    assert_eq!(preference.start_min, Some(59));
    assert_eq!(preference.end_hour, Some(0));
    assert_eq!(preference.end_min, Some(0));
    assert_eq!(preference.push_trigger_option.as_deref(), Some("all"));
    assert_eq!(preference.snooze_enabled, Some(true));
    assert_eq!(
        preference.snooze_start_ts,
        Some(UnixMillis(1_700_000_000_000))
    );
    assert_eq!(
        preference.snooze_end_ts,
        Some(UnixMillis(1_700_003_600_000))
    );
    assert_eq!(preference.push_sound.as_deref(), Some("chime.caf"));
    assert_eq!(preference.block_push_from_bots, None);
}

#[tokio::test]
async fn delete_push_preference_accepts_an_empty_object() {
    let server = MockServer::start().await;
    sendbird_call("DELETE", "/v3/users/ann/push_preference")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .chat()
        .users()
        .delete_push_preference("ann")
        .send()
        .await
        .expect("delete_push_preference succeeds");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn view_channel_push_preference_decodes_enable() {
    let server = MockServer::start().await;
    sendbird_call(
        "GET",
        "/v3/users/ann/push_preference/sendbird_group_channel_1",
    )
    .and(NoQuery)
    .and(NoBody)
    .respond_with(ok(json!({
        "enable": false,
        "push_trigger_option": null,
        "channel_url": "sendbird_group_channel_1"
    })))
    .expect(1)
    .mount(&server)
    .await;

    let preference = client(&server)
        .chat()
        .users()
        .view_channel_push_preference("ann", "sendbird_group_channel_1")
        .send()
        .await
        .expect("view_channel_push_preference succeeds");
    assert!(!preference.enable);
    assert_eq!(preference.push_trigger_option, None);
}

#[tokio::test]
async fn update_channel_push_preference_sends_enable() {
    let server = MockServer::start().await;
    sendbird_call(
        "PUT",
        "/v3/users/ann/push_preference/sendbird_group_channel_1",
    )
    .and(NoQuery)
    .and(body_json(json!({"enable": true})))
    .respond_with(ok(
        json!({"enable": true, "push_trigger_option": "default"}),
    ))
    .expect(1)
    .mount(&server)
    .await;

    let preference = client(&server)
        .chat()
        .users()
        .update_channel_push_preference("ann", "sendbird_group_channel_1")
        .enable(true)
        .send()
        .await
        .expect("update_channel_push_preference succeeds");
    assert!(preference.enable);
    assert_eq!(preference.push_trigger_option.as_deref(), Some("default"));
}

#[tokio::test]
async fn list_my_group_channels_sends_every_query_param_and_decodes_messages() {
    let server = MockServer::start().await;
    let unknown_message = json!({
        "type": "SYSM",
        "message_id": 9_000_000_004_i64,
        "message": "Ann joined.",
        "channel_url": "channel_unknown",
        "created_at": 1_700_000_004_000_i64,
        "sys_event": {"type": "join", "user_ids": ["ann"]}
    });
    let response = json!({
        "channels": [
            {
                "channel_url": "channel_mesg",
                "name": "Support #1",
                "cover_url": "https://sendbird.example/covers/1.jpg",
                "data": "",
                "custom_type": "support",
                "is_distinct": false,
                "is_public": false,
                "is_super": false,
                "is_push_enabled": true,
                "unread_message_count": 3,
                "unread_mention_count": 1,
                "member_count": 2,
                "joined_member_count": 2,
                "max_length_message": -1,
                "created_at": 1_600_000_000,
                "channel": {},
                "freeze": false,
                "last_message": {
                    "type": "MESG",
                    "message_id": 9_000_000_001_i64,
                    "message": "Hello, how can I help?",
                    "data": "{\"priority\":\"high\"}",
                    "custom_type": "",
                    "channel_url": "channel_mesg",
                    "created_at": 1_700_000_001_000_i64,
                    "updated_at": 0,
                    "file": {},
                    "mention_type": "users",
                    "user": {
                        "user_id": "agent_7",
                        "nickname": "Agent Seven",
                        "profile_url": "",
                        "metadata": {"team": "tier1"},
                        "require_auth_for_profile_image": false
                    }
                },
                "members": [
                    {
                        "user_id": "ann",
                        "nickname": "Ann",
                        "profile_url": "https://sendbird.example/profiles/ann.png",
                        "is_online": true,
                        "is_active": true,
                        "last_seen_at": 0,
                        "state": "joined",
                        "metadata": {},
                        "role": "none"
                    },
                    {
                        "user_id": "agent_7",
                        "nickname": "Agent Seven",
                        "profile_url": null,
                        "is_online": false,
                        "last_seen_at": 1_699_999_000_000_i64,
                        "state": "invited"
                    }
                ],
                "read_receipt": {"ann": 1_700_000_001_500_i64, "agent_7": 1_700_000_001_000_i64},
                "metadata": {"ticket": "T-1001"}
            },
            {
                "channel_url": "channel_file",
                "name": null,
                "is_distinct": true,
                "created_at": 1_600_000_100,
                "last_message": {
                    "type": "FILE",
                    "message_id": 9_000_000_002_i64,
                    "message": "",
                    "file": {
                        "name": "invoice.pdf",
                        "url": "https://sendbird.example/files/invoice.pdf",
                        "type": "application/pdf",
                        "size": 48_213,
                        "data": "",
                        "custom": null
                    },
                    "thumbnails": [],
                    "channel_url": "channel_file",
                    "created_at": 1_700_000_002_000_i64,
                    "user": {"user_id": "ann", "nickname": "Ann", "profile_url": null}
                },
                "members": [],
                "read_receipt": {}
            },
            {
                "channel_url": "channel_admm",
                "last_message": {
                    "type": "ADMM",
                    "message_id": 9_000_000_003_i64,
                    "message": "Maintenance tonight at 02:00 UTC.",
                    "data": null,
                    "custom_type": "notice",
                    "channel_url": "channel_admm",
                    "created_at": 1_700_000_003_000_i64,
                    "is_op_msg": false
                }
            },
            {
                "channel_url": "channel_unknown",
                "last_message": unknown_message.clone()
            },
            {
                "channel_url": "channel_empty",
                "last_message": null,
                "members": null,
                "read_receipt": null
            }
        ],
        "next": "bmV4dF9wYWdl",
        "ts": 1_700_000_010_000_i64
    });

    sendbird_call("GET", "/v3/users/ann/my_group_channels")
        .and(NoBody)
        .and(query_param("token", "c3RhcnQ="))
        .and(query_param("limit", "50"))
        .and(query_param("show_read_receipt", "true"))
        .and(query_param("show_member", "true"))
        .and(query_param("show_empty", "false"))
        .and(query_param("order", "latest_last_message"))
        .and(query_param("distinct_mode", "nondistinct"))
        .and(query_param("channel_urls", "channel_mesg,channel file"))
        .and(query_param("members_exactly_in", "ann,agent 7"))
        .and(query_param("members_nickname_contains", "Ann & Bo"))
        .and(query_param("members_include_in", "ann,agent_7"))
        .and(query_param("query_type", "OR"))
        .and(query_param("custom_type", "support"))
        .and(exact_query(&[
            ("token", "c3RhcnQ%3D"),
            ("limit", "50"),
            ("show_read_receipt", "true"),
            ("show_member", "true"),
            ("show_empty", "false"),
            ("order", "latest_last_message"),
            ("distinct_mode", "nondistinct"),
            ("channel_urls", "channel_mesg,channel%20file"),
            ("members_exactly_in", "ann,agent%207"),
            ("members_nickname_contains", "Ann%20%26%20Bo"),
            ("members_include_in", "ann,agent_7"),
            ("query_type", "OR"),
            ("custom_type", "support"),
        ]))
        .respond_with(ok(response))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server)
        .chat()
        .users()
        .list_my_group_channels("ann")
        .token("c3RhcnQ=")
        .limit(50)
        .show_read_receipt(true)
        .show_member(true)
        .show_empty(false)
        .order(ChannelOrder::LatestLastMessage)
        .distinct_mode(DistinctMode::Nondistinct)
        .channel_urls(["channel_mesg", "channel file"])
        .members_exactly_in(["ann", "agent 7"])
        .members_nickname_contains("Ann & Bo")
        .members_include_in(["ann", "agent_7"])
        .query_type(QueryType::Or)
        .custom_type("support")
        .send()
        .await
        .expect("list_my_group_channels succeeds");

    assert_eq!(page.next.as_deref(), Some("bmV4dF9wYWdl"));
    assert_eq!(page.channels.len(), 5);

    // A channel whose last message is a user message, with members and read receipts.
    let mesg = &page.channels[0];
    assert_eq!(mesg.channel_url, "channel_mesg");
    assert_eq!(mesg.name.as_deref(), Some("Support #1"));
    assert_eq!(
        mesg.cover_url.as_deref(),
        Some("https://sendbird.example/covers/1.jpg")
    );
    assert_eq!(mesg.data.as_deref(), Some(""));
    assert_eq!(mesg.custom_type.as_deref(), Some("support"));
    assert_eq!(mesg.is_distinct, Some(false));
    assert_eq!(mesg.is_public, Some(false));
    assert_eq!(mesg.is_super, Some(false));
    assert_eq!(mesg.is_push_enabled, Some(true));
    assert_eq!(mesg.unread_message_count, Some(3));
    assert_eq!(mesg.unread_mention_count, Some(1));
    assert_eq!(mesg.member_count, Some(2));
    assert_eq!(mesg.joined_member_count, Some(2));
    assert_eq!(mesg.max_length_message, Some(-1));
    assert_eq!(mesg.created_at, Some(UnixSeconds(1_600_000_000)));
    assert_eq!(
        mesg.metadata,
        Some(BTreeMap::from([("ticket".to_owned(), "T-1001".to_owned())]))
    );
    match &mesg.last_message {
        Some(Message::UserMessage(message)) => {
            assert_eq!(message.r#type, "MESG");
            assert_eq!(message.message_id, 9_000_000_001);
            assert_eq!(message.message.as_deref(), Some("Hello, how can I help?"));
            assert_eq!(message.data.as_deref(), Some("{\"priority\":\"high\"}"));
            assert_eq!(message.custom_type.as_deref(), Some(""));
            assert_eq!(message.channel_url.as_deref(), Some("channel_mesg"));
            assert_eq!(message.created_at, Some(UnixMillis(1_700_000_001_000)));
            assert_eq!(message.updated_at, Some(UnixMillis(0)));
            let sender = message.user.as_ref().expect("sender");
            assert_eq!(sender.user_id, "agent_7");
            assert_eq!(sender.nickname.as_deref(), Some("Agent Seven"));
            assert_eq!(sender.profile_url.as_deref(), Some(""));
            assert_eq!(
                sender.metadata,
                Some(BTreeMap::from([("team".to_owned(), "tier1".to_owned())]))
            );
        }
        other => panic!("expected a user message, got {other:?}"),
    }
    let members = mesg.members.as_ref().expect("members");
    assert_eq!(members.len(), 2);
    assert_eq!(members[0].user_id, "ann");
    assert_eq!(members[0].nickname.as_deref(), Some("Ann"));
    assert_eq!(
        members[0].profile_url.as_deref(),
        Some("https://sendbird.example/profiles/ann.png")
    );
    assert_eq!(members[0].is_online, Some(true));
    assert_eq!(members[0].is_active, Some(true));
    assert_eq!(members[0].last_seen_at, Some(UnixMillis(0)));
    assert_eq!(members[0].state.as_deref(), Some("joined"));
    assert_eq!(members[0].metadata, Some(BTreeMap::new()));
    assert_eq!(members[1].user_id, "agent_7");
    assert_eq!(members[1].profile_url, None);
    assert_eq!(members[1].is_online, Some(false));
    assert_eq!(members[1].is_active, None);
    assert_eq!(members[1].last_seen_at, Some(UnixMillis(1_699_999_000_000)));
    assert_eq!(members[1].state.as_deref(), Some("invited"));
    assert_eq!(members[1].metadata, None);
    assert_eq!(
        mesg.read_receipt,
        Some(BTreeMap::from([
            ("agent_7".to_owned(), UnixMillis(1_700_000_001_000)),
            ("ann".to_owned(), UnixMillis(1_700_000_001_500)),
        ]))
    );

    // A file message.
    let file = &page.channels[1];
    assert_eq!(file.channel_url, "channel_file");
    assert_eq!(file.name, None);
    assert_eq!(file.is_distinct, Some(true));
    assert_eq!(file.created_at, Some(UnixSeconds(1_600_000_100)));
    match &file.last_message {
        Some(Message::FileMessage(message)) => {
            assert_eq!(message.r#type, "FILE");
            assert_eq!(message.message_id, 9_000_000_002);
            assert_eq!(message.file.name.as_deref(), Some("invoice.pdf"));
            assert_eq!(
                message.file.url,
                "https://sendbird.example/files/invoice.pdf"
            );
            assert_eq!(message.file.r#type.as_deref(), Some("application/pdf"));
            assert_eq!(message.file.size, Some(48_213));
            assert_eq!(message.file.data.as_deref(), Some(""));
            assert_eq!(message.file.custom, None);
            assert_eq!(message.channel_url.as_deref(), Some("channel_file"));
            assert_eq!(message.created_at, Some(UnixMillis(1_700_000_002_000)));
            assert_eq!(message.updated_at, None);
            let sender = message.user.as_ref().expect("sender");
            assert_eq!(sender.user_id, "ann");
            assert_eq!(sender.profile_url, None);
        }
        other => panic!("expected a file message, got {other:?}"),
    }
    assert_eq!(file.members, Some(Vec::new()));
    assert_eq!(file.read_receipt, Some(BTreeMap::new()));

    // An admin message.
    let admm = &page.channels[2];
    assert_eq!(admm.channel_url, "channel_admm");
    match &admm.last_message {
        Some(Message::AdminMessage(message)) => {
            assert_eq!(message.r#type, "ADMM");
            assert_eq!(message.message_id, 9_000_000_003);
            assert_eq!(
                message.message.as_deref(),
                Some("Maintenance tonight at 02:00 UTC.")
            );
            assert_eq!(message.data, None);
            assert_eq!(message.custom_type.as_deref(), Some("notice"));
            assert_eq!(message.channel_url.as_deref(), Some("channel_admm"));
            assert_eq!(message.created_at, Some(UnixMillis(1_700_000_003_000)));
        }
        other => panic!("expected an admin message, got {other:?}"),
    }
    assert_eq!(admm.members, None);
    assert_eq!(admm.read_receipt, None);

    // A message type this client does not know keeps its whole JSON object.
    let unknown = &page.channels[3];
    assert_eq!(unknown.channel_url, "channel_unknown");
    match &unknown.last_message {
        Some(Message::Unknown(value)) => assert_eq!(value, &unknown_message),
        other => panic!("expected an unknown message, got {other:?}"),
    }

    // `null`s for optional fields decode to None.
    let empty = &page.channels[4];
    assert_eq!(empty.channel_url, "channel_empty");
    assert_eq!(empty.last_message, None);
    assert_eq!(empty.members, None);
    assert_eq!(empty.read_receipt, None);
}

// ---------------------------------------------------------------------------------------
// Cross-cutting behaviour, through the users operations
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn user_ids_reach_the_server_as_one_percent_encoded_segment() {
    let server = MockServer::start().await;
    let cases = [
        (
            "a/../b?x#%20é😀",
            "/v3/users/a%2F..%2Fb%3Fx%23%2520%C3%A9%F0%9F%98%80",
        ),
        ("user_id@email.com", "/v3/users/user_id%40email.com"),
    ];
    for (user_id, wire_path) in cases {
        sendbird_call("GET", wire_path)
            .and(NoQuery)
            .and(NoBody)
            .respond_with(ok(user_json(user_id, "Odd")))
            .expect(1)
            .mount(&server)
            .await;
    }

    let users = client(&server).chat().users();
    for (user_id, _) in cases {
        let user = users
            .view_user(user_id)
            .send()
            .await
            .unwrap_or_else(|e| panic!("view_user({user_id:?}) failed: {e}"));
        assert_eq!(user.user_id, user_id);
    }
    let received = server.received_requests().await.unwrap();
    let paths: Vec<&str> = received.iter().map(|r| r.url.path()).collect();
    assert_eq!(paths, cases.map(|(_, wire_path)| wire_path));
    // Each id is exactly one segment after `/v3/users/`.
    assert!(paths.iter().all(|p| p.split('/').count() == 4), "{paths:?}");

    // `..` alone would still be a dot segment once encoded, so it is refused unsent.
    let error = users
        .view_user("..")
        .send()
        .await
        .expect_err("`..` is refused");
    assert!(
        matches!(
            error,
            Error::InvalidRequest {
                operation: "chat.users.view_user",
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn the_base_url_override_replaces_the_whole_base_url() {
    // Without a `/v3` in the override, no `/v3` is sent: the override stands for
    // `https://api-{app_id}.sendbird.com/v3` as a whole. A trailing `/` is dropped.
    let server = MockServer::start().await;
    sendbird_call("GET", "/users/ann")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(user_json("ann", "Ann")))
        .expect(1)
        .mount(&server)
        .await;
    sendbird_call("GET", "/proxy/v3/users/bob")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(user_json("bob", "Bob")))
        .expect(1)
        .mount(&server)
        .await;

    let bare = Client::builder()
        .api_token(TOKEN)
        .base_url("chat", server.uri())
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let ann = bare.chat().users().view_user("ann").send().await.unwrap();
    assert_eq!(ann.user_id, "ann");

    let proxied = Client::builder()
        .api_token(TOKEN)
        .base_url("chat", format!("{}/proxy/v3/", server.uri()))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let bob = proxied
        .chat()
        .users()
        .view_user("bob")
        .send()
        .await
        .unwrap();
    assert_eq!(bob.user_id, "bob");
}

#[tokio::test]
async fn create_user_without_nickname_fails_before_sending() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ok(user_json("ann", "Ann")))
        .expect(0)
        .mount(&server)
        .await;

    let error = client(&server)
        .chat()
        .users()
        .create_user()
        .user_id("ann")
        .profile_url("")
        .send()
        .await
        .expect_err("nickname is required");
    match &error {
        Error::InvalidRequest { operation, message } => {
            assert_eq!(*operation, "chat.users.create_user");
            assert!(message.contains("`nickname`"), "{message}");
        }
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    assert_eq!(
        error.to_string(),
        "invalid request for chat.users.create_user: missing required field `nickname`"
    );
    assert_no_requests(server.received_requests().await);
}

#[tokio::test]
async fn limit_out_of_range_is_rejected_before_sending() {
    let server = MockServer::start().await;
    // The bounds themselves are accepted and sent.
    sendbird_call("GET", "/v3/users")
        .and(query_param("limit", "1"))
        .and(exact_query(&[("limit", "1")]))
        .respond_with(ok(users_json(&[("a", "Ann")], "")))
        .expect(1)
        .mount(&server)
        .await;
    sendbird_call("GET", "/v3/users")
        .and(query_param("limit", "100"))
        .and(exact_query(&[("limit", "100")]))
        .respond_with(ok(users_json(&[("a", "Ann")], "")))
        .expect(1)
        .mount(&server)
        .await;

    let users = client(&server).chat().users();
    for limit in [0, -1, 101] {
        let error = users
            .list_users()
            .limit(limit)
            .send()
            .await
            .expect_err("limit out of range");
        match &error {
            Error::InvalidRequest { operation, message } => {
                assert_eq!(*operation, "chat.users.list_users");
                assert!(
                    message.contains("`limit` must be between 1 and 100"),
                    "{message}"
                );
            }
            other => panic!("expected InvalidRequest for limit {limit}, got {other:?}"),
        }
    }
    let error = users
        .list_my_group_channels("ann")
        .limit(0)
        .send()
        .await
        .expect_err("limit out of range");
    assert!(
        matches!(
            error,
            Error::InvalidRequest {
                operation: "chat.users.list_my_group_channels",
                ..
            }
        ),
        "{error:?}"
    );
    assert_no_requests(server.received_requests().await);

    for limit in [1, 100] {
        let page = users.list_users().limit(limit).send().await.unwrap();
        assert_eq!(page.users.len(), 1);
    }
}

#[tokio::test]
async fn an_api_error_body_becomes_a_typed_api_error() {
    let server = MockServer::start().await;
    let body = json!({"error": true, "message": "User not found.", "code": 400201});
    sendbird_call("GET", "/v3/users/ghost")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ResponseTemplate::new(400).set_body_json(body.clone()))
        .expect(1)
        .mount(&server)
        .await;

    let error = client(&server)
        .chat()
        .users()
        .view_user("ghost")
        .send()
        .await
        .expect_err("the user does not exist");
    match &error {
        Error::Api {
            status,
            code,
            message,
            body: raw,
            operation,
        } => {
            assert_eq!(*status, 400);
            assert_eq!(*code, Some(ErrorCode::NotFound));
            assert_eq!(message, "User not found.");
            assert_eq!(serde_json::from_str::<Value>(raw).unwrap(), body);
            assert_eq!(*operation, "chat.users.view_user");
        }
        other => panic!("expected an Api error, got {other:?}"),
    }
    assert_eq!(error.status(), Some(400));
    assert_eq!(error.code(), Some(ErrorCode::NotFound));
    assert_eq!(ErrorCode::NotFound.code(), 400201);
    assert!(!error.is_retryable());
    let display = error.to_string();
    assert!(
        display.starts_with("chat.users.view_user failed with HTTP 400, code 400201"),
        "{display}"
    );
    assert!(display.ends_with(": User not found."), "{display}");
}

#[tokio::test]
async fn list_users_streams_three_pages_following_the_token() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/users")
        .and(NoBody)
        .and(query_param_is_missing("token"))
        .and(exact_query(&[("limit", "2"), ("active_mode", "all")]))
        .respond_with(ok(users_json(
            &[("u1", "One"), ("u2", "Two")],
            "cGFnZTI+/==",
        )))
        .expect(1)
        .mount(&server)
        .await;
    sendbird_call("GET", "/v3/users")
        .and(NoBody)
        .and(query_param("token", "cGFnZTI+/=="))
        .and(exact_query(&[
            ("token", "cGFnZTI%2B%2F%3D%3D"),
            ("limit", "2"),
            ("active_mode", "all"),
        ]))
        .respond_with(ok(users_json(
            &[("u3", "Three"), ("u4", "Four")],
            "cGFnZTM",
        )))
        .expect(1)
        .mount(&server)
        .await;
    sendbird_call("GET", "/v3/users")
        .and(NoBody)
        .and(query_param("token", "cGFnZTM"))
        .and(exact_query(&[
            ("token", "cGFnZTM"),
            ("limit", "2"),
            ("active_mode", "all"),
        ]))
        .respond_with(ok(users_json(&[("u5", "Five")], "")))
        .expect(1)
        .mount(&server)
        .await;

    let users: Vec<_> = client(&server)
        .chat()
        .users()
        .list_users()
        .limit(2)
        .active_mode(ActiveMode::All)
        .into_stream()
        .try_collect()
        .await
        .expect("every page loads");

    let ids: Vec<&str> = users.iter().map(|u| u.user_id.as_str()).collect();
    assert_eq!(ids, ["u1", "u2", "u3", "u4", "u5"]);
    let nicknames: Vec<Option<&str>> = users.iter().map(|u| u.nickname.as_deref()).collect();
    assert_eq!(
        nicknames,
        [
            Some("One"),
            Some("Two"),
            Some("Three"),
            Some("Four"),
            Some("Five")
        ]
    );

    let received = server.received_requests().await.unwrap();
    let tokens: Vec<Option<String>> = received
        .iter()
        .map(|r| {
            r.url
                .query_pairs()
                .find(|(k, _)| k == "token")
                .map(|(_, v)| v.into_owned())
        })
        .collect();
    assert_eq!(
        tokens,
        [
            None,
            Some("cGFnZTI+/==".to_owned()),
            Some("cGFnZTM".to_owned())
        ]
    );
}

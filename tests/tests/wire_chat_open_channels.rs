//! Wire tests of the Chat `open_channels` operations: each one sends exactly the
//! expected method, path, query, headers and body to a loopback mock server, and decodes
//! a realistic response (with unknown fields and `null`s) into typed values.
//!
//! The client's Chat base URL is overridden with `http://127.0.0.1:<port>/v3`, so these
//! tests see the same `/v3/open_channels/...` paths as Sendbird does.

use std::collections::BTreeMap;

use futures::TryStreamExt;
use sendbird_platform::generated::chat::types::{OpenChannel, UserSummary};
use sendbird_platform::{
    Client, Error, ErrorCode, RetryPolicy, UnixMillis, UnixSeconds, UploadFile,
};
use serde_json::{json, Value};
use wiremock::matchers::{
    any, body_json, header, header_regex, method, path, query_param_is_missing,
};
use wiremock::{Match, Mock, MockBuilder, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "test-master-api-token-0123456789";
const JSON_CONTENT_TYPE: &str = "application/json; charset=utf8";
const CHANNEL: &str = "live_seoul_vs_busan";
const CHANNEL_PATH: &str = "/v3/open_channels/live_seoul_vs_busan";

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
/// content type Sendbird asks for, and `Accept`. Each test adds query and body matchers.
fn sendbird_call(http_method: &str, wire_path: &str) -> MockBuilder {
    Mock::given(method(http_method))
        .and(path(wire_path))
        .and(header("Api-Token", TOKEN))
        .and(header("Content-Type", JSON_CONTENT_TYPE))
        .and(header("Accept", "application/json"))
}

/// A mock for a multipart call: the content type must be multipart with a boundary.
fn multipart_call(http_method: &str, wire_path: &str) -> MockBuilder {
    Mock::given(method(http_method))
        .and(path(wire_path))
        .and(NoQuery)
        .and(header("Api-Token", TOKEN))
        .and(header_regex(
            "Content-Type",
            r"^multipart/form-data; boundary=[0-9A-Za-z'()+_,./:=?-]{1,70}$",
        ))
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

/// Matches the request's raw (still percent-encoded) query pairs exactly, in any order.
struct ExactQuery(Vec<(String, String)>);

fn exact_query(pairs: &[(&str, &str)]) -> ExactQuery {
    let mut pairs: Vec<(String, String)> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    pairs.sort();
    ExactQuery(pairs)
}

impl Match for ExactQuery {
    fn matches(&self, request: &Request) -> bool {
        let Some(query) = request.url.query() else {
            return self.0.is_empty();
        };
        let mut pairs: Vec<(String, String)> = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((k, v)) => (k.to_owned(), v.to_owned()),
                None => (pair.to_owned(), String::new()),
            })
            .collect();
        pairs.sort();
        pairs == self.0
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

/// The short user Sendbird embeds in channels and bans, with fields this client does
/// not know (`role`, `is_blocked_by_me`).
fn user_json(user_id: &str, nickname: &str) -> Value {
    json!({
        "user_id": user_id,
        "nickname": nickname,
        "profile_url": format!("https://sendbird.example/profiles/{user_id}.png"),
        "metadata": {"team": "moderation"},
        "require_auth_for_profile_image": false,
        "is_active": true,
        "role": "operator",
        "is_blocked_by_me": false
    })
}

/// A realistic open channel: every field of `OpenChannel`, a `null` (`creator`) and
/// fields this client does not know (`channel_type`, `is_access_code_required`).
fn channel_json(channel_url: &str, name: &str) -> Value {
    json!({
        "channel_url": channel_url,
        "name": name,
        "cover_url": "https://sendbird.example/covers/stadium.jpg",
        "data": "{\"league\":\"K League 1\"}",
        "custom_type": "sports",
        "participant_count": 1520,
        "max_length_message": -1,
        "created_at": 1_700_000_000,
        "is_ephemeral": false,
        "freeze": false,
        "is_dynamic_partitioned": true,
        "operators": [user_json("mod_kim", "Kim")],
        "metadata": {"theme": "dark"},
        "creator": null,
        "channel_type": "open",
        "is_access_code_required": false
    })
}

/// Checks every field `channel_json` sets.
fn assert_channel(channel: &OpenChannel, channel_url: &str, name: &str) {
    assert_eq!(channel.channel_url, channel_url);
    assert_eq!(channel.name.as_deref(), Some(name));
    assert_eq!(
        channel.cover_url.as_deref(),
        Some("https://sendbird.example/covers/stadium.jpg")
    );
    assert_eq!(channel.data.as_deref(), Some("{\"league\":\"K League 1\"}"));
    assert_eq!(channel.custom_type.as_deref(), Some("sports"));
    assert_eq!(channel.participant_count, Some(1520));
    assert_eq!(channel.max_length_message, Some(-1));
    assert_eq!(channel.created_at, Some(UnixSeconds(1_700_000_000)));
    assert_eq!(channel.is_ephemeral, Some(false));
    assert_eq!(channel.freeze, Some(false));
    assert_eq!(channel.is_dynamic_partitioned, Some(true));
    let operators = channel.operators.as_ref().expect("operators");
    assert_eq!(operators.len(), 1);
    assert_summary(&operators[0], "mod_kim", "Kim");
    assert_eq!(
        channel.metadata,
        Some(BTreeMap::from([("theme".to_owned(), "dark".to_owned())]))
    );
    assert_eq!(channel.creator, None, "`null` decodes to None");
    assert_eq!(channel.participants, None);
}

fn assert_summary(user: &UserSummary, user_id: &str, nickname: &str) {
    assert_eq!(user.user_id, user_id);
    assert_eq!(user.nickname.as_deref(), Some(nickname));
    assert_eq!(
        user.profile_url.as_deref(),
        Some(format!("https://sendbird.example/profiles/{user_id}.png").as_str())
    );
    assert_eq!(
        user.metadata,
        Some(BTreeMap::from([(
            "team".to_owned(),
            "moderation".to_owned()
        )]))
    );
}

/// A ban as Sendbird returns it from the ban endpoints.
fn ban_json(user_id: &str, nickname: &str, description: &str) -> Value {
    json!({
        "user": user_json(user_id, nickname),
        "description": description,
        "start_at": 1_700_000_000_000_i64,
        "end_at": 1_700_000_060_000_i64
    })
}

/// A muted user as the muted-user list returns it.
fn mute_json(user_id: &str, nickname: &str, end_at: i64, remaining: i64) -> Value {
    json!({
        "user_id": user_id,
        "nickname": nickname,
        "profile_url": format!("https://sendbird.example/profiles/{user_id}.png"),
        "metadata": {},
        "is_active": true,
        "require_auth_for_profile_image": false,
        "description": "flooding",
        "start_at": 1_700_000_000_000_i64,
        "end_at": end_at,
        "remaining_duration": remaining,
        "is_online": true
    })
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

/// The parts of the one multipart request `server` received, checked to be multipart
/// and not to claim JSON.
async fn received_form(server: &MockServer) -> Vec<FormPart> {
    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    let content_type = request.headers["content-type"].to_str().unwrap();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("multipart content type with a boundary");
    parse_multipart(boundary, &request.body)
}

/// Checks the text parts of a form (and that they have no filename), in any order.
fn assert_text_parts(parts: &[FormPart], expected: &[(&str, &str)]) {
    for (name, value) in expected {
        let part = parts
            .iter()
            .find(|p| p.name == *name)
            .unwrap_or_else(|| panic!("no part {name} in {parts:?}"));
        assert_eq!(part.data, value.as_bytes(), "text part {name}");
        assert_eq!(part.filename, None, "text part {name} has no filename");
    }
}

// A JPEG start: not UTF-8, so the file bytes must travel untouched.
const JPEG: &[u8] = b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01";

// ---------------------------------------------------------------------------------------
// Channels
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn list_open_channels_sends_every_filter() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/open_channels")
        .and(NoBody)
        .and(exact_query(&[
            ("token", "cursor%2Fabc%2B%3D%3D"),
            ("limit", "25"),
            ("channel_urls", "live_1,live%202"),
            ("custom_types", "sports,e%20sports"),
            ("custom_type", "sports"),
            ("name_contains", "Seoul%20%26%20Busan"),
            ("url_contains", "live_"),
            ("show_frozen", "false"),
            ("show_metadata", "true"),
        ]))
        .respond_with(ok(json!({
            "channels": [channel_json("live_1", "Match one"), channel_json("live 2", "Match two")],
            "next": "",
            "ts": 1_700_000_123_456_i64
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server)
        .chat()
        .open_channels()
        .list_open_channels()
        .token("cursor/abc+==")
        .limit(25)
        .channel_urls(["live_1", "live 2"])
        .custom_types(["sports", "e sports"])
        .custom_type("sports")
        .name_contains("Seoul & Busan")
        .url_contains("live_")
        .show_frozen(false)
        .show_metadata(true)
        .send()
        .await
        .expect("list_open_channels succeeds");

    assert_eq!(page.channels.len(), 2);
    assert_channel(&page.channels[0], "live_1", "Match one");
    assert_channel(&page.channels[1], "live 2", "Match two");
    assert_eq!(page.next.as_deref(), Some(""));
    assert_eq!(page.ts, Some(UnixMillis(1_700_000_123_456)));
}

#[tokio::test]
async fn list_open_channels_streams_every_page_following_the_token() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/open_channels")
        .and(NoBody)
        .and(query_param_is_missing("token"))
        .and(exact_query(&[("limit", "2"), ("custom_types", "sports")]))
        .respond_with(ok(json!({
            "channels": [channel_json("c1", "One"), channel_json("c2", "Two")],
            "next": "cGFnZTI+/=="
        })))
        .expect(1)
        .mount(&server)
        .await;
    sendbird_call("GET", "/v3/open_channels")
        .and(NoBody)
        .and(exact_query(&[
            ("token", "cGFnZTI%2B%2F%3D%3D"),
            ("limit", "2"),
            ("custom_types", "sports"),
        ]))
        .respond_with(ok(
            json!({"channels": [channel_json("c3", "Three")], "next": ""}),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let channels: Vec<OpenChannel> = client(&server)
        .chat()
        .open_channels()
        .list_open_channels()
        .limit(2)
        .custom_types(["sports"])
        .into_stream()
        .try_collect()
        .await
        .expect("every page loads");
    let urls: Vec<&str> = channels.iter().map(|c| c.channel_url.as_str()).collect();
    assert_eq!(urls, ["c1", "c2", "c3"]);
}

#[tokio::test]
async fn create_open_channel_sends_a_json_body() {
    let server = MockServer::start().await;
    sendbird_call("POST", "/v3/open_channels")
        .and(NoQuery)
        .and(body_json(json!({
            "name": "Live: Seoul vs Busan",
            "channel_url": CHANNEL,
            "cover_url": "https://sendbird.example/covers/stadium.jpg",
            "custom_type": "sports",
            "data": "{\"league\":\"K League 1\"}",
            "is_ephemeral": false,
            "is_dynamic_partitioned": true,
            "operator_ids": ["mod_kim", "mod_lee"]
        })))
        .respond_with(ok(channel_json(CHANNEL, "Live: Seoul vs Busan")))
        .expect(1)
        .mount(&server)
        .await;

    let channel = client(&server)
        .chat()
        .open_channels()
        .create_open_channel()
        .name("Live: Seoul vs Busan")
        .channel_url(CHANNEL)
        .cover_url("https://sendbird.example/covers/stadium.jpg")
        .custom_type("sports")
        .data("{\"league\":\"K League 1\"}")
        .is_ephemeral(false)
        .is_dynamic_partitioned(true)
        .operator_ids(["mod_kim", "mod_lee"])
        .send()
        .await
        .expect("create_open_channel succeeds");
    assert_channel(&channel, CHANNEL, "Live: Seoul vs Busan");
}

#[tokio::test]
async fn create_open_channel_without_inputs_sends_an_empty_object() {
    // Every field is optional: Sendbird names the channel and generates its URL.
    let server = MockServer::start().await;
    sendbird_call("POST", "/v3/open_channels")
        .and(NoQuery)
        .and(body_json(json!({})))
        .respond_with(ok(json!({
            "channel_url": "sendbird_open_channel_11694_0b2c",
            "name": "open channel",
            "cover_url": "",
            "data": "",
            "custom_type": "",
            "participant_count": 0,
            "operators": [],
            "creator": {"user_id": "", "nickname": null, "profile_url": ""}
        })))
        .expect(1)
        .mount(&server)
        .await;

    let channel = client(&server)
        .chat()
        .open_channels()
        .create_open_channel()
        .send()
        .await
        .expect("create_open_channel succeeds");
    assert_eq!(channel.channel_url, "sendbird_open_channel_11694_0b2c");
    assert_eq!(channel.name.as_deref(), Some("open channel"));
    assert_eq!(channel.operators, Some(Vec::new()));
    assert_eq!(channel.created_at, None);
    assert_eq!(channel.metadata, None);
    let creator = channel.creator.expect("creator");
    assert_eq!(creator.user_id, "");
    assert_eq!(creator.nickname, None);
}

#[tokio::test]
#[allow(deprecated)]
async fn create_open_channel_with_the_2016_operators_field() {
    let server = MockServer::start().await;
    sendbird_call("POST", "/v3/open_channels")
        .and(NoQuery)
        .and(body_json(
            json!({"name": "Lobby", "operators": ["mod_kim"]}),
        ))
        .respond_with(ok(channel_json("lobby", "Lobby")))
        .expect(1)
        .mount(&server)
        .await;

    let channel = client(&server)
        .chat()
        .open_channels()
        .create_open_channel()
        .name("Lobby")
        .operators(["mod_kim"])
        .send()
        .await
        .expect("create_open_channel succeeds");
    assert_channel(&channel, "lobby", "Lobby");
}

#[tokio::test]
async fn create_open_channel_with_cover_file_sends_multipart_form_data() {
    let server = MockServer::start().await;
    multipart_call("POST", "/v3/open_channels")
        .respond_with(ok(channel_json(CHANNEL, "Live")))
        .expect(1)
        .mount(&server)
        .await;

    let channel = client(&server)
        .chat()
        .open_channels()
        .create_open_channel()
        .name("Live")
        .channel_url(CHANNEL)
        .custom_type("sports")
        .is_ephemeral(true)
        .cover_file(UploadFile::new("stadium.jpg", JPEG.to_vec()).content_type("image/jpeg"))
        .send()
        .await
        .expect("create_open_channel with a file succeeds");
    assert_channel(&channel, CHANNEL, "Live");

    let parts = received_form(&server).await;
    let mut names: Vec<&str> = parts.iter().map(|p| p.name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "channel_url",
            "cover_file",
            "custom_type",
            "is_ephemeral",
            "name"
        ]
    );
    assert_text_parts(
        &parts,
        &[
            ("name", "Live"),
            ("channel_url", CHANNEL),
            ("custom_type", "sports"),
            ("is_ephemeral", "true"),
        ],
    );
    let file = parts.iter().find(|p| p.name == "cover_file").unwrap();
    assert_eq!(file.filename.as_deref(), Some("stadium.jpg"));
    assert_eq!(file.content_type.as_deref(), Some("image/jpeg"));
    assert_eq!(file.data, JPEG);
}

#[tokio::test]
async fn view_open_channel_sends_include_operators() {
    let server = MockServer::start().await;
    sendbird_call("GET", CHANNEL_PATH)
        .and(NoBody)
        .and(exact_query(&[("include_operators", "true")]))
        .respond_with(ok(channel_json(CHANNEL, "Live")))
        .expect(1)
        .mount(&server)
        .await;

    let channel = client(&server)
        .chat()
        .open_channels()
        .view_open_channel(CHANNEL)
        .include_operators(true)
        .send()
        .await
        .expect("view_open_channel succeeds");
    assert_channel(&channel, CHANNEL, "Live");
}

#[tokio::test]
#[allow(deprecated)]
async fn view_open_channel_with_the_2016_participants_flag_decodes_participants() {
    let server = MockServer::start().await;
    sendbird_call("GET", CHANNEL_PATH)
        .and(NoBody)
        .and(exact_query(&[("participants", "true")]))
        .respond_with(ok({
            let mut channel = channel_json(CHANNEL, "Live");
            channel["participants"] = json!([
                {
                    "user_id": "ann",
                    "nickname": "Ann",
                    "profile_url": "",
                    "is_muted": true,
                    "is_online": true,
                    "last_seen_at": 0
                },
                {"user_id": "bob", "nickname": null, "is_muted": false, "is_online": false,
                 "last_seen_at": 1_699_999_000_000_i64}
            ]);
            channel
        }))
        .expect(1)
        .mount(&server)
        .await;

    let channel = client(&server)
        .chat()
        .open_channels()
        .view_open_channel(CHANNEL)
        .participants(true)
        .send()
        .await
        .expect("view_open_channel succeeds");
    assert_eq!(channel.channel_url, CHANNEL);
    let participants = channel.participants.expect("participants");
    assert_eq!(participants.len(), 2);
    assert_eq!(participants[0].user_id, "ann");
    assert_eq!(participants[0].nickname.as_deref(), Some("Ann"));
    assert_eq!(participants[0].profile_url.as_deref(), Some(""));
    assert_eq!(participants[0].is_muted, Some(true));
    assert_eq!(participants[0].is_online, Some(true));
    assert_eq!(participants[0].last_seen_at, Some(UnixMillis(0)));
    assert_eq!(participants[1].user_id, "bob");
    assert_eq!(participants[1].nickname, None);
    assert_eq!(participants[1].profile_url, None);
    assert_eq!(participants[1].is_muted, Some(false));
    assert_eq!(participants[1].is_online, Some(false));
    assert_eq!(
        participants[1].last_seen_at,
        Some(UnixMillis(1_699_999_000_000))
    );
}

#[tokio::test]
async fn update_open_channel_sends_a_json_body() {
    let server = MockServer::start().await;
    sendbird_call("PUT", CHANNEL_PATH)
        .and(NoQuery)
        .and(body_json(json!({
            "name": "Live: final",
            "cover_url": "https://sendbird.example/covers/final.jpg",
            "custom_type": "finals",
            "data": "",
            "operator_ids": ["mod_park"]
        })))
        .respond_with(ok(channel_json(CHANNEL, "Live: final")))
        .expect(1)
        .mount(&server)
        .await;

    let channel = client(&server)
        .chat()
        .open_channels()
        .update_open_channel(CHANNEL)
        .name("Live: final")
        .cover_url("https://sendbird.example/covers/final.jpg")
        .custom_type("finals")
        .data("")
        .operator_ids(["mod_park"])
        .send()
        .await
        .expect("update_open_channel succeeds");
    assert_channel(&channel, CHANNEL, "Live: final");
}

#[tokio::test]
async fn update_open_channel_with_cover_file_sends_multipart_form_data() {
    let server = MockServer::start().await;
    multipart_call("PUT", CHANNEL_PATH)
        .respond_with(ok(channel_json(CHANNEL, "Renamed")))
        .expect(1)
        .mount(&server)
        .await;

    let channel = client(&server)
        .chat()
        .open_channels()
        .update_open_channel(CHANNEL)
        .name("Renamed")
        .cover_file(UploadFile::new("final.jpg", JPEG.to_vec()).content_type("image/jpeg"))
        .send()
        .await
        .expect("update_open_channel with a file succeeds");
    assert_channel(&channel, CHANNEL, "Renamed");

    let parts = received_form(&server).await;
    let mut names: Vec<&str> = parts.iter().map(|p| p.name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["cover_file", "name"]);
    assert_text_parts(&parts, &[("name", "Renamed")]);
    let file = parts.iter().find(|p| p.name == "cover_file").unwrap();
    assert_eq!(file.filename.as_deref(), Some("final.jpg"));
    assert_eq!(file.content_type.as_deref(), Some("image/jpeg"));
    assert_eq!(file.data, JPEG);
}

#[tokio::test]
async fn delete_open_channel_accepts_an_empty_object() {
    let server = MockServer::start().await;
    sendbird_call("DELETE", CHANNEL_PATH)
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .chat()
        .open_channels()
        .delete_open_channel(CHANNEL)
        .send()
        .await
        .expect("delete_open_channel succeeds");
}

#[tokio::test]
async fn freeze_open_channel_sends_the_flag() {
    let server = MockServer::start().await;
    sendbird_call("PUT", "/v3/open_channels/live_seoul_vs_busan/freeze")
        .and(NoQuery)
        .and(body_json(json!({"freeze": true})))
        .respond_with(ok({
            let mut channel = channel_json(CHANNEL, "Live");
            channel["freeze"] = json!(true);
            channel
        }))
        .expect(1)
        .mount(&server)
        .await;

    let channel = client(&server)
        .chat()
        .open_channels()
        .freeze_open_channel(CHANNEL)
        .freeze(true)
        .send()
        .await
        .expect("freeze_open_channel succeeds");
    assert_eq!(channel.channel_url, CHANNEL);
    assert_eq!(channel.freeze, Some(true));
}

// ---------------------------------------------------------------------------------------
// Participants and operators
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn list_participants_decodes_a_page() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/open_channels/live_seoul_vs_busan/participants")
        .and(NoBody)
        .and(exact_query(&[("token", "p2"), ("limit", "100")]))
        .respond_with(ok(json!({
            "participants": [
                {
                    "user_id": "ann",
                    "nickname": "Ann",
                    "profile_url": "https://sendbird.example/profiles/ann.png",
                    "metadata": {"seat": "A12"},
                    "is_muted": false,
                    "is_online": true,
                    "is_active": true,
                    "last_seen_at": 0,
                    "require_auth_for_profile_image": false,
                    "phone_number": ""
                }
            ],
            "next": "p3"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server)
        .chat()
        .open_channels()
        .list_participants(CHANNEL)
        .token("p2")
        .limit(100)
        .send()
        .await
        .expect("list_participants succeeds");
    assert_eq!(page.next.as_deref(), Some("p3"));
    assert_eq!(page.participants.len(), 1);
    let ann = &page.participants[0];
    assert_eq!(ann.user_id, "ann");
    assert_eq!(ann.nickname.as_deref(), Some("Ann"));
    assert_eq!(
        ann.profile_url.as_deref(),
        Some("https://sendbird.example/profiles/ann.png")
    );
    assert_eq!(
        ann.metadata,
        Some(BTreeMap::from([("seat".to_owned(), "A12".to_owned())]))
    );
    assert_eq!(ann.is_muted, Some(false));
    assert_eq!(ann.is_online, Some(true));
    assert_eq!(ann.is_active, Some(true));
    assert_eq!(ann.last_seen_at, Some(UnixMillis(0)));
    assert_eq!(ann.require_auth_for_profile_image, Some(false));
}

#[tokio::test]
async fn list_operators_streams_every_operator() {
    let server = MockServer::start().await;
    let wire_path = "/v3/open_channels/live_seoul_vs_busan/operators";
    sendbird_call("GET", wire_path)
        .and(NoBody)
        .and(exact_query(&[("limit", "1")]))
        .respond_with(ok(
            json!({"operators": [user_json("mod_kim", "Kim")], "next": "op2"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    sendbird_call("GET", wire_path)
        .and(NoBody)
        .and(exact_query(&[("token", "op2"), ("limit", "1")]))
        .respond_with(ok(
            json!({"operators": [user_json("mod_lee", "Lee")], "next": ""}),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let operators: Vec<UserSummary> = client(&server)
        .chat()
        .open_channels()
        .list_operators(CHANNEL)
        .limit(1)
        .into_stream()
        .try_collect()
        .await
        .expect("every page loads");
    assert_eq!(operators.len(), 2);
    assert_summary(&operators[0], "mod_kim", "Kim");
    assert_summary(&operators[1], "mod_lee", "Lee");
}

#[tokio::test]
async fn register_operators_sends_the_ids() {
    let server = MockServer::start().await;
    sendbird_call("POST", "/v3/open_channels/live_seoul_vs_busan/operators")
        .and(NoQuery)
        .and(body_json(json!({"operator_ids": ["mod_kim", "mod lee"]})))
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .chat()
        .open_channels()
        .register_operators(CHANNEL)
        .operator_ids(["mod_kim", "mod lee"])
        .send()
        .await
        .expect("register_operators succeeds");
}

#[tokio::test]
async fn unregister_operators_sends_a_comma_joined_id_list() {
    let server = MockServer::start().await;
    let wire_path = "/v3/open_channels/live_seoul_vs_busan/operators";
    // Each id is percent-encoded on its own; the separators stay literal commas.
    sendbird_call("DELETE", wire_path)
        .and(NoBody)
        .and(exact_query(&[(
            "operator_ids",
            "mod_kim,mod%20lee,mod%20park",
        )]))
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    sendbird_call("DELETE", wire_path)
        .and(NoBody)
        .and(exact_query(&[("delete_all", "true")]))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;

    let open_channels = client(&server).chat().open_channels();
    open_channels
        .unregister_operators(CHANNEL)
        .operator_ids(["mod_kim", "mod lee", "mod park"])
        .send()
        .await
        .expect("unregister_operators by id succeeds");
    open_channels
        .unregister_operators(CHANNEL)
        .delete_all(true)
        .send()
        .await
        .expect("unregister_operators with delete_all succeeds (empty body)");
}

// ---------------------------------------------------------------------------------------
// Bans
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn list_banned_users_decodes_bans_and_pages() {
    let server = MockServer::start().await;
    let wire_path = "/v3/open_channels/live_seoul_vs_busan/ban";
    sendbird_call("GET", wire_path)
        .and(NoBody)
        .and(exact_query(&[("limit", "2")]))
        .respond_with(ok(json!({
            "banned_list": [
                ban_json("troll_1", "Troll", "spam"),
                {
                    "user": {"user_id": "troll_2", "nickname": "", "profile_url": ""},
                    "description": "",
                    "start_at": 1_700_000_000_000_i64,
                    "end_at": 2_015_360_000_000_i64
                }
            ],
            "total_ban_count": 3,
            "next": "b2"
        })))
        .expect(1)
        .mount(&server)
        .await;
    sendbird_call("GET", wire_path)
        .and(NoBody)
        .and(exact_query(&[("token", "b2"), ("limit", "2")]))
        .respond_with(ok(json!({
            "banned_list": [ban_json("troll_3", "Troll3", "abuse")],
            "total_ban_count": 3,
            "next": ""
        })))
        .expect(1)
        .mount(&server)
        .await;

    let pages: Vec<_> = client(&server)
        .chat()
        .open_channels()
        .list_banned_users(CHANNEL)
        .limit(2)
        .into_pages()
        .try_collect()
        .await
        .expect("every page loads");
    assert_eq!(pages.len(), 2);
    let first = &pages[0];
    assert_eq!(first.total_ban_count, Some(3));
    assert_eq!(first.next.as_deref(), Some("b2"));
    assert_eq!(first.banned_list.len(), 2);
    let ban = &first.banned_list[0];
    assert_summary(&ban.user, "troll_1", "Troll");
    assert_eq!(ban.description.as_deref(), Some("spam"));
    assert_eq!(ban.start_at, Some(UnixMillis(1_700_000_000_000)));
    assert_eq!(ban.end_at, Some(UnixMillis(1_700_000_060_000)));
    assert_eq!(ban.next_url, None);
    let second = &first.banned_list[1];
    assert_eq!(second.user.user_id, "troll_2");
    assert_eq!(second.user.metadata, None);
    assert_eq!(second.end_at, Some(UnixMillis(2_015_360_000_000)));
    assert_eq!(pages[1].banned_list[0].user.user_id, "troll_3");
    assert_eq!(pages[1].next.as_deref(), Some(""));
}

#[tokio::test]
async fn ban_user_sends_the_ban_and_decodes_it() {
    let server = MockServer::start().await;
    sendbird_call("POST", "/v3/open_channels/live_seoul_vs_busan/ban")
        .and(NoQuery)
        .and(body_json(json!({
            "user_id": "troll_1",
            "agent_id": "mod_kim",
            "seconds": 60,
            "description": "spam"
        })))
        .respond_with(ok(ban_json("troll_1", "Troll", "spam")))
        .expect(1)
        .mount(&server)
        .await;

    let ban = client(&server)
        .chat()
        .open_channels()
        .ban_user(CHANNEL)
        .user_id("troll_1")
        .agent_id("mod_kim")
        .seconds(60)
        .description("spam")
        .send()
        .await
        .expect("ban_user succeeds");
    assert_summary(&ban.user, "troll_1", "Troll");
    assert_eq!(ban.description.as_deref(), Some("spam"));
    assert_eq!(ban.start_at, Some(UnixMillis(1_700_000_000_000)));
    assert_eq!(ban.end_at, Some(UnixMillis(1_700_000_060_000)));
}

#[tokio::test]
#[allow(deprecated)]
async fn ban_user_with_the_2016_fields_sends_next_url_and_a_permanent_ban() {
    let server = MockServer::start().await;
    sendbird_call("POST", "/v3/open_channels/live_seoul_vs_busan/ban")
        .and(NoQuery)
        .and(body_json(
            json!({"user_id": "troll_1", "seconds": -1, "next_url": "/"}),
        ))
        .respond_with(ok({
            let mut ban = ban_json("troll_1", "Troll", "");
            ban["next_url"] = json!("/");
            ban
        }))
        .expect(1)
        .mount(&server)
        .await;

    let ban = client(&server)
        .chat()
        .open_channels()
        .ban_user(CHANNEL)
        .user_id("troll_1")
        .seconds(-1)
        .next_url("/")
        .send()
        .await
        .expect("ban_user succeeds");
    assert_eq!(ban.user.user_id, "troll_1");
    assert_eq!(ban.next_url.as_deref(), Some("/"));
}

#[tokio::test]
async fn view_ban_puts_both_ids_in_the_path() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/open_channels/live_seoul_vs_busan/ban/troll%201")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(ban_json("troll 1", "Troll", "spam")))
        .expect(1)
        .mount(&server)
        .await;

    let ban = client(&server)
        .chat()
        .open_channels()
        .view_ban(CHANNEL, "troll 1")
        .send()
        .await
        .expect("view_ban succeeds");
    assert_eq!(ban.user.user_id, "troll 1");
    assert_eq!(ban.description.as_deref(), Some("spam"));
    assert_eq!(ban.end_at, Some(UnixMillis(1_700_000_060_000)));
}

#[tokio::test]
async fn update_ban_sends_the_new_period() {
    let server = MockServer::start().await;
    sendbird_call("PUT", "/v3/open_channels/live_seoul_vs_busan/ban/troll_1")
        .and(NoQuery)
        .and(body_json(
            json!({"seconds": 3600, "description": "repeat offender"}),
        ))
        .respond_with(ok(json!({
            "user": user_json("troll_1", "Troll"),
            "description": "repeat offender",
            "start_at": 1_700_000_000_000_i64,
            "end_at": 1_700_003_600_000_i64
        })))
        .expect(1)
        .mount(&server)
        .await;

    let ban = client(&server)
        .chat()
        .open_channels()
        .update_ban(CHANNEL, "troll_1")
        .seconds(3600)
        .description("repeat offender")
        .send()
        .await
        .expect("update_ban succeeds");
    assert_summary(&ban.user, "troll_1", "Troll");
    assert_eq!(ban.description.as_deref(), Some("repeat offender"));
    assert_eq!(ban.end_at, Some(UnixMillis(1_700_003_600_000)));
}

#[tokio::test]
async fn unban_user_accepts_an_empty_object() {
    let server = MockServer::start().await;
    sendbird_call(
        "DELETE",
        "/v3/open_channels/live_seoul_vs_busan/ban/troll_1",
    )
    .and(NoQuery)
    .and(NoBody)
    .respond_with(ok(json!({})))
    .expect(1)
    .mount(&server)
    .await;

    client(&server)
        .chat()
        .open_channels()
        .unban_user(CHANNEL, "troll_1")
        .send()
        .await
        .expect("unban_user succeeds");
}

// ---------------------------------------------------------------------------------------
// Mutes
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn list_muted_users_decodes_mutes() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/open_channels/live_seoul_vs_busan/mute")
        .and(NoBody)
        .and(exact_query(&[("token", "m1"), ("limit", "10")]))
        .respond_with(ok(json!({
            "muted_list": [
                mute_json("loud_1", "Loud", -1, -1),
                mute_json("loud_2", "Louder", 1_700_000_600_000, 540_000)
            ],
            "total_mute_count": 2,
            "next": ""
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server)
        .chat()
        .open_channels()
        .list_muted_users(CHANNEL)
        .token("m1")
        .limit(10)
        .send()
        .await
        .expect("list_muted_users succeeds");
    assert_eq!(page.total_mute_count, Some(2));
    assert_eq!(page.next.as_deref(), Some(""));
    assert_eq!(page.muted_list.len(), 2);
    let forever = &page.muted_list[0];
    assert_eq!(forever.user_id, "loud_1");
    assert_eq!(forever.nickname.as_deref(), Some("Loud"));
    assert_eq!(
        forever.profile_url.as_deref(),
        Some("https://sendbird.example/profiles/loud_1.png")
    );
    assert_eq!(forever.metadata, Some(BTreeMap::new()));
    assert_eq!(forever.is_active, Some(true));
    assert_eq!(forever.require_auth_for_profile_image, Some(false));
    assert_eq!(forever.description.as_deref(), Some("flooding"));
    assert_eq!(forever.start_at, Some(UnixMillis(1_700_000_000_000)));
    assert_eq!(forever.end_at, Some(UnixMillis(-1)));
    assert_eq!(forever.remaining_duration, Some(-1));
    let timed = &page.muted_list[1];
    assert_eq!(timed.user_id, "loud_2");
    assert_eq!(timed.end_at, Some(UnixMillis(1_700_000_600_000)));
    assert_eq!(timed.remaining_duration, Some(540_000));
}

#[tokio::test]
async fn mute_user_sends_the_mute_and_decodes_the_channel() {
    let server = MockServer::start().await;
    sendbird_call("POST", "/v3/open_channels/live_seoul_vs_busan/mute")
        .and(NoQuery)
        .and(body_json(json!({
            "user_id": "loud_1",
            "seconds": 600,
            "description": "flooding"
        })))
        .respond_with(ok(channel_json(CHANNEL, "Live")))
        .expect(1)
        .mount(&server)
        .await;

    let channel = client(&server)
        .chat()
        .open_channels()
        .mute_user(CHANNEL)
        .user_id("loud_1")
        .seconds(600)
        .description("flooding")
        .send()
        .await
        .expect("mute_user succeeds");
    assert_channel(&channel, CHANNEL, "Live");
}

#[tokio::test]
async fn mute_user_with_only_the_user_sends_only_the_user() {
    // The 2016 form of the request: just the user, muted until unmuted.
    let server = MockServer::start().await;
    sendbird_call("POST", "/v3/open_channels/live_seoul_vs_busan/mute")
        .and(NoQuery)
        .and(body_json(json!({"user_id": "loud_1"})))
        .respond_with(ok(channel_json(CHANNEL, "Live")))
        .expect(1)
        .mount(&server)
        .await;

    let channel = client(&server)
        .chat()
        .open_channels()
        .mute_user(CHANNEL)
        .user_id("loud_1")
        .send()
        .await
        .expect("mute_user succeeds");
    assert_eq!(channel.channel_url, CHANNEL);
}

#[tokio::test]
async fn view_mute_decodes_today_and_2016_answers() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/open_channels/live_seoul_vs_busan/mute/loud_1")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(json!({
            "is_muted": true,
            "remaining_duration": 38_126_218,
            "start_at": 1_543_287_589_000_i64,
            "end_at": 1_543_331_132_000_i64,
            "description": "too many messages"
        })))
        .expect(1)
        .mount(&server)
        .await;
    // The 2016 reference answered with the flag alone.
    sendbird_call("GET", "/v3/open_channels/live_seoul_vs_busan/mute/quiet")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(json!({"is_muted": false})))
        .expect(1)
        .mount(&server)
        .await;

    let open_channels = client(&server).chat().open_channels();
    let muted = open_channels
        .view_mute(CHANNEL, "loud_1")
        .send()
        .await
        .expect("view_mute succeeds");
    assert!(muted.is_muted);
    assert_eq!(muted.remaining_duration, Some(38_126_218));
    assert_eq!(muted.start_at, Some(UnixMillis(1_543_287_589_000)));
    assert_eq!(muted.end_at, Some(UnixMillis(1_543_331_132_000)));
    assert_eq!(muted.description.as_deref(), Some("too many messages"));

    let quiet = open_channels
        .view_mute(CHANNEL, "quiet")
        .send()
        .await
        .expect("view_mute succeeds");
    assert!(!quiet.is_muted);
    assert_eq!(quiet.remaining_duration, None);
    assert_eq!(quiet.start_at, None);
    assert_eq!(quiet.end_at, None);
    assert_eq!(quiet.description, None);
}

#[tokio::test]
async fn unmute_user_accepts_an_empty_object() {
    let server = MockServer::start().await;
    sendbird_call(
        "DELETE",
        "/v3/open_channels/live_seoul_vs_busan/mute/loud_1",
    )
    .and(NoQuery)
    .and(NoBody)
    .respond_with(ok(json!({})))
    .expect(1)
    .mount(&server)
    .await;

    client(&server)
        .chat()
        .open_channels()
        .unmute_user(CHANNEL, "loud_1")
        .send()
        .await
        .expect("unmute_user succeeds");
}

// ---------------------------------------------------------------------------------------
// Cross-cutting behaviour, through the open channel operations
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn channel_urls_and_user_ids_stay_one_percent_encoded_segment_each() {
    let server = MockServer::start().await;
    let wire_path = "/v3/open_channels/a%2F..%2Fb%3Fx%23%20%C3%A9/mute/user_id%40email.com";
    sendbird_call("DELETE", wire_path)
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .chat()
        .open_channels()
        .unmute_user("a/../b?x# é", "user_id@email.com")
        .send()
        .await
        .expect("unmute_user succeeds");
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].url.path(), wire_path);
    assert_eq!(received[0].url.path().split('/').count(), 6);
}

/// Checks that `result` failed before sending, naming the operation and the field.
fn assert_invalid<T: std::fmt::Debug>(result: Result<T, Error>, operation: &str, needle: &str) {
    match result {
        Err(Error::InvalidRequest {
            operation: op,
            message,
        }) => {
            assert_eq!(op, operation);
            assert!(message.contains(needle), "{operation}: {message}");
        }
        other => panic!("{operation}: expected InvalidRequest, got {other:?}"),
    }
}

#[tokio::test]
async fn invalid_inputs_are_rejected_before_sending() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ok(json!({})))
        .expect(0)
        .mount(&server)
        .await;
    let open_channels = client(&server).chat().open_channels();

    // Required body fields.
    assert_invalid(
        open_channels.ban_user(CHANNEL).seconds(60).send().await,
        "chat.open_channels.ban_user",
        "missing required field `user_id`",
    );
    assert_invalid(
        open_channels.mute_user(CHANNEL).send().await,
        "chat.open_channels.mute_user",
        "missing required field `user_id`",
    );
    assert_invalid(
        open_channels.freeze_open_channel(CHANNEL).send().await,
        "chat.open_channels.freeze_open_channel",
        "missing required field `freeze`",
    );
    assert_invalid(
        open_channels
            .update_ban(CHANNEL, "troll_1")
            .description("x")
            .send()
            .await,
        "chat.open_channels.update_ban",
        "missing required field `seconds`",
    );
    assert_invalid(
        open_channels.register_operators(CHANNEL).send().await,
        "chat.open_channels.register_operators",
        "missing required field `operator_ids`",
    );
    // Documented ranges: -1 is the smallest period, pages hold 1 to 100 items.
    assert_invalid(
        open_channels
            .ban_user(CHANNEL)
            .user_id("troll_1")
            .seconds(-2)
            .send()
            .await,
        "chat.open_channels.ban_user",
        "`seconds`",
    );
    assert_invalid(
        open_channels
            .mute_user(CHANNEL)
            .user_id("loud_1")
            .seconds(-5)
            .send()
            .await,
        "chat.open_channels.mute_user",
        "`seconds`",
    );
    assert_invalid(
        open_channels
            .update_ban(CHANNEL, "troll_1")
            .seconds(-2)
            .send()
            .await,
        "chat.open_channels.update_ban",
        "`seconds`",
    );
    for limit in [0, 101] {
        assert_invalid(
            open_channels.list_open_channels().limit(limit).send().await,
            "chat.open_channels.list_open_channels",
            "`limit` must be between 1 and 100",
        );
        assert_invalid(
            open_channels
                .list_participants(CHANNEL)
                .limit(limit)
                .send()
                .await,
            "chat.open_channels.list_participants",
            "`limit` must be between 1 and 100",
        );
        assert_invalid(
            open_channels
                .list_operators(CHANNEL)
                .limit(limit)
                .send()
                .await,
            "chat.open_channels.list_operators",
            "`limit` must be between 1 and 100",
        );
        assert_invalid(
            open_channels
                .list_banned_users(CHANNEL)
                .limit(limit)
                .send()
                .await,
            "chat.open_channels.list_banned_users",
            "`limit` must be between 1 and 100",
        );
        assert_invalid(
            open_channels
                .list_muted_users(CHANNEL)
                .limit(limit)
                .send()
                .await,
            "chat.open_channels.list_muted_users",
            "`limit` must be between 1 and 100",
        );
    }
    assert_no_requests(server.received_requests().await);
}

#[tokio::test]
async fn a_missing_channel_is_a_typed_api_error() {
    let server = MockServer::start().await;
    let body = json!({"error": true, "message": "\"Channel\" not found.", "code": 400201});
    sendbird_call("GET", "/v3/open_channels/gone")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ResponseTemplate::new(400).set_body_json(body))
        .expect(1)
        .mount(&server)
        .await;

    let error = client(&server)
        .chat()
        .open_channels()
        .view_open_channel("gone")
        .send()
        .await
        .expect_err("the channel does not exist");
    assert_eq!(error.status(), Some(400));
    assert_eq!(error.code(), Some(ErrorCode::NotFound));
    let display = error.to_string();
    assert!(
        display
            .starts_with("chat.open_channels.view_open_channel failed with HTTP 400, code 400201"),
        "{display}"
    );
}

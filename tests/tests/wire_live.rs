//! Wire tests of the Live Platform API v1: each operation sends exactly the expected
//! method, path, query, headers and body to a loopback mock server, and decodes a
//! realistic response (with unknown fields and `null`s) into typed values.
//!
//! Live is served from the Calls host (`https://api-{app_id}.calls.sendbird.com/v1`,
//! resources under `/live-events`). The client's `live` base URL is overridden with the
//! mock server's bare URI, which replaces the whole base URL (`/v1` included), so these
//! tests see the operation paths without the `/v1` prefix.

use futures::TryStreamExt;
use sendbird_platform::generated::live::types::{LiveEventState, LiveHostState, LiveHostType};
use sendbird_platform::generated::live::Live;
use sendbird_platform::{Client, Error, RetryPolicy, UnixMillis, UploadFile};
use serde_json::{json, Value};
use wiremock::matchers::{body_json, header, header_regex, method, path};
use wiremock::{Match, Mock, MockBuilder, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "test-live-api-token-0123456789";
const JSON_CONTENT_TYPE: &str = "application/json; charset=utf8";

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/// A client whose Calls and Live requests go to `server`, without retries.
fn client(server: &MockServer) -> Client {
    Client::builder()
        .app_id("app")
        .api_token(TOKEN)
        .base_url("calls", server.uri())
        .base_url("live", server.uri())
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("valid test client")
}

fn live(server: &MockServer) -> Live {
    Live::from_client(client(server))
}

/// A mock for a JSON call: method, exact path, the token header, the JSON content type
/// (the runtime sends it on every non-multipart request) and `Accept`.
fn live_api(http_method: &str, wire_path: &str) -> MockBuilder {
    Mock::given(method(http_method))
        .and(path(wire_path))
        .and(header("Api-Token", TOKEN))
        .and(header("Content-Type", JSON_CONTENT_TYPE))
        .and(header("Accept", "application/json"))
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

/// Matches a request without any query string.
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
            break;
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

fn live_user_json(user_id: &str) -> Value {
    json!({
        "user_id": user_id,
        "nickname": "",
        "profile_url": "",
        "metadata": {},
        "is_active": true,
        "role": null
    })
}

fn host_json(live_event_id: &str) -> Value {
    json!({
        "live_event_id": live_event_id,
        "host_id": "96705b6c-6ee4-44ac-b85c-8e08d3486443",
        "client_id": "57380739-8aa2-405e-a840-f15053d6fba1",
        "state": "connected",
        "duration": 0,
        "entered_at": 1_657_692_359_322_i64,
        "connected_at": 1_657_692_489_322_i64,
        "disconnected_at": null,
        "exited_at": null,
        "is_audio_on": true,
        "is_video_on": false,
        "stream_type": "webrtc",
        "user": live_user_json("host-ann")
    })
}

/// A live event as Sendbird's examples show it, in `state`, with a `null` host when
/// `host` is false, and a field this client does not know (`live_event_type`).
fn live_event_json(id: &str, state: &str, host: bool) -> Value {
    json!({
        "live_event_id": id,
        "host_type": "single_host",
        "live_event_type": "video",
        "state": state,
        "created_at": 1_657_689_627_823_i64,
        "set_ready_at": 1_657_689_627_867_i64,
        "started_at": null,
        "ended_at": null,
        "is_host_streaming": false,
        "host": if host { host_json(id) } else { Value::Null },
        "created_by": "host-ann",
        "set_ready_by": "host-ann",
        "started_by": "",
        "ended_by": "",
        "duration": 0,
        "participant_count": 5,
        "peak_participant_count": 7,
        "cumulative_participant_count": 21,
        "user_ids_for_host": ["host-ann", "host-bob"],
        "title": "Happy Hour!",
        "cover_url": "https://sendbird.example/cover.png",
        "custom_items": {}
    })
}

fn participant_json(participant_id: &str, exited: bool) -> Value {
    json!({
        "client_id": "test-client-id",
        "duration": if exited { 42_000 } else { 0 },
        "entered_at": 1_657_692_983_239_i64,
        "exited_at": if exited { json!(1_657_693_025_239_i64) } else { Value::Null },
        "live_event_id": "ev-1",
        "participant_id": participant_id,
        "state": if exited { "exited" } else { "entered" },
        "user": live_user_json("viewer-1")
    })
}

// ---------------------------------------------------------------------------------------
// live_events
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn create_live_event_sends_a_json_body() {
    let server = MockServer::start().await;
    live_api("POST", "/live-events")
        .and(NoQuery)
        .and(body_json(json!({
            "host_type": "single_host",
            "user_ids_for_host": ["host-ann", "host-bob"],
            "title": "Happy Hour!",
            "cover_url": "https://sendbird.example/cover.png"
        })))
        .respond_with(ok(
            json!({"live_event": live_event_json("ev-1", "created", false)}),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let event = live(&server)
        .live_events()
        .create_live_event()
        .host_type(LiveHostType::SingleHost)
        .user_ids_for_host(["host-ann", "host-bob"])
        .title("Happy Hour!")
        .cover_url("https://sendbird.example/cover.png")
        .send()
        .await
        .expect("create_live_event succeeds")
        .live_event;
    assert_eq!(event.live_event_id, "ev-1");
    assert_eq!(event.host_type, Some(LiveHostType::SingleHost));
    assert_eq!(event.state, Some(LiveEventState::Created));
    assert_eq!(event.host, None, "`null` host decodes to None");
    assert_eq!(event.started_at, None);
    assert_eq!(event.set_ready_at, Some(UnixMillis(1_657_689_627_867)));
    assert_eq!(event.participant_count, Some(5));
    assert_eq!(event.peak_participant_count, Some(7));
    assert_eq!(event.cumulative_participant_count, Some(21));
    assert_eq!(
        event.user_ids_for_host,
        Some(vec!["host-ann".to_owned(), "host-bob".to_owned()])
    );
    assert_eq!(event.title.as_deref(), Some("Happy Hour!"));
    assert_eq!(event.custom_items, Some(Default::default()));
}

#[tokio::test]
async fn create_live_event_with_cover_file_sends_multipart_form_data() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/live-events"))
        .and(NoQuery)
        .and(header("Api-Token", TOKEN))
        .and(header_regex(
            "Content-Type",
            r"^multipart/form-data; boundary=[0-9A-Za-z'()+_,./:=?-]{1,70}$",
        ))
        .respond_with(ok(
            json!({"live_event": live_event_json("ev-2", "created", false)}),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let jpeg: Vec<u8> = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01".to_vec();
    let event = live(&server)
        .live_events()
        .create_live_event()
        .host_type(LiveHostType::SingleHost)
        .user_ids_for_host(["host-ann", "host-bob"])
        .title("With cover")
        .cover_file(UploadFile::new("cover.jpg", jpeg.clone()).content_type("image/jpeg"))
        .send()
        .await
        .expect("create_live_event with a file succeeds")
        .live_event;
    assert_eq!(event.live_event_id, "ev-2");

    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1);
    let content_type = requests[0].headers["content-type"].to_str().unwrap();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("multipart content type with a boundary");
    let parts = parse_multipart(boundary, &requests[0].body);
    let mut names: Vec<&str> = parts.iter().map(|p| p.name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        ["cover_file", "host_type", "title", "user_ids_for_host"]
    );
    let part = |name: &str| parts.iter().find(|p| p.name == name).unwrap();
    assert_eq!(part("host_type").data, b"single_host");
    assert_eq!(part("title").data, b"With cover");
    // Lists of scalars travel comma-separated in form fields, as Sendbird's SDK sends them.
    assert_eq!(part("user_ids_for_host").data, b"host-ann,host-bob");
    assert_eq!(part("user_ids_for_host").filename, None);
    let file = part("cover_file");
    assert_eq!(file.filename.as_deref(), Some("cover.jpg"));
    assert_eq!(file.content_type.as_deref(), Some("image/jpeg"));
    assert_eq!(file.data, jpeg);
}

#[tokio::test]
async fn create_live_event_without_hosts_fails_before_sending() {
    let server = MockServer::start().await;
    let err = live(&server)
        .live_events()
        .create_live_event()
        .host_type(LiveHostType::SingleHost)
        .send()
        .await
        .expect_err("user_ids_for_host is required");
    assert!(
        matches!(err, Error::InvalidRequest { .. }),
        "unexpected error: {err:?}"
    );
    assert!(err.to_string().contains("user_ids_for_host"), "{err}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn list_live_events_sends_every_filter() {
    let server = MockServer::start().await;
    live_api("GET", "/live-events")
        .and(NoBody)
        .and(exact_query(&[
            ("limit", "100"),
            ("next", "n%2F1"),
            ("prev", "p1"),
            ("host_type", "single_host"),
            ("state", "ongoing"),
            ("created_at_start_date", "1657000000000"),
            ("created_at_end_date", "1658000000000"),
            ("started_at_start_date", "1657100000000"),
            ("started_at_end_date", "1657900000000"),
            ("participant_count_range_gte", "10"),
            ("participant_count_range_lte", "500"),
            ("live_event_ids", "ev-1,ev%202"),
            ("created_by_user_ids", "host-ann"),
        ]))
        .respond_with(ok(json!({
            "live_events": [live_event_json("ev-1", "ongoing", true)],
            "next": "",
            "prev": "p0"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = live(&server)
        .live_events()
        .list_live_events()
        .limit(100)
        .next("n/1")
        .prev("p1")
        .host_type(LiveHostType::SingleHost)
        .state(LiveEventState::Ongoing)
        .created_at_start_date(UnixMillis(1_657_000_000_000))
        .created_at_end_date(UnixMillis(1_658_000_000_000))
        .started_at_start_date(UnixMillis(1_657_100_000_000))
        .started_at_end_date(UnixMillis(1_657_900_000_000))
        .participant_count_range_gte(10)
        .participant_count_range_lte(500)
        .live_event_ids(["ev-1", "ev 2"])
        .created_by_user_ids(["host-ann"])
        .send()
        .await
        .expect("list_live_events succeeds");
    assert_eq!(page.next.as_deref(), Some(""));
    assert_eq!(page.prev.as_deref(), Some("p0"));
    let event = &page.live_events[0];
    assert_eq!(event.state, Some(LiveEventState::Ongoing));
    let host = event.host.as_ref().expect("host");
    assert_eq!(host.state, Some(LiveHostState::Connected));
    assert_eq!(host.user.as_ref().unwrap().user_id, "host-ann");
}

#[tokio::test]
async fn list_live_events_stream_follows_next_until_empty() {
    let server = MockServer::start().await;
    live_api("GET", "/live-events")
        .and(exact_query(&[("limit", "2")]))
        .respond_with(ok(json!({
            "live_events": [
                live_event_json("ev-1", "ready", false),
                live_event_json("ev-2", "ongoing", true)
            ],
            "next": "n2",
            "prev": null
        })))
        .expect(1)
        .mount(&server)
        .await;
    live_api("GET", "/live-events")
        .and(exact_query(&[("limit", "2"), ("next", "n2")]))
        .respond_with(ok(json!({
            "live_events": [live_event_json("ev-3", "ended", false)],
            "next": null,
            "prev": "p2"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let ids: Vec<String> = live(&server)
        .live_events()
        .list_live_events()
        .limit(2)
        .into_stream()
        .map_ok(|event| event.live_event_id)
        .try_collect()
        .await
        .expect("both pages decode");
    assert_eq!(ids, ["ev-1", "ev-2", "ev-3"]);
}

#[tokio::test]
async fn view_live_event_decodes_the_event() {
    let server = MockServer::start().await;
    live_api("GET", "/live-events/ev%2F1")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(
            json!({"live_event": live_event_json("ev/1", "ready", false)}),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let event = live(&server)
        .live_events()
        .view_live_event("ev/1")
        .send()
        .await
        .expect("view_live_event succeeds")
        .live_event;
    assert_eq!(event.live_event_id, "ev/1");
    assert_eq!(event.state, Some(LiveEventState::Ready));
    assert_eq!(event.created_at, Some(UnixMillis(1_657_689_627_823)));
    assert_eq!(event.created_by.as_deref(), Some("host-ann"));
    assert_eq!(event.started_by.as_deref(), Some(""));
    assert_eq!(event.is_host_streaming, Some(false));
    assert_eq!(event.duration, Some(0));
}

#[tokio::test]
async fn update_live_event_sends_a_json_body() {
    let server = MockServer::start().await;
    live_api("PUT", "/live-events/ev-1")
        .and(NoQuery)
        .and(body_json(json!({
            "user_ids_for_host": ["host-bob"],
            "title": "Renamed"
        })))
        .respond_with(ok(json!({
            "live_event": {
                "live_event_id": "ev-1",
                "state": "created",
                "title": "Renamed",
                "user_ids_for_host": ["host-bob"],
                "cover_url": null
            }
        })))
        .expect(1)
        .mount(&server)
        .await;

    let event = live(&server)
        .live_events()
        .update_live_event("ev-1")
        .user_ids_for_host(["host-bob"])
        .title("Renamed")
        .send()
        .await
        .expect("update_live_event succeeds")
        .live_event;
    assert_eq!(event.title.as_deref(), Some("Renamed"));
    assert_eq!(event.user_ids_for_host, Some(vec!["host-bob".to_owned()]));
    assert_eq!(event.cover_url, None);
    assert_eq!(event.host_type, None, "absent fields decode to None");
}

#[tokio::test]
async fn set_live_event_ready_posts_without_a_body() {
    let server = MockServer::start().await;
    live_api("POST", "/live-events/ev-1/ready")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(
            json!({"live_event": live_event_json("ev-1", "ready", false)}),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let event = live(&server)
        .live_events()
        .set_live_event_ready("ev-1")
        .send()
        .await
        .expect("set_live_event_ready succeeds")
        .live_event;
    assert_eq!(event.state, Some(LiveEventState::Ready));
    assert_eq!(event.set_ready_by.as_deref(), Some("host-ann"));
}

#[tokio::test]
async fn start_live_event_decodes_the_host() {
    let server = MockServer::start().await;
    live_api("POST", "/live-events/ev-1/start")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(json!({"live_event": {
            "live_event_id": "ev-1",
            "host_type": "single_host",
            "state": "ongoing",
            "started_at": 1_657_689_806_237_i64,
            "started_by": "host-ann",
            "host": host_json("ev-1")
        }})))
        .expect(1)
        .mount(&server)
        .await;

    let event = live(&server)
        .live_events()
        .start_live_event("ev-1")
        .send()
        .await
        .expect("start_live_event succeeds")
        .live_event;
    assert_eq!(event.state, Some(LiveEventState::Ongoing));
    assert_eq!(event.started_at, Some(UnixMillis(1_657_689_806_237)));
    let host = event.host.expect("host");
    assert_eq!(host.host_id, "96705b6c-6ee4-44ac-b85c-8e08d3486443");
    assert_eq!(host.is_audio_on, Some(true));
    assert_eq!(host.is_video_on, Some(false));
    assert_eq!(host.disconnected_at, None);
}

#[tokio::test]
async fn end_live_event_sends_a_delete() {
    let server = MockServer::start().await;
    live_api("DELETE", "/live-events/ev-1")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(json!({"live_event": {
            "live_event_id": "ev-1",
            "state": "ended",
            "ended_at": 1_657_690_113_932_i64,
            "ended_by": "",
            "duration": 216,
            "host": null
        }})))
        .expect(1)
        .mount(&server)
        .await;

    let event = live(&server)
        .live_events()
        .end_live_event("ev-1")
        .send()
        .await
        .expect("end_live_event succeeds")
        .live_event;
    assert_eq!(event.state, Some(LiveEventState::Ended));
    assert_eq!(event.ended_at, Some(UnixMillis(1_657_690_113_932)));
    assert_eq!(event.ended_by.as_deref(), Some(""));
    assert_eq!(event.duration, Some(216));
}

// ---------------------------------------------------------------------------------------
// hosts
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn view_live_event_host_decodes_the_host() {
    let server = MockServer::start().await;
    live_api("GET", "/live-events/ev-1/hosts")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(json!({"host": host_json("ev-1")})))
        .expect(1)
        .mount(&server)
        .await;

    let host = live(&server)
        .hosts()
        .view_live_event_host("ev-1")
        .send()
        .await
        .expect("view_live_event_host succeeds")
        .host
        .expect("host");
    assert_eq!(host.live_event_id.as_deref(), Some("ev-1"));
    assert_eq!(host.state, Some(LiveHostState::Connected));
    assert_eq!(host.entered_at, Some(UnixMillis(1_657_692_359_322)));
    assert_eq!(host.connected_at, Some(UnixMillis(1_657_692_489_322)));
    assert_eq!(host.exited_at, None);
    assert_eq!(host.duration, Some(0));
    let user = host.user.expect("user");
    assert_eq!(user.user_id, "host-ann");
    assert_eq!(user.role, None);
    assert_eq!(user.metadata, Some(Default::default()));
}

// ---------------------------------------------------------------------------------------
// participants
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn list_live_event_participants_sends_limit_and_cursors() {
    let server = MockServer::start().await;
    live_api("GET", "/live-events/ev-1/participants")
        .and(NoBody)
        .and(exact_query(&[
            ("limit", "2"),
            ("prev", "p1"),
            ("next", "n1"),
        ]))
        .respond_with(ok(json!({
            "participants": [participant_json("pa-1", false), participant_json("pa-2", true)],
            "prev": "p0",
            "next": "n2"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = live(&server)
        .participants()
        .list_live_event_participants("ev-1")
        .limit(2)
        .prev("p1")
        .next("n1")
        .send()
        .await
        .expect("list_live_event_participants succeeds");
    assert_eq!(page.prev.as_deref(), Some("p0"));
    assert_eq!(page.next.as_deref(), Some("n2"));
    let [first, second] = page.participants.as_slice() else {
        panic!("two participants expected");
    };
    assert_eq!(first.participant_id, "pa-1");
    assert_eq!(first.state.as_deref(), Some("entered"));
    assert_eq!(first.exited_at, None);
    assert_eq!(second.exited_at, Some(UnixMillis(1_657_693_025_239)));
    assert_eq!(second.duration, Some(42_000));
    assert_eq!(second.user.as_ref().unwrap().user_id, "viewer-1");
}

#[tokio::test]
async fn list_live_event_participants_rejects_a_limit_out_of_range() {
    let server = MockServer::start().await;
    let err = live(&server)
        .participants()
        .list_live_event_participants("ev-1")
        .limit(0)
        .send()
        .await
        .expect_err("limit must be 1..=100");
    assert!(
        matches!(err, Error::InvalidRequest { .. }),
        "unexpected error: {err:?}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

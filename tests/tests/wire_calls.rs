//! Wire tests of the Calls Platform API v1: each operation sends exactly the expected
//! method, path, query, headers and body to a loopback mock server, and decodes a
//! realistic response (with unknown fields and `null`s) into typed values.
//!
//! The client's `calls` base URL is overridden with the mock server's bare URI: the
//! override replaces Sendbird's whole base URL (`https://api-{app_id}.calls.sendbird.com/v1`,
//! `/v1` included), so these tests see the operation paths without the `/v1` prefix.

use std::collections::BTreeMap;

use futures::TryStreamExt;
use sendbird_platform::generated::calls::types::{
    CallsPushTokenType, DirectCallEndResult, DirectCallRole, RoomState, RoomType, RoomTypeFilter,
    UserCallType,
};
use sendbird_platform::generated::calls::Calls;
use sendbird_platform::{Client, Error, ErrorCode, RetryPolicy, UnixMillis, UnixSeconds};
use serde_json::{json, Value};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Match, Mock, MockBuilder, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "test-calls-api-token-0123456789";
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

fn calls(server: &MockServer) -> Calls {
    Calls::from_client(client(server))
}

/// A mock for a JSON call: method, exact path, the token header, the JSON content type
/// (the runtime sends it on every non-multipart request) and `Accept`.
fn calls_api(http_method: &str, wire_path: &str) -> MockBuilder {
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

fn items(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// A realistic ended direct call, with a `null`, and fields this client does not know
/// (`end_result_ex`, `sb_chat`).
fn direct_call_json(call_id: &str) -> Value {
    json!({
        "call_id": call_id,
        "call_type": "direct_call",
        "is_video_call": true,
        "state": "ended",
        "end_result": "completed",
        "end_result_ex": "completed",
        "user_role": "dc_caller",
        "participants": [
            {
                "user_id": "ann",
                "nickname": "Ann",
                "profile_url": "https://sendbird.example/ann.png",
                "metadata": {"team": "support"},
                "is_active": true,
                "role": "dc_caller"
            },
            {
                "user_id": "bob",
                "nickname": "Bob",
                "profile_url": null,
                "metadata": {},
                "is_active": true,
                "role": "dc_callee"
            }
        ],
        "started_by": "ann",
        "started_at": 1_700_000_000_000_i64,
        "ended_by": "bob",
        "ended_at": 1_700_000_065_000_i64,
        "duration": 61_250,
        "custom_items": {"ticket": "T-42"},
        "sb_chat": {"channel_url": "sendbird_group_channel_1"}
    })
}

fn calls_user_json(user_id: &str) -> Value {
    json!({
        "user_id": user_id,
        "nickname": "Ann",
        "profile_url": "",
        "metadata": {},
        "is_active": true,
        "role": null,
        "is_online": false
    })
}

fn participant_json(participant_id: &str, user_id: &str, exited: bool) -> Value {
    json!({
        "room_id": "room-1",
        "participant_id": participant_id,
        "entered_at": 1_700_000_100_000_i64,
        "updated_at": 1_700_000_100_500_i64,
        "exited_at": if exited { json!(1_700_000_160_000_i64) } else { Value::Null },
        "duration": if exited { json!(60) } else { Value::Null },
        "state": if exited { "exited" } else { "connected" },
        "user": calls_user_json(user_id),
        "client_id": "client-7",
        "is_audio_on": true,
        "is_video_on": false
    })
}

fn room_json(room_id: &str, state: &str, with_participant: bool) -> Value {
    let participants = if with_participant {
        vec![participant_json("p-1", "ann", false)]
    } else {
        Vec::new()
    };
    json!({
        "room_id": room_id,
        "room_type": "small_room_for_video",
        "state": state,
        "created_at": 1_700_000_000_000_i64,
        "updated_at": 1_700_000_050_000_i64,
        "created_by": "",
        "deleted_by": "",
        "current_participants": participants,
        "custom_items": {"topic": "standup"},
        "max_participants": 6
    })
}

// ---------------------------------------------------------------------------------------
// users
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn list_user_calls_sends_every_filter_and_decodes_calls() {
    let server = MockServer::start().await;
    calls_api("GET", "/users/ann%2Fb/calls")
        .and(NoBody)
        .and(exact_query(&[
            ("limit", "20"),
            ("next", "cursor%2F1%2B%3D"),
            ("type", "direct"),
            ("role", "dc_callee"),
            ("start_ts", "1700000000"),
            ("end_ts", "1700086400"),
            ("end_result", "no_answer,canceled,unknown"),
        ]))
        .respond_with(ok(json!({
            "calls": [direct_call_json("call-1")],
            "next": "cursor-2",
            "has_next": true
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = calls(&server)
        .users()
        .list_user_calls("ann/b")
        .limit(20)
        .next("cursor/1+=")
        .r#type(UserCallType::Direct)
        .role(DirectCallRole::DcCallee)
        .start_ts(UnixSeconds(1_700_000_000))
        .end_ts(UnixSeconds(1_700_086_400))
        .end_result([
            DirectCallEndResult::NoAnswer,
            DirectCallEndResult::Canceled,
            DirectCallEndResult::UnknownValue,
        ])
        .send()
        .await
        .expect("list_user_calls succeeds");

    assert_eq!(page.next.as_deref(), Some("cursor-2"));
    assert_eq!(page.has_next, Some(true));
    assert_eq!(page.calls.len(), 1);
    let call = &page.calls[0];
    assert_eq!(call.call_id, "call-1");
    assert_eq!(call.call_type.as_deref(), Some("direct_call"));
    assert_eq!(call.is_video_call, Some(true));
    assert_eq!(call.end_result, Some(DirectCallEndResult::Completed));
    assert_eq!(call.user_role, Some(DirectCallRole::DcCaller));
    assert_eq!(call.started_at, Some(UnixMillis(1_700_000_000_000)));
    assert_eq!(call.ended_at, Some(UnixMillis(1_700_000_065_000)));
    assert_eq!(call.duration, Some(61_250));
    assert_eq!(call.started_by.as_deref(), Some("ann"));
    assert_eq!(call.ended_by.as_deref(), Some("bob"));
    assert_eq!(call.custom_items, Some(items(&[("ticket", "T-42")])));
    let participants = call.participants.as_ref().expect("participants");
    assert_eq!(participants.len(), 2);
    assert_eq!(participants[0].user_id, "ann");
    assert_eq!(participants[0].role, Some(DirectCallRole::DcCaller));
    assert_eq!(
        participants[0].metadata,
        Some(items(&[("team", "support")]))
    );
    assert_eq!(participants[1].user_id, "bob");
    assert_eq!(participants[1].profile_url, None, "`null` decodes to None");
    assert_eq!(participants[1].role, Some(DirectCallRole::DcCallee));
}

#[tokio::test]
async fn list_user_calls_stream_follows_the_next_cursor() {
    let server = MockServer::start().await;
    calls_api("GET", "/users/ann/calls")
        .and(exact_query(&[("limit", "1")]))
        .respond_with(ok(
            json!({"calls": [direct_call_json("call-1")], "next": "n2"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    calls_api("GET", "/users/ann/calls")
        .and(exact_query(&[("limit", "1"), ("next", "n2")]))
        .respond_with(ok(json!({
            "calls": [direct_call_json("call-2")],
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
async fn list_push_tokens_sends_the_token_type_in_the_path() {
    let server = MockServer::start().await;
    calls_api("GET", "/users/ann/push/apns_voip")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(json!({
            "tokens": ["voip-token-1", "voip-token-2"],
            "type": "APNS_VOIP",
            "user": calls_user_json("ann")
        })))
        .expect(1)
        .mount(&server)
        .await;

    let list = calls(&server)
        .users()
        .list_push_tokens("ann", CallsPushTokenType::ApnsVoip)
        .send()
        .await
        .expect("list_push_tokens succeeds");
    assert_eq!(
        list.tokens,
        Some(vec!["voip-token-1".to_owned(), "voip-token-2".to_owned()])
    );
    assert_eq!(list.r#type.as_deref(), Some("APNS_VOIP"));
    let user = list.user.expect("user");
    assert_eq!(user.user_id, "ann");
    assert_eq!(user.role, None);
    assert_eq!(user.is_active, Some(true));
}

#[tokio::test]
async fn add_push_token_sends_the_token_as_json() {
    let server = MockServer::start().await;
    calls_api("POST", "/users/ann/push/fcm_voip")
        .and(NoQuery)
        .and(body_json(
            json!({"token": "fcm-token-xyz", "is_unique": true}),
        ))
        .respond_with(ok(json!({
            "token": "fcm-token-xyz",
            "type": "FCM_VOIP",
            "user": calls_user_json("ann")
        })))
        .expect(1)
        .mount(&server)
        .await;

    let added = calls(&server)
        .users()
        .add_push_token("ann", CallsPushTokenType::FcmVoip)
        .token("fcm-token-xyz")
        .is_unique(true)
        .send()
        .await
        .expect("add_push_token succeeds");
    assert_eq!(added.token.as_deref(), Some("fcm-token-xyz"));
    assert_eq!(added.r#type.as_deref(), Some("FCM_VOIP"));
    assert_eq!(added.user.map(|u| u.user_id).as_deref(), Some("ann"));
}

#[tokio::test]
async fn add_push_token_without_token_fails_before_sending() {
    let server = MockServer::start().await;
    let err = calls(&server)
        .users()
        .add_push_token("ann", CallsPushTokenType::FcmVoip)
        .send()
        .await
        .expect_err("the token is required");
    assert!(
        matches!(err, Error::InvalidRequest { .. }),
        "unexpected error: {err:?}"
    );
    assert!(err.to_string().contains("token"), "{err}");
    let requests = server.received_requests().await.expect("recording is on");
    assert!(requests.is_empty(), "nothing may be sent");
}

#[tokio::test]
async fn remove_push_token_encodes_the_token_as_one_segment() {
    let server = MockServer::start().await;
    calls_api("DELETE", "/users/ann/push/apns_voip/abc%2Fdef%3Fx")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(json!({
            "token": ["abc/def?x"],
            "user": calls_user_json("ann")
        })))
        .expect(1)
        .mount(&server)
        .await;

    let removed = calls(&server)
        .users()
        .remove_push_token("ann", CallsPushTokenType::ApnsVoip, "abc/def?x")
        .send()
        .await
        .expect("remove_push_token succeeds");
    assert_eq!(removed.token, Some(json!(["abc/def?x"])));
    assert_eq!(removed.user.map(|u| u.user_id).as_deref(), Some("ann"));
    assert_eq!(removed.r#type, None);
}

#[tokio::test]
async fn remove_push_tokens_of_type_deletes_the_type_path() {
    let server = MockServer::start().await;
    calls_api("DELETE", "/users/ann/push/fcm_voip")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(json!({"user": calls_user_json("ann")})))
        .expect(1)
        .mount(&server)
        .await;

    let removed = calls(&server)
        .users()
        .remove_push_tokens_of_type("ann", CallsPushTokenType::FcmVoip)
        .send()
        .await
        .expect("remove_push_tokens_of_type succeeds");
    assert_eq!(removed.token, None);
    assert_eq!(removed.user.map(|u| u.user_id).as_deref(), Some("ann"));
}

// ---------------------------------------------------------------------------------------
// direct_calls
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn list_direct_calls_sends_its_filters() {
    let server = MockServer::start().await;
    calls_api("GET", "/direct_calls")
        .and(NoBody)
        .and(exact_query(&[
            ("limit", "50"),
            ("next", "abc"),
            ("call_ts", "1700000000000"),
            ("search_scope_from_call_ts", "after"),
            ("end_result", "completed,declined"),
            ("duration_range_min", "1000"),
            ("duration_range_max", "60000"),
        ]))
        .respond_with(ok(json!({
            "calls": [direct_call_json("call-9"), direct_call_json("call-8")],
            "next": null
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = calls(&server)
        .direct_calls()
        .list_direct_calls()
        .limit(50)
        .next("abc")
        .call_ts(UnixMillis(1_700_000_000_000))
        .search_scope_from_call_ts("after")
        .end_result([
            DirectCallEndResult::Completed,
            DirectCallEndResult::Declined,
        ])
        .duration_range_min(1_000)
        .duration_range_max(60_000)
        .send()
        .await
        .expect("list_direct_calls succeeds");
    let ids: Vec<&str> = page.calls.iter().map(|c| c.call_id.as_str()).collect();
    assert_eq!(ids, ["call-9", "call-8"]);
    assert_eq!(page.next, None);
    assert_eq!(page.has_next, None);
}

#[tokio::test]
async fn view_direct_call_decodes_the_wrapped_call() {
    let server = MockServer::start().await;
    calls_api("GET", "/direct_calls/call%201")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(json!({"call": direct_call_json("call 1")})))
        .expect(1)
        .mount(&server)
        .await;

    let response = calls(&server)
        .direct_calls()
        .view_direct_call("call 1")
        .send()
        .await
        .expect("view_direct_call succeeds");
    let call = response.call.expect("call");
    assert_eq!(call.call_id, "call 1");
    assert_eq!(call.end_result, Some(DirectCallEndResult::Completed));
    assert_eq!(call.state.as_deref(), Some("ended"));
}

#[tokio::test]
async fn update_direct_call_custom_items_sends_items_and_mode() {
    let server = MockServer::start().await;
    calls_api("PUT", "/direct_calls/call-1/custom_items")
        .and(NoQuery)
        .and(body_json(json!({
            "custom_items": {"ticket": "T-43", "priority": "high"},
            "mode": "upsert"
        })))
        .respond_with(ok(json!({
            "call_id": "call-1",
            "custom_items": {"ticket": "T-43", "priority": "high", "agent": "zoe"},
            "updated": ["priority", "ticket"],
            "affected_at": 1_700_000_200_000_i64
        })))
        .expect(1)
        .mount(&server)
        .await;

    let result = calls(&server)
        .direct_calls()
        .update_direct_call_custom_items("call-1")
        .custom_items(items(&[("ticket", "T-43"), ("priority", "high")]))
        .mode("upsert")
        .send()
        .await
        .expect("update_direct_call_custom_items succeeds");
    assert_eq!(result.call_id.as_deref(), Some("call-1"));
    assert_eq!(
        result.custom_items,
        Some(items(&[
            ("ticket", "T-43"),
            ("priority", "high"),
            ("agent", "zoe")
        ]))
    );
    assert_eq!(
        result.updated,
        Some(vec!["priority".to_owned(), "ticket".to_owned()])
    );
    assert_eq!(result.deleted, None);
    assert_eq!(result.affected_at, Some(UnixMillis(1_700_000_200_000)));
}

#[tokio::test]
async fn delete_direct_call_custom_items_sends_the_keys_in_a_json_body() {
    let server = MockServer::start().await;
    calls_api("DELETE", "/direct_calls/call-1/custom_items")
        .and(NoQuery)
        .and(body_json(json!({"keys": ["ticket", "priority"]})))
        .respond_with(ok(json!({
            "call_id": "call-1",
            "custom_items": {"agent": "zoe"},
            "deleted": ["ticket", "priority"]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let result = calls(&server)
        .direct_calls()
        .delete_direct_call_custom_items("call-1")
        .keys(["ticket", "priority"])
        .send()
        .await
        .expect("delete_direct_call_custom_items succeeds");
    assert_eq!(
        result.deleted,
        Some(vec!["ticket".to_owned(), "priority".to_owned()])
    );
    assert_eq!(result.custom_items, Some(items(&[("agent", "zoe")])));
    assert_eq!(result.affected_at, None);
}

// ---------------------------------------------------------------------------------------
// rooms
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn create_room_sends_type_and_custom_items() {
    let server = MockServer::start().await;
    calls_api("POST", "/rooms")
        .and(NoQuery)
        .and(body_json(json!({
            "type": "large_room_for_audio_only",
            "custom_items": {"topic": "town hall"}
        })))
        .respond_with(ok(json!({
            "room": {
                "room_id": "room-new",
                "room_type": "large_room_for_audio_only",
                "state": "open",
                "created_at": 1_700_000_000_000_i64,
                "updated_at": 1_700_000_000_000_i64,
                "created_by": "",
                "deleted_by": null,
                "current_participants": [],
                "custom_items": {"topic": "town hall"}
            }
        })))
        .expect(1)
        .mount(&server)
        .await;

    let created = calls(&server)
        .rooms()
        .create_room()
        .r#type(RoomType::LargeRoomForAudioOnly)
        .custom_items(items(&[("topic", "town hall")]))
        .send()
        .await
        .expect("create_room succeeds");
    let room = created.room;
    assert_eq!(room.room_id, "room-new");
    assert_eq!(room.room_type, Some(RoomType::LargeRoomForAudioOnly));
    assert_eq!(room.state, Some(RoomState::Open));
    assert_eq!(room.created_by.as_deref(), Some(""));
    assert_eq!(room.deleted_by, None);
    assert_eq!(room.current_participants, Some(Vec::new()));
}

#[tokio::test]
async fn list_rooms_sends_every_filter() {
    let server = MockServer::start().await;
    calls_api("GET", "/rooms")
        .and(NoBody)
        .and(exact_query(&[
            ("limit", "5"),
            ("next", "n1"),
            ("prev", "p0"),
            ("type", "all"),
            ("room_ids", "room-1,room%202"),
            ("state", "deleted"),
            ("created_at_start_date", "1690000000000"),
            ("created_at_end_date", "1700000000000"),
            ("current_participant_range_gte", "1"),
            ("current_participant_range_lte", "6"),
            ("created_by_user_ids", "ann,bob"),
        ]))
        .respond_with(ok(json!({
            "rooms": [room_json("room-1", "deleted", true)],
            "next": null,
            "prev": "p1"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = calls(&server)
        .rooms()
        .list_rooms()
        .limit(5)
        .next("n1")
        .prev("p0")
        .r#type(RoomTypeFilter::All)
        .room_ids(["room-1", "room 2"])
        .state(RoomState::Deleted)
        .created_at_start_date(UnixMillis(1_690_000_000_000))
        .created_at_end_date(UnixMillis(1_700_000_000_000))
        .current_participant_range_gte(1)
        .current_participant_range_lte(6)
        .created_by_user_ids(["ann", "bob"])
        .send()
        .await
        .expect("list_rooms succeeds");
    assert_eq!(page.next, None);
    assert_eq!(page.prev.as_deref(), Some("p1"));
    let room = &page.rooms[0];
    assert_eq!(room.room_id, "room-1");
    assert_eq!(room.state, Some(RoomState::Deleted));
    assert_eq!(room.room_type, Some(RoomType::SmallRoomForVideo));
    assert_eq!(room.custom_items, Some(items(&[("topic", "standup")])));
    let participant = &room.current_participants.as_ref().unwrap()[0];
    assert_eq!(participant.participant_id, "p-1");
    assert_eq!(participant.exited_at, None);
    assert_eq!(participant.duration, None);
    assert_eq!(participant.user.as_ref().unwrap().user_id, "ann");
}

#[tokio::test]
async fn list_rooms_with_a_single_room_id_and_stream_of_pages() {
    let server = MockServer::start().await;
    calls_api("GET", "/rooms")
        .and(exact_query(&[("room_id", "room-1")]))
        .respond_with(ok(json!({
            "rooms": [room_json("room-1", "open", false)],
            "next": "n2",
            "prev": null
        })))
        .expect(1)
        .mount(&server)
        .await;
    calls_api("GET", "/rooms")
        .and(exact_query(&[("room_id", "room-1"), ("next", "n2")]))
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
async fn view_room_decodes_the_room_and_its_participants() {
    let server = MockServer::start().await;
    calls_api("GET", "/rooms/room-1")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(json!({"room": room_json("room-1", "open", true)})))
        .expect(1)
        .mount(&server)
        .await;

    let room = calls(&server)
        .rooms()
        .view_room("room-1")
        .send()
        .await
        .expect("view_room succeeds")
        .room;
    assert_eq!(room.room_id, "room-1");
    assert_eq!(room.created_at, Some(UnixMillis(1_700_000_000_000)));
    assert_eq!(room.updated_at, Some(UnixMillis(1_700_000_050_000)));
    let participant = &room.current_participants.unwrap()[0];
    assert_eq!(participant.state.as_deref(), Some("connected"));
    assert_eq!(participant.client_id.as_deref(), Some("client-7"));
    assert_eq!(participant.is_audio_on, Some(true));
    assert_eq!(participant.is_video_on, Some(false));
    assert_eq!(participant.entered_at, Some(UnixMillis(1_700_000_100_000)));
}

#[tokio::test]
async fn delete_room_sends_a_bodyless_delete() {
    let server = MockServer::start().await;
    calls_api("DELETE", "/rooms/room-1")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(json!({"room": room_json("room-1", "deleted", false)})))
        .expect(1)
        .mount(&server)
        .await;

    let deleted = calls(&server)
        .rooms()
        .delete_room("room-1")
        .send()
        .await
        .expect("delete_room succeeds");
    assert_eq!(deleted.room.unwrap().state, Some(RoomState::Deleted));
}

#[tokio::test]
async fn list_room_participants_pages_with_limit_and_cursors() {
    let server = MockServer::start().await;
    calls_api("GET", "/rooms/room-1/participants")
        .and(NoBody)
        .and(exact_query(&[
            ("limit", "2"),
            ("next", "n1"),
            ("prev", "p1"),
        ]))
        .respond_with(ok(json!({
            "participants": [
                participant_json("p-2", "bob", true),
                participant_json("p-1", "ann", false)
            ],
            "next": "n2",
            "prev": "p2"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = calls(&server)
        .rooms()
        .list_room_participants("room-1")
        .limit(2)
        .next("n1")
        .prev("p1")
        .send()
        .await
        .expect("list_room_participants succeeds");
    assert_eq!(page.next.as_deref(), Some("n2"));
    assert_eq!(page.prev.as_deref(), Some("p2"));
    let first = &page.participants[0];
    assert_eq!(first.participant_id, "p-2");
    assert_eq!(first.room_id.as_deref(), Some("room-1"));
    assert_eq!(first.exited_at, Some(UnixMillis(1_700_000_160_000)));
    assert_eq!(first.duration, Some(60));
    assert_eq!(first.user.as_ref().unwrap().user_id, "bob");
}

#[tokio::test]
async fn view_room_custom_items_decodes_the_items() {
    let server = MockServer::start().await;
    calls_api("GET", "/rooms/room-1/custom_items")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(json!({
            "room_id": "room-1",
            "custom_items": {"topic": "standup", "lang": "en"}
        })))
        .expect(1)
        .mount(&server)
        .await;

    let result = calls(&server)
        .rooms()
        .view_room_custom_items("room-1")
        .send()
        .await
        .expect("view_room_custom_items succeeds");
    assert_eq!(result.room_id.as_deref(), Some("room-1"));
    assert_eq!(
        result.custom_items,
        Some(items(&[("topic", "standup"), ("lang", "en")]))
    );
    assert_eq!(result.updated, None);
}

#[tokio::test]
async fn update_room_custom_items_sends_items_and_mode() {
    let server = MockServer::start().await;
    calls_api("PUT", "/rooms/room-1/custom_items")
        .and(NoQuery)
        .and(body_json(
            json!({"custom_items": {"lang": "ko"}, "mode": "upsert"}),
        ))
        .respond_with(ok(json!({
            "room_id": "room-1",
            "custom_items": {"topic": "standup", "lang": "ko"},
            "updated": ["lang"],
            "affected_at": 1_700_000_300_000_i64
        })))
        .expect(1)
        .mount(&server)
        .await;

    let result = calls(&server)
        .rooms()
        .update_room_custom_items("room-1")
        .custom_items(items(&[("lang", "ko")]))
        .mode("upsert")
        .send()
        .await
        .expect("update_room_custom_items succeeds");
    assert_eq!(result.updated, Some(vec!["lang".to_owned()]));
    assert_eq!(result.affected_at, Some(UnixMillis(1_700_000_300_000)));
}

#[tokio::test]
async fn delete_room_custom_items_without_keys_sends_an_empty_object() {
    let server = MockServer::start().await;
    calls_api("DELETE", "/rooms/room-1/custom_items")
        .and(NoQuery)
        .and(body_json(json!({})))
        .respond_with(ok(json!({
            "room_id": "room-1",
            "custom_items": {},
            "deleted": ["topic", "lang"],
            "affected_at": 1_700_000_400_000_i64
        })))
        .expect(1)
        .mount(&server)
        .await;

    let result = calls(&server)
        .rooms()
        .delete_room_custom_items("room-1")
        .send()
        .await
        .expect("delete_room_custom_items succeeds");
    assert_eq!(result.custom_items, Some(BTreeMap::new()));
    assert_eq!(
        result.deleted,
        Some(vec!["topic".to_owned(), "lang".to_owned()])
    );
}

// ---------------------------------------------------------------------------------------
// webhooks
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn view_webhook_settings_sends_the_application_id_and_flag() {
    let server = MockServer::start().await;
    calls_api("GET", "/applications/app/settings/webhook")
        .and(NoBody)
        .and(exact_query(&[("display_all_webhook_categories", "true")]))
        .respond_with(ok(json!({
            "webhook": {
                "enabled": true,
                "url": "https://hooks.example.com/calls",
                "enabled_events": ["direct_call:dial", "direct_call:end"],
                "all_webhook_categories": [
                    "direct_call:dial", "direct_call:accept", "direct_call:end",
                    "room:create", "room:delete"
                ],
                "include_members": null
            }
        })))
        .expect(1)
        .mount(&server)
        .await;

    let webhook = calls(&server)
        .webhooks()
        .view_webhook_settings("app")
        .display_all_webhook_categories(true)
        .send()
        .await
        .expect("view_webhook_settings succeeds")
        .webhook;
    assert_eq!(webhook.enabled, Some(true));
    assert_eq!(
        webhook.url.as_deref(),
        Some("https://hooks.example.com/calls")
    );
    assert_eq!(
        webhook.enabled_events,
        Some(vec![
            "direct_call:dial".to_owned(),
            "direct_call:end".to_owned()
        ])
    );
    assert_eq!(webhook.all_webhook_categories.map(|c| c.len()), Some(5));
}

#[tokio::test]
async fn update_webhook_settings_sends_the_chosen_events() {
    let server = MockServer::start().await;
    calls_api("PUT", "/applications/app/settings/webhook")
        .and(NoQuery)
        .and(body_json(json!({
            "enabled": true,
            "url": "https://hooks.example.com/calls",
            "enabled_events": ["room:create", "room:delete"]
        })))
        .respond_with(ok(json!({
            "webhook": {
                "enabled": true,
                "url": "https://hooks.example.com/calls",
                "enabled_events": ["room:create", "room:delete"]
            }
        })))
        .expect(1)
        .mount(&server)
        .await;

    let webhook = calls(&server)
        .webhooks()
        .update_webhook_settings("app")
        .enabled(true)
        .url("https://hooks.example.com/calls")
        .enabled_events(["room:create", "room:delete"])
        .send()
        .await
        .expect("update_webhook_settings succeeds")
        .webhook;
    assert_eq!(
        webhook.enabled_events,
        Some(vec!["room:create".to_owned(), "room:delete".to_owned()])
    );
    assert_eq!(webhook.all_webhook_categories, None);
}

// ---------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn calls_rate_limit_body_decodes_to_rate_limited() {
    let server = MockServer::start().await;
    calls_api("GET", "/rooms/room-1")
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
    assert_eq!(err.status(), Some(429));
}

#[tokio::test]
async fn calls_not_found_body_decodes_to_a_typed_api_error() {
    let server = MockServer::start().await;
    calls_api("GET", "/rooms/gone")
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "error": true,
            "code": 1400126,
            "type": "INVALID_ROOM",
            "message": "Room not found."
        })))
        .expect(1)
        .mount(&server)
        .await;

    let err = calls(&server)
        .rooms()
        .view_room("gone")
        .send()
        .await
        .expect_err("a 400 is an error");
    match &err {
        Error::Api {
            status,
            code,
            message,
            ..
        } => {
            assert_eq!(*status, 400);
            assert_eq!(*code, Some(ErrorCode::CallsInvalidRoom));
            assert_eq!(message, "Room not found.");
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

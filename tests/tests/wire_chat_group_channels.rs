//! Wire tests of the Chat `group_channels` operations: each one sends exactly the
//! expected method, path, query, headers and body to a loopback mock server, and
//! decodes a realistic response (with unknown fields and `null`s) into typed values.
//!
//! The client's Chat base URL is overridden with `http://127.0.0.1:<port>/v3`: the
//! override replaces Sendbird's whole base URL (path prefix included) and the
//! operation path is appended to it, so these tests see the same
//! `/v3/group_channels/...` paths as Sendbird does.

use std::collections::BTreeMap;

use futures::TryStreamExt;
use sendbird_platform::generated::chat::types::{
    ActiveMode, DistinctMode, GroupChannel, GroupChannelCountPreference, GroupChannelHiddenState,
    GroupChannelInvitationStatus, GroupChannelLeaveReason, GroupChannelListOrder,
    GroupChannelMemberOrder, GroupChannelMemberState, GroupChannelMemberStateFilter,
    GroupChannelMutedMemberFilter, GroupChannelOperatorFilter, GroupChannelPublicMode,
    GroupChannelPushTriggerOption, GroupChannelRole, GroupChannelSuperMode, Message, QueryType,
    UserSummary,
};
use sendbird_platform::{Client, Error, RetryPolicy, UnixMillis, UnixSeconds, UploadFile};
use serde_json::{json, Value};
use wiremock::matchers::{
    body_json, header, header_regex, method, path, query_param, query_param_is_missing,
};
use wiremock::{Match, Mock, MockBuilder, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "test-master-api-token-0123456789";
const JSON_CONTENT_TYPE: &str = "application/json; charset=utf8";
const CHANNEL: &str = "sendbird_group_channel_17729_1b8a4c";
const CHANNEL_PATH: &str = "/v3/group_channels/sendbird_group_channel_17729_1b8a4c";

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
/// content type and `Accept`. Each test adds its own query and body matchers.
fn sendbird_call(http_method: &str, wire_path: &str) -> MockBuilder {
    Mock::given(method(http_method))
        .and(path(wire_path))
        .and(header("Api-Token", TOKEN))
        .and(header("Content-Type", JSON_CONTENT_TYPE))
        .and(header("Accept", "application/json"))
}

/// The path of an operation below the test channel.
fn channel_path(rest: &str) -> String {
    format!("{CHANNEL_PATH}{rest}")
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

/// A member as Sendbird lists it, with fields this client doesn't know
/// (`friend_discovery_key`, `unread_message_count`) and a `null` (`nickname`).
fn member_json(user_id: &str, role: &str) -> Value {
    json!({
        "user_id": user_id,
        "nickname": null,
        "profile_url": format!("https://sendbird.example/profiles/{user_id}.png"),
        "is_online": true,
        "is_active": true,
        "last_seen_at": 0,
        "state": "joined",
        "role": role,
        "is_muted": false,
        "muted_end_at": -1,
        "muted_description": "",
        "read_ts": 1_700_000_100_000_i64,
        "delivered_ts": 1_700_000_090_000_i64,
        "push_enabled": true,
        "push_trigger_option": "default",
        "do_not_disturb": false,
        "require_auth_for_profile_image": false,
        "preferred_languages": ["en"],
        "metadata": {"team": "blue"},
        "friend_discovery_key": null,
        "friend_name": null,
        "unread_message_count": 4
    })
}

/// A realistic group channel: every field of `GroupChannel`, `null`s
/// (`is_access_code_required`, `inviter`, `last_message`) and fields this client
/// doesn't know (`channel`, `is_created`, `pinned_message_ids`).
fn group_channel_json(channel_url: &str) -> Value {
    let channel = json!({
        "channel_url": channel_url,
        "name": "Saturday soccer",
        "cover_url": "https://sendbird.example/covers/soccer.jpg",
        "custom_type": "sports",
        "data": "{\"field\":\"north\"}",
        "is_distinct": true,
        "is_public": false,
        "is_super": false,
        "is_ephemeral": false,
        "is_broadcast": false,
        "is_exclusive": false,
        "is_discoverable": false,
        "is_access_code_required": null,
        "ignore_profanity_filter": false,
        "has_bot": false,
        "has_ai_bot": false,
        "freeze": false,
        "is_push_enabled": true
    });
    // Two `json!` calls: one would exceed the macro recursion limit.
    let more = json!({
        "unread_message_count": 2,
        "unread_mention_count": 1,
        "member_count": 2,
        "joined_member_count": 2,
        "max_length_message": 5000,
        "created_at": 1_543_468_122,
        "created_by": {
            "user_id": "ann",
            "nickname": "Ann",
            "profile_url": "",
            "require_auth_for_profile_image": false
        },
        "inviter": null,
        "operators": [{"user_id": "ann", "nickname": "Ann", "profile_url": "", "metadata": {}}],
        "message_survival_seconds": -1,
        "disappearing_message": {"message_survival_seconds": -1, "is_triggered_by_message_read": false},
        "sms_fallback": {"wait_seconds": -1, "exclude_user_ids": []},
        "member_state": "joined",
        "my_role": "operator",
        "is_muted": false,
        "is_hidden": false,
        "hidden_state": "unhidden",
        "push_trigger_option": "default",
        "count_preference": "all",
        "invited_at": 1_543_468_122_000_i64,
        "joined_ts": 1_543_468_123,
        "user_last_read": 1_700_000_100_000_i64,
        "ts_message_offset": 0,
        "members": [member_json("ann", "operator"), member_json("bob", "")],
        "last_message": null,
        "read_receipt": {"ann": 1_700_000_100_000_i64, "bob": 1_700_000_000_000_i64},
        "delivery_receipt": {"ann": 1_700_000_100_000_i64},
        "metadata": {"season": "2024"},
        "channel": {"channel_url": channel_url, "name": "Saturday soccer"},
        "is_created": true,
        "pinned_message_ids": []
    });
    let (Value::Object(mut channel), Value::Object(more)) = (channel, more) else {
        unreachable!("both are objects");
    };
    channel.extend(more);
    Value::Object(channel)
}

/// Checks the typed view of [`group_channel_json`].
fn assert_group_channel(channel: &GroupChannel, channel_url: &str) {
    assert_eq!(channel.channel_url, channel_url);
    assert_eq!(channel.name.as_deref(), Some("Saturday soccer"));
    assert_eq!(
        channel.cover_url.as_deref(),
        Some("https://sendbird.example/covers/soccer.jpg")
    );
    assert_eq!(channel.custom_type.as_deref(), Some("sports"));
    assert_eq!(channel.data.as_deref(), Some("{\"field\":\"north\"}"));
    assert_eq!(channel.is_distinct, Some(true));
    assert_eq!(channel.is_public, Some(false));
    assert_eq!(channel.is_super, Some(false));
    assert_eq!(channel.is_ephemeral, Some(false));
    assert_eq!(
        channel.is_access_code_required, None,
        "`null` decodes to None"
    );
    assert_eq!(channel.freeze, Some(false));
    assert_eq!(channel.is_push_enabled, Some(true));
    assert_eq!(channel.unread_message_count, Some(2));
    assert_eq!(channel.unread_mention_count, Some(1));
    assert_eq!(channel.member_count, Some(2));
    assert_eq!(channel.joined_member_count, Some(2));
    assert_eq!(channel.max_length_message, Some(5000));
    assert_eq!(channel.created_at, Some(UnixSeconds(1_543_468_122)));
    assert_eq!(
        channel.created_by.as_ref().map(|u| u.user_id.as_str()),
        Some("ann")
    );
    assert!(channel.inviter.is_none());
    let operators = channel.operators.as_ref().expect("operators");
    assert_eq!(operators.len(), 1);
    assert_eq!(operators[0].user_id, "ann");
    assert_eq!(channel.message_survival_seconds, Some(-1));
    let disappearing = channel.disappearing_message.as_ref().expect("disappearing");
    assert_eq!(disappearing.message_survival_seconds, Some(-1));
    assert_eq!(disappearing.is_triggered_by_message_read, Some(false));
    let sms = channel.sms_fallback.as_ref().expect("sms_fallback");
    assert_eq!(sms.wait_seconds, Some(-1));
    assert_eq!(sms.exclude_user_ids, Some(vec![]));
    assert_eq!(channel.member_state, Some(GroupChannelMemberState::Joined));
    assert_eq!(channel.my_role, Some(GroupChannelRole::Operator));
    assert_eq!(channel.is_muted, Some(false));
    assert_eq!(channel.is_hidden, Some(false));
    assert_eq!(
        channel.hidden_state,
        Some(GroupChannelHiddenState::Unhidden)
    );
    assert_eq!(
        channel.push_trigger_option,
        Some(GroupChannelPushTriggerOption::Default)
    );
    assert_eq!(
        channel.count_preference,
        Some(GroupChannelCountPreference::All)
    );
    assert_eq!(channel.invited_at, Some(UnixMillis(1_543_468_122_000)));
    assert_eq!(channel.joined_ts, Some(UnixSeconds(1_543_468_123)));
    assert_eq!(channel.user_last_read, Some(UnixMillis(1_700_000_100_000)));
    assert_eq!(channel.ts_message_offset, Some(UnixMillis(0)));
    assert!(channel.last_message.is_none(), "`null` decodes to None");
    let members = channel.members.as_ref().expect("members");
    assert_eq!(members.len(), 2);
    assert_eq!(members[0].user_id, "ann");
    assert_eq!(members[0].role, Some(GroupChannelRole::Operator));
    assert_eq!(members[1].user_id, "bob");
    assert_eq!(members[1].role, Some(GroupChannelRole::Empty));
    assert_eq!(
        channel.read_receipt,
        Some(BTreeMap::from([
            ("ann".to_owned(), UnixMillis(1_700_000_100_000)),
            ("bob".to_owned(), UnixMillis(1_700_000_000_000)),
        ]))
    );
    assert_eq!(
        channel.delivery_receipt,
        Some(BTreeMap::from([(
            "ann".to_owned(),
            UnixMillis(1_700_000_100_000)
        )]))
    );
    assert_eq!(
        channel.metadata,
        Some(BTreeMap::from([("season".to_owned(), "2024".to_owned())]))
    );
}

/// A ban as Sendbird returns it: a short user, the period and the reason.
fn ban_json(user_id: &str) -> Value {
    json!({
        "user": {
            "user_id": user_id,
            "nickname": "Troll",
            "profile_url": "https://sendbird.example/profiles/troll.png",
            "metadata": {"strikes": "3"},
            "require_auth_for_profile_image": false
        },
        "start_at": 1_543_211_671_000_i64,
        "end_at": 1_543_211_731_000_i64,
        "description": "Too much talking"
    })
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

// ---------------------------------------------------------------------------------------
// Channels
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn list_group_channels_sends_every_query_param() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/group_channels")
        .and(NoBody)
        .and(query_param("token", "cursor/abc+=="))
        .and(query_param("custom_types", "support,sales vip"))
        .and(query_param("name_contains", "club&co"))
        .and(exact_query(&[
            ("token", "cursor%2Fabc%2B%3D%3D"),
            ("limit", "25"),
            ("distinct_mode", "nondistinct"),
            ("public_mode", "private"),
            ("super_mode", "nonsuper"),
            ("created_after", "1700000000000"),
            ("created_before", "1800000000000"),
            ("show_empty", "true"),
            ("show_member", "true"),
            ("show_delivery_receipt", "true"),
            ("show_read_receipt", "true"),
            ("show_metadata", "true"),
            ("show_frozen", "false"),
            ("order", "metadata_value_alphabetical"),
            ("metadata_order_key", "rank"),
            ("custom_types", "support,sales%20vip"),
            ("custom_type_startswith", "sup"),
            ("channel_urls", "ch_1,ch%202"),
            ("name", "Weekend%20club"),
            ("name_contains", "club%26co"),
            ("name_startswith", "Week"),
            ("members_exactly_in", "ann,bob"),
            ("members_include_in", "ann,carl%40example.com"),
            ("query_type", "OR"),
            ("members_nickname", "Ann"),
            ("members_nickname_contains", "An%20n"),
            ("metadata_key", "tier"),
            ("metadata_values", "gold,silver"),
            ("metadata_value_startswith", "go"),
            ("metacounter_key", "score"),
            ("metacounter_values", "1,2"),
            ("metacounter_value_gt", "-5"),
            ("metacounter_value_gte", "0"),
            ("metacounter_value_lt", "100"),
            ("metacounter_value_lte", "99"),
            ("include_sorted_metaarray_in_last_message", "false"),
            ("custom_type", "support"),
        ]))
        .respond_with(ok(json!({
            "channels": [
                group_channel_json("ch_1"),
                {"channel_url": "ch 2", "name": null, "members": null, "last_message": null}
            ],
            "next": "",
            "ts": 1_700_000_200_000_i64
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server)
        .chat()
        .group_channels()
        .list_group_channels()
        .token("cursor/abc+==")
        .limit(25)
        .distinct_mode(DistinctMode::Nondistinct)
        .public_mode(GroupChannelPublicMode::Private)
        .super_mode(GroupChannelSuperMode::Nonsuper)
        .created_after(UnixMillis(1_700_000_000_000))
        .created_before(UnixMillis(1_800_000_000_000))
        .show_empty(true)
        .show_member(true)
        .show_delivery_receipt(true)
        .show_read_receipt(true)
        .show_metadata(true)
        .show_frozen(false)
        .order(GroupChannelListOrder::MetadataValueAlphabetical)
        .metadata_order_key("rank")
        .custom_types(["support", "sales vip"])
        .custom_type_startswith("sup")
        .channel_urls(["ch_1", "ch 2"])
        .name("Weekend club")
        .name_contains("club&co")
        .name_startswith("Week")
        .members_exactly_in(["ann", "bob"])
        .members_include_in(["ann", "carl@example.com"])
        .query_type(QueryType::Or)
        .members_nickname("Ann")
        .members_nickname_contains("An n")
        .metadata_key("tier")
        .metadata_values(["gold", "silver"])
        .metadata_value_startswith("go")
        .metacounter_key("score")
        .metacounter_values(["1", "2"])
        .metacounter_value_gt(-5)
        .metacounter_value_gte(0)
        .metacounter_value_lt(100)
        .metacounter_value_lte(99)
        .include_sorted_metaarray_in_last_message(false)
        .custom_type("support")
        .send()
        .await
        .expect("list_group_channels succeeds");

    assert_eq!(page.channels.len(), 2);
    assert_group_channel(&page.channels[0], "ch_1");
    assert_eq!(page.channels[1].channel_url, "ch 2");
    assert_eq!(page.channels[1].name, None);
    assert!(page.channels[1].members.is_none());
    assert_eq!(page.next.as_deref(), Some(""));
    assert_eq!(page.ts, Some(UnixMillis(1_700_000_200_000)));
}

#[tokio::test]
#[allow(deprecated)]
async fn list_group_channels_still_sends_the_2016_params() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/group_channels")
        .and(NoBody)
        .and(exact_query(&[
            ("read_receipt", "true"),
            ("member", "true"),
            ("is_distinct", "false"),
            ("members_in", "ann,bob"),
            ("user_id", "ann"),
        ]))
        .respond_with(ok(json!({"channels": [], "next": ""})))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server)
        .chat()
        .group_channels()
        .list_group_channels()
        .read_receipt(true)
        .member(true)
        .is_distinct(false)
        .members_in(["ann", "bob"])
        .user_id("ann")
        .send()
        .await
        .expect("the deprecated filters are still sent");
    assert!(page.channels.is_empty());
    assert_eq!(page.ts, None);
}

#[tokio::test]
async fn list_group_channels_streams_pages_following_the_token() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/group_channels")
        .and(NoBody)
        .and(query_param_is_missing("token"))
        .and(exact_query(&[("limit", "2"), ("show_member", "false")]))
        .respond_with(ok(json!({
            "channels": [{"channel_url": "c1"}, {"channel_url": "c2"}],
            "next": "cGFnZTI="
        })))
        .expect(1)
        .mount(&server)
        .await;
    sendbird_call("GET", "/v3/group_channels")
        .and(NoBody)
        .and(exact_query(&[
            ("token", "cGFnZTI%3D"),
            ("limit", "2"),
            ("show_member", "false"),
        ]))
        .respond_with(ok(json!({"channels": [{"channel_url": "c3"}], "next": ""})))
        .expect(1)
        .mount(&server)
        .await;

    let channels: Vec<GroupChannel> = client(&server)
        .chat()
        .group_channels()
        .list_group_channels()
        .limit(2)
        .show_member(false)
        .into_stream()
        .try_collect()
        .await
        .expect("both pages are fetched");
    let urls: Vec<&str> = channels.iter().map(|c| c.channel_url.as_str()).collect();
    assert_eq!(urls, ["c1", "c2", "c3"]);
}

#[tokio::test]
async fn create_group_channel_sends_a_json_body() {
    let server = MockServer::start().await;
    sendbird_call("POST", "/v3/group_channels")
        .and(NoQuery)
        .and(body_json(json!({
            "user_ids": ["ann", "bob"],
            "users": [{"user_id": "carl", "nickname": "Carl"}],
            "name": "Saturday soccer",
            "channel_url": CHANNEL,
            "cover_url": "https://sendbird.example/covers/soccer.jpg",
            "custom_type": "sports",
            "data": "{\"field\":\"north\"}",
            "is_distinct": true,
            "is_public": false,
            "is_super": false,
            "is_ephemeral": false,
            "access_code": "1234",
            "inviter_id": "ann",
            "strict": true,
            "invitation_status": {"bob": "invited_by_friend", "carl": "joined"},
            "hidden_status": {"bob": "hidden_allow_auto_unhide"},
            "operator_ids": ["ann"],
            "block_sdk_user_channel_join": false
        })))
        .respond_with(ok(group_channel_json(CHANNEL)))
        .expect(1)
        .mount(&server)
        .await;

    let mut carl = UserSummary::default();
    carl.user_id = "carl".to_owned();
    carl.nickname = Some("Carl".to_owned());
    let channel = client(&server)
        .chat()
        .group_channels()
        .create_group_channel()
        .user_ids(["ann", "bob"])
        .users(vec![carl])
        .name("Saturday soccer")
        .channel_url(CHANNEL)
        .cover_url("https://sendbird.example/covers/soccer.jpg")
        .custom_type("sports")
        .data("{\"field\":\"north\"}")
        .is_distinct(true)
        .is_public(false)
        .is_super(false)
        .is_ephemeral(false)
        .access_code("1234")
        .inviter_id("ann")
        .strict(true)
        .invitation_status(BTreeMap::from([
            (
                "bob".to_owned(),
                GroupChannelInvitationStatus::InvitedByFriend,
            ),
            ("carl".to_owned(), GroupChannelInvitationStatus::Joined),
        ]))
        .hidden_status(BTreeMap::from([(
            "bob".to_owned(),
            GroupChannelHiddenState::HiddenAllowAutoUnhide,
        )]))
        .operator_ids(["ann"])
        .block_sdk_user_channel_join(false)
        .send()
        .await
        .expect("create_group_channel succeeds");

    assert_group_channel(&channel, CHANNEL);
}

#[tokio::test]
async fn create_group_channel_with_cover_file_sends_multipart_form_data() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v3/group_channels"))
        .and(NoQuery)
        .and(header("Api-Token", TOKEN))
        .and(header_regex(
            "Content-Type",
            r"^multipart/form-data; boundary=[0-9A-Za-z'()+_,./:=?-]{1,70}$",
        ))
        .respond_with(ok(group_channel_json(CHANNEL)))
        .expect(1)
        .mount(&server)
        .await;

    let jpeg: Vec<u8> = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01".to_vec();
    let channel = client(&server)
        .chat()
        .group_channels()
        .create_group_channel()
        .name("Saturday soccer")
        .is_distinct(true)
        .user_ids(["ann", "bob"])
        .invitation_status(BTreeMap::from([(
            "bob".to_owned(),
            GroupChannelInvitationStatus::InvitedByFriend,
        )]))
        .cover_file(UploadFile::new("cover.jpg", jpeg.clone()).content_type("image/jpeg"))
        .send()
        .await
        .expect("create_group_channel with a file succeeds");
    assert_eq!(channel.channel_url, CHANNEL);

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
        [
            "cover_file",
            "invitation_status",
            "is_distinct",
            "name",
            "user_ids"
        ]
    );
    let part = |name: &str| parts.iter().find(|p| p.name == name).unwrap();
    assert_eq!(part("name").data, b"Saturday soccer");
    assert_eq!(part("is_distinct").data, b"true");
    // Lists of scalars are comma-joined in form fields, as the 2016 reference asks for
    // `user_ids`; objects travel as JSON text.
    assert_eq!(part("user_ids").data, b"ann,bob");
    assert_eq!(part("user_ids").filename, None);
    assert_eq!(
        part("invitation_status").data,
        br#"{"bob":"invited_by_friend"}"#
    );
    let file = part("cover_file");
    assert_eq!(file.filename.as_deref(), Some("cover.jpg"));
    assert_eq!(file.content_type.as_deref(), Some("image/jpeg"));
    assert_eq!(file.data, jpeg);
}

#[tokio::test]
async fn view_group_channel_encodes_the_url_and_sends_its_params() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/group_channels/team%2Fa%3Fb%23c")
        .and(NoBody)
        .and(exact_query(&[
            ("show_delivery_receipt", "true"),
            ("show_read_receipt", "true"),
            ("show_member", "true"),
            ("member_active_mode", "deactivated"),
            ("user_id", "ann%40example.com"),
        ]))
        .respond_with(ok({
            let mut channel = group_channel_json("team/a?b#c");
            channel["last_message"] = json!({
                "type": "MESG",
                "message_id": 9_000_000_001_i64,
                "message": "Kick-off at 9",
                "channel_url": "team/a?b#c",
                "created_at": 1_700_000_050_000_i64,
                "user": {"user_id": "ann", "nickname": "Ann", "profile_url": ""}
            });
            channel
        }))
        .expect(1)
        .mount(&server)
        .await;

    let channel = client(&server)
        .chat()
        .group_channels()
        .view_group_channel("team/a?b#c")
        .show_delivery_receipt(true)
        .show_read_receipt(true)
        .show_member(true)
        .member_active_mode(ActiveMode::Deactivated)
        .user_id("ann@example.com")
        .send()
        .await
        .expect("view_group_channel succeeds");

    assert_eq!(channel.channel_url, "team/a?b#c");
    assert_eq!(channel.is_push_enabled, Some(true));
    match channel.last_message {
        Some(Message::UserMessage(message)) => {
            assert_eq!(message.message_id, 9_000_000_001);
            assert_eq!(message.message.as_deref(), Some("Kick-off at 9"));
            assert_eq!(message.created_at, Some(UnixMillis(1_700_000_050_000)));
            assert_eq!(
                message.user.as_ref().map(|u| u.user_id.as_str()),
                Some("ann")
            );
        }
        other => panic!("expected a user message, got {other:?}"),
    }
}

#[tokio::test]
#[allow(deprecated)]
async fn view_group_channel_still_sends_the_2016_params() {
    let server = MockServer::start().await;
    sendbird_call("GET", CHANNEL_PATH)
        .and(NoBody)
        .and(exact_query(&[
            ("read_receipt", "true"),
            ("member", "false"),
        ]))
        .respond_with(ok(
            json!({"channel_url": CHANNEL, "read_receipt": {"ann": 5}}),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let channel = client(&server)
        .chat()
        .group_channels()
        .view_group_channel(CHANNEL)
        .read_receipt(true)
        .member(false)
        .send()
        .await
        .expect("the deprecated flags are still sent");
    assert_eq!(
        channel.read_receipt,
        Some(BTreeMap::from([("ann".to_owned(), UnixMillis(5))]))
    );
}

#[tokio::test]
async fn update_group_channel_sends_a_json_body() {
    let server = MockServer::start().await;
    sendbird_call("PUT", CHANNEL_PATH)
        .and(NoQuery)
        .and(body_json(json!({
            "name": "Sunday soccer",
            "cover_url": "https://sendbird.example/covers/sunday.jpg",
            "custom_type": "sports",
            "data": "",
            "is_distinct": false,
            "is_public": true,
            "is_super": false,
            "access_code": "9876",
            "operator_ids": ["ann", "bob"]
        })))
        .respond_with(ok({
            let mut channel = group_channel_json(CHANNEL);
            channel["is_public"] = json!(true);
            channel["is_access_code_required"] = json!(true);
            channel
        }))
        .expect(1)
        .mount(&server)
        .await;

    let channel = client(&server)
        .chat()
        .group_channels()
        .update_group_channel(CHANNEL)
        .name("Sunday soccer")
        .cover_url("https://sendbird.example/covers/sunday.jpg")
        .custom_type("sports")
        .data("")
        .is_distinct(false)
        .is_public(true)
        .is_super(false)
        .access_code("9876")
        .operator_ids(["ann", "bob"])
        .send()
        .await
        .expect("update_group_channel succeeds");
    assert_eq!(channel.channel_url, CHANNEL);
    assert_eq!(channel.is_public, Some(true));
    assert_eq!(channel.is_access_code_required, Some(true));
}

#[tokio::test]
async fn delete_group_channel_accepts_an_empty_object() {
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
        .group_channels()
        .delete_group_channel(CHANNEL)
        .send()
        .await
        .expect("delete_group_channel succeeds");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

// ---------------------------------------------------------------------------------------
// Members, invitations and membership
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn list_group_channel_members_sends_every_query_param() {
    let server = MockServer::start().await;
    sendbird_call("GET", &channel_path("/members"))
        .and(NoBody)
        .and(exact_query(&[
            ("token", "bWVtYmVycw%3D%3D"),
            ("limit", "50"),
            ("user_id", "ann"),
            ("show_delivery_receipt", "true"),
            ("show_read_receipt", "true"),
            ("show_member_is_muted", "true"),
            ("order", "operator_then_member_alphabetical"),
            ("operator_filter", "nonoperator"),
            ("member_state_filter", "invited_by_non_friend"),
            ("muted_member_filter", "unmuted"),
            ("member_active_mode_filter", "activated"),
            ("nickname_startswith", "Bo"),
            ("include_push_preference", "true"),
        ]))
        .respond_with(ok(json!({
            "members": [
                member_json("bob", "none"),
                {"user_id": "carl", "is_blocked_by_me": true, "is_blocking_me": false, "state": "invited"}
            ],
            "next": "bmV4dA=="
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server)
        .chat()
        .group_channels()
        .list_group_channel_members(CHANNEL)
        .token("bWVtYmVycw==")
        .limit(50)
        .user_id("ann")
        .show_delivery_receipt(true)
        .show_read_receipt(true)
        .show_member_is_muted(true)
        .order(GroupChannelMemberOrder::OperatorThenMemberAlphabetical)
        .operator_filter(GroupChannelOperatorFilter::Nonoperator)
        .member_state_filter(GroupChannelMemberStateFilter::InvitedByNonFriend)
        .muted_member_filter(GroupChannelMutedMemberFilter::Unmuted)
        .member_active_mode_filter(ActiveMode::Activated)
        .nickname_startswith("Bo")
        .include_push_preference(true)
        .send()
        .await
        .expect("list_group_channel_members succeeds");

    assert_eq!(page.members.len(), 2);
    let bob = &page.members[0];
    assert_eq!(bob.user_id, "bob");
    assert_eq!(bob.nickname, None);
    assert_eq!(bob.is_online, Some(true));
    assert_eq!(bob.last_seen_at, Some(UnixMillis(0)));
    assert_eq!(bob.state.as_deref(), Some("joined"));
    assert_eq!(bob.role, Some(GroupChannelRole::None));
    assert_eq!(bob.is_muted, Some(false));
    assert_eq!(bob.muted_end_at, Some(UnixMillis(-1)));
    assert_eq!(bob.read_ts, Some(UnixMillis(1_700_000_100_000)));
    assert_eq!(bob.delivered_ts, Some(UnixMillis(1_700_000_090_000)));
    assert_eq!(bob.push_enabled, Some(true));
    assert_eq!(
        bob.push_trigger_option,
        Some(GroupChannelPushTriggerOption::Default)
    );
    assert_eq!(bob.do_not_disturb, Some(false));
    assert_eq!(bob.preferred_languages, Some(vec!["en".to_owned()]));
    assert_eq!(bob.friend_name, None);
    let carl = &page.members[1];
    assert_eq!(carl.user_id, "carl");
    assert_eq!(carl.is_blocked_by_me, Some(true));
    assert_eq!(carl.is_blocking_me, Some(false));
    assert_eq!(carl.state.as_deref(), Some("invited"));
    assert_eq!(page.next.as_deref(), Some("bmV4dA=="));
}

#[tokio::test]
async fn check_group_channel_member_decodes_the_state() {
    let server = MockServer::start().await;
    sendbird_call("GET", &channel_path("/members/bob%20b"))
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(json!({"is_member": true, "state": "invited"})))
        .expect(1)
        .mount(&server)
        .await;

    let membership = client(&server)
        .chat()
        .group_channels()
        .check_group_channel_member(CHANNEL, "bob b")
        .send()
        .await
        .expect("check_group_channel_member succeeds");
    assert!(membership.is_member);
    assert_eq!(membership.state, Some(GroupChannelMemberState::Invited));
}

#[tokio::test]
async fn invite_group_channel_members_sends_the_invitees() {
    let server = MockServer::start().await;
    sendbird_call("POST", &channel_path("/invite"))
        .and(NoQuery)
        .and(body_json(json!({
            "user_ids": ["carl", "dana"],
            "invitation_status": {"carl": "invited_by_non_friend"},
            "hidden_status": {"dana": "hidden_prevent_auto_unhide"},
            "inviter_id": "ann"
        })))
        .respond_with(ok({
            let mut channel = group_channel_json(CHANNEL);
            channel["member_count"] = json!(4);
            channel
        }))
        .expect(1)
        .mount(&server)
        .await;

    let channel = client(&server)
        .chat()
        .group_channels()
        .invite_group_channel_members(CHANNEL)
        .user_ids(["carl", "dana"])
        .invitation_status(BTreeMap::from([(
            "carl".to_owned(),
            GroupChannelInvitationStatus::InvitedByNonFriend,
        )]))
        .hidden_status(BTreeMap::from([(
            "dana".to_owned(),
            GroupChannelHiddenState::HiddenPreventAutoUnhide,
        )]))
        .inviter_id("ann")
        .send()
        .await
        .expect("invite_group_channel_members succeeds");
    assert_eq!(channel.channel_url, CHANNEL);
    assert_eq!(channel.member_count, Some(4));
}

#[tokio::test]
async fn invite_group_channel_members_without_user_ids_fails_before_sending() {
    let server = MockServer::start().await;
    let result = client(&server)
        .chat()
        .group_channels()
        .invite_group_channel_members(CHANNEL)
        .inviter_id("ann")
        .send()
        .await;
    match result {
        Err(error @ Error::InvalidRequest { .. }) => {
            assert!(error.to_string().contains("user_ids"), "{error}");
        }
        other => panic!("expected an invalid-request error, got {other:?}"),
    }
    assert_no_requests(server.received_requests().await);
}

#[tokio::test]
async fn accept_group_channel_invitation_sends_the_user_and_code() {
    let server = MockServer::start().await;
    sendbird_call("PUT", &channel_path("/accept"))
        .and(NoQuery)
        .and(body_json(json!({"user_id": "carl", "access_code": "1234"})))
        .respond_with(ok({
            let mut channel = group_channel_json(CHANNEL);
            channel["member_state"] = json!("joined");
            channel["inviter"] = json!({"user_id": "ann", "nickname": "Ann", "profile_url": ""});
            channel
        }))
        .expect(1)
        .mount(&server)
        .await;

    let channel = client(&server)
        .chat()
        .group_channels()
        .accept_group_channel_invitation(CHANNEL)
        .user_id("carl")
        .access_code("1234")
        .send()
        .await
        .expect("accept_group_channel_invitation succeeds");
    assert_eq!(channel.member_state, Some(GroupChannelMemberState::Joined));
    assert_eq!(
        channel.inviter.as_ref().map(|u| u.user_id.as_str()),
        Some("ann")
    );
}

#[tokio::test]
async fn decline_group_channel_invitation_sends_the_user() {
    let server = MockServer::start().await;
    sendbird_call("PUT", &channel_path("/decline"))
        .and(NoQuery)
        .and(body_json(json!({"user_id": "carl"})))
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .chat()
        .group_channels()
        .decline_group_channel_invitation(CHANNEL)
        .user_id("carl")
        .send()
        .await
        .expect("decline_group_channel_invitation succeeds");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn join_group_channel_sends_the_user_and_accepts_an_empty_body() {
    let server = MockServer::start().await;
    sendbird_call("PUT", &channel_path("/join"))
        .and(NoQuery)
        .and(body_json(json!({"user_id": "dana", "access_code": "1234"})))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .chat()
        .group_channels()
        .join_group_channel(CHANNEL)
        .user_id("dana")
        .access_code("1234")
        .send()
        .await
        .expect("join_group_channel succeeds");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn leave_group_channel_sends_every_field() {
    let server = MockServer::start().await;
    sendbird_call("PUT", &channel_path("/leave"))
        .and(NoQuery)
        .and(body_json(json!({
            "user_ids": ["bob", "carl"],
            "should_leave_all": false,
            "should_remove_operator_status": true,
            "reason": "ADMIN_REMOVED"
        })))
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .chat()
        .group_channels()
        .leave_group_channel(CHANNEL)
        .user_ids(["bob", "carl"])
        .should_leave_all(false)
        .should_remove_operator_status(true)
        .reason(GroupChannelLeaveReason::AdminRemoved)
        .send()
        .await
        .expect("leave_group_channel succeeds");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
#[allow(deprecated)]
async fn leave_group_channel_still_sends_the_2016_user_id() {
    let server = MockServer::start().await;
    sendbird_call("PUT", &channel_path("/leave"))
        .and(NoQuery)
        .and(body_json(json!({"user_id": "bob"})))
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .chat()
        .group_channels()
        .leave_group_channel(CHANNEL)
        .user_id("bob")
        .send()
        .await
        .expect("the deprecated user_id is still sent");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn hide_group_channel_sends_every_field() {
    let server = MockServer::start().await;
    sendbird_call("PUT", &channel_path("/hide"))
        .and(NoQuery)
        .and(body_json(json!({
            "user_id": "ann",
            "allow_auto_unhide": false,
            "should_hide_all": false,
            "hide_previous_messages": true
        })))
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .chat()
        .group_channels()
        .hide_group_channel(CHANNEL)
        .user_id("ann")
        .allow_auto_unhide(false)
        .should_hide_all(false)
        .hide_previous_messages(true)
        .send()
        .await
        .expect("hide_group_channel succeeds");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn unhide_group_channel_sends_its_params_as_query() {
    let server = MockServer::start().await;
    sendbird_call("DELETE", &channel_path("/hide"))
        .and(NoBody)
        .and(exact_query(&[
            ("user_id", "ann%2B1"),
            ("should_unhide_all", "true"),
        ]))
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .chat()
        .group_channels()
        .unhide_group_channel(CHANNEL)
        .user_id("ann+1")
        .should_unhide_all(true)
        .send()
        .await
        .expect("unhide_group_channel succeeds");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn reset_group_channel_history_decodes_the_offset() {
    let server = MockServer::start().await;
    sendbird_call("PUT", &channel_path("/reset_user_history"))
        .and(NoQuery)
        .and(body_json(json!({"user_id": "ann", "reset_all": false})))
        .respond_with(ok(json!({"ts_message_offset": 1_700_000_300_000_i64})))
        .expect(1)
        .mount(&server)
        .await;

    let reset = client(&server)
        .chat()
        .group_channels()
        .reset_group_channel_history(CHANNEL)
        .user_id("ann")
        .reset_all(false)
        .send()
        .await
        .expect("reset_group_channel_history succeeds");
    assert_eq!(reset.ts_message_offset, Some(UnixMillis(1_700_000_300_000)));
}

// ---------------------------------------------------------------------------------------
// Operators, typing indicators, freezing
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn list_group_channel_operators_sends_token_and_limit() {
    let server = MockServer::start().await;
    sendbird_call("GET", &channel_path("/operators"))
        .and(NoBody)
        .and(exact_query(&[("token", "b3Bz"), ("limit", "100")]))
        .respond_with(ok(json!({
            "operators": [
                {"user_id": "ann", "nickname": "Ann", "profile_url": "", "metadata": {}, "role": "operator"},
                {"user_id": "bob", "nickname": null}
            ],
            "next": ""
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server)
        .chat()
        .group_channels()
        .list_group_channel_operators(CHANNEL)
        .token("b3Bz")
        .limit(100)
        .send()
        .await
        .expect("list_group_channel_operators succeeds");
    assert_eq!(page.operators.len(), 2);
    assert_eq!(page.operators[0].user_id, "ann");
    assert_eq!(page.operators[0].nickname.as_deref(), Some("Ann"));
    assert_eq!(page.operators[0].metadata, Some(BTreeMap::new()));
    assert_eq!(page.operators[1].user_id, "bob");
    assert_eq!(page.operators[1].nickname, None);
    assert_eq!(page.next.as_deref(), Some(""));
}

#[tokio::test]
async fn register_group_channel_operators_sends_the_ids() {
    let server = MockServer::start().await;
    sendbird_call("POST", &channel_path("/operators"))
        .and(NoQuery)
        .and(body_json(json!({"operator_ids": ["bob", "carl"]})))
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .chat()
        .group_channels()
        .register_group_channel_operators(CHANNEL)
        .operator_ids(["bob", "carl"])
        .send()
        .await
        .expect("register_group_channel_operators succeeds");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn unregister_group_channel_operators_sends_a_comma_joined_query() {
    let server = MockServer::start().await;
    sendbird_call("DELETE", &channel_path("/operators"))
        .and(NoBody)
        .and(query_param("operator_ids", "bob,carl d"))
        .and(exact_query(&[
            ("operator_ids", "bob,carl%20d"),
            ("delete_all", "false"),
        ]))
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .chat()
        .group_channels()
        .unregister_group_channel_operators(CHANNEL)
        .operator_ids(["bob", "carl d"])
        .delete_all(false)
        .send()
        .await
        .expect("unregister_group_channel_operators succeeds");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn start_typing_indicators_sends_the_users() {
    let server = MockServer::start().await;
    sendbird_call("POST", &channel_path("/typing"))
        .and(NoQuery)
        .and(body_json(json!({"user_ids": ["ann", "bob"]})))
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .chat()
        .group_channels()
        .start_typing_indicators(CHANNEL)
        .user_ids(["ann", "bob"])
        .send()
        .await
        .expect("start_typing_indicators succeeds");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn stop_typing_indicators_sends_a_delete_with_a_json_body() {
    let server = MockServer::start().await;
    sendbird_call("DELETE", &channel_path("/typing"))
        .and(NoQuery)
        .and(body_json(json!({"user_ids": ["ann"]})))
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .chat()
        .group_channels()
        .stop_typing_indicators(CHANNEL)
        .user_ids(["ann"])
        .send()
        .await
        .expect("stop_typing_indicators succeeds");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn freeze_group_channel_sends_the_flag() {
    let server = MockServer::start().await;
    sendbird_call("PUT", &channel_path("/freeze"))
        .and(NoQuery)
        .and(body_json(json!({"freeze": true})))
        .respond_with(ok({
            let mut channel = group_channel_json(CHANNEL);
            channel["freeze"] = json!(true);
            channel
        }))
        .expect(1)
        .mount(&server)
        .await;

    let channel = client(&server)
        .chat()
        .group_channels()
        .freeze_group_channel(CHANNEL)
        .freeze(true)
        .send()
        .await
        .expect("freeze_group_channel succeeds");
    assert_eq!(channel.channel_url, CHANNEL);
    assert_eq!(channel.freeze, Some(true));
}

// ---------------------------------------------------------------------------------------
// Bans and mutes
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn list_group_channel_banned_users_decodes_bans() {
    let server = MockServer::start().await;
    sendbird_call("GET", &channel_path("/ban"))
        .and(NoBody)
        .and(exact_query(&[
            ("token", "YnQSRDpSRl1AEE1WXlVaF2R3"),
            ("limit", "5"),
            ("show_total_ban_count", "true"),
        ]))
        .respond_with(ok(json!({
            "banned_list": [
                ban_json("troll_42"),
                {"user": {"user_id": "spam bot"}, "start_at": 1_543_211_000_000_i64, "end_at": -1, "description": null}
            ],
            "total_ban_count": 10,
            "next": "ANQ12DaZR1nRFn1YzlVaR4rF"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server)
        .chat()
        .group_channels()
        .list_group_channel_banned_users(CHANNEL)
        .token("YnQSRDpSRl1AEE1WXlVaF2R3")
        .limit(5)
        .show_total_ban_count(true)
        .send()
        .await
        .expect("list_group_channel_banned_users succeeds");
    assert_eq!(page.banned_list.len(), 2);
    let ban = &page.banned_list[0];
    assert_eq!(ban.user.user_id, "troll_42");
    assert_eq!(ban.user.nickname.as_deref(), Some("Troll"));
    assert_eq!(
        ban.user.metadata,
        Some(BTreeMap::from([("strikes".to_owned(), "3".to_owned())]))
    );
    assert_eq!(ban.start_at, Some(UnixMillis(1_543_211_671_000)));
    assert_eq!(ban.end_at, Some(UnixMillis(1_543_211_731_000)));
    assert_eq!(ban.description.as_deref(), Some("Too much talking"));
    assert_eq!(page.banned_list[1].user.user_id, "spam bot");
    assert_eq!(page.banned_list[1].end_at, Some(UnixMillis(-1)));
    assert_eq!(page.banned_list[1].description, None);
    assert_eq!(page.total_ban_count, Some(10));
    assert_eq!(page.next.as_deref(), Some("ANQ12DaZR1nRFn1YzlVaR4rF"));
}

#[tokio::test]
async fn ban_user_from_group_channel_sends_every_field() {
    let server = MockServer::start().await;
    sendbird_call("POST", &channel_path("/ban"))
        .and(NoQuery)
        .and(body_json(json!({
            "user_id": "troll_42",
            "agent_id": "ann",
            "seconds": 60,
            "description": "Too much talking"
        })))
        .respond_with(ok(ban_json("troll_42")))
        .expect(1)
        .mount(&server)
        .await;

    let ban = client(&server)
        .chat()
        .group_channels()
        .ban_user_from_group_channel(CHANNEL)
        .user_id("troll_42")
        .agent_id("ann")
        .seconds(60)
        .description("Too much talking")
        .send()
        .await
        .expect("ban_user_from_group_channel succeeds");
    assert_eq!(ban.user.user_id, "troll_42");
    assert_eq!(ban.start_at, Some(UnixMillis(1_543_211_671_000)));
    assert_eq!(ban.end_at, Some(UnixMillis(1_543_211_731_000)));
}

#[tokio::test]
async fn view_group_channel_ban_puts_the_user_in_the_path() {
    let server = MockServer::start().await;
    sendbird_call("GET", &channel_path("/ban/troll%2F42"))
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(ban_json("troll/42")))
        .expect(1)
        .mount(&server)
        .await;

    let ban = client(&server)
        .chat()
        .group_channels()
        .view_group_channel_ban(CHANNEL, "troll/42")
        .send()
        .await
        .expect("view_group_channel_ban succeeds");
    assert_eq!(ban.user.user_id, "troll/42");
    assert_eq!(ban.description.as_deref(), Some("Too much talking"));
}

#[tokio::test]
async fn update_group_channel_ban_sends_the_new_period() {
    let server = MockServer::start().await;
    sendbird_call("PUT", &channel_path("/ban/troll_42"))
        .and(NoQuery)
        .and(body_json(
            json!({"seconds": -1, "description": "Repeated spam"}),
        ))
        .respond_with(ok({
            let mut ban = ban_json("troll_42");
            ban["end_at"] = json!(1_858_571_671_000_i64);
            ban["description"] = json!("Repeated spam");
            ban
        }))
        .expect(1)
        .mount(&server)
        .await;

    let ban = client(&server)
        .chat()
        .group_channels()
        .update_group_channel_ban(CHANNEL, "troll_42")
        .seconds(-1)
        .description("Repeated spam")
        .send()
        .await
        .expect("update_group_channel_ban succeeds");
    assert_eq!(ban.end_at, Some(UnixMillis(1_858_571_671_000)));
    assert_eq!(ban.description.as_deref(), Some("Repeated spam"));
}

#[tokio::test]
async fn unban_user_from_group_channel_accepts_an_empty_object() {
    let server = MockServer::start().await;
    sendbird_call("DELETE", &channel_path("/ban/troll_42"))
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .chat()
        .group_channels()
        .unban_user_from_group_channel(CHANNEL, "troll_42")
        .send()
        .await
        .expect("unban_user_from_group_channel succeeds");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn list_group_channel_muted_users_decodes_mutes() {
    let server = MockServer::start().await;
    sendbird_call("GET", &channel_path("/mute"))
        .and(NoBody)
        .and(exact_query(&[
            ("limit", "5"),
            ("show_total_mute_count", "true"),
        ]))
        .respond_with(ok(json!({
            "muted_list": [
                {
                    "user_id": "Kelly",
                    "nickname": "Traveler",
                    "profile_url": "https://sendbird.example/profiles/kelly.png",
                    "metadata": {"font_color": "black"},
                    "remaining_duration": -1,
                    "end_at": -1,
                    "description": "too many messages in the channel"
                },
                {
                    "user_id": "Aiden",
                    "nickname": null,
                    "remaining_duration": 21_435_000,
                    "start_at": 1_542_701_388_000_i64,
                    "end_at": 1_542_722_823_000_i64,
                    "description": "insult",
                    "is_online": false
                }
            ],
            "total_mute_count": 2,
            "next": ""
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server)
        .chat()
        .group_channels()
        .list_group_channel_muted_users(CHANNEL)
        .limit(5)
        .show_total_mute_count(true)
        .send()
        .await
        .expect("list_group_channel_muted_users succeeds");
    assert_eq!(page.muted_list.len(), 2);
    let kelly = &page.muted_list[0];
    assert_eq!(kelly.user_id, "Kelly");
    assert_eq!(kelly.nickname.as_deref(), Some("Traveler"));
    assert_eq!(kelly.remaining_duration, Some(-1));
    assert_eq!(kelly.end_at, Some(UnixMillis(-1)));
    assert_eq!(kelly.start_at, None);
    assert_eq!(
        kelly.description.as_deref(),
        Some("too many messages in the channel")
    );
    let aiden = &page.muted_list[1];
    assert_eq!(aiden.nickname, None);
    assert_eq!(aiden.remaining_duration, Some(21_435_000));
    assert_eq!(aiden.start_at, Some(UnixMillis(1_542_701_388_000)));
    assert_eq!(aiden.end_at, Some(UnixMillis(1_542_722_823_000)));
    assert_eq!(page.total_mute_count, Some(2));
    assert_eq!(page.next.as_deref(), Some(""));
}

#[tokio::test]
async fn mute_user_in_group_channel_sends_every_field() {
    let server = MockServer::start().await;
    sendbird_call("POST", &channel_path("/mute"))
        .and(NoQuery)
        .and(body_json(json!({
            "user_id": "Kelly",
            "seconds": 600,
            "description": "Cool down"
        })))
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .chat()
        .group_channels()
        .mute_user_in_group_channel(CHANNEL)
        .user_id("Kelly")
        .seconds(600)
        .description("Cool down")
        .send()
        .await
        .expect("mute_user_in_group_channel succeeds");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn view_group_channel_mute_decodes_the_mute() {
    let server = MockServer::start().await;
    sendbird_call("GET", &channel_path("/mute/Kelly"))
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

    let mute = client(&server)
        .chat()
        .group_channels()
        .view_group_channel_mute(CHANNEL, "Kelly")
        .send()
        .await
        .expect("view_group_channel_mute succeeds");
    assert!(mute.is_muted);
    assert_eq!(mute.remaining_duration, Some(38_126_218));
    assert_eq!(mute.start_at, Some(UnixMillis(1_543_287_589_000)));
    assert_eq!(mute.end_at, Some(UnixMillis(1_543_331_132_000)));
    assert_eq!(mute.description.as_deref(), Some("too many messages"));
}

#[tokio::test]
async fn unmute_user_in_group_channel_accepts_an_empty_object() {
    let server = MockServer::start().await;
    sendbird_call("DELETE", &channel_path("/mute/Kelly"))
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .chat()
        .group_channels()
        .unmute_user_in_group_channel(CHANNEL, "Kelly")
        .send()
        .await
        .expect("unmute_user_in_group_channel succeeds");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

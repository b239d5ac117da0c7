//! Wire tests of the Chat `messages` and `scheduled_messages` operations: each one sends
//! exactly the expected method, path, query, headers and body to a loopback mock server,
//! and decodes a realistic response (with unknown fields and `null`s) into typed values.
//!
//! The client's Chat base URL is overridden with `http://127.0.0.1:<port>/v3`, so the
//! mock sees the same `/v3/...` paths as Sendbird does.

use std::collections::BTreeMap;

use sendbird_platform::generated::chat::messages::{ListMessagesAnchor, SearchMessagesScope};
use sendbird_platform::generated::chat::types::{
    ChannelType, Message, MessageKind, MessageMentionType, MessageMetaArray, MessageMetaArrayMode,
    MessageOperatorFilter, MessageReplyTypeFilter, MessageSearchSortField, ReactionOperation,
    ScheduledMessage, ScheduledMessageOrder, ScheduledMessageStatus,
};
use sendbird_platform::{Client, Error, RetryPolicy, UnixMillis, UploadFile};
use serde_json::{json, Value};
use wiremock::matchers::{any, body_json, header, header_regex, method, path, query_param};
use wiremock::{Match, Mock, MockBuilder, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "test-master-api-token-0123456789";
const JSON_CONTENT_TYPE: &str = "application/json; charset=utf8";
const MULTIPART_CONTENT_TYPE: &str =
    r"^multipart/form-data; boundary=[0-9A-Za-z'()+_,./:=?-]{1,70}$";

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

/// A mock for a multipart call: method, exact path, the token header and a
/// `multipart/form-data` content type with a boundary.
fn multipart_call(http_method: &str, wire_path: &str) -> MockBuilder {
    Mock::given(method(http_method))
        .and(path(wire_path))
        .and(header("Api-Token", TOKEN))
        .and(header_regex("Content-Type", MULTIPART_CONTENT_TYPE))
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

/// Matches the request's raw (still percent-encoded) query pairs exactly, in any order.
struct ExactQuery(Vec<(String, String)>);

fn exact_query(pairs: &[(&str, &str)]) -> ExactQuery {
    ExactQuery(
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
    )
}

impl Match for ExactQuery {
    fn matches(&self, request: &Request) -> bool {
        let mut actual: Vec<(String, String)> = request
            .url
            .query()
            .map(|query| {
                query
                    .split('&')
                    .map(|pair| match pair.split_once('=') {
                        Some((k, v)) => (k.to_owned(), v.to_owned()),
                        None => (pair.to_owned(), String::new()),
                    })
                    .collect()
            })
            .unwrap_or_default();
        actual.sort();
        let mut expected = self.0.clone();
        expected.sort();
        actual == expected
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

/// An extra data item for request builders.
fn meta(key: &str, values: &[&str]) -> MessageMetaArray {
    let mut item = MessageMetaArray::default();
    item.key = key.to_owned();
    item.value = values.iter().map(|v| (*v).to_owned()).collect();
    item
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| (*v).to_owned()).collect()
}

/// A text message as Sendbird returns it, with `null`s (`data`, `parent_message_info`)
/// and fields this client does not know (`message_events`, `files`).
fn user_message_json(message_id: i64, channel_url: &str, text: &str) -> Value {
    json!({
        "type": "MESG",
        "message_id": message_id,
        "message": text,
        "data": null,
        "custom_type": "greeting",
        "channel_url": channel_url,
        "channel_type": "group",
        "created_at": 1_700_000_001_000_i64,
        "updated_at": 0,
        "user": {
            "user_id": "ann",
            "nickname": "Ann",
            "profile_url": "https://sendbird.example/profiles/ann.png",
            "metadata": {"team": "support"},
            "role": "operator",
            "is_active": true
        },
        "mention_type": "users",
        "mentioned_users": [{"user_id": "bob", "nickname": "Bob", "profile_url": ""}],
        "is_removed": false,
        "is_op_msg": true,
        "silent": false,
        "message_survival_seconds": -1,
        "sorted_metaarray": [{"key": "labels", "value": ["urgent", "billing"]}],
        "reactions": [{"key": "smile", "user_ids": ["bob", "cy"], "updated_at": 1_700_000_002_000_i64}],
        "thread_info": {
            "reply_count": 2,
            "last_replied_at": 1_700_000_003_000_i64,
            "most_replies": [{"user_id": "bob"}],
            "updated_at": 1_700_000_003_000_i64
        },
        "parent_message_id": 0,
        "parent_message_info": null,
        "is_reply_to_channel": false,
        "req_id": "",
        "translations": {"es": "Hola", "ko": "안녕하세요"},
        "og_tag": {"og:title": "Sendbird", "og:url": "https://sendbird.com"},
        "message_retention_hour": -1,
        "message_events": {"send_push_notification": "receivers", "update_unread_count": true},
        "files": []
    })
}

/// A file message with thumbnails, a `null` (`file.custom`) and unknown fields.
fn file_message_json(message_id: i64, channel_url: &str) -> Value {
    json!({
        "type": "FILE",
        "message_id": message_id,
        "file": {
            "name": "invoice.pdf",
            "url": "https://sendbird.example/files/invoice.pdf",
            "type": "application/pdf",
            "size": 48_213,
            "data": "invoice of March",
            "custom": null
        },
        "thumbnails": [{
            "url": "https://sendbird.example/files/invoice_240.png",
            "plain_url": "https://sendbird.example/files/invoice_240_plain.png",
            "width": 240,
            "height": 240,
            "real_width": 180,
            "real_height": 240
        }],
        "require_auth": false,
        "custom_type": "invoice",
        "channel_url": channel_url,
        "created_at": 1_700_000_004_000_i64,
        "updated_at": 0,
        "user": {"user_id": "ann", "nickname": "Ann", "profile_url": null},
        "mention_type": "users",
        "mentioned_users": [],
        "is_removed": false,
        "silent": false,
        "is_op_msg": false,
        "message_retention_hour": -1
    })
}

/// An admin message, without a sender.
fn admin_message_json(message_id: i64, channel_url: &str, text: &str) -> Value {
    json!({
        "type": "ADMM",
        "message_id": message_id,
        "message": text,
        "data": "",
        "custom_type": "notice",
        "channel_url": channel_url,
        "created_at": 1_700_000_005_000_i64,
        "updated_at": 0,
        "mention_type": "channel",
        "mentioned_users": [],
        "is_removed": false,
        "silent": true,
        "is_op_msg": false,
        "translations": {}
    })
}

/// A scheduled message, with `null`s and an unknown field (`channel_type`).
fn scheduled_message_json(id: i64, status: &str) -> Value {
    json!({
        "scheduled_message_id": id,
        "type": "MESG",
        "message": "Standup in 5 minutes",
        "channel_url": "team_channel",
        "channel_type": "group",
        "sender_id": "ann",
        "scheduled_status": status,
        "scheduled_at": 1_700_003_600_000_i64,
        "created_at": 1_700_000_000_000_i64,
        "sent_at": 0,
        "custom_type": "reminder",
        "data": null,
        "send_push": true,
        "mention_type": "users",
        "mentioned_users": [{"user_id": "bob", "nickname": "Bob"}],
        "is_silent": false,
        "mark_as_read": true,
        "sorted_metaarray": [{"key": "topic", "value": ["standup"]}],
        "apns_bundle_id": null,
        "sound": null,
        "volume": 1.0
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
fn parse_multipart(request: &Request) -> Vec<FormPart> {
    let content_type = request.headers["content-type"].to_str().unwrap();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("multipart content type with a boundary");
    let body = &request.body;
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

/// The text parts of a multipart body by name, and its file parts apart.
fn text_parts(parts: &[FormPart]) -> BTreeMap<String, String> {
    parts
        .iter()
        .filter(|p| p.filename.is_none())
        .map(|p| {
            (
                p.name.clone(),
                String::from_utf8(p.data.clone()).expect("UTF-8 text part"),
            )
        })
        .collect()
}

/// The single recorded request of a test.
async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "exactly one request");
    requests.remove(0)
}

// ---------------------------------------------------------------------------------------
// messages: listing, sending, viewing, updating, deleting
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn list_messages_sends_the_anchor_and_every_filter() {
    let server = MockServer::start().await;
    let unknown_kind = json!({"type": "POLL", "message_id": 9, "poll": {"id": 3}});
    sendbird_call("GET", "/v3/group_channels/team_channel/messages")
        .and(NoBody)
        .and(query_param("message_ts", "1700000000000"))
        .and(exact_query(&[
            ("message_ts", "1700000000000"),
            ("prev_limit", "20"),
            ("next_limit", "0"),
            ("include", "false"),
            ("reverse", "true"),
            ("sender_id", "ann"),
            ("sender_ids", "ann,bob%20jr"),
            ("operator_filter", "nonoperator"),
            ("custom_type", "greeting"),
            ("custom_types", "greeting,notice"),
            ("message_type", "MESG"),
            ("including_removed", "true"),
            ("include_reactions", "true"),
            ("include_reply_type", "ONLY_REPLY_TO_CHANNEL"),
            ("include_parent_message_info", "true"),
            ("include_thread_info", "true"),
            ("include_poll_details", "false"),
            ("with_sorted_meta_array", "true"),
            ("with_meta_array", "false"),
            ("show_subchannel_messages_only", "false"),
            ("user_id", "ann%40example.com"),
        ]))
        .respond_with(ok(json!({
            "messages": [
                user_message_json(101, "team_channel", "Hello"),
                file_message_json(102, "team_channel"),
                admin_message_json(103, "team_channel", "Maintenance at 02:00"),
                unknown_kind.clone()
            ],
            "ts": 1_700_000_009_000_i64
        })))
        .expect(1)
        .mount(&server)
        .await;
    // The other anchor: a message id.
    sendbird_call("GET", "/v3/open_channels/lobby/messages")
        .and(NoBody)
        .and(exact_query(&[("message_id", "101"), ("prev_limit", "5")]))
        .respond_with(ok(json!({"messages": []})))
        .expect(1)
        .mount(&server)
        .await;

    let messages = client(&server).chat().messages();
    let page = messages
        .list_messages(
            ChannelType::GroupChannels,
            "team_channel",
            ListMessagesAnchor::MessageTs(UnixMillis(1_700_000_000_000)),
        )
        .prev_limit(20)
        .next_limit(0)
        .include(false)
        .reverse(true)
        .sender_id("ann")
        .sender_ids(["ann", "bob jr"])
        .operator_filter(MessageOperatorFilter::Nonoperator)
        .custom_type("greeting")
        .custom_types(["greeting", "notice"])
        .message_type(MessageKind::Mesg)
        .including_removed(true)
        .include_reactions(true)
        .include_reply_type(MessageReplyTypeFilter::OnlyReplyToChannel)
        .include_parent_message_info(true)
        .include_thread_info(true)
        .include_poll_details(false)
        .with_sorted_meta_array(true)
        .with_meta_array(false)
        .show_subchannel_messages_only(false)
        .user_id("ann@example.com")
        .send()
        .await
        .expect("list_messages succeeds");

    assert_eq!(page.messages.len(), 4);
    match &page.messages[0] {
        Message::UserMessage(m) => {
            assert_eq!(m.r#type, "MESG");
            assert_eq!(m.message_id, 101);
            assert_eq!(m.message.as_deref(), Some("Hello"));
            assert_eq!(m.data, None, "`null` decodes to None");
            assert_eq!(m.custom_type.as_deref(), Some("greeting"));
            assert_eq!(m.channel_url.as_deref(), Some("team_channel"));
            assert_eq!(m.channel_type.as_deref(), Some("group"));
            assert_eq!(m.created_at, Some(UnixMillis(1_700_000_001_000)));
            assert_eq!(m.updated_at, Some(UnixMillis(0)));
            let sender = m.user.as_ref().expect("sender");
            assert_eq!(sender.user_id, "ann");
            assert_eq!(sender.nickname.as_deref(), Some("Ann"));
            assert_eq!(
                sender.metadata,
                Some(BTreeMap::from([("team".to_owned(), "support".to_owned())]))
            );
            assert_eq!(m.mention_type, Some(MessageMentionType::Users));
            let mentioned = m.mentioned_users.as_ref().expect("mentioned users");
            assert_eq!(mentioned.len(), 1);
            assert_eq!(mentioned[0].user_id, "bob");
            assert_eq!(mentioned[0].profile_url.as_deref(), Some(""));
            assert_eq!(m.is_removed, Some(false));
            assert_eq!(m.is_op_msg, Some(true));
            assert_eq!(m.silent, Some(false));
            assert_eq!(m.message_survival_seconds, Some(-1));
            let items = m.sorted_metaarray.as_ref().expect("extra data");
            assert_eq!(items, &vec![meta("labels", &["urgent", "billing"])]);
            let reactions = m.reactions.as_ref().expect("reactions");
            assert_eq!(reactions[0].key, "smile");
            assert_eq!(reactions[0].user_ids, Some(strings(&["bob", "cy"])));
            assert_eq!(reactions[0].updated_at, Some(UnixMillis(1_700_000_002_000)));
            let thread = m.thread_info.as_ref().expect("thread info");
            assert_eq!(thread.reply_count, Some(2));
            assert_eq!(thread.last_replied_at, Some(UnixMillis(1_700_000_003_000)));
            assert_eq!(thread.most_replies.as_ref().unwrap()[0].user_id, "bob");
            assert_eq!(m.parent_message_id, Some(0));
            assert_eq!(m.parent_message_info, None);
            assert_eq!(m.is_reply_to_channel, Some(false));
            assert_eq!(m.req_id.as_deref(), Some(""));
            assert_eq!(
                m.translations,
                Some(BTreeMap::from([
                    ("es".to_owned(), "Hola".to_owned()),
                    ("ko".to_owned(), "안녕하세요".to_owned()),
                ]))
            );
            assert_eq!(m.og_tag.as_ref().unwrap()["og:title"], "Sendbird");
        }
        other => panic!("expected a text message, got {other:?}"),
    }
    match &page.messages[1] {
        Message::FileMessage(m) => {
            assert_eq!(m.message_id, 102);
            assert_eq!(m.file.name.as_deref(), Some("invoice.pdf"));
            assert_eq!(m.file.url, "https://sendbird.example/files/invoice.pdf");
            assert_eq!(m.file.r#type.as_deref(), Some("application/pdf"));
            assert_eq!(m.file.size, Some(48_213));
            assert_eq!(m.file.data.as_deref(), Some("invoice of March"));
            assert_eq!(m.file.custom, None);
            let thumbnails = m.thumbnails.as_ref().expect("thumbnails");
            assert_eq!(thumbnails.len(), 1);
            assert_eq!(
                thumbnails[0].url,
                "https://sendbird.example/files/invoice_240.png"
            );
            assert_eq!(
                thumbnails[0].plain_url.as_deref(),
                Some("https://sendbird.example/files/invoice_240_plain.png")
            );
            assert_eq!(thumbnails[0].width, Some(240));
            assert_eq!(thumbnails[0].real_width, Some(180));
            assert_eq!(thumbnails[0].real_height, Some(240));
            assert_eq!(m.require_auth, Some(false));
            assert_eq!(m.custom_type.as_deref(), Some("invoice"));
            assert_eq!(m.user.as_ref().unwrap().profile_url, None);
            assert_eq!(m.mentioned_users, Some(Vec::new()));
        }
        other => panic!("expected a file message, got {other:?}"),
    }
    match &page.messages[2] {
        Message::AdminMessage(m) => {
            assert_eq!(m.message_id, 103);
            assert_eq!(m.message.as_deref(), Some("Maintenance at 02:00"));
            assert_eq!(m.data.as_deref(), Some(""));
            assert_eq!(m.custom_type.as_deref(), Some("notice"));
            assert_eq!(m.mention_type, Some(MessageMentionType::Channel));
            assert_eq!(m.silent, Some(true));
            assert_eq!(m.created_at, Some(UnixMillis(1_700_000_005_000)));
        }
        other => panic!("expected an admin message, got {other:?}"),
    }
    match &page.messages[3] {
        Message::Unknown(value) => assert_eq!(value, &unknown_kind),
        other => panic!("expected an unknown message, got {other:?}"),
    }

    let by_id = messages
        .list_messages(
            ChannelType::OpenChannels,
            "lobby",
            ListMessagesAnchor::MessageId(101),
        )
        .prev_limit(5)
        .send()
        .await
        .expect("list_messages by id succeeds");
    assert!(by_id.messages.is_empty());
}

#[tokio::test]
async fn list_messages_rejects_a_limit_out_of_range_before_sending() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ok(json!({"messages": []})))
        .expect(0)
        .mount(&server)
        .await;

    let error = client(&server)
        .chat()
        .messages()
        .list_messages(
            ChannelType::GroupChannels,
            "team_channel",
            ListMessagesAnchor::MessageTs(UnixMillis(0)),
        )
        .next_limit(201)
        .send()
        .await
        .expect_err("next_limit is at most 200");
    match &error {
        Error::InvalidRequest { operation, message } => {
            assert_eq!(*operation, "chat.messages.list_messages");
            assert!(message.contains("`next_limit`"), "{message}");
        }
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    assert_no_requests(server.received_requests().await);
}

#[tokio::test]
async fn send_user_message_sends_a_mesg_json_body() {
    let server = MockServer::start().await;
    sendbird_call("POST", "/v3/group_channels/team_channel/messages")
        .and(NoQuery)
        .and(body_json(json!({
            "message_type": "MESG",
            "user_id": "ann",
            "message": "Hello, team",
            "custom_type": "greeting",
            "data": "{\"font\":\"bold\"}",
            "send_push": false,
            "mention_type": "users",
            "mentioned_user_ids": ["bob", "cy"],
            "is_silent": false,
            "mark_as_read": true,
            "sorted_metaarray": [{"key": "labels", "value": ["urgent"]}],
            "created_at": 1_690_000_000_000_i64,
            "dedup_id": "legacy-42",
            "apns_bundle_id": "com.example.chat",
            "sound": "alarm.caf",
            "volume": 0.5,
            "poll_id": 77,
            "pin_message": true
        })))
        .respond_with(ok(user_message_json(201, "team_channel", "Hello, team")))
        .expect(1)
        .mount(&server)
        .await;

    let message = client(&server)
        .chat()
        .messages()
        .send_user_message(ChannelType::GroupChannels, "team_channel")
        .user_id("ann")
        .message("Hello, team")
        .custom_type("greeting")
        .data("{\"font\":\"bold\"}")
        .send_push(false)
        .mention_type(MessageMentionType::Users)
        .mentioned_user_ids(["bob", "cy"])
        .is_silent(false)
        .mark_as_read(true)
        .sorted_metaarray([meta("labels", &["urgent"])])
        .created_at(UnixMillis(1_690_000_000_000))
        .dedup_id("legacy-42")
        .apns_bundle_id("com.example.chat")
        .sound("alarm.caf")
        .volume(0.5)
        .poll_id(77)
        .pin_message(true)
        .send()
        .await
        .expect("send_user_message succeeds");

    match message {
        Message::UserMessage(m) => {
            assert_eq!(m.message_id, 201);
            assert_eq!(m.message.as_deref(), Some("Hello, team"));
            assert_eq!(m.user.unwrap().user_id, "ann");
        }
        other => panic!("expected a text message, got {other:?}"),
    }
}

#[tokio::test]
async fn send_user_message_without_its_text_fails_before_sending() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ok(json!({})))
        .expect(0)
        .mount(&server)
        .await;

    let messages = client(&server).chat().messages();
    let error = messages
        .send_user_message(ChannelType::GroupChannels, "team_channel")
        .user_id("ann")
        .send()
        .await
        .expect_err("message is required");
    assert!(
        matches!(&error, Error::InvalidRequest { message, .. } if message.contains("`message`")),
        "{error:?}"
    );
    assert_no_requests(server.received_requests().await);
}

#[tokio::test]
async fn send_file_message_sends_json_with_a_url_and_multipart_with_a_file() {
    let server = MockServer::start().await;
    sendbird_call("POST", "/v3/open_channels/lobby/messages")
        .and(NoQuery)
        .and(body_json(json!({
            "message_type": "FILE",
            "user_id": "ann",
            "url": "https://files.example/invoice.pdf",
            "file_name": "invoice.pdf",
            "file_size": 48_213,
            "file_type": "application/pdf",
            "thumbnails": ["https://files.example/invoice_240.png"],
            "require_auth": false,
            "custom_type": "invoice",
            "custom_field": "invoice of March",
            "send_push": true,
            "mention_type": "channel",
            "is_silent": false,
            "mark_as_read": false,
            "sorted_metaarray": [{"key": "month", "value": ["03"]}],
            "created_at": 1_690_000_000_000_i64,
            "dedup_id": "legacy-43",
            "apns_bundle_id": "com.example.chat",
            "sound": "alarm.caf",
            "volume": 1.0,
            "pin_message": false
        })))
        .respond_with(ok(file_message_json(301, "lobby")))
        .expect(1)
        .mount(&server)
        .await;
    multipart_call("POST", "/v3/group_channels/team_channel/messages")
        .and(NoQuery)
        .respond_with(ok(file_message_json(302, "team_channel")))
        .expect(1)
        .mount(&server)
        .await;

    let messages = client(&server).chat().messages();
    let by_url = messages
        .send_file_message(ChannelType::OpenChannels, "lobby")
        .user_id("ann")
        .url("https://files.example/invoice.pdf")
        .file_name("invoice.pdf")
        .file_size(48_213)
        .file_type("application/pdf")
        .thumbnails(["https://files.example/invoice_240.png"])
        .require_auth(false)
        .custom_type("invoice")
        .custom_field("invoice of March")
        .send_push(true)
        .mention_type(MessageMentionType::Channel)
        .is_silent(false)
        .mark_as_read(false)
        .sorted_metaarray([meta("month", &["03"])])
        .created_at(UnixMillis(1_690_000_000_000))
        .dedup_id("legacy-43")
        .apns_bundle_id("com.example.chat")
        .sound("alarm.caf")
        .volume(1.0)
        .pin_message(false)
        .send()
        .await
        .expect("send_file_message by URL succeeds");
    match by_url {
        Message::FileMessage(m) => {
            assert_eq!(m.message_id, 301);
            assert_eq!(m.channel_url.as_deref(), Some("lobby"));
        }
        other => panic!("expected a file message, got {other:?}"),
    }

    // A PNG signature: not UTF-8, so the file bytes must travel untouched.
    let png: Vec<u8> = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec();
    let uploaded = messages
        .send_file_message(ChannelType::GroupChannels, "team_channel")
        .user_id("ann")
        .file(UploadFile::new("chart.png", png.clone()).content_type("image/png"))
        .file_name("chart.png")
        .file_size(14)
        .require_auth(true)
        .custom_type("chart")
        .send()
        .await
        .expect("send_file_message with an upload succeeds");
    match uploaded {
        Message::FileMessage(m) => assert_eq!(m.message_id, 302),
        other => panic!("expected a file message, got {other:?}"),
    }

    let requests = server.received_requests().await.unwrap();
    let upload = requests
        .iter()
        .find(|r| r.url.path().ends_with("/team_channel/messages"))
        .expect("the upload request");
    let parts = parse_multipart(upload);
    assert_eq!(
        text_parts(&parts),
        BTreeMap::from([
            ("custom_type".to_owned(), "chart".to_owned()),
            ("file_name".to_owned(), "chart.png".to_owned()),
            ("file_size".to_owned(), "14".to_owned()),
            ("message_type".to_owned(), "FILE".to_owned()),
            ("require_auth".to_owned(), "true".to_owned()),
            ("user_id".to_owned(), "ann".to_owned()),
        ])
    );
    let files: Vec<&FormPart> = parts.iter().filter(|p| p.filename.is_some()).collect();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].name, "file");
    assert_eq!(files[0].filename.as_deref(), Some("chart.png"));
    assert_eq!(files[0].content_type.as_deref(), Some("image/png"));
    assert_eq!(files[0].data, png);
}

#[tokio::test]
async fn send_admin_message_sends_an_admm_json_body() {
    let server = MockServer::start().await;
    sendbird_call("POST", "/v3/open_channels/lobby/messages")
        .and(NoQuery)
        .and(body_json(json!({
            "message_type": "ADMM",
            "message": "Maintenance at 02:00",
            "custom_type": "notice",
            "data": "",
            "send_push": true,
            "mention_type": "channel",
            "mentioned_user_ids": [],
            "is_silent": true,
            "sorted_metaarray": [],
            "created_at": 1_700_000_005_000_i64,
            "dedup_id": "notice-1",
            "pin_message": true
        })))
        .respond_with(ok(admin_message_json(401, "lobby", "Maintenance at 02:00")))
        .expect(1)
        .mount(&server)
        .await;

    let message = client(&server)
        .chat()
        .messages()
        .send_admin_message(ChannelType::OpenChannels, "lobby")
        .message("Maintenance at 02:00")
        .custom_type("notice")
        .data("")
        .send_push(true)
        .mention_type(MessageMentionType::Channel)
        .mentioned_user_ids(Vec::<String>::new())
        .is_silent(true)
        .sorted_metaarray([])
        .created_at(UnixMillis(1_700_000_005_000))
        .dedup_id("notice-1")
        .pin_message(true)
        .send()
        .await
        .expect("send_admin_message succeeds");

    match message {
        Message::AdminMessage(m) => {
            assert_eq!(m.r#type, "ADMM");
            assert_eq!(m.message_id, 401);
            assert_eq!(m.message.as_deref(), Some("Maintenance at 02:00"));
            assert_eq!(m.custom_type.as_deref(), Some("notice"));
            assert_eq!(m.silent, Some(true));
        }
        other => panic!("expected an admin message, got {other:?}"),
    }
}

#[tokio::test]
async fn view_message_encodes_the_channel_url_and_sends_the_flags() {
    let server = MockServer::start().await;
    sendbird_call(
        "GET",
        "/v3/group_channels/team%2Fchannel%20one/messages/102",
    )
    .and(NoBody)
    .and(exact_query(&[
        ("include_reactions", "true"),
        ("include_thread_info", "false"),
        ("include_parent_message_info", "true"),
        ("include_poll_details", "true"),
        ("with_sorted_meta_array", "true"),
        ("with_meta_array", "false"),
    ]))
    .respond_with(ok(file_message_json(102, "team/channel one")))
    .expect(1)
    .mount(&server)
    .await;

    let message = client(&server)
        .chat()
        .messages()
        .view_message(ChannelType::GroupChannels, "team/channel one", 102)
        .include_reactions(true)
        .include_thread_info(false)
        .include_parent_message_info(true)
        .include_poll_details(true)
        .with_sorted_meta_array(true)
        .with_meta_array(false)
        .send()
        .await
        .expect("view_message succeeds");

    match message {
        Message::FileMessage(m) => {
            assert_eq!(m.message_id, 102);
            assert_eq!(m.channel_url.as_deref(), Some("team/channel one"));
            assert_eq!(m.file.size, Some(48_213));
        }
        other => panic!("expected a file message, got {other:?}"),
    }
}

#[tokio::test]
async fn update_user_message_sends_a_mesg_json_body() {
    let server = MockServer::start().await;
    sendbird_call("PUT", "/v3/group_channels/team_channel/messages/101")
        .and(NoQuery)
        .and(body_json(json!({
            "message_type": "MESG",
            "message": "Hello again",
            "custom_type": "greeting",
            "data": "edited",
            "mention_type": "users",
            "mentioned_user_ids": ["cy"]
        })))
        .respond_with(ok({
            let mut message = user_message_json(101, "team_channel", "Hello again");
            message["updated_at"] = json!(1_700_000_010_000_i64);
            message["data"] = json!("edited");
            message
        }))
        .expect(1)
        .mount(&server)
        .await;

    let message = client(&server)
        .chat()
        .messages()
        .update_user_message(ChannelType::GroupChannels, "team_channel", 101)
        .message("Hello again")
        .custom_type("greeting")
        .data("edited")
        .mention_type(MessageMentionType::Users)
        .mentioned_user_ids(["cy"])
        .send()
        .await
        .expect("update_user_message succeeds");

    match message {
        Message::UserMessage(m) => {
            assert_eq!(m.message.as_deref(), Some("Hello again"));
            assert_eq!(m.data.as_deref(), Some("edited"));
            assert_eq!(m.updated_at, Some(UnixMillis(1_700_000_010_000)));
        }
        other => panic!("expected a text message, got {other:?}"),
    }
}

#[tokio::test]
async fn update_file_message_sends_a_file_json_body() {
    let server = MockServer::start().await;
    sendbird_call("PUT", "/v3/open_channels/lobby/messages/301")
        .and(NoQuery)
        .and(body_json(json!({
            "message_type": "FILE",
            "custom_type": "receipt",
            "data": "paid",
            "mention_type": "users",
            "mentioned_user_ids": ["bob"]
        })))
        .respond_with(ok({
            let mut message = file_message_json(301, "lobby");
            message["custom_type"] = json!("receipt");
            message
        }))
        .expect(1)
        .mount(&server)
        .await;

    let message = client(&server)
        .chat()
        .messages()
        .update_file_message(ChannelType::OpenChannels, "lobby", 301)
        .custom_type("receipt")
        .data("paid")
        .mention_type(MessageMentionType::Users)
        .mentioned_user_ids(["bob"])
        .send()
        .await
        .expect("update_file_message succeeds");

    match message {
        Message::FileMessage(m) => {
            assert_eq!(m.message_id, 301);
            assert_eq!(m.custom_type.as_deref(), Some("receipt"));
        }
        other => panic!("expected a file message, got {other:?}"),
    }
}

#[tokio::test]
async fn update_admin_message_sends_an_admm_json_body() {
    let server = MockServer::start().await;
    sendbird_call("PUT", "/v3/group_channels/team_channel/messages/103")
        .and(NoQuery)
        .and(body_json(json!({
            "message_type": "ADMM",
            "message": "Maintenance moved to 03:00",
            "custom_type": "notice",
            "data": "{\"moved\":true}"
        })))
        .respond_with(ok(admin_message_json(
            103,
            "team_channel",
            "Maintenance moved to 03:00",
        )))
        .expect(1)
        .mount(&server)
        .await;

    let message = client(&server)
        .chat()
        .messages()
        .update_admin_message(ChannelType::GroupChannels, "team_channel", 103)
        .message("Maintenance moved to 03:00")
        .custom_type("notice")
        .data("{\"moved\":true}")
        .send()
        .await
        .expect("update_admin_message succeeds");

    match message {
        Message::AdminMessage(m) => {
            assert_eq!(m.message_id, 103);
            assert_eq!(m.message.as_deref(), Some("Maintenance moved to 03:00"));
        }
        other => panic!("expected an admin message, got {other:?}"),
    }
}

#[tokio::test]
async fn delete_message_sends_a_bare_delete() {
    let server = MockServer::start().await;
    sendbird_call(
        "DELETE",
        "/v3/open_channels/lobby/messages/9007199254740993",
    )
    .and(NoQuery)
    .and(NoBody)
    .respond_with(ok(json!({})))
    .expect(1)
    .mount(&server)
    .await;

    client(&server)
        .chat()
        .messages()
        .delete_message(ChannelType::OpenChannels, "lobby", 9_007_199_254_740_993)
        .send()
        .await
        .expect("delete_message succeeds");
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "DELETE");
}

#[tokio::test]
async fn get_total_message_count_decodes_the_total() {
    let server = MockServer::start().await;
    sendbird_call(
        "GET",
        "/v3/group_channels/team_channel/messages/total_count",
    )
    .and(NoQuery)
    .and(NoBody)
    .respond_with(ok(json!({"total": 12_345, "ts": null})))
    .expect(1)
    .mount(&server)
    .await;

    let count = client(&server)
        .chat()
        .messages()
        .get_total_message_count(ChannelType::GroupChannels, "team_channel")
        .send()
        .await
        .expect("get_total_message_count succeeds");
    assert_eq!(count.total, 12_345);
}

// ---------------------------------------------------------------------------------------
// messages: read and delivery state
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn get_unread_message_counts_sends_user_ids_and_decodes_the_map() {
    let server = MockServer::start().await;
    sendbird_call(
        "GET",
        "/v3/group_channels/team_channel/messages/unread_count",
    )
    .and(NoBody)
    .and(exact_query(&[("user_ids", "ann,bob")]))
    .respond_with(ok(json!({"unread": {"ann": 3, "bob": 0}})))
    .expect(1)
    .mount(&server)
    .await;

    let counts = client(&server)
        .chat()
        .messages()
        .get_unread_message_counts("team_channel")
        .user_ids(["ann", "bob"])
        .send()
        .await
        .expect("get_unread_message_counts succeeds");
    assert_eq!(
        counts.unread,
        BTreeMap::from([("ann".to_owned(), 3), ("bob".to_owned(), 0)])
    );
}

#[tokio::test]
async fn mark_all_messages_as_read_sends_the_user_and_time() {
    let server = MockServer::start().await;
    sendbird_call(
        "PUT",
        "/v3/group_channels/team_channel/messages/mark_as_read",
    )
    .and(NoQuery)
    .and(body_json(
        json!({"user_id": "ann", "timestamp": 1_700_000_004_000_i64}),
    ))
    .respond_with(ok(json!({})))
    .expect(1)
    .mount(&server)
    .await;

    client(&server)
        .chat()
        .messages()
        .mark_all_messages_as_read("team_channel")
        .user_id("ann")
        .timestamp(UnixMillis(1_700_000_004_000))
        .send()
        .await
        .expect("mark_all_messages_as_read succeeds");
    assert_eq!(only_request(&server).await.method.as_str(), "PUT");
}

#[tokio::test]
#[allow(deprecated)]
async fn mark_messages_as_read_uses_the_2016_channel_type_path() {
    let server = MockServer::start().await;
    sendbird_call("PUT", "/v3/open_channels/lobby/messages/mark_as_read")
        .and(NoQuery)
        .and(body_json(json!({"user_id": "ann"})))
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .chat()
        .messages()
        .mark_messages_as_read(ChannelType::OpenChannels, "lobby")
        .user_id("ann")
        .send()
        .await
        .expect("mark_messages_as_read succeeds");
    assert_eq!(
        only_request(&server).await.url.path(),
        "/v3/open_channels/lobby/messages/mark_as_read"
    );
}

#[tokio::test]
async fn mark_all_messages_as_delivered_decodes_the_time() {
    let server = MockServer::start().await;
    sendbird_call(
        "PUT",
        "/v3/group_channels/team_channel/messages/mark_as_delivered",
    )
    .and(NoQuery)
    .and(body_json(json!({"user_id": "bob"})))
    .respond_with(ok(json!({"ts": 1_700_000_006_000_i64})))
    .expect(1)
    .mount(&server)
    .await;

    let delivered = client(&server)
        .chat()
        .messages()
        .mark_all_messages_as_delivered("team_channel")
        .user_id("bob")
        .send()
        .await
        .expect("mark_all_messages_as_delivered succeeds");
    assert_eq!(delivered.ts, Some(UnixMillis(1_700_000_006_000)));
}

// ---------------------------------------------------------------------------------------
// messages: reactions
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn list_message_reactions_decodes_users_or_counts_by_key() {
    let server = MockServer::start().await;
    sendbird_call(
        "GET",
        "/v3/group_channels/team_channel/messages/101/reactions",
    )
    .and(NoBody)
    .and(exact_query(&[("list_users", "true")]))
    .respond_with(ok(json!({"smile": ["bob", "cy"], "thumbs_up": ["ann"]})))
    .expect(1)
    .mount(&server)
    .await;
    sendbird_call(
        "GET",
        "/v3/group_channels/team_channel/messages/101/reactions",
    )
    .and(NoBody)
    .and(exact_query(&[("list_users", "false")]))
    .respond_with(ok(json!({"smile": 2, "thumbs_up": 1})))
    .expect(1)
    .mount(&server)
    .await;

    let messages = client(&server).chat().messages();
    let users = messages
        .list_message_reactions(ChannelType::GroupChannels, "team_channel", 101)
        .list_users(true)
        .send()
        .await
        .expect("list_message_reactions with users succeeds");
    assert_eq!(
        users,
        BTreeMap::from([
            ("smile".to_owned(), json!(["bob", "cy"])),
            ("thumbs_up".to_owned(), json!(["ann"])),
        ])
    );
    let counts = messages
        .list_message_reactions(ChannelType::GroupChannels, "team_channel", 101)
        .list_users(false)
        .send()
        .await
        .expect("list_message_reactions with counts succeeds");
    assert_eq!(counts["smile"], json!(2));
    assert_eq!(counts["thumbs_up"].as_i64(), Some(1));
}

#[tokio::test]
async fn add_message_reaction_sends_the_user_and_key() {
    let server = MockServer::start().await;
    sendbird_call(
        "POST",
        "/v3/group_channels/team_channel/messages/101/reactions",
    )
    .and(NoQuery)
    .and(body_json(json!({"user_id": "bob", "reaction": "smile"})))
    .respond_with(ok(json!({
        "reaction": "smile",
        "user_id": "bob",
        "operation": "ADD",
        "success": true,
        "msg_id": 101,
        "updated_at": 1_700_000_007_000_i64,
        "channel_url": "team_channel"
    })))
    .expect(1)
    .mount(&server)
    .await;

    let update = client(&server)
        .chat()
        .messages()
        .add_message_reaction(ChannelType::GroupChannels, "team_channel", 101)
        .user_id("bob")
        .reaction("smile")
        .send()
        .await
        .expect("add_message_reaction succeeds");
    assert_eq!(update.reaction, "smile");
    assert_eq!(update.user_id.as_deref(), Some("bob"));
    assert_eq!(update.operation, Some(ReactionOperation::Add));
    assert_eq!(update.success, Some(true));
    assert_eq!(update.msg_id, Some(101));
    assert_eq!(update.updated_at, Some(UnixMillis(1_700_000_007_000)));
}

#[tokio::test]
async fn remove_message_reaction_sends_the_user_and_key_as_query() {
    let server = MockServer::start().await;
    sendbird_call(
        "DELETE",
        "/v3/group_channels/team_channel/messages/101/reactions",
    )
    .and(NoBody)
    .and(exact_query(&[
        ("user_id", "bob%40example.com"),
        ("reaction", "thumbs%20up"),
    ]))
    .respond_with(ok(json!({
        "reaction": "thumbs up",
        "user_id": "bob@example.com",
        "operation": "DELETE",
        "success": true,
        "msg_id": 101,
        "updated_at": null
    })))
    .expect(1)
    .mount(&server)
    .await;

    let update = client(&server)
        .chat()
        .messages()
        .remove_message_reaction(ChannelType::GroupChannels, "team_channel", 101)
        .user_id("bob@example.com")
        .reaction("thumbs up")
        .send()
        .await
        .expect("remove_message_reaction succeeds");
    assert_eq!(update.reaction, "thumbs up");
    assert_eq!(update.operation, Some(ReactionOperation::Delete));
    assert_eq!(update.updated_at, None);
}

// ---------------------------------------------------------------------------------------
// messages: extra data
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn add_message_extra_data_sends_the_items() {
    let server = MockServer::start().await;
    sendbird_call(
        "POST",
        "/v3/open_channels/lobby/messages/101/sorted_metaarray",
    )
    .and(NoQuery)
    .and(body_json(json!({
        "sorted_metaarray": [
            {"key": "labels", "value": ["urgent", "billing"]},
            {"key": "owner", "value": ["ann"]}
        ]
    })))
    .respond_with(ok(json!({
        "sorted_metaarray": [
            {"key": "labels", "value": ["urgent", "billing"]},
            {"key": "owner", "value": ["ann"]}
        ]
    })))
    .expect(1)
    .mount(&server)
    .await;

    let items = client(&server)
        .chat()
        .messages()
        .add_message_extra_data(ChannelType::OpenChannels, "lobby", 101)
        .sorted_metaarray([
            meta("labels", &["urgent", "billing"]),
            meta("owner", &["ann"]),
        ])
        .send()
        .await
        .expect("add_message_extra_data succeeds");
    assert_eq!(
        items.sorted_metaarray,
        vec![
            meta("labels", &["urgent", "billing"]),
            meta("owner", &["ann"])
        ]
    );
}

#[tokio::test]
async fn update_message_extra_data_sends_the_mode_and_upsert() {
    let server = MockServer::start().await;
    sendbird_call(
        "PUT",
        "/v3/group_channels/team_channel/messages/101/sorted_metaarray",
    )
    .and(NoQuery)
    .and(body_json(json!({
        "sorted_metaarray": [{"key": "labels", "value": ["billing"]}],
        "mode": "remove",
        "upsert": false
    })))
    .respond_with(ok(json!({
        "sorted_metaarray": [{"key": "labels", "value": ["urgent"]}]
    })))
    .expect(1)
    .mount(&server)
    .await;

    let items = client(&server)
        .chat()
        .messages()
        .update_message_extra_data(ChannelType::GroupChannels, "team_channel", 101)
        .sorted_metaarray([meta("labels", &["billing"])])
        .mode(MessageMetaArrayMode::Remove)
        .upsert(false)
        .send()
        .await
        .expect("update_message_extra_data succeeds");
    assert_eq!(items.sorted_metaarray, vec![meta("labels", &["urgent"])]);
}

#[tokio::test]
async fn remove_message_extra_data_sends_the_keys() {
    let server = MockServer::start().await;
    sendbird_call(
        "DELETE",
        "/v3/group_channels/team_channel/messages/101/sorted_metaarray",
    )
    .and(NoBody)
    .and(exact_query(&[("keys", "labels,owner%20id")]))
    .respond_with(ok(json!({})))
    .expect(1)
    .mount(&server)
    .await;

    client(&server)
        .chat()
        .messages()
        .remove_message_extra_data(ChannelType::GroupChannels, "team_channel", 101)
        .keys(["labels", "owner id"])
        .send()
        .await
        .expect("remove_message_extra_data succeeds");
    assert_eq!(only_request(&server).await.method.as_str(), "DELETE");
}

// ---------------------------------------------------------------------------------------
// messages: translation, pins, search
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn translate_message_sends_the_languages_and_decodes_the_translations() {
    let server = MockServer::start().await;
    sendbird_call(
        "POST",
        "/v3/group_channels/team_channel/messages/101/translation",
    )
    .and(NoQuery)
    .and(body_json(json!({"target_langs": ["es", "ko"]})))
    .respond_with(ok(user_message_json(101, "team_channel", "Hello")))
    .expect(1)
    .mount(&server)
    .await;

    let message = client(&server)
        .chat()
        .messages()
        .translate_message(ChannelType::GroupChannels, "team_channel", 101)
        .target_langs(["es", "ko"])
        .send()
        .await
        .expect("translate_message succeeds");
    match message {
        Message::UserMessage(m) => {
            let translations = m.translations.expect("translations");
            assert_eq!(translations["es"], "Hola");
            assert_eq!(translations["ko"], "안녕하세요");
        }
        other => panic!("expected a text message, got {other:?}"),
    }
}

#[tokio::test]
async fn pin_message_sends_a_bare_post() {
    let server = MockServer::start().await;
    sendbird_call("POST", "/v3/group_channels/team_channel/messages/101/pin")
        .and(NoQuery)
        .and(NoBody)
        // Whatever the body, the operation succeeds on a 2xx.
        .respond_with(ok(
            json!({"channel_url": "team_channel", "pinned_message_ids": [101]}),
        ))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .chat()
        .messages()
        .pin_message(ChannelType::GroupChannels, "team_channel", 101)
        .send()
        .await
        .expect("pin_message succeeds");
    assert_eq!(only_request(&server).await.method.as_str(), "POST");
}

#[tokio::test]
async fn unpin_message_sends_a_bare_delete() {
    let server = MockServer::start().await;
    sendbird_call("DELETE", "/v3/group_channels/team_channel/messages/101/pin")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .chat()
        .messages()
        .unpin_message(ChannelType::GroupChannels, "team_channel", 101)
        .send()
        .await
        .expect("unpin_message succeeds with an empty body");
    assert_eq!(only_request(&server).await.method.as_str(), "DELETE");
}

#[tokio::test]
async fn search_messages_sends_exactly_one_scope_and_the_filters() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/search/messages")
        .and(NoBody)
        .and(exact_query(&[
            ("channel_url", "team_channel"),
            ("query", "invoice%20march"),
            ("limit", "20"),
            ("exact_match", "true"),
            ("advanced_query", "false"),
            ("synonym", "false"),
            ("sort_field", "score"),
            ("reverse", "true"),
            ("message_ts_from", "1690000000000"),
            ("message_ts_to", "1700000000000"),
            ("target_user_ids", "ann,bob"),
            ("after", "Y3Vyc29y%2B%2F%3D"),
        ]))
        .respond_with(ok(json!({
            "results": [
                user_message_json(101, "team_channel", "The invoice of March"),
                file_message_json(102, "team_channel")
            ],
            "total_count": 2,
            "has_next": false,
            "end_cursor": ""
        })))
        .expect(1)
        .mount(&server)
        .await;
    sendbird_call("GET", "/v3/search/messages")
        .and(NoBody)
        .and(exact_query(&[
            ("user_id", "ann"),
            ("query", "standup"),
            ("custom_type", "team"),
            ("before", "b2xk"),
        ]))
        .respond_with(ok(json!({
            "results": [],
            "total_count": 0,
            "has_next": false,
            "end_cursor": null
        })))
        .expect(1)
        .mount(&server)
        .await;

    let messages = client(&server).chat().messages();
    let found = messages
        .search_messages(SearchMessagesScope::ChannelUrl("team_channel".to_owned()))
        .query("invoice march")
        .limit(20)
        .exact_match(true)
        .advanced_query(false)
        .synonym(false)
        .sort_field(MessageSearchSortField::Score)
        .reverse(true)
        .message_ts_from(UnixMillis(1_690_000_000_000))
        .message_ts_to(UnixMillis(1_700_000_000_000))
        .target_user_ids(["ann", "bob"])
        .after("Y3Vyc29y+/=")
        .send()
        .await
        .expect("search_messages in a channel succeeds");
    assert_eq!(found.results.len(), 2);
    assert!(matches!(&found.results[0], Message::UserMessage(m) if m.message_id == 101));
    assert!(matches!(&found.results[1], Message::FileMessage(m) if m.message_id == 102));
    assert_eq!(found.total_count, Some(2));
    assert_eq!(found.has_next, Some(false));
    assert_eq!(found.end_cursor.as_deref(), Some(""));

    let none = messages
        .search_messages(SearchMessagesScope::UserId("ann".to_owned()))
        .query("standup")
        .custom_type("team")
        .before("b2xk")
        .send()
        .await
        .expect("search_messages of a user succeeds");
    assert!(none.results.is_empty());
    assert_eq!(none.end_cursor, None);
}

// ---------------------------------------------------------------------------------------
// scheduled_messages
// ---------------------------------------------------------------------------------------

fn assert_standup(message: &ScheduledMessage, id: i64, status: ScheduledMessageStatus) {
    assert_eq!(message.scheduled_message_id, id);
    assert_eq!(message.r#type, Some(MessageKind::Mesg));
    assert_eq!(message.message.as_deref(), Some("Standup in 5 minutes"));
    assert_eq!(message.channel_url.as_deref(), Some("team_channel"));
    assert_eq!(message.sender_id.as_deref(), Some("ann"));
    assert_eq!(message.scheduled_status, Some(status));
    assert_eq!(message.scheduled_at, Some(UnixMillis(1_700_003_600_000)));
    assert_eq!(message.created_at, Some(UnixMillis(1_700_000_000_000)));
    assert_eq!(message.sent_at, Some(UnixMillis(0)));
    assert_eq!(message.custom_type.as_deref(), Some("reminder"));
    assert_eq!(message.data, None);
    assert_eq!(message.send_push, Some(true));
    assert_eq!(message.mention_type, Some(MessageMentionType::Users));
    assert_eq!(
        message.mentioned_users.as_ref().unwrap()[0]
            .nickname
            .as_deref(),
        Some("Bob")
    );
    assert_eq!(message.is_silent, Some(false));
    assert_eq!(message.mark_as_read, Some(true));
    assert_eq!(
        message.sorted_metaarray,
        Some(vec![meta("topic", &["standup"])])
    );
    assert_eq!(message.apns_bundle_id, None);
    assert_eq!(message.volume, Some(1.0));
}

#[tokio::test]
async fn list_scheduled_messages_sends_every_filter() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/scheduled_messages")
        .and(NoBody)
        .and(exact_query(&[
            ("channel_type", "group_channels"),
            ("channel_url", "team_channel"),
            ("sender_id", "ann"),
            ("token", "cGFnZTI%3D"),
            ("limit", "50"),
            ("order", "scheduled_at"),
            ("reverse", "true"),
            ("status", "in_queue"),
            ("message_type", "FILE"),
        ]))
        .respond_with(ok(json!({
            "scheduled_messages": [
                scheduled_message_json(10_001, "pending"),
                scheduled_message_json(10_002, "postponed")
            ],
            "next": ""
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server)
        .chat()
        .scheduled_messages()
        .list_scheduled_messages()
        .channel_type(ChannelType::GroupChannels)
        .channel_url("team_channel")
        .sender_id("ann")
        .token("cGFnZTI=")
        .limit(50)
        .order(ScheduledMessageOrder::ScheduledAt)
        .reverse(true)
        .status(ScheduledMessageStatus::InQueue)
        .message_type(MessageKind::File)
        .send()
        .await
        .expect("list_scheduled_messages succeeds");

    assert_eq!(page.scheduled_messages.len(), 2);
    assert_standup(
        &page.scheduled_messages[0],
        10_001,
        ScheduledMessageStatus::Pending,
    );
    // A status this client does not know is kept as sent.
    assert_eq!(
        page.scheduled_messages[1].scheduled_status,
        Some(ScheduledMessageStatus::Unknown("postponed".to_owned()))
    );
    assert_eq!(page.next.as_deref(), Some(""));
}

#[tokio::test]
async fn count_scheduled_messages_sends_the_filters() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/scheduled_messages/count")
        .and(NoBody)
        .and(exact_query(&[
            ("channel_type", "group_channels"),
            ("channel_url", "team_channel"),
            ("sender_id", "ann"),
            ("status", "pending"),
            ("message_type", "MESG"),
        ]))
        .respond_with(ok(json!({"count": 7})))
        .expect(1)
        .mount(&server)
        .await;

    let count = client(&server)
        .chat()
        .scheduled_messages()
        .count_scheduled_messages()
        .channel_type(ChannelType::GroupChannels)
        .channel_url("team_channel")
        .sender_id("ann")
        .status(ScheduledMessageStatus::Pending)
        .message_type(MessageKind::Mesg)
        .send()
        .await
        .expect("count_scheduled_messages succeeds");
    assert_eq!(count.count, 7);
}

#[tokio::test]
async fn create_scheduled_message_sends_a_json_body() {
    let server = MockServer::start().await;
    sendbird_call("POST", "/v3/group_channels/team_channel/scheduled_messages")
        .and(NoQuery)
        .and(body_json(json!({
            "message_type": "MESG",
            "scheduled_at": 1_700_003_600_000_i64,
            "user_id": "ann",
            "message": "Standup in 5 minutes",
            "custom_type": "reminder",
            "data": "{}",
            "send_push": true,
            "mention_type": "users",
            "mentioned_user_ids": ["bob"],
            "is_silent": false,
            "mark_as_read": true,
            "sorted_metaarray": [{"key": "topic", "value": ["standup"]}],
            "dedup_id": "standup-2023-11-14",
            "apns_bundle_id": "com.example.chat",
            "sound": "chime.caf",
            "volume": 0.25
        })))
        .respond_with(ok(scheduled_message_json(10_001, "pending")))
        .expect(1)
        .mount(&server)
        .await;

    let scheduled = client(&server)
        .chat()
        .scheduled_messages()
        .create_scheduled_message("team_channel")
        .message_type(MessageKind::Mesg)
        .scheduled_at(UnixMillis(1_700_003_600_000))
        .user_id("ann")
        .message("Standup in 5 minutes")
        .custom_type("reminder")
        .data("{}")
        .send_push(true)
        .mention_type(MessageMentionType::Users)
        .mentioned_user_ids(["bob"])
        .is_silent(false)
        .mark_as_read(true)
        .sorted_metaarray([meta("topic", &["standup"])])
        .dedup_id("standup-2023-11-14")
        .apns_bundle_id("com.example.chat")
        .sound("chime.caf")
        .volume(0.25)
        .send()
        .await
        .expect("create_scheduled_message succeeds");
    assert_standup(&scheduled, 10_001, ScheduledMessageStatus::Pending);
}

#[tokio::test]
async fn view_scheduled_message_decodes_a_file_message() {
    let server = MockServer::start().await;
    sendbird_call(
        "GET",
        "/v3/group_channels/team_channel/scheduled_messages/10003",
    )
    .and(NoQuery)
    .and(NoBody)
    .respond_with(ok(json!({
        "scheduled_message_id": 10_003,
        "type": "FILE",
        "file": {
            "url": "https://sendbird.example/files/agenda.pdf",
            "name": "agenda.pdf",
            "type": "application/pdf",
            "size": 1_024,
            "require_auth": false
        },
        "channel_url": "team_channel",
        "sender_id": "ann",
        "scheduled_status": "sent",
        "scheduled_at": 1_700_003_600_000_i64,
        "created_at": 1_700_000_000_000_i64,
        "sent_at": 1_700_003_600_420_i64,
        "message": null
    })))
    .expect(1)
    .mount(&server)
    .await;

    let scheduled = client(&server)
        .chat()
        .scheduled_messages()
        .view_scheduled_message("team_channel", 10_003)
        .send()
        .await
        .expect("view_scheduled_message succeeds");
    assert_eq!(scheduled.scheduled_message_id, 10_003);
    assert_eq!(scheduled.r#type, Some(MessageKind::File));
    assert_eq!(scheduled.message, None);
    let file = scheduled.file.expect("file");
    assert_eq!(
        file.url.as_deref(),
        Some("https://sendbird.example/files/agenda.pdf")
    );
    assert_eq!(file.name.as_deref(), Some("agenda.pdf"));
    assert_eq!(file.r#type.as_deref(), Some("application/pdf"));
    assert_eq!(file.size, Some(1_024));
    assert_eq!(
        scheduled.scheduled_status,
        Some(ScheduledMessageStatus::Sent)
    );
    assert_eq!(scheduled.sent_at, Some(UnixMillis(1_700_003_600_420)));
}

#[tokio::test]
async fn update_scheduled_message_uploads_a_new_file_as_multipart() {
    let server = MockServer::start().await;
    multipart_call(
        "POST",
        "/v3/group_channels/team_channel/scheduled_messages/10003",
    )
    .and(NoQuery)
    .respond_with(ok({
        let mut message = scheduled_message_json(10_003, "pending");
        message["type"] = json!("FILE");
        message["scheduled_at"] = json!(1_700_007_200_000_i64);
        message
    }))
    .expect(1)
    .mount(&server)
    .await;

    let pdf = b"%PDF-1.7\n\xe2\xe3\xcf\xd3\n".to_vec();
    let scheduled = client(&server)
        .chat()
        .scheduled_messages()
        .update_scheduled_message("team_channel", 10_003)
        .message_type(MessageKind::File)
        .scheduled_at(UnixMillis(1_700_007_200_000))
        .custom_type("agenda")
        .send_push(false)
        .file(UploadFile::new("agenda v2.pdf", pdf.clone()).content_type("application/pdf"))
        .send()
        .await
        .expect("update_scheduled_message succeeds");
    assert_eq!(scheduled.scheduled_message_id, 10_003);
    assert_eq!(scheduled.r#type, Some(MessageKind::File));
    assert_eq!(scheduled.scheduled_at, Some(UnixMillis(1_700_007_200_000)));

    let request = only_request(&server).await;
    let parts = parse_multipart(&request);
    assert_eq!(
        text_parts(&parts),
        BTreeMap::from([
            ("custom_type".to_owned(), "agenda".to_owned()),
            ("message_type".to_owned(), "FILE".to_owned()),
            ("scheduled_at".to_owned(), "1700007200000".to_owned()),
            ("send_push".to_owned(), "false".to_owned()),
        ])
    );
    let file = parts
        .iter()
        .find(|p| p.filename.is_some())
        .expect("a file part");
    assert_eq!(file.name, "file");
    assert_eq!(file.filename.as_deref(), Some("agenda v2.pdf"));
    assert_eq!(file.content_type.as_deref(), Some("application/pdf"));
    assert_eq!(file.data, pdf);
}

#[tokio::test]
async fn cancel_scheduled_message_sends_a_bare_delete() {
    let server = MockServer::start().await;
    sendbird_call(
        "DELETE",
        "/v3/group_channels/team_channel/scheduled_messages/10001",
    )
    .and(NoQuery)
    .and(NoBody)
    .respond_with(ok(json!({})))
    .expect(1)
    .mount(&server)
    .await;

    client(&server)
        .chat()
        .scheduled_messages()
        .cancel_scheduled_message("team_channel", 10_001)
        .send()
        .await
        .expect("cancel_scheduled_message succeeds");
    assert_eq!(only_request(&server).await.method.as_str(), "DELETE");
}

#[tokio::test]
async fn send_scheduled_message_now_sends_a_bare_post() {
    let server = MockServer::start().await;
    sendbird_call(
        "POST",
        "/v3/group_channels/team_channel/scheduled_messages/10001/send_now",
    )
    .and(NoQuery)
    .and(NoBody)
    .respond_with(ok(json!({})))
    .expect(1)
    .mount(&server)
    .await;

    client(&server)
        .chat()
        .scheduled_messages()
        .send_scheduled_message_now(ChannelType::GroupChannels, "team_channel", 10_001)
        .send()
        .await
        .expect("send_scheduled_message_now succeeds");
    assert_eq!(
        only_request(&server).await.url.path(),
        "/v3/group_channels/team_channel/scheduled_messages/10001/send_now"
    );
}

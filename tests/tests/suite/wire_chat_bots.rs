//! Wire tests of the Chat `bots` operations: each one sends exactly the expected
//! method, path, query, headers and body to a loopback mock server, and decodes a
//! realistic response (with unknown fields and `null`s) into typed values.
//!
//! The client's Chat base URL is overridden with `http://127.0.0.1:<port>/v3`, so the
//! mock sees the same `/v3/bots/...` paths as Sendbird does.

use std::collections::BTreeMap;

use futures::TryStreamExt;
use sendbird_platform::generated::chat::types::{Bot, BotExtendedMessagePayload, Message};
use sendbird_platform::{Client, Error, RetryPolicy, UnixMillis, UnixSeconds};
use serde_json::{json, Value};
use wiremock::matchers::{any, body_json, header, method, path};
use wiremock::{Match, Mock, MockBuilder, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "test-master-api-token-bots-0123456789";
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

/// A mock for a JSON call: method, exact (still percent-encoded) path, the token
/// header and the JSON headers the runtime sends. Tests add query and body matchers.
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

/// A bot resource as Sendbird returns it, with a `null` (`show_member`) and fields this
/// client does not know (`ai`, `created_at` inside `bot`).
fn bot_json(bot_userid: &str, nickname: &str) -> Value {
    json!({
        "bot": {
            "bot_token": format!("{bot_userid}-secret-token"),
            "bot_userid": bot_userid,
            "bot_nickname": nickname,
            "bot_profile_url": format!("https://bots.example/{bot_userid}.png"),
            "bot_type": "helper",
            "bot_metadata": {"team": "support"},
            "created_at": 1_700_000_000_000_i64
        },
        "bot_callback_url": "https://bots.example/callback",
        "enable_mark_as_read": true,
        "is_privacy_mode": false,
        "show_member": null,
        "channel_invitation_preference": 0,
        "ai": {"backend": "none"}
    })
}

fn assert_helper_bot(bot: &Bot, bot_userid: &str, nickname: &str) {
    assert_eq!(bot.bot.bot_userid, bot_userid);
    assert_eq!(bot.bot.bot_nickname.as_deref(), Some(nickname));
    assert_eq!(
        bot.bot.bot_profile_url.as_deref(),
        Some(format!("https://bots.example/{bot_userid}.png").as_str())
    );
    assert_eq!(bot.bot.bot_type.as_deref(), Some("helper"));
    assert_eq!(
        bot.bot.bot_token.as_deref(),
        Some(format!("{bot_userid}-secret-token").as_str())
    );
    assert_eq!(
        bot.bot.bot_metadata,
        Some(BTreeMap::from([("team".to_owned(), "support".to_owned())]))
    );
    assert_eq!(
        bot.bot_callback_url.as_deref(),
        Some("https://bots.example/callback")
    );
    assert_eq!(bot.enable_mark_as_read, Some(true));
    assert_eq!(bot.is_privacy_mode, Some(false));
    assert_eq!(bot.show_member, None, "`null` decodes to None");
    assert_eq!(bot.channel_invitation_preference, Some(0));
}

// ---------------------------------------------------------------------------------------
// One test per operation
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn list_bots_sends_token_and_limit_and_pages_through_every_bot() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/bots")
        .and(NoBody)
        .and(exact_query(&[("limit", "2")]))
        .respond_with(ok(json!({
            "bots": [bot_json("helper_bot", "Helper"), bot_json("gif_bot", "GIFs")],
            "next": "cursor/2+=="
        })))
        .expect(1)
        .mount(&server)
        .await;
    sendbird_call("GET", "/v3/bots")
        .and(NoBody)
        .and(exact_query(&[
            ("token", "cursor%2F2%2B%3D%3D"),
            ("limit", "2"),
        ]))
        .respond_with(ok(
            json!({"bots": [bot_json("quiz_bot", "Quiz")], "next": ""}),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let bots = client(&server).chat().bots();
    let all: Vec<Bot> = bots
        .list_bots()
        .limit(2)
        .into_stream()
        .try_collect()
        .await
        .expect("every page loads");

    let ids: Vec<&str> = all.iter().map(|b| b.bot.bot_userid.as_str()).collect();
    assert_eq!(ids, ["helper_bot", "gif_bot", "quiz_bot"]);
    assert_helper_bot(&all[0], "helper_bot", "Helper");
    assert_eq!(all[2].bot.bot_nickname.as_deref(), Some("Quiz"));
}

#[tokio::test]
async fn create_bot_sends_every_field() {
    let server = MockServer::start().await;
    sendbird_call("POST", "/v3/bots")
        .and(NoQuery)
        .and(body_json(json!({
            "bot_userid": "helper_bot",
            "bot_nickname": "Helper",
            "bot_profile_url": "https://bots.example/helper_bot.png",
            "bot_type": "helper",
            "bot_callback_url": "https://bots.example/callback",
            "is_privacy_mode": false,
            "enable_mark_as_read": true,
            "show_member": false,
            "channel_invitation_preference": 1
        })))
        .respond_with(ok(bot_json("helper_bot", "Helper")))
        .expect(1)
        .mount(&server)
        .await;

    let bot = client(&server)
        .chat()
        .bots()
        .create_bot()
        .bot_userid("helper_bot")
        .bot_nickname("Helper")
        .bot_profile_url("https://bots.example/helper_bot.png")
        .bot_type("helper")
        .bot_callback_url("https://bots.example/callback")
        .is_privacy_mode(false)
        .enable_mark_as_read(true)
        .show_member(false)
        .channel_invitation_preference(1)
        .send()
        .await
        .expect("create_bot succeeds");
    assert_helper_bot(&bot, "helper_bot", "Helper");
}

#[tokio::test]
async fn create_bot_checks_required_fields_and_ranges_before_sending() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ok(bot_json("helper_bot", "Helper")))
        .expect(0)
        .mount(&server)
        .await;
    let bots = client(&server).chat().bots();

    let error = bots
        .create_bot()
        .bot_userid("helper_bot")
        .bot_nickname("Helper")
        .bot_profile_url("")
        .bot_callback_url("https://bots.example/callback")
        .is_privacy_mode(true)
        .send()
        .await
        .expect_err("bot_type is required");
    match &error {
        Error::InvalidRequest { operation, message } => {
            assert_eq!(*operation, "chat.bots.create_bot");
            assert!(message.contains("`bot_type`"), "{message}");
        }
        other => panic!("expected InvalidRequest, got {other:?}"),
    }

    let error = bots
        .create_bot()
        .bot_userid("helper_bot")
        .bot_nickname("Helper")
        .bot_profile_url("")
        .bot_type("helper")
        .bot_callback_url("https://bots.example/callback")
        .is_privacy_mode(true)
        .channel_invitation_preference(2)
        .send()
        .await
        .expect_err("channel_invitation_preference is 0 or 1");
    assert!(
        matches!(&error, Error::InvalidRequest { message, .. } if message.contains("channel_invitation_preference")),
        "{error:?}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn view_bot_encodes_the_id_and_decodes_the_bot() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/bots/helper%20bot%2F1")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(bot_json("helper bot/1", "Helper")))
        .expect(1)
        .mount(&server)
        .await;

    let bot = client(&server)
        .chat()
        .bots()
        .view_bot("helper bot/1")
        .send()
        .await
        .expect("view_bot succeeds");
    assert_helper_bot(&bot, "helper bot/1", "Helper");
}

#[tokio::test]
async fn update_bot_puts_only_the_fields_set() {
    let server = MockServer::start().await;
    sendbird_call("PUT", "/v3/bots/helper_bot")
        .and(NoQuery)
        .and(body_json(json!({
            "bot_nickname": "Helper 2",
            "bot_profile_url": "https://bots.example/helper_2.png",
            "bot_callback_url": "https://bots.example/v2/callback",
            "is_privacy_mode": true,
            "enable_mark_as_read": false,
            "show_member": true,
            "channel_invitation_preference": 1
        })))
        .respond_with(ok(json!({
            "bot": {"bot_userid": "helper_bot", "bot_nickname": "Helper 2", "bot_token": "t"},
            "bot_callback_url": "https://bots.example/v2/callback",
            "enable_mark_as_read": false,
            "is_privacy_mode": true,
            "show_member": true,
            "channel_invitation_preference": 1
        })))
        .expect(1)
        .mount(&server)
        .await;

    let bot = client(&server)
        .chat()
        .bots()
        .update_bot("helper_bot")
        .bot_nickname("Helper 2")
        .bot_profile_url("https://bots.example/helper_2.png")
        .bot_callback_url("https://bots.example/v2/callback")
        .is_privacy_mode(true)
        .enable_mark_as_read(false)
        .show_member(true)
        .channel_invitation_preference(1)
        .send()
        .await
        .expect("update_bot succeeds");
    assert_eq!(bot.bot.bot_userid, "helper_bot");
    assert_eq!(bot.bot.bot_nickname.as_deref(), Some("Helper 2"));
    assert_eq!(bot.bot.bot_profile_url, None);
    assert_eq!(bot.bot.bot_metadata, None);
    assert_eq!(
        bot.bot_callback_url.as_deref(),
        Some("https://bots.example/v2/callback")
    );
    assert_eq!(bot.enable_mark_as_read, Some(false));
    assert_eq!(bot.is_privacy_mode, Some(true));
    assert_eq!(bot.show_member, Some(true));
    assert_eq!(bot.channel_invitation_preference, Some(1));
}

#[tokio::test]
#[allow(deprecated)]
async fn update_bot_with_post_uses_the_2016_method_and_shape() {
    let server = MockServer::start().await;
    sendbird_call("POST", "/v3/bots/helper_bot")
        .and(NoQuery)
        .and(body_json(json!({
            "bot_nickname": "Helper Bot",
            "bot_profile_url": "https://bots.example/helper.png",
            "bot_callback_url": "https://yourdomain.example/sendbird_bot",
            "is_privacy_mode": true,
            "show_member": true
        })))
        // The 2016 response: no `enable_mark_as_read`, no invitation preference.
        .respond_with(ok(json!({
            "bot": {
                "bot_token": "BOT_TOKEN",
                "bot_userid": "helper_bot",
                "bot_nickname": "Helper Bot",
                "bot_profile_url": "https://bots.example/helper.png"
            },
            "bot_callback_url": "https://yourdomain.example/sendbird_bot",
            "is_privacy_mode": true,
            "show_member": true
        })))
        .expect(1)
        .mount(&server)
        .await;

    let bot = client(&server)
        .chat()
        .bots()
        .update_bot_with_post("helper_bot")
        .bot_nickname("Helper Bot")
        .bot_profile_url("https://bots.example/helper.png")
        .bot_callback_url("https://yourdomain.example/sendbird_bot")
        .is_privacy_mode(true)
        .show_member(true)
        .send()
        .await
        .expect("update_bot_with_post succeeds");
    assert_eq!(bot.bot.bot_userid, "helper_bot");
    assert_eq!(bot.bot.bot_token.as_deref(), Some("BOT_TOKEN"));
    assert_eq!(bot.is_privacy_mode, Some(true));
    assert_eq!(bot.show_member, Some(true));
    assert_eq!(bot.enable_mark_as_read, None);
    assert_eq!(bot.channel_invitation_preference, None);
}

#[tokio::test]
async fn delete_bot_sends_no_body_and_accepts_an_empty_object() {
    let server = MockServer::start().await;
    sendbird_call("DELETE", "/v3/bots/helper_bot")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .chat()
        .bots()
        .delete_bot("helper_bot")
        .send()
        .await
        .expect("delete_bot succeeds");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn send_bot_message_sends_every_field_and_decodes_the_message() {
    let server = MockServer::start().await;
    sendbird_call("POST", "/v3/bots/helper_bot/send")
        .and(NoQuery)
        .and(body_json(json!({
            "message": "Hello John, here's an answer",
            "channel_url": "support_channel",
            "custom_type": "answer",
            "data": "{\"score\":0.9}",
            "send_push": false,
            "mentioned": ["john", "jane"],
            "mark_as_read": false,
            "dedup_id": "answer-42",
            "created_at": 1_700_000_000_123_i64,
            "extended_message_payload": {
                "suggested_replies": ["Thanks", "Tell me more"],
                "custom_view": {"title": "Answer", "image": "https://bots.example/a.png"}
            },
            "target_message_id": 9_007_199_254_740_993_i64
        })))
        .respond_with(ok(json!({
            "message": {
                "type": "MESG",
                "message_id": 1_234_567_890_123_i64,
                "message": "Hello John, here's an answer",
                "data": "{\"score\":0.9}",
                "custom_type": "answer",
                "channel_url": "support_channel",
                "channel_type": "group",
                "created_at": 1_700_000_000_123_i64,
                "updated_at": 0,
                "user": {"user_id": "helper_bot", "nickname": "Helper", "profile_url": null, "role": ""},
                "message_events": {"send_push_notification": "receivers", "update_unread_count": true},
                "extended_message_payload": {"suggested_replies": ["Thanks", "Tell me more"]}
            }
        })))
        .expect(1)
        .mount(&server)
        .await;

    let mut payload = BotExtendedMessagePayload::default();
    payload.suggested_replies = Some(vec!["Thanks".to_owned(), "Tell me more".to_owned()]);
    payload.custom_view = Some(json!({"title": "Answer", "image": "https://bots.example/a.png"}));
    let sent = client(&server)
        .chat()
        .bots()
        .send_bot_message("helper_bot")
        .message("Hello John, here's an answer")
        .channel_url("support_channel")
        .custom_type("answer")
        .data("{\"score\":0.9}")
        .send_push(false)
        .mentioned(["john", "jane"])
        .mark_as_read(false)
        .dedup_id("answer-42")
        .created_at(UnixMillis(1_700_000_000_123))
        .extended_message_payload(payload)
        .target_message_id(9_007_199_254_740_993)
        .send()
        .await
        .expect("send_bot_message succeeds");

    let Message::UserMessage(message) = &sent.message else {
        panic!("expected a user message, got {:?}", sent.message);
    };
    assert_eq!(message.message_id, 1_234_567_890_123);
    assert_eq!(
        message.message.as_deref(),
        Some("Hello John, here's an answer")
    );
    assert_eq!(message.custom_type.as_deref(), Some("answer"));
    assert_eq!(message.channel_url.as_deref(), Some("support_channel"));
    assert_eq!(message.created_at, Some(UnixMillis(1_700_000_000_123)));
    let user = message.user.as_ref().expect("the sender");
    assert_eq!(user.user_id, "helper_bot");
    assert_eq!(user.nickname.as_deref(), Some("Helper"));
    assert_eq!(user.profile_url, None);
}

#[tokio::test]
async fn send_bot_message_requires_the_channel() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ok(json!({})))
        .expect(0)
        .mount(&server)
        .await;

    let error = client(&server)
        .chat()
        .bots()
        .send_bot_message("helper_bot")
        .message("Hi")
        .send()
        .await
        .expect_err("channel_url is required");
    assert!(
        matches!(&error, Error::InvalidRequest { operation: "chat.bots.send_bot_message", message } if message.contains("`channel_url`")),
        "{error:?}"
    );
}

#[tokio::test]
async fn make_bot_join_channels_sends_the_urls_and_decodes_the_channels() {
    let server = MockServer::start().await;
    sendbird_call("POST", "/v3/bots/helper_bot/channels")
        .and(NoQuery)
        .and(body_json(
            json!({"channel_urls": ["support_1", "support/2"]}),
        ))
        .respond_with(ok(json!({
            "channels": [
                {
                    "channel_url": "support_1",
                    "name": "Support 1",
                    "cover_url": "https://covers.example/1.png",
                    "data": "",
                    "custom_type": "support",
                    "created_at": 1_471_420_000,
                    "member_count": 3,
                    "is_distinct": false,
                    "sms_fallback": {"wait_seconds": 10}
                },
                {"channel_url": "support/2", "name": null, "data": "", "created_at": 1_471_420_001}
            ]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let joined = client(&server)
        .chat()
        .bots()
        .make_bot_join_channels("helper_bot")
        .channel_urls(["support_1", "support/2"])
        .send()
        .await
        .expect("make_bot_join_channels succeeds");
    assert_eq!(joined.channels.len(), 2);
    let first = &joined.channels[0];
    assert_eq!(first.channel_url, "support_1");
    assert_eq!(first.name.as_deref(), Some("Support 1"));
    assert_eq!(first.custom_type.as_deref(), Some("support"));
    assert_eq!(first.created_at, Some(UnixSeconds(1_471_420_000)));
    assert_eq!(first.member_count, Some(3));
    assert_eq!(first.is_distinct, Some(false));
    let second = &joined.channels[1];
    assert_eq!(second.channel_url, "support/2");
    assert_eq!(second.name, None);
    assert_eq!(second.created_at, Some(UnixSeconds(1_471_420_001)));
}

#[tokio::test]
async fn make_bot_leave_channels_leaves_all_or_the_one_named() {
    let server = MockServer::start().await;
    // Leaving every channel: no query at all, and Sendbird may answer with no body.
    sendbird_call("DELETE", "/v3/bots/helper_bot/channels")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    sendbird_call("DELETE", "/v3/bots/helper_bot/channels")
        .and(NoBody)
        .and(exact_query(&[("channel_url", "team%2Fsupport%201")]))
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    let bots = client(&server).chat().bots();
    bots.make_bot_leave_channels("helper_bot")
        .send()
        .await
        .expect("leaving every channel succeeds");
    bots.make_bot_leave_channels("helper_bot")
        .channel_url("team/support 1")
        .send()
        .await
        .expect("leaving one channel by query succeeds");
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn make_bot_leave_channel_puts_the_channel_in_the_path() {
    let server = MockServer::start().await;
    sendbird_call("DELETE", "/v3/bots/helper_bot/channels/team%2Fsupport")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .chat()
        .bots()
        .make_bot_leave_channel("helper_bot", "team/support")
        .send()
        .await
        .expect("make_bot_leave_channel succeeds");
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].url.path(),
        "/v3/bots/helper_bot/channels/team%2Fsupport"
    );
}

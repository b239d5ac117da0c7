//! Decoding that survives the real server (`api-spec/README.md`, "Decoding"): a value
//! of the wrong type in an optional field is `None` and the rest of the response is
//! kept; a message whose body does not decode is `Message::Unknown` with its JSON; a
//! required field missing or of the wrong type fails with `Error::Decode` naming its
//! JSON path. Each test goes through the public API against a loopback server.

use sendbird_platform::generated::chat::messages::ListMessagesAnchor;
use sendbird_platform::generated::chat::types::{
    ChannelType, ListMessagesResponse, Message, MessageMentionType, User,
};
use sendbird_platform::{Client, Error, RetryPolicy, UnixMillis, UnixSeconds};
use serde_json::{json, Value};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A server answering every request with `body`, and a client pointed at it.
async fn answering(body: Value) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    let client = Client::builder()
        .app_id("test-app")
        .api_token("test-master-api-token-0123456789")
        .base_url("chat", format!("{}/v3", server.uri()))
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("valid test client");
    (server, client)
}

fn user(id: &str) -> Value {
    json!({
        "user_id": id,
        "nickname": format!("{id} nick"),
        "profile_url": "https://example.com/p.png",
        "is_online": true,
        "last_seen_at": 1_700_000_000_000_i64,
        "created_at": 1_600_000_000,
        "discovery_keys": ["k1"],
        "metadata": {"team": "red"},
    })
}

async fn list_messages(body: Value) -> Result<ListMessagesResponse, Error> {
    let (_server, client) = answering(body).await;
    client
        .chat()
        .messages()
        .list_messages(
            ChannelType::GroupChannels,
            "c1",
            ListMessagesAnchor::MessageTs(UnixMillis(0)),
        )
        .send()
        .await
}

#[tokio::test]
async fn a_user_whose_metadata_is_a_string_keeps_the_page() {
    let mut odd = user("bob");
    odd["metadata"] = json!("{}");
    let (_server, client) = answering(json!({
        "users": [user("ann"), odd, user("cid")],
        "next": "cursor-2",
    }))
    .await;
    let page = client
        .chat()
        .users()
        .list_users()
        .send()
        .await
        .expect("the page decodes");
    assert_eq!(page.next.as_deref(), Some("cursor-2"));
    let ids: Vec<&str> = page.users.iter().map(|u| u.user_id.as_str()).collect();
    assert_eq!(ids, ["ann", "bob", "cid"]);
    let bob = &page.users[1];
    assert_eq!(bob.metadata, None);
    // Every other field of that user is intact.
    assert_eq!(bob.nickname.as_deref(), Some("bob nick"));
    assert_eq!(
        bob.profile_url.as_deref(),
        Some("https://example.com/p.png")
    );
    assert_eq!(bob.is_online, Some(true));
    assert_eq!(bob.last_seen_at, Some(UnixMillis(1_700_000_000_000)));
    assert_eq!(bob.created_at, Some(UnixSeconds(1_600_000_000)));
    assert_eq!(bob.discovery_keys, Some(vec!["k1".to_owned()]));
    for other in [&page.users[0], &page.users[2]] {
        assert_eq!(
            other.metadata.as_ref().map(|m| m["team"].as_str()),
            Some("red")
        );
    }
}

#[tokio::test]
async fn optional_fields_of_the_wrong_type_are_none_and_the_rest_decodes() {
    let (_server, client) = answering(json!({
        "user_id": "ann",
        "nickname": {"first": "Ann"},      // an object where a string is declared
        "is_online": "true",               // a string where a bool is
        "created_at": "1600000000",        // a string where a number is
        "last_seen_at": 1.5,               // a fraction where an integer is
        "unread_message_count": -1,
        "unread_channel_count": 18446744073709551615_u64, // does not fit an i64
        "discovery_keys": ["a", 1, null, "b"], // the items that fit are kept
        "metadata": {"a": "1", "b": 2},    // the entries that fit are kept
        "locale": "en",
        "session_tokens": "none",          // not a list at all
    }))
    .await;
    let user: User = client
        .chat()
        .users()
        .view_user("ann")
        .send()
        .await
        .expect("decodes");
    assert_eq!(user.user_id, "ann");
    assert_eq!(
        (
            user.nickname,
            user.is_online,
            user.created_at,
            user.last_seen_at
        ),
        (None, None, None, None)
    );
    assert_eq!(user.unread_message_count, Some(-1));
    assert_eq!(user.unread_channel_count, None);
    assert_eq!(
        user.discovery_keys,
        Some(vec!["a".to_owned(), "b".to_owned()])
    );
    let metadata = user.metadata.expect("an object");
    assert_eq!(metadata.keys().collect::<Vec<_>>(), ["a"]);
    assert_eq!(user.locale.as_deref(), Some("en"));
    assert_eq!(user.session_tokens, None);
}

#[tokio::test]
async fn a_message_that_does_not_decode_becomes_unknown_with_its_json() {
    let bad = json!({"type": "MESG", "message_id": "12", "message": "hi"});
    let new_kind = json!({"type": "POLL", "message_id": 14});
    let page = list_messages(json!({"messages": [
        {"type": "MESG", "message_id": 11, "message": "first"},
        bad,
        {"type": "FILE", "message_id": 13, "file": {"url": "https://example.com/a.png"}},
        {"type": "FILE", "message_id": 15, "file": {"name": "no url"}},
        new_kind,
        {"type": "ADMM", "message_id": 16, "message": "notice"},
    ]}))
    .await
    .expect("the page decodes");
    let messages = &page.messages;
    assert_eq!(messages.len(), 6);
    match &messages[0] {
        Message::UserMessage(m) => {
            assert_eq!((m.message_id, m.message.as_deref()), (11, Some("first")))
        }
        other => panic!("expected a user message, got {other:?}"),
    }
    // The known tag whose body does not fit: kept whole, and it says why.
    assert_eq!(messages[1], Message::Unknown(bad));
    let why = messages[1]
        .decode_error()
        .expect("a known tag that did not decode");
    assert!(
        why.starts_with("message_id: invalid type: string \"12\""),
        "{why}"
    );
    match &messages[2] {
        Message::FileMessage(m) => assert_eq!(m.file.url, "https://example.com/a.png"),
        other => panic!("expected a file message, got {other:?}"),
    }
    assert!(matches!(&messages[3], Message::Unknown(v) if v["message_id"] == 15));
    let why = messages[3].decode_error().expect("a FILE without its url");
    assert!(why.starts_with("file: missing field `url`"), "{why}");
    // An unknown kind is Unknown too, with no decode error: nothing went wrong.
    assert_eq!(messages[4], Message::Unknown(new_kind));
    assert_eq!(messages[4].decode_error(), None);
    assert!(matches!(&messages[5], Message::AdminMessage(m) if m.message_id == 16));
    assert_eq!(messages[5].decode_error(), None);
}

#[tokio::test]
async fn a_bad_item_of_an_optional_list_of_structs_is_left_out() {
    let page = list_messages(json!({"messages": [{
        "type": "MESG",
        "message_id": 1,
        "user": {"nickname": "no id"},     // an optional struct missing its required field
        "mention_type": 5,                 // an enum that is not a string
        "mentioned_users": [
            {"user_id": "a"},
            {"nickname": "no id"},
            "b",
            {"user_id": "c", "metadata": "{}"},
        ],
    }, {
        "type": "MESG",
        "message_id": 2,
        "user": {"user_id": "ann"},
        "mention_type": "channel",
        "mentioned_users": {"user_id": "a"}, // not a list: the field is None
    }]}))
    .await
    .expect("the page decodes");
    let [Message::UserMessage(first), Message::UserMessage(second)] = &page.messages[..] else {
        panic!("expected two user messages, got {:?}", page.messages);
    };
    assert_eq!(first.user, None);
    assert_eq!(first.mention_type, None);
    let mentioned: Vec<(&str, bool)> = first
        .mentioned_users
        .as_deref()
        .unwrap_or_default()
        .iter()
        .map(|u| (u.user_id.as_str(), u.metadata.is_some()))
        .collect();
    assert_eq!(mentioned, [("a", false), ("c", false)]);
    assert_eq!(
        second.user.as_ref().map(|u| u.user_id.as_str()),
        Some("ann")
    );
    assert_eq!(second.mention_type, Some(MessageMentionType::Channel));
    assert_eq!(second.mentioned_users, None);
}

#[tokio::test]
async fn a_required_field_missing_or_wrong_fails_naming_its_path() {
    let mut no_id = user("bob");
    no_id.as_object_mut().unwrap().remove("user_id");
    let (_server, client) = answering(json!({"users": [user("ann"), no_id]})).await;
    match client.chat().users().list_users().send().await {
        Err(Error::Decode {
            operation,
            path,
            message,
            ..
        }) => {
            assert_eq!(operation, "chat.users.list_users");
            assert_eq!(path, "users[1]");
            assert!(message.starts_with("missing field `user_id`"), "{message}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    let mut numeric_id = user("bob");
    numeric_id["user_id"] = json!(42);
    let (_server, client) = answering(json!({"users": [numeric_id]})).await;
    match client.chat().users().list_users().send().await {
        Err(Error::Decode { path, message, .. }) => {
            assert_eq!(path, "users[0].user_id");
            assert!(
                message.starts_with("invalid type: integer `42`"),
                "{message}"
            );
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    // A required list that is not a list is a broken response, not an empty page.
    let (_server, client) = answering(json!({"users": "{}"})).await;
    match client.chat().users().list_users().send().await {
        Err(Error::Decode { path, .. }) => assert_eq!(path, "users"),
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn an_optional_union_field_keeps_what_it_can() {
    // `last_message` of a channel is an optional `Message`: a body that does not
    // decode is still `Unknown` (never `None`), a value of no kind at all is `Unknown`
    // too, and `null` is `None`.
    let (_server, client) = answering(json!({
        "channel_url": "c1",
        "last_message": {"type": "MESG", "message_id": null},
    }))
    .await;
    let channel = client
        .chat()
        .group_channels()
        .view_group_channel("c1")
        .send()
        .await
        .expect("the channel decodes");
    let last = channel.last_message.expect("kept");
    assert!(matches!(&last, Message::Unknown(v) if v["type"] == "MESG"));
    assert!(last.decode_error().is_some());
}

/// A union writes its own tag: a variant built with `Default` (as a test fixture would
/// be) serializes with the variant's tag value and decodes back as the same variant.
#[test]
fn a_variant_built_with_default_round_trips_as_itself() {
    use sendbird_platform::generated::calls::types::{CallsWebhookEvent, RoomCreateEvent};
    use sendbird_platform::generated::chat::types::{
        AdminMessage, BotMessageNotificationEvent, ChatBotCallback, ChatWebhookEvent, FileMessage,
        GroupChannelCreateEvent, UserMessage,
    };

    fn round_trip<T>(value: T, tag: &str, expected: &str)
    where
        T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
    {
        let json = serde_json::to_value(&value).unwrap();
        assert_eq!(json[tag], expected, "{json}");
        let back: T = serde_json::from_value(json).unwrap();
        assert_eq!(back, value);
    }
    for (message, tag) in [
        (Message::UserMessage(UserMessage::default()), "MESG"),
        (Message::FileMessage(FileMessage::default()), "FILE"),
        (Message::AdminMessage(AdminMessage::default()), "ADMM"),
    ] {
        assert_eq!(message.tag(), Some(tag));
        assert_eq!(message.decode_error(), None);
        round_trip(message, "type", tag);
    }
    round_trip(
        ChatWebhookEvent::GroupChannelCreateEvent(GroupChannelCreateEvent::default()),
        "category",
        "group_channel:create",
    );
    round_trip(
        ChatBotCallback::BotMessageNotificationEvent(BotMessageNotificationEvent::default()),
        "category",
        "bot_message_notification",
    );
    round_trip(
        CallsWebhookEvent::RoomCreateEvent(RoomCreateEvent::default()),
        "category",
        "room:create",
    );
    // A filled-in variant keeps its fields and gains only the tag.
    let mut text = UserMessage::default();
    text.message_id = 7;
    text.message = Some("hi".into());
    let json = serde_json::to_value(Message::UserMessage(text)).unwrap();
    assert_eq!(
        json,
        json!({"type": "MESG", "message_id": 7, "message": "hi"})
    );
}

/// The accessors a union has for the fields its variants share.
#[test]
fn shared_fields_are_read_through_the_union() {
    use sendbird_platform::generated::chat::types::{
        AdminMessage, MessageKind, UserMessage, UserSummary,
    };
    let mut text = UserMessage::default();
    text.message_id = 7;
    text.created_at = Some(UnixMillis(1_700_000_000_000));
    text.channel_url = Some("room".into());
    let mut sender = UserSummary::default();
    sender.user_id = "ann".into();
    text.user = Some(sender);
    let text = Message::UserMessage(text);
    assert_eq!(text.message_id(), Some(7));
    assert_eq!(text.created_at(), Some(UnixMillis(1_700_000_000_000)));
    assert_eq!(text.channel_url(), Some("room"));
    assert_eq!(text.user().map(|u| u.user_id.as_str()), Some("ann"));
    assert_eq!(text.message(), None);

    // An admin message has no sender: `user()` is `None` for it.
    let mut notice = AdminMessage::default();
    notice.message_id = 8;
    notice.message = Some("maintenance".into());
    let notice = Message::AdminMessage(notice);
    assert_eq!(notice.message_id(), Some(8));
    assert_eq!(notice.message(), Some("maintenance"));
    assert_eq!(notice.user(), None);

    // A kind this version doesn't know answers scalars and strings from its JSON.
    let poll = Message::from_json(json!({
        "type": "POLL", "message_id": 9, "created_at": 11, "channel_url": "room",
        "user": {"user_id": "bo"}, "is_removed": "no",
    }));
    assert_eq!(poll.tag(), Some("POLL"));
    assert_eq!(poll.message_id(), Some(9));
    assert_eq!(poll.created_at(), Some(UnixMillis(11)));
    assert_eq!(poll.channel_url(), Some("room"));
    assert_eq!(poll.is_removed(), None, "a value of the wrong type is None");
    assert_eq!(poll.user(), None, "structs are not read from Unknown");

    // Enum variants have readable names; the wire value stays.
    assert_eq!(MessageKind::User.as_str(), "MESG");
    assert_eq!(MessageKind::from("ADMM"), MessageKind::Admin);
    assert_eq!(MessageKind::File.as_str(), "FILE");
}

//! Webhooks: every described event decodes from a realistic signed payload and is
//! refused when tampered with, and the example receiver answers signed, tampered,
//! wrongly signed and unsigned requests correctly on a loopback port.

#![cfg(all(
    feature = "webhooks",
    feature = "chat",
    feature = "desk",
    feature = "calls"
))]

#[path = "../examples/webhook_receiver.rs"]
#[allow(dead_code)]
mod receiver;

use std::collections::BTreeSet;

use sendbird_platform::generated::chat::types::{
    GroupChannelMemberState, GroupChannelPushTriggerOption, MessageKind, MessageMentionType,
};
use sendbird_platform::webhooks::{
    self, CallsWebhookEvent, ChatBotCallback, ChatWebhookEvent, DeskBotWebhookEvent, WebhookError,
    CHAT_SIGNATURE_HEADER, DESK_SIGNATURE_HEADER,
};
use sendbird_platform::UnixMillis;

const MASTER: &str = "3a4c1f7e9b2d8a6c5e0f1b2c3d4e5f6a7b8c9d0e";
const DESK: &str = "desk-api-token-9f8e7d6c";
const BOT: &str = "bot-token-5a5b5c";

// --- Fixtures -------------------------------------------------------------------------

const CHANNEL: &str = r#"{"name": "Trip to Lisbon", "channel_url": "sendbird_group_channel_6037267_600ddc81a5e2", "custom_type": "travel", "is_distinct": false, "is_public": false, "is_super": false, "is_ephemeral": false, "is_discoverable": false, "data": ""}"#;
const OPEN_CHANNEL: &str = r#"{"name": "Lobby", "channel_url": "sendbird_open_channel_1_2681099203cd", "custom_type": "", "is_distinct": false, "is_public": false, "is_super": false, "is_ephemeral": false, "is_discoverable": false, "data": ""}"#;
const MEMBERS: &str = r#"[{"user_id": "mina", "nickname": "Mina", "profile_url": "https://example.com/mina.png", "is_active": true, "is_online": false, "is_hidden": 0, "state": "joined", "unread_message_count": 2, "total_unread_message_count": 7, "channel_unread_message_count": 2, "channel_mention_count": 0, "push_enabled": true, "push_trigger_option": "default", "do_not_disturb": false, "metadata": {"team": "blue"}}]"#;
const USER: &str = r#"{"user_id": "jun", "nickname": "Jun", "profile_url": "https://example.com/jun.png", "metadata": {}}"#;

/// One realistic body per Chat category described in api-spec/chat/webhook_events.yaml.
fn chat_fixtures() -> Vec<(&'static str, String)> {
    let c = CHANNEL;
    let o = OPEN_CHANNEL;
    let m = MEMBERS;
    let u = USER;
    let app = r#""app_id": "5ab1c3d4-0e1f-4a2b-9c8d-7e6f5a4b3c2d""#;
    let simple =
        |category: &str, extra: &str| format!(r#"{{"category": "{category}", {extra}{app}}}"#);
    vec![
        (
            "open_channel:create",
            simple(
                "open_channel:create",
                &format!(r#""created_at": 1540866408000, "operators": [{u}], "channel": {o}, "#),
            ),
        ),
        (
            "open_channel:remove",
            simple(
                "open_channel:remove",
                &format!(r#""removed_at": 1586446261706, "channel": {o}, "#),
            ),
        ),
        (
            "open_channel:enter",
            simple(
                "open_channel:enter",
                &format!(r#""user": {u}, "channel": {o}, "#),
            ),
        ),
        (
            "open_channel:exit",
            simple(
                "open_channel:exit",
                &format!(r#""user": {u}, "channel": {o}, "#),
            ),
        ),
        (
            "open_channel:message_send",
            simple(
                "open_channel:message_send",
                &format!(
                    r#""type": "FILE", "channel": {o}, "sender": {u}, "sdk": "JavaScript", "payload": {{"custom_type": "", "url": "https://files.example.com/3eb8930c.jpg", "content_size": 1524052, "data": "", "content_type": "image/jpeg", "filename": "harbour.jpg"}}, "#
                ),
            ),
        ),
        (
            "open_channel:message_update",
            simple(
                "open_channel:message_update",
                &format!(r#""channel": {o}, "sender": {u}, "#),
            ),
        ),
        (
            "open_channel:message_delete",
            simple(
                "open_channel:message_delete",
                &format!(r#""channel": {o}, "#),
            ),
        ),
        (
            "group_channel:create",
            simple(
                "group_channel:create",
                &format!(
                    r#""created_at": 1540867938000, "members": {m}, "inviter": {u}, "channel": {c}, "#
                ),
            ),
        ),
        (
            "group_channel:changed",
            simple(
                "group_channel:changed",
                &format!(
                    r#""channel": {c}, "changes": [{{"key": "name", "old": "Trip", "new": "Trip to Lisbon"}}], "#
                ),
            ),
        ),
        (
            "group_channel:remove",
            simple("group_channel:remove", &format!(r#""channel": {c}, "#)),
        ),
        (
            "group_channel:invite",
            simple(
                "group_channel:invite",
                &format!(r#""inviter": {u}, "invitees": [{u}], "channel": {c}, "members": {m}, "#),
            ),
        ),
        (
            "group_channel:decline_invite",
            simple(
                "group_channel:decline_invite",
                &format!(r#""users": [{u}], "channel": {c}, "members": {m}, "#),
            ),
        ),
        (
            "group_channel:join",
            simple(
                "group_channel:join",
                &format!(r#""users": [{u}], "channel": {c}, "members": {m}, "#),
            ),
        ),
        (
            "group_channel:leave",
            simple(
                "group_channel:leave",
                &format!(r#""users": [{u}], "channel": {c}, "members": {m}, "#),
            ),
        ),
        (
            "group_channel:message_send",
            simple(
                "group_channel:message_send",
                &format!(
                    r#""sender": {u}, "silent": false, "sender_ip_addr": "203.0.113.7", "custom_type": "", "mention_type": "users", "mentioned_users": [], "members": {m}, "type": "MESG", "payload": {{"message_id": 238303376, "custom_type": "", "message": "See you at the harbour", "translations": {{"pt": "Vejo-te no porto"}}, "created_at": 1540798555343, "data": ""}}, "channel": {c}, "sdk": "API", "#
                ),
            ),
        ),
        (
            "group_channel:message_read",
            simple(
                "group_channel:message_read",
                &format!(
                    r#""members": {m}, "channel": {c}, "read_updates": [{{"user_id": "mina", "read_ts": 1540864257418, "channel_unread_message_count": 0, "total_unread_message_count": 5}}], "#
                ),
            ),
        ),
        (
            "group_channel:message_update",
            simple(
                "group_channel:message_update",
                &format!(r#""channel": {c}, "members": {m}, "#),
            ),
        ),
        (
            "group_channel:message_delete",
            simple(
                "group_channel:message_delete",
                &format!(r#""channel": {c}, "members": {m}, "#),
            ),
        ),
        (
            "group_channel:freeze_unfreeze",
            simple(
                "group_channel:freeze_unfreeze",
                &format!(r#""freeze": true, "channel": {c}, "#),
            ),
        ),
        (
            "group_channel:reaction_add",
            simple(
                "group_channel:reaction_add",
                &format!(r#""reaction": "thumbs_up", "channel": {c}, "#),
            ),
        ),
        (
            "group_channel:reaction_delete",
            simple(
                "group_channel:reaction_delete",
                &format!(r#""reaction": "thumbs_up", "channel": {c}, "#),
            ),
        ),
        (
            "user:block",
            simple(
                "user:block",
                &format!(
                    r#""blocker": {u}, "blockee": {{"user_id": "mina", "nickname": "Mina", "profile_url": "", "metadata": {{}}}}, "#
                ),
            ),
        ),
        (
            "user:unblock",
            simple(
                "user:unblock",
                &format!(r#""unblocker": {u}, "unblockee": {{"user_id": "mina"}}, "#),
            ),
        ),
        (
            "user:push_preference",
            simple(
                "user:push_preference",
                r#""user_id": "jun", "push_trigger_option": "mention_only", "do_not_disturb": true, "#,
            ),
        ),
        (
            "user:push_channel_preference",
            simple(
                "user:push_channel_preference",
                &format!(r#""user_id": "jun", "channel": {c}, "#),
            ),
        ),
        (
            "user:device_token_register",
            simple(
                "user:device_token_register",
                r#""user": {"user_id": "jun"}, "token_type": "fcm", "#,
            ),
        ),
        (
            "user:device_token_unregister",
            simple(
                "user:device_token_unregister",
                r#""user": {"user_id": "jun"}, "token_type": "apns", "#,
            ),
        ),
        (
            "user:mute",
            simple("user:mute", &format!(r#""user": {u}, "channel": {c}, "#)),
        ),
        (
            "user:ban",
            simple("user:ban", &format!(r#""user": {u}, "channel": {c}, "#)),
        ),
        (
            "user:deactivate",
            simple("user:deactivate", &format!(r#""user": {u}, "#)),
        ),
        (
            "operators:register_by_operator",
            simple(
                "operators:register_by_operator",
                &format!(
                    r#""requested_at": 1540867938000, "requester": {u}, "channel_type": "group_channel", "channel": {c}, "operators": [{{"user_id": "mina", "nickname": "Mina", "metadata": {{}}}}], "#
                ),
            ),
        ),
        (
            "operators:unregister_by_operator",
            simple(
                "operators:unregister_by_operator",
                &format!(
                    r#""requested_at": 1540867938323, "requester": {u}, "channel_type": "group_channel", "channel": {c}, "operators": [{{"user_id": "mina"}}], "#
                ),
            ),
        ),
        (
            "message:report",
            simple(
                "message:report",
                &format!(
                    r#""created_at": 1568791754, "report_type": "message", "report_category": "suspicious", "reporting_user": {u}, "offending_user": {{"user_id": "mina"}}, "reported_message": {{"sender": {{"user_id": "mina"}}, "type": "MESG", "custom_type": "", "mention_type": "users", "mentioned_users": [], "payload": {{"message_id": 592281302, "custom_type": "", "message": "Visit my secret site", "translations": {{}}, "data": "", "created_at": 1568784875135}}, "channel": {c}}}, "#
                ),
            ),
        ),
        (
            "user:report",
            simple(
                "user:report",
                &format!(
                    r#""created_at": 1568791800, "report_type": "user", "report_category": "harassing", "reporting_user": {u}, "offending_user": {{"user_id": "mina"}}, "channel": {c}, "report_description": "rude", "#
                ),
            ),
        ),
        (
            "open_channel:report",
            simple(
                "open_channel:report",
                &format!(
                    r#""created_at": 1568791900, "report_type": "channel", "report_category": "spam", "reporting_user": {u}, "channel": {o}, "#
                ),
            ),
        ),
        (
            "group_channel:report",
            simple(
                "group_channel:report",
                &format!(
                    r#""created_at": 1568792000, "report_type": "channel", "report_category": "custom", "custom_report_category_name": "scam", "reporting_user": {u}, "channel": {c}, "#
                ),
            ),
        ),
        (
            "alert:user_message_rate_limit_exceeded",
            simple(
                "alert:user_message_rate_limit_exceeded",
                &format!(r#""user": {u}, "#),
            ),
        ),
        (
            "profanity_filter:replace",
            simple(
                "profanity_filter:replace",
                &format!(
                    r#""sender": {u}, "members": {m}, "custom_type": "", "type": "MESG", "replaced_text": "You are a darn fool", "payload": {{"message_id": 2321360709, "custom_type": "", "created_at": 1484205447940, "message": "You are a **** fool", "translations": {{}}, "data": ""}}, "channel": {c}, "sdk": "Android", "#
                ),
            ),
        ),
        (
            "profanity_filter:block",
            simple(
                "profanity_filter:block",
                &format!(r#""sender": {u}, "channel": {c}, "#),
            ),
        ),
        (
            "profanity_filter:moderate",
            simple(
                "profanity_filter:moderate",
                &format!(
                    r#""moderated_at": 1557914578938, "moderation_action": "ban", "sender": {u}, "channel": {c}, "#
                ),
            ),
        ),
        (
            "profanity_filter:detect",
            simple(
                "profanity_filter:detect",
                &format!(r#""sender": {u}, "channel": {c}, "#),
            ),
        ),
        (
            "image_moderation:block",
            simple(
                "image_moderation:block",
                &format!(
                    r#""blocked_at": 1558014537691, "sender": {u}, "channel": {c}, "message_text": "look https://img.example.com/x.jpg", "#
                ),
            ),
        ),
        (
            "message:moderation_extension_triggered",
            simple(
                "message:moderation_extension_triggered",
                &format!(r#""channel": {c}, "#),
            ),
        ),
        (
            "announcement:create_channels",
            simple(
                "announcement:create_channels",
                r#""unique_id": "spring-sale", "#,
            ),
        ),
        (
            "announcement:send_messages",
            simple(
                "announcement:send_messages",
                r#""unique_id": "spring-sale", "#,
            ),
        ),
    ]
}

fn calls_fixtures() -> Vec<(&'static str, String)> {
    let call = r#""direct_call": {"call_id": "b6f6f7e2-4a0a-4d37-93e0-29c3b5a7f0d1", "caller_id": "jun", "callee_id": "mina"}"#;
    let sb = r#""sendbird_call": {"payload": {"is_video_call": true}}"#;
    vec![
        ("direct_call:dial", format!(r#"{{"category": "direct_call:dial", "occurred_at": 1690000000000, {call}, {sb}}}"#)),
        ("direct_call:accept", format!(r#"{{"category": "direct_call:accept", "occurred_at": 1690000004000, {call}, {sb}}}"#)),
        ("direct_call:end", format!(r#"{{"category": "direct_call:end", "occurred_at": 1690000064000, {call}, {sb}}}"#)),
        ("room:create", r#"{"category": "room:create", "room": {"room_id": "room-1", "room_type": "small_room_for_video"}}"#.to_owned()),
    ]
}

const BOT_CALLBACK: &str = r#"{
    "category": "bot_message_notification",
    "mentioned": [],
    "ts": 1455010270350,
    "message": {"text": "/weather Lisbon", "data": "", "files": []},
    "channel": {"channel_url": "sendbird_group_channel_6037267_600ddc81a5e2", "name": "Trip to Lisbon", "cover_url": "https://example.com/cover.jpg"},
    "sender": {"user_id": "jun", "nickname": "Jun", "profile_url": "https://example.com/jun.png"},
    "bot": {"bot_token": "bot-token-5a5b5c", "bot_userid": "weather_bot", "bot_nickname": "Weather", "bot_profile_url": "https://example.com/bot.png"},
    "members": [{"user_id": "jun", "nickname": "Jun", "profile_url": "", "is_online": true, "is_push_enabled": false, "unread_message_count": 0}],
    "app_id": "5ab1c3d4-0e1f-4a2b-9c8d-7e6f5a4b3c2d"
}"#;

const DESK_BOT_EVENT: &str = r#"{
    "botWebhookEvent": {"id": 9011, "bot": 12, "chatMessage": {"ticket": 4521, "message": "Where is my order?"}},
    "ticket": {"id": 4521, "project": 3, "channelName": "Order question", "channelUrl": "sendbird_desk_channel_4521", "status2": "ACTIVE", "priority": "MEDIUM", "customer": {"id": 77, "sendbirdId": "jun", "displayName": "Jun"}}
}"#;

/// The tag values declared in a `webhook_events.yaml` file (the quoted `"a:b": Type` lines).
fn declared_categories(yaml: &str) -> BTreeSet<String> {
    yaml.lines()
        .filter_map(|line| {
            let line = line.trim();
            let rest = line.strip_prefix('"')?;
            let (category, ty) = rest.split_once("\": ")?;
            (ty.ends_with("Event") && !ty.contains(' ')).then(|| category.to_owned())
        })
        .collect()
}

fn signed(body: &str) -> [(&'static str, String); 1] {
    [(
        CHAT_SIGNATURE_HEADER,
        webhooks::sign_chat_body(body.as_bytes(), MASTER),
    )]
}

/// The body with one character of a string value changed, keeping it valid JSON.
fn tampered(body: &str) -> String {
    body.replacen("channel_url\": \"sendbird", "channel_url\": \"sendbirD", 1)
        .replacen("call_id\": \"b6", "call_id\": \"b7", 1)
        .replacen("\"room-1\"", "\"room-2\"", 1)
        .replacen("\"spring-sale\"", "\"spring-salE\"", 1)
        .replacen("\"jun\"", "\"Jun\"", 1)
}

/// The category of a decoded Chat event, from its variant: proves the body decoded to
/// its own variant and not to `Unknown`.
fn chat_variant(event: &ChatWebhookEvent) -> &'static str {
    use ChatWebhookEvent as E;
    match event {
        E::OpenChannelCreateEvent(_) => "open_channel:create",
        E::OpenChannelRemoveEvent(_) => "open_channel:remove",
        E::OpenChannelEnterEvent(_) => "open_channel:enter",
        E::OpenChannelExitEvent(_) => "open_channel:exit",
        E::OpenChannelMessageSendEvent(_) => "open_channel:message_send",
        E::OpenChannelMessageUpdateEvent(_) => "open_channel:message_update",
        E::OpenChannelMessageDeleteEvent(_) => "open_channel:message_delete",
        E::GroupChannelCreateEvent(_) => "group_channel:create",
        E::GroupChannelChangedEvent(_) => "group_channel:changed",
        E::GroupChannelRemoveEvent(_) => "group_channel:remove",
        E::GroupChannelInviteEvent(_) => "group_channel:invite",
        E::GroupChannelDeclineInviteEvent(_) => "group_channel:decline_invite",
        E::GroupChannelJoinEvent(_) => "group_channel:join",
        E::GroupChannelLeaveEvent(_) => "group_channel:leave",
        E::GroupChannelMessageSendEvent(_) => "group_channel:message_send",
        E::GroupChannelMessageReadEvent(_) => "group_channel:message_read",
        E::GroupChannelMessageUpdateEvent(_) => "group_channel:message_update",
        E::GroupChannelMessageDeleteEvent(_) => "group_channel:message_delete",
        E::GroupChannelFreezeUnfreezeEvent(_) => "group_channel:freeze_unfreeze",
        E::GroupChannelReactionAddEvent(_) => "group_channel:reaction_add",
        E::GroupChannelReactionDeleteEvent(_) => "group_channel:reaction_delete",
        E::UserBlockEvent(_) => "user:block",
        E::UserUnblockEvent(_) => "user:unblock",
        E::UserPushPreferenceEvent(_) => "user:push_preference",
        E::UserPushChannelPreferenceEvent(_) => "user:push_channel_preference",
        E::UserDeviceTokenRegisterEvent(_) => "user:device_token_register",
        E::UserDeviceTokenUnregisterEvent(_) => "user:device_token_unregister",
        E::UserMuteEvent(_) => "user:mute",
        E::UserBanEvent(_) => "user:ban",
        E::UserDeactivateEvent(_) => "user:deactivate",
        E::OperatorsRegisterByOperatorEvent(_) => "operators:register_by_operator",
        E::OperatorsUnregisterByOperatorEvent(_) => "operators:unregister_by_operator",
        E::MessageReportEvent(_) => "message:report",
        E::UserReportEvent(_) => "user:report",
        E::OpenChannelReportEvent(_) => "open_channel:report",
        E::GroupChannelReportEvent(_) => "group_channel:report",
        E::AlertUserMessageRateLimitExceededEvent(_) => "alert:user_message_rate_limit_exceeded",
        E::ProfanityFilterReplaceEvent(_) => "profanity_filter:replace",
        E::ProfanityFilterBlockEvent(_) => "profanity_filter:block",
        E::ProfanityFilterModerateEvent(_) => "profanity_filter:moderate",
        E::ProfanityFilterDetectEvent(_) => "profanity_filter:detect",
        E::ImageModerationBlockEvent(_) => "image_moderation:block",
        E::MessageModerationExtensionTriggeredEvent(_) => "message:moderation_extension_triggered",
        E::AnnouncementCreateChannelsEvent(_) => "announcement:create_channels",
        E::AnnouncementSendMessagesEvent(_) => "announcement:send_messages",
        E::Unknown(_) => "(unknown)",
        _ => "(a variant this test does not know)",
    }
}

fn calls_variant(event: &CallsWebhookEvent) -> &'static str {
    match event {
        CallsWebhookEvent::DirectCallDialEvent(_) => "direct_call:dial",
        CallsWebhookEvent::DirectCallAcceptEvent(_) => "direct_call:accept",
        CallsWebhookEvent::DirectCallEndEvent(_) => "direct_call:end",
        CallsWebhookEvent::RoomCreateEvent(_) => "room:create",
        CallsWebhookEvent::Unknown(_) => "(unknown)",
        _ => "(a variant this test does not know)",
    }
}

fn chat(body: &str) -> ChatWebhookEvent {
    webhooks::parse_chat_event(body.as_bytes(), &signed(body), MASTER)
        .unwrap_or_else(|e| panic!("{e}\nin {body}"))
}

// --- Every category, signed and tampered -----------------------------------------------

#[test]
fn every_chat_category_has_a_fixture() {
    let declared = declared_categories(include_str!("../../api-spec/chat/webhook_events.yaml"));
    let fixtures: BTreeSet<String> = chat_fixtures().iter().map(|(c, _)| c.to_string()).collect();
    assert_eq!(declared, fixtures);
    assert_eq!(declared.len(), 45);
    let declared = declared_categories(include_str!("../../api-spec/calls/webhook_events.yaml"));
    let fixtures: BTreeSet<String> = calls_fixtures()
        .iter()
        .map(|(c, _)| c.to_string())
        .collect();
    assert_eq!(declared, fixtures);
}

#[test]
fn every_chat_category_decodes_to_its_variant_when_signed() {
    for (category, body) in chat_fixtures() {
        let event = chat(&body);
        assert_eq!(chat_variant(&event), category, "{body}");
        // The event keeps its category and app id.
        let json = serde_json::to_value(&event).unwrap();
        assert_eq!(json["category"], category);
        assert_eq!(
            json["app_id"], "5ab1c3d4-0e1f-4a2b-9c8d-7e6f5a4b3c2d",
            "{category}"
        );
    }
}

#[test]
fn every_chat_category_is_refused_when_tampered() {
    for (category, body) in chat_fixtures() {
        let changed = tampered(&body);
        assert_ne!(
            changed, body,
            "{category}: the fixture has nothing to tamper with"
        );
        let err =
            webhooks::parse_chat_event(changed.as_bytes(), &signed(&body), MASTER).unwrap_err();
        assert_eq!(
            err,
            WebhookError::BadSignature {
                header: CHAT_SIGNATURE_HEADER
            },
            "{category}"
        );
        let err = webhooks::parse_chat_event(body.as_bytes(), &signed(&body), "another-token")
            .unwrap_err();
        assert_eq!(
            err,
            WebhookError::BadSignature {
                header: CHAT_SIGNATURE_HEADER
            },
            "{category}"
        );
    }
}

#[test]
fn every_calls_category_decodes_when_signed_and_is_refused_when_tampered() {
    for (category, body) in calls_fixtures() {
        let event = webhooks::parse_calls_event(body.as_bytes(), &signed(&body), MASTER)
            .unwrap_or_else(|e| panic!("{e}\nin {body}"));
        assert_eq!(calls_variant(&event), category);
        let changed = tampered(&body);
        assert_ne!(changed, body, "{category}");
        let err =
            webhooks::parse_calls_event(changed.as_bytes(), &signed(&body), MASTER).unwrap_err();
        assert_eq!(
            err,
            WebhookError::BadSignature {
                header: CHAT_SIGNATURE_HEADER
            }
        );
    }
}

// --- What the confirmed payloads decode to -----------------------------------------------

#[test]
fn group_channel_message_send_decodes_sender_payload_and_members() {
    let body = chat_fixtures()
        .into_iter()
        .find(|(c, _)| *c == "group_channel:message_send")
        .unwrap()
        .1;
    let ChatWebhookEvent::GroupChannelMessageSendEvent(event) = chat(&body) else {
        panic!()
    };
    assert_eq!(event.r#type, Some(MessageKind::User));
    assert_eq!(event.sender.unwrap().user_id, "jun");
    assert_eq!(event.mention_type, Some(MessageMentionType::Users));
    assert_eq!(event.sdk.as_deref(), Some("API"));
    let payload = event.payload.unwrap();
    assert_eq!(payload.message_id, Some(238303376));
    assert_eq!(payload.message.as_deref(), Some("See you at the harbour"));
    assert_eq!(payload.created_at, Some(UnixMillis(1540798555343)));
    assert_eq!(payload.translations.unwrap()["pt"], "Vejo-te no porto");
    let member = &event.members.unwrap()[0];
    assert_eq!(member.state, Some(GroupChannelMemberState::Joined));
    assert_eq!(
        member.push_trigger_option,
        Some(GroupChannelPushTriggerOption::Default)
    );
    assert_eq!(member.is_hidden, Some(0));
    assert_eq!(member.channel_unread_message_count, Some(2));
    assert_eq!(
        event.channel.unwrap().channel_url,
        "sendbird_group_channel_6037267_600ddc81a5e2"
    );
}

#[test]
fn seed_payloads_of_2016_still_decode() {
    // The shapes of the 2016 reference: a file message with no members, and an admin
    // message (no sender) with members.
    let file = r#"{"app_id": "xxxx-xxxx-xxxx-xxxx", "category": "open_channel:message_send", "type": "FILE",
        "channel": {"channel_url": "open_channel_12345", "name": "Lobby"},
        "sender": {"user_id": "user76369", "nickname": "User-76369", "profile_url": "http://url/file.jpg"},
        "payload": {"custom_type": "", "url": "https://sendbird-temp.example.com/3eb89.jpg", "content_size": 1524052, "data": "", "content_type": "image/jpeg", "filename": "5661878892_15fba42846_o.jpg"}}"#;
    let ChatWebhookEvent::OpenChannelMessageSendEvent(event) = chat(file) else {
        panic!()
    };
    assert_eq!(event.r#type, Some(MessageKind::File));
    let payload = event.payload.unwrap();
    assert_eq!(payload.content_size, Some(1524052));
    assert_eq!(payload.content_type.as_deref(), Some("image/jpeg"));
    assert_eq!(
        payload.filename.as_deref(),
        Some("5661878892_15fba42846_o.jpg")
    );

    let admin = r#"{"app_id": "xxxx-xxxx-xxxx-xxxx", "category": "group_channel:message_send", "type": "ADMM",
        "channel": {"channel_url": "group_channel_12345", "name": "GroupChannel"},
        "payload": {"custom_type": "", "message": "Welcome to SendBird", "data": ""},
        "members": [{"user_id": "test_unit_995181", "nickname": "Guest_DyaDfj", "profile_url": "http://url/file.jpg", "is_online": false, "push_enabled": true, "unread_message_count": 0}]}"#;
    let ChatWebhookEvent::GroupChannelMessageSendEvent(event) = chat(admin) else {
        panic!()
    };
    assert_eq!(event.r#type, Some(MessageKind::Admin));
    assert!(event.sender.is_none());
    assert_eq!(event.members.unwrap()[0].unread_message_count, Some(0));
    assert_eq!(
        receiver::describe_chat(&chat(admin)),
        "message from an admin in group_channel_12345: Welcome to SendBird"
    );
}

#[test]
fn confirmed_payloads_keep_their_fields() {
    let fixtures = chat_fixtures();
    let body = |category: &str| {
        fixtures
            .iter()
            .find(|(c, _)| *c == category)
            .unwrap()
            .1
            .clone()
    };

    let ChatWebhookEvent::GroupChannelMessageReadEvent(e) =
        chat(&body("group_channel:message_read"))
    else {
        panic!()
    };
    let update = &e.read_updates.unwrap()[0];
    assert_eq!(
        (update.user_id.as_str(), update.read_ts),
        ("mina", Some(UnixMillis(1540864257418)))
    );

    let ChatWebhookEvent::OpenChannelCreateEvent(e) = chat(&body("open_channel:create")) else {
        panic!()
    };
    assert_eq!(e.created_at, Some(UnixMillis(1540866408000)));
    assert_eq!(e.operators.unwrap()[0].user_id, "jun");

    let ChatWebhookEvent::GroupChannelCreateEvent(e) = chat(&body("group_channel:create")) else {
        panic!()
    };
    assert_eq!(e.inviter.unwrap().user_id, "jun");
    assert_eq!(e.members.unwrap().len(), 1);

    let ChatWebhookEvent::GroupChannelChangedEvent(e) = chat(&body("group_channel:changed")) else {
        panic!()
    };
    assert_eq!(e.changes.unwrap()[0]["new"], "Trip to Lisbon");

    let ChatWebhookEvent::GroupChannelDeclineInviteEvent(e) =
        chat(&body("group_channel:decline_invite"))
    else {
        panic!()
    };
    assert_eq!(e.users.unwrap()[0].user_id, "jun");

    let ChatWebhookEvent::UserBlockEvent(e) = chat(&body("user:block")) else {
        panic!()
    };
    assert_eq!(
        (e.blocker.unwrap().user_id, e.blockee.unwrap().user_id),
        ("jun".into(), "mina".into())
    );

    let ChatWebhookEvent::UserUnblockEvent(e) = chat(&body("user:unblock")) else {
        panic!()
    };
    assert_eq!(e.unblockee.unwrap().user_id, "mina");

    let ChatWebhookEvent::UserPushPreferenceEvent(e) = chat(&body("user:push_preference")) else {
        panic!()
    };
    assert_eq!(e.user_id.as_deref(), Some("jun"));

    let ChatWebhookEvent::OperatorsRegisterByOperatorEvent(e) =
        chat(&body("operators:register_by_operator"))
    else {
        panic!()
    };
    assert_eq!(e.requested_at, Some(UnixMillis(1540867938000)));
    assert_eq!(e.channel_type.as_deref(), Some("group_channel"));
    assert_eq!(e.operators.unwrap()[0].user_id, "mina");

    let ChatWebhookEvent::MessageReportEvent(e) = chat(&body("message:report")) else {
        panic!()
    };
    assert_eq!(e.created_at, Some(1568791754));
    assert_eq!(e.report_category.as_deref(), Some("suspicious"));
    let reported = e.reported_message.unwrap();
    assert_eq!(reported.r#type, Some(MessageKind::User));
    assert_eq!(reported.payload.unwrap().message_id, Some(592281302));

    let ChatWebhookEvent::GroupChannelReportEvent(e) = chat(&body("group_channel:report")) else {
        panic!()
    };
    assert_eq!(e.custom_report_category_name.as_deref(), Some("scam"));

    let ChatWebhookEvent::AlertUserMessageRateLimitExceededEvent(e) =
        chat(&body("alert:user_message_rate_limit_exceeded"))
    else {
        panic!()
    };
    assert_eq!(e.user.unwrap().user_id, "jun");

    let ChatWebhookEvent::ProfanityFilterReplaceEvent(e) = chat(&body("profanity_filter:replace"))
    else {
        panic!()
    };
    assert_eq!(e.replaced_text.as_deref(), Some("You are a darn fool"));
    assert_eq!(
        e.payload.unwrap().message.as_deref(),
        Some("You are a **** fool")
    );

    let ChatWebhookEvent::ProfanityFilterModerateEvent(e) =
        chat(&body("profanity_filter:moderate"))
    else {
        panic!()
    };
    assert_eq!(
        (e.moderated_at, e.moderation_action.as_deref()),
        (Some(UnixMillis(1557914578938)), Some("ban"))
    );

    let ChatWebhookEvent::ImageModerationBlockEvent(e) = chat(&body("image_moderation:block"))
    else {
        panic!()
    };
    assert_eq!(e.blocked_at, Some(UnixMillis(1558014537691)));
    assert_eq!(
        e.message_text.as_deref(),
        Some("look https://img.example.com/x.jpg")
    );
}

#[test]
fn unknown_categories_keep_the_whole_object() {
    let body = r#"{"category": "poll:vote", "poll_id": 7, "app_id": "a"}"#;
    let ChatWebhookEvent::Unknown(raw) = chat(body) else {
        panic!("expected Unknown")
    };
    assert_eq!(raw["poll_id"], 7);
    assert_eq!(
        receiver::describe_chat(&ChatWebhookEvent::Unknown(raw)),
        "unknown category poll:vote"
    );
}

#[test]
fn malformed_bodies_are_errors_with_a_path() {
    // An optional field whose object lacks its own required field is `None`; the
    // event decodes (api-spec/README.md, "Decoding").
    let body = r#"{"category": "group_channel:message_send", "channel": {"name": "no url"}, "custom_type": "t"}"#;
    let event = webhooks::parse_chat_event(body.as_bytes(), &signed(body), MASTER).unwrap();
    let ChatWebhookEvent::GroupChannelMessageSendEvent(event) = event else {
        panic!("{event:?}")
    };
    assert_eq!(
        (event.channel, event.custom_type.as_deref()),
        (None, Some("t"))
    );

    let body = r#"{"category": "group_channel:message_send", "channel": "#;
    let err = webhooks::parse_chat_event(body.as_bytes(), &signed(body), MASTER).unwrap_err();
    assert!(matches!(err, WebhookError::MalformedBody { .. }), "{err:?}");
    assert_eq!(err.http_status(), 400);

    let err = webhooks::parse_chat_event(b"[1, 2", &signed("[1, 2"), MASTER).unwrap_err();
    assert!(matches!(err, WebhookError::MalformedBody { .. }), "{err:?}");

    // A value of the wrong type in an optional field is `None`, so the event decodes;
    // a body that is not JSON names where it broke.
    let body = r#"{"botWebhookEvent": {"id": "not a number"}}"#;
    let headers = [(
        DESK_SIGNATURE_HEADER,
        webhooks::sign_desk_body(body.as_bytes(), DESK),
    )];
    let event =
        webhooks::parse_desk_event::<DeskBotWebhookEvent>(body.as_bytes(), &headers, DESK).unwrap();
    assert_eq!(event.bot_webhook_event, None);
    let body = r#"{"botWebhookEvent": {"id": 1,}}"#;
    let headers = [(
        DESK_SIGNATURE_HEADER,
        webhooks::sign_desk_body(body.as_bytes(), DESK),
    )];
    let err = webhooks::parse_desk_event::<DeskBotWebhookEvent>(body.as_bytes(), &headers, DESK)
        .unwrap_err();
    assert!(
        matches!(&err, WebhookError::MalformedBody { path, .. } if path == "botWebhookEvent.?"),
        "{err:?}"
    );
}

#[test]
fn missing_signature_is_refused_before_decoding() {
    let no_headers: [(&str, &str); 0] = [];
    let err = webhooks::parse_chat_event(b"not even json", &no_headers, MASTER).unwrap_err();
    assert_eq!(
        err,
        WebhookError::MissingSignature {
            header: CHAT_SIGNATURE_HEADER
        }
    );
    assert_eq!(err.to_string(), "the webhook request has no `x-sendbird-signature` header, so it can't be shown to come from Sendbird");
    assert_eq!(err.http_status(), 401);
}

#[test]
fn bot_callbacks_check_the_bot_token() {
    let ChatBotCallback::BotMessageNotificationEvent(event) =
        webhooks::parse_bot_callback(BOT_CALLBACK.as_bytes(), BOT).unwrap()
    else {
        panic!()
    };
    assert_eq!(event.bot.bot_userid, "weather_bot");
    assert_eq!(event.ts, Some(UnixMillis(1455010270350)));
    assert_eq!(
        event.message.unwrap().text.as_deref(),
        Some("/weather Lisbon")
    );
    assert_eq!(event.members.unwrap()[0].is_push_enabled, Some(false));
    assert_eq!(
        event.channel.unwrap().cover_url.as_deref(),
        Some("https://example.com/cover.jpg")
    );

    let err = webhooks::parse_bot_callback(BOT_CALLBACK.as_bytes(), "another-bot").unwrap_err();
    assert_eq!(err, WebhookError::BadBotToken);
    let forged = BOT_CALLBACK.replace("bot-token-5a5b5c", "guessed");
    assert_eq!(
        webhooks::parse_bot_callback(forged.as_bytes(), BOT).unwrap_err(),
        WebhookError::BadBotToken
    );
    let tokenless = BOT_CALLBACK.replace("\"bot_token\": \"bot-token-5a5b5c\", ", "");
    assert_eq!(
        webhooks::parse_bot_callback(tokenless.as_bytes(), BOT).unwrap_err(),
        WebhookError::MissingBotToken
    );
}

#[test]
fn desk_bot_events_check_the_hub_signature() {
    let headers = [(
        DESK_SIGNATURE_HEADER,
        webhooks::sign_desk_body(DESK_BOT_EVENT.as_bytes(), DESK),
    )];
    let event: DeskBotWebhookEvent =
        webhooks::parse_desk_event(DESK_BOT_EVENT.as_bytes(), &headers, DESK).unwrap();
    let detail = event.bot_webhook_event.unwrap();
    assert_eq!((detail.id, detail.bot), (9011, Some(12)));
    assert_eq!(
        detail.chat_message.unwrap().message.as_deref(),
        Some("Where is my order?")
    );
    assert_eq!(event.ticket.unwrap().customer.unwrap().id, 77);

    let changed = DESK_BOT_EVENT.replace("9011", "9012");
    let err = webhooks::parse_desk_event::<DeskBotWebhookEvent>(changed.as_bytes(), &headers, DESK)
        .unwrap_err();
    assert_eq!(
        err,
        WebhookError::BadSignature {
            header: DESK_SIGNATURE_HEADER
        }
    );
    // A Chat-style signature is not a Desk signature.
    let chat_style = signed(DESK_BOT_EVENT);
    let err = webhooks::parse_desk_event::<serde_json::Value>(
        DESK_BOT_EVENT.as_bytes(),
        &chat_style,
        DESK,
    )
    .unwrap_err();
    assert_eq!(
        err,
        WebhookError::MissingSignature {
            header: DESK_SIGNATURE_HEADER
        }
    );
}

// --- The example receiver on a loopback port -------------------------------------------

async fn start_receiver() -> String {
    let secrets = receiver::Secrets {
        master_api_token: MASTER.to_owned(),
        desk_api_token: DESK.to_owned(),
        bot_token: BOT.to_owned(),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, receiver::router(secrets))
            .await
            .unwrap()
    });
    format!("http://{address}")
}

async fn post(url: String, headers: &[(&str, String)], body: String) -> (u16, String) {
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let mut request = client
        .post(url)
        .header("content-type", "application/json")
        .body(body);
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    let response = request.send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

#[tokio::test]
async fn receiver_answers_signed_tampered_wrong_and_unsigned_chat_requests() {
    let base = start_receiver().await;
    let url = format!("{base}/sendbird/chat");
    let body = chat_fixtures()
        .into_iter()
        .find(|(c, _)| *c == "group_channel:message_send")
        .unwrap()
        .1;
    let signature = webhooks::sign_chat_body(body.as_bytes(), MASTER);

    let (status, text) = post(
        url.clone(),
        &[(CHAT_SIGNATURE_HEADER, signature.clone())],
        body.clone(),
    )
    .await;
    assert_eq!((status, text.as_str()), (200, "message from jun in sendbird_group_channel_6037267_600ddc81a5e2: See you at the harbour"));

    let (status, text) = post(
        url.clone(),
        &[(CHAT_SIGNATURE_HEADER, signature.clone())],
        tampered(&body),
    )
    .await;
    assert_eq!(status, 401);
    assert!(text.contains("does not match the request body"), "{text}");

    let wrong = webhooks::sign_chat_body(body.as_bytes(), "a-secondary-token");
    let (status, text) = post(url.clone(), &[(CHAT_SIGNATURE_HEADER, wrong)], body.clone()).await;
    assert_eq!(status, 401, "{text}");

    let (status, text) = post(url.clone(), &[], body.clone()).await;
    assert_eq!(status, 401);
    assert!(
        text.contains("has no `x-sendbird-signature` header"),
        "{text}"
    );

    let (status, text) = post(
        url.clone(),
        &[(CHAT_SIGNATURE_HEADER, "zz".to_owned())],
        body.clone(),
    )
    .await;
    assert_eq!(status, 401);
    assert!(text.contains("malformed"), "{text}");

    let broken = r#"{"category": "user:block", "blocker": {"nickname": "#.to_owned();
    let (status, text) = post(url.clone(), &signed(&broken), broken.clone()).await;
    assert_eq!(status, 400);
    assert!(text.contains("EOF"), "{text}");

    let block = chat_fixtures()
        .into_iter()
        .find(|(c, _)| *c == "user:block")
        .unwrap()
        .1;
    let (status, text) = post(url.clone(), &signed(&block), block.clone()).await;
    assert_eq!((status, text.as_str()), (200, "jun blocked mina"));

    let other = chat_fixtures()
        .into_iter()
        .find(|(c, _)| *c == "group_channel:leave")
        .unwrap()
        .1;
    let (status, text) = post(url, &signed(&other), other.clone()).await;
    assert_eq!((status, text.as_str()), (200, "group_channel:leave event"));
}

#[tokio::test]
async fn receiver_checks_bot_desk_and_calls_requests() {
    let base = start_receiver().await;

    let (status, text) = post(format!("{base}/sendbird/bot"), &[], BOT_CALLBACK.to_owned()).await;
    assert_eq!(
        (status, text.as_str()),
        (200, "bot weather_bot got: /weather Lisbon")
    );
    let forged = BOT_CALLBACK.replace("bot-token-5a5b5c", "guessed");
    let (status, _) = post(format!("{base}/sendbird/bot"), &[], forged).await;
    assert_eq!(status, 401);

    let desk_signature = webhooks::sign_desk_body(DESK_BOT_EVENT.as_bytes(), DESK);
    let (status, text) = post(
        format!("{base}/sendbird/desk-bot"),
        &[(DESK_SIGNATURE_HEADER, desk_signature.clone())],
        DESK_BOT_EVENT.to_owned(),
    )
    .await;
    assert_eq!(
        (status, text.as_str()),
        (200, "desk bot event 9011: Where is my order?")
    );
    let (status, _) = post(
        format!("{base}/sendbird/desk-bot"),
        &[(DESK_SIGNATURE_HEADER, desk_signature)],
        DESK_BOT_EVENT.replace("order", "parcel"),
    )
    .await;
    assert_eq!(status, 401);
    let (status, _) = post(
        format!("{base}/sendbird/desk-bot"),
        &[],
        DESK_BOT_EVENT.to_owned(),
    )
    .await;
    assert_eq!(status, 401);

    let dial = calls_fixtures().remove(0).1;
    let (status, text) = post(
        format!("{base}/sendbird/calls"),
        &signed(&dial),
        dial.clone(),
    )
    .await;
    assert_eq!(
        (status, text.as_str()),
        (200, "call b6f6f7e2-4a0a-4d37-93e0-29c3b5a7f0d1 dialed")
    );
    let (status, _) = post(
        format!("{base}/sendbird/calls"),
        &signed(&dial),
        tampered(&dial),
    )
    .await;
    assert_eq!(status, 401);
}

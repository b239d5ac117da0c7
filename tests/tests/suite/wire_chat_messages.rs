//! Wire tests of the Chat `messages` and `scheduled_messages` operations that their
//! examples (in `api-spec/chat/messages.yaml` and `scheduled_messages.yaml`) can't state:
//! inputs rejected before anything is sent, and the exchanges of `list_messages` and
//! `search_messages`, whose `one_of` argument the generated example tests can't name
//! yet (they look for its enum in the `types` module, not in the group's module). The
//! latter run on the same harness as the generated examples.

use crate::example_support::{Auth, Body, Exchange};
use sendbird_platform::generated::chat::messages::{ListMessagesAnchor, SearchMessagesScope};
use sendbird_platform::generated::chat::types::{
    ChannelType, MessageKind, MessageOperatorFilter, MessageReplyTypeFilter, MessageSearchSortField,
};
use sendbird_platform::{Client, Error, RetryPolicy, UnixMillis};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A client whose Chat requests go to `server` under `/v3`, without retries.
fn client(server: &MockServer) -> Client {
    Client::builder()
        .app_id("test-app")
        .api_token("test-master-api-token-0123456789")
        .base_url("chat", format!("{}/v3", server.uri()))
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("valid test client")
}

/// A server that answers anything but must not be called.
async fn silent_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(0)
        .mount(&server)
        .await;
    server
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

#[tokio::test]
async fn list_messages_rejects_a_limit_out_of_range_before_sending() {
    let server = silent_server().await;
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
async fn send_user_message_without_its_text_fails_before_sending() {
    let server = silent_server().await;
    let error = client(&server)
        .chat()
        .messages()
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
async fn count_scheduled_messages_without_a_sender_fails_before_sending() {
    let server = silent_server().await;
    let error = client(&server)
        .chat()
        .scheduled_messages()
        .count_scheduled_messages()
        .send()
        .await
        .expect_err("sender_id is required");
    assert!(
        matches!(&error, Error::InvalidRequest { message, .. } if message.contains("`sender_id`")),
        "{error:?}"
    );
    assert_no_requests(server.received_requests().await);
}

/// A `GET` exchange of the Chat API without a request body.
fn get(
    path: &'static str,
    query: &'static [(&'static str, &'static str)],
    response: &'static str,
) -> Exchange {
    Exchange {
        service: "chat",
        base_path: "/v3",
        auth: Auth::Header("Api-Token", "api_token"),
        method: "GET",
        path,
        query,
        headers: &[],
        body: Body::None,
        status: 200,
        response_headers: &[],
        response_body: Some(response),
    }
}

#[tokio::test]
async fn list_messages_by_time_with_every_filter() {
    let ex = get(
        "/v3/group_channels/team_channel/messages",
        &[
            ("message_ts", "1700000000000"),
            ("prev_limit", "20"),
            ("next_limit", "0"),
            ("include", "false"),
            ("reverse", "true"),
            ("sender_id", "ann"),
            ("sender_ids", "ann,bob%2Cjr"),
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
            ("user_id", "ann@example.com"),
        ],
        r#"{"messages": [
            {"type": "MESG", "message_id": 101, "message": "Hello, team", "data": null, "custom_type": "greeting",
             "channel_url": "team_channel", "channel_type": "group", "created_at": 1700000001000, "updated_at": 0,
             "user": {"user_id": "ann", "nickname": "Ann", "profile_url": "", "metadata": {"team": "support"}, "role": "operator"},
             "mention_type": "users", "mentioned_users": [{"user_id": "bob", "nickname": "Bob"}], "is_removed": false,
             "sorted_metaarray": [{"key": "labels", "value": ["urgent"]}],
             "reactions": [{"key": "smile", "user_ids": ["bob", "cy"], "updated_at": 1700000002000}],
             "thread_info": {"reply_count": 2, "last_replied_at": 1700000003000, "most_replies": [{"user_id": "bob"}]},
             "parent_message_id": 0, "parent_message_info": null, "translations": {"es": "Hola"},
             "message_events": {"send_push_notification": "receivers", "update_unread_count": true}, "files": []},
            {"type": "FILE", "message_id": 102, "file": {"name": "invoice.pdf", "url": "https://sendbird.example/files/invoice.pdf",
             "type": "application/pdf", "size": 48213, "data": "", "custom": null},
             "thumbnails": [{"url": "https://sendbird.example/files/invoice_240.png", "width": 240, "height": 240, "real_width": 180, "real_height": 240}],
             "require_auth": false, "channel_url": "team_channel", "created_at": 1700000004000, "user": {"user_id": "ann", "profile_url": null}},
            {"type": "ADMM", "message_id": 103, "message": "Maintenance at 02:00", "data": "", "custom_type": "notice",
             "channel_url": "team_channel", "created_at": 1700000005000, "mention_type": "channel", "silent": true},
            {"type": "POLL", "message_id": 104, "poll": {"id": 3}}
        ], "ts": 1700000009000}"#,
    );
    let run = ex.start().await;
    let result = run
        .client
        .chat()
        .messages()
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
        .sender_ids(["ann", "bob,jr"])
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
        .await;
    run.check(result).await;
}

#[tokio::test]
async fn list_messages_by_message_id() {
    let ex = get(
        "/v3/open_channels/lobby%2Feast/messages",
        &[("message_id", "101"), ("prev_limit", "5")],
        r#"{"messages": []}"#,
    );
    let run = ex.start().await;
    let result = run
        .client
        .chat()
        .messages()
        .list_messages(
            ChannelType::OpenChannels,
            "lobby/east",
            ListMessagesAnchor::MessageId(101),
        )
        .prev_limit(5)
        .send()
        .await;
    run.check(result).await;
}

#[tokio::test]
async fn search_messages_in_a_channel() {
    let ex = get(
        "/v3/search/messages",
        &[
            ("channel_url", "team_channel"),
            ("query", "invoice march"),
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
        ],
        r#"{"results": [
            {"type": "MESG", "message_id": 101, "message": "The invoice of March", "channel_url": "team_channel",
             "user": {"user_id": "ann"}, "created_at": 1700000001000, "files": []},
            {"type": "FILE", "message_id": 102, "file": {"name": "invoice.pdf", "url": "https://sendbird.example/files/invoice.pdf"},
             "channel_url": "team_channel"}
        ], "total_count": 2, "has_next": true, "end_cursor": "bmV4dA=="}"#,
    );
    let run = ex.start().await;
    let result = run
        .client
        .chat()
        .messages()
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
        .await;
    run.check(result).await;
}

#[tokio::test]
async fn search_messages_of_a_user() {
    let ex = get(
        "/v3/search/messages",
        &[
            ("user_id", "ann"),
            ("query", "standup"),
            ("custom_type", "team"),
            ("before", "b2xk"),
        ],
        r#"{"results": [], "total_count": 0, "has_next": false, "end_cursor": null}"#,
    );
    let run = ex.start().await;
    let result = run
        .client
        .chat()
        .messages()
        .search_messages(SearchMessagesScope::UserId("ann".to_owned()))
        .query("standup")
        .custom_type("team")
        .before("b2xk")
        .send()
        .await;
    run.check(result).await;
}

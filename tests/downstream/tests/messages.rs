//! Messages as a moderation service handles them, on the typed mock server: the three
//! sends told apart though they share one path, the newest messages of a channel read
//! through its message stream with a stop condition, and a scripted conversation (a rate
//! limit, then the answer with its rate-limit headers).

use std::time::Duration;

use sendbird_platform::mock::MockServer;
use sendbird_platform::prelude::*;
use sendbird_platform::UnixMillis;

use chat::messages::ListMessagesAnchor;
use chat::{AdminMessage, ChannelType, ListMessagesResponse, Message, UserMessage};

fn text(id: i64, at: i64, body: &str) -> UserMessage {
    let mut message = UserMessage::default();
    message.message_id = id;
    message.message = Some(body.to_owned());
    message.created_at = Some(UnixMillis(at));
    message
}

#[tokio::test]
async fn the_three_sends_are_stubbed_apart_and_return_their_own_types() {
    let server = MockServer::start().await;
    let stubs = server.chat().messages();
    stubs
        .send_user_message(ChannelType::GroupChannels, "ops")
        .returns(&text(1, 1_700_000_000_000, "hello"))
        .await;
    let mut notice = AdminMessage::default();
    notice.message_id = 2;
    notice.message = Some("maintenance at noon".to_owned());
    stubs
        .send_admin_message(ChannelType::GroupChannels, "ops")
        .returns(&notice)
        .await;

    let messages = server.client().chat().messages();
    // Each send returns its concrete type: no match over message kinds that can't happen.
    let sent: UserMessage = messages
        .send_user_message(ChannelType::GroupChannels, "ops", "ann", "hello")
        .send()
        .await
        .expect("the user message stub answers");
    assert_eq!(
        (sent.message_id, sent.message.as_deref()),
        (1, Some("hello"))
    );
    let announced: AdminMessage = messages
        .send_admin_message(ChannelType::GroupChannels, "ops", "maintenance at noon")
        .send()
        .await
        .expect("the admin message stub answers, not the user message one");
    assert_eq!(announced.message_id, 2);

    let sent = server.received_requests().await;
    let kinds: Vec<String> = sent
        .iter()
        .map(|r| r.json::<serde_json::Value>().unwrap()["message_type"].to_string())
        .collect();
    assert_eq!(kinds, ["\"MESG\"", "\"ADMM\""]);
}

#[tokio::test]
async fn the_newest_messages_come_from_the_stream_and_it_stops_when_asked() {
    let server = MockServer::start().await;
    let mut page = ListMessagesResponse::default();
    page.messages = vec![
        Message::UserMessage(text(30, 1_700_000_003_000, "third")),
        Message::UserMessage(text(20, 1_700_000_002_000, "second")),
        Message::UserMessage(text(10, 1_700_000_001_000, "first")),
    ];
    server
        .chat()
        .messages()
        .list_messages(ChannelType::GroupChannels, "ops")
        .returns(&page)
        .await;

    // Newest first from now, and only two of them: the stream ends without asking for more.
    let newest: Vec<Message> = server
        .client()
        .chat()
        .messages()
        .list_messages(
            ChannelType::GroupChannels,
            "ops",
            ListMessagesAnchor::MessageTs(UnixMillis(1_700_000_010_000)),
        )
        .into_stream()
        .take(2)
        .try_collect()
        .await
        .expect("the page decodes");
    let ids: Vec<Option<i64>> = newest.iter().map(Message::message_id).collect();
    assert_eq!(ids, [Some(30), Some(20)]);
    assert_eq!(
        server.received_requests().await.len(),
        1,
        "one page was enough"
    );
}

#[tokio::test]
async fn a_scripted_rate_limit_then_the_answer_with_its_headers() {
    let server = MockServer::start().await;
    let stub = server
        .chat()
        .messages()
        .send_user_message(ChannelType::GroupChannels, "ops");
    stub.clone().times(1).rate_limited(Duration::ZERO).await;
    stub.with_header("X-RateLimit-Limit", "10")
        .with_header("X-RateLimit-Remaining", "9")
        .returns(&text(7, 1_700_000_000_000, "retried"))
        .await;

    let response = server
        .client()
        .chat()
        .messages()
        .send_user_message(ChannelType::GroupChannels, "ops", "ann", "retried")
        .send_with_metadata()
        .await
        .expect("the retry gets the answer");
    assert_eq!(response.data.message_id, 7);
    let limits = &response.rate_limit;
    assert_eq!((limits.limit, limits.remaining), (Some(10), Some(9)));
    assert_eq!(
        server.received_requests().await.len(),
        2,
        "the 429, then the answer"
    );
}

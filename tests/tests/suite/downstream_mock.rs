//! The `mock` feature as a downstream crate uses it: stub operations with typed
//! responses or errors on a loopback mock server, run the code under test with the
//! server's client, then assert what was sent.

use std::time::Duration;

use futures::TryStreamExt;
use sendbird_platform::generated::calls::types::{Room, ViewRoomResponse};
use sendbird_platform::generated::chat::types::{ListUsersResponse, User};
use sendbird_platform::generated::desk::types::{ListTicketsResponse, Ticket};
use sendbird_platform::generated::live::types::{LiveEvent, ViewLiveEventResponse};
use sendbird_platform::mock::MockServer;
use sendbird_platform::{Client, Error, ErrorCode, RetryPolicy};
use serde_json::{json, Value};

/// The code under test: what an application built on the client might do.
mod app {
    use futures::TryStreamExt;
    use sendbird_platform::{Client, Error, ErrorCode};

    /// A user's nickname, or their id when they have none; `None` for unknown users.
    pub async fn display_name(client: &Client, user_id: &str) -> Result<Option<String>, Error> {
        match client.chat().users().view_user(user_id).send().await {
            Ok(user) => Ok(Some(
                user.nickname
                    .filter(|n| !n.is_empty())
                    .unwrap_or(user.user_id),
            )),
            Err(e) if e.code() == Some(ErrorCode::NotFound) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Every user id, across pages.
    pub async fn all_user_ids(client: &Client) -> Result<Vec<String>, Error> {
        client
            .chat()
            .users()
            .list_users()
            .limit(2)
            .into_stream()
            .map_ok(|u| u.user_id)
            .try_collect()
            .await
    }

    /// Signs a user up.
    pub async fn sign_up(client: &Client, user_id: &str, nickname: &str) -> Result<(), Error> {
        client
            .chat()
            .users()
            .create_user(user_id, nickname, "")
            .send()
            .await
            .map(drop)
    }
}

fn user(id: &str, nickname: &str) -> User {
    let mut user = User::default();
    user.user_id = id.into();
    user.nickname = Some(nickname.into());
    user
}

#[tokio::test]
async fn chat_view_user_returns_the_stubbed_user_and_the_request_is_recorded() {
    let server = MockServer::start().await;
    let alice = user("alice", "Alice");
    server
        .chat()
        .users()
        .view_user("alice")
        .expect(1)
        .returns(&alice)
        .await;

    let name = app::display_name(&server.client(), "alice").await.unwrap();
    assert_eq!(name.as_deref(), Some("Alice"));

    let sent = server.chat().users().view_user("alice").requests().await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].method(), "GET");
    assert_eq!(sent[0].service(), "chat");
    assert_eq!(sent[0].path(), "/users/alice");
    assert!(sent[0].header("Api-Token").is_some());
    server.verify().await;
}

#[tokio::test]
async fn a_stub_can_answer_with_the_operations_documented_example() {
    let server = MockServer::start().await;
    // `view_user`'s first example in api-spec/chat/users.yaml answers a user "Ann".
    server
        .chat()
        .users()
        .view_user("ann")
        .returns_example()
        .await;
    let name = app::display_name(&server.client(), "ann").await.unwrap();
    assert_eq!(name.as_deref(), Some("Ann"));
}

#[tokio::test]
async fn chat_path_arguments_are_encoded_like_the_client_encodes_them() {
    let server = MockServer::start().await;
    let tricky = "a/../b?x#";
    let stub = server.chat().users().view_user(tricky);
    assert_eq!(stub.path(), "/users/a%2F..%2Fb%3Fx%23");
    stub.returns(&user(tricky, "Tricky")).await;

    let name = app::display_name(&server.client(), tricky).await.unwrap();
    assert_eq!(name.as_deref(), Some("Tricky"));
    assert_eq!(stub.requests().await.len(), 1);
}

#[tokio::test]
async fn chat_error_stubs_become_typed_errors() {
    let server = MockServer::start().await;
    server
        .chat()
        .users()
        .view_user("ghost")
        .fails(ErrorCode::NotFound)
        .await;
    server
        .chat()
        .users()
        .view_user("broken")
        .responds(200, r#"{"user_id": 42}"#)
        .await;

    let client = server.client();
    assert_eq!(app::display_name(&client, "ghost").await.unwrap(), None);
    match app::display_name(&client, "broken").await {
        Err(Error::Decode { path, .. }) => assert_eq!(path, "user_id"),
        other => panic!("expected a decode error, got {other:?}"),
    }
    // Nothing was stubbed for this user: the server answers 404.
    let unstubbed = app::display_name(&client, "nobody").await.unwrap_err();
    assert_eq!(unstubbed.status(), Some(404));
}

#[tokio::test]
async fn chat_pages_are_stubbed_by_their_cursor() {
    let server = MockServer::start().await;
    let users = server.chat().users();
    let mut first = ListUsersResponse::default();
    first.users = vec![user("a", "A"), user("b", "B")];
    first.next = Some("page-2".into());
    let mut last = ListUsersResponse::default();
    last.users = vec![user("c", "C")];
    last.next = Some(String::new());
    // The stub with a query value wins over the catch-all, whatever the order.
    users.list_users().returns(&first).await;
    users
        .list_users()
        .with_query("token", "page-2")
        .returns(&last)
        .await;

    let ids = app::all_user_ids(&server.client()).await.unwrap();
    assert_eq!(ids, ["a", "b", "c"]);
    let sent = users.list_users().requests().await;
    let tokens: Vec<Option<String>> = sent.iter().map(|r| r.query("token")).collect();
    assert_eq!(tokens, [None, Some("page-2".to_owned())]);
    assert!(sent
        .iter()
        .all(|r| r.query("limit").as_deref() == Some("2")));
}

#[tokio::test]
async fn chat_request_bodies_can_be_asserted() {
    let server = MockServer::start().await;
    let create = server.chat().users().create_user();
    create.returns(&user("carol", "Carol")).await;

    app::sign_up(&server.client(), "carol", "Carol")
        .await
        .unwrap();

    let sent = create.requests().await;
    let body: Value = sent[0].json().unwrap();
    assert_eq!(
        body,
        json!({ "user_id": "carol", "nickname": "Carol", "profile_url": "" })
    );
}

#[tokio::test]
async fn chat_operations_without_a_response_body_succeed_or_stay_rate_limited() {
    let server = MockServer::start().await;
    server.chat().users().delete_user("dave").succeeds().await;
    server
        .chat()
        .users()
        .delete_user("busy")
        // A wait longer than the mock client's 20 ms backoff cap: the call ends at
        // once with the server's wait, for the caller to decide.
        .expect(1)
        .rate_limited(Duration::from_secs(1))
        .await;

    let client = server.client();
    client
        .chat()
        .users()
        .delete_user("dave")
        .send()
        .await
        .unwrap();
    match client.chat().users().delete_user("busy").send().await {
        Err(Error::RateLimited {
            attempts,
            retry_after,
            ..
        }) => {
            assert_eq!(attempts, 1);
            assert_eq!(retry_after, Some(Duration::from_secs(1)));
        }
        other => panic!("expected RateLimited, got {other:?}"),
    }
    server.verify().await;
}

#[tokio::test]
async fn chat_slow_stubs_exercise_timeouts() {
    let server = MockServer::start().await;
    server
        .chat()
        .users()
        .view_user("slow")
        .delay(Duration::from_secs(5))
        .returns(&user("slow", "Slow"))
        .await;
    let client: Client = server
        .client_builder()
        .timeout(Duration::from_millis(100))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let error = app::display_name(&client, "slow").await.unwrap_err();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
}

#[tokio::test]
async fn desk_tickets_are_stubbed_with_their_own_credential_and_offset_pages() {
    let server = MockServer::start().await;
    let mut ticket = Ticket::default();
    ticket.id = 7;
    ticket.channel_name = Some("Refund".into());
    server
        .desk()
        .tickets()
        .view_ticket(7)
        .returns(&ticket)
        .await;
    let mut first = ListTicketsResponse::default();
    first.results = vec![ticket.clone()];
    first.next = Some(format!(
        "{}/tickets?limit=1&offset=1",
        server.base_url("desk")
    ));
    let mut last = ListTicketsResponse::default();
    last.results = vec![Ticket::default()];
    let tickets = server.desk().tickets();
    tickets.list_tickets().returns(&first).await;
    tickets
        .list_tickets()
        .with_query("offset", 1)
        .returns(&last)
        .await;

    let client = server.client();
    let fetched = client.desk().tickets().view_ticket(7).send().await.unwrap();
    assert_eq!(fetched.channel_name.as_deref(), Some("Refund"));
    let all: Vec<Ticket> = client
        .desk()
        .tickets()
        .list_tickets()
        .limit(1)
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 2);

    let sent = tickets.view_ticket(7).requests().await;
    assert_eq!(sent[0].path(), "/tickets/7");
    assert!(sent[0].header("SENDBIRDDESKAPITOKEN").is_some());
    assert!(sent[0].header("Api-Token").is_none());
}

#[tokio::test]
async fn calls_rooms_are_stubbed() {
    let server = MockServer::start().await;
    let mut room = Room::default();
    room.room_id = "room-1".into();
    let mut response = ViewRoomResponse::default();
    response.room = room;
    server
        .calls()
        .rooms()
        .view_room("room-1")
        .returns(&response)
        .await;

    let fetched = server
        .client()
        .calls()
        .rooms()
        .view_room("room-1")
        .send()
        .await
        .unwrap();
    assert_eq!(fetched.room.room_id, "room-1");
    let sent = server.calls().rooms().view_room("room-1").requests().await;
    assert_eq!(sent[0].service(), "calls");
    assert_eq!(sent[0].path(), "/rooms/room-1");
}

#[tokio::test]
async fn live_events_are_stubbed() {
    let server = MockServer::start().await;
    let mut event = LiveEvent::default();
    event.live_event_id = "ev-1".into();
    event.title = Some("Launch".into());
    let mut response = ViewLiveEventResponse::default();
    response.live_event = event;
    server
        .live()
        .live_events()
        .view_live_event("ev-1")
        .expect(1)
        .returns(&response)
        .await;

    let fetched = server
        .client()
        .live()
        .live_events()
        .view_live_event("ev-1")
        .send()
        .await
        .unwrap();
    assert_eq!(fetched.live_event.title.as_deref(), Some("Launch"));
    let sent = server.received_requests().await;
    assert_eq!(sent.len(), 1);
    assert_eq!(
        (sent[0].service(), sent[0].path()),
        ("live", "/live-events/ev-1")
    );
}

#[tokio::test]
async fn a_stub_can_script_a_conversation_rate_limited_then_answered() {
    let server = MockServer::start().await;
    let stub = server.chat().users().view_user("alice");
    stub.clone().times(1).rate_limited(Duration::ZERO).await;
    stub.returns(&user("alice", "Alice")).await;

    let name = app::display_name(&server.client(), "alice").await.unwrap();
    assert_eq!(name.as_deref(), Some("Alice"));
    assert_eq!(stub.requests().await.len(), 2, "one 429, then the answer");
}

#[tokio::test]
async fn a_stub_can_fail_first_and_succeed_after() {
    let server = MockServer::start().await;
    let stub = server.chat().users().view_user("alice");
    stub.clone().times(1).fails(ErrorCode::NotFound).await;
    stub.returns(&user("alice", "Alice")).await;

    let client = server.client();
    assert_eq!(app::display_name(&client, "alice").await.unwrap(), None);
    assert_eq!(
        app::display_name(&client, "alice")
            .await
            .unwrap()
            .as_deref(),
        Some("Alice")
    );
}

#[tokio::test]
async fn response_headers_of_a_stub_reach_send_with_metadata() {
    let server = MockServer::start().await;
    server
        .chat()
        .users()
        .view_user("alice")
        .with_header("X-RateLimit-Limit", "100")
        .with_header("X-RateLimit-Remaining", "7")
        .returns(&user("alice", "Alice"))
        .await;
    let response = server
        .client()
        .chat()
        .users()
        .view_user("alice")
        .send_with_metadata()
        .await
        .unwrap();
    assert_eq!(response.rate_limit.limit, Some(100));
    assert_eq!(response.rate_limit.remaining, Some(7));
    assert_eq!(response.data.user_id, "alice");
}

#[tokio::test]
async fn the_three_message_sends_are_stubbed_apart() {
    use sendbird_platform::generated::chat::types::ChannelType;
    let server = MockServer::start().await;
    let messages = server.chat().messages();
    messages
        .send_admin_message(ChannelType::GroupChannels, "room")
        .returns_json(json!({"type": "ADMM", "message_id": 3, "message": "notice"}))
        .await;
    messages
        .send_user_message(ChannelType::GroupChannels, "room")
        .returns_json(json!({"type": "MESG", "message_id": 1, "message": "hi"}))
        .await;

    let client = server.client();
    let sent = client
        .chat()
        .messages()
        .send_user_message(ChannelType::GroupChannels, "room", "ann", "hi")
        .send()
        .await
        .unwrap();
    // Each send returns its own kind of message.
    assert_eq!((sent.message_id, sent.message.as_deref()), (1, Some("hi")));
    let notice = client
        .chat()
        .messages()
        .send_admin_message(ChannelType::GroupChannels, "room", "notice")
        .send()
        .await
        .unwrap();
    assert_eq!(
        (notice.message_id, notice.message.as_deref()),
        (3, Some("notice"))
    );
}

#[tokio::test]
async fn an_api_error_gives_the_servers_message() {
    let server = MockServer::start().await;
    server
        .chat()
        .users()
        .view_user("bob")
        .fails(ErrorCode::NotFound)
        .await;
    let error = server
        .client()
        .chat()
        .users()
        .view_user("bob")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some(ErrorCode::NotFound));
    assert!(error.message().is_some_and(|m| !m.is_empty()), "{error:?}");
    assert_eq!(Error::Timeout { operation: "x" }.message(), None);
}

//! The downstream crate's tests, on the typed mock server of the `mock` feature.

use std::time::Duration;

use downstream::{action, Action, Directory};
use futures::TryStreamExt;
use sendbird_platform::generated::chat::types::{ListUsersResponse, User};
use sendbird_platform::mock::MockServer;
use sendbird_platform::{Client, Error, ErrorCode};

fn user(id: &str, nickname: &str) -> User {
    let mut user = User::default();
    user.user_id = id.to_owned();
    user.nickname = Some(nickname.to_owned());
    user
}

#[test]
fn the_builder_checks_its_configuration() {
    let client = downstream::client("my-app_1", "token-123").unwrap();
    assert!(
        !format!("{client:?}").contains("token-123"),
        "tokens are never printed"
    );
    let bad_app = downstream::client("not an app id", "token").unwrap_err();
    assert!(matches!(action(&bad_app), Action::FixConfiguration(_)));
    // Only the Chat service (and the Organization API) are compiled into this build.
    let desk = Client::builder()
        .base_url("desk", "http://127.0.0.1:1")
        .build()
        .unwrap_err();
    assert!(desk.to_string().contains("chat"), "{desk}");
}

#[test]
fn clients_and_errors_cross_threads() {
    fn send_sync_static<T: Send + Sync + 'static>() {}
    send_sync_static::<Client>();
    send_sync_static::<Error>();
    send_sync_static::<Directory>();
}

#[tokio::test]
async fn finds_registers_and_renames_users() {
    let server = MockServer::start().await;
    let users = server.chat().users();
    users
        .view_user("alice")
        .returns(&user("alice", "Alice"))
        .await;
    users.view_user("ghost").fails(ErrorCode::NotFound).await;
    users.create_user().returns(&user("bob", "Bob")).await;
    users
        .update_user("bob")
        .returns(&user("bob", "Robert"))
        .await;
    let directory = Directory::new(server.client());

    let alice = directory.find("alice").await.unwrap().unwrap();
    assert_eq!(alice.nickname.as_deref(), Some("Alice"));
    assert!(directory.find("ghost").await.unwrap().is_none());
    assert_eq!(
        directory.register("bob", "Bob").await.unwrap().user_id,
        "bob"
    );
    let renamed = directory.rename("bob", "Robert").await.unwrap();
    assert_eq!(renamed.nickname.as_deref(), Some("Robert"));

    let sent = users.update_user("bob").requests().await;
    assert_eq!(sent[0].method(), "PUT");
    assert_eq!(sent[0].path(), "/users/bob");
    let body: serde_json::Value = sent[0].json().unwrap();
    assert_eq!(body["nickname"], "Robert");
}

#[tokio::test]
async fn streams_every_page() {
    let server = MockServer::start().await;
    let mut first = ListUsersResponse::default();
    first.users = vec![user("a", "Ann"), user("b", "")];
    first.next = Some("cursor-2".to_owned());
    let mut second = ListUsersResponse::default();
    second.users = vec![user("c", "Cid")];
    let list = server.chat().users().list_users();
    list.returns(&first).await;
    list.clone()
        .with_query("token", "cursor-2")
        .returns(&second)
        .await;
    let directory = Directory::new(server.client());

    assert_eq!(directory.nicknames().await.unwrap(), ["Ann", "b", "Cid"]);
    // The stream is Send + 'static: it can run on another task.
    let all = tokio::spawn(directory.all().try_collect::<Vec<User>>())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(list.requests().await.len(), 4);
}

#[tokio::test]
async fn errors_become_actions() {
    let server = MockServer::start().await;
    let users = server.chat().users();
    users
        .view_user("busy")
        .rate_limited(Duration::from_secs(3))
        .await;
    users
        .view_user("down")
        .responds(503, "<html>maintenance</html>")
        .await;
    users
        .update_user("carol")
        .fails(ErrorCode::InvalidValue)
        .await;
    let directory = Directory::new(server.client());

    let busy = directory.find("busy").await.unwrap_err();
    assert_eq!(
        action(&busy),
        Action::RetryLater(Some(Duration::from_secs(3)))
    );
    let down = directory.find("down").await.unwrap_err();
    assert_eq!(
        (down.status(), action(&down)),
        (Some(503), Action::RetryLater(None))
    );
    let invalid = directory.rename("carol", "C").await.unwrap_err();
    assert!(matches!(action(&invalid), Action::Report(m) if m.starts_with("HTTP 400")));
    // Refused before sending: an empty path argument, and a missing credential.
    let empty = directory.find("").await.unwrap_err();
    assert!(matches!(action(&empty), Action::FixInput(_)), "{empty}");
    let no_token = Client::builder()
        .base_url("chat", server.base_url("chat"))
        .build()
        .unwrap();
    let missing = Directory::new(no_token).find("alice").await.unwrap_err();
    assert_eq!(
        action(&missing),
        Action::FixConfiguration("missing credential api_token".to_owned())
    );
    assert!(users.view_user("alice").requests().await.is_empty());
}

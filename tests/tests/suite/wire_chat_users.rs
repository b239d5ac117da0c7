//! Wire tests of the Chat `users` operations for what the operations' examples
//! (`api-spec/chat/users.yaml`) can't state: several pages, checks made before
//! sending, percent-encoding edge cases, the base URL override and the API error's
//! details.
//!
//! The client's Chat base URL is overridden with `http://127.0.0.1:<port>/v3`: the
//! override replaces Sendbird's whole base URL (`https://api-{app_id}.sendbird.com/v3`,
//! path prefix included) and the operation path is appended to it, so these tests see
//! the same `/v3/users/...` paths as Sendbird does.

use futures::TryStreamExt;
use integration_tests::matchers::{exact_query, NoBody, NoQuery};
use sendbird_platform::generated::chat::types::{
    ActiveMode, GroupChannelPushTriggerOption, GroupChannelRole, MemberRestrictionType, Message,
    PushTokenType,
};
use sendbird_platform::{Client, Error, ErrorCode, RetryPolicy};
use serde_json::{json, Value};
use wiremock::matchers::{header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockBuilder, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "test-master-api-token-0123456789";
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

/// A mock for a non-multipart call: method, exact path, the token header, the JSON
/// content type Sendbird asks for (the runtime sends it on every non-multipart
/// request) and `Accept`. Each test adds its own query and body matchers.
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

/// A realistic user object: most fields of the `User` type (`phone_number`,
/// `session_tokens` and `is_shadow_blocked` among them) and a `null` optional field
/// (`locale`).
fn user_json(user_id: &str, nickname: &str) -> Value {
    json!({
        "user_id": user_id,
        "nickname": nickname,
        "profile_url": format!("https://sendbird.example/profiles/{user_id}.png"),
        "require_auth_for_profile_image": false,
        "metadata": {"department": "support", "location": "Seoul"},
        "access_token": null,
        "created_at": 1_542_123_432,
        "discovery_keys": ["ann@example.com"],
        "has_ever_logged_in": true,
        "is_active": true,
        "is_online": false,
        "last_seen_at": 1_700_000_000_123_i64,
        "locale": null,
        "preferred_languages": ["en", "ko"],
        "phone_number": "",
        "session_tokens": [],
        "is_shadow_blocked": false
    })
}

/// A page of users as `list_users` returns it.
fn users_json(users: &[(&str, &str)], next: &str) -> Value {
    let users: Vec<Value> = users.iter().map(|(id, nick)| user_json(id, nick)).collect();
    json!({"users": users, "next": next, "ts": 1_700_000_000_000_i64})
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

// ---------------------------------------------------------------------------------------
// Cross-cutting behaviour, through the users operations
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn user_ids_reach_the_server_as_one_percent_encoded_segment() {
    let server = MockServer::start().await;
    let cases = [
        (
            "a/../b?x#%20é😀",
            "/v3/users/a%2F..%2Fb%3Fx%23%2520%C3%A9%F0%9F%98%80",
        ),
        ("user_id@email.com", "/v3/users/user_id%40email.com"),
    ];
    for (user_id, wire_path) in cases {
        sendbird_call("GET", wire_path)
            .and(NoQuery)
            .and(NoBody)
            .respond_with(ok(user_json(user_id, "Odd")))
            .expect(1)
            .mount(&server)
            .await;
    }

    let users = client(&server).chat().users();
    for (user_id, _) in cases {
        let user = users
            .view_user(user_id)
            .send()
            .await
            .unwrap_or_else(|e| panic!("view_user({user_id:?}) failed: {e}"));
        assert_eq!(user.user_id, user_id);
    }
    let received = server.received_requests().await.unwrap();
    let paths: Vec<&str> = received.iter().map(|r| r.url.path()).collect();
    assert_eq!(paths, cases.map(|(_, wire_path)| wire_path));
    // Each id is exactly one segment after `/v3/users/`.
    assert!(paths.iter().all(|p| p.split('/').count() == 4), "{paths:?}");

    // `..` alone would still be a dot segment once encoded, so it is refused unsent.
    let error = users
        .view_user("..")
        .send()
        .await
        .expect_err("`..` is refused");
    assert!(
        matches!(
            error,
            Error::InvalidRequest {
                operation: "chat.users.view_user",
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn the_base_url_override_replaces_the_whole_base_url() {
    // Without a `/v3` in the override, no `/v3` is sent: the override stands for
    // `https://api-{app_id}.sendbird.com/v3` as a whole. A trailing `/` is dropped.
    let server = MockServer::start().await;
    sendbird_call("GET", "/users/ann")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(user_json("ann", "Ann")))
        .expect(1)
        .mount(&server)
        .await;
    sendbird_call("GET", "/proxy/v3/users/bob")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(user_json("bob", "Bob")))
        .expect(1)
        .mount(&server)
        .await;

    let bare = Client::builder()
        .api_token(TOKEN)
        .base_url("chat", server.uri())
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let ann = bare.chat().users().view_user("ann").send().await.unwrap();
    assert_eq!(ann.user_id, "ann");

    let proxied = Client::builder()
        .api_token(TOKEN)
        .base_url("chat", format!("{}/proxy/v3/", server.uri()))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let bob = proxied
        .chat()
        .users()
        .view_user("bob")
        .send()
        .await
        .unwrap();
    assert_eq!(bob.user_id, "bob");
}

#[tokio::test]
async fn limit_out_of_range_is_rejected_before_sending() {
    let server = MockServer::start().await;
    // The bounds themselves are accepted and sent.
    sendbird_call("GET", "/v3/users")
        .and(query_param("limit", "1"))
        .and(exact_query(&[("limit", "1")]))
        .respond_with(ok(users_json(&[("a", "Ann")], "")))
        .expect(1)
        .mount(&server)
        .await;
    sendbird_call("GET", "/v3/users")
        .and(query_param("limit", "100"))
        .and(exact_query(&[("limit", "100")]))
        .respond_with(ok(users_json(&[("a", "Ann")], "")))
        .expect(1)
        .mount(&server)
        .await;

    let users = client(&server).chat().users();
    for limit in [0, -1, 101] {
        let error = users
            .list_users()
            .limit(limit)
            .send()
            .await
            .expect_err("limit out of range");
        match &error {
            Error::InvalidRequest { operation, message } => {
                assert_eq!(*operation, "chat.users.list_users");
                assert!(
                    message.contains("`limit` must be between 1 and 100"),
                    "{message}"
                );
            }
            other => panic!("expected InvalidRequest for limit {limit}, got {other:?}"),
        }
    }
    let error = users
        .list_my_group_channels("ann")
        .limit(0)
        .send()
        .await
        .expect_err("limit out of range");
    assert!(
        matches!(
            error,
            Error::InvalidRequest {
                operation: "chat.users.list_my_group_channels",
                ..
            }
        ),
        "{error:?}"
    );
    assert_no_requests(server.received_requests().await);

    for limit in [1, 100] {
        let page = users.list_users().limit(limit).send().await.unwrap();
        assert_eq!(page.users.len(), 1);
    }
}

#[tokio::test]
async fn an_api_error_body_becomes_a_typed_api_error() {
    let server = MockServer::start().await;
    let body = json!({"error": true, "message": "User not found.", "code": 400201});
    sendbird_call("GET", "/v3/users/ghost")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ResponseTemplate::new(400).set_body_json(body.clone()))
        .expect(1)
        .mount(&server)
        .await;

    let error = client(&server)
        .chat()
        .users()
        .view_user("ghost")
        .send()
        .await
        .expect_err("the user does not exist");
    match &error {
        Error::Api {
            status,
            code,
            message,
            body: raw,
            operation,
            ..
        } => {
            assert_eq!(*status, 400);
            assert_eq!(*code, Some(ErrorCode::NotFound));
            assert_eq!(message, "User not found.");
            assert_eq!(serde_json::from_str::<Value>(raw).unwrap(), body);
            assert_eq!(*operation, "chat.users.view_user");
        }
        other => panic!("expected an Api error, got {other:?}"),
    }
    assert_eq!(error.status(), Some(400));
    assert_eq!(error.code(), Some(ErrorCode::NotFound));
    assert_eq!(ErrorCode::NotFound.code(), 400201);
    assert!(!error.is_retryable());
    let display = error.to_string();
    assert!(
        display.starts_with("chat.users.view_user failed with HTTP 400, code 400201"),
        "{display}"
    );
    assert!(display.ends_with(": User not found."), "{display}");
}

#[tokio::test]
async fn list_users_streams_three_pages_following_the_token() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/users")
        .and(NoBody)
        .and(query_param_is_missing("token"))
        .and(exact_query(&[("limit", "2"), ("active_mode", "all")]))
        .respond_with(ok(users_json(
            &[("u1", "One"), ("u2", "Two")],
            "cGFnZTI+/==",
        )))
        .expect(1)
        .mount(&server)
        .await;
    sendbird_call("GET", "/v3/users")
        .and(NoBody)
        .and(query_param("token", "cGFnZTI+/=="))
        .and(exact_query(&[
            ("token", "cGFnZTI%2B%2F%3D%3D"),
            ("limit", "2"),
            ("active_mode", "all"),
        ]))
        .respond_with(ok(users_json(
            &[("u3", "Three"), ("u4", "Four")],
            "cGFnZTM",
        )))
        .expect(1)
        .mount(&server)
        .await;
    sendbird_call("GET", "/v3/users")
        .and(NoBody)
        .and(query_param("token", "cGFnZTM"))
        .and(exact_query(&[
            ("token", "cGFnZTM"),
            ("limit", "2"),
            ("active_mode", "all"),
        ]))
        .respond_with(ok(users_json(&[("u5", "Five")], "")))
        .expect(1)
        .mount(&server)
        .await;

    let users: Vec<_> = client(&server)
        .chat()
        .users()
        .list_users()
        .limit(2)
        .active_mode(ActiveMode::All)
        .into_stream()
        .try_collect()
        .await
        .expect("every page loads");

    let ids: Vec<&str> = users.iter().map(|u| u.user_id.as_str()).collect();
    assert_eq!(ids, ["u1", "u2", "u3", "u4", "u5"]);
    let nicknames: Vec<Option<&str>> = users.iter().map(|u| u.nickname.as_deref()).collect();
    assert_eq!(
        nicknames,
        [
            Some("One"),
            Some("Two"),
            Some("Three"),
            Some("Four"),
            Some("Five")
        ]
    );

    let received = server.received_requests().await.unwrap();
    let tokens: Vec<Option<String>> = received
        .iter()
        .map(|r| {
            r.url
                .query_pairs()
                .find(|(k, _)| k == "token")
                .map(|(_, v)| v.into_owned())
        })
        .collect();
    assert_eq!(
        tokens,
        [
            None,
            Some("cGFnZTI+/==".to_owned()),
            Some("cGFnZTM".to_owned())
        ]
    );
}

// ---------------------------------------------------------------------------------------
// Fields Sendbird's OpenAPI files document on the shared types
// ---------------------------------------------------------------------------------------

/// A channel of `list_my_group_channels` with the fields upstream documents on group
/// channels, members and messages: they reach the caller typed, not dropped.
#[tokio::test]
async fn my_group_channels_decode_the_channel_member_and_message_fields_upstream_documents() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/users/ann/my_group_channels")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(json!({
            "channels": [{
                "channel_url": "help_1",
                "id": 81_234_567,
                "my_push_trigger_option": "false",
                "members": [
                    {"user_id": "ann", "role": "operator", "friend_discovery_key": null,
                     "plain_profile_url": "", "require_auth": false, "restriction_info": null},
                    {"user_id": "bo", "role": "", "friend_discovery_key": ["bo@example.com"],
                     "restriction_info": {"restriction_type": "muted", "description": "Flooding",
                                          "end_at": 1_700_003_600_000_i64}}
                ],
                "last_message": {
                    "type": "MESG", "message_id": 5001, "message": "Where is my invoice?",
                    "user": {"user_id": "bo", "role": "", "is_active": true, "is_blocked_by_me": false},
                    "message_retention_hour": -1,
                    "message_events": {"send_push_notification": "receivers", "update_unread_count": true,
                                       "update_mention_count": false, "update_last_message": true},
                    "files": [],
                    "file": {},
                    "extended_message_payload": {"suggested_replies": ["Yes", "No"]}
                }
            }],
            "next": ""
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server)
        .chat()
        .users()
        .list_my_group_channels("ann")
        .send()
        .await
        .expect("the page decodes");
    let channel = &page.channels[0];
    assert_eq!(channel.id, Some(81_234_567));
    assert_eq!(
        channel.my_push_trigger_option,
        Some(GroupChannelPushTriggerOption::False)
    );
    let members = channel.members.as_ref().expect("members");
    assert_eq!(members[0].role, Some(GroupChannelRole::Operator));
    assert_eq!(members[0].friend_discovery_key, None);
    assert_eq!(members[0].require_auth, Some(false));
    assert!(members[0].restriction_info.is_none());
    assert_eq!(
        members[1].friend_discovery_key.as_deref(),
        Some(&["bo@example.com".to_owned()][..])
    );
    let restriction = members[1].restriction_info.as_ref().expect("restriction");
    assert_eq!(
        restriction.restriction_type,
        Some(MemberRestrictionType::Muted)
    );
    assert_eq!(restriction.description.as_deref(), Some("Flooding"));
    assert_eq!(restriction.end_at.map(|t| t.0), Some(1_700_003_600_000));

    let Some(Message::UserMessage(message)) = &channel.last_message else {
        panic!("a text message: {:?}", channel.last_message);
    };
    assert_eq!(message.message_retention_hour, Some(-1));
    let events = message.message_events.as_ref().expect("message_events");
    assert_eq!(events.send_push_notification.as_deref(), Some("receivers"));
    assert_eq!(events.update_mention_count, Some(false));
    assert_eq!(message.files.as_deref().map(<[_]>::len), Some(0));
    assert_eq!(
        message
            .extended_message_payload
            .as_ref()
            .and_then(|p| p.suggested_replies.clone()),
        Some(vec!["Yes".to_owned(), "No".to_owned()])
    );
    let sender = message.user.as_ref().expect("sender");
    assert_eq!(sender.role, Some(GroupChannelRole::Empty));
    assert_eq!(sender.is_blocked_by_me, Some(false));
}

/// The user of a registered push token carries the profile fields upstream lists.
#[tokio::test]
async fn a_push_token_owner_decodes_role_activation_and_metadata() {
    let server = MockServer::start().await;
    sendbird_call("POST", "/v3/users/ann/push/gcm")
        .and(NoQuery)
        .respond_with(ok(json!({
            "token": "fcm:APA91bH-x_y",
            "type": "GCM",
            "user": {"user_id": "ann", "is_active": true, "is_blocked_by_me": false,
                     "require_auth_for_profile_image": true, "role": "none",
                     "metadata": {"team": "support"}}
        })))
        .expect(1)
        .mount(&server)
        .await;

    let registered = client(&server)
        .chat()
        .users()
        .register_push_token("ann", PushTokenType::Gcm)
        .gcm_reg_token("fcm:APA91bH-x_y")
        .send()
        .await
        .expect("the answer decodes");
    let user = &registered.user;
    assert_eq!(user.is_active, Some(true));
    assert_eq!(user.is_blocked_by_me, Some(false));
    assert_eq!(user.require_auth_for_profile_image, Some(true));
    assert_eq!(user.role, Some(GroupChannelRole::None));
    assert_eq!(
        user.metadata
            .as_ref()
            .and_then(|m| m.get("team"))
            .map(String::as_str),
        Some("support")
    );
}

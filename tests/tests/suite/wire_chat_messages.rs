//! Wire tests of the Chat `messages` and `scheduled_messages` operations that their
//! examples (in `api-spec/chat/messages.yaml` and `scheduled_messages.yaml`) can't state:
//! inputs rejected before anything is sent.

use sendbird_platform::generated::chat::messages::ListMessagesAnchor;
use sendbird_platform::generated::chat::types::ChannelType;
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
async fn view_scheduled_message_count_without_a_sender_fails_before_sending() {
    let server = silent_server().await;
    let error = client(&server)
        .chat()
        .scheduled_messages()
        .view_scheduled_message_count()
        .send()
        .await
        .expect_err("sender_id is required");
    assert!(
        matches!(&error, Error::InvalidRequest { message, .. } if message.contains("`sender_id`")),
        "{error:?}"
    );
    assert_no_requests(server.received_requests().await);
}

//! Wire tests of the Desk Platform API v1 that the examples in `api-spec/desk/` can't
//! state: which credential goes out (and which never does), a stream that follows the
//! offset of `next` URLs, and inputs rejected before anything is sent.
//!
//! The client's Desk base URL is overridden with `http://127.0.0.1:<port>/platform/v1`,
//! so these tests see the same `/platform/v1/...` paths as Sendbird does.

use futures::TryStreamExt;
use sendbird_platform::generated::desk::types::TicketStatus;
use sendbird_platform::generated::desk::Desk;
use sendbird_platform::{Client, Error, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const DESK_TOKEN: &str = "desk-key-5f1c0e2a9b7d4c3e8a6f";
const PREFIX: &str = "/platform/v1";

fn desk(server: &MockServer) -> Desk {
    Desk::from_client(
        Client::builder()
            .app_id("app")
            .desk_api_token(DESK_TOKEN)
            .base_url("desk", format!("{}{PREFIX}", server.uri()))
            .retry_policy(RetryPolicy::none())
            .build()
            .expect("valid test client"),
    )
}

#[tokio::test]
async fn a_client_without_a_desk_key_fails_before_sending() {
    let server = MockServer::start().await;
    // The client has the Chat token only: it must never be sent to Desk.
    let client = Client::builder()
        .app_id("app")
        .api_token("chat-master-token")
        .base_url("desk", format!("{}{PREFIX}", server.uri()))
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("valid test client");

    let error = Desk::from_client(client)
        .tickets()
        .view_ticket(1)
        .send()
        .await
        .expect_err("no Desk key");

    match &error {
        Error::MissingCredentials {
            operation,
            credential,
        } => {
            assert_eq!(*operation, "desk.tickets.view_ticket");
            assert_eq!(*credential, "desk_api_token");
        }
        other => panic!("expected MissingCredentials, got {other:?}"),
    }
    assert!(error.to_string().contains("desk_api_token"));
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn desk_requests_never_carry_the_chat_token() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("{PREFIX}/tickets/1")))
        .and(header("SENDBIRDDESKAPITOKEN", DESK_TOKEN))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": 1})))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .app_id("app")
        .api_token("chat-master-token")
        .desk_api_token(DESK_TOKEN)
        .base_url("desk", format!("{}{PREFIX}", server.uri()))
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("valid test client");

    let ticket = Desk::from_client(client)
        .tickets()
        .view_ticket(1)
        .send()
        .await
        .expect("the ticket");
    assert_eq!(ticket.id, 1);
    let requests = server.received_requests().await.unwrap();
    assert!(!requests[0].headers.contains_key("api-token"));
}

#[tokio::test]
async fn list_tickets_into_stream_follows_the_offset_of_next() {
    let server = MockServer::start().await;
    let url =
        |query: &str| format!("https://desk-api-app.sendbird.com/platform/v1/tickets?{query}");
    Mock::given(method("GET"))
        .and(path(format!("{PREFIX}/tickets")))
        .and(query_param("limit", "2"))
        .and(query_param("status2", "ACTIVE"))
        .and(query_param_is_missing("offset"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "count": 3,
            "next": url("limit=2&offset=2&status2=ACTIVE"),
            "previous": null,
            "results": [{"id": 1, "status2": "ACTIVE"}, {"id": 2, "status2": "ACTIVE"}]
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{PREFIX}/tickets")))
        .and(query_param("limit", "2"))
        .and(query_param("offset", "2"))
        .and(query_param("status2", "ACTIVE"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "count": 3,
            "next": null,
            "previous": url("limit=2&offset=0&status2=ACTIVE"),
            "results": [{"id": 3, "status2": "ACTIVE"}]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let ids: Vec<i64> = desk(&server)
        .tickets()
        .list_tickets()
        .limit(2)
        .status2(TicketStatus::Active)
        .into_stream()
        .map_ok(|ticket| ticket.id)
        .try_collect()
        .await
        .expect("every ticket");
    assert_eq!(ids, [1, 2, 3]);
}

#[tokio::test]
async fn update_project_rejects_a_time_out_of_range_before_sending() {
    let server = MockServer::start().await;
    let error = desk(&server)
        .projects()
        .update_project()
        .wip_to_pending_time(10_080)
        .send()
        .await
        .expect_err("the limit is 10079 minutes");
    assert!(
        matches!(error, Error::InvalidRequest { .. }),
        "expected InvalidRequest, got {error:?}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

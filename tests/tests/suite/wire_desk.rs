//! Wire tests of the Desk Platform API v1: each operation sends exactly the expected
//! method, path, query, headers and JSON body to a loopback mock server, and decodes a
//! realistic Desk response (camelCase names, ISO 8601 times, `null`s and fields this
//! client does not know) into typed values.
//!
//! The client's Desk base URL is overridden with `http://127.0.0.1:<port>/platform/v1`:
//! the override replaces Sendbird's whole base URL
//! (`https://desk-api-{app_id}.sendbird.com/platform/v1`, path prefix included), so these
//! tests see the same `/platform/v1/...` paths as Sendbird does.

use std::collections::BTreeMap;

use futures::TryStreamExt;
use sendbird_platform::generated::desk::types::{
    AgentConnection, AgentRole, AgentStatus, AgentTier, BotStatus, BotType, CustomerChannelType,
    Priority, TicketNoteSource, TicketStatus,
};
use sendbird_platform::generated::desk::Desk;
use sendbird_platform::{Client, Error, RetryPolicy};
use serde_json::{json, Value};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Match, Mock, MockBuilder, MockServer, Request, ResponseTemplate};

const DESK_TOKEN: &str = "desk-key-5f1c0e2a9b7d4c3e8a6f";
const JSON_CONTENT_TYPE: &str = "application/json; charset=utf8";
const PREFIX: &str = "/platform/v1";

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/// A client whose Desk requests go to `server` under `/platform/v1`, without retries.
fn client(server: &MockServer) -> Client {
    Client::builder()
        .app_id("app")
        .desk_api_token(DESK_TOKEN)
        .base_url("desk", format!("{}{PREFIX}", server.uri()))
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("valid test client")
}

fn desk(server: &MockServer) -> Desk {
    Desk::from_client(client(server))
}

/// A mock for a Desk call: method, exact path below `/platform/v1`, the Desk key in
/// `SENDBIRDDESKAPITOKEN` (and no Chat `Api-Token`), the JSON content type and `Accept`.
/// Each test adds its own query and body matchers.
fn desk_call(http_method: &str, wire_path: &str) -> MockBuilder {
    Mock::given(method(http_method))
        .and(path(format!("{PREFIX}{wire_path}")))
        .and(header("SENDBIRDDESKAPITOKEN", DESK_TOKEN))
        .and(NoHeader("api-token"))
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

/// Matches a request that does not carry the header (name in lowercase).
struct NoHeader(&'static str);

impl Match for NoHeader {
    fn matches(&self, request: &Request) -> bool {
        !request.headers.contains_key(self.0)
    }
}

/// A page of a Desk list: `{count, next, previous, results}`, where `next` and
/// `previous` are full URLs (or `null`).
fn page(results: Vec<Value>, count: i64, next: Option<&str>, previous: Option<&str>) -> Value {
    json!({"count": count, "next": next, "previous": previous, "results": results})
}

fn next_url(resource: &str, query: &str) -> String {
    format!("https://desk-api-app.sendbird.com/platform/v1/{resource}?{query}")
}

/// An agent as Desk returns it, with a field this client does not know (`phoneNumber`).
fn agent_json(id: i64, name: &str) -> Value {
    json!({
        "id": id,
        "displayName": name,
        "project": 2101,
        "user": 73_104,
        "sendbirdId": format!("agent-{id}"),
        "role": "AGENT",
        "createdAt": "2023-04-02T08:15:30.123456Z",
        "status": "ACTIVE",
        "connection": "ONLINE",
        "email": format!("agent{id}@example.com"),
        "photoThumbnailUrl": null,
        "connectionUpdatedAt": "2024-01-10T01:02:03.000000Z",
        "tier": "EXPERT",
        "phoneNumber": ""
    })
}

/// A customer with a `null` thumbnail and an unknown field (`isBlocked`).
fn customer_json(id: i64, sendbird_id: &str) -> Value {
    json!({
        "id": id,
        "sendbirdId": sendbird_id,
        "channelType": "SENDBIRD",
        "project": 2101,
        "createdAt": "2023-05-01T10:00:00.000000Z",
        "displayName": "Ann Lee",
        "photoThumbnailUrl": null,
        "customFields": [{"key": "plan", "value": "gold"}],
        "isBlocked": false
    })
}

fn group_json(id: i64, key: &str) -> Value {
    json!({
        "id": id,
        "name": "Billing",
        "key": key,
        "project": 2101,
        "createdAt": "2022-11-20T09:00:00.000000Z",
        "createdBy": 73_104,
        "description": "Payment questions",
        "isDefault": false
    })
}

/// A ticket: a nested customer and group, `null` close fields and unknown fields
/// (`firstResponseTime`, `tags`).
fn ticket_json(id: i64, status: &str) -> Value {
    json!({
        "id": id,
        "project": 2101,
        "channelName": "Refund request",
        "channelUrl": format!("sendbird_desk_agent_chat_{id}"),
        "createdAt": "2024-02-01T12:00:00.000000Z",
        "closedAt": null,
        "issuedAt": "2024-02-01T12:00:05.000000Z",
        "durationTime": 0,
        "pendingTime": 42,
        "conversationTime": 0,
        "customer": customer_json(501, "ann"),
        "status2": status,
        "closeStatus": null,
        "recentAssignment": {"id": 9001, "agent": agent_json(11, "Kim")},
        "closeComment": null,
        "closeMessage": null,
        "info": null,
        "messageCount": 3,
        "lastMessage": "Thanks!",
        "priority": "HIGH",
        "group": group_json(31, "billing"),
        "customFields": [],
        "relatedChannels": "[]",
        "firstResponseTime": 17,
        "tags": []
    })
}

fn bot_json(id: i64) -> Value {
    json!({
        "id": id,
        "name": "Helper",
        "type": "CUSTOM",
        "project": 2101,
        "key": "helper-bot",
        "status": "ACTIVE",
        "photoUrl": "https://sendbird.example/bots/helper.png",
        "webhookUrl": "https://bots.example.com/desk",
        "createdAt": "2023-01-01T00:00:00.000000Z",
        "updatedAt": "2024-01-01T00:00:00.000000Z",
        "canReceiveTransferredTickets": true,
        "isUnreadError": false,
        "welcomeMessage": "Hi, I am Helper.",
        "agent": {"id": 77}
    })
}

fn proactive_chat_json(id: i64) -> Value {
    json!({
        "id": id,
        "project": 2101,
        "message": "Your order shipped.",
        "messageCount": 1,
        "createdBy": {"id": 11, "displayName": "Kim"},
        "assignedGroup": {"id": 31, "key": "billing"},
        "sentCount": 2,
        "respondedCount": 1,
        "closedCount": 0,
        "customersList": "[501, 502]",
        "createdAt": "2024-03-01T00:00:00.000000Z",
        "updatedAt": "2024-03-01T00:05:00.000000Z",
        "priority": "LOW"
    })
}

// ---------------------------------------------------------------------------------------
// Credentials
// ---------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------
// Tickets
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn list_tickets_sends_every_filter_and_decodes_a_page() {
    let server = MockServer::start().await;
    let next = next_url("tickets", "limit=2&offset=2&status2=PENDING");
    desk_call("GET", "/tickets")
        .and(exact_query(&[
            ("limit", "2"),
            ("offset", "0"),
            ("status2", "PENDING"),
            ("agent", "11"),
            ("sendbird_id", "ann%40example.com"),
            ("q", "refund%20please"),
            ("channel_url", "sendbird_desk_agent_chat_1"),
            ("start_date", "2024-01-01"),
            ("end_date", "2024-01-31"),
        ]))
        .and(NoBody)
        .respond_with(ok(page(
            vec![ticket_json(1, "PENDING"), ticket_json(2, "PENDING")],
            5,
            Some(&next),
            None,
        )))
        .expect(1)
        .mount(&server)
        .await;

    let page = desk(&server)
        .tickets()
        .list_tickets()
        .limit(2)
        .offset(0)
        .status2(TicketStatus::Pending)
        .agent(11)
        .sendbird_id("ann@example.com")
        .q("refund please")
        .channel_url("sendbird_desk_agent_chat_1")
        .start_date("2024-01-01")
        .end_date("2024-01-31")
        .send()
        .await
        .expect("a page of tickets");

    assert_eq!(page.count, Some(5));
    assert_eq!(page.next.as_deref(), Some(next.as_str()));
    assert_eq!(page.previous, None);
    assert_eq!(page.results.len(), 2);
    let ticket = &page.results[0];
    assert_eq!(ticket.id, 1);
    assert_eq!(ticket.status2, Some(TicketStatus::Pending));
    assert_eq!(ticket.priority, Some(Priority::High));
    assert_eq!(ticket.closed_at, None);
    assert_eq!(ticket.pending_time, Some(42));
    assert_eq!(ticket.message_count, Some(3));
    let customer = ticket.customer.as_ref().expect("customer");
    assert_eq!(customer.id, 501);
    assert_eq!(customer.channel_type, Some(CustomerChannelType::Sendbird));
    assert_eq!(
        ticket.group.as_ref().and_then(|g| g.key.as_deref()),
        Some("billing")
    );
    assert_eq!(
        ticket.recent_assignment.as_ref().map(|a| a["id"].clone()),
        Some(json!(9001))
    );
}

#[tokio::test]
async fn list_tickets_into_stream_follows_the_offset_of_next() {
    let server = MockServer::start().await;
    desk_call("GET", "/tickets")
        .and(exact_query(&[("limit", "2"), ("status2", "ACTIVE")]))
        .respond_with(ok(page(
            vec![ticket_json(1, "ACTIVE"), ticket_json(2, "ACTIVE")],
            3,
            Some(&next_url("tickets", "limit=2&offset=2&status2=ACTIVE")),
            None,
        )))
        .expect(1)
        .mount(&server)
        .await;
    desk_call("GET", "/tickets")
        .and(exact_query(&[
            ("limit", "2"),
            ("offset", "2"),
            ("status2", "ACTIVE"),
        ]))
        .respond_with(ok(page(
            vec![ticket_json(3, "ACTIVE")],
            3,
            None,
            Some(&next_url("tickets", "limit=2&offset=0&status2=ACTIVE")),
        )))
        .expect(1)
        .mount(&server)
        .await;

    let tickets: Vec<_> = desk(&server)
        .tickets()
        .list_tickets()
        .limit(2)
        .status2(TicketStatus::Active)
        .into_stream()
        .try_collect()
        .await
        .expect("every ticket");

    let ids: Vec<i64> = tickets.iter().map(|t| t.id).collect();
    assert_eq!(ids, [1, 2, 3]);
}

#[tokio::test]
async fn create_ticket_sends_a_camel_case_body() {
    let server = MockServer::start().await;
    desk_call("POST", "/tickets")
        .and(NoQuery)
        .and(body_json(json!({
            "channelName": "Refund request",
            "customerId": 501,
            "groupKey": "billing",
            "customFields": "{\"order\":\"A-17\"}",
            "priority": "URGENT",
            "relatedChannelUrls": "channel-a,channel-b",
            "botKey": "helper-bot"
        })))
        .respond_with(ok(ticket_json(7, "INITIALIZED")))
        .expect(1)
        .mount(&server)
        .await;

    let ticket = desk(&server)
        .tickets()
        .create_ticket()
        .channel_name("Refund request")
        .customer_id(501)
        .group_key("billing")
        .custom_fields(r#"{"order":"A-17"}"#)
        .priority(Priority::Urgent)
        .related_channel_urls("channel-a,channel-b")
        .bot_key("helper-bot")
        .send()
        .await
        .expect("the new ticket");

    assert_eq!(ticket.id, 7);
    assert_eq!(ticket.status2, Some(TicketStatus::Initialized));
    assert_eq!(
        ticket.channel_url.as_deref(),
        Some("sendbird_desk_agent_chat_7")
    );
}

#[tokio::test]
async fn create_ticket_without_a_customer_is_rejected_before_sending() {
    let server = MockServer::start().await;

    let error = desk(&server)
        .tickets()
        .create_ticket()
        .channel_name("No customer")
        .send()
        .await
        .expect_err("customerId is required");

    assert!(
        matches!(error, Error::InvalidRequest { .. }),
        "expected InvalidRequest, got {error:?}"
    );
    assert!(error.to_string().contains("customerId"), "{error}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn view_ticket_decodes_unknown_fields_and_nulls() {
    let server = MockServer::start().await;
    let mut body = ticket_json(42, "WORK_IN_PROGRESS");
    body["status2"] = json!("SNOOZED"); // a status this client does not know yet
    desk_call("GET", "/tickets/42")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(body))
        .expect(1)
        .mount(&server)
        .await;

    let ticket = desk(&server)
        .tickets()
        .view_ticket(42)
        .send()
        .await
        .expect("the ticket");

    assert_eq!(ticket.id, 42);
    assert_eq!(
        ticket.status2,
        Some(TicketStatus::Unknown("SNOOZED".to_owned()))
    );
    assert_eq!(ticket.close_comment, None);
    assert_eq!(ticket.info, None);
    assert_eq!(ticket.last_message.as_deref(), Some("Thanks!"));
}

#[tokio::test]
async fn update_ticket_sends_the_priority() {
    let server = MockServer::start().await;
    let mut body = ticket_json(42, "ACTIVE");
    body["priority"] = json!("LOW");
    desk_call("PATCH", "/tickets/42")
        .and(NoQuery)
        .and(body_json(json!({"priority": "LOW"})))
        .respond_with(ok(body))
        .expect(1)
        .mount(&server)
        .await;

    let ticket = desk(&server)
        .tickets()
        .update_ticket(42)
        .priority(Priority::Low)
        .send()
        .await
        .expect("the updated ticket");

    assert_eq!(ticket.priority, Some(Priority::Low));
}

#[tokio::test]
async fn close_ticket_sends_the_comment_and_message() {
    let server = MockServer::start().await;
    let mut body = ticket_json(42, "CLOSED");
    body["closedAt"] = json!("2024-02-02T09:00:00.000000Z");
    body["closeComment"] = json!("Refunded");
    body["closeStatus"] = json!("CLOSED_BY_PLATFORM_API");
    desk_call("PATCH", "/tickets/42/close")
        .and(NoQuery)
        .and(body_json(json!({
            "closeComment": "Refunded",
            "closeMessage": "Your refund is on its way."
        })))
        .respond_with(ok(body))
        .expect(1)
        .mount(&server)
        .await;

    let ticket = desk(&server)
        .tickets()
        .close_ticket(42)
        .close_comment("Refunded")
        .close_message("Your refund is on its way.")
        .send()
        .await
        .expect("the closed ticket");

    assert_eq!(ticket.status2, Some(TicketStatus::Closed));
    assert_eq!(ticket.close_comment.as_deref(), Some("Refunded"));
    assert_eq!(
        ticket.close_status.as_deref(),
        Some("CLOSED_BY_PLATFORM_API")
    );
    assert_eq!(
        ticket.closed_at.as_deref(),
        Some("2024-02-02T09:00:00.000000Z")
    );
}

#[tokio::test]
async fn reopen_ticket_sends_no_body() {
    let server = MockServer::start().await;
    desk_call("PATCH", "/tickets/42/reopen")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(ticket_json(42, "PENDING")))
        .expect(1)
        .mount(&server)
        .await;

    let ticket = desk(&server)
        .tickets()
        .reopen_ticket(42)
        .send()
        .await
        .expect("the reopened ticket");

    assert_eq!(ticket.id, 42);
    assert_eq!(ticket.status2, Some(TicketStatus::Pending));
}

#[tokio::test]
async fn cancel_ticket_assignment_sends_an_empty_object_by_default() {
    let server = MockServer::start().await;
    desk_call("PATCH", "/tickets/42/cancel")
        .and(NoQuery)
        .and(body_json(json!({})))
        .respond_with(ok(ticket_json(42, "PENDING")))
        .expect(1)
        .mount(&server)
        .await;

    let ticket = desk(&server)
        .tickets()
        .cancel_ticket_assignment(42)
        .send()
        .await
        .expect("the unassigned ticket");

    assert_eq!(ticket.status2, Some(TicketStatus::Pending));
}

#[tokio::test]
async fn transfer_tickets_to_group_sends_ids_status_and_key() {
    let server = MockServer::start().await;
    desk_call("POST", "/tickets/transfer_to_group")
        .and(NoQuery)
        .and(body_json(json!({
            "tickets": [42, 43],
            "status": "PENDING",
            "groupKey": "billing"
        })))
        .respond_with(ok(json!({
            "transferredTickets": [ticket_json(42, "PENDING"), ticket_json(43, "PENDING")]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let result = desk(&server)
        .tickets()
        .transfer_tickets_to_group()
        .tickets([42, 43])
        .status(TicketStatus::Pending)
        .group_key("billing")
        .send()
        .await
        .expect("the transfer result");

    let transferred = result.transferred_tickets.expect("transferred tickets");
    assert_eq!(transferred.len(), 2);
    assert_eq!(transferred[1]["id"], json!(43));
}

#[tokio::test]
async fn update_ticket_custom_fields_sends_an_object() {
    let server = MockServer::start().await;
    let mut body = ticket_json(42, "ACTIVE");
    body["customFields"] = json!([{"key": "order", "value": "A-17"}]);
    desk_call("PATCH", "/tickets/42/custom_fields")
        .and(NoQuery)
        .and(body_json(
            json!({"customFields": {"order": "A-17", "line": "30"}}),
        ))
        .respond_with(ok(body))
        .expect(1)
        .mount(&server)
        .await;

    let fields = BTreeMap::from([
        ("order".to_owned(), "A-17".to_owned()),
        ("line".to_owned(), "30".to_owned()),
    ]);
    let ticket = desk(&server)
        .tickets()
        .update_ticket_custom_fields(42)
        .custom_fields(fields)
        .send()
        .await
        .expect("the ticket");

    assert_eq!(
        ticket.custom_fields,
        Some(json!([{"key": "order", "value": "A-17"}]))
    );
}

#[tokio::test]
async fn list_ticket_messages_pages_by_offset() {
    let server = MockServer::start().await;
    desk_call("GET", "/tickets/42/chat_messages")
        .and(exact_query(&[("limit", "50"), ("offset", "100")]))
        .and(NoBody)
        .respond_with(ok(page(
            vec![
                json!({"id": 7001, "ticket": 42, "message": "Hello", "messageId": 99_887_766, "sender": null}),
                json!({"id": 7002, "ticket": 42, "message": null}),
            ],
            102,
            None,
            Some(&next_url("tickets/42/chat_messages", "limit=50&offset=50")),
        )))
        .expect(1)
        .mount(&server)
        .await;

    let page = desk(&server)
        .tickets()
        .list_ticket_messages(42)
        .limit(50)
        .offset(100)
        .send()
        .await
        .expect("a page of messages");

    assert_eq!(page.count, Some(102));
    assert_eq!(page.next, None);
    assert_eq!(page.results.len(), 2);
    assert_eq!(page.results[0].id, Some(7001));
    assert_eq!(page.results[0].ticket, Some(42));
    assert_eq!(page.results[0].message.as_deref(), Some("Hello"));
    assert_eq!(page.results[1].message, None);
}

#[tokio::test]
#[allow(deprecated)]
async fn list_chat_messages_still_works_while_deprecated() {
    let server = MockServer::start().await;
    desk_call("GET", "/chat_messages")
        .and(exact_query(&[("limit", "10")]))
        .respond_with(ok(page(
            vec![json!({"id": 7001, "ticket": 42, "message": "Hello"})],
            1,
            None,
            None,
        )))
        .expect(1)
        .mount(&server)
        .await;

    let page = desk(&server)
        .tickets()
        .list_chat_messages()
        .limit(10)
        .send()
        .await
        .expect("a page of messages");

    assert_eq!(page.results.len(), 1);
    assert_eq!(page.results[0].ticket, Some(42));
}

// ---------------------------------------------------------------------------------------
// Agents
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn list_agents_filters_by_connection_and_status() {
    let server = MockServer::start().await;
    desk_call("GET", "/agents")
        .and(exact_query(&[
            ("limit", "100"),
            ("offset", "0"),
            ("connection", "ONLINE"),
            ("status", "ACTIVE"),
        ]))
        .and(NoBody)
        .respond_with(ok(page(
            vec![agent_json(11, "Kim"), agent_json(12, "Lee")],
            2,
            None,
            None,
        )))
        .expect(1)
        .mount(&server)
        .await;

    let page = desk(&server)
        .agents()
        .list_agents()
        .limit(100)
        .offset(0)
        .connection(AgentConnection::Online)
        .status(AgentStatus::Active)
        .send()
        .await
        .expect("a page of agents");

    assert_eq!(page.results.len(), 2);
    let agent = &page.results[0];
    assert_eq!(agent.id, 11);
    assert_eq!(agent.display_name.as_deref(), Some("Kim"));
    assert_eq!(agent.role, Some(AgentRole::Agent));
    assert_eq!(agent.tier, Some(AgentTier::Expert));
    assert_eq!(agent.connection, Some(AgentConnection::Online));
    assert_eq!(agent.user, Some(json!(73_104)));
    assert_eq!(agent.photo_thumbnail_url, None);
}

#[tokio::test]
async fn view_agent_decodes_one_agent() {
    let server = MockServer::start().await;
    desk_call("GET", "/agents/11")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(agent_json(11, "Kim")))
        .expect(1)
        .mount(&server)
        .await;

    let agent = desk(&server)
        .agents()
        .view_agent(11)
        .send()
        .await
        .expect("the agent");

    assert_eq!(agent.id, 11);
    assert_eq!(agent.sendbird_id.as_deref(), Some("agent-11"));
    assert_eq!(agent.email.as_deref(), Some("agent11@example.com"));
}

#[tokio::test]
async fn update_agent_connection_sends_the_connection() {
    let server = MockServer::start().await;
    let mut body = agent_json(11, "Kim");
    body["connection"] = json!("AWAY");
    desk_call("PATCH", "/agents/11/connection")
        .and(NoQuery)
        .and(body_json(json!({"connection": "AWAY"})))
        .respond_with(ok(body))
        .expect(1)
        .mount(&server)
        .await;

    let agent = desk(&server)
        .agents()
        .update_agent_connection(11)
        .connection(AgentConnection::Away)
        .send()
        .await
        .expect("the agent");

    assert_eq!(agent.connection, Some(AgentConnection::Away));
}

#[tokio::test]
async fn update_agent_status_sends_the_status() {
    let server = MockServer::start().await;
    let mut body = agent_json(11, "Kim");
    body["status"] = json!("INACTIVE");
    desk_call("PATCH", "/agents/11/status")
        .and(NoQuery)
        .and(body_json(json!({"status": "INACTIVE"})))
        .respond_with(ok(body))
        .expect(1)
        .mount(&server)
        .await;

    let agent = desk(&server)
        .agents()
        .update_agent_status(11)
        .status(AgentStatus::Inactive)
        .send()
        .await
        .expect("the agent");

    assert_eq!(agent.status, Some(AgentStatus::Inactive));
}

#[tokio::test]
async fn cancel_agent_assignments_sends_the_target_team() {
    let server = MockServer::start().await;
    desk_call("POST", "/agents/11/cancel_assignments")
        .and(NoQuery)
        .and(body_json(json!({"groupKey": "billing"})))
        .respond_with(ok(json!({"results": [ticket_json(42, "PENDING")]})))
        .expect(1)
        .mount(&server)
        .await;

    let response = desk(&server)
        .agents()
        .cancel_agent_assignments(11)
        .group_key("billing")
        .send()
        .await
        .expect("the raw response");

    assert_eq!(response["results"][0]["id"], json!(42));
}

// ---------------------------------------------------------------------------------------
// Customers
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn list_customers_finds_a_customer_by_sendbird_id() {
    let server = MockServer::start().await;
    desk_call("GET", "/customers")
        .and(exact_query(&[
            ("limit", "1"),
            ("offset", "0"),
            ("sendbird_id", "ann%2Fsupport"),
        ]))
        .and(NoBody)
        .respond_with(ok(page(
            vec![customer_json(501, "ann/support")],
            1,
            None,
            None,
        )))
        .expect(1)
        .mount(&server)
        .await;

    let page = desk(&server)
        .customers()
        .list_customers()
        .limit(1)
        .offset(0)
        .sendbird_id("ann/support")
        .send()
        .await
        .expect("a page of customers");

    assert_eq!(page.count, Some(1));
    let customer = &page.results[0];
    assert_eq!(customer.id, 501);
    assert_eq!(customer.sendbird_id.as_deref(), Some("ann/support"));
    assert_eq!(customer.photo_thumbnail_url, None);
    assert_eq!(
        customer.custom_fields,
        Some(vec![json!({"key": "plan", "value": "gold"})])
    );
}

#[tokio::test]
async fn create_customer_sends_the_sendbird_id() {
    let server = MockServer::start().await;
    desk_call("POST", "/customers")
        .and(NoQuery)
        .and(body_json(json!({
            "sendbirdId": "ann",
            "displayName": "Ann Lee",
            "customFields": "{\"plan\":\"gold\"}"
        })))
        .respond_with(ok(customer_json(501, "ann")))
        .expect(1)
        .mount(&server)
        .await;

    let customer = desk(&server)
        .customers()
        .create_customer()
        .sendbird_id("ann")
        .display_name("Ann Lee")
        .custom_fields(r#"{"plan":"gold"}"#)
        .send()
        .await
        .expect("the new customer");

    assert_eq!(customer.id, 501);
    assert_eq!(customer.display_name.as_deref(), Some("Ann Lee"));
}

#[tokio::test]
async fn view_customer_decodes_one_customer() {
    let server = MockServer::start().await;
    let mut body = customer_json(502, "fb-1234");
    body["channelType"] = json!("FACEBOOK_PAGE");
    desk_call("GET", "/customers/502")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(body))
        .expect(1)
        .mount(&server)
        .await;

    let customer = desk(&server)
        .customers()
        .view_customer(502)
        .send()
        .await
        .expect("the customer");

    assert_eq!(customer.id, 502);
    assert_eq!(
        customer.channel_type,
        Some(CustomerChannelType::FacebookPage)
    );
}

#[tokio::test]
async fn update_customer_custom_fields_sends_a_json_string() {
    let server = MockServer::start().await;
    desk_call("PATCH", "/customers/501/custom_fields")
        .and(NoQuery)
        .and(body_json(
            json!({"customFields": "{\"plan\":\"platinum\"}"}),
        ))
        .respond_with(ok(customer_json(501, "ann")))
        .expect(1)
        .mount(&server)
        .await;

    let customer = desk(&server)
        .customers()
        .update_customer_custom_fields(501)
        .custom_fields(r#"{"plan":"platinum"}"#)
        .send()
        .await
        .expect("the customer");

    assert_eq!(customer.id, 501);
}

// ---------------------------------------------------------------------------------------
// Teams (groups)
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn list_groups_pages_by_offset() {
    let server = MockServer::start().await;
    desk_call("GET", "/groups")
        .and(exact_query(&[("limit", "20"), ("offset", "20")]))
        .and(NoBody)
        .respond_with(ok(page(
            vec![group_json(31, "billing"), group_json(32, "shipping")],
            42,
            Some(&next_url("groups", "limit=20&offset=40")),
            Some(&next_url("groups", "limit=20&offset=0")),
        )))
        .expect(1)
        .mount(&server)
        .await;

    let page = desk(&server)
        .teams()
        .list_groups()
        .limit(20)
        .offset(20)
        .send()
        .await
        .expect("a page of groups");

    assert_eq!(page.count, Some(42));
    assert_eq!(page.results[1].key.as_deref(), Some("shipping"));
    assert_eq!(page.results[0].created_by, Some(json!(73_104)));
    assert!(page.previous.is_some());
}

#[tokio::test]
async fn view_group_decodes_its_members() {
    let server = MockServer::start().await;
    let mut body = group_json(31, "billing");
    body["members"] = json!([agent_json(11, "Kim"), agent_json(12, "Lee")]);
    desk_call("GET", "/groups/31")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(body))
        .expect(1)
        .mount(&server)
        .await;

    let group = desk(&server)
        .teams()
        .view_group(31)
        .send()
        .await
        .expect("the group");

    assert_eq!(group.id, 31);
    assert_eq!(group.name.as_deref(), Some("Billing"));
    let members = group.members.expect("members");
    assert_eq!(members.iter().map(|a| a.id).collect::<Vec<_>>(), [11, 12]);
}

#[tokio::test]
async fn add_group_member_sends_the_agent() {
    let server = MockServer::start().await;
    desk_call("POST", "/groups/31/membership")
        .and(NoQuery)
        .and(body_json(json!({"agent": 12})))
        .respond_with(ok(group_json(31, "billing")))
        .expect(1)
        .mount(&server)
        .await;

    let response = desk(&server)
        .teams()
        .add_group_member(31)
        .agent(12)
        .send()
        .await
        .expect("the raw response");

    assert_eq!(response["key"], json!("billing"));
}

#[tokio::test]
async fn remove_group_member_sends_a_delete_with_the_agent() {
    let server = MockServer::start().await;
    desk_call("DELETE", "/groups/31/membership")
        .and(NoQuery)
        .and(body_json(json!({"agent": 12})))
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    let response = desk(&server)
        .teams()
        .remove_group_member(31)
        .agent(12)
        .send()
        .await
        .expect("the raw response");

    assert_eq!(response, json!({}));
}

// ---------------------------------------------------------------------------------------
// Projects
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn update_project_sends_only_the_settings_given() {
    let server = MockServer::start().await;
    desk_call("PATCH", "/projects")
        .and(NoQuery)
        .and(body_json(json!({
            "activeToIdleTime": 30,
            "idleToClosedTime": 1440,
            "idleToClosedReminderTime": 720
        })))
        .respond_with(ok(json!({
            "id": 2101,
            "pid": "a1b2c3",
            "activeToIdleTime": 30,
            "idleToClosedTime": 1440,
            "idleToClosedReminderTime": 720,
            "wipToPendingTime": 60,
            "slug": "acme"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let project = desk(&server)
        .projects()
        .update_project()
        .active_to_idle_time(30)
        .idle_to_closed_time(1440)
        .idle_to_closed_reminder_time(720)
        .send()
        .await
        .expect("the project");

    assert_eq!(project.id, 2101);
    assert_eq!(project.pid.as_deref(), Some("a1b2c3"));
    assert_eq!(project.active_to_idle_time, Some(30));
    assert_eq!(project.wip_to_pending_time, Some(60));
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

#[tokio::test]
async fn view_working_hours_returns_the_raw_json() {
    let server = MockServer::start().await;
    let hours = json!({
        "timezone": "Asia/Seoul",
        "workingHours": [{"day": "MON", "startTime": "09:00", "endTime": "18:00"}]
    });
    desk_call("GET", "/projects/working_hours")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(hours.clone()))
        .expect(1)
        .mount(&server)
        .await;

    let response = desk(&server)
        .projects()
        .view_working_hours()
        .send()
        .await
        .expect("the working hours");

    assert_eq!(response, hours);
}

// ---------------------------------------------------------------------------------------
// Bots
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn view_bot_decodes_one_bot() {
    let server = MockServer::start().await;
    desk_call("GET", "/bots/77")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(bot_json(77)))
        .expect(1)
        .mount(&server)
        .await;

    let bot = desk(&server)
        .bots()
        .view_bot(77)
        .send()
        .await
        .expect("the bot");

    assert_eq!(bot.id, 77);
    assert_eq!(bot.r#type, Some(BotType::Custom));
    assert_eq!(bot.status, Some(BotStatus::Active));
    assert_eq!(bot.can_receive_transferred_tickets, Some(true));
    assert_eq!(bot.welcome_message.as_deref(), Some("Hi, I am Helper."));
}

#[tokio::test]
async fn update_bot_sends_the_changed_settings() {
    let server = MockServer::start().await;
    let mut body = bot_json(77);
    body["type"] = json!("FAQ");
    body["webhookUrl"] = json!(null);
    body["welcomeMessage"] = json!("Welcome back");
    desk_call("PATCH", "/bots/77")
        .and(NoQuery)
        .and(body_json(json!({
            "welcomeMessage": "Welcome back",
            "canReceiveTransferredTickets": false
        })))
        .respond_with(ok(body))
        .expect(1)
        .mount(&server)
        .await;

    let bot = desk(&server)
        .bots()
        .update_bot(77)
        .welcome_message("Welcome back")
        .can_receive_transferred_tickets(false)
        .send()
        .await
        .expect("the bot");

    assert_eq!(bot.r#type, Some(BotType::Faq));
    assert_eq!(bot.webhook_url, None);
    assert_eq!(bot.welcome_message.as_deref(), Some("Welcome back"));
}

#[tokio::test]
async fn send_bot_message_answers_a_webhook_event() {
    let server = MockServer::start().await;
    desk_call("POST", "/bots/77/send_message")
        .and(NoQuery)
        .and(body_json(json!({
            "message": "Your order ships tomorrow.",
            "botWebhookEventId": 123_456
        })))
        .respond_with(ok(
            json!({"id": 990, "message": "Your order ships tomorrow."}),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let response = desk(&server)
        .bots()
        .send_bot_message(77)
        .message("Your order ships tomorrow.")
        .bot_webhook_event_id(123_456)
        .send()
        .await
        .expect("the raw response");

    assert_eq!(response["id"], json!(990));
}

// ---------------------------------------------------------------------------------------
// Proactive chats
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn create_proactive_chat_sends_the_message_and_customers() {
    let server = MockServer::start().await;
    desk_call("POST", "/proactive_chats")
        .and(NoQuery)
        .and(body_json(json!({
            "message": "Your order shipped.",
            "customersList": [501, 502],
            "priority": "LOW"
        })))
        .respond_with(ok(proactive_chat_json(8)))
        .expect(1)
        .mount(&server)
        .await;

    let chat = desk(&server)
        .proactive_chats()
        .create_proactive_chat()
        .message("Your order shipped.")
        .customers_list([501, 502])
        .priority(Priority::Low)
        .send()
        .await
        .expect("the proactive chat");

    assert_eq!(chat.id, 8);
    assert_eq!(chat.sent_count, Some(2));
    assert_eq!(chat.priority, Some(Priority::Low));
}

#[tokio::test]
async fn view_proactive_chat_decodes_its_counts() {
    let server = MockServer::start().await;
    desk_call("GET", "/proactive_chats/8")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(proactive_chat_json(8)))
        .expect(1)
        .mount(&server)
        .await;

    let chat = desk(&server)
        .proactive_chats()
        .view_proactive_chat(8)
        .send()
        .await
        .expect("the proactive chat");

    assert_eq!(chat.responded_count, Some(1));
    assert_eq!(chat.closed_count, Some(0));
    assert_eq!(chat.customers_list.as_deref(), Some("[501, 502]"));
    assert_eq!(
        chat.assigned_group.as_ref().map(|g| g["key"].clone()),
        Some(json!("billing"))
    );
}

// ---------------------------------------------------------------------------------------
// Ticket notes
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn list_ticket_notes_sends_the_period() {
    let server = MockServer::start().await;
    desk_call("GET", "/ticket_notes")
        .and(exact_query(&[
            ("limit", "10"),
            ("offset", "0"),
            ("start_date", "2024-01-01"),
            ("end_date", "2024-03-31"),
        ]))
        .and(NoBody)
        .respond_with(ok(page(
            vec![
                json!({
                    "id": 300,
                    "ticket_id": 42,
                    "note": "Customer prefers email.",
                    "requestedFrom": "DASHBOARD",
                    "createdBy": {"userId": 73_104, "role": "AGENT"},
                    "createdAt": "2024-02-01T12:10:00.000000Z",
                    "updatedAt": "2024-02-01T12:10:00.000000Z"
                }),
                json!({
                    "id": 301,
                    "ticket_id": 43,
                    "note": "Refund approved.",
                    "requestedFrom": "PLATFORM_API",
                    "createdBy": null,
                    "createdAt": "2024-02-02T08:00:00.000000Z",
                    "updatedAt": "2024-02-02T08:00:00.000000Z"
                }),
            ],
            2,
            None,
            None,
        )))
        .expect(1)
        .mount(&server)
        .await;

    let page = desk(&server)
        .ticket_notes()
        .list_ticket_notes()
        .limit(10)
        .offset(0)
        .start_date("2024-01-01")
        .end_date("2024-03-31")
        .send()
        .await
        .expect("a page of notes");

    assert_eq!(page.results.len(), 2);
    assert_eq!(page.results[0].ticket_id, Some(42));
    assert_eq!(
        page.results[0].requested_from,
        Some(TicketNoteSource::Dashboard)
    );
    assert_eq!(
        page.results[1].requested_from,
        Some(TicketNoteSource::PlatformApi)
    );
    assert_eq!(page.results[1].created_by, None);
}

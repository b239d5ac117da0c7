//! Wire tests of the Chat `polls` operations: each one sends exactly the expected
//! method, path, query, headers and body to a loopback mock server, and decodes a
//! realistic response (with unknown fields and `null`s) into typed values.
//!
//! The client's Chat base URL is overridden with `http://127.0.0.1:<port>/v3`, so the
//! mock sees the same `/v3/polls/...` paths as Sendbird does.

use futures::TryStreamExt;
use sendbird_platform::generated::chat::types::{ChannelType, Poll, PollStatus};
use sendbird_platform::{Client, Error, RetryPolicy, UnixSeconds};
use serde_json::{json, Value};
use wiremock::matchers::{any, body_json, header, method, path, query_param};
use wiremock::{Match, Mock, MockBuilder, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "test-master-api-token-0123456789";
const JSON_CONTENT_TYPE: &str = "application/json; charset=utf8";
const CHANNEL: &str = "sendbird_group_channel_2453_0c29e9a3";

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

/// A mock for a JSON call: method, exact path, the token header, the JSON content type
/// and `Accept`. Each test adds its own query and body matchers.
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
        let mut pairs: Vec<(String, String)> = request
            .url
            .query()
            .unwrap_or_default()
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| match pair.split_once('=') {
                Some((k, v)) => (k.to_owned(), v.to_owned()),
                None => (pair.to_owned(), String::new()),
            })
            .collect();
        pairs.sort();
        pairs == self.0
    }
}

/// Matches a request without any query string (not even a bare `?`).
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

/// A poll option as Sendbird returns it, with a field this client does not know.
fn option_json(poll_id: i64, id: i64, text: &str, votes: i64) -> Value {
    json!({
        "poll_id": poll_id,
        "id": id,
        "text": text,
        "vote_count": votes,
        "created_by": "kay",
        "created_at": 1_657_267_925,
        "updated_at": 0,
        "is_hidden": false
    })
}

/// A poll resource: every field of `Poll`, a `null` (`created_by`), and fields this
/// client does not know (`message_id`, `voted_option_ids`).
fn poll_json(id: i64, status: &str) -> Value {
    json!({
        "id": id,
        "title": "April lunch date",
        "status": status,
        "allow_user_suggestion": true,
        "allow_multiple_votes": true,
        "is_anonymous": false,
        "created_at": 1_657_267_925,
        "updated_at": 0,
        "created_by": null,
        "voter_count": 5,
        "close_at": -1,
        "data": {"text": "Pick every day that works"},
        "options": [
            option_json(id, 3591, "April 15 (Fri)", 3),
            option_json(id, 3592, "April 16 (Sat)", 2)
        ],
        "message_id": 1_700_000_123_456_i64,
        "voted_option_ids": []
    })
}

/// Checks the decoded `poll_json(id, "open")`.
fn assert_open_poll(poll: &Poll, id: i64) {
    assert_eq!(poll.id, id);
    assert_eq!(poll.title.as_deref(), Some("April lunch date"));
    assert_eq!(poll.status, Some(PollStatus::Open));
    assert_eq!(poll.allow_user_suggestion, Some(true));
    assert_eq!(poll.allow_multiple_votes, Some(true));
    assert_eq!(poll.is_anonymous, Some(false));
    assert_eq!(poll.created_at, Some(UnixSeconds(1_657_267_925)));
    assert_eq!(poll.updated_at, Some(UnixSeconds(0)));
    assert_eq!(poll.created_by, None, "`null` decodes to None");
    assert_eq!(poll.voter_count, Some(5));
    assert_eq!(poll.close_at, Some(UnixSeconds(-1)));
    assert_eq!(
        poll.data,
        Some(json!({"text": "Pick every day that works"}))
    );
    let options = poll.options.as_ref().expect("options");
    assert_eq!(options.len(), 2);
    assert_eq!(options[0].id, 3591);
    assert_eq!(options[0].poll_id, Some(id));
    assert_eq!(options[0].text.as_deref(), Some("April 15 (Fri)"));
    assert_eq!(options[0].vote_count, Some(3));
    assert_eq!(options[0].created_by.as_deref(), Some("kay"));
    assert_eq!(options[0].created_at, Some(UnixSeconds(1_657_267_925)));
    assert_eq!(options[0].partial_voter_list, None);
    assert_eq!(options[1].id, 3592);
    assert_eq!(options[1].vote_count, Some(2));
}

/// A voter as `list_poll_option_voters` returns it.
fn voter_json(user_id: &str) -> Value {
    json!({
        "user_id": user_id,
        "nickname": user_id.to_uppercase(),
        "profile_url": null,
        "metadata": {"team": "design"},
        "is_active": true
    })
}

// ---------------------------------------------------------------------------------------
// One test per operation
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn list_polls_sends_every_query_param() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/polls")
        .and(NoBody)
        .and(query_param("token", "cD0y+/"))
        .and(query_param("channel_type", "group_channels"))
        .and(exact_query(&[
            ("token", "cD0y%2B%2F"),
            ("limit", "20"),
            ("channel_url", CHANNEL),
            ("channel_type", "group_channels"),
        ]))
        .respond_with(ok(json!({
            "polls": [poll_json(2217, "open"), poll_json(2218, "closed")],
            "next": "cD0z",
            "ts": 1_700_000_000_000_i64
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server)
        .chat()
        .polls()
        .list_polls()
        .token("cD0y+/")
        .limit(20)
        .channel_url(CHANNEL)
        .channel_type(ChannelType::GroupChannels)
        .send()
        .await
        .expect("list_polls succeeds");

    assert_eq!(page.polls.len(), 2);
    assert_open_poll(&page.polls[0], 2217);
    assert_eq!(page.polls[1].id, 2218);
    assert_eq!(page.polls[1].status, Some(PollStatus::Closed));
    assert_eq!(page.next.as_deref(), Some("cD0z"));
}

#[tokio::test]
async fn create_poll_sends_a_json_body() {
    let server = MockServer::start().await;
    sendbird_call("POST", "/v3/polls")
        .and(NoQuery)
        .and(body_json(json!({
            "title": "April lunch date",
            "options": ["April 15 (Fri)", "April 16 (Sat)"],
            "allow_user_suggestion": true,
            "allow_multiple_votes": true,
            "close_at": -1,
            "created_by": "kay",
            "data": {"text": "Pick every day that works"}
        })))
        .respond_with(ok(poll_json(2217, "open")))
        .expect(1)
        .mount(&server)
        .await;

    let poll = client(&server)
        .chat()
        .polls()
        .create_poll()
        .title("April lunch date")
        .options_value(["April 15 (Fri)", "April 16 (Sat)"])
        .allow_user_suggestion(true)
        .allow_multiple_votes(true)
        .close_at(UnixSeconds(-1))
        .created_by("kay")
        .data(json!({"text": "Pick every day that works"}))
        .send()
        .await
        .expect("create_poll succeeds");

    assert_open_poll(&poll, 2217);
}

#[tokio::test]
async fn create_poll_without_options_fails_before_sending() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ok(poll_json(1, "open")))
        .expect(0)
        .mount(&server)
        .await;

    let error = client(&server)
        .chat()
        .polls()
        .create_poll()
        .title("No options")
        .send()
        .await
        .expect_err("`options` is required");
    match &error {
        Error::InvalidRequest { operation, message } => {
            assert_eq!(*operation, "chat.polls.create_poll");
            assert!(message.contains("`options`"), "{message}");
        }
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn view_poll_sends_channel_and_partial_voter_query() {
    let server = MockServer::start().await;
    let mut poll = poll_json(2217, "open");
    poll["options"][0]["partial_voter_list"] = json!([voter_json("ann"), voter_json("bob")]);
    sendbird_call("GET", "/v3/polls/2217")
        .and(NoBody)
        .and(exact_query(&[
            ("channel_url", CHANNEL),
            ("channel_type", "group_channels"),
            ("show_partial_voter_list", "true"),
        ]))
        .respond_with(ok(poll))
        .expect(1)
        .mount(&server)
        .await;

    let poll = client(&server)
        .chat()
        .polls()
        .view_poll(2217)
        .channel_url(CHANNEL)
        .channel_type(ChannelType::GroupChannels)
        .show_partial_voter_list(true)
        .send()
        .await
        .expect("view_poll succeeds");

    let options = poll.options.as_ref().expect("options");
    let voters = options[0]
        .partial_voter_list
        .as_ref()
        .expect("partial voters");
    let ids: Vec<&str> = voters.iter().map(|v| v.user_id.as_str()).collect();
    assert_eq!(ids, ["ann", "bob"]);
    assert_eq!(voters[0].nickname.as_deref(), Some("ANN"));
    assert_eq!(voters[0].profile_url, None);
    assert_eq!(
        voters[0].metadata.as_ref().and_then(|m| m.get("team")),
        Some(&"design".to_owned())
    );
    assert_eq!(options[1].partial_voter_list, None);
}

#[tokio::test]
async fn update_poll_sends_only_the_fields_set() {
    let server = MockServer::start().await;
    sendbird_call("PUT", "/v3/polls/2217")
        .and(NoQuery)
        .and(body_json(json!({
            "title": "May lunch date",
            "allow_user_suggestion": false,
            "allow_multiple_votes": false,
            "close_at": 1_657_354_325,
            "created_by": "lee",
            "data": {"text": "One day only"}
        })))
        .respond_with(ok({
            let mut poll = poll_json(2217, "open");
            poll["title"] = json!("May lunch date");
            poll["allow_user_suggestion"] = json!(false);
            poll["allow_multiple_votes"] = json!(false);
            poll["close_at"] = json!(1_657_354_325);
            poll["created_by"] = json!("lee");
            poll["updated_at"] = json!(1_657_300_000);
            poll
        }))
        .expect(1)
        .mount(&server)
        .await;

    let poll = client(&server)
        .chat()
        .polls()
        .update_poll(2217)
        .title("May lunch date")
        .allow_user_suggestion(false)
        .allow_multiple_votes(false)
        .close_at(UnixSeconds(1_657_354_325))
        .created_by("lee")
        .data(json!({"text": "One day only"}))
        .send()
        .await
        .expect("update_poll succeeds");

    assert_eq!(poll.id, 2217);
    assert_eq!(poll.title.as_deref(), Some("May lunch date"));
    assert_eq!(poll.allow_multiple_votes, Some(false));
    assert_eq!(poll.close_at, Some(UnixSeconds(1_657_354_325)));
    assert_eq!(poll.created_by.as_deref(), Some("lee"));
    assert_eq!(poll.updated_at, Some(UnixSeconds(1_657_300_000)));
}

#[tokio::test]
async fn delete_poll_sends_an_empty_delete() {
    let server = MockServer::start().await;
    sendbird_call("DELETE", "/v3/polls/2217")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server)
        .chat()
        .polls()
        .delete_poll(2217)
        .send_with_metadata()
        .await
        .expect("delete_poll succeeds");
    assert_eq!(response.status, 200);
}

#[tokio::test]
async fn close_poll_decodes_the_closed_poll() {
    let server = MockServer::start().await;
    sendbird_call("PUT", "/v3/polls/2217/close")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok({
            let mut poll = poll_json(2217, "closed");
            poll["close_at"] = json!(1_657_300_000);
            poll
        }))
        .expect(1)
        .mount(&server)
        .await;

    let poll = client(&server)
        .chat()
        .polls()
        .close_poll(2217)
        .send()
        .await
        .expect("close_poll succeeds");

    assert_eq!(poll.id, 2217);
    assert_eq!(poll.status, Some(PollStatus::Closed));
    assert_eq!(poll.close_at, Some(UnixSeconds(1_657_300_000)));
}

#[tokio::test]
async fn add_poll_option_sends_text_and_creator() {
    let server = MockServer::start().await;
    sendbird_call("POST", "/v3/polls/2217/options")
        .and(NoQuery)
        .and(body_json(
            json!({"text": "April 17 (Sun)", "created_by": "ann"}),
        ))
        .respond_with(ok({
            let mut poll = poll_json(2217, "open");
            poll["options"].as_array_mut().unwrap().push(option_json(
                2217,
                3593,
                "April 17 (Sun)",
                0,
            ));
            poll
        }))
        .expect(1)
        .mount(&server)
        .await;

    let poll = client(&server)
        .chat()
        .polls()
        .add_poll_option(2217)
        .text("April 17 (Sun)")
        .created_by("ann")
        .send()
        .await
        .expect("add_poll_option succeeds");

    let options = poll.options.expect("options");
    assert_eq!(options.len(), 3);
    assert_eq!(options[2].id, 3593);
    assert_eq!(options[2].text.as_deref(), Some("April 17 (Sun)"));
    assert_eq!(options[2].vote_count, Some(0));
}

#[tokio::test]
async fn view_poll_option_sends_the_channel_query() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/polls/2217/options/3591")
        .and(NoBody)
        .and(exact_query(&[
            ("channel_url", CHANNEL),
            ("channel_type", "group_channels"),
        ]))
        .respond_with(ok({
            let mut option = option_json(2217, 3591, "April 15 (Fri)", 3);
            option["updated_at"] = json!(1_657_270_000);
            option["partial_voter_list"] = json!([voter_json("ann")]);
            option
        }))
        .expect(1)
        .mount(&server)
        .await;

    let option = client(&server)
        .chat()
        .polls()
        .view_poll_option(2217, 3591)
        .channel_url(CHANNEL)
        .channel_type(ChannelType::GroupChannels)
        .send()
        .await
        .expect("view_poll_option succeeds");

    assert_eq!(option.id, 3591);
    assert_eq!(option.poll_id, Some(2217));
    assert_eq!(option.text.as_deref(), Some("April 15 (Fri)"));
    assert_eq!(option.vote_count, Some(3));
    assert_eq!(option.updated_at, Some(UnixSeconds(1_657_270_000)));
    let voters = option.partial_voter_list.expect("voters");
    assert_eq!(voters.len(), 1);
    assert_eq!(voters[0].user_id, "ann");
}

#[tokio::test]
async fn update_poll_option_sends_the_new_text() {
    let server = MockServer::start().await;
    sendbird_call("PUT", "/v3/polls/2217/options/3592")
        .and(NoQuery)
        .and(body_json(json!({"text": "April 16 (Sat), noon"})))
        .respond_with(ok({
            let mut poll = poll_json(2217, "open");
            poll["options"][1]["text"] = json!("April 16 (Sat), noon");
            poll
        }))
        .expect(1)
        .mount(&server)
        .await;

    let poll = client(&server)
        .chat()
        .polls()
        .update_poll_option(2217, 3592)
        .text("April 16 (Sat), noon")
        .send()
        .await
        .expect("update_poll_option succeeds");

    let options = poll.options.expect("options");
    assert_eq!(options[1].id, 3592);
    assert_eq!(options[1].text.as_deref(), Some("April 16 (Sat), noon"));
}

#[tokio::test]
async fn delete_poll_option_sends_an_empty_delete() {
    let server = MockServer::start().await;
    sendbird_call("DELETE", "/v3/polls/2217/options/3592")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server)
        .chat()
        .polls()
        .delete_poll_option(2217, 3592)
        .send_with_metadata()
        .await
        .expect("delete_poll_option succeeds");
    assert_eq!(response.status, 200);
}

#[tokio::test]
async fn vote_on_poll_sends_the_options_and_an_empty_list_to_cancel() {
    let server = MockServer::start().await;
    sendbird_call("PUT", "/v3/polls/2217/vote")
        .and(NoQuery)
        .and(body_json(
            json!({"user_id": "ann", "option_ids": [3591, 3592]}),
        ))
        .respond_with(ok({
            let mut poll = poll_json(2217, "open");
            poll["voter_count"] = json!(6);
            poll["options"][0]["vote_count"] = json!(4);
            poll["options"][1]["vote_count"] = json!(3);
            poll
        }))
        .expect(1)
        .mount(&server)
        .await;
    // Cancelling every vote sends an empty list, not a missing field.
    sendbird_call("PUT", "/v3/polls/2217/vote")
        .and(NoQuery)
        .and(body_json(json!({"user_id": "ann", "option_ids": []})))
        .respond_with(ok(poll_json(2217, "open")))
        .expect(1)
        .mount(&server)
        .await;

    let polls = client(&server).chat().polls();
    let voted = polls
        .vote_on_poll(2217)
        .user_id("ann")
        .option_ids([3591, 3592])
        .send()
        .await
        .expect("voting succeeds");
    assert_eq!(voted.voter_count, Some(6));
    let counts: Vec<Option<i64>> = voted
        .options
        .expect("options")
        .iter()
        .map(|o| o.vote_count)
        .collect();
    assert_eq!(counts, [Some(4), Some(3)]);

    let cancelled = polls
        .vote_on_poll(2217)
        .user_id("ann")
        .option_ids(Vec::<i64>::new())
        .send()
        .await
        .expect("cancelling succeeds");
    assert_eq!(cancelled.voter_count, Some(5));
}

#[tokio::test]
async fn list_poll_option_voters_sends_every_query_param() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/polls/2217/options/3591/voters")
        .and(NoBody)
        .and(exact_query(&[
            ("token", "dm90ZXJz"),
            ("limit", "2"),
            ("channel_url", CHANNEL),
            ("channel_type", "group_channels"),
        ]))
        .respond_with(ok(json!({
            "vote_count": 3,
            "voters": [voter_json("ann"), voter_json("bob")],
            "next": "dm90ZXJzMg"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server)
        .chat()
        .polls()
        .list_poll_option_voters(2217, 3591)
        .token("dm90ZXJz")
        .limit(2)
        .channel_url(CHANNEL)
        .channel_type(ChannelType::GroupChannels)
        .send()
        .await
        .expect("list_poll_option_voters succeeds");

    assert_eq!(page.vote_count, Some(3));
    let ids: Vec<&str> = page.voters.iter().map(|v| v.user_id.as_str()).collect();
    assert_eq!(ids, ["ann", "bob"]);
    assert_eq!(page.voters[1].nickname.as_deref(), Some("BOB"));
    assert_eq!(page.next.as_deref(), Some("dm90ZXJzMg"));
}

// ---------------------------------------------------------------------------------------
// Pagination, limits and tolerance
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn list_poll_option_voters_streams_every_page() {
    let server = MockServer::start().await;
    let voters_path = "/v3/polls/2217/options/3591/voters";
    sendbird_call("GET", voters_path)
        .and(exact_query(&[("limit", "2")]))
        .respond_with(ok(json!({
            "vote_count": 3,
            "voters": [voter_json("ann"), voter_json("bob")],
            "next": "cGFnZTI="
        })))
        .expect(1)
        .mount(&server)
        .await;
    sendbird_call("GET", voters_path)
        .and(exact_query(&[("limit", "2"), ("token", "cGFnZTI%3D")]))
        .respond_with(ok(json!({
            "vote_count": 3,
            "voters": [voter_json("cy")],
            "next": ""
        })))
        .expect(1)
        .mount(&server)
        .await;

    let voters: Vec<_> = client(&server)
        .chat()
        .polls()
        .list_poll_option_voters(2217, 3591)
        .limit(2)
        .into_stream()
        .try_collect()
        .await
        .expect("every page loads");
    let ids: Vec<&str> = voters.iter().map(|v| v.user_id.as_str()).collect();
    assert_eq!(ids, ["ann", "bob", "cy"]);
}

#[tokio::test]
async fn list_polls_streams_every_page() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/polls")
        .and(NoQuery)
        .respond_with(ok(json!({"polls": [poll_json(1, "open")], "next": "Mg"})))
        .expect(1)
        .mount(&server)
        .await;
    sendbird_call("GET", "/v3/polls")
        .and(exact_query(&[("token", "Mg")]))
        .respond_with(ok(
            json!({"polls": [poll_json(2, "removed")], "next": null}),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let polls: Vec<_> = client(&server)
        .chat()
        .polls()
        .list_polls()
        .into_stream()
        .try_collect()
        .await
        .expect("every page loads");
    let ids: Vec<i64> = polls.iter().map(|p| p.id).collect();
    assert_eq!(ids, [1, 2]);
    assert_eq!(polls[1].status, Some(PollStatus::Removed));
}

#[tokio::test]
async fn list_polls_limit_above_twenty_is_rejected_before_sending() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ok(json!({"polls": [], "next": ""})))
        .expect(0)
        .mount(&server)
        .await;

    for limit in [0, 21] {
        let error = client(&server)
            .chat()
            .polls()
            .list_polls()
            .limit(limit)
            .send()
            .await
            .expect_err("limit out of range");
        match &error {
            Error::InvalidRequest { operation, message } => {
                assert_eq!(*operation, "chat.polls.list_polls");
                assert!(
                    message.contains("`limit` must be between 1 and 20"),
                    "{message}"
                );
            }
            other => panic!("expected InvalidRequest for limit {limit}, got {other:?}"),
        }
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn an_unknown_poll_status_is_kept() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/polls/7")
        .and(NoQuery)
        .respond_with(ok(json!({"id": 7, "status": "archived", "options": null})))
        .expect(1)
        .mount(&server)
        .await;

    let poll = client(&server)
        .chat()
        .polls()
        .view_poll(7)
        .send()
        .await
        .expect("view_poll succeeds");
    assert_eq!(poll.id, 7);
    assert_eq!(
        poll.status,
        Some(PollStatus::Unknown("archived".to_owned()))
    );
    assert_eq!(poll.options, None);
    assert_eq!(poll.title, None);
}

//! Wire tests of the Chat `reports` and `privacy` (GDPR) operations: each one sends
//! exactly the expected method, path, query, headers and body to a loopback mock
//! server, and decodes a realistic response (with `null`s and fields this client
//! doesn't know) into typed values.
//!
//! The Chat base URL is overridden with `http://127.0.0.1:<port>/v3`, so the mock sees
//! the same `/v3/...` paths as Sendbird does.

use futures::TryStreamExt;
use sendbird_platform::generated::chat::types::{
    ChannelType, GdprAction, GdprChannelDeleteOption, GdprRequestStatus, Message, Report,
    ReportCategory, ReportType,
};
use sendbird_platform::{Client, RetryPolicy, UnixMillis, UnixSeconds};
use serde_json::{json, Value};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Match, Mock, MockBuilder, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "test-master-api-token-moderation";
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

/// A mock matching the method, the exact path and the headers every JSON call carries.
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

/// Matches the raw (still percent-encoded) query pairs exactly, in any order.
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

/// Matches a request without a query string.
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

fn user_json(user_id: &str, nickname: &str) -> Value {
    json!({
        "user_id": user_id,
        "nickname": nickname,
        "profile_url": format!("https://sendbird.example/profiles/{user_id}.png"),
        "metadata": {"font_color": "black"},
        "is_online": false,
        "locale": null
    })
}

fn channel_json() -> Value {
    json!({
        "name": "PBR&B songs",
        "channel_url": "sendbird_group_channel_1545",
        "cover_url": "https://sendbird.example/covers/songs.png",
        "custom_type": "music",
        "data": "",
        "created_at": 1_543_468_122,
        "member_count": 3,
        "is_distinct": false,
        "is_public": true,
        "is_super": false,
        "freeze": false,
        "max_length_message": 5000,
        "unread_message_count": 7
    })
}

/// A report on a message, with every part filled in and unknown fields
/// (`unread_message_count` in the channel, `reported_at_ms`).
fn message_report_json() -> Value {
    json!({
        "report_type": "message",
        "report_category": "suspicious",
        "reporting_user": user_json("Matthew", "Mooch"),
        "offending_user": user_json("Jane", "Trinity"),
        "reported_message": {
            "type": "MESG",
            "message_id": 592_281_302_i64,
            "message": "Join me at my secret website.",
            "custom_type": "",
            "data": "",
            "channel_url": "sendbird_group_channel_1545",
            "created_at": 1_568_784_875_135_i64,
            "user": {"user_id": "Jane", "nickname": "Trinity"}
        },
        "channel": channel_json(),
        "report_description": "Looks like phishing.",
        "created_at": 1_568_791_754,
        "reported_at_ms": 1_568_791_754_000_i64
    })
}

/// A report on a user: Sendbird sends `null` for the message.
fn user_report_json(category: &str) -> Value {
    json!({
        "report_type": "user",
        "report_category": category,
        "reporting_user": null,
        "offending_user": user_json("Drake", "TooLate"),
        "reported_message": null,
        "channel": channel_json(),
        "report_description": "",
        "created_at": 1_568_785_300
    })
}

fn assert_message_report(report: &Report) {
    assert_eq!(report.report_type, Some(ReportType::Message));
    assert_eq!(report.report_category, Some(ReportCategory::Suspicious));
    let reporter = report.reporting_user.as_ref().expect("reporting_user");
    assert_eq!(reporter.user_id, "Matthew");
    assert_eq!(reporter.nickname.as_deref(), Some("Mooch"));
    assert_eq!(reporter.locale, None);
    let offender = report.offending_user.as_ref().expect("offending_user");
    assert_eq!(offender.user_id, "Jane");
    match report.reported_message.as_ref().expect("reported_message") {
        Message::UserMessage(message) => {
            assert_eq!(message.message_id, 592_281_302);
            assert_eq!(
                message.message.as_deref(),
                Some("Join me at my secret website.")
            );
            assert_eq!(message.created_at, Some(UnixMillis(1_568_784_875_135)));
            assert_eq!(
                message.user.as_ref().map(|u| u.user_id.as_str()),
                Some("Jane")
            );
        }
        other => panic!("expected a user message, got {other:?}"),
    }
    let channel = report.channel.as_ref().expect("channel");
    assert_eq!(channel.channel_url, "sendbird_group_channel_1545");
    assert_eq!(channel.name.as_deref(), Some("PBR&B songs"));
    assert_eq!(channel.custom_type.as_deref(), Some("music"));
    assert_eq!(channel.created_at, Some(UnixSeconds(1_543_468_122)));
    assert_eq!(channel.member_count, Some(3));
    assert_eq!(channel.participant_count, None);
    assert_eq!(channel.is_public, Some(true));
    assert_eq!(channel.max_length_message, Some(5000));
    assert_eq!(
        report.report_description.as_deref(),
        Some("Looks like phishing.")
    );
    assert_eq!(report.created_at, Some(UnixSeconds(1_568_791_754)));
}

fn assert_user_report(report: &Report, category: ReportCategory) {
    assert_eq!(report.report_type, Some(ReportType::User));
    assert_eq!(report.report_category, Some(category));
    assert!(report.reporting_user.is_none(), "`null` decodes to None");
    assert!(report.reported_message.is_none(), "`null` decodes to None");
    assert_eq!(
        report.offending_user.as_ref().map(|u| u.user_id.as_str()),
        Some("Drake")
    );
    assert_eq!(report.created_at, Some(UnixSeconds(1_568_785_300)));
}

fn gdpr_access_json(status: &str) -> Value {
    json!({
        "request_id": "4832ba69aa482d9",
        "action": "access",
        "status": status,
        "user_id": "Mickey",
        "files": {
            "url": "https://sendbird.example/gdpr/4832ba69aa482d9.zip",
            "expires_at": 1_565_772_721_000_i64
        },
        "created_at": 1_565_167_921_000_i64,
        "region": "us-1"
    })
}

// ---------------------------------------------------------------------------------------
// Reports: one test per operation
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn list_reports_sends_the_time_range_and_decodes_reports() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/report")
        .and(NoBody)
        .and(exact_query(&[
            ("token", "Zh0RRlxVQ1RMFUFfWV1Xfg"),
            ("limit", "3"),
            ("start_ts", "1568785280"),
            ("end_ts", "1568800000"),
        ]))
        .respond_with(ok(json!({
            "report_logs": [message_report_json(), user_report_json("harassing")],
            "next": "page-2"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server)
        .chat()
        .reports()
        .list_reports()
        .token("Zh0RRlxVQ1RMFUFfWV1Xfg")
        .limit(3)
        .start_ts(UnixSeconds(1_568_785_280))
        .end_ts(UnixSeconds(1_568_800_000))
        .send()
        .await
        .expect("list_reports succeeds");

    assert_eq!(page.report_logs.len(), 2);
    assert_message_report(&page.report_logs[0]);
    assert_user_report(&page.report_logs[1], ReportCategory::Harassing);
    assert_eq!(page.next.as_deref(), Some("page-2"));
}

#[tokio::test]
async fn list_message_reports_puts_type_url_and_id_in_the_path() {
    let server = MockServer::start().await;
    sendbird_call(
        "GET",
        "/v3/report/group_channels/sendbird_group_channel_1545/messages/592281302",
    )
    .and(NoBody)
    .and(exact_query(&[
        ("token", "rQ24R4aSpl1alE1WXlVb4SL1"),
        ("limit", "3"),
    ]))
    .respond_with(ok(
        json!({"report_logs": [message_report_json()], "next": ""}),
    ))
    .expect(1)
    .mount(&server)
    .await;

    let page = client(&server)
        .chat()
        .reports()
        .list_message_reports(
            ChannelType::GroupChannels,
            "sendbird_group_channel_1545",
            592_281_302,
        )
        .token("rQ24R4aSpl1alE1WXlVb4SL1")
        .limit(3)
        .send()
        .await
        .expect("list_message_reports succeeds");
    assert_eq!(page.report_logs.len(), 1);
    assert_message_report(&page.report_logs[0]);
    assert_eq!(page.next.as_deref(), Some(""));
}

#[tokio::test]
async fn report_message_sends_the_category_and_offender() {
    let server = MockServer::start().await;
    sendbird_call(
        "POST",
        "/v3/report/open_channels/open%2Fchannel%201/messages/592281302",
    )
    .and(NoQuery)
    .and(body_json(json!({
        "report_category": "suspicious",
        "offending_user_id": "Jane",
        "reporting_user_id": "Matthew",
        "report_description": "Looks like phishing."
    })))
    .respond_with(ok(message_report_json()))
    .expect(1)
    .mount(&server)
    .await;

    let report = client(&server)
        .chat()
        .reports()
        .report_message(ChannelType::OpenChannels, "open/channel 1", 592_281_302)
        .report_category(ReportCategory::Suspicious)
        .offending_user_id("Jane")
        .reporting_user_id("Matthew")
        .report_description("Looks like phishing.")
        .send()
        .await
        .expect("report_message succeeds");
    assert_message_report(&report);
}

#[tokio::test]
async fn list_user_reports_streams_every_page() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/report/users/Drake")
        .and(exact_query(&[("limit", "1")]))
        .respond_with(ok(json!({
            "report_logs": [user_report_json("harassing")],
            "next": "page-2"
        })))
        .expect(1)
        .mount(&server)
        .await;
    sendbird_call("GET", "/v3/report/users/Drake")
        .and(exact_query(&[("limit", "1"), ("token", "page-2")]))
        .respond_with(ok(json!({
            "report_logs": [user_report_json("spam")],
            "next": ""
        })))
        .expect(1)
        .mount(&server)
        .await;

    let reports: Vec<Report> = client(&server)
        .chat()
        .reports()
        .list_user_reports("Drake")
        .limit(1)
        .into_stream()
        .try_collect()
        .await
        .expect("every page loads");
    assert_eq!(reports.len(), 2);
    assert_user_report(&reports[0], ReportCategory::Harassing);
    assert_user_report(&reports[1], ReportCategory::Spam);
}

#[tokio::test]
async fn report_user_sends_the_channel_and_a_custom_category() {
    let server = MockServer::start().await;
    sendbird_call("POST", "/v3/report/users/Drake")
        .and(NoQuery)
        .and(body_json(json!({
            "channel_type": "group_channels",
            "channel_url": "sendbird_group_channel_1545",
            "report_category": "custom",
            "custom_report_category_name": "impersonation"
        })))
        .respond_with(ok({
            let mut report = user_report_json("custom");
            report["custom_report_category_name"] = json!("impersonation");
            report
        }))
        .expect(1)
        .mount(&server)
        .await;

    let report = client(&server)
        .chat()
        .reports()
        .report_user("Drake")
        .channel_type(ChannelType::GroupChannels)
        .channel_url("sendbird_group_channel_1545")
        .report_category(ReportCategory::Custom)
        .custom_report_category_name("impersonation")
        .send()
        .await
        .expect("report_user succeeds");
    assert_user_report(&report, ReportCategory::Custom);
    assert_eq!(
        report.custom_report_category_name.as_deref(),
        Some("impersonation")
    );
}

#[tokio::test]
async fn list_channel_reports_decodes_channel_reports() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/report/open_channels/open_lounge")
        .and(NoBody)
        .and(NoQuery)
        .respond_with(ok(json!({
            "report_logs": [{
                "report_type": "channel",
                "report_category": "inappropriate",
                "reporting_user": user_json("Matthew", "Mooch"),
                "channel": {
                    "channel_url": "open_lounge",
                    "name": "Lounge",
                    "participant_count": 42,
                    "created_at": 1_543_468_000
                },
                "report_description": "Sharing something wrong.",
                "created_at": 1_568_790_000
            }],
            "next": ""
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server)
        .chat()
        .reports()
        .list_channel_reports(ChannelType::OpenChannels, "open_lounge")
        .send()
        .await
        .expect("list_channel_reports succeeds");
    let report = &page.report_logs[0];
    assert_eq!(report.report_type, Some(ReportType::Channel));
    assert_eq!(report.report_category, Some(ReportCategory::Inappropriate));
    assert!(report.offending_user.is_none(), "absent decodes to None");
    let channel = report.channel.as_ref().expect("channel");
    assert_eq!(channel.channel_url, "open_lounge");
    assert_eq!(channel.participant_count, Some(42));
    assert_eq!(channel.member_count, None);
    assert_eq!(report.created_at, Some(UnixSeconds(1_568_790_000)));
}

#[tokio::test]
async fn report_channel_sends_the_category_and_description() {
    let server = MockServer::start().await;
    sendbird_call(
        "POST",
        "/v3/report/group_channels/sendbird_group_channel_1545",
    )
    .and(NoQuery)
    .and(body_json(json!({
        "report_category": "inappropriate",
        "reporting_user_id": "Matthew",
        "report_description": "Sharing something wrong."
    })))
    .respond_with(ok(json!({
        "report_type": "channel",
        "report_category": "inappropriate",
        "reporting_user": user_json("Matthew", "Mooch"),
        "offending_user": null,
        "reported_message": null,
        "channel": channel_json(),
        "report_description": "Sharing something wrong.",
        "created_at": 1_568_790_100
    })))
    .expect(1)
    .mount(&server)
    .await;

    let report = client(&server)
        .chat()
        .reports()
        .report_channel(ChannelType::GroupChannels, "sendbird_group_channel_1545")
        .report_category(ReportCategory::Inappropriate)
        .reporting_user_id("Matthew")
        .report_description("Sharing something wrong.")
        .send()
        .await
        .expect("report_channel succeeds");
    assert_eq!(report.report_type, Some(ReportType::Channel));
    assert_eq!(
        report.channel.as_ref().map(|c| c.channel_url.as_str()),
        Some("sendbird_group_channel_1545")
    );
    assert_eq!(
        report.reporting_user.as_ref().map(|u| u.user_id.as_str()),
        Some("Matthew")
    );
    assert_eq!(report.created_at, Some(UnixSeconds(1_568_790_100)));
}

#[tokio::test]
async fn view_moderated_message_decodes_original_and_replaced_text() {
    let server = MockServer::start().await;
    sendbird_call(
        "GET",
        "/v3/report/group_channels/sendbird_group_channel_1545/profanity_messages/953064054",
    )
    .and(NoQuery)
    .and(NoBody)
    .respond_with(ok(json!({
        "message_id": 953_064_054_i64,
        "user_id": "Jeff",
        "message_text": "Hey, kiss my ass!",
        "replaced_text": "Hey, kiss my ***!",
        "blocked_text": null,
        "message_ts": 1_595_599_703_726_i64,
        "filter_type": "replace"
    })))
    .expect(1)
    .mount(&server)
    .await;

    let moderated = client(&server)
        .chat()
        .reports()
        .view_moderated_message(
            ChannelType::GroupChannels,
            "sendbird_group_channel_1545",
            953_064_054,
        )
        .send()
        .await
        .expect("view_moderated_message succeeds");
    assert_eq!(moderated.message_id, 953_064_054);
    assert_eq!(moderated.user_id.as_deref(), Some("Jeff"));
    assert_eq!(moderated.message_text.as_deref(), Some("Hey, kiss my ass!"));
    assert_eq!(
        moderated.replaced_text.as_deref(),
        Some("Hey, kiss my ***!")
    );
    assert_eq!(moderated.blocked_text, None, "`null` decodes to None");
    assert_eq!(moderated.message_ts, Some(UnixMillis(1_595_599_703_726)));
}

// ---------------------------------------------------------------------------------------
// Privacy (GDPR): one test per operation
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn list_gdpr_requests_decodes_both_kinds() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/privacy/gdpr")
        .and(NoBody)
        .and(exact_query(&[
            ("token", "ZkQ4RDaSTl1AlE1WXlVbF2Y2"),
            ("limit", "5"),
        ]))
        .respond_with(ok(json!({
            "requests": [
                {
                    "request_id": "944a3469aa5j831",
                    "action": "delete",
                    "status": "scheduled",
                    "user_ids": ["Jacob", "Glen", "John"],
                    "channel_delete_option": "1_on_1",
                    "created_at": 1_565_343_241_000_i64
                },
                gdpr_access_json("done")
            ],
            "next": ""
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server)
        .chat()
        .privacy()
        .list_gdpr_requests()
        .token("ZkQ4RDaSTl1AlE1WXlVbF2Y2")
        .limit(5)
        .send()
        .await
        .expect("list_gdpr_requests succeeds");

    assert_eq!(page.requests.len(), 2);
    let delete = &page.requests[0];
    assert_eq!(delete.request_id, "944a3469aa5j831");
    assert_eq!(delete.action, Some(GdprAction::Delete));
    assert_eq!(delete.status, Some(GdprRequestStatus::Scheduled));
    assert_eq!(
        delete.user_ids,
        Some(vec![
            "Jacob".to_owned(),
            "Glen".to_owned(),
            "John".to_owned()
        ])
    );
    assert_eq!(
        delete.channel_delete_option,
        Some(GdprChannelDeleteOption::V1On1)
    );
    assert_eq!(delete.files, None);
    assert_eq!(delete.created_at, Some(UnixMillis(1_565_343_241_000)));
    let access = &page.requests[1];
    assert_eq!(access.action, Some(GdprAction::Access));
    assert_eq!(access.status, Some(GdprRequestStatus::Done));
    assert_eq!(access.user_id.as_deref(), Some("Mickey"));
    let files = access.files.as_ref().expect("files");
    assert_eq!(
        files.url.as_deref(),
        Some("https://sendbird.example/gdpr/4832ba69aa482d9.zip")
    );
    assert_eq!(files.expires_at, Some(UnixMillis(1_565_772_721_000)));
    assert_eq!(page.next.as_deref(), Some(""));
}

#[tokio::test]
async fn register_gdpr_request_sends_a_delete_request() {
    let server = MockServer::start().await;
    sendbird_call("POST", "/v3/privacy/gdpr")
        .and(NoQuery)
        .and(body_json(json!({
            "action": "delete",
            "user_ids": ["Jacob", "Glen"],
            "channel_delete_option": "1_on_1"
        })))
        .respond_with(ok(json!({
            "request_id": "944a3469aa5j831",
            "action": "delete",
            "status": "scheduled",
            "user_ids": ["Jacob", "Glen"],
            "channel_delete_option": "1_on_1",
            "created_at": 1_565_343_241_000_i64
        })))
        .expect(1)
        .mount(&server)
        .await;

    let request = client(&server)
        .chat()
        .privacy()
        .register_gdpr_request()
        .action(GdprAction::Delete)
        .user_ids(["Jacob", "Glen"])
        .channel_delete_option(GdprChannelDeleteOption::V1On1)
        .send()
        .await
        .expect("register_gdpr_request succeeds");
    assert_eq!(request.request_id, "944a3469aa5j831");
    assert_eq!(request.status, Some(GdprRequestStatus::Scheduled));
    assert_eq!(
        request.channel_delete_option,
        Some(GdprChannelDeleteOption::V1On1)
    );
    assert_eq!(
        request.user_ids,
        Some(vec!["Jacob".to_owned(), "Glen".to_owned()])
    );
}

#[tokio::test]
async fn view_gdpr_request_decodes_the_result_file() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/privacy/gdpr/4832ba69aa482d9")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(gdpr_access_json("processing")))
        .expect(1)
        .mount(&server)
        .await;

    let request = client(&server)
        .chat()
        .privacy()
        .view_gdpr_request("4832ba69aa482d9")
        .send()
        .await
        .expect("view_gdpr_request succeeds");
    assert_eq!(request.request_id, "4832ba69aa482d9");
    assert_eq!(request.action, Some(GdprAction::Access));
    assert_eq!(request.status, Some(GdprRequestStatus::Processing));
    assert_eq!(request.user_id.as_deref(), Some("Mickey"));
    assert_eq!(request.user_ids, None);
    assert_eq!(
        request.files.as_ref().and_then(|f| f.expires_at),
        Some(UnixMillis(1_565_772_721_000))
    );
    assert_eq!(request.created_at, Some(UnixMillis(1_565_167_921_000)));
}

#[tokio::test]
async fn cancel_gdpr_request_sends_a_delete_and_accepts_an_empty_body() {
    let server = MockServer::start().await;
    sendbird_call("DELETE", "/v3/privacy/gdpr/944a3469aa5j831")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .chat()
        .privacy()
        .cancel_gdpr_request("944a3469aa5j831")
        .send()
        .await
        .expect("cancel_gdpr_request succeeds");
}

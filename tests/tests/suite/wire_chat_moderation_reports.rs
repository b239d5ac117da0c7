//! Wire tests of the Chat `reports` operations for what the operations' examples
//! (`api-spec/chat/reports.yaml`, `api-spec/chat/privacy.yaml`) can't state: a list
//! followed across several pages.
//!
//! The Chat base URL is overridden with `http://127.0.0.1:<port>/v3`, so the mock sees
//! the same `/v3/...` paths as Sendbird does.

use futures::TryStreamExt;
use integration_tests::matchers::exact_query;
use sendbird_platform::generated::chat::types::{Report, ReportCategory, ReportType};
use sendbird_platform::{Client, RetryPolicy, UnixSeconds};
use serde_json::{json, Value};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockBuilder, MockServer, ResponseTemplate};

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

// ---------------------------------------------------------------------------------------
// Reports across pages
// ---------------------------------------------------------------------------------------

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

//! Wire tests of the Chat `data_exports`, `statistics` and `push_tokens` operations:
//! each one sends exactly the expected method, path, query, headers and body to a
//! loopback mock server, and decodes a realistic response (with `null`s and fields this
//! client doesn't know) into typed values.
//!
//! The Chat base URL is overridden with `http://127.0.0.1:<port>/v3`, so the mock sees
//! the same `/v3/...` paths as Sendbird does.

use futures::TryStreamExt;
use sendbird_platform::generated::chat::types::{
    DataExportFormat, DataExportStatus, DataExportType, PushTokenType, StatisticsMetric,
    StatisticsMetricType, StatisticsSegment, StatisticsTimeDimension,
};
use sendbird_platform::{Client, Error, RetryPolicy, UnixMillis};
use serde_json::{json, Value};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Match, Mock, MockBuilder, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "test-master-api-token-data";
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

/// A finished message export, with a field this client doesn't know (`progress`).
fn done_export_json() -> Value {
    json!({
        "request_id": "afb8aeefc334465",
        "data_type": "messages",
        "status": "done",
        "format": "csv",
        "csv_delimiter": ",",
        "timezone": "US/Pacific",
        "created_at": 1_578_897_175_000_i64,
        "start_ts": 1_577_718_000_000_i64,
        "end_ts": 1_578_927_599_000_i64,
        "channel_custom_types": [],
        "sender_ids": ["Tom", "Jeff"],
        "channel_urls": ["public_chat_room_031", "public_chat_room_032"],
        "file": {
            "url": "https://sendbird.example/exports/afb8aeefc334465.zip",
            "expires_at": 1_579_502_105_432_i64
        },
        "progress": 100
    })
}

// ---------------------------------------------------------------------------------------
// Data exports: one test per operation
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn list_data_exports_decodes_a_page_of_exports() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/export/messages")
        .and(NoBody)
        .and(exact_query(&[("token", "tok"), ("limit", "3")]))
        .respond_with(ok(json!({
            "exported_data": [
                {
                    "request_id": "1ed107739a77414",
                    "status": "scheduled",
                    "format": "csv",
                    "csv_delimiter": "|",
                    "timezone": "US/Pacific",
                    "created_at": 1_544_406_267_000_i64,
                    "start_ts": 1_544_367_600_000_i64,
                    "end_ts": 1_544_453_999_000_i64,
                    "channel_urls": ["public_chat_room_031"],
                    "sender_ids": ["Tom"],
                    "file": null
                },
                done_export_json()
            ],
            "next": "next-cursor"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server)
        .chat()
        .data_exports()
        .list_data_exports(DataExportType::Messages)
        .token("tok")
        .limit(3)
        .send()
        .await
        .expect("list_data_exports succeeds");

    assert_eq!(page.exported_data.len(), 2);
    let scheduled = &page.exported_data[0];
    assert_eq!(scheduled.request_id, "1ed107739a77414");
    assert_eq!(scheduled.status, Some(DataExportStatus::Scheduled));
    assert_eq!(scheduled.format, Some(DataExportFormat::Csv));
    assert_eq!(scheduled.csv_delimiter.as_deref(), Some("|"));
    assert_eq!(scheduled.start_ts, Some(UnixMillis(1_544_367_600_000)));
    assert_eq!(scheduled.file, None, "`null` decodes to None");
    let done = &page.exported_data[1];
    assert_eq!(done.status, Some(DataExportStatus::Done));
    assert_eq!(done.data_type, Some(DataExportType::Messages));
    assert_eq!(
        done.file.as_ref().and_then(|f| f.url.as_deref()),
        Some("https://sendbird.example/exports/afb8aeefc334465.zip")
    );
    assert_eq!(page.next.as_deref(), Some("next-cursor"));
}

#[tokio::test]
async fn register_data_export_sends_the_range_and_filters() {
    let server = MockServer::start().await;
    sendbird_call("POST", "/v3/export/failed_webhooks")
        .and(NoQuery)
        .and(body_json(json!({
            "start_ts": 1_577_718_000_000_i64,
            "end_ts": 1_577_804_399_000_i64,
            "format": "json",
            "timezone": "Asia/Seoul",
            "channel_urls": ["public_chat_room_031"],
            "exclude_sender_ids": ["bot"],
            "show_read_receipt": true,
            "neighboring_message_limit": 5
        })))
        .respond_with(ok(json!({
            "request_id": "76578f9a2bfc469",
            "data_type": "failed_webhooks",
            "status": "scheduled",
            "format": "json",
            "timezone": "Asia/Seoul",
            "created_at": 1_577_900_000_000_i64,
            "start_ts": 1_577_718_000_000_i64,
            "end_ts": 1_577_804_399_000_i64,
            "channel_urls": ["public_chat_room_031"]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let export = client(&server)
        .chat()
        .data_exports()
        .register_data_export(DataExportType::FailedWebhooks)
        .start_ts(UnixMillis(1_577_718_000_000))
        .end_ts(UnixMillis(1_577_804_399_000))
        .format(DataExportFormat::Json)
        .timezone("Asia/Seoul")
        .channel_urls(["public_chat_room_031"])
        .exclude_sender_ids(["bot"])
        .show_read_receipt(true)
        .neighboring_message_limit(5)
        .send()
        .await
        .expect("register_data_export succeeds");
    assert_eq!(export.request_id, "76578f9a2bfc469");
    assert_eq!(export.data_type, Some(DataExportType::FailedWebhooks));
    assert_eq!(export.status, Some(DataExportStatus::Scheduled));
    assert_eq!(export.format, Some(DataExportFormat::Json));
    assert_eq!(export.created_at, Some(UnixMillis(1_577_900_000_000)));
    assert_eq!(
        export.channel_urls,
        Some(vec!["public_chat_room_031".to_owned()])
    );
    assert_eq!(export.file, None);
}

#[tokio::test]
async fn view_data_export_decodes_the_download_link() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/export/messages/afb8aeefc334465")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(done_export_json()))
        .expect(1)
        .mount(&server)
        .await;

    let export = client(&server)
        .chat()
        .data_exports()
        .view_data_export(DataExportType::Messages, "afb8aeefc334465")
        .send()
        .await
        .expect("view_data_export succeeds");
    assert_eq!(export.request_id, "afb8aeefc334465");
    assert_eq!(export.status, Some(DataExportStatus::Done));
    assert_eq!(export.timezone.as_deref(), Some("US/Pacific"));
    assert_eq!(export.channel_custom_types, Some(vec![]));
    assert_eq!(
        export.sender_ids,
        Some(vec!["Tom".to_owned(), "Jeff".to_owned()])
    );
    assert_eq!(export.end_ts, Some(UnixMillis(1_578_927_599_000)));
    let file = export.file.as_ref().expect("file");
    assert_eq!(file.expires_at, Some(UnixMillis(1_579_502_105_432)));
}

// ---------------------------------------------------------------------------------------
// Statistics: one test per operation
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn view_number_of_peak_connections_sends_the_period() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/applications/peak_connections")
        .and(NoBody)
        .and(exact_query(&[
            ("time_dimension", "daily"),
            ("start_year", "2024"),
            ("start_month", "2"),
            ("end_year", "2024"),
            ("end_month", "2"),
            ("start_day", "1"),
            ("end_day", "2"),
        ]))
        .respond_with(ok(json!({
            "peak_connections": [
                {"date": "2024-02-01", "peak_connections": 327},
                {"date": "2024-02-02", "peak_connections": null}
            ]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let peaks = client(&server)
        .chat()
        .statistics()
        .view_number_of_peak_connections()
        .time_dimension(StatisticsTimeDimension::Daily)
        .start_year(2024)
        .start_month(2)
        .end_year(2024)
        .end_month(2)
        .start_day(1)
        .end_day(2)
        .send()
        .await
        .expect("view_number_of_peak_connections succeeds");
    assert_eq!(peaks.peak_connections.len(), 2);
    assert_eq!(peaks.peak_connections[0].date, "2024-02-01");
    assert_eq!(peaks.peak_connections[0].peak_connections, Some(327));
    assert_eq!(peaks.peak_connections[1].peak_connections, None);
}

#[tokio::test]
async fn view_number_of_peak_connections_checks_the_month_range() {
    let server = MockServer::start().await;
    let result = client(&server)
        .chat()
        .statistics()
        .view_number_of_peak_connections()
        .time_dimension(StatisticsTimeDimension::Monthly)
        .start_year(2024)
        .start_month(13)
        .end_year(2024)
        .end_month(12)
        .send()
        .await;
    assert!(
        matches!(result, Err(Error::InvalidRequest { .. })),
        "a month of 13 is refused: {result:?}"
    );
    let requests = server.received_requests().await.expect("recording is on");
    assert!(requests.is_empty(), "nothing was sent");
}

#[tokio::test]
async fn view_advanced_analytics_metrics_sends_every_param_and_pages() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/statistics/metric")
        .and(NoBody)
        .and(exact_query(&[
            ("metric_type", "messages_per_user"),
            ("time_dimension", "daily"),
            ("start_year", "2024"),
            ("start_month", "3"),
            ("end_year", "2024"),
            ("end_month", "3"),
            ("start_day", "1"),
            ("end_day", "2"),
            ("segments", "channel_type"),
            ("limit", "2"),
        ]))
        .respond_with(ok(json!({
            "segments": "channel_type",
            "statistics": [
                {"date": "2024-03-01", "value": 2.5, "channel_type": "group_channels"},
                {"date": "2024-03-01", "value": 1, "channel_type": "open_channels"}
            ],
            "next": "page-2"
        })))
        // Fetched twice: once by `send`, once as the stream's first page.
        .expect(2)
        .mount(&server)
        .await;
    sendbird_call("GET", "/v3/statistics/metric")
        .and(NoBody)
        .and(exact_query(&[
            ("metric_type", "messages_per_user"),
            ("time_dimension", "daily"),
            ("start_year", "2024"),
            ("start_month", "3"),
            ("end_year", "2024"),
            ("end_month", "3"),
            ("start_day", "1"),
            ("end_day", "2"),
            ("segments", "channel_type"),
            ("limit", "2"),
            ("token", "page-2"),
        ]))
        .respond_with(ok(json!({
            "segments": "channel_type",
            "statistics": [
                {"date": "2024-03-02", "value": 3.25, "channel_type": "group_channels", "custom_channel_type": null}
            ],
            "next": ""
        })))
        .expect(1)
        .mount(&server)
        .await;

    let request = client(&server)
        .chat()
        .statistics()
        .view_advanced_analytics_metrics()
        .metric_type(StatisticsMetricType::MessagesPerUser)
        .time_dimension(StatisticsTimeDimension::Daily)
        .start_year(2024)
        .start_month(3)
        .end_year(2024)
        .end_month(3)
        .start_day(1)
        .end_day(2)
        .segments(StatisticsSegment::ChannelType)
        .limit(2);

    let first = request
        .clone()
        .send()
        .await
        .expect("view_advanced_analytics_metrics succeeds");
    assert_eq!(first.segments.as_deref(), Some("channel_type"));
    assert_eq!(first.next.as_deref(), Some("page-2"));
    let first_values = first.statistics.expect("statistics");
    assert_eq!(first_values.len(), 2);
    assert_eq!(first_values[0].date.as_deref(), Some("2024-03-01"));
    assert_eq!(first_values[0].value, Some(2.5));
    assert_eq!(
        first_values[0].channel_type.as_deref(),
        Some("group_channels")
    );

    let all: Vec<StatisticsMetric> = request
        .into_stream()
        .try_collect()
        .await
        .expect("every page loads");
    let values: Vec<(Option<&str>, Option<f64>)> = all
        .iter()
        .map(|m| (m.channel_type.as_deref(), m.value))
        .collect();
    assert_eq!(
        values,
        [
            (Some("group_channels"), Some(2.5)),
            (Some("open_channels"), Some(1.0)),
            (Some("group_channels"), Some(3.25)),
        ]
    );
    assert_eq!(all[2].custom_channel_type, None);
}

// ---------------------------------------------------------------------------------------
// Push tokens: one test per operation
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn view_push_token_owner_encodes_the_token_as_one_segment() {
    let server = MockServer::start().await;
    sendbird_call(
        "GET",
        "/v3/push/device_tokens/gcm/fP7c4oBk_hU%3AAPA91bEz%2Fv45jz%3F",
    )
    .and(NoQuery)
    .and(NoBody)
    .respond_with(ok(json!({"user_id": "Fluo", "nickname": "Fluo"})))
    .expect(1)
    .mount(&server)
    .await;

    let owner = client(&server)
        .chat()
        .push_tokens()
        .view_push_token_owner(PushTokenType::Gcm, "fP7c4oBk_hU:APA91bEz/v45jz?")
        .send()
        .await
        .expect("view_push_token_owner succeeds");
    assert_eq!(owner.user_id, "Fluo");
}

#[tokio::test]
async fn remove_push_token_from_owner_sends_a_delete() {
    let server = MockServer::start().await;
    sendbird_call("DELETE", "/v3/push/device_tokens/apns/a1b2c3d4e5f6")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(json!({"user_id": "Jeff"})))
        .expect(1)
        .mount(&server)
        .await;

    let removed = client(&server)
        .chat()
        .push_tokens()
        .remove_push_token_from_owner(PushTokenType::Apns, "a1b2c3d4e5f6")
        .send()
        .await
        .expect("remove_push_token_from_owner succeeds");
    assert_eq!(removed.user_id, "Jeff");
}

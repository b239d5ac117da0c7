//! Wire tests of the Chat `statistics` operations that the examples in
//! `api-spec/chat/statistics.yaml` can't state: a range checked before sending, and a
//! stream over several pages. (The `data_exports` exchanges are all examples.)
//!
//! The Chat base URL is overridden with `http://127.0.0.1:<port>/v3`, so the mock sees
//! the same `/v3/...` paths as Sendbird does.

use futures::TryStreamExt;
use integration_tests::matchers::{exact_query, NoBody};
use sendbird_platform::generated::chat::types::{
    StatisticsMetric, StatisticsMetricType, StatisticsSegment, StatisticsTimeDimension,
};
use sendbird_platform::{Client, Error, RetryPolicy};
use serde_json::{json, Value};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockBuilder, MockServer, ResponseTemplate};

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

// ---------------------------------------------------------------------------------------
// Statistics: what the examples in `api-spec/chat/statistics.yaml` can't state
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn view_number_of_peak_connections_checks_the_month_range() {
    let server = MockServer::start().await;
    let result = client(&server)
        .chat()
        .statistics()
        .view_number_of_peak_connections(StatisticsTimeDimension::Monthly, 2024, 13, 2024, 12)
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
async fn view_advanced_analytics_metrics_streams_every_page() {
    let server = MockServer::start().await;
    let query = [
        ("metric_type", "messages_per_user"),
        ("time_dimension", "monthly"),
        ("start_year", "2024"),
        ("start_month", "1"),
        ("end_year", "2024"),
        ("end_month", "3"),
        ("segments", "channel_type"),
    ];
    sendbird_call("GET", "/v3/statistics/metric")
        .and(NoBody)
        .and(exact_query(&query))
        .respond_with(ok(json!({
            "segments": "channel_type",
            "statistics": [
                {"date": "2024-01", "value": 2.5, "channel_type": "group_channels"},
                {"date": "2024-01", "value": 1, "channel_type": "open_channels"}
            ],
            "next": "page-2"
        })))
        .expect(1)
        .mount(&server)
        .await;
    sendbird_call("GET", "/v3/statistics/metric")
        .and(NoBody)
        .and(exact_query(
            &[query.as_slice(), &[("token", "page-2")]].concat(),
        ))
        .respond_with(ok(json!({
            "statistics": [{"date": "2024-02", "value": 3.25, "channel_type": "group_channels"}],
            "next": ""
        })))
        .expect(1)
        .mount(&server)
        .await;

    let all: Vec<StatisticsMetric> = client(&server)
        .chat()
        .statistics()
        .view_advanced_analytics_metrics(
            StatisticsMetricType::MessagesPerUser,
            StatisticsTimeDimension::Monthly,
            2024,
            1,
            2024,
            3,
        )
        .segments(StatisticsSegment::ChannelType)
        .into_stream()
        .try_collect()
        .await
        .expect("every page loads");
    let values: Vec<Option<f64>> = all.iter().map(|m| m.value).collect();
    assert_eq!(values, [Some(2.5), Some(1.0), Some(3.25)]);
}

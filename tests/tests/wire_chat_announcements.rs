//! Wire tests of the Chat `announcements` operations: each one sends exactly the
//! expected method, path, query, headers and body to a loopback mock server, and
//! decodes a realistic response (with `null`s and fields this client doesn't know)
//! into typed values.
//!
//! The Chat base URL is overridden with `http://127.0.0.1:<port>/v3`, so the mock sees
//! the same `/v3/...` paths as Sendbird does.

use futures::TryStreamExt;
use sendbird_platform::generated::chat::types::{
    Announcement, AnnouncementAction, AnnouncementChannelOptions, AnnouncementMessageType,
    AnnouncementMessageUpdate, AnnouncementNewMessage, AnnouncementOrder, AnnouncementStatus,
    AnnouncementTargetAt, AnnouncementTargetChannelType,
};
use sendbird_platform::{Client, Error, RetryPolicy, UnixMillis};
use serde_json::{json, Value};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Match, Mock, MockBuilder, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "test-master-api-token-announcements";
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

/// A running announcement as Sendbird returns it, with a `null` (`completed_at`) and
/// fields this client doesn't know (`priority`, `is_test`).
fn announcement_json(unique_id: &str, status: &str) -> Value {
    json!({
        "unique_id": unique_id,
        "announcement_group": "insurance",
        "message": {
            "type": "MESG",
            "custom_type": "campaign",
            "user_id": "insurance_bot",
            "content": "Our new plans are out.",
            "data": "{\"plan\":\"gold\"}"
        },
        "enable_push": true,
        "target_at": "target_users_included_channels",
        "target_user_count": 2,
        "target_channel_count": 2,
        "target_channel_type": "non-distinct",
        "target_custom_type": "support",
        "status": status,
        "scheduled_at": 1_700_000_000_000_i64,
        "cease_at": "2030",
        "resume_at": "0830",
        "end_at": 1_700_864_000_000_i64,
        "completed_at": null,
        "sent_user_count": 1,
        "sent_channel_count": 1,
        "open_count": 1,
        "open_rate": 0.5,
        "create_channel": true,
        "create_channel_options": {
            "name": "Plans",
            "cover_url": "https://sendbird.example/covers/plans.png",
            "custom_type": "support",
            "data": "",
            "distinct": false
        },
        "mark_as_read": false,
        "priority": "normal",
        "is_test": false
    })
}

fn assert_announcement(announcement: &Announcement, unique_id: &str) {
    assert_eq!(announcement.unique_id, unique_id);
    assert_eq!(
        announcement.announcement_group.as_deref(),
        Some("insurance")
    );
    let message = announcement.message.as_ref().expect("message");
    assert_eq!(message.r#type, Some(AnnouncementMessageType::Mesg));
    assert_eq!(message.custom_type.as_deref(), Some("campaign"));
    assert_eq!(message.user_id.as_deref(), Some("insurance_bot"));
    assert_eq!(message.content.as_deref(), Some("Our new plans are out."));
    assert_eq!(message.data.as_deref(), Some("{\"plan\":\"gold\"}"));
    assert_eq!(announcement.enable_push, Some(true));
    assert_eq!(
        announcement.target_at,
        Some(AnnouncementTargetAt::TargetUsersIncludedChannels)
    );
    assert_eq!(
        announcement.target_channel_type,
        Some(AnnouncementTargetChannelType::NonDistinct)
    );
    assert_eq!(announcement.target_custom_type.as_deref(), Some("support"));
    assert_eq!(announcement.target_user_count, Some(2));
    assert_eq!(announcement.target_channel_count, Some(2));
    assert_eq!(
        announcement.scheduled_at,
        Some(UnixMillis(1_700_000_000_000))
    );
    assert_eq!(announcement.cease_at.as_deref(), Some("2030"));
    assert_eq!(announcement.resume_at.as_deref(), Some("0830"));
    assert_eq!(announcement.end_at, Some(UnixMillis(1_700_864_000_000)));
    assert_eq!(announcement.completed_at, None, "`null` decodes to None");
    assert_eq!(announcement.sent_user_count, Some(1));
    assert_eq!(announcement.sent_channel_count, Some(1));
    assert_eq!(announcement.open_count, Some(1));
    assert_eq!(announcement.open_rate, Some(0.5));
    assert_eq!(announcement.create_channel, Some(true));
    let options = announcement
        .create_channel_options
        .as_ref()
        .expect("create_channel_options");
    assert_eq!(options.name.as_deref(), Some("Plans"));
    assert_eq!(options.custom_type.as_deref(), Some("support"));
    assert_eq!(options.distinct, Some(false));
    assert_eq!(announcement.mark_as_read, Some(false));
    assert_eq!(announcement.send_to_frozen_channels, None);
}

/// One day, week or month of announcement statistics.
fn stats_json(date_range: &str) -> Value {
    json!({
        "date_range": date_range,
        "total_announcement_count": 4,
        "canceled_announcement_count": 1,
        "stopped_announcement_count": 0,
        "completed_announcement_count": 3,
        "target_channel_count": 120,
        "target_user_count": 118,
        "sent_channel_count": 119,
        "sent_user_count": 117,
        "open_count": 60,
        "open_rate": 0.5128,
        "incompleted_announcement_count": 0
    })
}

// ---------------------------------------------------------------------------------------
// One test per operation
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn list_announcements_sends_filters_and_decodes_a_page() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/announcements")
        .and(NoBody)
        .and(exact_query(&[
            ("token", "Z3UYLAYLAAoaTxgADAwNQD8~"),
            ("limit", "20"),
            ("order", "scheduled_at"),
            ("status", "on-hold"),
            ("announcement_group", "insurance%20plans"),
        ]))
        .respond_with(ok(json!({
            "announcements": [
                announcement_json("marketing_20240211", "on-hold"),
                announcement_json("marketing_20240212", "on-hold")
            ],
            "next": "next-page-cursor"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server)
        .chat()
        .announcements()
        .list_announcements()
        .token("Z3UYLAYLAAoaTxgADAwNQD8~")
        .limit(20)
        .order(AnnouncementOrder::ScheduledAt)
        .status(AnnouncementStatus::OnHold)
        .announcement_group("insurance plans")
        .send()
        .await
        .expect("list_announcements succeeds");

    assert_eq!(page.announcements.len(), 2);
    assert_announcement(&page.announcements[0], "marketing_20240211");
    assert_eq!(page.announcements[1].unique_id, "marketing_20240212");
    assert_eq!(
        page.announcements[1].status,
        Some(AnnouncementStatus::OnHold)
    );
    assert_eq!(page.next.as_deref(), Some("next-page-cursor"));
}

#[tokio::test]
async fn list_announcements_streams_every_page() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/announcements")
        .and(exact_query(&[("limit", "1")]))
        .respond_with(ok(json!({
            "announcements": [announcement_json("first", "completed")],
            "next": "page-2"
        })))
        .expect(1)
        .mount(&server)
        .await;
    sendbird_call("GET", "/v3/announcements")
        .and(exact_query(&[("limit", "1"), ("token", "page-2")]))
        .respond_with(ok(json!({
            "announcements": [announcement_json("second", "paused")],
            "next": ""
        })))
        .expect(1)
        .mount(&server)
        .await;

    let all: Vec<Announcement> = client(&server)
        .chat()
        .announcements()
        .list_announcements()
        .limit(1)
        .into_stream()
        .try_collect()
        .await
        .expect("every page loads");
    let ids: Vec<&str> = all.iter().map(|a| a.unique_id.as_str()).collect();
    assert_eq!(ids, ["first", "second"]);
    assert_eq!(all[0].status, Some(AnnouncementStatus::Completed));
    assert_eq!(all[1].status, Some(AnnouncementStatus::Paused));
}

#[tokio::test]
async fn schedule_announcement_sends_nested_message_and_channel_options() {
    let server = MockServer::start().await;
    sendbird_call("POST", "/v3/announcements")
        .and(NoQuery)
        .and(body_json(json!({
            "message": {
                "type": "MESG",
                "user_id": "insurance_bot",
                "content": "Our new plans are out.",
                "custom_type": "campaign",
                "data": "{\"plan\":\"gold\"}"
            },
            "target_at": "target_users_included_channels",
            "target_list": ["Jeff", "Young"],
            "target_channel_type": "non-distinct",
            "target_custom_type": "support",
            "unique_id": "marketing_20240211",
            "announcement_group": "insurance",
            "create_channel": true,
            "create_channel_options": {
                "name": "Plans",
                "cover_url": "https://sendbird.example/covers/plans.png",
                "distinct": false
            },
            "scheduled_at": 1_700_000_000_000_i64,
            "cease_at": "2030",
            "resume_at": "0830",
            "end_at": 1_700_864_000_000_i64,
            "enable_push": true,
            "assign_sender_as_channel_inviter": true,
            "mark_as_read": false
        })))
        .respond_with(ok(announcement_json("marketing_20240211", "scheduled")))
        .expect(1)
        .mount(&server)
        .await;

    let mut message = AnnouncementNewMessage::default();
    message.r#type = AnnouncementMessageType::Mesg;
    message.user_id = Some("insurance_bot".to_owned());
    message.content = "Our new plans are out.".to_owned();
    message.custom_type = Some("campaign".to_owned());
    message.data = Some("{\"plan\":\"gold\"}".to_owned());
    let mut options = AnnouncementChannelOptions::default();
    options.name = Some("Plans".to_owned());
    options.cover_url = Some("https://sendbird.example/covers/plans.png".to_owned());
    options.distinct = Some(false);

    let announcement = client(&server)
        .chat()
        .announcements()
        .schedule_announcement()
        .message(message)
        .target_at(AnnouncementTargetAt::TargetUsersIncludedChannels)
        .target_list(["Jeff", "Young"])
        .target_channel_type(AnnouncementTargetChannelType::NonDistinct)
        .target_custom_type("support")
        .unique_id("marketing_20240211")
        .announcement_group("insurance")
        .create_channel(true)
        .create_channel_options(options)
        .scheduled_at(UnixMillis(1_700_000_000_000))
        .cease_at("2030")
        .resume_at("0830")
        .end_at(UnixMillis(1_700_864_000_000))
        .enable_push(true)
        .assign_sender_as_channel_inviter(true)
        .mark_as_read(false)
        .send()
        .await
        .expect("schedule_announcement succeeds");

    assert_announcement(&announcement, "marketing_20240211");
    assert_eq!(announcement.status, Some(AnnouncementStatus::Scheduled));
}

#[tokio::test]
async fn schedule_announcement_without_its_message_fails_before_sending() {
    let server = MockServer::start().await;
    let result = client(&server)
        .chat()
        .announcements()
        .schedule_announcement()
        .target_at(AnnouncementTargetAt::SenderAllChannels)
        .target_list(Vec::<String>::new())
        .target_channel_type(AnnouncementTargetChannelType::All)
        .send()
        .await;
    assert!(
        matches!(result, Err(Error::InvalidRequest { .. })),
        "a missing required body field is refused: {result:?}"
    );
    let requests = server.received_requests().await.expect("recording is on");
    assert!(requests.is_empty(), "nothing was sent");
}

#[tokio::test]
async fn view_announcement_encodes_the_id_as_one_segment() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/announcements/spring%2F2024%20sale")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(announcement_json("spring/2024 sale", "running")))
        .expect(1)
        .mount(&server)
        .await;

    let announcement = client(&server)
        .chat()
        .announcements()
        .view_announcement("spring/2024 sale")
        .send()
        .await
        .expect("view_announcement succeeds");
    assert_announcement(&announcement, "spring/2024 sale");
    assert_eq!(announcement.status, Some(AnnouncementStatus::Running));
}

#[tokio::test]
async fn update_announcement_sends_changes_and_an_action() {
    let server = MockServer::start().await;
    sendbird_call("PUT", "/v3/announcements/marketing_20240211")
        .and(NoQuery)
        .and(body_json(json!({
            "action": "pause",
            "announcement_group": "insurance",
            "message": {"content": "Updated plans.", "data": ""},
            "enable_push": false,
            "scheduled_at": 1_700_000_600_000_i64,
            "end_at": 1_700_900_000_000_i64,
            "cease_at": "2100",
            "resume_at": "0700"
        })))
        .respond_with(ok(announcement_json("marketing_20240211", "paused")))
        .expect(1)
        .mount(&server)
        .await;

    let mut message = AnnouncementMessageUpdate::default();
    message.content = Some("Updated plans.".to_owned());
    message.data = Some(String::new());
    let announcement = client(&server)
        .chat()
        .announcements()
        .update_announcement("marketing_20240211")
        .action(AnnouncementAction::Pause)
        .announcement_group("insurance")
        .message(message)
        .enable_push(false)
        .scheduled_at(UnixMillis(1_700_000_600_000))
        .end_at(UnixMillis(1_700_900_000_000))
        .cease_at("2100")
        .resume_at("0700")
        .send()
        .await
        .expect("update_announcement succeeds");

    assert_announcement(&announcement, "marketing_20240211");
    assert_eq!(announcement.status, Some(AnnouncementStatus::Paused));
}

#[tokio::test]
async fn view_daily_announcement_stats_sends_the_date_range() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/announcement_stats/daily")
        .and(NoBody)
        .and(exact_query(&[
            ("start_date", "2024-02-01"),
            ("end_date", "2024-02-02"),
            ("announcement_group", "insurance"),
        ]))
        .respond_with(ok(json!({
            "statistics": [stats_json("2024-02-01"), stats_json("2024-02-02")]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let stats = client(&server)
        .chat()
        .announcements()
        .view_daily_announcement_stats()
        .start_date("2024-02-01")
        .end_date("2024-02-02")
        .announcement_group("insurance")
        .send()
        .await
        .expect("view_daily_announcement_stats succeeds");

    assert_eq!(stats.statistics.len(), 2);
    let day = &stats.statistics[0];
    assert_eq!(day.date_range, "2024-02-01");
    assert_eq!(day.total_announcement_count, Some(4));
    assert_eq!(day.canceled_announcement_count, Some(1));
    assert_eq!(day.stopped_announcement_count, Some(0));
    assert_eq!(day.completed_announcement_count, Some(3));
    assert_eq!(day.target_channel_count, Some(120));
    assert_eq!(day.target_user_count, Some(118));
    assert_eq!(day.sent_channel_count, Some(119));
    assert_eq!(day.sent_user_count, Some(117));
    assert_eq!(day.open_count, Some(60));
    assert_eq!(day.open_rate, Some(0.5128));
    assert_eq!(stats.statistics[1].date_range, "2024-02-02");
}

#[tokio::test]
async fn view_weekly_announcement_stats_sends_the_week_range() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/announcement_stats/weekly")
        .and(NoBody)
        .and(exact_query(&[
            ("start_week", "2024-W5"),
            ("end_week", "2024-W7"),
        ]))
        .respond_with(ok(json!({
            "statistics": [stats_json("2024-W5"), stats_json("2024-W6"), stats_json("2024-W7")]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let stats = client(&server)
        .chat()
        .announcements()
        .view_weekly_announcement_stats()
        .start_week("2024-W5")
        .end_week("2024-W7")
        .send()
        .await
        .expect("view_weekly_announcement_stats succeeds");
    let weeks: Vec<&str> = stats
        .statistics
        .iter()
        .map(|s| s.date_range.as_str())
        .collect();
    assert_eq!(weeks, ["2024-W5", "2024-W6", "2024-W7"]);
    assert_eq!(stats.statistics[2].open_count, Some(60));
}

#[tokio::test]
async fn view_monthly_announcement_stats_requires_the_month_range() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/announcement_stats/monthly")
        .and(NoBody)
        .and(exact_query(&[
            ("start_month", "2024-01"),
            ("end_month", "2024-01"),
        ]))
        .respond_with(ok(json!({"statistics": [stats_json("2024-01")]})))
        .expect(1)
        .mount(&server)
        .await;

    let announcements = client(&server).chat().announcements();
    let missing = announcements
        .view_monthly_announcement_stats()
        .start_month("2024-01")
        .send()
        .await;
    assert!(
        matches!(missing, Err(Error::InvalidRequest { .. })),
        "end_month is required: {missing:?}"
    );

    let stats = announcements
        .view_monthly_announcement_stats()
        .start_month("2024-01")
        .end_month("2024-01")
        .send()
        .await
        .expect("view_monthly_announcement_stats succeeds");
    assert_eq!(stats.statistics.len(), 1);
    assert_eq!(stats.statistics[0].date_range, "2024-01");
    assert_eq!(stats.statistics[0].sent_user_count, Some(117));
}

#[tokio::test]
async fn list_announcement_groups_decodes_names_and_cursor() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/announcement_group")
        .and(NoBody)
        .and(exact_query(&[("token", "abc"), ("limit", "2")]))
        .respond_with(ok(json!({
            "announcement_groups": ["insurance", "events"],
            "next": "def"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server)
        .chat()
        .announcements()
        .list_announcement_groups()
        .token("abc")
        .limit(2)
        .send()
        .await
        .expect("list_announcement_groups succeeds");
    assert_eq!(page.announcement_groups, ["insurance", "events"]);
    assert_eq!(page.next.as_deref(), Some("def"));
}

#[tokio::test]
async fn view_announcement_group_open_rate_decodes_hourly_series() {
    let server = MockServer::start().await;
    sendbird_call(
        "GET",
        "/v3/announcement_open_rate_by_group/insurance%20plans",
    )
    .and(NoQuery)
    .and(NoBody)
    .respond_with(ok(json!({
        "announcement_group": "insurance plans",
        "open_counts": [3, 1, 0],
        "open_rates": [0.3, 0.1, 0.0],
        "cumulative_open_counts": [3, 4, 4],
        "cumulative_open_rates": [0.3, 0.4, 0.4],
        "unique_id": null
    })))
    .expect(1)
    .mount(&server)
    .await;

    let rate = client(&server)
        .chat()
        .announcements()
        .view_announcement_group_open_rate("insurance plans")
        .send()
        .await
        .expect("view_announcement_group_open_rate succeeds");
    assert_eq!(rate.announcement_group.as_deref(), Some("insurance plans"));
    assert_eq!(rate.unique_id, None);
    assert_eq!(rate.open_counts, Some(vec![3, 1, 0]));
    assert_eq!(rate.open_rates, Some(vec![0.3, 0.1, 0.0]));
    assert_eq!(rate.cumulative_open_counts, Some(vec![3, 4, 4]));
    assert_eq!(rate.cumulative_open_rates, Some(vec![0.3, 0.4, 0.4]));
}

#[tokio::test]
async fn view_announcement_open_rate_decodes_hourly_series() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/announcement_open_rate/marketing_20240211")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(json!({
            "unique_id": "marketing_20240211",
            "open_counts": [10, 5],
            "open_rates": [0.25, 0.125],
            "cumulative_open_counts": [10, 15],
            "cumulative_open_rates": [0.25, 0.375],
            "hours": 2
        })))
        .expect(1)
        .mount(&server)
        .await;

    let rate = client(&server)
        .chat()
        .announcements()
        .view_announcement_open_rate("marketing_20240211")
        .send()
        .await
        .expect("view_announcement_open_rate succeeds");
    assert_eq!(rate.unique_id.as_deref(), Some("marketing_20240211"));
    assert_eq!(rate.announcement_group, None);
    assert_eq!(rate.open_counts, Some(vec![10, 5]));
    assert_eq!(rate.open_rates, Some(vec![0.25, 0.125]));
    assert_eq!(rate.cumulative_open_counts, Some(vec![10, 15]));
    assert_eq!(rate.cumulative_open_rates, Some(vec![0.25, 0.375]));
}

#[tokio::test]
async fn list_announcement_open_status_sends_filters_as_comma_lists() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/announcement_open_status/marketing_20240211")
        .and(NoBody)
        .and(exact_query(&[
            ("token", "cursor-1"),
            ("limit", "50"),
            ("unique_ids", "Jeff,Young"),
            ("channel_urls", "group_1,group%202"),
            ("has_opened", "false"),
        ]))
        .respond_with(ok(json!({
            "open_status": [
                {
                    "user_id": "Jeff",
                    "channel_url": "group_1",
                    "has_opened": true,
                    "sent_at": 1_700_000_001_000_i64,
                    "open_at": 1_700_000_090_000_i64
                },
                {
                    "user_id": "Young",
                    "channel_url": "group 2",
                    "has_opened": false,
                    "sent_at": 1_700_000_002_000_i64,
                    "open_at": null
                }
            ],
            "next": ""
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server)
        .chat()
        .announcements()
        .list_announcement_open_status("marketing_20240211")
        .token("cursor-1")
        .limit(50)
        .unique_ids(["Jeff", "Young"])
        .channel_urls(["group_1", "group 2"])
        .has_opened(false)
        .send()
        .await
        .expect("list_announcement_open_status succeeds");

    assert_eq!(page.open_status.len(), 2);
    let jeff = &page.open_status[0];
    assert_eq!(jeff.user_id, "Jeff");
    assert_eq!(jeff.channel_url.as_deref(), Some("group_1"));
    assert_eq!(jeff.has_opened, Some(true));
    assert_eq!(jeff.sent_at, Some(UnixMillis(1_700_000_001_000)));
    assert_eq!(jeff.open_at, Some(UnixMillis(1_700_000_090_000)));
    let young = &page.open_status[1];
    assert_eq!(young.has_opened, Some(false));
    assert_eq!(young.open_at, None, "`null` decodes to None");
    assert_eq!(page.next.as_deref(), Some(""));
}

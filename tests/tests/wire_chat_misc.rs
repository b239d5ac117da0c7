//! Wire tests of the smaller Chat areas: `emojis`, `settings`, `migration` and
//! `user_extras`. Each test sends one operation to a loopback mock server that checks
//! the exact method, path, query, headers and body, and decodes a realistic response
//! (with unknown fields and `null`s) into typed values.
//!
//! The client's Chat base URL is overridden with `http://127.0.0.1:<port>/v3`, so the
//! mock sees the same `/v3/...` paths as Sendbird does.

use futures::TryStreamExt;
use sendbird_platform::generated::chat::types::{
    ChannelCountHiddenMode, ChannelCountJoinState, CustomTypeSettings, GroupChannelSuperMode,
    MessageModerationDomainFilter, MessageModerationImageLimits, MessageModerationImageModeration,
    MessageModerationProfanityFilter, MessageModerationProfanityTrigger,
    MessageModerationRegexFilter, MigrationMessage, MigrationMessageType, NewEmoji,
    NewEmojiCategory, PushMessageTemplateName, PushTokenType, UnreadCountPreference, UnreadItemKey,
};
use sendbird_platform::{Client, Error, RetryPolicy, UnixMillis};
use serde_json::{json, Value};
use wiremock::matchers::{any, body_json, header, method, path};
use wiremock::{Match, Mock, MockBuilder, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "test-master-api-token-misc-0123456789";
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

/// A mock for a JSON call: method, exact (still percent-encoded) path, the token
/// header and the JSON headers the runtime sends. Tests add query and body matchers.
fn sendbird_call(http_method: &str, wire_path: &str) -> MockBuilder {
    Mock::given(method(http_method))
        .and(path(wire_path))
        .and(header("Api-Token", TOKEN))
        .and(header("Content-Type", JSON_CONTENT_TYPE))
        .and(header("Accept", "application/json"))
}

/// A GET or DELETE without query and body.
fn bare_call(http_method: &str, wire_path: &str) -> MockBuilder {
    sendbird_call(http_method, wire_path)
        .and(NoQuery)
        .and(NoBody)
}

/// A POST or PUT with exactly this JSON body and no query.
fn json_call(http_method: &str, wire_path: &str, body: Value) -> MockBuilder {
    sendbird_call(http_method, wire_path)
        .and(NoQuery)
        .and(body_json(body))
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

/// An emoji category with its emojis; `url` of the second emoji is `null` and
/// `application_id` is a field this client does not know.
fn category_json(id: i64, name: &str) -> Value {
    json!({
        "id": id,
        "name": name,
        "url": format!("https://emoji.example/{name}.png"),
        "application_id": 77,
        "emojis": [
            {"id": 1, "key": "smile", "url": "https://emoji.example/1f600.png", "emoji_category_id": id},
            {"id": 2, "key": "angry", "url": null}
        ]
    })
}

/// Channel settings as the settings endpoints return them: the profanity keywords as
/// one string, a `null` (`max_message_length`) and an unknown field (`custom_field`).
fn settings_json() -> Value {
    json!({
        "domain_filter": {"domains": ["espn.com", "sports.yahoo.com"], "type": 1, "should_check_global": true},
        "profanity_filter": {
            "keywords": "dumb,dummy",
            "regex_filters": [{"regex": "(damn|crap)"}],
            "type": 2,
            "should_check_global": false
        },
        "display_past_message": true,
        "image_moderation": {
            "type": 0,
            "soft_block": false,
            "limits": {"adult": 3, "spoof": 5, "medical": 5, "violence": 3, "racy": 4},
            "check_urls": false
        },
        "allow_links": true,
        "max_message_length": null,
        "user_messages_per_channel_duration": 1,
        "user_messages_per_channel": -1,
        "profanity_triggered_moderation": {"count": 3, "duration": 60, "action": 1},
        "message_retention_hours": 1440,
        "custom_field": {"anything": true}
    })
}

fn custom_type_settings_json(custom_type: &str) -> Value {
    let mut settings = settings_json();
    settings["custom_type"] = json!(custom_type);
    settings["push_template"] = json!({
        "MESG": {"title": "", "body": "A new message arrived."},
        "FILE": "{sender_name} sent {filename} file"
    });
    settings
}

fn assert_custom_type_settings(settings: &CustomTypeSettings, custom_type: &str) {
    assert_eq!(settings.custom_type, custom_type);
    assert_eq!(settings.message_retention_hours, Some(1440));
    assert_eq!(settings.display_past_message, Some(true));
    assert_eq!(settings.max_message_length, None);
    assert_eq!(settings.user_messages_per_channel, Some(-1));
    let domains = settings.domain_filter.as_ref().expect("domain filter");
    assert_eq!(domains.domains.as_ref().map(Vec::len), Some(2));
    assert_eq!(domains.should_check_global, Some(true));
    let profanity = settings
        .profanity_filter
        .as_ref()
        .expect("profanity filter");
    assert_eq!(profanity.keywords.as_deref(), Some("dumb,dummy"));
    assert_eq!(profanity.r#type, Some(2));
    let push_template = settings.push_template.as_ref().expect("push template");
    assert_eq!(push_template["MESG"]["body"], "A new message arrived.");
}

fn assert_invalid_request(error: &Error, operation: &str, field: &str) {
    match error {
        Error::InvalidRequest {
            operation: actual,
            message,
        } => {
            assert_eq!(*actual, operation);
            assert!(message.contains(field), "{message}");
        }
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------
// emojis
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn list_emoji_categories_decodes_categories_with_their_emojis() {
    let server = MockServer::start().await;
    bare_call("GET", "/v3/emoji_categories")
        .respond_with(ok(json!({
            "emoji_hash": "e5a7c2",
            "emoji_categories": [category_json(1, "face"), {"id": 2, "name": "animal", "url": ""}]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let list = client(&server)
        .chat()
        .emojis()
        .list_emoji_categories()
        .send()
        .await
        .expect("list_emoji_categories succeeds");
    assert_eq!(list.emoji_hash.as_deref(), Some("e5a7c2"));
    assert_eq!(list.emoji_categories.len(), 2);
    let face = &list.emoji_categories[0];
    assert_eq!(face.id, 1);
    assert_eq!(face.name.as_deref(), Some("face"));
    let emojis = face.emojis.as_ref().expect("emojis of the category");
    assert_eq!(emojis[0].id, Some(1));
    assert_eq!(emojis[0].key, "smile");
    assert_eq!(emojis[1].url, None, "`null` decodes to None");
    assert_eq!(list.emoji_categories[1].emojis, None);
}

#[tokio::test]
async fn add_emoji_categories_sends_names_and_urls() {
    let server = MockServer::start().await;
    json_call(
        "POST",
        "/v3/emoji_categories",
        json!({"emoji_categories": [
            {"name": "nature", "url": "https://emoji.example/nature.png"},
            {"name": "animal", "url": "https://emoji.example/animal.png"}
        ]}),
    )
    .respond_with(ok(json!({"emoji_categories": [
        {"id": 587, "name": "nature", "url": "https://emoji.example/nature.png"},
        {"id": 588, "name": "animal", "url": "https://emoji.example/animal.png"}
    ]})))
    .expect(1)
    .mount(&server)
    .await;

    let categories = ["nature", "animal"].map(|name| {
        let mut category = NewEmojiCategory::default();
        category.name = name.to_owned();
        category.url = format!("https://emoji.example/{name}.png");
        category
    });
    let added = client(&server)
        .chat()
        .emojis()
        .add_emoji_categories()
        .emoji_categories(categories)
        .send()
        .await
        .expect("add_emoji_categories succeeds");
    let ids: Vec<i64> = added.emoji_categories.iter().map(|c| c.id).collect();
    assert_eq!(ids, [587, 588]);
    assert_eq!(added.emoji_categories[1].name.as_deref(), Some("animal"));
}

#[tokio::test]
async fn view_emoji_category_puts_the_numeric_id_in_the_path() {
    let server = MockServer::start().await;
    bare_call("GET", "/v3/emoji_categories/587")
        .respond_with(ok(category_json(587, "nature")))
        .expect(1)
        .mount(&server)
        .await;

    let category = client(&server)
        .chat()
        .emojis()
        .view_emoji_category(587)
        .send()
        .await
        .expect("view_emoji_category succeeds");
    assert_eq!(category.id, 587);
    assert_eq!(
        category.url.as_deref(),
        Some("https://emoji.example/nature.png")
    );
    assert_eq!(category.emojis.map(|e| e.len()), Some(2));
}

#[tokio::test]
async fn update_emoji_category_url_sends_only_the_url() {
    let server = MockServer::start().await;
    json_call(
        "PUT",
        "/v3/emoji_categories/587",
        json!({"url": "https://emoji.example/nature-2.png"}),
    )
    .respond_with(ok(json!({
        "id": 587,
        "name": "nature",
        "url": "https://emoji.example/nature-2.png",
        "emojis": []
    })))
    .expect(1)
    .mount(&server)
    .await;

    let category = client(&server)
        .chat()
        .emojis()
        .update_emoji_category_url(587)
        .url("https://emoji.example/nature-2.png")
        .send()
        .await
        .expect("update_emoji_category_url succeeds");
    assert_eq!(
        category.url.as_deref(),
        Some("https://emoji.example/nature-2.png")
    );
    assert_eq!(category.emojis, Some(vec![]));
}

#[tokio::test]
async fn delete_emoji_category_sends_a_bare_delete() {
    let server = MockServer::start().await;
    bare_call("DELETE", "/v3/emoji_categories/588")
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .chat()
        .emojis()
        .delete_emoji_category(588)
        .send()
        .await
        .expect("delete_emoji_category succeeds");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn list_emojis_decodes_every_emoji() {
    let server = MockServer::start().await;
    bare_call("GET", "/v3/emojis")
        .respond_with(ok(json!({"emojis": [
            {"key": "wink", "url": "https://emoji.example/1f609.png"},
            {"id": 103964, "key": "blowing_a_kiss", "url": "https://emoji.example/1f618.png", "emoji_category_id": 1}
        ]})))
        .expect(1)
        .mount(&server)
        .await;

    let list = client(&server)
        .chat()
        .emojis()
        .list_emojis()
        .send()
        .await
        .expect("list_emojis succeeds");
    let keys: Vec<&str> = list.emojis.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys, ["wink", "blowing_a_kiss"]);
    assert_eq!(list.emojis[0].id, None);
    assert_eq!(list.emojis[1].id, Some(103_964));
}

#[tokio::test]
async fn add_emojis_sends_the_category_and_the_emojis() {
    let server = MockServer::start().await;
    json_call(
        "POST",
        "/v3/emojis",
        json!({
            "emoji_category_id": 1,
            "emojis": [
                {"key": "wink", "url": "https://emoji.example/1f609.png"},
                {"key": "tears_of_joy", "url": "https://emoji.example/1f602.png"}
            ]
        }),
    )
    .respond_with(ok(json!({"emojis": [
        {"id": 103965, "key": "wink", "url": "https://emoji.example/1f609.png"},
        {"id": 103966, "key": "tears_of_joy", "url": "https://emoji.example/1f602.png"}
    ]})))
    .expect(1)
    .mount(&server)
    .await;

    let emojis = [("wink", "1f609"), ("tears_of_joy", "1f602")].map(|(key, code)| {
        let mut emoji = NewEmoji::default();
        emoji.key = key.to_owned();
        emoji.url = format!("https://emoji.example/{code}.png");
        emoji
    });
    let added = client(&server)
        .chat()
        .emojis()
        .add_emojis()
        .emoji_category_id(1)
        .emojis(emojis)
        .send()
        .await
        .expect("add_emojis succeeds");
    let ids: Vec<Option<i64>> = added.emojis.iter().map(|e| e.id).collect();
    assert_eq!(ids, [Some(103_965), Some(103_966)]);
}

#[tokio::test]
async fn view_emoji_encodes_the_key() {
    let server = MockServer::start().await;
    bare_call("GET", "/v3/emojis/tears%20of%20joy")
        .respond_with(ok(
            json!({"key": "tears of joy", "url": "https://emoji.example/1f602.png"}),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let emoji = client(&server)
        .chat()
        .emojis()
        .view_emoji("tears of joy")
        .send()
        .await
        .expect("view_emoji succeeds");
    assert_eq!(emoji.key, "tears of joy");
    assert_eq!(
        emoji.url.as_deref(),
        Some("https://emoji.example/1f602.png")
    );
}

#[tokio::test]
async fn update_emoji_url_sends_only_the_url() {
    let server = MockServer::start().await;
    json_call(
        "PUT",
        "/v3/emojis/wink",
        json!({"url": "https://emoji.example/wink-2.png"}),
    )
    .respond_with(ok(
        json!({"key": "wink", "url": "https://emoji.example/wink-2.png"}),
    ))
    .expect(1)
    .mount(&server)
    .await;

    let emoji = client(&server)
        .chat()
        .emojis()
        .update_emoji_url("wink")
        .url("https://emoji.example/wink-2.png")
        .send()
        .await
        .expect("update_emoji_url succeeds");
    assert_eq!(emoji.key, "wink");
    assert_eq!(
        emoji.url.as_deref(),
        Some("https://emoji.example/wink-2.png")
    );
}

#[tokio::test]
async fn delete_emoji_sends_a_bare_delete_and_accepts_no_body() {
    let server = MockServer::start().await;
    bare_call("DELETE", "/v3/emojis/wink")
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .chat()
        .emojis()
        .delete_emoji("wink")
        .send()
        .await
        .expect("delete_emoji succeeds");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

// ---------------------------------------------------------------------------------------
// settings
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn view_global_settings_decodes_filters_and_moderation() {
    let server = MockServer::start().await;
    bare_call("GET", "/v3/applications/settings_global")
        .respond_with(ok(settings_json()))
        .expect(1)
        .mount(&server)
        .await;

    let settings = client(&server)
        .chat()
        .settings()
        .view_global_settings()
        .send()
        .await
        .expect("view_global_settings succeeds");
    assert_eq!(settings.message_retention_hours, Some(1440));
    assert_eq!(settings.display_past_message, Some(true));
    assert_eq!(settings.allow_links, Some(true));
    assert_eq!(settings.max_message_length, None, "`null` decodes to None");
    assert_eq!(settings.user_messages_per_channel, Some(-1));
    assert_eq!(settings.user_messages_per_channel_duration, Some(1));
    let domains = settings.domain_filter.expect("domain filter");
    assert_eq!(
        domains.domains,
        Some(vec!["espn.com".to_owned(), "sports.yahoo.com".to_owned()])
    );
    assert_eq!(domains.r#type, Some(1));
    let profanity = settings.profanity_filter.expect("profanity filter");
    assert_eq!(profanity.keywords.as_deref(), Some("dumb,dummy"));
    assert_eq!(
        profanity
            .regex_filters
            .as_ref()
            .map(|r| r[0].regex.as_str()),
        Some("(damn|crap)")
    );
    let trigger = settings
        .profanity_triggered_moderation
        .expect("profanity-triggered moderation");
    assert_eq!(
        (trigger.count, trigger.duration, trigger.action),
        (Some(3), Some(60), Some(1))
    );
    let images = settings.image_moderation.expect("image moderation");
    assert_eq!(images.soft_block, Some(false));
    let limits = images.limits.expect("limits");
    assert_eq!((limits.adult, limits.racy), (Some(3), Some(4)));
}

#[tokio::test]
async fn update_global_settings_sends_nested_filters() {
    let server = MockServer::start().await;
    json_call(
        "PUT",
        "/v3/applications/settings_global",
        json!({
            "message_retention_hours": 720,
            "display_past_message": false,
            "allow_links": false,
            "max_message_length": 1000,
            "user_messages_per_channel": 7,
            "user_messages_per_channel_duration": 3,
            "domain_filter": {"domains": ["casino.example"], "type": 2},
            "profanity_filter": {
                "keywords": ["dumb", "*dummy"],
                "regex_filters": [{"regex": "(damn|crap)"}],
                "type": 1
            },
            "profanity_triggered_moderation": {"count": 3, "duration": 60, "action": 1},
            "image_moderation": {"type": 1, "limits": {"adult": 2}, "check_urls": true}
        }),
    )
    .respond_with(ok(settings_json()))
    .expect(1)
    .mount(&server)
    .await;

    let mut domain_filter = MessageModerationDomainFilter::default();
    domain_filter.domains = Some(vec!["casino.example".to_owned()]);
    domain_filter.r#type = Some(2);
    let mut regex = MessageModerationRegexFilter::default();
    regex.regex = "(damn|crap)".to_owned();
    let mut profanity_filter = MessageModerationProfanityFilter::default();
    profanity_filter.keywords = Some(vec!["dumb".to_owned(), "*dummy".to_owned()]);
    profanity_filter.regex_filters = Some(vec![regex]);
    profanity_filter.r#type = Some(1);
    let mut trigger = MessageModerationProfanityTrigger::default();
    trigger.count = Some(3);
    trigger.duration = Some(60);
    trigger.action = Some(1);
    let mut limits = MessageModerationImageLimits::default();
    limits.adult = Some(2);
    let mut image_moderation = MessageModerationImageModeration::default();
    image_moderation.r#type = Some(1);
    image_moderation.limits = Some(limits);
    image_moderation.check_urls = Some(true);

    let settings = client(&server)
        .chat()
        .settings()
        .update_global_settings()
        .message_retention_hours(720)
        .display_past_message(false)
        .allow_links(false)
        .max_message_length(1000)
        .user_messages_per_channel(7)
        .user_messages_per_channel_duration(3)
        .domain_filter(domain_filter)
        .profanity_filter(profanity_filter)
        .profanity_triggered_moderation(trigger)
        .image_moderation(image_moderation)
        .send()
        .await
        .expect("update_global_settings succeeds");
    assert_eq!(settings.message_retention_hours, Some(1440));
    assert_eq!(
        settings
            .profanity_filter
            .and_then(|p| p.keywords)
            .as_deref(),
        Some("dumb,dummy")
    );
}

#[tokio::test]
async fn create_custom_type_settings_sends_the_type_and_its_settings() {
    let server = MockServer::start().await;
    json_call(
        "POST",
        "/v3/applications/settings_by_channel_custom_type",
        json!({
            "custom_type": "Sports",
            "message_retention_hours": 1440,
            "display_past_message": true,
            "max_message_length": 500
        }),
    )
    .respond_with(ok(custom_type_settings_json("Sports")))
    .expect(1)
    .mount(&server)
    .await;

    let settings = client(&server)
        .chat()
        .settings()
        .create_custom_type_settings()
        .custom_type("Sports")
        .message_retention_hours(1440)
        .display_past_message(true)
        .max_message_length(500)
        .send()
        .await
        .expect("create_custom_type_settings succeeds");
    assert_custom_type_settings(&settings, "Sports");
}

#[tokio::test]
async fn create_custom_type_settings_requires_the_type() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ok(json!({})))
        .expect(0)
        .mount(&server)
        .await;
    let error = client(&server)
        .chat()
        .settings()
        .create_custom_type_settings()
        .display_past_message(true)
        .send()
        .await
        .expect_err("custom_type is required");
    assert_invalid_request(
        &error,
        "chat.settings.create_custom_type_settings",
        "`custom_type`",
    );
}

#[tokio::test]
async fn list_custom_type_settings_pages_with_token_and_limit() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/applications/settings_by_channel_custom_type")
        .and(NoBody)
        .and(exact_query(&[("limit", "1")]))
        .respond_with(ok(json!({
            "channel_custom_type_settings": [custom_type_settings_json("Sports")],
            "next": "QnYDpDRsPRl1WAXe3RlVaFd2A"
        })))
        .expect(1)
        .mount(&server)
        .await;
    sendbird_call("GET", "/v3/applications/settings_by_channel_custom_type")
        .and(NoBody)
        .and(exact_query(&[
            ("token", "QnYDpDRsPRl1WAXe3RlVaFd2A"),
            ("limit", "1"),
        ]))
        .respond_with(ok(json!({
            "channel_custom_type_settings": [custom_type_settings_json("News")],
            "next": ""
        })))
        .expect(1)
        .mount(&server)
        .await;

    let all: Vec<CustomTypeSettings> = client(&server)
        .chat()
        .settings()
        .list_custom_type_settings()
        .limit(1)
        .into_stream()
        .try_collect()
        .await
        .expect("every page loads");
    let types: Vec<&str> = all.iter().map(|s| s.custom_type.as_str()).collect();
    assert_eq!(types, ["Sports", "News"]);
    assert_custom_type_settings(&all[0], "Sports");

    // The documented range is checked before sending.
    let error = client(&server)
        .chat()
        .settings()
        .list_custom_type_settings()
        .limit(101)
        .send()
        .await
        .expect_err("limit above 100");
    assert_invalid_request(&error, "chat.settings.list_custom_type_settings", "limit");
}

#[tokio::test]
async fn view_custom_type_settings_encodes_the_type() {
    let server = MockServer::start().await;
    bare_call(
        "GET",
        "/v3/applications/settings_by_channel_custom_type/Sports%20%26%20News",
    )
    .respond_with(ok(custom_type_settings_json("Sports & News")))
    .expect(1)
    .mount(&server)
    .await;

    let settings = client(&server)
        .chat()
        .settings()
        .view_custom_type_settings("Sports & News")
        .send()
        .await
        .expect("view_custom_type_settings succeeds");
    assert_custom_type_settings(&settings, "Sports & News");
}

#[tokio::test]
async fn update_custom_type_settings_sends_only_the_fields_set() {
    let server = MockServer::start().await;
    json_call(
        "PUT",
        "/v3/applications/settings_by_channel_custom_type/Sports",
        json!({"allow_links": false, "domain_filter": {"domains": ["espn.com"], "type": 1, "should_check_global": true}}),
    )
    .respond_with(ok(custom_type_settings_json("Sports")))
    .expect(1)
    .mount(&server)
    .await;

    let mut domain_filter = MessageModerationDomainFilter::default();
    domain_filter.domains = Some(vec!["espn.com".to_owned()]);
    domain_filter.r#type = Some(1);
    domain_filter.should_check_global = Some(true);
    let settings = client(&server)
        .chat()
        .settings()
        .update_custom_type_settings("Sports")
        .allow_links(false)
        .domain_filter(domain_filter)
        .send()
        .await
        .expect("update_custom_type_settings succeeds");
    assert_custom_type_settings(&settings, "Sports");
}

#[tokio::test]
async fn delete_custom_type_settings_sends_a_bare_delete() {
    let server = MockServer::start().await;
    bare_call(
        "DELETE",
        "/v3/applications/settings_by_channel_custom_type/Sports",
    )
    .respond_with(ok(json!({})))
    .expect(1)
    .mount(&server)
    .await;

    client(&server)
        .chat()
        .settings()
        .delete_custom_type_settings("Sports")
        .send()
        .await
        .expect("delete_custom_type_settings succeeds");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

// ---------------------------------------------------------------------------------------
// migration
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn migrate_messages_sends_the_messages_and_accepts_no_body() {
    let server = MockServer::start().await;
    json_call(
        "POST",
        "/v3/migration/legacy%2Froom%201",
        json!({
            "messages": [
                {
                    "user_id": "ann",
                    "message_type": "MESG",
                    "message": "Hello from the old system",
                    "timestamp": 1_500_000_000_000_i64,
                    "custom_type": "imported",
                    "mentioned_user_ids": ["bob"],
                    "data": "{\"legacy_id\":17}",
                    "dedup_id": "legacy-17"
                },
                // The 2016 shape: sender, text, data and time only.
                {"user_id": "bob", "message": "Hi Ann", "data": "", "timestamp": 1_500_000_001_000_i64}
            ],
            "update_read_ts": true
        }),
    )
    .respond_with(ResponseTemplate::new(200))
    .expect(1)
    .mount(&server)
    .await;

    let mut first = MigrationMessage::default();
    first.user_id = Some("ann".to_owned());
    first.message_type = Some(MigrationMessageType::Mesg);
    first.message = Some("Hello from the old system".to_owned());
    first.timestamp = UnixMillis(1_500_000_000_000);
    first.custom_type = Some("imported".to_owned());
    first.mentioned_user_ids = Some(vec!["bob".to_owned()]);
    first.data = Some("{\"legacy_id\":17}".to_owned());
    first.dedup_id = Some("legacy-17".to_owned());
    let mut second = MigrationMessage::default();
    second.user_id = Some("bob".to_owned());
    second.message = Some("Hi Ann".to_owned());
    second.data = Some(String::new());
    second.timestamp = UnixMillis(1_500_000_001_000);

    client(&server)
        .chat()
        .migration()
        .migrate_messages("legacy/room 1")
        .messages([first, second])
        .update_read_ts(true)
        .send()
        .await
        .expect("migrate_messages succeeds");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

// ---------------------------------------------------------------------------------------
// user_extras
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn issue_session_token_sends_the_expiry_in_milliseconds() {
    let server = MockServer::start().await;
    json_call(
        "POST",
        "/v3/users/ann/token",
        json!({"expires_at": 1_598_651_815_000_i64}),
    )
    .respond_with(ok(json!({
        "token": "eyJhbGciOiJIUzI1NiJ9.eyJlIjoxNTk4NjUxODE1fQ.sig",
        "expires_at": 1_598_651_815_000_i64
    })))
    .expect(1)
    .mount(&server)
    .await;

    let issued = client(&server)
        .chat()
        .user_extras()
        .issue_session_token("ann")
        .expires_at(UnixMillis(1_598_651_815_000))
        .send()
        .await
        .expect("issue_session_token succeeds");
    assert_eq!(
        issued.token,
        "eyJhbGciOiJIUzI1NiJ9.eyJlIjoxNTk4NjUxODE1fQ.sig"
    );
    assert_eq!(issued.expires_at, Some(UnixMillis(1_598_651_815_000)));
}

#[tokio::test]
async fn view_channel_invitation_preference_decodes_auto_accept() {
    let server = MockServer::start().await;
    bare_call("GET", "/v3/users/ann/channel_invitation_preference")
        .respond_with(ok(json!({"auto_accept": false})))
        .expect(1)
        .mount(&server)
        .await;

    let preference = client(&server)
        .chat()
        .user_extras()
        .view_channel_invitation_preference("ann")
        .send()
        .await
        .expect("view_channel_invitation_preference succeeds");
    assert!(!preference.auto_accept);
}

#[tokio::test]
async fn update_channel_invitation_preference_sends_auto_accept() {
    let server = MockServer::start().await;
    json_call(
        "PUT",
        "/v3/users/ann/channel_invitation_preference",
        json!({"auto_accept": true}),
    )
    .respond_with(ok(json!({"auto_accept": true})))
    .expect(1)
    .mount(&server)
    .await;

    let preference = client(&server)
        .chat()
        .user_extras()
        .update_channel_invitation_preference("ann")
        .auto_accept(true)
        .send()
        .await
        .expect("update_channel_invitation_preference succeeds");
    assert!(preference.auto_accept);
}

#[tokio::test]
async fn leave_my_group_channels_sends_the_custom_type_or_an_empty_object() {
    let server = MockServer::start().await;
    json_call(
        "PUT",
        "/v3/users/ann/my_group_channels/leave",
        json!({"custom_type": "art"}),
    )
    .respond_with(ok(json!({})))
    .expect(1)
    .mount(&server)
    .await;
    json_call("PUT", "/v3/users/ann/my_group_channels/leave", json!({}))
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    let users = client(&server).chat().user_extras();
    users
        .leave_my_group_channels("ann")
        .custom_type("art")
        .send()
        .await
        .expect("leaving channels of one type succeeds");
    users
        .leave_my_group_channels("ann")
        .send()
        .await
        .expect("leaving every channel succeeds");
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn view_unread_message_count_sends_custom_types_and_super_mode() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/users/ann/unread_message_count")
        .and(NoBody)
        .and(exact_query(&[
            ("custom_types", "art,music%20jazz"),
            ("super_mode", "nonsuper"),
        ]))
        .respond_with(ok(json!({"unread_count": 12})))
        .expect(1)
        .mount(&server)
        .await;

    let count = client(&server)
        .chat()
        .user_extras()
        .view_unread_message_count("ann")
        .custom_types(["art", "music jazz"])
        .super_mode(GroupChannelSuperMode::Nonsuper)
        .send()
        .await
        .expect("view_unread_message_count succeeds");
    assert_eq!(count.unread_count, 12);
}

#[tokio::test]
async fn view_unread_item_count_sends_the_item_keys() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/users/ann/unread_item_count")
        .and(NoBody)
        .and(exact_query(&[
            (
                "item_keys",
                "group_channel_unread_message_count,super_group_channel_invitation_count,non_super_group_channel_unread_mention_count",
            ),
            ("custom_types", "art"),
        ]))
        .respond_with(ok(json!({
            "group_channel_unread_message_count": 9,
            "super_group_channel_invitation_count": 0,
            "non_super_group_channel_unread_mention_count": 2,
            "ts": 1_700_000_000_000_i64
        })))
        .expect(1)
        .mount(&server)
        .await;

    let counts = client(&server)
        .chat()
        .user_extras()
        .view_unread_item_count("ann")
        .item_keys([
            UnreadItemKey::GroupChannelUnreadMessageCount,
            UnreadItemKey::SuperGroupChannelInvitationCount,
            UnreadItemKey::NonSuperGroupChannelUnreadMentionCount,
        ])
        .custom_types(["art"])
        .send()
        .await
        .expect("view_unread_item_count succeeds");
    assert_eq!(counts.group_channel_unread_message_count, Some(9));
    assert_eq!(counts.super_group_channel_invitation_count, Some(0));
    assert_eq!(counts.non_super_group_channel_unread_mention_count, Some(2));
    assert_eq!(counts.group_channel_invitation_count, None);
}

#[tokio::test]
async fn view_unread_item_count_requires_item_keys() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ok(json!({})))
        .expect(0)
        .mount(&server)
        .await;
    let error = client(&server)
        .chat()
        .user_extras()
        .view_unread_item_count("ann")
        .send()
        .await
        .expect_err("item_keys is required");
    assert_invalid_request(
        &error,
        "chat.user_extras.view_unread_item_count",
        "`item_keys`",
    );
}

#[tokio::test]
async fn view_unread_channel_count_sends_custom_types_and_super_mode() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/users/ann/unread_channel_count")
        .and(NoBody)
        .and(exact_query(&[
            ("custom_types", "art,music"),
            ("super_mode", "super"),
        ]))
        .respond_with(ok(json!({"unread_count": 4})))
        .expect(1)
        .mount(&server)
        .await;

    let count = client(&server)
        .chat()
        .user_extras()
        .view_unread_channel_count("ann")
        .custom_types(["art", "music"])
        .super_mode(GroupChannelSuperMode::Super)
        .send()
        .await
        .expect("view_unread_channel_count succeeds");
    assert_eq!(count.unread_count, 4);
}

#[tokio::test]
async fn view_group_channel_count_sends_the_filters() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/users/ann/group_channel_count")
        .and(NoBody)
        .and(exact_query(&[
            ("state", "invited"),
            ("custom_types", "art"),
            ("hidden_mode", "hidden_only"),
        ]))
        .respond_with(ok(json!({"group_channel_count": 31})))
        .expect(1)
        .mount(&server)
        .await;

    let count = client(&server)
        .chat()
        .user_extras()
        .view_group_channel_count("ann")
        .state(ChannelCountJoinState::Invited)
        .custom_types(["art"])
        .hidden_mode(ChannelCountHiddenMode::HiddenOnly)
        .send()
        .await
        .expect("view_group_channel_count succeeds");
    assert_eq!(count.group_channel_count, 31);
}

#[tokio::test]
async fn view_count_preference_decodes_the_preference() {
    let server = MockServer::start().await;
    bare_call("GET", "/v3/users/ann/count_preference/art%2F1")
        .respond_with(ok(json!({"count_preference": "unread_message_count_only"})))
        .expect(1)
        .mount(&server)
        .await;
    bare_call("GET", "/v3/users/ann/count_preference/art%2F2")
        .respond_with(ok(json!({"count_preference": "some_future_value"})))
        .expect(1)
        .mount(&server)
        .await;

    let users = client(&server).chat().user_extras();
    let known = users
        .view_count_preference("ann", "art/1")
        .send()
        .await
        .expect("view_count_preference succeeds");
    assert_eq!(
        known.count_preference,
        UnreadCountPreference::UnreadMessageCountOnly
    );
    let unknown = users
        .view_count_preference("ann", "art/2")
        .send()
        .await
        .expect("an unknown value still decodes");
    assert_eq!(
        unknown.count_preference,
        UnreadCountPreference::Unknown("some_future_value".to_owned())
    );
}

#[tokio::test]
async fn update_count_preference_sends_the_preference() {
    let server = MockServer::start().await;
    json_call(
        "PUT",
        "/v3/users/ann/count_preference/art_1",
        json!({"count_preference": "off"}),
    )
    .respond_with(ok(json!({"count_preference": "off"})))
    .expect(1)
    .mount(&server)
    .await;

    let preference = client(&server)
        .chat()
        .user_extras()
        .update_count_preference("ann", "art_1")
        .count_preference(UnreadCountPreference::Off)
        .send()
        .await
        .expect("update_count_preference succeeds");
    assert_eq!(preference.count_preference, UnreadCountPreference::Off);
}

#[tokio::test]
async fn register_operator_by_custom_types_sends_the_types() {
    let server = MockServer::start().await;
    json_call(
        "POST",
        "/v3/users/ann/operating_channel_custom_types",
        json!({"channel_custom_types": ["art", "music"]}),
    )
    .respond_with(ok(json!({})))
    .expect(1)
    .mount(&server)
    .await;

    client(&server)
        .chat()
        .user_extras()
        .register_operator_by_custom_types("ann")
        .channel_custom_types(["art", "music"])
        .send()
        .await
        .expect("register_operator_by_custom_types succeeds");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn list_push_tokens_decodes_the_tokens_and_the_user() {
    let server = MockServer::start().await;
    bare_call("GET", "/v3/users/ann/push/huawei")
        .respond_with(ok(json!({
            "tokens": ["fP7c4oBk_hU:APA91bEz", "dK64CBNk_pH:BKvxZP39"],
            "type": "HUAWEI",
            "user": {
                "user_id": "ann",
                "nickname": "Ann",
                "profile_url": null,
                "metadata": {"font_color": "black"}
            },
            "token": ["fP7c4oBk_hU:APA91bEz", "dK64CBNk_pH:BKvxZP39"]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let list = client(&server)
        .chat()
        .user_extras()
        .list_push_tokens("ann", PushTokenType::Huawei)
        .send()
        .await
        .expect("list_push_tokens succeeds");
    assert_eq!(
        list.tokens,
        ["fP7c4oBk_hU:APA91bEz", "dK64CBNk_pH:BKvxZP39"]
    );
    assert_eq!(list.r#type.as_deref(), Some("HUAWEI"));
    let user = list.user.expect("the token owner");
    assert_eq!(user.user_id, "ann");
    assert_eq!(user.nickname.as_deref(), Some("Ann"));
    assert_eq!(user.profile_url, None);
    assert_eq!(list.token.map(|t| t.len()), Some(2));
}

#[tokio::test]
async fn choose_push_template_sends_the_name() {
    let server = MockServer::start().await;
    json_call(
        "PUT",
        "/v3/users/ann/push/template",
        json!({"name": "alternative"}),
    )
    .respond_with(ok(json!({"name": "alternative"})))
    .expect(1)
    .mount(&server)
    .await;

    let chosen = client(&server)
        .chat()
        .user_extras()
        .choose_push_template("ann")
        .name(PushMessageTemplateName::Alternative)
        .send()
        .await
        .expect("choose_push_template succeeds");
    assert_eq!(chosen.name, PushMessageTemplateName::Alternative);
}

#[tokio::test]
async fn ban_user_by_custom_types_sends_the_types() {
    let server = MockServer::start().await;
    json_call(
        "POST",
        "/v3/users/troll%2042/banned_channel_custom_types",
        json!({"channel_custom_types": ["cartoon", "movie"]}),
    )
    .respond_with(ok(json!({})))
    .expect(1)
    .mount(&server)
    .await;

    client(&server)
        .chat()
        .user_extras()
        .ban_user_by_custom_types("troll 42")
        .channel_custom_types(["cartoon", "movie"])
        .send()
        .await
        .expect("ban_user_by_custom_types succeeds");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn mute_user_by_custom_types_sends_the_types() {
    let server = MockServer::start().await;
    json_call(
        "POST",
        "/v3/users/troll_42/muted_channel_custom_types",
        json!({"channel_custom_types": ["cartoon"]}),
    )
    .respond_with(ok(json!({})))
    .expect(1)
    .mount(&server)
    .await;

    client(&server)
        .chat()
        .user_extras()
        .mute_user_by_custom_types("troll_42")
        .channel_custom_types(["cartoon"])
        .send()
        .await
        .expect("mute_user_by_custom_types succeeds");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

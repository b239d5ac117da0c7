//! Wire tests of the Chat `applications` operations: each test sends one operation to a
//! loopback mock server that matches exactly the method, path, query, auth headers and
//! body Sendbird expects, answers a realistic response (with `null`s and fields this
//! client does not know), and checks the decoded typed values.
//!
//! The Chat base URL is overridden with `http://127.0.0.1:<port>/v3`, so the mock sees
//! the same `/v3/applications/...` paths as Sendbird does.

use futures::TryStreamExt;
use sendbird_platform::generated::chat::types::{
    ApnsCertEnvType, AutoEventChannelCreate, AutoEventMessageSettings, AutoEventUserJoin,
    CustomTypeBanRequest, LegacyProfanityFilterType, MessageModerationDomainFilter,
    MessageModerationImageLimits, MessageModerationImageModeration,
    MessageModerationProfanityFilter, MessageModerationProfanityTrigger,
    MessageModerationRegexFilter, PushConfigurationType, PushMessageTemplateFormats,
    PushMessageTemplateName,
};
use sendbird_platform::{Client, RetryPolicy, UnixMillis, UnixSeconds, UploadFile};
use serde_json::{json, Value};
use wiremock::matchers::{body_json, header, header_regex, method, path};
use wiremock::{Match, Mock, MockBuilder, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "test-master-api-token-0123456789";
const JSON_CONTENT_TYPE: &str = "application/json; charset=utf8";
const BASIC_USER: &str = "admin@example.com";
const BASIC_PASSWORD: &str = "s3cret pass";
/// `base64("admin@example.com:s3cret pass")`.
const BASIC_HEADER: &str = "Basic YWRtaW5AZXhhbXBsZS5jb206czNjcmV0IHBhc3M=";

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/// A client whose Chat requests go to `server` under `/v3`, with an API token and the
/// dashboard login (for the 2016 Basic-auth operations), without retries.
fn client(server: &MockServer) -> Client {
    Client::builder()
        .app_id("test-app")
        .api_token(TOKEN)
        .basic_auth(BASIC_USER, BASIC_PASSWORD)
        .base_url("chat", format!("{}/v3", server.uri()))
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("valid test client")
}

fn applications(
    server: &MockServer,
) -> sendbird_platform::generated::chat::applications::Applications {
    client(server).chat().applications()
}

/// A mock for a JSON call authenticated with the API token (and nothing else).
fn sendbird_call(http_method: &str, wire_path: &str) -> MockBuilder {
    Mock::given(method(http_method))
        .and(path(wire_path))
        .and(header("Api-Token", TOKEN))
        .and(NoHeader("authorization"))
        .and(header("Content-Type", JSON_CONTENT_TYPE))
        .and(header("Accept", "application/json"))
}

/// A mock for a 2016 call authenticated with HTTP Basic (and no API token).
fn basic_call(http_method: &str, wire_path: &str) -> MockBuilder {
    Mock::given(method(http_method))
        .and(path(wire_path))
        .and(header("Authorization", BASIC_HEADER))
        .and(NoHeader("api-token"))
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

/// Matches a request that does not carry the header.
struct NoHeader(&'static str);

impl Match for NoHeader {
    fn matches(&self, request: &Request) -> bool {
        !request.headers.contains_key(self.0)
    }
}

/// An FCM push configuration, with a `null` and a field this client does not know.
fn fcm_config_json(id: &str) -> Value {
    json!({
        "id": id,
        "push_type": "FCM",
        "created_at": 1_596_607_063,
        "api_key": "AAAA1234:APA91bE8HPMm",
        "push_sound": "ring.mp3",
        "sender_id": null,
        "is_legacy_api": false
    })
}

/// An APNs push configuration as Sendbird lists it.
fn apns_config_json(id: &str) -> Value {
    json!({
        "id": id,
        "push_type": "APNS",
        "created_at": 1_596_607_063,
        "apns_cert_env_type": "production",
        "apns_name": "com.example.chat",
        "apns_expiration": 1_767_225_600_000_i64,
        "has_unread_count_badge": true,
        "content_available": false,
        "mutable_content": true,
        "push_sound": "default"
    })
}

fn templates_json() -> Value {
    json!({
        "push_message_templates": [
            {
                "template_name": "default",
                "template": {
                    "MESG": "{sender_name}: {message}",
                    "FILE": "{filename}",
                    "ADMM": "{message}"
                }
            },
            {
                "template_name": "alternative",
                "template": {
                    "MESG": "New message arrived!",
                    "FILE": "New file delivered!",
                    "ADMM": "New announcement!"
                },
                "push_message_preview": {
                    "MESG": "New message arrived!",
                    "FILE": null,
                    "ADMM": "New announcement!"
                }
            }
        ]
    })
}

fn auto_event_json() -> Value {
    json!({
        "auto_event_message": {
            "user_leave": {
                "deleted": false,
                "deactivated": false,
                "left": false,
                "admin_removed": true,
                "admin_deleted": true,
                "admin_deactivated": false,
                "left_by_own_choice": true,
                "channel_operator_removed": true
            },
            "user_join": {"user_join": true},
            "channel_create": {"public_channel": false, "private_channel": true},
            "channel_change": {"channel_change": false}
        }
    })
}

fn webhook_json(all_categories: bool) -> Value {
    let mut webhook = json!({
        "enabled": true,
        "url": "https://hooks.example.com/sendbird",
        "include_members": true,
        "include_unread_count": false,
        "enabled_events": ["group_channel:message_send", "open_channel:create"],
        "signature_version": 2
    });
    if all_categories {
        webhook["all_webhook_categories"] = json!([
            "group_channel:message_send",
            "group_channel:join",
            "open_channel:create"
        ]);
    }
    json!({ "webhook": webhook })
}

fn legacy_application_json() -> Value {
    json!({
        "app_id": "9DA1B1F4-0BE6-4DA8-82C5-2E81DAB56F23",
        "name": "Support chat",
        "icon_url": null,
        "api_token": "d1f3a6b2c7e4f5a8b9c0d1e2f3a4b5c6d7e8f9a0",
        "plan": "free"
    })
}

/// One part of a `multipart/form-data` body.
#[derive(Debug)]
struct FormPart {
    name: String,
    filename: Option<String>,
    content_type: Option<String>,
    data: Vec<u8>,
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|window| window == needle)
        .map(|at| at + from)
}

/// Splits a multipart body on its boundary (RFC 7578), keeping the parts' raw bytes.
fn parse_multipart(boundary: &str, body: &[u8]) -> Vec<FormPart> {
    let delimiter = format!("--{boundary}").into_bytes();
    let mut parts = Vec::new();
    let mut at = find(body, &delimiter, 0).expect("body starts with the boundary");
    loop {
        let after = at + delimiter.len();
        if body[after..].starts_with(b"--") {
            break;
        }
        assert!(body[after..].starts_with(b"\r\n"), "CRLF after boundary");
        let start = after + 2;
        let next = find(body, &delimiter, start).expect("every part is closed");
        let part = &body[start..next - 2];
        let split = find(part, b"\r\n\r\n", 0).expect("part headers end with a blank line");
        let head = std::str::from_utf8(&part[..split]).expect("ASCII part headers");
        let mut form_part = FormPart {
            name: String::new(),
            filename: None,
            content_type: None,
            data: part[split + 4..].to_vec(),
        };
        for line in head.split("\r\n") {
            let (name, value) = line.split_once(':').expect("header line");
            match name.trim().to_ascii_lowercase().as_str() {
                "content-disposition" => {
                    for param in value.split(';').map(str::trim) {
                        if let Some(v) = param.strip_prefix("name=") {
                            form_part.name = v.trim_matches('"').to_owned();
                        } else if let Some(v) = param.strip_prefix("filename=") {
                            form_part.filename = Some(v.trim_matches('"').to_owned());
                        }
                    }
                }
                "content-type" => form_part.content_type = Some(value.trim().to_owned()),
                _ => {}
            }
        }
        parts.push(form_part);
        at = next;
    }
    parts
}

/// The parts of the only multipart request the server received.
async fn received_multipart(server: &MockServer) -> Vec<FormPart> {
    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1);
    let content_type = requests[0].headers["content-type"].to_str().unwrap();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("multipart content type with a boundary");
    parse_multipart(boundary, &requests[0].body)
}

// ---------------------------------------------------------------------------------------
// Push configurations
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn list_push_configurations_gets_the_configurations_of_one_service() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/applications/push/fcm")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(json!({
            "push_configurations": [fcm_config_json("fbdd6d00"), fcm_config_json("065c7f1c")]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let response = applications(&server)
        .list_push_configurations(PushConfigurationType::Fcm)
        .send()
        .await
        .expect("list_push_configurations succeeds");

    let ids: Vec<&str> = response
        .push_configurations
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(ids, ["fbdd6d00", "065c7f1c"]);
    let first = &response.push_configurations[0];
    assert_eq!(first.push_type.as_deref(), Some("FCM"));
    assert_eq!(first.created_at, Some(UnixSeconds(1_596_607_063)));
    assert_eq!(first.api_key.as_deref(), Some("AAAA1234:APA91bE8HPMm"));
    assert_eq!(first.push_sound.as_deref(), Some("ring.mp3"));
    assert_eq!(first.sender_id, None, "`null` decodes to None");
}

#[tokio::test]
async fn view_push_configuration_encodes_the_provider_id_as_one_segment() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/applications/push/huawei/hms%2F42")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(json!({
            "push_configurations": [{
                "id": "hms/42",
                "push_type": "HMS",
                "created_at": 1_600_000_000,
                "huawei_app_id": "104567890",
                "huawei_app_secret": "9a8b7c6d",
                "push_sound": "ping.ogg"
            }]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let response = applications(&server)
        .view_push_configuration(PushConfigurationType::Huawei, "hms/42")
        .send()
        .await
        .expect("view_push_configuration succeeds");

    let config = &response.push_configurations[0];
    assert_eq!(config.id, "hms/42");
    assert_eq!(config.push_type.as_deref(), Some("HMS"));
    assert_eq!(config.huawei_app_id.as_deref(), Some("104567890"));
    assert_eq!(config.huawei_app_secret.as_deref(), Some("9a8b7c6d"));
    assert_eq!(config.created_at, Some(UnixSeconds(1_600_000_000)));
}

#[tokio::test]
async fn remove_push_configuration_returns_the_removed_ids() {
    let server = MockServer::start().await;
    sendbird_call(
        "DELETE",
        "/v3/applications/push/apns/7757a4d45610dfb0c772f14134610c6ff3121e59",
    )
    .and(NoQuery)
    .and(NoBody)
    .respond_with(ok(json!({
        "push_configurations": ["7757a4d45610dfb0c772f14134610c6ff3121e59"]
    })))
    .expect(1)
    .mount(&server)
    .await;

    let response = applications(&server)
        .remove_push_configuration(
            PushConfigurationType::Apns,
            "7757a4d45610dfb0c772f14134610c6ff3121e59",
        )
        .send()
        .await
        .expect("remove_push_configuration succeeds");
    assert_eq!(
        response.push_configurations,
        ["7757a4d45610dfb0c772f14134610c6ff3121e59"]
    );
}

#[tokio::test]
async fn add_fcm_push_configuration_posts_the_server_key() {
    let server = MockServer::start().await;
    sendbird_call("POST", "/v3/applications/push/fcm")
        .and(NoQuery)
        .and(body_json(json!({
            "api_key": "AAAA1234:APA91bE8HPMm",
            "push_sound": "ring.mp3"
        })))
        .respond_with(ok(
            json!({"push_configurations": [fcm_config_json("fbdd6d00")]}),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let response = applications(&server)
        .add_fcm_push_configuration()
        .api_key("AAAA1234:APA91bE8HPMm")
        .push_sound("ring.mp3")
        .send()
        .await
        .expect("add_fcm_push_configuration succeeds");
    assert_eq!(response.push_configurations[0].id, "fbdd6d00");
    assert_eq!(
        response.push_configurations[0].api_key.as_deref(),
        Some("AAAA1234:APA91bE8HPMm")
    );
}

#[tokio::test]
async fn update_fcm_push_configuration_puts_only_the_set_fields() {
    let server = MockServer::start().await;
    sendbird_call("PUT", "/v3/applications/push/fcm/fbdd6d00")
        .and(NoQuery)
        .and(body_json(json!({"api_key": "BBBB5678:APA91bNew"})))
        .respond_with(ok(json!({"push_configurations": "fbdd6d00"})))
        .expect(1)
        .mount(&server)
        .await;

    let response = applications(&server)
        .update_fcm_push_configuration("fbdd6d00")
        .api_key("BBBB5678:APA91bNew")
        .send()
        .await
        .expect("update_fcm_push_configuration succeeds");
    assert_eq!(response.push_configurations, Some(json!("fbdd6d00")));
}

#[tokio::test]
async fn add_hms_push_configuration_posts_the_app_credentials() {
    let server = MockServer::start().await;
    sendbird_call("POST", "/v3/applications/push/hms")
        .and(NoQuery)
        .and(body_json(json!({
            "huawei_app_id": "104567890",
            "huawei_app_secret": "9a8b7c6d",
            "push_sound": "ping.ogg"
        })))
        .respond_with(ok(json!({
            "push_configurations": [{
                "id": "c0ffee",
                "push_type": "HMS",
                "huawei_app_id": "104567890",
                "huawei_app_secret": "9a8b7c6d",
                "push_sound": "ping.ogg"
            }]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let response = applications(&server)
        .add_hms_push_configuration()
        .huawei_app_id("104567890")
        .huawei_app_secret("9a8b7c6d")
        .push_sound("ping.ogg")
        .send()
        .await
        .expect("add_hms_push_configuration succeeds");
    let config = &response.push_configurations[0];
    assert_eq!(config.id, "c0ffee");
    assert_eq!(config.huawei_app_id.as_deref(), Some("104567890"));
    assert_eq!(config.created_at, None, "absent field decodes to None");
}

#[tokio::test]
async fn update_hms_push_configuration_puts_the_new_secret() {
    let server = MockServer::start().await;
    sendbird_call("PUT", "/v3/applications/push/hms/c0ffee")
        .and(NoQuery)
        .and(body_json(json!({
            "huawei_app_secret": "new-secret",
            "push_sound": "chime.ogg"
        })))
        .respond_with(ok(json!({
            "push_configurations": [{"id": "c0ffee", "push_sound": "chime.ogg"}]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let response = applications(&server)
        .update_hms_push_configuration("c0ffee")
        .huawei_app_secret("new-secret")
        .push_sound("chime.ogg")
        .send()
        .await
        .expect("update_hms_push_configuration succeeds");
    assert_eq!(
        response.push_configurations,
        Some(json!([{"id": "c0ffee", "push_sound": "chime.ogg"}]))
    );
}

#[tokio::test]
async fn add_apns_push_configuration_uploads_the_certificate_as_multipart() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v3/applications/push/apns"))
        .and(NoQuery)
        .and(header("Api-Token", TOKEN))
        .and(header_regex(
            "Content-Type",
            r"^multipart/form-data; boundary=[0-9A-Za-z'()+_,./:=?-]{1,70}$",
        ))
        .respond_with(ok(
            json!({"push_configurations": [apns_config_json("a1b2c3")]}),
        ))
        .expect(1)
        .mount(&server)
        .await;

    // A PKCS#12 file starts with a DER sequence: binary, not UTF-8.
    let p12: Vec<u8> = b"\x30\x82\x0a\x5f\x02\x01\x03\x30\x82\x0a\x25\xff\xfe".to_vec();
    let response = applications(&server)
        .add_apns_push_configuration()
        .apns_cert(UploadFile::new("cert.p12", p12.clone()).content_type("application/x-pkcs12"))
        .apns_cert_password("p12-password")
        .has_unread_count_badge(true)
        .content_available(false)
        .mutable_content(true)
        .push_sound("default")
        .send()
        .await
        .expect("add_apns_push_configuration succeeds");

    let config = &response.push_configurations[0];
    assert_eq!(config.id, "a1b2c3");
    assert_eq!(config.apns_cert_env_type.as_deref(), Some("production"));
    assert_eq!(config.apns_name.as_deref(), Some("com.example.chat"));
    assert_eq!(config.apns_expiration, Some(1_767_225_600_000));
    assert_eq!(config.has_unread_count_badge, Some(json!(true)));
    assert_eq!(config.mutable_content, Some(true));

    let parts = received_multipart(&server).await;
    let mut names: Vec<&str> = parts.iter().map(|p| p.name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "apns_cert",
            "apns_cert_password",
            "content_available",
            "has_unread_count_badge",
            "mutable_content",
            "push_sound"
        ]
    );
    let part = |name: &str| parts.iter().find(|p| p.name == name).unwrap();
    for (name, value) in [
        ("apns_cert_password", &b"p12-password"[..]),
        ("has_unread_count_badge", b"true"),
        ("content_available", b"false"),
        ("mutable_content", b"true"),
        ("push_sound", b"default"),
    ] {
        assert_eq!(part(name).data, value, "text part {name}");
        assert_eq!(
            part(name).filename,
            None,
            "text part {name} has no filename"
        );
    }
    let cert = part("apns_cert");
    assert_eq!(cert.filename.as_deref(), Some("cert.p12"));
    assert_eq!(cert.content_type.as_deref(), Some("application/x-pkcs12"));
    assert_eq!(cert.data, p12);
}

#[tokio::test]
async fn update_apns_push_configuration_without_a_file_sends_json() {
    let server = MockServer::start().await;
    sendbird_call("PUT", "/v3/applications/push/apns/a1b2c3")
        .and(NoQuery)
        .and(body_json(json!({
            "apns_cert_env_type": "development",
            "has_unread_count_badge": false,
            "content_available": true
        })))
        .respond_with(ok(
            json!({"push_configurations": [apns_config_json("a1b2c3")]}),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let response = applications(&server)
        .update_apns_push_configuration("a1b2c3")
        .apns_cert_env_type(ApnsCertEnvType::Development)
        .has_unread_count_badge(false)
        .content_available(true)
        .send()
        .await
        .expect("update_apns_push_configuration succeeds");
    let configs = response
        .push_configurations
        .expect("configurations are returned");
    assert_eq!(configs[0]["id"], "a1b2c3");
    assert_eq!(configs[0]["apns_cert_env_type"], "production");
}

#[tokio::test]
async fn delete_apns_certificate_deletes_by_provider_id() {
    let server = MockServer::start().await;
    sendbird_call("DELETE", "/v3/applications/push/apns/cert/a1b2c3")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(json!({"push_configurations": ["a1b2c3"]})))
        .expect(1)
        .mount(&server)
        .await;

    let response = applications(&server)
        .delete_apns_certificate("a1b2c3")
        .send()
        .await
        .expect("delete_apns_certificate succeeds");
    assert_eq!(
        response.push_configurations,
        Some(vec!["a1b2c3".to_owned()])
    );
}

#[tokio::test]
#[allow(deprecated)]
async fn add_gcm_push_configuration_posts_the_2016_sender() {
    let server = MockServer::start().await;
    sendbird_call("POST", "/v3/applications/push/gcm")
        .and(NoQuery)
        .and(body_json(json!({
            "gcm_sender_id": "123456789012",
            "gcm_api_key": "AIzaSyOldGcmKey"
        })))
        .respond_with(ok(json!({"push_configurations": [{"id": "gcm-1"}]})))
        .expect(1)
        .mount(&server)
        .await;

    let response = applications(&server)
        .add_gcm_push_configuration()
        .gcm_sender_id("123456789012")
        .gcm_api_key("AIzaSyOldGcmKey")
        .send()
        .await
        .expect("add_gcm_push_configuration succeeds");
    assert_eq!(response.push_configurations.len(), 1);
    assert_eq!(response.push_configurations[0].id, "gcm-1");
    assert_eq!(response.push_configurations[0].push_type, None);
}

#[tokio::test]
async fn view_push_notification_settings_reads_the_switch() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/applications/push/settings")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(json!({"push_enabled": true})))
        .expect(1)
        .mount(&server)
        .await;

    let response = applications(&server)
        .view_push_notification_settings()
        .send()
        .await
        .expect("view_push_notification_settings succeeds");
    assert!(response.push_enabled);
}

#[tokio::test]
async fn update_push_notification_settings_puts_the_switch() {
    let server = MockServer::start().await;
    sendbird_call("PUT", "/v3/applications/push/settings")
        .and(NoQuery)
        .and(body_json(json!({"push_enabled": false})))
        .respond_with(ok(json!({"push_enabled": false})))
        .expect(1)
        .mount(&server)
        .await;

    let response = applications(&server)
        .update_push_notification_settings()
        .push_enabled(false)
        .send()
        .await
        .expect("update_push_notification_settings succeeds");
    assert_eq!(response.push_enabled, Some(false));
    assert_eq!(response.push_configurations, None);
}

// ---------------------------------------------------------------------------------------
// Push notification content templates
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn list_push_notification_content_templates_gets_both_templates() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/applications/push/message_templates")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(templates_json()))
        .expect(1)
        .mount(&server)
        .await;

    let response = applications(&server)
        .list_push_notification_content_templates()
        .send()
        .await
        .expect("list_push_notification_content_templates succeeds");

    let names: Vec<&str> = response
        .push_message_templates
        .iter()
        .map(|t| t.template_name.as_str())
        .collect();
    assert_eq!(names, ["default", "alternative"]);
    let default = response.push_message_templates[0]
        .template
        .as_ref()
        .expect("formats");
    assert_eq!(default.mesg.as_deref(), Some("{sender_name}: {message}"));
    assert_eq!(default.file.as_deref(), Some("{filename}"));
    assert_eq!(default.admm.as_deref(), Some("{message}"));
    assert_eq!(
        response.push_message_templates[0].push_message_preview,
        None
    );
    let preview = response.push_message_templates[1]
        .push_message_preview
        .as_ref()
        .expect("preview");
    assert_eq!(preview.file, None, "`null` decodes to None");
}

#[tokio::test]
async fn view_push_notification_content_template_gets_one_by_name() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/applications/push/message_templates/alternative")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(json!({
            "push_message_templates": [templates_json()["push_message_templates"][1].clone()]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let response = applications(&server)
        .view_push_notification_content_template(PushMessageTemplateName::Alternative)
        .send()
        .await
        .expect("view_push_notification_content_template succeeds");
    let template = &response.push_message_templates[0];
    assert_eq!(template.template_name, "alternative");
    assert_eq!(
        template.template.as_ref().and_then(|t| t.mesg.as_deref()),
        Some("New message arrived!")
    );
}

#[tokio::test]
async fn update_push_notification_content_template_puts_the_formats() {
    let server = MockServer::start().await;
    sendbird_call("PUT", "/v3/applications/push/message_templates/default")
        .and(NoQuery)
        .and(body_json(json!({
            "template": {
                "MESG": "{sender_name} says: {message}",
                "FILE": "{sender_name} sent a {file_type_friendly}",
                "ADMM": "Notice: {message}"
            }
        })))
        .respond_with(ok(json!({
            "push_message_templates": [{
                "template_name": "default",
                "template": {
                    "MESG": "{sender_name} says: {message}",
                    "FILE": "{sender_name} sent a {file_type_friendly}",
                    "ADMM": "Notice: {message}"
                },
                "push_message_preview": {
                    "MESG": "Ann says: Hello",
                    "FILE": "Ann sent a Image",
                    "ADMM": "Notice: Maintenance tonight"
                }
            }]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let mut formats = PushMessageTemplateFormats::default();
    formats.mesg = Some("{sender_name} says: {message}".to_owned());
    formats.file = Some("{sender_name} sent a {file_type_friendly}".to_owned());
    formats.admm = Some("Notice: {message}".to_owned());
    let response = applications(&server)
        .update_push_notification_content_template(PushMessageTemplateName::Default)
        .template(formats.clone())
        .send()
        .await
        .expect("update_push_notification_content_template succeeds");
    let template = &response.push_message_templates[0];
    assert_eq!(template.template.as_ref(), Some(&formats));
    assert_eq!(
        template
            .push_message_preview
            .as_ref()
            .and_then(|p| p.mesg.as_deref()),
        Some("Ann says: Hello")
    );
}

// ---------------------------------------------------------------------------------------
// Channel invitation preference
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn view_default_channel_invitation_preference_reads_auto_accept() {
    let server = MockServer::start().await;
    sendbird_call(
        "GET",
        "/v3/applications/default_channel_invitation_preference",
    )
    .and(NoQuery)
    .and(NoBody)
    .respond_with(ok(json!({"auto_accept": true})))
    .expect(1)
    .mount(&server)
    .await;

    let response = applications(&server)
        .view_default_channel_invitation_preference()
        .send()
        .await
        .expect("view_default_channel_invitation_preference succeeds");
    assert!(response.auto_accept);
}

#[tokio::test]
async fn update_default_channel_invitation_preference_puts_auto_accept() {
    let server = MockServer::start().await;
    sendbird_call(
        "PUT",
        "/v3/applications/default_channel_invitation_preference",
    )
    .and(NoQuery)
    .and(body_json(json!({"auto_accept": false})))
    .respond_with(ok(json!({"auto_accept": false})))
    .expect(1)
    .mount(&server)
    .await;

    let response = applications(&server)
        .update_default_channel_invitation_preference()
        .auto_accept(false)
        .send()
        .await
        .expect("update_default_channel_invitation_preference succeeds");
    assert!(!response.auto_accept);
}

// ---------------------------------------------------------------------------------------
// IP whitelist
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn retrieve_ip_whitelist_lists_addresses_and_ranges() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/applications/settings/ip_whitelist")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(json!({
            "ip_whitelist_addresses": ["192.0.2.10", "198.51.100.0/24"]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let response = applications(&server)
        .retrieve_ip_whitelist()
        .send()
        .await
        .expect("retrieve_ip_whitelist succeeds");
    assert_eq!(
        response.ip_whitelist_addresses,
        ["192.0.2.10", "198.51.100.0/24"]
    );
}

#[tokio::test]
async fn add_ips_to_whitelist_puts_the_new_entries() {
    let server = MockServer::start().await;
    sendbird_call("PUT", "/v3/applications/settings/ip_whitelist")
        .and(NoQuery)
        .and(body_json(json!({
            "ip_whitelist_addresses": ["203.0.113.7", "198.51.100.0/24"]
        })))
        .respond_with(ok(json!({
            "ip_whitelist_addresses": ["192.0.2.10", "203.0.113.7", "198.51.100.0/24"]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let response = applications(&server)
        .add_ips_to_whitelist()
        .ip_whitelist_addresses(["203.0.113.7", "198.51.100.0/24"])
        .send()
        .await
        .expect("add_ips_to_whitelist succeeds");
    assert_eq!(response.ip_whitelist_addresses.len(), 3);
    assert!(response
        .ip_whitelist_addresses
        .contains(&"203.0.113.7".to_owned()));
}

#[tokio::test]
async fn delete_ips_from_whitelist_sends_a_comma_joined_query() {
    let server = MockServer::start().await;
    sendbird_call("DELETE", "/v3/applications/settings/ip_whitelist")
        .and(NoBody)
        .and(exact_query(&[(
            "ip_whitelist_addresses",
            "203.0.113.7,198.51.100.0%2F24",
        )]))
        .respond_with(ok(json!({"ip_whitelist_addresses": ["192.0.2.10"]})))
        .expect(1)
        .mount(&server)
        .await;

    let response = applications(&server)
        .delete_ips_from_whitelist()
        .ip_whitelist_addresses(["203.0.113.7", "198.51.100.0/24"])
        .send()
        .await
        .expect("delete_ips_from_whitelist succeeds");
    assert_eq!(response.ip_whitelist_addresses, ["192.0.2.10"]);
}

// ---------------------------------------------------------------------------------------
// Secondary API tokens
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn list_secondary_api_tokens_decodes_seconds() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/applications/api_tokens")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(json!({
            "api_tokens": [
                {"token": "b3d79100dedf80cf4afdf3de5385b64c3be8cf71", "created_at": 1_596_607_063},
                {"token": "0f4a9c1e2d3b4a5c6d7e8f90a1b2c3d4e5f60718", "created_at": null}
            ]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let response = applications(&server)
        .list_secondary_api_tokens()
        .send()
        .await
        .expect("list_secondary_api_tokens succeeds");
    assert_eq!(response.api_tokens.len(), 2);
    assert_eq!(
        response.api_tokens[0].token,
        "b3d79100dedf80cf4afdf3de5385b64c3be8cf71"
    );
    assert_eq!(
        response.api_tokens[0].created_at,
        Some(UnixSeconds(1_596_607_063))
    );
    assert_eq!(response.api_tokens[1].created_at, None);
}

#[tokio::test]
async fn generate_secondary_api_token_posts_the_master_token() {
    let server = MockServer::start().await;
    sendbird_call("POST", "/v3/applications/api_tokens")
        .and(NoQuery)
        .and(body_json(json!({"HTTP_API_TOKEN": TOKEN})))
        .respond_with(ok(json!({
            "token": "b3d79100dedf80cf4afdf3de5385b64c3be8cf71",
            "created_at": 1_596_607_063
        })))
        .expect(1)
        .mount(&server)
        .await;

    let token = applications(&server)
        .generate_secondary_api_token()
        .http_api_token(TOKEN)
        .send()
        .await
        .expect("generate_secondary_api_token succeeds");
    assert_eq!(token.token, "b3d79100dedf80cf4afdf3de5385b64c3be8cf71");
    assert_eq!(token.created_at, Some(UnixSeconds(1_596_607_063)));
}

#[tokio::test]
async fn view_secondary_api_token_gets_one_token() {
    let server = MockServer::start().await;
    sendbird_call(
        "GET",
        "/v3/applications/api_tokens/b3d79100dedf80cf4afdf3de5385b64c3be8cf71",
    )
    .and(NoQuery)
    .and(NoBody)
    .respond_with(ok(json!({
        "token": "b3d79100dedf80cf4afdf3de5385b64c3be8cf71",
        "created_at": 1_596_607_063
    })))
    .expect(1)
    .mount(&server)
    .await;

    let token = applications(&server)
        .view_secondary_api_token("b3d79100dedf80cf4afdf3de5385b64c3be8cf71")
        .send()
        .await
        .expect("view_secondary_api_token succeeds");
    assert_eq!(token.token, "b3d79100dedf80cf4afdf3de5385b64c3be8cf71");
    assert_eq!(token.created_at, Some(UnixSeconds(1_596_607_063)));
}

#[tokio::test]
async fn revoke_secondary_api_token_deletes_one_token() {
    let server = MockServer::start().await;
    sendbird_call(
        "DELETE",
        "/v3/applications/api_tokens/b3d79100dedf80cf4afdf3de5385b64c3be8cf71",
    )
    .and(NoQuery)
    .and(NoBody)
    .respond_with(ok(json!({
        "token": "b3d79100dedf80cf4afdf3de5385b64c3be8cf71",
        "created_at": 1_596_607_063
    })))
    .expect(1)
    .mount(&server)
    .await;

    let token = applications(&server)
        .revoke_secondary_api_token("b3d79100dedf80cf4afdf3de5385b64c3be8cf71")
        .send()
        .await
        .expect("revoke_secondary_api_token succeeds");
    assert_eq!(token.token, "b3d79100dedf80cf4afdf3de5385b64c3be8cf71");
}

// ---------------------------------------------------------------------------------------
// Webhooks, reactions, emojis
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn view_webhook_settings_can_ask_for_every_category() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/applications/settings/webhook")
        .and(NoBody)
        .and(exact_query(&[("display_all_webhook_categories", "true")]))
        .respond_with(ok(webhook_json(true)))
        .expect(1)
        .mount(&server)
        .await;

    let response = applications(&server)
        .view_webhook_settings()
        .display_all_webhook_categories(true)
        .send()
        .await
        .expect("view_webhook_settings succeeds");
    let webhook = response.webhook;
    assert_eq!(webhook.enabled, Some(true));
    assert_eq!(
        webhook.url.as_deref(),
        Some("https://hooks.example.com/sendbird")
    );
    assert_eq!(webhook.include_members, Some(true));
    assert_eq!(webhook.include_unread_count, Some(false));
    assert_eq!(
        webhook.enabled_events,
        Some(vec![
            "group_channel:message_send".to_owned(),
            "open_channel:create".to_owned()
        ])
    );
    assert_eq!(webhook.all_webhook_categories.map(|c| c.len()), Some(3));
}

#[tokio::test]
async fn update_webhook_settings_puts_url_and_events() {
    let server = MockServer::start().await;
    sendbird_call("PUT", "/v3/applications/settings/webhook")
        .and(NoQuery)
        .and(body_json(json!({
            "enabled": true,
            "url": "https://hooks.example.com/sendbird",
            "include_members": true,
            "enabled_events": ["group_channel:message_send", "open_channel:create"]
        })))
        .respond_with(ok(webhook_json(false)))
        .expect(1)
        .mount(&server)
        .await;

    let response = applications(&server)
        .update_webhook_settings()
        .enabled(true)
        .url("https://hooks.example.com/sendbird")
        .include_members(true)
        .enabled_events(["group_channel:message_send", "open_channel:create"])
        .send()
        .await
        .expect("update_webhook_settings succeeds");
    assert_eq!(response.webhook.enabled, Some(true));
    assert_eq!(response.webhook.all_webhook_categories, None);
}

#[tokio::test]
async fn enable_reactions_puts_the_switch() {
    let server = MockServer::start().await;
    sendbird_call("PUT", "/v3/applications/settings/reactions")
        .and(NoQuery)
        .and(body_json(json!({"enabled": true})))
        .respond_with(ok(json!({"reactions": true})))
        .expect(1)
        .mount(&server)
        .await;

    let response = applications(&server)
        .enable_reactions()
        .enabled(true)
        .send()
        .await
        .expect("enable_reactions succeeds");
    assert_eq!(response.reactions, Some(true));
}

#[tokio::test]
async fn use_default_emojis_puts_the_switch() {
    let server = MockServer::start().await;
    sendbird_call("PUT", "/v3/applications/settings/use_default_emoji")
        .and(NoQuery)
        .and(body_json(json!({"use_default_emoji": false})))
        .respond_with(ok(json!({"use_default_emoji": false})))
        .expect(1)
        .mount(&server)
        .await;

    let response = applications(&server)
        .use_default_emojis()
        .use_default_emoji(false)
        .send()
        .await
        .expect("use_default_emojis succeeds");
    assert_eq!(response.use_default_emoji, Some(false));
}

// ---------------------------------------------------------------------------------------
// Auto event messages
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn list_auto_event_messages_decodes_every_group() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/applications/settings/auto_event_message")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(auto_event_json()))
        .expect(1)
        .mount(&server)
        .await;

    let response = applications(&server)
        .list_auto_event_messages()
        .send()
        .await
        .expect("list_auto_event_messages succeeds");
    let settings = response.auto_event_message;
    let leave = settings.user_leave.expect("user_leave");
    assert_eq!(leave.left_by_own_choice, Some(true));
    assert_eq!(leave.channel_operator_removed, Some(true));
    assert_eq!(leave.admin_removed, Some(true));
    assert_eq!(leave.admin_deactivated, Some(false));
    assert_eq!(settings.user_join.and_then(|j| j.user_join), Some(true));
    let create = settings.channel_create.expect("channel_create");
    assert_eq!(create.public_channel, Some(false));
    assert_eq!(create.private_channel, Some(true));
    assert_eq!(
        settings.channel_change.and_then(|c| c.channel_change),
        Some(false)
    );
}

#[tokio::test]
async fn configure_auto_event_messages_puts_only_the_set_groups() {
    let server = MockServer::start().await;
    sendbird_call("PUT", "/v3/applications/settings/auto_event_message")
        .and(NoQuery)
        .and(body_json(json!({
            "auto_event_message": {
                "user_join": {"user_join": true},
                "channel_create": {"public_channel": false, "private_channel": true}
            }
        })))
        .respond_with(ok(auto_event_json()))
        .expect(1)
        .mount(&server)
        .await;

    let mut join = AutoEventUserJoin::default();
    join.user_join = Some(true);
    let mut create = AutoEventChannelCreate::default();
    create.public_channel = Some(false);
    create.private_channel = Some(true);
    let mut settings = AutoEventMessageSettings::default();
    settings.user_join = Some(join);
    settings.channel_create = Some(create);

    let response = applications(&server)
        .configure_auto_event_messages()
        .auto_event_message(settings)
        .send()
        .await
        .expect("configure_auto_event_messages succeeds");
    assert_eq!(
        response
            .auto_event_message
            .user_join
            .and_then(|j| j.user_join),
        Some(true)
    );
}

// ---------------------------------------------------------------------------------------
// Moderation by channel custom type
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn ban_users_in_channels_with_custom_type_posts_the_ban_list() {
    let server = MockServer::start().await;
    sendbird_call(
        "POST",
        "/v3/applications/settings_by_channel_custom_type/sports%20talk/ban",
    )
    .and(NoQuery)
    .and(body_json(json!({
        "banned_list": [
            {"user_id": "Joe", "seconds": 600, "description": "Too many messages"},
            {"user_id": "Harry"}
        ],
        "on_demand_upsert": true
    })))
    .respond_with(ok(json!({})))
    .expect(1)
    .mount(&server)
    .await;

    let mut joe = CustomTypeBanRequest::default();
    joe.user_id = "Joe".to_owned();
    joe.seconds = Some(600);
    joe.description = Some("Too many messages".to_owned());
    let mut harry = CustomTypeBanRequest::default();
    harry.user_id = "Harry".to_owned();

    let result = applications(&server)
        .ban_users_in_channels_with_custom_type("sports talk")
        .banned_list([joe, harry])
        .on_demand_upsert(true)
        .send()
        .await;
    assert!(result.is_ok(), "ban succeeds: {result:?}");
}

#[tokio::test]
async fn list_banned_users_in_channels_with_custom_type_pages_with_the_cursor() {
    let server = MockServer::start().await;
    let ban = |user_id: &str, start: i64| {
        json!({
            "user": {
                "user_id": user_id,
                "nickname": "Numbers",
                "profile_url": null,
                "metadata": {"font_color": "black"}
            },
            "start_at": start,
            "end_at": start + 11_500_000,
            "description": "Too many messages"
        })
    };
    sendbird_call(
        "GET",
        "/v3/applications/settings_by_channel_custom_type/sports/ban",
    )
    .and(NoBody)
    .and(exact_query(&[("limit", "2")]))
    .respond_with(ok(json!({
        "banned_list": [ban("Joe", 1_543_211_891_000), ban("Ann", 1_543_211_892_000)],
        "next": "d4R5lDaWR1nRFnPOelVaRy4s"
    })))
    .expect(1)
    .mount(&server)
    .await;
    sendbird_call(
        "GET",
        "/v3/applications/settings_by_channel_custom_type/sports/ban",
    )
    .and(NoBody)
    .and(exact_query(&[
        ("limit", "2"),
        ("token", "d4R5lDaWR1nRFnPOelVaRy4s"),
    ]))
    .respond_with(ok(json!({
        "banned_list": [ban("Bea", 1_543_211_893_000)],
        "next": ""
    })))
    .expect(1)
    .mount(&server)
    .await;

    let bans: Vec<_> = applications(&server)
        .list_banned_users_in_channels_with_custom_type("sports")
        .limit(2)
        .into_stream()
        .try_collect()
        .await
        .expect("every page loads");

    let ids: Vec<&str> = bans
        .iter()
        .map(|b| b.user.as_ref().expect("user").user_id.as_str())
        .collect();
    assert_eq!(ids, ["Joe", "Ann", "Bea"]);
    assert_eq!(bans[0].start_at, Some(UnixMillis(1_543_211_891_000)));
    assert_eq!(bans[0].end_at, Some(UnixMillis(1_543_223_391_000)));
    assert_eq!(bans[0].description.as_deref(), Some("Too many messages"));
    assert_eq!(bans[0].user.as_ref().unwrap().profile_url, None);
}

#[tokio::test]
async fn unban_users_in_channels_with_custom_type_sends_comma_joined_ids() {
    let server = MockServer::start().await;
    sendbird_call(
        "DELETE",
        "/v3/applications/settings_by_channel_custom_type/sports/ban",
    )
    .and(NoBody)
    .and(exact_query(&[("user_ids", "Joe,Harry%20Jr")]))
    .respond_with(ok(json!({})))
    .expect(1)
    .mount(&server)
    .await;

    let result = applications(&server)
        .unban_users_in_channels_with_custom_type("sports")
        .user_ids(["Joe", "Harry Jr"])
        .send()
        .await;
    assert!(result.is_ok(), "unban succeeds: {result:?}");
}

#[tokio::test]
async fn mute_users_in_channels_with_custom_type_posts_the_users() {
    let server = MockServer::start().await;
    sendbird_call(
        "POST",
        "/v3/applications/settings_by_channel_custom_type/sports/mute",
    )
    .and(NoQuery)
    .and(body_json(json!({
        "user_ids": ["Joe", "Ann"],
        "seconds": -1,
        "description": "Spam",
        "on_demand_upsert": false
    })))
    .respond_with(ok(json!({})))
    .expect(1)
    .mount(&server)
    .await;

    let result = applications(&server)
        .mute_users_in_channels_with_custom_type("sports")
        .user_ids(["Joe", "Ann"])
        .seconds(-1)
        .description("Spam")
        .on_demand_upsert(false)
        .send()
        .await;
    assert!(result.is_ok(), "mute succeeds: {result:?}");
}

#[tokio::test]
async fn list_muted_users_in_channels_with_custom_type_gets_one_page() {
    let server = MockServer::start().await;
    sendbird_call(
        "GET",
        "/v3/applications/settings_by_channel_custom_type/sports/mute",
    )
    .and(NoBody)
    .and(exact_query(&[("token", "abc%2B%2F"), ("limit", "5")]))
    .respond_with(ok(json!({
        "muted_list": [
            {
                "user_id": "Kelly",
                "nickname": "Traveler",
                "profile_url": "https://sendbird.example/profiles/kelly.png",
                "metadata": {"font_color": "black"},
                "remaining_duration": -1,
                "end_at": -1,
                "description": "too many messages in the channel",
                "is_online": false
            },
            {
                "user_id": "Aiden",
                "nickname": null,
                "start_at": 1_700_000_000_000_i64,
                "end_at": 1_700_000_600_000_i64,
                "remaining_duration": 600_000
            }
        ],
        "next": ""
    })))
    .expect(1)
    .mount(&server)
    .await;

    let page = applications(&server)
        .list_muted_users_in_channels_with_custom_type("sports")
        .token("abc+/")
        .limit(5)
        .send()
        .await
        .expect("list_muted_users_in_channels_with_custom_type succeeds");
    assert_eq!(page.next.as_deref(), Some(""));
    let kelly = &page.muted_list[0];
    assert_eq!(kelly.user_id, "Kelly");
    assert_eq!(kelly.end_at, Some(UnixMillis(-1)));
    assert_eq!(kelly.remaining_duration, Some(-1));
    assert_eq!(
        kelly
            .metadata
            .as_ref()
            .and_then(|m| m.get("font_color"))
            .map(String::as_str),
        Some("black")
    );
    let aiden = &page.muted_list[1];
    assert_eq!(aiden.nickname, None);
    assert_eq!(aiden.start_at, Some(UnixMillis(1_700_000_000_000)));
    assert_eq!(aiden.remaining_duration, Some(600_000));
}

#[tokio::test]
async fn unmute_users_in_channels_with_custom_type_sends_comma_joined_ids() {
    let server = MockServer::start().await;
    sendbird_call(
        "DELETE",
        "/v3/applications/settings_by_channel_custom_type/sports/mute",
    )
    .and(NoBody)
    .and(exact_query(&[("user_ids", "Joe,Ann")]))
    .respond_with(ok(json!({})))
    .expect(1)
    .mount(&server)
    .await;

    let result = applications(&server)
        .unmute_users_in_channels_with_custom_type("sports")
        .user_ids(["Joe", "Ann"])
        .send()
        .await;
    assert!(result.is_ok(), "unmute succeeds: {result:?}");
}

#[tokio::test]
async fn set_message_moderation_by_custom_type_puts_every_filter() {
    let server = MockServer::start().await;
    let response_body = json!({
        "custom_type": "sports",
        "domain_filter": {"domains": ["spam.example"], "type": 2}
    });
    sendbird_call("PUT", "/v3/applications/settings_global/sports")
        .and(NoQuery)
        .and(body_json(json!({
            "domain_filter": {
                "domains": ["spam.example", "ads.example"],
                "type": 2,
                "should_check_global": true
            },
            "profanity_filter": {
                "keywords": ["darn*", "*heck"],
                "regex_filters": [{"regex": "b[a@]d"}],
                "type": 1
            },
            "profanity_triggered_moderation": {"count": 3, "duration": 60, "action": 1},
            "image_moderation": {
                "type": 1,
                "soft_block": false,
                "limits": {"adult": 3, "violence": 4},
                "check_urls": true
            }
        })))
        .respond_with(ok(response_body.clone()))
        .expect(1)
        .mount(&server)
        .await;

    let mut domain_filter = MessageModerationDomainFilter::default();
    domain_filter.domains = Some(vec!["spam.example".to_owned(), "ads.example".to_owned()]);
    domain_filter.r#type = Some(2);
    domain_filter.should_check_global = Some(true);
    let mut regex = MessageModerationRegexFilter::default();
    regex.regex = "b[a@]d".to_owned();
    let mut profanity_filter = MessageModerationProfanityFilter::default();
    profanity_filter.keywords = Some(vec!["darn*".to_owned(), "*heck".to_owned()]);
    profanity_filter.regex_filters = Some(vec![regex]);
    profanity_filter.r#type = Some(1);
    let mut trigger = MessageModerationProfanityTrigger::default();
    trigger.count = Some(3);
    trigger.duration = Some(60);
    trigger.action = Some(1);
    let mut limits = MessageModerationImageLimits::default();
    limits.adult = Some(3);
    limits.violence = Some(4);
    let mut image = MessageModerationImageModeration::default();
    image.r#type = Some(1);
    image.soft_block = Some(false);
    image.limits = Some(limits);
    image.check_urls = Some(true);

    let response = applications(&server)
        .set_message_moderation_by_custom_type("sports")
        .domain_filter(domain_filter)
        .profanity_filter(profanity_filter)
        .profanity_triggered_moderation(trigger)
        .image_moderation(image)
        .send()
        .await
        .expect("set_message_moderation_by_custom_type succeeds");
    assert_eq!(response, response_body);
}

// ---------------------------------------------------------------------------------------
// Usage figures
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn view_number_of_concurrent_connections_reads_ccu() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/applications/ccu")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(json!({"ccu": 1523})))
        .expect(1)
        .mount(&server)
        .await;

    let response = applications(&server)
        .view_number_of_concurrent_connections()
        .send()
        .await
        .expect("view_number_of_concurrent_connections succeeds");
    assert_eq!(response.ccu, 1523);
}

#[tokio::test]
async fn view_number_of_monthly_active_users_sends_the_date() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/applications/mau")
        .and(NoBody)
        .and(exact_query(&[("date", "2024-05-31")]))
        .respond_with(ok(json!({"mau": 48_211})))
        .expect(1)
        .mount(&server)
        .await;

    let response = applications(&server)
        .view_number_of_monthly_active_users()
        .date("2024-05-31")
        .send()
        .await
        .expect("view_number_of_monthly_active_users succeeds");
    assert_eq!(response.mau, 48_211);
}

#[tokio::test]
async fn view_number_of_daily_active_users_sends_the_date() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/applications/dau")
        .and(NoBody)
        .and(exact_query(&[("date", "2024-05-31")]))
        .respond_with(ok(json!({"dau": 3_902})))
        .expect(1)
        .mount(&server)
        .await;

    let response = applications(&server)
        .view_number_of_daily_active_users()
        .date("2024-05-31")
        .send()
        .await
        .expect("view_number_of_daily_active_users succeeds");
    assert_eq!(response.dau, 3_902);
}

#[tokio::test]
#[allow(deprecated)]
async fn view_daily_message_count_sends_the_range() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/applications/messages/daily_count")
        .and(NoBody)
        .and(exact_query(&[
            ("start_date", "2016-03-01"),
            ("end_date", "2016-03-03"),
        ]))
        .respond_with(ok(json!({
            "message_count": {"2016-03-01": 120, "2016-03-02": 0, "2016-03-03": 98}
        })))
        .expect(1)
        .mount(&server)
        .await;

    let response = applications(&server)
        .view_daily_message_count()
        .start_date("2016-03-01")
        .end_date("2016-03-03")
        .send()
        .await
        .expect("view_daily_message_count succeeds");
    assert_eq!(response.message_count.len(), 3);
    assert_eq!(response.message_count.get("2016-03-01"), Some(&120));
    assert_eq!(response.message_count.get("2016-03-02"), Some(&0));
}

// ---------------------------------------------------------------------------------------
// 2016 application endpoints
// ---------------------------------------------------------------------------------------

#[tokio::test]
#[allow(deprecated)]
async fn view_current_application_uses_the_api_token() {
    let server = MockServer::start().await;
    sendbird_call("GET", "/v3/applications")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(legacy_application_json()))
        .expect(1)
        .mount(&server)
        .await;

    let app = applications(&server)
        .view_current_application()
        .send()
        .await
        .expect("view_current_application succeeds");
    assert_eq!(app.app_id, "9DA1B1F4-0BE6-4DA8-82C5-2E81DAB56F23");
    assert_eq!(app.name.as_deref(), Some("Support chat"));
    assert_eq!(app.icon_url, None);
    assert_eq!(
        app.api_token.as_deref(),
        Some("d1f3a6b2c7e4f5a8b9c0d1e2f3a4b5c6d7e8f9a0")
    );
}

#[tokio::test]
#[allow(deprecated)]
async fn delete_current_application_uses_the_api_token() {
    let server = MockServer::start().await;
    sendbird_call("DELETE", "/v3/applications")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    let result = applications(&server)
        .delete_current_application()
        .send()
        .await;
    assert!(result.is_ok(), "delete succeeds: {result:?}");
}

#[tokio::test]
#[allow(deprecated)]
async fn create_application_uses_http_basic_auth() {
    let server = MockServer::start().await;
    basic_call("POST", "/v3/applications")
        .and(NoQuery)
        .and(body_json(json!({"name": "Support chat"})))
        .respond_with(ok(legacy_application_json()))
        .expect(1)
        .mount(&server)
        .await;

    let app = applications(&server)
        .create_application()
        .name("Support chat")
        .send()
        .await
        .expect("create_application succeeds");
    assert_eq!(app.app_id, "9DA1B1F4-0BE6-4DA8-82C5-2E81DAB56F23");
    assert_eq!(app.name.as_deref(), Some("Support chat"));
}

#[tokio::test]
#[allow(deprecated)]
async fn list_applications_uses_http_basic_auth_and_pages() {
    let server = MockServer::start().await;
    basic_call("GET", "/v3/applications")
        .and(NoBody)
        .and(exact_query(&[("token", "page%202"), ("limit", "1")]))
        .respond_with(ok(json!({
            "applications": [legacy_application_json()],
            "next": "page 3"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = applications(&server)
        .list_applications()
        .token("page 2")
        .limit(1)
        .send()
        .await
        .expect("list_applications succeeds");
    assert_eq!(page.applications.len(), 1);
    assert_eq!(
        page.applications[0].app_id,
        "9DA1B1F4-0BE6-4DA8-82C5-2E81DAB56F23"
    );
    assert_eq!(page.next.as_deref(), Some("page 3"));
}

#[tokio::test]
#[allow(deprecated)]
async fn delete_all_applications_uses_http_basic_auth() {
    let server = MockServer::start().await;
    basic_call("DELETE", "/v3/applications")
        .and(NoQuery)
        .and(NoBody)
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    let result = applications(&server).delete_all_applications().send().await;
    assert!(result.is_ok(), "delete all succeeds: {result:?}");
}

#[tokio::test]
#[allow(deprecated)]
async fn set_profanity_filter_puts_the_2016_settings() {
    let server = MockServer::start().await;
    sendbird_call("PUT", "/v3/applications/profanity")
        .and(NoQuery)
        .and(body_json(json!({
            "enabled": true,
            "type": "block",
            "keywords": "darn*,*heck"
        })))
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    let result = applications(&server)
        .set_profanity_filter()
        .enabled(true)
        .r#type(LegacyProfanityFilterType::Block)
        .keywords("darn*,*heck")
        .send()
        .await;
    assert!(result.is_ok(), "set_profanity_filter succeeds: {result:?}");
}

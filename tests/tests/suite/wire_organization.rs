//! Wire tests of the Organization API (`https://gate.sendbird.com/api/v2`): each test
//! sends one operation to a loopback mock server that matches exactly the method, path,
//! query, the `SENDBIRDORGANIZATIONAPITOKEN` header and the body, answers a realistic
//! response, and checks the decoded typed values.
//!
//! The organization base URL is overridden with `http://127.0.0.1:<port>/api/v2`, so
//! the mock sees the same `/api/v2/applications...` paths as Sendbird's gateway.

use sendbird_platform::generated::organization::Organization;
use sendbird_platform::{Client, RetryPolicy};
use serde_json::{json, Value};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Match, Mock, MockBuilder, MockServer, Request, ResponseTemplate};

const ORG_TOKEN: &str = "0123456789abcdef01234567";
const JSON_CONTENT_TYPE: &str = "application/json; charset=utf8";

/// A client with only an organization token (no app id: the gateway URL has none).
fn client(server: &MockServer) -> Client {
    Client::builder()
        .organization_api_token(ORG_TOKEN)
        .base_url("organization", format!("{}/api/v2", server.uri()))
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("valid test client")
}

/// The Organization API of the test client.
fn organization(server: &MockServer) -> Organization {
    Organization::from_client(client(server))
}

/// A mock authenticated with the organization token, and with no application token.
fn org_call(http_method: &str, wire_path: &str) -> MockBuilder {
    Mock::given(method(http_method))
        .and(path(wire_path))
        .and(header("SENDBIRDORGANIZATIONAPITOKEN", ORG_TOKEN))
        .and(NoHeader("api-token"))
        .and(NoHeader("authorization"))
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

struct NoQuery;

impl Match for NoQuery {
    fn matches(&self, request: &Request) -> bool {
        request.url.query().is_none()
    }
}

struct NoBody;

impl Match for NoBody {
    fn matches(&self, request: &Request) -> bool {
        request.body.is_empty()
    }
}

struct NoHeader(&'static str);

impl Match for NoHeader {
    fn matches(&self, request: &Request) -> bool {
        !request.headers.contains_key(self.0)
    }
}

/// An application resource, with a field this client does not know.
fn application_json(app_id: &str, name: &str) -> Value {
    json!({
        "app_id": app_id,
        "app_name": name,
        "api_token": "80af23e7ec3a51fa2792c249aaf9e8f1e5bd4a6c",
        "region": {"region_key": "tokyo-1", "region_name": "Tokyo, Japan"},
        "created_at": "2020-10-13T06:10:59Z",
        "premium_features": {"auto_thumbnail": true}
    })
}

#[tokio::test]
async fn list_applications_sends_offset_paging_params() {
    let server = MockServer::start().await;
    org_call("GET", "/api/v2/applications")
        .and(NoBody)
        .and(exact_query(&[
            ("limit", "3"),
            ("offset", "3"),
            ("region_key", "tokyo-1"),
        ]))
        .respond_with(ok(json!({
            "count": 40,
            "previous": null,
            "next": "https://gate.sendbird.com/api/v2/applications?limit=3&offset=6",
            "results": [
                application_json("2D7B4CDB-932F-4082-9B09-A1153792DC8D", "staging"),
                {"app_id": "5A1C2B3D-0000-4000-8000-000000000001", "app_name": "prod", "region": null}
            ]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = organization(&server)
        .applications()
        .list_applications()
        .limit(3)
        .offset(3)
        .region_key("tokyo-1")
        .send()
        .await
        .expect("list_applications succeeds");

    assert_eq!(page.count, Some(40));
    assert_eq!(page.previous, None, "`null` decodes to None");
    assert_eq!(
        page.next.as_deref(),
        Some("https://gate.sendbird.com/api/v2/applications?limit=3&offset=6")
    );
    assert_eq!(page.results.len(), 2);
    let first = &page.results[0];
    assert_eq!(first.app_id, "2D7B4CDB-932F-4082-9B09-A1153792DC8D");
    assert_eq!(first.app_name.as_deref(), Some("staging"));
    let region = first.region.as_ref().expect("region");
    assert_eq!(region.region_key, "tokyo-1");
    assert_eq!(region.region_name.as_deref(), Some("Tokyo, Japan"));
    assert_eq!(first.created_at.as_deref(), Some("2020-10-13T06:10:59Z"));
    assert_eq!(page.results[1].region, None);
    assert_eq!(page.results[1].api_token, None);
}

#[tokio::test]
async fn create_application_posts_name_and_region() {
    let server = MockServer::start().await;
    org_call("POST", "/api/v2/applications")
        .and(NoQuery)
        .and(body_json(json!({
            "app_name": "sendbird_application_production",
            "region_key": "tokyo-1"
        })))
        .respond_with(ok(application_json(
            "C3E5A6F0-1111-4222-8333-444455556666",
            "sendbird_application_production",
        )))
        .expect(1)
        .mount(&server)
        .await;

    let app = organization(&server)
        .applications()
        .create_application()
        .app_name("sendbird_application_production")
        .region_key("tokyo-1")
        .send()
        .await
        .expect("create_application succeeds");
    assert_eq!(app.app_id, "C3E5A6F0-1111-4222-8333-444455556666");
    assert_eq!(
        app.app_name.as_deref(),
        Some("sendbird_application_production")
    );
    assert_eq!(
        app.api_token.as_deref(),
        Some("80af23e7ec3a51fa2792c249aaf9e8f1e5bd4a6c")
    );
}

#[tokio::test]
async fn view_application_gets_one_application_by_id() {
    let server = MockServer::start().await;
    org_call(
        "GET",
        "/api/v2/applications/2D7B4CDB-932F-4082-9B09-A1153792DC8D",
    )
    .and(NoQuery)
    .and(NoBody)
    .respond_with(ok(application_json(
        "2D7B4CDB-932F-4082-9B09-A1153792DC8D",
        "staging",
    )))
    .expect(1)
    .mount(&server)
    .await;

    let app = organization(&server)
        .applications()
        .view_application("2D7B4CDB-932F-4082-9B09-A1153792DC8D")
        .send()
        .await
        .expect("view_application succeeds");
    assert_eq!(app.app_id, "2D7B4CDB-932F-4082-9B09-A1153792DC8D");
    assert_eq!(app.region.map(|r| r.region_key), Some("tokyo-1".to_owned()));
}

#[tokio::test]
async fn delete_application_deletes_one_application_by_id() {
    let server = MockServer::start().await;
    org_call(
        "DELETE",
        "/api/v2/applications/2D7B4CDB-932F-4082-9B09-A1153792DC8D",
    )
    .and(NoQuery)
    .and(NoBody)
    .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
    .expect(1)
    .mount(&server)
    .await;

    let result = organization(&server)
        .applications()
        .delete_application("2D7B4CDB-932F-4082-9B09-A1153792DC8D")
        .send()
        .await;
    assert!(result.is_ok(), "delete_application succeeds: {result:?}");
}

//! Wire tests of the Organization API (`https://gate.sendbird.com/api/v2`) that the
//! examples in `api-spec/organization/applications.yaml` can't state: a client built
//! with only the organization token (no application id) reaches the gateway and sends
//! that token alone.

use sendbird_platform::generated::organization::Organization;
use sendbird_platform::{Client, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Match, Mock, MockServer, Request, ResponseTemplate};

const ORG_TOKEN: &str = "0123456789abcdef01234567";

/// Matches a request that does not carry the header.
struct NoHeader(&'static str);

impl Match for NoHeader {
    fn matches(&self, request: &Request) -> bool {
        !request.headers.contains_key(self.0)
    }
}

#[tokio::test]
async fn a_client_with_only_the_organization_token_sends_it_alone() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(
            "/api/v2/applications/2D7B4CDB-932F-4082-9B09-A1153792DC8D",
        ))
        .and(header("SENDBIRDORGANIZATIONAPITOKEN", ORG_TOKEN))
        .and(NoHeader("api-token"))
        .and(NoHeader("authorization"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "app_id": "2D7B4CDB-932F-4082-9B09-A1153792DC8D",
            "app_name": "staging"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let client = Client::builder()
        .organization_api_token(ORG_TOKEN)
        .base_url("organization", format!("{}/api/v2", server.uri()))
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("a client without an app id builds");
    let app = Organization::from_client(client)
        .applications()
        .view_application("2D7B4CDB-932F-4082-9B09-A1153792DC8D")
        .send()
        .await
        .expect("view_application succeeds");
    assert_eq!(app.app_name.as_deref(), Some("staging"));
}

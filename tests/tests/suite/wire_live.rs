//! Wire tests of the Live Platform API v1 that the examples in `api-spec/live/` can't
//! state: a stream across pages and inputs rejected before anything is sent.
//!
//! The client's `live` base URL is overridden with the mock server's bare URI, which
//! replaces the whole base URL (`/v1` included), so these tests see the operation paths
//! without the `/v1` prefix.

use futures::TryStreamExt;
use sendbird_platform::generated::live::Live;
use sendbird_platform::{Client, Error, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn live(server: &MockServer) -> Live {
    Live::from_client(
        Client::builder()
            .app_id("app")
            .api_token("test-live-api-token-0123456789")
            .base_url("live", server.uri())
            .retry_policy(RetryPolicy::none())
            .build()
            .expect("valid test client"),
    )
}

#[tokio::test]
async fn list_live_events_stream_follows_next_until_empty() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/live-events"))
        .and(query_param("limit", "2"))
        .and(query_param_is_missing("next"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "live_events": [
                {"live_event_id": "ev-1", "state": "ready", "host": null},
                {"live_event_id": "ev-2", "state": "ongoing"}
            ],
            "next": "n2",
            "prev": null
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/live-events"))
        .and(query_param("limit", "2"))
        .and(query_param("next", "n2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "live_events": [{"live_event_id": "ev-3", "state": "ended"}],
            "next": null,
            "prev": "p2"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let ids: Vec<String> = live(&server)
        .live_events()
        .list_live_events()
        .limit(2)
        .into_stream()
        .map_ok(|event| event.live_event_id)
        .try_collect()
        .await
        .expect("both pages decode");
    assert_eq!(ids, ["ev-1", "ev-2", "ev-3"]);
}

#[tokio::test]
async fn list_live_event_participants_rejects_a_limit_out_of_range() {
    let server = MockServer::start().await;
    let err = live(&server)
        .participants()
        .list_live_event_participants("ev-1")
        .limit(0)
        .send()
        .await
        .expect_err("limit must be 1..=100");
    assert!(
        matches!(err, Error::InvalidRequest { .. }),
        "unexpected error: {err:?}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

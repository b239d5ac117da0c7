//! `Client::from_env` with the process's real environment. The only test of this
//! binary, so no other test reads the environment while it is changed.

use sendbird_platform::{Client, Error};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn client_from_env_reads_the_documented_variables() {
    for (name, _) in sendbird_platform::ENV_VARS {
        std::env::remove_var(name);
    }
    let error = Client::from_env().unwrap_err();
    assert!(matches!(error, Error::Configuration { .. }), "{error:?}");
    assert!(error.to_string().contains("SENDBIRD_API_TOKEN"), "{error}");

    std::env::set_var("SENDBIRD_API_TOKEN", "from-the-environment");
    let error = Client::from_env().unwrap_err();
    assert!(error.to_string().contains("SENDBIRD_APP_ID"), "{error}");

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users/ann"))
        .and(header("api-token", "from-the-environment"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"user_id": "ann"})))
        .expect(1)
        .mount(&server)
        .await;
    std::env::set_var("SENDBIRD_APP_ID", "my-app");
    std::env::set_var("SENDBIRD_CHAT_BASE_URL", server.uri());
    let client = Client::from_env().unwrap();
    let user = client.chat().users().view_user("ann").send().await.unwrap();
    assert_eq!(user.user_id, "ann");
}

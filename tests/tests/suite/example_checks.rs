//! The checks behind the generated wire tests catch what they promise to: each test
//! here runs an exchange whose request or response differs from the example in one way
//! and expects the failure to name it.

use crate::client::generated::chat::types::User;
use crate::client::Error;
use crate::example_support::{Auth, Body, Exchange};

const USER: &str = r#"{"user_id":"ann","nickname":"Ann","is_online":true,"unknown_field":1}"#;

fn view_user(path: &'static str, query: &'static [(&'static str, &'static str)]) -> Exchange {
    Exchange {
        service: "chat",
        base_path: "/v3",
        auth: Auth::Header("Api-Token", "api_token"),
        method: "GET",
        path,
        query,
        headers: &[],
        body: Body::None,
        status: 200,
        response_headers: &[],
        response_body: Some(USER),
    }
}

async fn call(ex: &Exchange, user_id: &str, unread: Option<bool>) {
    let run = ex.start().await;
    let mut request = run.client.chat().users().view_user(user_id);
    if let Some(unread) = unread {
        request = request.include_unread_count(unread);
    }
    let result: Result<User, Error> = request.send().await;
    run.check(result).await;
}

#[tokio::test]
async fn a_matching_exchange_passes() {
    let ex = view_user("/v3/users/ann%2Fb", &[("include_unread_count", "true")]);
    call(&ex, "ann/b", Some(true)).await;
}

#[tokio::test]
#[should_panic(expected = "path: example `/v3/users/ann`, sent `/v3/users/bob`")]
async fn a_different_path_fails() {
    call(&view_user("/v3/users/ann", &[]), "bob", None).await;
}

#[tokio::test]
#[should_panic(expected = "query: example")]
async fn a_missing_query_pair_fails() {
    let ex = view_user("/v3/users/ann", &[("include_unread_count", "true")]);
    call(&ex, "ann", None).await;
}

#[tokio::test]
#[should_panic(expected = "query: example")]
async fn an_extra_query_pair_fails() {
    call(&view_user("/v3/users/ann", &[]), "ann", Some(false)).await;
}

#[tokio::test]
#[should_panic(
    expected = "credential: header `Api-Token` should carry the `desk_api_token` credential"
)]
async fn the_wrong_credential_fails() {
    let mut ex = view_user("/v3/users/ann", &[]);
    ex.auth = Auth::Header("Api-Token", "desk_api_token");
    call(&ex, "ann", None).await;
}

#[tokio::test]
#[should_panic(expected = "response $.nickname: decoded \"Ann\", example \"Anna\"")]
async fn a_decoded_value_that_differs_fails() {
    let mut ex = view_user("/v3/users/ann", &[]);
    ex.response_body = Some(r#"{"user_id":"ann","nickname":"Anna"}"#);
    // The client decodes "Anna"; the check compares with the example's own response,
    // so make the server answer differently from the example.
    let run = ex.start().await;
    let result: Result<User, Error> = run.client.chat().users().view_user("ann").send().await;
    let decoded = result.map(|mut u| {
        u.nickname = Some("Ann".into());
        u
    });
    run.check(decoded).await;
}

#[tokio::test]
#[should_panic(expected = "status 400 should be an error")]
async fn an_error_status_that_succeeds_fails() {
    let mut ex = view_user("/v3/users/ann", &[]);
    ex.status = 400;
    let run = ex.start().await;
    let ok: Result<(), Error> = Ok(());
    let _ = run.client.chat().users().view_user("ann").send().await;
    run.check(ok).await;
}

#[tokio::test]
#[should_panic(expected = "body: example")]
async fn a_different_json_body_fails() {
    let ex = Exchange {
        service: "chat",
        base_path: "/v3",
        auth: Auth::Header("Api-Token", "api_token"),
        method: "POST",
        path: "/v3/users/ann/block",
        query: &[],
        headers: &[],
        body: Body::Json(r#"{"target_id":"bob"}"#),
        status: 200,
        response_headers: &[],
        response_body: Some("{}"),
    };
    let run = ex.start().await;
    let result = run
        .client
        .chat()
        .users()
        .block_user("ann")
        .target_id("carol")
        .send()
        .await
        .map(|_| ());
    run.check(result).await;
}

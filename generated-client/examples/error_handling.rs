//! Error handling: every way a call can fail, and how to tell them apart.
//!
//! ```sh
//! cargo run -p sendbird-platform --example error_handling
//! ```
//!
//! Errors caught before sending and Sendbird's "not found" are shown against the real
//! service too (`SENDBIRD_APP_ID` and `SENDBIRD_API_TOKEN` set; it only reads). Rate
//! limiting, timeouts and undecodable responses can't be provoked safely there, so they
//! are only shown against the in-process mock.

mod support;

use std::time::Duration;

use sendbird_platform::{Client, Error, ErrorCode, RequestOptions, RetryPolicy};
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let setup = support::setup().await?;
    run(&setup).await
}

async fn run(setup: &support::Setup) -> Result<(), Error> {
    let client = &setup.client;

    // Refused before anything is sent: a value outside its documented range (a page
    // holds at most 100 users). A missing required input can't get this far: required
    // inputs are the method's arguments, so leaving one out does not compile.
    let too_many = client.chat().users().list_users().limit(1000).send().await;
    explain("list_users with a page of 1000", too_many);

    // Refused before anything is sent: the client has no Desk credential.
    let desk = Client::builder()
        .api_token("chat-only")
        .base_url("desk", "http://127.0.0.1:9")
        .build()?;
    explain(
        "a Desk call from a Chat-only client",
        desk.desk().tickets().list_tickets().send().await,
    );

    // The server answered with an error body: `Error::Api` with Sendbird's code.
    let unknown = support::unique_user_id("no-such-user");
    explain(
        "viewing a user that doesn't exist",
        client.chat().users().view_user(&unknown).send().await,
    );

    let Some(server) = &setup.mock else {
        println!("(rate limiting, timeouts and decode errors are shown against the mock only)");
        return Ok(());
    };

    // Rate limited on every attempt: the client waits as `Retry-After` asks, retries, and
    // then gives up with `Error::RateLimited`.
    Mock::given(method("GET"))
        .and(path("/v3/users/busy"))
        .respond_with(
            support::error(429, 500910, "Too many requests.").insert_header("Retry-After", "1"),
        )
        .with_priority(1) // before the mock's catch-all users endpoint
        .mount(server)
        .await;
    let one_retry = RequestOptions::default().retry_policy(RetryPolicy::default().max_retries(1));
    explain(
        "a user endpoint that stays rate-limited",
        client
            .chat()
            .users()
            .view_user("busy")
            .options(one_retry)
            .send()
            .await,
    );

    // No answer in time: `Error::Timeout`.
    Mock::given(method("GET"))
        .and(path("/v3/users/slow"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(2)))
        .with_priority(1) // before the mock's catch-all users endpoint
        .mount(server)
        .await;
    let impatient = RequestOptions::default()
        .timeout(Duration::from_millis(200))
        .retry_policy(RetryPolicy::none());
    explain(
        "a response slower than the timeout",
        client
            .chat()
            .users()
            .view_user("slow")
            .options(impatient)
            .send()
            .await,
    );

    // A 200 whose body doesn't match the type: `Error::Decode` names the JSON path.
    Mock::given(method("GET"))
        .and(path("/v3/users/odd"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({ "user_id": 42 })),
        )
        .with_priority(1) // before the mock's catch-all users endpoint
        .mount(server)
        .await;
    explain(
        "a response of the wrong shape",
        client.chat().users().view_user("odd").send().await,
    );
    Ok(())
}

/// Shows how to branch on an error: by variant, by Sendbird code, by retryability.
fn explain<T: std::fmt::Debug>(what: &str, result: Result<T, Error>) {
    println!("{what}:");
    let error = match result {
        Ok(value) => return println!("  succeeded: {value:?}\n"),
        Err(error) => error,
    };
    // `Display` is meant to be logged as is: operation, cause, and what to do.
    println!("  error: {error}");
    let kind = match &error {
        Error::InvalidRequest { .. } => "InvalidRequest: fix the input; nothing was sent",
        Error::MissingCredentials { credential, .. } => {
            println!("  missing credential: {credential}");
            "MissingCredentials: configure the client; nothing was sent"
        }
        Error::Api {
            code: Some(ErrorCode::NotFound),
            ..
        } => "Api with code NotFound",
        Error::Api { status, .. } => {
            println!("  HTTP status: {status}");
            "Api: Sendbird refused the request"
        }
        Error::RateLimited {
            retry_after,
            attempts,
            ..
        } => {
            println!("  attempts: {attempts}, server asked to wait: {retry_after:?}");
            "RateLimited: slow down and try later"
        }
        Error::Timeout { .. } => "Timeout",
        Error::Transport { .. } => "Transport: the connection failed",
        Error::Decode { path, .. } => {
            println!("  at JSON path: {path}");
            "Decode: the response didn't have the expected shape"
        }
        // `Error` is #[non_exhaustive]: new kinds may appear in later versions.
        _ => "another error",
    };
    println!("  kind: {kind}");
    println!("  worth retrying later: {}\n", error.is_retryable());
}

#[cfg(test)]
mod tests {
    /// `cargo test -p sendbird-platform --examples` runs the example against the mock.
    #[tokio::test]
    async fn runs_against_the_mock() {
        let setup = super::support::mock_setup().await.unwrap();
        super::run(&setup).await.unwrap();
    }
}

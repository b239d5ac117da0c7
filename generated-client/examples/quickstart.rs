//! Quickstart: build a client, create a user, read it back, update it, list users and
//! delete the user again.
//!
//! ```sh
//! cargo run -p sendbird-platform --example quickstart
//! ```
//!
//! With `SENDBIRD_APP_ID` and `SENDBIRD_API_TOKEN` set it calls your application (and
//! deletes the user it created); without them it runs against an in-process mock.

mod support;

use futures::{StreamExt, TryStreamExt};
use sendbird_platform::{Error, ErrorCode};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let setup = support::setup().await?;
    run(&setup).await
}

async fn run(setup: &support::Setup) -> Result<(), Error> {
    let client = &setup.client;
    let user_id = support::unique_user_id("quickstart");

    // Required inputs are arguments (leaving one out does not compile); optional
    // ones are builder methods. Nothing is sent until `.send().await`.
    let created = client
        .chat()
        .users()
        .create_user(&user_id, "Alice", "")
        .send()
        .await?;
    println!(
        "created user {} ({:?})",
        created.user_id,
        created.nickname.as_deref().unwrap_or_default()
    );

    let user = client.chat().users().view_user(&user_id).send().await?;
    println!(
        "viewed user {}, active: {:?}",
        user.user_id,
        user.is_active.unwrap_or_default()
    );

    let renamed = client
        .chat()
        .users()
        .update_user(&user_id)
        .nickname("Alice Liddell")
        .send()
        .await?;
    println!(
        "renamed to {:?}",
        renamed.nickname.as_deref().unwrap_or_default()
    );

    // A list as a stream of items: the client follows the `next` cursor for you.
    let first_five: Vec<_> = client
        .chat()
        .users()
        .list_users()
        .limit(100)
        .into_stream()
        .take(5)
        .try_collect()
        .await?;
    println!("the first {} users:", first_five.len());
    for user in &first_five {
        println!("  - {}", user.user_id);
    }

    client.chat().users().delete_user(&user_id).send().await?;
    println!("deleted user {user_id}");

    // Errors are typed: Sendbird's error body becomes `Error::Api` with its code.
    match client.chat().users().view_user(&user_id).send().await {
        Err(e) if e.code() == Some(ErrorCode::NotFound) => {
            println!("viewing it again fails as expected: {e}")
        }
        Err(e) => return Err(e),
        Ok(user) => println!("unexpectedly still there: {}", user.user_id),
    }
    Ok(())
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

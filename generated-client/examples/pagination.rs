//! Pagination: one page at a time with the cursor in your hands, every page as a
//! stream, and every item as a stream.
//!
//! ```sh
//! cargo run -p sendbird-platform --example pagination
//! ```
//!
//! Against the real service (`SENDBIRD_APP_ID` and `SENDBIRD_API_TOKEN` set) it only
//! reads: it lists at most 20 users. Without them it first creates 7 users in the
//! in-process mock, so there are several pages of 3.

mod support;

use futures::{StreamExt, TryStreamExt};
use sendbird_platform::Error;

const PAGE_SIZE: i32 = 3;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let setup = support::setup().await?;
    run(&setup).await
}

async fn run(setup: &support::Setup) -> Result<(), Error> {
    let client = &setup.client;
    if setup.is_mock() {
        for n in 1..=7 {
            client
                .chat()
                .users()
                .create_user(format!("user-{n}"), format!("User {n}"), "")
                .send()
                .await?;
        }
    }

    // 1. By hand: send one page, then pass its `next` cursor as `token`.
    let users = client.chat().users();
    let first = users.list_users().limit(PAGE_SIZE).send().await?;
    println!("page 1: {:?}", ids(&first.users));
    if let Some(next) = first.next.as_deref().filter(|n| !n.is_empty()) {
        let second = users
            .list_users()
            .limit(PAGE_SIZE)
            .token(next)
            .send()
            .await?;
        println!("page 2: {:?}", ids(&second.users));
    }

    // 2. Every page as a stream; it ends after the page whose `next` is empty.
    let mut pages = users.list_users().limit(PAGE_SIZE).into_pages().take(7);
    let mut number = 0;
    while let Some(page) = pages.try_next().await? {
        number += 1;
        println!("streamed page {number}: {:?}", ids(&page.users));
    }

    // 3. Every item as a stream, across pages. `take` stops early: pages after that
    //    are never requested.
    let all: Vec<String> = users
        .list_users()
        .limit(PAGE_SIZE)
        .into_stream()
        .take(20)
        .map_ok(|user| user.user_id)
        .try_collect()
        .await?;
    println!("{} users in all: {all:?}", all.len());
    Ok(())
}

fn ids(users: &[sendbird_platform::generated::chat::types::User]) -> Vec<&str> {
    users.iter().map(|u| u.user_id.as_str()).collect()
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

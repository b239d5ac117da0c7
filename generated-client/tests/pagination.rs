//! Paginated listings against a mock server, written the way generated code uses the
//! runtime: a list request implementing `Paginated`.

mod common;

use std::future::Future;

use common::*;
use futures::{StreamExt, TryStreamExt};
use sendbird_platform::__private::{paginate_items, paginate_pages, Paginated, Request};
use sendbird_platform::{Client, Error, RequestOptions};
use serde::Deserialize;
use serde_json::json;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Debug, Deserialize)]
struct User {
    user_id: String,
}

#[derive(Debug, Deserialize)]
struct UsersPage {
    users: Vec<User>,
    next: String,
}

#[derive(Clone)]
struct ListUsers {
    client: Client,
    token: Option<String>,
}

impl Paginated for ListUsers {
    type Page = UsersPage;
    type Item = User;

    fn set_cursor(&mut self, cursor: String) -> Result<(), String> {
        self.token = Some(cursor);
        Ok(())
    }

    fn fetch(&self) -> impl Future<Output = Result<UsersPage, Error>> + Send + 'static {
        let this = self.clone();
        async move {
            let mut request = Request::new(&LIST_USERS, RequestOptions::default());
            request.query("token", this.token.as_ref());
            request.query("limit", Some(&2_u32));
            this.client.send_json(request).await
        }
    }

    fn next_cursor(page: &UsersPage) -> Option<std::borrow::Cow<'_, str>> {
        Some(std::borrow::Cow::Borrowed(&page.next))
    }

    fn into_items(page: UsersPage) -> Vec<User> {
        page.users
    }

    fn operation_name() -> &'static str {
        LIST_USERS.name
    }
}

async fn page(server: &MockServer, token: Option<&str>, users: &[&str], next: &str) {
    let body = json!({
        "users": users.iter().map(|id| json!({"user_id": id})).collect::<Vec<_>>(),
        "next": next,
    });
    let mock = Mock::given(method("GET"))
        .and(path("/v3/users"))
        .and(query_param("limit", "2"));
    let mock = match token {
        Some(token) => mock.and(query_param("token", token)),
        None => mock.and(query_param_is_missing("token")),
    };
    mock.respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn items_stream_across_three_pages() {
    let server = MockServer::start().await;
    page(&server, None, &["a", "b"], "t2").await;
    page(&server, Some("t2"), &["c", "d"], "t3").await;
    page(&server, Some("t3"), &["e"], "").await;
    let list = ListUsers {
        client: client(&server),
        token: None,
    };
    let users: Vec<User> = paginate_items(list).try_collect().await.unwrap();
    let ids: Vec<&str> = users.iter().map(|u| u.user_id.as_str()).collect();
    assert_eq!(ids, ["a", "b", "c", "d", "e"]);
}

#[tokio::test]
async fn a_repeated_cursor_yields_one_error_and_ends() {
    let server = MockServer::start().await;
    page(&server, None, &["a"], "t2").await;
    page(&server, Some("t2"), &["b"], "t2").await;
    let list = ListUsers {
        client: client(&server),
        token: None,
    };
    let results: Vec<Result<UsersPage, Error>> = paginate_pages(list).collect().await;
    assert_eq!(results.len(), 3);
    assert_eq!(results[1].as_ref().unwrap().users[0].user_id, "b");
    match &results[2] {
        Err(Error::Pagination { operation, message }) => {
            assert_eq!(*operation, "chat.users.list_users");
            assert!(message.contains("\"t2\""), "{message}");
        }
        other => panic!("expected a pagination error, got {other:?}"),
    }
}

#[tokio::test]
async fn an_error_page_ends_the_stream() {
    let server = MockServer::start().await;
    page(&server, None, &["a"], "t2").await;
    Mock::given(query_param("token", "t2"))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_json(json!({"error": true, "message": "bad token", "code": 400108})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let list = ListUsers {
        client: client(&server),
        token: None,
    };
    let results: Vec<Result<User, Error>> = paginate_items(list).collect().await;
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].as_ref().unwrap().user_id, "a");
    assert_eq!(results[1].as_ref().unwrap_err().status(), Some(400));
}

#[test]
fn streams_and_send_futures_are_send() {
    fn assert_send<T: Send>(_: &T) {}
    let client = Client::builder()
        .api_token(TOKEN)
        .app_id("APP")
        .build()
        .unwrap();
    let list = ListUsers {
        client: client.clone(),
        token: None,
    };
    assert_send(&paginate_items(list.clone()));
    assert_send(&paginate_pages(list));
    let request = Request::new(&LIST_USERS, RequestOptions::default());
    assert_send(&client.send_json::<serde_json::Value>(request));
}

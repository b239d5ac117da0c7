//! The runtime under faults and at scale, on loopback: connection resets, long
//! paginations, arbitrary path values and arbitrary response bodies.

use futures::TryStreamExt;
use proptest::prelude::*;
use sendbird_platform::{Client, Error, RetryPolicy};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

fn client(base: &str, policy: RetryPolicy) -> Client {
    Client::builder()
        .app_id("app")
        .api_token("test-token")
        .base_url("chat", base)
        .retry_policy(policy)
        .build()
        .unwrap()
}

fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .max_retries(3)
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(5))
}

/// A raw TCP server that resets the first `resets` connections (after reading the
/// request) and answers the following ones with `body`. Returns its base URL and the
/// number of connections it has seen.
fn resetting_server(resets: usize, body: &'static str) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let seen = Arc::new(AtomicUsize::new(0));
    let counter = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let n = counter.fetch_add(1, Ordering::SeqCst);
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            if n < resets {
                close_mid_exchange(stream);
            } else {
                let response = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = stream.write_all(response.as_bytes());
            }
        }
    });
    (format!("http://{addr}"), seen)
}

/// Drops the connection after the request arrived and before any response: to the
/// HTTP client this is a connection reset in the middle of the exchange.
fn close_mid_exchange(stream: std::net::TcpStream) {
    let _ = stream.shutdown(std::net::Shutdown::Both);
}

const USER: &str = r#"{"user_id":"ann","nickname":"Ann"}"#;

#[tokio::test]
async fn a_get_whose_connection_is_reset_is_retried_until_it_succeeds() {
    let (base, seen) = resetting_server(2, USER);
    let user = client(&base, fast_retries())
        .chat()
        .users()
        .view_user("ann")
        .send()
        .await
        .unwrap();
    assert_eq!(user.user_id, "ann");
    assert_eq!(
        seen.load(Ordering::SeqCst),
        3,
        "two resets, then the answer"
    );
}

#[tokio::test]
async fn a_post_whose_connection_is_reset_after_sending_is_not_repeated() {
    let (base, seen) = resetting_server(5, USER);
    let result = client(&base, fast_retries())
        .chat()
        .users()
        .block_user("ann")
        .target_id("bob")
        .send()
        .await;
    assert!(matches!(result, Err(Error::Transport { .. })), "{result:?}");
    assert_eq!(
        seen.load(Ordering::SeqCst),
        1,
        "a write that may have reached the server is never resent"
    );
}

/// Serves `pages` pages of `per_page` users, generated on the fly from the `token`.
struct UserPages {
    pages: usize,
    per_page: usize,
}

impl Respond for UserPages {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let page: usize = request
            .url
            .query_pairs()
            .find(|(k, _)| k == "token")
            .and_then(|(_, v)| v.strip_prefix('p').and_then(|n| n.parse().ok()))
            .unwrap_or(0);
        let users: Vec<serde_json::Value> = (0..self.per_page)
            .map(|i| {
                let n = page * self.per_page + i;
                serde_json::json!({"user_id": format!("u{n}"), "nickname": "x", "is_online": false})
            })
            .collect();
        let next = if page + 1 < self.pages {
            format!("p{}", page + 1)
        } else {
            String::new()
        };
        ResponseTemplate::new(200).set_body_json(serde_json::json!({"users": users, "next": next}))
    }
}

#[tokio::test]
async fn a_hundred_thousand_users_stream_through_pagination_in_order() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path_regex("^/users$"))
        .respond_with(UserPages {
            pages: 1000,
            per_page: 100,
        })
        .expect(1000)
        .mount(&server)
        .await;
    let client = client(&server.uri(), RetryPolicy::none());
    let mut stream = client.chat().users().list_users().limit(100).into_stream();
    let mut count = 0usize;
    while let Some(user) = stream.try_next().await.unwrap() {
        assert_eq!(user.user_id, format!("u{count}"));
        count += 1;
    }
    assert_eq!(count, 100_000);
}

/// The path the server saw for `view_user(id)`, percent-decoded back to the id.
async fn round_trip(server: &MockServer, client: &Client, id: &str) -> String {
    client.chat().users().view_user(id).send().await.unwrap();
    let requests = server.received_requests().await.unwrap();
    let last = requests.last().unwrap();
    let raw = last.url.path().strip_prefix("/users/").unwrap().to_owned();
    assert!(!raw.contains('/'), "the id must stay one segment: {raw}");
    percent_decode(&raw)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Any id (but the dot segments, which the client refuses) reaches the server as
    /// exactly one path segment that decodes back to the id.
    #[test]
    fn arbitrary_path_values_round_trip_unchanged(id in "\\PC{1,24}") {
        prop_assume!(id != "." && id != "..");
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let server = MockServer::start().await;
            Mock::given(method("GET"))
                .respond_with(ResponseTemplate::new(200).set_body_string(USER))
                .mount(&server)
                .await;
            let client = client(&server.uri(), RetryPolicy::none());
            let seen = round_trip(&server, &client, &id).await;
            prop_assert_eq!(seen, id);
            Ok(())
        })?;
    }

    /// Decoding never panics, whatever JSON the server sends.
    #[test]
    fn decoding_arbitrary_json_never_panics(value in arbitrary_json()) {
        use sendbird_platform::generated::chat::types;
        let text = value.to_string();
        let _ = serde_json::from_str::<types::GroupChannel>(&text);
        let _ = serde_json::from_str::<types::Message>(&text);
        let _ = serde_json::from_str::<types::User>(&text);
        let _ = serde_json::from_str::<types::ListMyGroupChannelsResponse>(&text);
        let _ = serde_json::from_str::<types::PushPreference>(&text);
    }

    /// Nor does decoding arbitrary bytes.
    #[test]
    fn decoding_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        use sendbird_platform::generated::chat::types;
        let _ = serde_json::from_slice::<types::GroupChannel>(&bytes);
        let _ = serde_json::from_slice::<types::Message>(&bytes);
    }
}

/// JSON values biased towards the shapes of Sendbird objects.
fn arbitrary_json() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let keys = prop_oneof![
        Just("type".to_owned()),
        Just("message_id".to_owned()),
        Just("channel_url".to_owned()),
        Just("last_message".to_owned()),
        Just("members".to_owned()),
        Just("read_receipt".to_owned()),
        Just("user_id".to_owned()),
        Just("created_at".to_owned()),
        Just("file".to_owned()),
        Just("channels".to_owned()),
        "[a-z_]{1,8}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        prop_oneof![Just("MESG"), Just("FILE"), Just("ADMM"), Just("")].prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 64, 8, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map(keys.clone(), inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

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
        .max_retry_after(Duration::from_millis(5))
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

/// A raw TCP server that reads each request (one read) and hands the connection, with
/// its number (from 0), to `answer` on a thread of its own. Returns its base URL and
/// the number of connections it has seen.
fn raw_server(
    answer: impl Fn(usize, std::net::TcpStream) + Send + Sync + 'static,
) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let seen = Arc::new(AtomicUsize::new(0));
    let counter = seen.clone();
    let answer = Arc::new(answer);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let n = counter.fetch_add(1, Ordering::SeqCst);
            let answer = answer.clone();
            std::thread::spawn(move || {
                let mut buf = [0u8; 8192];
                let _ = stream.read(&mut buf);
                answer(n, stream);
            });
        }
    });
    (format!("http://{addr}"), seen)
}

fn respond(mut stream: std::net::TcpStream, status: &str, body: &str) {
    let response = format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(response.as_bytes());
}

/// Promises a 100-byte body, sends 10 bytes of it and closes the connection.
fn cut_mid_body(mut stream: std::net::TcpStream) {
    let _ = stream.write_all(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"user_id\"",
    );
    let _ = stream.flush();
    let _ = stream.shutdown(std::net::Shutdown::Both);
}

#[tokio::test]
async fn a_get_reset_mid_body_is_retried_until_it_succeeds() {
    let (base, seen) = raw_server(|n, stream| {
        if n < 2 {
            cut_mid_body(stream)
        } else {
            respond(stream, "200 OK", USER)
        }
    });
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
        "two cut bodies, then the answer"
    );
}

#[tokio::test]
async fn a_post_reset_mid_body_is_not_repeated() {
    let (base, seen) = raw_server(|_, stream| cut_mid_body(stream));
    let error = client(&base, fast_retries())
        .chat()
        .users()
        .block_user("ann")
        .target_id("bob")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert!(!error.is_retryable(), "{error:?}");
    assert_eq!(seen.load(Ordering::SeqCst), 1);
}

/// `update_channel_metacounter` with `mode: increase`, sent once through `base`.
async fn increase_counter(base: &str, timeout: Duration) -> Result<(), Error> {
    use sendbird_platform::generated::chat::types::{ChannelType, MetacounterMode};
    let client = Client::builder()
        .app_id("app")
        .api_token("test-token")
        .base_url("chat", base)
        .retry_policy(fast_retries())
        .timeout(timeout)
        .build()
        .unwrap();
    client
        .chat()
        .metadata()
        .update_channel_metacounter(ChannelType::GroupChannels, "c1", [("likes", 1_i64)])
        .mode(MetacounterMode::Increase)
        .send()
        .await
        .map(drop)
}

#[tokio::test]
async fn a_metacounter_increase_is_sent_once_whatever_fails() {
    let second = Duration::from_secs(5);
    // A 502 from a proxy that may have forwarded it.
    let (base, seen) = raw_server(|_, stream| respond(stream, "502 Bad Gateway", "{}"));
    let error = increase_counter(&base, second).await.unwrap_err();
    assert_eq!(error.status(), Some(502), "{error:?}");
    assert!(!error.is_retryable());
    assert_eq!(seen.load(Ordering::SeqCst), 1, "502");
    // A reset after the request was sent.
    let (base, seen) = raw_server(|_, stream| close_mid_exchange(stream));
    let error = increase_counter(&base, second).await.unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert_eq!(seen.load(Ordering::SeqCst), 1, "reset");
    // No answer in time.
    let (base, seen) = raw_server(|_, stream| {
        std::thread::sleep(Duration::from_secs(2));
        drop(stream);
    });
    let error = increase_counter(&base, Duration::from_millis(100))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert!(!error.is_retryable());
    assert_eq!(seen.load(Ordering::SeqCst), 1, "timeout");
}

#[tokio::test]
async fn a_body_that_stalls_after_the_headers_times_out() {
    // Headers and the start of a 100-byte body, then nothing while the connection stays
    // open: the attempt's timeout must cover reading the body, not only the headers.
    let (base, seen) = raw_server(|_, mut stream| {
        let _ = stream.write_all(
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"user_id\"",
        );
        let _ = stream.flush();
        std::thread::sleep(Duration::from_secs(120));
        drop(stream);
    });
    let client = Client::builder()
        .app_id("app")
        .api_token("test-token")
        .base_url("chat", &base)
        .retry_policy(RetryPolicy::default().max_retries(0))
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let call = client.chat().users().view_user("ann").send();
    // Without a timeout on the body the call would wait for the server (two minutes):
    // the outer limit turns that into a failure instead of a hung test.
    let error = tokio::time::timeout(Duration::from_secs(60), call)
        .await
        .expect("the call did not time out while the body stalled")
        .unwrap_err();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert_eq!(seen.load(Ordering::SeqCst), 1);
}

/// Streams a body of up to 1.5 GB (chunked, or with its length announced) and reports
/// how many bytes it managed to write before the client hung up.
fn huge_body_server(announce_length: bool) -> (String, std::sync::mpsc::Receiver<u64>) {
    let (report, written) = std::sync::mpsc::channel();
    let report = std::sync::Mutex::new(report);
    let (base, _) = raw_server(move |_, mut stream| {
        const TOTAL: u64 = 1_500_000_000;
        let head = if announce_length {
            format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {TOTAL}\r\n\r\n")
        } else {
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n".to_owned()
        };
        let chunk = vec![b' '; 64 * 1024];
        let mut sent = 0u64;
        if stream.write_all(head.as_bytes()).is_ok() {
            while sent < TOTAL {
                let ok = if announce_length {
                    stream.write_all(&chunk).is_ok()
                } else {
                    stream
                        .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
                        .is_ok()
                        && stream.write_all(&chunk).is_ok()
                        && stream.write_all(b"\r\n").is_ok()
                };
                if !ok {
                    break;
                }
                sent += chunk.len() as u64;
            }
        }
        let _ = report.lock().unwrap().send(sent);
    });
    (base, written)
}

#[tokio::test]
async fn a_huge_body_is_refused_without_being_read_whole() {
    for announce_length in [true, false] {
        let (base, written) = huge_body_server(announce_length);
        let client = Client::builder()
            .app_id("app")
            .api_token("test-token")
            .base_url("chat", &base)
            .retry_policy(RetryPolicy::none())
            .max_response_bytes(1024 * 1024)
            .build()
            .unwrap();
        let error = client
            .chat()
            .users()
            .view_user("ann")
            .send()
            .await
            .unwrap_err();
        assert!(
            matches!(
                error,
                Error::ResponseTooLarge {
                    limit: 1_048_576,
                    ..
                }
            ),
            "{error:?}"
        );
        drop(client);
        let sent =
            tokio::task::spawn_blocking(move || written.recv_timeout(Duration::from_secs(60)))
                .await
                .unwrap()
                .expect("the server stops when the client hangs up");
        eprintln!("announce_length {announce_length}: the server wrote {sent} bytes");
        assert!(
            sent < 64 * 1024 * 1024,
            "announce_length {announce_length}: the server wrote {sent} bytes"
        );
    }
}

#[test]
fn secret_inputs_are_redacted_in_debug() {
    let client = client("http://127.0.0.1:9", RetryPolicy::none());
    let apps = client.chat().applications();
    let printed = [
        format!(
            "{:?}",
            apps.create_fcm_push_configuration("fcm-key-SECRET1")
        ),
        format!(
            "{:?}",
            apps.update_fcm_push_configuration("p1")
                .api_key("fcm-key-SECRET2")
        ),
        format!(
            "{:?}",
            apps.create_hms_push_configuration("hms-app", "hms-SECRET3")
        ),
        format!(
            "{:?}",
            apps.update_apns_push_configuration("p2")
                .apns_cert_password("apns-SECRET4")
        ),
        format!("{:?}", apps.delete_secondary_api_token("token-SECRET5")),
    ];
    for text in &printed {
        assert!(!text.contains("SECRET"), "{text}");
        assert!(text.contains("[redacted]"), "{text}");
    }
    // Other inputs still show.
    assert!(printed[2].contains("hms-app"), "{}", printed[2]);
}

/// Serves empty pages of users, each with a cursor never seen before.
struct EmptyPagesForever;

impl Respond for EmptyPagesForever {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let next = format!("fresh-{}", request.url.query().unwrap_or_default().len());
        ResponseTemplate::new(200).set_body_json(serde_json::json!({"users": [], "next": next}))
    }
}

#[tokio::test]
async fn empty_pages_with_fresh_cursors_end_the_stream() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path_regex("^/users$"))
        .respond_with(EmptyPagesForever)
        .mount(&server)
        .await;
    let client = client(&server.uri(), RetryPolicy::none());
    let result: Result<Vec<_>, _> = client
        .chat()
        .users()
        .list_users()
        .into_stream()
        .try_collect()
        .await;
    match result {
        Err(Error::Pagination { message, .. }) => assert!(message.contains("empty"), "{message}"),
        other => panic!("expected a pagination error, got {other:?}"),
    }
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn a_desk_offset_that_does_not_parse_is_an_error_not_a_restart() {
    let server = MockServer::start().await;
    let page = serde_json::json!({
        "count": 3,
        "next": format!("{}/tickets?limit=1&offset=two", server.uri()),
        "previous": null,
        "results": [],
    });
    Mock::given(method("GET"))
        .and(path_regex("^/tickets$"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page))
        .mount(&server)
        .await;
    let client = Client::builder()
        .desk_api_token("desk-token")
        .base_url("desk", server.uri())
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let pages: Vec<_> =
        futures::StreamExt::collect(client.desk().tickets().list_tickets().into_pages()).await;
    assert_eq!(pages.len(), 2, "one page, then the error");
    match &pages[1] {
        Err(Error::Pagination { message, .. }) => assert!(message.contains("\"two\""), "{message}"),
        other => panic!("expected a pagination error, got {other:?}"),
    }
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

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

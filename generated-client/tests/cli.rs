//! End-to-end tests of the `sendbird` binary against a loopback mock server: every
//! kind of input, every product, output and exit codes, and that credentials never
//! show up in what it prints.
//!
//! Run with `cargo test -p sendbird-platform --features cli --test cli`.
#![cfg(feature = "cli")]

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::{json, Value};
use wiremock::matchers::{body_json, header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "cli-secret-api-token-5f3a9c";
const DESK_TOKEN: &str = "cli-secret-desk-token-77e1";
const ORG_TOKEN: &str = "cli-secret-org-token-0b42";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// The single JSON value printed on standard output.
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", self.stdout))
    }

    fn secrets_hidden(&self) {
        for secret in [TOKEN, DESK_TOKEN, ORG_TOKEN] {
            assert!(
                !self.stdout.contains(secret) && !self.stderr.contains(secret),
                "a token was printed:\nstdout: {}\nstderr: {}",
                self.stdout,
                self.stderr
            );
        }
    }
}

/// Runs `sendbird args...` with every product pointed at `base` and every token set.
async fn sendbird(base: &str, args: &[&str], stdin: Option<&str>) -> Run {
    let base = base.to_owned();
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let stdin = stdin.map(str::to_owned);
    // The child blocks; the mock server keeps answering on the runtime meanwhile.
    tokio::task::spawn_blocking(move || {
        let mut command = Command::new(env!("CARGO_BIN_EXE_sendbird"));
        for (name, _) in std::env::vars().filter(|(n, _)| n.starts_with("SENDBIRD_")) {
            command.env_remove(name);
        }
        for product in ["CHAT", "DESK", "CALLS", "LIVE", "ORG"] {
            command.env(format!("SENDBIRD_{product}_BASE_URL"), &base);
        }
        let mut child = command
            .env("SENDBIRD_API_TOKEN", TOKEN)
            .env("SENDBIRD_DESK_API_TOKEN", DESK_TOKEN)
            .env("SENDBIRD_ORG_API_TOKEN", ORG_TOKEN)
            .args(&args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the sendbird binary runs");
        let mut pipe = child.stdin.take().expect("stdin is piped");
        if let Some(text) = stdin {
            pipe.write_all(text.as_bytes()).expect("stdin is written");
        }
        drop(pipe);
        let out = child.wait_with_output().expect("sendbird finishes");
        Run {
            code: out.status.code().expect("exited normally"),
            stdout: String::from_utf8(out.stdout).expect("UTF-8 stdout"),
            stderr: String::from_utf8(out.stderr).expect("UTF-8 stderr"),
        }
    })
    .await
    .expect("the runner thread does not panic")
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

#[tokio::test]
async fn query_scalars_enums_and_lists_reach_the_server_and_the_response_is_printed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users"))
        .and(header("Api-Token", TOKEN))
        .and(query_param("limit", "5"))
        .and(query_param("show_bot", "false"))
        .and(query_param("active_mode", "deactivated"))
        .and(query_param("user_ids", "a,b,c"))
        .respond_with(ok(json!({
            "users": [{"user_id": "a", "nickname": "Ann", "unknown_field": 1}],
            "next": "",
        })))
        .expect(1)
        .mount(&server)
        .await;

    let run = sendbird(
        &server.uri(),
        &[
            "chat",
            "users",
            "list-users",
            "--limit",
            "5",
            "--show-bot",
            "false",
            "--active-mode",
            "deactivated",
            "--user-ids",
            "a,b",
            "--user-ids",
            "c",
        ],
        None,
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Standard output is not a terminal here: one compact line of the typed response.
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
    assert_eq!(
        run.json(),
        json!({"users": [{"user_id": "a", "nickname": "Ann"}], "next": ""})
    );
    run.secrets_hidden();
}

#[tokio::test]
async fn an_enum_value_this_build_does_not_know_is_sent_as_given() {
    let server = MockServer::start().await;
    Mock::given(path("/users"))
        .and(query_param("active_mode", "hibernating"))
        .and(query_param("show_bot", "true"))
        .respond_with(ok(json!({"users": [], "next": ""})))
        .expect(1)
        .mount(&server)
        .await;
    let run = sendbird(
        &server.uri(),
        &[
            "chat",
            "users",
            "list-users",
            "--active-mode",
            "hibernating",
            "--show-bot",
        ],
        None,
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[tokio::test]
async fn path_arguments_are_sent_as_encoded_segments() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users/a%2F..%2Fb%3Fx"))
        .and(query_param("include_unread_count", "true"))
        .respond_with(ok(json!({"user_id": "a/../b?x"})))
        .expect(1)
        .mount(&server)
        .await;
    let run = sendbird(
        &server.uri(),
        &[
            "chat",
            "users",
            "view-user",
            "a/../b?x",
            "--include-unread-count",
            "true",
        ],
        None,
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["user_id"], "a/../b?x");
}

#[tokio::test]
async fn body_flags_become_the_typed_json_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/users"))
        .and(body_json(json!({
            "user_id": "u1",
            "nickname": "Neo",
            "profile_url": "",
            "issue_access_token": true,
            "discovery_keys": ["k1", "k2"],
            "metadata": {"team": "red"},
        })))
        .respond_with(ok(json!({"user_id": "u1", "nickname": "Neo"})))
        .expect(1)
        .mount(&server)
        .await;
    let run = sendbird(
        &server.uri(),
        &[
            "chat",
            "users",
            "create-user",
            "--user-id",
            "u1",
            "--nickname",
            "Neo",
            "--profile-url",
            "",
            "--issue-access-token",
            "--discovery-keys",
            "k1,k2",
            "--metadata",
            r#"{"team": "red"}"#,
        ],
        None,
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json(), json!({"user_id": "u1", "nickname": "Neo"}));
}

#[tokio::test]
async fn body_from_standard_input_is_merged_with_flags_that_override_it() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/users"))
        .and(body_json(json!({
            "user_id": "u2",
            "nickname": "From a flag",
            "profile_url": "https://example.com/p.png",
            "metadata": {"k": "v"},
        })))
        .respond_with(ok(json!({"user_id": "u2"})))
        .expect(1)
        .mount(&server)
        .await;
    let stdin = r#"{"user_id": "u2", "nickname": "From stdin",
        "profile_url": "https://example.com/p.png", "metadata": {"k": "v"}}"#;
    let run = sendbird(
        &server.uri(),
        &[
            "chat",
            "users",
            "create-user",
            "--body",
            "-",
            "--nickname",
            "From a flag",
        ],
        Some(stdin),
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);

    // Keys that are not fields of the operation are refused, before anything is sent.
    let run = sendbird(
        &server.uri(),
        &["chat", "users", "create-user", "--body", "-"],
        Some(r#"{"user_id": "u3", "nickname": "n", "profile_url": "", "nick_name": "typo"}"#),
    )
    .await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("nick_name"), "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);

    // A required field given neither as a flag nor in `--body` is refused, before
    // anything is sent.
    let run = sendbird(
        &server.uri(),
        &["chat", "users", "create-user", "--body", "-"],
        Some(r#"{"user_id": "u5", "profile_url": ""}"#),
    )
    .await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("required body field `nickname`"),
        "{}",
        run.stderr
    );

    // A value of the wrong type, and text that is not JSON.
    let run = sendbird(
        &server.uri(),
        &["chat", "users", "create-user", "--body", "-"],
        Some(r#"{"user_id": 7, "nickname": "n", "profile_url": ""}"#),
    )
    .await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("user_id"), "{}", run.stderr);
    let run = sendbird(
        &server.uri(),
        &["chat", "users", "create-user", "--body", "-"],
        Some("{not json"),
    )
    .await;
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[tokio::test]
async fn file_parts_are_uploaded_as_multipart() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/users"))
        .respond_with(ok(json!({"user_id": "u4"})))
        .expect(1)
        .mount(&server)
        .await;
    let dir = std::env::temp_dir().join(format!("sendbird-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let picture = dir.join("face.png");
    std::fs::write(&picture, b"PNG-BYTES-0123").unwrap();
    let part = format!("profile_file={}", picture.display());

    let run = sendbird(
        &server.uri(),
        &[
            "chat",
            "users",
            "create-user",
            "--user-id",
            "u4",
            "--nickname",
            "Pic",
            "--profile-url",
            "",
            "--file",
            &part,
        ],
        None,
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let requests = server.received_requests().await.unwrap();
    let content_type = requests[0].headers["content-type"].to_str().unwrap();
    assert!(
        content_type.starts_with("multipart/form-data"),
        "{content_type}"
    );
    let body = String::from_utf8_lossy(&requests[0].body);
    assert!(
        body.contains(r#"name="profile_file"; filename="face.png""#),
        "{body}"
    );
    assert!(body.contains("PNG-BYTES-0123") && body.contains(r#"name="user_id""#));

    // An unknown part name is a usage error.
    let wrong = format!("avatar={}", picture.display());
    let run = sendbird(
        &server.uri(),
        &["chat", "users", "update-user", "u4", "--file", &wrong],
        None,
    )
    .await;
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("profile_file"), "{}", run.stderr);
}

#[tokio::test]
async fn one_of_groups_take_exactly_one_member() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/group_channels/room-1/messages"))
        .and(query_param("message_ts", "1700000000000"))
        .and(query_param_is_missing("message_id"))
        .respond_with(ok(json!({"messages": []})))
        .expect(1)
        .mount(&server)
        .await;
    let base = [
        "chat",
        "messages",
        "list-messages",
        "group_channels",
        "room-1",
    ];
    let with =
        |extra: &[&'static str]| -> Vec<&str> { base.iter().chain(extra).copied().collect() };
    let run = sendbird(
        &server.uri(),
        &with(&["--message-ts", "1700000000000"]),
        None,
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json(), json!({"messages": []}));

    let run = sendbird(&server.uri(), &with(&[]), None).await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--message-ts"), "{}", run.stderr);
    let run = sendbird(
        &server.uri(),
        &with(&["--message-ts", "1", "--message-id", "2"]),
        None,
    )
    .await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("cannot be used with"), "{}", run.stderr);
}

#[tokio::test]
async fn all_pages_streams_every_item_as_json_lines() {
    let server = MockServer::start().await;
    Mock::given(path("/users"))
        .and(query_param("token", "page-2"))
        .and(query_param("limit", "2"))
        .respond_with(ok(json!({"users": [{"user_id": "c"}], "next": ""})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/users"))
        .and(query_param_is_missing("token"))
        .and(query_param("limit", "2"))
        .respond_with(ok(
            json!({"users": [{"user_id": "a"}, {"user_id": "b"}], "next": "page-2"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let run = sendbird(
        &server.uri(),
        &["chat", "users", "list-users", "--limit", "2", "--all-pages"],
        None,
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let items: Vec<Value> = run
        .stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(
        items,
        [
            json!({"user_id": "a"}),
            json!({"user_id": "b"}),
            json!({"user_id": "c"})
        ]
    );
    // Standard error is not a terminal: no progress count.
    assert_eq!(run.stderr, "");
}

#[tokio::test]
async fn usage_errors_exit_with_2_before_any_request() {
    let server = MockServer::start().await;
    let uri = server.uri();
    for args in [
        &["chat", "users", "list-users", "--no-such-flag"][..],
        &["chat", "users", "list-users", "--limit", "many"],
        &["chat", "users", "view-user"],
        &["chat", "users", "no-such-operation"],
        &["chat", "users", "create-user", "--nickname", "n"],
        &["chat"],
    ] {
        let run = sendbird(&uri, args, None).await;
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(!run.stderr.is_empty(), "{args:?}");
    }
    // A range checked by the request builder is a usage error too.
    let run = sendbird(
        &uri,
        &["chat", "users", "list-users", "--limit", "1000"],
        None,
    )
    .await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("limit"), "{}", run.stderr);
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn api_errors_exit_with_3_and_one_line_naming_status_code_and_message() {
    let server = MockServer::start().await;
    Mock::given(path("/users/ghost"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "error": true,
            "code": 400201,
            "message": "\"User\" not found.",
        })))
        .mount(&server)
        .await;
    let run = sendbird(
        &server.uri(),
        &["chat", "users", "view-user", "ghost"],
        None,
    )
    .await;
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    for part in ["error:", "HTTP 400", "400201", "\"User\" not found."] {
        assert!(run.stderr.contains(part), "{part} missing: {}", run.stderr);
    }
    run.secrets_hidden();
}

#[tokio::test]
async fn rate_limits_exit_with_4_and_transport_failures_with_5() {
    let server = MockServer::start().await;
    Mock::given(path("/users"))
        .respond_with(ResponseTemplate::new(429).set_body_json(json!({
            "error": true, "code": 500910, "message": "Too many requests.",
        })))
        .mount(&server)
        .await;
    let run = sendbird(
        &server.uri(),
        &["--max-retries", "0", "chat", "users", "list-users"],
        None,
    )
    .await;
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert!(run.stderr.contains("rate-limited"), "{}", run.stderr);

    // Nothing listens on a port that was just freed.
    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed = format!("http://{}", free.local_addr().unwrap());
    drop(free);
    let run = sendbird(
        &closed,
        &["--max-retries", "0", "chat", "users", "view-user", "u"],
        None,
    )
    .await;
    assert_eq!(run.code, 5, "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
}

#[tokio::test]
async fn tokens_are_never_printed_even_with_verbose() {
    let server = MockServer::start().await;
    Mock::given(path("/users/u1"))
        .and(header("Api-Token", TOKEN))
        .respond_with(ok(json!({"user_id": "u1"})))
        .mount(&server)
        .await;
    Mock::given(path("/users/u2"))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({
            "error": true, "code": 400401, "message": "Invalid API token.",
        })))
        .mount(&server)
        .await;
    let uri = server.uri();
    let run = sendbird(
        &uri,
        &["chat", "users", "view-user", "u1", "--verbose"],
        None,
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Verbose shows the request: method, path template and status.
    assert!(
        run.stderr.contains("GET /users/{user_id}"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("status=200"), "{}", run.stderr);
    run.secrets_hidden();

    // Tokens given as flags, an error, and help: nothing shows them.
    for args in [
        &[
            "--api-token",
            TOKEN,
            "-v",
            "chat",
            "users",
            "view-user",
            "u2",
        ][..],
        &[
            "--desk-api-token",
            DESK_TOKEN,
            "--verbose",
            "desk",
            "tickets",
            "view-ticket",
            "x",
        ],
        &["--help"],
        &["chat", "users", "view-user", "--help"],
    ] {
        let run = sendbird(&uri, args, None).await;
        run.secrets_hidden();
    }
}

#[tokio::test]
async fn every_product_uses_its_base_url_and_its_credential() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/tickets/42"))
        .and(header("SENDBIRDDESKAPITOKEN", DESK_TOKEN))
        .respond_with(ok(json!({"id": 42, "channelName": "Help"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/applications"))
        .and(header("SENDBIRDORGANIZATIONAPITOKEN", ORG_TOKEN))
        .and(query_param("limit", "1"))
        .respond_with(ok(json!({"results": [{"app_id": "A1"}], "next": null})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/rooms/room-9"))
        .and(header("Api-Token", TOKEN))
        .respond_with(ok(json!({"room": {"room_id": "room-9"}})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/live-events/ev-1"))
        .and(header("Api-Token", TOKEN))
        .respond_with(ok(json!({"live_event": {"live_event_id": "ev-1"}})))
        .expect(1)
        .mount(&server)
        .await;
    let uri = server.uri();
    let cases: [(&[&str], &str, Value); 4] = [
        (&["desk", "tickets", "view-ticket", "42"], "/id", json!(42)),
        (
            &[
                "organization",
                "applications",
                "list-applications",
                "--limit",
                "1",
            ],
            "/results/0/app_id",
            json!("A1"),
        ),
        (
            &["calls", "rooms", "view-room", "room-9"],
            "/room/room_id",
            json!("room-9"),
        ),
        (
            &["live", "live-events", "view-live-event", "ev-1"],
            "/live_event/live_event_id",
            json!("ev-1"),
        ),
    ];
    for (args, pointer, expected) in cases {
        let run = sendbird(&uri, args, None).await;
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        assert_eq!(run.json().pointer(pointer), Some(&expected), "{args:?}");
    }
    // A path argument that is not a number is refused by clap.
    let run = sendbird(&uri, &["desk", "tickets", "view-ticket", "x"], None).await;
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[tokio::test]
async fn missing_configuration_is_explained_with_the_command_line_fix() {
    let run = tokio::task::spawn_blocking(|| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_sendbird"));
        for (name, _) in std::env::vars().filter(|(n, _)| n.starts_with("SENDBIRD_")) {
            command.env_remove(name);
        }
        command
            .env("SENDBIRD_CHAT_BASE_URL", "http://127.0.0.1:9")
            .args(["chat", "users", "view-user", "u"])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8(run.stderr).unwrap();
    assert!(stderr.contains("SENDBIRD_API_TOKEN"), "{stderr}");
}

#[tokio::test]
async fn help_at_every_level_comes_from_the_spec() {
    let uri = "http://127.0.0.1:9";
    let run = sendbird(uri, &["--help"], None).await;
    assert_eq!(run.code, 0);
    for product in ["chat", "desk", "calls", "live", "organization"] {
        assert!(run.stdout.contains(product), "{product}: {}", run.stdout);
    }
    // The base-URL variables come from the spec (`env_name: ORG` for `organization`);
    // clap wraps the text to the terminal's width.
    let words = run.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains(
            "SENDBIRD_CALLS_BASE_URL, SENDBIRD_CHAT_BASE_URL, SENDBIRD_DESK_BASE_URL, \
             SENDBIRD_LIVE_BASE_URL and SENDBIRD_ORG_BASE_URL override"
        ),
        "{}",
        run.stdout
    );
    let run = sendbird(uri, &["chat", "--help"], None).await;
    assert!(
        run.stdout.contains("Chat Platform API v3"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("group-channels"), "{}", run.stdout);
    let run = sendbird(uri, &["chat", "users", "--help"], None).await;
    assert!(
        run.stdout
            .contains("Create, find, update and delete the users"),
        "{}",
        run.stdout
    );
    let run = sendbird(uri, &["chat", "users", "list-users", "--help"], None).await;
    for part in [
        "Lists the users of the application",
        "GET /users",
        "https://sendbird.com/docs/chat/v3/platform-api/guides/user#2-list-users",
        "--limit <INT>",
        "From 1 to 100.",
        "[possible values: activated, deactivated, all]",
        "--all-pages",
    ] {
        assert!(run.stdout.contains(part), "{part} missing: {}", run.stdout);
    }
    let run = sendbird(uri, &["chat", "users", "create-user", "--help"], None).await;
    for part in [
        "Body:",
        "--user-id <TEXT>",
        "--body <FILE|->",
        "--file <NAME=PATH>",
    ] {
        assert!(run.stdout.contains(part), "{part} missing: {}", run.stdout);
    }
}

#[tokio::test]
async fn server_text_is_printed_without_control_characters_tokens_or_megabytes() {
    let server = MockServer::start().await;
    let hostile = format!(
        "bad \u{1b}[31mred\u{1b}[0m \u{1b}]0;owned\u{7} bell\u{7} c1\u{9b}2J token {TOKEN} end {}",
        "x".repeat(1_000_000)
    );
    Mock::given(method("GET"))
        .and(path("/users/ann"))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_json(json!({"error": true, "message": hostile, "code": 400100})),
        )
        .mount(&server)
        .await;
    let run = sendbird(&server.uri(), &["chat", "users", "view-user", "ann"], None).await;
    assert_eq!(run.code, 3, "{}", run.stderr);
    run.secrets_hidden();
    assert!(run.stderr.contains("[redacted]"), "{}", &run.stderr[..200]);
    assert!(
        !run.stderr.chars().any(|c| c.is_control() && c != '\n'),
        "control characters reached the terminal: {:?}",
        &run.stderr[..200]
    );
    assert!(
        run.stderr.contains("bad red bell c1"),
        "{}",
        &run.stderr[..200]
    );
    assert!(
        run.stderr.len() < 4_000,
        "{} bytes printed",
        run.stderr.len()
    );
}

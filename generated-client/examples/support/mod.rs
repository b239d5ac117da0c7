//! What the examples share: a client of the real service when `SENDBIRD_APP_ID` and
//! `SENDBIRD_API_TOKEN` are set, and otherwise a client of an in-process mock of the
//! Chat API on loopback, so every example runs on a machine without an account.
//!
//! The mock keeps users in memory and answers the user calls the examples make (create,
//! view, update, delete, list with cursors) with the same JSON shapes and error bodies
//! as the real API.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use percent_encoding::percent_decode_str;
use sendbird_platform::{Client, Error};
use serde_json::{json, Map, Value};
use wiremock::matchers::path_regex;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// A client, and the mock server it talks to when there are no credentials.
pub struct Setup {
    pub client: Client,
    /// `Some` when running against the in-process mock.
    pub mock: Option<MockServer>,
}

impl Setup {
    pub fn is_mock(&self) -> bool {
        self.mock.is_some()
    }
}

fn env(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .filter(|value| !value.trim().is_empty())
}

/// The real service when both variables are set, the mock otherwise.
pub async fn setup() -> Result<Setup, Error> {
    if let (Some(app_id), Some(token)) = (env("SENDBIRD_APP_ID"), env("SENDBIRD_API_TOKEN")) {
        println!("Calling the Sendbird application {app_id} (SENDBIRD_APP_ID and SENDBIRD_API_TOKEN are set).\n");
        let client = Client::builder().app_id(app_id).api_token(token).build()?;
        return Ok(Setup { client, mock: None });
    }
    println!(
        "SENDBIRD_APP_ID and SENDBIRD_API_TOKEN are not set: using an in-process mock of the \
         Chat API on loopback (nothing leaves this machine)."
    );
    mock_setup().await
}

/// A client of a fresh in-process mock, whatever the environment says (the examples'
/// tests use it so they never reach the network).
pub async fn mock_setup() -> Result<Setup, Error> {
    let server = MockServer::start().await;
    println!("mock Chat API listening at {}\n", server.uri());
    Mock::given(path_regex("^/v3/users(/|$)"))
        .respond_with(FakeUsers::default())
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_token("mock-api-token")
        .base_url("chat", format!("{}/v3", server.uri()))
        .build()?;
    Ok(Setup {
        client,
        mock: Some(server),
    })
}

/// A unique user id for this run, so examples never touch existing users.
pub fn unique_user_id(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    format!("{prefix}-{}-{nanos}", std::process::id())
}

/// The users endpoints of the Chat API, in memory.
#[derive(Clone, Default)]
struct FakeUsers {
    users: Arc<Mutex<BTreeMap<String, Value>>>,
}

impl Respond for FakeUsers {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let segments: Vec<String> = request
            .url
            .path_segments()
            .map(|s| {
                s.map(|segment| percent_decode_str(segment).decode_utf8_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        let mut users = self
            .users
            .lock()
            .expect("the mock's lock is never poisoned");
        match (request.method.as_str(), segments.as_slice()) {
            ("POST", [_, _]) => create(&mut users, request),
            ("GET", [_, _]) => list(&users, request),
            ("GET", [_, _, id]) => match users.get(id) {
                Some(user) => ok(user.clone()),
                None => not_found(id),
            },
            ("PUT", [_, _, id]) => match users.get_mut(id) {
                Some(user) => {
                    merge(user, fields(request));
                    ok(user.clone())
                }
                None => not_found(id),
            },
            ("DELETE", [_, _, id]) => match users.remove(id) {
                Some(_) => ok(json!({})),
                None => not_found(id),
            },
            _ => error(400, 400404, "The request URL is not valid."),
        }
    }
}

fn create(users: &mut BTreeMap<String, Value>, request: &Request) -> ResponseTemplate {
    let body = fields(request);
    let Some(user_id) = body
        .get("user_id")
        .and_then(Value::as_str)
        .map(str::to_owned)
    else {
        return error(400, 400105, "\"user_id\" is required.");
    };
    if users.contains_key(&user_id) {
        return error(400, 400202, "The user already exists.");
    }
    let mut user = json!({
        "user_id": user_id,
        "nickname": "",
        "profile_url": "",
        "is_active": true,
        "is_online": false,
        "last_seen_at": 0,
        "created_at": 1_700_000_000,
        "metadata": {},
    });
    merge(&mut user, body);
    if let Some(file_name) = multipart_file_name(request, "profile_file") {
        user["profile_url"] = json!(format!("https://mock.invalid/profile/{file_name}"));
    }
    users.insert(user_id, user.clone());
    ok(user)
}

/// Pages of `limit` users (default 10); the cursor is the index of the next user.
fn list(users: &BTreeMap<String, Value>, request: &Request) -> ResponseTemplate {
    let query: BTreeMap<String, String> = request.url.query_pairs().into_owned().collect();
    let limit = query
        .get("limit")
        .and_then(|l| l.parse::<usize>().ok())
        .unwrap_or(10);
    let start = query
        .get("token")
        .and_then(|t| t.parse::<usize>().ok())
        .unwrap_or(0);
    let page: Vec<Value> = users.values().skip(start).take(limit).cloned().collect();
    let next = if start + limit < users.len() {
        (start + limit).to_string()
    } else {
        String::new()
    };
    ok(json!({ "users": page, "next": next }))
}

/// The fields of a JSON or multipart body.
fn fields(request: &Request) -> Map<String, Value> {
    if let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(&request.body) {
        return map;
    }
    multipart_texts(request)
        .into_iter()
        .map(|(name, value)| (name, Value::String(value)))
        .collect()
}

fn merge(user: &mut Value, fields: Map<String, Value>) {
    if let Value::Object(user) = user {
        for (key, value) in fields {
            if key != "profile_file" {
                user.insert(key, value);
            }
        }
    }
}

/// The parts of a multipart body: (name, text) for text parts; files are skipped.
fn multipart_texts(request: &Request) -> Vec<(String, String)> {
    multipart_parts(request)
        .into_iter()
        .filter(|(headers, _)| !headers.contains("filename="))
        .filter_map(|(headers, body)| Some((part_name(&headers)?, body)))
        .collect()
}

/// The file name of the file part `name`, when there is one.
pub fn multipart_file_name(request: &Request, name: &str) -> Option<String> {
    multipart_parts(request)
        .into_iter()
        .find_map(|(headers, _)| {
            if part_name(&headers)? != name {
                return None;
            }
            let start = headers.find("filename=\"")? + "filename=\"".len();
            let end = headers[start..].find('"')? + start;
            Some(headers[start..end].to_owned())
        })
}

fn part_name(headers: &str) -> Option<String> {
    let start = headers.find("name=\"")? + "name=\"".len();
    let end = headers[start..].find('"')? + start;
    Some(headers[start..end].to_owned())
}

/// (headers, body) of each part, read lossily as text (enough for the examples).
fn multipart_parts(request: &Request) -> Vec<(String, String)> {
    let content_type = request
        .headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let Some(boundary) = content_type.split("boundary=").nth(1) else {
        return Vec::new();
    };
    let body = String::from_utf8_lossy(&request.body);
    body.split(&format!("--{}", boundary.trim_matches('"')))
        .filter_map(|part| {
            let (headers, body) = part.split_once("\r\n\r\n")?;
            Some((headers.to_owned(), body.trim_end_matches("\r\n").to_owned()))
        })
        .collect()
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

/// Sendbird's error body: `{"error": true, "code": .., "message": ..}`.
pub fn error(status: u16, code: i64, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .set_body_json(json!({ "error": true, "code": code, "message": message }))
}

fn not_found(user_id: &str) -> ResponseTemplate {
    error(400, 400201, &format!("User \"{user_id}\" not found."))
}

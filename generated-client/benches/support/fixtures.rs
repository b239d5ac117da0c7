//! Deterministic response bodies shaped like Sendbird's user objects.
//!
//! They carry the fields of a user the spec describes plus a few it doesn't
//! (`description`, `start_at`, `end_at`: in the user example of Sendbird's 2024-09
//! OpenAPI file, not in `api-spec/`), as real responses do, so decoding also pays for
//! skipping unknown fields.

use serde_json::{json, Map, Value};

/// One user; `metadata_entries` pads it (each entry is about 40 bytes).
pub fn user(index: usize, metadata_entries: usize) -> Value {
    let metadata: Map<String, Value> = (0..metadata_entries)
        .map(|k| {
            (
                format!("key_{k:02}"),
                Value::String(format!("value {k} of user {index}")),
            )
        })
        .collect();
    json!({
        "user_id": format!("user-{index:06}"),
        "nickname": format!("Nickname {index}"),
        "profile_url": format!("https://cdn.example.com/p/{index:06}.png"),
        "require_auth_for_profile_image": false,
        "access_token": "",
        "session_tokens": [],
        "is_online": index % 3 == 0,
        "is_active": true,
        "last_seen_at": 1_700_000_000_000_i64 + index as i64,
        "created_at": 1_600_000_000_i64 + index as i64,
        "has_ever_logged_in": true,
        "discovery_keys": [format!("user-{index}@example.com")],
        "preferred_languages": ["en", "ko"],
        "locale": "en-US",
        "phone_number": "",
        "is_shadow_blocked": false,
        "description": "",
        "start_at": 0,
        "end_at": 0,
        "metadata": metadata,
    })
}

/// The user `view_user` returns: about 2 KB of JSON.
pub fn view_user_body() -> Vec<u8> {
    serde_json::to_vec(&user(1, 52)).expect("a JSON value serializes")
}

/// The users of one `list_users` page, as the JSON array's text (`[...]`).
pub fn users_array(first: usize, count: usize) -> Vec<u8> {
    let users: Vec<Value> = (first..first + count).map(|i| user(i, 0)).collect();
    serde_json::to_vec(&users).expect("a JSON value serializes")
}

/// A whole `list_users` page: `{"users":[...],"next":"..."}`.
pub fn list_page(users_array: &[u8], next: &str) -> Vec<u8> {
    let mut body = Vec::with_capacity(users_array.len() + next.len() + 24);
    body.extend_from_slice(b"{\"users\":");
    body.extend_from_slice(users_array);
    body.extend_from_slice(b",\"next\":");
    body.extend_from_slice(
        serde_json::to_string(next)
            .expect("a string serializes")
            .as_bytes(),
    );
    body.push(b'}');
    body
}

/// A 100-user page (about 40 KB), the body the decode benchmark parses.
pub fn hundred_user_page() -> Vec<u8> {
    list_page(&users_array(0, 100), "next-page-cursor")
}

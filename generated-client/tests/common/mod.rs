//! Shared fixtures for the runtime tests: hand-written static operations (what the
//! generator would emit) and a client pointed at a loopback mock server.

#![allow(dead_code)]

use std::time::Duration;

use sendbird_platform::__private::{AuthKind, AuthScheme, Method, Operation, Service};
use sendbird_platform::{Client, ClientBuilder, RetryPolicy};
use wiremock::MockServer;

pub const TOKEN: &str = "test-api-token-0123";

/// Named like the real Chat service so `ClientBuilder::base_url("chat", ..)` accepts it.
pub static CHAT: Service = Service {
    name: "chat",
    base_url: "https://api-{app_id}.sendbird.com/v3",
};

pub static API_TOKEN: AuthScheme = AuthScheme {
    name: "api_token",
    kind: AuthKind::Header("Api-Token"),
    credential: "api_token",
};

pub static DESK_TOKEN: AuthScheme = AuthScheme {
    name: "desk_api_token",
    kind: AuthKind::Header("SENDBIRDDESKAPITOKEN"),
    credential: "desk_api_token",
};

pub static BASIC: AuthScheme = AuthScheme {
    name: "basic",
    kind: AuthKind::Basic,
    credential: "basic",
};

const fn op(
    name: &'static str,
    method: Method,
    path: &'static str,
    auth: &'static AuthScheme,
) -> Operation {
    Operation {
        service: &CHAT,
        name,
        method,
        path,
        auth,
        rate_limit: None,
        retry_safe: !matches!(method, Method::Post | Method::Patch),
    }
}

pub static VIEW_USER: Operation = op(
    "chat.users.view_user",
    Method::Get,
    "/users/{user_id}",
    &API_TOKEN,
);
pub static LIST_USERS: Operation = op("chat.users.list_users", Method::Get, "/users", &API_TOKEN);
pub static CREATE_USER: Operation =
    op("chat.users.create_user", Method::Post, "/users", &API_TOKEN);
pub static UPDATE_USER: Operation = op(
    "chat.users.update_user",
    Method::Put,
    "/users/{user_id}",
    &API_TOKEN,
);
pub static DELETE_TOKEN: Operation = op(
    "chat.users.unregister_push_token",
    Method::Delete,
    "/users/{user_id}/push/{token_type}/{token}",
    &API_TOKEN,
);
/// A PUT that raises a counter: not safe to repeat (`retry_safe: false` in the spec).
pub static INCREMENT_COUNTER: Operation = Operation {
    retry_safe: false,
    ..op(
        "chat.metadata.update_channel_metacounter",
        Method::Put,
        "/group_channels/{user_id}/metacounter",
        &API_TOKEN,
    )
};
pub static SEND_FILE: Operation = op(
    "chat.messages.send_file",
    Method::Post,
    "/group_channels/{channel_url}/messages",
    &API_TOKEN,
);
pub static DESK_TICKETS: Operation = op(
    "desk.tickets.list_tickets",
    Method::Get,
    "/tickets",
    &DESK_TOKEN,
);
pub static ORG_APPS: Operation = op("org.apps.list_apps", Method::Get, "/applications", &BASIC);

/// Retries quickly so the suite stays fast.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .max_retries(3)
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(20))
        .max_retry_after(Duration::from_millis(20))
}

pub fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder()
        .api_token(TOKEN)
        .base_url("chat", format!("{}/v3", server.uri()))
        .retry_policy(fast_retries())
}

pub fn client(server: &MockServer) -> Client {
    builder(server).build().expect("valid test client")
}

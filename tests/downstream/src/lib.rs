//! A small piece of application code written against `sendbird-platform`'s public API,
//! the way a downstream crate uses it: a client configured once, a user directory on
//! top of the Chat users endpoints, a paginated stream, and errors sorted into what the
//! application does about them.
//!
//! It exists so that a breaking change to the public surface (builder methods, call
//! paths, request setters, response fields, error variants, stream bounds) fails to
//! compile or fails its tests.

#![deny(missing_docs)]

pub mod service;

use std::time::Duration;

use futures::{Stream, TryStreamExt};
use sendbird_platform::generated::chat::types::User;
use sendbird_platform::{Client, Error, ErrorCode, RequestOptions, RetryPolicy};

/// The application's client: its own timeouts, retries and user agent.
pub fn client(app_id: &str, api_token: &str) -> Result<Client, Error> {
    Client::builder()
        .app_id(app_id)
        .api_token(api_token)
        .timeout(Duration::from_secs(5))
        .retry_policy(RetryPolicy::default().max_retries(2))
        .user_agent("downstream-example/0.0")
        .build()
}

/// Users of one Sendbird application.
#[derive(Debug, Clone)]
pub struct Directory {
    client: Client,
}

impl Directory {
    /// A directory backed by `client`.
    pub fn new(client: Client) -> Self {
        Directory { client }
    }

    /// The user, or `None` when Sendbird doesn't know them.
    pub async fn find(&self, user_id: &str) -> Result<Option<User>, Error> {
        match self.client.chat().users().view_user(user_id).send().await {
            Ok(user) => Ok(Some(user)),
            Err(e) if e.code() == Some(ErrorCode::NotFound) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Creates a user without a profile image.
    pub async fn register(&self, user_id: &str, nickname: &str) -> Result<User, Error> {
        self.client
            .chat()
            .users()
            .create_user(user_id, nickname, "")
            .send()
            .await
    }

    /// Renames a user, giving up quickly: this runs in a request handler.
    pub async fn rename(&self, user_id: &str, nickname: &str) -> Result<User, Error> {
        let quick = RequestOptions::default()
            .timeout(Duration::from_secs(2))
            .retry_policy(RetryPolicy::none());
        self.client
            .chat()
            .users()
            .update_user(user_id)
            .nickname(nickname)
            .options(quick)
            .send()
            .await
    }

    /// Every user, page after page, as a stream that can be moved to another task.
    pub fn all(&self) -> impl Stream<Item = Result<User, Error>> + Send + Unpin + 'static {
        self.client
            .chat()
            .users()
            .list_users()
            .limit(100)
            .into_stream()
    }

    /// The nicknames of every user (user ids for users without one).
    pub async fn nicknames(&self) -> Result<Vec<String>, Error> {
        self.all()
            .map_ok(|u| u.nickname.filter(|n| !n.is_empty()).unwrap_or(u.user_id))
            .try_collect()
            .await
    }
}

/// What the application does about a failed call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Tell the caller the input was wrong; nothing was sent.
    FixInput(String),
    /// Page the operator: the client is misconfigured.
    FixConfiguration(String),
    /// Try again later, after this long if the server said.
    RetryLater(Option<Duration>),
    /// The thing asked for doesn't exist.
    NotFound,
    /// Report it.
    Report(String),
}

/// Sorts an error into an [`Action`].
pub fn action(error: &Error) -> Action {
    match error {
        Error::InvalidRequest { message, .. } => Action::FixInput(message.clone()),
        Error::MissingCredentials { credential, .. } => {
            Action::FixConfiguration(format!("missing credential {credential}"))
        }
        Error::Configuration { message } => Action::FixConfiguration(message.clone()),
        Error::RateLimited { retry_after, .. } => Action::RetryLater(*retry_after),
        Error::Api {
            code: Some(ErrorCode::NotFound),
            ..
        } => Action::NotFound,
        e if e.is_retryable() => Action::RetryLater(None),
        Error::Api {
            status, message, ..
        } => Action::Report(format!("HTTP {status}: {message}")),
        Error::Decode { path, .. } => Action::Report(format!("unexpected response at {path}")),
        other => Action::Report(other.to_string()),
    }
}

//! A typed client for Sendbird's Platform APIs: Chat, Desk, Calls and Live.
//!
//! Every endpoint is a method reached from one [`Client`], grouped by product and area
//! (`client.chat().users().view_user("alice")`), that returns a request builder: required
//! inputs are arguments (see [Required inputs](#required-inputs)), optional ones are
//! builder methods,
//! and `.send().await` returns the typed response or an [`Error`]. Each operation's
//! builder (such as `ViewUserRequest`) is the generic [`Call`] holding that operation's
//! inputs: the setters are the operation's own, while `send`, `send_with_metadata`,
//! `options` and, on paginated lists, `into_stream` and `into_pages` are [`Call`]'s. The
//! full list of
//! operations, with their HTTP method, path and Sendbird doc page, is `ENDPOINTS.md` at
//! the root of this crate.
//!
//! # Quickstart
//!
//! ```toml
//! [dependencies]
//! sendbird-platform = { path = "../generated-client" }   # or a git dependency
//! tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
//! futures = "0.3"
//! ```
//!
//! ```no_run
//! use futures::TryStreamExt;
//! use sendbird_platform::{Client, Error, ErrorCode};
//!
//! #[tokio::main]
//! async fn main() -> Result<(), Error> {
//!     // Built once and cloned freely; clones share one connection pool.
//!     let client = Client::builder()
//!         .app_id("YOUR-APP-ID")
//!         .api_token(std::env::var("SENDBIRD_API_TOKEN").unwrap_or_default())
//!         .build()?;
//!
//!     // `user_id` is an argument; optional inputs are builder methods.
//!     let user = client
//!         .chat()
//!         .users()
//!         .view_user("alice")
//!         .include_unread_count(true)
//!         .send()
//!         .await?;
//!     println!("{} {:?}", user.user_id, user.nickname);
//!
//!     // A paginated list as a stream of items; the cursor is followed for you.
//!     let mut users = client.chat().users().list_users().limit(100).into_stream();
//!     while let Some(user) = users.try_next().await? {
//!         println!("{}", user.user_id);
//!     }
//!
//!     // Sendbird's error body becomes `Error::Api`, with its code as an enum.
//!     match client.chat().users().view_user("nobody").send().await {
//!         Err(e) if e.code() == Some(ErrorCode::NotFound) => println!("no such user"),
//!         Err(e) => return Err(e),
//!         Ok(user) => println!("found {}", user.user_id),
//!     }
//!     Ok(())
//! }
//! ```
//!
//! The crate's `examples/` run the same steps without an account (they answer from an
//! in-process mock server when `SENDBIRD_APP_ID` and `SENDBIRD_API_TOKEN` are unset):
//! `cargo run -p sendbird-platform --example quickstart`, and `pagination`,
//! `error_handling`, `multipart_upload`.
//!
//! # Required inputs
//!
//! Path parameters, required query parameters, headers and body fields, and required
//! file parts are arguments of the operation's method, in that order (path parameters in
//! path order, the others in the spec's order, file parts last), so a call that leaves
//! one out does not compile. Creating a user takes its id, nickname and profile URL; whether to issue an
//! access token is optional:
//!
//! ```no_run
//! # async fn example(client: sendbird_platform::Client) -> Result<(), sendbird_platform::Error> {
//! let user = client
//!     .chat()
//!     .users()
//!     .create_user("alice", "Alice", "")
//!     .issue_access_token(true)
//!     .send()
//!     .await?;
//! # let _ = user;
//! # Ok(())
//! # }
//! ```
//!
//! Without its required inputs, the call is a compile error rather than a refusal at
//! send time:
//!
//! ```compile_fail,E0061
//! # async fn example(client: sendbird_platform::Client) -> Result<(), sendbird_platform::Error> {
//! let user = client.chat().users().create_user().send().await?;
//! # let _ = user;
//! # Ok(())
//! # }
//! ```
//!
//! Required query parameters and headers are arguments too (the statistics'
//! `start_month` and `end_month`, for one), after the path parameters and before the
//! body's fields.
//!
//! # Feature flags
//!
//! | feature | default | what it adds |
//! |---|---|---|
//! | `chat` | yes | the Chat Platform API v3 ([`Client::chat`]) and the Organization API ([`Client::organization`]) |
//! | `desk` | yes | the Desk Platform API v1 (`Client::desk`) |
//! | `calls` | yes | the Calls Platform API v1 (`Client::calls`) |
//! | `live` | yes | the Live Platform API v1 (`Client::live`) |
//! | `webhooks` | no | the `webhooks` module: signature checks and typed webhook event payloads |
//! | `mock` | no | the `mock` module: typed stubs of every operation on a loopback mock server, for tests |
//! | `cli` | no | the `sendbird` command-line client |
//!
//! Turn off the default features to compile only the products you use:
//! `default-features = false, features = ["chat"]`.
//!
//! # Credentials
//!
//! Each product has its own credential type on the builder, so a Desk key can't be sent
//! to Chat: [`ClientBuilder::api_token`] (Chat, Calls, Live),
//! [`ClientBuilder::desk_api_token`], [`ClientBuilder::organization_api_token`] and
//! [`ClientBuilder::basic_auth`]. A call whose credential is missing fails with
//! [`Error::MissingCredentials`] before anything is sent. Credentials never appear in
//! `Debug` output, errors or traces. [`ClientBuilder::base_url`] sends one product's
//! requests elsewhere (a proxy, a local mock server) and makes the app id optional for it.
//!
//! # Errors
//!
//! Every call returns `Result<T, Error>`. The variants say where the failure happened:
//!
//! - before sending, nothing left the machine: [`Error::InvalidRequest`] (a required
//!   query parameter not set, a value out of range, an empty path argument),
//!   [`Error::MissingCredentials`], [`Error::Configuration`];
//! - the server answered with an error: [`Error::Api`] with the HTTP status, Sendbird's
//!   code as an [`ErrorCode`] (with an `Unknown(i64)` fallback) and message;
//!   [`Error::RateLimited`] when rate limiting outlasted the retries;
//! - no usable answer: [`Error::Timeout`], [`Error::Transport`],
//!   [`Error::ResponseTooLarge`], [`Error::Decode`] (with the JSON path of the offending
//!   value and the body's structure, its string values left out);
//! - [`Error::Pagination`] when a listing can't continue.
//!
//! [`Error::code`], [`Error::status`], [`Error::message`], [`Error::retry_after`],
//! [`Error::request_id`], [`Error::headers`], [`Error::is_rate_limited`] and
//! [`Error::is_retryable`] answer the usual questions without a `match`. `Error` is
//! `#[non_exhaustive]`: keep a catch-all arm. Its `Display` names the operation and is
//! meant to be logged as is.
//!
//! # Retries and timeouts
//!
//! Failed attempts are retried with exponential backoff and full jitter (by default up to
//! 3 retries, waits from 200 ms doubling up to 10 s; see [`RetryPolicy`]). Rate limiting
//! (HTTP 429 and Sendbird's rate-limit codes) is retried for every operation; a wait the
//! server asks for is honoured in full when it is at most 1 s
//! ([`RetryPolicy::max_retry_after`]) and fits the time left, and otherwise ends the
//! call at once with [`Error::RateLimited`] and its `retry_after`, so a request handler
//! is never parked behind a long rate-limit wait. Whether an
//! operation is safe to send twice comes from `api-spec/` (`retry_safe`; by default GET,
//! PUT and DELETE): only safe operations are resent after a timeout, a broken connection
//! or a 5xx, and an unsafe one after a 503 only when the server said when. Every call has
//! one deadline ([`RetryPolicy::max_elapsed`], 60 s by default) covering the client-side
//! limiter, attempts and waits; the default timeout is 30 s per attempt (10 s to
//! connect), cut to the time left. Change either for the whole client
//! ([`ClientBuilder::retry_policy`], [`ClientBuilder::timeout`]) or for one request with
//! `.options(..)` and [`RequestOptions`]. [`RateLimiter`] paces requests on the client
//! side. Response bodies are capped ([`ClientBuilder::max_response_bytes`], 32 MiB).
//!
//! ```no_run
//! # async fn demo(client: sendbird_platform::Client) -> Result<(), sendbird_platform::Error> {
//! use std::time::Duration;
//! use sendbird_platform::{RequestOptions, RetryPolicy};
//!
//! let once_and_quickly = RequestOptions::default()
//!     .timeout(Duration::from_secs(2))
//!     .retry_policy(RetryPolicy::none());
//! client.chat().users().delete_user("alice").options(once_and_quickly).send().await?;
//! # Ok(())
//! # }
//! ```
//!
//! # Pagination
//!
//! Listings that page have, besides `.send()` (one page, with its `next` cursor to pass
//! back yourself), `.into_stream()` (every item, fetching the next page when the current
//! one is used up) and `.into_pages()` (every page). Streams are `Send + Unpin + 'static`,
//! stop at the first error, and end with [`Error::Pagination`] if the server hands back a
//! cursor it already gave or a next-page offset that is not a number; `.into_stream()`
//! also stops after 3 empty pages in a row that still carry a cursor. Dropping a stream
//! stops fetching.
//!
//! ```no_run
//! # async fn demo(client: sendbird_platform::Client) -> Result<(), sendbird_platform::Error> {
//! use futures::{StreamExt, TryStreamExt};
//!
//! let first_250: Vec<_> = client
//!     .chat()
//!     .users()
//!     .list_users()
//!     .limit(100)
//!     .into_stream()
//!     .take(250)
//!     .try_collect()
//!     .await?;
//! # let _ = first_250;
//! # Ok(())
//! # }
//! ```
//!
//! # Building a service on the client
//!
//! - [`prelude`]: `use sendbird_platform::prelude::*;` for the client, errors, the
//!   `Result` alias, service handles, product modules and the stream traits; each
//!   product's types are also at short paths ([`chat::User`]).
//! - [`Client::from_env`] / [`ClientBuilder::from_env`]: app id, tokens and base URLs
//!   from the variables in [`ENV_VARS`] (those the command-line client reads).
//! - [`Interceptor`] ([`ClientBuilder::interceptor`], [`ClientBuilder::on_request`],
//!   [`ClientBuilder::on_response`]): see and change every attempt's headers, see every
//!   answer (status, headers, elapsed time, attempt, request id).
//! - [`Client::raw`]: an endpoint the typed API doesn't cover, through the same
//!   credentials, retries, limits, hooks and error mapping.
//! - [`Call::preview`]: what a request will send, without sending it ([`RequestPreview`]
//!   is `Serialize`); requests are `Clone + Send + 'static`, to send later, through
//!   another client if need be ([`Call::with_client`]).
//!
//! # Testing code that uses the client
//!
//! With the `mock` feature, `mock::MockServer` runs a loopback server, gives a client
//! pointed at it, and stubs any operation by the same call path with a typed response
//! or an error: `server.chat().users().view_user("alice").returns(&user).await`. Then
//! assert what was sent with `.requests().await`. See the `mock` module.
//!
//! # How the crate is made
//!
//! The modules under [`generated`] are produced by `cargo xtask codegen` from the YAML
//! description in `api-spec/`; they reach the hand-written runtime (client, credentials,
//! retries, errors, pagination, encoding) only through a hidden module. Response types
//! accept fields and enum values this version doesn't know, and request and response
//! structs are `#[non_exhaustive]`, so new API fields are not breaking changes. An
//! optional response field whose value has the wrong type decodes to `None` (a list
//! keeps its items that fit), and a union value (a message) whose body doesn't decode is
//! its `Unknown` variant with the JSON (`decode_error()` says why), so one odd value
//! never loses a page; a required field missing or of the wrong type is
//! [`Error::Decode`] with its JSON path.

#![deny(missing_docs)]

mod call;
#[cfg(feature = "cli")]
pub mod cli;
mod client;
mod credentials;
mod de;
mod decode;
mod encoding;
mod error;
mod headers;
mod hooks;
mod lenient;
mod limiter;
#[cfg(feature = "mock")]
pub mod mock;
mod operation;
mod options;
mod pagination;
pub mod prelude;
mod raw;
mod request;
mod response;
mod retry;
mod send;
mod ser;
mod types;
#[cfg(feature = "webhooks")]
pub mod webhooks;
mod wire;

/// Code generated from `api-spec/` by `cargo xtask codegen`; do not edit by hand.
///
/// The generator formats its output with prettyplease, so rustfmt must leave it alone
/// (otherwise `cargo fmt` and `cargo xtask codegen --check` would disagree).
#[rustfmt::skip]
pub mod generated;

pub use call::{PreviewBody, RequestPreview};
pub use client::{Client, ClientBuilder, ENV_VARS};
pub use error::{Error, TransportError};
pub use generated::Call;
pub use generated::ErrorCode;
pub use headers::{Headers, REQUEST_ID_HEADERS};
pub use hooks::{AttemptOutcome, Interceptor, OutgoingRequest};
pub use limiter::RateLimiter;
pub use operation::Method;
pub use options::RequestOptions;
pub use pagination::{AnchorValue, Direction, Walk};
pub use raw::RawRequest;
pub use response::{RateLimitInfo, Response};
pub use retry::RetryPolicy;
pub use retry::DEFAULT_MAX_RETRY_AFTER;

// The product modules (`chat`, `desk`, `calls`, `live`, `organization`): each
// service's operation groups and, at the same level, its types, so
// `sendbird_platform::chat::User` is `sendbird_platform::generated::chat::types::User`.
// Generated from `api-spec/` with the service accessors, one per service (a doc comment
// here would be prepended to each module's own docs).
#[allow(unused_imports)] // empty in a build without any product feature
pub use client_accessors::products::*;

/// `Result<T, Error>`, the return type of every call.
pub type Result<T, E = Error> = std::result::Result<T, E>;
pub use types::{Seconds, UnixMillis, UnixSeconds, UploadFile};

/// `Client::chat()` and the other service accessors (and `MockServer`'s), one per
/// service of `api-spec/`. The file is generated beside the modules of [`generated`] but
/// is not one of them: an inherent `impl Client` has to be in this crate's own module
/// tree, and its paths start from here (`super::Client`, `super::generated::...`).
#[rustfmt::skip]
#[path = "generated/client_accessors.rs"]
mod client_accessors;

/// The only door from generated code into the runtime. Not a public API: anything in
/// here may change in any release.
#[doc(hidden)]
pub mod __private {
    pub use crate::__de_struct as de_struct;
    pub use crate::__lenient as lenient_impl;
    pub use crate::__ser_struct as ser_struct;
    pub use crate::__wire_enum as wire_enum;
    pub use crate::call::{send, send_with_metadata, AnchorPaged, Input, Paged};
    #[cfg(feature = "cli")]
    pub use crate::cli::support as cli;
    pub use crate::client::Client;
    pub use crate::de::{de_opt, de_present, de_req, de_skip, FieldSeed, LenientSeed};
    pub use crate::encoding::{QueryValue, WireEnum};
    pub use crate::error::Error;
    pub use crate::lenient::{lenient, lenient_buffered, lenient_scalar, FromJsonScalar, Lenient};
    #[cfg(feature = "mock")]
    pub use crate::mock::{MockOperation, MockServer};
    pub use crate::operation::{AuthKind, AuthScheme, Method, Operation, Redacted, Service};
    pub use crate::options::RequestOptions;
    pub use crate::pagination::{
        paginate_items, paginate_pages, parse_offset, query_value_of_url, walk_items, AnchorValue,
        AnchorWalk, Direction, Paginated, Position, Walk,
    };
    pub use crate::request::Request;
    pub use crate::response::Response;
    pub use crate::ser::{ser_count, ser_opt, ser_req};
    pub use crate::types::{Seconds, UnixMillis, UnixSeconds, UploadFile};
    pub use crate::wire::{
        check_range, deserialize_enum, require, serialize_tagged, union_error, union_tag,
        union_variant, RangeValue,
    };
    pub use futures::Stream;
    pub use serde_json::Value;
    pub use std::borrow::Cow;
    pub use std::collections::BTreeMap;
}

/// The README's examples are compiled as doctests, so they can't drift from the API
/// (with every feature on, as the README's test command runs them).
#[cfg(all(doctest, feature = "mock", feature = "webhooks"))]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;

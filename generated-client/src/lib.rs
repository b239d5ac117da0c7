//! A typed client for Sendbird's Platform APIs (Chat, Desk, Calls and Live).
//!
//! The crate has two halves:
//!
//! - a hand-written runtime (this file and its sibling modules): the [`Client`], its
//!   [`ClientBuilder`], credentials, retries, errors, pagination and wire encoding;
//! - generated modules under [`generated`], produced by `cargo xtask codegen` from the
//!   YAML description in `api-spec/`. They reach the runtime only through the hidden
//!   `__private` module, so everything that is logic stays here, in ordinary tested Rust.
//!
//! ```no_run
//! # async fn demo() -> Result<(), sendbird_platform::Error> {
//! use sendbird_platform::Client;
//!
//! let client = Client::builder()
//!     .app_id("YOUR-APP-ID")
//!     .api_token("your master or secondary API token")
//!     .build()?;
//! # let _ = client;
//! # Ok(())
//! # }
//! ```

#![deny(missing_docs)]

mod client;
mod credentials;
mod decode;
mod encoding;
mod error;
mod operation;
mod options;
mod pagination;
mod request;
mod response;
mod retry;
mod send;
mod types;
mod wire;

/// Code generated from `api-spec/` by `cargo xtask codegen`; do not edit by hand.
///
/// The generator formats its output with prettyplease, so rustfmt must leave it alone
/// (otherwise `cargo fmt` and `cargo xtask codegen --check` would disagree).
#[rustfmt::skip]
pub mod generated;

pub use client::{Client, ClientBuilder};
pub use error::Error;
pub use generated::ErrorCode;
pub use options::RequestOptions;
pub use response::{RateLimitInfo, Response};
pub use retry::RetryPolicy;
pub use types::{UnixMillis, UnixSeconds, UploadFile};

#[cfg(feature = "chat")]
impl Client {
    /// The Chat Platform API v3: users, channels, messages, moderation.
    pub fn chat(&self) -> generated::chat::Chat {
        generated::chat::Chat::from_client(self.clone())
    }
}

/// The only door from generated code into the runtime. Not a public API: anything in
/// here may change in any release.
#[doc(hidden)]
pub mod __private {
    pub use crate::client::Client;
    pub use crate::encoding::{QueryValue, WireEnum};
    pub use crate::error::Error;
    pub use crate::operation::{AuthKind, AuthScheme, Method, Operation, Service};
    pub use crate::options::RequestOptions;
    pub use crate::pagination::{paginate_items, paginate_pages, Paginated};
    pub use crate::request::Request;
    pub use crate::response::Response;
    pub use crate::types::{UnixMillis, UnixSeconds, UploadFile};
    pub use crate::wire::{
        check_range, deserialize_enum, require, union_tag, union_variant, RangeValue,
    };
    pub use futures::Stream;
    pub use serde_json::Value;
    pub use std::collections::BTreeMap;
}

/// The README's examples are compiled as doctests, so they can't drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;

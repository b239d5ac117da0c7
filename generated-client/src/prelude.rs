//! The names most code that calls Sendbird needs, in one import:
//!
//! ```
//! use sendbird_platform::prelude::*;
//!
//! async fn newest_users(client: &Client) -> Result<Vec<String>> {
//!     let users: Vec<chat::User> = client
//!         .chat()
//!         .users()
//!         .list_users()
//!         .limit(10)
//!         .into_stream()
//!         .take(10)
//!         .try_collect()
//!         .await?;
//!     Ok(users.into_iter().map(|user| user.user_id).collect())
//! }
//! ```
//!
//! It brings the [`Client`] and its builder, [`Error`], [`ErrorCode`] and the
//! [`Result`] alias, the per-request settings ([`RequestOptions`], [`RetryPolicy`]),
//! [`Response`] and [`Headers`], [`Method`] (for [`Client::raw`]), the interceptor
//! types, the service handles (`Chat`, `Desk`, ...), the product modules with their
//! types at short paths (`chat::User`, `desk::Ticket`, ...) and, unnamed, the stream
//! extension traits of `futures` (`try_next`, `try_collect`, `take`, ...) that the
//! paginated `into_stream()` and `into_pages()` are used with.

pub use crate::{
    AttemptOutcome, Call, Client, ClientBuilder, Error, ErrorCode, Headers, Interceptor, Method,
    OutgoingRequest, PreviewBody, RawRequest, RequestOptions, RequestPreview, Response, Result,
    RetryPolicy, UnixMillis, UnixSeconds, UploadFile,
};
pub use futures::{StreamExt as _, TryStreamExt as _};

// The service handles (`Chat`, `Desk`, ...) and product modules, one per service of
// `api-spec/`, each behind its cargo feature.
#[allow(unused_imports)] // empty in a build without any product feature
pub use crate::client_accessors::prelude::*;

//! What every operation's request builder shares.
//!
//! The generator emits one generic builder, `Call<I>` (re-exported as
//! [`crate::Call`]), and per operation an input type `I` with its setters. The
//! builder's `send` and `send_with_metadata` come here with the input, so the sending
//! logic is written once for every operation.

use std::borrow::Cow;

use serde::de::DeserializeOwned;

use crate::client::Client;
use crate::decode;
use crate::error::Error;
use crate::operation::Operation;
use crate::options::RequestOptions;
use crate::request::Request;
use crate::response::Response;

/// The inputs of one operation, and how they become a [`Request`]. Implemented by the
/// generated `...Input` types; not meant to be implemented elsewhere.
pub trait Input: Clone + Send + Sync + 'static {
    /// The decoded success body (`()` when the response carries nothing of use).
    type Output: DeserializeOwned + Send + 'static;
    /// The operation's method, path, auth scheme and service.
    const OPERATION: &'static Operation;
    /// `true` when any 2xx body is accepted and dropped (`Output` is `()`).
    const EMPTY: bool = false;
    /// Checks the inputs and writes them into the request.
    fn build(&self, request: &mut Request) -> Result<(), Error>;
}

/// The inputs of a paginated list operation: how to follow its cursor.
pub trait Paged: Input {
    /// One listed item.
    type Item: Send + 'static;
    /// Sets the cursor (or offset) of the next request; an offset that is not a
    /// number is an error (the listing must not silently restart at the first page).
    fn set_cursor(&mut self, cursor: String) -> Result<(), String>;
    /// The cursor of the following page; `None` or empty at the end.
    fn next_cursor(page: &Self::Output) -> Option<Cow<'_, str>>;
    /// The page's items, in order.
    fn into_items(page: Self::Output) -> Vec<Self::Item>;
}

/// The inputs of a list operation that pages around an anchor (see
/// [`Walk`](crate::Walk)): how to move the anchor and read where an item sits.
pub trait AnchorPaged: Input {
    /// One listed item.
    type Item: Send + 'static;
    /// The page's items.
    fn into_items(page: Self::Output) -> Vec<Self::Item>;
    /// Where an item sits: its anchor value and its key.
    fn position(item: &Self::Item) -> crate::pagination::Position;
    /// Asks for `page_size` items (or keeps the limit already set) in `direction` and
    /// none in the other; returns the page size in effect when it is known.
    fn set_direction(
        &mut self,
        direction: crate::pagination::Direction,
        page_size: Option<u32>,
    ) -> Option<u32>;
    /// Anchors the request at `at`, with the items exactly there included.
    fn follow(&mut self, at: i64);
}

fn request<I: Input>(options: RequestOptions, input: &I) -> Result<Request, Error> {
    let mut request = Request::new(I::OPERATION, options);
    input.build(&mut request)?;
    Ok(request)
}

/// Sends an operation's request and decodes the response.
pub async fn send<I: Input>(
    client: Client,
    options: RequestOptions,
    input: I,
) -> Result<I::Output, Error> {
    let request = request(options, &input)?;
    drop(input);
    if I::EMPTY {
        client.send_empty(request).await?;
        // `Output` is `()`, which JSON `null` decodes to.
        decode::json(b"null", I::OPERATION.name)
    } else {
        client.send_json(request).await
    }
}

/// Like [`send`], keeping the status, headers and rate-limit state.
pub async fn send_with_metadata<I: Input>(
    client: Client,
    options: RequestOptions,
    input: I,
) -> Result<Response<I::Output>, Error> {
    let request = request(options, &input)?;
    drop(input);
    if I::EMPTY {
        let response = client.send_empty_with_metadata(request).await?;
        let data = decode::json(b"null", I::OPERATION.name)?;
        Ok(response.map(|()| data))
    } else {
        client.send_json_with_metadata(request).await
    }
}

/// What a request will send, computed from its inputs without sending it: see
/// [`Call::preview`](crate::Call::preview). `Debug` and `Serialize`, for logs, audit
/// trails, golden tests or a queue of work to send later.
///
/// It holds the values as they will be sent, **secret inputs included** (the request
/// builder's own `Debug` shows those as `[redacted]`): treat a serialized preview of a
/// request that carries a token like the token. Header values are left out.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[non_exhaustive]
pub struct RequestPreview {
    /// The operation's dotted name, such as `chat.users.view_user`.
    pub operation: &'static str,
    /// The service (`chat`, `desk`, ...), which selects the base URL and credential.
    pub service: &'static str,
    /// The HTTP method.
    pub method: crate::operation::Method,
    /// The path and query after the service's base URL, percent-encoded as sent
    /// (`/users/ann%20b?include_unread_count=true`).
    pub path_and_query: String,
    /// The names of the headers the request's inputs and options add (values are
    /// left out: they may be credentials).
    pub header_names: Vec<String>,
    /// The body.
    pub body: PreviewBody,
}

/// The body of a [`RequestPreview`].
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum PreviewBody {
    /// No body.
    Empty,
    /// A JSON body.
    Json {
        /// The JSON sent.
        json: serde_json::Value,
    },
    /// A `multipart/form-data` body.
    Multipart {
        /// The text fields, in order.
        fields: Vec<(String, String)>,
        /// The file parts as `(field name, file name)`.
        files: Vec<(String, String)>,
    },
}

impl serde::Serialize for crate::operation::Method {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<I: Input> crate::generated::Call<I> {
    /// The request as it will be sent, computed from the inputs without sending
    /// anything: the same checks as [`send`](crate::Call::send) run first, so an
    /// input that would be refused is the same [`Error::InvalidRequest`] here.
    ///
    /// ```
    /// use sendbird_platform::{Client, Method, PreviewBody};
    ///
    /// let client = Client::builder().app_id("my-app").api_token("abc123").build()?;
    /// let request = client.chat().users().view_user("ann b").include_unread_count(true);
    /// let preview = request.preview()?;
    /// assert_eq!(preview.method, Method::Get);
    /// assert_eq!(preview.path_and_query, "/users/ann%20b?include_unread_count=true");
    /// assert_eq!(preview.body, PreviewBody::Empty);
    /// // `request` is untouched: send it now, or keep it (it is `Clone + Send + 'static`).
    /// # let _ = request;
    /// # Ok::<(), sendbird_platform::Error>(())
    /// ```
    pub fn preview(&self) -> Result<RequestPreview, Error> {
        let mut request = request(self.options.clone(), &self.input)?;
        let prepared = request.prepare()?;
        let body = match prepared.body {
            crate::request::PreparedBody::Empty => PreviewBody::Empty,
            crate::request::PreparedBody::Json(bytes) => PreviewBody::Json {
                json: serde_json::from_slice(&bytes).map_err(|e| {
                    Error::invalid(I::OPERATION.name, format!("the body is not JSON: {e}"))
                })?,
            },
            crate::request::PreparedBody::Multipart { texts, files } => PreviewBody::Multipart {
                fields: texts,
                files: files
                    .into_iter()
                    .map(|(name, file)| (name.to_owned(), file.file_name.clone()))
                    .collect(),
            },
        };
        Ok(RequestPreview {
            operation: I::OPERATION.name,
            service: I::OPERATION.service.name,
            method: I::OPERATION.method,
            path_and_query: prepared.path_and_query,
            header_names: prepared
                .headers
                .keys()
                .map(|name| name.as_str().to_owned())
                .collect(),
            body,
        })
    }

    /// The operation's inputs, as set so far (`Debug` shows them, secrets redacted).
    pub fn input(&self) -> &I {
        &self.input
    }

    /// Sends the same request through another client (another application's
    /// credentials, a mock server in a test): the inputs and options are kept.
    pub fn with_client(mut self, client: &Client) -> Self {
        self.client = client.clone();
        self
    }
}

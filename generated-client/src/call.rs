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

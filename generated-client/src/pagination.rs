//! Streams over cursor-paginated listings.
//!
//! A generated list request implements [`Paginated`]; [`paginate_pages`] then fetches
//! one page at a time, following the `next` (or `token`) cursor until the server
//! returns none. Only the current page is held in memory, plus the set of cursors
//! already used. Three guards end the stream with [`Error::Pagination`] instead of
//! looping or silently starting over: a cursor handed back twice, more than
//! [`MAX_EMPTY_PAGES`] empty pages in a row that still carry a cursor, and a next-page
//! offset that is not a number.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::future::Future;

use futures::stream::{self, Stream, TryStreamExt};

use crate::error::Error;

/// A list request that can be repeated with a cursor.
pub trait Paginated: Clone + Send + Sync + Sized + 'static {
    /// One page of the response.
    type Page: Send + 'static;
    /// One listed item.
    type Item: Send + 'static;

    /// Sets the cursor for the next request; `Err` says why the cursor can't be used.
    fn set_cursor(&mut self, cursor: String) -> Result<(), String>;

    /// Sends the request for the current cursor.
    fn fetch(&self) -> impl Future<Output = Result<Self::Page, Error>> + Send + 'static;

    /// The cursor of the following page; `None` or empty at the end. Cursor-style
    /// lists borrow it from the page; offset-style lists compute it.
    fn next_cursor(page: &Self::Page) -> Option<Cow<'_, str>>;

    /// The page's items, in order.
    fn into_items(page: Self::Page) -> Vec<Self::Item>;

    /// The name used in pagination errors; the Rust type name unless overridden.
    fn operation_name() -> &'static str {
        std::any::type_name::<Self>()
    }
}

/// How many pages in a row may be empty while still carrying a next cursor; the next
/// one ends the stream with [`Error::Pagination`] (a server handing out fresh cursors
/// with nothing in them would otherwise be followed forever).
pub const MAX_EMPTY_PAGES: u32 = 3;

enum State<P> {
    Fetch {
        request: P,
        seen: BTreeSet<String>,
        empty_in_a_row: u32,
    },
    Stop(String),
    Done,
}

/// The next-page offset of an offset-paginated list, as a number.
pub fn parse_offset<T: std::str::FromStr>(cursor: &str) -> Result<T, String> {
    cursor.trim().parse().map_err(|_| {
        format!("the next-page offset {cursor:?} is not a whole number; stopping instead of starting over at the first page")
    })
}

/// Streams pages, following cursors until the last page.
pub fn paginate_pages<P: Paginated>(
    request: P,
) -> impl Stream<Item = Result<P::Page, Error>> + Send + Unpin + 'static {
    paginate::<P, P::Page>(request, |page| (page, None))
}

/// Streams the items of every page, in order.
pub fn paginate_items<P: Paginated>(
    request: P,
) -> impl Stream<Item = Result<P::Item, Error>> + Send + Unpin + 'static {
    paginate::<P, Vec<P::Item>>(request, |page| {
        let items = P::into_items(page);
        let empty = items.is_empty();
        (items, Some(empty))
    })
    .map_ok(|items| stream::iter(items.into_iter().map(Ok)))
    .try_flatten()
}

/// The page loop. `split` turns a fetched page into what the stream yields and, when
/// it knows, whether the page held no items.
fn paginate<P: Paginated, T: Send + 'static>(
    request: P,
    split: fn(P::Page) -> (T, Option<bool>),
) -> impl Stream<Item = Result<T, Error>> + Send + Unpin + 'static {
    let start = State::Fetch {
        request,
        seen: BTreeSet::new(),
        empty_in_a_row: 0,
    };
    // Boxed so the stream is `Unpin`: callers can use `try_next()` without pinning.
    Box::pin(stream::unfold(start, move |state| async move {
        let (mut request, mut seen, empty_in_a_row) = match state {
            State::Fetch {
                request,
                seen,
                empty_in_a_row,
            } => (request, seen, empty_in_a_row),
            State::Stop(message) => {
                let error = Error::Pagination {
                    operation: P::operation_name(),
                    message,
                };
                return Some((Err(error), State::Done));
            }
            State::Done => return None,
        };
        let page = match request.fetch().await {
            Ok(page) => page,
            Err(error) => return Some((Err(error), State::Done)),
        };
        let next = P::next_cursor(&page).map(|c| c.into_owned());
        let (out, empty) = split(page);
        let empty_in_a_row = if empty == Some(true) {
            empty_in_a_row + 1
        } else {
            0
        };
        let next = match next.as_deref() {
            None | Some("") => State::Done,
            Some(cursor) if seen.contains(cursor) => State::Stop(format!(
                "the server returned the cursor {cursor:?} a second time; stopping to avoid an endless loop"
            )),
            Some(_) if empty_in_a_row >= MAX_EMPTY_PAGES => State::Stop(format!(
                "{empty_in_a_row} pages in a row were empty but still had a next cursor; stopping to avoid an endless loop"
            )),
            Some(cursor) => {
                seen.insert(cursor.to_owned());
                match request.set_cursor(cursor.to_owned()) {
                    Ok(()) => State::Fetch {
                        request,
                        seen,
                        empty_in_a_row,
                    },
                    Err(message) => State::Stop(message),
                }
            }
        };
        Some((Ok(out), next))
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::StreamExt;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    /// A page: the cursor that fetches it, its items, the next cursor.
    type FakePage = (&'static str, Vec<u32>, Option<&'static str>);

    #[derive(Clone)]
    struct Fake {
        cursor: String,
        pages: Arc<Vec<FakePage>>,
        fetches: Arc<AtomicUsize>,
    }

    impl Paginated for Fake {
        type Page = (Vec<u32>, Option<String>);
        type Item = u32;

        fn set_cursor(&mut self, cursor: String) -> Result<(), String> {
            self.cursor = cursor;
            Ok(())
        }

        fn fetch(&self) -> impl Future<Output = Result<Self::Page, Error>> + Send + 'static {
            self.fetches.fetch_add(1, Ordering::SeqCst);
            let found = self
                .pages
                .iter()
                .find(|(c, _, _)| *c == self.cursor)
                .cloned();
            async move {
                let (_, items, next) = found.expect("test asked for an unknown cursor");
                Ok((items, next.map(str::to_owned)))
            }
        }

        fn next_cursor(page: &Self::Page) -> Option<Cow<'_, str>> {
            page.1.as_deref().map(Cow::Borrowed)
        }

        fn into_items(page: Self::Page) -> Vec<u32> {
            page.0
        }
    }

    fn fake(pages: Vec<FakePage>) -> Fake {
        Fake {
            cursor: String::new(),
            pages: Arc::new(pages),
            fetches: Arc::new(AtomicUsize::new(0)),
        }
    }

    #[tokio::test]
    async fn items_follow_cursors_until_an_empty_one() {
        let request = fake(vec![
            ("", vec![1, 2], Some("a")),
            ("a", vec![3], Some("b")),
            ("b", vec![4], Some("")),
        ]);
        let items: Vec<u32> = paginate_items(request.clone()).try_collect().await.unwrap();
        assert_eq!(items, [1, 2, 3, 4]);
        assert_eq!(request.fetches.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn a_repeated_cursor_ends_the_stream_with_one_error() {
        let request = fake(vec![("", vec![1], Some("a")), ("a", vec![2], Some("a"))]);
        let results: Vec<_> = paginate_pages(request.clone()).collect().await;
        assert_eq!(results.len(), 3);
        assert!(results[0].is_ok() && results[1].is_ok());
        match &results[2] {
            Err(Error::Pagination { message, operation }) => {
                assert!(message.contains("\"a\""), "{message}");
                assert!(operation.ends_with("Fake"), "{operation}");
            }
            other => panic!("expected a pagination error, got {other:?}"),
        }
        assert_eq!(request.fetches.load(Ordering::SeqCst), 2);
    }
}

/// The value of query parameter `name` in a next-page URL (`?limit=10&offset=20`
/// gives `"20"` for `offset`): offset-paginated APIs return such URLs instead of
/// cursors.
pub fn query_value_of_url<'a>(url: Option<&str>, name: &str) -> Option<Cow<'a, str>> {
    let query = url?.split_once('?')?.1;
    let query = query.split('#').next().unwrap_or(query);
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let key = percent_encoding::percent_decode_str(key)
            .decode_utf8()
            .ok()?;
        (key == name).then(|| {
            let value = percent_encoding::percent_decode_str(value).decode_utf8_lossy();
            Cow::Owned(value.into_owned())
        })
    })
}

#[cfg(test)]
mod url_tests {
    use super::query_value_of_url;

    #[test]
    fn finds_a_parameter_of_a_next_page_url() {
        let url = "https://desk-api-x.sendbird.com/platform/v1/tickets?limit=10&offset=20";
        assert_eq!(
            query_value_of_url(Some(url), "offset").as_deref(),
            Some("20")
        );
        assert_eq!(
            query_value_of_url(Some(url), "limit").as_deref(),
            Some("10")
        );
        assert_eq!(query_value_of_url(Some(url), "page"), None);
        assert_eq!(
            query_value_of_url(Some("/x?a=%2F1"), "a").as_deref(),
            Some("/1")
        );
        assert_eq!(query_value_of_url(Some("no-query"), "offset"), None);
        assert_eq!(query_value_of_url(None, "offset"), None);
    }
}

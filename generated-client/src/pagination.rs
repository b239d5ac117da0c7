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

/// Which way a walk over an anchor-paged list goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// From the anchor towards older items: newest first.
    Backward,
    /// From the anchor towards newer items: oldest first.
    Forward,
}

/// How to stream a list that pages around an anchor (a time or an id, with a count of
/// items before and after it), such as a channel's messages: the direction, the page
/// size and an optional bound. Pass it to the list's `walk`; its `into_stream` is
/// `walk(Walk::backward())`.
///
/// The walk starts at the request's anchor. Each next page is anchored at the last
/// item's time (items exactly at the anchor are asked for again and the ones already
/// yielded are dropped, so items sharing a time are neither lost nor repeated). It ends
/// at a page with nothing new, or at the first item beyond the bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Walk {
    direction: Direction,
    page_size: Option<u32>,
    until: Option<i64>,
}

impl Walk {
    /// Towards older items, newest first.
    pub fn backward() -> Self {
        Walk {
            direction: Direction::Backward,
            page_size: None,
            until: None,
        }
    }

    /// Towards newer items, oldest first.
    pub fn forward() -> Self {
        Walk {
            direction: Direction::Forward,
            ..Walk::backward()
        }
    }

    /// How many items each request asks for (the list's limit in the walk's
    /// direction). Without it, the limit set on the request is used, else the server's
    /// default.
    pub fn page_size(mut self, items: u32) -> Self {
        self.page_size = Some(items);
        self
    }

    /// Ends the walk before the first item past `bound` (in its anchor's unit, such as
    /// [`UnixMillis`](crate::UnixMillis)): older than it walking backward, newer
    /// walking forward. An item exactly at the bound is included.
    pub fn until(mut self, bound: impl AnchorValue) -> Self {
        self.until = Some(bound.to_i64());
        self
    }

    /// The walk's direction.
    pub fn direction(&self) -> Direction {
        self.direction
    }
}

/// A value an anchor-paged list is anchored or limited by: a time or a number.
pub trait AnchorValue: Copy {
    /// As a number (milliseconds or seconds for a time).
    fn to_i64(self) -> i64;
    /// From a number; saturates when out of range.
    fn from_i64(value: i64) -> Self;
}

impl AnchorValue for i64 {
    fn to_i64(self) -> i64 {
        self
    }
    fn from_i64(value: i64) -> Self {
        value
    }
}

macro_rules! anchor_value_int {
    ($($t:ty),*) => {$(
        impl AnchorValue for $t {
            fn to_i64(self) -> i64 {
                i64::try_from(self).unwrap_or(i64::MAX)
            }
            fn from_i64(value: i64) -> Self {
                <$t>::try_from(value).unwrap_or(if value < 0 { <$t>::MIN } else { <$t>::MAX })
            }
        }
    )*};
}
anchor_value_int!(i32, u32, u64);

impl AnchorValue for crate::types::UnixMillis {
    fn to_i64(self) -> i64 {
        self.0
    }
    fn from_i64(value: i64) -> Self {
        Self(value)
    }
}

impl AnchorValue for crate::types::UnixSeconds {
    fn to_i64(self) -> i64 {
        self.0
    }
    fn from_i64(value: i64) -> Self {
        Self(value)
    }
}

/// Where an item of an anchor-paged list sits: its anchor value (its time) and the
/// key that identifies it (its id), when it has them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Position {
    /// The value the next page is anchored at when this item is the last one.
    pub at: Option<i64>,
    /// What tells the item apart from the others at the same anchor value.
    pub key: Option<String>,
}

/// A list request that pages around an anchor; implemented by the generated request
/// builders of such lists.
pub trait AnchorWalk: Clone + Send + Sync + Sized + 'static {
    /// One page of the response.
    type Page: Send + 'static;
    /// One listed item.
    type Item: Send + 'static;
    /// Sends the request for the current anchor.
    fn fetch(&self) -> impl Future<Output = Result<Self::Page, Error>> + Send + 'static;
    /// The page's items.
    fn into_items(page: Self::Page) -> Vec<Self::Item>;
    /// Where an item sits.
    fn position(item: &Self::Item) -> Position;
    /// Asks for `page_size` items (or keeps the request's own limit) in `direction` and
    /// none in the other; returns the page size in effect when it is known.
    fn set_direction(&mut self, direction: Direction, page_size: Option<u32>) -> Option<u32>;
    /// Anchors the next request at `at`, with the items exactly there included.
    fn follow(&mut self, at: i64);
    /// The name used in pagination errors.
    fn operation_name() -> &'static str {
        std::any::type_name::<Self>()
    }
}

struct WalkState<W> {
    request: W,
    walk: Walk,
    limit: Option<u32>,
    /// The anchor value of the last page and the keys of the items yielded there.
    boundary: Option<(i64, BTreeSet<String>)>,
}

enum WalkStep<W> {
    Fetch(WalkState<W>),
    Stop(String),
    Done,
}

/// Streams the items of an anchor-paged list in the walk's order; see [`Walk`].
pub fn walk_items<W: AnchorWalk>(
    mut request: W,
    walk: Walk,
) -> impl Stream<Item = Result<W::Item, Error>> + Send + Unpin + 'static {
    let limit = request.set_direction(walk.direction, walk.page_size);
    let start = WalkStep::Fetch(WalkState {
        request,
        walk,
        limit,
        boundary: None,
    });
    Box::pin(
        stream::unfold(start, |step| async move {
            let mut state = match step {
                WalkStep::Fetch(state) => state,
                WalkStep::Stop(message) => {
                    let error = Error::Pagination {
                        operation: W::operation_name(),
                        message,
                    };
                    return Some((Err(error), WalkStep::Done));
                }
                WalkStep::Done => return None,
            };
            let page = match state.request.fetch().await {
                Ok(page) => page,
                Err(error) => return Some((Err(error), WalkStep::Done)),
            };
            let (items, next) = walk_page::<W>(&mut state, W::into_items(page));
            let next = match next {
                Next::Continue => WalkStep::Fetch(state),
                Next::End => WalkStep::Done,
                Next::Stop(message) => WalkStep::Stop(message),
            };
            Some((Ok(items), next))
        })
        .map_ok(|items| stream::iter(items.into_iter().map(Ok)))
        .try_flatten(),
    )
}

enum Next {
    Continue,
    End,
    Stop(String),
}

/// Orders one page in the walk's direction, drops the items already yielded, applies
/// the bound and moves the anchor; returns the items to yield and what comes next.
fn walk_page<W: AnchorWalk>(state: &mut WalkState<W>, items: Vec<W::Item>) -> (Vec<W::Item>, Next) {
    let fetched = items.len();
    let backward = state.walk.direction == Direction::Backward;
    let mut items: Vec<(Position, W::Item)> = items
        .into_iter()
        .map(|item| (W::position(&item), item))
        .collect();
    // Stable, so items at one anchor value keep the server's (oldest first) order;
    // walking backward turns the whole page around.
    items.sort_by_key(|(p, _)| p.at);
    if backward {
        items.reverse();
    }
    if let Some((at, keys)) = &state.boundary {
        items.retain(|(p, _)| {
            !(p.at == Some(*at) && p.key.as_ref().is_some_and(|k| keys.contains(k)))
        });
    }
    if items.is_empty() {
        // Nothing new. A full page of repeats means more items share one anchor value
        // than a page holds: the walk can't get past them.
        return match (state.limit, &state.boundary) {
            (Some(limit), Some((at, _))) if fetched > 0 && fetched >= limit as usize => (
                Vec::new(),
                Next::Stop(format!(
                    "more than {fetched} items share the anchor value {at}, more than a page holds; walk with a larger page size"
                )),
            ),
            _ => (Vec::new(), Next::End),
        };
    }
    let mut end = false;
    if let Some(bound) = state.walk.until {
        let beyond = |at: i64| if backward { at < bound } else { at > bound };
        if let Some(cut) = items.iter().position(|(p, _)| p.at.is_some_and(beyond)) {
            items.truncate(cut);
            end = true;
        }
    }
    if !end {
        let Some(at) = items.iter().rev().find_map(|(p, _)| p.at) else {
            return (
                items.into_iter().map(|(_, item)| item).collect(),
                Next::Stop(
                    "no item of the page says where it sits, so the next page can't be anchored"
                        .into(),
                ),
            );
        };
        let moved = state.boundary.as_ref().map(|(b, _)| *b) != Some(at);
        let (_, keys) = state.boundary.get_or_insert_with(|| (at, BTreeSet::new()));
        if moved {
            keys.clear();
        }
        let before = keys.len();
        for (p, _) in &items {
            if p.at == Some(at) {
                if let Some(key) = &p.key {
                    keys.insert(key.clone());
                }
            }
        }
        if !moved && keys.len() == before {
            return (
                items.into_iter().map(|(_, item)| item).collect(),
                Next::Stop(format!(
                    "the page anchored at {at} brought no item past it; stopping to avoid an endless loop"
                )),
            );
        }
        state.boundary.as_mut().expect("set above").0 = at;
        state.request.follow(at);
    }
    let items = items.into_iter().map(|(_, item)| item).collect();
    (items, if end { Next::End } else { Next::Continue })
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
mod walk_tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    /// A server of `(time, id)` items listed like Sendbird's messages: up to `before`
    /// items older than the anchor, the items at the anchor when `include`, and up to
    /// `after` newer ones, oldest first.
    #[derive(Clone)]
    struct Fake {
        items: Arc<Vec<(i64, i64)>>,
        anchor: i64,
        include: bool,
        /// Whether the items at the anchor count towards `before` (the page is then
        /// the last `before` items at or older than the anchor).
        include_counts: bool,
        before: Option<u32>,
        after: Option<u32>,
        fetches: Arc<AtomicUsize>,
    }

    impl AnchorWalk for Fake {
        type Page = Vec<(i64, i64)>;
        type Item = (i64, i64);

        fn fetch(&self) -> impl Future<Output = Result<Self::Page, Error>> + Send + 'static {
            self.fetches.fetch_add(1, Ordering::SeqCst);
            let (before, after) = (self.before.unwrap_or(15), self.after.unwrap_or(15));
            let older: Vec<_> = self
                .items
                .iter()
                .filter(|i| i.0 < self.anchor || (self.include_counts && i.0 == self.anchor))
                .copied()
                .collect();
            let mut page: Vec<_> = older[older.len().saturating_sub(before as usize)..].to_vec();
            if self.include && !self.include_counts {
                page.extend(self.items.iter().filter(|i| i.0 == self.anchor));
            }
            page.extend(
                self.items
                    .iter()
                    .filter(|i| i.0 > self.anchor)
                    .take(after as usize),
            );
            async move { Ok(page) }
        }
        fn into_items(page: Self::Page) -> Vec<Self::Item> {
            page
        }
        fn position(item: &Self::Item) -> Position {
            Position {
                at: Some(item.0),
                key: Some(item.1.to_string()),
            }
        }
        fn set_direction(&mut self, direction: Direction, page_size: Option<u32>) -> Option<u32> {
            let (ahead, behind) = match direction {
                Direction::Backward => (&mut self.before, &mut self.after),
                Direction::Forward => (&mut self.after, &mut self.before),
            };
            if page_size.is_some() {
                *ahead = page_size;
            }
            *behind = Some(0);
            *ahead
        }
        fn follow(&mut self, at: i64) {
            self.anchor = at;
            self.include = true;
        }
    }

    fn fake(items: Vec<(i64, i64)>, anchor: i64) -> Fake {
        Fake {
            items: Arc::new(items),
            anchor,
            include: true,
            include_counts: false,
            before: None,
            after: None,
            fetches: Arc::new(AtomicUsize::new(0)),
        }
    }

    fn ids(items: &[(i64, i64)]) -> Vec<i64> {
        items.iter().map(|i| i.1).collect()
    }

    fn seven() -> Vec<(i64, i64)> {
        vec![
            (10, 1),
            (20, 2),
            (20, 3),
            (30, 4),
            (40, 5),
            (40, 6),
            (50, 7),
        ]
    }

    #[tokio::test]
    async fn backward_yields_newest_first_once_each_across_shared_times() {
        let request = fake(seven(), 1_000);
        let items: Vec<_> = walk_items(request.clone(), Walk::backward().page_size(2))
            .try_collect()
            .await
            .unwrap();
        // The server lists each page oldest first; the walk turns it around.
        assert_eq!(ids(&items), [7, 6, 5, 4, 3, 2, 1]);
        // Pages: [6,7]; at 40: [3,4,5,6] (6 again); at 20: [1,2,3] (3 again); at 10:
        // [1], nothing new: the end.
        assert_eq!(request.fetches.load(Ordering::SeqCst), 4);
    }

    #[tokio::test]
    async fn forward_yields_oldest_first_and_stops_at_the_bound() {
        let request = fake(seven(), 0);
        let items: Vec<_> = walk_items(request.clone(), Walk::forward().page_size(3).until(40i64))
            .try_collect()
            .await
            .unwrap();
        assert_eq!(ids(&items), [1, 2, 3, 4, 5, 6]);
        // [1,2,3]; at 20: [2,3,4,5,6]; at 40: [5,6,7], where 7 is past the bound: the
        // end, without a fourth request.
        assert_eq!(request.fetches.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn a_bound_before_the_first_item_yields_nothing() {
        let request = fake(seven(), 1_000);
        let items: Vec<_> = walk_items(request.clone(), Walk::backward().until(60i64))
            .try_collect()
            .await
            .unwrap();
        assert!(items.is_empty());
        assert_eq!(request.fetches.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn more_items_at_one_time_than_a_page_holds_end_with_an_error() {
        let items = vec![(10, 1), (20, 2), (20, 3), (20, 4), (30, 5)];
        let request = Fake {
            include_counts: true,
            ..fake(items, 1_000)
        };
        let results: Vec<_> = walk_items(request.clone(), Walk::backward().page_size(2))
            .collect::<Vec<_>>()
            .await;
        let yielded: Vec<i64> = results
            .iter()
            .filter_map(|r| r.as_ref().ok())
            .map(|i| i.1)
            .collect();
        // [4,5]; at 20: [3,4] (4 again); at 20: [3,4] again, a full page of repeats.
        assert_eq!(yielded, [5, 4, 3]);
        assert_eq!(request.fetches.load(Ordering::SeqCst), 3);
        match results.last() {
            Some(Err(Error::Pagination { message, .. })) => {
                assert!(message.contains("share the anchor value 20"), "{message}")
            }
            other => panic!("expected a pagination error, got {other:?}"),
        }
    }

    use futures::{StreamExt, TryStreamExt};
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

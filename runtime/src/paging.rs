//! Streaming every item of an offset/limit listing, page by page.

use std::collections::VecDeque;
use std::future::Future;

pub use futures_core::Stream;

use super::error::{Error, PagingError};

/// One page as the listing returned it.
#[derive(Debug, Clone)]
pub struct Page<T> {
    /// The page's items.
    pub items: Vec<T>,
    /// The total the server reported, when it did.
    pub total: Option<i64>,
}

struct State<F, T> {
    fetch: F,
    offset: i32,
    limit: i32,
    pages: usize,
    max_pages: usize,
    buffer: VecDeque<T>,
    previous: Vec<T>,
    done: bool,
}

/// Every item of a listing: fetch pages of `limit` items from offset `start` on, until a page is
/// empty or short, or the reported `total` is reached. A server that does not advance cannot
/// loop the caller: a page equal to the one before it ends the stream with
/// [`PagingError::Repeated`], and after `max_pages` pages it ends with
/// [`PagingError::TooManyPages`]. An error from a page ends the stream after it is yielded.
pub fn paginate<T, F, Fut>(
    operation: &'static str,
    start: i32,
    limit: i32,
    max_pages: usize,
    fetch: F,
) -> impl Stream<Item = Result<T, Error>>
where
    T: PartialEq + Clone,
    F: FnMut(i32, i32) -> Fut,
    Fut: Future<Output = Result<Page<T>, Error>>,
{
    let state = State {
        fetch,
        offset: start,
        limit,
        pages: 0,
        max_pages,
        buffer: VecDeque::new(),
        previous: Vec::new(),
        done: false,
    };
    futures_util::stream::unfold(state, move |mut s| async move {
        loop {
            if let Some(item) = s.buffer.pop_front() {
                return Some((Ok(item), s));
            }
            if s.done {
                return None;
            }
            if s.pages >= s.max_pages {
                s.done = true;
                let e = Error::Paging {
                    operation,
                    kind: PagingError::TooManyPages { max_pages: s.max_pages },
                };
                return Some((Err(e), s));
            }
            s.pages += 1;
            let page = match (s.fetch)(s.offset, s.limit).await {
                Ok(p) => p,
                Err(e) => {
                    s.done = true;
                    return Some((Err(e), s));
                }
            };
            if !page.items.is_empty() && page.items == s.previous {
                s.done = true;
                let e =
                    Error::Paging { operation, kind: PagingError::Repeated { offset: s.offset } };
                return Some((Err(e), s));
            }
            let n = page.items.len();
            let next = i32::try_from(n).ok().and_then(|n| s.offset.checked_add(n));
            let reached_total = match (page.total, next) {
                (Some(total), Some(next)) => i64::from(next) >= total,
                _ => false,
            };
            if n == 0
                || n < usize::try_from(s.limit).unwrap_or(usize::MAX)
                || reached_total
                || next.is_none()
            {
                s.done = true;
            }
            s.offset = next.unwrap_or(i32::MAX);
            s.previous.clone_from(&page.items);
            s.buffer.extend(page.items);
        }
    })
}

//! The response cache's store: anonymous answers kept whole by what they depend on ([`Key`]),
//! bounded by their bytes, each made once however many ask for it at once (moka's single
//! flight). The layer that uses it, and what it may keep, is [`crate::kit::responses`]; this
//! file imports nothing of the kit, so [`crate::kit::state`] can hold it.

use std::future::Future;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, LazyLock};

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use sha2::{Digest, Sha256};

/// The cache's size: the bytes of the answers it keeps (64 MB).
pub const DEFAULT_CAPACITY_BYTES: u64 = 64 * 1024 * 1024;

/// A larger answer is served but not kept (an export of the whole country).
const MAX_ENTRY_BYTES: usize = 8 * 1024 * 1024;

/// The response cache of one instance: off, or answers by [`Key`].
#[derive(Clone)]
pub struct ResponseCache {
    entries: Option<moka::future::Cache<Key, Arc<Kept>>>,
    /// The newest data version this instance has seen: when it moves, what was kept for older
    /// ones goes (it could never be asked for again).
    newest: Arc<AtomicI64>,
    /// Answers given from the cache (or from another request's making of the same), and answers
    /// made: for `/metrics`.
    hits: Arc<AtomicU64>,
    misses: Arc<AtomicU64>,
}

/// How the cache has fared since the start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheStats {
    pub hits: u64,
    pub misses: u64,
    /// Answers kept now, and their bytes.
    pub entries: u64,
    pub bytes: u64,
}

impl ResponseCache {
    /// A cache of at most `capacity_bytes`, or none when `on` is false.
    pub fn new(on: bool, capacity_bytes: u64) -> ResponseCache {
        let entries = on.then(|| {
            moka::future::Cache::builder()
                .max_capacity(capacity_bytes)
                .weigher(|key: &Key, kept: &Arc<Kept>| {
                    u32::try_from(key.target.len() + kept.weight()).unwrap_or(u32::MAX)
                })
                .build()
        });
        ResponseCache {
            entries,
            newest: Arc::new(AtomicI64::new(i64::MIN)),
            hits: Arc::new(AtomicU64::new(0)),
            misses: Arc::new(AtomicU64::new(0)),
        }
    }

    /// Its hits and misses so far and what it keeps now; `None` when it is off.
    pub fn stats(&self) -> Option<CacheStats> {
        let entries = self.entries.as_ref()?;
        Some(CacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            entries: entries.entry_count(),
            bytes: entries.weighted_size(),
        })
    }

    /// The answer for `key`: kept, or made by `make` (once, however many ask at once) and kept
    /// if it may be. When the one made for others may not be kept (it sets a cookie, say), each
    /// waiting request makes its own.
    pub async fn answer<F, Fut>(&self, key: Key, make: F) -> Response
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Response>,
    {
        let Some(entries) = &self.entries else {
            return make().await;
        };
        self.move_to(key.version);
        let mut pending = Some(make);
        let mut own = None;
        let got = entries
            .try_get_with(key, async {
                let Some(make) = pending.take() else { return Err(NotKept) };
                match keep(make().await).await {
                    Ok(kept) => Ok(Arc::new(kept)),
                    Err(response) => {
                        own = Some(response);
                        Err(NotKept)
                    }
                }
            })
            .await;
        // This request made nothing: the answer was kept, or made by another asking at once.
        let counter = if pending.is_some() { &self.hits } else { &self.misses };
        counter.fetch_add(1, Ordering::Relaxed);
        match (got, own, pending) {
            (Ok(kept), _, _) => kept.response(),
            (Err(_), Some(response), _) => response,
            (Err(_), None, Some(make)) => make().await,
            (Err(_), None, None) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        }
    }

    /// Forgets what was kept for versions before `version`.
    fn move_to(&self, version: i64) {
        let before = self.newest.fetch_max(version, Ordering::AcqRel);
        if before < version
            && let Some(entries) = &self.entries
        {
            entries.invalidate_all();
        }
    }
}

/// What an anonymous answer depends on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Key {
    pub version: i64,
    /// Today in Stockholm, as the pages and as the store see it (the same but in tests that move
    /// the store's clock).
    pub today: (NaiveDate, NaiveDate),
    /// The address with its query, as asked.
    pub target: String,
    /// HSTS goes with an answer over HTTPS.
    pub https: bool,
    /// The answer is kept compressed as it was sent.
    pub accept_encoding: Option<HeaderValue>,
}

impl Key {
    /// The weak tag: the build, the data version, the day, the address (and that the view is
    /// the anonymous one). Not the encoding: a weak tag names the content, not its bytes.
    pub fn etag(&self) -> String {
        let mut hash = Sha256::new();
        for part in [BUILD.as_str(), "anonym", &self.version.to_string(), &self.today.0.to_string()] {
            hash.update(part.as_bytes());
            hash.update([0]);
        }
        hash.update(self.today.1.to_string().as_bytes());
        hash.update([0]);
        hash.update(self.target.as_bytes());
        format!("W/\"{}\"", hex::encode(&hash.finalize()[..16]))
    }
}

/// An answer kept: status 200, its headers (its tag among them) and its body.
pub struct Kept {
    headers: HeaderMap,
    body: Bytes,
}

impl Kept {
    fn weight(&self) -> usize {
        self.body.len() + self.headers.iter().map(|(k, v)| k.as_str().len() + v.len() + 8).sum::<usize>()
    }

    fn response(&self) -> Response {
        let mut response = Response::new(Body::from(self.body.clone()));
        *response.headers_mut() = self.headers.clone();
        response
    }
}

/// The program's build: a new release answers no tag of the old one with 304. A build id given
/// at compile time (`SAMVERKAN_BUILD_ID`), else the version and the executable's size and time.
static BUILD: LazyLock<String> = LazyLock::new(|| {
    let mut id = env!("CARGO_PKG_VERSION").to_owned();
    if let Some(build) = option_env!("SAMVERKAN_BUILD_ID") {
        id.push_str(build);
    } else if let Ok(meta) = std::env::current_exe().and_then(std::fs::metadata) {
        let modified =
            meta.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok()).map_or(0, |d| d.as_nanos());
        id.push_str(&format!("-{}-{modified}", meta.len()));
    }
    id
});

/// Why an answer was not kept; the waiting requests then make their own.
#[derive(Debug)]
struct NotKept;

/// Whether an answer is the same for every anonymous caller with this key: 200, no cookie set,
/// not marked `no-store` or `private` by its handler.
pub fn may_keep(response: &Response) -> bool {
    let personal = response
        .headers()
        .get_all(header::CACHE_CONTROL)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|d| d.trim().eq_ignore_ascii_case("no-store") || d.trim().eq_ignore_ascii_case("private"));
    response.status() == StatusCode::OK && !response.headers().contains_key(header::SET_COOKIE) && !personal
}

/// The answer whole, to keep; or the answer back when it may not be kept.
async fn keep(response: Response) -> Result<Kept, Response> {
    if !may_keep(&response) {
        return Err(response);
    }
    let (parts, body) = response.into_parts();
    let body = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(body) => body,
        Err(e) => {
            tracing::warn!(error = %e, "cannot read an answer's body");
            return Err(StatusCode::INTERNAL_SERVER_ERROR.into_response());
        }
    };
    if body.len() > MAX_ENTRY_BYTES {
        return Err(Response::from_parts(parts, Body::from(body)));
    }
    Ok(Kept { headers: parts.headers, body })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use std::sync::atomic::AtomicUsize;

    use super::*;

    fn key(version: i64) -> Key {
        let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        Key { version, today: (day, day), target: "/parter".to_owned(), https: false, accept_encoding: None }
    }

    /// Four requests for one key at once: the first makes the answer while the others wait (the
    /// first holds until it is let go, after all four have asked), then all four get it.
    async fn four_at_once(cache: &ResponseCache, answer: fn() -> Response) -> (usize, Vec<StatusCode>) {
        let made = AtomicUsize::new(0);
        let (go, gate) = tokio::sync::watch::channel(false);
        let ask = || {
            let mut gate = gate.clone();
            let made = &made;
            cache.answer(key(1), move || async move {
                made.fetch_add(1, Ordering::SeqCst);
                let _ = gate.wait_for(|open| *open).await;
                answer()
            })
        };
        let release = async {
            for _ in 0..10 {
                tokio::task::yield_now().await;
            }
            go.send(true).unwrap();
        };
        let (a, b, c, d, ()) = tokio::join!(ask(), ask(), ask(), ask(), release);
        (made.load(Ordering::SeqCst), [a, b, c, d].iter().map(Response::status).collect())
    }

    #[tokio::test]
    async fn many_asking_at_once_for_one_key_make_it_once() {
        let cache = ResponseCache::new(true, DEFAULT_CAPACITY_BYTES);
        let (made, statuses) = four_at_once(&cache, || (StatusCode::OK, "sidan").into_response()).await;
        assert_eq!(made, 1);
        assert!(statuses.iter().all(|s| *s == StatusCode::OK));
        // Kept: a fifth is answered without making it.
        let fifth = cache.answer(key(1), || async { StatusCode::IM_A_TEAPOT.into_response() }).await;
        assert_eq!(fifth.status(), StatusCode::OK);
        // A new data version is another key.
        let next = cache.answer(key(2), || async { StatusCode::IM_A_TEAPOT.into_response() }).await;
        assert_eq!(next.status(), StatusCode::IM_A_TEAPOT);
    }

    #[tokio::test]
    async fn an_answer_that_may_not_be_kept_is_made_by_each_who_asks() {
        let cache = ResponseCache::new(true, DEFAULT_CAPACITY_BYTES);
        let with_cookie = || {
            let mut response = (StatusCode::OK, "formulär").into_response();
            response.headers_mut().insert(header::SET_COOKIE, HeaderValue::from_static("token=1"));
            response
        };
        let (made, statuses) = four_at_once(&cache, with_cookie).await;
        assert_eq!(made, 4, "a cookie is never handed to another");
        assert!(statuses.iter().all(|s| *s == StatusCode::OK));
    }
}

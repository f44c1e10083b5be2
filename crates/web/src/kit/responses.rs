//! Conditional requests and the response cache (issue 16): one layer over every GET, not a
//! concern of any page.
//!
//! An anonymous GET's answer depends on nothing but the data, the day, the address and the
//! build: the data version ([`samverkan_store::Store::data_version`], read from the database on
//! every request, so a write through another instance shows at once), today in Stockholm (an
//! answer changes at midnight; `?at=` is in the address), the address with its query, and the
//! program itself. Those make its weak `ETag`, so `If-None-Match` is answered 304 before anything
//! is read or rendered, and the key of the response cache: a bounded (bytes) in-memory cache
//! filled once per key however many ask at once (moka's single flight).
//!
//! What is left out, and why:
//! - Signed-in callers (a session cookie or a bearer token): never cached, never tagged. Their
//!   answers carry `private, no-store`, so a browser keeps no copy to revalidate; and they hold
//!   more than the data version says (per-session form tokens, the account's own sessions and
//!   tokens, contact details), so keeping them per role and scope would be a guess.
//! - A page that shows what a save said (its cookie): shown once, its answer clears the cookie.
//! - Answers that set a cookie (the sign-in form's token), that the handler marked `no-store` or
//!   `private`, or that are not 200: passed on as they are.
//! - Other methods than GET and HEAD (HEAD is tagged, never kept), and the compiled-in assets
//!   (`/static/`, cached by max-age).
//!
//! The cache sits outside compression: it keeps the bytes as sent, so the key holds the
//! request's `Accept-Encoding` too (the tag does not: a weak tag names the content).

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::kit::cookies::cookie;
use crate::kit::params::today;
use crate::kit::response_cache::{Key, may_keep};
use crate::kit::saved::SAVED_COOKIE;
use crate::kit::state::AppState;
use crate::kit::visitor::SESSION_COOKIE;

/// The layer: `ETag` and 304 on every anonymous GET, and the response cache when it is on.
pub async fn conditional(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let head = request.method() == Method::HEAD;
    if (request.method() != Method::GET && !head)
        || request.uri().path().starts_with("/static/")
        || !anonymous(request.headers())
    {
        return next.run(request).await;
    }
    let version = match state.store.data_version().await {
        Ok(version) => version,
        Err(e) => {
            // The page says what is wrong with the database; nothing is kept meanwhile.
            tracing::warn!(error = %e, "cannot read the data version");
            return next.run(request).await;
        }
    };
    let key = Key {
        version,
        today: (today(), state.store.today()),
        target: request
            .uri()
            .path_and_query()
            .map_or_else(|| request.uri().path().to_owned(), |p| p.as_str().to_owned()),
        https: state.settings.over_https(request.headers()),
        accept_encoding: request.headers().get(header::ACCEPT_ENCODING).cloned(),
    };
    let etag = key.etag();
    let asked = IfNoneMatch::read(request.headers());
    if asked.names(&etag) {
        return not_modified(&etag, None, None);
    }
    // HEAD: the same headers and tag as GET, but its empty body is never kept.
    // The page's cached reads go by the version its tag names.
    let response = if head {
        state.store.answering_at(version, made(next, request, &etag)).await
    } else {
        state.responses.answer(key, || state.store.answering_at(version, made(next, request, &etag))).await
    };
    match response.headers().get(header::ETAG).and_then(|v| v.to_str().ok()) {
        // `*`, or the handler's own (strong) tag: a document's checksum.
        Some(tag) if asked.any || asked.names(tag) => not_modified(
            tag,
            response.headers().get(header::CACHE_CONTROL).cloned(),
            response.headers().get(header::VARY).cloned(),
        ),
        _ => response,
    }
}

/// Whether the request comes from nobody in particular: no token, no session, no saved message.
fn anonymous(headers: &HeaderMap) -> bool {
    !headers.contains_key(header::AUTHORIZATION)
        && cookie(headers, SESSION_COOKIE).is_none()
        && cookie(headers, SAVED_COOKIE).is_none()
}

/// The handler's answer, tagged if it may be.
async fn made(next: Next, request: Request, etag: &str) -> Response {
    let mut response = next.run(request).await;
    if may_keep(&response) && !response.headers().contains_key(header::ETAG) {
        let headers = response.headers_mut();
        if let Ok(value) = HeaderValue::from_str(etag) {
            headers.insert(header::ETAG, value);
        }
        // Caches keep it but ask again each time: the tag makes that cheap.
        if !headers.contains_key(header::CACHE_CONTROL) {
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        }
    }
    response
}

/// 304 with the tag, and what the full answer would say of caching.
fn not_modified(etag: &str, cache_control: Option<HeaderValue>, vary: Option<HeaderValue>) -> Response {
    let mut response = StatusCode::NOT_MODIFIED.into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(etag) {
        headers.insert(header::ETAG, value);
    }
    headers.insert(header::CACHE_CONTROL, cache_control.unwrap_or_else(|| HeaderValue::from_static("no-cache")));
    if let Some(vary) = vary {
        headers.insert(header::VARY, vary);
    }
    response
}

/// `If-None-Match`: a list of tags (weak comparison: `W/` ignored) or `*`.
#[derive(Debug, Default)]
struct IfNoneMatch {
    tags: Vec<String>,
    any: bool,
}

impl IfNoneMatch {
    fn read(headers: &HeaderMap) -> IfNoneMatch {
        let mut asked = IfNoneMatch::default();
        for tag in headers
            .get_all(header::IF_NONE_MATCH)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            if tag == "*" {
                asked.any = true;
            } else {
                asked.tags.push(opaque(tag).to_owned());
            }
        }
        asked
    }

    /// Whether `etag` is among the tags (weakly): `*` is not, it is answered once the answer
    /// is known to exist.
    fn names(&self, etag: &str) -> bool {
        let etag = opaque(etag);
        self.tags.iter().any(|t| t == etag)
    }
}

/// A tag without its weakness: `W/"x"` → `"x"`.
fn opaque(tag: &str) -> &str {
    tag.strip_prefix("W/").unwrap_or(tag)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use chrono::NaiveDate;

    fn key(target: &str, version: i64) -> Key {
        let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        Key { version, today: (day, day), target: target.to_owned(), https: false, accept_encoding: None }
    }

    #[test]
    fn a_tag_changes_with_the_data_the_day_and_the_address_but_not_the_encoding() {
        let base = key("/parter", 7);
        let tag = base.etag();
        assert!(tag.starts_with("W/\"") && tag.ends_with('"'), "{tag}");
        assert_ne!(tag, key("/parter", 8).etag());
        assert_ne!(tag, key("/parter?at=2026-01-01", 7).etag());
        let mut tomorrow = base.clone();
        tomorrow.today.0 = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        assert_ne!(tag, tomorrow.etag());
        let mut gzip = base.clone();
        gzip.accept_encoding = Some(HeaderValue::from_static("gzip"));
        assert_eq!(tag, gzip.etag());
    }

    #[test]
    fn if_none_match_compares_weakly_and_reads_lists_and_a_star() {
        let mut headers = HeaderMap::new();
        headers.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"aa\", W/\"bb\""));
        let asked = IfNoneMatch::read(&headers);
        assert!(asked.names("W/\"aa\"") && asked.names("\"bb\"") && !asked.names("W/\"cc\"") && !asked.any);
        headers.insert(header::IF_NONE_MATCH, HeaderValue::from_static("*"));
        let asked = IfNoneMatch::read(&headers);
        assert!(asked.any && !asked.names("W/\"aa\""));
    }

    #[test]
    fn only_a_plain_200_is_kept() {
        let ok = || (StatusCode::OK, "x").into_response();
        assert!(may_keep(&ok()));
        let mut cookie = ok();
        cookie.headers_mut().insert(header::SET_COOKIE, HeaderValue::from_static("a=b"));
        assert!(!may_keep(&cookie));
        let mut private = ok();
        private.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
        assert!(!may_keep(&private));
        assert!(!may_keep(&(StatusCode::NOT_FOUND, "x").into_response()));
    }
}

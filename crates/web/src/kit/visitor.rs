//! Who is asking: the [`resolve_visitor`] middleware looks the session (cookie) or personal
//! token (`Authorization: Bearer`) up once per request and puts the [`Visitor`] in the
//! request's extensions, where the date and write gates read it. After a one-time password,
//! every page leads to the password page until it is changed. Every answer to a signed-in caller
//! is marked `Cache-Control: private, no-store` (it may hold contact details), unless its
//! handler marked it `public` (the same for everyone: assets, documents).

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use samverkan_store::SessionUser;

pub use crate::kit::cookies::cookie;
use crate::kit::cookies::cookie_header;
use crate::kit::error::{Error, PageError};
use crate::kit::paths::{HEALTH, LOGOUT, PASSWORD};
use crate::kit::saved;
use crate::kit::state::AppState;

/// The session cookie: a random token, stored hashed in `sessions`.
pub const SESSION_COOKIE: &str = "samverkan_session";

/// Who is asking: the signed-in user, if any, and how they proved it. Put in the request's
/// extensions by [`resolve_visitor`].
#[derive(Debug, Clone, Default)]
pub struct Visitor {
    pub user: Option<Arc<SessionUser>>,
    pub credential: Credential,
}

/// How a request proved who it comes from. Pages go by the session cookie (and check a CSRF
/// token on every form); the API goes by a personal token in `Authorization: Bearer`, which a
/// browser never sends on its own, so the API needs no CSRF token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Credential {
    #[default]
    None,
    Session,
    Token,
}

/// Looks the visitor up once per request: a personal token in `Authorization: Bearer` (the
/// API), else the session cookie (pages). A bearer token that is not valid (unknown, revoked, or
/// its account disabled) is refused with 401 rather than treated as anonymous, so a client
/// learns at once that its token no longer works. A session whose password must be changed
/// reaches only the password page (and signing out) until it is.
pub async fn resolve_visitor(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let refuse = |error: Error| if is_api { error.into_response() } else { PageError(error).into_response() };
    let visitor = if let Some(bearer) = bearer_token(request.headers()) {
        match bearer {
            Some(token) => match state.store.token_user(&token).await {
                Ok(Some(user)) => Visitor { user: Some(Arc::new(user)), credential: Credential::Token },
                Ok(None) => return refuse(Error::Unauthorized),
                Err(e) => return refuse(Error::from(e)),
            },
            None => return refuse(Error::Unauthorized),
        }
    } else {
        match cookie(request.headers(), SESSION_COOKIE) {
            Some(token) => match state.store.session_user(&token).await {
                Ok(Some(user)) => Visitor { user: Some(Arc::new(user)), credential: Credential::Session },
                Ok(None) => Visitor::default(),
                Err(e) => return refuse(Error::from(e)),
            },
            None => Visitor::default(),
        }
    };
    let must_change = visitor.credential == Credential::Session
        && visitor.user.as_ref().is_some_and(|u| u.must_change_password)
        && !reachable_before_changing_password(request.uri().path());
    if must_change {
        let mut response = Redirect::to(PASSWORD).into_response();
        keep_private(&mut response);
        return response;
    }
    let signed_in = visitor.user.is_some();
    let contact = visitor.user.as_ref().is_some_and(|u| samverkan_domain::may_read_restricted(&u.grants));
    request.extensions_mut().insert(visitor);
    // What a save said is shown by the page that follows it (a GET of a page), then forgotten.
    let saved = (!is_api && request.method() == axum::http::Method::GET)
        .then(|| cookie(request.headers(), saved::SAVED_COOKIE))
        .flatten()
        .and_then(|raw| saved::said(&raw));
    let secure = state.settings.over_https(request.headers());
    let shown = saved.is_some();
    if let Some(saved) = saved {
        request.extensions_mut().insert(saved);
    }
    let mut response = with_contact_details(contact, next.run(request)).await;
    if shown {
        saved::forget(&mut response, secure);
    }
    if signed_in {
        keep_private(&mut response);
    }
    response
}

/// Marks an answer to a signed-in caller so that no cache (the browser's back/forward history
/// and disk, a proxy) keeps it, unless its handler marked it `public`: the same for everyone.
fn keep_private(response: &mut Response) {
    let public = response
        .headers()
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|d| d.trim().eq_ignore_ascii_case("public")));
    if !public {
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    }
}

/// What a user whose password must be changed may still reach.
fn reachable_before_changing_password(path: &str) -> bool {
    path == PASSWORD || path == LOGOUT || path == HEALTH || path.starts_with("/static/")
}

/// The token of `Authorization: Bearer <token>`: `None` when there is no such header (or it is
/// another scheme), `Some(None)` when it says Bearer but carries no usable token.
fn bearer_token(headers: &HeaderMap) -> Option<Option<String>> {
    let value = headers.get(header::AUTHORIZATION)?;
    let Ok(value) = value.to_str() else { return Some(None) };
    let (scheme, token) = value.trim().split_once(' ').unwrap_or((value.trim(), ""));
    if !scheme.eq_ignore_ascii_case("bearer") {
        return None;
    }
    let token = token.trim();
    Some((!token.is_empty()).then(|| token.to_owned()))
}

/// The session cookie's token, if the request carries one.
pub fn session_token(headers: &HeaderMap) -> Option<String> {
    cookie(headers, SESSION_COOKIE)
}

/// A cookie for the browser; `Secure` when it came over HTTPS ([`crate::Settings::over_https`]).
pub fn set_cookie(
    state: &AppState,
    headers: &HeaderMap,
    name: &str,
    value: &str,
    max_age_seconds: i64,
) -> Result<HeaderValue, Error> {
    cookie_header(name, value, max_age_seconds, state.settings.over_https(headers))
        .map_err(|e| Error::Internal(e.to_string()))
}

tokio::task_local! {
    /// Whether the request may see persons' e-mail addresses and phone numbers.
    static CONTACT_DETAILS: bool;
}

/// Runs a request's handling with the answer to "may it see contact details?", decided once
/// from who is asking.
pub async fn with_contact_details<F: std::future::Future>(visible: bool, handling: F) -> F::Output {
    CONTACT_DETAILS.scope(visible, handling).await
}

/// Whether the request being handled may see persons' contact details: only signed-in users
/// (personal data, only as much as a role needs). Outside a request's handling: no.
pub fn contact_details_visible() -> bool {
    CONTACT_DETAILS.try_with(|v| *v).unwrap_or(false)
}

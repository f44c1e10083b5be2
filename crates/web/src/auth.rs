//! Signing in and out. The session lives in the database (any instance can serve it); the
//! browser holds only a random token in an `HttpOnly`, `SameSite=Lax` cookie (`Secure` behind
//! HTTPS). Every state-changing form carries a CSRF token: the session's own once signed in, and
//! before that a token in a short-lived cookie that the form must repeat (double submit).

use std::sync::Arc;

use askama::Template;
use axum::Form;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use samverkan_store::{SESSION_HOURS, SessionUser, random_token};
use serde::Deserialize;

use crate::AppState;
use crate::error::{Error, PageError};
use crate::pages::{Layout, render};
use crate::params::PageAt;
use crate::permit::{Access, FormRoute, FormWriter};

pub const LOGIN: &str = "/logga-in";
pub const LOGOUT: &str = "/logga-ut";
pub(crate) const SESSION_COOKIE: &str = "samverkan_session";
const LOGIN_CSRF_COOKIE: &str = "samverkan_login";

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

/// Signing in (anyone) and out (the signed-in).
pub fn form_routes() -> Vec<FormRoute> {
    vec![
        FormRoute { path: LOGIN, access: Access::Public, methods: get(login_form).post(login) },
        FormRoute { path: LOGOUT, access: Access::SignedIn, methods: post(logout) },
    ]
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
        return Redirect::to(crate::account::PASSWORD).into_response();
    }
    let contact = visitor.user.as_ref().is_some_and(|u| samverkan_domain::may_read_restricted(&u.grants));
    request.extensions_mut().insert(visitor);
    crate::permit::with_contact_details(contact, next.run(request)).await
}

/// What a user whose password must be changed may still reach.
fn reachable_before_changing_password(path: &str) -> bool {
    path == crate::account::PASSWORD || path == LOGOUT || path == "/healthz" || path.starts_with("/static/")
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
pub(crate) fn session_token(headers: &HeaderMap) -> Option<String> {
    cookie(headers, SESSION_COOKIE)
}

/// The value of one cookie in the request.
fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// Whether the browser reached us over HTTPS (directly or through a proxy that says so).
fn over_https(headers: &HeaderMap) -> bool {
    headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()) == Some("https")
}

fn set_cookie(headers: &HeaderMap, name: &str, value: &str, max_age_seconds: i64) -> Result<HeaderValue, Error> {
    let secure = if over_https(headers) { "; Secure" } else { "" };
    HeaderValue::from_str(&format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_seconds}{secure}"))
        .map_err(|e| Error::Internal(e.to_string()))
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    layout: Layout,
    csrf: String,
    email: String,
    /// The message beside the form when signing in failed.
    error: Option<&'static str>,
}

async fn login_form(State(state): State<AppState>, at: PageAt, headers: HeaderMap) -> Result<Response, PageError> {
    if at.1.is_some() {
        return Ok(Redirect::to("/").into_response());
    }
    let csrf = random_token();
    let page = LoginPage {
        layout: Layout::new(&state, "Logga in", "logga-in", &at),
        csrf: csrf.clone(),
        email: String::new(),
        error: None,
    };
    let html = render(&page)?;
    let cookie = set_cookie(&headers, LOGIN_CSRF_COOKIE, &csrf, 3600)?;
    Ok(([(header::SET_COOKIE, cookie)], html).into_response())
}

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
}

/// The address the request came from (the TCP peer; a proxy's `X-Forwarded-For` is not trusted,
/// since anyone can send it).
pub(crate) fn peer_address(request_extensions: &axum::http::Extensions) -> String {
    request_extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map_or_else(|| "unknown".to_owned(), |c| c.0.ip().to_string())
}

async fn login(
    State(state): State<AppState>,
    at: PageAt,
    headers: HeaderMap,
    extensions: axum::http::Extensions,
    Form(form): Form<LoginForm>,
) -> Result<Response, PageError> {
    let expected = cookie(&headers, LOGIN_CSRF_COOKIE);
    if form.csrf.is_empty() || expected.as_deref() != Some(form.csrf.as_str()) {
        return Err(PageError(Error::Forbidden));
    }
    let address = peer_address(&extensions);
    let again = |error, status| {
        let page = LoginPage {
            layout: Layout::new(&state, "Logga in", "logga-in", &at),
            csrf: form.csrf.clone(),
            email: form.email.clone(),
            error: Some(error),
        };
        render(&page).map(|html| (status, html).into_response())
    };
    if state.store.sign_in_throttled(&form.email, &address).await? {
        // Not even checked: guessing gets nowhere while the window lasts.
        return Ok(again(
            "För många misslyckade inloggningar. Vänta en kvart och försök igen.",
            StatusCode::TOO_MANY_REQUESTS,
        )?);
    }
    match state.store.check_password(&form.email, &form.password).await? {
        Some(user_id) => {
            state.store.clear_sign_in_failures(&form.email).await?;
            let token = state.store.start_session(user_id).await?;
            let session = set_cookie(&headers, SESSION_COOKIE, &token, SESSION_HOURS * 3600)?;
            let cleared = set_cookie(&headers, LOGIN_CSRF_COOKIE, "", 0)?;
            let mut response = Redirect::to("/").into_response();
            response.headers_mut().append(header::SET_COOKIE, session);
            response.headers_mut().append(header::SET_COOKIE, cleared);
            Ok(response)
        }
        None => {
            state.store.record_sign_in_failure(&form.email, &address).await?;
            // Which of the two was wrong is not said: that would tell who has an account.
            Ok(again("Fel e-postadress eller lösenord.", StatusCode::UNPROCESSABLE_ENTITY)?)
        }
    }
}

/// Signing out: through the same gate as every other form (a session, and its CSRF token).
async fn logout(State(state): State<AppState>, headers: HeaderMap, _writer: FormWriter) -> Result<Response, PageError> {
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        state.store.end_session(&token).await?;
    }
    let cleared = set_cookie(&headers, SESSION_COOKIE, "", 0)?;
    Ok(([(header::SET_COOKIE, cleared)], Redirect::to("/")).into_response())
}

//! Signing in and out. The session lives in the database (any instance can serve it); the
//! browser holds only a random token in an `HttpOnly`, `SameSite=Lax` cookie (`Secure` over
//! HTTPS). Every state-changing form carries a CSRF token: the session's own once signed in, and
//! before that a token in a short-lived cookie that the form must repeat (double submit), which
//! the server made and signed (HMAC-SHA-256 with a key kept in the database), so a client cannot
//! choose one of its own.
//!
//! Sign-ins are throttled in the database before a password is checked (see
//! `samverkan_store::Store::sign_in`), per account and address, account, and address; the
//! address is the TCP peer's, or a trusted proxy's `X-Forwarded-For`.
//!
//! Every answer to a signed-in caller (session or token) is marked `Cache-Control: private,
//! no-store`: it may hold contact details or other things only signed-in users see. Only an
//! answer its handler marked `public` (the same for everyone: assets, documents) keeps its own.

use crate::kit::paths::{LOGIN, LOGOUT, START};
use crate::kit::visitor::{SESSION_COOKIE, cookie, set_cookie};
use crate::kit::{Access, AppState, Error, FormRoute, FormWriter, Layout, PageAt, PageError, render};
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use hmac::{KeyInit, Mac};
use samverkan_store::{SESSION_HOURS, SignIn, random_token};
use serde::Deserialize;

const LOGIN_CSRF_COOKIE: &str = "samverkan_login";

/// Signing in (anyone) and out (the signed-in).
pub fn form_routes() -> Vec<FormRoute> {
    vec![
        FormRoute { path: LOGIN, access: Access::Public, methods: get(login_form).post(login) },
        FormRoute { path: LOGOUT, access: Access::SignedIn, methods: post(logout) },
    ]
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    layout: Layout,
    csrf: String,
    email: String,
    /// The message beside the form when signing in failed.
    error: Option<String>,
}

async fn login_form(State(state): State<AppState>, at: PageAt, headers: HeaderMap) -> Result<Response, PageError> {
    if at.1.is_some() {
        return Ok(Redirect::to(START).into_response());
    }
    let csrf = sign_login_token(&state.store.login_csrf_secret().await?, chrono::Utc::now().timestamp())?;
    let page = LoginPage {
        layout: Layout::new(&state, "Logga in", "logga-in", &at),
        csrf: csrf.clone(),
        email: String::new(),
        error: None,
    };
    let html = render(&page)?;
    let cookie = set_cookie(&state, &headers, LOGIN_CSRF_COOKIE, &csrf, LOGIN_TOKEN_SECONDS)?;
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

/// How long the sign-in form's CSRF token is good for.
const LOGIN_TOKEN_SECONDS: i64 = 3600;

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

fn login_mac(secret: &str, payload: &str) -> Result<HmacSha256, Error> {
    let mut mac = HmacSha256::new_from_slice(secret.as_bytes()).map_err(|e| Error::Internal(e.to_string()))?;
    mac.update(b"samverkan login csrf\0");
    mac.update(payload.as_bytes());
    Ok(mac)
}

/// A CSRF token for the sign-in form: `{valid until}.{random}.{HMAC of both}`, so the server
/// knows it made it (and when), without keeping it.
fn sign_login_token(secret: &str, now: i64) -> Result<String, Error> {
    let nonce = &random_token()[..32];
    let payload = format!("{}.{nonce}", now + LOGIN_TOKEN_SECONDS);
    let mac = login_mac(secret, &payload)?.finalize().into_bytes();
    Ok(format!("{payload}.{}", hex::encode(mac)))
}

/// Whether the server made this token (with this key) and it is still good.
fn login_token_is_ours(secret: &str, token: &str, now: i64) -> bool {
    let Some((payload, mac)) = token.rsplit_once('.') else { return false };
    let Some((until, _nonce)) = payload.split_once('.') else { return false };
    let (Ok(until), Ok(mac)) = (until.parse::<i64>(), hex::decode(mac)) else { return false };
    until > now && login_mac(secret, payload).is_ok_and(|m| m.verify_slice(&mac).is_ok())
}

/// "Vänta 1 minut" / "Vänta 12 minuter": whole minutes, rounded up.
fn wait_message(retry_after: chrono::Duration) -> String {
    let minutes = ((retry_after.num_seconds() + 59) / 60).max(1);
    let unit = if minutes == 1 { "minut" } else { "minuter" };
    format!("För många misslyckade inloggningar. Vänta {minutes} {unit} och försök igen.")
}

async fn login(
    State(state): State<AppState>,
    at: PageAt,
    headers: HeaderMap,
    extensions: axum::http::Extensions,
    Form(form): Form<LoginForm>,
) -> Result<Response, PageError> {
    // Double submit, of a token this server made: a client cannot choose its own pair.
    let expected = cookie(&headers, LOGIN_CSRF_COOKIE);
    let secret = state.store.login_csrf_secret().await?;
    if form.csrf.is_empty()
        || expected.as_deref() != Some(form.csrf.as_str())
        || !login_token_is_ours(&secret, &form.csrf, chrono::Utc::now().timestamp())
    {
        return Err(PageError(Error::Forbidden));
    }
    let address = state.settings.client_address(&extensions, &headers);
    let again = |error: String, status| {
        let page = LoginPage {
            layout: Layout::new(&state, "Logga in", "logga-in", &at),
            csrf: form.csrf.clone(),
            email: form.email.clone(),
            error: Some(error),
        };
        render(&page).map(|html| (status, html).into_response())
    };
    match state.store.sign_in(&form.email, &form.password, &address).await? {
        SignIn::Accepted(user_id) => {
            let token = state.store.start_session(user_id).await?;
            let session = set_cookie(&state, &headers, SESSION_COOKIE, &token, SESSION_HOURS * 3600)?;
            let cleared = set_cookie(&state, &headers, LOGIN_CSRF_COOKIE, "", 0)?;
            let mut response = Redirect::to(START).into_response();
            response.headers_mut().append(header::SET_COOKIE, session);
            response.headers_mut().append(header::SET_COOKIE, cleared);
            Ok(response)
        }
        // Which of the two was wrong is not said: that would tell who has an account.
        SignIn::Refused => Ok(again("Fel e-postadress eller lösenord.".to_owned(), StatusCode::UNPROCESSABLE_ENTITY)?),
        SignIn::OneTimeExpired => Ok(again(
            format!(
                "Engångslösenordet har gått ut: det gäller i {} timmar. Be en processledare om ett nytt.",
                samverkan_store::ONE_TIME_PASSWORD_HOURS
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
        )?),
        SignIn::Held { retry_after } => {
            // Not even checked: guessing gets nowhere while the window lasts.
            let mut response = again(wait_message(retry_after), StatusCode::TOO_MANY_REQUESTS)?;
            if let Ok(seconds) = HeaderValue::from_str(&retry_after.num_seconds().max(1).to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, seconds);
            }
            Ok(response)
        }
    }
}

/// Signing out: through the same gate as every other form (a session, and its CSRF token).
async fn logout(State(state): State<AppState>, headers: HeaderMap, _writer: FormWriter) -> Result<Response, PageError> {
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        state.store.end_session(&token).await?;
    }
    let cleared = set_cookie(&state, &headers, SESSION_COOKIE, "", 0)?;
    Ok(([(header::SET_COOKIE, cleared)], Redirect::to(START)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_token_the_server_signed_and_still_good_passes() {
        let now = 1_800_000_000;
        let token = sign_login_token("nyckel", now).unwrap_or_default();
        assert!(login_token_is_ours("nyckel", &token, now));
        assert!(login_token_is_ours("nyckel", &token, now + LOGIN_TOKEN_SECONDS - 1));
        assert!(!login_token_is_ours("nyckel", &token, now + LOGIN_TOKEN_SECONDS), "too old");
        assert!(!login_token_is_ours("en annan nyckel", &token, now), "another server's");
        let (payload, _) = token.rsplit_once('.').unwrap_or_default();
        let later = format!("{}{}", now + 99_999, &payload[payload.find('.').unwrap_or_default()..]);
        assert!(!login_token_is_ours("nyckel", &format!("{later}.{}", token.rsplit('.').next().unwrap_or("")), now));
        for forged in ["", "x", "abc.def", "1.2.3", &random_token()] {
            assert!(!login_token_is_ours("nyckel", forged, now), "{forged}");
        }
    }

    #[test]
    fn the_wait_is_said_in_whole_minutes() {
        assert!(wait_message(chrono::Duration::seconds(30)).contains("Vänta 1 minut och"));
        assert!(wait_message(chrono::Duration::seconds(14 * 60 + 1)).contains("Vänta 15 minuter och"));
    }
}

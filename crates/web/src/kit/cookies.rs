//! Reading a cookie from a request and writing one for the browser: one format for every cookie
//! the service sets (the session, the sign-in form's token, what a save said).

use axum::http::header::InvalidHeaderValue;
use axum::http::{HeaderMap, HeaderValue, header};

/// A cookie's value as the request sent it.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// A `Set-Cookie` value: the whole site, not for scripts, sent on top-level navigation, for
/// `max_age_seconds` (0 clears it), `Secure` when the browser came over HTTPS.
pub fn cookie_header(
    name: &str,
    value: &str,
    max_age_seconds: i64,
    secure: bool,
) -> Result<HeaderValue, InvalidHeaderValue> {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_seconds}{secure}"))
}

//! What a form's save says on the page it leads to ("Funktionen är sparad."): the answer to a
//! saved form sets a short-lived cookie with the message, and the next page shows it once (in
//! its layout, as a status message) and clears it. A cookie rather than a query parameter, so a
//! reload or a bookmark does not say it again.

use axum::http::header;
use axum::response::Response;

use crate::kit::cookies::cookie_header;

pub const SAVED_COOKIE: &str = "samverkan_saved";

/// The longest message shown; a longer cookie was not set by us.
const MESSAGE_MAX: usize = 200;

/// The message of a save, carried to the next page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved(pub String);

/// `response` (a redirect after a save) with `message` for the next page.
pub fn say(mut response: Response, message: &str, secure: bool) -> Response {
    let encoded: String = form_urlencoded::byte_serialize(message.as_bytes()).collect();
    if let Ok(value) = cookie_header(SAVED_COOKIE, &encoded, 60, secure) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// The message a save left, from its cookie's value (as the request sent it).
pub fn said(raw: &str) -> Option<Saved> {
    let text: String = form_urlencoded::parse(format!("m={raw}").as_bytes()).map(|(_, v)| v.into_owned()).next()?;
    let text = text.trim();
    (!text.is_empty() && text.chars().count() <= MESSAGE_MAX && !text.chars().any(char::is_control))
        .then(|| Saved(text.to_owned()))
}

/// Clears the message once a page has shown it (unless the answer sets a new one).
pub fn forget(response: &mut Response, secure: bool) {
    let sets_new = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .any(|v| v.to_str().is_ok_and(|v| v.starts_with(&format!("{SAVED_COOKIE}="))));
    if !sets_new && let Ok(value) = cookie_header(SAVED_COOKIE, "", 0, secure) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use axum::response::IntoResponse;

    #[test]
    fn a_message_goes_through_the_cookie_unchanged_and_a_strange_one_is_not_shown() {
        let response = say(axum::response::Redirect::to("/").into_response(), "Funktionen är sparad.", true);
        let set = response.headers()[header::SET_COOKIE].to_str().unwrap().to_owned();
        assert!(set.contains("; HttpOnly; SameSite=Lax; Max-Age=60; Secure"), "{set}");
        let value = set.split(';').next().unwrap().strip_prefix("samverkan_saved=").unwrap();
        assert_eq!(said(value), Some(Saved("Funktionen är sparad.".to_owned())));
        assert_eq!(said(&"a".repeat(300)), None);
        assert_eq!(said("%0A"), None);
    }
}

//! The body limit of the upload routes, and reading a multipart upload.

use crate::kit::multipart::{Parts, body_too_large_response, too_large_response};
use crate::kit::paths;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::Response;
use http_body_util::BodyExt;
use samverkan_domain::Input;
use samverkan_domain::document::{DOCUMENT_MAX_BYTES, FILE_FIELD};

/// The largest body the application takes anywhere else.
pub const BODY_MAX: usize = 1024 * 1024;
/// The largest body an upload route takes: the largest document and room for the multipart
/// framing and the other fields.
pub const UPLOAD_BODY_MAX: usize = DOCUMENT_MAX_BYTES + 256 * 1024;
/// How much of a body declared too large is read (and thrown away) before answering 413, so
/// that the client, still sending, reads the answer instead of a reset connection.
pub(super) const DRAIN_MAX: u64 = 4 * UPLOAD_BODY_MAX as u64;

/// Whether a request goes to an upload route (a POST to one of the API's three, or the form).
fn is_upload(method: &Method, path: &str) -> bool {
    if method != Method::POST {
        return false;
    }
    let path = path.trim_end_matches('/');
    let parts: Vec<&str> = path.split('/').collect();
    matches!(parts.as_slice(), ["", "api", "v1", "versions" | "answers" | "decisions", _, "documents"])
        || [paths::VERSION_FORM, paths::AGREEMENT_NEW_VERSION, paths::CONSULTATION_ANSWER, paths::ADOPTION_DECISION]
            .iter()
            .any(|p| paths::matches(p, path))
}

/// The body limit of every request: [`BODY_MAX`], or [`UPLOAD_BODY_MAX`] on the upload routes.
/// A body declared larger is answered 413 at once (an upload's naming the field `file` and the
/// limit); one that turns out larger fails when read, which the handlers answer the same way.
pub async fn limit_body(request: Request, next: Next) -> Response {
    let upload = is_upload(request.method(), request.uri().path());
    let limit = if upload { UPLOAD_BODY_MAX } else { BODY_MAX };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        let api = request.uri().path().starts_with("/api/");
        if !upload {
            return body_too_large_response(api, BODY_MAX / (1024 * 1024));
        }
        // Reading the rest lets the client see the 413 rather than a reset connection; that
        // work is done only for a caller who could upload at all (a token or a session), so an
        // anonymous client cannot make the server read tens of megabytes per request.
        let headers = request.headers();
        let credentialed = headers.contains_key(header::AUTHORIZATION)
            || headers
                .get_all(header::COOKIE)
                .iter()
                .any(|c| c.to_str().is_ok_and(|c| c.contains(crate::kit::visitor::SESSION_COOKIE)));
        if credentialed && declared.is_some_and(|n| n <= DRAIN_MAX) {
            let mut body = request.into_body();
            while let Some(Ok(_)) = body.frame().await {}
        }
        return too_large_response(api);
    }
    next.run(request.map(|body| Body::new(http_body_util::Limited::new(body, limit)))).await
}

/// The submitted fields as an [`Input`]: `title`, with every other field (and any file beyond
/// the one) refused, after the store has decided the caller may upload at all.
pub(super) fn input_of(parts: &Parts, ignored: &[&str]) -> Input {
    let known = parts.fields.iter().filter(|(k, _)| k == "title").cloned();
    let mut input = Input::from_form(known);
    for (name, _) in parts.fields.iter().filter(|(k, _)| k != "title" && !ignored.contains(&k.as_str())) {
        input.reject(name, "okänt fält");
    }
    for name in &parts.extra_files {
        let message = if name == FILE_FIELD { "Skicka en fil i taget." } else { "okänt fält" };
        input.reject(name, message);
    }
    input
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn only_the_upload_routes_take_a_document_sized_body() {
        for path in ["/api/v1/versions/3/documents", "/api/v1/answers/1/documents", "/api/v1/decisions/9/documents"] {
            assert!(is_upload(&Method::POST, path), "{path}");
        }
        assert!(is_upload(&Method::POST, "/versioner/3/nytt-dokument"));
        // The forms that take a document with the record: a version's text, an answer's
        // attachment, a decision's minutes.
        for path in [
            "/overenskommelser/1/ny-version",
            "/overenskommelser/1/remiss/svar",
            "/overenskommelser/1/antagande/beslut",
        ] {
            assert!(is_upload(&Method::POST, path), "{path}");
        }
        assert!(!is_upload(&Method::GET, "/versioner/3/nytt-dokument"));
        assert!(!is_upload(&Method::POST, "/api/v1/versions/3/decisions"));
        assert!(!is_upload(&Method::POST, "/api/v1/versions/3/documents/extra"));
    }
}

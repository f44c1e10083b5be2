//! The body limit of the upload routes, and reading a multipart upload.

use crate::kit::{InvalidParam, PageError, Problem, paths, render};
use axum::body::Body;
use axum::extract::Request;
use axum::extract::multipart::Multipart;
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use samverkan_domain::Input;
use samverkan_domain::document::{DOCUMENT_MAX_BYTES, DOCUMENT_MAX_MIB, FILE_FIELD, too_large};
use samverkan_store::UploadedFile;

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
        || paths::matches(paths::VERSION_FORM, path)
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
        if !upload {
            return (StatusCode::PAYLOAD_TOO_LARGE, "length limit exceeded").into_response();
        }
        let api = request.uri().path().starts_with("/api/");
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

/// 413 for a file over the limit: problem+json naming `file` for the API, a page for people.
pub(super) fn too_large_response(api: bool) -> Response {
    if api {
        let problem = Problem {
            kind: "about:blank".to_owned(),
            title: "Filen är för stor".to_owned(),
            status: StatusCode::PAYLOAD_TOO_LARGE.as_u16(),
            detail: format!("Ett dokument får vara högst {DOCUMENT_MAX_MIB} MB."),
            invalid_params: vec![InvalidParam { name: FILE_FIELD.to_owned(), reason: too_large() }],
        };
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        (StatusCode::PAYLOAD_TOO_LARGE, [(header::CONTENT_TYPE, "application/problem+json")], body).into_response()
    } else {
        let detail =
            format!("{} Gå tillbaka, välj en mindre fil (eller dela upp dokumentet) och försök igen.", too_large());
        let page = crate::kit::ErrorPage::new("Filen är för stor", &detail);
        match render(&page) {
            Ok(html) => (StatusCode::PAYLOAD_TOO_LARGE, html).into_response(),
            Err(e) => PageError(e).into_response(),
        }
    }
}

// ---- reading a multipart body ---------------------------------------------------------------

/// What a multipart body held: the file (if one was chosen) and the text fields.
pub(super) struct Parts {
    pub(super) file: Option<UploadedFile>,
    pub(super) fields: Vec<(String, String)>,
    /// A second file, or a file in a field other than `file`.
    pub(super) extra_files: Vec<String>,
}

/// Why a multipart body could not be read.
pub(super) enum Unreadable {
    TooLarge,
    Malformed(String),
}

impl Unreadable {
    fn of(e: &axum::extract::multipart::MultipartError) -> Unreadable {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Unreadable::TooLarge
        } else {
            Unreadable::Malformed(e.body_text())
        }
    }
}

pub(super) async fn read_parts(mut multipart: Multipart) -> Result<Parts, Unreadable> {
    let mut parts = Parts { file: None, fields: Vec::new(), extra_files: Vec::new() };
    while let Some(field) = multipart.next_field().await.map_err(|e| Unreadable::of(&e))? {
        let name = field.name().unwrap_or("").to_owned();
        let file_name = field.file_name().map(str::to_owned);
        match file_name {
            Some(file_name) => {
                let bytes = field.bytes().await.map_err(|e| Unreadable::of(&e))?;
                // A form sent with no file chosen has an empty, nameless file part.
                if file_name.is_empty() && bytes.is_empty() {
                    continue;
                }
                if name != FILE_FIELD || parts.file.is_some() {
                    parts.extra_files.push(name);
                    continue;
                }
                parts.file = Some(UploadedFile { file_name, bytes: bytes.to_vec() });
            }
            None => {
                let text = field.text().await.map_err(|e| Unreadable::of(&e))?;
                if name == FILE_FIELD {
                    // Text where a file belongs: no file was sent.
                    parts.extra_files.push(name);
                    continue;
                }
                parts.fields.push((name, text));
            }
        }
    }
    Ok(parts)
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
        assert!(!is_upload(&Method::GET, "/versioner/3/nytt-dokument"));
        assert!(!is_upload(&Method::POST, "/api/v1/versions/3/decisions"));
        assert!(!is_upload(&Method::POST, "/api/v1/versions/3/documents/extra"));
    }
}

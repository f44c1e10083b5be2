//! Serving a document: as an attachment, named in its address, with its detected type, a
//! sandboxing CSP, a strong ETag and immutable caching.

use crate::kit::paths;
use crate::kit::{AppState, Error, PageError, parse_id};
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use samverkan_store::DocumentInfo;

// ---- download -------------------------------------------------------------------------------

/// The characters a file name keeps unencoded: RFC 5987's `attr-char` (also safe in a path
/// segment).
const ATTR_CHAR: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'!')
    .remove(b'#')
    .remove(b'$')
    .remove(b'&')
    .remove(b'+')
    .remove(b'-')
    .remove(b'.')
    .remove(b'^')
    .remove(b'_')
    .remove(b'`')
    .remove(b'|')
    .remove(b'~');

/// The characters encoded in a path segment: `attr-char` less `#` (a fragment), `$`, `&`, `+`.
const SEGMENT: &AsciiSet = &ATTR_CHAR.add(b'#').add(b'$').add(b'&').add(b'+');

/// A document's address: `/dokument/{id}/{file name}`.
pub fn href(d: &DocumentInfo) -> String {
    paths::download(d.id, &utf8_percent_encode(&d.file_name, SEGMENT).to_string())
}

/// `Content-Disposition: attachment` with the name in UTF-8 (RFC 6266 and 5987) and an ASCII
/// fallback for old clients (å, ä, ö as a, a, o, as `ascii_base_letter` has them; other
/// letters as `_`).
pub fn content_disposition(file_name: &str) -> String {
    let fallback: String = file_name
        .chars()
        .map(|c| match samverkan_domain::text::ascii_base_letter(c) {
            '"' | '\\' => '_',
            c if c.is_ascii() && !c.is_ascii_control() => c,
            _ => '_',
        })
        .collect();
    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{}", utf8_percent_encode(file_name, ATTR_CHAR))
}

/// Whether `If-None-Match` names this ETag (or is `*`).
fn not_modified(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == etag || t == "*")
}

pub(super) async fn download(
    State(state): State<AppState>,
    Path((id, name)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let document = state.store.document(id).await?.ok_or(Error::NotFound)?;
    if name != document.file_name {
        return Ok(Redirect::permanent(&href(&document)).into_response());
    }
    let etag = format!("\"{}\"", document.sha256);
    let header = |v: &str| HeaderValue::from_str(v).map_err(|e| Error::Internal(e.to_string()));
    let mut response = if not_modified(&headers, &etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let bytes = state
            .store
            .document_content(&document.sha256)
            .await?
            .ok_or_else(|| Error::Internal(format!("document {id}: no content {}", document.sha256)))?;
        let mut r = Body::from(bytes).into_response();
        let h = r.headers_mut();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static(document.format.media_type()));
        h.insert(header::CONTENT_DISPOSITION, header(&content_disposition(&document.file_name))?);
        h.insert(header::CONTENT_LENGTH, HeaderValue::from(document.size));
        r
    };
    let h = response.headers_mut();
    h.insert(header::ETAG, header(&etag)?);
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable"));
    // Nothing in a downloaded file may run, load anything, or be framed, should a browser ever
    // open it in place (nosniff comes from the application's common headers).
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'; sandbox"));
    Ok(response)
}

/// The compression layer's rule: everything it would compress, except a file served as an
/// attachment (documents are compressed already, or are PDFs; and their length and ETag must
/// be the stored file's).
pub fn compressible(
    status: StatusCode,
    version: axum::http::Version,
    headers: &HeaderMap,
    ext: &axum::http::Extensions,
) -> bool {
    use tower_http::compression::Predicate;
    let attachment = headers
        .get(header::CONTENT_DISPOSITION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().starts_with("attachment"));
    let mut probe = axum::http::Response::new(http_body_util::Empty::<axum::body::Bytes>::new());
    *probe.status_mut() = status;
    *probe.version_mut() = version;
    *probe.headers_mut() = headers.clone();
    *probe.extensions_mut() = ext.clone();
    !attachment && tower_http::compression::DefaultPredicate::new().should_compress(&probe)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_file_name_is_sent_in_utf8_with_an_ascii_fallback() {
        assert_eq!(
            content_disposition("Beslut å ä ö.pdf"),
            "attachment; filename=\"Beslut a a o.pdf\"; filename*=UTF-8''Beslut%20%C3%A5%20%C3%A4%20%C3%B6.pdf"
        );
        assert_eq!(
            content_disposition("Svar \"Nacka\" 100%.docx"),
            "attachment; filename=\"Svar _Nacka_ 100%.docx\"; filename*=UTF-8''Svar%20%22Nacka%22%20100%25.docx"
        );
    }

    #[test]
    fn an_etag_is_matched_in_a_list_or_weakly() {
        let mut headers = HeaderMap::new();
        headers.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"aa\", W/\"bb\""));
        assert!(not_modified(&headers, "\"bb\""));
        assert!(!not_modified(&headers, "\"cc\""));
        assert!(!not_modified(&HeaderMap::new(), "\"aa\""));
    }
}

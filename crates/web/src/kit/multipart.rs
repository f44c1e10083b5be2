//! Reading a `multipart/form-data` body (an upload, or a form with a file): its text fields and
//! at most one file, in the field `file`; and the answer to a body over the route's limit.

use crate::kit::error::{InvalidParam, PageError, Problem};
use crate::kit::layout::{ErrorPage, render};
use axum::extract::multipart::Multipart;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use samverkan_domain::document::{DOCUMENT_MAX_MIB, FILE_FIELD, too_large};
use samverkan_store::UploadedFile;

/// 413 for a file over the limit: problem+json naming `file` for the API, a page for people.
pub fn too_large_response(api: bool) -> Response {
    let advice = "Gå tillbaka, välj en mindre fil (eller dela upp dokumentet) och försök igen.";
    too_large_answer(api, "Filen är för stor", Some(FILE_FIELD), too_large(), advice)
}

/// 413 for a body over the limit of a route that takes no file (1 MiB): in Swedish, as every
/// other refusal.
pub fn body_too_large_response(api: bool, limit_mib: usize) -> Response {
    let reason = format!("En begäran får vara högst {limit_mib} MB.");
    too_large_answer(api, "Begäran är för stor", None, reason, "Gå tillbaka, korta texten och försök igen.")
}

fn too_large_answer(api: bool, title: &str, field: Option<&str>, reason: String, advice: &str) -> Response {
    if api {
        let problem = Problem {
            kind: "about:blank".to_owned(),
            title: title.to_owned(),
            status: StatusCode::PAYLOAD_TOO_LARGE.as_u16(),
            detail: match field {
                Some(_) => format!("Ett dokument får vara högst {DOCUMENT_MAX_MIB} MB."),
                None => reason.clone(),
            },
            invalid_params: field.map(|f| InvalidParam { name: f.to_owned(), reason }).into_iter().collect(),
        };
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        (StatusCode::PAYLOAD_TOO_LARGE, [(header::CONTENT_TYPE, "application/problem+json")], body).into_response()
    } else {
        let page = ErrorPage::new(title, &format!("{reason} {advice}"));
        match render(&page) {
            Ok(html) => (StatusCode::PAYLOAD_TOO_LARGE, html).into_response(),
            Err(e) => PageError(e).into_response(),
        }
    }
}

/// What a multipart body held: the file (if one was chosen) and the text fields.
pub struct Parts {
    pub file: Option<UploadedFile>,
    pub fields: Vec<(String, String)>,
    /// A second file, or a file in a field other than `file`.
    pub extra_files: Vec<String>,
}

/// Why a multipart body could not be read.
pub enum Unreadable {
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

pub async fn read_parts(mut multipart: Multipart) -> Result<Parts, Unreadable> {
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

//! Uploading documents through the API: a version's (process leaders), an answer's and a
//! decision's (the party's editors), as multipart.

use super::download::href;
use super::upload::input_of;
use crate::kit::multipart::{Unreadable, read_parts, too_large_response};
use crate::kit::{ApiWriter, AppState, Error, Problem, WriteRefusals, parse_id};
use axum::Json;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use samverkan_store::{DocumentInfo, DocumentOwner};
use serde::Serialize;
use utoipa::ToSchema;

// ---- the API --------------------------------------------------------------------------------

/// A stored document.
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentJson {
    pub id: i32,
    pub title: Option<String>,
    /// The file name, cleaned (no path; at most 120 characters).
    pub file_name: String,
    /// Detected from the file's bytes: application/pdf, the OOXML and OpenDocument types,
    /// application/msword, application/vnd.ms-excel.
    pub media_type: &'static str,
    /// Bytes.
    pub size: u64,
    /// SHA-256 of the bytes, lower-case hex (also the download's ETag).
    pub sha256: String,
    /// Where to download it (an attachment).
    pub url: String,
    /// When it was uploaded (RFC 3339, UTC).
    pub uploaded_at: String,
}

impl From<&DocumentInfo> for DocumentJson {
    fn from(d: &DocumentInfo) -> Self {
        DocumentJson {
            id: d.id,
            title: d.title.clone(),
            file_name: d.file_name.clone(),
            media_type: d.format.media_type(),
            size: d.size,
            sha256: d.sha256.clone(),
            url: href(d),
            uploaded_at: d.uploaded_at.clone(),
        }
    }
}

/// An upload: `multipart/form-data` with the file in `file`.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct DocumentUpload {
    /// PDF, DOCX, XLSX, PPTX, ODT, ODS, ODP, DOC or XLS, told by its bytes; at most 20 MiB. The
    /// file name's extension must match the format.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// What the document is ("Överenskommelsen", "Protokollsutdrag").
    #[schema(max_length = 200)]
    title: Option<String>,
}

/// 413: the body is larger than a document may be.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
pub enum TooLarge {
    #[response(status = 413, description = "Filen är större än 20 MiB", content_type = "application/problem+json")]
    TooLarge(Problem),
}

/// Reads the upload and writes it; 201 with the document.
async fn upload(
    state: &AppState,
    writer: &ApiWriter,
    owner: DocumentOwner,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, Error> {
    let multipart = multipart.map_err(|_| {
        Error::bad_request("Content-Type", "ska vara multipart/form-data, med filen i en del som heter file")
    })?;
    let parts = match read_parts(multipart).await {
        Ok(parts) => parts,
        Err(Unreadable::TooLarge) => return Ok(too_large_response(true)),
        Err(Unreadable::Malformed(m)) => return Err(Error::bad_request("body", m)),
    };
    let input = input_of(&parts, &[]);
    let id = state.store.add_document(&writer.actor(), owner, input, parts.file).await?;
    let document = state.store.document(id).await?.ok_or_else(|| Error::Internal(format!("document {id} vanished")))?;
    let location = HeaderValue::from_str(&href(&document)).map_err(|e| Error::Internal(e.to_string()))?;
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(DocumentJson::from(&document))).into_response())
}

/// A document for a version (the agreement text, an annex); process leaders.
#[utoipa::path(post, path = "/api/v1/versions/{id}/documents", tag = "överenskommelser", summary = "Ladda upp ett dokument till en version",
    request_body(content = DocumentUpload, content_type = "multipart/form-data"),
    params(("id" = i32, Path, description = "Versionens id")),
    security(("token" = [])),
    responses((status = 201, description = "Dokumentet är sparat", body = DocumentJson,
        headers(("Location" = String, description = "Adressen att hämta dokumentet från"))), WriteRefusals, TooLarge))]
pub(super) async fn upload_to_version(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, Error> {
    upload(&state, &writer, DocumentOwner::Version(parse_id(&id)?), multipart).await
}

/// An attachment to a consultation answer; the answering party's editors.
#[utoipa::path(post, path = "/api/v1/answers/{id}/documents", tag = "överenskommelser", summary = "Ladda upp en bilaga till ett remissvar",
    request_body(content = DocumentUpload, content_type = "multipart/form-data"),
    params(("id" = i32, Path, description = "Remissvarets id")),
    security(("token" = [])),
    responses((status = 201, description = "Bilagan är sparad", body = DocumentJson,
        headers(("Location" = String, description = "Adressen att hämta dokumentet från"))), WriteRefusals, TooLarge))]
pub(super) async fn upload_to_answer(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, Error> {
    upload(&state, &writer, DocumentOwner::Answer(parse_id(&id)?), multipart).await
}

/// A decision document (the minutes' extract); the deciding party's editors.
#[utoipa::path(post, path = "/api/v1/decisions/{id}/documents", tag = "överenskommelser", summary = "Ladda upp ett beslutsdokument",
    request_body(content = DocumentUpload, content_type = "multipart/form-data"),
    params(("id" = i32, Path, description = "Beslutets id")),
    security(("token" = [])),
    responses((status = 201, description = "Beslutsdokumentet är sparat", body = DocumentJson,
        headers(("Location" = String, description = "Adressen att hämta dokumentet från"))), WriteRefusals, TooLarge))]
pub(super) async fn upload_to_decision(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, Error> {
    upload(&state, &writer, DocumentOwner::Decision(parse_id(&id)?), multipart).await
}

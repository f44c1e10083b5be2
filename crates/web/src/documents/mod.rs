//! Documents: uploading them (the API's three routes and the agreement page's form), serving
//! them, and showing them on the agreement's pages.
//!
//! Upload: `multipart/form-data` with a `file` part and an optional `title`. What is accepted is
//! decided by `samverkan_domain::document` (format by the bytes, never by the client's
//! Content-Type; at most 20 MiB; the name cleaned); who may upload by the store, in the write's
//! transaction. Only the upload routes take a body larger than the application's 1 MiB
//! ([`limit_body`]); one over their limit is answered 413 naming `file`.
//!
//! Download: `GET /dokument/{id}/{file name}`. The name is in the address so that a saved file
//! gets it; a wrong or outdated name redirects (308) to the document's own address. The file is
//! served as an attachment with its detected type, `nosniff`, a sandboxing
//! `Content-Security-Policy`, a strong `ETag` (its SHA-256; `If-None-Match` answers 304) and a
//! year's `immutable` caching: a document's bytes never change (a new file is a new document).
//! Downloads are not in the sitemap (they are no pages).

use askama::Template;
use axum::Json;
use axum::body::Body;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{DefaultBodyLimit, FromRequest, Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use http_body_util::BodyExt;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use samverkan_domain::document::{
    DOCUMENT_MAX_BYTES, DOCUMENT_MAX_MIB, DocumentFormat, FILE_FIELD, format_and_size, human_size, too_large,
};
use samverkan_domain::{Input, Invalid, Scope};
use samverkan_store::{AnswerKey, DocumentInfo, DocumentOwner, SessionUser, UploadedFile, WriteError};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::api_edit::WriteRefusals;
use crate::auth::{Credential, Visitor};
use crate::edit_pages::SummaryItem;
use crate::error::{Error, InvalidParam, PageError, Problem};
use crate::pages::{Change, Layout, render};
use crate::params::{PageAt, parse_id};
use crate::permit::{Access, ApiWriter, FormRoute};

/// The largest body the application takes anywhere else.
pub const BODY_MAX: usize = 1024 * 1024;
/// The largest body an upload route takes: the largest document and room for the multipart
/// framing and the other fields.
pub const UPLOAD_BODY_MAX: usize = DOCUMENT_MAX_BYTES + 256 * 1024;
/// How much of a body declared too large is read (and thrown away) before answering 413, so
/// that the client, still sending, reads the answer instead of a reset connection.
const DRAIN_MAX: u64 = 4 * UPLOAD_BODY_MAX as u64;

/// The address of a version's upload form.
const VERSION_FORM: &str = "/versioner/{id}/nytt-dokument";

/// Where documents are served from.
const DOWNLOADS: &str = "/dokument";

// ---- routes ---------------------------------------------------------------------------------

/// The API's upload routes (described in the OpenAPI document), each taking a document-sized
/// body.
pub fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(upload_to_version))
        .routes(routes!(upload_to_answer))
        .routes(routes!(upload_to_decision))
        .layer(DefaultBodyLimit::max(UPLOAD_BODY_MAX))
}

/// The download route.
pub fn router() -> axum::Router<AppState> {
    axum::Router::new().route(&format!("{DOWNLOADS}/{{id}}/{{name}}"), get(download))
}

/// The upload form of a version (GET shows it alone; the agreement page carries it too).
pub fn form_routes() -> Vec<FormRoute> {
    vec![FormRoute {
        path: VERSION_FORM,
        access: Access::Records,
        methods: get(version_form).post(version_upload).layer(DefaultBodyLimit::max(UPLOAD_BODY_MAX)),
    }]
}

/// Whether a request goes to an upload route (a POST to one of the API's three, or the form).
fn is_upload(method: &Method, path: &str) -> bool {
    if method != Method::POST {
        return false;
    }
    let parts: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    matches!(
        parts.as_slice(),
        ["", "api", "v1", "versions" | "answers" | "decisions", _, "documents"] | ["", "versioner", _, "nytt-dokument"]
    )
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
                .any(|c| c.to_str().is_ok_and(|c| c.contains(crate::auth::SESSION_COOKIE)));
        if credentialed && declared.is_some_and(|n| n <= DRAIN_MAX) {
            let mut body = request.into_body();
            while let Some(Ok(_)) = body.frame().await {}
        }
        return too_large_response(api);
    }
    next.run(request.map(|body| Body::new(http_body_util::Limited::new(body, limit)))).await
}

/// 413 for a file over the limit: problem+json naming `file` for the API, a page for people.
fn too_large_response(api: bool) -> Response {
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
        let page = crate::pages::ErrorPage::new("Filen är för stor", &detail);
        match render(&page) {
            Ok(html) => (StatusCode::PAYLOAD_TOO_LARGE, html).into_response(),
            Err(e) => PageError(e).into_response(),
        }
    }
}

// ---- reading a multipart body ---------------------------------------------------------------

/// What a multipart body held: the file (if one was chosen) and the text fields.
struct Parts {
    file: Option<UploadedFile>,
    fields: Vec<(String, String)>,
    /// A second file, or a file in a field other than `file`.
    extra_files: Vec<String>,
}

/// Why a multipart body could not be read.
enum Unreadable {
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

async fn read_parts(mut multipart: Multipart) -> Result<Parts, Unreadable> {
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
fn input_of(parts: &Parts, ignored: &[&str]) -> Input {
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
#[utoipa::path(post, path = "/api/v1/versions/{id}/documents", tag = "överenskommelser",
    request_body(content = DocumentUpload, content_type = "multipart/form-data"),
    params(("id" = i32, Path, description = "Versionens id")),
    security(("token" = [])),
    responses((status = 201, description = "Dokumentet är sparat", body = DocumentJson), WriteRefusals, TooLarge))]
async fn upload_to_version(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, Error> {
    upload(&state, &writer, DocumentOwner::Version(parse_id(&id)?), multipart).await
}

/// An attachment to a consultation answer; the answering party's editors.
#[utoipa::path(post, path = "/api/v1/answers/{id}/documents", tag = "överenskommelser",
    request_body(content = DocumentUpload, content_type = "multipart/form-data"),
    params(("id" = i32, Path, description = "Remissvarets id")),
    security(("token" = [])),
    responses((status = 201, description = "Bilagan är sparad", body = DocumentJson), WriteRefusals, TooLarge))]
async fn upload_to_answer(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, Error> {
    upload(&state, &writer, DocumentOwner::Answer(parse_id(&id)?), multipart).await
}

/// A decision document (the minutes' extract); the deciding party's editors.
#[utoipa::path(post, path = "/api/v1/decisions/{id}/documents", tag = "överenskommelser",
    request_body(content = DocumentUpload, content_type = "multipart/form-data"),
    params(("id" = i32, Path, description = "Beslutets id")),
    security(("token" = [])),
    responses((status = 201, description = "Beslutsdokumentet är sparat", body = DocumentJson), WriteRefusals, TooLarge))]
async fn upload_to_decision(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, Error> {
    upload(&state, &writer, DocumentOwner::Decision(parse_id(&id)?), multipart).await
}

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
    format!("{DOWNLOADS}/{}/{}", d.id, utf8_percent_encode(&d.file_name, SEGMENT))
}

/// `Content-Disposition: attachment` with the name in UTF-8 (RFC 6266 and 5987) and an ASCII
/// fallback for old clients (å, ä, ö as a, a, o; other letters as `_`).
pub fn content_disposition(file_name: &str) -> String {
    let fallback: String = file_name
        .chars()
        .map(|c| match c {
            'å' | 'ä' | 'à' | 'á' | 'â' => 'a',
            'Å' | 'Ä' | 'À' | 'Á' | 'Â' => 'A',
            'ö' | 'ø' | 'ó' | 'ò' | 'ô' => 'o',
            'Ö' | 'Ø' | 'Ó' | 'Ò' | 'Ô' => 'O',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'É' | 'È' | 'Ê' | 'Ë' => 'E',
            'ü' => 'u',
            'Ü' => 'U',
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

async fn download(
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

// ---- pages ----------------------------------------------------------------------------------

/// A document as a page links it: its name (the title, else the file name), the format and size
/// in Swedish ("PDF, 1,2 MB") and where to download it.
pub struct DocumentLink {
    pub href: String,
    pub name: String,
    pub file_name: String,
    pub description: String,
}

impl From<&DocumentInfo> for DocumentLink {
    fn from(d: &DocumentInfo) -> Self {
        DocumentLink {
            href: href(d),
            name: d.title.clone().unwrap_or_else(|| d.file_name.clone()),
            file_name: d.file_name.clone(),
            description: format_and_size(d.format, d.size),
        }
    }
}

/// The documents of one agreement, for its pages to pick from.
#[derive(Default)]
pub struct AgreementDocuments(pub Vec<DocumentInfo>);

impl AgreementDocuments {
    pub async fn of(state: &AppState, agreement_id: i32) -> Result<AgreementDocuments, Error> {
        Ok(AgreementDocuments(state.store.agreement_documents(agreement_id).await?))
    }

    fn links(&self, keep: impl Fn(&DocumentInfo) -> bool) -> Vec<DocumentLink> {
        self.0.iter().filter(|d| keep(d)).map(DocumentLink::from).collect()
    }

    /// A version's own documents.
    pub fn of_version(&self, version_id: &i32) -> Vec<DocumentLink> {
        self.links(|d| d.owner == DocumentOwner::Version(*version_id))
    }

    /// A party's consultation answer's attachments on a version.
    pub fn of_answer(&self, version_id: &i32, party_id: &i32) -> Vec<DocumentLink> {
        self.links(|d| {
            matches!(d.owner, DocumentOwner::Answer(_)) && d.version_id == *version_id && d.party_id == Some(*party_id)
        })
    }

    /// The documents of an adoption view's row: its standing decision's, and the referral
    /// back's after it.
    pub fn of_decision_row(&self, row: &crate::agreement_pages::DecisionRow) -> Vec<DocumentLink> {
        let ids: Vec<i32> = row.decision.iter().chain(row.referred_back.iter()).map(|d| d.id).collect();
        self.links(|d| matches!(d.owner, DocumentOwner::Decision(id) if ids.contains(&id)))
    }

    /// The documents of an answer or a decision, for the API.
    pub fn json_of(&self, owner: DocumentOwner) -> Vec<DocumentJson> {
        self.0.iter().filter(|d| d.owner == owner).map(DocumentJson::from).collect()
    }
}

/// The id of a party's answer on a version, from the agreement's answers.
pub fn answer_id(answers: &[AnswerKey], version_id: i32, party_id: i32) -> Option<i32> {
    answers.iter().find(|a| a.version_id == version_id && a.party_id == party_id).map(|a| a.id)
}

/// Whether the visitor may upload a version's documents (the process leaders); the store
/// decides again, for real, when the form is sent.
pub fn may_upload_to_version(user: &Option<std::sync::Arc<SessionUser>>) -> bool {
    crate::edit_pages::may(user.as_deref(), Scope::JOINT)
}

/// The upload form's address for a version.
pub fn version_form_action(version_id: &i32) -> String {
    VERSION_FORM.replace("{id}", &version_id.to_string())
}

/// The upload form: its fields' values and errors.
pub struct UploadForm {
    pub action: String,
    pub csrf: String,
    pub title: String,
    pub title_error: Option<String>,
    pub file_error: Option<String>,
    /// The errors, linked to their fields, for the summary at the top.
    pub summary: Vec<SummaryItem>,
    pub max_mib: usize,
    /// Appended to the fields' ids, so that a page with a form per version has unique ids.
    pub suffix: String,
}

impl UploadForm {
    fn new(version_id: i32, user: &SessionUser) -> UploadForm {
        UploadForm {
            action: version_form_action(&version_id),
            csrf: user.csrf_token.clone(),
            title: String::new(),
            title_error: None,
            file_error: None,
            summary: Vec::new(),
            max_mib: DOCUMENT_MAX_MIB,
            suffix: String::new(),
        }
    }

    /// The form as the agreement page carries it, one per version.
    pub fn inline(version_id: &i32, user: &SessionUser) -> UploadForm {
        UploadForm { suffix: format!("-{version_id}"), ..UploadForm::new(*version_id, user) }
    }

    fn with_errors(mut self, title: String, invalid: &Invalid) -> UploadForm {
        self.title = title;
        self.title_error = invalid.message("title").map(str::to_owned);
        self.file_error = invalid.message(FILE_FIELD).map(str::to_owned);
        for e in &invalid.0 {
            let (href, label) = match e.field.as_str() {
                "title" => (Some("#f-title".to_owned()), "Titel"),
                FILE_FIELD => (Some("#f-file".to_owned()), "Fil"),
                _ => (None, ""),
            };
            self.summary.push(SummaryItem { href, label: label.to_owned(), message: e.message.clone() });
        }
        self
    }
}

#[derive(Template)]
#[template(path = "document_form.html")]
struct UploadPage {
    layout: Layout,
    agreement: (i32, String),
    version_number: String,
    form: UploadForm,
}

/// The version's heading and the user who may upload to it: 404, 401 or 403 otherwise.
async fn uploader(
    state: &AppState,
    at: &PageAt,
    id: &str,
) -> Result<(i32, (i32, String, String), std::sync::Arc<SessionUser>), Error> {
    let id = parse_id(id)?;
    let heading = state.store.version_heading(id).await?.ok_or(Error::NotFound)?;
    let user = at.1.clone().ok_or(Error::Unauthorized)?;
    if !crate::edit_pages::may(Some(user.as_ref()), Scope::JOINT) {
        return Err(Error::NotPermitted);
    }
    Ok((id, heading, user))
}

fn upload_page(
    state: &AppState,
    at: &PageAt,
    heading: (i32, String, String),
    form: UploadForm,
    status: StatusCode,
) -> Result<Response, PageError> {
    let (agreement_id, title, number) = heading;
    let prefix = if form.summary.is_empty() { "" } else { "Fel: " };
    let layout =
        Layout::new(state, format!("{prefix}Ladda upp dokument: {title}, version {number}"), "overenskommelser", at);
    let html = render(&UploadPage { layout, agreement: (agreement_id, title), version_number: number, form })?;
    Ok((status, html).into_response())
}

async fn version_form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
) -> Result<Response, PageError> {
    let (id, heading, user) = uploader(&state, &at, &id).await?;
    upload_page(&state, &at, heading, UploadForm::new(id, &user), StatusCode::OK)
}

/// The signed-in user behind a multipart form, and its parts; the session's CSRF token must be
/// among them (the form's hidden `csrf` field, sent before the file). 401 without a session, 403
/// without the token: before anything else is looked at.
struct MultipartWriter {
    user: std::sync::Arc<SessionUser>,
    parts: Parts,
}

impl FromRequest<AppState> for MultipartWriter {
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let user = match request.extensions().get::<Visitor>() {
            Some(Visitor { user: Some(user), credential: Credential::Session }) => user.clone(),
            _ => return Err(PageError(Error::Unauthorized).into_response()),
        };
        let multipart = Multipart::from_request(request, state).await.map_err(|_| {
            PageError(Error::bad_request("formulär", "ska skickas som multipart/form-data")).into_response()
        })?;
        let parts = match read_parts(multipart).await {
            Ok(parts) => parts,
            Err(Unreadable::TooLarge) => return Err(too_large_response(false)),
            Err(Unreadable::Malformed(m)) => return Err(PageError(Error::bad_request("formulär", m)).into_response()),
        };
        let csrf = parts.fields.iter().find(|(k, _)| k == "csrf").map(|(_, v)| v.as_str()).unwrap_or("");
        if csrf.is_empty() || csrf != user.csrf_token {
            return Err(PageError(Error::Forbidden).into_response());
        }
        Ok(MultipartWriter { user, parts })
    }
}

async fn version_upload(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
    writer: MultipartWriter,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let actor = samverkan_store::Actor::from(writer.user.as_ref());
    let input = input_of(&writer.parts, &["csrf"]);
    let title = writer.parts.fields.iter().find(|(k, _)| k == "title").map(|(_, v)| v.clone()).unwrap_or_default();
    match state.store.add_document(&actor, DocumentOwner::Version(id), input, writer.parts.file).await {
        Ok(document) => {
            let d = state.store.document(document).await?.ok_or(Error::NotFound)?;
            Ok(Redirect::to(&format!("/overenskommelser/{}#dokument-{id}", d.agreement_id)).into_response())
        }
        Err(WriteError::Invalid(invalid)) => {
            let heading = state.store.version_heading(id).await?.ok_or(Error::NotFound)?;
            let form = UploadForm::new(id, &writer.user).with_errors(title, &invalid);
            upload_page(&state, &at, heading, form, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => Err(PageError(e.into())),
    }
}

// ---- history --------------------------------------------------------------------------------

/// What an upload changed, as the agreement's Historik shows it: the document (its name, format
/// and size), its title, and what it belongs to.
pub fn history_changes(after: &serde_json::Value) -> Vec<Change> {
    let text = |name: &str| after.get(name).and_then(|v| v.as_str()).map(str::to_owned);
    let size = after.get("size").and_then(serde_json::Value::as_u64).unwrap_or(0);
    let format = text("media_type").and_then(|m| DocumentFormat::from_media_type(&m));
    let described = match format {
        Some(f) => format!("{} ({})", text("file_name").unwrap_or_default(), format_and_size(f, size)),
        None => format!("{} ({})", text("file_name").unwrap_or_default(), human_size(size)),
    };
    let belongs = if after.get("answer_id").is_some_and(|v| !v.is_null()) {
        "Remissvar"
    } else if after.get("decision_id").is_some_and(|v| !v.is_null()) {
        "Beslut"
    } else {
        "Versionen"
    };
    let change = |field: &str, after: String| Change { field: field.to_owned(), before: "–".to_owned(), after };
    let mut out = vec![change("Dokument", described)];
    if let Some(title) = text("title") {
        out.push(change("Titel", title));
    }
    out.push(change("Hör till", belongs.to_owned()));
    out
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

//! Documents on the agreement's pages: links with their format and size, and the version's
//! upload form.

use super::api::DocumentJson;
use super::download::href;
use super::upload::input_of;
use crate::kit::multipart::{Parts, Unreadable, read_parts, too_large_response};
use crate::kit::paths;
use crate::kit::{AppState, Credential, Error, Layout, PageAt, PageError, SummaryItem, Visitor, parse_id, render};
use askama::Template;
use axum::extract::multipart::Multipart;
use axum::extract::{FromRequest, Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use samverkan_domain::document::{DOCUMENT_MAX_MIB, FILE_FIELD, format_and_size};
use samverkan_domain::{Invalid, Scope};
use samverkan_store::{DocumentInfo, DocumentOwner, SessionUser, WriteError};

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

    /// The documents of these decisions (an adoption view's row: its standing decision and the
    /// referral back after it).
    pub fn of_decisions(&self, ids: Vec<i32>) -> Vec<DocumentLink> {
        self.links(|d| matches!(d.owner, DocumentOwner::Decision(id) if ids.contains(&id)))
    }

    /// The documents of an answer or a decision, for the API.
    pub fn json_of(&self, owner: DocumentOwner) -> Vec<DocumentJson> {
        self.0.iter().filter(|d| d.owner == owner).map(DocumentJson::from).collect()
    }
}

/// Whether the visitor may upload a version's documents (the process leaders); the store
/// decides again, for real, when the form is sent.
pub fn may_upload_to_version(user: &Option<std::sync::Arc<SessionUser>>) -> bool {
    crate::kit::forms::leads(user)
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
            action: paths::version_form(version_id),
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
    if !crate::kit::may(Some(user.as_ref()), Scope::JOINT) {
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

pub(super) async fn version_form(
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
pub(super) struct MultipartWriter {
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

pub(super) async fn version_upload(
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
            Ok(Redirect::to(&format!("{}#dokument-{id}", paths::agreement(d.agreement_id))).into_response())
        }
        Err(WriteError::Invalid(invalid)) => {
            let heading = state.store.version_heading(id).await?.ok_or(Error::NotFound)?;
            let form = UploadForm::new(id, &writer.user).with_errors(title, &invalid);
            upload_page(&state, &at, heading, form, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => Err(PageError(e.into())),
    }
}

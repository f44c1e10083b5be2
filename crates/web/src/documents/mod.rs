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

use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::kit::paths::{DOWNLOAD, VERSION_FORM};
use crate::kit::{Access, AppState, FormRoute};

mod api;
mod download;
mod pages;
mod upload;

pub use api::DocumentJson;
pub use download::compressible;
pub use pages::{AgreementDocuments, UploadForm, may_upload_to_version};
pub use upload::{UPLOAD_BODY_MAX, limit_body};

// ---- routes ---------------------------------------------------------------------------------

/// The API's upload routes (described in the OpenAPI document), each taking a document-sized
/// body.
pub fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api::upload_to_version))
        .routes(routes!(api::upload_to_answer))
        .routes(routes!(api::upload_to_decision))
        .layer(DefaultBodyLimit::max(UPLOAD_BODY_MAX))
}

/// The download route.
pub fn router() -> axum::Router<AppState> {
    axum::Router::new().route(DOWNLOAD, get(download::download))
}

/// The upload form of a version (GET shows it alone; the agreement page carries it too).
pub fn form_routes() -> Vec<FormRoute> {
    vec![FormRoute {
        path: VERSION_FORM,
        access: Access::Records,
        methods: get(pages::version_form).post(pages::version_upload).layer(DefaultBodyLimit::max(UPLOAD_BODY_MAX)),
    }]
}

//! The gate in front of every state-changing route. A write handler takes an [`ApiWriter`] (API)
//! or a [`FormWriter`] (pages) and never looks at roles itself: these extractors establish who
//! is asking (401 when nobody is) and that a form came from our own page (CSRF, 403); whether
//! that person may change the record is then decided by the store, in the write's transaction,
//! by the one rule in `samverkan_domain::may_change`.

use std::sync::Arc;

use crate::kit::error::{Error, PageError};
use crate::kit::multipart::{Unreadable, read_parts, too_large_response};
use crate::kit::state::AppState;
use crate::kit::visitor::{Credential, Visitor};
use axum::extract::multipart::Multipart;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{Method, header};
use axum::routing::MethodRouter;
use samverkan_domain::Input;
use samverkan_store::{Actor, SessionUser, UploadedFile};

/// The user behind an API write, proven by a personal token (`Authorization: Bearer`).
pub struct ApiWriter(pub Arc<SessionUser>);

impl ApiWriter {
    pub fn actor(&self) -> Actor {
        Actor::from(self.0.as_ref())
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ApiWriter {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        match parts.extensions.get::<Visitor>() {
            Some(Visitor { user: Some(user), credential: Credential::Token }) => Ok(ApiWriter(user.clone())),
            _ => Err(Error::Unauthorized),
        }
    }
}

/// The signed-in user behind a form, and the form's fields. The form must carry the session's
/// CSRF token in `csrf`; the other fields come as an [`Input`]. A form with a file field comes
/// as `multipart/form-data` ([`crate::kit::multipart`]): its file, if one was chosen, in `file`.
pub struct FormWriter {
    pub user: Arc<SessionUser>,
    /// The submitted fields, `csrf` taken out.
    pub fields: Vec<(String, String)>,
    /// The form came over HTTPS: cookies set in answer are `Secure`.
    pub secure: bool,
    /// The file chosen in a multipart form's `file` field.
    pub file: Option<UploadedFile>,
    /// A second file, or a file in another field: refused by the handler that reads the file.
    pub extra_files: Vec<String>,
}

impl FormWriter {
    pub fn actor(&self) -> Actor {
        Actor::from(self.user.as_ref())
    }

    /// The fields as an [`Input`] for the store.
    pub fn input(&self) -> Input {
        Input::from_form(self.fields.iter().cloned())
    }

    /// The value a field was submitted with (to show it again beside its error).
    pub fn value(&self, name: &str) -> String {
        self.fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default()
    }
}

/// Why a form was not taken: an error page, or its file over the limit (413).
pub enum FormRefused {
    Page(PageError),
    TooLarge,
}

impl From<PageError> for FormRefused {
    fn from(e: PageError) -> Self {
        FormRefused::Page(e)
    }
}

impl axum::response::IntoResponse for FormRefused {
    fn into_response(self) -> axum::response::Response {
        match self {
            FormRefused::Page(e) => e.into_response(),
            FormRefused::TooLarge => too_large_response(false),
        }
    }
}

impl FromRequest<AppState> for FormWriter {
    type Rejection = FormRefused;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let user = match request.extensions().get::<Visitor>() {
            Some(Visitor { user: Some(user), credential: Credential::Session }) => user.clone(),
            _ => return Err(PageError(Error::Unauthorized).into()),
        };
        let secure = state.settings.over_https(request.headers());
        let multipart = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("multipart/form-data"));
        let (fields, file, extra_files) = if multipart {
            let body = Multipart::from_request(request, state)
                .await
                .map_err(|e| PageError(Error::bad_request("formulär", e.body_text())))?;
            match read_parts(body).await {
                Ok(parts) => (parts.fields, parts.file, parts.extra_files),
                Err(Unreadable::TooLarge) => return Err(FormRefused::TooLarge),
                Err(Unreadable::Malformed(m)) => return Err(PageError(Error::bad_request("formulär", m)).into()),
            }
        } else {
            let axum::Form(fields): axum::Form<Vec<(String, String)>> = axum::Form::from_request(request, state)
                .await
                .map_err(|e| PageError(Error::bad_request("formulär", e.body_text())))?;
            (fields, None, Vec::new())
        };
        let csrf = fields.iter().find(|(k, _)| k == "csrf").map(|(_, v)| v.as_str()).unwrap_or("");
        if csrf.is_empty() || csrf != user.csrf_token {
            return Err(PageError(Error::Forbidden).into());
        }
        let fields = fields.into_iter().filter(|(k, _)| k != "csrf").collect();
        Ok(FormWriter { user, fields, secure, file, extra_files })
    }
}

/// Who may use a state-changing route, before any record is looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone (signing in).
    Public,
    /// Anyone signed in, for their own account (signing out, password, tokens).
    SignedIn,
    /// Those whose roles cover the record (the store decides).
    Records,
}

/// A page route that takes a form (POST), with who may use it. Every module's form routes are
/// registered through this, so the list of state-changing routes is the router's own.
pub struct FormRoute {
    pub path: &'static str,
    pub access: Access,
    /// The route's methods: its POST handler, and a GET for the form where it has one.
    pub methods: MethodRouter<AppState>,
}

/// A state-changing route as the router serves it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateChangingRoute {
    pub method: Method,
    /// The path as the router has it, with `{id}` for parameters.
    pub path: String,
    pub access: Access,
}

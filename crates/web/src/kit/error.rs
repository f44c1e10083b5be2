//! One error type for the HTTP layer. The API renders it as `application/problem+json`
//! (RFC 9457); pages render it as an HTML page in Swedish. Internal errors are logged with their
//! cause and shown to nobody.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use samverkan_domain::Invalid;
use samverkan_store::{StoreError, WriteError};
use serde::Serialize;

#[derive(Debug)]
pub enum Error {
    /// A query or body parameter is not acceptable; `field` names it.
    BadRequest {
        field: String,
        message: String,
    },
    NotFound,
    /// Nobody is signed in (pages) or no valid token was sent (API), and the request needs it.
    Unauthorized,
    /// The request may not do this (e.g. a form without its CSRF token).
    Forbidden,
    /// The signed-in user's roles do not cover the record.
    NotPermitted,
    /// A submission with fields that were not accepted, each named with its reason.
    Invalid(Invalid),
    /// Something failed on our side; the cause goes to the log, never to the client.
    Internal(String),
}

impl Error {
    pub fn bad_request(field: &str, message: impl ToString) -> Self {
        Error::BadRequest { field: field.to_owned(), message: message.to_string() }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Error::BadRequest { .. } => StatusCode::BAD_REQUEST,
            Error::NotFound => StatusCode::NOT_FOUND,
            Error::Unauthorized => StatusCode::UNAUTHORIZED,
            Error::Forbidden | Error::NotPermitted => StatusCode::FORBIDDEN,
            Error::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Error::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn title(&self) -> &'static str {
        match self {
            Error::BadRequest { .. } => "Ogiltig begäran",
            Error::NotFound => "Sidan finns inte",
            Error::Unauthorized => "Du behöver logga in",
            Error::Forbidden => "Det går inte att göra så här",
            Error::NotPermitted => "Du får inte ändra det här",
            Error::Invalid(_) => "Uppgifterna kunde inte sparas",
            Error::Internal(_) => "Något gick fel hos oss",
        }
    }

    /// The problem document's title: the page's, except where the page speaks of itself ("Sidan
    /// finns inte") and an API caller asked for a record.
    pub fn problem_title(&self) -> &'static str {
        match self {
            Error::NotFound => "Finns inte",
            _ => self.title(),
        }
    }

    pub fn detail(&self) -> String {
        match self {
            Error::BadRequest { field, message } => format!("{field}: {message}"),
            Error::NotFound => "Det finns ingenting på den här adressen.".to_owned(),
            Error::Unauthorized => {
                "Logga in för att ändra uppgifter. API:et tar en personlig nyckel i Authorization: Bearer.".to_owned()
            }
            Error::NotPermitted => {
                "Dina roller omfattar inte den här uppgiften. Kontakta processledningen om du behöver ändra den."
                    .to_owned()
            }
            Error::Invalid(invalid) => format!("Rätta fälten: {invalid}"),
            Error::Forbidden => {
                "Formuläret kom inte från den här webbplatsen eller är för gammalt. Ladda om sidan och försök igen."
                    .to_owned()
            }
            Error::Internal(_) => "Försök igen om en stund. Felet är loggat.".to_owned(),
        }
    }

    pub fn log(&self) {
        if let Error::Internal(cause) = self {
            tracing::error!(%cause, "internal error");
        }
    }
}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        Error::Internal(e.to_string())
    }
}

impl From<WriteError> for Error {
    fn from(e: WriteError) -> Self {
        match e {
            WriteError::NotPermitted => Error::NotPermitted,
            WriteError::NotFound => Error::NotFound,
            WriteError::Invalid(invalid) => Error::Invalid(invalid),
            WriteError::Store(e) => Error::from(e),
        }
    }
}

/// The problem document (RFC 9457) that every API error answers with.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// A URI reference that identifies the problem type.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// The parameters that were not accepted, each with its reason.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub invalid_params: Vec<InvalidParam>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct InvalidParam {
    pub name: String,
    pub reason: String,
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        self.log();
        let status = self.status();
        let problem = Problem {
            kind: "about:blank".to_owned(),
            title: self.problem_title().to_owned(),
            status: status.as_u16(),
            detail: self.detail(),
            invalid_params: match &self {
                Error::BadRequest { field, message } => {
                    vec![InvalidParam { name: field.clone(), reason: message.clone() }]
                }
                Error::Invalid(invalid) => invalid
                    .0
                    .iter()
                    .map(|e| InvalidParam { name: e.field.clone(), reason: e.message.clone() })
                    .collect(),
                _ => Vec::new(),
            },
        };
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        let mut response = (status, [(header::CONTENT_TYPE, "application/problem+json")], body).into_response();
        if matches!(self, Error::Unauthorized) {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
        }
        response
    }
}

/// The same error, answered as an HTML page for people.
#[derive(Debug)]
pub struct PageError(pub Error);

impl<E: Into<Error>> From<E> for PageError {
    fn from(e: E) -> Self {
        PageError(e.into())
    }
}

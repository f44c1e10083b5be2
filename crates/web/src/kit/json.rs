//! The API's kit: reading a JSON body into an [`Input`], the answers to a write (201/200 with
//! the id, the refusals each write documents), the query parameters every list documents, paging
//! a list into `X-Total-Count` and `Link`, and the reference shape (`{id, name}`).

use axum::Json;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use samverkan_domain::Input;
use samverkan_store as store;
use serde::Serialize;
use utoipa::{IntoParams, IntoResponses, ToSchema};

use crate::kit::error::{Error, Problem};
use crate::kit::params::Window;

/// A JSON body read into an [`Input`]: a body that is not a JSON object is refused with a
/// problem document (400, naming `Content-Type` or `body`).
pub struct JsonInput(pub Input);

impl<S: Send + Sync> FromRequest<S> for JsonInput {
    type Rejection = Error;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let json =
            request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| {
                v.split(';').next().is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"))
            });
        if !json {
            return Err(Error::bad_request("Content-Type", "ska vara application/json"));
        }
        let Json(value): Json<serde_json::Value> =
            Json::from_request(request, state).await.map_err(|e| Error::bad_request("body", e.body_text()))?;
        Input::from_json(value).map(JsonInput).map_err(Error::Invalid)
    }
}

/// What a write answers with: the id of the record written.
#[derive(Debug, Serialize, ToSchema)]
pub struct WrittenJson {
    pub id: i32,
}

pub fn created(id: i32) -> Response {
    (StatusCode::CREATED, Json(WrittenJson { id })).into_response()
}

pub fn updated(id: i32) -> Response {
    Json(WrittenJson { id }).into_response()
}

pub type WriteResult = Result<Response, Error>;

/// The refusals every write may answer with (problem documents).
#[derive(IntoResponses)]
#[allow(dead_code)] // describes responses; `Error` produces them
pub enum WriteRefusals {
    #[response(status = 400, description = "Kroppen är inte JSON", content_type = "application/problem+json")]
    BadRequest(Problem),
    #[response(status = 401, description = "Ingen giltig nyckel", content_type = "application/problem+json")]
    Unauthorized(Problem),
    #[response(status = 403, description = "Rollerna räcker inte", content_type = "application/problem+json")]
    Forbidden(Problem),
    #[response(status = 404, description = "Finns inte", content_type = "application/problem+json")]
    NotFound(Problem),
    #[response(status = 422, description = "Fält som inte godtogs", content_type = "application/problem+json")]
    Invalid(Problem),
}

/// `?at=`: the date to answer for.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // documents the parameter; `At` reads it
pub struct AtParam {
    /// Datum (ÅÅÅÅ-MM-DD) att svara för; utelämnat betyder i dag (Europe/Stockholm).
    #[param(value_type = Option<String>, format = Date, example = "2022-06-01")]
    at: Option<String>,
}

/// `?limit=&offset=`: which part of a list to answer with.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // documents the parameters; `Window` reads them
pub struct WindowParams {
    /// Högst så många rader (1–1000, standard 100).
    #[param(minimum = 1, maximum = 1000, example = 100)]
    limit: Option<u32>,
    /// Hoppa över så många rader från listans början (standard 0).
    #[param(minimum = 0, maximum = 2147483647, example = 0)]
    offset: Option<u32>,
}

/// A list answer: the rows as a JSON array, the whole list's length in `X-Total-Count`, and the
/// next part's address in `Link: <…>; rel="next"` while there is more.
pub fn paged_json<T, J>(uri: &Uri, window: Window, paged: store::Paged<T>) -> ListResult<J>
where
    J: Serialize + for<'a> From<&'a T>,
{
    let mut headers = HeaderMap::new();
    headers.insert("x-total-count", HeaderValue::from(paged.total));
    let next = window.offset + paged.items.len() as u64;
    if !paged.items.is_empty() && next < paged.total {
        let query: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(
                form_urlencoded::parse(uri.query().unwrap_or("").as_bytes())
                    .filter(|(k, _)| k != "offset" && k != "limit"),
            )
            .append_pair("limit", &window.limit.to_string())
            .append_pair("offset", &next.to_string())
            .finish();
        let link = format!("<{}?{query}>; rel=\"next\"", uri.path());
        headers.insert(header::LINK, HeaderValue::from_str(&link).map_err(|e| Error::Internal(e.to_string()))?);
    }
    Ok((headers, Json(paged.items.iter().map(J::from).collect())))
}

pub type ListResult<J> = Result<(HeaderMap, Json<Vec<J>>), Error>;

// ---- shapes -------------------------------------------------------------------------------

/// A reference to another record.
#[derive(Debug, Serialize, ToSchema)]
pub struct RefJson {
    pub id: i32,
    pub name: String,
}

impl From<&store::Ref> for RefJson {
    fn from(r: &store::Ref) -> Self {
        RefJson { id: r.id, name: r.name.clone() }
    }
}

pub fn opt_ref(r: &Option<store::Ref>) -> Option<RefJson> {
    r.as_ref().map(RefJson::from)
}

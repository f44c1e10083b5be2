//! The API's kit: reading a JSON body into an [`Input`], the answers to a write (201 with the
//! new record's `Location` and 200 with the id, the refusals each write documents), the query
//! parameters every list documents, paging a list into `X-Total-Count` and `Link`, and the
//! reference shape (`{id, name}`).

use axum::Json;
use axum::body::Bytes;
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
/// problem document (400, naming `Content-Type` or `body`; a syntax error is told in Swedish with
/// its line and column).
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
        let bytes = Bytes::from_request(request, state).await.map_err(|e| {
            let reason =
                if e.status() == StatusCode::PAYLOAD_TOO_LARGE { "är för stor" } else { "kunde inte läsas" };
            Error::bad_request("body", reason)
        })?;
        let value: serde_json::Value =
            serde_json::from_slice(&bytes).map_err(|e| Error::bad_request("body", syntax_message(&e)))?;
        Input::from_json(value).map(JsonInput).map_err(Error::Invalid)
    }
}

/// What is wrong with a body that is not JSON, in Swedish, with where: "ogiltig JSON: förväntade
/// ',' eller '}' på rad 1, kolumn 17".
fn syntax_message(error: &serde_json::Error) -> String {
    // serde_json tells the kind of error only in its English text (`expected `,` or `}` at line
    // 1 column 17`); the known texts are told in Swedish, any other as only "ogiltig JSON".
    let english = error.to_string();
    let what = SYNTAX_ERRORS
        .iter()
        .find(|(prefix, _)| english.starts_with(prefix))
        .map(|(_, swedish)| format!(": {swedish}"))
        .unwrap_or_default();
    if error.line() == 0 {
        format!("ogiltig JSON{what}")
    } else {
        format!("ogiltig JSON{what} på rad {}, kolumn {}", error.line(), error.column())
    }
}

/// serde_json's syntax errors (the start of each English text) in Swedish.
const SYNTAX_ERRORS: &[(&str, &str)] = &[
    ("EOF while parsing", "texten tar slut mitt i"),
    ("expected `:`", "förväntade ':'"),
    ("expected `,` or `]`", "förväntade ',' eller ']'"),
    ("expected `,` or `}`", "förväntade ',' eller '}'"),
    ("expected ident", "förväntade true, false eller null"),
    ("expected value", "förväntade ett värde"),
    ("expected `\"`", "förväntade '\"'"),
    ("invalid escape", "ogiltig teckenkod efter \\"),
    ("invalid number", "ogiltigt tal"),
    ("number out of range", "talet är för stort"),
    ("invalid unicode code point", "ogiltigt Unicode-tecken"),
    ("control character", "styrtecken i en sträng"),
    ("key must be a string", "nyckeln ska vara en sträng"),
    ("lone leading surrogate", "ogiltigt Unicode-tecken"),
    ("unexpected end of hex escape", "ofullständig teckenkod efter \\u"),
    ("trailing comma", "kommatecken före slutet"),
    ("trailing characters", "tecken efter JSON-värdets slut"),
    ("recursion limit exceeded", "för djupt nästlad"),
];

/// What a write answers with: the id of the record written.
#[derive(Debug, Serialize, ToSchema)]
pub struct WrittenJson {
    pub id: i32,
}

/// 201 with the id, and the new record's API address (`{collection}/{id}`) in `Location`.
pub fn created(collection: &str, id: i32) -> Response {
    let location = format!("{collection}/{id}");
    match HeaderValue::from_str(&location) {
        Ok(location) => (StatusCode::CREATED, [(header::LOCATION, location)], Json(WrittenJson { id })).into_response(),
        Err(e) => Error::Internal(format!("location {location}: {e}")).into_response(),
    }
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

/// A list answer: the rows as a JSON array, the whole list's length in `X-Total-Count`, and in
/// `Link` the addresses of the list's `first` and `prev` part (when this is not the first) and of
/// its `next` and `last` part (when there is more), each with the same `limit`.
pub fn paged_json<T, J>(uri: &Uri, window: Window, paged: store::Paged<T>) -> ListResult<J>
where
    J: Serialize + for<'a> From<&'a T>,
{
    let mut headers = HeaderMap::new();
    headers.insert("x-total-count", HeaderValue::from(paged.total));
    let links = links(window, paged.items.len() as u64, paged.total);
    if !links.is_empty() {
        let link = links
            .iter()
            .map(|(rel, offset)| format!("<{}>; rel=\"{rel}\"", part_address(uri, window.limit, *offset)))
            .collect::<Vec<_>>()
            .join(", ");
        headers.insert(header::LINK, HeaderValue::from_str(&link).map_err(|e| Error::Internal(e.to_string()))?);
    }
    Ok((headers, Json(paged.items.iter().map(J::from).collect())))
}

/// The relations of a part of `rows` rows at `window` in a list of `total`, each with its
/// offset: none for an empty part (past the end, or an empty list); `next` and `last` step from
/// this part's offset by `limit`, so following `next` ends on `last`.
fn links(window: Window, rows: u64, total: u64) -> Vec<(&'static str, u64)> {
    let Window { limit, offset } = window;
    let mut links = Vec::new();
    if rows == 0 || limit == 0 {
        return links;
    }
    if offset > 0 {
        links.push(("first", 0));
        links.push(("prev", offset.saturating_sub(limit)));
    }
    let next = offset + rows;
    if next < total {
        links.push(("next", next));
        links.push(("last", offset + (total - 1 - offset) / limit * limit));
    }
    links
}

/// `uri` with its `limit` and `offset` set, its other parameters (`at`, filters) kept.
fn part_address(uri: &Uri, limit: u64, offset: u64) -> String {
    let query: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(
            form_urlencoded::parse(uri.query().unwrap_or("").as_bytes()).filter(|(k, _)| k != "offset" && k != "limit"),
        )
        .append_pair("limit", &limit.to_string())
        .append_pair("offset", &offset.to_string())
        .finish();
    format!("{}?{query}", uri.path())
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

#[cfg(test)]
mod tests {
    use super::*;

    fn rels(limit: u64, offset: u64, rows: u64, total: u64) -> Vec<(&'static str, u64)> {
        links(Window { limit, offset }, rows, total)
    }

    #[test]
    fn a_part_links_to_the_parts_around_it() {
        assert_eq!(rels(10, 10, 10, 38), [("first", 0), ("prev", 0), ("next", 20), ("last", 30)]);
        assert_eq!(rels(10, 0, 10, 38), [("next", 10), ("last", 30)]);
        assert_eq!(rels(10, 30, 8, 38), [("first", 0), ("prev", 20)]);
        // A list that parts evenly: the last part is a whole one.
        assert_eq!(rels(10, 10, 10, 40), [("first", 0), ("prev", 0), ("next", 20), ("last", 30)]);
        assert_eq!(rels(1, 0, 1, 3), [("next", 1), ("last", 2)]);
        // One part, an empty list, a window past the end: nothing to link.
        assert!(rels(100, 0, 38, 38).is_empty());
        assert!(rels(10, 0, 0, 0).is_empty());
        assert!(rels(10, 1000, 0, 38).is_empty());
    }

    #[test]
    fn a_syntax_error_is_told_in_swedish_with_where() {
        let error = |text: &str| syntax_message(&serde_json::from_str::<serde_json::Value>(text).unwrap_err());
        assert_eq!(error("{\"a\": 1 \"b\"}"), "ogiltig JSON: förväntade ',' eller '}' på rad 1, kolumn 9");
        assert_eq!(error("[1 2]"), "ogiltig JSON: förväntade ',' eller ']' på rad 1, kolumn 4");
        assert_eq!(error("{\"a\" 1}"), "ogiltig JSON: förväntade ':' på rad 1, kolumn 6");
        assert_eq!(error("{1: 2}"), "ogiltig JSON: nyckeln ska vara en sträng på rad 1, kolumn 2");
        assert_eq!(error("{} x"), "ogiltig JSON: tecken efter JSON-värdets slut på rad 1, kolumn 4");
    }
}

//! The actor map's API: an area's map (`GET`, paged, by category and sector) and a new actor on it
//! (`POST`), importing a list (`POST …/actors/import`, CSV, `?dry_run=true`), and one service at
//! the address its create answers with (`GET`, `PUT`). The exports are in `exports`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use samverkan_domain::local::actor_csv::RowError;
use samverkan_store::{ImportError, ImportReport, Outcome};
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::json::{ActorFilterParams, ServiceJson, filter_of};
use crate::kit::error::InvalidParam;
use crate::kit::json::{AtParam, ListResult, WindowParams, WriteResult, paged_json};
use crate::kit::{ApiWriter, AppState, At, Error, JsonInput, Problem, Window, WriteRefusals, WrittenJson};
use crate::kit::{created, parse_id, updated};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_actors, create_actor))
        .routes(routes!(import_actors))
        .routes(routes!(get_service, update_service))
        .merge(super::exports::router())
}

crate::kit::commands::request_schema! {
    ActorInput => samverkan_domain::commands::NewActor;
    ServiceInput => samverkan_domain::commands::ServiceDetails;
}

/// The services on an area's map on the date asked for: serving the area, their organisation
/// valid that day.
#[utoipa::path(get, path = "/api/v1/areas/{id}/actors", tag = "lokal samverkan", summary = "Närområdets aktörskarta",
    params(("id" = i32, Path, description = "Närområdets id"), AtParam, WindowParams, ActorFilterParams),
    responses(
        (status = 200, description = "Tjänsterna på närområdets aktörskarta, i svensk ordning", body = Vec<ServiceJson>,
        headers(
            ("X-Total-Count" = u64, description = "Hela listans längd"),
            ("Link" = String, description = "Adresserna till listans delar med samma `limit`: `rel=\"first\"` och `rel=\"prev\"` (första och föregående) utom på första delen, `rel=\"next\"` och `rel=\"last\"` (nästa och sista) när det finns mer. Saknas när hela listan ryms i en del."),
        )),
        (status = 400, description = "Ogiltig parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Inget sådant närområde", body = Problem, content_type = "application/problem+json"),
    ))]
async fn list_actors(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: At,
    window: Window,
    RawQuery(query): RawQuery,
    uri: Uri,
) -> ListResult<ServiceJson> {
    let id = parse_id(&id)?;
    let filter = filter_of(query.as_deref(), ("category", "sector"), false)?;
    state.store.area(id, at.date).await?.ok_or(Error::NotFound)?;
    let rows = state.store.area_actors(id, at.date, filter, window.page()).await?;
    paged_json(&uri, window, rows)
}

#[utoipa::path(post, path = "/api/v1/areas/{id}/actors", tag = "redigering", summary = "Lägg till en aktör på närområdets aktörskarta", request_body = ActorInput,
    params(("id" = i32, Path, description = "Närområdets id")),
    security(("token" = [])),
    responses((status = 201, description = "Tjänsten är skapad (och organisationen, om den inte fanns)", body = WrittenJson,
        headers(("Location" = String, description = "Den nya tjänstens adress i API:et"))), WriteRefusals))]
async fn create_actor(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    let id = parse_id(&id)?;
    Ok(created("/api/v1/services", state.store.create_actor(&writer.actor(), id, input).await?))
}

/// One service of an actor map.
#[utoipa::path(get, path = "/api/v1/services/{id}", tag = "lokal samverkan", summary = "En tjänst på en aktörskarta",
    params(("id" = i32, Path, description = "Tjänstens id")),
    responses(
        (status = 200, description = "Tjänsten", body = ServiceJson),
        (status = 404, description = "Ingen sådan tjänst", body = Problem, content_type = "application/problem+json"),
    ))]
async fn get_service(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<ServiceJson>, Error> {
    let service = state.store.service(parse_id(&id)?).await?.ok_or(Error::NotFound)?;
    Ok(Json(ServiceJson::from(&service)))
}

#[utoipa::path(put, path = "/api/v1/services/{id}", tag = "redigering", summary = "Ändra en tjänst på en aktörskarta", request_body = ServiceInput,
    params(("id" = i32, Path, description = "Tjänstens id")),
    security(("token" = [])),
    responses((status = 200, description = "Tjänsten är ändrad", body = WrittenJson), WriteRefusals))]
async fn update_service(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    let id = parse_id(&id)?;
    Ok(updated(state.store.update_actor(&writer.actor(), id, input).await?))
}

/// `?dry_run=true`: only check the list and answer what importing it would do.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // documents the parameter; `dry_run` reads it
pub struct DryRunParam {
    /// `true`: granska bara listan och svara vad importen skulle göra; ingenting sparas.
    dry_run: Option<bool>,
}

/// What importing one row does (or would do).
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportRowJson {
    /// The row's number in the file (the header is row 1).
    pub row: usize,
    pub name: String,
    /// `created`, `changed` or `unchanged`.
    #[schema(example = "created")]
    pub outcome: &'static str,
    /// The service created or changed (null for a dry run's new one).
    pub service_id: Option<i32>,
    /// The columns that changed, as the list heads them.
    pub columns: Vec<&'static str>,
}

/// What an import did, or (a dry run) would do.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportJson {
    pub dry_run: bool,
    pub created: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub rows: Vec<ImportRowJson>,
}

impl From<&ImportReport> for ImportJson {
    fn from(r: &ImportReport) -> Self {
        ImportJson {
            dry_run: r.dry_run,
            created: r.created(),
            changed: r.changed(),
            unchanged: r.unchanged(),
            rows: r
                .rows
                .iter()
                .map(|row| {
                    let (outcome, service_id, columns) = match &row.outcome {
                        Outcome::Created(id) => ("created", *id, Vec::new()),
                        Outcome::Changed { service_id, columns } => ("changed", Some(*service_id), columns.clone()),
                        Outcome::Unchanged { service_id } => ("unchanged", Some(*service_id), Vec::new()),
                    };
                    ImportRowJson { row: row.row, name: row.name.clone(), outcome, service_id, columns }
                })
                .collect(),
        }
    }
}

/// One wrong row of a list: its number, the column (as the file heads it; empty for the whole
/// row) and what is wrong, in Swedish.
#[derive(Debug, Serialize, ToSchema)]
pub struct RowErrorJson {
    pub row: usize,
    pub column: String,
    pub message: String,
}

/// A list that was not imported: every wrong row, in `errors` and (as `rad N, Kolumn`) in
/// `invalid_params`. Nothing was saved.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportProblem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    pub invalid_params: Vec<InvalidParam>,
    pub errors: Vec<RowErrorJson>,
}

fn rows_refused(errors: Vec<RowError>) -> Response {
    let problem = ImportProblem {
        kind: "about:blank".to_owned(),
        title: "Listan kunde inte importeras".to_owned(),
        status: StatusCode::UNPROCESSABLE_ENTITY.as_u16(),
        detail: format!("{} fel i listan; ingenting är sparat.", errors.len()),
        invalid_params: errors
            .iter()
            .map(|e| InvalidParam {
                name: if e.column.is_empty() {
                    format!("rad {}", e.row)
                } else {
                    format!("rad {}, {}", e.row, e.column)
                },
                reason: e.message.clone(),
            })
            .collect(),
        errors: errors.into_iter().map(|e| RowErrorJson { row: e.row, column: e.column, message: e.message }).collect(),
    };
    let body = serde_json::to_vec(&problem).unwrap_or_default();
    (StatusCode::UNPROCESSABLE_ENTITY, [(header::CONTENT_TYPE, "application/problem+json")], body).into_response()
}

/// `?dry_run=`: `true` or `false` (absent: `false`); anything else is named.
fn dry_run(query: Option<&str>) -> Result<bool, Error> {
    let mut dry = false;
    for (key, value) in form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
        if key == "dry_run" {
            dry = match value.as_ref() {
                "true" => true,
                "false" => false,
                other => {
                    return Err(Error::bad_request("dry_run", format!("ska vara true eller false, inte \"{other}\"")));
                }
            };
        }
    }
    Ok(dry)
}

/// Imports an actor list into an area's map: all or nothing. A list with any wrong row is
/// answered 422 with every wrong row (row, column, what is wrong) and nothing is saved; the same
/// list twice changes nothing the second time.
#[utoipa::path(post, path = "/api/v1/areas/{id}/actors/import", tag = "redigering", summary = "Importera en aktörslista (CSV) till närområdets aktörskarta",
    request_body(content = String, content_type = "text/csv",
        description = "Aktörslistan: UTF-8 med eller utan BOM, semikolon- eller kommaavgränsad, rubrikrad först. Kolumnerna: Namn, Kategori, Sektor (måste finnas), Status, Adress, Telefon, Webb, E-post, HSA-id, Kontaktfunktion, Senast kontrollerad."),
    params(("id" = i32, Path, description = "Närområdets id"), DryRunParam),
    security(("token" = [])),
    responses(
        (status = 200, description = "Vad importen gjorde (eller skulle göra, med `dry_run=true`)", body = ImportJson),
        (status = 400, description = "Kroppen är inte text/csv, eller en ogiltig parameter", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Ingen giltig nyckel", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Rollerna räcker inte", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Inget sådant närområde", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fel i listan: varje fel rad med kolumn och vad som är fel; ingenting är sparat", body = ImportProblem, content_type = "application/problem+json"),
    ))]
async fn import_actors(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Error> {
    let id = parse_id(&id)?;
    let dry = dry_run(query.as_deref())?;
    let csv = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(';').next().is_some_and(|t| t.trim().eq_ignore_ascii_case("text/csv")));
    if !csv {
        return Err(Error::bad_request("Content-Type", "ska vara text/csv"));
    }
    match state.store.import_actors(&writer.actor(), id, &body, dry).await {
        Ok(report) => Ok(Json(ImportJson::from(&report)).into_response()),
        Err(ImportError::Rows(errors)) => Ok(rows_refused(errors)),
        Err(ImportError::Write(e)) => Err(e.into()),
    }
}

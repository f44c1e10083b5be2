//! An area's actor map exported: as the CSV list the import reads (same columns, so it reads
//! back to the same actors), as Open Referral HSDS 3 JSON (`hsds`), and its health care as a FHIR
//! R4 bundle (`fhir`). Each answers for `?at=` as the map does.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use samverkan_domain::local::actor_csv::write_csv;
use samverkan_store::{ActorFilter, AreaSummary, Page, Service};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::kit::json::AtParam;
use crate::kit::{AppState, At, Error, Problem, parse_id};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(actors_csv)).routes(routes!(actors_hsds)).routes(routes!(area_fhir))
}

/// The area and every service of its map on `at`.
async fn map_of(state: &AppState, id: &str, at: &At) -> Result<(AreaSummary, Vec<Service>), Error> {
    let id = parse_id(id)?;
    let area = state.store.area(id, at.date).await?.ok_or(Error::NotFound)?;
    let services = state.store.area_actors(id, at.date, ActorFilter::default(), Page::ALL).await?.items;
    Ok((area, services))
}

/// An area's actor list as CSV: the columns the import reads, separated by `;`, with a BOM, as
/// Excel in Sweden opens it; importing it again changes nothing.
#[utoipa::path(get, path = "/api/v1/areas/{id}/actors.csv", tag = "lokal samverkan", summary = "Närområdets aktörslista som CSV",
    params(("id" = i32, Path, description = "Närområdets id"), AtParam),
    responses(
        (status = 200, description = "Aktörslistan (UTF-8 med BOM, semikolonavgränsad, samma kolumner som importen)", body = String, content_type = "text/csv"),
        (status = 400, description = "Ogiltig parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Inget sådant närområde", body = Problem, content_type = "application/problem+json"),
    ))]
async fn actors_csv(State(state): State<AppState>, Path(id): Path<String>, at: At) -> Result<Response, Error> {
    let (area, services) = map_of(&state, &id, &at).await?;
    let rows: Vec<_> = services.iter().map(Service::row).collect();
    let disposition = format!("attachment; filename=\"aktorer-{}-{}.csv\"", area.area.id, at.date);
    let disposition = HeaderValue::from_str(&disposition).map_err(|e| Error::Internal(e.to_string()))?;
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8")),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        write_csv(&rows),
    )
        .into_response())
}

/// An area's actor map as Open Referral HSDS 3: an array of organisations, each with its
/// services on the map, their locations and phones; each validates against HSDS 3's compiled
/// `organization` schema.
#[utoipa::path(get, path = "/api/v1/areas/{id}/actors/hsds", tag = "lokal samverkan", summary = "Närområdets aktörskarta som Open Referral HSDS 3",
    params(("id" = i32, Path, description = "Närområdets id"), AtParam),
    responses(
        (status = 200, description = "Organisationerna med sina tjänster, platser och telefonnummer (HSDS 3 `organization`)", body = Vec<Object>),
        (status = 400, description = "Ogiltig parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Inget sådant närområde", body = Problem, content_type = "application/problem+json"),
    ))]
async fn actors_hsds(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: At,
) -> Result<Json<serde_json::Value>, Error> {
    let (area, services) = map_of(&state, &id, &at).await?;
    let ids: Vec<i32> = services.iter().map(|s| s.organisation.id).collect();
    let organisations = state.store.organisations_by_id(&ids).await?;
    let origin = state.settings.public_url.origin();
    Ok(Json(super::hsds::organisations(origin, &area.area.name, &organisations, &services)))
}

/// An area's health care as a FHIR R4 `Bundle` (type `collection`): the coordinating health
/// centre and the providers of the map's health-care services as `Organization`, the services as
/// `HealthcareService` (HSA-id in `urn:oid:1.2.752.29.4.19`), their addresses and the area as
/// `Location`, the area each service's `coverageArea`.
#[utoipa::path(get, path = "/api/v1/areas/{id}/fhir", tag = "lokal samverkan", summary = "Närområdets samordnande vårdcentral och vårdtjänster som FHIR R4",
    params(("id" = i32, Path, description = "Närområdets id"), AtParam),
    responses(
        (status = 200, description = "En FHIR R4 Bundle av typen collection", body = Object, content_type = "application/fhir+json"),
        (status = 400, description = "Ogiltig parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Inget sådant närområde", body = Problem, content_type = "application/problem+json"),
    ))]
async fn area_fhir(State(state): State<AppState>, Path(id): Path<String>, at: At) -> Result<Response, Error> {
    let (area, services) = map_of(&state, &id, &at).await?;
    let care: Vec<Service> = services.into_iter().filter(|s| s.category.is_health_care()).collect();
    let coordinating: Vec<i32> = area.coordinating_health_centre().map(|h| h.organisation.id).into_iter().collect();
    let ids: Vec<i32> = coordinating.iter().copied().chain(care.iter().map(|s| s.organisation.id)).collect();
    let organisations = state.store.organisations_by_id(&ids).await?;
    let origin = state.settings.public_url.origin();
    let timestamp = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let bundle = super::fhir::bundle(origin, &area, &organisations, &coordinating, &care, at.date, &timestamp);
    let body = serde_json::to_vec(&bundle).map_err(|e| Error::Internal(e.to_string()))?;
    Ok(([(header::CONTENT_TYPE, "application/fhir+json")], body).into_response())
}

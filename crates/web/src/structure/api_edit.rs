//! The API's writes: the same store edits the pages call, authenticated by a personal token
//! (`Authorization: Bearer`). A body with wrong fields is answered 422 with each field named in
//! `invalid_params`; a caller whose roles do not cover the record gets 403, one without a valid
//! token 401.

use crate::kit::json::WriteResult;
use crate::kit::{ApiWriter, AppState, parse_id};
use crate::kit::{JsonInput, WriteRefusals, WrittenJson, created, updated};
use axum::extract::{Path, State};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The writes at an address of their own; a change of a record is registered with its read, at
/// the same address, in `api_records`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_function))
        .routes(routes!(hand_over_function))
        .routes(routes!(create_body))
        .routes(routes!(update_body))
        .routes(routes!(add_membership))
        .routes(routes!(create_organisation))
        .routes(routes!(create_sub_region))
}

// ---- request bodies, for the description (each is a command of `samverkan_domain::commands`) --

crate::kit::commands::request_schema! {
    FunctionInput => samverkan_domain::commands::NewFunction;
    FunctionUpdate => samverkan_domain::commands::FunctionDetails;
    HandoverInput => samverkan_domain::commands::NewHolder;
    PersonInput => samverkan_domain::commands::PersonDetails;
    BodyInput => samverkan_domain::commands::BodyDetails;
    MembershipInput => samverkan_domain::commands::NewMembership;
    MembershipEnd => samverkan_domain::commands::MembershipEnd;
    OrganisationInput => samverkan_domain::commands::OrganisationDetails;
    SubRegionInput => samverkan_domain::commands::SubRegionDetails;
}

// ---- handlers -------------------------------------------------------------------------------

#[utoipa::path(post, path = "/api/v1/functions", tag = "redigering", summary = "Skapa en funktion", request_body = FunctionInput,
    security(("token" = [])),
    responses((status = 201, description = "Funktionen är skapad", body = WrittenJson,
        headers(("Location" = String, description = "Den nya uppgiftens adress i API:et"))), WriteRefusals))]
async fn create_function(State(state): State<AppState>, writer: ApiWriter, JsonInput(input): JsonInput) -> WriteResult {
    Ok(created("/api/v1/functions", state.store.create_function(&writer.actor(), input).await?))
}

#[utoipa::path(put, path = "/api/v1/functions/{id}", tag = "redigering", summary = "Ändra en funktion", request_body = FunctionUpdate,
    params(("id" = i32, Path, description = "Funktionens id")),
    security(("token" = [])),
    responses((status = 200, description = "Funktionen är ändrad", body = WrittenJson), WriteRefusals))]
pub(super) async fn update_function(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    let id = parse_id(&id)?;
    Ok(updated(state.store.update_function(&writer.actor(), id, input).await?))
}

#[utoipa::path(post, path = "/api/v1/functions/{id}/handovers", tag = "redigering", summary = "Lämna över en funktion till en ny innehavare", request_body = HandoverInput,
    params(("id" = i32, Path, description = "Funktionens id")),
    security(("token" = [])),
    responses((status = 201, description = "Bytet är gjort; svaret har det nya uppdragets id", body = WrittenJson,
        headers(("Location" = String, description = "Den nya uppgiftens adress i API:et"))), WriteRefusals))]
async fn hand_over_function(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    let id = parse_id(&id)?;
    Ok(created("/api/v1/holdings", state.store.hand_over_function(&writer.actor(), id, input).await?))
}

#[utoipa::path(put, path = "/api/v1/persons/{id}", tag = "redigering", summary = "Ändra en person", request_body = PersonInput,
    params(("id" = i32, Path, description = "Personens id")),
    security(("token" = [])),
    responses((status = 200, description = "Personen är ändrad", body = WrittenJson), WriteRefusals))]
pub(super) async fn update_person(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    let id = parse_id(&id)?;
    Ok(updated(state.store.update_person(&writer.actor(), id, input).await?))
}

#[utoipa::path(post, path = "/api/v1/bodies", tag = "redigering", summary = "Skapa ett organ", request_body = BodyInput,
    security(("token" = [])),
    responses((status = 201, description = "Organet är skapat", body = WrittenJson,
        headers(("Location" = String, description = "Den nya uppgiftens adress i API:et"))), WriteRefusals))]
async fn create_body(State(state): State<AppState>, writer: ApiWriter, JsonInput(input): JsonInput) -> WriteResult {
    Ok(created("/api/v1/bodies", state.store.create_body(&writer.actor(), input).await?))
}

#[utoipa::path(put, path = "/api/v1/bodies/{id}", tag = "redigering", summary = "Ändra ett organ", request_body = BodyInput,
    params(("id" = i32, Path, description = "Organets id")),
    security(("token" = [])),
    responses((status = 200, description = "Organet är ändrat", body = WrittenJson), WriteRefusals))]
async fn update_body(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    let id = parse_id(&id)?;
    Ok(updated(state.store.update_body(&writer.actor(), id, input).await?))
}

#[utoipa::path(post, path = "/api/v1/bodies/{id}/memberships", tag = "redigering", summary = "Lägg till en medlem i ett organ", request_body = MembershipInput,
    params(("id" = i32, Path, description = "Organets id")),
    security(("token" = [])),
    responses((status = 201, description = "Medlemskapet är skapat", body = WrittenJson,
        headers(("Location" = String, description = "Den nya uppgiftens adress i API:et"))), WriteRefusals))]
async fn add_membership(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    let id = parse_id(&id)?;
    Ok(created("/api/v1/memberships", state.store.add_membership(&writer.actor(), id, input).await?))
}

#[utoipa::path(patch, path = "/api/v1/memberships/{id}", tag = "redigering", summary = "Avsluta ett medlemskap", request_body = MembershipEnd,
    params(("id" = i32, Path, description = "Medlemskapets id")),
    security(("token" = [])),
    responses((status = 200, description = "Medlemskapet är avslutat", body = WrittenJson), WriteRefusals))]
pub(super) async fn end_membership(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    let id = parse_id(&id)?;
    Ok(updated(state.store.end_membership(&writer.actor(), id, input).await?))
}

#[utoipa::path(post, path = "/api/v1/organisations", tag = "redigering", summary = "Skapa en organisation", request_body = OrganisationInput,
    security(("token" = [])),
    responses((status = 201, description = "Organisationen är skapad", body = WrittenJson,
        headers(("Location" = String, description = "Den nya uppgiftens adress i API:et"))), WriteRefusals))]
async fn create_organisation(
    State(state): State<AppState>,
    writer: ApiWriter,
    JsonInput(input): JsonInput,
) -> WriteResult {
    Ok(created("/api/v1/organisations", state.store.create_organisation(&writer.actor(), input).await?))
}

#[utoipa::path(put, path = "/api/v1/organisations/{id}", tag = "redigering", summary = "Ändra en organisation", request_body = OrganisationInput,
    params(("id" = i32, Path, description = "Organisationens id")),
    security(("token" = [])),
    responses((status = 200, description = "Organisationen är ändrad", body = WrittenJson), WriteRefusals))]
pub(super) async fn update_organisation(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    let id = parse_id(&id)?;
    Ok(updated(state.store.update_organisation(&writer.actor(), id, input).await?))
}

#[utoipa::path(post, path = "/api/v1/sub-regions", tag = "redigering", summary = "Skapa en delregion", request_body = SubRegionInput,
    security(("token" = [])),
    responses((status = 201, description = "Delregionen är skapad", body = WrittenJson,
        headers(("Location" = String, description = "Den nya uppgiftens adress i API:et"))), WriteRefusals))]
async fn create_sub_region(
    State(state): State<AppState>,
    writer: ApiWriter,
    JsonInput(input): JsonInput,
) -> WriteResult {
    Ok(created("/api/v1/sub-regions", state.store.create_sub_region(&writer.actor(), input).await?))
}

#[utoipa::path(put, path = "/api/v1/sub-regions/{id}", tag = "redigering", summary = "Ändra en delregion", request_body = SubRegionInput,
    params(("id" = i32, Path, description = "Delregionens id")),
    security(("token" = [])),
    responses((status = 200, description = "Delregionen är ändrad", body = WrittenJson), WriteRefusals))]
pub(super) async fn update_sub_region(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    let id = parse_id(&id)?;
    Ok(updated(state.store.update_sub_region(&writer.actor(), id, input).await?))
}

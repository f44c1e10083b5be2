//! The API's writes: the same store edits the pages call, authenticated by a personal token
//! (`Authorization: Bearer`). A body with wrong fields is answered 422 with each field named in
//! `invalid_params`; a caller whose roles do not cover the record gets 403, one without a valid
//! token 401.

use crate::kit::json::WriteResult;
use crate::kit::{ApiWriter, AppState, parse_id};
use crate::kit::{JsonInput, WriteRefusals, WrittenJson, created, updated};
use axum::extract::{Path, State};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_function))
        .routes(routes!(update_function))
        .routes(routes!(hand_over_function))
        .routes(routes!(update_person))
        .routes(routes!(create_body))
        .routes(routes!(update_body))
        .routes(routes!(add_membership))
        .routes(routes!(end_membership))
        .routes(routes!(create_organisation))
        .routes(routes!(update_organisation))
        .routes(routes!(create_sub_region))
        .routes(routes!(update_sub_region))
}

crate::kit::json::kind_schema! {
    function_kind => samverkan_domain::FunctionKind;
    body_level => samverkan_domain::BodyLevel;
    body_kind => samverkan_domain::BodyKind;
    membership_role => samverkan_domain::MembershipRole;
    organisation_kind => samverkan_domain::OrganisationKind;
}

// ---- request bodies, for the description (the fields are read through `Input`) -------------

/// A function (*funktion*): a lasting role of a party, of an area, or (without either) of the
/// collaboration itself.
#[derive(ToSchema, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct FunctionInput {
    #[schema(max_length = 200, min_length = 1)]
    name: String,
    /// coordinating_health_centre, municipal_coordination, joint_coordination, process_leader, other
    #[schema(schema_with = function_kind)]
    kind: String,
    /// The party whose role it is, which appoints its holders and alone may change it (for a
    /// function of an area, the area's municipality unless given: the region's coordinating
    /// health centre names the region); only on creation.
    #[schema(minimum = 1)]
    party_id: Option<i32>,
    /// The area the function serves; only on creation.
    #[schema(minimum = 1)]
    area_id: Option<i32>,
    #[schema(max_length = 4000)]
    description: Option<String>,
    #[schema(format = Date)]
    valid_from: String,
    #[schema(format = Date)]
    valid_to: Option<String>,
}

/// A function's editable fields.
#[derive(ToSchema, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct FunctionUpdate {
    #[schema(max_length = 200, min_length = 1)]
    name: String,
    #[schema(schema_with = function_kind)]
    kind: String,
    #[schema(max_length = 4000)]
    description: Option<String>,
    #[schema(format = Date)]
    valid_from: String,
    /// Closing the function ends its holder's appointment on the same day.
    #[schema(format = Date)]
    valid_to: Option<String>,
}

/// A handover (*överlämning*): the current holder ends the day before `valid_from`, the new one
/// starts that day.
#[derive(ToSchema, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct HandoverInput {
    #[schema(format = Date)]
    valid_from: String,
    #[schema(minimum = 1)]
    organisation_id: i32,
    /// An existing person; or give `person_name` (and the other person fields) for a new one.
    #[schema(minimum = 1)]
    person_id: Option<i32>,
    person_name: Option<String>,
    person_title: Option<String>,
    person_email: Option<String>,
    person_phone: Option<String>,
    /// The decision or agreement the appointment rests on.
    basis: Option<String>,
    #[schema(minimum = 1)]
    on_behalf_of_party_id: Option<i32>,
}

/// A person's contact details (no more than a role needs).
#[derive(ToSchema, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct PersonInput {
    #[schema(max_length = 200, min_length = 1)]
    name: String,
    title: Option<String>,
    email: Option<String>,
    phone: Option<String>,
}

/// A body (*organ*).
#[derive(ToSchema, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct BodyInput {
    #[schema(max_length = 200, min_length = 1)]
    name: String,
    short_name: Option<String>,
    /// county, sub_regional, local
    #[schema(schema_with = body_level)]
    level: String,
    /// political_steering_group, officials_steering_group, consultative_group, board, committee, council, local_collaboration, other
    #[schema(schema_with = body_kind)]
    kind: String,
    #[schema(minimum = 1)]
    party_id: Option<i32>,
    /// Required for a sub-regional body.
    #[schema(minimum = 1)]
    sub_region_id: Option<i32>,
    /// Only for a local body.
    #[schema(minimum = 1)]
    area_id: Option<i32>,
    mandate: Option<String>,
    #[schema(format = Date)]
    valid_from: String,
    #[schema(format = Date)]
    valid_to: Option<String>,
}

/// A function's membership of a body.
#[derive(ToSchema, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct MembershipInput {
    #[schema(minimum = 1)]
    function_id: i32,
    /// chair, convener, member, co_opted
    #[schema(schema_with = membership_role)]
    role: String,
    #[schema(format = Date)]
    valid_from: String,
    #[schema(format = Date)]
    valid_to: Option<String>,
}

/// The last day of a membership.
#[derive(ToSchema, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct MembershipEnd {
    #[schema(format = Date)]
    valid_to: String,
}

/// An organisation.
#[derive(ToSchema, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct OrganisationInput {
    #[schema(max_length = 200, min_length = 1)]
    name: String,
    /// municipal_association, administration, district_administration, care_provider, joint_authority, health_centre, other
    #[schema(schema_with = organisation_kind)]
    kind: String,
    #[schema(minimum = 1)]
    party_id: Option<i32>,
    #[schema(minimum = 1)]
    replaced_by_id: Option<i32>,
    #[schema(format = Date)]
    valid_from: String,
    #[schema(format = Date)]
    valid_to: Option<String>,
}

/// A sub-region (*delregion*).
#[derive(ToSchema, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct SubRegionInput {
    #[schema(max_length = 200, min_length = 1)]
    name: String,
    description: Option<String>,
    #[schema(format = Date)]
    valid_from: String,
    #[schema(format = Date)]
    valid_to: Option<String>,
}

// ---- handlers -------------------------------------------------------------------------------

#[utoipa::path(post, path = "/api/v1/functions", tag = "redigering", request_body = FunctionInput,
    security(("token" = [])),
    responses((status = 201, description = "Funktionen är skapad", body = WrittenJson), WriteRefusals))]
async fn create_function(State(state): State<AppState>, writer: ApiWriter, JsonInput(input): JsonInput) -> WriteResult {
    Ok(created(state.store.create_function(&writer.actor(), input).await?))
}

#[utoipa::path(put, path = "/api/v1/functions/{id}", tag = "redigering", request_body = FunctionUpdate,
    params(("id" = i32, Path, description = "Funktionens id")),
    security(("token" = [])),
    responses((status = 200, description = "Funktionen är ändrad", body = WrittenJson), WriteRefusals))]
async fn update_function(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    let id = parse_id(&id)?;
    Ok(updated(state.store.update_function(&writer.actor(), id, input).await?))
}

#[utoipa::path(post, path = "/api/v1/functions/{id}/handovers", tag = "redigering", request_body = HandoverInput,
    params(("id" = i32, Path, description = "Funktionens id")),
    security(("token" = [])),
    responses((status = 201, description = "Bytet är gjort; svaret har det nya uppdragets id", body = WrittenJson), WriteRefusals))]
async fn hand_over_function(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    let id = parse_id(&id)?;
    Ok(created(state.store.hand_over_function(&writer.actor(), id, input).await?))
}

#[utoipa::path(put, path = "/api/v1/persons/{id}", tag = "redigering", request_body = PersonInput,
    params(("id" = i32, Path, description = "Personens id")),
    security(("token" = [])),
    responses((status = 200, description = "Personen är ändrad", body = WrittenJson), WriteRefusals))]
async fn update_person(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    let id = parse_id(&id)?;
    Ok(updated(state.store.update_person(&writer.actor(), id, input).await?))
}

#[utoipa::path(post, path = "/api/v1/bodies", tag = "redigering", request_body = BodyInput,
    security(("token" = [])),
    responses((status = 201, description = "Organet är skapat", body = WrittenJson), WriteRefusals))]
async fn create_body(State(state): State<AppState>, writer: ApiWriter, JsonInput(input): JsonInput) -> WriteResult {
    Ok(created(state.store.create_body(&writer.actor(), input).await?))
}

#[utoipa::path(put, path = "/api/v1/bodies/{id}", tag = "redigering", request_body = BodyInput,
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

#[utoipa::path(post, path = "/api/v1/bodies/{id}/memberships", tag = "redigering", request_body = MembershipInput,
    params(("id" = i32, Path, description = "Organets id")),
    security(("token" = [])),
    responses((status = 201, description = "Medlemskapet är skapat", body = WrittenJson), WriteRefusals))]
async fn add_membership(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    let id = parse_id(&id)?;
    Ok(created(state.store.add_membership(&writer.actor(), id, input).await?))
}

#[utoipa::path(patch, path = "/api/v1/memberships/{id}", tag = "redigering", request_body = MembershipEnd,
    params(("id" = i32, Path, description = "Medlemskapets id")),
    security(("token" = [])),
    responses((status = 200, description = "Medlemskapet är avslutat", body = WrittenJson), WriteRefusals))]
async fn end_membership(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    let id = parse_id(&id)?;
    Ok(updated(state.store.end_membership(&writer.actor(), id, input).await?))
}

#[utoipa::path(post, path = "/api/v1/organisations", tag = "redigering", request_body = OrganisationInput,
    security(("token" = [])),
    responses((status = 201, description = "Organisationen är skapad", body = WrittenJson), WriteRefusals))]
async fn create_organisation(
    State(state): State<AppState>,
    writer: ApiWriter,
    JsonInput(input): JsonInput,
) -> WriteResult {
    Ok(created(state.store.create_organisation(&writer.actor(), input).await?))
}

#[utoipa::path(put, path = "/api/v1/organisations/{id}", tag = "redigering", request_body = OrganisationInput,
    params(("id" = i32, Path, description = "Organisationens id")),
    security(("token" = [])),
    responses((status = 200, description = "Organisationen är ändrad", body = WrittenJson), WriteRefusals))]
async fn update_organisation(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    let id = parse_id(&id)?;
    Ok(updated(state.store.update_organisation(&writer.actor(), id, input).await?))
}

#[utoipa::path(post, path = "/api/v1/sub-regions", tag = "redigering", request_body = SubRegionInput,
    security(("token" = [])),
    responses((status = 201, description = "Delregionen är skapad", body = WrittenJson), WriteRefusals))]
async fn create_sub_region(
    State(state): State<AppState>,
    writer: ApiWriter,
    JsonInput(input): JsonInput,
) -> WriteResult {
    Ok(created(state.store.create_sub_region(&writer.actor(), input).await?))
}

#[utoipa::path(put, path = "/api/v1/sub-regions/{id}", tag = "redigering", request_body = SubRegionInput,
    params(("id" = i32, Path, description = "Delregionens id")),
    security(("token" = [])),
    responses((status = 200, description = "Delregionen är ändrad", body = WrittenJson), WriteRefusals))]
async fn update_sub_region(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    let id = parse_id(&id)?;
    Ok(updated(state.store.update_sub_region(&writer.actor(), id, input).await?))
}

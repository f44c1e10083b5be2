//! The API's writes for agreements: registering and changing an agreement, and each step of a
//! version's process (versions, relations, consultation, answers, recommendations, decisions,
//! preparatory steps), through the same store functions as the pages.

use crate::kit::{ApiWriter, AppState, Error, JsonInput, WriteRefusals, WrittenJson, created, parse_id};
use axum::extract::{Path, State};
use axum::response::Response;
use samverkan_domain::agreement::{ModelDimension, WorkingModel};
use utoipa::ToSchema;

// ---- writes ---------------------------------------------------------------------------------

/// A new agreement in the registry (process leaders).
#[derive(ToSchema, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct AgreementInput {
    #[schema(max_length = 300, min_length = 1)]
    title: String,
    #[schema(max_length = 40)]
    short_name: Option<String>,
    /// main, subject_area, add_on, guideline, routine
    #[schema(schema_with = agreement_kind)]
    kind: String,
    /// The samrådsgrupp (a body of kind consultative_group).
    #[schema(minimum = 1)]
    consultative_group_id: Option<i32>,
    /// The agreement it sits under (HÖK).
    #[schema(minimum = 1)]
    parent_id: Option<i32>,
    /// At least one of children_and_young_people, adults, elderly, all.
    #[schema(schema_with = target_groups)]
    target_groups: Vec<String>,
    summary: Option<String>,
    /// How it is implemented.
    implementation: Option<String>,
    /// How it is followed up.
    follow_up: Option<String>,
    /// How it is supported digitally.
    digital_support: Option<String>,
    #[schema(format = Date)]
    review_date: Option<String>,
    /// Coded: how it is implemented (each once).
    #[schema(schema_with = implementation_models)]
    implementation_models: Option<Vec<String>>,
    /// Coded: how it is followed up (each once).
    #[schema(schema_with = follow_up_models)]
    follow_up_models: Option<Vec<String>>,
    /// Coded: its digital support (each once).
    #[schema(schema_with = digital_support_models)]
    digital_support_models: Option<Vec<String>>,
}

/// The codes of one dimension's working models, each once.
fn models_of(dimension: ModelDimension) -> utoipa::openapi::Array {
    utoipa::openapi::ArrayBuilder::new()
        .items(crate::kit::codes(WorkingModel::of(dimension).map(|m| m.code())))
        .unique_items(true)
        .build()
}

fn implementation_models() -> utoipa::openapi::Array {
    models_of(ModelDimension::Implementation)
}

fn follow_up_models() -> utoipa::openapi::Array {
    models_of(ModelDimension::FollowUp)
}

fn digital_support_models() -> utoipa::openapi::Array {
    models_of(ModelDimension::DigitalSupport)
}

#[derive(ToSchema, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct VersionInput {
    #[schema(max_length = 40, min_length = 1)]
    number: String,
    #[schema(format = Date)]
    date: Option<String>,
    /// When the sources give no day: "våren 2022".
    date_text: Option<String>,
    change_summary: Option<String>,
    /// The earliest day it may apply.
    #[schema(format = Date)]
    earliest_start: Option<String>,
    #[schema(format = Date)]
    valid_to: Option<String>,
}

#[derive(ToSchema, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct RelationInput {
    /// add_on_to, annex_of, replaces, revised_because_of
    #[schema(schema_with = relation_kind)]
    kind: String,
    #[schema(minimum = 1)]
    related_id: i32,
}

#[derive(ToSchema, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct ConsultationInput {
    #[schema(format = Date)]
    sent_on: String,
    #[schema(format = Date)]
    deadline: String,
    /// Party ids; every party valid on `sent_on` when left out.
    #[schema(schema_with = party_ids)]
    recipients: Option<Vec<i32>>,
}

#[derive(ToSchema, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct AnswerInput {
    #[schema(minimum = 1)]
    party_id: i32,
    #[schema(format = Date)]
    answered_on: String,
    /// agrees, agrees_with_comments, disagrees, no_comment
    #[schema(schema_with = stance)]
    stance: String,
    text: Option<String>,
}

#[derive(ToSchema, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct RecommendationInput {
    /// "Storsthlms styrelse", "Hälso- och sjukvårdsnämnden".
    body_name: String,
    #[schema(minimum = 1)]
    body_id: Option<i32>,
    /// municipalities, region
    #[schema(schema_with = addressee)]
    addressed_to: String,
    /// The day; or give `decided_text` when the sources give none.
    #[schema(format = Date)]
    decided_on: Option<String>,
    /// The time in words when the sources give no day ("november 2021").
    decided_text: Option<String>,
    /// recommended, not_recommended
    #[schema(schema_with = recommendation_outcome)]
    outcome: String,
}

#[derive(ToSchema, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct DecisionInput {
    #[schema(minimum = 1)]
    party_id: i32,
    /// kommunfullmäktige, regionfullmäktige
    deciding_body: String,
    #[schema(minimum = 1)]
    deciding_body_id: Option<i32>,
    /// The day; or give `decided_text` when the sources give none.
    #[schema(format = Date)]
    decided_on: Option<String>,
    /// The time in words when the sources give no day ("våren 2022").
    decided_text: Option<String>,
    /// The minutes' paragraph (§).
    paragraph: Option<String>,
    /// The party's own diary number (*diarienummer*), e.g. KS22/67.
    diary_number: Option<String>,
    /// adopted, rejected, referred_back
    #[schema(schema_with = decision_outcome)]
    outcome: String,
    /// The bodies the decision is sent to, one per line.
    sent_to: Option<String>,
}

crate::kit::json::kind_schema! {
    agreement_kind => samverkan_domain::agreement::AgreementKind;
    relation_kind => samverkan_domain::agreement::RelationKind;
    stance => samverkan_domain::agreement::Stance;
    addressee => samverkan_domain::agreement::Addressee;
    recommendation_outcome => samverkan_domain::agreement::RecommendationOutcome;
    decision_outcome => samverkan_domain::agreement::DecisionOutcome;
}

/// At least one target group, each once.
fn target_groups() -> utoipa::openapi::Array {
    use samverkan_domain::agreement::TargetGroup;
    utoipa::openapi::ArrayBuilder::new()
        .items(crate::kit::codes(TargetGroup::ALL.iter().map(|k| k.code())))
        .min_items(Some(1))
        .unique_items(true)
        .build()
}

/// Party ids, each once.
fn party_ids() -> utoipa::openapi::Array {
    let id = utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::Integer)
        .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::Int32)))
        .minimum(Some(1));
    utoipa::openapi::ArrayBuilder::new().items(id).unique_items(true).build()
}

type WriteResult = Result<Response, Error>;

#[utoipa::path(post, path = "/api/v1/agreements", tag = "överenskommelser", request_body = AgreementInput,
    security(("token" = [])),
    responses((status = 201, description = "Överenskommelsen är registrerad", body = WrittenJson), WriteRefusals))]
pub(super) async fn create_agreement(
    State(state): State<AppState>,
    writer: ApiWriter,
    JsonInput(input): JsonInput,
) -> WriteResult {
    Ok(created(state.store.create_agreement(&writer.actor(), input).await?))
}

#[utoipa::path(put, path = "/api/v1/agreements/{id}", tag = "överenskommelser", request_body = AgreementInput,
    params(("id" = i32, Path, description = "Överenskommelsens id")),
    security(("token" = [])),
    responses((status = 200, description = "Överenskommelsen är ändrad", body = WrittenJson), WriteRefusals))]
pub(super) async fn update_agreement(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    Ok(crate::kit::updated(state.store.update_agreement(&writer.actor(), parse_id(&id)?, input).await?))
}

#[utoipa::path(post, path = "/api/v1/agreements/{id}/versions", tag = "överenskommelser", request_body = VersionInput,
    params(("id" = i32, Path, description = "Överenskommelsens id")),
    security(("token" = [])),
    responses((status = 201, description = "Versionen är tillagd", body = WrittenJson), WriteRefusals))]
pub(super) async fn add_version(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    Ok(created(state.store.add_version(&writer.actor(), parse_id(&id)?, input).await?))
}

#[utoipa::path(post, path = "/api/v1/agreements/{id}/relations", tag = "överenskommelser", request_body = RelationInput,
    params(("id" = i32, Path, description = "Överenskommelsens id")),
    security(("token" = [])),
    responses((status = 201, description = "Relationen är tillagd", body = WrittenJson), WriteRefusals))]
pub(super) async fn add_relation(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    Ok(created(state.store.add_agreement_relation(&writer.actor(), parse_id(&id)?, input).await?))
}

#[utoipa::path(post, path = "/api/v1/versions/{id}/consultation", tag = "överenskommelser", request_body = ConsultationInput,
    params(("id" = i32, Path, description = "Versionens id")),
    security(("token" = [])),
    responses((status = 201, description = "Remissen är skickad", body = WrittenJson), WriteRefusals))]
pub(super) async fn start_consultation(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    Ok(created(state.store.start_consultation(&writer.actor(), parse_id(&id)?, input).await?))
}

#[utoipa::path(post, path = "/api/v1/consultations/{id}/answers", tag = "överenskommelser", request_body = AnswerInput,
    params(("id" = i32, Path, description = "Remissens id")),
    security(("token" = [])),
    responses((status = 201, description = "Svaret är registrerat (ett nytt svar ersätter partens förra)", body = WrittenJson), WriteRefusals))]
pub(super) async fn answer_consultation(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    Ok(created(state.store.answer_consultation(&writer.actor(), parse_id(&id)?, input).await?))
}

#[utoipa::path(post, path = "/api/v1/versions/{id}/recommendations", tag = "överenskommelser", request_body = RecommendationInput,
    params(("id" = i32, Path, description = "Versionens id")),
    security(("token" = [])),
    responses((status = 201, description = "Rekommendationen är registrerad", body = WrittenJson), WriteRefusals))]
pub(super) async fn add_recommendation(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    Ok(created(state.store.add_recommendation(&writer.actor(), parse_id(&id)?, input).await?))
}

#[utoipa::path(post, path = "/api/v1/versions/{id}/decisions", tag = "överenskommelser", request_body = DecisionInput,
    params(("id" = i32, Path, description = "Versionens id")),
    security(("token" = [])),
    responses((status = 201, description = "Beslutet är registrerat", body = WrittenJson), WriteRefusals))]
pub(super) async fn record_decision(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    Ok(created(state.store.record_decision(&writer.actor(), parse_id(&id)?, input).await?))
}

#[derive(ToSchema, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct PreparatoryStepInput {
    #[schema(minimum = 1)]
    party_id: i32,
    /// The committee or board: "Socialnämnden", "Kommunstyrelsens arbetsutskott".
    body_name: String,
    #[schema(minimum = 1)]
    body_id: Option<i32>,
    /// opinion (*yttrande*), preparation (*beredning*), proposal (*förslag till beslut*)
    #[schema(schema_with = preparatory_role)]
    role: String,
    /// The day, if known.
    #[schema(format = Date)]
    handled_on: Option<String>,
    /// The time in words when the sources give no day.
    handled_text: Option<String>,
    /// Absent while the step is planned.
    #[schema(schema_with = preparatory_outcome)]
    outcome: Option<String>,
    /// The minutes' paragraph (§).
    paragraph: Option<String>,
}

crate::kit::json::kind_schema! {
    preparatory_role => samverkan_domain::agreement::PreparatoryRole;
    preparatory_outcome => samverkan_domain::agreement::PreparatoryOutcome;
}

#[utoipa::path(post, path = "/api/v1/versions/{id}/preparatory-steps", tag = "överenskommelser", request_body = PreparatoryStepInput,
    params(("id" = i32, Path, description = "Versionens id")),
    security(("token" = [])),
    responses((status = 201, description = "Beredningssteget är registrerat", body = WrittenJson), WriteRefusals))]
pub(super) async fn add_preparatory_step(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    Ok(created(state.store.add_preparatory_step(&writer.actor(), parse_id(&id)?, input).await?))
}

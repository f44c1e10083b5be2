//! The API's writes for agreements: registering and changing an agreement, and each step of a
//! version's process (versions, relations, consultation, answers, proposals, recommendations,
//! decisions, preparatory steps, withdrawals), through the same store functions as the pages.

use crate::kit::{ApiWriter, AppState, Error, JsonInput, WriteRefusals, WrittenJson, created, parse_id};
use axum::extract::{Path, State};
use axum::response::Response;

// ---- request bodies, for the description (each is a command of `samverkan_domain::commands`) --

crate::kit::commands::request_schema! {
    AgreementInput => samverkan_domain::commands::AgreementEntry;
    VersionInput => samverkan_domain::commands::NewVersion;
    RelationInput => samverkan_domain::commands::NewRelation;
    ConsultationInput => samverkan_domain::commands::NewConsultation;
    DeadlineInput => samverkan_domain::commands::NewDeadline;
    AnswerInput => samverkan_domain::commands::ConsultationAnswer;
    ProposalInput => samverkan_domain::commands::NewProposal;
    RecommendationInput => samverkan_domain::commands::NewRecommendation;
    DecisionInput => samverkan_domain::commands::NewDecision;
    PreparatoryStepInput => samverkan_domain::commands::NewPreparatoryStep;
    WithdrawalInput => samverkan_domain::commands::NewWithdrawal;
}

// ---- handlers -------------------------------------------------------------------------------

type WriteResult = Result<Response, Error>;

#[utoipa::path(post, path = "/api/v1/agreements", tag = "överenskommelser", summary = "Registrera en överenskommelse", request_body = AgreementInput,
    security(("token" = [])),
    responses((status = 201, description = "Överenskommelsen är registrerad", body = WrittenJson,
        headers(("Location" = String, description = "Den nya uppgiftens adress i API:et"))), WriteRefusals))]
pub(super) async fn create_agreement(
    State(state): State<AppState>,
    writer: ApiWriter,
    JsonInput(input): JsonInput,
) -> WriteResult {
    Ok(created("/api/v1/agreements", state.store.create_agreement(&writer.actor(), input).await?))
}

#[utoipa::path(put, path = "/api/v1/agreements/{id}", tag = "överenskommelser", summary = "Ändra en överenskommelse", request_body = AgreementInput,
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

#[utoipa::path(post, path = "/api/v1/agreements/{id}/versions", tag = "överenskommelser", summary = "Lägg till en version", request_body = VersionInput,
    params(("id" = i32, Path, description = "Överenskommelsens id")),
    security(("token" = [])),
    responses((status = 201, description = "Versionen är tillagd", body = WrittenJson,
        headers(("Location" = String, description = "Den nya uppgiftens adress i API:et"))), WriteRefusals))]
pub(super) async fn add_version(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    Ok(created("/api/v1/versions", state.store.add_version(&writer.actor(), parse_id(&id)?, input).await?))
}

#[utoipa::path(post, path = "/api/v1/agreements/{id}/relations", tag = "överenskommelser", summary = "Lägg till en relation till en annan överenskommelse", request_body = RelationInput,
    params(("id" = i32, Path, description = "Överenskommelsens id")),
    security(("token" = [])),
    responses((status = 201, description = "Relationen är tillagd", body = WrittenJson,
        headers(("Location" = String, description = "Den nya uppgiftens adress i API:et"))), WriteRefusals))]
pub(super) async fn add_relation(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    Ok(created("/api/v1/relations", state.store.add_agreement_relation(&writer.actor(), parse_id(&id)?, input).await?))
}

#[utoipa::path(post, path = "/api/v1/versions/{id}/consultation", tag = "överenskommelser", summary = "Skicka en version på remiss", request_body = ConsultationInput,
    params(("id" = i32, Path, description = "Versionens id")),
    security(("token" = [])),
    responses((status = 201, description = "Remissen är skickad", body = WrittenJson,
        headers(("Location" = String, description = "Den nya uppgiftens adress i API:et"))), WriteRefusals))]
pub(super) async fn start_consultation(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    Ok(created("/api/v1/consultations", state.store.start_consultation(&writer.actor(), parse_id(&id)?, input).await?))
}

#[utoipa::path(put, path = "/api/v1/consultations/{id}/deadline", tag = "överenskommelser", summary = "Förläng svarstiden", request_body = DeadlineInput,
    params(("id" = i32, Path, description = "Remissens id")),
    security(("token" = [])),
    responses((status = 200, description = "Den nya sista svarsdagen är sparad", body = WrittenJson), WriteRefusals))]
pub(super) async fn extend_deadline(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    Ok(crate::kit::updated(state.store.extend_deadline(&writer.actor(), parse_id(&id)?, input).await?))
}

#[utoipa::path(post, path = "/api/v1/consultations/{id}/answers", tag = "överenskommelser", summary = "Registrera en parts remissvar", request_body = AnswerInput,
    params(("id" = i32, Path, description = "Remissens id")),
    security(("token" = [])),
    responses((status = 201, description = "Svaret är registrerat (ett nytt svar ersätter partens förra)", body = WrittenJson,
        headers(("Location" = String, description = "Den nya uppgiftens adress i API:et"))), WriteRefusals))]
pub(super) async fn answer_consultation(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    Ok(created("/api/v1/answers", state.store.answer_consultation(&writer.actor(), parse_id(&id)?, input).await?))
}

#[utoipa::path(post, path = "/api/v1/versions/{id}/proposals", tag = "överenskommelser", summary = "Registrera ett förslag till ett organ", request_body = ProposalInput,
    params(("id" = i32, Path, description = "Versionens id")),
    security(("token" = [])),
    responses((status = 201, description = "Förslaget är registrerat", body = WrittenJson,
        headers(("Location" = String, description = "Den nya uppgiftens adress i API:et"))), WriteRefusals))]
pub(super) async fn add_proposal(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    Ok(created("/api/v1/proposals", state.store.add_proposal(&writer.actor(), parse_id(&id)?, input).await?))
}

#[utoipa::path(post, path = "/api/v1/versions/{id}/recommendations", tag = "överenskommelser", summary = "Registrera en rekommendation", request_body = RecommendationInput,
    params(("id" = i32, Path, description = "Versionens id")),
    security(("token" = [])),
    responses((status = 201, description = "Rekommendationen är registrerad", body = WrittenJson,
        headers(("Location" = String, description = "Den nya uppgiftens adress i API:et"))), WriteRefusals))]
pub(super) async fn add_recommendation(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    Ok(created(
        "/api/v1/recommendations",
        state.store.add_recommendation(&writer.actor(), parse_id(&id)?, input).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/versions/{id}/decisions", tag = "överenskommelser", summary = "Registrera en parts beslut", request_body = DecisionInput,
    params(("id" = i32, Path, description = "Versionens id")),
    security(("token" = [])),
    responses((status = 201, description = "Beslutet är registrerat", body = WrittenJson,
        headers(("Location" = String, description = "Den nya uppgiftens adress i API:et"))), WriteRefusals))]
pub(super) async fn record_decision(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    Ok(created("/api/v1/decisions", state.store.record_decision(&writer.actor(), parse_id(&id)?, input).await?))
}

#[utoipa::path(post, path = "/api/v1/versions/{id}/preparatory-steps", tag = "överenskommelser", summary = "Registrera ett beredningssteg", request_body = PreparatoryStepInput,
    params(("id" = i32, Path, description = "Versionens id")),
    security(("token" = [])),
    responses((status = 201, description = "Beredningssteget är registrerat", body = WrittenJson,
        headers(("Location" = String, description = "Den nya uppgiftens adress i API:et"))), WriteRefusals))]
pub(super) async fn add_preparatory_step(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    Ok(created(
        "/api/v1/preparatory-steps",
        state.store.add_preparatory_step(&writer.actor(), parse_id(&id)?, input).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/versions/{id}/withdrawals", tag = "överenskommelser", summary = "Registrera en parts uppsägning",
    description = "En part som säger upp en version som gäller lämnar den från `leaves_on`; versionen fortsätter att gälla för de andra parterna. Versionen måste gälla den dagen, och beslutet får inte ligga i framtiden.",
    request_body = WithdrawalInput,
    params(("id" = i32, Path, description = "Versionens id")),
    security(("token" = [])),
    responses((status = 201, description = "Uppsägningen är registrerad", body = WrittenJson,
        headers(("Location" = String, description = "Den nya uppgiftens adress i API:et"))), WriteRefusals))]
pub(super) async fn record_withdrawal(
    State(state): State<AppState>,
    writer: ApiWriter,
    Path(id): Path<String>,
    JsonInput(input): JsonInput,
) -> WriteResult {
    Ok(created("/api/v1/withdrawals", state.store.record_withdrawal(&writer.actor(), parse_id(&id)?, input).await?))
}

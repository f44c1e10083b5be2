//! The API's reads of one record of an agreement's process at the address its create answers
//! with in `Location`: versions, relations, consultations, answers, recommendations, decisions,
//! preparatory steps and withdrawals. Each is the record as the agreement's own JSON gives it,
//! read from the agreement whole (`Store::agreement`), with its agreement and version beside it
//! so that a client gets from a record to its parent.

use super::api::{
    AnswerJson, ConsultationJson, DecisionJson, PreparatoryStepJson, RecommendationJson, RelationJson, VersionJson,
    WithdrawalJson, answer_json, consultation_json, decision_json, version_json,
};
use crate::documents::AgreementDocuments;
use crate::kit::json::AtParam;
use crate::kit::{AppState, At, Error, Problem, RefJson, parse_id, today};
use axum::Json;
use axum::extract::{Path, State};
use chrono::NaiveDate;
use samverkan_store::{self as store, ProcessRecord};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_version))
        .routes(routes!(get_relation))
        .routes(routes!(get_consultation))
        .routes(routes!(get_answer))
        .routes(routes!(get_recommendation))
        .routes(routes!(get_decision))
        .routes(routes!(get_preparatory_step))
        .routes(routes!(get_withdrawal))
}

/// A version, by its id and number.
#[derive(Debug, Serialize, ToSchema)]
pub struct VersionRefJson {
    pub id: i32,
    pub number: String,
}

/// Where a record of a version's process belongs: the agreement (its title as `name`) and the
/// version.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlaceJson {
    pub agreement: RefJson,
    pub version: VersionRefJson,
}

/// A version with its agreement.
#[derive(Debug, Serialize, ToSchema)]
pub struct VersionRecordJson {
    #[serde(flatten)]
    pub version: VersionJson,
    pub agreement: RefJson,
}

/// A relation with the agreement it was added to (`from`); `agreement` is the one it relates to.
#[derive(Debug, Serialize, ToSchema)]
pub struct RelationRecordJson {
    #[serde(flatten)]
    pub relation: RelationJson,
    pub from: RefJson,
}

/// A consultation (*remiss*) with its answers, and where it belongs.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConsultationRecordJson {
    #[serde(flatten)]
    pub consultation: ConsultationJson,
    #[serde(flatten)]
    pub place: PlaceJson,
}

/// A party's answer to a consultation (*remissvar*), and where it belongs.
#[derive(Debug, Serialize, ToSchema)]
pub struct AnswerRecordJson {
    #[serde(flatten)]
    pub answer: AnswerJson,
    /// The consultation answered: `/api/v1/consultations/{id}`.
    pub consultation_id: i32,
    #[serde(flatten)]
    pub place: PlaceJson,
}

/// A recommendation to adopt, and where it belongs.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecommendationRecordJson {
    #[serde(flatten)]
    pub recommendation: RecommendationJson,
    #[serde(flatten)]
    pub place: PlaceJson,
}

/// A party's decision, and where it belongs.
#[derive(Debug, Serialize, ToSchema)]
pub struct DecisionRecordJson {
    #[serde(flatten)]
    pub decision: DecisionJson,
    #[serde(flatten)]
    pub place: PlaceJson,
}

/// A step of a party's preparatory handling (*beredning*), and where it belongs.
#[derive(Debug, Serialize, ToSchema)]
pub struct PreparatoryStepRecordJson {
    #[serde(flatten)]
    pub step: PreparatoryStepJson,
    #[serde(flatten)]
    pub place: PlaceJson,
}

/// A party's withdrawal (*uppsägning*), and where it belongs.
#[derive(Debug, Serialize, ToSchema)]
pub struct WithdrawalRecordJson {
    #[serde(flatten)]
    pub withdrawal: WithdrawalJson,
    #[serde(flatten)]
    pub place: PlaceJson,
}

/// A record's agreement, read whole on a date, and the record's version in it.
struct Found {
    agreement: store::AgreementDetail,
    version_id: Option<i32>,
}

impl Found {
    /// Reads where `record` belongs and its agreement on `on`; not found without either.
    async fn of(state: &AppState, record: ProcessRecord, on: NaiveDate) -> Result<Found, Error> {
        let place = state.store.place_of(record).await?.ok_or(Error::NotFound)?;
        let agreement = state.store.agreement(place.agreement_id, on).await?.ok_or(Error::NotFound)?;
        Ok(Found { agreement, version_id: place.version_id })
    }

    fn agreement_ref(&self) -> RefJson {
        RefJson { id: self.agreement.summary.id, name: self.agreement.summary.title.clone() }
    }

    fn version(&self) -> Result<&store::Version, Error> {
        self.agreement.versions.iter().find(|v| Some(v.id) == self.version_id).ok_or(Error::NotFound)
    }

    fn place(&self, v: &store::Version) -> PlaceJson {
        PlaceJson { agreement: self.agreement_ref(), version: VersionRefJson { id: v.id, number: v.number.clone() } }
    }

    async fn documents(&self, state: &AppState) -> Result<AgreementDocuments, Error> {
        AgreementDocuments::of(state, self.agreement.summary.id).await
    }
}

// ---- handlers -----------------------------------------------------------------------------

/// One version with its process and its status on `at`.
#[utoipa::path(get, path = "/api/v1/versions/{id}", tag = "överenskommelser", summary = "En version",
    params(("id" = i32, Path, description = "Versionens id"), AtParam),
    responses(
        (status = 200, description = "Versionen, med dess status den dagen", body = VersionRecordJson),
        (status = 400, description = "Ogiltig parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Ingen sådan version", body = Problem, content_type = "application/problem+json"),
    ))]
async fn get_version(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: At,
) -> Result<Json<VersionRecordJson>, Error> {
    let found = Found::of(&state, ProcessRecord::Version(parse_id(&id)?), at.date).await?;
    let documents = found.documents(&state).await?;
    let v = found.version()?;
    Ok(Json(VersionRecordJson { version: version_json(v, &documents), agreement: found.agreement_ref() }))
}

/// One relation between two agreements.
#[utoipa::path(get, path = "/api/v1/relations/{id}", tag = "överenskommelser", summary = "En relation mellan överenskommelser",
    params(("id" = i32, Path, description = "Relationens id")),
    responses(
        (status = 200, description = "Relationen", body = RelationRecordJson),
        (status = 400, description = "Ogiltig parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Ingen sådan relation", body = Problem, content_type = "application/problem+json"),
    ))]
async fn get_relation(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<RelationRecordJson>, Error> {
    let id = parse_id(&id)?;
    let found = Found::of(&state, ProcessRecord::Relation(id), today()).await?;
    let r = found.agreement.relations.iter().find(|r| r.id == id).ok_or(Error::NotFound)?;
    Ok(Json(RelationRecordJson { relation: RelationJson::from(r), from: found.agreement_ref() }))
}

/// One consultation with its answers.
#[utoipa::path(get, path = "/api/v1/consultations/{id}", tag = "överenskommelser", summary = "En remiss",
    params(("id" = i32, Path, description = "Remissens id")),
    responses(
        (status = 200, description = "Remissen med svaren, i svensk ordning", body = ConsultationRecordJson),
        (status = 400, description = "Ogiltig parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Ingen sådan remiss", body = Problem, content_type = "application/problem+json"),
    ))]
async fn get_consultation(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<ConsultationRecordJson>, Error> {
    let found = Found::of(&state, ProcessRecord::Consultation(parse_id(&id)?), today()).await?;
    let documents = found.documents(&state).await?;
    let v = found.version()?;
    let consultation = consultation_json(v, &documents).ok_or(Error::NotFound)?;
    Ok(Json(ConsultationRecordJson { consultation, place: found.place(v) }))
}

/// One party's answer to a consultation, with its attachments.
#[utoipa::path(get, path = "/api/v1/answers/{id}", tag = "överenskommelser", summary = "Ett remissvar",
    params(("id" = i32, Path, description = "Svarets id")),
    responses(
        (status = 200, description = "Svaret", body = AnswerRecordJson),
        (status = 400, description = "Ogiltig parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Inget sådant svar", body = Problem, content_type = "application/problem+json"),
    ))]
async fn get_answer(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<AnswerRecordJson>, Error> {
    let id = parse_id(&id)?;
    let found = Found::of(&state, ProcessRecord::Answer(id), today()).await?;
    let documents = found.documents(&state).await?;
    let v = found.version()?;
    let (Some(c), Some(a)) = (&v.consultation, v.answers.iter().find(|a| a.id == id)) else {
        return Err(Error::NotFound);
    };
    Ok(Json(AnswerRecordJson { answer: answer_json(a, &documents), consultation_id: c.id, place: found.place(v) }))
}

/// One recommendation to adopt.
#[utoipa::path(get, path = "/api/v1/recommendations/{id}", tag = "överenskommelser", summary = "En rekommendation",
    params(("id" = i32, Path, description = "Rekommendationens id")),
    responses(
        (status = 200, description = "Rekommendationen", body = RecommendationRecordJson),
        (status = 400, description = "Ogiltig parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Ingen sådan rekommendation", body = Problem, content_type = "application/problem+json"),
    ))]
async fn get_recommendation(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<RecommendationRecordJson>, Error> {
    let id = parse_id(&id)?;
    let found = Found::of(&state, ProcessRecord::Recommendation(id), today()).await?;
    let v = found.version()?;
    let r = v.recommendations.iter().find(|r| r.id == id).ok_or(Error::NotFound)?;
    Ok(Json(RecommendationRecordJson { recommendation: RecommendationJson::from(r), place: found.place(v) }))
}

/// One party's decision, with its documents.
#[utoipa::path(get, path = "/api/v1/decisions/{id}", tag = "överenskommelser", summary = "Ett beslut",
    params(("id" = i32, Path, description = "Beslutets id")),
    responses(
        (status = 200, description = "Beslutet", body = DecisionRecordJson),
        (status = 400, description = "Ogiltig parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Inget sådant beslut", body = Problem, content_type = "application/problem+json"),
    ))]
async fn get_decision(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<DecisionRecordJson>, Error> {
    let id = parse_id(&id)?;
    let found = Found::of(&state, ProcessRecord::Decision(id), today()).await?;
    let documents = found.documents(&state).await?;
    let v = found.version()?;
    let d = v.decisions.iter().find(|d| d.id == id).ok_or(Error::NotFound)?;
    Ok(Json(DecisionRecordJson { decision: decision_json(d, &documents), place: found.place(v) }))
}

/// One step of a party's preparatory handling of a version.
#[utoipa::path(get, path = "/api/v1/preparatory-steps/{id}", tag = "överenskommelser", summary = "Ett beredningssteg",
    params(("id" = i32, Path, description = "Beredningsstegets id")),
    responses(
        (status = 200, description = "Beredningssteget", body = PreparatoryStepRecordJson),
        (status = 400, description = "Ogiltig parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Inget sådant beredningssteg", body = Problem, content_type = "application/problem+json"),
    ))]
async fn get_preparatory_step(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<PreparatoryStepRecordJson>, Error> {
    let id = parse_id(&id)?;
    let s = &state.store;
    // The steps are not part of the agreement's read: the version's own list, and its heading.
    let version_id = s.place_of(ProcessRecord::PreparatoryStep(id)).await?.and_then(|p| p.version_id);
    let version_id = version_id.ok_or(Error::NotFound)?;
    let (agreement_id, title, number) = s.version_heading(version_id).await?.ok_or(Error::NotFound)?;
    let steps = s.preparatory_steps(version_id).await?.ok_or(Error::NotFound)?;
    let step = steps.iter().find(|step| step.id == id).ok_or(Error::NotFound)?;
    Ok(Json(PreparatoryStepRecordJson {
        step: PreparatoryStepJson::from(step),
        place: PlaceJson {
            agreement: RefJson { id: agreement_id, name: title },
            version: VersionRefJson { id: version_id, number },
        },
    }))
}

/// One party's withdrawal from a version.
#[utoipa::path(get, path = "/api/v1/withdrawals/{id}", tag = "överenskommelser", summary = "En uppsägning",
    params(("id" = i32, Path, description = "Uppsägningens id")),
    responses(
        (status = 200, description = "Uppsägningen", body = WithdrawalRecordJson),
        (status = 400, description = "Ogiltig parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Ingen sådan uppsägning", body = Problem, content_type = "application/problem+json"),
    ))]
async fn get_withdrawal(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<WithdrawalRecordJson>, Error> {
    let id = parse_id(&id)?;
    let found = Found::of(&state, ProcessRecord::Withdrawal(id), today()).await?;
    let v = found.version()?;
    let w = v.withdrawals.iter().find(|w| w.id == id).ok_or(Error::NotFound)?;
    Ok(Json(WithdrawalRecordJson { withdrawal: WithdrawalJson::from(w), place: found.place(v) }))
}

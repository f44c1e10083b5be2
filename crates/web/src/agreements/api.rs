//! The API for agreements: the registry, and each step of a version's process. Every answer
//! about an agreement carries `status`, derived from the recorded facts (never typed in).

use super::api_edit;
pub use super::api_json::*;
use crate::kit::{AppState, At, Error, Problem, RefJson, parse_id};
use axum::Json;
use axum::extract::{Path, State};
use chrono::NaiveDate;

use samverkan_store as store;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_agreements, api_edit::create_agreement))
        .routes(routes!(get_agreement, api_edit::update_agreement))
        .routes(routes!(adoption))
        .routes(routes!(api_edit::add_version))
        .routes(routes!(api_edit::add_relation))
        .routes(routes!(api_edit::start_consultation))
        .routes(routes!(api_edit::answer_consultation))
        .routes(routes!(api_edit::extend_deadline))
        .routes(routes!(api_edit::add_proposal))
        .routes(routes!(api_edit::add_recommendation))
        .routes(routes!(api_edit::record_decision))
        .routes(routes!(api_edit::record_withdrawal))
        .routes(routes!(preparatory_steps, api_edit::add_preparatory_step))
}

/// Every agreement with its latest version's status on the date.
#[utoipa::path(get, path = "/api/v1/agreements", tag = "överenskommelser", summary = "Överenskommelserna",
    params(("at" = Option<String>, Query, format = Date, description = "Datum (ÅÅÅÅ-MM-DD) att svara för")),
    responses(
        (status = 200, description = "Överenskommelserna, i svensk ordning", body = Vec<AgreementJson>),
        (status = 400, description = "Ogiltig parameter", body = Problem, content_type = "application/problem+json"),
    ))]
async fn list_agreements(State(state): State<AppState>, at: At) -> Result<Json<Vec<AgreementJson>>, Error> {
    let rows = state.store.agreements(at.date).await?;
    Ok(Json(rows.iter().map(AgreementJson::from).collect()))
}

/// One agreement: its versions with their status, and its relations.
#[utoipa::path(get, path = "/api/v1/agreements/{id}", tag = "överenskommelser", summary = "En överenskommelse",
    params(("id" = i32, Path, description = "Överenskommelsens id"),
        ("at" = Option<String>, Query, format = Date, description = "Datum (ÅÅÅÅ-MM-DD) att svara för")),
    responses(
        (status = 200, description = "Överenskommelsen", body = AgreementDetailJson),
        (status = 400, description = "Ogiltig parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Ingen sådan överenskommelse", body = Problem, content_type = "application/problem+json"),
    ))]
async fn get_agreement(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: At,
) -> Result<Json<AgreementDetailJson>, Error> {
    let id = parse_id(&id)?;
    let a = state.store.agreement(id, at.date).await?.ok_or(Error::NotFound)?;
    let documents = crate::documents::AgreementDocuments::of(&state, id).await?;
    let models = state.store.agreement_working_models(id).await?;
    Ok(Json(AgreementDetailJson {
        agreement: AgreementJson::from(&a.summary),
        parent: a.parent.as_ref().map(RefJson::from),
        implementation: a.implementation.clone(),
        follow_up: a.follow_up.clone(),
        digital_support: a.digital_support.clone(),
        review_date: a.review_date,
        models: ModelsJson::of(&models),
        relations: relations(&a.relations),
        related_from: relations(&a.related_from),
        parties: a.parties.clone(),
        sources: a
            .sources
            .iter()
            .map(|s| SourceJson { title: s.title.clone(), detail: s.detail.clone(), url: s.url.clone() })
            .collect(),
        versions: a.versions.iter().map(|v| version_json(v, &documents)).collect(),
    }))
}

/// One party's standing on the latest version, for the adoption map and table.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdoptionJson {
    pub party: RefJson,
    pub code: String,
    /// municipality, region
    pub kind: &'static str,
    /// The party's standing decision (adopted, rejected), or referred_back when its only
    /// decisions so far sent the matter back; null before any decision.
    pub outcome: Option<&'static str>,
    pub decided_on: Option<NaiveDate>,
    pub decided_text: Option<String>,
    pub diary_number: Option<String>,
    /// A decision whose time in words the date lies inside, not yet known to be made:
    /// "Antagen under våren 2022".
    pub under_way: Option<String>,
    /// The day the party leaves, or left, the version (*uppsägning*), by its withdrawal decided
    /// by the date; null without one.
    pub leaves_on: Option<NaiveDate>,
}

/// Each party's decision on the latest version, in Swedish party order.
#[utoipa::path(get, path = "/api/v1/agreements/{id}/adoption", tag = "överenskommelser", summary = "Parternas beslut om den senaste versionen",
    params(("id" = i32, Path, description = "Överenskommelsens id"),
        ("at" = Option<String>, Query, format = Date, description = "Datum (ÅÅÅÅ-MM-DD) att svara för")),
    responses(
        (status = 200, description = "Varje parts beslut, i svensk ordning", body = Vec<AdoptionJson>),
        (status = 400, description = "Ogiltig parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Ingen sådan överenskommelse", body = Problem, content_type = "application/problem+json"),
    ))]
async fn adoption(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: At,
) -> Result<Json<Vec<AdoptionJson>>, Error> {
    let id = parse_id(&id)?;
    let a = state.store.agreement(id, at.date).await?.ok_or(Error::NotFound)?;
    let parties = state.store.parties(at.date, store::Page::ALL).await?.items;
    let refs: Vec<store::Ref> = parties.iter().map(|p| store::Ref { id: p.id, name: p.name.clone() }).collect();
    // The same rows the adoption view shows, picked by the domain's rule; no decisions yet
    // without a version.
    let rows = match a.versions.first() {
        Some(version) => crate::agreements::pages::decision_rows(version, refs, at.date),
        None => refs
            .into_iter()
            .map(|party| crate::agreements::pages::DecisionRow {
                party,
                decision: None,
                referred_back: None,
                under_way: None,
                withdrawal: None,
                left: false,
            })
            .collect(),
    };
    Ok(Json(
        parties
            .iter()
            .zip(rows)
            .map(|(p, row)| {
                // The record behind the standing decision, else the latest referral back.
                let record = row.decision.as_ref().or(row.referred_back.as_ref());
                AdoptionJson {
                    party: RefJson::from(&row.party),
                    code: p.code.clone(),
                    kind: p.kind.code(),
                    outcome: record.map(|d| d.outcome.code()),
                    decided_on: record.and_then(|d| d.decided_on),
                    decided_text: record.and_then(|d| d.decided_text.clone()),
                    diary_number: record.and_then(|d| d.diary_number.clone()),
                    under_way: row.under_way_label(),
                    leaves_on: row.withdrawal.as_ref().map(|w| w.leaves_on),
                }
            })
            .collect(),
    ))
}

/// Every party's preparatory handling of a version, in the order it happened (steps with no
/// day last).
#[utoipa::path(get, path = "/api/v1/versions/{id}/preparatory-steps", tag = "överenskommelser", summary = "En versions beredning hos parterna",
    params(("id" = i32, Path, description = "Versionens id")),
    responses(
        (status = 200, description = "Beredningsstegen, i den ordning de skedde", body = Vec<PreparatoryStepJson>),
        (status = 400, description = "Ogiltig parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Ingen sådan version", body = Problem, content_type = "application/problem+json"),
    ))]
async fn preparatory_steps(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Vec<PreparatoryStepJson>>, Error> {
    let steps = state.store.preparatory_steps(parse_id(&id)?).await?.ok_or(Error::NotFound)?;
    Ok(Json(steps.iter().map(PreparatoryStepJson::from).collect()))
}

//! The API's reads of one record at the address its create answers with in `Location`:
//! functions, holdings (appointments), persons, memberships, organisations and sub-regions. Each
//! is registered with the write that changes it at the same address (`api_edit`). A person's
//! e-mail and phone reach only signed-in callers, as on the person's page.

use super::api::{
    BodyJson, FunctionJson, HolderJson, MemberJson, OrganisationJson, PersonJson, SubRegionJson, function_json,
};
use super::api_edit;
use crate::kit::json::AtParam;
use crate::kit::{AppState, At, Error, Problem, RefJson, parse_id};
use axum::Json;
use axum::extract::{Path, State};
use samverkan_store as store;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_function, api_edit::update_function))
        .routes(routes!(get_holding))
        .routes(routes!(get_person, api_edit::update_person))
        .routes(routes!(get_membership, api_edit::end_membership))
        .routes(routes!(get_organisation, api_edit::update_organisation))
        .routes(routes!(get_sub_region, api_edit::update_sub_region))
}

/// A function with the party that appoints its holders and the area it serves.
#[derive(Debug, Serialize, ToSchema)]
pub struct FunctionDetailJson {
    #[serde(flatten)]
    pub function: FunctionJson,
    /// The party whose function it is; null for one of the collaboration itself.
    pub party: Option<RefJson>,
    /// The local collaboration area it serves, if any.
    pub area: Option<RefJson>,
}

/// An appointment (*uppdrag*): an organisation, and perhaps a person, holding a function during
/// a period.
#[derive(Debug, Serialize, ToSchema)]
pub struct HoldingJson {
    /// The appointment's id: `/api/v1/holdings/{id}`.
    pub id: i32,
    #[serde(flatten)]
    pub holder: HolderJson,
}

impl From<&store::Holding> for HoldingJson {
    fn from(h: &store::Holding) -> Self {
        HoldingJson { id: h.appointment_id, holder: HolderJson::from(h) }
    }
}

/// A contact person with the functions they hold or have held.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonDetailJson {
    #[serde(flatten)]
    pub person: PersonJson,
    /// The party that recorded the person, whose editors may correct them.
    pub party: Option<RefJson>,
    /// The person's appointments, newest first.
    pub appointments: Vec<HoldingJson>,
}

/// A function's membership in a body (*medlemskap*), with the function's holder on the date
/// asked for.
#[derive(Debug, Serialize, ToSchema)]
pub struct MembershipJson {
    pub id: i32,
    pub body: RefJson,
    #[serde(flatten)]
    pub member: MemberJson,
}

/// An organisation with the functions it holds or has held.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationDetailJson {
    #[serde(flatten)]
    pub organisation: OrganisationJson,
    /// Its appointments, newest first.
    pub appointments: Vec<HoldingJson>,
}

/// A sub-region with its members and bodies on the date asked for.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubRegionDetailJson {
    #[serde(flatten)]
    pub sub_region: SubRegionJson,
    /// Its bodies valid on the date.
    pub bodies: Vec<BodyJson>,
}

// ---- handlers -----------------------------------------------------------------------------

/// One function, its holder on `at` and every appointment it has had.
#[utoipa::path(get, path = "/api/v1/functions/{id}", tag = "struktur", summary = "En funktion",
    params(("id" = i32, Path, description = "Funktionens id"), AtParam),
    responses(
        (status = 200, description = "Funktionen", body = FunctionDetailJson),
        (status = 400, description = "Ogiltig parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Ingen sådan funktion", body = Problem, content_type = "application/problem+json"),
    ))]
async fn get_function(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: At,
) -> Result<Json<FunctionDetailJson>, Error> {
    let id = parse_id(&id)?;
    let s = &state.store;
    let record = s.function(id).await?.ok_or(Error::NotFound)?;
    let f = &record.function;
    let party = match f.party_id {
        Some(p) => s.party(p).await?.map(|p| RefJson { id: p.id, name: p.name }),
        None => None,
    };
    let area = match f.area_id {
        Some(a) => s.area(a, at.date).await?.map(|a| RefJson { id: a.area.id, name: a.area.name }),
        None => None,
    };
    Ok(Json(FunctionDetailJson { function: function_json(&record, at.date), party, area }))
}

/// One appointment: who holds which function, from when to when, on what basis.
#[utoipa::path(get, path = "/api/v1/holdings/{id}", tag = "struktur", summary = "Ett uppdrag",
    params(("id" = i32, Path, description = "Uppdragets id")),
    responses(
        (status = 200, description = "Uppdraget; kontaktpersonens e-post och telefon bara till inloggade", body = HoldingJson),
        (status = 400, description = "Ogiltig parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Inget sådant uppdrag", body = Problem, content_type = "application/problem+json"),
    ))]
async fn get_holding(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<HoldingJson>, Error> {
    let id = parse_id(&id)?;
    let holding = state.store.holding(id).await?.ok_or(Error::NotFound)?;
    Ok(Json(HoldingJson::from(&holding)))
}

/// One contact person and the functions they hold or have held. E-mail and phone only to
/// signed-in callers (a personal token), as on the person's page.
#[utoipa::path(get, path = "/api/v1/persons/{id}", tag = "struktur", summary = "En kontaktperson",
    params(("id" = i32, Path, description = "Personens id")),
    responses(
        (status = 200, description = "Personen; e-post och telefon bara till inloggade", body = PersonDetailJson),
        (status = 400, description = "Ogiltig parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Ingen sådan person", body = Problem, content_type = "application/problem+json"),
    ))]
async fn get_person(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<PersonDetailJson>, Error> {
    let id = parse_id(&id)?;
    let s = &state.store;
    let record = s.person(id).await?.ok_or(Error::NotFound)?;
    let party = match record.person.party_id {
        Some(p) => s.party(p).await?.map(|p| RefJson { id: p.id, name: p.name }),
        None => None,
    };
    Ok(Json(PersonDetailJson {
        person: PersonJson::from(&record.person),
        party,
        appointments: record.holdings.iter().map(HoldingJson::from).collect(),
    }))
}

/// One membership: a function in a body, in a role, with the function's holder on `at`.
#[utoipa::path(get, path = "/api/v1/memberships/{id}", tag = "struktur", summary = "Ett medlemskap",
    params(("id" = i32, Path, description = "Medlemskapets id"), AtParam),
    responses(
        (status = 200, description = "Medlemskapet", body = MembershipJson),
        (status = 400, description = "Ogiltig parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Inget sådant medlemskap", body = Problem, content_type = "application/problem+json"),
    ))]
async fn get_membership(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: At,
) -> Result<Json<MembershipJson>, Error> {
    let id = parse_id(&id)?;
    let s = &state.store;
    // Read as the body's page reads it: the body, and its members with their holders on `at`.
    let body_id = s.membership_body(id).await?.ok_or(Error::NotFound)?;
    let body = s.body(body_id).await?.ok_or(Error::NotFound)?;
    let members = s.body_members(body_id, at.date).await?;
    let member = members.iter().find(|m| m.membership_id == id).ok_or(Error::NotFound)?;
    Ok(Json(MembershipJson { id, body: RefJson { id: body.id, name: body.name }, member: MemberJson::from(member) }))
}

/// One organisation, whatever its period, with the functions it holds or has held.
#[utoipa::path(get, path = "/api/v1/organisations/{id}", tag = "struktur", summary = "En organisation",
    params(("id" = i32, Path, description = "Organisationens id")),
    responses(
        (status = 200, description = "Organisationen", body = OrganisationDetailJson),
        (status = 400, description = "Ogiltig parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Ingen sådan organisation", body = Problem, content_type = "application/problem+json"),
    ))]
async fn get_organisation(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<OrganisationDetailJson>, Error> {
    let id = parse_id(&id)?;
    let s = &state.store;
    let organisation = s.organisation(id).await?.ok_or(Error::NotFound)?;
    let holdings = s.organisation_holdings(id).await?;
    Ok(Json(OrganisationDetailJson {
        organisation: OrganisationJson::from(&organisation),
        appointments: holdings.iter().map(HoldingJson::from).collect(),
    }))
}

/// One sub-region, whatever its period, with its members and bodies on `at`.
#[utoipa::path(get, path = "/api/v1/sub-regions/{id}", tag = "struktur", summary = "En delregion",
    params(("id" = i32, Path, description = "Delregionens id"), AtParam),
    responses(
        (status = 200, description = "Delregionen", body = SubRegionDetailJson),
        (status = 400, description = "Ogiltig parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Ingen sådan delregion", body = Problem, content_type = "application/problem+json"),
    ))]
async fn get_sub_region(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: At,
) -> Result<Json<SubRegionDetailJson>, Error> {
    let id = parse_id(&id)?;
    let s = &state.store;
    let sub_region = s.sub_region(id, at.date).await?.ok_or(Error::NotFound)?;
    let bodies = s.bodies_of_sub_region(id, at.date).await?;
    Ok(Json(SubRegionDetailJson {
        sub_region: SubRegionJson::from(&sub_region),
        bodies: bodies.iter().map(BodyJson::from).collect(),
    }))
}

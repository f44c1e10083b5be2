//! The JSON API under `/api/v1`, described by OpenAPI 3.1 at `/api/openapi.json`.
//!
//! The shapes here are the API's contract; they are built from the same store queries the pages
//! use. Every list takes `?at=YYYY-MM-DD` and answers as things stood on that date.

use crate::kit::RefJson;
use crate::kit::json::{AtParam, ListResult, WindowParams, opt_ref, paged_json};
use crate::kit::{AppState, At, Error, PartyFilter, Problem, Window, parse_id};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::Uri;
use chrono::NaiveDate;
use samverkan_store as store;
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The structure's read routes with their OpenAPI description.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_parties))
        .routes(routes!(get_party))
        .routes(routes!(list_areas))
        .routes(routes!(get_area))
        .routes(routes!(list_bodies))
        .routes(routes!(get_body))
        .routes(routes!(list_organisations))
        .routes(routes!(list_sub_regions))
        .routes(routes!(party_map))
}

/// `?party=`: only one party's rows.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // documents the parameter; `PartyFilter` reads it
struct PartyFilterParam {
    /// Bara den här partens organisationer (partens id).
    #[param(minimum = 1, maximum = 2147483647, example = 1)]
    party: Option<i32>,
}

/// A party to HÖK.
#[derive(Debug, Serialize, ToSchema)]
pub struct PartyJson {
    pub id: i32,
    pub name: String,
    /// `municipality` or `region`.
    #[schema(example = "municipality")]
    pub kind: &'static str,
    /// SCB's code: four digits for a municipality (`0180`), `01` for the region.
    #[schema(example = "0182")]
    pub code: String,
    /// The first day; null when it is not known (valid on every date up to `valid_to`).
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    /// True for data made by `samverkan demo-data`: invented, not real.
    pub synthetic: bool,
}

impl From<&store::Party> for PartyJson {
    fn from(p: &store::Party) -> Self {
        PartyJson {
            id: p.id,
            name: p.name.clone(),
            kind: p.kind.code(),
            code: p.code.clone(),
            valid_from: p.period.from(),
            valid_to: p.period.to(),
            synthetic: p.synthetic,
        }
    }
}

/// A party with its areas, functions, bodies, sub-regions and organisations.
#[derive(Debug, Serialize, ToSchema)]
pub struct PartyDetailJson {
    #[serde(flatten)]
    pub party: PartyJson,
    pub areas: Vec<AreaJson>,
    pub functions: Vec<FunctionJson>,
    pub bodies: Vec<BodyJson>,
    pub sub_regions: Vec<RefJson>,
    /// The party's own administrative organisations (administrations, joint authorities, …),
    /// past ones included.
    pub administrations: Vec<OrganisationJson>,
    /// How many organisations (the actors of its areas included) the party has on the date;
    /// they are listed, in parts, at `/api/v1/organisations?party={id}`.
    pub organisations_total: u64,
}

/// Who holds a function, from when to when, on what basis.
#[derive(Debug, Serialize, ToSchema)]
pub struct HolderJson {
    /// The holding organisation's name.
    pub name: String,
    pub organisation_id: i32,
    pub function_id: i32,
    pub function: String,
    /// The first day; null when it is not known (valid on every date up to `valid_to`).
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    pub basis: Option<String>,
    /// The party on whose behalf the function is held.
    pub on_behalf_of: Option<RefJson>,
    pub person: Option<PersonJson>,
}

/// A contact person (*kontaktperson*): only what a role needs.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonJson {
    /// The person's id: `/api/v1/persons/{id}`.
    pub id: i32,
    pub name: String,
    pub title: Option<String>,
    /// Only to signed-in callers (a personal token); null otherwise.
    pub email: Option<String>,
    /// Only to signed-in callers (a personal token); null otherwise.
    pub phone: Option<String>,
}

impl From<&store::Holding> for HolderJson {
    fn from(h: &store::Holding) -> Self {
        HolderJson {
            name: h.organisation.name.clone(),
            organisation_id: h.organisation.id,
            function_id: h.function.id,
            function: h.function.name.clone(),
            valid_from: h.period.from(),
            valid_to: h.period.to(),
            basis: h.basis.clone(),
            on_behalf_of: opt_ref(&h.on_behalf_of),
            person: h.person.as_ref().map(PersonJson::from),
        }
    }
}

impl From<&store::Person> for PersonJson {
    /// E-mail and phone only when the request may see them (signed in), as on the pages.
    fn from(p: &store::Person) -> Self {
        let contact = crate::kit::visitor::contact_details_visible();
        PersonJson {
            id: p.id,
            name: p.name.clone(),
            title: p.title.clone(),
            email: p.email.clone().filter(|_| contact),
            phone: p.phone.clone().filter(|_| contact),
        }
    }
}

/// A local collaboration area with its coordinating functions on the date asked for.
#[derive(Debug, Serialize, ToSchema)]
pub struct AreaJson {
    pub id: i32,
    pub name: String,
    #[schema(example = "0180")]
    pub municipality_code: String,
    pub municipality: RefJson,
    /// The first day; null when it is not known (valid on every date up to `valid_to`).
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    /// The coordinating health centre (*samordnande vårdcentral*), or null when none is appointed.
    pub coordinating_health_centre: Option<HolderJson>,
    /// The holder of the municipality's coordinating function, or null.
    pub municipal_coordinating_function: Option<HolderJson>,
    /// True for data made by `samverkan demo-data`: invented, not real.
    pub synthetic: bool,
}

impl From<&store::AreaSummary> for AreaJson {
    fn from(s: &store::AreaSummary) -> Self {
        let a = &s.area;
        AreaJson {
            id: a.id,
            name: a.name.clone(),
            municipality_code: a.municipality_code.clone(),
            municipality: RefJson { id: a.party_id, name: a.municipality_name.clone() },
            valid_from: a.period.from(),
            valid_to: a.period.to(),
            synthetic: a.synthetic,
            coordinating_health_centre: s.coordinating_health_centre().map(HolderJson::from),
            municipal_coordinating_function: s.municipal_coordination().map(HolderJson::from),
        }
    }
}

/// An area with every function's history, its administrations and its bodies.
#[derive(Debug, Serialize, ToSchema)]
pub struct AreaDetailJson {
    #[serde(flatten)]
    pub area: AreaJson,
    pub functions: Vec<FunctionJson>,
    /// The administrations that have been the municipality's counterpart in the area.
    pub administrations: Vec<AdministrationJson>,
    pub bodies: Vec<BodyJson>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AdministrationJson {
    pub organisation: RefJson,
    /// The first day; null when it is not known (valid on every date up to `valid_to`).
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
}

/// A lasting role, its holder on the date asked for, and every appointment it has had.
#[derive(Debug, Serialize, ToSchema)]
pub struct FunctionJson {
    pub id: i32,
    pub name: String,
    #[schema(example = "coordinating_health_centre")]
    pub kind: &'static str,
    pub description: Option<String>,
    /// The first day; null when it is not known (valid on every date up to `valid_to`).
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    pub holder: Option<HolderJson>,
    /// Every appointment, newest first.
    pub appointments: Vec<HolderJson>,
}

pub(super) fn function_json(f: &store::FunctionHistory, at: NaiveDate) -> FunctionJson {
    FunctionJson {
        id: f.function.id,
        name: f.function.name.clone(),
        kind: f.function.kind.code(),
        description: f.function.description.clone(),
        valid_from: f.function.period.from(),
        valid_to: f.function.period.to(),
        holder: f.holder_on(at).map(HolderJson::from),
        appointments: f.appointments.iter().map(HolderJson::from).collect(),
    }
}

/// A body on one of the three levels.
#[derive(Debug, Serialize, ToSchema)]
pub struct BodyJson {
    pub id: i32,
    pub name: String,
    pub short_name: Option<String>,
    /// `county`, `sub_regional` or `local`.
    #[schema(example = "county")]
    pub level: &'static str,
    #[schema(example = "consultative_group")]
    pub kind: &'static str,
    pub party: Option<RefJson>,
    pub area: Option<RefJson>,
    pub sub_region: Option<RefJson>,
    pub mandate: Option<String>,
    /// The first day; null when it is not known (valid on every date up to `valid_to`).
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    /// True for data made by `samverkan demo-data`: invented, not real.
    pub synthetic: bool,
}

impl From<&store::Body> for BodyJson {
    fn from(b: &store::Body) -> Self {
        BodyJson {
            id: b.id,
            name: b.name.clone(),
            short_name: b.short_name.clone(),
            level: b.level.code(),
            kind: b.kind.code(),
            party: opt_ref(&b.party),
            area: opt_ref(&b.area),
            sub_region: opt_ref(&b.sub_region),
            mandate: b.mandate.clone(),
            valid_from: b.period.from(),
            valid_to: b.period.to(),
            synthetic: b.synthetic,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BodyDetailJson {
    #[serde(flatten)]
    pub body: BodyJson,
    /// Memberships by function, past ones included.
    pub members: Vec<MemberJson>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MemberJson {
    pub function: RefJson,
    #[schema(example = "convener")]
    pub role: &'static str,
    /// The first day; null when it is not known (valid on every date up to `valid_to`).
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    /// The function's holder on the date asked for.
    pub holder: Option<HolderJson>,
}

impl From<&store::Member> for MemberJson {
    fn from(m: &store::Member) -> Self {
        MemberJson {
            function: RefJson { id: m.function.id, name: m.function.name.clone() },
            role: m.role.code(),
            valid_from: m.period.from(),
            valid_to: m.period.to(),
            holder: m.holder.as_ref().map(HolderJson::from),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationJson {
    pub id: i32,
    pub name: String,
    #[schema(example = "health_centre")]
    pub kind: &'static str,
    pub party: Option<RefJson>,
    /// The first day; null when it is not known (valid on every date up to `valid_to`).
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    /// The organisation that took over when this one ended.
    pub replaced_by: Option<RefJson>,
    /// True for data made by `samverkan demo-data`: invented, not real.
    pub synthetic: bool,
}

impl From<&store::Organisation> for OrganisationJson {
    fn from(o: &store::Organisation) -> Self {
        OrganisationJson {
            id: o.id,
            name: o.name.clone(),
            kind: o.kind.code(),
            party: opt_ref(&o.party),
            valid_from: o.period.from(),
            valid_to: o.period.to(),
            synthetic: o.synthetic,
            replaced_by: opt_ref(&o.replaced_by),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SubRegionJson {
    pub id: i32,
    pub name: String,
    pub description: Option<String>,
    /// The first day; null when it is not known (valid on every date up to `valid_to`).
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    /// The member parties on the date asked for.
    pub members: Vec<RefJson>,
}

impl From<&store::SubRegion> for SubRegionJson {
    fn from(r: &store::SubRegion) -> Self {
        SubRegionJson {
            id: r.id,
            name: r.name.clone(),
            description: r.description.clone(),
            valid_from: r.period.from(),
            valid_to: r.period.to(),
            members: r.members.iter().map(RefJson::from).collect(),
        }
    }
}

// ---- handlers -----------------------------------------------------------------------------

/// The parties: 26 municipalities and Region Stockholm.
#[utoipa::path(get, path = "/api/v1/parties", tag = "struktur", summary = "Parterna", params(AtParam, WindowParams),
    responses(
        (status = 200, description = "Parterna, i svensk ordning", body = Vec<PartyJson>,
        headers(
            ("X-Total-Count" = u64, description = "Hela listans längd"),
            ("Link" = String, description = "Adresserna till listans delar med samma `limit`: `rel=\"first\"` och `rel=\"prev\"` (första och föregående) utom på första delen, `rel=\"next\"` och `rel=\"last\"` (nästa och sista) när det finns mer. Saknas när hela listan ryms i en del."),
        )),
        (status = 400, description = "Ogiltig parameter", body = Problem, content_type = "application/problem+json"),
    ))]
async fn list_parties(State(state): State<AppState>, at: At, window: Window, uri: Uri) -> ListResult<PartyJson> {
    let rows = state.store.parties(at.date, window.page()).await?;
    paged_json(&uri, window, rows)
}

/// One party, with its areas, functions, bodies, sub-regions and organisations.
#[utoipa::path(get, path = "/api/v1/parties/{id}", tag = "struktur", summary = "En part",
    params(("id" = i32, Path, description = "Partens id"), AtParam),
    responses(
        (status = 200, description = "Parten", body = PartyDetailJson),
        (status = 400, description = "Ogiltig parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Ingen sådan part", body = Problem, content_type = "application/problem+json"),
    ))]
async fn get_party(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: At,
) -> Result<Json<PartyDetailJson>, Error> {
    let id = parse_id(&id)?;
    let party = state.store.party(id).await?.ok_or(Error::NotFound)?;
    let s = &state.store;
    let (areas, functions, bodies, sub_regions, administrations, organisations_total) = (
        s.areas_of_party(id, at.date).await?,
        s.party_functions(id).await?,
        s.bodies_of_party(id, at.date).await?,
        s.sub_regions_of_party(id, at.date).await?,
        s.administrations_of_party(id).await?,
        s.organisation_count(at.date, Some(id)).await?,
    );
    Ok(Json(PartyDetailJson {
        party: PartyJson::from(&party),
        areas: areas.iter().map(AreaJson::from).collect(),
        functions: functions.iter().map(|f| function_json(f, at.date)).collect(),
        bodies: bodies.iter().map(BodyJson::from).collect(),
        sub_regions: sub_regions.iter().map(|r| RefJson { id: r.id, name: r.name.clone() }).collect(),
        administrations: administrations.iter().map(OrganisationJson::from).collect(),
        organisations_total,
    }))
}

/// The local collaboration areas, with their coordinating health centre and municipal
/// coordinating function as things stood on `at`.
#[utoipa::path(get, path = "/api/v1/areas", tag = "struktur", summary = "Närområdena", params(AtParam, WindowParams),
    responses(
        (status = 200, description = "Närområdena, i svensk ordning", body = Vec<AreaJson>,
        headers(
            ("X-Total-Count" = u64, description = "Hela listans längd"),
            ("Link" = String, description = "Adresserna till listans delar med samma `limit`: `rel=\"first\"` och `rel=\"prev\"` (första och föregående) utom på första delen, `rel=\"next\"` och `rel=\"last\"` (nästa och sista) när det finns mer. Saknas när hela listan ryms i en del."),
        )),
        (status = 400, description = "Ogiltig parameter", body = Problem, content_type = "application/problem+json"),
    ))]
async fn list_areas(State(state): State<AppState>, at: At, window: Window, uri: Uri) -> ListResult<AreaJson> {
    let rows = state.store.areas(at.date, window.page()).await?;
    paged_json(&uri, window, rows)
}

/// One area, with the history of its functions and administrations.
#[utoipa::path(get, path = "/api/v1/areas/{id}", tag = "struktur", summary = "Ett närområde",
    params(("id" = i32, Path, description = "Närområdets id"), AtParam),
    responses(
        (status = 200, description = "Närområdet", body = AreaDetailJson),
        (status = 400, description = "Ogiltig parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Inget sådant närområde", body = Problem, content_type = "application/problem+json"),
    ))]
async fn get_area(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: At,
) -> Result<Json<AreaDetailJson>, Error> {
    let id = parse_id(&id)?;
    let s = &state.store;
    let area = s.area(id, at.date).await?.ok_or(Error::NotFound)?;
    let functions = s.area_functions(id).await?;
    let administrations = s.area_administrations(id).await?;
    let bodies = s.bodies_of_area(id, at.date).await?;
    Ok(Json(AreaDetailJson {
        area: AreaJson::from(&area),
        functions: functions.iter().map(|f| function_json(f, at.date)).collect(),
        administrations: administrations
            .iter()
            .map(|a| AdministrationJson {
                organisation: RefJson::from(&a.organisation),
                valid_from: a.period.from(),
                valid_to: a.period.to(),
            })
            .collect(),
        bodies: bodies.iter().map(BodyJson::from).collect(),
    }))
}

/// The bodies on the three levels: county, sub-regional and local.
#[utoipa::path(get, path = "/api/v1/bodies", tag = "struktur", summary = "Organen", params(AtParam, WindowParams),
    responses(
        (status = 200, description = "Organen, efter nivå", body = Vec<BodyJson>,
        headers(
            ("X-Total-Count" = u64, description = "Hela listans längd"),
            ("Link" = String, description = "Adresserna till listans delar med samma `limit`: `rel=\"first\"` och `rel=\"prev\"` (första och föregående) utom på första delen, `rel=\"next\"` och `rel=\"last\"` (nästa och sista) när det finns mer. Saknas när hela listan ryms i en del."),
        )),
        (status = 400, description = "Ogiltig parameter", body = Problem, content_type = "application/problem+json"),
    ))]
async fn list_bodies(State(state): State<AppState>, at: At, window: Window, uri: Uri) -> ListResult<BodyJson> {
    let rows = state.store.bodies(at.date, window.page()).await?;
    paged_json(&uri, window, rows)
}

/// One body, with its members by function.
#[utoipa::path(get, path = "/api/v1/bodies/{id}", tag = "struktur", summary = "Ett organ",
    params(("id" = i32, Path, description = "Organets id"), AtParam),
    responses(
        (status = 200, description = "Organet", body = BodyDetailJson),
        (status = 400, description = "Ogiltig parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Inget sådant organ", body = Problem, content_type = "application/problem+json"),
    ))]
async fn get_body(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: At,
) -> Result<Json<BodyDetailJson>, Error> {
    let id = parse_id(&id)?;
    let body = state.store.body(id).await?.ok_or(Error::NotFound)?;
    let members = state.store.body_members(id, at.date).await?;
    Ok(Json(BodyDetailJson { body: BodyJson::from(&body), members: members.iter().map(MemberJson::from).collect() }))
}

/// The organisations: Storsthlm, administrations, SLSO, KSON, health centres, ….
#[utoipa::path(get, path = "/api/v1/organisations", tag = "struktur", summary = "Organisationerna", params(AtParam, WindowParams, PartyFilterParam),
    responses(
        (status = 200, description = "Organisationerna, i svensk ordning", body = Vec<OrganisationJson>,
        headers(
            ("X-Total-Count" = u64, description = "Hela listans längd"),
            ("Link" = String, description = "Adresserna till listans delar med samma `limit`: `rel=\"first\"` och `rel=\"prev\"` (första och föregående) utom på första delen, `rel=\"next\"` och `rel=\"last\"` (nästa och sista) när det finns mer. Saknas när hela listan ryms i en del."),
        )),
        (status = 400, description = "Ogiltig parameter", body = Problem, content_type = "application/problem+json"),
    ))]
async fn list_organisations(
    State(state): State<AppState>,
    at: At,
    window: Window,
    party: PartyFilter,
    uri: Uri,
) -> ListResult<OrganisationJson> {
    let rows = state.store.organisations(at.date, window.page(), party.0).await?;
    paged_json(&uri, window, rows)
}

/// The sub-regions: configurable groupings of neighbouring parties.
#[utoipa::path(get, path = "/api/v1/sub-regions", tag = "struktur", summary = "Delregionerna", params(AtParam),
    responses(
        (status = 200, description = "Delregionerna med sina medlemmar", body = Vec<SubRegionJson>),
        (status = 400, description = "Ogiltig parameter", body = Problem, content_type = "application/problem+json"),
    ))]
async fn list_sub_regions(State(state): State<AppState>, at: At) -> Result<Json<Vec<SubRegionJson>>, Error> {
    let regions = state.store.sub_regions(at.date).await?;
    Ok(Json(regions.iter().map(SubRegionJson::from).collect()))
}

/// The municipalities' outlines as a GeoJSON FeatureCollection (WGS84), for maps. Each feature's
/// properties carry the party's `id`, `code` and `name`, and the geometry's `attribution`.
#[utoipa::path(get, path = "/api/v1/map/parties", tag = "struktur", summary = "Kommunernas gränser som karta (GeoJSON)",
    responses(
        (status = 200, description = "GeoJSON FeatureCollection", body = Object, content_type = "application/geo+json"),
    ))]
async fn party_map(State(state): State<AppState>) -> Result<axum::response::Response, Error> {
    use axum::response::IntoResponse;
    let shapes = state.store.party_shapes().await?;
    let mut features = Vec::with_capacity(shapes.len());
    for shape in shapes {
        let geometry: serde_json::Value = serde_json::from_str(&shape.geometry)
            .map_err(|e| Error::Internal(format!("stored geometry of party {}: {e}", shape.party.id)))?;
        features.push(serde_json::json!({
            "type": "Feature",
            "id": shape.party.id,
            "geometry": geometry,
            "properties": {
                "id": shape.party.id,
                "code": shape.code,
                "name": shape.party.name,
                "attribution": shape.attribution,
            },
        }));
    }
    let collection = serde_json::json!({ "type": "FeatureCollection", "features": features });
    Ok(([(axum::http::header::CONTENT_TYPE, "application/geo+json")], Json(collection)).into_response())
}

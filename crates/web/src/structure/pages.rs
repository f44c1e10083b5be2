//! Server-rendered pages in Swedish (askama templates in `templates/`), usable without
//! JavaScript. Each page calls the same store queries as the API.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;
use samverkan_domain::{BodyLevel, PartyKind, Scope};
use samverkan_store::{
    Administration, AreaSummary, Body, Counts, FunctionHistory, Holding, Member, Organisation, Page, Party, Person,
    Ref, SubRegion,
};

use super::scopes::{body_scope, function_scope, organisation_scope, person_scope};
use crate::history::{History, history};
use crate::kit::layout::with_query;
use crate::kit::{
    AppState, Error, Layout, PAGE_SIZE, PageAt, PageNumber, PagePartyFilter, PageResult, Pager, parse_id, paths, render,
};

pub fn router() -> Router<AppState> {
    use crate::kit::paths::{
        AREA, AREAS, BODIES, BODY, FUNCTION, ORGANISATION, ORGANISATIONS, PARTIES, PARTY, PERSON, START, SUB_REGION,
        SUB_REGIONS,
    };
    Router::new()
        .route(START, get(start))
        .route(PARTIES, get(parties))
        .route(PARTY, get(party))
        .route(AREAS, get(areas))
        .route(AREA, get(area))
        .route(BODIES, get(bodies))
        .route(BODY, get(body))
        .route(ORGANISATIONS, get(organisations))
        .route(ORGANISATION, get(organisation))
        .route(FUNCTION, get(function))
        .route(PERSON, get(person))
        .route(SUB_REGIONS, get(sub_regions))
        .route(SUB_REGION, get(sub_region))
}

pub fn level_heading(level: &BodyLevel) -> &'static str {
    match level {
        BodyLevel::County => "Länsövergripande nivå",
        BodyLevel::SubRegional => "Delregional nivå",
        BodyLevel::Local => "Lokal nivå",
    }
}

#[derive(Template)]
#[template(path = "start.html")]
struct StartPage {
    layout: Layout,
    counts: Counts,
    region: Vec<Party>,
    municipalities: Vec<Party>,
    sub_regions: Vec<SubRegion>,
    /// The areas, when there are few enough to show them all here.
    areas: Vec<AreaSummary>,
    /// Each level, its number of bodies, and where its section of the bodies list is.
    levels: Vec<(BodyLevel, u64, String)>,
}

async fn start(State(state): State<AppState>, at: PageAt) -> PageResult {
    let s = &state.store;
    let date = at.0.date;
    let counts = s.counts(date).await?;
    // The areas table only when it is short enough for an overview; otherwise a link.
    let areas = if counts.areas <= PAGE_SIZE { s.areas(date, Page::ALL).await?.items } else { Vec::new() };
    // Likewise the municipalities: all of them in a county, a count and a link in a country.
    let parties = if counts.parties <= PAGE_SIZE {
        s.parties(date, Page::ALL).await?.items
    } else {
        s.parties_of_kind(date, PartyKind::Region).await?
    };
    // And the sub-regions with their members, which run to hundreds of links in a country.
    let sub_regions = if counts.parties <= PAGE_SIZE { s.sub_regions(date).await? } else { Vec::new() };
    let layout = Layout::new(&state, "Översikt", "start", &at);
    // Bodies are listed level by level, so a level starts on the page its predecessors fill.
    let mut before = 0;
    let mut levels = Vec::new();
    for (level, n) in s.body_counts(date).await? {
        let mut query = layout.kept_query();
        let page = before / PAGE_SIZE + 1;
        if page > 1 {
            query.push(format!("sida={page}"));
        }
        levels.push((level, n, format!("{}#{}", with_query(paths::BODIES, &query), level.code())));
        before += n;
    }
    let (region, municipalities) = parties.into_iter().partition(|p| p.kind == PartyKind::Region);
    Ok(render(&StartPage { layout, counts, region, municipalities, sub_regions, areas, levels })?)
}

#[derive(Template)]
#[template(path = "parties.html")]
struct PartiesPage {
    layout: Layout,
    pager: Pager,
    parties: Vec<(Party, u64)>,
}

async fn parties(State(state): State<AppState>, at: PageAt, number: PageNumber) -> PageResult {
    let layout = Layout::new(&state, "Parter", "parter", &at);
    let parties = state.store.parties(at.0.date, number.page()).await?;
    let pager =
        Pager::new(paths::PARTIES, number, parties.total, &layout)?.with_rows(parties.items.iter().map(|p| p.id));
    let ids: Vec<i32> = parties.items.iter().map(|p| p.id).collect();
    let counts = state.store.area_counts(at.0.date, &ids).await?;
    let parties = parties
        .items
        .into_iter()
        .map(|p| {
            let n = counts.get(&p.id).copied().unwrap_or(0);
            (p, n)
        })
        .collect();
    Ok(render(&PartiesPage { layout, pager, parties })?)
}

#[derive(Template)]
#[template(path = "party.html")]
struct PartyPage {
    layout: Layout,
    party: Party,
    areas: Vec<AreaSummary>,
    functions: Vec<FunctionHistory>,
    bodies: Vec<Body>,
    sub_regions: Vec<SubRegion>,
    /// The party's own administrative organisations, past ones included.
    administrations: Vec<Organisation>,
    /// How many organisations (actors included) the party has on the date.
    organisation_count: u64,
    /// The visitor may change the party's records (its functions, bodies, organisations).
    can_edit: bool,
    /// The visitor may export the party's records for its archive (the process leaders).
    can_export: bool,
    history: History,
}

async fn party(State(state): State<AppState>, Path(id): Path<String>, at: PageAt) -> PageResult {
    let id = parse_id(&id)?;
    let s = &state.store;
    let party = s.party(id).await?.ok_or(Error::NotFound)?;
    let page = PartyPage {
        layout: Layout::new(&state, party.name.clone(), "parter", &at),
        areas: s.areas_of_party(id, at.0.date).await?,
        functions: s.party_functions(id).await?,
        bodies: s.bodies_of_party(id, at.0.date).await?,
        sub_regions: s.sub_regions_of_party(id, at.0.date).await?,
        administrations: s.administrations_of_party(id).await?,
        organisation_count: s.organisation_count(at.0.date, Some(id)).await?,
        can_edit: may(&at, Scope::party(id)),
        can_export: may(&at, Scope::JOINT),
        history: history(&state, &at, "party", id).await?,
        party,
    };
    Ok(render(&page)?)
}

#[derive(Template)]
#[template(path = "areas.html")]
struct AreasPage {
    layout: Layout,
    pager: Pager,
    areas: Vec<AreaSummary>,
}

async fn areas(State(state): State<AppState>, at: PageAt, number: PageNumber) -> PageResult {
    let layout = Layout::new(&state, "Närområden", "omraden", &at);
    let areas = state.store.areas(at.0.date, number.page()).await?;
    let pager =
        Pager::new(paths::AREAS, number, areas.total, &layout)?.with_rows(areas.items.iter().map(|a| a.area.id));
    Ok(render(&AreasPage { layout, pager, areas: areas.items })?)
}

#[derive(Template)]
#[template(path = "area.html")]
struct AreaPage {
    layout: Layout,
    summary: AreaSummary,
    functions: Vec<FunctionHistory>,
    administrations: Vec<Administration>,
    bodies: Vec<Body>,
    /// The visitor may add functions to the area (its municipality's editors).
    can_edit_functions: bool,
    /// The visitor may add bodies to the area (its coordinators too).
    can_edit_bodies: bool,
    /// The area's actor map in short (issue 14).
    actors: crate::actors::ActorSummary,
    plans: crate::plans::PlansSummary,
    history: History,
}

async fn area(State(state): State<AppState>, Path(id): Path<String>, at: PageAt) -> PageResult {
    let id = parse_id(&id)?;
    let s = &state.store;
    let summary = s.area(id, at.0.date).await?.ok_or(Error::NotFound)?;
    let page = AreaPage {
        layout: Layout::new(&state, format!("Närområde {}", summary.area.name), "omraden", &at),
        functions: s.area_functions(id).await?,
        administrations: s.area_administrations(id).await?,
        bodies: s.bodies_of_area(id, at.0.date).await?,
        can_edit_functions: may(&at, Scope::party(summary.area.party_id)),
        can_edit_bodies: may(&at, Scope::area(summary.area.party_id, id)),
        actors: crate::actors::actor_summary(&state, &summary, &at).await?,
        plans: crate::plans::plans_summary(&state, &summary, &at).await?,
        history: history(&state, &at, "area", id).await?,
        summary,
    };
    Ok(render(&page)?)
}

#[derive(Template)]
#[template(path = "bodies.html")]
struct BodiesPage {
    layout: Layout,
    pager: Pager,
    /// This page's bodies by level; they are sorted by level first, so a level is split across
    /// pages at most once.
    levels: Vec<(BodyLevel, Vec<Body>)>,
    /// The visitor may add bodies (anyone who changes records; the form says where).
    can_create: bool,
}

async fn bodies(State(state): State<AppState>, at: PageAt, number: PageNumber) -> PageResult {
    let layout = Layout::new(&state, "Organ", "organ", &at);
    let bodies = state.store.bodies(at.0.date, number.page()).await?;
    let pager = Pager::new(paths::BODIES, number, bodies.total, &layout)?.with_rows(bodies.items.iter().map(|b| b.id));
    let levels = BodyLevel::ALL
        .iter()
        .map(|l| (*l, bodies.items.iter().filter(|b| b.level == *l).cloned().collect::<Vec<_>>()))
        .filter(|(_, list)| pager.pages() <= 1 || !list.is_empty())
        .collect();
    let can_create = at.1.as_ref().is_some_and(|u| u.grants.iter().any(|g| g.role != samverkan_domain::Role::Reader));
    Ok(render(&BodiesPage { layout, pager, levels, can_create })?)
}

#[derive(Template)]
#[template(path = "body.html")]
struct BodyPage {
    layout: Layout,
    body: Body,
    members: Vec<Member>,
    can_edit: bool,
    /// The form that adds a member, for those who may.
    form: Option<crate::kit::Form>,
    history: History,
}

async fn body(State(state): State<AppState>, Path(id): Path<String>, at: PageAt) -> PageResult {
    let id = parse_id(&id)?;
    let body = state.store.body(id).await?.ok_or(Error::NotFound)?;
    let members = state.store.body_members(id, at.0.date).await?;
    let can_edit = may(&at, body_scope(&state, &body).await?);
    let form = match (&at.1, can_edit) {
        (Some(user), true) => Some(crate::kit::embedded(
            paths::body_new_member(id),
            user,
            "Lägg till medlemmen",
            super::body_forms::member_fields(&state).await?,
            &super::body_forms::member_values(&at),
        )),
        _ => None,
    };
    let page = BodyPage {
        layout: Layout::new(&state, body.name.clone(), "organ", &at),
        members,
        can_edit,
        form,
        history: history(&state, &at, "body", id).await?,
        body,
    };
    Ok(render(&page)?)
}

#[derive(Template)]
#[template(path = "organisations.html")]
struct OrganisationsPage {
    layout: Layout,
    pager: Pager,
    /// The party the list is limited to, if any.
    party: Option<Party>,
    organisations: Vec<Organisation>,
    /// The visitor may add an organisation (of the party listed, or any when an administrator).
    can_create: bool,
}

async fn organisations(
    State(state): State<AppState>,
    at: PageAt,
    number: PageNumber,
    filter: PagePartyFilter,
) -> PageResult {
    let party = match filter.0 {
        Some(id) => Some(state.store.party(id).await?.ok_or(Error::NotFound)?),
        None => None,
    };
    let title = match &party {
        Some(p) => format!("Organisationer hos {}", p.name),
        None => "Organisationer".to_owned(),
    };
    let mut layout = Layout::new(&state, title, "organisationer", &at);
    if let Some(id) = filter.0 {
        layout.kept.push((PagePartyFilter::PARAM, id.to_string()));
    }
    let organisations = state.store.organisations(at.0.date, number.page(), filter.0).await?;
    let pager = Pager::new(paths::ORGANISATIONS, number, organisations.total, &layout)?
        .with_rows(organisations.items.iter().map(|o| o.id));
    let can_create = may(&at, filter.0.map_or(Scope::JOINT, Scope::party));
    Ok(render(&OrganisationsPage { layout, pager, party, organisations: organisations.items, can_create })?)
}

/// Whether the visitor may change records in `scope` (never an anonymous visitor).
fn may(at: &PageAt, scope: Scope) -> bool {
    crate::kit::may(at.1.as_deref(), scope)
}

#[derive(Template)]
#[template(path = "function.html")]
struct FunctionPage {
    layout: Layout,
    /// The function and its holders over time, newest first.
    record: FunctionHistory,
    party: Option<Ref>,
    area: Option<Ref>,
    can_edit: bool,
    /// The handover form, for those who may change the function.
    form: Option<crate::kit::Form>,
    history: History,
}

async fn function(State(state): State<AppState>, Path(id): Path<String>, at: PageAt) -> PageResult {
    let id = parse_id(&id)?;
    let s = &state.store;
    let record = s.function(id).await?.ok_or(Error::NotFound)?;
    let f = &record.function;
    let party = match f.party_id {
        Some(p) => s.party(p).await?.map(|p| Ref { id: p.id, name: p.name }),
        None => None,
    };
    let area = match f.area_id {
        Some(a) => s.area(a, at.0.date).await?.map(|a| Ref { id: a.area.id, name: a.area.name }),
        None => None,
    };
    let can_edit = may(&at, function_scope(f));
    let form = match (&at.1, can_edit) {
        (Some(user), true) => Some(crate::kit::embedded(
            paths::function_handover(id),
            user,
            "Byt innehavare",
            super::forms::handover_fields(&state, &record).await?,
            &Default::default(),
        )),
        _ => None,
    };
    let page = FunctionPage {
        layout: Layout::new(&state, f.name.clone(), "", &at),
        party,
        area,
        can_edit,
        form,
        history: history(&state, &at, "function", id).await?,
        record,
    };
    Ok(render(&page)?)
}

#[derive(Template)]
#[template(path = "organisation.html")]
struct OrganisationPage {
    layout: Layout,
    organisation: Organisation,
    /// The functions it holds or has held, newest first.
    holdings: Vec<Holding>,
    can_edit: bool,
    history: History,
}

async fn organisation(State(state): State<AppState>, Path(id): Path<String>, at: PageAt) -> PageResult {
    let id = parse_id(&id)?;
    let s = &state.store;
    let organisation = s.organisation(id).await?.ok_or(Error::NotFound)?;
    let page = OrganisationPage {
        layout: Layout::new(&state, organisation.name.clone(), "organisationer", &at),
        holdings: s.organisation_holdings(id).await?,
        can_edit: may(&at, organisation_scope(&state, &organisation).await?),
        history: history(&state, &at, "organisation", id).await?,
        organisation,
    };
    Ok(render(&page)?)
}

#[derive(Template)]
#[template(path = "person.html")]
struct PersonPage {
    layout: Layout,
    person: Person,
    holdings: Vec<Holding>,
    /// E-mail and phone are personal data: shown to signed-in users only.
    show_contact: bool,
    can_edit: bool,
    history: History,
}

async fn person(State(state): State<AppState>, Path(id): Path<String>, at: PageAt) -> PageResult {
    let id = parse_id(&id)?;
    let record = state.store.person(id).await?.ok_or(Error::NotFound)?;
    let page = PersonPage {
        layout: Layout::new(&state, record.person.name.clone(), "", &at),
        show_contact: at.1.as_ref().is_some_and(|u| samverkan_domain::may_read_restricted(&u.grants)),
        can_edit: may(&at, person_scope(&record.person)),
        history: history(&state, &at, "person", id).await?,
        person: record.person,
        holdings: record.holdings,
    };
    Ok(render(&page)?)
}

#[derive(Template)]
#[template(path = "sub_regions.html")]
struct SubRegionsPage {
    layout: Layout,
    sub_regions: Vec<SubRegion>,
    can_create: bool,
}

async fn sub_regions(State(state): State<AppState>, at: PageAt) -> PageResult {
    let page = SubRegionsPage {
        layout: Layout::new(&state, "Delregioner", "delregioner", &at),
        sub_regions: state.store.sub_regions(at.0.date).await?,
        can_create: may(&at, Scope::JOINT),
    };
    Ok(render(&page)?)
}

#[derive(Template)]
#[template(path = "sub_region.html")]
struct SubRegionPage {
    layout: Layout,
    sub_region: SubRegion,
    bodies: Vec<Body>,
    can_edit: bool,
    history: History,
}

async fn sub_region(State(state): State<AppState>, Path(id): Path<String>, at: PageAt) -> PageResult {
    let id = parse_id(&id)?;
    let s = &state.store;
    let sub_region = s.sub_region(id, at.0.date).await?.ok_or(Error::NotFound)?;
    let page = SubRegionPage {
        layout: Layout::new(&state, format!("Delregion {}", sub_region.name), "delregioner", &at),
        bodies: s.bodies_of_sub_region(id, at.0.date).await?,
        can_edit: may(&at, Scope::JOINT),
        history: history(&state, &at, "sub_region", id).await?,
        sub_region,
    };
    Ok(render(&page)?)
}

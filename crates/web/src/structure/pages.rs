//! Server-rendered pages in Swedish (askama templates in `templates/`), usable without
//! JavaScript. Each page calls the same store queries as the API.

use std::borrow::Borrow;

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Html;
use axum::routing::get;
use chrono::NaiveDate;
use samverkan_domain::{BodyLevel, PartyKind, Period, Scope};
use samverkan_store::{
    Administration, AreaSummary, Body, Counts, FunctionHistory, Holding, Member, Organisation, Page, Party, Person,
    Ref, SubRegion,
};

use crate::AppState;
use crate::edit_pages;
use crate::error::{Error, PageError};
use crate::params::{PAGE_SIZE, PageAt, PageNumber, PagePartyFilter, parse_id};

/// The addresses of the pages. The router and the sitemap both read them from here, so the
/// sitemap (which the browser suite walks) cannot miss a page the router serves.
mod paths {
    pub const START: &str = "/";
    pub const PARTIES: &str = "/parter";
    pub const AREAS: &str = "/omraden";
    pub const BODIES: &str = "/organ";
    pub const ORGANISATIONS: &str = "/organisationer";
    pub const FUNCTIONS: &str = "/funktioner";
    pub const SUB_REGIONS: &str = "/delregioner";
    /// A person's page; not in the sitemap (a person is reached from the functions they hold).
    pub const PERSONS: &str = "/personer";
    /// The pages that take no id.
    pub const INDEX_PAGES: [&str; 7] = [START, PARTIES, AREAS, BODIES, ORGANISATIONS, SUB_REGIONS, crate::auth::LOGIN];
    /// The pages of one record: `{prefix}/{id}`.
    pub const RECORD_PAGES: [&str; 6] = [PARTIES, AREAS, BODIES, FUNCTIONS, ORGANISATIONS, SUB_REGIONS];
}

pub fn router() -> Router<AppState> {
    use paths::*;
    Router::new()
        .route(START, get(start))
        .route(PARTIES, get(parties))
        .route(&format!("{PARTIES}/{{id}}"), get(party))
        .route(AREAS, get(areas))
        .route(&format!("{AREAS}/{{id}}"), get(area))
        .route(BODIES, get(bodies))
        .route(&format!("{BODIES}/{{id}}"), get(body))
        .route(ORGANISATIONS, get(organisations))
        .route(&format!("{ORGANISATIONS}/{{id}}"), get(organisation))
        .route(&format!("{FUNCTIONS}/{{id}}"), get(function))
        .route(&format!("{PERSONS}/{{id}}"), get(person))
        .route(SUB_REGIONS, get(sub_regions))
        .route(&format!("{SUB_REGIONS}/{{id}}"), get(sub_region))
        .route("/sitemap.xml", get(sitemap))
}

/// Every page the server can show today: the index pages and each record's page, as absolute
/// URLs on the public URL (`--public-url`), never on the request's `Host`, which the client chooses.
async fn sitemap(State(state): State<AppState>) -> Result<axum::response::Response, Error> {
    use axum::response::IntoResponse;
    let today = crate::params::today();
    let s = &state.store;
    let origin = state.settings.public_url.origin();
    let mut paths: Vec<String> = paths::INDEX_PAGES.iter().map(|p| (*p).to_owned()).collect();
    // The further pages of the paged lists, so the browser suite sees a pager too.
    let counts = s.counts(today).await?;
    for (list, total) in [
        (paths::PARTIES, counts.parties),
        (paths::AREAS, counts.areas),
        (paths::BODIES, counts.bodies),
        (paths::ORGANISATIONS, counts.organisations),
    ] {
        paths.extend((2..=Pager::page_count(total)).map(|n| format!("{list}?sida={n}")));
    }
    let [parties_prefix, areas_prefix, bodies_prefix, functions_prefix, organisations_prefix, sub_regions_prefix] =
        paths::RECORD_PAGES;
    let ids = s.record_ids(today).await?;
    paths.extend(ids.parties.iter().map(|id| format!("{parties_prefix}/{id}")));
    // Each party's organisations: the list its page links to.
    paths.extend(ids.parties.iter().map(|id| format!("{}?{}={id}", paths::ORGANISATIONS, PagePartyFilter::PARAM)));
    paths.extend(ids.areas.iter().map(|id| format!("{areas_prefix}/{id}")));
    paths.extend(ids.bodies.iter().map(|id| format!("{bodies_prefix}/{id}")));
    paths.extend(ids.functions.iter().map(|id| format!("{functions_prefix}/{id}")));
    paths.extend(ids.organisations.iter().map(|id| format!("{organisations_prefix}/{id}")));
    paths.extend(ids.sub_regions.iter().map(|id| format!("{sub_regions_prefix}/{id}")));
    // The agreements: the list, and each agreement's page, consultation matrix and adoption view.
    paths.extend(crate::agreement_pages::sitemap_paths(&state).await?);
    paths.extend(crate::memo::sitemap_paths(&state).await?);
    let page = Sitemap { urls: paths.into_iter().map(|p| format!("{origin}{p}")).collect() };
    let xml = page.render().map_err(|e| Error::Internal(format!("template: {e}")))?;
    Ok(([(axum::http::header::CONTENT_TYPE, "application/xml; charset=utf-8")], xml).into_response())
}

#[derive(Template)]
#[template(path = "sitemap.xml")]
struct Sitemap {
    urls: Vec<String>,
}

type PageResult = Result<Html<String>, PageError>;

pub(crate) fn render(t: &impl Template) -> Result<Html<String>, Error> {
    t.render().map(Html).map_err(|e| Error::Internal(format!("template: {e}")))
}

/// What the layout needs from every page.
pub struct Layout {
    pub title: String,
    /// The menu entry to mark as current.
    pub section: &'static str,
    /// The date the page answers for, and whether the user chose it.
    pub at: NaiveDate,
    pub at_explicit: bool,
    /// The data is synthetic (`samverkan demo-data`): the page says so.
    pub synthetic: bool,
    /// Query parameters (a filter) that the date form and the "today" link keep.
    pub kept: Vec<(&'static str, String)>,
    /// The signed-in user, for the header (and the sign-out form's CSRF token).
    pub user: Option<std::sync::Arc<samverkan_store::SessionUser>>,
}

impl Layout {
    pub(crate) fn new(state: &AppState, title: impl Into<String>, section: &'static str, at: &PageAt) -> Self {
        Layout {
            title: title.into(),
            section,
            at: at.0.date,
            at_explicit: at.0.explicit,
            synthetic: state.synthetic,
            kept: Vec::new(),
            user: at.1.clone(),
        }
    }

    /// This page for today: the address without `at`, filters kept.
    pub fn today_href(&self) -> String {
        let query: Vec<String> = self.kept.iter().map(|(k, v)| format!("{k}={v}")).collect();
        format!("?{}", query.join("&"))
    }

    /// `?at=…` to keep the chosen date on links, or nothing.
    pub fn at_query(&self) -> String {
        if self.at_explicit { format!("?at={}", self.at) } else { String::new() }
    }

    /// The query parameters (`name=value`) that keep this page's date and filters on a link.
    fn kept_query(&self) -> Vec<String> {
        let at = self.at_explicit.then(|| format!("at={}", self.at));
        at.into_iter().chain(self.kept.iter().map(|(k, v)| format!("{k}={v}"))).collect()
    }
}

/// `path` with these query parameters, or `path` alone.
fn with_query(path: &str, params: &[String]) -> String {
    if params.is_empty() { path.to_owned() } else { format!("{path}?{}", params.join("&")) }
}

/// Where a paged list page is: page `page` of `pages`, over `total` rows, at `path`.
pub struct Pager {
    pub page: u64,
    pub total: u64,
    path: &'static str,
    /// The page's date and filters, kept on the pager's links.
    kept: Vec<String>,
    /// The ids of this page's first and last rows: the cursors of the previous and next page.
    edges: Option<(i32, i32)>,
}

impl Pager {
    /// The pager for `?sida=` over a list of `total` rows; a page past the end is not found.
    fn new(path: &'static str, number: PageNumber, total: u64, layout: &Layout) -> Result<Self, Error> {
        if number.number > Self::page_count(total).max(1) {
            return Err(Error::NotFound);
        }
        Ok(Pager { page: number.number, total, path, kept: layout.kept_query(), edges: None })
    }

    /// Remembers the ids of the page's first and last row, for the links' cursors.
    fn with_rows(mut self, ids: impl DoubleEndedIterator<Item = i32> + Clone) -> Self {
        self.edges = ids.clone().next().zip(ids.last());
        self
    }

    fn page_count(total: u64) -> u64 {
        total.div_ceil(PAGE_SIZE)
    }

    pub fn pages(&self) -> u64 {
        Self::page_count(self.total)
    }

    /// The first and last row shown, counted from 1.
    pub fn first_row(&self) -> u64 {
        (self.page - 1) * PAGE_SIZE + 1
    }

    pub fn last_row(&self) -> u64 {
        (self.page * PAGE_SIZE).min(self.total)
    }

    fn href(&self, page: u64, cursor: Option<(&str, i32)>) -> String {
        let mut query = self.kept.clone();
        if page > 1 {
            query.push(format!("sida={page}"));
            query.extend(cursor.map(|(name, id)| format!("{name}={id}")));
        }
        with_query(self.path, &query)
    }

    pub fn previous(&self) -> Option<String> {
        let cursor = self.edges.map(|(first, _)| (PageNumber::BEFORE, first));
        (self.page > 1).then(|| self.href(self.page - 1, cursor))
    }

    pub fn next(&self) -> Option<String> {
        let cursor = self.edges.map(|(_, last)| (PageNumber::AFTER, last));
        (self.page < self.pages()).then(|| self.href(self.page + 1, cursor))
    }
}

/// A period as Swedish readers write it: `2020-01-01 – 2023-06-30`, or `från 2023-07-01`.
pub fn period<P: Borrow<Period>>(p: P) -> String {
    let p = p.borrow();
    match p.to() {
        Some(to) => format!("{} – {}", p.from(), to),
        None => format!("från {}", p.from()),
    }
}

pub fn level_heading(level: &BodyLevel) -> &'static str {
    match level {
        BodyLevel::County => "Länsövergripande nivå",
        BodyLevel::SubRegional => "Delregional nivå",
        BodyLevel::Local => "Lokal nivå",
    }
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub layout: Layout,
    pub heading: String,
    pub detail: String,
}

impl ErrorPage {
    pub fn new(heading: &str, detail: &str) -> Self {
        ErrorPage {
            layout: Layout {
                title: heading.to_owned(),
                section: "",
                at: crate::params::today(),
                at_explicit: false,
                synthetic: false,
                kept: Vec::new(),
                user: None,
            },
            heading: heading.to_owned(),
            detail: detail.to_owned(),
        }
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
        organisation_count: s.organisations(at.0.date, Page::first(1), Some(id)).await?.total,
        can_edit: may(&at, Scope::party(id)),
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
    form: Option<edit_pages::Form>,
    history: History,
}

async fn body(State(state): State<AppState>, Path(id): Path<String>, at: PageAt) -> PageResult {
    let id = parse_id(&id)?;
    let body = state.store.body(id).await?.ok_or(Error::NotFound)?;
    let members = state.store.body_members(id, at.0.date).await?;
    let can_edit = may(&at, edit_pages::body_scope(&state, &body).await?);
    let form = match (&at.1, can_edit) {
        (Some(user), true) => Some(edit_pages::embedded(
            format!("/organ/{id}/ny-medlem"),
            user,
            "Lägg till medlemmen",
            edit_pages::member_fields(&state).await?,
            &edit_pages::member_values(&at),
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
    edit_pages::may(at.1.as_deref(), scope)
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
    form: Option<edit_pages::Form>,
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
    let can_edit = may(&at, edit_pages::function_scope(f));
    let form = match (&at.1, can_edit) {
        (Some(user), true) => Some(edit_pages::embedded(
            format!("/funktioner/{id}/byte"),
            user,
            "Byt innehavare",
            edit_pages::handover_fields(&state, &record).await?,
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
        can_edit: may(&at, edit_pages::organisation_scope(&organisation)),
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
        can_edit: may(&at, edit_pages::person_scope(&record.person)),
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

// ---- Historik: a record's audit events, one helper for every record page ---------------------

/// A record's history (*Historik*) as its page shows it: the audit trail's events about the
/// record, for signed-in users only (who changed what is not public).
pub struct History {
    /// Whether the visitor may see it (`may_read_restricted`); anonymous visitors get a sentence
    /// asking them to sign in.
    pub visible: bool,
    pub signed_in: bool,
    pub rows: Vec<HistoryRow>,
}

/// One event: when (Stockholm time), who (the account's e-mail), what, and which fields changed.
pub struct HistoryRow {
    /// `2022-07-01 14:05`, Europe/Stockholm.
    pub when: String,
    /// The moment as RFC 3339, for `<time datetime>`.
    pub datetime: String,
    pub who: String,
    pub what: String,
    pub changes: Vec<Change>,
}

/// A field that changed: its Swedish label, and its value before and after (`–` for none).
pub struct Change {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// Fields never shown in a history: internal keys and marks.
const HIDDEN_FIELDS: [&str; 4] = ["id", "sort_key", "synthetic", "prev_hash"];

/// The fields in the order a history lists them, with their Swedish labels.
const FIELDS: [(&str, &str); 22] = [
    ("name", "Namn"),
    ("short_name", "Kortnamn"),
    ("kind", "Typ"),
    ("level", "Nivå"),
    ("role", "Roll"),
    ("party_id", "Part"),
    ("area_id", "Närområde"),
    ("sub_region_id", "Delregion"),
    ("body_id", "Organ"),
    ("function_id", "Funktion"),
    ("organisation_id", "Organisation"),
    ("person_id", "Person"),
    ("title", "Titel"),
    ("email", "E-post"),
    ("phone", "Telefon"),
    ("description", "Beskrivning"),
    ("mandate", "Uppdrag"),
    ("basis", "Grund"),
    ("on_behalf_of_party_id", "På uppdrag av"),
    ("replaced_by_id", "Ersatt av"),
    ("valid_from", "Giltig från"),
    ("valid_to", "Giltig till"),
];

/// The labels of the agreements' fields on their history (the structure's are in `FIELDS`).
const AGREEMENT_FIELDS: &[(&str, &str)] = &[
    ("summary", "Sammanfattning"),
    ("implementation", "Genomförande"),
    ("follow_up", "Uppföljning"),
    ("digital_support", "Digitalt stöd"),
    ("review_date", "Revideras senast"),
    ("consultative_group_id", "Samrådsgrupp"),
    ("parent_id", "Överordnad överenskommelse (id)"),
    ("related_id", "Relaterad överenskommelse (id)"),
    ("number", "Version"),
    ("date", "Datum"),
    ("date_text", "Datum i ord"),
    ("change_summary", "Ändringar"),
    ("earliest_start", "Gäller tidigast från"),
    ("sent_on", "Remiss skickad"),
    ("sent_text", "Remiss skickad (i ord)"),
    ("deadline", "Sista svarsdag"),
    ("answered_on", "Svarade"),
    ("stance", "Ställningstagande"),
    ("text", "Remissvar"),
    ("body_name", "Organ"),
    ("handled_on", "Dag"),
    ("handled_text", "Dag i ord"),
    ("addressed_to", "Till"),
    ("decided_on", "Beslutsdag"),
    ("decided_text", "Beslutsdag i ord"),
    ("outcome", "Utfall"),
    ("deciding_body", "Beslutande organ"),
    ("deciding_body_id", "Beslutande organ (register)"),
    ("paragraph", "Paragraf"),
    ("diary_number", "Diarienummer"),
    ("sent_to", "Beslutet skickas till"),
];

/// An agreement's internal keys: the page's own agreement, and the version or consultation an
/// event is about (the event's kind says which step it is).
const AGREEMENT_HIDDEN: [&str; 3] = ["agreement_id", "version_id", "consultation_id"];

/// Which kind of record an id field names.
fn id_kind(field: &str) -> Option<samverkan_store::RecordKind> {
    use samverkan_store::RecordKind as K;
    Some(match field {
        "party_id" | "on_behalf_of_party_id" => K::Party,
        "area_id" => K::Area,
        "sub_region_id" => K::SubRegion,
        "body_id" | "consultative_group_id" | "deciding_body_id" => K::Body,
        "function_id" => K::Function,
        "organisation_id" | "replaced_by_id" => K::Organisation,
        "person_id" => K::Person,
        _ => return None,
    })
}

fn action_label(action: &str) -> String {
    match action {
        "create" => "Skapad",
        "update" => "Ändrad",
        "handover" => "Byte av innehavare",
        "add_membership" => "Ny medlem",
        "end_membership" => "Medlemskap avslutat",
        "load" => "Inläst",
        "delete" => "Borttagen",
        "revoke" => "Återkallad",
        "add_relation" => "Ny relation",
        "add_version" => "Ny version",
        "start_consultation" => "Skickad på remiss",
        "answer_consultation" => "Remissvar",
        "recommend" => "Rekommendation",
        "decide" => "Beslut",
        "add_document" => "Dokument",
        "prepare" => "Beredning",
        other => other,
    }
    .to_owned()
}

/// The names behind the ids of a page's history, looked up once per kind.
type Names = std::collections::HashMap<(samverkan_store::RecordKind, i32), String>;

/// A stored value as a reader sees it: kinds by their Swedish label, ids by the name of the
/// record they name, nothing as `–`.
fn show_value(entity: &str, field: &str, value: Option<&serde_json::Value>, names: &Names) -> String {
    use samverkan_domain::agreement;
    use samverkan_domain::{BodyKind, FunctionKind, MembershipRole, OrganisationKind};
    use serde_json::Value;
    match value {
        None | Some(Value::Null) => "–".to_owned(),
        Some(Value::String(s)) => {
            let label = match (entity, field) {
                ("function", "kind") => FunctionKind::parse(s).ok().map(|k| k.label()),
                ("organisation", "kind") => OrganisationKind::parse(s).ok().map(|k| k.label()),
                ("body", "kind") => BodyKind::parse(s).ok().map(|k| k.label()),
                (_, "level") => BodyLevel::parse(s).ok().map(|k| k.label()),
                ("agreement", "role") => agreement::PreparatoryRole::parse(s).ok().map(|k| k.label()),
                (_, "role") => MembershipRole::parse(s).ok().map(|k| k.label()),
                ("agreement", "kind") => agreement::AgreementKind::parse(s)
                    .map(|k| k.label())
                    .or_else(|_| agreement::RelationKind::parse(s).map(|k| k.label()))
                    .ok(),
                ("agreement", "stance") => agreement::Stance::parse(s).ok().map(|k| k.label()),
                ("agreement", "addressed_to") => agreement::Addressee::parse(s).ok().map(|k| k.label()),
                ("agreement", "outcome") => agreement::DecisionOutcome::parse(s)
                    .map(|k| k.label())
                    .or_else(|_| agreement::RecommendationOutcome::parse(s).map(|k| k.label()))
                    .or_else(|_| agreement::PreparatoryOutcome::parse(s).map(|k| k.label()))
                    .ok(),
                _ => None,
            };
            label.map_or_else(|| s.clone(), str::to_owned)
        }
        Some(Value::Number(n)) => match (id_kind(field), n.as_i64().and_then(|n| i32::try_from(n).ok())) {
            (Some(kind), Some(id)) => names.get(&(kind, id)).cloned().unwrap_or_else(|| format!("id {id}")),
            _ => n.to_string(),
        },
        Some(Value::Bool(b)) => if *b { "ja" } else { "nej" }.to_owned(),
        Some(other) => other.to_string(),
    }
}

/// The fields of a record that differ between `before` and `after` (either may be absent).
fn diff(
    entity: &str,
    before: Option<&serde_json::Value>,
    after: Option<&serde_json::Value>,
    names: &Names,
) -> Vec<Change> {
    fn field<'a>(v: Option<&'a serde_json::Value>, name: &str) -> Option<&'a serde_json::Value> {
        v.and_then(|v| v.get(name)).filter(|v| !v.is_null())
    }
    let mut out = Vec::new();
    for (name, label) in FIELDS {
        // The record a membership belongs to is the page's own.
        if entity == "body" && name == "body_id" {
            continue;
        }
        let (b, a) = (field(before, name), field(after, name));
        if b != a {
            out.push(Change {
                field: label.to_owned(),
                before: show_value(entity, name, b, names),
                after: show_value(entity, name, a, names),
            });
        }
    }
    // Anything else that changed, under its stored name (nothing is hidden by accident).
    let keys = |v: Option<&serde_json::Value>| -> Vec<String> {
        v.and_then(|v| v.as_object()).map(|m| m.keys().cloned().collect()).unwrap_or_default()
    };
    let mut rest: Vec<String> = keys(before).into_iter().chain(keys(after)).collect();
    rest.sort();
    rest.dedup();
    for name in rest {
        if HIDDEN_FIELDS.contains(&name.as_str())
            || FIELDS.iter().any(|(f, _)| *f == name)
            || (entity == "agreement" && AGREEMENT_HIDDEN.contains(&name.as_str()))
        {
            continue;
        }
        let (b, a) = (field(before, &name), field(after, &name));
        if b != a
            && !b.is_some_and(|v| v.is_object() || v.is_array())
            && !a.is_some_and(|v| v.is_object() || v.is_array())
        {
            let label = AGREEMENT_FIELDS.iter().find(|(f, _)| entity == "agreement" && *f == name);
            out.push(Change {
                before: show_value(entity, &name, b, names),
                after: show_value(entity, &name, a, names),
                field: label.map_or(name, |(_, l)| (*l).to_owned()),
            });
        }
    }
    out
}

/// An agreement's target groups and coded models, before and after, as lists of Swedish labels
/// (only those that changed; a new agreement's from nothing).
fn agreement_list_changes(before: Option<&serde_json::Value>, after: Option<&serde_json::Value>) -> Vec<Change> {
    use samverkan_domain::agreement::{TargetGroup, WorkingModel};
    let labels = |v: Option<&serde_json::Value>, field: &str, label: &dyn Fn(&str) -> Option<&'static str>| {
        let items: Vec<String> = v
            .and_then(|v| v.get(field))
            .and_then(|v| v.as_array())
            .into_iter()
            .flatten()
            .filter_map(|c| c.as_str())
            .map(|c| label(c).map_or_else(|| c.to_owned(), str::to_owned))
            .collect();
        if items.is_empty() { "–".to_owned() } else { items.join(", ") }
    };
    let group = |c: &str| TargetGroup::parse(c).ok().map(|t| t.label());
    let model = |c: &str| WorkingModel::parse(c).ok().map(|m| m.label());
    let mut out = Vec::new();
    for (field, name, label) in [
        ("target_groups", "Målgrupper", &group as &dyn Fn(&str) -> Option<&'static str>),
        ("models", "Arbetssätt", &model),
    ] {
        let (b, a) = (labels(before, field, label), labels(after, field, label));
        if b != a {
            out.push(Change { field: name.to_owned(), before: b, after: a });
        }
    }
    out
}

/// A holder as a history names it: the organisation, and the person if one was named.
fn holder(appointment: &serde_json::Value, names: &Names) -> String {
    let organisation = show_value("appointment", "organisation_id", appointment.get("organisation_id"), names);
    match appointment.get("person_id").filter(|v| !v.is_null()) {
        Some(p) => format!("{organisation} ({})", show_value("appointment", "person_id", Some(p), names)),
        None => organisation,
    }
}

/// What one event changed, in words.
fn changes_of(event: &samverkan_store::entity::audit_event::Model, names: &Names) -> Vec<Change> {
    let parse = |t: &Option<String>| t.as_deref().and_then(|t| serde_json::from_str::<serde_json::Value>(t).ok());
    let (before, after) = (parse(&event.before), parse(&event.after));
    let text =
        |v: Option<&serde_json::Value>, name: &str| show_value("appointment", name, v.and_then(|v| v.get(name)), names);
    match (event.action.as_str(), after.as_ref()) {
        // A handover: who held the function until when, and who holds it from when.
        ("handover", Some(after)) => {
            let mut out = Vec::new();
            let ended = after.get("ended").filter(|v| !v.is_null());
            let started = after.get("started").filter(|v| !v.is_null());
            out.push(Change {
                field: "Innehavare".to_owned(),
                before: ended.map_or_else(|| "–".to_owned(), |e| holder(e, names)),
                after: started.map_or_else(|| "–".to_owned(), |s| holder(s, names)),
            });
            if let Some(e) = ended {
                out.push(Change {
                    field: "Tidigare innehav slutar".to_owned(),
                    before: text(before.as_ref().and_then(|b| b.get("ended")), "valid_to"),
                    after: text(Some(e), "valid_to"),
                });
            }
            if let Some(s) = started {
                for (name, label) in [
                    ("valid_from", "Nytt innehav från"),
                    ("basis", "Grund"),
                    ("on_behalf_of_party_id", "På uppdrag av"),
                ] {
                    if s.get(name).is_some_and(|v| !v.is_null()) {
                        out.push(Change {
                            field: label.to_owned(),
                            before: "–".to_owned(),
                            after: text(Some(s), name),
                        });
                    }
                }
            }
            out
        }
        // An agreement registered with its target groups, or a consultation with its recipients.
        ("create" | "start_consultation", Some(after)) if event.entity == "agreement" => {
            let record = after.get("agreement").or_else(|| after.get("consultation"));
            let mut out = diff(&event.entity, None, record, names);
            out.extend(agreement_list_changes(None, Some(after)));
            if let Some(recipients) = after.get("recipients").and_then(|v| v.as_array()) {
                out.push(Change {
                    field: "Mottagare".to_owned(),
                    before: "–".to_owned(),
                    after: format!("{} parter", recipients.len()),
                });
            }
            out
        }
        // An agreement's registry entry changed: its fields, target groups and models.
        ("update", Some(after)) if event.entity == "agreement" => {
            let mut out =
                diff(&event.entity, before.as_ref().and_then(|b| b.get("agreement")), after.get("agreement"), names);
            out.extend(agreement_list_changes(before.as_ref(), Some(after)));
            out
        }
        // A document uploaded: its name, format and size, and what it belongs to.
        ("add_document", Some(after)) => crate::documents::history_changes(after),
        // A function whose end also ended the appointments that ran past it.
        (_, Some(after)) if after.get("function").is_some_and(serde_json::Value::is_object) => {
            let mut out = diff(&event.entity, before.as_ref(), after.get("function"), names);
            for ended in after.get("ended_appointments").and_then(|v| v.as_array()).into_iter().flatten() {
                out.push(Change {
                    field: "Innehav avslutat".to_owned(),
                    before: holder(ended, names),
                    after: format!("till och med {}", text(Some(ended), "valid_to")),
                });
            }
            out
        }
        _ => diff(&event.entity, before.as_ref(), after.as_ref(), names),
    }
}

/// The ids an event's JSON names, by kind, to look their names up in one query per kind.
fn collect_ids(value: &serde_json::Value, out: &mut std::collections::BTreeMap<samverkan_store::RecordKind, Vec<i32>>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                match (id_kind(k), v.as_i64().and_then(|n| i32::try_from(n).ok())) {
                    (Some(kind), Some(id)) => out.entry(kind).or_default().push(id),
                    _ => collect_ids(v, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_ids(v, out)),
        _ => {}
    }
}

/// The trail's moment (RFC 3339, UTC) in Stockholm: as people read it (`2022-07-01 14:05`), and
/// to the second with its offset for `<time datetime>` (`2022-07-01T14:05:09+02:00`).
fn stockholm_time(occurred_at: &str) -> (String, String) {
    match chrono::DateTime::parse_from_rfc3339(occurred_at) {
        Ok(t) => {
            let t = t.with_timezone(&chrono_tz::Europe::Stockholm);
            (t.format("%Y-%m-%d %H:%M").to_string(), t.format("%Y-%m-%dT%H:%M:%S%:z").to_string())
        }
        Err(_) => (occurred_at.to_owned(), String::new()),
    }
}

/// The "Historik" of one record (`entity` as the audit trail names it: `function`, `body`, …),
/// for the visitor of `at`: the events newest first, each resolved to words in a few batched
/// queries (the accounts' e-mails in one, the names of each kind of record in one each).
pub(crate) async fn history(state: &AppState, at: &PageAt, entity: &str, id: i32) -> Result<History, Error> {
    let visible = at.1.as_ref().is_some_and(|u| samverkan_domain::may_read_restricted(&u.grants));
    let signed_in = at.1.is_some();
    if !visible {
        return Ok(History { visible, signed_in, rows: Vec::new() });
    }
    let s = &state.store;
    let events = s.audit_events_of(entity, &id.to_string()).await?;
    let user_id = |actor: &str| actor.strip_prefix("user:").and_then(|n| n.parse::<i32>().ok());
    let emails = s.account_emails(events.iter().filter_map(|e| user_id(&e.actor))).await?;
    let mut ids = std::collections::BTreeMap::new();
    for e in &events {
        for text in [&e.before, &e.after].into_iter().flatten() {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(text) {
                collect_ids(&v, &mut ids);
            }
        }
    }
    let mut names = Names::new();
    for (kind, list) in ids {
        for (id, name) in s.names_of(kind, &list).await? {
            names.insert((kind, id), name);
        }
    }
    let rows = events
        .iter()
        .map(|e| {
            let (when, datetime) = stockholm_time(&e.occurred_at);
            HistoryRow {
                when,
                datetime,
                who: match (user_id(&e.actor), e.actor.as_str()) {
                    (Some(n), _) => emails.get(&n).cloned().unwrap_or_else(|| format!("konto {n} (borttaget)")),
                    (None, "cli") => "kommandoraden".to_owned(),
                    (None, "system") => "systemet".to_owned(),
                    (None, other) => match other.strip_prefix("cli:") {
                        Some(command) => format!("kommandoraden ({command})"),
                        None => other.to_owned(),
                    },
                },
                what: action_label(&e.action),
                changes: changes_of(e, &names),
            }
        })
        .collect();
    Ok(History { visible, signed_in, rows })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use samverkan_store::RecordKind;
    use serde_json::json;

    use super::*;

    fn event(
        action: &str,
        entity: &str,
        before: Option<serde_json::Value>,
        after: serde_json::Value,
    ) -> samverkan_store::entity::audit_event::Model {
        samverkan_store::entity::audit_event::Model {
            id: 1,
            occurred_at: "2022-07-01T12:05:09.123456Z".to_owned(),
            actor: "user:3".to_owned(),
            action: action.to_owned(),
            entity: entity.to_owned(),
            entity_id: Some("7".to_owned()),
            before: before.map(|b| b.to_string()),
            after: Some(after.to_string()),
            prev_hash: String::new(),
            hash: String::new(),
        }
    }

    fn lines(changes: &[Change]) -> Vec<String> {
        changes.iter().map(|c| format!("{}: {} → {}", c.field, c.before, c.after)).collect()
    }

    #[test]
    fn a_change_lists_only_the_fields_that_differ_in_words() {
        let before = json!({"id": 7, "name": "Gammal", "kind": "other", "party_id": 3, "sort_key": "gammal", "synthetic": false, "valid_from": "2023-01-01", "valid_to": null});
        let after = json!({"id": 7, "name": "Ny", "kind": "process_leader", "party_id": 3, "sort_key": "ny", "synthetic": false, "valid_from": "2023-01-01", "valid_to": "2024-12-31"});
        let names = Names::new();
        let changes = changes_of(&event("update", "function", Some(before), after), &names);
        assert_eq!(
            lines(&changes),
            ["Namn: Gammal → Ny", "Typ: Annan funktion → Processledare", "Giltig till: – → 2024-12-31"]
        );
    }

    #[test]
    fn a_handover_says_who_held_the_function_and_who_holds_it_now() {
        let old =
            json!({"id": 1, "organisation_id": 10, "person_id": null, "valid_from": "2023-01-01", "valid_to": null});
        let ended = json!({"id": 1, "organisation_id": 10, "person_id": null, "valid_from": "2023-01-01", "valid_to": "2025-02-28"});
        let started = json!({"id": 2, "organisation_id": 11, "person_id": 5, "valid_from": "2025-03-01", "valid_to": null, "basis": null});
        let mut names = Names::new();
        names.insert((RecordKind::Organisation, 10), "Boo vårdcentral".to_owned());
        names.insert((RecordKind::Organisation, 11), "Orminge vårdcentral".to_owned());
        names.insert((RecordKind::Person, 5), "Karin Ek".to_owned());
        let e = event("handover", "function", Some(json!({"ended": old})), json!({"ended": ended, "started": started}));
        assert_eq!(
            lines(&changes_of(&e, &names)),
            [
                "Innehavare: Boo vårdcentral → Orminge vårdcentral (Karin Ek)",
                "Tidigare innehav slutar: – → 2025-02-28",
                "Nytt innehav från: – → 2025-03-01",
            ]
        );
        let mut ids = std::collections::BTreeMap::new();
        collect_ids(&serde_json::from_str(e.after.as_deref().unwrap()).unwrap(), &mut ids);
        assert_eq!(ids[&RecordKind::Organisation], [10, 11]);
        assert_eq!(ids[&RecordKind::Person], [5]);
    }

    #[test]
    fn times_are_shown_in_stockholm() {
        assert_eq!(
            stockholm_time("2022-07-01T12:05:09.123456Z"),
            ("2022-07-01 14:05".to_owned(), "2022-07-01T14:05:09+02:00".to_owned())
        );
        assert_eq!(stockholm_time("2022-01-01T12:05:00Z").0, "2022-01-01 13:05");
    }
}

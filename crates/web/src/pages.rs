//! Server-rendered pages in Swedish (askama templates in `templates/`), usable without
//! JavaScript. Each page calls the same store queries as the API.

use std::borrow::Borrow;

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Html;
use axum::routing::get;
use chrono::NaiveDate;
use samverkan_domain::{BodyLevel, PartyKind, Period};
use samverkan_store::{
    Administration, AreaSummary, Body, Counts, FunctionHistory, Member, Organisation, Page, Party, SubRegion,
};

use crate::AppState;
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
    /// The pages that take no id.
    pub const INDEX_PAGES: [&str; 6] = [START, PARTIES, AREAS, BODIES, ORGANISATIONS, crate::auth::LOGIN];
    /// The pages of one record: `{prefix}/{id}`.
    pub const RECORD_PAGES: [&str; 3] = [PARTIES, AREAS, BODIES];
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
        .route("/sitemap.xml", get(sitemap))
}

/// Every page the server can show today: the index pages and each record's page.
async fn sitemap(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
) -> Result<axum::response::Response, Error> {
    use axum::response::IntoResponse;
    let today = crate::params::today();
    let s = &state.store;
    let host = headers.get(axum::http::header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    let origin = format!("http://{host}");
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
    let [parties_prefix, areas_prefix, bodies_prefix] = paths::RECORD_PAGES;
    let ids = s.record_ids(today).await?;
    paths.extend(ids.parties.iter().map(|id| format!("{parties_prefix}/{id}")));
    // Each party's organisations: the list its page links to.
    paths.extend(ids.parties.iter().map(|id| format!("{}?{}={id}", paths::ORGANISATIONS, PagePartyFilter::PARAM)));
    paths.extend(ids.areas.iter().map(|id| format!("{areas_prefix}/{id}")));
    paths.extend(ids.bodies.iter().map(|id| format!("{bodies_prefix}/{id}")));
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
    Ok(render(&BodiesPage { layout, pager, levels })?)
}

#[derive(Template)]
#[template(path = "body.html")]
struct BodyPage {
    layout: Layout,
    body: Body,
    members: Vec<Member>,
}

async fn body(State(state): State<AppState>, Path(id): Path<String>, at: PageAt) -> PageResult {
    let id = parse_id(&id)?;
    let body = state.store.body(id).await?.ok_or(Error::NotFound)?;
    let members = state.store.body_members(id, at.0.date).await?;
    Ok(render(&BodyPage { layout: Layout::new(&state, body.name.clone(), "organ", &at), body, members })?)
}

#[derive(Template)]
#[template(path = "organisations.html")]
struct OrganisationsPage {
    layout: Layout,
    pager: Pager,
    /// The party the list is limited to, if any.
    party: Option<Party>,
    organisations: Vec<Organisation>,
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
    Ok(render(&OrganisationsPage { layout, pager, party, organisations: organisations.items })?)
}

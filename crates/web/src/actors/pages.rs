//! The actor map's page, `/omraden/{id}/aktorer`: the services serving the area as a table
//! filtered by category and sector (a GET form, so it works without JavaScript and its address
//! can be shared), the count per category, what nobody has checked for twelve months, and the
//! exports; and the short summary the area's page shows.

use askama::Template;
use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::routing::get;
use chrono::NaiveDate;
use samverkan_domain::kinds::Kind;
use samverkan_domain::local::actors::{Sector, ServiceCategory};
use samverkan_domain::{AreaOf, Owned, Scope, scope_of};
use samverkan_store::{ActorFilter, AreaSummary, Page, Service};

use super::json::filter_of;
use crate::kit::layout::with_query;
use crate::kit::{AppState, Error, Layout, PageAt, PageNumber, PageResult, Pager, may, parse_id, paths, render};

pub fn router() -> Router<AppState> {
    Router::new().route(paths::AREA_ACTORS, get(area_actors))
}

/// An option of a filter's select list.
pub struct FilterOption {
    pub value: &'static str,
    pub label: &'static str,
    pub selected: bool,
}

fn options<K: Kind + PartialEq>(chosen: Option<K>) -> Vec<FilterOption> {
    K::ALL.iter().map(|k| FilterOption { value: k.code(), label: k.label(), selected: chosen == Some(*k) }).collect()
}

/// The addresses of an area's exports in the API.
pub struct Exports {
    pub csv: String,
    pub hsds: String,
    pub fhir: String,
}

impl Exports {
    fn of(area_id: i32, layout: &Layout) -> Exports {
        let at = layout.kept_query().into_iter().filter(|q| q.starts_with("at=")).collect::<Vec<_>>();
        Exports {
            csv: with_query(&format!("/api/v1/areas/{area_id}/actors.csv"), &at),
            hsds: with_query(&format!("/api/v1/areas/{area_id}/actors/hsds"), &at),
            fhir: with_query(&format!("/api/v1/areas/{area_id}/fhir"), &at),
        }
    }
}

/// The scope of an area's local collaboration: who may change its map.
pub(crate) fn local_scope(area: &AreaSummary) -> Scope {
    scope_of(Owned::Local { area: AreaOf { area_id: area.area.id, municipality_id: area.area.party_id } })
}

#[derive(Template)]
#[template(path = "actors.html")]
struct ActorsPage {
    layout: Layout,
    area: AreaSummary,
    pager: Pager,
    services: Vec<Service>,
    /// The map's count per category (all of it, whatever the filter).
    counts: Vec<(ServiceCategory, u64)>,
    total: u64,
    /// What nobody has checked for twelve months (the first of them, and how many).
    due: Vec<Service>,
    due_total: u64,
    due_shown: u64,
    categories: Vec<FilterOption>,
    sectors: Vec<FilterOption>,
    filtered: bool,
    can_edit: bool,
    /// Who checked a service is shown to signed-in users only.
    signed_in: bool,
    exports: Exports,
}

/// How many services of the "not checked" list the page shows.
const DUE_SHOWN: u64 = 50;

async fn area_actors(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
    number: PageNumber,
    RawQuery(query): RawQuery,
) -> PageResult {
    let id = parse_id(&id)?;
    let s = &state.store;
    let area = s.area(id, at.0.date).await?.ok_or(Error::NotFound)?;
    let filter = filter_of(query.as_deref(), ("kategori", "sektor"), true)?;
    let mut layout = Layout::new(&state, format!("Aktörskarta för {}", area.area.name), "omraden", &at);
    if let Some(c) = filter.category {
        layout.kept.push(("kategori", c.code().to_owned()));
    }
    if let Some(sector) = filter.sector {
        layout.kept.push(("sektor", sector.code().to_owned()));
    }
    let services = s.area_actors(id, at.0.date, filter, number.page()).await?;
    let pager = Pager::new(paths::area_actors(id), number, services.total, &layout)?
        .with_rows(services.items.iter().map(|s| s.id));
    let counts = s.area_actor_counts(id, at.0.date).await?;
    let due = s.area_actors_due(id, at.0.date, Page::first(DUE_SHOWN)).await?;
    let exports = Exports::of(id, &layout);
    let page = ActorsPage {
        total: counts.iter().map(|(_, n)| n).sum(),
        counts,
        pager,
        services: services.items,
        due_shown: due.items.len() as u64,
        due: due.items,
        due_total: due.total,
        categories: options(filter.category),
        sectors: options::<Sector>(filter.sector),
        filtered: filter != ActorFilter::default(),
        can_edit: may(at.1.as_deref(), local_scope(&area)),
        signed_in: at.1.is_some(),
        exports,
        area,
        layout,
    };
    Ok(render(&page)?)
}

/// What the area's page says of its actor map: how many actors of each category, how many are
/// due for a check, and where the map is.
pub struct ActorSummary {
    pub href: String,
    pub total: u64,
    pub counts: Vec<(ServiceCategory, u64)>,
    pub due: u64,
    pub can_edit: bool,
    pub new_href: String,
}

/// The summary of an area's actor map on `at`, for the area's page.
pub async fn actor_summary(state: &AppState, area: &AreaSummary, at: &PageAt) -> Result<ActorSummary, Error> {
    let id = area.area.id;
    let date: NaiveDate = at.0.date;
    let counts = state.store.area_actor_counts(id, date).await?;
    let due = state.store.area_actors_due_count(id, date).await?;
    let query = if at.0.explicit { vec![format!("at={date}")] } else { Vec::new() };
    Ok(ActorSummary {
        href: with_query(&paths::area_actors(id), &query),
        total: counts.iter().map(|(_, n)| n).sum(),
        counts,
        due,
        can_edit: may(at.1.as_deref(), local_scope(area)),
        new_href: paths::area_new_actor(id),
    })
}

//! Crisis support's pages: an area's crisis page (the contact list, when it was last checked
//! and what makes it incomplete, the incidents), one incident (what, where, when, who activated
//! it, who has and has not acknowledged, the log, the summary), and the one-page crisis card to
//! print in advance. Only the area's coordinators and the process leaders see them.

use askama::Template;
use axum::extract::{Path, State};
use samverkan_store::{AreaSummary, CrisisList, Incident, IncidentDetail};

use super::common::{at_local, seen};
use crate::kit::{AppState, Error, Layout, PageAt, PageResult, parse_id, render};

#[derive(Template)]
#[template(path = "crisis.html")]
struct CrisisPage {
    layout: Layout,
    list: CrisisList,
    checked: Option<String>,
    open: Vec<Incident>,
    closed: Vec<Incident>,
}

/// `/omraden/{id}/krisstod`.
pub(super) async fn area_crisis(State(state): State<AppState>, Path(id): Path<String>, at: PageAt) -> PageResult {
    let id = parse_id(&id)?;
    seen(at.1.as_deref(), id)?;
    let list = state.store.crisis_list(id).await?.ok_or(Error::NotFound)?;
    let (open, closed): (Vec<_>, Vec<_>) =
        state.store.area_incidents(id).await?.into_iter().partition(|i| i.closed.is_none());
    let page = CrisisPage {
        layout: Layout::new(&state, format!("Krisstöd i {}", list.area.name), "omraden", &at),
        checked: list.checked_at.as_ref().map(at_local),
        list,
        open,
        closed,
    };
    Ok(render(&page)?)
}

#[derive(Template)]
#[template(path = "crisis_incident.html")]
struct IncidentPage {
    layout: Layout,
    d: IncidentDetail,
    acknowledged: usize,
}

/// `/krisstod/handelser/{id}`.
pub(super) async fn incident(State(state): State<AppState>, Path(id): Path<String>, at: PageAt) -> PageResult {
    let id = parse_id(&id)?;
    let area = state.store.incident_area(id).await?.ok_or(Error::NotFound)?;
    seen(at.1.as_deref(), area)?;
    let d = state.store.incident(id).await?.ok_or(Error::NotFound)?;
    let acknowledged = d.recipients.iter().filter(|r| r.acknowledged.is_some()).count();
    let page = IncidentPage {
        layout: Layout::new(&state, format!("Krisstöd: {}", d.incident.place), "omraden", &at),
        d,
        acknowledged,
    };
    Ok(render(&page)?)
}

#[derive(Template)]
#[template(path = "crisis_card.html")]
struct CardPage {
    layout: Layout,
    list: CrisisList,
    summary: AreaSummary,
    checked: Option<String>,
}

/// `/omraden/{id}/krisstod/kort`: the crisis card, one A4 page when printed.
pub(super) async fn card(State(state): State<AppState>, Path(id): Path<String>, at: PageAt) -> PageResult {
    let id = parse_id(&id)?;
    seen(at.1.as_deref(), id)?;
    let list = state.store.crisis_list(id).await?.ok_or(Error::NotFound)?;
    let summary = state.store.area(id, at.0.date).await?.ok_or(Error::NotFound)?;
    let page = CardPage {
        layout: Layout::new(&state, format!("Kriskort för {}", list.area.name), "omraden", &at),
        checked: list.checked_at.as_ref().map(at_local),
        list,
        summary,
    };
    Ok(render(&page)?)
}

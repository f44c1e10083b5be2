//! Network meetings and participation in an area's local collaboration (issue 14): the pages
//! (`pages`: an area's meetings, a meeting, the area's participation), the calendar feeds at
//! their secret addresses, the forms (`forms`: convene, change, cancel, tasks, required
//! categories, a feed's renewal; `attendance`: the attendance sheet) and the API (`api`).

pub mod api;
mod attendance;
pub(crate) mod common;
mod forms;
mod meeting_form;
mod pages;

use axum::Router;
use axum::routing::get;
use samverkan_store::{Page, When};

use crate::kit::{AppState, Error, FormRoute, paths, today};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(paths::AREA_MEETINGS, get(pages::area_meetings))
        .route(paths::MEETING, get(pages::meeting))
        .route(paths::AREA_PARTICIPATION, get(pages::participation))
        .route(paths::CALENDAR_FEED, get(pages::feed))
}

/// The meetings' form routes.
pub fn form_routes() -> Vec<FormRoute> {
    let mut routes = forms::form_routes();
    routes.extend(meeting_form::form_routes());
    routes.extend(attendance::form_routes());
    routes
}

/// The pages of each area's meetings and participation, and a few of its latest meetings.
pub async fn sitemap_paths(state: &AppState) -> Result<Vec<String>, Error> {
    let mut out = Vec::new();
    for area in state.store.record_ids(today()).await?.areas {
        out.push(paths::area_meetings(area));
        out.push(paths::area_participation(area));
        for when in [When::Upcoming, When::Past] {
            let meetings = state.store.area_meetings(area, None, when, Page::first(2)).await?;
            out.extend(meetings.items.iter().map(|m| paths::meeting(m.id)));
        }
    }
    Ok(out)
}

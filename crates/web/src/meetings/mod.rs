//! Network meetings and participation in an area's local collaboration (issue 14): the pages
//! (`pages`: an area's meetings, a meeting, the area's participation), the calendar feeds at
//! their secret addresses, the forms (`forms`: convene, change, cancel, tasks, required
//! categories, a feed's renewal; `attendance`: the attendance sheet) and the API (`api`).

pub mod api;
mod attendance;
mod forms;
mod meeting_form;
mod pages;

use axum::Router;
use axum::routing::get;
use samverkan_domain::Scope;
use samverkan_store::{Mailing, Meeting, Page, When};

use crate::kit::{AppState, Error, FormRoute, PageAt, paths, today};

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

/// What the meetings' e-mail and calendar files take from the settings: the public URL's host
/// (the domain of `Message-ID`s and `UID`s), the organiser's mailbox at it, and the meeting
/// pages' public address.
pub(crate) fn mailing(state: &AppState) -> Mailing {
    let origin = state.settings.public_url.origin();
    let authority = origin.split("://").nth(1).unwrap_or(origin);
    let host = authority
        .rsplit_once(':')
        .map_or(authority, |(h, port)| if port.chars().all(|c| c.is_ascii_digit()) { h } else { authority });
    Mailing {
        domain: host.to_owned(),
        organizer: format!("samverkan@{host}"),
        page: format!("{origin}{}", paths::MEETING),
    }
}

/// The scope of an area's local collaboration: whose its meetings are.
pub(crate) async fn area_scope(state: &AppState, area_id: i32) -> Result<Scope, Error> {
    let party = state.store.party_of_area(area_id).await?.ok_or(Error::NotFound)?;
    Ok(Scope::area(party, area_id))
}

/// Whether the visitor may change the area's meetings (to show the forms' links).
pub(crate) fn may_change(at: &PageAt, scope: Scope) -> bool {
    crate::kit::may(at.1.as_deref(), scope)
}

/// A meeting's time as people read it, in Stockholm.
pub(crate) fn when(m: &Meeting) -> String {
    samverkan_domain::local::meeting::time_span(m.starts, m.ends)
}

//! Crisis support at a serious event (issue 15): an area's crisis contact list and its
//! incidents (`pages`: the area's crisis page, an incident, the one-page crisis card), the
//! coordinators' forms (`forms`: the list, an activation, a log entry, the closing), the
//! personal acknowledgement link (`ack`, no sign-in) and the API (`api`). Everything but the
//! acknowledgement is seen only by the area's coordinators and the process leaders: anyone else
//! gets 404, as if it did not exist. None of it is in the sitemap.

mod ack;
pub mod api;
mod card_pdf;
mod common;
mod forms;
mod pages;

pub(crate) use common::{at_local, may_see};

use axum::Router;
use axum::routing::get;

use crate::kit::{AppState, FormRoute, paths};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(paths::AREA_CRISIS, get(pages::area_crisis))
        .route(paths::INCIDENT, get(pages::incident))
        .route(paths::AREA_CRISIS_CARD, get(pages::card))
        .route(paths::AREA_CRISIS_CARD_PDF, get(card_pdf::card))
}

/// The crisis support's form routes (the acknowledgement link's among them: public).
pub fn form_routes() -> Vec<FormRoute> {
    let mut routes = forms::form_routes();
    routes.push(ack::form_route());
    routes
}

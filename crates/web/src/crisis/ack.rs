//! The personal acknowledgement link of an alert (`/krisstod/kvittens/{key}`): no sign-in, the
//! key is the proof. Opening it shows what the alert is about and a button; pressing the button
//! marks that contact, once (a mail program that opens links to check them marks nothing). A
//! key that is no recipient's, or a second use, changes nothing.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use samverkan_store::{AckOutcome, AckView};

use crate::kit::{Access, AppState, Error, FormRoute, Layout, PageAt, PageError, paths, render};

pub fn form_route() -> FormRoute {
    FormRoute { path: paths::CRISIS_ACK, access: Access::Public, methods: get(show).post(acknowledge) }
}

#[derive(Template)]
#[template(path = "crisis_ack.html")]
struct AckPage {
    layout: Layout,
    view: AckView,
    action: String,
    /// Marked by this press.
    just_now: bool,
}

async fn show(State(state): State<AppState>, Path(key): Path<String>, at: PageAt) -> Result<Response, PageError> {
    let view = state.store.ack_view(&key).await.map_err(Error::from)?.ok_or(Error::NotFound)?;
    let page = AckPage {
        layout: Layout::new(&state, "Bekräfta krislarm".to_owned(), "omraden", &at),
        view,
        action: paths::crisis_ack(&key),
        just_now: false,
    };
    Ok(render(&page)?.into_response())
}

async fn acknowledge(
    State(state): State<AppState>,
    Path(key): Path<String>,
    at: PageAt,
) -> Result<Response, PageError> {
    let outcome = state.store.acknowledge(&key).await.map_err(Error::from)?;
    if outcome == AckOutcome::Unknown {
        return Err(Error::NotFound.into());
    }
    let view = state.store.ack_view(&key).await.map_err(Error::from)?.ok_or(Error::NotFound)?;
    let page = AckPage {
        layout: Layout::new(&state, "Krislarmet är bekräftat".to_owned(), "omraden", &at),
        view,
        action: paths::crisis_ack(&key),
        just_now: outcome == AckOutcome::Acknowledged,
    };
    Ok((StatusCode::OK, render(&page)?).into_response())
}

//! The actor map of each area (issue 14): its page (a table by category and sector, the count
//! per category, what nobody has checked for twelve months), its forms (add an actor, change a
//! service, import a list), its API and its exports (CSV, HSDS 3, FHIR R4).

pub mod api;
mod exports;
mod fhir;
mod forms;
mod hsds;
mod import_form;
mod json;
pub mod pages;
mod record_ids;

use crate::kit::FormRoute;

pub use pages::{ActorSummary, actor_summary};

/// The actor map's form pages.
pub fn form_routes() -> Vec<FormRoute> {
    forms::form_routes().into_iter().chain(import_form::form_routes()).collect()
}

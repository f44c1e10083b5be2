//! The structure of the collaboration: parties, areas, sub-regions, organisations, functions
//! and their holders, persons, bodies and their members. Pages, API and forms.

pub mod api;
pub mod api_edit;
pub mod api_records;
mod body_forms;
mod forms;
pub mod pages;
pub mod scopes;

use crate::kit::FormRoute;

/// The structure's form pages.
pub fn form_routes() -> Vec<FormRoute> {
    forms::form_routes().into_iter().chain(body_forms::form_routes()).collect()
}

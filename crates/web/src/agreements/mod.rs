//! The agreements: the registry, each version's process (consultation, recommendation, each
//! party's preparatory handling, decision and withdrawal), the comparison of their working
//! models and a party's decision memo. Pages, API and the party's forms.

pub mod api;
mod api_edit;
pub mod api_json;
pub mod api_records;
pub mod comparison;
mod form_target;
pub mod memo;
pub mod pages;
pub mod process_forms;
mod registry_forms;
pub mod succession;
mod version_forms;
pub mod withdrawal_form;

/// Every form of the agreements: the process leaders' and the parties'.
pub fn form_routes() -> Vec<crate::kit::FormRoute> {
    let mut routes = registry_forms::form_routes();
    routes.extend(version_forms::form_routes());
    routes.extend(process_forms::form_routes());
    routes.extend(withdrawal_form::form_routes());
    routes
}

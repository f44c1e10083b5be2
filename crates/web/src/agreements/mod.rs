//! The agreements: the registry, each version's process (consultation, recommendation, each
//! party's preparatory handling, decision and withdrawal), the comparison of their working
//! models and a party's decision memo. Pages, API and the party's forms.

pub mod api;
mod api_edit;
pub mod comparison;
pub mod memo;
pub mod pages;
pub mod process_forms;
pub mod succession;
pub mod withdrawal_form;

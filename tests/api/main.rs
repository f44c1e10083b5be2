//! HTTP-level integration tests: the real application on a free port, spoken to over real HTTP.
//!
//! They run on SQLite by default. With `SAMVERKAN_TEST_POSTGRES_URL` set to an admin URL (see
//! `scripts/with-postgres`), the same tests run on PostgreSQL, each in a database of its own.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod accounts;
mod actors;
mod actors_cases;
mod actors_forms;
mod agreement_data;
mod agreement_forms;
mod agreement_pages;
mod agreement_records;
mod agreement_times;
mod agreements;
mod api_description;
mod archive;
mod auth;
mod authorisation;
mod cli;
mod comparison;
mod crisis;
mod crisis_fixture;
mod crisis_sms;
mod demo;
mod documents;
mod edit_pages;
mod errors;
mod hardening;
mod helpers;
mod meetings;
mod meetings_fixture;
mod memo;
mod operations;
mod outbox;
mod pages;
mod paging;
mod pin;
mod plans;
mod plans_fixture;
mod preparation;
mod process_forms;
mod queries;
mod records;
mod responses;
mod structure;
mod succession;

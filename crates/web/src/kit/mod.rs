//! The ground floor: what every page and API handler shares. Nothing here imports a feature.
//!
//! Features import from here through the re-exports below; the files of the kit import one
//! another directly (`crate::kit::error::Error`), never through this file.

pub mod commands;
pub mod cookies;
pub mod error;
pub mod forms;
pub mod json;
pub mod layout;
pub mod multipart;
pub mod params;
pub mod paths;
pub mod permit;
pub mod response_cache;
pub mod responses;
pub mod saved;
pub mod server;
pub mod state;
pub mod visitor;

pub use commands::FormFields;
pub use error::{Error, PageError, Problem};
pub use forms::{
    CONFIRM, Field, Form, Group, MAX_CHOICES, Page, SummaryItem, Values, answer, editor, embedded, input_with, may,
    may_record_for, page, plain, query_id, show,
};
pub use json::{JsonInput, RefJson, WriteRefusals, WrittenJson, created, updated};
pub use layout::{Layout, PageResult, Pager, period, render};
pub use params::{At, PAGE_SIZE, PageAt, PageNumber, PagePartyFilter, PartyFilter, Window, parse_id, today};
pub use permit::{Access, ApiWriter, FormRoute, FormWriter, StateChangingRoute};
pub use state::{AppState, Contact, MetricsToken, PublicUrl, Settings};
pub use visitor::{Credential, Visitor};

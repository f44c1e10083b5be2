//! The rules of the HÖK collaboration (*Huvudöverenskommelse om länsövergripande samverkan kring
//! hälsa, vård och omsorg*), as plain types and functions.
//!
//! This crate knows nothing of databases, HTTP or HTML: no IO, no async. Everything here is
//! unit-tested next to its definition.

pub mod access;
pub mod account;
pub mod agreement;
pub mod agreement_state;
pub mod command;
pub mod commands;
pub mod date;
pub mod document;
pub mod edit;
pub mod kinds;
pub mod local;
pub mod password;
pub mod period;
pub mod personal_number;
pub mod sort;
pub mod structure;
pub mod text;
pub mod values;
pub mod when;

pub use access::{
    AreaOf, Grant, GrantError, Owned, Role, Scope, may_act_for, may_add_member, may_change, may_change_something,
    may_hold, may_read_restricted, may_write, normalise_email, scope_of,
};
pub use date::{DateError, parse_date};
pub use edit::{FieldError, Input, Invalid};
pub use kinds::{BodyKind, BodyLevel, FunctionKind, MembershipRole, OrganisationKind, PartyKind, UnknownKind};
pub use password::{PASSWORD_MAX, PASSWORD_MIN, check_new_password};
pub use period::{OverlapError, Period, PeriodError, ensure_single_holder};
pub use personal_number::{PERSONAL_NUMBER_REFUSED, contains_personal_number};
pub use sort::{body_sort_string, swedish_cmp, swedish_sort_key, swedish_sort_string};
pub use structure::{Handover, Tenure, plan_handover};

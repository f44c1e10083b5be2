//! The tables, one SeaORM entity each. Relations are resolved in `queries`, not declared here.
pub mod appointment;
pub mod area;
pub mod area_administration;
pub mod audit_event;
pub mod body;
pub mod data_version;
pub mod function;
pub mod membership;
pub mod organisation;
pub mod party;
pub mod party_shape;
pub mod person;
pub mod session;
pub mod sub_region;
pub mod sub_region_member;
pub mod user;
pub mod user_grant;

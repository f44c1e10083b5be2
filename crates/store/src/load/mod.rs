//! Loading data in bulk: the reference data of Stockholm County (`reference*`, from the CSV
//! files of `data/`) and synthetic data for demonstrations and benchmarks (`synthetic*`). Both
//! write through the write path's bulk entry ([`crate::store::Store::system_load`]): one
//! transaction, one audit event by `system`. What may be loaded where is `state`; the only SQL
//! that differs between SQLite and PostgreSQL is in `crate::dialect`.

pub(crate) mod reference;
pub(crate) mod reference_agreements;
pub(crate) mod reference_files;
pub(crate) mod state;
pub mod synthetic;
pub(crate) mod synthetic_agreements;
pub(crate) mod synthetic_local;
pub(crate) mod synthetic_local_crisis;
pub(crate) mod synthetic_local_meetings;
pub(crate) mod synthetic_local_plans;
pub(crate) mod synthetic_local_rows;
pub(crate) mod synthetic_local_services;
pub(crate) mod synthetic_rows;
pub(crate) mod synthetic_structure;

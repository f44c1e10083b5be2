//! The database of `samverkan`: entities, migrations, the reads and writes of every kind of
//! record, the one write path, and the loaders of reference and synthetic data.
//!
//! Every SQL statement of the program lives in this crate, and every one runs on both SQLite
//! (embedded, the default) and PostgreSQL (for scale): one code path, built with SeaORM. Every
//! write to the collaboration's data and to accounts goes through `write` (authorised, locked,
//! audited, in one transaction).
//!
//! The files are layered: the shared modules (`store`, `error`, `clock`, `cache`, `read`,
//! `fields`, `write`, `audit`, `dialect`) import no kind of record's module; each kind's module (under
//! `structure/`, `agreements/`, `accounts/`, and `documents`, `counts`, `load/`) builds on them
//! and on lower kinds only. This file declares the modules and names the public API; no module
//! imports from it (`shape_tests` checks both, and that no file grows past 600 lines).

pub mod accounts;
mod agreements;
mod archive;
mod audit;
mod backup;
mod cache;
mod clock;
mod connect;
mod counts;
mod db;
mod dialect;
mod documents;
pub mod entity;
mod error;
mod fields;
mod load;
mod local;
mod migration;
mod read;
#[cfg(test)]
mod shape_tests;
mod store;
mod structure;
#[cfg(test)]
mod test_support;
mod write;

/// The synthetic data of `samverkan demo-data` (the public path of [`Scale`] and its kin).
pub use load::synthetic as demo;

pub use accounts::sessions::{SESSION_HOURS, SESSION_IDLE_MINUTES, SessionUser};
pub use accounts::throttle::{
    Attempt, Gate, MAX_ATTEMPTS_PER_ACCOUNT, MAX_ATTEMPTS_PER_ACCOUNT_AND_SOURCE, MAX_ATTEMPTS_PER_SOURCE,
    THROTTLE_MINUTES,
};
pub use accounts::tokens::{ApiTokenInfo, GrantDescription, PASSWORD_MAX, PASSWORD_MIN, TOKEN_NAME_MAX};
pub use accounts::{AccountError, AddedUser, NewUser, ONE_TIME_PASSWORD_HOURS, SignIn, secrets::random_token};
pub use agreements::facts::{AgreementStatus, ConsultationRecord};
pub use agreements::places::{ProcessRecord, RecordPlace};
pub use agreements::preparation::PreparatoryStep;
pub use agreements::reads::{
    AgreementDetail, AgreementSummary, Answer, DecisionRecord, NamedBody, ProposalRecord, RecommendationRecord,
    Relation, SourceDocument, Version,
};
pub use agreements::registry::Descriptions;
pub use agreements::views::{AgreementFilter, NO_VERSION_STATE, swedish_contains};
pub use agreements::withdrawals::WithdrawalRecord;
pub use archive::bag::{Bag, BagFile};
pub use archive::records::ExportPeriod;
pub use archive::{ExportRequest, PERIOD_REVERSED};
pub use audit::{AuditCheck, AuditEntry};
pub use backup::{BackupError, BackupReport, MAIN_TABLES, RestoreError, RestoreReport, size as human_size};
pub use connect::{ConnectError, create_postgres_database};
pub use counts::{Counts, RecordIds};
pub use documents::{AnswerKey, DocumentInfo, DocumentOwner, UploadedFile};
pub use error::StoreError;
pub use fields::Stored;
pub use load::reference_files::{SeedError, SeedReport};
pub use load::synthetic::{DemoError, DemoProgress, DemoReport, Scale};
pub use local::action_plans::{ActionPlan, ActionPlanDetail, Activity, FollowUp};
pub use local::action_plans_write::{AGREEMENT_WITHOUT_PLANS, MEETING_OF_ANOTHER_AREA};
pub use local::actors::{ActorFilter, Service};
pub use local::actors_import::{ImportError, ImportReport, ImportedRow, Outcome};
pub use local::area_plan::{AreaPlan, AreaPlanEntry, PlanReview};
pub use local::area_plan_write::ORGANISATION_NOT_IN_MAP;
pub use local::crisis::{AckView, CrisisContactRow, CrisisList, Incident, IncidentDetail, LogEntry, Recipient};
pub use local::crisis_write::{ALREADY_CLOSED, AckLinks, AckOutcome};
pub use local::meetings::{Invited, LocalService, Mailing, Meeting, MeetingDetail, Task, When};
pub use local::meetings_mail::MailState;
pub use local::meetings_write::BODY_OF_ANOTHER_AREA;
pub use local::outbox::{
    CLAIM_MINUTES, Channel, ClaimedMail, MAX_MAIL_ATTEMPTS, MAX_RETRY_MINUTES, OutboxQueue, OutboxState, OutgoingMail,
    retry_delay,
};
pub use local::participation::{AreaParticipation, MONTHS_OVER_TIME, MeetingMissing};
pub use read::{Choices, Cursor, Page, Paged, RecordKind, Ref};
pub use store::{Backend, PoolUse, Store};
pub use structure::appointments::{Holding, PersonRecord};
pub use structure::areas::{Administration, Area, AreaSummary};
pub use structure::bodies::{Body, Member};
pub use structure::functions::{Function, FunctionHistory};
pub use structure::organisations::Organisation;
pub use structure::parties::{Party, PartyShape};
pub use structure::persons::Person;
pub use structure::sub_regions::SubRegion;
pub use write::{Actor, WriteError};

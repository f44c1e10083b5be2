//! An e-mail in the durable outbox: written in the same transaction as what it tells of, sent
//! once by a background worker.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, Default, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "outbox_messages")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The `Message-ID`, fixed when written, so a resend is recognisable as the same message.
    #[sea_orm(unique)]
    pub message_id: String,
    /// `email`, or `sms`: then `recipient` is a telephone number (E.164) and `body` the text.
    pub channel: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    /// An iCalendar attachment, if any.
    pub ics: Option<String>,
    /// Its `METHOD` (`REQUEST`, `CANCEL`).
    pub ics_method: Option<String>,
    pub meeting_id: Option<i32>,
    /// `pending`, `sent`, `failed`.
    pub state: String,
    pub attempts: i32,
    /// RFC 3339, UTC (as every time below).
    pub created_at: String,
    pub next_attempt_at: String,
    /// The worker that claimed it, until `claimed_until`.
    pub claimed_by: Option<String>,
    pub claimed_until: Option<String>,
    pub sent_at: Option<String>,
    pub last_error: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

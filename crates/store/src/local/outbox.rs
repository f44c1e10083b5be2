//! The durable e-mail outbox (*utkorg*): a message is written in the same transaction as what it
//! tells of (a meeting convened, moved or cancelled), so it is sent if and only if that was saved,
//! and a background worker sends it later, however long the mail server is away.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};

use crate::accounts::secrets::{random_token, stamp};
use crate::entity::outbox_message;

/// A message to put in the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    pub recipient: String,
    pub subject: String,
    /// Plain text, Swedish.
    pub body: String,
    /// An iCalendar invitation to attach: its `METHOD` (`REQUEST`, `CANCEL`) and its text.
    pub calendar: Option<(String, String)>,
    /// The meeting it tells of, so the meeting's page can show how its messages fare.
    pub meeting_id: Option<i32>,
}

/// Writes `mail` to the outbox in the caller's transaction (`Permitted::txn()`), to be sent as
/// soon as a worker gets to it. Its `Message-ID` is fixed here, so a resend is recognisable.
// Used by the meetings, next (issue 14).
#[allow(dead_code)]
pub(crate) async fn enqueue(
    txn: &impl ConnectionTrait,
    mail: OutgoingMail,
    now: DateTime<Utc>,
    domain: &str,
) -> Result<i32, DbErr> {
    let at = stamp(now);
    let (ics_method, ics) = mail.calendar.unzip();
    let row = outbox_message::ActiveModel {
        message_id: Set(format!("<{}@{domain}>", random_token())),
        recipient: Set(mail.recipient),
        subject: Set(mail.subject),
        body: Set(mail.body),
        ics: Set(ics),
        ics_method: Set(ics_method),
        meeting_id: Set(mail.meeting_id),
        state: Set("pending".to_owned()),
        attempts: Set(0),
        created_at: Set(at.clone()),
        next_attempt_at: Set(at),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(row.id)
}

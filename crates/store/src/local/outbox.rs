//! The durable e-mail outbox (*utkorg*): a message is written in the same transaction as what it
//! tells of (a meeting convened, moved or cancelled), so it is sent if and only if that was saved,
//! and a background worker sends it later, however long the mail server is away.
//!
//! Delivery is shared by any number of instances on one database, without a lock held while a
//! message is sent:
//!
//! - a worker **claims** due messages one by one, each with one conditional `UPDATE` (still
//!   pending, due, and unclaimed or its claim expired); the database applies them one at a
//!   time, so of two workers that saw the same message only the one whose update changed a row
//!   has it, and only that one sends it;
//! - a message sent is **marked sent** and is never claimed again;
//! - a claim lasts [`CLAIM_MINUTES`]: a worker that died holding one leaves the message to be
//!   claimed by another once it expires;
//! - a failure raises `attempts`, keeps the error and puts the next try off, doubling from the
//!   worker's base delay up to an hour ([`retry_delay`]); after [`MAX_MAIL_ATTEMPTS`] the message
//!   is `failed`, and stays visible as such.
//!
//! Exactly once, but for one window no outbox can close: a worker that dies after the mail
//! server accepted a message and before it was marked sent leaves it to go out again when its
//! claim expires, with the same `Message-ID`, by which a reader's mail program knows it.
//!
//! The delivery state is operational, like sessions and sign-in counters, not the
//! collaboration's data: it is written here, outside the write path, and never on the audit
//! trail (the message itself was written with its meeting, by an audited write).

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use crate::accounts::secrets::{random_token, stamp};
use crate::entity::outbox_message::{self, Column};
use crate::error::StoreError;
use crate::store::Store;

#[cfg(test)]
mod tests;

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

/// How many times a message is tried before it is given up as `failed`.
pub const MAX_MAIL_ATTEMPTS: i32 = 20;
/// The longest a failed message waits for its next try.
pub const MAX_RETRY_MINUTES: i64 = 60;
/// How long a claim holds: far longer than a worker takes to send what it claims at once (its
/// SMTP timeout times the messages claimed), so a live worker never loses a claim mid-send.
pub const CLAIM_MINUTES: i64 = 10;

const PENDING: &str = "pending";
const SENT: &str = "sent";
const FAILED: &str = "failed";
/// The longest error text kept with a message.
const ERROR_MAX_CHARS: usize = 1000;

/// How a message goes out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Email,
    /// A text message through the configured SMS provider; its recipient a number (E.164).
    Sms,
}

impl Channel {
    /// `email`, `sms`: as stored.
    pub fn code(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "sms",
        }
    }

    fn of(code: &str) -> Channel {
        if code == "sms" { Channel::Sms } else { Channel::Email }
    }
}

/// Writes `mail` to the outbox in the caller's transaction (`Permitted::txn()`), to be sent as
/// soon as a worker gets to it. Its `Message-ID` is fixed here, so a resend is recognisable.
pub(crate) async fn enqueue(
    txn: &impl ConnectionTrait,
    mail: OutgoingMail,
    now: DateTime<Utc>,
    domain: &str,
) -> Result<i32, DbErr> {
    insert(txn, Channel::Email, mail, now, domain).await
}

/// Writes a text message to `number` (E.164) to the outbox in the caller's transaction, like
/// [`enqueue`]; the SMS provider's worker sends it.
pub(crate) async fn enqueue_sms(
    txn: &impl ConnectionTrait,
    number: &str,
    text: String,
    now: DateTime<Utc>,
    domain: &str,
) -> Result<i32, DbErr> {
    let sms = OutgoingMail {
        recipient: number.to_owned(),
        subject: String::new(),
        body: text,
        calendar: None,
        meeting_id: None,
    };
    insert(txn, Channel::Sms, sms, now, domain).await
}

async fn insert(
    txn: &impl ConnectionTrait,
    channel: Channel,
    mail: OutgoingMail,
    now: DateTime<Utc>,
    domain: &str,
) -> Result<i32, DbErr> {
    let at = stamp(now);
    let (ics_method, ics) = mail.calendar.unzip();
    let row = outbox_message::ActiveModel {
        message_id: Set(format!("<{}@{domain}>", random_token())),
        channel: Set(channel.code().to_owned()),
        recipient: Set(mail.recipient),
        subject: Set(mail.subject),
        body: Set(mail.body),
        ics: Set(ics),
        ics_method: Set(ics_method),
        meeting_id: Set(mail.meeting_id),
        state: Set(PENDING.to_owned()),
        attempts: Set(0),
        created_at: Set(at.clone()),
        next_attempt_at: Set(at),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(row.id)
}

/// How long a message waits after its `attempts`-th failure: `base`, doubling with each failure,
/// at most [`MAX_RETRY_MINUTES`] (or `base`, if that is longer).
pub fn retry_delay(attempts: i32, base: Duration) -> Duration {
    let cap = Duration::minutes(MAX_RETRY_MINUTES).max(base);
    let doublings = Ord::min(u32::try_from(attempts.saturating_sub(1)).unwrap_or(0), 30);
    base.checked_mul(1 << doublings).map_or(cap, |d| d.min(cap))
}

/// Where a message stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutboxState {
    /// Not sent yet: waiting for its first try, or for the next after a failure.
    Pending,
    Sent,
    /// Given up after [`MAX_MAIL_ATTEMPTS`] tries.
    Failed,
}

impl OutboxState {
    /// `pending`, `sent`, `failed`: as stored and as the API says it.
    pub fn code(self) -> &'static str {
        match self {
            OutboxState::Pending => PENDING,
            OutboxState::Sent => SENT,
            OutboxState::Failed => FAILED,
        }
    }
}

/// How many messages wait in the outbox, for the metrics: due now (pending and its time come),
/// pending in all, and given up as failed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutboxQueue {
    pub due: u64,
    pub pending: u64,
    pub failed: u64,
}

/// A message a worker has claimed: its own to send until the claim expires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimedMail {
    pub id: i32,
    pub channel: Channel,
    /// With its angle brackets: `<…@host>`.
    pub message_id: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    /// The iCalendar attachment's `METHOD` and text.
    pub calendar: Option<(String, String)>,
    /// Failed tries before this one.
    pub attempts: i32,
    /// The worker that holds it: the only one whose failure counts against it.
    pub worker: String,
}

/// Still to be sent, due at `at`, and held by nobody (or by a claim that has expired).
fn claimable(at: &str) -> Condition {
    Condition::all()
        .add(Column::State.eq(PENDING))
        .add(Column::NextAttemptAt.lte(at))
        .add(Condition::any().add(Column::ClaimedUntil.is_null()).add(Column::ClaimedUntil.lte(at)))
}

impl Store {
    /// Claims up to `limit` messages that are due, oldest first, for `worker` (a name of its
    /// own, unique among the instances). Each is claimed by a conditional update that only one
    /// worker can win; a message another worker won meanwhile is passed over.
    pub async fn claim_due_mail(&self, worker: &str, limit: u64) -> Result<Vec<ClaimedMail>, StoreError> {
        let now = self.clock.now();
        let at = stamp(now);
        let until = stamp(now + Duration::minutes(CLAIM_MINUTES));
        // Looked at without a lock: a row another worker takes first fails the update below.
        let candidates = outbox_message::Entity::find()
            .filter(claimable(&at))
            .order_by_asc(Column::NextAttemptAt)
            .order_by_asc(Column::Id)
            .limit(limit.saturating_mul(2))
            .all(&self.db)
            .await?;
        let mut claimed = Vec::new();
        for row in candidates {
            if claimed.len() as u64 >= limit {
                break;
            }
            let won = outbox_message::Entity::update_many()
                .col_expr(Column::ClaimedBy, Expr::value(worker))
                .col_expr(Column::ClaimedUntil, Expr::value(until.clone()))
                .filter(Column::Id.eq(row.id))
                .filter(claimable(&at))
                .exec(&self.db)
                .await?
                .rows_affected
                == 1;
            if won {
                let calendar = row.ics_method.zip(row.ics);
                claimed.push(ClaimedMail {
                    id: row.id,
                    channel: Channel::of(&row.channel),
                    message_id: row.message_id,
                    recipient: row.recipient,
                    subject: row.subject,
                    body: row.body,
                    calendar,
                    attempts: row.attempts,
                    worker: worker.to_owned(),
                });
            }
        }
        Ok(claimed)
    }

    /// The mail server accepted `mail`: it is sent, and no worker claims it again. False when
    /// it had already been marked sent (by another worker, after this one's claim expired).
    pub async fn mark_mail_sent(&self, mail: &ClaimedMail) -> Result<bool, StoreError> {
        let now = stamp(self.clock.now());
        let marked = outbox_message::Entity::update_many()
            .col_expr(Column::State, Expr::value(SENT))
            .col_expr(Column::SentAt, Expr::value(now))
            .col_expr(Column::ClaimedBy, Expr::value(Option::<String>::None))
            .col_expr(Column::ClaimedUntil, Expr::value(Option::<String>::None))
            .filter(Column::Id.eq(mail.id))
            .filter(Column::State.eq(PENDING))
            .exec(&self.db)
            .await?
            .rows_affected;
        Ok(marked == 1)
    }

    /// Sending `mail` failed with `error`: one more attempt counted, the error kept, the claim
    /// given back and the next try put off by [`retry_delay`] from `retry_base`; after
    /// [`MAX_MAIL_ATTEMPTS`] it is `failed`. Answers the state it is left in (nothing changes,
    /// and `Pending` is answered, if the worker no longer held it).
    pub async fn mark_mail_failed(
        &self,
        mail: &ClaimedMail,
        error: &str,
        retry_base: Duration,
    ) -> Result<OutboxState, StoreError> {
        let now = self.clock.now();
        let attempts = mail.attempts.saturating_add(1);
        let state = if attempts >= MAX_MAIL_ATTEMPTS { OutboxState::Failed } else { OutboxState::Pending };
        let error: String = error.chars().take(ERROR_MAX_CHARS).collect();
        let marked = outbox_message::Entity::update_many()
            .col_expr(Column::State, Expr::value(state.code()))
            .col_expr(Column::Attempts, Expr::col(Column::Attempts).add(1))
            .col_expr(Column::LastError, Expr::value(error))
            .col_expr(Column::NextAttemptAt, Expr::value(stamp(now + retry_delay(attempts, retry_base))))
            .col_expr(Column::ClaimedBy, Expr::value(Option::<String>::None))
            .col_expr(Column::ClaimedUntil, Expr::value(Option::<String>::None))
            .filter(Column::Id.eq(mail.id))
            .filter(Column::State.eq(PENDING))
            .filter(Column::ClaimedBy.eq(&mail.worker))
            .exec(&self.db)
            .await?
            .rows_affected;
        Ok(if marked == 1 { state } else { OutboxState::Pending })
    }

    /// `mail` can never be sent as it is (its recipient is no e-mail address): `failed` at once,
    /// with `error`, rather than tried for a day.
    pub async fn mark_mail_undeliverable(&self, mail: &ClaimedMail, error: &str) -> Result<(), StoreError> {
        let error: String = error.chars().take(ERROR_MAX_CHARS).collect();
        outbox_message::Entity::update_many()
            .col_expr(Column::State, Expr::value(FAILED))
            .col_expr(Column::Attempts, Expr::col(Column::Attempts).add(1))
            .col_expr(Column::LastError, Expr::value(error))
            .col_expr(Column::ClaimedBy, Expr::value(Option::<String>::None))
            .col_expr(Column::ClaimedUntil, Expr::value(Option::<String>::None))
            .filter(Column::Id.eq(mail.id))
            .filter(Column::State.eq(PENDING))
            .filter(Column::ClaimedBy.eq(&mail.worker))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    /// How many messages wait: due, pending, failed (three counts, for the metrics).
    pub async fn outbox_queue(&self) -> Result<OutboxQueue, StoreError> {
        use sea_orm::PaginatorTrait;
        let now = stamp(self.clock.now());
        let of = |state: &str| outbox_message::Entity::find().filter(Column::State.eq(state));
        Ok(OutboxQueue {
            due: of(PENDING).filter(Column::NextAttemptAt.lte(now)).count(&self.db).await?,
            pending: of(PENDING).count(&self.db).await?,
            failed: of(FAILED).count(&self.db).await?,
        })
    }

    /// Gives back the claims `worker` still holds on messages it did not get to (it is
    /// stopping), so another instance need not wait for them to expire.
    pub async fn release_mail_claims(&self, worker: &str) -> Result<u64, StoreError> {
        Ok(outbox_message::Entity::update_many()
            .col_expr(Column::ClaimedBy, Expr::value(Option::<String>::None))
            .col_expr(Column::ClaimedUntil, Expr::value(Option::<String>::None))
            .filter(Column::State.eq(PENDING))
            .filter(Column::ClaimedBy.eq(worker))
            .exec(&self.db)
            .await?
            .rows_affected)
    }
}

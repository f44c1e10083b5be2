//! A meeting's e-mail: the invitation (*kallelse*), its update and its cancellation, one message
//! to each invited actor with a functional mailbox, written to the outbox in the meeting's own
//! transaction with the calendar file attached (`METHOD:REQUEST` or `CANCEL`); and how those
//! messages fare, for the coordinator.

use chrono::{DateTime, Utc};
use samverkan_domain::local::ics::{self, Method};
use samverkan_domain::local::meeting::{Appointment, Invitation, Occasion, invitation_mail};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::entity::{area, body, meeting, meeting_invitation, outbox_message};
use crate::error::StoreError;
use crate::local::meetings::{LocalService, Mailing, Meeting, event_of, services_by_id, time};
use crate::local::outbox::{OutgoingMail, enqueue};
use crate::read::Ref;
use crate::store::Store;

/// Whom a write must tell, and what.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Notice {
    /// Newly invited (a new meeting, or added to one): the invitation.
    added: Vec<i32>,
    /// Invited before and still: the update (moved) or the cancellation (cancelled).
    kept: Vec<i32>,
    /// No longer invited: a cancellation.
    removed: Vec<i32>,
}

impl Notice {
    pub(crate) fn convened(invited: Vec<i32>) -> Notice {
        Notice { added: invited, ..Notice::default() }
    }

    pub(crate) fn changed(kept: Vec<i32>, added: Vec<i32>, removed: Vec<i32>) -> Notice {
        Notice { added, kept, removed }
    }
}

/// A meeting as its row and its area's and body's names make it.
async fn meeting_of(db: &impl ConnectionTrait, row: &meeting::Model) -> Result<Meeting, StoreError> {
    let area_name = area::Entity::find_by_id(row.area_id).one(db).await?.map(|a| a.name).unwrap_or_default();
    let body = match row.body_id {
        Some(id) => {
            Some(Ref { id, name: body::Entity::find_by_id(id).one(db).await?.map(|b| b.name).unwrap_or_default() })
        }
        None => None,
    };
    Ok(Meeting {
        id: row.id,
        area: Ref { id: row.area_id, name: area_name },
        body,
        title: row.title.clone(),
        starts: time(&row.starts_at)?,
        ends: time(&row.ends_at)?,
        place: row.place.clone(),
        video_url: row.video_url.clone(),
        agenda: row.agenda.clone(),
        minutes: row.minutes.clone(),
        decisions: row.decisions.clone(),
        cancelled: row.cancelled,
        sequence: row.sequence,
        uid: row.uid.clone(),
        synthetic: row.synthetic,
    })
}

/// Writes to the outbox, in the caller's transaction, one message to each actor `notice` names
/// that has a mailbox, each with the meeting's calendar file as it now stands.
pub(crate) async fn notify(
    txn: &impl ConnectionTrait,
    row: &meeting::Model,
    notice: &Notice,
    mailing: &Mailing,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    if notice == &Notice::default() {
        return Ok(());
    }
    let m = meeting_of(txn, row).await?;
    let invited: Vec<i32> = meeting_invitation::Entity::find()
        .filter(meeting_invitation::Column::MeetingId.eq(row.id))
        .all(txn)
        .await?
        .into_iter()
        .map(|i| i.service_id)
        .collect();
    let everyone = invited.iter().chain(&notice.removed).copied();
    let services = services_by_id(txn, everyone).await?;
    let attendees: Vec<&LocalService> = invited.iter().filter_map(|id| services.get(id)).collect();
    let event = event_of(&m, &attendees, true, mailing);
    let page = mailing.page_of(m.id);
    let mut sends: Vec<(i32, Occasion)> = Vec::new();
    let moved = if m.cancelled { Occasion::Cancelled } else { Occasion::Changed };
    sends.extend(notice.kept.iter().map(|id| (*id, moved)));
    if !m.cancelled {
        sends.extend(notice.added.iter().map(|id| (*id, Occasion::Convened)));
    }
    sends.extend(notice.removed.iter().map(|id| (*id, Occasion::Cancelled)));
    for (id, occasion) in sends {
        let Some(service) = services.get(&id) else { continue };
        let Some(email) = &service.email else { continue };
        let method = if occasion == Occasion::Cancelled { Method::Cancel } else { Method::Request };
        let invitation = Invitation {
            area: &m.area.name,
            title: &m.title,
            appointment: Appointment {
                starts: m.starts,
                ends: m.ends,
                place: m.place.as_deref(),
                video_url: m.video_url.as_deref(),
                cancelled: m.cancelled,
            },
            agenda: m.agenda.as_deref(),
            page: &page,
            to: &service.name,
        };
        let (subject, body) = invitation_mail(&invitation, occasion);
        let calendar = ics::calendar(method, std::slice::from_ref(&event), now, None);
        let mail = OutgoingMail {
            recipient: email.clone(),
            subject,
            body,
            calendar: Some((method.code().to_owned(), calendar)),
            meeting_id: Some(m.id),
        };
        enqueue(txn, mail, now, &mailing.domain).await?;
    }
    Ok(())
}

/// How one of a meeting's messages fares in the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailState {
    pub recipient: String,
    pub subject: String,
    /// `pending`, `sent` or `failed`.
    pub state: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub sent_at: Option<String>,
    /// `REQUEST` or `CANCEL`.
    pub method: Option<String>,
}

impl Store {
    /// The messages a meeting has sent or is sending, oldest first.
    pub async fn meeting_mail(&self, meeting_id: i32) -> Result<Vec<MailState>, StoreError> {
        let rows = outbox_message::Entity::find()
            .filter(outbox_message::Column::MeetingId.eq(meeting_id))
            .order_by_asc(outbox_message::Column::Id)
            .all(&self.db)
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| MailState {
                recipient: r.recipient,
                subject: r.subject,
                state: r.state,
                attempts: r.attempts,
                last_error: r.last_error,
                created_at: r.created_at,
                sent_at: r.sent_at,
                method: r.ics_method,
            })
            .collect())
    }
}

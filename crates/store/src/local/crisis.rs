//! Crisis support's reads (issue 15): an area's crisis contact list (with when it was last
//! checked and what makes it incomplete), its incidents, one incident with who has and has not
//! acknowledged and its log, and the acknowledgement a personal link stands for. Who may read
//! them (the area's coordinators and the process leaders) is decided by the caller, with
//! [`Store::crisis_scope`]: these reads do not look at roles.

use samverkan_domain::local::crisis::{ContactLine, gaps};
use samverkan_domain::local::meeting::LocalTime;
use samverkan_domain::{Owned, Scope, scope_of};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::entity::{
    area, crisis_contact, crisis_list, incident, incident_log_entry, incident_recipient, outbox_message, user,
};
use crate::error::StoreError;
use crate::local::meetings::time;
use crate::read::Ref;
use crate::store::Store;

/// One function on the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrisisContactRow {
    pub function: String,
    pub holder: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub deputy: Option<String>,
    pub deputy_phone: Option<String>,
    pub deputy_email: Option<String>,
}

/// An area's crisis contact list.
#[derive(Debug, Clone)]
pub struct CrisisList {
    pub area: Ref,
    pub meeting_place: Option<String>,
    /// When it was last checked (saved), and by whom (their e-mail).
    pub checked_at: Option<LocalTime>,
    pub checked_by: Option<String>,
    pub contacts: Vec<CrisisContactRow>,
    /// What makes it incomplete, one sentence each; empty when it is complete.
    pub gaps: Vec<String>,
    pub synthetic: bool,
}

/// An incident as a list shows it.
#[derive(Debug, Clone)]
pub struct Incident {
    pub id: i32,
    pub area: Ref,
    pub what: String,
    pub place: String,
    pub occurred: LocalTime,
    pub activated: LocalTime,
    /// Who activated it (their e-mail).
    pub activated_by: String,
    pub closed: Option<LocalTime>,
    pub closed_by: Option<String>,
    pub summary: Option<String>,
    pub synthetic: bool,
}

/// A contact told of an incident, and whether it has acknowledged.
#[derive(Debug, Clone)]
pub struct Recipient {
    pub id: i32,
    pub function: String,
    pub holder: Option<String>,
    pub email: Option<String>,
    pub acknowledged: Option<LocalTime>,
    /// The e-mail's state in the outbox (`pending`, `sent`, `failed`); `None` with no address.
    pub mail_state: Option<String>,
    /// The number a text message went to, and its state in the outbox; `None` without one.
    pub sms: Option<(String, String)>,
}

/// An entry in an incident's log.
#[derive(Debug, Clone)]
pub struct LogEntry {
    pub at: LocalTime,
    pub by: String,
    pub text: String,
}

/// An incident with its recipients and its log.
#[derive(Debug, Clone)]
pub struct IncidentDetail {
    pub incident: Incident,
    pub recipients: Vec<Recipient>,
    pub log: Vec<LogEntry>,
}

/// What a personal acknowledgement link shows before it is used.
#[derive(Debug, Clone)]
pub struct AckView {
    pub area: String,
    pub what: String,
    pub function: String,
    pub acknowledged: Option<LocalTime>,
}

/// An audit name (`user:7`) as people read it: the account's e-mail.
pub(crate) async fn person(db: &impl ConnectionTrait, audit_name: &str) -> Result<String, StoreError> {
    if let Some(id) = audit_name.strip_prefix("user:").and_then(|i| i.parse::<i32>().ok())
        && let Some(u) = user::Entity::find_by_id(id).one(db).await?
    {
        return Ok(u.email);
    }
    Ok(audit_name.to_owned())
}

async fn area_ref(db: &impl ConnectionTrait, id: i32) -> Result<Ref, StoreError> {
    let name = area::Entity::find_by_id(id).one(db).await?.map(|a| a.name).unwrap_or_default();
    Ok(Ref { id, name })
}

pub(crate) async fn incident_of(db: &impl ConnectionTrait, row: incident::Model) -> Result<Incident, StoreError> {
    let closed_by = match &row.closed_by {
        Some(b) => Some(person(db, b).await?),
        None => None,
    };
    Ok(Incident {
        id: row.id,
        area: area_ref(db, row.area_id).await?,
        occurred: time(&row.occurred_at)?,
        activated: time(&row.activated_at)?,
        activated_by: person(db, &row.activated_by).await?,
        closed: row.closed_at.as_deref().map(time).transpose()?,
        closed_by,
        what: row.what,
        place: row.place,
        summary: row.summary,
        synthetic: row.synthetic,
    })
}

impl Store {
    /// The scope of an area's crisis support (its coordinators and the process leaders).
    pub fn crisis_scope(area_id: i32) -> Scope {
        scope_of(Owned::Crisis { area_id })
    }

    /// An area's crisis contact list (empty, and so incomplete, before it is first saved);
    /// `None` for an area that does not exist.
    pub async fn crisis_list(&self, area_id: i32) -> Result<Option<CrisisList>, StoreError> {
        let Some(a) = area::Entity::find_by_id(area_id).one(&self.db).await? else { return Ok(None) };
        let list = crisis_list::Entity::find().filter(crisis_list::Column::AreaId.eq(area_id)).one(&self.db).await?;
        let contacts: Vec<CrisisContactRow> = crisis_contact::Entity::find()
            .filter(crisis_contact::Column::AreaId.eq(area_id))
            .order_by_asc(crisis_contact::Column::Position)
            .order_by_asc(crisis_contact::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|c| CrisisContactRow {
                function: c.function,
                holder: c.holder,
                phone: c.phone,
                email: c.email,
                deputy: c.deputy,
                deputy_phone: c.deputy_phone,
                deputy_email: c.deputy_email,
            })
            .collect();
        let lines: Vec<ContactLine<'_>> = contacts
            .iter()
            .map(|c| ContactLine { function: &c.function, holder: c.holder.as_deref(), phone: c.phone.as_deref() })
            .collect();
        let gaps = gaps(&lines);
        let (meeting_place, checked_at, checked_by, synthetic) = match list {
            Some(l) => {
                let by = match &l.checked_by {
                    Some(b) => Some(person(&self.db, b).await?),
                    None => None,
                };
                (l.meeting_place, l.checked_at.as_deref().map(time).transpose()?, by, l.synthetic)
            }
            None => (None, None, None, false),
        };
        Ok(Some(CrisisList {
            area: Ref { id: a.id, name: a.name },
            meeting_place,
            checked_at,
            checked_by,
            contacts,
            gaps,
            synthetic,
        }))
    }

    /// An area's incidents, the newest first.
    pub async fn area_incidents(&self, area_id: i32) -> Result<Vec<Incident>, StoreError> {
        let rows = incident::Entity::find()
            .filter(incident::Column::AreaId.eq(area_id))
            .order_by_desc(incident::Column::ActivatedAt)
            .order_by_desc(incident::Column::Id)
            .all(&self.db)
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            out.push(incident_of(&self.db, row).await?);
        }
        Ok(out)
    }

    /// The area an incident is of (to decide who may see it), if it exists.
    pub async fn incident_area(&self, id: i32) -> Result<Option<i32>, StoreError> {
        Ok(incident::Entity::find_by_id(id).one(&self.db).await?.map(|i| i.area_id))
    }

    /// One incident: who was told and who has acknowledged, and its log (oldest first).
    pub async fn incident(&self, id: i32) -> Result<Option<IncidentDetail>, StoreError> {
        let Some(row) = incident::Entity::find_by_id(id).one(&self.db).await? else { return Ok(None) };
        let incident = incident_of(&self.db, row).await?;
        let rows = incident_recipient::Entity::find()
            .filter(incident_recipient::Column::IncidentId.eq(id))
            .order_by_asc(incident_recipient::Column::Position)
            .order_by_asc(incident_recipient::Column::Id)
            .all(&self.db)
            .await?;
        let mut recipients = Vec::with_capacity(rows.len());
        for r in rows {
            let mail_state = match r.outbox_id {
                Some(o) => outbox_message::Entity::find_by_id(o).one(&self.db).await?.map(|m| m.state),
                None => None,
            };
            let sms = match (r.sms_number, r.sms_outbox_id) {
                (Some(number), Some(o)) => {
                    outbox_message::Entity::find_by_id(o).one(&self.db).await?.map(|m| (number, m.state))
                }
                _ => None,
            };
            recipients.push(Recipient {
                sms,
                id: r.id,
                function: r.function,
                holder: r.holder,
                email: r.email,
                acknowledged: r.acknowledged_at.as_deref().map(time).transpose()?,
                mail_state,
            });
        }
        let entries = incident_log_entry::Entity::find()
            .filter(incident_log_entry::Column::IncidentId.eq(id))
            .order_by_asc(incident_log_entry::Column::WrittenAt)
            .order_by_asc(incident_log_entry::Column::Id)
            .all(&self.db)
            .await?;
        let mut log = Vec::with_capacity(entries.len());
        for e in entries {
            log.push(LogEntry { at: time(&e.written_at)?, by: person(&self.db, &e.written_by).await?, text: e.text });
        }
        Ok(Some(IncidentDetail { incident, recipients, log }))
    }
}

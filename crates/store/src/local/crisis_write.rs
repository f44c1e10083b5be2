//! Crisis support's writes (issue 15), each through the one write path as the area's crisis
//! support (`Owned::Crisis`: its coordinators and the process leaders): the contact list saved
//! (which records it as checked), an activation (the incident, one recipient per contact with a
//! personal acknowledgement secret, and each contact's e-mail written to the outbox in the same
//! transaction), a log entry, the closing. And the acknowledgement by a personal link: no
//! account, the secret is the proof; only its SHA-256 is stored, compared in constant time, and
//! a link marks its own recipient once.

use samverkan_domain::command::Command;
use samverkan_domain::commands::{ActivateCrisis, CloseIncident, CrisisContactList, IncidentLogEntry};
use samverkan_domain::local::crisis::{Alert, ack_key, alert_mail, alert_sms, parse_ack_key, same_secret, sms_number};
use samverkan_domain::local::meeting::stored;
use samverkan_domain::{Input, Owned};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};

use crate::accounts::secrets::{random_token, token_hash};
use crate::entity::{area, crisis_contact, crisis_list, incident, incident_log_entry, incident_recipient};
use crate::error::StoreError;
use crate::local::crisis::AckView;
use crate::local::meetings::{Mailing, time};
use crate::local::outbox::{OutgoingMail, enqueue, enqueue_sms};
use crate::store::Store;
use crate::write::{Actor, Event, WriteError, Written, json};

/// What a log entry on a closed incident is told (on `text`).
pub const ALREADY_CLOSED: &str = "händelsen är redan avslutad";

/// Where the acknowledgement links go: the public address of the acknowledgement page, `{key}`
/// standing for the recipient's key.
#[derive(Debug, Clone)]
pub struct AckLinks {
    pub page: String,
}

/// What using an acknowledgement link did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AckOutcome {
    /// Marked received now.
    Acknowledged,
    /// Marked before; nothing changed.
    Already,
    /// Not a link of any recipient.
    Unknown,
}

async fn area_exists(db: &impl ConnectionTrait, area_id: i32) -> Result<(), WriteError> {
    area::Entity::find_by_id(area_id).one(db).await?.map(|_| ()).ok_or(WriteError::NotFound)
}

async fn open_incident(db: &impl ConnectionTrait, id: i32) -> Result<incident::Model, WriteError> {
    incident::Entity::find_by_id(id).one(db).await?.ok_or(WriteError::NotFound)
}

/// The recipient a key is for, if the key's secret is that recipient's.
async fn recipient_of(db: &impl ConnectionTrait, key: &str) -> Result<Option<incident_recipient::Model>, StoreError> {
    let Some((id, secret)) = parse_ack_key(key) else { return Ok(None) };
    let Some(r) = incident_recipient::Entity::find_by_id(id).one(db).await? else { return Ok(None) };
    Ok(same_secret(&token_hash(secret), &r.secret_hash).then_some(r))
}

impl Store {
    /// Replaces an area's crisis contact list (its functions in the order given, and the
    /// meeting place) and records it as checked now, by the actor.
    pub async fn save_crisis_list(&self, actor: &Actor, area_id: i32, list: CrisisContactList) -> Written {
        let write = self.write_as(actor).await?;
        area_exists(write.lookup(), area_id).await?;
        let w = write.permit(Owned::Crisis { area_id })?;
        let (details, contacts) = list.read()?;
        let before =
            crisis_contact::Entity::find().filter(crisis_contact::Column::AreaId.eq(area_id)).all(w.txn()).await?;
        crisis_contact::Entity::delete_many().filter(crisis_contact::Column::AreaId.eq(area_id)).exec(w.txn()).await?;
        for (n, c) in contacts.iter().enumerate() {
            let text = |v: &Option<_>| v.as_ref().map(|x: &samverkan_domain::values::Name| x.to_string());
            crisis_contact::ActiveModel {
                area_id: Set(area_id),
                position: Set(i32::try_from(n).unwrap_or(i32::MAX)),
                function: Set(c.function.to_string()),
                holder: Set(text(&c.holder)),
                phone: Set(c.phone.as_ref().map(|p| p.to_string())),
                email: Set(c.email.as_ref().map(|e| e.to_string())),
                deputy: Set(text(&c.deputy)),
                deputy_phone: Set(c.deputy_phone.as_ref().map(|p| p.to_string())),
                deputy_email: Set(c.deputy_email.as_ref().map(|e| e.to_string())),
                synthetic: Set(false),
                ..Default::default()
            }
            .insert(w.txn())
            .await?;
        }
        let now = stored(self.clock.now());
        let place = details.meeting_place.as_ref().map(|p| p.to_string());
        let existing = crisis_list::Entity::find().filter(crisis_list::Column::AreaId.eq(area_id)).one(w.txn()).await?;
        let list_before = existing.as_ref().and_then(json);
        let row = match existing {
            Some(l) => {
                let mut row = l.into_active_model();
                row.meeting_place = Set(place);
                row.checked_at = Set(Some(now));
                row.checked_by = Set(Some(actor.audit_name.clone()));
                row.update(w.txn()).await?
            }
            None => {
                crisis_list::ActiveModel {
                    area_id: Set(area_id),
                    meeting_place: Set(place),
                    checked_at: Set(Some(now)),
                    checked_by: Set(Some(actor.audit_name.clone())),
                    synthetic: Set(false),
                    ..Default::default()
                }
                .insert(w.txn())
                .await?
            }
        };
        let after_contacts =
            crisis_contact::Entity::find().filter(crisis_contact::Column::AreaId.eq(area_id)).all(w.txn()).await?;
        let mut after = json(&row).unwrap_or_default();
        after["contacts"] = json(&after_contacts).unwrap_or_default();
        let mut was = list_before.unwrap_or_default();
        was["contacts"] = json(&before).unwrap_or_default();
        w.commit(Event::new("save_crisis_list", "area", area_id).before(Some(was)).after(Some(after))).await?;
        Ok(area_id)
    }

    /// Activates crisis support in an area (*aktiverar krisstöd*): opens an incident and, in the
    /// same transaction, writes to the outbox one message to each contact on the list with an
    /// e-mail address, and a text message to each with a mobile number when an SMS provider is
    /// configured (`Mailing::sms`), both with the contact's own acknowledgement link. Contacts
    /// with neither are recorded as recipients too, so the incident shows them as not
    /// acknowledged.
    pub async fn activate_crisis(
        &self,
        actor: &Actor,
        area_id: i32,
        mut input: Input,
        mailing: &Mailing,
        links: &AckLinks,
    ) -> Written {
        let write = self.write_as(actor).await?;
        let a = area::Entity::find_by_id(area_id).one(write.lookup()).await?.ok_or(WriteError::NotFound)?;
        let w = write.permit(Owned::Crisis { area_id })?;
        let fields = ActivateCrisis::read(&mut input);
        input.finish()?;
        let f = fields?;
        let now = self.clock.now();
        let row = incident::ActiveModel {
            area_id: Set(area_id),
            what: Set(f.what.to_string()),
            place: Set(f.place.to_string()),
            occurred_at: Set(f.occurred_at.stored()),
            activated_at: Set(stored(now)),
            activated_by: Set(actor.audit_name.clone()),
            synthetic: Set(false),
            ..Default::default()
        }
        .insert(w.txn())
        .await?;
        let contacts =
            crisis_contact::Entity::find().filter(crisis_contact::Column::AreaId.eq(area_id)).all(w.txn()).await?;
        let mut told = Vec::new();
        for c in &contacts {
            let secret = random_token();
            let r = incident_recipient::ActiveModel {
                incident_id: Set(row.id),
                position: Set(c.position),
                function: Set(c.function.clone()),
                holder: Set(c.holder.clone()),
                email: Set(c.email.clone()),
                secret_hash: Set(token_hash(&secret)),
                ..Default::default()
            }
            .insert(w.txn())
            .await?;
            let link = links.page.replacen("{key}", &ack_key(r.id, &secret), 1);
            let alert = Alert {
                area: &a.name,
                what: &row.what,
                place: &row.place,
                occurred: f.occurred_at,
                function: &c.function,
                link: &link,
            };
            let recipient = r.id;
            let mut r = r.into_active_model();
            if let Some(email) = &c.email {
                let (subject, body) = alert_mail(&alert);
                let mail = OutgoingMail { recipient: email.clone(), subject, body, calendar: None, meeting_id: None };
                r.outbox_id = Set(Some(enqueue(w.txn(), mail, now, &mailing.domain).await?));
            }
            // By text message too, where a provider is configured and the number is a mobile's.
            let number = c.phone.as_deref().and_then(sms_number).filter(|_| mailing.sms);
            if let Some(number) = &number {
                let sms = enqueue_sms(w.txn(), number, alert_sms(&alert), now, &mailing.domain).await?;
                r.sms_number = Set(Some(number.clone()));
                r.sms_outbox_id = Set(Some(sms));
            }
            r.update(w.txn()).await?;
            told.push(
                serde_json::json!({"recipient": recipient, "function": c.function, "email": c.email, "sms": number}),
            );
        }
        let mut after = json(&row).unwrap_or_default();
        after["told"] = serde_json::Value::Array(told);
        w.commit(Event::new("activate_crisis", "incident", row.id).after(Some(after))).await?;
        Ok(row.id)
    }

    /// Writes an entry in an open incident's log, stamped now.
    pub async fn log_incident(&self, actor: &Actor, incident_id: i32, mut input: Input) -> Written {
        let write = self.write_as(actor).await?;
        let i = open_incident(write.lookup(), incident_id).await?;
        let w = write.permit(Owned::Crisis { area_id: i.area_id })?;
        let fields = IncidentLogEntry::read(&mut input);
        if i.closed_at.is_some() {
            input.reject("text", ALREADY_CLOSED);
        }
        input.finish()?;
        let f = fields?;
        let row = incident_log_entry::ActiveModel {
            incident_id: Set(incident_id),
            written_at: Set(stored(self.clock.now())),
            written_by: Set(actor.audit_name.clone()),
            text: Set(f.text.to_string()),
            ..Default::default()
        }
        .insert(w.txn())
        .await?;
        w.commit(Event::new("log", "incident", incident_id).after(json(&row))).await?;
        Ok(incident_id)
    }

    /// Closes an incident with its after-action summary (*efterrapport*); a closed one has its
    /// summary amended.
    pub async fn close_incident(&self, actor: &Actor, incident_id: i32, mut input: Input) -> Written {
        let write = self.write_as(actor).await?;
        let i = open_incident(write.lookup(), incident_id).await?;
        let w = write.permit(Owned::Crisis { area_id: i.area_id })?;
        let fields = CloseIncident::read(&mut input);
        input.finish()?;
        let f = fields?;
        let before = json(&i);
        let already = i.closed_at.is_some();
        let mut row = i.into_active_model();
        // Closing a closed incident again amends its summary; when and by whom it closed stay.
        if !already {
            row.closed_at = Set(Some(stored(self.clock.now())));
            row.closed_by = Set(Some(actor.audit_name.clone()));
        }
        row.summary = Set(Some(f.summary.to_string()));
        let row = row.update(w.txn()).await?;
        w.commit(Event::new("close", "incident", incident_id).before(before).after(json(&row))).await?;
        Ok(incident_id)
    }

    /// What a personal link stands for, if it is a recipient's.
    pub async fn ack_view(&self, key: &str) -> Result<Option<AckView>, StoreError> {
        let Some(r) = recipient_of(&self.db, key).await? else { return Ok(None) };
        let Some(i) = incident::Entity::find_by_id(r.incident_id).one(&self.db).await? else { return Ok(None) };
        let area = area::Entity::find_by_id(i.area_id).one(&self.db).await?.map(|a| a.name).unwrap_or_default();
        Ok(Some(AckView {
            area,
            what: i.what,
            function: r.function,
            acknowledged: r.acknowledged_at.as_deref().map(time).transpose()?,
        }))
    }

    /// Marks the link's recipient as having received the alert, once; on the audit trail as the
    /// contact (`kontakt:{recipient id}`). The secret is the proof: no account is involved.
    pub async fn acknowledge(&self, key: &str) -> Result<AckOutcome, StoreError> {
        let Some(found) = recipient_of(&self.db, key).await? else { return Ok(AckOutcome::Unknown) };
        let actor = format!("kontakt:{}", found.id);
        let w = self.account_write_as(&actor).await?;
        // Read again inside the write (the writers' lock held): two uses at once mark it once.
        let Some(r) = incident_recipient::Entity::find_by_id(found.id).one(w.txn()).await? else {
            return Ok(AckOutcome::Unknown);
        };
        if r.acknowledged_at.is_some() {
            return Ok(AckOutcome::Already);
        }
        let incident_id = r.incident_id;
        let mut row = r.into_active_model();
        row.acknowledged_at = Set(Some(stored(self.clock.now())));
        let row = row.update(w.txn()).await?;
        w.commit(Event::new("acknowledge", "incident", incident_id).after(json(&row))).await?;
        Ok(AckOutcome::Acknowledged)
    }
}

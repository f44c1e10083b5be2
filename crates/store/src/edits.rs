//! Changes to the collaboration structure, each one checked, authorised and recorded here, in
//! one place that pages and API both call.
//!
//! Every edit runs the same steps in one transaction: take the writers' lock
//! ([`crate::audit::begin_write`]), find the record, decide whether the actor may change it
//! ([`samverkan_domain::may_change`] over the record's [`samverkan_domain::scope_of`]: whose it
//! is, not where it lies), and only then read the submitted fields (so a stranger learns nothing
//! from validation messages), check them against the rules and the database (a record written
//! into, or naming, another party's scope is refused), write, and append the audit event before
//! committing. Nothing is written unless everything passes.

#[cfg(test)]
use chrono::NaiveDate;
use samverkan_domain::edit::{NAME_MAX, TEXT_MAX};
use samverkan_domain::{
    AreaOf, BodyKind, BodyLevel, FunctionKind, Grant, Input, Invalid, MembershipRole, OrganisationKind, Owned, Period,
    Tenure, body_sort_string, may_act_for, may_add_member, may_change, may_hold, may_write, normalise_email,
    plan_handover, scope_of, swedish_sort_string,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter, Set,
};
use serde::Serialize;

use crate::entity::{appointment, area, body, function, membership, organisation, party, person, sub_region};
use crate::{AuditEntry, SessionUser, Store, StoreError};

/// Who makes a change: the name the audit trail records and the grants that decide what they
/// may change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub audit_name: String,
    pub grants: Vec<Grant>,
}

impl Actor {
    pub fn user(user_id: i32, grants: Vec<Grant>) -> Actor {
        Actor { audit_name: format!("user:{user_id}"), grants }
    }
}

impl From<&SessionUser> for Actor {
    fn from(u: &SessionUser) -> Actor {
        Actor::user(u.user_id, u.grants.clone())
    }
}

/// Why a change was not made.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The actor's roles do not cover the record.
    #[error("not permitted")]
    NotPermitted,
    #[error("not found")]
    NotFound,
    /// Fields that were not accepted, each with a Swedish reason.
    #[error("invalid: {0}")]
    Invalid(Invalid),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<DbErr> for WriteError {
    fn from(e: DbErr) -> Self {
        WriteError::Store(StoreError::from(e))
    }
}

/// A field already reported by [`Input::finish`]; after it passed, this does not happen.
impl From<samverkan_domain::edit::Reported> for WriteError {
    fn from(r: samverkan_domain::edit::Reported) -> Self {
        WriteError::Invalid(r.into())
    }
}

impl From<Invalid> for WriteError {
    fn from(e: Invalid) -> Self {
        WriteError::Invalid(e)
    }
}

pub(crate) type Written = Result<i32, WriteError>;

/// Lets the actor write `record` if its scope is theirs ([`samverkan_domain::scope_of`], then
/// [`may_change`]): every write's first question.
pub(crate) fn permit(actor: &Actor, record: Owned) -> Result<(), WriteError> {
    if may_change(&actor.grants, scope_of(record)) { Ok(()) } else { Err(WriteError::NotPermitted) }
}

pub(crate) fn json(v: &impl Serialize) -> Option<serde_json::Value> {
    serde_json::to_value(v).ok()
}

pub(crate) async fn record(
    txn: &DatabaseTransaction,
    actor: &Actor,
    action: &str,
    entity: &str,
    id: i32,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> Result<(), StoreError> {
    let entry = AuditEntry {
        actor: actor.audit_name.clone(),
        action: action.to_owned(),
        entity: entity.to_owned(),
        entity_id: Some(id.to_string()),
        before,
        after,
    };
    crate::audit::append(txn, entry).await
}

/// An area and its municipality, if the area exists.
async fn area_of(txn: &impl ConnectionTrait, area_id: Option<i32>) -> Result<Option<AreaOf>, DbErr> {
    let Some(id) = area_id else { return Ok(None) };
    Ok(area::Entity::find_by_id(id).one(txn).await?.map(|a| AreaOf { area_id: a.id, municipality_id: a.party_id }))
}

/// A body as ownership sees it. An unknown area makes it joint (only administrators pass); the
/// fields' own checks then say what is wrong.
async fn owned_body(txn: &impl ConnectionTrait, party_id: Option<i32>, area_id: Option<i32>) -> Result<Owned, DbErr> {
    let area = area_of(txn, area_id).await?;
    if area_id.is_some() && area.is_none() {
        return Ok(Owned::Joint);
    }
    Ok(Owned::Body { party_id, area })
}

fn owned_function(f: &function::Model) -> Owned {
    Owned::Function { party_id: f.party_id }
}

/// Checks that a referenced row exists, recording an error on `field` otherwise.
pub(crate) async fn must_exist<E: EntityTrait>(
    txn: &impl ConnectionTrait,
    input: &mut Input,
    field: &str,
    id: Option<i32>,
    what: &str,
) -> Result<(), DbErr>
where
    <E::PrimaryKey as sea_orm::PrimaryKeyTrait>::ValueType: From<i32>,
{
    if let Some(id) = id
        && E::find_by_id(id).one(txn).await?.is_none()
    {
        input.reject(field, format!("det finns ingen {what} med id {id}"));
    }
    Ok(())
}

/// Reads the period fields of a record.
fn period_of(input: &mut Input) -> Result<Period, samverkan_domain::edit::Reported> {
    input.period("valid_from", "valid_to")
}

fn email(input: &mut Input, field: &str) -> Result<Option<String>, samverkan_domain::edit::Reported> {
    let value = input.optional_text(field, NAME_MAX)?;
    match value.map(|v| normalise_email(&v)) {
        None => Ok(None),
        Some(Ok(v)) => Ok(Some(v)),
        Some(Err(message)) => {
            input.reject(field, message);
            Ok(None)
        }
    }
}

/// The fields of a function that can be edited.
struct FunctionFields {
    name: String,
    kind: FunctionKind,
    description: Option<String>,
    period: Period,
}

fn function_fields(input: &mut Input) -> Result<FunctionFields, Invalid> {
    let name = input.text("name", NAME_MAX);
    let kind = input.kind("kind", FunctionKind::parse);
    let description = input.optional_text("description", TEXT_MAX);
    let period = period_of(input);
    Ok(FunctionFields { name: name?, kind: kind?, description: description?, period: period? })
}

struct BodyFields {
    name: String,
    short_name: Option<String>,
    level: BodyLevel,
    kind: BodyKind,
    party_id: Option<i32>,
    sub_region_id: Option<i32>,
    area_id: Option<i32>,
    mandate: Option<String>,
    period: Period,
}

struct OrganisationFields {
    name: String,
    kind: OrganisationKind,
    party_id: Option<i32>,
    replaced_by_id: Option<i32>,
    period: Period,
}

impl Store {
    /// Adds a function (*funktion*) of a party, optionally in an area, or (administrators only)
    /// of the collaboration itself. Fields: `name`, `kind`, `party_id` (the party that appoints
    /// its holders; for an area, its municipality unless given), `area_id`, `description`,
    /// `valid_from`, `valid_to`.
    pub async fn create_function(&self, actor: &Actor, mut input: Input) -> Written {
        let txn = crate::audit::begin_write(&self.db).await?;
        let area_id = input.optional_id("area_id").ok().flatten();
        // A function of an area with no party named is the area's municipality's.
        let party_id = match input.optional_id("party_id").ok().flatten() {
            Some(p) => Some(p),
            None => area_of(&txn, area_id).await?.map(|a| a.municipality_id),
        };
        permit(actor, Owned::Function { party_id })?;
        let fields = function_fields(&mut input);
        must_exist::<party::Entity>(&txn, &mut input, "party_id", party_id, "part").await?;
        must_exist::<area::Entity>(&txn, &mut input, "area_id", area_id, "närområde").await?;
        input.finish()?;
        let f = fields?;
        let row = function::ActiveModel {
            sort_key: Set(swedish_sort_string(&f.name)),
            name: Set(f.name),
            kind: Set(f.kind.code().to_owned()),
            party_id: Set(party_id),
            area_id: Set(area_id),
            description: Set(f.description),
            valid_from: Set(f.period.from()),
            valid_to: Set(f.period.to()),
            synthetic: Set(false),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        record(&txn, actor, "create", "function", row.id, None, json(&row)).await?;
        txn.commit().await?;
        Ok(row.id)
    }

    /// Changes a function's name, kind, description or period. Closing the period ends the
    /// appointments that ran past it on its last day (one event records both).
    pub async fn update_function(&self, actor: &Actor, id: i32, mut input: Input) -> Written {
        let txn = crate::audit::begin_write(&self.db).await?;
        let before = function::Entity::find_by_id(id).one(&txn).await?.ok_or(WriteError::NotFound)?;
        permit(actor, owned_function(&before))?;
        let fields = function_fields(&mut input);
        let appointments = appointments_of(&txn, id).await?;
        if let Ok(f) = &fields {
            if let Some(first) = appointments.iter().map(|a| a.valid_from).min()
                && first < f.period.from()
            {
                input.reject("valid_from", format!("funktionen har en innehavare redan från {first}"));
            }
            if let (Some(to), Some(last)) = (f.period.to(), appointments.iter().map(|a| a.valid_from).max())
                && last > to
            {
                input.reject("valid_to", format!("funktionen har en innehavare från {last}, efter {to}"));
            }
        }
        input.finish()?;
        let f = fields?;
        let mut ended = Vec::new();
        if let Some(to) = f.period.to() {
            for a in appointments.into_iter().filter(|a| a.valid_to.is_none_or(|t| t > to)) {
                let mut row = a.into_active_model();
                row.valid_to = Set(Some(to));
                ended.push(row.update(&txn).await?);
            }
        }
        let mut row = before.clone().into_active_model();
        row.sort_key = Set(swedish_sort_string(&f.name));
        row.name = Set(f.name);
        row.kind = Set(f.kind.code().to_owned());
        row.description = Set(f.description);
        row.valid_from = Set(f.period.from());
        row.valid_to = Set(f.period.to());
        let after = row.update(&txn).await?;
        let after_json = if ended.is_empty() {
            json(&after)
        } else {
            json(&serde_json::json!({ "function": after, "ended_appointments": ended }))
        };
        record(&txn, actor, "update", "function", id, json(&before), after_json).await?;
        txn.commit().await?;
        Ok(id)
    }

    /// Hands a function over (*överlämning*): the holder on `valid_from` ends the day before
    /// and the new holder starts that day, in one step (see [`plan_handover`]). The new holder
    /// is an organisation (`organisation_id`) and, optionally, a person: an existing one
    /// (`person_id`) or a new one (`person_name`, `person_title`, `person_email`,
    /// `person_phone`). Also `basis` and `on_behalf_of_party_id`. Returns the new appointment.
    pub async fn hand_over_function(&self, actor: &Actor, function_id: i32, mut input: Input) -> Written {
        let txn = crate::audit::begin_write(&self.db).await?;
        let f = function::Entity::find_by_id(function_id).one(&txn).await?.ok_or(WriteError::NotFound)?;
        permit(actor, owned_function(&f))?;
        let from = input.date("valid_from");
        let organisation_id = input.id("organisation_id");
        let person_id = input.optional_id("person_id");
        let person_name = input.optional_text("person_name", NAME_MAX);
        let person_title = input.optional_text("person_title", NAME_MAX);
        let person_email = email(&mut input, "person_email");
        let person_phone = input.optional_phone("person_phone");
        let basis = input.optional_text("basis", TEXT_MAX);
        let on_behalf_of = input.optional_id("on_behalf_of_party_id");
        if let Ok(id) = organisation_id {
            match organisation::Entity::find_by_id(id).one(&txn).await? {
                None => input.reject("organisation_id", format!("det finns ingen organisation med id {id}")),
                Some(o) if !may_hold(f.party_id, o.party_id) => input.reject(
                    "organisation_id",
                    "organisationen hör till en annan part; välj en av funktionens egen parts organisationer \
                     eller en fristående",
                ),
                Some(_) => {}
            }
        }
        must_exist::<person::Entity>(&txn, &mut input, "person_id", person_id.ok().flatten(), "person").await?;
        must_exist::<party::Entity>(&txn, &mut input, "on_behalf_of_party_id", on_behalf_of.ok().flatten(), "part")
            .await?;
        if let Ok(Some(p)) = on_behalf_of
            && !may_act_for(&actor.grants, f.party_id, p)
        {
            input.reject("on_behalf_of_party_id", "kan bara vara funktionens egen part eller en part du företräder");
        }
        if matches!((&person_id, &person_name), (Ok(Some(_)), Ok(Some(_)))) {
            input.reject("person_name", "ange antingen en befintlig person eller en ny, inte båda");
        }
        let new_person_details = matches!(&person_title, Ok(Some(_)))
            || matches!(&person_email, Ok(Some(_)))
            || matches!(&person_phone, Ok(Some(_)));
        if new_person_details && matches!(&person_name, Ok(None)) {
            input.reject("person_name", "ange personens namn");
        }
        let existing = appointments_of(&txn, function_id).await?;
        let function_period = Period::new(f.valid_from, f.valid_to).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let plan = match &from {
            Ok(from) => {
                let tenures: Vec<Tenure> = existing
                    .iter()
                    .filter_map(|a| {
                        Some(Tenure { appointment_id: a.id, period: Period::new(a.valid_from, a.valid_to).ok()? })
                    })
                    .collect();
                match plan_handover(function_period, &tenures, *from) {
                    Ok(plan) => Some(plan),
                    Err(e) => {
                        input.reject(&e.field, e.message);
                        None
                    }
                }
            }
            Err(_) => None,
        };
        input.finish()?;
        let plan = plan.ok_or(WriteError::Invalid(Invalid::one("valid_from", "måste fyllas i")))?;

        let mut before = None;
        let mut ended = None;
        if let Some((appointment_id, last_day)) = plan.ends
            && let Some(current) = existing.into_iter().find(|a| a.id == appointment_id)
        {
            before = json(&current);
            let mut row = current.into_active_model();
            row.valid_to = Set(Some(last_day));
            ended = Some(row.update(&txn).await?);
        }
        let person_id = match (person_id?, person_name?) {
            (Some(id), _) => Some(id),
            (None, Some(name)) => {
                // The person is recorded by, and so belongs to, the function's party.
                let p = person::ActiveModel {
                    name: Set(name),
                    title: Set(person_title?),
                    email: Set(person_email?),
                    phone: Set(person_phone?),
                    party_id: Set(f.party_id),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
                record(&txn, actor, "create", "person", p.id, None, json(&p)).await?;
                Some(p.id)
            }
            (None, None) => None,
        };
        let started = appointment::ActiveModel {
            function_id: Set(function_id),
            organisation_id: Set(organisation_id?),
            person_id: Set(person_id),
            valid_from: Set(plan.starts.from()),
            valid_to: Set(plan.starts.to()),
            synthetic: Set(false),
            basis: Set(basis?),
            on_behalf_of_party_id: Set(on_behalf_of?),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let after = serde_json::json!({ "ended": ended, "started": started });
        record(
            &txn,
            actor,
            "handover",
            "function",
            function_id,
            before.map(|b| serde_json::json!({ "ended": b })),
            Some(after),
        )
        .await?;
        txn.commit().await?;
        Ok(started.id)
    }

    /// Corrects a person's name, title, e-mail or phone. A person belongs to the party that
    /// recorded them, whoever has appointed them since; one of no party is the process leaders'.
    pub async fn update_person(&self, actor: &Actor, id: i32, mut input: Input) -> Written {
        let txn = crate::audit::begin_write(&self.db).await?;
        let before = person::Entity::find_by_id(id).one(&txn).await?.ok_or(WriteError::NotFound)?;
        permit(actor, Owned::Person { party_id: before.party_id })?;
        let name = input.text("name", NAME_MAX);
        let title = input.optional_text("title", NAME_MAX);
        let mail = email(&mut input, "email");
        let tel = input.optional_phone("phone");
        input.finish()?;
        let mut row = before.clone().into_active_model();
        row.name = Set(name?);
        row.title = Set(title?);
        row.email = Set(mail?);
        row.phone = Set(tel?);
        let after = row.update(&txn).await?;
        record(&txn, actor, "update", "person", id, json(&before), json(&after)).await?;
        txn.commit().await?;
        Ok(id)
    }

    async fn body_fields(
        &self,
        txn: &DatabaseTransaction,
        input: &mut Input,
    ) -> Result<Result<BodyFields, Invalid>, DbErr> {
        let name = input.text("name", NAME_MAX);
        let short_name = input.optional_text("short_name", 40);
        let level = input.kind("level", BodyLevel::parse);
        let kind = input.kind("kind", BodyKind::parse);
        let party_id = input.optional_id("party_id");
        let sub_region_id = input.optional_id("sub_region_id");
        let area_id = input.optional_id("area_id");
        let mandate = input.optional_text("mandate", TEXT_MAX);
        let period = period_of(input);
        must_exist::<party::Entity>(txn, input, "party_id", party_id.ok().flatten(), "part").await?;
        must_exist::<sub_region::Entity>(txn, input, "sub_region_id", sub_region_id.ok().flatten(), "delregion")
            .await?;
        must_exist::<area::Entity>(txn, input, "area_id", area_id.ok().flatten(), "närområde").await?;
        if let (Ok(Some(party)), Some(area)) =
            (&party_id, area_of(txn, area_id.as_ref().ok().copied().flatten()).await?)
            && *party != area.municipality_id
        {
            input.reject("party_id", "ett lokalt organ hör till närområdets kommun; lämna parten tom eller välj den");
        }
        if let (Ok(level), Ok(sub_region), Ok(area)) = (&level, &sub_region_id, &area_id) {
            match level {
                BodyLevel::SubRegional if sub_region.is_none() => {
                    input.reject("sub_region_id", "ett delregionalt organ hör till en delregion: ange vilken");
                }
                BodyLevel::County | BodyLevel::Local if sub_region.is_some() => {
                    input.reject("sub_region_id", "bara delregionala organ hör till en delregion");
                }
                BodyLevel::County | BodyLevel::SubRegional if area.is_some() => {
                    input.reject("area_id", "bara lokala organ hör till ett närområde");
                }
                _ => {}
            }
        }
        let fields = || -> Result<BodyFields, Invalid> {
            Ok(BodyFields {
                name: name?,
                short_name: short_name?,
                level: level?,
                kind: kind?,
                party_id: party_id?,
                sub_region_id: sub_region_id?,
                area_id: area_id?,
                mandate: mandate?,
                period: period?,
            })
        };
        Ok(fields())
    }

    fn body_row(row: &mut body::ActiveModel, b: BodyFields) {
        row.sort_key = Set(body_sort_string(b.level, &b.name));
        row.name = Set(b.name);
        row.short_name = Set(b.short_name);
        row.level = Set(b.level.code().to_owned());
        row.kind = Set(b.kind.code().to_owned());
        row.party_id = Set(b.party_id);
        row.sub_region_id = Set(b.sub_region_id);
        row.area_id = Set(b.area_id);
        row.mandate = Set(b.mandate);
        row.valid_from = Set(b.period.from());
        row.valid_to = Set(b.period.to());
    }

    /// Adds a body (*organ*). Fields: `name`, `short_name`, `level`, `kind`, `party_id`,
    /// `sub_region_id`, `area_id`, `mandate`, `valid_from`, `valid_to`. A body of an area is
    /// its coordinators' and its municipality's; of a party, that party's; otherwise joint.
    pub async fn create_body(&self, actor: &Actor, mut input: Input) -> Written {
        let txn = crate::audit::begin_write(&self.db).await?;
        let party_id = input.optional_id("party_id").ok().flatten();
        let area_id = input.optional_id("area_id").ok().flatten();
        permit(actor, owned_body(&txn, party_id, area_id).await?)?;
        let fields = self.body_fields(&txn, &mut input).await?;
        input.finish()?;
        let mut row = body::ActiveModel { synthetic: Set(false), ..Default::default() };
        Self::body_row(&mut row, fields?);
        let row = row.insert(&txn).await?;
        record(&txn, actor, "create", "body", row.id, None, json(&row)).await?;
        txn.commit().await?;
        Ok(row.id)
    }

    /// Changes a body; the actor must be allowed both where it was and where it goes.
    pub async fn update_body(&self, actor: &Actor, id: i32, mut input: Input) -> Written {
        let txn = crate::audit::begin_write(&self.db).await?;
        let before = body::Entity::find_by_id(id).one(&txn).await?.ok_or(WriteError::NotFound)?;
        let was = owned_body(&txn, before.party_id, before.area_id).await?;
        permit(actor, was)?;
        let fields = self.body_fields(&txn, &mut input).await?;
        if let Ok(b) = &fields
            && !may_write(&actor.grants, Some(was), owned_body(&txn, b.party_id, b.area_id).await?)
        {
            input.reject("party_id", "du kan inte flytta organet dit dina roller inte räcker");
        }
        input.finish()?;
        let mut row = before.clone().into_active_model();
        Self::body_row(&mut row, fields?);
        let after = row.update(&txn).await?;
        record(&txn, actor, "update", "body", id, json(&before), json(&after)).await?;
        txn.commit().await?;
        Ok(id)
    }

    /// Makes a function a member of a body (`function_id`, `role`, `valid_from`, `valid_to`);
    /// recorded on the body's history. A function is a member of a body once at a time.
    pub async fn add_membership(&self, actor: &Actor, body_id: i32, mut input: Input) -> Written {
        let txn = crate::audit::begin_write(&self.db).await?;
        let b = body::Entity::find_by_id(body_id).one(&txn).await?.ok_or(WriteError::NotFound)?;
        permit(actor, owned_body(&txn, b.party_id, b.area_id).await?)?;
        let function_id = input.id("function_id");
        let role = input.kind("role", MembershipRole::parse);
        let period = period_of(&mut input);
        if let Ok(id) = function_id {
            match function::Entity::find_by_id(id).one(&txn).await? {
                None => input.reject("function_id", format!("det finns ingen funktion med id {id}")),
                Some(f) if !may_add_member(&actor.grants, f.party_id, f.area_id, b.area_id) => input.reject(
                    "function_id",
                    "funktionen hör till en annan part; du kan lägga till din egen parts funktioner \
                     och funktioner i organets närområde",
                ),
                Some(_) => {}
            }
        }
        if let (Ok(fid), Ok(p)) = (&function_id, &period) {
            let same = membership::Entity::find()
                .filter(membership::Column::BodyId.eq(body_id))
                .filter(membership::Column::FunctionId.eq(*fid))
                .all(&txn)
                .await?;
            if let Some(m) = same.iter().find(|m| Period::new(m.valid_from, m.valid_to).is_ok_and(|q| q.overlaps(p))) {
                input.reject("function_id", format!("funktionen är redan medlem från {}", m.valid_from));
            }
        }
        input.finish()?;
        let period = period?;
        let row = membership::ActiveModel {
            body_id: Set(body_id),
            function_id: Set(function_id?),
            role: Set(role?.code().to_owned()),
            valid_from: Set(period.from()),
            valid_to: Set(period.to()),
            synthetic: Set(false),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        record(&txn, actor, "add_membership", "body", body_id, None, json(&row)).await?;
        txn.commit().await?;
        Ok(row.id)
    }

    /// Ends a membership on `valid_to`; recorded on the body's history.
    pub async fn end_membership(&self, actor: &Actor, membership_id: i32, mut input: Input) -> Written {
        let txn = crate::audit::begin_write(&self.db).await?;
        let m = membership::Entity::find_by_id(membership_id).one(&txn).await?.ok_or(WriteError::NotFound)?;
        let b = body::Entity::find_by_id(m.body_id).one(&txn).await?.ok_or(WriteError::NotFound)?;
        permit(actor, owned_body(&txn, b.party_id, b.area_id).await?)?;
        let to = input.date("valid_to");
        if let Ok(to) = &to
            && *to < m.valid_from
        {
            input.reject("valid_to", format!("medlemskapet började {}; det kan inte sluta före det", m.valid_from));
        }
        input.finish()?;
        let before = m.clone();
        let mut row = m.into_active_model();
        row.valid_to = Set(Some(to?));
        let after = row.update(&txn).await?;
        record(&txn, actor, "end_membership", "body", b.id, json(&before), json(&after)).await?;
        txn.commit().await?;
        Ok(membership_id)
    }

    async fn organisation_fields(
        &self,
        txn: &DatabaseTransaction,
        input: &mut Input,
        id: Option<i32>,
    ) -> Result<Result<OrganisationFields, Invalid>, DbErr> {
        let name = input.text("name", NAME_MAX);
        let kind = input.kind("kind", OrganisationKind::parse);
        let party_id = input.optional_id("party_id");
        let replaced_by_id = input.optional_id("replaced_by_id");
        let period = period_of(input);
        must_exist::<party::Entity>(txn, input, "party_id", party_id.ok().flatten(), "part").await?;
        must_exist::<organisation::Entity>(txn, input, "replaced_by_id", replaced_by_id.ok().flatten(), "organisation")
            .await?;
        if id.is_some() && replaced_by_id.as_ref().ok().copied().flatten() == id {
            input.reject("replaced_by_id", "en organisation kan inte ersättas av sig själv");
        }
        let fields = || -> Result<OrganisationFields, Invalid> {
            Ok(OrganisationFields {
                name: name?,
                kind: kind?,
                party_id: party_id?,
                replaced_by_id: replaced_by_id?,
                period: period?,
            })
        };
        Ok(fields())
    }

    fn organisation_row(row: &mut organisation::ActiveModel, o: OrganisationFields) {
        row.sort_key = Set(swedish_sort_string(&o.name));
        row.name = Set(o.name);
        row.kind = Set(o.kind.code().to_owned());
        row.party_id = Set(o.party_id);
        row.replaced_by_id = Set(o.replaced_by_id);
        row.valid_from = Set(o.period.from());
        row.valid_to = Set(o.period.to());
    }

    /// Adds an organisation (`name`, `kind`, `party_id`, `replaced_by_id`, `valid_from`,
    /// `valid_to`): a party's, or (administrators only) one of no party.
    pub async fn create_organisation(&self, actor: &Actor, mut input: Input) -> Written {
        let txn = crate::audit::begin_write(&self.db).await?;
        let party_id = input.optional_id("party_id").ok().flatten();
        permit(actor, Owned::Organisation { party_id })?;
        let fields = self.organisation_fields(&txn, &mut input, None).await?;
        input.finish()?;
        let mut row = organisation::ActiveModel { synthetic: Set(false), ..Default::default() };
        Self::organisation_row(&mut row, fields?);
        let row = row.insert(&txn).await?;
        record(&txn, actor, "create", "organisation", row.id, None, json(&row)).await?;
        txn.commit().await?;
        Ok(row.id)
    }

    /// Changes an organisation; the actor must be allowed both for its party and the new one.
    pub async fn update_organisation(&self, actor: &Actor, id: i32, mut input: Input) -> Written {
        let txn = crate::audit::begin_write(&self.db).await?;
        let before = organisation::Entity::find_by_id(id).one(&txn).await?.ok_or(WriteError::NotFound)?;
        let was = Owned::Organisation { party_id: before.party_id };
        permit(actor, was)?;
        let fields = self.organisation_fields(&txn, &mut input, Some(id)).await?;
        if let Ok(o) = &fields
            && !may_write(&actor.grants, Some(was), Owned::Organisation { party_id: o.party_id })
        {
            input.reject("party_id", "du kan inte flytta organisationen till en part dina roller inte omfattar");
        }
        input.finish()?;
        let mut row = before.clone().into_active_model();
        Self::organisation_row(&mut row, fields?);
        let after = row.update(&txn).await?;
        record(&txn, actor, "update", "organisation", id, json(&before), json(&after)).await?;
        txn.commit().await?;
        Ok(id)
    }

    /// Adds a sub-region (*delregion*; `name`, `description`, `valid_from`, `valid_to`): joint,
    /// so the process leaders'.
    pub async fn create_sub_region(&self, actor: &Actor, mut input: Input) -> Written {
        let txn = crate::audit::begin_write(&self.db).await?;
        permit(actor, Owned::Joint)?;
        let (name, description, period) = sub_region_fields(&mut input);
        input.finish()?;
        let (name, period) = (name?, period?);
        let row = sub_region::ActiveModel {
            sort_key: Set(swedish_sort_string(&name)),
            name: Set(name),
            description: Set(description?),
            valid_from: Set(period.from()),
            valid_to: Set(period.to()),
            synthetic: Set(false),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        record(&txn, actor, "create", "sub_region", row.id, None, json(&row)).await?;
        txn.commit().await?;
        Ok(row.id)
    }

    pub async fn update_sub_region(&self, actor: &Actor, id: i32, mut input: Input) -> Written {
        let txn = crate::audit::begin_write(&self.db).await?;
        let before = sub_region::Entity::find_by_id(id).one(&txn).await?.ok_or(WriteError::NotFound)?;
        permit(actor, Owned::Joint)?;
        let (name, description, period) = sub_region_fields(&mut input);
        input.finish()?;
        let (name, period) = (name?, period?);
        let mut row = before.clone().into_active_model();
        row.sort_key = Set(swedish_sort_string(&name));
        row.name = Set(name);
        row.description = Set(description?);
        row.valid_from = Set(period.from());
        row.valid_to = Set(period.to());
        let after = row.update(&txn).await?;
        record(&txn, actor, "update", "sub_region", id, json(&before), json(&after)).await?;
        txn.commit().await?;
        Ok(id)
    }
}

type SubRegionFields = (
    Result<String, samverkan_domain::edit::Reported>,
    Result<Option<String>, samverkan_domain::edit::Reported>,
    Result<Period, samverkan_domain::edit::Reported>,
);

fn sub_region_fields(input: &mut Input) -> SubRegionFields {
    (input.text("name", NAME_MAX), input.optional_text("description", TEXT_MAX), period_of(input))
}

async fn appointments_of(txn: &impl ConnectionTrait, function_id: i32) -> Result<Vec<appointment::Model>, DbErr> {
    appointment::Entity::find().filter(appointment::Column::FunctionId.eq(function_id)).all(txn).await
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use samverkan_domain::{Grant, Role};
    use sea_orm::PaginatorTrait;

    use super::*;
    use crate::AuditCheck;

    async fn seeded(name: &str) -> (Store, Option<tempfile::TempDir>) {
        let (store, dir) = crate::test_support::test_store(&format!("edits_{name}")).await;
        store.seed_reference_data().await.unwrap();
        (store, dir)
    }

    async fn party_id(store: &Store, code: &str) -> i32 {
        party::Entity::find().filter(party::Column::Code.eq(code)).one(&store.db).await.unwrap().unwrap().id
    }

    fn actor(role: Role, party: Option<i32>, area: Option<i32>) -> Actor {
        Actor::user(99, vec![Grant::new(role, party, area).unwrap()])
    }

    fn form(fields: &[(&str, &str)]) -> Input {
        Input::from_form(fields.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())))
    }

    /// Rows that any edit might touch, and the audit trail's length: a refused write changes none.
    async fn footprint(store: &Store) -> [u64; 5] {
        let db = &store.db;
        [
            function::Entity::find().count(db).await.unwrap(),
            appointment::Entity::find().count(db).await.unwrap(),
            person::Entity::find().count(db).await.unwrap(),
            body::Entity::find().count(db).await.unwrap(),
            crate::entity::audit_event::Entity::find().count(db).await.unwrap(),
        ]
    }

    #[tokio::test]
    async fn a_party_editor_changes_their_party_and_nothing_else() {
        let (store, _dir) = seeded("scope").await;
        let (nacka, solna) = (party_id(&store, "0182").await, party_id(&store, "0184").await);
        let editor = actor(Role::PartyEditor, Some(nacka), None);
        let new_function = |party: i32| {
            form(&[
                ("name", "Samordnare äldreomsorg"),
                ("kind", "other"),
                ("party_id", &party.to_string()),
                ("valid_from", "2025-01-01"),
            ])
        };
        let id = store.create_function(&editor, new_function(nacka)).await.unwrap();
        let f = function::Entity::find_by_id(id).one(&store.db).await.unwrap().unwrap();
        assert_eq!((f.name.as_str(), f.party_id), ("Samordnare äldreomsorg", Some(nacka)));

        let before = footprint(&store).await;
        for refused in [
            editor.clone(),
            actor(Role::Reader, None, None),
            actor(Role::PartyEditor, Some(solna), None),
            Actor { audit_name: "user:1".into(), grants: vec![] },
        ] {
            let target = if refused == editor { solna } else { nacka };
            let err = store.create_function(&refused, new_function(target)).await.unwrap_err();
            assert!(matches!(err, WriteError::NotPermitted), "{refused:?}: {err:?}");
            if refused != editor {
                let err = store.update_function(&refused, id, new_function(target)).await;
                assert!(matches!(err, Err(WriteError::NotPermitted)), "{refused:?}");
            }
        }
        // A joint record (a sub-region) is the process leaders' alone.
        let sub = form(&[("name", "Nya delregionen"), ("valid_from", "2025-01-01")]);
        assert!(matches!(store.create_sub_region(&editor, sub).await, Err(WriteError::NotPermitted)));
        assert_eq!(footprint(&store).await, before, "a refused write changes nothing");
        let admin = actor(Role::Admin, None, None);
        let sub = form(&[("name", "Nya delregionen"), ("valid_from", "2025-01-01")]);
        assert!(store.create_sub_region(&admin, sub).await.is_ok());
    }

    #[tokio::test]
    async fn bad_fields_are_named_and_nothing_is_written() {
        let (store, _dir) = seeded("invalid").await;
        let nacka = party_id(&store, "0182").await;
        let editor = actor(Role::PartyEditor, Some(nacka), None);
        let before = footprint(&store).await;
        let input =
            form(&[("name", ""), ("kind", "chef"), ("party_id", &nacka.to_string()), ("valid_from", "2025-02-30")]);
        let Err(WriteError::Invalid(invalid)) = store.create_function(&editor, input).await else {
            panic!("expected field errors");
        };
        assert_eq!(invalid.message("name"), Some("måste fyllas i"));
        assert!(invalid.message("kind").unwrap().contains("okänd typ"));
        assert!(invalid.message("valid_from").is_some());
        assert_eq!(footprint(&store).await, before);
    }

    #[tokio::test]
    async fn a_handover_ends_one_holder_and_starts_the_next_in_one_step() {
        let (store, _dir) = seeded("handover").await;
        let nacka = party_id(&store, "0182").await;
        let editor = actor(Role::PartyEditor, Some(nacka), None);
        let org = organisation::Entity::find().one(&store.db).await.unwrap().unwrap().id.to_string();
        let function = store
            .create_function(
                &editor,
                form(&[
                    ("name", "Kontaktperson"),
                    ("kind", "other"),
                    ("party_id", &nacka.to_string()),
                    ("valid_from", "2024-01-01"),
                ]),
            )
            .await
            .unwrap();
        let first = store
            .hand_over_function(
                &editor,
                function,
                form(&[
                    ("valid_from", "2024-01-01"),
                    ("organisation_id", &org),
                    ("person_name", "Anna Berg"),
                    ("person_email", "Anna.Berg@Nacka.se"),
                ]),
            )
            .await
            .unwrap();
        let second = store
            .hand_over_function(
                &editor,
                function,
                form(&[("valid_from", "2025-03-01"), ("organisation_id", &org), ("person_name", "Karin Ek")]),
            )
            .await
            .unwrap();
        let ended = appointment::Entity::find_by_id(first).one(&store.db).await.unwrap().unwrap();
        let started = appointment::Entity::find_by_id(second).one(&store.db).await.unwrap().unwrap();
        assert_eq!(ended.valid_to, Some(NaiveDate::from_ymd_opt(2025, 2, 28).unwrap()));
        assert_eq!((started.valid_from, started.valid_to), (NaiveDate::from_ymd_opt(2025, 3, 1).unwrap(), None));
        let anna = person::Entity::find_by_id(ended.person_id.unwrap()).one(&store.db).await.unwrap().unwrap();
        assert_eq!(anna.email.as_deref(), Some("anna.berg@nacka.se"));

        // Going back behind the latest holder is refused, naming the field, and changes nothing.
        let before = footprint(&store).await;
        let Err(WriteError::Invalid(invalid)) = store
            .hand_over_function(&editor, function, form(&[("valid_from", "2024-06-01"), ("organisation_id", &org)]))
            .await
        else {
            panic!("expected a refusal");
        };
        assert!(invalid.message("valid_from").unwrap().contains("2025-03-01"));
        assert_eq!(footprint(&store).await, before);

        // Closing the function ends the holder with it.
        let update = form(&[
            ("name", "Kontaktperson"),
            ("kind", "other"),
            ("valid_from", "2024-01-01"),
            ("valid_to", "2025-12-31"),
        ]);
        store.update_function(&editor, function, update).await.unwrap();
        let started = appointment::Entity::find_by_id(second).one(&store.db).await.unwrap().unwrap();
        assert_eq!(started.valid_to, Some(NaiveDate::from_ymd_opt(2025, 12, 31).unwrap()));

        let events = store.audit_events_of("function", &function.to_string()).await.unwrap();
        let actions: Vec<&str> = events.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(actions, ["update", "handover", "handover", "create"], "newest first");
        assert!(events.iter().all(|e| e.actor == "user:99"));
        assert!(matches!(store.verify_audit_trail().await.unwrap(), AuditCheck::Intact { .. }));
    }

    async fn named<E: EntityTrait>(store: &Store, column: E::Column, name: &str) -> E::Model
    where
        E::Column: ColumnTrait,
    {
        E::find().filter(column.eq(name)).one(&store.db).await.unwrap().unwrap()
    }

    /// Issue 11's findings 1–3 on the reference data: a record is its owner's, not its place's,
    /// and nothing is written into, or names, another party's scope.
    #[tokio::test]
    async fn ownership_not_place_decides_who_may_change_a_record() {
        let (store, _dir) = seeded("ownership").await;
        let (region, nacka, stockholm) =
            (party_id(&store, "01").await, party_id(&store, "0182").await, party_id(&store, "0180").await);
        let nacka_editor = actor(Role::PartyEditor, Some(nacka), None);
        let region_editor = actor(Role::PartyEditor, Some(region), None);
        let stockholm_editor = actor(Role::PartyEditor, Some(stockholm), None);
        let health_centre =
            named::<function::Entity>(&store, function::Column::Name, "Samordnande vårdcentral, Nacka").await;
        let nacka_area = health_centre.area_id.unwrap();
        let before = footprint(&store).await;

        // 1. The Region's coordinating health centre in Nacka's area is the Region's.
        let rename = || {
            form(&[
                ("name", "Samordnande vårdcentral, Nacka"),
                ("kind", "coordinating_health_centre"),
                ("valid_from", "2023-01-01"),
            ])
        };
        let stockholm_office =
            named::<organisation::Entity>(&store, organisation::Column::Name, "Bromma stadsdelsförvaltning").await;
        let take_over = form(&[("valid_from", "2026-01-01"), ("organisation_id", &stockholm_office.id.to_string())]);
        assert!(matches!(
            store.update_function(&nacka_editor, health_centre.id, rename()).await,
            Err(WriteError::NotPermitted)
        ));
        assert!(matches!(
            store.hand_over_function(&nacka_editor, health_centre.id, take_over).await,
            Err(WriteError::NotPermitted)
        ));
        assert_eq!(footprint(&store).await, before);
        store.update_function(&region_editor, health_centre.id, rename()).await.unwrap();

        // 2. A Stockholm person appointed to a Nacka function stays Stockholm's.
        let bromma =
            named::<function::Entity>(&store, function::Column::Name, "Kommunens samordnande funktion, Bromma").await;
        let appointment = store
            .hand_over_function(
                &stockholm_editor,
                bromma.id,
                form(&[
                    ("valid_from", "2026-01-01"),
                    ("organisation_id", &stockholm_office.id.to_string()),
                    ("person_name", "Eva Lund"),
                ]),
            )
            .await
            .unwrap();
        let eva =
            appointment::Entity::find_by_id(appointment).one(&store.db).await.unwrap().unwrap().person_id.unwrap();
        let nacka_function =
            named::<function::Entity>(&store, function::Column::Name, "Kommunens samordnande funktion, Nacka").await;
        let nacka_office = store
            .create_organisation(
                &nacka_editor,
                form(&[
                    ("name", "Nacka kommun"),
                    ("kind", "administration"),
                    ("party_id", &nacka.to_string()),
                    ("valid_from", "2020-01-01"),
                ]),
            )
            .await
            .unwrap();
        store
            .hand_over_function(
                &nacka_editor,
                nacka_function.id,
                form(&[
                    ("valid_from", "2026-01-01"),
                    ("organisation_id", &nacka_office.to_string()),
                    ("person_id", &eva.to_string()),
                ]),
            )
            .await
            .unwrap();
        let details = form(&[("name", "Eva Lund"), ("email", "eva@example.se")]);
        assert!(matches!(store.update_person(&nacka_editor, eva, details).await, Err(WriteError::NotPermitted)));
        let details = form(&[("name", "Eva Lund"), ("email", "eva@example.se")]);
        store.update_person(&stockholm_editor, eva, details).await.unwrap();

        // 3. Nothing labelled with another party: a body, a holder, a member.
        let before = footprint(&store).await;
        let coordinator = actor(Role::AreaCoordinator, None, Some(nacka_area));
        let stockholm_body = form(&[
            ("name", "Stockholms grupp"),
            ("level", "local"),
            ("kind", "other"),
            ("party_id", &stockholm.to_string()),
            ("valid_from", "2025-01-01"),
        ]);
        assert!(matches!(store.create_body(&coordinator, stockholm_body).await, Err(WriteError::NotPermitted)));
        let labelled = form(&[
            ("name", "Nackas grupp"),
            ("level", "local"),
            ("kind", "other"),
            ("area_id", &nacka_area.to_string()),
            ("party_id", &stockholm.to_string()),
            ("valid_from", "2025-01-01"),
        ]);
        let Err(WriteError::Invalid(invalid)) = store.create_body(&coordinator, labelled).await else {
            panic!("a body of Nacka's area labelled with Stockholm");
        };
        assert!(invalid.message("party_id").is_some());
        let handover = form(&[("valid_from", "2027-01-01"), ("organisation_id", &stockholm_office.id.to_string())]);
        let Err(WriteError::Invalid(invalid)) =
            store.hand_over_function(&nacka_editor, nacka_function.id, handover).await
        else {
            panic!("a Stockholm district office holding Nacka's function");
        };
        assert!(invalid.message("organisation_id").is_some());
        let local = named::<body::Entity>(&store, body::Column::Name, "Lokal samverkan, Nacka").await;
        let member =
            |id: i32| form(&[("function_id", &id.to_string()), ("role", "member"), ("valid_from", "2026-01-01")]);
        let Err(WriteError::Invalid(invalid)) = store.add_membership(&coordinator, local.id, member(bromma.id)).await
        else {
            panic!("Stockholm's function in Nacka's local body");
        };
        assert!(invalid.message("function_id").is_some());
        assert_eq!(footprint(&store).await, before, "nothing of the refused writes was kept");
        // The area's own functions, of either party, are the local body's to gather.
        let extra = store
            .create_function(
                &region_editor,
                form(&[
                    ("name", "Kontaktsjuksköterska, Nacka"),
                    ("kind", "other"),
                    ("party_id", &region.to_string()),
                    ("area_id", &nacka_area.to_string()),
                    ("valid_from", "2025-01-01"),
                ]),
            )
            .await
            .unwrap();
        store.add_membership(&coordinator, local.id, member(extra)).await.unwrap();
    }

    #[tokio::test]
    async fn an_area_coordinator_changes_their_areas_bodies_only() {
        let (store, _dir) = seeded("area").await;
        let areas = area::Entity::find().all(&store.db).await.unwrap();
        let (mine, other) = (&areas[0], &areas[1]);
        let coordinator = actor(Role::AreaCoordinator, None, Some(mine.id));
        let body = |area: i32| {
            form(&[
                ("name", "Lokal samverkansgrupp"),
                ("level", "local"),
                ("kind", "local_collaboration"),
                ("area_id", &area.to_string()),
                ("valid_from", "2025-01-01"),
            ])
        };
        let id = store.create_body(&coordinator, body(mine.id)).await.unwrap();
        assert!(matches!(store.create_body(&coordinator, body(other.id)).await, Err(WriteError::NotPermitted)));
        // Nor may they move their body to another area.
        let Err(WriteError::Invalid(invalid)) = store.update_body(&coordinator, id, body(other.id)).await else {
            panic!("moving out of scope must be refused");
        };
        assert!(invalid.message("party_id").is_some());
        // Functions are the parties': a coordinator does not create them.
        let function =
            form(&[("name", "X"), ("kind", "other"), ("area_id", &mine.id.to_string()), ("valid_from", "2025-01-01")]);
        assert!(matches!(store.create_function(&coordinator, function).await, Err(WriteError::NotPermitted)));
        // The municipality's editor may change the area's body too.
        let editor = actor(Role::PartyEditor, Some(mine.party_id), None);
        assert!(store.update_body(&editor, id, body(mine.id)).await.is_ok());
    }
}

//! The writes of an area's actor map (issue 14): adding an actor (a service, and the
//! organisation that provides it: one named, the area's of that name, or a new one of no party
//! recorded for the map) and changing a service. Each goes through the one write path as the
//! area's local collaboration (`Owned::Local`): its coordinators, its municipality's editors and
//! the process leaders. Who saved is recorded as who last checked the service.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use samverkan_domain::command::{Command, Read};
use samverkan_domain::commands::{NewActor, ServiceDetails};
use samverkan_domain::edit::Referenced;
use samverkan_domain::local::actor_csv::ActorRow;
use samverkan_domain::local::actor_map::{
    PROVIDER_REFUSED, SAME_ACTOR_HSA_ID, SAME_ACTOR_NAME, check_checked_on, may_provide, same_actor,
};
use samverkan_domain::{AreaOf, Input, Owned, swedish_sort_string};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, QueryFilter, Set};

use super::actors::{serving, stored_row};
use crate::entity::{area, organisation, service, service_area, user};
use crate::error::StoreError;
use crate::fields::{area_of, must_exist, put};
use crate::store::Store;
use crate::structure::organisations::{area_organisation_named, create_area_organisation};
use crate::write::{Actor, Event, Permitted, WriteError, Written, json};

/// The account behind a write, if it is one (`user:{id}` on the trail, and the account exists):
/// who checked what was saved.
pub(crate) async fn checker(db: &impl ConnectionTrait, actor: &Actor) -> Result<Option<i32>, DbErr> {
    let Some(id) = actor.audit_name.strip_prefix("user:").and_then(|n| n.parse::<i32>().ok()) else {
        return Ok(None);
    };
    Ok(user::Entity::find_by_id(id).one(db).await?.map(|u| u.id))
}

/// A service row as the trail keeps it, with the areas it serves.
pub(crate) fn snapshot(row: &service::Model, areas: &[i32]) -> Option<serde_json::Value> {
    Some(serde_json::json!({ "service": json(row), "areas": areas }))
}

/// Writes the areas a service serves: its own and `others`, each once.
pub(crate) async fn write_areas(
    db: &impl ConnectionTrait,
    service_id: i32,
    own: i32,
    others: &[i32],
) -> Result<Vec<i32>, DbErr> {
    service_area::Entity::delete_many().filter(service_area::Column::ServiceId.eq(service_id)).exec(db).await?;
    let areas: BTreeSet<i32> = others.iter().copied().chain([own]).collect();
    for area_id in &areas {
        service_area::ActiveModel { service_id: Set(service_id), area_id: Set(*area_id) }.insert(db).await?;
    }
    Ok(areas.into_iter().collect())
}

/// The columns a row of the list sets on a service (an import's write), with who checked it and
/// when: the row's day, else today.
pub(crate) fn apply_row(row: &mut service::ActiveModel, r: &ActorRow, today: NaiveDate, checker: Option<i32>) {
    row.name = Set(r.name.clone());
    row.sort_key = Set(swedish_sort_string(&r.name));
    row.category = Set(r.category.code().to_owned());
    row.sector = Set(r.sector.code().to_owned());
    row.status = Set(r.status.code().to_owned());
    row.address = Set(r.address.clone());
    row.phone = Set(r.phone.clone());
    row.web = Set(r.web.clone());
    row.email = Set(r.email.clone());
    row.hsa_id = Set(r.hsa_id.clone());
    row.contact_role = Set(r.contact_role.clone());
    row.verified_on = Set(Some(r.checked_on.unwrap_or(today)));
    row.verified_by_user_id = Set(checker);
}

/// The command's row of the list, to hold it to the map's rules (each actor once).
fn as_row(d: &ServiceDetails) -> ActorRow {
    ActorRow {
        name: d.name.to_string(),
        category: d.category,
        sector: d.sector,
        status: d.status,
        address: d.address.as_ref().map(|a| a.to_string()),
        phone: d.phone.as_ref().map(|p| p.to_string()),
        web: d.web.as_ref().map(|w| w.to_string()),
        email: d.email.as_ref().map(|e| e.to_string()),
        hsa_id: d.hsa_id.as_ref().map(|h| h.to_string()),
        contact_role: d.contact_role.as_ref().map(|c| c.to_string()),
        checked_on: d.verified_on,
    }
}

/// Checks what a service's fields name, after the command was read: the areas it serves exist,
/// its check is not in the future, and no other service on the maps it would be on is the same
/// actor (the export of a map must read back). `service_id` is its own when it is changed.
async fn check_service(
    db: &impl ConnectionTrait,
    input: &mut Input,
    details: &Read<ServiceDetails>,
    own_area: i32,
    service_id: Option<i32>,
    today: NaiveDate,
) -> Result<(), DbErr> {
    let others = input.peek("areas", Input::ids).unwrap_or_default();
    for id in &others {
        must_exist::<area::Entity>(db, input, "areas", Some(*id), Referenced::Area).await?;
    }
    let Ok(details) = details else { return Ok(()) };
    if let Err(message) = check_checked_on(details.verified_on, today) {
        input.reject("verified_on", message);
    }
    let mut maps = others;
    maps.push(own_area);
    let mut neighbours = service::Entity::find();
    let mut served = sea_orm::Condition::any();
    for area_id in maps {
        served = served.add(service::Column::Id.in_subquery(serving(area_id)));
    }
    neighbours = neighbours.filter(served);
    if let Some(id) = service_id {
        neighbours = neighbours.filter(service::Column::Id.ne(id));
    }
    let mine = as_row(details);
    for other in neighbours.all(db).await? {
        let Ok(theirs) = stored_row(&other) else { continue };
        if same_actor(&mine, &theirs) {
            let both_hsa = mine.hsa_id.is_some() && mine.hsa_id == theirs.hsa_id;
            if both_hsa {
                input.reject("hsa_id", SAME_ACTOR_HSA_ID);
            } else {
                input.reject("name", SAME_ACTOR_NAME);
            }
            break;
        }
    }
    Ok(())
}

/// A service's columns from its command, with who checked it and when (the command's day, else
/// today).
fn fill(
    row: &mut service::ActiveModel,
    d: &ServiceDetails,
    today: NaiveDate,
    checker: Option<i32>,
) -> Result<(), DbErr> {
    put(row, d)?;
    row.sort_key = Set(swedish_sort_string(&d.name));
    row.verified_on = Set(Some(d.verified_on.unwrap_or(today)));
    row.verified_by_user_id = Set(checker);
    Ok(())
}

/// The organisation that provides a new service of `area`'s map called `name`: the area's of that
/// name, or a new one of no party recorded for the map (told on the trail).
pub(crate) async fn provider(w: &Permitted<'_>, area_id: i32, row: &ActorRow) -> Result<i32, StoreError> {
    if let Some(found) = area_organisation_named(w.txn(), area_id, &row.name).await? {
        return Ok(found.id);
    }
    let created = create_area_organisation(w.txn(), area_id, &row.name, row.category.organisation_kind()).await?;
    w.record(Event::new("create", "organisation", created.id).after(json(&created))).await?;
    Ok(created.id)
}

impl Store {
    /// The area a write of its map is in, and the write permitted as the area's local
    /// collaboration.
    async fn area_write<'a>(&self, actor: &'a Actor, area_id: i32) -> Result<(Permitted<'a>, AreaOf), WriteError> {
        let write = self.write_as(actor).await?;
        let area = area_of(write.lookup(), Some(area_id)).await?.ok_or(WriteError::NotFound)?;
        Ok((write.permit(Owned::Local { area })?, area))
    }

    /// Adds an actor to an area's map (a [`NewActor`]): its service, serving the area and any
    /// other areas it names, provided by the organisation named (a party's, a joint one, or one
    /// of this area's map) or else the area's of the service's name, recorded for the map if
    /// there is none. Answers the service's id.
    pub async fn create_actor(&self, actor: &Actor, area_id: i32, mut input: Input) -> Written {
        let (w, area) = self.area_write(actor, area_id).await?;
        let today = self.clock.today();
        let command = NewActor::read(&mut input);
        let details = command.as_ref().map(|c| c.details.clone()).map_err(|r| *r);
        check_service(w.txn(), &mut input, &details, area.area_id, None, today).await?;
        let named = input.peek_id("organisation_id");
        must_exist::<organisation::Entity>(w.txn(), &mut input, "organisation_id", named, Referenced::Organisation)
            .await?;
        if let Some(id) = named
            && let Some(o) = organisation::Entity::find_by_id(id).one(w.txn()).await?
            && !may_provide(o.area_id, area.area_id)
        {
            input.reject("organisation_id", PROVIDER_REFUSED);
        }
        input.finish()?;
        let command = command?;
        let checker = checker(w.txn(), actor).await?;
        let organisation_id = match command.organisation_id {
            Some(id) => id,
            None => provider(&w, area.area_id, &as_row(&command.details)).await?,
        };
        let mut row = service::ActiveModel {
            organisation_id: Set(organisation_id),
            area_id: Set(area.area_id),
            synthetic: Set(false),
            ..Default::default()
        };
        fill(&mut row, &command.details, today, checker)?;
        let row = row.insert(w.txn()).await?;
        let areas = write_areas(w.txn(), row.id, area.area_id, &command.details.areas).await?;
        w.commit(Event::new("create", "service", row.id).after(snapshot(&row, &areas))).await?;
        Ok(row.id)
    }

    /// Changes a service of an area's map (a [`ServiceDetails`], every field: one left out is
    /// emptied); the area whose map recorded it changes it.
    pub async fn update_actor(&self, actor: &Actor, id: i32, mut input: Input) -> Written {
        let write = self.write_as(actor).await?;
        let before = service::Entity::find_by_id(id).one(write.lookup()).await?.ok_or(WriteError::NotFound)?;
        let area = area_of(write.lookup(), Some(before.area_id)).await?.ok_or(WriteError::NotFound)?;
        let w = write.permit(Owned::Local { area })?;
        let today = self.clock.today();
        let areas_before = self.service_areas_in(w.txn(), id).await?;
        let details = ServiceDetails::read(&mut input);
        check_service(w.txn(), &mut input, &details, area.area_id, Some(id), today).await?;
        input.finish()?;
        let details = details?;
        let checker = checker(w.txn(), actor).await?;
        let mut row = before.clone().into_active_model();
        fill(&mut row, &details, today, checker)?;
        let after = row.update(w.txn()).await?;
        let areas = write_areas(w.txn(), id, area.area_id, &details.areas).await?;
        w.commit(
            Event::new("update", "service", id)
                .before(snapshot(&before, &areas_before))
                .after(snapshot(&after, &areas)),
        )
        .await?;
        Ok(id)
    }

    async fn service_areas_in(&self, db: &impl ConnectionTrait, id: i32) -> Result<Vec<i32>, DbErr> {
        use sea_orm::{QueryOrder, QuerySelect};
        service_area::Entity::find()
            .select_only()
            .column(service_area::Column::AreaId)
            .filter(service_area::Column::ServiceId.eq(id))
            .order_by_asc(service_area::Column::AreaId)
            .into_tuple()
            .all(db)
            .await
    }

    /// The area whose map recorded a service (to find its page and whose it is).
    pub async fn service_area_of(&self, id: i32) -> Result<Option<AreaOf>, StoreError> {
        let Some(s) = service::Entity::find_by_id(id).one(&self.db).await? else { return Ok(None) };
        Ok(area_of(&self.db, Some(s.area_id)).await?)
    }

    /// The areas a service serves besides its own, for its form.
    pub async fn service_other_areas(&self, id: i32) -> Result<Vec<i32>, StoreError> {
        let own = service::Entity::find_by_id(id).one(&self.db).await?.map(|s| s.area_id);
        Ok(self.service_areas_in(&self.db, id).await?.into_iter().filter(|a| Some(*a) != own).collect())
    }
}

//! Sub-regions (*delregioner*): groups of municipalities that meet with the Region, with their
//! members on a date. Joint records: the process leaders change them.

use chrono::NaiveDate;
use samverkan_domain::command::Command;
use samverkan_domain::commands::SubRegionDetails;
use samverkan_domain::{Input, Owned, Period, swedish_sort_string};
use sea_orm::{ActiveModelTrait, ColumnTrait, DbErr, EntityTrait, IntoActiveModel, QueryFilter, QuerySelect, Set};

use crate::entity::{sub_region, sub_region_member};
use crate::error::StoreError;
use crate::fields::put;
use crate::read::{Choices, Ref, by_name, period, valid_at};
use crate::store::Store;
use crate::write::{Actor, Event, WriteError, Written, json};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubRegion {
    pub id: i32,
    pub name: String,
    pub description: Option<String>,
    pub period: Period,
    /// The member parties on the date asked for, in Swedish order.
    pub members: Vec<Ref>,
}

/// A sub-region's columns from its command, and the key it sorts by.
fn sub_region_row(row: &mut sub_region::ActiveModel, details: &SubRegionDetails) -> Result<(), DbErr> {
    row.sort_key = Set(swedish_sort_string(&details.name));
    put(row, details)
}

impl Store {
    /// The sub-regions valid on `at`, with their members on that date.
    pub async fn sub_regions(&self, at: NaiveDate) -> Result<Vec<SubRegion>, StoreError> {
        self.sub_regions_where(at, None).await
    }

    /// The sub-regions a party belongs to on `at`.
    pub async fn sub_regions_of_party(&self, party_id: i32, at: NaiveDate) -> Result<Vec<SubRegion>, StoreError> {
        self.sub_regions_where(at, Some(party_id)).await
    }

    async fn sub_regions_where(&self, at: NaiveDate, member: Option<i32>) -> Result<Vec<SubRegion>, StoreError> {
        let mut select =
            sub_region::Entity::find().filter(valid_at(sub_region::Column::ValidFrom, sub_region::Column::ValidTo, at));
        if let Some(party) = member {
            let ids: Vec<i32> = sub_region_member::Entity::find()
                .select_only()
                .column(sub_region_member::Column::SubRegionId)
                .filter(sub_region_member::Column::PartyId.eq(party))
                .filter(valid_at(sub_region_member::Column::ValidFrom, sub_region_member::Column::ValidTo, at))
                .into_tuple()
                .all(&self.db)
                .await?;
            select = select.filter(sub_region::Column::Id.is_in(ids));
        }
        let regions = select.all(&self.db).await?;
        let ids: Vec<i32> = regions.iter().map(|r| r.id).collect();
        let links = sub_region_member::Entity::find()
            .filter(sub_region_member::Column::SubRegionId.is_in(ids))
            .filter(valid_at(sub_region_member::Column::ValidFrom, sub_region_member::Column::ValidTo, at))
            .all(&self.db)
            .await?;
        let names = self.party_names(links.iter().map(|l| l.party_id)).await?;
        let mut out = Vec::new();
        for r in regions {
            let mut members: Vec<Ref> = links
                .iter()
                .filter(|l| l.sub_region_id == r.id)
                .filter_map(|l| names.get(&l.party_id).map(|n| Ref { id: l.party_id, name: n.clone() }))
                .collect();
            if member.is_some_and(|p| !members.iter().any(|m| m.id == p)) {
                continue;
            }
            by_name(&mut members, |m| &m.name);
            out.push(SubRegion {
                id: r.id,
                name: r.name,
                description: r.description,
                period: period(r.valid_from, r.valid_to)?,
                members,
            });
        }
        by_name(&mut out, |s| &s.name);
        Ok(out)
    }

    /// One sub-region, whatever its period, with its members on `at`.
    pub async fn sub_region(&self, id: i32, at: NaiveDate) -> Result<Option<SubRegion>, StoreError> {
        let Some(r) = sub_region::Entity::find_by_id(id).one(&self.db).await? else {
            return Ok(None);
        };
        let links = sub_region_member::Entity::find()
            .filter(sub_region_member::Column::SubRegionId.eq(id))
            .filter(valid_at(sub_region_member::Column::ValidFrom, sub_region_member::Column::ValidTo, at))
            .all(&self.db)
            .await?;
        let names = self.party_names(links.iter().map(|l| l.party_id)).await?;
        let mut members: Vec<Ref> = links
            .iter()
            .filter_map(|l| names.get(&l.party_id).map(|n| Ref { id: l.party_id, name: n.clone() }))
            .collect();
        by_name(&mut members, |m| &m.name);
        Ok(Some(SubRegion {
            id: r.id,
            name: r.name,
            description: r.description,
            period: period(r.valid_from, r.valid_to)?,
            members,
        }))
    }

    /// The sub-regions valid on `at`, if at most `limit`.
    pub async fn sub_region_choices(&self, at: NaiveDate, limit: u64) -> Result<Choices, StoreError> {
        let select =
            sub_region::Entity::find().filter(valid_at(sub_region::Column::ValidFrom, sub_region::Column::ValidTo, at));
        self.choices(select, (sub_region::Column::Id, sub_region::Column::Name, sub_region::Column::SortKey), limit)
            .await
    }

    /// Adds a sub-region (*delregion*; `name`, `description`, `valid_from`, `valid_to`): joint,
    /// so the process leaders'.
    pub async fn create_sub_region(&self, actor: &Actor, mut input: Input) -> Written {
        let w = self.write_as(actor).await?.permit(Owned::Joint)?;
        let details = SubRegionDetails::read(&mut input);
        input.finish()?;
        let mut row = sub_region::ActiveModel { synthetic: Set(false), ..Default::default() };
        sub_region_row(&mut row, &details?)?;
        let row = row.insert(w.txn()).await?;
        w.commit(Event::new("create", "sub_region", row.id).after(json(&row))).await?;
        Ok(row.id)
    }

    pub async fn update_sub_region(&self, actor: &Actor, id: i32, mut input: Input) -> Written {
        let write = self.write_as(actor).await?;
        let before = sub_region::Entity::find_by_id(id).one(write.lookup()).await?.ok_or(WriteError::NotFound)?;
        let w = write.permit(Owned::Joint)?;
        let details = SubRegionDetails::read(&mut input);
        input.finish()?;
        let mut row = before.clone().into_active_model();
        sub_region_row(&mut row, &details?)?;
        let after = row.update(w.txn()).await?;
        w.commit(Event::new("update", "sub_region", id).before(json(&before)).after(json(&after))).await?;
        Ok(id)
    }
}

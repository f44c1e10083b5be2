//! Parties (*parter*): Region Stockholm and the 26 municipalities, and their outlines on the
//! map. Reference data: loaded (`crate::load`), read here, not edited on the pages.

use std::collections::HashMap;

use chrono::NaiveDate;
use samverkan_domain::{PartyKind, Period};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::entity::{party, party_shape};
use crate::error::StoreError;
use crate::read::{Choices, Page, Paged, Ref, corrupt, period, valid_at};
use crate::store::Store;

/// A party (*part*): one of the 26 municipalities or Region Stockholm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    pub id: i32,
    pub kind: PartyKind,
    pub code: String,
    pub name: String,
    pub period: Period,
    /// Made by `samverkan demo-data`, not real.
    pub synthetic: bool,
}

/// A party's outline on the map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyShape {
    pub party: Ref,
    pub code: String,
    pub geometry: String,
    pub attribution: String,
}

impl Store {
    /// The parties valid on `at`, in Swedish order.
    pub async fn parties(&self, at: NaiveDate, page: Page) -> Result<Paged<Party>, StoreError> {
        let select = party::Entity::find()
            .filter(valid_at(party::Column::ValidFrom, party::Column::ValidTo, at))
            .order_by_asc(party::Column::SortKey)
            .order_by_asc(party::Column::Id);
        let (rows, total) = self.paged(select, page, (party::Column::Id, party::Column::SortKey), |r| r.id).await?;
        Ok(Paged { items: rows.into_iter().map(to_party).collect::<Result<Vec<_>, _>>()?, total })
    }

    /// The parties of one kind valid on `at` (e.g. the regions), in Swedish order.
    pub async fn parties_of_kind(&self, at: NaiveDate, kind: PartyKind) -> Result<Vec<Party>, StoreError> {
        party::Entity::find()
            .filter(party::Column::Kind.eq(kind.code()))
            .filter(valid_at(party::Column::ValidFrom, party::Column::ValidTo, at))
            .order_by_asc(party::Column::SortKey)
            .order_by_asc(party::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(to_party)
            .collect()
    }

    pub async fn party(&self, id: i32) -> Result<Option<Party>, StoreError> {
        party::Entity::find_by_id(id).one(&self.db).await?.map(to_party).transpose()
    }

    /// Every party's outline, for the county map.
    pub async fn party_shapes(&self) -> Result<Vec<PartyShape>, StoreError> {
        let shapes = party_shape::Entity::find().all(&self.db).await?;
        let parties: HashMap<i32, party::Model> =
            party::Entity::find().all(&self.db).await?.into_iter().map(|p| (p.id, p)).collect();
        let mut out: Vec<PartyShape> = shapes
            .into_iter()
            .filter_map(|s| {
                parties.get(&s.party_id).map(|p| PartyShape {
                    party: Ref { id: p.id, name: p.name.clone() },
                    code: p.code.clone(),
                    geometry: s.geometry,
                    attribution: s.attribution,
                })
            })
            .collect();
        out.sort_by(|a, b| a.code.cmp(&b.code));
        Ok(out)
    }

    /// The parties valid on `at`, if there are at most `limit`.
    pub async fn party_choices(&self, at: NaiveDate, limit: u64) -> Result<Choices, StoreError> {
        let select = party::Entity::find().filter(valid_at(party::Column::ValidFrom, party::Column::ValidTo, at));
        self.choices(select, (party::Column::Id, party::Column::Name, party::Column::SortKey), limit).await
    }
}

fn to_party(p: party::Model) -> Result<Party, StoreError> {
    Ok(Party {
        kind: PartyKind::parse(&p.kind).map_err(corrupt)?,
        period: period(p.valid_from, p.valid_to)?,
        id: p.id,
        code: p.code,
        name: p.name,
        synthetic: p.synthetic,
    })
}

//! The agreements' registry entries: registering and changing an agreement (its title, kind,
//! samrådsgrupp, target groups, place under another, descriptions, review date, the parties that
//! must adopt it: none listed is every party) and its coded
//! working models, which the comparison matrix reads. Process leaders only; every change is an
//! event on the agreement's history with the whole entry before and after.

use std::collections::HashMap;

use samverkan_domain::agreement::checks::{check_consultative_group, check_parent};
use samverkan_domain::agreement::{ModelDimension, TargetGroup, WorkingModel};
use samverkan_domain::command::Command;
use samverkan_domain::commands::AgreementEntry;
use samverkan_domain::edit::{Referenced, no_such};
use samverkan_domain::{Input, Owned, swedish_sort_string};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::entity::{agreement, agreement_model, agreement_party, agreement_target_group, body, party};
use crate::error::StoreError;
use crate::fields::{must_exist, put};
use crate::store::Store;
use crate::write::{Actor, Event, WriteError, Written};

/// Reads and checks a registry entry (after the write is permitted); `id` is the agreement's own
/// when it is being changed.
async fn read_entry(
    db: &impl ConnectionTrait,
    mut input: Input,
    id: Option<i32>,
) -> Result<AgreementEntry, WriteError> {
    let entry = AgreementEntry::read(&mut input);
    // Checked whether or not the other fields were, so that every wrong field is told at once.
    if let Some(g) = input.peek_id("consultative_group_id") {
        let found = body::Entity::find_by_id(g).one(db).await?;
        input.check(check_consultative_group(g, found.as_ref().map(|b| b.kind.as_str())));
    }
    let parent = input.peek("parent_id", Input::optional_id);
    must_exist::<agreement::Entity>(db, &mut input, "parent_id", parent.flatten(), Referenced::Agreement).await?;
    if let Some(parent) = parent {
        input.check(check_parent(id, parent));
    }
    if let Some(listed) = input.peek("parties", Input::ids) {
        let found = party::Entity::find().filter(party::Column::Id.is_in(listed.clone())).all(db).await?;
        for id in listed.iter().filter(|id| !found.iter().any(|p| p.id == **id)) {
            input.reject("parties", no_such(Referenced::Party, *id));
        }
    }
    input.finish()?;
    Ok(entry?)
}

/// Writes an entry's columns onto a row, and the key it sorts by.
fn fill(row: &mut agreement::ActiveModel, e: &AgreementEntry) -> Result<(), DbErr> {
    row.sort_key = Set(swedish_sort_string(&e.title));
    put(row, e)
}

/// Replaces an agreement's target groups, models and parties with the entry's.
async fn write_lists(txn: &DatabaseTransaction, id: i32, e: &AgreementEntry) -> Result<(), StoreError> {
    agreement_party::Entity::delete_many().filter(agreement_party::Column::AgreementId.eq(id)).exec(txn).await?;
    for p in e.parties.iter() {
        agreement_party::ActiveModel { agreement_id: Set(id), party_id: Set(*p), ..Default::default() }
            .insert(txn)
            .await?;
    }
    agreement_target_group::Entity::delete_many()
        .filter(agreement_target_group::Column::AgreementId.eq(id))
        .exec(txn)
        .await?;
    for g in e.target_groups.iter() {
        agreement_target_group::ActiveModel {
            agreement_id: Set(id),
            target_group: Set(g.code().to_owned()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    agreement_model::Entity::delete_many().filter(agreement_model::Column::AgreementId.eq(id)).exec(txn).await?;
    for m in e.models() {
        agreement_model::ActiveModel { agreement_id: Set(id), model: Set(m.code().to_owned()), ..Default::default() }
            .insert(txn)
            .await?;
    }
    Ok(())
}

/// The entry as the history keeps it: the row, and its lists as codes and ids.
fn snapshot(
    row: &agreement::Model,
    groups: &[TargetGroup],
    models: &[WorkingModel],
    parties: &[i32],
) -> serde_json::Value {
    serde_json::json!({
        "agreement": row,
        "target_groups": groups.iter().map(|g| g.code()).collect::<Vec<_>>(),
        "models": models.iter().map(|m| m.code()).collect::<Vec<_>>(),
        "parties": parties,
    })
}

/// An agreement's own list of parties that must adopt (empty: every party).
async fn parties_of(txn: &DatabaseTransaction, id: i32) -> Result<Vec<i32>, DbErr> {
    agreement_party::Entity::find()
        .select_only()
        .column(agreement_party::Column::PartyId)
        .filter(agreement_party::Column::AgreementId.eq(id))
        .order_by_asc(agreement_party::Column::Id)
        .into_tuple()
        .all(txn)
        .await
}

/// An agreement's own words on how it is implemented, followed up and supported digitally.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Descriptions {
    pub implementation: Option<String>,
    pub follow_up: Option<String>,
    pub digital_support: Option<String>,
}

/// An agreement's id and its three descriptions, as read.
type DescriptionRow = (i32, Option<String>, Option<String>, Option<String>);

impl Descriptions {
    /// The description of one side.
    pub fn of(&self, dimension: ModelDimension) -> Option<&str> {
        match dimension {
            ModelDimension::Implementation => self.implementation.as_deref(),
            ModelDimension::FollowUp => self.follow_up.as_deref(),
            ModelDimension::DigitalSupport => self.digital_support.as_deref(),
        }
    }
}

impl Store {
    /// Registers an agreement (process leaders). Fields: `title`, `short_name`, `kind`,
    /// `consultative_group_id` (a samrådsgrupp), `parent_id`, `target_groups` (a list),
    /// `summary`, `implementation`, `follow_up`, `digital_support`, `review_date`, and the coded
    /// models `implementation_models`, `follow_up_models`, `digital_support_models` (lists), and
    /// `parties` (party ids that must adopt; every party when left out).
    pub async fn create_agreement(&self, actor: &Actor, input: Input) -> Written {
        let w = self.write_as(actor).await?.permit(Owned::Joint)?;
        let entry = read_entry(w.txn(), input, None).await?;
        let mut row = agreement::ActiveModel { synthetic: Set(false), ..Default::default() };
        fill(&mut row, &entry)?;
        let row = row.insert(w.txn()).await?;
        write_lists(w.txn(), row.id, &entry).await?;
        let after = snapshot(&row, &entry.target_groups, &entry.models(), &entry.parties);
        w.commit(Event::new("create", "agreement", row.id).after(Some(after))).await?;
        Ok(row.id)
    }

    /// Changes an agreement's registry entry, every field as for [`Store::create_agreement`]
    /// (a field left out is emptied, as a form that sends the whole entry would).
    pub async fn update_agreement(&self, actor: &Actor, id: i32, input: Input) -> Written {
        let write = self.write_as(actor).await?;
        let before = agreement::Entity::find_by_id(id).one(write.lookup()).await?.ok_or(WriteError::NotFound)?;
        let w = write.permit(Owned::Joint)?;
        let (groups_before, models_before) = lists_of(w.txn(), id).await?;
        let parties_before = parties_of(w.txn(), id).await?;
        let entry = read_entry(w.txn(), input, Some(id)).await?;
        let mut row = before.clone().into_active_model();
        fill(&mut row, &entry)?;
        let after = row.update(w.txn()).await?;
        write_lists(w.txn(), id, &entry).await?;
        w.commit(
            Event::new("update", "agreement", id)
                .before(Some(snapshot(&before, &groups_before, &models_before, &parties_before)))
                .after(Some(snapshot(&after, &entry.target_groups, &entry.models(), &entry.parties))),
        )
        .await?;
        Ok(id)
    }

    /// Every agreement's descriptions of its working (agreements with none are absent).
    pub async fn agreement_descriptions(&self) -> Result<HashMap<i32, Descriptions>, StoreError> {
        let rows: Vec<DescriptionRow> = agreement::Entity::find()
            .select_only()
            .columns([
                agreement::Column::Id,
                agreement::Column::Implementation,
                agreement::Column::FollowUp,
                agreement::Column::DigitalSupport,
            ])
            .into_tuple()
            .all(&self.db)
            .await?;
        Ok(rows
            .into_iter()
            .filter(|(_, i, f, d)| i.is_some() || f.is_some() || d.is_some())
            .map(|(id, implementation, follow_up, digital_support)| {
                (id, Descriptions { implementation, follow_up, digital_support })
            })
            .collect())
    }

    /// One agreement's coded working models, in display order (none for no such agreement).
    pub async fn agreement_working_models(&self, id: i32) -> Result<Vec<WorkingModel>, StoreError> {
        working_models_of(&self.db, id).await
    }

    /// Every agreement's coded working models, in display order (agreements without any are
    /// absent).
    pub async fn working_models(&self) -> Result<HashMap<i32, Vec<WorkingModel>>, StoreError> {
        let rows = agreement_model::Entity::find().order_by_asc(agreement_model::Column::Id).all(&self.db).await?;
        let mut out: HashMap<i32, Vec<WorkingModel>> = HashMap::new();
        for r in rows {
            let m = WorkingModel::parse(&r.model).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            out.entry(r.agreement_id).or_default().push(m);
        }
        for models in out.values_mut() {
            models.sort();
        }
        Ok(out)
    }
}

/// An agreement's coded working models, in display order.
async fn working_models_of(db: &impl ConnectionTrait, id: i32) -> Result<Vec<WorkingModel>, StoreError> {
    let mut models = agreement_model::Entity::find()
        .select_only()
        .column(agreement_model::Column::Model)
        .filter(agreement_model::Column::AgreementId.eq(id))
        .into_tuple::<String>()
        .all(db)
        .await?
        .iter()
        .map(|m| WorkingModel::parse(m))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    models.sort();
    Ok(models)
}

/// An agreement's target groups and models as stored.
async fn lists_of(txn: &DatabaseTransaction, id: i32) -> Result<(Vec<TargetGroup>, Vec<WorkingModel>), StoreError> {
    let corrupt = |e: samverkan_domain::UnknownKind| StoreError::Corrupt(e.to_string());
    let groups = agreement_target_group::Entity::find()
        .filter(agreement_target_group::Column::AgreementId.eq(id))
        .order_by_asc(agreement_target_group::Column::Id)
        .all(txn)
        .await?
        .iter()
        .map(|g| TargetGroup::parse(&g.target_group))
        .collect::<Result<Vec<_>, _>>()
        .map_err(corrupt)?;
    Ok((groups, working_models_of(txn, id).await?))
}

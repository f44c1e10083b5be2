//! A party's preparatory handling of a version before its council decides (*beredning*): the
//! committees' opinions, often in parallel, then the executive board's proposal. Written through
//! the same authorised, audited path as the rest of the agreement's process; each step is an
//! event on the agreement's history.

use chrono::NaiveDate;
use samverkan_domain::agreement::{PreparatoryOutcome, PreparatoryRole};
use samverkan_domain::command::Command;
use samverkan_domain::commands::NewPreparatoryStep;
use samverkan_domain::edit::Referenced;
use samverkan_domain::{Input, Owned};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use crate::agreements::acts::{ensure_party_of_version, own_party, version_and_agreement};
use crate::entity::{agreement_version, body, party, preparatory_step};
use crate::error::StoreError;
use crate::fields::{must_exist, put};
use crate::read::Ref;
use crate::store::Store;
use crate::write::{Actor, Event, Written, json};

/// One step of a party's preparatory handling, as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparatoryStep {
    pub id: i32,
    pub party: Ref,
    pub body_name: String,
    pub body_id: Option<i32>,
    pub role: PreparatoryRole,
    /// The day, when the sources give one.
    pub handled_on: Option<NaiveDate>,
    /// The time in words when they give no day ("våren 2022").
    pub handled_text: Option<String>,
    /// `None` while the step is planned, or when the sources do not say.
    pub outcome: Option<PreparatoryOutcome>,
    pub paragraph: Option<String>,
}

impl Store {
    /// Records one step of a party's preparatory handling of a version: `party_id`, `body_name`
    /// (the committee or board), `body_id` (when it is a body in the register), `role` (opinion,
    /// preparation, proposal), `handled_on` (a day) or `handled_text` (the time in words), both
    /// optional for a step whose day the sources do not give, `outcome` (absent while planned)
    /// and `paragraph`. The party's editor or a process leader.
    pub async fn add_preparatory_step(&self, actor: &Actor, version_id: i32, mut input: Input) -> Written {
        let write = self.write_as(actor).await?;
        let (version, agreement_id) = version_and_agreement(write.lookup(), version_id).await?;
        own_party(&write, actor, &input)?;
        let step = NewPreparatoryStep::read(&mut input);
        let body_id = input.peek_id("body_id");
        must_exist::<body::Entity>(write.lookup(), &mut input, "body_id", body_id, Referenced::Body).await?;
        if let Some(p) = input.peek_id("party_id") {
            // A step whose day is not given (or not one) is checked against today's parties.
            let on = input.peek("handled_on", Input::optional_date).flatten();
            let on = on.unwrap_or_else(|| chrono::Utc::now().date_naive());
            ensure_party_of_version(write.lookup(), &mut input, &version, p, on).await?;
        }
        input.finish()?;
        let step = step?;
        let w = write.permit(Owned::PartyAct { party_id: step.party_id.0 })?;
        let mut row = preparatory_step::ActiveModel { version_id: Set(version_id), ..Default::default() };
        put(&mut row, &step)?;
        let row = row.insert(w.txn()).await?;
        w.commit(Event::new("prepare", "agreement", agreement_id).after(json(&row))).await?;
        Ok(row.id)
    }

    /// Every party's preparatory steps on a version, in the order they happened (steps without
    /// a day last, in the order recorded); `None` when there is no such version.
    pub async fn preparatory_steps(&self, version_id: i32) -> Result<Option<Vec<PreparatoryStep>>, StoreError> {
        if agreement_version::Entity::find_by_id(version_id).one(&self.db).await?.is_none() {
            return Ok(None);
        }
        let rows = preparatory_step::Entity::find()
            .filter(preparatory_step::Column::VersionId.eq(version_id))
            .order_by_asc(preparatory_step::Column::Id)
            .all(&self.db)
            .await?;
        let parties = party::Entity::find()
            .filter(party::Column::Id.is_in(rows.iter().map(|r| r.party_id)))
            .all(&self.db)
            .await?;
        let mut steps = Vec::with_capacity(rows.len());
        for r in rows {
            let corrupt = |e: samverkan_domain::UnknownKind| StoreError::Corrupt(e.to_string());
            let name = parties.iter().find(|p| p.id == r.party_id).map(|p| p.name.clone()).unwrap_or_default();
            steps.push(PreparatoryStep {
                id: r.id,
                party: Ref { id: r.party_id, name },
                body_name: r.body_name,
                body_id: r.body_id,
                role: PreparatoryRole::parse(&r.role).map_err(corrupt)?,
                handled_on: r.handled_on,
                handled_text: r.handled_text,
                outcome: r.outcome.as_deref().map(PreparatoryOutcome::parse).transpose().map_err(corrupt)?,
                paragraph: r.paragraph,
            });
        }
        // A stable sort keeps the recorded order among steps of the same day and those without one.
        steps.sort_by_key(|s| (s.handled_on.is_none(), s.handled_on));
        Ok(Some(steps))
    }
}

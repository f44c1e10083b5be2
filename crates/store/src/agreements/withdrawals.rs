//! A party's withdrawal from a version in force (*uppsägning*): its decision and the day it
//! leaves from. Written through the same authorised, audited path as the party's other acts
//! (the party's editor or a process leader); each is an event on the agreement's history. The
//! version stays in force for the other parties (`samverkan_domain::agreement_state`).

use std::collections::HashMap;

use chrono::NaiveDate;
use samverkan_domain::agreement::checks::{NOT_A_PARTY_OF_VERSION, check_not_future};
use samverkan_domain::agreement_state::check_withdrawal;
use samverkan_domain::command::Command;
use samverkan_domain::commands::NewWithdrawal;
use samverkan_domain::edit::Referenced;
use samverkan_domain::when::Span;
use samverkan_domain::{Input, Owned};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use crate::agreements::acts::{own_party, version_and_agreement};
use crate::agreements::facts::facts_of;
use crate::entity::{body, withdrawal};
use crate::error::StoreError;
use crate::fields::{must_exist, put};
use crate::read::Ref;
use crate::store::Store;
use crate::write::{Actor, Event, Written, json};

/// A party's withdrawal, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WithdrawalRecord {
    pub id: i32,
    pub party: Ref,
    pub deciding_body: String,
    pub decided_on: NaiveDate,
    pub paragraph: Option<String>,
    pub diary_number: Option<String>,
    /// The first day the party is no longer a party to the version.
    pub leaves_on: NaiveDate,
}

impl Store {
    /// A party's withdrawal from a version in force (*uppsägning*): `party_id`,
    /// `deciding_body`, `deciding_body_id`, `decided_on`, `paragraph`, `diary_number` and
    /// `leaves_on`, the first day it is no longer a party. The party's editor or a process
    /// leader. The party must be one of the version's, the version in force on `leaves_on` (its
    /// own earlier withdrawals aside: a later one stands over them, both stay on record), and the
    /// decision not in the future.
    pub async fn record_withdrawal(&self, actor: &Actor, version_id: i32, mut input: Input) -> Written {
        let write = self.write_as(actor).await?;
        let (version, agreement_id) = version_and_agreement(write.lookup(), version_id).await?;
        own_party(&write, actor, &input)?;
        let new = NewWithdrawal::read(&mut input);
        let deciding = input.peek_id("deciding_body_id");
        must_exist::<body::Entity>(write.lookup(), &mut input, "deciding_body_id", deciding, Referenced::Body).await?;
        if let Some(Some(day)) = input.peek("decided_on", Input::optional_date) {
            input.check(check_not_future("decided_on", Span::day(day), self.clock.today()));
        }
        if let (Some(p), Some(Some(leaves_on))) =
            (input.peek_id("party_id"), input.peek("leaves_on", Input::optional_date))
        {
            // The version as it stands on the day the party would leave.
            let facts = facts_of(write.lookup(), std::slice::from_ref(&version), leaves_on).await?;
            match facts.get(&version.id) {
                Some((f, _)) if f.parties.contains(&p) => input.check(check_withdrawal(f, p, leaves_on)),
                _ => input.reject("party_id", NOT_A_PARTY_OF_VERSION),
            }
        }
        input.finish()?;
        let new = new?;
        let w = write.permit(Owned::PartyAct { party_id: new.party_id.0 })?;
        let mut row = withdrawal::ActiveModel { version_id: Set(version_id), ..Default::default() };
        put(&mut row, &new)?;
        let row = row.insert(w.txn()).await?;
        w.commit(Event::new("withdraw", "agreement", agreement_id).after(json(&row))).await?;
        Ok(row.id)
    }
}

/// The withdrawals of each version, in the order recorded.
pub(crate) async fn withdrawals_of(
    db: &impl ConnectionTrait,
    version_ids: &[i32],
) -> Result<HashMap<i32, Vec<withdrawal::Model>>, StoreError> {
    let rows = withdrawal::Entity::find()
        .filter(withdrawal::Column::VersionId.is_in(version_ids.iter().copied()))
        .order_by_asc(withdrawal::Column::Id)
        .all(db)
        .await?;
    let mut out: HashMap<i32, Vec<withdrawal::Model>> = HashMap::new();
    for r in rows {
        out.entry(r.version_id).or_default().push(r);
    }
    Ok(out)
}

/// A stored withdrawal as read, its party named.
pub(crate) fn record(row: withdrawal::Model, party: Ref) -> WithdrawalRecord {
    WithdrawalRecord {
        id: row.id,
        party,
        deciding_body: row.deciding_body,
        decided_on: row.decided_on,
        paragraph: row.paragraph,
        diary_number: row.diary_number,
        leaves_on: row.leaves_on,
    }
}

//! Agreements: the registry and the process of each version, written through the same
//! authorised, audited path as the structure's edits (see `edits.rs`), and read with each
//! version's state derived from its facts by `samverkan_domain::agreement`.
//!
//! Who may write: the process leaders everything; a party's editor only that party's own
//! consultation answers and decisions. Every event is recorded on the agreement's history.

use std::collections::HashMap;

use chrono::NaiveDate;
use samverkan_domain::agreement::{
    Addressee, AgreementKind, AgreementState, Decision, DecisionOutcome, RecommendationOutcome, RelationKind, Stance,
    TargetGroup, VersionFacts, in_force_from, state_on,
};
use samverkan_domain::edit::{NAME_MAX, TEXT_MAX};
use samverkan_domain::{Input, Owned};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect, Set, TryIntoModel,
};

use crate::edits::{Actor, WriteError, Written, json, must_exist, permit, record};
use crate::entity::{
    agreement, agreement_relation, agreement_target_group, agreement_version, body, consultation, consultation_answer,
    consultation_recipient, decision, party, recommendation,
};
use crate::queries::{unique, valid_at};
use crate::{Store, StoreError};

/// Where a version stands, with the counts people ask for first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementStatus {
    pub state: AgreementState,
    /// Parties whose standing decision is to adopt.
    pub adopted: usize,
    /// Parties that must adopt.
    pub parties: usize,
    pub in_force_from: Option<NaiveDate>,
}

impl AgreementStatus {
    fn of(facts: &VersionFacts, on: NaiveDate) -> AgreementStatus {
        let standing = samverkan_domain::agreement::standing_decisions(&facts.decisions, on);
        let adopted = facts
            .parties
            .iter()
            .filter(|p| standing.get(p).is_some_and(|d| d.outcome == DecisionOutcome::Adopted))
            .count();
        AgreementStatus {
            state: state_on(facts, on),
            adopted,
            parties: facts.parties.len(),
            in_force_from: in_force_from(facts, on),
        }
    }
}

/// An agreement as listed: its registry facts and the status of its latest version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementSummary {
    pub id: i32,
    pub title: String,
    pub short_name: Option<String>,
    pub kind: AgreementKind,
    pub consultative_group: Option<crate::Ref>,
    pub target_groups: Vec<TargetGroup>,
    pub summary: Option<String>,
    pub latest_version: Option<String>,
    /// `None` while the agreement has no version.
    pub status: Option<AgreementStatus>,
}

/// A party's answer to a consultation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub party: crate::Ref,
    pub answered_on: NaiveDate,
    pub stance: Stance,
    pub text: Option<String>,
    /// After the deadline (it counts all the same).
    pub late: bool,
}

/// A party's decision, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionRecord {
    pub id: i32,
    pub party: crate::Ref,
    pub deciding_body: String,
    pub decided_on: Option<NaiveDate>,
    /// When the sources give no day ("våren 2022").
    pub decided_text: Option<String>,
    pub paragraph: Option<String>,
    pub diary_number: Option<String>,
    pub outcome: DecisionOutcome,
    pub sent_to: Option<String>,
}

/// A recommendation to adopt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecommendationRecord {
    pub body_name: String,
    pub addressed_to: Addressee,
    pub decided_on: Option<NaiveDate>,
    pub decided_text: Option<String>,
    pub outcome: RecommendationOutcome,
}

/// A consultation round: sent and due (either may be unknown: then `sent_text` says when).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsultationRecord {
    pub id: i32,
    pub sent_on: Option<NaiveDate>,
    pub sent_text: Option<String>,
    pub deadline: Option<NaiveDate>,
}

/// A version with its status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub id: i32,
    pub number: String,
    pub date: Option<NaiveDate>,
    /// The date in words when the sources give no day ("våren 2022").
    pub date_text: Option<String>,
    pub change_summary: Option<String>,
    pub earliest_start: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    pub consultation: Option<ConsultationRecord>,
    /// The consultation's answers, in party order.
    pub answers: Vec<Answer>,
    pub recommendations: Vec<RecommendationRecord>,
    /// Every decision recorded, oldest first (a later one stands over an earlier one).
    pub decisions: Vec<DecisionRecord>,
    pub status: AgreementStatus,
}

/// One agreement, whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementDetail {
    pub summary: AgreementSummary,
    pub parent: Option<crate::Ref>,
    pub implementation: Option<String>,
    pub follow_up: Option<String>,
    pub digital_support: Option<String>,
    pub review_date: Option<NaiveDate>,
    /// Relations from this agreement to others, and from others to this one.
    pub relations: Vec<(RelationKind, crate::Ref)>,
    pub related_from: Vec<(RelationKind, crate::Ref)>,
    /// Newest first.
    pub versions: Vec<Version>,
}

/// A version's answers, recommendations and decisions.
type ProcessRecords = (Vec<Answer>, Vec<RecommendationRecord>, Vec<DecisionRecord>);

/// Each version's facts, and its consultation (id, sent, deadline) if it has one.
type FactsByVersion = HashMap<i32, (VersionFacts, Option<ConsultationRecord>)>;

type Read<T> = Result<T, samverkan_domain::edit::Reported>;

/// A day (`day_field`) or, when the sources give none, the time in words (`words_field`,
/// "våren 2022"); one of the two must be given.
fn day_or_words(
    input: &mut Input,
    day_field: &str,
    words_field: &str,
) -> (Read<Option<NaiveDate>>, Read<Option<String>>) {
    let day = input.optional_date(day_field);
    let words = input.optional_text(words_field, 100);
    if matches!((&day, &words), (Ok(None), Ok(None))) {
        input.reject(day_field, format!("ange en dag (ÅÅÅÅ-MM-DD), eller tiden i ord i {words_field}"));
    }
    (day, words)
}

fn corrupt(e: impl ToString) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

/// The facts of each version, in a fixed number of queries however many versions: its parties
/// (the consultation's recipients, else every party valid on `on`), consultation, recommendations
/// and decisions. Only the columns the rules read, each row grouped once by its version (at
/// national scale a list reads some 12,000 rows, which cost most of its time to decode).
pub(crate) async fn facts_of(
    db: &impl ConnectionTrait,
    versions: &[agreement_version::Model],
    on: NaiveDate,
) -> Result<FactsByVersion, StoreError> {
    let ids: Vec<i32> = versions.iter().map(|v| v.id).collect();
    let consultations =
        consultation::Entity::find().filter(consultation::Column::VersionId.is_in(ids.clone())).all(db).await?;
    let recipients: Vec<(i32, i32)> = consultation_recipient::Entity::find()
        .select_only()
        .columns([consultation_recipient::Column::ConsultationId, consultation_recipient::Column::PartyId])
        .filter(consultation_recipient::Column::ConsultationId.is_in(consultations.iter().map(|c| c.id)))
        .into_tuple()
        .all(db)
        .await?;
    let mut recipients_of: HashMap<i32, Vec<i32>> = HashMap::new();
    for (consultation_id, party_id) in recipients {
        recipients_of.entry(consultation_id).or_default().push(party_id);
    }
    let recommended: Vec<(i32, Option<NaiveDate>)> = recommendation::Entity::find()
        .select_only()
        .columns([recommendation::Column::VersionId, recommendation::Column::DecidedOn])
        .filter(recommendation::Column::VersionId.is_in(ids.clone()))
        .filter(recommendation::Column::Outcome.eq(RecommendationOutcome::Recommended.code()))
        .into_tuple()
        .all(db)
        .await?;
    let mut recommended_of: HashMap<i32, Vec<Option<NaiveDate>>> = HashMap::new();
    for (version_id, day) in recommended {
        recommended_of.entry(version_id).or_default().push(day);
    }
    let decisions: Vec<(i32, i32, Option<NaiveDate>, String)> = decision::Entity::find()
        .select_only()
        .columns([
            decision::Column::VersionId,
            decision::Column::PartyId,
            decision::Column::DecidedOn,
            decision::Column::Outcome,
        ])
        .filter(decision::Column::VersionId.is_in(ids))
        // In the order recorded, as the records are, so both databases break a same-day tie alike.
        .order_by_asc(decision::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let mut decisions_of: HashMap<i32, Vec<Decision>> = HashMap::new();
    for (version_id, party_id, date, outcome) in decisions {
        let outcome = DecisionOutcome::parse(&outcome).map_err(corrupt)?;
        decisions_of.entry(version_id).or_default().push(Decision { party_id, date, outcome });
    }
    // Every party valid on `on`, only when a version has no consultation to name its parties.
    let all_parties: Vec<i32> = if versions.iter().any(|v| !consultations.iter().any(|c| c.version_id == v.id)) {
        party::Entity::find()
            .select_only()
            .column(party::Column::Id)
            .filter(valid_at(party::Column::ValidFrom, party::Column::ValidTo, on))
            .order_by_asc(party::Column::Id)
            .into_tuple()
            .all(db)
            .await?
    } else {
        Vec::new()
    };
    let mut out = HashMap::new();
    for v in versions {
        let c = consultations.iter().find(|c| c.version_id == v.id);
        let parties = match c {
            Some(c) => unique(recipients_of.remove(&c.id).unwrap_or_default()),
            None => all_parties.clone(),
        };
        let facts = VersionFacts {
            parties,
            consultation: c.map(|c| (c.sent_on, c.deadline)),
            recommended: recommended_of.remove(&v.id).unwrap_or_default(),
            decisions: decisions_of.remove(&v.id).unwrap_or_default(),
            earliest_start: v.earliest_start,
            valid_to: v.valid_to,
            replaced_on: None,
            process_unrecorded: !v.process_recorded,
        };
        let record = c.map(|c| ConsultationRecord {
            id: c.id,
            sent_on: c.sent_on,
            sent_text: c.sent_text.clone(),
            deadline: c.deadline,
        });
        out.insert(v.id, (facts, record));
    }
    Ok(out)
}

/// The party a party's own record is for (`party_id` of an answer, a decision, a preparatory
/// step), with the check that the actor may write for it. Without a usable party the field is
/// refused ("välj en part") to someone who may write for some party, so that the form or body
/// comes back with every field checked; anyone else is refused the write.
pub(crate) fn own_party(actor: &Actor, input: &mut Input) -> Result<Read<i32>, WriteError> {
    match input.optional_id("party_id") {
        Ok(Some(p)) => permit(actor, Owned::PartyAct { party_id: p }).map(|()| Ok(p)),
        _ if !samverkan_domain::may_change_something(&actor.grants) => Err(WriteError::NotPermitted),
        Ok(None) => {
            input.reject("party_id", "välj en part");
            Ok(Err(samverkan_domain::edit::Reported))
        }
        Err(reported) => Ok(Err(reported)),
    }
}

/// Refuses `party_id` unless the party is one of the version's on `on` (its consultation's
/// recipients, else every party).
pub(crate) async fn ensure_party_of_version(
    txn: &DatabaseTransaction,
    input: &mut Input,
    version: &agreement_version::Model,
    party_id: i32,
    on: NaiveDate,
) -> Result<(), StoreError> {
    let facts = facts_of(txn, std::slice::from_ref(version), on).await?;
    if !facts.get(&version.id).is_some_and(|(f, _)| f.parties.contains(&party_id)) {
        input.reject("party_id", "parten är inte part i den här versionen");
    }
    Ok(())
}

/// The version a write is about, and its agreement.
pub(crate) async fn version_and_agreement(
    txn: &DatabaseTransaction,
    version_id: i32,
) -> Result<(agreement_version::Model, i32), WriteError> {
    let v = agreement_version::Entity::find_by_id(version_id).one(txn).await?.ok_or(WriteError::NotFound)?;
    let agreement_id = v.agreement_id;
    Ok((v, agreement_id))
}

impl Store {
    /// Relates an agreement to another (`kind`, `related_id`); process leaders.
    pub async fn add_agreement_relation(&self, actor: &Actor, agreement_id: i32, mut input: Input) -> Written {
        let txn = crate::audit::begin_write(&self.db).await?;
        agreement::Entity::find_by_id(agreement_id).one(&txn).await?.ok_or(WriteError::NotFound)?;
        permit(actor, Owned::Joint)?;
        let kind = input.kind("kind", RelationKind::parse);
        let related = input.id("related_id");
        must_exist::<agreement::Entity>(&txn, &mut input, "related_id", related.ok(), "överenskommelse").await?;
        if related.as_ref().ok() == Some(&agreement_id) {
            input.reject("related_id", "en överenskommelse kan inte relatera till sig själv");
        }
        input.finish()?;
        let row = agreement_relation::ActiveModel {
            agreement_id: Set(agreement_id),
            related_id: Set(related?),
            kind: Set(kind?.code().to_owned()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        record(&txn, actor, "add_relation", "agreement", agreement_id, None, json(&row)).await?;
        txn.commit().await?;
        Ok(row.id)
    }

    /// Adds a version (process leaders): `number`, `date` or `date_text`, `change_summary`,
    /// `earliest_start`, `valid_to`.
    pub async fn add_version(&self, actor: &Actor, agreement_id: i32, mut input: Input) -> Written {
        let txn = crate::audit::begin_write(&self.db).await?;
        agreement::Entity::find_by_id(agreement_id).one(&txn).await?.ok_or(WriteError::NotFound)?;
        permit(actor, Owned::Joint)?;
        let number = input.text("number", 40);
        let date = input.optional_date("date");
        let date_text = input.optional_text("date_text", 100);
        let change_summary = input.optional_text("change_summary", TEXT_MAX);
        let earliest_start = input.optional_date("earliest_start");
        let valid_to = input.optional_date("valid_to");
        if let (Ok(Some(start)), Ok(Some(to))) = (&earliest_start, &valid_to)
            && to < start
        {
            input.reject("valid_to", format!("kan inte vara före tidigaste start ({start})"));
        }
        if let Ok(n) = &number {
            let taken = agreement_version::Entity::find()
                .filter(agreement_version::Column::AgreementId.eq(agreement_id))
                .filter(agreement_version::Column::Number.eq(n.as_str()))
                .one(&txn)
                .await?;
            if taken.is_some() {
                input.reject("number", format!("versionen {n} finns redan"));
            }
        }
        input.finish()?;
        let row = agreement_version::ActiveModel {
            agreement_id: Set(agreement_id),
            number: Set(number?),
            date: Set(date?),
            date_text: Set(date_text?),
            change_summary: Set(change_summary?),
            earliest_start: Set(earliest_start?),
            valid_to: Set(valid_to?),
            process_recorded: Set(true),
            synthetic: Set(false),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        record(&txn, actor, "add_version", "agreement", agreement_id, None, json(&row)).await?;
        txn.commit().await?;
        Ok(row.id)
    }

    /// Sends a version out on consultation (process leaders): `sent_on`, `deadline`, and
    /// `recipients` (party ids; every party valid on `sent_on` when left out).
    pub async fn start_consultation(&self, actor: &Actor, version_id: i32, mut input: Input) -> Written {
        let txn = crate::audit::begin_write(&self.db).await?;
        let (_, agreement_id) = version_and_agreement(&txn, version_id).await?;
        permit(actor, Owned::Joint)?;
        let sent_on = input.date("sent_on");
        let deadline = input.date("deadline");
        let recipients = input.ids("recipients");
        if let (Ok(sent), Ok(deadline)) = (&sent_on, &deadline)
            && deadline < sent
        {
            input.reject("deadline", format!("sista svarsdag kan inte vara före utskicket ({sent})"));
        }
        if consultation::Entity::find()
            .filter(consultation::Column::VersionId.eq(version_id))
            .one(&txn)
            .await?
            .is_some()
        {
            input.reject("version", "versionen har redan en remiss");
        }
        let mut parties = Vec::new();
        if let (Ok(list), Ok(sent)) = (&recipients, &sent_on) {
            if list.is_empty() {
                parties = party::Entity::find()
                    .filter(valid_at(party::Column::ValidFrom, party::Column::ValidTo, *sent))
                    .all(&txn)
                    .await?
                    .into_iter()
                    .map(|p| p.id)
                    .collect();
            } else {
                let found = party::Entity::find().filter(party::Column::Id.is_in(list.clone())).all(&txn).await?;
                for id in list.iter().filter(|id| !found.iter().any(|p| p.id == **id)) {
                    input.reject("recipients", format!("det finns ingen part med id {id}"));
                }
                parties = list.clone();
            }
        }
        input.finish()?;
        let row = consultation::ActiveModel {
            version_id: Set(version_id),
            sent_on: Set(Some(sent_on?)),
            sent_text: Set(None),
            deadline: Set(Some(deadline?)),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        for p in &parties {
            consultation_recipient::ActiveModel {
                consultation_id: Set(row.id),
                party_id: Set(*p),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        let after = serde_json::json!({ "consultation": row, "recipients": parties });
        record(&txn, actor, "start_consultation", "agreement", agreement_id, None, Some(after)).await?;
        txn.commit().await?;
        Ok(row.id)
    }

    /// A party's answer to a consultation (*remissvar*): `party_id`, `answered_on`, `stance`,
    /// `text`. The party's editor or a process leader; an answer after the deadline counts (and
    /// shows as late). Answering again replaces the party's answer (both are on the history).
    pub async fn answer_consultation(&self, actor: &Actor, consultation_id: i32, mut input: Input) -> Written {
        let txn = crate::audit::begin_write(&self.db).await?;
        let c = consultation::Entity::find_by_id(consultation_id).one(&txn).await?.ok_or(WriteError::NotFound)?;
        let (_, agreement_id) = version_and_agreement(&txn, c.version_id).await?;
        let party_id = own_party(actor, &mut input)?;
        let answered_on = input.date("answered_on");
        let stance = input.kind("stance", Stance::parse);
        let text = input.optional_text("text", TEXT_MAX);
        if let Ok(p) = party_id {
            let recipient = consultation_recipient::Entity::find()
                .filter(consultation_recipient::Column::ConsultationId.eq(consultation_id))
                .filter(consultation_recipient::Column::PartyId.eq(p))
                .one(&txn)
                .await?;
            if recipient.is_none() {
                input.reject("party_id", "parten fick inte remissen");
            }
        }
        if let (Ok(d), Some(sent)) = (&answered_on, c.sent_on)
            && *d < sent
        {
            input.reject("answered_on", format!("remissen skickades {sent}; svaret kan inte vara före det"));
        }
        input.finish()?;
        let party_id = party_id?;
        let existing = consultation_answer::Entity::find()
            .filter(consultation_answer::Column::ConsultationId.eq(consultation_id))
            .filter(consultation_answer::Column::PartyId.eq(party_id))
            .one(&txn)
            .await?;
        let before = existing.as_ref().and_then(json);
        let mut row = match existing {
            Some(e) => e.into_active_model(),
            None => consultation_answer::ActiveModel {
                consultation_id: Set(consultation_id),
                party_id: Set(party_id),
                ..Default::default()
            },
        };
        row.answered_on = Set(answered_on?);
        row.stance = Set(stance?.code().to_owned());
        row.text = Set(text?);
        let row = row.save(&txn).await?;
        let row: consultation_answer::Model = row.try_into_model()?;
        record(&txn, actor, "answer_consultation", "agreement", agreement_id, before, json(&row)).await?;
        txn.commit().await?;
        Ok(row.id)
    }

    /// A recommendation to adopt (process leaders): `body_name`, `body_id`, `addressed_to`,
    /// `decided_on`, `outcome`.
    pub async fn add_recommendation(&self, actor: &Actor, version_id: i32, mut input: Input) -> Written {
        let txn = crate::audit::begin_write(&self.db).await?;
        let (_, agreement_id) = version_and_agreement(&txn, version_id).await?;
        permit(actor, Owned::Joint)?;
        let body_name = input.text("body_name", NAME_MAX);
        let body_id = input.optional_id("body_id");
        let addressed_to = input.kind("addressed_to", Addressee::parse);
        let (decided_on, decided_text) = day_or_words(&mut input, "decided_on", "decided_text");
        let outcome = input.kind("outcome", RecommendationOutcome::parse);
        must_exist::<body::Entity>(&txn, &mut input, "body_id", body_id.ok().flatten(), "organ").await?;
        input.finish()?;
        let row = recommendation::ActiveModel {
            version_id: Set(version_id),
            body_id: Set(body_id?),
            body_name: Set(body_name?),
            addressed_to: Set(addressed_to?.code().to_owned()),
            decided_on: Set(decided_on?),
            decided_text: Set(decided_text?),
            outcome: Set(outcome?.code().to_owned()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        record(&txn, actor, "recommend", "agreement", agreement_id, None, json(&row)).await?;
        txn.commit().await?;
        Ok(row.id)
    }

    /// A party's decision on a version: `party_id`, `deciding_body` (kommunfullmäktige,
    /// regionfullmäktige), `deciding_body_id`, `decided_on`, `paragraph`, `diary_number`,
    /// `outcome` (adopted, rejected, referred_back), `sent_to`. The party's editor or a process
    /// leader. A later decision stands over an earlier one; both stay on record.
    pub async fn record_decision(&self, actor: &Actor, version_id: i32, mut input: Input) -> Written {
        let txn = crate::audit::begin_write(&self.db).await?;
        let (version, agreement_id) = version_and_agreement(&txn, version_id).await?;
        let party_id = own_party(actor, &mut input)?;
        let deciding_body = input.text("deciding_body", NAME_MAX);
        let deciding_body_id = input.optional_id("deciding_body_id");
        let (decided_on, decided_text) = day_or_words(&mut input, "decided_on", "decided_text");
        let paragraph = input.optional_text("paragraph", 40);
        let diary_number = input.optional_text("diary_number", 60);
        let outcome = input.kind("outcome", DecisionOutcome::parse);
        let sent_to = input.optional_text("sent_to", TEXT_MAX);
        must_exist::<body::Entity>(&txn, &mut input, "deciding_body_id", deciding_body_id.ok().flatten(), "organ")
            .await?;
        if let (Ok(p), Ok(on)) = (party_id, decided_on) {
            let on = on.unwrap_or_else(|| chrono::Utc::now().date_naive());
            ensure_party_of_version(&txn, &mut input, &version, p, on).await?;
        }
        input.finish()?;
        let row = decision::ActiveModel {
            version_id: Set(version_id),
            party_id: Set(party_id?),
            deciding_body: Set(deciding_body?),
            deciding_body_id: Set(deciding_body_id?),
            decided_on: Set(decided_on?),
            decided_text: Set(decided_text?),
            paragraph: Set(paragraph?),
            diary_number: Set(diary_number?),
            outcome: Set(outcome?.code().to_owned()),
            sent_to: Set(sent_to?),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        record(&txn, actor, "decide", "agreement", agreement_id, None, json(&row)).await?;
        txn.commit().await?;
        Ok(row.id)
    }

    /// Every agreement with the status of its latest version on `on`, in Swedish title order.
    /// Kept per (data version, date): deriving the statuses reads every recipient and decision.
    pub async fn agreements(&self, on: NaiveDate) -> Result<Vec<AgreementSummary>, StoreError> {
        self.counts.derived(&self.db, format!("agreements {on}"), || self.agreements_uncached(on)).await
    }

    async fn agreements_uncached(&self, on: NaiveDate) -> Result<Vec<AgreementSummary>, StoreError> {
        let rows = agreement::Entity::find()
            .order_by_asc(agreement::Column::SortKey)
            .order_by_asc(agreement::Column::Id)
            .all(&self.db)
            .await?;
        let ids: Vec<i32> = rows.iter().map(|a| a.id).collect();
        let versions = agreement_version::Entity::find()
            .filter(agreement_version::Column::AgreementId.is_in(ids))
            .order_by_desc(agreement_version::Column::Id)
            .all(&self.db)
            .await?;
        // The latest version of each: the one added last.
        let mut latest: HashMap<i32, agreement_version::Model> = HashMap::new();
        for v in versions {
            latest.entry(v.agreement_id).or_insert(v);
        }
        let latest_list: Vec<agreement_version::Model> = latest.values().cloned().collect();
        let facts = facts_of(&self.db, &latest_list, on).await?;
        self.summaries(rows, &latest, &facts, on).await
    }

    /// The agreements as listed, given the latest version of each (by agreement id) and the
    /// facts of those versions.
    async fn summaries(
        &self,
        rows: Vec<agreement::Model>,
        latest: &HashMap<i32, agreement_version::Model>,
        facts: &FactsByVersion,
        on: NaiveDate,
    ) -> Result<Vec<AgreementSummary>, StoreError> {
        let ids: Vec<i32> = rows.iter().map(|a| a.id).collect();
        let groups = agreement_target_group::Entity::find()
            .filter(agreement_target_group::Column::AgreementId.is_in(ids))
            .all(&self.db)
            .await?;
        let bodies = body::Entity::find()
            .filter(body::Column::Id.is_in(unique(rows.iter().filter_map(|a| a.consultative_group_id))))
            .all(&self.db)
            .await?;
        let mut out = Vec::new();
        for a in rows {
            let mut target_groups = Vec::new();
            for g in groups.iter().filter(|g| g.agreement_id == a.id) {
                target_groups.push(TargetGroup::parse(&g.target_group).map_err(corrupt)?);
            }
            target_groups.sort();
            let version = latest.get(&a.id);
            out.push(AgreementSummary {
                id: a.id,
                title: a.title,
                short_name: a.short_name,
                kind: AgreementKind::parse(&a.kind).map_err(corrupt)?,
                consultative_group: a
                    .consultative_group_id
                    .and_then(|g| bodies.iter().find(|b| b.id == g))
                    .map(|b| crate::Ref { id: b.id, name: b.name.clone() }),
                target_groups,
                summary: a.summary,
                latest_version: version.map(|v| v.number.clone()),
                status: version.and_then(|v| facts.get(&v.id)).map(|(f, _)| AgreementStatus::of(f, on)),
            });
        }
        Ok(out)
    }

    /// The answers, recommendations and decisions of each version, with the parties' names.
    async fn process_records(
        &self,
        versions: &[agreement_version::Model],
        facts: &FactsByVersion,
    ) -> Result<HashMap<i32, ProcessRecords>, StoreError> {
        let ids: Vec<i32> = versions.iter().map(|v| v.id).collect();
        let consultations: Vec<(i32, i32, Option<NaiveDate>)> =
            facts.iter().filter_map(|(v, (_, c))| c.as_ref().map(|c| (*v, c.id, c.deadline))).collect();
        let answers = consultation_answer::Entity::find()
            .filter(consultation_answer::Column::ConsultationId.is_in(consultations.iter().map(|c| c.1)))
            .all(&self.db)
            .await?;
        let recommendations = recommendation::Entity::find()
            .filter(recommendation::Column::VersionId.is_in(ids.clone()))
            .order_by_asc(recommendation::Column::DecidedOn)
            .all(&self.db)
            .await?;
        let decisions = decision::Entity::find()
            .filter(decision::Column::VersionId.is_in(ids))
            .order_by_asc(decision::Column::DecidedOn)
            .order_by_asc(decision::Column::Id)
            .all(&self.db)
            .await?;
        let party_ids = unique(answers.iter().map(|a| a.party_id).chain(decisions.iter().map(|d| d.party_id)));
        let mut answers_of: HashMap<i32, Vec<consultation_answer::Model>> = HashMap::new();
        for a in answers {
            answers_of.entry(a.consultation_id).or_default().push(a);
        }
        let parties: HashMap<i32, (String, String)> = party::Entity::find()
            .select_only()
            .columns([party::Column::Id, party::Column::Name, party::Column::SortKey])
            .filter(party::Column::Id.is_in(party_ids))
            .into_tuple::<(i32, String, String)>()
            .all(&self.db)
            .await?
            .into_iter()
            .map(|(id, name, sort_key)| (id, (name, sort_key)))
            .collect();
        let party_ref = |id: i32| -> Result<(String, crate::Ref), StoreError> {
            let (name, sort_key) = parties.get(&id).ok_or_else(|| corrupt(format!("no party {id}")))?;
            Ok((sort_key.clone(), crate::Ref { id, name: name.clone() }))
        };
        let mut out: HashMap<i32, ProcessRecords> = HashMap::new();
        for (version_id, consultation_id, deadline) in consultations {
            let mut list = Vec::new();
            for a in answers_of.remove(&consultation_id).unwrap_or_default() {
                let (key, party) = party_ref(a.party_id)?;
                let answer = Answer {
                    party,
                    answered_on: a.answered_on,
                    stance: Stance::parse(&a.stance).map_err(corrupt)?,
                    text: a.text,
                    late: samverkan_domain::agreement::answer_is_late(deadline, a.answered_on),
                };
                list.push((key, answer));
            }
            list.sort_by(|a, b| a.0.cmp(&b.0));
            out.entry(version_id).or_default().0 = list.into_iter().map(|(_, a)| a).collect();
        }
        for r in recommendations {
            out.entry(r.version_id).or_default().1.push(RecommendationRecord {
                body_name: r.body_name,
                addressed_to: Addressee::parse(&r.addressed_to).map_err(corrupt)?,
                decided_on: r.decided_on,
                decided_text: r.decided_text,
                outcome: RecommendationOutcome::parse(&r.outcome).map_err(corrupt)?,
            });
        }
        for d in decisions {
            let (_, party) = party_ref(d.party_id)?;
            out.entry(d.version_id).or_default().2.push(DecisionRecord {
                id: d.id,
                party,
                deciding_body: d.deciding_body,
                decided_on: d.decided_on,
                decided_text: d.decided_text,
                paragraph: d.paragraph,
                diary_number: d.diary_number,
                outcome: DecisionOutcome::parse(&d.outcome).map_err(corrupt)?,
                sent_to: d.sent_to,
            });
        }
        Ok(out)
    }

    /// One agreement with its versions (newest first), relations and each version's status on `on`.
    /// Kept per (data version, id, date), as the list is: its pages show every party's row.
    pub async fn agreement(&self, id: i32, on: NaiveDate) -> Result<Option<AgreementDetail>, StoreError> {
        self.counts.derived(&self.db, format!("agreement {id} {on}"), || self.agreement_uncached(id, on)).await
    }

    async fn agreement_uncached(&self, id: i32, on: NaiveDate) -> Result<Option<AgreementDetail>, StoreError> {
        let Some(a) = agreement::Entity::find_by_id(id).one(&self.db).await? else {
            return Ok(None);
        };
        let parent_id = a.parent_id;
        let (implementation, follow_up, digital_support, review_date) =
            (a.implementation.clone(), a.follow_up.clone(), a.digital_support.clone(), a.review_date);
        let versions = agreement_version::Entity::find()
            .filter(agreement_version::Column::AgreementId.eq(id))
            .order_by_desc(agreement_version::Column::Id)
            .all(&self.db)
            .await?;
        let facts = facts_of(&self.db, &versions, on).await?;
        // The latest version (added last) is the summary's, with the facts just read.
        let latest: HashMap<i32, agreement_version::Model> =
            versions.first().map(|v| (id, v.clone())).into_iter().collect();
        let summary = self
            .summaries(vec![a], &latest, &facts, on)
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| corrupt("agreement vanished"))?;
        let relations = agreement_relation::Entity::find()
            .filter(
                sea_orm::Condition::any()
                    .add(agreement_relation::Column::AgreementId.eq(id))
                    .add(agreement_relation::Column::RelatedId.eq(id)),
            )
            .all(&self.db)
            .await?;
        let other_ids =
            unique(relations.iter().flat_map(|r| [r.agreement_id, r.related_id]).chain(parent_id).filter(|x| *x != id));
        let others = agreement::Entity::find().filter(agreement::Column::Id.is_in(other_ids)).all(&self.db).await?;
        let name_of =
            |other: i32| others.iter().find(|o| o.id == other).map(|o| crate::Ref { id: o.id, name: o.title.clone() });
        let mut outgoing = Vec::new();
        let mut incoming = Vec::new();
        for r in &relations {
            let kind = RelationKind::parse(&r.kind).map_err(corrupt)?;
            if r.agreement_id == id {
                outgoing.extend(name_of(r.related_id).map(|o| (kind, o)));
            } else {
                incoming.extend(name_of(r.agreement_id).map(|o| (kind, o)));
            }
        }
        let records = self.process_records(&versions, &facts).await?;
        let versions = versions
            .into_iter()
            .map(|v| {
                let (f, c) = facts.get(&v.id).cloned().unwrap_or_default();
                let (answers, recommendations, decisions) = records.get(&v.id).cloned().unwrap_or_default();
                Version {
                    id: v.id,
                    number: v.number,
                    date: v.date,
                    date_text: v.date_text,
                    change_summary: v.change_summary,
                    earliest_start: v.earliest_start,
                    valid_to: v.valid_to,
                    consultation: c,
                    answers,
                    recommendations,
                    decisions,
                    status: AgreementStatus::of(&f, on),
                }
            })
            .collect();
        Ok(Some(AgreementDetail {
            summary,
            parent: parent_id.and_then(name_of),
            implementation,
            follow_up,
            digital_support,
            review_date,
            relations: outgoing,
            related_from: incoming,
            versions,
        }))
    }
}

//! Reading agreements: the list with each latest version's status, and one agreement whole
//! with its versions, relations and each version's answers, recommendations and decisions.
//! Both are kept per data version and date ([`crate::cache`]).

use std::collections::HashMap;

use chrono::NaiveDate;
use samverkan_domain::agreement::{
    Addressee, AgreementKind, DecisionOutcome, RecommendationOutcome, RelationKind, Stance, TargetGroup,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::agreements::facts::{AgreementStatus, ConsultationRecord, FactsByVersion, facts_of};
use crate::agreements::withdrawals::{WithdrawalRecord, record, withdrawals_of};
use crate::entity::{
    agreement, agreement_party, agreement_relation, agreement_source, agreement_target_group, agreement_version, body,
    consultation_answer, decision, party, proposal, recommendation,
};
use crate::error::StoreError;
use crate::read::{Ref, corrupt, unique};
use crate::store::Store;

/// An agreement as listed: its registry facts and the status of its latest version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementSummary {
    pub id: i32,
    pub title: String,
    pub short_name: Option<String>,
    pub kind: AgreementKind,
    pub consultative_group: Option<Ref>,
    pub target_groups: Vec<TargetGroup>,
    pub summary: Option<String>,
    pub latest_version: Option<String>,
    /// `None` while the agreement has no version.
    pub status: Option<AgreementStatus>,
}

/// A party's answer to a consultation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub id: i32,
    pub party: Ref,
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
    pub party: Ref,
    pub deciding_body: String,
    pub decided_on: Option<NaiveDate>,
    /// When the sources give no day ("våren 2022").
    pub decided_text: Option<String>,
    pub paragraph: Option<String>,
    pub diary_number: Option<String>,
    pub outcome: DecisionOutcome,
    pub sent_to: Option<String>,
    /// Its time as an interval: the day, or the days its words stand for.
    pub when: samverkan_domain::when::Span,
}

/// A recommendation to adopt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecommendationRecord {
    pub id: i32,
    pub body_name: String,
    pub addressed_to: Addressee,
    pub decided_on: Option<NaiveDate>,
    pub decided_text: Option<String>,
    pub outcome: RecommendationOutcome,
}

/// A proposal of a version put to a body before it is recommended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposalRecord {
    /// The body that put it forward.
    pub body: NamedBody,
    /// The body it was put to.
    pub to: NamedBody,
    pub proposed_on: Option<NaiveDate>,
    /// When the sources give no day ("september 2021").
    pub proposed_text: Option<String>,
}

/// A body as a step of the process names it, and its id when it is in the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedBody {
    pub name: String,
    pub id: Option<i32>,
}

/// A document an agreement's facts rest on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceDocument {
    pub title: String,
    /// What it is and who issued it.
    pub detail: Option<String>,
    /// Its public page; `None` when the sources give no address (none is guessed).
    pub url: Option<String>,
}

/// A relation between two agreements, as one of them sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    pub id: i32,
    pub kind: RelationKind,
    /// The other agreement.
    pub other: Ref,
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
    /// Proposals put to a body before the recommendations, in the order of their times.
    pub proposals: Vec<ProposalRecord>,
    pub recommendations: Vec<RecommendationRecord>,
    /// Every decision recorded, oldest first (a later one stands over an earlier one).
    pub decisions: Vec<DecisionRecord>,
    /// The parties' withdrawals (*uppsägning*), in the order recorded (a party's later one
    /// stands over its earlier).
    pub withdrawals: Vec<WithdrawalRecord>,
    pub status: AgreementStatus,
}

/// One agreement, whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementDetail {
    pub summary: AgreementSummary,
    pub parent: Option<Ref>,
    pub implementation: Option<String>,
    pub follow_up: Option<String>,
    pub digital_support: Option<String>,
    pub review_date: Option<NaiveDate>,
    /// Relations from this agreement to others, and from others to this one.
    pub relations: Vec<Relation>,
    pub related_from: Vec<Relation>,
    /// Newest first.
    pub versions: Vec<Version>,
    /// The parties that must adopt its versions, its own list (ids); empty when it lists none,
    /// and every party valid on the date must.
    pub parties: Vec<i32>,
    /// The documents its facts rest on, in the order recorded.
    pub sources: Vec<SourceDocument>,
}

/// A version's answers, recommendations, decisions, withdrawals and proposals.
type ProcessRecords =
    (Vec<Answer>, Vec<RecommendationRecord>, Vec<DecisionRecord>, Vec<WithdrawalRecord>, Vec<ProposalRecord>);

impl Store {
    /// Every agreement with the status of its latest version on `on`, in Swedish title order.
    /// Kept per (data version, date): deriving the statuses reads every recipient and decision.
    pub async fn agreements(&self, on: NaiveDate) -> Result<Vec<AgreementSummary>, StoreError> {
        self.counts.derived(&self.db, "agreements", on.to_string(), || self.agreements_uncached(on)).await
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
                    .map(|b| Ref { id: b.id, name: b.name.clone() }),
                target_groups,
                summary: a.summary,
                latest_version: version.map(|v| v.number.clone()),
                status: version.and_then(|v| facts.get(&v.id)).map(|(f, _)| AgreementStatus::of(f, on)),
            });
        }
        Ok(out)
    }

    /// The answers, recommendations, decisions, withdrawals and proposals of each version, with the
    /// parties' names.
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
        let mut proposals = proposal::Entity::find()
            .filter(proposal::Column::VersionId.is_in(ids.clone()))
            .order_by_asc(proposal::Column::Id)
            .all(&self.db)
            .await?;
        // By their times' intervals, in Rust: the databases disagree on where NULL sorts.
        proposals.sort_by_key(|p| (p.proposed_first.or(p.proposed_on), p.id));
        let decisions = decision::Entity::find()
            .filter(decision::Column::VersionId.is_in(ids.clone()))
            .order_by_asc(decision::Column::DecidedOn)
            .order_by_asc(decision::Column::Id)
            .all(&self.db)
            .await?;
        let withdrawals = withdrawals_of(&self.db, &ids).await?;
        let party_ids = unique(
            answers
                .iter()
                .map(|a| a.party_id)
                .chain(decisions.iter().map(|d| d.party_id))
                .chain(withdrawals.values().flatten().map(|w| w.party_id)),
        );
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
        let party_ref = |id: i32| -> Result<(String, Ref), StoreError> {
            let (name, sort_key) = parties.get(&id).ok_or_else(|| corrupt(format!("no party {id}")))?;
            Ok((sort_key.clone(), Ref { id, name: name.clone() }))
        };
        let mut out: HashMap<i32, ProcessRecords> = HashMap::new();
        for (version_id, consultation_id, deadline) in consultations {
            let mut list = Vec::new();
            for a in answers_of.remove(&consultation_id).unwrap_or_default() {
                let (key, party) = party_ref(a.party_id)?;
                let answer = Answer {
                    id: a.id,
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
                id: r.id,
                body_name: r.body_name,
                addressed_to: Addressee::parse(&r.addressed_to).map_err(corrupt)?,
                decided_on: r.decided_on,
                decided_text: r.decided_text,
                outcome: RecommendationOutcome::parse(&r.outcome).map_err(corrupt)?,
            });
        }
        for p in proposals {
            out.entry(p.version_id).or_default().4.push(ProposalRecord {
                body: NamedBody { name: p.body_name, id: p.body_id },
                to: NamedBody { name: p.to_body_name, id: p.to_body_id },
                proposed_on: p.proposed_on,
                proposed_text: p.proposed_text,
            });
        }
        for d in decisions {
            let (_, party) = party_ref(d.party_id)?;
            let when = samverkan_domain::when::span_of(
                (d.decided_first, d.decided_last),
                d.decided_on,
                d.decided_text.as_deref(),
            )
            .unwrap_or(samverkan_domain::when::Span::day(NaiveDate::MIN));
            out.entry(d.version_id).or_default().2.push(DecisionRecord {
                when,
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
        for (version_id, rows) in withdrawals {
            for w in rows {
                let (_, party) = party_ref(w.party_id)?;
                out.entry(version_id).or_default().3.push(record(w, party));
            }
        }
        Ok(out)
    }

    /// One agreement with its versions (newest first), relations and each version's status on `on`.
    /// Kept per (data version, id, date), as the list is: its pages show every party's row.
    pub async fn agreement(&self, id: i32, on: NaiveDate) -> Result<Option<AgreementDetail>, StoreError> {
        self.counts.derived(&self.db, "agreement", format!("{id} {on}"), || self.agreement_uncached(id, on)).await
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
        let parties: Vec<i32> = agreement_party::Entity::find()
            .select_only()
            .column(agreement_party::Column::PartyId)
            .filter(agreement_party::Column::AgreementId.eq(id))
            .order_by_asc(agreement_party::Column::Id)
            .into_tuple()
            .all(&self.db)
            .await?;
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
            |other: i32| others.iter().find(|o| o.id == other).map(|o| Ref { id: o.id, name: o.title.clone() });
        let mut outgoing = Vec::new();
        let mut incoming = Vec::new();
        for r in &relations {
            let kind = RelationKind::parse(&r.kind).map_err(corrupt)?;
            let relation = |other| Relation { id: r.id, kind, other };
            if r.agreement_id == id {
                outgoing.extend(name_of(r.related_id).map(relation));
            } else {
                incoming.extend(name_of(r.agreement_id).map(relation));
            }
        }
        let records = self.process_records(&versions, &facts).await?;
        let sources = agreement_source::Entity::find()
            .filter(agreement_source::Column::AgreementId.eq(id))
            .order_by_asc(agreement_source::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|s| SourceDocument { title: s.title, detail: s.detail, url: s.url })
            .collect();
        let versions = versions
            .into_iter()
            .map(|v| {
                let (f, c) = facts.get(&v.id).cloned().unwrap_or_default();
                let (answers, recommendations, decisions, withdrawals, proposals) =
                    records.get(&v.id).cloned().unwrap_or_default();
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
                    proposals,
                    recommendations,
                    decisions,
                    withdrawals,
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
            parties,
            sources,
        }))
    }
}

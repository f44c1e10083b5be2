//! Where a version of an agreement stands on a date, derived from the facts of its process
//! alone, never stored (see the parent module for the rule of entry into force).
//!
//! Every fact's time is an interval ([`Span`]): a day, or the days a time in words stands for
//! ("våren 2022", [`crate::when`]). A fact counts once the date asked about is past its interval
//! (on its last day or later); while the date lies inside it, the fact may have happened, and
//! [`under_way`] says so ("antas under våren 2022").
//!
//! A version is replaced from the day its successor comes into force ([`replacement`]); a party
//! that withdraws leaves it from a day, and the version stays in force for the others
//! ([`parties_on`]; see [`crate::agreement::succession`]).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::agreement::DecisionOutcome;
use crate::agreement::succession::{Replacement, Successor, Withdrawal, left_by};
use crate::edit::FieldError;
use crate::when::{Seen, Span, words_of};

/// One party's decision on a version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    pub party_id: i32,
    /// When it was made: a day, or the interval of a time in words ("våren 2022").
    pub when: Span,
    pub outcome: DecisionOutcome,
}

/// The facts of one version's process that its state follows from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VersionFacts {
    /// The parties that must adopt: the agreement's own list of parties (all 27 by default), not
    /// its consultation's recipients.
    pub parties: Vec<i32>,
    /// When the consultation was sent (unknown: then it is a past fact) and its deadline, if
    /// there was one.
    pub consultation: Option<(Option<Span>, Option<NaiveDate>)>,
    /// When recommendations to adopt were made (Storsthlm's board, HSN).
    pub recommended: Vec<Span>,
    pub decisions: Vec<Decision>,
    /// The earliest day the version may apply (HÖK: 2022-07-01).
    pub earliest_start: Option<NaiveDate>,
    /// When it came into force, as the sources tell it ("september 2022"), when they do: it
    /// stands over the day the rule gives.
    pub in_force: Option<Span>,
    /// The last day the version applies, if it is limited.
    pub valid_to: Option<NaiveDate>,
    /// What replaces it, and when, as far as the decisions made by the date asked about tell
    /// ([`replacement`]).
    pub replaced: Option<Replacement>,
    /// The parties' withdrawals (*uppsägning*), in the order recorded.
    pub withdrawals: Vec<Withdrawal>,
    /// The version's process predates the platform and is not on record (reference data): with
    /// no facts at all its state is [`AgreementState::NotRecorded`], not a draft.
    pub process_unrecorded: bool,
}

/// Where a version stands on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum AgreementState {
    /// Written, not yet sent anywhere.
    Draft,
    /// A version whose consultation, recommendation and decisions are not on record.
    NotRecorded,
    /// Out on consultation; answers are due by `deadline`.
    OnConsultation { deadline: NaiveDate },
    /// Consultation over (or none), no recommendation yet.
    Consulted,
    /// Recommended to the parties; no party has decided yet.
    Recommended,
    /// Some parties have adopted (`adopted` of `parties`), none stands rejected.
    BeingAdopted { adopted: usize, parties: usize },
    /// Every party has adopted; it applies from `from`, or from the time in words `from_text`
    /// ("september 2022"), which has not yet passed.
    Adopted { from: Option<NaiveDate>, from_text: Option<String> },
    /// Every party has adopted and it applies: from `from`, or from the time in words
    /// `from_text` when the sources give no day; neither when no time is known.
    InForce { from: Option<NaiveDate>, from_text: Option<String> },
    /// One or more parties' latest decision is a rejection; blocks until they decide again.
    Rejected { by: Vec<i32> },
    /// Applied until `on`, and no longer.
    Expired { on: NaiveDate },
    /// Replaced by `by`, which came into force on `from`, or at the time in words `from_text`
    /// (which has passed).
    Replaced { from: Option<NaiveDate>, from_text: Option<String>, by: Successor },
}

impl AgreementState {
    /// The state's code, as the API gives it in `status.state`.
    pub fn code(&self) -> &'static str {
        match self {
            AgreementState::Draft => "draft",
            AgreementState::NotRecorded => "not_recorded",
            AgreementState::OnConsultation { .. } => "on_consultation",
            AgreementState::Consulted => "consulted",
            AgreementState::Recommended => "recommended",
            AgreementState::BeingAdopted { .. } => "being_adopted",
            AgreementState::Adopted { .. } => "adopted",
            AgreementState::InForce { .. } => "in_force",
            AgreementState::Rejected { .. } => "rejected",
            AgreementState::Expired { .. } => "expired",
            AgreementState::Replaced { .. } => "replaced",
        }
    }

    /// In Swedish, for people.
    pub fn label(&self) -> String {
        match self {
            AgreementState::Draft => "Utkast".to_owned(),
            AgreementState::NotRecorded => "Beslutsprocessen är inte registrerad".to_owned(),
            AgreementState::OnConsultation { deadline } => format!("På remiss till {deadline}"),
            AgreementState::Consulted => "Remissen avslutad".to_owned(),
            AgreementState::Recommended => "Rekommenderad".to_owned(),
            AgreementState::BeingAdopted { adopted, parties } => format!("Antagen av {adopted} av {parties} parter"),
            AgreementState::Adopted { from: Some(from), .. } => format!("Antagen av alla parter; gäller från {from}"),
            AgreementState::Adopted { from: None, from_text: Some(words) } => {
                format!("Antagen av alla parter; börjar gälla {words}")
            }
            AgreementState::Adopted { from: None, from_text: None } => "Antagen av alla parter".to_owned(),
            AgreementState::InForce { from: Some(from), .. } => format!("Gäller från {from}"),
            AgreementState::InForce { from: None, from_text: Some(words) } => format!("Gäller från {words}"),
            AgreementState::InForce { from: None, from_text: None } => "Gäller (antagen av alla parter)".to_owned(),
            AgreementState::Rejected { by } => {
                format!("Avslagen av {} {}", by.len(), if by.len() == 1 { "part" } else { "parter" })
            }
            AgreementState::Expired { on } => format!("Upphörde {on}"),
            AgreementState::Replaced { from, from_text, by } => {
                let when = from.map(|d| d.to_string()).or_else(|| from_text.clone());
                format!("Ersatt av {}{}", by.name(), when.map_or_else(String::new, |w| format!(" från {w}")))
            }
        }
    }
}

/// Each party's decision that counts on `on`: its latest adoption or rejection made by then
/// (a referral back is not a decision, so it neither adopts nor undoes a rejection). Of two,
/// the one whose interval ends later stands; of two alike, the one recorded later.
pub fn standing_decisions(decisions: &[Decision], on: NaiveDate) -> BTreeMap<i32, Decision> {
    let mut standing: BTreeMap<i32, Decision> = BTreeMap::new();
    let made = |d: &&Decision| d.when.done_by(on);
    let key = |d: &Decision| (d.when.last, d.when.first);
    for d in decisions.iter().filter(made).filter(|d| d.outcome != DecisionOutcome::ReferredBack) {
        match standing.get(&d.party_id) {
            Some(prev) if key(prev) > key(d) => {}
            _ => {
                standing.insert(d.party_id, *d);
            }
        }
    }
    standing
}

/// The parties that must adopt on `on`: the version's, but those that have withdrawn and left
/// by then.
pub fn parties_on(facts: &VersionFacts, on: NaiveDate) -> Vec<i32> {
    let left = left_by(&facts.withdrawals, on);
    facts.parties.iter().copied().filter(|p| !left.contains_key(p)).collect()
}

/// Whether every one of `parties` stands adopted on `on`.
fn adopted_by(facts: &VersionFacts, parties: &[i32], on: NaiveDate) -> bool {
    let standing = standing_decisions(&facts.decisions, on);
    !parties.is_empty()
        && parties.iter().all(|p| standing.get(p).is_some_and(|d| d.outcome == DecisionOutcome::Adopted))
}

/// Whether every party that must adopt on `on` stands adopted.
fn adopted_by_all(facts: &VersionFacts, on: NaiveDate) -> bool {
    adopted_by(facts, &parties_on(facts, on), on)
}

/// When a version comes into force, as far as the decisions made by `on` tell: the time the
/// sources give, when they give one; else the later of its earliest start and the last
/// adoption (an interval when that adoption's day is not known). `None` while a party has not
/// adopted (or stands rejected).
pub fn in_force_time(facts: &VersionFacts, on: NaiveDate) -> Option<Span> {
    in_force_among(facts, &parties_on(facts, on), on)
}

/// [`in_force_time`], `parties` being those that must adopt. The last adoption is of every
/// party of the version, those that have left since included: leaving does not move the day
/// the version came into force.
fn in_force_among(facts: &VersionFacts, parties: &[i32], on: NaiveDate) -> Option<Span> {
    if !adopted_by(facts, parties, on) {
        return None;
    }
    if let Some(recorded) = facts.in_force {
        return Some(recorded);
    }
    let standing = standing_decisions(&facts.decisions, on);
    let last = facts
        .parties
        .iter()
        .filter_map(|p| standing.get(p))
        .filter(|d| d.outcome == DecisionOutcome::Adopted)
        .map(|d| d.when)
        .max_by_key(|s| (s.last, s.first))?;
    Some(match facts.earliest_start {
        Some(start) => Span { first: last.first.max(start), last: last.last.max(start) },
        None => last,
    })
}

/// The day a version comes into force, when it is a day (see [`in_force_time`]).
pub fn in_force_from(facts: &VersionFacts, on: NaiveDate) -> Option<NaiveDate> {
    in_force_time(facts, on).filter(Span::is_day).map(|s| s.first)
}

/// A time as the state tells it: the day, or the interval in words.
fn day_or_words(span: Span) -> (Option<NaiveDate>, Option<String>) {
    if span.is_day() { (Some(span.first), None) } else { (None, Some(words_of(span))) }
}

/// What replaces a version, as the decisions made by `on` tell: of `candidates` (its
/// agreement's later versions and the versions of agreements that "ersätter" its own, each with
/// its facts), the one that comes or came into force first, and when. `None` while no candidate
/// has been adopted by all its parties. A successor's parties that have left it since do not
/// undo the replacement.
pub fn replacement(candidates: &[(Successor, &VersionFacts)], on: NaiveDate) -> Option<Replacement> {
    candidates
        .iter()
        .filter_map(|(by, f)| in_force_among(f, &f.parties, on).map(|when| Replacement { by: by.clone(), when }))
        .min_by_key(|r| (r.when.last, r.when.first, r.by.version_id))
}

/// A party may withdraw (*uppsägning*) only from a version in force on the day it leaves from
/// (`leaves_on`, the field told), the facts as they stand that day, its own earlier withdrawals
/// aside (a new decision stands over them).
pub fn check_withdrawal(facts: &VersionFacts, party_id: i32, leaves_on: NaiveDate) -> Result<(), FieldError> {
    let others = facts.withdrawals.iter().filter(|w| w.party_id != party_id).copied().collect();
    match state_on(&VersionFacts { withdrawals: others, ..facts.clone() }, leaves_on) {
        AgreementState::InForce { .. } => Ok(()),
        state => Err(FieldError::new(
            "leaves_on",
            format!(
                "versionen gäller inte {leaves_on} (status den dagen: {}); en part kan bara säga upp en \
                 överenskommelse som gäller",
                state.label()
            ),
        )),
    }
}

/// The version's state on `on`, from its facts alone.
pub fn state_on(facts: &VersionFacts, on: NaiveDate) -> AgreementState {
    if let Some(r) = facts.replaced.as_ref().filter(|r| r.when.done_by(on)) {
        let (from, from_text) = day_or_words(r.when);
        return AgreementState::Replaced { from, from_text, by: r.by.clone() };
    }
    let parties = parties_on(facts, on);
    // Every party has left it: it applied until the day before the last one left.
    if parties.is_empty()
        && let Some(last) = left_by(&facts.withdrawals, on).into_values().max().and_then(|d| d.pred_opt())
    {
        return AgreementState::Expired { on: last };
    }
    if adopted_by_all(facts, on) {
        if let Some(to) = facts.valid_to.filter(|to| *to < on) {
            return AgreementState::Expired { on: to };
        }
        return match in_force_time(facts, on) {
            Some(t) if !t.done_by(on) => {
                let (from, from_text) = day_or_words(t);
                AgreementState::Adopted { from, from_text }
            }
            Some(t) => {
                let (from, from_text) = day_or_words(t);
                AgreementState::InForce { from, from_text }
            }
            None => AgreementState::InForce { from: None, from_text: None },
        };
    }
    let standing = standing_decisions(&facts.decisions, on);
    let rejected: Vec<i32> = parties
        .iter()
        .copied()
        .filter(|p| standing.get(p).is_some_and(|d| d.outcome == DecisionOutcome::Rejected))
        .collect();
    if !rejected.is_empty() {
        return AgreementState::Rejected { by: rejected };
    }
    let adopted = parties.iter().filter(|p| standing.contains_key(p)).count();
    if adopted > 0 {
        return AgreementState::BeingAdopted { adopted, parties: parties.len() };
    }
    if facts.recommended.iter().any(|s| s.done_by(on)) {
        return AgreementState::Recommended;
    }
    if facts.process_unrecorded && facts.consultation.is_none() && facts.decisions.is_empty() {
        return AgreementState::NotRecorded;
    }
    match facts.consultation {
        Some((Some(sent), _)) if !sent.done_by(on) => AgreementState::Draft,
        Some((_, Some(deadline))) if on <= deadline => AgreementState::OnConsultation { deadline },
        Some(_) => AgreementState::Consulted,
        None => AgreementState::Draft,
    }
}

/// What may be happening on `on` without being known to have happened, in Swedish, for the
/// pages to say beside the state: a step whose time in words `on` lies inside ("antas under
/// våren 2022", "börjar gälla under september 2022"). The step furthest on in the process.
pub fn under_way(facts: &VersionFacts, on: NaiveDate) -> Option<String> {
    let during = |s: &Span| s.seen_on(on) == Seen::During;
    if let Some(r) = &facts.replaced {
        match r.when.seen_on(on) {
            Seen::After => return None,
            Seen::During => return Some(format!("ersätts under {}", words_of(r.when))),
            Seen::Before => {}
        }
    }
    if adopted_by_all(facts, on) {
        return in_force_time(facts, on).filter(during).map(|t| format!("börjar gälla under {}", words_of(t)));
    }
    let standing = standing_decisions(&facts.decisions, on);
    let pending: Vec<&Decision> = facts
        .decisions
        .iter()
        .filter(|d| facts.parties.contains(&d.party_id) && d.outcome != DecisionOutcome::ReferredBack)
        .filter(|d| during(&d.when) && standing.get(&d.party_id).is_none_or(|s| s.when.last < d.when.last))
        .collect();
    if let Some(latest) = pending.iter().map(|d| d.when).max_by_key(|s| (s.last, s.first)) {
        let verb = if pending.iter().all(|d| d.outcome == DecisionOutcome::Adopted) { "antas" } else { "beslutas" };
        return Some(format!("{verb} under {}", words_of(latest)));
    }
    if !facts.recommended.iter().any(|s| s.done_by(on))
        && let Some(r) = facts.recommended.iter().find(|s| during(s))
    {
        return Some(format!("rekommenderas under {}", words_of(*r)));
    }
    match facts.consultation {
        Some((Some(sent), _)) if during(&sent) => Some(format!("skickas på remiss under {}", words_of(sent))),
        _ => None,
    }
}

#[cfg(test)]
mod succession_tests;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agreement::Stance;
    use crate::when::read_words;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn words(s: &str) -> Span {
        read_words(s).unwrap().span
    }

    fn adopted(party_id: i32, date: &str) -> Decision {
        Decision { party_id, when: Span::day(d(date)), outcome: DecisionOutcome::Adopted }
    }

    /// HÖK's shape: 27 parties, consultation in 2021, recommended 2021-10-14, earliest start
    /// 2022-07-01.
    fn hok(last_adoption: &str) -> VersionFacts {
        let mut decisions: Vec<Decision> = (1..=26).map(|p| adopted(p, "2022-03-15")).collect();
        decisions.push(adopted(27, last_adoption));
        VersionFacts {
            parties: (1..=27).collect(),
            consultation: Some((Some(Span::day(d("2021-05-01"))), Some(d("2021-06-30")))),
            recommended: vec![Span::day(d("2021-10-14"))],
            decisions,
            earliest_start: Some(d("2022-07-01")),
            ..Default::default()
        }
    }

    #[test]
    fn hok_applies_from_the_later_of_its_start_and_the_last_adoption() {
        assert_eq!(in_force_from(&hok("2022-06-15"), d("2023-01-01")), Some(d("2022-07-01")));
        assert_eq!(in_force_from(&hok("2022-08-30"), d("2023-01-01")), Some(d("2022-08-30")));
        assert_eq!(
            state_on(&hok("2022-08-30"), d("2023-01-01")),
            AgreementState::InForce { from: Some(d("2022-08-30")), from_text: None }
        );
        // Before the last party decided, 26 of 27 had adopted.
        assert_eq!(
            state_on(&hok("2022-08-30"), d("2022-07-15")),
            AgreementState::BeingAdopted { adopted: 26, parties: 27 }
        );
        // Every party adopted by June: adopted, in force from July 1st, not before.
        assert_eq!(
            state_on(&hok("2022-06-15"), d("2022-06-20")),
            AgreementState::Adopted { from: Some(d("2022-07-01")), from_text: None }
        );
        assert_eq!(
            state_on(&hok("2022-06-15"), d("2022-07-01")),
            AgreementState::InForce { from: Some(d("2022-07-01")), from_text: None }
        );
    }

    #[test]
    fn the_process_steps_show_in_order() {
        let mut facts = hok("2022-08-30");
        facts.decisions.clear();
        assert_eq!(state_on(&facts, d("2021-04-01")), AgreementState::Draft);
        assert_eq!(state_on(&facts, d("2021-06-30")), AgreementState::OnConsultation { deadline: d("2021-06-30") });
        assert_eq!(state_on(&facts, d("2021-07-01")), AgreementState::Consulted);
        assert_eq!(state_on(&facts, d("2021-10-14")), AgreementState::Recommended);
    }

    #[test]
    fn a_rejection_blocks_until_the_party_decides_again() {
        let mut facts = hok("2022-05-01");
        facts.decisions.retain(|x| x.party_id != 5);
        facts.decisions.push(Decision {
            party_id: 5,
            when: Span::day(d("2022-04-01")),
            outcome: DecisionOutcome::Rejected,
        });
        assert_eq!(state_on(&facts, d("2022-09-01")), AgreementState::Rejected { by: vec![5] });
        assert_eq!(in_force_from(&facts, d("2022-09-01")), None);
        // A referral back is not a decision: still rejected.
        facts.decisions.push(Decision {
            party_id: 5,
            when: Span::day(d("2022-10-01")),
            outcome: DecisionOutcome::ReferredBack,
        });
        assert_eq!(state_on(&facts, d("2022-10-15")), AgreementState::Rejected { by: vec![5] });
        // A new decision to adopt lifts it; the agreement applies from that day.
        facts.decisions.push(adopted(5, "2022-11-10"));
        assert_eq!(
            state_on(&facts, d("2022-11-10")),
            AgreementState::InForce { from: Some(d("2022-11-10")), from_text: None }
        );
        assert_eq!(state_on(&facts, d("2022-11-09")), AgreementState::Rejected { by: vec![5] });
    }

    #[test]
    fn a_referral_back_alone_is_not_an_adoption() {
        let mut facts = hok("2022-05-01");
        facts.decisions.retain(|x| x.party_id != 9);
        facts.decisions.push(Decision {
            party_id: 9,
            when: Span::day(d("2022-04-01")),
            outcome: DecisionOutcome::ReferredBack,
        });
        assert_eq!(state_on(&facts, d("2022-09-01")), AgreementState::BeingAdopted { adopted: 26, parties: 27 });
    }

    #[test]
    fn expired() {
        let mut facts = hok("2022-06-15");
        facts.valid_to = Some(d("2026-06-30"));
        assert_eq!(
            state_on(&facts, d("2026-06-30")),
            AgreementState::InForce { from: Some(d("2022-07-01")), from_text: None }
        );
        assert_eq!(state_on(&facts, d("2026-07-01")), AgreementState::Expired { on: d("2026-06-30") });
    }

    /// HÖK as the sources tell it: consultation spring 2021 (no deadline), recommended
    /// 2021-10-14 and in November 2021, every party adopted in spring 2022, in force from
    /// September 2022; earliest start 2022-07-01.
    fn hok_as_told() -> VersionFacts {
        VersionFacts {
            parties: (1..=27).collect(),
            consultation: Some((Some(words("våren 2021")), None)),
            recommended: vec![Span::day(d("2021-10-14")), words("november 2021")],
            decisions: (1..=27)
                .map(|party_id| Decision { party_id, when: words("våren 2022"), outcome: DecisionOutcome::Adopted })
                .collect(),
            earliest_start: Some(d("2022-07-01")),
            in_force: Some(words("september 2022")),
            ..Default::default()
        }
    }

    #[test]
    fn an_imprecise_time_counts_once_past_and_is_under_way_inside() {
        let hok = hok_as_told();
        // Before the consultation's spring.
        assert_eq!(state_on(&hok, d("2021-01-01")), AgreementState::Draft);
        assert_eq!(under_way(&hok, d("2021-01-01")), None);
        // Inside it: maybe sent.
        assert_eq!(state_on(&hok, d("2021-04-01")), AgreementState::Draft);
        assert_eq!(under_way(&hok, d("2021-04-01")).as_deref(), Some("skickas på remiss under våren 2021"));
        assert_eq!(state_on(&hok, d("2021-09-01")), AgreementState::Consulted);
        // Recommended by Storsthlm's board on 2021-10-14; HSN's November is then under way.
        assert_eq!(state_on(&hok, d("2021-11-30")), AgreementState::Recommended);
        assert_eq!(under_way(&hok, d("2021-11-30")), None);
        // Inside the spring of the decisions: none counts yet, and the page says they are under way.
        assert_eq!(state_on(&hok, d("2022-05-01")), AgreementState::Recommended);
        assert_eq!(under_way(&hok, d("2022-05-01")).as_deref(), Some("antas under våren 2022"));
        // Adopted by all, not in force before September 2022 (and never before 2022-07-01).
        let adopted = AgreementState::Adopted { from: None, from_text: Some("september 2022".to_owned()) };
        assert_eq!(state_on(&hok, d("2022-06-01")), adopted);
        assert_eq!(state_on(&hok, d("2022-08-01")), adopted);
        assert_eq!(adopted.label(), "Antagen av alla parter; börjar gälla september 2022");
        assert_eq!(under_way(&hok, d("2022-09-15")).as_deref(), Some("börjar gälla under september 2022"));
        let in_force = AgreementState::InForce { from: None, from_text: Some("september 2022".to_owned()) };
        assert_eq!(state_on(&hok, d("2022-09-30")), in_force);
        assert_eq!(state_on(&hok, d("2026-11-30")), in_force);
        assert_eq!(in_force.label(), "Gäller från september 2022");
        assert_eq!(in_force_from(&hok, d("2026-11-30")), None, "no made-up day");
        // Without the sources' September, the rule gives 2022-07-01: spring ends on May 31st.
        let by_rule = VersionFacts { in_force: None, ..hok };
        assert_eq!(in_force_from(&by_rule, d("2022-08-01")), Some(d("2022-07-01")));
        assert_eq!(
            state_on(&by_rule, d("2022-06-30")),
            AgreementState::Adopted { from: Some(d("2022-07-01")), from_text: None }
        );
    }

    #[test]
    fn the_adopters_are_the_agreements_parties_not_the_recipients() {
        // Sent to the municipalities (2..=27); the region (1) was asked separately and must
        // adopt as well: without its decision, 26 of 27 have adopted.
        let mut hok = hok_as_told();
        hok.decisions.retain(|d| d.party_id != 1);
        assert_eq!(state_on(&hok, d("2022-08-01")), AgreementState::BeingAdopted { adopted: 26, parties: 27 });
        hok.decisions.push(adopted(1, "2022-06-01"));
        assert_eq!(
            state_on(&hok, d("2022-08-01")),
            AgreementState::Adopted { from: None, from_text: Some("september 2022".to_owned()) }
        );
    }

    #[test]
    fn a_dated_decision_stands_over_one_in_words_that_ended_before_it() {
        let mut facts = hok_as_told();
        facts.decisions.push(Decision {
            party_id: 1,
            when: Span::day(d("2022-09-01")),
            outcome: DecisionOutcome::Rejected,
        });
        assert_eq!(state_on(&facts, d("2022-09-02")), AgreementState::Rejected { by: vec![1] });
        assert_eq!(
            state_on(&VersionFacts { consultation: Some((None, None)), ..Default::default() }, d("2022-01-01")),
            AgreementState::Consulted
        );
    }

    #[test]
    fn a_version_whose_process_is_not_on_record_is_not_a_draft() {
        let facts = VersionFacts { parties: vec![1, 2], process_unrecorded: true, ..Default::default() };
        assert_eq!(state_on(&facts, d("2024-01-01")), AgreementState::NotRecorded);
        assert_eq!(
            state_on(&VersionFacts { parties: vec![1, 2], ..Default::default() }, d("2024-01-01")),
            AgreementState::Draft
        );
    }

    #[test]
    fn states_have_codes_and_swedish_labels() {
        let s = AgreementState::BeingAdopted { adopted: 12, parties: 27 };
        assert_eq!((s.code(), s.label().as_str()), ("being_adopted", "Antagen av 12 av 27 parter"));
        assert_eq!(AgreementState::Rejected { by: vec![1, 2] }.label(), "Avslagen av 2 parter");
        assert_eq!(Stance::AgreesWithComments.label(), "Tillstyrker med synpunkter");
    }
}

//! Replacement and leaving: a revision replacing its predecessor, an agreement replaced by
//! another, a party's withdrawal from a version in force.

use super::*;
use crate::when::read_words;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn adopted(party_id: i32, date: &str) -> Decision {
    Decision { party_id, when: Span::day(d(date)), outcome: DecisionOutcome::Adopted }
}

/// A version of `parties` parties, each adopting on `adopted_on`, in force from `start` at
/// the earliest.
fn version(parties: i32, adopted_on: &str, start: &str) -> VersionFacts {
    VersionFacts {
        parties: (1..=parties).collect(),
        decisions: (1..=parties).map(|p| adopted(p, adopted_on)).collect(),
        earliest_start: Some(d(start)),
        ..Default::default()
    }
}

fn own(version_id: i32, number: &str) -> Successor {
    Successor { agreement_id: 1, other_title: None, version_id, version_number: number.to_owned() }
}

/// The old version's state on `on`, its replacement found among `candidates` as the store
/// finds it for that date.
fn state(old: &VersionFacts, candidates: &[(Successor, &VersionFacts)], on: &str) -> AgreementState {
    let facts = VersionFacts { replaced: replacement(candidates, d(on)), ..old.clone() };
    state_on(&facts, d(on))
}

fn in_force(from: &str) -> AgreementState {
    AgreementState::InForce { from: Some(d(from)), from_text: None }
}

#[test]
fn a_revision_replaces_its_predecessor_from_the_day_it_comes_into_force() {
    let first = version(27, "2022-03-15", "2022-07-01");
    let second = version(27, "2024-11-01", "2025-01-01");
    let candidates = [(own(2, "2.0"), &second)];
    // Before every party adopted the revision, and after, until it comes into force.
    assert_eq!(state(&first, &candidates, "2024-06-01"), in_force("2022-07-01"));
    assert_eq!(replacement(&candidates, d("2024-06-01")), None);
    assert_eq!(state(&first, &candidates, "2024-12-31"), in_force("2022-07-01"));
    // From the day the revision comes into force, the first version is replaced by it.
    let replaced = state(&first, &candidates, "2025-01-01");
    assert_eq!(replaced, AgreementState::Replaced { from: Some(d("2025-01-01")), from_text: None, by: own(2, "2.0") });
    assert_eq!((replaced.code(), replaced.label().as_str()), ("replaced", "Ersatt av version 2.0 från 2025-01-01"));
    assert_eq!(state_on(&second, d("2025-01-01")), in_force("2025-01-01"));
    // Asked about a day before, the history is as it was.
    assert_eq!(state(&first, &candidates, "2023-01-01"), in_force("2022-07-01"));
}

#[test]
fn a_successor_in_force_from_a_time_in_words_replaces_once_it_has_passed() {
    let first = version(3, "2022-03-15", "2022-07-01");
    let second = VersionFacts {
        in_force: Some(read_words("september 2025").unwrap().span),
        ..version(3, "2025-05-01", "2025-07-01")
    };
    let candidates = [(own(2, "2025"), &second)];
    let old = |on: &str| VersionFacts { replaced: replacement(&candidates, d(on)), ..first.clone() };
    assert_eq!(state_on(&old("2025-09-15"), d("2025-09-15")), in_force("2022-07-01"));
    assert_eq!(under_way(&old("2025-09-15"), d("2025-09-15")).as_deref(), Some("ersätts under september 2025"));
    let replaced = state_on(&old("2025-09-30"), d("2025-09-30"));
    assert_eq!(
        replaced,
        AgreementState::Replaced { from: None, from_text: Some("september 2025".to_owned()), by: own(2, "2025") }
    );
    assert_eq!(replaced.label(), "Ersatt av version 2025 från september 2025");
    assert_eq!(under_way(&old("2025-09-30"), d("2025-09-30")), None);
}

#[test]
fn a_revision_that_never_came_into_force_replaces_nothing() {
    let first = version(3, "2022-03-15", "2022-07-01");
    let mut rejected = version(3, "2023-05-01", "2023-07-01");
    rejected.decisions[1].outcome = DecisionOutcome::Rejected;
    let third = version(3, "2024-05-01", "2024-07-01");
    let candidates = [(own(2, "2"), &rejected), (own(3, "3"), &third)];
    assert_eq!(state(&first, &candidates, "2024-01-01"), in_force("2022-07-01"));
    assert_eq!(
        state(&first, &candidates, "2024-07-01"),
        AgreementState::Replaced { from: Some(d("2024-07-01")), from_text: None, by: own(3, "3") }
    );
    // Of two that come into force, the first to do so.
    let early = version(3, "2023-05-01", "2023-09-01");
    let candidates = [(own(3, "3"), &third), (own(2, "2"), &early)];
    assert_eq!(replacement(&candidates, d("2025-01-01")).unwrap().by, own(2, "2"));
}

#[test]
fn an_agreement_is_replaced_by_the_one_that_ersatter_it() {
    let old = version(3, "2019-03-15", "2019-07-01");
    let new = version(3, "2025-03-01", "2025-04-01");
    let by = Successor {
        agreement_id: 9,
        other_title: Some("Samverkan kring äldres hälsa".to_owned()),
        version_id: 40,
        version_number: "2025".to_owned(),
    };
    let candidates = [(by.clone(), &new)];
    assert_eq!(state(&old, &candidates, "2025-03-31"), in_force("2019-07-01"));
    let replaced = state(&old, &candidates, "2025-04-01");
    assert_eq!(replaced, AgreementState::Replaced { from: Some(d("2025-04-01")), from_text: None, by });
    assert_eq!(replaced.label(), "Ersatt av Samverkan kring äldres hälsa från 2025-04-01");
}

#[test]
fn a_party_that_withdraws_after_entry_into_force_leaves_and_the_others_stay_bound() {
    // Every party adopted by 2022-08-30, the last on that day: in force from then.
    let mut facts = version(27, "2022-03-15", "2022-07-01");
    facts.decisions[26] = adopted(27, "2022-08-30");
    assert!(check_withdrawal(&facts, 27, d("2025-01-01")).is_ok());
    facts.withdrawals.push(Withdrawal { party_id: 27, decided_on: d("2024-10-10"), leaves_on: d("2025-01-01") });
    // Decided, not yet left: still 27 parties.
    assert_eq!(state_on(&facts, d("2024-12-31")), in_force("2022-08-30"));
    assert_eq!(parties_on(&facts, d("2024-12-31")).len(), 27);
    // Left: 26 parties must adopt, the version stays in force for them, and the day it came
    // into force stays the one it was, though the party that left was the last to adopt.
    assert_eq!(parties_on(&facts, d("2025-01-01")).len(), 26);
    assert!(!parties_on(&facts, d("2025-01-01")).contains(&27));
    assert_eq!(state_on(&facts, d("2025-01-01")), in_force("2022-08-30"));
    assert_eq!(in_force_from(&facts, d("2026-01-01")), Some(d("2022-08-30")));
    // Not "rejected", then or before.
    assert_eq!(state_on(&facts, d("2023-01-01")), in_force("2022-08-30"));
    // The party may decide again (a later day stands over the first).
    assert!(check_withdrawal(&facts, 27, d("2025-07-01")).is_ok());
}

#[test]
fn only_a_version_in_force_on_the_day_can_be_left() {
    let facts = version(3, "2022-03-15", "2022-07-01");
    let wrong = check_withdrawal(&facts, 2, d("2022-06-30")).unwrap_err();
    assert_eq!(wrong.field, "leaves_on");
    assert_eq!(
        wrong.message,
        "versionen gäller inte 2022-06-30 (status den dagen: Antagen av alla parter; gäller från 2022-07-01); \
         en part kan bara säga upp en överenskommelse som gäller"
    );
    // Nor one replaced by then.
    let second = version(3, "2024-05-01", "2024-07-01");
    let replaced = VersionFacts { replaced: replacement(&[(own(2, "2"), &second)], d("2024-08-01")), ..facts.clone() };
    assert!(check_withdrawal(&replaced, 2, d("2024-06-30")).is_ok());
    assert!(check_withdrawal(&replaced, 2, d("2024-08-01")).unwrap_err().message.contains("Ersatt av version 2"));
}

#[test]
fn a_version_every_party_has_left_applies_no_more() {
    let mut facts = version(2, "2022-03-15", "2022-07-01");
    facts.withdrawals = vec![
        Withdrawal { party_id: 1, decided_on: d("2024-01-10"), leaves_on: d("2024-07-01") },
        Withdrawal { party_id: 2, decided_on: d("2024-03-10"), leaves_on: d("2025-01-01") },
    ];
    assert_eq!(state_on(&facts, d("2024-12-31")), in_force("2022-07-01"));
    assert_eq!(state_on(&facts, d("2025-01-01")), AgreementState::Expired { on: d("2024-12-31") });
}

//! What ends a version for its parties, short of its own last day: a successor that replaces
//! it (*ersätter*), and a party's withdrawal (*uppsägning*). Their effect on the version's state
//! is in [`crate::agreement_state`].
//!
//! **Replacement.** A version is replaced from the day its successor comes into force: the
//! agreement's next version, or a version of another agreement related to its own by
//! "ersätter". Of several, the one that comes into force first.
//!
//! **Withdrawal.** A party that withdraws from a version in force, by its own decision, leaves
//! it from a day; the version stays in force for the others, and the party no longer counts
//! among those that must adopt it. The withdrawal counts once both its decision is made and the
//! day has come; a later decision of the party stands over an earlier one.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::when::Span;

/// What replaces a version: another version, of its own agreement or of one that "ersätter" it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Successor {
    pub agreement_id: i32,
    /// The other agreement's title, when the successor is another agreement's; `None` for the
    /// agreement's own next version.
    pub other_title: Option<String>,
    pub version_id: i32,
    pub version_number: String,
}

impl Successor {
    /// How it is named in Swedish: "version 2.0", or the other agreement's title.
    pub fn name(&self) -> String {
        match &self.other_title {
            Some(title) => title.clone(),
            None => format!("version {}", self.version_number),
        }
    }
}

/// A version's replacement: by what, and when its successor comes into force (a day, or the
/// interval of a time in words).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replacement {
    pub by: Successor,
    pub when: Span,
}

/// A party's withdrawal from a version (*uppsägning*), as far as its state goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Withdrawal {
    pub party_id: i32,
    /// The day the party decided to withdraw.
    pub decided_on: NaiveDate,
    /// The first day the party is no longer a party to the version.
    pub leaves_on: NaiveDate,
}

/// Each party's withdrawal that stands on `on`: of those decided by then, the latest decided
/// (of two the same day, the one recorded later; `withdrawals` are in the order recorded).
pub fn standing_withdrawals(withdrawals: &[Withdrawal], on: NaiveDate) -> BTreeMap<i32, Withdrawal> {
    let mut standing: BTreeMap<i32, Withdrawal> = BTreeMap::new();
    for w in withdrawals.iter().filter(|w| w.decided_on <= on) {
        match standing.get(&w.party_id) {
            Some(prev) if prev.decided_on > w.decided_on => {}
            _ => {
                standing.insert(w.party_id, *w);
            }
        }
    }
    standing
}

/// The parties that have left by `on`, each with the day it left from.
pub fn left_by(withdrawals: &[Withdrawal], on: NaiveDate) -> BTreeMap<i32, NaiveDate> {
    standing_withdrawals(withdrawals, on)
        .into_iter()
        .filter(|(_, w)| w.leaves_on <= on)
        .map(|(party, w)| (party, w.leaves_on))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn withdrawal(party_id: i32, decided: &str, leaves: &str) -> Withdrawal {
        Withdrawal { party_id, decided_on: d(decided), leaves_on: d(leaves) }
    }

    #[test]
    fn a_party_leaves_once_its_decision_is_made_and_its_day_has_come() {
        let ws = [withdrawal(3, "2024-10-10", "2025-01-01")];
        assert!(left_by(&ws, d("2024-12-31")).is_empty(), "decided, not yet left");
        assert!(standing_withdrawals(&ws, d("2024-10-09")).is_empty(), "not yet decided");
        assert_eq!(left_by(&ws, d("2025-01-01")), BTreeMap::from([(3, d("2025-01-01"))]));
        // Decided after the day it leaves from: nothing changes before the decision.
        let late = [withdrawal(3, "2025-03-01", "2025-01-01")];
        assert!(left_by(&late, d("2025-02-01")).is_empty());
        assert_eq!(left_by(&late, d("2025-03-01")), BTreeMap::from([(3, d("2025-01-01"))]));
    }

    #[test]
    fn a_later_decision_stands_over_an_earlier_one() {
        let ws = [withdrawal(3, "2024-10-10", "2025-01-01"), withdrawal(3, "2024-11-20", "2025-07-01")];
        assert_eq!(left_by(&ws, d("2024-12-01")), BTreeMap::new());
        assert!(left_by(&ws, d("2025-03-01")).is_empty(), "the later decision moved the day");
        assert_eq!(left_by(&ws, d("2025-07-01")), BTreeMap::from([(3, d("2025-07-01"))]));
        // Before the second decision, the first stood.
        assert_eq!(left_by(&ws[..1], d("2025-01-05")), BTreeMap::from([(3, d("2025-01-01"))]));
    }

    #[test]
    fn a_successor_is_named_as_people_do() {
        let own = Successor { agreement_id: 1, other_title: None, version_id: 7, version_number: "2.0".to_owned() };
        assert_eq!(own.name(), "version 2.0");
        let other = Successor { other_title: Some("Äldreöverenskommelsen".to_owned()), ..own };
        assert_eq!(other.name(), "Äldreöverenskommelsen");
    }
}

//! How the pages say that a version is replaced (*ersatt*), with a link to what replaced it, and
//! that a party has withdrawn (*sagt upp överenskommelsen*) and leaves or has left it: the words
//! the agreement page and the adoption view share.

use chrono::NaiveDate;
use samverkan_domain::agreement::succession::{Withdrawal, standing_withdrawals};
use samverkan_domain::agreement_state::AgreementState;
use samverkan_store::{AgreementStatus, Version, WithdrawalRecord};

use crate::kit::paths;

/// What replaced a version, for a link: its agreement's page, the version's place on it, its
/// name and when it came into force.
pub struct ReplacedBy {
    /// The successor's agreement's page (without the date; the template adds it).
    pub path: String,
    pub version_id: i32,
    /// "version 2.0", or the other agreement's title.
    pub name: String,
    /// A day, or the time in words ("september 2022"); empty when not known.
    pub when: String,
}

/// What replaced the version, when its status says it is replaced.
pub fn replaced_by(status: &AgreementStatus) -> Option<ReplacedBy> {
    let AgreementState::Replaced { from, from_text, by } = &status.state else { return None };
    Some(ReplacedBy {
        path: paths::agreement(by.agreement_id),
        version_id: by.version_id,
        name: by.name(),
        when: from.map(|d| d.to_string()).or_else(|| from_text.clone()).unwrap_or_default(),
    })
}

/// What replaced an agreement's latest version, when it is replaced (`None` without a version).
pub fn replaced(status: &Option<AgreementStatus>) -> Option<ReplacedBy> {
    status.as_ref().and_then(replaced_by)
}

/// Whether the version, on the page's date, is in force (only then may a party withdraw).
pub fn in_force(status: &AgreementStatus) -> bool {
    matches!(status.state, AgreementState::InForce { .. })
}

/// The adoption view's line on whether the version applies on the page's date (a replaced
/// version's, with its link, is the template's).
pub fn applies(status: &AgreementStatus) -> String {
    match (&status.state, status.in_force_from, &status.in_force_text) {
        (AgreementState::InForce { .. }, Some(from), _) => format!("Gäller från {from}."),
        (AgreementState::InForce { .. }, None, Some(words)) => format!("Gäller från {words}."),
        (AgreementState::InForce { .. }, None, None) => {
            "Gäller: antagen av alla parter; dagen för det sista beslutet är inte känd.".to_owned()
        }
        (AgreementState::Expired { on }, _, _) => format!("Gäller inte längre: upphörde {on}."),
        _ => format!("Gäller inte ännu. Status: {}.", status.label()),
    }
}

/// Each party's withdrawal that stands on `on` (of those decided by then, its latest), by the
/// domain's rule.
pub fn standing(version: &Version, on: NaiveDate) -> std::collections::HashMap<i32, WithdrawalRecord> {
    let facts: Vec<Withdrawal> = version
        .withdrawals
        .iter()
        .map(|w| Withdrawal { party_id: w.party.id, decided_on: w.decided_on, leaves_on: w.leaves_on })
        .collect();
    standing_withdrawals(&facts, on)
        .into_values()
        .filter_map(|s| {
            // The record behind it: the last recorded of that party, day and leaving day.
            let same = |w: &&WithdrawalRecord| {
                w.party.id == s.party_id && w.decided_on == s.decided_on && w.leaves_on == s.leaves_on
            };
            version.withdrawals.iter().rfind(same).map(|w| (s.party_id, w.clone()))
        })
        .collect()
}

/// A party's withdrawal as the adoption view says it on `on`, with its decision: "Sade upp
/// överenskommelsen 2024-10-10 (Kommunfullmäktige, § 12, KS 2024/88); utträdde 2025-01-01", or
/// "…; lämnar den från 2025-07-01" before that day.
pub fn withdrawal_note(w: &WithdrawalRecord, on: &NaiveDate) -> String {
    let leaves = if w.leaves_on <= *on {
        format!("utträdde {}", w.leaves_on)
    } else {
        format!("lämnar den från {}", w.leaves_on)
    };
    let decision: Vec<&str> = [Some(w.deciding_body.as_str()), w.paragraph.as_deref(), w.diary_number.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    format!("Sade upp överenskommelsen {} ({}); {leaves}", w.decided_on, decision.join(", "))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use samverkan_store::Ref;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_withdrawal_is_told_before_and_after_the_day_the_party_leaves() {
        let w = WithdrawalRecord {
            id: 1,
            party: Ref { id: 3, name: "Nacka".to_owned() },
            deciding_body: "Kommunfullmäktige".to_owned(),
            decided_on: d("2024-10-10"),
            paragraph: Some("§ 12".to_owned()),
            diary_number: None,
            leaves_on: d("2025-01-01"),
        };
        assert_eq!(
            withdrawal_note(&w, &d("2024-12-31")),
            "Sade upp överenskommelsen 2024-10-10 (Kommunfullmäktige, § 12); lämnar den från 2025-01-01"
        );
        assert_eq!(
            withdrawal_note(&w, &d("2025-01-01")),
            "Sade upp överenskommelsen 2024-10-10 (Kommunfullmäktige, § 12); utträdde 2025-01-01"
        );
    }
}

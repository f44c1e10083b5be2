//! The areas' local action plans and local area plans in a synthetic load (issue 15), from their
//! own random stream so everything else stays what it was for the same seed. Each area has one
//! to three action plans for its prioritised target groups (some implementing an agreement whose
//! working model is "local action plans", some decided at one of its meetings) with activities,
//! some overdue, and follow-up notes; and a local area plan of three to six areas of
//! responsibility, each answered for by an organisation of the area's map, reviewed now and
//! then, about one in five overdue on the data's day.

use std::collections::BTreeMap;

use chrono::{Days, Months, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use samverkan_domain::agreement::WorkingModel;
use samverkan_domain::local::action_plans::{ActivityStatus, PlanTargetGroup};

use crate::entity::{
    action_plan, action_plan_activity, action_plan_note, area_plan_entry, area_plan_review, area_plan_revision,
};
use crate::load::synthetic_local_rows::DATA_DAY;
use crate::load::synthetic_rows::Rows;

/// The rows of the plans, ids from 1 in each table.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct PlanRows {
    pub(crate) plans: Vec<action_plan::Model>,
    pub(crate) activities: Vec<action_plan_activity::Model>,
    pub(crate) notes: Vec<action_plan_note::Model>,
    pub(crate) entries: Vec<area_plan_entry::Model>,
    pub(crate) revisions: Vec<area_plan_revision::Model>,
    pub(crate) reviews: Vec<area_plan_review::Model>,
}

impl PlanRows {
    pub(crate) fn len(&self) -> usize {
        self.plans.len()
            + self.activities.len()
            + self.notes.len()
            + self.entries.len()
            + self.revisions.len()
            + self.reviews.len()
    }
}

const GOALS: [&str; 5] = [
    "Färre oplanerade återinskrivningar inom 30 dagar.",
    "Alla med behov av samordning ska ha en SIP inom fyra veckor.",
    "Snabbare första kontakt för barn och unga med psykisk ohälsa.",
    "Tryggare hemgång efter slutenvård.",
    "Gemensam bild av vilka aktörer som finns i närområdet.",
];

const ACTIVITIES: [(&str, &str); 8] = [
    ("Kartlägg vilka som behöver en samordnad individuell plan", "Enhetschef hemtjänst"),
    ("Ta fram en gemensam rutin för hemgång", "Verksamhetschef vårdcentral"),
    ("Utbilda personalen i SIP", "Medicinskt ansvarig sjuksköterska"),
    ("Bjud in elevhälsan till nätverksmötena", "Rektor"),
    ("Följ upp läkemedelsgenomgångar", "Medicinskt ansvarig sjuksköterska"),
    ("Inför gemensamma konsultationstider", "Enhetschef BUP"),
    ("Samla aktörerna till en temadag", "Samordnare i närområdet"),
    ("Gör en enkät till aktörerna", "Samordnare i närområdet"),
];

const RESPONSIBILITIES: [(&str, &str); 8] = [
    ("Hemtjänst och trygghetslarm", "Enhetschef"),
    ("Hemsjukvård", "Verksamhetschef"),
    ("Läkemedelsgenomgångar", "Medicinskt ansvarig sjuksköterska"),
    ("Stöd till barn och unga", "Enhetschef"),
    ("Psykiatrisk öppenvård", "Verksamhetschef"),
    ("Boende enligt LSS", "Enhetschef"),
    ("Anhörigstöd", "Anhörigkonsulent"),
    ("Palliativ vård i hemmet", "Verksamhetschef"),
];

fn day(rng: &mut ChaCha8Rng, from: NaiveDate, days: u64) -> NaiveDate {
    from.checked_add_days(Days::new(rng.random_range(0..days.max(1)))).unwrap_or(from)
}

fn first() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 1, 1).unwrap_or(DATA_DAY)
}

/// The plans of every area of `rows`, the same for the same `seed`.
pub(crate) fn generate_plans(rows: &Rows, seed: u64) -> PlanRows {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x91a4_5e00);
    let mut out = PlanRows::default();
    let with_plans: Vec<i32> = rows
        .agreement_models
        .iter()
        .filter(|m| m.model == WorkingModel::LocalActionPlans.code())
        .map(|m| m.agreement_id)
        .collect();
    let mut meetings_of: BTreeMap<i32, Vec<(i32, String)>> = BTreeMap::new();
    for m in &rows.local.meetings {
        if m.starts_at.as_str() < "2026-11-30" {
            meetings_of.entry(m.area_id).or_default().push((m.id, m.starts_at.clone()));
        }
    }
    let mut organisations_of: BTreeMap<i32, Vec<i32>> = BTreeMap::new();
    for s in &rows.local.services {
        let list = organisations_of.entry(s.area_id).or_default();
        if !list.contains(&s.organisation_id) {
            list.push(s.organisation_id);
        }
    }
    let next = |v: usize| i32::try_from(v + 1).unwrap_or(i32::MAX);
    for area in &rows.areas {
        // Action plans.
        let groups = PlanTargetGroup::ALL;
        let n_plans = rng.random_range(1..=3usize);
        let offset = rng.random_range(0..groups.len());
        for k in 0..n_plans {
            let group = groups[(offset + k) % groups.len()];
            let starts = day(&mut rng, first().checked_add_months(Months::new(12)).unwrap_or(DATA_DAY), 900);
            let ends = starts.checked_add_months(Months::new(rng.random_range(12..=24))).unwrap_or(starts);
            let agreement = (!with_plans.is_empty() && rng.random_bool(0.5))
                .then(|| with_plans[rng.random_range(0..with_plans.len())]);
            let meeting = meetings_of
                .get(&area.id)
                .filter(|m| !m.is_empty() && rng.random_bool(0.6))
                .map(|m| m[rng.random_range(0..m.len())].0);
            let id = next(out.plans.len());
            out.plans.push(action_plan::Model {
                id,
                area_id: area.id,
                title: format!("Handlingsplan {} {}", in_title(group.label()), starts.format("%Y")),
                target_group: samverkan_domain::kinds::Kind::code(group).to_owned(),
                agreement_id: agreement,
                goal: GOALS[rng.random_range(0..GOALS.len())].to_owned(),
                starts_on: starts,
                ends_on: Some(ends),
                meeting_id: meeting,
                synthetic: true,
            });
            for _ in 0..rng.random_range(2..=5usize) {
                let (what, who) = ACTIVITIES[rng.random_range(0..ACTIVITIES.len())];
                let due = day(&mut rng, starts, u64::try_from((ends - starts).num_days()).unwrap_or(365));
                let status = match rng.random_range(0..10) {
                    0..=2 => ActivityStatus::Done,
                    3..=6 => ActivityStatus::InProgress,
                    7..=8 => ActivityStatus::NotStarted,
                    _ => ActivityStatus::Cancelled,
                };
                let progress = match status {
                    ActivityStatus::Done => 100,
                    ActivityStatus::InProgress => rng.random_range(1..10) * 10,
                    _ => 0,
                };
                out.activities.push(action_plan_activity::Model {
                    id: next(out.activities.len()),
                    plan_id: id,
                    description: what.to_owned(),
                    owner_function: who.to_owned(),
                    due_on: Some(due),
                    status: samverkan_domain::kinds::Kind::code(status).to_owned(),
                    progress,
                });
            }
            for i in 0..rng.random_range(0..=3u64) {
                let noted = starts.checked_add_days(Days::new(90 * (i + 1))).unwrap_or(starts);
                if noted > DATA_DAY {
                    break;
                }
                out.notes.push(action_plan_note::Model {
                    id: next(out.notes.len()),
                    plan_id: id,
                    noted_on: noted,
                    note: format!("Uppföljning vid nätverksmötet: {} av aktiviteterna går enligt plan.", i + 1),
                });
            }
        }
        // The local area plan.
        let Some(orgs) = organisations_of.get(&area.id).filter(|o| !o.is_empty()) else { continue };
        let n_entries = rng.random_range(3..=6usize);
        let offset = rng.random_range(0..RESPONSIBILITIES.len());
        for k in 0..n_entries {
            let (what, contact) = RESPONSIBILITIES[(offset + k) % RESPONSIBILITIES.len()];
            let from = day(&mut rng, first(), 700);
            let months: u32 = match rng.random_range(0..10) {
                0 => 6,
                1 => 24,
                _ => 12,
            };
            let id = next(out.entries.len());
            let org = orgs[rng.random_range(0..orgs.len())];
            let entry = out.entries.len();
            out.entries.push(area_plan_entry::Model {
                id,
                area_id: area.id,
                valid_from: from,
                next_review_on: None,
                organisation_id: Some(org),
                synthetic: true,
            });
            out.revisions.push(area_plan_revision::Model {
                id: next(out.revisions.len()),
                entry_id: id,
                valid_from: from,
                responsibility: what.to_owned(),
                organisation_id: org,
                contact_function: contact.to_owned(),
                review_interval_months: i32::try_from(months).unwrap_or(12),
            });
            // Reviewed on time, or a little late; about one in five is left overdue.
            let overdue = rng.random_bool(0.2);
            let mut since = from;
            loop {
                let due = since.checked_add_months(Months::new(months)).unwrap_or(DATA_DAY);
                let reviewed = day(&mut rng, due.checked_sub_days(Days::new(30)).unwrap_or(due), 45);
                let last = due.checked_add_months(Months::new(months)).is_none_or(|d| d > DATA_DAY);
                if reviewed > DATA_DAY || (overdue && last) {
                    break;
                }
                let changed = rng.random_bool(0.2);
                out.reviews.push(area_plan_review::Model {
                    id: next(out.reviews.len()),
                    entry_id: id,
                    reviewed_on: reviewed,
                    reviewed_by: "Samordnare i närområdet".to_owned(),
                    changes: if changed { "Ny kontaktfunktion." } else { "Ingen ändring." }.to_owned(),
                });
                if changed {
                    out.revisions.push(area_plan_revision::Model {
                        id: next(out.revisions.len()),
                        entry_id: id,
                        valid_from: reviewed,
                        responsibility: what.to_owned(),
                        organisation_id: org,
                        contact_function: format!("{contact} (ny)"),
                        review_interval_months: i32::try_from(months).unwrap_or(12),
                    });
                }
                since = reviewed;
            }
            out.entries[entry].next_review_on = since.checked_add_months(Months::new(months));
        }
    }
    out
}

/// A target group's label inside a title: lower case, but an acronym ("LSS") as it is.
fn in_title(label: &str) -> String {
    if label.chars().all(|c| c.is_uppercase()) { label.to_owned() } else { label.to_lowercase() }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use samverkan_domain::local::area_plan::EntryState;

    use super::*;
    use crate::load::synthetic::{Scale, generate};

    #[test]
    fn every_area_has_plans_and_some_entries_are_due_for_review() {
        let rows = generate(Scale::County, 3);
        let plans = generate_plans(&rows, 3);
        assert_eq!(plans, generate_plans(&rows, 3), "the same seed gives the same plans");
        assert_ne!(plans, generate_plans(&rows, 4));
        for area in &rows.areas {
            assert!(plans.plans.iter().any(|p| p.area_id == area.id), "{} has an action plan", area.name);
        }
        assert!(
            plans.plans.iter().any(|p| p.agreement_id.is_some()) && plans.plans.iter().any(|p| p.meeting_id.is_some())
        );
        // Each entry's organisation is one of its area's map; the share stale on the data's day.
        let stale = plans
            .entries
            .iter()
            .filter(|e| {
                let rev = plans.revisions.iter().rfind(|r| r.entry_id == e.id).unwrap();
                assert!(
                    rows.local
                        .services
                        .iter()
                        .any(|s| s.area_id == e.area_id && s.organisation_id == rev.organisation_id)
                );
                let since = plans.reviews.iter().filter(|r| r.entry_id == e.id).map(|r| r.reviewed_on).max();
                let months = u32::try_from(rev.review_interval_months).unwrap();
                EntryState { since: since.unwrap_or(e.valid_from), months, organisation_active: true }
                    .is_stale(DATA_DAY)
            })
            .count();
        let share = stale * 100 / plans.entries.len();
        assert!((5..=45).contains(&share), "{stale} of {} stale", plans.entries.len());
    }
}

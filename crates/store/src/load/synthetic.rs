//! Synthetic demonstration data (`samverkan demo-data`): a database shaped like one county or like
//! Sweden, for demonstrations and benchmarks. Deterministic: the same scale and seed give the same
//! rows, ids included. Every row it makes has `synthetic = true`, and its names are invented.
//!
//! The shapes follow the real structure: each municipality has local collaboration areas, each
//! area a coordinating health centre (a function of the region, held by one of the area's health
//! centres, some with a handover) and a municipal coordinating function, a local collaboration
//! body with both as members, and its actors (health centres, care providers, schools, …) as
//! organisations of the municipality.

//!
//! A load is one transaction of the write path's bulk entry
//! (`Store::system_load`), on the audit trail as one event by `system`; the
//! rows are made by `synthetic_structure` and `synthetic_agreements` and written here.

use std::collections::BTreeMap;

use sea_orm::{ActiveModelTrait, DatabaseTransaction, EntityTrait, IntoActiveModel};

use crate::dialect::{analyze, reset_sequences};
use crate::error::StoreError;
use crate::load::synthetic_agreements::generate_agreements;
use crate::load::synthetic_local::generate_local;
use crate::load::synthetic_local_crisis::generate_crisis;
use crate::load::synthetic_local_rows::invitation_rows;
use crate::load::synthetic_rows::Rows;
use crate::load::synthetic_structure::{Shape, generate_structure};
use crate::store::Store;
use crate::write::Event;

/// How much to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// One county shaped like Stockholm's: a region, 26 municipalities, 38 areas.
    County,
    /// Sweden: 21 regions, 290 municipalities, about 1,200 areas and 60,000 actors.
    National,
}

impl Scale {
    /// Regions, municipalities, areas and actors to make.
    fn shape(self) -> Shape {
        match self {
            Scale::County => Shape { regions: 1, municipalities: 26, areas: 38, actors: 5_400 },
            Scale::National => Shape { regions: 21, municipalities: 290, areas: 1_200, actors: 60_000 },
        }
    }
}

/// What the load made, per table.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct DemoReport {
    pub rows: BTreeMap<&'static str, u64>,
}

impl std::fmt::Display for DemoReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self.rows.iter().map(|(t, n)| format!("{t} {n}")).collect();
        write!(f, "made {} synthetic rows: {}", self.rows.values().sum::<u64>(), parts.join(", "))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("the database already holds data; demo data goes only into an empty database (give a new --database-url)")]
    NotEmpty,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sea_orm::DbErr> for DemoError {
    fn from(e: sea_orm::DbErr) -> Self {
        DemoError::Store(e.into())
    }
}

/// Progress of a load: `done` of `total` rows written, in `stage`.
#[derive(Debug, Clone, Copy)]
pub struct DemoProgress {
    pub stage: &'static str,
    pub done: u64,
    pub total: u64,
}

/// Rows per INSERT: well inside SQLite's and PostgreSQL's limits on bound parameters.
const CHUNK: usize = 500;

/// Every row of a load of `scale`, the same for the same `seed`.
pub(crate) fn generate(scale: Scale, seed: u64) -> Rows {
    let mut rows = generate_structure(scale.shape(), seed);
    generate_agreements(&mut rows, seed);
    generate_local(&mut rows, seed);
    rows
}

/// Writes one table's rows in chunks, reporting progress after each, and moves its id sequence
/// past them.
async fn insert_all<M, A, E>(
    txn: &DatabaseTransaction,
    table: &'static str,
    models: impl IntoIterator<Item = M, IntoIter: ExactSizeIterator>,
    written: &mut u64,
    total: u64,
    report: &mut DemoReport,
    progress: &(dyn Fn(DemoProgress) + Sync),
) -> Result<(), DemoError>
where
    M: IntoActiveModel<A>,
    A: ActiveModelTrait<Entity = E> + Send,
    E: EntityTrait,
{
    insert_keyed_by_columns(txn, table, models, written, total, report, progress).await?;
    // The ids were given explicitly: later inserts must not collide with them.
    reset_sequences(txn, table).await?;
    Ok(())
}

/// Writes the rows of a table without an id (its key its columns), as [`insert_all`] does.
async fn insert_keyed_by_columns<M, A, E>(
    txn: &DatabaseTransaction,
    table: &'static str,
    models: impl IntoIterator<Item = M, IntoIter: ExactSizeIterator>,
    written: &mut u64,
    total: u64,
    report: &mut DemoReport,
    progress: &(dyn Fn(DemoProgress) + Sync),
) -> Result<(), DemoError>
where
    M: IntoActiveModel<A>,
    A: ActiveModelTrait<Entity = E> + Send,
    E: EntityTrait,
{
    let models = models.into_iter();
    report.rows.insert(table, models.len() as u64);
    let mut models = models.peekable();
    while models.peek().is_some() {
        let chunk: Vec<A> = models.by_ref().take(CHUNK).map(IntoActiveModel::into_active_model).collect();
        let n = chunk.len() as u64;
        E::insert_many(chunk).exec_without_returning(txn).await?;
        *written += n;
        progress(DemoProgress { stage: table, done: *written, total });
    }
    Ok(())
}

impl Store {
    /// Fills an empty database with synthetic data of `scale`, the same for the same `seed`, in
    /// one transaction: it all lands or none of it does.
    pub async fn load_demo_data(
        &self,
        scale: Scale,
        seed: u64,
        progress: &(dyn Fn(DemoProgress) + Sync),
    ) -> Result<DemoReport, DemoError> {
        if !self.is_empty().await? {
            return Err(DemoError::NotEmpty);
        }
        let rows = generate(scale, seed);
        let plans = crate::load::synthetic_local_plans::generate_plans(&rows, seed);
        let areas: Vec<(i32, String)> = rows.areas.iter().map(|a| (a.id, a.name.clone())).collect();
        let crisis = generate_crisis(&areas, seed);
        let total = (crisis.len()
            + rows.parties.len()
            + rows.organisations.len()
            + rows.sub_regions.len()
            + rows.sub_region_members.len()
            + rows.areas.len()
            + rows.area_administrations.len()
            + rows.functions.len()
            + rows.appointments.len()
            + rows.bodies.len()
            + rows.memberships.len()
            + rows.agreements.len()
            + rows.agreement_target_groups.len()
            + rows.agreement_models.len()
            + rows.agreement_relations.len()
            + rows.agreement_versions.len()
            + rows.consultations.len()
            + rows.consultation_recipients.len()
            + rows.consultation_answers.len()
            + rows.recommendations.len()
            + rows.decisions.len()
            + rows.local.len()
            + plans.len()) as u64;
        let mut report = DemoReport::default();
        let mut written = 0;
        let load = self.system_load().await?;
        let txn = load.txn();
        let w = &mut written;
        let r = &mut report;
        insert_all(txn, "parties", rows.parties, w, total, r, progress).await?;
        insert_all(txn, "organisations", rows.organisations, w, total, r, progress).await?;
        insert_all(txn, "sub_regions", rows.sub_regions, w, total, r, progress).await?;
        insert_all(txn, "sub_region_members", rows.sub_region_members, w, total, r, progress).await?;
        insert_all(txn, "areas", rows.areas, w, total, r, progress).await?;
        insert_all(txn, "area_administrations", rows.area_administrations, w, total, r, progress).await?;
        insert_all(txn, "functions", rows.functions, w, total, r, progress).await?;
        insert_all(txn, "appointments", rows.appointments, w, total, r, progress).await?;
        insert_all(txn, "bodies", rows.bodies, w, total, r, progress).await?;
        insert_all(txn, "memberships", rows.memberships, w, total, r, progress).await?;
        insert_all(txn, "agreements", rows.agreements, w, total, r, progress).await?;
        insert_all(txn, "agreement_target_groups", rows.agreement_target_groups, w, total, r, progress).await?;
        insert_all(txn, "agreement_models", rows.agreement_models, w, total, r, progress).await?;
        insert_all(txn, "agreement_relations", rows.agreement_relations, w, total, r, progress).await?;
        insert_all(txn, "agreement_versions", rows.agreement_versions, w, total, r, progress).await?;
        insert_all(txn, "consultations", rows.consultations, w, total, r, progress).await?;
        insert_all(txn, "consultation_recipients", rows.consultation_recipients, w, total, r, progress).await?;
        insert_all(txn, "consultation_answers", rows.consultation_answers, w, total, r, progress).await?;
        insert_all(txn, "recommendations", rows.recommendations, w, total, r, progress).await?;
        insert_all(txn, "decisions", rows.decisions, w, total, r, progress).await?;
        let local = rows.local;
        insert_all(txn, "services", local.services, w, total, r, progress).await?;
        insert_keyed_by_columns(txn, "service_areas", local.service_areas, w, total, r, progress).await?;
        insert_keyed_by_columns(txn, "area_required_categories", local.required_categories, w, total, r, progress)
            .await?;
        insert_all(txn, "meetings", local.meetings, w, total, r, progress).await?;
        insert_all(txn, "meeting_invitations", invitation_rows(&local.invitations), w, total, r, progress).await?;
        insert_all(txn, "meeting_tasks", local.tasks, w, total, r, progress).await?;
        insert_all(txn, "action_plans", plans.plans, w, total, r, progress).await?;
        insert_all(txn, "action_plan_activities", plans.activities, w, total, r, progress).await?;
        insert_all(txn, "action_plan_notes", plans.notes, w, total, r, progress).await?;
        insert_all(txn, "area_plan_entries", plans.entries, w, total, r, progress).await?;
        insert_all(txn, "area_plan_revisions", plans.revisions, w, total, r, progress).await?;
        insert_all(txn, "area_plan_reviews", plans.reviews, w, total, r, progress).await?;
        insert_all(txn, "crisis_lists", crisis.lists, w, total, r, progress).await?;
        insert_all(txn, "crisis_contacts", crisis.contacts, w, total, r, progress).await?;
        insert_all(txn, "incidents", crisis.incidents, w, total, r, progress).await?;
        insert_all(txn, "incident_recipients", crisis.recipients, w, total, r, progress).await?;
        insert_all(txn, "incident_log_entries", crisis.log, w, total, r, progress).await?;
        let made: serde_json::Map<String, serde_json::Value> =
            report.rows.iter().map(|(t, n)| ((*t).to_owned(), serde_json::Value::from(*n))).collect();
        let event = Event::new("load", "demo_data", format!("{scale:?}:{seed}").to_lowercase())
            .after(Some(serde_json::json!({ "synthetic": true, "rows": made })));
        load.commit(event).await?;
        // Fresh statistics after a bulk load, so the planner pages on the listing indexes from
        // the first request.
        progress(DemoProgress { stage: "analyze", done: total, total });
        analyze(&self.db).await?;
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use samverkan_domain::FunctionKind;
    use samverkan_domain::agreement::AgreementKind;

    use super::*;
    use crate::entity::function;
    use crate::load::synthetic_agreements::AGREEMENT_SUBJECTS;
    use crate::load::synthetic_rows::date;

    #[tokio::test]
    async fn synthetic_agreements_stand_at_every_step_of_the_process() {
        #![allow(clippy::unwrap_used)]
        let (store, _dir) = crate::test_support::test_store("demo_agreements").await;
        store.load_demo_data(Scale::County, 7, &|_| {}).await.unwrap();
        let agreements = store.agreements(date(2026, 6, 1)).await.unwrap();
        assert_eq!(agreements.len(), 1 + AGREEMENT_SUBJECTS.len());
        let states: std::collections::BTreeSet<&str> =
            agreements.iter().filter_map(|a| a.status.as_ref()).map(|s| s.state.code()).collect();
        assert_eq!(
            states.into_iter().collect::<Vec<_>>(),
            ["being_adopted", "consulted", "in_force", "recommended", "rejected"],
            "consultations are over by mid-2026"
        );
        let on_consultation = store.agreements(date(2023, 3, 15)).await.unwrap();
        assert!(on_consultation.iter().any(|a| a.status.as_ref().is_some_and(|s| s.state.code() == "on_consultation")));
        let main = agreements.iter().find(|a| a.kind == AgreementKind::Main).unwrap();
        let status = main.status.as_ref().unwrap();
        assert_eq!((status.adopted, status.parties), (27, 27));
        assert!(agreements.iter().all(|a| a.title.starts_with("Syntetisk")), "invented, and says so");
    }

    #[test]
    fn national_scale_is_shaped_like_sweden() {
        let rows = generate(Scale::National, 7);
        let regions = rows.parties.iter().filter(|p| p.kind == "region").count();
        assert_eq!((regions, rows.parties.len() - regions), (21, 290));
        assert_eq!(rows.areas.len(), 1_200);
        let actors = rows.actors.len();
        assert!((59_000..=61_000).contains(&actors), "{actors} actors");
        // Beside them, each area's associations and faith communities, some hospitals.
        let organisations = rows.organisations.len();
        assert!((actors + 1_200..=actors + 5_000).contains(&organisations), "{organisations} organisations");
        // Every area has a coordinating health centre that belongs to its municipality.
        let chcs: Vec<&function::Model> =
            rows.functions.iter().filter(|f| f.kind == FunctionKind::CoordinatingHealthCentre.code()).collect();
        assert_eq!(chcs.len(), 1_200);
        // Codes are unique, as the schema requires.
        let codes: HashSet<&str> = rows.parties.iter().map(|p| p.code.as_str()).collect();
        assert_eq!(codes.len(), rows.parties.len());
        assert!(rows.parties.iter().all(|p| p.synthetic) && rows.organisations.iter().all(|o| o.synthetic));
        // Local collaboration: the actors' services, three years of network meetings, a million
        // invitations with their attendance.
        let local = &rows.local;
        assert!(
            local.services.len() > actors && local.services.len() < actors * 13 / 10,
            "{} services",
            local.services.len()
        );
        assert!((99_000..=101_000).contains(&local.meetings.len()), "{} meetings", local.meetings.len());
        let invitations = local.invitations.len();
        assert!((950_000..=1_100_000).contains(&invitations), "{invitations} invitations");
        assert!(local.required_categories.len() >= 3 * 1_200);
        assert!(local.services.iter().all(|s| s.synthetic) && local.meetings.iter().all(|m| m.synthetic));
    }

    #[test]
    fn the_same_seed_gives_the_same_data_and_another_seed_other_data() {
        let names = |seed| generate(Scale::County, seed).organisations.into_iter().map(|o| o.name).collect::<Vec<_>>();
        assert_eq!(names(1), names(1));
        assert_ne!(names(1), names(2));
        // The local collaboration too: its services, meetings, invitations and tasks.
        let local = |seed| {
            let local = generate(Scale::County, seed).local;
            (
                local.services,
                local.service_areas,
                local.required_categories,
                local.meetings,
                local.invitations,
                local.tasks,
            )
        };
        let (first, again, other) = (local(1), local(1), local(2));
        assert!(first == again, "the same seed gives the same local collaboration");
        assert!(first.0 != other.0 && first.3 != other.3 && first.4 != other.4, "another seed another");
    }

    /// Every text of a load (each row as JSON, each string in it).
    fn texts(rows: &Rows) -> Vec<String> {
        fn each(v: &serde_json::Value, out: &mut Vec<String>) {
            match v {
                serde_json::Value::String(s) => out.push(s.clone()),
                serde_json::Value::Array(items) => items.iter().for_each(|i| each(i, out)),
                serde_json::Value::Object(map) => map.values().for_each(|i| each(i, out)),
                _ => {}
            }
        }
        let parties: Vec<[&str; 2]> = rows.parties.iter().map(|p| [p.code.as_str(), p.name.as_str()]).collect();
        let areas: Vec<&str> = rows.areas.iter().map(|a| a.name.as_str()).collect();
        let all = serde_json::json!([
            parties,
            areas,
            rows.organisations,
            rows.sub_regions,
            rows.functions,
            rows.appointments,
            rows.bodies,
            rows.memberships,
            rows.agreements,
            rows.agreement_versions,
            rows.consultations,
            rows.consultation_answers,
            rows.recommendations,
            rows.decisions,
            rows.local.services,
            rows.local.meetings,
            rows.local.tasks,
            rows.local.invitations.iter().filter_map(|i| i.represented_by).collect::<Vec<_>>(),
        ]);
        let mut out = Vec::new();
        each(&all, &mut out);
        out
    }

    /// The synthetic data is invented, and must not hold a real-looking personal identity
    /// number either (the rule every typed text is held to).
    #[test]
    fn no_synthetic_text_holds_a_personal_identity_number() {
        for (scale, seed) in [(Scale::County, 1), (Scale::County, 7), (Scale::National, 7)] {
            let texts = texts(&generate(scale, seed));
            assert!(texts.len() > 1_000, "{} texts", texts.len());
            assert!(texts.iter().any(|t| t.starts_with("Syntetisk")), "the texts are read");
            if let Some(t) = texts.iter().find(|t| samverkan_domain::contains_personal_number(t)) {
                panic!("{scale:?} seed {seed}: {t:?} holds a personal identity number");
            }
        }
    }

    #[test]
    fn no_function_is_held_twice_at_once() {
        let rows = generate(Scale::National, 3);
        let mut by_function: BTreeMap<i32, Vec<samverkan_domain::Period>> = BTreeMap::new();
        for a in &rows.appointments {
            let period = samverkan_domain::Period::starting(a.valid_from, a.valid_to).unwrap();
            by_function.entry(a.function_id).or_default().push(period);
        }
        for periods in by_function.values() {
            samverkan_domain::ensure_single_holder(periods).unwrap();
        }
    }
}

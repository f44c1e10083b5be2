//! Importing an area's actor list (CSV, `samverkan_domain::local::actor_csv`): all or nothing.
//! Every row is read and met with the services on the area's map
//! (`samverkan_domain::local::actor_map::plan_import`): a new actor is created (its service, and
//! the area's organisation of its name or a new one), a changed one is updated, one that is the
//! same is left alone, so importing a list twice changes nothing. A dry run answers what would be
//! done and writes nothing; a list with any bad row writes nothing either and names every bad row.
//! The real run is one transaction: one audit event per organisation and service written, and one
//! for the import.

use samverkan_domain::local::actor_csv::{CHECKED, RowError, read_numbered_csv};
use samverkan_domain::local::actor_map::{Known, Planned, Step, check_checked_on, kept_by_another_area, plan_import};
use samverkan_domain::{Owned, may_change, scope_of};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};

use super::actors::{serving, stored_row};
use super::actors_write::{apply_row, checker, provider, snapshot, write_areas};
use crate::entity::{area, service};
use crate::error::StoreError;
use crate::fields::area_of;
use crate::store::Store;
use crate::write::{Actor, Event, WriteError, json};

/// What one row of an import does, or did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedRow {
    /// The row's number in the file (the header is row 1).
    pub row: usize,
    pub name: String,
    pub outcome: Outcome,
}

/// What became of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A new actor (its service's id, once written).
    Created(Option<i32>),
    /// A stored service written with the row's fields; the columns that differed.
    Changed { service_id: i32, columns: Vec<&'static str> },
    /// A stored service with the same fields.
    Unchanged { service_id: i32 },
}

/// What an import did (or, for a dry run, would do), row by row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportReport {
    pub dry_run: bool,
    pub rows: Vec<ImportedRow>,
}

impl ImportReport {
    pub fn created(&self) -> usize {
        self.rows.iter().filter(|r| matches!(r.outcome, Outcome::Created(_))).count()
    }

    pub fn changed(&self) -> usize {
        self.rows.iter().filter(|r| matches!(r.outcome, Outcome::Changed { .. })).count()
    }

    pub fn unchanged(&self) -> usize {
        self.rows.iter().filter(|r| matches!(r.outcome, Outcome::Unchanged { .. })).count()
    }
}

/// Why an import wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The list has bad rows: every one, each with its row, column and what is wrong.
    #[error("{} bad rows", .0.len())]
    Rows(Vec<RowError>),
    #[error(transparent)]
    Write(#[from] WriteError),
}

impl From<StoreError> for ImportError {
    fn from(e: StoreError) -> Self {
        ImportError::Write(WriteError::Store(e))
    }
}

impl From<sea_orm::DbErr> for ImportError {
    fn from(e: sea_orm::DbErr) -> Self {
        ImportError::Write(e.into())
    }
}

fn outcome(p: &Planned) -> Outcome {
    match p.step {
        Step::Create => Outcome::Created(None),
        Step::Update { service_id, .. } => Outcome::Changed { service_id, columns: p.changed.clone() },
        Step::Unchanged { service_id } => Outcome::Unchanged { service_id },
    }
}

impl Store {
    /// Imports an area's actor list (the bytes of a CSV file) as the module says; with `dry_run`
    /// nothing is written. The actor must be allowed to change the area's map (else
    /// `NotPermitted`, before the file is read), and, for a changed row whose service another
    /// area's map keeps, that area's too (else the row is named).
    pub async fn import_actors(
        &self,
        actor: &Actor,
        area_id: i32,
        csv: &[u8],
        dry_run: bool,
    ) -> Result<ImportReport, ImportError> {
        let write = self.write_as(actor).await?;
        let area = area_of(write.lookup(), Some(area_id)).await?.ok_or(WriteError::NotFound)?;
        let w = write.permit(Owned::Local { area }).map_err(ImportError::Write)?;
        let today = self.clock.today();
        let rows = read_numbered_csv(csv).map_err(ImportError::Rows)?;
        let mut errors: Vec<RowError> = rows
            .iter()
            .filter_map(|(n, r)| {
                check_checked_on(r.checked_on, today).err().map(|m| RowError {
                    row: *n,
                    column: CHECKED.to_owned(),
                    message: m.to_owned(),
                })
            })
            .collect();
        let stored =
            service::Entity::find().filter(service::Column::Id.in_subquery(serving(area_id))).all(w.txn()).await?;
        let known: Vec<Known> = stored
            .iter()
            .map(|s| Ok(Known { service_id: s.id, area_id: s.area_id, row: stored_row(s)? }))
            .collect::<Result<_, StoreError>>()?;
        let plan = match plan_import(rows, &known) {
            Ok(plan) => plan,
            Err(more) => {
                errors.extend(more);
                Vec::new()
            }
        };
        for p in &plan {
            if let Step::Update { area_id: keeper, .. } = p.step
                && keeper != area_id
            {
                let keeper = area_of(w.txn(), Some(keeper)).await?;
                if !keeper.is_some_and(|k| may_change(&actor.grants, scope_of(Owned::Local { area: k }))) {
                    let name = match keeper {
                        Some(k) => area::Entity::find_by_id(k.area_id).one(w.txn()).await?.map(|a| a.name),
                        None => None,
                    };
                    errors.push(RowError {
                        row: p.row_number,
                        column: String::new(),
                        message: kept_by_another_area(name.as_deref().unwrap_or("ett annat närområde")),
                    });
                }
            }
        }
        if !errors.is_empty() {
            errors.sort_by_key(|e| e.row);
            return Err(ImportError::Rows(errors));
        }
        let mut report = ImportReport {
            dry_run,
            rows: plan
                .iter()
                .map(|p| ImportedRow { row: p.row_number, name: p.row.name.clone(), outcome: outcome(p) })
                .collect(),
        };
        if dry_run || report.created() + report.changed() == 0 {
            // Nothing to write: the transaction is dropped, rolled back, and no event is told.
            return Ok(report);
        }
        let checker = checker(w.txn(), actor).await?;
        for (p, done) in plan.iter().zip(report.rows.iter_mut()) {
            match p.step {
                Step::Unchanged { .. } => {}
                Step::Create => {
                    let organisation_id = provider(&w, area_id, &p.row).await?;
                    let mut row = service::ActiveModel {
                        organisation_id: Set(organisation_id),
                        area_id: Set(area_id),
                        synthetic: Set(false),
                        ..Default::default()
                    };
                    apply_row(&mut row, &p.row, today, checker);
                    let row = row.insert(w.txn()).await?;
                    let areas = write_areas(w.txn(), row.id, area_id, &[]).await?;
                    w.record(Event::new("create", "service", row.id).after(snapshot(&row, &areas))).await?;
                    done.outcome = Outcome::Created(Some(row.id));
                }
                Step::Update { service_id, .. } => {
                    let Some(before) = stored.iter().find(|s| s.id == service_id) else { continue };
                    let mut row = before.clone().into_active_model();
                    // A row that gives no day of checking counts as checked today: the import is a check.
                    apply_row(&mut row, &p.row, today, checker);
                    let after = row.update(w.txn()).await?;
                    w.record(Event::new("update", "service", service_id).before(json(before)).after(json(&after)))
                        .await?;
                }
            }
        }
        let summary = serde_json::json!({
            "created": report.created(), "changed": report.changed(), "unchanged": report.unchanged(),
        });
        w.commit(Event::new("import", "actor_map", area_id).after(Some(summary))).await?;
        Ok(report)
    }
}

//! The local area plan's next review, kept (issue 15): each entry carries the day of its next
//! review and its responsible organisation as they stand now, so a process leader's review
//! list across the whole country is read from an index (the soonest first) instead of every
//! entry's revisions and reviews. Both are kept by the entry's writes; the plan on a past date
//! is still read from its revisions and reviews.
//!
//! Organisations get indexes on the ends of their period, so the entries whose organisation is
//! no longer (or not yet) active are found from the few such organisations.

use std::collections::HashMap;

use chrono::NaiveDate;
use samverkan_domain::local::area_plan::EntryState;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn index(table: &'static str, cols: &[&'static str]) -> IndexCreateStatement {
    let mut ix = Index::create();
    ix.name(format!("ix_{table}_{}", cols.join("_"))).table(table);
    for c in cols {
        ix.col(*c);
    }
    ix.take()
}

const INDEXES: [(&str, &[&str]); 4] = [
    ("area_plan_entries", &["next_review_on", "area_id", "id"]),
    ("area_plan_entries", &["organisation_id"]),
    ("organisations", &["valid_to"]),
    ("organisations", &["valid_from"]),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table("area_plan_entries").add_column(date_null("next_review_on")).to_owned())
            .await?;
        m.alter_table(Table::alter().table("area_plan_entries").add_column(integer_null("organisation_id")).to_owned())
            .await?;
        backfill(m).await?;
        for (table, cols) in INDEXES {
            m.create_index(index(table, cols)).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (table, cols) in INDEXES {
            m.drop_index(Index::drop().name(format!("ix_{table}_{}", cols.join("_"))).table(table).to_owned()).await?;
        }
        for col in ["organisation_id", "next_review_on"] {
            m.alter_table(Table::alter().table("area_plan_entries").drop_column(col).to_owned()).await?;
        }
        Ok(())
    }
}

/// Each existing entry's next review and organisation, from its latest revision and review.
async fn backfill(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = m.get_connection();
    let backend = db.get_database_backend();
    let entries = Query::select().columns(["id", "valid_from"]).from("area_plan_entries").to_owned();
    let revisions = Query::select()
        .columns(["entry_id", "organisation_id", "review_interval_months"])
        .from("area_plan_revisions")
        .order_by("valid_from", Order::Asc)
        .order_by("id", Order::Asc)
        .to_owned();
    let reviews = Query::select().columns(["entry_id", "reviewed_on"]).from("area_plan_reviews").to_owned();
    let mut latest: HashMap<i32, (i32, i32)> = HashMap::new();
    for row in db.query_all_raw(backend.build(&revisions)).await? {
        latest.insert(
            row.try_get("", "entry_id")?,
            (row.try_get("", "organisation_id")?, row.try_get("", "review_interval_months")?),
        );
    }
    let mut reviewed: HashMap<i32, NaiveDate> = HashMap::new();
    for row in db.query_all_raw(backend.build(&reviews)).await? {
        let day: NaiveDate = row.try_get("", "reviewed_on")?;
        let e = reviewed.entry(row.try_get("", "entry_id")?).or_insert(day);
        *e = std::cmp::Ord::max(*e, day);
    }
    for row in db.query_all_raw(backend.build(&entries)).await? {
        let id: i32 = row.try_get("", "id")?;
        let valid_from: NaiveDate = row.try_get("", "valid_from")?;
        let Some(&(organisation_id, months)) = latest.get(&id) else { continue };
        let state = EntryState {
            since: reviewed.get(&id).copied().unwrap_or(valid_from),
            months: <u32 as TryFrom<i32>>::try_from(months).unwrap_or(12),
            organisation_active: true,
        };
        let update = Query::update()
            .table("area_plan_entries")
            .value("next_review_on", state.next_review())
            .value("organisation_id", organisation_id)
            .and_where(Expr::col("id").eq(id))
            .to_owned();
        db.execute_raw(backend.build(&update)).await?;
    }
    Ok(())
}

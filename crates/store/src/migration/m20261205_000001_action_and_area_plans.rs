//! Local action plans and the local area plan (issue 15).
//!
//! - `action_plans`: an area's plan for a prioritised target group, optionally implementing an
//!   agreement (`agreement_id`, one whose working model is "local action plans") and decided at
//!   one of the area's network meetings (`meeting_id`); its goal and period.
//! - `action_plan_activities`: a plan's activities (owner function, due date, status, progress
//!   in whole percent).
//! - `action_plan_notes`: a plan's dated follow-up notes.
//! - `area_plan_entries`: an area's areas of responsibility in its local area plan
//!   (*närområdesplan*), from the day each was added (`valid_from`).
//! - `area_plan_revisions`: what an entry said from a day on (responsible organisation, contact
//!   function, review interval), so the plan as it stood on any past date stays readable.
//! - `area_plan_reviews`: an entry's reviews (when, by which function, what changed).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn fk(from_table: &'static str, from_col: &'static str, to_table: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{from_table}_{from_col}"))
        .from(from_table, from_col)
        .to(to_table, "id")
        .on_delete(ForeignKeyAction::Restrict)
        .take()
}

fn index(table: &'static str, cols: &[&'static str]) -> IndexCreateStatement {
    let mut ix = Index::create();
    ix.name(format!("ix_{table}_{}", cols.join("_"))).table(table);
    for c in cols {
        ix.col(*c);
    }
    ix.take()
}

const TABLES: [&str; 6] = [
    "area_plan_reviews",
    "area_plan_revisions",
    "area_plan_entries",
    "action_plan_notes",
    "action_plan_activities",
    "action_plans",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("action_plans")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("area_id"))
                .col(string("title"))
                .col(string("target_group"))
                .col(integer_null("agreement_id"))
                .col(text("goal"))
                .col(date("starts_on"))
                .col(date_null("ends_on"))
                .col(integer_null("meeting_id"))
                .col(boolean("synthetic").default(false))
                .foreign_key(&mut fk("action_plans", "area_id", "areas"))
                .foreign_key(&mut fk("action_plans", "agreement_id", "agreements"))
                .foreign_key(&mut fk("action_plans", "meeting_id", "meetings"))
                .take(),
        )
        .await?;
        m.create_index(index("action_plans", &["area_id", "starts_on"])).await?;
        m.create_index(index("action_plans", &["agreement_id"])).await?;

        m.create_table(
            Table::create()
                .table("action_plan_activities")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("plan_id"))
                .col(text("description"))
                .col(string("owner_function"))
                .col(date_null("due_on"))
                .col(string("status"))
                .col(integer("progress"))
                .foreign_key(&mut fk("action_plan_activities", "plan_id", "action_plans"))
                .take(),
        )
        .await?;
        m.create_index(index("action_plan_activities", &["plan_id"])).await?;

        m.create_table(
            Table::create()
                .table("action_plan_notes")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("plan_id"))
                .col(date("noted_on"))
                .col(text("note"))
                .foreign_key(&mut fk("action_plan_notes", "plan_id", "action_plans"))
                .take(),
        )
        .await?;
        m.create_index(index("action_plan_notes", &["plan_id"])).await?;

        m.create_table(
            Table::create()
                .table("area_plan_entries")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("area_id"))
                .col(date("valid_from"))
                .col(boolean("synthetic").default(false))
                .foreign_key(&mut fk("area_plan_entries", "area_id", "areas"))
                .take(),
        )
        .await?;
        m.create_index(index("area_plan_entries", &["area_id"])).await?;

        m.create_table(
            Table::create()
                .table("area_plan_revisions")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("entry_id"))
                .col(date("valid_from"))
                .col(string("responsibility"))
                .col(integer("organisation_id"))
                .col(string("contact_function"))
                .col(integer("review_interval_months"))
                .foreign_key(&mut fk("area_plan_revisions", "entry_id", "area_plan_entries"))
                .foreign_key(&mut fk("area_plan_revisions", "organisation_id", "organisations"))
                .take(),
        )
        .await?;
        m.create_index(index("area_plan_revisions", &["entry_id", "valid_from"])).await?;

        m.create_table(
            Table::create()
                .table("area_plan_reviews")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("entry_id"))
                .col(date("reviewed_on"))
                .col(string("reviewed_by"))
                .col(text("changes"))
                .foreign_key(&mut fk("area_plan_reviews", "entry_id", "area_plan_entries"))
                .take(),
        )
        .await?;
        m.create_index(index("area_plan_reviews", &["entry_id", "reviewed_on"])).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in TABLES {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

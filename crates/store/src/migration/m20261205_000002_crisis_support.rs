//! Crisis support at a serious event (issue 15).
//!
//! - `crisis_lists`: an area's crisis contact list as a whole: where the local crisis
//!   organisation meets, and when the list was last checked (saved) and by whom.
//! - `crisis_contacts`: the list's functions, in order, each with its holder's phone and e-mail
//!   and a deputy.
//! - `incidents`: an activation of crisis support in an area (what, where, when, who activated
//!   it), closed with an after-action summary.
//! - `incident_recipients`: each contact told of an incident, as the list stood then, with the
//!   SHA-256 of its personal acknowledgement secret and when it acknowledged.
//! - `incident_log_entries`: the incident's time-stamped log.

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

fn index(table: &'static str, cols: &[&'static str], unique: bool) -> IndexCreateStatement {
    let mut ix = Index::create();
    ix.name(format!("ix_{table}_{}", cols.join("_"))).table(table);
    if unique {
        ix.unique();
    }
    for c in cols {
        ix.col(*c);
    }
    ix.take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("crisis_lists")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("area_id"))
                .col(text_null("meeting_place"))
                .col(string_null("checked_at"))
                .col(string_null("checked_by"))
                .col(boolean("synthetic").default(false))
                .foreign_key(&mut fk("crisis_lists", "area_id", "areas"))
                .take(),
        )
        .await?;
        m.create_index(index("crisis_lists", &["area_id"], true)).await?;
        m.create_table(
            Table::create()
                .table("crisis_contacts")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("area_id"))
                .col(integer("position"))
                .col(string("function"))
                .col(string_null("holder"))
                .col(string_null("phone"))
                .col(string_null("email"))
                .col(string_null("deputy"))
                .col(string_null("deputy_phone"))
                .col(string_null("deputy_email"))
                .col(boolean("synthetic").default(false))
                .foreign_key(&mut fk("crisis_contacts", "area_id", "areas"))
                .take(),
        )
        .await?;
        m.create_index(index("crisis_contacts", &["area_id", "position"], false)).await?;
        m.create_table(
            Table::create()
                .table("incidents")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("area_id"))
                .col(text("what"))
                .col(string("place"))
                .col(string("occurred_at"))
                .col(string("activated_at"))
                .col(string("activated_by"))
                .col(string_null("closed_at"))
                .col(string_null("closed_by"))
                .col(text_null("summary"))
                .col(boolean("synthetic").default(false))
                .foreign_key(&mut fk("incidents", "area_id", "areas"))
                .take(),
        )
        .await?;
        m.create_index(index("incidents", &["area_id", "activated_at"], false)).await?;
        m.create_table(
            Table::create()
                .table("incident_recipients")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("incident_id"))
                .col(integer("position"))
                .col(string("function"))
                .col(string_null("holder"))
                .col(string_null("email"))
                .col(string("secret_hash"))
                .col(string_null("acknowledged_at"))
                .col(integer_null("outbox_id"))
                .foreign_key(&mut fk("incident_recipients", "incident_id", "incidents"))
                .take(),
        )
        .await?;
        m.create_index(index("incident_recipients", &["incident_id", "position"], false)).await?;
        m.create_table(
            Table::create()
                .table("incident_log_entries")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("incident_id"))
                .col(string("written_at"))
                .col(string("written_by"))
                .col(text("text"))
                .foreign_key(&mut fk("incident_log_entries", "incident_id", "incidents"))
                .take(),
        )
        .await?;
        m.create_index(index("incident_log_entries", &["incident_id", "written_at"], false)).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["incident_log_entries", "incident_recipients", "incidents", "crisis_contacts", "crisis_lists"] {
            m.drop_table(Table::drop().table(t).take()).await?;
        }
        Ok(())
    }
}

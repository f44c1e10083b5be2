//! The preparatory handling of a version at one party (*beredning*): the committees that give
//! their opinion, often in parallel, then the executive board that proposes the decision, after
//! OParl's *consultation*. It belongs to the party's matter (the version at that party), not to a
//! decision: it happens before there is one, and a referral back sends the matter through it
//! again. Replaces `decision_steps`, which hung the steps on a decision and was never written to.

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

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("decision_steps").if_exists().to_owned()).await?;
        m.create_table(
            Table::create()
                .table("preparatory_steps")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("version_id"))
                .col(integer("party_id"))
                .col(string("body_name"))
                .col(integer_null("body_id"))
                .col(string("role"))
                .col(date_null("handled_on"))
                .col(string_null("handled_text"))
                .col(string_null("outcome"))
                .col(string_null("paragraph"))
                .foreign_key(&mut fk("preparatory_steps", "version_id", "agreement_versions"))
                .foreign_key(&mut fk("preparatory_steps", "party_id", "parties"))
                .foreign_key(&mut fk("preparatory_steps", "body_id", "bodies"))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_preparatory_steps_version_id_party_id")
                .table("preparatory_steps")
                .col("version_id")
                .col("party_id")
                .take(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("preparatory_steps").to_owned()).await?;
        m.create_table(
            Table::create()
                .table("decision_steps")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("decision_id"))
                .col(string("body_name"))
                .col(string("role"))
                .col(date_null("decided_on"))
                .col(string_null("outcome"))
                .foreign_key(&mut fk("decision_steps", "decision_id", "decisions"))
                .take(),
        )
        .await
    }
}

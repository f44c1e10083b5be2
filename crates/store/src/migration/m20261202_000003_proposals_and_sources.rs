//! Two things the sources tell about HÖK that had no place (issue 13, item 6):
//!
//! - `proposals`: a proposal of a version put to a body before it is recommended (the officials'
//!   steering group's proposal to VIS in September 2021): who put it forward, to whom, and when
//!   (a day, or words with their interval, as the other steps of the process). It changes no
//!   version's state.
//! - `agreement_sources`: the documents an agreement's facts rest on, each with its public page
//!   when the documents themselves give one (`url` NULL when none does: no address is guessed).

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
        m.create_table(
            Table::create()
                .table("proposals")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("version_id"))
                .col(string("body_name"))
                .col(integer_null("body_id"))
                .col(string("to_body_name"))
                .col(integer_null("to_body_id"))
                .col(date_null("proposed_on"))
                .col(string_null("proposed_text"))
                .col(text_null("proposed_edtf"))
                .col(date_null("proposed_first"))
                .col(date_null("proposed_last"))
                .foreign_key(&mut fk("proposals", "version_id", "agreement_versions"))
                .foreign_key(&mut fk("proposals", "body_id", "bodies"))
                .foreign_key(&mut fk("proposals", "to_body_id", "bodies"))
                .take(),
        )
        .await?;
        m.create_index(Index::create().name("ix_proposals_version_id").table("proposals").col("version_id").take())
            .await?;
        m.create_table(
            Table::create()
                .table("agreement_sources")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("agreement_id"))
                .col(string("title"))
                .col(text_null("detail"))
                .col(string_null("url"))
                .foreign_key(&mut fk("agreement_sources", "agreement_id", "agreements"))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_agreement_sources_agreement_id")
                .table("agreement_sources")
                .col("agreement_id")
                .take(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("agreement_sources").to_owned()).await?;
        m.drop_table(Table::drop().table("proposals").to_owned()).await
    }
}

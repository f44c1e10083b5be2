//! The audit trail: an append-only table of events, each carrying the hash of the one before.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("audit_events")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(string("occurred_at"))
                .col(string("actor"))
                .col(string("action"))
                .col(string("entity"))
                .col(string_null("entity_id"))
                .col(text_null("before"))
                .col(text_null("after"))
                .col(string("prev_hash"))
                .col(string_uniq("hash"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_audit_events_entity")
                .table("audit_events")
                .if_not_exists()
                .col("entity")
                .col("entity_id")
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("audit_events").to_owned()).await
    }
}

//! The action plans implementing an agreement, read in the order its page shows them (the
//! latest started first) from an index: the page shows the first few of hundreds, and without
//! the order in the index every one of them was read, joined to its names and sorted first.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const OLD: &str = "ix_action_plans_agreement_id";
const NEW: &str = "ix_action_plans_agreement_id_starts_on_id";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(
            Index::create().name(NEW).table("action_plans").col("agreement_id").col("starts_on").col("id").to_owned(),
        )
        .await?;
        // The new index serves every lookup by agreement the old one did.
        m.drop_index(Index::drop().name(OLD).table("action_plans").to_owned()).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(Index::create().name(OLD).table("action_plans").col("agreement_id").to_owned()).await?;
        m.drop_index(Index::drop().name(NEW).table("action_plans").to_owned()).await
    }
}

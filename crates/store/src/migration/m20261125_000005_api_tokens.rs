//! Personal API tokens: each belongs to one account, is stored only as its SHA-256 hash, and is
//! revoked (kept, with the moment) rather than deleted, so its history stays readable.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("api_tokens")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("user_id"))
                .col(string("name"))
                .col(string_uniq("token_hash"))
                .col(string("created_at"))
                .col(string_null("last_used_at"))
                .col(string_null("revoked_at"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_api_tokens_user_id")
                        .from("api_tokens", "user_id")
                        .to("users", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("ix_api_tokens_user_id").table("api_tokens").if_not_exists().col("user_id").to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("api_tokens").to_owned()).await
    }
}

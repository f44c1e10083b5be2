//! Accounts, the roles granted to them, their sessions, and failed sign-ins (for throttling).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("users")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(string_uniq("email"))
                .col(text_null("password_hash"))
                .col(boolean("must_change_password").default(true))
                .col(string_null("external_issuer"))
                .col(string_null("external_subject"))
                .col(boolean("disabled").default(false))
                .col(string("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_users_external_identity")
                .table("users")
                .if_not_exists()
                .col("external_issuer")
                .col("external_subject")
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("user_grants")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("user_id"))
                .col(string("role"))
                .col(integer_null("party_id"))
                .col(integer_null("area_id"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_user_grants_user_id")
                        .from("user_grants", "user_id")
                        .to("users", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_user_grants_party_id")
                        .from("user_grants", "party_id")
                        .to("parties", "id")
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_user_grants_area_id")
                        .from("user_grants", "area_id")
                        .to("areas", "id")
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_user_grants_user_id")
                .table("user_grants")
                .if_not_exists()
                .col("user_id")
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("sessions")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(string_uniq("token_hash"))
                .col(integer("user_id"))
                .col(string("csrf_token"))
                .col(string("created_at"))
                .col(string("expires_at"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_sessions_user_id")
                        .from("sessions", "user_id")
                        .to("users", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("login_failures")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(string("key"))
                .col(string("at"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_login_failures_key_at")
                .table("login_failures")
                .if_not_exists()
                .col("key")
                .col("at")
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("login_failures").to_owned()).await?;
        m.drop_table(Table::drop().table("sessions").to_owned()).await?;
        m.drop_table(Table::drop().table("user_grants").to_owned()).await?;
        m.drop_table(Table::drop().table("users").to_owned()).await
    }
}

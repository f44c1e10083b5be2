//! A party's withdrawal from a version of an agreement in force (*uppsägning*, issue 13): its
//! decision (deciding body, day, paragraph, diary number) and the day it leaves from. The
//! version stays in force for the other parties; a later withdrawal of the party stands over an
//! earlier one, and both stay on record.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn fk(from_col: &'static str, to_table: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_withdrawals_{from_col}"))
        .from("withdrawals", from_col)
        .to(to_table, "id")
        .on_delete(ForeignKeyAction::Restrict)
        .take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("withdrawals")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("version_id"))
                .col(integer("party_id"))
                .col(string("deciding_body"))
                .col(integer_null("deciding_body_id"))
                .col(date("decided_on"))
                .col(string_null("paragraph"))
                .col(string_null("diary_number"))
                .col(date("leaves_on"))
                .foreign_key(&mut fk("version_id", "agreement_versions"))
                .foreign_key(&mut fk("party_id", "parties"))
                .foreign_key(&mut fk("deciding_body_id", "bodies"))
                .take(),
        )
        .await?;
        m.create_index(Index::create().name("ix_withdrawals_version_id").table("withdrawals").col("version_id").take())
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("withdrawals").to_owned()).await
    }
}

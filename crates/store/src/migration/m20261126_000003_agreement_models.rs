//! The coded working models of each agreement (how it is implemented, followed up and supported
//! digitally), so that agreements sharing a model can be found and compared. The free-text
//! descriptions stay on `agreements`.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("agreement_models")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("agreement_id"))
                .col(string("model"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_agreement_models_agreement_id")
                        .from("agreement_models", "agreement_id")
                        .to("agreements", "id")
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_agreement_models_agreement_id_model")
                .table("agreement_models")
                .col("agreement_id")
                .col("model")
                .unique()
                .take(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("agreement_models").to_owned()).await
    }
}

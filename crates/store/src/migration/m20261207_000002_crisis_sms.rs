//! Crisis alerts by text message as well (issue 15): the outbox carries a message's channel
//! (`email`, or `sms` with a telephone number as its recipient), and each recipient of an
//! incident the number its text message went to and that message.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter().table("outbox_messages").add_column(string("channel").default("email")).to_owned(),
        )
        .await?;
        m.alter_table(Table::alter().table("incident_recipients").add_column(string_null("sms_number")).to_owned())
            .await?;
        m.alter_table(Table::alter().table("incident_recipients").add_column(integer_null("sms_outbox_id")).to_owned())
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in ["sms_outbox_id", "sms_number"] {
            m.alter_table(Table::alter().table("incident_recipients").drop_column(col).to_owned()).await?;
        }
        m.alter_table(Table::alter().table("outbox_messages").drop_column("channel").to_owned()).await?;
        Ok(())
    }
}

//! Two reference facts the sources do not bear out, corrected in databases loaded before (the
//! reference files are corrected too): KSON is a *kommunalförbund* (its name says so), not a
//! *gemensam nämnd*; and no source gives VIS tjänstestyrgrupp a short name ("VIS TSG" was made
//! up). Synthetic rows are left alone.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        db.execute_unprepared(
            "UPDATE organisations SET kind = 'municipal_federation' \
             WHERE kind = 'joint_authority' AND synthetic = false \
             AND name = 'Kommunalförbundet Sjukvård och omsorg i Norrtälje (KSON)'",
        )
        .await?;
        db.execute_unprepared(
            "UPDATE bodies SET short_name = NULL \
             WHERE name = 'VIS tjänstestyrgrupp' AND short_name = 'VIS TSG' AND synthetic = false",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, _: &SchemaManager) -> Result<(), DbErr> {
        // The old values were wrong; there is nothing to go back to.
        Ok(())
    }
}

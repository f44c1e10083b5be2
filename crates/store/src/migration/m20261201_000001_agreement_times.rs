//! Imprecise times as intervals, and an agreement's own parties (issue 13).
//!
//! Beside each day-or-words pair of the agreements' process (a version's date, a consultation's
//! sending, a recommendation's and a decision's time, a preparatory step's) come the interval
//! the two stand for: its EDTF (`2022-21`) and its first and last day. Existing rows get theirs
//! from their day or words here (`samverkan_domain::when`); words that cannot be read leave
//! them empty. A version gains the time it came into force as the sources tell it
//! (`in_force_on` or `in_force_text`, with its interval), and an agreement the list of parties
//! that must adopt it (`agreement_parties`; none listed is every party).
//!
//! Two reference facts of HÖK, corrected in databases loaded before (the reference files are
//! corrected too, see `data/README.md`): it came into force in September 2022 (Storsthlm's
//! timeline; no day given), and its consultation went to the municipalities only (the Region
//! was asked separately), so the Region is no recipient, unless it has answered.

use sea_orm::ConnectionTrait;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// HÖK's title in the reference data.
const HOK: &str = "Huvudöverenskommelse om länsövergripande samverkan kring hälsa, vård och omsorg";

/// Each table's day-or-words pairs: its day column, its words column, the stem of the new ones.
const PAIRS: [(&str, &str, &str, &str); 5] = [
    ("agreement_versions", "date", "date_text", "date"),
    ("consultations", "sent_on", "sent_text", "sent"),
    ("recommendations", "decided_on", "decided_text", "decided"),
    ("decisions", "decided_on", "decided_text", "decided"),
    ("preparatory_steps", "handled_on", "handled_text", "handled"),
];

async fn add_interval(m: &SchemaManager<'_>, table: &str, stem: &str) -> Result<(), DbErr> {
    for col in
        [text_null(format!("{stem}_edtf")), date_null(format!("{stem}_first")), date_null(format!("{stem}_last"))]
    {
        let mut col = col;
        m.alter_table(Table::alter().table(table.to_owned()).add_column(&mut col).to_owned()).await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (table, _, _, stem) in PAIRS {
            add_interval(m, table, stem).await?;
        }
        let mut on = date_null("in_force_on");
        m.alter_table(Table::alter().table("agreement_versions").add_column(&mut on).to_owned()).await?;
        let mut text = text_null("in_force_text");
        m.alter_table(Table::alter().table("agreement_versions").add_column(&mut text).to_owned()).await?;
        add_interval(m, "agreement_versions", "in_force").await?;
        for (table, day, words, stem) in PAIRS {
            backfill(m, table, day, words, stem).await?;
        }
        let db = m.get_connection();
        db.execute_unprepared(&format!(
            "UPDATE agreement_versions SET in_force_text = 'september 2022', in_force_edtf = '2022-09', \
             in_force_first = '2022-09-01', in_force_last = '2022-09-30' \
             WHERE number = '2021' AND synthetic = false AND in_force_on IS NULL AND in_force_text IS NULL \
             AND agreement_id IN (SELECT id FROM agreements WHERE title = '{HOK}' AND synthetic = false)"
        ))
        .await?;
        db.execute_unprepared(&format!(
            "DELETE FROM consultation_recipients \
             WHERE party_id IN (SELECT id FROM parties WHERE code = '01' AND synthetic = false) \
             AND consultation_id IN (SELECT c.id FROM consultations c \
               JOIN agreement_versions v ON v.id = c.version_id JOIN agreements a ON a.id = v.agreement_id \
               WHERE a.title = '{HOK}' AND a.synthetic = false AND v.number = '2021' \
               AND c.sent_on IS NULL AND c.sent_text = 'våren 2021') \
             AND NOT EXISTS (SELECT 1 FROM consultation_answers x \
               WHERE x.consultation_id = consultation_recipients.consultation_id \
               AND x.party_id = consultation_recipients.party_id)"
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("agreement_parties")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("agreement_id"))
                .col(integer("party_id"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_agreement_parties_agreement_id")
                        .from("agreement_parties", "agreement_id")
                        .to("agreements", "id")
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_agreement_parties_party_id")
                        .from("agreement_parties", "party_id")
                        .to("parties", "id")
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_agreement_parties_agreement_id_party_id")
                .table("agreement_parties")
                .col("agreement_id")
                .col("party_id")
                .unique()
                .take(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("agreement_parties").to_owned()).await?;
        let mut tables: Vec<(&str, &str)> = PAIRS.iter().map(|(t, _, _, s)| (*t, *s)).collect();
        tables.push(("agreement_versions", "in_force"));
        for (table, stem) in tables {
            for suffix in ["edtf", "first", "last"] {
                m.alter_table(
                    Table::alter().table(table.to_owned()).drop_column(format!("{stem}_{suffix}")).to_owned(),
                )
                .await?;
            }
        }
        for col in ["in_force_on", "in_force_text"] {
            m.alter_table(Table::alter().table("agreement_versions").drop_column(col).to_owned()).await?;
        }
        Ok(())
    }
}

/// Each existing row's interval, from its day or its words.
async fn backfill(m: &SchemaManager<'_>, table: &str, day: &str, words: &str, stem: &str) -> Result<(), DbErr> {
    let db = m.get_connection();
    let backend = db.get_database_backend();
    let select =
        Query::select().columns(["id".to_owned(), day.to_owned(), words.to_owned()]).from(table.to_owned()).to_owned();
    for row in db.query_all_raw(backend.build(&select)).await? {
        let id: i32 = row.try_get("", "id")?;
        let on: Option<chrono::NaiveDate> = row.try_get("", day)?;
        let text: Option<String> = row.try_get("", words)?;
        let Some(reading) = samverkan_domain::when::reading_of(on, text.as_deref()) else { continue };
        let update = Query::update()
            .table(table.to_owned())
            .value(format!("{stem}_edtf"), reading.edtf)
            .value(format!("{stem}_first"), reading.span.first)
            .value(format!("{stem}_last"), reading.span.last)
            .and_where(Expr::col("id").eq(id))
            .to_owned();
        db.execute_raw(backend.build(&update)).await?;
    }
    Ok(())
}

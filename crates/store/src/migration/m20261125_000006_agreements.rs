//! Agreements (*överenskommelser*): the registry, versions, relations, and the process of a
//! version (consultation and answers, recommendations, each party's decision and the
//! preparatory handling before it). An agreement's state is not stored: it is derived from these
//! facts (`samverkan_domain::agreement`).

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

fn index(table: &'static str, cols: &[&'static str], unique: bool) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(format!("ix_{table}_{}", cols.join("_"))).table(table).if_not_exists();
    for c in cols {
        i.col(*c);
    }
    if unique {
        i.unique();
    }
    i.take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let tables = [
            Table::create()
                .table("agreements")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(string("title"))
                .col(string_null("short_name"))
                .col(string("kind"))
                // The samrådsgrupp (a body) that handles it.
                .col(integer_null("consultative_group_id"))
                // Its place under HÖK: the agreement it sits under.
                .col(integer_null("parent_id"))
                .col(text_null("summary"))
                // How it is implemented, followed up and supported digitally.
                .col(text_null("implementation"))
                .col(text_null("follow_up"))
                .col(text_null("digital_support"))
                .col(date_null("review_date"))
                .col(string("sort_key"))
                .col(boolean("synthetic").default(false))
                .foreign_key(&mut fk("agreements", "consultative_group_id", "bodies"))
                .foreign_key(&mut fk("agreements", "parent_id", "agreements"))
                .take(),
            Table::create()
                .table("agreement_target_groups")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("agreement_id"))
                .col(string("target_group"))
                .foreign_key(&mut fk("agreement_target_groups", "agreement_id", "agreements"))
                .take(),
            Table::create()
                .table("agreement_relations")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("agreement_id"))
                .col(integer("related_id"))
                .col(string("kind"))
                .foreign_key(&mut fk("agreement_relations", "agreement_id", "agreements"))
                .foreign_key(&mut fk("agreement_relations", "related_id", "agreements"))
                .take(),
            Table::create()
                .table("agreement_versions")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("agreement_id"))
                .col(string("number"))
                // The version's date when the sources give a day; else `date_text` ("våren 2022").
                .col(date_null("date"))
                .col(string_null("date_text"))
                .col(text_null("change_summary"))
                .col(date_null("earliest_start"))
                .col(date_null("valid_to"))
                // False for a version whose process predates the platform and is not on record
                // (a reference agreement in force since 2012): its state is "not recorded", not
                // "draft".
                .col(boolean("process_recorded").default(true))
                .col(boolean("synthetic").default(false))
                .foreign_key(&mut fk("agreement_versions", "agreement_id", "agreements"))
                .take(),
            Table::create()
                .table("consultations")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer_uniq("version_id"))
                // When the sources give no day: `sent_text` ("våren 2021").
                .col(date_null("sent_on"))
                .col(string_null("sent_text"))
                .col(date_null("deadline"))
                .foreign_key(&mut fk("consultations", "version_id", "agreement_versions"))
                .take(),
            Table::create()
                .table("consultation_recipients")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("consultation_id"))
                .col(integer("party_id"))
                .foreign_key(&mut fk("consultation_recipients", "consultation_id", "consultations"))
                .foreign_key(&mut fk("consultation_recipients", "party_id", "parties"))
                .take(),
            Table::create()
                .table("consultation_answers")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("consultation_id"))
                .col(integer("party_id"))
                .col(date("answered_on"))
                .col(string("stance"))
                .col(text_null("text"))
                .foreign_key(&mut fk("consultation_answers", "consultation_id", "consultations"))
                .foreign_key(&mut fk("consultation_answers", "party_id", "parties"))
                .take(),
            Table::create()
                .table("recommendations")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("version_id"))
                // Storsthlm's board (to the municipalities) or HSN (to the regional council).
                .col(integer_null("body_id"))
                .col(string("body_name"))
                .col(string("addressed_to"))
                // The day, or when the sources give none, the time in words ("november 2021").
                .col(date_null("decided_on"))
                .col(string_null("decided_text"))
                .col(string("outcome"))
                .foreign_key(&mut fk("recommendations", "version_id", "agreement_versions"))
                .foreign_key(&mut fk("recommendations", "body_id", "bodies"))
                .take(),
            Table::create()
                .table("decisions")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("version_id"))
                .col(integer("party_id"))
                // kommunfullmäktige / regionfullmäktige, by name (and as a body when registered).
                .col(string("deciding_body"))
                .col(integer_null("deciding_body_id"))
                // The day, or when the sources give none, the time in words ("våren 2022").
                .col(date_null("decided_on"))
                .col(string_null("decided_text"))
                .col(string_null("paragraph"))
                .col(string_null("diary_number"))
                .col(string("outcome"))
                // The bodies the decision is sent to (*expedieras till*), one per line.
                .col(text_null("sent_to"))
                .foreign_key(&mut fk("decisions", "version_id", "agreement_versions"))
                .foreign_key(&mut fk("decisions", "party_id", "parties"))
                .foreign_key(&mut fk("decisions", "deciding_body_id", "bodies"))
                .take(),
            // The preparatory handling before a decision (after OParl's *consultation*):
            // committees in parallel, then the executive board.
            Table::create()
                .table("decision_steps")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("decision_id"))
                .col(string("body_name"))
                .col(string("role"))
                .col(date_null("decided_on"))
                .col(string_null("outcome"))
                .foreign_key(&mut fk("decision_steps", "decision_id", "decisions"))
                .take(),
        ];
        for t in tables {
            m.create_table(t).await?;
        }
        for i in [
            index("agreements", &["sort_key", "id"], false),
            index("agreement_target_groups", &["agreement_id", "target_group"], true),
            index("agreement_relations", &["agreement_id"], false),
            index("agreement_relations", &["related_id"], false),
            index("agreement_versions", &["agreement_id"], false),
            index("consultation_recipients", &["consultation_id", "party_id"], true),
            index("consultation_answers", &["consultation_id", "party_id"], true),
            index("recommendations", &["version_id"], false),
            index("decisions", &["version_id", "party_id"], false),
            index("decision_steps", &["decision_id"], false),
        ] {
            m.create_index(i).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "decision_steps",
            "decisions",
            "recommendations",
            "consultation_answers",
            "consultation_recipients",
            "consultations",
            "agreement_versions",
            "agreement_relations",
            "agreement_target_groups",
            "agreements",
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

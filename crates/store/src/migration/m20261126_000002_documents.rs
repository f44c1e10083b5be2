//! Documents (*handlingar*): the files of an agreement's versions, of consultation answers and of
//! the parties' decisions.
//!
//! The bytes live in the database, in `document_contents` keyed by their SHA-256 (so the
//! metadata in `documents` stays light to query, and a file uploaded twice is stored once),
//! written in the same transaction as the metadata and the audit event. An upload is therefore
//! whole or absent after a crash, every instance serving the database serves it (SQLite or
//! PostgreSQL alike), and there is no directory anything could be served from by mistake: a file
//! is reachable only through the download handler, which sets its headers.

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
        m.create_table(
            Table::create()
                .table("document_contents")
                .if_not_exists()
                // Lower-case hex.
                .col(string_len("sha256", 64).primary_key())
                .col(big_integer("size"))
                .col(blob("bytes"))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("documents")
                .if_not_exists()
                .col(pk_auto("id"))
                // The agreement whose history records the upload; exactly one of the three
                // below says what the document belongs to.
                .col(integer("agreement_id"))
                .col(integer_null("version_id"))
                .col(integer_null("answer_id"))
                .col(integer_null("decision_id"))
                .col(string_null("title"))
                .col(string("file_name"))
                .col(string("media_type"))
                .col(big_integer("size"))
                .col(string_len("sha256", 64))
                // RFC 3339, UTC.
                .col(string("uploaded_at"))
                .foreign_key(&mut fk("documents", "agreement_id", "agreements"))
                .foreign_key(&mut fk("documents", "version_id", "agreement_versions"))
                .foreign_key(&mut fk("documents", "answer_id", "consultation_answers"))
                .foreign_key(&mut fk("documents", "decision_id", "decisions"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_documents_sha256")
                        .from("documents", "sha256")
                        .to("document_contents", "sha256")
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .take(),
        )
        .await?;
        for i in [
            index("documents", &["agreement_id", "id"], false),
            index("documents", &["version_id"], false),
            index("documents", &["answer_id"], false),
            index("documents", &["decision_id"], false),
        ] {
            m.create_index(i).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["documents", "document_contents"] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

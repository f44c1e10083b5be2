//! Documents (*handlingar*): files uploaded to an agreement's version, a consultation answer or a
//! party's decision, written through the same authorised, audited path as every other write.
//!
//! Where the bytes live: in the database (`document_contents`, keyed by SHA-256, so the metadata
//! in `documents` stays light to query and a file uploaded twice is stored once), written in the
//! same transaction as the metadata and the audit event. An upload is whole or absent after a
//! crash, any number of instances serve it from one database (SQLite or PostgreSQL), and no
//! directory exists that a web server could serve by mistake: a file is reachable only through
//! the download handler, which sets its headers.
//!
//! Who may upload: to a version, the process leaders (as for adding a version); to an answer,
//! the answering party's editors; to a decision, the deciding party's editors (process leaders
//! everywhere). What is accepted is decided by `samverkan_domain::document`.

use chrono::SecondsFormat;
use samverkan_domain::document::{
    AcceptedFile, DOCUMENT_TITLE_MAX, DocumentFormat, FILE_FIELD, FILE_MISSING, check_file,
};
use samverkan_domain::{Input, Owned};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use sha2::{Digest, Sha256};

use crate::entity::{agreement_version, consultation, consultation_answer, decision, document, document_content};
use crate::error::StoreError;
use crate::store::Store;
use crate::write::{Actor, Event, WriteError, Written, json};

/// What a document belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentOwner {
    /// A version of an agreement (the agreement text, its annexes).
    Version(i32),
    /// A party's consultation answer (its attachment).
    Answer(i32),
    /// A party's decision (the minutes' extract, the decision letter).
    Decision(i32),
}

/// A file as it arrived: the name the client gave and the bytes.
#[derive(Debug, Clone)]
pub struct UploadedFile {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// A stored document, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentInfo {
    pub id: i32,
    pub agreement_id: i32,
    pub owner: DocumentOwner,
    /// The version it concerns (the answer's or decision's version for those).
    pub version_id: i32,
    /// The answering or deciding party; none for a version's documents.
    pub party_id: Option<i32>,
    pub title: Option<String>,
    pub file_name: String,
    pub format: DocumentFormat,
    pub size: u64,
    /// Lower-case hex.
    pub sha256: String,
    /// RFC 3339, UTC.
    pub uploaded_at: String,
}

/// A consultation answer's id, with its version and party: what an answer's document is
/// resolved to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnswerKey {
    pub id: i32,
    pub version_id: i32,
    pub party_id: i32,
}

/// The agreement of a version, if the version exists.
async fn version_of(db: &impl sea_orm::ConnectionTrait, id: i32) -> Result<Option<i32>, sea_orm::DbErr> {
    Ok(agreement_version::Entity::find_by_id(id).one(db).await?.map(|v| v.agreement_id))
}

fn corrupt(e: impl ToString) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

/// The documents' rows as their readers see them; `versions` and `parties` of answers and
/// decisions are resolved from `answers` and `decisions`.
fn infos(
    rows: Vec<document::Model>,
    answers: &[AnswerKey],
    decisions: &[(i32, i32, i32)],
) -> Result<Vec<DocumentInfo>, StoreError> {
    let mut out = Vec::new();
    for d in rows {
        let (owner, version_id, party_id) = match (d.version_id, d.answer_id, d.decision_id) {
            (Some(v), None, None) => (DocumentOwner::Version(v), v, None),
            (None, Some(a), None) => {
                let key = answers.iter().find(|k| k.id == a).ok_or_else(|| corrupt(format!("no answer {a}")))?;
                (DocumentOwner::Answer(a), key.version_id, Some(key.party_id))
            }
            (None, None, Some(x)) => {
                let (_, v, p) =
                    decisions.iter().find(|(id, ..)| *id == x).ok_or_else(|| corrupt(format!("no decision {x}")))?;
                (DocumentOwner::Decision(x), *v, Some(*p))
            }
            _ => return Err(corrupt(format!("document {} belongs to no one thing", d.id))),
        };
        let format = DocumentFormat::from_media_type(&d.media_type)
            .ok_or_else(|| corrupt(format!("document {}: media type {}", d.id, d.media_type)))?;
        out.push(DocumentInfo {
            id: d.id,
            agreement_id: d.agreement_id,
            owner,
            version_id,
            party_id,
            title: d.title,
            file_name: d.file_name,
            format,
            size: u64::try_from(d.size).map_err(corrupt)?,
            sha256: d.sha256,
            uploaded_at: d.uploaded_at,
        });
    }
    Ok(out)
}

impl Store {
    /// Uploads a document to a version, an answer or a decision. Fields: `title` (optional);
    /// the file is checked by `samverkan_domain::document::check_file` (format by its bytes, size,
    /// name) and refused on the field `file`. The bytes, the metadata and the audit event on the
    /// agreement's history are written in one transaction.
    pub async fn add_document(
        &self,
        actor: &Actor,
        owner: DocumentOwner,
        mut input: Input,
        file: Option<UploadedFile>,
    ) -> Written {
        let write = self.write_as(actor).await?;
        let db = write.lookup();
        let (agreement_id, scope) = match owner {
            DocumentOwner::Version(id) => (version_of(db, id).await?.ok_or(WriteError::NotFound)?, Owned::Joint),
            DocumentOwner::Answer(id) => {
                let a = consultation_answer::Entity::find_by_id(id).one(db).await?.ok_or(WriteError::NotFound)?;
                let c = consultation::Entity::find_by_id(a.consultation_id)
                    .one(db)
                    .await?
                    .ok_or_else(|| corrupt(format!("answer {id} without its consultation")))?;
                let agreement =
                    version_of(db, c.version_id).await?.ok_or_else(|| corrupt("consultation without version"))?;
                (agreement, Owned::PartyAct { party_id: a.party_id })
            }
            DocumentOwner::Decision(id) => {
                let d = decision::Entity::find_by_id(id).one(db).await?.ok_or(WriteError::NotFound)?;
                let agreement =
                    version_of(db, d.version_id).await?.ok_or_else(|| corrupt("decision without version"))?;
                (agreement, Owned::PartyAct { party_id: d.party_id })
            }
        };
        let w = write.permit(scope)?;
        let title = input.optional_text("title", DOCUMENT_TITLE_MAX);
        let accepted = match &file {
            None => {
                input.reject(FILE_FIELD, FILE_MISSING);
                None
            }
            Some(f) => match check_file(&f.file_name, &f.bytes) {
                Ok(accepted) => Some(accepted),
                Err(e) => {
                    input.reject(&e.field, e.message);
                    None
                }
            },
        };
        input.finish()?;
        let (Some(AcceptedFile { format, file_name }), Some(file)) = (accepted, file) else {
            return Err(WriteError::Invalid(samverkan_domain::Invalid::one(FILE_FIELD, FILE_MISSING)));
        };
        let sha256 = hex::encode(Sha256::digest(&file.bytes));
        let size = i64::try_from(file.bytes.len()).map_err(corrupt)?;
        let stored = document_content::Entity::find_by_id(sha256.clone())
            .select_only()
            .column(document_content::Column::Sha256)
            .into_tuple::<String>()
            .one(w.txn())
            .await?;
        if stored.is_none() {
            // Without RETURNING: the bytes need not come back.
            document_content::Entity::insert(document_content::ActiveModel {
                sha256: Set(sha256.clone()),
                size: Set(size),
                bytes: Set(file.bytes),
            })
            .exec_without_returning(w.txn())
            .await?;
        }
        let (version_id, answer_id, decision_id) = match owner {
            DocumentOwner::Version(id) => (Some(id), None, None),
            DocumentOwner::Answer(id) => (None, Some(id), None),
            DocumentOwner::Decision(id) => (None, None, Some(id)),
        };
        let row = document::ActiveModel {
            agreement_id: Set(agreement_id),
            version_id: Set(version_id),
            answer_id: Set(answer_id),
            decision_id: Set(decision_id),
            title: Set(title?),
            file_name: Set(file_name),
            media_type: Set(format.media_type().to_owned()),
            size: Set(size),
            sha256: Set(sha256),
            uploaded_at: Set(chrono::Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)),
            ..Default::default()
        }
        .insert(w.txn())
        .await?;
        w.commit(Event::new("add_document", "agreement", agreement_id).after(json(&row))).await?;
        Ok(row.id)
    }

    /// Every document of an agreement (its versions', answers' and decisions'), in the order
    /// they were uploaded, in a fixed number of queries.
    pub async fn agreement_documents(&self, agreement_id: i32) -> Result<Vec<DocumentInfo>, StoreError> {
        let rows = document::Entity::find()
            .filter(document::Column::AgreementId.eq(agreement_id))
            .order_by_asc(document::Column::Id)
            .all(&self.db)
            .await?;
        self.infos(rows).await
    }

    /// A version's agreement (id and title) and its number, for a page about the version.
    pub async fn version_heading(&self, version_id: i32) -> Result<Option<(i32, String, String)>, StoreError> {
        let Some(v) = agreement_version::Entity::find_by_id(version_id).one(&self.db).await? else {
            return Ok(None);
        };
        let a = crate::entity::agreement::Entity::find_by_id(v.agreement_id)
            .one(&self.db)
            .await?
            .ok_or_else(|| corrupt(format!("version {version_id} without its agreement")))?;
        Ok(Some((a.id, a.title, v.number)))
    }

    /// One document's metadata.
    pub async fn document(&self, id: i32) -> Result<Option<DocumentInfo>, StoreError> {
        let Some(row) = document::Entity::find_by_id(id).one(&self.db).await? else {
            return Ok(None);
        };
        Ok(self.infos(vec![row]).await?.into_iter().next())
    }

    /// A document's bytes, by their SHA-256.
    pub async fn document_content(&self, sha256: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let row = document_content::Entity::find_by_id(sha256.to_owned()).one(&self.db).await?;
        Ok(row.map(|r| r.bytes))
    }

    /// How many documents are stored (and how many distinct contents).
    pub async fn document_counts(&self) -> Result<(u64, u64), StoreError> {
        Ok((document::Entity::find().count(&self.db).await?, document_content::Entity::find().count(&self.db).await?))
    }

    async fn infos(&self, rows: Vec<document::Model>) -> Result<Vec<DocumentInfo>, StoreError> {
        let answer_ids: Vec<i32> = rows.iter().filter_map(|d| d.answer_id).collect();
        let decision_ids: Vec<i32> = rows.iter().filter_map(|d| d.decision_id).collect();
        let mut answers = Vec::new();
        if !answer_ids.is_empty() {
            let found: Vec<(i32, i32, i32)> = consultation_answer::Entity::find()
                .select_only()
                .columns([
                    consultation_answer::Column::Id,
                    consultation_answer::Column::ConsultationId,
                    consultation_answer::Column::PartyId,
                ])
                .filter(consultation_answer::Column::Id.is_in(answer_ids))
                .into_tuple()
                .all(&self.db)
                .await?;
            let consultations: Vec<(i32, i32)> = consultation::Entity::find()
                .select_only()
                .columns([consultation::Column::Id, consultation::Column::VersionId])
                .filter(consultation::Column::Id.is_in(found.iter().map(|a| a.1)))
                .into_tuple()
                .all(&self.db)
                .await?;
            for (id, consultation_id, party_id) in found {
                if let Some((_, version_id)) = consultations.iter().find(|c| c.0 == consultation_id) {
                    answers.push(AnswerKey { id, version_id: *version_id, party_id });
                }
            }
        }
        let decisions: Vec<(i32, i32, i32)> = if decision_ids.is_empty() {
            Vec::new()
        } else {
            decision::Entity::find()
                .select_only()
                .columns([decision::Column::Id, decision::Column::VersionId, decision::Column::PartyId])
                .filter(decision::Column::Id.is_in(decision_ids))
                .into_tuple()
                .all(&self.db)
                .await?
        };
        infos(rows, &answers, &decisions)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use samverkan_domain::{Grant, Role};
    use serde_json::json;

    use super::*;

    fn pdf(text: &str) -> Vec<u8> {
        format!("%PDF-1.4\n% {text}\ntrailer << >>\n%%EOF\n").into_bytes()
    }

    #[tokio::test]
    async fn an_upload_is_stored_once_per_content_audited_and_refused_whole() {
        let (store, _dir) = crate::test_support::test_store("documents").await;
        let admin = Actor::user(0, vec![Grant::new(Role::Admin, None, None).unwrap()]);
        let input = |v| Input::from_json(v).unwrap();
        let agreement = store
            .create_agreement(
                &admin,
                input(json!({"title": "Hjälpmedel", "kind": "subject_area", "target_groups": ["all"]})),
            )
            .await
            .unwrap();
        let version = store.add_version(&admin, agreement, input(json!({"number": "1"}))).await.unwrap();
        let file = |name: &str, bytes: Vec<u8>| Some(UploadedFile { file_name: name.to_owned(), bytes });
        let events = store.audit_events_of("agreement", &agreement.to_string()).await.unwrap().len();

        let refused = store
            .add_document(
                &admin,
                DocumentOwner::Version(version),
                Input::from_form([]),
                file("a.pdf", b"<html>".to_vec()),
            )
            .await;
        assert!(matches!(refused, Err(WriteError::Invalid(ref i)) if i.message("file").is_some()), "{refused:?}");
        assert_eq!(store.document_counts().await.unwrap(), (0, 0));

        let form = |title: &str| Input::from_form([("title".to_owned(), title.to_owned())]);
        let first = store
            .add_document(&admin, DocumentOwner::Version(version), form("Avtal"), file("a.pdf", pdf("x")))
            .await
            .unwrap();
        store
            .add_document(&admin, DocumentOwner::Version(version), form("Igen"), file("b.pdf", pdf("x")))
            .await
            .unwrap();
        assert_eq!(store.document_counts().await.unwrap(), (2, 1));
        let info = store.document(first).await.unwrap().unwrap();
        assert_eq!(
            (info.owner, info.title.as_deref(), info.size),
            (DocumentOwner::Version(version), Some("Avtal"), pdf("x").len() as u64)
        );
        assert_eq!(store.document_content(&info.sha256).await.unwrap().unwrap(), pdf("x"));
        let trail = store.audit_events_of("agreement", &agreement.to_string()).await.unwrap();
        assert_eq!(trail.len(), events + 2);
        assert_eq!(trail[0].action, "add_document");

        let missing =
            store.add_document(&admin, DocumentOwner::Version(9999), form("x"), file("a.pdf", pdf("y"))).await;
        assert!(matches!(missing, Err(WriteError::NotFound)));
        let reader = Actor::user(1, vec![Grant::new(Role::Reader, None, None).unwrap()]);
        let refused =
            store.add_document(&reader, DocumentOwner::Version(version), form("x"), file("a.pdf", pdf("z"))).await;
        assert!(matches!(refused, Err(WriteError::NotPermitted)));
    }
}

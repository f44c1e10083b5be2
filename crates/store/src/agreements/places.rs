//! Where a record of an agreement's process belongs: its agreement, and its version. The API
//! reads a record at the address its create answered with by reading its agreement whole
//! (`Store::agreement`) and picking the record out; this is the small read that says which.

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};

use crate::entity::{
    agreement_relation, agreement_version, consultation, consultation_answer, decision, preparatory_step,
    recommendation, withdrawal,
};
use crate::error::StoreError;
use crate::store::Store;

/// A record of an agreement's process, by its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProcessRecord {
    Version(i32),
    Relation(i32),
    Consultation(i32),
    Answer(i32),
    Recommendation(i32),
    Decision(i32),
    PreparatoryStep(i32),
    Withdrawal(i32),
}

/// The agreement a record belongs to, and its version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordPlace {
    pub agreement_id: i32,
    /// `None` for a relation, which is the agreement's own.
    pub version_id: Option<i32>,
}

/// One id column of the row with `id`, or `None` when there is no such row.
async fn column_of<E: EntityTrait>(
    db: &impl ConnectionTrait,
    id_column: E::Column,
    column: E::Column,
    id: i32,
) -> Result<Option<i32>, DbErr> {
    E::find().select_only().column(column).filter(id_column.eq(id)).into_tuple().one(db).await
}

impl Store {
    /// Where a record of an agreement's process belongs; `None` when there is no such record.
    pub async fn place_of(&self, record: ProcessRecord) -> Result<Option<RecordPlace>, StoreError> {
        let db = &self.db;
        let version_id = match record {
            ProcessRecord::Relation(id) => {
                use agreement_relation::Column as C;
                let agreement = column_of::<agreement_relation::Entity>(db, C::Id, C::AgreementId, id).await?;
                return Ok(agreement.map(|agreement_id| RecordPlace { agreement_id, version_id: None }));
            }
            ProcessRecord::Version(id) => Some(id),
            ProcessRecord::Consultation(id) => {
                use consultation::Column as C;
                column_of::<consultation::Entity>(db, C::Id, C::VersionId, id).await?
            }
            ProcessRecord::Answer(id) => {
                use consultation_answer::Column as C;
                match column_of::<consultation_answer::Entity>(db, C::Id, C::ConsultationId, id).await? {
                    Some(c) => {
                        use consultation::Column as C;
                        column_of::<consultation::Entity>(db, C::Id, C::VersionId, c).await?
                    }
                    None => None,
                }
            }
            ProcessRecord::Recommendation(id) => {
                use recommendation::Column as C;
                column_of::<recommendation::Entity>(db, C::Id, C::VersionId, id).await?
            }
            ProcessRecord::Decision(id) => {
                use decision::Column as C;
                column_of::<decision::Entity>(db, C::Id, C::VersionId, id).await?
            }
            ProcessRecord::PreparatoryStep(id) => {
                use preparatory_step::Column as C;
                column_of::<preparatory_step::Entity>(db, C::Id, C::VersionId, id).await?
            }
            ProcessRecord::Withdrawal(id) => {
                use withdrawal::Column as C;
                column_of::<withdrawal::Entity>(db, C::Id, C::VersionId, id).await?
            }
        };
        let Some(version_id) = version_id else {
            return Ok(None);
        };
        use agreement_version::Column as C;
        let agreement = column_of::<agreement_version::Entity>(db, C::Id, C::AgreementId, version_id).await?;
        Ok(agreement.map(|agreement_id| RecordPlace { agreement_id, version_id: Some(version_id) }))
    }
}

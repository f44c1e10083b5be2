use sea_orm::DbErr;

/// A failure of the database itself: never the user's fault, logged and never shown in full.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] DbErr),
    /// A stored value that the domain does not accept (a corrupt or hand-edited row).
    #[error("stored value is invalid: {0}")]
    Corrupt(String),
}

//! What a database already holds, which decides what may be loaded into it: the reference data
//! goes into a database without synthetic data, synthetic data only into an empty one.

use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::entity::party;
use crate::error::StoreError;
use crate::store::Store;

impl Store {
    /// Whether the database holds no parties yet (a fresh database that needs the reference data).
    pub async fn is_empty(&self) -> Result<bool, StoreError> {
        Ok(party::Entity::find().count(&self.db).await? == 0)
    }

    /// Whether any party in the database is synthetic (made by `demo-data`).
    pub async fn has_synthetic_data(&self) -> Result<bool, StoreError> {
        Ok(party::Entity::find().filter(party::Column::Synthetic.eq(true)).count(&self.db).await? > 0)
    }
}

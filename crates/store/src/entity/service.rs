//! An actor's service in an area's map (HSDS 3 `service`): category, sector, status, contact
//! function and how to reach it, and when it was last verified.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, Default, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "services")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The actor: the organisation that provides the service.
    pub organisation_id: i32,
    /// The area whose map recorded it; its coordinators change it.
    pub area_id: i32,
    pub name: String,
    /// A `samverkan_domain::local::ServiceCategory` code.
    pub category: String,
    /// A `samverkan_domain::local::Sector` code.
    pub sector: String,
    /// A `samverkan_domain::local::ServiceStatus` code.
    pub status: String,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub web: Option<String>,
    /// A functional mailbox, never a person's.
    pub email: Option<String>,
    pub hsa_id: Option<String>,
    /// The contact *function* (a role, `Enhetschef`), not a person.
    pub contact_role: Option<String>,
    pub verified_on: Option<Date>,
    pub verified_by_user_id: Option<i32>,
    pub sort_key: String,
    pub synthetic: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

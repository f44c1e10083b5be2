//! A contact told of an incident, as the list stood then; only its secret's hash is kept.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, Default, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "incident_recipients")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub incident_id: i32,
    pub position: i32,
    pub function: String,
    pub holder: Option<String>,
    pub email: Option<String>,
    /// SHA-256 (hex) of the personal acknowledgement secret.
    #[serde(skip)]
    pub secret_hash: String,
    /// RFC 3339, UTC; NULL until acknowledged.
    pub acknowledged_at: Option<String>,
    /// The message in the outbox, when the contact has an e-mail address.
    pub outbox_id: Option<i32>,
    /// The number a text message went to (E.164), when SMS is configured and the contact has a
    /// mobile number.
    pub sms_number: Option<String>,
    /// That text message in the outbox.
    pub sms_outbox_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

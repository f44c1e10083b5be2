//! For tests only (built with the `test-clock` feature, as the tests' clock is): an actor of an
//! area's map, recorded the way a loader records, so the meetings' tests can invite one before
//! the actor map's own writes are at hand. Never in the program as shipped.

use samverkan_domain::local::actors::{Sector, ServiceCategory};
use samverkan_domain::swedish_sort_string;
use sea_orm::{ActiveModelTrait, Set};

use crate::entity::{organisation, service};
use crate::error::StoreError;
use crate::store::Store;
use crate::write::{Event, json};

impl Store {
    /// Records an organisation of no party for `area_id`'s map with one active service, and
    /// answers the service's id. On the trail as the system's load.
    pub async fn add_test_service(
        &self,
        area_id: i32,
        name: &str,
        category: ServiceCategory,
        sector: Sector,
        email: Option<&str>,
    ) -> Result<i32, StoreError> {
        let w = self.system_load().await?;
        let org = organisation::ActiveModel {
            name: Set(name.to_owned()),
            kind: Set("other".to_owned()),
            area_id: Set(Some(area_id)),
            sort_key: Set(swedish_sort_string(name)),
            synthetic: Set(false),
            ..Default::default()
        }
        .insert(w.txn())
        .await?;
        let row = service::ActiveModel {
            organisation_id: Set(org.id),
            area_id: Set(area_id),
            name: Set(name.to_owned()),
            category: Set(category.code().to_owned()),
            sector: Set(sector.code().to_owned()),
            status: Set("active".to_owned()),
            email: Set(email.map(str::to_owned)),
            contact_role: Set(Some("Enhetschef".to_owned())),
            sort_key: Set(swedish_sort_string(name)),
            synthetic: Set(false),
            ..Default::default()
        }
        .insert(w.txn())
        .await?;
        w.commit(Event::new("load", "service", row.id).after(json(&row))).await?;
        Ok(row.id)
    }
}

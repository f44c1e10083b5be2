//! The actor map's JSON (a service as the API gives it) and its filter, read from a query.

use chrono::NaiveDate;
use samverkan_domain::local::actors::{Sector, ServiceCategory};
use samverkan_store::{ActorFilter, Service};
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};

use crate::kit::{Error, RefJson};

/// A service on an area's actor map (HSDS 3 `service`), with the organisation that provides it.
/// Its e-mail is a functional mailbox and its contact a function (a role): neither is a
/// person's, so both are public.
#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceJson {
    /// The service's id: `/api/v1/services/{id}`.
    pub id: i32,
    /// The actor: the organisation that provides the service.
    pub organisation: RefJson,
    /// The area whose map recorded it; its coordinators change it.
    pub area: RefJson,
    pub name: String,
    #[schema(example = "health_centre")]
    pub category: &'static str,
    #[schema(example = "region")]
    pub sector: &'static str,
    /// HSDS 3's status, as stored (`temporarily_closed` with an underscore).
    #[schema(example = "active")]
    pub status: &'static str,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub web: Option<String>,
    /// A functional mailbox.
    pub email: Option<String>,
    #[schema(example = "SE2321000016-15CQ")]
    pub hsa_id: Option<String>,
    /// The contact function: a role, not a person.
    pub contact_role: Option<String>,
    /// The day it was last checked.
    pub verified_on: Option<NaiveDate>,
    /// Who last checked it (an account's e-mail address): only to signed-in callers (a
    /// personal token); null otherwise.
    pub verified_by: Option<String>,
    /// The areas it serves, its own among them.
    pub areas: Vec<RefJson>,
    /// True for data made by `samverkan demo-data`: invented, not real.
    pub synthetic: bool,
}

impl From<&Service> for ServiceJson {
    fn from(s: &Service) -> Self {
        let signed_in = crate::kit::visitor::contact_details_visible();
        ServiceJson {
            id: s.id,
            organisation: RefJson::from(&s.organisation),
            area: RefJson::from(&s.area),
            name: s.name.clone(),
            category: s.category.code(),
            sector: s.sector.code(),
            status: s.status.code(),
            address: s.address.clone(),
            phone: s.phone.clone(),
            web: s.web.clone(),
            email: s.email.clone(),
            hsa_id: s.hsa_id.clone(),
            contact_role: s.contact_role.clone(),
            verified_on: s.verified_on,
            verified_by: s.verified_by.clone().filter(|_| signed_in),
            areas: s.areas.iter().map(RefJson::from).collect(),
            synthetic: s.synthetic,
        }
    }
}

/// `?category=&sector=`: only the map's services of that category and sector.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // documents the parameters; `filter_of` reads them
pub struct ActorFilterParams {
    /// Bara tjänster av den kategorin.
    #[param(value_type = Option<String>, example = "health_centre")]
    category: Option<String>,
    /// Bara tjänster i den sektorn.
    #[param(value_type = Option<String>, example = "region")]
    sector: Option<String>,
}

/// Reads a map's filter from a query: `category` and `sector` as named (the page's are
/// `kategori` and `sektor`). An empty value is no filter on a page (a form's "Alla"); the API
/// refuses it, as it refuses any code that is none of the kind's.
pub fn filter_of(query: Option<&str>, names: (&str, &str), empty_is_absent: bool) -> Result<ActorFilter, Error> {
    let mut filter = ActorFilter::default();
    for (key, value) in form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
        if value.is_empty() && empty_is_absent {
            continue;
        }
        if key == names.0 {
            filter.category = Some(ServiceCategory::parse(&value).map_err(|e| Error::bad_request(names.0, e))?);
        } else if key == names.1 {
            filter.sector = Some(Sector::parse(&value).map_err(|e| Error::bad_request(names.1, e))?);
        }
    }
    Ok(filter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_names_a_wrong_code() {
        let f = filter_of(Some("kategori=hospital&sektor="), ("kategori", "sektor"), true).unwrap();
        assert_eq!((f.category, f.sector), (Some(ServiceCategory::Hospital), None));
        match filter_of(Some("sector=public"), ("category", "sector"), false) {
            Err(Error::BadRequest { field, message }) => assert!(field == "sector" && message.contains("public")),
            other => panic!("{other:?}"),
        }
        assert!(filter_of(Some("category="), ("category", "sector"), false).is_err());
    }
}

//! The actor map's commands (issue 14): a service of an area's map, and a new actor (a service
//! and the organisation that provides it). Their fields are the list's columns
//! ([`crate::local::actor_csv`]), held to the same rules, so what is saved on a form reads back
//! from the exported list unchanged. Rules across records (a map names each actor once, which
//! organisation may provide a service) are in [`crate::local::actor_map`]; the store runs them
//! after reading the command.

use chrono::NaiveDate;

use crate::command::{Cell, Read, Shape, Value};
use crate::edit::{Input, Reported};
use crate::local::actor_csv::{WEB_MAX, WEB_SPACE_REFUSED, is_hsa_id, not_an_hsa_id};
use crate::local::actors::{Sector, ServiceCategory, ServiceStatus};
use crate::values::{Email, Ids, Name, Phone};

/// The longest an HSA-id is: `SE`, ten digits, `-` and at most 31 characters.
pub const HSA_ID_MAX: usize = 44;

/// A one-line text value read by `read` and kept as it was read.
macro_rules! checked_text {
    ($(#[$meta:meta])* $name:ident, $max:expr, |$input:ident, $field:ident, $text:ident| $check:expr) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl From<$name> for String {
            fn from(v: $name) -> String {
                v.0
            }
        }

        impl Value for $name {
            const SHAPE: Shape = Shape::Line { max: $max };

            fn read($input: &mut Input, $field: &str) -> Read<Option<Self>> {
                let Some($text) = $input.optional_text($field, $max)? else { return Ok(None) };
                if let Some(message) = $check {
                    $input.reject($field, message);
                    return Err(Reported);
                }
                Ok(Some($name($text)))
            }

            fn text(&self) -> String {
                self.0.clone()
            }

            fn cell(&self) -> Cell {
                Cell::Text(Some(self.0.clone()))
            }

            fn null() -> Cell {
                Cell::Text(None)
            }

            fn from_cell(cell: Cell) -> Option<Option<Self>> {
                match cell {
                    Cell::Text(v) => Some(v.map($name)),
                    _ => None,
                }
            }
        }
    };
}

checked_text!(
    /// An HSA-id, shaped as [`is_hsa_id`] says (`SE2321000016-15CQ`).
    HsaId,
    HSA_ID_MAX,
    |input, field, text| (!is_hsa_id(&text)).then(|| not_an_hsa_id(&text))
);

checked_text!(
    /// A web address: one line with no white space, at most [`WEB_MAX`] characters.
    WebAddress,
    WEB_MAX,
    |input, field, text| text.chars().any(char::is_whitespace).then_some(WEB_SPACE_REFUSED)
);

crate::command! {
    /// A service on an area's actor map (*tjänst*, HSDS 3 `service`): what the actor does, which
    /// sector runs it, how to reach it and when it was last checked. Its contact is a function
    /// (a role), and its e-mail a functional mailbox: neither is a person's.
    pub struct ServiceDetails {
        /// The actor's name as the map shows it.
        name: Name = "Namn",
        category: ServiceCategory = "Kategori",
        sector: Sector = "Sektor",
        /// HSDS 3's status: active, inactive, defunct, temporarily closed.
        status: ServiceStatus = "Status",
        /// The visiting address.
        address: Option<Name> = "Besöksadress",
        phone: Option<Phone> = "Telefon",
        /// The web address.
        #[hint = "Till exempel https://www.1177.se/hitta-vard/…"]
        web: Option<WebAddress> = "Webbplats",
        /// A functional mailbox (`reception@…`), never a person's address.
        #[hint = "En funktionsbrevlåda, inte en persons adress."]
        email: Option<Email> = "Funktionsbrevlåda",
        /// The HSA-id, for health care: `SE`, the organisation number, `-` and the unit's own part.
        #[hint = "Till exempel SE2321000016-15CQ. Bara för hälso- och sjukvård."]
        hsa_id: Option<HsaId> = "HSA-id",
        /// The contact function: a role to ask for (`Enhetschef`), not a person's name.
        #[hint = "En roll, till exempel Enhetschef eller Samordnare, inte en persons namn."]
        contact_role: Option<Name> = "Kontaktfunktion",
        /// The day the details were last checked; today when left out.
        #[hint = "Lämna tomt för i dag."]
        verified_on: Option<NaiveDate> = "Senast kontrollerad",
        /// Other areas the service serves (area ids), besides the area whose map records it.
        #[hint = "Närområdet vars karta aktören läggs på ingår alltid."]
        areas: Ids = "Betjänar även närområdena",
    }
}

crate::command! {
    /// A new actor on an area's map: its service, and the organisation that provides it. An
    /// organisation already recorded (a party's health centre, one of the area's own) is named by
    /// its id; without one, the area's organisation of the service's name provides it, recorded
    /// for the area's map (of no party) if there is none.
    pub struct NewActor {
        details: ServiceDetails,
        /// The organisation that provides the service; left out, one of no party of the
        /// service's name, the area's.
        #[hint = "Lämna tomt för en ny organisation med tjänstens namn."]
        organisation_id: Option<i32> = "Organisation",
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::command::Command;
    use crate::local::actor_csv::HSA_ID;

    fn read<C: Command>(body: serde_json::Value) -> Result<C, crate::Invalid> {
        let mut input = Input::from_json(body)?;
        let command = C::read(&mut input);
        input.finish()?;
        command.map_err(|_| crate::Invalid(Vec::new()))
    }

    #[test]
    fn a_service_reads_its_fields_and_checks_their_shapes() {
        let service: ServiceDetails = read(json!({
            "name": "Tumba vårdcentral", "category": "health_centre", "sector": "region", "status": "active",
            "hsa_id": "SE2321000016-15CQ", "web": "https://example.se/tumba", "email": "Reception@Example.SE",
            "phone": "08-123 456 78", "contact_role": "Verksamhetschef", "areas": [3, 4],
        }))
        .unwrap();
        assert_eq!(service.hsa_id.as_deref(), Some("SE2321000016-15CQ"));
        assert_eq!(service.email.as_deref(), Some("reception@example.se"));
        assert_eq!(&*service.areas, &[3, 4]);
        assert_eq!(service.verified_on, None);

        let wrong = read::<ServiceDetails>(json!({
            "name": "X", "category": "hälsa", "sector": "region", "status": "active",
            "hsa_id": "SE23-1", "web": "https://example.se/a b",
        }))
        .unwrap_err();
        let message = |f: &str| wrong.message(f).map(str::to_owned).unwrap_or_default();
        assert!(message("hsa_id").contains("inget HSA-id"), "{wrong:?}");
        assert_eq!(message("web"), WEB_SPACE_REFUSED);
        assert!(message("category").contains("hälsa"), "{wrong:?}");
        // A list is never null: left out, it is empty.
        let null = read::<ServiceDetails>(json!({"name": "X", "category": "other", "sector": "region",
            "status": "active", "areas": null}))
        .unwrap_err();
        assert_eq!(null.message("areas"), Some("ska vara en lista"));
        assert_eq!(HSA_ID, "HSA-id");
    }

    #[test]
    fn a_new_actor_names_its_organisation_or_not() {
        let actor: NewActor = read(json!({
            "name": "Kyrkan", "category": "faith_community", "sector": "civil_society", "status": "active",
        }))
        .unwrap();
        assert_eq!(actor.organisation_id, None);
        let fields: Vec<&str> = NewActor::fields().iter().map(|f| f.name).collect();
        assert_eq!(fields.first(), Some(&"name"));
        assert_eq!(fields.last(), Some(&"organisation_id"));
        // A list is no column: the served areas are kept in a table of their own.
        assert!(!actor.cells().iter().any(|(name, _)| *name == "areas"));
    }
}

//! The rules of an area's actor map (*aktörskarta*) beyond the list's own columns: when a service
//! is due to be checked again, which organisation a service may be recorded for, which services
//! are health care (the FHIR export), and how an imported list meets the stored actors (what is
//! new, what has changed, what is the same).

use std::collections::HashMap;

use chrono::NaiveDate;

use super::actor_csv::{
    ADDRESS, ActorRow, CATEGORY, CHECKED, CONTACT_ROLE, EMAIL, HSA_ID, NAME, PHONE, RowError, SECTOR, STATUS, WEB,
};
use super::actors::ServiceCategory;
use super::participation::last_twelve_months;
use crate::kinds::OrganisationKind;

/// Whether a service last checked on `verified_on` is due to be checked again on `today`: never
/// checked, or not within the last twelve months ([`last_twelve_months`]: checked exactly a year
/// ago is due).
pub fn verification_due(verified_on: Option<NaiveDate>, today: NaiveDate) -> bool {
    verified_on.is_none_or(|d| d < last_twelve_months(today).0)
}

/// The last day a check may have been made on and still be due on `today` (for a query: due
/// when `verified_on` is empty or on or before this day).
pub fn due_if_checked_on_or_before(today: NaiveDate) -> NaiveDate {
    let (from, _) = last_twelve_months(today);
    from.pred_opt().unwrap_or(from)
}

/// What a day of checking after today is told: a check not yet made cannot be recorded.
pub const CHECKED_IN_FUTURE: &str = "kan inte vara efter i dag";

/// Whether `checked_on` is a day a check can have been made on by `today`.
pub fn check_checked_on(checked_on: Option<NaiveDate>, today: NaiveDate) -> Result<(), &'static str> {
    if checked_on.is_some_and(|d| d > today) { Err(CHECKED_IN_FUTURE) } else { Ok(()) }
}

/// Whether a service of `area_id`'s map may be provided by an organisation recorded for
/// `organisation_area` (`organisations.area_id`): a party's organisation, a joint one, or one of
/// the area's own map; not one another area's map recorded, which is that area's to keep.
pub fn may_provide(organisation_area: Option<i32>, area_id: i32) -> bool {
    organisation_area.is_none_or(|a| a == area_id)
}

/// What naming an organisation [`may_provide`] refuses is told (on `organisation_id`).
pub const PROVIDER_REFUSED: &str = "organisationen hör till ett annat närområdes aktörskarta; välj en partsorganisation \
     eller en av det här närområdets";

/// What a service whose name and address, or HSA-id, another service on the same map already has
/// is told: the export of the map could not be read back.
pub const SAME_ACTOR_NAME: &str = "en aktör med samma namn och adress finns redan på närområdets aktörskarta";
pub const SAME_ACTOR_HSA_ID: &str = "en aktör med samma HSA-id finns redan på närområdets aktörskarta";

impl ServiceCategory {
    /// Whether the service is health care (*hälso- och sjukvård*), given as a FHIR
    /// `HealthcareService`: the care the region or a private provider gives, not social
    /// services, housing, schools' pupil health or civil society.
    pub fn is_health_care(self) -> bool {
        matches!(
            self,
            ServiceCategory::HealthCentre
                | ServiceCategory::HomeHealthCare
                | ServiceCategory::Rehabilitation
                | ServiceCategory::AdultPsychiatry
                | ServiceCategory::ChildPsychiatry
                | ServiceCategory::AdvancedHomeCare
                | ServiceCategory::Hospital
        )
    }

    /// The kind of a new organisation recorded for a service of this category, when the actor
    /// was not an organisation already.
    pub fn organisation_kind(self) -> OrganisationKind {
        match self {
            ServiceCategory::HealthCentre => OrganisationKind::HealthCentre,
            c if c.is_health_care() => OrganisationKind::CareProvider,
            _ => OrganisationKind::Other,
        }
    }
}

/// Whether two services are the same actor by [`ActorRow::key`]'s rule, for the checks that a
/// map names each actor once: the same HSA-id, or the same name and address where at least one of
/// them has no HSA-id (two services with different HSA-ids are two actors, whatever their names).
pub fn same_actor(a: &ActorRow, b: &ActorRow) -> bool {
    match (&a.hsa_id, &b.hsa_id) {
        (Some(x), Some(y)) => x == y,
        _ => a.name_address() == b.name_address(),
    }
}

/// A stored service of the map an import is read against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known {
    pub service_id: i32,
    /// The area whose map recorded it (whose coordinators change it).
    pub area_id: i32,
    /// Its fields as a row of the list; `checked_on` is its `verified_on`.
    pub row: ActorRow,
}

/// What importing one row does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// A new actor: a service (and, unless the area has an organisation of that name, an
    /// organisation).
    Create,
    /// A stored service whose fields differ: written with the row's.
    Update { service_id: i32, area_id: i32 },
    /// A stored service with the same fields: nothing is written.
    Unchanged { service_id: i32 },
}

/// One row of an import and what it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    /// The row's number in the file (the header is row 1).
    pub row_number: usize,
    pub row: ActorRow,
    pub step: Step,
    /// The columns whose values differ from the stored service's (for an update).
    pub changed: Vec<&'static str>,
}

/// The columns (as the list heads them) in which a row says something other than the stored
/// service: any field, the day it was checked only when the row gives one (a list without that
/// column checks nothing again). None: the row is the stored service.
pub fn changed_columns(row: &ActorRow, stored: &ActorRow) -> Vec<&'static str> {
    [
        (NAME, row.name != stored.name),
        (CATEGORY, row.category != stored.category),
        (SECTOR, row.sector != stored.sector),
        (STATUS, row.status != stored.status),
        (ADDRESS, row.address != stored.address),
        (PHONE, row.phone != stored.phone),
        (WEB, row.web != stored.web),
        (EMAIL, row.email != stored.email),
        (HSA_ID, row.hsa_id != stored.hsa_id),
        (CONTACT_ROLE, row.contact_role != stored.contact_role),
        (CHECKED, row.checked_on.is_some() && row.checked_on != stored.checked_on),
    ]
    .into_iter()
    .filter_map(|(column, differs)| differs.then_some(column))
    .collect()
}

/// Which stored service a row is: the one with its HSA-id; else one with its name and address
/// (compared as [`ActorRow::key`] does) that has no HSA-id or where the row has none.
fn find<'a>(row: &ActorRow, known: &'a [Known]) -> Option<&'a Known> {
    if let Some(id) = &row.hsa_id
        && let Some(k) = known.iter().find(|k| k.row.hsa_id.as_ref() == Some(id))
    {
        return Some(k);
    }
    let key = row.name_address();
    known.iter().find(|k| (row.hsa_id.is_none() || k.row.hsa_id.is_none()) && k.row.name_address() == key)
}

/// Meets an imported list (as [`super::actor_csv::read_numbered_csv`] reads it) with the services
/// on the area's map: each row is new, changed or the same, so importing a list twice changes
/// nothing the second time. Two rows that are the same stored actor are refused (the second is
/// named), as is the whole list with them: nothing is imported from a list with any wrong row.
pub fn plan_import(rows: Vec<(usize, ActorRow)>, known: &[Known]) -> Result<Vec<Planned>, Vec<RowError>> {
    let mut errors = Vec::new();
    let mut taken: HashMap<i32, usize> = HashMap::new();
    let mut planned = Vec::new();
    for (row_number, row) in rows {
        let mut changed = Vec::new();
        let step = match find(&row, known) {
            None => Step::Create,
            Some(k) => {
                if let Some(first) = taken.insert(k.service_id, row_number) {
                    let column = if row.hsa_id.is_some() && k.row.hsa_id == row.hsa_id { HSA_ID } else { NAME };
                    errors.push(RowError {
                        row: row_number,
                        column: column.to_owned(),
                        message: format!("samma aktör som rad {first}"),
                    });
                    continue;
                }
                changed = changed_columns(&row, &k.row);
                if changed.is_empty() {
                    Step::Unchanged { service_id: k.service_id }
                } else {
                    Step::Update { service_id: k.service_id, area_id: k.area_id }
                }
            }
        };
        planned.push(Planned { row_number, row, step, changed });
    }
    if errors.is_empty() { Ok(planned) } else { Err(errors) }
}

/// What a changed row whose actor another area's map keeps is told, when the importer may not
/// change that area's actors.
pub fn kept_by_another_area(area_name: &str) -> String {
    format!("aktören finns på {area_name}s aktörskarta och ändras där; ta bort raden eller låt den vara oförändrad")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::local::actors::{Sector, ServiceStatus};

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap_or_default()
    }

    fn row(name: &str, address: Option<&str>, hsa_id: Option<&str>) -> ActorRow {
        ActorRow {
            name: name.to_owned(),
            category: ServiceCategory::HealthCentre,
            sector: Sector::Region,
            status: ServiceStatus::Active,
            address: address.map(str::to_owned),
            phone: None,
            web: None,
            email: None,
            hsa_id: hsa_id.map(str::to_owned),
            contact_role: None,
            checked_on: None,
        }
    }

    fn known(service_id: i32, row: ActorRow) -> Known {
        Known { service_id, area_id: 7, row }
    }

    #[test]
    fn a_check_is_due_after_twelve_months_or_when_never_made() {
        let today = day("2026-03-15");
        assert!(verification_due(None, today));
        assert!(!verification_due(Some(day("2026-03-15")), today));
        assert!(!verification_due(Some(day("2025-03-16")), today));
        assert!(verification_due(Some(day("2025-03-15")), today), "exactly a year ago is due");
        assert!(verification_due(Some(day("2020-01-01")), today));
        assert_eq!(due_if_checked_on_or_before(today), day("2025-03-15"));
        // From a leap day, a year back is 28 February.
        assert_eq!(due_if_checked_on_or_before(day("2028-02-29")), day("2027-02-28"));
        assert!(verification_due(Some(day("2027-02-28")), day("2028-02-29")));
        assert!(!verification_due(Some(day("2027-03-01")), day("2028-02-29")));
    }

    #[test]
    fn a_check_is_not_made_in_the_future() {
        let today = day("2026-03-15");
        assert_eq!(check_checked_on(Some(day("2026-03-16")), today), Err(CHECKED_IN_FUTURE));
        assert_eq!(check_checked_on(Some(today), today), Ok(()));
        assert_eq!(check_checked_on(None, today), Ok(()));
    }

    #[test]
    fn a_service_is_provided_by_a_party_a_joint_or_the_areas_own_organisation() {
        assert!(may_provide(None, 3));
        assert!(may_provide(Some(3), 3));
        assert!(!may_provide(Some(4), 3));
    }

    #[test]
    fn health_care_is_the_care_categories() {
        let care: Vec<_> = ServiceCategory::ALL.iter().filter(|c| c.is_health_care()).collect();
        assert_eq!(care.len(), 7);
        for c in [ServiceCategory::SocialServices, ServiceCategory::PupilHealth, ServiceCategory::FaithCommunity] {
            assert!(!c.is_health_care(), "{c:?}");
        }
        assert_eq!(ServiceCategory::HealthCentre.organisation_kind(), OrganisationKind::HealthCentre);
        assert_eq!(ServiceCategory::Hospital.organisation_kind(), OrganisationKind::CareProvider);
        assert_eq!(ServiceCategory::LocalAssociation.organisation_kind(), OrganisationKind::Other);
    }

    #[test]
    fn the_same_actor_by_hsa_id_else_by_name_and_address() {
        let a = row("Tumba vårdcentral", Some("Storgatan 1"), Some("SE2321000016-15CQ"));
        let b = row("TUMBA  vårdcentral", Some("storgatan 1"), None);
        assert!(same_actor(&a, &b), "one has no HSA-id: name and address decide");
        let c = row("Tumba vårdcentral", Some("Storgatan 1"), Some("SE2321000016-99XX"));
        assert!(!same_actor(&a, &c), "two HSA-ids are two actors");
        assert!(!same_actor(&b, &row("Tumba vårdcentral", Some("Storgatan 2"), None)));
    }

    #[test]
    fn a_row_is_new_changed_or_the_same() {
        let stored = vec![
            known(
                1,
                ActorRow {
                    checked_on: Some(day("2025-01-10")), ..row("Vårdcentral A", None, Some("SE1234567890-A1"))
                },
            ),
            known(2, row("Hemtjänst B", Some("Vägen 2"), None)),
        ];
        let rows = vec![
            // The same HSA-id, no day given: the same.
            (2, row("Vårdcentral A", None, Some("SE1234567890-A1"))),
            // Name and address as stored, spelt otherwise: the same actor, a new phone: changed.
            (3, ActorRow { phone: Some("08-123 45".to_owned()), ..row("hemtjänst b", Some("vägen  2"), None) }),
            (5, row("Ny förening", None, None)),
        ];
        let plan = plan_import(rows, &stored).unwrap();
        let steps: Vec<(usize, Step)> = plan.iter().map(|p| (p.row_number, p.step)).collect();
        assert_eq!(
            steps,
            [
                (2, Step::Unchanged { service_id: 1 }),
                (3, Step::Update { service_id: 2, area_id: 7 }),
                (5, Step::Create)
            ]
        );
        assert_eq!(plan[1].changed, [NAME, ADDRESS, PHONE], "spelt otherwise is written as the list spells it");
        // A day given that differs is a change.
        let checked = vec![(2, ActorRow { checked_on: Some(day("2026-01-01")), ..stored[0].row.clone() })];
        assert_eq!(plan_import(checked, &stored).unwrap()[0].step, Step::Update { service_id: 1, area_id: 7 });
    }

    #[test]
    fn a_row_given_an_hsa_id_is_the_stored_actor_of_its_name_without_one() {
        let stored = vec![known(4, row("Rehab Syd", Some("Gatan 9"), None))];
        let rows = vec![(2, row("Rehab Syd", Some("Gatan 9"), Some("SE1234567890-R9")))];
        assert_eq!(plan_import(rows, &stored).unwrap()[0].step, Step::Update { service_id: 4, area_id: 7 });
        // With another HSA-id than the stored one, it is another actor.
        let stored = vec![known(4, row("Rehab Syd", Some("Gatan 9"), Some("SE1234567890-R1")))];
        let rows = vec![(2, row("Rehab Syd", Some("Gatan 9"), Some("SE1234567890-R9")))];
        assert_eq!(plan_import(rows, &stored).unwrap()[0].step, Step::Create);
    }

    #[test]
    fn two_rows_of_one_stored_actor_are_refused_naming_the_second() {
        let stored = vec![known(1, row("Vårdcentral A", Some("Torget 1"), Some("SE1234567890-A1")))];
        let rows = vec![
            (2, row("Vårdcentral A (ny)", Some("Torget 1"), Some("SE1234567890-A1"))),
            (4, row("Vårdcentral A", Some("Torget 1"), None)),
        ];
        let errors = plan_import(rows, &stored).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!((errors[0].row, errors[0].column.as_str()), (4, NAME));
        assert!(errors[0].message.contains("rad 2"), "{}", errors[0].message);
    }

    #[test]
    fn messages_name_what_to_do() {
        assert!(kept_by_another_area("Tyresö").contains("Tyresös aktörskarta"));
        assert!(PROVIDER_REFUSED.contains("annat närområde"));
    }
}

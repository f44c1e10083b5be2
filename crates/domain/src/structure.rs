//! The structure's rules that a write checks against what is recorded: handing a function over,
//! a function's period against its holders, where a body belongs by its level, a membership
//! once at a time, an organisation's successor. Each rule answers with the field a person would
//! correct and a Swedish message; the store reads the records and asks.

use chrono::NaiveDate;

use crate::access::AreaOf;
use crate::edit::FieldError;
use crate::kinds::BodyLevel;
use crate::period::Period;

/// A holder's appointment as a handover sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tenure {
    pub appointment_id: i32,
    pub period: Period,
}

/// What a handover does to the existing appointments: which one ends, and on which day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Handover {
    /// The holder on the handover day, whose appointment ends the day before.
    pub ends: Option<(i32, NaiveDate)>,
    /// The new holder's period: from the handover day, open.
    pub starts: Period,
}

/// A handover (*överlämning*) on `from`: the holder on that day (if any) ends the day before and
/// the new holder starts that day, so the function is never held twice nor left empty in
/// between. Refused when the function has a holder later than `from` (hand over from the latest
/// holder only), when the holder on `from` started that very day (correct that appointment
/// instead), or when the function itself is not valid on `from`.
pub fn plan_handover(function: Period, tenures: &[Tenure], from: NaiveDate) -> Result<Handover, FieldError> {
    if !function.contains(from) {
        let valid = match (function.from(), function.to()) {
            (Some(first), Some(last)) => format!("{first}–{last}"),
            (Some(first), None) => format!("från {first}"),
            (None, Some(last)) => format!("till {last}"),
            (None, None) => "tills vidare".to_owned(),
        };
        return Err(FieldError::new("valid_from", format!("funktionen gäller inte {from} (den gäller {valid})")));
    }
    if let Some(later) = tenures.iter().filter_map(|t| t.period.from()).filter(|d| *d > from).min() {
        return Err(FieldError::new(
            "valid_from",
            format!("funktionen har redan en innehavare från {later}; ett byte måste ske efter det"),
        ));
    }
    let current = tenures.iter().find(|t| t.period.contains(from));
    let ends = match current {
        Some(t) if t.period.from() == Some(from) => {
            return Err(FieldError::new(
                "valid_from",
                format!("nuvarande innehavare började {from}; välj en senare dag för bytet"),
            ));
        }
        Some(t) => Some((t.appointment_id, from.pred_opt().unwrap_or(from))),
        None => None,
    };
    let starts = Period::new(from, function.to()).map_err(|e| FieldError::new("valid_from", e.to_string()))?;
    Ok(Handover { ends, starts })
}

/// A new holder's person: an existing one (`person_id`) or a new one (`person_name` and its
/// details), not both; a new person's details need the person's name.
pub fn check_holder_person(existing: bool, new_name: bool, new_details: bool) -> Result<(), FieldError> {
    if existing && new_name {
        return Err(FieldError::new("person_name", "ange antingen en befintlig person eller en ny, inte båda"));
    }
    if new_details && !new_name {
        return Err(FieldError::new("person_name", "ange personens namn"));
    }
    Ok(())
}

/// A function's new period must still hold its holders: none may start before it begins or
/// after it ends (closing the function ends the holders with it). `starts` are the days its
/// appointments began.
pub fn check_function_period(period: Period, starts: &[NaiveDate]) -> Vec<FieldError> {
    let mut out = Vec::new();
    if let (Some(first), Some(start)) = (starts.iter().min(), period.from())
        && *first < start
    {
        out.push(FieldError::new("valid_from", format!("funktionen har en innehavare redan från {first}")));
    }
    if let (Some(to), Some(last)) = (period.to(), starts.iter().max())
        && *last > to
    {
        out.push(FieldError::new("valid_to", format!("funktionen har en innehavare från {last}, efter {to}")));
    }
    out
}

/// A local body belongs to its area's municipality: a party named on it must be that one.
pub fn check_local_body_party(party_id: i32, area: AreaOf) -> Result<(), FieldError> {
    if party_id == area.municipality_id {
        Ok(())
    } else {
        Err(FieldError::new(
            "party_id",
            "ett lokalt organ hör till närområdets kommun; lämna parten tom eller välj den",
        ))
    }
}

/// Where a body belongs by its level: a sub-regional one to a sub-region, only a local one to
/// an area.
pub fn check_body_level(level: BodyLevel, sub_region: bool, area: bool) -> Result<(), FieldError> {
    match level {
        BodyLevel::SubRegional if !sub_region => {
            Err(FieldError::new("sub_region_id", "ett delregionalt organ hör till en delregion: ange vilken"))
        }
        BodyLevel::County | BodyLevel::Local if sub_region => {
            Err(FieldError::new("sub_region_id", "bara delregionala organ hör till en delregion"))
        }
        BodyLevel::County | BodyLevel::SubRegional if area => {
            Err(FieldError::new("area_id", "bara lokala organ hör till ett närområde"))
        }
        _ => Ok(()),
    }
}

/// A function is a member of a body once at a time: `period` may not overlap any of the
/// function's memberships of the body already recorded (`existing`, in the order recorded).
pub fn check_membership(period: &Period, existing: &[Period]) -> Result<(), FieldError> {
    match existing.iter().find(|q| q.overlaps(period)) {
        Some(q) => Err(FieldError::new(
            "function_id",
            match q.from() {
                Some(from) => format!("funktionen är redan medlem från {from}"),
                None => "funktionen är redan medlem av organet".to_owned(),
            },
        )),
        None => Ok(()),
    }
}

/// A membership cannot end before it began (`None`: it began on a day not known).
pub fn check_membership_end(began: Option<NaiveDate>, ends: NaiveDate) -> Result<(), FieldError> {
    if let Some(began) = began
        && ends < began
    {
        Err(FieldError::new("valid_to", format!("medlemskapet började {began}; det kan inte sluta före det")))
    } else {
        Ok(())
    }
}

/// An organisation is not replaced by itself (`id` is the organisation's own, when it exists).
pub fn check_successor(id: Option<i32>, replaced_by: Option<i32>) -> Result<(), FieldError> {
    if id.is_some() && replaced_by == id {
        Err(FieldError::new("replaced_by_id", "en organisation kan inte ersättas av sig själv"))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn tenure(id: i32, from: &str, to: Option<&str>) -> Tenure {
        Tenure { appointment_id: id, period: Period::new(d(from), to.map(d)).unwrap() }
    }

    #[test]
    fn a_handover_ends_the_holder_the_day_before_the_next_starts() {
        let function = Period::open(d("2020-01-01"));
        let tenures = [tenure(1, "2020-01-01", Some("2022-12-31")), tenure(2, "2023-01-01", None)];
        let plan = plan_handover(function, &tenures, d("2024-07-01")).unwrap();
        assert_eq!(plan.ends, Some((2, d("2024-06-30"))));
        assert_eq!(plan.starts, Period::open(d("2024-07-01")));
        // The result keeps one holder at a time.
        let after = [tenures[0].period, Period::new(d("2023-01-01"), Some(d("2024-06-30"))).unwrap(), plan.starts];
        assert!(crate::ensure_single_holder(&after).is_ok());
    }

    #[test]
    fn a_vacant_function_simply_gets_its_holder() {
        let function = Period::open(d("2020-01-01"));
        let tenures = [tenure(1, "2020-01-01", Some("2022-12-31"))];
        let plan = plan_handover(function, &tenures, d("2023-03-01")).unwrap();
        assert_eq!(plan.ends, None);
        assert_eq!(plan.starts.from(), Some(d("2023-03-01")));
    }

    #[test]
    fn a_function_whose_start_is_not_known_takes_a_holder_on_any_day_to_its_end() {
        let function = Period::starting(None, Some(d("2025-12-31"))).unwrap();
        let plan = plan_handover(function, &[], d("2019-03-01")).unwrap();
        assert_eq!(plan.starts, Period::new(d("2019-03-01"), Some(d("2025-12-31"))).unwrap());
        let err = plan_handover(function, &[], d("2026-01-01")).unwrap_err();
        assert!(err.message.contains("till 2025-12-31"), "{}", err.message);
        // Its holders may have started on any day.
        assert!(check_function_period(function, &[d("2001-01-01")]).is_empty());
    }

    #[test]
    fn a_handover_cannot_reach_behind_a_later_holder_or_outside_the_function() {
        let function = Period::new(d("2020-01-01"), Some(d("2025-12-31"))).unwrap();
        let tenures = [tenure(1, "2020-01-01", Some("2022-12-31")), tenure(2, "2023-01-01", None)];
        let err = plan_handover(function, &tenures, d("2022-06-01")).unwrap_err();
        assert!(err.message.contains("2023-01-01"), "{}", err.message);
        let err = plan_handover(function, &tenures, d("2023-01-01")).unwrap_err();
        assert!(err.message.contains("senare dag"));
        let err = plan_handover(function, &tenures, d("2026-01-01")).unwrap_err();
        assert_eq!(err.field, "valid_from");
        // Within a closed function, the new holder ends with it.
        let plan = plan_handover(function, &tenures, d("2024-01-01")).unwrap();
        assert_eq!(plan.starts.to(), Some(d("2025-12-31")));
    }

    #[test]
    fn a_function_keeps_its_holders_inside_its_period() {
        let starts = [d("2023-01-01"), d("2024-06-01")];
        assert!(check_function_period(Period::open(d("2022-01-01")), &starts).is_empty());
        let errors = check_function_period(Period::new(d("2023-06-01"), Some(d("2024-01-01"))).unwrap(), &starts);
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["valid_from", "valid_to"]);
        assert!(errors[1].message.contains("2024-06-01"));
    }

    #[test]
    fn a_body_belongs_where_its_level_says() {
        assert!(check_body_level(BodyLevel::SubRegional, true, false).is_ok());
        assert_eq!(check_body_level(BodyLevel::SubRegional, false, false).unwrap_err().field, "sub_region_id");
        assert_eq!(check_body_level(BodyLevel::Local, true, true).unwrap_err().field, "sub_region_id");
        assert_eq!(check_body_level(BodyLevel::County, false, true).unwrap_err().field, "area_id");
        let area = AreaOf { area_id: 3, municipality_id: 7 };
        assert!(check_local_body_party(7, area).is_ok());
        assert_eq!(check_local_body_party(8, area).unwrap_err().field, "party_id");
    }

    #[test]
    fn a_membership_is_held_once_at_a_time_and_ends_after_it_began() {
        let existing = [Period::new(d("2020-01-01"), Some(d("2022-12-31"))).unwrap(), Period::open(d("2024-01-01"))];
        assert!(check_membership(&Period::new(d("2023-01-01"), Some(d("2023-12-31"))).unwrap(), &existing).is_ok());
        let err = check_membership(&Period::open(d("2023-06-01")), &existing).unwrap_err();
        assert!(err.message.contains("2024-01-01"), "{}", err.message);
        assert!(check_membership_end(Some(d("2024-01-01")), d("2024-01-01")).is_ok());
        assert_eq!(check_membership_end(Some(d("2024-01-01")), d("2023-12-31")).unwrap_err().field, "valid_to");
        // A membership whose start is not known may end on any day, and overlaps what came before.
        assert!(check_membership_end(None, d("2001-01-01")).is_ok());
        let unknown = [Period::starting(None, Some(d("2022-12-31"))).unwrap()];
        let err = check_membership(&Period::open(d("2020-01-01")), &unknown).unwrap_err();
        assert_eq!(err.message, "funktionen är redan medlem av organet");
        assert!(check_membership(&Period::open(d("2023-01-01")), &unknown).is_ok());
    }

    #[test]
    fn a_holder_is_one_person_and_nobody_replaces_themself() {
        assert!(check_holder_person(true, false, false).is_ok());
        assert!(check_holder_person(false, true, true).is_ok());
        assert!(check_holder_person(true, true, false).is_err());
        assert!(check_holder_person(false, false, true).is_err());
        assert!(check_holder_person(true, false, true).is_err(), "details need a name");
        assert!(check_successor(Some(4), Some(4)).is_err());
        assert!(check_successor(None, None).is_ok());
        assert!(check_successor(Some(4), Some(5)).is_ok());
    }
}

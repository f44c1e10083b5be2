use chrono::NaiveDate;
use serde_json::json;

use super::*;
use crate::commands::{NewFunction, NewHolder, PersonDetails};
use crate::kinds::FunctionKind;

fn json_input(v: serde_json::Value) -> Input {
    Input::from_json(v).expect("an object")
}

#[test]
fn a_command_is_read_with_every_wrong_field_reported_at_once() {
    let mut input = json_input(json!({"name": "  ", "email": "inte en adress", "phone": "abc"}));
    assert!(PersonDetails::read(&mut input).is_err());
    let invalid = input.finish().expect_err("three wrong fields");
    assert_eq!(invalid.message("name"), Some(crate::edit::REQUIRED));
    assert!(invalid.message("email").is_some());
    assert!(invalid.message("phone").is_some());
}

#[test]
fn a_command_that_exists_holds_checked_values() {
    let mut input = json_input(json!({"name": " Anna Berg ", "email": "Anna.Berg@Nacka.se", "phone": "08-123 456 78"}));
    let p = PersonDetails::read(&mut input).expect("valid");
    input.finish().expect("no unknown field");
    assert_eq!(p.name.as_str(), "Anna Berg");
    assert_eq!(p.email.as_deref(), Some("anna.berg@nacka.se"));
    assert_eq!(p.title, None);
}

#[test]
fn the_personal_number_guard_holds_for_every_text_of_a_command() {
    let mut input = json_input(json!({"name": "Anna 19121212-1212"}));
    assert!(PersonDetails::read(&mut input).is_err());
    assert!(input.finish().expect_err("refused").message("name").is_some());
}

#[test]
fn fields_follow_the_declaration_with_nested_commands_and_periods_flattened() {
    let names: Vec<&str> = NewFunction::fields().iter().map(|f| f.name).collect();
    assert_eq!(names, ["name", "kind", "description", "valid_from", "valid_to", "party_id", "area_id"]);
    let fields = NewFunction::fields();
    let kind = fields.iter().find(|f| f.name == "kind").expect("kind");
    assert!(kind.required);
    assert_eq!(kind.label, "Typ av funktion");
    let Shape::Code { choices } = kind.shape else { panic!("a code field") };
    assert_eq!(choices().len(), FunctionKind::ALL.len());
    let party = fields.iter().find(|f| f.name == "party_id").expect("party_id");
    assert!(!party.required);
    assert!(matches!(party.shape, Shape::Id));
    assert!(party.doc.trim_start().starts_with("The party whose role it is"), "{}", party.doc);
    let holder = NewHolder::fields();
    let basis = holder.iter().find(|f| f.name == "basis").expect("basis");
    assert!(matches!(basis.shape, Shape::Line { max: crate::edit::TEXT_MAX }));
    assert!(basis.hint.is_some_and(|h| h.starts_with("Vad uppdraget vilar på")));
}

#[test]
fn a_command_goes_to_cells_and_comes_back_unchanged() {
    let mut input = json_input(json!({
        "name": "Samordnande vårdcentral", "kind": "coordinating_health_centre",
        "valid_from": "2022-07-01", "party_id": 27
    }));
    let f = NewFunction::read(&mut input).expect("valid");
    input.finish().expect("valid");
    let cells = f.cells();
    assert!(cells.contains(&("valid_to", Cell::Date(None))));
    assert!(cells.contains(&("description", Cell::Text(None))));
    assert!(cells.contains(&("area_id", Cell::Int(None))));
    assert!(cells.contains(&("kind", Cell::Text(Some("coordinating_health_centre".into())))));
    let back = NewFunction::from_cells(&mut |name| cells.iter().find(|(n, _)| *n == name).map(|(_, c)| c.clone()));
    assert_eq!(back.as_ref(), Some(&f));
    let values = f.values();
    assert!(values.contains(&("valid_from", Some("2022-07-01".into()))));
    assert!(values.contains(&("party_id", Some("27".into()))));
    assert_eq!(f.details.period.from(), NaiveDate::from_ymd_opt(2022, 7, 1));
}

#[test]
fn a_period_whose_start_is_not_known_is_left_empty_and_comes_back_so() {
    let valid_from = NewFunction::fields().into_iter().find(|f| f.name == "valid_from").expect("valid_from");
    assert!(!valid_from.required);
    assert_eq!(valid_from.hint, Some("Lämna tomt om startdagen inte är känd."));
    let mut input = json_input(json!({"name": "Styrgruppen", "kind": "other", "valid_to": "2023-06-30"}));
    let f = NewFunction::read(&mut input).expect("valid");
    input.finish().expect("valid");
    assert_eq!(f.details.period.from(), None);
    let cells = f.cells();
    assert!(cells.contains(&("valid_from", Cell::Date(None))));
    let back = NewFunction::from_cells(&mut |name| cells.iter().find(|(n, _)| *n == name).map(|(_, c)| c.clone()));
    assert_eq!(back.as_ref(), Some(&f));
    assert!(f.values().contains(&("valid_from", None)));
}

#[test]
fn a_stored_value_of_another_type_is_no_command() {
    let back = PersonDetails::from_cells(&mut |name| match name {
        "name" => Some(Cell::Int(Some(1))),
        _ => Some(Cell::Text(None)),
    });
    assert_eq!(back, None);
}

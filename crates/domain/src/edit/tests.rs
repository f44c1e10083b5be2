//! The field readers' tests.

use super::*;
use crate::FunctionKind;
use crate::personal_number::PERSONAL_NUMBER_REFUSED;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn a_form_is_answered_with_every_wrong_field_at_once() {
    let mut input = Input::from_form([
        ("name".to_owned(), "  ".to_owned()),
        ("kind".to_owned(), "boss".to_owned()),
        ("valid_from".to_owned(), "2023-13-01".to_owned()),
        ("party_id".to_owned(), "x".to_owned()),
        ("csrf".to_owned(), "token".to_owned()),
    ]);
    let _ = input.text("name", NAME_MAX);
    let _ = input.kind("kind", FunctionKind::parse);
    let _ = input.date("valid_from");
    let _ = input.optional_id("party_id");
    let err = input.finish().unwrap_err();
    let fields: Vec<&str> = err.0.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["name", "kind", "valid_from", "party_id"]);
    assert_eq!(err.message("name"), Some("måste fyllas i"));
    assert!(err.message("kind").unwrap().contains("coordinating_health_centre"));
}

#[test]
fn json_must_use_the_right_types_and_known_fields() {
    let body = serde_json::json!({"name": 5, "party_id": "3", "area_id": 7, "colour": "blå"});
    let mut input = Input::from_json(body).unwrap();
    let _ = input.text("name", NAME_MAX);
    let _ = input.optional_id("party_id");
    assert_eq!(input.optional_id("area_id").unwrap(), Some(7));
    let err = input.finish().unwrap_err();
    assert_eq!(err.message("name"), Some("ska vara text"));
    assert!(err.message("party_id").is_some(), "a JSON id is a number");
    assert_eq!(err.message("colour"), Some("okänt fält"));
    let mut blank = Input::from_json(serde_json::json!({"valid_to": ""})).unwrap();
    assert!(blank.optional_date("valid_to").is_err(), "in JSON an empty string is no date");
    assert!(Input::from_json(serde_json::json!([1])).is_err());
}

#[test]
fn an_optional_kind_may_be_left_out_but_not_misspelt() {
    let body = serde_json::json!({"kind": null, "other": "boss"});
    let mut input = Input::from_json(body).unwrap();
    assert_eq!(input.optional_kind("kind", FunctionKind::parse).unwrap(), None);
    assert_eq!(input.optional_kind("absent", FunctionKind::parse).unwrap(), None);
    assert!(input.optional_kind("other", FunctionKind::parse).is_err());
    let err = input.finish().unwrap_err();
    assert!(err.message("other").unwrap().contains("coordinating_health_centre"), "names the codes");
    let mut form = Input::from_form([("kind".to_owned(), "coordinating_health_centre".to_owned())]);
    assert_eq!(form.optional_kind("kind", FunctionKind::parse).unwrap(), Some(FunctionKind::CoordinatingHealthCentre));
}

#[test]
fn a_phone_number_is_digits_and_separators_from_a_leading_zero_or_plus() {
    let mut input = Input::from_form(
        [
            ("mobile", "0701234569"),
            ("landline", "08-718 80 00"),
            ("international", "+46 8 718 80 00"),
            ("pnr", "811218-9876"),
            ("letters", "08-ring mig"),
            ("blank", "\u{200b} "),
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned())),
    );
    // A mobile number shaped like a valid personnummer (2007-01-23, its check digit right) is a
    // phone number all the same.
    assert!(crate::contains_personal_number("0701234569"));
    assert_eq!(input.optional_phone("mobile").unwrap().as_deref(), Some("0701234569"));
    assert_eq!(input.optional_phone("landline").unwrap().as_deref(), Some("08-718 80 00"));
    assert_eq!(input.optional_phone("international").unwrap().as_deref(), Some("+46 8 718 80 00"));
    assert!(input.optional_phone("pnr").is_err());
    assert!(input.optional_phone("letters").is_err());
    assert_eq!(input.optional_phone("blank").unwrap(), None);
    let invalid = input.finish().unwrap_err();
    assert!(invalid.message("pnr").unwrap().contains("börja med 0"));
    assert!(invalid.message("letters").unwrap().contains("siffror"));
}

#[test]
fn lists_come_as_json_arrays_or_repeated_form_fields() {
    use crate::agreement::TargetGroup;
    let mut form = Input::from_form([
        ("groups".to_owned(), "elderly".to_owned()),
        ("groups".to_owned(), "adults".to_owned()),
        ("groups".to_owned(), "elderly".to_owned()),
        ("one".to_owned(), "all".to_owned()),
        ("parties".to_owned(), "3".to_owned()),
    ]);
    assert_eq!(form.kinds("groups", TargetGroup::parse).unwrap(), [TargetGroup::Elderly, TargetGroup::Adults]);
    assert_eq!(form.kinds("one", TargetGroup::parse).unwrap(), [TargetGroup::All]);
    assert_eq!(form.ids("parties").unwrap(), [3]);
    assert_eq!(form.ids("absent").unwrap(), Vec::<i32>::new());
    assert!(form.finish().is_ok());
    let mut json =
        Input::from_json(serde_json::json!({"groups": ["children"], "parties": [1, "2"], "x": "y"})).unwrap();
    assert!(json.kinds("groups", TargetGroup::parse).is_err());
    assert!(json.ids("parties").is_err());
    assert!(json.kinds("x", TargetGroup::parse).is_err(), "a list must be a list");
    let mut twice = Input::from_json(serde_json::json!({"groups": ["elderly", "elderly"], "parties": [2, 2]})).unwrap();
    assert!(twice.kinds("groups", TargetGroup::parse).is_err(), "in JSON each code once");
    assert!(twice.ids("parties").is_err(), "in JSON each id once");
    assert_eq!(twice.finish().unwrap_err().message("groups"), Some("elderly står mer än en gång"));
    let err = json.finish().unwrap_err();
    assert!(err.message("groups").unwrap().contains("okänd typ"));
    assert!(err.message("parties").is_some());
}

#[test]
fn texts_are_trimmed_limited_and_optional_ones_may_be_blank() {
    let long = "x".repeat(NAME_MAX + 1);
    let mut input = Input::from_form([
        ("a".to_owned(), " Anna ".to_owned()),
        ("b".to_owned(), String::new()),
        ("c".to_owned(), long),
        ("d".to_owned(), "bell\u{7}".to_owned()),
    ]);
    assert_eq!(input.text("a", NAME_MAX).unwrap(), "Anna");
    assert_eq!(input.optional_text("b", NAME_MAX).unwrap(), None);
    assert!(input.optional_text("c", NAME_MAX).is_err());
    assert!(input.optional_text("d", NAME_MAX).is_err());
    let err = input.finish().unwrap_err();
    assert_eq!(err.message("c"), Some("får vara högst 200 tecken"));
}

#[test]
fn no_text_may_hold_a_personal_identity_number() {
    for number in ["19811218-9876", "811218-9876", "8112189876", "811278-9873"] {
        let text = format!("Anteckning om {number} i texten");
        let mut form = Input::from_form([("name".to_owned(), text.clone()), ("note".to_owned(), text.clone())]);
        assert!(form.text("name", NAME_MAX).is_err(), "{number}");
        assert!(form.optional_text("note", TEXT_MAX).is_err(), "{number}");
        let err = form.finish().unwrap_err();
        assert_eq!(err.message("name"), Some(PERSONAL_NUMBER_REFUSED));
        assert_eq!(err.message("note"), Some(PERSONAL_NUMBER_REFUSED));
        assert_eq!(err.0.len(), 2, "one message per field, not also 'måste fyllas i': {err}");
        let mut json = Input::from_json(serde_json::json!({ "title": text })).unwrap();
        assert!(json.optional_text("title", NAME_MAX).is_err());
        assert!(json.finish().unwrap_err().message("title").unwrap().contains("personnummer"));
    }
    // A wrong check digit is some other number.
    let mut form = Input::from_form([("name".to_owned(), "Ärende 811218-9875".to_owned())]);
    assert_eq!(form.text("name", NAME_MAX).unwrap(), "Ärende 811218-9875");
    assert!(form.finish().is_ok());
}

#[test]
fn a_list_of_texts_is_held_to_the_same_rules() {
    use crate::agreement::TargetGroup;
    let mut form = Input::from_form([
        ("groups".to_owned(), "elderly".to_owned()),
        ("groups".to_owned(), "811218-9876".to_owned()),
    ]);
    assert!(form.kinds("groups", TargetGroup::parse).is_err());
    assert_eq!(form.finish().unwrap_err().message("groups"), Some(PERSONAL_NUMBER_REFUSED));
    let mut json = Input::from_json(serde_json::json!({"parties": [1], "groups": ["all\u{202E}"]})).unwrap();
    assert!(json.kinds("groups", TargetGroup::parse).is_err());
    assert_eq!(json.ids("parties").unwrap(), [1]);
    assert_eq!(json.finish().unwrap_err().message("groups"), Some(DIRECTION_CONTROL_REFUSED));
}

#[test]
fn a_name_of_invisible_characters_is_not_filled_in() {
    let invisible = "\u{200B}\u{200C}\u{200D}\u{2060}\u{FEFF}\u{00AD}\u{200E}";
    let mut form = Input::from_form([
        ("name".to_owned(), invisible.to_owned()),
        ("note".to_owned(), format!(" {invisible} ")),
        ("override".to_owned(), "\u{202E}\u{2066}".to_owned()),
    ]);
    assert!(form.text("name", NAME_MAX).is_err());
    assert_eq!(form.optional_text("note", TEXT_MAX).unwrap(), None, "an optional text left blank");
    assert!(form.text("override", NAME_MAX).is_err());
    let err = form.finish().unwrap_err();
    assert_eq!(err.message("name"), Some("måste fyllas i"));
    assert_eq!(err.message("override"), Some("måste fyllas i"));
    let mut json = Input::from_json(serde_json::json!({"name": "\u{200B}", "valid_to": "\u{FEFF}"})).unwrap();
    assert!(json.text("name", NAME_MAX).is_err());
    assert!(json.optional_date("valid_to").is_err(), "in JSON an invisible string is no date either");
    // A visible name keeps its joiners.
    let mut ok = Input::from_form([("name".to_owned(), "Hälso\u{00AD}centralen".to_owned())]);
    assert_eq!(ok.text("name", NAME_MAX).unwrap(), "Hälso\u{00AD}centralen");
}

#[test]
fn no_text_may_turn_its_writing_direction_around() {
    for control in
        ['\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}']
    {
        let mut form = Input::from_form([("name".to_owned(), format!("Beslut{control}fdp.exe"))]);
        assert!(form.text("name", NAME_MAX).is_err(), "{control:?}");
        assert_eq!(form.finish().unwrap_err().message("name"), Some(DIRECTION_CONTROL_REFUSED));
    }
    // The direction marks only hint, and stay.
    let mut form = Input::from_form([("name".to_owned(), "Namn \u{200F}عربي\u{200E} 2".to_owned())]);
    assert!(form.text("name", NAME_MAX).is_ok());
}

#[test]
fn a_date_before_1900_is_refused() {
    let mut form = Input::from_form([
        ("valid_from".to_owned(), "0000-01-01".to_owned()),
        ("valid_to".to_owned(), "1899-12-31".to_owned()),
        ("decided_on".to_owned(), "1900-01-01".to_owned()),
    ]);
    assert!(form.date("valid_from").is_err());
    assert!(form.optional_date("valid_to").is_err());
    assert_eq!(form.date("decided_on").unwrap(), d("1900-01-01"));
    let err = form.finish().unwrap_err();
    assert_eq!(err.message("valid_from"), Some("kan inte vara före 1900-01-01"));
    assert_eq!(err.message("valid_to"), Some("kan inte vara före 1900-01-01"));
    let mut json = Input::from_json(serde_json::json!({"valid_from": "0000-01-01"})).unwrap();
    assert!(json.period("valid_from", "valid_to").is_err());
    assert_eq!(json.finish().unwrap_err().message("valid_from"), Some("kan inte vara före 1900-01-01"));
}

#[test]
fn a_period_cannot_end_before_it_starts() {
    let mut input = Input::from_form([
        ("valid_from".to_owned(), "2024-01-01".to_owned()),
        ("valid_to".to_owned(), "2023-12-31".to_owned()),
    ]);
    assert!(input.period("valid_from", "valid_to").is_err());
    assert!(input.finish().unwrap_err().message("valid_to").unwrap().contains("före den börjar"));
}

#[test]
fn a_missing_record_is_named_by_its_kind() {
    assert_eq!(no_such(Referenced::Party, 7), "det finns ingen part med id 7");
    assert_eq!(no_such(Referenced::Agreement, 3), "det finns ingen överenskommelse med id 3");
}

#[test]
fn a_day_or_the_time_in_words_is_given() {
    let mut input = Input::from_form([("decided_text".to_owned(), "våren 2022".to_owned())]);
    let (day, words) = input.day_or_words("decided_on", "decided_text");
    assert_eq!((day.unwrap(), words.unwrap().as_deref()), (None, Some("våren 2022")));
    assert!(input.finish().is_ok());
    let mut input = Input::from_form([]);
    let _ = input.day_or_words("decided_on", "decided_text");
    assert!(input.finish().unwrap_err().message("decided_on").unwrap().contains("decided_text"));
}

#[test]
fn peeking_reads_a_field_as_its_reader_would_and_records_nothing() {
    let input =
        Input::from_json(serde_json::json!({"sent_on": "2025-01-10", "deadline": "x", "recipients": [3, 3], "id": 4}))
            .unwrap();
    assert_eq!(input.peek("sent_on", Input::optional_date), Some(Some("2025-01-10".parse().unwrap())));
    assert_eq!(input.peek("deadline", Input::optional_date), None, "not a date");
    assert_eq!(input.peek("absent", Input::optional_date), Some(None));
    assert_eq!(input.peek("recipients", Input::ids), None, "named twice");
    assert_eq!(input.peek_id("id"), Some(4));
    let form = Input::from_form([("party_id".to_owned(), " 7 ".to_owned()), ("kind".to_owned(), "x".to_owned())]);
    assert_eq!(form.peek_id("party_id"), Some(7));
    assert_eq!(form.peek_code("kind", crate::kinds::BodyKind::parse), None);
    assert!(input.finish().is_err_and(|e| e.0.iter().all(|e| e.message == "okänt fält")), "nothing was recorded");
}

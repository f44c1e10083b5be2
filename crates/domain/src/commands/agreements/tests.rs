use chrono::NaiveDate;
use serde_json::json;

use super::*;
use crate::command::{Command, Shape};
use crate::edit::{REQUIRED, WORDS_MAX};

fn json_input(v: serde_json::Value) -> Input {
    Input::from_json(v).expect("an object")
}

fn form_input(pairs: &[(&str, &str)]) -> Input {
    Input::from_form(pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())))
}

fn day(s: &str) -> NaiveDate {
    s.parse().expect("a date")
}

#[test]
fn an_entry_is_read_with_its_lists_each_model_of_its_own_dimension() {
    let mut input = json_input(json!({
        "title": "Samverkan vid utskrivning", "kind": "subject_area", "target_groups": ["adults", "elderly"],
        "implementation_models": ["training", "local_action_plans"], "follow_up_models": ["indicators"]
    }));
    let entry = AgreementEntry::read(&mut input).expect("valid");
    input.finish().expect("no unknown field");
    assert_eq!(&*entry.target_groups, [TargetGroup::Adults, TargetGroup::Elderly]);
    assert!(entry.digital_support_models.is_empty(), "left out, a list is empty");
    assert_eq!(entry.models(), [WorkingModel::Training, WorkingModel::LocalActionPlans, WorkingModel::Indicators]);

    let mut input = json_input(json!({
        "title": "A", "kind": "main", "target_groups": ["all"], "follow_up_models": ["local_action_plans"]
    }));
    assert!(AgreementEntry::read(&mut input).is_err());
    let invalid = input.finish().expect_err("a model of another dimension");
    assert!(invalid.message("follow_up_models").is_some_and(|m| m.contains("giltiga värden är annual_report")));
}

#[test]
fn an_entry_names_at_least_one_target_group_and_every_wrong_field_is_told_at_once() {
    let mut input =
        json_input(json!({"title": "", "kind": "treaty", "target_groups": [], "review_date": "2026-02-30"}));
    assert!(AgreementEntry::read(&mut input).is_err());
    let invalid = input.finish().expect_err("four wrong fields");
    assert_eq!(invalid.message("title"), Some(REQUIRED));
    assert_eq!(invalid.message("target_groups"), Some(TARGET_GROUP_REQUIRED));
    assert!(invalid.message("kind").is_some() && invalid.message("review_date").is_some());

    let mut input = json_input(json!({"title": "A", "kind": "main", "target_groups": ["all", "all"]}));
    assert!(AgreementEntry::read(&mut input).is_err());
    assert_eq!(input.finish().expect_err("twice").message("target_groups"), Some("all står mer än en gång"));
}

#[test]
fn lists_are_described_as_lists_and_are_no_columns() {
    let fields = AgreementEntry::fields();
    let field = |name: &str| *fields.iter().find(|f| f.name == name).expect(name);
    let groups = field("target_groups");
    assert!(groups.required, "a required list names at least one");
    let Shape::Codes { choices } = groups.shape else { panic!("a list of codes") };
    assert_eq!(choices().len(), TargetGroup::ALL.len());
    let models = field("follow_up_models");
    assert!(!models.required);
    let Shape::Codes { choices } = models.shape else { panic!("a list of codes") };
    let codes: Vec<&str> = choices().into_iter().map(|(code, _)| code).collect();
    assert_eq!(codes, WorkingModel::of(ModelDimension::FollowUp).map(|m| m.code()).collect::<Vec<_>>());
    assert!(matches!(field("title").shape, Shape::Line { max: TITLE_MAX }));

    let mut input = json_input(
        json!({"title": "A", "kind": "main", "target_groups": ["all"], "digital_support_models": ["digital_sip"]}),
    );
    let entry = AgreementEntry::read(&mut input).expect("valid");
    let cells = entry.cells();
    assert!(cells.iter().all(|(name, _)| !name.ends_with("_models") && *name != "target_groups"), "{cells:?}");
    assert!(cells.contains(&("short_name", Cell::Text(None))));
    let values = entry.values();
    assert!(values.contains(&("target_groups", Some("all".to_owned()))));
    assert!(values.contains(&("digital_support_models", Some("digital_sip".to_owned()))));
    // A row alone holds no target group, so it gives back no entry.
    assert_eq!(
        AgreementEntry::from_cells(&mut |name| cells.iter().find(|(n, _)| *n == name).map(|(_, c)| c.clone())),
        None
    );
}

#[test]
fn a_list_of_ids_names_each_once() {
    let mut input = json_input(json!({"sent_on": "2025-01-10", "deadline": "2025-03-01", "recipients": [3, 5]}));
    let c = NewConsultation::read(&mut input).expect("valid");
    input.finish().expect("valid");
    assert_eq!(&*c.recipients, [3, 5]);
    let cells = c.cells();
    assert_eq!(
        cells,
        [
            ("sent_on", Cell::Date(Some(day("2025-01-10")))),
            ("sent_text", Cell::Text(None)),
            ("sent_edtf", Cell::Text(Some("2025-01-10".to_owned()))),
            ("sent_first", Cell::Date(Some(day("2025-01-10")))),
            ("sent_last", Cell::Date(Some(day("2025-01-10")))),
            ("deadline", Cell::Date(Some(day("2025-03-01"))))
        ]
    );
    let back = NewConsultation::from_cells(&mut |name| cells.iter().find(|(n, _)| *n == name).map(|(_, c)| c.clone()));
    assert!(back.is_some_and(|b| b.recipients.is_empty()), "read back from a row, a list is empty");

    let mut input = json_input(json!({"sent_on": "2025-01-10", "deadline": "2025-03-01", "recipients": [3, 3]}));
    assert!(NewConsultation::read(&mut input).is_err());
    assert_eq!(input.finish().expect_err("twice").message("recipients"), Some("id 3 står mer än en gång"));
    let ids = NewConsultation::fields();
    assert!(matches!(ids.iter().find(|f| f.name == "recipients").map(|f| f.shape), Some(Shape::Ids)));
}

#[test]
fn a_consultation_sent_at_a_time_in_words_is_stored_with_its_interval() {
    let mut input = json_input(json!({"sent_text": "våren 2021"}));
    let c = NewConsultation::read(&mut input).expect("words suffice, the deadline may be unknown");
    input.finish().expect("valid");
    let cells = c.cells();
    assert!(cells.contains(&("sent_edtf", Cell::Text(Some("2021-21".to_owned())))), "{cells:?}");
    assert!(cells.contains(&("sent_first", Cell::Date(Some(day("2021-03-01"))))));
    assert!(cells.contains(&("sent_last", Cell::Date(Some(day("2021-05-31"))))));
    let mut input = json_input(json!({"sent_text": "i vår"}));
    assert!(NewConsultation::read(&mut input).is_err());
    assert!(input.finish().expect_err("no time").message("sent_text").is_some_and(|m| m.contains("går inte att läsa")));
}

#[test]
fn a_day_or_the_time_in_words_is_two_fields_one_of_them_required() {
    let names: Vec<&str> = NewDecision::fields().iter().map(|f| f.name).collect();
    assert_eq!(
        names,
        [
            "party_id",
            "deciding_body",
            "deciding_body_id",
            "decided_on",
            "decided_text",
            "paragraph",
            "diary_number",
            "outcome",
            "sent_to"
        ]
    );
    let fields = NewDecision::fields();
    let words = fields.iter().find(|f| f.name == "decided_text").expect("words");
    assert!(!words.required && matches!(words.shape, Shape::Line { max: WORDS_MAX }));
    assert_eq!(words.label, "Tid i ord");

    let mut input = form_input(&[
        ("party_id", "3"),
        ("deciding_body", "Kommunfullmäktige"),
        ("decided_text", "våren 2022"),
        ("outcome", "adopted"),
    ]);
    let d = NewDecision::read(&mut input).expect("words suffice");
    assert_eq!((d.decided.day(), d.decided.words()), (None, Some("våren 2022")));
    assert!(d.cells().contains(&("decided_on", Cell::Date(None))));
    assert!(d.cells().contains(&("decided_text", Cell::Text(Some("våren 2022".to_owned())))));

    let mut input = form_input(&[("party_id", "3"), ("deciding_body", "KF"), ("outcome", "adopted")]);
    assert!(NewDecision::read(&mut input).is_err());
    let message = input.finish().expect_err("neither").message("decided_on").map(str::to_owned);
    assert!(message.is_some_and(|m| m.contains("decided_text")));
}

#[test]
fn an_optional_day_or_words_may_be_neither_and_comes_back_from_its_cells() {
    let mut input = json_input(json!({"party_id": 3, "body_name": "Socialnämnden", "role": "opinion"}));
    let step = NewPreparatoryStep::read(&mut input).expect("valid");
    input.finish().expect("valid");
    assert_eq!(step.handled, None);
    assert_eq!(step.outcome, None);
    let cells = step.cells();
    assert!(cells.contains(&("handled_on", Cell::Date(None))) && cells.contains(&("handled_text", Cell::Text(None))));
    let back =
        NewPreparatoryStep::from_cells(&mut |name| cells.iter().find(|(n, _)| *n == name).map(|(_, c)| c.clone()));
    assert_eq!(back.as_ref(), Some(&step));

    let mut input = json_input(json!({"number": "2", "date": "2022-03-01", "date_text": "x".repeat(WORDS_MAX + 1)}));
    assert!(NewVersion::read(&mut input).is_err());
    assert_eq!(input.finish().expect_err("too long").message("date_text"), Some("får vara högst 100 tecken"));
    let mut input = json_input(json!({"number": "2", "date": "2022-03-01"}));
    let v = NewVersion::read(&mut input).expect("valid");
    assert_eq!(v.date.as_ref().and_then(DayOrWords::day), Some(day("2022-03-01")));
}

#[test]
fn a_party_left_out_of_its_own_act_is_asked_for() {
    let mut input = json_input(json!({"answered_on": "2025-02-01", "stance": "agrees"}));
    assert!(ConsultationAnswer::read(&mut input).is_err());
    assert_eq!(input.finish().expect_err("no party").message("party_id"), Some(PARTY_REQUIRED));
    let mut input = json_input(json!({"party_id": -1, "answered_on": "2025-02-01", "stance": "agrees"}));
    assert!(ConsultationAnswer::read(&mut input).is_err());
    let invalid = input.finish().expect_err("no id");
    assert_eq!(invalid.message("party_id"), Some("ska vara ett id (ett positivt heltal)"));
    let mut input = json_input(json!({"party_id": 4, "answered_on": "2025-02-01", "stance": "agrees"}));
    let answer = ConsultationAnswer::read(&mut input).expect("valid");
    assert_eq!(answer.party_id, OwnParty(4));
    assert!(answer.cells().contains(&("party_id", Cell::Int(Some(4)))));
}

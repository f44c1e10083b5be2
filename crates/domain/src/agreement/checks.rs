//! What a write to an agreement's registry entry or process is checked against, beside what the
//! recorded facts are (see the parent module): each rule answers with the field a person would
//! correct and a Swedish message; the store reads the records and asks.

use chrono::NaiveDate;

use crate::edit::FieldError;
use crate::kinds::BodyKind;
use crate::when::{Span, words_of};

/// A party's own act (an answer, a decision, a preparatory step) names no usable party.
pub const PARTY_REQUIRED: &str = "välj en part";
/// A party's own act by a party that is not one of the version's.
pub const NOT_A_PARTY_OF_VERSION: &str = "parten är inte part i den här versionen";
/// An answer by a party the consultation was not sent to.
pub const NOT_A_RECIPIENT: &str = "parten fick inte remissen";
/// A second consultation of one version (on the field `version`).
pub const ALREADY_CONSULTED: &str = "versionen har redan en remiss";
/// A registry entry without a target group.
pub const TARGET_GROUP_REQUIRED: &str = "ange minst en målgrupp";

/// An agreement does not relate to itself (`related_id`).
pub fn check_relation(agreement_id: i32, related_id: i32) -> Result<(), FieldError> {
    if agreement_id == related_id {
        Err(FieldError::new("related_id", "en överenskommelse kan inte relatera till sig själv"))
    } else {
        Ok(())
    }
}

/// An agreement does not lie under itself (`id` is its own, when it exists).
pub fn check_parent(id: Option<i32>, parent_id: Option<i32>) -> Result<(), FieldError> {
    if id.is_some() && parent_id == id {
        Err(FieldError::new("parent_id", "en överenskommelse kan inte ligga under sig själv"))
    } else {
        Ok(())
    }
}

/// A samrådsgrupp named on an agreement must be a body of that kind: `found` is the kind's code
/// of the body with id `id`, if there is one.
pub fn check_consultative_group(id: i32, found: Option<&str>) -> Result<(), FieldError> {
    let field = "consultative_group_id";
    match found {
        Some(code) if code == BodyKind::ConsultativeGroup.code() => Ok(()),
        Some(_) => Err(FieldError::new(field, "organet är ingen samrådsgrupp")),
        None => Err(FieldError::new(field, format!("det finns inget organ med id {id}"))),
    }
}

/// A version's end cannot come before its earliest start.
pub fn check_version_end(earliest_start: NaiveDate, valid_to: NaiveDate) -> Result<(), FieldError> {
    if valid_to < earliest_start {
        Err(FieldError::new("valid_to", format!("kan inte vara före tidigaste start ({earliest_start})")))
    } else {
        Ok(())
    }
}

/// A version's number is taken by another version of the agreement.
pub fn version_taken(number: &str) -> FieldError {
    FieldError::new("number", format!("versionen {number} finns redan"))
}

/// A consultation's last day to answer cannot come before it is sent.
pub fn check_deadline(sent_on: NaiveDate, deadline: NaiveDate) -> Result<(), FieldError> {
    if deadline < sent_on {
        Err(FieldError::new("deadline", format!("sista svarsdag kan inte vara före utskicket ({sent_on})")))
    } else {
        Ok(())
    }
}

/// An answer cannot come before its consultation was sent (`sent`, when its time is known: a
/// day, or the interval of its words).
pub fn check_answer_day(sent: Option<Span>, answered_on: NaiveDate) -> Result<(), FieldError> {
    match sent {
        Some(sent) if answered_on < sent.first => {
            let sent = words_of(sent);
            Err(FieldError::new("answered_on", format!("remissen skickades {sent}; svaret kan inte vara före det")))
        }
        _ => Ok(()),
    }
}

/// A decision, an answer or a recommendation cannot lie in the future: refused when its time
/// (`field`, a day or the interval of its words) begins after `today`.
pub fn check_not_future(field: &str, when: Span, today: NaiveDate) -> Result<(), FieldError> {
    if when.first > today {
        Err(FieldError::new(field, format!("kan inte ligga i framtiden (i dag är det {today})")))
    } else {
        Ok(())
    }
}

/// A recommendation to adopt cannot come before its consultation was sent: refused when its
/// time (`field`) ends before the consultation's sending begins.
pub fn check_recommended_after_sent(field: &str, sent: Span, recommended: Span) -> Result<(), FieldError> {
    if recommended.last < sent.first {
        let sent = words_of(sent);
        Err(FieldError::new(field, format!("remissen skickades {sent}; rekommendationen kan inte vara före det")))
    } else {
        Ok(())
    }
}

/// A consultation's deadline is only ever moved later (*förlängd*): the new one must come after
/// the one it replaces (`deadline`).
pub fn check_extended_deadline(current: Option<NaiveDate>, new: NaiveDate) -> Result<(), FieldError> {
    match current {
        Some(current) if new <= current => Err(FieldError::new(
            "deadline",
            format!("den nya sista svarsdagen ska vara senare än den nuvarande ({current})"),
        )),
        _ => Ok(()),
    }
}

/// A recommendation made before the consultation's deadline has passed: allowed (a party may
/// have answered early), but a registrar is asked to confirm it. The question, or `None` when
/// the recommendation (its whole interval) comes after the deadline.
pub fn recommended_before_deadline(deadline: NaiveDate, recommended: Span) -> Option<String> {
    (recommended.first <= deadline).then(|| {
        format!(
            "Remissens sista svarsdag är {deadline}, och rekommendationen är daterad {} – alla parter \
             kanske inte har svarat. Bekräfta att den ska registreras ändå.",
            words_of(recommended)
        )
    })
}

/// A version cannot come into force before its earliest start: refused when the in-force time
/// (`field`) ends before it.
pub fn check_in_force(field: &str, earliest_start: NaiveDate, in_force: Span) -> Result<(), FieldError> {
    if in_force.last < earliest_start {
        Err(FieldError::new(field, format!("kan inte vara före tidigaste start ({earliest_start})")))
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

    #[test]
    fn nothing_relates_to_or_lies_under_itself() {
        assert!(check_relation(1, 2).is_ok());
        assert_eq!(check_relation(1, 1).unwrap_err().field, "related_id");
        assert!(check_parent(None, None).is_ok());
        assert!(check_parent(Some(1), Some(2)).is_ok());
        assert_eq!(check_parent(Some(1), Some(1)).unwrap_err().field, "parent_id");
    }

    #[test]
    fn a_samradsgrupp_is_a_body_of_that_kind() {
        assert!(check_consultative_group(3, Some(BodyKind::ConsultativeGroup.code())).is_ok());
        assert!(check_consultative_group(3, Some(BodyKind::Other.code())).unwrap_err().message.contains("ingen samr"));
        assert!(check_consultative_group(3, None).unwrap_err().message.contains("id 3"));
    }

    #[test]
    fn days_of_the_process_come_in_order() {
        assert!(check_version_end(d("2024-01-01"), d("2024-01-01")).is_ok());
        assert_eq!(check_version_end(d("2024-01-01"), d("2023-12-31")).unwrap_err().field, "valid_to");
        assert_eq!(check_deadline(d("2024-01-01"), d("2023-12-31")).unwrap_err().field, "deadline");
        assert!(check_answer_day(None, d("2020-01-01")).is_ok());
        let sent = Some(Span::day(d("2024-01-01")));
        assert!(check_answer_day(sent, d("2023-12-31")).unwrap_err().message.contains("2024-01-01"));
        let spring = Some(words("våren 2021"));
        assert!(check_answer_day(spring, d("2021-03-01")).is_ok());
        assert!(check_answer_day(spring, d("2021-02-28")).unwrap_err().message.contains("våren 2021"));
        assert_eq!(version_taken("2.0").message, "versionen 2.0 finns redan");
    }

    fn words(s: &str) -> Span {
        crate::when::read_words(s).unwrap().span
    }

    #[test]
    fn nothing_decided_or_answered_lies_in_the_future() {
        let today = d("2026-11-30");
        assert!(check_not_future("decided_on", Span::day(today), today).is_ok());
        let wrong = check_not_future("decided_on", Span::day(d("2026-12-01")), today).unwrap_err();
        assert_eq!(
            (wrong.field.as_str(), wrong.message.as_str()),
            ("decided_on", "kan inte ligga i framtiden (i dag är det 2026-11-30)")
        );
        // Words whose interval has begun may be written; those wholly ahead may not.
        assert!(check_not_future("decided_text", words("hösten 2026"), today).is_ok());
        assert_eq!(check_not_future("decided_text", words("våren 2027"), today).unwrap_err().field, "decided_text");
    }

    #[test]
    fn a_recommendation_comes_after_its_consultation_was_sent() {
        let sent = words("våren 2021");
        assert!(check_recommended_after_sent("decided_on", sent, Span::day(d("2021-10-14"))).is_ok());
        assert!(check_recommended_after_sent("decided_on", sent, Span::day(d("2021-03-15"))).is_ok());
        let wrong = check_recommended_after_sent("decided_on", sent, Span::day(d("2021-02-01"))).unwrap_err();
        assert_eq!(wrong.message, "remissen skickades våren 2021; rekommendationen kan inte vara före det");
        assert_eq!(
            check_recommended_after_sent("decided_text", sent, words("2020")).unwrap_err().field,
            "decided_text"
        );
    }

    #[test]
    fn a_version_is_not_in_force_before_its_earliest_start() {
        let start = d("2022-07-01");
        assert!(check_in_force("in_force_text", start, words("september 2022")).is_ok());
        assert_eq!(check_in_force("in_force_text", start, words("våren 2022")).unwrap_err().field, "in_force_text");
    }

    #[test]
    fn a_deadline_is_only_moved_later() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default();
        assert!(check_extended_deadline(Some(d("2021-06-30")), d("2021-07-15")).is_ok());
        assert!(check_extended_deadline(None, d("2021-07-15")).is_ok());
        let refused = check_extended_deadline(Some(d("2021-06-30")), d("2021-06-30"));
        assert_eq!(refused.map_err(|e| e.field), Err("deadline".to_owned()));
    }

    #[test]
    fn a_recommendation_before_the_deadline_asks_for_confirmation() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default();
        let question = recommended_before_deadline(d("2021-06-30"), Span::day(d("2021-06-15")));
        assert!(question.is_some_and(|q| q.contains("2021-06-30") && q.contains("2021-06-15")));
        assert_eq!(recommended_before_deadline(d("2021-06-30"), Span::day(d("2021-07-01"))), None);
    }
}

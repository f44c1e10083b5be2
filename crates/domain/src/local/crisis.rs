//! Crisis support at a serious event (*krisstöd vid allvarlig händelse*, issue 15): an area's
//! crisis contact list (functions reachable around the clock, each with its holder's phone and
//! e-mail and a deputy), when it is incomplete, the acknowledgement links of an activation, and
//! the Swedish text of the message every contact is sent.

use crate::local::meeting::LocalTime;

/// One function on an area's crisis contact list, as the rules here need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactLine<'a> {
    pub function: &'a str,
    pub holder: Option<&'a str>,
    pub phone: Option<&'a str>,
}

/// What makes a list incomplete, one Swedish sentence per gap: a function with no holder, or
/// no phone. An empty list is incomplete too.
pub fn gaps(contacts: &[ContactLine<'_>]) -> Vec<String> {
    if contacts.is_empty() {
        return vec!["Listan har inga funktioner.".to_owned()];
    }
    let mut out = Vec::new();
    for c in contacts {
        match (c.holder, c.phone) {
            (None, None) => out.push(format!("{} saknar innehavare och telefon.", c.function)),
            (None, Some(_)) => out.push(format!("{} saknar innehavare.", c.function)),
            (Some(_), None) => out.push(format!("{} saknar telefon.", c.function)),
            (Some(_), Some(_)) => {}
        }
    }
    out
}

/// An acknowledgement link's last part: the recipient's id and its secret, `{id}-{secret}`.
pub fn ack_key(recipient_id: i32, secret: &str) -> String {
    format!("{recipient_id}-{secret}")
}

/// The recipient's id and the secret of a link's last part; `None` for anything else.
pub fn parse_ack_key(key: &str) -> Option<(i32, &str)> {
    let (id, secret) = key.split_once('-')?;
    let id: i32 = id.parse().ok().filter(|i| *i > 0)?;
    let hex = secret.len() == 64 && secret.bytes().all(|b| b.is_ascii_hexdigit());
    hex.then_some((id, secret))
}

/// Whether two secrets' hashes are the same, in time that does not depend on where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// What an activation tells each contact.
#[derive(Debug, Clone)]
pub struct Alert<'a> {
    pub area: &'a str,
    pub what: &'a str,
    pub place: &'a str,
    pub occurred: LocalTime,
    pub function: &'a str,
    /// The contact's personal acknowledgement link.
    pub link: &'a str,
}

/// The activation message's subject and plain text, in Swedish.
pub fn alert_mail(a: &Alert<'_>) -> (String, String) {
    let subject = format!("Krisstöd aktiverat: {}", a.area);
    let when = a.occurred.local().format("%Y-%m-%d %H:%M");
    let body = format!(
        "Krisstöd är aktiverat i {area}.\n\nVad: {what}\nVar: {place}\nNär: {when} (svensk tid)\n\nDu får detta som {function} på närområdets krislista.\n\nBekräfta att du tagit emot meddelandet genom att öppna din personliga länk och trycka på knappen:\n{link}\n\nLänken gäller bara dig. Svara inte på detta meddelande.\n",
        area = a.area,
        what = a.what,
        place = a.place,
        function = a.function,
        link = a.link,
    );
    (subject, body)
}

/// The activation as a text message (SMS): short, with the personal link, in Swedish.
pub fn alert_sms(a: &Alert<'_>) -> String {
    let when = a.occurred.local().format("%Y-%m-%d %H:%M");
    format!(
        "Krisstöd aktiverat i {area}: {what}, {place}, {when}. Du är {function} på krislistan. Bekräfta: {link}",
        area = a.area,
        what = a.what,
        place = a.place,
        function = a.function,
        link = a.link,
    )
}

/// A telephone number as an SMS provider wants it (E.164, `+46701234567`), when it can take a
/// text message: a Swedish mobile number (07…) or a number abroad; `None` for a Swedish number
/// that is no mobile's (a switchboard, 08-…) or no number at all.
pub fn sms_number(phone: &str) -> Option<String> {
    let plus = phone.trim_start().starts_with('+');
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    let international = if plus {
        digits
    } else if let Some(rest) = digits.strip_prefix("00") {
        rest.to_owned()
    } else if let Some(rest) = digits.strip_prefix('0') {
        format!("46{rest}")
    } else {
        return None;
    };
    let mobile = match international.strip_prefix("46") {
        Some(national) => national.starts_with('7') && national.len() == 9,
        None => (8..=15).contains(&international.len()),
    };
    mobile.then(|| format!("+{international}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_message_goes_to_mobile_numbers_only() {
        assert_eq!(sms_number("070-123 45 67").as_deref(), Some("+46701234567"));
        assert_eq!(sms_number("+46 (0)70 123 45 67"), None, "a (0) after +46 is no number a provider takes");
        assert_eq!(sms_number("+46 70 123 45 67").as_deref(), Some("+46701234567"));
        assert_eq!(sms_number("0046701234567").as_deref(), Some("+46701234567"));
        assert_eq!(sms_number("+358 40 123 4567").as_deref(), Some("+358401234567"));
        assert_eq!(sms_number("08-718 80 00"), None, "a switchboard takes no text message");
        assert_eq!(sms_number("070-123"), None);
        assert_eq!(sms_number(""), None);
    }

    #[test]
    fn a_list_is_incomplete_when_a_function_lacks_a_holder_or_a_phone() {
        let full = ContactLine { function: "Krisledare", holder: Some("Anna"), phone: Some("08-123") };
        assert!(gaps(std::slice::from_ref(&full)).is_empty());
        let no_phone = ContactLine { phone: None, ..full.clone() };
        let no_holder = ContactLine { holder: None, function: "Stabschef", ..full.clone() };
        assert_eq!(
            gaps(&[full, no_phone, no_holder]),
            vec!["Krisledare saknar telefon.", "Stabschef saknar innehavare."]
        );
        assert_eq!(gaps(&[]).len(), 1);
    }

    #[test]
    fn an_ack_key_is_read_back_and_nothing_else_is() {
        let secret = "a".repeat(64);
        assert_eq!(parse_ack_key(&ack_key(7, &secret)), Some((7, secret.as_str())));
        assert_eq!(parse_ack_key("7-abc"), None);
        assert_eq!(parse_ack_key(&format!("x-{secret}")), None);
        assert_eq!(parse_ack_key(&format!("0-{secret}")), None);
        assert_eq!(parse_ack_key(&format!("7-{}", "g".repeat(64))), None);
    }

    #[test]
    fn crisis_support_is_the_areas_coordinators_and_the_process_leaders_only() {
        use crate::access::{Grant, Owned, Role, may_change, scope_of};
        let scope = scope_of(Owned::Crisis { area_id: 7 });
        let grant = |role, party, area| vec![Grant::new(role, party, area).unwrap()];
        assert!(may_change(&grant(Role::Admin, None, None), scope));
        assert!(may_change(&grant(Role::AreaCoordinator, None, Some(7)), scope));
        assert!(!may_change(&grant(Role::AreaCoordinator, None, Some(8)), scope));
        assert!(!may_change(&grant(Role::PartyEditor, Some(1), None), scope));
        assert!(!may_change(&grant(Role::Reader, None, None), scope));
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret("abcd", "abcd"));
        assert!(!same_secret("abcd", "abce"));
        assert!(!same_secret("abcd", "abc"));
    }

    #[test]
    fn the_alert_names_what_where_when_and_the_link() {
        let occurred = LocalTime::parse("2026-12-01T14:30").unwrap();
        let (subject, body) = alert_mail(&Alert {
            area: "Nacka",
            what: "Brand i äldreboende",
            place: "Nacka strand",
            occurred,
            function: "Krisledare",
            link: "https://x/krisstod/kvittens/1-ab",
        });
        assert_eq!(subject, "Krisstöd aktiverat: Nacka");
        assert!(body.contains("2026-12-01 14:30"));
        assert!(body.contains("https://x/krisstod/kvittens/1-ab"));
        assert!(body.contains("Brand i äldreboende"));
    }
}

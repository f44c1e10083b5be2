//! A message of the outbox as an e-mail: the text as written (Swedish, UTF-8), the calendar
//! invitation attached as `text/calendar; charset=utf-8; method=REQUEST` (or `CANCEL`), which
//! mail programs offer to put in the calendar, and the `Message-ID` fixed when it was written,
//! so a message sent again is known as the same one.

use lettre::Message;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use samverkan_store::ClaimedMail;

use super::settings::Sender;

/// Why a message cannot be built: it never will be, as it is stored.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Unbuildable(pub(crate) String);

/// The e-mail for `mail`, from `from`.
pub(crate) fn build(mail: &ClaimedMail, from: &Sender) -> Result<Message, Unbuildable> {
    let to: Mailbox =
        mail.recipient.parse().map_err(|e| Unbuildable(format!("recipient {:?}: {e}", mail.recipient)))?;
    let text = SinglePart::builder().header(ContentType::TEXT_PLAIN).body(mail.body.clone());
    let builder = Message::builder()
        .message_id(Some(mail.message_id.clone()))
        .from(from.0.clone())
        .to(to)
        .subject(mail.subject.clone())
        .date_now();
    let built = match &mail.calendar {
        None => builder.singlepart(text),
        Some((method, ics)) => {
            // A method is a word (RFC 5546: REQUEST, CANCEL, …); nothing else reaches a header.
            if method.is_empty() || !method.chars().all(|c| c.is_ascii_alphabetic()) {
                return Err(Unbuildable(format!("calendar method {method:?}")));
            }
            let method = method.to_ascii_uppercase();
            let content_type = ContentType::parse(&format!("text/calendar; charset=utf-8; method={method}"))
                .map_err(|e| Unbuildable(format!("calendar content type: {e}")))?;
            let name = if method == "CANCEL" { "installt.ics" } else { "inbjudan.ics" };
            let calendar = Attachment::new(name.to_owned()).body(ics.clone(), content_type);
            builder.multipart(MultiPart::mixed().singlepart(text).singlepart(calendar))
        }
    };
    built.map_err(|e| Unbuildable(format!("message: {e}")))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn claimed(recipient: &str, calendar: Option<(&str, &str)>) -> ClaimedMail {
        ClaimedMail {
            id: 7,
            channel: samverkan_store::Channel::Email,
            message_id: "<abc123@samverkan.example.se>".to_owned(),
            recipient: recipient.to_owned(),
            subject: "Inbjudan: Nätverksmöte i Järva 2026-03-28".to_owned(),
            body: "Välkommen! Vi ses på vårdcentralen.\nMötet börjar 09:00.".to_owned(),
            calendar: calendar.map(|(m, t)| (m.to_owned(), t.to_owned())),
            attempts: 0,
            worker: "test".to_owned(),
        }
    }

    fn from() -> Sender {
        Sender::parse("Samverkan <noreply@samverkan.example.se>").unwrap()
    }

    #[test]
    fn an_invitation_carries_its_text_and_calendar_with_the_rows_message_id() {
        let ics = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nSUMMARY:Nätverksmöte\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let mail = claimed("vardcentral@example.se", Some(("REQUEST", ics)));
        let text = String::from_utf8(build(&mail, &from()).unwrap().formatted()).unwrap();
        assert!(text.contains("Message-ID: <abc123@samverkan.example.se>\r\n"), "{text}");
        assert!(text.contains("From: Samverkan <noreply@samverkan.example.se>\r\n"), "{text}");
        assert!(text.contains("To: vardcentral@example.se\r\n"), "{text}");
        // The subject's non-ASCII words encoded (RFC 2047): the headers are ASCII.
        let (headers, _) = text.split_once("\r\n\r\n").unwrap();
        assert!(headers.contains("Subject: Inbjudan: =?utf-8?b?TsOkdHZlcmtzbcO2dGU=?="), "{text}");
        assert!(headers.is_ascii(), "{headers}");
        assert!(text.contains("Content-Type: multipart/mixed"), "{text}");
        assert!(text.contains("Content-Type: text/plain; charset=utf-8"), "{text}");
        assert!(text.contains("Content-Type: text/calendar; charset=utf-8; method=REQUEST"), "{text}");
        assert!(text.contains("Content-Disposition: attachment; filename=\"inbjudan.ics\""), "{text}");
    }

    #[test]
    fn a_cancellation_says_cancel_and_a_plain_message_has_one_part() {
        let cancel = claimed("a@example.se", Some(("CANCEL", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")));
        let text = String::from_utf8(build(&cancel, &from()).unwrap().formatted()).unwrap();
        assert!(text.contains("method=CANCEL") && text.contains("installt.ics"), "{text}");
        let plain = String::from_utf8(build(&claimed("a@example.se", None), &from()).unwrap().formatted()).unwrap();
        assert!(!plain.contains("multipart") && plain.contains("text/plain; charset=utf-8"), "{plain}");
    }

    #[test]
    fn a_message_that_can_never_be_sent_says_why() {
        assert!(build(&claimed("inte en adress", None), &from()).unwrap_err().0.contains("recipient"));
        let injected = claimed("a@example.se", Some(("REQUEST\r\nBcc: x@example.se", "")));
        assert!(build(&injected, &from()).unwrap_err().0.contains("calendar method"));
    }
}

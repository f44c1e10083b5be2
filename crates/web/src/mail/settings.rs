//! How e-mail is sent, as configured on the command line (`serve --smtp-host …`).

use std::path::PathBuf;
use std::time::Duration;

use lettre::message::Mailbox;

/// How e-mail is sent and by whom.
#[derive(Debug, Clone)]
pub struct MailSettings {
    pub delivery: Delivery,
    /// `From` of every message.
    pub from: Sender,
    /// How long a message waits after its first failure; each further failure doubles it, up to
    /// an hour.
    pub retry_base: Duration,
    /// How often the outbox is looked at when nothing is due.
    pub poll_interval: Duration,
    /// The SMS provider, when crisis alerts should go by text message too.
    pub sms: Option<super::sms::SmsSettings>,
}

impl MailSettings {
    /// Settings that write each message to `folder` as an `.eml` file, from `from`.
    pub fn folder(folder: PathBuf, from: Sender) -> MailSettings {
        MailSettings {
            delivery: Delivery::Folder(folder),
            from,
            retry_base: Duration::from_secs(60),
            poll_interval: Duration::from_secs(2),
            sms: None,
        }
    }
}

/// Where messages go.
#[derive(Debug, Clone)]
pub enum Delivery {
    /// To a mail server.
    Smtp(SmtpSettings),
    /// Into a folder, each message an `.eml` file (for development: nothing leaves the machine).
    Folder(PathBuf),
}

/// A mail server and how to speak to it.
#[derive(Clone)]
pub struct SmtpSettings {
    pub host: String,
    /// The port; by default the one `tls` implies (25, 587, 465).
    pub port: Option<u16>,
    /// A user name and password, if the server wants them.
    pub credentials: Option<(String, String)>,
    pub tls: SmtpTls,
}

/// Never prints the password.
impl std::fmt::Debug for SmtpSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("user", &self.credentials.as_ref().map(|(user, _)| user))
            .field("tls", &self.tls)
            .finish()
    }
}

/// How the connection to the mail server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpTls {
    /// Plain text (a relay on the same host or network only).
    None,
    /// Plain first, then `STARTTLS`, which the server must offer.
    Starttls,
    /// TLS from the first byte (SMTPS).
    Tls,
}

impl SmtpTls {
    /// Reads `none`, `starttls` or `tls` (for the command line).
    pub fn parse(text: &str) -> Result<SmtpTls, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "none" => Ok(SmtpTls::None),
            "starttls" => Ok(SmtpTls::Starttls),
            "tls" => Ok(SmtpTls::Tls),
            other => Err(format!("{other:?}: none, starttls or tls")),
        }
    }

    /// The port a server speaking this way usually listens on.
    pub fn default_port(self) -> u16 {
        match self {
            SmtpTls::None => 25,
            SmtpTls::Starttls => 587,
            SmtpTls::Tls => 465,
        }
    }
}

/// The sender of every message: `adress@example.se` or `Namn <adress@example.se>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sender(pub(crate) Mailbox);

impl Sender {
    /// Reads an address, with a name or without (for the command line).
    pub fn parse(text: &str) -> Result<Sender, String> {
        text.trim().parse::<Mailbox>().map(Sender).map_err(|e| format!("{text:?} is no e-mail address: {e}"))
    }
}

impl std::fmt::Display for Sender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_command_lines_words_are_read() {
        assert_eq!(SmtpTls::parse("STARTTLS"), Ok(SmtpTls::Starttls));
        assert_eq!(SmtpTls::parse("tls").unwrap().default_port(), 465);
        assert!(SmtpTls::parse("ssl").is_err());
        let sender = Sender::parse("Samverkan <noreply@example.se>").unwrap();
        assert_eq!(sender.0.email.to_string(), "noreply@example.se");
        assert!(Sender::parse("noreply").is_err());
    }

    #[test]
    fn the_password_is_never_printed() {
        let smtp = SmtpSettings {
            host: "smtp.example.se".to_owned(),
            port: None,
            credentials: Some(("samverkan".to_owned(), "hemligt-lösen".to_owned())),
            tls: SmtpTls::Starttls,
        };
        let printed = format!("{smtp:?}");
        assert!(printed.contains("samverkan") && !printed.contains("hemligt"), "{printed}");
    }
}

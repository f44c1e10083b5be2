//! Text messages (SMS) for crisis alerts, through a provider's HTTP API behind a small trait, so
//! another provider is one more implementation. The one here speaks the shape of 46elks'
//! `POST /a1/sms` (form fields `from`, `to`, `message`; HTTP Basic authentication), which many
//! Swedish gateways accept; any 2xx answer is "accepted", anything else a failure the outbox
//! tries again later, like an e-mail.

use std::time::Duration;

/// Sends one text message; the error as the provider or the network gave it.
#[async_trait::async_trait]
pub trait SmsSender: Send + Sync {
    async fn send(&self, to: &str, text: &str) -> Result<(), String>;
}

/// The provider as configured (`serve --sms-url … --sms-username … --sms-password … --sms-from …`).
#[derive(Clone)]
pub struct SmsSettings {
    /// The API's address, e.g. `https://api.46elks.com/a1/sms`.
    pub url: String,
    pub username: String,
    pub password: String,
    /// The sender shown on the phone: a name of at most 11 letters or a number.
    pub from: String,
}

impl SmsSettings {
    /// The provider's settings from the command line: an http(s) address, and a sender a phone
    /// shows (at most 11 letters or digits, or a number); the message names the option.
    pub fn new(url: &str, username: String, password: String, from: &str) -> Result<SmsSettings, String> {
        let url = url.trim().to_owned();
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            return Err(format!("--sms-url: an http(s) address, not {url:?}"));
        }
        let from = from.trim().to_owned();
        let name_ok = from.chars().count() <= 11 && from.chars().all(|c| c.is_ascii_alphanumeric());
        let number_ok = from.strip_prefix('+').is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
        if !(name_ok || number_ok) {
            return Err("--sms-from: at most 11 letters or digits (a-z, 0-9), or a number like +46701234567".to_owned());
        }
        Ok(SmsSettings { url, username, password, from })
    }
}

/// Never prints the password.
impl std::fmt::Debug for SmsSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmsSettings")
            .field("url", &self.url)
            .field("username", &self.username)
            .field("from", &self.from)
            .finish()
    }
}

/// How long the provider may take to answer.
const TIMEOUT: Duration = Duration::from_secs(30);

/// The provider over HTTP(S).
pub(crate) struct HttpSms {
    client: reqwest::Client,
    settings: SmsSettings,
}

/// Makes rustls's ring (as lettre uses) the process's TLS crypto provider, unless one is
/// already: reqwest is built without one of its own, so an HTTP client in this process (this
/// module's, a test's) needs it before it is built.
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

impl HttpSms {
    pub(crate) fn new(settings: SmsSettings) -> Result<HttpSms, String> {
        install_crypto_provider();
        let client = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .build()
            .map_err(|e| format!("SMS provider {}: {e}", settings.url))?;
        Ok(HttpSms { client, settings })
    }
}

#[async_trait::async_trait]
impl SmsSender for HttpSms {
    async fn send(&self, to: &str, text: &str) -> Result<(), String> {
        let s = &self.settings;
        let response = self
            .client
            .post(&s.url)
            .basic_auth(&s.username, Some(&s.password))
            .form(&[("from", s.from.as_str()), ("to", to), ("message", text)])
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        let said: String = response.text().await.unwrap_or_default().chars().take(200).collect();
        Err(format!("the SMS provider answered {status}: {said}"))
    }
}

#[cfg(test)]
mod tests {
    use super::SmsSettings;

    #[test]
    fn the_command_lines_address_and_sender_are_checked() {
        let new = |url: &str, from: &str| SmsSettings::new(url, "u".to_owned(), "p".to_owned(), from);
        assert_eq!(new(" https://api.46elks.com/a1/sms ", "Samverkan").unwrap().url, "https://api.46elks.com/a1/sms");
        assert!(new("https://x.se/sms", "+46701234567").is_ok());
        assert!(new("ftp://x.se", "Samverkan").unwrap_err().starts_with("--sms-url"));
        assert!(new("https://x.se/sms", "Samverkan Stockholm").unwrap_err().starts_with("--sms-from"));
        assert!(new("https://x.se/sms", "+").is_err());
    }

    #[test]
    fn the_password_is_never_printed() {
        let s = SmsSettings {
            url: "https://api.46elks.com/a1/sms".to_owned(),
            username: "u123".to_owned(),
            password: "hemligt-lösen".to_owned(),
            from: "Samverkan".to_owned(),
        };
        let printed = format!("{s:?}");
        assert!(printed.contains("u123") && !printed.contains("hemligt"), "{printed}");
    }
}

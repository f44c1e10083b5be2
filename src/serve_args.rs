//! `serve`'s options for e-mail and text messages, and for running the service (scheduled
//! backups, metrics), read into the web crate's settings.

use std::net::SocketAddr;

use anyhow::Context;

/// E-mail (meeting invitations), sent from the durable outbox by a worker in each instance.
#[derive(Debug, clap::Args)]
pub(crate) struct MailArgs {
    /// The SMTP server that sends e-mail. Without it, each message is written to --mail-dir as
    /// an .eml file instead (for development: nothing leaves the machine).
    #[arg(long, env = "SAMVERKAN_SMTP_HOST")]
    smtp_host: Option<String>,
    /// Its port; by default the one --smtp-tls implies: 25 (none), 587 (starttls), 465 (tls).
    #[arg(long, env = "SAMVERKAN_SMTP_PORT")]
    smtp_port: Option<u16>,
    /// The user name to sign in to the SMTP server with (with --smtp-password).
    #[arg(long, env = "SAMVERKAN_SMTP_USERNAME")]
    smtp_username: Option<String>,
    /// The password to sign in to the SMTP server with; prefer the environment variable, which
    /// other users of the machine cannot read in the process list.
    #[arg(long, env = "SAMVERKAN_SMTP_PASSWORD", hide_env_values = true)]
    smtp_password: Option<String>,
    /// How the connection to the SMTP server is protected: none, starttls (required, not
    /// opportunistic) or tls (SMTPS).
    #[arg(long, env = "SAMVERKAN_SMTP_TLS", default_value = "starttls", value_parser = samverkan_web::SmtpTls::parse)]
    smtp_tls: samverkan_web::SmtpTls,
    /// The sender of every message, `adress@example.se` or `Namn <adress@example.se>`. Required
    /// with --smtp-host.
    #[arg(long, env = "SAMVERKAN_MAIL_FROM", value_parser = samverkan_web::Sender::parse)]
    mail_from: Option<samverkan_web::Sender>,
    /// Without --smtp-host: the folder each message is written to as an .eml file.
    #[arg(long, env = "SAMVERKAN_MAIL_DIR", default_value = "mail")]
    mail_dir: std::path::PathBuf,
    /// Seconds a message waits after its first failed try; each further failure doubles the
    /// wait, up to an hour. After 20 tries it is given up as failed.
    #[arg(long, env = "SAMVERKAN_MAIL_RETRY_SECONDS", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=3600))]
    mail_retry_seconds: u64,
    /// An SMS provider's API (form fields from, to, message; HTTP Basic), e.g.
    /// https://api.46elks.com/a1/sms. With it, crisis alerts go by text message too, to each
    /// contact's mobile number; without it, by e-mail only.
    #[arg(long, env = "SAMVERKAN_SMS_URL")]
    sms_url: Option<String>,
    /// The user name for the SMS provider's API.
    #[arg(long, env = "SAMVERKAN_SMS_USERNAME")]
    sms_username: Option<String>,
    /// The password for the SMS provider's API; prefer the environment variable.
    #[arg(long, env = "SAMVERKAN_SMS_PASSWORD", hide_env_values = true)]
    sms_password: Option<String>,
    /// The sender shown on the phone: a name of at most 11 letters or digits, or a number.
    #[arg(long, env = "SAMVERKAN_SMS_FROM", default_value = "Samverkan")]
    sms_from: String,
}

impl MailArgs {
    pub(crate) fn settings(self) -> anyhow::Result<samverkan_web::MailSettings> {
        let credentials = match (self.smtp_username, self.smtp_password) {
            (Some(user), Some(password)) => Some((user, password)),
            (None, None) => None,
            _ => anyhow::bail!("--smtp-username and --smtp-password go together"),
        };
        let mut settings = match self.smtp_host.filter(|h| !h.trim().is_empty()) {
            Some(host) => {
                let from = self.mail_from.context("--mail-from is required with --smtp-host")?;
                let mut settings = samverkan_web::MailSettings::folder(self.mail_dir, from);
                settings.delivery = samverkan_web::Delivery::Smtp(samverkan_web::SmtpSettings {
                    host: host.trim().to_owned(),
                    port: self.smtp_port,
                    credentials,
                    tls: self.smtp_tls,
                });
                settings
            }
            None => {
                let from = match self.mail_from {
                    Some(from) => from,
                    None => {
                        samverkan_web::Sender::parse("Samverkan <samverkan@localhost>").map_err(anyhow::Error::msg)?
                    }
                };
                samverkan_web::MailSettings::folder(self.mail_dir, from)
            }
        };
        settings.retry_base = std::time::Duration::from_secs(self.mail_retry_seconds);
        settings.sms = match (self.sms_url.filter(|u| !u.trim().is_empty()), self.sms_username, self.sms_password) {
            (None, _, _) => None,
            (Some(url), Some(username), Some(password)) => Some(
                samverkan_web::SmsSettings::new(&url, username, password, &self.sms_from)
                    .map_err(anyhow::Error::msg)?,
            ),
            _ => anyhow::bail!("--sms-url needs --sms-username and --sms-password"),
        };
        Ok(settings)
    }
}

/// Running the service: scheduled backups, metrics.
#[derive(Debug, clap::Args)]
pub(crate) struct OperationsArgs {
    /// Take scheduled backups into this folder (made if missing), named by their UTC time:
    /// samverkan-YYYYMMDDTHHMMSSZ.db (SQLite) or .pgdump (PostgreSQL). A failed backup is logged
    /// as an error and makes /readyz answer 503 until one succeeds.
    #[arg(long, env = "SAMVERKAN_BACKUP_DIR")]
    pub(crate) backup_dir: Option<std::path::PathBuf>,
    /// How often, after the newest backup in the folder: 24h, 6h, 30m, 1d 12h.
    #[arg(long, env = "SAMVERKAN_BACKUP_EVERY", default_value = "24h", value_parser = backup_interval)]
    pub(crate) backup_every: std::time::Duration,
    /// How many of the newest scheduled backups to keep; older ones are removed.
    #[arg(long, env = "SAMVERKAN_BACKUP_KEEP", default_value_t = 14, value_parser = clap::value_parser!(u64).range(1..=10_000))]
    pub(crate) backup_keep: u64,
    /// Serve /metrics (Prometheus) to those who send this token as `Authorization: Bearer`.
    /// Prefer the environment variable. Without it and without --metrics-addr, /metrics answers
    /// 404.
    #[arg(long, env = "SAMVERKAN_METRICS_TOKEN", hide_env_values = true, value_parser = samverkan_web::MetricsToken::parse)]
    pub(crate) metrics_token: Option<samverkan_web::MetricsToken>,
    /// Serve /metrics on a listener of its own (e.g. 127.0.0.1:9464) instead of the main one;
    /// with --metrics-token, it asks for the token there too.
    #[arg(long, env = "SAMVERKAN_METRICS_ADDR")]
    pub(crate) metrics_addr: Option<SocketAddr>,
}

/// `--backup-every`: a duration as people write it (`24h`, `30m`), a second at least.
fn backup_interval(text: &str) -> Result<std::time::Duration, String> {
    let every = humantime::parse_duration(text).map_err(|e| format!("{text:?}: {e} (write e.g. 24h, 6h, 30m)"))?;
    if every < std::time::Duration::from_secs(1) {
        return Err(format!("{text:?}: at least a second"));
    }
    Ok(every)
}

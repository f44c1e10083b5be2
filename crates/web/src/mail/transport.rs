//! Where a built message goes: a mail server over SMTP (lettre's tokio transport; TLS by rustls
//! with the web's root certificates), or a folder, one `.eml` file a message.

use std::time::Duration;

use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::settings::{Delivery, SmtpTls};

/// How long one SMTP command may take before the try counts as failed.
pub(crate) const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

pub(crate) enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Folder(AsyncFileTransport<Tokio1Executor>),
}

impl Transport {
    /// The transport `delivery` describes; a folder is made if it does not exist.
    pub(crate) fn new(delivery: &Delivery) -> Result<Transport, String> {
        match delivery {
            Delivery::Folder(folder) => {
                std::fs::create_dir_all(folder)
                    .map_err(|e| format!("cannot make the mail folder {}: {e}", folder.display()))?;
                Ok(Transport::Folder(AsyncFileTransport::new(folder)))
            }
            Delivery::Smtp(smtp) => {
                let builder = match smtp.tls {
                    SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(smtp.host.as_str()),
                    SmtpTls::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&smtp.host)
                        .map_err(|e| format!("SMTP host {}: {e}", smtp.host))?,
                    SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&smtp.host)
                        .map_err(|e| format!("SMTP host {}: {e}", smtp.host))?,
                };
                let mut builder =
                    builder.port(smtp.port.unwrap_or_else(|| smtp.tls.default_port())).timeout(Some(SMTP_TIMEOUT));
                if let Some((user, password)) = &smtp.credentials {
                    builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
                }
                Ok(Transport::Smtp(builder.build()))
            }
        }
    }

    /// Sends `message`; the error as the server or the file system gave it.
    pub(crate) async fn send(&self, message: Message) -> Result<(), String> {
        match self {
            Transport::Smtp(smtp) => smtp.send(message).await.map(drop).map_err(|e| e.to_string()),
            Transport::Folder(folder) => folder.send(message).await.map(drop).map_err(|e| e.to_string()),
        }
    }
}

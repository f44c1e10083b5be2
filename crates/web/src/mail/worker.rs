//! The outbox's worker: one tokio task per instance. It claims the messages that are due, sends
//! each, marks it sent (or failed, to be tried again later), and when nothing is due sleeps for
//! the poll interval; stopped, it finishes the message it is sending and gives back the claims
//! on the rest. The claiming is the store's, so any number of instances can run one each.

use std::time::Duration;

use samverkan_store::{Channel, ClaimedMail, OutboxState, Store, StoreError};
use tokio::sync::watch;

use super::message::{Unbuildable, build};
use super::settings::{Delivery, MailSettings};
use super::sms::{HttpSms, SmsSender};
use super::transport::Transport;

/// Where the worker sends: e-mail by its transport, text messages by the SMS provider, if any.
struct Outgoing {
    mail: Transport,
    sms: Option<Box<dyn SmsSender>>,
}

/// How many messages are claimed at once: few enough that the last is sent well within the
/// claim (ten SMTP timeouts are five minutes, the claim ten).
const BATCH: u64 = 10;
/// The longest one message's sending may take, every SMTP command's timeout together.
const SEND_DEADLINE: Duration = Duration::from_secs(90);

/// A running worker.
pub(crate) struct Running {
    stop: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl Running {
    /// Stops the worker: it finishes the message in hand, gives back its other claims and ends.
    pub(crate) async fn stop(self) {
        let _ = self.stop.send(true);
        if let Err(e) = self.task.await {
            tracing::warn!(error = %e, "the e-mail worker ended badly");
        }
    }
}

/// Starts the worker on the runtime; an error if its transport cannot be set up (a folder that
/// cannot be made, an SMTP host that is no name).
pub(crate) fn spawn(store: Store, settings: MailSettings) -> Result<Running, String> {
    let transport = Transport::new(&settings.delivery)?;
    let sms: Option<Box<dyn SmsSender>> = match settings.sms.clone() {
        Some(provider) => {
            tracing::info!(url = %provider.url, from = %provider.from, "crisis alerts by text message too");
            Some(Box::new(HttpSms::new(provider)?))
        }
        None => None,
    };
    let transport = Outgoing { mail: transport, sms };
    // Unique among the instances sharing the outbox: the claims it holds carry this name.
    let token = samverkan_store::random_token();
    let name = format!("{}-{}", std::process::id(), &token[..12]);
    let (stop, stopped) = watch::channel(false);
    match &settings.delivery {
        Delivery::Smtp(smtp) => {
            tracing::info!(worker = %name, host = %smtp.host, port = ?smtp.port, tls = ?smtp.tls, from = %settings.from, "sending e-mail over SMTP")
        }
        Delivery::Folder(folder) => {
            tracing::info!(worker = %name, folder = %folder.display(), "no SMTP host: writing e-mail as .eml files")
        }
    }
    let task = tokio::spawn(run(store, transport, settings, name, stopped));
    Ok(Running { stop, task })
}

async fn run(
    store: Store,
    transport: Outgoing,
    settings: MailSettings,
    name: String,
    mut stopped: watch::Receiver<bool>,
) {
    loop {
        if *stopped.borrow() {
            break;
        }
        let more = match deliver_due(&store, &transport, &settings, &name, &stopped).await {
            Ok(more) => more,
            Err(e) => {
                tracing::warn!(error = %e, "e-mail worker: the outbox cannot be read or written; trying again");
                false
            }
        };
        if more {
            continue;
        }
        tokio::select! {
            _ = stopped.changed() => {},
            () = tokio::time::sleep(settings.poll_interval) => {},
        }
    }
    match store.release_mail_claims(&name).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(messages = n, "e-mail worker: claims given back"),
        Err(e) => tracing::warn!(error = %e, "e-mail worker: claims not given back; they expire by themselves"),
    }
    tracing::info!(worker = %name, "e-mail worker stopped");
}

/// Claims what is due and sends it; true when there may be more due at once.
async fn deliver_due(
    store: &Store,
    transport: &Outgoing,
    settings: &MailSettings,
    name: &str,
    stopped: &watch::Receiver<bool>,
) -> Result<bool, StoreError> {
    let claimed = store.claim_due_mail(name, BATCH).await?;
    for mail in &claimed {
        if *stopped.borrow() {
            return Ok(false);
        }
        send_one(store, transport, settings, mail).await?;
    }
    Ok(claimed.len() as u64 == BATCH)
}

async fn send_one(
    store: &Store,
    transport: &Outgoing,
    settings: &MailSettings,
    mail: &ClaimedMail,
) -> Result<(), StoreError> {
    let late = |_| Err(format!("no answer in {} s", SEND_DEADLINE.as_secs()));
    let sent = match (mail.channel, &transport.sms) {
        (Channel::Sms, Some(sms)) => {
            tokio::time::timeout(SEND_DEADLINE, sms.send(&mail.recipient, &mail.body)).await.unwrap_or_else(late)
        }
        // Written while a provider was configured; tried again once one is.
        (Channel::Sms, None) => Err("no SMS provider is configured (serve --sms-url)".to_owned()),
        (Channel::Email, _) => {
            let message = match build(mail, &settings.from) {
                Ok(message) => message,
                Err(Unbuildable(why)) => {
                    tracing::error!(mail = mail.id, message_id = %mail.message_id, error = %why, "e-mail cannot be sent as written: failed");
                    return store.mark_mail_undeliverable(mail, &why).await;
                }
            };
            tokio::time::timeout(SEND_DEADLINE, transport.mail.send(message)).await.unwrap_or_else(late)
        }
    };
    match sent {
        Ok(()) => {
            if store.mark_mail_sent(mail).await? {
                tracing::info!(mail = mail.id, message_id = %mail.message_id, "e-mail sent");
            } else {
                tracing::warn!(mail = mail.id, message_id = %mail.message_id, "e-mail sent, but another worker had sent it already (its claim had expired)");
            }
        }
        Err(why) => {
            let base = chrono::Duration::from_std(settings.retry_base).unwrap_or_else(|_| chrono::Duration::minutes(1));
            match store.mark_mail_failed(mail, &why, base).await? {
                OutboxState::Failed => tracing::error!(
                    mail = mail.id,
                    message_id = %mail.message_id,
                    attempts = mail.attempts + 1,
                    error = %why,
                    "e-mail not sent; given up"
                ),
                _ => tracing::warn!(
                    mail = mail.id,
                    message_id = %mail.message_id,
                    attempts = mail.attempts + 1,
                    error = %why,
                    "e-mail not sent; it will be tried again"
                ),
            }
        }
    }
    Ok(())
}

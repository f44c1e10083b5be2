//! E-mail: the worker that sends the durable outbox's messages (`store`'s `local/outbox`), and
//! how it sends them. `serve` starts one worker per instance and stops it on shutdown; any
//! number of instances share one outbox, each message claimed by one of them only.
//!
//! - `settings`: what the command line configures: SMTP (host, port, credentials, TLS) or a
//!   folder of `.eml` files, the sender, the base of the retry delay.
//! - `message`: a stored message as an e-mail: Swedish text, UTF-8, the `.ics` attached as
//!   `text/calendar; method=…`, its `Message-ID` from the row.
//! - `transport`: SMTP (lettre's tokio transport, rustls) or the folder.
//! - `sms`: text messages (crisis alerts) through an SMS provider's HTTP API, behind a trait.
//! - `worker`: the loop: claim what is due, send, mark sent or failed, sleep, until stopped.

mod message;
mod settings;
mod sms;
mod transport;
mod worker;

pub use settings::{Delivery, MailSettings, Sender, SmtpSettings, SmtpTls};
pub use sms::{SmsSender, SmsSettings, install_crypto_provider};
pub(crate) use worker::spawn;

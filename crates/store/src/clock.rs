//! The time as the store sees it for sign-ins, sessions, tokens and one-time passwords: the
//! system's. Tests built with the `test-clock` feature may move it forward, to see a session go
//! idle or a token expire without waiting; the program as shipped cannot.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Duration, Utc};

#[derive(Clone, Debug, Default)]
pub(crate) struct Clock {
    /// Seconds added to the system's time: always 0 outside tests.
    offset_seconds: Arc<AtomicI64>,
}

impl Clock {
    pub(crate) fn now(&self) -> DateTime<Utc> {
        Utc::now() + Duration::seconds(self.offset_seconds.load(Ordering::Relaxed))
    }

    /// Today in Stockholm: the day after which nothing can yet have been decided or answered.
    pub(crate) fn today(&self) -> chrono::NaiveDate {
        self.now().with_timezone(&chrono_tz::Europe::Stockholm).date_naive()
    }

    #[cfg(any(test, feature = "test-clock"))]
    pub(crate) fn advance(&self, by: Duration) {
        self.offset_seconds.fetch_add(by.num_seconds(), Ordering::Relaxed);
    }
}

//! Reading request parameters with errors that name the parameter.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use chrono::NaiveDate;
use samverkan_domain::parse_date;

use crate::error::{Error, PageError};

/// Today's date in Stockholm: what "now" means to the collaboration's users.
pub fn today() -> NaiveDate {
    chrono::Utc::now().with_timezone(&chrono_tz::Europe::Stockholm).date_naive()
}

/// The `?at=YYYY-MM-DD` parameter: the date to answer for (today when absent).
#[derive(Debug, Clone, Copy)]
pub struct At {
    pub date: NaiveDate,
    /// Whether the client asked for a date (rather than getting today by default).
    pub explicit: bool,
}

/// Reads `at`. Pages accept an empty value as "today" (a cleared date field submits `at=`); the
/// API, whose description says `format: date`, refuses it.
fn read_at(parts: &Parts, empty_is_today: bool) -> Result<At, Error> {
    let query = parts.uri.query().unwrap_or("");
    let mut date = None;
    for (key, value) in form_urlencoded::parse(query.as_bytes()) {
        if key == "at" {
            if value.is_empty() && empty_is_today {
                continue;
            }
            date = Some(parse_date(&value).map_err(|e| Error::bad_request("at", e))?);
        }
    }
    Ok(match date {
        Some(date) => At { date, explicit: true },
        None => At { date: today(), explicit: false },
    })
}

impl<S: Send + Sync> FromRequestParts<S> for At {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        read_at(parts, false)
    }
}

/// [`At`] for pages: a bad date is answered with an HTML page.
#[derive(Debug, Clone, Copy)]
pub struct PageAt(pub At);

impl<S: Send + Sync> FromRequestParts<S> for PageAt {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(PageAt(read_at(parts, true)?))
    }
}

/// Reads a record id from a path segment; anything that is not an id is simply not found.
pub fn parse_id(raw: &str) -> Result<i32, Error> {
    raw.parse::<i32>().ok().filter(|id| *id > 0).ok_or(Error::NotFound)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_positive_integers() {
        assert_eq!(parse_id("12").unwrap(), 12);
        for bad in ["0", "-1", "abc", "1.5", ""] {
            assert!(matches!(parse_id(bad), Err(Error::NotFound)));
        }
    }
}

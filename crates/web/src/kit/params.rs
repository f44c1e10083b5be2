//! Reading request parameters with errors that name the parameter.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use chrono::NaiveDate;
use samverkan_domain::parse_date;
use samverkan_store::{Cursor, Page};

use crate::kit::error::{Error, PageError};

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

/// [`At`] for pages (a bad date is answered with an HTML page), and the signed-in user, if any,
/// for the page's header.
#[derive(Debug, Clone)]
pub struct PageAt(
    pub At,
    pub Option<std::sync::Arc<samverkan_store::SessionUser>>,
    /// What the last save said, to show once ([`crate::kit::saved`]).
    pub Option<crate::kit::saved::Saved>,
);

impl<S: Send + Sync> FromRequestParts<S> for PageAt {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        // Who is asking: resolved once per request by `auth::resolve_visitor`.
        let visitor = parts.extensions.get::<crate::kit::visitor::Visitor>().and_then(|v| v.user.clone());
        let saved = parts.extensions.get::<crate::kit::saved::Saved>().cloned();
        Ok(PageAt(read_at(parts, true)?, visitor, saved))
    }
}

/// Looks up one query parameter (the last occurrence wins, as with `at`).
fn query_value(parts: &Parts, name: &str) -> Option<String> {
    let query = parts.uri.query().unwrap_or("");
    form_urlencoded::parse(query.as_bytes()).filter(|(k, _)| k == name).map(|(_, v)| v.into_owned()).last()
}

/// Reads a whole number in `min..=max`, or says which parameter is wrong and why.
fn bounded(name: &str, raw: Option<String>, default: u64, min: u64, max: u64) -> Result<u64, Error> {
    let Some(raw) = raw else { return Ok(default) };
    raw.trim()
        .parse::<u64>()
        .ok()
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(|| Error::bad_request(name, format!("ska vara ett heltal från {min} till {max}, inte \"{raw}\"")))
}

/// How many rows an API list answers with when the client does not say.
pub const DEFAULT_LIMIT: u64 = 100;
/// The most rows one API answer may hold.
pub const MAX_LIMIT: u64 = 1000;
/// The furthest offset accepted; beyond it every list is empty anyway.
pub const MAX_OFFSET: u64 = i32::MAX as u64;
/// Rows on one page of a list page.
pub const PAGE_SIZE: u64 = 100;

/// `?limit=&offset=` of an API list.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub limit: u64,
    pub offset: u64,
}

impl Window {
    pub fn page(self) -> Page {
        Page { limit: Some(self.limit), offset: self.offset, cursor: None }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Window {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Window {
            limit: bounded("limit", query_value(parts, "limit"), DEFAULT_LIMIT, 1, MAX_LIMIT)?,
            offset: bounded("offset", query_value(parts, "offset"), 0, 0, MAX_OFFSET)?,
        })
    }
}

/// `?sida=N` of a list page: which page of [`PAGE_SIZE`] rows to show, from 1. The pager's own
/// links also carry `efter=ID` (the previous page's last row) or `fore=ID` (the next page's
/// first row), so that stepping through a long list costs the same on page 300 as on page 2.
#[derive(Debug, Clone, Copy)]
pub struct PageNumber {
    pub number: u64,
    pub cursor: Option<Cursor>,
}

impl PageNumber {
    pub const AFTER: &str = "efter";
    pub const BEFORE: &str = "fore";

    pub fn page(self) -> Page {
        Page { limit: Some(PAGE_SIZE), offset: (self.number - 1) * PAGE_SIZE, cursor: self.cursor }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for PageNumber {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let number = bounded("sida", query_value(parts, "sida"), 1, 1, MAX_OFFSET / PAGE_SIZE)?;
        let cursor = match (optional_id(parts, Self::AFTER, true)?, optional_id(parts, Self::BEFORE, true)?) {
            (Some(id), None) => Some(Cursor::After(id)),
            (None, Some(id)) => Some(Cursor::Before(id)),
            (None, None) => None,
            (Some(_), Some(_)) => {
                return Err(Error::bad_request(Self::BEFORE, "ange antingen efter eller fore, inte båda").into());
            }
        };
        Ok(PageNumber { number, cursor })
    }
}

/// An optional id in the query (`?party=12`): absent or empty is none; anything but a positive
/// whole number is refused, naming the parameter.
/// An optional id in the query. An empty value is no filter on a page (a form's "Alla"); the
/// API refuses it, as its description says the value is an id (as it refuses an empty date).
fn optional_id(parts: &Parts, name: &str, empty_is_absent: bool) -> Result<Option<i32>, Error> {
    match query_value(parts, name) {
        None => Ok(None),
        Some(raw) if raw.is_empty() && empty_is_absent => Ok(None),
        Some(raw) => {
            raw.parse::<i32>().ok().filter(|id| *id > 0).map(Some).ok_or_else(|| {
                Error::bad_request(name, format!("ska vara ett id (ett positivt heltal), inte \"{raw}\""))
            })
        }
    }
}

/// `?party=ID` of an API list: only that party's rows.
#[derive(Debug, Clone, Copy)]
pub struct PartyFilter(pub Option<i32>);

impl<S: Send + Sync> FromRequestParts<S> for PartyFilter {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(PartyFilter(optional_id(parts, "party", false)?))
    }
}

/// `?part=ID` of a list page: only that party's rows.
#[derive(Debug, Clone, Copy)]
pub struct PagePartyFilter(pub Option<i32>);

impl PagePartyFilter {
    pub const PARAM: &str = "part";
}

impl<S: Send + Sync> FromRequestParts<S> for PagePartyFilter {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(PagePartyFilter(optional_id(parts, Self::PARAM, true)?))
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
    fn bounded_numbers_name_the_parameter() {
        assert_eq!(bounded("limit", None, 100, 1, 1000).unwrap(), 100);
        assert_eq!(bounded("limit", Some("1000".into()), 100, 1, 1000).unwrap(), 1000);
        for bad in ["0", "1001", "-1", "tio", "", "1e3"] {
            match bounded("limit", Some(bad.into()), 100, 1, 1000) {
                Err(Error::BadRequest { field, .. }) => assert_eq!(field, "limit"),
                other => panic!("{bad}: {other:?}"),
            }
        }
    }

    #[test]
    fn ids_are_positive_integers() {
        assert_eq!(parse_id("12").unwrap(), 12);
        for bad in ["0", "-1", "abc", "1.5", ""] {
            assert!(matches!(parse_id(bad), Err(Error::NotFound)));
        }
    }
}

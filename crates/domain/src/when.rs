//! Imprecise times: a time the sources give in words ("våren 2022", "november 2021", "2019")
//! stands for an interval of days, its first and its last, written also in the Extended
//! Date/Time Format (EDTF, ISO 8601-2): `2022-21` for spring 2022, `2021-11` for November 2021.
//!
//! A fact at such a time counts, for a question "as of D", once D is past the interval (on its
//! last day or later: a fact of one day counts on that day); before the first day it has not
//! happened; in between it may have, and pages say so ("antagen under våren 2022").
//!
//! **Seasons.** EDTF names seasons (21 spring, 22 summer, 23 autumn, 24 winter) but gives them no
//! days. Here a season is the meteorological season of the northern hemisphere, whole months, as
//! in common Swedish use: *vår* March–May, *sommar* June–August, *höst* September–November,
//! *vinter* December to the end of February of the next year (the winter of 2022 is
//! 2022-12-01–2023-02-28, as the winter that begins in 2022; "vintern 2022/2023" says the same).

use chrono::NaiveDate;

use crate::edit::FieldError;

/// An interval of days, both included: the days an imprecise time may mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

/// Where a day lies against a [`Span`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seen {
    /// Before its first day: it has not happened.
    Before,
    /// From its first day to the day before its last: it may have happened.
    During,
    /// On its last day or later: it has happened.
    After,
}

impl Span {
    /// One day.
    pub fn day(day: NaiveDate) -> Span {
        Span { first: day, last: day }
    }

    /// Whether it is a single day.
    pub fn is_day(&self) -> bool {
        self.first == self.last
    }

    /// Where `on` lies against it.
    pub fn seen_on(&self, on: NaiveDate) -> Seen {
        if on >= self.last {
            Seen::After
        } else if on >= self.first {
            Seen::During
        } else {
            Seen::Before
        }
    }

    /// Whether it has happened by `on` (on its last day or later).
    pub fn done_by(&self, on: NaiveDate) -> bool {
        self.seen_on(on) == Seen::After
    }
}

/// An imprecise time read from words: its interval and the interval in EDTF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub span: Span,
    pub edtf: String,
}

/// What a time in words may be written as, for the message about words that cannot be read.
pub const WORDS_HELP: &str =
    "skriv en årstid, en månad eller ett år, till exempel ”våren 2022”, ”november 2021” eller ”2022”";

/// A time in words must be one that can be read ([`read_words`]): its reading, or a Swedish
/// message on `field`, the field that holds the words.
pub fn check_words(field: &str, words: &str) -> Result<Reading, FieldError> {
    read_words(words)
        .ok_or_else(|| FieldError::new(field, format!("”{words}” går inte att läsa som en tid: {WORDS_HELP}")))
}

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];

/// A season's EDTF code and its first month; the winter runs into the next year.
fn season(word: &str) -> Option<(u32, u32)> {
    match word {
        "vår" | "våren" => Some((21, 3)),
        "sommar" | "sommaren" => Some((22, 6)),
        "höst" | "hösten" => Some((23, 9)),
        "vinter" | "vintern" => Some((24, 12)),
        _ => None,
    }
}

fn year(word: &str) -> Option<i32> {
    (word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit())).then(|| word.parse().ok()).flatten()
}

fn last_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let (y, m) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
    NaiveDate::from_ymd_opt(y, m, 1)?.pred_opt()
}

/// Reads a time in Swedish words: a year ("2019"), a month and year ("november 2021"), or a
/// season and year ("våren 2022", "hösten 2022", "vintern 2022/2023"), with "under", "i" or
/// "omkring"/"ca" before it allowed (an approximate time is read as the time it is near, `~`
/// in EDTF). Case does not matter. `None` for anything else: nothing is guessed.
pub fn read_words(words: &str) -> Option<Reading> {
    let lower = words.trim().to_lowercase();
    let mut parts: Vec<&str> = lower.split_whitespace().collect();
    if matches!(parts.first(), Some(&"under") | Some(&"i")) {
        parts.remove(0);
    }
    let approximate = matches!(parts.first(), Some(&"omkring") | Some(&"ca") | Some(&"ca.") | Some(&"cirka"));
    if approximate {
        parts.remove(0);
    }
    let mark = if approximate { "~" } else { "" };
    let reading = match parts.as_slice() {
        [y] => {
            let y = year(y)?;
            Reading {
                span: Span { first: NaiveDate::from_ymd_opt(y, 1, 1)?, last: NaiveDate::from_ymd_opt(y, 12, 31)? },
                edtf: format!("{y:04}{mark}"),
            }
        }
        [word, y] => {
            if let Some(m) = MONTHS.iter().position(|name| name == word) {
                let m = u32::try_from(m + 1).ok()?;
                let y = year(y)?;
                Reading {
                    span: Span { first: NaiveDate::from_ymd_opt(y, m, 1)?, last: last_of_month(y, m)? },
                    edtf: format!("{y:04}-{m:02}{mark}"),
                }
            } else {
                let (code, first_month) = season(word)?;
                let (y, next) = match y.split_once(['/', '–', '-']) {
                    Some((a, b)) if code == 24 => {
                        let a = year(a)?;
                        let b: i32 = if b.len() == 2 { a / 100 * 100 + b.parse::<i32>().ok()? } else { year(b)? };
                        (b == a + 1).then_some((a, b))?
                    }
                    Some(_) => return None,
                    None => {
                        let y = year(y)?;
                        (y, y + 1)
                    }
                };
                let span = if code == 24 {
                    Span { first: NaiveDate::from_ymd_opt(y, 12, 1)?, last: last_of_month(next, 2)? }
                } else {
                    Span {
                        first: NaiveDate::from_ymd_opt(y, first_month, 1)?,
                        last: last_of_month(y, first_month + 2)?,
                    }
                };
                Reading { span, edtf: format!("{y:04}-{code}{mark}") }
            }
        }
        _ => return None,
    };
    Some(reading)
}

/// A stored time: its day when there is one (the day is the more precise), else its words read;
/// `None` when there is neither, or words that cannot be read.
pub fn reading_of(day: Option<NaiveDate>, words: Option<&str>) -> Option<Reading> {
    match (day, words) {
        (Some(day), _) => Some(Reading { span: Span::day(day), edtf: day.format("%Y-%m-%d").to_string() }),
        (None, Some(words)) => read_words(words),
        (None, None) => None,
    }
}

/// The interval a stored row holds, or the one its day or words give when the row predates the
/// interval's columns.
pub fn span_of(
    stored: (Option<NaiveDate>, Option<NaiveDate>),
    day: Option<NaiveDate>,
    words: Option<&str>,
) -> Option<Span> {
    match stored {
        (Some(first), Some(last)) if first <= last => Some(Span { first, last }),
        _ => reading_of(day, words).map(|r| r.span),
    }
}

/// An interval in Swedish words, as the pages say it: a day as itself (`2022-04-12`), a whole
/// month ("november 2021"), a season ("våren 2022"), a year ("2022"), else its two ends.
pub fn words_of(span: Span) -> String {
    use chrono::Datelike;
    if span.is_day() {
        return span.first.to_string();
    }
    let (y, m) = (span.first.year(), span.first.month());
    let whole_months = span.first.day() == 1 && span.last.succ_opt().is_some_and(|next| next.day() == 1);
    if whole_months {
        let month_end = |y: i32, m: u32| last_of_month(y, m) == Some(span.last);
        if m == 1 && month_end(y, 12) {
            return y.to_string();
        }
        if month_end(y, m) {
            return format!("{} {y}", MONTHS[m as usize - 1]);
        }
        let season = match m {
            3 if month_end(y, 5) => Some("våren"),
            6 if month_end(y, 8) => Some("sommaren"),
            9 if month_end(y, 11) => Some("hösten"),
            12 if month_end(y + 1, 2) => Some("vintern"),
            _ => None,
        };
        if let Some(season) = season {
            return format!("{season} {y}");
        }
    }
    format!("mellan {} och {}", span.first, span.last)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn read(s: &str) -> (NaiveDate, NaiveDate, String) {
        let r = read_words(s).unwrap_or_else(|| panic!("{s} reads"));
        (r.span.first, r.span.last, r.edtf)
    }

    #[test]
    fn seasons_are_whole_meteorological_months() {
        assert_eq!(read("våren 2022"), (d("2022-03-01"), d("2022-05-31"), "2022-21".to_owned()));
        assert_eq!(read("Sommaren 2021"), (d("2021-06-01"), d("2021-08-31"), "2021-22".to_owned()));
        assert_eq!(read("hösten 2022"), (d("2022-09-01"), d("2022-11-30"), "2022-23".to_owned()));
        assert_eq!(read("vintern 2023"), (d("2023-12-01"), d("2024-02-29"), "2023-24".to_owned()));
        assert_eq!(read("vintern 2022/2023"), (d("2022-12-01"), d("2023-02-28"), "2022-24".to_owned()));
        assert_eq!(read("vintern 2022/23"), read("vintern 2022"));
        assert_eq!(read("under våren 2021"), read("våren 2021"));
        assert!(read_words("vintern 2022/2024").is_none());
        assert!(read_words("våren 2022/2023").is_none());
    }

    #[test]
    fn months_and_years() {
        assert_eq!(read("november 2021"), (d("2021-11-01"), d("2021-11-30"), "2021-11".to_owned()));
        assert_eq!(read("i februari 2024"), (d("2024-02-01"), d("2024-02-29"), "2024-02".to_owned()));
        assert_eq!(read("September 2022"), (d("2022-09-01"), d("2022-09-30"), "2022-09".to_owned()));
        assert_eq!(read("december 2021"), (d("2021-12-01"), d("2021-12-31"), "2021-12".to_owned()));
        assert_eq!(read("2019"), (d("2019-01-01"), d("2019-12-31"), "2019".to_owned()));
        assert_eq!(read("omkring 2020"), (d("2020-01-01"), d("2020-12-31"), "2020~".to_owned()));
    }

    #[test]
    fn words_that_are_no_time_are_not_guessed() {
        for bad in ["", "snart", "våren", "nästa vår", "våren 22", "novembr 2021", "2021-09-0", "Q1 2022"] {
            assert!(read_words(bad).is_none(), "{bad}");
        }
        assert_eq!(check_words("decided_text", "våren 2022").unwrap().edtf, "2022-21");
        let wrong = check_words("decided_text", "snart").unwrap_err();
        assert_eq!(wrong.field, "decided_text");
        assert!(wrong.message.contains("”snart” går inte att läsa som en tid") && wrong.message.contains("våren 2022"));
    }

    #[test]
    fn an_interval_is_said_back_in_words() {
        for words in ["våren 2022", "sommaren 2021", "hösten 2022", "vintern 2022", "november 2021", "2019"] {
            assert_eq!(words_of(read_words(words).unwrap().span), words);
        }
        assert_eq!(words_of(Span::day(d("2022-04-12"))), "2022-04-12");
        assert_eq!(
            words_of(Span { first: d("2022-04-12"), last: d("2022-04-20") }),
            "mellan 2022-04-12 och 2022-04-20"
        );
    }

    #[test]
    fn a_day_before_inside_and_after_an_interval() {
        let spring = read_words("våren 2022").unwrap().span;
        assert_eq!(spring.seen_on(d("2022-02-28")), Seen::Before);
        assert_eq!(spring.seen_on(d("2022-03-01")), Seen::During);
        assert_eq!(spring.seen_on(d("2022-05-30")), Seen::During);
        assert_eq!(spring.seen_on(d("2022-05-31")), Seen::After);
        assert!(spring.done_by(d("2022-08-01")) && !spring.done_by(d("2022-05-01")));
        let day = Span::day(d("2021-10-14"));
        assert!(day.is_day() && day.done_by(d("2021-10-14")) && !day.done_by(d("2021-10-13")));
    }

    #[test]
    fn a_day_is_more_precise_than_words_and_old_rows_are_read_from_their_words() {
        let r = reading_of(Some(d("2022-04-12")), Some("våren 2022")).unwrap();
        assert_eq!((r.span, r.edtf.as_str()), (Span::day(d("2022-04-12")), "2022-04-12"));
        assert_eq!(reading_of(None, None), None);
        assert_eq!(span_of((None, None), None, Some("november 2021")), Some(read_words("november 2021").unwrap().span));
        let stored = (Some(d("2021-11-01")), Some(d("2021-11-30")));
        assert_eq!(
            span_of(stored, None, Some("oläsligt")),
            Some(Span { first: d("2021-11-01"), last: d("2021-11-30") })
        );
        assert_eq!(span_of((None, None), None, Some("oläsligt")), None);
    }
}

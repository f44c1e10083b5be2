//! Calendar dates as users write them: `2022-07-01`.

use chrono::NaiveDate;

/// Why a date could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("ogiltigt datum {value:?}: skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2022-07-01")]
pub struct DateError {
    pub value: String,
}

/// Reads a date written strictly as `YYYY-MM-DD` (ISO 8601, the Swedish standard form).
///
/// Anything else (`yesterday`, `2022-7-1`, `2022-02-30`) is refused rather than guessed.
pub fn parse_date(value: &str) -> Result<NaiveDate, DateError> {
    let bytes = value.as_bytes();
    let well_formed = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes.iter().enumerate().all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !well_formed {
        return Err(DateError { value: value.to_owned() });
    }
    NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| DateError { value: value.to_owned() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_iso_dates() {
        assert_eq!(parse_date("2022-07-01"), Ok(NaiveDate::from_ymd_opt(2022, 7, 1).unwrap()));
    }

    #[test]
    fn refuses_words_loose_forms_and_impossible_days() {
        for bad in ["yesterday", "", "2022-7-1", "2022/07/01", "2022-02-30", " 2022-07-01", "20220701"] {
            let err = parse_date(bad).unwrap_err();
            assert_eq!(err.value, bad);
            assert!(err.to_string().contains("ÅÅÅÅ-MM-DD"));
        }
    }
}

//! Swedish personal identity numbers (*personnummer*) and co-ordination numbers
//! (*samordningsnummer*) in text. The platform must never hold patient data, and a personal
//! identity number is the surest sign of it: a text that holds one is refused wherever it is
//! typed (every text read through [`crate::Input`], and a document's file name).
//!
//! A number is the date of birth and four more digits, the last a check digit:
//! `YYMMDD-NNNC` (10 digits), `YYYYMMDD-NNNC` (12 digits), with `-`, `+` (100 years or older)
//! or nothing between the date and the last four. A co-ordination number has 60 added to the
//! day. Only a real number counts: the date must exist (for 10 digits in either century; a
//! 12-digit number's century is 18, 19 or 20) and the check digit must be right (Luhn, over the
//! 10-digit form), so a reference number that merely has ten digits is not refused in nine cases
//! of ten. Its digits must stand on their own: a number whose first or last digit is next to
//! another digit is part of a longer number (a 14-digit reference, a 13-digit run) and does not
//! count, while letters, spaces and punctuation around it do not hide it (`pnr811218-9876:`).
//! Invisible characters ([`crate::text::is_invisible`]) are read past, and dashes that look like
//! `-` (en dash, minus sign, full-width forms) and full-width digits count as what they look
//! like, so a number cannot be slipped through by its spelling.

use chrono::NaiveDate;

/// What a field with a personal identity number is told.
pub const PERSONAL_NUMBER_REFUSED: &str =
    "innehåller ett personnummer eller samordningsnummer; patientuppgifter och personnummer får inte sparas här";

/// One character of the text as the search reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Symbol {
    Digit(u8),
    /// `-` or `+` (or a character that looks like one).
    Separator,
    Other,
}

fn symbol(c: char) -> Symbol {
    match c {
        '0'..='9' => Symbol::Digit(c as u8 - b'0'),
        // Full-width digits (an East Asian keyboard's).
        '\u{FF10}'..='\u{FF19}' => Symbol::Digit((u32::from(c) - 0xFF10) as u8),
        '-' | '+' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE62}' | '\u{FE63}' | '\u{FF0B}' | '\u{FF0D}' => {
            Symbol::Separator
        }
        _ => Symbol::Other,
    }
}

/// Whether `text` holds a valid personal identity number or co-ordination number anywhere.
pub fn contains_personal_number(text: &str) -> bool {
    let symbols: Vec<Symbol> = text.chars().filter(|c| !crate::text::is_invisible(*c)).map(symbol).collect();
    // The runs of digits, each as long as it goes (so a run is bounded by non-digits).
    let mut runs: Vec<(usize, Vec<u8>)> = Vec::new();
    let mut i = 0;
    while i < symbols.len() {
        let start = i;
        let mut digits = Vec::new();
        while let Some(Symbol::Digit(d)) = symbols.get(i) {
            digits.push(*d);
            i += 1;
        }
        if digits.is_empty() {
            i += 1;
        } else {
            runs.push((start, digits));
        }
    }
    runs.iter().enumerate().any(|(n, (start, digits))| match digits.len() {
        10 | 12 => is_personal_number(digits),
        6 | 8 => {
            // The date, one separator, and a run of exactly four digits.
            let after = start + digits.len();
            match (symbols.get(after), runs.get(n + 1)) {
                (Some(Symbol::Separator), Some((next, last))) if *next == after + 1 && last.len() == 4 => {
                    let whole: Vec<u8> = digits.iter().chain(last).copied().collect();
                    is_personal_number(&whole)
                }
                _ => false,
            }
        }
        _ => false,
    })
}

/// Whether 10 or 12 digits are a personal identity number or co-ordination number.
fn is_personal_number(digits: &[u8]) -> bool {
    let number = |from: usize, len: usize| digits[from..from + len].iter().fold(0u32, |n, d| n * 10 + u32::from(*d));
    let (years, ten): (Vec<i32>, &[u8]) = match digits.len() {
        12 if (18..=20).contains(&number(0, 2)) => (vec![number(0, 4) as i32], &digits[2..]),
        10 => {
            let yy = number(0, 2) as i32;
            (vec![1900 + yy, 2000 + yy], digits)
        }
        _ => return false,
    };
    let month = u32::from(ten[2]) * 10 + u32::from(ten[3]);
    let day = u32::from(ten[4]) * 10 + u32::from(ten[5]);
    // A co-ordination number's day is the day of birth plus 60.
    let day = if day > 60 { day - 60 } else { day };
    let real_date = years.iter().any(|y| NaiveDate::from_ymd_opt(*y, month, day).is_some());
    real_date && luhn_valid(ten)
}

/// The Luhn check over the 10-digit form: every other digit from the first doubled (its digits
/// summed), and the total a multiple of ten.
fn luhn_valid(ten: &[u8]) -> bool {
    let sum: u32 = ten
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let v = u32::from(*d) * if i % 2 == 0 { 2 } else { 1 };
            v / 10 + v % 10
        })
        .sum();
    sum.is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A real personal identity number in each spelling, and a co-ordination number.
    const REFUSED: [&str; 8] = [
        "19811218-9876",
        "811218-9876",
        "8112189876",
        "198112189876",
        "811218+9876",
        "19811218+9876",
        "811278-9873",
        "198112789873",
    ];

    #[test]
    fn every_spelling_of_a_valid_number_is_found() {
        for n in REFUSED {
            assert!(contains_personal_number(n), "{n}");
        }
    }

    #[test]
    fn a_wrong_check_digit_passes() {
        for n in ["811218-9875", "8112189875", "19811218-9875", "198112189870", "811278-9874", "811218+9877"] {
            assert!(!contains_personal_number(n), "{n}");
        }
    }

    #[test]
    fn anywhere_in_a_text_next_to_letters_and_punctuation() {
        for text in [
            "Patient 811218-9876 skrevs ut",
            "811218-9876 skrevs ut",
            "skrevs ut: 811218-9876",
            "pnr811218-9876x",
            "(19811218-9876)",
            "Remiss.8112189876.pdf",
            "svar_198112189876_v2",
            "rad ett\n811218-9876\nrad tre",
            "811218-9876, 811218-9875",
            "811218-9875 och 811218-9876",
            "Beslut 2024-05-01 om 811218-9876",
        ] {
            assert!(contains_personal_number(text), "{text:?}");
        }
    }

    #[test]
    fn inside_a_longer_run_of_digits_it_is_another_number() {
        for text in [
            // A 14-digit reference with a valid 10-digit and 12-digit window inside.
            "Ärende 00811218987600",
            "19811218987600",
            "38112189876",
            "81121898761",
            "1811218-9876",
            "811218-98761",
            "0019811218-9876",
            "19811218-98761",
        ] {
            assert!(!contains_personal_number(text), "{text:?}");
        }
    }

    #[test]
    fn the_date_must_be_real() {
        // Each with a right check digit.
        assert!(!contains_personal_number("811318-9875"), "month 13");
        assert!(!contains_personal_number("811232-9878"), "day 32");
        assert!(!contains_personal_number("811200-9876"), "day 0");
        assert!(!contains_personal_number("811260-9873"), "co-ordination day 60 is day 0");
        assert!(!contains_personal_number("811292-9875"), "co-ordination day 92 is day 32");
        assert!(contains_personal_number("811291-9876"), "co-ordination day 91 is day 31");
        assert!(contains_personal_number("000229-1235"), "29 February 2000");
        assert!(!contains_personal_number("010229-1234"), "no 29 February in 1901 or 2001");
        assert!(!contains_personal_number("17811218-9876"), "no one born in the 1700s");
        assert!(contains_personal_number("18811218-9876"));
        assert!(contains_personal_number("20811218-9876"));
    }

    #[test]
    fn a_disguised_spelling_is_still_found() {
        for text in [
            "811218\u{200B}-9876",
            "\u{2060}8112\u{200D}189876",
            "811218\u{2013}9876",
            "811218\u{2212}9876",
            "\u{FF18}\u{FF11}\u{FF11}\u{FF12}\u{FF11}\u{FF18}\u{FF0D}\u{FF19}\u{FF18}\u{FF17}\u{FF16}",
        ] {
            assert!(contains_personal_number(text), "{text:?}");
        }
    }

    #[test]
    fn ordinary_text_and_numbers_pass() {
        for text in [
            "",
            "Samordnande vårdcentral, Nacka",
            "Giltig 2024-01-01 till 2025-12-31",
            "Dnr KS 2024/123-45",
            "§ 112",
            "070-123 45 67",
            "08-123 456 78",
            "811218 9876",
            "811218--9876",
            "8112-18-9876",
            "19811218",
            "811218-987",
        ] {
            assert!(!contains_personal_number(text), "{text:?}");
        }
    }
}

//! Swedish alphabetical order (*svensk sorteringsordning*): `… X Y Z Å Ä Ö`.
//!
//! Written by hand rather than pulling in a full collation library: the names sorted here are
//! Swedish place and organisation names, for which the rules below are those of SAOL.

use std::cmp::Ordering;

/// A key that sorts strings in Swedish order: letters case-insensitively, `å`, `ä`, `ö` after `z`,
/// accented letters as their base letter (`é` as `e`, `ü` as `y`), digits before letters.
/// Ties are broken by the original string so the order is total.
pub fn swedish_sort_key(value: &str) -> Vec<u32> {
    value
        .chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| match c {
            '0'..='9' => Some(100 + c as u32 - '0' as u32),
            'a'..='z' => Some(200 + c as u32 - 'a' as u32),
            'à' | 'á' | 'â' | 'ã' => Some(200),
            'ç' => Some(202),
            'è' | 'é' | 'ê' | 'ë' => Some(204),
            'ì' | 'í' | 'î' | 'ï' => Some(208),
            'ñ' => Some(213),
            'ò' | 'ó' | 'ô' | 'õ' => Some(214),
            'ù' | 'ú' | 'û' => Some(220),
            'ü' | 'ý' | 'ÿ' => Some(224),
            'å' => Some(226),
            'ä' | 'æ' => Some(227),
            'ö' | 'ø' => Some(228),
            c if c.is_whitespace() => Some(1),
            '-' => Some(2),
            // Other punctuation does not take part in ordering.
            _ => None,
        })
        .collect()
}

/// [`swedish_sort_key`] as a string of two hex digits per letter, whose plain byte order is the
/// Swedish order: stored beside a name so that a database can sort and page by it, whatever its
/// own collation.
pub fn swedish_sort_string(value: &str) -> String {
    swedish_sort_key(value).iter().map(|k| format!("{:02x}", k.min(&255))).collect()
}

/// The sort string of a body: its level first (county, sub-regional, local), then its name in
/// Swedish order, so bodies list in the order people read them.
pub fn body_sort_string(level: crate::kinds::BodyLevel, name: &str) -> String {
    let rank =
        crate::kinds::BodyLevel::ALL.iter().position(|l| *l == level).unwrap_or(crate::kinds::BodyLevel::ALL.len());
    format!("{rank}{}", swedish_sort_string(name))
}

/// Compares two strings in Swedish order.
pub fn swedish_cmp(a: &str, b: &str) -> Ordering {
    swedish_sort_key(a).cmp(&swedish_sort_key(b)).then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_sort_by_level_then_name() {
        use crate::kinds::BodyLevel::*;
        let mut keys =
            [body_sort_string(Local, "Ängby"), body_sort_string(County, "Ö"), body_sort_string(Local, "Alby")];
        keys.sort();
        assert_eq!(
            keys,
            [body_sort_string(County, "Ö"), body_sort_string(Local, "Alby"), body_sort_string(Local, "Ängby")]
        );
    }

    #[test]
    fn swedish_letters_come_after_z_in_order() {
        let mut names = vec!["Östermalm", "Ängby", "Åkersberga", "Zinkensdamm", "Vaxholm", "Solna", "Älvsjö"];
        names.sort_by(|a, b| swedish_cmp(a, b));
        assert_eq!(names, ["Solna", "Vaxholm", "Zinkensdamm", "Åkersberga", "Älvsjö", "Ängby", "Östermalm"]);
    }

    #[test]
    fn case_and_accents_do_not_split_the_order() {
        let mut names = vec!["tyresö", "Täby", "Tensta", "Téby", "Södertälje", "Sundbyberg", "skarpnäck"];
        names.sort_by(|a, b| swedish_cmp(a, b));
        assert_eq!(names, ["skarpnäck", "Sundbyberg", "Södertälje", "Téby", "Tensta", "tyresö", "Täby"]);
    }

    #[test]
    fn the_sort_string_orders_bytewise_as_swedish() {
        let mut names = vec!["Östermalm", "Åkersberga", "Zinkensdamm", "Ängby", "Solna", "Sol"];
        names.sort_by_key(|n| swedish_sort_string(n));
        assert_eq!(names, ["Sol", "Solna", "Zinkensdamm", "Åkersberga", "Ängby", "Östermalm"]);
        assert!(swedish_sort_string("Ekerö").chars().all(|c| c.is_ascii_hexdigit()));
    }

    #[test]
    fn hyphen_and_space_sort_before_letters() {
        let mut names = vec!["Upplands-Bro", "Upplandsgatan", "Upplands Väsby"];
        names.sort_by(|a, b| swedish_cmp(a, b));
        assert_eq!(names, ["Upplands Väsby", "Upplands-Bro", "Upplandsgatan"]);
    }
}

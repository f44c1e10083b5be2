//! Characters in typed text that cannot be seen: they neither make a name nor may they turn
//! its writing direction around.
//!
//! A name made only of zero-width characters looks empty on every page and cannot be told from
//! another; [`is_blank`] counts it as not filled in. The bidirectional embeddings, overrides and
//! isolates ([`is_direction_control`]) reorder what follows them, so "faktura" U+202E "fdp.exe"
//! shows as "fakturaexe.pdf", or a number in another order than it is stored: they are
//! refused in every text (see [`crate::Input`]). The plain marks (U+200E LEFT-TO-RIGHT MARK,
//! U+200F, U+061C) only hint at a direction and stay allowed, as do joiners inside a word.

/// Whether `c` is drawn as nothing: every character of Unicode's general category *Cf* (format:
/// soft hyphen, zero-width space, non-joiner and joiner, word joiner, byte-order mark,
/// direction marks, embeddings, overrides and isolates, invisible operators, tags; Unicode
/// 15.1), and the few characters of other categories that are drawn as blank space without
/// being white space (the combining grapheme joiner, variation selectors, the Hangul fillers,
/// the blank Braille pattern).
pub fn is_invisible(c: char) -> bool {
    matches!(
        u32::from(c),
        // Category Cf.
        0x00AD
            | 0x0600..=0x0605
            | 0x061C
            | 0x06DD
            | 0x070F
            | 0x0890..=0x0891
            | 0x08E2
            | 0x180E
            | 0x200B..=0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x2064
            | 0x2066..=0x206F
            | 0xFEFF
            | 0xFFF9..=0xFFFB
            | 0x110BD
            | 0x110CD
            | 0x13430..=0x1343F
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0001
            | 0xE0020..=0xE007F
            // Drawn blank, though not Cf.
            | 0x034F
            | 0x115F..=0x1160
            | 0x180B..=0x180D
            | 0x180F
            | 0x2800
            | 0x3164
            | 0xFE00..=0xFE0F
            | 0xFFA0
            | 0xE0100..=0xE01EF
    )
}

/// Whether `c` is a bidirectional embedding, override or isolate (U+202A–U+202E,
/// U+2066–U+2069), which reorders the text after it.
pub fn is_direction_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A letter with a diacritic as its base letter in ASCII (`å`, `ä`, `à` → `a`; `Ö` → `O`), for
/// names that must be ASCII (a file name's fallback, an archive's file names); any other
/// character as it is.
pub fn ascii_base_letter(c: char) -> char {
    match c {
        'å' | 'ä' | 'à' | 'á' | 'â' => 'a',
        'Å' | 'Ä' | 'À' | 'Á' | 'Â' => 'A',
        'ö' | 'ø' | 'ó' | 'ò' | 'ô' => 'o',
        'Ö' | 'Ø' | 'Ó' | 'Ò' | 'Ô' => 'O',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'É' | 'È' | 'Ê' | 'Ë' => 'E',
        'ü' | 'ú' => 'u',
        'Ü' | 'Ú' => 'U',
        c => c,
    }
}

/// Whether nothing would be seen of `text`: only white space and invisible characters.
pub fn is_blank(text: &str) -> bool {
    text.chars().all(|c| c.is_whitespace() || is_invisible(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_with_diacritics_become_their_ascii_base_letters() {
        let folded: String = "Åsa Öberg, Malmö – Ünal".chars().map(ascii_base_letter).collect();
        assert_eq!(folded, "Asa Oberg, Malmo – Unal", "other characters stay as they are");
    }

    #[test]
    fn zero_width_and_direction_characters_are_blank() {
        for blank in [
            "",
            " \t\n",
            "\u{200B}",
            "\u{200B}\u{200C}\u{200D}",
            "\u{FEFF}",
            "\u{2060}",
            "\u{00AD}",
            "\u{202E}\u{202D}",
            "\u{2066}\u{2069}",
            " \u{200E}\u{200F} ",
            "\u{3164}",
            "\u{E0041}\u{E007F}",
        ] {
            assert!(is_blank(blank), "{blank:?}");
        }
        for seen in ["A", "\u{200B}A", "Ö\u{200D}", "·", "\u{2013}"] {
            assert!(!is_blank(seen), "{seen:?}");
        }
    }

    #[test]
    fn only_embeddings_overrides_and_isolates_turn_the_direction() {
        for c in
            ['\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}']
        {
            assert!(is_direction_control(c), "{c:?}");
            assert!(is_invisible(c), "{c:?}");
        }
        for c in ['\u{200E}', '\u{200F}', '\u{061C}', '\u{200D}', 'a', '-'] {
            assert!(!is_direction_control(c), "{c:?}");
        }
    }
}

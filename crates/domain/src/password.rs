//! Which passwords one may choose: long enough, not too long, and not easy to guess.
//!
//! "Easy to guess" is the judgement of zxcvbn (Dropbox's estimator, whose lists of common
//! passwords, names and words are compiled into the program): a password must score at least
//! [`MIN_SCORE`] of 4, that is, need at least about 10^8 guesses. The account's e-mail address
//! and words of this service count as known to an attacker, as do a few common Swedish password
//! words that the English lists lack. Each refusal is one Swedish sentence that names the field
//! ("Det nya lösenordet …").

/// The shortest password one may choose.
pub const PASSWORD_MIN: usize = 12;
/// The longest (longer is a paste gone wrong, and costs hashing time for nothing).
pub const PASSWORD_MAX: usize = 256;
/// The lowest zxcvbn score accepted (0–4; 3 means at least 10^8 guesses, which zxcvbn's authors
/// call enough against an attacker with slow hashes like ours; online, sign-in throttling allows
/// a few thousand a day).
pub const MIN_SCORE: u8 = 3;
/// How much of a password zxcvbn judges: its matching grows fast with the length, and a password
/// whose first 100 characters are guessable is guessable.
const JUDGED_CHARS: usize = 100;

/// Words an attacker tries first here besides zxcvbn's own lists: this service, the region, and
/// common Swedish password words.
const KNOWN_WORDS: &[&str] = &[
    "samverkan",
    "hök",
    "hok",
    "stockholm",
    "storsthlm",
    "region",
    "regionstockholm",
    "kommun",
    "lösenord",
    "losenord",
    "hemligt",
    "hemlig",
    "välkommen",
    "valkommen",
    "sommar",
    "vinter",
    "hösten",
    "våren",
    "januari",
    "februari",
    "december",
    "sverige",
    "svensson",
    "andersson",
    "johansson",
    "karlsson",
    "nilsson",
    "qwertyuiopå",
    "asdfghjklöä",
];

/// Checks a password someone chooses for the account with this e-mail address. `current` is the
/// password it replaces, if known. The message is Swedish and names the field.
pub fn check_new_password(new: &str, email: &str, current: Option<&str>) -> Result<(), String> {
    let length = new.chars().count();
    if length < PASSWORD_MIN {
        return Err(format!("Det nya lösenordet måste ha minst {PASSWORD_MIN} tecken."));
    }
    if length > PASSWORD_MAX {
        return Err(format!("Det nya lösenordet får ha högst {PASSWORD_MAX} tecken."));
    }
    let email = email.trim().to_lowercase();
    if new.trim().to_lowercase() == email {
        return Err("Det nya lösenordet får inte vara din e-postadress.".to_owned());
    }
    if current == Some(new) {
        return Err("Det nya lösenordet måste skilja sig från det nuvarande.".to_owned());
    }
    if !hard_to_guess(new, &email) {
        return Err("Det nya lösenordet är för lätt att gissa. Välj ett längre lösenord, gärna flera ord som inte \
                    hör ihop, utan ditt namn, upprepningar eller vanliga lösenord."
            .to_owned());
    }
    Ok(())
}

/// Whether zxcvbn scores the password at least [`MIN_SCORE`], counting the e-mail address, its
/// parts and [`KNOWN_WORDS`] as known.
pub fn hard_to_guess(password: &str, email: &str) -> bool {
    let judged: String = password.chars().take(JUDGED_CHARS).collect();
    let local = email.split('@').next().unwrap_or(email);
    // "anna.berg" is also tried as "annaberg".
    let joined: String = local.chars().filter(|c| c.is_alphanumeric()).collect();
    let mut known: Vec<&str> = vec![email, &joined];
    known.extend(email.split(|c: char| !c.is_alphanumeric()).filter(|part| part.chars().count() >= 3));
    known.extend_from_slice(KNOWN_WORDS);
    u8::from(zxcvbn::zxcvbn(&judged, &known).score()) >= MIN_SCORE
}

#[cfg(test)]
mod tests {
    use super::*;

    const EMAIL: &str = "anna.berg@nacka.se";

    #[test]
    fn long_unusual_passwords_pass() {
        for ok in [
            "ett långt nytt lösenord",
            "ett eget och långt lösenord",
            "ett långt lösenord för testet",
            "ett helt annat lösenord",
            "ett eget lösenord för e2e",
            "ett eget lösenord för processen",
            "Kanelbulle med kardemumma 1987!",
        ] {
            assert_eq!(check_new_password(ok, EMAIL, None), Ok(()), "{ok}");
        }
    }

    #[test]
    fn short_common_and_personal_passwords_are_refused_naming_the_field() {
        let refused = |p: &str| check_new_password(p, EMAIL, None).unwrap_err();
        assert!(refused("kort").contains("minst 12 tecken"));
        assert!(refused(&"x".repeat(PASSWORD_MAX + 1)).contains("högst"));
        for weak in [
            "aaaaaaaaaaaa",
            "123456789012",
            "passwordpassword",
            "qwertyuiopasdf",
            "Sommarstockholm",
            "lösenord12345",
            "annaberg2024!",
            "samverkan2025",
            "Stockholm12345",
            "abcabcabcabcabc",
        ] {
            let message = refused(weak);
            assert!(message.starts_with("Det nya lösenordet"), "{weak}: {message}");
        }
        assert!(refused(" Anna.Berg@Nacka.se ").contains("e-postadress"));
        assert!(
            check_new_password("ett långt nytt lösenord", EMAIL, Some("ett långt nytt lösenord"))
                .unwrap_err()
                .contains("skilja sig")
        );
    }

    #[test]
    fn a_very_long_password_is_judged_quickly() {
        let long: String = "ordet ".repeat(42);
        let started = std::time::Instant::now();
        let _ = check_new_password(&long, EMAIL, None);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }
}

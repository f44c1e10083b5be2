//! Accounts as people meet them: the messages of adding an account, changing a password and
//! making an API token, and the rules of a token's name and end. The rules of a password itself
//! are in [`crate::password`]; who may do what in [`crate::access`].

use chrono::{DateTime, Utc};

use crate::edit::Input;

/// The longest an API token's name may be.
pub const TOKEN_NAME_MAX: usize = 100;

/// An account that is not there or is disabled, as a field's message (the command line).
pub const ACCOUNT_UNAVAILABLE: &str = "kontot finns inte eller är avstängt";
/// The same, as a sentence (the account page).
pub const ACCOUNT_UNAVAILABLE_SENTENCE: &str = "Kontot finns inte eller är avstängt.";
/// An account that signs in elsewhere (a federated login) has no password to change.
pub const NO_PASSWORD_HERE: &str = "Kontot loggar in på annat sätt och har inget lösenord här.";
/// The current password given to change it is not right.
pub const CURRENT_PASSWORD_WRONG: &str = "Det nuvarande lösenordet stämmer inte.";
/// The password was changed (elsewhere) between the check and the change.
pub const CHANGED_ELSEWHERE: &str = "Lösenordet ändrades nyss på annat håll. Försök igen.";
/// A token's end that has already passed.
pub const TOKEN_END_PASSED: &str = "Slutdagen har redan varit. Välj i dag eller en senare dag.";

/// No party has this SCB code.
pub fn no_party_with_code(code: &str) -> String {
    format!("ingen part har koden {code:?}")
}

/// No area has this id.
pub fn no_area_with_id(id: i32) -> String {
    format!("inget närområde har id {id}")
}

/// An account for this address exists already.
pub fn account_exists(email: &str) -> String {
    format!("det finns redan ett konto för {email}")
}

/// No (usable) account has this address.
pub fn no_account_for(email: &str) -> String {
    format!("det finns inget konto för {email}")
}

/// A token's name, read as every other text a user types is ([`Input`]: no personal identity
/// number, no direction overrides, no control characters, not only invisible characters), at
/// most [`TOKEN_NAME_MAX`] characters. The error is the Swedish message for the field.
pub fn token_name(name: &str) -> Result<String, String> {
    let mut input = Input::from_form([("name".to_owned(), name.to_owned())]);
    let read = input.optional_text("name", TOKEN_NAME_MAX);
    match (read, input.finish()) {
        (Ok(Some(name)), Ok(())) => Ok(name),
        (Ok(None), _) => Err("Ge nyckeln ett namn, till exempel vad den ska användas till.".to_owned()),
        (_, result) => {
            let message = result.err().and_then(|e| e.message("name").map(str::to_owned));
            Err(message.unwrap_or_else(|| "Namnet kunde inte läsas.".to_owned()))
        }
    }
}

/// A token's end, if it has one, must be after `now`.
pub fn check_token_end(expires_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Result<(), &'static str> {
    if expires_at.is_some_and(|end| end <= now) { Err(TOKEN_END_PASSED) } else { Ok(()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_named_and_ends_later() {
        assert_eq!(token_name("  Integration  ").unwrap(), "Integration");
        for bad in ["", "   ", &"x".repeat(TOKEN_NAME_MAX + 1), "a\u{7}b"] {
            assert!(token_name(bad).is_err(), "{bad:?}");
        }
        let now = Utc::now();
        assert!(check_token_end(None, now).is_ok());
        assert!(check_token_end(Some(now + chrono::Duration::hours(1)), now).is_ok());
        assert_eq!(check_token_end(Some(now), now), Err(TOKEN_END_PASSED));
        assert_eq!(no_party_with_code("99"), "ingen part har koden \"99\"");
    }
}

//! Who may do what: roles and the scope each one is granted for.
//!
//! A user holds one or more grants. What a grant lets its holder change is decided here, in one
//! place; the web layer asks, it does not decide.

crate::kinds::kind_enum! {
    /// A role in the collaboration's platform.
    Role {
        /// The process leaders: everything.
        Admin = "admin", "Administratör";
        /// One party's functions, appointments and persons (later its answers and decisions).
        PartyEditor = "party_editor", "Redaktör för en part";
        /// One area's actors, meetings and plans.
        AreaCoordinator = "area_coordinator", "Samordnare för ett närområde";
        /// Reads what is not public.
        Reader = "reader", "Läsare";
    }
}

/// A role, and the party or area it is granted for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grant {
    pub role: Role,
    pub party_id: Option<i32>,
    pub area_id: Option<i32>,
}

/// A grant that does not make sense, naming the field that is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct GrantError {
    pub field: &'static str,
    pub message: &'static str,
}

impl Grant {
    /// Checks that the role has exactly the scope it needs: a party for a party editor, an area
    /// for an area coordinator, and none for the others.
    pub fn new(role: Role, party_id: Option<i32>, area_id: Option<i32>) -> Result<Grant, GrantError> {
        let err = |field, message| Err(GrantError { field, message });
        match role {
            Role::PartyEditor if party_id.is_none() => err("party", "en redaktör gäller en part: ange vilken"),
            Role::AreaCoordinator if area_id.is_none() => {
                err("area", "en samordnare gäller ett närområde: ange vilket")
            }
            Role::PartyEditor if area_id.is_some() => err("area", "en redaktör gäller en part, inte ett närområde"),
            Role::AreaCoordinator if party_id.is_some() => {
                err("party", "en samordnare gäller ett närområde, inte en part")
            }
            Role::Admin | Role::Reader if party_id.is_some() => err("party", "rollen gäller alla parter"),
            Role::Admin | Role::Reader if area_id.is_some() => err("area", "rollen gäller alla närområden"),
            _ => Ok(Grant { role, party_id, area_id }),
        }
    }
}

/// What a record belongs to, which decides who may change it: the party and the area it
/// is part of, if any. A record with neither (a county-level body, a sub-region) is joint: only
/// the process leaders change it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Scope {
    pub party_id: Option<i32>,
    pub area_id: Option<i32>,
}

impl Scope {
    /// The collaboration's joint records.
    pub const JOINT: Scope = Scope { party_id: None, area_id: None };

    pub fn party(party_id: i32) -> Scope {
        Scope { party_id: Some(party_id), area_id: None }
    }

    /// A record of an area, which also belongs to the area's municipality.
    pub fn area(party_id: i32, area_id: i32) -> Scope {
        Scope { party_id: Some(party_id), area_id: Some(area_id) }
    }
}

/// Whether a user holding `grants` may change a record in `scope`: the one rule every write
/// goes through. Administrators change everything; a party editor what belongs to their party
/// (its areas' records included); an area coordinator what belongs to their area; a reader
/// nothing.
pub fn may_change(grants: &[Grant], scope: Scope) -> bool {
    grants.iter().any(|g| match g.role {
        Role::Admin => true,
        Role::PartyEditor => g.party_id.is_some() && g.party_id == scope.party_id,
        Role::AreaCoordinator => g.area_id.is_some() && g.area_id == scope.area_id,
        Role::Reader => false,
    })
}

/// Whether a user holding `grants` may change anything at all (is more than a reader).
pub fn may_change_something(grants: &[Grant]) -> bool {
    grants.iter().any(|g| g.role != Role::Reader)
}

/// Whether `grants` let their holder read what is not public (history, contact details).
pub fn may_read_restricted(grants: &[Grant]) -> bool {
    !grants.is_empty()
}

/// An e-mail address as accounts use it: trimmed and lower-cased, with one `@` between a local
/// part and a domain that has a dot. Not a full RFC 5322 check: enough to catch typing mistakes.
pub fn normalise_email(raw: &str) -> Result<String, &'static str> {
    let email = raw.trim().to_lowercase();
    let (local, domain) = email.split_once('@').ok_or("saknar @")?;
    if local.is_empty()
        || domain.contains('@')
        || !domain.contains('.')
        || domain.starts_with('.')
        || domain.ends_with('.')
    {
        return Err("är inte en e-postadress (namn@exempel.se)");
    }
    if email.chars().any(char::is_whitespace) {
        return Err("får inte innehålla mellanslag");
    }
    Ok(email)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_has_exactly_its_scope() {
        assert!(Grant::new(Role::Admin, None, None).is_ok());
        assert!(Grant::new(Role::Reader, None, None).is_ok());
        assert!(Grant::new(Role::PartyEditor, Some(3), None).is_ok());
        assert!(Grant::new(Role::AreaCoordinator, None, Some(7)).is_ok());
        assert_eq!(Grant::new(Role::PartyEditor, None, None).unwrap_err().field, "party");
        assert_eq!(Grant::new(Role::AreaCoordinator, None, None).unwrap_err().field, "area");
        assert_eq!(Grant::new(Role::PartyEditor, Some(3), Some(7)).unwrap_err().field, "area");
        assert_eq!(Grant::new(Role::Admin, Some(3), None).unwrap_err().field, "party");
        assert_eq!(Grant::new(Role::Reader, None, Some(7)).unwrap_err().field, "area");
    }

    #[test]
    fn each_role_changes_only_its_own_scope() {
        let admin = [Grant::new(Role::Admin, None, None).unwrap()];
        let reader = [Grant::new(Role::Reader, None, None).unwrap()];
        let nacka = [Grant::new(Role::PartyEditor, Some(3), None).unwrap()];
        let area = [Grant::new(Role::AreaCoordinator, None, Some(7)).unwrap()];
        for scope in [Scope::JOINT, Scope::party(3), Scope::area(3, 7), Scope::area(4, 8)] {
            assert!(may_change(&admin, scope));
            assert!(!may_change(&reader, scope));
            assert!(!may_change(&[], scope));
        }
        assert!(may_change(&nacka, Scope::party(3)));
        assert!(may_change(&nacka, Scope::area(3, 7)), "a party's areas belong to it");
        assert!(!may_change(&nacka, Scope::party(4)));
        assert!(!may_change(&nacka, Scope::JOINT));
        assert!(may_change(&area, Scope::area(3, 7)));
        assert!(!may_change(&area, Scope::party(3)), "an area coordinator does not edit the whole party");
        assert!(!may_change(&area, Scope::area(4, 8)));
        // Several grants: any one suffices.
        assert!(may_change(&[nacka[0], area[0]], Scope::area(4, 7)));
        assert!(may_read_restricted(&reader) && !may_read_restricted(&[]));
    }

    #[test]
    fn e_mail_addresses_are_normalised_and_checked() {
        assert_eq!(normalise_email("  Anna.Berg@Nacka.SE ").unwrap(), "anna.berg@nacka.se");
        for bad in ["", "anna", "@nacka.se", "anna@", "anna@nacka", "anna@@nacka.se", "an na@nacka.se", "anna@.se"] {
            assert!(normalise_email(bad).is_err(), "{bad:?}");
        }
    }
}

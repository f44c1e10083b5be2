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

/// A record as far as ownership goes: the facts that decide whose it is (*vem som äger
/// posten*), and so who may change it. Ownership follows the party that answers for the record,
/// never where it happens to lie: the coordinating health centre of a municipality's area is
/// Region Stockholm's (it rests on the Region's primary-care assignment), the municipal
/// coordinating function is the municipality's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owned {
    /// A function (*funktion*): the party that appoints its holders, wherever it lies. An area
    /// coordinator does not change functions (the parties appoint them).
    Function { party_id: Option<i32> },
    /// A contact person: the party that recorded them. Appointing a person to another party's
    /// function gives that party nothing over the person.
    Person { party_id: Option<i32> },
    /// An organisation: its party's, or joint when it has none (independent providers, KSON).
    Organisation { party_id: Option<i32> },
    /// A body (*organ*): a local body is its area's and the area's municipality's; otherwise its
    /// party's, or joint.
    Body { party_id: Option<i32>, area: Option<AreaOf> },
    /// A party's own act in an agreement's process: its consultation answer, its decision, a
    /// step of its preparatory handling, and their documents.
    PartyAct { party_id: i32 },
    /// The local collaboration of an area (issue 14): its actor map (the services, and the
    /// organisations of no party recorded for the map), its network meetings and calendar
    /// feeds. The area's and its municipality's, as a local body is: the area's coordinators
    /// and the municipality's editors change it.
    Local { area: AreaOf },
    /// An area's crisis support (issue 15): its crisis contact list and incidents, the area's
    /// coordinators' and the process leaders' only (not the municipality's editors).
    Crisis { area_id: i32 },
    /// The collaboration's joint records (sub-regions, the agreements' registry, versions,
    /// consultations, recommendations).
    Joint,
}

/// An area and the municipality it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AreaOf {
    pub area_id: i32,
    pub municipality_id: i32,
}

/// The scope of a record: whose it is. The one rule of ownership; [`may_change`] then says who
/// holds that scope.
pub fn scope_of(record: Owned) -> Scope {
    let party = |p: Option<i32>| p.map_or(Scope::JOINT, Scope::party);
    match record {
        Owned::Function { party_id } | Owned::Person { party_id } | Owned::Organisation { party_id } => party(party_id),
        Owned::Body { area: Some(a), .. } => Scope::area(a.municipality_id, a.area_id),
        Owned::Body { party_id, area: None } => party(party_id),
        Owned::PartyAct { party_id } => Scope::party(party_id),
        Owned::Local { area } => Scope::area(area.municipality_id, area.area_id),
        Owned::Crisis { area_id } => Scope { party_id: None, area_id: Some(area_id) },
        Owned::Joint => Scope::JOINT,
    }
}

/// Whether a user may write `after` in place of `before` (a new record has none): they must
/// hold the record's scope where it was and where it goes, so nobody creates a record in, or
/// moves one into, a scope that is not theirs.
pub fn may_write(grants: &[Grant], before: Option<Owned>, after: Owned) -> bool {
    before.is_none_or(|b| may_change(grants, scope_of(b))) && may_change(grants, scope_of(after))
}

/// What moving a body where [`may_write`] refuses is told (on `party_id`).
pub const BODY_MOVE_REFUSED: &str = "du kan inte flytta organet dit dina roller inte räcker";
/// What moving an organisation where [`may_write`] refuses is told (on `party_id`).
pub const ORGANISATION_MOVE_REFUSED: &str = "du kan inte flytta organisationen till en part dina roller inte omfattar";

/// Whether an organisation may hold a function of `function_party`: one of that party's own
/// organisations, or one of no party (a private health centre, a joint authority such as
/// KSON). Another party's organisation is not the appointing party's to name.
pub fn may_hold(function_party: Option<i32>, organisation_party: Option<i32>) -> bool {
    organisation_party.is_none() || organisation_party == function_party
}

/// What naming a holder [`may_hold`] refuses is told (on `organisation_id`).
pub const HOLDER_REFUSED: &str = "organisationen hör till en annan part; välj en av funktionens egen parts organisationer \
     eller en fristående";

/// Whether a user may name `party` as the one a holder acts for (*på uppdrag av*): the
/// function's own party, or a party the user may change.
pub fn may_act_for(grants: &[Grant], function_party: Option<i32>, party: i32) -> bool {
    function_party == Some(party) || may_change(grants, Scope::party(party))
}

/// What naming a party [`may_act_for`] refuses is told (on `on_behalf_of_party_id`).
pub const ACTING_FOR_REFUSED: &str = "kan bara vara funktionens egen part eller en part du företräder";

/// Whether a user may make a function a member of a body in `body_area`: a function they may
/// change, or one that lies in the body's own area (a local body gathers the area's functions of
/// both the municipality and the region).
pub fn may_add_member(
    grants: &[Grant],
    function_party: Option<i32>,
    function_area: Option<i32>,
    body_area: Option<i32>,
) -> bool {
    may_change(grants, scope_of(Owned::Function { party_id: function_party }))
        || (body_area.is_some() && function_area == body_area)
}

/// What adding a member [`may_add_member`] refuses is told (on `function_id`).
pub const MEMBER_REFUSED: &str = "funktionen hör till en annan part; du kan lägga till din egen parts funktioner \
     och funktioner i organets närområde";

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
    if crate::personal_number::contains_personal_number(&email) {
        return Err(crate::personal_number::PERSONAL_NUMBER_REFUSED);
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

    /// The cases of issue 11: a record is its owner's, not its place's, and nothing is written
    /// into a scope its writer does not hold.
    #[test]
    fn records_belong_to_the_party_that_answers_for_them() {
        let (region, nacka, stockholm) = (1, 3, 4);
        let nacka_area = AreaOf { area_id: 7, municipality_id: nacka };
        let region_editor = [Grant::new(Role::PartyEditor, Some(region), None).unwrap()];
        let nacka_editor = [Grant::new(Role::PartyEditor, Some(nacka), None).unwrap()];
        let nacka_coordinator = [Grant::new(Role::AreaCoordinator, None, Some(7)).unwrap()];
        let admin = [Grant::new(Role::Admin, None, None).unwrap()];

        // The Region's coordinating health centre in Nacka's area is the Region's alone.
        let health_centre = Owned::Function { party_id: Some(region) };
        assert_eq!(scope_of(health_centre), Scope::party(region));
        assert!(may_write(&region_editor, Some(health_centre), health_centre));
        assert!(!may_write(&nacka_editor, Some(health_centre), health_centre));
        assert!(!may_write(&nacka_coordinator, Some(health_centre), health_centre));
        // Nacka's own coordinating function is Nacka's; a coordinator does not change functions.
        let municipal = Owned::Function { party_id: Some(nacka) };
        assert!(may_write(&nacka_editor, Some(municipal), municipal));
        assert!(!may_write(&nacka_coordinator, Some(municipal), municipal));

        // A person is the recording party's: Stockholm's person stays Stockholm's.
        let person = Owned::Person { party_id: Some(stockholm) };
        assert!(!may_write(&nacka_editor, Some(person), person));
        assert!(may_write(&admin, Some(person), person));
        assert_eq!(scope_of(Owned::Person { party_id: None }), Scope::JOINT);

        // A body labelled with another party is that party's to create.
        let stockholm_body = Owned::Body { party_id: Some(stockholm), area: None };
        assert!(!may_write(&nacka_coordinator, None, stockholm_body));
        assert!(!may_write(&nacka_editor, None, stockholm_body));
        let local_body = Owned::Body { party_id: None, area: Some(nacka_area) };
        assert_eq!(scope_of(local_body), Scope::area(nacka, 7));
        assert!(may_write(&nacka_coordinator, None, local_body));
        assert!(may_write(&nacka_editor, None, local_body));
        // …nor may a local body be moved out to another party.
        assert!(!may_write(&nacka_coordinator, Some(local_body), stockholm_body));

        // Holders: the function's party's organisations or independent ones, not another party's.
        assert!(may_hold(Some(region), None), "a private health centre");
        assert!(may_hold(Some(nacka), Some(nacka)));
        assert!(!may_hold(Some(nacka), Some(stockholm)), "a Stockholm district office");
        assert!(may_act_for(&nacka_editor, Some(nacka), nacka));
        assert!(!may_act_for(&nacka_editor, Some(nacka), stockholm));
        assert!(may_act_for(&admin, Some(nacka), stockholm));

        // Members: a local body takes its area's functions of either party, not another's.
        assert!(may_add_member(&nacka_coordinator, Some(region), Some(7), Some(7)));
        assert!(!may_add_member(&nacka_coordinator, Some(stockholm), Some(8), Some(7)));
        assert!(!may_add_member(&nacka_coordinator, Some(stockholm), None, Some(7)));
        assert!(may_add_member(&nacka_editor, Some(nacka), None, None));
        assert!(!may_add_member(&nacka_editor, Some(region), None, None));

        // A party's answer or decision is its editors' alone, not its areas' coordinators'.
        let answer = Owned::PartyAct { party_id: nacka };
        assert!(may_write(&nacka_editor, None, answer));
        assert!(!may_write(&nacka_coordinator, None, answer));
        assert!(!may_write(&region_editor, None, answer));
        assert!(!may_write(&nacka_editor, None, Owned::Joint));
    }

    #[test]
    fn e_mail_addresses_are_normalised_and_checked() {
        assert_eq!(normalise_email("  Anna.Berg@Nacka.SE ").unwrap(), "anna.berg@nacka.se");
        for bad in [
            "",
            "anna",
            "@nacka.se",
            "anna@",
            "anna@nacka",
            "anna@@nacka.se",
            "an na@nacka.se",
            "anna@.se",
            "198112189876@nacka.se",
        ] {
            assert!(normalise_email(bad).is_err(), "{bad:?}");
        }
    }
}

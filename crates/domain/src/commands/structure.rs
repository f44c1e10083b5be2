//! The structure's commands: functions and their holders, persons, bodies and their members,
//! organisations, sub-regions. Rules across fields and records (a body's level and place, who
//! may hold a function) are in [`crate::structure`] and [`crate::access`].

use chrono::NaiveDate;

use crate::edit::TEXT_MAX;
use crate::kinds::{BodyKind, BodyLevel, FunctionKind, MembershipRole, OrganisationKind};
use crate::period::Period;
use crate::values::{Email, Line, Name, Phone, Text};

crate::command! {
    /// A contact person's details (*kontaktperson*): no more than a role needs.
    pub struct PersonDetails {
        name: Name = "Namn",
        title: Option<Name> = "Titel",
        email: Option<Email> = "E-postadress",
        phone: Option<Phone> = "Telefon",
    }
}

crate::command! {
    /// A function's fields that may be changed. Closing the function (`valid_to`) ends its
    /// holder's appointment on the same day.
    pub struct FunctionDetails {
        name: Name = "Namn",
        kind: FunctionKind = "Typ av funktion",
        description: Option<Text> = "Beskrivning",
        period: Period,
    }
}

crate::command! {
    /// A function (*funktion*): a lasting role of a party, of an area, or (without either) of
    /// the collaboration itself.
    pub struct NewFunction {
        details: FunctionDetails,
        /// The party whose role it is, which appoints its holders and alone may change it (for a
        /// function of an area, the area's municipality unless given: the region's coordinating
        /// health centre names the region); only on creation.
        party_id: Option<i32> = "Part",
        /// The area the function serves; only on creation.
        area_id: Option<i32> = "Närområde",
    }
}

crate::command! {
    /// A handover (*överlämning*): the current holder ends the day before `valid_from`, the new
    /// one starts that day.
    pub struct NewHolder {
        /// The new holder's first day.
        #[hint = "Den nuvarande innehavaren slutar dagen före."]
        valid_from: NaiveDate = "Ny innehavare från",
        organisation_id: i32 = "Organisation som tar över",
        /// An existing person; or give `person_name` (and the other person fields) for a new one.
        #[hint = "Välj en person som redan har haft funktionen, eller fyll i en ny nedan."]
        person_id: Option<i32> = "Tidigare kontaktperson",
        person_name: Option<Name> = "Namn",
        person_title: Option<Name> = "Titel",
        person_email: Option<Email> = "E-postadress",
        person_phone: Option<Phone> = "Telefon",
        /// The decision or agreement the appointment rests on.
        #[hint = "Vad uppdraget vilar på, till exempel ett beslut eller ett förfrågningsunderlag."]
        basis: Option<Line<TEXT_MAX>> = "Grund",
        on_behalf_of_party_id: Option<i32> = "På uppdrag av part",
    }
}

crate::command! {
    /// A body (*organ*).
    pub struct BodyDetails {
        name: Name = "Namn",
        #[hint = "Till exempel VIS. Högst 40 tecken."]
        short_name: Option<Line<40>> = "Förkortning",
        level: BodyLevel = "Nivå",
        kind: BodyKind = "Typ av organ",
        /// The party whose body it is; left out for a joint body.
        #[hint = "Partens organ ändras av partens redaktörer. Lämna tomt för ett gemensamt organ."]
        party_id: Option<i32> = "Part",
        /// Required for a sub-regional body.
        #[hint = "Bara för delregionala organ."]
        sub_region_id: Option<i32> = "Delregion",
        /// Only for a local body.
        #[hint = "Bara för lokala organ."]
        area_id: Option<i32> = "Närområde",
        mandate: Option<Text> = "Uppdrag",
        period: Period,
    }
}

crate::command! {
    /// A function's membership of a body.
    pub struct NewMembership {
        function_id: i32 = "Funktion",
        role: MembershipRole = "Roll i organet",
        period: Period,
    }
}

crate::command! {
    /// The last day of a membership.
    pub struct MembershipEnd {
        valid_to: NaiveDate = "Sista dag som medlem",
    }
}

crate::command! {
    /// An organisation.
    pub struct OrganisationDetails {
        name: Name = "Namn",
        kind: OrganisationKind = "Typ av organisation",
        /// The party the organisation belongs to; left out for one of no party (process leaders only).
        #[hint = "Den part organisationen hör till. Lämna tomt för en organisation utan part (bara processledningen)."]
        party_id: Option<i32> = "Part",
        /// The organisation that took over when this one ended.
        #[hint = "Om organisationen har upphört och en annan tagit över."]
        replaced_by_id: Option<i32> = "Ersatt av",
        period: Period,
    }
}

crate::command! {
    /// A sub-region (*delregion*).
    pub struct SubRegionDetails {
        name: Name = "Namn",
        description: Option<Text> = "Beskrivning",
        period: Period,
    }
}

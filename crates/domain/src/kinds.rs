//! The kinds of things in the collaboration structure, each with its stored code (English, stable,
//! used in the API) and its Swedish label (shown to people).

/// A code that is not one of the known kinds.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("okänd typ {value:?}; giltiga värden är {allowed}")]
pub struct UnknownKind {
    pub value: String,
    pub allowed: String,
}

/// What every kind has: its codes in order, each with a Swedish label (see [`kind_enum`]).
pub trait Kind: Copy + Sized + 'static {
    const ALL: &'static [Self];
    fn code(self) -> &'static str;
    fn label(self) -> &'static str;
    fn parse(value: &str) -> Result<Self, UnknownKind>;
}

macro_rules! kind_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $code:literal, $label:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            /// Every kind, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code stored in the database and used in the API.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)+ }
            }

            /// The Swedish label shown in the interface.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }

            /// Reads a stored code.
            pub fn parse(value: &str) -> Result<Self, $crate::kinds::UnknownKind> {
                match value {
                    $($code => Ok($name::$variant),)+
                    _ => Err($crate::kinds::UnknownKind {
                        value: value.to_owned(),
                        allowed: [$($code),+].join(", "),
                    }),
                }
            }
        }

        impl $crate::kinds::Kind for $name {
            const ALL: &'static [Self] = $name::ALL;
            fn code(self) -> &'static str {
                $name::code(self)
            }
            fn label(self) -> &'static str {
                $name::label(self)
            }
            fn parse(value: &str) -> Result<Self, $crate::kinds::UnknownKind> {
                $name::parse(value)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}
pub(crate) use kind_enum;

kind_enum! {
    /// The two kinds of party (*part*) to HÖK.
    PartyKind {
        /// *kommun*: 26 of them.
        Municipality = "municipality", "Kommun";
        /// *region*: Region Stockholm.
        Region = "region", "Region";
    }
}

kind_enum! {
    /// What an organisation is.
    OrganisationKind {
        /// Storsthlm, the association of the county's municipalities (*kommunförbund*).
        MunicipalAssociation = "municipal_association", "Kommunförbund";
        /// A party's own administration (*förvaltning*), e.g. the region's health care administration.
        Administration = "administration", "Förvaltning";
        /// One of Stockholm city's district administrations (*stadsdelsförvaltning*).
        DistrictAdministration = "district_administration", "Stadsdelsförvaltning";
        /// A care provider organisation such as SLSO (*vårdgivare*).
        CareProvider = "care_provider", "Vårdgivare";
        /// A joint committee of municipality and region (*gemensam nämnd*).
        JointAuthority = "joint_authority", "Gemensam nämnd";
        /// A federation of municipalities and region with its own board (*kommunalförbund*), such
        /// as KSON, Kommunalförbundet Sjukvård och omsorg i Norrtälje.
        MunicipalFederation = "municipal_federation", "Kommunalförbund";
        /// A health centre (*vårdcentral*, *husläkarmottagning*).
        HealthCentre = "health_centre", "Vårdcentral";
        /// Any other organisation.
        Other = "other", "Annan organisation";
    }
}

impl OrganisationKind {
    /// A party's own administrative organisation (its administrations, joint authorities, the
    /// association of municipalities), as opposed to the actors that work in the areas.
    pub const ADMINISTRATIVE: [OrganisationKind; 4] = [
        OrganisationKind::MunicipalAssociation,
        OrganisationKind::Administration,
        OrganisationKind::DistrictAdministration,
        OrganisationKind::JointAuthority,
    ];
}

kind_enum! {
    /// What a lasting role (*funktion*) is for. Functions outlive the people and units that hold them.
    FunctionKind {
        /// *Samordnande vårdcentral*: geographic coordination responsibility in an area.
        CoordinatingHealthCentre = "coordinating_health_centre", "Samordnande vårdcentral";
        /// *Kommunens samordnande funktion* for local collaboration.
        MunicipalCoordination = "municipal_coordination", "Kommunens samordnande funktion";
        /// A coordination role held jointly on the parties' behalf (KSON in Norrtälje).
        JointCoordination = "joint_coordination", "Gemensamt samordningsansvar";
        /// *Processledare*: runs the collaboration for Storsthlm or the region.
        ProcessLeader = "process_leader", "Processledare";
        /// Any other role.
        Other = "other", "Annan funktion";
    }
}

kind_enum! {
    /// The three levels of collaboration (*nivåer*).
    BodyLevel {
        /// *Länsövergripande*.
        County = "county", "Länsövergripande nivå";
        /// *Delregional*.
        SubRegional = "sub_regional", "Delregional nivå";
        /// *Lokal*.
        Local = "local", "Lokal nivå";
    }
}

kind_enum! {
    /// What a body (*organ*) is.
    BodyKind {
        /// VIS, the political steering group.
        PoliticalSteeringGroup = "political_steering_group", "Politisk styrgrupp";
        /// VIS tjänstestyrgrupp.
        OfficialsSteeringGroup = "officials_steering_group", "Tjänstemannastyrgrupp";
        /// *Samrådsgrupp*: the five thematic groups.
        ConsultativeGroup = "consultative_group", "Samrådsgrupp";
        /// *Styrelse*.
        Board = "board", "Styrelse";
        /// *Nämnd*, e.g. HSN.
        Committee = "committee", "Nämnd";
        /// *Kommunfullmäktige*, *regionfullmäktige*.
        Council = "council", "Fullmäktige";
        /// Local collaboration between the actors of an area.
        LocalCollaboration = "local_collaboration", "Lokal samverkan";
        /// Any other body.
        Other = "other", "Annat organ";
    }
}

kind_enum! {
    /// The part a function plays in a body.
    MembershipRole {
        /// *Ordförande*.
        Chair = "chair", "Ordförande";
        /// *Sammankallande*: convenes the meetings.
        Convener = "convener", "Sammankallande";
        /// *Ledamot*.
        Member = "member", "Ledamot";
        /// *Adjungerad*.
        CoOpted = "co_opted", "Adjungerad";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_reads_back_to_its_kind() {
        for kind in FunctionKind::ALL {
            assert_eq!(FunctionKind::parse(kind.code()), Ok(*kind));
        }
        for kind in BodyLevel::ALL {
            assert_eq!(BodyLevel::parse(kind.code()), Ok(*kind));
        }
        for kind in OrganisationKind::ALL {
            assert_eq!(OrganisationKind::parse(kind.code()), Ok(*kind));
        }
    }

    #[test]
    fn an_unknown_code_names_the_allowed_ones() {
        let err = BodyLevel::parse("national").unwrap_err();
        assert_eq!(err.value, "national");
        assert_eq!(err.allowed, "county, sub_regional, local");
    }

    #[test]
    fn labels_are_swedish() {
        assert_eq!(PartyKind::Municipality.label(), "Kommun");
        assert_eq!(BodyLevel::SubRegional.to_string(), "Delregional nivå");
    }
}

//! An area's actors (*aktörer*): what kind of care or social service each service is, which
//! sector runs it, and its status, as HSDS 3 has it (`service.status`).

crate::kinds::kind_enum! {
    /// What a service is (*kategori*): the care and social-service actors the coordinating
    /// health centre maps, as its presentation lists them.
    ServiceCategory {
        /// *Vårdcentral*.
        HealthCentre = "health_centre", "Vårdcentral";
        /// *Hemsjukvård*.
        HomeHealthCare = "home_health_care", "Hemsjukvård";
        /// *Rehabilitering*.
        Rehabilitation = "rehabilitation", "Rehabilitering";
        /// *Vuxenpsykiatri*.
        AdultPsychiatry = "adult_psychiatry", "Vuxenpsykiatri";
        /// *Barn- och ungdomspsykiatri* (BUP).
        ChildPsychiatry = "child_psychiatry", "Barn- och ungdomspsykiatri (BUP)";
        /// *Avancerad sjukvård i hemmet* (ASIH).
        AdvancedHomeCare = "advanced_home_care", "Avancerad sjukvård i hemmet (ASIH)";
        /// *Sjukhus*.
        Hospital = "hospital", "Sjukhus";
        /// *Socialtjänst*.
        SocialServices = "social_services", "Socialtjänst";
        /// *Hemtjänst*.
        HomeCare = "home_care", "Hemtjänst";
        /// *Särskilt boende*.
        ResidentialCare = "residential_care", "Särskilt boende";
        /// *LSS-boende*.
        LssHousing = "lss_housing", "LSS-boende";
        /// *Elevhälsa*.
        PupilHealth = "pupil_health", "Elevhälsa";
        /// *Trossamfund*.
        FaithCommunity = "faith_community", "Trossamfund";
        /// *Intresseorganisation*.
        InterestOrganisation = "interest_organisation", "Intresseorganisation";
        /// *Lokal förening*.
        LocalAssociation = "local_association", "Lokal förening";
        /// Any other actor.
        Other = "other", "Annan";
    }
}

crate::kinds::kind_enum! {
    /// Who runs a service (*sektor*).
    Sector {
        /// *Region*: Region Stockholm.
        Region = "region", "Region";
        /// *Kommun*.
        Municipality = "municipality", "Kommun";
        /// *Privat*: a private provider, often under contract.
        Private = "private", "Privat";
        /// *Civilsamhälle*: associations, faith communities, interest organisations.
        CivilSociety = "civil_society", "Civilsamhälle";
    }
}

crate::kinds::kind_enum! {
    /// A service's status, as HSDS 3 has it (`active`, `inactive`, `defunct`,
    /// `temporarily closed`; stored with an underscore, given to HSDS with its space).
    ServiceStatus {
        Active = "active", "Aktiv";
        Inactive = "inactive", "Inaktiv";
        Defunct = "defunct", "Nedlagd";
        TemporarilyClosed = "temporarily_closed", "Tillfälligt stängd";
    }
}

impl ServiceStatus {
    /// The value HSDS 3's `service.status` takes.
    pub fn hsds(self) -> &'static str {
        match self {
            ServiceStatus::TemporarilyClosed => "temporarily closed",
            other => other.code(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_is_one_hsds_3_allows() {
        let allowed = ["active", "inactive", "defunct", "temporarily closed"];
        for s in ServiceStatus::ALL {
            assert!(allowed.contains(&s.hsds()), "{s:?}");
        }
        assert_eq!(ServiceStatus::ALL.len(), allowed.len());
    }

    #[test]
    fn codes_read_back_and_an_unknown_one_is_named() {
        for c in ServiceCategory::ALL {
            assert_eq!(ServiceCategory::parse(c.code()), Ok(*c));
        }
        let unknown = Sector::parse("public").map_err(|e| e.to_string());
        assert!(unknown.is_err_and(|m| m.contains("public") && m.contains("civil_society")));
    }
}

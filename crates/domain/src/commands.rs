//! The commands of the collaboration's writes, one per kind of change (see [`crate::command`]
//! for what a command is and what comes from it).

pub mod actors;
pub mod agreements;
pub mod crisis;
pub mod meetings;
pub mod plans;
pub mod structure;

pub use actors::{HsaId, NewActor, ServiceDetails, WebAddress};
pub use agreements::{
    AgreementEntry, ConsultationAnswer, NewConsultation, NewDeadline, NewDecision, NewPreparatoryStep, NewProposal,
    NewRecommendation, NewRelation, NewVersion, NewWithdrawal, OwnParty, TargetGroups, VersionNumber,
};
pub use crisis::{
    ActivateCrisis, CloseIncident, CrisisContact, CrisisContactList, CrisisListDetails, IncidentLogEntry,
};
pub use meetings::{
    AttendanceSheet, FeedRenewal, InvitationAttendance, MeetingDetails, RequiredCategories, TaskDetails, TaskDone,
};
pub use plans::{ActionPlanDetails, ActivityDetails, AreaPlanEntryDetails, EntryReview, FollowUpNote};
pub use structure::{
    BodyDetails, FunctionDetails, MembershipEnd, NewFunction, NewHolder, NewMembership, OrganisationDetails,
    PersonDetails, SubRegionDetails,
};

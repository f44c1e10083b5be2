//! Local collaboration in the areas (issue 14): the actor map, network meetings and who takes
//! part, and the durable e-mail outbox that invites them.
pub mod action_plans;
pub mod action_plans_write;
pub mod actors;
pub mod actors_import;
pub mod actors_write;
pub mod area_plan;
pub mod area_plan_write;
pub mod crisis;
#[cfg(test)]
mod crisis_tests;
pub mod crisis_write;
pub mod feeds;
pub mod meetings;
#[cfg(any(test, feature = "test-clock"))]
pub mod meetings_fixture;
pub mod meetings_mail;
pub mod meetings_write;
pub mod outbox;
pub mod participation;

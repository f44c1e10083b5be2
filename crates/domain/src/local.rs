//! Local collaboration in the 38 areas (*lokal samverkan*): the actor map of each area (shaped
//! after Open Referral HSDS 3: an actor is an organisation with its services), its network
//! meetings and who takes part. The kinds here are the codes the store keeps and the API gives.

pub mod action_plans;
pub mod actor_csv;
pub mod actor_map;
pub mod actors;
pub mod area_plan;
pub mod crisis;
pub mod ics;
pub mod meeting;
pub mod participation;

//! Local collaboration in the areas (issue 14): the actor map, network meetings and who takes
//! part, and the durable e-mail outbox that invites them.
pub mod outbox;

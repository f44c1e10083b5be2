//! Agreements (*överenskommelser*): their registry entries, the process of each version
//! (consultation, recommendation, each party's preparatory handling and decision), and their
//! reads, with each version's state derived from its facts by `samverkan_domain::agreement`.
//!
//! Who may write: the process leaders everything; a party's editor only that party's own
//! consultation answers, decisions, preparatory steps and withdrawals (`acts`). Every event is
//! recorded on the agreement's history. Lower files know nothing of higher ones: `facts` ←
//! `acts` ← `process`, `preparation`, `withdrawals`; `facts`, `withdrawals` ← `reads` ← `views`;
//! `registry` and `places` (which agreement and version a record is of) stand on the shared
//! modules alone.

pub(crate) mod acts;
pub(crate) mod facts;
pub(crate) mod places;
pub(crate) mod preparation;
pub(crate) mod process;
pub(crate) mod reads;
pub(crate) mod registry;
pub(crate) mod views;
pub(crate) mod withdrawals;

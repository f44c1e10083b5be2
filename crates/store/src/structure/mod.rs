//! The collaboration's structure, one file per kind of record (or close family), each with that
//! kind's reads and writes. Lower files know nothing of higher ones: `persons` ← `appointments`
//! ← `functions` ← `handovers`, `areas`, `bodies`, `organisations`; `parties` and `sub_regions`
//! stand on the shared modules alone.

pub(crate) mod appointments;
pub(crate) mod areas;
pub(crate) mod bodies;
pub(crate) mod functions;
pub(crate) mod handovers;
pub(crate) mod organisations;
pub(crate) mod parties;
pub(crate) mod persons;
pub(crate) mod sub_regions;
#[cfg(test)]
mod tests;

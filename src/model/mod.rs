//! What a caller states: the patient, drugs and medications, labs, quantities, the sets of
//! the crate's vocabularies, their names, and the record a reader builds from other systems.
//!
//! The room imports no other room of the crate.

pub(crate) mod drug;
pub(crate) mod lab;
pub(crate) mod name;
pub(crate) mod patient;
pub(crate) mod quantity;
pub mod record;
pub(crate) mod set;

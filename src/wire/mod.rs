//! The JSON contract: the wire forms of the model's types, their readers, the field paths of
//! their errors, and their schemas.
//!
//! The room imports the model only.

pub(crate) mod patient;

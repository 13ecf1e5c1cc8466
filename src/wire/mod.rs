//! The JSON contract: the wire forms of the model's types, their readers, the field paths of
//! their errors, and their schemas.
//!
//! The room imports the model only.

pub(crate) mod lab;
#[cfg(feature = "json")]
pub(crate) mod path;
pub(crate) mod patient;
pub(crate) mod quantity;
#[cfg(feature = "schemars")]
mod schema;
pub(crate) mod set;

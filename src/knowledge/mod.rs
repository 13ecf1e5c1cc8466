//! What a clinician reviews: the evidence (statements, references, decisions), the rule table
//! and the decision table rendered from it. A change here bumps
//! [`KNOWLEDGE_VERSION`](crate::KNOWLEDGE_VERSION).
//!
//! The room imports the model and the plan's vocabulary.

pub(crate) mod advice;
pub(crate) mod evidence;
pub mod rules;

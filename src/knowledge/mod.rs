//! What a clinician reviews: the evidence (statements, references, decisions), the thresholds
//! and criteria the rules compare a patient with (`thresholds`), drug class membership
//! (`classes`), the rule table and the decision table rendered from it. A change here bumps
//! [`KNOWLEDGE_VERSION`].
//!
//! The room imports the model and the plan's vocabulary.

pub(crate) mod advice;
mod classes;
pub(crate) mod evidence;
pub mod rules;
mod thresholds;

/// The version of the knowledge base (the statements, additions, decisions and rules), as
/// semver. It changes whenever the advice of a plan (its items, avoidances, alerts, monitoring
/// or notes) could change for the same patient; changes to the crate's types or to the form of
/// the trace follow the crate's own version.
pub const KNOWLEDGE_VERSION: &str = "1.2.0";

/// The title of the article the knowledge comes from.
pub const ARTICLE_TITLE: &str = "Recommended Treatments for Leg Spasms";

/// The date the article was last updated.
pub const ARTICLE_DATE: &str = "2025-10-31";

/// The article's review status.
pub const ARTICLE_REVIEW_STATUS: &str = "pending human review";

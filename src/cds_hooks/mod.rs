//! [CDS Hooks 2.0](https://cds-hooks.hl7.org/2.0/): the request a CDS client sends, the cards a
//! service answers with, the discovery document, and the mapping of a [`Plan`] to cards
//! (feature `cds-hooks`).
//!
//! ```
//! use leg_spasm_cds::cds_hooks::{self, CdsRequest, Indicator};
//! use leg_spasm_cds::recommend;
//!
//! // A patient-view call whose prefetch holds the patient record under `legSpasmPatient`.
//! let request = CdsRequest::from_json(r#"{
//!     "hook": "patient-view",
//!     "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
//!     "context": {"userId": "Practitioner/example", "patientId": "1288992"},
//!     "prefetch": {"legSpasmPatient": {
//!         "presentation": {"kind": "spasticity", "origin": "stroke", "impacts": ["pain"]},
//!         "stage": "non_drug_insufficient",
//!         "severity": "moderate",
//!         "age": 74,
//!         "conditions": [],
//!         "medications": [{"drug": "diazepam", "days": 20}]
//!     }}
//! }"#)?;
//! let plan = recommend(&request.patient()?);
//! let cards = cds_hooks::cards(&plan);
//!
//! // A benzodiazepine during stroke recovery: a critical card first, about AV-1.
//! let first = &cards[0];
//! assert_eq!(first.indicator, Indicator::Critical);
//! assert_eq!(first.source.topic.as_ref().unwrap().code, "AV-1");
//! assert!(first.summary.starts_with("Diazepam (current): "));
//! assert!(!first.override_reasons.is_empty());
//! // Then the treatment plan, what to avoid.
//! assert!(cards.iter().any(|c| c.summary.starts_with("Treatment plan (S2): ")));
//! assert!(cards.iter().any(|c| c.summary.starts_with("Avoid: benzodiazepines")));
//! # Ok::<(), leg_spasm_cds::cds_hooks::RequestError>(())
//! ```
//!
//! # The patient record in the request
//!
//! The knowledge reads a [`Patient`], not FHIR resources. A CDS client (or an integration
//! layer in front of it) sends the patient's record, in the crate's JSON form (the one
//! [`Patient::from_json`] reads; its JSON Schema is `schema/patient.json`), in the request's
//! `prefetch` under the key [`PREFETCH_KEY`] (`legSpasmPatient`):
//!
//! ```json
//! "prefetch": {
//!   "legSpasmPatient": {
//!     "presentation": {"kind": "restless_legs"},
//!     "stage": "non_drug_insufficient",
//!     "severity": "moderate",
//!     "age": 61,
//!     "conditions": [],
//!     "medications": [{"drug": "ropinirole", "days": 365}]
//!   }
//! }
//! ```
//!
//! [`CdsRequest::patient`] reads it with [`Patient::from_json`], on the record's own text (the
//! request keeps prefetched values as raw JSON), so every check of the reader applies, a
//! duplicated key included, and an error names the field and the value.
//!
//! # The cards
//!
//! A plan becomes a handful of cards ([`cards`]): one per alert, because each asks the
//! clinician to act on a drug; the rest grouped, so that a plan does not flood the clinician's
//! screen.
//!
//! | card | when | `indicator` | `source.topic` (statement id) |
//! |---|---|---|---|
//! | one per alert | each of [`Plan::alerts`] | the alert's severity | the alert's rule |
//! | one per note of severity warning or critical (pregnancy, SA-13) | each such note | the note's severity | the note's rule |
//! | the treatment plan: the steps, their items with cautions and instructions, and monitoring | the plan has an item | `info` | the rule of the first item of the last step that has items (`NP-1` at stage 1, `RX-3` for spasticity at stage 2) |
//! | what to avoid | the plan has an avoidance | `warning` if one is a contraindication, else `info` | the rule of the first avoidance |
//! | notes of severity info, together | the plan has one | `info` | the rule of the first of them |
//!
//! Cards come most urgent first (critical, warning, info), and otherwise in the order above.
//!
//! - **`summary`** is one line of at most [`SUMMARY_MAX_CHARS`] (139) characters, under the
//!   140 of the specification, cut at a word with an ellipsis when longer ([`summarize`]).
//!   An alert's summary names its drugs, then the alert's finding, which names the drug or
//!   class and the risk, and always ends on a whole phrase: the whole message when it fits,
//!   else its first sentence (`Diazepam (current): a benzodiazepine during stroke recovery:
//!   possible negative effects on recovery.`), else with fewer drugs named (`gabapentin and 4
//!   more (offered)`) or without their roles, else without the finding's parenthesised lists,
//!   else without its lead-in, and only then cut before its last phrases.
//!   Grouped cards summarise: `Treatment plan (S2): 4 non-drug measures; step 2: tizanidine
//!   (preferred), baclofen`, `Avoid: benzodiazepines; cyclobenzaprine (not effective)`,
//!   `Counselling (3 notes)`.
//! - **`detail`** is GitHub-flavoured Markdown: every entry with its citations (statement ids,
//!   decisions, references), marked *safety addition* where it comes from outside the
//!   article; then the references, each with its title and source (`R8` and `R9`, cited by
//!   the article but missing from its reference list, as "cited by the article, not listed";
//!   the external sources `E1`..`E13` by their full citation); the decisions taken where the
//!   article is ambiguous, with their wording; and the knowledge the plan was computed from.
//! - **`source.label`** names the knowledge the card rests on: [`ARTICLE_LABEL`], the crate's
//!   [`SAFETY_ADDITION_LABEL`], or both (a treatment plan whose items carry an addition's
//!   caution). **`source.topic`** is a coding of [`STATEMENT_SYSTEM`] whose code is a statement
//!   id (`AV-1`, `SA-3`); every statement a card rests on is in its `detail`.
//! - **`uuid`** is a name-based (SHA-1, version 5) UUID ([`card_uuid`]) in the namespace
//!   [`CARD_UUID_NAMESPACE`], of a name that depends on the rule, never on the patient: for an
//!   alert `alert|{rule}|{drugs}|{message}`, the drugs by their names, comma-separated
//!   (`alert|AV-1|diazepam|A benzodiazepine during ...`), so the same rule about the same drugs always gives the same uuid, and two alerts of
//!   one rule that say different things (SA-7 about a withheld or a current tizanidine) get
//!   two; for a warning note `note|{rule}|{text}`; and `treatment-plan`, `avoid` and `notes`
//!   for the grouped cards, one of each per response.
//! - **`overrideReasons`**: warning and critical cards offer [`override_reasons`], a fixed list
//!   of codings of [`OVERRIDE_REASON_SYSTEM`]; info cards offer none.
//! - No card has `suggestions` or `links`: the knowledge states advice, not orders, and names
//!   no page to link to.
//!
//! # Identifiers
//!
//! The crate's code systems are URNs under its own namespace, `urn:leg-spasm-cds`, which no
//! registry assigns: a deployment that publishes FHIR code systems replaces them with its own
//! canonical URLs.
//!
//! [`Patient`]: crate::Patient
//! [`Patient::from_json`]: crate::Patient::from_json
//! [`Plan`]: crate::Plan
//! [`Plan::alerts`]: crate::Plan::alerts
//! [`StatementId`]: crate::StatementId

mod cards;
mod request;
mod response;

pub use cards::*;
pub use request::*;
pub use response::*;

/// The key of the patient record in the request's `prefetch`: `legSpasmPatient`.
pub const PREFETCH_KEY: &str = "legSpasmPatient";

/// The code system of the statement ids in `source.topic`: `urn:leg-spasm-cds:statement`.
/// Its codes are the ids of [`StatementId`](crate::StatementId) (`DX-1` .. `PF-5`, `SA-1` .. `SA-15`).
pub const STATEMENT_SYSTEM: &str = "urn:leg-spasm-cds:statement";

/// The code system of the [`override_reasons`]: `urn:leg-spasm-cds:override-reason`.
pub const OVERRIDE_REASON_SYSTEM: &str = "urn:leg-spasm-cds:override-reason";

/// The name whose version 5 UUID, in the URL namespace of RFC 9562, is
/// [`CARD_UUID_NAMESPACE`]: `urn:leg-spasm-cds:cds-hooks:card`.
pub const CARD_UUID_NAMESPACE_NAME: &str = "urn:leg-spasm-cds:cds-hooks:card";

/// The namespace of the card uuids: the version 5 UUID of [`CARD_UUID_NAMESPACE_NAME`] in the
/// URL namespace.
pub const CARD_UUID_NAMESPACE: &str = "080cb515-1818-56a2-8045-ec85b5bda32d";

/// The longest `summary`, in characters: 139, under the 140 of the specification.
pub const SUMMARY_MAX_CHARS: usize = 139;

/// `source.label` of a card that rests on the article alone.
pub const ARTICLE_LABEL: &str = "Recommended Treatments for Leg Spasms (article, 2025-10-31)";

/// `source.label` of a card that rests on the crate's safety additions alone.
pub const SAFETY_ADDITION_LABEL: &str = "leg-spasm-cds safety addition (outside the article)";

/// `source.label` of a card that rests on both.
pub const ARTICLE_AND_ADDITION_LABEL: &str = "Recommended Treatments for Leg Spasms (article, 2025-10-31) with leg-spasm-cds safety additions";

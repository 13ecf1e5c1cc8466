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

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::{self, Write as _};

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::codes::Coding;
use crate::knowledge::evidence::{Citations, Reference, ReferenceKind, Source, StatementId};
use crate::model::patient::{Patient, PatientError};
use crate::plan::{
    Alert, Attachment, AvoidanceKind, InvolvedDrug, Item, Note, Plan, Severity, StepNumber,
};
use crate::wire::path;

/// The key of the patient record in the request's `prefetch`: `legSpasmPatient`.
pub const PREFETCH_KEY: &str = "legSpasmPatient";

/// The code system of the statement ids in `source.topic`: `urn:leg-spasm-cds:statement`.
/// Its codes are the ids of [`StatementId`] (`DX-1` .. `PF-5`, `SA-1` .. `SA-14`).
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

// ---- The request ---------------------------------------------------------------------------

/// The body of a call to a CDS service (CDS Hooks 2.0, "Calling a CDS Service").
///
/// Read it with [`CdsRequest::from_json`] (or `serde_json::from_str`): the prefetched values
/// are kept as raw JSON, which only serde_json's own readers can produce. Fields the
/// specification does not define are ignored.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CdsRequest {
    /// The hook that triggered the call, for example `patient-view`.
    pub hook: String,
    /// A UUID for this call of the hook.
    pub hook_instance: String,
    /// The base URL of the CDS client's FHIR server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub fhir_server: Option<String>,
    /// An access token to the FHIR server. This crate never uses it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(with = "FhirAuthorization"))]
    pub fhir_authorization: Option<FhirAuthorization>,
    /// The hook's context: for `patient-view`, `userId` and `patientId`; for `order-select`,
    /// also `selections` and `draftOrders`.
    pub context: Map<String, Value>,
    /// The prefetched data, by prefetch key, each value as its raw JSON text. The patient
    /// record is under [`PREFETCH_KEY`]. A key given twice is an error.
    #[cfg_attr(
        feature = "schemars",
        schemars(
            description = "The prefetched data, by prefetch key. The patient record, in the crate's JSON form (patient.json), is under \"legSpasmPatient\"."
        )
    )]
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "unique_keys"
    )]
    #[cfg_attr(
        feature = "schemars",
        schemars(with = "BTreeMap<String, Box<RawValue>>")
    )]
    pub prefetch: Option<BTreeMap<String, Box<RawValue>>>,
    /// Extensions, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(with = "Map<String, Value>"))]
    pub extension: Option<Map<String, Value>>,
}

/// `fhirAuthorization`: an OAuth 2.0 bearer token for the CDS client's FHIR server. Its
/// `Debug` hides the token.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct FhirAuthorization {
    /// The access token.
    pub access_token: String,
    /// `Bearer`.
    pub token_type: String,
    /// The lifetime of the token, in seconds.
    pub expires_in: u64,
    /// The scopes granted.
    pub scope: String,
    /// The OAuth 2.0 client identifier of the CDS service.
    pub subject: String,
}

impl fmt::Debug for FhirAuthorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FhirAuthorization")
            .field("access_token", &"(hidden)")
            .field("token_type", &self.token_type)
            .field("expires_in", &self.expires_in)
            .field("scope", &self.scope)
            .field("subject", &self.subject)
            .finish()
    }
}

/// Reads `prefetch`, rejecting a key given twice (a map would keep the last silently).
fn unique_keys<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<BTreeMap<String, Box<RawValue>>>, D::Error> {
    struct Unique(BTreeMap<String, Box<RawValue>>);
    impl<'de> Deserialize<'de> for Unique {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Unique;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("an object of prefetched data, each key once")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Unique, A::Error> {
                    let mut out = BTreeMap::new();
                    while let Some(key) = map.next_key::<String>()? {
                        if out.contains_key(&key) {
                            return Err(serde::de::Error::custom(format_args!(
                                "prefetch key {key:?} is given twice"
                            )));
                        }
                        let value: Box<RawValue> = map.next_value()?;
                        out.insert(key, value);
                    }
                    Ok(Unique(out))
                }
            }
            d.deserialize_map(V)
        }
    }
    Ok(Option::<Unique>::deserialize(d)?.map(|u| u.0))
}

/// A request that cannot be answered: not a CDS Hooks request, or without a valid patient
/// record. The message names the field, as a path in the request.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum RequestError {
    /// The body is not JSON, or a field of the request is missing or has the wrong type.
    #[error("{field}: {message}")]
    Malformed {
        /// The path where reading stopped (`.` for the document itself).
        field: String,
        /// What the reader reported.
        message: String,
    },
    /// The prefetch has no patient record under [`PREFETCH_KEY`] (absent, or `null`).
    #[error(
        "prefetch.{PREFETCH_KEY}: missing: the request must carry the patient record, in the crate's JSON form, in prefetch under \"{PREFETCH_KEY}\""
    )]
    MissingPatient,
    /// The patient record is not valid.
    #[error("prefetch.{PREFETCH_KEY}: {0}")]
    InvalidPatient(PatientError),
}

impl RequestError {
    /// The field the error is about, as a path in the request (`hookInstance`,
    /// `prefetch.legSpasmPatient.age`).
    pub fn field(&self) -> String {
        match self {
            RequestError::Malformed { field, .. } => field.clone(),
            RequestError::MissingPatient => format!("prefetch.{PREFETCH_KEY}"),
            RequestError::InvalidPatient(e) => match e.field() {
                // The patient's text as a whole (too large, not JSON).
                "input" => format!("prefetch.{PREFETCH_KEY}"),
                f => path::join(&format!("prefetch.{PREFETCH_KEY}"), f),
            },
        }
    }
}

impl CdsRequest {
    /// Reads a request; an error names the field where reading stopped.
    ///
    /// ```
    /// use leg_spasm_cds::cds_hooks::CdsRequest;
    /// let err = CdsRequest::from_json(r#"{"hook": "patient-view", "context": {}}"#).unwrap_err();
    /// assert_eq!(err.field(), ".");
    /// assert!(err.to_string().contains("missing field `hookInstance`"));
    ///
    /// let err = CdsRequest::from_json(r#"{"hook": 5}"#).unwrap_err();
    /// assert_eq!(err.field(), "hook");
    /// ```
    pub fn from_json(json: &str) -> Result<CdsRequest, RequestError> {
        let mut de = serde_json::Deserializer::from_str(json);
        let request: CdsRequest =
            serde_path_to_error::deserialize(&mut de).map_err(|e| RequestError::Malformed {
                field: path::of(e.path()),
                message: e.into_inner().to_string(),
            })?;
        de.end().map_err(|e| RequestError::Malformed {
            field: path::DOCUMENT.to_owned(),
            message: e.to_string(),
        })?;
        Ok(request)
    }

    /// The patient record in the prefetch, under [`PREFETCH_KEY`], read and validated by
    /// [`Patient::from_json`].
    ///
    /// ```
    /// use leg_spasm_cds::cds_hooks::{CdsRequest, RequestError};
    /// let request = CdsRequest::from_json(r#"{
    ///     "hook": "patient-view", "hookInstance": "1", "context": {},
    ///     "prefetch": {"legSpasmPatient": {
    ///         "presentation": {"kind": "restless_legs"}, "stage": "nothing_tried",
    ///         "severity": "mild", "age": 131, "conditions": [], "medications": []
    ///     }}
    /// }"#)?;
    /// let err = request.patient().unwrap_err();
    /// assert_eq!(err.field(), "prefetch.legSpasmPatient.age");
    /// assert_eq!(
    ///     err.to_string(),
    ///     "prefetch.legSpasmPatient: age: age 131 is above the maximum of 130 years"
    /// );
    /// # Ok::<(), RequestError>(())
    /// ```
    pub fn patient(&self) -> Result<Patient, RequestError> {
        let record = self
            .prefetch
            .as_ref()
            .and_then(|p| p.get(PREFETCH_KEY))
            .filter(|r| r.get() != "null")
            .ok_or(RequestError::MissingPatient)?;
        Patient::from_json(record.get()).map_err(RequestError::InvalidPatient)
    }
}

// ---- The response --------------------------------------------------------------------------

/// The answer of a CDS service: its cards (CDS Hooks 2.0, "CDS Service Response").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CdsResponse {
    /// The cards; empty when there is no decision support.
    pub cards: Vec<Card>,
    /// Actions the service proposes to apply without the user. This crate proposes none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub system_actions: Vec<Action>,
}

/// A card: decision support for the user (CDS Hooks 2.0, "Card Attributes").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Card {
    /// A unique identifier of the card, for logging and feedback.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub uuid: Option<String>,
    /// One sentence, under 140 characters.
    #[cfg_attr(feature = "schemars", schemars(length(max = 139)))]
    pub summary: String,
    /// More detail, in GitHub-flavoured Markdown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub detail: Option<String>,
    /// How urgent the card is.
    pub indicator: Indicator,
    /// The source of the card's guidance.
    pub source: CardSource,
    /// Suggested changes. This crate suggests none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suggestions: Vec<Suggestion>,
    /// How the suggestions may be chosen; required when there are suggestions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(with = "SelectionBehavior"))]
    pub selection_behavior: Option<SelectionBehavior>,
    /// Reasons the user may give for overriding the card, each with a `display`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub override_reasons: Vec<CdsCoding>,
    /// Links to apps or pages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
}

/// How urgent a card is. Ordered: info < warning < critical.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Indicator {
    /// `info`.
    Info,
    /// `warning`.
    Warning,
    /// `critical`.
    Critical,
}

impl From<Severity> for Indicator {
    fn from(s: Severity) -> Indicator {
        match s {
            Severity::Info => Indicator::Info,
            Severity::Warning => Indicator::Warning,
            Severity::Critical => Indicator::Critical,
        }
    }
}

/// The source of a card's guidance (CDS Hooks 2.0, "Source").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct CardSource {
    /// A short label for the source.
    pub label: String,
    /// An absolute URL to learn more about the source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub url: Option<String>,
    /// An absolute URL of an icon for the source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub icon: Option<String>,
    /// A high-level category of the card's content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(with = "CdsCoding"))]
    pub topic: Option<CdsCoding>,
}

/// A code from a code system (CDS Hooks 2.0, "Coding"). Unlike the crate's own `Coding`, it
/// takes any system URI, and its `display` is optional (required in override reasons).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct CdsCoding {
    /// The code system's URI.
    pub system: String,
    /// The code.
    pub code: String,
    /// A short label for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub display: Option<String>,
}

impl From<&Coding> for CdsCoding {
    fn from(c: &Coding) -> CdsCoding {
        CdsCoding {
            system: c.system.uri().to_owned(),
            code: c.code.to_string(),
            display: Some(c.display.to_string()),
        }
    }
}

/// A suggested set of changes (CDS Hooks 2.0, "Suggestion").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Suggestion {
    /// The label of the suggestion, for a button.
    pub label: String,
    /// A unique identifier, for logging and feedback.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub uuid: Option<String>,
    /// Whether this suggestion is the recommended one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(with = "bool"))]
    pub is_recommended: Option<bool>,
    /// The actions, all taken together when the suggestion is chosen.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<Action>,
}

/// How the suggestions of a card may be chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum SelectionBehavior {
    /// `at-most-one`: none or one.
    AtMostOne,
    /// `any`: any number, none to all.
    Any,
}

/// A suggested action on a FHIR resource (CDS Hooks 2.0, "Action").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Action {
    /// Create, update or delete.
    pub r#type: ActionType,
    /// What the action does, for people.
    pub description: String,
    /// The FHIR resource to create, or the updated resource.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(with = "Map<String, Value>"))]
    pub resource: Option<Value>,
    /// A relative reference to the resource to delete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub resource_id: Option<String>,
}

/// The type of an action: create, update or delete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum ActionType {
    /// `create`.
    Create,
    /// `update`.
    Update,
    /// `delete`.
    Delete,
}

/// A link to a page or a SMART app (CDS Hooks 2.0, "Link").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Link {
    /// The label of the link.
    pub label: String,
    /// The URL to open.
    pub url: String,
    /// `absolute` or `smart`.
    pub r#type: LinkType,
    /// Context for a SMART app, for `smart` links only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub app_context: Option<String>,
}

/// The type of a link: absolute or smart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum LinkType {
    /// `absolute`: a URL used as it is.
    Absolute,
    /// `smart`: a SMART app launch URL.
    Smart,
}

// ---- Discovery -----------------------------------------------------------------------------

/// The discovery document, `GET {baseUrl}/cds-services` (CDS Hooks 2.0, "Discovery").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Discovery {
    /// The services offered.
    pub services: Vec<CdsService>,
}

/// A CDS service as discovery describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct CdsService {
    /// The hook the service is called on.
    pub hook: String,
    /// A human-friendly name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub title: Option<String>,
    /// What the service does.
    pub description: String,
    /// The `{id}` of `POST {baseUrl}/cds-services/{id}`.
    pub id: String,
    /// Prefetch templates, by prefetch key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(with = "BTreeMap<String, String>"))]
    pub prefetch: Option<BTreeMap<String, String>>,
    /// A human-friendly description of what the service needs to be used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub usage_requirements: Option<String>,
}

// ---- Identifiers ---------------------------------------------------------------------------

/// The namespace of the card uuids: the version 5 UUID of [`CARD_UUID_NAMESPACE_NAME`] in the
/// URL namespace.
fn namespace() -> Uuid {
    Uuid::new_v5(&Uuid::NAMESPACE_URL, CARD_UUID_NAMESPACE_NAME.as_bytes())
}

/// The uuid of a card: the version 5 UUID of `name` in [`CARD_UUID_NAMESPACE`], lowercase and
/// hyphenated.
///
/// ```
/// use leg_spasm_cds::cds_hooks::card_uuid;
/// assert_eq!(card_uuid("treatment-plan"), "c0a5d077-618d-54c7-9374-8870d9374460");
/// ```
pub fn card_uuid(name: &str) -> String {
    Uuid::new_v5(&namespace(), name.as_bytes()).to_string()
}

/// The override reasons of warning and critical cards, codings of [`OVERRIDE_REASON_SYSTEM`]:
///
/// | code | display |
/// |---|---|
/// | `already-addressed` | Already addressed with the patient |
/// | `benefit-outweighs-risk` | Benefit outweighs the risk for this patient |
/// | `record-inaccurate` | The patient record is inaccurate or out of date |
/// | `specialist-decision` | Decided by the specialist managing the patient |
pub fn override_reasons() -> Vec<CdsCoding> {
    [
        ("already-addressed", "Already addressed with the patient"),
        (
            "benefit-outweighs-risk",
            "Benefit outweighs the risk for this patient",
        ),
        (
            "record-inaccurate",
            "The patient record is inaccurate or out of date",
        ),
        (
            "specialist-decision",
            "Decided by the specialist managing the patient",
        ),
    ]
    .into_iter()
    .map(|(code, display)| CdsCoding {
        system: OVERRIDE_REASON_SYSTEM.to_owned(),
        code: code.to_owned(),
        display: Some(display.to_owned()),
    })
    .collect()
}

// ---- The mapping ---------------------------------------------------------------------------

/// `text` as a card summary: unchanged if it has at most [`SUMMARY_MAX_CHARS`] characters;
/// otherwise cut to fit with an ellipsis (`…`), after the last whole word if one ends in the
/// last quarter, else on a character boundary.
///
/// ```
/// use leg_spasm_cds::cds_hooks::{summarize, SUMMARY_MAX_CHARS};
/// assert_eq!(summarize("Short enough."), "Short enough.");
/// let long = "µg ".repeat(100);
/// let summary = summarize(&long);
/// assert!(summary.chars().count() <= SUMMARY_MAX_CHARS);
/// assert!(summary.ends_with(" µg…")); // after a whole word
/// // No word to cut after: on a character boundary.
/// assert_eq!(summarize(&"µ".repeat(200)), format!("{}…", "µ".repeat(SUMMARY_MAX_CHARS - 1)));
/// ```
pub fn summarize(text: &str) -> String {
    if text.chars().count() <= SUMMARY_MAX_CHARS {
        return text.to_owned();
    }
    // Room for the text, then the ellipsis: the byte offset of the first character that
    // does not fit is a character boundary.
    let room = SUMMARY_MAX_CHARS - 1;
    let end = text.char_indices().nth(room).map_or(text.len(), |(i, _)| i);
    let head = &text[..end];
    // Cut after the last whole word if that keeps three quarters of the room.
    let min = text.char_indices().nth(room * 3 / 4).map_or(0, |(i, _)| i);
    let cut = match head.rfind(char::is_whitespace) {
        Some(i) if i >= min && !text[end..].starts_with(char::is_whitespace) => i,
        _ => end,
    };
    let head = head[..cut].trim_end_matches(|c: char| c.is_whitespace() || ",;:".contains(c));
    format!("{head}…")
}

/// The cards for a plan, most urgent first; see the [module documentation](self).
pub fn cards(plan: &Plan) -> Vec<Card> {
    let mut cards: Vec<Card> = plan.alerts.iter().map(|a| alert_card(plan, a)).collect();
    cards.extend(
        plan.notes
            .iter()
            .filter(|n| n.severity > Severity::Info)
            .map(|n| note_card(plan, n)),
    );
    cards.extend(plan_card(plan));
    cards.extend(avoid_card(plan));
    cards.extend(notes_card(plan));
    // Stable: within an indicator, the order above.
    cards.sort_by_key(|c| std::cmp::Reverse(c.indicator));
    cards
}

/// The response for a plan: its [`cards`].
pub fn response(plan: &Plan) -> CdsResponse {
    CdsResponse {
        cards: cards(plan),
        system_actions: Vec::new(),
    }
}

impl Card {
    /// A card with its summary (cut to fit by [`summarize`]), its indicator and its source;
    /// warning and critical cards offer the [`override_reasons`]. Add the rest with the
    /// `with_` methods.
    ///
    /// ```
    /// use leg_spasm_cds::cds_hooks::{Card, CardSource, Indicator};
    /// let card = Card::new("The plan needs the stage and the severity.", Indicator::Info,
    ///     CardSource::new("leg-spasm-cds")).with_detail("Send them in the request's extension.");
    /// assert!(card.override_reasons.is_empty());
    /// assert_eq!(card.detail.as_deref(), Some("Send them in the request's extension."));
    /// ```
    pub fn new(summary: &str, indicator: Indicator, source: CardSource) -> Card {
        Card {
            uuid: None,
            summary: summarize(summary),
            detail: None,
            indicator,
            source,
            suggestions: Vec::new(),
            selection_behavior: None,
            override_reasons: if indicator > Indicator::Info {
                override_reasons()
            } else {
                Vec::new()
            },
            links: Vec::new(),
        }
    }

    /// With a uuid.
    #[must_use]
    pub fn with_uuid(mut self, uuid: impl Into<String>) -> Card {
        self.uuid = Some(uuid.into());
        self
    }

    /// With its detail, in GitHub-flavoured Markdown.
    #[must_use]
    pub fn with_detail(mut self, detail: impl Into<String>) -> Card {
        self.detail = Some(detail.into());
        self
    }
}

impl CardSource {
    /// A source with its label only.
    pub fn new(label: impl Into<String>) -> CardSource {
        CardSource {
            label: label.into(),
            url: None,
            icon: None,
            topic: None,
        }
    }

    /// With the statement or safety addition the card is about as its topic (a coding in
    /// [`STATEMENT_SYSTEM`]).
    #[must_use]
    pub fn with_statement(mut self, rule: StatementId) -> CardSource {
        self.topic = Some(CdsCoding {
            system: STATEMENT_SYSTEM.to_owned(),
            code: rule.to_string(),
            display: None,
        });
        self
    }
}

impl CdsResponse {
    /// A response holding these cards and no system action.
    pub fn new(cards: Vec<Card>) -> CdsResponse {
        CdsResponse {
            cards,
            system_actions: Vec::new(),
        }
    }
}

/// A card of the crate, from its parts.
fn card(
    uuid_name: &str,
    summary: &str,
    detail: String,
    indicator: Indicator,
    sources: Sources,
    topic: StatementId,
) -> Card {
    Card::new(
        summary,
        indicator,
        CardSource::new(sources.label()).with_statement(topic),
    )
    .with_uuid(card_uuid(uuid_name))
    .with_detail(detail)
}

/// Which knowledge the entries of a card come from.
#[derive(Default, Clone, Copy)]
struct Sources {
    article: bool,
    addition: bool,
}

impl Sources {
    fn add(&mut self, source: Source) {
        match source {
            Source::Article => self.article = true,
            Source::SafetyAddition => self.addition = true,
        }
    }

    fn of(sources: impl IntoIterator<Item = Source>) -> Sources {
        let mut s = Sources::default();
        for source in sources {
            s.add(source);
        }
        s
    }

    fn label(self) -> &'static str {
        match (self.article, self.addition) {
            (true, true) => ARTICLE_AND_ADDITION_LABEL,
            (false, true) => SAFETY_ADDITION_LABEL,
            _ => ARTICLE_LABEL,
        }
    }
}

/// Markdown with the characters that could start markup escaped.
fn md(text: &str) -> Cow<'_, str> {
    const SPECIAL: &[char] = &['\\', '`', '*', '_', '[', ']', '<', '>', '|', '~'];
    if !text.contains(SPECIAL) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if SPECIAL.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    Cow::Owned(out)
}

/// `text` with its first letter upper-cased.
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `text` with its first letter lower-cased, unless it starts an acronym (`RLS`).
fn uncapitalized(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if !second.is_uppercase() => first
            .to_lowercase()
            .chain(text[first.len_utf8()..].chars())
            .collect(),
        _ => text.to_owned(),
    }
}

/// `; *safety addition*`, after the citations of an entry from outside the article.
fn marker(source: Source) -> &'static str {
    match source {
        Source::Article => "",
        Source::SafetyAddition => "; *safety addition*",
    }
}

/// `gabapentin, pregabalin (offered)`, or each with its role when they differ.
fn drugs_phrase(drugs: &[InvolvedDrug]) -> String {
    let same = drugs.windows(2).all(|w| w[0].role == w[1].role);
    let mut out = String::new();
    for (i, d) in drugs.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(d.drug.label());
        if !same {
            let _ = write!(out, " ({})", d.role.label());
        }
    }
    if same {
        if let Some(d) = drugs.first() {
            let _ = write!(out, " ({})", d.role.label());
        }
    }
    out
}

/// The closing sections of a detail: references, decisions, and the knowledge used.
fn closing(out: &mut String, plan: &Plan, citations: Citations, sources: Sources) {
    if !citations.references.is_empty() {
        out.push_str("\n**References**\n\n");
        for r in citations.references {
            let _ = writeln!(out, "- {r}: {}", md(&reference_text(r)));
        }
    }
    if !citations.decisions.is_empty() {
        out.push_str("\n**Decisions where the article is ambiguous**\n\n");
        for d in citations.decisions {
            let _ = writeln!(out, "- {d}: {}", md(d.text()));
        }
    }
    let p = &plan.provenance;
    let _ = write!(
        out,
        "\nKnowledge: \"{}\" ({}, {}), knowledge version {}",
        md(&p.article_title),
        md(&p.article_date),
        md(&p.review_status),
        md(&p.knowledge_version),
    );
    if sources.addition {
        out.push_str("; entries marked *safety addition* come from sources outside the article");
    }
    out.push_str(". Decision support for a clinician, not a medical device.");
}

/// A reference as a card cites it: its title and source, or what is known of it.
fn reference_text(r: Reference) -> Cow<'static, str> {
    match (r.title(), r.kind()) {
        (Some(title), _) => format!("{title} ({})", r.source()).into(),
        (None, ReferenceKind::Unlisted) => "cited by the article, not listed".into(),
        (None, _) => r.source().into(),
    }
}

/// The drugs of an alert, the first `shown` by name and the rest counted:
/// `gabapentin, pregabalin and 3 more (offered)`, each with its role when the roles differ.
fn drugs_shown(drugs: &[InvolvedDrug], shown: usize, roles: bool) -> String {
    let same = !roles || drugs.windows(2).all(|w| w[0].role == w[1].role);
    let mut out = String::new();
    for (i, d) in drugs.iter().take(shown).enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(d.drug.label());
        if !same {
            let _ = write!(out, " ({})", d.role.label());
        }
    }
    if shown < drugs.len() {
        let _ = write!(out, " and {} more", drugs.len() - shown);
    }
    if same && roles {
        if let Some(d) = drugs.first() {
            let _ = write!(out, " ({})", d.role.label());
        }
    }
    out
}

/// The finding without its parenthesised lists: `... reactions (thrombocytopenia, HUS/TTP)
/// without ...` becomes `... reactions without ...`.
fn without_parentheses(finding: &str) -> String {
    let mut out = String::with_capacity(finding.len());
    let mut depth = 0i32;
    for c in finding.chars() {
        match c {
            '(' => {
                if depth == 0 && out.ends_with(' ') {
                    out.pop();
                }
                depth += 1;
            }
            ')' => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The finding after its lead-in (the text up to its first `: `), if it has one.
fn without_lead_in(finding: &str) -> Option<&str> {
    finding.find(": ").map(|i| &finding[i + 2..])
}

/// The shorter forms of a finding, longest first: the finding cut before each phrase that is
/// not inside parentheses (`, `, `: `, ` (`), each ending with a full stop.
fn finding_cuts(finding: &str) -> Vec<String> {
    let body = finding.strip_suffix('.').unwrap_or(finding);
    let mut depth = 0i32;
    let mut cuts = Vec::new();
    for (i, c) in body.char_indices() {
        match c {
            '(' => {
                if depth == 0 && body[..i].ends_with(' ') {
                    cuts.push(i - 1);
                }
                depth += 1;
            }
            ')' => depth -= 1,
            ',' | ':' if depth == 0 => cuts.push(i),
            _ => {}
        }
    }
    cuts.into_iter()
        .rev()
        .map(|i| format!("{}.", body[..i].trim_end()))
        .collect()
}

/// An alert's summary: the drugs, then the finding, which names the drug or class and the
/// risk (`Diazepam (current): a benzodiazepine during stroke recovery: possible negative
/// effects on recovery.`). It always ends on a whole phrase: the whole message if it fits;
/// else its first sentence (the finding); else the finding with fewer drugs named; else the
/// finding cut before its last phrases, the risk kept where it comes first.
///
/// ```
/// use leg_spasm_cds::cds_hooks::{alert_summary, SUMMARY_MAX_CHARS};
/// use leg_spasm_cds::{recommend, Patient};
/// let patient = Patient::from_json(r#"{"presentation": {"kind": "spasticity", "origin": "stroke",
///     "impacts": []}, "stage": "nothing_tried", "severity": "mild", "age": 60,
///     "conditions": [], "medications": [{"drug": "diazepam", "days": 10}]}"#)?;
/// let plan = recommend(&patient);
/// let summary = alert_summary(&plan.alerts[0]);
/// assert!(summary.starts_with("Diazepam (current): "));
/// assert!(summary.chars().count() <= SUMMARY_MAX_CHARS && summary.ends_with('.'));
/// # Ok::<(), leg_spasm_cds::PatientError>(())
/// ```
pub fn alert_summary(alert: &Alert) -> String {
    let message = uncapitalized(&alert.message);
    let finding = match message.find(". ") {
        Some(end) => message[..=end].to_owned(),
        None => message.clone(),
    };
    let n = alert.drugs.len();
    let fits = |s: &String| s.chars().count() <= SUMMARY_MAX_CHARS;
    let with = |shown: usize, roles: bool, text: &str| {
        format!(
            "{}: {text}",
            capitalized(&drugs_shown(&alert.drugs, shown, roles))
        )
    };
    let one = n.min(1);
    // Longest and most complete first.
    let mut candidates = vec![with(n, true, &message), with(n, true, &finding)];
    candidates.extend((1..n).rev().map(|shown| with(shown, true, &finding)));
    candidates.extend((1..=n).rev().map(|shown| with(shown, false, &finding)));
    let plain = without_parentheses(&finding);
    candidates.push(with(one, true, &plain));
    candidates.push(with(one, false, &plain));
    if let Some(rest) = without_lead_in(&plain) {
        candidates.push(with(one, false, rest));
    }
    candidates.extend(
        finding_cuts(&finding)
            .iter()
            .map(|cut| with(one, false, cut)),
    );
    candidates
        .into_iter()
        .find(fits)
        .unwrap_or_else(|| with(n, true, &message))
}

fn alert_card(plan: &Plan, alert: &Alert) -> Card {
    let drugs = drugs_phrase(&alert.drugs);
    let summary = alert_summary(alert);
    let mut detail = String::new();
    let _ = writeln!(detail, "{}\n", md(&alert.message));
    let _ = writeln!(detail, "Drugs: {}.\n", md(&drugs));
    let _ = writeln!(
        detail,
        "Raised by {} ({}). Citations: {}.",
        alert.rule,
        match alert.source {
            Source::Article => "the article",
            Source::SafetyAddition => "a *safety addition*",
        },
        alert.citations
    );
    closing(
        &mut detail,
        plan,
        alert.citations,
        Sources::of([alert.source]),
    );
    let names: Vec<&str> = alert.drugs.iter().map(|d| d.drug.name()).collect();
    card(
        &format!("alert|{}|{}|{}", alert.rule, names.join(","), alert.message),
        &summary,
        detail,
        alert.severity.into(),
        Sources::of([alert.source]),
        alert.rule,
    )
}

fn note_card(plan: &Plan, note: &Note) -> Card {
    let mut detail = String::new();
    let _ = writeln!(
        detail,
        "**{}** ({}): {} ({}{})",
        capitalized(note.kind.label()),
        note.severity,
        md(&note.text),
        note.citations,
        marker(note.source)
    );
    closing(
        &mut detail,
        plan,
        note.citations,
        Sources::of([note.source]),
    );
    card(
        &format!("note|{}|{}", note.rule, note.text),
        &note.text,
        detail,
        note.severity.into(),
        Sources::of([note.source]),
        note.rule,
    )
}

fn item_line(out: &mut String, item: &Item) {
    let mut qualifiers: Vec<&str> = Vec::new();
    if item.preferred {
        qualifiers.push("preferred");
    }
    if let Some(tier) = item.tier {
        qualifiers.push(tier.label());
    }
    qualifiers.push(item.strength.label());
    let _ = write!(
        out,
        "- **{}** ({}): {}",
        md(&item.action.label()),
        qualifiers.join("; "),
        md(&item.detail)
    );
    if let Some(max) = item.max_days {
        let _ = write!(out, " At most {max}");
        if let Some(left) = item.days_left {
            let _ = write!(out, "; {left} left");
        }
        out.push('.');
    }
    let _ = writeln!(out, " ({}{})", item.citations, marker(item.source));
    for a in &item.attachments {
        attachment_line(out, a);
    }
}

fn attachment_line(out: &mut String, a: &Attachment) {
    let _ = writeln!(
        out,
        "  - {} ({}): {} ({}{})",
        capitalized(a.kind.label()),
        a.severity,
        md(&a.text),
        a.citations,
        marker(a.source)
    );
}

fn plan_card(plan: &Plan) -> Option<Card> {
    let last = plan.steps.iter().rev().find(|s| !s.items.is_empty())?;
    let topic = last.items[0].rule;
    let mut sources = Sources::default();
    let mut citations = Citations::default();
    let mut detail = String::new();
    let _ = writeln!(
        detail,
        "{}. Stage: {}.",
        md(&capitalized(&plan.classification.presentation.to_string())),
        md(plan.stage.label())
    );
    let mut summary = format!("Treatment plan ({}): ", plan.stage.short());
    for (i, step) in plan
        .steps
        .iter()
        .filter(|s| !s.items.is_empty())
        .enumerate()
    {
        let _ = writeln!(
            detail,
            "\n**{}**\n",
            step.number.title(plan.classification.presentation.kind())
        );
        for item in &step.items {
            item_line(&mut detail, item);
            sources.add(item.source);
            citations = citations.union(item.citations);
            for a in &item.attachments {
                sources.add(a.source);
                citations = citations.union(a.citations);
            }
        }
        if i > 0 {
            summary.push_str("; ");
        }
        summary.push_str(&step_summary(step.number, &step.items));
    }
    if !plan.monitoring.is_empty() {
        detail.push_str("\n**Monitoring**\n\n");
        for m in &plan.monitoring {
            let _ = writeln!(
                detail,
                "- {} for {}: {} ({}{})",
                capitalized(m.what.label()),
                md(&drugs_phrase(&m.drugs)),
                md(&m.text),
                m.citations,
                marker(m.source)
            );
            sources.add(m.source);
            citations = citations.union(m.citations);
        }
    }
    closing(&mut detail, plan, citations, sources);
    Some(card(
        "treatment-plan",
        &summary,
        detail,
        Indicator::Info,
        sources,
        topic,
    ))
}

/// `4 non-drug measures` for step 1; `step 2: tizanidine (preferred), baclofen` after it.
fn step_summary(step: StepNumber, items: &[Item]) -> String {
    if step == StepNumber::One {
        return match items.len() {
            1 => "1 non-drug measure".to_owned(),
            n => format!("{n} non-drug measures"),
        };
    }
    let labels: Vec<String> = items
        .iter()
        .map(|i| {
            let label = i.action.label();
            if i.preferred {
                format!("{label} (preferred)")
            } else {
                label.into_owned()
            }
        })
        .collect();
    format!("step {}: {}", step.get(), labels.join(", "))
}

fn avoid_card(plan: &Plan) -> Option<Card> {
    let first = plan.avoidances.first()?;
    let mut detail = String::new();
    let mut citations = Citations::default();
    let mut summary = "Avoid: ".to_owned();
    for (i, a) in plan.avoidances.iter().enumerate() {
        let _ = writeln!(
            detail,
            "- **{}**: {}. {} ({}{})",
            md(a.target.label()),
            a.kind.label(),
            md(&a.reason),
            a.citations,
            marker(a.source)
        );
        citations = citations.union(a.citations);
        if i > 0 {
            summary.push_str("; ");
        }
        summary.push_str(a.target.label());
        if a.kind != AvoidanceKind::Avoid {
            let _ = write!(summary, " ({})", a.kind.label());
        }
    }
    let sources = Sources::of(plan.avoidances.iter().map(|a| a.source));
    closing(&mut detail, plan, citations, sources);
    let contraindication = plan
        .avoidances
        .iter()
        .any(|a| a.kind == AvoidanceKind::Contraindicated);
    Some(card(
        "avoid",
        &summary,
        detail,
        if contraindication {
            Indicator::Warning
        } else {
            Indicator::Info
        },
        sources,
        first.rule,
    ))
}

fn notes_card(plan: &Plan) -> Option<Card> {
    let notes: Vec<&Note> = plan
        .notes
        .iter()
        .filter(|n| n.severity == Severity::Info)
        .collect();
    let first = notes.first()?;
    let mut detail = String::new();
    let mut citations = Citations::default();
    for n in &notes {
        let _ = writeln!(
            detail,
            "- **{}**: {} ({}{})",
            capitalized(n.kind.label()),
            md(&n.text),
            n.citations,
            marker(n.source)
        );
        citations = citations.union(n.citations);
    }
    let sources = Sources::of(notes.iter().map(|n| n.source));
    closing(&mut detail, plan, citations, sources);
    let summary = if notes.len() == 1 {
        first.text.to_string()
    } else {
        let mut kinds: Vec<&str> = Vec::new();
        for n in &notes {
            if !kinds.contains(&n.kind.label()) {
                kinds.push(n.kind.label());
            }
        }
        format!("{} ({} notes)", capitalized(&kinds.join(", ")), notes.len())
    };
    Some(card(
        "notes",
        &summary,
        detail,
        Indicator::Info,
        sources,
        first.rule,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_namespace_is_the_v5_uuid_of_its_name() {
        // The values were computed independently of this crate (Python's uuid.uuid5).
        assert_eq!(namespace().to_string(), CARD_UUID_NAMESPACE);
        assert_eq!(CARD_UUID_NAMESPACE, "080cb515-1818-56a2-8045-ec85b5bda32d");
        assert_eq!(
            card_uuid("treatment-plan"),
            "c0a5d077-618d-54c7-9374-8870d9374460"
        );
    }

    #[test]
    fn summaries_are_cut_on_a_character_boundary_with_an_ellipsis() {
        // Exactly at the limit: unchanged.
        let at = "a".repeat(SUMMARY_MAX_CHARS);
        assert_eq!(summarize(&at), at);
        // One over, no space: cut on a character, the ellipsis last.
        let over = "é".repeat(SUMMARY_MAX_CHARS + 1);
        let s = summarize(&over);
        assert_eq!(s.chars().count(), SUMMARY_MAX_CHARS);
        assert!(s.ends_with("é…"));
        // Multi-byte characters of every width around the cut.
        for filler in ["a", "é", "€", "𝄞"] {
            for n in SUMMARY_MAX_CHARS - 3..SUMMARY_MAX_CHARS + 4 {
                let text = filler.repeat(n);
                let s = summarize(&text);
                assert!(s.chars().count() <= SUMMARY_MAX_CHARS, "{filler} x {n}");
                if n > SUMMARY_MAX_CHARS {
                    assert!(s.ends_with('…'));
                }
            }
        }
        // Words: cut after the last whole word, without trailing punctuation.
        let words = "word, ".repeat(40);
        let s = summarize(&words);
        assert!(s.ends_with("word…"), "{s}");
        assert!(s.chars().count() <= SUMMARY_MAX_CHARS);
        // A word ending exactly at the cut is kept whole.
        let exact = format!("{} {}", "a".repeat(SUMMARY_MAX_CHARS - 2), "b".repeat(10));
        assert_eq!(
            summarize(&exact),
            format!("{}…", "a".repeat(SUMMARY_MAX_CHARS - 2))
        );
    }

    #[test]
    fn markdown_escapes_markup_only() {
        assert_eq!(md("ferritin <= 75 ng/mL"), "ferritin \\<= 75 ng/mL");
        assert_eq!(md("a*b_c[d]"), "a\\*b\\_c\\[d\\]");
        assert!(matches!(md("plain, text (R1)."), Cow::Borrowed(_)));
    }

    #[test]
    fn capitalisation_keeps_acronyms() {
        assert_eq!(capitalized("diazepam (current)"), "Diazepam (current)");
        assert_eq!(uncapitalized("A benzodiazepine"), "a benzodiazepine");
        assert_eq!(uncapitalized("RLS is"), "RLS is");
        assert_eq!(uncapitalized(""), "");
    }
}

//! Clinical decision support for leg spasms: one pure function, [`recommend`], turns a typed
//! [`Patient`] into a traceable treatment [`Plan`].
//!
//! The knowledge comes from one article, "Recommended Treatments for Leg Spasms" (last updated
//! 2025-10-31, pending human review), encoded statement by statement, plus the crate's own
//! safety additions from sources outside the article. Every entry of a plan cites the
//! statements and references it rests on and says whether it is the article's advice or a
//! safety addition.
//!
//! ```
//! use leg_spasm_cds::{
//!     recommend, Age, Days, Drug, Ferritin, Labs, Medication, Medications, Patient,
//!     Presentation, Set, Severity, Source, Stage, StatementId, SymptomSeverity,
//! };
//!
//! // Restless legs, non-drug measures insufficient, on ropinirole for a year, ferritin 40 ng/mL.
//! let patient = Patient::new(
//!     Presentation::RestlessLegs,
//!     Stage::NonDrugInsufficient,
//!     SymptomSeverity::Moderate,
//!     Age::new(61)?,
//!     Set::new(),
//!     Medications::new([Medication::new(Drug::Ropinirole, Days::new(365))])?,
//! )
//! .with_labs(Labs::not_measured().with_ferritin(Ferritin::ng_per_ml(40.0)?));
//!
//! let plan = recommend(&patient);
//!
//! // Step 2 offers the alpha-2-delta ligands, drug by drug, and iron (ferritin <= 75 ng/mL).
//! let gabapentin = plan.item_for(Drug::Gabapentin).expect("offered at stage 2");
//! assert!(gabapentin.citations.statements.contains(StatementId::Rx1));
//! assert!(plan.items().any(|i| i.rule == StatementId::Fe2));
//! // Dopaminergic agents are avoided in RLS, and the current one raises a warning (AV-2).
//! assert!(plan.avoids(Drug::Ropinirole));
//! assert!(plan.alerts.iter().any(|a| a.rule == StatementId::Av2 && a.severity == Severity::Warning));
//! // Transferrin saturation was not measured: the iron item says to measure it first (SA-11).
//! let iron = plan.items().find(|i| i.rule == StatementId::Fe2).unwrap();
//! assert!(iron.attachments.iter().any(|a| a.source == Source::SafetyAddition));
//! // Every rule has a trace entry saying why it did or did not fire.
//! assert_eq!(plan.trace.len(), leg_spasm_cds::rules::table().len());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Scope
//!
//! - **Presentations**: true cramps (idiopathic or secondary), restless-legs-related
//!   discomfort, chronic spasticity (with its origin and what it causes), acute painful
//!   musculoskeletal spasm. Contracture, tetany and dystonia are classified but get no
//!   treatment: the article gives none.
//! - **Out of scope**: dosing, diagnosis, any drug or fact the article or the spec's safety
//!   additions do not state. A patient has one presentation; two problems need two plans.
//! - **Not a medical device.** The plan is decision support for a clinician, built from an
//!   article marked "pending human review"; it does not replace clinical judgement.
//!
//! # Knowledge
//!
//! - The article's statements ([`StatementId`] `DX-1` to `PF-5`) and references (`R1`..`R9`;
//!   `R8` and `R9` are cited by the article but missing from its list, and are shown as such).
//! - Safety additions (`SA-1` to `SA-15`, references `E1`..`E13`): they only warn, restrict,
//!   contraindicate or ask for monitoring; they never add a treatment. The compiler checks
//!   this on the [rule table](rules::table).
//! - The decisions taken where the article is ambiguous ([`Decision`], `DEC-1`..`DEC-16`).
//! - [`KNOWLEDGE_VERSION`] versions the knowledge; each plan carries it in its
//!   [`Provenance`], with the safety additions that fired.
//!
//! # Input
//!
//! A [`Patient`] is valid by construction, so [`recommend`] cannot fail. Records from other
//! programs are read with [`Patient::from_json`] or serde, both of which validate every field
//! and report a [`PatientError`] that names the field and the value.
//!
//! # Names and text
//!
//! A value with a canonical name (every fieldless enum: [`Drug`], [`Stage`],
//! [`StatementId`], ...) writes it with `Display`, `name()` and serde, and reads it back with
//! `FromStr` and serde (`gabapentin_enacarbil`, `non_drug_insufficient`, `RX-1`); its human
//! wording is `label()`. A composite value ([`Presentation`], [`DrugOrClass`], [`Plan`] and
//! its entries, errors) has no canonical name: its `Display` is for people, in words, and its
//! JSON form is serde's.
//!
//! ```
//! use leg_spasm_cds::Drug;
//! assert_eq!(Drug::GabapentinEnacarbil.to_string(), "gabapentin_enacarbil");
//! assert_eq!("gabapentin_enacarbil".parse(), Ok(Drug::GabapentinEnacarbil));
//! assert_eq!(Drug::GabapentinEnacarbil.label(), "gabapentin enacarbil");
//! ```
//!
//! # Records and the medication check
//!
//! When a chart is opened or a drug is ordered, nobody has stated the treatment stage or the
//! severity. A [`Record`] holds what a clinical system has: the age (or unknown), the
//! conditions, the current medicines with their days of use (or unknown), the drugs being
//! ordered ("drafted"), and the presentation where stated. [`check()`](fn@check) (knowledge
//! spec Part 8.1) raises the alerts and monitoring the rules decide from it, with the same
//! rule table as [`recommend`]; a drafted drug counts as a current drug with 0 days and is named with the
//! role "ordered"; a rule that needs an input the record lacks is listed as not checked, never
//! skipped.
//!
//! ```
//! use leg_spasm_cds::record::{MedicineSource, Record};
//! use leg_spasm_cds::{check, Days, Drug, DrugRole, Severity, StatementId, Stated};
//!
//! // Quinine is being ordered for a patient whose record states nothing else.
//! let mut record = Record::new(None);
//! let order = MedicineSource { resource: "MedicationRequest/q1".into(), read_as: "quinine".into() };
//! record.add_drafted(Drug::Quinine, Stated::Known(Days::new(0)), order);
//!
//! let result = check(&record);
//! // SA-1's critical alert names the ordered drug.
//! let sa1 = result.alerts.iter().find(|a| a.rule == StatementId::Sa1).unwrap();
//! assert_eq!(sa1.severity, Severity::Critical);
//! assert_eq!((sa1.drugs[0].drug, sa1.drugs[0].role), (Drug::Quinine, DrugRole::Ordered));
//! // Without a presentation, the rules scoped to one are not checked.
//! assert!(!result.is_checked(StatementId::Av2));
//! ```
//!
//! With the `fhir` feature, the `fhir` module reads a record from FHIR R4 resources (a Bundle,
//! a list, or a CDS Hooks prefetch object, and a `draftOrders` Bundle for the drafted drugs),
//! with a report of every resource used or not used and why (knowledge spec Part 8.2).
//! Malformed input gets a typed error naming the resource, the element path and the value.
//!
//! # Standard codes
//!
//! The [`codes`] module maps the crate's concepts to standard codes checked against published
//! code tables: RxNorm for drugs ([`Drug::rxnorm`]), ICD-10-CM and SNOMED CT for presentations
//! and conditions, LOINC for the labs ([`LabKind::loinc`]) and UCUM for their units, with
//! lookups both ways for callers mapping their records in. A concept without a verified code
//! has none, and the module says why.
//!
//! # Crate features
//!
//! - `json` (default): [`Patient::from_json`], a JSON reader whose errors carry the path of
//!   the offending field. Serde support itself is always on.
//! - `cds-hooks`: the `cds_hooks` module: the CDS Hooks 2.0 request, response and discovery
//!   types, and the mapping of a plan to cards. Implies `json`.
//! - `fhir`: the `fhir` module: a FHIR R4 reader (Patient, Condition, MedicationRequest,
//!   MedicationStatement, Medication, Observation; in a Bundle, a list or a CDS Hooks prefetch)
//!   that gives a [`Record`] and a report of every resource used or not used and why
//!   (knowledge spec Part 8.2). Implies `json`.
//! - `schemars`: `schemars::JsonSchema` for [`Patient`] (the JSON form a caller sends), [`Plan`]
//!   and, with `cds-hooks`, the CDS Hooks types; `cargo run --example write_schema
//!   --all-features` writes them to `schema/`.
//!
//! # Public dependencies
//!
//! `serde` (every public type's JSON form) and `strum`: the crate's fieldless enums implement
//! strum's `VariantArray`, `VariantNames`, `EnumCount`, `IntoEnumIterator` and
//! `IntoStaticStr`, so that callers can list a vocabulary
//! (`<Drug as strum::VariantArray>::VARIANTS`). A major version of either is a major version of
//! this crate.

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(missing_debug_implementations)]

#[cfg(feature = "cds-hooks")]
pub mod cds_hooks;
pub mod codes;
mod engine;
#[cfg(feature = "fhir")]
pub mod fhir;
mod knowledge;
mod model;
mod plan;
mod wire;

pub use engine::check;
pub use knowledge::rules;
pub use knowledge::{ARTICLE_DATE, ARTICLE_REVIEW_STATUS, ARTICLE_TITLE, KNOWLEDGE_VERSION};
pub use model::record;

pub use codes::{CodeSystem, Coding};
pub use engine::check::{Check, CheckWithoutTrace, NotChecked, UnknownInput, check};
pub use engine::explain::{Concern, Explanation};
pub use knowledge::evidence::{Citations, Decision, Reference, ReferenceKind, Source, StatementId};
pub use model::drug::{Drug, DrugClass, DrugOrClass, DuplicateDrug, Medication, Medications};
pub use model::lab::{Ferritin, FerritinUnit, LabError, LabKind, Labs, TransferrinSaturation};
pub use model::name::NameError;
pub use model::patient::{
    Condition, CrampKind, Impact, OutOfScopeKind, Patient, PatientError, PatientErrorKind,
    Presentation, PresentationKind, RlsCriterion, SpasticityOrigin, Stage, SymptomSeverity,
};
/// The former name of [`PatientErrorKind`].
#[deprecated(
    since = "0.2.0",
    note = "renamed `PatientErrorKind`: the kind of a `PatientError`"
)]
pub type ErrorKind = PatientErrorKind;
pub use model::quantity::{Age, Days, Quantity, QuantityError, Stated};
pub use model::record::{Assessment, Record, RecordError, RecordPresentation};
pub use model::set::{Iter as SetIter, Member, Set};
pub use plan::trace::{
    DrugDecision, DrugOutcome, Entries as TraceEntries, Input, Reason, Trace, TraceEntry,
};
pub use plan::{
    Action, Alert, Attachment, AttachmentKind, Avoidance, AvoidanceKind, Classification, DrugRole,
    InvolvedDrug, InvolvedDrugs, Item, Measure, Monitoring, MonitoringKind, Note, NoteKind, Plan,
    PlanCodes, PlanWithoutTrace, Provenance, Severity, SpasmCategory, Step, StepNumber,
    StepNumberError, Strength, Tier,
};

/// The treatment plan for a patient.
///
/// Pure and total: no I/O, no clock, no global state; the same patient always gives the same
/// plan, and every valid patient gives one. See the [crate documentation](crate) for an
/// example.
#[must_use]
pub fn recommend(patient: &Patient) -> Plan {
    engine::recommend(patient)
}

/// The Rust examples of README.md, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

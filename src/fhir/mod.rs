//! A FHIR R4 reader (knowledge spec Part 8.2): Patient, Condition, MedicationRequest,
//! MedicationStatement, Medication and Observation resources, in a Bundle, a list, or a CDS
//! Hooks prefetch object, become a [`Record`], with a [`ReadingReport`] of every resource used
//! or not used and why.
//!
//! The reader is pure: the date as of which ages and durations are computed is a parameter
//! ([`ReadOptions::as_of`]), never the clock. Resources are read by their `resourceType`,
//! never by a prefetch key. It reads the few elements it needs with its own small serde types
//! (the FHIR model crates compile thousands of types for the five resources read here).
//!
//! ```
//! use leg_spasm_cds::fhir::{self, CivilDate, ReadOptions};
//! use leg_spasm_cds::{Drug, Stated};
//!
//! let bundle = serde_json::json!({
//!     "resourceType": "Bundle", "type": "collection",
//!     "entry": [
//!         {"resource": {"resourceType": "Patient", "id": "p1", "birthDate": "1950"}},
//!         {"resource": {
//!             "resourceType": "MedicationStatement", "id": "m1", "status": "active",
//!             "subject": {"reference": "Patient/p1"},
//!             "medicationCodeableConcept": {"text": "oxycodone hydrochloride 5 MG Oral Tablet"},
//!             "effectivePeriod": {"start": "2025-01-01"}
//!         }}
//!     ]
//! });
//! let reading = fhir::read(&bundle, &ReadOptions::new(CivilDate::new(2025, 3, 1)?))?;
//! // A year-only birth date gives the older bound: born 1950-01-01, 75 on 2025-03-01.
//! assert_eq!(reading.record.age.known().map(|a| a.years()), Some(75));
//! let oxycodone = reading.record.medicine(Drug::Oxycodone).unwrap();
//! assert_eq!(oxycodone.days.known().map(|d| d.get()), Some(59));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod date;
mod identify;
mod input;
mod model;
mod names;
mod reader;

use std::fmt;

use serde::Serialize;
use serde_json::Value;

pub use date::{CivilDate, DateError, Precision};

use crate::model::drug::Drug;
use crate::model::lab::LabKind;
use crate::model::patient::{Condition, PresentationKind};
use crate::model::quantity::{Age, Days, Stated};
use crate::model::record::{Record, RecordCoding, UnidentifiedMedicine};

use input::{Res, collect};
use reader::Reader;

/// ICD-10-CM G47.62, sleep-related leg cramps: a true cramp, kind unknown (Part 8.2; codes.md).
const SLEEP_RELATED_LEG_CRAMPS: &str = "G47.62";
/// ICD-10-CM M62.831, muscle spasm of calf: a symptom code, reported, never used to decide
/// the presentation (Part 8.2; codes.md).
const MUSCLE_SPASM_OF_CALF: &str = "M62.831";
/// The deepest nesting of Bundles and prefetch objects read.
const MAX_DEPTH: usize = 8;

/// A medicine as a record names it, handed to a [`Resolver`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MedicationConcept {
    /// Its text, as written.
    pub text: Option<String>,
    /// Its codes, as written.
    pub codings: Vec<RecordCoding>,
}

/// A caller's own drug identification (for example a terminology service), tried before the
/// reader's own.
pub trait Resolver {
    /// The drugs of a medicine, or `None` to leave it to the reader.
    fn resolve(&self, medication: &MedicationConcept) -> Option<Vec<Drug>>;
}

/// How to read a record.
#[derive(Clone, Copy)]
pub struct ReadOptions<'a> {
    /// The date as of which ages and durations are computed.
    pub as_of: CivilDate,
    /// The patient in context (a CDS Hooks `context.patientId`); without it, the Patient
    /// resource's id, or else the first subject read.
    pub patient_id: Option<&'a str>,
    /// A resolver tried before the reader's own identification.
    pub resolver: Option<&'a dyn Resolver>,
}

impl<'a> ReadOptions<'a> {
    /// Options with the as-of date only.
    pub fn new(as_of: CivilDate) -> ReadOptions<'a> {
        ReadOptions {
            as_of,
            patient_id: None,
            resolver: None,
        }
    }

    /// With the patient in context.
    #[must_use]
    pub fn with_patient_id(mut self, id: &'a str) -> ReadOptions<'a> {
        self.patient_id = Some(id);
        self
    }

    /// With a resolver.
    #[must_use]
    pub fn with_resolver(mut self, resolver: &'a dyn Resolver) -> ReadOptions<'a> {
        self.resolver = Some(resolver);
        self
    }
}

impl fmt::Debug for ReadOptions<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReadOptions")
            .field("as_of", &self.as_of)
            .field("patient_id", &self.patient_id)
            .field("resolver", &self.resolver.map(|_| "caller's resolver"))
            .finish()
    }
}

/// Malformed or refused FHIR input: names the resource, the element path and the value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FhirError {
    /// The text is not JSON.
    #[error("not JSON: {message}")]
    Json {
        /// The parser's message, with the line and column.
        message: String,
    },
    /// A value where a resource, a Bundle, a list or a prefetch object was expected.
    #[error(
        "{path}: expected a FHIR resource, a Bundle, a list or a prefetch object, found {value}"
    )]
    NotAResource {
        /// Where in the input.
        path: String,
        /// The value found (shortened).
        value: String,
    },
    /// An element does not have the form FHIR R4 gives it.
    #[error("{resource} at {path}: {message}")]
    Malformed {
        /// The resource (`Type/id`).
        resource: String,
        /// The element path inside the input.
        path: String,
        /// What is wrong, with the value.
        message: String,
    },
    /// An element has the right form and an impossible value.
    #[error("{resource} at {path}: {value} {reason}")]
    InvalidValue {
        /// The resource (`Type/id`).
        resource: String,
        /// The element path inside the input.
        path: String,
        /// The value read.
        value: String,
        /// Why it is refused.
        reason: String,
    },
    /// A resource names another patient than the one in context: the record is refused.
    #[error(
        "{resource} at {path}: names patient {found:?}, not the patient in context {expected:?}; two patients are never mixed"
    )]
    OtherPatient {
        /// The resource (`Type/id`).
        resource: String,
        /// The element path of its reference.
        path: String,
        /// The patient in context.
        expected: String,
        /// The patient it names.
        found: String,
    },
}

/// What a resource was used for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "use")]
#[non_exhaustive]
pub enum Used {
    /// The patient: the age.
    Patient {
        /// The age read (unknown without a birth date).
        age: Stated<Age>,
    },
    /// A condition of the crate.
    Condition {
        /// The conditions read.
        conditions: Vec<Condition>,
    },
    /// A presentation's kind (with its subtype where the code states it).
    Presentation {
        /// The kind.
        kind: PresentationKind,
    },
    /// A current medicine.
    CurrentMedicine {
        /// The drugs identified.
        drugs: Vec<Drug>,
        /// The days of use of this resource.
        days: Stated<Days>,
    },
    /// A drug being ordered.
    DraftedMedicine {
        /// The drugs identified.
        drugs: Vec<Drug>,
    },
    /// A lab value.
    Lab {
        /// The lab.
        lab: LabKind,
    },
    /// A Medication read through a reference.
    ReferencedMedication,
}

/// Why a resource was not used.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "reason")]
#[non_exhaustive]
pub enum NotUsed {
    /// A status that is not read (for example a refuted Condition, a stopped request).
    Status {
        /// The element (`clinicalStatus`, `verificationStatus`, `status`).
        element: String,
        /// Its value (`missing` when absent).
        value: String,
    },
    /// A symptom code (R25.2, M62.831): may be a cramp, a spasm or spasticity.
    SymptomCode {
        /// The code.
        code: String,
    },
    /// No code the crate reads.
    NoCodeRead,
    /// The medicine could not be identified (listed in the report's `unidentified`).
    NotIdentified,
    /// Not a lab the crate reads.
    NotALab,
    /// A lab in a unit the lab does not accept (never converted).
    Unit {
        /// The unit as written (UCUM code, else the unit text).
        unit: Option<String>,
    },
    /// A comparator that does not decide the lab's thresholds: not measured.
    ComparatorUndecided {
        /// The comparator.
        comparator: String,
        /// The value.
        value: f64,
    },
    /// A lab without a value.
    NoValue,
    /// A lab without an effective time: it cannot be ordered.
    NoEffectiveTime,
    /// A later observation of the same lab was read.
    Superseded {
        /// The later resource.
        by: String,
    },
    /// No subject: it cannot be confirmed to be this patient's.
    NoSubject,
    /// Its subject is not a Patient.
    SubjectNotAPatient {
        /// The reference.
        reference: String,
    },
    /// A resource type the reader does not read.
    NotRead,
    /// A Medication never referenced by a request or statement.
    NotReferenced,
}

/// One resource of the input and what became of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResourceReport {
    /// `Type/id`.
    pub resource: String,
    /// Where in the input it was.
    pub path: String,
    /// Used, and for what; or not used, and why.
    pub outcome: Outcome,
}

/// Used or not used.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Used.
    Used(Used),
    /// Not used.
    NotUsed(NotUsed),
}

/// An input of the record and the resources it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputSource {
    /// The input, in words (`age`, `condition end_stage_renal_disease`, `medicine oxycodone`).
    pub input: String,
    /// The resources it came from.
    pub from: Vec<String>,
}

/// What the reader did with every resource, where every input came from, and the
/// medicines it could not identify.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ReadingReport {
    /// One entry per resource read, in input order.
    pub resources: Vec<ResourceReport>,
    /// Where each input of the record came from.
    pub inputs: Vec<InputSource>,
    /// The symptom codes seen, and the presentation kinds found (several: unknown).
    pub presentation_kinds_found: Vec<PresentationKind>,
    /// The medicines that could not be identified (also in the record).
    pub unidentified: Vec<UnidentifiedMedicine>,
}

impl ReadingReport {
    fn push(&mut self, r: &Res<'_>, outcome: Outcome) {
        self.resources.push(ResourceReport {
            resource: r.name(),
            path: r.path.clone(),
            outcome,
        });
    }

    fn input(&mut self, input: String, from: String) {
        match self.inputs.iter_mut().find(|i| i.input == input) {
            Some(i) if !i.from.contains(&from) => i.from.push(from),
            Some(_) => {}
            None => self.inputs.push(InputSource {
                input,
                from: vec![from],
            }),
        }
    }
}

/// A record and the report of its reading.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    /// The record.
    pub record: Record,
    /// The report.
    pub report: ReadingReport,
}

/// Reads a JSON text (see [`read`]).
///
/// # Errors
///
/// As [`read`], and [`FhirError::Json`] for a text that is not JSON.
pub fn read_str(json: &str, options: &ReadOptions<'_>) -> Result<Reading, FhirError> {
    let value: Value = serde_json::from_str(json).map_err(|e| FhirError::Json {
        message: e.to_string(),
    })?;
    read(&value, options)
}

/// Reads FHIR R4 resources: a resource, a Bundle (searchset, collection...), a list of them,
/// or a CDS Hooks prefetch object whose values are any of these.
///
/// # Errors
///
/// [`FhirError`] for malformed input (naming the resource, element path and value), and
/// [`FhirError::OtherPatient`] when a resource names another patient.
pub fn read(input: &Value, options: &ReadOptions<'_>) -> Result<Reading, FhirError> {
    let mut resources = Vec::new();
    collect(input, "$".to_owned(), None, 0, &mut resources)?;
    let mut reader = Reader::new(&resources, options)?;
    reader.read_all(false)?;
    Ok(reader.finish())
}

/// Adds the drafted drugs of a CDS Hooks `draftOrders` Bundle to a reading: every
/// MedicationRequest in it is drafted, whatever its status (Part 8.2).
///
/// # Errors
///
/// As [`read`]; the patient in context is the reading's.
pub fn read_draft_orders(
    draft_orders: &Value,
    reading: &mut Reading,
    options: &ReadOptions<'_>,
) -> Result<(), FhirError> {
    let mut resources = Vec::new();
    collect(draft_orders, "$".to_owned(), None, 0, &mut resources)?;
    let mut opts = *options;
    if let Some(id) = reading.record.patient_id.as_deref() {
        opts.patient_id = Some(id);
    }
    let mut reader = Reader::new(&resources, &opts)?;
    reader.record = reading.record.clone();
    reader.report = std::mem::take(&mut reading.report);
    reader.read_all(true)?;
    *reading = reader.finish();
    Ok(())
}

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
mod model;
mod names;

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use date::{CivilDate, DateError, Precision};

use crate::codes::{self, CodeSystem};
use crate::model::drug::Drug;
use crate::model::lab::{Ferritin, LabKind, TransferrinSaturation};
use crate::model::patient::{
    Condition, CrampKind, Presentation, PresentationKind, SpasticityOrigin,
};
use crate::model::quantity::{Age, Days, Stated};
use crate::model::record::{
    MedicineSource, Record, RecordCoding, RecordPresentation, UnidentifiedMedicine,
};
use crate::model::set::Set;
use crate::wire::path as field_path;

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

/// One resource of the input.
struct Res<'v> {
    value: &'v Value,
    path: String,
    full_url: Option<&'v str>,
    kind: &'v str,
    id: Option<&'v str>,
}

impl Res<'_> {
    fn name(&self) -> String {
        match self.id {
            Some(id) => format!("{}/{}", self.kind, id),
            None => format!("{} (no id)", self.kind),
        }
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 60 {
        format!("{}...", s.chars().take(60).collect::<String>())
    } else {
        s
    }
}

fn collect<'v>(
    v: &'v Value,
    path: String,
    full_url: Option<&'v str>,
    depth: usize,
    out: &mut Vec<Res<'v>>,
) -> Result<(), FhirError> {
    if depth > MAX_DEPTH {
        return Err(FhirError::NotAResource {
            path,
            value: "nesting deeper than 8 levels".to_owned(),
        });
    }
    match v {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                collect(item, format!("{path}[{i}]"), None, depth + 1, out)?;
            }
            Ok(())
        }
        Value::Object(map) => match map.get("resourceType") {
            Some(Value::String(t)) if t == "Bundle" => {
                match map.get("entry") {
                    None => {}
                    Some(Value::Array(entries)) => {
                        for (i, e) in entries.iter().enumerate() {
                            let url = e.get("fullUrl").and_then(Value::as_str);
                            match e.get("resource") {
                                Some(r) => collect(
                                    r,
                                    format!("{path}.entry[{i}].resource"),
                                    url,
                                    depth + 1,
                                    out,
                                )?,
                                None => continue,
                            }
                        }
                    }
                    Some(other) => {
                        return Err(FhirError::Malformed {
                            resource: "Bundle".to_owned(),
                            path: format!("{path}.entry"),
                            message: format!("expected an array, found {}", short(other)),
                        });
                    }
                }
                Ok(())
            }
            Some(Value::String(t)) => {
                let id = match map.get("id") {
                    None => None,
                    Some(Value::String(id)) => Some(id.as_str()),
                    Some(other) => {
                        return Err(FhirError::Malformed {
                            resource: t.clone(),
                            path: format!("{path}.id"),
                            message: format!("expected a string, found {}", short(other)),
                        });
                    }
                };
                out.push(Res {
                    value: v,
                    path,
                    full_url,
                    kind: t,
                    id,
                });
                Ok(())
            }
            Some(other) => Err(FhirError::Malformed {
                resource: "resource".to_owned(),
                path: format!("{path}.resourceType"),
                message: format!("expected a string, found {}", short(other)),
            }),
            None => {
                // A prefetch object: its values, whatever their keys.
                for (k, item) in map {
                    if !item.is_null() {
                        collect(item, format!("{path}.{k}"), None, depth + 1, out)?;
                    }
                }
                Ok(())
            }
        },
        other => Err(FhirError::NotAResource {
            path,
            value: short(other),
        }),
    }
}

fn parse<T: serde::de::DeserializeOwned>(r: &Res<'_>) -> Result<T, FhirError> {
    // Read without tracking the path first; a resource that does not read is read again
    // with the tracking, for the element path of the error.
    T::deserialize(r.value).or_else(|_| {
        serde_path_to_error::deserialize(r.value).map_err(|e| FhirError::Malformed {
            resource: r.name(),
            path: field_path::join(&r.path, &field_path::of(e.path())),
            message: e.inner().to_string(),
        })
    })
}

fn date(r: &Res<'_>, element: &str, text: &str) -> Result<CivilDate, FhirError> {
    text.parse().map_err(|_| FhirError::InvalidValue {
        resource: r.name(),
        path: format!("{}.{element}", r.path),
        value: format!("{text:?}"),
        reason: "is not a FHIR date (YYYY, YYYY-MM, YYYY-MM-DD or a dateTime)".to_owned(),
    })
}

fn concept(cc: &model::CodeableConcept) -> MedicationConcept {
    MedicationConcept {
        text: cc.text.clone(),
        codings: cc
            .coding
            .iter()
            .map(|c| RecordCoding {
                system: c.system.clone(),
                code: c.code.clone(),
                display: c.display.clone(),
            })
            .collect(),
    }
}

fn is(system: &Option<String>, s: CodeSystem) -> bool {
    system.as_deref() == Some(s.uri())
}

/// The drugs of a CodeableConcept by the reader's own rules (1) and (2) of Part 8.2, each
/// with what it was read as.
fn identify(cc: &model::CodeableConcept) -> Vec<(Drug, String)> {
    // (1) RxNorm ingredient codes of codes.md.
    let rx: Vec<&str> = cc
        .coding
        .iter()
        .filter(|c| is(&c.system, CodeSystem::RxNorm))
        .filter_map(|c| c.code.as_deref())
        .collect();
    let mut out: Vec<(Drug, String)> = Vec::new();
    if let Some(d) = codes::drug_from_rxnorm_ingredients(&rx).filter(|_| rx.len() > 1) {
        out.push((d, format!("RxNorm {}", rx.join(" + "))));
    } else {
        for code in &rx {
            if let Some(d) = codes::drug_from_rxnorm(code)
                && !out.iter().any(|(x, _)| *x == d)
            {
                out.push((d, format!("RxNorm {code}")));
            }
        }
    }
    if !out.is_empty() {
        return out;
    }
    // (2) Ingredient names in the RxNorm displays and the text.
    let texts = cc
        .coding
        .iter()
        .filter(|c| is(&c.system, CodeSystem::RxNorm))
        .filter_map(|c| c.display.as_deref())
        .chain(cc.text.as_deref());
    for text in texts {
        for (d, name) in names::drugs_in(text) {
            if !out.iter().any(|(x, _)| *x == d) {
                out.push((d, name));
            }
        }
    }
    out
}

struct Reader<'a, 'v> {
    resources: &'a [Res<'v>],
    options: &'a ReadOptions<'a>,
    patient: Option<String>,
    record: Record,
    report: ReadingReport,
    kinds: Vec<(PresentationKind, Option<Presentation>)>,
    referenced: Vec<usize>,
}

impl<'a, 'v> Reader<'a, 'v> {
    fn new(resources: &'a [Res<'v>], options: &'a ReadOptions<'a>) -> Result<Self, FhirError> {
        let patient = options.patient_id.map(str::to_owned).or_else(|| {
            resources
                .iter()
                .find(|r| r.kind == "Patient")
                .and_then(|r| r.id.map(str::to_owned))
        });
        Ok(Reader {
            resources,
            options,
            record: Record::new(patient.clone()),
            patient,
            report: ReadingReport::default(),
            kinds: Vec::new(),
            referenced: Vec::new(),
        })
    }

    fn finish(mut self) -> Reading {
        self.record.patient_id = self.patient.clone();
        let mut found: Vec<PresentationKind> = Vec::new();
        for (k, _) in &self.kinds {
            if !found.contains(k) {
                found.push(*k);
            }
        }
        self.report.presentation_kinds_found.clone_from(&found);
        self.record.presentation = match found.as_slice() {
            [] => self.record.presentation.clone(),
            [kind] => {
                let full: Vec<Option<Presentation>> = self.kinds.iter().map(|(_, p)| *p).collect();
                match full.first().copied().flatten() {
                    Some(p) if full.iter().all(|q| *q == Some(p)) => {
                        RecordPresentation::Known { presentation: p }
                    }
                    _ => RecordPresentation::Kind { kind: *kind },
                }
            }
            _ => RecordPresentation::Unknown { conflicting: found },
        };
        self.report.unidentified = self.record.unidentified.clone();
        Reading {
            record: self.record,
            report: self.report,
        }
    }

    fn read_all(&mut self, drafted: bool) -> Result<(), FhirError> {
        // The patient first, so that the context is known.
        for r in self.resources.iter().filter(|r| r.kind == "Patient") {
            if drafted {
                continue;
            }
            self.patient_resource(r)?;
        }
        let mut labs: Vec<(LabKind, (CivilDate, String), usize, LabValue)> = Vec::new();
        for (i, r) in self.resources.iter().enumerate() {
            match r.kind {
                "Patient" => {
                    if drafted {
                        self.report.push(r, Outcome::NotUsed(NotUsed::NotRead));
                    }
                }
                "Condition" if !drafted => self.condition(r)?,
                "MedicationRequest" | "MedicationStatement" => self.medicine(r, drafted)?,
                "Observation" if !drafted => {
                    if let Some(lab) = self.observation(r)? {
                        labs.push((lab.0, lab.1, i, lab.2));
                    }
                }
                "Medication" => {}
                _ => self.report.push(r, Outcome::NotUsed(NotUsed::NotRead)),
            }
        }
        self.labs(labs);
        for (i, r) in self.resources.iter().enumerate() {
            if r.kind == "Medication" {
                let outcome = if self.referenced.contains(&i) {
                    Outcome::Used(Used::ReferencedMedication)
                } else {
                    Outcome::NotUsed(NotUsed::NotReferenced)
                };
                self.report.push(r, outcome);
            }
        }
        Ok(())
    }

    fn patient_resource(&mut self, r: &Res<'v>) -> Result<(), FhirError> {
        let p: model::Patient = parse(r)?;
        if let (Some(ctx), Some(id)) = (&self.patient, &p.id)
            && ctx != id
        {
            return Err(FhirError::OtherPatient {
                resource: r.name(),
                path: format!("{}.id", r.path),
                expected: ctx.clone(),
                found: id.clone(),
            });
        }
        let age = match &p.birth_date {
            None => Stated::Unknown,
            Some(text) => {
                // A partial date is held as its earliest day: the older bound.
                let birth = date(r, "birthDate", text)?;
                let years = birth.years_until(self.options.as_of);
                let age = u32::try_from(years)
                    .ok()
                    .and_then(|y| Age::new(y).ok())
                    .ok_or_else(|| FhirError::InvalidValue {
                        resource: r.name(),
                        path: format!("{}.birthDate", r.path),
                        value: format!("{text:?}"),
                        reason: format!(
                            "gives an age of {years} years on {}; an age is 0 to {}",
                            self.options.as_of,
                            Age::MAX
                        ),
                    })?;
                Stated::Known(age)
            }
        };
        self.record.age = age;
        self.report.push(r, Outcome::Used(Used::Patient { age }));
        self.report.input("age".to_owned(), r.name());
        Ok(())
    }

    /// Checks the subject; `Ok(false)` when the resource is not used (reported).
    fn subject(
        &mut self,
        r: &Res<'v>,
        subject: Option<&model::Reference>,
    ) -> Result<bool, FhirError> {
        let Some(reference) = subject.and_then(|s| s.reference.as_deref()) else {
            self.report.push(r, Outcome::NotUsed(NotUsed::NoSubject));
            return Ok(false);
        };
        // A Bundle's fullUrl of a Patient, else `[base/]Patient/id[/_history/v]`.
        let by_url = self
            .resources
            .iter()
            .find(|p| p.kind == "Patient" && p.full_url == Some(reference))
            .and_then(|p| p.id.map(str::to_owned));
        let id = by_url.or_else(|| {
            let trimmed = reference.split("/_history/").next().unwrap_or(reference);
            let mut parts = trimmed.rsplit('/');
            let id = parts.next()?;
            (parts.next()? == "Patient").then(|| id.to_owned())
        });
        let Some(id) = id else {
            self.report.push(
                r,
                Outcome::NotUsed(NotUsed::SubjectNotAPatient {
                    reference: reference.to_owned(),
                }),
            );
            return Ok(false);
        };
        match &self.patient {
            Some(ctx) if *ctx != id => Err(FhirError::OtherPatient {
                resource: r.name(),
                path: format!("{}.subject.reference", r.path),
                expected: ctx.clone(),
                found: id,
            }),
            Some(_) => Ok(true),
            None => {
                self.patient = Some(id);
                Ok(true)
            }
        }
    }

    fn condition(&mut self, r: &Res<'v>) -> Result<(), FhirError> {
        let c: model::Condition = parse(r)?;
        if !self.subject(r, c.subject.as_ref())? {
            return Ok(());
        }
        let status = |cc: &Option<model::CodeableConcept>| {
            cc.as_ref()
                .and_then(|cc| cc.coding.iter().find_map(|c| c.code.clone()))
        };
        let clinical = status(&c.clinical_status);
        if !matches!(
            clinical.as_deref(),
            Some("active" | "recurrence" | "relapse")
        ) {
            let outcome = NotUsed::Status {
                element: "clinicalStatus".to_owned(),
                value: clinical.unwrap_or_else(|| "missing".to_owned()),
            };
            self.report.push(r, Outcome::NotUsed(outcome));
            return Ok(());
        }
        let verification = status(&c.verification_status);
        if let Some(v @ ("refuted" | "entered-in-error")) = verification.as_deref() {
            let outcome = NotUsed::Status {
                element: "verificationStatus".to_owned(),
                value: v.to_owned(),
            };
            self.report.push(r, Outcome::NotUsed(outcome));
            return Ok(());
        }
        let mut conditions: Vec<Condition> = Vec::new();
        let mut kind: Option<(PresentationKind, Option<Presentation>)> = None;
        let mut symptom: Option<String> = None;
        let cramp_symptom =
            codes::presentation_icd10cm(Presentation::TrueCramp(CrampKind::Idiopathic));
        let spasticity = codes::presentation_snomed(Presentation::Spasticity {
            origin: SpasticityOrigin::OtherOrUnknown,
            impacts: Set::new(),
        });
        for coding in c.code.iter().flat_map(|cc| cc.coding.iter()) {
            let Some(code) = coding.code.as_deref() else {
                continue;
            };
            if is(&coding.system, CodeSystem::Icd10Cm) {
                if let Some(x) = codes::condition_from_icd10cm(code) {
                    conditions.push(x);
                } else if let Some(p) = codes::presentation_from_icd10cm(code) {
                    kind = Some((p.kind(), Some(p)));
                } else if code == SLEEP_RELATED_LEG_CRAMPS {
                    kind = Some((PresentationKind::TrueCramp, None));
                } else if cramp_symptom.as_ref().is_some_and(|s| s.code == code)
                    || code == MUSCLE_SPASM_OF_CALF
                {
                    symptom = Some(code.to_owned());
                }
            } else if is(&coding.system, CodeSystem::SnomedCt) {
                if let Some(x) = codes::condition_from_snomed(code) {
                    conditions.push(x);
                } else if let Some(p) = codes::presentation_from_snomed(code) {
                    kind = Some((p.kind(), Some(p)));
                } else if spasticity.as_ref().is_some_and(|s| s.code == code) {
                    kind = Some((PresentationKind::Spasticity, None));
                }
            }
        }
        conditions.dedup();
        if !conditions.is_empty() {
            for &x in &conditions {
                self.record.conditions.insert(x);
                self.report.input(format!("condition {x}"), r.name());
            }
            self.report
                .push(r, Outcome::Used(Used::Condition { conditions }));
        } else if let Some((k, p)) = kind {
            self.kinds.push((k, p));
            self.report.input(format!("presentation {k}"), r.name());
            self.report
                .push(r, Outcome::Used(Used::Presentation { kind: k }));
        } else if let Some(code) = symptom {
            self.report
                .push(r, Outcome::NotUsed(NotUsed::SymptomCode { code }));
        } else {
            self.report.push(r, Outcome::NotUsed(NotUsed::NoCodeRead));
        }
        Ok(())
    }

    fn find_medication(
        &self,
        owner: &Res<'v>,
        reference: &str,
    ) -> Option<(Option<usize>, &'v Value)> {
        if let Some(local) = reference.strip_prefix('#') {
            let contained = owner.value.get("contained")?.as_array()?;
            return contained
                .iter()
                .find(|c| {
                    c.get("resourceType").and_then(Value::as_str) == Some("Medication")
                        && c.get("id").and_then(Value::as_str) == Some(local)
                })
                .map(|c| (None, c));
        }
        self.resources.iter().enumerate().find_map(|(i, m)| {
            let hit = m.kind == "Medication"
                && (m.full_url == Some(reference)
                    || m.id.is_some_and(|id| {
                        reference == format!("Medication/{id}")
                            || reference.ends_with(&format!("/Medication/{id}"))
                    }));
            hit.then_some((Some(i), m.value))
        })
    }

    fn medicine(&mut self, r: &Res<'v>, drafted: bool) -> Result<(), FhirError> {
        let m: model::MedicationUse = parse(r)?;
        if !self.subject(r, m.subject.as_ref())? {
            return Ok(());
        }
        let status = m.status.clone().unwrap_or_else(|| "missing".to_owned());
        let current = match r.kind {
            "MedicationRequest" => matches!(status.as_str(), "active" | "on-hold"),
            _ => status == "active",
        };
        if !drafted && !current {
            self.report.push(
                r,
                Outcome::NotUsed(NotUsed::Status {
                    element: "status".to_owned(),
                    value: status,
                }),
            );
            return Ok(());
        }
        // The medicine named: its concept, or the referenced Medication's.
        let mut named: Option<model::CodeableConcept> = m.medication_codeable_concept.clone();
        let mut medication: Option<(model::Medication, String)> = None;
        if named.is_none()
            && let Some(reference) = m
                .medication_reference
                .as_ref()
                .and_then(|x| x.reference.as_deref())
        {
            if let Some((index, value)) = self.find_medication(r, reference) {
                let med = model::Medication::deserialize(value).or_else(|_| {
                    serde_path_to_error::deserialize(value).map_err(|e| FhirError::Malformed {
                        resource: format!("Medication {reference}"),
                        path: format!(
                            "{}.medicationReference -> {}",
                            r.path,
                            field_path::of(e.path())
                        ),
                        message: e.inner().to_string(),
                    })
                })?;
                if let Some(i) = index {
                    self.referenced.push(i);
                }
                named = med.code.clone();
                medication = Some((med, reference.to_owned()));
            }
        }
        let mut drugs: Vec<(Drug, String)> = Vec::new();
        if let (Some(resolver), Some(cc)) = (self.options.resolver, named.as_ref())
            && let Some(found) = resolver.resolve(&concept(cc))
        {
            drugs = found
                .into_iter()
                .map(|d| (d, "caller's resolver".to_owned()))
                .collect();
        }
        if drugs.is_empty()
            && let Some(cc) = named.as_ref()
        {
            drugs = identify(cc);
        }
        if drugs.is_empty()
            && let Some((med, _)) = &medication
        {
            // The ingredients read together, so that carbidopa with levodopa is one drug.
            let mut all = model::CodeableConcept::default();
            let mut texts: Vec<String> = Vec::new();
            for cc in med
                .ingredient
                .iter()
                .filter_map(|i| i.item_codeable_concept.as_ref())
            {
                all.coding.extend(cc.coding.iter().cloned());
                texts.extend(cc.text.iter().cloned());
                texts.extend(cc.coding.iter().filter_map(|c| c.display.clone()));
            }
            all.text = (!texts.is_empty()).then(|| texts.join(" / "));
            drugs = identify(&all);
        }
        if drugs.is_empty() {
            let cc = named.clone().unwrap_or_default();
            let text = cc.text.clone().or_else(|| {
                m.medication_reference
                    .as_ref()
                    .and_then(|x| x.reference.clone())
            });
            self.record.unidentified.push(UnidentifiedMedicine {
                resource: r.name(),
                text,
                codings: concept(&cc).codings,
                drafted,
            });
            self.report
                .push(r, Outcome::NotUsed(NotUsed::NotIdentified));
            return Ok(());
        }
        let source = |read_as: &str| MedicineSource {
            resource: r.name(),
            read_as: read_as.to_owned(),
        };
        if drafted {
            for (d, read) in &drugs {
                self.record
                    .add_drafted(*d, Stated::Known(Days::new(0)), source(read));
                self.report.input(format!("drafted {d}"), r.name());
            }
            let list = drugs.iter().map(|d| d.0).collect();
            self.report
                .push(r, Outcome::Used(Used::DraftedMedicine { drugs: list }));
            return Ok(());
        }
        // The earliest start stated, if any.
        let mut starts: Vec<(String, &str)> = Vec::new();
        if let Some(s) = m.authored_on.as_deref() {
            starts.push(("authoredOn".to_owned(), s));
        }
        if let Some(s) = m.effective_period.as_ref().and_then(|p| p.start.as_deref()) {
            starts.push(("effectivePeriod.start".to_owned(), s));
        }
        if let Some(s) = m.effective_date_time.as_deref() {
            starts.push(("effectiveDateTime".to_owned(), s));
        }
        for (field, list) in [
            ("dosageInstruction", &m.dosage_instruction),
            ("dosage", &m.dosage),
        ] {
            for (i, d) in list.iter().enumerate() {
                if let Some(s) = d
                    .timing
                    .as_ref()
                    .and_then(|t| t.repeat.as_ref())
                    .and_then(|x| x.bounds_period.as_ref())
                    .and_then(|p| p.start.as_deref())
                {
                    starts.push((format!("{field}[{i}].timing.repeat.boundsPeriod.start"), s));
                }
            }
        }
        let mut earliest: Option<CivilDate> = None;
        for (field, text) in starts {
            let d = date(r, &field, text)?;
            earliest = Some(earliest.map_or(d, |e| e.min(d)));
        }
        let days = match earliest {
            None => Stated::Unknown,
            Some(start) => {
                let n = start.days_until(self.options.as_of).max(0);
                Stated::Known(Days::new(u32::try_from(n).unwrap_or(u32::MAX)))
            }
        };
        for (d, read) in &drugs {
            self.record.add_medicine(*d, days, source(read));
            self.report.input(format!("medicine {d}"), r.name());
        }
        let list = drugs.iter().map(|d| d.0).collect();
        self.report.push(
            r,
            Outcome::Used(Used::CurrentMedicine { drugs: list, days }),
        );
        Ok(())
    }

    /// A usable-or-not lab observation with its time, or `None` when not a lab read.
    #[allow(clippy::type_complexity)]
    fn observation(
        &mut self,
        r: &Res<'v>,
    ) -> Result<Option<(LabKind, (CivilDate, String), LabValue)>, FhirError> {
        let o: model::Observation = parse(r)?;
        let lab = o
            .code
            .iter()
            .flat_map(|cc| cc.coding.iter())
            .filter(|c| is(&c.system, CodeSystem::Loinc))
            .find_map(|c| c.code.as_deref().and_then(codes::lab_from_loinc));
        let Some(lab) = lab else {
            self.report.push(r, Outcome::NotUsed(NotUsed::NotALab));
            return Ok(None);
        };
        if !self.subject(r, o.subject.as_ref())? {
            return Ok(None);
        }
        let status = o.status.clone().unwrap_or_else(|| "missing".to_owned());
        if !matches!(status.as_str(), "final" | "amended" | "corrected") {
            self.report.push(
                r,
                Outcome::NotUsed(NotUsed::Status {
                    element: "status".to_owned(),
                    value: status,
                }),
            );
            return Ok(None);
        }
        let time = [
            ("effectiveDateTime", o.effective_date_time.as_deref()),
            (
                "effectivePeriod.end",
                o.effective_period.as_ref().and_then(|p| p.end.as_deref()),
            ),
            (
                "effectivePeriod.start",
                o.effective_period.as_ref().and_then(|p| p.start.as_deref()),
            ),
            ("effectiveInstant", o.effective_instant.as_deref()),
            ("issued", o.issued.as_deref()),
        ]
        .into_iter()
        .find_map(|(f, v)| v.map(|v| (f, v)));
        let Some((field, text)) = time else {
            self.report
                .push(r, Outcome::NotUsed(NotUsed::NoEffectiveTime));
            return Ok(None);
        };
        let when = (date(r, field, text)?, text.to_owned());
        let value = self.lab_value(r, lab, o.value_quantity.as_ref())?;
        Ok(Some((lab, when, value)))
    }

    fn lab_value(
        &self,
        r: &Res<'v>,
        lab: LabKind,
        q: Option<&model::Quantity>,
    ) -> Result<LabValue, FhirError> {
        let Some(q) = q else {
            return Ok(LabValue::Not(NotUsed::NoValue));
        };
        let Some(value) = q.value else {
            return Ok(LabValue::Not(NotUsed::NoValue));
        };
        let ucum = if is(&q.system, CodeSystem::Ucum) {
            q.code.as_deref()
        } else {
            None
        };
        let Some(unit) = ucum.filter(|u| codes::lab_accepts_ucum(lab, u)) else {
            return Ok(LabValue::Not(NotUsed::Unit {
                unit: q.code.clone().or_else(|| q.unit.clone()),
            }));
        };
        let invalid = |e: crate::model::lab::LabError| FhirError::InvalidValue {
            resource: r.name(),
            path: format!("{}.valueQuantity.value", r.path),
            value: value.to_string(),
            reason: e.to_string(),
        };
        let number = value;
        let value = match lab {
            LabKind::Ferritin => {
                let fu = codes::ferritin_unit_from_ucum(unit).ok_or_else(|| {
                    FhirError::InvalidValue {
                        resource: r.name(),
                        path: format!("{}.valueQuantity.code", r.path),
                        value: unit.to_owned(),
                        reason: "is not a ferritin unit".to_owned(),
                    }
                })?;
                LabValue::Ferritin(Ferritin::new(value, fu).map_err(invalid)?)
            }
            LabKind::TransferrinSaturation => {
                LabValue::Tsat(TransferrinSaturation::new(value).map_err(invalid)?)
            }
        };
        let Some(comparator) = q.comparator.as_deref() else {
            return Ok(value);
        };
        // A bound counts only where every value it allows falls on the same side of every
        // threshold the rules read as the bound itself (the lowest or highest value allowed).
        let decided = match (comparator, &value) {
            ("<" | "<=", LabValue::Ferritin(f)) => f.calls_for_iron(),
            (">" | ">=", LabValue::Ferritin(f)) => !f.calls_for_iron(),
            ("<" | "<=", LabValue::Tsat(t)) => {
                t.calls_for_iron() && !t.calls_for_overload_evaluation()
            }
            (">" | ">=", LabValue::Tsat(t)) => {
                !t.calls_for_iron() && t.calls_for_overload_evaluation()
            }
            _ => false,
        };
        Ok(if decided {
            value
        } else {
            LabValue::Not(NotUsed::ComparatorUndecided {
                comparator: comparator.to_owned(),
                value: number,
            })
        })
    }

    fn labs(&mut self, mut labs: Vec<(LabKind, (CivilDate, String), usize, LabValue)>) {
        // Latest first, per lab.
        labs.sort_by(|a, b| b.1.cmp(&a.1));
        let mut latest: HashMap<LabKind, usize> = HashMap::new();
        let mut outcomes: Vec<(usize, Outcome)> = Vec::new();
        for (lab, _, i, value) in labs {
            if let Some(&by) = latest.get(&lab) {
                let by = self.resources[by].name();
                outcomes.push((i, Outcome::NotUsed(NotUsed::Superseded { by })));
                continue;
            }
            latest.insert(lab, i);
            let name = self.resources[i].name();
            match value {
                LabValue::Ferritin(f) => {
                    self.record.labs = self.record.labs.with_ferritin(f);
                    self.report.input(format!("lab {lab}"), name);
                    outcomes.push((i, Outcome::Used(Used::Lab { lab })));
                }
                LabValue::Tsat(t) => {
                    self.record.labs = self.record.labs.with_transferrin_saturation(t);
                    self.report.input(format!("lab {lab}"), name);
                    outcomes.push((i, Outcome::Used(Used::Lab { lab })));
                }
                LabValue::Not(why) => outcomes.push((i, Outcome::NotUsed(why))),
            }
        }
        outcomes.sort_by_key(|o| o.0);
        for (i, outcome) in outcomes {
            self.report.push(&self.resources[i], outcome);
        }
    }
}

/// A lab observation's value, or why it is not used.
#[derive(Debug, Clone, PartialEq)]
enum LabValue {
    Ferritin(Ferritin),
    Tsat(TransferrinSaturation),
    Not(NotUsed),
}

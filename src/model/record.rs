//! A patient's record as clinical systems hold it (knowledge spec Part 8): what is known,
//! what is stated unknown, and what could not be identified.
//!
//! A [`Record`] is the input of a medication check and the middle step from a FHIR record
//! to a [`Patient`]: it holds the age (or unknown), the conditions, the presentation as far
//! as the record states it, the current and drafted medicines with their days of use (or
//! unknown), the labs, and the medicines that could not be identified. The treatment stage
//! and the severity are a clinician's judgement and live in no record: [`Record::to_patient`]
//! takes them, with the presentation, from an [`Assessment`].
//!
//! ```
//! use leg_spasm_cds::record::{Assessment, Record};
//! use leg_spasm_cds::{Age, Presentation, Stage, Stated, SymptomSeverity};
//!
//! let mut record = Record::new(Some("p1".into()));
//! record.age = Stated::Known(Age::new(70)?);
//! let assessment = Assessment {
//!     presentation: Some(Presentation::RestlessLegs),
//!     stage: Some(Stage::NothingTried),
//!     severity: Some(SymptomSeverity::Mild),
//! };
//! let patient = record.to_patient(&assessment)?;
//! assert_eq!(patient.presentation(), Presentation::RestlessLegs);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::drug::{Drug, Medication, Medications};
use crate::model::lab::Labs;
use crate::model::patient::{
    Condition, Patient, Presentation, PresentationKind, Stage, SymptomSeverity,
};
use crate::model::quantity::{Age, Days, Stated};
use crate::model::set::Set;

/// The presentation as far as a record states it (knowledge spec Part 8.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum RecordPresentation {
    /// The record states no presentation, or several conflicting kinds (listed in
    /// `conflicting`, empty when none was found).
    Unknown {
        /// The kinds found, when more than one was.
        conflicting: Vec<PresentationKind>,
    },
    /// The record states the kind, but not the subtype a [`Presentation`] needs (a true
    /// cramp without its kind, spasticity without its origin and impacts).
    Kind {
        /// The kind.
        kind: PresentationKind,
    },
    /// The record states the whole presentation.
    Known {
        /// The presentation.
        presentation: Presentation,
    },
}

impl RecordPresentation {
    /// The kind, where the record states one.
    pub fn kind(&self) -> Option<PresentationKind> {
        match self {
            RecordPresentation::Unknown { .. } => None,
            RecordPresentation::Kind { kind } => Some(*kind),
            RecordPresentation::Known { presentation } => Some(presentation.kind()),
        }
    }
}

/// Where a medicine of a record was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MedicineSource {
    /// The resource it came from, for example `MedicationRequest/abc`.
    pub resource: String,
    /// The name or code that identified it, as read (for an "other ..." entry, the member's
    /// name, for example `hydromorphone`).
    pub read_as: String,
}

/// A medicine of a record: one per drug.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordMedicine {
    /// The drug.
    pub drug: Drug,
    /// Days of use so far, or stated unknown.
    pub days: Stated<Days>,
    /// Where it was read from, and as what.
    pub sources: Vec<MedicineSource>,
}

/// A code of a medicine as the record wrote it, in any code system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordCoding {
    /// The code system's URI, as written.
    pub system: Option<String>,
    /// The code, as written.
    pub code: Option<String>,
    /// The display, as written.
    pub display: Option<String>,
}

/// A medicine the record lists that could not be identified: never dropped silently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnidentifiedMedicine {
    /// The resource it came from, for example `MedicationStatement/xyz`.
    pub resource: String,
    /// Its text, as written.
    pub text: Option<String>,
    /// Its codes, as written.
    pub codings: Vec<RecordCoding>,
    /// Whether it was being ordered (drafted) rather than current.
    pub drafted: bool,
}

/// A patient's record: the input of a medication check (knowledge spec Part 8.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Record {
    /// The patient the record is for, where known.
    pub patient_id: Option<String>,
    /// The age, or stated unknown.
    pub age: Stated<Age>,
    /// The conditions the record states.
    pub conditions: Set<Condition>,
    /// The presentation as far as the record states it.
    pub presentation: RecordPresentation,
    /// The current medicines, one per drug.
    pub medicines: Vec<RecordMedicine>,
    /// The drugs being ordered now, one per drug.
    pub drafted: Vec<RecordMedicine>,
    /// The labs (absent: not measured).
    pub labs: Labs,
    /// The medicines that could not be identified.
    pub unidentified: Vec<UnidentifiedMedicine>,
}

/// What a clinician adds to a record to get a plan: the presentation with its subtype, the
/// stage and the severity. Each is required; `None` is reported as missing, never defaulted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Assessment {
    /// The presentation, with its subtype.
    pub presentation: Option<Presentation>,
    /// The treatment stage.
    pub stage: Option<Stage>,
    /// The severity.
    pub severity: Option<SymptomSeverity>,
}

/// Why a record could not give a [`Patient`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RecordError {
    /// A required input is missing.
    #[error("{field}: missing; {why}")]
    Missing {
        /// The missing field (`presentation`, `stage`, `severity`).
        field: &'static str,
        /// What to supply.
        why: &'static str,
    },
    /// The assessment's presentation is of another kind than the one the record states.
    #[error(
        "presentation: the assessment's {assessed} differs from the record's {recorded}; a patient with two problems gets two plans"
    )]
    PresentationConflict {
        /// The kind the assessment gives.
        assessed: PresentationKind,
        /// The kind the record states.
        recorded: PresentationKind,
    },
}

impl RecordError {
    /// The field the error is about.
    pub fn field(&self) -> &'static str {
        match self {
            RecordError::Missing { field, .. } => field,
            RecordError::PresentationConflict { .. } => "presentation",
        }
    }
}

impl Record {
    /// An empty record: age unknown, no condition, presentation unknown, no medicine, no lab.
    pub fn new(patient_id: Option<String>) -> Record {
        Record {
            patient_id,
            age: Stated::Unknown,
            conditions: Set::new(),
            presentation: RecordPresentation::Unknown {
                conflicting: Vec::new(),
            },
            medicines: Vec::new(),
            drafted: Vec::new(),
            labs: Labs::not_measured(),
            unidentified: Vec::new(),
        }
    }

    /// The record of a patient: everything known, nothing drafted, nothing unidentified.
    pub fn from_patient(patient: &Patient) -> Record {
        Record {
            patient_id: None,
            age: patient.age(),
            conditions: patient.conditions(),
            presentation: RecordPresentation::Known {
                presentation: patient.presentation(),
            },
            medicines: patient
                .medications()
                .iter()
                .map(|m| RecordMedicine {
                    drug: m.drug,
                    days: m.days,
                    sources: Vec::new(),
                })
                .collect(),
            drafted: Vec::new(),
            labs: *patient.labs(),
            unidentified: Vec::new(),
        }
    }

    /// Adds a current medicine. The same drug read twice is one medicine with the longer
    /// duration; an unknown duration counts as the longer (DEC-16: an exposure of unknown
    /// length is never shortened).
    pub fn add_medicine(&mut self, drug: Drug, days: Stated<Days>, source: MedicineSource) {
        add(&mut self.medicines, drug, days, source);
    }

    /// Adds a drafted (ordered) drug, merged as [`Record::add_medicine`] merges.
    pub fn add_drafted(&mut self, drug: Drug, days: Stated<Days>, source: MedicineSource) {
        add(&mut self.drafted, drug, days, source);
    }

    /// The current medicine of a drug, if the record lists it.
    pub fn medicine(&self, drug: Drug) -> Option<&RecordMedicine> {
        self.medicines.iter().find(|m| m.drug == drug)
    }

    /// What every check and plan made from this record must say about the medicines that
    /// could not be identified, or `None` when every medicine was identified.
    ///
    /// ```
    /// use leg_spasm_cds::record::{Record, UnidentifiedMedicine};
    /// let mut record = Record::new(None);
    /// assert_eq!(record.unidentified_statement(), None);
    /// for text in ["Lyrica", "herbal tea"] {
    ///     record.unidentified.push(UnidentifiedMedicine {
    ///         resource: "MedicationStatement/x".into(),
    ///         text: Some(text.into()),
    ///         codings: Vec::new(),
    ///         drafted: false,
    ///     });
    /// }
    /// assert_eq!(
    ///     record.unidentified_statement().unwrap(),
    ///     "2 medicines could not be identified and were not checked"
    /// );
    /// ```
    pub fn unidentified_statement(&self) -> Option<String> {
        match self.unidentified.len() {
            0 => None,
            1 => Some("1 medicine could not be identified and was not checked".to_owned()),
            n => Some(format!(
                "{n} medicines could not be identified and were not checked"
            )),
        }
    }

    /// A patient for [`recommend`](crate::recommend): the record plus the clinician's
    /// assessment.
    ///
    /// The age and the current medicines' days pass through, known or stated unknown (the
    /// rules read an unknown on the safer side, DEC-16); a drafted drug counts as current
    /// with 0 days of use (Part 8.1) unless it is current already. The medicines that could
    /// not be identified are not in the patient: state [`Record::unidentified_statement`]
    /// with the plan.
    ///
    /// # Errors
    ///
    /// [`RecordError::Missing`] names the presentation, stage or severity the assessment lacks;
    /// [`RecordError::PresentationConflict`] when the record states a presentation of another
    /// kind than the assessment's.
    pub fn to_patient(&self, assessment: &Assessment) -> Result<Patient, RecordError> {
        let presentation = assessment.presentation.ok_or(RecordError::Missing {
            field: "presentation",
            why: "the clinician's assessment gives the presentation with its subtype",
        })?;
        let stage = assessment.stage.ok_or(RecordError::Missing {
            field: "stage",
            why: "the clinician reports the treatment stage from the history",
        })?;
        let severity = assessment.severity.ok_or(RecordError::Missing {
            field: "severity",
            why: "the clinician reports the severity",
        })?;
        if let Some(recorded) = self.presentation.kind()
            && recorded != presentation.kind()
        {
            return Err(RecordError::PresentationConflict {
                assessed: presentation.kind(),
                recorded,
            });
        }
        Ok(Patient::new(
            presentation,
            stage,
            severity,
            self.age,
            self.conditions,
            self.medications(),
        )
        .with_labs(self.labs))
    }

    /// The current medicines, and each drafted drug that is not current already as a current
    /// drug with 0 days of use (Part 8.1).
    pub(crate) fn medications(&self) -> Medications {
        let mut list: Vec<Medication> = Vec::with_capacity(self.medicines.len());
        // One entry per drug: `add_medicine` merges duplicates, and a list edited by hand is
        // merged here the same way (the longer duration, unknown the longer).
        for m in &self.medicines {
            match list.iter_mut().find(|l| l.drug == m.drug) {
                Some(l) => l.days = longer(l.days, m.days),
                None => list.push(Medication::new(m.drug, m.days)),
            }
        }
        for d in &self.drafted {
            if !list.iter().any(|m| m.drug == d.drug) {
                list.push(Medication::new(d.drug, Days::new(0)));
            }
        }
        Medications::new(list).unwrap_or_else(|_| Medications::none())
    }
}

fn add(list: &mut Vec<RecordMedicine>, drug: Drug, days: Stated<Days>, source: MedicineSource) {
    match list.iter_mut().find(|m| m.drug == drug) {
        Some(existing) => {
            existing.days = longer(existing.days, days);
            if !existing.sources.contains(&source) {
                existing.sources.push(source);
            }
        }
        None => list.push(RecordMedicine {
            drug,
            days,
            sources: vec![source],
        }),
    }
}

/// The longer of two durations; unknown is the longer.
fn longer(a: Stated<Days>, b: Stated<Days>) -> Stated<Days> {
    match (a, b) {
        (Stated::Known(x), Stated::Known(y)) => Stated::Known(x.max(y)),
        _ => Stated::Unknown,
    }
}

impl fmt::Display for RecordPresentation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecordPresentation::Unknown { conflicting } if conflicting.is_empty() => {
                f.write_str("unknown")
            }
            RecordPresentation::Unknown { conflicting } => {
                f.write_str("unknown: conflicting kinds ")?;
                for (i, k) in conflicting.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    f.write_str(k.label())?;
                }
                Ok(())
            }
            RecordPresentation::Kind { kind } => write!(f, "{} (subtype unknown)", kind.label()),
            RecordPresentation::Known { presentation } => write!(f, "{presentation}"),
        }
    }
}

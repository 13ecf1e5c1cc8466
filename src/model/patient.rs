//! The patient: presentation, treatment stage, severity, context, medicines and labs.
//!
//! A [`Patient`] is built from typed parts, each valid by construction, so a patient that
//! exists is valid and [`recommend`](crate::recommend) cannot fail. Records from other programs
//! are read with [`Patient::from_json`] (feature `json`) or serde; both go through one
//! validation that reports a [`PatientError`] naming the field and the value.
//!
//! ```
//! use leg_spasm_cds::{
//!     Age, CrampKind, Medications, Patient, Presentation, Set, Stage, SymptomSeverity,
//! };
//! let patient = Patient::new(
//!     Presentation::TrueCramp(CrampKind::Idiopathic),
//!     Stage::NothingTried,
//!     SymptomSeverity::Mild,
//!     Age::new(54)?,
//!     Set::new(),          // conditions: checked, none
//!     Medications::none(), // current medicines: checked, none
//! );
//! assert_eq!(patient.stage(), Stage::NothingTried);
//! assert_eq!(patient.rls_criteria(), None); // not reported
//! # Ok::<(), leg_spasm_cds::QuantityError>(())
//! ```

use std::fmt;

use strum::{Display, EnumCount, EnumIter, EnumString, IntoStaticStr, VariantArray, VariantNames};

use crate::model::drug::Medications;
use crate::model::lab::{LabError, Labs};
use crate::model::name::{NameError, named_enum};
use crate::model::quantity::{Age, QuantityError, Stated};
use crate::model::set::Set;

/// What the patient presents with. A patient has exactly one presentation; a caller with two
/// problems asks for two plans.
///
/// # Examples
///
/// ```
/// use leg_spasm_cds::{
///     CrampKind, Impact, OutOfScopeKind, Presentation, PresentationKind, Set, SpasticityOrigin,
/// };
/// let cramp = Presentation::TrueCramp(CrampKind::Idiopathic);
/// assert_eq!(cramp.kind(), PresentationKind::TrueCramp);
/// assert_eq!(cramp.to_string(), "true cramp (idiopathic)");
///
/// // Spasticity states its origin and what it causes (RX-4 reads the impacts).
/// let spasticity = Presentation::Spasticity {
///     origin: SpasticityOrigin::SpinalCord,
///     impacts: Set::from([Impact::Pain, Impact::DecreasedFunction]),
/// };
/// assert_eq!(
///     spasticity.to_string(),
///     "spasticity (origin: spinal cord disease or injury; causes: pain, decreased function)"
/// );
///
/// // Contracture, tetany and dystonia are classified, but the article gives no treatment.
/// let tetany = Presentation::OutOfScope(OutOfScopeKind::Tetany);
/// assert_eq!(tetany.kind().abbreviation(), "OOS");
///
/// // In JSON, the kind and its subtype.
/// let json = r#"{"kind": "true_cramp", "cramp_kind": "secondary"}"#;
/// let read: Presentation = serde_json::from_str(json)?;
/// assert_eq!(read, Presentation::TrueCramp(CrampKind::Secondary));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Presentation {
    /// A true cramp (DX-1), idiopathic (the common case) or secondary.
    TrueCramp(CrampKind),
    /// Restless-legs-related leg discomfort.
    RestlessLegs,
    /// Chronic spasticity, with its origin and what it causes.
    Spasticity {
        /// Where the spasticity comes from.
        origin: SpasticityOrigin,
        /// What the spasticity causes; may be empty. RX-4 reads it.
        impacts: Set<Impact>,
    },
    /// An acute painful musculoskeletal condition with muscle spasm.
    AcuteMusculoskeletal,
    /// Contracture, tetany or dystonia: classified by DX-1, but the article gives no treatment.
    OutOfScope(OutOfScopeKind),
}

impl Presentation {
    /// The presentation without its subtype.
    pub const fn kind(self) -> PresentationKind {
        match self {
            Presentation::TrueCramp(_) => PresentationKind::TrueCramp,
            Presentation::RestlessLegs => PresentationKind::RestlessLegs,
            Presentation::Spasticity { .. } => PresentationKind::Spasticity,
            Presentation::AcuteMusculoskeletal => PresentationKind::AcuteMusculoskeletal,
            Presentation::OutOfScope(_) => PresentationKind::OutOfScope,
        }
    }
}

impl fmt::Display for Presentation {
    /// Human wording with the subtype, for example `spasticity (origin: stroke; causes: pain)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Presentation::TrueCramp(k) => write!(f, "true cramp ({})", k.label()),
            Presentation::RestlessLegs => f.write_str("restless legs"),
            Presentation::Spasticity { origin, impacts } => {
                write!(f, "spasticity (origin: {}; causes: ", origin.label())?;
                if impacts.is_empty() {
                    f.write_str("none reported")?;
                }
                for (i, impact) in impacts.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    f.write_str(impact.label())?;
                }
                f.write_str(")")
            }
            Presentation::AcuteMusculoskeletal => {
                f.write_str("acute painful musculoskeletal condition with muscle spasm")
            }
            Presentation::OutOfScope(k) => f.write_str(k.label()),
        }
    }
}

/// A [`Presentation`] without its subtype: what the spec's applicability table (Part 2) has
/// columns for.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Display,
    IntoStaticStr,
    EnumIter,
    VariantNames,
    VariantArray,
    EnumCount,
    EnumString,
)]
#[strum(parse_err_ty = NameError, parse_err_fn = Self::unknown_name)]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
pub enum PresentationKind {
    /// True cramp (CR).
    TrueCramp,
    /// Restless legs (RLS).
    RestlessLegs,
    /// Chronic spasticity (SP).
    Spasticity,
    /// Acute painful musculoskeletal condition with muscle spasm (MSK).
    AcuteMusculoskeletal,
    /// Contracture, tetany or dystonia (OOS): no treatment in the article.
    OutOfScope,
}
named_enum!(PresentationKind, "presentation");

impl PresentationKind {
    /// Human wording.
    pub const fn label(self) -> &'static str {
        match self {
            PresentationKind::TrueCramp => "true cramp",
            PresentationKind::RestlessLegs => "restless legs",
            PresentationKind::Spasticity => "spasticity",
            PresentationKind::AcuteMusculoskeletal => "acute musculoskeletal spasm",
            PresentationKind::OutOfScope => "contracture, tetany or dystonia",
        }
    }

    /// The spec's abbreviation: CR, RLS, SP, MSK or OOS.
    pub const fn abbreviation(self) -> &'static str {
        match self {
            PresentationKind::TrueCramp => "CR",
            PresentationKind::RestlessLegs => "RLS",
            PresentationKind::Spasticity => "SP",
            PresentationKind::AcuteMusculoskeletal => "MSK",
            PresentationKind::OutOfScope => "OOS",
        }
    }
}

/// The kind of a true cramp.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Display,
    IntoStaticStr,
    EnumIter,
    VariantNames,
    VariantArray,
    EnumCount,
    EnumString,
)]
#[strum(parse_err_ty = NameError, parse_err_fn = Self::unknown_name)]
#[strum(serialize_all = "snake_case")]
pub enum CrampKind {
    /// Idiopathic: no underlying cause, the most common type (DX-1).
    Idiopathic,
    /// Secondary to another condition, whose cause needs evaluation (DEC-6).
    Secondary,
}
named_enum!(CrampKind, "cramp kind");

impl CrampKind {
    /// Human wording.
    pub const fn label(self) -> &'static str {
        match self {
            CrampKind::Idiopathic => "idiopathic",
            CrampKind::Secondary => "secondary",
        }
    }
}

/// Where chronic spasticity comes from.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Display,
    IntoStaticStr,
    EnumIter,
    VariantNames,
    VariantArray,
    EnumCount,
    EnumString,
)]
#[strum(parse_err_ty = NameError, parse_err_fn = Self::unknown_name)]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
pub enum SpasticityOrigin {
    /// After a stroke. The patient counts as recovering from a stroke (DEC-10).
    Stroke,
    /// Spinal cord disease or injury.
    SpinalCord,
    /// Another cerebral disease.
    OtherCerebral,
    /// Another or an unknown origin.
    OtherOrUnknown,
}
named_enum!(SpasticityOrigin, "spasticity origin");

impl SpasticityOrigin {
    /// Human wording.
    pub const fn label(self) -> &'static str {
        match self {
            SpasticityOrigin::Stroke => "stroke",
            SpasticityOrigin::SpinalCord => "spinal cord disease or injury",
            SpasticityOrigin::OtherCerebral => "other cerebral disease",
            SpasticityOrigin::OtherOrUnknown => "other or unknown",
        }
    }
}

/// What spasticity causes (RX-4).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Display,
    IntoStaticStr,
    EnumIter,
    VariantNames,
    VariantArray,
    EnumCount,
    EnumString,
)]
#[strum(parse_err_ty = NameError, parse_err_fn = Self::unknown_name)]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
pub enum Impact {
    /// Pain.
    Pain,
    /// Poor skin hygiene.
    PoorSkinHygiene,
    /// Decreased function.
    DecreasedFunction,
}
named_enum!(Impact, "spasticity impact");

impl Impact {
    /// Human wording.
    pub const fn label(self) -> &'static str {
        match self {
            Impact::Pain => "pain",
            Impact::PoorSkinHygiene => "poor skin hygiene",
            Impact::DecreasedFunction => "decreased function",
        }
    }
}

/// The spasm types DX-1 classifies but the article does not treat.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Display,
    IntoStaticStr,
    EnumIter,
    VariantNames,
    VariantArray,
    EnumCount,
    EnumString,
)]
#[strum(parse_err_ty = NameError, parse_err_fn = Self::unknown_name)]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
pub enum OutOfScopeKind {
    /// Contracture.
    Contracture,
    /// Tetany.
    Tetany,
    /// Dystonia.
    Dystonia,
}
named_enum!(OutOfScopeKind, "out-of-scope kind");

impl OutOfScopeKind {
    /// Human wording.
    pub const fn label(self) -> &'static str {
        match self {
            OutOfScopeKind::Contracture => "contracture",
            OutOfScopeKind::Tetany => "tetany",
            OutOfScopeKind::Dystonia => "dystonia",
        }
    }
}

/// The treatment stage, as the caller reports it from the history. Ordered: a later stage
/// keeps everything of the earlier ones.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Display,
    IntoStaticStr,
    EnumIter,
    VariantNames,
    VariantArray,
    EnumCount,
    EnumString,
)]
#[strum(parse_err_ty = NameError, parse_err_fn = Self::unknown_name)]
#[strum(serialize_all = "snake_case")]
pub enum Stage {
    /// S1: nothing tried yet.
    NothingTried,
    /// S2: non-pharmacological measures were insufficient.
    NonDrugInsufficient,
    /// S3: refractory to the first pharmacological option.
    Refractory,
}
named_enum!(Stage, "stage");

impl Stage {
    /// Human wording.
    pub const fn label(self) -> &'static str {
        match self {
            Stage::NothingTried => "S1, nothing tried yet",
            Stage::NonDrugInsufficient => "S2, non-drug measures insufficient",
            Stage::Refractory => "S3, refractory to the first drug option",
        }
    }

    /// The spec's short name: `S1`, `S2` or `S3`.
    pub const fn short(self) -> &'static str {
        match self {
            Stage::NothingTried => "S1",
            Stage::NonDrugInsufficient => "S2",
            Stage::Refractory => "S3",
        }
    }
}

/// How severe the symptoms are. Ordered mild < moderate < severe.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Display,
    IntoStaticStr,
    EnumIter,
    VariantNames,
    VariantArray,
    EnumCount,
    EnumString,
)]
#[strum(parse_err_ty = NameError, parse_err_fn = Self::unknown_name)]
#[strum(serialize_all = "snake_case")]
pub enum SymptomSeverity {
    /// Mild.
    Mild,
    /// Moderate.
    Moderate,
    /// Severe.
    Severe,
}
named_enum!(SymptomSeverity, "severity");

/// A condition of the patient that a rule reads.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Display,
    IntoStaticStr,
    EnumIter,
    VariantNames,
    VariantArray,
    EnumCount,
    EnumString,
)]
#[strum(parse_err_ty = NameError, parse_err_fn = Self::unknown_name)]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
pub enum Condition {
    /// Pregnancy (SA-13, SA-2).
    Pregnancy,
    /// Recovering from a stroke (AV-1, SA-9; see also DEC-10).
    StrokeRecovery,
    /// End-stage renal disease (MO-2, SA-6, SA-14).
    EndStageRenalDisease,
    /// The acute recovery phase of a myocardial infarction (SA-8).
    RecentMyocardialInfarction,
    /// An arrhythmia (SA-8).
    Arrhythmia,
    /// Heart block or a conduction disturbance (SA-8).
    HeartBlock,
    /// Congestive heart failure (SA-8).
    CongestiveHeartFailure,
    /// Hyperthyroidism (SA-8).
    Hyperthyroidism,
}
named_enum!(Condition, "condition");

impl Condition {
    /// Human wording.
    pub const fn label(self) -> &'static str {
        match self {
            Condition::Pregnancy => "pregnancy",
            Condition::StrokeRecovery => "recovering from a stroke",
            Condition::EndStageRenalDisease => "end-stage renal disease",
            Condition::RecentMyocardialInfarction => "recent myocardial infarction",
            Condition::Arrhythmia => "arrhythmia",
            Condition::HeartBlock => "heart block or conduction disturbance",
            Condition::CongestiveHeartFailure => "congestive heart failure",
            Condition::Hyperthyroidism => "hyperthyroidism",
        }
    }
}

/// A diagnostic criterion of restless legs syndrome: the article's four (DX-3) and the fifth of
/// the current criteria (SA-10).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Display,
    IntoStaticStr,
    EnumIter,
    VariantNames,
    VariantArray,
    EnumCount,
    EnumString,
)]
#[strum(parse_err_ty = NameError, parse_err_fn = Self::unknown_name)]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
pub enum RlsCriterion {
    /// (a) Uncomfortable sensations with an urge to move the legs.
    UrgeToMove,
    /// (b) Worse during rest or inactivity.
    WorseAtRest,
    /// (c) Relieved by movement.
    ReliefWithMovement,
    /// (d) Worse in the evening or at night.
    WorseInEvening,
    /// SA-10: not solely accounted for by another condition.
    NotExplainedByOtherCondition,
}
named_enum!(RlsCriterion, "RLS criterion");

impl RlsCriterion {
    /// Human wording.
    pub const fn label(self) -> &'static str {
        match self {
            RlsCriterion::UrgeToMove => "urge to move the legs with uncomfortable sensations",
            RlsCriterion::WorseAtRest => "worse during rest or inactivity",
            RlsCriterion::ReliefWithMovement => "relieved by movement",
            RlsCriterion::WorseInEvening => "worse in the evening or at night",
            RlsCriterion::NotExplainedByOtherCondition => {
                "not solely accounted for by another condition"
            }
        }
    }
}

/// A patient, valid by construction.
///
/// Required: the presentation with its subtype, the stage, the severity, the age, the
/// conditions and the current medicines (the last two may be empty, meaning "checked, none").
/// Optional: the labs (absent: not measured) and the RLS criteria present (absent: not
/// reported).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Patient {
    pub(crate) presentation: Presentation,
    pub(crate) stage: Stage,
    pub(crate) severity: SymptomSeverity,
    pub(crate) age: Stated<Age>,
    pub(crate) conditions: Set<Condition>,
    pub(crate) medications: Medications,
    pub(crate) labs: Labs,
    pub(crate) rls_criteria: Option<Set<RlsCriterion>>,
}

impl Patient {
    /// The largest JSON document [`Patient::from_json`] reads, in bytes. A patient record is a
    /// few hundred bytes; the limit only guards against runaway input.
    pub const MAX_JSON_BYTES: usize = 64 * 1024;

    /// A patient with no lab measured and no RLS criterion reported.
    ///
    /// Every part is valid by construction, so building a patient cannot fail; the labs and
    /// the RLS criteria are added with [`Patient::with_labs`] and
    /// [`Patient::with_rls_criteria`].
    ///
    /// # Examples
    ///
    /// ```
    /// use leg_spasm_cds::{
    ///     Age, Condition, Days, Drug, Impact, Medication, Medications, Patient, Presentation,
    ///     Set, SpasticityOrigin, Stage, SymptomSeverity,
    /// };
    /// let patient = Patient::new(
    ///     Presentation::Spasticity {
    ///         origin: SpasticityOrigin::Stroke,
    ///         impacts: Set::from([Impact::Pain]),
    ///     },
    ///     Stage::NonDrugInsufficient,
    ///     SymptomSeverity::Moderate,
    ///     Age::new(72)?,
    ///     Set::from([Condition::Arrhythmia]),
    ///     Medications::new([Medication::new(Drug::Diazepam, Days::new(30))])?,
    /// );
    /// // Spasticity of stroke origin counts as recovering from a stroke (DEC-10).
    /// assert!(patient.stroke_recovery());
    /// assert!(patient.has(Condition::Arrhythmia));
    /// assert_eq!(patient.medications().days(Drug::Diazepam), Some(Days::new(30).into()));
    /// assert_eq!(patient.labs().ferritin(), None); // not measured
    /// assert_eq!(patient.rls_criteria(), None); // not reported
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(
        presentation: Presentation,
        stage: Stage,
        severity: SymptomSeverity,
        age: impl Into<Stated<Age>>,
        conditions: impl Into<Set<Condition>>,
        medications: Medications,
    ) -> Patient {
        Patient {
            presentation,
            stage,
            severity,
            age: age.into(),
            conditions: conditions.into(),
            medications,
            labs: Labs::not_measured(),
            rls_criteria: None,
        }
    }

    /// With the labs measured.
    #[must_use]
    pub fn with_labs(mut self, labs: Labs) -> Patient {
        self.labs = labs;
        self
    }

    /// With the RLS criteria the caller reports present.
    #[must_use]
    pub fn with_rls_criteria(mut self, criteria: impl Into<Set<RlsCriterion>>) -> Patient {
        self.rls_criteria = Some(criteria.into());
        self
    }

    /// With another presentation.
    #[must_use]
    pub fn with_presentation(mut self, presentation: Presentation) -> Patient {
        self.presentation = presentation;
        self
    }

    /// With another stage.
    #[must_use]
    pub fn with_stage(mut self, stage: Stage) -> Patient {
        self.stage = stage;
        self
    }

    /// With another severity.
    #[must_use]
    pub fn with_severity(mut self, severity: SymptomSeverity) -> Patient {
        self.severity = severity;
        self
    }

    /// With another age (an [`Age`], or [`Stated::Unknown`]).
    #[must_use]
    pub fn with_age(mut self, age: impl Into<Stated<Age>>) -> Patient {
        self.age = age.into();
        self
    }

    /// With other conditions.
    #[must_use]
    pub fn with_conditions(mut self, conditions: impl Into<Set<Condition>>) -> Patient {
        self.conditions = conditions.into();
        self
    }

    /// With other current medicines.
    #[must_use]
    pub fn with_medications(mut self, medications: Medications) -> Patient {
        self.medications = medications;
        self
    }

    /// The presentation.
    pub fn presentation(&self) -> Presentation {
        self.presentation
    }

    /// The treatment stage.
    pub fn stage(&self) -> Stage {
        self.stage
    }

    /// The symptom severity.
    pub fn severity(&self) -> SymptomSeverity {
        self.severity
    }

    /// The age, or [`Stated::Unknown`] when stated as unknown (DEC-16).
    pub fn age(&self) -> Stated<Age> {
        self.age
    }

    /// The conditions present.
    pub fn conditions(&self) -> Set<Condition> {
        self.conditions
    }

    /// Whether `condition` is present.
    pub fn has(&self, condition: Condition) -> bool {
        self.conditions.contains(condition)
    }

    /// The current medicines.
    pub fn medications(&self) -> &Medications {
        &self.medications
    }

    /// The labs.
    pub fn labs(&self) -> &Labs {
        &self.labs
    }

    /// The RLS criteria reported present, or `None` if not reported.
    pub fn rls_criteria(&self) -> Option<Set<RlsCriterion>> {
        self.rls_criteria
    }
}

impl fmt::Display for Patient {
    /// One line, for the head of a plan: presentation, stage, severity, age, conditions,
    /// medicines with their days of use, labs, and the RLS criteria where reported.
    ///
    /// ```
    /// # use leg_spasm_cds::*;
    /// let patient = Patient::new(
    ///     Presentation::RestlessLegs,
    ///     Stage::NonDrugInsufficient,
    ///     SymptomSeverity::Moderate,
    ///     Age::new(61)?,
    ///     [],
    ///     Medications::new([Medication::new(Drug::Ropinirole, Days::new(365))])?,
    /// )
    /// .with_labs(Labs::not_measured().with_ferritin(Ferritin::ng_per_ml(40)?));
    /// assert_eq!(
    ///     patient.to_string(),
    ///     "restless legs; stage S2; moderate symptoms; age 61 years; conditions: none; \
    ///      medicines: ropinirole (365 days); ferritin 40 ng/mL; \
    ///      transferrin saturation not measured"
    /// );
    /// # Ok::<(), PatientError>(())
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}; stage {}; {} symptoms; age {}; conditions: ",
            self.presentation,
            self.stage.short(),
            self.severity,
            self.age
        )?;
        if self.conditions.is_empty() {
            f.write_str("none")?;
        }
        for (i, c) in self.conditions.iter().enumerate() {
            f.write_str(if i > 0 { ", " } else { "" })?;
            f.write_str(c.label())?;
        }
        f.write_str("; medicines: ")?;
        if self.medications.is_empty() {
            f.write_str("none")?;
        }
        for (i, m) in self.medications.iter().enumerate() {
            f.write_str(if i > 0 { ", " } else { "" })?;
            write!(f, "{} ({})", m.drug.label(), m.days)?;
        }
        match self.labs.ferritin() {
            Some(v) => write!(f, "; ferritin {v}")?,
            None => f.write_str("; ferritin not measured")?,
        }
        match self.labs.transferrin_saturation() {
            Some(v) => write!(f, "; transferrin saturation {v}")?,
            None => f.write_str("; transferrin saturation not measured")?,
        }
        if let Some(criteria) = self.rls_criteria {
            write!(
                f,
                "; RLS criteria reported: {} of {}",
                criteria.len(),
                <RlsCriterion as VariantArray>::VARIANTS.len()
            )?;
        }
        Ok(())
    }
}

/// A patient record that is not valid. The message names the field (as a path such as
/// `medications[1].days`) and the value.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum PatientError {
    /// A required field is absent or null.
    #[error("{field}: missing required field")]
    #[non_exhaustive]
    MissingField {
        /// The field.
        field: String,
    },
    /// A field that does not belong with the rest of the record (an origin for a cramp).
    #[error("{field}: {reason}")]
    #[non_exhaustive]
    UnexpectedField {
        /// The field.
        field: String,
        /// Why it does not belong.
        reason: &'static str,
    },
    /// A name that is not one of the accepted names.
    #[error("{field}: {error}")]
    #[non_exhaustive]
    UnknownName {
        /// The field.
        field: String,
        /// The name and the accepted names.
        error: NameError,
    },
    /// A lab value or unit that is not acceptable.
    #[error("{field}: {error}")]
    #[non_exhaustive]
    Lab {
        /// The field.
        field: String,
        /// What is wrong.
        error: LabError,
    },
    /// An age or a number of days that is not acceptable.
    #[error("{field}: {error}")]
    #[non_exhaustive]
    Quantity {
        /// The field.
        field: String,
        /// What is wrong.
        error: QuantityError,
    },
    /// The same entry listed twice (a drug, a condition, a criterion, an impact).
    #[error("{field}: {value:?} is listed twice")]
    #[non_exhaustive]
    Duplicate {
        /// The field of the second occurrence.
        field: String,
        /// The entry listed twice.
        value: String,
    },
    /// The document is not well-formed, or a field has the wrong type or is unknown.
    #[error("{field}: {message} (line {line}, column {column})")]
    #[non_exhaustive]
    Syntax {
        /// The path where reading stopped (`.` for the document itself).
        field: String,
        /// What the reader reported.
        message: String,
        /// The line, from 1.
        line: usize,
        /// The column, from 1.
        column: usize,
    },
    /// The document is larger than [`Patient::MAX_JSON_BYTES`].
    #[error("input: {size} bytes is above the maximum of {max} bytes")]
    #[non_exhaustive]
    TooLarge {
        /// The size of the input.
        size: usize,
        /// The largest size accepted.
        max: usize,
    },
}

/// An age or a number of days built in code: the field is `age` or `medications.days`.
impl From<QuantityError> for PatientError {
    fn from(error: QuantityError) -> PatientError {
        let field = match error.quantity() {
            crate::model::quantity::Quantity::Age => "age",
            _ => "medications.days",
        };
        PatientError::Quantity {
            field: field.to_owned(),
            error,
        }
    }
}

/// A lab value or unit built in code: the field is the lab's value or unit
/// (`labs.ferritin.value`, `labs.transferrin_saturation.unit`).
impl From<LabError> for PatientError {
    fn from(error: LabError) -> PatientError {
        let lab = error.lab().name();
        let part = match error {
            LabError::UnknownUnit { .. } | LabError::UnitMismatch { .. } => "unit",
            _ => "value",
        };
        PatientError::Lab {
            field: format!("labs.{lab}.{part}"),
            error,
        }
    }
}

/// A medicine list built in code that names a drug twice: the field is `medications`.
impl From<crate::model::drug::DuplicateDrug> for PatientError {
    fn from(error: crate::model::drug::DuplicateDrug) -> PatientError {
        PatientError::Duplicate {
            field: "medications".to_owned(),
            value: error.drug.name().to_owned(),
        }
    }
}

/// The kind of a [`PatientError`], for callers (and tests) that branch on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[allow(missing_docs)] // each variant names the matching error case
pub enum PatientErrorKind {
    MissingField,
    UnexpectedField,
    UnknownName,
    Duplicate,
    NotFinite,
    Negative,
    AboveMaximum,
    NotWhole,
    UnknownUnit,
    UnitMismatch,
    Syntax,
    TooLarge,
}

impl PatientError {
    /// The kind of error.
    pub fn kind(&self) -> PatientErrorKind {
        match self {
            PatientError::MissingField { .. } => PatientErrorKind::MissingField,
            PatientError::UnexpectedField { .. } => PatientErrorKind::UnexpectedField,
            PatientError::UnknownName { .. } => PatientErrorKind::UnknownName,
            PatientError::Duplicate { .. } => PatientErrorKind::Duplicate,
            PatientError::Lab { error, .. } => match error {
                LabError::NotFinite { .. } => PatientErrorKind::NotFinite,
                LabError::Negative { .. } => PatientErrorKind::Negative,
                LabError::AboveMaximum { .. } => PatientErrorKind::AboveMaximum,
                LabError::UnknownUnit { .. } => PatientErrorKind::UnknownUnit,
                LabError::UnitMismatch { .. } => PatientErrorKind::UnitMismatch,
            },
            PatientError::Quantity { error, .. } => match error {
                QuantityError::NotFinite { .. } | QuantityError::NotANumber { .. } => {
                    PatientErrorKind::NotFinite
                }
                QuantityError::Negative { .. } => PatientErrorKind::Negative,
                QuantityError::AboveMaximum { .. } => PatientErrorKind::AboveMaximum,
                QuantityError::NotWhole { .. } => PatientErrorKind::NotWhole,
            },
            PatientError::Syntax { .. } => PatientErrorKind::Syntax,
            PatientError::TooLarge { .. } => PatientErrorKind::TooLarge,
        }
    }

    /// The field the error is about, as a path (`labs.ferritin.value`, `medications[2].drug`).
    pub fn field(&self) -> &str {
        match self {
            PatientError::MissingField { field }
            | PatientError::UnexpectedField { field, .. }
            | PatientError::UnknownName { field, .. }
            | PatientError::Lab { field, .. }
            | PatientError::Quantity { field, .. }
            | PatientError::Duplicate { field, .. }
            | PatientError::Syntax { field, .. } => field,
            PatientError::TooLarge { .. } => "input",
        }
    }
}

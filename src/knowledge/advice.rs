//! The vocabulary of advice: what the knowledge can say about an item, an avoidance, an alert,
//! a monitoring item or a note (severity, step, tier, strength, measure, kinds and roles).
//!
//! The rule table is written in these words; the plan carries them.

use serde::{Deserialize, Serialize};
use strum::{Display, EnumCount, EnumIter, EnumString, IntoStaticStr, VariantArray, VariantNames};

use crate::model::name::{NameError, named_enum};
use crate::model::patient::PresentationKind;

/// How urgent an alert, a caution or a note is. Ordered: info < warning < critical.
///
/// # Examples
///
/// ```
/// use leg_spasm_cds::Severity;
/// assert!(Severity::Info < Severity::Warning && Severity::Warning < Severity::Critical);
///
/// // Most urgent first, as a plan lists its alerts.
/// let mut severities = vec![Severity::Warning, Severity::Critical, Severity::Info];
/// severities.sort_by(|a, b| b.cmp(a));
/// assert_eq!(severities, [Severity::Critical, Severity::Warning, Severity::Info]);
///
/// assert_eq!(Severity::Critical.to_string(), "critical");
/// assert_eq!("warning".parse::<Severity>(), Ok(Severity::Warning));
/// ```
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
pub enum Severity {
    /// For information.
    Info,
    /// Needs the clinician's attention.
    Warning,
    /// Needs action before anything else.
    Critical,
}
named_enum!(Severity, "severity");

/// A step of the plan: 1, 2 or 3. Serialised as the number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub enum StepNumber {
    /// Step 1: non-pharmacological measures.
    One = 1,
    /// Step 2: if step 1 is insufficient (and the iron work-up, at every stage).
    Two = 2,
    /// Step 3: refractory cases.
    Three = 3,
}

impl StepNumber {
    /// The steps in order.
    pub const ALL: [StepNumber; 3] = [StepNumber::One, StepNumber::Two, StepNumber::Three];

    /// The number, 1 to 3.
    pub const fn get(self) -> u8 {
        self as u8
    }

    /// The index into [`Plan::steps`](crate::Plan::steps), 0 to 2.
    pub const fn index(self) -> usize {
        self as usize - 1
    }

    /// The step's heading for a presentation: what the step holds for it. Step 2 mentions
    /// the iron work-up only for restless legs, the one presentation that gets it (FE-1,
    /// FE-2, DEC-5).
    pub(crate) const fn title(self, presentation: PresentationKind) -> &'static str {
        match (self, presentation) {
            (StepNumber::One, _) => "Step 1: non-pharmacological measures",
            (StepNumber::Two, PresentationKind::RestlessLegs) => {
                "Step 2: if step 1 is insufficient (iron work-up at every stage)"
            }
            (StepNumber::Two, _) => "Step 2: if step 1 is insufficient",
            (StepNumber::Three, _) => "Step 3: refractory cases",
        }
    }
}

/// A number that is not a step of the plan (not 1, 2 or 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("step {0} is not 1, 2 or 3")]
pub struct StepNumberError(pub u8);

impl TryFrom<u8> for StepNumber {
    type Error = StepNumberError;
    fn try_from(n: u8) -> Result<Self, StepNumberError> {
        match n {
            1 => Ok(StepNumber::One),
            2 => Ok(StepNumber::Two),
            3 => Ok(StepNumber::Three),
            _ => Err(StepNumberError(n)),
        }
    }
}

impl From<StepNumber> for u8 {
    fn from(s: StepNumber) -> u8 {
        s.get()
    }
}

/// The number: 1, 2 or 3.
#[cfg(feature = "schemars")]
impl schemars::JsonSchema for StepNumber {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "StepNumber".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "integer", "enum": [1, 2, 3] })
    }
}

/// The tier the article gives an item.
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
pub enum Tier {
    /// First-line: NP-1 to NP-4, RX-1.
    FirstLine,
    /// Adjunct: RX-2.
    Adjunct,
    /// Second-line: RX-3 to RX-5.
    SecondLine,
    /// Additional: NP-5 to NP-8.
    Additional,
}
named_enum!(Tier, "tier");

impl Tier {
    /// Human wording.
    pub const fn label(self) -> &'static str {
        match self {
            Tier::FirstLine => "first-line",
            Tier::Adjunct => "adjunct",
            Tier::SecondLine => "second-line",
            Tier::Additional => "additional",
        }
    }
}

/// The article's strength wording for an item.
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
pub enum Strength {
    /// "strongly recommended"
    StronglyRecommended,
    /// "recommended"
    Recommended,
    /// "suggested"
    Suggested,
    /// "can be considered"
    CanBeConsidered,
    /// "may be considered"
    MayBeConsidered,
    /// "may be used"
    MayBeUsed,
    /// "may help"
    MayHelp,
}
named_enum!(Strength, "strength");

impl Strength {
    /// The article's wording.
    pub const fn label(self) -> &'static str {
        match self {
            Strength::StronglyRecommended => "strongly recommended",
            Strength::Recommended => "recommended",
            Strength::Suggested => "suggested",
            Strength::CanBeConsidered => "can be considered",
            Strength::MayBeConsidered => "may be considered",
            Strength::MayBeUsed => "may be used",
            Strength::MayHelp => "may help",
        }
    }
}

/// A non-drug measure (NP-1 to NP-8, in that order).
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
pub enum Measure {
    /// NP-1: daily calf and hamstring stretching.
    Stretching,
    /// NP-2: massage of the affected muscle during an acute cramp.
    Massage,
    /// NP-3: walking or moving the limb during an acute cramp.
    Movement,
    /// NP-4: relaxation techniques.
    Relaxation,
    /// NP-5: compression devices.
    Compression,
    /// NP-6: avoiding end-of-range postures.
    PostureAvoidance,
    /// NP-7: even weight distribution.
    WeightDistribution,
    /// NP-8: bilateral high-frequency peroneal nerve stimulation.
    PeronealNerveStimulation,
}
named_enum!(Measure, "measure");

impl Measure {
    /// Human wording.
    pub const fn label(self) -> &'static str {
        match self {
            Measure::Stretching => "daily calf and hamstring stretching",
            Measure::Massage => "massage of the affected muscle",
            Measure::Movement => "walking or moving the affected limb",
            Measure::Relaxation => "relaxation techniques",
            Measure::Compression => "compression devices",
            Measure::PostureAvoidance => "avoiding end-of-range postures",
            Measure::WeightDistribution => "even weight distribution",
            Measure::PeronealNerveStimulation => {
                "bilateral high-frequency peroneal nerve stimulation"
            }
        }
    }
}

/// Whether an attachment warns or instructs.
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
pub enum AttachmentKind {
    /// A caution about the item (DEC-12: cautions about an offered drug sit on its item).
    Caution,
    /// An instruction for carrying the item out.
    Instruction,
    /// A note that qualifies the item without changing its strength (MO-2, DEC-14).
    Note,
}
named_enum!(AttachmentKind, "attachment kind");

impl AttachmentKind {
    /// Human wording.
    pub const fn label(self) -> &'static str {
        match self {
            AttachmentKind::Caution => "caution",
            AttachmentKind::Instruction => "instruction",
            AttachmentKind::Note => "note",
        }
    }
}

/// Why a drug or class is on the avoidance list.
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
pub enum AvoidanceKind {
    /// Avoid.
    Avoid,
    /// Contraindicated for this patient.
    Contraindicated,
    /// Not effective for this presentation.
    NotEffective,
    /// Use with caution.
    Caution,
}
named_enum!(AvoidanceKind, "avoidance kind");

impl AvoidanceKind {
    /// Human wording.
    pub const fn label(self) -> &'static str {
        match self {
            AvoidanceKind::Avoid => "avoid",
            AvoidanceKind::Contraindicated => "contraindicated",
            AvoidanceKind::NotEffective => "not effective",
            AvoidanceKind::Caution => "use with caution",
        }
    }
}

/// How a drug named by an alert or a monitoring item stands for this patient.
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
pub enum DrugRole {
    /// The patient takes it now.
    Current,
    /// The plan offers it.
    Offered,
    /// The plan would have offered it but withheld it (a contraindication).
    Withheld,
    /// It is being ordered now (a drafted drug of a medication check, knowledge spec Part
    /// 8.1): read as a current drug with 0 days of use.
    Ordered,
}
named_enum!(DrugRole, "drug role");

impl DrugRole {
    /// Human wording.
    pub const fn label(self) -> &'static str {
        match self {
            DrugRole::Current => "current",
            DrugRole::Offered => "offered",
            DrugRole::Withheld => "withheld",
            DrugRole::Ordered => "ordered",
        }
    }
}

/// What a monitoring item watches.
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
pub enum MonitoringKind {
    /// Augmentation: worsening and earlier onset of symptoms (MO-1).
    Augmentation,
    /// Aminotransferases at baseline and one month after the maximum dose (SA-7).
    Aminotransferases,
}
named_enum!(MonitoringKind, "monitoring kind");

impl MonitoringKind {
    /// Human wording.
    pub const fn label(self) -> &'static str {
        match self {
            MonitoringKind::Augmentation => "augmentation",
            MonitoringKind::Aminotransferases => "aminotransferases",
        }
    }
}

/// What a note is about.
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
pub enum NoteKind {
    /// Another diagnosis to consider (RLS, DX-2).
    Differential,
    /// Confirm the diagnosis (DX-3, SA-10).
    DiagnosisConfirmation,
    /// Advice for the patient.
    Counselling,
    /// The knowledge base holds no treatment (DEC-6).
    OutOfScope,
    /// A secondary cramp: evaluate the underlying cause (DEC-6).
    SecondaryCause,
    /// Pregnancy: every drug item needs specialist review (SA-13).
    Pregnancy,
}
named_enum!(NoteKind, "note kind");

impl NoteKind {
    /// Human wording.
    pub const fn label(self) -> &'static str {
        match self {
            NoteKind::Differential => "differential diagnosis",
            NoteKind::DiagnosisConfirmation => "confirm the diagnosis",
            NoteKind::Counselling => "counselling",
            NoteKind::OutOfScope => "out of scope",
            NoteKind::SecondaryCause => "secondary cause",
            NoteKind::Pregnancy => "pregnancy",
        }
    }
}

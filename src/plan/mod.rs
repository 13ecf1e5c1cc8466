//! The treatment plan [`recommend`](crate::recommend) returns.
//!
//! A [`Plan`] always has three [`Step`]s (possibly empty): step 1 the non-drug measures, step 2
//! the stage-2 items and the iron work-up, step 3 the stage-3 items. Beside them it lists what
//! to avoid, alerts about the patient's medicines, what to monitor and notes. Every entry
//! carries its [`Citations`] and its [`Source`]: the article's advice or the crate's safety
//! additions. The [`trace`](Plan::trace) says, for every rule, whether it fired, why, and the
//! inputs it read.
//!
//! Plan types have public fields for reading and are `#[non_exhaustive]`: fields may be added
//! without a breaking change, and only the crate builds plans.

pub(crate) mod render;
pub(crate) mod trace;

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use strum::{Display, EnumCount, EnumIter, EnumString, IntoStaticStr, VariantArray, VariantNames};

use crate::knowledge::evidence::{Citations, Source, StatementId};
use crate::model::drug::{Drug, DrugOrClass};
use crate::model::name::{NameError, named_enum};
use crate::model::patient::{OutOfScopeKind, Patient, Presentation, PresentationKind, Stage};
use crate::model::quantity::Days;
use crate::model::set::Set;
use crate::plan::trace::{Trace, TraceEntry};

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

    /// The index into [`Plan::steps`], 0 to 2.
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

impl TryFrom<u8> for StepNumber {
    type Error = String;
    fn try_from(n: u8) -> Result<Self, String> {
        match n {
            1 => Ok(StepNumber::One),
            2 => Ok(StepNumber::Two),
            3 => Ok(StepNumber::Three),
            _ => Err(format!("step {n} is not 1, 2 or 3")),
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

/// What an item asks to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Action {
    /// A non-drug measure.
    Measure(Measure),
    /// A drug (one item per drug, never only a class).
    Drug(Drug),
    /// Draw iron studies (FE-1): the labs not yet measured.
    IronStudies {
        /// Whether serum ferritin is to be measured.
        ferritin: bool,
        /// Whether transferrin saturation is to be measured.
        transferrin_saturation: bool,
    },
    /// Consider iron supplementation (FE-2).
    IronSupplementation,
}

impl Action {
    /// The drug, if the action is a drug.
    pub const fn drug(self) -> Option<Drug> {
        match self {
            Action::Drug(d) => Some(d),
            _ => None,
        }
    }

    /// Human wording.
    pub fn label(self) -> Cow<'static, str> {
        match self {
            Action::Measure(m) => m.label().into(),
            Action::Drug(d) => d.label().into(),
            Action::IronStudies {
                ferritin: true,
                transferrin_saturation: true,
            } => "iron studies: serum ferritin and transferrin saturation".into(),
            Action::IronStudies { ferritin: true, .. } => "iron studies: serum ferritin".into(),
            Action::IronStudies { .. } => "iron studies: transferrin saturation".into(),
            Action::IronSupplementation => "iron supplementation".into(),
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

/// A caution or an instruction attached to an item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Attachment {
    /// The statement the attachment implements.
    pub rule: StatementId,
    /// Caution or instruction.
    pub kind: AttachmentKind,
    /// How urgent.
    pub severity: Severity,
    /// What it says.
    pub text: Cow<'static, str>,
    /// What it rests on; an addition also cites the item's ids.
    pub citations: Citations,
    /// The article's, or a safety addition.
    pub source: Source,
}

/// One thing to do, in one step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Item {
    /// The statement the item implements.
    pub rule: StatementId,
    /// The step it belongs to.
    pub step: StepNumber,
    /// What to do.
    pub action: Action,
    /// The article's tier, where it gives one (none for iron).
    pub tier: Option<Tier>,
    /// The article's strength wording.
    pub strength: Strength,
    /// Preferred among the items of its step (tizanidine after stroke, RX-3).
    pub preferred: bool,
    /// The longest use the knowledge allows (cyclobenzaprine: 21 days).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_days: Option<Days>,
    /// With `max_days`, for a drug already current: the days left.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days_left: Option<Days>,
    /// What the item says, in words.
    pub detail: Cow<'static, str>,
    /// Cautions and instructions attached to the item.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
    /// What it rests on.
    pub citations: Citations,
    /// Always the article: safety additions never add a treatment.
    pub source: Source,
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

/// A drug or class not to give, and why. The list holds only what is not offered (DEC-12).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Avoidance {
    /// The statement that first listed it.
    pub rule: StatementId,
    /// The drug or class.
    pub target: DrugOrClass,
    /// Avoid, contraindicated, not effective, or caution.
    pub kind: AvoidanceKind,
    /// Why.
    pub reason: Cow<'static, str>,
    /// What it rests on (every statement that listed it).
    pub citations: Citations,
    /// The article's, or a safety addition.
    pub source: Source,
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

/// A drug an alert or a monitoring item concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct InvolvedDrug {
    /// The drug.
    pub drug: Drug,
    /// Current, offered or withheld.
    pub role: DrugRole,
}

/// An alert about the patient's medicines (current or offered). Alerts never advise stopping a
/// drug abruptly; they ask for a review of the drug and its indication (DEC-11).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Alert {
    /// The statement that raised it.
    pub rule: StatementId,
    /// How urgent.
    pub severity: Severity,
    /// The drugs it concerns, each current, offered or withheld.
    pub drugs: Vec<InvolvedDrug>,
    /// What it says.
    pub message: Cow<'static, str>,
    /// What it rests on.
    pub citations: Citations,
    /// The article's, or a safety addition.
    pub source: Source,
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

/// Something to monitor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Monitoring {
    /// The statement that asks for it.
    pub rule: StatementId,
    /// What to monitor.
    pub what: MonitoringKind,
    /// The drugs it concerns.
    pub drugs: Vec<InvolvedDrug>,
    /// What it says.
    pub text: Cow<'static, str>,
    /// What it rests on.
    pub citations: Citations,
    /// The article's, or a safety addition.
    pub source: Source,
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

/// A note for the clinician. Notes never change the treatment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Note {
    /// The statement behind it.
    pub rule: StatementId,
    /// What the note is about.
    pub kind: NoteKind,
    /// How urgent.
    pub severity: Severity,
    /// What it says.
    pub text: Cow<'static, str>,
    /// What it rests on.
    pub citations: Citations,
    /// The article's, or a safety addition.
    pub source: Source,
}

/// The types of leg spasm of DX-1.
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
pub enum SpasmCategory {
    /// A true cramp.
    TrueCramp,
    /// A contracture.
    Contracture,
    /// Tetany.
    Tetany,
    /// A dystonia.
    Dystonia,
}
named_enum!(SpasmCategory, "spasm category");

impl SpasmCategory {
    /// Human wording.
    pub const fn label(self) -> &'static str {
        match self {
            SpasmCategory::TrueCramp => "true cramp",
            SpasmCategory::Contracture => "contracture",
            SpasmCategory::Tetany => "tetany",
            SpasmCategory::Dystonia => "dystonia",
        }
    }
}

impl From<OutOfScopeKind> for SpasmCategory {
    fn from(k: OutOfScopeKind) -> Self {
        match k {
            OutOfScopeKind::Contracture => SpasmCategory::Contracture,
            OutOfScopeKind::Tetany => SpasmCategory::Tetany,
            OutOfScopeKind::Dystonia => SpasmCategory::Dystonia,
        }
    }
}

/// The classification of the presentation (DX-1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Classification {
    /// The presentation, with its subtype.
    pub presentation: Presentation,
    /// The DX-1 category where one exists (true cramp; contracture, tetany or dystonia).
    pub category: Option<SpasmCategory>,
    /// What it rests on (DX-1, R2).
    pub citations: Citations,
}

/// The knowledge a plan was computed from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Provenance {
    /// The article's title.
    pub article_title: Cow<'static, str>,
    /// The article's date, `2025-10-31`.
    pub article_date: Cow<'static, str>,
    /// The article's review status, `pending human review`.
    pub review_status: Cow<'static, str>,
    /// The crate's knowledge version ([`KNOWLEDGE_VERSION`](crate::KNOWLEDGE_VERSION)).
    #[cfg_attr(
        feature = "schemars",
        schemars(description = "The crate's knowledge version, as semver.")
    )]
    pub knowledge_version: Cow<'static, str>,
    /// The safety additions that fired for this patient.
    pub additions_fired: Set<StatementId>,
}

/// One step of the plan with its items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Step {
    /// Which step.
    pub number: StepNumber,
    /// Its items, in the order of their statement ids.
    pub items: Vec<Item>,
}

/// A treatment plan, as [`recommend`](crate::recommend) returns it.
///
/// Always three [`Step`]s (possibly empty): step 1 the non-drug measures, step 2 the stage-2
/// items and the iron work-up, step 3 the stage-3 items. Beside them: what to avoid, alerts
/// about the patient's medicines (critical first), what to monitor, notes, a trace with one
/// entry per rule, and the provenance of the knowledge. Every entry carries its [`Citations`]
/// and its [`Source`]: the article's advice, or a safety addition of the crate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Plan {
    /// The patient the plan was computed for, as given: the plan restates whom it is for.
    pub patient: Patient,
    /// The classification of the presentation (DX-1).
    pub classification: Classification,
    /// The stage the plan was computed for, as the caller reported it.
    pub stage: Stage,
    /// Steps 1 to 3, always all three.
    pub steps: [Step; 3],
    /// Drugs and classes not to give, in the order of their statement ids.
    pub avoidances: Vec<Avoidance>,
    /// Alerts, critical first, then by statement id, then by drug.
    pub alerts: Vec<Alert>,
    /// What to monitor, in the order of their statement ids.
    pub monitoring: Vec<Monitoring>,
    /// Notes, in the order of their statement ids.
    pub notes: Vec<Note>,
    /// One entry per rule, fired or not, in the order of the statement ids.
    pub trace: Trace,
    /// The knowledge used.
    pub provenance: Provenance,
    /// For a plan made from a record ([`Record::recommend`](crate::Record::recommend)): the
    /// statement that medicines of the record could not be identified and were not checked
    /// (knowledge spec Part 8.2); absent when every medicine was identified or the plan was
    /// not made from a record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unidentified_medicines: Option<String>,
}

impl Plan {
    /// Every item, step by step.
    ///
    /// # Examples
    ///
    /// ```
    /// # use leg_spasm_cds::*;
    /// // An idiopathic cramp, non-drug measures insufficient.
    /// let patient = Patient::new(
    ///     Presentation::TrueCramp(CrampKind::Idiopathic),
    ///     Stage::NonDrugInsufficient,
    ///     SymptomSeverity::Mild,
    ///     Age::new(50)?,
    ///     Set::new(),
    ///     Medications::none(),
    /// );
    /// let plan = recommend(&patient);
    /// // Step 1 first, then step 2.
    /// let steps: Vec<u8> = plan.items().map(|i| i.step.get()).collect();
    /// assert!(steps.windows(2).all(|w| w[0] <= w[1]));
    /// assert!(plan.items().any(|i| i.action == Action::Measure(Measure::Stretching)));
    /// // The three alpha-2-delta ligands of RX-1, one item per drug.
    /// assert_eq!(plan.items().filter(|i| i.rule == StatementId::Rx1).count(), 3);
    /// // Every item says whose advice it is: items are always the article's.
    /// assert!(plan.items().all(|i| i.source == Source::Article));
    /// # Ok::<(), QuantityError>(())
    /// ```
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.steps.iter().flat_map(|s| &s.items)
    }

    /// The drugs the plan offers.
    ///
    /// # Examples
    ///
    /// ```
    /// # use leg_spasm_cds::*;
    /// // Restless legs in end-stage renal disease, non-drug measures insufficient.
    /// let patient = Patient::new(
    ///     Presentation::RestlessLegs,
    ///     Stage::NonDrugInsufficient,
    ///     SymptomSeverity::Moderate,
    ///     Age::new(66)?,
    ///     Set::from([Condition::EndStageRenalDisease]),
    ///     Medications::none(),
    /// );
    /// let plan = recommend(&patient);
    /// // Gabapentin enacarbil is withheld (SA-6); iron is not a drug.
    /// assert_eq!(
    ///     plan.offered_drugs(),
    ///     Set::from([Drug::Gabapentin, Drug::Pregabalin])
    /// );
    /// # Ok::<(), QuantityError>(())
    /// ```
    pub fn offered_drugs(&self) -> Set<Drug> {
        self.items().filter_map(|i| i.action.drug()).collect()
    }

    /// The item offering `drug`, if any.
    ///
    /// # Examples
    ///
    /// ```
    /// # use leg_spasm_cds::*;
    /// // Spasticity after a stroke, causing pain, non-drug measures insufficient.
    /// let patient = Patient::new(
    ///     Presentation::Spasticity {
    ///         origin: SpasticityOrigin::Stroke,
    ///         impacts: Set::from([Impact::Pain]),
    ///     },
    ///     Stage::NonDrugInsufficient,
    ///     SymptomSeverity::Moderate,
    ///     Age::new(70)?,
    ///     Set::new(),
    ///     Medications::none(),
    /// );
    /// let plan = recommend(&patient);
    /// let tizanidine = plan.item_for(Drug::Tizanidine).expect("RX-3 at stage 2");
    /// assert!(tizanidine.preferred); // particularly after stroke (RX-3)
    /// assert_eq!(tizanidine.step, StepNumber::Two);
    /// // Baclofen carries its cautions, among them the stroke caution (SA-9).
    /// let baclofen = plan.item_for(Drug::Baclofen).expect("RX-4: spasticity causes pain");
    /// assert!(baclofen.attachments.iter().any(|a| a.rule == StatementId::Sa9));
    /// // Cyclobenzaprine is not effective for spasticity (PF-2): no item.
    /// assert!(plan.item_for(Drug::Cyclobenzaprine).is_none());
    /// # Ok::<(), QuantityError>(())
    /// ```
    pub fn item_for(&self, drug: Drug) -> Option<&Item> {
        self.items().find(|i| i.action.drug() == Some(drug))
    }

    /// Whether `drug` is on the avoidance list, as itself or through its class.
    ///
    /// # Examples
    ///
    /// ```
    /// # use leg_spasm_cds::*;
    /// // Spasticity after a stroke.
    /// let patient = Patient::new(
    ///     Presentation::Spasticity {
    ///         origin: SpasticityOrigin::Stroke,
    ///         impacts: Set::new(),
    ///     },
    ///     Stage::NothingTried,
    ///     SymptomSeverity::Mild,
    ///     Age::new(70)?,
    ///     Set::new(),
    ///     Medications::none(),
    /// );
    /// let plan = recommend(&patient);
    /// // Through its class: benzodiazepines during stroke recovery (AV-1, DEC-10).
    /// assert!(plan.avoids(Drug::Diazepam));
    /// assert!(plan.avoids(Drug::OtherBenzodiazepine));
    /// // As itself: not effective for spasticity (PF-2).
    /// assert!(plan.avoids(Drug::Cyclobenzaprine));
    /// assert!(!plan.avoids(Drug::Tizanidine));
    /// # Ok::<(), QuantityError>(())
    /// ```
    pub fn avoids(&self, drug: Drug) -> bool {
        self.avoidances.iter().any(|a| a.target.covers(drug))
    }

    /// The trace entry of a rule.
    pub fn trace_of(&self, rule: StatementId) -> Option<TraceEntry<'_>> {
        self.trace.get(rule)
    }
}

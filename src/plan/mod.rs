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

mod involved;
pub(crate) mod render;
pub(crate) mod trace;
mod without_trace;

pub use involved::InvolvedDrugs;
pub use without_trace::{PlanCodes, PlanWithoutTrace};

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use strum::{Display, EnumCount, EnumIter, EnumString, IntoStaticStr, VariantArray, VariantNames};

pub use crate::knowledge::advice::{
    AttachmentKind, AvoidanceKind, DrugRole, Measure, MonitoringKind, NoteKind, Severity,
    StepNumber, StepNumberError, Strength, Tier,
};
use crate::knowledge::evidence::{Citations, Source, StatementId};
use crate::model::drug::{Drug, DrugOrClass};
use crate::model::name::{NameError, named_enum};
use crate::model::patient::{OutOfScopeKind, Patient, Presentation, Stage};
use crate::model::quantity::Days;
use crate::model::set::Set;
use crate::plan::trace::{Trace, TraceEntry};

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
    pub drugs: InvolvedDrugs,
    /// What it says.
    pub message: Cow<'static, str>,
    /// What it rests on.
    pub citations: Citations,
    /// The article's, or a safety addition.
    pub source: Source,
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
    pub drugs: InvolvedDrugs,
    /// What it says.
    pub text: Cow<'static, str>,
    /// What it rests on.
    pub citations: Citations,
    /// The article's, or a safety addition.
    pub source: Source,
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

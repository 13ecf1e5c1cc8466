//! The knowledge base as data: one [`Rule`] per statement id, each a list of [`Effect`]s.
//!
//! An effect says where it applies (presentations and the first stage), under which
//! [`Guard`], and what it produces ([`Output`]). One small engine evaluates the table for a
//! patient. The table is checked when the crate compiles: it holds every statement id exactly
//! once and in order, and no safety addition has an output that adds a treatment.
//!
//! ```
//! use leg_spasm_cds::rules::{self, Output};
//! use leg_spasm_cds::{Source, StatementId};
//! assert_eq!(rules::table().len(), 45);
//! // Safety additions may warn, restrict or ask for monitoring, never offer.
//! for rule in rules::table().iter().filter(|r| r.id.source() == Source::SafetyAddition) {
//!     assert!(rule.effects.iter().all(|e| !e.then.adds_treatment()));
//! }
//! assert_eq!(rules::rule(StatementId::Rx1).id, StatementId::Rx1);
//! ```

mod table;

use std::fmt;

use crate::drug::{Drug, DrugOrClass};
use crate::evidence::{Decision, StatementId};
use crate::patient::{
    Condition, CrampKind, PresentationKind, RlsCriterion, SpasticityOrigin, Stage, SymptomSeverity,
};
use crate::plan::{
    AttachmentKind, AvoidanceKind, DrugRole, Measure, MonitoringKind, NoteKind, Severity,
    StepNumber, Strength, Tier,
};
use crate::quantity::{Age, Days};
use crate::set::Set;

/// The rule for one statement id.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct Rule {
    /// The statement the rule implements.
    pub id: StatementId,
    /// Decisions of the spec (Part 3) that shape where the rule applies.
    pub decisions: Set<Decision>,
    /// What the rule does; empty for none.
    pub effects: &'static [Effect],
}

/// One thing a rule produces, and when.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct Effect {
    /// The presentations it applies to.
    pub scope: Set<PresentationKind>,
    /// The first stage it applies at.
    pub from: Stage,
    /// The further condition.
    pub when: Guard,
    /// What it produces.
    pub then: Output,
    /// Further statement ids the produced entry cites (the algorithm step, say), without their
    /// references.
    pub also_cites: Set<StatementId>,
    /// Decisions the produced entry cites.
    pub decisions: Set<Decision>,
}

/// A condition on the patient or on the plan being built.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum Guard {
    /// Always true.
    Always,
    /// The negation.
    Not(&'static Guard),
    /// All of them.
    All(&'static [Guard]),
    /// At least one of them.
    Any(&'static [Guard]),
    /// The patient has the condition.
    Has(Condition),
    /// The patient is recovering from a stroke (DEC-10).
    StrokeRecovery,
    /// The presentation is a true cramp of this kind.
    Cramp(CrampKind),
    /// The presentation is spasticity of this origin.
    Origin(SpasticityOrigin),
    /// The presentation is spasticity that causes pain, poor skin hygiene or decreased function.
    AnyImpact,
    /// The severity is at least this.
    SeverityAtLeast(SymptomSeverity),
    /// The age is at least this.
    AgeAtLeast(Age),
    /// A drug of this drug or class is current.
    Current(DrugOrClass),
    /// The drug is current for more than this many days.
    CurrentLongerThan(Drug, Days),
    /// The plan offers a drug of this drug or class.
    Offered(DrugOrClass),
    /// The plan withheld the drug (a contraindication).
    Withheld(Drug),
    /// FE-2: ferritin <= 75 ng/mL or transferrin saturation < 20 %.
    IronCalledFor,
    /// Ferritin was measured.
    FerritinMeasured,
    /// Transferrin saturation was measured.
    SaturationMeasured,
    /// SA-11: transferrin saturation >= 45 %.
    SaturationAtOverload,
    /// The RLS criteria were reported and include the article's four (DX-3).
    ArticleCriteriaPresent,
    /// The RLS criteria were reported and include this one.
    CriterionReported(RlsCriterion),
}

/// What an [`Output::Offer`] offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Offering {
    /// A non-drug measure.
    Measure(Measure),
    /// A drug.
    Drug(Drug),
    /// Iron studies, for the labs not yet measured.
    IronStudies,
    /// Iron supplementation.
    IronSupplementation,
}

/// What an [`Output::Attach`] attaches to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum AttachTo {
    /// Every offered drug of this drug or class.
    Drug(DrugOrClass),
    /// The iron studies item.
    IronStudies,
    /// The iron supplementation item.
    IronSupplementation,
}

/// Which drugs an alert names.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum AlertAbout {
    /// One alert per current drug of this drug or class.
    EachCurrent(DrugOrClass),
    /// One alert per current drug of this drug or class taken for more than this many days.
    EachCurrentLongerThan(DrugOrClass, Days),
    /// One alert per current drug of this drug or class taken for at least this many days.
    EachCurrentAtLeast(DrugOrClass, Days),
    /// One alert naming every drug that matches, each in the roles given.
    Together(&'static [(DrugOrClass, Set<DrugRole>)]),
}

/// What an effect produces.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum Output {
    /// The DX-1 classification.
    Classify,
    /// An item in a step.
    Offer {
        /// The step.
        step: StepNumber,
        /// What is offered.
        what: Offering,
        /// The article's tier.
        tier: Option<Tier>,
        /// The article's strength wording.
        strength: Strength,
        /// The item's words.
        detail: &'static str,
    },
    /// Another strength wording for an offered drug (MO-2).
    Mark {
        /// The drug.
        drug: Drug,
        /// The new wording.
        strength: Strength,
    },
    /// Marks an offered drug as preferred (RX-3).
    Prefer(Drug),
    /// A maximum duration for an offered drug, with the days left if it is current (PF-1).
    Limit {
        /// The drug.
        drug: Drug,
        /// The longest use.
        max: Days,
    },
    /// Removes an offered drug and lists it as avoided or contraindicated.
    Withhold {
        /// The drug.
        drug: Drug,
        /// How it is listed.
        kind: AvoidanceKind,
        /// Why.
        reason: &'static str,
    },
    /// Lists a drug or class as not to give.
    Avoid {
        /// The drug or class.
        target: DrugOrClass,
        /// How it is listed.
        kind: AvoidanceKind,
        /// Why.
        reason: &'static str,
    },
    /// A caution or instruction on offered items.
    Attach {
        /// The items.
        to: AttachTo,
        /// Caution or instruction.
        kind: AttachmentKind,
        /// How urgent.
        severity: Severity,
        /// What it says.
        text: &'static str,
    },
    /// An alert about drugs.
    Alert {
        /// How urgent.
        severity: Severity,
        /// Which drugs.
        about: AlertAbout,
        /// What it says.
        message: &'static str,
    },
    /// A monitoring item about the matching drugs.
    Monitor {
        /// What to monitor.
        what: MonitoringKind,
        /// Which drugs, in which roles.
        about: &'static [(DrugOrClass, Set<DrugRole>)],
        /// What it says.
        text: &'static str,
    },
    /// A note.
    Note {
        /// What the note is about.
        kind: NoteKind,
        /// How urgent.
        severity: Severity,
        /// What it says.
        text: &'static str,
    },
    /// An algorithm step (AL-1 to AL-3): fires when an item of the plan cites it.
    Algorithm,
}

/// When during evaluation an output is applied: every offer first, then the restrictions,
/// then everything that reads the offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Phase {
    Offer,
    Restrict,
    Annotate,
}

impl Output {
    /// Whether the output adds or promotes a treatment: an offer, a stronger wording, a
    /// preference. Safety additions have none of these (checked when the crate compiles).
    pub const fn adds_treatment(&self) -> bool {
        matches!(
            self,
            Output::Offer { .. } | Output::Mark { .. } | Output::Prefer(_)
        )
    }

    pub(crate) const fn phase(&self) -> Phase {
        match self {
            Output::Classify | Output::Offer { .. } => Phase::Offer,
            Output::Withhold { .. } => Phase::Restrict,
            _ => Phase::Annotate,
        }
    }

    /// The severity of what the output produces, where it has one.
    pub const fn severity(&self) -> Option<Severity> {
        match *self {
            Output::Attach { severity, .. }
            | Output::Alert { severity, .. }
            | Output::Note { severity, .. } => Some(severity),
            _ => None,
        }
    }
}

/// The whole table, in the order of the statement ids.
pub fn table() -> &'static [Rule] {
    &table::TABLE
}

/// The rule of a statement id.
pub fn rule(id: StatementId) -> &'static Rule {
    // The table holds every id once, in order (checked at compile time).
    &table::TABLE[id as usize]
}

/// The rules with an effect that offers `drug`.
pub fn offering(drug: Drug) -> Set<StatementId> {
    table()
        .iter()
        .filter(|r| {
            r.effects.iter().any(
                |e| matches!(e.then, Output::Offer { what: Offering::Drug(d), .. } if d == drug),
            )
        })
        .map(|r| r.id)
        .collect()
}

// ---- Human wording, for traces and the decision table -------------------------------------

impl fmt::Display for Guard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn list(f: &mut fmt::Formatter<'_>, gs: &[Guard], sep: &str) -> fmt::Result {
            for (i, g) in gs.iter().enumerate() {
                if i > 0 {
                    f.write_str(sep)?;
                }
                match g {
                    Guard::All(_) | Guard::Any(_) => write!(f, "({g})")?,
                    _ => write!(f, "{g}")?,
                }
            }
            Ok(())
        }
        match *self {
            Guard::Always => f.write_str("always"),
            Guard::Not(g) => match g {
                Guard::All(_) | Guard::Any(_) => write!(f, "not ({g})"),
                _ => write!(f, "not {g}"),
            },
            Guard::All(gs) => list(f, gs, " and "),
            Guard::Any(gs) => list(f, gs, " or "),
            Guard::Has(c) => write!(f, "{}", c.label()),
            Guard::StrokeRecovery => f.write_str("recovering from a stroke (DEC-10)"),
            Guard::Cramp(k) => write!(f, "{} cramp", k.label()),
            Guard::Origin(o) => write!(f, "origin is {}", o.label()),
            Guard::AnyImpact => {
                f.write_str("spasticity causes pain, poor skin hygiene or decreased function")
            }
            Guard::SeverityAtLeast(s) => write!(f, "severity {s} or worse"),
            Guard::AgeAtLeast(a) => write!(f, "age >= {}", a.years()),
            Guard::Current(d) => write!(f, "{} current", d.label()),
            Guard::CurrentLongerThan(d, n) => write!(f, "{} current for more than {n}", d.label()),
            Guard::Offered(d) => write!(f, "{} offered", d.label()),
            Guard::Withheld(d) => write!(f, "{} withheld", d.label()),
            Guard::IronCalledFor => {
                f.write_str("ferritin <= 75 ng/mL or transferrin saturation < 20 %")
            }
            Guard::FerritinMeasured => f.write_str("ferritin measured"),
            Guard::SaturationMeasured => f.write_str("transferrin saturation measured"),
            Guard::SaturationAtOverload => f.write_str("transferrin saturation >= 45 %"),
            Guard::ArticleCriteriaPresent => {
                f.write_str("the four RLS symptoms of DX-3 reported present")
            }
            Guard::CriterionReported(c) => write!(f, "RLS criterion reported: {}", c.label()),
        }
    }
}

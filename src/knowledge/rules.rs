//! The knowledge base as data: one [`Rule`] per statement id, each a list of effects.
//!
//! An effect says where it applies (presentations and the first stage), under which
//! condition, and what it produces. One small engine evaluates the table for a patient. The
//! representation of effects is private to the crate, so that it can change without a major
//! release; a [`Rule`] shows its statement id, its decisions, its effects in words
//! ([`Rule::description`], `Display`) and whether it adds a treatment. The table is checked when the crate compiles: it holds every statement id exactly
//! once and in order, and no safety addition has an output that adds a treatment.
//!
//! [`decision_table`] renders the table as a Markdown document for clinicians (checked in as
//! `docs/decision-table.md`); conditions and outputs read in plain words.
//!
//! ```
//! use leg_spasm_cds::rules;
//! use leg_spasm_cds::{Source, StatementId};
//! assert_eq!(rules::table().len(), <StatementId as strum::VariantArray>::VARIANTS.len());
//! // Safety additions may warn, restrict or ask for monitoring, never offer.
//! for rule in rules::table().iter().filter(|r| r.id.source() == Source::SafetyAddition) {
//!     assert!(!rule.adds_treatment());
//! }
//! assert_eq!(rules::rule(StatementId::Rx1).id, StatementId::Rx1);
//! ```

mod doc;
mod index;
mod table;

pub use doc::decision_table;
pub(crate) use index::{Decide, Planned, Sizes, Test, citations, effects_for, facts, sizes_for};

use std::fmt;

use crate::knowledge::advice::{
    AttachmentKind, AvoidanceKind, DrugRole, Measure, MonitoringKind, NoteKind, Severity,
    StepNumber, Strength, Tier,
};
use crate::knowledge::evidence::{Decision, StatementId};
use crate::model::drug::{Drug, DrugOrClass};
use crate::model::patient::{
    Condition, CrampKind, PresentationKind, RlsCriterion, SpasticityOrigin, Stage, SymptomSeverity,
};
use crate::model::quantity::{Age, Days};
use crate::model::set::Set;

/// The rule for one statement id.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct Rule {
    /// The statement the rule implements.
    pub id: StatementId,
    /// Decisions of the spec (Part 3) that shape where the rule applies.
    pub decisions: Set<Decision>,
    /// What the rule does; empty for none.
    pub(crate) effects: &'static [Effect],
}

impl Rule {
    /// How many effects the rule has: one row each in the [decision table](decision_table).
    pub fn effect_count(&self) -> usize {
        self.effects.len()
    }

    /// Whether an effect of the rule offers, prefers or strengthens a treatment. Never true of
    /// a safety addition (checked when the crate compiles).
    pub fn adds_treatment(&self) -> bool {
        self.effects.iter().any(|e| e.then.adds_treatment())
    }

    /// Whether an effect of the rule that applies to the presentation kind offers, prefers or
    /// strengthens a treatment.
    pub fn adds_treatment_for(&self, kind: PresentationKind) -> bool {
        self.effects
            .iter()
            .any(|e| e.scope.contains(kind) && e.then.adds_treatment())
    }

    /// The effects in words, one line each: what the rule produces, for which presentations,
    /// from which stage and under which condition (as in the [decision table](decision_table)).
    pub fn description(&self) -> String {
        let mut text = String::new();
        for (i, effect) in self.effects.iter().enumerate() {
            if i > 0 {
                text.push('\n');
            }
            let scope: Vec<&str> = effect.scope.iter().map(PresentationKind::label).collect();
            text.push_str(&format!(
                "{} ({}; from {}; when {})",
                effect.then,
                scope.join(", "),
                effect.from.label(),
                effect.when
            ));
        }
        text
    }
}

/// The statement id and its words, then the effects in words (see [`Rule::description`]).
impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.id, self.id.text())?;
        for line in self.description().lines() {
            write!(f, "\n- {line}")?;
        }
        Ok(())
    }
}

/// One thing a rule produces, and when.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub(crate) struct Effect {
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
pub(crate) enum Guard {
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
    /// The age is known and at least this.
    AgeAtLeast(Age),
    /// The age is stated unknown (DEC-16: read as 65 or more by SA-12 and SA-15).
    AgeUnknown,
    /// A drug of this drug or class is current.
    Current(DrugOrClass),
    /// The drug is current for at least this many days, or for an unknown number of days
    /// (DEC-8, DEC-16: a use of unknown length is never extended).
    CurrentAtLeast(Drug, Days),
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
pub(crate) enum Offering {
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
pub(crate) enum AttachTo {
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
pub(crate) enum AlertAbout {
    /// One alert per current drug of this drug or class.
    EachCurrent(DrugOrClass),
    /// One alert per current drug of this drug or class taken for a known number of days, at
    /// least this many.
    EachCurrentAtLeast(DrugOrClass, Days),
    /// One alert per current drug of this drug or class whose days of use are stated unknown
    /// (DEC-16).
    EachCurrentUnknownDuration(DrugOrClass),
    /// One alert naming every drug that matches, each in the roles given.
    Together(&'static [(DrugOrClass, Set<DrugRole>)]),
}

/// What an effect produces.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub(crate) enum Output {
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
    /// One alert about a current drug naming every contraindication present among `with`
    /// (drugs) and `conditions` (SA-8): critical when a drug of `with` is among them, a warning
    /// otherwise.
    Contraindications {
        /// The current drug the alert is about.
        drug: Drug,
        /// Drugs it is contraindicated with; their presence makes the alert critical.
        with: DrugOrClass,
        /// Conditions it is contraindicated in.
        conditions: &'static [Condition],
        /// The opening words, before the list of contraindications present.
        opening: &'static str,
        /// Words added when a drug of `with` is among them.
        critical_words: &'static str,
        /// The closing words.
        closing: &'static str,
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
        matches!(self, Output::Offer { .. } | Output::Prefer(_))
    }

    pub(crate) const fn phase(&self) -> Phase {
        match self {
            Output::Classify | Output::Offer { .. } => Phase::Offer,
            Output::Withhold { .. } => Phase::Restrict,
            _ => Phase::Annotate,
        }
    }

    /// Whether the medication check (knowledge spec Part 8.1) evaluates the output: the
    /// alerts and monitoring about drugs. Everything else needs a plan (a stage, offers) and
    /// is plan only. No wildcard: a new kind of output must be classified here.
    pub(crate) const fn in_check(&self) -> bool {
        match self {
            Output::Alert { .. } | Output::Contraindications { .. } | Output::Monitor { .. } => {
                true
            }
            Output::Classify
            | Output::Offer { .. }
            | Output::Prefer(_)
            | Output::Limit { .. }
            | Output::Withhold { .. }
            | Output::Avoid { .. }
            | Output::Attach { .. }
            | Output::Note { .. }
            | Output::Algorithm => false,
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
///
/// # Examples
///
/// ```
/// use leg_spasm_cds::rules;
/// use leg_spasm_cds::{PresentationKind, Source, StatementId};
///
/// let table = rules::table();
/// assert_eq!(table.len(), <StatementId as strum::VariantArray>::VARIANTS.len());
/// assert_eq!(table[0].id, StatementId::Dx1);
/// assert_eq!(table.last().unwrap().id, StatementId::Sa15);
///
/// // Which rules can offer a treatment for restless legs?
/// let offering: Vec<StatementId> = table
///     .iter()
///     .filter(|r| r.adds_treatment_for(PresentationKind::RestlessLegs))
///     .map(|r| r.id)
///     .collect();
/// assert!(offering.contains(&StatementId::Rx5));
/// assert!(offering.iter().all(|id| id.source() == Source::Article));
///
/// // Every effect reads in plain words.
/// let sa7 = rules::rule(StatementId::Sa7);
/// let first = sa7.description().lines().next().unwrap().to_owned();
/// assert!(first.ends_with("when the patient takes any of the strong CYP1A2 inhibitors)"));
/// assert!(first.starts_with("Where tizanidine would otherwise be offered: it is not offered"));
/// ```
pub const fn table() -> &'static [Rule] {
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

/// A drug, or "any of the" class: `gabapentin`, `any of the opioids`.
struct AnyOf(DrugOrClass);

impl fmt::Display for AnyOf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            DrugOrClass::Drug(d) => f.write_str(d.label()),
            DrugOrClass::Class(c) => write!(f, "any of the {}", c.label()),
        }
    }
}

/// How an avoidance is listed, in words.
const fn listed(kind: AvoidanceKind) -> &'static str {
    match kind {
        AvoidanceKind::Avoid => "to avoid",
        AvoidanceKind::Contraindicated => "contraindicated",
        AvoidanceKind::NotEffective => "not effective",
        AvoidanceKind::Caution => "use with caution",
    }
}

impl Guard {
    /// The guard in words, or its negation (negations are pushed inwards, so that no
    /// "not (...)" is left for the reader to work out).
    fn write(&self, f: &mut fmt::Formatter<'_>, negated: bool) -> fmt::Result {
        let yes = !negated;
        match *self {
            Guard::Always => f.write_str(if yes { "always" } else { "never" }),
            Guard::Not(g) => g.write(f, !negated),
            Guard::All(gs) | Guard::Any(gs) => {
                let all = matches!(self, Guard::All(_));
                let sep = if all == yes { " and " } else { " or " };
                for (i, g) in gs.iter().enumerate() {
                    if i > 0 {
                        f.write_str(sep)?;
                    }
                    let text = Negated(g, negated).to_string();
                    // Parentheses wherever the words themselves hold an "and", "or" or "nor"
                    // (a nested list of several conditions always does).
                    let grouped =
                        gs.len() > 1 && [" and ", " or ", " nor "].iter().any(|w| text.contains(w));
                    if grouped {
                        write!(f, "({text})")?;
                    } else {
                        f.write_str(&text)?;
                    }
                }
                Ok(())
            }
            Guard::Has(c) => match (yes, c) {
                (true, _) => f.write_str(c.label()),
                (false, Condition::StrokeRecovery) => write!(f, "not {}", c.label()),
                (false, _) => write!(f, "no {}", c.label()),
            },
            Guard::StrokeRecovery => f.write_str(if yes {
                "recovering from a stroke (DEC-10)"
            } else {
                "not recovering from a stroke (DEC-10)"
            }),
            Guard::Cramp(k) if yes => write!(f, "{} cramp", k.label()),
            Guard::Cramp(k) => {
                let label = k.label();
                let article = if label.starts_with(['a', 'e', 'i', 'o', 'u']) {
                    "an"
                } else {
                    "a"
                };
                write!(f, "not {article} {label} cramp")
            }
            Guard::Origin(o) if yes => write!(f, "the spasticity's origin is {}", o.label()),
            Guard::Origin(o) => write!(f, "the spasticity's origin is not {}", o.label()),
            Guard::AnyImpact => f.write_str(if yes {
                "the spasticity causes pain, poor skin hygiene or decreased function"
            } else {
                "the spasticity causes none of pain, poor skin hygiene, decreased function"
            }),
            Guard::SeverityAtLeast(s) if yes => write!(f, "severity {s} or worse"),
            Guard::SeverityAtLeast(s) => write!(f, "severity milder than {s}"),
            Guard::AgeAtLeast(a) if yes => write!(f, "age {} or older", a.years()),
            Guard::AgeAtLeast(a) => write!(f, "age under {} or unknown", a.years()),
            Guard::AgeUnknown if yes => {
                f.write_str("age stated unknown (DEC-16: counted as 65 or older)")
            }
            Guard::AgeUnknown => f.write_str("age known"),
            Guard::Current(of) => match (yes, of) {
                (true, _) => write!(f, "the patient takes {}", AnyOf(of)),
                (false, DrugOrClass::Drug(d)) => {
                    write!(f, "the patient does not take {}", d.label())
                }
                (false, DrugOrClass::Class(c)) => {
                    write!(f, "the patient takes none of the {}", c.label())
                }
            },
            Guard::CurrentAtLeast(d, n) if yes => write!(
                f,
                "the patient has taken {} for {n} or more, or for an unknown time",
                d.label()
            ),
            Guard::CurrentAtLeast(d, n) => write!(
                f,
                "the patient has not taken {} for {n} or more, nor for an unknown time",
                d.label()
            ),
            Guard::Offered(of) => match (yes, of) {
                (true, _) => write!(f, "the plan offers {}", AnyOf(of)),
                (false, DrugOrClass::Drug(d)) => write!(f, "the plan does not offer {}", d.label()),
                (false, DrugOrClass::Class(c)) => {
                    write!(f, "the plan offers none of the {}", c.label())
                }
            },
            Guard::Withheld(d) if yes => {
                write!(f, "the plan withholds {} (a contraindication)", d.label())
            }
            Guard::Withheld(d) => write!(f, "the plan does not withhold {}", d.label()),
            Guard::IronCalledFor => f.write_str(if yes {
                "ferritin <= 75 ng/mL or transferrin saturation < 20 %"
            } else {
                "neither ferritin <= 75 ng/mL nor transferrin saturation < 20 %"
            }),
            Guard::FerritinMeasured => f.write_str(if yes {
                "ferritin measured"
            } else {
                "ferritin not measured"
            }),
            Guard::SaturationMeasured => f.write_str(if yes {
                "transferrin saturation measured"
            } else {
                "transferrin saturation not measured"
            }),
            Guard::SaturationAtOverload => f.write_str(if yes {
                "transferrin saturation >= 45 %"
            } else {
                "transferrin saturation not measured or below 45 %"
            }),
            Guard::ArticleCriteriaPresent => f.write_str(if yes {
                "the four RLS symptoms of DX-3 reported present"
            } else {
                "the four RLS symptoms of DX-3 not all reported present (or not reported)"
            }),
            Guard::CriterionReported(c) if yes => {
                write!(f, "RLS criterion reported present: {}", c.label())
            }
            Guard::CriterionReported(c) => {
                write!(f, "RLS criterion not reported present: {}", c.label())
            }
        }
    }
}

/// A guard, negated or not.
struct Negated<'a>(&'a Guard, bool);

impl fmt::Display for Negated<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.write(f, self.1)
    }
}

impl fmt::Display for Guard {
    /// The condition in plain words, for example `idiopathic cramp and no pregnancy`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, false)
    }
}

impl fmt::Display for Offering {
    /// What is offered, in words: `gabapentin`, `iron supplementation`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Offering::Measure(m) => f.write_str(m.label()),
            Offering::Drug(d) => f.write_str(d.label()),
            Offering::IronStudies => f.write_str(
                "iron studies: ferritin and transferrin saturation, whichever is not measured",
            ),
            Offering::IronSupplementation => f.write_str("iron supplementation"),
        }
    }
}

impl fmt::Display for AttachTo {
    /// The items, in words: `the baclofen item`, `each offered item among the
    /// alpha-2-delta ligands`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            AttachTo::Drug(DrugOrClass::Drug(d)) => write!(f, "the {} item", d.label()),
            AttachTo::Drug(DrugOrClass::Class(c)) => {
                write!(f, "each offered item among the {}", c.label())
            }
            AttachTo::IronStudies => f.write_str("the iron studies item"),
            AttachTo::IronSupplementation => f.write_str("the iron supplementation item"),
        }
    }
}

fn roles(f: &mut fmt::Formatter<'_>, roles: Set<DrugRole>) -> fmt::Result {
    for (i, role) in roles.iter().enumerate() {
        if i > 0 {
            f.write_str(" or ")?;
        }
        f.write_str(role.label())?;
    }
    Ok(())
}

impl fmt::Display for AlertAbout {
    /// Which drugs, in words: `for each of the benzodiazepines the patient takes`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            AlertAbout::EachCurrent(DrugOrClass::Drug(d)) => {
                write!(f, "when the patient takes {}", d.label())
            }
            AlertAbout::EachCurrent(DrugOrClass::Class(c)) => {
                write!(f, "for each of the {} the patient takes", c.label())
            }
            AlertAbout::EachCurrentUnknownDuration(DrugOrClass::Drug(d)) => write!(
                f,
                "when the patient takes {} for an unknown time (DEC-16)",
                d.label()
            ),
            AlertAbout::EachCurrentUnknownDuration(DrugOrClass::Class(c)) => write!(
                f,
                "for each of the {} the patient takes for an unknown time (DEC-16)",
                c.label()
            ),
            AlertAbout::EachCurrentAtLeast(DrugOrClass::Drug(d), n) => {
                write!(
                    f,
                    "when the patient has taken {} for {n} or more",
                    d.label()
                )
            }
            AlertAbout::EachCurrentAtLeast(DrugOrClass::Class(c), n) => write!(
                f,
                "for each of the {} the patient has taken for {n} or more",
                c.label()
            ),
            AlertAbout::Together(list) => {
                f.write_str("naming together the matching drugs among ")?;
                involved(f, list)
            }
        }
    }
}

/// `tizanidine (withheld) and strong CYP1A2 inhibitors (current)`.
fn involved(f: &mut fmt::Formatter<'_>, list: &[(DrugOrClass, Set<DrugRole>)]) -> fmt::Result {
    for (i, (of, r)) in list.iter().enumerate() {
        if i > 0 {
            f.write_str(if i + 1 == list.len() { " and " } else { ", " })?;
        }
        write!(f, "{of} (")?;
        roles(f, *r)?;
        f.write_str(")")?;
    }
    Ok(())
}

impl fmt::Display for Output {
    /// What the output produces, in plain words, with the item's or message's own text in
    /// quotes. The severity is included; `{:#}` leaves it out, for a reader that shows it
    /// apart.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let with_severity = !f.alternate();
        match *self {
            Output::Classify => f.write_str(
                "The classification of the presentation, with its DX-1 category where one exists (true cramp; contracture, tetany or dystonia)",
            ),
            Output::Offer {
                step,
                what,
                tier,
                strength,
                detail,
            } => {
                write!(f, "Item in step {}: {what} (", step.get())?;
                if let Some(tier) = tier {
                    write!(f, "{}; ", tier.label())?;
                }
                write!(f, "{}). \"{detail}\"", strength.label())
            }
            Output::Prefer(drug) => write!(f, "The {} item is marked preferred", drug.label()),
            Output::Limit { drug, max } => write!(
                f,
                "The {} item carries a maximum duration of {max}, and the days left when the patient already takes it",
                drug.label()
            ),
            Output::Withhold { drug, kind, reason } => write!(
                f,
                "Where {} would otherwise be offered: it is not offered, and goes on the avoidance list ({}). \"{reason}\"",
                drug.label(),
                listed(kind)
            ),
            Output::Avoid {
                target,
                kind,
                reason,
            } => write!(f, "Avoidance list: {target}, {}. \"{reason}\"", listed(kind)),
            Output::Attach {
                to,
                kind,
                severity,
                text,
            } => {
                let kind = match kind {
                    AttachmentKind::Caution => "Caution",
                    AttachmentKind::Instruction => "Instruction",
                    AttachmentKind::Note => "Note",
                };
                f.write_str(kind)?;
                if with_severity {
                    write!(f, " ({severity})")?;
                }
                write!(f, " on {to}: \"{text}\"")
            }
            Output::Alert {
                severity,
                about,
                message,
            } => {
                f.write_str("Alert")?;
                if with_severity {
                    write!(f, " ({severity})")?;
                }
                write!(f, " {about}. \"{message}\"")
            }
            Output::Monitor { what, about, text } => {
                write!(f, "Monitoring of {}, for ", what.label())?;
                involved(f, about)?;
                write!(f, ": \"{text}\"")
            }
            Output::Note {
                kind,
                severity,
                text,
            } => {
                write!(f, "Note ({}", kind.label())?;
                if with_severity {
                    write!(f, ", {severity}")?;
                }
                write!(f, "): \"{text}\"")
            }
            Output::Contraindications {
                drug,
                with,
                conditions,
                opening,
                critical_words,
                closing,
            } => {
                write!(
                    f,
                    "One alert when the patient takes {}, naming every contraindication present among {} and ",
                    drug.label(),
                    AnyOf(with)
                )?;
                for (i, c) in conditions.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    f.write_str(c.label())?;
                }
                if with_severity {
                    write!(f, " (critical with {}, warning otherwise)", AnyOf(with))?;
                }
                write!(
                    f,
                    ". \"{opening} [the contraindications present]. [With {}: {critical_words}.] {closing}\"",
                    AnyOf(with)
                )
            }
            Output::Algorithm => {
                f.write_str("No entry of its own: the rule fires when an item of the plan cites it")
            }
        }
    }
}

// The rule representation is private: its checks are unit tests.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::evidence::Source;
    use crate::model::drug::DrugClass;

    // ---- Conditions in words (the decision table for clinicians) ------------------------------

    const AGE_65: Guard = Guard::AgeAtLeast(Age::OLDER_ADULT);
    const TIZANIDINE: DrugOrClass = DrugOrClass::Drug(Drug::Tizanidine);
    const BENZODIAZEPINES: DrugOrClass = DrugOrClass::Class(DrugClass::Benzodiazepine);

    /// The decision table states each rule's condition in words a clinician reads, and negations
    /// are pushed inwards ("no pregnancy", never "not (pregnancy)"). Each condition reads as
    /// itself, and its negation as the opposite.
    #[test]
    fn every_condition_and_its_negation_read_in_words() {
        use super::Guard::{self, *};
        let cases: [(Guard, &str, &str); 19] = [
            (Always, "always", "never"),
            (Has(Condition::Pregnancy), "pregnancy", "no pregnancy"),
            (
                Has(Condition::StrokeRecovery),
                "recovering from a stroke",
                "not recovering from a stroke",
            ),
            (
                Cramp(CrampKind::Idiopathic),
                "idiopathic cramp",
                "not an idiopathic cramp",
            ),
            (
                Cramp(CrampKind::Secondary),
                "secondary cramp",
                "not a secondary cramp",
            ),
            (
                Origin(SpasticityOrigin::Stroke),
                "the spasticity's origin is stroke",
                "the spasticity's origin is not stroke",
            ),
            (
                SeverityAtLeast(SymptomSeverity::Severe),
                "severity severe or worse",
                "severity milder than severe",
            ),
            (AGE_65, "age 65 or older", "age under 65 or unknown"),
            (
                AgeUnknown,
                "age stated unknown (DEC-16: counted as 65 or older)",
                "age known",
            ),
            (
                Current(TIZANIDINE),
                "the patient takes tizanidine",
                "the patient does not take tizanidine",
            ),
            (
                Current(BENZODIAZEPINES),
                "the patient takes any of the benzodiazepines",
                "the patient takes none of the benzodiazepines",
            ),
            (
                CurrentAtLeast(Drug::Cyclobenzaprine, Days::CYCLOBENZAPRINE_MAX),
                "the patient has taken cyclobenzaprine for 21 days or more, or for an unknown time",
                "the patient has not taken cyclobenzaprine for 21 days or more, nor for an unknown time",
            ),
            (
                Offered(TIZANIDINE),
                "the plan offers tizanidine",
                "the plan does not offer tizanidine",
            ),
            (
                Offered(BENZODIAZEPINES),
                "the plan offers any of the benzodiazepines",
                "the plan offers none of the benzodiazepines",
            ),
            (
                Withheld(Drug::Tizanidine),
                "the plan withholds tizanidine (a contraindication)",
                "the plan does not withhold tizanidine",
            ),
            (
                FerritinMeasured,
                "ferritin measured",
                "ferritin not measured",
            ),
            (
                SaturationMeasured,
                "transferrin saturation measured",
                "transferrin saturation not measured",
            ),
            (
                SaturationAtOverload,
                "transferrin saturation >= 45 %",
                "transferrin saturation not measured or below 45 %",
            ),
            (
                CriterionReported(RlsCriterion::NotExplainedByOtherCondition),
                "RLS criterion reported present: not solely accounted for by another condition",
                "RLS criterion not reported present: not solely accounted for by another condition",
            ),
        ];
        for (guard, yes, no) in cases {
            let negated = Guard::Not(Box::leak(Box::new(guard)));
            assert_eq!(guard.to_string(), yes, "{guard:?}");
            assert_eq!(negated.to_string(), no, "{guard:?}");
            // A double negation reads as the condition itself.
            assert_eq!(Guard::Not(Box::leak(Box::new(negated))).to_string(), yes);
        }
    }

    /// Several conditions read joined by "and" or "or", negated by De Morgan ("neither ... nor"
    /// is never needed: "not A or not B"), with parentheses only around a member that itself
    /// holds several conditions.
    #[test]
    fn combined_conditions_read_with_the_grouping_they_need() {
        use super::Guard::{self, *};
        const EITHER: Guard = Any(&[Has(Condition::Pregnancy), Has(Condition::Arrhythmia)]);
        const BOTH: Guard = All(&[EITHER, Has(Condition::Hyperthyroidism)]);
        assert_eq!(
            BOTH.to_string(),
            "(pregnancy or arrhythmia) and hyperthyroidism"
        );
        assert_eq!(
            Not(&BOTH).to_string(),
            "(no pregnancy and no arrhythmia) or no hyperthyroidism"
        );
        // A list of one needs no parentheses, whatever it holds.
        const ONLY: Guard = All(&[EITHER]);
        assert_eq!(ONLY.to_string(), "pregnancy or arrhythmia");
        assert_eq!(Not(&ONLY).to_string(), "no pregnancy and no arrhythmia");
    }

    /// Part 6: a safety addition "may only warn, restrict or ask for monitoring" and never
    /// promotes (DEC-13). An offer, a stronger wording or a preference adds or promotes a
    /// treatment; a warning (an alert, a note, a caution), a restriction (an avoidance, a
    /// withheld drug, a maximum duration), a monitoring item, the classification and the
    /// algorithm steps do not; no addition's output adds one.
    #[test]
    fn only_the_article_adds_treatments() {
        use super::Output;
        let mut offers = 0;
        for rule in table() {
            for effect in rule.effects {
                let adds = effect.then.adds_treatment();
                let context = format!("{:?}: {:?}", rule.id, effect.then);
                match effect.then {
                    Output::Offer { .. } => {
                        assert!(adds, "an offer adds a treatment: {context}");
                        offers += 1;
                    }
                    Output::Prefer(_) => {
                        assert!(adds, "a promotion: {context}");
                    }
                    Output::Alert { .. }
                    | Output::Contraindications { .. }
                    | Output::Note { .. }
                    | Output::Attach { .. } => {
                        assert!(!adds, "a warning: {context}");
                    }
                    Output::Avoid { .. } | Output::Withhold { .. } | Output::Limit { .. } => {
                        assert!(!adds, "a restriction: {context}");
                    }
                    Output::Monitor { .. } => assert!(!adds, "monitoring: {context}"),
                    Output::Classify | Output::Algorithm => assert!(!adds, "{context}"),
                    // No catch-all: a new output fails to compile here until it is classified.
                }
                if rule.id.source() == Source::SafetyAddition {
                    assert!(!adds, "a safety addition adds a treatment: {context}");
                }
            }
        }
        assert!(offers > 0);
    }
}

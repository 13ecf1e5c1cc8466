//! The trace of a plan: for every rule, whether it fired, why, the inputs it read, and its
//! drug-by-drug decisions.
//!
//! ```
//! # use leg_spasm_cds::*;
//! let patient = Patient::new(
//!     Presentation::RestlessLegs,
//!     Stage::NothingTried,
//!     SymptomSeverity::Mild,
//!     Age::new(40)?,
//!     Set::new(),
//!     Medications::none(),
//! );
//! let plan = recommend(&patient);
//! assert_eq!(plan.trace.len(), leg_spasm_cds::rules::table().len());
//! let rx1 = plan.trace.get(StatementId::Rx1).unwrap();
//! assert!(!rx1.fired);
//! assert_eq!(
//!     rx1.reason,
//!     Reason::StageNotReached { stage: Stage::NothingTried, from: Stage::NonDrugInsufficient }
//! );
//! assert!(rx1.inputs.contains(&Input::Stage(Stage::NothingTried)));
//! # Ok::<(), QuantityError>(())
//! ```

use std::fmt::{self, Display, Formatter};
use std::sync::OnceLock;

use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::knowledge::evidence::StatementId;
use crate::model::drug::{Drug, DrugOrClass};
use crate::model::lab::{Ferritin, TransferrinSaturation};
use crate::model::patient::{
    Condition, CrampKind, Impact, Patient, PresentationKind, RlsCriterion, SpasticityOrigin, Stage,
    SymptomSeverity,
};
use crate::model::quantity::{Age, Days, Stated};
use crate::model::set::Set;

/// An input a rule needs that the record lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum UnknownInput {
    /// The record states no presentation (or conflicting ones).
    Presentation,
    /// The record states the presentation's kind but not the subtype the rule reads (the
    /// cramp's kind, the spasticity's origin or what it causes).
    Subtype,
    /// The treatment stage: a clinician's judgement, in no record.
    Stage,
    /// The symptom severity: a clinician's judgement, in no record.
    Severity,
}

impl UnknownInput {
    /// Human wording: `presentation unknown`.
    pub const fn label(self) -> &'static str {
        match self {
            UnknownInput::Presentation => "presentation unknown",
            UnknownInput::Subtype => "subtype unknown",
            UnknownInput::Stage => "stage unknown",
            UnknownInput::Severity => "severity unknown",
        }
    }
}

impl Display for UnknownInput {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Why a rule did or did not fire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Reason {
    /// It fired.
    Fired,
    /// It does not apply to this presentation.
    NotApplicable {
        /// The patient's presentation.
        presentation: PresentationKind,
    },
    /// It applies from a later stage.
    StageNotReached {
        /// The patient's stage.
        stage: Stage,
        /// The first stage it applies at.
        from: Stage,
    },
    /// Its condition is not met (the inputs say which values it read).
    ConditionNotMet,
    /// Its condition is met but there is nothing for it to act on (a caution for an item
    /// that is not offered).
    NothingToActOn,
    /// Medication check only: the rule could not be decided because the record lacks an input
    /// it needs (the rule is listed as not checked).
    NotChecked {
        /// The input the record lacks.
        unknown: UnknownInput,
    },
    /// Medication check only: the rule gives only entries of a plan (items, avoidances,
    /// cautions, notes), which a medication check does not make.
    PlanOnly,
}

impl Reason {
    /// How far evaluation got; the trace keeps the furthest reason over a rule's effects.
    /// A rule that could not be decided for one effect ranks above every decided outcome but
    /// firing, so that its trace entry says so.
    pub(crate) const fn rank(self) -> u8 {
        match self {
            Reason::PlanOnly => 0,
            Reason::NotApplicable { .. } => 1,
            Reason::StageNotReached { .. } => 2,
            Reason::ConditionNotMet => 3,
            Reason::NothingToActOn => 4,
            Reason::NotChecked { .. } => 5,
            Reason::Fired => 6,
        }
    }
}

/// An input a rule read, as a typed field and value.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Input {
    /// The presentation, without its subtype (what a rule's scope reads).
    Presentation(PresentationKind),
    /// The kind of a true cramp; `null` if the presentation is not a true cramp.
    CrampKind(Option<CrampKind>),
    /// The origin of spasticity; `null` if the presentation is not spasticity.
    SpasticityOrigin(Option<SpasticityOrigin>),
    /// What spasticity causes; `null` if the presentation is not spasticity.
    SpasticityImpacts(Option<Set<Impact>>),
    /// The stage.
    Stage(Stage),
    /// The symptom severity.
    Severity(SymptomSeverity),
    /// The age, or unknown when stated as unknown.
    Age(Stated<Age>),
    /// Whether a condition is present.
    Condition {
        /// The condition.
        condition: Condition,
        /// Whether it is present.
        present: bool,
    },
    /// Whether the patient is recovering from a stroke (DEC-10).
    StrokeRecovery(bool),
    /// The current drugs among a drug or class (empty: none current).
    Current {
        /// The drug or class read.
        of: DrugOrClass,
        /// The current drugs it covers.
        drugs: Set<Drug>,
    },
    /// The days of use of a current drug.
    Medication {
        /// The drug.
        drug: Drug,
        /// Its days of use, or unknown when stated as unknown.
        days: Stated<Days>,
    },
    /// The drugs the plan offers among a drug or class.
    Offered {
        /// The drug or class read.
        of: DrugOrClass,
        /// The offered drugs it covers.
        drugs: Set<Drug>,
    },
    /// Whether the plan holds an item of a statement (the iron items that SA-5 and SA-11
    /// attach to).
    Item {
        /// The statement of the item.
        rule: StatementId,
        /// Whether the plan holds one.
        present: bool,
    },
    /// Whether an item of the plan cites a statement (how AL-1 to AL-3 fire).
    Cited {
        /// The statement.
        statement: StatementId,
        /// Whether an item cites it.
        cited: bool,
    },
    /// Whether a drug was withheld by a contraindication.
    Withheld {
        /// The drug.
        drug: Drug,
        /// Whether it was withheld.
        withheld: bool,
    },
    /// Serum ferritin, `null` if not measured.
    Ferritin(Option<Ferritin>),
    /// Transferrin saturation, `null` if not measured.
    TransferrinSaturation(Option<TransferrinSaturation>),
    /// The RLS criteria reported present, `null` if not reported.
    RlsCriteria(Option<Set<RlsCriterion>>),
}

/// What a rule decided for one drug.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DrugOutcome {
    /// Offered.
    Offered,
    /// The rule would offer it, but a contraindication withheld it.
    Withheld {
        /// The statement that withheld it.
        by: StatementId,
    },
}

/// A rule's decision about one drug.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct DrugDecision {
    /// The drug.
    pub drug: Drug,
    /// What became of it.
    pub outcome: DrugOutcome,
}

/// What one rule did for this patient: a view into a [`Trace`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "schemars",
    schemars(description = "What one rule did for this patient.")
)]
#[non_exhaustive]
pub struct TraceEntry<'a> {
    /// The rule (statement id).
    pub rule: StatementId,
    /// Whether it fired.
    pub fired: bool,
    /// Why it did or did not fire.
    pub reason: Reason,
    /// The inputs it read, each once: the presentation and the stage first where its scope
    /// or first stage read them, then the others in the order it read them.
    pub inputs: &'a [Input],
    /// Its drug-by-drug decisions, where it decides drug by drug.
    #[serde(skip_serializing_if = "<[DrugDecision]>::is_empty")]
    pub drugs: &'a [DrugDecision],
}

/// The head of one entry: its verdict and where its inputs and decisions are stored.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Head {
    rule: StatementId,
    fired: bool,
    reason: Reason,
    inputs: (u32, u32),
    drugs: (u32, u32),
}

/// The entries of a trace, built: their heads and the two buffers they share.
#[derive(Debug, Clone, PartialEq, Default)]
struct Built {
    heads: Vec<Head>,
    inputs: Vec<Input>,
    drugs: Vec<DrugDecision>,
}

/// What a trace not yet built is built from: the patient, and the engine's run that records
/// every read.
#[derive(Clone)]
struct Pending {
    patient: Patient,
    build: fn(&Patient) -> Trace,
}

/// The trace of a plan: one entry per rule, fired or not, in the order of the statement ids.
///
/// The entries share two buffers (inputs, drug decisions), so a built trace costs three
/// allocations however many rules read however many inputs. It serialises as a list of
/// entries.
///
/// A plan's trace is built when it is first read ([`Trace::iter`], [`Trace::get`],
/// [`Trace::len`], serialising, comparing, formatting), not by
/// [`recommend`](crate::recommend): until then it holds the patient, and reading it runs the
/// rules again recording every input they read. The engine is pure, so the trace read is the
/// trace of the plan. Building it once, the trace keeps it (it is [`Sync`]: threads reading
/// the same plan share one build).
#[derive(Clone, Default)]
pub struct Trace {
    built: OnceLock<Built>,
    pending: Option<Pending>,
}

impl Trace {
    /// A trace built when first read, by `build` on `patient`.
    pub(crate) fn lazy(patient: Patient, build: fn(&Patient) -> Trace) -> Trace {
        Trace {
            built: OnceLock::new(),
            pending: Some(Pending { patient, build }),
        }
    }

    /// A trace of built entries.
    fn of(built: Built) -> Trace {
        Trace {
            built: OnceLock::from(built),
            pending: None,
        }
    }

    /// The entries, built on first use.
    fn built(&self) -> &Built {
        self.built.get_or_init(|| match &self.pending {
            Some(p) => (p.build)(&p.patient).built.into_inner().unwrap_or_default(),
            None => Built::default(),
        })
    }

    /// Whether the entries are built already (read once, or made built).
    pub fn is_built(&self) -> bool {
        self.built.get().is_some()
    }

    /// The number of entries (one per rule).
    pub fn len(&self) -> usize {
        self.built().heads.len()
    }

    /// Whether the trace has no entry.
    pub fn is_empty(&self) -> bool {
        self.built().heads.is_empty()
    }

    /// The entries, in the order of the statement ids.
    pub fn iter(&self) -> Entries<'_> {
        let built = self.built();
        Entries {
            built,
            heads: built.heads.iter(),
        }
    }

    /// The entry of a rule.
    pub fn get(&self, rule: StatementId) -> Option<TraceEntry<'_>> {
        self.iter().find(|e| e.rule == rule)
    }
}

impl Built {
    fn view(&self, h: &Head) -> TraceEntry<'_> {
        TraceEntry {
            rule: h.rule,
            fired: h.fired,
            reason: h.reason,
            inputs: &self.inputs[h.inputs.0 as usize..h.inputs.1 as usize],
            drugs: &self.drugs[h.drugs.0 as usize..h.drugs.1 as usize],
        }
    }
}

/// Compares the entries (building them where they are not built yet).
impl PartialEq for Trace {
    fn eq(&self, other: &Self) -> bool {
        self.built() == other.built()
    }
}

/// Formats the entries (building them where they are not built yet).
impl fmt::Debug for Trace {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let b = self.built();
        f.debug_struct("Trace")
            .field("heads", &b.heads)
            .field("inputs", &b.inputs)
            .field("drugs", &b.drugs)
            .finish()
    }
}

/// Builds a [`Trace`]: entries are added in order, each with its inputs and decisions.
#[derive(Debug, Default)]
pub(crate) struct TraceBuilder {
    trace: Built,
    /// Where the entry being built starts in the inputs and the decisions.
    start: (usize, usize),
}

impl TraceBuilder {
    pub(crate) fn with_capacity(entries: usize, inputs: usize, drugs: usize) -> Self {
        TraceBuilder {
            trace: Built {
                heads: Vec::with_capacity(entries),
                inputs: Vec::with_capacity(inputs),
                drugs: Vec::with_capacity(drugs),
            },
            start: (0, 0),
        }
    }

    /// Starts an entry: the inputs and decisions added until [`TraceBuilder::end`] are its.
    pub(crate) fn begin(&mut self) {
        let t = &mut self.trace;
        self.start = (t.inputs.len(), t.drugs.len());
    }

    /// Adds an input to the entry being built, unless it is there already.
    pub(crate) fn input(&mut self, input: Input) {
        let t = &mut self.trace;
        if !t.inputs[self.start.0..].contains(&input) {
            t.inputs.push(input);
        }
    }

    /// Adds a drug decision to the entry being built.
    pub(crate) fn drug(&mut self, decision: DrugDecision) {
        self.trace.drugs.push(decision);
    }

    /// Ends the entry being built.
    pub(crate) fn end(&mut self, rule: StatementId, reason: Reason) {
        let t = &mut self.trace;
        t.heads.push(Head {
            rule,
            fired: reason == Reason::Fired,
            reason,
            inputs: (self.start.0 as u32, t.inputs.len() as u32),
            drugs: (self.start.1 as u32, t.drugs.len() as u32),
        });
    }

    pub(crate) fn finish(self) -> Trace {
        Trace::of(self.trace)
    }
}

/// An iterator over the entries of a [`Trace`].
#[derive(Debug, Clone)]
pub struct Entries<'a> {
    built: &'a Built,
    heads: std::slice::Iter<'a, Head>,
}

impl<'a> Iterator for Entries<'a> {
    type Item = TraceEntry<'a>;
    fn next(&mut self) -> Option<TraceEntry<'a>> {
        self.heads.next().map(|h| self.built.view(h))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.heads.size_hint()
    }
}

impl ExactSizeIterator for Entries<'_> {}

impl<'a> DoubleEndedIterator for Entries<'a> {
    fn next_back(&mut self) -> Option<TraceEntry<'a>> {
        self.heads.next_back().map(|h| self.built.view(h))
    }
}

impl<'a> IntoIterator for &'a Trace {
    type Item = TraceEntry<'a>;
    type IntoIter = Entries<'a>;
    fn into_iter(self) -> Entries<'a> {
        self.iter()
    }
}

impl Serialize for Trace {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self)
    }
}

/// A list of trace entries.
#[cfg(feature = "schemars")]
impl schemars::JsonSchema for Trace {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Trace".into()
    }
    fn schema_id() -> std::borrow::Cow<'static, str> {
        "leg_spasm_cds::Trace".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "One entry per rule, fired or not, in the order of the statement ids.",
            "type": "array",
            "items": generator.subschema_for::<TraceEntry<'static>>(),
        })
    }
}

/// The keys of an entry as written.
#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
enum Field {
    Rule,
    Fired,
    Reason,
    Inputs,
    Drugs,
}

/// The keys of an entry, for serde's messages.
const FIELDS: &[&str] = &["rule", "fired", "reason", "inputs", "drugs"];

/// Reads one entry as written straight into the builder's shared buffers (no list of its own
/// per entry).
struct EntrySeed<'b>(&'b mut TraceBuilder);

impl<'de> DeserializeSeed<'de> for EntrySeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_struct("TraceEntry", FIELDS, self)
    }
}

impl<'de> Visitor<'de> for EntrySeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a trace entry")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        use serde::de::Error;
        let b = self.0;
        b.begin();
        let (mut rule, mut fired, mut reason) = (None, None, None);
        let (mut inputs, mut drugs) = (false, false);
        while let Some(key) = map.next_key::<Field>()? {
            let seen = match key {
                Field::Rule => rule.replace(map.next_value::<StatementId>()?).is_some(),
                Field::Fired => fired.replace(map.next_value::<bool>()?).is_some(),
                Field::Reason => reason.replace(map.next_value::<Reason>()?).is_some(),
                Field::Inputs => {
                    map.next_value_seed(ListSeed(b, TraceBuilder::input))?;
                    std::mem::replace(&mut inputs, true)
                }
                Field::Drugs => {
                    map.next_value_seed(ListSeed(b, TraceBuilder::drug))?;
                    std::mem::replace(&mut drugs, true)
                }
            };
            if seen {
                let name = FIELDS[key as usize];
                return Err(A::Error::duplicate_field(name));
            }
        }
        let rule = rule.ok_or_else(|| A::Error::missing_field("rule"))?;
        let fired = fired.ok_or_else(|| A::Error::missing_field("fired"))?;
        let reason = reason.ok_or_else(|| A::Error::missing_field("reason"))?;
        if !inputs {
            return Err(A::Error::missing_field("inputs"));
        }
        if fired != (reason == Reason::Fired) {
            return Err(A::Error::custom(format_args!(
                "trace entry {rule}: fired is {fired} but the reason is {reason:?}"
            )));
        }
        b.end(rule, reason);
        Ok(())
    }
}

/// Reads a list of `T` into the builder, one `add` per element.
struct ListSeed<'b, T>(&'b mut TraceBuilder, fn(&mut TraceBuilder, T));

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for ListSeed<'_, T> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for ListSeed<'_, T> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(x) = seq.next_element::<T>()? {
            (self.1)(self.0, x);
        }
        Ok(())
    }
}

impl<'de> Deserialize<'de> for Trace {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Trace, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Trace;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of trace entries")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Trace, A::Error> {
                let mut b = TraceBuilder::default();
                while seq.next_element_seed(EntrySeed(&mut b))?.is_some() {}
                Ok(b.finish())
            }
        }
        d.deserialize_seq(V)
    }
}

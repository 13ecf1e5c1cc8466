//! The engine: evaluates the rule table for one patient and builds the plan.
//!
//! Three passes over the table, by the phase of each effect's output: every offer first, then
//! the restrictions (withholding a contraindicated drug), then everything that reads the
//! offers (cautions, avoidances, alerts, monitoring, notes). Within a pass, rules run in the
//! order of their ids. The engine is pure: it reads the patient and the static table only.
//!
//! The engine runs in one of two modes, chosen when it compiles (`Engine<TRACE>`):
//!
//! - Without the trace ([`recommend`]): only the effects whose scope holds the patient's
//!   presentation and that apply at the patient's stage are evaluated, from the table's index
//!   ([`rules::effects_for`]), and no input is recorded. Every other effect would end "not
//!   applicable" or "stage not reached" and produce nothing. An effect whose output needs a
//!   current or offered drug the plan lacks (an alert about each current benzodiazepine, a
//!   caution on an offered baclofen) is skipped before its guard. A guard made of bit tests
//!   (conditions, the kind of cramp or origin of spasticity, current, offered or withheld
//!   drugs) is decided by its clauses, made when the crate compiles ([`rules::Test`]); the
//!   others by a function that records nothing. Only whether each safety addition fired is kept. The
//!   plan's [`Trace`](crate::plan::trace::Trace) holds the patient only.
//! - With the trace ([`trace`], and the medication check): every effect of the table is
//!   evaluated, every input read is recorded, and the trace is built from them. A plan's
//!   trace runs this when it is first read.
//!
//! Files: `guard.rs` evaluates guards (the reads), `outputs.rs` applies outputs (the plan's
//! entries), `finish.rs` assembles the plan and the trace, `check_mode.rs` is the medication
//! check.

pub mod check;
mod check_mode;
pub(crate) mod explain;
mod finish;
mod guard;
mod outputs;

pub(crate) use check_mode::check_record;

use crate::knowledge::evidence::StatementId;
use crate::knowledge::rules::{self, Decide, Effect, Phase, Planned, Sizes, Test};
use crate::model::drug::Drug;
use crate::model::patient::{Patient, PresentationKind, Stage};
use crate::model::record::{Assessment, Record, RecordError};
use crate::model::set::Set;
use crate::plan::trace::{DrugDecision, Input, Reason, Trace};
use crate::plan::{Alert, Avoidance, Item, Monitoring, Note, Plan};

use check_mode::CheckMode;

/// The plan for `patient`, its trace built when first read.
pub(crate) fn recommend(patient: &Patient) -> Plan {
    let mut engine = Engine::<false>::new(patient);
    let medicines = !patient.medications().is_empty();
    engine.sizes = rules::sizes_for(engine.kind, patient.stage(), medicines);
    for planned in rules::effects_for(engine.kind, patient.stage(), medicines) {
        engine.planned(planned);
    }
    engine.finish()
}

/// The trace of the plan for `patient`: every effect evaluated, every input recorded.
pub(crate) fn trace(patient: &Patient) -> Trace {
    let mut engine = Engine::<true>::new(patient);
    engine.run_all(Engine::effect);
    engine.trace().0
}

/// The number of rules, one per statement id.
const RULES: usize = <StatementId as strum::EnumCount>::COUNT;

// The per-rule bit masks (`read_presentation`, `read_stage`) and the `u8` rule tags need this.
const _: () = assert!(RULES <= 128);

/// Every presentation: the scope of an effect that applies to all.
const ALL_PRESENTATIONS: Set<PresentationKind> = Set::all();

/// The engine for one patient; `TRACE`: whether it records what the rules read and decide
/// drug by drug (the trace).
struct Engine<'p, const TRACE: bool> {
    patient: &'p Patient,
    kind: PresentationKind,
    steps: [Vec<Item>; 3],
    offered: Set<Drug>,
    withheld: Set<Drug>,
    avoidances: Vec<Avoidance>,
    alerts: Vec<Alert>,
    monitoring: Vec<Monitoring>,
    notes: Vec<Note>,
    /// The furthest reason of each rule over its effects (with the trace; empty without, so
    /// that a plan does not fill it).
    reasons: Vec<Reason>,
    /// The safety additions that fired, one bit per rule (without the trace).
    fired: u128,
    /// The index of the rule being evaluated.
    rule: u8,
    /// Every input read, tagged with the index of the rule that read it, in reading order.
    reads: Vec<(u8, Input)>,
    /// Drug-by-drug decisions, tagged with the index of their rule.
    decisions: Vec<(u8, DrugDecision)>,
    /// The rules whose scope read the presentation, and those whose first stage read the stage:
    /// every effect reads the same value, so one bit per rule records it.
    read_presentation: u128,
    read_stage: u128,
    /// Where each phase's reads and decisions start: each phase runs the rules in order, so
    /// each run is ordered by rule.
    runs: [(usize, usize); 3],
    /// Set when the engine runs a medication check rather than a plan.
    check: Option<CheckMode>,
    /// The room each list of the plan gets at its first entry (none: it grows as a `Vec`).
    sizes: Sizes,
    /// The patient's current drugs, as bits.
    current: u64,
    /// The patient's facts a guard's clauses test, as bits ([`rules::facts`]).
    facts: u64,
}

/// Pushes `value` on `list`, allocating room for `room` entries at the first push (the most
/// the plan's effects can add: the list is allocated once).
#[inline(always)]
fn push_sized<T>(list: &mut Vec<T>, value: T, room: u8) {
    if list.capacity() == 0 {
        allocate(list, room);
    }
    list.push(value);
}

/// Gives the empty `list` room for `room` entries (once per list: out of the hot path).
#[cold]
#[inline(never)]
fn allocate<T>(list: &mut Vec<T>, room: u8) {
    *list = Vec::with_capacity(usize::from(room));
}

impl Engine<'_, false> {
    /// Evaluates a planned effect (a plan without its trace): its scope and stage hold already
    /// (the index lists only such effects). An output that needs a current or an offered drug
    /// the plan does not have would produce nothing, so its guard is not evaluated; nothing is
    /// recorded, so the order of the checks changes nothing. Only whether a safety addition
    /// fired is kept.
    #[inline]
    fn planned(&mut self, planned: &'static Planned) {
        debug_assert!(planned.effect.scope.contains(self.kind));
        debug_assert!(planned.effect.from <= self.patient.stage());
        let may_act = !planned.needs_drug || {
            let need = &planned.need;
            let current = self.current;
            let offered = self.offered.bits() as u64;
            let withheld = self.withheld.bits() as u64;
            current & need.current | offered & need.offered | withheld & need.withheld != 0
        };
        let test = &planned.test;
        if may_act
            && match test.decide {
                Decide::Always => true,
                Decide::Clauses => self.passes(test),
                Decide::Evaluate => self.holds(&planned.effect.when),
            }
            && self.apply_planned(planned)
        {
            self.fired |= planned.addition;
        }
    }

    /// Whether every clause of `test` holds: one of its drugs is current, offered or withheld,
    /// or one of its conditions present (none of them, if negated).
    #[inline(always)]
    fn passes(&self, test: &Test) -> bool {
        let current = self.current;
        let offered = self.offered.bits() as u64;
        let withheld = self.withheld.bits() as u64;
        let facts = self.facts;
        test.clauses[..usize::from(test.len)].iter().all(|c| {
            let hit =
                current & c.current | offered & c.offered | withheld & c.withheld | facts & c.facts
                    != 0;
            hit != c.negated
        })
    }
}

impl<'p, const TRACE: bool> Engine<'p, TRACE> {
    fn new(patient: &'p Patient) -> Self {
        let kind = patient.presentation().kind();
        // Presized for the common case: step 1 holds up to six measures, and a plan reads one
        // to two hundred inputs before repeats are dropped.
        let measures = if kind == PresentationKind::OutOfScope {
            0
        } else {
            6
        };
        Engine {
            patient,
            kind,
            steps: [Vec::with_capacity(measures), Vec::new(), Vec::new()],
            offered: Set::new(),
            withheld: Set::new(),
            avoidances: Vec::new(),
            alerts: Vec::new(),
            monitoring: Vec::new(),
            notes: Vec::new(),
            reasons: if TRACE {
                vec![Reason::NotApplicable { presentation: kind }; RULES]
            } else {
                Vec::new()
            },
            fired: 0,
            rule: 0,
            reads: Vec::with_capacity(if TRACE { 256 } else { 0 }),
            decisions: Vec::new(),
            read_presentation: 0,
            read_stage: 0,
            runs: [(0, 0); 3],
            check: None,
            sizes: Sizes::default(),
            current: patient.medications().drugs().bits() as u64,
            facts: rules::facts(patient),
        }
    }

    /// Evaluates the effect at `position` of the rule at `index` and keeps the furthest
    /// reason (with the trace), or whether the rule fired (without: nothing else is read).
    fn effect(&mut self, index: usize, position: usize) {
        let rule = &rules::table()[index];
        let reason = self.evaluate(index, rule.id, position, &rule.effects[position]);
        if TRACE {
            if reason.rank() > self.reasons[index].rank() {
                self.reasons[index] = reason;
            }
        } else if reason == Reason::Fired {
            self.fired |= 1 << index;
        }
    }

    fn evaluate(
        &mut self,
        index: usize,
        id: StatementId,
        position: usize,
        effect: &Effect,
    ) -> Reason {
        self.rule = index as u8;
        match self.gate(effect) {
            Some(reason) => reason,
            None if self.apply(index, id, position, effect) => Reason::Fired,
            None => Reason::NothingToActOn,
        }
    }

    /// Records an input the rule being evaluated read (repeats are dropped when the trace is
    /// built).
    fn read(&mut self, input: Input) {
        if TRACE {
            self.reads.push((self.rule, input));
        }
    }

    /// Records a drug decision of the rule at `index`.
    fn decide(&mut self, index: usize, decision: DrugDecision) {
        if TRACE {
            self.decisions.push((index as u8, decision));
        }
    }

    /// Runs every effect of the table, phase by phase, each phase over the rules in order,
    /// through `step` (a plan's evaluation or a check's).
    fn run_all(&mut self, step: fn(&mut Self, usize, usize)) {
        for (n, phase) in [Phase::Offer, Phase::Restrict, Phase::Annotate]
            .into_iter()
            .enumerate()
        {
            self.runs[n] = (self.reads.len(), self.decisions.len());
            for (index, rule) in rules::table().iter().enumerate() {
                for (position, effect) in rule.effects.iter().enumerate() {
                    if effect.then.phase() == phase {
                        step(self, index, position);
                    }
                }
            }
        }
    }

    /// Scope, stage and guard: `Some(reason)` if the effect does not apply. Without the trace
    /// the scope and the stage hold already (the index lists only such effects) and are not
    /// read again.
    fn gate(&mut self, effect: &Effect) -> Option<Reason> {
        if TRACE {
            if effect.scope != ALL_PRESENTATIONS {
                self.read_presentation |= 1 << self.rule;
                if !effect.scope.contains(self.kind) {
                    return Some(Reason::NotApplicable {
                        presentation: self.kind,
                    });
                }
            }
            let stage = self.patient.stage();
            if effect.from > Stage::NothingTried {
                self.read_stage |= 1 << self.rule;
                if stage < effect.from {
                    return Some(Reason::StageNotReached {
                        stage,
                        from: effect.from,
                    });
                }
            }
        } else {
            debug_assert!(effect.scope.contains(self.kind));
            debug_assert!(effect.from <= self.patient.stage());
        }
        if !self.holds(&effect.when) {
            return Some(Reason::ConditionNotMet);
        }
        None
    }
}

impl Record {
    /// The plan for the record and the clinician's assessment, as [`recommend`](crate::recommend)
    /// gives it for [`Record::to_patient`], carrying [`Record::unidentified_statement`] in
    /// [`Plan::unidentified_medicines`] (knowledge spec Part 8.2: every plan made from the
    /// record says how many medicines could not be identified and were not checked).
    ///
    /// ```
    /// use leg_spasm_cds::record::{Assessment, Record, UnidentifiedMedicine};
    /// use leg_spasm_cds::{Presentation, Stage, SymptomSeverity};
    ///
    /// let mut record = Record::new(None);
    /// record.unidentified.push(UnidentifiedMedicine {
    ///     resource: "MedicationStatement/1".into(),
    ///     text: Some("herbal tea".into()),
    ///     codings: Vec::new(),
    ///     drafted: false,
    /// });
    /// let assessment = Assessment {
    ///     presentation: Some(Presentation::RestlessLegs),
    ///     stage: Some(Stage::NothingTried),
    ///     severity: Some(SymptomSeverity::Mild),
    /// };
    /// let plan = record.recommend(&assessment)?;
    /// assert_eq!(
    ///     plan.unidentified_medicines.as_deref(),
    ///     Some("1 medicine could not be identified and was not checked")
    /// );
    /// assert!(plan.to_string().contains("1 medicine could not be identified"));
    /// # Ok::<(), leg_spasm_cds::RecordError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`Record::to_patient`].
    pub fn recommend(&self, assessment: &Assessment) -> Result<Plan, RecordError> {
        let mut plan = recommend(&self.to_patient(assessment)?);
        plan.unidentified_medicines = self.unidentified_statement();
        Ok(plan)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::drug::{Medication, Medications};
    use crate::model::lab::{Ferritin, FerritinUnit, Labs, TransferrinSaturation};
    use crate::model::patient::{
        Condition, CrampKind, Impact, OutOfScopeKind, Presentation, SpasticityOrigin,
        SymptomSeverity,
    };
    use crate::model::quantity::{Age, Days, Stated};
    use crate::model::set::Member;

    /// The plan as the engine makes it evaluating every effect of the table and recording
    /// every read, as it did before the index by presentation.
    fn full(patient: &Patient) -> Plan {
        let mut engine = Engine::<true>::new(patient);
        engine.run_all(Engine::effect);
        engine.finish()
    }

    fn presentations() -> Vec<Presentation> {
        let mut out = vec![
            Presentation::RestlessLegs,
            Presentation::AcuteMusculoskeletal,
        ];
        out.extend(CrampKind::ALL.iter().map(|&k| Presentation::TrueCramp(k)));
        out.extend(
            OutOfScopeKind::ALL
                .iter()
                .map(|&k| Presentation::OutOfScope(k)),
        );
        for &origin in SpasticityOrigin::ALL {
            out.push(Presentation::Spasticity {
                origin,
                impacts: Set::new(),
            });
            out.push(Presentation::Spasticity {
                origin,
                impacts: Set::all(),
            });
        }
        for &impact in Impact::ALL {
            out.push(Presentation::Spasticity {
                origin: SpasticityOrigin::Stroke,
                impacts: Set::from([impact]),
            });
        }
        out
    }

    /// The plan without its trace (the index by presentation) is the plan of the full
    /// evaluation, and its trace, built when read, is the full evaluation's trace: on every
    /// presentation, stage and severity, with each condition, each drug (days known, long or
    /// unknown) and labs varied one at a time.
    #[test]
    fn the_plan_is_the_full_evaluations_plan() {
        let ages = [
            Stated::Unknown,
            Stated::Known(Age::new(40).unwrap()),
            Stated::Known(Age::new(80).unwrap()),
        ];
        let mut medications = vec![Medications::none()];
        for &drug in Drug::ALL {
            for days in [
                Stated::Known(Days::new(3)),
                Stated::Known(Days::new(400)),
                Stated::Unknown,
            ] {
                medications.push(Medications::new([Medication::new(drug, days)]).unwrap());
            }
        }
        let mut conditions = vec![Set::new()];
        conditions.extend(Condition::ALL.iter().map(|&c| Set::from([c])));
        let labs = [
            Labs::not_measured(),
            Labs::not_measured()
                .with_ferritin(Ferritin::new(20.0, FerritinUnit::NanogramsPerMillilitre).unwrap())
                .with_transferrin_saturation(TransferrinSaturation::new(15.0).unwrap()),
        ];
        let mut n = 0;
        for presentation in presentations() {
            for &stage in Stage::ALL {
                for &severity in SymptomSeverity::ALL {
                    for &age in &ages {
                        let base = |conditions, medications: &Medications, labs: Labs| {
                            Patient::new(
                                presentation,
                                stage,
                                severity,
                                age,
                                conditions,
                                medications.clone(),
                            )
                            .with_labs(labs)
                        };
                        let mut patients = Vec::new();
                        for &c in &conditions {
                            patients.push(base(c, &Medications::none(), labs[0]));
                        }
                        for m in &medications {
                            patients.push(base(Set::new(), m, labs[1]));
                        }
                        patients.push(
                            base(Set::new(), &Medications::none(), labs[1]).with_rls_criteria(
                                Set::<crate::model::patient::RlsCriterion>::all(),
                            ),
                        );
                        for patient in &patients {
                            let plan = recommend(patient);
                            assert!(!plan.trace.is_built());
                            // Each list got room enough at its first entry.
                            let sizes = rules::sizes_for(
                                patient.presentation().kind(),
                                patient.stage(),
                                !patient.medications().is_empty(),
                            );
                            for (step, room) in plan.steps.iter().zip(sizes.steps) {
                                assert!(step.items.len() <= usize::from(room), "{patient:?}");
                            }
                            assert!(plan.avoidances.len() <= usize::from(sizes.avoidances));
                            assert!(plan.monitoring.len() <= usize::from(sizes.monitoring));
                            assert!(plan.notes.len() <= usize::from(sizes.notes));
                            assert_eq!(plan, full(patient), "{patient:?}");
                            assert!(plan.trace.is_built());
                            n += 1;
                        }
                    }
                }
            }
        }
        assert!(n > 10_000);
    }
}

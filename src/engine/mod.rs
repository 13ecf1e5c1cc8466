//! The engine: evaluates the rule table for one patient and builds the plan.
//!
//! Three passes over the table, by the phase of each effect's output: every offer first, then
//! the restrictions (withholding a contraindicated drug), then everything that reads the
//! offers (cautions, avoidances, alerts, monitoring, notes). Within a pass, rules run in the
//! order of their ids. The engine is pure: it reads the patient and the static table only.

pub mod check;
pub(crate) mod explain;

use std::borrow::Cow;
use std::cmp::Reverse;

use crate::engine::check::{Check, NotChecked, UnknownInput};
use crate::knowledge::evidence::{Citations, Source, StatementId};
use crate::knowledge::rules::{
    self, AlertAbout, AttachTo, Effect, Guard, Offering, Output, Phase, Rule,
};
use crate::knowledge::{ARTICLE_DATE, ARTICLE_REVIEW_STATUS, ARTICLE_TITLE, KNOWLEDGE_VERSION};
use crate::model::drug::{Drug, DrugOrClass};
use crate::model::patient::Condition;
use crate::model::patient::{Patient, Presentation, PresentationKind, RlsCriterion, Stage};
use crate::model::quantity::{Days, Stated};
use crate::model::record::{Assessment, Record, RecordError, RecordPresentation};
use crate::model::set::Set;
use crate::plan::trace::{DrugDecision, DrugOutcome, Input, Reason, TraceBuilder};
use crate::plan::{
    Action, Alert, Attachment, AttachmentKind, Avoidance, AvoidanceKind, Classification, DrugRole,
    InvolvedDrug, Item, Monitoring, MonitoringKind, Note, NoteKind, Plan, Provenance, Severity,
    SpasmCategory, Step, StepNumber, Strength, Tier,
};

pub(crate) fn recommend(patient: &Patient) -> Plan {
    let mut engine = Engine::new(patient);
    for (n, phase) in [Phase::Offer, Phase::Restrict, Phase::Annotate]
        .into_iter()
        .enumerate()
    {
        engine.runs[n] = (engine.reads.len(), engine.decisions.len());
        for (index, rule) in rules::table().iter().enumerate() {
            for effect in rule.effects.iter().filter(|e| e.then.phase() == phase) {
                engine.effect(index, rule, effect);
            }
        }
    }
    engine.finish()
}

/// The number of rules, one per statement id.
const RULES: usize = <StatementId as strum::EnumCount>::COUNT;

// The per-rule bit masks (`read_presentation`, `read_stage`) and the `u8` rule tags need this.
const _: () = assert!(RULES <= 128);

/// Every presentation: the scope of an effect that applies to all.
const ALL_PRESENTATIONS: Set<PresentationKind> = Set::all();

/// Where an output is produced: the rule's position in the table, its id, what the produced
/// entry cites, and its source.
#[derive(Clone, Copy)]
struct At {
    index: usize,
    id: StatementId,
    citations: Citations,
    source: Source,
}

struct Engine<'p> {
    patient: &'p Patient,
    kind: PresentationKind,
    steps: [Vec<Item>; 3],
    offered: Set<Drug>,
    withheld: Set<Drug>,
    avoidances: Vec<Avoidance>,
    alerts: Vec<Alert>,
    monitoring: Vec<Monitoring>,
    notes: Vec<Note>,
    /// The furthest reason of each rule over its effects.
    reasons: [Reason; RULES],
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
}

/// Moves, from the front of `run`, the entries of the rule at `index` into the entry being
/// built by `add`.
fn drain_leading<T: Copy>(run: &mut &[(u8, T)], index: usize, mut add: impl FnMut(T)) {
    while let Some((&(rule, value), rest)) = run.split_first() {
        if usize::from(rule) != index {
            break;
        }
        add(value);
        *run = rest;
    }
}

impl<'p> Engine<'p> {
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
            reasons: [Reason::NotApplicable { presentation: kind }; RULES],
            rule: 0,
            reads: Vec::with_capacity(256),
            decisions: Vec::new(),
            read_presentation: 0,
            read_stage: 0,
            runs: [(0, 0); 3],
            check: None,
        }
    }

    /// Evaluates one effect of the rule at `index` and keeps the furthest reason.
    fn effect(&mut self, index: usize, rule: &Rule, effect: &Effect) {
        let reason = self.evaluate(index, rule.id, effect);
        if reason.rank() > self.reasons[index].rank() {
            self.reasons[index] = reason;
        }
    }

    fn evaluate(&mut self, index: usize, id: StatementId, effect: &Effect) -> Reason {
        self.rule = index as u8;
        match self.gate(effect) {
            Some(reason) => reason,
            None if self.apply(index, id, effect) => Reason::Fired,
            None => Reason::NothingToActOn,
        }
    }

    /// Records an input the rule being evaluated read (repeats are dropped when the trace is
    /// built).
    fn read(&mut self, input: Input) {
        self.reads.push((self.rule, input));
    }

    /// Scope, stage and guard: `Some(reason)` if the effect does not apply.
    fn gate(&mut self, effect: &Effect) -> Option<Reason> {
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
        if !self.guard(&effect.when) {
            return Some(Reason::ConditionNotMet);
        }
        None
    }

    fn current(&mut self, of: DrugOrClass) -> Set<Drug> {
        let drugs = self.patient.medications().drugs().intersection(of.drugs());
        self.read(Input::Current { of, drugs });
        drugs
    }

    fn offered(&mut self, of: DrugOrClass) -> Set<Drug> {
        let drugs = self.offered.intersection(of.drugs());
        self.read(Input::Offered { of, drugs });
        drugs
    }

    fn guard(&mut self, guard: &Guard) -> bool {
        let p = self.patient;
        match *guard {
            Guard::Always => true,
            Guard::Not(g) => !self.guard(g),
            Guard::All(gs) => gs.iter().all(|g| self.guard(g)),
            Guard::Any(gs) => gs.iter().any(|g| self.guard(g)),
            Guard::Has(condition) => {
                let present = p.has(condition);
                self.read(Input::Condition { condition, present });
                present
            }
            Guard::StrokeRecovery => {
                let yes = p.stroke_recovery();
                self.read(Input::StrokeRecovery(yes));
                yes
            }
            Guard::Cramp(kind) => {
                let cramp = match p.presentation() {
                    Presentation::TrueCramp(k) => Some(k),
                    _ => None,
                };
                self.read(Input::CrampKind(cramp));
                cramp == Some(kind)
            }
            Guard::Origin(origin) => {
                let actual = match p.presentation() {
                    Presentation::Spasticity { origin, .. } => Some(origin),
                    _ => None,
                };
                self.read(Input::SpasticityOrigin(actual));
                actual == Some(origin)
            }
            Guard::AnyImpact => {
                let impacts = match p.presentation() {
                    Presentation::Spasticity { impacts, .. } => Some(impacts),
                    _ => None,
                };
                self.read(Input::SpasticityImpacts(impacts));
                impacts.is_some_and(|i| !i.is_empty())
            }
            Guard::SeverityAtLeast(s) => {
                self.read(Input::Severity(p.severity()));
                p.severity() >= s
            }
            Guard::AgeAtLeast(age) => {
                self.read(Input::Age(p.age()));
                match p.age() {
                    Stated::Known(a) => a >= age,
                    // Read by `AgeUnknown`, which words the alert for an unknown age.
                    Stated::Unknown => false,
                }
            }
            Guard::AgeUnknown => {
                self.read(Input::Age(p.age()));
                p.age().is_unknown()
            }
            Guard::Current(of) => !self.current(of).is_empty(),
            Guard::CurrentAtLeast(drug, limit) => match p.medications().days(drug) {
                Some(days) => {
                    self.read(Input::Medication { drug, days });
                    match days {
                        Stated::Known(d) => d >= limit,
                        // DEC-16: a use of unknown length counts as long-term.
                        Stated::Unknown => true,
                    }
                }
                None => {
                    self.current(DrugOrClass::Drug(drug));
                    false
                }
            },
            Guard::Offered(of) => !self.offered(of).is_empty(),
            Guard::Withheld(drug) => {
                let withheld = self.withheld.contains(drug);
                self.read(Input::Withheld { drug, withheld });
                withheld
            }
            Guard::IronCalledFor => {
                self.read(Input::Ferritin(p.labs().ferritin()));
                self.read(Input::TransferrinSaturation(
                    p.labs().transferrin_saturation(),
                ));
                p.labs().call_for_iron()
            }
            Guard::FerritinMeasured => {
                self.read(Input::Ferritin(p.labs().ferritin()));
                p.labs().ferritin().is_some()
            }
            Guard::SaturationMeasured => {
                self.read(Input::TransferrinSaturation(
                    p.labs().transferrin_saturation(),
                ));
                p.labs().transferrin_saturation().is_some()
            }
            Guard::SaturationAtOverload => {
                self.read(Input::TransferrinSaturation(
                    p.labs().transferrin_saturation(),
                ));
                p.labs()
                    .transferrin_saturation()
                    .is_some_and(|t| t.calls_for_overload_evaluation())
            }
            Guard::ArticleCriteriaPresent => {
                self.read(Input::RlsCriteria(p.rls_criteria()));
                p.rls_criteria()
                    .is_some_and(|c| Set::from(RlsCriterion::ARTICLE_FOUR).is_subset(&c))
            }
            Guard::CriterionReported(criterion) => {
                self.read(Input::RlsCriteria(p.rls_criteria()));
                p.rls_criteria().is_some_and(|c| c.contains(criterion))
            }
        }
    }

    fn items_mut(&mut self) -> impl Iterator<Item = &mut Item> {
        self.steps.iter_mut().flatten()
    }

    fn item_mut(&mut self, drug: Drug) -> Option<&mut Item> {
        self.items_mut().find(|i| i.action.drug() == Some(drug))
    }

    /// Produces the effect's output; returns whether there was anything to act on.
    fn apply(&mut self, index: usize, id: StatementId, effect: &Effect) -> bool {
        let at = At {
            index,
            id,
            citations: Citations::of(id)
                .with_statements(effect.also_cites)
                .with_decisions(effect.decisions),
            source: id.source(),
        };
        match effect.then {
            Output::Classify => true,
            Output::Offer {
                step,
                what,
                tier,
                strength,
                detail,
            } => self.offer(at, step, what, tier, strength, detail),
            Output::Prefer(drug) => self.prefer(drug),
            Output::Limit { drug, max } => self.limit(at, drug, max),
            Output::Withhold { drug, kind, reason } => self.withhold(at, drug, kind, reason),
            Output::Avoid {
                target,
                kind,
                reason,
            } => self.avoid_output(at, target, kind, reason),
            Output::Attach {
                to,
                kind,
                severity,
                text,
            } => self.attach(at, to, kind, severity, text),
            Output::Alert {
                severity,
                about,
                message,
            } => self.alert(at, severity, about, message),
            Output::Contraindications {
                drug,
                with,
                conditions,
                opening,
                critical_words,
                closing,
            } => self.contraindications(
                at,
                drug,
                with,
                conditions,
                (opening, critical_words, closing),
            ),
            Output::Monitor { what, about, text } => self.monitor(at, what, about, text),
            Output::Note {
                kind,
                severity,
                text,
            } => self.note(at, kind, severity, text),
            Output::Algorithm => self.algorithm(at),
        }
    }

    /// Applies an `Output::Offer`; whether it produced anything.
    fn offer(
        &mut self,
        at: At,
        step: StepNumber,
        what: Offering,
        tier: Option<Tier>,
        strength: Strength,
        detail: &'static str,
    ) -> bool {
        let At {
            index,
            id,
            citations,
            source,
        } = at;
        let labs = self.patient.labs();
        let action = match what {
            Offering::Measure(m) => Action::Measure(m),
            Offering::Drug(d) => Action::Drug(d),
            Offering::IronStudies => Action::IronStudies {
                ferritin: labs.ferritin().is_none(),
                transferrin_saturation: labs.transferrin_saturation().is_none(),
            },
            Offering::IronSupplementation => Action::IronSupplementation,
        };
        if let Action::Drug(drug) = action {
            self.offered.insert(drug);
            self.decisions.push((
                index as u8,
                DrugDecision {
                    drug,
                    outcome: DrugOutcome::Offered,
                },
            ));
        }
        self.steps[step.index()].push(Item {
            rule: id,
            step,
            action,
            tier,
            strength,
            preferred: false,
            max_days: None,
            days_left: None,
            detail: Cow::Borrowed(detail),
            attachments: Vec::new(),
            citations,
            source,
        });
        true
    }

    /// Applies an `Output::Prefer`; whether it produced anything.
    fn prefer(&mut self, drug: Drug) -> bool {
        self.offered(DrugOrClass::Drug(drug));
        self.item_mut(drug)
            .map(|item| item.preferred = true)
            .is_some()
    }

    /// Applies an `Output::Limit`; whether it produced anything.
    fn limit(&mut self, at: At, drug: Drug, max: Days) -> bool {
        let At { citations, .. } = at;
        self.offered(DrugOrClass::Drug(drug));
        let current = self.patient.medications().days(drug);
        if self.offered.contains(drug) {
            match current {
                Some(days) => self.read(Input::Medication { drug, days }),
                None => {
                    self.current(DrugOrClass::Drug(drug));
                }
            }
        }
        self.item_mut(drug)
            .map(|item| {
                item.max_days = Some(max);
                item.days_left = match current {
                    Some(Stated::Known(days)) => Some(max.saturating_sub(days)),
                    Some(Stated::Unknown) | None => None,
                };
                item.citations = item.citations.union(citations);
            })
            .is_some()
    }

    /// Applies an `Output::Withhold`; whether it produced anything.
    fn withhold(&mut self, at: At, drug: Drug, kind: AvoidanceKind, reason: &'static str) -> bool {
        let At {
            index,
            id,
            citations,
            ..
        } = at;
        if self.offered(DrugOrClass::Drug(drug)).is_empty() {
            return false;
        }
        let mut by_rule = None;
        for step in &mut self.steps {
            if let Some(pos) = step.iter().position(|i| i.action.drug() == Some(drug)) {
                by_rule = Some(step.remove(pos).rule);
            }
        }
        self.offered.remove(drug);
        self.withheld.insert(drug);
        let withheld = DrugOutcome::Withheld { by: id };
        if let Some(offering_rule) = by_rule {
            let offering = offering_rule as u8;
            for (rule, d) in &mut self.decisions {
                if *rule == offering && d.drug == drug {
                    d.outcome = withheld;
                }
            }
        }
        self.decisions.push((
            index as u8,
            DrugDecision {
                drug,
                outcome: withheld,
            },
        ));
        self.avoid(id, DrugOrClass::Drug(drug), kind, reason, citations);
        true
    }

    /// Applies an `Output::Avoid`; whether it produced anything.
    fn avoid_output(
        &mut self,
        at: At,
        target: DrugOrClass,
        kind: AvoidanceKind,
        reason: &'static str,
    ) -> bool {
        let At { id, citations, .. } = at;
        self.avoid(id, target, kind, reason, citations);
        true
    }

    /// Applies an `Output::Attach`; whether it produced anything.
    fn attach(
        &mut self,
        at: At,
        to: AttachTo,
        kind: AttachmentKind,
        severity: Severity,
        text: &'static str,
    ) -> bool {
        let At {
            id,
            citations,
            source,
            ..
        } = at;
        let iron_item = |rule: StatementId, steps: &[Vec<Item>; 3]| Input::Item {
            rule,
            present: steps.iter().flatten().any(|i| i.rule == rule),
        };
        match to {
            AttachTo::Drug(of) => {
                self.offered(of);
            }
            AttachTo::IronStudies => self.read(iron_item(StatementId::Fe1, &self.steps)),
            AttachTo::IronSupplementation => {
                self.read(iron_item(StatementId::Fe2, &self.steps));
            }
        }
        let mut attached = false;
        for item in self.items_mut() {
            let matches = match (to, item.action) {
                (AttachTo::Drug(of), Action::Drug(d)) => of.covers(d),
                (AttachTo::IronStudies, Action::IronStudies { .. }) => true,
                (AttachTo::IronSupplementation, Action::IronSupplementation) => true,
                _ => false,
            };
            if matches {
                item.attachments.push(Attachment {
                    rule: id,
                    kind,
                    severity,
                    text: Cow::Borrowed(text),
                    citations: citations.with_statements(item.citations.statements),
                    source,
                });
                attached = true;
            }
        }
        attached
    }

    /// Applies an `Output::Alert`; whether it produced anything.
    fn alert(
        &mut self,
        at: At,
        severity: Severity,
        about: AlertAbout,
        message: &'static str,
    ) -> bool {
        let At {
            id,
            citations,
            source,
            ..
        } = at;
        // The drugs of each alert to raise: one list per alert.
        let mut raised: Vec<Vec<InvolvedDrug>> = Vec::new();
        let patient = self.patient;
        let meds = patient.medications();
        let ordered = self.ordered();
        let current = |drug| {
            vec![InvolvedDrug {
                drug,
                role: current_role(ordered, drug),
            }]
        };
        match about {
            AlertAbout::EachCurrent(of) => {
                let drugs = self.current(of);
                raised.extend(drugs.iter().map(current));
            }
            AlertAbout::EachCurrentAtLeast(of, _) | AlertAbout::EachCurrentUnknownDuration(of) => {
                let unknown = matches!(about, AlertAbout::EachCurrentUnknownDuration(..));
                self.current(of);
                for m in meds.iter().filter(|m| of.covers(m.drug)) {
                    self.read(Input::Medication {
                        drug: m.drug,
                        days: m.days,
                    });
                    let long = match (m.days, about) {
                        (Stated::Known(d), AlertAbout::EachCurrentAtLeast(_, limit)) => d >= limit,
                        (Stated::Known(_), _) => false,
                        // DEC-16: a use of unknown length counts as long-term, and
                        // has its own words.
                        (Stated::Unknown, _) => unknown,
                    };
                    if long {
                        raised.push(current(m.drug));
                    }
                }
            }
            AlertAbout::Together(list) => {
                let drugs = self.involved(list);
                if !drugs.is_empty() {
                    raised.push(drugs);
                }
            }
        }
        let any = !raised.is_empty();
        self.alerts.extend(raised.into_iter().map(|drugs| Alert {
            rule: id,
            severity,
            drugs,
            message: Cow::Borrowed(message),
            citations,
            source,
        }));
        any
    }

    /// Applies an `Output::Contraindications`; whether it produced anything.
    fn contraindications(
        &mut self,
        at: At,
        drug: Drug,
        with: DrugOrClass,
        conditions: &'static [Condition],
        // The alert's opening words, the words added when it is critical, its closing words.
        (opening, critical_words, closing): (&'static str, &'static str, &'static str),
    ) -> bool {
        let At {
            id,
            citations,
            source,
            ..
        } = at;
        if self.current(DrugOrClass::Drug(drug)).is_empty() {
            return false;
        }
        let with_drugs = self.current(with);
        let ordered = self.ordered();
        let mut present: Vec<&str> = Vec::new();
        let mut drugs = vec![InvolvedDrug {
            drug,
            role: current_role(ordered, drug),
        }];
        for d in with_drugs {
            present.push(d.label());
            drugs.push(InvolvedDrug {
                drug: d,
                role: current_role(ordered, d),
            });
        }
        for &condition in conditions {
            let yes = self.patient.has(condition);
            self.read(Input::Condition {
                condition,
                present: yes,
            });
            if yes {
                present.push(condition.label());
            }
        }
        if present.is_empty() {
            return false;
        }
        let critical = !with_drugs.is_empty();
        let mut message = format!("{opening} {}.", present.join(", "));
        if critical {
            message.push(' ');
            message.push_str(critical_words);
            message.push('.');
        }
        message.push(' ');
        message.push_str(closing);
        self.alerts.push(Alert {
            rule: id,
            severity: if critical {
                crate::plan::Severity::Critical
            } else {
                crate::plan::Severity::Warning
            },
            drugs,
            message: Cow::Owned(message),
            citations,
            source,
        });
        true
    }

    /// Applies an `Output::Monitor`; whether it produced anything.
    fn monitor(
        &mut self,
        at: At,
        what: MonitoringKind,
        about: &'static [(DrugOrClass, Set<DrugRole>)],
        text: &'static str,
    ) -> bool {
        let At {
            id,
            citations,
            source,
            ..
        } = at;
        let drugs = self.involved(about);
        if drugs.is_empty() {
            return false;
        }
        self.monitoring.push(Monitoring {
            rule: id,
            what,
            drugs,
            text: Cow::Borrowed(text),
            citations,
            source,
        });
        true
    }

    /// Applies an `Output::Note`; whether it produced anything.
    fn note(&mut self, at: At, kind: NoteKind, severity: Severity, text: &'static str) -> bool {
        let At {
            id,
            citations,
            source,
            ..
        } = at;
        self.notes.push(Note {
            rule: id,
            kind,
            severity,
            text: Cow::Borrowed(text),
            citations,
            source,
        });
        true
    }

    /// Applies an `Output::Algorithm`; whether it produced anything.
    fn algorithm(&mut self, at: At) -> bool {
        let At { id, .. } = at;
        let cited = self
            .steps
            .iter()
            .flatten()
            .any(|i| i.citations.statements.contains(id));
        self.read(Input::Cited {
            statement: id,
            cited,
        });
        cited
    }

    /// The drugs matching each (drug or class, roles) pair, in the order given.
    fn involved(&mut self, list: &[(DrugOrClass, Set<DrugRole>)]) -> Vec<InvolvedDrug> {
        let mut out: Vec<InvolvedDrug> = Vec::new();
        for &(of, roles) in list {
            for role in roles {
                let drugs = match role {
                    DrugRole::Current => self.current(of),
                    DrugRole::Offered => self.offered(of),
                    DrugRole::Withheld => {
                        let drugs = self.withheld.intersection(of.drugs());
                        for drug in of.drugs() {
                            if drugs.contains(drug) {
                                self.read(Input::Withheld {
                                    drug,
                                    withheld: true,
                                });
                            }
                        }
                        drugs
                    }
                    // The table names no ordered role: a drafted drug is read as current.
                    DrugRole::Ordered => Set::new(),
                };
                let ordered = self.ordered();
                for drug in drugs {
                    let role = match role {
                        DrugRole::Current => current_role(ordered, drug),
                        other => other,
                    };
                    let involved = InvolvedDrug { drug, role };
                    if !out.contains(&involved) {
                        out.push(involved);
                    }
                }
            }
        }
        out
    }

    /// Lists a drug or class as not to give; a second listing of the same target and kind adds
    /// its citations to the first.
    fn avoid(
        &mut self,
        id: StatementId,
        target: DrugOrClass,
        kind: AvoidanceKind,
        reason: &'static str,
        citations: Citations,
    ) {
        match self
            .avoidances
            .iter_mut()
            .find(|a| a.target == target && a.kind == kind)
        {
            Some(a) => a.citations = a.citations.union(citations),
            None => self.avoidances.push(Avoidance {
                rule: id,
                target,
                kind,
                reason: Cow::Borrowed(reason),
                citations,
                source: id.source(),
            }),
        }
    }

    fn finish(mut self) -> Plan {
        let presentation = self.patient.presentation();
        let category = match presentation {
            Presentation::TrueCramp(_) => Some(SpasmCategory::TrueCramp),
            Presentation::OutOfScope(k) => Some(SpasmCategory::from(k)),
            _ => None,
        };
        self.avoidances.sort_by_key(|a| a.rule);
        self.alerts.sort_by_key(|a| {
            (
                Reverse(a.severity),
                a.rule,
                a.drugs.first().map(|d| d.drug as u32),
            )
        });
        let (trace, additions_fired) = self.trace();
        let [one, two, three] = self.steps;
        Plan {
            classification: Classification {
                presentation,
                category,
                citations: Citations::of(StatementId::Dx1),
            },
            stage: self.patient.stage(),
            steps: [
                Step {
                    number: StepNumber::One,
                    items: one,
                },
                Step {
                    number: StepNumber::Two,
                    items: two,
                },
                Step {
                    number: StepNumber::Three,
                    items: three,
                },
            ],
            avoidances: self.avoidances,
            alerts: self.alerts,
            monitoring: self.monitoring,
            notes: self.notes,
            trace,
            patient: self.patient.clone(),
            provenance: Provenance {
                article_title: Cow::Borrowed(ARTICLE_TITLE),
                article_date: Cow::Borrowed(ARTICLE_DATE),
                review_status: Cow::Borrowed(ARTICLE_REVIEW_STATUS),
                knowledge_version: Cow::Borrowed(KNOWLEDGE_VERSION),
                additions_fired,
            },
            unidentified_medicines: None,
        }
    }

    /// The trace and the safety additions that fired: each rule's inputs and decisions,
    /// taken from the three runs (one per phase, each ordered by rule), so each rule keeps the
    /// order it read them in.
    fn trace(&self) -> (crate::plan::trace::Trace, Set<StatementId>) {
        let mut trace =
            TraceBuilder::with_capacity(RULES, self.reads.len() + 2 * RULES, self.decisions.len());
        let [(r0, d0), (r1, d1), (r2, d2)] = self.runs;
        let mut reads = [&self.reads[r0..r1], &self.reads[r1..r2], &self.reads[r2..]];
        let mut decisions = [
            &self.decisions[d0..d1],
            &self.decisions[d1..d2],
            &self.decisions[d2..],
        ];
        let mut additions_fired = Set::new();
        for (index, rule) in rules::table().iter().enumerate() {
            trace.begin();
            if self.read_presentation & (1 << index) != 0 {
                trace.input(Input::Presentation(self.kind));
            }
            if self.read_stage & (1 << index) != 0 {
                trace.input(Input::Stage(self.patient.stage()));
            }
            for run in &mut reads {
                drain_leading(run, index, |input| trace.input(input));
            }
            for run in &mut decisions {
                drain_leading(run, index, |d| trace.drug(d));
            }
            let reason = self.reasons[index];
            if reason == Reason::Fired && rule.id.source() == Source::SafetyAddition {
                additions_fired.insert(rule.id);
            }
            trace.end(rule.id, reason);
        }
        (trace.finish(), additions_fired)
    }
}

// ---- The medication check (knowledge spec Part 8.1) ----------------------------------------
//
// The same table and the same engine: a check runs the three passes with the engine in check
// mode, where only the effects that raise alerts or monitoring about drugs are evaluated.
// Nothing is offered in a check, so the plan's offered and withheld sets stay empty and a guard
// that reads them is false: an alert that needs a plan state (an offered drug, a withheld one)
// is never raised from a check. A drafted drug is a current drug with 0 days of use, named in
// the alert with the role "ordered". Where a rule needs an input the record lacks (the
// presentation, its subtype, the stage, the severity), the effect is not decided and the rule
// is listed as not checked, with the input it lacks.

/// What the engine knows in check mode beyond its patient.
struct CheckMode {
    /// The presentation as far as the record states it.
    presentation: RecordPresentation,
    /// The drafted drugs that are not current already.
    ordered: Set<Drug>,
    /// The rules not checked, with the input each lacks, in evaluation order (repeats kept
    /// out).
    not_checked: Vec<(StatementId, UnknownInput)>,
}

/// The role of a drug the table reads as current: ordered when it is a drafted drug that is
/// not current already.
fn current_role(ordered: Set<Drug>, drug: Drug) -> DrugRole {
    if ordered.contains(drug) {
        DrugRole::Ordered
    } else {
        DrugRole::Current
    }
}

/// A presentation of each kind, for the patient a check evaluates when the record states
/// the kind only (or nothing): check mode never reads a subtype it was not given, and reads
/// the kind from the record.
fn stand_in(presentation: &RecordPresentation) -> Presentation {
    use crate::model::patient::{CrampKind, OutOfScopeKind, SpasticityOrigin};
    match presentation {
        RecordPresentation::Known { presentation } => *presentation,
        RecordPresentation::Kind { kind } => match kind {
            PresentationKind::TrueCramp => Presentation::TrueCramp(CrampKind::Secondary),
            PresentationKind::RestlessLegs => Presentation::RestlessLegs,
            PresentationKind::Spasticity => Presentation::Spasticity {
                origin: SpasticityOrigin::OtherOrUnknown,
                impacts: Set::new(),
            },
            PresentationKind::AcuteMusculoskeletal => Presentation::AcuteMusculoskeletal,
            PresentationKind::OutOfScope => Presentation::OutOfScope(OutOfScopeKind::Contracture),
        },
        RecordPresentation::Unknown { .. } => Presentation::RestlessLegs,
    }
}

pub(crate) fn check_record(record: &Record) -> Check {
    // The stage and the severity are stand-ins too: check mode never reads them (an effect
    // that needs them is not checked).
    let patient = Patient::new(
        stand_in(&record.presentation),
        Stage::NothingTried,
        crate::model::patient::SymptomSeverity::Mild,
        record.age,
        record.conditions,
        record.medications(),
    )
    .with_labs(record.labs);
    let current: Set<Drug> = record.medicines.iter().map(|m| m.drug).collect();
    let ordered: Set<Drug> = record
        .drafted
        .iter()
        .map(|m| m.drug)
        .filter(|d| !current.contains(*d))
        .collect();
    let mut engine = Engine::new(&patient);
    engine.kind = record
        .presentation
        .kind()
        .unwrap_or(PresentationKind::RestlessLegs);
    // Every rule starts as plan only: a rule with an effect a check evaluates says more.
    engine.reasons = [Reason::PlanOnly; RULES];
    engine.check = Some(CheckMode {
        presentation: record.presentation.clone(),
        ordered,
        not_checked: Vec::new(),
    });
    for (n, phase) in [Phase::Offer, Phase::Restrict, Phase::Annotate]
        .into_iter()
        .enumerate()
    {
        engine.runs[n] = (engine.reads.len(), engine.decisions.len());
        for (index, rule) in rules::table().iter().enumerate() {
            for effect in rule.effects.iter().filter(|e| e.then.phase() == phase) {
                engine.check_effect(index, rule, effect);
            }
        }
    }
    engine.finish_check(record)
}

impl Engine<'_> {
    /// The drafted drugs that are not current already (empty for a plan).
    fn ordered(&self) -> Set<Drug> {
        self.check.as_ref().map_or(Set::new(), |c| c.ordered)
    }

    /// Check mode: evaluates one effect of the rule at `index` and keeps the furthest reason.
    fn check_effect(&mut self, index: usize, rule: &Rule, effect: &Effect) {
        let reason = if effect.then.in_check() {
            self.check_evaluate(index, rule.id, effect)
        } else {
            Reason::PlanOnly
        };
        if reason.rank() > self.reasons[index].rank() {
            self.reasons[index] = reason;
        }
    }

    fn check_evaluate(&mut self, index: usize, id: StatementId, effect: &Effect) -> Reason {
        self.rule = index as u8;
        if effect.scope != ALL_PRESENTATIONS {
            let Some(kind) = self.record_presentation().kind() else {
                return self.not_checked(id, UnknownInput::Presentation);
            };
            self.read_presentation |= 1 << self.rule;
            if !effect.scope.contains(kind) {
                return Reason::NotApplicable { presentation: kind };
            }
        }
        if effect.from > Stage::NothingTried {
            return self.not_checked(id, UnknownInput::Stage);
        }
        match self.known_guard(&effect.when) {
            Err(unknown) => self.not_checked(id, unknown),
            Ok(false) => Reason::ConditionNotMet,
            Ok(true) if self.apply(index, id, effect) => Reason::Fired,
            Ok(true) => Reason::NothingToActOn,
        }
    }

    fn record_presentation(&self) -> &RecordPresentation {
        static UNKNOWN: RecordPresentation = RecordPresentation::Unknown {
            conflicting: Vec::new(),
        };
        self.check.as_ref().map_or(&UNKNOWN, |c| &c.presentation)
    }

    fn not_checked(&mut self, id: StatementId, unknown: UnknownInput) -> Reason {
        if let Some(check) = &mut self.check
            && !check.not_checked.contains(&(id, unknown))
        {
            check.not_checked.push((id, unknown));
        }
        Reason::NotChecked { unknown }
    }

    /// `All` (`decisive` false) or `Any` (`decisive` true) in three-valued logic: a member
    /// equal to `decisive` decides; otherwise the first unknown member leaves it unknown.
    fn known_fold(&mut self, guards: &[Guard], decisive: bool) -> Result<bool, UnknownInput> {
        let mut unknown = None;
        for g in guards {
            match self.known_guard(g) {
                Ok(v) if v == decisive => return Ok(decisive),
                Ok(_) => {}
                Err(u) => unknown = unknown.or(Some(u)),
            }
        }
        unknown.map_or(Ok(!decisive), Err)
    }

    /// A guard in three-valued logic: `Err` names the input the record lacks when the value
    /// depends on it; a value known either way is decided (a pregnant patient is not
    /// a "non-pregnant idiopathic cramp" whatever the cramp's kind).
    fn known_guard(&mut self, guard: &Guard) -> Result<bool, UnknownInput> {
        // `None`: the whole presentation is known; otherwise the kind, where known.
        let stated: Option<Option<PresentationKind>> = match self.record_presentation() {
            RecordPresentation::Known { .. } => None,
            RecordPresentation::Kind { kind } => Some(Some(*kind)),
            RecordPresentation::Unknown { .. } => Some(None),
        };
        let subtype = |kind: PresentationKind| match stated {
            None => None,
            Some(None) => Some(Err(UnknownInput::Presentation)),
            Some(Some(k)) if k == kind => Some(Err(UnknownInput::Subtype)),
            Some(Some(_)) => Some(Ok(false)),
        };
        match *guard {
            Guard::Not(g) => self.known_guard(g).map(|v| !v),
            Guard::All(gs) => self.known_fold(gs, false),
            Guard::Any(gs) => self.known_fold(gs, true),
            Guard::Cramp(_) => match subtype(PresentationKind::TrueCramp) {
                None => Ok(self.guard(guard)),
                Some(known) => known,
            },
            Guard::Origin(_) | Guard::AnyImpact => match subtype(PresentationKind::Spasticity) {
                None => Ok(self.guard(guard)),
                Some(known) => known,
            },
            // DEC-10: the condition, or spasticity of stroke origin.
            Guard::StrokeRecovery => {
                let stated = self
                    .patient
                    .has(crate::model::patient::Condition::StrokeRecovery);
                match subtype(PresentationKind::Spasticity) {
                    None => Ok(self.guard(guard)),
                    Some(_) if stated => Ok(self.guard(&Guard::Has(
                        crate::model::patient::Condition::StrokeRecovery,
                    ))),
                    Some(Ok(false)) => {
                        self.read(Input::StrokeRecovery(false));
                        Ok(false)
                    }
                    Some(unknown) => unknown,
                }
            }
            Guard::SeverityAtLeast(_) => Err(UnknownInput::Severity),
            // The rest read the record (age, conditions, medicines, labs) or the plan, which a
            // check does not make: its offered and withheld sets stay empty.
            _ => Ok(self.guard(guard)),
        }
    }

    fn finish_check(mut self, record: &Record) -> Check {
        self.alerts.sort_by_key(|a| {
            (
                Reverse(a.severity),
                a.rule,
                a.drugs.first().map(|d| d.drug as u32),
            )
        });
        let (trace, additions_fired) = self.trace();
        let not_checked = self.check.take().map(|c| c.not_checked).unwrap_or_default();
        let mut not_checked: Vec<NotChecked> = not_checked
            .into_iter()
            .map(|(rule, unknown)| NotChecked::new(rule, unknown))
            .collect();
        not_checked.sort_by_key(|n| (n.rule, n.unknown));
        Check {
            presentation: record.presentation.clone(),
            alerts: self.alerts,
            monitoring: self.monitoring,
            not_checked,
            unidentified: record.unidentified.clone(),
            unidentified_medicines: record.unidentified_statement(),
            trace,
            provenance: Provenance {
                article_title: Cow::Borrowed(ARTICLE_TITLE),
                article_date: Cow::Borrowed(ARTICLE_DATE),
                review_status: Cow::Borrowed(ARTICLE_REVIEW_STATUS),
                knowledge_version: Cow::Borrowed(KNOWLEDGE_VERSION),
                additions_fired,
            },
        }
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

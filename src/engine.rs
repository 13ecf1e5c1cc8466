//! The engine: evaluates the rule table for one patient and builds the plan.
//!
//! Three passes over the table, by the phase of each effect's output: every offer first, then
//! the restrictions (withholding a contraindicated drug), then everything that reads the
//! offers (cautions, avoidances, alerts, monitoring, notes). Within a pass, rules run in the
//! order of their ids. The engine is pure: it reads the patient and the static table only.

use std::borrow::Cow;
use std::cmp::Reverse;

use crate::drug::{Drug, DrugOrClass};
use crate::evidence::{Citations, StatementId};
use crate::patient::{Patient, Presentation, PresentationKind, RlsCriterion, Stage};
use crate::plan::{
    Action, Alert, Attachment, Avoidance, AvoidanceKind, Classification, DrugDecision, DrugOutcome,
    DrugRole, Input, InvolvedDrug, Item, Monitoring, Note, Plan, Provenance, Reason, SpasmCategory,
    Step, StepNumber, TraceEntry,
};
use crate::rules::{self, AlertAbout, AttachTo, Effect, Guard, Offering, Output, Phase, Rule};
use crate::set::Set;
use crate::{ARTICLE_DATE, ARTICLE_REVIEW_STATUS, ARTICLE_TITLE, KNOWLEDGE_VERSION};

pub(crate) fn recommend(patient: &Patient) -> Plan {
    let mut engine = Engine::new(patient);
    for phase in [Phase::Offer, Phase::Restrict, Phase::Annotate] {
        for (index, rule) in rules::table().iter().enumerate() {
            for effect in rule.effects.iter().filter(|e| e.then.phase() == phase) {
                engine.effect(index, rule, effect);
            }
        }
    }
    engine.finish()
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
    trace: Vec<TraceEntry>,
}

/// Adds an input once.
fn read(inputs: &mut Vec<Input>, input: Input) {
    if !inputs.contains(&input) {
        inputs.push(input);
    }
}

impl<'p> Engine<'p> {
    fn new(patient: &'p Patient) -> Self {
        let kind = patient.presentation().kind();
        Engine {
            patient,
            kind,
            steps: [Vec::new(), Vec::new(), Vec::new()],
            offered: Set::new(),
            withheld: Set::new(),
            avoidances: Vec::new(),
            alerts: Vec::new(),
            monitoring: Vec::new(),
            notes: Vec::new(),
            trace: rules::table()
                .iter()
                .map(|r| TraceEntry {
                    rule: r.id,
                    fired: false,
                    reason: Reason::NotApplicable { presentation: kind },
                    inputs: Vec::new(),
                    drugs: Vec::new(),
                })
                .collect(),
        }
    }

    /// Evaluates one effect of the rule at `index` and records the outcome in its trace entry.
    fn effect(&mut self, index: usize, rule: &Rule, effect: &Effect) {
        let reason = self.evaluate(index, rule.id, effect);
        let entry = &mut self.trace[index];
        if reason.rank() > entry.reason.rank() {
            entry.reason = reason;
        }
        entry.fired = entry.reason == Reason::Fired;
    }

    fn evaluate(&mut self, index: usize, id: StatementId, effect: &Effect) -> Reason {
        let mut inputs = std::mem::take(&mut self.trace[index].inputs);
        let reason = self.gate(effect, &mut inputs).unwrap_or_else(|| {
            if self.apply(index, id, effect, &mut inputs) {
                Reason::Fired
            } else {
                Reason::NothingToActOn
            }
        });
        self.trace[index].inputs = inputs;
        reason
    }

    /// Scope, stage and guard: `Some(reason)` if the effect does not apply.
    fn gate(&self, effect: &Effect, inputs: &mut Vec<Input>) -> Option<Reason> {
        if effect.scope != Set::all() {
            read(inputs, Input::Presentation(self.kind));
            if !effect.scope.contains(self.kind) {
                return Some(Reason::NotApplicable {
                    presentation: self.kind,
                });
            }
        }
        let stage = self.patient.stage();
        if effect.from > Stage::NothingTried {
            read(inputs, Input::Stage(stage));
            if stage < effect.from {
                return Some(Reason::StageNotReached {
                    stage,
                    from: effect.from,
                });
            }
        }
        if !self.guard(&effect.when, inputs) {
            return Some(Reason::ConditionNotMet);
        }
        None
    }

    fn current(&self, of: DrugOrClass, inputs: &mut Vec<Input>) -> Set<Drug> {
        let drugs = self.patient.medications().drugs().intersection(of.drugs());
        read(inputs, Input::Current { of, drugs });
        drugs
    }

    fn offered(&self, of: DrugOrClass, inputs: &mut Vec<Input>) -> Set<Drug> {
        let drugs = self.offered.intersection(of.drugs());
        read(inputs, Input::Offered { of, drugs });
        drugs
    }

    fn guard(&self, guard: &Guard, inputs: &mut Vec<Input>) -> bool {
        let p = self.patient;
        match *guard {
            Guard::Always => true,
            Guard::Not(g) => !self.guard(g, inputs),
            Guard::All(gs) => gs.iter().all(|g| self.guard(g, inputs)),
            Guard::Any(gs) => gs.iter().any(|g| self.guard(g, inputs)),
            Guard::Has(condition) => {
                let present = p.has(condition);
                read(inputs, Input::Condition { condition, present });
                present
            }
            Guard::StrokeRecovery => {
                let yes = p.stroke_recovery();
                read(inputs, Input::StrokeRecovery(yes));
                yes
            }
            Guard::Cramp(kind) => {
                let cramp = match p.presentation() {
                    Presentation::TrueCramp(k) => Some(k),
                    _ => None,
                };
                read(inputs, Input::CrampKind(cramp));
                cramp == Some(kind)
            }
            Guard::Origin(origin) => {
                let actual = match p.presentation() {
                    Presentation::Spasticity { origin, .. } => Some(origin),
                    _ => None,
                };
                read(inputs, Input::SpasticityOrigin(actual));
                actual == Some(origin)
            }
            Guard::AnyImpact => {
                let impacts = match p.presentation() {
                    Presentation::Spasticity { impacts, .. } => Some(impacts),
                    _ => None,
                };
                read(inputs, Input::SpasticityImpacts(impacts));
                impacts.is_some_and(|i| !i.is_empty())
            }
            Guard::SeverityAtLeast(s) => {
                read(inputs, Input::Severity(p.severity()));
                p.severity() >= s
            }
            Guard::AgeAtLeast(age) => {
                read(inputs, Input::Age(p.age()));
                p.age() >= age
            }
            Guard::Current(of) => !self.current(of, inputs).is_empty(),
            Guard::CurrentLongerThan(drug, limit) => match p.medications().days(drug) {
                Some(days) => {
                    read(inputs, Input::Medication { drug, days });
                    days > limit
                }
                None => {
                    self.current(DrugOrClass::Drug(drug), inputs);
                    false
                }
            },
            Guard::Offered(of) => !self.offered(of, inputs).is_empty(),
            Guard::Withheld(drug) => {
                let withheld = self.withheld.contains(drug);
                read(inputs, Input::Withheld { drug, withheld });
                withheld
            }
            Guard::IronCalledFor => {
                read(inputs, Input::Ferritin(p.labs().ferritin()));
                read(
                    inputs,
                    Input::TransferrinSaturation(p.labs().transferrin_saturation()),
                );
                p.labs().call_for_iron()
            }
            Guard::FerritinMeasured => {
                read(inputs, Input::Ferritin(p.labs().ferritin()));
                p.labs().ferritin().is_some()
            }
            Guard::SaturationMeasured => {
                read(
                    inputs,
                    Input::TransferrinSaturation(p.labs().transferrin_saturation()),
                );
                p.labs().transferrin_saturation().is_some()
            }
            Guard::SaturationAtOverload => {
                read(
                    inputs,
                    Input::TransferrinSaturation(p.labs().transferrin_saturation()),
                );
                p.labs()
                    .transferrin_saturation()
                    .is_some_and(|t| t.calls_for_overload_evaluation())
            }
            Guard::ArticleCriteriaPresent => {
                read(inputs, Input::RlsCriteria(p.rls_criteria()));
                p.rls_criteria()
                    .is_some_and(|c| Set::from(RlsCriterion::ARTICLE_FOUR).is_subset(&c))
            }
            Guard::CriterionReported(criterion) => {
                read(inputs, Input::RlsCriteria(p.rls_criteria()));
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
    fn apply(
        &mut self,
        index: usize,
        id: StatementId,
        effect: &Effect,
        inputs: &mut Vec<Input>,
    ) -> bool {
        let citations = Citations::of(id)
            .with_statements(effect.also_cites)
            .with_decisions(effect.decisions);
        let source = id.source();
        match effect.then {
            Output::Classify => true,
            Output::Offer {
                step,
                what,
                tier,
                strength,
                detail,
            } => {
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
                    self.trace[index].drugs.push(DrugDecision {
                        drug,
                        outcome: DrugOutcome::Offered,
                    });
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
            Output::Mark { drug, strength } => {
                self.offered(DrugOrClass::Drug(drug), inputs);
                self.item_mut(drug)
                    .map(|item| {
                        item.strength = strength;
                        item.citations = item.citations.union(citations);
                    })
                    .is_some()
            }
            Output::Prefer(drug) => {
                self.offered(DrugOrClass::Drug(drug), inputs);
                self.item_mut(drug)
                    .map(|item| item.preferred = true)
                    .is_some()
            }
            Output::Limit { drug, max } => {
                self.offered(DrugOrClass::Drug(drug), inputs);
                let current = self.patient.medications().days(drug);
                if self.offered.contains(drug) {
                    match current {
                        Some(days) => read(inputs, Input::Medication { drug, days }),
                        None => {
                            self.current(DrugOrClass::Drug(drug), inputs);
                        }
                    }
                }
                self.item_mut(drug)
                    .map(|item| {
                        item.max_days = Some(max);
                        item.days_left = current.map(|days| max.saturating_sub(days));
                        item.citations = item.citations.union(citations);
                    })
                    .is_some()
            }
            Output::Withhold { drug, kind, reason } => {
                if self.offered(DrugOrClass::Drug(drug), inputs).is_empty() {
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
                    let entry = &mut self.trace[offering_rule as usize];
                    for d in entry.drugs.iter_mut().filter(|d| d.drug == drug) {
                        d.outcome = withheld;
                    }
                }
                self.trace[index].drugs.push(DrugDecision {
                    drug,
                    outcome: withheld,
                });
                self.avoid(id, DrugOrClass::Drug(drug), kind, reason, citations);
                true
            }
            Output::Avoid {
                target,
                kind,
                reason,
            } => {
                self.avoid(id, target, kind, reason, citations);
                true
            }
            Output::Attach {
                to,
                kind,
                severity,
                text,
            } => {
                let iron_item = |rule: StatementId, steps: &[Vec<Item>; 3]| Input::Item {
                    rule,
                    present: steps.iter().flatten().any(|i| i.rule == rule),
                };
                match to {
                    AttachTo::Drug(of) => {
                        self.offered(of, inputs);
                    }
                    AttachTo::IronStudies => read(inputs, iron_item(StatementId::Fe1, &self.steps)),
                    AttachTo::IronSupplementation => {
                        read(inputs, iron_item(StatementId::Fe2, &self.steps));
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
            Output::Alert {
                severity,
                about,
                message,
            } => {
                let before = self.alerts.len();
                let mut raise = |drugs: Vec<InvolvedDrug>| {
                    self.alerts.push(Alert {
                        rule: id,
                        severity,
                        drugs,
                        message: Cow::Borrowed(message),
                        citations,
                        source,
                    });
                };
                let meds = self.patient.medications();
                match about {
                    AlertAbout::EachCurrent(of) => {
                        let drugs = meds.drugs().intersection(of.drugs());
                        read(inputs, Input::Current { of, drugs });
                        for drug in drugs {
                            raise(vec![InvolvedDrug {
                                drug,
                                role: DrugRole::Current,
                            }]);
                        }
                    }
                    AlertAbout::EachCurrentLongerThan(of, limit)
                    | AlertAbout::EachCurrentAtLeast(of, limit) => {
                        let at_least = matches!(about, AlertAbout::EachCurrentAtLeast(..));
                        let drugs = meds.drugs().intersection(of.drugs());
                        read(inputs, Input::Current { of, drugs });
                        for m in meds.iter().filter(|m| of.covers(m.drug)) {
                            read(
                                inputs,
                                Input::Medication {
                                    drug: m.drug,
                                    days: m.days,
                                },
                            );
                            if m.days > limit || (at_least && m.days == limit) {
                                raise(vec![InvolvedDrug {
                                    drug: m.drug,
                                    role: DrugRole::Current,
                                }]);
                            }
                        }
                    }
                    AlertAbout::Together(list) => {
                        let drugs = self.involved(list, inputs);
                        if !drugs.is_empty() {
                            self.alerts.push(Alert {
                                rule: id,
                                severity,
                                drugs,
                                message: Cow::Borrowed(message),
                                citations,
                                source,
                            });
                        }
                    }
                }
                self.alerts.len() > before
            }
            Output::Monitor { what, about, text } => {
                let drugs = self.involved(about, inputs);
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
            Output::Note {
                kind,
                severity,
                text,
            } => {
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
            Output::Algorithm => {
                let cited = self
                    .steps
                    .iter()
                    .flatten()
                    .any(|i| i.citations.statements.contains(id));
                read(
                    inputs,
                    Input::Cited {
                        statement: id,
                        cited,
                    },
                );
                cited
            }
        }
    }

    /// The drugs matching each (drug or class, roles) pair, in the order given.
    fn involved(
        &self,
        list: &[(DrugOrClass, Set<DrugRole>)],
        inputs: &mut Vec<Input>,
    ) -> Vec<InvolvedDrug> {
        let mut out: Vec<InvolvedDrug> = Vec::new();
        for &(of, roles) in list {
            for role in roles {
                let drugs = match role {
                    DrugRole::Current => self.current(of, inputs),
                    DrugRole::Offered => self.offered(of, inputs),
                    DrugRole::Withheld => {
                        let drugs = self.withheld.intersection(of.drugs());
                        for drug in of.drugs() {
                            if drugs.contains(drug) {
                                read(
                                    inputs,
                                    Input::Withheld {
                                        drug,
                                        withheld: true,
                                    },
                                );
                            }
                        }
                        drugs
                    }
                };
                for drug in drugs {
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
        let additions_fired = self
            .trace
            .iter()
            .filter(|e| e.fired && e.rule.source() == crate::Source::SafetyAddition)
            .map(|e| e.rule)
            .collect();
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
            trace: self.trace,
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

//! Outputs: what an effect that applies adds to the plan (items, avoidances, cautions,
//! alerts, monitoring, notes), with the drug decisions the trace records.

use std::borrow::Cow;

use crate::engine::check_mode::current_role;
use crate::engine::{Engine, push_sized};
use crate::knowledge::evidence::{Citations, Source, StatementId};
use crate::knowledge::rules::{self, AlertAbout, AttachTo, Effect, Offering, Output, Planned};
use crate::model::drug::{Drug, DrugOrClass};
use crate::model::patient::Condition;
use crate::model::quantity::{Days, Stated};
use crate::model::set::{Member, Set};
use crate::plan::trace::{DrugDecision, DrugOutcome, Input};
use crate::plan::{
    Action, Alert, Attachment, AttachmentKind, Avoidance, AvoidanceKind, DrugRole, InvolvedDrug,
    InvolvedDrugs, Item, Monitoring, MonitoringKind, Note, NoteKind, Severity, StepNumber,
    Strength, Tier,
};

/// Where an output is produced: the rule's position in the table, its id, what the produced
/// entry cites, and its source.
#[derive(Clone, Copy)]
struct At {
    index: usize,
    id: StatementId,
    citations: &'static Citations,
    source: Source,
}

impl<const TRACE: bool> Engine<'_, TRACE> {
    /// The items of steps 2 and 3: the drug and iron items (step 1 holds only non-drug
    /// measures, checked when the crate compiles).
    fn items_mut(&mut self) -> impl Iterator<Item = &mut Item> {
        self.steps[1..].iter_mut().flatten()
    }

    fn item_mut(&mut self, drug: Drug) -> Option<&mut Item> {
        self.items_mut().find(|i| i.action.drug() == Some(drug))
    }

    /// Produces the effect's output; returns whether there was anything to act on.
    pub(super) fn apply(
        &mut self,
        index: usize,
        id: StatementId,
        position: usize,
        effect: &Effect,
    ) -> bool {
        let at = At {
            index,
            id,
            citations: rules::citations(index, position),
            source: id.source(),
        };
        self.produce(at, effect)
    }

    /// Produces the output of a planned effect; returns whether there was anything to act on.
    #[inline]
    pub(super) fn apply_planned(&mut self, planned: &'static Planned) -> bool {
        let at = At {
            index: usize::from(planned.rule),
            id: planned.id,
            citations: &planned.citations,
            source: planned.source,
        };
        self.produce(at, planned.effect)
    }

    /// Produces the output of `effect`, at `at`.
    fn produce(&mut self, at: At, effect: &Effect) -> bool {
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
            citations: &citations,
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
            self.decide(
                index,
                DrugDecision {
                    drug,
                    outcome: DrugOutcome::Offered,
                },
            );
        }
        let room = self.sizes.steps[step.index()];
        push_sized(
            &mut self.steps[step.index()],
            Item {
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
            },
            room,
        );
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
        let At {
            citations: &citations,
            ..
        } = at;
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
            citations: &citations,
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
        if let Some(offering_rule) = by_rule
            && TRACE
        {
            let offering = offering_rule as u8;
            for (rule, d) in &mut self.decisions {
                if *rule == offering && d.drug == drug {
                    d.outcome = withheld;
                }
            }
        }
        self.decide(
            index,
            DrugDecision {
                drug,
                outcome: withheld,
            },
        );
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
        let At {
            id,
            citations: &citations,
            ..
        } = at;
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
            citations: &citations,
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
                // The item's statements with their references: the item cites exactly these
                // references (each entry's citations are made so, and unions keep it so).
                let with_item = Citations {
                    statements: citations.statements.union(item.citations.statements),
                    references: citations.references.union(item.citations.references),
                    ..citations
                };
                debug_assert_eq!(
                    with_item,
                    citations.with_statements(item.citations.statements)
                );
                item.attachments.push(Attachment {
                    rule: id,
                    kind,
                    severity,
                    text: Cow::Borrowed(text),
                    citations: with_item,
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
            citations: &citations,
            source,
            ..
        } = at;
        let patient = self.patient;
        let meds = patient.medications();
        let ordered = self.ordered();
        let alert = |drugs| Alert {
            rule: id,
            severity,
            drugs,
            message: Cow::Borrowed(message),
            citations,
            source,
        };
        let current = |drug| {
            alert(InvolvedDrugs::one(InvolvedDrug {
                drug,
                role: current_role(ordered, drug),
            }))
        };
        let room = self.sizes.alerts;
        let before = self.alerts.len();
        match about {
            AlertAbout::EachCurrent(of) => {
                let drugs = self.current(of);
                for drug in drugs {
                    push_sized(&mut self.alerts, current(drug), room);
                }
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
                        push_sized(&mut self.alerts, current(m.drug), room);
                    }
                }
            }
            AlertAbout::Together(list) => {
                let drugs = self.involved(list);
                if !drugs.is_empty() {
                    push_sized(&mut self.alerts, alert(drugs), room);
                }
            }
        }
        self.alerts.len() > before
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
            citations: &citations,
            source,
            ..
        } = at;
        if self.current(DrugOrClass::Drug(drug)).is_empty() {
            return false;
        }
        let with_drugs = self.current(with);
        let ordered = self.ordered();
        let mut present: Vec<&str> = Vec::new();
        let mut drugs = InvolvedDrugs::one(InvolvedDrug {
            drug,
            role: current_role(ordered, drug),
        });
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
        let room = self.sizes.alerts;
        push_sized(
            &mut self.alerts,
            Alert {
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
            },
            room,
        );
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
            citations: &citations,
            source,
            ..
        } = at;
        let drugs = self.involved(about);
        if drugs.is_empty() {
            return false;
        }
        let room = self.sizes.monitoring;
        push_sized(
            &mut self.monitoring,
            Monitoring {
                rule: id,
                what,
                drugs,
                text: Cow::Borrowed(text),
                citations,
                source,
            },
            room,
        );
        true
    }

    /// Applies an `Output::Note`; whether it produced anything.
    fn note(&mut self, at: At, kind: NoteKind, severity: Severity, text: &'static str) -> bool {
        let At {
            id,
            citations: &citations,
            source,
            ..
        } = at;
        let room = self.sizes.notes;
        push_sized(
            &mut self.notes,
            Note {
                rule: id,
                kind,
                severity,
                text: Cow::Borrowed(text),
                citations,
                source,
            },
            room,
        );
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

    /// The drugs matching each (drug or class, roles) pair, in the order given, each drug
    /// once per role.
    fn involved(&mut self, list: &[(DrugOrClass, Set<DrugRole>)]) -> InvolvedDrugs {
        if !TRACE {
            return self.involved_quick(list);
        }
        let mut out = InvolvedDrugs::new();
        let ordered = self.ordered();
        // The drugs listed so far in each role.
        let mut listed = [Set::<Drug>::new(); <DrugRole as strum::EnumCount>::COUNT];
        for &(of, roles) in list {
            for role in roles {
                let drugs = match role {
                    DrugRole::Current => self.current(of),
                    DrugRole::Offered => self.offered(of),
                    DrugRole::Withheld => {
                        let drugs = self.withheld.intersection(of.drugs());
                        if TRACE {
                            for drug in drugs {
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
                for drug in drugs {
                    let role = match role {
                        DrugRole::Current => current_role(ordered, drug),
                        other => other,
                    };
                    if listed[role as usize].insert(drug) {
                        out.push(InvolvedDrug { drug, role });
                    }
                }
            }
        }
        out
    }

    /// The drugs [`Engine::involved`] lists, without recording what it reads (a plan without
    /// its trace): the sets as bits, each role's drugs in their order, no ordered drug (there
    /// is none outside a medication check, which records its reads).
    #[inline]
    fn involved_quick(&self, list: &[(DrugOrClass, Set<DrugRole>)]) -> InvolvedDrugs {
        debug_assert!(self.check.is_none());
        let mut out = InvolvedDrugs::new();
        // Each role the table names, with the plan's drugs in that role, in the roles' order.
        let roles = [
            (DrugRole::Current, self.current),
            (DrugRole::Offered, self.offered.bits() as u64),
            (DrugRole::Withheld, self.withheld.bits() as u64),
        ];
        // The drugs listed so far in each role, as bits.
        let mut listed = [0u64; 3];
        for &(of, of_roles) in list {
            let of = of.drugs().bits() as u64;
            for (listed, &(role, drugs)) in listed.iter_mut().zip(&roles) {
                let mut new = drugs & of & !*listed;
                if new == 0 || !of_roles.contains(role) {
                    continue;
                }
                *listed |= new;
                while new != 0 {
                    let drug = <Drug as Member>::ALL[new.trailing_zeros() as usize];
                    new &= new - 1;
                    out.push(InvolvedDrug { drug, role });
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
            None => push_sized(
                &mut self.avoidances,
                Avoidance {
                    rule: id,
                    target,
                    kind,
                    reason: Cow::Borrowed(reason),
                    citations,
                    source: id.source(),
                },
                self.sizes.avoidances,
            ),
        }
    }
}

//! The end of an evaluation: the plan assembled from what the effects produced, and the
//! trace from what the rules read and decided.

use std::borrow::Cow;
use std::cmp::Reverse;

use crate::engine::{Engine, RULES};
use crate::knowledge::evidence::{Citations, Source, StatementId};
use crate::knowledge::rules;
use crate::knowledge::{ARTICLE_DATE, ARTICLE_REVIEW_STATUS, ARTICLE_TITLE, KNOWLEDGE_VERSION};
use crate::model::patient::Presentation;
use crate::model::set::Set;
use crate::plan::trace::{Input, Reason, Trace, TraceBuilder};
use crate::plan::{
    Alert, Classification, Plan, Provenance, Severity, SpasmCategory, Step, StepNumber,
};

/// The safety additions, one bit per rule.
const ADDITIONS: u128 = {
    let table = rules::table();
    let mut bits = 0;
    let mut i = 0;
    while i < table.len() {
        if matches!(table[i].id.source(), Source::SafetyAddition) {
            bits |= 1 << i;
        }
        i += 1;
    }
    bits
};

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

/// The order of a plan's or a check's alerts: critical first, then by statement id, then by
/// the first drug involved.
pub(super) fn alert_order(a: &Alert) -> (Reverse<Severity>, StatementId, Option<u32>) {
    (
        Reverse(a.severity),
        a.rule,
        a.drugs.first().map(|d| d.drug as u32),
    )
}

impl<const TRACE: bool> Engine<'_, TRACE> {
    pub(super) fn finish(mut self) -> Plan {
        let presentation = self.patient.presentation();
        let category = match presentation {
            Presentation::TrueCramp(_) => Some(SpasmCategory::TrueCramp),
            Presentation::OutOfScope(k) => Some(SpasmCategory::from(k)),
            _ => None,
        };
        // Often in order already (sorting a sorted list still moves its entries).
        if !self.avoidances.is_sorted_by_key(|a| a.rule) {
            self.avoidances.sort_by_key(|a| a.rule);
        }
        if !self.alerts.is_sorted_by_key(alert_order) {
            self.alerts.sort_by_key(alert_order);
        }
        let (trace, additions_fired) = if TRACE {
            self.trace()
        } else {
            let additions_fired = self.additions_fired();
            (
                Trace::lazy(self.patient.clone(), super::trace),
                additions_fired,
            )
        };
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
    pub(super) fn trace(&self) -> (Trace, Set<StatementId>) {
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

    /// The safety additions that fired (a plan without its trace): the rule at position `i`
    /// of the table is the statement id `i`.
    fn additions_fired(&self) -> Set<StatementId> {
        Set::from_bits(self.fired & ADDITIONS)
    }
}

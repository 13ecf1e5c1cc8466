//! The medication check (knowledge spec Part 8.1): the engine in check mode.

use std::borrow::Cow;

use crate::engine::check::{Check, NotChecked, UnknownInput};
use crate::engine::{ALL_PRESENTATIONS, Engine};
use crate::knowledge::evidence::StatementId;
use crate::knowledge::rules::{self, Effect, Guard};
use crate::knowledge::{ARTICLE_DATE, ARTICLE_REVIEW_STATUS, ARTICLE_TITLE, KNOWLEDGE_VERSION};
use crate::model::drug::Drug;
use crate::model::patient::{Patient, Presentation, PresentationKind, Stage};
use crate::model::record::{Record, RecordPresentation};
use crate::model::set::Set;
use crate::plan::trace::{Input, Reason};
use crate::plan::{DrugRole, Provenance};

// The same table and the same engine: a check runs the three passes with the engine in check
// mode, where only the effects that raise alerts or monitoring about drugs are evaluated.
// Nothing is offered in a check, so the plan's offered and withheld sets stay empty and a guard
// that reads them is false: an alert that needs a plan state (an offered drug, a withheld one)
// is never raised from a check. A drafted drug is a current drug with 0 days of use, named in
// the alert with the role "ordered". Where a rule needs an input the record lacks (the
// presentation, its subtype, the stage, the severity), the effect is not decided and the rule
// is listed as not checked, with the input it lacks.

/// What the engine knows in check mode beyond its patient.
pub(super) struct CheckMode {
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
pub(super) fn current_role(ordered: Set<Drug>, drug: Drug) -> DrugRole {
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
    let mut engine = Engine::<true>::new(&patient);
    engine.kind = record
        .presentation
        .kind()
        .unwrap_or(PresentationKind::RestlessLegs);
    // Every rule starts as plan only: a rule with an effect a check evaluates says more.
    engine.reasons.fill(Reason::PlanOnly);
    engine.check = Some(CheckMode {
        presentation: record.presentation.clone(),
        ordered,
        not_checked: Vec::new(),
    });
    engine.run_all(Engine::check_effect);
    engine.finish_check(record)
}

impl<const TRACE: bool> Engine<'_, TRACE> {
    /// The drafted drugs that are not current already (empty for a plan; a check records its
    /// reads, so without the trace there is none).
    pub(super) fn ordered(&self) -> Set<Drug> {
        if !TRACE {
            debug_assert!(self.check.is_none());
            return Set::new();
        }
        self.check.as_ref().map_or(Set::new(), |c| c.ordered)
    }

    /// Check mode: evaluates one effect of the rule at `index` and keeps the furthest reason.
    fn check_effect(&mut self, index: usize, position: usize) {
        let rule = &rules::table()[index];
        let effect = &rule.effects[position];
        let reason = if effect.then.in_check() {
            self.check_evaluate(index, rule.id, position, effect)
        } else {
            Reason::PlanOnly
        };
        if reason.rank() > self.reasons[index].rank() {
            self.reasons[index] = reason;
        }
    }

    fn check_evaluate(
        &mut self,
        index: usize,
        id: StatementId,
        position: usize,
        effect: &Effect,
    ) -> Reason {
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
            Ok(true) if self.apply(index, id, position, effect) => Reason::Fired,
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
        self.alerts.sort_by_key(super::finish::alert_order);
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

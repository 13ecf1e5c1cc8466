//! The rule table: Parts 1, 2, 3 and 6 of the knowledge spec as data.
//!
//! Each rule's effects follow the spec's applicability table (Part 2) and the effects of the
//! safety additions (Part 6); the decisions (Part 3) they rest on are cited. Text is the
//! crate's wording of the spec; it never adds a clinical fact.

use super::{AlertAbout, AttachTo, Effect, Guard, Offering, Output, Rule};
use crate::knowledge::advice::{
    AttachmentKind, AvoidanceKind, DrugRole, Measure, MonitoringKind, NoteKind, Severity,
    StepNumber, Strength, Tier,
};
use crate::knowledge::evidence::{Decision, Source, StatementId};
use crate::model::drug::{Drug, DrugClass, DrugOrClass};
use crate::model::patient::{
    Condition, CrampKind, PresentationKind, RlsCriterion, SpasticityOrigin, Stage, SymptomSeverity,
};
use crate::model::quantity::{Age, Days};
use crate::model::set::{Set, set};

use Decision::*;
use StatementId::*;

// ---- Building blocks ----------------------------------------------------------------------

use PresentationKind as P;
// Derived from the whole vocabulary, so that a new presentation kind is in every rule scoped
// to "any presentation" (or to all but one) without an edit here.
/// Every presentation kind.
const ANY: Set<PresentationKind> = Set::all();
/// The presentations with a treatment in the article (all but OOS).
const TREATED: Set<PresentationKind> = ANY.difference(OOS);
const CR: Set<PresentationKind> = set![P::TrueCramp];
const RLS: Set<PresentationKind> = set![P::RestlessLegs];
const SP: Set<PresentationKind> = set![P::Spasticity];
const MSK: Set<PresentationKind> = set![P::AcuteMusculoskeletal];
const OOS: Set<PresentationKind> = set![P::OutOfScope];
/// Every presentation kind but RLS.
const NOT_RLS: Set<PresentationKind> = ANY.difference(RLS);
const CR_RLS: Set<PresentationKind> = set![P::TrueCramp, P::RestlessLegs];

const S2: Stage = Stage::NonDrugInsufficient;
const S3: Stage = Stage::Refractory;

const CURRENT: Set<DrugRole> = set![DrugRole::Current];
const OFFERED: Set<DrugRole> = set![DrugRole::Offered];
const CURRENT_OR_OFFERED: Set<DrugRole> = set![DrugRole::Current, DrugRole::Offered];
const WITHHELD: Set<DrugRole> = set![DrugRole::Withheld];

const fn drug(d: Drug) -> DrugOrClass {
    DrugOrClass::Drug(d)
}
const fn class(c: DrugClass) -> DrugOrClass {
    DrugOrClass::Class(c)
}

const A2D: DrugOrClass = class(DrugClass::AlphaTwoDeltaLigand);
const OPIOID: DrugOrClass = class(DrugClass::Opioid);
const BENZO: DrugOrClass = class(DrugClass::Benzodiazepine);
const DOPAMINERGIC: DrugOrClass = class(DrugClass::DopaminergicAgent);
const ANTIPSYCHOTIC: DrugOrClass = class(DrugClass::DopamineBlockingAntipsychotic);
const MAOI: DrugOrClass = class(DrugClass::MaoInhibitor);
const CYP1A2: DrugOrClass = class(DrugClass::Cyp1a2Inhibitor);

/// An effect for `scope` from stage 1, always, citing nothing further.
const fn on(scope: Set<PresentationKind>, then: Output) -> Effect {
    Effect {
        scope,
        from: Stage::NothingTried,
        when: Guard::Always,
        then,
        also_cites: Set::new(),
        decisions: Set::new(),
    }
}

impl Effect {
    const fn from(mut self, stage: Stage) -> Self {
        self.from = stage;
        self
    }
    const fn when(mut self, guard: Guard) -> Self {
        self.when = guard;
        self
    }
    const fn cites(mut self, ids: Set<StatementId>) -> Self {
        self.also_cites = ids;
        self
    }
    const fn decided(mut self, decisions: Set<Decision>) -> Self {
        self.decisions = decisions;
        self
    }
}

const fn offer(
    step: StepNumber,
    what: Offering,
    tier: Option<Tier>,
    strength: Strength,
    detail: &'static str,
) -> Output {
    Output::Offer {
        step,
        what,
        tier,
        strength,
        detail,
    }
}

const fn measure(m: Measure, tier: Tier, strength: Strength, detail: &'static str) -> Output {
    offer(
        StepNumber::One,
        Offering::Measure(m),
        Some(tier),
        strength,
        detail,
    )
}

const fn note(kind: NoteKind, severity: Severity, text: &'static str) -> Output {
    Output::Note {
        kind,
        severity,
        text,
    }
}

const fn alert(severity: Severity, about: AlertAbout, message: &'static str) -> Output {
    Output::Alert {
        severity,
        about,
        message,
    }
}

const fn caution(to: AttachTo, text: &'static str) -> Output {
    Output::Attach {
        to,
        kind: AttachmentKind::Caution,
        severity: Severity::Warning,
        text,
    }
}

const fn instruction(to: AttachTo, text: &'static str) -> Output {
    Output::Attach {
        to,
        kind: AttachmentKind::Instruction,
        severity: Severity::Info,
        text,
    }
}

const fn rule(id: StatementId, decisions: Set<Decision>, effects: &'static [Effect]) -> Rule {
    Rule {
        id,
        decisions,
        effects,
    }
}

const SA8_CONDITION_LIST: [Condition; 5] = [
    Condition::RecentMyocardialInfarction,
    Condition::Arrhythmia,
    Condition::HeartBlock,
    Condition::CongestiveHeartFailure,
    Condition::Hyperthyroidism,
];

const SA8_CONDITIONS: Guard = Guard::Any(&[
    Guard::Has(Condition::RecentMyocardialInfarction),
    Guard::Has(Condition::Arrhythmia),
    Guard::Has(Condition::HeartBlock),
    Guard::Has(Condition::CongestiveHeartFailure),
    Guard::Has(Condition::Hyperthyroidism),
]);

// ---- The table ----------------------------------------------------------------------------

pub(super) static TABLE: [Rule; 46] = [
    // DX-1: always; DEC-6 for secondary cramps and for OOS.
    rule(Dx1, set![Dec6], &[
        on(ANY, Output::Classify),
        on(CR, note(NoteKind::SecondaryCause, Severity::Info,
            "A secondary cramp: its underlying cause needs evaluation."))
            .when(Guard::Cramp(CrampKind::Secondary)).decided(set![Dec6]),
        on(OOS, note(NoteKind::OutOfScope, Severity::Info,
            "The knowledge base holds no treatment for contracture, tetany or dystonia, and no drug is offered: the underlying cause needs evaluation."))
            .decided(set![Dec6]),
    ]),
    // DX-2: a non-RLS presentation with the four RLS symptoms present.
    rule(Dx2, set![], &[
        on(NOT_RLS, note(NoteKind::Differential, Severity::Info,
            "The four key symptoms of restless legs syndrome are reported present: consider RLS."))
            .when(Guard::ArticleCriteriaPresent).cites(set![Dx3]),
    ]),
    // DX-3: an RLS presentation without the four (fewer present, or not reported).
    rule(Dx3, set![], &[
        on(RLS, note(NoteKind::DiagnosisConfirmation, Severity::Info,
            "Confirm the RLS diagnosis: the four key symptoms (urge to move the legs with uncomfortable sensations, worse at rest, relieved by movement, worse in the evening or at night) are not all reported present."))
            .when(Guard::Not(&Guard::ArticleCriteriaPresent)).cites(set![Dx2]),
    ]),
    rule(Np1, set![], &[
        on(TREATED, measure(Measure::Stretching, Tier::FirstLine, Strength::Recommended,
            "Daily calf and hamstring stretching.")).cites(set![Al1]),
    ]),
    rule(Np2, set![], &[
        on(CR, measure(Measure::Massage, Tier::FirstLine, Strength::MayHelp,
            "During an acute cramp: massage the affected muscle for immediate relief.")).cites(set![Al1]),
    ]),
    rule(Np3, set![], &[
        on(CR, measure(Measure::Movement, Tier::FirstLine, Strength::MayHelp,
            "During an acute cramp: walk or move the affected limb.")).cites(set![Al1]),
    ]),
    rule(Np4, set![], &[
        on(TREATED, measure(Measure::Relaxation, Tier::FirstLine, Strength::Recommended,
            "Relaxation techniques to reduce muscle tension and cocontraction.")),
    ]),
    rule(Np5, set![], &[
        on(RLS, measure(Measure::Compression, Tier::Additional, Strength::MayHelp,
            "Compression devices, for RLS-related leg discomfort.")),
    ]),
    rule(Np6, set![], &[
        on(TREATED, measure(Measure::PostureAvoidance, Tier::Additional, Strength::Recommended,
            "Avoid postures that hold joints at the end of range for long (full hip, knee or ankle flexion while sitting).")).cites(set![Al1]),
    ]),
    rule(Np7, set![], &[
        on(TREATED, measure(Measure::WeightDistribution, Tier::Additional, Strength::Recommended,
            "Even weight distribution in sitting, transfers, standing and walking.")).cites(set![Al1]),
    ]),
    rule(Np8, set![], &[
        on(RLS, measure(Measure::PeronealNerveStimulation, Tier::Additional, Strength::CanBeConsidered,
            "Bilateral high-frequency peroneal nerve stimulation, for RLS-related leg discomfort.")),
    ]),
    // RX-1: CR and RLS from S2, one item per drug (DEC-4: not for SP or MSK).
    rule(Rx1, set![Dec4], &[
        on(CR_RLS, offer(StepNumber::Two, Offering::Drug(Drug::Gabapentin), Some(Tier::FirstLine),
            Strength::StronglyRecommended, "Alpha-2-delta ligand, first-line pharmacological treatment."))
            .from(S2).cites(set![Al2]),
        on(CR_RLS, offer(StepNumber::Two, Offering::Drug(Drug::GabapentinEnacarbil), Some(Tier::FirstLine),
            Strength::StronglyRecommended, "Alpha-2-delta ligand, first-line pharmacological treatment."))
            .from(S2).cites(set![Al2]),
        on(CR_RLS, offer(StepNumber::Two, Offering::Drug(Drug::Pregabalin), Some(Tier::FirstLine),
            Strength::StronglyRecommended, "Alpha-2-delta ligand, first-line pharmacological treatment."))
            .from(S2).cites(set![Al2]),
    ]),
    // RX-2: MSK from S2, not when current use has reached 21 days or its length is unknown
    // (PF-1, DEC-8, DEC-16).
    rule(Rx2, set![Dec8, Dec16], &[
        on(MSK, offer(StepNumber::Two, Offering::Drug(Drug::Cyclobenzaprine), Some(Tier::Adjunct),
            Strength::MayBeUsed, "As an adjunct to rest and physical therapy, for a short period only."))
            .from(S2).cites(set![Al2])
            .when(Guard::Not(&Guard::CurrentAtLeast(Drug::Cyclobenzaprine, Days::CYCLOBENZAPRINE_MAX)))
            .decided(set![Dec8, Dec16]),
    ]),
    // RX-3: SP from S2 (DEC-3), preferred after stroke; CR at S3 (AL-3).
    rule(Rx3, set![Dec3], &[
        on(SP, offer(StepNumber::Two, Offering::Drug(Drug::Tizanidine), Some(Tier::SecondLine),
            Strength::CanBeConsidered, "For chronic muscle spasticity, particularly after stroke."))
            .from(S2).decided(set![Dec3]),
        on(CR, offer(StepNumber::Three, Offering::Drug(Drug::Tizanidine), Some(Tier::SecondLine),
            Strength::CanBeConsidered, "Second-line agent for refractory cramps."))
            .from(S3).cites(set![Al3]).decided(set![Dec3]),
        on(SP, Output::Prefer(Drug::Tizanidine)).from(S2).when(Guard::Origin(SpasticityOrigin::Stroke)),
    ]),
    // RX-4: SP from S2 when spasticity causes pain, poor skin hygiene or decreased function; CR at S3.
    rule(Rx4, set![Dec3], &[
        on(SP, offer(StepNumber::Two, Offering::Drug(Drug::Baclofen), Some(Tier::SecondLine),
            Strength::MayBeUsed, "For spasticity that causes pain, poor skin hygiene or decreased function."))
            .from(S2).when(Guard::AnyImpact).decided(set![Dec3]),
        on(CR, offer(StepNumber::Three, Offering::Drug(Drug::Baclofen), Some(Tier::SecondLine),
            Strength::MayBeUsed, "Second-line agent for refractory cramps."))
            .from(S3).cites(set![Al3]).decided(set![Dec3]),
    ]),
    // RX-5: RLS only (DEC-2), at S3, moderate or severe.
    rule(Rx5, set![Dec2], &[
        on(RLS, offer(StepNumber::Three, Offering::Drug(Drug::Oxycodone), Some(Tier::SecondLine),
            Strength::MayBeConsidered, "Extended-release oxycodone, for moderate to severe refractory cases."))
            .from(S3).when(Guard::SeverityAtLeast(SymptomSeverity::Moderate)).cites(set![Al3]).decided(set![Dec2]),
        on(RLS, offer(StepNumber::Three, Offering::Drug(Drug::OtherOpioid), Some(Tier::SecondLine),
            Strength::MayBeConsidered, "Another low-dose opioid, for moderate to severe refractory cases."))
            .from(S3).when(Guard::SeverityAtLeast(SymptomSeverity::Moderate)).cites(set![Al3]).decided(set![Dec2]),
    ]),
    // FE-1: RLS at every stage (DEC-5), when a lab is unknown and FE-2 is not triggered.
    rule(Fe1, set![Dec5], &[
        on(RLS, offer(StepNumber::Two, Offering::IronStudies, None, Strength::Recommended,
            "Check serum iron studies (ferritin and transferrin saturation) for RLS-related leg discomfort."))
            .when(Guard::All(&[
                Guard::Not(&Guard::IronCalledFor),
                Guard::Any(&[Guard::Not(&Guard::FerritinMeasured), Guard::Not(&Guard::SaturationMeasured)]),
            ]))
            .cites(set![Al2]).decided(set![Dec5]),
    ]),
    // FE-2: RLS at every stage (DEC-5), ferritin <= 75 ng/mL or saturation < 20 %.
    rule(Fe2, set![Dec5], &[
        on(RLS, offer(StepNumber::Two, Offering::IronSupplementation, None, Strength::CanBeConsidered,
            "Consider iron supplementation: serum ferritin <= 75 ng/mL or transferrin saturation < 20 %."))
            .when(Guard::IronCalledFor).cites(set![Al2]).decided(set![Dec5]),
    ]),
    // AV-1: whenever the patient is recovering from a stroke (DEC-10).
    rule(Av1, set![Dec10], &[
        on(ANY, Output::Avoid { target: BENZO, kind: AvoidanceKind::Avoid,
            reason: "During stroke recovery: possible negative effects on recovery." })
            .when(Guard::StrokeRecovery).decided(set![Dec10]),
        on(ANY, alert(Severity::Critical, AlertAbout::EachCurrent(BENZO),
            "A benzodiazepine during stroke recovery: possible negative effects on recovery. Review the drug and its indication."))
            .when(Guard::StrokeRecovery).decided(set![Dec10, Dec9, Dec11]),
    ]),
    // AV-2: RLS, always listed; an alert for any current dopaminergic agent (DEC-7).
    rule(Av2, set![Dec7], &[
        on(RLS, Output::Avoid { target: DOPAMINERGIC, kind: AvoidanceKind::Avoid,
            reason: "Not for long-term use: risk of augmentation." }),
        on(RLS, alert(Severity::Warning, AlertAbout::EachCurrent(DOPAMINERGIC),
            "A dopaminergic agent in RLS: risk of augmentation with long-term use. Review the drug and its indication."))
            .cites(set![Pf3]).decided(set![Dec7, Dec11]),
    ]),
    // AV-3: RLS, always listed; an alert for a current dopamine-blocking antipsychotic.
    rule(Av3, set![], &[
        on(RLS, Output::Avoid { target: ANTIPSYCHOTIC, kind: AvoidanceKind::Caution,
            reason: "Antipsychotics that block dopamine receptors may worsen RLS." }),
        on(RLS, alert(Severity::Warning, AlertAbout::EachCurrent(ANTIPSYCHOTIC),
            "A dopamine-blocking antipsychotic may worsen RLS. Review the drug and its indication."))
            .decided(set![Dec9, Dec11]),
    ]),
    // MO-1: RLS with a current dopaminergic agent (DEC-7).
    rule(Mo1, set![Dec7], &[
        on(RLS, Output::Monitor { what: MonitoringKind::Augmentation, about: &[(DOPAMINERGIC, CURRENT)],
            text: "Monitor for augmentation: worsening and earlier onset of symptoms." })
            .when(Guard::Current(DOPAMINERGIC)).decided(set![Dec7]),
    ]),
    // MO-2: ESRD: an attached note on the gabapentin item, which keeps RX-1's strength (DEC-14).
    rule(Mo2, set![Dec14], &[
        on(CR_RLS, Output::Attach { to: AttachTo::Drug(drug(Drug::Gabapentin)), kind: AttachmentKind::Note,
            severity: Severity::Info, text: "In end-stage renal disease, gabapentin is suggested as an effective option." })
            .from(S2).when(Guard::Has(Condition::EndStageRenalDisease)).decided(set![Dec14]),
    ]),
    // AL-1..3: cited by the items of their step.
    rule(Al1, set![], &[on(ANY, Output::Algorithm)]),
    rule(Al2, set![], &[on(ANY, Output::Algorithm)]),
    rule(Al3, set![], &[on(ANY, Output::Algorithm)]),
    // PF-1: the 21-day maximum of an offered cyclobenzaprine (DEC-8); an alert from 21 days on,
    // and for a use of unknown length (DEC-16).
    rule(Pf1, set![Dec8, Dec16], &[
        on(ANY, Output::Limit { drug: Drug::Cyclobenzaprine, max: Days::CYCLOBENZAPRINE_MAX }).decided(set![Dec8]),
        on(ANY, alert(Severity::Warning,
            AlertAbout::EachCurrentAtLeast(drug(Drug::Cyclobenzaprine), Days::CYCLOBENZAPRINE_MAX),
            "Cyclobenzaprine for 21 days or more: it is used for 2-3 weeks at most, with no evidence for longer use. Review the drug and its indication."))
            .decided(set![Dec8, Dec9, Dec11]),
        on(ANY, alert(Severity::Warning,
            AlertAbout::EachCurrentUnknownDuration(drug(Drug::Cyclobenzaprine)),
            "Cyclobenzaprine, duration unknown: counted as 21 days or more, since a use of unknown length is never extended. It is used for 2-3 weeks at most, with no evidence for longer use. Review the drug and its indication."))
            .decided(set![Dec8, Dec16, Dec9, Dec11]),
    ]),
    // PF-2: SP of any origin.
    rule(Pf2, set![], &[
        on(SP, Output::Avoid { target: drug(Drug::Cyclobenzaprine), kind: AvoidanceKind::NotEffective,
            reason: "Not effective for spasticity associated with cerebral or spinal cord disease." }),
        on(SP, alert(Severity::Warning, AlertAbout::EachCurrent(drug(Drug::Cyclobenzaprine)),
            "Cyclobenzaprine is not effective for spasticity. Review the drug and its indication."))
            .decided(set![Dec9, Dec11]),
    ]),
    // PF-3: RLS, with AV-2.
    rule(Pf3, set![], &[
        on(RLS, Output::Avoid { target: DOPAMINERGIC, kind: AvoidanceKind::Avoid,
            reason: "Not for long-term use: risk of augmentation." }),
    ]),
    // PF-4: CR counselling; an alert for long-term OTC analgesic use in any presentation (DEC-7).
    rule(Pf4, set![Dec7, Dec16], &[
        on(CR, note(NoteKind::Counselling, Severity::Info,
            "Long-term use of over-the-counter analgesics for leg cramps can lead to adverse events.")),
        on(ANY, alert(Severity::Warning,
            AlertAbout::EachCurrentAtLeast(class(DrugClass::OtcAnalgesic), Days::LONG_TERM_ANALGESIC),
            "An over-the-counter analgesic taken for 90 days or more: if taken for leg cramps, long-term use can lead to adverse events. Review the drug and its indication."))
            .decided(set![Dec7, Dec9, Dec11]),
        on(ANY, alert(Severity::Warning,
            AlertAbout::EachCurrentUnknownDuration(class(DrugClass::OtcAnalgesic)),
            "An over-the-counter analgesic, duration unknown: counted as long-term (90 days or more). If taken for leg cramps, long-term use can lead to adverse events. Review the drug and its indication."))
            .decided(set![Dec7, Dec16, Dec9, Dec11]),
    ]),
    rule(Pf5, set![], &[
        on(CR, note(NoteKind::Counselling, Severity::Info,
            "Nearly a third of patients with leg cramps search the internet for treatments and may use unproven remedies: ask about them.")),
    ]),
    // ---- Safety additions (Part 6) ----
    rule(Sa1, set![], &[
        on(CR, Output::Avoid { target: drug(Drug::Quinine), kind: AvoidanceKind::Avoid,
            reason: "Must not be used for leg cramps: serious and life-threatening haematological reactions (thrombocytopenia, HUS/TTP) without evidence of benefit." }),
        on(ANY, alert(Severity::Critical, AlertAbout::EachCurrent(drug(Drug::Quinine)),
            "Quinine must not be used for leg cramps: serious and life-threatening haematological reactions (thrombocytopenia, HUS/TTP) without evidence of benefit. Review the drug and its indication."))
            .decided(set![Dec11]),
    ]),
    rule(Sa2, set![], &[
        on(CR, note(NoteKind::Counselling, Severity::Info,
            "Magnesium does not reduce idiopathic cramps in non-pregnant adults (moderate certainty)."))
            .when(Guard::All(&[Guard::Cramp(CrampKind::Idiopathic), Guard::Not(&Guard::Has(Condition::Pregnancy))])),
        on(CR, alert(Severity::Info, AlertAbout::EachCurrent(class(DrugClass::Magnesium)),
            "Magnesium does not reduce idiopathic cramps in non-pregnant adults (moderate certainty). Review the drug and its indication."))
            .when(Guard::All(&[Guard::Cramp(CrampKind::Idiopathic), Guard::Not(&Guard::Has(Condition::Pregnancy))]))
            .decided(set![Dec11]),
    ]),
    rule(Sa3, set![], &[
        on(ANY, alert(Severity::Warning,
            AlertAbout::Together(&[(A2D, CURRENT_OR_OFFERED), (OPIOID, CURRENT_OR_OFFERED), (BENZO, CURRENT_OR_OFFERED)]),
            "A gabapentinoid with an opioid or a benzodiazepine: risk of serious breathing difficulties. Review the drugs and their indications."))
            .when(Guard::All(&[
                Guard::Any(&[Guard::Current(A2D), Guard::Offered(A2D)]),
                Guard::Any(&[Guard::Current(OPIOID), Guard::Offered(OPIOID), Guard::Current(BENZO), Guard::Offered(BENZO)]),
            ]))
            .decided(set![Dec11]),
    ]),
    rule(Sa4, set![], &[
        on(ANY, alert(Severity::Critical,
            AlertAbout::Together(&[(OPIOID, CURRENT_OR_OFFERED), (BENZO, CURRENT)]),
            "An opioid with a benzodiazepine: profound sedation, respiratory depression and death (boxed warning). Review the drugs and their indications."))
            .when(Guard::All(&[Guard::Any(&[Guard::Current(OPIOID), Guard::Offered(OPIOID)]), Guard::Current(BENZO)]))
            .decided(set![Dec11]),
    ]),
    rule(Sa5, set![], &[
        on(ANY, instruction(AttachTo::IronStudies,
            "Draw iron studies in the morning, after at least 24 h without iron supplements or iron-rich food.")),
    ]),
    rule(Sa6, set![], &[
        on(CR_RLS, Output::Withhold { drug: Drug::GabapentinEnacarbil, kind: AvoidanceKind::Avoid,
            reason: "Not recommended in patients on haemodialysis; renally cleared." })
            .when(Guard::Has(Condition::EndStageRenalDisease)),
        on(CR_RLS, Output::Avoid { target: drug(Drug::GabapentinEnacarbil), kind: AvoidanceKind::Avoid,
            reason: "Not recommended in patients on haemodialysis; renally cleared." })
            .when(Guard::Has(Condition::EndStageRenalDisease)),
        on(ANY, caution(AttachTo::Drug(A2D), "Renally cleared: dose by creatinine clearance."))
            .when(Guard::Has(Condition::EndStageRenalDisease)),
        on(ANY, alert(Severity::Warning, AlertAbout::EachCurrent(drug(Drug::Gabapentin)),
            "An alpha-2-delta ligand in end-stage renal disease: renally cleared, dose by creatinine clearance. Review the drug, its dose and its indication."))
            .when(Guard::Has(Condition::EndStageRenalDisease)).decided(set![Dec11]),
        on(ANY, alert(Severity::Warning, AlertAbout::EachCurrent(drug(Drug::Pregabalin)),
            "An alpha-2-delta ligand in end-stage renal disease: renally cleared, dose by creatinine clearance. Review the drug, its dose and its indication."))
            .when(Guard::Has(Condition::EndStageRenalDisease)).decided(set![Dec11]),
        on(ANY, alert(Severity::Warning, AlertAbout::EachCurrent(drug(Drug::GabapentinEnacarbil)),
            "Gabapentin enacarbil in end-stage renal disease: not recommended in patients on haemodialysis (renally cleared). Review the drug and its indication."))
            .when(Guard::Has(Condition::EndStageRenalDisease)).decided(set![Dec11]),
    ]),
    rule(Sa7, set![Dec13], &[
        on(ANY, Output::Withhold { drug: Drug::Tizanidine, kind: AvoidanceKind::Contraindicated,
            reason: "Contraindicated with strong CYP1A2 inhibitors (fluvoxamine, ciprofloxacin)." })
            .when(Guard::Current(CYP1A2)),
        on(ANY, alert(Severity::Critical,
            AlertAbout::Together(&[(drug(Drug::Tizanidine), WITHHELD), (CYP1A2, CURRENT)]),
            "Tizanidine is not offered: it is contraindicated with a strong CYP1A2 inhibitor the patient takes. Review the drugs and their indications."))
            .when(Guard::All(&[Guard::Withheld(Drug::Tizanidine), Guard::Not(&Guard::Current(drug(Drug::Tizanidine)))]))
            .decided(set![Dec13, Dec11]),
        on(ANY, alert(Severity::Critical,
            AlertAbout::Together(&[(drug(Drug::Tizanidine), CURRENT), (CYP1A2, CURRENT)]),
            "Tizanidine with a strong CYP1A2 inhibitor: contraindicated. Review both drugs and their indications."))
            .when(Guard::All(&[Guard::Current(drug(Drug::Tizanidine)), Guard::Current(CYP1A2)]))
            .decided(set![Dec11]),
        on(ANY, Output::Monitor { what: MonitoringKind::Aminotransferases,
            about: &[(drug(Drug::Tizanidine), OFFERED)],
            text: "Check aminotransferases at baseline and one month after the maximum dose." })
            .when(Guard::Offered(drug(Drug::Tizanidine))).cites(set![Rx3]),
    ]),
    rule(Sa8, set![], &[
        on(ANY, Output::Withhold { drug: Drug::Cyclobenzaprine, kind: AvoidanceKind::Contraindicated,
            reason: "Contraindicated with MAO inhibitors (within 14 days), in the acute recovery phase of myocardial infarction, with arrhythmias, heart block or conduction disturbances, congestive heart failure, and hyperthyroidism." })
            .when(Guard::Any(&[Guard::Current(MAOI), SA8_CONDITIONS])),
        // MSK from S2, where RX-2 applies: listed as contraindicated whatever its 21-day cut
        // decides.
        on(MSK, Output::Avoid { target: drug(Drug::Cyclobenzaprine), kind: AvoidanceKind::Contraindicated,
            reason: "Contraindicated with MAO inhibitors (within 14 days), in the acute recovery phase of myocardial infarction, with arrhythmias, heart block or conduction disturbances, congestive heart failure, and hyperthyroidism." })
            .from(S2).when(Guard::Any(&[Guard::Current(MAOI), SA8_CONDITIONS])),
        on(ANY, Output::Contraindications { drug: Drug::Cyclobenzaprine, with: MAOI,
            conditions: &SA8_CONDITION_LIST,
            opening: "Cyclobenzaprine is contraindicated with:",
            critical_words: "With an MAO inhibitor (within 14 days): risk of hyperpyretic crisis",
            closing: "Review the drugs and their indications." })
            .decided(set![Dec11]),
    ]),
    rule(Sa9, set![Dec10], &[
        on(ANY, caution(AttachTo::Drug(drug(Drug::Baclofen)),
            "Must not be stopped abruptly (hallucinations, seizures).")),
        on(ANY, caution(AttachTo::Drug(drug(Drug::Baclofen)),
            "After stroke, the label notes no established benefit and poor tolerability."))
            .when(Guard::StrokeRecovery).decided(set![Dec10]),
        on(ANY, alert(Severity::Warning, AlertAbout::EachCurrent(drug(Drug::Baclofen)),
            "Baclofen must not be stopped abruptly (hallucinations, seizures). Review the drug and its indication."))
            .decided(set![Dec11]),
    ]),
    rule(Sa10, set![], &[
        on(RLS, note(NoteKind::DiagnosisConfirmation, Severity::Info,
            "Confirm the fifth criterion: the symptoms are not solely accounted for by another condition (leg cramps, myalgia, venous stasis, leg oedema, arthritis, positional discomfort, habitual foot tapping)."))
            .when(Guard::Not(&Guard::CriterionReported(RlsCriterion::NotExplainedByOtherCondition))),
    ]),
    rule(Sa11, set![], &[
        on(ANY, caution(AttachTo::IronSupplementation,
            "Transferrin saturation is 45 % or more: evaluate for iron overload before giving iron."))
            .when(Guard::SaturationAtOverload),
        on(ANY, instruction(AttachTo::IronSupplementation,
            "Transferrin saturation is not measured: measure it before giving iron."))
            .when(Guard::Not(&Guard::SaturationMeasured)),
    ]),
    rule(Sa12, set![], &[
        on(ANY, caution(AttachTo::Drug(drug(Drug::Cyclobenzaprine)),
            "Potentially inappropriate at age 65 or more (anticholinergic effects, sedation, fractures)."))
            .when(Guard::AgeAtLeast(Age::OLDER_ADULT)),
        on(ANY, caution(AttachTo::Drug(drug(Drug::Cyclobenzaprine)),
            "Age unknown, counted as 65 or more: potentially inappropriate at age 65 or more (anticholinergic effects, sedation, fractures)."))
            .when(Guard::AgeUnknown).decided(set![Dec16]),
        on(ANY, alert(Severity::Warning, AlertAbout::EachCurrent(drug(Drug::Cyclobenzaprine)),
            "Cyclobenzaprine at age 65 or more is potentially inappropriate (anticholinergic effects, sedation, fractures). Review the drug and its indication."))
            .when(Guard::AgeAtLeast(Age::OLDER_ADULT)).decided(set![Dec11]),
        on(ANY, alert(Severity::Warning, AlertAbout::EachCurrent(drug(Drug::Cyclobenzaprine)),
            "Cyclobenzaprine, age unknown: counted as 65 or more, where it is potentially inappropriate (anticholinergic effects, sedation, fractures). Review the drug and its indication."))
            .when(Guard::AgeUnknown).decided(set![Dec16, Dec11]),
    ]),
    rule(Sa13, set![], &[
        on(ANY, note(NoteKind::Pregnancy, Severity::Warning,
            "Pregnancy: the stretching evidence excluded pregnant women and the article's drug advice was not written for pregnancy. Every drug item needs specialist review."))
            .when(Guard::Has(Condition::Pregnancy)),
    ]),
    rule(Sa14, set![], &[
        on(ANY, caution(AttachTo::Drug(drug(Drug::Baclofen)),
            "Renally cleared; accumulates in kidney failure (encephalopathy)."))
            .when(Guard::Has(Condition::EndStageRenalDisease)),
        on(ANY, alert(Severity::Warning, AlertAbout::EachCurrent(drug(Drug::Baclofen)),
            "Baclofen in end-stage renal disease: it accumulates (encephalopathy). Review the drug and its indication."))
            .when(Guard::Has(Condition::EndStageRenalDisease)).decided(set![Dec11]),
    ]),
    // SA-15: Beers, benzodiazepines at 65 or more (or an unknown age, DEC-16), any presentation.
    rule(Sa15, set![Dec16], &[
        on(ANY, alert(Severity::Warning, AlertAbout::EachCurrent(BENZO),
            "A benzodiazepine at age 65 or more is potentially inappropriate: older adults are more sensitive to it (cognitive impairment, delirium, falls, fractures, motor vehicle crashes). Review the drug and its indication."))
            .when(Guard::AgeAtLeast(Age::OLDER_ADULT)).decided(set![Dec11]),
        on(ANY, alert(Severity::Warning, AlertAbout::EachCurrent(BENZO),
            "A benzodiazepine, age unknown: counted as 65 or more, where it is potentially inappropriate: older adults are more sensitive to it (cognitive impairment, delirium, falls, fractures, motor vehicle crashes). Review the drug and its indication."))
            .when(Guard::AgeUnknown).decided(set![Dec16, Dec11]),
    ]),
];

// ---- Checks the compiler runs on the table ------------------------------------------------

const _: () = {
    let mut i = 0;
    while i < TABLE.len() {
        let rule = &TABLE[i];
        // Every statement id once, in order: `rules::rule(id)` indexes by id.
        assert!(
            rule.id as usize == i,
            "the rule table is not in statement-id order"
        );
        // A safety addition never adds or promotes a treatment (Part 6).
        let addition = matches!(rule.id.source(), Source::SafetyAddition);
        let mut j = 0;
        while j < rule.effects.len() {
            let effect = &rule.effects[j];
            assert!(
                !(addition && effect.then.adds_treatment()),
                "a safety addition offers a treatment"
            );
            // Nothing in the table offers a benzodiazepine or a dopaminergic agent (INV-3).
            if let Output::Offer {
                what: Offering::Drug(d),
                ..
            } = effect.then
            {
                assert!(
                    !matches!(
                        d.class(),
                        DrugClass::Benzodiazepine | DrugClass::DopaminergicAgent
                    ),
                    "the table offers a benzodiazepine or a dopaminergic agent"
                );
            }
            j += 1;
        }
        i += 1;
    }
    assert!(TABLE.len() == <StatementId as strum::EnumCount>::COUNT);
};

//! Conformance to Part 1 and Part 2 of the knowledge spec: one test (or more) per article
//! statement, DX-1 to PF-5, each on a patient where the statement should apply and on one
//! where it should not, checking what the spec's words say.

use crate::common;

use StatementId::*;
use common::*;
use leg_spasm_cds::*;

// ---- Diagnosis and classification -------------------------------------------------------

/// DX-1 always fires: every plan states the classification, the presentation with its subtype,
/// and the DX-1 category where one exists (CR is a true cramp, OOS its own type). There is no
/// negative case: the spec says DX-1 applies to every presentation.
#[test]
fn dx1_every_plan_states_the_classification() {
    for p in every_presentation() {
        let plan = plan(&p);
        let c = &plan.classification;
        assert_eq!(c.presentation, p.presentation());
        let expected = match p.presentation() {
            Presentation::TrueCramp(_) => Some(SpasmCategory::TrueCramp),
            Presentation::OutOfScope(OutOfScopeKind::Contracture) => {
                Some(SpasmCategory::Contracture)
            }
            Presentation::OutOfScope(OutOfScopeKind::Tetany) => Some(SpasmCategory::Tetany),
            Presentation::OutOfScope(OutOfScopeKind::Dystonia) => Some(SpasmCategory::Dystonia),
            _ => None,
        };
        assert_eq!(c.category, expected, "{}", p.presentation());
        assert!(c.citations.statements.contains(Dx1));
        assert!(c.citations.references.contains(Reference::R2));
        assert!(plan.fired(Dx1));
    }
}

/// DX-1 with DEC-6: contracture, tetany and dystonia get a note that the knowledge base holds
/// no treatment and that the cause needs evaluation, and no drug.
#[test]
fn dx1_dec6_out_of_scope_gets_a_note_and_no_drug() {
    for kind in [
        OutOfScopeKind::Contracture,
        OutOfScopeKind::Tetany,
        OutOfScopeKind::Dystonia,
    ] {
        for stage in [S1, S2, S3] {
            let plan = plan(&oos(kind).at(stage).severity(SymptomSeverity::Severe));
            let notes: Vec<_> = plan
                .notes
                .iter()
                .filter(|n| n.kind == NoteKind::OutOfScope)
                .collect();
            assert_eq!(notes.len(), 1);
            assert!(notes[0].text.contains("no treatment"));
            assert!(notes[0].text.contains("underlying cause needs evaluation"));
            assert!(notes[0].citations.decisions.contains(Decision::Dec6));
            assert!(notes[0].citations.references.contains(Reference::R2));
            assert!(plan.offered_drugs().is_empty(), "{kind} at {stage}");
            assert_eq!(plan.items().count(), 0);
        }
    }
    // Not for a treated presentation.
    assert!(
        plan(&cramp())
            .notes
            .iter()
            .all(|n| n.kind != NoteKind::OutOfScope)
    );
}

/// DX-1 with DEC-6: a secondary true cramp gets an info note that its cause needs evaluation;
/// an idiopathic one does not.
#[test]
fn dx1_dec6_secondary_cramp_gets_a_cause_note() {
    let plan_secondary = plan(&secondary_cramp());
    let note = plan_secondary
        .notes
        .iter()
        .find(|n| n.kind == NoteKind::SecondaryCause)
        .expect("a secondary-cause note");
    assert_eq!(note.severity, Severity::Info);
    assert!(note.text.contains("underlying cause needs evaluation"));
    assert!(note.citations.statements.contains(Dx1));
    assert!(note.citations.references.contains(Reference::R2));
    assert!(
        plan(&cramp())
            .notes
            .iter()
            .all(|n| n.kind != NoteKind::SecondaryCause)
    );
}

/// DX-2, DX-3: a non-RLS presentation with the four RLS symptoms present gets an info note
/// "consider RLS"; with fewer, or none reported, no such note.
#[test]
fn dx2_differential_note_for_non_rls_with_the_four_symptoms() {
    for p in [
        cramp(),
        msk(),
        spasticity(SpasticityOrigin::SpinalCord, &[]),
        oos(OutOfScopeKind::Dystonia),
    ] {
        let plan_four = plan(&p.clone().criteria(&FOUR));
        let notes: Vec<_> = plan_four.notes_of(Dx2);
        assert_eq!(notes.len(), 1, "{}", p.presentation());
        assert_eq!(notes[0].kind, NoteKind::Differential);
        assert_eq!(notes[0].severity, Severity::Info);
        assert!(notes[0].text.contains("consider RLS"));
        assert!(notes[0].citations.statements.contains(Dx2));
        assert!(notes[0].citations.statements.contains(Dx3));

        assert!(
            plan(&p.clone().criteria(&FOUR[..3]))
                .notes_of(Dx2)
                .is_empty()
        );
        assert!(
            plan(&p).notes_of(Dx2).is_empty(),
            "criteria not reported: no differential"
        );
    }
    // An RLS presentation never gets the differential.
    assert!(plan(&rls().criteria(&FOUR)).notes_of(Dx2).is_empty());
}

/// DX-3: an RLS presentation with fewer than four of the symptoms present gets an info note
/// asking to confirm the diagnosis. Criteria not reported: the crate asks too (the safer
/// reading: nothing shows the four are present; the note never changes treatment).
#[test]
fn dx3_rls_without_the_four_symptoms_asks_to_confirm() {
    for reported in [Some(&FOUR[..3]), Some(&[][..]), None] {
        let p = match reported {
            Some(c) => rls().criteria(c),
            None => rls(),
        };
        let plan = plan(&p);
        let notes = plan.notes_of(Dx3);
        assert_eq!(notes.len(), 1, "{reported:?}");
        assert_eq!(notes[0].kind, NoteKind::DiagnosisConfirmation);
        assert_eq!(notes[0].severity, Severity::Info);
    }
    assert!(plan(&rls().criteria(&FOUR)).notes_of(Dx3).is_empty());
    // Not for other presentations.
    assert!(plan(&cramp().criteria(&FOUR[..2])).notes_of(Dx3).is_empty());
}

/// DX-2, DX-3: notes never change treatment.
#[test]
fn dx2_dx3_notes_never_change_treatment() {
    for p in [
        cramp().at(S3),
        rls().at(S3).severity(SymptomSeverity::Severe),
        msk().at(S2),
    ] {
        let without = plan(&p);
        for criteria in [&FOUR[..], &FOUR[..2], &[][..]] {
            let with = plan(&p.clone().criteria(criteria));
            assert_eq!(with.steps, without.steps);
            assert_eq!(with.avoidances, without.avoidances);
            assert_eq!(with.alerts, without.alerts);
            assert_eq!(with.monitoring, without.monitoring);
        }
    }
}

// ---- Non-pharmacological measures --------------------------------------------------------

/// NP-1: stretching is first-line for every treated presentation from S1, in step 1, citing
/// AL-1 and R5; not for OOS.
#[test]
fn np1_stretching_first_line_for_every_treated_presentation() {
    for p in every_presentation() {
        let plan = plan(&p);
        let item = plan.measure(Measure::Stretching);
        if p.presentation().kind() == PresentationKind::OutOfScope {
            assert!(item.is_none());
            continue;
        }
        let item = item.expect("stretching");
        assert_eq!(item.step, StepNumber::One);
        assert_eq!(item.tier, Some(Tier::FirstLine));
        assert_eq!(item.strength, Strength::Recommended);
        assert!(item.detail.contains("calf and hamstring"));
        assert!(item.citations.statements.contains(Np1));
        assert!(item.citations.statements.contains(Al1));
        assert!(item.citations.references.contains(Reference::R5));
        assert_eq!(item.source, Source::Article);
    }
}

/// NP-2, NP-3: massage and movement, as acute-cramp relief, for true cramps only.
#[test]
fn np2_np3_massage_and_movement_for_cramps_only() {
    let plan_cr = plan(&cramp());
    for (measure, id) in [(Measure::Massage, Np2), (Measure::Movement, Np3)] {
        let item = plan_cr.measure(measure).expect("offered for a cramp");
        assert_eq!(item.rule, id);
        assert_eq!(item.step, StepNumber::One);
        assert_eq!(item.tier, Some(Tier::FirstLine));
        assert!(item.detail.contains("acute cramp"));
        assert!(item.citations.statements.contains(Al1));
        assert!(item.citations.references.contains(Reference::R6));
        for other in [
            rls(),
            msk(),
            spasticity(SpasticityOrigin::Stroke, &[Impact::Pain]),
        ] {
            assert!(plan(&other).measure(measure).is_none(), "{id} only for CR");
        }
    }
}

/// NP-4, NP-6, NP-7: relaxation (first-line), posture and weight distribution (additional)
/// for CR, RLS, SP and MSK from S1. NP-6 and NP-7 cite AL-1; NP-4 does not (AL-1's text does
/// not name it).
#[test]
fn np4_np6_np7_for_every_treated_presentation() {
    let cases = [
        (Measure::Relaxation, Np4, Tier::FirstLine, false),
        (Measure::PostureAvoidance, Np6, Tier::Additional, true),
        (Measure::WeightDistribution, Np7, Tier::Additional, true),
    ];
    for p in [
        cramp(),
        rls(),
        spasticity(SpasticityOrigin::SpinalCord, &[]),
        msk(),
    ] {
        let plan = plan(&p);
        for (measure, id, tier, cites_al1) in cases {
            let item = plan
                .measure(measure)
                .unwrap_or_else(|| panic!("{id} for {}", p.presentation()));
            assert_eq!(item.rule, id);
            assert_eq!(item.step, StepNumber::One);
            assert_eq!(item.tier, Some(tier));
            assert_eq!(item.citations.statements.contains(Al1), cites_al1, "{id}");
            assert!(item.citations.references.contains(Reference::R3));
        }
    }
    let plan_oos = plan(&oos(OutOfScopeKind::Tetany));
    for (measure, ..) in cases {
        assert!(plan_oos.measure(measure).is_none());
    }
}

/// NP-5, NP-8: compression and peroneal nerve stimulation, additional, for RLS only.
#[test]
fn np5_np8_for_rls_only() {
    let plan_rls = plan(&rls());
    for (measure, id, reference) in [
        (Measure::Compression, Np5, Reference::R7),
        (Measure::PeronealNerveStimulation, Np8, Reference::R4),
    ] {
        let item = plan_rls.measure(measure).expect("offered for RLS");
        assert_eq!(item.rule, id);
        assert_eq!(item.tier, Some(Tier::Additional));
        assert!(item.citations.references.contains(reference));
        for other in [cramp(), msk(), spasticity(SpasticityOrigin::Stroke, &[])] {
            assert!(plan(&other).measure(measure).is_none(), "{id} only for RLS");
        }
    }
}

// ---- Iron -----------------------------------------------------------------------------------

/// FE-1: RLS, at every stage, when ferritin or transferrin saturation is unknown and FE-2 is
/// not triggered; the item asks for the labs not yet measured (DEC-5).
#[test]
fn fe1_iron_studies_for_rls_when_a_lab_is_unknown() {
    for stage in [S1, S2, S3] {
        let plan_none = plan(&rls().at(stage));
        let items = plan_none.items_of(Fe1);
        assert_eq!(items.len(), 1, "at {stage}");
        assert_eq!(items[0].step, StepNumber::Two);
        assert_eq!(items[0].tier, None);
        assert_eq!(
            items[0].action,
            Action::IronStudies {
                ferritin: true,
                transferrin_saturation: true
            }
        );
        assert!(items[0].citations.statements.contains(Al2));
    }
    // One known and normal: the other is requested (DEC-5).
    let only_saturation = plan(&rls().ferritin(100.0));
    assert_eq!(
        only_saturation.items_of(Fe1)[0].action,
        Action::IronStudies {
            ferritin: false,
            transferrin_saturation: true
        }
    );
    let only_ferritin = plan(&rls().saturation(30.0));
    assert_eq!(
        only_ferritin.items_of(Fe1)[0].action,
        Action::IronStudies {
            ferritin: true,
            transferrin_saturation: false
        }
    );
    // Both known and normal: nothing to check.
    assert!(
        plan(&rls().ferritin(100.0).saturation(30.0))
            .items_of(Fe1)
            .is_empty()
    );
    // FE-2 already triggered: no FE-1.
    assert!(plan(&rls().ferritin(40.0)).items_of(Fe1).is_empty());
    // Not for other presentations.
    assert!(plan(&cramp().at(S3)).items_of(Fe1).is_empty());
}

/// FE-2: RLS at every stage, ferritin <= 75 ng/mL or transferrin saturation < 20 %; one lab
/// known and meeting its threshold is enough (DEC-5).
#[test]
fn fe2_iron_supplementation_for_rls_with_low_iron() {
    for stage in [S1, S2, S3] {
        for p in [
            rls().ferritin(40.0),
            rls().saturation(15.0),
            rls().ferritin(200.0).saturation(10.0),
        ] {
            let plan = plan(&p.at(stage));
            let items = plan.items_of(Fe2);
            assert_eq!(items.len(), 1);
            assert_eq!(items[0].action, Action::IronSupplementation);
            assert_eq!(items[0].step, StepNumber::Two);
            assert_eq!(items[0].strength, Strength::CanBeConsidered);
            assert!(items[0].citations.references.contains(Reference::R4));
        }
    }
    assert!(!plan(&rls().ferritin(100.0).saturation(25.0)).has_item(Fe2));
    assert!(
        !plan(&rls()).has_item(Fe2),
        "not measured is never read as low"
    );
    assert!(
        !plan(&cramp().ferritin(10.0).saturation(5.0)).has_item(Fe2),
        "RLS only"
    );
}

// ---- Drugs ----------------------------------------------------------------------------------

const A2D: [Drug; 3] = [
    Drug::Gabapentin,
    Drug::GabapentinEnacarbil,
    Drug::Pregabalin,
];

/// RX-1: CR and RLS from S2, one first-line, strongly recommended item per alpha-2-delta
/// ligand, in step 2, citing AL-2. Not at S1; not for SP or MSK (DEC-4).
#[test]
fn rx1_alpha2delta_ligands_for_cramps_and_rls_from_stage_2() {
    for p in [cramp(), rls()] {
        for stage in [S2, S3] {
            let plan = plan(&p.clone().at(stage));
            let items = plan.items_of(Rx1);
            let drugs: Vec<_> = items.iter().map(|i| i.action.drug().unwrap()).collect();
            assert_eq!(drugs, A2D, "one item per drug");
            for item in items {
                assert_eq!(item.step, StepNumber::Two);
                assert_eq!(item.tier, Some(Tier::FirstLine));
                assert_eq!(item.strength, Strength::StronglyRecommended);
                assert!(item.citations.statements.contains(Al2));
                assert!(item.citations.references.contains(Reference::R1));
            }
        }
        assert!(!plan(&p).has_item(Rx1), "not at S1");
    }
    for p in [spasticity(SpasticityOrigin::Stroke, &[Impact::Pain]), msk()] {
        assert!(!plan(&p.at(S3)).has_item(Rx1), "DEC-4");
    }
}

/// RX-2: MSK from S2: cyclobenzaprine as an adjunct, at most 21 days (PF-1, DEC-8); the item
/// states the days left when it is already current; not offered beyond 21 days.
#[test]
fn rx2_cyclobenzaprine_short_term_for_acute_musculoskeletal_spasm() {
    let plan_s2 = plan(&msk().at(S2));
    let item = plan_s2
        .item_for(Drug::Cyclobenzaprine)
        .expect("offered at S2");
    assert_eq!(item.rule, Rx2);
    assert_eq!(item.tier, Some(Tier::Adjunct));
    assert_eq!(item.strength, Strength::MayBeUsed);
    assert!(item.detail.contains("rest and physical therapy"));
    assert_eq!(item.max_days, Some(Days::new(21)));
    assert_eq!(item.days_left, None);
    assert!(item.citations.statements.contains(Pf1));
    assert!(item.citations.statements.contains(Al2));

    let current = plan(&msk().at(S2).taking(Drug::Cyclobenzaprine, 10));
    assert_eq!(
        current.item_for(Drug::Cyclobenzaprine).unwrap().days_left,
        Some(Days::new(11))
    );

    assert!(!plan(&msk().at(S2).taking(Drug::Cyclobenzaprine, 30)).offers(Drug::Cyclobenzaprine));
    assert!(!plan(&msk()).offers(Drug::Cyclobenzaprine), "not at S1");
    for p in [
        cramp(),
        rls(),
        spasticity(SpasticityOrigin::Stroke, &[Impact::Pain]),
    ] {
        assert!(!plan(&p.at(S3)).offers(Drug::Cyclobenzaprine));
    }
}

/// RX-3: tizanidine, second line, for SP from S2 at any origin (preferred and listed first
/// after stroke), and for CR at S3 (AL-3); never for RLS or MSK (DEC-3).
#[test]
fn rx3_tizanidine_for_spasticity_and_refractory_cramps() {
    for origin in [
        SpasticityOrigin::Stroke,
        SpasticityOrigin::SpinalCord,
        SpasticityOrigin::OtherCerebral,
        SpasticityOrigin::OtherOrUnknown,
    ] {
        let plan_sp = plan(&spasticity(origin, &[Impact::Pain]).at(S2));
        let item = plan_sp.item_for(Drug::Tizanidine).expect("SP at S2");
        assert_eq!(item.step, StepNumber::Two);
        assert_eq!(item.tier, Some(Tier::SecondLine));
        assert_eq!(item.strength, Strength::CanBeConsidered);
        assert!(item.citations.decisions.contains(Decision::Dec3));
        assert!(!item.citations.statements.contains(Al3));
        assert_eq!(item.preferred, origin == SpasticityOrigin::Stroke);
        // Listed first in its step.
        assert_eq!(
            plan_sp.steps[1].items[0].action,
            Action::Drug(Drug::Tizanidine)
        );
        assert!(!plan(&spasticity(origin, &[]).at(S1)).offers(Drug::Tizanidine));
    }
    let plan_cr = plan(&cramp().at(S3));
    let item = plan_cr.item_for(Drug::Tizanidine).expect("CR at S3");
    assert_eq!(item.step, StepNumber::Three);
    assert!(item.citations.statements.contains(Al3));
    assert!(!item.preferred);
    assert!(!plan(&cramp().at(S2)).offers(Drug::Tizanidine));
    for p in [rls(), msk()] {
        assert!(!plan(&p.at(S3).severity(SymptomSeverity::Severe)).offers(Drug::Tizanidine));
    }
}

/// RX-4: baclofen, second line, for SP from S2 when spasticity causes pain, poor skin hygiene
/// or decreased function; for CR at S3; never for RLS or MSK.
#[test]
fn rx4_baclofen_when_spasticity_causes_harm_and_for_refractory_cramps() {
    for impact in [
        Impact::Pain,
        Impact::PoorSkinHygiene,
        Impact::DecreasedFunction,
    ] {
        let plan_sp = plan(&spasticity(SpasticityOrigin::SpinalCord, &[impact]).at(S2));
        let item = plan_sp.item_for(Drug::Baclofen).expect("offered");
        assert_eq!(item.rule, Rx4);
        assert_eq!(item.step, StepNumber::Two);
        assert_eq!(item.tier, Some(Tier::SecondLine));
        assert_eq!(item.strength, Strength::MayBeUsed);
        assert!(!item.preferred);
    }
    assert!(!plan(&spasticity(SpasticityOrigin::SpinalCord, &[]).at(S3)).offers(Drug::Baclofen));
    assert!(
        !plan(&spasticity(SpasticityOrigin::SpinalCord, &[Impact::Pain])).offers(Drug::Baclofen)
    );
    let plan_cr = plan(&cramp().at(S3));
    let item = plan_cr.item_for(Drug::Baclofen).expect("CR at S3");
    assert_eq!(item.step, StepNumber::Three);
    assert!(item.citations.statements.contains(Al3));
    assert!(!plan(&cramp().at(S2)).offers(Drug::Baclofen));
    for p in [rls(), msk()] {
        assert!(!plan(&p.at(S3)).offers(Drug::Baclofen));
    }
}

/// RX-5: extended-release oxycodone and another low-dose opioid, for RLS at S3 when moderate
/// or severe (DEC-2: RLS only).
#[test]
fn rx5_opioids_for_refractory_moderate_to_severe_rls_only() {
    for severity in [SymptomSeverity::Moderate, SymptomSeverity::Severe] {
        let plan_rls = plan(&rls().at(S3).severity(severity));
        let items = plan_rls.items_of(Rx5);
        let drugs: Vec<_> = items.iter().map(|i| i.action.drug().unwrap()).collect();
        assert_eq!(drugs, [Drug::Oxycodone, Drug::OtherOpioid]);
        assert!(items[0].detail.contains("Extended-release"));
        for item in items {
            assert_eq!(item.step, StepNumber::Three);
            assert_eq!(item.tier, Some(Tier::SecondLine));
            assert_eq!(item.strength, Strength::MayBeConsidered);
            assert!(item.citations.statements.contains(Al3));
            assert!(item.citations.decisions.contains(Decision::Dec2));
        }
    }
    assert!(!plan(&rls().at(S3)).has_item(Rx5), "mild");
    assert!(
        !plan(&rls().at(S2).severity(SymptomSeverity::Severe)).has_item(Rx5),
        "S2"
    );
    for p in [
        cramp(),
        msk(),
        spasticity(SpasticityOrigin::Stroke, &[Impact::Pain]),
    ] {
        assert!(
            !plan(&p.at(S3).severity(SymptomSeverity::Severe)).has_item(Rx5),
            "DEC-2"
        );
    }
}

// ---- Avoid ----------------------------------------------------------------------------------

const BENZO: DrugOrClass = DrugOrClass::Class(DrugClass::Benzodiazepine);
const DOPAMINERGIC: DrugOrClass = DrugOrClass::Class(DrugClass::DopaminergicAgent);
const ANTIPSYCHOTIC: DrugOrClass = DrugOrClass::Class(DrugClass::DopamineBlockingAntipsychotic);

/// AV-1: whenever the patient is recovering from a stroke (said so, or spasticity of stroke
/// origin: DEC-10), benzodiazepines are avoided; a current one raises a critical alert.
#[test]
fn av1_benzodiazepines_avoided_during_stroke_recovery() {
    for p in [
        cramp().with(Condition::StrokeRecovery),
        rls().with(Condition::StrokeRecovery),
        oos(OutOfScopeKind::Dystonia).with(Condition::StrokeRecovery),
        spasticity(SpasticityOrigin::Stroke, &[]),
    ] {
        let plan_none = plan(&p);
        let avoid = plan_none.avoidance(BENZO).expect("benzodiazepines avoided");
        assert_eq!(avoid.kind, AvoidanceKind::Avoid);
        assert!(avoid.citations.statements.contains(Av1));
        assert!(
            plan_none.alerts_of(Av1).is_empty(),
            "no current benzodiazepine"
        );

        let plan_on = plan(&p.taking(Drug::Lorazepam, 5));
        let alerts = plan_on.alerts_of(Av1);
        assert_eq!(alerts.len(), 1);
        assert_eq!(alerts[0].severity, Severity::Critical);
        assert_eq!(involved(alerts[0]), [(Drug::Lorazepam, DrugRole::Current)]);
    }
    // No stroke: nothing, even with a current benzodiazepine.
    let plan_no = plan(&spasticity(SpasticityOrigin::SpinalCord, &[]).taking(Drug::Diazepam, 5));
    assert!(plan_no.avoidance(BENZO).is_none());
    assert!(plan_no.alerts_of(Av1).is_empty());
}

/// AV-1: "diazepam and other benzodiazepines": every benzodiazepine the crate accepts, alprazolam
/// included (Part 5 accepts the drugs the code table names), raises the critical alert.
#[test]
fn av1_covers_every_benzodiazepine() {
    // The benzodiazepines of codes.md (alprazolam among them, unverified code) and Part 5's
    // "other benzodiazepine": the class must hold exactly these.
    let benzodiazepines = Set::from([
        Drug::Diazepam,
        Drug::Clonazepam,
        Drug::Lorazepam,
        Drug::Alprazolam,
        Drug::OtherBenzodiazepine,
    ]);
    assert_eq!(DrugClass::Benzodiazepine.members(), benzodiazepines);
    for benzo in benzodiazepines {
        let plan = plan(&cramp().with(Condition::StrokeRecovery).taking(benzo, 2));
        let alerts = plan.alerts_of(Av1);
        assert_eq!(alerts.len(), 1, "{benzo}");
        assert_eq!(involved(alerts[0]), [(benzo, DrugRole::Current)]);
        assert_eq!(alerts[0].severity, Severity::Critical);
    }
}

/// AV-2, PF-3: for RLS, dopaminergic agents are always listed as avoided, citing both; a
/// current one raises a warning. Augmentation is an RLS phenomenon: a levodopa patient with
/// cramps gets neither.
#[test]
fn av2_pf3_dopaminergic_agents_avoided_in_rls() {
    let plan_rls = plan(&rls());
    let avoid = plan_rls
        .avoidance(DOPAMINERGIC)
        .expect("always listed for RLS");
    assert_eq!(avoid.kind, AvoidanceKind::Avoid);
    assert!(avoid.citations.statements.contains(Av2));
    assert!(avoid.citations.statements.contains(Pf3));
    assert!(avoid.reason.contains("augmentation"));
    assert!(plan_rls.alerts_of(Av2).is_empty());
    assert!(plan_rls.fired(Pf3));

    let plan_on = plan(&rls().taking(Drug::Ropinirole, 3));
    let alerts = plan_on.alerts_of(Av2);
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].severity, Severity::Warning);
    assert_eq!(involved(alerts[0]), [(Drug::Ropinirole, DrugRole::Current)]);

    let plan_cr = plan(&cramp().taking(Drug::CarbidopaLevodopa, 900));
    assert!(plan_cr.avoidance(DOPAMINERGIC).is_none());
    assert!(plan_cr.alerts_of(Av2).is_empty());
    assert!(!plan_cr.fired(Pf3));
}

/// AV-3: for RLS, dopamine-blocking antipsychotics are listed with caution; a current one
/// raises an alert (a warning, DEC-9).
#[test]
fn av3_dopamine_blocking_antipsychotics_in_rls() {
    let plan_rls = plan(&rls());
    let avoid = plan_rls
        .avoidance(ANTIPSYCHOTIC)
        .expect("always listed for RLS");
    assert_eq!(avoid.kind, AvoidanceKind::Caution);
    assert!(avoid.reason.contains("worsen RLS"));
    let plan_on = plan(&rls().taking(Drug::Haloperidol, 10));
    let alerts = plan_on.alerts_of(Av3);
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].severity, Severity::Warning);
    assert_eq!(
        involved(alerts[0]),
        [(Drug::Haloperidol, DrugRole::Current)]
    );
    let plan_cr = plan(&cramp().taking(Drug::Haloperidol, 10));
    assert!(plan_cr.avoidance(ANTIPSYCHOTIC).is_none());
    assert!(plan_cr.alerts_of(Av3).is_empty());
}

// ---- Monitoring -------------------------------------------------------------------------------

/// MO-1: an RLS patient currently on a dopaminergic agent is monitored for augmentation, on
/// any use (DEC-7).
#[test]
fn mo1_augmentation_monitoring_for_rls_on_a_dopaminergic_agent() {
    let plan_on = plan(&rls().taking(Drug::Pramipexole, 1));
    let items = plan_on.monitoring_of(Mo1);
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].what, MonitoringKind::Augmentation);
    assert!(items[0].text.contains("worsening and earlier onset"));
    assert_eq!(items[0].drugs[0].drug, Drug::Pramipexole);
    assert_eq!(items[0].drugs[0].role, DrugRole::Current);
    assert!(plan(&rls()).monitoring_of(Mo1).is_empty());
    assert!(
        plan(&cramp().taking(Drug::Levodopa, 400))
            .monitoring_of(Mo1)
            .is_empty()
    );
}

/// MO-2, DEC-14: "in ESRD the gabapentin item keeps RX-1's strength and carries MO-2's
/// sentence as an attached note citing MO-2 and R1"; pregabalin is kept.
#[test]
fn mo2_gabapentin_suggested_in_esrd() {
    let plan_esrd = plan(&rls().at(S2).with(Condition::EndStageRenalDisease));
    let gabapentin = plan_esrd.item_for(Drug::Gabapentin).unwrap();
    assert_eq!(gabapentin.strength, Strength::StronglyRecommended);
    let note = gabapentin
        .attachments
        .iter()
        .find(|a| a.rule == Mo2)
        .expect("MO-2's note");
    assert_eq!(note.kind, leg_spasm_cds::AttachmentKind::Note);
    assert!(
        note.text
            .contains("gabapentin is suggested as an effective option")
    );
    assert!(note.citations.statements.contains(Mo2));
    assert!(
        note.citations
            .references
            .contains(leg_spasm_cds::Reference::R1)
    );
    let pregabalin = plan_esrd
        .item_for(Drug::Pregabalin)
        .expect("pregabalin kept");
    assert_eq!(pregabalin.strength, Strength::StronglyRecommended);
    let plan_no = plan(&rls().at(S2));
    assert_eq!(
        plan_no.item_for(Drug::Gabapentin).unwrap().strength,
        Strength::StronglyRecommended
    );
    assert!(!plan_no.fired(Mo2));
}

// ---- Algorithm ---------------------------------------------------------------------------------

/// AL-1, AL-2, AL-3: an item cites AL-k only where AL-k's text names it: AL-1 for NP-1, NP-2,
/// NP-3, NP-6, NP-7; AL-2 for FE-1, FE-2, RX-1, RX-2; AL-3 for RX-3 and RX-4 offered for CR,
/// and for RX-5. Spasticity drugs at S2 cite DEC-3 instead.
#[test]
fn al1_al2_al3_cited_exactly_where_the_algorithm_names_the_item() {
    let patients = [
        cramp().at(S3),
        rls().at(S3).severity(SymptomSeverity::Severe),
        rls().at(S3).ferritin(30.0),
        spasticity(SpasticityOrigin::Stroke, &[Impact::Pain]).at(S3),
        msk().at(S3),
    ];
    for p in &patients {
        let plan = plan(p);
        for item in plan.items() {
            let expected: &[StatementId] = match (item.rule, p.presentation().kind()) {
                (Np1 | Np2 | Np3 | Np6 | Np7, _) => &[Al1],
                (Fe1 | Fe2 | Rx1 | Rx2, _) => &[Al2],
                (Rx3 | Rx4, PresentationKind::TrueCramp) | (Rx5, _) => &[Al3],
                _ => &[],
            };
            for al in [Al1, Al2, Al3] {
                assert_eq!(
                    item.citations.statements.contains(al),
                    expected.contains(&al),
                    "{} for {}: {al}",
                    item.rule,
                    p.presentation()
                );
            }
            if matches!(item.rule, Rx3 | Rx4)
                && p.presentation().kind() == PresentationKind::Spasticity
            {
                assert!(item.citations.decisions.contains(Decision::Dec3));
            }
        }
        for al in [Al1, Al2, Al3] {
            let cited = plan.items().any(|i| i.citations.statements.contains(al));
            assert_eq!(plan.fired(al), cited, "{al} fires iff an item cites it");
        }
    }
    // At S1 for a true cramp only step 1 has items: AL-2 and AL-3 do not fire.
    let plan_s1 = plan(&cramp());
    assert!(plan_s1.fired(Al1));
    assert!(!plan_s1.fired(Al2));
    assert!(!plan_s1.fired(Al3));
}

/// AL-1..3 and Part 2: a plan always has the three steps, in order, possibly empty; step 1
/// holds the non-drug measures, step 2 the S2 items and the iron work-up, step 3 the S3 items.
#[test]
fn al_steps_hold_what_the_algorithm_puts_in_them() {
    for p in every_presentation() {
        for stage in [S1, S2, S3] {
            let plan = plan(&p.clone().at(stage).severity(SymptomSeverity::Severe));
            let numbers: Vec<_> = plan.steps.iter().map(|s| s.number).collect();
            assert_eq!(numbers, StepNumber::ALL);
            for step in &plan.steps {
                for item in &step.items {
                    assert_eq!(item.step, step.number);
                    let measure = matches!(item.action, Action::Measure(_));
                    assert_eq!(measure, step.number == StepNumber::One, "{}", item.rule);
                }
            }
        }
    }
}

// ---- Pitfalls -------------------------------------------------------------------------------

/// PF-1: cyclobenzaprine at most 21 days: the offered item carries the limit; current use
/// beyond 21 days raises a warning in any presentation.
#[test]
fn pf1_cyclobenzaprine_limited_to_21_days() {
    let offered = plan(&msk().at(S2));
    assert_eq!(
        offered.item_for(Drug::Cyclobenzaprine).unwrap().max_days,
        Some(Days::CYCLOBENZAPRINE_MAX)
    );
    assert!(offered.fired(Pf1));
    for p in [msk().at(S2), cramp(), rls().at(S3)] {
        let plan_long = plan(&p.clone().taking(Drug::Cyclobenzaprine, 60));
        let alerts = plan_long.alerts_of(Pf1);
        assert_eq!(alerts.len(), 1, "{}", p.presentation());
        assert_eq!(alerts[0].severity, Severity::Warning);
        assert!(alerts[0].message.contains("21 days"));
        assert!(
            plan(&p.taking(Drug::Cyclobenzaprine, 14))
                .alerts_of(Pf1)
                .is_empty()
        );
    }
}

/// PF-2: for spasticity of any origin, cyclobenzaprine is listed as not effective; a current
/// one raises a warning. Not for other presentations.
#[test]
fn pf2_cyclobenzaprine_not_effective_for_spasticity() {
    for origin in [
        SpasticityOrigin::Stroke,
        SpasticityOrigin::SpinalCord,
        SpasticityOrigin::OtherCerebral,
        SpasticityOrigin::OtherOrUnknown,
    ] {
        let plan_sp = plan(&spasticity(origin, &[]).taking(Drug::Cyclobenzaprine, 3));
        let avoid = plan_sp
            .avoidance(DrugOrClass::Drug(Drug::Cyclobenzaprine))
            .unwrap();
        assert_eq!(avoid.kind, AvoidanceKind::NotEffective);
        let alerts = plan_sp.alerts_of(Pf2);
        assert_eq!(alerts.len(), 1);
        assert_eq!(alerts[0].severity, Severity::Warning);
    }
    let plan_msk = plan(&msk().taking(Drug::Cyclobenzaprine, 3));
    assert!(
        plan_msk
            .avoidance(DrugOrClass::Drug(Drug::Cyclobenzaprine))
            .is_none()
    );
    assert!(plan_msk.alerts_of(Pf2).is_empty());
}

/// PF-4: a counselling note for cramps; a warning in any presentation for an OTC analgesic
/// taken long-term (90 days or more, DEC-7), worded "if taken for leg cramps".
#[test]
fn pf4_long_term_otc_analgesics() {
    let note = plan(&cramp());
    let notes = note.notes_of(Pf4);
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].kind, NoteKind::Counselling);
    assert_eq!(notes[0].severity, Severity::Info);
    assert!(plan(&rls()).notes_of(Pf4).is_empty());
    for p in [cramp(), rls(), spasticity(SpasticityOrigin::Stroke, &[])] {
        let plan_on = plan(
            &p.clone()
                .taking(Drug::Ibuprofen, 200)
                .taking(Drug::Acetaminophen, 5),
        );
        let alerts = plan_on.alerts_of(Pf4);
        assert_eq!(alerts.len(), 1, "only the long-term one");
        assert_eq!(involved(alerts[0]), [(Drug::Ibuprofen, DrugRole::Current)]);
        assert_eq!(alerts[0].severity, Severity::Warning);
        assert!(alerts[0].message.contains("if taken for leg cramps"));
    }
}

/// PF-5: a counselling note for cramps only.
#[test]
fn pf5_internet_remedies_counselling_for_cramps() {
    let plan_cr = plan(&cramp());
    let notes = plan_cr.notes_of(Pf5);
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].kind, NoteKind::Counselling);
    assert!(notes[0].text.contains("unproven remedies"));
    assert!(plan(&rls()).notes_of(Pf5).is_empty());
    assert!(plan(&msk()).notes_of(Pf5).is_empty());
}

//! Conformance to Part 6 of the knowledge spec: the safety additions SA-1 to SA-15. Each is
//! tested on a patient where it should fire and one where it should not, against the words of
//! its "effect" column; every entry it makes is marked as a safety addition and cites its
//! external source.

use crate::common;

use StatementId::*;
use common::*;
use leg_spasm_cds::*;

fn cites(c: &Citations, id: StatementId, reference: Reference) -> bool {
    c.statements.contains(id) && c.references.contains(reference)
}

/// SA-1: quinine is listed as avoided for cramps; a current quinine raises a critical alert in
/// any presentation.
#[test]
fn sa1_quinine_never_for_cramps() {
    let plan_cr = plan(&cramp());
    let avoid = plan_cr
        .avoidance(DrugOrClass::Drug(Drug::Quinine))
        .expect("listed for CR");
    assert_eq!(avoid.kind, AvoidanceKind::Avoid);
    assert_eq!(avoid.source, Source::SafetyAddition);
    assert!(cites(&avoid.citations, Sa1, Reference::E1));
    assert!(plan_cr.alerts_of(Sa1).is_empty());
    assert!(
        plan(&rls())
            .avoidance(DrugOrClass::Drug(Drug::Quinine))
            .is_none(),
        "CR only"
    );

    for p in [cramp(), rls(), msk(), oos(OutOfScopeKind::Tetany)] {
        let plan_on = plan(&p.taking(Drug::Quinine, 7));
        let alerts = plan_on.alerts_of(Sa1);
        assert_eq!(alerts.len(), 1);
        assert_eq!(alerts[0].severity, Severity::Critical);
        assert_eq!(alerts[0].source, Source::SafetyAddition);
        assert_eq!(involved(alerts[0]), [(Drug::Quinine, DrugRole::Current)]);
        assert!(plan_on.provenance.additions_fired.contains(Sa1));
    }
}

/// SA-2: idiopathic cramps in a non-pregnant patient: a counselling note; current magnesium
/// raises an info alert. Not for a pregnant patient, a secondary cramp, or another presentation.
#[test]
fn sa2_magnesium_does_not_reduce_idiopathic_cramps() {
    let plan_on = plan(
        &cramp()
            .taking(Drug::MagnesiumOxide, 30)
            .taking(Drug::Magnesium, 30),
    );
    let notes = plan_on.notes_of(Sa2);
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].kind, NoteKind::Counselling);
    assert_eq!(notes[0].severity, Severity::Info);
    let alerts = plan_on.alerts_of(Sa2);
    assert_eq!(alerts.len(), 2, "one per magnesium product");
    assert!(alerts.iter().all(|a| a.severity == Severity::Info));
    for p in [cramp().with(Condition::Pregnancy), secondary_cramp(), rls()] {
        let plan_no = plan(&p.taking(Drug::MagnesiumOxide, 30));
        assert!(plan_no.notes_of(Sa2).is_empty());
        assert!(plan_no.alerts_of(Sa2).is_empty());
    }
}

/// SA-3: a warning whenever a gabapentinoid and an opioid or a benzodiazepine meet in one
/// patient, offered or current, naming each drug and its role.
#[test]
fn sa3_gabapentinoid_with_opioid_or_benzodiazepine() {
    // Offered gabapentinoids, current benzodiazepine.
    let plan1 = plan(&rls().at(S2).taking(Drug::Clonazepam, 100));
    let alerts = plan1.alerts_of(Sa3);
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].severity, Severity::Warning);
    let drugs = involved(alerts[0]);
    assert!(drugs.contains(&(Drug::Gabapentin, DrugRole::Offered)));
    assert!(drugs.contains(&(Drug::Pregabalin, DrugRole::Offered)));
    assert!(drugs.contains(&(Drug::Clonazepam, DrugRole::Current)));
    // Two current drugs, nothing offered.
    let plan2 = plan(
        &cramp()
            .taking(Drug::Pregabalin, 10)
            .taking(Drug::Oxycodone, 10),
    );
    assert_eq!(
        involved(plan2.alerts_of(Sa3)[0]),
        [
            (Drug::Pregabalin, DrugRole::Current),
            (Drug::Oxycodone, DrugRole::Current)
        ]
    );
    // Two offered drugs.
    let plan3 = plan(&rls().at(S3).severity(SymptomSeverity::Severe));
    let drugs = involved(plan3.alerts_of(Sa3)[0]);
    assert!(drugs.contains(&(Drug::Oxycodone, DrugRole::Offered)));
    assert!(drugs.contains(&(Drug::Gabapentin, DrugRole::Offered)));
    // A gabapentinoid alone, or an opioid alone: nothing.
    assert!(plan(&rls().at(S2)).alerts_of(Sa3).is_empty());
    assert!(
        plan(&cramp().taking(Drug::OtherOpioid, 3))
            .alerts_of(Sa3)
            .is_empty()
    );
}

/// SA-4: a critical alert when an opioid is offered to, or taken by, a patient who takes a
/// benzodiazepine.
#[test]
fn sa4_opioid_with_benzodiazepine() {
    let plan1 = plan(
        &rls()
            .at(S3)
            .severity(SymptomSeverity::Severe)
            .taking(Drug::Lorazepam, 10),
    );
    let alerts = plan1.alerts_of(Sa4);
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].severity, Severity::Critical);
    let drugs = involved(alerts[0]);
    assert!(drugs.contains(&(Drug::Oxycodone, DrugRole::Offered)));
    assert!(drugs.contains(&(Drug::Lorazepam, DrugRole::Current)));
    // The opioid is still offered: an addition never removes a treatment it does not contraindicate.
    assert!(plan1.offers(Drug::Oxycodone));

    let plan2 = plan(
        &cramp()
            .taking(Drug::Oxycodone, 10)
            .taking(Drug::Diazepam, 10),
    );
    assert_eq!(plan2.alerts_of(Sa4)[0].severity, Severity::Critical);
    // A benzodiazepine without an opioid, or an opioid without a benzodiazepine: nothing.
    assert!(
        plan(&rls().at(S2).taking(Drug::Diazepam, 3))
            .alerts_of(Sa4)
            .is_empty()
    );
    assert!(
        plan(&rls().at(S3).severity(SymptomSeverity::Severe))
            .alerts_of(Sa4)
            .is_empty()
    );
}

/// SA-5: the iron studies item carries the instruction to draw them in the morning after 24 h
/// without iron; it also cites the item's ids.
#[test]
fn sa5_iron_studies_drawn_fasting_from_iron_in_the_morning() {
    let plan_rls = plan(&rls());
    let attached = plan_rls.attachments_of(Sa5);
    assert_eq!(attached.len(), 1);
    let (item, a) = attached[0];
    assert_eq!(item.rule, Fe1);
    assert_eq!(a.kind, AttachmentKind::Instruction);
    assert!(a.text.contains("morning") && a.text.contains("24 h"));
    assert!(cites(&a.citations, Sa5, Reference::E5));
    assert!(
        a.citations.statements.contains(Fe1),
        "an addition attached to an item cites the item"
    );
    assert_eq!(a.source, Source::SafetyAddition);
    // No iron studies item, no instruction.
    assert!(
        plan(&rls().ferritin(200.0).saturation(30.0))
            .attachments_of(Sa5)
            .is_empty()
    );
}

/// SA-6: in ESRD, each offered alpha-2-delta item carries a renal-dosing caution (warning);
/// gabapentin enacarbil is not offered and is listed as avoided; a current alpha-2-delta
/// ligand gets a warning.
#[test]
fn sa6_alpha2delta_ligands_in_end_stage_renal_disease() {
    let plan_esrd = plan(
        &cramp()
            .at(S2)
            .with(Condition::EndStageRenalDisease)
            .taking(Drug::Pregabalin, 40),
    );
    assert!(!plan_esrd.offers(Drug::GabapentinEnacarbil));
    let avoid = plan_esrd
        .avoidance(DrugOrClass::Drug(Drug::GabapentinEnacarbil))
        .unwrap();
    assert_eq!(avoid.kind, AvoidanceKind::Avoid);
    assert!(cites(&avoid.citations, Sa6, Reference::E6));
    for d in [Drug::Gabapentin, Drug::Pregabalin] {
        let item = plan_esrd.item_for(d).expect("kept");
        let cautions: Vec<_> = item.attachments.iter().filter(|a| a.rule == Sa6).collect();
        assert_eq!(cautions.len(), 1);
        assert_eq!(cautions[0].kind, AttachmentKind::Caution);
        assert_eq!(cautions[0].severity, Severity::Warning);
        assert!(cautions[0].text.contains("creatinine clearance"));
    }
    let alerts = plan_esrd.alerts_of(Sa6);
    assert_eq!(alerts.len(), 1);
    assert_eq!(involved(alerts[0]), [(Drug::Pregabalin, DrugRole::Current)]);
    assert_eq!(alerts[0].severity, Severity::Warning);
    // The trace answers "why was gabapentin enacarbil not offered?".
    let rx1 = plan_esrd.trace_of(Rx1).unwrap();
    assert!(
        rx1.drugs.iter().any(|d| d.drug == Drug::GabapentinEnacarbil
            && d.outcome == DrugOutcome::Withheld { by: Sa6 })
    );
    // Without ESRD: offered, no caution, no alert.
    let plan_no = plan(&cramp().at(S2).taking(Drug::Pregabalin, 40));
    assert!(plan_no.offers(Drug::GabapentinEnacarbil));
    assert!(plan_no.attachments_of(Sa6).is_empty());
    assert!(plan_no.alerts_of(Sa6).is_empty());
}

/// SA-7: with fluvoxamine or ciprofloxacin current, tizanidine is not offered where it would
/// be, is listed as contraindicated, and a critical alert is raised; current tizanidine with an
/// inhibitor is critical; wherever tizanidine is offered, aminotransferases are monitored.
#[test]
fn sa7_tizanidine_and_strong_cyp1a2_inhibitors() {
    for inhibitor in [Drug::Fluvoxamine, Drug::Ciprofloxacin] {
        let p = spasticity(SpasticityOrigin::Stroke, &[Impact::Pain])
            .at(S2)
            .taking(inhibitor, 5);
        let plan_sp = plan(&p);
        assert!(!plan_sp.offers(Drug::Tizanidine));
        let avoid = plan_sp
            .avoidance(DrugOrClass::Drug(Drug::Tizanidine))
            .unwrap();
        assert_eq!(avoid.kind, AvoidanceKind::Contraindicated);
        let alerts = plan_sp.alerts_of(Sa7);
        assert_eq!(alerts.len(), 1);
        assert_eq!(alerts[0].severity, Severity::Critical);
        assert_eq!(
            involved(alerts[0]),
            [
                (Drug::Tizanidine, DrugRole::Withheld),
                (inhibitor, DrugRole::Current)
            ]
        );
        // DEC-13: no other drug becomes preferred.
        assert!(plan_sp.items().all(|i| !i.preferred));
        assert!(plan_sp.monitoring_of(Sa7).is_empty());
    }
    // Current tizanidine with an inhibitor, in a presentation where it is not offered.
    let plan_cur = plan(
        &msk()
            .taking(Drug::Tizanidine, 20)
            .taking(Drug::Ciprofloxacin, 3),
    );
    let alerts = plan_cur.alerts_of(Sa7);
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].severity, Severity::Critical);
    assert_eq!(
        involved(alerts[0]),
        [
            (Drug::Tizanidine, DrugRole::Current),
            (Drug::Ciprofloxacin, DrugRole::Current)
        ]
    );
    // Offered: monitoring, and no contraindication.
    let plan_ok = plan(&spasticity(SpasticityOrigin::SpinalCord, &[]).at(S2));
    assert!(plan_ok.offers(Drug::Tizanidine));
    let m = plan_ok.monitoring_of(Sa7);
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].what, MonitoringKind::Aminotransferases);
    assert!(m[0].text.contains("baseline") && m[0].text.contains("one month"));
    assert!(plan_ok.alerts_of(Sa7).is_empty());
    assert!(
        plan_ok
            .avoidance(DrugOrClass::Drug(Drug::Tizanidine))
            .is_none()
    );
}

/// SA-8: with an MAO inhibitor (within 14 days), a recent myocardial infarction, an
/// arrhythmia, heart block, heart failure or hyperthyroidism, cyclobenzaprine is not offered
/// where it would be and is listed as contraindicated; current cyclobenzaprine raises a
/// critical alert with an MAO inhibitor and a warning otherwise.
#[test]
fn sa8_cyclobenzaprine_contraindications() {
    let conditions = [
        Condition::RecentMyocardialInfarction,
        Condition::Arrhythmia,
        Condition::HeartBlock,
        Condition::CongestiveHeartFailure,
        Condition::Hyperthyroidism,
    ];
    let mut with_each: Vec<Patient> = conditions.iter().map(|&c| msk().at(S2).with(c)).collect();
    for maoi in [
        Drug::Phenelzine,
        Drug::Tranylcypromine,
        Drug::Selegiline,
        Drug::Isocarboxazid,
        Drug::OtherMaoInhibitor,
    ] {
        with_each.push(msk().at(S2).taking(maoi, 2));
    }
    for p in with_each {
        let plan_c = plan(&p);
        assert!(!plan_c.offers(Drug::Cyclobenzaprine));
        let avoid = plan_c
            .avoidance(DrugOrClass::Drug(Drug::Cyclobenzaprine))
            .unwrap();
        assert_eq!(avoid.kind, AvoidanceKind::Contraindicated);
        assert!(cites(&avoid.citations, Sa8, Reference::E8));
    }
    let plan_maoi = plan(
        &msk()
            .taking(Drug::Cyclobenzaprine, 5)
            .taking(Drug::Selegiline, 5),
    );
    let alerts = plan_maoi.alerts_of(Sa8);
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].severity, Severity::Critical);
    assert!(alerts[0].message.contains("hyperpyretic"));
    let plan_thyroid = plan(
        &cramp()
            .taking(Drug::Cyclobenzaprine, 5)
            .with(Condition::Hyperthyroidism),
    );
    let alerts = plan_thyroid.alerts_of(Sa8);
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].severity, Severity::Warning);
    // None of these: offered, no alert.
    let plan_ok = plan(&msk().at(S2).taking(Drug::Cyclobenzaprine, 5));
    assert!(plan_ok.offers(Drug::Cyclobenzaprine));
    assert!(plan_ok.alerts_of(Sa8).is_empty());
}

/// SA-9: wherever baclofen is offered it carries the "not stopped abruptly" caution; during
/// stroke recovery also the stroke caution, and tizanidine stays the preferred item; current
/// baclofen raises a warning.
#[test]
fn sa9_baclofen_cautions() {
    let plan_sp = plan(&spasticity(SpasticityOrigin::SpinalCord, &[Impact::Pain]).at(S2));
    let cautions: Vec<_> = plan_sp
        .item_for(Drug::Baclofen)
        .unwrap()
        .attachments
        .iter()
        .filter(|a| a.rule == Sa9)
        .collect();
    assert_eq!(cautions.len(), 1);
    assert!(cautions[0].text.contains("abruptly"));
    assert_eq!(cautions[0].severity, Severity::Warning);

    let plan_stroke = plan(&spasticity(SpasticityOrigin::Stroke, &[Impact::Pain]).at(S2));
    let baclofen = plan_stroke.item_for(Drug::Baclofen).unwrap();
    let texts: Vec<_> = baclofen
        .attachments
        .iter()
        .filter(|a| a.rule == Sa9)
        .map(|a| a.text.as_ref())
        .collect();
    assert_eq!(texts.len(), 2);
    assert!(texts[1].contains("stroke"));
    assert!(!baclofen.preferred);
    assert!(plan_stroke.item_for(Drug::Tizanidine).unwrap().preferred);
    // Stroke recovery said by the caller, for a refractory cramp: the stroke caution too.
    let plan_cr = plan(&cramp().at(S3).with(Condition::StrokeRecovery));
    assert_eq!(
        plan_cr
            .item_for(Drug::Baclofen)
            .unwrap()
            .attachments
            .iter()
            .filter(|a| a.rule == Sa9)
            .count(),
        2
    );

    let plan_on = plan(&msk().taking(Drug::Baclofen, 100));
    let alerts = plan_on.alerts_of(Sa9);
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].severity, Severity::Warning);
    assert!(plan(&msk()).alerts_of(Sa9).is_empty());
}

/// SA-10: for RLS, an info note asking to confirm the fifth criterion unless the caller states
/// it.
#[test]
fn sa10_fifth_rls_criterion() {
    let notes = plan(&rls().criteria(&FOUR)).notes_of(Sa10).len();
    assert_eq!(notes, 1);
    let plan_rls = plan(&rls());
    let note = plan_rls.notes_of(Sa10)[0];
    assert_eq!(note.kind, NoteKind::DiagnosisConfirmation);
    assert_eq!(note.severity, Severity::Info);
    assert!(
        note.text
            .contains("not solely accounted for by another condition")
    );
    let stated = rls().criteria(&[RlsCriterion::NotExplainedByOtherCondition]);
    assert!(plan(&stated).notes_of(Sa10).is_empty());
    assert!(plan(&cramp()).notes_of(Sa10).is_empty());
}

/// SA-11: when FE-2 is triggered and transferrin saturation is 45 % or more, a warning on the
/// iron item (the item stays); when it is not measured, an instruction to measure it first.
#[test]
fn sa11_iron_overload_before_iron() {
    let plan_high = plan(&rls().ferritin(50.0).saturation(50.0));
    assert!(plan_high.has_item(Fe2), "the item stays");
    let attached = plan_high.attachments_of(Sa11);
    assert_eq!(attached.len(), 1);
    assert_eq!(attached[0].1.kind, AttachmentKind::Caution);
    assert_eq!(attached[0].1.severity, Severity::Warning);
    assert!(attached[0].1.text.contains("iron overload"));
    assert!(attached[0].1.citations.statements.contains(Fe2));

    let plan_unknown = plan(&rls().ferritin(50.0));
    let attached = plan_unknown.attachments_of(Sa11);
    assert_eq!(attached.len(), 1);
    assert_eq!(attached[0].1.kind, AttachmentKind::Instruction);
    assert!(attached[0].1.text.contains("measure"));

    assert!(
        plan(&rls().ferritin(50.0).saturation(30.0))
            .attachments_of(Sa11)
            .is_empty()
    );
    // No FE-2, nothing to attach to, even with a high saturation.
    assert!(
        plan(&rls().ferritin(300.0).saturation(60.0))
            .attachments_of(Sa11)
            .is_empty()
    );
}

/// SA-12: at 65 or more, an offered cyclobenzaprine carries a warning caution, and a current
/// one raises a warning.
#[test]
fn sa12_cyclobenzaprine_in_older_adults() {
    let plan_old = plan(&msk().at(S2).aged(70));
    let item = plan_old.item_for(Drug::Cyclobenzaprine).unwrap();
    let cautions: Vec<_> = item.attachments.iter().filter(|a| a.rule == Sa12).collect();
    assert_eq!(cautions.len(), 1);
    assert_eq!(cautions[0].severity, Severity::Warning);
    assert!(cautions[0].text.contains("65"));
    let plan_on = plan(&cramp().aged(70).taking(Drug::Cyclobenzaprine, 5));
    assert_eq!(plan_on.alerts_of(Sa12).len(), 1);
    assert_eq!(plan_on.alerts_of(Sa12)[0].severity, Severity::Warning);
    let plan_young = plan(&msk().at(S2).aged(40).taking(Drug::Cyclobenzaprine, 5));
    assert!(plan_young.attachments_of(Sa12).is_empty());
    assert!(plan_young.alerts_of(Sa12).is_empty());
}

/// SA-13: pregnancy, at any stage and presentation: a plan-level warning that every drug item
/// needs specialist review.
#[test]
fn sa13_pregnancy_note() {
    for p in every_presentation() {
        for stage in [S1, S2, S3] {
            let plan_p = plan(&p.clone().at(stage).with(Condition::Pregnancy));
            let notes = plan_p.notes_of(Sa13);
            assert_eq!(notes.len(), 1);
            assert_eq!(notes[0].kind, NoteKind::Pregnancy);
            assert_eq!(notes[0].severity, Severity::Warning);
            assert!(notes[0].text.contains("specialist review"));
            assert_eq!(notes[0].source, Source::SafetyAddition);
        }
        assert!(plan(&p).notes_of(Sa13).is_empty());
    }
}

/// SA-14: in ESRD, an offered baclofen carries a renal caution; a current one raises a warning.
#[test]
fn sa14_baclofen_in_end_stage_renal_disease() {
    let p = spasticity(SpasticityOrigin::SpinalCord, &[Impact::DecreasedFunction]).at(S2);
    let plan_esrd = plan(&p.clone().with(Condition::EndStageRenalDisease));
    let cautions: Vec<_> = plan_esrd.attachments_of(Sa14);
    assert_eq!(cautions.len(), 1);
    assert_eq!(cautions[0].0.action, Action::Drug(Drug::Baclofen));
    assert_eq!(cautions[0].1.severity, Severity::Warning);
    assert!(cautions[0].1.text.contains("kidney failure"));
    assert!(plan(&p).attachments_of(Sa14).is_empty());

    let plan_on = plan(
        &rls()
            .with(Condition::EndStageRenalDisease)
            .taking(Drug::Baclofen, 30),
    );
    assert_eq!(plan_on.alerts_of(Sa14).len(), 1);
    assert!(
        plan(&rls().taking(Drug::Baclofen, 30))
            .alerts_of(Sa14)
            .is_empty()
    );
}

/// SA-15: at 65 or more (or an unknown age, DEC-16), a current benzodiazepine raises a warning
/// in any presentation.
#[test]
fn sa15_benzodiazepines_in_older_adults() {
    for benzo in DrugClass::Benzodiazepine.members() {
        let plan_on = plan(&rls().aged(65).taking(benzo, 30));
        let alerts = plan_on.alerts_of(Sa15);
        assert_eq!(alerts.len(), 1);
        assert_eq!(alerts[0].severity, Severity::Warning);
        assert_eq!(alerts[0].source, Source::SafetyAddition);
        assert_eq!(involved(alerts[0]), [(benzo, DrugRole::Current)]);
        assert!(cites(&alerts[0].citations, Sa15, Reference::E12));
        assert!(alerts[0].message.contains("65 or more"));
    }
    let plan_unknown = plan(&msk().with_age(Stated::Unknown).taking(Drug::Clonazepam, 3));
    assert!(
        plan_unknown.alerts_of(Sa15)[0]
            .message
            .contains("age unknown")
    );
    let plan_young = plan(&cramp().aged(64).taking(Drug::Diazepam, 30));
    assert!(plan_young.alerts_of(Sa15).is_empty());
    assert!(plan(&cramp().aged(80)).alerts_of(Sa15).is_empty());
}

/// Part 6: additions never add a treatment. The items of a plan are the same whether or not
/// the conditions and medicines that only additions read are present, except for what the
/// additions withhold.
#[test]
fn additions_never_add_an_item() {
    let base = [
        cramp().at(S3),
        rls()
            .at(S3)
            .severity(SymptomSeverity::Severe)
            .ferritin(30.0),
        spasticity(SpasticityOrigin::Stroke, &[Impact::Pain]).at(S2),
        msk().at(S2),
    ];
    for p in base {
        let without: Vec<_> = plan(&p).items().map(|i| (i.rule, i.action)).collect();
        let loaded = p
            .with(Condition::EndStageRenalDisease)
            .with(Condition::Pregnancy)
            .with(Condition::CongestiveHeartFailure)
            .aged(80)
            .taking(Drug::Fluvoxamine, 3)
            .taking(Drug::Quinine, 3)
            .taking(Drug::Clonazepam, 3)
            .saturation(60.0);
        let with = plan(&loaded);
        for item in with.items() {
            assert!(
                without.contains(&(item.rule, item.action)),
                "{} appeared",
                item.rule
            );
            assert_eq!(item.source, Source::Article);
        }
    }
}

/// Provenance: each plan names the article, its date and review status, the knowledge
/// version, and exactly the additions that fired.
#[test]
fn provenance_names_the_knowledge_and_the_additions_that_fired() {
    let plan_p = plan(&cramp().taking(Drug::Quinine, 1).with(Condition::Pregnancy));
    let prov = &plan_p.provenance;
    assert_eq!(prov.article_title, "Recommended Treatments for Leg Spasms");
    assert_eq!(prov.article_date, "2025-10-31");
    assert_eq!(prov.review_status, "pending human review");
    assert_eq!(prov.knowledge_version, KNOWLEDGE_VERSION);
    let fired: Vec<_> = plan_p
        .trace
        .iter()
        .filter(|e| e.fired && e.rule.source() == Source::SafetyAddition)
        .map(|e| e.rule)
        .collect();
    assert_eq!(prov.additions_fired.iter().collect::<Vec<_>>(), fired);
    assert!(prov.additions_fired.contains(Sa1));
    assert!(prov.additions_fired.contains(Sa13));
    assert!(
        !prov.additions_fired.contains(Sa2),
        "pregnant: SA-2 does not fire"
    );
}

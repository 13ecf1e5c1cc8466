//! The API a first program uses: constructors that take what people write (integers or
//! floats for labs, `u32` for ages and days, sets from arrays, vectors and iterators), one
//! error type that `?` reaches from every part of a patient, and `Plan::explain`, which
//! answers for every drug the plan mentions or the patient takes.

use crate::common;

use crate::common::*;
use StatementId::*;
use leg_spasm_cds::*;

/// A patient built in code, with `?` on every fallible part, in a function returning
/// `PatientError`.
fn built(ferritin: i32, age: u32, days: u32) -> Result<Patient, PatientError> {
    Ok(Patient::new(
        Presentation::RestlessLegs,
        Stage::NonDrugInsufficient,
        SymptomSeverity::Moderate,
        Age::new(age)?,
        vec![Condition::EndStageRenalDisease],
        Medications::new([Medication::new(Drug::Ropinirole, Days::new(days))])?,
    )
    .with_labs(
        Labs::not_measured()
            .with_ferritin(Ferritin::ng_per_ml(ferritin)?)
            .with_transferrin_saturation(TransferrinSaturation::new(18)?),
    )
    .with_rls_criteria([RlsCriterion::UrgeToMove]))
}

#[test]
fn a_patient_is_built_from_what_people_write() {
    let patient = built(40, 61, 365).unwrap();
    assert_eq!(patient.age().known().map(|a| a.years()), Some(61));
    assert_eq!(
        patient.labs().ferritin(),
        Some(Ferritin::ng_per_ml(40.0).unwrap())
    );
    assert_eq!(
        patient.labs().transferrin_saturation().unwrap().percent(),
        18.0
    );
    assert!(patient.has(Condition::EndStageRenalDisease));
    // Integers and floats of every lossless type give the same value.
    assert_eq!(Ferritin::ng_per_ml(40u32), Ferritin::ng_per_ml(40.0f32));
    assert_eq!(
        Ferritin::new(60u8, FerritinUnit::MicrogramsPerLitre)
            .unwrap()
            .value(),
        60.0
    );
    // Ages and days both take a u32.
    let years: u32 = 70;
    let days: u32 = 70;
    assert_eq!(Age::new(years).unwrap().years(), days);
    assert_eq!(Days::new(days).get(), years);
    // Sets from arrays (empty ones too), vectors, slices and iterators.
    let empty: Set<Condition> = [].into();
    assert!(empty.is_empty());
    let from_slice: Set<Impact> = Set::from(&[Impact::Pain, Impact::Pain][..]);
    assert_eq!(from_slice, Set::from([Impact::Pain]));
    let collected: Set<Impact> = vec![Impact::Pain, Impact::DecreasedFunction]
        .into_iter()
        .collect();
    assert_eq!(collected.len(), 2);
    let with_empty_conditions = Patient::new(
        Presentation::AcuteMusculoskeletal,
        Stage::NothingTried,
        SymptomSeverity::Mild,
        Age::new(30).unwrap(),
        [],
        Medications::none(),
    );
    assert!(with_empty_conditions.conditions().is_empty());
}

/// Part 5: errors name the field and the value, and one type (`PatientError`) carries them.
#[test]
fn every_part_error_converts_into_a_patient_error_naming_field_and_value() {
    let err = built(40, 131, 1).unwrap_err();
    assert_eq!(err.kind(), PatientErrorKind::AboveMaximum);
    assert_eq!(err.field(), "age");
    assert_eq!(
        err.to_string(),
        "age: age 131 is above the maximum of 130 years"
    );

    let err = built(-5, 61, 1).unwrap_err();
    assert_eq!(err.kind(), PatientErrorKind::Negative);
    assert_eq!(err.field(), "labs.ferritin.value");
    assert!(err.to_string().contains("-5"), "{err}");

    let err: PatientError = TransferrinSaturation::new(101).unwrap_err().into();
    assert_eq!(err.field(), "labs.transferrin_saturation.value");
    assert!(err.to_string().contains("101"), "{err}");

    let err: PatientError = Medications::new([
        Medication::new(Drug::Baclofen, Days::new(1)),
        Medication::new(Drug::Baclofen, Days::new(2)),
    ])
    .unwrap_err()
    .into();
    assert_eq!(err.kind(), PatientErrorKind::Duplicate);
    assert_eq!(err.field(), "medications");
    assert_eq!(err.to_string(), "medications: \"baclofen\" is listed twice");

    let err: PatientError = Days::try_from(2.5).unwrap_err().into();
    assert_eq!(err.field(), "medications.days");
    assert_eq!(err.kind(), PatientErrorKind::NotWhole);
}

#[test]
fn a_patient_displays_on_one_line_with_every_part() {
    let text = built(40, 61, 365).unwrap().to_string();
    assert!(!text.contains('\n'));
    for part in [
        "restless legs",
        "stage S2",
        "moderate symptoms",
        "age 61 years",
        "conditions: end-stage renal disease",
        "medicines: ropinirole (365 days)",
        "ferritin 40 ng/mL",
        "transferrin saturation 18 %",
        "RLS criteria reported: 1 of 5",
    ] {
        assert!(text.contains(part), "{part:?} not in {text:?}");
    }
    let none = rls().to_string();
    assert!(none.contains("medicines: none"), "{none}");
    assert!(none.contains("ferritin not measured"), "{none}");
}

// ---- Plan::explain: each way a plan concerns a drug ----------------------------------------

fn concerns(plan: &Plan, drug: Drug) -> Vec<Concern<'_>> {
    plan.explain(drug).concerns
}

/// Offered, and by which rule: RX-1 offers gabapentin at step 2 for RLS at S2.
#[test]
fn explain_an_offered_drug_names_the_rule_and_step() {
    let plan = recommend(&rls().at(Stage::NonDrugInsufficient));
    let why = plan.explain(Drug::Gabapentin);
    assert!(why.is_offered());
    let offered: Vec<_> = why
        .concerns
        .iter()
        .filter_map(|c| match c {
            Concern::Offered(item) => Some((item.rule, item.step)),
            _ => None,
        })
        .collect();
    assert_eq!(offered, [(Rx1, StepNumber::Two)]);
    assert!(
        why.to_string().starts_with(
            "gabapentin: offered at step 2 by RX-1 (first-line; strongly recommended)"
        ),
        "{why}"
    );
}

/// Withheld, by which addition: SA-6 withholds gabapentin enacarbil in ESRD (RX-1 would offer
/// it), and lists it as avoided.
#[test]
fn explain_a_withheld_drug_names_the_addition() {
    let plan = recommend(
        &rls()
            .at(Stage::NonDrugInsufficient)
            .with(Condition::EndStageRenalDisease),
    );
    let why = plan.explain(Drug::GabapentinEnacarbil);
    assert!(!why.is_offered());
    assert!(
        why.concerns
            .contains(&Concern::Withheld { rule: Rx1, by: Sa6 })
    );
    assert!(
        why.concerns
            .iter()
            .any(|c| matches!(c, Concern::Avoided(a) if a.rule == Sa6))
    );
    assert!(
        why.to_string()
            .contains("withheld by SA-6 (RX-1 would offer it)"),
        "{why}"
    );
}

/// The commonest "why not?": pramipexole in RLS is avoided (AV-2, with PF-3), raises a warning
/// (AV-2) and is monitored for augmentation (MO-1); no rule can offer it.
#[test]
fn explain_an_avoided_current_drug_gives_avoidance_alert_and_monitoring() {
    let plan = recommend(
        &rls()
            .at(Stage::NonDrugInsufficient)
            .taking(Drug::Pramipexole, 200),
    );
    let why = plan.explain(Drug::Pramipexole);
    assert!(why.is_considered());
    assert!(
        why.offering_rules.is_empty(),
        "no rule offers a dopaminergic agent"
    );
    assert!(matches!(why.concerns[0], Concern::Current(m) if m.days == Days::new(200).into()));
    let avoided: Vec<_> = why
        .concerns
        .iter()
        .filter_map(|c| match c {
            Concern::Avoided(a) => Some((a.rule, a.kind)),
            _ => None,
        })
        .collect();
    assert!(
        avoided.contains(&(Av2, AvoidanceKind::Avoid)),
        "{avoided:?}"
    );
    assert!(why.concerns.iter().any(|c| matches!(
        c,
        Concern::Alerted { alert, role: DrugRole::Current }
            if alert.rule == Av2 && alert.severity == Severity::Warning
    )));
    assert!(why.concerns.iter().any(|c| matches!(
        c,
        Concern::Monitored { monitoring, .. } if monitoring.rule == Mo1
    )));
    let text = why.to_string();
    assert!(
        text.starts_with("pramipexole: the patient takes it (200 days); avoided"),
        "{text}"
    );
    assert!(text.contains("augmentation"), "{text}");
    assert!(text.contains("warning alert AV-2 (current)"), "{text}");
    assert!(why.rules().starts_with(&[Av2]), "{:?}", why.rules());
}

/// Contraindicated, why, and alerted: tizanidine with fluvoxamine (SA-7): withheld, listed as
/// contraindicated, and a critical alert naming it as withheld.
#[test]
fn explain_a_contraindicated_drug_gives_the_reason_and_the_alert() {
    let plan = recommend(
        &spasticity(SpasticityOrigin::Stroke, &[])
            .at(Stage::NonDrugInsufficient)
            .taking(Drug::Fluvoxamine, 10),
    );
    let why = plan.explain(Drug::Tizanidine);
    assert!(
        why.concerns
            .contains(&Concern::Withheld { rule: Rx3, by: Sa7 })
    );
    assert!(why.concerns.iter().any(|c| matches!(
        c,
        Concern::Avoided(a) if a.rule == Sa7 && a.kind == AvoidanceKind::Contraindicated
    )));
    assert!(why.concerns.iter().any(|c| matches!(
        c,
        Concern::Alerted { alert, role: DrugRole::Withheld }
            if alert.rule == Sa7 && alert.severity == Severity::Critical
    )));
    let text = why.to_string();
    assert!(text.contains("contraindicated by SA-7"), "{text}");
    assert!(text.contains("CYP1A2"), "{text}");
    // The inhibitor the patient takes is named by the same alert.
    let fluvoxamine = plan.explain(Drug::Fluvoxamine);
    assert!(matches!(fluvoxamine.concerns[0], Concern::Current(_)));
    assert!(fluvoxamine.rules().contains(&Sa7));
}

/// Monitored: an offered tizanidine carries the aminotransferase monitoring of SA-7.
#[test]
fn explain_a_monitored_offered_drug() {
    let plan =
        recommend(&spasticity(SpasticityOrigin::SpinalCord, &[]).at(Stage::NonDrugInsufficient));
    let why = plan.explain(Drug::Tizanidine);
    assert!(why.is_offered());
    assert!(why.concerns.iter().any(|c| matches!(
        c,
        Concern::Monitored { monitoring, role: DrugRole::Offered }
            if monitoring.rule == Sa7 && monitoring.what == MonitoringKind::Aminotransferases
    )));
    assert!(
        why.to_string()
            .contains("monitoring of aminotransferases by SA-7 (offered)")
    );
}

/// Not offered, and why: RX-1 does not apply to spasticity; RX-5 applies from S3.
#[test]
fn explain_a_drug_a_rule_did_not_offer_gives_the_reason() {
    let plan = recommend(&spasticity(SpasticityOrigin::Stroke, &[]).at(Stage::NonDrugInsufficient));
    assert_eq!(
        concerns(&plan, Drug::Pregabalin),
        [Concern::NotOffered {
            rule: Rx1,
            reason: Reason::NotApplicable {
                presentation: PresentationKind::Spasticity
            }
        }]
    );
    let plan = recommend(
        &rls()
            .at(Stage::NonDrugInsufficient)
            .severity(SymptomSeverity::Severe),
    );
    let text = plan.explain(Drug::Oxycodone).to_string();
    assert_eq!(
        text,
        "oxycodone: not offered by RX-5: applies from S3; the stage is S2."
    );
}

/// Not considered by any rule: clonazepam for an idiopathic cramp, not taken.
#[test]
fn explain_a_drug_no_rule_considers() {
    let plan = recommend(&cramp());
    let why = plan.explain(Drug::Clonazepam);
    assert!(!why.is_considered());
    assert!(why.concerns.is_empty() && why.rules().is_empty());
    assert_eq!(
        why.to_string(),
        "clonazepam: not considered by any rule of this plan."
    );
}

/// Every drug a plan names (items, avoidances, alerts, monitoring) or the patient takes gets
/// an answer, on every sample and every presentation with a current medicine of each class.
#[test]
fn explain_answers_for_every_drug_a_plan_mentions_or_the_patient_takes() {
    let mut patients: Vec<Patient> = common::samples::sample_files()
        .iter()
        .map(|(_, json)| Patient::from_json(json).unwrap())
        .collect();
    for p in every_presentation() {
        for drug in [
            Drug::Diazepam,
            Drug::Ropinirole,
            Drug::Quinine,
            Drug::Baclofen,
            Drug::Cyclobenzaprine,
            Drug::Haloperidol,
            Drug::Ibuprofen,
        ] {
            patients.push(p.clone().at(Stage::Refractory).taking(drug, 120));
        }
    }
    for patient in &patients {
        let plan = recommend(patient);
        let mut mentioned: Vec<Drug> = plan.items().filter_map(|i| i.action.drug()).collect();
        mentioned.extend(patient.medications().iter().map(|m| m.drug));
        mentioned.extend(
            plan.alerts
                .iter()
                .flat_map(|a| a.drugs.iter().map(|d| d.drug)),
        );
        mentioned.extend(
            plan.monitoring
                .iter()
                .flat_map(|m| m.drugs.iter().map(|d| d.drug)),
        );
        for a in &plan.avoidances {
            mentioned.extend(a.target.drugs());
        }
        for drug in mentioned {
            let why = plan.explain(drug);
            assert!(why.is_considered(), "{patient}: {drug}");
            assert!(why.to_string().starts_with(drug.label()));
        }
    }
}

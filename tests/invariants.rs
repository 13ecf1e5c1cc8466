//! Part 4 of the knowledge spec as properties: one property test per safety invariant,
//! INV-1 to INV-12, over generated valid patients, plus metamorphic properties (an input a rule
//! does not read leaves its decision unchanged; a later stage or a lower iron value only adds).
//!
//! Each property states the invariant in the spec's words, computed from the patient's fields,
//! not from the crate's rule table.

use crate::common;

use common::spec;
use leg_spasm_cds::*;
use proptest::prelude::*;
use proptest::sample::{select, subsequence};

// ---- Generators ---------------------------------------------------------------------------

fn all<T: Member>() -> Vec<T> {
    T::ALL.to_vec()
}

fn presentation() -> impl Strategy<Value = Presentation> {
    prop_oneof![
        select(all::<CrampKind>()).prop_map(Presentation::TrueCramp),
        Just(Presentation::RestlessLegs),
        (
            select(all::<SpasticityOrigin>()),
            subsequence(all::<Impact>(), 0..=3)
        )
            .prop_map(|(origin, impacts)| Presentation::Spasticity {
                origin,
                impacts: impacts.into_iter().collect()
            }),
        Just(Presentation::AcuteMusculoskeletal),
        select(all::<OutOfScopeKind>()).prop_map(Presentation::OutOfScope),
    ]
}

/// Days of use, with extra weight on the limits of DEC-7 and DEC-8, and stated unknown in
/// about one case in six (Part 5, DEC-16).
fn days() -> impl Strategy<Value = Stated<Days>> {
    prop_oneof![
        5 => prop_oneof![
            select(vec![0u32, 1, 20, 21, 22, 89, 90, 91, 365]),
            0u32..2000,
            any::<u32>(),
        ]
        .prop_map(|n| Stated::Known(Days::new(n))),
        1 => Just(Stated::Unknown),
    ]
}

fn medications() -> impl Strategy<Value = Medications> {
    subsequence(all::<Drug>(), 0..=8)
        .prop_flat_map(|drugs| {
            let n = drugs.len();
            (Just(drugs), proptest::collection::vec(days(), n))
        })
        .prop_map(|(drugs, days)| {
            Medications::new(
                drugs
                    .into_iter()
                    .zip(days)
                    .map(|(d, n)| Medication::new(d, n)),
            )
            .expect("distinct drugs")
        })
}

/// Ferritin anywhere in range or not measured, with extra weight on the FE-2 threshold.
fn ferritin() -> impl Strategy<Value = Option<Ferritin>> {
    let value = prop_oneof![select(vec![0.0, 74.99, 75.0, 75.01, 76.0]), 0.0..2000.0f64];
    prop_oneof![
        Just(None),
        (value, select(all::<FerritinUnit>()))
            .prop_map(|(v, u)| Some(Ferritin::new(v, u).unwrap())),
    ]
}

/// Saturation anywhere in 0..=100 or not measured, with weight on 20 % and 45 %.
fn saturation() -> impl Strategy<Value = Option<TransferrinSaturation>> {
    let value = prop_oneof![
        select(vec![0.0, 19.99, 20.0, 44.99, 45.0, 100.0]),
        0.0..=100.0f64
    ];
    prop_oneof![
        Just(None),
        value.prop_map(|v| Some(TransferrinSaturation::new(v).unwrap()))
    ]
}

/// An age, with weight on 64 and 65 (SA-12, SA-15), and stated unknown in about one case in
/// six (Part 5, DEC-16).
fn age() -> impl Strategy<Value = Stated<Age>> {
    prop_oneof![
        5 => prop_oneof![select(vec![0u32, 64, 65, 130]), 0u32..=130]
            .prop_map(|y| Stated::Known(Age::new(y).unwrap())),
        1 => Just(Stated::Unknown),
    ]
}

prop_compose! {
    fn patient()(
        presentation in presentation(),
        stage in select(all::<Stage>()),
        severity in select(all::<SymptomSeverity>()),
        age in age(),
        conditions in subsequence(all::<Condition>(), 0..=8),
        medications in medications(),
        ferritin in ferritin(),
        saturation in saturation(),
        criteria in proptest::option::of(subsequence(all::<RlsCriterion>(), 0..=5)),
    ) -> Patient {
        let mut labs = Labs::not_measured();
        if let Some(f) = ferritin { labs = labs.with_ferritin(f); }
        if let Some(t) = saturation { labs = labs.with_transferrin_saturation(t); }
        let mut p = Patient::new(presentation, stage, severity, age, conditions.into_iter().collect::<Set<_>>(), medications)
            .with_labs(labs);
        if let Some(c) = criteria { p = p.with_rls_criteria(c.into_iter().collect::<Set<_>>()); }
        p
    }
}

/// 512 cases per property, or `PROPTEST_CASES` when set (for longer runs).
fn config() -> ProptestConfig {
    let mut config = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = 512;
    }
    config
}

fn holds(check: spec::Check) -> Result<(), TestCaseError> {
    check.map_err(TestCaseError::fail)
}

proptest! {
    #![proptest_config(config())]

    /// INV-1: `recommend` is total on valid input (no panic, always a plan), deterministic,
    /// and has no global state: the same plan again, from a clone, and from another thread.
    #[test]
    fn inv1_total_and_deterministic(p in patient()) {
        let plan = recommend(&p);
        holds(spec::inv1(&p, &plan))?;
        prop_assert_eq!(&plan, &recommend(&p.clone()));
        let q = p.clone();
        let other = std::thread::spawn(move || recommend(&q)).join().expect("no panic");
        prop_assert_eq!(&plan, &other);
    }

    /// INV-2: no drug is both offered and avoided, contraindicated or flagged as not effective
    /// (the additions included).
    #[test]
    fn inv2_nothing_offered_is_avoided(p in patient()) {
        holds(spec::inv2(&recommend(&p)))?;
    }

    /// INV-3: no benzodiazepine and no dopaminergic agent is ever offered.
    #[test]
    fn inv3_no_benzodiazepine_or_dopaminergic_offered(p in patient()) {
        holds(spec::inv3(&recommend(&p)))?;
    }

    /// INV-4: stroke recovery plus a current benzodiazepine always yields a critical alert.
    /// Half the cases are steered so that the premise holds.
    #[test]
    fn inv4_stroke_recovery_and_benzodiazepine_is_critical(p in patient(), benzo in select(DrugClass::Benzodiazepine.members().iter().collect::<Vec<_>>()), steer in any::<bool>()) {
        let p = if steer {
            let mut list: Vec<_> = p.medications().iter().copied().filter(|m| m.drug != benzo).collect();
            list.push(Medication::new(benzo, Days::new(3)));
            p.clone().with_conditions(p.conditions().with(Condition::StrokeRecovery))
                .with_medications(Medications::new(list).unwrap())
        } else {
            p
        };
        holds(spec::inv4(&p, &recommend(&p)))?;
    }

    /// INV-5: cyclobenzaprine is never offered for spasticity, and wherever offered it
    /// carries a maximum of 21 days.
    #[test]
    fn inv5_cyclobenzaprine_limited_and_never_for_spasticity(p in patient()) {
        holds(spec::inv5(&p, &recommend(&p)))?;
    }

    /// INV-6: iron supplementation is offered if and only if RLS and (ferritin <= 75 ng/mL or
    /// transferrin saturation < 20 %).
    #[test]
    fn inv6_iron_iff_rls_and_low_iron(p in patient()) {
        holds(spec::inv6(&p, &recommend(&p)))?;
    }

    /// INV-7: opioids only for RLS at S3 with moderate or severe severity.
    #[test]
    fn inv7_opioids_only_for_refractory_moderate_to_severe_rls(p in patient()) {
        holds(spec::inv7(&p, &recommend(&p)))?;
    }

    /// INV-8: at S1 no drug is offered (iron for RLS aside); S3-only items appear only at S3.
    #[test]
    fn inv8_stage_gates(p in patient()) {
        holds(spec::inv8(&p, &recommend(&p)))?;
    }

    /// INV-9: every in-scope presentation gets NP-1; contracture, tetany and dystonia get no
    /// drug.
    #[test]
    fn inv9_stretching_for_all_treated_no_drug_for_out_of_scope(p in patient()) {
        holds(spec::inv9(&p, &recommend(&p)))?;
    }

    /// INV-10: every entry cites at least one statement and one reference; an addition
    /// attached to an article item also cites that item's ids.
    #[test]
    fn inv10_everything_cites_a_statement_and_a_reference(p in patient()) {
        holds(spec::inv10(&recommend(&p)))?;
    }

    /// INV-11: a later stage never removes an item, alert or avoidance of an earlier one.
    #[test]
    fn inv11_a_later_stage_only_adds(p in patient()) {
        let plans: Vec<Plan> = all::<Stage>().into_iter().map(|s| recommend(&p.clone().with_stage(s))).collect();
        for pair in plans.windows(2) {
            holds(spec::inv11_stages(&pair[0], &pair[1]))?;
        }
    }

    /// INV-11: a lower ferritin or transferrin saturation never turns iron supplementation off.
    #[test]
    fn inv11_lower_iron_never_turns_supplementation_off(p in patient(), factor in 0.0..1.0f64) {
        let before = recommend(&p);
        let mut labs = *p.labs();
        if let Some(f) = labs.ferritin() {
            labs = labs.with_ferritin(Ferritin::new(f.value() * factor, f.unit()).unwrap());
        }
        holds(spec::inv11_iron(&before, &recommend(&p.clone().with_labs(labs))))?;
        let mut labs = *p.labs();
        if let Some(t) = labs.transferrin_saturation() {
            labs = labs.with_transferrin_saturation(TransferrinSaturation::new(t.percent() * factor).unwrap());
        }
        holds(spec::inv11_iron(&before, &recommend(&p.clone().with_labs(labs))))?;
    }

    /// INV-12: serialising a patient or a plan and reading it back gives an equal value.
    #[test]
    fn inv12_serde_round_trip(p in patient()) {
        holds(spec::inv12(&p, &recommend(&p)))?;
    }
}

// ---- Metamorphic properties ----------------------------------------------------------------

/// One change to one field of a patient.
#[derive(Debug, Clone)]
enum Change {
    Presentation(Presentation),
    Stage(Stage),
    Severity(SymptomSeverity),
    Age(Stated<Age>),
    Condition(Condition),
    Medication(Drug, Stated<Days>),
    Ferritin(Option<Ferritin>),
    Saturation(Option<TransferrinSaturation>),
    Criteria(Option<Set<RlsCriterion>>),
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        presentation().prop_map(Change::Presentation),
        select(all::<Stage>()).prop_map(Change::Stage),
        select(all::<SymptomSeverity>()).prop_map(Change::Severity),
        age().prop_map(Change::Age),
        select(all::<Condition>()).prop_map(Change::Condition),
        (select(all::<Drug>()), days()).prop_map(|(d, n)| Change::Medication(d, n)),
        ferritin().prop_map(Change::Ferritin),
        saturation().prop_map(Change::Saturation),
        proptest::option::of(subsequence(all::<RlsCriterion>(), 0..=5))
            .prop_map(|c| Change::Criteria(c.map(|c| c.into_iter().collect()))),
    ]
}

fn apply(p: &Patient, change: &Change) -> Patient {
    let p = p.clone();
    match change {
        Change::Presentation(x) => p.with_presentation(*x),
        Change::Stage(x) => p.with_stage(*x),
        Change::Severity(x) => p.with_severity(*x),
        Change::Age(x) => p.with_age(*x),
        Change::Condition(c) => {
            let mut set = p.conditions();
            if !set.remove(*c) {
                set.insert(*c);
            }
            p.with_conditions(set)
        }
        Change::Medication(drug, days) => {
            // Toggle the drug: remove it if current, add it with the days given if not.
            let mut list: Vec<_> = p
                .medications()
                .iter()
                .copied()
                .filter(|m| m.drug != *drug)
                .collect();
            if list.len() == p.medications().len() {
                list.push(Medication::new(*drug, *days));
            }
            p.with_medications(Medications::new(list).unwrap())
        }
        Change::Ferritin(f) => {
            let labs = Labs::not_measured();
            let labs = match f {
                Some(f) => labs.with_ferritin(*f),
                None => labs,
            };
            let labs = match p.labs().transferrin_saturation() {
                Some(t) => labs.with_transferrin_saturation(t),
                None => labs,
            };
            p.with_labs(labs)
        }
        Change::Saturation(t) => {
            let labs = Labs::not_measured();
            let labs = match t {
                Some(t) => labs.with_transferrin_saturation(*t),
                None => labs,
            };
            let labs = match p.labs().ferritin() {
                Some(f) => labs.with_ferritin(f),
                None => labs,
            };
            p.with_labs(labs)
        }
        Change::Criteria(c) => match c {
            Some(c) => p.with_rls_criteria(*c),
            None => Patient::new(
                p.presentation(),
                p.stage(),
                p.severity(),
                p.age(),
                p.conditions(),
                p.medications().clone(),
            )
            .with_labs(*p.labs()),
        },
    }
}

/// Whether a trace input is the field the change touches.
fn reads(input: &Input, change: &Change) -> bool {
    match (input, change) {
        (
            Input::Presentation(_)
            | Input::CrampKind(_)
            | Input::SpasticityOrigin(_)
            | Input::SpasticityImpacts(_),
            Change::Presentation(_),
        ) => true,
        (Input::StrokeRecovery(_), Change::Presentation(_)) => true,
        (Input::StrokeRecovery(_), Change::Condition(Condition::StrokeRecovery)) => true,
        (Input::Stage(_), Change::Stage(_)) => true,
        (Input::Severity(_), Change::Severity(_)) => true,
        (Input::Age(_), Change::Age(_)) => true,
        (Input::Condition { condition, .. }, Change::Condition(c)) => condition == c,
        (Input::Current { of, .. }, Change::Medication(d, _)) => of.covers(*d),
        (Input::Medication { drug, .. }, Change::Medication(d, _)) => drug == d,
        (Input::Ferritin(_), Change::Ferritin(_)) => true,
        (Input::TransferrinSaturation(_), Change::Saturation(_)) => true,
        (Input::RlsCriteria(_), Change::Criteria(_)) => true,
        _ => false,
    }
}

/// Inputs that are the plan being built rather than the patient: a rule that reads them can
/// change when another rule does.
fn reads_the_plan(input: &Input) -> bool {
    matches!(
        input,
        Input::Offered { .. } | Input::Withheld { .. } | Input::Item { .. } | Input::Cited { .. }
    )
}

proptest! {
    #![proptest_config(config())]

    /// An input a rule does not read does not change its decision: for every rule whose trace
    /// shows it read neither the changed field nor the plan, the verdict, the reason and the
    /// inputs it read are the same after the change.
    #[test]
    fn a_field_a_rule_does_not_read_does_not_change_its_decision(p in patient(), change in change()) {
        let before = recommend(&p);
        let after = recommend(&apply(&p, &change));
        for (b, a) in before.trace.iter().zip(&after.trace) {
            if b.inputs.iter().any(|i| reads(i, &change) || reads_the_plan(i)) {
                continue;
            }
            prop_assert_eq!((b.fired, b.reason, &b.inputs), (a.fired, a.reason, &a.inputs),
                "{} changed under {:?}", b.rule, change);
        }
    }

    /// Only SA-12 reads the age: changing it changes nothing else in the plan.
    #[test]
    fn the_age_changes_only_sa12(p in patient(), age in age()) {
        let strip = |mut plan: Plan| {
            for step in &mut plan.steps {
                for item in &mut step.items {
                    item.attachments.retain(|a| a.rule != StatementId::Sa12 && a.rule != StatementId::Sa15);
                }
            }
            plan.alerts.retain(|a| a.rule != StatementId::Sa12 && a.rule != StatementId::Sa15);
            let trace: Vec<_> = plan.trace.iter()
                .filter(|e| e.rule != StatementId::Sa12 && e.rule != StatementId::Sa15)
                .map(|e| (e.rule, e.fired, e.reason, e.inputs.to_vec(), e.drugs.to_vec()))
                .collect();
            plan.trace = Trace::default();
            plan.provenance.additions_fired.remove(StatementId::Sa12);
            plan.provenance.additions_fired.remove(StatementId::Sa15);
            // The plan restates the patient, age included.
            plan.patient = plan.patient.clone().with_age(Age::MAX);
            (plan, trace)
        };
        prop_assert_eq!(strip(recommend(&p)), strip(recommend(&p.clone().with_age(age))));
    }

    /// Notes never change treatment: the RLS criteria change only notes.
    #[test]
    fn the_rls_criteria_change_only_notes(p in patient(), c in subsequence(all::<RlsCriterion>(), 0..=5)) {
        let before = recommend(&p);
        let after = recommend(&p.clone().with_rls_criteria(c.into_iter().collect::<Set<_>>()));
        prop_assert_eq!(&before.steps, &after.steps);
        prop_assert_eq!(&before.avoidances, &after.avoidances);
        prop_assert_eq!(&before.alerts, &after.alerts);
        prop_assert_eq!(&before.monitoring, &after.monitoring);
    }
}

// ---- The medication check (Part 8.1): INV-13 and INV-14 -------------------------------------

fn medicine_source(drug: Drug) -> record::MedicineSource {
    record::MedicineSource {
        resource: format!("MedicationRequest/{drug}"),
        read_as: drug.to_string(),
    }
}

/// The alerts of `rule`, each as the set of drugs it names.
fn alerts_of(plan: &Plan, rule: StatementId) -> Vec<Set<Drug>> {
    plan.alerts
        .iter()
        .filter(|a| a.rule == rule)
        .map(|a| a.drugs.iter().map(|d| d.drug).collect())
        .collect()
}

/// Every alert of `rules` in `before` is in `after` (same rule, same drugs).
fn keeps_alerts(before: &Plan, after: &Plan, rules: &[StatementId]) -> Result<(), TestCaseError> {
    for &rule in rules {
        let kept = alerts_of(after, rule);
        for drugs in alerts_of(before, rule) {
            prop_assert!(
                kept.contains(&drugs),
                "{} alert about {:?} removed",
                rule,
                drugs
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    /// INV-13: "for every valid patient with no order being drafted, checking its record with
    /// the presentation known gives exactly the alerts of its plan whose drugs are all current
    /// (same statement id, drugs, roles and severity), for every stage and severity".
    #[test]
    fn inv13_the_check_agrees_with_the_plan(p in patient()) {
        let checked = check(&Record::from_patient(&p));
        for &stage in Stage::ALL {
            for &severity in SymptomSeverity::ALL {
                let q = p.clone().with_stage(stage).with_severity(severity);
                holds(spec::inv13(&q, &recommend(&q), &checked))?;
            }
        }
    }

    /// INV-14: "drafting one more drug never removes an alert; a drafted drug raises at least
    /// the alerts the same drug would raise if it were current with 0 days of use".
    #[test]
    fn inv14_ordering_only_adds(p in patient(), drug in select(all::<Drug>())) {
        let record = Record::from_patient(&p);
        let before = check(&record);
        let mut drafted = record.clone();
        drafted.add_drafted(drug, Stated::Known(Days::new(0)), medicine_source(drug));
        let after = check(&drafted);
        holds(spec::inv14_only_adds(&before, &after))?;
        if p.medications().contains(drug) {
            // Already current: it stays current, with its days, and nothing changes.
            prop_assert_eq!(&before.alerts, &after.alerts);
        } else {
            let mut current = record.clone();
            current.add_medicine(drug, Stated::Known(Days::new(0)), medicine_source(drug));
            holds(spec::inv14_as_current(&after, &check(&current), drug))?;
        }
    }

    /// DEC-16 is monotone: "a medicine of unknown duration counts as long-term for PF-1 and
    /// PF-4; an unknown age counts as 65 or more" (SA-12, SA-15). Replacing a known duration
    /// by unknown never removes a PF-1 or PF-4 alert, and replacing a known age by unknown
    /// never removes an SA-12 or SA-15 alert.
    #[test]
    fn dec16_unknown_never_removes_an_alert(p in patient()) {
        let before = recommend(&p);
        for (i, m) in p.medications().iter().enumerate() {
            if m.days.is_unknown() {
                continue;
            }
            let list = p.medications().iter().enumerate().map(|(j, n)| {
                if i == j { Medication::new(n.drug, Stated::Unknown) } else { *n }
            });
            let after = recommend(&p.clone().with_medications(Medications::new(list).unwrap()));
            keeps_alerts(&before, &after, &[StatementId::Pf1, StatementId::Pf4])?;
        }
        if !p.age().is_unknown() {
            let after = recommend(&p.clone().with_age(Stated::Unknown));
            keeps_alerts(&before, &after, &[StatementId::Sa12, StatementId::Sa15])?;
        }
    }
}

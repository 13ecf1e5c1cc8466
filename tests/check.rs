//! The medication check against the examples of knowledge spec Part 8.1, each quoted.

use leg_spasm_cds::check::{UnknownInput, check};
use leg_spasm_cds::record::{MedicineSource, Record, RecordPresentation};
use leg_spasm_cds::{
    Age, Condition, CrampKind, Days, Drug, DrugRole, Presentation, PresentationKind, Severity,
    Stated, StatementId,
};

fn source(drug: Drug) -> MedicineSource {
    MedicineSource {
        resource: format!("MedicationRequest/{drug}"),
        read_as: drug.to_string(),
    }
}

fn record() -> Record {
    let mut r = Record::new(Some("p".into()));
    r.age = Stated::Known(Age::new(50).unwrap());
    r
}

fn taking(mut r: Record, drug: Drug) -> Record {
    r.add_medicine(drug, Stated::Known(Days::new(30)), source(drug));
    r
}

fn drafting(mut r: Record, drug: Drug) -> Record {
    r.add_drafted(drug, Stated::Known(Days::new(0)), source(drug));
    r
}

/// The alert of a rule, with its drugs and roles.
fn alert(r: &Record, rule: StatementId) -> Option<(Severity, Vec<(Drug, DrugRole)>)> {
    check(r)
        .alerts
        .into_iter()
        .find(|a| a.rule == rule)
        .map(|a| {
            (
                a.severity,
                a.drugs.iter().map(|d| (d.drug, d.role)).collect(),
            )
        })
}

#[test]
fn drafting_quinine_raises_sa1s_critical_alert() {
    // "drafting quinine raises SA-1's critical alert"
    let r = drafting(record(), Drug::Quinine);
    assert_eq!(
        alert(&r, StatementId::Sa1),
        Some((Severity::Critical, vec![(Drug::Quinine, DrugRole::Ordered)]))
    );
    assert_eq!(alert(&record(), StatementId::Sa1), None);
}

#[test]
fn drafting_an_opioid_with_a_benzodiazepine_raises_sa4_and_with_a_gabapentinoid_sa3() {
    // "drafting an opioid for a patient on a benzodiazepine raises SA-4's critical alert (and
    // SA-3's warning where a gabapentinoid is current)"
    let on_benzo = taking(record(), Drug::Diazepam);
    let r = drafting(on_benzo.clone(), Drug::Oxycodone);
    assert_eq!(
        alert(&r, StatementId::Sa4),
        Some((
            Severity::Critical,
            vec![
                (Drug::Oxycodone, DrugRole::Ordered),
                (Drug::Diazepam, DrugRole::Current)
            ]
        ))
    );
    assert_eq!(alert(&on_benzo, StatementId::Sa4), None);
    // Without a gabapentinoid, SA-3 does not fire; with one current, it does.
    assert_eq!(alert(&r, StatementId::Sa3), None);
    let r = drafting(taking(on_benzo, Drug::Pregabalin), Drug::Oxycodone);
    let (severity, drugs) = alert(&r, StatementId::Sa3).expect("SA-3 fires");
    assert_eq!(severity, Severity::Warning);
    assert!(drugs.contains(&(Drug::Pregabalin, DrugRole::Current)));
    assert!(drugs.contains(&(Drug::Oxycodone, DrugRole::Ordered)));
}

#[test]
fn drafting_tizanidine_with_fluvoxamine_raises_sa7s_critical_alert() {
    // "drafting tizanidine with fluvoxamine current raises SA-7's critical alert"
    let r = drafting(taking(record(), Drug::Fluvoxamine), Drug::Tizanidine);
    assert_eq!(
        alert(&r, StatementId::Sa7),
        Some((
            Severity::Critical,
            vec![
                (Drug::Tizanidine, DrugRole::Ordered),
                (Drug::Fluvoxamine, DrugRole::Current)
            ]
        ))
    );
    // Nothing is offered in a check: SA-7's monitoring of an offered tizanidine is plan only.
    assert!(check(&r).monitoring.is_empty());
    assert_eq!(
        alert(&drafting(record(), Drug::Tizanidine), StatementId::Sa7),
        None
    );
}

#[test]
fn drafting_cyclobenzaprine_with_heart_failure_raises_sa8_and_at_65_sa12() {
    // "drafting cyclobenzaprine with heart failure raises SA-8's alert, and at 65 or more
    // SA-12's"
    let mut r = drafting(record(), Drug::Cyclobenzaprine);
    r.conditions.insert(Condition::CongestiveHeartFailure);
    let (_, drugs) = alert(&r, StatementId::Sa8).expect("SA-8 fires");
    assert!(drugs.contains(&(Drug::Cyclobenzaprine, DrugRole::Ordered)));
    assert_eq!(alert(&r, StatementId::Sa12), None, "aged 50");
    r.age = Stated::Known(Age::new(64).unwrap());
    assert_eq!(alert(&r, StatementId::Sa12), None, "aged 64");
    r.age = Stated::Known(Age::new(65).unwrap());
    assert_eq!(
        alert(&r, StatementId::Sa12),
        Some((
            Severity::Warning,
            vec![(Drug::Cyclobenzaprine, DrugRole::Ordered)]
        ))
    );
    // DEC-16: "an unknown age counts as 65 or more for SA-12".
    r.age = Stated::Unknown;
    assert!(alert(&r, StatementId::Sa12).is_some());
}

#[test]
fn drafting_gabapentin_enacarbil_in_esrd_raises_sa6s_alert() {
    // "drafting gabapentin enacarbil in ESRD raises SA-6's alert"
    let mut r = drafting(record(), Drug::GabapentinEnacarbil);
    assert_eq!(alert(&r, StatementId::Sa6), None);
    r.conditions.insert(Condition::EndStageRenalDisease);
    assert_eq!(
        alert(&r, StatementId::Sa6),
        Some((
            Severity::Warning,
            vec![(Drug::GabapentinEnacarbil, DrugRole::Ordered)]
        ))
    );
}

#[test]
fn drafting_a_benzodiazepine_during_stroke_recovery_raises_av1s_critical_alert() {
    // "drafting a benzodiazepine during stroke recovery raises AV-1's critical alert"
    let mut r = drafting(record(), Drug::Lorazepam);
    r.conditions.insert(Condition::StrokeRecovery);
    assert_eq!(
        alert(&r, StatementId::Av1),
        Some((
            Severity::Critical,
            vec![(Drug::Lorazepam, DrugRole::Ordered)]
        ))
    );
    // DEC-10: spasticity of stroke origin is stroke recovery too, when the record states it.
    let mut r = drafting(record(), Drug::Lorazepam);
    r.presentation = RecordPresentation::Known {
        presentation: Presentation::Spasticity {
            origin: leg_spasm_cds::SpasticityOrigin::Stroke,
            impacts: Default::default(),
        },
    };
    assert!(alert(&r, StatementId::Av1).is_some());
}

#[test]
fn rules_scoped_to_a_presentation_are_not_checked_without_one() {
    // "SA-2's alert, AV-2, AV-3, PF-2's alert, MO-1's monitoring ... Without it they are listed
    // as 'not checked: presentation unknown', never silently skipped."
    let r = taking(taking(record(), Drug::Ropinirole), Drug::MagnesiumOxide);
    let result = check(&r);
    for rule in [
        StatementId::Sa2,
        StatementId::Av2,
        StatementId::Av3,
        StatementId::Pf2,
        StatementId::Mo1,
    ] {
        assert!(
            result
                .not_checked
                .iter()
                .any(|n| n.rule == rule && n.unknown == UnknownInput::Presentation),
            "{rule} not listed: {:?}",
            result.not_checked
        );
        assert!(!result.is_checked(rule));
        let entry = result.trace.get(rule).unwrap();
        assert_eq!(
            entry.reason,
            leg_spasm_cds::Reason::NotChecked {
                unknown: UnknownInput::Presentation
            }
        );
    }
    assert!(result.alerts.iter().all(|a| a.rule != StatementId::Av2));
    assert!(
        result
            .to_string()
            .contains("AV-2: not checked: presentation unknown")
    );
    // With restless legs stated, AV-2 and MO-1 are decided and fire for ropinirole.
    let mut r = r;
    r.presentation = RecordPresentation::Kind {
        kind: PresentationKind::RestlessLegs,
    };
    let result = check(&r);
    assert!(result.alerts.iter().any(|a| a.rule == StatementId::Av2));
    assert!(result.monitoring.iter().any(|m| m.rule == StatementId::Mo1));
    assert!(result.is_checked(StatementId::Av2));
}

#[test]
fn sa2_needs_an_idiopathic_cramp_and_is_not_checked_while_the_subtype_is_unknown() {
    // "A rule that needs the subtype (SA-2: idiopathic cramp) is 'not checked' while it is
    // unknown."
    let mut r = taking(record(), Drug::MagnesiumOxide);
    r.presentation = RecordPresentation::Kind {
        kind: PresentationKind::TrueCramp,
    };
    let result = check(&r);
    assert!(
        result
            .not_checked
            .iter()
            .any(|n| n.rule == StatementId::Sa2 && n.unknown == UnknownInput::Subtype)
    );
    assert!(result.alerts.iter().all(|a| a.rule != StatementId::Sa2));
    // Stated idiopathic: SA-2's info alert about the magnesium.
    r.presentation = RecordPresentation::Known {
        presentation: Presentation::TrueCramp(CrampKind::Idiopathic),
    };
    assert_eq!(
        alert(&r, StatementId::Sa2),
        Some((
            Severity::Info,
            vec![(Drug::MagnesiumOxide, DrugRole::Current)]
        ))
    );
    // SA-2 reads "in a non-pregnant patient": pregnancy decides it whatever the cramp's kind.
    r.presentation = RecordPresentation::Kind {
        kind: PresentationKind::TrueCramp,
    };
    r.conditions.insert(Condition::Pregnancy);
    assert!(check(&r).is_checked(StatementId::Sa2));
}

#[test]
fn unidentified_medicines_are_stated_in_the_check_and_its_display() {
    // Part 8.2: "every check and plan made from the record says that N medicines could not be
    // identified and were not checked".
    let mut r = record();
    for text in ["herbal tea", "Lyrica-ish"] {
        r.unidentified
            .push(leg_spasm_cds::record::UnidentifiedMedicine {
                resource: "MedicationStatement/x".into(),
                text: Some(text.into()),
                codings: Vec::new(),
                drafted: false,
            });
    }
    let result = check(&r);
    let statement = "2 medicines could not be identified and were not checked";
    assert_eq!(result.unidentified_medicines.as_deref(), Some(statement));
    assert_eq!(result.unidentified.len(), 2);
    let text = result.to_string();
    assert!(text.contains(statement));
    // Alerts first, critical first; then monitoring; then not checked; then the statement.
    let r = drafting(taking(r, Drug::Ibuprofen), Drug::Quinine);
    let text = check(&r).to_string();
    let at = |s: &str| text.find(s).unwrap_or_else(|| panic!("{s} in {text}"));
    assert!(at("CRITICAL") < at("Monitoring"));
    assert!(at("Monitoring") < at("Not checked"));
    assert!(at("Not checked") < at(statement));
}

#[test]
fn the_check_is_the_plans_table_with_one_trace_entry_per_rule_and_serde() {
    let r = drafting(taking(record(), Drug::Diazepam), Drug::Oxycodone);
    let result = check(&r);
    assert_eq!(result.trace.len(), leg_spasm_cds::rules::table().len());
    let ids: Vec<StatementId> = result.trace.iter().map(|e| e.rule).collect();
    let table: Vec<StatementId> = leg_spasm_cds::rules::table().iter().map(|r| r.id).collect();
    assert_eq!(ids, table);
    // No offers in a check: RX-1 gives only plan entries.
    assert_eq!(
        result.trace.get(StatementId::Rx1).unwrap().reason,
        leg_spasm_cds::Reason::PlanOnly
    );
    assert!(result.provenance.additions_fired.contains(StatementId::Sa4));
    let json = serde_json::to_string(&result).unwrap();
    let back: leg_spasm_cds::Check = serde_json::from_str(&json).unwrap();
    assert_eq!(back, result);
    assert!(json.contains("\"role\":\"ordered\""));
}

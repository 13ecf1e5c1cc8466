//! The decisions of Part 3 that shape every plan rather than one statement: DEC-9 (alert
//! severities), DEC-11 (alerts ask for a review, never an abrupt stop) and DEC-12 (cautions sit
//! on offered items; the avoidance list holds only what is not offered). DEC-2..8, 10 and 13
//! are tested with the statements they govern.

use crate::common;

use StatementId::*;
use common::*;
use leg_spasm_cds::*;

/// Patients that raise every kind of alert the crate has.
fn alerting_patients() -> Vec<Patient> {
    vec![
        cramp()
            .with(Condition::StrokeRecovery)
            .taking(Drug::Diazepam, 3)
            .taking(Drug::Quinine, 3),
        rls()
            .at(S3)
            .severity(SymptomSeverity::Severe)
            .taking(Drug::Ropinirole, 100)
            .taking(Drug::Haloperidol, 10)
            .taking(Drug::Clonazepam, 9),
        msk()
            .aged(70)
            .taking(Drug::Cyclobenzaprine, 40)
            .taking(Drug::Phenelzine, 3)
            .taking(Drug::Ibuprofen, 100),
        cramp()
            .with(Condition::Hyperthyroidism)
            .taking(Drug::Cyclobenzaprine, 3)
            .taking(Drug::MagnesiumOxide, 30),
        spasticity(SpasticityOrigin::Stroke, &[Impact::Pain])
            .at(S2)
            .with(Condition::EndStageRenalDisease)
            .taking(Drug::Fluvoxamine, 3)
            .taking(Drug::Baclofen, 30)
            .taking(Drug::Gabapentin, 30)
            .taking(Drug::Cyclobenzaprine, 2),
        msk()
            .taking(Drug::Tizanidine, 30)
            .taking(Drug::Ciprofloxacin, 3),
    ]
}

/// DEC-9: where Part 6 states a severity it governs (SA-1, SA-4, SA-7 critical; SA-8 critical
/// with an MAO inhibitor; SA-2 info); otherwise a benzodiazepine during stroke recovery is
/// critical and every other alert about a drug is a warning.
#[test]
fn dec9_alert_severities() {
    let mut seen = Set::<StatementId>::new();
    for p in alerting_patients() {
        for alert in plan(&p).alerts {
            seen.insert(alert.rule);
            let expected = match alert.rule {
                Av1 | Sa1 | Sa4 | Sa7 => Severity::Critical,
                Sa8 if alert
                    .drugs
                    .iter()
                    .any(|d| d.drug.class() == DrugClass::MaoInhibitor) =>
                {
                    Severity::Critical
                }
                Sa2 => Severity::Info,
                _ => Severity::Warning,
            };
            assert_eq!(alert.severity, expected, "{}", alert.rule);
        }
    }
    // The corpus covers every rule that raises alerts.
    for id in [
        Av1, Av2, Av3, Pf1, Pf2, Pf4, Sa1, Sa2, Sa3, Sa4, Sa6, Sa7, Sa8, Sa9, Sa12, Sa14,
    ] {
        assert!(seen.contains(id), "{id} not exercised");
    }
}

/// DEC-11: an alert about a current drug never advises stopping it abruptly; it asks for a
/// review of the drug and its indication.
#[test]
fn dec11_alerts_ask_for_review_never_an_abrupt_stop() {
    for p in alerting_patients() {
        for alert in plan(&p).alerts {
            if !alert.drugs.iter().any(|d| d.role == DrugRole::Current) {
                continue;
            }
            let text = alert.message.to_lowercase();
            assert!(text.contains("review"), "{}: {}", alert.rule, alert.message);
            let without_caveat = text.replace("must not be stopped abruptly", "");
            for word in ["stop", "discontinue", "withdraw", "cease"] {
                assert!(
                    !without_caveat.contains(word),
                    "{} says {word}: {}",
                    alert.rule,
                    alert.message
                );
            }
        }
    }
}

/// DEC-12: cautions about an offered drug (PF-1, SA-6, SA-9, SA-11, SA-12, SA-14) are attached
/// to its item; the avoidance list holds only drugs or classes that are not offered.
#[test]
fn dec12_cautions_on_items_and_avoidances_never_offered() {
    let patients = [
        msk().at(S2).aged(70),
        rls()
            .at(S2)
            .with(Condition::EndStageRenalDisease)
            .ferritin(40.0)
            .saturation(50.0),
        spasticity(SpasticityOrigin::Stroke, &[Impact::Pain])
            .at(S2)
            .with(Condition::EndStageRenalDisease),
    ];
    let mut attached = Set::<StatementId>::new();
    for p in patients.iter().chain(alerting_patients().iter()) {
        let plan = plan(p);
        for a in &plan.avoidances {
            for d in a.target.drugs() {
                assert!(!plan.offers(d), "{} avoided ({}) and offered", d, a.rule);
            }
        }
        for item in plan.items() {
            attached.extend(item.attachments.iter().map(|a| a.rule));
        }
        // A cyclobenzaprine offer carries PF-1 as its limit, not as an avoidance.
        if let Some(item) = plan.item_for(Drug::Cyclobenzaprine) {
            assert!(item.citations.statements.contains(Pf1));
        }
        assert!(
            plan.avoidances
                .iter()
                .all(|a| !matches!(a.rule, Pf1 | Sa9 | Sa11 | Sa12 | Sa14))
        );
    }
    for id in [Sa6, Sa9, Sa11, Sa12, Sa14] {
        assert!(attached.contains(id), "{id} attaches to an item");
    }
}

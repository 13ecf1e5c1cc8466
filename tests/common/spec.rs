//! The safety invariants of Part 4, each as a check of one patient and its plan, written from
//! the spec's words and the patient's fields (never from the crate's rule table). The property
//! tests and the exhaustive check both call these.

use leg_spasm_cds::*;

pub type Check = Result<(), String>;

macro_rules! ensure {
    ($cond:expr, $($msg:tt)+) => {
        if !$cond {
            return Err(format!($($msg)+));
        }
    };
}

pub fn current(p: &Patient, class: DrugClass) -> Vec<Drug> {
    p.medications()
        .iter()
        .map(|m| m.drug)
        .filter(|d| d.class() == class)
        .collect()
}

/// DEC-10: recovering from a stroke when the caller says so or the presentation is spasticity
/// of stroke origin.
pub fn recovering_from_stroke(p: &Patient) -> bool {
    p.has(Condition::StrokeRecovery)
        || matches!(
            p.presentation(),
            Presentation::Spasticity {
                origin: SpasticityOrigin::Stroke,
                ..
            }
        )
}

/// FE-2 in its words: ferritin <= 75 ng/mL or transferrin saturation < 20 %.
pub fn low_iron(p: &Patient) -> bool {
    p.labs()
        .ferritin()
        .is_some_and(|f| f.in_ng_per_ml() <= 75.0)
        || p.labs()
            .transferrin_saturation()
            .is_some_and(|t| t.percent() < 20.0)
}

pub fn offered_iron(plan: &Plan) -> bool {
    plan.items()
        .any(|i| i.action == Action::IronSupplementation)
}

/// INV-1 (the part one plan shows): a plan for the patient, with its three steps in order and
/// one trace entry per rule; the same plan when computed again.
pub fn inv1(p: &Patient, plan: &Plan) -> Check {
    ensure!(plan.stage == p.stage(), "the plan echoes another stage");
    let numbers: Vec<_> = plan.steps.iter().map(|s| s.number).collect();
    ensure!(numbers == StepNumber::ALL, "steps {numbers:?}");
    ensure!(plan.trace.len() == 46, "{} trace entries", plan.trace.len());
    ensure!(&recommend(p) == plan, "not deterministic");
    Ok(())
}

/// INV-2: no drug is both offered and avoided, contraindicated or flagged as not effective; a
/// drug withheld by a contraindication is not offered.
pub fn inv2(plan: &Plan) -> Check {
    let offered = plan.offered_drugs();
    for a in &plan.avoidances {
        ensure!(
            a.target.drugs().intersection(offered).is_empty(),
            "{} is {} ({}) and offered",
            a.target,
            a.kind,
            a.rule
        );
    }
    for alert in &plan.alerts {
        for d in alert.drugs.iter().filter(|d| d.role == DrugRole::Withheld) {
            ensure!(!offered.contains(d.drug), "{} withheld and offered", d.drug);
        }
    }
    Ok(())
}

/// INV-3: no benzodiazepine and no dopaminergic agent is ever offered.
pub fn inv3(plan: &Plan) -> Check {
    for d in plan.offered_drugs() {
        ensure!(
            !matches!(
                d.class(),
                DrugClass::Benzodiazepine | DrugClass::DopaminergicAgent
            ),
            "{d} offered"
        );
    }
    Ok(())
}

/// INV-4: stroke recovery plus a current benzodiazepine always yields a critical alert (about
/// that benzodiazepine).
pub fn inv4(p: &Patient, plan: &Plan) -> Check {
    if recovering_from_stroke(p) {
        for benzo in current(p, DrugClass::Benzodiazepine) {
            ensure!(
                plan.alerts.iter().any(|a| a.severity == Severity::Critical
                    && a.drugs
                        .iter()
                        .any(|d| d.drug == benzo && d.role == DrugRole::Current)),
                "no critical alert for {benzo} during stroke recovery"
            );
        }
    }
    Ok(())
}

/// INV-5: cyclobenzaprine is never offered for spasticity, and wherever offered it carries a
/// maximum of 21 days. Read with DEC-8 and DEC-16: a current use of 21 days or more, or of
/// unknown length, is never continued; a current use below 21 days is offered with the rest of
/// the 21 days left (RX-2: "the days left when cyclobenzaprine is already current (at least
/// 1)").
pub fn inv5(p: &Patient, plan: &Plan) -> Check {
    if let Some(item) = plan.item_for(Drug::Cyclobenzaprine) {
        ensure!(
            p.presentation().kind() != PresentationKind::Spasticity,
            "cyclobenzaprine offered for spasticity"
        );
        ensure!(
            item.max_days == Some(Days::new(21)),
            "cyclobenzaprine max {:?}",
            item.max_days
        );
        match p.medications().days(Drug::Cyclobenzaprine) {
            None => ensure!(
                item.days_left.is_none(),
                "days left {:?} for a drug not current",
                item.days_left
            ),
            Some(Stated::Unknown) => {
                return Err("cyclobenzaprine of unknown duration continued".into());
            }
            Some(Stated::Known(d)) => {
                ensure!(d.get() < 21, "cyclobenzaprine continued after {d}");
                ensure!(
                    item.days_left == Some(Days::new(21 - d.get())),
                    "{:?} left after {d}",
                    item.days_left
                );
            }
        }
    }
    Ok(())
}

/// INV-6: iron supplementation is offered if and only if RLS and (ferritin <= 75 ng/mL or
/// transferrin saturation < 20 %).
pub fn inv6(p: &Patient, plan: &Plan) -> Check {
    let expected = p.presentation() == Presentation::RestlessLegs && low_iron(p);
    ensure!(
        offered_iron(plan) == expected,
        "iron offered: {}, expected {expected}",
        offered_iron(plan)
    );
    Ok(())
}

/// INV-7: opioids only for RLS at S3 with moderate or severe severity.
pub fn inv7(p: &Patient, plan: &Plan) -> Check {
    if plan
        .offered_drugs()
        .iter()
        .any(|d| d.class() == DrugClass::Opioid)
    {
        ensure!(
            p.presentation() == Presentation::RestlessLegs
                && p.stage() == Stage::Refractory
                && p.severity() >= SymptomSeverity::Moderate,
            "an opioid offered for {} at {} ({})",
            p.presentation(),
            p.stage(),
            p.severity()
        );
    }
    Ok(())
}

/// INV-8: at S1 no drug is offered (iron for RLS aside, which is not a drug item); S3-only
/// items (step 3) appear only at S3.
pub fn inv8(p: &Patient, plan: &Plan) -> Check {
    if p.stage() == Stage::NothingTried {
        ensure!(
            plan.offered_drugs().is_empty(),
            "a drug at S1: {:?}",
            plan.offered_drugs()
        );
    }
    if p.stage() != Stage::Refractory {
        ensure!(plan.steps[2].items.is_empty(), "step 3 items before S3");
    }
    Ok(())
}

/// INV-9: every in-scope presentation gets NP-1; contracture, tetany and dystonia get no drug.
pub fn inv9(p: &Patient, plan: &Plan) -> Check {
    match p.presentation() {
        Presentation::OutOfScope(_) => ensure!(plan.offered_drugs().is_empty(), "a drug for OOS"),
        _ => ensure!(
            plan.items()
                .any(|i| i.action == Action::Measure(Measure::Stretching)
                    && i.citations.statements.contains(StatementId::Np1)),
            "no NP-1 for {}",
            p.presentation()
        ),
    }
    Ok(())
}

/// INV-10: every item, avoidance, alert, monitoring item and note cites at least one statement
/// id and at least one reference; an addition attached to an article item also cites that
/// item's ids.
pub fn inv10(plan: &Plan) -> Check {
    let ok = |c: &Citations| !c.statements.is_empty() && !c.references.is_empty();
    ensure!(ok(&plan.classification.citations), "classification");
    for item in plan.items() {
        ensure!(ok(&item.citations), "item {}", item.rule);
        for a in &item.attachments {
            ensure!(ok(&a.citations), "attachment {}", a.rule);
            if a.source == Source::SafetyAddition {
                ensure!(
                    item.citations.statements.is_subset(&a.citations.statements),
                    "{} on {} does not cite the item's ids",
                    a.rule,
                    item.rule
                );
            }
        }
    }
    for a in &plan.avoidances {
        ensure!(ok(&a.citations), "avoidance {}", a.rule);
    }
    for a in &plan.alerts {
        ensure!(ok(&a.citations), "alert {}", a.rule);
    }
    for m in &plan.monitoring {
        ensure!(ok(&m.citations), "monitoring {}", m.rule);
    }
    for n in &plan.notes {
        ensure!(ok(&n.citations), "note {}", n.rule);
    }
    Ok(())
}

/// INV-11 between two stages of one patient: the later plan keeps every item (statement id and
/// drug or measure), alert (statement id and drug) and avoidance of the earlier one.
pub fn inv11_stages(earlier: &Plan, later: &Plan) -> Check {
    for item in earlier.items() {
        ensure!(
            later
                .items()
                .any(|i| i.rule == item.rule && i.action == item.action),
            "{} {:?} dropped at {}",
            item.rule,
            item.action,
            later.stage
        );
    }
    for alert in &earlier.alerts {
        for d in &alert.drugs {
            ensure!(
                later
                    .alerts
                    .iter()
                    .any(|a| a.rule == alert.rule && a.drugs.iter().any(|e| e.drug == d.drug)),
                "alert {} about {} dropped at {}",
                alert.rule,
                d.drug,
                later.stage
            );
        }
    }
    for a in &earlier.avoidances {
        ensure!(
            later
                .avoidances
                .iter()
                .any(|b| b.target == a.target && b.kind == a.kind),
            "avoidance of {} dropped at {}",
            a.target,
            later.stage
        );
    }
    Ok(())
}

/// INV-11 between two iron values of one patient: if the higher one offers iron, the lower one
/// does too.
pub fn inv11_iron(higher: &Plan, lower: &Plan) -> Check {
    ensure!(
        !offered_iron(higher) || offered_iron(lower),
        "a lower iron value turned iron off"
    );
    Ok(())
}

/// INV-12: the patient and the plan read back equal from JSON.
pub fn inv12(p: &Patient, plan: &Plan) -> Check {
    let text = serde_json::to_string(p).map_err(|e| e.to_string())?;
    ensure!(
        Patient::from_json(&text).as_ref() == Ok(p),
        "patient round trip: {text}"
    );
    let text = serde_json::to_string(plan).map_err(|e| e.to_string())?;
    ensure!(
        serde_json::from_str::<Plan>(&text).ok().as_ref() == Some(plan),
        "plan round trip"
    );
    Ok(())
}

/// Every invariant that one patient and its plan can show (INV-1..10, INV-12).
pub fn all_for_one(p: &Patient, plan: &Plan) -> Check {
    inv1(p, plan)?;
    inv2(plan)?;
    inv3(plan)?;
    inv4(p, plan)?;
    inv5(p, plan)?;
    inv6(p, plan)?;
    inv7(p, plan)?;
    inv8(p, plan)?;
    inv9(p, plan)?;
    inv10(plan)?;
    inv12(p, plan)
}

// ---- The medication check (Part 8.1) --------------------------------------------------------

/// An alert as INV-13 and INV-14 compare it: statement id, severity, drugs with their roles.
pub type AlertKey = (StatementId, Severity, Vec<InvolvedDrug>);

pub fn alert_key(a: &Alert) -> AlertKey {
    (a.rule, a.severity, a.drugs.to_vec())
}

fn current_part(a: &Alert) -> Vec<InvolvedDrug> {
    a.drugs
        .iter()
        .copied()
        .filter(|d| d.role == DrugRole::Current)
        .collect()
}

/// INV-13: for a patient with no order being drafted, checking its record gives exactly the
/// alerts of its plan whose drugs are all current (same statement id, drugs, roles and
/// severity). A plan alert that names current drugs together with offered or withheld ones
/// (SA-3 and SA-4 name "offered or current" drugs together) has no all-current form in the
/// plan: the check may raise it from its current drugs alone, and then only as the current
/// part of such a plan alert. At stage 1 no drug is offered (INV-8), so there the check and
/// the plan agree on every alert. Monitoring agrees the same way.
pub fn inv13(p: &Patient, plan: &Plan, check: &leg_spasm_cds::check::Check) -> Check {
    let in_check: Vec<AlertKey> = check.alerts.iter().map(alert_key).collect();
    for a in &plan.alerts {
        if a.drugs.iter().all(|d| d.role == DrugRole::Current) {
            ensure!(
                in_check.contains(&alert_key(a)),
                "INV-13: the plan's all-current alert {} {:?} is not in the check",
                a.rule,
                a.drugs
            );
        }
    }
    for c in &check.alerts {
        ensure!(
            c.drugs.iter().all(|d| d.role == DrugRole::Current),
            "INV-13: nothing drafted, yet the check's {} names a drug not current: {:?}",
            c.rule,
            c.drugs
        );
        ensure!(
            plan.alerts.iter().any(|a| a.rule == c.rule
                && a.severity == c.severity
                && current_part(a) == c.drugs),
            "INV-13: the check's {} {:?} is neither an all-current plan alert nor the current part of one",
            c.rule,
            c.drugs
        );
    }
    let mut dedup = in_check.clone();
    dedup.dedup();
    ensure!(
        dedup.len() == in_check.len(),
        "INV-13: the check repeats an alert"
    );
    if p.stage() == Stage::NothingTried {
        let in_plan: Vec<AlertKey> = plan.alerts.iter().map(alert_key).collect();
        ensure!(
            in_plan == in_check,
            "INV-13 at stage 1: plan alerts {in_plan:?} differ from the check's {in_check:?}"
        );
    }
    let monitoring = |m: &[Monitoring]| -> Vec<(StatementId, Vec<InvolvedDrug>)> {
        m.iter()
            .filter(|m| m.drugs.iter().all(|d| d.role == DrugRole::Current))
            .map(|m| (m.rule, m.drugs.to_vec()))
            .collect()
    };
    ensure!(
        monitoring(&plan.monitoring) == monitoring(&check.monitoring)
            && check.monitoring.len() == monitoring(&check.monitoring).len(),
        "INV-13: monitoring differs: plan {:?}, check {:?}",
        plan.monitoring,
        check.monitoring
    );
    ensure!(
        check.not_checked.is_empty(),
        "INV-13: a record with the whole presentation left rules not checked: {:?}",
        check.not_checked
    );
    Ok(())
}

/// INV-14, first half: drafting one more drug never removes an alert. An alert is kept when the
/// later check has one of the same statement id, at least as severe, naming at least the same
/// drugs in the same roles (a drafted opioid joins SA-3's alert; a drafted MAO inhibitor turns
/// SA-8's warning into its critical alert).
pub fn inv14_only_adds(
    before: &leg_spasm_cds::check::Check,
    after: &leg_spasm_cds::check::Check,
) -> Check {
    for a in &before.alerts {
        ensure!(
            after.alerts.iter().any(|b| b.rule == a.rule
                && b.severity >= a.severity
                && a.drugs.iter().all(|d| b.drugs.contains(d))),
            "INV-14: drafting removed {} {:?}",
            a.rule,
            a.drugs
        );
    }
    Ok(())
}

/// INV-14, second half: a drafted drug raises at least the alerts the same drug raises when it
/// is current with 0 days of use; the drug is named "ordered" instead of "current".
pub fn inv14_as_current(
    drafted: &leg_spasm_cds::check::Check,
    as_current: &leg_spasm_cds::check::Check,
    drug: Drug,
) -> Check {
    let have: Vec<AlertKey> = drafted.alerts.iter().map(alert_key).collect();
    let as_ordered = ordered(drug);
    for a in &as_current.alerts {
        let (rule, severity, drugs) = alert_key(a);
        let drugs: Vec<InvolvedDrug> = drugs
            .into_iter()
            .map(|d| {
                if d.drug == drug && d.role == DrugRole::Current {
                    as_ordered
                } else {
                    d
                }
            })
            .collect();
        let key = (rule, severity, drugs);
        ensure!(
            have.contains(&key),
            "INV-14: {} raised for {} current with 0 days is missing when it is drafted: {key:?}",
            a.rule,
            drug
        );
    }
    Ok(())
}

fn ordered(drug: Drug) -> InvolvedDrug {
    // `InvolvedDrug` is non-exhaustive: read one from its serde form.
    serde_json::from_value(serde_json::json!({"drug": drug, "role": "ordered"})).unwrap()
}

//! The text plan of each sample patient of `examples/patients/` against its expected text in
//! `tests/golden/NAME.txt`, and the order a clinician reads it in: whom the plan is for, then
//! the critical and warning alerts, before the steps.
//!
//! After a deliberate change to the text, regenerate the files and review the diff:
//!
//! ```text
//! UPDATE_GOLDEN=1 cargo test --test integration golden
//! git diff tests/golden/
//! ```

use crate::common;

use std::path::Path;

use leg_spasm_cds::*;

fn plans() -> Vec<(String, Patient, Plan)> {
    common::samples::sample_files()
        .into_iter()
        .map(|(name, json)| {
            let patient = Patient::from_json(&json).unwrap_or_else(|e| panic!("{name}: {e}"));
            let plan = recommend(&patient);
            (name, patient, plan)
        })
        .collect()
}

#[test]
fn the_text_plan_of_every_sample_matches_its_golden_file() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut stale = Vec::new();
    let samples = plans();
    assert!(samples.len() >= 6);
    for (name, _, plan) in &samples {
        let path = dir.join(format!("{name}.txt"));
        let actual = plan.to_string();
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &actual).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e}; regenerate with UPDATE_GOLDEN=1", path.display()));
        if actual != expected {
            stale.push(name.clone());
        }
    }
    assert!(
        stale.is_empty(),
        "the text plans of {stale:?} differ from tests/golden/: review, then regenerate with \
         `UPDATE_GOLDEN=1 cargo test --test integration golden`"
    );
}

/// The line where the first step starts.
fn first_step_line(lines: &[&str]) -> usize {
    lines
        .iter()
        .position(|l| l.starts_with("Step 1: "))
        .expect("a step 1 heading")
}

/// Every critical and warning alert of every sample is printed above step 1; the stroke
/// sample's critical diazepam alert (AV-1) is the first entry after the classification.
#[test]
fn critical_and_warning_alerts_come_before_the_steps() {
    let mut urgent = 0;
    for (name, _, plan) in plans() {
        let text = plan.to_string();
        let lines: Vec<&str> = text.lines().collect();
        let step1 = first_step_line(&lines);
        for alert in plan.alerts.iter().filter(|a| a.severity > Severity::Info) {
            let shown = alert.to_string();
            let at = lines
                .iter()
                .position(|l| l.trim() == shown)
                .unwrap_or_else(|| panic!("{name}: alert {} not printed", alert.rule));
            assert!(
                at < step1,
                "{name}: {} at line {at}, step 1 at {step1}",
                alert.rule
            );
            urgent += 1;
        }
    }
    assert!(urgent >= 4, "the samples raise critical and warning alerts");

    let stroke = plans()
        .into_iter()
        .find(|(n, _, _)| n == "stroke-spasticity-s2-diazepam")
        .unwrap()
        .2
        .to_string();
    let lines: Vec<&str> = stroke.lines().collect();
    let critical = lines.iter().position(|l| l.trim() == "CRITICAL").unwrap();
    assert!(lines[critical + 1].contains("AV-1 about diazepam (current)"));
    assert!(
        critical < 8,
        "the critical alert is near the top: line {critical}"
    );
}

/// The plan restates whom it is for: presentation, stage, severity, age, medicines with days,
/// labs; on the second line.
#[test]
fn the_plan_restates_the_patient() {
    for (name, patient, plan) in plans() {
        let text = plan.to_string();
        let second = text.lines().nth(1).unwrap();
        assert_eq!(second, format!("Patient: {patient}"), "{name}");
        for m in patient.medications() {
            assert!(
                second.contains(&format!("{} ({})", m.drug.label(), m.days)),
                "{name}"
            );
        }
        assert!(second.contains(&format!("age {}", patient.age())), "{name}");
    }
}

/// Step 2 mentions the iron work-up only for restless legs (FE-1, FE-2: RLS only; DEC-5).
#[test]
fn step_headings_say_only_what_the_step_holds_for_the_presentation() {
    for patient in common::every_presentation() {
        let plan = recommend(&patient);
        let text = plan.to_string();
        let rls = patient.presentation().kind() == PresentationKind::RestlessLegs;
        assert_eq!(
            text.contains("iron work-up"),
            rls,
            "{}",
            patient.presentation()
        );
        assert!(text.contains("\nStep 2: if step 1 is insufficient"));
    }
}

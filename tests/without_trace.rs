//! A plan's JSON with and without its trace, and the trace built when first read.
//!
//! - The JSON of each sample's plan, trace included, is byte for byte its expected text in
//!   `tests/golden_json/NAME.json` (written before the trace was built lazily).
//! - [`Plan::without_trace`] and [`Check::without_trace`] write every key but `trace`, each
//!   byte for byte as the full JSON writes it, in the same order.
//! - [`PlanWithoutTrace::without_wording`] writes that again without each entry's words for
//!   people, and is at most a third of the full JSON on every sample (issue 16's target).
//! - `recommend` leaves the trace unbuilt; reading it builds the same trace whatever reads it
//!   first (an entry, a clone, serde, a comparison).
//!
//! After a deliberate change to the plans, regenerate the files and review the diff:
//!
//! ```text
//! UPDATE_GOLDEN=1 cargo test --test integration without_trace
//! git diff tests/golden_json/
//! ```

use crate::common;
use common::{Build, S2, S3};

use std::path::Path;

use leg_spasm_cds::*;

fn plans() -> Vec<(String, Plan)> {
    common::samples::sample_files()
        .into_iter()
        .map(|(name, json)| {
            let patient = Patient::from_json(&json).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, recommend(&patient))
        })
        .collect()
}

/// The full JSON as the JSON without the trace with the trace's key and value put back before
/// `provenance`, where [`Plan`] writes it.
fn with_trace_put_back(without: &str, trace: &Trace) -> String {
    let trace = serde_json::to_string(trace).unwrap();
    let at = without
        .find(",\"provenance\":")
        .expect("the provenance follows the trace");
    format!("{},\"trace\":{trace}{}", &without[..at], &without[at..])
}

#[test]
fn the_json_of_every_sample_matches_its_golden_file() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden_json");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut stale = Vec::new();
    let samples = plans();
    assert!(samples.len() >= 6);
    for (name, plan) in &samples {
        let path = dir.join(format!("{name}.json"));
        let actual = serde_json::to_string(plan).unwrap();
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
        "the JSON plans of {stale:?} differ from tests/golden_json/"
    );
}

/// The samples' plans and the plan of every presentation at stages 2 and 3.
fn samples_and_every_presentation() -> Vec<Plan> {
    let mut plans: Vec<Plan> = plans().into_iter().map(|(_, plan)| plan).collect();
    plans.extend(
        common::every_presentation()
            .into_iter()
            .flat_map(|p| [p.clone().at(S2), p.at(S3)])
            .map(|p| recommend(&p)),
    );
    plans
}

#[test]
fn a_plan_without_its_trace_is_the_full_json_minus_the_trace() {
    let plans = samples_and_every_presentation();
    for plan in &plans {
        let without = serde_json::to_string(&plan.without_trace()).unwrap();
        assert!(
            !plan.trace.is_built(),
            "writing without the trace builds it"
        );
        assert!(!without.contains("\"trace\""));
        let full = serde_json::to_string(plan).unwrap();
        assert_eq!(full, with_trace_put_back(&without, &plan.trace));
        // The trace is most of a plan's JSON: without it, at most half is left (a quarter to
        // under a half on the samples; BENCHMARKS.md lists the sizes).
        assert!(
            2 * without.len() <= full.len(),
            "{} of {}",
            without.len(),
            full.len()
        );
        // As a value too: the full value without its trace key.
        let mut value = serde_json::to_value(plan).unwrap();
        value.as_object_mut().unwrap().remove("trace");
        assert_eq!(serde_json::to_value(plan.without_trace()).unwrap(), value);
        assert!(std::ptr::eq(plan.without_trace().plan(), plan));
    }
}

/// The keys of an entry's words, by the list holding the entry.
const WORDS: [(&str, &str); 5] = [
    ("avoidances", "reason"),
    ("alerts", "message"),
    ("monitoring", "text"),
    ("notes", "text"),
    ("attachments", "text"),
];

/// The full value of a plan with its trace and every entry's words taken out, by hand.
fn codes_by_hand(plan: &Plan) -> serde_json::Value {
    let mut value = serde_json::to_value(plan).unwrap();
    let object = value.as_object_mut().unwrap();
    object.remove("trace");
    let remove = |list: &mut serde_json::Value, key: &str| {
        for entry in list.as_array_mut().unwrap() {
            assert!(entry.as_object_mut().unwrap().remove(key).is_some());
        }
    };
    for step in object["steps"].as_array_mut().unwrap() {
        for item in step["items"].as_array_mut().unwrap() {
            assert!(item.as_object_mut().unwrap().remove("detail").is_some());
            if let Some(attachments) = item.get_mut("attachments") {
                remove(attachments, "text");
            }
        }
    }
    for (list, key) in &WORDS[..4] {
        remove(&mut object[*list], key);
    }
    value
}

#[test]
fn a_plan_without_its_wording_is_the_json_without_the_trace_minus_each_entrys_words() {
    let plans = samples_and_every_presentation();
    let mut attachments = 0;
    for plan in &plans {
        let codes = serde_json::to_string(&plan.without_trace().without_wording()).unwrap();
        assert!(!plan.trace.is_built(), "writing the codes builds the trace");
        for (_, key) in WORDS {
            assert!(!codes.contains(&format!("\"{key}\":")), "{key} in {codes}");
        }
        assert!(!codes.contains("\"detail\":") && !codes.contains("\"trace\":"));
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&codes).unwrap(),
            codes_by_hand(plan)
        );
        let without = serde_json::to_string(&plan.without_trace()).unwrap();
        assert!(codes.len() < without.len());
        assert!(std::ptr::eq(
            plan.without_trace().without_wording().plan(),
            plan
        ));
        attachments += plan.items().filter(|i| !i.attachments.is_empty()).count();
    }
    assert!(attachments > 0, "no attachment was written");
}

#[test]
fn a_plan_without_trace_and_wording_is_at_most_a_third_of_the_full_json_of_each_sample() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden_json");
    for (name, plan) in plans() {
        // Today's bytes: the full JSON as the golden file pins it.
        let full = std::fs::read_to_string(dir.join(format!("{name}.json"))).unwrap();
        let codes = serde_json::to_string(&plan.without_trace().without_wording()).unwrap();
        let without = serde_json::to_string(&plan.without_trace()).unwrap();
        println!(
            "{name}: {} bytes, {} without the trace, {} as codes",
            full.len(),
            without.len(),
            codes.len()
        );
        assert!(
            3 * codes.len() <= full.len(),
            "{name}: {} of {} bytes",
            codes.len(),
            full.len()
        );
    }
}

/// The plan of a record with one medicine not identified (its statement ends the JSON).
fn plan_with_a_medicine_not_identified() -> Plan {
    let mut record = Record::new(None);
    record.unidentified.push(record::UnidentifiedMedicine {
        resource: "MedicationStatement/1".into(),
        text: Some("herbal tea".into()),
        codings: Vec::new(),
        drafted: false,
    });
    let assessment = Assessment {
        presentation: Some(Presentation::RestlessLegs),
        stage: Some(Stage::NothingTried),
        severity: Some(SymptomSeverity::Mild),
    };
    record.recommend(&assessment).unwrap()
}

#[test]
fn a_plan_made_from_a_record_keeps_its_statement_without_trace_and_wording() {
    let plan = plan_with_a_medicine_not_identified();
    let codes = serde_json::to_string(&plan.without_trace().without_wording()).unwrap();
    assert!(codes.ends_with(
        ",\"unidentified_medicines\":\"1 medicine could not be identified and was not checked\"}"
    ));
}

#[test]
fn a_plan_made_from_a_record_keeps_its_statement_without_the_trace() {
    let plan = plan_with_a_medicine_not_identified();
    let without = serde_json::to_string(&plan.without_trace()).unwrap();
    assert!(without.ends_with(
        ",\"unidentified_medicines\":\"1 medicine could not be identified and was not checked\"}"
    ));
    assert_eq!(
        serde_json::to_string(&plan).unwrap(),
        with_trace_put_back(&without, &plan.trace)
    );
}

#[test]
fn a_check_without_its_trace_is_the_full_json_minus_the_trace() {
    for p in common::every_presentation() {
        let p = p.taking(Drug::Oxycodone, 30).taking(Drug::Diazepam, 400);
        let check = check::check(&Record::from_patient(&p));
        let without = serde_json::to_string(&check.without_trace()).unwrap();
        assert!(!without.contains("\"trace\""));
        let full = serde_json::to_string(&check).unwrap();
        assert_eq!(full, with_trace_put_back(&without, &check.trace));
        let mut value = serde_json::to_value(&check).unwrap();
        value.as_object_mut().unwrap().remove("trace");
        assert_eq!(serde_json::to_value(check.without_trace()).unwrap(), value);
        assert!(std::ptr::eq(check.without_trace().check(), &check));
    }
}

#[test]
fn the_trace_is_built_when_first_read_and_is_the_same_whatever_reads_it() {
    for p in common::every_presentation() {
        let plan = recommend(&p);
        assert!(!plan.trace.is_built(), "recommend builds no trace");
        // A clone before the trace is read builds the same trace as the original.
        let copy = plan.clone();
        let entries: Vec<(StatementId, Reason, Vec<Input>, Vec<DrugDecision>)> = plan
            .trace
            .iter()
            .map(|e| (e.rule, e.reason, e.inputs.to_vec(), e.drugs.to_vec()))
            .collect();
        assert!(plan.trace.is_built());
        assert!(!copy.trace.is_built());
        assert_eq!(copy.trace.len(), entries.len());
        let copied: Vec<_> = copy
            .trace
            .iter()
            .map(|e| (e.rule, e.reason, e.inputs.to_vec(), e.drugs.to_vec()))
            .collect();
        assert_eq!(copied, entries);
        // Read back from its JSON, the trace is the same.
        let json = serde_json::to_string(&recommend(&p)).unwrap();
        let back: Plan = serde_json::from_str(&json).unwrap();
        assert!(back.trace.is_built());
        assert_eq!(back, plan);
        assert_eq!(format!("{:?}", recommend(&p)), format!("{plan:?}"));
    }
}

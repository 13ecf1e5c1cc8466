//! The medication check from FHIR: a Bundle of about 50 resources read into a record and
//! checked, beside serde_json's own parse of the same Bundle into a `serde_json::Value`.
//!
//! - `check/fhir_read_and_check`: `fhir::read_str` then `check`.
//! - `check/serde_json_value`: `serde_json::from_str::<Value>` on the same text.
//!
//! ```text
//! cargo bench --bench check --features fhir
//! ```

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use leg_spasm_cds::check;
use leg_spasm_cds::fhir::{self, CivilDate, ReadOptions};
use serde_json::Value;

/// The RLS fixture (18 resources) with its medicines and observations repeated under new ids
/// until the Bundle holds about 50 resources.
fn bundle() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/fhir/bundle-rls.json"
    );
    let text = std::fs::read_to_string(path).expect("the fixture is readable");
    let mut bundle: Value = serde_json::from_str(&text).expect("the fixture is JSON");
    let entries = bundle["entry"].as_array().expect("a Bundle").clone();
    let repeatable: Vec<&Value> = entries
        .iter()
        .filter(|e| {
            let t = e["resource"]["resourceType"].as_str().unwrap_or("");
            matches!(
                t,
                "MedicationRequest" | "MedicationStatement" | "Observation" | "Condition"
            )
        })
        .collect();
    let mut all = entries.clone();
    let mut copy = 0;
    while all.len() < 50 {
        let mut e = repeatable[copy % repeatable.len()].clone();
        let id = format!("copy-{copy}");
        e["resource"]["id"] = Value::String(id.clone());
        if let Some(url) = e.get("fullUrl").and_then(Value::as_str) {
            e["fullUrl"] = Value::String(format!("{url}-{id}"));
        }
        all.push(e);
        copy += 1;
    }
    bundle["entry"] = Value::Array(all);
    serde_json::to_string(&bundle).expect("a Value serialises")
}

fn check_from_fhir(c: &mut Criterion) {
    let text = bundle();
    let options = ReadOptions::new(CivilDate::new(2025, 7, 1).expect("a valid date"));
    let reading = fhir::read_str(&text, &options).expect("the Bundle reads");
    assert!(!check(&reading.record).alerts.is_empty());
    let mut group = c.benchmark_group("check");
    group.bench_function("fhir_read_and_check", |b| {
        b.iter(|| {
            let reading = fhir::read_str(black_box(&text), &options).expect("the Bundle reads");
            check(&reading.record)
        })
    });
    group.bench_function("serde_json_value", |b| {
        b.iter(|| serde_json::from_str::<Value>(black_box(&text)).expect("JSON"))
    });
    group.finish();
}

criterion_group!(benches, check_from_fhir);
criterion_main!(benches);

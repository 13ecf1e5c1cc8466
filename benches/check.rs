//! The medication check from FHIR: a Bundle of about 50 resources read into a record and
//! checked, beside serde_json's own parse of the same Bundle into a `serde_json::Value`.
//!
//! - `check/fhir_read_and_check`: `fhir::read_str` then `check`, the whole path.
//! - `check/serde_json_value`: `serde_json::from_str::<Value>` on the same text (the
//!   reference: the goal is at most 3 times this).
//!
//! The whole path in its stages (`check_stages/...`):
//!
//! - `parse`: the text into a `serde_json::Value`, the reader's first step (`read_str` is
//!   `serde_json::from_str` then `read`).
//! - `read`: `fhir::read` of the parsed Bundle: the reader's serde types of each resource,
//!   the subject checks, drug identification and the reading report.
//! - `check`: `check` of the record read.
//!
//! ```text
//! cargo bench -p leg-spasm-cds-benches --bench check
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

    let value: Value = serde_json::from_str(&text).expect("JSON");
    let mut stages = c.benchmark_group("check_stages");
    stages.bench_function("parse", |b| {
        b.iter(|| serde_json::from_str::<Value>(black_box(&text)).expect("JSON"))
    });
    stages.bench_function("read", |b| {
        b.iter(|| fhir::read(black_box(&value), &options).expect("the Bundle reads"))
    });
    stages.bench_function("check", |b| b.iter(|| check(black_box(&reading.record))));
    stages.finish();
}

criterion_group!(benches, check_from_fhir);
criterion_main!(benches);

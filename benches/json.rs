//! The JSON path on each sample patient, beside serde_json's own cost for the same documents,
//! so that the share of the crate's logic shows:
//!
//! - `json/full/<sample>`: the patient's JSON text, [`Patient::from_json`], [`recommend`], and
//!   the plan written with `serde_json::to_string`.
//! - `json/serde_only/<sample>`: serde_json alone on the same documents: the patient's text
//!   parsed into a `serde_json::Value`, and the plan's JSON (a `Value` built once, before
//!   measuring) written to a string.
//!
//! ```text
//! cargo bench -p leg-spasm-cds-benches --bench json
//! ```

mod common;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use leg_spasm_cds::{Patient, recommend};
use serde_json::Value;

fn json_path(c: &mut Criterion) {
    let samples = common::samples();
    let mut group = c.benchmark_group("json");
    for sample in &samples {
        let text = sample.json.as_str();
        let plan = recommend(&sample.patient);
        let plan_json = serde_json::to_string(&plan).expect("a plan serialises");
        let plan_value = serde_json::to_value(&plan).expect("a plan serialises");
        // The same document either way (a `Value` may order the keys of an object otherwise).
        assert_eq!(
            serde_json::to_string(&plan_value)
                .expect("a value serialises")
                .len(),
            plan_json.len(),
            "{}",
            sample.name
        );

        group.bench_with_input(BenchmarkId::new("full", &sample.name), text, |b, text| {
            b.iter(|| {
                let patient = Patient::from_json(black_box(text)).expect("a valid sample");
                let plan = recommend(&patient);
                serde_json::to_string(&plan).expect("a plan serialises")
            })
        });
        group.bench_with_input(
            BenchmarkId::new("serde_only", &sample.name),
            &(text, &plan_value),
            |b, &(text, plan_value)| {
                b.iter(|| {
                    let patient: Value =
                        serde_json::from_str(black_box(text)).expect("a valid sample");
                    let plan =
                        serde_json::to_string(black_box(plan_value)).expect("a value serialises");
                    (patient, plan)
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, json_path);
criterion_main!(benches);

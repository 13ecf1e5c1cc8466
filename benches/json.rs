//! The JSON path on each sample patient, beside serde_json's own cost for the same documents,
//! so that the share of the crate's logic shows:
//!
//! - `json/full/<sample>`: the patient's JSON text, [`Patient::from_json`], [`recommend`], and
//!   the plan written with `serde_json::to_string` (its trace built and written).
//! - `json/serde_only/<sample>`: serde_json alone on the same documents: the patient's text
//!   parsed into a `serde_json::Value`, and the plan's JSON (a `Value` built once, before
//!   measuring) written to a string.
//! - `json/full_without_trace/<sample>` and `json/serde_only_without_trace/<sample>`: the same
//!   with the plan written without its trace ([`Plan::without_trace`]).
//! - `json_write/<kind>/<sample>`: the writing alone, of a plan made before the measurement:
//!   `with_trace` (which builds the trace), `without_trace`, `codes` (without the trace and
//!   the entries' words, [`leg_spasm_cds::PlanWithoutTrace::without_wording`]), and serde_json writing the
//!   same documents from a `Value` (`serde_with_trace`, `serde_without_trace`, `serde_codes`).
//!
//! Before measuring, it prints each sample's JSON sizes in bytes: full, without the trace, and
//! as codes.
//!
//! ```text
//! cargo bench -p leg-spasm-cds-benches --bench json
//! ```

mod common;

use std::hint::black_box;

use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use leg_spasm_cds::{Patient, Plan, recommend};
use serde_json::Value;

fn json_path(c: &mut Criterion) {
    let samples = common::samples();
    let mut group = c.benchmark_group("json");
    for sample in &samples {
        let text = sample.json.as_str();
        let plan = recommend(&sample.patient);
        let plan_json = serde_json::to_string(&plan).expect("a plan serialises");
        let plan_value = serde_json::to_value(&plan).expect("a plan serialises");
        let short_json = serde_json::to_string(&plan.without_trace()).expect("a plan serialises");
        let short_value = serde_json::to_value(plan.without_trace()).expect("a plan serialises");
        // The same documents either way (a `Value` may order the keys of an object otherwise).
        for (value, json) in [(&plan_value, &plan_json), (&short_value, &short_json)] {
            assert_eq!(
                serde_json::to_string(value)
                    .expect("a value serialises")
                    .len(),
                json.len(),
                "{}",
                sample.name
            );
        }

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
        group.bench_with_input(
            BenchmarkId::new("full_without_trace", &sample.name),
            text,
            |b, text| {
                b.iter(|| {
                    let patient = Patient::from_json(black_box(text)).expect("a valid sample");
                    let plan = recommend(&patient);
                    serde_json::to_string(&plan.without_trace()).expect("a plan serialises")
                })
            },
        );
        group.bench_with_input(
            BenchmarkId::new("serde_only_without_trace", &sample.name),
            &(text, &short_value),
            |b, &(text, short_value)| {
                b.iter(|| {
                    let patient: Value =
                        serde_json::from_str(black_box(text)).expect("a valid sample");
                    let plan =
                        serde_json::to_string(black_box(short_value)).expect("a value serialises");
                    (patient, plan)
                })
            },
        );
    }
    group.finish();
}

fn json_write(c: &mut Criterion) {
    let samples = common::samples();
    let mut group = c.benchmark_group("json_write");
    for sample in &samples {
        let plan = recommend(&sample.patient);
        let full_value = serde_json::to_value(&plan).expect("a plan serialises");
        let short_value = serde_json::to_value(plan.without_trace()).expect("a plan serialises");
        let codes_value = serde_json::to_value(plan.without_trace().without_wording())
            .expect("a plan serialises");
        let size = |v: &Value| serde_json::to_string(v).expect("a value serialises").len();
        println!(
            "{}: {} bytes, {} without the trace, {} as codes",
            sample.name,
            size(&full_value),
            size(&short_value),
            size(&codes_value)
        );
        let fresh = || recommend(&sample.patient);
        group.bench_function(BenchmarkId::new("with_trace", &sample.name), |b| {
            b.iter_batched(
                fresh,
                |plan: Plan| {
                    let json = serde_json::to_string(&plan).expect("a plan serialises");
                    (plan, json)
                },
                BatchSize::SmallInput,
            )
        });
        group.bench_function(BenchmarkId::new("without_trace", &sample.name), |b| {
            b.iter_batched(
                fresh,
                |plan: Plan| {
                    let json =
                        serde_json::to_string(&plan.without_trace()).expect("a plan serialises");
                    (plan, json)
                },
                BatchSize::SmallInput,
            )
        });
        group.bench_function(BenchmarkId::new("codes", &sample.name), |b| {
            b.iter_batched(
                fresh,
                |plan: Plan| {
                    let json = serde_json::to_string(&plan.without_trace().without_wording())
                        .expect("a plan serialises");
                    (plan, json)
                },
                BatchSize::SmallInput,
            )
        });
        group.bench_function(BenchmarkId::new("serde_with_trace", &sample.name), |b| {
            b.iter(|| serde_json::to_string(black_box(&full_value)).expect("a value serialises"))
        });
        group.bench_function(BenchmarkId::new("serde_without_trace", &sample.name), |b| {
            b.iter(|| serde_json::to_string(black_box(&short_value)).expect("a value serialises"))
        });
        group.bench_function(BenchmarkId::new("serde_codes", &sample.name), |b| {
            b.iter(|| serde_json::to_string(black_box(&codes_value)).expect("a value serialises"))
        });
    }
    group.finish();
}

criterion_group!(benches, json_path, json_write);
criterion_main!(benches);

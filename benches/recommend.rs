//! `recommend` on each sample patient of `examples/patients/`, one benchmark per file:
//!
//! - `recommend/<sample>`: `recommend` alone (the trace is not built).
//! - `recommend_and_trace/<sample>`: `recommend`, then every entry of the trace read (which
//!   builds it).
//! - `read_trace/<sample>`: reading the whole trace of a plan just made, alone (each plan is
//!   made before the measurement of its read).
//!
//! ```text
//! cargo bench -p leg-spasm-cds-benches --bench recommend
//! ```

mod common;

use std::hint::black_box;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use leg_spasm_cds::{Plan, recommend};

/// Reads every entry of the trace: its verdict, each input and each drug decision.
fn read_trace(plan: &Plan) -> usize {
    let mut n = 0;
    for entry in &plan.trace {
        n += usize::from(entry.fired) + entry.inputs.len() + entry.drugs.len();
        black_box(entry);
    }
    n
}

fn recommend_samples(c: &mut Criterion) {
    let samples = common::samples();
    let mut group = c.benchmark_group("recommend");
    for sample in &samples {
        group.bench_function(&sample.name, |b| {
            b.iter(|| recommend(black_box(&sample.patient)))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("recommend_and_trace");
    for sample in &samples {
        group.bench_function(&sample.name, |b| {
            b.iter(|| {
                let plan = recommend(black_box(&sample.patient));
                read_trace(&plan);
                plan
            })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("read_trace");
    for sample in &samples {
        group.bench_function(&sample.name, |b| {
            b.iter_batched(
                || recommend(&sample.patient),
                |plan| {
                    read_trace(&plan);
                    plan
                },
                BatchSize::SmallInput,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, recommend_samples);
criterion_main!(benches);

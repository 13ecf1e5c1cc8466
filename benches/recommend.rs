//! `recommend` on each sample patient of `examples/patients/`, one benchmark per file:
//! `recommend/<sample>`.
//!
//! ```text
//! cargo bench -p leg-spasm-cds-benches --bench recommend
//! ```

mod common;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use leg_spasm_cds::recommend;

fn recommend_samples(c: &mut Criterion) {
    let samples = common::samples();
    let mut group = c.benchmark_group("recommend");
    for sample in &samples {
        group.bench_function(&sample.name, |b| {
            b.iter(|| recommend(black_box(&sample.patient)))
        });
    }
    group.finish();
}

criterion_group!(benches, recommend_samples);
criterion_main!(benches);

//! `recommend` over one million generated patients (`common::patients`, deterministic), on
//! one thread (`batch/single_thread`) and split in one chunk per available core with
//! `std::thread::scope` (`batch/parallel/<n>_threads`). Throughput is in patients per second.
//!
//! ```text
//! cargo bench -p leg-spasm-cds-benches --bench batch
//! ```

mod common;

use std::hint::black_box;
use std::num::NonZero;
use std::time::Duration;

use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use leg_spasm_cds::{Patient, recommend};

/// How many patients one iteration plans for.
const PATIENTS: usize = 1_000_000;

/// The generator's seed: any fixed value, so that every run plans for the same patients.
const SEED: u64 = 0x5EED_1E65_CD5A_0001;

/// Plans for every patient on the calling thread.
fn plan_all(patients: &[Patient]) {
    for patient in patients {
        black_box(recommend(black_box(patient)));
    }
}

/// Plans for every patient, one chunk per thread.
fn plan_all_parallel(patients: &[Patient], threads: usize) {
    let chunk = patients.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        for part in patients.chunks(chunk) {
            scope.spawn(move || plan_all(part));
        }
    });
}

fn batch(c: &mut Criterion) {
    let patients = common::patients(PATIENTS, SEED);
    let threads = std::thread::available_parallelism().map_or(1, NonZero::get);

    let mut group = c.benchmark_group("batch");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        // One iteration is a pass over the million patients, seconds at most: each sample may be
        // a single pass, in which case criterion warns that the ten samples do not fit in the
        // target time, and takes them all the same.
        .measurement_time(Duration::from_secs(10))
        .throughput(Throughput::Elements(PATIENTS as u64));
    group.bench_function("single_thread", |b| {
        b.iter(|| plan_all(black_box(&patients)))
    });
    group.bench_function(
        BenchmarkId::new("parallel", format!("{threads}_threads")),
        |b| b.iter(|| plan_all_parallel(black_box(&patients), threads)),
    );
    group.finish();
}

criterion_group!(benches, batch);
criterion_main!(benches);

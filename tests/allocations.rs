//! Heap allocations of one `recommend` call on each sample patient of `examples/patients/`,
//! of `recommend` then reading the whole trace, and of the whole JSON path
//! (`Patient::from_json`, `recommend`, `serde_json::to_string`) with and without the trace.
//!
//! A counting global allocator wraps the system one; it counts every allocation and
//! reallocation. This file is a test binary of its own, so the allocator changes nothing
//! elsewhere. One test does all the counting, so that no other test of this binary allocates
//! while it counts. The counts are printed as a table:
//!
//! ```text
//! cargo test --test allocations -- --nocapture
//! ```
#![cfg(feature = "json")]

mod common;
#[path = "../benches/counting.rs"]
mod counting;

use std::hint::black_box;
use std::sync::atomic::Ordering;

use counting::ALLOCATIONS;
use leg_spasm_cds::{Patient, Plan, recommend};

/// Regression guard: the heap allocations of one `recommend` call on each sample patient, at
/// most. The trace is not built by the call, so what remains is the plan's own: the item lists
/// of the steps, the attachments of an item, avoidances, alerts, monitoring and notes, each
/// allocated only when not empty. The patient restated in the plan and the one the trace keeps
/// allocate nothing (a short list of medicines is held inline), nor do the drug lists of
/// alerts and monitoring (held inline). It was 7, 3, 6, 5, 13 and 11 when each copy of the
/// patient and each drug list allocated, 6 to 19 when the call built the trace, 51 to 62
/// before the trace shared its buffers. Lower a count when the engine gets leaner.
const MAX_ALLOCATIONS_PER_RECOMMEND: [(&str, u64); 6] = [
    ("back-spasm-s2-cyclobenzaprine-30d", 2),
    ("idiopathic-cramp-s1", 3),
    ("rls-s2-esrd", 6),
    ("rls-s2-low-ferritin", 5),
    ("rls-s3-severe-ropinirole", 7),
    ("stroke-spasticity-s2-diazepam", 6),
];

/// Regression guard: the allocations of reading the whole trace after a `recommend` call, at
/// most, on any sample: the rules run again recording every read (the reads, the drug
/// decisions, each rule's reason, and the plan's entries they read), and the trace's three
/// buffers.
const MAX_ALLOCATIONS_PER_TRACE_READ: u64 = 18;

/// The allocations made while `f` runs; what `f` returns is dropped after counting.
fn count<T>(f: impl FnOnce() -> T) -> u64 {
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    let out = black_box(f());
    let after = ALLOCATIONS.load(Ordering::SeqCst);
    drop(out);
    after - before
}

/// The JSON path: the patient's text in, the plan's JSON out.
fn json_path(json: &str) -> String {
    let patient = Patient::from_json(json).expect("a valid sample");
    serde_json::to_string(&recommend(&patient)).expect("a plan serialises")
}

/// The JSON path with the plan written without its trace.
fn json_path_without_trace(json: &str) -> String {
    let patient = Patient::from_json(json).expect("a valid sample");
    serde_json::to_string(&recommend(&patient).without_trace()).expect("a plan serialises")
}

/// `recommend`, then every entry of the trace read.
fn recommend_and_trace(patient: &Patient) -> Plan {
    let plan = recommend(patient);
    black_box(plan.trace.iter().map(|e| e.inputs.len()).sum::<usize>());
    plan
}

/// One row: (sample, recommend, recommend and trace, JSON path, JSON path without trace).
type Row<'a> = (&'a str, u64, u64, u64, u64);

#[test]
fn allocations_per_call() {
    let samples = common::samples::sample_files();

    let mut rows: Vec<Row> = Vec::with_capacity(samples.len());
    for (name, json) in &samples {
        let patient = Patient::from_json(json).unwrap_or_else(|e| panic!("{name}: {e}"));
        // Warm up once (lazy initialisation, if any, is not the call's cost), then count.
        drop(black_box(recommend(black_box(&patient))));
        let recommend_allocations = count(|| recommend(black_box(&patient)));
        drop(black_box(recommend_and_trace(black_box(&patient))));
        let trace_allocations = count(|| recommend_and_trace(black_box(&patient)));
        drop(black_box(json_path(black_box(json))));
        let json_allocations = count(|| json_path(black_box(json)));
        drop(black_box(json_path_without_trace(black_box(json))));
        let short_allocations = count(|| json_path_without_trace(black_box(json)));
        rows.push((
            name.as_str(),
            recommend_allocations,
            trace_allocations,
            json_allocations,
            short_allocations,
        ));
    }

    let width = rows.iter().map(|(name, ..)| name.len()).max().unwrap_or(0);
    println!(
        "{:<width$}  {:>9}  {:>11}  {:>9}  {:>13}",
        "sample", "recommend", "+ trace", "json path", "json no trace"
    );
    for (name, alone, traced, json, short) in &rows {
        println!("{name:<width$}  {alone:>9}  {traced:>11}  {json:>9}  {short:>13}");
    }

    assert_eq!(
        rows.len(),
        MAX_ALLOCATIONS_PER_RECOMMEND.len(),
        "one guard per sample"
    );
    for (name, alone, traced, json, short) in &rows {
        let (_, max) = MAX_ALLOCATIONS_PER_RECOMMEND
            .iter()
            .find(|(sample, _)| sample == name)
            .unwrap_or_else(|| panic!("{name}: no guard in MAX_ALLOCATIONS_PER_RECOMMEND"));
        assert!(
            alone <= max,
            "{name}: recommend made {alone} allocations, above its guard of {max}"
        );
        assert!(
            traced - alone <= MAX_ALLOCATIONS_PER_TRACE_READ,
            "{name}: reading the trace made {} allocations, above the guard of \
             {MAX_ALLOCATIONS_PER_TRACE_READ}",
            traced - alone
        );
        // Writing without the trace does not build it.
        assert!(
            short < json,
            "{name}: {short} allocations without the trace, {json} with"
        );
    }
}

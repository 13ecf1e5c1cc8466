//! Heap allocations per call on each sample patient, counted by a counting global allocator
//! (this bench is a binary of its own, so the allocator changes no timing elsewhere):
//! `recommend` alone, `recommend` then reading the whole trace, and the JSON path (the
//! patient's text in, the plan's JSON out) with and without the trace. Prints a table;
//! `tests/allocations.rs` guards the same counts.
//!
//! ```text
//! cargo bench -p leg-spasm-cds-benches --bench allocations
//! ```

mod common;
mod counting;

use std::hint::black_box;
use std::sync::atomic::Ordering;

use counting::ALLOCATIONS;
use leg_spasm_cds::{Patient, recommend};

/// The allocations made by one call of `f`, after one call to warm up; what `f` returns is
/// dropped after counting.
fn count<T>(f: impl Fn() -> T) -> u64 {
    drop(black_box(f()));
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    let out = black_box(f());
    let after = ALLOCATIONS.load(Ordering::SeqCst);
    drop(out);
    after - before
}

fn main() {
    // `cargo bench` passes `--bench`; a filter, if any, selects samples by name.
    let filter = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let samples = common::samples();
    let width = samples.iter().map(|s| s.name.len()).max().unwrap_or(0);
    println!(
        "{:<width$}  {:>9}  {:>11}  {:>10}  {:>13}",
        "sample", "recommend", "+ trace", "json", "json no trace"
    );
    for sample in &samples {
        if filter
            .as_ref()
            .is_some_and(|f| !sample.name.contains(f.as_str()))
        {
            continue;
        }
        let patient = &sample.patient;
        let text = sample.json.as_str();
        let alone = count(|| recommend(black_box(patient)));
        let traced = count(|| {
            let plan = recommend(black_box(patient));
            black_box(plan.trace.iter().map(|e| e.inputs.len()).sum::<usize>());
            plan
        });
        let json = count(|| {
            let patient = Patient::from_json(black_box(text)).expect("a valid sample");
            serde_json::to_string(&recommend(&patient)).expect("a plan serialises")
        });
        let short = count(|| {
            let patient = Patient::from_json(black_box(text)).expect("a valid sample");
            serde_json::to_string(&recommend(&patient).without_trace()).expect("a plan serialises")
        });
        println!(
            "{:<width$}  {alone:>9}  {traced:>11}  {json:>10}  {short:>13}",
            sample.name
        );
    }
}

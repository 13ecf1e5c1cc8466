//! Heap allocations of one `recommend` call on each sample patient of `examples/patients/`,
//! and of the whole JSON path (`Patient::from_json`, `recommend`, `serde_json::to_string`).
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

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};

use leg_spasm_cds::{Patient, recommend};

/// Regression guard: the most heap allocations one `recommend` call may make, for any sample
/// patient. The engine makes 6 to 19 per call (19 on `rls-s3-severe-ropinirole`: steps, the
/// trace's three buffers, alerts with their drug lists, attachments, avoidances, notes); it
/// made 51 to 62 before the trace shared its buffers. The bound leaves a small margin; lower it
/// when the engine gets leaner.
const MAX_ALLOCATIONS_PER_RECOMMEND: u64 = 25;

/// The system allocator, counting allocations and reallocations.
struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

// SAFETY: every call is forwarded unchanged to the system allocator, which upholds the
// `GlobalAlloc` contract; counting touches only an atomic and never allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's guarantees for `layout` are passed on as they are.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: as for `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: `ptr` was allocated by this allocator, that is by the system one, with
        // `layout`, as the caller guarantees.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as for `realloc`.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

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

#[test]
fn allocations_per_call() {
    let samples = common::samples::sample_files();

    // (sample, allocations of recommend, allocations of the JSON path)
    let mut rows = Vec::with_capacity(samples.len());
    for (name, json) in &samples {
        let patient = Patient::from_json(json).unwrap_or_else(|e| panic!("{name}: {e}"));
        // Warm up once (lazy initialisation, if any, is not the call's cost), then count.
        drop(black_box(recommend(black_box(&patient))));
        let recommend_allocations = count(|| recommend(black_box(&patient)));
        drop(black_box(json_path(black_box(json))));
        let json_allocations = count(|| json_path(black_box(json)));
        rows.push((name.as_str(), recommend_allocations, json_allocations));
    }

    let width = rows.iter().map(|(name, ..)| name.len()).max().unwrap_or(0);
    println!(
        "{:<width$}  {:>9}  {:>9}",
        "sample", "recommend", "json path"
    );
    for (name, recommend_allocations, json_allocations) in &rows {
        println!("{name:<width$}  {recommend_allocations:>9}  {json_allocations:>9}");
    }

    for (name, recommend_allocations, _) in &rows {
        assert!(
            *recommend_allocations <= MAX_ALLOCATIONS_PER_RECOMMEND,
            "{name}: recommend made {recommend_allocations} allocations, above the guard of \
             {MAX_ALLOCATIONS_PER_RECOMMEND}"
        );
    }
}

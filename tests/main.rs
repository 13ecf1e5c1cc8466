//! The integration tests, one binary: each file of `tests/` is a module of it, so that the
//! shared helpers of `tests/common/` are compiled once and the suite links once.
//!
//! Two files stay binaries of their own: `allocations.rs` (its counting global allocator would
//! count every other test's allocations) and `exhaustive.rs` (minutes long; kept apart so that
//! it can be filtered out by binary, as `.cargo/mutants.toml` does).

mod common;

mod additions;
mod api;
mod boundaries;
#[cfg(feature = "cds-hooks")]
mod cds_hooks;
mod check;
mod codes;
mod decision_table;
mod decisions;
#[cfg(feature = "fhir")]
mod fhir;
mod golden;
mod input_errors;
mod invariants;
mod knowledge_1_2;
mod malformed;
mod mutation_kills;
mod roundtrip;
mod samples;
mod set;
mod statements;
mod trace;
mod without_trace;

/// Every file of `tests/` is a module of this binary or one of the two binaries of its own
/// (`Cargo.toml` sets `autotests = false`, so a file left out here would never run).
#[test]
fn every_test_file_is_compiled() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let main = std::fs::read_to_string(dir.join("main.rs")).unwrap();
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let stem = path.file_stem().unwrap().to_str().unwrap().to_owned();
        if ["main", "allocations", "exhaustive"].contains(&stem.as_str()) {
            continue;
        }
        if !main.lines().any(|l| l.trim() == format!("mod {stem};")) {
            missing.push(stem);
        }
    }
    assert!(
        missing.is_empty(),
        "tests/main.rs does not declare: {missing:?}"
    );
}

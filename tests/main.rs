//! The integration tests, one binary: each file of `tests/` is a module of it, so that the
//! shared helpers of `tests/common/` are compiled once and the suite links once.
//!
//! Two files stay binaries of their own: `allocations.rs` (its counting global allocator would
//! count every other test's allocations) and `exhaustive.rs` (minutes long; kept apart so that
//! it can be filtered out by binary, as `.cargo/mutants.toml` does).

mod common;

mod additions;
mod boundaries;
#[cfg(feature = "cds-hooks")]
mod cds_hooks;
mod codes;
mod decision_table;
mod decisions;
mod input_errors;
mod invariants;
mod malformed;
mod mutation_kills;
mod roundtrip;
mod samples;
mod set;
mod statements;
mod trace;

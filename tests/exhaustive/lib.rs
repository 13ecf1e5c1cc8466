//! Empty: this package holds one test, `tests/exhaustive.rs` (see its manifest).

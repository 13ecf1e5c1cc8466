//! Fuzzes `Patient::from_json` with arbitrary bytes.
//!
//! - Input that is not UTF-8 is ignored (`from_json` takes a `&str`).
//! - A rejected document must give an error whose message and field path are non-empty.
//! - An accepted patient must give a plan (`recommend` is total, INV-1); the plan and the
//!   patient must each read back equal after a JSON round trip (INV-12), the patient through
//!   `Patient::from_json` itself.
//!
//! Nothing may panic.

#![no_main]

use leg_spasm_cds::{Patient, Plan, recommend};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Patient::from_json(text) {
        Ok(patient) => {
            let plan = recommend(&patient);

            let plan_json = serde_json::to_string(&plan).expect("a plan serialises");
            let plan_back: Plan = serde_json::from_str(&plan_json)
                .unwrap_or_else(|e| panic!("plan does not read back: {e}\n{plan_json}"));
            assert_eq!(plan_back, plan, "plan round trip changed it: {plan_json}");

            let patient_json = serde_json::to_string(&patient).expect("a patient serialises");
            let patient_back = Patient::from_json(&patient_json)
                .unwrap_or_else(|e| panic!("patient does not read back: {e}\n{patient_json}"));
            assert_eq!(
                patient_back, patient,
                "patient round trip changed it: {patient_json}"
            );
        }
        Err(err) => {
            let message = err.to_string();
            assert!(!message.is_empty(), "empty message for {err:?}");
            assert!(
                !err.field().is_empty(),
                "empty field for {err:?}: {message}"
            );
        }
    }
});

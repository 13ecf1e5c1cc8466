//! Fuzzes the FHIR R4 reader and the medication check with arbitrary bytes.
//!
//! - Input that is not UTF-8 is ignored (`read_str` takes a `&str`).
//! - A refused input must give a typed error with a non-empty message; an error about a
//!   resource must name the resource and an element path into the input (`$...`).
//! - A record read must give a check (`check` is total), which displays (with and without its
//!   trace) and reads back equal after a JSON round trip; the reading report serialises.
//! - The same input read again as a CDS Hooks `draftOrders` Bundle on top of the reading
//!   follows the same rules, and ordering only adds alerts (INV-14: every alert rule raised
//!   before is raised after).
//!
//! Nothing may panic.

#![no_main]

use leg_spasm_cds::check::{Check, check};
use leg_spasm_cds::fhir::{self, CivilDate, FhirError, ReadOptions, Reading};
use libfuzzer_sys::fuzz_target;

fn error_names_what(err: &FhirError) {
    let message = err.to_string();
    assert!(!message.is_empty(), "empty message for {err:?}");
    match err {
        FhirError::Json { message } => assert!(!message.is_empty(), "{err:?}"),
        FhirError::NotAResource { path, value } => {
            assert!(path.starts_with('$'), "{err:?}");
            assert!(!value.is_empty(), "{err:?}");
        }
        FhirError::Malformed { resource, path, .. }
        | FhirError::InvalidValue { resource, path, .. }
        | FhirError::OtherPatient { resource, path, .. } => {
            assert!(!resource.is_empty(), "{err:?}");
            assert!(path.starts_with('$'), "{err:?}");
        }
        _ => {}
    }
}

fn checked(reading: &Reading) -> Check {
    let result = check(&reading.record);
    assert!(!format!("{result}").is_empty());
    assert!(!format!("{result:#}").is_empty());
    let json = serde_json::to_string(&result).expect("a check serialises");
    let back: Check = serde_json::from_str(&json)
        .unwrap_or_else(|e| panic!("check does not read back: {e}\n{json}"));
    assert_eq!(back, result, "check round trip changed it: {json}");
    serde_json::to_string(&reading.report).expect("a reading report serialises");
    result
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let options = ReadOptions::new(CivilDate::new(2025, 7, 1).expect("a valid date"));
    let mut reading = match fhir::read_str(text, &options) {
        Ok(reading) => reading,
        Err(err) => return error_names_what(&err),
    };
    let before = checked(&reading);
    // The same resources as draft orders: every MedicationRequest in them is drafted.
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
        panic!("read_str read a text serde_json does not parse");
    };
    match fhir::read_draft_orders(&value, &mut reading, &options) {
        Ok(()) => {
            let after = checked(&reading);
            for alert in &before.alerts {
                assert!(
                    after.alerts.iter().any(|a| a.rule == alert.rule),
                    "ordering removed {:?}",
                    alert.rule
                );
            }
        }
        Err(err) => error_names_what(&err),
    }
});

//! Prints the treatment plan for a patient record.
//!
//! ```text
//! cargo run --example recommend                      # the built-in sample patient
//! cargo run --example recommend -- PATIENT.json      # a patient record from a file
//! cargo run --example recommend -- - < PATIENT.json  # ... or from standard input
//! cargo run --example recommend -- --json PATIENT.json
//! cargo run --example recommend -- --trace PATIENT.json
//! ```
//!
//! Sample records are in `examples/patients/`. A record that is not valid prints the crate's
//! error, which names the field and the value, and exits with status 1.

use std::io::Read;
use std::process::ExitCode;

use leg_spasm_cds::{Patient, recommend};

/// The built-in sample patient: restless legs, non-drug measures insufficient, ferritin
/// 40 ng/mL, transferrin saturation not measured.
const BUILT_IN: &str = include_str!("patients/rls-s2-low-ferritin.json");

const USAGE: &str = "usage: recommend [--json | --trace] [PATIENT.json | -]";

fn main() -> ExitCode {
    let mut json = false;
    let mut trace = false;
    let mut source = None;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--json" => json = true,
            "--trace" => trace = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            _ if source.is_none() && (arg == "-" || !arg.starts_with('-')) => source = Some(arg),
            _ => {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            }
        }
    }

    let text = match read(source.as_deref()) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let patient = match Patient::from_json(&text) {
        Ok(patient) => patient,
        Err(e) => {
            eprintln!("error: invalid patient record: {e}");
            return ExitCode::FAILURE;
        }
    };
    let plan = recommend(&patient);
    if json {
        match serde_json::to_string_pretty(&plan) {
            Ok(out) => println!("{out}"),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else if trace {
        print!("{plan:#}");
    } else {
        print!("{plan}");
    }
    ExitCode::SUCCESS
}

/// The record: built in, from standard input (`-`), or from a file.
fn read(source: Option<&str>) -> Result<String, String> {
    // One byte over the reader's limit is enough for it to report the size.
    let limit = Patient::MAX_JSON_BYTES as u64 + 1;
    let mut text = String::new();
    match source {
        None => return Ok(BUILT_IN.to_owned()),
        Some("-") => std::io::stdin()
            .take(limit)
            .read_to_string(&mut text)
            .map_err(|e| format!("reading standard input: {e}"))?,
        Some(path) => std::fs::File::open(path)
            .and_then(|f| f.take(limit).read_to_string(&mut text))
            .map_err(|e| format!("reading {path}: {e}"))?,
    };
    Ok(text)
}

//! Reads a FHIR R4 record and prints the reading report, the record and its medication check;
//! with an assessment, also the plan.
//!
//! ```text
//! cargo run --example fhir_read --features fhir -- examples/fhir/bundle-rls.json
//! cargo run --example fhir_read --features fhir -- --as-of 2025-07-01 \
//!     --presentation restless_legs --stage non_drug_insufficient --severity moderate \
//!     examples/fhir/bundle-rls.json
//! ```
//!
//! The as-of date defaults to 2025-07-01 (the example never reads the clock). The
//! presentation is given by name for the kinds without a subtype (`restless_legs`,
//! `acute_musculoskeletal`) or as `true_cramp:idiopathic`, `true_cramp:secondary`; the plan
//! needs all three of presentation, stage and severity.

use std::process::ExitCode;

use leg_spasm_cds::fhir::{self, CivilDate, ReadOptions};
use leg_spasm_cds::record::Assessment;
use leg_spasm_cds::{CrampKind, Presentation, Stage, SymptomSeverity, check};

const USAGE: &str =
    "usage: fhir_read [--as-of YYYY-MM-DD] [--presentation P --stage S --severity V] FHIR.json";

fn presentation(s: &str) -> Option<Presentation> {
    match s {
        "restless_legs" => Some(Presentation::RestlessLegs),
        "acute_musculoskeletal" => Some(Presentation::AcuteMusculoskeletal),
        "true_cramp:idiopathic" => Some(Presentation::TrueCramp(CrampKind::Idiopathic)),
        "true_cramp:secondary" => Some(Presentation::TrueCramp(CrampKind::Secondary)),
        _ => None,
    }
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let mut as_of = CivilDate::new(2025, 7, 1).map_err(|e| e.to_string())?;
    let mut assessment = Assessment::default();
    let mut wants_plan = false;
    let mut path = None;
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg}: missing value; {USAGE}"));
        match arg.as_str() {
            "--as-of" => as_of = value()?.parse().map_err(|e| format!("--as-of: {e}"))?,
            "--presentation" => {
                let v = value()?;
                assessment.presentation =
                    Some(presentation(&v).ok_or(format!("--presentation: unknown {v:?}"))?);
                wants_plan = true;
            }
            "--stage" => {
                let v = value()?;
                assessment.stage = Some(v.parse::<Stage>().map_err(|e| format!("--stage: {e}"))?);
                wants_plan = true;
            }
            "--severity" => {
                let v = value()?;
                assessment.severity = Some(
                    v.parse::<SymptomSeverity>()
                        .map_err(|e| format!("--severity: {e}"))?,
                );
                wants_plan = true;
            }
            _ if path.is_none() && !arg.starts_with('-') => path = Some(arg),
            _ => return Err(USAGE.to_owned()),
        }
    }
    let path = path.ok_or(USAGE)?;
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
    let reading = fhir::read_str(&text, &ReadOptions::new(as_of)).map_err(|e| e.to_string())?;
    println!("Reading report (as of {as_of}):");
    for r in &reading.report.resources {
        println!("  {:<45} {:?}", r.resource, r.outcome);
    }
    println!("Record:");
    let rec = &reading.record;
    println!(
        "  patient: {}",
        rec.patient_id.as_deref().unwrap_or("unknown")
    );
    println!("  age: {}", rec.age);
    println!("  presentation: {}", rec.presentation);
    let conditions: Vec<_> = rec.conditions.iter().map(|c| c.label()).collect();
    println!("  conditions: {}", conditions.join(", "));
    for m in &rec.medicines {
        let read: Vec<_> = m
            .sources
            .iter()
            .map(|s| format!("{} ({})", s.read_as, s.resource))
            .collect();
        println!(
            "  medicine: {} ({}) from {}",
            m.drug.label(),
            m.days,
            read.join("; ")
        );
    }
    println!("  ferritin: {:?}", rec.labs.ferritin());
    println!(
        "  transferrin saturation: {:?}",
        rec.labs.transferrin_saturation()
    );
    for u in &rec.unidentified {
        println!("  not identified: {:?} ({})", u.text, u.resource);
    }
    if let Some(s) = rec.unidentified_statement() {
        println!("  {s}");
    }
    // The medication check needs no stage or severity (knowledge spec Part 8.1).
    println!("\n{}", check(rec));
    if wants_plan {
        // The plan made from the record states the unidentified medicines itself.
        let plan = rec.recommend(&assessment).map_err(|e| e.to_string())?;
        println!("{plan}");
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

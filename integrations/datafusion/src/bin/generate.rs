//! `generate --patients N [--seed S] [--malformed M] --output DIR`: writes a synthetic Bulk
//! FHIR export (see `leg_spasm_cds_datafusion::generate`).

#![forbid(unsafe_code)]

use std::path::PathBuf;
use std::process::ExitCode;

use leg_spasm_cds_datafusion::generate::{GenerateOptions, generate};

const USAGE: &str = "usage: generate --patients N [--seed S] [--malformed M] --output DIR";

fn parse() -> Result<(GenerateOptions, PathBuf), String> {
    let mut args = std::env::args().skip(1);
    let (mut patients, mut seed, mut malformed, mut output) = (None, 1u64, None, None);
    while let Some(flag) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .ok_or_else(|| format!("{name} needs a value\n{USAGE}"))
        };
        let number = |name: &str, v: String| {
            v.parse::<u64>()
                .map_err(|e| format!("{name} {v:?}: not a whole number: {e}\n{USAGE}"))
        };
        match flag.as_str() {
            "--patients" => patients = Some(number("--patients", value("--patients")?)?),
            "--seed" => seed = number("--seed", value("--seed")?)?,
            "--malformed" => malformed = Some(number("--malformed", value("--malformed")?)?),
            "--output" => output = Some(PathBuf::from(value("--output")?)),
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    let patients = patients.ok_or_else(|| format!("--patients is required\n{USAGE}"))?;
    let output = output.ok_or_else(|| format!("--output is required\n{USAGE}"))?;
    let patients = usize::try_from(patients).map_err(|e| format!("--patients: {e}"))?;
    let mut options = GenerateOptions::new(patients, seed);
    if let Some(m) = malformed {
        options.malformed = usize::try_from(m).map_err(|e| format!("--malformed: {e}"))?;
    }
    Ok((options, output))
}

fn main() -> ExitCode {
    let (options, output) = match parse() {
        Ok(parsed) => parsed,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    match generate(&output, &options) {
        Ok(generated) => {
            for (file, lines) in generated.files.iter().zip(&generated.lines) {
                println!("{lines:>10} lines  {}", file.display());
            }
            println!(
                "{} patients, seed {}, {} malformed lines",
                options.patients,
                options.seed,
                generated.malformed.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("generate: {e}");
            ExitCode::FAILURE
        }
    }
}

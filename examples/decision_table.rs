//! Writes the crate's decision table, the rule table as Markdown for clinicians, to
//! `docs/decision-table.md`.
//!
//! ```text
//! cargo run --example decision_table             # (re)writes docs/decision-table.md
//! cargo run --example decision_table -- --stdout # prints it instead
//! ```
//!
//! The test `tests/decision_table.rs` fails when the checked-in file differs from what the
//! rule table generates: run this example and commit the result.

use std::path::Path;
use std::process::ExitCode;

use leg_spasm_cds::rules;

const USAGE: &str = "usage: decision_table [--stdout]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let markdown = rules::decision_table();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [] => {
            let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/decision-table.md");
            let written = path
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| std::fs::write(&path, &markdown));
            match written {
                Ok(()) => {
                    println!("wrote {}", path.display());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: cannot write {}: {e}", path.display());
                    ExitCode::FAILURE
                }
            }
        }
        ["--stdout"] => {
            print!("{markdown}");
            ExitCode::SUCCESS
        }
        ["-h" | "--help"] => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

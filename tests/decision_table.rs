//! The decision table for clinicians, `docs/decision-table.md`: the checked-in file is what the
//! rule table generates, and it covers every statement, safety addition and decision of the
//! spec.

use leg_spasm_cds::rules;
use leg_spasm_cds::{ARTICLE_DATE, ARTICLE_REVIEW_STATUS, ARTICLE_TITLE, KNOWLEDGE_VERSION};

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/decision-table.md");
const REGENERATE: &str = "cargo run --example decision_table";

/// Every statement id of the spec: Part 1 (DX-1 to PF-5) and Part 6 (SA-1 to SA-14).
const STATEMENTS: [&str; 46] = [
    "DX-1", "DX-2", "DX-3", "NP-1", "NP-2", "NP-3", "NP-4", "NP-5", "NP-6", "NP-7", "NP-8", "RX-1",
    "RX-2", "RX-3", "RX-4", "RX-5", "FE-1", "FE-2", "AV-1", "AV-2", "AV-3", "MO-1", "MO-2", "AL-1",
    "AL-2", "AL-3", "PF-1", "PF-2", "PF-3", "PF-4", "PF-5", "SA-1", "SA-2", "SA-3", "SA-4", "SA-5",
    "SA-6", "SA-7", "SA-8", "SA-9", "SA-10", "SA-11", "SA-12", "SA-13", "SA-14", "SA-15",
];

/// The decisions of the spec (Part 3).
const DECISIONS: [&str; 16] = [
    "DEC-1", "DEC-2", "DEC-3", "DEC-4", "DEC-5", "DEC-6", "DEC-7", "DEC-8", "DEC-9", "DEC-10",
    "DEC-11", "DEC-12", "DEC-13", "DEC-14", "DEC-15", "DEC-16",
];

/// The references of the article and of the safety additions.
const REFERENCES: [&str; 22] = [
    "R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8", "R9", "E1", "E2", "E3", "E4", "E5", "E6", "E7",
    "E8", "E9", "E10", "E11", "E12", "E13",
];

fn checked_in() -> String {
    std::fs::read_to_string(PATH)
        .unwrap_or_else(|e| panic!("cannot read docs/decision-table.md ({e}): run `{REGENERATE}`"))
        // A checkout that converts line endings still compares equal.
        .replace("\r\n", "\n")
}

#[test]
fn the_checked_in_decision_table_is_what_the_rules_generate() {
    let generated = rules::decision_table();
    let file = checked_in();
    if file != generated {
        let (line, ours, theirs) = file
            .lines()
            .zip(generated.lines())
            .enumerate()
            .find(|(_, (a, b))| a != b)
            .map(|(i, (a, b))| (i + 1, a.to_owned(), b.to_owned()))
            .unwrap_or_else(|| {
                let n = file.lines().count().min(generated.lines().count());
                (
                    n + 1,
                    "(end of file)".to_owned(),
                    "(end of file)".to_owned(),
                )
            });
        panic!(
            "docs/decision-table.md is stale: regenerate it with `{REGENERATE}` and commit it.\n\
             First difference at line {line}:\n  checked in: {ours}\n  generated:  {theirs}"
        );
    }
}

#[test]
fn every_statement_addition_and_decision_appears() {
    let table = rules::decision_table();
    let lines: Vec<&str> = table.lines().collect();
    for id in STATEMENTS {
        let heading = format!("### {id}");
        assert!(
            lines.contains(&heading.as_str()),
            "{id} has no section in the decision table"
        );
    }
    let headings = lines.iter().filter(|l| l.starts_with("### ")).count();
    assert_eq!(headings, STATEMENTS.len(), "one section per statement");
    for id in DECISIONS {
        let row = format!("| {id} | ");
        assert!(
            lines.iter().any(|l| l.starts_with(&row)),
            "{id} is not in the list of decisions"
        );
    }
    for id in REFERENCES {
        let row = format!("| {id} | ");
        assert!(
            lines.iter().any(|l| l.starts_with(&row)),
            "{id} is not in the list of references"
        );
    }
}

#[test]
fn every_section_quotes_its_statement_and_lists_its_references() {
    let table = rules::decision_table();
    for rule in rules::table() {
        let id = rule.id;
        let start = table
            .find(&format!("\n### {id}\n"))
            .unwrap_or_else(|| panic!("{id}: no section"));
        let section = &table[start + 1..];
        let end = section[4..]
            .find("\n## ")
            .into_iter()
            .chain(section[4..].find("\n### "))
            .min()
            .map_or(section.len(), |e| e + 4);
        let section = &section[..end];
        assert!(
            section.contains(&format!("> {}", id.text())),
            "{id}: the statement's words are missing"
        );
        for reference in id.references() {
            assert!(
                section.contains(&format!("{reference}: ")),
                "{id}: reference {reference} is missing"
            );
        }
        let rows = section.lines().filter(|l| l.starts_with("| ")).count();
        // The header row, then one row per effect.
        assert_eq!(rows, 1 + rule.effect_count(), "{id}: one row per effect");
    }
}

#[test]
fn the_header_states_the_article_and_the_knowledge_version() {
    let table = rules::decision_table();
    for (field, value) in [
        ("Article", ARTICLE_TITLE),
        ("Last updated", ARTICLE_DATE),
        ("Review status", ARTICLE_REVIEW_STATUS),
        ("Knowledge version", KNOWLEDGE_VERSION),
    ] {
        assert!(
            table.contains(&format!("| {field} | {value} |")),
            "the header lacks {field}"
        );
    }
    assert!(table.contains("## How to read this table"));
}

#[test]
fn the_decision_table_reads_without_rust_syntax() {
    let table = rules::decision_table();
    for token in [
        "::",
        "Some(",
        "None",
        "Guard",
        "Output",
        "Offering",
        "DrugOrClass",
        "StatementId",
        "&[",
        "=>",
    ] {
        assert!(
            !table.contains(token),
            "the decision table shows code: {token:?}"
        );
    }
    // Names are words, not identifiers such as `gabapentin_enacarbil` (commands in backquotes,
    // such as the one that regenerates the file, aside).
    let prose: String = table.split('`').step_by(2).collect::<Vec<_>>().join(" ");
    for word in prose.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
        assert!(!word.contains('_'), "an identifier in the table: {word}");
    }
}

//! The screen against the crate's own reader and check run patient by patient, on generated
//! exports; malformed lines; the output schema.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::datatypes::{DataType, Int64Type};
use datafusion::prelude::{ParquetReadOptions, SessionConfig, SessionContext};
use leg_spasm_cds::fhir::{self, CivilDate, ReadOptions};
use leg_spasm_cds_datafusion::functions;
use leg_spasm_cds_datafusion::generate::{GenerateOptions, Generated, generate};
use leg_spasm_cds_datafusion::job::{self, ScreenError, ScreenOptions, Summary};
use serde_json::Value;

/// A directory of its own under the system's temporary directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!(
            "leg-spasm-cds-datafusion-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn as_of() -> CivilDate {
    CivilDate::new(2026, 1, 15).unwrap()
}

fn context(partitions: usize) -> SessionContext {
    let ctx =
        SessionContext::new_with_config(SessionConfig::new().with_target_partitions(partitions));
    functions::register(&ctx);
    ctx
}

async fn run_screen(
    input: &Path,
    output: &Path,
    partitions: usize,
    chunk_bytes: u64,
    csv: bool,
) -> Summary {
    let mut options = ScreenOptions::new(input, output, as_of());
    options.chunk_bytes = chunk_bytes;
    options.csv = csv;
    job::screen(&context(partitions), &options).await.unwrap()
}

/// A session reading Parquet strings as written (`Utf8`), not as views.
fn reader() -> SessionContext {
    let mut config = SessionConfig::new();
    config
        .options_mut()
        .execution
        .parquet
        .schema_force_view_types = false;
    SessionContext::new_with_config(config)
}

async fn table(output: &Path, name: &str) -> Vec<RecordBatch> {
    let ctx = reader();
    let path = output.join(format!("{name}.parquet"));
    ctx.read_parquet(path.to_str().unwrap(), ParquetReadOptions::default())
        .await
        .unwrap()
        .collect()
        .await
        .unwrap()
}

fn text(b: &RecordBatch, column: &str, row: usize) -> String {
    let a = b.column_by_name(column).unwrap().as_string::<i32>();
    if a.is_null(row) {
        "NULL".to_owned()
    } else {
        a.value(row).to_owned()
    }
}

fn int(b: &RecordBatch, column: &str, row: usize) -> Option<i64> {
    let a = b
        .column_by_name(column)
        .unwrap()
        .as_primitive::<Int64Type>();
    a.is_valid(row).then(|| a.value(row))
}

/// One alert: patient, statement, severity, drugs and roles, message.
type AlertRow = (String, String, String, String, String);

/// What the crate's reader and check give patient by patient.
#[derive(Debug, Default)]
struct Expected {
    patients: u64,
    refused: u64,
    alerts: Vec<AlertRow>,
    unidentified: Vec<(String, i64)>,
}

/// Reads the export line by line, groups the resources by patient in file and line order,
/// and runs `fhir::read` and `check` on each patient.
fn expected(generated: &Generated) -> Expected {
    let mut files = generated.files.clone();
    files.sort();
    let mut patients: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        for line in bytes.split(|&b| b == b'\n') {
            let Ok(Value::Object(resource)) = serde_json::from_slice::<Value>(line) else {
                continue;
            };
            let patient = if resource["resourceType"] == "Patient" {
                resource
                    .get("id")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            } else {
                resource
                    .get("subject")
                    .and_then(|s| s["reference"].as_str())
                    .and_then(|r| r.strip_prefix("Patient/"))
                    .map(str::to_owned)
            };
            if let Some(patient) = patient {
                patients
                    .entry(patient)
                    .or_default()
                    .push(Value::Object(resource));
            }
        }
    }
    let mut out = Expected::default();
    for (patient, resources) in patients {
        out.patients += 1;
        let options = ReadOptions::new(as_of()).with_patient_id(&patient);
        let reading = match fhir::read(&Value::Array(resources), &options) {
            Ok(reading) => reading,
            Err(_) => {
                out.refused += 1;
                continue;
            }
        };
        let check = leg_spasm_cds::check(&reading.record);
        for a in &check.alerts {
            let drugs: Vec<String> = a
                .drugs
                .iter()
                .map(|d| format!("{}:{}", d.drug, d.role))
                .collect();
            out.alerts.push((
                patient.clone(),
                a.rule.to_string(),
                a.severity.to_string(),
                drugs.join(";"),
                a.message.to_string(),
            ));
        }
        if !reading.record.unidentified.is_empty() {
            out.unidentified
                .push((patient.clone(), reading.record.unidentified.len() as i64));
        }
    }
    out.alerts.sort();
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_alerts_of_the_screen_equal_the_check_run_patient_by_patient() {
    let dir = TempDir::new("differential");
    let input = dir.0.join("export");
    let output = dir.0.join("out");
    let generated = generate(&input, &GenerateOptions::new(10_000, 7)).unwrap();
    // Small chunks: lines cut at chunk boundaries, many partial aggregates merged.
    let summary = run_screen(&input, &output, 2, 256 << 10, false).await;
    let want = expected(&generated);

    let mut got: Vec<AlertRow> = Vec::new();
    for b in table(&output, "alerts").await {
        for r in 0..b.num_rows() {
            got.push((
                text(&b, "patient_id", r),
                text(&b, "statement_id", r),
                text(&b, "severity", r),
                text(&b, "drugs", r),
                text(&b, "message", r),
            ));
            assert_eq!(
                text(&b, "knowledge_version", r),
                leg_spasm_cds::KNOWLEDGE_VERSION
            );
        }
    }
    got.sort();
    assert!(
        want.alerts.len() > 1_000,
        "too few alerts to compare: {}",
        want.alerts.len()
    );
    assert_eq!(got.len(), want.alerts.len());
    assert!(
        got == want.alerts,
        "the alert rows differ from the patient-by-patient check"
    );

    let mut unidentified = Vec::new();
    for b in table(&output, "unidentified").await {
        for r in 0..b.num_rows() {
            unidentified.push((
                text(&b, "patient_id", r),
                int(&b, "medicines_not_identified", r).unwrap(),
            ));
        }
    }
    unidentified.sort();
    assert!(!want.unidentified.is_empty());
    assert_eq!(unidentified, want.unidentified);

    assert_eq!(summary.patients, want.patients);
    assert_eq!(summary.patients, 10_000);
    assert_eq!(summary.refused, want.refused);
    assert_eq!(summary.alert_count(), want.alerts.len() as u64);
    // The statements the population questions ask about are all raised.
    for statement in ["SA-1", "SA-3", "SA-4", "SA-7", "SA-12"] {
        assert!(
            summary
                .alerts
                .iter()
                .any(|(s, _, n)| s == statement && *n > 0),
            "no {statement} alert in {:?}",
            summary.alerts
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_lines_are_reported_with_file_and_line_and_do_not_stop_the_run() {
    let dir = TempDir::new("malformed");
    let input = dir.0.join("export");
    let output = dir.0.join("out");
    let mut options = GenerateOptions::new(300, 11);
    options.malformed = 12;
    let generated = generate(&input, &options).unwrap();
    std::fs::write(input.join("Encounter.ndjson"), "{}\n").unwrap();
    let summary = run_screen(&input, &output, 2, 4 << 10, true).await;

    let mut got = Vec::new();
    for b in table(&output, "malformed").await {
        for r in 0..b.num_rows() {
            got.push((
                PathBuf::from(text(&b, "file", r)),
                int(&b, "line", r).unwrap() as u64,
                text(&b, "reason", r),
            ));
            assert_ne!(text(&b, "detail", r), "NULL");
        }
    }
    got.sort();
    let mut want: Vec<(PathBuf, u64, String)> = generated
        .malformed
        .iter()
        .map(|m| (m.file.clone(), m.line, m.reason.to_owned()))
        .collect();
    want.sort();
    assert_eq!(got, want);
    assert_eq!(summary.malformed.iter().map(|m| m.1).sum::<u64>(), 12);
    assert_eq!(summary.patients, 300);
    assert!(
        summary
            .ignored_files
            .iter()
            .any(|(p, _)| p.ends_with("Encounter.ndjson"))
    );
    // CSV on request, with a header naming the columns.
    let csv = std::fs::read_to_string(output.join("malformed.csv")).unwrap();
    assert!(
        csv.starts_with("file,line,byte_offset,reason,detail\n"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 13);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_output_schema_is_pinned() {
    let dir = TempDir::new("schema");
    let input = dir.0.join("export");
    let output = dir.0.join("out");
    generate(&input, &GenerateOptions::new(200, 3)).unwrap();
    run_screen(&input, &output, 1, 1 << 20, false).await;
    let utf8 = DataType::Utf8;
    let int = DataType::Int64;
    let pinned: [(&str, Vec<(&str, &DataType)>); 4] = [
        (
            "alerts",
            vec![
                ("patient_id", &utf8),
                ("statement_id", &utf8),
                ("severity", &utf8),
                ("drugs", &utf8),
                ("message", &utf8),
                ("knowledge_version", &utf8),
            ],
        ),
        (
            "unidentified",
            vec![
                ("patient_id", &utf8),
                ("medicines_not_identified", &int),
                ("medicines", &utf8),
                ("resources", &utf8),
                ("knowledge_version", &utf8),
            ],
        ),
        (
            "skipped",
            vec![
                ("patient_id", &utf8),
                ("resource", &utf8),
                ("reason", &utf8),
                ("detail", &utf8),
                ("file", &utf8),
                ("byte_offset", &int),
            ],
        ),
        (
            "malformed",
            vec![
                ("file", &utf8),
                ("line", &int),
                ("byte_offset", &int),
                ("reason", &utf8),
                ("detail", &utf8),
            ],
        ),
    ];
    for (name, columns) in pinned {
        let ctx = reader();
        let df = ctx
            .read_parquet(
                output.join(format!("{name}.parquet")).to_str().unwrap(),
                ParquetReadOptions::default(),
            )
            .await
            .unwrap();
        let got: Vec<(String, DataType)> = df
            .schema()
            .fields()
            .iter()
            .map(|f| (f.name().clone(), f.data_type().clone()))
            .collect();
        let want: Vec<(String, DataType)> = columns
            .iter()
            .map(|(n, t)| ((*n).to_owned(), (*t).clone()))
            .collect();
        assert_eq!(got, want, "schema of {name}");
    }
}

#[test]
fn the_generator_gives_the_same_bytes_for_the_same_seed() {
    let dir = TempDir::new("seed");
    let a = generate(&dir.0.join("a"), &GenerateOptions::new(500, 42)).unwrap();
    let b = generate(&dir.0.join("b"), &GenerateOptions::new(500, 42)).unwrap();
    let c = generate(&dir.0.join("c"), &GenerateOptions::new(500, 43)).unwrap();
    assert_eq!(a.lines, b.lines);
    let mut differs = false;
    for ((fa, fb), fc) in a.files.iter().zip(&b.files).zip(&c.files) {
        assert_eq!(
            std::fs::read(fa).unwrap(),
            std::fs::read(fb).unwrap(),
            "{}",
            fa.display()
        );
        differs |= std::fs::read(fa).unwrap() != std::fs::read(fc).unwrap();
    }
    assert!(differs, "another seed gives another export");
}

#[tokio::test]
async fn a_missing_or_empty_input_directory_is_an_error_naming_it() {
    let dir = TempDir::new("missing");
    let missing = dir.0.join("no-such-dir");
    let options = ScreenOptions::new(&missing, dir.0.join("out"), as_of());
    let err = job::screen(&context(1), &options).await.unwrap_err();
    assert!(matches!(err, ScreenError::Input { .. }));
    assert!(err.to_string().contains("no-such-dir"), "{err}");

    let empty = dir.0.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    std::fs::write(empty.join("notes.txt"), "x").unwrap();
    let options = ScreenOptions::new(&empty, dir.0.join("out"), as_of());
    let err = job::screen(&context(1), &options).await.unwrap_err();
    assert!(matches!(err, ScreenError::NoInput(_)), "{err}");
}

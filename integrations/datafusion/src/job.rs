//! The screening job: the DataFusion plans that read a Bulk FHIR export, screen each patient
//! and write the result tables, and the summary of a run.
//!
//! The plan, in DataFusion's terms:
//!
//! ```text
//! VALUES (file, start, end)                 -- byte ranges of the NDJSON files (metadata only)
//!  -> ndjson_lines(file, start, end)        -- UNNEST: one row per line {offset, text, utf8}
//!  -> fhir_resource_key(text, utf8)         -- {patient, problem}
//!  -> GROUP BY patient: screen_patient(...) -- the reader and the check, per patient
//!  -> UNNEST                                -- one row per finding
//!  -> findings/ (Parquet)
//! findings/ -> alerts, unidentified, skipped, malformed (Parquet, and CSV on request)
//! ```
//!
//! Nothing but registered functions and built-in operators and file formats: the same plan
//! runs on one machine (DataFusion) or on a cluster (Ballista), whose executors register the
//! same functions ([`crate::functions::register`]).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::datatypes::{Int64Type, Schema};
use datafusion::common::ScalarValue;
use datafusion::dataframe::{DataFrame, DataFrameWriteOptions};
use datafusion::error::DataFusionError;
use datafusion::functions::core::expr_fn::get_field;
use datafusion::functions_aggregate::expr_fn::{count, sum};
use datafusion::logical_expr::{Expr, LogicalPlan, LogicalPlanBuilder, Union, col, lit};
use datafusion::prelude::{ParquetReadOptions, SessionContext};
use leg_spasm_cds::fhir::CivilDate;

use crate::functions::{
    finding_fields, line_number_udf, ndjson_lines_udf, resource_key_udf, screen_patient_udaf,
};

/// The resource types read, each from its own NDJSON files (`Patient.ndjson`,
/// `Patient.000.ndjson`, `Patient_1.ndjson`...).
pub const RESOURCE_TYPES: [&str; 5] = [
    "Patient",
    "Condition",
    "MedicationRequest",
    "MedicationStatement",
    "Observation",
];

/// The default byte range of one task: large enough that a task's overhead is small, small
/// enough that a large file is spread over the partitions.
pub const DEFAULT_CHUNK_BYTES: u64 = 16 << 20;

/// What went wrong with a run.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ScreenError {
    /// The input directory cannot be listed.
    #[error("input directory {path}: {source}")]
    Input {
        /// The directory.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The input directory holds no NDJSON file of a resource type read.
    #[error(
        "input directory {0}: no NDJSON file of Patient, Condition, MedicationRequest, MedicationStatement or Observation (Bulk FHIR export files are named TYPE.ndjson or TYPE.N.ndjson)"
    )]
    NoInput(PathBuf),
    /// The output directory cannot be made or cleared.
    #[error("output directory {path}: {source}")]
    Output {
        /// The directory or file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A path that is not UTF-8 (DataFusion takes paths as text).
    #[error("{0}: the path is not UTF-8")]
    Path(PathBuf),
    /// The engine failed.
    #[error("DataFusion: {0}")]
    DataFusion(#[from] DataFusionError),
}

/// An NDJSON file of the export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    /// Its path.
    pub path: PathBuf,
    /// Its resource type, from its name.
    pub resource_type: &'static str,
    /// Its size in bytes.
    pub bytes: u64,
}

/// The files of an export directory: those read, and those not read with why.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportFiles {
    /// The NDJSON files of the resource types read, sorted by path.
    pub files: Vec<InputFile>,
    /// The other files and why they are not read.
    pub ignored: Vec<(PathBuf, String)>,
}

impl ExportFiles {
    /// The bytes of the files read.
    #[must_use]
    pub fn bytes(&self) -> u64 {
        self.files.iter().map(|f| f.bytes).sum()
    }
}

/// The resource type of an export file's name: `Patient.ndjson`, `Patient.1.ndjson`,
/// `Patient_001.ndjson`, `Patient-2.ndjson`.
fn resource_type_of(name: &str) -> Option<&'static str> {
    let stem = name.strip_suffix(".ndjson")?;
    RESOURCE_TYPES.into_iter().find(|t| {
        stem.strip_prefix(t).is_some_and(|rest| {
            rest.is_empty()
                || (rest.starts_with(['.', '_', '-'])
                    && rest[1..].chars().all(|c| c.is_ascii_alphanumeric()))
        })
    })
}

/// Lists an export directory (file metadata only).
///
/// # Errors
///
/// [`ScreenError::Input`] when the directory or a file's metadata cannot be read.
pub fn list_export(dir: &Path) -> Result<ExportFiles, ScreenError> {
    let input = |source| ScreenError::Input {
        path: dir.to_path_buf(),
        source,
    };
    let mut out = ExportFiles::default();
    for entry in std::fs::read_dir(dir).map_err(input)? {
        let entry = entry.map_err(input)?;
        let path = entry.path();
        let meta = entry.metadata().map_err(input)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !meta.is_file() {
            out.ignored.push((path, "not a file".to_owned()));
        } else if let Some(resource_type) = resource_type_of(&name) {
            out.files.push(InputFile {
                path,
                resource_type,
                bytes: meta.len(),
            });
        } else if name.ends_with(".ndjson") {
            out.ignored
                .push((path, "a resource type the screen does not read".to_owned()));
        } else {
            out.ignored.push((path, "not an NDJSON file".to_owned()));
        }
    }
    out.files.sort_by(|a, b| a.path.cmp(&b.path));
    out.ignored.sort();
    Ok(out)
}

/// A byte range of an input file: one row of the plan's first table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    /// The file (absolute or as given).
    pub file: String,
    /// The first byte.
    pub start: i64,
    /// The byte after the last (a line starting before it is read to its end).
    pub end: i64,
}

/// The byte ranges of the files, each at most `chunk_bytes` long (an empty file has none).
///
/// # Errors
///
/// [`ScreenError::Path`] for a path that is not UTF-8.
pub fn chunks(files: &ExportFiles, chunk_bytes: u64) -> Result<Vec<Chunk>, ScreenError> {
    let step = chunk_bytes.max(1);
    let mut out = Vec::new();
    for f in &files.files {
        let file = f
            .path
            .to_str()
            .ok_or_else(|| ScreenError::Path(f.path.clone()))?
            .to_owned();
        let mut start = 0u64;
        while start < f.bytes {
            let end = (start + step).min(f.bytes);
            out.push(Chunk {
                file: file.clone(),
                start: i64::try_from(start).unwrap_or(i64::MAX),
                end: i64::try_from(end).unwrap_or(i64::MAX),
            });
            start = end;
        }
    }
    Ok(out)
}

/// The lines of the chunks: `file`, `offset`, `text`, `utf8`, one row per line.
///
/// # Errors
///
/// A plan error of DataFusion.
pub fn lines_frame(ctx: &SessionContext, chunks: &[Chunk]) -> Result<DataFrame, ScreenError> {
    if chunks.is_empty() {
        return Err(ScreenError::DataFusion(DataFusionError::Plan(
            "no input chunk: the export's files are empty".to_owned(),
        )));
    }
    // One VALUES row per chunk, in one UNION of them all: each chunk is a partition of its own
    // (a task on a cluster), where one VALUES of all chunks would be one batch in one
    // partition. The union is one node with a child per chunk, not a chain of two-input unions,
    // whose depth (one level per chunk) would grow with the export and exhaust the stack of
    // the planner's recursive passes.
    let rows = chunks
        .iter()
        .map(|c| {
            LogicalPlanBuilder::values(vec![vec![lit(c.file.as_str()), lit(c.start), lit(c.end)]])
                .and_then(LogicalPlanBuilder::build)
                .map(Arc::new)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let plan = if rows.len() == 1 {
        rows[0].as_ref().clone()
    } else {
        LogicalPlan::Union(Union::try_new_with_loose_types(rows)?)
    };
    let df = DataFrame::new(ctx.state(), plan);
    let lines = df
        .select(vec![
            col("column1").alias("file"),
            ndjson_lines_udf()
                .call(vec![col("column1"), col("column2"), col("column3")])
                .alias("l"),
        ])?
        .unnest_columns(&["l"])?
        .select(vec![
            col("file"),
            get_field(col("l"), "offset").alias("offset"),
            get_field(col("l"), "text").alias("text"),
            get_field(col("l"), "utf8").alias("utf8"),
        ])?;
    Ok(lines)
}

/// The findings of every patient of the chunks (columns of [`finding_fields`]), as of a date.
///
/// # Errors
///
/// A plan error of DataFusion.
pub fn findings_frame(
    ctx: &SessionContext,
    chunks: &[Chunk],
    as_of: CivilDate,
) -> Result<DataFrame, ScreenError> {
    let keyed = lines_frame(ctx, chunks)?
        .select(vec![
            col("file"),
            col("offset"),
            col("text"),
            resource_key_udf()
                .call(vec![col("text"), col("utf8")])
                .alias("k"),
        ])?
        .select(vec![
            col("file"),
            col("offset"),
            col("text"),
            get_field(col("k"), "patient").alias("patient"),
            get_field(col("k"), "problem").alias("problem"),
        ])?;
    let findings = keyed
        .aggregate(
            vec![col("patient")],
            vec![
                screen_patient_udaf()
                    .call(vec![
                        col("patient"),
                        col("text"),
                        col("file"),
                        col("offset"),
                        col("problem"),
                        lit(as_of.to_string()),
                    ])
                    .alias("findings"),
            ],
        )?
        .select(vec![col("findings")])?
        .unnest_columns(&["findings"])?;
    let fields: Vec<Expr> = finding_fields()
        .iter()
        .map(|f| get_field(col("findings"), f.name().as_str()).alias(f.name()))
        .collect();
    Ok(findings.select(fields)?)
}

/// Where a run writes, and in which formats.
#[derive(Debug, Clone)]
pub struct ScreenOptions {
    /// The export directory.
    pub input: PathBuf,
    /// The output directory (made if missing; the files of a previous run are replaced).
    pub output: PathBuf,
    /// The date as of which ages and durations are computed.
    pub as_of: CivilDate,
    /// Also write each table as CSV.
    pub csv: bool,
    /// The byte range of one task ([`DEFAULT_CHUNK_BYTES`]).
    pub chunk_bytes: u64,
}

impl ScreenOptions {
    /// Options writing Parquet, with the default chunk size.
    #[must_use]
    pub fn new(input: impl Into<PathBuf>, output: impl Into<PathBuf>, as_of: CivilDate) -> Self {
        ScreenOptions {
            input: input.into(),
            output: output.into(),
            as_of,
            csv: false,
            chunk_bytes: DEFAULT_CHUNK_BYTES,
        }
    }
}

/// The tables a run writes, each `NAME.parquet` (and `NAME.csv`) in the output directory.
pub const TABLES: [&str; 4] = ["alerts", "unidentified", "skipped", "malformed"];

/// The directory of all findings, under the output directory.
pub const FINDINGS_DIR: &str = "findings";

/// The result tables, as DataFusion plans over the findings.
///
/// # Errors
///
/// A plan error of DataFusion.
pub fn table_frame(findings: DataFrame, table: &str) -> Result<DataFrame, ScreenError> {
    let kind = |k: &str| col("kind").eq(lit(k));
    let df = match table {
        "alerts" => findings
            .filter(kind("alert"))?
            .select(vec![
                col("patient_id"),
                col("statement_id"),
                col("severity"),
                col("drugs"),
                col("message"),
                col("knowledge_version"),
            ])?
            .sort(vec![
                col("patient_id").sort(true, true),
                col("statement_id").sort(true, true),
                col("drugs").sort(true, true),
            ])?,
        "unidentified" => findings
            .filter(kind("unidentified"))?
            .select(vec![
                col("patient_id"),
                col("count").alias("medicines_not_identified"),
                col("message").alias("medicines"),
                col("resource").alias("resources"),
                col("knowledge_version"),
            ])?
            .sort(vec![col("patient_id").sort(true, true)])?,
        "skipped" => findings
            .filter(kind("skipped").or(kind("refused")))?
            .select(vec![
                col("patient_id"),
                col("resource"),
                col("reason"),
                col("message").alias("detail"),
                col("file"),
                col("offset").alias("byte_offset"),
            ])?
            .sort(vec![
                col("patient_id").sort(true, true),
                col("file").sort(true, true),
                col("byte_offset").sort(true, true),
            ])?,
        "malformed" => findings
            .filter(kind("malformed"))?
            .select(vec![
                col("file"),
                line_number_udf()
                    .call(vec![col("file"), col("offset")])
                    .alias("line"),
                col("offset").alias("byte_offset"),
                col("reason"),
                col("message").alias("detail"),
            ])?
            .sort(vec![
                col("file").sort(true, true),
                col("byte_offset").sort(true, true),
            ])?,
        other => {
            return Err(ScreenError::DataFusion(DataFusionError::Plan(format!(
                "no table {other:?}; the tables are {TABLES:?}"
            ))));
        }
    };
    Ok(df)
}

/// Counts of a run, for its summary table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Input files read, and their bytes.
    pub files: usize,
    /// Bytes of the files read.
    pub bytes: u64,
    /// Files of the directory not read, and why.
    pub ignored_files: Vec<(PathBuf, String)>,
    /// Patients whose resources were read (their records read or refused).
    pub patients: u64,
    /// Resources grouped to a patient.
    pub resources: u64,
    /// Records the reader refused (malformed elements), by patient count.
    pub refused: u64,
    /// Alerts: `(statement, severity, count)`, by statement.
    pub alerts: Vec<(String, String, u64)>,
    /// Patients with medicines not identified.
    pub unidentified_patients: u64,
    /// Medicines not identified.
    pub unidentified_medicines: u64,
    /// Resources the reader did not use: `(reason, count)`.
    pub skipped: Vec<(String, u64)>,
    /// Lines that are no patient's resource: `(reason, count)`.
    pub malformed: Vec<(String, u64)>,
    /// The files written.
    pub written: Vec<PathBuf>,
}

impl Summary {
    /// Total alerts.
    #[must_use]
    pub fn alert_count(&self) -> u64 {
        self.alerts.iter().map(|a| a.2).sum()
    }

    /// The summary as a text table.
    #[must_use]
    pub fn table(&self) -> String {
        let mut s = String::new();
        let mut row = |k: &str, v: String| {
            let _ = writeln!(s, "  {k:<44} {v:>12}");
        };
        row("input files read", self.files.to_string());
        row("input bytes read", self.bytes.to_string());
        row("patients read", self.patients.to_string());
        row("resources of these patients", self.resources.to_string());
        row("records refused by the reader", self.refused.to_string());
        row("alerts", self.alert_count().to_string());
        for (statement, severity, n) in &self.alerts {
            row(&format!("  {statement} ({severity})"), n.to_string());
        }
        row(
            "patients with medicines not identified",
            self.unidentified_patients.to_string(),
        );
        row(
            "medicines not identified",
            self.unidentified_medicines.to_string(),
        );
        row(
            "resources not used",
            self.skipped.iter().map(|x| x.1).sum::<u64>().to_string(),
        );
        for (reason, n) in &self.skipped {
            row(&format!("  {reason}"), n.to_string());
        }
        row(
            "lines not read (malformed or no patient)",
            self.malformed.iter().map(|x| x.1).sum::<u64>().to_string(),
        );
        for (reason, n) in &self.malformed {
            row(&format!("  {reason}"), n.to_string());
        }
        row("files not read", self.ignored_files.len().to_string());
        for (path, why) in &self.ignored_files {
            let _ = writeln!(s, "    {}: {why}", path.display());
        }
        s
    }
}

fn path_str(p: &Path) -> Result<&str, ScreenError> {
    p.to_str().ok_or_else(|| ScreenError::Path(p.to_path_buf()))
}

fn remove(path: &Path) -> Result<(), ScreenError> {
    let result = if path.is_dir() {
        std::fs::remove_dir_all(path)
    } else if path.exists() {
        std::fs::remove_file(path)
    } else {
        Ok(())
    };
    result.map_err(|source| ScreenError::Output {
        path: path.to_path_buf(),
        source,
    })
}

/// Runs the whole screen on a session whose functions are registered
/// ([`crate::functions::register`]): writes `findings/` and the [`TABLES`], and gives the
/// summary.
///
/// # Errors
///
/// [`ScreenError`] naming the directory, file or engine error.
pub async fn screen(ctx: &SessionContext, opts: &ScreenOptions) -> Result<Summary, ScreenError> {
    let files = list_export(&opts.input)?;
    if files.files.is_empty() {
        return Err(ScreenError::NoInput(opts.input.clone()));
    }
    let chunks = chunks(&files, opts.chunk_bytes)?;
    std::fs::create_dir_all(&opts.output).map_err(|source| ScreenError::Output {
        path: opts.output.clone(),
        source,
    })?;
    let findings_dir = opts.output.join(FINDINGS_DIR);
    remove(&findings_dir)?;
    for t in TABLES {
        remove(&opts.output.join(format!("{t}.parquet")))?;
        remove(&opts.output.join(format!("{t}.csv")))?;
    }
    std::fs::create_dir_all(&findings_dir).map_err(|source| ScreenError::Output {
        path: findings_dir.clone(),
        source,
    })?;
    let findings_path = format!("{}/", path_str(&findings_dir)?);
    findings_frame(ctx, &chunks, opts.as_of)?
        .write_parquet(&findings_path, DataFrameWriteOptions::new(), None)
        .await?;

    let mut summary = Summary {
        files: files.files.len(),
        bytes: files.bytes(),
        ignored_files: files.ignored.clone(),
        ..Summary::default()
    };
    // The findings' own schema: strings read back as `Utf8`, whatever the session's Parquet
    // view-type setting.
    let schema = Schema::new(finding_fields());
    let read = || {
        ctx.read_parquet(
            findings_path.clone(),
            ParquetReadOptions::default().schema(&schema),
        )
    };
    for t in TABLES {
        let parquet = opts.output.join(format!("{t}.parquet"));
        table_frame(read().await?, t)?
            .write_parquet(
                path_str(&parquet)?,
                DataFrameWriteOptions::new().with_single_file_output(true),
                None,
            )
            .await?;
        summary.written.push(parquet);
        if opts.csv {
            let csv = opts.output.join(format!("{t}.csv"));
            table_frame(read().await?, t)?
                .write_csv(
                    path_str(&csv)?,
                    DataFrameWriteOptions::new().with_single_file_output(true),
                    None,
                )
                .await?;
            summary.written.push(csv);
        }
    }
    summarize(read().await?, &mut summary).await?;
    Ok(summary)
}

fn u64_at(batch: &RecordBatch, column: usize, row: usize) -> u64 {
    let a = batch.column(column);
    if a.is_null(row) {
        0
    } else {
        u64::try_from(a.as_primitive::<Int64Type>().value(row)).unwrap_or(0)
    }
}

fn str_at(batch: &RecordBatch, column: usize, row: usize) -> String {
    let a = batch.column(column).as_string::<i32>();
    if a.is_null(row) {
        String::new()
    } else {
        a.value(row).to_owned()
    }
}

/// Fills the counts of a summary from the findings (small aggregations).
///
/// # Errors
///
/// A DataFusion error.
pub async fn summarize(findings: DataFrame, summary: &mut Summary) -> Result<(), ScreenError> {
    let n = || count(lit(ScalarValue::Int64(Some(1)))).alias("n");
    let by_kind = findings
        .clone()
        .aggregate(
            vec![col("kind")],
            vec![n(), sum(col("count")).alias("total")],
        )?
        .collect()
        .await?;
    for b in &by_kind {
        for r in 0..b.num_rows() {
            let (kind, rows, total) = (str_at(b, 0, r), u64_at(b, 1, r), u64_at(b, 2, r));
            match kind.as_str() {
                "patient" => (summary.patients, summary.resources) = (rows, total),
                "refused" => summary.refused = rows,
                "unidentified" => {
                    (
                        summary.unidentified_patients,
                        summary.unidentified_medicines,
                    ) = (rows, total);
                }
                _ => {}
            }
        }
    }
    let grouped = |kind: &'static str, keys: Vec<&'static str>| {
        findings
            .clone()
            .filter(col("kind").eq(lit(kind)))
            .and_then(|df| df.aggregate(keys.iter().map(|k| col(*k)).collect(), vec![n()]))
            .and_then(|df| df.sort(keys.iter().map(|k| col(*k).sort(true, true)).collect()))
    };
    for b in grouped("alert", vec!["statement_id", "severity"])?
        .collect()
        .await?
    {
        for r in 0..b.num_rows() {
            summary
                .alerts
                .push((str_at(&b, 0, r), str_at(&b, 1, r), u64_at(&b, 2, r)));
        }
    }
    for (kind, out) in [
        ("skipped", &mut summary.skipped),
        ("malformed", &mut summary.malformed),
    ] {
        for b in grouped(kind, vec!["reason"])?.collect().await? {
            for r in 0..b.num_rows() {
                out.push((str_at(&b, 0, r), u64_at(&b, 1, r)));
            }
        }
    }
    if summary.refused > 0 {
        summary
            .skipped
            .push(("record_refused (whole record)".to_owned(), summary.refused));
    }
    Ok(())
}

/// DataFusion's bare scan of the same files through the same reading path: the number of
/// lines (the benchmark's baseline).
///
/// # Errors
///
/// [`ScreenError`] as [`screen`].
pub async fn scan_count(
    ctx: &SessionContext,
    input: &Path,
    chunk_bytes: u64,
) -> Result<u64, ScreenError> {
    let files = list_export(input)?;
    let chunks = chunks(&files, chunk_bytes)?;
    let n = lines_frame(ctx, &chunks)?.count().await?;
    Ok(n as u64)
}

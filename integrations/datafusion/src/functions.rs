//! The DataFusion functions of the screen: three scalar functions and one aggregate.
//!
//! - [`NDJSON_LINES`] `(file, start, end)`: the lines of a byte range of an NDJSON file, as a
//!   list of `{offset, text, utf8}`: every line whose first byte lies in `[start, end)`.
//! - [`RESOURCE_KEY`] `(text, utf8)`: the patient a line belongs to, or why it belongs to none
//!   (`{patient, problem}`).
//! - [`SCREEN_PATIENT`] `(patient, text, file, offset, problem, as_of)`: an aggregate that
//!   collects one patient's resources and, at the end, runs the crate's FHIR reader and
//!   medication check on them; it returns the patient's findings (a list of structs, see
//!   [`finding_fields`]). The group of lines without a patient (the `NULL` key) returns one
//!   finding per line, naming why it was not read.
//! - [`LINE_NUMBER`] `(file, offset)`: the 1-based line number of a byte offset of a file.
//!
//! Every function is registered by name ([`register`]) and takes its parameters (the as-of
//! date included) as arguments, so that a plan using them can be serialized and run by
//! executors that registered the same functions (Ballista).

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, BooleanArray, BooleanBuilder, Int64Array, Int64Builder, ListArray,
    StringArray, StringBuilder, StructArray,
};
use datafusion::arrow::buffer::OffsetBuffer;
use datafusion::arrow::datatypes::{DataType, Field, FieldRef, Fields, Int64Type};
use datafusion::common::{DataFusionError, Result, ScalarValue, exec_err};
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::{
    Accumulator, AggregateUDF, AggregateUDFImpl, ColumnarValue, EmitTo, GroupsAccumulator,
    ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility,
};
use datafusion::prelude::SessionContext;
use leg_spasm_cds::fhir::{self, CivilDate, FhirError, Outcome, ReadOptions};
use leg_spasm_cds::{KNOWLEDGE_VERSION, check};
use serde::Deserialize;
use serde_json::Value;

/// The name of the line-reading function.
pub const NDJSON_LINES: &str = "ndjson_lines";
/// The name of the patient-key function.
pub const RESOURCE_KEY: &str = "fhir_resource_key";
/// The name of the screening aggregate.
pub const SCREEN_PATIENT: &str = "screen_patient";
/// The name of the line-number function.
pub const LINE_NUMBER: &str = "ndjson_line_number";

/// Bytes of NDJSON read by [`NDJSON_LINES`] in this process since it started: the progress
/// bar of a local run reads it. Executors of a cluster count their own.
pub static BYTES_READ: AtomicU64 = AtomicU64::new(0);

/// Registers the screen's functions on a session.
pub fn register(ctx: &SessionContext) {
    ctx.register_udf(ndjson_lines_udf());
    ctx.register_udf(resource_key_udf());
    ctx.register_udf(line_number_udf());
    ctx.register_udaf(screen_patient_udaf());
}

/// The scalar functions of the screen (for a function registry of a Ballista executor).
#[must_use]
pub fn scalar_functions() -> Vec<Arc<ScalarUDF>> {
    vec![
        Arc::new(ndjson_lines_udf()),
        Arc::new(resource_key_udf()),
        Arc::new(line_number_udf()),
    ]
}

/// The aggregate functions of the screen (for a function registry of a Ballista executor).
#[must_use]
pub fn aggregate_functions() -> Vec<Arc<AggregateUDF>> {
    vec![Arc::new(screen_patient_udaf())]
}

/// [`NDJSON_LINES`] as a DataFusion function.
#[must_use]
pub fn ndjson_lines_udf() -> ScalarUDF {
    ScalarUDF::new_from_impl(NdjsonLines {
        signature: Signature::exact(
            vec![DataType::Utf8, DataType::Int64, DataType::Int64],
            Volatility::Volatile,
        ),
    })
}

/// [`RESOURCE_KEY`] as a DataFusion function.
#[must_use]
pub fn resource_key_udf() -> ScalarUDF {
    ScalarUDF::new_from_impl(ResourceKey {
        signature: Signature::exact(
            vec![DataType::Utf8, DataType::Boolean],
            Volatility::Immutable,
        ),
    })
}

/// [`LINE_NUMBER`] as a DataFusion function.
#[must_use]
pub fn line_number_udf() -> ScalarUDF {
    ScalarUDF::new_from_impl(LineNumber {
        signature: Signature::exact(vec![DataType::Utf8, DataType::Int64], Volatility::Volatile),
    })
}

/// [`SCREEN_PATIENT`] as a DataFusion aggregate function.
#[must_use]
pub fn screen_patient_udaf() -> AggregateUDF {
    AggregateUDF::new_from_impl(ScreenPatient {
        signature: Signature::exact(
            vec![
                DataType::Utf8,
                DataType::Utf8,
                DataType::Utf8,
                DataType::Int64,
                DataType::Utf8,
                DataType::Utf8,
            ],
            Volatility::Immutable,
        ),
    })
}

// ---------------------------------------------------------------------------------------------
// ndjson_lines

fn line_fields() -> Fields {
    Fields::from(vec![
        Field::new("offset", DataType::Int64, false),
        Field::new("text", DataType::Utf8, false),
        Field::new("utf8", DataType::Boolean, false),
    ])
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct NdjsonLines {
    signature: Signature,
}

impl ScalarUDFImpl for NdjsonLines {
    fn name(&self) -> &str {
        NDJSON_LINES
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::List(Arc::new(Field::new(
            "item",
            DataType::Struct(line_fields()),
            true,
        ))))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let files = arrays[0].as_string::<i32>();
        let starts = arrays[1].as_primitive::<Int64Type>();
        let ends = arrays[2].as_primitive::<Int64Type>();
        let mut offsets = Int64Builder::new();
        let mut texts = StringBuilder::new();
        let mut utf8 = BooleanBuilder::new();
        let mut list_offsets = vec![0i32];
        let mut count = 0usize;
        for row in 0..files.len() {
            if !(files.is_null(row) || starts.is_null(row) || ends.is_null(row)) {
                let file = files.value(row);
                let (start, end) = (starts.value(row), ends.value(row));
                read_lines(file, start, end, |offset, bytes| {
                    let (text, valid) = match std::str::from_utf8(bytes) {
                        Ok(text) => (std::borrow::Cow::Borrowed(text), true),
                        Err(_) => (String::from_utf8_lossy(bytes), false),
                    };
                    offsets.append_value(offset);
                    texts.append_value(text);
                    utf8.append_value(valid);
                    count += 1;
                })?;
            }
            list_offsets.push(i32::try_from(count).map_err(|_| {
                DataFusionError::Execution(format!(
                    "{NDJSON_LINES}: more than {} lines in one call",
                    i32::MAX
                ))
            })?);
        }
        let values = StructArray::new(
            line_fields(),
            vec![
                Arc::new(offsets.finish()),
                Arc::new(texts.finish()),
                Arc::new(utf8.finish()),
            ],
            None,
        );
        let list = ListArray::new(
            Arc::new(Field::new("item", DataType::Struct(line_fields()), true)),
            OffsetBuffer::new(list_offsets.into()),
            Arc::new(values),
            None,
        );
        Ok(ColumnarValue::Array(Arc::new(list)))
    }
}

/// Calls `line(offset, bytes)` for every line of `file` whose first byte lies in
/// `[start, end)` (without its `\n` or `\r\n`); a line that starts in the range is read to
/// its end even past `end`. Blank lines are given too.
fn read_lines(file: &str, start: i64, end: i64, mut line: impl FnMut(i64, &[u8])) -> Result<()> {
    let io = |e: std::io::Error| DataFusionError::Execution(format!("{file}: {e}"));
    let (Ok(start), Ok(end)) = (u64::try_from(start), u64::try_from(end)) else {
        return exec_err!("{file}: negative byte range {start}..{end}");
    };
    let mut reader = BufReader::with_capacity(1 << 20, File::open(file).map_err(io)?);
    let mut pos = start;
    let mut buf = Vec::with_capacity(4096);
    if start > 0 {
        // A line starts at `start` only if the byte before it ends a line.
        reader.seek(SeekFrom::Start(start - 1)).map_err(io)?;
        pos = start - 1;
        let n = reader.read_until(b'\n', &mut buf).map_err(io)?;
        pos += n as u64;
    }
    let mut read_bytes = 0u64;
    while pos < end {
        buf.clear();
        let n = reader.read_until(b'\n', &mut buf).map_err(io)?;
        if n == 0 {
            break;
        }
        let mut bytes = &buf[..];
        if let Some(b) = bytes.strip_suffix(b"\n") {
            bytes = b;
        }
        if let Some(b) = bytes.strip_suffix(b"\r") {
            bytes = b;
        }
        let offset = i64::try_from(pos).map_err(|_| {
            DataFusionError::Execution(format!("{file}: offset {pos} out of range"))
        })?;
        line(offset, bytes);
        pos += n as u64;
        read_bytes += n as u64;
    }
    BYTES_READ.fetch_add(read_bytes, Ordering::Relaxed);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// fhir_resource_key

fn key_fields() -> Fields {
    Fields::from(vec![
        Field::new("patient", DataType::Utf8, true),
        Field::new("problem", DataType::Utf8, true),
    ])
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct ResourceKey {
    signature: Signature,
}

impl ScalarUDFImpl for ResourceKey {
    fn name(&self) -> &str {
        RESOURCE_KEY
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Struct(key_fields()))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let texts = arrays[0].as_string::<i32>();
        let utf8 = arrays[1].as_boolean();
        let mut patients = StringBuilder::new();
        let mut problems = StringBuilder::new();
        for row in 0..texts.len() {
            let key = if texts.is_null(row) {
                Err("no text".to_owned())
            } else {
                resource_key(texts.value(row), utf8.is_valid(row) && utf8.value(row))
            };
            match key {
                Ok(patient) => {
                    patients.append_value(patient);
                    problems.append_null();
                }
                Err(problem) => {
                    patients.append_null();
                    problems.append_value(problem);
                }
            }
        }
        let array = StructArray::new(
            key_fields(),
            vec![Arc::new(patients.finish()), Arc::new(problems.finish())],
            None,
        );
        Ok(ColumnarValue::Array(Arc::new(array)))
    }
}

#[derive(Deserialize)]
struct Head<'a> {
    #[serde(rename = "resourceType", borrow)]
    resource_type: Option<std::borrow::Cow<'a, str>>,
    #[serde(borrow)]
    id: Option<std::borrow::Cow<'a, str>>,
    #[serde(borrow)]
    subject: Option<Reference<'a>>,
    #[serde(borrow)]
    patient: Option<Reference<'a>>,
}

#[derive(Deserialize)]
struct Reference<'a> {
    #[serde(borrow)]
    reference: Option<std::borrow::Cow<'a, str>>,
}

/// The patient a line of a Bulk FHIR export belongs to: a Patient's `id`, else the patient of
/// its `subject` (or `patient`) reference; or why the line belongs to none, as
/// `reason: detail`.
///
/// # Errors
///
/// The reason (`invalid_utf8`, `blank_line`, `not_json`, `not_a_resource`,
/// `no_patient_reference`) and what was found.
pub fn resource_key(text: &str, utf8: bool) -> Result<String, String> {
    if !utf8 {
        return Err("invalid_utf8: the line is not UTF-8".to_owned());
    }
    if text.trim().is_empty() {
        return Err("blank_line: an empty line".to_owned());
    }
    let head: Head<'_> = match serde_json::from_str(text) {
        Ok(head) => head,
        Err(e) if e.is_data() => {
            return Err(format!(
                "not_a_resource: not a FHIR resource with string resourceType, id and references: {e}"
            ));
        }
        Err(e) => return Err(format!("not_json: {e}")),
    };
    let Some(resource_type) = head.resource_type else {
        return Err("not_a_resource: no resourceType".to_owned());
    };
    if resource_type == "Patient" {
        return match head.id {
            Some(id) if !id.is_empty() => Ok(id.into_owned()),
            _ => Err("no_patient_reference: a Patient without an id".to_owned()),
        };
    }
    let reference = head
        .subject
        .and_then(|r| r.reference)
        .or_else(|| head.patient.and_then(|r| r.reference));
    let Some(reference) = reference else {
        return Err(format!(
            "no_patient_reference: {resource_type} {} has no subject reference",
            head.id.as_deref().unwrap_or("without id")
        ));
    };
    patient_of_reference(&reference).ok_or_else(|| {
        format!(
            "no_patient_reference: {resource_type} {}: subject {reference:?} is not a Patient",
            head.id.as_deref().unwrap_or("without id")
        )
    })
}

/// The patient id of a reference: `Patient/ID`, `Patient/ID/_history/N`, an absolute URL
/// ending in either, or a `urn:uuid:` reference (the whole reference).
fn patient_of_reference(reference: &str) -> Option<String> {
    if reference.starts_with("urn:uuid:") || reference.starts_with("urn:oid:") {
        return Some(reference.to_owned());
    }
    let at = if reference.starts_with("Patient/") {
        0
    } else {
        reference.rfind("/Patient/")? + 1
    };
    let id = reference[at + "Patient/".len()..].split('/').next()?;
    (!id.is_empty()).then(|| id.to_owned())
}

// ---------------------------------------------------------------------------------------------
// ndjson_line_number

#[derive(Debug, PartialEq, Eq, Hash)]
struct LineNumber {
    signature: Signature,
}

impl ScalarUDFImpl for LineNumber {
    fn name(&self) -> &str {
        LINE_NUMBER
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Int64)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let files = arrays[0].as_string::<i32>();
        let offsets = arrays[1].as_primitive::<Int64Type>();
        // One pass per file over the offsets of this batch, in order.
        let mut wanted: HashMap<&str, Vec<(u64, usize)>> = HashMap::new();
        for row in 0..files.len() {
            if files.is_valid(row)
                && offsets.is_valid(row)
                && let Ok(offset) = u64::try_from(offsets.value(row))
            {
                wanted
                    .entry(files.value(row))
                    .or_default()
                    .push((offset, row));
            }
        }
        let mut lines: Vec<Option<i64>> = vec![None; files.len()];
        for (file, mut rows) in wanted {
            rows.sort_unstable();
            count_lines(file, &rows, &mut lines)?;
        }
        Ok(ColumnarValue::Array(Arc::new(Int64Array::from(lines))))
    }
}

/// Sets `lines[row]` to the 1-based line number of each `(offset, row)`, sorted by offset,
/// in one pass over the file; an offset past its end gets none.
fn count_lines(file: &str, rows: &[(u64, usize)], lines: &mut [Option<i64>]) -> Result<()> {
    let io = |e: std::io::Error| DataFusionError::Execution(format!("{file}: {e}"));
    let mut reader = File::open(file).map_err(io)?;
    let mut buf = vec![0u8; 1 << 20];
    let (mut pos, mut newlines) = (0u64, 0i64);
    let mut next = rows.iter().peekable();
    while next.peek().is_some() {
        let n = reader.read(&mut buf).map_err(io)?;
        if n == 0 {
            break;
        }
        let chunk = &buf[..n];
        let mut counted = 0usize;
        while let Some(&&(offset, row)) = next.peek() {
            if offset >= pos + n as u64 {
                break;
            }
            // Sorted offsets: every earlier one was assigned, so `offset >= pos + counted`.
            let upto = usize::try_from(offset - pos).unwrap_or(n).max(counted);
            newlines += newline_count(&chunk[counted..upto]);
            counted = upto;
            lines[row] = Some(newlines + 1);
            next.next();
        }
        newlines += newline_count(&chunk[counted..]);
        pos += n as u64;
    }
    Ok(())
}

fn newline_count(bytes: &[u8]) -> i64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as i64
}

// ---------------------------------------------------------------------------------------------
// screen_patient

/// The fields of one finding, the element of [`SCREEN_PATIENT`]'s list.
///
/// `kind` is `patient` (one per patient read: `count` resources), `alert` (one per alert:
/// `statement_id`, `severity`, `drugs`, `message`), `unidentified` (one per patient with
/// medicines not identified: `count` medicines, named in `message`, from `resource`),
/// `skipped` (a resource the reader did not use: `reason`, `message`), `refused` (a record the
/// reader refused: `message` names the element) or `malformed` (a line that is no patient's
/// resource: `reason`, `message`). `file` and `offset` locate the line of the resource.
#[must_use]
pub fn finding_fields() -> Fields {
    let text = |name: &str| Field::new(name, DataType::Utf8, true);
    Fields::from(vec![
        Field::new("kind", DataType::Utf8, false),
        text("patient_id"),
        text("statement_id"),
        text("severity"),
        text("drugs"),
        text("message"),
        text("resource"),
        text("reason"),
        text("file"),
        Field::new("offset", DataType::Int64, true),
        Field::new("count", DataType::Int64, true),
        Field::new("knowledge_version", DataType::Utf8, false),
    ])
}

fn findings_type() -> DataType {
    DataType::List(Arc::new(Field::new(
        "item",
        DataType::Struct(finding_fields()),
        true,
    )))
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct ScreenPatient {
    signature: Signature,
}

impl AggregateUDFImpl for ScreenPatient {
    fn name(&self) -> &str {
        SCREEN_PATIENT
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(findings_type())
    }

    fn accumulator(&self, _acc_args: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        Ok(Box::new(OneGroup(Groups::default())))
    }

    fn state_fields(&self, args: StateFieldsArgs) -> Result<Vec<FieldRef>> {
        let list = |name: &str, item: DataType| {
            Field::new(
                format!("{}[{name}]", args.name),
                DataType::List(Arc::new(Field::new("item", item, true))),
                true,
            )
        };
        Ok(vec![
            Arc::new(Field::new(
                format!("{}[patient]", args.name),
                DataType::Utf8,
                true,
            )),
            Arc::new(Field::new(
                format!("{}[as_of]", args.name),
                DataType::Utf8,
                true,
            )),
            Arc::new(list("texts", DataType::Utf8)),
            Arc::new(list("files", DataType::Utf8)),
            Arc::new(list("offsets", DataType::Int64)),
            Arc::new(list("problems", DataType::Utf8)),
        ])
    }

    fn groups_accumulator_supported(&self, _args: AccumulatorArgs) -> bool {
        true
    }

    fn create_groups_accumulator(
        &self,
        _args: AccumulatorArgs,
    ) -> Result<Box<dyn GroupsAccumulator>> {
        Ok(Box::new(Groups::default()))
    }
}

/// One line of a group.
#[derive(Debug, Clone)]
struct Line {
    file: Arc<str>,
    offset: i64,
    text: String,
    problem: Option<String>,
}

/// The lines of one group (one patient, or the lines of no patient).
#[derive(Debug, Default)]
struct Group {
    patient: Option<String>,
    as_of: Option<String>,
    lines: Vec<Line>,
    bytes: usize,
}

impl Group {
    fn push(&mut self, line: Line) {
        self.bytes += line.text.len() + line.problem.as_ref().map_or(0, String::len) + 48;
        self.lines.push(line);
    }
}

/// The groups of an aggregation, by group index.
#[derive(Debug, Default)]
struct Groups {
    groups: Vec<Group>,
    /// The last file name seen, shared by the lines of the same file.
    file: Option<Arc<str>>,
    bytes: usize,
}

impl Groups {
    fn intern(&mut self, file: &str) -> Arc<str> {
        match &self.file {
            Some(f) if &**f == file => Arc::clone(f),
            _ => {
                let f: Arc<str> = Arc::from(file);
                self.file = Some(Arc::clone(&f));
                f
            }
        }
    }

    fn add(&mut self, group: usize, line: Line, patient: Option<&str>, as_of: Option<&str>) {
        let g = &mut self.groups[group];
        if g.patient.is_none()
            && let Some(p) = patient
        {
            g.patient = Some(p.to_owned());
        }
        if g.as_of.is_none()
            && let Some(a) = as_of
        {
            g.as_of = Some(a.to_owned());
        }
        let before = g.bytes;
        g.push(line);
        self.bytes += g.bytes - before;
    }

    fn take(&mut self, emit_to: EmitTo) -> Vec<Group> {
        let taken = emit_to.take_needed(&mut self.groups);
        self.bytes = self.groups.iter().map(|g| g.bytes).sum();
        taken
    }
}

fn str_at(array: &StringArray, row: usize) -> Option<&str> {
    array.is_valid(row).then(|| array.value(row))
}

fn selected(filter: Option<&BooleanArray>, row: usize) -> bool {
    filter.is_none_or(|f| f.is_valid(row) && f.value(row))
}

impl GroupsAccumulator for Groups {
    fn update_batch(
        &mut self,
        values: &[ArrayRef],
        group_indices: &[usize],
        opt_filter: Option<&BooleanArray>,
        total_num_groups: usize,
    ) -> Result<()> {
        self.groups.resize_with(total_num_groups, Group::default);
        let patients = values[0].as_string::<i32>();
        let texts = values[1].as_string::<i32>();
        let files = values[2].as_string::<i32>();
        let offsets = values[3].as_primitive::<Int64Type>();
        let problems = values[4].as_string::<i32>();
        let as_of = values[5].as_string::<i32>();
        for (row, &group) in group_indices.iter().enumerate() {
            if !selected(opt_filter, row) {
                continue;
            }
            let file = self.intern(str_at(files, row).unwrap_or(""));
            let line = Line {
                file,
                offset: if offsets.is_valid(row) {
                    offsets.value(row)
                } else {
                    -1
                },
                text: str_at(texts, row).unwrap_or("").to_owned(),
                problem: str_at(problems, row).map(str::to_owned),
            };
            self.add(group, line, str_at(patients, row), str_at(as_of, row));
        }
        Ok(())
    }

    fn evaluate(&mut self, emit_to: EmitTo) -> Result<ArrayRef> {
        let groups = self.take(emit_to);
        let findings: Vec<Vec<Finding>> = groups.iter().map(screen_group).collect();
        Ok(Arc::new(findings_array(&findings)))
    }

    fn state(&mut self, emit_to: EmitTo) -> Result<Vec<ArrayRef>> {
        let groups = self.take(emit_to);
        let mut patients = StringBuilder::new();
        let mut as_of = StringBuilder::new();
        let mut texts = StringBuilder::new();
        let mut files = StringBuilder::new();
        let mut offsets = Int64Builder::new();
        let mut problems = StringBuilder::new();
        let mut list_offsets = vec![0i32];
        let mut n = 0usize;
        for g in &groups {
            patients.append_option(g.patient.as_deref());
            as_of.append_option(g.as_of.as_deref());
            for line in &g.lines {
                texts.append_value(&line.text);
                files.append_value(&*line.file);
                offsets.append_value(line.offset);
                problems.append_option(line.problem.as_deref());
            }
            n += g.lines.len();
            list_offsets.push(i32::try_from(n).map_err(|_| {
                DataFusionError::Execution(format!(
                    "{SCREEN_PATIENT}: more than {} lines in one state batch",
                    i32::MAX
                ))
            })?);
        }
        let offsets_buffer = OffsetBuffer::new(list_offsets.into());
        let list = |item: DataType, values: ArrayRef| -> ArrayRef {
            Arc::new(ListArray::new(
                Arc::new(Field::new("item", item, true)),
                offsets_buffer.clone(),
                values,
                None,
            ))
        };
        Ok(vec![
            Arc::new(patients.finish()),
            Arc::new(as_of.finish()),
            list(DataType::Utf8, Arc::new(texts.finish())),
            list(DataType::Utf8, Arc::new(files.finish())),
            list(DataType::Int64, Arc::new(offsets.finish())),
            list(DataType::Utf8, Arc::new(problems.finish())),
        ])
    }

    fn merge_batch(
        &mut self,
        values: &[ArrayRef],
        group_indices: &[usize],
        total_num_groups: usize,
    ) -> Result<()> {
        self.groups.resize_with(total_num_groups, Group::default);
        let patients = values[0].as_string::<i32>();
        let as_of = values[1].as_string::<i32>();
        let texts = values[2].as_list::<i32>();
        let files = values[3].as_list::<i32>();
        let offsets = values[4].as_list::<i32>();
        let problems = values[5].as_list::<i32>();
        let (t_values, f_values) = (
            texts.values().as_string::<i32>(),
            files.values().as_string::<i32>(),
        );
        let o_values = offsets.values().as_primitive::<Int64Type>();
        let p_values = problems.values().as_string::<i32>();
        for (row, &group) in group_indices.iter().enumerate() {
            if texts.is_null(row) {
                continue;
            }
            let range =
                texts.value_offsets()[row] as usize..texts.value_offsets()[row + 1] as usize;
            let (fo, oo, po) = (
                files.value_offsets()[row] as usize,
                offsets.value_offsets()[row] as usize,
                problems.value_offsets()[row] as usize,
            );
            for (k, i) in range.enumerate() {
                let file = self.intern(str_at(f_values, fo + k).unwrap_or(""));
                let line = Line {
                    file,
                    offset: o_values.value(oo + k),
                    text: str_at(t_values, i).unwrap_or("").to_owned(),
                    problem: str_at(p_values, po + k).map(str::to_owned),
                };
                self.add(group, line, str_at(patients, row), str_at(as_of, row));
            }
        }
        Ok(())
    }

    fn convert_to_state(
        &self,
        values: &[ArrayRef],
        opt_filter: Option<&BooleanArray>,
    ) -> Result<Vec<ArrayRef>> {
        // Each row its own group: the state of one line.
        let rows = values.first().map_or(0, |v| v.len());
        let mut one = Groups::default();
        let indices: Vec<usize> = (0..rows).collect();
        one.update_batch(values, &indices, opt_filter, rows)?;
        one.state(EmitTo::All)
    }

    fn size(&self) -> usize {
        self.bytes + self.groups.capacity() * std::mem::size_of::<Group>()
    }
}

/// The accumulator of one group (aggregation without grouping), over the same state.
#[derive(Debug)]
struct OneGroup(Groups);

impl Accumulator for OneGroup {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        let rows = values.first().map_or(0, |v| v.len());
        self.0.update_batch(values, &vec![0; rows], None, 1)
    }

    fn evaluate(&mut self) -> Result<ScalarValue> {
        self.0.groups.resize_with(1, Group::default);
        let array = self.0.evaluate(EmitTo::All)?;
        ScalarValue::try_from_array(&array, 0)
    }

    fn size(&self) -> usize {
        self.0.size() + std::mem::size_of::<Self>()
    }

    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        self.0.groups.resize_with(1, Group::default);
        self.0
            .state(EmitTo::All)?
            .iter()
            .map(|a| ScalarValue::try_from_array(a, 0))
            .collect()
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        let rows = states.first().map_or(0, |v| v.len());
        self.0.merge_batch(states, &vec![0; rows], 1)
    }
}

/// One finding of [`SCREEN_PATIENT`] (see [`finding_fields`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Finding {
    /// `patient`, `alert`, `unidentified`, `skipped`, `refused` or `malformed`.
    pub kind: &'static str,
    /// The patient.
    pub patient_id: Option<String>,
    /// The statement of an alert (`SA-4`).
    pub statement_id: Option<String>,
    /// The severity of an alert (`critical`).
    pub severity: Option<String>,
    /// The drugs of an alert and their roles: `oxycodone:ordered;diazepam:current`.
    pub drugs: Option<String>,
    /// The alert's message, the medicines not identified, or why a line or resource was not
    /// used.
    pub message: Option<String>,
    /// The resource (`Type/id`), or the resources of the medicines not identified.
    pub resource: Option<String>,
    /// Why a resource or line was not used (`not_json`, `status`...).
    pub reason: Option<String>,
    /// The file of the line.
    pub file: Option<String>,
    /// The byte offset of the line in its file.
    pub offset: Option<i64>,
    /// Resources of a patient; medicines not identified.
    pub count: Option<i64>,
}

fn malformed(line: &Line, problem: &str) -> Finding {
    let (reason, detail) = problem.split_once(": ").unwrap_or((problem, ""));
    Finding {
        kind: "malformed",
        reason: Some(reason.to_owned()),
        message: Some(detail.to_owned()),
        file: Some(line.file.to_string()),
        offset: Some(line.offset),
        ..Finding::default()
    }
}

/// The index `i` of a reader path `$[i]...`.
fn path_index(path: &str) -> Option<usize> {
    path.strip_prefix("$[")?.split(']').next()?.parse().ok()
}

fn error_path(e: &FhirError) -> Option<&str> {
    match e {
        FhirError::NotAResource { path, .. }
        | FhirError::Malformed { path, .. }
        | FhirError::InvalidValue { path, .. }
        | FhirError::OtherPatient { path, .. } => Some(path),
        _ => None,
    }
}

/// The text of a medicine not identified: its text, else its codings.
fn medicine_text(m: &leg_spasm_cds::record::UnidentifiedMedicine) -> String {
    if let Some(text) = &m.text {
        return text.clone();
    }
    let codings: Vec<String> = m
        .codings
        .iter()
        .map(|c| {
            let code = c.code.as_deref().unwrap_or("-");
            match &c.display {
                Some(d) => format!("{code} {d}"),
                None => code.to_owned(),
            }
        })
        .collect();
    if codings.is_empty() {
        "(no text or code)".to_owned()
    } else {
        codings.join(", ")
    }
}

/// The findings of one group: runs the crate's reader and check on a patient's lines, in the
/// order of their file and offset.
fn screen_group(group: &Group) -> Vec<Finding> {
    let Some(patient) = &group.patient else {
        return group
            .lines
            .iter()
            .map(|l| malformed(l, l.problem.as_deref().unwrap_or("unknown: no patient")))
            .collect();
    };
    let mut lines: Vec<&Line> = group.lines.iter().collect();
    lines.sort_by(|a, b| (&*a.file, a.offset).cmp(&(&*b.file, b.offset)));
    let mut out = Vec::new();
    let mut resources = Vec::with_capacity(lines.len());
    let mut used: Vec<&Line> = Vec::with_capacity(lines.len());
    for line in lines {
        match serde_json::from_str::<Value>(&line.text) {
            Ok(value) => {
                resources.push(value);
                used.push(line);
            }
            Err(e) => out.push(malformed(line, &format!("not_json: {e}"))),
        }
    }
    let at = |path: &str| path_index(path).and_then(|i| used.get(i).copied());
    let locate = |f: &mut Finding, path: &str| {
        if let Some(line) = at(path) {
            f.file = Some(line.file.to_string());
            f.offset = Some(line.offset);
        }
    };
    let base = Finding {
        patient_id: Some(patient.clone()),
        ..Finding::default()
    };
    out.push(Finding {
        kind: "patient",
        count: Some(resources.len() as i64),
        ..base.clone()
    });
    let as_of = match group.as_of.as_deref().map(str::parse::<CivilDate>) {
        Some(Ok(date)) => date,
        other => {
            out.push(Finding {
                kind: "refused",
                message: Some(format!(
                    "the as-of date {:?} is not a date (YYYY-MM-DD): {other:?}",
                    group.as_of
                )),
                ..base
            });
            return out;
        }
    };
    let options = ReadOptions::new(as_of).with_patient_id(patient);
    let reading = match fhir::read(&Value::Array(resources), &options) {
        Ok(reading) => reading,
        Err(e) => {
            let mut f = Finding {
                kind: "refused",
                reason: Some("record_refused".to_owned()),
                message: Some(e.to_string()),
                ..base
            };
            if let Some(path) = error_path(&e) {
                locate(&mut f, path);
            }
            out.push(f);
            return out;
        }
    };
    let result = check(&reading.record);
    for alert in &result.alerts {
        let drugs: Vec<String> = alert
            .drugs
            .iter()
            .map(|d| format!("{}:{}", d.drug, d.role))
            .collect();
        out.push(Finding {
            kind: "alert",
            statement_id: Some(alert.rule.to_string()),
            severity: Some(alert.severity.to_string()),
            drugs: Some(drugs.join(";")),
            message: Some(alert.message.to_string()),
            ..base.clone()
        });
    }
    if !reading.record.unidentified.is_empty() {
        let names: Vec<String> = reading
            .record
            .unidentified
            .iter()
            .map(medicine_text)
            .collect();
        let from: Vec<&str> = reading
            .record
            .unidentified
            .iter()
            .map(|m| m.resource.as_str())
            .collect();
        out.push(Finding {
            kind: "unidentified",
            count: Some(reading.record.unidentified.len() as i64),
            message: Some(names.join("; ")),
            resource: Some(from.join(";")),
            ..base.clone()
        });
    }
    for r in &reading.report.resources {
        if let Outcome::NotUsed(reason) = &r.outcome {
            let json = serde_json::to_value(reason).unwrap_or(Value::Null);
            let tag = json
                .get("reason")
                .and_then(Value::as_str)
                .unwrap_or("not_used")
                .to_owned();
            let mut f = Finding {
                kind: "skipped",
                resource: Some(r.resource.clone()),
                reason: Some(tag),
                message: Some(json.to_string()),
                ..base.clone()
            };
            locate(&mut f, &r.path);
            out.push(f);
        }
    }
    out
}

/// The list array of the findings of each group.
fn findings_array(groups: &[Vec<Finding>]) -> ListArray {
    let mut kind = StringBuilder::new();
    let mut text: Vec<StringBuilder> = (0..8).map(|_| StringBuilder::new()).collect();
    let mut offset = Int64Builder::new();
    let mut count = Int64Builder::new();
    let mut version = StringBuilder::new();
    let mut list_offsets = vec![0i32];
    let mut n = 0i32;
    for findings in groups {
        for f in findings {
            kind.append_value(f.kind);
            for (b, v) in text.iter_mut().zip([
                &f.patient_id,
                &f.statement_id,
                &f.severity,
                &f.drugs,
                &f.message,
                &f.resource,
                &f.reason,
                &f.file,
            ]) {
                b.append_option(v.as_deref());
            }
            offset.append_option(f.offset);
            count.append_option(f.count);
            version.append_value(KNOWLEDGE_VERSION);
            n += 1;
        }
        list_offsets.push(n);
    }
    let mut columns: Vec<ArrayRef> = vec![Arc::new(kind.finish())];
    columns.extend(text.iter_mut().map(|b| Arc::new(b.finish()) as ArrayRef));
    columns.push(Arc::new(offset.finish()));
    columns.push(Arc::new(count.finish()));
    columns.push(Arc::new(version.finish()));
    ListArray::new(
        Arc::new(Field::new("item", DataType::Struct(finding_fields()), true)),
        OffsetBuffer::new(list_offsets.into()),
        Arc::new(StructArray::new(finding_fields(), columns, None)),
        None,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_is_read_once_whatever_the_byte_ranges() {
        let dir = std::env::temp_dir().join(format!("lscds-lines-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("Patient.ndjson");
        let text = "{\"a\":1}\n\n{\"b\":22}\r\nxyz\n{\"c\":333}";
        std::fs::write(&path, text).unwrap();
        let file = path.to_str().unwrap();
        let want: Vec<(i64, String)> = vec![
            (0, "{\"a\":1}".into()),
            (8, String::new()),
            (9, "{\"b\":22}".into()),
            (19, "xyz".into()),
            (23, "{\"c\":333}".into()),
        ];
        let len = text.len() as i64;
        for step in 1..=len {
            let mut got = Vec::new();
            let mut start = 0;
            while start < len {
                let end = (start + step).min(len);
                read_lines(file, start, end, |offset, bytes| {
                    got.push((offset, String::from_utf8(bytes.to_vec()).unwrap()));
                })
                .unwrap();
                start = end;
            }
            assert_eq!(got, want, "ranges of {step} bytes");
        }
        let mut lines = vec![None; 3];
        count_lines(file, &[(0, 0), (19, 1), (23, 2)], &mut lines).unwrap();
        assert_eq!(lines, vec![Some(1), Some(4), Some(5)]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_line_belongs_to_its_patient_or_says_why_not() {
        let key = |t: &str| resource_key(t, true);
        assert_eq!(
            key(r#"{"resourceType":"Patient","id":"p1"}"#),
            Ok("p1".into())
        );
        assert_eq!(
            key(r#"{"resourceType":"Condition","subject":{"reference":"Patient/p2"}}"#),
            Ok("p2".into())
        );
        assert_eq!(
            key(
                r#"{"resourceType":"Observation","subject":{"reference":"https://x.org/fhir/Patient/p3/_history/2"}}"#
            ),
            Ok("p3".into())
        );
        let reason = |t: &str, utf8: bool| {
            resource_key(t, utf8)
                .unwrap_err()
                .split(':')
                .next()
                .unwrap()
                .to_owned()
        };
        assert_eq!(reason("{}", false), "invalid_utf8");
        assert_eq!(reason("  ", true), "blank_line");
        assert_eq!(reason(r#"{"resourceType": "Pat"#, true), "not_json");
        assert_eq!(reason("[1]", true), "not_a_resource");
        assert_eq!(reason(r#"{"id":"x"}"#, true), "not_a_resource");
        assert_eq!(
            reason(
                r#"{"resourceType":"Condition","subject":{"reference":"Group/g"}}"#,
                true
            ),
            "no_patient_reference"
        );
        assert_eq!(
            reason(r#"{"resourceType":"Condition"}"#, true),
            "no_patient_reference"
        );
    }
}

//! Part 5 of the spec, "bad input", as a corpus of documents: `tests/malformed/` holds one JSON
//! document per class of bad input, and [`EXPECTED`] says, file by file, how
//! [`Patient::from_json`] must reject it. Documents too large or too repetitive to commit
//! (deep nesting, input over [`Patient::MAX_JSON_BYTES`]) are built by [`generated`].
//!
//! For every document the test asserts the exact [`PatientErrorKind`], the exact field path, that the
//! message names the field and the offending value (or the unknown name), that plain serde
//! (`serde_json::from_str::<Patient>`) rejects it too, and that reading it does not panic.
//! A file without a row in the table, or a row without a file, fails the test.

use std::collections::BTreeSet;
use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use PatientErrorKind::{
    AboveMaximum, Duplicate, MissingField, Negative, NotFinite, NotWhole, Syntax, TooLarge,
    UnexpectedField, UnitMismatch, UnknownName, UnknownUnit,
};
use leg_spasm_cds::{Patient, PatientErrorKind};

/// How a document must be rejected.
struct Expect {
    /// The file name in `tests/malformed/`, or the name of a generated document.
    name: &'static str,
    /// The error's kind.
    kind: PatientErrorKind,
    /// The error's field path, exactly.
    field: &'static str,
    /// Words the message must contain: the offending value as written, or as the crate prints
    /// it (`inf` for `1e999`), or the unknown name; for a document that is not JSON, the
    /// reader's words.
    words: &'static str,
}

const fn expect(
    name: &'static str,
    kind: PatientErrorKind,
    field: &'static str,
    words: &'static str,
) -> Expect {
    Expect {
        name,
        kind,
        field,
        words,
    }
}

/// One row per file of `tests/malformed/`, in file-name order.
const EXPECTED: &[Expect] = &[
    expect("age-above-130.json", AboveMaximum, "age", "131"),
    expect("age-negative.json", Negative, "age", "-1"),
    expect("age-not-whole.json", NotWhole, "age", "61.5"),
    // Part 5: unknown is stated with `null` or exactly `"unknown"`; other words are refused.
    expect(
        "age-unknown-capitalised.json",
        Syntax,
        "age",
        "string \"Unknown\", expected a number, null or \"unknown\"",
    ),
    // A UTF-8 byte order mark is not JSON whitespace.
    expect("byte-order-mark.json", Syntax, ".", "expected value"),
    // JSON has no comments.
    expect("comment.json", Syntax, ".", "key must be a string"),
    expect(
        "condition-unknown.json",
        UnknownName,
        "conditions[0]",
        "\"diabetes\"",
    ),
    expect(
        "cramp-kind-unknown.json",
        UnknownName,
        "presentation.cramp_kind",
        "\"nocturnal\"",
    ),
    expect(
        "criterion-unknown.json",
        UnknownName,
        "rls_criteria[1]",
        "\"twitching\"",
    ),
    expect(
        "days-above-maximum.json",
        AboveMaximum,
        "medications[0].days",
        "4294967296",
    ),
    expect("days-negative.json", Negative, "medications[1].days", "-7"),
    expect(
        "days-not-whole.json",
        NotWhole,
        "medications[1].days",
        "10.5",
    ),
    // `-1e400` is too large for a double: read as minus infinity.
    expect(
        "days-overflow.json",
        NotFinite,
        "medications[0].days",
        "-inf",
    ),
    // A key that is not a plain name is quoted in the path, so a path never looks like another
    // field, and is never empty.
    expect(
        "days-unknown-misspelt.json",
        Syntax,
        "medications[1].days",
        "string \"unkown\", expected a number, null or \"unknown\"",
    ),
    expect(
        "dotted-key.json",
        Syntax,
        "[\"labs.ferritin.value\"]",
        "unknown field `labs.ferritin.value`",
    ),
    expect(
        "drug-carbidopa-alone.json",
        UnknownName,
        "medications[0].drug",
        "\"carbidopa\"",
    ),
    expect(
        "drug-unknown.json",
        UnknownName,
        "medications[1].drug",
        "\"metformin\"",
    ),
    expect(
        "duplicate-condition.json",
        Duplicate,
        "conditions[1]",
        "\"end_stage_renal_disease\"",
    ),
    expect(
        "duplicate-drug.json",
        Duplicate,
        "medications[2].drug",
        "\"ropinirole\"",
    ),
    // The same key twice in one object: rejected, not last-one-wins. The reader reports it on
    // the object that holds the key.
    expect("duplicate-key.json", Syntax, ".", "duplicate field `stage`"),
    expect(
        "empty-key-in-presentation.json",
        Syntax,
        "presentation[\"\"]",
        "unknown field ``",
    ),
    expect("empty-key.json", Syntax, "[\"\"]", "unknown field ``"),
    expect("empty.json", Syntax, ".", "EOF while parsing a value"),
    // A bare NaN is not JSON: the reader stops at it.
    expect(
        "ferritin-nan-bare.json",
        Syntax,
        "labs.ferritin.value",
        "expected value at `NaN`",
    ),
    expect(
        "ferritin-nan-string.json",
        Syntax,
        "labs.ferritin.value",
        "\"NaN\"",
    ),
    expect(
        "ferritin-negative.json",
        Negative,
        "labs.ferritin.value",
        "-12.5",
    ),
    // `1e999` is too large for a double: read as infinity.
    expect(
        "ferritin-overflow.json",
        NotFinite,
        "labs.ferritin.value",
        "inf",
    ),
    expect(
        "lone-surrogate.json",
        Syntax,
        "stage",
        "unexpected end of hex escape at `\"\\ud800\"`",
    ),
    expect(
        "missing-age.json",
        MissingField,
        "age",
        "missing required field",
    ),
    expect(
        "missing-conditions.json",
        MissingField,
        "conditions",
        "missing required field",
    ),
    expect(
        "missing-cramp-kind.json",
        MissingField,
        "presentation.cramp_kind",
        "missing required field",
    ),
    expect(
        "missing-days.json",
        MissingField,
        "medications[1].days",
        "missing required field",
    ),
    expect(
        "missing-ferritin-unit.json",
        MissingField,
        "labs.ferritin.unit",
        "missing required field",
    ),
    expect(
        "missing-medications.json",
        MissingField,
        "medications",
        "missing required field",
    ),
    expect(
        "missing-presentation-kind.json",
        MissingField,
        "presentation.kind",
        "missing required field",
    ),
    expect(
        "missing-presentation.json",
        MissingField,
        "presentation",
        "missing required field",
    ),
    expect(
        "missing-saturation-value.json",
        MissingField,
        "labs.transferrin_saturation.value",
        "missing required field",
    ),
    expect(
        "missing-stage.json",
        MissingField,
        "stage",
        "missing required field",
    ),
    expect("not-json-yaml.json", Syntax, ".", "expected value"),
    expect(
        "null-document.json",
        Syntax,
        ".",
        "invalid type: null, expected an object with named fields",
    ),
    expect(
        "null-severity.json",
        MissingField,
        "severity",
        "missing required field",
    ),
    // JSON numbers have no leading zeros.
    expect("number-leading-zero.json", Syntax, "age", "invalid number"),
    expect(
        "origin-unknown.json",
        UnknownName,
        "presentation.origin",
        "\"multiple_sclerosis\"",
    ),
    expect(
        "positional-array.json",
        Syntax,
        ".",
        "invalid type: sequence, expected an object with named fields",
    ),
    expect(
        "positional-medication.json",
        Syntax,
        "medications[0]",
        "invalid type: sequence, expected an object with named fields",
    ),
    expect(
        "presentation-unknown.json",
        UnknownName,
        "presentation.kind",
        "\"nocturnal_cramp\"",
    ),
    expect(
        "saturation-above-100.json",
        AboveMaximum,
        "labs.transferrin_saturation.value",
        "100.5",
    ),
    expect(
        "saturation-infinity-bare.json",
        Syntax,
        "labs.transferrin_saturation.value",
        "invalid number at `-Infinity`",
    ),
    expect(
        "saturation-infinity-string.json",
        Syntax,
        "labs.transferrin_saturation.value",
        "\"Infinity\"",
    ),
    expect(
        "saturation-negative.json",
        Negative,
        "labs.transferrin_saturation.value",
        "-3",
    ),
    expect(
        "severity-unknown.json",
        UnknownName,
        "severity",
        "\"Moderate\"",
    ),
    expect("single-quotes.json", Syntax, ".", "key must be a string"),
    expect("stage-unknown.json", UnknownName, "stage", "\"S2\""),
    expect(
        "string-document.json",
        Syntax,
        ".",
        "invalid type: string \"restless_legs\"",
    ),
    expect(
        "trailing-comma.json",
        Syntax,
        "conditions",
        "trailing comma",
    ),
    expect("truncated.json", Syntax, ".", "EOF while parsing a value"),
    expect("two-documents.json", Syntax, ".", "trailing characters"),
    expect(
        "unexpected-origin-on-cramp.json",
        UnexpectedField,
        "presentation.origin",
        "only a spasticity presentation has an origin",
    ),
    expect(
        "unit-mismatch-ferritin-percent.json",
        UnitMismatch,
        "labs.ferritin.unit",
        "\"%\"",
    ),
    expect(
        "unit-mismatch-saturation-ng-ml.json",
        UnitMismatch,
        "labs.transferrin_saturation.unit",
        "\"ng/mL\"",
    ),
    expect(
        "unit-unknown.json",
        UnknownUnit,
        "labs.ferritin.unit",
        "\"mg/dL\"",
    ),
    expect(
        "unit-wrong-case.json",
        UnknownUnit,
        "labs.ferritin.unit",
        "\"ng/ml\"",
    ),
    expect(
        "unknown-field-in-medication.json",
        Syntax,
        "medications[0].dose_mg",
        "unknown field `dose_mg`",
    ),
    expect(
        "unknown-field-misspelt.json",
        Syntax,
        "medicaitons",
        "unknown field `medicaitons`",
    ),
    expect(
        "unknown-field.json",
        Syntax,
        "weight_kg",
        "unknown field `weight_kg`",
    ),
    expect(
        "whitespace-only.json",
        Syntax,
        ".",
        "EOF while parsing a value",
    ),
    expect(
        "wrong-type-age-string.json",
        Syntax,
        "age",
        "string \"61\", expected a number, null or \"unknown\"",
    ),
    expect(
        "wrong-type-conditions-string.json",
        Syntax,
        "conditions",
        "invalid type: string \"none\"",
    ),
    expect(
        "wrong-type-days-boolean.json",
        Syntax,
        "medications[0].days",
        "invalid type: boolean `true`",
    ),
    expect(
        "wrong-type-ferritin-number.json",
        Syntax,
        "labs.ferritin",
        "invalid type: integer `40`",
    ),
    expect(
        "wrong-type-medications-object.json",
        Syntax,
        "medications",
        "invalid type: map",
    ),
    expect(
        "wrong-type-stage-number.json",
        Syntax,
        "stage",
        "invalid type: integer `2`",
    ),
];

/// How many `[` the deeply nested documents hold: tens of thousands, yet under
/// [`Patient::MAX_JSON_BYTES`] with their closing brackets, so that nesting is what is tested.
const DEPTH: usize = 30_000;

/// A valid record, to embed generated values in.
const RECORD: &str = r#"{"presentation":{"kind":"restless_legs"},"stage":"refractory","severity":"severe","age":50,"conditions":[],"medications":[]}"#;

/// Documents built by the test rather than committed, with how each must be rejected.
///
/// Every field of a record has a fixed shape, so deep nesting is rejected at its first
/// bracket, with the path of the field, without the reader descending into it.
fn generated() -> Vec<(String, Expect)> {
    let arrays = format!("{}{}", "[".repeat(DEPTH), "]".repeat(DEPTH));
    // `{"a":` is five bytes: a third of the depth keeps the document under the limit.
    let objects = format!("{}1{}", r#"{"a":"#.repeat(DEPTH / 3), "}".repeat(DEPTH / 3));
    let over = Patient::MAX_JSON_BYTES + 1;
    // A stage name long enough to make the record one byte over the limit.
    let long_stage = "x".repeat(over - (RECORD.len() - "refractory".len()));
    // Valid but for a trailing comma, so that plain serde (which has no size limit) rejects it too.
    let trailing_comma = RECORD.replace("[]}", "[],}");
    vec![
        (
            arrays.clone(),
            expect(
                "deeply-nested-arrays",
                Syntax,
                ".",
                "invalid type: sequence, expected an object with named fields",
            ),
        ),
        (
            "[".repeat(DEPTH),
            expect(
                "deeply-nested-arrays-unclosed",
                Syntax,
                ".",
                "invalid type: sequence, expected an object with named fields",
            ),
        ),
        (
            objects.clone(),
            expect("deeply-nested-objects", Syntax, "a", "unknown field `a`"),
        ),
        (
            RECORD.replace(r#""conditions":[]"#, &format!(r#""conditions":[{arrays}]"#)),
            expect(
                "deeply-nested-in-conditions",
                Syntax,
                "conditions[0]",
                "invalid type: sequence, expected a string",
            ),
        ),
        (
            RECORD.replace(
                r#""medications":[]"#,
                &format!(r#""medications":[{{"drug":"baclofen","days":{arrays}}}]"#),
            ),
            expect(
                "deeply-nested-in-days",
                Syntax,
                "medications[0].days",
                "invalid type: sequence, expected a number",
            ),
        ),
        (
            RECORD.replace("refractory", &long_stage),
            expect(
                "huge-stage-name",
                TooLarge,
                "input",
                "65537 bytes is above the maximum of 65536 bytes",
            ),
        ),
        (
            format!(
                "{trailing_comma}{}",
                " ".repeat(over - trailing_comma.len())
            ),
            expect(
                "huge-padded-with-trailing-comma",
                TooLarge,
                "input",
                "65537 bytes is above the maximum of 65536 bytes",
            ),
        ),
    ]
}

/// Checks one document against its row; returns what is wrong, if anything.
fn check(json: &str, e: &Expect) -> Vec<String> {
    let mut wrong = Vec::new();
    let read = catch_unwind(AssertUnwindSafe(|| Patient::from_json(json)));
    let err = match read {
        Err(_) => return vec![format!("{}: Patient::from_json panicked", e.name)],
        Ok(Ok(patient)) => return vec![format!("{}: accepted as {patient:?}", e.name)],
        Ok(Err(err)) => err,
    };
    let message = err.to_string();
    if err.kind() != e.kind {
        wrong.push(format!(
            "{}: kind {:?}, expected {:?} ({message})",
            e.name,
            err.kind(),
            e.kind
        ));
    }
    if err.field() != e.field {
        wrong.push(format!(
            "{}: field {:?}, expected {:?} ({message})",
            e.name,
            err.field(),
            e.field
        ));
    }
    if !message.contains(e.field) {
        wrong.push(format!(
            "{}: message does not name the field {:?}: {message}",
            e.name, e.field
        ));
    }
    if !message.contains(e.words) {
        wrong.push(format!(
            "{}: message lacks {:?}: {message}",
            e.name, e.words
        ));
    }
    match catch_unwind(|| serde_json::from_str::<Patient>(json)) {
        Err(_) => wrong.push(format!("{}: plain serde panicked", e.name)),
        Ok(Ok(patient)) => wrong.push(format!(
            "{}: plain serde accepted it as {patient:?}",
            e.name
        )),
        Ok(Err(_)) => {}
    }
    wrong
}

fn dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/malformed"))
}

/// Every file of `tests/malformed/` is rejected as its row says, and every row has its file.
#[test]
fn every_malformed_document_is_rejected_as_expected() {
    let mut files = BTreeSet::new();
    for entry in fs::read_dir(dir()).expect("tests/malformed is readable") {
        let entry = entry.expect("a directory entry");
        assert!(entry.file_type().unwrap().is_file(), "{:?}", entry.path());
        let name = entry.file_name().into_string().expect("a UTF-8 file name");
        files.insert(name);
    }
    let rows: BTreeSet<&str> = EXPECTED.iter().map(|e| e.name).collect();
    assert_eq!(rows.len(), EXPECTED.len(), "a file has two rows");

    let mut wrong = Vec::new();
    for name in &files {
        if !rows.contains(name.as_str()) {
            wrong.push(format!("{name}: no row in EXPECTED"));
        }
    }
    for e in EXPECTED {
        if !files.contains(e.name) {
            wrong.push(format!("{}: a row, but no file", e.name));
            continue;
        }
        let bytes = fs::read(dir().join(e.name)).expect("readable");
        assert!(
            bytes.len() < 100 * 1024,
            "{}: keep committed files small; generate large ones",
            e.name
        );
        let json = String::from_utf8(bytes).unwrap_or_else(|_| panic!("{}: not UTF-8", e.name));
        wrong.extend(check(&json, e));
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

/// The generated documents (deep nesting, input over the size limit) are rejected as expected.
#[test]
fn every_generated_document_is_rejected_as_expected() {
    let mut wrong = Vec::new();
    for (json, e) in generated() {
        if e.kind == TooLarge {
            assert!(json.len() > Patient::MAX_JSON_BYTES, "{}", e.name);
        } else {
            assert!(
                json.len() <= Patient::MAX_JSON_BYTES,
                "{}: nesting, not size",
                e.name
            );
        }
        wrong.extend(check(&json, &e));
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

/// The table is in file-name order, so that a new row is easy to place and review.
#[test]
fn table_is_sorted() {
    let names: Vec<&str> = EXPECTED.iter().map(|e| e.name).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted);
}

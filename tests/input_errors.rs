//! Part 5 of the spec, "bad input": every class of bad input is a typed error that names the
//! field and the value, never a panic and never a silently altered patient.
//!
//! Most tests are tables of `(json, kind, field, message)` rows. The JSON is a valid base
//! record with one field replaced or removed (see [`record`]); [`check`] asserts the kind, the
//! field path and the exact message of [`Patient::from_json`], and that plain serde
//! (`serde_json::from_str::<Patient>`) rejects the same input with the same words.

use leg_spasm_cds::{
    Age, Condition, Days, Drug, DuplicateDrug, Ferritin, FerritinUnit, Impact, LabError, LabKind,
    Medication, Medications, Member, NameError, Patient, PatientError, PatientErrorKind,
    Presentation, Quantity, QuantityError, RlsCriterion, Set, SpasticityOrigin, Stage, Stated,
    TransferrinSaturation, recommend,
};
use serde_json::{Value, json};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// A valid record that holds every field, so that each one can be replaced or removed.
fn base() -> Value {
    json!({
        "presentation": {"kind": "restless_legs"},
        "stage": "non_drug_insufficient",
        "severity": "moderate",
        "age": 61,
        "conditions": ["end_stage_renal_disease"],
        "medications": [
            {"drug": "ropinirole", "days": 400},
            {"drug": "gabapentin", "days": 30}
        ],
        "labs": {
            "ferritin": {"value": 40, "unit": "ng/mL"},
            "transferrin_saturation": {"value": 30, "unit": "%"}
        },
        "rls_criteria": ["urge_to_move", "worse_at_rest"]
    })
}

/// One edit of the base record: set the field at `path` to a value, or remove it.
type Edit = (&'static str, Option<Value>);

fn set(path: &'static str, value: Value) -> Edit {
    (path, Some(value))
}

fn del(path: &'static str) -> Edit {
    (path, None)
}

/// The JSON pointer of a field path such as `medications[1].drug` (`/medications/1/drug`).
fn pointer(path: &str) -> String {
    let mut p = String::new();
    for part in path.split('.') {
        for seg in part.split('[') {
            p.push('/');
            p.push_str(seg.trim_end_matches(']'));
        }
    }
    p
}

/// The base record with the edits applied, in order, as JSON text.
fn record(edits: &[Edit]) -> String {
    let mut v = base();
    for (path, value) in edits {
        let ptr = pointer(path);
        let (parent, key) = ptr.rsplit_once('/').expect("a pointer has a slash");
        let parent = v
            .pointer_mut(parent)
            .unwrap_or_else(|| panic!("no parent for {path}"));
        match (parent, value) {
            (Value::Object(m), Some(value)) => {
                m.insert(key.to_owned(), value.clone());
            }
            (Value::Object(m), None) => {
                m.remove(key)
                    .unwrap_or_else(|| panic!("{path} is not in the base"));
            }
            (Value::Array(a), Some(value)) => {
                let i: usize = key.parse().expect("an index");
                if i == a.len() {
                    a.push(value.clone());
                } else {
                    a[i] = value.clone();
                }
            }
            (Value::Array(a), None) => {
                a.remove(key.parse().expect("an index"));
            }
            (other, _) => panic!("{path}: parent is {other}"),
        }
    }
    v.to_string()
}

/// One row of a table: the input and the error it must give.
struct Case {
    json: String,
    kind: PatientErrorKind,
    field: &'static str,
    message: String,
}

fn case(
    json: String,
    kind: PatientErrorKind,
    field: &'static str,
    message: impl Into<String>,
) -> Case {
    Case {
        json,
        kind,
        field,
        message: message.into(),
    }
}

/// Asserts the kind, field and exact message of `from_json`, and that plain serde rejects the
/// same input with the same words (the validation message for a validation error; the reader's
/// message for a syntax error, since plain serde does not track paths).
fn check(c: &Case) -> PatientError {
    let err = match Patient::from_json(&c.json) {
        Ok(p) => panic!("accepted {}: {p:?}", c.json),
        Err(e) => e,
    };
    assert_eq!(err.kind(), c.kind, "kind for {}: {err}", c.json);
    assert_eq!(err.field(), c.field, "field for {}: {err}", c.json);
    assert_eq!(err.to_string(), c.message, "message for {}", c.json);

    let serde_err = serde_json::from_str::<Patient>(&c.json)
        .expect_err("plain serde must reject what from_json rejects")
        .to_string();
    match &err {
        // from_json may add the text where reading stopped (" at `x`"); the reader's own
        // words are shared.
        PatientError::Syntax { message, .. } => assert!(
            serde_err.contains(message.split(" at `").next().unwrap()),
            "serde said {serde_err:?}, from_json said {message:?}"
        ),
        other => assert!(
            serde_err.contains(&other.to_string()),
            "serde said {serde_err:?}, from_json said {other}"
        ),
    }
    err
}

fn check_all(cases: &[Case]) {
    for c in cases {
        check(c);
    }
}

fn accepted(edits: &[Edit]) -> Patient {
    let json = record(edits);
    let patient = Patient::from_json(&json).unwrap_or_else(|e| panic!("rejected {json}: {e}"));
    let via_serde: Patient = serde_json::from_str(&json).expect("plain serde accepts it too");
    assert_eq!(patient, via_serde);
    patient
}

fn joined(names: &[&str]) -> String {
    names.join(", ")
}

// ---------------------------------------------------------------------------------------------
// Lab values
// ---------------------------------------------------------------------------------------------

/// Part 5: a lab value that is negative is an error naming the field and the value.
#[test]
fn lab_value_negative() {
    use PatientErrorKind::Negative;
    check_all(&[
        case(
            record(&[set("labs.ferritin.value", json!(-1))]),
            Negative,
            "labs.ferritin.value",
            "labs.ferritin.value: ferritin value -1 is negative",
        ),
        case(
            record(&[set("labs.transferrin_saturation.value", json!(-0.5))]),
            Negative,
            "labs.transferrin_saturation.value",
            "labs.transferrin_saturation.value: transferrin saturation value -0.5 is negative",
        ),
    ]);
}

/// Part 5: transferrin saturation is 0 to 100 %; anything above 100 is an error.
#[test]
fn transferrin_saturation_above_100() {
    use PatientErrorKind::AboveMaximum;
    check_all(&[
        case(
            record(&[set("labs.transferrin_saturation.value", json!(100.01))]),
            AboveMaximum,
            "labs.transferrin_saturation.value",
            "labs.transferrin_saturation.value: transferrin saturation 100.01 % is above the maximum of 100 %",
        ),
        case(
            record(&[set("labs.transferrin_saturation.value", json!(120))]),
            AboveMaximum,
            "labs.transferrin_saturation.value",
            "labs.transferrin_saturation.value: transferrin saturation 120 % is above the maximum of 100 %",
        ),
    ]);
}

/// Part 5: the ends of the physical ranges are valid (transferrin saturation 0 and 100 %,
/// ferritin 0; ferritin has no upper limit).
#[test]
fn lab_range_bounds_are_accepted() {
    for tsat in [0.0, 100.0] {
        let p = accepted(&[set("labs.transferrin_saturation.value", json!(tsat))]);
        assert_eq!(
            p.labs().transferrin_saturation().map(|t| t.percent()),
            Some(tsat)
        );
    }
    let p = accepted(&[set("labs.ferritin.value", json!(0))]);
    assert_eq!(p.labs().ferritin().map(|f| f.value()), Some(0.0));
    let p = accepted(&[set("labs.ferritin.value", json!(5000.5))]);
    assert_eq!(p.labs().ferritin().map(|f| f.value()), Some(5000.5));
}

/// Part 5: a number too large to be finite (`1e999`, which JSON readers cannot hold) is the
/// field's typed "not a finite number" error, naming the field and the value (infinity), not a
/// generic syntax error.
#[test]
fn number_too_large_to_be_finite_is_typed() {
    let rows = [
        (
            "labs.ferritin.value",
            "1e999",
            "labs.ferritin.value: ferritin value inf is not a finite number",
        ),
        (
            "labs.transferrin_saturation.value",
            "-1e999",
            "labs.transferrin_saturation.value: transferrin saturation value -inf is not a finite number",
        ),
        ("age", "1e999", "age: age inf is not a finite number"),
        (
            "medications[1].days",
            "-2e400",
            "medications[1].days: days of use -inf is not a finite number",
        ),
    ];
    for (field, literal, message) in rows {
        let json = record(&[set(field, json!("@@"))]).replace("\"@@\"", literal);
        let err = Patient::from_json(&json).unwrap_err();
        assert_eq!(err.kind(), PatientErrorKind::NotFinite, "{err}");
        assert_eq!(err.field(), field);
        assert_eq!(err.to_string(), message);
        // Plain serde refuses it too.
        assert!(serde_json::from_str::<Patient>(&json).is_err());
    }
}

// ---------------------------------------------------------------------------------------------
// Whole-number quantities
// ---------------------------------------------------------------------------------------------

/// Part 5: days of use are a whole number >= 0.
#[test]
fn duration_negative_or_not_whole() {
    check_all(&[
        case(
            record(&[set("medications[1].days", json!(-1))]),
            PatientErrorKind::Negative,
            "medications[1].days",
            "medications[1].days: days of use -1 is negative",
        ),
        case(
            record(&[set("medications[1].days", json!(2.5))]),
            PatientErrorKind::NotWhole,
            "medications[1].days",
            "medications[1].days: days of use 2.5 is not a whole number",
        ),
        case(
            record(&[set("medications[0].days", json!(-0.5))]),
            PatientErrorKind::Negative,
            "medications[0].days",
            "medications[0].days: days of use -0.5 is negative",
        ),
    ]);
    // Zero days is a valid (just started) medicine.
    let p = accepted(&[set("medications[1].days", json!(0))]);
    assert_eq!(
        p.medications().days(Drug::Gabapentin),
        Some(Days::new(0).into())
    );
}

/// Part 5: age is a whole number of years, 0 to 130.
#[test]
fn age_out_of_range_or_not_whole() {
    check_all(&[
        case(
            record(&[set("age", json!(61.5))]),
            PatientErrorKind::NotWhole,
            "age",
            "age: age 61.5 is not a whole number",
        ),
        case(
            record(&[set("age", json!(-1))]),
            PatientErrorKind::Negative,
            "age",
            "age: age -1 is negative",
        ),
        case(
            record(&[set("age", json!(131))]),
            PatientErrorKind::AboveMaximum,
            "age",
            "age: age 131 is above the maximum of 130 years",
        ),
    ]);
    for (age, years) in [(json!(130), 130), (json!(0), 0), (json!(130.0), 130)] {
        assert_eq!(
            accepted(&[set("age", age)])
                .age()
                .known()
                .map(|a| a.years()),
            Some(years)
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

/// Part 5: an unknown name for any enum of the record is an error that lists the accepted
/// names, for every enum the record holds.
#[test]
fn unknown_name_for_every_enum() {
    use PatientErrorKind::{UnknownName, UnknownUnit};
    check_all(&[
        case(
            record(&[set("presentation.kind", json!("cramp"))]),
            UnknownName,
            "presentation.kind",
            "presentation.kind: unknown presentation \"cramp\"; expected one of: \
             true_cramp, restless_legs, spasticity, acute_musculoskeletal, out_of_scope",
        ),
        case(
            record(&[set(
                "presentation",
                json!({"kind": "true_cramp", "cramp_kind": "nocturnal"}),
            )]),
            UnknownName,
            "presentation.cramp_kind",
            "presentation.cramp_kind: unknown cramp kind \"nocturnal\"; expected one of: \
             idiopathic, secondary",
        ),
        case(
            record(&[set(
                "presentation",
                json!({"kind": "spasticity", "origin": "multiple_sclerosis", "impacts": []}),
            )]),
            UnknownName,
            "presentation.origin",
            "presentation.origin: unknown spasticity origin \"multiple_sclerosis\"; expected one of: \
             stroke, spinal_cord, other_cerebral, other_or_unknown",
        ),
        case(
            record(&[set(
                "presentation",
                json!({"kind": "spasticity", "origin": "stroke", "impacts": ["pain", "itch"]}),
            )]),
            UnknownName,
            "presentation.impacts[1]",
            "presentation.impacts[1]: unknown spasticity impact \"itch\"; expected one of: \
             pain, poor_skin_hygiene, decreased_function",
        ),
        case(
            record(&[set(
                "presentation",
                json!({"kind": "out_of_scope", "oos_kind": "tremor"}),
            )]),
            UnknownName,
            "presentation.oos_kind",
            "presentation.oos_kind: unknown out-of-scope kind \"tremor\"; expected one of: \
             contracture, tetany, dystonia",
        ),
        // The spec's short name S2 is a label, not an accepted name.
        case(
            record(&[set("stage", json!("S2"))]),
            UnknownName,
            "stage",
            "stage: unknown stage \"S2\"; expected one of: \
             nothing_tried, non_drug_insufficient, refractory",
        ),
        // Names are matched exactly: no case folding.
        case(
            record(&[set("severity", json!("Moderate"))]),
            UnknownName,
            "severity",
            "severity: unknown severity \"Moderate\"; expected one of: mild, moderate, severe",
        ),
        case(
            record(&[set("conditions[1]", json!("diabetes"))]),
            UnknownName,
            "conditions[1]",
            "conditions[1]: unknown condition \"diabetes\"; expected one of: \
             pregnancy, stroke_recovery, end_stage_renal_disease, recent_myocardial_infarction, \
             arrhythmia, heart_block, congestive_heart_failure, hyperthyroidism",
        ),
        case(
            record(&[set("rls_criteria[2]", json!("twitching"))]),
            UnknownName,
            "rls_criteria[2]",
            "rls_criteria[2]: unknown RLS criterion \"twitching\"; expected one of: \
             urge_to_move, worse_at_rest, relief_with_movement, worse_in_evening, \
             not_explained_by_other_condition",
        ),
        case(
            record(&[set("labs.ferritin.unit", json!("mg/dL"))]),
            UnknownUnit,
            "labs.ferritin.unit",
            "labs.ferritin.unit: unknown unit \"mg/dL\" for ferritin; expected one of: \
             ng/mL, ug/L, µg/L, \u{3bc}g/L",
        ),
        case(
            record(&[set("labs.transferrin_saturation.unit", json!("mg/dL"))]),
            UnknownUnit,
            "labs.transferrin_saturation.unit",
            "labs.transferrin_saturation.unit: unknown unit \"mg/dL\" for transferrin saturation; \
             expected one of: %",
        ),
    ]);
}

/// Part 5: an unknown drug lists the accepted drug names (the spec's drugs and the "other"
/// entry of each class).
#[test]
fn unknown_drug_lists_accepted_names() {
    let all: Vec<&str> = Drug::ALL.iter().map(|d| d.name()).collect();
    let err = check(&case(
        record(&[set("medications[1].drug", json!("gabapentine"))]),
        PatientErrorKind::UnknownName,
        "medications[1].drug",
        format!(
            "medications[1].drug: unknown drug \"gabapentine\"; expected one of: {}",
            joined(&all)
        ),
    ));
    let msg = err.to_string();
    for name in [
        "gabapentin, gabapentin_enacarbil, pregabalin",
        "cyclobenzaprine",
        "carbidopa_levodopa",
        "other_benzodiazepine",
        "selegiline",
        "aspirin",
        "magnesium",
        "other_mao_inhibitor",
    ] {
        assert!(msg.contains(name), "{name} missing from {msg}");
    }
}

/// Part 5: carbidopa alone is not a drug the crate accepts; the error says it is accepted as
/// `carbidopa_levodopa`, which is.
#[test]
fn carbidopa_alone_is_rejected_with_a_hint() {
    let all: Vec<&str> = Drug::ALL.iter().map(|d| d.name()).collect();
    check(&case(
        record(&[set("medications[0].drug", json!("carbidopa"))]),
        PatientErrorKind::UnknownName,
        "medications[0].drug",
        format!(
            "medications[0].drug: unknown drug \"carbidopa\" (carbidopa is accepted only with \
             levodopa, as carbidopa_levodopa); expected one of: {}",
            joined(&all)
        ),
    ));
    let p = accepted(&[set("medications[0].drug", json!("carbidopa_levodopa"))]);
    assert!(p.medications().contains(Drug::CarbidopaLevodopa));
}

// ---------------------------------------------------------------------------------------------
// Units
// ---------------------------------------------------------------------------------------------

/// Part 5: a known unit that does not fit the lab is `UnitMismatch`; a unit the crate does not
/// know is `UnknownUnit`; units are matched exactly (no case folding, no trimming).
#[test]
fn unit_that_does_not_fit_the_lab() {
    use PatientErrorKind::{UnitMismatch, UnknownUnit};
    let ferritin_units = "expected one of: ng/mL, ug/L, µg/L, \u{3bc}g/L";
    check_all(&[
        case(
            record(&[set("labs.ferritin.unit", json!("%"))]),
            UnitMismatch,
            "labs.ferritin.unit",
            format!("labs.ferritin.unit: unit \"%\" does not fit ferritin; {ferritin_units}"),
        ),
        case(
            record(&[set("labs.transferrin_saturation.unit", json!("ng/mL"))]),
            UnitMismatch,
            "labs.transferrin_saturation.unit",
            "labs.transferrin_saturation.unit: unit \"ng/mL\" does not fit transferrin \
             saturation; expected one of: %",
        ),
        case(
            record(&[set("labs.transferrin_saturation.unit", json!("ug/L"))]),
            UnitMismatch,
            "labs.transferrin_saturation.unit",
            "labs.transferrin_saturation.unit: unit \"ug/L\" does not fit transferrin \
             saturation; expected one of: %",
        ),
        case(
            record(&[set("labs.ferritin.unit", json!("ng/ml"))]),
            UnknownUnit,
            "labs.ferritin.unit",
            format!("labs.ferritin.unit: unknown unit \"ng/ml\" for ferritin; {ferritin_units}"),
        ),
        case(
            record(&[set("labs.ferritin.unit", json!(" ng/mL"))]),
            UnknownUnit,
            "labs.ferritin.unit",
            format!("labs.ferritin.unit: unknown unit \" ng/mL\" for ferritin; {ferritin_units}"),
        ),
    ]);
    // Part 5 (1.2.0): "the Greek small letter mu (`μg/L`, U+03BC) is accepted as the micro
    // sign (`µg/L`, U+00B5)".
    let p = accepted(&[set("labs.ferritin.unit", json!("\u{03bc}g/L"))]);
    assert_eq!(
        p.labs().ferritin().map(|f| f.unit()),
        Some(FerritinUnit::MicrogramsPerLitre)
    );
}

/// Part 5: ferritin in `ug/L` or `µg/L` (micro sign U+00B5) is accepted and is the same value
/// as in ng/mL: the plan is the same.
#[test]
fn ferritin_micrograms_per_litre_equals_nanograms_per_millilitre() {
    let ng = accepted(&[set("labs.ferritin.value", json!(40))]);
    assert_eq!(
        ng.labs().ferritin().unwrap().unit(),
        FerritinUnit::NanogramsPerMillilitre
    );
    let ng_plan = recommend(&ng);
    for unit in ["ug/L", "\u{00b5}g/L"] {
        let p = accepted(&[
            set("labs.ferritin.value", json!(40)),
            set("labs.ferritin.unit", json!(unit)),
        ]);
        let f = p.labs().ferritin().expect("measured");
        assert_eq!(f.unit(), FerritinUnit::MicrogramsPerLitre, "{unit}");
        assert_eq!(f.value(), 40.0);
        assert_eq!(f.in_ng_per_ml(), 40.0);
        assert!(f.calls_for_iron(), "40 {unit} is <= 75 ng/mL");
        // The trace records the unit as given, so compare what the unit must not change.
        let plan = recommend(&p);
        assert_eq!(plan.steps, ng_plan.steps, "{unit}");
        assert_eq!(plan.alerts, ng_plan.alerts, "{unit}");
        assert_eq!(plan.avoidances, ng_plan.avoidances, "{unit}");
    }
}

// ---------------------------------------------------------------------------------------------
// Required and optional fields
// ---------------------------------------------------------------------------------------------

/// Part 5: every required field, absent or `null`, is `MissingField` with its path. The age
/// and the days of use may be stated unknown with `null` (see
/// `age_and_days_may_be_stated_unknown`): for them only absence is an error.
#[test]
fn missing_required_fields() {
    let true_cramp = json!({"kind": "true_cramp", "cramp_kind": "idiopathic"});
    let spasticity = json!({"kind": "spasticity", "origin": "stroke", "impacts": ["pain"]});
    let oos = json!({"kind": "out_of_scope", "oos_kind": "tetany"});
    // (field, edits that put the field in place, the field path to remove or null)
    let rows: Vec<(&'static str, Vec<Edit>)> = vec![
        ("presentation", vec![]),
        ("presentation.kind", vec![]),
        (
            "presentation.cramp_kind",
            vec![set("presentation", true_cramp)],
        ),
        (
            "presentation.origin",
            vec![set("presentation", spasticity.clone())],
        ),
        (
            "presentation.impacts",
            vec![set("presentation", spasticity)],
        ),
        ("presentation.oos_kind", vec![set("presentation", oos)]),
        ("stage", vec![]),
        ("severity", vec![]),
        ("age", vec![]),
        ("conditions", vec![]),
        ("medications", vec![]),
        ("medications[1].drug", vec![]),
        ("medications[1].days", vec![]),
        ("labs.ferritin.unit", vec![]),
        ("labs.ferritin.value", vec![]),
        ("labs.transferrin_saturation.unit", vec![]),
        ("labs.transferrin_saturation.value", vec![]),
    ];
    for (field, setup) in rows {
        let stated = field == "age" || field.ends_with(".days");
        let edits: Vec<Edit> = if stated {
            vec![del(field)]
        } else {
            vec![del(field), set(field, Value::Null)]
        };
        for edit in edits {
            let mut edits = setup.clone();
            edits.push(edit);
            check(&case(
                record(&edits),
                PatientErrorKind::MissingField,
                field,
                format!("{field}: missing required field"),
            ));
        }
    }
}

/// Part 5: "Age: a whole number of years, or stated as unknown"; "days of use a whole
/// number >= 0, or stated as unknown"; "in JSON an explicit marker such as `null` or `"unknown"`,
/// never a missing field". Both markers are accepted, and the missing field stays an error
/// (see `missing_required_fields`).
#[test]
fn age_and_days_may_be_stated_unknown() {
    for marker in [Value::Null, json!("unknown")] {
        let p = accepted(&[set("age", marker.clone())]);
        assert_eq!(p.age(), Stated::Unknown);
        let p = accepted(&[set("medications[1].days", marker.clone())]);
        assert_eq!(
            p.medications().days(Drug::Gabapentin),
            Some(Stated::Unknown)
        );
        // Written back as "unknown", and read back equal.
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(json["medications"][0]["days"], json!("unknown"));
        assert_eq!(Patient::from_json(&json.to_string()).unwrap(), p);
    }
    let p = accepted(&[set("age", json!("unknown"))]);
    assert_eq!(serde_json::to_value(&p).unwrap()["age"], json!("unknown"));
    // Any other string is refused, naming the field and the value.
    check(&case(
        record(&[set("age", json!("Unknown"))]),
        PatientErrorKind::Syntax,
        "age",
        "age: invalid value: string \"Unknown\", expected a number, null or \"unknown\" (line 1, column 16)",
    ));
}

/// Part 5: empty `conditions` and `medications` mean "checked, none" and are accepted, while
/// absent ones are errors (see `missing_required_fields`).
#[test]
fn empty_lists_are_accepted() {
    let p = accepted(&[set("conditions", json!([])), set("medications", json!([]))]);
    assert!(p.conditions().is_empty());
    assert!(p.medications().is_empty());
    let p = accepted(&[set(
        "presentation",
        json!({"kind": "spasticity", "origin": "spinal_cord", "impacts": []}),
    )]);
    assert_eq!(
        p.presentation(),
        Presentation::Spasticity {
            origin: SpasticityOrigin::SpinalCord,
            impacts: Set::new()
        }
    );
}

/// Part 5: optional fields absent mean "not measured" (labs) and "not reported" (RLS
/// criteria), never a default value; an empty criteria list is "reported, none present".
#[test]
fn optional_fields_absent_mean_unknown() {
    for edits in [
        vec![del("labs"), del("rls_criteria")],
        vec![set("labs", Value::Null), set("rls_criteria", Value::Null)],
        vec![set("labs", json!({})), del("rls_criteria")],
    ] {
        let p = accepted(&edits);
        assert_eq!(p.labs().ferritin(), None);
        assert_eq!(p.labs().transferrin_saturation(), None);
        assert_eq!(p.rls_criteria(), None);
    }
    let p = accepted(&[del("labs.transferrin_saturation")]);
    assert!(p.labs().ferritin().is_some());
    assert_eq!(p.labs().transferrin_saturation(), None);
    let p = accepted(&[set("rls_criteria", json!([]))]);
    assert_eq!(p.rls_criteria(), Some(Set::new()));
    let p = accepted(&[]);
    assert_eq!(
        p.rls_criteria(),
        Some(Set::from([
            RlsCriterion::UrgeToMove,
            RlsCriterion::WorseAtRest
        ]))
    );
}

// ---------------------------------------------------------------------------------------------
// Duplicates and fields that do not belong
// ---------------------------------------------------------------------------------------------

/// Part 5: the same drug listed twice is an error naming the second occurrence and the drug;
/// so is any other duplicated list entry.
#[test]
fn duplicate_entries() {
    use PatientErrorKind::Duplicate;
    check_all(&[
        case(
            record(&[set(
                "medications[2]",
                json!({"drug": "ropinirole", "days": 10}),
            )]),
            Duplicate,
            "medications[2].drug",
            "medications[2].drug: \"ropinirole\" is listed twice",
        ),
        case(
            record(&[set("conditions[1]", json!("end_stage_renal_disease"))]),
            Duplicate,
            "conditions[1]",
            "conditions[1]: \"end_stage_renal_disease\" is listed twice",
        ),
        case(
            record(&[set("rls_criteria[2]", json!("urge_to_move"))]),
            Duplicate,
            "rls_criteria[2]",
            "rls_criteria[2]: \"urge_to_move\" is listed twice",
        ),
        case(
            record(&[set(
                "presentation",
                json!({"kind": "spasticity", "origin": "stroke", "impacts": ["pain", "pain"]}),
            )]),
            Duplicate,
            "presentation.impacts[1]",
            "presentation.impacts[1]: \"pain\" is listed twice",
        ),
    ]);
}

/// Part 5: a subtype field belongs only with its presentation (an origin on a true cramp is
/// an error, not silently dropped).
#[test]
fn subtype_field_that_does_not_belong() {
    use PatientErrorKind::UnexpectedField;
    let spasticity_only = "only a spasticity presentation has an origin and impacts";
    check_all(&[
        case(
            record(&[set(
                "presentation",
                json!({"kind": "true_cramp", "cramp_kind": "idiopathic", "origin": "stroke"}),
            )]),
            UnexpectedField,
            "presentation.origin",
            format!("presentation.origin: {spasticity_only}"),
        ),
        case(
            record(&[set(
                "presentation",
                json!({"kind": "restless_legs", "cramp_kind": "idiopathic"}),
            )]),
            UnexpectedField,
            "presentation.cramp_kind",
            "presentation.cramp_kind: only a true_cramp presentation has a cramp_kind",
        ),
        case(
            record(&[set(
                "presentation",
                json!({"kind": "acute_musculoskeletal", "impacts": []}),
            )]),
            UnexpectedField,
            "presentation.impacts",
            format!("presentation.impacts: {spasticity_only}"),
        ),
        case(
            record(&[set(
                "presentation",
                json!({"kind": "spasticity", "origin": "stroke", "impacts": [], "oos_kind": "tetany"}),
            )]),
            UnexpectedField,
            "presentation.oos_kind",
            "presentation.oos_kind: only an out_of_scope presentation has an oos_kind",
        ),
    ]);
}

// ---------------------------------------------------------------------------------------------
// Syntax, size and nesting
// ---------------------------------------------------------------------------------------------

/// A complete valid record written by hand, so that line and column numbers are fixed.
const FULL: &str = r#"{"presentation":{"kind":"restless_legs"},"stage":"refractory","severity":"severe","age":50,"conditions":[],"medications":[]}"#;

/// Part 5: an unknown field (a typo) is rejected, not ignored, and the message names it.
#[test]
fn unknown_field_is_rejected() {
    use PatientErrorKind::Syntax;
    let top = "expected one of `presentation`, `stage`, `severity`, `age`, `conditions`, \
               `medications`, `labs`, `rls_criteria`";
    check_all(&[
        case(
            FULL.replace("\"medications\"", "\"medicaitons\""),
            Syntax,
            "medicaitons",
            format!("medicaitons: unknown field `medicaitons`, {top} (line 1, column 120)"),
        ),
        case(
            FULL.replace(
                r#""restless_legs""#,
                r#""restless_legs","stage":"refractory""#,
            ),
            Syntax,
            "presentation.stage",
            "presentation.stage: unknown field `stage`, expected one of `kind`, `cramp_kind`, \
             `origin`, `impacts`, `oos_kind` (line 1, column 47)",
        ),
        case(
            FULL.replace(
                r#""medications":[]"#,
                r#""medications":[{"drug":"gabapentin","days":3,"dose":300}]"#,
            ),
            Syntax,
            "medications[0].dose",
            "medications[0].dose: unknown field `dose`, expected `drug` or `days` \
             (line 1, column 158)",
        ),
    ]);
    assert!(
        Patient::from_json(FULL).is_ok(),
        "the hand-written record is valid"
    );
}

/// Part 5: a field of the wrong JSON type is a `Syntax` error with the field path.
#[test]
fn wrong_json_types() {
    use PatientErrorKind::Syntax;
    check_all(&[
        case(
            FULL.replace(r#""age":50"#, r#""age":"50""#),
            Syntax,
            "age",
            "age: invalid value: string \"50\", expected a number, null or \"unknown\" (line 1, column 92)",
        ),
        case(
            FULL.replace(r#""age":50"#, r#""age":true"#),
            Syntax,
            "age",
            "age: invalid type: boolean `true`, expected a number, null or \"unknown\" (line 1, column 92)",
        ),
        case(
            FULL.replace(r#""medications":[]"#, r#""medications":{}"#),
            Syntax,
            "medications",
            "medications: invalid type: map, expected a sequence (line 1, column 121)",
        ),
        case(
            FULL.replace(r#""conditions":[]"#, r#""conditions":"none""#),
            Syntax,
            "conditions",
            "conditions: invalid type: string \"none\", expected a sequence (line 1, column 110)",
        ),
    ]);
}

/// Part 5: malformed JSON and trailing garbage are `Syntax` errors.
#[test]
fn malformed_json_and_trailing_garbage() {
    use PatientErrorKind::Syntax;
    check_all(&[
        case(
            format!("{FULL} x"),
            Syntax,
            ".",
            ".: trailing characters at `x` (line 1, column 126)",
        ),
        case(
            format!("{FULL}{FULL}"),
            Syntax,
            ".",
            ".: trailing characters (line 1, column 125)",
        ),
        case(
            "not json".to_owned(),
            Syntax,
            ".",
            ".: expected ident at `not` (line 1, column 2)",
        ),
        case(
            String::new(),
            Syntax,
            ".",
            ".: EOF while parsing a value (line 1, column 0)",
        ),
        case(
            r#"{"medications":[{"drug":"gabapentin","days":3},]}"#.to_owned(),
            Syntax,
            "medications",
            "medications: trailing comma (line 1, column 48)",
        ),
        case(
            r#"{"stage":"refr"#.to_owned(),
            Syntax,
            "stage",
            "stage: EOF while parsing a string (line 1, column 14)",
        ),
    ]);
    // A document cut short between fields: still a typed error (the path reader reports `?`
    // for the position).
    let cut = &FULL[..FULL.find(",\"severity\"").unwrap()];
    let err = Patient::from_json(cut).unwrap_err();
    assert_eq!(err.kind(), Syntax);
    assert!(
        err.to_string().contains("EOF while parsing an object"),
        "{err}"
    );
}

/// Part 5 / `MAX_JSON_BYTES`: a document one byte over the limit is `TooLarge`; one at the
/// limit is read.
#[test]
fn document_larger_than_the_limit() {
    let max = Patient::MAX_JSON_BYTES;
    let padded = |len: usize| format!("{FULL}{}", " ".repeat(len - FULL.len()));
    let at_limit = padded(max);
    assert_eq!(at_limit.len(), max);
    assert!(Patient::from_json(&at_limit).is_ok());

    let over = padded(max + 1);
    let err = Patient::from_json(&over).unwrap_err();
    assert_eq!(err.kind(), PatientErrorKind::TooLarge);
    assert_eq!(err.field(), "input");
    assert_eq!(
        err.to_string(),
        format!(
            "input: {} bytes is above the maximum of {max} bytes",
            max + 1
        )
    );
    // The variant is `#[non_exhaustive]`: matched field by field, both fields checked.
    assert!(
        matches!(err, PatientError::TooLarge { size, max: 65_536, .. } if size == max + 1),
        "{err:?}"
    );
}

/// Part 5: deeply nested input is an error, never a stack overflow, wherever it is put.
#[test]
fn deeply_nested_document() {
    let arrays = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let objects = format!("{}1{}", r#"{"a":"#.repeat(10_000), "}".repeat(10_000));
    let docs = [
        arrays.clone(),
        objects.clone(),
        format!(r#"{{"x":{arrays}}}"#),
        format!(r#"{{"x":{objects}}}"#),
        format!(r#"{{"conditions":{arrays}}}"#),
        format!(r#"{{"presentation":{arrays}}}"#),
        format!(r#"{{"labs":{{"ferritin":{objects}}}}}"#),
        format!(r#"{{"medications":{arrays}}}"#),
        FULL.replace(r#""conditions":[]"#, &format!(r#""conditions":[{arrays}]"#)),
    ];
    for doc in &docs {
        assert!(doc.len() <= Patient::MAX_JSON_BYTES, "not a size test");
        let err = Patient::from_json(doc).expect_err("nested input is not a patient");
        assert_eq!(err.kind(), PatientErrorKind::Syntax, "{err}");
        assert!(serde_json::from_str::<Patient>(doc).is_err());
    }
    // The unknown field is reported by name, before its value is read.
    let err = Patient::from_json(&docs[2]).unwrap_err();
    assert_eq!(err.field(), "x");
}

/// The wire form is a JSON object. A positional array (`[presentation, stage, ...]`) has no
/// field names, so errors in it could not name the field: it is rejected, at every level.
#[test]
fn positional_array_is_not_a_patient() {
    let json = r#"[{"kind":"restless_legs"},"refractory","severe",50,[],[]]"#;
    let err = Patient::from_json(json).expect_err("a record is an object with named fields");
    assert_eq!(err.kind(), PatientErrorKind::Syntax);
    assert!(
        err.to_string()
            .contains("expected an object with named fields"),
        "{err}"
    );
    assert!(serde_json::from_str::<Patient>(json).is_err());

    let nested = record(&[set("presentation", json!(["restless_legs"]))]);
    let err = Patient::from_json(&nested).unwrap_err();
    assert_eq!(
        (err.kind(), err.field()),
        (PatientErrorKind::Syntax, "presentation")
    );
    let nested = record(&[set("medications[0]", json!(["gabapentin", 3]))]);
    let err = Patient::from_json(&nested).unwrap_err();
    assert_eq!(
        (err.kind(), err.field()),
        (PatientErrorKind::Syntax, "medications[0]")
    );
    let nested = record(&[set("labs.ferritin", json!([40, "ng/mL"]))]);
    let err = Patient::from_json(&nested).unwrap_err();
    assert_eq!(
        (err.kind(), err.field()),
        (PatientErrorKind::Syntax, "labs.ferritin")
    );
}

// ---------------------------------------------------------------------------------------------
// Programmatic constructors and the other serde entry points
// ---------------------------------------------------------------------------------------------

/// Part 5: constructors, `FromStr` and `TryFrom` validate too, with typed errors and messages
/// that name the quantity and the value.
#[test]
fn programmatic_constructors() {
    let ng = FerritinUnit::NanogramsPerMillilitre;

    let err = Ferritin::new(f64::NAN, ng).unwrap_err();
    assert!(matches!(err, LabError::NotFinite { lab: LabKind::Ferritin, value } if value.is_nan()));
    assert_eq!(err.to_string(), "ferritin value NaN is not a finite number");

    let err = Ferritin::new(f64::INFINITY, ng).unwrap_err();
    assert_eq!(
        err,
        LabError::NotFinite {
            lab: LabKind::Ferritin,
            value: f64::INFINITY
        }
    );
    assert_eq!(err.to_string(), "ferritin value inf is not a finite number");

    let err = Ferritin::new(-1.0, FerritinUnit::MicrogramsPerLitre).unwrap_err();
    assert_eq!(
        err,
        LabError::Negative {
            lab: LabKind::Ferritin,
            value: -1.0
        }
    );
    assert_eq!(err.to_string(), "ferritin value -1 is negative");

    let err = TransferrinSaturation::new(100.5).unwrap_err();
    assert_eq!(
        err,
        LabError::AboveMaximum {
            lab: LabKind::TransferrinSaturation,
            value: 100.5,
            max: 100.0
        }
    );
    assert_eq!(
        err.to_string(),
        "transferrin saturation 100.5 % is above the maximum of 100 %"
    );
    assert_eq!(err.lab(), LabKind::TransferrinSaturation);
    assert_eq!(TransferrinSaturation::new(100.0).unwrap().percent(), 100.0);
    let err = TransferrinSaturation::new(f64::NEG_INFINITY).unwrap_err();
    assert_eq!(
        err.to_string(),
        "transferrin saturation value -inf is not a finite number"
    );

    let err = Age::new(131).unwrap_err();
    assert_eq!(
        err,
        QuantityError::AboveMaximum {
            quantity: Quantity::Age,
            value: 131.0,
            max: 130
        }
    );
    assert_eq!(err.to_string(), "age 131 is above the maximum of 130 years");
    assert_eq!(Age::new(130).unwrap().years(), 130);
    assert_eq!(
        Age::try_from(30.5).unwrap_err().to_string(),
        "age 30.5 is not a whole number"
    );
    assert_eq!(
        "-2".parse::<Age>().unwrap_err().to_string(),
        "age -2 is negative"
    );

    let err = Days::try_from(-1i64).unwrap_err();
    assert_eq!(
        err,
        QuantityError::Negative {
            quantity: Quantity::Days,
            value: -1.0
        }
    );
    assert_eq!(err.to_string(), "days of use -1 is negative");
    assert_eq!(err.quantity(), Quantity::Days);

    let err = Days::try_from(f64::NAN).unwrap_err();
    assert!(matches!(
        err,
        QuantityError::NotFinite { quantity: Quantity::Days, value } if value.is_nan()
    ));
    assert_eq!(err.to_string(), "days of use NaN is not a finite number");

    let err = "x".parse::<Drug>().unwrap_err();
    let all: Vec<&str> = Drug::ALL.iter().map(|d| d.name()).collect();
    assert_eq!(err.what(), "drug");
    assert_eq!(err.value(), "x");
    assert_eq!(err.accepted(), all.as_slice());
    assert_eq!(
        err.to_string(),
        format!("unknown drug \"x\"; expected one of: {}", joined(&all))
    );
    let err: NameError = "carbidopa".parse::<Drug>().unwrap_err();
    assert!(
        err.to_string()
            .starts_with("unknown drug \"carbidopa\" (carbidopa is accepted only with levodopa, as carbidopa_levodopa); expected one of: gabapentin, "),
        "{err}"
    );
    assert_eq!(
        "\u{03bc}g/L".parse::<FerritinUnit>(),
        Ok(FerritinUnit::MicrogramsPerLitre)
    );
    assert_eq!(
        "mg/L".parse::<FerritinUnit>().unwrap_err().to_string(),
        "unknown ferritin unit \"mg/L\"; expected one of: ng/mL, ug/L, µg/L, \u{03bc}g/L"
    );
}

/// Part 5: `Medications::new` rejects the same drug listed twice.
#[test]
fn medications_new_rejects_a_duplicate_drug() {
    let err = Medications::new([
        Medication::new(Drug::Gabapentin, Days::new(3)),
        Medication::new(Drug::Baclofen, Days::new(3)),
        Medication::new(Drug::Gabapentin, Days::new(10)),
    ])
    .unwrap_err();
    assert_eq!(
        err,
        DuplicateDrug {
            drug: Drug::Gabapentin
        }
    );
    assert_eq!(err.to_string(), "drug \"gabapentin\" is listed twice");
    // Different drugs of one class are not duplicates.
    let meds = Medications::new([
        Medication::new(Drug::MagnesiumOxide, Days::new(3)),
        Medication::new(Drug::Magnesium, Days::new(3)),
    ])
    .unwrap();
    assert_eq!(meds.len(), 2);
}

/// Part 5: every public type that serde reads validates on its own too, so that serde and
/// `from_json` cannot disagree when a caller deserialises a part of a record.
#[test]
fn serde_of_parts_validates() {
    fn rejects<T: serde::de::DeserializeOwned + std::fmt::Debug>(json: &str, words: &str) {
        let err = serde_json::from_str::<T>(json).expect_err(json).to_string();
        assert!(err.contains(words), "{json}: {err:?} lacks {words:?}");
    }
    rejects::<Age>("131", "age 131 is above the maximum of 130 years");
    rejects::<Age>("2.5", "age 2.5 is not a whole number");
    rejects::<Days>("-1", "days of use -1 is negative");
    rejects::<Drug>(
        "\"carbidopa\"",
        "unknown drug \"carbidopa\" (carbidopa is accepted",
    );
    rejects::<Stage>(
        "\"S2\"",
        "unknown stage \"S2\"; expected one of: nothing_tried",
    );
    rejects::<Ferritin>(
        r#"{"value":-1,"unit":"ng/mL"}"#,
        "ferritin value -1 is negative",
    );
    rejects::<Ferritin>(
        r#"{"value":40,"unit":"%"}"#,
        "unit \"%\" does not fit ferritin",
    );
    rejects::<TransferrinSaturation>(
        r#"{"value":100.01,"unit":"%"}"#,
        "transferrin saturation 100.01 % is above the maximum of 100 %",
    );
    rejects::<Medications>(
        r#"[{"drug":"gabapentin","days":1},{"drug":"gabapentin","days":2}]"#,
        "drug \"gabapentin\" is listed twice",
    );
    rejects::<Set<Condition>>(
        r#"["pregnancy","pregnancy"]"#,
        "\"pregnancy\" is listed twice",
    );
    rejects::<Set<Impact>>(r#"["itch"]"#, "unknown spasticity impact \"itch\"");
    rejects::<Presentation>(
        r#"{"kind":"true_cramp","cramp_kind":"idiopathic","origin":"stroke"}"#,
        "presentation.origin: only a spasticity presentation has an origin and impacts",
    );
    rejects::<Presentation>(
        r#"{"kind":"spasticity","origin":"stroke"}"#,
        "presentation.impacts: missing required field",
    );
}

/// Part 5, found by fuzzing: a syntax error next to a multi-byte white-space character
/// (U+0085, two bytes in UTF-8) is a typed error, not a panic, and the message names the text.
#[test]
fn multibyte_white_space_before_a_syntax_error() {
    for json in [
        "{\"age\": 5\u{85}x}",
        "{\"stage\":\u{85}nothing_tried}",
        "\u{85}\u{2003}[{",
    ] {
        let err = Patient::from_json(json).unwrap_err();
        assert_eq!(err.kind(), PatientErrorKind::Syntax, "{json:?}: {err}");
    }
    // JSON white space is ASCII: the reader stops at U+0085 itself, so there is no text to name.
    let err = Patient::from_json("{\"age\":\u{85}nothing}").unwrap_err();
    assert_eq!(err.field(), "age");
    assert_eq!(err.to_string(), "age: expected value (line 1, column 8)");
}

/// Part 5 ("messages name the field and the value"): a syntax error names the text where
/// reading stopped, even where the reader's own words happen to hold it, and even where the
/// reader stopped inside a multi-byte character (U+0085 is two bytes: the bad escape is
/// reported at its second byte).
#[test]
fn a_syntax_error_names_the_text_where_reading_stopped() {
    use PatientErrorKind::Syntax;
    check_all(&[
        case(
            r#"{"age": value}"#.to_owned(),
            Syntax,
            "age",
            "age: expected value at `value` (line 1, column 9)",
        ),
        case(
            "{\"age\": \"\\u00\u{85}\"}".to_owned(),
            Syntax,
            "age",
            "age: invalid escape at `\"\\u00` (line 1, column 15)",
        ),
        case(
            "{\"age\": \"\\u00\u{e9}\"}".to_owned(),
            Syntax,
            "age",
            "age: invalid escape at `\"\\u00\u{e9}\"` (line 1, column 15)",
        ),
    ]);
}

/// Part 5: only a numeric field's number too large to be finite is that field's typed
/// "not a finite number" error; at a field that takes a name, it is a syntax error there.
#[test]
fn a_number_too_large_elsewhere_is_a_syntax_error() {
    use PatientErrorKind::Syntax;
    check_all(&[
        case(
            r#"{"stage": 1e999}"#.to_owned(),
            Syntax,
            "stage",
            "stage: number out of range at `1e999` (line 1, column 15)",
        ),
        case(
            r#"{"medications": [{"drug": 1e999, "days": 3}]}"#.to_owned(),
            Syntax,
            "medications[0].drug",
            "medications[0].drug: number out of range at `1e999` (line 1, column 31)",
        ),
    ]);
}

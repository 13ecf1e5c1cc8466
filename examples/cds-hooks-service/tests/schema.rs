//! The JSON Schemas in `schema/`: up to date with the types, valid JSON Schemas, and true of
//! what the crate reads and writes: the sample patients and generated ones, their plans, the
//! expected cards, a request and the discovery document validate; records the reader refuses
//! for a reason a schema can state are refused by the schema too.

#[path = "../../write_schema.rs"]
#[allow(dead_code)]
mod write_schema;

use std::path::{Path, PathBuf};

use jsonschema::Validator;
use leg_spasm_cds::*;
use proptest::prelude::*;
use serde_json::{Value, json};

/// A path in the library's directory (this package is `examples/cds-hooks-service/` in it).
fn manifest(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn validator(name: &str) -> Validator {
    let schema = read_json(&manifest(&format!("schema/{name}")));
    jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("schema/{name}: {e}"))
}

#[track_caller]
fn assert_valid(validator: &Validator, instance: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}");
}

fn json_files(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(manifest(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

/// `schema/` holds exactly what `write_schema` writes; otherwise the failure says how to
/// regenerate it.
#[test]
fn the_schemas_are_up_to_date() {
    let schemas = write_schema::schemas();
    let mut stale = Vec::new();
    for (name, text) in &schemas {
        let path = manifest(&format!("schema/{name}"));
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            stale.push(format!("schema/{name}"));
        }
    }
    assert!(
        stale.is_empty(),
        "{stale:?} out of date with the types: regenerate with `{}`",
        write_schema::COMMAND
    );
    let mut names: Vec<String> = std::fs::read_dir(manifest("schema"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut written: Vec<String> = schemas.iter().map(|(n, _)| (*n).to_owned()).collect();
    written.sort();
    assert_eq!(
        names,
        written,
        "schema/ holds files the command does not write: remove them, or regenerate with `{}`",
        write_schema::COMMAND
    );
}

#[test]
fn every_schema_is_a_valid_json_schema() {
    for (name, text) in write_schema::schemas() {
        let schema: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        if let Err(e) = jsonschema::meta::validate(&schema) {
            panic!("schema/{name} is not a valid JSON Schema: {e}");
        }
    }
}

#[test]
fn the_sample_patients_their_plans_and_cards_validate() {
    let patient_schema = validator("patient.json");
    let plan_schema = validator("plan.json");
    let request_schema = validator("cds-hooks-request.json");
    let response_schema = validator("cds-hooks-response.json");
    let samples = json_files("examples/patients");
    assert!(samples.len() >= 6);
    for path in samples {
        let what = path.display().to_string();
        let record = read_json(&path);
        assert_valid(&patient_schema, &record, &what);
        let patient = Patient::from_json(&record.to_string()).unwrap();
        // As the crate writes it back, too.
        assert_valid(
            &patient_schema,
            &serde_json::to_value(&patient).unwrap(),
            &what,
        );
        let plan = recommend(&patient);
        assert_valid(&plan_schema, &serde_json::to_value(&plan).unwrap(), &what);
        let request = json!({
            "hook": "patient-view",
            "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
            "fhirServer": "https://fhir.example.org",
            "fhirAuthorization": {
                "access_token": "opaque", "token_type": "Bearer", "expires_in": 300,
                "scope": "user/Patient.read", "subject": "leg-spasm-cds"
            },
            "context": {"userId": "Practitioner/example", "patientId": "1288992"},
            "prefetch": {"legSpasmPatient": record},
        });
        assert_valid(&request_schema, &request, &what);
        let response = cds_hooks::response(&plan);
        assert_valid(
            &response_schema,
            &serde_json::to_value(&response).unwrap(),
            &what,
        );
    }
    for path in json_files("tests/cds_hooks") {
        assert_valid(
            &response_schema,
            &read_json(&path),
            &path.display().to_string(),
        );
    }
}

#[test]
fn the_discovery_document_validates() {
    let discovery = serde_json::to_value(cds_service::discovery()).unwrap();
    assert_valid(
        &validator("cds-hooks-discovery.json"),
        &discovery,
        "discovery",
    );
}

/// What the schema states: every field, its names and its ranges.
#[test]
fn the_patient_schema_states_names_and_ranges() {
    let schema = read_json(&manifest("schema/patient.json"));
    let defs = &schema["$defs"];
    assert_eq!(
        schema["required"],
        json!([
            "presentation",
            "stage",
            "severity",
            "age",
            "conditions",
            "medications"
        ])
    );
    assert_eq!(schema["additionalProperties"], false);
    // Part 5: "Age: a whole number of years, or stated as unknown" (`null` or "unknown").
    let age = &schema["properties"]["age"]["oneOf"];
    assert_eq!(age[0]["minimum"], 0);
    assert_eq!(age[0]["maximum"], 130);
    assert_eq!(age[0]["type"], "integer");
    assert_eq!(age[1], json!({"type": "null"}));
    assert_eq!(age[2], json!({"const": "unknown"}));
    assert_eq!(
        defs["Stage"]["enum"],
        json!(["nothing_tried", "non_drug_insufficient", "refractory"])
    );
    let drugs: Vec<&str> = <Drug as strum::VariantNames>::VARIANTS.to_vec();
    assert_eq!(defs["Drug"]["enum"], json!(drugs));
    assert_eq!(
        defs["Ferritin"]["properties"]["unit"]["enum"],
        json!(["ng/mL", "ug/L", "µg/L", "\u{3bc}g/L"])
    );
    assert_eq!(
        defs["TransferrinSaturation"]["properties"]["value"]["maximum"],
        100
    );
    assert_eq!(defs["Presentation"]["oneOf"].as_array().unwrap().len(), 5);
    // The plan schema says what the crate writes: `ug/L`, never `µg/L`.
    let plan = read_json(&manifest("schema/plan.json"));
    assert_eq!(
        plan["$defs"]["Ferritin"]["properties"]["unit"]["enum"],
        json!(["ng/mL", "ug/L"])
    );
}

/// The malformed records of `tests/malformed/` that are JSON: the schema refuses each, except
/// those whose fault no JSON Schema states (the reader still refuses them).
#[test]
fn the_schema_refuses_what_it_can_state_of_the_malformed_records() {
    // Faults a schema cannot state: a drug listed twice with other days (JSON Schema can
    // require unique items, not items unique by one field), a duplicated key (a schema sees
    // the parsed object, which keeps one of the two).
    const BEYOND_A_SCHEMA: &[&str] = &["duplicate-drug.json", "duplicate-key.json"];
    let schema = validator("patient.json");
    let mut checked = 0;
    for path in json_files("tests/malformed") {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            Patient::from_json(&text).is_err(),
            "{name} is read by the reader"
        );
        let Ok(record) = serde_json::from_str::<Value>(&text) else {
            continue; // Not JSON: nothing for a schema to say.
        };
        let valid = schema.is_valid(&record);
        if BEYOND_A_SCHEMA.contains(&name.as_str()) {
            assert!(
                valid,
                "{name}: listed as beyond a schema, but the schema refuses it"
            );
        } else {
            assert!(
                !valid,
                "{name}: the reader refuses it, the schema accepts it"
            );
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} malformed records checked");
}

fn patient() -> impl Strategy<Value = Patient> {
    (
        prop::sample::select(vec![
            Presentation::TrueCramp(CrampKind::Idiopathic),
            Presentation::TrueCramp(CrampKind::Secondary),
            Presentation::RestlessLegs,
            Presentation::Spasticity {
                origin: SpasticityOrigin::Stroke,
                impacts: Set::from([Impact::Pain, Impact::DecreasedFunction]),
            },
            Presentation::Spasticity {
                origin: SpasticityOrigin::OtherOrUnknown,
                impacts: Set::new(),
            },
            Presentation::AcuteMusculoskeletal,
            Presentation::OutOfScope(OutOfScopeKind::Dystonia),
        ]),
        prop::sample::select(<Stage as strum::VariantArray>::VARIANTS.to_vec()),
        0u32..=130,
        prop::sample::subsequence(<Condition as strum::VariantArray>::VARIANTS.to_vec(), 0..=3),
        prop::sample::subsequence(<Drug as strum::VariantArray>::VARIANTS.to_vec(), 0..=4),
        0u32..=u32::MAX,
        proptest::option::of(0.0..1e6f64),
        proptest::option::of(0.0..=100.0f64),
        proptest::option::of(prop::sample::subsequence(
            <RlsCriterion as strum::VariantArray>::VARIANTS.to_vec(),
            0..=5,
        )),
    )
        .prop_map(
            |(presentation, stage, age, conditions, drugs, days, ferritin, tsat, criteria)| {
                let meds = Medications::new(
                    drugs
                        .into_iter()
                        .map(|d| Medication::new(d, Days::new(days))),
                )
                .unwrap();
                let mut labs = Labs::not_measured();
                if let Some(f) = ferritin {
                    labs = labs
                        .with_ferritin(Ferritin::new(f, FerritinUnit::MicrogramsPerLitre).unwrap());
                }
                if let Some(t) = tsat {
                    labs = labs.with_transferrin_saturation(TransferrinSaturation::new(t).unwrap());
                }
                let mut p = Patient::new(
                    presentation,
                    stage,
                    SymptomSeverity::Severe,
                    Age::new(age).unwrap(),
                    conditions.into_iter().collect::<Set<_>>(),
                    meds,
                )
                .with_labs(labs);
                if let Some(c) = criteria {
                    p = p.with_rls_criteria(c.into_iter().collect::<Set<_>>());
                }
                p
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Every patient the crate writes, and every plan, validates.
    #[test]
    fn generated_patients_and_plans_validate(p in patient()) {
        thread_local! {
            static SCHEMAS: (Validator, Validator) =
                (validator("patient.json"), validator("plan.json"));
        }
        let record = serde_json::to_value(&p).unwrap();
        let plan = serde_json::to_value(recommend(&p)).unwrap();
        SCHEMAS.with(|(patient_schema, plan_schema)| {
            assert_valid(patient_schema, &record, "patient");
            assert_valid(plan_schema, &plan, "plan");
        });
    }
}

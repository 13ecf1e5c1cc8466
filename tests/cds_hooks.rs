//! The CDS Hooks mapping: the cards of the sample patients against hand-checked JSON in
//! `tests/cds_hooks/`, and the properties every response has (summaries under 140
//! characters, stable uuids, override reasons on urgent cards, a card for every alert, no
//! empty or null field), on generated patients.

use crate::common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::Build as _;
use leg_spasm_cds::cds_hooks::{
    self, CdsRequest, Indicator, OVERRIDE_REASON_SYSTEM, PREFETCH_KEY, RequestError,
    STATEMENT_SYSTEM, SUMMARY_MAX_CHARS,
};
use leg_spasm_cds::*;
use proptest::prelude::*;
use serde_json::Value;

fn manifest(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn sample_names() -> Vec<String> {
    common::samples::sample_files()
        .into_iter()
        .map(|(name, _)| name)
        .collect()
}

fn sample_plan(name: &str) -> Plan {
    let (_, json) = common::samples::sample_files()
        .into_iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no sample {name}"));
    recommend(&Patient::from_json(&json).unwrap_or_else(|e| panic!("{name}: {e}")))
}

/// Each sample patient's response equals its expected JSON, written and checked by hand from
/// the plan (`cargo run --example recommend -- examples/patients/NAME.json`). On a mismatch
/// the actual response is written to `target/cds_hooks-actual/` for comparison.
#[test]
fn sample_patients_give_the_expected_cards() {
    let names = sample_names();
    assert!(names.len() >= 6);
    let expected_dir = manifest("tests/cds_hooks");
    let mut expected_files: BTreeSet<String> = std::fs::read_dir(&expected_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut mismatches = Vec::new();
    for name in &names {
        let file = format!("{name}.json");
        assert!(
            expected_files.remove(&file),
            "tests/cds_hooks/{file} is missing: every sample patient has its expected cards"
        );
        let expected: Value =
            serde_json::from_str(&std::fs::read_to_string(expected_dir.join(&file)).unwrap())
                .unwrap_or_else(|e| panic!("tests/cds_hooks/{file}: {e}"));
        let response = cds_hooks::response(&sample_plan(name));
        let actual = serde_json::to_value(&response).unwrap();
        if actual != expected {
            let dir = manifest("target/cds_hooks-actual");
            std::fs::create_dir_all(&dir).unwrap();
            let mut text = serde_json::to_string_pretty(&response).unwrap();
            text.push('\n');
            std::fs::write(dir.join(&file), text).unwrap();
            mismatches.push(file);
        }
    }
    assert!(
        expected_files.is_empty(),
        "expected cards for no sample patient: {expected_files:?}"
    );
    assert!(
        mismatches.is_empty(),
        "the cards differ from tests/cds_hooks/ for {mismatches:?}; the actual responses are in \
         target/cds_hooks-actual/"
    );
}

/// The stroke sample takes diazepam: the AV-1 alert is a critical card, first, with override
/// reasons, its topic AV-1, and the article as its source.
#[test]
fn the_stroke_sample_has_a_critical_card_for_its_benzodiazepine() {
    let cards = cds_hooks::cards(&sample_plan("stroke-spasticity-s2-diazepam"));
    let first = &cards[0];
    assert_eq!(first.indicator, Indicator::Critical);
    let topic = first.source.topic.as_ref().unwrap();
    assert_eq!(
        (topic.system.as_str(), topic.code.as_str()),
        (STATEMENT_SYSTEM, "AV-1")
    );
    assert_eq!(first.source.label, cds_hooks::ARTICLE_LABEL);
    assert!(first.summary.starts_with("Diazepam (current): "));
    assert_eq!(first.override_reasons, cds_hooks::override_reasons());
    let detail = first.detail.as_deref().unwrap();
    assert!(detail.contains("R1: Management of Leg Muscle Spasms"));
    assert!(detail.contains("DEC-10: "));
    // The other cards: the plan, with the baclofen cautions of SA-9; what to avoid, citing R8.
    let plan = cards
        .iter()
        .find(|c| c.summary.starts_with("Treatment plan"))
        .unwrap();
    assert_eq!(plan.indicator, Indicator::Info);
    assert!(plan.override_reasons.is_empty());
    assert_eq!(plan.source.label, cds_hooks::ARTICLE_AND_ADDITION_LABEL);
    assert!(plan.detail.as_deref().unwrap().contains("SA-9"));
    let avoid = cards
        .iter()
        .find(|c| c.summary.starts_with("Avoid: "))
        .unwrap();
    assert!(
        avoid
            .detail
            .as_deref()
            .unwrap()
            .contains("- R8: cited by the article, not listed\n")
    );
    // AV-1 (critical), SA-15 (the patient is 72), the plan, the avoidances.
    assert_eq!(cards.len(), 4);
}

/// The same rule about the same drug gives the same uuid, whatever the patient; another drug,
/// or another output of the rule, another uuid.
#[test]
fn card_uuids_depend_on_the_rule_and_the_drugs_not_on_the_patient() {
    let stroke = |age: u32, drug: Drug, stage: Stage| {
        let patient = Patient::new(
            Presentation::Spasticity {
                origin: SpasticityOrigin::Stroke,
                impacts: Set::new(),
            },
            stage,
            SymptomSeverity::Mild,
            Age::new(age).unwrap(),
            Set::new(),
            Medications::new([Medication::new(drug, Days::new(3))]).unwrap(),
        );
        let cards = cds_hooks::cards(&recommend(&patient));
        cards[0].uuid.clone().unwrap()
    };
    let a = stroke(70, Drug::Diazepam, Stage::NothingTried);
    assert_eq!(a, stroke(45, Drug::Diazepam, Stage::Refractory));
    assert_ne!(a, stroke(70, Drug::Lorazepam, Stage::NothingTried));
    assert_eq!(
        a,
        cds_hooks::card_uuid(
            "alert|AV-1|diazepam|A benzodiazepine during stroke recovery: possible negative \
             effects on recovery. Review the drug and its indication."
        )
    );

    // SA-7: tizanidine withheld, or tizanidine current, with fluvoxamine: two outputs.
    let spinal = |meds: &[Drug]| {
        let patient = Patient::new(
            Presentation::Spasticity {
                origin: SpasticityOrigin::SpinalCord,
                impacts: Set::new(),
            },
            Stage::NonDrugInsufficient,
            SymptomSeverity::Mild,
            Age::new(50).unwrap(),
            Set::new(),
            Medications::new(meds.iter().map(|&d| Medication::new(d, Days::new(10)))).unwrap(),
        );
        let plan = recommend(&patient);
        let cards = cds_hooks::cards(&plan);
        let card = cards
            .iter()
            .find(|c| c.source.topic.as_ref().unwrap().code == "SA-7")
            .unwrap();
        card.uuid.clone().unwrap()
    };
    assert_ne!(
        spinal(&[Drug::Fluvoxamine]),
        spinal(&[Drug::Fluvoxamine, Drug::Tizanidine])
    );

    // The grouped cards: one uuid each, whatever they hold.
    let uuids = |name: &str| -> Vec<String> {
        cds_hooks::cards(&sample_plan(name))
            .into_iter()
            .filter_map(|c| c.uuid)
            .collect()
    };
    let plan_uuid = cds_hooks::card_uuid("treatment-plan");
    assert!(uuids("idiopathic-cramp-s1").contains(&plan_uuid));
    assert!(uuids("rls-s2-esrd").contains(&plan_uuid));
}

/// Pregnancy: the SA-13 note is a warning card of its own, from the safety additions.
#[test]
fn a_warning_note_has_its_own_card() {
    let patient = Patient::new(
        Presentation::TrueCramp(CrampKind::Idiopathic),
        Stage::NothingTried,
        SymptomSeverity::Mild,
        Age::new(30).unwrap(),
        Set::from([Condition::Pregnancy]),
        Medications::none(),
    );
    let cards = cds_hooks::cards(&recommend(&patient));
    let note = &cards[0];
    assert_eq!(note.indicator, Indicator::Warning);
    assert_eq!(note.source.topic.as_ref().unwrap().code, "SA-13");
    assert_eq!(note.source.label, cds_hooks::SAFETY_ADDITION_LABEL);
    assert!(note.summary.starts_with("Pregnancy: "));
    assert!(note.summary.ends_with('…'));
    // CDS Hooks 2.0: a summary is "less than a 140-character limit".
    assert!(note.summary.chars().count() < 140);
    const { assert!(SUMMARY_MAX_CHARS < 140) };
    // The whole note is in the detail.
    assert!(
        note.detail
            .as_deref()
            .unwrap()
            .contains("Every drug item needs specialist review.")
    );
}

/// A contraindication makes the avoidance card a warning: cyclobenzaprine with heart failure.
#[test]
fn a_contraindication_makes_the_avoidance_card_a_warning() {
    let patient = Patient::new(
        Presentation::AcuteMusculoskeletal,
        Stage::NonDrugInsufficient,
        SymptomSeverity::Moderate,
        Age::new(50).unwrap(),
        Set::from([Condition::CongestiveHeartFailure]),
        Medications::none(),
    );
    let cards = cds_hooks::cards(&recommend(&patient));
    let avoid = cards
        .iter()
        .find(|c| c.summary.starts_with("Avoid: "))
        .unwrap();
    assert_eq!(avoid.summary, "Avoid: cyclobenzaprine (contraindicated)");
    assert_eq!(avoid.indicator, Indicator::Warning);
    assert_eq!(avoid.source.label, cds_hooks::SAFETY_ADDITION_LABEL);
    assert!(!avoid.override_reasons.is_empty());
}

/// Contracture: no item, so no plan card; the out-of-scope note says why.
#[test]
fn an_out_of_scope_presentation_gets_its_note_and_no_plan_card() {
    let patient = Patient::new(
        Presentation::OutOfScope(OutOfScopeKind::Contracture),
        Stage::Refractory,
        SymptomSeverity::Severe,
        Age::new(50).unwrap(),
        Set::new(),
        Medications::none(),
    );
    let cards = cds_hooks::cards(&recommend(&patient));
    assert_eq!(cards.len(), 1);
    assert!(
        cards[0]
            .summary
            .starts_with("The knowledge base holds no treatment")
    );
    assert_eq!(cards[0].source.topic.as_ref().unwrap().code, "DX-1");
}

// ---- The request ---------------------------------------------------------------------------

fn request(prefetch: &str) -> String {
    format!(
        r#"{{"hook": "patient-view", "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
            "context": {{"userId": "Practitioner/1", "patientId": "1"}}, "prefetch": {prefetch}}}"#
    )
}

const RECORD: &str = r#"{"presentation": {"kind": "restless_legs"}, "stage": "nothing_tried",
    "severity": "mild", "age": 40, "conditions": [], "medications": []}"#;

#[test]
fn the_patient_is_read_from_the_prefetch() {
    let req =
        CdsRequest::from_json(&request(&format!(r#"{{"{PREFETCH_KEY}": {RECORD}}}"#))).unwrap();
    assert_eq!(req.hook, "patient-view");
    let patient = req.patient().unwrap();
    assert_eq!(patient.age().known().map(|a| a.years()), Some(40));
    assert_eq!(patient.presentation(), Presentation::RestlessLegs);
}

#[test]
fn a_request_without_the_patient_record_is_refused() {
    for prefetch in [
        "{}".to_owned(),
        format!(r#"{{"{PREFETCH_KEY}": null}}"#),
        r#"{"patient": {"resourceType": "Patient"}}"#.to_owned(),
        "null".to_owned(),
    ] {
        let req = CdsRequest::from_json(&request(&prefetch)).unwrap();
        let err = req.patient().unwrap_err();
        assert_eq!(err, RequestError::MissingPatient, "{prefetch}");
        assert_eq!(err.field(), "prefetch.legSpasmPatient");
    }
    // No prefetch at all.
    let json = r#"{"hook": "patient-view", "hookInstance": "1", "context": {}}"#;
    let err = CdsRequest::from_json(json).unwrap().patient().unwrap_err();
    assert_eq!(err, RequestError::MissingPatient);
}

/// The record is read from its own text, so the reader's checks all apply: a duplicated key
/// inside it is an error, with its path in the request.
#[test]
fn the_record_is_checked_by_the_patient_reader() {
    let duplicated = RECORD.replace(r#""age": 40"#, r#""age": 40, "age": 41"#);
    let req =
        CdsRequest::from_json(&request(&format!(r#"{{"{PREFETCH_KEY}": {duplicated}}}"#))).unwrap();
    let err = req.patient().unwrap_err();
    assert!(
        matches!(&err, RequestError::InvalidPatient(e) if e.kind() == PatientErrorKind::Syntax)
    );
    assert_eq!(err.field(), "prefetch.legSpasmPatient");
    assert!(err.to_string().contains("duplicate field `age`"), "{err}");

    let unknown = RECORD.replace("restless_legs", "cramps");
    let req =
        CdsRequest::from_json(&request(&format!(r#"{{"{PREFETCH_KEY}": {unknown}}}"#))).unwrap();
    let err = req.patient().unwrap_err();
    assert_eq!(err.field(), "prefetch.legSpasmPatient.presentation.kind");
    assert!(
        err.to_string().starts_with(
            "prefetch.legSpasmPatient: presentation.kind: unknown presentation \"cramps\""
        ),
        "{err}"
    );

    // The record as a string, not an object.
    let req = CdsRequest::from_json(&request(&format!(r#"{{"{PREFETCH_KEY}": "x"}}"#))).unwrap();
    let err = req.patient().unwrap_err();
    assert_eq!(err.field(), "prefetch.legSpasmPatient");
    assert!(err.to_string().contains("expected an object"), "{err}");
}

#[test]
fn a_malformed_request_names_the_field() {
    let cases = [
        (
            r#"{"hook": "patient-view", "context": {}}"#,
            ".",
            "missing field `hookInstance`",
        ),
        (
            r#"{"hook": "patient-view", "hookInstance": 7, "context": {}}"#,
            "hookInstance",
            "invalid type: integer `7`",
        ),
        (
            r#"{"hook": "patient-view", "hookInstance": "1", "context": []}"#,
            "context",
            "invalid type: sequence",
        ),
        (
            r#"{"hook": "patient-view", "hookInstance": "1", "context": {}, "prefetch": {"a": 1, "a": 2}}"#,
            "prefetch",
            "prefetch key \"a\" is given twice",
        ),
        (r#"{"hook": "patient-view""#, ".", "EOF while parsing"),
        (
            r#"{"hook": "patient-view", "hookInstance": "1", "context": {}} x"#,
            ".",
            "trailing characters",
        ),
    ];
    for (json, field, message) in cases {
        let err = CdsRequest::from_json(json).unwrap_err();
        assert!(matches!(err, RequestError::Malformed { .. }), "{json}");
        assert_eq!(err.field(), field, "{json}");
        assert!(err.to_string().contains(message), "{json}: {err}");
    }
}

#[test]
fn a_request_reads_back_as_written() {
    let json = request(&format!(r#"{{"{PREFETCH_KEY}": {RECORD}}}"#));
    let req = CdsRequest::from_json(&json).unwrap();
    let again = CdsRequest::from_json(&serde_json::to_string(&req).unwrap()).unwrap();
    assert_eq!(again.patient().unwrap(), req.patient().unwrap());
    assert_eq!(again.context, req.context);
}

// ---- Properties on generated patients -------------------------------------------------------

fn patient() -> impl Strategy<Value = Patient> {
    let presentation = prop_oneof![
        prop::sample::select(vec![CrampKind::Idiopathic, CrampKind::Secondary])
            .prop_map(Presentation::TrueCramp),
        Just(Presentation::RestlessLegs),
        (
            prop::sample::select(<SpasticityOrigin as strum::VariantArray>::VARIANTS.to_vec()),
            prop::sample::subsequence(<Impact as strum::VariantArray>::VARIANTS.to_vec(), 0..=3),
        )
            .prop_map(|(origin, impacts)| Presentation::Spasticity {
                origin,
                impacts: impacts.into_iter().collect(),
            }),
        Just(Presentation::AcuteMusculoskeletal),
        prop::sample::select(<OutOfScopeKind as strum::VariantArray>::VARIANTS.to_vec())
            .prop_map(Presentation::OutOfScope),
    ];
    let drugs = <Drug as strum::VariantArray>::VARIANTS.to_vec();
    let meds = prop::sample::subsequence(drugs, 0..=6)
        .prop_flat_map(|drugs| {
            let n = drugs.len();
            (Just(drugs), prop::collection::vec(0u32..400, n))
        })
        .prop_map(|(drugs, days)| {
            Medications::new(
                drugs
                    .into_iter()
                    .zip(days)
                    .map(|(d, n)| Medication::new(d, Days::new(n))),
            )
            .unwrap()
        });
    (
        presentation,
        prop::sample::select(<Stage as strum::VariantArray>::VARIANTS.to_vec()),
        prop::sample::select(<SymptomSeverity as strum::VariantArray>::VARIANTS.to_vec()),
        0u32..=130,
        prop::sample::subsequence(<Condition as strum::VariantArray>::VARIANTS.to_vec(), 0..=3),
        meds,
        proptest::option::of(0.0..400.0f64),
        proptest::option::of(0.0..=100.0f64),
    )
        .prop_map(
            |(presentation, stage, severity, age, conditions, meds, ferritin, tsat)| {
                let mut labs = Labs::not_measured();
                if let Some(f) = ferritin {
                    labs = labs.with_ferritin(Ferritin::ng_per_ml(f).unwrap());
                }
                if let Some(t) = tsat {
                    labs = labs.with_transferrin_saturation(TransferrinSaturation::new(t).unwrap());
                }
                Patient::new(
                    presentation,
                    stage,
                    severity,
                    Age::new(age).unwrap(),
                    conditions.into_iter().collect::<Set<_>>(),
                    meds,
                )
                .with_labs(labs)
            },
        )
}

/// No `null`, `""`, `[]` or `{}` anywhere (CDS Hooks 2.0, "Use of JSON").
fn assert_no_empty(value: &Value, path: &str) {
    match value {
        Value::Null => panic!("{path} is null"),
        Value::String(s) => assert!(!s.is_empty(), "{path} is empty"),
        Value::Array(a) => {
            assert!(!a.is_empty(), "{path} is empty");
            for (i, v) in a.iter().enumerate() {
                assert_no_empty(v, &format!("{path}[{i}]"));
            }
        }
        Value::Object(o) => {
            assert!(!o.is_empty(), "{path} is empty");
            for (k, v) in o {
                assert_no_empty(v, &format!("{path}.{k}"));
            }
        }
        Value::Bool(_) | Value::Number(_) => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn every_response_keeps_the_card_rules(p in patient()) {
        let plan = recommend(&p);
        let cards = cds_hooks::cards(&plan);

        // One card per alert, with the alert's severity and rule.
        for alert in &plan.alerts {
            let found = cards.iter().any(|c| {
                c.indicator == alert.severity.into()
                    && c.source.topic.as_ref().unwrap().code == alert.rule.to_string()
            });
            prop_assert!(found, "no card for the alert of {}", alert.rule);
        }
        // Most urgent first.
        let ordered = cards.windows(2).all(|w| w[0].indicator >= w[1].indicator);
        prop_assert!(ordered, "cards not most urgent first");

        let mut uuids = BTreeSet::new();
        for card in &cards {
            // A summary of one line, under 140 characters.
            prop_assert!(!card.summary.is_empty());
            prop_assert!(card.summary.chars().count() < 140, "{}", card.summary);
            prop_assert!(!card.summary.contains('\n'));
            // A version 5 uuid, unique in the response.
            let uuid = card.uuid.as_deref().unwrap();
            prop_assert_eq!(uuid::Uuid::parse_str(uuid).unwrap().get_version_num(), 5);
            prop_assert!(uuids.insert(uuid.to_owned()), "uuid {} twice", uuid);
            // The topic is a statement id.
            let topic = card.source.topic.as_ref().unwrap();
            prop_assert_eq!(topic.system.as_str(), STATEMENT_SYSTEM);
            prop_assert!(topic.code.parse::<StatementId>().is_ok());
            // The detail cites the topic and ends with the knowledge used.
            let detail = card.detail.as_deref().unwrap();
            prop_assert!(detail.contains(&topic.code), "{} not in {}", topic.code, detail);
            let version = format!("knowledge version {}", leg_spasm_cds::KNOWLEDGE_VERSION);
            prop_assert!(detail.contains(&version));
            // Override reasons on urgent cards only, each with a display.
            if card.indicator == Indicator::Info {
                prop_assert!(card.override_reasons.is_empty());
            } else {
                prop_assert!(!card.override_reasons.is_empty());
                for r in &card.override_reasons {
                    prop_assert_eq!(r.system.as_str(), OVERRIDE_REASON_SYSTEM);
                    prop_assert!(r.display.as_deref().is_some_and(|d| !d.is_empty()));
                }
            }
            let labels = [
                cds_hooks::ARTICLE_LABEL,
                cds_hooks::SAFETY_ADDITION_LABEL,
                cds_hooks::ARTICLE_AND_ADDITION_LABEL,
            ];
            prop_assert!(labels.contains(&card.source.label.as_str()), "{}", card.source.label);
        }
        let json = serde_json::to_value(cds_hooks::response(&plan)).unwrap();
        for (i, card) in json["cards"].as_array().unwrap().iter().enumerate() {
            assert_no_empty(card, &format!("cards[{i}]"));
        }
    }
}

/// The risk each alert's summary keeps, in the spec's words (Part 1 and Part 6); a rule not
/// listed is checked for length and whole phrases only.
const ALERT_RISKS: &[(StatementId, &[&str])] = &[
    (StatementId::Av1, &["negative effects on recovery"]),
    (StatementId::Av2, &["augmentation"]),
    (StatementId::Av3, &["worsen RLS"]),
    (StatementId::Pf1, &["no evidence"]),
    (StatementId::Pf2, &["not effective for spasticity"]),
    (StatementId::Pf4, &["adverse events"]),
    (
        StatementId::Sa1,
        &["life-threatening haematological reactions"],
    ),
    (StatementId::Sa2, &["does not reduce idiopathic cramps"]),
    (StatementId::Sa3, &["serious breathing difficulties"]),
    (StatementId::Sa4, &["respiratory depression"]),
    // SA-6: gabapentin and pregabalin are dosed by creatinine clearance; gabapentin
    // enacarbil is not recommended on haemodialysis (worded as its avoidance, Part 9).
    (
        StatementId::Sa6,
        &[
            "creatinine clearance",
            "not recommended in patients on haemodialysis",
        ],
    ),
    (StatementId::Sa7, &["contraindicated"]),
    (StatementId::Sa8, &["contraindicated"]),
    (StatementId::Sa9, &["hallucinations, seizures"]),
    (StatementId::Sa12, &["potentially inappropriate"]),
    (StatementId::Sa14, &["encephalopathy"]),
    (StatementId::Sa15, &["potentially inappropriate"]),
];

/// Every alert the samples and a set of patients produce (each presentation at each stage,
/// with each drug the alerts name and the conditions they read) gives a card whose summary
/// is under 140 characters, ends on a whole phrase (no ellipsis, a full stop, parentheses
/// closed), names a drug first, and keeps the alert's risk.
#[test]
fn every_alert_summary_fits_ends_on_a_whole_phrase_and_keeps_the_risk() {
    let mut patients: Vec<Patient> = common::samples::sample_files()
        .iter()
        .map(|(_, json)| Patient::from_json(json).unwrap())
        .collect();
    let together: &[&[Drug]] = &[
        &[Drug::Diazepam],
        &[Drug::Ropinirole, Drug::Haloperidol],
        &[Drug::Quinine, Drug::Magnesium],
        &[Drug::Cyclobenzaprine, Drug::Phenelzine],
        &[Drug::Cyclobenzaprine],
        &[Drug::Tizanidine, Drug::Fluvoxamine],
        &[Drug::Fluvoxamine],
        &[Drug::Baclofen, Drug::Gabapentin, Drug::Pregabalin],
        &[
            Drug::Gabapentin,
            Drug::GabapentinEnacarbil,
            Drug::Pregabalin,
            Drug::Oxycodone,
            Drug::Clonazepam,
        ],
        &[Drug::Ibuprofen, Drug::OtherOpioid, Drug::Lorazepam],
        &[
            Drug::OtherOtcAnalgesic,
            Drug::OtherBenzodiazepine,
            Drug::Gabapentin,
        ],
        &[
            Drug::OtherDopamineBlockingAntipsychotic,
            Drug::OtherDopaminergicAgent,
        ],
        &[Drug::Cyclobenzaprine, Drug::OtherMaoInhibitor],
    ];
    for base in common::every_presentation() {
        for stage in [Stage::NothingTried, Stage::Refractory] {
            for drugs in together {
                let mut p = base
                    .clone()
                    .at(stage)
                    .aged(70)
                    .severity(SymptomSeverity::Severe)
                    .with(Condition::EndStageRenalDisease)
                    .with(Condition::StrokeRecovery)
                    .with(Condition::Arrhythmia);
                for d in *drugs {
                    p = p.taking(*d, 120);
                }
                patients.push(p);
            }
        }
    }
    let mut rules = BTreeSet::new();
    for patient in &patients {
        let plan = recommend(patient);
        let cards = cds_hooks::cards(&plan);
        for alert in &plan.alerts {
            rules.insert(alert.rule);
            let names: Vec<&str> = alert.drugs.iter().map(|d| d.drug.name()).collect();
            let uuid = cds_hooks::card_uuid(&format!(
                "alert|{}|{}|{}",
                alert.rule,
                names.join(","),
                alert.message
            ));
            let card = cards
                .iter()
                .find(|c| c.uuid.as_deref() == Some(uuid.as_str()))
                .unwrap_or_else(|| panic!("no card for {}", alert.rule));
            let s = &card.summary;
            assert!(
                s.chars().count() <= SUMMARY_MAX_CHARS,
                "{} chars: {s}",
                s.chars().count()
            );
            assert!(
                !s.contains('…') && s.ends_with('.'),
                "not a whole phrase: {s}"
            );
            assert_eq!(s.matches('(').count(), s.matches(')').count(), "{s}");
            let first = alert.drugs[0].drug.label();
            assert!(s.to_lowercase().starts_with(first), "{s}");
            if let Some((_, risks)) = ALERT_RISKS.iter().find(|(r, _)| *r == alert.rule) {
                // The alert's own risk words (those of the listed phrases its message holds:
                // at least one) all survive into the summary.
                let held: Vec<&&str> = risks
                    .iter()
                    .filter(|r| alert.message.contains(**r))
                    .collect();
                assert!(
                    !held.is_empty(),
                    "{}: no listed risk in {:?}",
                    alert.rule,
                    alert.message
                );
                for risk in held {
                    assert!(
                        s.contains(*risk),
                        "{}: {risk:?} lost from {s:?}",
                        alert.rule
                    );
                }
            }
        }
    }
    // The set of patients reaches every rule with a risk listed.
    for (rule, _) in ALERT_RISKS {
        assert!(rules.contains(rule), "no patient raised an alert of {rule}");
    }
}

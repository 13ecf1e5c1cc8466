//! INV-12 (serialising a patient or a plan and reading it back gives an equal value) and
//! Part 7's naming rules (serde and strum use the same snake_case names; identifiers and units
//! keep their own spelling).

use std::collections::BTreeSet;
use std::fmt::{Debug, Display};
use std::path::PathBuf;
use std::str::FromStr;

use leg_spasm_cds::{
    Action, Age, Alert, Attachment, AttachmentKind, Avoidance, AvoidanceKind, Citations,
    Classification, Condition, CrampKind, Days, Decision, Drug, DrugClass, DrugDecision,
    DrugOrClass, DrugRole, Ferritin, FerritinUnit, Impact, Input, InvolvedDrug, Item, LabError,
    LabKind, Labs, Measure, Medication, Medications, Member, Monitoring, MonitoringKind, NameError,
    Note, NoteKind, OutOfScopeKind, Patient, PatientError, Plan, Presentation, PresentationKind,
    Provenance, QuantityError, Reason, Reference, ReferenceKind, RlsCriterion, Set, Severity,
    Source, SpasmCategory, SpasticityOrigin, Stage, StatementId, Step, Strength, SymptomSeverity,
    Tier, TraceEntry, TransferrinSaturation, recommend,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use strum::{IntoEnumIterator, VariantNames};

// ---------------------------------------------------------------------------------------------
// Patients and plans
// ---------------------------------------------------------------------------------------------

/// The sample patients under `examples/patients/`, by file name.
fn samples() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/patients");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("examples/patients exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).expect("readable sample"))
        })
        .collect();
    files.sort();
    assert!(
        files.len() >= 6,
        "expected the six sample patients, found {files:?}"
    );
    files
}

/// INV-12: a patient written and read back is equal, through `from_json` and plain serde, and
/// writing it again gives the same text.
fn roundtrip_patient(p: &Patient) -> String {
    let text = serde_json::to_string(p).expect("a patient serialises");
    let back = Patient::from_json(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
    assert_eq!(&back, p, "from_json of {text}");
    let back: Patient = serde_json::from_str(&text).expect("plain serde reads it");
    assert_eq!(&back, p, "serde of {text}");
    assert_eq!(serde_json::to_string(&back).unwrap(), text, "stable text");
    let pretty = serde_json::to_string_pretty(p).unwrap();
    assert_eq!(&Patient::from_json(&pretty).unwrap(), p);
    text
}

/// INV-12: a plan written and read back is equal, and writing it again gives the same text.
fn roundtrip_plan(plan: &Plan) -> String {
    let text = serde_json::to_string(plan).expect("a plan serialises");
    let back: Plan = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    assert_eq!(&back, plan);
    assert_eq!(serde_json::to_string(&back).unwrap(), text, "stable text");
    let value = serde_json::to_value(plan).unwrap();
    assert_eq!(&serde_json::from_value::<Plan>(value).unwrap(), plan);
    text
}

/// INV-12 (a): every sample patient parses, serialises and reads back equal; the written form
/// is the sample's own wire form (nothing dropped, nothing added).
#[test]
fn sample_patients_roundtrip() {
    for (name, text) in samples() {
        let p = Patient::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let written = roundtrip_patient(&p);
        let original: Value = serde_json::from_str(&text).unwrap();
        let written: Value = serde_json::from_str(&written).unwrap();
        assert_eq!(
            written, original,
            "{name}: written form differs from the sample"
        );
    }
}

/// INV-12 (b): the plan of every sample patient serialises and reads back equal.
#[test]
fn sample_plans_roundtrip() {
    for (name, text) in samples() {
        let plan = recommend(&Patient::from_json(&text).unwrap());
        // One trace entry per rule id (Part 7), so the plan is not a vacuous one.
        assert_eq!(plan.trace.len(), StatementId::ALL.len(), "{name}");
        roundtrip_plan(&plan);
    }
}

/// INV-12 beyond the samples: every presentation with its subtype, every stage, every
/// condition, labs and criteria: patient and plan read back equal.
#[test]
fn constructed_patients_and_plans_roundtrip() {
    let mut presentations = vec![
        Presentation::RestlessLegs,
        Presentation::AcuteMusculoskeletal,
    ];
    presentations.extend(CrampKind::iter().map(Presentation::TrueCramp));
    presentations.extend(OutOfScopeKind::iter().map(Presentation::OutOfScope));
    for origin in SpasticityOrigin::iter() {
        presentations.push(Presentation::Spasticity {
            origin,
            impacts: Set::new(),
        });
        presentations.push(Presentation::Spasticity {
            origin,
            impacts: Set::all(),
        });
    }
    let meds = Medications::new([
        Medication::new(Drug::Diazepam, Days::new(20)),
        Medication::new(Drug::Cyclobenzaprine, Days::new(30)),
        Medication::new(Drug::Ropinirole, Days::new(400)),
        Medication::new(Drug::Fluvoxamine, Days::new(5)),
        Medication::new(Drug::Quinine, Days::new(0)),
    ])
    .unwrap();
    let labs = Labs::not_measured()
        .with_ferritin(Ferritin::new(12.5, FerritinUnit::MicrogramsPerLitre).unwrap())
        .with_transferrin_saturation(TransferrinSaturation::new(45.0).unwrap());
    let mut plans = 0;
    for presentation in presentations {
        for stage in Stage::iter() {
            let plain = Patient::new(
                presentation,
                stage,
                SymptomSeverity::Severe,
                Age::new(70).unwrap(),
                Set::new(),
                Medications::none(),
            );
            let full = plain
                .clone()
                .with_conditions(Set::<Condition>::all())
                .with_medications(meds.clone())
                .with_labs(labs)
                .with_rls_criteria(Set::from([RlsCriterion::UrgeToMove]));
            for p in [plain, full] {
                roundtrip_patient(&p);
                roundtrip_plan(&recommend(&p));
                plans += 1;
            }
        }
    }
    assert_eq!(plans, (2 + 2 + 3 + 2 * 4) * 3 * 2);
}

/// INV-12 (c) and Part 5: ferritin read in `µg/L` (micro sign) is written as `ug/L`, and the
/// written record reads back equal. `ng/mL` keeps its spelling.
#[test]
fn micro_sign_unit_is_written_as_ug_per_litre() {
    let json = r#"{"presentation":{"kind":"restless_legs"},"stage":"nothing_tried","severity":"mild","age":40,"conditions":[],"medications":[],"labs":{"ferritin":{"value":60,"unit":"µg/L"}}}"#;
    let p = Patient::from_json(json).unwrap();
    assert_eq!(
        p.labs().ferritin().unwrap().unit(),
        FerritinUnit::MicrogramsPerLitre
    );
    let text = roundtrip_patient(&p);
    assert!(
        text.contains(r#""ferritin":{"value":60,"unit":"ug/L"}"#),
        "{text}"
    );
    assert!(!text.contains('µ'), "{text}");
    assert_eq!(text, json.replace("µg/L", "ug/L"));

    let ng = Patient::from_json(&json.replace("µg/L", "ng/mL")).unwrap();
    assert!(roundtrip_patient(&ng).contains(r#""unit":"ng/mL""#));
    assert_ne!(ng, p, "the unit as given is part of the patient");
}

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

/// A name in Part 7's snake_case: lower-case ASCII letters and digits, single underscores
/// between words.
fn is_snake_case(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && s.as_bytes()[0].is_ascii_lowercase()
        && !s.ends_with('_')
        && !s.contains("__")
}

/// Part 7 (d): for every variant, `to_string()`, the serde form and `name()` agree, `FromStr`
/// and serde read the name back, strum's `VARIANTS` lists the same names in order, and only the
/// canonical name is accepted (not the Rust identifier). Returns the names.
fn check_names<T>(name: fn(T) -> &'static str, from_str_lists_variants: bool) -> Vec<&'static str>
where
    T: Member
        + IntoEnumIterator
        + VariantNames
        + Display
        + FromStr<Err = NameError>
        + Serialize
        + DeserializeOwned
        + Debug
        + PartialEq,
{
    let variants: Vec<T> = T::iter().collect();
    assert!(!variants.is_empty());
    assert_eq!(
        variants.as_slice(),
        T::ALL,
        "strum's iterator and Member::ALL agree"
    );
    let names: Vec<&'static str> = variants.iter().map(|v| name(*v)).collect();
    assert_eq!(
        T::VARIANTS,
        names.as_slice(),
        "VARIANTS lists the names in order"
    );
    assert_eq!(
        names.iter().collect::<BTreeSet<_>>().len(),
        names.len(),
        "names are unique: {names:?}"
    );
    for (v, n) in variants.iter().copied().zip(&names) {
        assert_eq!(Member::name(v), *n);
        assert_eq!(v.to_string(), *n);
        assert_eq!(serde_json::to_value(v).unwrap(), json!(n));
        assert_eq!(n.parse::<T>().as_ref(), Ok(&v), "{n}");
        assert_eq!(serde_json::from_value::<T>(json!(n)).unwrap(), v);
        let ident = format!("{v:?}");
        if ident != *n {
            assert!(ident.parse::<T>().is_err(), "{ident} is not a name");
            assert!(serde_json::from_value::<T>(json!(ident)).is_err());
        }
    }
    let err = "no such name".parse::<T>().unwrap_err();
    assert_eq!(err.value(), "no such name");
    if from_str_lists_variants {
        assert_eq!(err.accepted(), T::VARIANTS);
    }
    names
}

macro_rules! names_of {
    ($t:ty) => {
        check_names::<$t>(<$t>::name, true)
    };
}

/// Part 7 (d): every fieldless public enum has one set of canonical snake_case names.
#[test]
fn enum_names_agree_everywhere() {
    let snake = [
        names_of!(Drug),
        names_of!(DrugClass),
        names_of!(PresentationKind),
        names_of!(CrampKind),
        names_of!(SpasticityOrigin),
        names_of!(Impact),
        names_of!(OutOfScopeKind),
        names_of!(Stage),
        names_of!(SymptomSeverity),
        names_of!(Condition),
        names_of!(RlsCriterion),
        names_of!(Severity),
        names_of!(Tier),
        names_of!(Strength),
        names_of!(Measure),
        names_of!(AttachmentKind),
        names_of!(AvoidanceKind),
        names_of!(DrugRole),
        names_of!(MonitoringKind),
        names_of!(NoteKind),
        names_of!(SpasmCategory),
        names_of!(Source),
        names_of!(LabKind),
        names_of!(ReferenceKind),
    ];
    for names in snake {
        for n in names {
            assert!(is_snake_case(n), "{n} is not snake_case");
        }
    }
    // Identifiers keep the spec's spelling (checked in `identifiers_use_the_spec_spelling`).
    names_of!(StatementId);
    names_of!(Decision);
    names_of!(Reference);
    // Units keep their spelling; `FromStr` also takes `µg/L`, so its error lists the accepted
    // spellings rather than the variants.
    let units = check_names::<FerritinUnit>(FerritinUnit::name, false);
    assert_eq!(units, ["ng/mL", "ug/L"]);
    assert_eq!(
        "x".parse::<FerritinUnit>().unwrap_err().accepted(),
        LabKind::Ferritin.accepted_units()
    );
}

/// Part 7 (d): a few names pinned literally, so a rename shows up here.
#[test]
fn some_names_pinned() {
    assert_eq!(
        Drug::GabapentinEnacarbil.to_string(),
        "gabapentin_enacarbil"
    );
    assert_eq!(Drug::CarbidopaLevodopa.name(), "carbidopa_levodopa");
    assert_eq!(Drug::OtherMaoInhibitor.name(), "other_mao_inhibitor");
    assert_eq!(DrugClass::Cyp1a2Inhibitor.name(), "cyp1a2_inhibitor");
    assert_eq!(
        PresentationKind::AcuteMusculoskeletal.name(),
        "acute_musculoskeletal"
    );
    assert_eq!(Stage::NonDrugInsufficient.name(), "non_drug_insufficient");
    assert_eq!(
        Condition::EndStageRenalDisease.name(),
        "end_stage_renal_disease"
    );
    assert_eq!(Strength::StronglyRecommended.name(), "strongly_recommended");
    assert_eq!(Source::SafetyAddition.name(), "safety_addition");
    assert_eq!(
        LabKind::TransferrinSaturation.name(),
        "transferrin_saturation"
    );
    assert_eq!(Severity::Critical.to_string(), "critical");
}

/// Part 7 (f): statement ids, decisions and references use the spec's spelling (`DX-1`,
/// `SA-14`, `DEC-13`, `R9`, `E13`), all of them in the spec's order.
#[test]
fn identifiers_use_the_spec_spelling() {
    let mut expected = Vec::new();
    for (prefix, count) in [
        ("DX", 3),
        ("NP", 8),
        ("RX", 5),
        ("FE", 2),
        ("AV", 3),
        ("MO", 2),
        ("AL", 3),
        ("PF", 5),
        ("SA", 15),
    ] {
        expected.extend((1..=count).map(|i| format!("{prefix}-{i}")));
    }
    let ids: Vec<String> = StatementId::iter().map(|s| s.to_string()).collect();
    assert_eq!(ids, expected);
    assert_eq!(StatementId::Dx1.to_string(), "DX-1");
    assert_eq!(StatementId::Sa14.name(), "SA-14");
    assert_eq!(
        serde_json::to_string(&StatementId::Rx1).unwrap(),
        r#""RX-1""#
    );
    assert_eq!("SA-14".parse::<StatementId>(), Ok(StatementId::Sa14));
    assert!("sa-14".parse::<StatementId>().is_err(), "matched exactly");
    assert!("SA14".parse::<StatementId>().is_err());

    let decisions: Vec<String> = Decision::iter().map(|d| d.to_string()).collect();
    assert_eq!(
        decisions,
        (1..=16).map(|i| format!("DEC-{i}")).collect::<Vec<_>>()
    );
    let refs: Vec<String> = Reference::iter().map(|r| r.to_string()).collect();
    let expected: Vec<String> = (1..=9)
        .map(|i| format!("R{i}"))
        .chain((1..=13).map(|i| format!("E{i}")))
        .collect();
    assert_eq!(refs, expected);
}

/// Part 7 (f): units keep their spelling, in names, `Display` and JSON.
#[test]
fn units_keep_their_spelling() {
    assert_eq!(FerritinUnit::NanogramsPerMillilitre.to_string(), "ng/mL");
    assert_eq!(FerritinUnit::MicrogramsPerLitre.to_string(), "ug/L");
    assert_eq!(
        serde_json::to_string(&FerritinUnit::MicrogramsPerLitre).unwrap(),
        r#""ug/L""#
    );
    assert_eq!(
        LabKind::Ferritin.accepted_units(),
        ["ng/mL", "ug/L", "µg/L", "\u{3bc}g/L"]
    );
    assert_eq!(LabKind::TransferrinSaturation.accepted_units(), ["%"]);
    let f = Ferritin::new(40.0, FerritinUnit::MicrogramsPerLitre).unwrap();
    assert_eq!(f.to_string(), "40 ug/L");
    assert_eq!(
        serde_json::to_string(&f).unwrap(),
        r#"{"value":40,"unit":"ug/L"}"#
    );
    let t = TransferrinSaturation::new(28.5).unwrap();
    assert_eq!(
        serde_json::to_string(&t).unwrap(),
        r#"{"value":28.5,"unit":"%"}"#
    );
}

/// Every string value found under `key` anywhere in `v`.
fn strings_under<'a>(v: &'a Value, key: &str, out: &mut Vec<&'a str>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if k == key {
                    if let Value::String(s) = x {
                        out.push(s);
                    }
                }
                strings_under(x, key, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| strings_under(x, key, out)),
        _ => {}
    }
}

/// Every object key anywhere in `v`.
fn keys<'a>(v: &'a Value, out: &mut BTreeSet<&'a str>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                out.insert(k);
                keys(x, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| keys(x, out)),
        _ => {}
    }
}

/// Part 7 (f): the plan's JSON uses snake_case field names and snake_case enum names, with ids
/// and units in their own spelling.
#[test]
fn plan_json_uses_snake_case_names() {
    let (_, text) = samples()
        .into_iter()
        .find(|(n, _)| n == "rls-s3-severe-ropinirole.json")
        .expect("sample present");
    let plan = recommend(&Patient::from_json(&text).unwrap());
    let json = serde_json::to_string(&plan).unwrap();
    for needle in [
        r#""presentation":{"kind":"restless_legs"}"#,
        r#""stage":"refractory""#,
        r#""severity":"warning""#,
        r#""rule":"AV-2""#,
        r#"{"drug":"ropinirole","role":"current"}"#,
        r#""target":{"class":"dopaminergic_agent"}"#,
        r#""kind":"avoid""#,
        r#""tier":"first_line""#,
        r#""action":{"measure":"stretching"}"#,
        r#""source":"safety_addition""#,
        r#""kind":"diagnosis_confirmation""#,
        r#""reason":"condition_not_met""#,
        r#""reason":{"not_applicable":{"presentation":"restless_legs"}}"#,
        r#"{"ferritin":{"value":120,"unit":"ug/L"}}"#,
        r#"{"stage":"refractory"}"#,
        r#""article_date":"2025-10-31""#,
    ] {
        assert!(json.contains(needle), "{needle} not in {json}");
    }

    let value: Value = serde_json::from_str(&json).unwrap();
    let mut all_keys = BTreeSet::new();
    keys(&value, &mut all_keys);
    for k in &all_keys {
        assert!(is_snake_case(k), "field {k} is not snake_case");
    }
    let id = |s: &str| {
        s.parse::<StatementId>().is_ok()
            || s.parse::<Decision>().is_ok()
            || s.parse::<Reference>().is_ok()
    };
    for key in [
        "kind", "severity", "stage", "tier", "strength", "source", "role", "drug", "class",
        "measure", "what",
    ] {
        let mut found = Vec::new();
        strings_under(&value, key, &mut found);
        for s in found {
            assert!(is_snake_case(s), "{key}: {s} is not snake_case");
        }
    }
    for key in ["rule", "by"] {
        let mut found = Vec::new();
        strings_under(&value, key, &mut found);
        assert!(key == "by" || !found.is_empty());
        for s in found {
            assert!(id(s), "{key}: {s} is not a statement id");
        }
    }
    let mut units = Vec::new();
    strings_under(&value, "unit", &mut units);
    assert!(!units.is_empty());
    for u in units {
        assert!(["ng/mL", "ug/L", "%"].contains(&u), "unit {u}");
    }
}

// ---------------------------------------------------------------------------------------------
// Thread safety
// ---------------------------------------------------------------------------------------------

fn assert_send_sync<T: Send + Sync + 'static>() {}

/// Part 7 / INV-1: every public type a caller holds can be shared across threads (checked at
/// compile time; the test fails to build otherwise).
#[test]
fn public_types_are_send_sync_static() {
    assert_send_sync::<Patient>();
    assert_send_sync::<Plan>();
    assert_send_sync::<PatientError>();
    assert_send_sync::<NameError>();
    assert_send_sync::<LabError>();
    assert_send_sync::<QuantityError>();
    assert_send_sync::<leg_spasm_cds::DuplicateDrug>();
    assert_send_sync::<Presentation>();
    assert_send_sync::<Medications>();
    assert_send_sync::<Medication>();
    assert_send_sync::<Labs>();
    assert_send_sync::<Ferritin>();
    assert_send_sync::<TransferrinSaturation>();
    assert_send_sync::<Set<Condition>>();
    assert_send_sync::<Step>();
    assert_send_sync::<Item>();
    assert_send_sync::<Action>();
    assert_send_sync::<Attachment>();
    assert_send_sync::<Avoidance>();
    assert_send_sync::<DrugOrClass>();
    assert_send_sync::<Alert>();
    assert_send_sync::<InvolvedDrug>();
    assert_send_sync::<Monitoring>();
    assert_send_sync::<Note>();
    assert_send_sync::<Classification>();
    assert_send_sync::<Provenance>();
    assert_send_sync::<TraceEntry>();
    assert_send_sync::<Reason>();
    assert_send_sync::<Input>();
    assert_send_sync::<DrugDecision>();
    assert_send_sync::<Citations>();

    // And the plan really moves across a thread boundary.
    let p = Patient::from_json(&samples()[0].1).unwrap();
    let expected = recommend(&p);
    let plan = std::thread::spawn(move || recommend(&p)).join().unwrap();
    assert_eq!(plan, expected);
}

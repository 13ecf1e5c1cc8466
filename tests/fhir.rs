//! The FHIR R4 reader against the rules of knowledge spec Part 8.2, on the fixtures in
//! `examples/fhir/`.

use leg_spasm_cds::fhir::{
    self, CivilDate, FhirError, MedicationConcept, NotUsed, Outcome, ReadOptions, Reading,
    Resolver, Used,
};
use leg_spasm_cds::record::{self, Assessment, Record, RecordPresentation};
use leg_spasm_cds::{
    Age, Condition, CrampKind, Days, Drug, LabKind, Presentation, PresentationKind, Stage, Stated,
    SymptomSeverity,
};
use serde_json::{Value, json};

fn fixture(name: &str) -> Value {
    let path = format!("{}/examples/fhir/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn as_of() -> CivilDate {
    CivilDate::new(2025, 7, 1).unwrap()
}

fn read(name: &str) -> Reading {
    fhir::read(&fixture(name), &ReadOptions::new(as_of())).unwrap()
}

fn outcome<'r>(reading: &'r Reading, resource: &str) -> &'r Outcome {
    &reading
        .report
        .resources
        .iter()
        .find(|r| r.resource == resource)
        .unwrap_or_else(|| panic!("{resource} not in the report"))
        .outcome
}

fn days(reading: &Reading, drug: Drug) -> Stated<Days> {
    reading.record.medicine(drug).unwrap().days
}

// ---- Patient -------------------------------------------------------------------------------

#[test]
fn a_partial_birth_date_gives_the_older_bound() {
    // Born 1958-07 (day unknown): on 2025-07-01 the patient is 66 or 67; the older bound is 67.
    let r = read("bundle-rls.json");
    assert_eq!(r.record.age.known().unwrap().years(), 67);
    assert_eq!(r.record.patient_id.as_deref(), Some("p1"));
}

#[test]
fn no_birth_date_means_age_unknown() {
    let r = read("prefetch.json");
    assert_eq!(r.record.age, Stated::Unknown);
}

#[test]
fn resources_of_another_patient_are_refused() {
    let err = fhir::read(
        &fixture("bundle-other-patient.json"),
        &ReadOptions::new(as_of()),
    )
    .unwrap_err();
    match &err {
        FhirError::OtherPatient {
            resource,
            expected,
            found,
            path,
        } => {
            assert_eq!(resource, "MedicationStatement/someone-elses-diazepam");
            assert_eq!((expected.as_str(), found.as_str()), ("p1", "p2"));
            assert!(path.ends_with("subject.reference"), "{path}");
        }
        other => panic!("{other:?}"),
    }
    // The patient in context given by the caller governs too.
    let opts = ReadOptions::new(as_of()).with_patient_id("p9");
    assert!(matches!(
        fhir::read(&fixture("bundle-rls.json"), &opts),
        Err(FhirError::OtherPatient { .. })
    ));
}

// ---- Conditions ----------------------------------------------------------------------------

#[test]
fn active_conditions_are_read_by_their_codes() {
    let r = read("bundle-rls.json");
    assert!(
        r.record
            .conditions
            .contains(Condition::EndStageRenalDisease)
    );
    assert_eq!(
        outcome(&r, "Condition/esrd"),
        &Outcome::Used(Used::Condition {
            conditions: vec![Condition::EndStageRenalDisease]
        })
    );
}

#[test]
fn a_refuted_condition_is_not_used() {
    let r = read("bundle-rls.json");
    assert!(!r.record.conditions.contains(Condition::Hyperthyroidism));
    assert_eq!(
        outcome(&r, "Condition/thyro-refuted"),
        &Outcome::NotUsed(NotUsed::Status {
            element: "verificationStatus".into(),
            value: "refuted".into()
        })
    );
}

#[test]
fn an_inactive_condition_is_not_used() {
    let bundle = json!([
        {"resourceType": "Condition", "id": "c", "subject": {"reference": "Patient/p"},
         "clinicalStatus": {"coding": [{"code": "resolved"}]},
         "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "I50.9"}]}}
    ]);
    let r = fhir::read(&bundle, &ReadOptions::new(as_of())).unwrap();
    assert!(r.record.conditions.is_empty());
    assert!(
        matches!(outcome(&r, "Condition/c"), Outcome::NotUsed(NotUsed::Status { value, .. }) if value == "resolved")
    );
}

#[test]
fn a_symptom_code_is_reported_and_never_decides_the_presentation() {
    let r = read("bundle-rls.json");
    assert_eq!(
        outcome(&r, "Condition/cramp-symptom"),
        &Outcome::NotUsed(NotUsed::SymptomCode {
            code: "R25.2".into()
        })
    );
    // G25.81 alone decides: restless legs, which needs no subtype.
    assert_eq!(
        r.record.presentation,
        RecordPresentation::Known {
            presentation: Presentation::RestlessLegs
        }
    );
}

#[test]
fn sleep_related_leg_cramps_give_a_true_cramp_of_unknown_kind() {
    let r = read("prefetch.json");
    assert_eq!(
        r.record.presentation,
        RecordPresentation::Kind {
            kind: PresentationKind::TrueCramp
        }
    );
}

#[test]
fn spasticity_gives_the_kind_and_several_kinds_give_unknown() {
    let condition = |id: &str, system: &str, code: &str| {
        json!({"resourceType": "Condition", "id": id, "subject": {"reference": "Patient/p"},
               "clinicalStatus": {"coding": [{"code": "active"}]},
               "code": {"coding": [{"system": system, "code": code}]}})
    };
    let sp = condition("sp", "http://snomed.info/sct", "221360009");
    let r = fhir::read(&json!([sp.clone()]), &ReadOptions::new(as_of())).unwrap();
    assert_eq!(
        r.record.presentation,
        RecordPresentation::Kind {
            kind: PresentationKind::Spasticity
        }
    );
    let tetany = condition("t", "http://hl7.org/fhir/sid/icd-10-cm", "R29.0");
    let r = fhir::read(&json!([sp, tetany]), &ReadOptions::new(as_of())).unwrap();
    assert_eq!(
        r.record.presentation,
        RecordPresentation::Unknown {
            conflicting: vec![PresentationKind::Spasticity, PresentationKind::OutOfScope]
        }
    );
    assert_eq!(r.report.presentation_kinds_found.len(), 2);
}

// ---- Medicines -----------------------------------------------------------------------------

#[test]
fn only_active_or_on_hold_requests_are_current() {
    let r = read("bundle-rls.json");
    assert!(r.record.medicine(Drug::Quinine).is_none());
    assert!(
        matches!(outcome(&r, "MedicationRequest/stopped-quinine"), Outcome::NotUsed(NotUsed::Status { value, .. }) if value == "stopped")
    );
    // on-hold counts as current.
    assert!(matches!(
        outcome(&r, "MedicationRequest/lyrica"),
        Outcome::Used(Used::CurrentMedicine { .. })
    ));
}

#[test]
fn days_run_from_the_start_to_the_as_of_date() {
    let r = read("bundle-rls.json");
    // 2024-03-01 to 2025-07-01.
    assert_eq!(days(&r, Drug::Ropinirole), Stated::Known(Days::new(487)));
}

#[test]
fn a_statement_without_a_start_has_unknown_days() {
    let r = read("bundle-rls.json");
    assert_eq!(days(&r, Drug::Oxycodone), Stated::Unknown);
}

#[test]
fn the_same_drug_from_two_requests_is_one_medicine_with_the_longest_duration() {
    let r = read("bundle-rls.json");
    // authoredOn 2025-05-01 (61 days) and a boundsPeriod start 2025-04-01 (91 days).
    let pregabalin = r.record.medicine(Drug::Pregabalin).unwrap();
    assert_eq!(pregabalin.days, Stated::Known(Days::new(91)));
    assert_eq!(pregabalin.sources.len(), 2);
    assert_eq!(
        r.record
            .medicines
            .iter()
            .filter(|m| m.drug == Drug::Pregabalin)
            .count(),
        1
    );
}

#[test]
fn drugs_are_identified_from_clinical_and_branded_display_names() {
    let r = read("bundle-rls.json");
    // "ropinirole 1 MG Oral Tablet": a clinical-drug code the reader does not know.
    assert!(r.record.medicine(Drug::Ropinirole).is_some());
    // "acetaminophen 325 MG / oxycodone hydrochloride 5 MG Oral Tablet [Percocet]": both.
    let percocet = r.record.medicine(Drug::Oxycodone).unwrap();
    assert_eq!(percocet.sources[0].read_as, "oxycodone");
    assert!(r.record.medicine(Drug::Acetaminophen).is_some());
}

#[test]
fn an_ingredient_code_identifies_the_drug() {
    let r = read("bundle-rls.json");
    let sources = &r.record.medicine(Drug::Pregabalin).unwrap().sources;
    assert!(sources.iter().any(|s| s.read_as == "RxNorm 187832"));
}

#[test]
fn a_class_member_name_in_free_text_reads_as_the_other_entry_keeping_its_name() {
    let r = read("prefetch.json");
    let opioid = r.record.medicine(Drug::OtherOpioid).unwrap();
    assert_eq!(opioid.sources[0].read_as, "hydromorphone");
}

#[test]
fn a_referenced_medication_gives_its_ingredients() {
    let r = read("bundle-rls.json");
    // Sinemet: carbidopa 2019 and levodopa 6375 as ingredients.
    assert_eq!(
        days(&r, Drug::CarbidopaLevodopa),
        Stated::Known(Days::new(30))
    );
    assert!(r.record.medicine(Drug::Levodopa).is_none());
    assert_eq!(
        outcome(&r, "Medication/sinemet-25-100"),
        &Outcome::Used(Used::ReferencedMedication)
    );
    // A contained Medication.
    let r = read("prefetch.json");
    assert!(r.record.medicine(Drug::Clonazepam).is_some());
}

#[test]
fn unidentified_medicines_are_listed_and_counted() {
    let r = read("bundle-rls.json");
    let texts: Vec<_> = r
        .record
        .unidentified
        .iter()
        .map(|u| u.text.clone().unwrap())
        .collect();
    assert_eq!(texts, ["valerian root sleep tea", "Horizant"]);
    assert_eq!(r.report.unidentified, r.record.unidentified);
    assert_eq!(
        r.record.unidentified_statement().unwrap(),
        "2 medicines could not be identified and were not checked"
    );
    assert_eq!(
        outcome(&r, "MedicationStatement/herbal"),
        &Outcome::NotUsed(NotUsed::NotIdentified)
    );
}

struct Brands;
impl Resolver for Brands {
    fn resolve(&self, m: &MedicationConcept) -> Option<Vec<Drug>> {
        (m.text.as_deref() == Some("Horizant")).then(|| vec![Drug::GabapentinEnacarbil])
    }
}

#[test]
fn the_callers_resolver_is_tried_first() {
    let opts = ReadOptions::new(as_of()).with_resolver(&Brands);
    let r = fhir::read(&fixture("bundle-rls.json"), &opts).unwrap();
    // Started 2025-02 (month only): the earliest day, 2025-02-01.
    assert_eq!(
        days(&r, Drug::GabapentinEnacarbil),
        Stated::Known(Days::new(150))
    );
    assert_eq!(r.record.unidentified.len(), 1);
}

#[test]
fn every_request_of_draft_orders_is_drafted_whatever_its_status() {
    let opts = ReadOptions::new(as_of());
    let mut r = fhir::read(&fixture("prefetch.json"), &opts).unwrap();
    fhir::read_draft_orders(&fixture("draft-orders.json"), &mut r, &opts).unwrap();
    let drafted: Vec<Drug> = r.record.drafted.iter().map(|m| m.drug).collect();
    assert_eq!(drafted, [Drug::Quinine, Drug::Tizanidine]);
    assert!(r.record.medicine(Drug::Quinine).is_none());
}

// ---- Observations --------------------------------------------------------------------------

#[test]
fn the_latest_lab_is_read_and_a_low_comparator_counts() {
    let r = read("bundle-rls.json");
    // "<5 ug/L" on 2025-06-20 is low; the older 120 ng/mL is superseded.
    let ferritin = r.record.labs.ferritin().unwrap();
    assert!(ferritin.calls_for_iron());
    assert_eq!(ferritin.value(), 5.0);
    assert_eq!(
        outcome(&r, "Observation/ferritin-old"),
        &Outcome::NotUsed(NotUsed::Superseded {
            by: "Observation/ferritin-latest".into()
        })
    );
}

#[test]
fn a_high_comparator_counts_as_not_low_and_an_undecided_one_is_not_measured() {
    let r = read("prefetch.json");
    assert!(!r.record.labs.ferritin().unwrap().calls_for_iron());
    assert_eq!(r.record.labs.transferrin_saturation(), None);
    assert_eq!(
        outcome(&r, "Observation/tsat"),
        &Outcome::NotUsed(NotUsed::ComparatorUndecided {
            comparator: "<".into(),
            value: 100.0
        })
    );
}

#[test]
fn a_lab_in_another_unit_is_reported_never_converted() {
    let r = read("bundle-rls.json");
    assert_eq!(r.record.labs.transferrin_saturation(), None);
    assert_eq!(
        outcome(&r, "Observation/tsat-unknown-unit"),
        &Outcome::NotUsed(NotUsed::Unit {
            unit: Some("1".into())
        })
    );
    // A preliminary result is not read.
    assert!(
        matches!(outcome(&r, "Observation/tsat-preliminary"), Outcome::NotUsed(NotUsed::Status { value, .. }) if value == "preliminary")
    );
}

#[test]
fn transferrin_saturation_bounds_count_only_where_they_decide_both_thresholds() {
    // Reading pinned: "> 30 %" decides FE-2 (not low) but not SA-11's 45 % overload
    // threshold, so it is not measured; "> 50 %" decides both.
    let obs = |v: f64| {
        json!([{"resourceType": "Observation", "id": "t", "status": "final",
                "subject": {"reference": "Patient/p"}, "effectiveDateTime": "2025-01-01",
                "code": {"coding": [{"system": "http://loinc.org", "code": "6796-7"}]},
                "valueQuantity": {"value": v, "comparator": ">", "system": "http://unitsofmeasure.org", "code": "%"}}])
    };
    let r = fhir::read(&obs(30.0), &ReadOptions::new(as_of())).unwrap();
    assert_eq!(r.record.labs.transferrin_saturation(), None);
    let r = fhir::read(&obs(50.0), &ReadOptions::new(as_of())).unwrap();
    assert!(
        r.record
            .labs
            .transferrin_saturation()
            .unwrap()
            .calls_for_overload_evaluation()
    );
    assert_eq!(
        outcome(&r, "Observation/t"),
        &Outcome::Used(Used::Lab {
            lab: LabKind::TransferrinSaturation
        })
    );
}

// ---- Prefetch, report, errors --------------------------------------------------------------

#[test]
fn a_prefetch_is_read_by_resource_type_not_by_key() {
    // The ferritin sits in the "conditions" Bundle; "unused" is null.
    let r = read("prefetch.json");
    assert!(r.record.labs.ferritin().is_some());
    assert_eq!(r.record.patient_id.as_deref(), Some("p7"));
}

#[test]
fn every_resource_is_reported_with_where_its_inputs_came_from() {
    let bundle = fixture("bundle-rls.json");
    let r = fhir::read(&bundle, &ReadOptions::new(as_of())).unwrap();
    assert_eq!(
        r.report.resources.len(),
        bundle["entry"].as_array().unwrap().len()
    );
    let esrd = r
        .report
        .inputs
        .iter()
        .find(|i| i.input == "condition end_stage_renal_disease")
        .unwrap();
    assert_eq!(esrd.from, ["Condition/esrd"]);
}

#[test]
fn malformed_input_gets_typed_errors_naming_resource_path_and_value() {
    let opts = ReadOptions::new(as_of());
    let mut bundle = fixture("bundle-rls.json");
    bundle["entry"][0]["resource"]["birthDate"] = json!("1958-13");
    let err = fhir::read(&bundle, &opts).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Patient/p1 at $.entry[0].resource.birthDate: \"1958-13\" is not a FHIR date (YYYY, YYYY-MM, YYYY-MM-DD or a dateTime)"
    );
    let mut bundle = fixture("bundle-rls.json");
    bundle["entry"][5]["resource"]["status"] = json!(5);
    let err = fhir::read(&bundle, &opts).unwrap_err();
    assert!(
        matches!(&err, FhirError::Malformed { resource, path, message }
        if resource == "MedicationRequest/ropinirole" && path.ends_with("status") && message.contains('5')),
        "{err}"
    );
    // A nested element: the whole path, the value and what was expected.
    let mut bundle = fixture("bundle-rls.json");
    bundle["entry"][5]["resource"]["medicationCodeableConcept"]["coding"][0]["code"] = json!(["x"]);
    let err = fhir::read(&bundle, &opts).unwrap_err();
    assert_eq!(
        err.to_string(),
        "MedicationRequest/ropinirole at $.entry[5].resource.medicationCodeableConcept.coding[0].code: invalid type: sequence, expected a string"
    );
    // A Medication read through a reference.
    let mut bundle = fixture("bundle-rls.json");
    bundle["entry"][10]["resource"]["ingredient"] = json!({"itemCodeableConcept": 1});
    let err = fhir::read(&bundle, &opts).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Medication Medication/sinemet-25-100 at $.entry[9].resource.medicationReference -> ingredient: invalid type: map, expected a sequence"
    );
    let mut bundle = fixture("bundle-rls.json");
    bundle["entry"][15]["resource"]["valueQuantity"]["value"] = json!(-3);
    let err = fhir::read(&bundle, &opts).unwrap_err();
    assert!(
        matches!(&err, FhirError::InvalidValue { resource, value, .. }
        if resource == "Observation/ferritin-latest" && value == "-3"),
        "{err}"
    );
    assert!(matches!(
        fhir::read(&json!(42), &opts),
        Err(FhirError::NotAResource { .. })
    ));
    assert!(matches!(
        fhir::read_str("{", &opts),
        Err(FhirError::Json { .. })
    ));
    // A birth date after the as-of date.
    let err = fhir::read(
        &json!({"resourceType": "Patient", "id": "x", "birthDate": "2030"}),
        &opts,
    )
    .unwrap_err();
    assert!(err.to_string().contains("birthDate"), "{err}");
}

#[test]
fn nothing_panics_on_arbitrary_json_shapes() {
    let opts = ReadOptions::new(as_of());
    let bundle = fixture("bundle-rls.json");
    // Replace each element of each resource by values of every JSON type.
    for entry in bundle["entry"].as_array().unwrap().iter().enumerate() {
        let (i, e) = entry;
        for key in e["resource"].as_object().unwrap().keys() {
            for v in [
                json!(null),
                json!(1),
                json!("x"),
                json!([]),
                json!({}),
                json!([{"a": 1}]),
            ] {
                let mut b = bundle.clone();
                b["entry"][i]["resource"][key] = v;
                let _ = fhir::read(&b, &opts);
            }
        }
    }
    let mut deep = json!({"resourceType": "Patient"});
    for _ in 0..50 {
        deep = json!([deep]);
    }
    assert!(fhir::read(&deep, &opts).is_err());
}

// ---- Record to patient ---------------------------------------------------------------------

#[test]
fn a_record_and_an_assessment_give_a_patient_and_what_is_missing_is_named() {
    let r = read("bundle-rls.json");
    let mut assessment = Assessment {
        presentation: Some(Presentation::RestlessLegs),
        stage: None,
        severity: Some(SymptomSeverity::Moderate),
    };
    assert_eq!(
        r.record.to_patient(&assessment).unwrap_err().field(),
        "stage"
    );
    assessment.stage = Some(Stage::NonDrugInsufficient);
    assessment.presentation = Some(Presentation::TrueCramp(CrampKind::Idiopathic));
    assert_eq!(
        r.record.to_patient(&assessment).unwrap_err().field(),
        "presentation"
    );
    // The prefetch states no age: Part 5 lets the age be stated unknown, so the patient keeps
    // it unknown (DEC-16 reads it on the safer side), never an error and never a default.
    let p = read("prefetch.json");
    assert!(p.record.age.is_unknown());
    assessment.presentation = Some(Presentation::TrueCramp(CrampKind::Idiopathic));
    let patient = p.record.to_patient(&assessment).unwrap();
    assert_eq!(patient.age(), Stated::Unknown);
}

#[test]
fn unknown_days_of_use_pass_through_to_the_patient() {
    // Part 5: "days of use a whole number >= 0, or stated as unknown"; DEC-16 reads an
    // unknown duration as long-term.
    let mut record = Record::new(None);
    record.age = Stated::Known(Age::new(40).unwrap());
    let source = record::MedicineSource {
        resource: "MedicationStatement/1".into(),
        read_as: "cyclobenzaprine".into(),
    };
    record.add_medicine(Drug::Cyclobenzaprine, Stated::Unknown, source);
    let assessment = Assessment {
        presentation: Some(Presentation::AcuteMusculoskeletal),
        stage: Some(Stage::NonDrugInsufficient),
        severity: Some(SymptomSeverity::Mild),
    };
    let patient = record.to_patient(&assessment).unwrap();
    assert_eq!(
        patient.medications().days(Drug::Cyclobenzaprine),
        Some(Stated::Unknown)
    );
}

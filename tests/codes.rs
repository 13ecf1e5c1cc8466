//! The standard codes the crate carries, pinned against the verified code table of the spec
//! (`codes.md`), transcribed here literally so that the check needs nothing outside the
//! repository: every code, every lookup both ways, and every concept left without a code.

use std::collections::BTreeSet;

use leg_spasm_cds::codes::{self, CodeMapping, CodeSystem, Coding};
use leg_spasm_cds::*;

use CodeSystem::*;

// ---- The expected tables, as codes.md gives them ----------------------------------------

const URIS: [(CodeSystem, &str); 5] = [
    (RxNorm, "http://www.nlm.nih.gov/research/umls/rxnorm"),
    (Icd10Cm, "http://hl7.org/fhir/sid/icd-10-cm"),
    (SnomedCt, "http://snomed.info/sct"),
    (Loinc, "http://loinc.org"),
    (Ucum, "http://unitsofmeasure.org"),
];

/// RxNorm, ingredient level (gabapentin enacarbil: a precise ingredient, TTY=PIN).
const RXNORM: &[(Drug, &str, &str)] = &[
    (Drug::Gabapentin, "25480", "gabapentin"),
    (Drug::GabapentinEnacarbil, "1101333", "gabapentin enacarbil"),
    (Drug::Pregabalin, "187832", "pregabalin"),
    (Drug::Cyclobenzaprine, "21949", "cyclobenzaprine"),
    (Drug::Tizanidine, "57258", "tizanidine"),
    (Drug::Baclofen, "1292", "baclofen"),
    (Drug::Oxycodone, "7804", "oxycodone"),
    (Drug::Diazepam, "3322", "diazepam"),
    (Drug::Clonazepam, "2598", "clonazepam"),
    (Drug::Lorazepam, "6470", "lorazepam"),
    (Drug::Levodopa, "6375", "levodopa"),
    (Drug::Pramipexole, "746741", "pramipexole"),
    (Drug::Ropinirole, "72302", "ropinirole"),
    (Drug::Rotigotine, "616739", "rotigotine"),
    (Drug::Haloperidol, "5093", "haloperidol"),
    (Drug::Olanzapine, "61381", "olanzapine"),
    (Drug::Risperidone, "35636", "risperidone"),
    (Drug::Quinine, "9071", "quinine"),
    (Drug::MagnesiumOxide, "6582", "magnesium oxide"),
    (Drug::FerrousSulfate, "24947", "ferrous sulfate"),
    (
        Drug::FerricCarboxymaltose,
        "1433693",
        "ferric carboxymaltose",
    ),
    (Drug::IronSucrose, "24909", "iron sucrose"),
    (Drug::Ibuprofen, "5640", "ibuprofen"),
    (Drug::Naproxen, "7258", "naproxen"),
    (Drug::Acetaminophen, "161", "acetaminophen"),
    (Drug::Aspirin, "1191", "aspirin"),
    (Drug::Fluvoxamine, "42355", "fluvoxamine"),
    (Drug::Ciprofloxacin, "2551", "ciprofloxacin"),
    (Drug::Phenelzine, "8123", "phenelzine"),
    (Drug::Tranylcypromine, "10734", "tranylcypromine"),
    (Drug::Selegiline, "9639", "selegiline"),
    (Drug::Isocarboxazid, "6011", "isocarboxazid"),
];

/// The drugs documented as having no verified code: the "other ..." entries, carbidopa-levodopa
/// (a combination) and plain magnesium.
const NO_RXNORM: &[Drug] = &[
    Drug::OtherOpioid,
    Drug::OtherBenzodiazepine,
    Drug::CarbidopaLevodopa,
    Drug::OtherDopaminergicAgent,
    Drug::OtherDopamineBlockingAntipsychotic,
    Drug::Magnesium,
    Drug::OtherIronProduct,
    Drug::OtherOtcAnalgesic,
    Drug::OtherMaoInhibitor,
    // codes.md: found only in low-trust tables (596), not verified.
    Drug::Alprazolam,
];

const CARBIDOPA: &str = "2019";

/// Every code the crate carries: system, code, display, emitted, read.
const ALL: &[(CodeSystem, &str, &str, bool, bool)] = &[
    // RxNorm: the drugs above (both ways) and carbidopa (read only, with levodopa).
    (RxNorm, "25480", "gabapentin", true, true),
    (RxNorm, "1101333", "gabapentin enacarbil", true, true),
    (RxNorm, "187832", "pregabalin", true, true),
    (RxNorm, "21949", "cyclobenzaprine", true, true),
    (RxNorm, "57258", "tizanidine", true, true),
    (RxNorm, "1292", "baclofen", true, true),
    (RxNorm, "7804", "oxycodone", true, true),
    (RxNorm, "3322", "diazepam", true, true),
    (RxNorm, "2598", "clonazepam", true, true),
    (RxNorm, "6470", "lorazepam", true, true),
    (RxNorm, "6375", "levodopa", true, true),
    (RxNorm, "746741", "pramipexole", true, true),
    (RxNorm, "72302", "ropinirole", true, true),
    (RxNorm, "616739", "rotigotine", true, true),
    (RxNorm, "5093", "haloperidol", true, true),
    (RxNorm, "61381", "olanzapine", true, true),
    (RxNorm, "35636", "risperidone", true, true),
    (RxNorm, "9071", "quinine", true, true),
    (RxNorm, "6582", "magnesium oxide", true, true),
    (RxNorm, "24947", "ferrous sulfate", true, true),
    (RxNorm, "1433693", "ferric carboxymaltose", true, true),
    (RxNorm, "24909", "iron sucrose", true, true),
    (RxNorm, "5640", "ibuprofen", true, true),
    (RxNorm, "7258", "naproxen", true, true),
    (RxNorm, "161", "acetaminophen", true, true),
    (RxNorm, "1191", "aspirin", true, true),
    (RxNorm, "42355", "fluvoxamine", true, true),
    (RxNorm, "2551", "ciprofloxacin", true, true),
    (RxNorm, "8123", "phenelzine", true, true),
    (RxNorm, "10734", "tranylcypromine", true, true),
    (RxNorm, "9639", "selegiline", true, true),
    (RxNorm, "6011", "isocarboxazid", true, true),
    (RxNorm, "2019", "carbidopa", false, true),
    // ICD-10-CM.
    (Icd10Cm, "R25.2", "cramp and spasm", true, false),
    (Icd10Cm, "G25.81", "restless legs syndrome", true, true),
    (
        Icd10Cm,
        "M62.40",
        "contracture of muscle, unspecified site",
        true,
        true,
    ),
    (Icd10Cm, "R29.0", "tetany", true, true),
    (Icd10Cm, "G24.9", "dystonia, unspecified", true, true),
    (Icd10Cm, "N18.6", "end-stage renal disease", true, true),
    (
        Icd10Cm,
        "I21.9",
        "acute myocardial infarction, unspecified",
        true,
        true,
    ),
    (
        Icd10Cm,
        "I44.30",
        "atrioventricular block, unspecified",
        false,
        true,
    ),
    (Icd10Cm, "I50.9", "heart failure, unspecified", true, true),
    (
        Icd10Cm,
        "E05.90",
        "thyrotoxicosis, unspecified, without crisis",
        true,
        true,
    ),
    // SNOMED CT.
    (SnomedCt, "32914008", "restless legs", true, true),
    (SnomedCt, "221360009", "spasticity", true, false),
    (SnomedCt, "15802004", "dystonia", true, true),
    (SnomedCt, "46177005", "end-stage renal disease", true, true),
    // LOINC: 20567-4 and the deprecated 6796-7 are read, never emitted.
    (
        Loinc,
        "2276-4",
        "ferritin [mass/volume] in serum or plasma",
        true,
        true,
    ),
    (Loinc, "20567-4", "ferritin, serum", false, true),
    (
        Loinc,
        "2502-3",
        "iron saturation [mass fraction] in serum or plasma",
        true,
        true,
    ),
    (
        Loinc,
        "6796-7",
        "transferrin saturation (deprecated code)",
        false,
        true,
    ),
    // UCUM.
    (Ucum, "ng/mL", "ng/mL", true, true),
    (Ucum, "ug/L", "µg/L", true, true),
    (Ucum, "%", "%", true, true),
];

fn coding(system: CodeSystem, code: &'static str, display: &'static str) -> Coding {
    Coding::new(system, code, display)
}

// ---- Every concept the lookups can be asked about ----------------------------------------

fn every_drug() -> Vec<Drug> {
    Set::<Drug>::all().iter().collect()
}

fn every_condition() -> Vec<Condition> {
    Set::<Condition>::all().iter().collect()
}

fn every_presentation() -> Vec<Presentation> {
    let mut out = vec![
        Presentation::TrueCramp(CrampKind::Idiopathic),
        Presentation::TrueCramp(CrampKind::Secondary),
        Presentation::RestlessLegs,
        Presentation::AcuteMusculoskeletal,
    ];
    for origin in Set::<SpasticityOrigin>::all() {
        for impacts in [Set::new(), Set::<Impact>::all()] {
            out.push(Presentation::Spasticity { origin, impacts });
        }
    }
    out.extend(
        Set::<OutOfScopeKind>::all()
            .iter()
            .map(Presentation::OutOfScope),
    );
    out
}

fn every_lab() -> Vec<LabKind> {
    Set::<LabKind>::all().iter().collect()
}

fn every_ferritin_unit() -> Vec<FerritinUnit> {
    Set::<FerritinUnit>::all().iter().collect()
}

/// Every coding any forward lookup emits.
fn emitted() -> BTreeSet<(String, String, String)> {
    let mut out = Vec::new();
    out.extend(every_drug().into_iter().filter_map(Drug::rxnorm));
    for p in every_presentation() {
        out.extend(p.icd10cm());
        out.extend(p.snomed());
    }
    for c in every_condition() {
        out.extend(c.icd10cm());
        out.extend(c.snomed());
    }
    for lab in every_lab() {
        out.push(lab.loinc());
        out.extend(lab.ucum_units());
    }
    out.extend(every_ferritin_unit().into_iter().map(FerritinUnit::ucum));
    out.iter().map(key).collect()
}

fn key(c: &Coding) -> (String, String, String) {
    (
        c.system.uri().to_owned(),
        c.code.to_string(),
        c.display.to_string(),
    )
}

/// What a code reads back as, through any reverse lookup of its system.
fn read_back(system: CodeSystem, code: &str) -> Option<String> {
    match system {
        RxNorm => codes::drug_from_rxnorm(code)
            .map(|d| d.to_string())
            .or_else(|| {
                codes::drug_from_rxnorm_ingredients(&[code, "6375"]).map(|d| d.to_string())
            }),
        Icd10Cm => codes::presentation_from_icd10cm(code)
            .map(|p| p.to_string())
            .or_else(|| codes::condition_from_icd10cm(code).map(|c| c.to_string())),
        SnomedCt => codes::presentation_from_snomed(code)
            .map(|p| p.to_string())
            .or_else(|| codes::condition_from_snomed(code).map(|c| c.to_string())),
        Loinc => codes::lab_from_loinc(code).map(|l| l.to_string()),
        Ucum => every_lab()
            .into_iter()
            .find(|&lab| codes::lab_accepts_ucum(lab, code))
            .map(|lab| lab.to_string()),
        _ => None,
    }
}

// ---- Code systems and the JSON form ------------------------------------------------------

#[test]
fn code_systems_have_the_uris_of_codes_md() {
    for (system, uri) in URIS {
        assert_eq!(system.uri(), uri);
        assert_eq!(CodeSystem::from_uri(uri), Some(system));
    }
    assert_eq!(CodeSystem::from_uri("http://loinc.org/"), None);
}

#[test]
fn a_coding_serialises_in_the_fhir_form_and_reads_back_equal() {
    let gabapentin = Drug::Gabapentin.rxnorm().unwrap();
    let json = serde_json::to_string(&gabapentin).unwrap();
    assert_eq!(
        json,
        r#"{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"25480","display":"gabapentin"}"#
    );
    assert_eq!(serde_json::from_str::<Coding>(&json).unwrap(), gabapentin);
    for m in codes::all() {
        let json = serde_json::to_string(&m.coding).unwrap();
        assert_eq!(serde_json::from_str::<Coding>(&json).unwrap(), m.coding);
    }
    let err = serde_json::from_str::<Coding>(
        r#"{"system":"http://example.org","code":"1","display":"x"}"#,
    )
    .unwrap_err();
    assert!(err.to_string().contains("unknown code system"), "{err}");
}

// ---- Every code pinned -------------------------------------------------------------------

#[test]
fn the_crate_carries_exactly_the_codes_of_codes_md() {
    let expected: BTreeSet<(&str, &str, &str, bool, bool)> = ALL
        .iter()
        .map(|&(s, c, d, e, r)| (s.uri(), c, d, e, r))
        .collect();
    let actual: Vec<CodeMapping> = codes::all();
    let actual_set: BTreeSet<(&str, &str, &str, bool, bool)> = actual
        .iter()
        .map(|m| {
            (
                m.coding.system.uri(),
                m.coding.code.as_ref(),
                m.coding.display.as_ref(),
                m.emitted,
                m.read,
            )
        })
        .collect();
    let missing: Vec<_> = expected.difference(&actual_set).collect();
    let extra: Vec<_> = actual_set.difference(&expected).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing: {missing:?}\nnot in codes.md: {extra:?}"
    );
}

#[test]
fn every_emitted_code_is_in_the_table_and_every_emitted_entry_is_emitted() {
    let from_lookups = emitted();
    let from_table: BTreeSet<_> = codes::all()
        .iter()
        .filter(|m| m.emitted)
        .map(|m| key(&m.coding))
        .collect();
    assert_eq!(from_lookups, from_table);
}

#[test]
fn every_read_entry_is_read_and_no_other_code_is() {
    for m in codes::all() {
        assert_eq!(
            read_back(m.coding.system, &m.coding.code).is_some(),
            m.read,
            "{} ({})",
            m.coding,
            m.concept
        );
    }
}

// ---- RxNorm ------------------------------------------------------------------------------

#[test]
fn every_drug_has_its_rxnorm_code_or_is_a_documented_no_code_drug() {
    let with_code: Set<Drug> = RXNORM.iter().map(|&(d, _, _)| d).collect();
    let without: Set<Drug> = NO_RXNORM.iter().copied().collect();
    assert!(with_code.intersection(without).is_empty());
    assert_eq!(with_code.len(), RXNORM.len(), "a drug listed twice");
    assert_eq!(without.len(), NO_RXNORM.len(), "a drug listed twice");
    for drug in every_drug() {
        match RXNORM.iter().find(|&&(d, _, _)| d == drug) {
            Some(&(_, code, display)) => {
                let expected = coding(RxNorm, code, display);
                assert_eq!(drug.rxnorm(), Some(expected.clone()), "{drug}");
                assert_eq!(codes::rxnorm(drug), Some(expected), "{drug}");
            }
            None => {
                assert!(
                    without.contains(drug),
                    "{drug}: neither coded nor documented"
                );
                assert_eq!(drug.rxnorm(), None, "{drug}");
            }
        }
    }
    assert_eq!(
        with_code.len() + without.len(),
        Set::<Drug>::all().len(),
        "every drug is decided"
    );
}

#[test]
fn rxnorm_lookups_round_trip() {
    for &(drug, code, _) in RXNORM {
        assert_eq!(codes::drug_from_rxnorm(code), Some(drug));
        assert_eq!(codes::drug_from_rxnorm_ingredients(&[code]), Some(drug));
        let emitted = drug.rxnorm().unwrap();
        assert_eq!(codes::drug_from_rxnorm(&emitted.code), Some(drug));
    }
    for drug in every_drug() {
        if let Some(c) = drug.rxnorm() {
            assert_eq!(codes::drug_from_rxnorm(&c.code), Some(drug));
        }
    }
}

#[test]
fn gabapentin_enacarbil_is_its_precise_ingredient_not_gabapentin() {
    assert_eq!(Drug::GabapentinEnacarbil.rxnorm().unwrap().code, "1101333");
    assert_eq!(
        codes::drug_from_rxnorm("1101333"),
        Some(Drug::GabapentinEnacarbil)
    );
    assert_eq!(codes::drug_from_rxnorm("25480"), Some(Drug::Gabapentin));
}

#[test]
fn carbidopa_is_read_only_with_levodopa() {
    assert_eq!(codes::drug_from_rxnorm(CARBIDOPA), None);
    assert_eq!(
        codes::drug_from_rxnorm_ingredients(&[CARBIDOPA, "6375"]),
        Some(Drug::CarbidopaLevodopa)
    );
    assert_eq!(
        codes::drug_from_rxnorm_ingredients(&["6375", CARBIDOPA, "6375"]),
        Some(Drug::CarbidopaLevodopa)
    );
    assert_eq!(codes::drug_from_rxnorm_ingredients(&[CARBIDOPA]), None);
    assert_eq!(
        codes::drug_from_rxnorm_ingredients(&[CARBIDOPA, "72302"]),
        None
    );
    assert_eq!(
        codes::drug_from_rxnorm_ingredients(&[CARBIDOPA, "6375", "5640"]),
        None
    );
    assert_eq!(codes::drug_from_rxnorm_ingredients(&[]), None);
    assert_eq!(Drug::CarbidopaLevodopa.rxnorm(), None);
}

/// Part 5 accepts every drug the code table names: alprazolam is a benzodiazepine of the
/// crate, but its code (596, found only in low-trust tables) is not verified, so it has none.
#[test]
fn alprazolam_is_a_benzodiazepine_without_a_code() {
    assert_eq!("alprazolam".parse::<Drug>(), Ok(Drug::Alprazolam));
    assert_eq!(Drug::Alprazolam.class(), DrugClass::Benzodiazepine);
    assert_eq!(Drug::Alprazolam.rxnorm(), None);
    assert_eq!(codes::drug_from_rxnorm("596"), None);
    assert!(codes::all().iter().all(|m| m.coding.code != "596"));
}

// ---- Presentations -----------------------------------------------------------------------

/// ICD-10-CM and SNOMED CT codes of each presentation, as codes.md pairs them.
fn expected_presentation(p: Presentation) -> (Option<Coding>, Option<Coding>) {
    match p {
        Presentation::TrueCramp(_) => (Some(coding(Icd10Cm, "R25.2", "cramp and spasm")), None),
        Presentation::RestlessLegs => (
            Some(coding(Icd10Cm, "G25.81", "restless legs syndrome")),
            Some(coding(SnomedCt, "32914008", "restless legs")),
        ),
        Presentation::Spasticity { .. } => {
            (None, Some(coding(SnomedCt, "221360009", "spasticity")))
        }
        Presentation::AcuteMusculoskeletal => (None, None),
        Presentation::OutOfScope(OutOfScopeKind::Contracture) => (
            Some(coding(
                Icd10Cm,
                "M62.40",
                "contracture of muscle, unspecified site",
            )),
            None,
        ),
        Presentation::OutOfScope(OutOfScopeKind::Tetany) => {
            (Some(coding(Icd10Cm, "R29.0", "tetany")), None)
        }
        Presentation::OutOfScope(OutOfScopeKind::Dystonia) => (
            Some(coding(Icd10Cm, "G24.9", "dystonia, unspecified")),
            Some(coding(SnomedCt, "15802004", "dystonia")),
        ),
        other => panic!("a presentation this test does not know: {other:?}"),
    }
}

#[test]
fn every_presentation_has_the_codes_of_codes_md() {
    for p in every_presentation() {
        let (icd, snomed) = expected_presentation(p);
        assert_eq!(p.icd10cm(), icd, "{p}");
        assert_eq!(codes::presentation_icd10cm(p), icd, "{p}");
        assert_eq!(p.snomed(), snomed, "{p}");
        assert_eq!(codes::presentation_snomed(p), snomed, "{p}");
    }
}

#[test]
fn presentation_lookups_round_trip_where_the_code_names_the_whole_presentation() {
    let icd = [
        ("G25.81", Presentation::RestlessLegs),
        (
            "M62.40",
            Presentation::OutOfScope(OutOfScopeKind::Contracture),
        ),
        ("R29.0", Presentation::OutOfScope(OutOfScopeKind::Tetany)),
        ("G24.9", Presentation::OutOfScope(OutOfScopeKind::Dystonia)),
    ];
    for (code, p) in icd {
        assert_eq!(codes::presentation_from_icd10cm(code), Some(p));
        assert_eq!(p.icd10cm().unwrap().code, code);
    }
    let snomed = [
        ("32914008", Presentation::RestlessLegs),
        (
            "15802004",
            Presentation::OutOfScope(OutOfScopeKind::Dystonia),
        ),
    ];
    for (code, p) in snomed {
        assert_eq!(codes::presentation_from_snomed(code), Some(p));
        assert_eq!(p.snomed().unwrap().code, code);
    }
    // Whatever reads back, reads back as the presentation that emitted it.
    for p in every_presentation() {
        if let Some(q) = p
            .icd10cm()
            .and_then(|c| codes::presentation_from_icd10cm(&c.code))
        {
            assert_eq!(q, p);
        }
        if let Some(q) = p
            .snomed()
            .and_then(|c| codes::presentation_from_snomed(&c.code))
        {
            assert_eq!(q, p);
        }
    }
}

#[test]
fn emitted_only_presentation_codes_are_not_read_back() {
    // R25.2 may be spasticity and does not say the kind of a cramp.
    assert_eq!(codes::presentation_from_icd10cm("R25.2"), None);
    // 221360009 lacks the origin and impacts of a spasticity.
    assert_eq!(codes::presentation_from_snomed("221360009"), None);
}

#[test]
fn unverified_and_unused_presentation_codes_are_not_carried() {
    // Muscle cramp (55300003) is not verified; G47.62 and M62.831 do not name a presentation
    // of the crate.
    for code in ["55300003", "G47.62", "M62.831"] {
        assert!(codes::all().iter().all(|m| m.coding.code != code), "{code}");
        assert_eq!(codes::presentation_from_snomed(code), None);
        assert_eq!(codes::presentation_from_icd10cm(code), None);
    }
    for p in every_presentation() {
        assert_ne!(p.snomed().map(|c| c.code), Some("55300003".into()));
    }
}

// ---- Conditions --------------------------------------------------------------------------

fn expected_condition(c: Condition) -> (Option<Coding>, Option<Coding>) {
    match c {
        Condition::Pregnancy | Condition::Arrhythmia | Condition::StrokeRecovery => (None, None),
        Condition::EndStageRenalDisease => (
            Some(coding(Icd10Cm, "N18.6", "end-stage renal disease")),
            Some(coding(SnomedCt, "46177005", "end-stage renal disease")),
        ),
        Condition::RecentMyocardialInfarction => (
            Some(coding(
                Icd10Cm,
                "I21.9",
                "acute myocardial infarction, unspecified",
            )),
            None,
        ),
        // I44.30 is read, not emitted: an atrioventricular block is one of several.
        Condition::HeartBlock => (None, None),
        Condition::CongestiveHeartFailure => (
            Some(coding(Icd10Cm, "I50.9", "heart failure, unspecified")),
            None,
        ),
        Condition::Hyperthyroidism => (
            Some(coding(
                Icd10Cm,
                "E05.90",
                "thyrotoxicosis, unspecified, without crisis",
            )),
            None,
        ),
        other => panic!("a condition this test does not know: {other:?}"),
    }
}

#[test]
fn every_condition_has_the_codes_of_codes_md() {
    for c in every_condition() {
        let (icd, snomed) = expected_condition(c);
        assert_eq!(c.icd10cm(), icd, "{c}");
        assert_eq!(codes::condition_icd10cm(c), icd, "{c}");
        assert_eq!(c.snomed(), snomed, "{c}");
        assert_eq!(codes::condition_snomed(c), snomed, "{c}");
    }
}

#[test]
fn condition_lookups_round_trip() {
    let icd = [
        ("N18.6", Condition::EndStageRenalDisease),
        ("I21.9", Condition::RecentMyocardialInfarction),
        ("I50.9", Condition::CongestiveHeartFailure),
        ("E05.90", Condition::Hyperthyroidism),
    ];
    for (code, c) in icd {
        assert_eq!(codes::condition_from_icd10cm(code), Some(c));
        assert_eq!(c.icd10cm().unwrap().code, code);
    }
    assert_eq!(
        codes::condition_from_snomed("46177005"),
        Some(Condition::EndStageRenalDisease)
    );
    for c in every_condition() {
        if let Some(code) = c.icd10cm() {
            assert_eq!(codes::condition_from_icd10cm(&code.code), Some(c));
        }
        if let Some(code) = c.snomed() {
            assert_eq!(codes::condition_from_snomed(&code.code), Some(c));
        }
    }
}

#[test]
fn an_atrioventricular_block_reads_as_heart_block_but_is_never_emitted() {
    assert_eq!(
        codes::condition_from_icd10cm("I44.30"),
        Some(Condition::HeartBlock)
    );
    assert_eq!(Condition::HeartBlock.icd10cm(), None);
}

#[test]
fn pregnancy_arrhythmia_and_stroke_recovery_have_no_code() {
    for c in [
        Condition::Pregnancy,
        Condition::Arrhythmia,
        Condition::StrokeRecovery,
    ] {
        assert_eq!(c.icd10cm(), None, "{c}");
        assert_eq!(c.snomed(), None, "{c}");
        assert!(
            codes::all().iter().all(|m| m.concept != c.label()),
            "{c} has a code"
        );
    }
    // Judgement: sequelae of cerebral infarction and cerebrovascular accident are not
    // "recovering from a stroke"; dependence on dialysis is not end-stage renal disease.
    assert_eq!(codes::condition_from_icd10cm("I69.30"), None);
    assert_eq!(codes::condition_from_snomed("230690007"), None);
    assert_eq!(codes::condition_from_icd10cm("Z99.2"), None);
}

// ---- LOINC and UCUM ----------------------------------------------------------------------

#[test]
fn labs_emit_their_loinc_codes() {
    assert_eq!(
        LabKind::Ferritin.loinc(),
        coding(Loinc, "2276-4", "ferritin [mass/volume] in serum or plasma")
    );
    assert_eq!(
        LabKind::TransferrinSaturation.loinc(),
        coding(
            Loinc,
            "2502-3",
            "iron saturation [mass fraction] in serum or plasma"
        )
    );
    for lab in every_lab() {
        assert_eq!(codes::loinc(lab), lab.loinc());
        assert_eq!(codes::lab_from_loinc(&lab.loinc().code), Some(lab));
    }
}

#[test]
fn both_ferritin_codes_and_the_deprecated_saturation_code_are_read() {
    assert_eq!(codes::lab_from_loinc("2276-4"), Some(LabKind::Ferritin));
    assert_eq!(codes::lab_from_loinc("20567-4"), Some(LabKind::Ferritin));
    assert_eq!(
        codes::lab_from_loinc("2502-3"),
        Some(LabKind::TransferrinSaturation)
    );
    assert_eq!(
        codes::lab_from_loinc("6796-7"),
        Some(LabKind::TransferrinSaturation)
    );
    assert_eq!(codes::lab_from_loinc("2276"), None);
}

#[test]
fn the_deprecated_saturation_code_is_never_emitted() {
    assert!(emitted().iter().all(|(_, code, _)| code != "6796-7"));
    for lab in every_lab() {
        assert_ne!(lab.loinc().code, "6796-7");
    }
    let deprecated = codes::all()
        .into_iter()
        .find(|m| m.coding.code == "6796-7")
        .unwrap();
    assert!(!deprecated.emitted && deprecated.read);
}

#[test]
fn units_have_their_ucum_codes() {
    assert_eq!(
        FerritinUnit::NanogramsPerMillilitre.ucum(),
        coding(Ucum, "ng/mL", "ng/mL")
    );
    assert_eq!(
        FerritinUnit::MicrogramsPerLitre.ucum(),
        coding(Ucum, "ug/L", "µg/L")
    );
    assert_eq!(
        LabKind::TransferrinSaturation.ucum_units(),
        [coding(Ucum, "%", "%")]
    );
    assert_eq!(
        LabKind::Ferritin.ucum_units(),
        [coding(Ucum, "ng/mL", "ng/mL"), coding(Ucum, "ug/L", "µg/L")]
    );
    for unit in every_ferritin_unit() {
        assert_eq!(codes::ucum_ferritin_unit(unit), unit.ucum());
        assert_eq!(
            codes::ferritin_unit_from_ucum(&unit.ucum().code),
            Some(unit)
        );
    }
    for lab in every_lab() {
        for unit in lab.ucum_units() {
            assert!(codes::lab_accepts_ucum(lab, &unit.code), "{lab} {unit}");
        }
    }
    assert!(!codes::lab_accepts_ucum(
        LabKind::TransferrinSaturation,
        "ng/mL"
    ));
    assert!(!codes::lab_accepts_ucum(LabKind::Ferritin, "%"));
    // `µg/L` is accepted by the patient reader, but it is not a UCUM code.
    assert_eq!(codes::ferritin_unit_from_ucum("µg/L"), None);
    assert_eq!(codes::ferritin_unit_from_ucum("%"), None);
    // pmol/L is in codes.md, but no lab of the crate is read in it.
    assert!(codes::all().iter().all(|m| m.coding.code != "pmol/L"));
}

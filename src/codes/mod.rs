//! Standard codes for the crate's concepts: RxNorm for drugs, ICD-10-CM and SNOMED CT for
//! presentations and conditions, LOINC for the labs, UCUM for their units.
//!
//! Every code the crate carries was checked against published code tables. A concept whose
//! code could not be verified has none: the lookups return `None` rather than a guessed code.
//! A [`Coding`] serialises in the FHIR form `{"system": "http://...", "code": "...",
//! "display": "..."}`; its `display` is the concept's name as the crate's verified code table
//! words it, which is not necessarily the code system's preferred term.
//!
//! ```
//! use leg_spasm_cds::codes::{self, CodeSystem};
//! use leg_spasm_cds::{Condition, Drug, LabKind, Presentation};
//!
//! let gabapentin = Drug::Gabapentin.rxnorm().unwrap();
//! assert_eq!(gabapentin.system, CodeSystem::RxNorm);
//! assert_eq!(gabapentin.code, "25480");
//! assert_eq!(codes::drug_from_rxnorm("25480"), Some(Drug::Gabapentin));
//!
//! assert_eq!(Presentation::RestlessLegs.icd10cm().unwrap().code, "G25.81");
//! assert_eq!(Condition::EndStageRenalDisease.snomed().unwrap().code, "46177005");
//! assert_eq!(LabKind::Ferritin.loinc().code, "2276-4");
//! // Some concepts have no verified code.
//! assert_eq!(Condition::Pregnancy.icd10cm(), None);
//! assert_eq!(Drug::OtherOpioid.rxnorm(), None);
//! ```
//!
//! # Which way a code is looked up
//!
//! A code is attached to a concept only where the code's concept is the crate's concept. Where
//! the two differ in breadth, the lookup goes one way only, so that neither direction claims
//! more than is known:
//!
//! - **Both ways**: the same concept. The code is emitted for the concept and read back as it.
//! - **Emitted only**: the code is broader than the crate's concept, or lacks a subtype the
//!   crate requires. Emitting it is true but less specific; reading it back would claim more
//!   than the record says. ICD-10-CM R25.2 "cramp and spasm" is emitted for a true cramp, but a
//!   record coded R25.2 may be spasticity, which ICD-10-CM indexes there too. SNOMED CT
//!   221360009 "spasticity" is emitted for spasticity of any origin, but a record coded with it
//!   does not state the origin and the impacts that a [`Presentation::Spasticity`] requires.
//! - **Read only**: the code is narrower than the crate's concept, or an alternative code for
//!   it. A record with the code has the crate's concept, but the crate does not emit it.
//!   ICD-10-CM I44.30 "atrioventricular block, unspecified" reads as
//!   [`Condition::HeartBlock`] ("heart block or conduction disturbance"), which also covers
//!   conduction disturbances that are not an atrioventricular block. LOINC 20567-4 (ferritin,
//!   reported by some large laboratories instead of 2276-4) and the deprecated 6796-7
//!   (transferrin saturation) are accepted on input; the crate emits 2276-4 and 2502-3.
//!
//! Codes are matched exactly, as the code system writes them (ICD-10-CM with its dot: `G25.81`).
//!
//! # The codes carried
//!
//! | concept | system | code | lookup |
//! |---|---|---|---|
//! | gabapentin | RxNorm | 25480 | both ways |
//! | gabapentin enacarbil | RxNorm | 1101333 | both ways (a precise ingredient, TTY=PIN) |
//! | pregabalin, cyclobenzaprine, tizanidine, baclofen, oxycodone | RxNorm | 187832, 21949, 57258, 1292, 7804 | both ways |
//! | diazepam, clonazepam, lorazepam | RxNorm | 3322, 2598, 6470 | both ways |
//! | levodopa, pramipexole, ropinirole, rotigotine | RxNorm | 6375, 746741, 72302, 616739 | both ways |
//! | haloperidol, olanzapine, risperidone | RxNorm | 5093, 61381, 35636 | both ways |
//! | quinine, magnesium oxide | RxNorm | 9071, 6582 | both ways |
//! | ferrous sulfate, ferric carboxymaltose, iron sucrose | RxNorm | 24947, 1433693, 24909 | both ways |
//! | ibuprofen, naproxen, acetaminophen, aspirin | RxNorm | 5640, 7258, 161, 1191 | both ways |
//! | fluvoxamine, ciprofloxacin | RxNorm | 42355, 2551 | both ways |
//! | phenelzine, tranylcypromine, selegiline, isocarboxazid | RxNorm | 8123, 10734, 9639, 6011 | both ways |
//! | carbidopa (with levodopa 6375: carbidopa-levodopa) | RxNorm | 2019 | read only, as an ingredient list ([`drug_from_rxnorm_ingredients`]) |
//! | true cramp (either kind) | ICD-10-CM | R25.2 | emitted only |
//! | restless legs | ICD-10-CM, SNOMED CT | G25.81, 32914008 | both ways |
//! | spasticity (any origin) | SNOMED CT | 221360009 | emitted only |
//! | contracture | ICD-10-CM | M62.40 | both ways |
//! | tetany | ICD-10-CM | R29.0 | both ways |
//! | dystonia | ICD-10-CM, SNOMED CT | G24.9, 15802004 | both ways |
//! | end-stage renal disease | ICD-10-CM, SNOMED CT | N18.6, 46177005 | both ways |
//! | recent myocardial infarction | ICD-10-CM | I21.9 | both ways |
//! | heart block or conduction disturbance | ICD-10-CM | I44.30 | read only |
//! | congestive heart failure | ICD-10-CM | I50.9 | both ways |
//! | hyperthyroidism | ICD-10-CM | E05.90 | both ways |
//! | ferritin | LOINC | 2276-4; 20567-4 | 2276-4 both ways; 20567-4 read only |
//! | transferrin saturation | LOINC | 2502-3; 6796-7 (deprecated) | 2502-3 both ways; 6796-7 read only, never emitted |
//! | ferritin units | UCUM | `ng/mL`, `ug/L` (display µg/L) | both ways |
//! | transferrin saturation unit | UCUM | `%` | both ways ([`ucum_units`], [`lab_accepts_ucum`]) |
//!
//! [`all`] lists every code the crate carries, with the concept and the direction.
//!
//! # Judgements
//!
//! - **Contracture**: M62.40 "contracture of muscle, unspecified site" is taken as DX-1's
//!   contracture, both ways. The crate records no site (its presentations are of the legs), so
//!   the code for an unspecified site is the one that fits; a record with it gets what the
//!   crate gives every contracture: the classification, no treatment, and a note that the
//!   cause needs evaluation.
//! - **Hyperthyroidism**: E05.90 "thyrotoxicosis, unspecified, without crisis" (ICD-10-CM's
//!   category E05 is thyrotoxicosis, that is hyperthyroidism), both ways.
//! - **Congestive heart failure**: I50.9 "heart failure, unspecified", both ways: the crate
//!   records no type of heart failure.
//! - **Recent myocardial infarction**: I21.9 "acute myocardial infarction, unspecified" for the
//!   acute recovery phase of a myocardial infarction (SA-8), both ways.
//! - **Heart block** (read only) and **recovering from a stroke** (no code): see above and
//!   below.
//!
//! # Concepts without a code
//!
//! - **Drugs**: the "other ..." entries (other opioid, benzodiazepine, dopaminergic agent,
//!   dopamine-blocking antipsychotic, iron product, over-the-counter analgesic, MAO inhibitor)
//!   stand for every unnamed member of a class, which no single code names.
//!   Carbidopa-levodopa is a combination: it has no code of its own here; RxNorm codes its
//!   ingredients, carbidopa 2019 and levodopa 6375, which [`drug_from_rxnorm_ingredients`]
//!   reads together. "Magnesium (other product)" has none: no ingredient code exists for plain
//!   magnesium (magnesium oxide has one). Alprazolam is a drug of the crate (a benzodiazepine)
//!   without a code: the one public tables give it (596) was not verified.
//! - **Gabapentin enacarbil**: 1101333 is a precise ingredient (TTY=PIN) under gabapentin
//!   25480; RxNorm has no ingredient (TTY=IN) for it. A record normalised to ingredients shows
//!   a gabapentin enacarbil product as gabapentin 25480, which reads back as gabapentin:
//!   normalise to precise ingredients to tell the two apart.
//! - **True cramp in SNOMED CT**: muscle cramp (55300003) appears with conflicting labels in
//!   public tables and is not used. ICD-10-CM G47.62 (sleep-related leg cramps) is not used: it
//!   does not say whether the cramp is idiopathic or secondary, which the crate requires, and
//!   the crate does not record when cramps occur. ICD-10-CM M62.831 (muscle spasm of calf) is
//!   not used: it names a site, not one of the crate's presentations.
//! - **Spasticity in ICD-10-CM**: none; ICD-10-CM codes spasticity by its cause (I69.3-, G35,
//!   G80.-, G82.-).
//! - **Acute musculoskeletal spasm**: none; the underlying musculoskeletal condition is coded
//!   by the caller.
//! - **Contracture and tetany in SNOMED CT**: no code found.
//! - **Pregnancy, arrhythmia**: no verified code.
//! - **Recovering from a stroke**: none, by judgement. ICD-10-CM I69.30 (sequelae of cerebral
//!   infarction, unspecified) names the late effects of one kind of stroke, whether or not the
//!   patient is still recovering, and not haemorrhagic stroke; SNOMED CT 230690007
//!   (cerebrovascular accident) names the stroke itself, not the recovery from it. Neither
//!   concept is the crate's "recovering from a stroke", in either direction: whether a patient
//!   with one of these codes is recovering is for the caller to decide.
//! - **End-stage renal disease**: ICD-10-CM Z99.2 (dependence on renal dialysis) is not used:
//!   dependence on dialysis is not the disease.
//! - **Units**: the crate reads no lab in `pmol/L`, so it carries no code for it.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use strum::{EnumCount, EnumIter, VariantArray};

use crate::model::drug::Drug;
use crate::model::lab::{FerritinUnit, LabKind};
use crate::model::patient::{Condition, Presentation};

mod concepts;
mod table;

use table::{
    CARBIDOPA, Concept, Entry, Unit, emit, emit_always, icd10cm_table, loinc_table, reads,
    rxnorm_table, snomed_table, ucum_table,
};

/// A code system the crate takes codes from.
///
/// Serialised as the system's URI, as FHIR writes it.
///
/// ```
/// use leg_spasm_cds::codes::CodeSystem;
/// assert_eq!(CodeSystem::Loinc.uri(), "http://loinc.org");
/// assert_eq!(CodeSystem::from_uri("http://snomed.info/sct"), Some(CodeSystem::SnomedCt));
/// assert_eq!(CodeSystem::Icd10Cm.to_string(), "ICD-10-CM");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, VariantArray, EnumCount)]
#[non_exhaustive]
pub enum CodeSystem {
    /// RxNorm (drugs), `http://www.nlm.nih.gov/research/umls/rxnorm`.
    RxNorm,
    /// ICD-10-CM (diagnoses), `http://hl7.org/fhir/sid/icd-10-cm`.
    Icd10Cm,
    /// SNOMED CT (clinical findings and disorders), `http://snomed.info/sct`.
    SnomedCt,
    /// LOINC (laboratory tests), `http://loinc.org`.
    Loinc,
    /// UCUM (units of measure), `http://unitsofmeasure.org`.
    Ucum,
}

impl CodeSystem {
    /// The system's URI, as FHIR writes it.
    pub const fn uri(self) -> &'static str {
        match self {
            CodeSystem::RxNorm => "http://www.nlm.nih.gov/research/umls/rxnorm",
            CodeSystem::Icd10Cm => "http://hl7.org/fhir/sid/icd-10-cm",
            CodeSystem::SnomedCt => "http://snomed.info/sct",
            CodeSystem::Loinc => "http://loinc.org",
            CodeSystem::Ucum => "http://unitsofmeasure.org",
        }
    }

    /// The system with this URI, matched exactly.
    pub fn from_uri(uri: &str) -> Option<CodeSystem> {
        <CodeSystem as VariantArray>::VARIANTS
            .iter()
            .copied()
            .find(|s| s.uri() == uri)
    }

    /// The system's name: `RxNorm`, `ICD-10-CM`, `SNOMED CT`, `LOINC` or `UCUM`.
    pub const fn label(self) -> &'static str {
        match self {
            CodeSystem::RxNorm => "RxNorm",
            CodeSystem::Icd10Cm => "ICD-10-CM",
            CodeSystem::SnomedCt => "SNOMED CT",
            CodeSystem::Loinc => "LOINC",
            CodeSystem::Ucum => "UCUM",
        }
    }
}

impl fmt::Display for CodeSystem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl Serialize for CodeSystem {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.uri())
    }
}

impl<'de> Deserialize<'de> for CodeSystem {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let uri = Cow::<'de, str>::deserialize(d)?;
        CodeSystem::from_uri(&uri).ok_or_else(|| {
            let accepted: Vec<&str> = <CodeSystem as VariantArray>::VARIANTS
                .iter()
                .map(|s| s.uri())
                .collect();
            serde::de::Error::custom(format_args!(
                "unknown code system {uri:?}; expected one of: {}",
                accepted.join(", ")
            ))
        })
    }
}

/// A code from a code system, with its display text: FHIR's `Coding`.
///
/// ```
/// use leg_spasm_cds::codes::{CodeSystem, Coding};
/// use leg_spasm_cds::FerritinUnit;
/// let unit = FerritinUnit::MicrogramsPerLitre.ucum();
/// assert_eq!(unit, Coding::new(CodeSystem::Ucum, "ug/L", "µg/L"));
/// assert_eq!(
///     serde_json::to_string(&unit)?,
///     r#"{"system":"http://unitsofmeasure.org","code":"ug/L","display":"µg/L"}"#
/// );
/// assert_eq!(unit.to_string(), "UCUM ug/L (µg/L)");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Coding {
    /// The code system.
    pub system: CodeSystem,
    /// The code, as the system writes it.
    pub code: Cow<'static, str>,
    /// The concept's name, for people.
    pub display: Cow<'static, str>,
}

impl Coding {
    /// A coding.
    pub fn new(
        system: CodeSystem,
        code: impl Into<Cow<'static, str>>,
        display: impl Into<Cow<'static, str>>,
    ) -> Coding {
        Coding {
            system,
            code: code.into(),
            display: display.into(),
        }
    }

    const fn from_entry(system: CodeSystem, entry: &Entry) -> Coding {
        Coding {
            system,
            code: Cow::Borrowed(entry.code),
            display: Cow::Borrowed(entry.display),
        }
    }
}

impl fmt::Display for Coding {
    /// `RxNorm 25480 (gabapentin)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} ({})", self.system, self.code, self.display)
    }
}

/// One code the crate carries, as [`all`] lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CodeMapping {
    /// The code.
    pub coding: Coding,
    /// The crate's concept, in words (`gabapentin`, `restless legs`, `ferritin`).
    pub concept: &'static str,
    /// Whether the crate emits the code for the concept.
    pub emitted: bool,
    /// Whether the crate reads the code back as the concept.
    pub read: bool,
}

// ---- Drugs --------------------------------------------------------------------------------

/// The RxNorm code of a drug, if it has a verified one.
///
/// Ingredient level (TTY=IN), except gabapentin enacarbil (1101333, a precise ingredient,
/// TTY=PIN: RxNorm has no ingredient for it). The "other ..." entries, carbidopa-levodopa (a
/// combination) and "magnesium (other product)" have none.
///
/// ```
/// use leg_spasm_cds::codes;
/// use leg_spasm_cds::Drug;
/// assert_eq!(codes::rxnorm(Drug::Tizanidine).unwrap().code, "57258");
/// assert_eq!(codes::rxnorm(Drug::GabapentinEnacarbil).unwrap().code, "1101333");
/// assert_eq!(codes::rxnorm(Drug::CarbidopaLevodopa), None);
/// assert_eq!(codes::rxnorm(Drug::Magnesium), None);
/// ```
pub fn rxnorm(drug: Drug) -> Option<Coding> {
    emit(CodeSystem::RxNorm, rxnorm_table(drug))
}

/// The drug with this RxNorm code, matched exactly.
///
/// Only the codes [`rxnorm`] emits are read. Carbidopa (2019) alone is not a drug of the
/// crate: read it with levodopa through [`drug_from_rxnorm_ingredients`].
///
/// ```
/// use leg_spasm_cds::codes;
/// use leg_spasm_cds::Drug;
/// assert_eq!(codes::drug_from_rxnorm("72302"), Some(Drug::Ropinirole));
/// assert_eq!(codes::drug_from_rxnorm("1101333"), Some(Drug::GabapentinEnacarbil));
/// assert_eq!(codes::drug_from_rxnorm("2019"), None); // carbidopa alone
/// assert_eq!(codes::drug_from_rxnorm("596"), None); // not verified
/// ```
pub fn drug_from_rxnorm(code: &str) -> Option<Drug> {
    <Drug as VariantArray>::VARIANTS
        .iter()
        .copied()
        .find(|&d| reads(rxnorm_table(d), code))
}

/// The drug of a product, from the RxNorm codes of its ingredients (each matched exactly,
/// in any order, duplicates ignored).
///
/// One ingredient reads as [`drug_from_rxnorm`]; carbidopa (2019) with levodopa (6375) reads as
/// carbidopa-levodopa. Any other list is not a drug of the crate.
///
/// ```
/// use leg_spasm_cds::codes;
/// use leg_spasm_cds::Drug;
/// assert_eq!(codes::drug_from_rxnorm_ingredients(&["6375", "2019"]), Some(Drug::CarbidopaLevodopa));
/// assert_eq!(codes::drug_from_rxnorm_ingredients(&["6375"]), Some(Drug::Levodopa));
/// assert_eq!(codes::drug_from_rxnorm_ingredients(&["2019"]), None);
/// assert_eq!(codes::drug_from_rxnorm_ingredients(&["5640", "161"]), None);
/// ```
pub fn drug_from_rxnorm_ingredients(codes: &[&str]) -> Option<Drug> {
    let mut distinct: Vec<&str> = codes.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    match distinct.as_slice() {
        [one] => drug_from_rxnorm(one),
        pair @ [_, _] => {
            let carbidopa = pair.contains(&CARBIDOPA.code);
            let levodopa = pair
                .iter()
                .any(|c| drug_from_rxnorm(c) == Some(Drug::Levodopa));
            (carbidopa && levodopa).then_some(Drug::CarbidopaLevodopa)
        }
        _ => None,
    }
}

// ---- Presentations and conditions ---------------------------------------------------------

/// The ICD-10-CM code of a presentation, if it has a verified one.
///
/// A true cramp of either kind gets R25.2 "cramp and spasm" (a symptom code, broader than a
/// true cramp: emitted, never read back). Spasticity has none: ICD-10-CM codes it by its cause.
/// An acute musculoskeletal spasm has none.
///
/// ```
/// use leg_spasm_cds::codes;
/// use leg_spasm_cds::{CrampKind, OutOfScopeKind, Presentation};
/// assert_eq!(codes::presentation_icd10cm(Presentation::OutOfScope(OutOfScopeKind::Tetany)).unwrap().code, "R29.0");
/// assert_eq!(codes::presentation_icd10cm(Presentation::TrueCramp(CrampKind::Idiopathic)).unwrap().code, "R25.2");
/// assert_eq!(codes::presentation_icd10cm(Presentation::AcuteMusculoskeletal), None);
/// ```
pub fn presentation_icd10cm(presentation: Presentation) -> Option<Coding> {
    emit(
        CodeSystem::Icd10Cm,
        icd10cm_table(Concept::of(presentation)),
    )
}

/// The SNOMED CT code of a presentation, if it has a verified one.
///
/// Spasticity of any origin gets 221360009 (emitted, not read back: the code does not carry
/// the origin and impacts). A true cramp has none (muscle cramp 55300003 is not verified);
/// contracture and tetany have none.
///
/// ```
/// use leg_spasm_cds::codes;
/// use leg_spasm_cds::{Presentation, Set, SpasticityOrigin};
/// let spasticity = Presentation::Spasticity { origin: SpasticityOrigin::Stroke, impacts: Set::new() };
/// assert_eq!(codes::presentation_snomed(spasticity).unwrap().code, "221360009");
/// assert_eq!(codes::presentation_snomed(Presentation::RestlessLegs).unwrap().code, "32914008");
/// ```
pub fn presentation_snomed(presentation: Presentation) -> Option<Coding> {
    emit(
        CodeSystem::SnomedCt,
        snomed_table(Concept::of(presentation)),
    )
}

fn presentation_from(table: fn(Concept) -> &'static [Entry], code: &str) -> Option<Presentation> {
    Concept::all()
        .filter(|c| reads(table(*c), code))
        .find_map(Concept::presentation)
}

/// The presentation with this ICD-10-CM code, where the code names the whole presentation:
/// restless legs (G25.81), contracture (M62.40), tetany (R29.0), dystonia (G24.9).
///
/// R25.2 is not read: it may be spasticity, and it does not say the kind of a cramp.
///
/// ```
/// use leg_spasm_cds::codes;
/// use leg_spasm_cds::{OutOfScopeKind, Presentation};
/// assert_eq!(codes::presentation_from_icd10cm("G25.81"), Some(Presentation::RestlessLegs));
/// assert_eq!(codes::presentation_from_icd10cm("G24.9"), Some(Presentation::OutOfScope(OutOfScopeKind::Dystonia)));
/// assert_eq!(codes::presentation_from_icd10cm("R25.2"), None);
/// ```
pub fn presentation_from_icd10cm(code: &str) -> Option<Presentation> {
    presentation_from(icd10cm_table, code)
}

/// The presentation with this SNOMED CT code, where the code names the whole presentation:
/// restless legs (32914008), dystonia (15802004).
///
/// Spasticity (221360009) is not read: a [`Presentation::Spasticity`] needs its origin and
/// impacts, which the code does not carry.
///
/// ```
/// use leg_spasm_cds::codes;
/// use leg_spasm_cds::Presentation;
/// assert_eq!(codes::presentation_from_snomed("32914008"), Some(Presentation::RestlessLegs));
/// assert_eq!(codes::presentation_from_snomed("221360009"), None);
/// ```
pub fn presentation_from_snomed(code: &str) -> Option<Presentation> {
    presentation_from(snomed_table, code)
}

/// The ICD-10-CM code of a condition, if it has a verified one that names the condition.
///
/// Pregnancy and arrhythmia have no verified code. Recovering from a stroke has none, by
/// judgement (see the [module documentation](self)). Heart block or conduction disturbance
/// has none to emit: I44.30 names only an atrioventricular block (it is read, see
/// [`condition_from_icd10cm`]).
///
/// ```
/// use leg_spasm_cds::codes;
/// use leg_spasm_cds::Condition;
/// assert_eq!(codes::condition_icd10cm(Condition::CongestiveHeartFailure).unwrap().code, "I50.9");
/// assert_eq!(codes::condition_icd10cm(Condition::HeartBlock), None);
/// assert_eq!(codes::condition_icd10cm(Condition::StrokeRecovery), None);
/// ```
pub fn condition_icd10cm(condition: Condition) -> Option<Coding> {
    emit(
        CodeSystem::Icd10Cm,
        icd10cm_table(Concept::Condition(condition)),
    )
}

/// The SNOMED CT code of a condition, if it has a verified one: end-stage renal disease
/// (46177005).
///
/// ```
/// use leg_spasm_cds::codes;
/// use leg_spasm_cds::Condition;
/// assert_eq!(codes::condition_snomed(Condition::EndStageRenalDisease).unwrap().code, "46177005");
/// assert_eq!(codes::condition_snomed(Condition::StrokeRecovery), None);
/// ```
pub fn condition_snomed(condition: Condition) -> Option<Coding> {
    emit(
        CodeSystem::SnomedCt,
        snomed_table(Concept::Condition(condition)),
    )
}

fn condition_from(table: fn(Concept) -> &'static [Entry], code: &str) -> Option<Condition> {
    <Condition as VariantArray>::VARIANTS
        .iter()
        .copied()
        .find(|&c| reads(table(Concept::Condition(c)), code))
}

/// The condition with this ICD-10-CM code: N18.6, I21.9, I50.9, E05.90, and I44.30
/// (atrioventricular block, read as heart block or conduction disturbance).
///
/// ```
/// use leg_spasm_cds::codes;
/// use leg_spasm_cds::Condition;
/// assert_eq!(codes::condition_from_icd10cm("N18.6"), Some(Condition::EndStageRenalDisease));
/// assert_eq!(codes::condition_from_icd10cm("I44.30"), Some(Condition::HeartBlock));
/// assert_eq!(codes::condition_from_icd10cm("I69.30"), None); // not read as stroke recovery
/// ```
pub fn condition_from_icd10cm(code: &str) -> Option<Condition> {
    condition_from(icd10cm_table, code)
}

/// The condition with this SNOMED CT code: end-stage renal disease (46177005).
///
/// ```
/// use leg_spasm_cds::codes;
/// use leg_spasm_cds::Condition;
/// assert_eq!(codes::condition_from_snomed("46177005"), Some(Condition::EndStageRenalDisease));
/// assert_eq!(codes::condition_from_snomed("230690007"), None); // not read as stroke recovery
/// ```
pub fn condition_from_snomed(code: &str) -> Option<Condition> {
    condition_from(snomed_table, code)
}

// ---- Labs and units -----------------------------------------------------------------------

/// The LOINC code of a lab: ferritin 2276-4, transferrin saturation 2502-3.
///
/// ```
/// use leg_spasm_cds::codes;
/// use leg_spasm_cds::LabKind;
/// assert_eq!(codes::loinc(LabKind::TransferrinSaturation).code, "2502-3");
/// ```
pub fn loinc(lab: LabKind) -> Coding {
    emit_always(CodeSystem::Loinc, loinc_table(lab))
}

/// The lab with this LOINC code: ferritin 2276-4 or 20567-4; transferrin saturation 2502-3 or
/// the deprecated 6796-7 (accepted on input, never emitted).
///
/// ```
/// use leg_spasm_cds::codes;
/// use leg_spasm_cds::LabKind;
/// assert_eq!(codes::lab_from_loinc("20567-4"), Some(LabKind::Ferritin));
/// assert_eq!(codes::lab_from_loinc("6796-7"), Some(LabKind::TransferrinSaturation));
/// assert_eq!(codes::lab_from_loinc("2502-3"), Some(LabKind::TransferrinSaturation));
/// ```
pub fn lab_from_loinc(code: &str) -> Option<LabKind> {
    <LabKind as VariantArray>::VARIANTS
        .iter()
        .copied()
        .find(|&l| reads(loinc_table(l), code))
}

/// The UCUM code of a ferritin unit: `ng/mL`, or `ug/L` (display `µg/L`).
///
/// ```
/// use leg_spasm_cds::codes;
/// use leg_spasm_cds::FerritinUnit;
/// let unit = codes::ucum_ferritin_unit(FerritinUnit::MicrogramsPerLitre);
/// assert_eq!((unit.code.as_ref(), unit.display.as_ref()), ("ug/L", "µg/L"));
/// ```
pub fn ucum_ferritin_unit(unit: FerritinUnit) -> Coding {
    emit_always(CodeSystem::Ucum, ucum_table(Unit::Ferritin(unit)))
}

/// The ferritin unit with this UCUM code, matched exactly: `ng/mL` or `ug/L`.
///
/// `µg/L` is a spelling the patient reader accepts, not a UCUM code.
///
/// ```
/// use leg_spasm_cds::codes;
/// use leg_spasm_cds::FerritinUnit;
/// assert_eq!(codes::ferritin_unit_from_ucum("ug/L"), Some(FerritinUnit::MicrogramsPerLitre));
/// assert_eq!(codes::ferritin_unit_from_ucum("µg/L"), None);
/// ```
pub fn ferritin_unit_from_ucum(code: &str) -> Option<FerritinUnit> {
    <FerritinUnit as VariantArray>::VARIANTS
        .iter()
        .copied()
        .find(|&u| reads(ucum_table(Unit::Ferritin(u)), code))
}

/// Whether a lab accepts a value in the unit with this UCUM code, matched exactly: ferritin
/// `ng/mL` or `ug/L`; transferrin saturation `%`.
///
/// ```
/// use leg_spasm_cds::codes;
/// use leg_spasm_cds::LabKind;
/// assert!(codes::lab_accepts_ucum(LabKind::TransferrinSaturation, "%"));
/// assert!(codes::lab_accepts_ucum(LabKind::Ferritin, "ug/L"));
/// assert!(!codes::lab_accepts_ucum(LabKind::Ferritin, "pmol/L"));
/// assert!(!codes::lab_accepts_ucum(LabKind::Ferritin, "%"));
/// ```
pub fn lab_accepts_ucum(lab: LabKind, code: &str) -> bool {
    match lab {
        LabKind::Ferritin => ferritin_unit_from_ucum(code).is_some(),
        LabKind::TransferrinSaturation => reads(ucum_table(Unit::Percent), code),
    }
}

/// The UCUM codes of the units a lab accepts: ferritin `ng/mL` and `ug/L`; transferrin
/// saturation `%`.
///
/// ```
/// use leg_spasm_cds::codes;
/// use leg_spasm_cds::LabKind;
/// let units: Vec<_> = codes::ucum_units(LabKind::TransferrinSaturation);
/// assert_eq!(units.len(), 1);
/// assert_eq!(units[0].code, "%");
/// ```
pub fn ucum_units(lab: LabKind) -> Vec<Coding> {
    match lab {
        LabKind::Ferritin => <FerritinUnit as VariantArray>::VARIANTS
            .iter()
            .map(|&u| ucum_ferritin_unit(u))
            .collect(),
        LabKind::TransferrinSaturation => {
            vec![emit_always(CodeSystem::Ucum, ucum_table(Unit::Percent))]
        }
    }
}

// ---- The whole list -----------------------------------------------------------------------

/// Every code the crate carries: the concept it stands for, and whether it is emitted, read,
/// or both. In the order RxNorm, ICD-10-CM, SNOMED CT, LOINC, UCUM.
///
/// ```
/// use leg_spasm_cds::codes::{self, CodeSystem};
/// let all = codes::all();
/// // The deprecated transferrin saturation code is read, never emitted.
/// let deprecated = all.iter().find(|m| m.coding.code == "6796-7").unwrap();
/// assert!(deprecated.read && !deprecated.emitted);
/// assert!(all.iter().any(|m| m.coding.system == CodeSystem::Ucum && m.coding.code == "%"));
/// ```
pub fn all() -> Vec<CodeMapping> {
    fn push(
        out: &mut Vec<CodeMapping>,
        system: CodeSystem,
        concept: &'static str,
        entries: &[Entry],
    ) {
        for e in entries {
            out.push(CodeMapping {
                coding: Coding::from_entry(system, e),
                concept,
                emitted: e.way.emitted(),
                read: e.way.read(),
            });
        }
    }
    let mut out = Vec::new();
    for &drug in <Drug as VariantArray>::VARIANTS {
        push(
            &mut out,
            CodeSystem::RxNorm,
            drug.label(),
            rxnorm_table(drug),
        );
    }
    push(
        &mut out,
        CodeSystem::RxNorm,
        "carbidopa (an ingredient of carbidopa-levodopa)",
        &[CARBIDOPA],
    );
    for concept in Concept::all() {
        push(
            &mut out,
            CodeSystem::Icd10Cm,
            concept.label(),
            icd10cm_table(concept),
        );
    }
    for concept in Concept::all() {
        push(
            &mut out,
            CodeSystem::SnomedCt,
            concept.label(),
            snomed_table(concept),
        );
    }
    for &lab in <LabKind as VariantArray>::VARIANTS {
        push(&mut out, CodeSystem::Loinc, lab.label(), loinc_table(lab));
    }
    for &unit in <FerritinUnit as VariantArray>::VARIANTS {
        push(
            &mut out,
            CodeSystem::Ucum,
            "ferritin unit",
            ucum_table(Unit::Ferritin(unit)),
        );
    }
    push(
        &mut out,
        CodeSystem::Ucum,
        "transferrin saturation unit",
        ucum_table(Unit::Percent),
    );
    out
}

//! A seeded generator of synthetic Bulk FHIR exports: one NDJSON file per resource type, for
//! tests and benchmarks. The same options give the same bytes.
//!
//! What it writes, per patient: a Patient (full, year-month or year-only birth date, or none);
//! zero to three Conditions (ICD-10-CM codes of the crate's reading list, and codes outside
//! it); zero to five medicines as MedicationStatements or MedicationRequests, named by
//! RxNorm clinical-drug display names, with the ingredient's RxNorm code where the code table
//! of the knowledge gives one (`codes.md`), a clinical-drug code only where a sample record of
//! the crate uses it, and medicines outside the crate's list or with an unknown code only;
//! zero to two Observations (ferritin, transferrin saturation, and a lab the crate does not
//! read), with LOINC codes and UCUM units. Dates are full or partial. The patients are
//! synthetic: the drugs are drawn to make the screen's alerts frequent, not to look like any
//! real population.
//!
//! A few lines are malformed on purpose ([`GenerateOptions::malformed`]): cut JSON, bytes
//! that are not UTF-8, a JSON value that is no resource, a resource without a subject, a
//! blank line. Each is listed in the [`Generated`] report with its file and line.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

const RXNORM: &str = "http://www.nlm.nih.gov/research/umls/rxnorm";
const ICD10: &str = "http://hl7.org/fhir/sid/icd-10-cm";
const LOINC: &str = "http://loinc.org";
const UCUM: &str = "http://unitsofmeasure.org";

/// A medicine as written: the text, and an RxNorm code with its display.
struct Med {
    text: &'static str,
    code: Option<(&'static str, &'static str)>,
}

const fn med(text: &'static str, code: &'static str, display: &'static str) -> Med {
    Med {
        text,
        code: Some((code, display)),
    }
}

const fn text_only(text: &'static str) -> Med {
    Med { text, code: None }
}

/// Medicines of the crate's list: clinical-drug names with the ingredient's code (codes.md),
/// or the clinical-drug code of a sample record of the crate.
const MEDS: &[Med] = &[
    med("quinine sulfate 324 MG Oral Capsule", "9071", "quinine"),
    med(
        "oxycodone hydrochloride 5 MG Oral Tablet",
        "7804",
        "oxycodone",
    ),
    med(
        "acetaminophen 325 MG / oxycodone hydrochloride 5 MG Oral Tablet [Percocet]",
        "1049621",
        "acetaminophen 325 MG / oxycodone hydrochloride 5 MG Oral Tablet [Percocet]",
    ),
    text_only("hydromorphone hydrochloride 2 MG Oral Tablet"),
    text_only("tramadol hydrochloride 50 MG Oral Tablet"),
    med("diazepam 5 MG Oral Tablet", "3322", "diazepam"),
    med(
        "clonazepam 0.5 MG Oral Tablet",
        "198046",
        "clonazepam 0.5 MG Oral Tablet",
    ),
    med("lorazepam 1 MG Oral Tablet", "6470", "lorazepam"),
    med("gabapentin 300 MG Oral Capsule", "25480", "gabapentin"),
    med(
        "pregabalin 75 MG Oral Capsule [Lyrica]",
        "607020",
        "pregabalin 75 MG Oral Capsule [Lyrica]",
    ),
    med(
        "cyclobenzaprine hydrochloride 10 MG Oral Tablet",
        "21949",
        "cyclobenzaprine",
    ),
    med("tizanidine 4 MG Oral Tablet", "57258", "tizanidine"),
    med(
        "fluvoxamine maleate 100 MG Oral Tablet",
        "42355",
        "fluvoxamine",
    ),
    med("ciprofloxacin 500 MG Oral Tablet", "2551", "ciprofloxacin"),
    med("baclofen 10 MG Oral Tablet", "1292", "baclofen"),
    med(
        "ropinirole 1 MG Oral Tablet",
        "316938",
        "ropinirole 1 MG Oral Tablet",
    ),
    med(
        "magnesium oxide 400 MG Oral Tablet",
        "6582",
        "magnesium oxide",
    ),
    med(
        "ferrous sulfate 325 MG Oral Tablet",
        "24947",
        "ferrous sulfate",
    ),
    med("ibuprofen 400 MG Oral Tablet", "5640", "ibuprofen"),
    med("naproxen 500 MG Oral Tablet", "7258", "naproxen"),
    med("haloperidol 5 MG Oral Tablet", "5093", "haloperidol"),
];

/// Medicines outside the crate's list (text only), and a code the reader does not know.
const OTHER_MEDS: &[Med] = &[
    text_only("lisinopril 10 MG Oral Tablet"),
    text_only("atorvastatin 20 MG Oral Tablet"),
    text_only("metformin hydrochloride 500 MG Oral Tablet"),
    text_only("levothyroxine sodium 0.05 MG Oral Tablet"),
    Med {
        text: "",
        code: Some(("0000000", "")),
    },
];

/// ICD-10-CM conditions: codes the crate reads (codes.md), and codes outside its list.
const CONDITIONS: &[(&str, &str)] = &[
    ("G47.62", "Sleep related leg cramps"),
    ("G25.81", "Restless legs syndrome"),
    ("R25.2", "Cramp and spasm"),
    ("N18.6", "End stage renal disease"),
    ("I50.9", "Heart failure, unspecified"),
    (
        "E05.90",
        "Thyrotoxicosis, unspecified without thyrotoxic crisis or storm",
    ),
    ("I44.30", "Unspecified atrioventricular block"),
    ("E11.9", "Type 2 diabetes mellitus without complications"),
    ("I10", "Essential (primary) hypertension"),
];

/// Options of a generated export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenerateOptions {
    /// The number of patients.
    pub patients: usize,
    /// The seed: the same options give the same bytes.
    pub seed: u64,
    /// The number of malformed lines, spread over the files.
    pub malformed: usize,
}

impl GenerateOptions {
    /// Options for `patients` patients with the seed, and one malformed line per 5,000
    /// patients (at least five: one of each kind).
    #[must_use]
    pub fn new(patients: usize, seed: u64) -> Self {
        GenerateOptions {
            patients,
            seed,
            malformed: (patients / 5000).max(5),
        }
    }
}

/// A malformed line written on purpose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MalformedLine {
    /// The file.
    pub file: PathBuf,
    /// Its 1-based line number.
    pub line: u64,
    /// What is wrong with it (the screen's reason).
    pub reason: &'static str,
}

/// What was written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Generated {
    /// The files, by resource type.
    pub files: Vec<PathBuf>,
    /// Lines written per file (malformed ones included).
    pub lines: Vec<u64>,
    /// The malformed lines.
    pub malformed: Vec<MalformedLine>,
}

/// SplitMix64: a small seeded generator, stable across platforms and versions.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// A date `days` before 2026-01-01 at the given precision (0 full, 1 year-month, 2 year).
fn date_before(days: u64, precision: usize) -> String {
    // Days since 1970-01-01 to a civil date (H. Hinnant's algorithm).
    let z = 20_454 - days as i64 + 719_468; // 2026-01-01 is day 20,454
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    match precision {
        0 => format!("{y:04}-{m:02}-{d:02}"),
        1 => format!("{y:04}-{m:02}"),
        _ => format!("{y:04}"),
    }
}

fn concept(m: &Med) -> Value {
    let mut c = serde_json::Map::new();
    if let Some((code, display)) = m.code {
        let mut coding = json!({"system": RXNORM, "code": code});
        if !display.is_empty() {
            coding["display"] = json!(display);
        }
        c.insert("coding".into(), json!([coding]));
    }
    if !m.text.is_empty() {
        c.insert("text".into(), json!(m.text));
    }
    Value::Object(c)
}

const FILES: [&str; 5] = [
    "Patient",
    "Condition",
    "MedicationRequest",
    "MedicationStatement",
    "Observation",
];

struct Out {
    writer: BufWriter<File>,
    path: PathBuf,
    lines: u64,
}

impl Out {
    fn line(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.writer.write_all(bytes)?;
        self.writer.write_all(b"\n")?;
        self.lines += 1;
        Ok(())
    }
}

/// Writes a synthetic export of `options.patients` patients into `dir` (made if missing):
/// `Patient.ndjson`, `Condition.ndjson`, `MedicationRequest.ndjson`,
/// `MedicationStatement.ndjson`, `Observation.ndjson`.
///
/// # Errors
///
/// An I/O error, naming the file.
pub fn generate(dir: &Path, options: &GenerateOptions) -> Result<Generated, std::io::Error> {
    let named = |path: &Path, e: std::io::Error| {
        std::io::Error::new(e.kind(), format!("{}: {e}", path.display()))
    };
    std::fs::create_dir_all(dir).map_err(|e| named(dir, e))?;
    let mut outs = Vec::new();
    for name in FILES {
        let path = dir.join(format!("{name}.ndjson"));
        let file = File::create(&path).map_err(|e| named(&path, e))?;
        outs.push(Out {
            writer: BufWriter::with_capacity(1 << 20, file),
            path,
            lines: 0,
        });
    }
    let mut rng = Rng(options.seed);
    // The patients after which a malformed line is written, and its file.
    let mut bad: Vec<(usize, usize, usize)> = (0..options.malformed)
        .map(|k| {
            (
                rng.below(options.patients.max(1)),
                rng.below(FILES.len()),
                k % 5,
            )
        })
        .collect();
    bad.sort_unstable();
    let mut bad = bad.into_iter().peekable();
    let mut malformed = Vec::new();
    for p in 0..options.patients {
        write_patient(&mut rng, p, &mut outs).map_err(|e| named(dir, e))?;
        while let Some(&(at, file, kind)) = bad.peek() {
            if at != p {
                break;
            }
            bad.next();
            let out = &mut outs[file];
            let (bytes, reason): (Vec<u8>, &'static str) = match kind {
                0 => (
                    format!(
                        r#"{{"resourceType": "{}", "id": "cut{p}", "sta"#,
                        FILES[file]
                    )
                    .into_bytes(),
                    "not_json",
                ),
                1 => (
                    b"{\"resourceType\": \"Observation\", \"id\": \"bytes\xff\xfe\"}".to_vec(),
                    "invalid_utf8",
                ),
                2 => (b"[1, 2, 3]".to_vec(), "not_a_resource"),
                3 => (
                    format!(
                        r#"{{"resourceType": "{}", "id": "nosubject{p}", "status": "active"}}"#,
                        FILES[file]
                    )
                    .into_bytes(),
                    "no_patient_reference",
                ),
                _ => (b"   ".to_vec(), "blank_line"),
            };
            // A Patient without a subject has an id: it is a patient, not a bad line.
            let bytes = if kind == 3 && file == 0 {
                br#"{"resourceType": "Patient", "active": true}"#.to_vec()
            } else {
                bytes
            };
            out.line(&bytes).map_err(|e| named(&out.path.clone(), e))?;
            malformed.push(MalformedLine {
                file: out.path.clone(),
                line: out.lines,
                reason,
            });
        }
    }
    let mut generated = Generated {
        malformed,
        ..Generated::default()
    };
    for mut out in outs {
        out.writer.flush().map_err(|e| named(&out.path, e))?;
        generated.files.push(out.path);
        generated.lines.push(out.lines);
    }
    Ok(generated)
}

fn write_patient(rng: &mut Rng, p: usize, outs: &mut [Out]) -> std::io::Result<()> {
    let id = format!("pt{p:07}");
    let subject = json!({"reference": format!("Patient/{id}")});
    let mut n = 0usize;
    let mut next_id = |prefix: &str| {
        n += 1;
        format!("{prefix}-{id}-{n}")
    };

    // Patient: ages 20 to 95 on 2026-01-01, at full, month or year precision, or none.
    let gender = ["female", "male", "unknown"][rng.below(3)];
    let mut patient = json!({"resourceType": "Patient", "id": id, "gender": gender});
    if !rng.chance(4) {
        let age_days = (20 * 365 + rng.below(75 * 365)) as u64;
        let precision = [0, 0, 0, 1, 2][rng.below(5)];
        patient["birthDate"] = json!(date_before(age_days, precision));
    }
    if rng.below(3000) == 0 {
        // A birth date that is no date: the reader refuses the record, naming the element.
        patient["birthDate"] = json!("1950-13-45");
    }
    outs[0].line(patient.to_string().as_bytes())?;

    for _ in 0..rng.below(4) {
        let (code, display) = CONDITIONS[rng.below(CONDITIONS.len())];
        let status = if rng.chance(85) { "active" } else { "resolved" };
        let c = json!({"resourceType": "Condition", "id": next_id("cond"),
            "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": status}]},
            "verificationStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-ver-status", "code": "confirmed"}]},
            "code": {"coding": [{"system": ICD10, "code": code, "display": display}], "text": display},
            "subject": subject,
            "onsetDateTime": date_before(rng.below(3000) as u64, rng.below(3))});
        outs[1].line(c.to_string().as_bytes())?;
    }

    for _ in 0..rng.below(6) {
        let m = if rng.chance(85) {
            &MEDS[rng.below(MEDS.len())]
        } else {
            &OTHER_MEDS[rng.below(OTHER_MEDS.len())]
        };
        let started = date_before(rng.below(400) as u64, [0, 0, 1, 2][rng.below(4)]);
        if rng.chance(50) {
            let status = if rng.chance(90) { "active" } else { "stopped" };
            let s = json!({"resourceType": "MedicationStatement", "id": next_id("ms"),
                "status": status, "medicationCodeableConcept": concept(m),
                "subject": subject, "effectivePeriod": {"start": started}});
            outs[3].line(s.to_string().as_bytes())?;
        } else {
            let status = if rng.chance(90) {
                "active"
            } else {
                "completed"
            };
            let r = json!({"resourceType": "MedicationRequest", "id": next_id("mr"),
                "status": status, "intent": "order", "medicationCodeableConcept": concept(m),
                "subject": subject, "authoredOn": started});
            outs[2].line(r.to_string().as_bytes())?;
        }
    }

    for _ in 0..rng.below(3) {
        let when = date_before(rng.below(700) as u64, 0);
        let o = match rng.below(3) {
            0 => json!({"resourceType": "Observation", "id": next_id("obs"), "status": "final",
                "code": {"coding": [{"system": LOINC, "code": "2276-4", "display": "Ferritin [Mass/volume] in Serum or Plasma"}]},
                "subject": subject, "effectiveDateTime": when,
                "valueQuantity": {"value": 5 + rng.below(300), "unit": "ng/mL", "system": UCUM, "code": "ng/mL"}}),
            1 => json!({"resourceType": "Observation", "id": next_id("obs"), "status": "final",
                "code": {"coding": [{"system": LOINC, "code": "2502-3", "display": "Iron saturation [Mass Fraction] in Serum or Plasma"}]},
                "subject": subject, "effectiveDateTime": when,
                "valueQuantity": {"value": 5 + rng.below(50), "unit": "%", "system": UCUM, "code": "%"}}),
            _ => json!({"resourceType": "Observation", "id": next_id("obs"), "status": "final",
                "code": {"coding": [{"system": LOINC, "code": "2345-7", "display": "Glucose [Mass/volume] in Serum or Plasma"}]},
                "subject": subject, "effectiveDateTime": when,
                "valueQuantity": {"value": 70 + rng.below(130), "unit": "mg/dL", "system": UCUM, "code": "mg/dL"}}),
        };
        outs[4].line(o.to_string().as_bytes())?;
    }
    Ok(())
}

//! Code shared by the benchmarks: the sample patients of `examples/patients/`, and a
//! deterministic generator of valid patients for the batch benchmark.
#![allow(dead_code)] // each benchmark uses part of this module

use leg_spasm_cds::{
    Age, CrampKind, Days, Drug, Ferritin, FerritinUnit, Labs, Medication, Medications, Member,
    OutOfScopeKind, Patient, Presentation, Set, SpasticityOrigin, Stage, SymptomSeverity,
    TransferrinSaturation,
};

/// A sample patient record: its file name without `.json`, its text, and the patient read
/// from it.
pub struct Sample {
    pub name: String,
    pub json: String,
    pub patient: Patient,
}

#[path = "../../tests/common/samples.rs"]
mod files;

/// The library's directory, where `examples/patients/` is: the benches are a package of their
/// own in `benches/`.
pub const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

/// Every `examples/patients/*.json`, in file-name order.
pub fn samples() -> Vec<Sample> {
    files::sample_files()
        .into_iter()
        .map(|(name, json)| {
            let patient = Patient::from_json(&json).unwrap_or_else(|e| panic!("{name}: {e}"));
            Sample {
                name,
                json,
                patient,
            }
        })
        .collect()
}

/// xorshift64*: small, fast and deterministic; plenty for spreading patients over the input
/// space.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        // The state must not be zero.
        Rng(seed | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u32) -> u32 {
        (((self.next_u64() >> 32) * u64::from(n)) >> 32) as u32
    }

    /// True once in `n` times on average.
    pub fn one_in(&mut self, n: u32) -> bool {
        self.below(n) == 0
    }

    pub fn pick<T: Copy>(&mut self, from: &[T]) -> T {
        from[self.below(from.len() as u32) as usize]
    }

    /// Each member of `T` with probability `1 / n`.
    pub fn subset<T: Member>(&mut self, n: u32) -> Set<T> {
        T::ALL.iter().copied().filter(|_| self.one_in(n)).collect()
    }
}

/// `n` valid patients, the same for the same seed.
pub fn patients(n: usize, seed: u64) -> Vec<Patient> {
    let mut rng = Rng::new(seed);
    (0..n).map(|_| patient(&mut rng)).collect()
}

/// One patient: a presentation with its subtype, stage, severity, age, conditions, up to four
/// medicines with their days of use, and ferritin and transferrin saturation each measured or
/// not.
pub fn patient(rng: &mut Rng) -> Patient {
    let presentation = match rng.below(5) {
        0 => Presentation::TrueCramp(rng.pick(CrampKind::ALL)),
        1 => Presentation::RestlessLegs,
        2 => Presentation::Spasticity {
            origin: rng.pick(SpasticityOrigin::ALL),
            impacts: rng.subset(2),
        },
        3 => Presentation::AcuteMusculoskeletal,
        _ => Presentation::OutOfScope(rng.pick(OutOfScopeKind::ALL)),
    };
    let age = Age::new(rng.below(Age::MAX.years() + 1)).expect("in range");
    let mut labs = Labs::not_measured();
    if rng.one_in(2) {
        let value = f64::from(rng.below(3000)) / 10.0;
        let unit = rng.pick(FerritinUnit::ALL);
        labs = labs.with_ferritin(Ferritin::new(value, unit).expect("in range"));
    }
    if rng.one_in(2) {
        let percent = f64::from(rng.below(1001)) / 10.0;
        labs = labs
            .with_transferrin_saturation(TransferrinSaturation::new(percent).expect("in range"));
    }
    Patient::new(
        presentation,
        rng.pick(Stage::ALL),
        rng.pick(SymptomSeverity::ALL),
        age,
        rng.subset(8),
        medications(rng),
    )
    .with_labs(labs)
}

/// Up to four distinct medicines, with days of use weighted towards the limits the rules read.
fn medications(rng: &mut Rng) -> Medications {
    const LIMITS: [u32; 9] = [0, 1, 20, 21, 22, 89, 90, 91, 365];
    let count = rng.below(5) as usize;
    let mut taken = Set::<Drug>::new();
    let mut list = Vec::with_capacity(count);
    while list.len() < count {
        let drug = rng.pick(Drug::ALL);
        if !taken.insert(drug) {
            continue;
        }
        let days = if rng.one_in(2) {
            rng.pick(&LIMITS)
        } else {
            rng.below(2000)
        };
        list.push(Medication::new(drug, Days::new(days)));
    }
    Medications::new(list).expect("distinct drugs")
}

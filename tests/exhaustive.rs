//! The exhaustive check: every invariant of Part 4 on every point of a discretised product of
//! the inputs.
//!
//! The inputs are almost all enums; the numbers are cut where a rule reads them: ferritin not
//! measured, 75 and 75.01 ng/mL (and µg/L); saturation not measured, 19.99, 20, 44.99 and 45 %;
//! cyclobenzaprine for 20 and 21 days (DEC-8); an over-the-counter analgesic for 89 and 90 days
//! (DEC-7); age 64 and 65 (SA-12, SA-15). Medicines are one per class plus every drug a rule
//! names on its own (gabapentin, gabapentin enacarbil, tizanidine, baclofen, cyclobenzaprine,
//! quinine, magnesium, fluvoxamine, ciprofloxacin, and every MAO inhibitor).
//!
//! Unknown values (Part 5, DEC-16): cyclobenzaprine, the over-the-counter analgesic and the
//! benzodiazepine are also taken for an unknown number of days, and the age is also stated
//! unknown. The rules that read the age are SA-12 (with cyclobenzaprine) and SA-15 (with a
//! benzodiazepine); the unknown age is therefore enumerated with every medicine list that holds
//! cyclobenzaprine or a benzodiazepine, and with no medicine (the record itself), rather than
//! with every list, which keeps the run time within half as long again.
//!
//! Two products are enumerated in full:
//!
//! - the treatment space: presentation (every subtype) x stage x severity x age x conditions
//!   (pregnancy, stroke recovery, ESRD, each cardiac or thyroid condition of SA-8) x every list
//!   of at most two medicines from the representatives. No rule reads more than two medicines
//!   together (SA-3, SA-4, SA-7 and SA-8 pair a drug with another), so every pair is here;
//! - the iron and diagnosis space: presentation x stage x severity x (pregnancy, ESRD) x
//!   ferritin x saturation x RLS criteria reported x (no medicine, a current iron product).
//!   No rule reads the labs or the criteria together with a medicine, the age or another
//!   condition.
//!
//! INV-1..10 and INV-12 are checked on every patient; INV-11 on every pair of consecutive
//! stages of the same patient, and between the two ferritin and saturation cuts of the same
//! patient; INV-13 (the medication check of the patient's record agrees with its plan) on every
//! patient; INV-14 (drafting only adds) in the treatment space, drafting every representative
//! drug onto each point with at most one medicine (once per severity, which the check does not
//! read). The counts are printed.

mod common;

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use common::spec;
use leg_spasm_cds::*;

fn presentations() -> Vec<Presentation> {
    let mut all: Vec<Presentation> = CrampKind::ALL
        .iter()
        .map(|&k| Presentation::TrueCramp(k))
        .collect();
    all.push(Presentation::RestlessLegs);
    for &origin in SpasticityOrigin::ALL {
        all.push(Presentation::Spasticity {
            origin,
            impacts: Set::new(),
        });
        all.push(Presentation::Spasticity {
            origin,
            impacts: Set::from([Impact::Pain]),
        });
    }
    all.push(Presentation::AcuteMusculoskeletal);
    all.extend(
        OutOfScopeKind::ALL
            .iter()
            .map(|&k| Presentation::OutOfScope(k)),
    );
    all
}

/// The representative medicines, with the days of use that matter.
fn representatives() -> Vec<Medication> {
    let m = |drug, days| Medication::new(drug, Days::new(days));
    let unknown = |drug| Medication::new(drug, Stated::Unknown);
    let mut list = vec![
        m(Drug::Gabapentin, 30),
        m(Drug::GabapentinEnacarbil, 30),
        m(Drug::Pregabalin, 30),
        m(Drug::Cyclobenzaprine, 20),
        m(Drug::Cyclobenzaprine, 21),
        unknown(Drug::Cyclobenzaprine),
        m(Drug::Tizanidine, 30),
        m(Drug::Baclofen, 30),
        m(Drug::Oxycodone, 30),
        m(Drug::Diazepam, 30),
        unknown(Drug::Diazepam),
        m(Drug::Ropinirole, 30),
        m(Drug::Haloperidol, 30),
        m(Drug::Ibuprofen, 89),
        m(Drug::Ibuprofen, 90),
        unknown(Drug::Ibuprofen),
        m(Drug::FerrousSulfate, 30),
        m(Drug::MagnesiumOxide, 30),
        m(Drug::Magnesium, 30),
        m(Drug::Quinine, 30),
        m(Drug::Fluvoxamine, 30),
        m(Drug::Ciprofloxacin, 30),
    ];
    list.extend(DrugClass::MaoInhibitor.members().iter().map(|d| m(d, 1)));
    list
}

/// Every list of at most two representatives (never the same drug twice).
fn medicine_lists() -> Vec<Medications> {
    let reps = representatives();
    let mut lists = vec![Medications::none()];
    for (i, a) in reps.iter().enumerate() {
        lists.push(Medications::new([*a]).unwrap());
        for b in &reps[i + 1..] {
            if a.drug != b.drug {
                lists.push(Medications::new([*a, *b]).unwrap());
            }
        }
    }
    lists
}

/// Pregnancy, stroke recovery and ESRD, each present or not, with none or one of the SA-8
/// conditions.
fn condition_sets() -> Vec<Set<Condition>> {
    let cardiac = [
        None,
        Some(Condition::RecentMyocardialInfarction),
        Some(Condition::Arrhythmia),
        Some(Condition::HeartBlock),
        Some(Condition::CongestiveHeartFailure),
        Some(Condition::Hyperthyroidism),
    ];
    let mut sets = Vec::new();
    for bits in 0..8u8 {
        for c in cardiac {
            let mut set = Set::new();
            if bits & 1 != 0 {
                set.insert(Condition::Pregnancy);
            }
            if bits & 2 != 0 {
                set.insert(Condition::StrokeRecovery);
            }
            if bits & 4 != 0 {
                set.insert(Condition::EndStageRenalDisease);
            }
            if let Some(c) = c {
                set.insert(c);
            }
            sets.push(set);
        }
    }
    sets
}

fn ferritins() -> Vec<Option<Ferritin>> {
    let mut v = vec![None];
    for value in [75.0, 75.01] {
        for &unit in FerritinUnit::ALL {
            v.push(Some(Ferritin::new(value, unit).unwrap()));
        }
    }
    v
}

fn saturations() -> Vec<Option<TransferrinSaturation>> {
    let mut v = vec![None];
    v.extend([19.99, 20.0, 44.99, 45.0].map(|t| Some(TransferrinSaturation::new(t).unwrap())));
    v
}

fn criteria() -> Vec<Option<Set<RlsCriterion>>> {
    let four = Set::from(RlsCriterion::ARTICLE_FOUR);
    let fifth = RlsCriterion::NotExplainedByOtherCondition;
    vec![
        None,
        Some(Set::new()),
        Some(Set::from([
            RlsCriterion::UrgeToMove,
            RlsCriterion::WorseAtRest,
            RlsCriterion::ReliefWithMovement,
        ])),
        Some(four),
        Some(four.with(fifth)),
        Some(Set::from([fifth])),
    ]
}

/// Checks one patient at every stage: INV-1..10 and INV-12 at each, INV-11 between
/// consecutive stages. Returns the number of patients checked.
fn check_stages(base: &Patient, failures: &Mutex<Vec<String>>) -> u64 {
    let mut earlier: Option<Plan> = None;
    // The medication check reads no stage: one check serves every stage (INV-13).
    let checked = check(&Record::from_patient(base));
    for &stage in Stage::ALL {
        let p = base.clone().with_stage(stage);
        let plan = recommend(&p);
        let result = spec::all_for_one(&p, &plan)
            .and_then(|()| spec::inv13(&p, &plan, &checked))
            .and_then(|()| {
                earlier
                    .as_ref()
                    .map_or(Ok(()), |e| spec::inv11_stages(e, &plan))
            });
        if let Err(e) = result {
            let mut f = failures.lock().unwrap();
            if f.len() < 20 {
                f.push(format!(
                    "{e}\n  patient: {}",
                    serde_json::to_string(&p).unwrap()
                ));
            }
        }
        earlier = Some(plan);
    }
    Stage::ALL.len() as u64
}

/// INV-14 for one patient: each representative drug not already current, drafted onto its
/// record, against the record without it and with it current for 0 days. Returns the number of
/// drafted orders checked.
fn check_drafts(base: &Patient, failures: &Mutex<Vec<String>>) -> u64 {
    let record = Record::from_patient(base);
    let before = check(&record);
    let mut drugs: Vec<Drug> = representatives().iter().map(|m| m.drug).collect();
    drugs.dedup();
    let mut n = 0;
    for drug in drugs {
        if base.medications().contains(drug) {
            continue;
        }
        let source = record::MedicineSource {
            resource: "MedicationRequest/draft".into(),
            read_as: drug.to_string(),
        };
        let mut drafted = record.clone();
        drafted.add_drafted(drug, Stated::Known(Days::new(0)), source.clone());
        let mut current = record.clone();
        current.add_medicine(drug, Stated::Known(Days::new(0)), source);
        let after = check(&drafted);
        let result = spec::inv14_only_adds(&before, &after)
            .and_then(|()| spec::inv14_as_current(&after, &check(&current), drug));
        if let Err(e) = result {
            let mut f = failures.lock().unwrap();
            if f.len() < 20 {
                f.push(format!(
                    "{e}\n  patient: {}, drafted {drug}",
                    serde_json::to_string(base).unwrap()
                ));
            }
        }
        n += 1;
    }
    n
}

/// Runs `work` for each presentation and severity on a pool of threads. The jobs are that
/// small (a few seconds each) so that no thread is left alone with a long one at the end.
fn for_each_job(work: impl Fn(Presentation, SymptomSeverity) + Sync) {
    let mut all = Vec::new();
    for p in presentations() {
        for &severity in SymptomSeverity::ALL {
            all.push((p, severity));
        }
    }
    let jobs = Mutex::new(all);
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(8);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    // Take the lock only to pop: a guard in the `while let` scrutinee would be
                    // held for the whole body and serialise the workers.
                    let next = jobs.lock().unwrap().pop();
                    match next {
                        Some((p, severity)) => work(p, severity),
                        None => break,
                    }
                }
            });
        }
    });
}

#[test]
fn every_invariant_on_every_point_of_the_treatment_space() {
    let meds = medicine_lists();
    // The lists the age is read with (SA-12, SA-15), and the empty one.
    let age_read = |m: &Medications| {
        m.is_empty() || m.contains(Drug::Cyclobenzaprine) || m.any_of(DrugClass::Benzodiazepine)
    };
    let unknown_age_meds = meds.iter().filter(|m| age_read(m)).count();
    let conditions = condition_sets();
    let count = AtomicU64::new(0);
    let unknown_count = AtomicU64::new(0);
    let failures = Mutex::new(Vec::new());
    let drafted = AtomicU64::new(0);
    let ages = [
        Stated::Known(Age::new(64).unwrap()),
        Stated::Known(Age::new(65).unwrap()),
        Stated::Unknown,
    ];
    for_each_job(|presentation, severity| {
        let (mut n, mut unknown, mut drafts) = (0, 0, 0);
        for age in ages {
            for &conditions in &conditions {
                for m in &meds {
                    if age.is_unknown() && !age_read(m) {
                        continue;
                    }
                    let p = Patient::new(
                        presentation,
                        Stage::NothingTried,
                        severity,
                        age,
                        conditions,
                        m.clone(),
                    );
                    let checked = check_stages(&p, &failures);
                    n += checked;
                    if age.is_unknown() || m.iter().any(|m| m.days.is_unknown()) {
                        unknown += checked;
                    }
                    // The check reads no severity: INV-14 once per severity-free point,
                    // drafting each representative onto a list of at most one medicine.
                    if severity == SymptomSeverity::ALL[0] && m.len() <= 1 {
                        drafts += check_drafts(&p, &failures);
                    }
                }
            }
        }
        count.fetch_add(n, Ordering::Relaxed);
        drafted.fetch_add(drafts, Ordering::Relaxed);
        unknown_count.fetch_add(unknown, Ordering::Relaxed);
    });
    let count = count.into_inner();
    let unknown_count = unknown_count.into_inner();
    println!(
        "treatment space: {count} patients checked against INV-1..13: {} with every value known, \
         {unknown_count} with an unknown age or duration ({} medicine lists, {unknown_age_meds} \
         of them also with the age unknown)",
        count - unknown_count,
        meds.len()
    );
    println!(
        "treatment space: {} drafted orders checked against INV-14",
        drafted.into_inner()
    );
    let expected = presentations().len()
        * Stage::ALL.len()
        * SymptomSeverity::ALL.len()
        * conditions.len()
        * (2 * meds.len() + unknown_age_meds);
    assert_eq!(count, expected as u64);
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "{} failures, first:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_invariant_on_every_point_of_the_iron_and_diagnosis_space() {
    let count = AtomicU64::new(0);
    let failures = Mutex::new(Vec::new());
    let (ferritins, saturations, criteria) = (ferritins(), saturations(), criteria());
    let conditions = [
        Set::new(),
        Set::from([Condition::Pregnancy]),
        Set::from([Condition::EndStageRenalDisease]),
        Set::from([Condition::Pregnancy, Condition::EndStageRenalDisease]),
    ];
    let meds = [
        Medications::none(),
        Medications::new([Medication::new(Drug::FerrousSulfate, Days::new(60))]).unwrap(),
    ];
    for_each_job(|presentation, severity| {
        let mut n = 0;
        for conditions in conditions {
            for m in &meds {
                for (fi, &f) in ferritins.iter().enumerate() {
                    for (ti, &t) in saturations.iter().enumerate() {
                        for &c in &criteria {
                            let mut labs = Labs::not_measured();
                            labs = f.map_or(labs, |f| labs.with_ferritin(f));
                            labs = t.map_or(labs, |t| labs.with_transferrin_saturation(t));
                            let mut p = Patient::new(
                                presentation,
                                Stage::NothingTried,
                                severity,
                                Age::new(50).unwrap(),
                                conditions,
                                m.clone(),
                            )
                            .with_labs(labs);
                            if let Some(c) = c {
                                p = p.with_rls_criteria(c);
                            }
                            n += check_stages(&p, &failures);
                            // INV-11 (iron): 75 is lower than 75.01 (same unit); 19.99 < 20,
                            // 20 < 44.99 and 44.99 < 45.
                            let units = FerritinUnit::ALL.len();
                            if fi > units {
                                let q = p.clone().with_labs(
                                    p.labs().with_ferritin(ferritins[fi - units].unwrap()),
                                );
                                if let Err(e) = spec::inv11_iron(&recommend(&p), &recommend(&q)) {
                                    failures.lock().unwrap().push(e);
                                }
                            }
                            if ti >= 2 {
                                let q = p.clone().with_labs(
                                    p.labs()
                                        .with_transferrin_saturation(saturations[ti - 1].unwrap()),
                                );
                                if let Err(e) = spec::inv11_iron(&recommend(&p), &recommend(&q)) {
                                    failures.lock().unwrap().push(e);
                                }
                            }
                        }
                    }
                }
            }
        }
        count.fetch_add(n, Ordering::Relaxed);
    });
    let count = count.into_inner();
    println!("iron and diagnosis space: {count} patients checked against INV-1..12");
    let expected = presentations().len()
        * Stage::ALL.len()
        * SymptomSeverity::ALL.len()
        * conditions.len()
        * meds.len()
        * ferritins.len()
        * saturations.len()
        * criteria.len();
    assert_eq!(count, expected as u64);
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "{} failures, first:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

//! Conformance to Part 9 of the knowledge spec: what changes in knowledge version 1.2.0.
//!
//! > What changes for the same patient, against 1.1.0: MO-2 keeps RX-1's strength (DEC-14);
//! > cyclobenzaprine is not continued at 21 days or more (DEC-8; was: more than 21); SA-8 lists
//! > cyclobenzaprine as contraindicated for MSK whatever the 21-day cut decides, and names every
//! > contraindication present in one alert; SA-6's alert for a current gabapentin enacarbil is
//! > worded as its avoidance, and its avoidance is listed for CR and RLS only; entries cite the
//! > references of every statement they cite (DEC-15); unknown durations and ages are accepted
//! > and read per DEC-16; the Greek mu is accepted in `μg/L`; SA-15 (Beers: benzodiazepines at
//! > 65 or more) is new.
//!
//! One test (or more) per change, each quoting the spec's words and checking a patient where
//! the change applies and one where it does not.

use crate::common;

use StatementId::*;
use common::*;
use leg_spasm_cds::*;

/// The patient with `drug` current for a length stated unknown.
fn taking_unknown(p: Patient, drug: Drug) -> Patient {
    let mut list: Vec<Medication> = p.medications().iter().copied().collect();
    list.push(Medication::new(drug, Stated::Unknown));
    p.with_medications(Medications::new(list).expect("a drug listed once"))
}

fn age_unknown(p: Patient) -> Patient {
    p.with_age(Stated::Unknown)
}

fn cites(c: &Citations, id: StatementId, reference: Reference) -> bool {
    c.statements.contains(id) && c.references.contains(reference)
}

/// Whether a trace entry of `rule` read `input`.
fn read(plan: &Plan, rule: StatementId, input: Input) -> bool {
    plan.trace_of(rule)
        .expect("every rule is traced")
        .inputs
        .contains(&input)
}

// ---- MO-2, DEC-14 ---------------------------------------------------------------------------

/// MO-2, DEC-14: "MO-2 does not weaken or strengthen RX-1: in ESRD the gabapentin item keeps
/// RX-1's strength and carries MO-2's sentence as an attached note citing MO-2 and R1." Part 2:
/// "With ESRD: the gabapentin item carries MO-2 as an attached note ("in ESRD, gabapentin is
/// suggested as an effective option") and keeps RX-1's strength; nothing becomes preferred by
/// it (DEC-14); pregabalin kept".
#[test]
fn mo2_gabapentin_in_esrd_keeps_rx1_strength_and_carries_the_note() {
    for base in [cramp(), rls()] {
        for stage in [S2, S3] {
            let plan_esrd = plan(&base.clone().at(stage).with(Condition::EndStageRenalDisease));
            let item = plan_esrd
                .item_for(Drug::Gabapentin)
                .expect("offered at S2+");
            assert_eq!(item.rule, Rx1);
            assert_eq!(
                item.strength,
                Strength::StronglyRecommended,
                "RX-1's strength"
            );
            assert_eq!(item.strength.label(), "strongly recommended");
            assert!(!item.preferred, "MO-2 makes nothing preferred");
            let notes: Vec<_> = item.attachments.iter().filter(|a| a.rule == Mo2).collect();
            assert_eq!(notes.len(), 1, "one MO-2 note");
            assert_eq!(notes[0].kind, AttachmentKind::Note);
            assert!(
                notes[0]
                    .text
                    .contains("gabapentin is suggested as an effective option")
            );
            assert!(notes[0].text.contains("end-stage renal disease"));
            assert!(cites(&notes[0].citations, Mo2, Reference::R1));
            assert_eq!(notes[0].source, Source::Article);
            // Nothing becomes preferred; pregabalin is kept with RX-1's strength.
            assert!(plan_esrd.items().all(|i| !i.preferred));
            let pregabalin = plan_esrd.item_for(Drug::Pregabalin).expect("kept");
            assert_eq!(pregabalin.strength, Strength::StronglyRecommended);
            assert!(pregabalin.attachments.iter().all(|a| a.rule != Mo2));
            // No MO-2 item of its own.
            assert!(plan_esrd.items_of(Mo2).is_empty());
        }
        // Without ESRD: the same strength, no MO-2 note.
        let plan_no = plan(&base.at(S2));
        let item = plan_no.item_for(Drug::Gabapentin).unwrap();
        assert_eq!(item.strength, Strength::StronglyRecommended);
        assert!(plan_no.attachments_of(Mo2).is_empty());
    }
}

// ---- DEC-8, RX-2, PF-1 ----------------------------------------------------------------------

/// DEC-8: "Current use of 21 days or more is not continued: the drug is not offered and PF-1's
/// alert is raised. A use of unknown length counts as 21 days or more (an exposure of unknown
/// length is never extended)." Part 2, RX-2: "the item states the days left when
/// cyclobenzaprine is already current (at least 1)".
#[test]
fn dec8_cyclobenzaprine_not_continued_at_21_days_or_more() {
    // 21 days (the 1.1.0 plan offered it with 0 days left), and beyond.
    for days in [21, 22, 30] {
        let plan_21 = plan(&msk().at(S2).taking(Drug::Cyclobenzaprine, days));
        assert!(
            !plan_21.offers(Drug::Cyclobenzaprine),
            "{days} days: offered"
        );
        let alerts = plan_21.alerts_of(Pf1);
        assert_eq!(alerts.len(), 1, "{days} days");
        assert_eq!(alerts[0].severity, Severity::Warning);
        assert_eq!(
            involved(alerts[0]),
            [(Drug::Cyclobenzaprine, DrugRole::Current)]
        );
        assert!(alerts[0].message.contains("21 days or more"));
        assert!(cites(&alerts[0].citations, Pf1, Reference::R8));
    }
    // 20 days: offered with 1 day left, 21 at most, no alert.
    let plan_20 = plan(&msk().at(S2).taking(Drug::Cyclobenzaprine, 20));
    let item = plan_20
        .item_for(Drug::Cyclobenzaprine)
        .expect("offered at 20 days");
    assert_eq!(item.max_days, Some(Days::new(21)));
    assert_eq!(item.days_left, Some(Days::new(1)));
    assert!(plan_20.alerts_of(Pf1).is_empty());
    // Unknown length: not offered, PF-1's alert says the duration is unknown.
    let plan_unknown = plan(&taking_unknown(msk().at(S2), Drug::Cyclobenzaprine));
    assert!(!plan_unknown.offers(Drug::Cyclobenzaprine));
    let alerts = plan_unknown.alerts_of(Pf1);
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].severity, Severity::Warning);
    assert!(alerts[0].message.contains("duration unknown"));
    // PF-1's alert is raised at any presentation.
    for p in every_presentation() {
        assert_eq!(
            plan(&p.clone().taking(Drug::Cyclobenzaprine, 21))
                .alerts_of(Pf1)
                .len(),
            1
        );
        assert_eq!(
            plan(&taking_unknown(p.clone(), Drug::Cyclobenzaprine))
                .alerts_of(Pf1)
                .len(),
            1
        );
        assert!(
            plan(&p.taking(Drug::Cyclobenzaprine, 20))
                .alerts_of(Pf1)
                .is_empty()
        );
    }
}

// ---- SA-8 -----------------------------------------------------------------------------------

/// SA-8: "with any of these: for MSK at S2+ (where RX-2 applies, whatever its 21-day cut
/// decides) cyclobenzaprine is not offered and is listed as contraindicated".
#[test]
fn sa8_contraindicated_for_msk_whatever_the_21_day_cut_decides() {
    let current = |p: Patient| {
        [
            p.clone().taking(Drug::Cyclobenzaprine, 30),
            p.clone().taking(Drug::Cyclobenzaprine, 21),
            taking_unknown(p, Drug::Cyclobenzaprine),
        ]
    };
    for p in current(msk().at(S2).with(Condition::CongestiveHeartFailure))
        .into_iter()
        .chain(current(msk().at(S3).taking(Drug::Phenelzine, 3)))
    {
        let plan_c = plan(&p);
        assert!(!plan_c.offers(Drug::Cyclobenzaprine));
        let avoid = plan_c
            .avoidance(DrugOrClass::Drug(Drug::Cyclobenzaprine))
            .expect("listed although the 21-day cut already withholds it");
        assert_eq!(avoid.kind, AvoidanceKind::Contraindicated);
        assert!(cites(&avoid.citations, Sa8, Reference::E8));
        assert_eq!(plan_c.alerts_of(Pf1).len(), 1, "PF-1 still says why");
    }
    // Without a contraindication, a 30-day use is withheld by the cut alone: not listed.
    let plan_no = plan(&msk().at(S2).taking(Drug::Cyclobenzaprine, 30));
    assert!(!plan_no.offers(Drug::Cyclobenzaprine));
    assert!(
        plan_no
            .avoidance(DrugOrClass::Drug(Drug::Cyclobenzaprine))
            .is_none()
    );
    // Where RX-2 does not apply (S1, or another presentation): not listed.
    for p in [
        msk().at(S1),
        cramp().at(S2),
        spasticity(SpasticityOrigin::OtherOrUnknown, &[]).at(S2),
    ] {
        let plan_out = plan(&p.with(Condition::CongestiveHeartFailure));
        assert!(
            !plan_out
                .avoidances
                .iter()
                .any(|a| a.target == DrugOrClass::Drug(Drug::Cyclobenzaprine)
                    && a.kind == AvoidanceKind::Contraindicated)
        );
    }
}

/// SA-8: "where it is a current drug, one alert naming every contraindication present: critical
/// when an MAO inhibitor is among them (hyperpyretic crisis), warning otherwise".
#[test]
fn sa8_one_alert_names_every_contraindication_present() {
    let p = msk()
        .at(S2)
        .with(Condition::CongestiveHeartFailure)
        .taking(Drug::Phenelzine, 5)
        .taking(Drug::Cyclobenzaprine, 10);
    let plan_both = plan(&p);
    let alerts = plan_both.alerts_of(Sa8);
    assert_eq!(alerts.len(), 1, "one alert");
    let alert = alerts[0];
    assert_eq!(alert.severity, Severity::Critical);
    assert!(alert.message.contains("phenelzine"), "{}", alert.message);
    assert!(alert.message.contains("congestive heart failure"));
    assert!(alert.message.contains("hyperpyretic"));
    assert!(cites(&alert.citations, Sa8, Reference::E8));
    let drugs = involved(alert);
    assert!(drugs.contains(&(Drug::Cyclobenzaprine, DrugRole::Current)));
    assert!(drugs.contains(&(Drug::Phenelzine, DrugRole::Current)));

    // Every condition of SA-8 at once, no MAO inhibitor: one warning naming each.
    let all = [
        Condition::RecentMyocardialInfarction,
        Condition::Arrhythmia,
        Condition::HeartBlock,
        Condition::CongestiveHeartFailure,
        Condition::Hyperthyroidism,
    ];
    let p = cramp()
        .with_conditions(all)
        .taking(Drug::Cyclobenzaprine, 3);
    let plan_all = plan(&p);
    let alerts = plan_all.alerts_of(Sa8);
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].severity, Severity::Warning);
    assert!(!alerts[0].message.contains("hyperpyretic"));
    for c in all {
        assert!(
            alerts[0].message.contains(c.label()),
            "{} missing from {}",
            c.label(),
            alerts[0].message
        );
    }
    // No contraindication, or no current cyclobenzaprine: no alert.
    assert!(
        plan(&msk().taking(Drug::Cyclobenzaprine, 3))
            .alerts_of(Sa8)
            .is_empty()
    );
    assert!(
        plan(
            &msk()
                .with(Condition::CongestiveHeartFailure)
                .taking(Drug::Phenelzine, 5)
        )
        .alerts_of(Sa8)
        .is_empty()
    );
}

// ---- SA-6 -----------------------------------------------------------------------------------

/// SA-6: "for CR and RLS, gabapentin enacarbil is not offered and is listed as avoided; ... a
/// current gabapentin enacarbil gets a warning alert worded as its avoidance (not recommended
/// on haemodialysis: review the drug), never "adjust the dose"".
#[test]
fn sa6_current_gabapentin_enacarbil_in_esrd_is_worded_as_its_avoidance() {
    for p in every_presentation() {
        for stage in [S1, S2] {
            let esrd = p.clone().at(stage).with(Condition::EndStageRenalDisease);
            let plan_on = plan(&esrd.clone().taking(Drug::GabapentinEnacarbil, 30));
            let alerts = plan_on.alerts_of(Sa6);
            assert_eq!(alerts.len(), 1, "{}", p.presentation());
            let alert = alerts[0];
            assert_eq!(alert.severity, Severity::Warning);
            assert_eq!(
                involved(alert),
                [(Drug::GabapentinEnacarbil, DrugRole::Current)]
            );
            let words = alert.message.to_lowercase();
            assert!(words.contains("not recommended"), "{words}");
            assert!(words.contains("haemodialysis"));
            assert!(words.contains("review the drug"));
            for never in ["creatinine clearance", "adjust", "dose"] {
                assert!(!words.contains(never), "{never:?} in {words}");
            }
            assert!(cites(&alert.citations, Sa6, Reference::E6));

            // Its avoidance: listed for CR and RLS only.
            let avoid = plan(&esrd)
                .avoidance(DrugOrClass::Drug(Drug::GabapentinEnacarbil))
                .cloned();
            match p.presentation().kind() {
                PresentationKind::TrueCramp | PresentationKind::RestlessLegs => {
                    let avoid = avoid.expect("listed for CR and RLS");
                    assert_eq!(avoid.kind, AvoidanceKind::Avoid);
                    assert!(cites(&avoid.citations, Sa6, Reference::E6));
                }
                _ => assert!(avoid.is_none(), "listed for {}", p.presentation()),
            }
        }
    }
    // Current gabapentin and pregabalin keep the dosing wording.
    let plan_a2d = plan(
        &rls()
            .with(Condition::EndStageRenalDisease)
            .taking(Drug::Gabapentin, 30),
    );
    assert!(
        plan_a2d.alerts_of(Sa6)[0]
            .message
            .contains("creatinine clearance")
    );
    // Without ESRD: no alert, no avoidance.
    let plan_no = plan(&rls().taking(Drug::GabapentinEnacarbil, 30));
    assert!(plan_no.alerts_of(Sa6).is_empty());
    assert!(
        plan_no
            .avoidance(DrugOrClass::Drug(Drug::GabapentinEnacarbil))
            .is_none()
    );
}

// ---- DEC-15 ---------------------------------------------------------------------------------

/// The references of each statement and addition, copied from the spec: Part 1's "refs"
/// column and Part 6's "source" column.
const SPEC_REFERENCES: &[(&str, &[&str])] = &[
    ("DX-1", &["R2"]),
    ("DX-2", &["R3", "R4"]),
    ("DX-3", &["R3"]),
    ("NP-1", &["R5"]),
    ("NP-2", &["R6"]),
    ("NP-3", &["R6"]),
    ("NP-4", &["R3"]),
    ("NP-5", &["R7"]),
    ("NP-6", &["R3"]),
    ("NP-7", &["R3"]),
    ("NP-8", &["R4"]),
    ("RX-1", &["R1", "R4"]),
    ("RX-2", &["R8"]),
    ("RX-3", &["R1"]),
    ("RX-4", &["R1"]),
    ("RX-5", &["R4"]),
    ("FE-1", &["R4"]),
    ("FE-2", &["R4"]),
    ("AV-1", &["R1"]),
    ("AV-2", &["R4", "R1"]),
    ("AV-3", &["R4"]),
    ("MO-1", &["R3", "R9"]),
    ("MO-2", &["R1"]),
    ("AL-1", &["R5", "R6", "R3"]),
    ("AL-2", &["R4", "R1", "R8"]),
    ("AL-3", &["R1", "R4"]),
    ("PF-1", &["R8"]),
    ("PF-2", &["R8"]),
    ("PF-3", &["R4", "R9"]),
    ("PF-4", &["R6"]),
    ("PF-5", &["R6"]),
    ("SA-1", &["E1"]),
    ("SA-2", &["E2"]),
    ("SA-3", &["E3"]),
    ("SA-4", &["E4"]),
    ("SA-5", &["E5"]),
    ("SA-6", &["E6"]),
    ("SA-7", &["E7"]),
    ("SA-8", &["E8"]),
    ("SA-9", &["E9"]),
    ("SA-10", &["E10"]),
    ("SA-11", &["E11"]),
    ("SA-12", &["E12"]),
    ("SA-13", &["E13"]),
    ("SA-14", &["E12"]),
    ("SA-15", &["E12"]),
];

fn spec_references(id: StatementId) -> Vec<Reference> {
    let name = id.to_string();
    let (_, refs) = SPEC_REFERENCES
        .iter()
        .find(|(s, _)| *s == name)
        .unwrap_or_else(|| panic!("{name} is not in the spec's tables"));
    refs.iter()
        .map(|r| r.parse().expect("a reference"))
        .collect()
}

/// Checks DEC-15 on one entry's citations.
fn cites_every_reference(what: &str, c: &Citations) -> Result<(), String> {
    for id in c.statements {
        for r in spec_references(id) {
            if !c.references.contains(r) {
                return Err(format!("{what} cites {id} but not its reference {r}: {c}"));
            }
        }
    }
    Ok(())
}

fn dec15_holds(plan: &Plan) -> Result<(), String> {
    cites_every_reference("classification", &plan.classification.citations)?;
    for item in plan.items() {
        cites_every_reference(&format!("item {}", item.rule), &item.citations)?;
        for a in &item.attachments {
            cites_every_reference(&format!("{} on {}", a.rule, item.rule), &a.citations)?;
        }
    }
    for a in &plan.avoidances {
        cites_every_reference(&format!("avoidance {}", a.rule), &a.citations)?;
    }
    for a in &plan.alerts {
        cites_every_reference(&format!("alert {}", a.rule), &a.citations)?;
    }
    for m in &plan.monitoring {
        cites_every_reference(&format!("monitoring {}", m.rule), &m.citations)?;
    }
    for n in &plan.notes {
        cites_every_reference(&format!("note {}", n.rule), &n.citations)?;
    }
    Ok(())
}

/// DEC-15: "An entry that cites a statement or addition also cites that statement's or
/// addition's references (an alert citing AV-2 and PF-3 cites R1, R4 and R9)."
#[test]
fn dec15_the_spec_example_av2_with_pf3() {
    let plan_rls = plan(&rls().at(S2).taking(Drug::Ropinirole, 30));
    let alerts = plan_rls.alerts_of(Av2);
    assert_eq!(alerts.len(), 1);
    let c = &alerts[0].citations;
    assert!(c.statements.contains(Av2) && c.statements.contains(Pf3));
    for r in [Reference::R1, Reference::R4, Reference::R9] {
        assert!(c.references.contains(r), "{r} missing: {c}");
    }
    // An item citing AL-2 also cites AL-2's R8.
    let item = plan_rls.item_for(Drug::Gabapentin).unwrap();
    assert!(item.citations.statements.contains(Al2));
    assert!(item.citations.references.contains(Reference::R8));
}

/// DEC-15 on every entry of every plan of a broad set of patients: each presentation at each
/// stage and severity, alone and with the conditions, medicines, labs and ages that make the
/// additions and the cross-citing entries fire. The references expected come from the spec's
/// tables above, not from the crate.
#[test]
fn dec15_every_entry_cites_the_references_of_what_it_cites() {
    let loads: [fn(Patient) -> Patient; 8] = [
        |p| p,
        |p| {
            p.with(Condition::EndStageRenalDisease)
                .taking(Drug::Gabapentin, 30)
                .taking(Drug::GabapentinEnacarbil, 30)
                .taking(Drug::Baclofen, 30)
        },
        |p| {
            p.with(Condition::StrokeRecovery)
                .with(Condition::Pregnancy)
                .taking(Drug::Diazepam, 30)
                .taking(Drug::Oxycodone, 30)
                .aged(70)
        },
        |p| {
            p.taking(Drug::Ropinirole, 30)
                .taking(Drug::Haloperidol, 30)
                .taking(Drug::Quinine, 3)
                .taking(Drug::MagnesiumOxide, 3)
                .ferritin(30.0)
                .saturation(50.0)
                .criteria(&FOUR)
        },
        |p| {
            p.with(Condition::CongestiveHeartFailure)
                .taking(Drug::Phenelzine, 3)
                .taking(Drug::Cyclobenzaprine, 30)
                .taking(Drug::Fluvoxamine, 3)
                .taking(Drug::Tizanidine, 3)
        },
        |p| {
            age_unknown(taking_unknown(
                taking_unknown(p, Drug::Cyclobenzaprine),
                Drug::Ibuprofen,
            ))
            .taking(Drug::Lorazepam, 3)
        },
        |p| age_unknown(p).taking(Drug::Pregabalin, 3).ferritin(100.0),
        |p| {
            p.taking(Drug::Cyclobenzaprine, 5)
                .aged(80)
                .ferritin(100.0)
                .saturation(10.0)
        },
    ];
    let mut checked = 0;
    for base in every_presentation() {
        for stage in [S1, S2, S3] {
            for severity in [SymptomSeverity::Mild, SymptomSeverity::Severe] {
                for load in loads {
                    let p = load(base.clone().at(stage).severity(severity));
                    let plan_p = plan(&p);
                    if let Err(e) = dec15_holds(&plan_p) {
                        panic!("{e}\n  patient: {p}");
                    }
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, every_presentation().len() * 3 * 2 * loads.len());
}

// ---- DEC-16 ---------------------------------------------------------------------------------

/// DEC-16: "Unknown inputs (Part 8) are read on the safer side for the rule that reads them and
/// are always said: a medicine of unknown duration counts as long-term for PF-1 and PF-4 (the
/// alert says the duration is unknown); an unknown age counts as 65 or more for SA-12 (the
/// alert says the age is unknown)." SA-15: "age >= 65 (or unknown, DEC-16)".
#[test]
fn dec16_an_unknown_age_is_read_as_65_or_more_and_said() {
    let p = age_unknown(
        cramp()
            .taking(Drug::Cyclobenzaprine, 5)
            .taking(Drug::Diazepam, 5),
    );
    let plan_u = plan(&p);
    for rule in [Sa12, Sa15] {
        let alerts = plan_u.alerts_of(rule);
        assert_eq!(alerts.len(), 1, "{rule}");
        assert_eq!(alerts[0].severity, Severity::Warning);
        assert!(
            alerts[0].message.contains("age unknown"),
            "{rule}: {}",
            alerts[0].message
        );
        assert!(cites(&alerts[0].citations, rule, Reference::E12));
        assert!(
            read(&plan_u, rule, Input::Age(Stated::Unknown)),
            "{rule} trace"
        );
    }
    // An offered cyclobenzaprine carries SA-12's caution, saying the age is unknown.
    let plan_offered = plan(&age_unknown(msk().at(S2)));
    let cautions = plan_offered.attachments_of(Sa12);
    assert_eq!(cautions.len(), 1);
    assert!(cautions[0].1.text.to_lowercase().contains("age unknown"));
    // A known age under 65: neither.
    let plan_young = plan(&p.clone().aged(64));
    assert!(plan_young.alerts_of(Sa12).is_empty());
    assert!(plan_young.alerts_of(Sa15).is_empty());
    assert!(!read(&plan_young, Sa12, Input::Age(Stated::Unknown)));
    // A known age of 65 or more does not say "unknown".
    let plan_old = plan(&p.aged(65));
    for rule in [Sa12, Sa15] {
        assert!(!plan_old.alerts_of(rule)[0].message.contains("unknown"));
    }
}

/// DEC-16 (see above): a medicine of unknown duration counts as long-term for PF-1 and PF-4,
/// and the alert says the duration is unknown; the trace shows the unknown input.
#[test]
fn dec16_an_unknown_duration_is_read_as_long_term_and_said() {
    let p = taking_unknown(
        taking_unknown(msk().at(S2), Drug::Cyclobenzaprine),
        Drug::Ibuprofen,
    );
    let plan_u = plan(&p);
    for (rule, drug) in [(Pf1, Drug::Cyclobenzaprine), (Pf4, Drug::Ibuprofen)] {
        let alerts = plan_u.alerts_of(rule);
        assert_eq!(alerts.len(), 1, "{rule}");
        assert_eq!(alerts[0].severity, Severity::Warning);
        assert_eq!(involved(alerts[0]), [(drug, DrugRole::Current)]);
        assert!(
            alerts[0].message.contains("duration unknown"),
            "{rule}: {}",
            alerts[0].message
        );
        assert!(read(
            &plan_u,
            rule,
            Input::Medication {
                drug,
                days: Stated::Unknown
            }
        ));
    }
    assert!(read(
        &plan_u,
        Rx2,
        Input::Medication {
            drug: Drug::Cyclobenzaprine,
            days: Stated::Unknown
        }
    ));
    // PF-4's alert says "if taken for leg cramps" (Part 2).
    assert!(
        plan_u.alerts_of(Pf4)[0]
            .message
            .contains("if taken for leg cramps")
            || plan_u.alerts_of(Pf4)[0]
                .message
                .contains("If taken for leg cramps")
    );
    // Known short durations: no alert.
    let plan_short = plan(
        &msk()
            .at(S2)
            .taking(Drug::Cyclobenzaprine, 5)
            .taking(Drug::Ibuprofen, 89),
    );
    assert!(plan_short.alerts_of(Pf1).is_empty());
    assert!(plan_short.alerts_of(Pf4).is_empty());
    // Known long durations: the alert, without "unknown".
    let plan_long = plan(
        &msk()
            .at(S2)
            .taking(Drug::Cyclobenzaprine, 21)
            .taking(Drug::Ibuprofen, 90),
    );
    for rule in [Pf1, Pf4] {
        assert!(!plan_long.alerts_of(rule)[0].message.contains("unknown"));
    }
}

/// Part 5: "Age: a whole number of years, or stated as unknown"; "days of use a whole number >=
/// 0, or stated as unknown"; "in JSON an explicit marker such as `null` or `"unknown"`, never a
/// missing field". Both markers are accepted for both fields; a missing one is still the
/// "missing required field" error; the plan's text says "unknown".
#[test]
fn unknown_age_and_days_in_json_and_in_the_plan_text() {
    let record = |age: &str, days: &str| {
        format!(
            r#"{{"presentation": {{"kind": "acute_musculoskeletal"}}, "stage": "non_drug_insufficient",
                "severity": "mild", {age} "conditions": [],
                "medications": [{{"drug": "cyclobenzaprine" {days}}}]}}"#
        )
    };
    for marker in ["null", r#""unknown""#] {
        let p = Patient::from_json(&record(
            &format!(r#""age": {marker},"#),
            &format!(r#", "days": {marker}"#),
        ))
        .unwrap_or_else(|e| panic!("{marker}: {e}"));
        assert_eq!(p.age(), Stated::Unknown);
        assert_eq!(
            p.medications().days(Drug::Cyclobenzaprine),
            Some(Stated::Unknown)
        );
        // In code, the same patient.
        let q = taking_unknown(age_unknown(msk().at(S2)), Drug::Cyclobenzaprine);
        assert_eq!(p, q);
        // The text of the patient and of the plan says unknown.
        let line = p.to_string();
        assert!(line.contains("age unknown"), "{line}");
        assert!(line.contains("cyclobenzaprine (unknown"), "{line}");
        let text = plan(&p).to_string();
        assert!(text.contains("age unknown"), "{text}");
        assert!(text.contains("duration unknown"), "{text}");
    }
    // A missing field stays an error.
    let err = Patient::from_json(&record("", r#", "days": 3"#)).unwrap_err();
    assert_eq!(err.kind(), PatientErrorKind::MissingField);
    assert_eq!(err.field(), "age");
    let err = Patient::from_json(&record(r#""age": 40,"#, "")).unwrap_err();
    assert_eq!(err.kind(), PatientErrorKind::MissingField);
    assert_eq!(err.field(), "medications[0].days");
    // Known values are not shown as unknown.
    let p = Patient::from_json(&record(r#""age": 40,"#, r#", "days": 3"#)).unwrap();
    assert!(!p.to_string().contains("unknown"));
}

// ---- Greek mu -------------------------------------------------------------------------------

/// Part 5: "Units: the Greek small letter mu (`μg/L`, U+03BC) is accepted as the micro sign
/// (`µg/L`, U+00B5)."
#[test]
fn greek_mu_is_accepted_as_the_micro_sign() {
    let record = |unit: &str| {
        format!(
            r#"{{"presentation": {{"kind": "restless_legs"}}, "stage": "nothing_tried",
                "severity": "mild", "age": 40, "conditions": [], "medications": [],
                "labs": {{"ferritin": {{"value": 40, "unit": "{unit}"}}}}}}"#
        )
    };
    let greek = Patient::from_json(&record("\u{3bc}g/L")).expect("Greek mu accepted");
    let micro = Patient::from_json(&record("\u{b5}g/L")).expect("micro sign accepted");
    let ascii = Patient::from_json(&record("ug/L")).unwrap();
    assert_eq!(greek, micro);
    assert_eq!(greek, ascii);
    assert_eq!(
        greek.labs().ferritin().unwrap().unit(),
        FerritinUnit::MicrogramsPerLitre
    );
    assert_eq!(plan(&greek), plan(&micro));
    // Other near-misses stay errors.
    for unit in ["mg/L", "\u{3bc}g/l", "Mg/L"] {
        let err = Patient::from_json(&record(unit)).unwrap_err();
        assert_eq!(err.kind(), PatientErrorKind::UnknownUnit, "{unit}");
    }
}

// ---- SA-15 ----------------------------------------------------------------------------------

/// SA-15: "Benzodiazepines are potentially inappropriate in adults aged 65 or more ...";
/// effect: "age >= 65 (or unknown, DEC-16) and a benzodiazepine current: a warning alert, any
/// presentation".
#[test]
fn sa15_benzodiazepines_at_65_or_more() {
    for p in every_presentation() {
        let plan_74 = plan(&p.clone().aged(74).taking(Drug::Diazepam, 30));
        let alerts = plan_74.alerts_of(Sa15);
        assert_eq!(alerts.len(), 1, "{}", p.presentation());
        assert_eq!(alerts[0].severity, Severity::Warning);
        assert_eq!(alerts[0].source, Source::SafetyAddition);
        assert_eq!(involved(alerts[0]), [(Drug::Diazepam, DrugRole::Current)]);
        assert!(cites(&alerts[0].citations, Sa15, Reference::E12));
        assert!(plan_74.provenance.additions_fired.contains(Sa15));
        // 64: none.
        let plan_64 = plan(&p.clone().aged(64).taking(Drug::Diazepam, 30));
        assert!(plan_64.alerts_of(Sa15).is_empty());
        assert!(!plan_64.provenance.additions_fired.contains(Sa15));
        // Unknown age: the warning, saying the age is unknown.
        let plan_u = plan(&age_unknown(p.taking(Drug::Diazepam, 30)));
        let alerts = plan_u.alerts_of(Sa15);
        assert_eq!(alerts.len(), 1);
        assert_eq!(alerts[0].severity, Severity::Warning);
        assert!(alerts[0].message.contains("age unknown"));
    }
}

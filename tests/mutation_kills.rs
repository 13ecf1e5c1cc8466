//! Checks of behaviour the spec describes that the other test files left implicit: each test
//! names the statement, invariant or Part of the spec it checks. Together with the rest of the
//! suite they leave no surviving mutant in the rules, the engine or the domain model
//! (mutants.md lists the run and the equivalent mutants).

use crate::common;

use StatementId::*;
use common::*;
use leg_spasm_cds::*;

fn meds(list: &[(Drug, u32)]) -> Medications {
    Medications::new(list.iter().map(|&(d, n)| Medication::new(d, Days::new(n)))).unwrap()
}

// ---- Medicines (Part 5) -------------------------------------------------------------------

/// Part 5: the medicine list is required and may be empty, so that "checked, none" differs
/// from a list that names a medicine; each listed drug is current and no other is.
#[test]
fn a_medicine_list_knows_what_it_holds() {
    let none = Medications::none();
    assert!(none.is_empty());
    assert_eq!(none.len(), 0);
    assert!(!none.contains(Drug::Diazepam));

    let list = meds(&[(Drug::Ropinirole, 400), (Drug::Gabapentin, 30)]);
    assert!(!list.is_empty());
    assert_eq!(list.len(), 2);
    assert!(list.contains(Drug::Ropinirole));
    assert!(list.contains(Drug::Gabapentin));
    assert!(!list.contains(Drug::Pregabalin));
    assert!(!list.contains(Drug::Diazepam));
}

/// Part 5 (medicines by class: "one entry per class the rules read"): a class is current
/// exactly when one of its members is listed.
#[test]
fn a_class_is_current_when_one_of_its_members_is() {
    let list = meds(&[(Drug::Ropinirole, 400), (Drug::Clonazepam, 10)]);
    assert!(list.any_of(DrugClass::DopaminergicAgent));
    assert!(list.any_of(DrugClass::Benzodiazepine));
    assert!(!list.any_of(DrugClass::Opioid));
    assert!(!list.any_of(DrugClass::AlphaTwoDeltaLigand));
    assert!(!Medications::none().any_of(DrugClass::Benzodiazepine));
}

/// Part 5 and INV-12: a medicine list written out (as a list, or with serde) holds every
/// medicine with its days, in the drugs' declaration order (the crate's documented order),
/// and reads back equal.
#[test]
fn a_medicine_list_is_written_out_whole() {
    let list = meds(&[(Drug::Ropinirole, 400), (Drug::Gabapentin, 30)]);
    let expected = [
        Medication::new(Drug::Gabapentin, Days::new(30)),
        Medication::new(Drug::Ropinirole, Days::new(400)),
    ];
    let by_ref: Vec<Medication> = (&list).into_iter().copied().collect();
    assert_eq!(by_ref, expected);
    assert_eq!(Vec::<Medication>::from(list.clone()), expected);

    let json = serde_json::to_value(&list).unwrap();
    assert_eq!(
        json,
        serde_json::json!([
            {"drug": "gabapentin", "days": 30},
            {"drug": "ropinirole", "days": 400},
        ])
    );
    let back: Medications = serde_json::from_value(json).unwrap();
    assert_eq!(back, list);
}

// ---- The trace (Part 7) -------------------------------------------------------------------

/// Part 7: the trace lists the inputs a rule read. A rule that applies to every presentation
/// (SA-13: "pregnancy, at any stage and presentation") does not read the presentation; a rule
/// scoped to some presentations (SA-10: RLS) does.
#[test]
fn a_rule_for_every_presentation_does_not_read_the_presentation() {
    for p in every_presentation() {
        let kind = p.presentation().kind();
        let plan = plan(&p.with(Condition::Pregnancy));
        let sa13 = plan.trace_of(Sa13).unwrap();
        assert_eq!(
            sa13.inputs,
            [Input::Condition {
                condition: Condition::Pregnancy,
                present: true
            }],
            "{kind}"
        );
        let sa10 = plan.trace_of(Sa10).unwrap();
        assert!(sa10.inputs.contains(&Input::Presentation(kind)));
    }
}

/// Part 7 with SA-5 ("attached to FE-1 as an instruction") and SA-11 (attached to the iron
/// item): the trace says whether the item the addition attaches to is in the plan, so "why
/// did SA-5 not fire?" has an answer.
#[test]
fn an_attachment_rule_reads_whether_its_item_is_in_the_plan() {
    let item = |plan: &Plan, rule, of| {
        plan.trace_of(rule)
            .unwrap()
            .inputs
            .iter()
            .find_map(|i| match *i {
                Input::Item { rule, present } if rule == of => Some(present),
                _ => None,
            })
            .expect("the rule read its item")
    };
    // A cramp: no iron work-up, so nothing for SA-5 or SA-11 to act on.
    let cramp_plan = plan(&cramp().at(S3));
    assert!(!item(&cramp_plan, Sa5, Fe1));
    assert!(!item(&cramp_plan, Sa11, Fe2));
    assert_eq!(
        cramp_plan.trace_of(Sa5).unwrap().reason,
        Reason::NothingToActOn
    );
    // RLS with low ferritin: supplementation (FE-2), no studies (FE-1).
    let low = plan(&rls().ferritin(40.0));
    assert!(!item(&low, Sa5, Fe1));
    assert!(item(&low, Sa11, Fe2));
    assert_eq!(low.trace_of(Sa5).unwrap().reason, Reason::NothingToActOn);
    // RLS with no lab: studies (FE-1), no supplementation.
    let unknown = plan(&rls());
    assert!(item(&unknown, Sa5, Fe1));
    assert!(!item(&unknown, Sa11, Fe2));
    assert!(unknown.fired(Sa5));
}

// ---- Names and human wording (Part 7) -----------------------------------------------------

/// Part 7: "a `label()` or `Display` gives the human wording". Each value of an enum has its
/// own wording, in words rather than the snake_case name (no underscores), never empty.
fn human_wording<T: Member>(label: impl Fn(T) -> String) {
    let mut seen = Vec::new();
    for &v in T::ALL {
        let text = label(v);
        assert!(!text.trim().is_empty(), "{v:?} has no wording");
        assert!(!text.contains('_'), "{v:?} is worded {text:?}");
        assert!(!seen.contains(&text), "{v:?} shares the wording {text:?}");
        seen.push(text);
    }
}

#[test]
fn every_enum_has_its_own_human_wording() {
    human_wording(|v: PresentationKind| v.label().to_owned());
    human_wording(|v: CrampKind| v.label().to_owned());
    human_wording(|v: SpasticityOrigin| v.label().to_owned());
    human_wording(|v: Impact| v.label().to_owned());
    human_wording(|v: OutOfScopeKind| v.label().to_owned());
    human_wording(|v: Stage| v.label().to_owned());
    human_wording(|v: Condition| v.label().to_owned());
    human_wording(|v: RlsCriterion| v.label().to_owned());
    human_wording(|v: Drug| v.label().to_owned());
    human_wording(|v: DrugClass| v.label().to_owned());
    human_wording(|v: LabKind| v.label().to_owned());
    human_wording(|v: Source| v.label().to_owned());
    human_wording(|v: Tier| v.label().to_owned());
    human_wording(|v: Strength| v.label().to_owned());
    human_wording(|v: Measure| v.label().to_owned());
    human_wording(|v: AttachmentKind| v.label().to_owned());
    human_wording(|v: AvoidanceKind| v.label().to_owned());
    human_wording(|v: DrugRole| v.label().to_owned());
    human_wording(|v: MonitoringKind| v.label().to_owned());
    human_wording(|v: NoteKind| v.label().to_owned());
    human_wording(|v: SpasmCategory| v.label().to_owned());
    // A drug or a class reads as the drug's or the class's own wording.
    for &d in <Drug as Member>::ALL {
        assert_eq!(DrugOrClass::from(d).label(), d.label());
        assert_eq!(DrugOrClass::from(d).to_string(), d.label());
    }
    for &c in <DrugClass as Member>::ALL {
        assert_eq!(DrugOrClass::from(c).label(), c.label());
    }
}

/// Part 7: the plan marks which advice is the article's and which the crate's additions;
/// the two sources read as such.
#[test]
fn the_two_sources_read_as_the_article_and_the_additions() {
    assert!(Source::Article.label().contains("article"));
    assert!(Source::SafetyAddition.label().contains("addition"));
}

/// Part 2 names the presentations CR, RLS, SP, MSK and OOS and the stages S1, S2 and S3.
#[test]
fn presentations_and_stages_have_the_spec_s_short_names() {
    let abbreviations: Vec<_> = <PresentationKind as Member>::ALL
        .iter()
        .map(|k| k.abbreviation())
        .collect();
    assert_eq!(abbreviations, ["CR", "RLS", "SP", "MSK", "OOS"]);
    let stages: Vec<_> = <Stage as Member>::ALL.iter().map(|s| s.short()).collect();
    assert_eq!(stages, ["S1", "S2", "S3"]);
}

// ---- Citations (INV-10, Part 6) -----------------------------------------------------------

/// Every entry of a plan, with its source and its citations.
fn entries(plan: &Plan) -> Vec<(Source, Citations)> {
    let mut all = Vec::new();
    for item in plan.items() {
        all.push((item.source, item.citations));
        all.extend(item.attachments.iter().map(|a| (a.source, a.citations)));
    }
    all.extend(plan.avoidances.iter().map(|a| (a.source, a.citations)));
    all.extend(plan.alerts.iter().map(|a| (a.source, a.citations)));
    all.extend(plan.monitoring.iter().map(|m| (m.source, m.citations)));
    all.extend(plan.notes.iter().map(|n| (n.source, n.citations)));
    all
}

/// Part 6: every addition "is marked in every plan as coming from outside the article": an
/// entry's citations hold a safety addition exactly when the entry comes from one (an
/// addition attached to an article item cites both, INV-10).
#[test]
fn citations_show_whether_an_entry_rests_on_a_safety_addition() {
    let patients = [
        rls()
            .at(S3)
            .severity(SymptomSeverity::Severe)
            .with(Condition::EndStageRenalDisease)
            .taking(Drug::Ropinirole, 400)
            .taking(Drug::Diazepam, 30),
        cramp()
            .at(S3)
            .with(Condition::Pregnancy)
            .taking(Drug::Quinine, 10),
        spasticity(SpasticityOrigin::Stroke, &[Impact::Pain])
            .at(S2)
            .taking(Drug::Fluvoxamine, 5),
        msk().at(S2).aged(70),
    ];
    let (mut article, mut addition) = (0, 0);
    for p in &patients {
        for (source, citations) in entries(&plan(p)) {
            assert_eq!(
                citations.has_addition(),
                source == Source::SafetyAddition,
                "{citations}"
            );
            match source {
                Source::Article => article += 1,
                Source::SafetyAddition => addition += 1,
                other => panic!("a source this test does not count: {other:?}"),
            }
        }
    }
    assert!(article > 0 && addition > 0);
}

/// INV-10 in words: an entry's citations read as its statement ids, then the decisions it
/// rests on where there are any, then its references.
#[test]
fn citations_read_as_ids_then_decisions_then_references() {
    let plan = plan(&spasticity(SpasticityOrigin::SpinalCord, &[]).at(S2));
    let rx3 = plan.item_for(Drug::Tizanidine).unwrap();
    assert_eq!(rx3.citations.to_string(), "RX-3; DEC-3; R1");
    let np4 = plan.measure(Measure::Relaxation).unwrap();
    assert_eq!(np4.citations.to_string(), "NP-4; R3");
}

// ---- Presentations and labs in words (DX-1, Part 5, Part 7) -------------------------------

/// DX-1: the plan states the classification, "the presentation with its subtype"; in words,
/// each presentation names its subtype (spasticity its origin and every impact, in order).
#[test]
fn a_presentation_reads_with_its_subtype() {
    let cases = [
        (
            Presentation::TrueCramp(CrampKind::Secondary),
            "true cramp (secondary)",
        ),
        (Presentation::RestlessLegs, "restless legs"),
        (
            Presentation::Spasticity {
                origin: SpasticityOrigin::Stroke,
                impacts: Set::new(),
            },
            "spasticity (origin: stroke; causes: none reported)",
        ),
        (
            Presentation::Spasticity {
                origin: SpasticityOrigin::OtherCerebral,
                impacts: Set::from([Impact::Pain]),
            },
            "spasticity (origin: other cerebral disease; causes: pain)",
        ),
        (
            Presentation::Spasticity {
                origin: SpasticityOrigin::SpinalCord,
                impacts: Set::from([
                    Impact::DecreasedFunction,
                    Impact::Pain,
                    Impact::PoorSkinHygiene,
                ]),
            },
            "spasticity (origin: spinal cord disease or injury; causes: pain, poor skin hygiene, decreased function)",
        ),
        (
            Presentation::AcuteMusculoskeletal,
            "acute painful musculoskeletal condition with muscle spasm",
        ),
        (Presentation::OutOfScope(OutOfScopeKind::Tetany), "tetany"),
    ];
    for (presentation, words) in cases {
        assert_eq!(presentation.to_string(), words);
    }
}

/// Part 7: "units keep their own spelling (`ng/mL`, `ug/L`, `%`)": a lab value reads with
/// its unit.
#[test]
fn a_lab_value_reads_with_its_unit() {
    assert_eq!(Ferritin::ng_per_ml(40.0).unwrap().to_string(), "40 ng/mL");
    assert_eq!(
        Ferritin::new(60.5, FerritinUnit::MicrogramsPerLitre)
            .unwrap()
            .to_string(),
        "60.5 ug/L"
    );
    assert_eq!(
        TransferrinSaturation::new(18.0).unwrap().to_string(),
        "18 %"
    );
    assert_eq!(
        TransferrinSaturation::new(100.0).unwrap().to_string(),
        "100 %"
    );
}

/// Part 5: a lab value is "finite and >= 0"; a negative zero is zero, not a negative value,
/// and is kept as zero (it reads and writes as 0).
#[test]
fn a_negative_zero_lab_value_is_zero() {
    let ferritin = Ferritin::ng_per_ml(-0.0).unwrap();
    assert!(ferritin.value().is_sign_positive());
    assert_eq!(ferritin.to_string(), "0 ng/mL");
    let saturation = TransferrinSaturation::new(-0.0).unwrap();
    assert!(saturation.percent().is_sign_positive());
    assert_eq!(saturation.to_string(), "0 %");
}

// ---- Reading a plan (Part 7) --------------------------------------------------------------

/// Part 7: an item says what to do in words: a measure or a drug by its own wording, the iron
/// work-up (FE-1) by the labs still to be drawn, supplementation (FE-2) as such.
#[test]
fn an_action_reads_as_what_to_do() {
    assert_eq!(
        Action::Measure(Measure::Relaxation).label(),
        Measure::Relaxation.label()
    );
    assert_eq!(
        Action::Drug(Drug::Ropinirole).label(),
        Drug::Ropinirole.label()
    );
    let studies = |ferritin, transferrin_saturation| {
        Action::IronStudies {
            ferritin,
            transferrin_saturation,
        }
        .label()
        .into_owned()
    };
    assert_eq!(
        studies(true, true),
        "iron studies: serum ferritin and transferrin saturation"
    );
    assert_eq!(studies(true, false), "iron studies: serum ferritin");
    assert_eq!(studies(false, true), "iron studies: transferrin saturation");
    assert_eq!(Action::IronSupplementation.label(), "iron supplementation");
    // In a plan: RLS with ferritin measured and saturation not (FE-1 asks for the rest).
    let plan = plan(&rls().ferritin(100.0));
    let fe1 = plan.items_of(Fe1);
    assert_eq!(fe1.len(), 1);
    assert_eq!(
        fe1[0].action.label(),
        "iron studies: transferrin saturation"
    );
}

/// Part 7: `offered_drugs` is the set of drugs the plan's items offer, and nothing else:
/// RX-1 at stage 2 for RLS with ESRD offers gabapentin and pregabalin, gabapentin enacarbil
/// being withheld (SA-6); a stage-1 cramp plan offers no drug.
#[test]
fn the_offered_drugs_are_the_drugs_of_the_items() {
    let esrd = plan(&rls().at(S2).with(Condition::EndStageRenalDisease));
    assert_eq!(
        esrd.offered_drugs(),
        Set::from([Drug::Gabapentin, Drug::Pregabalin])
    );
    let stroke = plan(&spasticity(SpasticityOrigin::Stroke, &[Impact::Pain]).at(S2));
    // Part 2: spasticity at S2 gets tizanidine (RX-3) and, as it causes pain, baclofen (RX-4).
    assert_eq!(
        stroke.offered_drugs(),
        Set::from([Drug::Tizanidine, Drug::Baclofen])
    );
    assert!(plan(&cramp()).offered_drugs().is_empty());
}

/// Part 7: `avoids` answers "is this drug on the avoidance list, by name or by class": after
/// a stroke, benzodiazepines are avoided as a class (AV-1) and cyclobenzaprine by name
/// (PF-2); tizanidine and baclofen are not; an RLS plan at stage 2 does not avoid the
/// alpha-2-delta ligands it offers (RX-1).
#[test]
fn a_plan_says_which_drugs_it_avoids() {
    let stroke = plan(&spasticity(SpasticityOrigin::Stroke, &[]));
    assert!(stroke.avoids(Drug::Diazepam));
    assert!(stroke.avoids(Drug::OtherBenzodiazepine));
    assert!(stroke.avoids(Drug::Cyclobenzaprine));
    assert!(!stroke.avoids(Drug::Tizanidine));
    assert!(!stroke.avoids(Drug::Baclofen));
    let rls_plan = plan(&rls().at(S2));
    assert!(!rls_plan.avoids(Drug::Gabapentin));
    assert!(!rls_plan.avoids(Drug::Pregabalin));
}

/// SA-3 names every drug involved with its role (DEC-11), and SA-6 takes gabapentin
/// enacarbil out of an ESRD patient's plan: so the alert about a gabapentinoid with an opioid
/// lists gabapentin and pregabalin as offered, never the withheld gabapentin enacarbil.
#[test]
fn an_alert_never_names_a_withheld_drug_as_offered() {
    let plan = plan(
        &rls()
            .at(S2)
            .with(Condition::EndStageRenalDisease)
            .taking(Drug::Oxycodone, 30),
    );
    let sa3 = plan.alerts_of(Sa3);
    assert_eq!(sa3.len(), 1);
    let drugs = involved(sa3[0]);
    assert!(
        drugs.contains(&(Drug::Gabapentin, DrugRole::Offered)),
        "{drugs:?}"
    );
    assert!(
        drugs.contains(&(Drug::Pregabalin, DrugRole::Offered)),
        "{drugs:?}"
    );
    assert!(
        drugs.contains(&(Drug::Oxycodone, DrugRole::Current)),
        "{drugs:?}"
    );
    assert!(
        drugs.iter().all(|&(d, _)| d != Drug::GabapentinEnacarbil),
        "{drugs:?}"
    );
}

// ---- Quantities (Part 5) ------------------------------------------------------------------

/// Part 5: age in whole years and days of use as a whole number; both read from text and
/// from a plain number, and write back in words.
#[test]
fn ages_and_days_read_and_write_as_whole_numbers() {
    assert_eq!(Age::new(70).unwrap().to_string(), "70 years");
    assert_eq!("70".parse::<Age>().unwrap(), Age::new(70).unwrap());

    assert_eq!(Days::from(30), Days::new(30));
    assert_eq!(Days::from(30).get(), 30);
    assert_eq!("30".parse::<Days>().unwrap(), Days::new(30));
    assert_eq!("0".parse::<Days>().unwrap().get(), 0);
    let negative = "-1".parse::<Days>().unwrap_err();
    assert!(
        matches!(negative, QuantityError::Negative { .. }),
        "{negative:?}"
    );
    assert!(negative.to_string().contains("-1"), "{negative}");
    assert!("1.5".parse::<Days>().is_err());
    assert_eq!(Days::new(1).to_string(), "1 day");
    assert_eq!(Days::new(22).to_string(), "22 days");
}

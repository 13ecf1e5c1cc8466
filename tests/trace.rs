//! The trace (Part 7): one entry per rule id for every plan, fired or not, with the reason and
//! the inputs it read as typed field/value pairs, and drug-by-drug decisions where a rule
//! decides drug by drug.

use crate::common;

use StatementId::*;
use common::*;
use leg_spasm_cds::*;

#[test]
fn one_entry_per_rule_in_id_order_for_every_plan() {
    for p in every_presentation() {
        let plan = plan(&p);
        let ids: Vec<_> = plan.trace.iter().map(|e| e.rule).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(ids, sorted, "in order, each once");
        assert_eq!(ids.len(), 46);
        assert_eq!(plan.trace.len(), 46);
        assert!(!plan.trace.is_empty());
        for e in &plan.trace {
            assert_eq!(e.fired, e.reason == Reason::Fired);
        }
    }
}

#[test]
fn reasons_say_why_a_rule_did_not_fire() {
    let plan_sp = plan(&spasticity(SpasticityOrigin::SpinalCord, &[]).at(S2));
    let rx1 = plan_sp.trace_of(Rx1).unwrap();
    assert_eq!(
        rx1.reason,
        Reason::NotApplicable {
            presentation: PresentationKind::Spasticity
        }
    );
    assert!(
        rx1.inputs
            .contains(&Input::Presentation(PresentationKind::Spasticity))
    );

    let plan_s1 = plan(&rls());
    assert_eq!(
        plan_s1.trace_of(Rx1).unwrap().reason,
        Reason::StageNotReached {
            stage: S1,
            from: S2
        }
    );
    assert!(
        plan_s1
            .trace_of(Rx1)
            .unwrap()
            .inputs
            .contains(&Input::Stage(S1))
    );

    // RX-4 for spasticity without impacts: the condition is not met, and the trace shows the
    // impacts it read.
    let rx4 = plan_sp.trace_of(Rx4).unwrap();
    assert_eq!(rx4.reason, Reason::ConditionNotMet);
    assert!(
        rx4.inputs
            .contains(&Input::SpasticityImpacts(Some(Set::new())))
    );

    // SA-9's caution with no baclofen offered: nothing to act on.
    assert_eq!(
        plan(&rls()).trace_of(Sa9).unwrap().reason,
        Reason::NothingToActOn
    );
}

#[test]
fn inputs_are_the_typed_values_the_rule_read() {
    let p = rls().ferritin(40.0).aged(70);
    let plan = plan(&p);
    let fe2 = plan.trace_of(Fe2).unwrap();
    assert!(fe2.inputs.contains(&Input::Ferritin(p.labs().ferritin())));
    assert!(
        fe2.inputs.contains(&Input::TransferrinSaturation(None)),
        "not measured is recorded as such"
    );
    let sa12 = plan.trace_of(Sa12).unwrap();
    assert!(sa12.inputs.contains(&Input::Age(p.age())));
    // A rule reads only what it needs: FE-2 does not read the age.
    assert!(!fe2.inputs.iter().any(|i| matches!(i, Input::Age(_))));
}

#[test]
fn drug_by_drug_decisions_answer_why_a_drug_was_not_offered() {
    let plan_esrd = plan(&rls().at(S2).with(Condition::EndStageRenalDisease));
    let rx1 = plan_esrd.trace_of(Rx1).unwrap();
    let decisions: Vec<_> = rx1.drugs.iter().map(|d| (d.drug, d.outcome)).collect();
    assert_eq!(
        decisions,
        [
            (Drug::Gabapentin, DrugOutcome::Offered),
            (Drug::GabapentinEnacarbil, DrugOutcome::Withheld { by: Sa6 }),
            (Drug::Pregabalin, DrugOutcome::Offered),
        ]
    );
    let why: Vec<_> = plan_esrd
        .explain(Drug::GabapentinEnacarbil)
        .offering_rules
        .iter()
        .map(|e| e.rule)
        .collect();
    assert_eq!(why, [Rx1]);

    let plan_sa7 = plan(
        &spasticity(SpasticityOrigin::Stroke, &[])
            .at(S2)
            .taking(Drug::Fluvoxamine, 1),
    );
    let why = plan_sa7.explain(Drug::Tizanidine).offering_rules;
    assert_eq!(why.len(), 1);
    assert_eq!(why[0].rule, Rx3);
    assert!(
        why[0]
            .drugs
            .iter()
            .any(|d| d.outcome == DrugOutcome::Withheld { by: Sa7 })
    );
    assert!(
        plan_sa7
            .trace_of(Sa7)
            .unwrap()
            .drugs
            .iter()
            .any(|d| d.drug == Drug::Tizanidine)
    );

    // "Why was pregabalin not offered?" for spasticity: RX-1 does not apply to it.
    let plan_sp = plan(&spasticity(SpasticityOrigin::Stroke, &[]).at(S2));
    let why = plan_sp.explain(Drug::Pregabalin).offering_rules;
    assert_eq!(
        why[0].reason,
        Reason::NotApplicable {
            presentation: PresentationKind::Spasticity
        }
    );
}

#[test]
fn alternate_display_adds_the_trace() {
    let plan = plan(&rls().at(S2));
    let short = plan.to_string();
    let long = format!("{plan:#}");
    assert!(!short.contains("\nTrace"));
    assert!(long.contains("\nTrace"));
    assert!(long.contains(
        "RX-1: fired [gabapentin offered, gabapentin enacarbil offered, pregabalin offered]"
    ));
    assert!(long.contains("RX-5: applies from S3; the stage is S2"));
}

/// Part 7: the trace is a list, one entry per rule in the order of the statement ids; read
/// from either end, with its exact length known, and read from JSON only as a list.
#[test]
fn the_trace_reads_as_a_list_from_either_end() {
    let plan = plan(&rls().at(Stage::NonDrugInsufficient));
    let entries = plan.trace.iter();
    assert_eq!(entries.size_hint(), (46, Some(46)));
    assert_eq!(entries.len(), 46);
    let forward: Vec<StatementId> = plan.trace.iter().map(|e| e.rule).collect();
    let mut backward: Vec<StatementId> = plan.trace.iter().rev().map(|e| e.rule).collect();
    backward.reverse();
    assert_eq!(forward, backward);
    assert_eq!(
        plan.trace.iter().next_back().unwrap().rule,
        StatementId::Sa15
    );
    let mut partly = plan.trace.iter();
    partly.next();
    assert_eq!(partly.size_hint(), (45, Some(45)));

    // An empty list reads as an empty trace (a plan's trace never is).
    let empty: Trace = serde_json::from_str("[]").unwrap();
    assert!(empty.is_empty());
    assert_eq!(empty.len(), 0);
    assert_eq!(empty.iter().next(), None);
    assert!(!plan.trace.is_empty());

    for json in ["{}", "\"fired\"", "7"] {
        let message = serde_json::from_str::<Trace>(json).unwrap_err().to_string();
        assert!(
            message.contains("expected a list of trace entries"),
            "{json}: {message}"
        );
    }
}

/// A trace read back from JSON: each entry's keys in any order, `drugs` optional, and every
/// malformed entry refused with a message naming what is wrong.
#[test]
fn a_trace_reads_back_its_entries_and_refuses_malformed_ones() {
    let plan = plan(&rls().at(S2).with(Condition::EndStageRenalDisease));
    let json = serde_json::to_string(&plan.trace).unwrap();
    let back: Trace = serde_json::from_str(&json).unwrap();
    assert_eq!(back, plan.trace);
    assert!(
        back.iter().any(|e| !e.drugs.is_empty()),
        "no drug decision read"
    );

    // Keys in another order; `drugs` left out reads as none.
    let entry =
        r#"[{"inputs":[{"stage":"nothing_tried"}],"reason":"fired","fired":true,"rule":"NP-1"}]"#;
    let one: Trace = serde_json::from_str(entry).unwrap();
    let e = one.get(StatementId::Np1).unwrap();
    assert!(e.fired && e.drugs.is_empty());
    assert_eq!(e.inputs, [Input::Stage(Stage::NothingTried)]);

    let refused = [
        (
            r#"[{"rule":"NP-1","fired":false,"reason":"fired","inputs":[]}]"#,
            "trace entry NP-1: fired is false but the reason is Fired",
        ),
        (
            r#"[{"rule":"NP-1","fired":true,"reason":"fired"}]"#,
            "missing field `inputs`",
        ),
        (
            r#"[{"fired":true,"reason":"fired","inputs":[]}]"#,
            "missing field `rule`",
        ),
        (
            r#"[{"rule":"NP-1","rule":"NP-2","fired":true,"reason":"fired","inputs":[]}]"#,
            "duplicate field `rule`",
        ),
        (
            r#"[{"rule":"NP-1","fired":true,"reason":"fired","inputs":[],"inputs":[]}]"#,
            "duplicate field `inputs`",
        ),
        (
            r#"[{"rule":"NP-1","fired":true,"reason":"fired","inputs":[],"why":1}]"#,
            "unknown field `why`",
        ),
        (
            r#"[{"rule":"NP-1","fired":true,"reason":"fired","inputs":7}]"#,
            "expected a list",
        ),
    ];
    for (json, expected) in refused {
        let message = serde_json::from_str::<Trace>(json).unwrap_err().to_string();
        assert!(message.contains(expected), "{json}: {message}");
    }
}

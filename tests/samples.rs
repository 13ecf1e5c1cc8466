//! The sample patients shipped in `examples/patients/` read and give the plan the spec calls
//! for; these are the patients a newcomer sees first.

use crate::common;

use StatementId::*;
use common::Read as _;
use leg_spasm_cds::*;

fn sample(name: &str) -> Plan {
    let path = format!(
        "{}/examples/patients/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let json = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let patient = Patient::from_json(&json).unwrap_or_else(|e| panic!("{path}: {e}"));
    recommend(&patient)
}

#[test]
fn every_sample_reads_and_gives_a_plan() {
    let dir = format!("{}/examples/patients", env!("CARGO_MANIFEST_DIR"));
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let json = std::fs::read_to_string(&path).unwrap();
        let patient =
            Patient::from_json(&json).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let plan = recommend(&patient);
        assert_eq!(plan.trace.len(), StatementId::Sa15 as usize + 1);
        n += 1;
    }
    assert!(n >= 6, "the six samples of the issue at least");
}

/// Idiopathic cramp at S1: non-drug measures only; quinine avoided (SA-1); counselling.
#[test]
fn idiopathic_cramp_at_stage_1() {
    let plan = sample("idiopathic-cramp-s1");
    assert!(plan.offered_drugs().is_empty());
    assert!(plan.steps[0].items.len() >= 6);
    assert!(plan.avoids(Drug::Quinine));
    assert_eq!(
        plan.notes_of(Pf4).len() + plan.notes_of(Pf5).len() + plan.notes_of(Sa2).len(),
        3
    );
    assert!(plan.alerts.is_empty());
}

/// RLS at S2, ferritin 40 ng/mL, saturation not measured: alpha-2-delta ligands, iron with the
/// instruction to measure the saturation first, dopaminergic agents avoided.
#[test]
fn rls_stage_2_low_ferritin() {
    let plan = sample("rls-s2-low-ferritin");
    assert_eq!(plan.items_of(Rx1).len(), 3);
    let iron = plan.items_of(Fe2);
    assert_eq!(iron.len(), 1);
    assert!(
        iron[0]
            .attachments
            .iter()
            .any(|a| a.rule == Sa11 && a.kind == AttachmentKind::Instruction)
    );
    assert!(!plan.has_item(Fe1));
    assert!(plan.avoids(Drug::Pramipexole));
    assert!(
        plan.notes_of(Dx3).is_empty(),
        "the sample reports the four symptoms"
    );
}

/// RLS refractory and severe, on ropinirole: opioids at step 3, augmentation warning and
/// monitoring, the gabapentinoid-opioid warning.
#[test]
fn rls_refractory_severe_on_ropinirole() {
    let plan = sample("rls-s3-severe-ropinirole");
    assert!(plan.offers(Drug::Oxycodone));
    assert!(plan.offers(Drug::OtherOpioid));
    assert_eq!(plan.alerts_of(Av2).len(), 1);
    assert_eq!(plan.monitoring_of(Mo1).len(), 1);
    assert_eq!(plan.alerts_of(Sa3).len(), 1);
    assert!(plan.alerts_of(Sa4).is_empty(), "no benzodiazepine");
}

/// Post-stroke spasticity at S2 with pain, on diazepam: tizanidine preferred, baclofen with its
/// cautions, benzodiazepines avoided and a critical alert for diazepam.
#[test]
fn post_stroke_spasticity_on_diazepam() {
    let plan = sample("stroke-spasticity-s2-diazepam");
    assert!(plan.item_for(Drug::Tizanidine).unwrap().preferred);
    assert_eq!(plan.item_for(Drug::Baclofen).unwrap().attachments.len(), 2);
    assert!(plan.avoids(Drug::Diazepam));
    assert_eq!(plan.alerts[0].rule, Av1);
    assert_eq!(plan.alerts[0].severity, Severity::Critical);
    assert!(
        plan.avoidance(DrugOrClass::Drug(Drug::Cyclobenzaprine))
            .is_some()
    );
}

/// Acute back spasm at S2, on cyclobenzaprine for 30 days, aged 70: not offered again (past 21
/// days); PF-1 and SA-12 warnings.
#[test]
fn back_spasm_on_cyclobenzaprine_for_30_days_at_70() {
    let plan = sample("back-spasm-s2-cyclobenzaprine-30d");
    assert!(!plan.offers(Drug::Cyclobenzaprine));
    let rules: Vec<_> = plan.alerts.iter().map(|a| a.rule).collect();
    assert_eq!(rules, [Pf1, Sa12]);
    assert!(plan.alerts.iter().all(|a| a.severity == Severity::Warning));
}

/// RLS at S2 with ESRD: gabapentin suggested, gabapentin enacarbil not offered, renal cautions;
/// saturation 50 % but no iron offered (ferritin 300), so no overload caution.
#[test]
fn rls_stage_2_with_esrd() {
    let plan = sample("rls-s2-esrd");
    // DEC-14: the gabapentin item keeps RX-1's strength and carries MO-2 as a note.
    let gabapentin = plan.item_for(Drug::Gabapentin).unwrap();
    assert_eq!(gabapentin.strength, Strength::StronglyRecommended);
    assert!(
        gabapentin
            .attachments
            .iter()
            .any(|a| a.rule == StatementId::Mo2)
    );
    assert!(!plan.offers(Drug::GabapentinEnacarbil));
    assert!(plan.avoids(Drug::GabapentinEnacarbil));
    assert_eq!(plan.attachments_of(Sa6).len(), 2);
    assert!(!plan.has_item(Fe2));
    assert!(!plan.has_item(Fe1));
}

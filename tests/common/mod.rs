//! Helpers shared by the integration tests: a patient builder with safe defaults, and readers
//! for a plan. Defaults: age 50, mild, stage S1, no condition, no medicine, no lab, no RLS
//! criterion reported.
#![allow(dead_code)]

pub mod samples;
pub mod spec;

/// The test's package directory: the library's, where `examples/patients/` is, or the
/// exhaustive check's (tests/exhaustive/), below it.
pub const ROOT: &str = env!("CARGO_MANIFEST_DIR");

use leg_spasm_cds::*;

/// A patient with the given presentation and the defaults above.
pub fn patient(presentation: Presentation) -> Patient {
    Patient::new(
        presentation,
        Stage::NothingTried,
        SymptomSeverity::Mild,
        Age::new(50).unwrap(),
        Set::new(),
        Medications::none(),
    )
}

pub fn cramp() -> Patient {
    patient(Presentation::TrueCramp(CrampKind::Idiopathic))
}
pub fn secondary_cramp() -> Patient {
    patient(Presentation::TrueCramp(CrampKind::Secondary))
}
pub fn rls() -> Patient {
    patient(Presentation::RestlessLegs)
}
pub fn spasticity(origin: SpasticityOrigin, impacts: &[Impact]) -> Patient {
    patient(Presentation::Spasticity {
        origin,
        impacts: impacts.iter().copied().collect(),
    })
}
pub fn msk() -> Patient {
    patient(Presentation::AcuteMusculoskeletal)
}
pub fn oos(kind: OutOfScopeKind) -> Patient {
    patient(Presentation::OutOfScope(kind))
}

/// One patient of every presentation and subtype.
pub fn every_presentation() -> Vec<Patient> {
    let mut all = vec![cramp(), secondary_cramp(), rls(), msk()];
    for origin in [
        SpasticityOrigin::Stroke,
        SpasticityOrigin::SpinalCord,
        SpasticityOrigin::OtherCerebral,
        SpasticityOrigin::OtherOrUnknown,
    ] {
        all.push(spasticity(origin, &[]));
        all.push(spasticity(origin, &[Impact::Pain]));
    }
    for kind in [
        OutOfScopeKind::Contracture,
        OutOfScopeKind::Tetany,
        OutOfScopeKind::Dystonia,
    ] {
        all.push(oos(kind));
    }
    all
}

pub const S1: Stage = Stage::NothingTried;
pub const S2: Stage = Stage::NonDrugInsufficient;
pub const S3: Stage = Stage::Refractory;

/// Chainable changes to a test patient.
pub trait Build: Sized {
    fn at(self, stage: Stage) -> Patient;
    fn with(self, condition: Condition) -> Patient;
    fn taking(self, drug: Drug, days: u32) -> Patient;
    fn aged(self, years: u32) -> Patient;
    fn severity(self, severity: SymptomSeverity) -> Patient;
    fn ferritin(self, ng_per_ml: f64) -> Patient;
    fn saturation(self, percent: f64) -> Patient;
    fn criteria(self, criteria: &[RlsCriterion]) -> Patient;
}

impl Build for Patient {
    fn at(self, stage: Stage) -> Patient {
        self.with_stage(stage)
    }
    fn with(self, condition: Condition) -> Patient {
        let c = self.conditions().with(condition);
        self.with_conditions(c)
    }
    fn taking(self, drug: Drug, days: u32) -> Patient {
        let mut list: Vec<Medication> = self.medications().iter().copied().collect();
        list.push(Medication::new(drug, Days::new(days)));
        let meds = Medications::new(list).expect("a drug listed once");
        self.with_medications(meds)
    }
    fn aged(self, years: u32) -> Patient {
        self.with_age(Age::new(years).unwrap())
    }
    fn severity(self, severity: SymptomSeverity) -> Patient {
        self.with_severity(severity)
    }
    fn ferritin(self, ng_per_ml: f64) -> Patient {
        let labs = self
            .labs()
            .with_ferritin(Ferritin::ng_per_ml(ng_per_ml).unwrap());
        self.with_labs(labs)
    }
    fn saturation(self, percent: f64) -> Patient {
        let labs = self
            .labs()
            .with_transferrin_saturation(TransferrinSaturation::new(percent).unwrap());
        self.with_labs(labs)
    }
    fn criteria(self, criteria: &[RlsCriterion]) -> Patient {
        self.with_rls_criteria(criteria.iter().copied().collect::<Set<_>>())
    }
}

/// The four RLS symptoms of DX-3.
pub const FOUR: [RlsCriterion; 4] = RlsCriterion::ARTICLE_FOUR;

/// Questions a test asks of a plan.
pub trait Read {
    fn offers(&self, drug: Drug) -> bool;
    fn items_of(&self, rule: StatementId) -> Vec<&Item>;
    fn has_item(&self, rule: StatementId) -> bool;
    fn measure(&self, measure: Measure) -> Option<&Item>;
    fn alerts_of(&self, rule: StatementId) -> Vec<&Alert>;
    fn notes_of(&self, rule: StatementId) -> Vec<&Note>;
    fn avoidance(&self, target: DrugOrClass) -> Option<&Avoidance>;
    fn monitoring_of(&self, rule: StatementId) -> Vec<&Monitoring>;
    fn fired(&self, rule: StatementId) -> bool;
    fn attachments_of(&self, rule: StatementId) -> Vec<(&Item, &Attachment)>;
}

impl Read for Plan {
    fn offers(&self, drug: Drug) -> bool {
        self.item_for(drug).is_some()
    }
    fn items_of(&self, rule: StatementId) -> Vec<&Item> {
        self.items().filter(|i| i.rule == rule).collect()
    }
    fn has_item(&self, rule: StatementId) -> bool {
        !self.items_of(rule).is_empty()
    }
    fn measure(&self, measure: Measure) -> Option<&Item> {
        self.items().find(|i| i.action == Action::Measure(measure))
    }
    fn alerts_of(&self, rule: StatementId) -> Vec<&Alert> {
        self.alerts.iter().filter(|a| a.rule == rule).collect()
    }
    fn notes_of(&self, rule: StatementId) -> Vec<&Note> {
        self.notes.iter().filter(|n| n.rule == rule).collect()
    }
    fn avoidance(&self, target: DrugOrClass) -> Option<&Avoidance> {
        self.avoidances.iter().find(|a| a.target == target)
    }
    fn monitoring_of(&self, rule: StatementId) -> Vec<&Monitoring> {
        self.monitoring.iter().filter(|m| m.rule == rule).collect()
    }
    fn fired(&self, rule: StatementId) -> bool {
        self.trace_of(rule).expect("every rule is traced").fired
    }
    fn attachments_of(&self, rule: StatementId) -> Vec<(&Item, &Attachment)> {
        self.items()
            .flat_map(|i| i.attachments.iter().map(move |a| (i, a)))
            .filter(|(_, a)| a.rule == rule)
            .collect()
    }
}

/// The drugs an alert names, with their roles.
pub fn involved(alert: &Alert) -> Vec<(Drug, DrugRole)> {
    alert.drugs.iter().map(|d| (d.drug, d.role)).collect()
}

pub fn plan(p: &Patient) -> Plan {
    recommend(p)
}

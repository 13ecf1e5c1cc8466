//! A plan written without its trace: [`Plan::without_trace`].
//!
//! Most of a plan's JSON is its trace (one entry per rule with every input it read), which a
//! CDS Hooks card or a population screen never reads. The view writes every other field of
//! the plan exactly as the plan writes it, in the same order, and leaves the `trace` key out;
//! it also leaves the trace unbuilt.

use serde::{Serialize, Serializer};

use crate::model::patient::{Patient, Stage};
use crate::plan::{Alert, Avoidance, Classification, Monitoring, Note, Plan, Provenance, Step};

/// A [`Plan`] that serialises without its `trace` key: every other key as the plan writes it,
/// in the same order. Made by [`Plan::without_trace`].
///
/// ```
/// # use leg_spasm_cds::*;
/// let patient = Patient::new(
///     Presentation::RestlessLegs,
///     Stage::NonDrugInsufficient,
///     SymptomSeverity::Moderate,
///     Age::new(66)?,
///     Set::from([Condition::EndStageRenalDisease]),
///     Medications::none(),
/// );
/// let plan = recommend(&patient);
/// let short = serde_json::to_value(plan.without_trace()).unwrap();
/// let mut full = serde_json::to_value(&plan).unwrap();
/// full.as_object_mut().unwrap().remove("trace");
/// assert_eq!(short, full);
/// # Ok::<(), QuantityError>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct PlanWithoutTrace<'a> {
    plan: &'a Plan,
}

impl<'a> PlanWithoutTrace<'a> {
    /// The plan.
    pub fn plan(self) -> &'a Plan {
        self.plan
    }
}

impl Plan {
    /// The plan as it serialises without its trace: the `trace` key left out, every other key
    /// as [`Plan`] writes it. The trace is most of a plan's JSON (BENCHMARKS.md gives
    /// the sizes of the sample plans).
    pub fn without_trace(&self) -> PlanWithoutTrace<'_> {
        PlanWithoutTrace { plan: self }
    }
}

/// The fields of [`Plan`] but its trace, in its order and with its attributes.
#[derive(Serialize)]
#[serde(rename = "Plan")]
struct Fields<'a> {
    patient: &'a Patient,
    classification: &'a Classification,
    stage: Stage,
    steps: &'a [Step; 3],
    avoidances: &'a [Avoidance],
    alerts: &'a [Alert],
    monitoring: &'a [Monitoring],
    notes: &'a [Note],
    provenance: &'a Provenance,
    #[serde(skip_serializing_if = "Option::is_none")]
    unidentified_medicines: Option<&'a str>,
}

impl Serialize for PlanWithoutTrace<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Destructured so that a field added to `Plan` must be placed here.
        let Plan {
            patient,
            classification,
            stage,
            steps,
            avoidances,
            alerts,
            monitoring,
            notes,
            trace: _,
            provenance,
            unidentified_medicines,
        } = self.plan;
        Fields {
            patient,
            classification,
            stage: *stage,
            steps,
            avoidances,
            alerts,
            monitoring,
            notes,
            provenance,
            unidentified_medicines: unidentified_medicines.as_deref(),
        }
        .serialize(s)
    }
}

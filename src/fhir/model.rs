//! Serde types for exactly the FHIR R4 elements the reader reads; every other element is
//! ignored.

use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct Coding {
    pub system: Option<String>,
    pub code: Option<String>,
    pub display: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct CodeableConcept {
    #[serde(default)]
    pub coding: Vec<Coding>,
    pub text: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct Reference {
    pub reference: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct Period {
    pub start: Option<String>,
    pub end: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Repeat {
    pub bounds_period: Option<Period>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct Timing {
    pub repeat: Option<Repeat>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct Dosage {
    pub timing: Option<Timing>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Patient {
    pub id: Option<String>,
    pub birth_date: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Condition {
    pub subject: Option<Reference>,
    pub clinical_status: Option<CodeableConcept>,
    pub verification_status: Option<CodeableConcept>,
    pub code: Option<CodeableConcept>,
}

/// A MedicationRequest or a MedicationStatement: the elements read from either.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct MedicationUse {
    pub status: Option<String>,
    pub subject: Option<Reference>,
    pub medication_codeable_concept: Option<CodeableConcept>,
    pub medication_reference: Option<Reference>,
    /// MedicationRequest.
    pub authored_on: Option<String>,
    /// MedicationRequest.
    #[serde(default)]
    pub dosage_instruction: Vec<Dosage>,
    /// MedicationStatement.
    pub effective_date_time: Option<String>,
    /// MedicationStatement.
    pub effective_period: Option<Period>,
    /// MedicationStatement.
    #[serde(default)]
    pub dosage: Vec<Dosage>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Ingredient {
    pub item_codeable_concept: Option<CodeableConcept>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct Medication {
    pub code: Option<CodeableConcept>,
    #[serde(default)]
    pub ingredient: Vec<Ingredient>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct Quantity {
    pub value: Option<f64>,
    pub comparator: Option<String>,
    pub unit: Option<String>,
    pub system: Option<String>,
    pub code: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Observation {
    pub status: Option<String>,
    pub subject: Option<Reference>,
    pub code: Option<CodeableConcept>,
    pub effective_date_time: Option<String>,
    pub effective_period: Option<Period>,
    pub effective_instant: Option<String>,
    pub issued: Option<String>,
    pub value_quantity: Option<Quantity>,
}

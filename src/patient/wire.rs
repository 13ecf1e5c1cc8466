//! The patient record as other programs write it, and its validation into a [`Patient`].
//!
//! Every field of the wire form is optional or a plain string, so that a missing field, an
//! unknown name or an out-of-range number is reported by the crate, with the field's path,
//! rather than as a generic deserialiser message. Serialising a [`Patient`] writes this same
//! form, so what the crate writes it reads back equal.

use serde::{Deserialize, Serialize};

use super::{
    Condition, CrampKind, Impact, OutOfScopeKind, Patient, PatientError, Presentation,
    PresentationKind, RlsCriterion, SpasticityOrigin, Stage, SymptomSeverity,
};
use crate::drug::{Drug, Medication, Medications};
use crate::lab::{LabWire, LabWireError, Labs};
use crate::quantity::{Age, Days, Number};
use crate::set::{Member, Set};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PatientWire {
    presentation: Option<PresentationWire>,
    stage: Option<String>,
    severity: Option<String>,
    age: Option<Number>,
    conditions: Option<Vec<String>>,
    medications: Option<Vec<MedicationWire>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    labs: Option<LabsWire>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    rls_criteria: Option<Vec<String>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PresentationWire {
    kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    cramp_kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    origin: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    impacts: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    oos_kind: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct MedicationWire {
    drug: Option<String>,
    days: Option<Number>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LabsWire {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ferritin: Option<LabWire>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    transferrin_saturation: Option<LabWire>,
}

fn join(prefix: &str, field: &str) -> String {
    if prefix.is_empty() {
        field.to_owned()
    } else {
        format!("{prefix}.{field}")
    }
}

fn required<T>(value: Option<T>, field: impl FnOnce() -> String) -> Result<T, PatientError> {
    value.ok_or_else(|| PatientError::MissingField { field: field() })
}

fn name<T: std::str::FromStr<Err = crate::name::NameError>>(
    value: &str,
    field: impl FnOnce() -> String,
) -> Result<T, PatientError> {
    value.parse().map_err(|error| PatientError::UnknownName {
        field: field(),
        error,
    })
}

fn required_name<T: std::str::FromStr<Err = crate::name::NameError>>(
    value: Option<&str>,
    field: &str,
) -> Result<T, PatientError> {
    name(required(value, || field.to_owned())?, || field.to_owned())
}

/// A list of names, each at most once.
fn name_set<T>(list: &[String], field: &str) -> Result<Set<T>, PatientError>
where
    T: Member + std::str::FromStr<Err = crate::name::NameError>,
{
    let mut set = Set::new();
    for (i, s) in list.iter().enumerate() {
        let item = || format!("{field}[{i}]");
        let v: T = name(s, item)?;
        if !set.insert(v) {
            return Err(PatientError::Duplicate {
                field: item(),
                value: s.clone(),
            });
        }
    }
    Ok(set)
}

fn names<T: Member>(set: Set<T>) -> Vec<String> {
    set.iter().map(|v| v.name().to_owned()).collect()
}

fn unexpected(
    prefix: &str,
    present: bool,
    field: &str,
    reason: &'static str,
) -> Result<(), PatientError> {
    if present {
        Err(PatientError::UnexpectedField {
            field: join(prefix, field),
            reason,
        })
    } else {
        Ok(())
    }
}

impl PresentationWire {
    /// Validates a presentation; `prefix` is its path in the record.
    fn validate(&self, prefix: &str) -> Result<Presentation, PatientError> {
        let kind: PresentationKind = required_name(self.kind.as_deref(), &join(prefix, "kind"))?;
        let not_cramp = "only a true_cramp presentation has a cramp_kind";
        let not_spasticity = "only a spasticity presentation has an origin and impacts";
        let not_oos = "only an out_of_scope presentation has an oos_kind";
        if kind != PresentationKind::TrueCramp {
            unexpected(prefix, self.cramp_kind.is_some(), "cramp_kind", not_cramp)?;
        }
        if kind != PresentationKind::Spasticity {
            unexpected(prefix, self.origin.is_some(), "origin", not_spasticity)?;
            unexpected(prefix, self.impacts.is_some(), "impacts", not_spasticity)?;
        }
        if kind != PresentationKind::OutOfScope {
            unexpected(prefix, self.oos_kind.is_some(), "oos_kind", not_oos)?;
        }
        Ok(match kind {
            PresentationKind::TrueCramp => Presentation::TrueCramp(required_name::<CrampKind>(
                self.cramp_kind.as_deref(),
                &join(prefix, "cramp_kind"),
            )?),
            PresentationKind::RestlessLegs => Presentation::RestlessLegs,
            PresentationKind::Spasticity => {
                let origin: SpasticityOrigin =
                    required_name(self.origin.as_deref(), &join(prefix, "origin"))?;
                let impacts_field = join(prefix, "impacts");
                let impacts = required(self.impacts.as_deref(), || impacts_field.clone())?;
                Presentation::Spasticity {
                    origin,
                    impacts: name_set::<Impact>(impacts, &impacts_field)?,
                }
            }
            PresentationKind::AcuteMusculoskeletal => Presentation::AcuteMusculoskeletal,
            PresentationKind::OutOfScope => {
                Presentation::OutOfScope(required_name::<OutOfScopeKind>(
                    self.oos_kind.as_deref(),
                    &join(prefix, "oos_kind"),
                )?)
            }
        })
    }
}

impl From<Presentation> for PresentationWire {
    fn from(p: Presentation) -> Self {
        let mut w = PresentationWire {
            kind: Some(p.kind().name().to_owned()),
            cramp_kind: None,
            origin: None,
            impacts: None,
            oos_kind: None,
        };
        match p {
            Presentation::TrueCramp(k) => w.cramp_kind = Some(k.name().to_owned()),
            Presentation::Spasticity { origin, impacts } => {
                w.origin = Some(origin.name().to_owned());
                w.impacts = Some(names(impacts));
            }
            Presentation::OutOfScope(k) => w.oos_kind = Some(k.name().to_owned()),
            Presentation::RestlessLegs | Presentation::AcuteMusculoskeletal => {}
        }
        w
    }
}

impl TryFrom<PresentationWire> for Presentation {
    type Error = PatientError;
    fn try_from(w: PresentationWire) -> Result<Self, PatientError> {
        w.validate("presentation")
    }
}

fn lab<T>(
    wire: Option<&LabWire>,
    field: &str,
    read: impl FnOnce(&LabWire) -> Result<T, LabWireError>,
) -> Result<Option<T>, PatientError> {
    let Some(w) = wire else { return Ok(None) };
    read(w).map(Some).map_err(|e| match e {
        LabWireError::Missing(part) => PatientError::MissingField {
            field: format!("{field}.{part}"),
        },
        LabWireError::Invalid(error) => {
            let part = match error {
                crate::lab::LabError::UnknownUnit { .. }
                | crate::lab::LabError::UnitMismatch { .. } => "unit",
                _ => "value",
            };
            PatientError::Lab {
                field: format!("{field}.{part}"),
                error,
            }
        }
    })
}

impl TryFrom<PatientWire> for Patient {
    type Error = PatientError;
    fn try_from(w: PatientWire) -> Result<Self, PatientError> {
        let presentation = required(w.presentation.as_ref(), || "presentation".to_owned())?
            .validate("presentation")?;
        let stage: Stage = required_name(w.stage.as_deref(), "stage")?;
        let severity: SymptomSeverity = required_name(w.severity.as_deref(), "severity")?;
        let age = required(w.age, || "age".to_owned())?;
        let age = Age::try_from(age.0).map_err(|error| PatientError::Quantity {
            field: "age".to_owned(),
            error,
        })?;
        let conditions = required(w.conditions.as_deref(), || "conditions".to_owned())?;
        let conditions = name_set::<Condition>(conditions, "conditions")?;

        let meds = required(w.medications.as_deref(), || "medications".to_owned())?;
        let mut list = Vec::with_capacity(meds.len());
        let mut seen = Set::<Drug>::new();
        for (i, m) in meds.iter().enumerate() {
            let drug_field = format!("medications[{i}].drug");
            let drug_name = required(m.drug.as_deref(), || drug_field.clone())?;
            let drug: Drug = name(drug_name, || drug_field.clone())?;
            if !seen.insert(drug) {
                return Err(PatientError::Duplicate {
                    field: drug_field,
                    value: drug_name.to_owned(),
                });
            }
            let days_field = || format!("medications[{i}].days");
            let days = required(m.days, days_field)?;
            let days = Days::try_from(days.0).map_err(|error| PatientError::Quantity {
                field: days_field(),
                error,
            })?;
            list.push(Medication::new(drug, days));
        }
        let medications = Medications::new(list).map_err(|e| PatientError::Duplicate {
            field: "medications".to_owned(),
            value: e.drug.name().to_owned(),
        })?;

        let mut labs = Labs::not_measured();
        if let Some(l) = &w.labs {
            if let Some(f) = lab(l.ferritin.as_ref(), "labs.ferritin", LabWire::ferritin)? {
                labs = labs.with_ferritin(f);
            }
            if let Some(t) = lab(
                l.transferrin_saturation.as_ref(),
                "labs.transferrin_saturation",
                LabWire::transferrin_saturation,
            )? {
                labs = labs.with_transferrin_saturation(t);
            }
        }

        let mut patient = Patient::new(presentation, stage, severity, age, conditions, medications)
            .with_labs(labs);
        if let Some(c) = &w.rls_criteria {
            patient = patient.with_rls_criteria(name_set::<RlsCriterion>(c, "rls_criteria")?);
        }
        Ok(patient)
    }
}

impl From<Patient> for PatientWire {
    fn from(p: Patient) -> Self {
        let labs = (p.labs != Labs::not_measured()).then(|| LabsWire {
            ferritin: p.labs.ferritin().map(LabWire::from),
            transferrin_saturation: p.labs.transferrin_saturation().map(LabWire::from),
        });
        PatientWire {
            presentation: Some(p.presentation.into()),
            stage: Some(p.stage.name().to_owned()),
            severity: Some(p.severity.name().to_owned()),
            age: Some(Number(f64::from(p.age.years()))),
            conditions: Some(names(p.conditions)),
            medications: Some(
                p.medications
                    .iter()
                    .map(|m| MedicationWire {
                        drug: Some(m.drug.name().to_owned()),
                        days: Some(Number(f64::from(m.days.get()))),
                    })
                    .collect(),
            ),
            labs,
            rls_criteria: p.rls_criteria.map(names),
        }
    }
}

#[cfg(feature = "json")]
pub(crate) fn from_json(json: &str) -> Result<Patient, PatientError> {
    if json.len() > Patient::MAX_JSON_BYTES {
        return Err(PatientError::TooLarge {
            size: json.len(),
            max: Patient::MAX_JSON_BYTES,
        });
    }
    let mut de = serde_json::Deserializer::from_str(json);
    let syntax = |path: String, e: serde_json::Error| {
        let full = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        let message = full.strip_suffix(&suffix).unwrap_or(&full).to_owned();
        PatientError::Syntax {
            field: path,
            message,
            line: e.line(),
            column: e.column(),
        }
    };
    let wire: PatientWire = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| syntax(e.path().to_string(), e.into_inner()))?;
    de.end().map_err(|e| syntax(".".to_owned(), e))?;
    Patient::try_from(wire)
}

//! The patient record as other programs write it, and its validation into a [`Patient`].
//!
//! Every field of the wire form is optional or a plain string, so that a missing field, an
//! unknown name or an out-of-range number is reported by the crate, with the field's path,
//! rather than as a generic deserialiser message. Serialising a [`Patient`] writes this same
//! form, so what the crate writes it reads back equal.

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::drug::{Drug, Medication, Medications};
use crate::model::lab::Labs;
use crate::model::patient::{
    Condition, CrampKind, Impact, OutOfScopeKind, Patient, PatientError, Presentation,
    PresentationKind, RlsCriterion, SpasticityOrigin, Stage, SymptomSeverity,
};
use crate::model::quantity::{Age, Days, QuantityError, Stated};
use crate::model::set::{Member, Set};
use crate::wire::lab::{LabWire, LabWireError};
use crate::wire::quantity::Number;

/// A record read only from an object with named fields. Serde's derived structs also accept a
/// positional array; a patient record must name its fields, so that an error can name them too.
#[derive(Debug, Clone)]
pub(crate) struct Obj<T>(pub(crate) T);

impl<T: Serialize> Serialize for Obj<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Obj<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = T;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object with named fields")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map))
            }
        }
        d.deserialize_map(V(PhantomData)).map(Obj)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PatientWire {
    presentation: Option<Obj<PresentationWire>>,
    stage: Option<String>,
    severity: Option<String>,
    #[serde(default, deserialize_with = "present")]
    age: Option<StatedNumber>,
    conditions: Option<Vec<String>>,
    medications: Option<Vec<Obj<MedicationWire>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    labs: Option<Obj<LabsWire>>,
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
    #[serde(default, deserialize_with = "present")]
    days: Option<StatedNumber>,
}

/// A number, or a value stated as unknown (`null` or `"unknown"`, Part 5), before its range is
/// checked.
#[derive(Debug, Clone, Copy, PartialEq)]
enum StatedNumber {
    Known(Number),
    Unknown,
}

impl StatedNumber {
    /// The validated value, or the error of `T` for the number.
    fn validate<T: TryFrom<f64, Error = QuantityError>>(self) -> Result<Stated<T>, QuantityError> {
        match self {
            StatedNumber::Known(n) => T::try_from(n.0).map(Stated::Known),
            StatedNumber::Unknown => Ok(Stated::Unknown),
        }
    }
}

impl<T: Into<f64>> From<Stated<T>> for StatedNumber {
    fn from(v: Stated<T>) -> Self {
        match v {
            Stated::Known(v) => StatedNumber::Known(Number(v.into())),
            Stated::Unknown => StatedNumber::Unknown,
        }
    }
}

impl Serialize for StatedNumber {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            StatedNumber::Known(n) => n.serialize(s),
            StatedNumber::Unknown => s.serialize_str("unknown"),
        }
    }
}

impl<'de> Deserialize<'de> for StatedNumber {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = StatedNumber;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number, null or \"unknown\"")
            }
            fn visit_i64<E>(self, v: i64) -> Result<StatedNumber, E> {
                Ok(StatedNumber::Known(Number(v as f64)))
            }
            fn visit_u64<E>(self, v: u64) -> Result<StatedNumber, E> {
                Ok(StatedNumber::Known(Number(v as f64)))
            }
            fn visit_f64<E>(self, v: f64) -> Result<StatedNumber, E> {
                Ok(StatedNumber::Known(Number(v)))
            }
            fn visit_unit<E>(self) -> Result<StatedNumber, E> {
                Ok(StatedNumber::Unknown)
            }
            fn visit_none<E>(self) -> Result<StatedNumber, E> {
                Ok(StatedNumber::Unknown)
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<StatedNumber, E> {
                if v == "unknown" {
                    Ok(StatedNumber::Unknown)
                } else {
                    Err(E::invalid_value(serde::de::Unexpected::Str(v), &self))
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// A field that is present: `null` is a stated unknown, not a missing field.
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<StatedNumber>, D::Error> {
    StatedNumber::deserialize(d).map(Some)
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LabsWire {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ferritin: Option<Obj<LabWire>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    transferrin_saturation: Option<Obj<LabWire>>,
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

fn name<T: std::str::FromStr<Err = crate::model::name::NameError>>(
    value: &str,
    field: impl FnOnce() -> String,
) -> Result<T, PatientError> {
    value.parse().map_err(|error| PatientError::UnknownName {
        field: field(),
        error,
    })
}

fn required_name<T: std::str::FromStr<Err = crate::model::name::NameError>>(
    value: Option<&str>,
    field: &str,
) -> Result<T, PatientError> {
    name(required(value, || field.to_owned())?, || field.to_owned())
}

/// A list of names, each at most once.
fn name_set<T>(list: &[String], field: &str) -> Result<Set<T>, PatientError>
where
    T: Member + std::str::FromStr<Err = crate::model::name::NameError>,
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

impl TryFrom<Obj<PresentationWire>> for Presentation {
    type Error = PatientError;
    fn try_from(w: Obj<PresentationWire>) -> Result<Self, PatientError> {
        w.0.validate("presentation")
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
                crate::model::lab::LabError::UnknownUnit { .. }
                | crate::model::lab::LabError::UnitMismatch { .. } => "unit",
                _ => "value",
            };
            PatientError::Lab {
                field: format!("{field}.{part}"),
                error,
            }
        }
    })
}

impl TryFrom<Obj<PatientWire>> for Patient {
    type Error = PatientError;
    fn try_from(Obj(w): Obj<PatientWire>) -> Result<Self, PatientError> {
        let presentation = required(w.presentation.as_ref(), || "presentation".to_owned())?
            .0
            .validate("presentation")?;
        let stage: Stage = required_name(w.stage.as_deref(), "stage")?;
        let severity: SymptomSeverity = required_name(w.severity.as_deref(), "severity")?;
        let age = required(w.age, || "age".to_owned())?;
        let age = age
            .validate::<Age>()
            .map_err(|error| PatientError::Quantity {
                field: "age".to_owned(),
                error,
            })?;
        let conditions = required(w.conditions.as_deref(), || "conditions".to_owned())?;
        let conditions = name_set::<Condition>(conditions, "conditions")?;

        let meds = required(w.medications.as_deref(), || "medications".to_owned())?;
        let mut list = Vec::with_capacity(meds.len());
        let mut seen = Set::<Drug>::new();
        for (i, Obj(m)) in meds.iter().enumerate() {
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
            let days = days
                .validate::<Days>()
                .map_err(|error| PatientError::Quantity {
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
        if let Some(Obj(l)) = &w.labs {
            if let Some(f) = lab(
                l.ferritin.as_ref().map(|o| &o.0),
                "labs.ferritin",
                LabWire::ferritin,
            )? {
                labs = labs.with_ferritin(f);
            }
            if let Some(t) = lab(
                l.transferrin_saturation.as_ref().map(|o| &o.0),
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
        let labs = (p.labs != Labs::not_measured()).then(|| {
            Obj(LabsWire {
                ferritin: p.labs.ferritin().map(|f| Obj(LabWire::from(f))),
                transferrin_saturation: p
                    .labs
                    .transferrin_saturation()
                    .map(|t| Obj(LabWire::from(t))),
            })
        });
        PatientWire {
            presentation: Some(Obj(p.presentation.into())),
            stage: Some(p.stage.name().to_owned()),
            severity: Some(p.severity.name().to_owned()),
            age: Some(p.age.map(|a| f64::from(a.years())).into()),
            conditions: Some(names(p.conditions)),
            medications: Some(
                p.medications
                    .iter()
                    .map(|m| {
                        Obj(MedicationWire {
                            drug: Some(m.drug.name().to_owned()),
                            days: Some(m.days.map(|d| f64::from(d.get())).into()),
                        })
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
    let wire: Obj<PatientWire> = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = crate::wire::path::of(e.path());
        read_error(json, path, e.into_inner())
    })?;
    de.end()
        .map_err(|e| read_error(json, crate::wire::path::DOCUMENT.to_owned(), e))?;
    Patient::try_from(wire)
}

/// The token of the input at a position the reader reported (1-based line and column): the
/// run of characters around it that are not white space or JSON punctuation, at most 40.
#[cfg(feature = "json")]
fn token_at(json: &str, line: usize, column: usize) -> &str {
    let Some(text) = json.split('\n').nth(line.saturating_sub(1)) else {
        return "";
    };
    // Delimiters may be more than one byte (U+0085 is white space): index by characters.
    let delimiter = |c: char| c.is_whitespace() || ",:{}[]".contains(c);
    let mut at = column.saturating_sub(1).min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let start = text[..at]
        .char_indices()
        .rev()
        .find(|&(_, c)| delimiter(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = text[at..]
        .char_indices()
        .find(|&(_, c)| delimiter(c))
        .map_or(text.len(), |(i, _)| at + i);
    text.get(start..end.max(start))
        .filter(|t| t.len() <= 40)
        .unwrap_or("")
}

/// The error for a document serde_json could not read. A number too large to be finite
/// (`1e999`) at a numeric field is that field's typed "not a finite number" error; the rest are
/// syntax or type errors, with the path where reading stopped.
#[cfg(feature = "json")]
fn read_error(json: &str, path: String, e: serde_json::Error) -> PatientError {
    use crate::model::lab::{LabError, LabKind};
    use crate::model::quantity::{Quantity, QuantityError};

    let (line, column) = (e.line(), e.column());
    let full = e.to_string();
    let suffix = format!(" at line {line} column {column}");
    let mut message = full.strip_suffix(&suffix).unwrap_or(&full).to_owned();
    // A syntax error says what was expected, not what was there: name the text.
    if e.classify() == serde_json::error::Category::Syntax {
        let near = token_at(json, line, column);
        if !near.is_empty() {
            message = format!("{message} at `{near}`");
        }
    }
    let field = path;
    if message.starts_with("number out of range") {
        // The column points at the literal's last character; its sign gives the infinity.
        let negative = json
            .lines()
            .nth(line.saturating_sub(1))
            .and_then(|l| l.get(..column.min(l.len())))
            .map(|l| l.trim_end_matches(|c: char| c.is_ascii_digit() || "eE+.".contains(c)))
            .is_some_and(|l| l.ends_with('-'));
        let value = if negative {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
        let quantity = |quantity| PatientError::Quantity {
            field: field.clone(),
            error: QuantityError::NotFinite { quantity, value },
        };
        let lab = |lab| PatientError::Lab {
            field: field.clone(),
            error: LabError::NotFinite { lab, value },
        };
        match field.as_str() {
            "age" => return quantity(Quantity::Age),
            "labs.ferritin.value" => return lab(LabKind::Ferritin),
            "labs.transferrin_saturation.value" => return lab(LabKind::TransferrinSaturation),
            f if f.starts_with("medications[") && f.ends_with("].days") => {
                return quantity(Quantity::Days);
            }
            _ => {}
        }
    }
    PatientError::Syntax {
        field,
        message,
        line,
        column,
    }
}

impl<'de> Deserialize<'de> for Presentation {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Presentation, D::Error> {
        let wire = Obj::<PresentationWire>::deserialize(d)?;
        Presentation::try_from(wire).map_err(serde::de::Error::custom)
    }
}

impl Serialize for Presentation {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        PresentationWire::from(*self).serialize(s)
    }
}

impl<'de> Deserialize<'de> for Patient {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Patient, D::Error> {
        let wire = Obj::<PatientWire>::deserialize(d)?;
        Patient::try_from(wire).map_err(serde::de::Error::custom)
    }
}

impl Serialize for Patient {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        PatientWire::from(self.clone()).serialize(s)
    }
}

impl Patient {
    /// Reads a patient from JSON, validating every field.
    ///
    /// ```
    /// use leg_spasm_cds::{PatientErrorKind, Patient};
    /// let json = r#"{
    ///     "presentation": {"kind": "restless_legs"},
    ///     "stage": "non_drug_insufficient",
    ///     "severity": "moderate",
    ///     "age": 61,
    ///     "conditions": [],
    ///     "medications": [{"drug": "ropinirole", "days": 400}],
    ///     "labs": {"ferritin": {"value": 40, "unit": "ng/mL"}}
    /// }"#;
    /// let patient = Patient::from_json(json)?;
    /// assert_eq!(patient.age().known().map(|a| a.years()), Some(61));
    ///
    /// let err = Patient::from_json(&json.replace("ng/mL", "%")).unwrap_err();
    /// assert_eq!(err.kind(), PatientErrorKind::UnitMismatch);
    /// assert_eq!(err.field(), "labs.ferritin.unit");
    /// assert_eq!(
    ///     err.to_string(),
    ///     "labs.ferritin.unit: unit \"%\" does not fit ferritin; expected one of: ng/mL, ug/L, µg/L, μg/L"
    /// );
    /// # Ok::<(), leg_spasm_cds::PatientError>(())
    /// ```
    #[cfg(feature = "json")]
    pub fn from_json(json: &str) -> Result<Patient, PatientError> {
        from_json(json)
    }
}

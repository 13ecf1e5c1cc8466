//! The JSON form of a lab: `{"value": 40, "unit": "ng/mL"}`.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::lab::{Ferritin, LabError, LabKind, TransferrinSaturation, parse_ferritin_unit};
use crate::wire::patient::Obj;
use crate::wire::quantity::Number;

/// A lab as written by other programs: `{"value": 40, "unit": "ng/mL"}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LabWire {
    pub(crate) value: Option<Number>,
    pub(crate) unit: Option<String>,
}

/// A lab that lacks its value or its unit.
#[derive(Debug)]
pub(crate) enum LabWireError {
    Missing(&'static str),
    Invalid(LabError),
}

impl fmt::Display for LabWireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LabWireError::Missing(field) => write!(f, "missing required field `{field}`"),
            LabWireError::Invalid(e) => e.fmt(f),
        }
    }
}

impl LabWire {
    fn parts(&self) -> Result<(f64, &str), LabWireError> {
        let value = self.value.ok_or(LabWireError::Missing("value"))?;
        let unit = self.unit.as_deref().ok_or(LabWireError::Missing("unit"))?;
        Ok((value.0, unit))
    }

    pub(crate) fn ferritin(&self) -> Result<Ferritin, LabWireError> {
        let (value, unit) = self.parts()?;
        let unit = parse_ferritin_unit(unit).map_err(LabWireError::Invalid)?;
        Ferritin::new(value, unit).map_err(LabWireError::Invalid)
    }

    pub(crate) fn transferrin_saturation(&self) -> Result<TransferrinSaturation, LabWireError> {
        let (value, unit) = self.parts()?;
        if unit != "%" {
            return Err(LabWireError::Invalid(LabError::unit(
                LabKind::TransferrinSaturation,
                unit,
            )));
        }
        TransferrinSaturation::new(value).map_err(LabWireError::Invalid)
    }
}

impl TryFrom<Obj<LabWire>> for Ferritin {
    type Error = String;
    fn try_from(Obj(w): Obj<LabWire>) -> Result<Self, String> {
        w.ferritin().map_err(|e| e.to_string())
    }
}

impl TryFrom<Obj<LabWire>> for TransferrinSaturation {
    type Error = String;
    fn try_from(Obj(w): Obj<LabWire>) -> Result<Self, String> {
        w.transferrin_saturation().map_err(|e| e.to_string())
    }
}

impl From<Ferritin> for LabWire {
    fn from(f: Ferritin) -> Self {
        LabWire {
            value: Some(Number(f.value)),
            unit: Some(f.unit.name().to_owned()),
        }
    }
}

impl From<TransferrinSaturation> for LabWire {
    fn from(t: TransferrinSaturation) -> Self {
        LabWire {
            value: Some(Number(t.percent)),
            unit: Some("%".to_owned()),
        }
    }
}

impl<'de> Deserialize<'de> for Ferritin {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Ferritin, D::Error> {
        let wire = Obj::<LabWire>::deserialize(d)?;
        Ferritin::try_from(wire).map_err(serde::de::Error::custom)
    }
}

impl Serialize for Ferritin {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        LabWire::from(*self).serialize(s)
    }
}

impl<'de> Deserialize<'de> for TransferrinSaturation {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<TransferrinSaturation, D::Error> {
        let wire = Obj::<LabWire>::deserialize(d)?;
        TransferrinSaturation::try_from(wire).map_err(serde::de::Error::custom)
    }
}

impl Serialize for TransferrinSaturation {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        LabWire::from(*self).serialize(s)
    }
}

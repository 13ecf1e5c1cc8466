//! The JSON form of quantities: numbers read as `f64` and checked by the crate, and values
//! stated as unknown.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::quantity::{Age, Days, QuantityError, Stated};

impl Serialize for Age {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(self.0)
    }
}

impl<'de> Deserialize<'de> for Age {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Age, D::Error> {
        let n = Number::deserialize(d)?;
        Age::try_from(n.0).map_err(serde::de::Error::custom)
    }
}

/// A whole number of years, 0 to 130.
#[cfg(feature = "schemars")]
impl schemars::JsonSchema for Age {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Age".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Age in whole years.",
            "type": "integer",
            "minimum": 0,
            "maximum": Age::MAX.0,
        })
    }
}

impl Serialize for Days {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u32(self.0)
    }
}

impl<'de> Deserialize<'de> for Days {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Days, D::Error> {
        let n = Number::deserialize(d)?;
        Days::try_from(n.0).map_err(serde::de::Error::custom)
    }
}

/// A whole number of days, 0 to `u32::MAX`.
#[cfg(feature = "schemars")]
impl schemars::JsonSchema for Days {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Days".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Days of use, a whole number.",
            "type": "integer",
            "minimum": 0,
            "maximum": u32::MAX,
        })
    }
}

/// Any number, integer or floating point, read as `f64`, so that range and wholeness are
/// checked by the crate (with its own messages) rather than by the deserialiser's type.
/// Integers serialise as integers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Number(pub(crate) f64);

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let v = self.0;
        // Whole numbers that fit exactly are written without a fraction.
        if v.fract() == 0.0 && v.abs() < 9_007_199_254_740_992.0 {
            s.serialize_i64(v as i64)
        } else {
            s.serialize_f64(v)
        }
    }
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Number, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Number;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number")
            }
            fn visit_i64<E>(self, v: i64) -> Result<Number, E> {
                Ok(Number(v as f64))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Number, E> {
                Ok(Number(v as f64))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Number, E> {
                Ok(Number(v))
            }
        }
        d.deserialize_f64(V)
    }
}

/// A known value serialises as the value itself; an unknown one as the string `"unknown"`.
impl<T: Serialize> Serialize for Stated<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Stated::Known(v) => v.serialize(s),
            Stated::Unknown => s.serialize_str("unknown"),
        }
    }
}

/// Reads a number as the known value, and `null` or the string `"unknown"` as unknown.
impl<'de, T> Deserialize<'de> for Stated<T>
where
    T: TryFrom<f64, Error = QuantityError>,
{
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Stated<T>, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<T: TryFrom<f64, Error = QuantityError>> serde::de::Visitor<'_> for V<T> {
            type Value = Stated<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number, null or \"unknown\"")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Stated<T>, E> {
                self.visit_f64(v as f64)
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Stated<T>, E> {
                self.visit_f64(v as f64)
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Stated<T>, E> {
                T::try_from(v).map(Stated::Known).map_err(E::custom)
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Stated<T>, E> {
                Ok(Stated::Unknown)
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<Stated<T>, E> {
                Ok(Stated::Unknown)
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Stated<T>, E> {
                if v == "unknown" {
                    Ok(Stated::Unknown)
                } else {
                    Err(E::invalid_value(serde::de::Unexpected::Str(v), &self))
                }
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

/// A value of `T`, `null`, or the string `"unknown"`.
#[cfg(feature = "schemars")]
impl<T: schemars::JsonSchema> schemars::JsonSchema for Stated<T> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Stated_{}", T::schema_name()).into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A known value, or null or \"unknown\" when stated as unknown.",
            "oneOf": [
                generator.subschema_for::<T>(),
                {"type": "null"},
                {"const": "unknown"},
            ],
        })
    }
}

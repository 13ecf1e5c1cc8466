//! Laboratory values: serum [`Ferritin`] and [`TransferrinSaturation`], with their units. The
//! thresholds of FE-2 and SA-11 (`Ferritin::IRON_THRESHOLD`, ...) are written with the rest of
//! the knowledge, in `src/knowledge/thresholds.rs`.
//!
//! A value that exists is finite and in its physical range, and carries its unit. A lab that
//! was not measured is `None` in [`Labs`], never a default value, so it can never be read as
//! normal.
//!
//! ```
//! use leg_spasm_cds::{Ferritin, FerritinUnit, Labs, TransferrinSaturation};
//! let ferritin: Ferritin = Ferritin::new(40.0, FerritinUnit::NanogramsPerMillilitre).unwrap();
//! assert!(ferritin.calls_for_iron()); // <= 75 ng/mL (FE-2)
//! assert_eq!("ug/L".parse::<FerritinUnit>(), Ok(FerritinUnit::MicrogramsPerLitre));
//! assert_eq!("µg/L".parse::<FerritinUnit>(), Ok(FerritinUnit::MicrogramsPerLitre));
//!
//! let err = TransferrinSaturation::new(120.0).unwrap_err();
//! assert_eq!(err.to_string(), "transferrin saturation 120 % is above the maximum of 100 %");
//!
//! let labs = Labs::not_measured().with_ferritin(ferritin);
//! assert_eq!(labs.transferrin_saturation(), None); // not measured
//! ```

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use strum::{Display, EnumCount, EnumIter, EnumString, IntoStaticStr, VariantArray, VariantNames};

use crate::model::name::{NameError, named_enum};

/// Which lab a value or an error is about.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Display,
    IntoStaticStr,
    EnumIter,
    VariantNames,
    VariantArray,
    EnumCount,
    EnumString,
)]
#[strum(parse_err_ty = NameError, parse_err_fn = Self::unknown_name)]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
pub enum LabKind {
    /// Serum ferritin.
    Ferritin,
    /// Transferrin saturation.
    TransferrinSaturation,
}
named_enum!(LabKind, "lab");

impl LabKind {
    /// Human wording.
    pub const fn label(self) -> &'static str {
        match self {
            LabKind::Ferritin => "ferritin",
            LabKind::TransferrinSaturation => "transferrin saturation",
        }
    }

    /// The unit spellings this lab accepts, matched exactly.
    pub const fn accepted_units(self) -> &'static [&'static str] {
        match self {
            LabKind::Ferritin => &["ng/mL", "ug/L", "µg/L", "\u{3bc}g/L"],
            LabKind::TransferrinSaturation => &["%"],
        }
    }
}

/// Units the crate recognises but that no lab accepts: reported as not fitting rather than as
/// unknown, and never converted.
const OTHER_KNOWN_UNITS: &[&str] = &["pmol/L"];

/// A lab value or unit that is not acceptable.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum LabError {
    /// NaN or infinite.
    #[error("{} value {value} is not a finite number", lab.label())]
    NotFinite {
        /// The lab.
        lab: LabKind,
        /// The value given.
        value: f64,
    },
    /// Below zero.
    #[error("{} value {value} is negative", lab.label())]
    Negative {
        /// The lab.
        lab: LabKind,
        /// The value given.
        value: f64,
    },
    /// Above the physical maximum (transferrin saturation above 100 %).
    #[error("{} {value} % is above the maximum of {max} %", lab.label())]
    AboveMaximum {
        /// The lab.
        lab: LabKind,
        /// The value given.
        value: f64,
        /// The largest value accepted.
        max: f64,
    },
    /// A unit the crate does not know.
    #[error("unknown unit {unit:?} for {}; expected one of: {}", lab.label(), lab.accepted_units().join(", "))]
    UnknownUnit {
        /// The lab.
        lab: LabKind,
        /// The unit given.
        unit: String,
    },
    /// A known unit that does not fit the lab (`%` for ferritin, say).
    #[error("unit {unit:?} does not fit {}; expected one of: {}", lab.label(), lab.accepted_units().join(", "))]
    UnitMismatch {
        /// The lab.
        lab: LabKind,
        /// The unit given.
        unit: String,
    },
}

impl LabError {
    /// The lab the error is about.
    pub fn lab(&self) -> LabKind {
        match self {
            LabError::NotFinite { lab, .. }
            | LabError::Negative { lab, .. }
            | LabError::AboveMaximum { lab, .. }
            | LabError::UnknownUnit { lab, .. }
            | LabError::UnitMismatch { lab, .. } => *lab,
        }
    }

    pub(crate) fn unit(lab: LabKind, unit: &str) -> LabError {
        let known = <LabKind as VariantArray>::VARIANTS
            .iter()
            .flat_map(|l| l.accepted_units())
            .chain(OTHER_KNOWN_UNITS)
            .any(|u| *u == unit);
        if known {
            LabError::UnitMismatch {
                lab,
                unit: unit.to_owned(),
            }
        } else {
            LabError::UnknownUnit {
                lab,
                unit: unit.to_owned(),
            }
        }
    }
}

fn check(lab: LabKind, value: f64, max: f64) -> Result<f64, LabError> {
    if !value.is_finite() {
        Err(LabError::NotFinite { lab, value })
    } else if value < 0.0 {
        Err(LabError::Negative { lab, value })
    } else if value > max {
        Err(LabError::AboveMaximum { lab, value, max })
    } else {
        // -0.0 is read as 0.0, so that equal values compare and serialise equal.
        Ok(value + 0.0)
    }
}

/// The unit of a ferritin value. 1 ng/mL = 1 µg/L, so the value is the same in both.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Display,
    IntoStaticStr,
    EnumIter,
    VariantNames,
    VariantArray,
    EnumCount,
)]
#[non_exhaustive]
pub enum FerritinUnit {
    /// `ng/mL`.
    #[strum(serialize = "ng/mL")]
    NanogramsPerMillilitre,
    /// `ug/L` (µg/L). Read from `ug/L` or `µg/L`, written as `ug/L`.
    #[strum(serialize = "ug/L")]
    MicrogramsPerLitre,
}
named_enum!(FerritinUnit, "ferritin unit", custom_from_str);

impl FromStr for FerritinUnit {
    type Err = NameError;
    /// `ng/mL`, `ug/L` or `µg/L` (micro sign U+00B5), matched exactly.
    fn from_str(s: &str) -> Result<Self, NameError> {
        match s {
            "ng/mL" => Ok(FerritinUnit::NanogramsPerMillilitre),
            // Part 5: the Greek small letter mu (U+03BC) is accepted as the micro sign.
            "ug/L" | "µg/L" | "\u{3bc}g/L" => Ok(FerritinUnit::MicrogramsPerLitre),
            _ => Err(NameError::new(
                "ferritin unit",
                s,
                LabKind::Ferritin.accepted_units(),
            )),
        }
    }
}

/// Parses a ferritin unit: `ng/mL`, `ug/L` or `µg/L` (micro sign U+00B5), matched exactly.
pub(crate) fn parse_ferritin_unit(unit: &str) -> Result<FerritinUnit, LabError> {
    unit.parse::<FerritinUnit>()
        .map_err(|_: NameError| LabError::unit(LabKind::Ferritin, unit))
}

/// A serum ferritin value with its unit. Its JSON form (`{"value": 40, "unit": "ng/mL"}`) is
/// read and written by the wire room.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ferritin {
    pub(crate) value: f64,
    pub(crate) unit: FerritinUnit,
}

// Values are finite (checked on construction), so equality is total.
impl Eq for Ferritin {}

impl Ferritin {
    /// A ferritin value; finite and >= 0. Takes an integer or a float (`60`, `60.0`).
    ///
    /// # Examples
    ///
    /// ```
    /// use leg_spasm_cds::{Ferritin, FerritinUnit, LabError, LabKind};
    /// // 1 µg/L = 1 ng/mL: the value is kept in the unit given, and compared as is.
    /// let ferritin = Ferritin::new(60.0, FerritinUnit::MicrogramsPerLitre)?;
    /// assert_eq!(ferritin.in_ng_per_ml(), 60.0);
    /// assert!(ferritin.calls_for_iron()); // <= 75 ng/mL (FE-2)
    /// assert_eq!(ferritin.to_string(), "60 ug/L");
    ///
    /// let err = Ferritin::new(-1.0, FerritinUnit::NanogramsPerMillilitre).unwrap_err();
    /// assert_eq!(err.to_string(), "ferritin value -1 is negative");
    /// assert!(matches!(
    ///     Ferritin::new(f64::NAN, FerritinUnit::NanogramsPerMillilitre),
    ///     Err(LabError::NotFinite { lab: LabKind::Ferritin, .. })
    /// ));
    /// # Ok::<(), LabError>(())
    /// ```
    pub fn new(value: impl Into<f64>, unit: FerritinUnit) -> Result<Ferritin, LabError> {
        Ok(Ferritin {
            value: check(LabKind::Ferritin, value.into(), f64::INFINITY)?,
            unit,
        })
    }

    /// A ferritin value in ng/mL. Like [`Ferritin::new`], takes an integer or a float (any
    /// type that converts to `f64` without loss: `40`, `40u32`, `40.5`).
    ///
    /// ```
    /// use leg_spasm_cds::Ferritin;
    /// assert_eq!(Ferritin::ng_per_ml(40)?, Ferritin::ng_per_ml(40.0)?);
    /// assert_eq!(Ferritin::ng_per_ml(-1).unwrap_err().to_string(), "ferritin value -1 is negative");
    /// # Ok::<(), leg_spasm_cds::LabError>(())
    /// ```
    pub fn ng_per_ml(value: impl Into<f64>) -> Result<Ferritin, LabError> {
        Ferritin::new(value, FerritinUnit::NanogramsPerMillilitre)
    }

    /// The value, in the unit given.
    pub const fn value(self) -> f64 {
        self.value
    }

    /// The unit given.
    pub const fn unit(self) -> FerritinUnit {
        self.unit
    }

    /// The value in ng/mL (equal to µg/L).
    pub const fn in_ng_per_ml(self) -> f64 {
        self.value
    }
}

impl fmt::Display for Ferritin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.value, self.unit)
    }
}

/// Transferrin saturation in percent, 0 to 100. Its JSON form (`{"value": 30, "unit": "%"}`)
/// is read and written by the wire room.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct TransferrinSaturation {
    pub(crate) percent: f64,
}

// Values are finite (checked on construction), so equality is total.
impl Eq for TransferrinSaturation {}

impl TransferrinSaturation {
    /// A saturation in percent, 0 to 100: an integer or a float (`18`, `18.5`).
    ///
    /// # Examples
    ///
    /// ```
    /// use leg_spasm_cds::TransferrinSaturation;
    /// let low = TransferrinSaturation::new(15.0)?;
    /// assert!(low.calls_for_iron()); // < 20 % (FE-2)
    /// let high = TransferrinSaturation::new(50.0)?;
    /// assert!(high.calls_for_overload_evaluation()); // >= 45 % (SA-11)
    /// assert_eq!(high.to_string(), "50 %");
    ///
    /// assert_eq!(
    ///     TransferrinSaturation::new(100.5).unwrap_err().to_string(),
    ///     "transferrin saturation 100.5 % is above the maximum of 100 %"
    /// );
    /// assert!(TransferrinSaturation::new(f64::INFINITY).is_err());
    /// # Ok::<(), leg_spasm_cds::LabError>(())
    /// ```
    pub fn new(percent: impl Into<f64>) -> Result<TransferrinSaturation, LabError> {
        Ok(TransferrinSaturation {
            percent: check(LabKind::TransferrinSaturation, percent.into(), 100.0)?,
        })
    }

    /// The saturation in percent.
    pub const fn percent(self) -> f64 {
        self.percent
    }
}

impl fmt::Display for TransferrinSaturation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} %", self.percent)
    }
}

/// The labs known for a patient. A lab that is `None` was not measured.
///
/// # Examples
///
/// ```
/// use leg_spasm_cds::{Ferritin, Labs, TransferrinSaturation};
/// // Not measured is not normal: nothing is known (for RLS, the plan asks for the labs, FE-1).
/// let labs = Labs::not_measured();
/// assert_eq!(labs.ferritin(), None);
/// assert!(!labs.call_for_iron());
///
/// // One lab known and meeting its threshold is enough (FE-2, DEC-5).
/// let labs = labs.with_transferrin_saturation(TransferrinSaturation::new(18.0)?);
/// assert!(labs.call_for_iron());
///
/// let normal = Labs::not_measured()
///     .with_ferritin(Ferritin::ng_per_ml(120.0)?)
///     .with_transferrin_saturation(TransferrinSaturation::new(30.0)?);
/// assert!(!normal.call_for_iron());
/// # Ok::<(), leg_spasm_cds::LabError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Labs {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ferritin: Option<Ferritin>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    transferrin_saturation: Option<TransferrinSaturation>,
}

impl Labs {
    /// No lab measured.
    pub const fn not_measured() -> Labs {
        Labs {
            ferritin: None,
            transferrin_saturation: None,
        }
    }

    /// With a ferritin value.
    #[must_use]
    pub const fn with_ferritin(mut self, ferritin: Ferritin) -> Labs {
        self.ferritin = Some(ferritin);
        self
    }

    /// With a transferrin saturation.
    #[must_use]
    pub const fn with_transferrin_saturation(mut self, tsat: TransferrinSaturation) -> Labs {
        self.transferrin_saturation = Some(tsat);
        self
    }

    /// Serum ferritin, or `None` if not measured.
    pub const fn ferritin(&self) -> Option<Ferritin> {
        self.ferritin
    }

    /// Transferrin saturation, or `None` if not measured.
    pub const fn transferrin_saturation(&self) -> Option<TransferrinSaturation> {
        self.transferrin_saturation
    }
}

//! Whole-number quantities of a patient record: [`Age`] in years and [`Days`] of use.
//!
//! Both validate on construction, so a value that exists is in range. Numbers from other
//! programs often arrive as floating point (JSON has one number type); [`TryFrom<f64>`]
//! rejects what is not a whole number in range with a [`QuantityError`] that names the
//! quantity and the value.
//!
//! ```
//! use leg_spasm_cds::{Age, Days};
//! assert_eq!(Age::new(70).unwrap().years(), 70);
//! assert_eq!(Age::new(131).unwrap_err().to_string(), "age 131 is above the maximum of 130 years");
//! assert_eq!(Days::try_from(-3.0).unwrap_err().to_string(), "days of use -3 is negative");
//! assert_eq!(Days::try_from(2.5).unwrap_err().to_string(), "days of use 2.5 is not a whole number");
//! ```

use std::fmt;
use std::str::FromStr;

/// Which quantity a [`QuantityError`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Quantity {
    /// Age in whole years, 0 to 130.
    Age,
    /// Days a medicine has been taken, a whole number >= 0.
    Days,
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Quantity::Age => "age",
            Quantity::Days => "days of use",
        })
    }
}

/// A number that is not a valid [`Age`] or [`Days`].
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum QuantityError {
    /// Text that is not a number (from [`str::parse`]).
    #[error("{quantity} is not a number")]
    NotANumber {
        /// The quantity being read.
        quantity: Quantity,
    },
    /// NaN or infinite.
    #[error("{quantity} {value} is not a finite number")]
    NotFinite {
        /// The quantity being read.
        quantity: Quantity,
        /// The value given.
        value: f64,
    },
    /// Has a fractional part.
    #[error("{quantity} {value} is not a whole number")]
    NotWhole {
        /// The quantity being read.
        quantity: Quantity,
        /// The value given.
        value: f64,
    },
    /// Below zero.
    #[error("{quantity} {value} is negative")]
    Negative {
        /// The quantity being read.
        quantity: Quantity,
        /// The value given.
        value: f64,
    },
    /// Above the largest value the quantity accepts.
    #[error("{quantity} {value} is above the maximum of {max}{unit}", unit = if matches!(quantity, Quantity::Age) { " years" } else { "" })]
    AboveMaximum {
        /// The quantity being read.
        quantity: Quantity,
        /// The value given.
        value: f64,
        /// The largest accepted value.
        max: u32,
    },
}

impl QuantityError {
    /// The quantity the error is about.
    pub fn quantity(&self) -> Quantity {
        match *self {
            QuantityError::NotANumber { quantity }
            | QuantityError::NotFinite { quantity, .. }
            | QuantityError::NotWhole { quantity, .. }
            | QuantityError::Negative { quantity, .. }
            | QuantityError::AboveMaximum { quantity, .. } => quantity,
        }
    }
}

/// Checks that `value` is a whole number in `0..=max`.
fn whole(quantity: Quantity, value: f64, max: u32) -> Result<u32, QuantityError> {
    if !value.is_finite() {
        Err(QuantityError::NotFinite { quantity, value })
    } else if value < 0.0 {
        Err(QuantityError::Negative { quantity, value })
    } else if value.fract() != 0.0 {
        Err(QuantityError::NotWhole { quantity, value })
    } else if value > f64::from(max) {
        Err(QuantityError::AboveMaximum {
            quantity,
            value,
            max,
        })
    } else {
        // In range and whole, so the cast is exact.
        Ok(value as u32)
    }
}

fn parse_number(quantity: Quantity, s: &str) -> Result<f64, QuantityError> {
    s.trim()
        .parse::<f64>()
        .map_err(|_| QuantityError::NotANumber { quantity })
}

/// A patient's age in whole years, 0 to 130.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Age(pub(crate) u8);

impl Age {
    /// The oldest accepted age.
    pub const MAX: Age = Age(130);

    /// An age in years; errors above [`Age::MAX`]. Takes a `u32`, as [`Days::new`] does.
    ///
    /// ```
    /// use leg_spasm_cds::Age;
    /// assert_eq!(Age::new(61)?.years(), 61);
    /// assert_eq!(Age::new(131).unwrap_err().to_string(), "age 131 is above the maximum of 130 years");
    /// # Ok::<(), leg_spasm_cds::QuantityError>(())
    /// ```
    pub const fn new(years: u32) -> Result<Age, QuantityError> {
        if years > Age::MAX.0 as u32 {
            Err(QuantityError::AboveMaximum {
                quantity: Quantity::Age,
                value: years as f64,
                max: Age::MAX.0 as u32,
            })
        } else {
            // At most 130, so the cast is exact.
            Ok(Age(years as u8))
        }
    }

    /// The age in years.
    pub const fn years(self) -> u32 {
        self.0 as u32
    }
}

impl TryFrom<f64> for Age {
    type Error = QuantityError;
    fn try_from(value: f64) -> Result<Age, QuantityError> {
        whole(Quantity::Age, value, Age::MAX.years()).map(|y| Age(y as u8))
    }
}

impl TryFrom<i64> for Age {
    type Error = QuantityError;
    fn try_from(value: i64) -> Result<Age, QuantityError> {
        Age::try_from(value as f64)
    }
}

impl TryFrom<u32> for Age {
    type Error = QuantityError;
    fn try_from(years: u32) -> Result<Age, QuantityError> {
        Age::new(years)
    }
}

/// Reads a whole number of years, spaces around it allowed.
///
/// ```
/// use leg_spasm_cds::Age;
/// assert_eq!(" 61 ".parse::<Age>().map(|a| a.years()), Ok(61));
/// assert_eq!("abc".parse::<Age>().unwrap_err().to_string(), "age is not a number");
/// assert_eq!("61.5".parse::<Age>().unwrap_err().to_string(), "age 61.5 is not a whole number");
/// ```
impl FromStr for Age {
    type Err = QuantityError;
    fn from_str(s: &str) -> Result<Age, QuantityError> {
        Age::try_from(parse_number(Quantity::Age, s)?)
    }
}

impl fmt::Display for Age {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} years", self.0)
    }
}

/// How many days a medicine has been taken: a whole number >= 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Days(pub(crate) u32);

impl Days {
    /// A number of days. Takes a `u32`, as [`Age::new`] does.
    pub const fn new(days: u32) -> Days {
        Days(days)
    }

    /// The number of days.
    pub const fn get(self) -> u32 {
        self.0
    }

    /// `self - other`, or zero.
    #[must_use]
    pub const fn saturating_sub(self, other: Days) -> Days {
        Days(self.0.saturating_sub(other.0))
    }
}

impl TryFrom<f64> for Days {
    type Error = QuantityError;
    fn try_from(value: f64) -> Result<Days, QuantityError> {
        whole(Quantity::Days, value, u32::MAX).map(Days)
    }
}

impl TryFrom<i64> for Days {
    type Error = QuantityError;
    fn try_from(value: i64) -> Result<Days, QuantityError> {
        u32::try_from(value).map(Days).map_err(|_| {
            if value < 0 {
                QuantityError::Negative {
                    quantity: Quantity::Days,
                    value: value as f64,
                }
            } else {
                QuantityError::AboveMaximum {
                    quantity: Quantity::Days,
                    value: value as f64,
                    max: u32::MAX,
                }
            }
        })
    }
}

impl From<u32> for Days {
    fn from(days: u32) -> Days {
        Days(days)
    }
}

impl FromStr for Days {
    type Err = QuantityError;
    fn from_str(s: &str) -> Result<Days, QuantityError> {
        Days::try_from(parse_number(Quantity::Days, s)?)
    }
}

impl fmt::Display for Days {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            1 => f.write_str("1 day"),
            n => write!(f, "{n} days"),
        }
    }
}

/// A value that is either known or explicitly stated as unknown (knowledge spec Part 5,
/// DEC-16).
///
/// Records from clinical systems often lack a medicine's start date or a birth date. Such a
/// value is *stated* as unknown: in JSON with `null` or `"unknown"`; a missing field stays an
/// error, so that "unknown" never stands in for "forgot". Rules that read an unknown value
/// take the reading that is safer for the patient and say so in their words.
///
/// ```
/// use leg_spasm_cds::{Age, Days, Stated};
/// let age: Stated<Age> = Age::new(70)?.into();
/// assert_eq!(age.known(), Some(Age::new(70)?));
/// let days: Stated<Days> = Stated::Unknown;
/// assert!(days.is_unknown());
/// assert_eq!(days.to_string(), "unknown");
/// # Ok::<(), leg_spasm_cds::QuantityError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stated<T> {
    /// The value is known.
    Known(T),
    /// The value was stated as unknown.
    Unknown,
}

impl<T: Copy> Stated<T> {
    /// The value, if known.
    pub const fn known(self) -> Option<T> {
        match self {
            Stated::Known(v) => Some(v),
            Stated::Unknown => None,
        }
    }

    /// Whether the value was stated as unknown.
    pub const fn is_unknown(self) -> bool {
        matches!(self, Stated::Unknown)
    }

    /// The known value mapped by `f`; unknown stays unknown.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Stated<U> {
        match self {
            Stated::Known(v) => Stated::Known(f(v)),
            Stated::Unknown => Stated::Unknown,
        }
    }
}

impl<T> From<T> for Stated<T> {
    fn from(value: T) -> Stated<T> {
        Stated::Known(value)
    }
}

impl<T: fmt::Display> fmt::Display for Stated<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stated::Known(v) => v.fmt(f),
            Stated::Unknown => f.write_str("unknown"),
        }
    }
}

//! A civil (calendar) date, read from the FHIR `date` and `dateTime` forms, with the number of
//! days between two dates. No clock: the as-of date is always given.

use std::fmt;
use std::str::FromStr;

/// How much of a date the record stated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Precision {
    /// `YYYY`.
    Year,
    /// `YYYY-MM`.
    Month,
    /// `YYYY-MM-DD`, or a `dateTime` (its date).
    Day,
}

/// A calendar date. A partial date (year, or year and month) is held as its earliest day,
/// with its precision: the earliest day is the older bound of a birth date and the earliest
/// possible start of a medicine, the readings safer for the patient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CivilDate {
    year: i32,
    month: u8,
    day: u8,
    precision: Precision,
}

/// A text that is not a FHIR date or dateTime.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value:?} is not a FHIR date (YYYY, YYYY-MM, YYYY-MM-DD or a dateTime)")]
pub struct DateError {
    /// The text read.
    pub value: String,
}

impl CivilDate {
    /// A full date.
    ///
    /// # Errors
    ///
    /// When the month or day does not exist.
    pub fn new(year: i32, month: u8, day: u8) -> Result<CivilDate, DateError> {
        let bad = || DateError {
            value: format!("{year:04}-{month:02}-{day:02}"),
        };
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(bad());
        }
        Ok(CivilDate {
            year,
            month,
            day,
            precision: Precision::Day,
        })
    }

    /// The year.
    pub const fn year(self) -> i32 {
        self.year
    }

    /// The month, 1 to 12 (1 for a year-only date).
    pub const fn month(self) -> u8 {
        self.month
    }

    /// The day of the month (1 for a partial date).
    pub const fn day(self) -> u8 {
        self.day
    }

    /// How much of the date was stated.
    pub const fn precision(self) -> Precision {
        self.precision
    }

    /// Days since 1970-01-01 (negative before).
    fn ordinal(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: CivilDate) -> i64 {
        later.ordinal() - self.ordinal()
    }

    /// Whole years from `self` (a birth date) to `on`; negative when `on` is earlier.
    pub fn years_until(self, on: CivilDate) -> i64 {
        let mut years = i64::from(on.year) - i64::from(self.year);
        if (on.month, on.day) < (self.month, self.day) {
            years -= 1;
        }
        years
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

fn digits(s: &str, n: usize) -> Option<u32> {
    (s.len() == n && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

impl FromStr for CivilDate {
    type Err = DateError;

    /// Reads `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or a dateTime `YYYY-MM-DDThh:mm:ss...` (its
    /// date, as written: the time zone is not applied).
    fn from_str(s: &str) -> Result<CivilDate, DateError> {
        let bad = || DateError {
            value: s.to_owned(),
        };
        let date = match s.split_once('T') {
            Some((date, time)) if !time.is_empty() && date.len() == 10 => date,
            Some(_) => return Err(bad()),
            None => s,
        };
        let parts: Vec<&str> = date.split('-').collect();
        let year = parts.first().and_then(|y| digits(y, 4)).ok_or_else(bad)? as i32;
        let (month, day, precision) = match parts.as_slice() {
            [_] => (1, 1, Precision::Year),
            [_, m] => (digits(m, 2).ok_or_else(bad)?, 1, Precision::Month),
            [_, m, d] => (
                digits(m, 2).ok_or_else(bad)?,
                digits(d, 2).ok_or_else(bad)?,
                Precision::Day,
            ),
            _ => return Err(bad()),
        };
        let (month, day) = (
            u8::try_from(month).map_err(|_| bad())?,
            u8::try_from(day).map_err(|_| bad())?,
        );
        let full = CivilDate::new(year, month, day).map_err(|_| bad())?;
        Ok(CivilDate { precision, ..full })
    }
}

impl fmt::Display for CivilDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.precision {
            Precision::Year => write!(f, "{:04}", self.year),
            Precision::Month => write!(f, "{:04}-{:02}", self.year, self.month),
            Precision::Day => write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_fhir_forms() {
        let d: CivilDate = "1950".parse().unwrap();
        assert_eq!((d.year(), d.month(), d.day()), (1950, 1, 1));
        assert_eq!(d.precision(), Precision::Year);
        let d: CivilDate = "1950-07".parse().unwrap();
        assert_eq!(
            (d.month(), d.day(), d.precision()),
            (7, 1, Precision::Month)
        );
        let d: CivilDate = "2024-02-29T10:00:00+01:00".parse().unwrap();
        assert_eq!((d.month(), d.day(), d.precision()), (2, 29, Precision::Day));
        for bad in [
            "",
            "19500",
            "1950-13",
            "2023-02-29",
            "1950-1-1",
            "x",
            "1950-07-01T",
            "-1950",
        ] {
            assert!(bad.parse::<CivilDate>().is_err(), "{bad}");
        }
    }

    #[test]
    fn counts_days_and_years() {
        let a = CivilDate::new(2024, 2, 28).unwrap();
        let b = CivilDate::new(2024, 3, 1).unwrap();
        assert_eq!(a.days_until(b), 2);
        assert_eq!(b.days_until(a), -2);
        let y2k = CivilDate::new(2000, 1, 1).unwrap();
        assert_eq!(CivilDate::new(1970, 1, 1).unwrap().days_until(y2k), 10_957);
        let birth = CivilDate::new(1960, 6, 15).unwrap();
        assert_eq!(birth.years_until(CivilDate::new(2025, 6, 14).unwrap()), 64);
        assert_eq!(birth.years_until(CivilDate::new(2025, 6, 15).unwrap()), 65);
    }
}

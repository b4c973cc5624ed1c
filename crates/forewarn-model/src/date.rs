//! Dates that carry how precisely they are known.
//!
//! Reporting rarely gives a day: "in August 2021", "last summer", "between January 2017 and
//! October 2018". A [`FuzzyDate`] is an inclusive interval of days plus the precision the
//! source gave, so that "2021-08" stays a month and is never silently turned into the 1st.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

crate::macros::string_enum! {
    /// How precisely a date is known.
    DatePrecision, "date precision" {
        /// A single day.
        Day = "day",
        /// A calendar month.
        Month = "month",
        /// A calendar year.
        Year = "year",
        /// Any other interval, e.g. "early 2024" or "between 2017 and 2018".
        Range = "range",
    }
}

/// An inclusive interval of days with the precision the source gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FuzzyDate {
    /// First day of the interval.
    pub start: Date,
    /// Last day of the interval (equal to `start` for a day).
    pub end: Date,
    /// How precisely the source gave the date.
    pub precision: DatePrecision,
}

/// Why a string could not be read as a [`FuzzyDate`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{input:?} is not a date; expected YYYY, YYYY-MM, YYYY-MM-DD or START/END")]
pub struct FuzzyDateError {
    /// The rejected input.
    pub input: String,
}

impl FuzzyDate {
    /// A single day.
    pub fn day(date: Date) -> Self {
        Self {
            start: date,
            end: date,
            precision: DatePrecision::Day,
        }
    }

    /// A whole calendar month. `None` if the year or month is out of range.
    pub fn month(year: i16, month: i8) -> Option<Self> {
        let start = Date::new(year, month, 1).ok()?;
        Some(Self {
            start,
            end: start.last_of_month(),
            precision: DatePrecision::Month,
        })
    }

    /// A whole calendar year. `None` if the year is out of range.
    pub fn year(year: i16) -> Option<Self> {
        let start = Date::new(year, 1, 1).ok()?;
        let end = Date::new(year, 12, 31).ok()?;
        Some(Self {
            start,
            end,
            precision: DatePrecision::Year,
        })
    }

    /// An arbitrary interval; the bounds are swapped if given in the wrong order.
    pub fn range(a: Date, b: Date) -> Self {
        let (start, end) = if a <= b { (a, b) } else { (b, a) };
        Self {
            start,
            end,
            precision: DatePrecision::Range,
        }
    }

    /// The start written at the date's precision: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`
    /// (a range gives its first day).
    pub fn start_string(&self) -> String {
        format_at(self.start, self.precision)
    }

    /// The end written at the date's precision.
    pub fn end_string(&self) -> String {
        format_at(self.end, self.precision)
    }

    /// Whether two dates can describe the same moment (their intervals overlap).
    pub fn overlaps(&self, other: &FuzzyDate) -> bool {
        self.start <= other.end && other.start <= self.end
    }

    /// Whether `self` lies entirely within `other`.
    pub fn within(&self, other: &FuzzyDate) -> bool {
        other.start <= self.start && self.end <= other.end
    }

    /// Number of days the interval spans (1 for a day).
    pub fn span_days(&self) -> i32 {
        (self.end - self.start).get_days() + 1
    }
}

const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The month (1 to 12) that `word` names: a full English month name or its three-letter
/// abbreviation (and "Sept"), in any case, with or without a final period. Words that only
/// start like a month ("Marching", "Mayor", "Augusta") name none.
pub fn month_number(word: &str) -> Option<i8> {
    let w = word.strip_suffix('.').unwrap_or(word).to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    let index = MONTH_NAMES.iter().position(|m| {
        *m == w || (w.len() == 3 && m.starts_with(&w)) || (w == "sept" && m.starts_with("sep"))
    })?;
    Some(index as i8 + 1)
}

fn format_at(d: Date, p: DatePrecision) -> String {
    match p {
        DatePrecision::Year => format!("{:04}", d.year()),
        DatePrecision::Month => format!("{:04}-{:02}", d.year(), d.month()),
        DatePrecision::Day | DatePrecision::Range => {
            format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
        }
    }
}

impl std::fmt::Display for FuzzyDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.precision {
            DatePrecision::Range => write!(f, "{}/{}", self.start_string(), self.end_string()),
            _ => f.write_str(&self.start_string()),
        }
    }
}

impl std::str::FromStr for FuzzyDate {
    type Err = FuzzyDateError;

    /// Reads `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or two of those joined by `/` (a range).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || FuzzyDateError {
            input: s.to_string(),
        };
        let s = s.trim();
        if let Some((a, b)) = s.split_once('/') {
            let a: FuzzyDate = a.parse().map_err(|_| err())?;
            let b: FuzzyDate = b.parse().map_err(|_| err())?;
            return Ok(FuzzyDate::range(a.start, b.end));
        }
        let parts: Vec<&str> = s.split('-').collect();
        let num = |p: &str| -> Result<i64, FuzzyDateError> {
            if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(err());
            }
            p.parse().map_err(|_| err())
        };
        match parts.as_slice() {
            [y] if y.len() == 4 => FuzzyDate::year(num(y)? as i16).ok_or_else(err),
            [y, m] if y.len() == 4 => {
                FuzzyDate::month(num(y)? as i16, i8::try_from(num(m)?).map_err(|_| err())?)
                    .ok_or_else(err)
            }
            [y, m, d] if y.len() == 4 => {
                let m = i8::try_from(num(m)?).map_err(|_| err())?;
                let d = i8::try_from(num(d)?).map_err(|_| err())?;
                Date::new(num(y)? as i16, m, d)
                    .map(FuzzyDate::day)
                    .map_err(|_| err())
            }
            _ => Err(err()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_precision_and_writes_it_back() {
        for s in ["2024", "2024-03", "2024-03-22", "2017-01-01/2018-10-31"] {
            let d: FuzzyDate = s.parse().unwrap();
            assert_eq!(d.to_string(), s);
        }
        let m: FuzzyDate = "2024-02".parse().unwrap();
        assert_eq!(m.end, Date::new(2024, 2, 29).unwrap());
        assert_eq!(m.span_days(), 29);
    }

    #[test]
    fn month_names_and_abbreviations() {
        assert_eq!(month_number("March"), Some(3));
        assert_eq!(month_number("SEPT."), Some(9));
        assert_eq!(month_number("apr"), Some(4));
        assert_eq!(month_number("DECEMBER"), Some(12));
        for w in ["Marching", "Mayor", "Augusta", "Ma", "", "Junes"] {
            assert_eq!(month_number(w), None, "{w}");
        }
    }

    #[test]
    fn rejects_malformed_dates() {
        for s in [
            "",
            "24",
            "2024-13",
            "2023-02-29",
            "2024/",
            "soon",
            "2024-1-x",
        ] {
            assert!(s.parse::<FuzzyDate>().is_err(), "{s} should be rejected");
        }
    }

    #[test]
    fn overlap_and_containment_follow_the_intervals() {
        let march: FuzzyDate = "2024-03".parse().unwrap();
        let day: FuzzyDate = "2024-03-22".parse().unwrap();
        let april: FuzzyDate = "2024-04".parse().unwrap();
        assert!(day.within(&march) && march.overlaps(&day));
        assert!(!april.overlaps(&day));
    }
}

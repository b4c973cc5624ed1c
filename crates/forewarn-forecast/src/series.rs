//! Monthly series: incidents and fatalities per calendar month, zero-filled, for the whole
//! record, per country and per actor.

use std::collections::BTreeMap;
use std::fmt;

use jiff::civil::Date;
use serde::{Serialize, Serializer};

/// Per-incident fatalities are kept as a histogram over `0..SEVERITY_CAP`, with one last
/// bin for `SEVERITY_CAP` or more: enough to compute P(fatalities >= 25).
pub const SEVERITY_CAP: usize = 25;

/// A calendar month, counted from year 0 so that months subtract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month(pub i32);

impl Month {
    /// The month of a year and a month number (1 to 12).
    pub fn new(year: i32, month: u8) -> Month {
        Month(year * 12 + i32::from(month) - 1)
    }

    /// The month a day falls in.
    pub fn of(date: Date) -> Month {
        Month::new(i32::from(date.year()), date.month() as u8)
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.0.div_euclid(12)
    }

    /// Month of the year, 1 to 12.
    pub fn month(self) -> u8 {
        (self.0.rem_euclid(12) + 1) as u8
    }

    /// Month of the year, 0 to 11.
    pub fn month_index(self) -> usize {
        self.0.rem_euclid(12) as usize
    }

    /// `n` months later (earlier when negative).
    pub fn plus(self, n: i32) -> Month {
        Month(self.0 + n)
    }

    /// Months from `earlier` to this one.
    pub fn since(self, earlier: Month) -> i32 {
        self.0 - earlier.0
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

impl std::str::FromStr for Month {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("month {s:?}: expected YYYY-MM");
        let (y, m) = s.trim().split_once('-').ok_or_else(bad)?;
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u8 = m.parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) || !(1..=9999).contains(&year) {
            return Err(bad());
        }
        Ok(Month::new(year, month))
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// One incident as the series need it.
#[derive(Debug, Clone, PartialEq)]
pub struct IncidentRecord {
    /// An id to point at (the store's incident id or the file's row id).
    pub id: String,
    /// The day (or first possible day) it happened.
    pub date: Date,
    /// Country as the source names it (an ISO code in the store, a name in RAND or GTD).
    pub country: Option<String>,
    /// Province, when known.
    pub admin1: Option<String>,
    /// Perpetrators' names.
    pub actors: Vec<String>,
    /// Killed (unknown counts as 0, as the store's monthly counts do).
    pub killed: u64,
}

/// Which series to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SeriesKind {
    /// Every incident.
    Overall,
    /// One per country.
    Country,
    /// One per named perpetrator.
    Actor,
}

/// A monthly count series from `start`, zero-filled: `counts[i]` incidents and
/// `fatalities[i]` killed in month `start + i`.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthlySeries {
    /// What is counted.
    pub kind: SeriesKind,
    /// The country or actor (empty for the overall series).
    pub key: String,
    /// The first month.
    pub start: Month,
    /// Incidents per month.
    pub counts: Vec<u64>,
    /// Sum of killed per month.
    pub fatalities: Vec<u64>,
    /// Per month, how many incidents killed 0, 1, ..., 24, and 25 or more.
    pub severity: Vec<[u32; SEVERITY_CAP + 1]>,
}

impl MonthlySeries {
    /// An all-zero series over `start..=end`.
    pub fn empty(kind: SeriesKind, key: &str, start: Month, end: Month) -> MonthlySeries {
        let n = (end.since(start) + 1).max(0) as usize;
        MonthlySeries {
            kind,
            key: key.to_string(),
            start,
            counts: vec![0; n],
            fatalities: vec![0; n],
            severity: vec![[0; SEVERITY_CAP + 1]; n],
        }
    }

    /// Months covered.
    pub fn len(&self) -> usize {
        self.counts.len()
    }

    /// Whether it covers no month.
    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// The month at index `i`.
    pub fn month(&self, i: usize) -> Month {
        self.start.plus(i as i32)
    }

    /// All incidents.
    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// A readable name: `overall`, `country X`, `actor X`.
    pub fn label(&self) -> String {
        match self.kind {
            SeriesKind::Overall => "all incidents".into(),
            SeriesKind::Country => format!("country {}", self.key),
            SeriesKind::Actor => format!("actor {}", self.key),
        }
    }

    fn add(&mut self, month: Month, killed: u64) {
        let i = month.since(self.start);
        if i < 0 || i as usize >= self.counts.len() {
            return;
        }
        let i = i as usize;
        self.counts[i] += 1;
        self.fatalities[i] += killed;
        self.severity[i][(killed as usize).min(SEVERITY_CAP)] += 1;
    }
}

/// Names that stand for "not known" rather than for an actor (RAND and GTD write
/// `Unknown` and `Other`, ACLED `Unidentified Armed Group`).
pub fn is_unnamed_actor(name: &str) -> bool {
    let n = name.trim().to_ascii_lowercase();
    n.is_empty()
        || matches!(n.as_str(), "unknown" | "other" | "none" | "n/a" | "-")
        || n.starts_with("unknown ")
        || n.starts_with("unidentified")
}

/// The months from the first to the last incident.
pub fn month_range(records: &[IncidentRecord]) -> Option<(Month, Month)> {
    let first = records.iter().map(|r| Month::of(r.date)).min()?;
    let last = records.iter().map(|r| Month::of(r.date)).max()?;
    Some((first, last))
}

/// Builds the series of one kind over `start..=end` (incidents outside are left out):
/// one overall series, or one per country or named actor (sorted by key). An incident with
/// several perpetrators counts once in each of their series.
pub fn build_series(
    records: &[IncidentRecord],
    kind: SeriesKind,
    start: Month,
    end: Month,
) -> Vec<MonthlySeries> {
    let mut by_key: BTreeMap<String, MonthlySeries> = BTreeMap::new();
    for r in records {
        let month = Month::of(r.date);
        let keys: Vec<&str> = match kind {
            SeriesKind::Overall => vec![""],
            SeriesKind::Country => r.country.iter().map(String::as_str).collect(),
            SeriesKind::Actor => {
                let mut keys: Vec<&str> = r
                    .actors
                    .iter()
                    .map(|a| a.trim())
                    .filter(|a| !is_unnamed_actor(a))
                    .collect();
                keys.sort_unstable();
                keys.dedup();
                keys
            }
        };
        for key in keys {
            by_key
                .entry(key.to_string())
                .or_insert_with(|| MonthlySeries::empty(kind, key, start, end))
                .add(month, r.killed);
        }
    }
    if kind == SeriesKind::Overall && by_key.is_empty() {
        by_key.insert(String::new(), MonthlySeries::empty(kind, "", start, end));
    }
    by_key.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(date: &str, country: &str, actors: &[&str], killed: u64) -> IncidentRecord {
        IncidentRecord {
            id: date.into(),
            date: date.parse().unwrap(),
            country: Some(country.into()),
            admin1: None,
            actors: actors.iter().map(|s| s.to_string()).collect(),
            killed,
        }
    }

    #[test]
    fn series_are_zero_filled_per_calendar_month() {
        let records = vec![
            rec("2020-01-05", "AF", &["ISKP"], 3),
            rec("2020-01-20", "AF", &["ISKP", "Unknown"], 30),
            rec("2020-04-01", "PK", &["TTP", "ISKP"], 0),
        ];
        let (start, end) = month_range(&records).unwrap();
        assert_eq!(
            (start.to_string(), end.to_string()),
            ("2020-01".into(), "2020-04".into())
        );
        let overall = build_series(&records, SeriesKind::Overall, start, end);
        assert_eq!(overall[0].counts, vec![2, 0, 0, 1]);
        assert_eq!(overall[0].fatalities, vec![33, 0, 0, 0]);
        assert_eq!(overall[0].severity[0][SEVERITY_CAP], 1);
        let actors = build_series(&records, SeriesKind::Actor, start, end);
        let keys: Vec<&str> = actors.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(keys, vec!["ISKP", "TTP"]);
        assert_eq!(actors[0].counts, vec![2, 0, 0, 1]);
        let countries = build_series(&records, SeriesKind::Country, start, end);
        assert_eq!(countries[1].key, "PK");
        assert_eq!(countries[1].counts, vec![0, 0, 0, 1]);
    }

    #[test]
    fn months_parse_print_and_subtract() {
        let m: Month = "2009-12".parse().unwrap();
        assert_eq!(m.plus(1).to_string(), "2010-01");
        assert_eq!(m.plus(1).since(m), 1);
        assert_eq!(m.month_index(), 11);
        assert!("2009-13".parse::<Month>().is_err());
        assert!("soon".parse::<Month>().is_err());
    }
}

//! Incident-level gold in CSV (RAND, GTD, ACLED): loading, field-accuracy scoring and the
//! JSON Lines prediction writer.
//!
//! One CSV row is one incident with a text (RAND `Description`, GTD `summary`, ACLED
//! `notes`) and coded columns, any of which may be missing. A system's first attack-like
//! predicted incident for the text ([`primary_incident`]) is compared with the row, field by
//! field, over the rows where the gold field is present and meaningful (blank, `N/A`,
//! negative codes and `Unknown` are skipped). Normalisation per field:
//! - **country**: both sides mapped to ISO alpha-2 codes ([`crate::country_codes`]); a former
//!   state accepts each successor; gold names missing from the table are not scored;
//! - **admin1**, **city**: correct when the names are the same after folding diacritics,
//!   case and punctuation, dropping apostrophes ("Ma'rib" = "Marib"), a leading Arabic
//!   article ("Ar-Raqqah" = "Raqqah") and generic words (province, governorate, muhafazat,
//!   region, district, ... / city, town, village, district), or when the gazetteer knows
//!   both names as names of one place in the gold country ("Khamis Mushayt" is an alternate
//!   name of "Khamis Mushait"): the same place spelt another way;
//! - **perpetrator**: both sides are read through forewarn's actor dictionary, since gold
//!   sets write names in their own style ("al-Fatah", "Basque Fatherland and Freedom (ETA)")
//!   and RAND cuts them at 50 characters ("Popular Front for the Liberation of Palestine
//!   (PFL"). The gold name resolves to dictionary actors by the first of these forms that
//!   the dictionary knows: the whole name, the name without its bracketed parts, a bracketed
//!   part (`... (FARC)`), and for a name of 48 characters or more (possibly cut) any actor
//!   with a name that begins with it. A prediction is correct if one of its actors (from its
//!   canonical names and mentions) is the gold actor or a component of it (the dictionary's
//!   `parent` chain: El Poder Cubano counts for "Anti-Castro Cubans", the FPL for the FMLN;
//!   an umbrella does not count for its component). Failing that, names are compared as
//!   strings after the same folding (dropping `the`): the gold name, without its bracketed
//!   part, or a bracketed part. Generic descriptions ("gunmen", "terrorists") are not named
//!   perpetrators and are left out of the prediction. `Unknown`, `Other`, `Unidentified ...`
//!   gold is not scored. The texts reach the system undated, so the dictionary's dated
//!   readings (`read_as`) take their recent meaning: "the IRA" of a RAND description is the
//!   Provisional IRA, as RAND codes it for incidents after the 1969 split;
//! - **killed**, **injured**: exact match; a system that gives no count is read as 0 (how the
//!   gold codes "none reported"); the share within ±10% is reported as a secondary number;
//! - **claimed** (GTD): no prediction is read as "not claimed";
//! - **attack type**, **target type**, **weapon**: gold mapped to forewarn's vocabulary
//!   ([`crate::gtd_attack_type`], [`crate::gtd_target_type`], [`crate::gtd_weapon_type`],
//!   [`crate::rand_weapon_type`]); target and weapon are correct if the gold type is among
//!   the predicted types;
//! - **date**: scored only on rows whose text states a date ([`crate::text_has_explicit_date`]),
//!   since no reference date is given to the system; correct if the predicted interval lies
//!   within the gold one (the gold's precision: a day needs that day, a month any day of it).
//!
//! Precision is correct / rows with a prediction for the field, recall (= accuracy) is
//! correct / rows with gold.

use crate::country::country_codes;
use crate::error::{EvalError, read_text, write_bytes};
use crate::metrics::{
    ErrorCount, ErrorTally, FieldScore, PRF_HEADER, Prf, prf_row, render_errors, table,
};
use crate::predict::{PredictedIncident, Predictor};
use crate::text::{normalise_name, text_has_explicit_date};
use crate::vocab::{gtd_attack_type, gtd_target_type, gtd_weapon_type, rand_weapon_type};
use forewarn_gazetteer::Gazetteer;
use forewarn_lexicon::Lexicon;
use forewarn_model::FuzzyDate;
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;

/// Which gold set a CSV file follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum IncidentFormat {
    /// RAND Database of Worldwide Terrorism Incidents.
    Rand,
    /// Global Terrorism Database rows.
    Gtd,
    /// ACLED rows.
    Acled,
}

impl std::str::FromStr for IncidentFormat {
    type Err = EvalError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "rand" => Ok(IncidentFormat::Rand),
            "gtd" => Ok(IncidentFormat::Gtd),
            "acled" => Ok(IncidentFormat::Acled),
            _ => Err(EvalError::input(
                s,
                "unknown incident format; expected rand, gtd or acled",
            )),
        }
    }
}

/// One gold incident (a CSV row). Absent or unusable cells are `None`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct GoldIncident {
    /// Row id (the file's id column, else `row-N`).
    pub id: String,
    /// 1-based line of the row in its file.
    pub line: usize,
    /// The report text.
    pub text: String,
    /// Date at the row's precision.
    pub date: Option<FuzzyDate>,
    /// Country name as coded.
    pub country: Option<String>,
    /// First-level division as coded.
    pub admin1: Option<String>,
    /// City as coded.
    pub city: Option<String>,
    /// Perpetrator as coded.
    pub perpetrator: Option<String>,
    /// Responsibility claimed.
    pub claimed: Option<bool>,
    /// Killed.
    pub killed: Option<u32>,
    /// Injured.
    pub injured: Option<u32>,
    /// Attack type as coded.
    pub attack_type: Option<String>,
    /// Target type as coded.
    pub target_type: Option<String>,
    /// Weapon type as coded.
    pub weapon: Option<String>,
}

/// A loaded incident file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IncidentSet {
    /// Input name (path).
    pub name: String,
    /// Its format.
    pub format: IncidentFormat,
    /// The rows kept.
    pub rows: Vec<GoldIncident>,
    /// Rows skipped (other source in a mixed GTD/ACLED file, or no text).
    pub skipped: usize,
    /// The delimiter found.
    pub delimiter: char,
}

/// Reads an incident CSV, keeping the first `limit` rows of the format.
pub fn load_incidents(
    path: &Path,
    format: IncidentFormat,
    limit: Option<usize>,
) -> Result<IncidentSet, EvalError> {
    parse_incidents(
        &path.display().to_string(),
        &read_text(path)?,
        format,
        limit,
    )
}

/// Values that mean "no value" in these files.
fn clean(s: &str) -> Option<String> {
    let t = s.trim();
    let missing = t.is_empty()
        || matches!(
            t.to_ascii_lowercase().as_str(),
            "n/a" | "na" | "null" | "none" | "." | "-"
        )
        || t.parse::<f64>().is_ok_and(|x| x < 0.0);
    (!missing).then(|| t.to_string())
}

fn count(s: Option<&str>) -> Option<u32> {
    let x: f64 = clean(s?)?.parse().ok()?;
    (x.is_finite() && x >= 0.0 && x < u32::MAX as f64).then(|| x.round() as u32)
}

/// Parses CSV text; `name` is used in messages. The delimiter is given by a `sep=X` first
/// line or sniffed from the header (`;`, `,` or tab). Columns are found by header name,
/// case-insensitively; rows with too few or too many cells are read as far as they go.
pub fn parse_incidents(
    name: &str,
    text: &str,
    format: IncidentFormat,
    limit: Option<usize>,
) -> Result<IncidentSet, EvalError> {
    parse_rows(name, text, format, limit, true)
}

/// Reads an incident CSV for counting rather than scoring: like [`load_incidents`], but a
/// row without a text is kept (with an empty text) and a file without a text column is
/// read. Used by forecasts and backtests, which need dates, places, perpetrators and
/// fatalities only.
pub fn load_incident_rows(path: &Path, format: IncidentFormat) -> Result<IncidentSet, EvalError> {
    parse_incident_rows(&path.display().to_string(), &read_text(path)?, format)
}

/// [`load_incident_rows`] on text; `name` is used in messages.
pub fn parse_incident_rows(
    name: &str,
    text: &str,
    format: IncidentFormat,
) -> Result<IncidentSet, EvalError> {
    parse_rows(name, text, format, None, false)
}

fn parse_rows(
    name: &str,
    text: &str,
    format: IncidentFormat,
    limit: Option<usize>,
    require_text: bool,
) -> Result<IncidentSet, EvalError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (delimiter, body, line_offset) = match text.lines().next() {
        Some(first) if first.trim().to_ascii_lowercase().starts_with("sep=") => {
            let d = first.trim()[4..].chars().next().unwrap_or(',');
            let rest = text.split_once('\n').map_or("", |x| x.1);
            (d, rest, 1)
        }
        Some(first) => (sniff(first), text, 0),
        None => return Err(EvalError::input(name, "empty file")),
    };
    if !delimiter.is_ascii() {
        return Err(EvalError::input(
            name,
            format!("unusable delimiter {delimiter:?}"),
        ));
    }
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter as u8)
        .flexible(true)
        .has_headers(true)
        .from_reader(body.as_bytes());
    let headers: Vec<String> = rdr
        .headers()
        .map_err(|e| EvalError::line(name, 1 + line_offset, format!("bad header: {e}")))?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let col = |names: &[&str]| {
        names
            .iter()
            .find_map(|n| headers.iter().position(|h| h == n))
    };
    let c = Columns {
        id: col(&["id", "eventid", "event_id_cnty", "event_id"]),
        text: col(match format {
            IncidentFormat::Rand => &["description", "summary", "notes", "text"],
            _ => &["summary", "notes", "description", "text"],
        }),
        date: col(&["date", "event_date"]),
        year: col(&["iyear", "year"]),
        month: col(&["imonth", "month"]),
        day: col(&["iday", "day"]),
        country: col(&["country_txt", "country"]),
        admin1: col(&["provstate", "admin1"]),
        city: match format {
            IncidentFormat::Acled => col(&["city", "location"]),
            _ => col(&["city"]),
        },
        perpetrator: col(&["perpetrator", "gname", "actor1"]),
        claimed: col(&["claimed"]),
        killed: col(&["fatalities", "nkill"]),
        injured: col(&["injuries", "nwound"]),
        attack: col(&["attacktype1_txt"]),
        target: col(&["targtype1_txt"]),
        weapon: col(&["weapon", "weaptype1_txt"]),
        source: col(&["adatforras"]),
    };
    if c.text.is_none() && require_text {
        return Err(EvalError::input(
            name,
            "no text column (expected Description, summary or notes)",
        ));
    }
    let mut rows = Vec::new();
    let mut skipped = 0;
    for (i, rec) in rdr.records().enumerate() {
        if limit.is_some_and(|n| rows.len() >= n) {
            break;
        }
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(i + 2, |p| p.line() as usize);
            EvalError::line(name, line + line_offset, format!("unreadable CSV row: {e}"))
        })?;
        let line = rec.position().map_or(i + 2, |p| p.line() as usize) + line_offset;
        let get = |k: Option<usize>| k.and_then(|k| rec.get(k)).and_then(clean);
        if let Some(src) = get(c.source) {
            let wanted = match format {
                IncidentFormat::Gtd => "gtd",
                IncidentFormat::Acled => "acled",
                IncidentFormat::Rand => "rand",
            };
            if !src.eq_ignore_ascii_case(wanted) {
                skipped += 1;
                continue;
            }
        }
        let text = match get(c.text) {
            Some(text) => text,
            None if !require_text => String::new(),
            None => {
                skipped += 1;
                continue;
            }
        };
        let country = get(c.country).filter(|v| !v.bytes().all(|b| b.is_ascii_digit()));
        rows.push(GoldIncident {
            id: get(c.id).unwrap_or_else(|| format!("row-{line}")),
            line,
            text,
            date: row_date(&get(c.date), &get(c.year), &get(c.month), &get(c.day)),
            country,
            admin1: get(c.admin1),
            city: get(c.city),
            perpetrator: get(c.perpetrator),
            claimed: match get(c.claimed).as_deref() {
                Some("1") | Some("1.0") => Some(true),
                Some("0") | Some("0.0") => Some(false),
                _ => None,
            },
            killed: count(get(c.killed).as_deref()),
            injured: count(get(c.injured).as_deref()),
            attack_type: get(c.attack),
            target_type: get(c.target),
            weapon: get(c.weapon),
        });
    }
    Ok(IncidentSet {
        name: name.to_string(),
        format,
        rows,
        skipped,
        delimiter,
    })
}

struct Columns {
    id: Option<usize>,
    text: Option<usize>,
    date: Option<usize>,
    year: Option<usize>,
    month: Option<usize>,
    day: Option<usize>,
    country: Option<usize>,
    admin1: Option<usize>,
    city: Option<usize>,
    perpetrator: Option<usize>,
    claimed: Option<usize>,
    killed: Option<usize>,
    injured: Option<usize>,
    attack: Option<usize>,
    target: Option<usize>,
    weapon: Option<usize>,
    source: Option<usize>,
}

/// The delimiter occurring most often outside quotes in the header line.
fn sniff(header: &str) -> char {
    let mut counts = [(';', 0usize), (',', 0), ('\t', 0)];
    let mut quoted = false;
    for ch in header.chars() {
        if ch == '"' {
            quoted = !quoted;
        } else if !quoted {
            for (d, n) in counts.iter_mut() {
                if *d == ch {
                    *n += 1;
                }
            }
        }
    }
    counts
        .iter()
        .max_by_key(|(d, n)| (*n, *d == ','))
        .map_or(',', |(d, _)| *d)
}

/// A date from an ISO (or `1 September 2024`) date cell, else from year/month/day cells
/// where 0 means unknown (GTD's convention).
fn row_date(
    date: &Option<String>,
    year: &Option<String>,
    month: &Option<String>,
    day: &Option<String>,
) -> Option<FuzzyDate> {
    if let Some(d) = date {
        if let Ok(f) = d.parse::<FuzzyDate>() {
            return Some(f);
        }
        if let Some(f) = day_month_year(d) {
            return Some(f);
        }
    }
    let num = |s: &Option<String>| -> Option<i64> {
        s.as_deref()
            .and_then(|x| x.parse::<f64>().ok())
            .filter(|x| x.is_finite())
            .map(|x| x as i64)
    };
    let y = i16::try_from(num(year)?).ok()?;
    let m = num(month).unwrap_or(0);
    let d = num(day).unwrap_or(0);
    if !(1..=12).contains(&m) {
        return FuzzyDate::year(y);
    }
    if d < 1 {
        return FuzzyDate::month(y, m as i8);
    }
    jiff::civil::Date::new(y, m as i8, i8::try_from(d).ok()?)
        .ok()
        .map(FuzzyDate::day)
}

/// `1 September 2024`, `01-Sep-2024`.
fn day_month_year(s: &str) -> Option<FuzzyDate> {
    let toks: Vec<&str> = s.split([' ', '-', '/']).filter(|t| !t.is_empty()).collect();
    let [d, m, y] = toks.as_slice() else {
        return None;
    };
    let month = crate::muc::raw::month_number(m)?;
    let date = jiff::civil::Date::new(y.parse().ok()?, month, d.parse().ok()?).ok()?;
    Some(FuzzyDate::day(date))
}

/// Predicted incidents per text id, in input order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IncidentPredictions {
    /// `(id, incidents)` pairs.
    pub items: Vec<(String, Vec<PredictedIncident>)>,
}

/// Runs a predictor over every row's text (no reference date, so that the gold date does
/// not leak into the prediction).
pub fn predict_incidents(set: &IncidentSet, predictor: &dyn Predictor) -> IncidentPredictions {
    IncidentPredictions {
        items: set
            .rows
            .iter()
            .map(|r| (r.id.clone(), predictor.incidents(&r.text, None)))
            .collect(),
    }
}

/// The incident compared with a one-incident gold row: the first attack (or kind-less)
/// incident, else the first incident.
pub fn primary_incident(incidents: &[PredictedIncident]) -> Option<&PredictedIncident> {
    incidents
        .iter()
        .find(|p| matches!(p.kind.as_deref(), None | Some("attack")))
        .or_else(|| incidents.first())
}

#[derive(Serialize)]
struct PredictionLine<'a> {
    id: &'a str,
    incidents: usize,
    kind: Option<&'a str>,
    attack_type: Option<&'a str>,
    date: Option<String>,
    country: Option<&'a str>,
    admin1: Option<&'a str>,
    city: Option<&'a str>,
    perpetrators: &'a [String],
    perpetrator_mentions: &'a [String],
    claimed: Option<bool>,
    killed: Option<u32>,
    injured: Option<u32>,
    target_types: &'a [String],
    weapon_types: &'a [String],
}

/// Writes one JSON line per input row: `{"id": ..., "incidents": N, <the primary incident's
/// fields>}` with the date written `YYYY[-MM[-DD]]` (or `START/END` for a range).
pub fn write_incident_predictions(
    path: &Path,
    preds: &IncidentPredictions,
) -> Result<(), EvalError> {
    let mut out = Vec::new();
    let empty = PredictedIncident::default();
    for (id, incs) in &preds.items {
        let p = primary_incident(incs).unwrap_or(&empty);
        let line = PredictionLine {
            id,
            incidents: incs.len(),
            kind: p.kind.as_deref(),
            attack_type: p.attack_type.as_deref(),
            date: p.date.map(|d| d.to_string()),
            country: p.country.as_deref(),
            admin1: p.admin1.as_deref(),
            city: p.city.as_deref(),
            perpetrators: &p.perpetrators,
            perpetrator_mentions: &p.perpetrator_mentions,
            claimed: p.claimed,
            killed: p.killed,
            injured: p.injured,
            target_types: &p.target_types,
            weapon_types: &p.weapon_types,
        };
        serde_json::to_writer(&mut out, &line)
            .map_err(|e| EvalError::input(&path.display().to_string(), e.to_string()))?;
        out.push(b'\n');
    }
    write_bytes(path, &out)
}

/// The scored fields, in report order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IncidentField {
    /// Country.
    Country,
    /// First-level division.
    Admin1,
    /// City.
    City,
    /// Perpetrator.
    Perpetrator,
    /// Claimed.
    Claimed,
    /// Killed.
    Killed,
    /// Injured.
    Injured,
    /// Attack type.
    AttackType,
    /// Target type.
    TargetType,
    /// Weapon.
    Weapon,
    /// Date.
    Date,
}

impl IncidentField {
    /// Every field, in report order.
    pub const ALL: [IncidentField; 11] = [
        IncidentField::Country,
        IncidentField::Admin1,
        IncidentField::City,
        IncidentField::Perpetrator,
        IncidentField::Claimed,
        IncidentField::Killed,
        IncidentField::Injured,
        IncidentField::AttackType,
        IncidentField::TargetType,
        IncidentField::Weapon,
        IncidentField::Date,
    ];

    /// Its snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            IncidentField::Country => "country",
            IncidentField::Admin1 => "admin1",
            IncidentField::City => "city",
            IncidentField::Perpetrator => "perpetrator",
            IncidentField::Claimed => "claimed",
            IncidentField::Killed => "killed",
            IncidentField::Injured => "injured",
            IncidentField::AttackType => "attack_type",
            IncidentField::TargetType => "target_type",
            IncidentField::Weapon => "weapon",
            IncidentField::Date => "date",
        }
    }
}

/// How many scored counts fell within ±10% of the gold.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct WithinTolerance {
    /// Rows scored.
    pub rows: u64,
    /// Rows within ±10%.
    pub within: u64,
    /// `within / rows`.
    pub share: f64,
}

/// Field scores over an incident file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IncidentReport {
    /// Input name.
    pub name: String,
    /// Its format.
    pub format: IncidentFormat,
    /// Rows scored.
    pub rows: usize,
    /// Rows for which the system predicted at least one incident.
    pub rows_with_incident: usize,
    /// Per field with gold in the file (fields absent from the file are left out).
    pub fields: Vec<FieldScore>,
    /// Micro average over the fields.
    pub micro: Prf,
    /// Killed within ±10%.
    pub killed_within_10pct: WithinTolerance,
    /// Injured within ±10%.
    pub injured_within_10pct: WithinTolerance,
    /// Gold country names the table cannot map (not scored).
    pub unmapped_gold_countries: Vec<String>,
    /// Commonest error kinds.
    pub top_errors: Vec<ErrorCount>,
    /// Every row a field was wrong or missing on, for `--show-errors` (not in the JSON).
    #[serde(skip)]
    pub mistakes: Vec<Mistake>,
}

/// One row a field was wrong or missing on.
#[derive(Debug, Clone, PartialEq)]
pub struct Mistake {
    /// The row's id.
    pub id: String,
    /// The field.
    pub field: IncidentField,
    /// The gold value as the file codes it.
    pub gold: String,
    /// What forewarn predicted (`none` for nothing).
    pub predicted: String,
    /// The start of the row's text.
    pub text: String,
}

/// The gold and predicted values of `field`, shown for a person.
fn shown(field: IncidentField, row: &GoldIncident, p: &PredictedIncident) -> (String, String) {
    use IncidentField as F;
    fn opt<T: std::fmt::Display>(v: &Option<T>) -> String {
        v.as_ref().map_or_else(|| "none".to_string(), T::to_string)
    }
    fn list(v: &[String]) -> String {
        if v.is_empty() {
            "none".into()
        } else {
            v.join(" + ")
        }
    }
    match field {
        F::Country => (opt(&row.country), opt(&p.country)),
        F::Admin1 => (opt(&row.admin1), opt(&p.admin1)),
        F::City => (opt(&row.city), opt(&p.city)),
        F::Perpetrator => (opt(&row.perpetrator), list(&p.perpetrators)),
        F::Claimed => (opt(&row.claimed), opt(&p.claimed)),
        F::Killed => (opt(&row.killed), opt(&p.killed)),
        F::Injured => (opt(&row.injured), opt(&p.injured)),
        F::AttackType => (opt(&row.attack_type), opt(&p.attack_type)),
        F::TargetType => (opt(&row.target_type), list(&p.target_types)),
        F::Weapon => (opt(&row.weapon), list(&p.weapon_types)),
        F::Date => (opt(&row.date), opt(&p.date)),
    }
}

enum Outcome {
    NotScored,
    Missing,
    Correct,
    Wrong(String),
}

const ADMIN_WORDS: &[&str] = &[
    "the",
    "province",
    "governorate",
    "state",
    "region",
    "department",
    "district",
    "division",
    "oblast",
    "prefecture",
    "county",
    "municipality",
    "territory",
];
const CITY_WORDS: &[&str] = &["the", "city", "town", "village", "district"];

/// Arabic words for a province that transliterated names keep ("Muhafazat Hadramawt").
const ARABIC_ADMIN_WORDS: &[&str] = &["muhafazat", "mintaqat", "wilayat"];

/// The Arabic article as transliterations write it before a name ("Al Hudaydah").
const ARABIC_ARTICLES: &[&str] = &[
    "al", "el", "ar", "as", "ash", "ad", "adh", "an", "at", "az", "ath",
];

/// A place name folded for comparison (see the module notes).
fn place_key(name: &str, drop: &[&str]) -> String {
    let joined: String = name
        .chars()
        .filter(|c| !matches!(c, '\'' | '’' | '‘' | '`' | 'ʿ' | 'ʾ' | 'ʼ'))
        .collect();
    let n = normalise_name(&joined, drop);
    let mut words: Vec<&str> = n
        .split(' ')
        .filter(|w| !ARABIC_ADMIN_WORDS.contains(w))
        .collect();
    if words.len() > 1 && ARABIC_ARTICLES.contains(&words[0]) {
        words.remove(0);
    }
    words.join(" ")
}

/// Whether the gazetteer knows `gold` and `predicted` as names of one place in the gold
/// country.
fn same_gazetteer_place(gold: &str, predicted: &str, country: Option<&str>) -> bool {
    let gazetteer = Gazetteer::global();
    let country = country.and_then(|c| country_codes(c).first().copied());
    let gold_ids: Vec<u32> = gazetteer
        .lookup(gold, country)
        .iter()
        .map(|e| e.id)
        .collect();
    !gold_ids.is_empty()
        && gazetteer
            .lookup(predicted, country)
            .iter()
            .any(|e| gold_ids.contains(&e.id))
}

/// The forms a gold perpetrator name is read by, most specific first: the whole name, the
/// name without its bracketed parts, then each closed bracketed part ("Ejercito
/// Revolucionario del Pueblo (ERP) (Argentina)" gives "ERP" and "Argentina"), as written.
fn perpetrator_raw_forms(gold: &str) -> Vec<String> {
    let mut forms = vec![gold.trim().to_string()];
    if let Some(i) = gold.find('(') {
        forms.push(gold[..i].trim().to_string());
        let mut rest = &gold[i..];
        while let Some(open) = rest.find('(') {
            let Some(close) = rest[open..].find(')') else {
                break;
            };
            forms.push(rest[open + 1..open + close].trim().to_string());
            rest = &rest[open + close + 1..];
        }
    }
    forms.retain(|f| !f.is_empty());
    forms
}

/// The forms a gold perpetrator name may be matched by as a string.
fn perpetrator_forms(gold: &str) -> Vec<String> {
    let mut forms: Vec<String> = perpetrator_raw_forms(gold)
        .iter()
        .map(|f| normalise_name(f, &["the"]))
        .collect();
    forms.retain(|f| !f.is_empty());
    forms
}

/// Gold names this long may have been cut by the file's 50-character limit (less any
/// spaces trimmed off the ends).
const CUT_NAME_CHARS: usize = 48;

/// Every dictionary name, normalised as the scorer normalises, with its actor's id: the
/// table a cut gold name is looked up in as a prefix.
fn dictionary_names() -> &'static [(String, String)] {
    static NAMES: std::sync::OnceLock<Vec<(String, String)>> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| {
        Lexicon::global()
            .actors()
            .iter()
            .flat_map(|a| {
                a.names()
                    .map(|(n, _)| (normalise_name(n, &["the"]), a.id.clone()))
                    .collect::<Vec<_>>()
            })
            .filter(|(n, _)| !n.is_empty())
            .collect()
    })
}

/// The dictionary actors a gold perpetrator name designates (see the module notes); empty
/// when the dictionary does not know it.
fn gold_actor_ids(gold: &str) -> Vec<String> {
    let lexicon = Lexicon::global();
    for form in perpetrator_raw_forms(gold) {
        let ids: Vec<String> = lexicon.lookup(&form).iter().map(|a| a.id.clone()).collect();
        if !ids.is_empty() {
            return ids;
        }
    }
    if gold.trim().chars().count() >= CUT_NAME_CHARS {
        let cut = normalise_name(gold, &["the"]);
        let mut ids: Vec<String> = dictionary_names()
            .iter()
            .filter(|(n, _)| n.starts_with(&cut))
            .map(|(_, id)| id.clone())
            .collect();
        ids.dedup();
        return ids;
    }
    Vec::new()
}

/// The dictionary actors a predicted name designates, each with the actors it is part of.
fn predicted_actor_ids(name: &str) -> Vec<String> {
    let lexicon = Lexicon::global();
    let mut ids = Vec::new();
    for a in lexicon.lookup(name) {
        ids.push(a.id.clone());
        ids.extend(lexicon.ancestors(&a.id).iter().map(|p| p.id.clone()));
    }
    ids
}

/// Whether a predicted perpetrator is only a generic description ("gunmen", "the
/// militants"), not a named actor.
fn generic_perpetrator(name: &str) -> bool {
    let lexicon = Lexicon::global();
    let bare = name.trim();
    let bare = bare
        .strip_prefix("the ")
        .or_else(|| bare.strip_prefix("The "))
        .unwrap_or(bare);
    lexicon.lookup(bare).is_empty() && lexicon.generic_class(bare).is_some()
}

fn perpetrator_meaningful(gold: &str) -> bool {
    let n = normalise_name(gold, &["the"]);
    !(n.is_empty()
        || n == "unknown"
        || n == "other"
        || n.starts_with("unidentified")
        || n.starts_with("unknown "))
}

/// Scores predictions against an incident set (see the module notes for each field).
pub fn score_incidents(set: &IncidentSet, preds: &IncidentPredictions) -> IncidentReport {
    let by_id: HashMap<&str, &Vec<PredictedIncident>> =
        preds.items.iter().map(|(i, v)| (i.as_str(), v)).collect();
    let mut tallies: HashMap<IncidentField, Prf> = HashMap::new();
    let mut present: HashMap<IncidentField, bool> = HashMap::new();
    let mut errors = ErrorTally::default();
    let mut unmapped: Vec<String> = Vec::new();
    let mut tol = [WithinTolerance::default(); 2];
    let mut with_incident = 0;
    let mut mistakes = Vec::new();
    let empty = PredictedIncident::default();
    for row in &set.rows {
        let incs = by_id.get(row.id.as_str()).map_or(&[][..], |v| v.as_slice());
        if !incs.is_empty() {
            with_incident += 1;
        }
        let p = primary_incident(incs).unwrap_or(&empty);
        for field in IncidentField::ALL {
            let outcome = judge(field, row, p, set.format, &mut unmapped, &mut tol);
            if matches!(outcome, Outcome::Missing | Outcome::Wrong(_)) {
                let (gold, predicted) = shown(field, row, p);
                mistakes.push(Mistake {
                    id: row.id.clone(),
                    field,
                    gold,
                    predicted,
                    text: row.text.chars().take(200).collect(),
                });
            }
            let t = tallies.entry(field).or_default();
            let name = field.as_str();
            match outcome {
                Outcome::NotScored => continue,
                Outcome::Missing => {
                    *t = t.add(&Prf::from_counts(0.0, 0, 1));
                    errors.add(format!("{name}: predicted none"));
                }
                Outcome::Correct => *t = t.add(&Prf::from_counts(1.0, 1, 1)),
                Outcome::Wrong(why) => {
                    *t = t.add(&Prf::from_counts(0.0, 1, 1));
                    errors.add(format!("{name}: {why}"));
                }
            }
            present.insert(field, true);
        }
    }
    unmapped.sort();
    unmapped.dedup();
    let fields: Vec<FieldScore> = IncidentField::ALL
        .iter()
        .filter(|f| present.contains_key(f))
        .map(|f| FieldScore {
            field: f.as_str().to_string(),
            score: tallies.get(f).copied().unwrap_or_default(),
        })
        .collect();
    let micro = fields.iter().fold(Prf::default(), |a, f| a.add(&f.score));
    for t in tol.iter_mut() {
        t.share = if t.rows == 0 {
            0.0
        } else {
            t.within as f64 / t.rows as f64
        };
    }
    IncidentReport {
        name: set.name.clone(),
        format: set.format,
        rows: set.rows.len(),
        rows_with_incident: with_incident,
        fields,
        micro,
        killed_within_10pct: tol[0],
        injured_within_10pct: tol[1],
        unmapped_gold_countries: unmapped,
        top_errors: errors.top(10),
        mistakes,
    }
}

fn judge(
    field: IncidentField,
    row: &GoldIncident,
    p: &PredictedIncident,
    format: IncidentFormat,
    unmapped: &mut Vec<String>,
    tol: &mut [WithinTolerance; 2],
) -> Outcome {
    use IncidentField as F;
    let place_match = |gold: &Option<String>,
                       pred: &Option<String>,
                       country: Option<&str>,
                       drop: &[&str]|
     -> Outcome {
        let Some(g) = gold.as_deref() else {
            return Outcome::NotScored;
        };
        let key = place_key(g, drop);
        if key.is_empty() || key == "unknown" {
            return Outcome::NotScored;
        }
        match pred.as_deref() {
            None => Outcome::Missing,
            Some(x) if place_key(x, drop) == key || same_gazetteer_place(g, x, country) => {
                Outcome::Correct
            }
            Some(_) => Outcome::Wrong("wrong".into()),
        }
    };
    let in_list = |gold: Option<&'static str>, pred: &[String]| -> Outcome {
        let Some(g) = gold else {
            return Outcome::NotScored;
        };
        if pred.is_empty() {
            Outcome::Missing
        } else if pred.iter().any(|x| x.eq_ignore_ascii_case(g)) {
            Outcome::Correct
        } else {
            Outcome::Wrong(format!("predicted {}, gold {g}", pred.join("+")))
        }
    };
    match field {
        F::Country => {
            let Some(g) = row.country.as_deref() else {
                return Outcome::NotScored;
            };
            let gold = country_codes(g);
            if gold.is_empty() {
                if !g.eq_ignore_ascii_case("unknown") {
                    unmapped.push(g.to_string());
                }
                return Outcome::NotScored;
            }
            match p.country.as_deref() {
                None => Outcome::Missing,
                Some(c) => {
                    let pc = country_codes(c);
                    if pc.iter().any(|x| gold.contains(x)) {
                        Outcome::Correct
                    } else {
                        let shown = pc.first().copied().unwrap_or(c);
                        Outcome::Wrong(format!("predicted {shown}, gold {}", gold.join("|")))
                    }
                }
            }
        }
        F::Admin1 => place_match(&row.admin1, &p.admin1, row.country.as_deref(), ADMIN_WORDS),
        F::City => place_match(&row.city, &p.city, row.country.as_deref(), CITY_WORDS),
        F::Perpetrator => {
            let Some(g) = row
                .perpetrator
                .as_deref()
                .filter(|g| perpetrator_meaningful(g))
            else {
                return Outcome::NotScored;
            };
            let forms = perpetrator_forms(g);
            let preds: Vec<&String> = p
                .perpetrators
                .iter()
                .chain(&p.perpetrator_mentions)
                .filter(|x| !generic_perpetrator(x))
                .collect();
            if preds.is_empty() {
                return Outcome::Missing;
            }
            let gold_ids = gold_actor_ids(g);
            let same_actor = !gold_ids.is_empty()
                && preds.iter().any(|x| {
                    predicted_actor_ids(x)
                        .iter()
                        .any(|id| gold_ids.contains(id))
                });
            if same_actor
                || preds
                    .iter()
                    .any(|x| forms.contains(&normalise_name(x, &["the"])))
            {
                Outcome::Correct
            } else {
                let shown = preds.first();
                Outcome::Wrong(format!(
                    "predicted {}, gold {g}",
                    shown.map_or("", |s| s.as_str())
                ))
            }
        }
        F::Claimed => match row.claimed {
            None => Outcome::NotScored,
            Some(g) if p.claimed.unwrap_or(false) == g => Outcome::Correct,
            Some(g) => Outcome::Wrong(format!("predicted {}, gold {g}", !g)),
        },
        F::Killed | F::Injured => {
            let (gold, pred, k) = if field == F::Killed {
                (row.killed, p.killed, 0)
            } else {
                (row.injured, p.injured, 1)
            };
            let Some(g) = gold else {
                return Outcome::NotScored;
            };
            let x = pred.unwrap_or(0);
            let close = (x as f64 - g as f64).abs() <= 0.1 * g as f64;
            tol[k].rows += 1;
            tol[k].within += close as u64;
            if x == g {
                Outcome::Correct
            } else if pred.is_none() {
                Outcome::Wrong("predicted none, gold > 0".into())
            } else if close {
                Outcome::Wrong("off by at most 10%".into())
            } else {
                Outcome::Wrong("off by more than 10%".into())
            }
        }
        F::AttackType => {
            let Some(g) = row.attack_type.as_deref().and_then(gtd_attack_type) else {
                return Outcome::NotScored;
            };
            match p.attack_type.as_deref() {
                None => Outcome::Missing,
                Some(x) if x.eq_ignore_ascii_case(g) => Outcome::Correct,
                Some(x) => Outcome::Wrong(format!("predicted {x}, gold {g}")),
            }
        }
        F::TargetType => in_list(
            row.target_type.as_deref().and_then(gtd_target_type),
            &p.target_types,
        ),
        F::Weapon => {
            let map = if format == IncidentFormat::Rand {
                rand_weapon_type
            } else {
                gtd_weapon_type
            };
            in_list(row.weapon.as_deref().and_then(map), &p.weapon_types)
        }
        F::Date => {
            let Some(g) = row.date else {
                return Outcome::NotScored;
            };
            if !text_has_explicit_date(&row.text) {
                return Outcome::NotScored;
            }
            match p.date {
                None => Outcome::Missing,
                Some(d) if d.within(&g) => Outcome::Correct,
                Some(d) if g.within(&d) => Outcome::Wrong("less precise than the gold".into()),
                Some(_) => Outcome::Wrong("wrong date".into()),
            }
        }
    }
}

impl IncidentReport {
    /// A table for the terminal: per-field and micro P/R/F1 (percent), the ±10% shares and
    /// the commonest errors.
    pub fn render_text(&self) -> String {
        let mut rows: Vec<Vec<String>> = self
            .fields
            .iter()
            .map(|f| prf_row(&f.field, &f.score))
            .collect();
        rows.push(prf_row("micro", &self.micro));
        let mut s = format!(
            "{} ({:?}): {} rows, {} with a predicted incident\n",
            self.name, self.format, self.rows, self.rows_with_incident
        );
        s.push_str(&table(&PRF_HEADER, &rows));
        for (label, t) in [
            ("killed", &self.killed_within_10pct),
            ("injured", &self.injured_within_10pct),
        ] {
            if t.rows > 0 {
                s.push_str(&format!(
                    "{label} within ±10%: {}/{} ({:.2}%)\n",
                    t.within,
                    t.rows,
                    100.0 * t.share
                ));
            }
        }
        if !self.unmapped_gold_countries.is_empty() {
            s.push_str(&format!(
                "gold countries not scored (not in the table): {}\n",
                self.unmapped_gold_countries.join(", ")
            ));
        }
        s.push_str(&render_errors(&self.top_errors));
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_for_counting_keep_rows_without_text() {
        let csv = "id,Date,Country,Perpetrator,Fatalities,Description\nr1,2001-02-03,Peru,Shining Path,4,\nr2,2001-03-01,Peru,Unknown,0,A bomb.\n";
        let scored = parse_incidents("t.csv", csv, IncidentFormat::Rand, None).unwrap();
        assert_eq!((scored.rows.len(), scored.skipped), (1, 1));
        let counted = parse_incident_rows("t.csv", csv, IncidentFormat::Rand).unwrap();
        assert_eq!(counted.rows.len(), 2);
        assert_eq!(counted.rows[0].killed, Some(4));
        let no_text = parse_incident_rows(
            "t.csv",
            "event_date,country,actor1,fatalities\n2020-01-02,Mali,JNIM,3\n",
            IncidentFormat::Acled,
        )
        .unwrap();
        assert_eq!(no_text.rows[0].perpetrator.as_deref(), Some("JNIM"));
    }

    #[test]
    fn sniffing_prefers_the_commonest_delimiter() {
        assert_eq!(sniff("a;b;c"), ';');
        assert_eq!(sniff("a,b,c"), ',');
        assert_eq!(sniff("a\tb\tc"), '\t');
        assert_eq!(sniff("\"x;y\",b,c"), ',');
    }

    #[test]
    fn gtd_zero_month_or_day_lowers_the_precision() {
        let s = |x: &str| Some(x.to_string());
        assert_eq!(
            row_date(&None, &s("2012"), &s("0"), &s("0"))
                .unwrap()
                .to_string(),
            "2012"
        );
        assert_eq!(
            row_date(&None, &s("2012"), &s("2"), &s("0"))
                .unwrap()
                .to_string(),
            "2012-02"
        );
        assert_eq!(
            row_date(&None, &s("2012"), &s("2"), &s("24"))
                .unwrap()
                .to_string(),
            "2012-02-24"
        );
        assert_eq!(
            row_date(&s("1 September 2024"), &None, &None, &None)
                .unwrap()
                .to_string(),
            "2024-09-01"
        );
        assert_eq!(
            row_date(&s("2024-09-01"), &None, &None, &None)
                .unwrap()
                .to_string(),
            "2024-09-01"
        );
    }

    #[test]
    fn gold_perpetrators_resolve_through_the_dictionary() {
        // A RAND-style name cut at 50 characters, and the same group as written elsewhere.
        let cut = gold_actor_ids("Popular Front for the Liberation of Palestine (PFL");
        let full = predicted_actor_ids("PFLP");
        assert!(!cut.is_empty() && full.iter().any(|id| cut.contains(id)));
        // Spanish gold name, English prediction.
        let fap = gold_actor_ids("Fuerzas Armadas Peronistas (FAP)");
        assert!(
            predicted_actor_ids("Peronist Armed Forces")
                .iter()
                .any(|id| fap.contains(id))
        );
        // A component counts for its umbrella, not the other way round.
        let fmln = gold_actor_ids("Farabundo Marti National Liberation Front (FMLN)");
        let fpl = gold_actor_ids("Popular Liberation Forces (FPL)");
        assert!(
            predicted_actor_ids("FPL")
                .iter()
                .any(|id| fmln.contains(id))
        );
        assert!(
            !predicted_actor_ids("FMLN")
                .iter()
                .any(|id| fpl.contains(id))
        );
        assert!(gold_actor_ids("Some Group Nobody Has Heard Of").is_empty());
    }

    #[test]
    fn place_names_fold_spelling_and_accept_gazetteer_alternates() {
        assert_eq!(
            place_key("Ma’rib", ADMIN_WORDS),
            place_key("Marib", ADMIN_WORDS)
        );
        assert_eq!(place_key("Ar-Raqqah", ADMIN_WORDS), "raqqah");
        assert_eq!(place_key("Muhafazat Hadramaout", ADMIN_WORDS), "hadramaout");
        assert_eq!(place_key("Zurmat district", CITY_WORDS), "zurmat");
        // "Al" alone is a name, not an article.
        assert_eq!(place_key("Al", CITY_WORDS), "al");
        // GeoNames lists "Lattakia" among the names of Latakia; Aleppo is another place.
        assert!(same_gazetteer_place("Lattakia", "Latakia", Some("Syria")));
        assert!(!same_gazetteer_place("Aleppo", "Latakia", Some("Syria")));
    }

    #[test]
    fn generic_descriptions_are_not_named_perpetrators() {
        assert!(generic_perpetrator("gunmen") && generic_perpetrator("the terrorists"));
        assert!(!generic_perpetrator("Hizballah"));
    }

    #[test]
    fn bracketed_parts_are_read_one_by_one() {
        assert_eq!(
            perpetrator_raw_forms("Ejercito Revolucionario del Pueblo (ERP) (Argentina)"),
            vec![
                "Ejercito Revolucionario del Pueblo (ERP) (Argentina)",
                "Ejercito Revolucionario del Pueblo",
                "ERP",
                "Argentina"
            ]
        );
    }

    #[test]
    fn perpetrator_forms_include_the_bracketed_alias() {
        let f = perpetrator_forms("Revolutionary Armed Forces of Colombia (FARC)");
        assert!(f.contains(&"farc".to_string()));
        assert!(f.contains(&"revolutionary armed forces of colombia".to_string()));
        assert!(!perpetrator_meaningful("Unknown") && !perpetrator_meaningful("Other"));
    }
}

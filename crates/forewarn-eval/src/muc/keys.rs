//! MUC-3/4 answer keys (templates with numbered slots) and scoring of incident type, date
//! and location against them.
//!
//! Key syntax handled: one template per incident, opened by slot `0.  MESSAGE: ID`; slot
//! values start after the label; a line that starts with spaces continues the previous slot
//! with another filler; `;` lines are comments; `/` separates alternatives, `-` is an empty
//! slot, `*` not applicable, `?` marks an uncertain filler, strings are quoted (`\"` escapes a
//! quote) and `VALUE: "STRING"` cross-references a set fill to a string fill. A message with no
//! relevant incident has one template whose slot 1 is `*`; `1 (OPTIONAL)` marks a template
//! a system is not penalised for missing.

use crate::country::country_codes;
use crate::error::{EvalError, read_text};
use crate::incidents::IncidentPredictions;
use crate::metrics::{ErrorCount, ErrorTally, FieldScore, PRF_HEADER, Prf, hungarian_max};
use crate::metrics::{prf_row, render_errors, table};
use crate::muc::raw::{RawText, is_message_id, month_number, muc_year};
use crate::predict::{PredictedIncident, Predictor};
use crate::text::normalise_name;
use forewarn_model::FuzzyDate;
use jiff::civil::Date;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// The value of a slot.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Slot {
    /// `*`: not applicable.
    NotApplicable,
    /// `-` (or a slot missing from the template): no filler.
    #[default]
    Empty,
    /// One filler per line.
    Fillers(Vec<Filler>),
}

/// One filler line of a slot.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Filler {
    /// The alternatives before any `:` cross-reference, unquoted: the strings of a string
    /// fill (`"FMLN" / "FARABUNDO MARTI ..."`) or the set values of a set fill
    /// (`REPORTED AS FACT / CLAIMED OR ADMITTED`).
    pub values: Vec<String>,
    /// The strings after `:`, unquoted: what a set fill refers to.
    pub refs: Vec<String>,
    /// Marked with `?`.
    pub uncertain: bool,
}

impl Slot {
    /// The fillers (empty for `-` and `*`).
    pub fn fillers(&self) -> &[Filler] {
        match self {
            Slot::Fillers(f) => f,
            _ => &[],
        }
    }

    /// For a string slot: each filler as an entity, its alternatives as mentions.
    pub fn entities(&self) -> Vec<Vec<String>> {
        self.fillers().iter().map(|f| f.values.clone()).collect()
    }
}

/// A day, month or year of a key date (`19 APR 89`, `NOV 89`, `19 NOV`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct KeyDay {
    /// Day of month, if given.
    pub day: Option<i8>,
    /// Month.
    pub month: i8,
    /// Year, if given (missing years take the message's dateline year).
    pub year: Option<i16>,
}

/// One alternative of a key date: a day, or a range; a range without a start
/// (`- 19 APR 89`) means "on or before".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct KeyDateRange {
    /// First day, if bounded.
    pub start: Option<KeyDay>,
    /// Last day.
    pub end: KeyDay,
}

/// The date slot: its alternatives and the raw text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyDate {
    /// Alternatives (separated by `/` in the key).
    pub alternatives: Vec<KeyDateRange>,
    /// The slot text as written.
    pub raw: String,
}

/// One alternative of a location slot: `COUNTRY: PLACE (TYPE): PLACE (TYPE)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyLocation {
    /// The country as written, e.g. `EL SALVADOR`.
    pub country: String,
    /// Places from the broadest to the most specific, with their type (`CITY`, `TOWN`...).
    pub places: Vec<(String, Option<String>)>,
}

/// One template of an answer key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyTemplate {
    /// Slot 0: message id, e.g. `DEV-MUC3-0001`.
    pub message_id: String,
    /// Slot 1: template number; `None` when `*` (the message has no relevant incident).
    pub template: Option<u32>,
    /// Slot 1 says `(OPTIONAL)`.
    pub optional: bool,
    /// Slot 2.
    pub date: Option<KeyDate>,
    /// Slot 3, its alternatives.
    pub locations: Vec<KeyLocation>,
    /// Slot 4, its alternatives (e.g. `BOMBING`, `ATTACK`).
    pub incident_types: Vec<String>,
    /// Slot 6: instrument id (weapon strings).
    pub instrument_id: Slot,
    /// Slot 7: instrument type.
    pub instrument_type: Slot,
    /// Slot 9: individual perpetrators.
    pub perp_individual: Slot,
    /// Slot 10: perpetrator organisations.
    pub perp_organization: Slot,
    /// Slot 11: organisation confidence (`REPORTED AS FACT: "FMLN"`).
    pub perp_org_confidence: Slot,
    /// Slot 12: physical target id.
    pub phys_target: Slot,
    /// Slots 18-23: human target name, description, type, number, foreign nation, effect.
    pub hum_target: [Slot; 6],
    /// Every slot's filler lines as written, by slot number.
    pub raw_slots: BTreeMap<u8, Vec<String>>,
    /// 1-based line of slot 0 in its file.
    pub line: usize,
}

/// MUC-4 slot labels, to find where a slot's value starts.
const LABELS: [&str; 25] = [
    "MESSAGE: ID",
    "MESSAGE: TEMPLATE",
    "INCIDENT: DATE",
    "INCIDENT: LOCATION",
    "INCIDENT: TYPE",
    "INCIDENT: STAGE OF EXECUTION",
    "INCIDENT: INSTRUMENT ID",
    "INCIDENT: INSTRUMENT TYPE",
    "PERP: INCIDENT CATEGORY",
    "PERP: INDIVIDUAL ID",
    "PERP: ORGANIZATION ID",
    "PERP: ORGANIZATION CONFIDENCE",
    "PHYS TGT: ID",
    "PHYS TGT: TYPE",
    "PHYS TGT: NUMBER",
    "PHYS TGT: FOREIGN NATION",
    "PHYS TGT: EFFECT OF INCIDENT",
    "PHYS TGT: TOTAL NUMBER",
    "HUM TGT: NAME",
    "HUM TGT: DESCRIPTION",
    "HUM TGT: TYPE",
    "HUM TGT: NUMBER",
    "HUM TGT: FOREIGN NATION",
    "HUM TGT: EFFECT OF INCIDENT",
    "HUM TGT: TOTAL NUMBER",
];

/// Reads answer-key files, in order. With `only`, keeps the templates of those message ids
/// (e.g. the texts kept by a `--limit`).
pub fn load_muc_keys(
    paths: &[&Path],
    only: Option<&[String]>,
) -> Result<Vec<KeyTemplate>, EvalError> {
    let mut out = Vec::new();
    for p in paths {
        let t = parse_muc_keys(&p.display().to_string(), &read_text(p)?)?;
        out.extend(
            t.into_iter()
                .filter(|k| only.is_none_or(|ids| ids.contains(&k.message_id))),
        );
    }
    Ok(out)
}

/// Parses the text of an answer-key file; `name` is used in error messages.
pub fn parse_muc_keys(name: &str, text: &str) -> Result<Vec<KeyTemplate>, EvalError> {
    // First pass: group filler lines by template and slot.
    struct Raw {
        line: usize,
        slots: BTreeMap<u8, Vec<String>>,
    }
    let mut raws: Vec<Raw> = Vec::new();
    let mut current: Option<u8> = None;
    for (i, line) in text.lines().enumerate() {
        let lineno = i + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with(';') {
            continue;
        }
        if let Some((num, value)) = slot_line(line) {
            if num == 0 {
                raws.push(Raw {
                    line: lineno,
                    slots: BTreeMap::new(),
                });
            }
            let Some(t) = raws.last_mut() else {
                return Err(EvalError::line(
                    name,
                    lineno,
                    "slot before the first `0.  MESSAGE: ID`",
                ));
            };
            t.slots.entry(num).or_default().push(value);
            current = Some(num);
        } else if line.starts_with(char::is_whitespace) {
            // A continuation: another filler of the current slot, or the rest of a filler
            // whose quote is still open.
            let (Some(t), Some(num)) = (raws.last_mut(), current) else {
                return Err(EvalError::line(
                    name,
                    lineno,
                    "continuation line outside a template",
                ));
            };
            let fills = t.slots.entry(num).or_default();
            match fills.last_mut() {
                Some(last) if open_quote(last) => {
                    last.push(' ');
                    last.push_str(trimmed);
                }
                _ => fills.push(trimmed.to_string()),
            }
        } else {
            return Err(EvalError::line(
                name,
                lineno,
                format!("not a slot line nor a continuation: {trimmed:?}"),
            ));
        }
    }
    raws.into_iter()
        .map(|r| build_template(name, r.line, r.slots))
        .collect()
}

/// `N.  LABEL   VALUE` -> (N, VALUE).
fn slot_line(line: &str) -> Option<(u8, String)> {
    let t = line.trim_start();
    let dot = t.find('.')?;
    let num: u8 = t[..dot].parse().ok()?;
    let rest = t[dot + 1..].trim_start();
    let label = LABELS.get(num as usize)?;
    let value = if let Some(v) = rest.strip_prefix(label) {
        v
    } else {
        // Unknown label wording: the value follows the first run of two spaces.
        rest.split_once("  ").map_or("", |x| x.1)
    };
    Some((num, value.trim().to_string()))
}

fn open_quote(s: &str) -> bool {
    let mut n = 0;
    let mut escaped = false;
    for c in s.chars() {
        match c {
            '\\' if !escaped => {
                escaped = true;
                continue;
            }
            '"' if !escaped => n += 1,
            _ => {}
        }
        escaped = false;
    }
    n % 2 == 1
}

fn build_template(
    name: &str,
    line: usize,
    slots: BTreeMap<u8, Vec<String>>,
) -> Result<KeyTemplate, EvalError> {
    let joined = |n: u8| -> String { slots.get(&n).map(|v| v.join(" ")).unwrap_or_default() };
    let id_text = joined(0);
    let message_id = id_text.split_whitespace().next().unwrap_or("").to_string();
    if !is_message_id(&message_id) {
        return Err(EvalError::line(
            name,
            line,
            format!("bad message id {id_text:?}"),
        ));
    }
    let tpl = joined(1);
    let optional = tpl.to_ascii_uppercase().contains("OPTIONAL");
    let template = if tpl.trim_start().starts_with('*') {
        None
    } else {
        let num = tpl.split_whitespace().next().and_then(|t| t.parse().ok());
        match num {
            Some(n) => Some(n),
            None => {
                return Err(EvalError::line(
                    name,
                    line,
                    format!("{message_id}: slot 1 is neither `*` nor a number: {tpl:?}"),
                ));
            }
        }
    };
    let slot = |n: u8| parse_slot(slots.get(&n).map_or(&[][..], Vec::as_slice));
    let date_text = joined(2);
    let date = parse_key_date(&date_text);
    let locations = parse_locations(&joined(3));
    let incident_types = match slot(4) {
        Slot::Fillers(f) => f.iter().flat_map(|x| x.values.clone()).collect(),
        _ => Vec::new(),
    };
    Ok(KeyTemplate {
        message_id,
        template,
        optional,
        date,
        locations,
        incident_types,
        instrument_id: slot(6),
        instrument_type: slot(7),
        perp_individual: slot(9),
        perp_organization: slot(10),
        perp_org_confidence: slot(11),
        phys_target: slot(12),
        hum_target: [slot(18), slot(19), slot(20), slot(21), slot(22), slot(23)],
        raw_slots: slots,
        line,
    })
}

fn parse_slot(lines: &[String]) -> Slot {
    let nonempty: Vec<&String> = lines.iter().filter(|l| !l.trim().is_empty()).collect();
    match nonempty.as_slice() {
        [] => Slot::Empty,
        [one] if one.trim() == "-" => Slot::Empty,
        [one] if one.trim() == "*" => Slot::NotApplicable,
        many => Slot::Fillers(many.iter().map(|l| parse_filler(l)).collect()),
    }
}

/// `? "A" / "B"`, `SET / SET: "X" / "Y"`, `"DESC": "NAME"`.
fn parse_filler(line: &str) -> Filler {
    let mut s = line.trim();
    let mut uncertain = false;
    if let Some(rest) = s.strip_prefix('?') {
        uncertain = true;
        s = rest.trim_start();
    }
    let (head, tail) = match split_top(s, ':').as_slice() {
        [h, rest @ ..] if !rest.is_empty() => (h.to_string(), Some(rest.join(":"))),
        _ => (s.to_string(), None),
    };
    let alts = |t: &str, uncertain: &mut bool| -> Vec<String> {
        split_top(t, '/')
            .into_iter()
            .map(|a| {
                let mut a = a.trim();
                if let Some(r) = a.strip_prefix('?') {
                    *uncertain = true;
                    a = r.trim_start();
                }
                unquote(a)
            })
            .filter(|a| !a.is_empty())
            .collect()
    };
    let values = alts(&head, &mut uncertain);
    let refs = tail.map(|t| alts(&t, &mut uncertain)).unwrap_or_default();
    Filler {
        values,
        refs,
        uncertain,
    }
}

/// Splits on `sep` outside double quotes and parentheses.
fn split_top(s: &str, sep: char) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let (mut quoted, mut depth, mut escaped) = (false, 0i32, false);
    for c in s.chars() {
        if escaped {
            cur.push(c);
            escaped = false;
            continue;
        }
        match c {
            '\\' => {
                escaped = true;
                cur.push(c);
                continue;
            }
            '"' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth = (depth - 1).max(0),
            _ => {}
        }
        if c == sep && !quoted && depth == 0 {
            out.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    out.push(cur);
    out
}

/// `"A \"B\" C"` -> `A "B" C`; unquoted text is returned trimmed; a missing closing quote
/// is tolerated (the keys have a few).
fn unquote(s: &str) -> String {
    let s = s.trim();
    let Some(inner) = s.strip_prefix('"') else {
        return s.trim_end_matches('"').trim().to_string();
    };
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            }
            '"' => break,
            _ => out.push(c),
        }
    }
    out.trim().to_string()
}

/// Removes parentheses that wrap the whole string.
fn strip_wrapping_parens(s: &str) -> &str {
    let mut s = s.trim();
    while s.starts_with('(') && s.ends_with(')') {
        let mut depth = 0;
        let mut closes_at_end = true;
        for (i, c) in s.char_indices() {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 && i != s.len() - 1 {
                        closes_at_end = false;
                        break;
                    }
                }
                _ => {}
            }
        }
        if !closes_at_end {
            break;
        }
        s = s[1..s.len() - 1].trim();
    }
    s
}

/// Parses the date slot; `None` for `-`, `*` and text with no readable date.
pub(crate) fn parse_key_date(text: &str) -> Option<KeyDate> {
    let t = text.trim();
    if t.is_empty() || t == "-" || t == "*" {
        return None;
    }
    let mut alternatives = Vec::new();
    for alt in split_top(t, '/') {
        let alt = strip_wrapping_parens(&alt);
        let alt = alt.trim();
        let range = if let Some((a, b)) = alt.split_once('-') {
            let end = parse_key_day(b);
            let start = if a.trim().is_empty() {
                None
            } else {
                parse_key_day(a)
            };
            end.map(|end| KeyDateRange { start, end })
        } else {
            parse_key_day(alt).map(|d| KeyDateRange {
                start: Some(d),
                end: d,
            })
        };
        if let Some(r) = range {
            alternatives.push(r);
        }
    }
    (!alternatives.is_empty()).then(|| KeyDate {
        alternatives,
        raw: t.to_string(),
    })
}

/// `19 APR 89`, `9 APR 89`, `NOV 89`, `19 NOV`, `19 MARCH 89`.
fn parse_key_day(s: &str) -> Option<KeyDay> {
    let toks: Vec<&str> = s.split_whitespace().collect();
    let (day, rest) = match toks.first()?.parse::<i8>() {
        Ok(d) => (Some(d), &toks[1..]),
        Err(_) => (None, &toks[..]),
    };
    let month = month_number(rest.first()?)?;
    let year = match rest.get(1) {
        Some(y) => Some(muc_year(y)?),
        None => None,
    };
    if rest.len() > 2 {
        return None;
    }
    Some(KeyDay { day, month, year })
}

impl KeyDay {
    /// First and last day this stands for; a missing year is taken from `fallback_year`.
    fn bounds(&self, fallback_year: Option<i16>) -> Option<(Date, Date)> {
        let year = self.year.or(fallback_year)?;
        match self.day {
            Some(d) => {
                let day = Date::new(year, self.month, d).ok()?;
                Some((day, day))
            }
            None => {
                let m = FuzzyDate::month(year, self.month)?;
                Some((m.start, m.end))
            }
        }
    }
}

impl KeyDateRange {
    /// The inclusive interval; `None` as start when open ("on or before").
    fn interval(&self, fallback_year: Option<i16>) -> Option<(Option<Date>, Date)> {
        let end = self.end.bounds(fallback_year)?.1;
        let start = match self.start {
            Some(s) => Some(s.bounds(fallback_year)?.0),
            None => None,
        };
        Some((start, end))
    }
}

impl KeyDate {
    /// Whether a predicted date lies within one of the alternatives, i.e. is at least as
    /// precise as the key and agrees with it.
    pub fn accepts(&self, pred: &FuzzyDate, fallback_year: Option<i16>) -> bool {
        self.alternatives.iter().any(|alt| {
            alt.interval(fallback_year).is_some_and(|(start, end)| {
                start.is_none_or(|s| s <= pred.start) && pred.end <= end
            })
        })
    }
}

/// Parses the location slot into its alternatives.
pub(crate) fn parse_locations(text: &str) -> Vec<KeyLocation> {
    let t = text.trim();
    if t.is_empty() || t == "-" || t == "*" {
        return Vec::new();
    }
    let mut out = Vec::new();
    for alt in split_top(t, '/') {
        let alt = strip_wrapping_parens(&alt).trim().to_string();
        let mut segs = split_top(&alt, ':').into_iter();
        let Some(country) = segs.next() else { continue };
        let mut places = Vec::new();
        for seg in segs {
            // `PEREIRA (CITY) - MEDELLIN (CITY)`: a stretch between two places.
            for part in seg.split(" - ") {
                let part = part.trim();
                let (name, kind) = match part.find('(') {
                    Some(i) => (
                        part[..i].trim().to_string(),
                        Some(
                            part[i..]
                                .trim_matches(|c| c == '(' || c == ')')
                                .trim()
                                .to_string(),
                        ),
                    ),
                    None => (part.to_string(), None),
                };
                if !name.is_empty() {
                    places.push((name, kind));
                }
            }
        }
        let country = country.trim().to_string();
        if !country.is_empty() {
            out.push(KeyLocation { country, places });
        }
    }
    out
}

/// The MUC-4 incident type of a predicted incident, or `None` when the incident is not of
/// a kind MUC-4 codes (arrests, military operations...).
///
/// attack kinds (or no kind) map by attack type: bombing -> BOMBING, kidnapping and
/// hostage_taking -> KIDNAPPING, facility_attack or unknown type with only incendiary
/// weapons -> ARSON, anything else -> ATTACK.
pub fn muc_incident_type(p: &PredictedIncident) -> Option<&'static str> {
    if !matches!(p.kind.as_deref(), None | Some("attack")) {
        return None;
    }
    let only_fire = !p.weapon_types.is_empty() && p.weapon_types.iter().all(|w| w == "incendiary");
    Some(match p.attack_type.as_deref() {
        Some("bombing") => "BOMBING",
        Some("kidnapping" | "hostage_taking") => "KIDNAPPING",
        Some("facility_attack") | Some("unknown") | None if only_fire => "ARSON",
        _ => "ATTACK",
    })
}

/// Runs a predictor over raw texts, with each text's dateline date as reference.
pub fn predict_muc_raw(texts: &[RawText], predictor: &dyn Predictor) -> IncidentPredictions {
    IncidentPredictions {
        items: texts
            .iter()
            .map(|t| (t.id.clone(), predictor.incidents(&t.text, t.dateline_date)))
            .collect(),
    }
}

/// Scores of incident type, date and location against the answer keys.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyReport {
    /// Texts scored.
    pub texts: usize,
    /// Texts whose key has at least one relevant template.
    pub relevant_texts: usize,
    /// Template matching: correct = matched pairs.
    pub templates: Prf,
    /// Per field: `incident_type`, `date`, `country`, `place`.
    pub fields: Vec<FieldScore>,
    /// Micro average over the fields.
    pub micro: Prf,
    /// Commonest error kinds.
    pub top_errors: Vec<ErrorCount>,
}

const KEY_FIELDS: [&str; 4] = ["incident_type", "date", "country", "place"];

/// Scores predicted incidents against key templates.
///
/// Per text, predicted incidents of a MUC kind are matched one-to-one to the text's key
/// templates, maximising the number of agreeing fields (a pair that agrees on nothing is not
/// matched). Optional templates count as gold only when matched. A field's gold count is
/// the number of counted templates that fill it; its predicted count the number of
/// predicted incidents that fill it; correct is the number of matched pairs that agree:
/// - incident type: the predicted type ([`muc_incident_type`]) is one of the alternatives;
/// - date: the predicted interval lies within an alternative (so a month does not match a
///   day; `- 19 APR 89` accepts anything up to that day), key dates without a year take the
///   dateline's year;
/// - country: the predicted code is one the key's country name stands for;
/// - place: the predicted city (or admin1) equals, after normalisation, any place named in
///   any alternative, at any level of the chain.
///
/// Templates of messages not among `texts` are ignored.
pub fn score_muc_keys(
    texts: &[RawText],
    keys: &[KeyTemplate],
    preds: &IncidentPredictions,
) -> KeyReport {
    let mut by_msg: HashMap<&str, Vec<&KeyTemplate>> = HashMap::new();
    for k in keys.iter().filter(|k| k.template.is_some()) {
        by_msg.entry(k.message_id.as_str()).or_default().push(k);
    }
    let pred_by_id: HashMap<&str, &Vec<PredictedIncident>> =
        preds.items.iter().map(|(id, v)| (id.as_str(), v)).collect();
    let mut fields = [Prf::default(); 4];
    let mut templates = Prf::default();
    let mut errors = ErrorTally::default();
    let mut relevant_texts = 0;
    for text in texts {
        let gold = by_msg.get(text.id.as_str()).cloned().unwrap_or_default();
        if !gold.is_empty() {
            relevant_texts += 1;
        }
        let year = text.dateline_date.map(|d| d.year());
        let sys: Vec<(&PredictedIncident, &'static str)> = pred_by_id
            .get(text.id.as_str())
            .map(|v| {
                v.iter()
                    .filter_map(|p| muc_incident_type(p).map(|t| (p, t)))
                    .collect()
            })
            .unwrap_or_default();
        let agree: Vec<Vec<[Option<bool>; 4]>> = gold
            .iter()
            .map(|g| {
                sys.iter()
                    .map(|(p, t)| field_agreement(g, p, t, year))
                    .collect()
            })
            .collect();
        let scores: Vec<Vec<f64>> = agree
            .iter()
            .map(|row| {
                row.iter()
                    .map(|a| a.iter().filter(|x| **x == Some(true)).count() as f64)
                    .collect()
            })
            .collect();
        let pairs: Vec<(usize, usize)> = hungarian_max(&scores)
            .into_iter()
            .filter(|&(i, j)| scores[i][j] > 0.0)
            .collect();
        let mut t_counts = Prf::from_counts(pairs.len() as f64, sys.len() as u64, 0);
        let mut gold_n = 0;
        for (i, g) in gold.iter().enumerate() {
            let matched = pairs.iter().find(|&&(gi, _)| gi == i).map(|&(_, j)| j);
            if g.optional && matched.is_none() {
                continue;
            }
            gold_n += 1;
            let present = gold_presence(g, year);
            for f in 0..4 {
                if present[f] {
                    fields[f] = fields[f].add(&Prf::from_counts(0.0, 0, 1));
                }
            }
            match matched {
                None => errors.add("template missed"),
                Some(j) => {
                    let (p, t) = sys[j];
                    for (f, name) in KEY_FIELDS.iter().enumerate() {
                        match agree[i][j][f] {
                            Some(true) => fields[f] = fields[f].add(&Prf::from_counts(1.0, 0, 0)),
                            Some(false) => errors.add(describe_miss(name, g, p, t)),
                            None => {}
                        }
                    }
                }
            }
        }
        t_counts.gold = gold_n;
        templates = templates.add(&t_counts);
        for (j, (p, _)) in sys.iter().enumerate() {
            if !pairs.iter().any(|&(_, pj)| pj == j) {
                errors.add("spurious incident");
            }
            let filled = [
                true,
                p.date.is_some(),
                p.country.is_some(),
                p.city.is_some() || p.admin1.is_some(),
            ];
            for f in 0..4 {
                if filled[f] {
                    fields[f] = fields[f].add(&Prf::from_counts(0.0, 1, 0));
                }
            }
        }
    }
    let fields: Vec<FieldScore> = KEY_FIELDS
        .iter()
        .zip(fields)
        .map(|(n, s)| FieldScore {
            field: n.to_string(),
            score: s,
        })
        .collect();
    let micro = fields.iter().fold(Prf::default(), |a, f| a.add(&f.score));
    KeyReport {
        texts: texts.len(),
        relevant_texts,
        templates,
        fields,
        micro,
        top_errors: errors.top(10),
    }
}

/// Which of the four fields a template fills in a scorable way.
fn gold_presence(g: &KeyTemplate, year: Option<i16>) -> [bool; 4] {
    [
        !g.incident_types.is_empty(),
        g.date
            .as_ref()
            .is_some_and(|d| d.alternatives.iter().any(|a| a.interval(year).is_some())),
        g.locations
            .iter()
            .any(|l| !country_codes(&l.country).is_empty()),
        g.locations.iter().any(|l| !l.places.is_empty()),
    ]
}

/// Per field: `None` if the template does not fill it, else whether the prediction agrees.
fn field_agreement(
    g: &KeyTemplate,
    p: &PredictedIncident,
    muc_type: &str,
    year: Option<i16>,
) -> [Option<bool>; 4] {
    let present = gold_presence(g, year);
    let type_ok = g
        .incident_types
        .iter()
        .any(|t| t.eq_ignore_ascii_case(muc_type));
    let date_ok = match (&g.date, &p.date) {
        (Some(k), Some(d)) => k.accepts(d, year),
        _ => false,
    };
    let country_ok = p.country.as_deref().is_some_and(|c| {
        let pc = country_codes(c);
        g.locations
            .iter()
            .any(|l| country_codes(&l.country).iter().any(|k| pc.contains(k)))
    });
    let place_ok = [p.city.as_deref(), p.admin1.as_deref()]
        .into_iter()
        .flatten()
        .map(|x| normalise_name(x, &["the", "city"]))
        .filter(|x| !x.is_empty())
        .any(|x| {
            g.locations.iter().any(|l| {
                l.places
                    .iter()
                    .any(|(n, _)| normalise_name(n, &["the", "city"]) == x)
            })
        });
    let vals = [type_ok, date_ok, country_ok, place_ok];
    std::array::from_fn(|i| present[i].then_some(vals[i]))
}

fn describe_miss(field: &str, g: &KeyTemplate, p: &PredictedIncident, muc_type: &str) -> String {
    match field {
        "incident_type" => format!(
            "incident_type: predicted {muc_type}, gold {}",
            g.incident_types.join(" / ")
        ),
        "date" if p.date.is_none() => "date: predicted none".into(),
        "date" => "date: outside the key's date".into(),
        "country" if p.country.is_none() => "country: predicted none".into(),
        "country" => "country: wrong".into(),
        _ if p.city.is_none() && p.admin1.is_none() => "place: predicted none".into(),
        _ => "place: wrong".into(),
    }
}

impl KeyReport {
    /// A table for the terminal: templates, per-field and micro P/R/F1 (percent), errors.
    pub fn render_text(&self) -> String {
        let mut rows = vec![prf_row("templates", &self.templates)];
        rows.extend(self.fields.iter().map(|f| prf_row(&f.field, &f.score)));
        rows.push(prf_row("micro (fields)", &self.micro));
        let mut s = format!(
            "MUC-4 keys: {} texts, {} with relevant incidents\n",
            self.texts, self.relevant_texts
        );
        s.push_str(&table(&PRF_HEADER, &rows));
        s.push_str(&render_errors(&self.top_errors));
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fillers_split_alternatives_refs_and_uncertainty() {
        let f = parse_filler(
            r#"REPORTED AS FACT / CLAIMED OR ADMITTED: "GUATEMALAN NATIONAL REVOLUTIONARY UNITY" / "URNG""#,
        );
        assert_eq!(f.values, vec!["REPORTED AS FACT", "CLAIMED OR ADMITTED"]);
        assert_eq!(
            f.refs,
            vec!["GUATEMALAN NATIONAL REVOLUTIONARY UNITY", "URNG"]
        );
        let f = parse_filler(r#"? "TERRORIST""#);
        assert!(f.uncertain);
        assert_eq!(f.values, vec!["TERRORIST"]);
        let f = parse_filler(r#""\"SANTO TOMAS\" PRESIDENTIAL FARM" / "PRESIDENTIAL FARM""#);
        assert_eq!(
            f.values,
            vec!["\"SANTO TOMAS\" PRESIDENTIAL FARM", "PRESIDENTIAL FARM"]
        );
        // An unclosed quote (present in the real keys) does not derail the parse.
        let f = parse_filler(r#"INJURY: "16 OTHERS / "OTHERS""#);
        assert_eq!(f.values, vec!["INJURY"]);
        assert!(!f.refs.is_empty());
    }

    #[test]
    fn dates_parse_days_ranges_and_alternatives() {
        let d = parse_key_date("- 19 APR 89").unwrap();
        assert_eq!(d.alternatives.len(), 1);
        assert!(d.alternatives[0].start.is_none());
        let d = parse_key_date("(12 MAR 90) / (10 MAR 90 - 12 MAR 90)").unwrap();
        assert_eq!(d.alternatives.len(), 2);
        assert_eq!(d.alternatives[1].start.unwrap().day, Some(10));
        let on = |s: &str| -> FuzzyDate { s.parse().unwrap() };
        assert!(d.accepts(&on("1990-03-11"), None));
        assert!(
            !d.accepts(&on("1990-03"), None),
            "a month is coarser than the key"
        );
        let m = parse_key_date("NOV 89").unwrap();
        assert!(m.accepts(&on("1989-11"), None) && m.accepts(&on("1989-11-30"), None));
        let no_year = parse_key_date("19 NOV").unwrap();
        assert!(no_year.accepts(&on("1989-11-19"), Some(1989)));
        assert!(!no_year.accepts(&on("1989-11-19"), None));
        assert!(parse_key_date("-").is_none() && parse_key_date("*").is_none());
        assert!(parse_key_date("-12 DEC 89").is_some());
    }

    #[test]
    fn locations_parse_chains_stretches_and_alternatives() {
        let l =
            parse_locations("EL SALVADOR: SAN MIGUEL (DEPARTMENT): SAN LUIS DE LA REINA (TOWN)");
        assert_eq!(l.len(), 1);
        assert_eq!(l[0].country, "EL SALVADOR");
        assert_eq!(
            l[0].places[1],
            ("SAN LUIS DE LA REINA".into(), Some("TOWN".into()))
        );
        let l =
            parse_locations("(EL SALVADOR: ZARAGOZA (TOWN)) / (EL SALVADOR: SAN SALVADOR (CITY))");
        assert_eq!(l.len(), 2);
        assert_eq!(l[1].places[0].0, "SAN SALVADOR");
        let l = parse_locations("COLOMBIA: URABA (REGION / CITY)");
        assert_eq!(l.len(), 1);
        assert_eq!(l[0].places[0].1.as_deref(), Some("REGION / CITY"));
        let l = parse_locations("COLOMBIA: PEREIRA (CITY) - MEDELLIN (CITY)");
        assert_eq!(l[0].places.len(), 2);
        assert_eq!(parse_locations("COLOMBIA / VENEZUELA").len(), 2);
    }

    #[test]
    fn predicted_kinds_map_to_muc_types() {
        let mut p = PredictedIncident {
            attack_type: Some("bombing".into()),
            ..Default::default()
        };
        assert_eq!(muc_incident_type(&p), Some("BOMBING"));
        p.attack_type = Some("facility_attack".into());
        p.weapon_types = vec!["incendiary".into()];
        assert_eq!(muc_incident_type(&p), Some("ARSON"));
        p.kind = Some("arrest".into());
        assert_eq!(muc_incident_type(&p), None);
    }
}

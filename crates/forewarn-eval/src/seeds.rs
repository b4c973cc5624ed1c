//! A faithful port of `../shared/tools/score_seeds.py`: scores forewarn's exports of the
//! two seed reports against `gold/seeds.gold.json`.
//!
//! Same greedy one-to-one matching on kind, date, country and place; same per-field tallies;
//! same printed lines, so [`SeedsReport::render_text`] equals the script's output on the same
//! inputs. Python's semantics are kept where they matter, quirks included: `str()` of
//! values, truthiness, substring tests (an event without a place passes the place test, since
//! `"" in "moscow"` is true), `bool` counting as an integer, ties in the sort broken by the
//! larger gold index then the larger system index, and two-decimal rounding of the exact
//! binary value (ties to even, as Python's `format`).

use crate::error::{EvalError, read_text};
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The seeds gold file, kept as JSON to read it the way the script does.
#[derive(Debug, Clone, PartialEq)]
pub struct SeedsGold {
    /// The whole document.
    pub raw: Value,
}

/// Reads and checks the gold file: `events`, `actors` and `relations` arrays; each event
/// an object with a string `key`.
pub fn load_seeds_gold(path: &Path) -> Result<SeedsGold, EvalError> {
    SeedsGold::parse(&path.display().to_string(), &read_text(path)?)
}

impl SeedsGold {
    /// Parses and checks gold JSON text; `name` is used in messages.
    pub fn parse(name: &str, text: &str) -> Result<Self, EvalError> {
        let raw: Value = serde_json::from_str(text)
            .map_err(|e| EvalError::line(name, e.line(), format!("not JSON: {e}")))?;
        for k in ["events", "actors", "relations"] {
            if !raw.get(k).is_some_and(Value::is_array) {
                return Err(EvalError::input(name, format!("`{k}` is not an array")));
            }
        }
        for (i, e) in arr(&raw["events"]).iter().enumerate() {
            if !e.get("key").is_some_and(Value::is_string) {
                return Err(EvalError::input(
                    name,
                    format!("event {i} has no string `key`"),
                ));
            }
        }
        for (i, a) in arr(&raw["actors"]).iter().enumerate() {
            if !a.get("name").is_some_and(Value::is_string) {
                return Err(EvalError::input(
                    name,
                    format!("actor {i} has no string `name`"),
                ));
            }
        }
        Ok(SeedsGold { raw })
    }
}

/// The script's results; `lines` is its output, line by line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeedsReport {
    /// Gold keys matched, with the system event's id as Python prints it.
    pub matched: Vec<(String, String)>,
    /// Gold keys not matched.
    pub missed: Vec<String>,
    /// Gold attacks.
    pub gold_attacks: usize,
    /// System attacks.
    pub system_attacks: usize,
    /// Attack recall.
    pub attack_recall: f64,
    /// Attack precision.
    pub attack_precision: f64,
    /// Attack F1 (the script's last figure).
    pub attack_f1: f64,
    /// Recall of the other (non-attack) gold events.
    pub other_recall: f64,
    /// `(field, correct, scored)` in the script's order.
    pub fields: Vec<(String, u64, u64)>,
    /// Correct over scored, all fields.
    pub field_accuracy: f64,
    /// Gold actors found, out of all, when actors were given.
    pub actors: Option<(usize, usize)>,
    /// Gold relations found, out of all, when relations were given.
    pub relations: Option<(usize, usize)>,
    /// The script's printed lines.
    pub lines: Vec<String>,
}

impl SeedsReport {
    /// The script's output: every line followed by a newline.
    pub fn render_text(&self) -> String {
        let mut s = String::new();
        for l in &self.lines {
            s.push_str(l);
            s.push('\n');
        }
        s
    }
}

fn arr(v: &Value) -> &[Value] {
    v.as_array().map_or(&[], Vec::as_slice)
}

/// Python's `str()` of a JSON value (containers approximated by their JSON text).
fn py_str(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) => {
            if n.is_i64() || n.is_u64() {
                n.to_string()
            } else {
                let f = n.as_f64().unwrap_or(0.0);
                if f.fract() == 0.0 && f.abs() < 1e16 {
                    format!("{f:.1}")
                } else {
                    format!("{f}")
                }
            }
        }
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Python truthiness.
fn truthy(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) | Some(Value::Bool(false)) => false,
        Some(Value::Number(n)) => n.as_f64() != Some(0.0),
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::Object(o)) => !o.is_empty(),
        Some(_) => true,
    }
}

/// `dict.get(k)` on something that may not be an object.
fn get<'a>(v: &'a Value, k: &str) -> Option<&'a Value> {
    v.as_object().and_then(|o| o.get(k))
}

/// The script's `norm`.
fn norm(v: Option<&Value>) -> String {
    let s = match v {
        None | Some(Value::Null) => return String::new(),
        Some(v) => py_str(v),
    };
    let folded: String = s.nfkd().filter(|c| !is_combining_mark(*c)).collect();
    let lower = folded.to_lowercase();
    let spaced: String = lower
        .chars()
        .map(|c| {
            if c.is_ascii_lowercase() || c.is_ascii_digit() {
                c
            } else {
                ' '
            }
        })
        .collect();
    spaced
        .split(' ')
        .filter(|w| !w.is_empty() && !matches!(*w, "the" | "al" | "el" | "of" | "in"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The script's `date_parts` (only strings have parts).
fn date_parts(d: Option<&Value>) -> Vec<String> {
    if !truthy(d) {
        return Vec::new();
    }
    let s = match d {
        Some(Value::String(s)) => s.clone(),
        Some(other) => py_str(other),
        None => return Vec::new(),
    };
    let head = s.split('/').next().unwrap_or("");
    head.split(['-', '/'])
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

fn date_level(gold: Option<&Value>, sys: Option<&Value>) -> i64 {
    let (g, s) = (date_parts(gold), date_parts(sys));
    let mut n = 0;
    for (a, b) in g.iter().zip(&s) {
        if a.trim_start_matches('0') != b.trim_start_matches('0') {
            return -1;
        }
        n += 1;
    }
    n
}

fn sys_start(e: &Value) -> Option<&Value> {
    match get(e, "date") {
        Some(d) if truthy(Some(d)) => match d {
            Value::Object(_) => get(d, "start"),
            other => Some(other),
        },
        // `e.get("date") or {}` then `.get("start")` on the empty dict.
        _ => None,
    }
}

fn loc(e: &Value) -> Option<&Value> {
    get(e, "location").filter(|l| truthy(Some(l)) && l.is_object())
}

fn loc_get<'a>(e: &'a Value, k: &str) -> Option<&'a Value> {
    loc(e).and_then(|l| get(l, k))
}

fn actor_names(gold: &Value) -> HashMap<String, String> {
    let mut names = HashMap::new();
    for a in arr(&gold["actors"]) {
        let name = get(a, "name").map(py_str).unwrap_or_default();
        let mut keys = vec![norm(get(a, "name"))];
        keys.extend(
            get(a, "aliases")
                .map(arr)
                .unwrap_or(&[])
                .iter()
                .map(|x| norm(Some(x))),
        );
        for k in keys {
            names.insert(k, name.clone());
        }
    }
    names
}

/// `canon(name, names)`; `None` stands for Python's `None` (a missing name not in the map).
fn canon(name: Option<&Value>, names: &HashMap<String, String>) -> Option<String> {
    match names.get(&norm(name)) {
        Some(n) => Some(n.clone()),
        None => match name {
            None | Some(Value::Null) => None,
            Some(v) => Some(py_str(v)),
        },
    }
}

/// Python ints (bools included) as i128.
fn py_int(v: &Value) -> Option<i128> {
    match v {
        Value::Bool(b) => Some(*b as i128),
        Value::Number(n) => n
            .as_i64()
            .map(i128::from)
            .or_else(|| n.as_u64().map(i128::from)),
        _ => None,
    }
}

fn count_values(field: Option<&Value>) -> BTreeSet<i128> {
    let Some(f @ Value::Object(_)) = field else {
        return BTreeSet::new();
    };
    let mut vals = BTreeSet::new();
    for r in get(f, "reports").map(arr).unwrap_or(&[]) {
        if r.is_object()
            && let Some(i) = get(r, "value").and_then(py_int)
        {
            vals.insert(i);
        }
    }
    for k in ["low", "best", "high"] {
        if let Some(i) = get(f, k).and_then(py_int) {
            vals.insert(i);
        }
    }
    vals
}

fn match_score(g: &Value, e: &Value) -> Option<i64> {
    if get(g, "kind").unwrap_or(&Value::Null) != get(e, "kind").unwrap_or(&Value::Null) {
        return None;
    }
    let lvl = date_level(get(g, "date"), sys_start(e));
    if lvl < 0 {
        return None;
    }
    let (gl, sl) = (get(g, "country"), loc_get(e, "country"));
    let both_countries = truthy(gl) && truthy(sl);
    if both_countries {
        let gu = gl.map(py_str).unwrap_or_default().to_uppercase();
        if gu != sl.map(py_str).unwrap_or_default().to_uppercase() {
            return None;
        }
    }
    let mut score = lvl * 2;
    if both_countries {
        score += 2;
    }
    let (gp, sp) = (norm(get(g, "place")), norm(loc_get(e, "place")));
    let both_places = !gp.is_empty() && !sp.is_empty();
    if both_places {
        if gp.contains(&sp) || sp.contains(&gp) {
            score += 3;
        } else if lvl < 3 {
            return None;
        }
    }
    if lvl == 0 && !both_places {
        return None;
    }
    Some(score)
}

/// Python's `f"{x:.2f}"`: two decimals of the exact binary value, ties to even.
fn f2(x: f64) -> String {
    format!("{x:.2}")
}

/// Events may be given as an array or as `{"events": [...]}` (likewise actors, relations).
fn list<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    match v {
        Value::Object(_) => get(v, key).map(arr).unwrap_or(&[]),
        other => arr(other),
    }
}

/// Scores an events export (and optionally actors and relations exports) against the gold,
/// exactly as `score_seeds.py` does.
pub fn score_seeds(
    gold: &SeedsGold,
    events: &Value,
    actors: Option<&Value>,
    relations: Option<&Value>,
) -> SeedsReport {
    let g_events = arr(&gold.raw["events"]);
    let events = list(events, "events");
    let names = actor_names(&gold.raw);
    let mut lines = Vec::new();

    let mut pairs: Vec<(i64, usize, usize)> = Vec::new();
    for (gi, g) in g_events.iter().enumerate() {
        for (si, e) in events.iter().enumerate() {
            if let Some(s) = match_score(g, e) {
                pairs.push((s, gi, si));
            }
        }
    }
    pairs.sort_by(|a, b| b.cmp(a));
    let (mut used_g, mut used_s) = (HashSet::new(), HashSet::new());
    let mut matched: HashMap<usize, usize> = HashMap::new();
    for (_, gi, si) in pairs {
        if used_g.contains(&gi) || used_s.contains(&si) {
            continue;
        }
        used_g.insert(gi);
        used_s.insert(si);
        matched.insert(gi, si);
    }

    const FIELDS: [&str; 7] = [
        "date",
        "place",
        "perpetrator",
        "killed",
        "injured",
        "type",
        "both_sources",
    ];
    let mut fields: HashMap<&str, (u64, u64)> = FIELDS.iter().map(|f| (*f, (0, 0))).collect();
    let mut tally = |k: &str, ok: bool| {
        if let Some(t) = fields.get_mut(k) {
            t.1 += 1;
            t.0 += ok as u64;
        }
    };
    let (mut matched_out, mut missed) = (Vec::new(), Vec::new());
    for (gi, g) in g_events.iter().enumerate() {
        let key = get(g, "key").map(py_str).unwrap_or_default();
        let Some(&si) = matched.get(&gi) else {
            lines.push(format!("MISSED  {key}"));
            missed.push(key);
            continue;
        };
        let e = &events[si];
        let gd = get(g, "date");
        tally(
            "date",
            date_level(gd, sys_start(e)) == date_parts(gd).len() as i64,
        );
        if truthy(get(g, "place")) {
            let (gp, sp) = (norm(get(g, "place")), norm(loc_get(e, "place")));
            tally("place", sp.contains(&gp) || gp.contains(&sp));
        }
        if get(g, "kind").and_then(Value::as_str) == Some("attack") {
            let perps: HashSet<Option<String>> = get(e, "perpetrators")
                .map(arr)
                .unwrap_or(&[])
                .iter()
                .filter(|p| p.is_object())
                .map(|p| canon(get(p, "actor"), &names))
                .collect();
            let gp = match get(g, "perpetrator") {
                None | Some(Value::Null) => None,
                Some(v) => Some(py_str(v)),
            };
            tally("perpetrator", perps.contains(&gp));
            tally(
                "type",
                get(g, "type").unwrap_or(&Value::Null) == get(e, "type").unwrap_or(&Value::Null),
            );
            for k in ["killed", "injured"] {
                let want: BTreeSet<i128> = get(g, k)
                    .map(arr)
                    .unwrap_or(&[])
                    .iter()
                    .filter_map(|r| get(r, "value").and_then(py_int))
                    .collect();
                if !want.is_empty() {
                    let have = count_values(get(e, k));
                    tally(k, want.is_subset(&have));
                }
            }
        }
        let g_sources: Vec<String> = get(g, "sources")
            .map(arr)
            .unwrap_or(&[])
            .iter()
            .map(py_str)
            .collect();
        if g_sources.len() > 1 {
            let docs: HashSet<String> = get(e, "sources")
                .map(arr)
                .unwrap_or(&[])
                .iter()
                .filter(|s| s.is_object())
                .map(|s| {
                    let d = get(s, "document").map(py_str).unwrap_or_default();
                    d.rsplit('/').next().unwrap_or("").to_string()
                })
                .collect();
            tally("both_sources", g_sources.iter().all(|s| docs.contains(s)));
        }
        let id = py_str(get(e, "id").unwrap_or(&Value::Null));
        lines.push(format!("MATCHED {key} -> {id}"));
        matched_out.push((key, id));
    }

    let is_attack = |v: &Value| get(v, "kind").and_then(Value::as_str) == Some("attack");
    let g_att: Vec<usize> = (0..g_events.len())
        .filter(|&i| is_attack(&g_events[i]))
        .collect();
    let s_att: Vec<usize> = (0..events.len())
        .filter(|&i| is_attack(&events[i]))
        .collect();
    let matched_s: HashSet<usize> = matched.values().copied().collect();
    let rec =
        g_att.iter().filter(|i| matched.contains_key(i)).count() as f64 / g_att.len().max(1) as f64;
    let prec =
        s_att.iter().filter(|i| matched_s.contains(i)).count() as f64 / s_att.len().max(1) as f64;
    let f1 = if rec + prec > 0.0 {
        2.0 * rec * prec / (rec + prec)
    } else {
        0.0
    };
    let others: Vec<usize> = (0..g_events.len())
        .filter(|&i| !is_attack(&g_events[i]))
        .collect();
    let other_rec = others.iter().filter(|i| matched.contains_key(i)).count() as f64
        / others.len().max(1) as f64;
    lines.push(format!(
        "attacks: gold {}, system {}, recall {}, precision {}, F1 {}",
        g_att.len(),
        s_att.len(),
        f2(rec),
        f2(prec),
        f2(f1)
    ));
    lines.push(format!("other events recall {}", f2(other_rec)));
    let fields: Vec<(String, u64, u64)> = FIELDS
        .iter()
        .map(|k| (k.to_string(), fields[k].0, fields[k].1))
        .collect();
    for (k, ok, n) in &fields {
        lines.push(format!("field {k}: {ok}/{n}"));
    }
    let ok_sum: u64 = fields.iter().map(|f| f.1).sum();
    let n_sum: u64 = fields.iter().map(|f| f.2).sum();
    let field_acc = ok_sum as f64 / n_sum.max(1) as f64;
    lines.push(format!(
        "field accuracy over matched events: {}",
        f2(field_acc)
    ));

    let gold_actors = arr(&gold.raw["actors"]);
    let actors_out = actors.map(|acts| {
        let mut have: HashSet<String> = HashSet::new();
        for x in list(acts, "actors") {
            let n = get(x, "name")
                .filter(|v| truthy(Some(v)))
                .or_else(|| get(x, "canonical"));
            have.insert(norm(n));
            for al in get(x, "aliases").map(arr).unwrap_or(&[]) {
                if al.is_object() {
                    have.insert(norm(get(al, "name")));
                } else {
                    have.insert(norm(Some(al)));
                }
            }
        }
        let found = gold_actors
            .iter()
            .filter(|g| {
                let mut keys = vec![norm(get(g, "name"))];
                keys.extend(
                    get(g, "aliases")
                        .map(arr)
                        .unwrap_or(&[])
                        .iter()
                        .map(|z| norm(Some(z))),
                );
                keys.iter().any(|k| have.contains(k))
            })
            .count();
        lines.push(format!("actors recall {found}/{}", gold_actors.len()));
        (found, gold_actors.len())
    });
    let gold_rels = arr(&gold.raw["relations"]);
    let relations_out = relations.map(|rels| {
        let have: HashSet<(Option<String>, Value, Option<String>)> = list(rels, "relations")
            .iter()
            .map(|r| {
                (
                    canon(get(r, "subject"), &names),
                    get(r, "relation").cloned().unwrap_or(Value::Null),
                    canon(get(r, "object"), &names),
                )
            })
            .collect();
        let found = gold_rels
            .iter()
            .filter(|r| {
                let s = get(r, "subject").map(py_str);
                let o = get(r, "object").map(py_str);
                let rel = get(r, "relation").cloned().unwrap_or(Value::Null);
                have.contains(&(s, rel, o))
            })
            .count();
        lines.push(format!("relations recall {found}/{}", gold_rels.len()));
        (found, gold_rels.len())
    });
    lines.push(format!(
        "seeds attack-event F1 {}, field accuracy {}",
        f2(f1),
        f2(field_acc)
    ));
    SeedsReport {
        matched: matched_out,
        missed,
        gold_attacks: g_att.len(),
        system_attacks: s_att.len(),
        attack_recall: rec,
        attack_precision: prec,
        attack_f1: f1,
        other_recall: other_rec,
        fields,
        field_accuracy: field_acc,
        actors: actors_out,
        relations: relations_out,
        lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn norm_str(s: &str) -> String {
        norm(Some(&Value::String(s.to_string())))
    }

    #[test]
    fn norm_matches_the_script() {
        assert_eq!(norm_str("The Islamic State of Iraq"), "islamic state iraq");
        assert_eq!(norm_str("Al-Qaeda in Yemen"), "qaeda yemen");
        assert_eq!(norm_str("Kābul"), "kabul");
        assert_eq!(norm(None), "");
    }

    #[test]
    fn two_decimals_round_like_python() {
        // Python: f"{0.125:.2f}" == "0.12", f"{0.375:.2f}" == "0.38", f"{2/3:.2f}" == "0.67".
        assert_eq!(f2(0.125), "0.12");
        assert_eq!(f2(0.375), "0.38");
        assert_eq!(f2(2.0 / 3.0), "0.67");
        assert_eq!(f2(0.0), "0.00");
    }

    #[test]
    fn date_levels_count_agreeing_parts() {
        let s = |x: &str| Value::String(x.into());
        assert_eq!(date_level(Some(&s("2024-03-22")), Some(&s("2024-03"))), 2);
        assert_eq!(
            date_level(Some(&s("2024-03-22")), Some(&s("2024-04-01"))),
            -1
        );
        assert_eq!(
            date_level(Some(&s("2017-01/2018-10")), Some(&s("2017-01-05"))),
            2
        );
        assert_eq!(date_level(Some(&s("2024-03-02")), Some(&s("2024-3-2"))), 3);
        assert_eq!(date_level(None, Some(&s("2024"))), 0);
    }

    #[test]
    fn bools_count_as_ints_like_python() {
        let v = json!({"best": true, "reports": [{"value": 3}, {"value": "x"}]});
        assert_eq!(count_values(Some(&v)), BTreeSet::from([1, 3]));
    }
}

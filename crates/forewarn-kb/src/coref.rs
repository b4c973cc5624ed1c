//! Event coreference: whether two reports describe the same real incident.
//!
//! A comparison weighs *anchors* (when and where) and *corroboration* (who, what was hit,
//! how many died) against *conflicts*, and names every piece of evidence so that a reviewer
//! deciding an unsure pair sees why the machine hesitated.
//!
//! - Ruled out outright: different kinds of event, dates that cannot both hold, different
//!   countries or towns.
//! - Anchors: the same day (2) or overlapping dates within a month (1), or a coarser overlap
//!   (1); the same town (2), or a place inside the other or the same province or country (1).
//! - Corroboration: a named perpetrator in common (2), a content word shared by the targets
//!   ("maternity ward" and "maternity hospital", 2), a distinctive name both reports'
//!   sentences give, matched across spellings (Suleimani and Soleimani, 2), the same
//!   non-zero killed or injured figure (1 each).
//! - Conflicts: methods that differ (shooting against bombing), named perpetrators with none
//!   in common, targets with no word in common, killed figures more than three times apart.
//!
//! Same: anchors 3 or more with some corroboration and no conflict; anchors 3 or more, one
//! conflict and evidence specific to this incident (a target word or a figure in common:
//! reports of one attack often disagree on one thing, which becomes a contradiction, while
//! the same group and method fit a whole campaign); anchors 2 with corroboration 3 and no
//! conflict; or any anchor with corroboration 4, some of it specific, and at most one
//! conflict (a report that dates an attack only by its year but names its group and target). Unsure (adjudication): anchors and corroboration adding
//! to 2 or more with fewer than two conflicts, including the commonest trap, the same day
//! and town with nothing else to go on (many cities see several attacks a day). Otherwise
//! different.

use std::collections::BTreeSet;

use forewarn_extract::frames::places_compatible;
use forewarn_extract::{best_date, best_place};
use forewarn_model::{AttackType, DatePrecision, Event, GeoPrecision, Place};
use serde::{Deserialize, Serialize};

/// The outcome of comparing two events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// One incident: merge.
    Same,
    /// Neither clearly the same nor clearly different: ask a person.
    Unsure,
    /// Different incidents.
    Different,
}

/// A comparison with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// What the evidence says.
    pub verdict: Verdict,
    /// Points for when and where.
    pub anchors: i32,
    /// Points for who, what and how many.
    pub corroboration: i32,
    /// Evidence for the same incident.
    pub evidence_for: Vec<String>,
    /// Evidence against.
    pub evidence_against: Vec<String>,
}

impl Comparison {
    /// A single number to rank candidates by: anchors and corroboration less conflicts.
    pub fn score(&self) -> i32 {
        self.anchors + self.corroboration - 2 * self.evidence_against.len() as i32
    }

    fn ruled_out(why: String) -> Self {
        Comparison {
            verdict: Verdict::Different,
            anchors: 0,
            corroboration: 0,
            evidence_for: Vec::new(),
            evidence_against: vec![why],
        }
    }
}

/// Compares two events (or an incident's consolidated event and a new one).
pub fn compare(a: &Event, b: &Event) -> Comparison {
    if a.kind.value != b.kind.value {
        return Comparison::ruled_out(format!(
            "different kinds of event: {} and {}",
            a.kind.value.as_str(),
            b.kind.value.as_str()
        ));
    }
    let mut anchors = 0;
    let mut corroboration = 0;
    let mut evidence_for = Vec::new();
    let mut against = Vec::new();
    // Evidence about this very incident (what was hit, how many died), as against evidence
    // that fits a whole campaign (the same group, the same method).
    let mut specific = false;

    if let (Some(x), Some(y)) = (best_date(a), best_date(b)) {
        let (x, y) = (&x.value, &y.value);
        if !x.overlaps(y) {
            return Comparison::ruled_out(format!(
                "dates cannot both hold: {} and {}",
                x.start_string(),
                y.start_string()
            ));
        }
        if x.precision == DatePrecision::Day && y.precision == DatePrecision::Day {
            anchors += 2;
            evidence_for.push(format!("same day, {}", x.start_string()));
        } else {
            anchors += 1;
            let coarse = x.span_days().max(y.span_days());
            evidence_for.push(if coarse <= 31 {
                format!(
                    "dates overlap within a month ({} and {})",
                    x.start_string(),
                    y.start_string()
                )
            } else {
                format!(
                    "dates overlap, at a coarse precision ({} and {})",
                    x.start_string(),
                    y.start_string()
                )
            });
        }
    }

    if let (Some(x), Some(y)) = (best_place(a), best_place(b)) {
        let (x, y) = (&x.value, &y.value);
        if !places_compatible(x, y) {
            return Comparison::ruled_out(format!(
                "different places: {} and {}",
                place_label(x),
                place_label(y)
            ));
        }
        let local = |p: &Place| matches!(p.precision, GeoPrecision::City | GeoPrecision::Site);
        if local(x) && local(y) {
            anchors += 2;
            evidence_for.push(format!("same town, {}", place_label(x)));
        } else if x.country.is_some() || y.country.is_some() {
            anchors += 1;
            evidence_for.push(format!(
                "places compatible: {} and {}",
                place_label(x),
                place_label(y)
            ));
        }
    }

    let (pa, pb) = (perpetrator_keys(a), perpetrator_keys(b));
    if !pa.is_empty() && !pb.is_empty() {
        let common: Vec<&String> = pa.intersection(&pb).collect();
        if common.is_empty() {
            against.push(format!(
                "different perpetrators: {} and {}",
                join(&pa),
                join(&pb)
            ));
        } else {
            corroboration += 2;
            evidence_for.push(format!("same perpetrator, {}", common[0]));
        }
    }

    let (ta, tb) = (target_words(a), target_words(b));
    if !ta.is_empty() && !tb.is_empty() {
        match ta.intersection(&tb).next() {
            Some(w) => {
                corroboration += 2;
                specific = true;
                evidence_for.push(format!("targets share the word {w:?}"));
            }
            None => against.push(format!(
                "targets have no word in common ({} and {})",
                join(&ta),
                join(&tb)
            )),
        }
    }

    let (na, nb) = (distinctive_names(a), distinctive_names(b));
    if let Some((_, written)) = na.iter().find(|(k, _)| nb.contains_key(*k)) {
        corroboration += 2;
        specific = true;
        evidence_for.push(format!("both reports name {written}"));
    }

    for (what, fa, fb) in [
        ("killed", figures(&a.killed), figures(&b.killed)),
        ("injured", figures(&a.injured), figures(&b.injured)),
    ] {
        if let Some(v) = fa.intersection(&fb).find(|v| **v > 0) {
            corroboration += 1;
            specific = true;
            evidence_for.push(format!("same {what} figure, {v}"));
        } else if what == "killed"
            && let (Some(&x), Some(&y)) = (fa.iter().max(), fb.iter().max())
            && x.min(y) > 0
            && x.max(y) > 3 * x.min(y)
        {
            against.push(format!("killed figures far apart: {x} and {y}"));
        }
    }

    let (ma, mb) = (methods(a), methods(b));
    if !ma.is_empty() && !mb.is_empty() && ma.is_disjoint(&mb) {
        against.push(format!(
            "methods differ: {} and {}",
            join(&ma.iter().map(|t| t.as_str().to_string()).collect()),
            join(&mb.iter().map(|t| t.as_str().to_string()).collect())
        ));
    }

    let conflicts = against.len() as i32;
    let verdict = if anchors >= 3 && corroboration >= 1 && conflicts == 0
        || anchors >= 3 && specific && conflicts == 1
        || anchors >= 2 && corroboration >= 3 && conflicts == 0
        || anchors >= 1 && corroboration >= 4 && specific && conflicts <= 1
    {
        Verdict::Same
    } else if anchors + corroboration >= 2 && anchors >= 1 && conflicts < 2 {
        Verdict::Unsure
    } else {
        Verdict::Different
    };
    Comparison {
        verdict,
        anchors,
        corroboration,
        evidence_for,
        evidence_against: against,
    }
}

fn place_label(p: &Place) -> String {
    let mut parts: Vec<&str> = Vec::new();
    if let Some(n) = &p.name {
        parts.push(n);
    }
    if let Some(a) = &p.admin1
        && p.name.as_ref() != Some(a)
    {
        parts.push(a);
    }
    if let Some(c) = &p.country {
        parts.push(c);
    }
    if parts.is_empty() {
        "an unnamed place".into()
    } else {
        parts.join(", ")
    }
}

fn join(set: &BTreeSet<String>) -> String {
    set.iter().cloned().collect::<Vec<_>>().join(", ")
}

/// Named perpetrators: dictionary actors by id, others by their folded name. Generic nouns
/// ("gunmen") say nothing about identity and are left out.
fn perpetrator_keys(e: &Event) -> BTreeSet<String> {
    e.perpetrators
        .iter()
        .filter_map(|r| match &r.value.actor {
            Some(id) => Some(id.0.clone()),
            None if r.value.name.chars().next().is_some_and(char::is_uppercase) => {
                Some(r.value.name.to_lowercase())
            }
            None => None,
        })
        .collect()
}

/// Content words of the targets (four letters or more, minus words any target may have).
fn target_words(e: &Event) -> BTreeSet<String> {
    e.targets
        .iter()
        .flat_map(|t| {
            t.value
                .mention
                .split(|c: char| !c.is_alphanumeric())
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
        })
        .filter(|w| w.chars().count() >= 4)
        .filter(|w| {
            !matches!(
                w.as_str(),
                "people" | "city" | "forces" | "members" | "area"
            )
        })
        .collect()
}

/// Capitalised words of five letters or more inside the event's sentences (not opening one),
/// keyed by a spelling-tolerant skeleton: lower-case consonants with doubled letters
/// collapsed, so that transliterations (Qassem Suleimani, Qasem Soleimani) meet. Names of
/// the event's own places and perpetrators, and calendar words, are left out: they are
/// compared on their own terms.
fn distinctive_names(e: &Event) -> std::collections::BTreeMap<String, String> {
    let mut known: BTreeSet<String> = BTreeSet::new();
    for p in &e.location {
        for n in [&p.value.name, &p.value.admin1].into_iter().flatten() {
            known.extend(n.split_whitespace().map(skeleton));
        }
    }
    for p in &e.perpetrators {
        known.extend(p.value.name.split_whitespace().map(skeleton));
    }
    let mut out = std::collections::BTreeMap::new();
    for s in &e.sources {
        let words: Vec<&str> = s
            .quote
            .split(|c: char| !(c.is_alphanumeric() || c == '\''))
            .filter(|w| !w.is_empty())
            .collect();
        for (i, w) in words.iter().enumerate() {
            let first = w.chars().next().unwrap_or(' ');
            let lower_rest = w.chars().skip(1).all(|c| !c.is_uppercase());
            if i == 0 || !first.is_uppercase() || !lower_rest || w.chars().count() < 5 {
                continue;
            }
            if forewarn_model::month_number(w).is_some() || is_calendar_word(w) {
                continue;
            }
            let key = skeleton(w);
            if key.len() >= 3 && !known.contains(&key) {
                out.entry(key).or_insert_with(|| (*w).to_string());
            }
        }
    }
    out
}

fn is_calendar_word(w: &str) -> bool {
    matches!(
        w.to_lowercase().as_str(),
        "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday"
    )
}

/// Lower-case consonants, doubled letters collapsed, a leading vowel kept.
fn skeleton(word: &str) -> String {
    let mut out = String::new();
    let mut last = None;
    for (i, c) in word.chars().flat_map(char::to_lowercase).enumerate() {
        if !c.is_alphanumeric() || Some(c) == last {
            continue;
        }
        last = Some(c);
        if i > 0 && matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y') {
            continue;
        }
        out.push(c);
    }
    out
}

fn figures(c: &forewarn_model::Casualties) -> BTreeSet<u32> {
    c.reports.iter().map(|r| r.value.value).collect()
}

fn methods(e: &Event) -> BTreeSet<AttackType> {
    e.attack_type
        .iter()
        .map(|r| r.value)
        .filter(|t| *t != AttackType::Unknown)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{attack, day, killed, perpetrator, place, target};

    #[test]
    fn the_same_attack_in_two_reports_is_one_incident() {
        let mut a = attack("a", AttackType::ArmedAssault);
        a.date.push(day("a", 2024, 3, 22));
        a.location
            .push(place("a", "Krasnogorsk", "RU", GeoPrecision::City));
        a.killed = killed("a", &[137]);
        a.targets.push(target("a", "concert hall"));
        let mut b = attack("b", AttackType::ArmedAssault);
        b.date.push(day("b", 2024, 3, 22));
        b.location
            .push(place("b", "Krasnogorsk", "RU", GeoPrecision::City));
        b.killed = killed("b", &[137]);
        let c = compare(&a, &b);
        assert_eq!(c.verdict, Verdict::Same, "{c:?}");
        assert!(
            c.evidence_for
                .iter()
                .any(|e| e.contains("same killed figure"))
        );
    }

    #[test]
    fn the_same_day_and_town_alone_goes_to_a_person() {
        let mut a = attack("a", AttackType::Bombing);
        a.date.push(day("a", 1985, 6, 2));
        a.location
            .push(place("a", "Beirut", "LB", GeoPrecision::City));
        let mut b = attack("b", AttackType::Bombing);
        b.date.push(day("b", 1985, 6, 2));
        b.location
            .push(place("b", "Beirut", "LB", GeoPrecision::City));
        assert_eq!(compare(&a, &b).verdict, Verdict::Unsure);
        // Different targets on top make them two attacks.
        a.targets.push(target("a", "bank branch"));
        b.targets.push(target("b", "police station"));
        a.perpetrators.push(perpetrator("a", "grp-a", "Group A"));
        b.perpetrators.push(perpetrator("b", "grp-b", "Group B"));
        assert_eq!(compare(&a, &b).verdict, Verdict::Different);
    }

    #[test]
    fn dates_or_places_that_cannot_both_hold_rule_a_merge_out() {
        let mut a = attack("a", AttackType::Bombing);
        a.date.push(day("a", 2024, 1, 3));
        let mut b = attack("b", AttackType::Bombing);
        b.date.push(day("b", 2024, 1, 4));
        let c = compare(&a, &b);
        assert_eq!(c.verdict, Verdict::Different);
        assert!(c.evidence_against[0].contains("dates cannot both hold"));
        b.date.clear();
        a.location
            .push(place("a", "Kerman", "IR", GeoPrecision::City));
        b.location
            .push(place("b", "Kabul", "AF", GeoPrecision::City));
        assert!(compare(&a, &b).evidence_against[0].contains("different places"));
    }

    #[test]
    fn one_disagreement_does_not_split_an_otherwise_clear_incident() {
        // A maternity-ward attack, told as a shooting by one report and a bombing by another.
        let mut a = attack("a", AttackType::ArmedAssault);
        a.date.push(day("a", 2020, 5, 12));
        a.location
            .push(place("a", "Kabul", "AF", GeoPrecision::City));
        a.targets.push(target("a", "maternity ward"));
        let mut b = attack("b", AttackType::Bombing);
        b.date.push(crate::testing::year("b", 2020));
        b.location
            .push(place("b", "Kabul", "AF", GeoPrecision::City));
        b.targets.push(target("b", "maternity hospital"));
        let c = compare(&a, &b);
        assert_eq!(c.verdict, Verdict::Same, "{c:?}");
        assert_eq!(c.evidence_against.len(), 1);
    }

    #[test]
    fn a_name_both_reports_give_counts_across_spellings() {
        assert_eq!(skeleton("Suleimani"), skeleton("Soleimani"));
        assert_eq!(skeleton("Qassem"), skeleton("Qasem"));
        let mut a = attack("a", AttackType::Bombing);
        a.sources.push(crate::testing::source(
            "a",
            "Two blasts killed mourners at a memorial for General Qassem Suleimani.",
        ));
        let mut b = attack("b", AttackType::Bombing);
        b.sources.push(crate::testing::source(
            "b",
            "The group attacked a crowd honouring the late commander Qasem Soleimani.",
        ));
        let names = distinctive_names(&a);
        assert!(names.values().any(|w| w == "Suleimani"), "{names:?}");
        assert!(!names.values().any(|w| w == "Two"));
        a.date.push(crate::testing::month("a", 2024, 1));
        b.date.push(crate::testing::month("b", 2024, 1));
        let c = compare(&a, &b);
        assert!(
            c.evidence_for
                .iter()
                .any(|e| e.contains("both reports name")),
            "{c:?}"
        );
    }
}

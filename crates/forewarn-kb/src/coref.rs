//! Event coreference: whether two reports describe the same real incident.
//!
//! A comparison weighs *anchors* (when and where) and *corroboration* (who, what was hit,
//! how many died) against *conflicts*, and names every piece of evidence so that a reviewer
//! deciding an unsure pair sees why the machine hesitated.
//!
//! - Ruled out outright: different kinds of event, dates that cannot both hold, different
//!   countries, or different towns more than 25 km apart.
//! - Anchors: the same day (2) or overlapping dates within a month (1), or a coarser overlap
//!   (1); the same town (2), or towns within 25 km of each other, or a place inside the
//!   other, or the same province or country (1).
//! - Corroboration: a named perpetrator in common (2), a content word shared by the targets
//!   ("maternity ward" and "maternity hospital", 2), a distinctive name both reports'
//!   sentences give, matched across spellings (Suleimani and Soleimani, 2; countries,
//!   provinces, large cities, demonyms and the words of institutions' names such as
//!   "Airport" or "Embassy" do not count, nor a word only seen opening a sentence in both),
//!   the same non-zero killed or injured figure (1 each, 2 when it is ten or more), or close
//!   figures of five or more, an early and a later toll (at most 1.6 times apart, 1 each), a
//!   distinctive weapon word in common ("sarin", "drone", 1).
//! - Conflicts: methods that cannot be one attack (shooting against bombing; an
//!   assassination fits a bombing or a shooting, a hostage-taking an armed assault or a
//!   kidnapping), named perpetrators with none in common, targets with no word in common,
//!   killed figures of three or more more than three times apart unless the smaller is only
//!   a lower bound ("at least 31").
//!
//! Same: anchors 3 or more with some corroboration and no conflict; anchors 3 or more, one
//! conflict and evidence specific to this incident (a target word, a name or a figure in
//! common: reports of one attack often disagree on one thing, which becomes a
//! contradiction, while the same group and method fit a whole campaign); anchors 2 with
//! corroboration 3 and no conflict; or any anchor with corroboration 4, some of it
//! specific, and at most one conflict (a report that dates an attack only by its year but
//! names its group and target). Unsure (adjudication): anchors and corroboration adding
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
        let local = |p: &Place| matches!(p.precision, GeoPrecision::City | GeoPrecision::Site);
        let compatible = places_compatible(x, y);
        let near = (!compatible && local(x) && local(y) && x.country == y.country)
            .then(|| distance_km(x, y))
            .flatten()
            .filter(|km| *km <= NEARBY_KM);
        if let Some(km) = near {
            // A resort and the city it belongs to ("Port El Kantaoui" and "Sousse"), or a
            // district written as its own town: reports differ in how closely they place it.
            anchors += 1;
            evidence_for.push(format!(
                "nearby places, {} and {} ({km:.0} km apart)",
                place_label(x),
                place_label(y)
            ));
        } else if !compatible {
            return Comparison::ruled_out(format!(
                "different places: {} and {}",
                place_label(x),
                place_label(y)
            ));
        } else if local(x) && local(y) {
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
    // A word capitalised only because it opens a sentence counts when the other report
    // capitalises it inside one.
    let shared = na.iter().find(|(k, (_, opens_a))| {
        nb.get(*k)
            .is_some_and(|(_, opens_b)| !(*opens_a && *opens_b))
    });
    if let Some((_, (written, _))) = shared {
        corroboration += 2;
        specific = true;
        evidence_for.push(format!("both reports name {written}"));
    }

    for (what, ca, cb) in [
        ("killed", &a.killed, &b.killed),
        ("injured", &a.injured, &b.injured),
    ] {
        let (fa, fb) = (figures(ca), figures(cb));
        if let Some(&v) = fa.intersection(&fb).filter(|v| **v > 0).max() {
            // A toll of ten or more matching exactly is rare among the day's incidents.
            let points = if v >= 10 { 2 } else { 1 };
            corroboration += points;
            specific = true;
            evidence_for.push(format!("same {what} figure, {v}"));
            continue;
        }
        let (Some(&x), Some(&y)) = (fa.iter().max(), fb.iter().max()) else {
            continue;
        };
        let (low, high) = (x.min(y), x.max(y));
        if low >= CLOSE_FIGURE_MIN && 5 * high <= 8 * low {
            // An early toll and a later one ("at least 39", then 67 is too far; 84 then 86).
            corroboration += 1;
            specific = true;
            evidence_for.push(format!("{what} figures close: {x} and {y}"));
        } else if what == "killed"
            && low >= CLOSE_FIGURE_MIN.min(3)
            && high > 3 * low
            && !lower_bound(if x == low { ca } else { cb }, low)
        {
            // A lone death ("Bhutto was killed") or an early "at least" toll is no conflict
            // with the full toll.
            against.push(format!("killed figures far apart: {x} and {y}"));
        }
    }

    let (wa, wb) = (weapon_words(a), weapon_words(b));
    if let Some(w) = wa.intersection(&wb).next() {
        corroboration += 1;
        evidence_for.push(format!("same weapon, {w}"));
    }

    let (ma, mb) = (methods(a), methods(b));
    let methods_fit = ma
        .iter()
        .any(|x| mb.iter().any(|y| methods_compatible(*x, *y)));
    if !ma.is_empty() && !mb.is_empty() && !methods_fit {
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

/// Capitalised words of five letters or more in the event's sentences, each marked whether
/// it was only seen opening a sentence, keyed by a spelling-tolerant skeleton: lower-case consonants with doubled letters
/// collapsed, so that transliterations (Qassem Suleimani, Qasem Soleimani) meet. Names of
/// the event's own places and perpetrators, and calendar words, are left out: they are
/// compared on their own terms.
fn distinctive_names(e: &Event) -> std::collections::BTreeMap<String, (String, bool)> {
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
            if !first.is_uppercase() || !lower_rest || w.chars().count() < 5 {
                continue;
            }
            if forewarn_model::month_number(w).is_some()
                || is_calendar_word(w)
                || is_institution_word(w)
                || is_common_place(w)
            {
                continue;
            }
            let key = skeleton(w);
            if key.len() >= 3 && !known.contains(&key) {
                let entry = out.entry(key).or_insert_with(|| ((*w).to_string(), i == 0));
                if i > 0 && entry.1 {
                    *entry = ((*w).to_string(), false);
                }
            }
        }
    }
    out
}

/// Words that open or close the names of institutions and places of every kind ("Lod
/// Airport", "Israeli Embassy", "Liberation Army"): shared, they say nothing.
fn is_institution_word(w: &str) -> bool {
    let lower = w.to_lowercase();
    let stem = lower.strip_suffix('s').unwrap_or(&lower);
    matches!(
        stem,
        "airport"
            | "airline"
            | "embassy"
            | "consulate"
            | "hotel"
            | "street"
            | "square"
            | "university"
            | "college"
            | "school"
            | "hospital"
            | "ministry"
            | "minister"
            | "office"
            | "president"
            | "prime"
            | "government"
            | "police"
            | "army"
            | "force"
            | "party"
            | "national"
            | "international"
            | "federal"
            | "republic"
            | "united"
            | "state"
            | "nation"
            | "front"
            | "liberation"
            | "revolutionary"
            | "organization"
            | "organisation"
            | "group"
            | "movement"
            | "council"
            | "centre"
            | "center"
            | "station"
            | "church"
            | "mosque"
            | "company"
            | "general"
            | "commander"
            | "islamic"
            | "muslim"
            | "moslem"
            | "christian"
            | "jewish"
            | "western"
            | "eastern"
            | "northern"
            | "southern"
            | "central"
    )
}

/// Countries, provinces, regions, their demonyms ("Israeli", "Persian") and large cities:
/// many incidents of one place and time share them.
fn is_common_place(w: &str) -> bool {
    forewarn_gazetteer::Gazetteer::global()
        .lookup(w, None)
        .iter()
        .any(|e| e.kind != forewarn_gazetteer::PlaceKind::City || e.population >= 100_000)
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

/// Figures at least this large can be compared as early and later tolls; smaller ones are
/// as often a single named victim as the toll.
const CLOSE_FIGURE_MIN: u32 = 5;

/// Two towns at most this far apart may be one place told at two scales.
const NEARBY_KM: f64 = 25.0;

/// Whether `value` is reported only as a lower bound ("at least 31 dead").
fn lower_bound(c: &forewarn_model::Casualties, value: u32) -> bool {
    c.reports.iter().any(|r| {
        r.value.value == value && r.value.qualifier == forewarn_model::CountQualifier::AtLeast
    })
}

/// Great-circle distance between two located places.
fn distance_km(a: &Place, b: &Place) -> Option<f64> {
    let (lat1, lon1, lat2, lon2) = (a.lat?, a.lon?, b.lat?, b.lon?);
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    Some(2.0 * 6371.0 * h.sqrt().asin())
}

/// Methods that one attack can be told as: an assassination carried out by bomb or gun,
/// hostages taken in an armed assault, a kidnapping told as a hostage-taking.
fn methods_compatible(a: AttackType, b: AttackType) -> bool {
    use AttackType::*;
    a == b
        || matches!(
            (a.min(b), a.max(b)),
            (Bombing, Assassination)
                | (ArmedAssault, Assassination)
                | (ArmedAssault, HostageTaking)
                | (HostageTaking, Kidnapping)
                | (ArmedAssault, FacilityAttack)
        )
}

/// Distinctive words of the weapons named ("sarin", "drone", "petrol"): the everyday words
/// for bombs, guns and their carriers fit most attacks and are left out.
fn weapon_words(e: &Event) -> BTreeSet<String> {
    e.weapons
        .iter()
        .flat_map(|w| {
            w.value
                .mention
                .split(|c: char| !c.is_alphanumeric())
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
        })
        .filter(|w| w.chars().count() >= 4)
        // Verbs caught in the mention ("bomb exploded", "blown up") name no weapon.
        .filter(|w| !w.ends_with("ed") && !matches!(w.as_str(), "blown" | "blew" | "threw"))
        .filter(|w| {
            let stem = w.strip_suffix('s').unwrap_or(w);
            !matches!(
                stem,
                "bomb"
                    | "bomber"
                    | "bombing"
                    | "blast"
                    | "explosive"
                    | "explosion"
                    | "device"
                    | "grenade"
                    | "gunmen"
                    | "gunman"
                    | "gunfire"
                    | "rifle"
                    | "weapon"
                    | "firearm"
                    | "pistol"
                    | "attacker"
                    | "suicide"
                    | "vest"
                    | "belt"
                    | "truck"
                    | "lorry"
                    | "vehicle"
                    | "motorcycle"
                    | "fire"
                    | "shot"
                    | "shooting"
                    | "automatic"
                    | "armed"
                    | "destroyed"
                    | "attacked"
                    | "homemade"
                    | "improvised"
            )
        })
        .collect()
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
    use forewarn_model::Casualties;

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
        assert!(
            names.values().any(|(w, opens)| w == "Suleimani" && !opens),
            "{names:?}"
        );
        assert!(!names.values().any(|(w, _)| w == "Two"));
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

    fn weapon(doc: &str, mention: &str) -> forewarn_model::Report<forewarn_model::Weapon> {
        crate::testing::report(
            doc,
            forewarn_model::Weapon {
                kind: forewarn_model::WeaponType::Chemical,
                mention: mention.to_string(),
            },
        )
    }

    #[test]
    fn an_early_toll_and_a_later_one_corroborate_and_a_lower_bound_is_no_conflict() {
        // Tokyo, 20 March 1995: eight dead in the first reports, twelve later.
        let mut a = attack("a", AttackType::Unknown);
        a.date.push(day("a", 1995, 3, 20));
        a.location
            .push(place("a", "Tokyo", "JP", GeoPrecision::City));
        a.killed = killed("a", &[8]);
        let mut b = a.clone();
        b.killed = killed("b", &[12]);
        let c = compare(&a, &b);
        assert_eq!(c.verdict, Verdict::Same, "{c:?}");
        assert!(c.evidence_for.iter().any(|e| e.contains("figures close")));
        // "At least 31" early on, 167 at the end: neither close nor contradictory.
        a.killed = Casualties {
            reports: vec![crate::testing::count_report(
                "a",
                31,
                forewarn_model::CountQualifier::AtLeast,
                None,
            )],
            ..Casualties::default()
        };
        b.killed = killed("b", &[167]);
        let c = compare(&a, &b);
        assert!(c.evidence_against.is_empty(), "{c:?}");
        // An exact 31 against 167 is a conflict; a lone death against 24 is not.
        a.killed = killed("a", &[31]);
        assert!(compare(&a, &b).evidence_against[0].contains("far apart"));
        a.killed = killed("a", &[1]);
        b.killed = killed("b", &[24]);
        assert!(compare(&a, &b).evidence_against.is_empty());
    }

    #[test]
    fn a_distinctive_weapon_counts_and_an_everyday_one_does_not() {
        let mut a = attack("a", AttackType::Unknown);
        a.weapons.push(weapon("a", "sarin"));
        a.weapons.push(weapon("a", "bomb exploded"));
        assert_eq!(weapon_words(&a).into_iter().collect::<Vec<_>>(), ["sarin"]);
        let mut b = attack("b", AttackType::Unknown);
        b.weapons.push(weapon("b", "Sarin gas"));
        a.date.push(day("a", 1995, 3, 20));
        b.date.push(day("b", 1995, 3, 20));
        let c = compare(&a, &b);
        assert!(
            c.evidence_for.iter().any(|e| e == "same weapon, sarin"),
            "{c:?}"
        );
    }

    #[test]
    fn an_assassination_by_bomb_is_not_a_conflict_of_methods() {
        assert!(methods_compatible(
            AttackType::Assassination,
            AttackType::Bombing
        ));
        assert!(methods_compatible(
            AttackType::HostageTaking,
            AttackType::ArmedAssault
        ));
        assert!(!methods_compatible(
            AttackType::Bombing,
            AttackType::ArmedAssault
        ));
        let mut a = attack("a", AttackType::Assassination);
        a.date.push(day("a", 2007, 12, 27));
        a.location
            .push(place("a", "Rawalpindi", "PK", GeoPrecision::City));
        let mut b = attack("b", AttackType::Bombing);
        b.date.push(day("b", 2007, 12, 27));
        b.location
            .push(place("b", "Rawalpindi", "PK", GeoPrecision::City));
        assert!(compare(&a, &b).evidence_against.is_empty());
    }

    #[test]
    fn nearby_towns_anchor_weakly_and_distant_ones_rule_out() {
        let located = |doc: &str, name: &str, lat: f64, lon: f64| {
            let mut p = place(doc, name, "TN", GeoPrecision::City);
            p.value.lat = Some(lat);
            p.value.lon = Some(lon);
            p
        };
        let mut a = attack("a", AttackType::ArmedAssault);
        a.location
            .push(located("a", "Port El Kantaoui", 35.89, 10.60));
        let mut b = attack("b", AttackType::ArmedAssault);
        b.location.push(located("b", "Sousse", 35.83, 10.64));
        let c = compare(&a, &b);
        assert_eq!(c.anchors, 1, "{c:?}");
        assert!(c.evidence_for[0].starts_with("nearby places"));
        b.location = vec![located("b", "Tunis", 36.80, 10.18)];
        assert!(compare(&a, &b).evidence_against[0].contains("different places"));
    }

    #[test]
    fn countries_demonyms_and_institution_words_are_not_distinctive_names() {
        let mut a = attack("a", AttackType::Bombing);
        a.sources.push(crate::testing::source(
            "a",
            "A bomb damaged the Israeli Embassy near the Airport in Greece.",
        ));
        assert!(
            distinctive_names(&a).is_empty(),
            "{:?}",
            distinctive_names(&a)
        );
        // A name opening a sentence in one report and inside one in the other is shared.
        let mut b = attack("b", AttackType::Bombing);
        b.sources.push(crate::testing::source(
            "b",
            "Murrah Federal Building was hit by a truck bomb.",
        ));
        let mut c = attack("c", AttackType::Bombing);
        c.sources.push(crate::testing::source(
            "c",
            "Rescuers searched the ruined Murrah building.",
        ));
        for e in [&mut b, &mut c] {
            e.date.push(day("x", 1995, 4, 19));
        }
        let cmp = compare(&b, &c);
        assert!(
            cmp.evidence_for.iter().any(|e| e.contains("name Murrah")),
            "{cmp:?}"
        );
        // Opening a sentence in both, a word is not known to be a name.
        c.sources = vec![crate::testing::source(
            "c",
            "Murrah was the building's name.",
        )];
        assert!(
            !compare(&b, &c)
                .evidence_for
                .iter()
                .any(|e| e.contains("name Murrah"))
        );
    }
}

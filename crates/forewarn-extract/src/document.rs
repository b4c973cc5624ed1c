//! Extraction of one whole document: analysis, actors, places, event frames, and the frames
//! of one incident merged into one [`Event`].
//!
//! Merging is also offered across documents ([`merge_events`]): the same rules decide
//! whether two reports are one incident, and every report is kept, so that disagreements
//! (137 killed here, more than 140 there) stay visible.

use std::collections::BTreeSet;

use forewarn_gazetteer::Gazetteer;
use forewarn_lexicon::Lexicon;
use forewarn_model::{
    AttackType, Casualties, Count, CountQualifier, DatePrecision, Document, DocumentId, Event,
    EventId, EventKind, FuzzyDate, GeoPrecision, Place, Producer, Provenance, Report, SourceQuote,
    Span,
};
use jiff::Timestamp;

use crate::actors::resolve_actors;
use crate::frames::{Frame, Slot, find_frames, fold, places_compatible};
use crate::{Extraction, analyse};

/// Extracts everything forewarn records from one document: actors, events (one per
/// incident), and diagnostics. Pure: provenance is stamped with the document's id and its
/// `retrieved` time; relative dates are read against its published date, or a date inferred
/// from the text when it has none.
pub fn extract(doc: &Document) -> Extraction {
    let text = doc.text.as_str();
    let mut analysis = analyse(text, doc.meta.published);
    let gazetteer = Gazetteer::global();
    // Lower-cased text (processed corpora such as MUC-4) gives the gazetteer no capitals to
    // go by: it reads an upper-cased copy instead, as it reads wire copy in capitals. ASCII
    // upper-casing keeps every byte offset, so spans still point into `text`.
    let upper;
    let place_text = if is_lower_cased(text) {
        upper = text.to_ascii_uppercase();
        upper.as_str()
    } else {
        text
    };
    let mentions = gazetteer.find(place_text);
    let mut places = gazetteer.resolve(place_text, &mentions, None);
    // A capitalised dateline in mixed-case text ("GREECE. A bomb exploded ...") is read as
    // wire copy in capitals is, on its own.
    if !places
        .iter()
        .any(|p| text[..p.span.start].trim().is_empty())
        && let Some(lead) = capitalised_lead(text)
    {
        let found = gazetteer.find(lead);
        places.extend(
            gazetteer
                .resolve(lead, &found, None)
                .into_iter()
                .filter(|p| lead[..p.span.start].trim().is_empty()),
        );
        places.sort_by_key(|p| p.span.start);
    }
    // A dateline ("GREECE. A bomb exploded near the U.S. embassy in Athens.", "KABUL,
    // Afghanistan -") says where the story is: its country decides ambiguous names.
    if let Some(country) = lead_country(text, &places)
        && places
            .iter()
            .any(|p| p.place.country.as_deref() != Some(&country))
    {
        let lead: Vec<_> = places
            .iter()
            .filter(|p| text[..p.span.start].trim().is_empty())
            .cloned()
            .collect();
        // Names that can be read in that country are ("Athens" in a GREECE story is not
        // the town in Georgia, whatever else the story mentions).
        let narrowed: Vec<_> = mentions
            .iter()
            .map(|m| {
                let mut m = m.clone();
                let inside: Vec<u32> = m
                    .candidates
                    .iter()
                    .copied()
                    .filter(|&id| gazetteer.entry(id).country.as_deref() == Some(&country))
                    .collect();
                if !inside.is_empty() {
                    m.candidates = inside;
                }
                m
            })
            .collect();
        places = gazetteer.resolve(place_text, &narrowed, Some(&country));
        for p in lead {
            if !places.iter().any(|q| q.span == p.span) {
                places.push(p);
            }
        }
        places.sort_by_key(|p| p.span.start);
    }
    // Villages and districts the gazetteer lacks, placed by the division written after them.
    let unlisted = gazetteer.propose_unlisted(place_text, &places);
    if !unlisted.is_empty() {
        places.extend(unlisted);
        forewarn_gazetteer::Gazetteer::drop_contradicted(&mut places);
        places.sort_by_key(|p| p.span.start);
    }
    gazetteer.restate_former_divisions(place_text, &mut places);
    // The countries the story is about settle aliases that groups of several countries
    // share ("the ERP" in an Argentine story).
    let mut countries: Vec<String> = places
        .iter()
        .filter_map(|p| p.place.country.clone())
        .collect();
    countries.sort();
    countries.dedup();
    // What `find_actors_in` does, keeping the dictionary mentions for the generic
    // descriptions below rather than looking for them twice.
    let lexicon = Lexicon::global();
    let prepared = lexicon.prepare(text);
    let mut actor_mentions = lexicon.find_in_prepared(&prepared, &countries);
    // Names whose meaning changed at a date ("the IRA" after 1969) are read at the
    // document's date (published, or inferred from the text).
    let dated = analysis.reference.map(|r| r.date.to_string());
    lexicon.read_as_of(&mut actor_mentions, dated.as_deref());
    let proposed = forewarn_lexicon::propose_unknown(text, &actor_mentions);
    let actors = resolve_actors(
        text,
        &analysis,
        &actor_mentions,
        &proposed,
        &doc.id,
        doc.retrieved,
    );
    // A date inside a group's name ("the November 17 organization", "Popular Forces of
    // April 25") dates nothing the report tells.
    analysis.temporal.retain(|t| {
        !actors
            .refs
            .iter()
            .any(|r| r.span.start <= t.span.start && t.span.end <= r.span.end)
    });
    let generic = lexicon.find_generic_in_prepared(&prepared, &actor_mentions);
    let mut diagnostics = analysis.diagnostics.clone();
    let mut frames = find_frames(
        text,
        &analysis,
        &actors,
        &places,
        &generic,
        &mut diagnostics,
    );
    heading_country(text, &places, &mut frames);
    let events = merge_events(frames_to_events(&frames, text, &doc.id, doc.retrieved));
    let (relations, facts, notes) =
        crate::relations::find_relations(text, &analysis, &actors.refs, &doc.id, doc.retrieved);
    diagnostics.notes.extend(notes);
    Extraction {
        events,
        actors: actors.findings,
        relations,
        facts,
        diagnostics,
    }
}

/// The country of a place that opens the text as a dateline: the first thing in it,
/// followed by a period, comma, dash or colon.
fn lead_country(text: &str, places: &[forewarn_gazetteer::ResolvedPlace]) -> Option<String> {
    let first = places.iter().min_by_key(|p| p.span.start)?;
    let lead = text.get(..first.span.start)?;
    if !lead.trim().is_empty() || first.demonym {
        return None;
    }
    let rest = text.get(first.span.end..)?.trim_start();
    rest.starts_with(['.', ',', '-', '–', '—', ':'])
        .then(|| first.place.country.clone())
        .flatten()
}

/// A report headed by a country's name alone ("GREECE.  Gunmen hijacked a flight to
/// Cairo.", the style of incident chronologies) says where its incident happened: a frame
/// placed in another country (a flight's destination, an owner's country, a victim's home)
/// is placed instead at the most precise place of its own sentences inside the heading's
/// country, else at that country (rule `frame.place.heading`); a frame with no place gets
/// the country. A heading that names a city ("KABUL, Afghanistan -") is only the filing
/// place of a wire story and is not used this way.
fn heading_country(text: &str, places: &[forewarn_gazetteer::ResolvedPlace], frames: &mut [Frame]) {
    let Some(head) = places.iter().min_by_key(|p| p.span.start) else {
        return;
    };
    let Some(country) = head.place.country.as_deref() else {
        return;
    };
    if head.place.precision != GeoPrecision::Country
        || head.demonym
        || lead_country(text, places).as_deref() != Some(country)
    {
        return;
    }
    let rank = |p: GeoPrecision| match p {
        GeoPrecision::Site => 4,
        GeoPrecision::City => 3,
        GeoPrecision::Admin1 => 2,
        _ => 1,
    };
    for f in frames.iter_mut() {
        if f.place
            .as_ref()
            .is_some_and(|p| p.value.country.as_deref() == Some(country))
        {
            continue;
        }
        let inside = places
            .iter()
            .filter(|p| {
                !p.demonym
                    && p.span != head.span
                    && p.place.country.as_deref() == Some(country)
                    && f.sentences
                        .iter()
                        .any(|s| s.start <= p.span.start && p.span.end <= s.end)
            })
            .max_by_key(|p| rank(p.place.precision));
        let chosen = inside.unwrap_or(head);
        f.place = Some(Slot {
            value: chosen.place.clone(),
            span: chosen.span,
            rule: "frame.place.heading",
            confidence: f64::from(chosen.confidence) * 0.8,
        });
    }
}

/// The text's opening words up to the first period, comma or dash, when they are all in
/// capitals (a dateline such as "WEST GERMANY." or "LIMA, PERU").
fn capitalised_lead(text: &str) -> Option<&str> {
    let end = text.find(['.', ',', '-', '–', '—', ':', '\n'])?;
    let lead = &text[..end];
    let letters = lead.chars().filter(|c| c.is_alphabetic()).count();
    let caps = lead.chars().all(|c| !c.is_alphabetic() || c.is_uppercase());
    (letters >= 3 && end <= 60 && caps).then_some(lead)
}

/// Whether a text is (nearly) all lower case: fewer than one ASCII letter in a hundred is a
/// capital. Texts with few letters count as not lower-cased.
fn is_lower_cased(text: &str) -> bool {
    let (mut upper, mut lower) = (0usize, 0usize);
    for b in text.bytes() {
        if b.is_ascii_uppercase() {
            upper += 1;
        } else if b.is_ascii_lowercase() {
            lower += 1;
        }
    }
    lower >= 20 && upper * 100 < lower
}

/// Turns frames into events, one per frame, each value with its provenance.
pub fn frames_to_events(
    frames: &[Frame],
    text: &str,
    doc: &DocumentId,
    at: Timestamp,
) -> Vec<Event> {
    let short: String = doc.as_str().chars().take(16).collect();
    let mut ids: Vec<String> = Vec::with_capacity(frames.len());
    frames
        .iter()
        .map(|f| {
            let trigger = f
                .triggers
                .first()
                .copied()
                .or_else(|| f.sentences.first().copied())
                .unwrap_or(Span::new(0, 0));
            let prov = |span: Span, rule: &str, confidence: f64| Provenance {
                document: doc.clone(),
                span,
                producer: Producer::Rule(rule.to_string()),
                confidence,
                at: at.to_owned(),
            };
            let report = |s: &dyn SlotLike| Report {
                value: (),
                provenance: prov(s.span(), s.rule(), s.confidence()),
                quote: s.span().slice(text).unwrap_or("").to_string(),
            };
            fn with<T: Clone>(r: Report<()>, v: &T) -> Report<T> {
                Report {
                    value: v.clone(),
                    provenance: r.provenance,
                    quote: r.quote,
                }
            }
            let kind_rule = f.types.first().map_or("frame.kind", |t| t.rule);
            let counts = |v: &[Slot<Count>]| -> Casualties {
                let reports: Vec<Report<Count>> =
                    v.iter().map(|s| with(report(s), &s.value)).collect();
                reconcile(reports)
            };
            // Frames split from one plural trigger share it: number the later ones.
            let mut id = format!("{short}-{}", trigger.start);
            let same = ids.iter().filter(|x| x.starts_with(&id)).count();
            if same > 0 {
                id = format!("{id}.{same}");
            }
            ids.push(id.clone());
            Event {
                id: EventId(id),
                kind: Report {
                    value: f.kind,
                    provenance: prov(trigger, kind_rule, f.confidence),
                    quote: trigger.slice(text).unwrap_or("").to_string(),
                },
                attack_type: f.types.iter().map(|s| with(report(s), &s.value)).collect(),
                date: f.date.iter().map(|s| with(report(s), &s.value)).collect(),
                location: f.place.iter().map(|s| with(report(s), &s.value)).collect(),
                perpetrators: f
                    .perpetrators
                    .iter()
                    .map(|s| with(report(s), &s.value))
                    .collect(),
                killed: counts(&f.killed),
                injured: counts(&f.injured),
                targets: f
                    .targets
                    .iter()
                    .map(|s| with(report(s), &s.value))
                    .collect(),
                weapons: f
                    .weapons
                    .iter()
                    .map(|s| with(report(s), &s.value))
                    .collect(),
                victims: f
                    .victims
                    .iter()
                    .map(|s| with(report(s), &s.value))
                    .collect(),
                sources: f
                    .sentences
                    .iter()
                    .map(|&span| SourceQuote {
                        document: doc.clone(),
                        quote: span.slice(text).unwrap_or("").trim().to_string(),
                        span,
                    })
                    .collect(),
                confidence: f.confidence,
            }
        })
        .collect()
}

/// What a report needs from a slot, whatever its value.
trait SlotLike {
    fn span(&self) -> Span;
    fn rule(&self) -> &str;
    fn confidence(&self) -> f64;
}

impl<T> SlotLike for Slot<T> {
    fn span(&self) -> Span {
        self.span
    }
    fn rule(&self) -> &str {
        self.rule
    }
    fn confidence(&self) -> f64 {
        self.confidence
    }
}

/// Reconciles reported figures into low, best and high.
///
/// The rule: `low` is the smallest lower bound any source gives; `best` is the smallest
/// exact figure if a source gives one, else the smallest "at least" or "about" figure (the
/// conservative reading ACLED prescribes); `high` is the largest upper bound, and only when
/// every source bounds the figure from above (exact, "up to", or a range).
pub fn reconcile(reports: Vec<Report<Count>>) -> Casualties {
    let lows = reports.iter().map(|r| r.value.value);
    let low = lows.min();
    let exact = reports
        .iter()
        .filter(|r| r.value.qualifier == CountQualifier::Exact)
        .map(|r| r.value.value)
        .min();
    let best = exact.or_else(|| {
        reports
            .iter()
            .filter(|r| {
                matches!(
                    r.value.qualifier,
                    CountQualifier::AtLeast | CountQualifier::About | CountQualifier::Range
                )
            })
            .map(|r| r.value.value)
            .min()
    });
    let uppers: Option<Vec<u32>> = reports
        .iter()
        .map(|r| match r.value.qualifier {
            CountQualifier::Exact | CountQualifier::UpTo => Some(r.value.value),
            CountQualifier::Range => r.value.high,
            _ => None,
        })
        .collect();
    let high = uppers.and_then(|u| u.into_iter().max());
    Casualties {
        low,
        best,
        high,
        reports,
    }
}

/// The date a person set, else the narrowest reported date ([`Event::best_date`]).
pub fn best_date(e: &Event) -> Option<&Report<FuzzyDate>> {
    e.best_date()
}

/// The place a person set, else the most precise reported place ([`Event::best_place`]).
pub fn best_place(e: &Event) -> Option<&Report<Place>> {
    e.best_place()
}

/// The attack type a person set, else the one most reports give
/// ([`Event::primary_attack_type`]).
pub fn primary_attack_type(e: &Event) -> Option<AttackType> {
    e.primary_attack_type()
}

/// Whether an event was reported as a suicide attack (by a suicide trigger's rule).
pub fn is_suicide(e: &Event) -> bool {
    e.attack_type.iter().any(|r| match &r.provenance.producer {
        Producer::Rule(n) => n.contains("suicide"),
        _ => false,
    })
}

/// How strongly two events look like one incident; `None` when something rules it out
/// (different kind, dates that do not overlap, different countries or towns).
///
/// Evidence: dates within a short period (+2) or the same year (+1); the same town (+2) or
/// country (+1); a content word shared by the targets ("maternity ward" / "maternity
/// hospital", +2); the same killed figure (+1). Attack types that disagree cost 1. Two
/// events are merged from a score of 2.
pub fn incident_score(a: &Event, b: &Event) -> Option<i32> {
    if a.kind.value != b.kind.value {
        return None;
    }
    let mut score = 0;
    if let (Some(x), Some(y)) = (best_date(a), best_date(b)) {
        if !x.value.overlaps(&y.value) {
            return None;
        }
        let coarse = x.value.span_days().max(y.value.span_days());
        score += if coarse <= 122 { 2 } else { 1 };
    }
    if let (Some(x), Some(y)) = (best_place(a), best_place(b)) {
        if !places_compatible(&x.value, &y.value) {
            return None;
        }
        let same_name = x.value.name.is_some()
            && fold(x.value.name.as_deref().unwrap_or(""))
                == fold(y.value.name.as_deref().unwrap_or(""));
        let local = |p: &Place| p.precision.rank() >= 3;
        score += if same_name && local(&x.value) { 2 } else { 1 };
    }
    let words = |e: &Event| -> BTreeSet<String> {
        e.targets
            .iter()
            .flat_map(|t| {
                t.value
                    .mention
                    .split(|c: char| !c.is_alphanumeric())
                    .map(str::to_lowercase)
                    .collect::<Vec<_>>()
            })
            .filter(|w| w.len() >= 4 && !matches!(w.as_str(), "people" | "city" | "forces"))
            .collect()
    };
    if !words(a).is_disjoint(&words(b)) {
        score += 2;
    }
    let killed =
        |e: &Event| -> BTreeSet<u32> { e.killed.reports.iter().map(|r| r.value.value).collect() };
    if !killed(a).is_disjoint(&killed(b)) {
        score += 1;
    }
    let types = |e: &Event| -> BTreeSet<&'static str> {
        e.attack_type
            .iter()
            .filter(|r| r.value != AttackType::Unknown)
            .map(|r| r.value.as_str())
            .collect()
    };
    let (ta, tb) = (types(a), types(b));
    if !ta.is_empty() && !tb.is_empty() && ta.is_disjoint(&tb) {
        score -= 1;
    }
    Some(score)
}

/// Merges events that are one incident (see [`incident_score`]), keeping every report and
/// source. Each event joins the earlier event it scores highest with, if that is 2 or more.
pub fn merge_events(events: Vec<Event>) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    for e in events {
        let best = out
            .iter()
            .enumerate()
            .filter_map(|(i, o)| incident_score(o, &e).map(|s| (s, i)))
            .filter(|(s, _)| *s >= 2)
            .max_by_key(|(s, i)| (*s, std::cmp::Reverse(*i)));
        match best {
            Some((_, i)) => merge_into(&mut out[i], e),
            None => out.push(e),
        }
    }
    out
}

fn merge_into(a: &mut Event, b: Event) {
    a.attack_type.extend(b.attack_type);
    a.date.extend(b.date);
    a.location.extend(b.location);
    for p in b.perpetrators {
        let same = a.perpetrators.iter().any(|x| x.value == p.value);
        if !same {
            a.perpetrators.push(p);
        }
    }
    let mut killed = std::mem::take(&mut a.killed.reports);
    killed.extend(b.killed.reports);
    a.killed = reconcile(killed);
    let mut injured = std::mem::take(&mut a.injured.reports);
    injured.extend(b.injured.reports);
    a.injured = reconcile(injured);
    a.targets.extend(b.targets);
    a.weapons.extend(b.weapons);
    a.victims.extend(b.victims);
    for s in b.sources {
        if !a
            .sources
            .iter()
            .any(|x| x.document == s.document && x.span == s.span)
        {
            a.sources.push(s);
        }
    }
    a.confidence = a.confidence.max(b.confidence);
}

/// The precision name of a date, for exports.
pub fn precision_name(d: &FuzzyDate) -> &'static str {
    match d.precision {
        DatePrecision::Day => "day",
        DatePrecision::Month => "month",
        DatePrecision::Year => "year",
        DatePrecision::Range => "range",
    }
}

/// Whether an event is an attack.
pub fn is_attack(e: &Event) -> bool {
    e.kind.value == EventKind::Attack
}

#[cfg(test)]
mod tests {
    use super::*;
    use forewarn_model::{DocumentId, Producer, Provenance};

    fn report(value: u32, qualifier: CountQualifier, high: Option<u32>) -> Report<Count> {
        Report {
            value: Count {
                value,
                qualifier,
                high,
            },
            provenance: Provenance {
                document: DocumentId("d".into()),
                span: Span::new(0, 1),
                producer: Producer::Rule("test".into()),
                confidence: 1.0,
                at: Timestamp::UNIX_EPOCH,
            },
            quote: String::new(),
        }
    }

    #[test]
    fn a_capitalised_dateline_is_the_lead() {
        assert_eq!(
            capitalised_lead("WEST GERMANY.  A bomb exploded."),
            Some("WEST GERMANY")
        );
        assert_eq!(capitalised_lead("LIMA, PERU - Police said"), Some("LIMA"));
        assert_eq!(capitalised_lead("Lima, Peru - Police said"), None);
        assert_eq!(capitalised_lead("No punctuation at all"), None);
    }

    #[test]
    fn lower_cased_text_is_told_from_mixed_and_capitals() {
        assert!(is_lower_cased(
            "gunmen attacked a bus near kabul on monday, killing four people."
        ));
        assert!(!is_lower_cased(
            "Gunmen attacked a bus near Kabul on Monday, killing four people."
        ));
        assert!(!is_lower_cased(
            "GUNMEN ATTACKED A BUS NEAR KABUL ON MONDAY."
        ));
        assert!(!is_lower_cased("ok"));
    }

    #[test]
    fn reconcile_takes_the_conservative_exact_figure_and_keeps_every_report() {
        let c = reconcile(vec![
            report(137, CountQualifier::Exact, None),
            report(140, CountQualifier::AtLeast, None),
        ]);
        assert_eq!((c.low, c.best, c.high), (Some(137), Some(137), None));
        assert_eq!(c.reports.len(), 2);
    }

    #[test]
    fn reconcile_bounds_from_above_only_when_every_source_does() {
        let c = reconcile(vec![
            report(15, CountQualifier::Range, Some(20)),
            report(18, CountQualifier::UpTo, None),
        ]);
        assert_eq!((c.low, c.best, c.high), (Some(15), Some(15), Some(20)));
        let none = reconcile(Vec::new());
        assert_eq!((none.low, none.best, none.high), (None, None, None));
    }
}

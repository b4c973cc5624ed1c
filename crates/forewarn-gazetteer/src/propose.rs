//! Places the gazetteer lacks, read from how a text addresses them: villages, districts and
//! sites written the way reports address a place, "in Kotwali, Khyber Pakhtunkhwa, Pakistan"
//! or "in Hamdan district, Sanaa, Yemen". The division (and country) after the name locate
//! it, so it is kept as a town of that division with lower confidence and no coordinates.

use forewarn_model::{GeoPrecision, Place};

use crate::{Gazetteer, PlaceKind, ResolveRule, ResolvedPlace};

/// Words before a name that say the name is where something is.
const LOCATIVE: &[&str] = &[
    "in", "near", "at", "over", "outside", "around", "inside", "into", "on",
];

/// Words after a name that say what kind of local place it is.
const LOCAL_KIND: &[&str] = &["district", "city", "town", "village", "area", "subdistrict"];

/// Lower-case particles that may join the capitalised words of a name ("Khabb wa ash
/// Shaaf", "Radman al-Awad").
const PARTICLES: &[&str] = &[
    "wa", "ash", "al", "as", "ad", "el", "de", "del", "bin", "bani",
];

/// Capitalised words that open sentences or name things other than places, never the
/// first word of a proposed place.
const NOT_PLACE: &[&str] = &[
    "The", "A", "An", "This", "That", "These", "Those", "It", "He", "She", "They", "We",
];

/// At most this many words in a proposed name.
const MAX_WORDS: usize = 4;

/// How sure a proposal is: the text locates it, but no dictionary confirms it is a place.
const CONFIDENCE: f32 = 0.5;

impl Gazetteer {
    /// Proposes the unlisted places of `text` written as "<locative> Name[ kind], Division"
    /// where `Division` is a resolved first-order division (or a name the gazetteer reads as
    /// a division of the country named right after it). `resolved` is what
    /// [`Gazetteer::resolve`] returned for the text; names already resolved are not proposed.
    /// Proposals carry [`ResolveRule::Unlisted`], precision city and the division's entry.
    pub fn propose_unlisted(&self, text: &str, resolved: &[ResolvedPlace]) -> Vec<ResolvedPlace> {
        let mut out = Vec::new();
        for (i, d) in resolved.iter().enumerate() {
            if d.demonym {
                continue;
            }
            let Some(division) = self.division_of(text, resolved, i) else {
                continue;
            };
            let Some(head) = text.get(..d.span.start) else {
                continue;
            };
            let Some(head) = head.trim_end().strip_suffix(',') else {
                continue;
            };
            let Some((start, end)) = name_before(head) else {
                continue;
            };
            let e = self.entry(division);
            // A name already resolved stays, unless the gazetteer placed it in another
            // country than the division the text puts it in ("in Nawa-i-Barakzayi, Helmand,
            // Afghanistan" is not the Syrian Nawa): then the text's address wins, and the
            // caller drops the resolution (see `drop_contradicted`).
            if resolved.iter().any(|p| {
                p.span.start < end
                    && start < p.span.end
                    && (p.place.country == e.country || p.rule == ResolveRule::Unlisted)
            }) {
                continue;
            }
            out.push(ResolvedPlace {
                span: forewarn_model::Span::new(start, end),
                entry: division,
                place: Place {
                    name: Some(text[start..end].to_string()),
                    country: e.country.clone(),
                    admin1: Some(e.name.clone()),
                    lat: None,
                    lon: None,
                    precision: GeoPrecision::City,
                    geonames_id: None,
                },
                confidence: CONFIDENCE,
                rule: ResolveRule::Unlisted,
                demonym: false,
            });
        }
        out
    }

    /// Drops the resolved places that an unlisted proposal overlaps: the text's address
    /// placed that name in another country than the gazetteer's entry.
    pub fn drop_contradicted(resolved: &mut Vec<ResolvedPlace>) {
        let proposals: Vec<forewarn_model::Span> = resolved
            .iter()
            .filter(|p| p.rule == ResolveRule::Unlisted)
            .map(|p| p.span)
            .collect();
        resolved.retain(|p| {
            p.rule == ResolveRule::Unlisted
                || !proposals
                    .iter()
                    .any(|s| p.span.start < s.end && s.start < p.span.end)
        });
    }

    /// Gives a town the division the text writes right after it ("Wana town, Federally
    /// Administered Tribal Areas, Pakistan") when that division is a former one, whose
    /// towns the gazetteer cannot place in it: the text knows the division of its time.
    pub fn restate_former_divisions(&self, text: &str, resolved: &mut [ResolvedPlace]) {
        for i in 0..resolved.len().saturating_sub(1) {
            let (head, tail) = resolved.split_at_mut(i + 1);
            let (town, division) = (&mut head[i], &tail[0]);
            if town.place.precision != GeoPrecision::City
                || division.place.precision != GeoPrecision::Admin1
                || division.demonym
                || town.place.country != division.place.country
                || self.entry(division.entry).admin1_code.is_some()
            {
                continue;
            }
            let Some(gap) = text.get(town.span.end..division.span.start) else {
                continue;
            };
            let gap = gap.trim();
            let Some(kind) = gap.strip_suffix(',') else {
                continue;
            };
            let kind = kind.trim().to_lowercase();
            if kind.is_empty() || LOCAL_KIND.contains(&kind.as_str()) {
                town.place.admin1 = division.place.name.clone();
            }
        }
    }

    /// The first-order division resolved place `i` names: itself when it resolved to one,
    /// else a division of the same name in the country named right after it ("Sanaa,
    /// Yemen" after another name is the governorate, not the city).
    fn division_of(&self, text: &str, resolved: &[ResolvedPlace], i: usize) -> Option<u32> {
        let d = &resolved[i];
        // The country written after the division, if any, must be the division's own
        // ("Caracas, Capital, Venezuela" is not in a Capital Region elsewhere).
        let country_after = resolved.get(i + 1).filter(|next| {
            next.place.precision == GeoPrecision::Country
                && text
                    .get(d.span.end..next.span.start)
                    .is_some_and(|gap| gap.trim() == ",")
        });
        if d.place.precision == GeoPrecision::Admin1 {
            let agrees = country_after.is_none_or(|c| c.place.country == d.place.country);
            return agrees.then_some(d.entry);
        }
        let country = country_after?.place.country.as_deref()?;
        self.lookup(&text[d.span.start..d.span.end], Some(country))
            .into_iter()
            .find(|e| e.kind == PlaceKind::Admin1)
            .map(|e| e.id)
    }
}

/// The byte range of a place name that ends `head` (optionally followed by a kind word such
/// as "district") and follows a locative preposition, if there is one.
fn name_before(head: &str) -> Option<(usize, usize)> {
    let words: Vec<(usize, &str)> = words_with_offsets(head);
    let mut k = words.len();
    let (_, last) = *words.last()?;
    if LOCAL_KIND.contains(&last.to_lowercase().as_str()) {
        k -= 1;
    }
    let end_word = k.checked_sub(1)?;
    let end = words[end_word].0 + words[end_word].1.len();
    let mut first = None;
    let mut j = k;
    while j > 0 && k - j < MAX_WORDS {
        let w = words[j - 1].1;
        if starts_upper(w) || article_joined(w) {
            first = Some(j - 1);
        } else if !(j < k && PARTICLES.contains(&w.to_lowercase().as_str())) {
            break;
        }
        j -= 1;
    }
    let first = first?;
    if NOT_PLACE.contains(&words[first].1) {
        return None;
    }
    let before = words.get(first.checked_sub(1)?)?.1;
    if !LOCATIVE.contains(&before) {
        return None;
    }
    Some((words[first].0, end))
}

/// Whitespace-separated words with their byte offsets; a name's words keep their hyphens
/// and apostrophes ("Al-Nukhaila", "Sawma'ah").
fn words_with_offsets(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        let part = c.is_alphanumeric() || matches!(c, '-' | '\'' | '’');
        match (part, start) {
            (true, None) => start = Some(i),
            (false, Some(st)) => {
                out.push((st, &s[st..i]));
                start = None;
            }
            _ => {}
        }
        if !part && !c.is_whitespace() {
            // Punctuation other than a name's own ends the run of words a name may use.
            out.clear();
        }
    }
    if let Some(st) = start {
        out.push((st, &s[st..]));
    }
    out
}

/// A name word behind a joined article: "al-Sa'id", "el-Arish".
fn article_joined(w: &str) -> bool {
    w.split_once('-').is_some_and(|(article, rest)| {
        PARTICLES.contains(&article.to_lowercase().as_str()) && starts_upper(rest)
    })
}

fn starts_upper(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proposals(text: &str) -> Vec<(String, Option<String>, Option<String>)> {
        let g = Gazetteer::global();
        let found = g.find(text);
        let resolved = g.resolve(text, &found, None);
        g.propose_unlisted(text, &resolved)
            .into_iter()
            .map(|p| {
                (
                    p.place.name.unwrap_or_default(),
                    p.place.admin1,
                    p.place.country,
                )
            })
            .collect()
    }

    #[test]
    fn a_village_before_its_province_and_country_is_proposed_in_that_province() {
        let got =
            proposals("Gunmen attacked a checkpoint in Zarghun Kalay, Kandahar, Afghanistan.");
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, "Zarghun Kalay");
        assert_eq!(got[0].2.as_deref(), Some("AF"));
        assert!(got[0].1.as_deref().is_some_and(|a| a.contains("Kandahar")));
    }

    #[test]
    fn a_district_keeps_its_name_without_the_kind_word() {
        let got = proposals("A drone was shot down over Qahza district, Marib governorate, Yemen.");
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, "Qahza");
        assert_eq!(got[0].2.as_deref(), Some("YE"));
    }

    #[test]
    fn a_former_division_after_a_town_is_its_division_in_the_text() {
        let g = Gazetteer::global();
        let text =
            "A bomb exploded in Miran Shah town, Federally Administered Tribal Areas, Pakistan.";
        let found = g.find(text);
        let mut resolved = g.resolve(text, &found, None);
        g.restate_former_divisions(text, &mut resolved);
        let town = resolved
            .iter()
            .find(|p| p.place.precision == GeoPrecision::City)
            .expect("the town");
        assert_eq!(
            town.place.admin1.as_deref(),
            Some("Federally Administered Tribal Areas")
        );
    }

    #[test]
    fn the_address_overrules_a_namesake_in_another_country() {
        let g = Gazetteer::global();
        let text = "A bomb exploded at a police post in Nawa-i-Barakzayi, Helmand, Afghanistan.";
        let found = g.find(text);
        let mut resolved = g.resolve(text, &found, None);
        resolved.extend(g.propose_unlisted(text, &resolved));
        Gazetteer::drop_contradicted(&mut resolved);
        assert!(
            resolved
                .iter()
                .all(|p| p.place.country.as_deref() == Some("AF")),
            "{resolved:?}"
        );
        let town = resolved
            .iter()
            .find(|p| p.rule == ResolveRule::Unlisted)
            .expect("the town proposed from its address");
        assert_eq!(town.place.name.as_deref(), Some("Nawa-i-Barakzayi"));
        // A joined article stays part of the name.
        let got = proposals("A bomb exploded near a pipeline in Wadi al-Sa'id, Shabwah, Yemen.");
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, "Wadi al-Sa'id");
    }

    #[test]
    fn names_without_a_locative_or_already_known_are_not_proposed() {
        assert!(proposals("Officials of Zarghun Group, Kandahar, Afghanistan said so.").is_empty());
        assert!(proposals("A bomb exploded in Kabul, Kabul, Afghanistan.").is_empty());
        // A division of another country than the one written after it locates nothing.
        assert!(proposals("A drone exploded in Mirador, Capital, Venezuela.").is_empty());
    }
}

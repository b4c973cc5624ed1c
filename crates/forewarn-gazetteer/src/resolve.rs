//! Choosing one entry per mention from its context.
//!
//! Each candidate gets a score: a base from its population and kind (a country before a town
//! before a province of the same name, since bare "Kabul" is the city), plus bonuses for
//! context. The winner's strongest bonus is reported as the rule used.

use std::collections::{HashMap, HashSet};

use forewarn_model::{Place, Span};

use crate::{Entry, Gazetteer, PlaceKind, PlaceMention};

/// Which piece of evidence chose the entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ResolveRule {
    /// The name has a single candidate.
    Unique,
    /// "X, Y": the name next to it, after a comma, contains it or lies in it
    /// ("Paris, Texas", "Atlanta, Georgia").
    CommaContext,
    /// A word beside it names its kind ("Nangarhar province", "the province of Kunar",
    /// "Usulutan department", "the city of Lima"), or it stands between a place and its
    /// country, where addresses put the division ("Radaa, Al Bayda, Yemen").
    KindKeyword,
    /// A division named in the same sentence contains it.
    Admin1Context,
    /// Its country is named in the same sentence.
    SentenceCountry,
    /// Its country is the document's focus (given, or the most-mentioned country).
    FocusCountry,
    /// None of the above: the most populous (and most prominent kind) candidate.
    Population,
    /// A name the gazetteer lacks, proposed because the text places it in a division
    /// ("in Kotwali, Khyber Pakhtunkhwa, Pakistan"); its entry is that division's.
    Unlisted,
}

impl ResolveRule {
    /// A short stable name for logs and exports.
    pub fn as_str(self) -> &'static str {
        match self {
            ResolveRule::Unique => "unique",
            ResolveRule::CommaContext => "comma-context",
            ResolveRule::KindKeyword => "kind-keyword",
            ResolveRule::Admin1Context => "admin1-context",
            ResolveRule::SentenceCountry => "sentence-country",
            ResolveRule::FocusCountry => "focus-country",
            ResolveRule::Population => "population",
            ResolveRule::Unlisted => "unlisted",
        }
    }

    /// The bonus the rule adds to a candidate's score; larger is stronger evidence.
    fn bonus(self) -> f64 {
        match self {
            ResolveRule::CommaContext => 10.0,
            ResolveRule::KindKeyword => 6.0,
            ResolveRule::SentenceCountry => 5.0,
            ResolveRule::Admin1Context => 4.0,
            ResolveRule::FocusCountry => 3.0,
            ResolveRule::Unique | ResolveRule::Population | ResolveRule::Unlisted => 0.0,
        }
    }
}

impl std::fmt::Display for ResolveRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A mention resolved to one entry.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedPlace {
    /// Where the name is, in bytes of the original text.
    pub span: Span,
    /// The chosen entry's id.
    pub entry: u32,
    /// The place, in the shared data model's terms.
    pub place: Place,
    /// How sure the choice is, 0 to 1.
    pub confidence: f32,
    /// The evidence that chose it.
    pub rule: ResolveRule,
    /// The mention is a demonym ("Afghan"), so it says something is from the place, not at it.
    pub demonym: bool,
}

/// Words after a name that say it is a division.
const ADMIN_AFTER: &[&str] = &[
    "province",
    "provinces",
    "department",
    "departments",
    "governorate",
    "state",
    "oblast",
    "prefecture",
    "region",
    "departamento",
    "wilayat",
    "emirate",
];
/// Words before "of X" that say it is a division.
const ADMIN_BEFORE: &[&str] = &[
    "province",
    "department",
    "governorate",
    "state",
    "region",
    "oblast",
];
/// Words beside a name that say it is a town.
const CITY_WORDS: &[&str] = &["city", "town", "village", "capital"];

/// Whether `outer` contains `inner`.
fn contains(outer: &Entry, inner: &Entry) -> bool {
    match outer.kind {
        PlaceKind::Country => inner.kind != PlaceKind::Country && inner.country == outer.country,
        PlaceKind::Admin1 => {
            inner.kind == PlaceKind::City
                && inner.country == outer.country
                && inner.admin1_code.is_some()
                && inner.admin1_code == outer.admin1_code
        }
        PlaceKind::Region => {
            inner.kind != PlaceKind::Region
                && inner
                    .country
                    .as_ref()
                    .is_some_and(|c| outer.members.contains(c))
        }
        PlaceKind::City => false,
    }
}

/// Byte offsets where sentences end: ". ", "! ", "? " (not after an initial such as the S of
/// "U.S.") and blank lines.
fn sentence_breaks(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for (i, &b) in bytes.iter().enumerate() {
        if !matches!(b, b'!' | b'?' | b'.' | b'\n') {
            continue;
        }
        let next_space = bytes.get(i + 1).is_none_or(|c| c.is_ascii_whitespace());
        let is_break = match b {
            b'!' | b'?' => next_space,
            b'.' => {
                // "U.S." and "J. Smith": a single letter before the dot is an initial.
                let initial = i >= 1
                    && bytes[i - 1].is_ascii_alphabetic()
                    && (i < 2 || !bytes[i - 2].is_ascii_alphabetic());
                next_space && !initial
            }
            _ => bytes.get(i + 1) == Some(&b'\n'),
        };
        if is_break {
            out.push(i + 1);
        }
    }
    out
}

/// Whether only a comma (and spaces) separates mention `a` from the later mention `b`.
fn comma_between(text: &str, a: &PlaceMention, b: &PlaceMention) -> bool {
    text.get(a.span.end..b.span.start).is_some_and(|gap| {
        gap.trim_start().starts_with(',') && gap[gap.find(',').unwrap_or(0) + 1..].trim().is_empty()
    })
}

/// The next word after byte `end`, lower-cased.
fn word_after(text: &str, end: usize) -> String {
    let rest = text.get(end..).unwrap_or("");
    let rest = rest.strip_prefix("'s").unwrap_or(rest).trim_start();
    rest.split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_lowercase()
}

/// The two words before byte `start`, lower-cased, nearest first.
fn words_before(text: &str, start: usize) -> (String, String) {
    let head = text.get(..start).unwrap_or("");
    let mut it = head
        .rsplit(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase);
    (it.next().unwrap_or_default(), it.next().unwrap_or_default())
}

impl Gazetteer {
    /// The country a mention implies: the one country all its candidates lie in, if any.
    fn implied_country<'a>(&'a self, m: &PlaceMention) -> Option<&'a str> {
        let mut found: Option<&str> = None;
        for &id in &m.candidates {
            let c = self.entry(id).country.as_deref()?;
            match found {
                None => found = Some(c),
                Some(f) if f == c => {}
                Some(_) => return None,
            }
        }
        found
    }

    /// The most-mentioned country among mentions that imply one (first mentioned on a tie).
    pub fn focus_country(&self, mentions: &[PlaceMention]) -> Option<String> {
        let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
        for (i, m) in mentions.iter().enumerate() {
            if let Some(c) = self.implied_country(m) {
                let e = counts.entry(c).or_insert((0, i));
                e.0 += 1;
            }
        }
        counts
            .into_iter()
            .max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.1.1.cmp(&a.1.1)))
            .map(|(c, _)| c.to_owned())
    }

    /// Resolves each mention of `text` (as returned by [`Gazetteer::find`]) to one entry.
    ///
    /// `focus_country` is the document's main country as ISO2, if known; otherwise the
    /// most-mentioned country is used. A town's name that the text itself puts in a division
    /// or country none of its candidates lies in ("Maran, Sanaa, Yemen" with no Maran in
    /// Yemen) is left out: it names a place the gazetteer lacks.
    pub fn resolve(
        &self,
        text: &str,
        mentions: &[PlaceMention],
        focus_country: Option<&str>,
    ) -> Vec<ResolvedPlace> {
        let focus = match focus_country {
            Some(f) => Some(f.to_ascii_uppercase()),
            None => self.focus_country(mentions),
        };
        let breaks = sentence_breaks(text);
        let sentence = |pos: usize| breaks.partition_point(|&b| b <= pos);
        let sentences: Vec<usize> = mentions.iter().map(|m| sentence(m.span.start)).collect();
        let implied: Vec<Option<&str>> = mentions.iter().map(|m| self.implied_country(m)).collect();
        let mut by_sentence: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, &s) in sentences.iter().enumerate() {
            by_sentence.entry(s).or_default().push(i);
        }
        // Divisions named unambiguously, per sentence.
        let mut admin1_in: HashMap<usize, Vec<(usize, u32)>> = HashMap::new();
        for (i, m) in mentions.iter().enumerate() {
            let admins: Vec<u32> = m
                .candidates
                .iter()
                .copied()
                .filter(|&c| self.entry(c).kind == PlaceKind::Admin1)
                .collect();
            if admins.len() == 1 {
                admin1_in
                    .entry(sentences[i])
                    .or_default()
                    .push((i, admins[0]));
            }
        }

        let mut out = Vec::with_capacity(mentions.len());
        for (i, m) in mentions.iter().enumerate() {
            let sentence_countries: HashSet<&str> = by_sentence
                .get(&sentences[i])
                .into_iter()
                .flatten()
                .filter(|&&j| j != i)
                .filter_map(|&j| implied[j])
                .collect();
            // "X, Y" on either side.
            let comma_next = mentions.get(i + 1).filter(|n| comma_between(text, m, n));
            let comma_prev = i
                .checked_sub(1)
                .map(|k| &mentions[k])
                .filter(|p| comma_between(text, p, m));
            // "Maran, Sanaa, Yemen" where no Maran lies in Sanaa or Yemen: the text places a
            // town the gazetteer does not have, so its namesakes elsewhere are wrong.
            let contradicted = comma_next.is_some_and(|n| {
                let holders: Vec<&Entry> = n
                    .candidates
                    .iter()
                    .map(|&o| self.entry(o))
                    .filter(|o| matches!(o.kind, PlaceKind::Country | PlaceKind::Admin1))
                    .collect();
                // "Sanaa" may be the town or the division; before ", Yemen" it is the division.
                let holds = holders.len() == n.candidates.len()
                    || mentions
                        .get(i + 2)
                        .is_some_and(|after| comma_between(text, n, after));
                !n.demonym
                    && !holders.is_empty()
                    && holds
                    && !m
                        .candidates
                        .iter()
                        .any(|&c| holders.iter().any(|o| contains(o, self.entry(c))))
            });
            if contradicted
                && m.candidates
                    .iter()
                    .all(|&c| self.entry(c).kind == PlaceKind::City)
            {
                continue;
            }
            let after = word_after(text, m.span.end);
            let (before1, before2) = words_before(text, m.span.start);
            // "Radaa, Al Bayda, Yemen": a word, a comma, the name, a comma and a country.
            let chain_middle = comma_next.is_some_and(|n| {
                n.candidates
                    .iter()
                    .any(|&c| self.entry(c).kind == PlaceKind::Country)
            }) && text
                .get(..m.span.start)
                .and_then(|head| head.trim_end().strip_suffix(','))
                .is_some_and(|head| head.ends_with(char::is_alphabetic));
            let admin_word = ADMIN_AFTER.contains(&after.as_str())
                || (before1 == "of" && ADMIN_BEFORE.contains(&before2.as_str()))
                || chain_middle;
            let city_word = CITY_WORDS.contains(&after.as_str())
                || (before1 == "of" && CITY_WORDS.contains(&before2.as_str()));

            let mut scored: Vec<(f64, ResolveRule, u32)> = Vec::with_capacity(m.candidates.len());
            for &id in &m.candidates {
                let e = self.entry(id);
                let kind_base = match e.kind {
                    PlaceKind::Country => 4.0,
                    PlaceKind::Region => 3.0,
                    PlaceKind::City => 1.0,
                    PlaceKind::Admin1 => 0.5,
                };
                let mut score = kind_base + 0.5 * (e.population as f64 + 1.0).log10();
                let mut best: Option<ResolveRule> = None;
                let mut add = |rule: ResolveRule, score: &mut f64| {
                    *score += rule.bonus();
                    if best.is_none_or(|b| rule.bonus() > b.bonus()) {
                        best = Some(rule);
                    }
                };
                let next_contains = comma_next
                    .is_some_and(|n| n.candidates.iter().any(|&o| contains(self.entry(o), e)));
                let prev_inside = comma_prev
                    .is_some_and(|p| p.candidates.iter().any(|&o| contains(e, self.entry(o))));
                if next_contains || prev_inside {
                    add(ResolveRule::CommaContext, &mut score);
                }
                if (admin_word && e.kind == PlaceKind::Admin1)
                    || (city_word && e.kind == PlaceKind::City)
                {
                    add(ResolveRule::KindKeyword, &mut score);
                }
                // For a country this is "Tbilisi" confirming "Georgia".
                if e.country
                    .as_deref()
                    .is_some_and(|c| sentence_countries.contains(c))
                {
                    add(ResolveRule::SentenceCountry, &mut score);
                }
                if admin1_in
                    .get(&sentences[i])
                    .is_some_and(|a| a.iter().any(|&(j, o)| j != i && contains(self.entry(o), e)))
                {
                    add(ResolveRule::Admin1Context, &mut score);
                }
                if focus.is_some() && e.country == focus {
                    add(ResolveRule::FocusCountry, &mut score);
                }
                let rule = if m.candidates.len() == 1 {
                    ResolveRule::Unique
                } else {
                    best.unwrap_or(ResolveRule::Population)
                };
                scored.push((score, rule, id));
            }
            scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.2.cmp(&b.2)));
            let Some(&(top, rule, id)) = scored.first() else {
                continue;
            };
            let margin = scored.get(1).map_or(f64::INFINITY, |s| top - s.0);
            let mut confidence: f32 = match rule {
                ResolveRule::Unique => 0.9,
                ResolveRule::CommaContext => 0.9,
                ResolveRule::KindKeyword => 0.85,
                ResolveRule::SentenceCountry | ResolveRule::Admin1Context => 0.8,
                ResolveRule::FocusCountry => 0.7,
                ResolveRule::Unlisted => 0.5,
                ResolveRule::Population => {
                    if margin >= 2.0 {
                        0.6
                    } else {
                        0.4
                    }
                }
            };
            if m.demonym {
                // "Afghan" says where someone is from, which is weaker evidence of location.
                confidence -= 0.1;
            }
            out.push(ResolvedPlace {
                span: m.span,
                entry: id,
                place: self.place(id),
                confidence,
                rule,
                demonym: m.demonym,
            });
        }
        out
    }

    /// The shared model's [`Place`] for an entry.
    pub fn place(&self, id: u32) -> Place {
        let e = self.entry(id);
        Place {
            name: Some(e.name.clone()),
            country: e.country.clone(),
            admin1: e.admin1.clone(),
            lat: e.lat.is_finite().then_some(e.lat),
            lon: e.lon.is_finite().then_some(e.lon),
            precision: e.kind.precision(),
            geonames_id: e.geonames_id,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_breaks_skip_initials() {
        let text = "U.S. forces left. Then they came back! Really?";
        let b = sentence_breaks(text);
        assert_eq!(b, vec![17, 38, 46]);
    }

    #[test]
    fn words_around() {
        let text = "the eastern province of Kunar province";
        assert_eq!(
            words_before(text, 24),
            ("of".to_owned(), "province".to_owned())
        );
        assert_eq!(word_after(text, 29), "province");
    }
}

//! Finding toponyms and demonyms in text.

use forewarn_model::Span;

use crate::data::{NameRef, Stop, flag};
use crate::fold::Folded;
use crate::{Gazetteer, PlaceKind};

/// A place name found in a text, with the entries it may name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceMention {
    /// Where the name is, in bytes of the original text.
    pub span: Span,
    /// Entry ids it may refer to, in id order; never empty.
    pub candidates: Vec<u32>,
    /// The mention is a demonym or adjectival ("Afghan", "Central Asian"), not a toponym.
    pub demonym: bool,
}

/// Words before a town's name that make a common-word name a place ("in Mobile").
const LOCATIVES: &[&str] = &[
    "in", "at", "near", "outside", "from", "into", "around", "towards", "toward", "across",
    "between", "to", "of", "city", "town", "village", "district",
];

/// Words after a name that make it a division rather than a demonym ("Somali region").
const ADMIN_WORDS: &[&str] = &["region", "province", "state", "governorate", "department"];

/// Words of division names that are only a direction ("Northern", "South-East", "Centre").
const COMPASS_WORDS: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "centre",
    "center",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "upper",
    "lower",
    "middle",
    "far",
];

/// Words after a direction that make it a division's name ("Western Province").
const DIVISION_WORDS: &[&str] = &[
    "region",
    "province",
    "state",
    "governorate",
    "department",
    "district",
    "division",
    "territory",
    "county",
    "zone",
];

/// Whether a folded name is only compass words ("northern", "south-east"): as a division's
/// name it is mostly an adjective in prose ("Northern Corsica", "the South").
fn is_compass_name(key: &str) -> bool {
    key.split([' ', '-']).all(|w| COMPASS_WORDS.contains(&w))
}

/// Capitalised words that may stand before a town's name without being part of another name.
const NAME_PREFIXES: &[&str] = &[
    "in", "at", "near", "from", "to", "of", "and", "or", "the", "downtown", "central", "greater",
    "northern", "southern", "eastern", "western", "north", "south", "east", "west", "upper",
    "lower", "old", "new", "outside", "across", "around", "on", "for", "by", "with",
];

/// The folded word after folded offset `end`.
fn next_word(ft: &str, end: usize) -> String {
    ft[end..]
        .trim_start()
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_owned()
}

/// Whether the match at folded offset `start` continues a capitalised word that is not at a
/// sentence start ("City" in "Crocus City Hall"), in mixed-case text.
fn inside_longer_name(text: &str, folded: &Folded, start: usize) -> bool {
    let head = &text[..folded.origin(start)];
    // Only a single space joins the parts of one name.
    let Some(head) = head.strip_suffix(' ') else {
        return false;
    };
    let word_start = head.rfind(|c: char| !c.is_alphanumeric()).map_or(0, |i| {
        i + head[i..].chars().next().map_or(1, char::len_utf8)
    });
    let word = &head[word_start..];
    if !word.chars().next().is_some_and(char::is_uppercase) {
        return false;
    }
    if NAME_PREFIXES.contains(&word.to_lowercase().as_str()) {
        return false;
    }
    // The first word of a sentence is capitalised anyway.
    let before = head[..word_start].trim_end();
    !(before.is_empty() || before.ends_with(['.', '!', '?', ':', '"', '\n']))
}

/// Short abbreviations that are also English words: in ALL-CAPS text "US" is mostly "us".
const CAPS_AMBIGUOUS: &[&str] = &[
    "us", "it", "in", "is", "at", "as", "or", "an", "am", "me", "car", "kp",
];

/// Share of upper-case letters above which a text is treated as ALL CAPS.
const CAPS_RATIO: f64 = 0.7;

/// A match that passed the word-boundary and case checks, in folded offsets.
struct Raw {
    start: usize,
    end: usize,
    group: u32,
    /// The group's candidates that survived the case rules.
    refs: Vec<crate::data::NameRef>,
}

/// Whether most letters of `text` are capitals (wire copy such as MUC-4).
pub(crate) fn is_all_caps(text: &str) -> bool {
    let (mut upper, mut lower) = (0usize, 0usize);
    if text.is_ascii() {
        for b in text.bytes() {
            upper += usize::from(b.is_ascii_uppercase());
            lower += usize::from(b.is_ascii_lowercase());
        }
        return upper + lower > 0 && upper as f64 / (upper + lower) as f64 > CAPS_RATIO;
    }
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        if c.is_uppercase() {
            upper += 1;
        } else if c.is_lowercase() {
            lower += 1;
        }
    }
    upper + lower > 0 && upper as f64 / (upper + lower) as f64 > CAPS_RATIO
}

/// Whether a reference is a town reached through another of its names, not its own name
/// or a spelling of it.
fn is_variant_town(g: &Gazetteer, r: &NameRef) -> bool {
    r.flags & flag::OTHER_NAME != 0 && g.entry(r.entry).kind == PlaceKind::City
}

/// FNV-1a over the bytes of a folded key: cheap for the short keys of a name walk, and
/// already mixed, so the set of them needs no second hash.
pub(crate) fn key_hash(key: &str) -> u64 {
    key.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// What the name walk knows about a key read from the text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NameKey {
    /// The number of the name equal to the key; [`NameKey::NONE`] when no name is, and
    /// [`NameKey::SHARED`] when names of different keys share its hash.
    pub name: u32,
    /// Some name goes on after the key with a character other than a letter or digit.
    pub continues: bool,
}

impl Default for NameKey {
    fn default() -> Self {
        NameKey {
            name: NameKey::NONE,
            continues: false,
        }
    }
}

impl NameKey {
    pub const NONE: u32 = u32::MAX;
    pub const SHARED: u32 = u32::MAX - 1;

    /// Records name number `g` under this key's hash.
    pub fn add_name(&mut self, g: usize) {
        self.name = match self.name {
            NameKey::NONE => u32::try_from(g).unwrap_or(NameKey::SHARED),
            _ => NameKey::SHARED,
        };
    }
}

/// Hashes a [`key_hash`] by passing it through.
#[derive(Default, Clone, Copy)]
pub(crate) struct PassThrough(u64);

impl std::hash::Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // Only u64 keys are hashed; this keeps other input from colliding silently.
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// The hasher of sets of [`key_hash`]es.
pub(crate) type KeyHasher = std::hash::BuildHasherDefault<PassThrough>;

fn is_word_char(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric())
}

impl Gazetteer {
    /// All toponyms and demonyms in `text`: longest match first, on word boundaries, case-
    /// and diacritic-insensitive, with spans in the original text's bytes.
    ///
    /// In mixed-case text a name must be capitalised (abbreviations such as "US" must be in
    /// capitals); in ALL-CAPS text that check is impossible, so the stop list carries it.
    /// Towns named like common words ("Police", "Mobile") are kept only after a locative
    /// word ("in Mobile") or before a country or division ("Victoria, Australia").
    pub fn find(&self, text: &str) -> Vec<PlaceMention> {
        self.find_with(text, true)
    }

    /// [`Gazetteer::find`]; `walk` reads the text with the name walk rather than the
    /// automaton (the two give the same mentions; tests compare them).
    fn find_with(&self, text: &str, walk: bool) -> Vec<PlaceMention> {
        let folded = Folded::new(text);
        let caps = is_all_caps(text);
        let ft = folded.text.as_str();

        let mut raws: Vec<Raw> = Vec::new();
        let mut consider = |start: usize, end: usize, g: u32| {
            let original = &text[folded.origin(start)..folded.origin(end)];
            let g = g as usize;
            let capitalised = original
                .chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(char::is_uppercase);
            let no_lower = !original.chars().any(char::is_lowercase);
            let key = &ft[start..end];
            let refs: Vec<_> = self
                .tables
                .refs(g)
                .iter()
                .copied()
                .filter(|r| {
                    if r.flags & flag::ACRONYM != 0 {
                        if caps {
                            !CAPS_AMBIGUOUS.contains(&key)
                        } else {
                            no_lower
                        }
                    } else {
                        caps || capitalised
                    }
                })
                .collect();
            if !refs.is_empty() {
                raws.push(Raw {
                    start,
                    end,
                    group: g as u32,
                    refs,
                });
            }
        };
        if !walk {
            for m in self.matcher.find_overlapping_iter(ft) {
                let (start, end) = (m.start(), m.end());
                if is_word_char(ft[..start].chars().next_back())
                    || is_word_char(ft[end..].chars().next())
                {
                    continue;
                }
                consider(start, end, m.value());
            }
        } else {
            self.walk_names(text, &folded, caps, consider);
        }
        // Leftmost first, then longest.
        raws.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));

        // Common-word town names need context; other candidates of the name stay.
        let context_after = |end: usize| -> bool {
            let rest = &ft[end..];
            let Some(rest) = rest.strip_prefix(',') else {
                return false;
            };
            let next = end + 1 + (rest.len() - rest.trim_start().len());
            let first = raws.partition_point(|r| r.start < next);
            raws[first..]
                .iter()
                .take_while(|r| r.start == next)
                .any(|r| {
                    r.refs.iter().any(|x| {
                        matches!(
                            self.entry(x.entry).kind,
                            PlaceKind::Country | PlaceKind::Admin1
                        )
                    })
                })
        };
        let context_before = |start: usize| -> bool {
            let before = ft[..start].trim_end();
            let word = before
                .rsplit(|c: char| !c.is_alphanumeric())
                .next()
                .unwrap_or("");
            LOCATIVES.contains(&word)
        };
        let mut kept: Vec<Raw> = Vec::with_capacity(raws.len());
        for r in &raws {
            let mut refs = r.refs.clone();
            let is_city = |x: &NameRef| self.entry(x.entry).kind == PlaceKind::City;
            let stop = self.tables.stop(r.group as usize);
            if stop != Stop::No && refs.iter().any(is_city) {
                let context = context_after(r.end)
                    || (stop == Stop::Context && !caps && context_before(r.start));
                // A common word as a town's alternate name ("Downtown") is never trusted.
                refs.retain(|x| !is_city(x) || (context && x.flags & flag::PRIMARY != 0));
            }
            let is_local = |x: &NameRef| {
                matches!(
                    self.entry(x.entry).kind,
                    PlaceKind::Admin1 | PlaceKind::City
                )
            };
            if refs.iter().any(is_local)
                && is_compass_name(&ft[r.start..r.end])
                && !DIVISION_WORDS.contains(&next_word(ft, r.end).as_str())
                && !context_after(r.end)
            {
                // "Northern Corsica", "the South": a direction, not a division or town.
                refs.retain(|x| !is_local(x));
            }
            if !caps && refs.iter().any(is_city) && inside_longer_name(text, &folded, r.start) {
                // "Crocus City Hall": a town's name inside a longer proper name.
                refs.retain(|x| !is_city(x));
            }
            if refs.iter().any(|x| x.flags & flag::DEMONYM != 0)
                && refs.iter().any(|x| x.flags & flag::DEMONYM == 0)
            {
                // "Somali officials" vs "the Somali region": the demonym unless a locative
                // word or a division keyword says it is a place.
                let place =
                    context_before(r.start) || ADMIN_WORDS.contains(&next_word(ft, r.end).as_str());
                refs.retain(|x| (x.flags & flag::DEMONYM == 0) == place);
            }
            if !refs.is_empty() {
                kept.push(Raw {
                    start: r.start,
                    end: r.end,
                    group: r.group,
                    refs,
                });
            }
        }

        let mut chosen: Vec<Raw> = Vec::with_capacity(kept.len());
        for r in kept {
            if chosen.last().is_none_or(|last| r.start >= last.end) {
                chosen.push(r);
            }
        }
        self.drop_unsupported_variants(&mut chosen);

        let mut out = Vec::with_capacity(chosen.len());
        for r in chosen {
            let demonym = r.refs.iter().all(|x| x.flags & flag::DEMONYM != 0);
            let mut candidates: Vec<u32> = r
                .refs
                .iter()
                .filter(|x| (x.flags & flag::DEMONYM != 0) == demonym)
                .map(|x| x.entry)
                .collect();
            candidates.dedup();
            out.push(PlaceMention {
                span: Span::new(folded.origin(r.start), folded.origin(r.end)),
                candidates,
                demonym,
            });
        }
        out
    }

    /// Calls `found` with every name of the tables that occurs in the folded text on word
    /// boundaries and whose original text the case rules of [`Gazetteer::find`] can accept:
    /// the same matches the name automaton gives, less, in mixed-case text (`caps` false),
    /// those whose first letter is lower case (never a place there).
    ///
    /// Walking the sorted names from word starts (only capitalised ones in mixed case)
    /// touches far less memory than running the automaton over every character.
    fn walk_names(
        &self,
        text: &str,
        folded: &Folded,
        caps: bool,
        mut found: impl FnMut(usize, usize, u32),
    ) {
        let ft = folded.text.as_str();
        let mut after_word = false;
        for (start, c) in ft.char_indices() {
            let at_boundary = !after_word;
            after_word = c.is_alphanumeric();
            if !at_boundary || (c.is_ascii() && !self.first_bytes[c as usize]) {
                continue;
            }
            // A match whose first letter is lower case is dropped by the case rules, so a
            // walk from here may not pass that letter: only letterless names end before it.
            let from = folded.origin(start);
            let limit = if caps {
                None
            } else {
                text[from..]
                    .char_indices()
                    .find(|(_, c)| c.is_alphabetic())
                    .filter(|(_, c)| c.is_lowercase())
                    .map(|(i, _)| from + i)
            };
            let mut rest = ft[start..].char_indices().peekable();
            while let Some((i, c)) = rest.next() {
                let end = start + i + c.len_utf8();
                if limit.is_some_and(|l| folded.origin(end) > l) {
                    break;
                }
                if rest.peek().is_some_and(|&(_, n)| n.is_alphanumeric()) {
                    continue;
                }
                let key = &ft[start..end];
                let Some(k) = self.name_keys.get(&key_hash(key)) else {
                    break;
                };
                let exact = match k.name {
                    // Two keys share the hash: bisect the names instead.
                    NameKey::SHARED => self.tables.find(key),
                    NameKey::NONE => None,
                    g => Some(g as usize).filter(|&g| self.tables.name(g) == key),
                };
                if let Some(g) = exact {
                    found(start, end, g as u32);
                }
                if !k.continues && k.name != NameKey::SHARED {
                    break;
                }
            }
        }
    }

    /// Drops towns reached through another of their names (not a spelling of their own)
    /// whose country nothing else in the text names.
    ///
    /// GeoNames' alternate names include historic and foreign-language names that are also
    /// person and group names ("Hamas" for Hamm, "Molotov" for Perm, "Rashid" for
    /// Rosetta). Such a reading is kept only when the text also names the town's country,
    /// one of its divisions or another of its towns by its own name (or its demonym), or
    /// when the name also names a country or region.
    fn drop_unsupported_variants(&self, chosen: &mut Vec<Raw>) {
        let mut supported: Vec<&str> = Vec::new();
        for r in chosen.iter() {
            let mut trusted = r.refs.iter().filter(|x| !is_variant_town(self, x));
            let mut single: Option<Option<&str>> = None;
            for x in trusted.by_ref() {
                let e = self.entry(x.entry);
                let c = e.country.as_deref();
                if e.kind == PlaceKind::Country {
                    supported.extend(c);
                }
                single = match single {
                    None => Some(c),
                    Some(s) if s == c => Some(s),
                    Some(_) => Some(None),
                };
            }
            if let Some(Some(c)) = single {
                supported.push(c);
            }
        }
        for r in chosen.iter_mut() {
            // A country or region of the name outranks a town anyway.
            let other_kinds = r.refs.iter().any(|x| {
                matches!(
                    self.entry(x.entry).kind,
                    PlaceKind::Country | PlaceKind::Region
                )
            });
            r.refs.retain(|x| {
                other_kinds
                    || !is_variant_town(self, x)
                    || self
                        .entry(x.entry)
                        .country
                        .as_deref()
                        .is_some_and(|c| supported.contains(&c))
            });
        }
        chosen.retain(|r| !r.refs.is_empty());
    }
}

#[cfg(test)]
mod tests {
    use crate::Gazetteer;

    /// The name walk finds what the automaton finds, in mixed case and in capitals,
    /// including names of several words, diacritics, apostrophes, hyphens, abbreviations
    /// that are also words, lower-case words that start names, and text in other scripts.
    #[test]
    fn name_walk_finds_what_the_automaton_finds() {
        let g = Gazetteer::global();
        let texts = [
            "Gunmen attacked a checkpoint in Kabul, Afghanistan, on Monday.",
            "Protesters gathered in Rio de Janeiro and São Paulo; police in Belo Horizonte stood by.",
            "A bomb exploded near the U.S. embassy in Athens. The US and the UK condemned it.",
            "Fighting in Sana'a and al-Hudaydah spread to Ta\u{2019}izz and Ma\u{2019}rib province.",
            "The attack on Crocus City Hall near Moscow killed 137 people in Krasnogorsk.",
            "In Mobile, Alabama, and in Victoria, Australia, nothing happened; mobile phones did.",
            "Clashes in Usulut\u{e1}n, EL SALVADOR, and in San Miguel were reported by the army.",
            "Northern Corsica, the South, Western Province and the Somali region were named.",
            "Afghan and Iranian officials met in Central Asia, Europe and the Middle East.",
            "Militants stormed Saint Vincent and the Grenadines' port of Kingstown at 5 a.m.",
            "\u{627}\u{644}\u{645}\u{648}\u{635}\u{644} Mosul; Ni\u{f1}o, \u{fb01}ve Lagos, 10th of Ramadan City.",
            "the kabul attack was in new delhi, not in karachi or lahore, said the report.",
            "GUERRILLAS ATTACKED A POWER STATION IN USULUTAN, EL SALVADOR, AND IN SAN MIGUEL.",
            "US TROOPS SAID IT WAS IN KP, NEAR PESHAWAR; MOBILE UNITS WENT TO VICTORIA, AUSTRALIA.",
            "LIMA, 10 JAN 90 (EFE) -- THE SHINING PATH BLEW UP TOWERS IN HUANCAYO AND AYACUCHO.",
            "",
            "  Islamabad  -- PESHAWAR, Pakistan \u{2014} Quetta\tKarachi\n\nLahore",
        ];
        for text in texts {
            assert_eq!(g.find_with(text, true), g.find_with(text, false), "{text}");
        }
        let found = g.find_with(texts[1], true);
        assert_eq!(found.len(), 3, "{found:?}");
    }
}

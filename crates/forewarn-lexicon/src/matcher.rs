//! The Aho-Corasick matcher over folded text, and the context rules for ambiguous aliases.

use std::collections::{BTreeMap, HashMap, HashSet};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use forewarn_model::Span;

use crate::data::{ActorEntry, GenericClass, match_keys};
use crate::fold::{Folded, fold};
use crate::{LexiconError, overlaps};

/// A dictionary actor found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct ActorMention {
    /// Where the name is, in bytes of the original text.
    pub span: Span,
    /// The actor's id.
    pub actor: String,
    /// The dictionary name that matched, as the dictionary writes it.
    pub alias: String,
    /// The rule that accepted the match: `lexicon.alias` for an unambiguous name,
    /// `lexicon.context` for an ambiguous one that a related actor's mention supports,
    /// `lexicon.cue` for one that nearby words support.
    pub rule: &'static str,
    /// How sure the rule is, 0 to 1.
    pub confidence: f64,
}

/// A generic perpetrator description found in a text ("gunmen", "the army").
#[derive(Debug, Clone, PartialEq)]
pub struct GenericMention {
    /// Where it is, in bytes of the original text.
    pub span: Span,
    /// The dictionary term that matched.
    pub term: String,
    /// Its class: `unidentified`, `ideological`, `state` or `criminal`.
    pub class: String,
}

/// A text folded for matching, with its case mode: what every look-up in it needs, made
/// once.
pub struct Prepared<'t> {
    text: &'t str,
    folded: Folded,
    mode: CaseMode,
}

impl<'t> Prepared<'t> {
    pub(crate) fn new(text: &'t str) -> Prepared<'t> {
        Prepared {
            text,
            folded: fold(text),
            mode: case_mode(text),
        }
    }

    /// The text prepared.
    pub fn text(&self) -> &'t str {
        self.text
    }
}

impl std::fmt::Debug for Prepared<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared")
            .field("text", &self.text)
            .finish_non_exhaustive()
    }
}

/// Whether a text is written in mixed case, all capitals (wire copy, MUC) or all lower case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CaseMode {
    Mixed,
    Upper,
    Lower,
}

fn case_mode(text: &str) -> CaseMode {
    let (mut upper, mut letters) = (0usize, 0usize);
    if text.is_ascii() {
        for b in text.bytes() {
            letters += usize::from(b.is_ascii_alphabetic());
            upper += usize::from(b.is_ascii_uppercase());
        }
    } else {
        for c in text.chars().filter(|c| c.is_alphabetic()) {
            letters += 1;
            upper += usize::from(c.is_uppercase());
        }
    }
    if letters == 0 || upper * 10 >= letters * 8 {
        CaseMode::Upper
    } else if upper * 50 <= letters {
        CaseMode::Lower
    } else {
        CaseMode::Mixed
    }
}

/// Aliases that are also common English words: in text without case information they are
/// read as words, never as names ("IS" in "THE ATTACK IS ...").
const COMMON_WORDS: &[&str] = &[
    "is", "as", "at", "it", "an", "or", "in", "on", "us", "am", "be", "do", "go", "he", "me", "my",
    "no", "so", "to", "up", "we", "if", "of", "by", "let", "all", "aid", "far", "bat", "car",
    "mend", "man", "may", "sc", "mo", "ad", "im", "aa", "hm", "un", "eu", "au", "ana", "ira",
    "pla", "mir", "ica", "war", "isi", "ik", "km", "apo",
];

/// Words that, near an ambiguous alias, suggest it names an armed group.
const CUE_WORDS: &[&str] = &[
    "claimed",
    "claim",
    "claims",
    "responsibility",
    "jihadist",
    "jihadists",
    "jihadi",
    "militant",
    "militants",
    "fighters",
    "insurgents",
    "insurgency",
    "rebels",
    "guerrillas",
    "guerrilla",
    "attack",
    "attacks",
    "affiliate",
    "affiliates",
    "group",
    "groups",
    "loyal",
    "pledged",
    "allegiance",
    "terrorist",
    "terrorists",
    "bombing",
    "suicide",
    "caliphate",
    "islamist",
    "islamists",
    "offensive",
    "ambush",
    "kidnapped",
    "killed",
    "leader",
    "emir",
    "commander",
    "faction",
    "branch",
    "province",
    "wilayat",
    "propaganda",
    "recruits",
    "cell",
    "cells",
    "member",
    "members",
    "responsible",
    "credited",
    "bombed",
    "attacked",
    "hijacked",
    "assassinated",
    "bomb",
    "bombs",
    "placed",
    "planted",
    "unit",
    "units",
    "suspected",
    "believed",
    "blamed",
    "hijacking",
    "kidnapping",
];

/// How far (in folded bytes) around an ambiguous alias cue words are looked for.
const CUE_WINDOW: usize = 80;

struct Claim {
    actor: usize,
    alias: String,
    ambiguous: bool,
}

struct Pattern {
    key: String,
    claims: Vec<Claim>,
}

pub(crate) struct Matcher {
    ids: HashMap<String, usize>,
    patterns: Vec<Pattern>,
    by_key: HashMap<String, usize>,
    automaton: AhoCorasick,
    /// For each actor: itself, its ancestors and its descendants.
    related: Vec<HashSet<usize>>,
    generic: Vec<(String, String, String)>, // key, term, class
    generic_by_key: HashMap<String, usize>,
    generic_automaton: AhoCorasick,
}

fn automaton(keys: impl Iterator<Item = String>) -> Result<AhoCorasick, LexiconError> {
    // Framing spaces make every match a whole-word match; overlapping search then lets the
    // selection below prefer the leftmost-longest name that passes its context rule.
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .build(keys.map(|k| format!(" {k} ")))
        .map_err(|e| LexiconError::Invalid {
            id: "*".into(),
            reason: format!("cannot build the matcher: {e}"),
        })
}

impl Matcher {
    pub(crate) fn build(
        actors: &[ActorEntry],
        generic: &BTreeMap<String, GenericClass>,
    ) -> Result<Matcher, LexiconError> {
        let ids: HashMap<String, usize> = actors
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.clone(), i))
            .collect();
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut by_key: HashMap<String, usize> = HashMap::new();
        for (i, a) in actors.iter().enumerate() {
            for (name, ambiguous) in a.names() {
                for key in match_keys(name) {
                    let p = *by_key.entry(key.clone()).or_insert_with(|| {
                        patterns.push(Pattern {
                            key,
                            claims: Vec::new(),
                        });
                        patterns.len() - 1
                    });
                    let claims = &mut patterns[p].claims;
                    match claims.iter_mut().find(|c| c.actor == i) {
                        Some(c) => c.ambiguous |= ambiguous,
                        None => claims.push(Claim {
                            actor: i,
                            alias: name.to_string(),
                            ambiguous,
                        }),
                    }
                }
            }
        }
        let mut related: Vec<HashSet<usize>> =
            (0..actors.len()).map(|i| HashSet::from([i])).collect();
        for (i, a) in actors.iter().enumerate() {
            let mut cur = a.parent.as_ref().and_then(|p| ids.get(p)).copied();
            while let Some(p) = cur {
                if !related[i].insert(p) {
                    break;
                }
                related[p].insert(i);
                cur = actors[p].parent.as_ref().and_then(|q| ids.get(q)).copied();
            }
        }
        let mut generic_list = Vec::new();
        let mut generic_by_key = HashMap::new();
        for (class, table) in generic {
            for term in &table.terms {
                for key in match_keys(term) {
                    if !generic_by_key.contains_key(&key) {
                        generic_by_key.insert(key.clone(), generic_list.len());
                        generic_list.push((key, term.clone(), class.clone()));
                    }
                }
            }
        }
        Ok(Matcher {
            automaton: automaton(patterns.iter().map(|p| p.key.clone()))?,
            generic_automaton: automaton(generic_list.iter().map(|g| g.0.clone()))?,
            ids,
            patterns,
            by_key,
            related,
            generic: generic_list,
            generic_by_key,
        })
    }

    pub(crate) fn index_of(&self, id: &str) -> Option<usize> {
        self.ids.get(id).copied()
    }

    pub(crate) fn lookup(&self, name: &str) -> Vec<usize> {
        let mut out = Vec::new();
        for key in match_keys(name) {
            if let Some(&p) = self.by_key.get(&key) {
                for c in &self.patterns[p].claims {
                    if !out.contains(&c.actor) {
                        out.push(c.actor);
                    }
                }
            }
        }
        out
    }

    pub(crate) fn generic_class(&self, name: &str) -> Option<&str> {
        match_keys(name)
            .iter()
            .find_map(|k| self.generic_by_key.get(k))
            .map(|&g| self.generic[g].2.as_str())
    }

    /// Dictionary mentions in `text`; `countries` are the countries the document is about
    /// (ISO codes), which settle an ambiguous alias that names groups of several countries.
    pub(crate) fn find(
        &self,
        actors: &[ActorEntry],
        prepared: &Prepared<'_>,
        countries: &[String],
    ) -> Vec<ActorMention> {
        let (text, folded, mode) = (prepared.text, &prepared.folded, prepared.mode);
        let hits = overlapping(&self.automaton, folded);
        // First the unambiguous names: they are the context for the ambiguous ones.
        let mut present: HashSet<usize> = HashSet::new();
        for &(s, e, p) in &hits {
            let pat = &self.patterns[p];
            if let [c] = pat.claims.as_slice()
                && !c.ambiguous
                && surface_fits(&c.alias, &pat.key, span_text(text, folded, s, e), mode)
            {
                present.insert(c.actor);
            }
        }
        let mut accepted: Vec<(usize, usize, ActorMention)> = Vec::new();
        for &(s, e, p) in &hits {
            let pat = &self.patterns[p];
            let (os, oe) = folded.original(s, e);
            let surface = &text[os..oe];
            if surface.contains(['(', ')']) {
                // "LIBERATION (ELN" is two names, not one.
                continue;
            }
            let resolved = self
                .resolve(pat, surface, mode, &present, folded, s, e)
                .or_else(|| by_country(pat, surface, mode, actors, countries, folded, s, e));
            if let Some((claim, rule, confidence)) = resolved {
                let mention = ActorMention {
                    span: Span::new(os, oe),
                    actor: actors[claim.actor].id.clone(),
                    alias: claim.alias.clone(),
                    rule,
                    confidence,
                };
                accepted.push((s, e, mention));
            }
        }
        select_longest(accepted)
    }

    #[allow(clippy::too_many_arguments)]
    fn resolve<'p>(
        &self,
        pat: &'p Pattern,
        surface: &str,
        mode: CaseMode,
        present: &HashSet<usize>,
        folded: &Folded,
        s: usize,
        e: usize,
    ) -> Option<(&'p Claim, &'static str, f64)> {
        if let [c] = pat.claims.as_slice()
            && !c.ambiguous
        {
            if !surface_fits(&c.alias, &pat.key, surface, mode) {
                return None;
            }
            let short = pat.key.len() <= 4 && !pat.key.contains(' ');
            return Some((c, "lexicon.alias", if short { 0.85 } else { 0.95 }));
        }
        // Ambiguous: the surface must look like the name (capitals as written), a common
        // word is never a name in text without case, and the context must support it.
        let fits: Vec<&Claim> = pat
            .claims
            .iter()
            .filter(|c| ambiguous_surface_fits(&c.alias, surface, mode))
            .collect();
        if fits.is_empty() || (mode != CaseMode::Mixed && COMMON_WORDS.contains(&pat.key.as_str()))
        {
            return None;
        }
        let supported: Vec<&Claim> = fits
            .iter()
            .copied()
            .filter(|c| self.related[c.actor].iter().any(|r| present.contains(r)))
            .collect();
        match supported.as_slice() {
            [c] => return Some((c, "lexicon.context", 0.8)),
            [_, ..] => {
                // Prefer the actor that is itself named elsewhere over a mere relative.
                let direct: Vec<&&Claim> = supported
                    .iter()
                    .filter(|c| present.contains(&c.actor))
                    .collect();
                return match direct.as_slice() {
                    [c] => Some((c, "lexicon.context", 0.75)),
                    _ => None,
                };
            }
            [] => {}
        }
        let actors: HashSet<usize> = pat.claims.iter().map(|c| c.actor).collect();
        if actors.len() == 1 && has_cue(folded, s, e) {
            return Some((fits[0], "lexicon.cue", 0.6));
        }
        // In mixed-case text, "the FAR" is an organisation's acronym, not the word "far".
        let acronym = surface.chars().filter(|c| c.is_alphabetic()).count() >= 3
            && surface
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-');
        if actors.len() == 1
            && mode == CaseMode::Mixed
            && acronym
            && folded.text[..s].ends_with("the ")
        {
            return Some((fits[0], "lexicon.acronym", 0.6));
        }
        None
    }

    /// Generic descriptions in `text` outside the dictionary mentions `known` (what
    /// [`Matcher::find`] gives for the same text).
    pub(crate) fn find_generic(
        &self,
        known: &[ActorMention],
        prepared: &Prepared<'_>,
    ) -> Vec<GenericMention> {
        let (text, folded, mode) = (prepared.text, &prepared.folded, prepared.mode);
        let known: Vec<Span> = known.iter().map(|m| m.span).collect();
        let mut found = Vec::new();
        for (s, e, g) in overlapping(&self.generic_automaton, folded) {
            let (os, oe) = folded.original(s, e);
            let span = Span::new(os, oe);
            if known.iter().any(|k| overlaps(*k, span))
                || (mode == CaseMode::Mixed && inside_name(text, span))
            {
                continue;
            }
            let (_, term, class) = &self.generic[g];
            found.push((
                s,
                e,
                GenericMention {
                    span,
                    term: term.clone(),
                    class: class.clone(),
                },
            ));
        }
        select_longest(found)
    }
}

/// Whether a capitalised generic word is part of a longer capitalised name in mixed-case
/// text ("Army" in "Tanzania Liberation Army").
fn inside_name(text: &str, span: Span) -> bool {
    let capital = |w: Option<&str>| {
        w.and_then(|w| w.chars().next())
            .is_some_and(char::is_uppercase)
    };
    let surface = &text[span.start..span.end];
    if !capital(Some(surface)) {
        return false;
    }
    let before = text[..span.start]
        .trim_end_matches(' ')
        .rsplit(' ')
        .next()
        .filter(|w| !w.is_empty());
    let after = text[span.end..]
        .trim_start_matches(' ')
        .split(' ')
        .next()
        .filter(|w| !w.is_empty());
    let joined_before = text[..span.start].ends_with(' ')
        && !text[..span.start]
            .trim_end()
            .ends_with(['.', ',', ';', ':']);
    (joined_before
        && capital(before)
        && !text[..span.start].trim_end().is_empty()
        && !is_sentence_start(text, span.start))
        || (text[span.end..].starts_with(' ') && capital(after))
}

/// Whether the word at `at` begins a sentence (a capital there says nothing).
fn is_sentence_start(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end();
    before.is_empty() || before.ends_with(['.', '!', '?', '"'])
}

/// Every match of `automaton` in the folded text, as inner folded ranges (without the
/// framing spaces) with the pattern index.
fn overlapping(automaton: &AhoCorasick, folded: &Folded) -> Vec<(usize, usize, usize)> {
    automaton
        .find_overlapping_iter(folded.text.as_str())
        .map(|m| (m.start() + 1, m.end() - 1, m.pattern().as_usize()))
        .collect()
}

fn span_text<'t>(text: &'t str, folded: &Folded, s: usize, e: usize) -> &'t str {
    let (os, oe) = folded.original(s, e);
    &text[os..oe]
}

/// Leftmost-longest selection without overlaps, in text order.
fn select_longest<T>(mut found: Vec<(usize, usize, T)>) -> Vec<T> {
    found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut out = Vec::new();
    let mut end = 0;
    for (s, e, item) in found {
        if s >= end {
            end = e;
            out.push(item);
        }
    }
    out
}

/// Whether an acronym-like alias ("LeT", "MEND") is written as one in mixed-case text:
/// "let" and "mend" in running prose are words.
fn surface_fits(alias: &str, key: &str, surface: &str, mode: CaseMode) -> bool {
    if mode != CaseMode::Mixed {
        return !COMMON_WORDS.contains(&key);
    }
    let acronym = !alias.contains(' ') && alias.chars().filter(|c| c.is_uppercase()).count() >= 2;
    !acronym || surface.chars().filter(|c| c.is_uppercase()).count() >= 2
}

/// An ambiguous alias must be written as the dictionary writes it (or in capitals) in
/// mixed-case text: "IS" names the group, "Is" and "is" do not.
fn ambiguous_surface_fits(alias: &str, surface: &str, mode: CaseMode) -> bool {
    if mode != CaseMode::Mixed {
        return true;
    }
    let squash = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
    };
    let (a, s) = (squash(alias), squash(surface));
    s == a || s == a.to_uppercase()
}

/// An ambiguous alias that several actors share ("ERP" in Argentina and El Salvador), read
/// as the one actor whose home country the document is about, when a cue word is near: rule
/// `lexicon.country`.
#[allow(clippy::too_many_arguments)]
fn by_country<'p>(
    pat: &'p Pattern,
    surface: &str,
    mode: CaseMode,
    actors: &[ActorEntry],
    countries: &[String],
    folded: &Folded,
    s: usize,
    e: usize,
) -> Option<(&'p Claim, &'static str, f64)> {
    if countries.is_empty() || (mode != CaseMode::Mixed && COMMON_WORDS.contains(&pat.key.as_str()))
    {
        return None;
    }
    let mut local = pat.claims.iter().filter(|c| {
        ambiguous_surface_fits(&c.alias, surface, mode)
            && actors[c.actor]
                .country
                .as_ref()
                .is_some_and(|home| countries.contains(home))
    });
    let first = local.next()?;
    let one = local.all(|c| c.actor == first.actor);
    (one && has_cue(folded, s, e)).then_some((first, "lexicon.country", 0.7))
}

fn has_cue(folded: &Folded, s: usize, e: usize) -> bool {
    let text = folded.text.as_str();
    let mut lo = s.saturating_sub(CUE_WINDOW);
    while !text.is_char_boundary(lo) {
        lo -= 1;
    }
    let mut hi = (e + CUE_WINDOW).min(text.len());
    while !text.is_char_boundary(hi) {
        hi += 1;
    }
    text[lo..s]
        .split(' ')
        .chain(text[e..hi].split(' '))
        .any(|w| CUE_WORDS.contains(&w))
}

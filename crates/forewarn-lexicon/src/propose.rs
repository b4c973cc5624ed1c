//! Proposals for actors the dictionary does not know: capitalised names with an
//! organisational head word ("Front", "Brigades", "Jaish"), and person names next to titles
//! and roles ("emir", "spokesman", "Mullah", "led by").

use std::sync::LazyLock;

use forewarn_model::{ActorKind, Span};
use rustc_hash::FxHashSet;

use crate::{ActorMention, Lexicon, overlaps};

/// An organisation or person that the text names and the dictionary does not know.
#[derive(Debug, Clone, PartialEq)]
pub struct ProposedActor {
    /// Where the name is, in bytes of the original text.
    pub span: Span,
    /// The name as written.
    pub name: String,
    /// Organisation or individual.
    pub kind: ActorKind,
    /// The rule that proposed it: `propose.org_head`, `propose.person_title`,
    /// `propose.person_role`, `propose.person_apposition` or `propose.person_led_by`.
    pub rule: &'static str,
    /// How sure the rule is, 0 to 1.
    pub confidence: f64,
}

/// Words that end or start an organisation's name and say that it is one.
const ORG_HEADS: &[&str] = &[
    "front",
    "army",
    "armies",
    "movement",
    "brigade",
    "brigades",
    "battalion",
    "battalions",
    "group",
    "organization",
    "organisation",
    "party",
    "council",
    "command",
    "commando",
    "commandos",
    "forces",
    "force",
    "cartel",
    "jamaat",
    "jamaah",
    "jama",
    "lashkar",
    "tehrik",
    "tehreek",
    "ansar",
    "jaish",
    "jaysh",
    "harakat",
    "katibat",
    "katiba",
    "kataib",
    "saraya",
    "league",
    "cells",
    "nuclei",
    "union",
    "militia",
    "committee",
    "committees",
    "alliance",
    "coalition",
    "network",
    "faction",
    "legion",
    "tigers",
    "guard",
    "resistance",
    "liwa",
    "hizb",
    "hezb",
    "shura",
];

/// Lower-case words allowed inside a name ("Army of the Men", "Jaish al Adl").
const CONNECTORS: &[&str] = &[
    "of", "the", "for", "and", "al", "el", "ad", "ash", "as", "an", "de", "del", "la", "los",
    "las", "e", "i", "ul", "ud", "wal", "fi", "bin", "ibn", "in", "des", "du", "y", "da", "wa",
];

/// Words that never belong to a name in text without case (wire copy in capitals).
const STOP: &[&str] = &[
    "a",
    "an",
    "the",
    "by",
    "said",
    "says",
    "claimed",
    "claims",
    "was",
    "were",
    "is",
    "are",
    "has",
    "have",
    "had",
    "on",
    "at",
    "to",
    "from",
    "with",
    "that",
    "which",
    "who",
    "this",
    "these",
    "those",
    "its",
    "their",
    "his",
    "her",
    "after",
    "before",
    "during",
    "near",
    "against",
    "when",
    "where",
    "while",
    "but",
    "not",
    "also",
    "it",
    "they",
    "he",
    "she",
    "we",
    "been",
    "be",
    "will",
    "would",
    "could",
    "today",
    "yesterday",
    "members",
    "member",
    "responsibility",
    "attack",
    "attacks",
    "killed",
    "according",
    "police",
    "reported",
    "report",
    "says",
    "group's",
    "leader",
    "commander",
    "spokesman",
    "chief",
    "emir",
    "head",
    "founder",
    "deputy",
    "led",
    "by",
    "as",
    "than",
    "and",
    "or",
    "of",
    "for",
    "in",
    "into",
    "over",
    "under",
    "about",
    "some",
    "several",
    "two",
    "three",
    "one",
    "leads",
    "lead",
    "leading",
    "told",
    "added",
    "denied",
    "attacked",
    "kidnapped",
    "threatened",
    "announced",
];

/// Roles that, before or after a name, make it a person's.
const ROLES: &[&str] = &[
    "emir",
    "amir",
    "leader",
    "commander",
    "spokesman",
    "spokesperson",
    "spokeswoman",
    "chief",
    "founder",
    "deputy",
    "head",
    "ideologue",
    "governor",
    "wali",
];

/// Honorifics that are part of the name they precede.
const HONORIFICS: &[&str] = &[
    "mullah", "sheikh", "shaykh", "maulana", "mawlawi", "mufti", "qari", "hafiz", "maulvi",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    Mixed,
    Flat,
}

/// A word list as a set, for the membership tests made on every token.
type WordSet = LazyLock<FxHashSet<&'static str>>;

static ORG_HEAD_SET: WordSet = LazyLock::new(|| ORG_HEADS.iter().copied().collect());
static CONNECTOR_SET: WordSet = LazyLock::new(|| CONNECTORS.iter().copied().collect());
static STOP_SET: WordSet = LazyLock::new(|| STOP.iter().copied().collect());
static ROLE_SET: WordSet = LazyLock::new(|| ROLES.iter().copied().collect());
static HONORIFIC_SET: WordSet = LazyLock::new(|| HONORIFICS.iter().copied().collect());

struct Token<'t> {
    start: usize,
    end: usize,
    text: &'t str,
    /// The word in lower case; borrowed when it already is (most words of prose).
    lower: std::borrow::Cow<'t, str>,
    /// The length of `lower` without a trailing possessive: the head word.
    head: usize,
    /// Written as part of a name (see [`Token::is_cap`]).
    cap: bool,
    /// `lower` is a connector ("of", "al").
    connector: bool,
    /// `lower` is a stop word.
    stop: bool,
    /// The head word is an organisational head, a role, an honorific.
    org_head: bool,
    role: bool,
    honorific: bool,
}

/// Words: letters and digits, joined by inner hyphens and apostrophes ("al-Baghdadi").
fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        if !c.is_alphanumeric() {
            chars.next();
            continue;
        }
        let mut end = i;
        while let Some(&(j, d)) = chars.peek() {
            if d.is_alphanumeric() {
                end = j + d.len_utf8();
                chars.next();
            } else if matches!(d, '-' | '\'' | '\u{2019}')
                && text[j + d.len_utf8()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric)
            {
                chars.next();
            } else {
                break;
            }
        }
        let word = &text[i..end];
        let lower = if word
            .bytes()
            .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
        {
            std::borrow::Cow::Borrowed(word)
        } else {
            std::borrow::Cow::Owned(word.to_lowercase())
        };
        let head = head_word(&lower);
        out.push(Token {
            start: i,
            end,
            text: word,
            head: head.len(),
            cap: is_cap(word),
            connector: CONNECTOR_SET.contains(lower.as_ref()),
            stop: STOP_SET.contains(lower.as_ref()),
            org_head: ORG_HEAD_SET.contains(head),
            role: ROLE_SET.contains(head),
            honorific: HONORIFIC_SET.contains(head),
            lower,
        });
    }
    out
}

/// Whether a word is written as part of a name: capitalised, or an Arabic article before a
/// capital ("al-Adl").
fn is_cap(word: &str) -> bool {
    let mut c = word.chars();
    match c.next() {
        Some(f) if f.is_uppercase() || f.is_ascii_digit() => true,
        Some(_) => word.split_once('-').is_some_and(|(art, rest)| {
            CONNECTOR_SET.contains(art) && rest.chars().next().is_some_and(char::is_uppercase)
        }),
        None => false,
    }
}

/// A lower-cased word without its trailing possessives ("group's" is "group").
fn head_word(lower: &str) -> &str {
    let mut w = lower;
    while let Some(rest) = w.strip_suffix("'s") {
        w = rest;
    }
    while let Some(rest) = w.strip_suffix("\u{2019}s") {
        w = rest;
    }
    w
}

impl Token<'_> {
    /// Whether the word is written as part of a name: capitalised, or an Arabic article
    /// before a capital ("al-Adl").
    fn is_cap(&self) -> bool {
        self.cap
    }

    fn head_word(&self) -> &str {
        &self.lower[..self.head]
    }
}

/// Whether only spaces separate two neighbouring tokens.
fn joined(text: &str, a: &Token<'_>, b: &Token<'_>) -> bool {
    text[a.end..b.start].chars().all(|c| c == ' ')
}

fn name_word(t: &Token<'_>, case: Case) -> bool {
    match case {
        Case::Mixed => t.is_cap() && !t.connector,
        Case::Flat => !t.stop && !t.connector,
    }
}

/// Organisations and people named in `text` that none of the `known` mentions covers.
pub fn propose_unknown(text: &str, known: &[ActorMention]) -> Vec<ProposedActor> {
    let lexicon = Lexicon::global();
    let toks = tokens(text);
    let case = {
        let (mut letters, mut upper) = (0usize, 0usize);
        if text.is_ascii() {
            for b in text.bytes() {
                letters += usize::from(b.is_ascii_alphabetic());
                upper += usize::from(b.is_ascii_uppercase());
            }
        } else {
            for c in text.chars() {
                letters += usize::from(c.is_alphabetic());
                upper += usize::from(c.is_uppercase());
            }
        }
        if letters > 0 && upper * 10 < letters * 8 && upper * 50 > letters {
            Case::Mixed
        } else {
            Case::Flat
        }
    };
    let mut found: Vec<ProposedActor> = Vec::new();
    organisations(text, &toks, case, &mut found);
    persons(text, &toks, case, &mut found);
    found.retain(|p| {
        !known.iter().any(|k| overlaps(k.span, p.span))
            && lexicon.lookup(&p.name).is_empty()
            && lexicon.generic_class(&p.name).is_none()
    });
    found.sort_by(|a, b| {
        a.span
            .start
            .cmp(&b.span.start)
            .then(b.span.end.cmp(&a.span.end))
    });
    let mut out: Vec<ProposedActor> = Vec::new();
    for p in found {
        if !out.last().is_some_and(|q| overlaps(q.span, p.span)) {
            out.push(p);
        }
    }
    out
}

fn organisations(text: &str, toks: &[Token<'_>], case: Case, out: &mut Vec<ProposedActor>) {
    for (h, head) in toks.iter().enumerate() {
        if !head.org_head || !(case == Case::Flat || head.is_cap()) {
            continue;
        }
        // Without case, "the" belongs to a name only after "of"/"for" ("Army of the Poor").
        let fits = |i: usize| {
            let t = &toks[i];
            name_word(t, case)
                || (t.connector
                    && (case == Case::Mixed
                        || t.lower != "the"
                        || i > 0 && matches!(toks[i - 1].lower.as_ref(), "of" | "for")))
        };
        let (mut lo, mut hi) = (h, h);
        // Without case, only the words themselves say where a name ends: the left side
        // takes name words only ("revolutionary armed forces"), the right side only an
        // "of"/"for" complement ("army of national liberation"), and neither side takes
        // verbs, numbers or generic words ("group of terrorists", "group blew up").
        let flat_ok = |i: usize| case == Case::Mixed || flat_name_word(&toks[i]);
        while lo > 0
            && h - lo < 7
            && joined(text, &toks[lo - 1], &toks[lo])
            && fits(lo - 1)
            && flat_ok(lo - 1)
            && (case == Case::Mixed || name_word(&toks[lo - 1], case))
        {
            lo -= 1;
        }
        let complement = hi + 1 < toks.len()
            && matches!(
                &*toks[hi + 1].lower,
                "of" | "for" | "de" | "del" | "al" | "el"
            );
        while hi + 1 < toks.len()
            && hi - h < 6
            && (case == Case::Mixed || complement)
            && joined(text, &toks[hi], &toks[hi + 1])
            && fits(hi + 1)
            && flat_ok(hi + 1)
        {
            hi += 1;
            if toks[hi].lower.ends_with("'s") || toks[hi].lower.ends_with("\u{2019}s") {
                break;
            }
        }
        // A name starts and ends with a name word, not with "the" or "of".
        // ... nor with a generic word ("GUERRILLAS OF THE RED DAWN COMMAND").
        while lo < h
            && (!name_word(&toks[lo], case)
                || Lexicon::global().generic_class(toks[lo].text).is_some())
        {
            lo += 1;
        }
        while hi > h && !name_word(&toks[hi], case) {
            hi -= 1;
        }
        let words = (lo..=hi).filter(|&i| name_word(&toks[i], case)).count();
        if words < 2 || hi - lo > 9 {
            continue;
        }
        let end = strip_possessive(text, toks[hi].end);
        let acronym = text[end..].trim_start().starts_with('(');
        out.push(ProposedActor {
            span: Span::new(toks[lo].start, end),
            name: text[toks[lo].start..end].to_string(),
            kind: ActorKind::Organization,
            rule: "propose.org_head",
            confidence: if acronym { 0.65 } else { 0.5 },
        });
    }
}

/// Whether a word of text without case can stand in an organisation's name: not a verb
/// form ("blew", "maintained", "killing"), a number or a generic word ("terrorists").
fn flat_name_word(t: &Token<'_>) -> bool {
    let w: &str = &t.lower;
    let verb = (w.ends_with("ed") && w.len() > 4 && !matches!(w, "armed" | "united"))
        || (w.ends_with("ing") && w.len() > 5)
        || matches!(w, "blew" | "up" | "since" | "free" | "part");
    let number = w.chars().any(|c| c.is_ascii_digit())
        || matches!(
            w,
            "two" | "three" | "four" | "five" | "six" | "seven" | "eight" | "nine" | "ten"
        );
    !verb && !number && Lexicon::global().generic_class(t.text).is_none()
}

fn strip_possessive(text: &str, end: usize) -> usize {
    let s = &text[..end];
    s.strip_suffix("'s")
        .or_else(|| s.strip_suffix("\u{2019}s"))
        .map_or(end, str::len)
}

/// Whether a word is written in capitals throughout ("ISKP"): an acronym, not a name.
fn is_acronym(word: &str) -> bool {
    word.chars().count() > 1 && word.chars().all(char::is_uppercase)
}

/// The person name starting at token `i`: up to four name words (Arabic articles and
/// "bin", "abu" included), or `None`.
fn person_at(text: &str, toks: &[Token<'_>], i: usize, case: Case) -> Option<(usize, usize)> {
    let particle = |t: &Token<'_>| {
        matches!(
            t.lower.as_ref(),
            "al" | "bin" | "ibn" | "abu" | "ul" | "ud" | "din"
        )
    };
    let word = |t: &Token<'_>| {
        name_word(t, case) && !t.role && !t.org_head && (case == Case::Flat || !is_acronym(t.text))
    };
    let first = toks.get(i)?;
    if !word(first) {
        return None;
    }
    let mut j = i;
    while j + 1 < toks.len() && j - i < 3 && joined(text, &toks[j], &toks[j + 1]) {
        let next = &toks[j + 1];
        if word(next) || (particle(next) && toks.get(j + 2).is_some_and(&word)) {
            j += 1;
            if next.lower.ends_with("'s") || next.lower.ends_with("\u{2019}s") {
                break;
            }
        } else {
            break;
        }
    }
    Some((i, j))
}

fn push_person(
    text: &str,
    toks: &[Token<'_>],
    (a, b): (usize, usize),
    rule: &'static str,
    conf: f64,
    out: &mut Vec<ProposedActor>,
) {
    let end = strip_possessive(text, toks[b].end);
    out.push(ProposedActor {
        span: Span::new(toks[a].start, end),
        name: text[toks[a].start..end].to_string(),
        kind: ActorKind::Individual,
        rule,
        confidence: conf,
    });
}

fn persons(text: &str, toks: &[Token<'_>], case: Case, out: &mut Vec<ProposedActor>) {
    for (i, t) in toks.iter().enumerate() {
        let w = t.head_word();
        if t.honorific && (case == Case::Flat || t.is_cap()) {
            // "Mullah Dadullah", "Sheikh Abu Qutaiba": the title belongs to the name.
            if let Some((_, b)) = toks
                .get(i + 1)
                .filter(|n| joined(text, t, n))
                .and_then(|_| person_at(text, toks, i + 1, case))
            {
                push_person(text, toks, (i, b), "propose.person_title", 0.65, out);
            }
        } else if t.role {
            // "leader Abu Bakr al-Baghdadi", "its leader, Aslam Farooqi", "spokesman: X".
            let Some(next) = toks.get(i + 1) else {
                continue;
            };
            let gap = text[t.end..next.start].trim();
            if !(gap.is_empty() || gap == "," || gap == ":") {
                continue;
            }
            if let Some((a, b)) = person_at(text, toks, i + 1, case)
                && (b > a
                    || case == Case::Mixed
                        && gap.is_empty()
                        && HONORIFIC_SET.contains(toks[a].lower.as_ref()))
            {
                push_person(text, toks, (a, b), "propose.person_role", 0.6, out);
            }
        } else if w == "by" && i > 0 && toks[i - 1].lower == "led" {
            if let Some((a, b)) = person_at(text, toks, i + 1, case).filter(|(a, b)| b > a) {
                push_person(text, toks, (a, b), "propose.person_led_by", 0.6, out);
            }
        } else if case == Case::Mixed
            && let Some((a, b)) = person_at(text, toks, i, case).filter(|(a, b)| b > a)
            && (i == 0 || !toks[i - 1].is_cap() || !joined(text, &toks[i - 1], t))
        {
            // "Aslam Farooqi, the group's leader": a comma, then a role within four words.
            let Some(after) = toks.get(b + 1) else {
                continue;
            };
            if text[toks[b].end..after.start].trim() != "," {
                continue;
            }
            let role_near = toks[b + 1..].iter().take(4).any(|x| x.role);
            let determiner = matches!(
                after.lower.as_ref(),
                "the" | "its" | "a" | "an" | "their" | "who"
            ) || after.lower.ends_with("'s");
            if role_near && determiner {
                push_person(text, toks, (a, b), "propose.person_apposition", 0.55, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn organisations_in(text: &str) -> Vec<String> {
        let known = Lexicon::global().find(text);
        propose_unknown(text, &known)
            .into_iter()
            .filter(|p| p.kind == ActorKind::Organization)
            .map(|p| p.name)
            .collect()
    }

    #[test]
    fn names_without_case_end_where_verbs_numbers_and_common_nouns_begin() {
        assert!(organisations_in("A GROUP BLEW UP THE BRIDGE.").is_empty());
        assert!(organisations_in("A GROUP OF TERRORISTS ATTACKED THE BANK.").is_empty());
        assert_eq!(
            organisations_in("THE ANDEAN DEFENSE LEAGUE TRUCK WAS DESTROYED."),
            ["ANDEAN DEFENSE LEAGUE"]
        );
        assert_eq!(
            organisations_in("THE ARMY OF POPULAR LIBERATION SAID SO."),
            ["ARMY OF POPULAR LIBERATION"]
        );
    }
}

//! Relations between actors (leader_of, member_of, part_of, allied_with, rival_of,
//! split_from, pledged_allegiance_to) and facts about one actor (founding, strength,
//! strongholds, publications, threats), read sentence by sentence with lexical patterns.
//!
//! The caller resolves actor mentions first (dictionary matches and proposed names) and
//! passes them as [`ActorRef`]s. This module adds what the patterns themselves need:
//! back-references ("it", "its", "the group") to the organisation the text is talking
//! about, a person's later mention by surname ("Saeed once led..."), and person names that
//! only a relation cue introduces ("the top job was handed to Sanaullah Ghafari").
//! Negated and irrealis statements ("did not pledge", "may join") are rejected with a note.

use std::borrow::Cow;
use std::sync::LazyLock;

use forewarn_model::{
    ActorFact, ActorFactKind, ActorId, ActorKind, DocumentId, FuzzyDate, Producer, Provenance,
    Relation, RelationKind, Span,
};
use jiff::Timestamp;

use crate::CountedThing;
use crate::{Analysis, Note, NoteKind};

pub use crate::actors::{ActorRef, slug};

/// One mention as the patterns see it.
#[derive(Debug, Clone)]
struct M {
    start: usize,
    end: usize,
    id: String,
    name: String,
    person: bool,
    /// An organisation that is not a state body (armed group, party, proposed group):
    /// what back-references and group facts are about.
    group: bool,
    /// A back-reference ("its", "the group") resolved to an organisation.
    pronoun: bool,
    /// A person named by a relation cue only, not among the caller's actors.
    introduced: bool,
}

/// Titles that make their holder the leader of the group.
const LEADER_TITLES: &[&str] = &[
    "leader",
    "emir",
    "amir",
    "chief",
    "head",
    "founder",
    "commander-in-chief",
    "supremo",
];
/// Roles that make their holder a member.
const MEMBER_TITLES: &[&str] = &[
    "commander",
    "spokesman",
    "spokesperson",
    "member",
    "fighter",
    "militant",
    "official",
    "minister",
    "ideologue",
    "financier",
    "recruiter",
    "operative",
];
/// Modifiers that turn a leader title into a lesser role.
const LESSER: &[&str] = &[
    "deputy",
    "vice",
    "assistant",
    "regional",
    "local",
    "provincial",
];
/// Words allowed between a possessor and its title ("the Taliban's new deputy head").
const TITLE_MODIFIERS: &[&str] = &[
    "'s",
    "’s",
    "s",
    "the",
    "top",
    "new",
    "former",
    "then",
    "deputy",
    "vice",
    "senior",
    "overall",
    "supreme",
    "military",
    "political",
    "spiritual",
    "founding",
    "inaugural",
    "first",
    "current",
    "late",
    "self-styled",
    "self-declared",
    "alleged",
    "purported",
    "acting",
    "interim",
    "chief",
    "a",
    "an",
    "as",
    "became",
    "become",
    "named",
    "appointed",
    "was",
    "is",
    "its",
    "their",
];
/// Verbs that end a leader's tenure when they precede "its leader, X".
const END_VERBS: &[&str] = &[
    "captured",
    "killed",
    "arrested",
    "detained",
    "ousted",
    "removed",
    "deposed",
    "eliminated",
    "replaced",
    "executed",
    "assassinated",
    "apprehended",
];
/// Verbs that start a tenure.
const START_VERBS: &[&str] = &[
    "appointed",
    "named",
    "became",
    "elected",
    "chosen",
    "picked",
    "installed",
    "designated",
    "proclaimed",
    "declared",
    "promoted",
    "selected",
];
const NEGATIONS: &[&str] = &[
    "not", "never", "no", "denied", "denies", "deny", "n't", "neither", "nor",
];
const MODALS: &[&str] = &[
    "may", "might", "could", "would", "should", "will", "can", "if", "whether",
];
const HEDGES: &[&str] = &[
    "reportedly",
    "reports",
    "reported",
    "allegedly",
    "alleged",
    "suspected",
    "believed",
    "rumoured",
    "rumored",
    "unconfirmed",
    "claims",
    "purportedly",
];
/// Name particles that may stay lower-case inside a captured person name.
const PARTICLES: &[&str] = &[
    "al", "bin", "ibn", "abu", "ul", "ud", "el", "bint", "abd", "de",
];

/// A word of a sentence with its byte range and its lower-case form.
#[derive(Debug, Clone)]
struct W<'t> {
    start: usize,
    end: usize,
    /// The word in lower case (borrowed from the text when it already is).
    lc: Cow<'t, str>,
    cap: bool,
}

impl W<'_> {
    /// The word in lower case.
    fn lc(&self) -> &str {
        &self.lc
    }
}

fn words<'t>(text: &'t str, span: Span) -> Vec<W<'t>> {
    let s = &text[span.start..span.end];
    let mut out = Vec::new();
    let mut cur: Option<usize> = None;
    let push = |a: usize, b: usize, out: &mut Vec<W<'t>>| {
        let raw = text[a..b].trim_end_matches(['\'', '’', '-']);
        let b = a + raw.len();
        if b > a {
            let first = raw.chars().next().unwrap_or(' ');
            out.push(W {
                start: a,
                end: b,
                lc: if raw.is_ascii() {
                    if raw.bytes().any(|b| b.is_ascii_uppercase()) {
                        Cow::Owned(raw.to_ascii_lowercase())
                    } else {
                        Cow::Borrowed(raw)
                    }
                } else {
                    Cow::Owned(raw.to_lowercase().replace('’', "'"))
                },
                cap: first.is_uppercase(),
            });
        }
    };
    for (i, c) in s.char_indices() {
        let inside = c.is_alphanumeric() || (cur.is_some() && matches!(c, '-' | '\'' | '’'));
        match (inside, cur) {
            (true, None) => cur = Some(span.start + i),
            (false, Some(a)) => {
                push(a, span.start + i, &mut out);
                cur = None;
            }
            _ => {}
        }
    }
    if let Some(a) = cur {
        push(a, span.end, &mut out);
    }
    // Split possessives into their own word so patterns can step over them.
    let mut split = Vec::with_capacity(out.len());
    for w in out {
        if let Some(base_len) =
            w.lc.strip_suffix("'s")
                .filter(|b| !b.is_empty())
                .map(str::len)
        {
            let cut = w.start + text[w.start..w.end].len() - 2;
            let cut = if text.is_char_boundary(cut) && text[cut..w.end].chars().count() == 2 {
                cut
            } else {
                w.end - "’s".len()
            };
            split.push(W {
                start: w.start,
                end: cut,
                lc: match w.lc {
                    Cow::Borrowed(lc) => Cow::Borrowed(&lc[..base_len]),
                    Cow::Owned(mut lc) => {
                        lc.truncate(base_len);
                        Cow::Owned(lc)
                    }
                },
                cap: w.cap,
            });
            split.push(W {
                start: cut,
                end: w.end,
                lc: Cow::Borrowed("'s"),
                cap: false,
            });
        } else {
            split.push(w);
        }
    }
    split
}

/// Everything one call works with.
struct Run<'a> {
    text: &'a str,
    analysis: &'a Analysis,
    document: &'a DocumentId,
    at: Timestamp,
    /// Whether capitalisation carries information (not upper-case wire copy).
    mixed_case: bool,
    relations: Vec<Relation>,
    facts: Vec<ActorFact>,
    notes: Vec<Note>,
    /// People that only a relation cue named, for the caller to add to its actors.
    people: Vec<ActorRef>,
}

/// What [`find_relations_and_people`] found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RelationFindings {
    /// Relations, merged per (subject, relation, object).
    pub relations: Vec<Relation>,
    /// Facts about single actors.
    pub facts: Vec<ActorFact>,
    /// Rejected candidates (negated, hypothetical).
    pub notes: Vec<Note>,
    /// People that relations refer to but `actors` did not contain ("the top job was handed
    /// to Sanaullah Ghafari"), with [`slug`] ids: the caller should add them to its actors.
    pub people: Vec<ActorRef>,
}

/// Finds relations between `actors` and facts about them in `text`, sentence by sentence.
/// `analysis` is [`crate::analyse`] of the same text (sentences and dates); `actors` are the
/// resolved mentions, in any order. Relations are merged per (subject, relation, object),
/// keeping every supporting source; rejected candidates (negated, hypothetical) are notes.
pub fn find_relations(
    text: &str,
    analysis: &Analysis,
    actors: &[ActorRef],
    document: &DocumentId,
    at: Timestamp,
) -> (Vec<Relation>, Vec<ActorFact>, Vec<Note>) {
    let found = find_relations_and_people(text, analysis, actors, document, at);
    (found.relations, found.facts, found.notes)
}

/// [`find_relations`], also returning the people that only relation cues named.
pub fn find_relations_and_people(
    text: &str,
    analysis: &Analysis,
    actors: &[ActorRef],
    document: &DocumentId,
    at: Timestamp,
) -> RelationFindings {
    let (letters, upper) = letters_and_upper(text);
    let mut run = Run {
        text,
        analysis,
        document,
        at,
        mixed_case: letters > 0 && upper * 10 < letters * 8,
        relations: Vec::new(),
        facts: Vec::new(),
        notes: Vec::new(),
        people: Vec::new(),
    };
    // Anaphors are resolved here again, to the clause subject rather than the latest name:
    // in "ISKP is a threat to the Taliban because it was formed by..." the patterns need
    // "it" = ISKP, where recency alone would pick the Taliban.
    let mut base: Vec<M> = actors
        .iter()
        .filter(|a| !a.anaphor && text.get(a.span.start..a.span.end).is_some())
        .map(|a| M {
            start: a.span.start,
            end: a.span.end,
            id: a.id.clone(),
            name: a.name.clone(),
            person: a.kind == ActorKind::Individual,
            group: a.fits_group_anaphor(),
            pronoun: false,
            introduced: false,
        })
        .collect();
    base.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    base.dedup_by(|b, a| b.start < a.end);
    add_surnames(text, &mut base);

    // The organisation each earlier sentence was about, for back-references.
    let mut topics: Vec<M> = Vec::new();
    for sentence in analysis.sentences() {
        let span = sentence.span;
        if text.get(span.start..span.end).is_none() {
            continue;
        }
        let ws = words(text, span);
        let mut ms: Vec<M> = base
            .iter()
            .filter(|m| m.start >= span.start && m.end <= span.end)
            .cloned()
            .collect();
        add_pronouns(&ws, &mut ms, topics.last());
        if let Some(first) = ms.iter().find(|m| m.group) {
            topics.push(first.clone());
        }
        let words = word_set(&ws);
        let sent = Sent {
            span,
            ws,
            ms,
            words,
        };
        run.sentence(&sent);
    }
    let relations = merge(run.relations);
    RelationFindings {
        relations,
        facts: run.facts,
        notes: run.notes,
        people: run.people,
    }
}

/// The letters of `text` and its upper-case characters, counted in one pass (bytes when
/// the text is ASCII).
fn letters_and_upper(text: &str) -> (usize, usize) {
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
    (letters, upper)
}

/// Adds later mentions of a person by the last word of an earlier full mention
/// ("Hafiz Khan Saeed ... Saeed once led").
fn add_surnames(text: &str, ms: &mut Vec<M>) {
    let persons: Vec<(usize, String, M)> = ms
        .iter()
        .filter(|m| m.person)
        .filter_map(|m| {
            let written = &text[m.start..m.end];
            let last = written.split_whitespace().last()?.to_lowercase();
            let bare = last.trim_start_matches("al-").trim_start_matches("el-");
            (written.split_whitespace().count() > 1 && bare.chars().count() >= 4)
                .then(|| (m.end, last, m.clone()))
        })
        .collect();
    if persons.is_empty() {
        return;
    }
    let all = words(text, Span::new(0, text.len()));
    let mut extra = Vec::new();
    for w in &all {
        // "al-Muhajir": the capital follows the particle.
        let cap = text[w.start..w.end]
            .rsplit('-')
            .next()
            .and_then(|p| p.chars().next())
            .is_some_and(char::is_uppercase);
        if !(w.cap || cap) || ms.iter().any(|m| w.start < m.end && m.start < w.end) {
            continue;
        }
        if let Some((_, _, p)) = persons
            .iter()
            .rev()
            .find(|(end, last, _)| *end <= w.start && *last == w.lc)
        {
            extra.push(M {
                start: w.start,
                end: w.end,
                ..p.clone()
            });
        }
    }
    ms.extend(extra);
    ms.sort_by_key(|m| m.start);
}

/// Back-reference words, and how many words they take.
fn pronoun_at(ws: &[W<'_>], i: usize) -> Option<usize> {
    let w = ws[i].lc();
    let next = ws.get(i + 1).map(|w| w.lc());
    match w {
        "its" | "it" | "their" | "they" => Some(1),
        "the"
            if matches!(
                next,
                Some("group" | "organisation" | "organization" | "movement" | "militants")
            ) =>
        {
            Some(2)
        }
        _ => None,
    }
}

/// Adds resolved back-references: to the last group named earlier in the sentence, else
/// to the group the previous sentences were about.
fn add_pronouns(ws: &[W<'_>], ms: &mut Vec<M>, previous: Option<&M>) {
    let mut extra = Vec::new();
    for i in 0..ws.len() {
        if ms
            .iter()
            .any(|m| ws[i].start < m.end && m.start < ws[i].end)
        {
            continue;
        }
        let Some(n) = pronoun_at(ws, i) else { continue };
        let target = ms
            .iter()
            .find(|m| m.group && m.end <= ws[i].start)
            .or(previous);
        if let Some(t) = target {
            extra.push(M {
                start: ws[i].start,
                end: ws[i + n - 1].end,
                pronoun: true,
                introduced: false,
                ..t.clone()
            });
        }
    }
    ms.extend(extra);
    ms.sort_by_key(|m| m.start);
}

/// A relation a pattern read: who, what, whom, by which rule and how surely, and when.
struct Cand<'m> {
    subject: &'m M,
    relation: RelationKind,
    object: &'m M,
    rule: &'static str,
    /// The rule's confidence before hedges and back-references lower it.
    base: f64,
    from: Option<FuzzyDate>,
    until: Option<FuzzyDate>,
}

/// One sentence with its words and mentions.
struct Sent<'t> {
    span: Span,
    ws: Vec<W<'t>>,
    ms: Vec<M>,
    /// [`word_bit`] of every word: most cues' first words are not in the sentence, and
    /// this says so without reading its words.
    words: [u64; 4],
}

/// Where a lower-case word falls in a 256-bit set (FNV-1a of its bytes).
fn word_bit(word: &str) -> (usize, u64) {
    hash_bit(word.bytes().fold(FNV_OFFSET, fnv_step))
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

fn fnv_step(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
}

/// Where a word of FNV-1a hash `h` falls in the 256-bit set.
fn hash_bit(h: u64) -> (usize, u64) {
    (((h >> 6) & 3) as usize, 1 << (h & 63))
}

fn word_set(ws: &[W<'_>]) -> [u64; 4] {
    let mut set = [0; 4];
    for w in ws {
        let (i, bit) = word_bit(&w.lc);
        set[i] |= bit;
    }
    set
}

impl Sent<'_> {
    /// Index of the first word starting at or after `pos`.
    fn word_at(&self, pos: usize) -> usize {
        self.ws
            .iter()
            .position(|w| w.start >= pos)
            .unwrap_or(self.ws.len())
    }
    /// Words between two byte offsets.
    fn between(&self, a: usize, b: usize) -> impl Iterator<Item = &W<'_>> {
        self.ws.iter().filter(move |w| w.start >= a && w.end <= b)
    }
    /// Positions (word index, word count) where a phrase of words occurs.
    fn find(&self, phrase: &str) -> Vec<(usize, usize)> {
        // Called for every cue of every pattern on every sentence: test the first word
        // alone, and split the phrase only where it matches.
        let fits = |w: &W<'_>, p: &str| {
            p.strip_suffix('*')
                .map_or(w.lc == p, |stem| w.lc.starts_with(stem))
        };
        // The first word and its hash in one pass over the phrase's bytes: most calls end
        // at the bit test.
        let bytes = phrase.as_bytes();
        let mut hash = FNV_OFFSET;
        let mut first_len = bytes.len();
        for (k, &b) in bytes.iter().enumerate() {
            if b == b' ' {
                first_len = k;
                break;
            }
            hash = fnv_step(hash, b);
        }
        let first = &phrase[..first_len];
        let stem = first.strip_suffix('*');
        if stem.is_none() {
            let (i, bit) = hash_bit(hash);
            if self.words[i] & bit == 0 {
                return Vec::new();
            }
        }
        let rest = phrase.get(first_len + 1..).unwrap_or("");
        let len = 1 + bytes.iter().filter(|&&b| b == b' ').count();
        let mut out = Vec::new();
        for (i, w) in self.ws.iter().enumerate() {
            let lc = w.lc.as_bytes();
            let head = match stem {
                Some(stem) => lc.starts_with(stem.as_bytes()),
                None => {
                    lc.len() == first.len()
                        && lc.first() == first.as_bytes().first()
                        && lc == first.as_bytes()
                }
            };
            if !head || i + len > self.ws.len() {
                continue;
            }
            if rest.is_empty()
                || rest
                    .split(' ')
                    .zip(&self.ws[i + 1..])
                    .all(|(p, w)| fits(w, p))
            {
                out.push((i, len));
            }
        }
        out
    }
    /// The mention nearest before `pos`, of the wanted kind, within `max_words`.
    fn left(&self, pos: usize, person: bool, max_words: usize) -> Option<&M> {
        let m = self
            .ms
            .iter()
            .rfind(|m| m.end <= pos && m.person == person)?;
        (self.between(m.end, pos).count() <= max_words).then_some(m)
    }
    /// The mention nearest after `pos`, of the wanted kind, within `max_words`.
    fn right(&self, pos: usize, person: bool, max_words: usize) -> Option<&M> {
        let m = self
            .ms
            .iter()
            .find(|m| m.start >= pos && m.person == person)?;
        (self.between(pos, m.start).count() <= max_words).then_some(m)
    }
    /// Organisations listed after `pos` up to the end of the clause.
    fn right_list(&self, pos: usize, text: &str) -> Vec<&M> {
        let rest = &text[pos..self.span.end];
        let stop = [
            ";",
            " who ",
            " which ",
            " that ",
            " but ",
            " while ",
            " because ",
        ]
        .iter()
        .filter_map(|s| rest.find(s))
        .min()
        .map_or(self.span.end, |i| pos + i);
        let mut out: Vec<&M> = Vec::new();
        for m in self
            .ms
            .iter()
            .filter(|m| !m.person && m.start >= pos && m.end <= stop)
        {
            if !out.iter().any(|o| o.id == m.id) {
                out.push(m);
            }
        }
        out
    }
    /// The group the sentence is about: its first group mention.
    fn topic(&self) -> Option<&M> {
        self.ms.iter().find(|m| m.group)
    }
}

impl Run<'_> {
    fn sentence(&mut self, s: &Sent) {
        self.titles(s);
        self.led(s);
        self.handover(s);
        self.replaced(s);
        self.org_pairs(s);
        self.affiliated(s);
        self.rivals(s);
        self.founded(s);
        self.strength(s);
        self.strongholds(s);
        self.strongholds_where(s);
        self.publications(s);
        self.threats(s);
    }

    /// The date of the sentence's temporal expression nearest `pos`.
    fn date_near(&self, s: &Sent, pos: usize) -> Option<FuzzyDate> {
        self.analysis
            .temporal
            .iter()
            .filter(|t| t.span.start >= s.span.start && t.span.end <= s.span.end)
            .min_by_key(|t| t.span.start.abs_diff(pos))
            .map(|t| t.value)
            .or_else(|| {
                // "Around this time, ... replaced by X": the date the text gave last.
                let anaphoric = ["this time", "that time", "the same time", "around then"]
                    .iter()
                    .any(|p| !s.find(p).is_empty());
                anaphoric
                    .then(|| {
                        self.analysis
                            .temporal
                            .iter()
                            .rfind(|t| t.span.end <= s.span.start)
                            .map(|t| t.value)
                    })
                    .flatten()
            })
    }

    /// Why a candidate whose cue starts at word `i` must be dropped, if it must: a negation
    /// or a modal among the few words before the cue.
    fn blocked(&self, s: &Sent, i: usize) -> Option<&'static str> {
        let from = i.saturating_sub(4);
        let before = &s.ws[from..i.min(s.ws.len())];
        if before
            .iter()
            .any(|w| NEGATIONS.contains(&w.lc()) || w.lc.ends_with("n't"))
        {
            return Some("negated");
        }
        if before.iter().any(|w| MODALS.contains(&w.lc())) {
            return Some("hypothetical");
        }
        None
    }

    /// Confidence scaled down for hedged sentences and back-references.
    fn conf(&self, s: &Sent, base: f64, parts: &[&M]) -> f64 {
        let mut c = base;
        if s.ws.iter().any(|w| HEDGES.contains(&w.lc())) {
            c *= 0.8;
        }
        if parts.iter().any(|m| m.pronoun) {
            c *= 0.85;
        }
        (c * 100.0).round() / 100.0
    }

    fn provenance(&self, s: &Sent, rule: &str, confidence: f64) -> Provenance {
        Provenance {
            document: self.document.clone(),
            span: s.span,
            producer: Producer::Rule(rule.to_string()),
            confidence,
            at: self.at,
        }
    }

    /// Records a relation candidate, or a note when the cue is negated or hypothetical.
    fn relate(&mut self, s: &Sent, cue: usize, c: Cand<'_>) {
        let Cand {
            subject,
            relation,
            object,
            rule,
            base,
            from,
            until,
        } = c;
        if subject.id == object.id {
            return;
        }
        if let Some(why) = self.blocked(s, cue) {
            self.notes.push(Note {
                kind: NoteKind::Rejected,
                span: Some(s.span),
                rule,
                message: Cow::Owned(format!(
                    "{why}: {} {} {}",
                    subject.name,
                    relation.as_str(),
                    object.name
                )),
            });
            return;
        }
        let confidence = self.conf(s, base, &[subject, object]);
        for m in [subject, object] {
            if m.introduced && !self.people.iter().any(|p| p.id == m.id) {
                self.people.push(ActorRef {
                    span: Span::new(m.start, m.end),
                    id: m.id.clone(),
                    name: m.name.clone(),
                    kind: ActorKind::Individual,
                    category: None,
                    rule: "relation.person_cue",
                    confidence: 0.6,
                    anaphor: false,
                });
            }
        }
        self.relations.push(Relation {
            subject: ActorId(subject.id.clone()),
            relation,
            object: ActorId(object.id.clone()),
            from,
            until,
            sources: vec![self.provenance(s, rule, confidence)],
        });
    }

    /// Records a fact read by `rule` with its base confidence, or a note when negated or
    /// hypothetical.
    fn fact(
        &mut self,
        s: &Sent,
        cue: usize,
        actor: &M,
        fact: ActorFactKind,
        (rule, base): (&'static str, f64),
        date: Option<FuzzyDate>,
    ) {
        if let Some(why) = self.blocked(s, cue) {
            self.notes.push(Note {
                kind: NoteKind::Rejected,
                span: Some(s.span),
                rule,
                message: Cow::Owned(format!("{why}: fact about {}", actor.name)),
            });
            return;
        }
        let repeated = self
            .facts
            .iter()
            .any(|f| f.actor.0 == actor.id && f.fact == fact && f.source.span == s.span);
        if repeated {
            return;
        }
        let confidence = self.conf(s, base, &[actor]);
        self.facts.push(ActorFact {
            actor: ActorId(actor.id.clone()),
            fact,
            date,
            source: self.provenance(s, rule, confidence),
            quote: self.text[s.span.start..s.span.end].to_string(),
        });
    }

    /// A person name that starts within two words of `pos`: a known mention, else (in
    /// mixed-case text) a run of two to five capitalised words.
    fn person_after(&self, s: &Sent, pos: usize, skip: usize) -> Option<M> {
        if let Some(m) = s.right(pos, true, skip) {
            return Some(m.clone());
        }
        if !self.mixed_case {
            return None;
        }
        let mut i = s.word_at(pos);
        let mut skipped = 0;
        while i < s.ws.len() && !s.ws[i].cap && skipped < skip {
            i += 1;
            skipped += 1;
        }
        let start = i;
        while i < s.ws.len() && i - start < 5 {
            let w = &s.ws[i];
            let particle = PARTICLES
                .iter()
                .any(|p| w.lc == *p || w.lc.starts_with(&format!("{p}-")));
            if i > start
                && !self
                    .text
                    .get(s.ws[i - 1].end..w.start)
                    .unwrap_or("")
                    .trim()
                    .is_empty()
            {
                break;
            }
            if !(w.cap || particle)
                || s.ms
                    .iter()
                    .any(|m| !m.person && w.start < m.end && m.start < w.end)
            {
                break;
            }
            i += 1;
        }
        if i - start < 2 {
            return None;
        }
        let (a, b) = (s.ws[start].start, s.ws[i - 1].end);
        let name = self.text[a..b].to_string();
        Some(M {
            start: a,
            end: b,
            id: slug(&name),
            name,
            person: true,
            group: false,
            pronoun: false,
            introduced: true,
        })
    }

    /// "IS leader Abu Bakr al-Baghdadi", "its leader, Aslam Farooqi", "the Taliban's deputy
    /// head of intelligence, Mullah X", "Abu Qutaiba, the former leader of IS", "appointed X
    /// as the inaugural emir".
    fn titles(&mut self, s: &Sent) {
        for (i, w) in s.ws.iter().enumerate() {
            let leader = LEADER_TITLES.contains(&w.lc());
            let member = MEMBER_TITLES.contains(&w.lc());
            if !leader && !member {
                continue;
            }
            // Modifiers before the title, back to a possessor or the person.
            let mut j = i;
            while j > 0
                && TITLE_MODIFIERS.contains(&s.ws[j - 1].lc())
                && !s
                    .ms
                    .iter()
                    .any(|m| s.ws[j - 1].start < m.end && m.start < s.ws[j - 1].end)
                && i - j < 5
            {
                j -= 1;
            }
            let mods: Vec<&str> = s.ws[j..i].iter().map(|w| w.lc()).collect();
            let lesser = mods.iter().any(|m| LESSER.contains(m));
            let former = mods
                .iter()
                .any(|m| matches!(*m, "former" | "late" | "then"));
            let appointed = mods.iter().any(|m| START_VERBS.contains(m));
            let head_start = s.ws[j].start;
            // "head of intelligence": a sub-unit; "leader of IS": the group.
            let mut after = w.end;
            let mut org_of: Option<&M> = None;
            let mut sub_unit = false;
            if s.ws.get(i + 1).is_some_and(|n| n.lc == "of") {
                if let Some(m) = s.right(s.ws[i + 1].end, false, 1) {
                    org_of = Some(m);
                    after = m.end;
                } else {
                    // "head of intelligence" is a sub-unit; "emir of Khorasan" a region.
                    sub_unit = matches!(w.lc(), "head" | "chief")
                        && s.ws.get(i + 2).is_some_and(|n| !n.cap);
                    let mut k = i + 2;
                    while k < s.ws.len()
                        && k < i + 5
                        && !self.text[s.ws[k - 1].end..s.ws[k].start].contains(',')
                    {
                        k += 1;
                    }
                    after = s.ws[k - 1].end;
                }
            }
            let org_before = s.left(head_start, false, 0).filter(|m| {
                let gap = self.text[m.end..head_start].trim();
                gap.is_empty() || gap == "'s" || gap == "’s"
            });
            // Person: right after the title ("leader, X"), or before it ("X, the leader of").
            let gap_ok = |a: usize, b: usize| {
                let g = self.text[a..b].trim();
                g.is_empty() || g == ","
            };
            let person_right = self.person_after(s, after, 0).filter(|p| {
                gap_ok(after, p.start) && (org_before.is_some() || org_of.is_some() || appointed)
            });
            let person_left = s.left(head_start, true, 0).filter(|p| {
                let g = self.text[p.end..head_start].trim();
                g.is_empty() || g == "," || g == "as" || g.ends_with(" as") || appointed
            });
            let before_person = person_left.map(|p| s.word_at(p.start)).unwrap_or(j);
            let started = appointed
                || s.ws[before_person.saturating_sub(3)..before_person]
                    .iter()
                    .any(|w| START_VERBS.contains(&w.lc()));
            let Some(person) = person_right.or_else(|| person_left.cloned()) else {
                continue;
            };
            let org = org_before
                .or(org_of)
                .or_else(|| if started { s.topic() } else { None });
            let Some(org) = org.cloned() else { continue };
            // "captured its leader, X" or "its leader, X, was killed".
            let after_person = s.word_at(person.end.max(after));
            let ended = s.ws[j.saturating_sub(4)..j]
                .iter()
                .chain(s.ws[after_person..(after_person + 3).min(s.ws.len())].iter())
                .any(|w| END_VERBS.contains(&w.lc()));
            let date = self.date_near(s, w.start);
            let (kind, rule, base) = if leader && !lesser && !sub_unit {
                if started {
                    (RelationKind::LeaderOf, "relation.leader_of.appointed", 0.85)
                } else if ended {
                    (RelationKind::LeaderOf, "relation.leader_of.removed", 0.85)
                } else if former {
                    (RelationKind::LeaderOf, "relation.leader_of.former", 0.75)
                } else {
                    (RelationKind::LeaderOf, "relation.leader_of.title", 0.8)
                }
            } else {
                (RelationKind::MemberOf, "relation.member_of.role", 0.75)
            };
            let (from, until) = match rule {
                "relation.leader_of.appointed" => (date, None),
                "relation.leader_of.removed" => (None, date),
                _ => (None, None),
            };
            self.relate(
                s,
                j,
                Cand {
                    subject: &person,
                    relation: kind,
                    object: &org,
                    rule,
                    base,
                    from,
                    until,
                },
            );
        }
    }

    /// "X led the Pakistani Taliban", "X once headed ...": leadership, and membership when
    /// the leadership is past; "X is led by Y"; "X founded Y"; "X joined Y": membership.
    fn led(&mut self, s: &Sent) {
        for (i, w) in s.ws.iter().enumerate() {
            if !matches!(
                w.lc(),
                "led"
                    | "leads"
                    | "headed"
                    | "heads"
                    | "commanded"
                    | "commands"
                    | "founded"
                    | "joined"
                    | "joins"
            ) {
                continue;
            }
            if w.lc == "led" && s.ws.get(i + 1).is_some_and(|n| n.lc == "by") {
                // "X is led by Y".
                let Some(org) = s.left(w.start, false, 2).cloned() else {
                    continue;
                };
                let Some(person) = self.person_after(s, s.ws[i + 1].end, 0) else {
                    continue;
                };
                self.relate(
                    s,
                    i,
                    Cand {
                        subject: &person,
                        relation: RelationKind::LeaderOf,
                        object: &org,
                        rule: "relation.leader_of.led_by",
                        base: 0.8,
                        from: None,
                        until: None,
                    },
                );
                continue;
            }
            let past = i > 0
                && matches!(
                    s.ws[i - 1].lc(),
                    "once" | "formerly" | "previously" | "earlier"
                );
            let subj_end = if past { s.ws[i - 1].start } else { w.start };
            let Some(person) = s.left(subj_end, true, 0) else {
                continue;
            };
            let Some(org) = s.right(w.end, false, 1) else {
                continue;
            };
            let (person, org) = (person.clone(), org.clone());
            if w.lc.starts_with("join") {
                let from = self.date_near(s, w.start);
                let cand = Cand {
                    subject: &person,
                    relation: RelationKind::MemberOf,
                    object: &org,
                    rule: "relation.member_of.joined",
                    base: 0.75,
                    from,
                    until: None,
                };
                self.relate(s, i, cand);
                continue;
            }
            if w.lc == "founded" {
                self.relate(
                    s,
                    i,
                    Cand {
                        subject: &person,
                        relation: RelationKind::LeaderOf,
                        object: &org,
                        rule: "relation.leader_of.founder",
                        base: 0.7,
                        from: None,
                        until: None,
                    },
                );
                continue;
            }
            self.relate(
                s,
                i,
                Cand {
                    subject: &person,
                    relation: RelationKind::LeaderOf,
                    object: &org,
                    rule: "relation.leader_of.led",
                    base: 0.75,
                    from: None,
                    until: None,
                },
            );
            if past {
                self.relate(
                    s,
                    i,
                    Cand {
                        subject: &person,
                        relation: RelationKind::MemberOf,
                        object: &org,
                        rule: "relation.member_of.former_leader",
                        base: 0.7,
                        from: None,
                        until: None,
                    },
                );
            }
        }
    }

    /// "ISKP's top job was handed to X", "the leadership passed to X", "X took over".
    fn handover(&mut self, s: &Sent) {
        for (i, n) in [
            "top job",
            "leadership",
            "helm",
            "reins",
            "command",
            "top post",
        ]
        .iter()
        .flat_map(|p| s.find(p))
        {
            let end = s.ws[i + n - 1].end;
            let k = s.word_at(end);
            let verb = s.ws[k..(k + 3).min(s.ws.len())].iter().position(|w| {
                matches!(
                    w.lc(),
                    "handed" | "passed" | "given" | "transferred" | "went" | "fell"
                )
            });
            let Some(v) = verb.map(|v| k + v) else {
                continue;
            };
            let to = s.ws[v + 1..(v + 3).min(s.ws.len())]
                .iter()
                .find(|w| w.lc == "to");
            let Some(to) = to else { continue };
            let Some(person) = self.person_after(s, to.end, 0) else {
                continue;
            };
            let org = s
                .left(s.ws[i].start, false, 2)
                .or_else(|| s.right(end, false, 1))
                .or_else(|| s.topic());
            let Some(org) = org.cloned() else { continue };
            let date = self.date_near(s, s.ws[v].start);
            self.relate(
                s,
                v,
                Cand {
                    subject: &person,
                    relation: RelationKind::LeaderOf,
                    object: &org,
                    rule: "relation.leader_of.handed_over",
                    base: 0.8,
                    from: date,
                    until: None,
                },
            );
        }
    }

    /// "X had been killed and replaced by Y", "X was succeeded by Y": Y leads what X led.
    fn replaced(&mut self, s: &Sent) {
        for (i, n) in s
            .find("replaced by")
            .into_iter()
            .chain(s.find("succeeded by"))
        {
            let by = s.ws[i + n - 1].end;
            let Some(new) = self.person_after(s, by, 3) else {
                continue;
            };
            let Some(old) = s.left(s.ws[i].start, true, 6).cloned() else {
                continue;
            };
            let org = self
                .relations
                .iter()
                .rev()
                .find(|r| r.relation == RelationKind::LeaderOf && r.subject.0 == old.id)
                .map(|r| r.object.0.clone());
            let org = match org {
                Some(id) => M {
                    start: 0,
                    end: 0,
                    name: id.clone(),
                    id,
                    person: false,
                    group: true,
                    pronoun: false,
                    introduced: false,
                },
                None => match s.topic() {
                    Some(t) => t.clone(),
                    None => continue,
                },
            };
            let date = self.date_near(s, s.ws[i].start);
            self.relate(
                s,
                i,
                Cand {
                    subject: &new,
                    relation: RelationKind::LeaderOf,
                    object: &org,
                    rule: "relation.leader_of.successor",
                    base: 0.7,
                    from: date,
                    until: None,
                },
            );
            self.relate(
                s,
                i,
                Cand {
                    subject: &old,
                    relation: RelationKind::LeaderOf,
                    object: &org,
                    rule: "relation.leader_of.replaced",
                    base: 0.7,
                    from: None,
                    until: date,
                },
            );
        }
    }

    /// Cue phrases with the subject on the left and one or more organisations on the right.
    fn org_pairs(&mut self, s: &Sent) {
        const CUES: &[(&str, RelationKind, &str, f64)] = &[
            (
                "defectors from",
                RelationKind::SplitFrom,
                "relation.split_from.defectors",
                0.8,
            ),
            (
                "defected from",
                RelationKind::SplitFrom,
                "relation.split_from.defectors",
                0.8,
            ),
            (
                "breakaway faction of",
                RelationKind::SplitFrom,
                "relation.split_from.breakaway",
                0.85,
            ),
            (
                "breakaway group of",
                RelationKind::SplitFrom,
                "relation.split_from.breakaway",
                0.85,
            ),
            (
                "breakaway from",
                RelationKind::SplitFrom,
                "relation.split_from.breakaway",
                0.8,
            ),
            (
                "broke away from",
                RelationKind::SplitFrom,
                "relation.split_from.breakaway",
                0.85,
            ),
            (
                "splinter group of",
                RelationKind::SplitFrom,
                "relation.split_from.splinter",
                0.85,
            ),
            (
                "splintered from",
                RelationKind::SplitFrom,
                "relation.split_from.splinter",
                0.85,
            ),
            (
                "split from",
                RelationKind::SplitFrom,
                "relation.split_from.splinter",
                0.8,
            ),
            (
                "formed by former",
                RelationKind::SplitFrom,
                "relation.split_from.former_members",
                0.7,
            ),
            (
                "founded by former",
                RelationKind::SplitFrom,
                "relation.split_from.former_members",
                0.7,
            ),
            (
                "one of the most active parts of",
                RelationKind::PartOf,
                "relation.part_of.part",
                0.8,
            ),
            (
                "part of",
                RelationKind::PartOf,
                "relation.part_of.part",
                0.7,
            ),
            (
                "parts of",
                RelationKind::PartOf,
                "relation.part_of.part",
                0.7,
            ),
            (
                "branch of",
                RelationKind::PartOf,
                "relation.part_of.branch",
                0.85,
            ),
            (
                "affiliate of",
                RelationKind::PartOf,
                "relation.part_of.branch",
                0.8,
            ),
            (
                "offshoot of",
                RelationKind::PartOf,
                "relation.part_of.branch",
                0.8,
            ),
            (
                "wing of",
                RelationKind::PartOf,
                "relation.part_of.branch",
                0.8,
            ),
            (
                "province of",
                RelationKind::PartOf,
                "relation.part_of.branch",
                0.75,
            ),
            (
                "franchise of",
                RelationKind::PartOf,
                "relation.part_of.branch",
                0.8,
            ),
            (
                "alliance with",
                RelationKind::AlliedWith,
                "relation.allied_with.alliance",
                0.8,
            ),
            (
                "allied with",
                RelationKind::AlliedWith,
                "relation.allied_with.alliance",
                0.8,
            ),
            (
                "allied to",
                RelationKind::AlliedWith,
                "relation.allied_with.alliance",
                0.8,
            ),
            (
                "ally of",
                RelationKind::AlliedWith,
                "relation.allied_with.alliance",
                0.8,
            ),
            (
                "allies of",
                RelationKind::AlliedWith,
                "relation.allied_with.alliance",
                0.8,
            ),
            (
                "joined forces with",
                RelationKind::AlliedWith,
                "relation.allied_with.alliance",
                0.8,
            ),
            (
                "fought alongside",
                RelationKind::AlliedWith,
                "relation.allied_with.alliance",
                0.75,
            ),
            (
                "merged with",
                RelationKind::AlliedWith,
                "relation.allied_with.alliance",
                0.7,
            ),
            (
                "clashed with",
                RelationKind::RivalOf,
                "relation.rival_of.clash",
                0.8,
            ),
            (
                "clash with",
                RelationKind::RivalOf,
                "relation.rival_of.clash",
                0.75,
            ),
            (
                "clashes with",
                RelationKind::RivalOf,
                "relation.rival_of.clash",
                0.75,
            ),
            (
                "at war with",
                RelationKind::RivalOf,
                "relation.rival_of.war",
                0.8,
            ),
            (
                "fighting against",
                RelationKind::RivalOf,
                "relation.rival_of.war",
                0.7,
            ),
            (
                "fought against",
                RelationKind::RivalOf,
                "relation.rival_of.war",
                0.7,
            ),
            (
                "war against",
                RelationKind::RivalOf,
                "relation.rival_of.war",
                0.7,
            ),
            (
                "rival of",
                RelationKind::RivalOf,
                "relation.rival_of.rival",
                0.8,
            ),
            (
                "rival to",
                RelationKind::RivalOf,
                "relation.rival_of.rival",
                0.8,
            ),
            (
                "enemy of",
                RelationKind::RivalOf,
                "relation.rival_of.rival",
                0.75,
            ),
            (
                "enemies of",
                RelationKind::RivalOf,
                "relation.rival_of.rival",
                0.75,
            ),
            (
                "pledged allegiance to",
                RelationKind::PledgedAllegianceTo,
                "relation.pledged_allegiance_to.pledge",
                0.85,
            ),
            (
                "pledge allegiance to",
                RelationKind::PledgedAllegianceTo,
                "relation.pledged_allegiance_to.pledge",
                0.8,
            ),
            (
                "pledging allegiance to",
                RelationKind::PledgedAllegianceTo,
                "relation.pledged_allegiance_to.pledge",
                0.85,
            ),
            (
                "swore allegiance to",
                RelationKind::PledgedAllegianceTo,
                "relation.pledged_allegiance_to.pledge",
                0.85,
            ),
            (
                "sworn allegiance to",
                RelationKind::PledgedAllegianceTo,
                "relation.pledged_allegiance_to.pledge",
                0.85,
            ),
            (
                "pledged loyalty to",
                RelationKind::PledgedAllegianceTo,
                "relation.pledged_allegiance_to.pledge",
                0.8,
            ),
            (
                "bay'ah to",
                RelationKind::PledgedAllegianceTo,
                "relation.pledged_allegiance_to.bayah",
                0.85,
            ),
            (
                "bay'a to",
                RelationKind::PledgedAllegianceTo,
                "relation.pledged_allegiance_to.bayah",
                0.85,
            ),
            (
                "bayah to",
                RelationKind::PledgedAllegianceTo,
                "relation.pledged_allegiance_to.bayah",
                0.85,
            ),
        ];
        // Each cue's first-word bit, computed once: a cue whose first word the sentence
        // lacks is passed over without a call.
        static FIRST_BITS: LazyLock<Vec<Option<(usize, u64)>>> = LazyLock::new(|| {
            CUES.iter()
                .map(|(phrase, ..)| {
                    let first = phrase.split(' ').next().unwrap_or(phrase);
                    (!first.ends_with('*')).then(|| word_bit(first))
                })
                .collect()
        });
        let mut used: Vec<usize> = Vec::new();
        for (&(phrase, kind, rule, base), bit) in CUES.iter().zip(FIRST_BITS.iter()) {
            if bit.is_some_and(|(i, bit)| s.words[i] & bit == 0) {
                continue;
            }
            for (i, n) in s.find(phrase) {
                // A longer cue already read these words.
                if used.contains(&i) || used.contains(&(i + n - 1)) {
                    continue;
                }
                used.extend(i..i + n);
                let cue_end = s.ws[i + n - 1].end;
                let objects: Vec<M> = if matches!(kind, RelationKind::SplitFrom) {
                    s.right_list(cue_end, self.text)
                        .into_iter()
                        .cloned()
                        .collect()
                } else {
                    // "part of the Taliban's strategy" is not about the Taliban as a whole.
                    let possessive = |m: &&M| {
                        let after = self.text.get(m.end..).unwrap_or("");
                        after.starts_with("'s") || after.starts_with("’s")
                    };
                    let near = if kind == RelationKind::PartOf { 1 } else { 3 };
                    s.right(cue_end, false, near)
                        .filter(|m| !possessive(m))
                        .into_iter()
                        .cloned()
                        .collect()
                };
                let before: Vec<&M> = s
                    .ms
                    .iter()
                    .filter(|m| {
                        !m.person && m.end <= s.ws[i].start && objects.iter().all(|o| o.id != m.id)
                    })
                    .collect();
                let subject = self.clause_subject(&before).cloned();
                let Some(subject) = subject else { continue };
                let from = if kind == RelationKind::PledgedAllegianceTo {
                    self.date_near(s, s.ws[i].start)
                } else {
                    None
                };
                for object in &objects {
                    self.relate(
                        s,
                        i,
                        Cand {
                            subject: &subject,
                            relation: kind,
                            object,
                            rule,
                            base,
                            from,
                            until: None,
                        },
                    );
                }
            }
        }
    }

    /// The subject among the organisations before a cue: the nearest one, unless it closes
    /// an apposition ("JNIM, the Sahel branch of al-Qaeda, is at war with..."), whose head
    /// is the subject then.
    fn clause_subject<'m>(&self, before: &[&'m M]) -> Option<&'m M> {
        let (&last, rest) = before.split_last()?;
        let head = rest.last().filter(|head| {
            let between = self.text.get(head.end..last.start).unwrap_or("");
            let after = self.text.get(last.end..).unwrap_or("").trim_start();
            (between.starts_with(", the ") || between.starts_with(", a "))
                && (between.ends_with(" of ") || between.ends_with(" of the "))
                && after.starts_with(',')
        });
        Some(head.copied().unwrap_or(last))
    }

    /// "Y's Khorasan affiliate, X", "the Taliban-affiliated Haqqani network".
    fn affiliated(&mut self, s: &Sent) {
        for (i, w) in s.ws.iter().enumerate() {
            let lc = w.lc();
            // "ORG-affiliated X", "ORG-aligned X", "ORG-linked X".
            for suffix in ["-affiliated", "-aligned", "-linked"] {
                if !lc.ends_with(suffix) {
                    continue;
                }
                let head = w.end - suffix.len();
                let Some(parent) =
                    s.ms.iter()
                        .find(|m| m.start >= w.start && m.end <= head && !m.person)
                else {
                    continue;
                };
                let Some(child) = s.right(w.end, false, 0) else {
                    continue;
                };
                let (p, c) = (parent.clone(), child.clone());
                self.relate(
                    s,
                    i,
                    Cand {
                        subject: &c,
                        relation: RelationKind::PartOf,
                        object: &p,
                        rule: "relation.part_of.affiliated",
                        base: 0.7,
                        from: None,
                        until: None,
                    },
                );
            }
            // "ORG's [region] affiliate|branch|wing|province".
            if matches!(
                lc,
                "affiliate" | "branch" | "wing" | "offshoot" | "franchise"
            ) {
                let k = i.saturating_sub(3);
                let Some(poss) = s.ws[k..i].iter().position(|w| w.lc == "'s").map(|p| k + p) else {
                    continue;
                };
                let Some(parent) = s.left(s.ws[poss].start, false, 0).cloned() else {
                    continue;
                };
                let child = s
                    .right(w.end, false, 1)
                    .or_else(|| {
                        s.left(
                            s.ws[poss.saturating_sub(1)].start.min(parent.start),
                            false,
                            2,
                        )
                    })
                    .cloned();
                let Some(child) = child else { continue };
                self.relate(
                    s,
                    i,
                    Cand {
                        subject: &child,
                        relation: RelationKind::PartOf,
                        object: &parent,
                        rule: "relation.part_of.possessive",
                        base: 0.8,
                        from: None,
                        until: None,
                    },
                );
            }
        }
    }

    /// "their Taliban rivals", "its historical foe, the Taliban": a rival word next to one
    /// group while another group is the sentence's subject.
    fn rivals(&mut self, s: &Sent) {
        for (i, w) in s.ws.iter().enumerate() {
            if !matches!(
                w.lc(),
                "rival" | "rivals" | "foe" | "foes" | "nemesis" | "archenemy" | "archrival"
            ) {
                continue;
            }
            if s.ws
                .get(i + 1)
                .is_some_and(|n| matches!(n.lc(), "of" | "to"))
            {
                continue; // read by the cue table
            }
            let object = s
                .left(w.start, false, 0)
                .filter(|m| !m.pronoun)
                .or_else(|| s.right(w.end, false, 3).filter(|m| !m.pronoun))
                .cloned();
            let Some(object) = object else { continue };
            let subject =
                s.ms.iter()
                    .find(|m| !m.person && m.group && m.id != object.id)
                    .cloned();
            let Some(subject) = subject else { continue };
            self.relate(
                s,
                i,
                Cand {
                    subject: &subject,
                    relation: RelationKind::RivalOf,
                    object: &object,
                    rule: "relation.rival_of.rival",
                    base: 0.65,
                    from: None,
                    until: None,
                },
            );
        }
    }

    /// "was founded in 2014 by defectors", "Founded in January 2015, ISKP ...".
    fn founded(&mut self, s: &Sent) {
        for (i, w) in s.ws.iter().enumerate() {
            if !matches!(w.lc(), "founded" | "established" | "formed" | "created") {
                continue;
            }
            let aux = |k: usize| matches!(s.ws[k].lc(), "was" | "were" | "been" | "is");
            // "was founded", "was reportedly founded".
            let passive =
                (i > 0 && aux(i - 1)) || (i > 1 && aux(i - 2) && s.ws[i - 1].lc.ends_with("ly"));
            let actor = if passive {
                s.left(s.ws[i - 1].start, false, 3)
            } else if i == s.word_at(s.span.start) {
                // Sentence-initial participle: the subject comes after the clause.
                s.ms.iter().find(|m| !m.person && m.start > w.end)
            } else {
                None
            };
            let Some(actor) = actor.cloned() else {
                continue;
            };
            let rest = &self.text[w.end..s.span.end];
            let clause_end = [";", ", who", ", which", " and ", ". "]
                .iter()
                .filter_map(|c| rest.find(c))
                .min()
                .unwrap_or(rest.len());
            let clause = &rest[..clause_end];
            // "by" must follow only places and dates ("in Afghanistan in 2014 by").
            let by_ok = |b: usize| {
                clause[..b].split_whitespace().all(|w| {
                    w.chars()
                        .next()
                        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
                        || matches!(w, "in" | "on" | "at" | "the" | "early" | "late" | "mid")
                })
            };
            let by = clause.find(" by ").filter(|&b| by_ok(b)).map(|b| {
                let by = &clause[b + 4..];
                let by = by.find(" in ").map_or(by, |e| &by[..e]);
                by.trim().trim_end_matches(['.', ',', ';']).to_string()
            });
            let date = self
                .analysis
                .temporal
                .iter()
                .find(|t| t.span.start >= w.end && t.span.end <= w.end + clause_end.max(1))
                .map(|t| t.value);
            if by.is_none() && date.is_none() {
                continue;
            }
            self.fact(
                s,
                i,
                &actor,
                ActorFactKind::Founded { by },
                ("fact.founded", 0.8),
                date,
            );
        }
    }

    /// "ISKP has up to 6,000 fighters, according to the UN", "Clarke estimated that ISKP
    /// had up to 2,200 fighters".
    fn strength(&mut self, s: &Sent) {
        for c in &self.analysis.counts {
            if c.value.thing != CountedThing::Fighters
                || c.span.start < s.span.start
                || c.span.end > s.span.end
            {
                continue;
            }
            let before: Vec<&W<'_>> = s.between(s.span.start, c.span.start).collect();
            let near = &before[before.len().saturating_sub(6)..];
            let has = near.iter().any(|w| {
                matches!(
                    w.lc(),
                    "has"
                        | "have"
                        | "had"
                        | "possesses"
                        | "possessed"
                        | "numbers"
                        | "fields"
                        | "commands"
                        | "boasts"
                        | "comprises"
                        | "strength"
                )
            });
            let killing = near
                .iter()
                .any(|w| w.lc.starts_with("kill") || w.lc == "including");
            if !has || killing {
                continue;
            }
            // The clause subject: the first group before the count.
            let Some(actor) =
                s.ms.iter()
                    .find(|m| m.group && m.end <= c.span.start)
                    .cloned()
            else {
                continue;
            };
            let by = self.estimator(s, actor.start);
            let i = s.word_at(c.span.start);
            let fact = ActorFactKind::Strength {
                count: c.value.count,
                estimated_by: by,
            };
            self.fact(s, i, &actor, fact, ("fact.strength", 0.75), None);
        }
    }

    /// Who made an estimate: "according to X", or the speaker before "estimated/said".
    fn estimator(&self, s: &Sent, before: usize) -> Option<String> {
        if let Some((i, n)) = s.find("according to").first().copied() {
            let a = s.ws[i + n - 1].end;
            let rest = &self.text[a..s.span.end];
            let end = rest.find([',', ';', '.']).unwrap_or(rest.len());
            let who = rest[..end].trim();
            let who = who.strip_prefix("the ").unwrap_or(who);
            if !who.is_empty() {
                return Some(who.to_string());
            }
        }
        let verb = s.ws.iter().position(|w| {
            w.end <= before
                && matches!(
                    w.lc(),
                    "estimated"
                        | "estimates"
                        | "said"
                        | "says"
                        | "believes"
                        | "assessed"
                        | "reported"
                )
        })?;
        let head = &self.text[s.span.start..s.ws[verb].start];
        let head = head.split(',').next().unwrap_or(head).trim();
        (!head.is_empty() && head.split_whitespace().count() <= 8).then(|| head.to_string())
    }

    /// "based in Nangarhar", "a stronghold in Kunar", "now one of its strongholds".
    fn strongholds(&mut self, s: &Sent) {
        for (phrase, rule) in [
            ("based in", "fact.stronghold.based"),
            ("based themselves in", "fact.stronghold.based"),
            ("headquartered in", "fact.stronghold.based"),
            ("stronghold in", "fact.stronghold.stronghold"),
            ("strongholds in", "fact.stronghold.stronghold"),
            ("stronghold of", "fact.stronghold.stronghold"),
            ("bases in", "fact.stronghold.based"),
            ("heartland in", "fact.stronghold.stronghold"),
        ] {
            for (i, n) in s.find(phrase) {
                let Some(actor) = s.left(s.ws[i].start, false, 3).filter(|m| m.group).cloned()
                else {
                    continue;
                };
                let Some(place) = self.place_after(s, i + n) else {
                    continue;
                };
                self.fact(
                    s,
                    i,
                    &actor,
                    ActorFactKind::Stronghold { place },
                    (rule, 0.7),
                    None,
                );
            }
        }
        for (i, n) in s
            .find("of its strongholds")
            .into_iter()
            .chain(s.find("its stronghold"))
        {
            let Some(actor) =
                s.ms.iter()
                    .find(|m| m.pronoun && m.start == s.ws[i + n - 2].start)
                    .cloned()
            else {
                continue;
            };
            let inn = s.ws[..i].iter().rposition(|w| w.lc == "in");
            let Some(place) = inn.and_then(|k| self.place_after(s, k + 1)) else {
                continue;
            };
            self.fact(
                s,
                i,
                &actor,
                ActorFactKind::Stronghold { place },
                ("fact.stronghold.stronghold", 0.65),
                None,
            );
        }
    }

    /// "... in Nangarhar and Kunar provinces, ..., where ISKP leaders and bases are sited":
    /// a relative clause that puts a group's people or bases in the places named before it.
    fn strongholds_where(&mut self, s: &Sent) {
        const PLACED: &[&str] = &[
            "based",
            "sited",
            "located",
            "headquartered",
            "entrenched",
            "concentrated",
        ];
        for (i, _) in s.find("where") {
            let Some(actor) = s.right(s.ws[i].end, false, 2).filter(|m| m.group).cloned() else {
                continue;
            };
            let verb =
                s.ws.iter()
                    .filter(|w| w.start >= actor.end)
                    .take(6)
                    .any(|w| PLACED.contains(&w.lc()));
            if !verb {
                continue;
            }
            // The places: the names after the nearest "in" before "where", joined by "and".
            let Some(inn) = s.ws[..i].iter().rposition(|w| w.lc == "in") else {
                continue;
            };
            let mut k = inn + 1;
            let mut places = Vec::new();
            while let Some(place) = self.place_after(s, k) {
                let words = place.split_whitespace().count();
                k += words + usize::from(s.ws.get(k).is_some_and(|w| w.lc == "the"));
                places.push(place);
                if s.ws.get(k).is_some_and(|w| w.lc == "and") {
                    k += 1;
                } else {
                    break;
                }
            }
            for place in places {
                self.fact(
                    s,
                    i,
                    &actor,
                    ActorFactKind::Stronghold { place },
                    ("fact.stronghold.where", 0.6),
                    None,
                );
            }
        }
    }

    /// A capitalised place name starting at word `k` ("the Zabul province" -> "Zabul").
    fn place_after(&self, s: &Sent, mut k: usize) -> Option<String> {
        if s.ws.get(k).is_some_and(|w| w.lc == "the") {
            k += 1;
        }
        let start = k;
        while k < s.ws.len() && (s.ws[k].cap || !self.mixed_case) && k - start < 3 {
            if k > start && !self.text[s.ws[k - 1].end..s.ws[k].start].trim().is_empty() {
                break;
            }
            if !self.mixed_case
                && matches!(
                    s.ws[k].lc(),
                    "province" | "district" | "and" | "in" | "on" | "to"
                )
            {
                break;
            }
            k += 1;
        }
        (k > start).then(|| self.text[s.ws[start].start..s.ws[k - 1].end].to_string())
    }

    /// "its magazine Voice of Khurasan", "ISKP's Voice of Khorasan magazine", "Al-Azaim
    /// Foundation".
    fn publications(&mut self, s: &Sent) {
        for (i, w) in s.ws.iter().enumerate() {
            let after = matches!(w.lc(), "magazine" | "newsletter" | "outlet" | "publication");
            let head = matches!(w.lc(), "foundation" | "media" | "agency") && w.cap;
            if !after && !head {
                continue;
            }
            // Name before the head word: a run of capitalised words (with "of").
            let mut k = i;
            while k > 0
                && (s.ws[k - 1].cap || (s.ws[k - 1].lc == "of" && k >= 2 && s.ws[k - 2].cap))
                && i - k < 5
            {
                if s.ms
                    .iter()
                    .any(|m| s.ws[k - 1].start < m.end && m.start < s.ws[k - 1].end)
                {
                    break;
                }
                k -= 1;
            }
            let name = if head && k < i {
                Some(self.text[s.ws[k].start..w.end].to_string())
            } else if after && k < i {
                Some(self.text[s.ws[k].start..s.ws[i - 1].end].to_string())
            } else if after {
                let j = i + 1;
                let mut e = j;
                while e < s.ws.len() && (s.ws[e].cap || (s.ws[e].lc == "of" && e > j)) && e - j < 5
                {
                    e += 1;
                }
                (e > j && s.ws[e - 1].cap)
                    .then(|| self.text[s.ws[j].start..s.ws[e - 1].end].to_string())
            } else {
                None
            };
            let Some(name) = name.filter(|_| self.mixed_case) else {
                continue;
            };
            let owner = s.left(s.ws[k].start, false, 4).filter(|m| m.group).cloned();
            let Some(owner) = owner else { continue };
            if self.facts.iter().any(|f| {
                f.actor.0 == owner.id
                    && f.fact == (ActorFactKind::Publication { name: name.clone() })
            }) {
                continue;
            }
            self.fact(
                s,
                i,
                &owner,
                ActorFactKind::Publication { name },
                ("fact.publication", 0.7),
                None,
            );
        }
    }

    /// "threatened to attack X", "called for attacks on X", "named X as a target", "X is a
    /// frequent target of ISKP propaganda".
    fn threats(&mut self, s: &Sent) {
        let mut used: Vec<usize> = Vec::new();
        for phrase in [
            "threatened to attack",
            "threatened",
            "threatens",
            "called for attacks on",
            "calls for attacks on",
            "vowed to attack",
            "vowed revenge against",
            "vowed retribution against",
            "declared war on",
            "is targeting",
            "named",
            "targets including",
        ] {
            for (i, n) in s.find(phrase) {
                // A longer cue already read these words.
                if used.contains(&i) {
                    continue;
                }
                used.extend(i..i + n);
                let actor = s
                    .left(s.ws[i].start, false, 3)
                    .filter(|m| m.group)
                    .or_else(|| s.topic().filter(|t| t.end <= s.ws[i].start));
                let Some(actor) = actor.cloned() else {
                    continue;
                };
                let named = if phrase == "named" {
                    // "named X as a target"
                    let t = &self.text[s.ws[i].end..s.span.end];
                    match t.find(" as a target").or_else(|| t.find(" as targets")) {
                        Some(e) if e < 60 => Some(&t[..e]),
                        _ => continue,
                    }
                } else {
                    None
                };
                let rest = named.unwrap_or_else(|| {
                    let rest = &self.text[s.ws[i + n - 1].end..s.span.end];
                    &rest[..rest.find([';', '.', '(']).unwrap_or(rest.len())]
                });
                for target in self.targets(rest) {
                    let fact = ActorFactKind::Threat { target };
                    self.fact(s, i, &actor, fact, ("fact.threat.statement", 0.65), None);
                }
            }
        }
        for (i, _) in s.find("target of") {
            let actor = s.right(s.ws[i + 1].end, false, 1).filter(|m| m.group);
            let Some(actor) = actor.cloned() else {
                continue;
            };
            // "As I noted, Pakistan is a frequent target of ISKP propaganda".
            let head = &self.text[s.span.start..s.ws[i].start];
            let Some(is) = head.rfind(" is ").or_else(|| head.rfind(" are ")) else {
                continue;
            };
            let head = &head[..is];
            let head = head.rfind(',').map_or(head, |c| &head[c + 1..]);
            for target in self.targets(head) {
                let fact = ActorFactKind::Threat { target };
                self.fact(s, i, &actor, fact, ("fact.threat.target_of", 0.6), None);
            }
        }
    }

    /// The named targets in a list ("the United States and other Western countries"): the
    /// leading items that name something (short, with a capital in mixed-case text),
    /// without their article. The list ends at the first item that does not.
    fn targets(&self, list: &str) -> Vec<String> {
        list.split([','])
            .flat_map(|p| p.split(" and "))
            .map(|p| {
                let p = p.trim();
                let p = p.strip_prefix("and ").unwrap_or(p).trim();
                p.strip_prefix("the ")
                    .or_else(|| p.strip_prefix("The "))
                    .unwrap_or(p)
            })
            .filter(|p| !p.is_empty())
            .take_while(|p| {
                p.split_whitespace().count() <= 4
                    && (!self.mixed_case || p.chars().any(char::is_uppercase))
            })
            .map(str::to_string)
            .collect()
    }
}

/// Merges relations with the same subject, kind and object (either order for allied_with
/// and rival_of): sources are pooled, the earliest start and latest end kept.
fn merge(relations: Vec<Relation>) -> Vec<Relation> {
    let mut out: Vec<Relation> = Vec::new();
    for r in relations {
        let symmetric = matches!(r.relation, RelationKind::AlliedWith | RelationKind::RivalOf);
        let same = out.iter_mut().find(|o| {
            o.relation == r.relation
                && ((o.subject == r.subject && o.object == r.object)
                    || (symmetric && o.subject == r.object && o.object == r.subject))
        });
        match same {
            Some(o) => {
                o.from = match (o.from, r.from) {
                    (Some(a), Some(b)) => Some(if b.start < a.start { b } else { a }),
                    (a, b) => a.or(b),
                };
                o.until = match (o.until, r.until) {
                    (Some(a), Some(b)) => Some(if b.end > a.end { b } else { a }),
                    (a, b) => a.or(b),
                };
                o.sources.extend(r.sources);
            }
            None => out.push(r),
        }
    }
    out
}

/// Data-driven tests: each `tests/data/relations/NAME.txt` is analysed, its actors found,
/// and the relations, facts and rejection notes rendered one per line must equal
/// `NAME.expected` (set `BLESS=1` to rewrite the expected files after checking them).
#[cfg(test)]
mod tests {
    use std::fmt::Write as _;
    use std::path::Path;

    use forewarn_model::{ActorFactKind, DocumentId, Producer};

    use super::{
        ActorKind, ActorRef, RelationFindings, RelationKind, Span, find_relations,
        find_relations_and_people,
    };
    use crate::actors::find_actors;
    use crate::analyse;
    use jiff::civil::date;

    /// Renders everything found in `text` as sorted lines.
    fn render(text: &str) -> String {
        let analysis = analyse(text, Some(date(2024, 6, 1)));
        let doc = DocumentId("fixture".into());
        let actors = find_actors(text, &analysis, &doc, jiff::Timestamp::UNIX_EPOCH);
        let found = find_relations_and_people(
            text,
            &analysis,
            &actors.refs,
            &doc,
            jiff::Timestamp::UNIX_EPOCH,
        );
        let RelationFindings {
            relations,
            facts,
            notes,
            people,
        } = found;
        let rule = |p: &Producer| p.to_string();
        let mut lines = Vec::new();
        for r in &relations {
            let mut line = format!("{} {} {}", r.subject.0, r.relation.as_str(), r.object.0);
            if let Some(f) = r.from {
                let _ = write!(line, " from={}", f.start_string());
            }
            if let Some(u) = r.until {
                let _ = write!(line, " until={}", u.end_string());
            }
            let _ = write!(line, " [{}]", rule(&r.sources[0].producer));
            lines.push(line);
        }
        for f in &facts {
            let what = match &f.fact {
                ActorFactKind::Founded { by } => {
                    format!("founded by={}", by.as_deref().unwrap_or("-"))
                }
                ActorFactKind::Strength {
                    count,
                    estimated_by,
                } => format!(
                    "strength {} {}{} by={}",
                    count.qualifier.as_str(),
                    count.value,
                    count.high.map(|h| format!("-{h}")).unwrap_or_default(),
                    estimated_by.as_deref().unwrap_or("-")
                ),
                ActorFactKind::Stronghold { place } => format!("stronghold {place}"),
                ActorFactKind::Publication { name } => format!("publication {name}"),
                ActorFactKind::Threat { target } => format!("threat {target}"),
            };
            let when = f.date.map(|d| format!(" date={}", d.start_string()));
            lines.push(format!(
                "fact {} {what}{}",
                f.actor.0,
                when.unwrap_or_default()
            ));
        }
        for p in &people {
            lines.push(format!("person {} {:?}", p.id, p.name));
        }
        for n in &notes {
            lines.push(format!("note {}: {}", n.rule, n.message));
        }
        lines.sort();
        lines.join("\n") + "\n"
    }

    #[test]
    fn fixtures_match_expected() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/relations");
        let mut checked = 0;
        let mut entries: Vec<_> = std::fs::read_dir(&dir)
            .expect("fixture directory exists")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        entries.sort();
        for input in entries {
            let text = std::fs::read_to_string(&input).expect("fixture is readable");
            let got = render(&text);
            let expected_path = input.with_extension("expected");
            if std::env::var_os("BLESS").is_some() {
                std::fs::write(&expected_path, &got).expect("expected file is writable");
            }
            let expected = std::fs::read_to_string(&expected_path)
                .unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()));
            assert_eq!(got, expected, "fixture {}", input.display());
            checked += 1;
        }
        assert!(
            checked >= 3,
            "expected at least three fixtures, found {checked}"
        );
    }

    proptest::proptest! {
        /// Cue words, names, curly apostrophes and stray punctuation in any order never
        /// make the finder panic (it slices the text at many computed offsets).
        #[test]
        fn never_panics_on_cue_soup(words in proptest::collection::vec(
            proptest::sample::select(vec![
                "ISKP", "ISKP’s", "its", "It", "the group's", "leader", "leader,", "emir",
                "Abu Bakr al-Baghdadi", "al-Baghdadi", "appointed", "as", "of", "Taliban",
                "was", "founded", "in", "2015", "by", "defectors from", "pledged allegiance to",
                "replaced by", "top job", "handed", "to", "has", "up to 2,000 fighters",
                "according to", "based in", "Kunar", "magazine", "Voice", "threatened",
                "targets, including", "target of", "not", "may", "’s", "'", "-", ",", ".",
                "Été", "TALIBAN", "LED", "rivals", "-affiliated",
            ]),
            0..40,
        )) {
            let text = words.join(" ");
            let _ = render(&text);
            let glued = words.concat();
            let _ = render(&glued);
        }
    }

    /// Measures the rules on the two seed reports when they are present (they live outside
    /// the repository): prints one JSON object per relation, for
    /// `cargo test -p forewarn-extract --lib seeds -- --ignored --nocapture`; collect the
    /// `{...}` lines into a JSON array and pass it to `score_seeds.py --relations`.
    #[test]
    #[ignore = "needs /work/shared/seeds"]
    fn seeds() {
        let lexicon = forewarn_lexicon::Lexicon::global();
        for (file, published) in [
            ("000_c049526a2c111bfc.txt", date(2024, 3, 29)),
            ("001_10d17e6b8dce3bd0.txt", date(2024, 4, 2)),
        ] {
            let Ok(text) = std::fs::read_to_string(format!("/work/shared/seeds/{file}")) else {
                continue;
            };
            let analysis = analyse(&text, Some(published));
            let doc = DocumentId(file.into());
            let at = jiff::Timestamp::UNIX_EPOCH;
            let actors = find_actors(&text, &analysis, &doc, at);
            let name = |id: &str| {
                lexicon
                    .actor(id)
                    .map(|e| e.name.clone())
                    .or_else(|| {
                        actors
                            .refs
                            .iter()
                            .find(|r| r.id == id)
                            .map(|r| r.name.clone())
                    })
                    .unwrap_or_else(|| id.to_string())
            };
            let (relations, _, _) = find_relations(&text, &analysis, &actors.refs, &doc, at);
            for r in relations {
                let bound = |d: Option<forewarn_model::FuzzyDate>, end: bool| {
                    d.map_or("null".to_string(), |d| {
                        format!(
                            "{:?}",
                            if end {
                                d.end_string()
                            } else {
                                d.start_string()
                            }
                        )
                    })
                };
                println!(
                    "{{\"subject\": {:?}, \"relation\": {:?}, \"object\": {:?}, \"from\": {}, \"until\": {}}}",
                    name(&r.subject.0),
                    r.relation.as_str(),
                    name(&r.object.0),
                    bound(r.from, false),
                    bound(r.until, true),
                );
            }
        }
    }

    #[test]
    fn people_named_only_by_a_cue_are_returned() {
        let text = "In June 2020, ISKP's top job was handed to Sanaullah Ghafari.";
        let analysis = analyse(text, Some(date(2024, 6, 1)));
        let iskp = ActorRef {
            span: Span::new(14, 18),
            id: "islamic-state-khorasan-province".into(),
            name: "Islamic State Khorasan Province".into(),
            kind: ActorKind::Organization,
            category: Some("armed_group".into()),
            rule: "test",
            confidence: 1.0,
            anaphor: false,
        };
        let doc = DocumentId("cue".into());
        let found =
            find_relations_and_people(text, &analysis, &[iskp], &doc, jiff::Timestamp::UNIX_EPOCH);
        assert_eq!(found.people.len(), 1);
        assert_eq!(found.people[0].id, "sanaullah-ghafari");
        assert_eq!(found.people[0].span.slice(text), Some("Sanaullah Ghafari"));
        let r = &found.relations[0];
        assert_eq!(r.subject.0, "sanaullah-ghafari");
        assert_eq!(r.relation, RelationKind::LeaderOf);
        assert_eq!(r.from.map(|d| d.start_string()).as_deref(), Some("2020-06"));
        assert_eq!(r.sources[0].document, doc);
    }

    #[test]
    fn empty_input_finds_nothing() {
        assert_eq!(render(""), "\n");
    }
}

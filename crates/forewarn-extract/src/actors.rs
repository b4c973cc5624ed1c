//! Actors of one document: dictionary mentions, proposed names, and the anaphors ("the
//! group", "it", "its leader") resolved to the actor they stand for.
//!
//! Anaphors are resolved to the most recent fitting organisation: first in the same
//! paragraph, then (with less confidence) in the previous one. "Fitting" means an
//! organisation that is not a state body, because analyses use "the group" and "it" for the
//! armed group they are about, and a state named in between ("the U.S. warned...") is rarely
//! the antecedent.

use std::sync::LazyLock;

use forewarn_lexicon::{ActorMention, Lexicon, ProposedActor};
use forewarn_model::{Actor, ActorId, ActorKind, Alias, DocumentId, Producer, Provenance, Span};
use jiff::Timestamp;

use crate::{ActorFinding, Analysis, TokenKind};

/// One place in the text that names or stands for an actor.
#[derive(Debug, Clone, PartialEq)]
pub struct ActorRef {
    /// The name or anaphor, in bytes of the text.
    pub span: Span,
    /// The actor's id: the dictionary id, or a slug of a proposed name.
    pub id: String,
    /// Canonical name (the dictionary name, or the proposed name as written).
    pub name: String,
    /// Organisation or individual.
    pub kind: ActorKind,
    /// The dictionary category (`armed_group`, `state_force`...), if known.
    pub category: Option<String>,
    /// The rule that found or resolved it.
    pub rule: &'static str,
    /// Confidence in `[0, 1]`.
    pub confidence: f64,
    /// Whether the text is an anaphor ("the group", "it") rather than a name.
    pub anaphor: bool,
}

impl ActorRef {
    /// Whether this actor can be the antecedent of "the group" or "it": an organisation
    /// that is not a state body or an international organisation.
    pub fn fits_group_anaphor(&self) -> bool {
        self.kind == ActorKind::Organization
            && !matches!(
                self.category.as_deref(),
                Some("state_force" | "international_body")
            )
    }
}

/// The actors of a document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocumentActors {
    /// Names and resolved anaphors, in text order.
    pub refs: Vec<ActorRef>,
    /// One finding per actor, with every mention.
    pub findings: Vec<ActorFinding>,
}

impl DocumentActors {
    /// The references whose span lies inside `span`, in text order.
    pub fn within(&self, span: Span) -> impl Iterator<Item = &ActorRef> {
        let from = self.refs.partition_point(|r| r.span.start < span.start);
        self.refs[from..]
            .iter()
            .take_while(move |r| r.span.start < span.end)
            .filter(move |r| r.span.end <= span.end)
    }
}

/// Anaphors that stand for an organisation, with their confidence. Longest first, so that
/// "the terrorist group" wins over "the group" at the same place.
const ANAPHORS: &[(&[&str], f64)] = &[
    (&["the", "terrorist", "group"], 0.75),
    (&["the", "terror", "group"], 0.75),
    (&["the", "militant", "group"], 0.75),
    (&["the", "jihadist", "group"], 0.75),
    (&["the", "armed", "group"], 0.75),
    (&["the", "group"], 0.7),
    (&["this", "group"], 0.7),
    (&["the", "organisation"], 0.65),
    (&["the", "organization"], 0.65),
    (&["the", "movement"], 0.55),
    (&["the", "outfit"], 0.65),
    (&["it"], 0.5),
    (&["its"], 0.5),
];

/// The words that start an anaphor, once each.
static ANAPHOR_FIRST_WORDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut firsts: Vec<&'static str> = Vec::new();
    for (words, _) in ANAPHORS {
        if let Some(&w) = words.first()
            && !firsts.contains(&w)
        {
            firsts.push(w);
        }
    }
    firsts
});

/// Finds the actors of `text`: dictionary mentions, proposals, and resolved anaphors.
pub fn find_actors(
    text: &str,
    analysis: &Analysis,
    doc: &DocumentId,
    at: Timestamp,
) -> DocumentActors {
    find_actors_in(text, analysis, doc, at, &[])
}

/// [`find_actors`] for a text about `countries` (ISO codes of the places it names), which
/// settle aliases that groups of several countries share ("ERP" in an Argentine story).
pub fn find_actors_in(
    text: &str,
    analysis: &Analysis,
    doc: &DocumentId,
    at: Timestamp,
    countries: &[String],
) -> DocumentActors {
    let lexicon = Lexicon::global();
    let mut mentions = lexicon.find_in_countries(text, countries);
    let dated = analysis.reference.map(|r| r.date.to_string());
    lexicon.read_as_of(&mut mentions, dated.as_deref());
    let proposed = forewarn_lexicon::propose_unknown(text, &mentions);
    resolve_actors(text, analysis, &mentions, &proposed, doc, at)
}

/// Builds the document's actors from dictionary `mentions` and `proposed` names, and
/// resolves anaphors against them.
pub fn resolve_actors(
    text: &str,
    analysis: &Analysis,
    mentions: &[ActorMention],
    proposed: &[ProposedActor],
    doc: &DocumentId,
    at: Timestamp,
) -> DocumentActors {
    let lexicon = Lexicon::global();
    let mut names: Vec<ActorRef> = Vec::with_capacity(mentions.len() + proposed.len());
    for m in mentions {
        let entry = lexicon.actor(&m.actor);
        names.push(ActorRef {
            span: m.span,
            id: m.actor.clone(),
            name: entry.map_or_else(|| m.alias.clone(), |e| e.name.clone()),
            kind: entry.map_or(ActorKind::Organization, |e| e.kind),
            category: entry.map(|e| e.category.clone()),
            rule: m.rule,
            confidence: m.confidence,
            anaphor: false,
        });
    }
    for p in proposed {
        names.push(ActorRef {
            span: p.span,
            id: slug(&p.name),
            name: p.name.clone(),
            kind: p.kind,
            category: None,
            rule: p.rule,
            confidence: p.confidence,
            anaphor: false,
        });
    }
    names.sort_by_key(|r| r.span.start);
    let findings = findings(text, &names, mentions, doc, at);
    let refs = with_anaphors(text, analysis, names);
    DocumentActors { refs, findings }
}

/// Adds the anaphors of the text, each resolved to its antecedent, to `names`.
fn with_anaphors(text: &str, analysis: &Analysis, names: Vec<ActorRef>) -> Vec<ActorRef> {
    let tokens = &analysis.text.tokens;
    let mut out: Vec<ActorRef> = Vec::with_capacity(names.len() * 2);
    let mut next_name = names.into_iter().peekable();
    for para in &analysis.text.paragraphs {
        for s in para.sentences.clone() {
            let Some(sentence) = analysis.text.sentences.get(s) else {
                continue;
            };
            let mut i = sentence.tokens.start;
            while i < sentence.tokens.end {
                let tok = tokens[i];
                // Names before this token come first, so that antecedents are in `out`.
                while next_name
                    .peek()
                    .is_some_and(|n| n.span.start < tok.span.end)
                {
                    if let Some(n) = next_name.next() {
                        out.push(n);
                    }
                }
                if tok.kind != TokenKind::Word
                    || out.last().is_some_and(|l| l.span.end > tok.span.start)
                {
                    i += 1;
                    continue;
                }
                let Some((len, conf)) = anaphor_at(text, tokens, i, sentence.tokens.end) else {
                    i += 1;
                    continue;
                };
                let span = Span::new(tok.span.start, tokens[i + len - 1].span.end);
                if let Some((antecedent, factor)) = antecedent(&out, para.span.start, span.start) {
                    let resolved = ActorRef {
                        span,
                        rule: "actor.anaphor",
                        confidence: (conf * factor * antecedent.confidence).min(1.0),
                        anaphor: true,
                        ..antecedent.clone()
                    };
                    out.push(resolved);
                }
                i += len;
            }
        }
    }
    out.extend(next_name);
    out.sort_by_key(|r| r.span.start);
    out
}

/// The anaphor starting at token `i`, as (token count, confidence).
fn anaphor_at(text: &str, tokens: &[crate::Token], i: usize, end: usize) -> Option<(usize, f64)> {
    // Most words start no anaphor: test the first word against the few that do before
    // trying every pattern.
    let first = tokens.get(i)?.text(text);
    if !ANAPHOR_FIRST_WORDS
        .iter()
        .any(|w| first.eq_ignore_ascii_case(w))
    {
        return None;
    }
    'pattern: for (words, conf) in ANAPHORS {
        if i + words.len() > end {
            continue;
        }
        for (k, w) in words.iter().enumerate() {
            let t = tokens[i + k];
            if t.kind != TokenKind::Word || !t.text(text).eq_ignore_ascii_case(w) {
                continue 'pattern;
            }
        }
        // "the group of seven": a group of something is not an anaphor.
        if words.len() > 1
            && let Some(next) = tokens.get(i + words.len())
            && next.text(text).eq_ignore_ascii_case("of")
        {
            continue;
        }
        return Some((words.len(), *conf));
    }
    None
}

/// The antecedent for an anaphor at `pos`: the most recent fitting actor in the paragraph
/// starting at `para_start` (factor 1), else the most recent one before it (factor 0.8).
fn antecedent(out: &[ActorRef], para_start: usize, pos: usize) -> Option<(&ActorRef, f64)> {
    let found = out
        .iter()
        .rev()
        .filter(|r| r.span.end <= pos)
        .take(12)
        .find(|r| r.fits_group_anaphor())?;
    let factor = if found.span.start >= para_start {
        1.0
    } else {
        0.8
    };
    Some((found, factor))
}

/// One finding per actor: dictionary actors with the aliases used, proposed actors as named.
fn findings(
    text: &str,
    names: &[ActorRef],
    mentions: &[ActorMention],
    doc: &DocumentId,
    at: Timestamp,
) -> Vec<ActorFinding> {
    let dictionary: std::collections::HashSet<&str> =
        mentions.iter().map(|m| m.actor.as_str()).collect();
    let mut out: Vec<ActorFinding> = Vec::new();
    for r in names {
        let provenance = Provenance {
            document: doc.clone(),
            span: r.span,
            producer: Producer::Rule(r.rule.to_string()),
            confidence: r.confidence,
            at,
        };
        let written = r.span.slice(text).unwrap_or(&r.name).to_string();
        let from_dictionary = dictionary.contains(r.id.as_str());
        let finding = match out.iter_mut().find(|f| f.actor.id.0 == r.id) {
            Some(f) => f,
            None => {
                out.push(ActorFinding {
                    actor: Actor {
                        id: ActorId(r.id.clone()),
                        name: r.name.clone(),
                        kind: r.kind,
                        category: r.category.clone(),
                        country: None,
                        aliases: Vec::new(),
                    },
                    from_dictionary,
                    mentions: Vec::new(),
                });
                let last = out.len() - 1;
                &mut out[last]
            }
        };
        if !finding.actor.aliases.iter().any(|a| a.name == written) {
            finding.actor.aliases.push(Alias {
                name: written,
                source: Some(provenance.clone()),
            });
        }
        finding.mentions.push(provenance);
    }
    let lexicon = Lexicon::global();
    for f in &mut out {
        if let Some(e) = lexicon.actor(&f.actor.id.0) {
            f.actor.country = e.country.clone();
        }
    }
    out
}

/// A lower-case slug of a name: letters and digits, words joined by hyphens.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyse;

    fn refs(text: &str) -> Vec<(String, String, bool)> {
        let a = analyse(text, None);
        let found = find_actors(text, &a, &DocumentId("t".into()), Timestamp::UNIX_EPOCH);
        found
            .refs
            .iter()
            .map(|r| {
                (
                    r.span.slice(text).unwrap_or("").to_string(),
                    r.id.clone(),
                    r.anaphor,
                )
            })
            .collect()
    }

    #[test]
    fn pronouns_and_the_group_resolve_to_the_last_armed_group() {
        let text = "ISKP was founded in 2015.\n\nIn 2018, it bombed an office of a charity. \
                    The United Nations condemned the group.";
        let got = refs(text);
        let it = got.iter().find(|r| r.0 == "it").expect("`it` is resolved");
        assert_eq!(it.1, "islamic-state-khorasan-province");
        assert!(it.2);
        let group = got
            .iter()
            .find(|r| r.0 == "the group")
            .expect("`the group` is resolved");
        // The UN, named in between, is no antecedent for "the group".
        assert_eq!(group.1, "islamic-state-khorasan-province");
    }

    #[test]
    fn a_group_of_something_is_not_an_anaphor() {
        let got = refs("ISKP attacked. The group of seven met in Rome.");
        assert!(got.iter().all(|r| r.0 != "The group"), "{got:?}");
    }

    #[test]
    fn findings_keep_each_alias_once_with_every_mention() {
        let text = "ISKP, also called ISIS-K, struck again. ISKP claimed it.";
        let a = analyse(text, None);
        let found = find_actors(text, &a, &DocumentId("t".into()), Timestamp::UNIX_EPOCH);
        let iskp = found
            .findings
            .iter()
            .find(|f| f.actor.id.0 == "islamic-state-khorasan-province")
            .expect("ISKP found");
        assert!(iskp.from_dictionary);
        let aliases: Vec<&str> = iskp.actor.aliases.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(aliases, ["ISKP", "ISIS-K"]);
        assert_eq!(iskp.mentions.len(), 3);
    }

    #[test]
    fn slugs_are_lower_case_words_joined_by_hyphens() {
        assert_eq!(
            slug("Front de Libération  (FLN)"),
            "front-de-libération-fln"
        );
    }
}

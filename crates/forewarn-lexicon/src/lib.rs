//! forewarn's actor lexicon: the curated dictionary of armed groups, state forces,
//! international bodies and people (`data/actors/actors.toml`, embedded at build time), the
//! fast matcher that finds those actors in text by any alias, spelling or transliteration,
//! and the rules that propose organisations and people the dictionary does not know yet.
//!
//! Matching folds case, diacritics and punctuation (hyphens, spaces and apostrophes alike:
//! "al-Qa'ida" = "Al Qaida" = "AL-QA'IDA"), keeps to word boundaries, prefers the leftmost
//! longest name, and reports spans in the original text. Ambiguous short aliases ("IS",
//! "IMU", "ELN") are only reported when the context supports them.

mod data;
mod fold;
mod matcher;
mod propose;

use std::sync::OnceLock;

use forewarn_model::Span;

pub use data::{ActorEntry, CATEGORIES, ReadAs};
pub use matcher::{ActorMention, GenericMention, Prepared};
pub use propose::{ProposedActor, propose_unknown};

/// The embedded dictionary sources.
const ACTORS_TOML: &str = include_str!("../../../data/actors/actors.toml");
const GENERIC_TOML: &str = include_str!("../../../data/actors/generic.toml");

/// Why a dictionary could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    /// The file is not valid TOML of the expected shape.
    #[error("cannot parse {file}: {reason}")]
    Parse {
        /// Which dictionary file.
        file: &'static str,
        /// The parser's message, with line and column.
        reason: String,
    },
    /// An entry breaks a rule of the dictionary.
    #[error("actor {id:?} is invalid: {reason}")]
    Invalid {
        /// The offending actor id.
        id: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Two actors claim the same alias and it is not flagged ambiguous for both.
    #[error(
        "alias {alias:?} is claimed by both {first:?} and {second:?}; flag it ambiguous for both or drop one"
    )]
    AliasConflict {
        /// The alias as written in the second actor.
        alias: String,
        /// The actor that claimed it first.
        first: String,
        /// The actor that claimed it again.
        second: String,
    },
}

/// The loaded dictionary with its matchers.
pub struct Lexicon {
    actors: Vec<ActorEntry>,
    matcher: matcher::Matcher,
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lexicon")
            .field("actors", &self.actors.len())
            .finish_non_exhaustive()
    }
}

impl Lexicon {
    /// The embedded dictionary, parsed and validated once.
    ///
    /// # Panics
    /// Only if the embedded data is invalid, which the crate's tests rule out.
    pub fn global() -> &'static Lexicon {
        static GLOBAL: OnceLock<Lexicon> = OnceLock::new();
        GLOBAL.get_or_init(|| {
            Lexicon::from_sources(ACTORS_TOML, GENERIC_TOML)
                .unwrap_or_else(|e| panic!("embedded actor dictionary is invalid: {e}"))
        })
    }

    /// Loads a dictionary from the text of an actors file and a generic-descriptions file
    /// (the formats of `data/actors/`).
    pub fn from_sources(actors_toml: &str, generic_toml: &str) -> Result<Lexicon, LexiconError> {
        let actors = data::parse_actors(actors_toml)?;
        let generic = data::parse_generic(generic_toml)?;
        let matcher = matcher::Matcher::build(&actors, &generic)?;
        Ok(Lexicon { actors, matcher })
    }

    /// The actor with this id.
    pub fn actor(&self, id: &str) -> Option<&ActorEntry> {
        self.matcher.index_of(id).map(|i| &self.actors[i])
    }

    /// Every actor, in file order.
    pub fn actors(&self) -> &[ActorEntry] {
        &self.actors
    }

    /// The actors that go by `name` (folded like the matcher folds text); several when the
    /// name is ambiguous, none when it is unknown.
    pub fn lookup(&self, name: &str) -> Vec<&ActorEntry> {
        self.matcher
            .lookup(name)
            .into_iter()
            .map(|i| &self.actors[i])
            .collect()
    }

    /// Whether `name` is a generic perpetrator description ("gunmen", "the army"), and of
    /// which class (`unidentified`, `ideological`, `state`, `criminal`).
    pub fn generic_class(&self, name: &str) -> Option<&str> {
        self.matcher.generic_class(name)
    }

    /// Dictionary actors named in `text`, leftmost-longest, without overlaps, in text order.
    pub fn find(&self, text: &str) -> Vec<ActorMention> {
        self.matcher.find(&self.actors, &Prepared::new(text), &[])
    }

    /// `text` folded once for several look-ups ([`Lexicon::find_in_prepared`],
    /// [`Lexicon::find_generic_in_prepared`]), as a whole document's extraction makes.
    pub fn prepare<'t>(&self, text: &'t str) -> Prepared<'t> {
        Prepared::new(text)
    }

    /// [`Lexicon::find_in_countries`] on a prepared text.
    pub fn find_in_prepared(&self, text: &Prepared<'_>, countries: &[String]) -> Vec<ActorMention> {
        self.matcher.find(&self.actors, text, countries)
    }

    /// [`Lexicon::find_generic_beside`] on a prepared text.
    pub fn find_generic_in_prepared(
        &self,
        text: &Prepared<'_>,
        actors: &[ActorMention],
    ) -> Vec<GenericMention> {
        self.matcher.find_generic(actors, text)
    }

    /// Like [`Lexicon::find`], for a text about `countries` (ISO alpha-2 codes, such as the
    /// countries of the places it names): an ambiguous alias shared by groups of several
    /// countries ("ERP", "ELN") is read as the one group at home there when a cue word is
    /// near (rule `lexicon.country`).
    pub fn find_in_countries(&self, text: &str, countries: &[String]) -> Vec<ActorMention> {
        self.matcher
            .find(&self.actors, &Prepared::new(text), countries)
    }

    /// Generic perpetrator descriptions in `text` that no actor mention covers.
    pub fn find_generic(&self, text: &str) -> Vec<GenericMention> {
        self.find_generic_beside(text, &self.find(text))
    }

    /// [`Lexicon::find_generic`] for a caller that already has [`Lexicon::find`]`(text)`:
    /// the dictionary mentions are not looked for again.
    pub fn find_generic_beside(&self, text: &str, actors: &[ActorMention]) -> Vec<GenericMention> {
        self.matcher.find_generic(actors, &Prepared::new(text))
    }

    /// Applies the dictionary's dated readings ([`ReadAs`]) to `mentions` of a document
    /// dated `date` (`YYYY-MM-DD`, `None` when undated): a mention of an actor that, from
    /// that date, means another is given to the other, keeping its span and alias, under
    /// rule `lexicon.read_as`.
    pub fn read_as_of(&self, mentions: &mut [ActorMention], date: Option<&str>) {
        for m in mentions {
            let Some(r) = self.actor(&m.actor).and_then(|a| a.read_as.as_ref()) else {
                continue;
            };
            // ISO days compare as strings.
            if date.is_none_or(|d| d >= r.from.as_str()) {
                m.actor = r.actor.clone();
                m.rule = "lexicon.read_as";
            }
        }
    }

    /// The chain of parents of an actor, nearest first (ISWAP -> Islamic State).
    pub fn ancestors(&self, id: &str) -> Vec<&ActorEntry> {
        let mut out = Vec::new();
        let mut cur = self.actor(id);
        while let Some(parent) = cur
            .and_then(|a| a.parent.as_deref())
            .and_then(|p| self.actor(p))
        {
            if out.iter().any(|a: &&ActorEntry| a.id == parent.id) {
                break;
            }
            out.push(parent);
            cur = Some(parent);
        }
        out
    }
}

/// Whether two spans overlap.
pub(crate) fn overlaps(a: Span, b: Span) -> bool {
    a.start < b.end && b.start < a.end
}

//! The dictionary files: their serde shape, and the checks that keep them consistent.

use std::collections::{BTreeMap, HashMap, HashSet};

use forewarn_model::ActorKind;
use serde::Deserialize;

use crate::LexiconError;
use crate::fold::{is_apostrophe, key};

/// The categories an actor may have.
pub const CATEGORIES: &[&str] = &[
    "armed_group",
    "state_force",
    "international_body",
    "political_party",
    "criminal_group",
    "civil_society",
    "individual",
];

/// One actor of the curated dictionary.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorEntry {
    /// Stable slug, unique in the dictionary.
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// Organisation or individual.
    pub kind: ActorKind,
    /// One of [`CATEGORIES`].
    pub category: String,
    /// ISO 3166-1 alpha-2 code of the home country.
    #[serde(default)]
    pub country: Option<String>,
    /// Id of the actor this one is part of (a province, wing, unit or front).
    #[serde(default)]
    pub parent: Option<String>,
    /// Other names: acronyms, translations, transliteration and spelling variants.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Names that designate this actor only when the context supports it (short acronyms
    /// that are also words, or names that several actors share).
    #[serde(default)]
    pub ambiguous: Vec<String>,
    /// From a date on, reporting that names this actor means another one (after the split
    /// of December 1969, "the IRA" is the Provisional IRA).
    #[serde(default)]
    pub read_as: Option<ReadAs>,
}

/// A dated reading of an actor's names: in documents dated `from` or later, and in undated
/// ones (read as recent reporting), a mention of the actor means actor `actor`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReadAs {
    /// The id of the actor meant.
    pub actor: String,
    /// The first day of that reading, `YYYY-MM-DD`.
    pub from: String,
}

impl ActorEntry {
    /// The canonical name, the aliases and the ambiguous aliases, each with whether it is
    /// ambiguous. An alias listed both ways counts as ambiguous.
    pub fn names(&self) -> impl Iterator<Item = (&str, bool)> {
        let amb: HashSet<String> = self.ambiguous.iter().map(|a| key(a)).collect();
        std::iter::once(self.name.as_str())
            .chain(self.aliases.iter().map(String::as_str))
            .map(move |n| (n, amb.contains(&key(n))))
            .chain(self.ambiguous.iter().map(|a| (a.as_str(), true)))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ActorsFile {
    pub actor: Vec<ActorEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct GenericClass {
    pub terms: Vec<String>,
}

/// The keys under which a name is matched: the folded name, and for names with apostrophes
/// also the folded name without them ("Qa'ida" is also "Qaida").
pub(crate) fn match_keys(name: &str) -> Vec<String> {
    let mut keys = vec![key(name)];
    if name.chars().any(is_apostrophe) {
        let joined: String = name.chars().filter(|c| !is_apostrophe(*c)).collect();
        let k = key(&joined);
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    keys.retain(|k| !k.is_empty());
    keys
}

pub(crate) fn parse_actors(source: &str) -> Result<Vec<ActorEntry>, LexiconError> {
    let file: ActorsFile = toml::from_str(source).map_err(|e| LexiconError::Parse {
        file: "actors.toml",
        reason: e.to_string(),
    })?;
    validate(&file.actor)?;
    Ok(file.actor)
}

pub(crate) fn parse_generic(source: &str) -> Result<BTreeMap<String, GenericClass>, LexiconError> {
    toml::from_str(source).map_err(|e| LexiconError::Parse {
        file: "generic.toml",
        reason: e.to_string(),
    })
}

/// Whether `s` is written `YYYY-MM-DD` (digits and dashes in those places).
fn valid_day(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

/// Checks ids, parents, categories, countries and alias ownership.
pub(crate) fn validate(actors: &[ActorEntry]) -> Result<(), LexiconError> {
    let mut ids = HashSet::new();
    for a in actors {
        if a.id.is_empty()
            || !a
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(LexiconError::Invalid {
                id: a.id.clone(),
                reason: "id must be a non-empty lower-case slug".into(),
            });
        }
        if !ids.insert(a.id.as_str()) {
            return Err(LexiconError::Invalid {
                id: a.id.clone(),
                reason: "duplicate id".into(),
            });
        }
        if !CATEGORIES.contains(&a.category.as_str()) {
            return Err(LexiconError::Invalid {
                id: a.id.clone(),
                reason: format!("unknown category {:?}", a.category),
            });
        }
        if (a.category == "individual") != (a.kind == ActorKind::Individual) {
            return Err(LexiconError::Invalid {
                id: a.id.clone(),
                reason: "kind and category disagree".into(),
            });
        }
        if let Some(c) = &a.country
            && (c.len() != 2 || !c.bytes().all(|b| b.is_ascii_uppercase()))
        {
            return Err(LexiconError::Invalid {
                id: a.id.clone(),
                reason: format!("country {c:?} is not ISO alpha-2"),
            });
        }
        if let Some(r) = &a.read_as
            && !valid_day(&r.from)
        {
            return Err(LexiconError::Invalid {
                id: a.id.clone(),
                reason: format!("read_as.from {:?} is not YYYY-MM-DD", r.from),
            });
        }
        if let Some((name, _)) = a.names().find(|(n, _)| key(n).is_empty()) {
            return Err(LexiconError::Invalid {
                id: a.id.clone(),
                reason: format!("name {name:?} has no letters"),
            });
        }
    }
    let by_id: HashMap<&str, &ActorEntry> = actors.iter().map(|a| (a.id.as_str(), a)).collect();
    for a in actors {
        if let Some(r) = &a.read_as
            && !by_id.contains_key(r.actor.as_str())
        {
            return Err(LexiconError::Invalid {
                id: a.id.clone(),
                reason: format!("read_as actor {:?} does not exist", r.actor),
            });
        }
        // Walk up the parent chain: every parent must exist and the chain must end.
        let mut seen = HashSet::from([a.id.as_str()]);
        let mut cur = a;
        while let Some(p) = &cur.parent {
            let Some(next) = by_id.get(p.as_str()) else {
                return Err(LexiconError::Invalid {
                    id: cur.id.clone(),
                    reason: format!("parent {p:?} does not exist"),
                });
            };
            if !seen.insert(next.id.as_str()) {
                return Err(LexiconError::Invalid {
                    id: a.id.clone(),
                    reason: "parent chain loops".into(),
                });
            }
            cur = next;
        }
    }
    // An unambiguous alias must belong to one actor only.
    let mut owner: HashMap<String, (&str, bool)> = HashMap::new();
    for a in actors {
        for (name, amb) in a.names() {
            for k in match_keys(name) {
                match owner.get(&k) {
                    Some(&(other, other_amb)) if other != a.id && !(amb && other_amb) => {
                        return Err(LexiconError::AliasConflict {
                            alias: name.to_string(),
                            first: other.to_string(),
                            second: a.id.clone(),
                        });
                    }
                    Some(_) => {}
                    None => {
                        owner.insert(k, (a.id.as_str(), amb));
                    }
                }
            }
        }
    }
    Ok(())
}

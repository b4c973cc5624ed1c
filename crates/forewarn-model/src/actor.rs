//! Actors: armed groups, state forces, international bodies and people.

use serde::{Deserialize, Serialize};

use crate::Provenance;

/// A stable actor id (a slug of the canonical name for dictionary actors, e.g.
/// `islamic-state-khorasan-province`, or a generated one for newly proposed actors).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ActorId(pub String);

crate::macros::string_enum! {
    /// Whether an actor is an organisation or a person.
    ActorKind, "actor kind" {
        /// A group, force or body.
        Organization = "organization" | "organisation" | "group",
        /// A person.
        Individual = "individual" | "person",
    }
}

/// One name an actor goes by, and where forewarn learnt it. Identity merges keep every alias
/// with its origin so that a merge can be undone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alias {
    /// The name as written.
    pub name: String,
    /// The report that used it, or `None` for names from the curated dictionary.
    pub source: Option<Provenance>,
}

/// An actor with its canonical name and aliases.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    /// Stable id.
    pub id: ActorId,
    /// Canonical name.
    pub name: String,
    /// Organisation or individual.
    pub kind: ActorKind,
    /// Finer category, e.g. `armed_group`, `state_force`, `international_body`.
    pub category: Option<String>,
    /// ISO 3166-1 alpha-2 code of the actor's home country, when it has one.
    pub country: Option<String>,
    /// Other names.
    pub aliases: Vec<Alias>,
}

/// An actor as found in one document: from the curated dictionary or proposed as new.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorFinding {
    /// The actor. For dictionary actors, the id is the dictionary id and the aliases are the
    /// names used in this document (each with its provenance); for proposed actors, the id
    /// is a slug of the name.
    pub actor: Actor,
    /// Whether it came from the dictionary (`false`: proposed from name patterns).
    pub from_dictionary: bool,
    /// Every mention in the document.
    pub mentions: Vec<Provenance>,
}

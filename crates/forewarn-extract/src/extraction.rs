//! The result of extracting one document: what `forewarn ingest` stores and `forewarn
//! export` reads. Every value carries its provenance.

use forewarn_model::{Actor, ActorFact, Event, Provenance, Relation};

use crate::Diagnostics;

/// An actor found in a document: from the curated dictionary or proposed as new.
#[derive(Debug, Clone, PartialEq)]
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

/// Everything extracted from one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extraction {
    /// Document-level incidents and other events (one per incident in the document;
    /// frames of the same incident inside the document are merged).
    pub events: Vec<Event>,
    /// Actors mentioned.
    pub actors: Vec<ActorFinding>,
    /// Relations between actors.
    pub relations: Vec<Relation>,
    /// Facts about single actors: founding, strength, strongholds, publications, threats.
    pub facts: Vec<ActorFact>,
    /// What was looked at and not used, and why.
    pub diagnostics: Diagnostics,
}

//! The result of extracting one document: what `forewarn ingest` stores and `forewarn
//! export` reads. Every value carries its provenance.

pub use forewarn_model::ActorFinding;
use forewarn_model::{ActorFact, Event, Relation};

use crate::Diagnostics;

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

/// The extractor's name and version, stored with every extraction so that documents read
/// by older rules can be found and extracted again (`forewarn reextract`). Bump the rules
/// number whenever a change alters what is extracted.
pub const EXTRACTOR: &str = concat!("forewarn-extract ", env!("CARGO_PKG_VERSION"), " rules 1");

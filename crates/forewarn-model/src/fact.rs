//! Facts about one actor that are not relations to another: founding, strength estimates,
//! strongholds, publications, and threats it made.

use serde::{Deserialize, Serialize};

use crate::{ActorId, Count, FuzzyDate, Provenance};

/// What a fact says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ActorFactKind {
    /// When (and by whom, as written) the actor was founded.
    Founded {
        /// Founders, as written, if said.
        by: Option<String>,
    },
    /// An estimate of the actor's strength.
    Strength {
        /// The number of fighters or members, with its qualifier.
        count: Count,
        /// Who made the estimate, as written (e.g. "the UN Monitoring Team").
        estimated_by: Option<String>,
    },
    /// A place where the actor is based or strong.
    Stronghold {
        /// The place, as written.
        place: String,
    },
    /// A publication or media outlet the actor runs.
    Publication {
        /// Its name.
        name: String,
    },
    /// A threat statement: the actor threatened, or named as a target, a country, group or
    /// kind of target.
    Threat {
        /// What or whom it threatened, as written.
        target: String,
    },
}

/// One fact about an actor, from one report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorFact {
    /// The actor.
    pub actor: ActorId,
    /// The fact.
    #[serde(flatten)]
    pub fact: ActorFactKind,
    /// When the fact held or was stated, if said.
    pub date: Option<FuzzyDate>,
    /// Where it came from.
    pub source: Provenance,
    /// The supporting sentence, as written.
    pub quote: String,
}

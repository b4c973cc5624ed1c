//! The review log: every decision a person makes about what the machine proposed.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

crate::macros::string_enum! {
    /// What a reviewer did.
    ReviewAction, "review action" {
        /// Confirmed a proposal as it is.
        Accept = "accept",
        /// Changed a field's value.
        Correct = "correct",
        /// Merged two records into one.
        Merge = "merge",
        /// Split a record that conflated two.
        Split = "split",
        /// Rejected a proposal.
        Reject = "reject",
        /// Undid an earlier entry.
        Undo = "undo",
        /// Added a note.
        Note = "note",
    }
}

/// What a review entry is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
pub enum ReviewTarget {
    /// An incident.
    Incident(String),
    /// An event.
    Event(String),
    /// An actor.
    Actor(String),
    /// A relation.
    Relation(String),
    /// A document.
    Document(String),
}

impl ReviewTarget {
    /// The kind of target (`incident`, `event`, `actor`, `relation`, `document`).
    pub fn kind(&self) -> &'static str {
        match self {
            ReviewTarget::Incident(_) => "incident",
            ReviewTarget::Event(_) => "event",
            ReviewTarget::Actor(_) => "actor",
            ReviewTarget::Relation(_) => "relation",
            ReviewTarget::Document(_) => "document",
        }
    }

    /// The target's id.
    pub fn id(&self) -> &str {
        match self {
            ReviewTarget::Incident(s)
            | ReviewTarget::Event(s)
            | ReviewTarget::Actor(s)
            | ReviewTarget::Relation(s)
            | ReviewTarget::Document(s) => s,
        }
    }

    /// The target from its kind and id.
    pub fn from_parts(kind: &str, id: &str) -> Option<Self> {
        let id = id.to_string();
        Some(match kind {
            "incident" => ReviewTarget::Incident(id),
            "event" => ReviewTarget::Event(id),
            "actor" => ReviewTarget::Actor(id),
            "relation" => ReviewTarget::Relation(id),
            "document" => ReviewTarget::Document(id),
            _ => return None,
        })
    }
}

/// One entry of the append-only review log. `before` and `after` hold the affected values so
/// that the entry can be undone exactly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewEntry {
    /// Sequence number in the log.
    pub id: i64,
    /// When the decision was made.
    pub at: Timestamp,
    /// Who made it.
    pub reviewer: String,
    /// What was done.
    pub action: ReviewAction,
    /// What it was done to.
    pub target: ReviewTarget,
    /// The field changed, for corrections.
    pub field: Option<String>,
    /// The value before the change.
    pub before: serde_json::Value,
    /// The value after the change.
    pub after: serde_json::Value,
    /// The reviewer's reason.
    pub note: Option<String>,
    /// For an undo, the entry it undoes.
    pub undoes: Option<i64>,
    /// The later entry that undid this one, if any.
    #[serde(default)]
    pub undone_by: Option<i64>,
}

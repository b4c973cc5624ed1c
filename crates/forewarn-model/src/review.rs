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
    }
}

/// What a review entry is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
pub enum ReviewTarget {
    /// An event.
    Event(String),
    /// An actor.
    Actor(String),
    /// A relation.
    Relation(String),
    /// A document.
    Document(String),
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
}

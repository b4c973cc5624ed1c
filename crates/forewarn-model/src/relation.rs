//! Relations between actors, with fuzzy time bounds.

use serde::{Deserialize, Serialize};

use crate::{ActorId, FuzzyDate, Provenance};

crate::macros::string_enum! {
    /// The kind of a relation, read "subject RELATION object".
    RelationKind, "relation" {
        /// The subject (a person) leads the object (a group).
        LeaderOf = "leader_of",
        /// The subject is a member of the object.
        MemberOf = "member_of",
        /// The subject (a group) is a branch or wing of the object.
        PartOf = "part_of",
        /// The two cooperate.
        AlliedWith = "allied_with",
        /// The two compete or fight.
        RivalOf = "rival_of",
        /// The subject broke away from the object.
        SplitFrom = "split_from",
        /// The subject pledged allegiance to the object.
        PledgedAllegianceTo = "pledged_allegiance_to",
    }
}

/// A relation between two actors. `from` and `until` are themselves fuzzy dates: "since
/// mid-2015" is a bound known to a range, not a day. `None` means unknown, not unbounded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    /// The subject.
    pub subject: ActorId,
    /// What the subject is to the object.
    pub relation: RelationKind,
    /// The object.
    pub object: ActorId,
    /// When it began, as precisely as known.
    pub from: Option<FuzzyDate>,
    /// When it ended, as precisely as known.
    pub until: Option<FuzzyDate>,
    /// Every report that supports it.
    pub sources: Vec<Provenance>,
}

impl Relation {
    /// Whether the relation may hold on `date`: its bounds do not exclude it. Unknown bounds
    /// exclude nothing.
    pub fn may_hold_on(&self, date: &FuzzyDate) -> bool {
        let started = self.from.is_none_or(|f| f.start <= date.end);
        let not_ended = self.until.is_none_or(|u| u.end >= date.start);
        started && not_ended
    }
}

//! Incidents: one record per real happening, consolidated from the events that reports of it
//! yielded, with the disagreements between those reports kept as contradictions.

use serde::{Deserialize, Serialize};

use crate::{AttackType, Count, DocumentId, Event, EventId, FuzzyDate, Perpetrator, Place, Span};

/// A stable incident id (`inc-` and sixteen hex digits).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct IncidentId(pub String);

impl IncidentId {
    /// The id of an incident founded by a document's event: derived from both, so that
    /// ingesting the same reports again in any order gives the same ids.
    pub fn founded_by(document: &DocumentId, event: &EventId) -> Self {
        let mut h = blake3::Hasher::new();
        h.update(document.0.as_bytes());
        h.update(b"\0");
        h.update(event.0.as_bytes());
        let hex = h.finalize().to_hex();
        IncidentId(format!("inc-{}", &hex[..16]))
    }

    /// The id as a string.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for IncidentId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// One document's event, as a member of an incident.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct EventRef {
    /// The document the event was found in.
    pub document: DocumentId,
    /// The event's id within that document's findings.
    pub event: EventId,
}

crate::macros::string_enum! {
    /// Who put an event into its incident.
    AssignedBy, "assignment" {
        /// Event coreference, from the evidence.
        Machine = "machine",
        /// A reviewer; machine re-assignment never overrides it.
        Person = "person",
    }
}

crate::macros::string_enum! {
    /// Where a person's review left a record.
    ReviewStatus, "review status" {
        /// No one has looked at it.
        Unreviewed = "unreviewed",
        /// A reviewer confirmed it.
        Accepted = "accepted",
        /// A reviewer rejected it: kept, but left out of exports by default.
        Rejected = "rejected",
    }
}

/// One side of a contradiction: a value and the reports that give it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContradictionSide {
    /// The value as the reports give it ("137", "more than 140", "bombing").
    pub value: String,
    /// The reports.
    pub reports: Vec<ReportRef>,
}

/// Where a reported value was read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportRef {
    /// The document.
    pub document: DocumentId,
    /// The sentence or phrase.
    pub quote: String,
    /// Where in the document.
    pub span: Span,
}

/// Credible reports that cannot all be true: figures outside each other's bounds, dates that
/// cannot both hold, different methods or perpetrators, different founding dates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contradiction {
    /// The field in dispute (`killed`, `injured`, `date`, `type`, `perpetrators`, `founded`).
    pub field: String,
    /// Why the values cannot all hold, in a sentence.
    pub why: String,
    /// The competing values, each with its reports.
    pub sides: Vec<ContradictionSide>,
}

/// One record per real incident: the consolidated event (every member's reports kept), its
/// members, the contradictions among them and its review status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Incident {
    /// Stable id.
    pub id: IncidentId,
    /// The consolidated event: every field holds the reports of every member.
    pub event: Event,
    /// The documents' events that report this incident.
    pub members: Vec<EventRef>,
    /// Disagreements between the reports.
    pub contradictions: Vec<Contradiction>,
    /// Review status.
    pub status: ReviewStatus,
    /// Values a person set; they win over the reports, which stay listed beside them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub corrections: Vec<Correction>,
}

/// A value a person set on an incident.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "field", content = "value", rename_all = "snake_case")]
pub enum CorrectedValue {
    /// Killed.
    Killed(Count),
    /// Injured.
    Injured(Count),
    /// The date.
    Date(FuzzyDate),
    /// The attack type.
    Type(AttackType),
    /// The place.
    Place(Place),
    /// A perpetrator.
    Perpetrator(Perpetrator),
}

impl CorrectedValue {
    /// The field's name, as exports call it.
    pub fn field(&self) -> &'static str {
        match self {
            CorrectedValue::Killed(_) => "killed",
            CorrectedValue::Injured(_) => "injured",
            CorrectedValue::Date(_) => "date",
            CorrectedValue::Type(_) => "type",
            CorrectedValue::Place(_) => "location",
            CorrectedValue::Perpetrator(_) => "perpetrators",
        }
    }
}

/// A person's correction: the value, who set it, when and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Correction {
    /// The value.
    #[serde(flatten)]
    pub value: CorrectedValue,
    /// Who.
    pub by: String,
    /// When.
    pub at: jiff::Timestamp,
    /// Why, as the reviewer said.
    pub why: Option<String>,
}

crate::macros::string_enum! {
    /// Where an adjudication stands.
    AdjudicationStatus, "adjudication status" {
        /// Waiting for a person.
        Open = "open",
        /// Judged the same incident: the event joined it.
        Merged = "merged",
        /// Judged different incidents: they are never merged.
        KeptApart = "kept_apart",
    }
}

/// A pair the evidence left undecided: a document's event and an incident it may report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Adjudication {
    /// Sequence number (0 until stored).
    pub id: i64,
    /// The event.
    pub event: EventRef,
    /// The incident it may belong to.
    pub incident: IncidentId,
    /// The incident the event founded meanwhile.
    pub founded: IncidentId,
    /// Evidence that they are the same.
    pub evidence_for: Vec<String>,
    /// Evidence that they differ.
    pub evidence_against: Vec<String>,
    /// Where it stands.
    pub status: AdjudicationStatus,
    /// Who decided it, when decided.
    pub decided_by: Option<String>,
}

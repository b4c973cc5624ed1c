//! forewarn's data model: the plain, serialisable types that every stage of the pipeline
//! passes along — documents and their metadata, character spans and provenance, dates with a
//! precision, actors, places, events with per-source reports, relations with fuzzy time
//! bounds, and review-log entries.
//!
//! This crate does no I/O. Its types are designed so that the event export contract of
//! `SPEC.md` can be produced from them without loss: every value an extractor or a person
//! proposes is a [`Report`] that keeps the document, the span, the producer, a confidence and
//! a time.

mod access;
mod actor;
mod date;
mod document;
mod event;
mod fact;
mod incident;
mod macros;
mod place;
mod provenance;
mod reading;
mod relation;
mod review;

pub use access::Role;
pub use actor::{Actor, ActorFinding, ActorId, ActorKind, Alias};
pub use date::{DatePrecision, FuzzyDate, FuzzyDateError, month_number};
pub use document::{
    Document, DocumentId, DocumentMeta, Language, MediaType, Reliability, Tlp, normalise_text,
};
pub use event::{
    AttackType, Casualties, ClaimStatus, Count, CountQualifier, Event, EventId, EventKind,
    Perpetrator, SourceQuote, Target, TargetType, Victim, VictimEffect, Weapon, WeaponType,
};
pub use fact::{ActorFact, ActorFactKind};
pub use incident::{
    Adjudication, AdjudicationStatus, AssignedBy, Contradiction, ContradictionSide, CorrectedValue,
    Correction, EventRef, Incident, IncidentId, ReportRef, ReviewStatus,
};
pub use place::{GeoPrecision, Place};
pub use provenance::{Producer, Provenance, Report, Span};
pub use relation::{Relation, RelationKind};
pub use review::{ReviewAction, ReviewEntry, ReviewTarget};

/// The error for a string that names none of an enumeration's values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value:?} is not a valid {what}; expected one of: {expected}")]
pub struct ParseEnumError {
    /// What was being parsed, e.g. "TLP marking".
    pub what: &'static str,
    /// The rejected input.
    pub value: String,
    /// The accepted spellings, comma-separated.
    pub expected: &'static str,
}

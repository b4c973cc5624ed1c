//! The knowledge base: one record per real incident across the reports that tell of it.
//!
//! Extraction proposes events per document; this crate decides which of them are the same
//! happening ([`coref`]), builds each incident's record from its members keeping every
//! report ([`consolidate`]), reconciles figures into low, best and high by a stated rule and
//! records where credible reports disagree ([`reconcile`]). [`integrate`] brings the store's
//! incidents up to date after ingest or re-extraction, incrementally: it touches only events
//! not yet in an incident and incidents whose members changed.
//!
//! [`review`] holds a person's decisions (accept, reject, correct, merge, split, note, undo),
//! each an audit-log entry written with its change.
//!
//! Comparison and consolidation are pure; `integrate` reads and writes only through
//! `forewarn_store::Store`, one transaction per document.

pub mod actors;
pub mod consolidate;
pub mod coref;
mod integrate;
pub mod profile;
pub mod reconcile;
pub mod review;
#[cfg(test)]
mod testing;

pub use actors::{ActorMerges, fact_contradictions, script_of};
pub use consolidate::{Member, consolidate, extend, with_corrections};
pub use coref::{Comparison, Verdict, compare};
pub use integrate::{Integration, KbError, StoreCredibility, decide_adjudication, integrate};
pub use profile::{ActorProfile, Evidence, build_profile, resolve_actor};
pub use reconcile::{AllCredible, Credibility};

//! The ingest pipeline, read left to right like a Vector topology:
//!
//! ```text
//! sources (files, directories, stdin, URLs, feed items)
//!   -> readers (format sniffing, decoding, boilerplate removal)        forewarn-documents
//!   -> metadata overrides (--published, --publisher, --tlp, ...)
//!   -> identity, language, fingerprint                                  forewarn-documents
//!   -> extraction: events, actors, relations, facts                      forewarn-extract
//!   -> sink: the store, document and findings in one transaction         forewarn-store
//! ```
//!
//! Reading runs on worker threads; the store is written by one thread in input order, so a
//! run is reproducible (the same inputs always make the same document the original of a
//! near-duplicate pair). Every input ends in exactly one outcome per document it held:
//! stored, duplicate, or failed with a reason that names the input. A failure never stops
//! the other inputs, and a crash leaves only whole documents behind; a rerun stores the rest
//! and counts the ones already there as duplicates.

mod overrides;
mod plan;
mod reextract;
mod run;

pub use overrides::MetaOverrides;
pub use plan::{WorkItem, plan};
pub use reextract::{ReextractSummary, reextract};
pub use run::{
    IngestOptions, IngestSummary, ItemOutcome, Observer, SilentObserver, ingest, ingest_items,
    read_inputs,
};

//! Running extraction again over stored documents, after the rules have changed.

use forewarn_store::{Store, StoreError};
use serde::Serialize;

use crate::Observer;
use crate::run::findings_of;

/// What a re-extraction did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ReextractSummary {
    /// Documents extracted again.
    pub documents: usize,
    /// Events found in them now.
    pub events: usize,
    /// Relations found in them now.
    pub relations: usize,
    /// How the incidents were brought up to date afterwards.
    pub incidents: forewarn_kb::Integration,
}

/// Extracts every stored document again with the current rules and replaces its findings,
/// one transaction per document (an interrupted run leaves each document wholly old or
/// wholly new), then brings the incidents up to date: those whose events changed are
/// rebuilt, and a person's decisions (pins) are applied again.
pub fn reextract(
    store: &mut dyn Store,
    observer: &mut dyn Observer,
) -> Result<ReextractSummary, StoreError> {
    let ids = store.document_ids()?;
    observer.planned(ids.len());
    let mut summary = ReextractSummary::default();
    for id in ids {
        let Some(doc) = store.document(id.as_str())? else {
            continue;
        };
        let extraction = forewarn_extract::extract(&doc);
        store.put_findings(&doc.id, &findings_of(&extraction))?;
        summary.documents += 1;
        summary.events += extraction.events.len();
        summary.relations += extraction.relations.len();
        observer.item_done(&doc.meta.name, &[]);
    }
    summary.incidents = forewarn_kb::integrate(store).map_err(|e| match e {
        forewarn_kb::KbError::Store(e) => e,
    })?;
    Ok(summary)
}

//! Turning command-line arguments into work items: directories are walked, URLs parsed.

use std::path::PathBuf;

use forewarn_sources::{InputSpec, walk};

use crate::ItemOutcome;

/// One unit of work: something whose bytes can be read in one go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkItem {
    /// A file (given directly or found in a directory).
    File(PathBuf),
    /// An HTTP(S) URL, or another scheme that the fetcher will refuse by name.
    Url(String),
    /// Standard input.
    Stdin,
    /// Bytes already in hand (an upload, pasted text), with the name to store them under.
    Bytes {
        /// The name (a file name, or a title for pasted text).
        name: String,
        /// The content.
        bytes: Vec<u8>,
    },
}

impl WorkItem {
    /// How the item is named in outcomes and errors.
    pub fn label(&self) -> String {
        match self {
            WorkItem::File(p) => p.display().to_string(),
            WorkItem::Url(u) => u.clone(),
            WorkItem::Stdin => "stdin".into(),
            WorkItem::Bytes { name, .. } => name.clone(),
        }
    }
}

/// Expands arguments into work items, in the order given (directories in sorted order).
/// Arguments that cannot become work (a malformed URL, an unreadable directory entry) come
/// back as failures.
pub fn plan(args: &[String]) -> (Vec<WorkItem>, Vec<ItemOutcome>) {
    let mut items = Vec::new();
    let mut failures = Vec::new();
    for arg in args {
        match InputSpec::parse(arg) {
            InputSpec::Stdin => items.push(WorkItem::Stdin),
            InputSpec::Url(u) => items.push(WorkItem::Url(u.to_string())),
            InputSpec::InvalidUrl { arg, reason } => failures.push(ItemOutcome::Failed {
                input: arg,
                reason: format!("invalid URL: {reason}"),
            }),
            InputSpec::Path(p) if p.is_dir() => {
                for entry in walk(&p) {
                    match entry {
                        Ok(file) => items.push(WorkItem::File(file)),
                        Err(e) => failures.push(ItemOutcome::Failed {
                            input: p.display().to_string(),
                            reason: e.to_string(),
                        }),
                    }
                }
            }
            InputSpec::Path(p) => items.push(WorkItem::File(p)),
        }
    }
    (items, failures)
}

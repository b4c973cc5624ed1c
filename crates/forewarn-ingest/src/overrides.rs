//! Metadata given on the command line, which wins over what the document says of itself.

use forewarn_model::{DocumentMeta, Reliability, Tlp};
use jiff::civil::Date;

/// Metadata to impose on every document of a run.
#[derive(Debug, Clone, Default)]
pub struct MetaOverrides {
    /// Publication date.
    pub published: Option<Date>,
    /// Publisher.
    pub publisher: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// Author.
    pub author: Option<String>,
    /// TLP marking.
    pub tlp: Option<Tlp>,
    /// Admiralty grade.
    pub reliability: Option<Reliability>,
    /// Name to ingest under (only with a single input).
    pub name: Option<String>,
}

impl MetaOverrides {
    /// Applies the overrides to `meta`. Values given here replace found ones; found values
    /// stay where nothing is given.
    pub fn apply(&self, meta: &mut DocumentMeta) {
        if let Some(d) = self.published {
            meta.published = Some(d);
        }
        set(&mut meta.publisher, &self.publisher);
        set(&mut meta.title, &self.title);
        set(&mut meta.author, &self.author);
        if let Some(n) = &self.name {
            meta.name = n.clone();
        }
        if self.tlp.is_some() {
            meta.tlp = self.tlp;
        }
        if self.reliability.is_some() {
            meta.reliability = self.reliability;
        }
    }
}

fn set(slot: &mut Option<String>, value: &Option<String>) {
    if let Some(v) = value {
        *slot = Some(v.clone());
    }
}

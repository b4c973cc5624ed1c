//! What a reader may not see, and the documents exports cite.
//!
//! A reader without TLP:RED clearance still sees every incident, but nothing read from a
//! document marked TLP:RED: its name, quotes and mentions become [`WITHHELD`], exactly as the
//! API shows an incident to such a reader.

use std::collections::{HashMap, HashSet};

use forewarn_model::{DocumentId, Tlp};
use forewarn_store::{DocumentFilter, Page, Store, StoreError};
use serde_json::{Value, json};

/// What a withheld name, quote or mention reads as.
pub const WITHHELD: &str = "[withheld: TLP:RED]";

/// The documents whose names and quotes an export must not show.
#[derive(Debug, Clone, Default)]
pub struct Withheld {
    ids: HashSet<DocumentId>,
    names: HashSet<String>,
}

impl Withheld {
    /// Nothing withheld (a reader cleared for TLP:RED, or the local command line).
    pub fn none() -> Self {
        Withheld::default()
    }

    /// Every document marked TLP:RED in the store.
    pub fn red_documents(store: &dyn Store) -> Result<Self, StoreError> {
        let filter = DocumentFilter {
            tlp: Some(Tlp::Red),
            ..DocumentFilter::default()
        };
        let mut out = Withheld::default();
        const PAGE: u64 = 1000;
        let mut offset = 0;
        loop {
            let page = store.list_documents(
                &filter,
                Page {
                    offset,
                    limit: PAGE,
                },
            )?;
            let n = page.items.len() as u64;
            for d in page.items {
                out.ids.insert(d.id);
                out.names.insert(d.name);
            }
            offset += n;
            if n < PAGE {
                break;
            }
        }
        Ok(out)
    }

    /// These documents (id and name), e.g. those of one incident that are TLP:RED.
    pub fn of_documents(documents: impl IntoIterator<Item = (DocumentId, String)>) -> Self {
        let mut out = Withheld::default();
        for (id, name) in documents {
            out.ids.insert(id);
            out.names.insert(name);
        }
        out
    }

    /// Whether anything is withheld.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Whether this document is withheld.
    pub fn contains(&self, id: &DocumentId) -> bool {
        self.ids.contains(id)
    }

    /// Replaces, wherever they are in `v`, the quote, mention and document name of every
    /// object whose `document` names a withheld document (the export contract names
    /// documents by the name they were ingested under).
    pub fn redact_json(&self, v: &mut Value) {
        redact_names(v, &self.names);
    }
}

/// Replaces the quote, mention and document of every object in `v` whose `document` is one of
/// `names`, and those names in any `documents` list.
fn redact_names(v: &mut Value, names: &HashSet<String>) {
    if names.is_empty() {
        return;
    }
    match v {
        Value::Object(map) => {
            let hide = map
                .get("document")
                .and_then(Value::as_str)
                .is_some_and(|d| names.contains(d));
            if hide {
                for key in ["quote", "mention", "document"] {
                    if map.contains_key(key) {
                        map.insert(key.into(), json!(WITHHELD));
                    }
                }
            }
            for (key, child) in map.iter_mut() {
                // A list of the documents that name something (actors' `documents`).
                if key == "documents"
                    && let Value::Array(items) = child
                {
                    for item in items.iter_mut() {
                        if item.as_str().is_some_and(|d| names.contains(d)) {
                            *item = json!(WITHHELD);
                        }
                    }
                }
                redact_names(child, names);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|c| redact_names(c, names)),
        _ => {}
    }
}

/// What an export cites of a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Citation {
    /// The name it was ingested under.
    pub name: String,
    /// Its title.
    pub title: Option<String>,
    /// Its publisher.
    pub publisher: Option<String>,
    /// Its publication date.
    pub published: Option<jiff::civil::Date>,
}

impl Citation {
    /// One line: `"Title", Publisher, 2021-08-27 (name)`, leaving out what is unknown.
    pub fn line(&self) -> String {
        let mut parts = Vec::new();
        if let Some(t) = &self.title {
            parts.push(format!("\"{t}\""));
        }
        if let Some(p) = &self.publisher {
            parts.push(p.clone());
        }
        if let Some(d) = self.published {
            parts.push(d.to_string());
        }
        if parts.is_empty() {
            self.name.clone()
        } else {
            format!("{} ({})", parts.join(", "), self.name)
        }
    }

    /// The publisher, or the name when the publisher is unknown.
    pub fn source(&self) -> &str {
        self.publisher.as_deref().unwrap_or(&self.name)
    }
}

/// Loads each cited document's metadata once, within a bound: the cache is emptied when it
/// holds [`Citations::CAPACITY`] documents, so a store of millions of documents never sits
/// in memory (the texts are dropped as soon as their metadata is read).
pub struct Citations<'s> {
    store: &'s dyn Store,
    withheld: &'s Withheld,
    cache: HashMap<DocumentId, Citation>,
}

impl<'s> Citations<'s> {
    /// Documents held at most before the cache starts again.
    pub const CAPACITY: usize = 200_000;

    /// Reads from `store`, hiding what `withheld` names.
    pub fn new(store: &'s dyn Store, withheld: &'s Withheld) -> Self {
        Citations {
            store,
            withheld,
            cache: HashMap::new(),
        }
    }

    /// The document's citation (its id as the name when the store lacks it); `None` when
    /// it is withheld.
    pub fn get(&mut self, id: &DocumentId) -> Result<Option<&Citation>, StoreError> {
        if self.withheld.contains(id) {
            return Ok(None);
        }
        if !self.cache.contains_key(id) {
            if self.cache.len() >= Self::CAPACITY {
                self.cache.clear();
            }
            let c = match self.store.document(id.as_str())? {
                Some(d) => Citation {
                    name: d.meta.name,
                    title: d.meta.title,
                    publisher: d.meta.publisher,
                    published: d.meta.published,
                },
                None => Citation {
                    name: id.0.clone(),
                    title: None,
                    publisher: None,
                    published: None,
                },
            };
            self.cache.insert(id.clone(), c);
        }
        Ok(self.cache.get(id))
    }

    /// Whether the document is withheld.
    pub fn is_withheld(&self, id: &DocumentId) -> bool {
        self.withheld.contains(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_replaces_quotes_of_named_documents_only() {
        let mut v = json!({
            "sources": [
                {"document": "red.txt", "quote": "secret", "start": 0},
                {"document": "open.txt", "quote": "public"},
            ],
            "perpetrators": [{"document": "red.txt", "mention": "them", "actor": "X"}],
            "documents": ["open.txt", "red.txt"],
        });
        let names: HashSet<String> = ["red.txt".to_string()].into();
        redact_names(&mut v, &names);
        assert_eq!(v["sources"][0]["quote"], WITHHELD);
        assert_eq!(v["sources"][0]["document"], WITHHELD);
        assert_eq!(v["sources"][0]["start"], 0);
        assert_eq!(v["sources"][1]["quote"], "public");
        assert_eq!(v["perpetrators"][0]["mention"], WITHHELD);
        assert_eq!(v["perpetrators"][0]["actor"], "X");
        assert_eq!(v["documents"], json!(["open.txt", WITHHELD]));
    }

    #[test]
    fn citations_leave_out_what_is_unknown() {
        let mut c = Citation {
            name: "a.txt".into(),
            title: None,
            publisher: None,
            published: None,
        };
        assert_eq!(c.line(), "a.txt");
        assert_eq!(c.source(), "a.txt");
        c.title = Some("Blast".into());
        c.publisher = Some("Wire".into());
        c.published = Some(jiff::civil::date(2021, 8, 27));
        assert_eq!(c.line(), "\"Blast\", Wire, 2021-08-27 (a.txt)");
        assert_eq!(c.source(), "Wire");
    }
}

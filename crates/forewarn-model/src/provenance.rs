//! Provenance: where every value came from, who or what produced it, and how sure it is.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::DocumentId;

/// A half-open range of byte offsets into a document's text (`text[start..end]`), always on
/// UTF-8 character boundaries. Exports that promise character offsets convert with
/// [`Span::char_offsets`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`, swapped if reversed.
    pub fn new(start: usize, end: usize) -> Self {
        if start <= end {
            Span { start, end }
        } else {
            Span {
                start: end,
                end: start,
            }
        }
    }

    /// The spanned text, or `None` if the span does not fit `text` on character boundaries.
    pub fn slice<'t>(&self, text: &'t str) -> Option<&'t str> {
        text.get(self.start..self.end)
    }

    /// The span as Unicode code-point offsets into `text` (what Python's `str` indexes).
    pub fn char_offsets(&self, text: &str) -> (usize, usize) {
        let to_chars = |byte: usize| {
            text.get(..byte.min(text.len()))
                .map_or(0, |s| s.chars().count())
        };
        (to_chars(self.start), to_chars(self.end))
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span is empty.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// Who or what produced a value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "name", rename_all = "snake_case")]
pub enum Producer {
    /// A named extraction rule, e.g. `count.killing_n`.
    Rule(String),
    /// A statistical model, named with its version.
    Model(String),
    /// A person, by user name (analyst review).
    Person(String),
    /// Metadata given at ingest (command-line option, feed item, meta tag).
    Metadata(String),
}

impl std::fmt::Display for Producer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Producer::Rule(n) => write!(f, "rule:{n}"),
            Producer::Model(n) => write!(f, "model:{n}"),
            Producer::Person(n) => write!(f, "person:{n}"),
            Producer::Metadata(n) => write!(f, "metadata:{n}"),
        }
    }
}

/// Where a value came from: document, span, producer, confidence and time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    /// The document the value was read from.
    pub document: DocumentId,
    /// The text that supports it.
    pub span: Span,
    /// The rule, model or person that produced it.
    pub producer: Producer,
    /// Confidence in `[0, 1]`.
    pub confidence: f64,
    /// When it was produced.
    pub at: Timestamp,
}

/// One source's report of a value: the value and where it came from. Knowledge-base fields
/// keep every report, so that disagreements stay visible.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report<T> {
    /// The reported value.
    pub value: T,
    /// Where it came from.
    pub provenance: Provenance,
    /// The supporting sentence or phrase, as written.
    pub quote: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_count_code_points_not_bytes() {
        let text = "Moscow’s hall burned";
        let start = text.find("hall").unwrap();
        let span = Span::new(start, start + 4);
        assert_eq!(span.slice(text), Some("hall"));
        assert_eq!(span.char_offsets(text), (9, 13));
    }

    #[test]
    fn slice_refuses_a_span_off_char_boundaries() {
        let text = "Moscow’s";
        assert_eq!(Span::new(7, 8).slice(text), None);
    }
}

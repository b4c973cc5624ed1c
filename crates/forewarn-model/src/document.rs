//! Documents: the reports forewarn reads, with the metadata an analyst weighs them by.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// A document's identity: the BLAKE3 hash of its normalised text (see [`normalise_text`]),
/// as 32 hex digits. Two inputs with the same text are the same document, whatever their
/// names, so an exact duplicate is recognised by its id alone.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DocumentId(pub String);

impl DocumentId {
    /// The id of a document whose text is `text` (normalised here before hashing).
    pub fn for_text(text: &str) -> Self {
        let hash = blake3::hash(normalise_text(text).as_bytes());
        DocumentId(hash.to_hex()[..32].to_string())
    }

    /// The id as a string.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for DocumentId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The text used for identity: whitespace runs collapsed to one space, trimmed, and
/// typographic quotes and dashes folded, so that re-encoding or re-wrapping a report does not
/// make it a new document. Case is kept: wire copy in capitals is a different rendering.
pub fn normalise_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(match c {
            '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201F}' | '\u{2033}' => '"',
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            other => other,
        });
    }
    out
}

crate::macros::string_enum! {
    /// Traffic Light Protocol 2.0 marking: who may see a document and what is derived from it.
    Tlp, "TLP marking" {
        /// Public; no restriction.
        Clear = "clear" | "white" | "tlp:clear" | "tlp:white",
        /// The community; not public.
        Green = "green" | "tlp:green",
        /// The recipient's organisation and its clients.
        Amber = "amber" | "tlp:amber",
        /// The recipient's organisation only.
        AmberStrict = "amber+strict" | "amber_strict" | "tlp:amber+strict",
        /// Named recipients only.
        Red = "red" | "tlp:red",
    }
}

crate::macros::string_enum! {
    /// Source reliability on the Admiralty (NATO) scale, A to F.
    Reliability, "source reliability (A-F)" {
        /// A: completely reliable.
        A = "a",
        /// B: usually reliable.
        B = "b",
        /// C: fairly reliable.
        C = "c",
        /// D: not usually reliable.
        D = "d",
        /// E: unreliable.
        E = "e",
        /// F: reliability cannot be judged.
        F = "f",
    }
}

impl Reliability {
    /// The scale's wording for this grade.
    pub fn description(self) -> &'static str {
        match self {
            Reliability::A => "completely reliable",
            Reliability::B => "usually reliable",
            Reliability::C => "fairly reliable",
            Reliability::D => "not usually reliable",
            Reliability::E => "unreliable",
            Reliability::F => "reliability cannot be judged",
        }
    }

    /// The letter in capitals, as analysts write it.
    pub fn letter(self) -> char {
        self.as_str()
            .chars()
            .next()
            .unwrap_or('F')
            .to_ascii_uppercase()
    }
}

crate::macros::string_enum! {
    /// The format a document was read from.
    MediaType, "media type" {
        /// Plain text.
        Text = "text/plain" | "text" | "txt",
        /// Markdown.
        Markdown = "text/markdown" | "markdown" | "md",
        /// An HTML page.
        Html = "text/html" | "html",
        /// A PDF file.
        Pdf = "application/pdf" | "pdf",
        /// One line of a JSON Lines file.
        JsonLines = "application/jsonl" | "jsonl" | "json_lines",
        /// An item of an RSS or Atom feed.
        FeedItem = "application/feed_item" | "feed_item",
    }
}

/// A detected language: ISO 639-3 code and the detector's confidence in `[0, 1]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Language {
    /// ISO 639-3 code, e.g. `eng`.
    pub code: String,
    /// Confidence in `[0, 1]`.
    pub confidence: f64,
}

/// What is known about a document besides its text. Every field is optional: a pasted
/// paragraph has none of them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentMeta {
    /// The name the document was ingested under: the file name for files, the URL for web
    /// pages, `stdin` or `--name` otherwise. Exports cite documents by this name.
    pub name: String,
    /// Where it was fetched from, if from the web.
    pub url: Option<String>,
    /// Headline or title.
    pub title: Option<String>,
    /// Publishing outlet or organisation.
    pub publisher: Option<String>,
    /// Author or byline.
    pub author: Option<String>,
    /// Date of publication, against which relative dates in the text are read.
    pub published: Option<Date>,
    /// Admiralty grade of the source.
    pub reliability: Option<Reliability>,
    /// TLP marking; `None` means unmarked.
    pub tlp: Option<Tlp>,
}

/// A stored document: its text, where it came from, and what forewarn learnt on reading it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Content hash of the normalised text.
    pub id: DocumentId,
    /// Metadata given or found.
    #[serde(flatten)]
    pub meta: DocumentMeta,
    /// Format it was read from.
    pub media_type: MediaType,
    /// Detected language, if the text was long enough to tell.
    pub language: Option<Language>,
    /// When forewarn read it.
    pub retrieved: Timestamp,
    /// Size in bytes of the input it was read from.
    pub source_bytes: u64,
    /// 64-bit SimHash of the text's word shingles, for near-duplicate detection.
    pub simhash: u64,
    /// The main text (boilerplate removed for web pages). Spans index into this string.
    pub text: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_ignores_layout_but_not_words() {
        let a = DocumentId::for_text("Four gunmen  opened fire\non the crowd.");
        let b = DocumentId::for_text("  Four gunmen opened fire on the crowd. ");
        let c = DocumentId::for_text("Five gunmen opened fire on the crowd.");
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(a.as_str().len(), 32);
    }

    #[test]
    fn typographic_punctuation_is_folded() {
        assert_eq!(
            normalise_text("Moscow\u{2019}s \u{201C}hall\u{201D} \u{2013} x"),
            "Moscow's \"hall\" - x"
        );
    }

    #[test]
    fn markings_parse_in_common_spellings() {
        assert_eq!("TLP:AMBER+STRICT".parse::<Tlp>().unwrap(), Tlp::AmberStrict);
        assert_eq!("white".parse::<Tlp>().unwrap(), Tlp::Clear);
        assert_eq!("b".parse::<Reliability>().unwrap().letter(), 'B');
        assert!("G".parse::<Reliability>().is_err());
        assert!("purple".parse::<Tlp>().is_err());
    }
}

//! Reading documents: turns the bytes of one input (a file, a fetched page, a line of
//! stdin) into clean text and metadata. Formats are recognised by content, not only by
//! name; legacy encodings are decoded; HTML loses its navigation and boilerplate; PDFs give
//! the text of every page. Also: language detection and the SimHash fingerprint used for
//! near-duplicate detection. No I/O happens here: callers pass bytes in.
//!
//! The flow is [`sniff`] (which format?), [`read`] (text and metadata, or a feed's items),
//! then [`finish`] (identity, language, fingerprint) for each document.

mod dates;
mod decode;
mod error;
mod feed;
mod html;
mod input;
mod jsonl;
mod markdown;
mod pdf;
mod simhash;
mod sniff;
mod text;
mod text_header;

use std::time::Duration;

use forewarn_model::{Document, DocumentId, DocumentMeta, Language, MediaType};

pub use dates::parse_date;
pub use error::ReadError;
pub use input::RawInput;
pub use simhash::{NEAR_DUPLICATE_MAX_DISTANCE, hamming, simhash};
pub use sniff::{Format, sniff};

/// Limits that keep one hostile or broken input from taking the whole run down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Inputs larger than this are refused with [`ReadError::TooLarge`].
    pub max_bytes: u64,
    /// PDF text extraction is abandoned after this long with [`ReadError::PdfTimeout`].
    pub pdf_timeout: Duration,
}

impl Default for Limits {
    /// 64 MiB and 30 seconds.
    fn default() -> Self {
        Limits {
            max_bytes: 64 << 20,
            pdf_timeout: Duration::from_secs(30),
        }
    }
}

/// A document as read, before it gets its identity ([`finish`] gives it one).
#[derive(Debug, Clone, PartialEq)]
pub struct ReadDocument {
    /// Metadata given (name, URL) or found in the document.
    pub meta: DocumentMeta,
    /// The format it was read from.
    pub media_type: MediaType,
    /// The clean text: paragraphs separated by one blank line, `\n` line endings, trimmed.
    pub text: String,
}

/// A feed item: its link and what the feed says about it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedItem {
    /// The item's page, which the caller fetches and reads.
    pub link: Option<String>,
    /// The item's title, as plain text.
    pub title: Option<String>,
    /// Publication (or, failing that, update) date, in UTC.
    pub published: Option<jiff::civil::Date>,
    /// Author names, joined with ", ".
    pub author: Option<String>,
    /// The feed's summary of the item, as plain text.
    pub summary: Option<String>,
}

/// An RSS or Atom feed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Feed {
    /// The feed's title.
    pub title: Option<String>,
    /// Its items, in feed order.
    pub items: Vec<FeedItem>,
}

/// What an input gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Readout {
    /// One or more documents (a JSON Lines file gives one per line; a bad line is an Err
    /// naming the line number, the other lines still come through).
    Documents(Vec<Result<ReadDocument, ReadError>>),
    /// An RSS/Atom feed: the caller fetches each item's link.
    Feed(Feed),
}

/// Reads one input: checks its size, recognises its format ([`sniff`]), decodes it and
/// extracts its clean text and metadata. Documents are named after the input (JSON Lines
/// records after their `name`, `url` or `INPUT:LINE`) and carry its URL.
pub fn read(input: &RawInput, limits: &Limits) -> Result<Readout, ReadError> {
    let size = input.bytes.len() as u64;
    if size > limits.max_bytes {
        return Err(ReadError::TooLarge {
            size,
            limit: limits.max_bytes,
        });
    }
    let format = sniff(input)?;
    let http_charset = input
        .content_type
        .as_deref()
        .and_then(decode::charset_from_content_type);
    let bytes = &input.bytes[..];
    let (text, found) = match format {
        Format::Feed => return feed::read(bytes).map(Readout::Feed),
        Format::JsonLines => {
            let decoded = decode::decode(bytes, &[http_charset]);
            let documents = jsonl::read(&decoded, &input.name);
            if documents.is_empty() {
                return Err(ReadError::Empty);
            }
            return Ok(Readout::Documents(documents));
        }
        Format::Text => {
            let text = text::clean(&decode::decode(bytes, &[http_charset]));
            let header = text_header::read(&text);
            let title = header.title.or_else(|| text::headline(&header.text));
            (
                header.text,
                DocumentMeta {
                    title,
                    author: header.author,
                    publisher: header.publisher,
                    published: header.published,
                    ..DocumentMeta::default()
                },
            )
        }
        Format::Markdown => markdown::read(&decode::decode(bytes, &[http_charset]))?,
        Format::Html => {
            let decoded = decode::decode(bytes, &[http_charset, decode::html_meta_charset(bytes)]);
            html::read(&decoded, input.url.as_deref())?
        }
        Format::Pdf => pdf::read(bytes, limits.pdf_timeout)?,
    };
    if text.is_empty() {
        return Err(ReadError::Empty);
    }
    let meta = DocumentMeta {
        name: input.name.clone(),
        url: input.url.clone().or(found.url),
        ..found
    };
    Ok(Readout::Documents(vec![Ok(ReadDocument {
        meta,
        media_type: format.media_type(),
        text,
    })]))
}

/// Fills in identity, language and fingerprint: [`DocumentId::for_text`], the language by
/// whatlang (ISO 639-3 code and confidence; `None` when the text is too short or the guess
/// unreliable), and [`simhash`].
pub fn finish(doc: ReadDocument, source_bytes: u64, retrieved: jiff::Timestamp) -> Document {
    Document {
        id: DocumentId::for_text(&doc.text),
        language: detect_language(&doc.text),
        simhash: simhash(&doc.text),
        meta: doc.meta,
        media_type: doc.media_type,
        retrieved,
        source_bytes,
        text: doc.text,
    }
}

/// Language detection looks at the start of long texts only: enough for a sure guess, and
/// it keeps the cost bounded.
const LANGUAGE_SAMPLE_BYTES: usize = 16 * 1024;
/// Fewer letters than this and whatlang's guesses are noise.
const LANGUAGE_MIN_LETTERS: usize = 40;

fn detect_language(text: &str) -> Option<Language> {
    let mut end = text.len().min(LANGUAGE_SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    if sample.chars().filter(|c| c.is_alphabetic()).count() < LANGUAGE_MIN_LETTERS {
        return None;
    }
    let info = whatlang::detect(sample).filter(whatlang::Info::is_reliable)?;
    Some(Language {
        code: info.lang().code().to_string(),
        confidence: info.confidence(),
    })
}

/// Parses a marking such as a TLP or reliability value; one that cannot be read is an
/// error, not a silent "unmarked": dropping a TLP:RED marking would share what must not be.
pub(crate) fn parse_field<T: std::str::FromStr>(
    field: &'static str,
    value: &str,
) -> Result<T, ReadError>
where
    T::Err: std::fmt::Display,
{
    value.parse().map_err(|e: T::Err| ReadError::InvalidField {
        field,
        reason: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(name: &str, bytes: &[u8]) -> RawInput {
        RawInput {
            name: name.into(),
            bytes: bytes.to_vec(),
            content_type: None,
            url: None,
        }
    }

    #[test]
    fn size_limit_comes_first() {
        let limits = Limits {
            max_bytes: 10,
            ..Limits::default()
        };
        let err = read(&input("big.txt", b"01234567890"), &limits).unwrap_err();
        assert_eq!(err.to_string(), "larger than the 10 bytes limit (11 bytes)");
        assert_eq!(Limits::default().max_bytes, 64 * 1024 * 1024);
    }

    #[test]
    fn finish_fills_identity_language_and_fingerprint() {
        let text = "The Islamic State Khorasan Province claimed responsibility for the suicide \
                    bombing at the gate of Kabul airport, which killed scores of Afghans and \
                    thirteen American service members in August 2021.";
        let Readout::Documents(docs) =
            read(&input("a.txt", text.as_bytes()), &Limits::default()).unwrap()
        else {
            panic!("expected documents");
        };
        let doc = docs.into_iter().next().unwrap().unwrap();
        let finished = finish(doc, text.len() as u64, jiff::Timestamp::UNIX_EPOCH);
        assert_eq!(finished.id, DocumentId::for_text(text));
        assert_eq!(
            finished.language.as_ref().map(|l| l.code.as_str()),
            Some("eng")
        );
        assert_eq!(finished.simhash, simhash(text));
        assert_eq!(finished.meta.name, "a.txt");
        let short = ReadDocument {
            meta: DocumentMeta::default(),
            media_type: MediaType::Text,
            text: "Kabul".into(),
        };
        assert_eq!(finish(short, 5, jiff::Timestamp::UNIX_EPOCH).language, None);
    }
}

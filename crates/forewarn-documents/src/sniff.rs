//! Recognising an input's format: by its content first (signatures, leading markup, a JSON
//! object on the first line), then by what its source declared (Content-Type, the name's
//! extension).

use forewarn_model::MediaType;

use crate::decode::{utf16_decode, utf16_without_bom};
use crate::{RawInput, ReadError};

/// How much of the input the content checks look at.
const SNIFF_WINDOW: usize = 8 * 1024;

/// The formats the readers understand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Plain text.
    Text,
    /// Markdown, possibly with YAML front matter.
    Markdown,
    /// An HTML (or XHTML) page.
    Html,
    /// A PDF file.
    Pdf,
    /// JSON Lines: one JSON object per line, each a document.
    JsonLines,
    /// An RSS (0.9x, 1.0/RDF, 2.0) or Atom feed.
    Feed,
}

impl Format {
    /// The media type recorded on documents read in this format (feed items are fetched
    /// and read on their own, so a feed's own media type is that of its items).
    pub fn media_type(self) -> MediaType {
        match self {
            Format::Text => MediaType::Text,
            Format::Markdown => MediaType::Markdown,
            Format::Html => MediaType::Html,
            Format::Pdf => MediaType::Pdf,
            Format::JsonLines => MediaType::JsonLines,
            Format::Feed => MediaType::FeedItem,
        }
    }

    /// The format's name in words, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Format::Text => "text document",
            Format::Markdown => "Markdown document",
            Format::Html => "HTML page",
            Format::Pdf => "PDF",
            Format::JsonLines => "JSON Lines file",
            Format::Feed => "feed",
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.describe())
    }
}

/// Recognises the format of `input`: by content first (magic bytes, leading markup, a JSON
/// object on the first line, Markdown headings or front matter), then by the Content-Type
/// and the extension of the name (or URL). Undecided text is [`Format::Text`].
///
/// Errors: [`ReadError::Empty`] for nothing but whitespace, [`ReadError::Binary`] for binary
/// data, and [`ReadError::NotAFeed`] when a feed was declared but an HTML page came back
/// (the usual error or login page behind a feed URL).
pub fn sniff(input: &RawInput) -> Result<Format, ReadError> {
    let bytes = &input.bytes[..];
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ReadError::Empty);
    }
    let window = &bytes[..bytes.len().min(SNIFF_WINDOW)];
    // PDF readers accept junk before the header within the first KiB; so do we.
    if find(&window[..window.len().min(1024)], b"%PDF-").is_some() {
        return Ok(Format::Pdf);
    }
    if let Some(what) = binary_signature(window) {
        return Err(ReadError::Binary {
            what: what.to_string(),
        });
    }
    let head = text_head(window)?;
    let head = head.trim_start_matches('\u{FEFF}').trim_start();
    if head.is_empty() {
        return Err(ReadError::Empty);
    }
    let declared = declared_format(input);
    match by_content(head, bytes) {
        Some(Format::Html) if declared == Some(Format::Feed) => Err(ReadError::NotAFeed(
            "an HTML page came back where a feed was expected".to_string(),
        )),
        Some(format) => Ok(format),
        None => Ok(declared.unwrap_or(Format::Text)),
    }
}

/// The decoded start of the input, or the reason it is binary.
fn text_head(window: &[u8]) -> Result<String, ReadError> {
    let utf16 = match window {
        [0xFF, 0xFE, ..] => Some((encoding_rs::UTF_16LE, 2)),
        [0xFE, 0xFF, ..] => Some((encoding_rs::UTF_16BE, 2)),
        _ => utf16_without_bom(window).map(|e| (e, 0)),
    };
    let text = match utf16 {
        Some((encoding, skip)) => utf16_decode(encoding, &window[skip..]),
        None => {
            if window.contains(&0) {
                return Err(ReadError::Binary {
                    what: "contains NUL bytes".to_string(),
                });
            }
            String::from_utf8_lossy(window).into_owned()
        }
    };
    let total = text.chars().count().max(1);
    let control = text
        .chars()
        .filter(|&c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{0C}' | '\u{1B}'))
        .count();
    // Text has next to no control characters; 5% is far beyond any real document.
    if control * 20 > total {
        return Err(ReadError::Binary {
            what: "many control bytes".to_string(),
        });
    }
    Ok(text)
}

/// The name of a known binary format whose signature starts `bytes`.
fn binary_signature(bytes: &[u8]) -> Option<&'static str> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"PK\x03\x04", "ZIP archive or Office/EPUB file"),
        (b"PK\x05\x06", "empty ZIP archive"),
        (b"\x89PNG\r\n\x1A\n", "PNG image"),
        (b"\xFF\xD8\xFF", "JPEG image"),
        (b"GIF87a", "GIF image"),
        (b"GIF89a", "GIF image"),
        (b"\x7FELF", "ELF executable"),
        (b"\x1F\x8B", "gzip data"),
        (b"\xFD7zXZ\x00", "xz data"),
        (b"7z\xBC\xAF\x27\x1C", "7-Zip archive"),
        (b"Rar!\x1A\x07", "RAR archive"),
        (b"\x28\xB5\x2F\xFD", "Zstandard data"),
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            "legacy Microsoft Office file",
        ),
        (b"MZ\x90\x00", "Windows executable"),
        (b"\xCA\xFE\xBA\xBE", "Mach-O or Java class file"),
        (b"\xCF\xFA\xED\xFE", "Mach-O executable"),
        (b"\x00asm", "WebAssembly module"),
        (b"SQLite format 3\x00", "SQLite database"),
        (b"OggS", "Ogg media"),
        (b"fLaC", "FLAC audio"),
        (b"RIFF", "RIFF media (WAV, AVI or WebP)"),
    ];
    if let Some((_, what)) = SIGNATURES
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
    {
        return Some(what);
    }
    // Signatures too short to trust alone: check the byte that follows.
    match bytes {
        [b'B', b'Z', b'h', b'1'..=b'9', ..] => Some("bzip2 data"),
        [b'I', b'D', b'3', 2..=4, ..] => Some("MP3 audio"),
        [_, _, _, _, b'f', b't', b'y', b'p', ..] => Some("MP4 or QuickTime media"),
        _ => None,
    }
}

/// The format the content itself shows, if it shows one.
fn by_content(head: &str, bytes: &[u8]) -> Option<Format> {
    let lower: String = head
        .chars()
        .take(2048)
        .flat_map(char::to_lowercase)
        .collect();
    if lower.starts_with('<') {
        return markup_kind(&lower);
    }
    if lower.starts_with('{') && first_line_is_object(bytes) {
        return Some(Format::JsonLines);
    }
    if looks_like_markdown(head) {
        return Some(Format::Markdown);
    }
    None
}

/// Feed or HTML, for content that starts with a tag.
fn markup_kind(lower: &str) -> Option<Format> {
    let feed_at = ["<rss", "<feed", "<rdf:rdf", "<channel"]
        .iter()
        .filter_map(|tag| lower.find(tag))
        .min();
    let html_at = [
        "<!doctype html",
        "<html",
        "<head",
        "<body",
        "<meta",
        "<title",
        "<div",
        "<p>",
        "<p ",
        "<article",
        "<h1",
        "<br",
        "<table",
        "<span",
    ]
    .iter()
    .filter_map(|tag| lower.find(tag))
    .min();
    match (feed_at, html_at) {
        (Some(f), Some(h)) => Some(if f < h { Format::Feed } else { Format::Html }),
        (Some(_), None) => Some(Format::Feed),
        (None, Some(_)) => Some(Format::Html),
        (None, None) => None,
    }
}

/// Whether the input's first non-blank line is a JSON object.
fn first_line_is_object(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let line = bytes
        .split(|&b| b == b'\n')
        .find(|line| !line.iter().all(u8::is_ascii_whitespace))
        .unwrap_or_default();
    matches!(
        serde_json::from_slice::<serde_json::Value>(line),
        Ok(serde_json::Value::Object(_))
    )
}

/// YAML front matter with a key, or an ATX heading (`# Title`) on the first line.
fn looks_like_markdown(head: &str) -> bool {
    let mut lines = head.lines();
    let first = lines.next().unwrap_or_default().trim_end();
    if first == "---" {
        return lines
            .next()
            .and_then(|l| l.split_once(':'))
            .is_some_and(|(key, _)| {
                !key.is_empty()
                    && key
                        .chars()
                        .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
            });
    }
    let hashes = first.chars().take_while(|&c| c == '#').count();
    (1..=6).contains(&hashes)
        && first[hashes..].starts_with(' ')
        && first[hashes..].trim().len() > 1
}

/// The format the Content-Type or, failing that, the name's (or URL's) extension declares.
fn declared_format(input: &RawInput) -> Option<Format> {
    input
        .content_type
        .as_deref()
        .and_then(by_content_type)
        .or_else(|| by_extension(&input.name))
        .or_else(|| input.url.as_deref().and_then(by_extension))
}

fn by_content_type(content_type: &str) -> Option<Format> {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    Some(match essence.as_str() {
        "text/html" | "application/xhtml+xml" => Format::Html,
        "application/pdf" | "application/x-pdf" => Format::Pdf,
        "application/rss+xml"
        | "application/atom+xml"
        | "application/rdf+xml"
        | "application/feed+xml"
        | "application/xml"
        | "text/xml" => Format::Feed,
        "text/markdown" | "text/x-markdown" => Format::Markdown,
        "application/jsonl"
        | "application/x-jsonlines"
        | "application/x-ndjson"
        | "application/jsonlines"
        | "application/json-lines" => Format::JsonLines,
        "text/plain" => Format::Text,
        _ => return None,
    })
}

fn by_extension(name: &str) -> Option<Format> {
    let path = name.split(['?', '#']).next().unwrap_or_default();
    let file = path.rsplit(['/', '\\']).next().unwrap_or_default();
    let (_, ext) = file.rsplit_once('.')?;
    Some(match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" | "xhtml" | "shtml" => Format::Html,
        "pdf" => Format::Pdf,
        "rss" | "atom" | "rdf" | "xml" => Format::Feed,
        "md" | "markdown" | "mdown" | "mkd" => Format::Markdown,
        "jsonl" | "ndjson" => Format::JsonLines,
        "txt" | "text" => Format::Text,
        _ => return None,
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(name: &str, bytes: &[u8], content_type: Option<&str>) -> RawInput {
        RawInput {
            name: name.into(),
            bytes: bytes.to_vec(),
            content_type: content_type.map(str::to_string),
            url: None,
        }
    }

    fn sniffed(name: &str, bytes: &[u8], content_type: Option<&str>) -> Result<Format, ReadError> {
        sniff(&input(name, bytes, content_type))
    }

    #[test]
    fn content_beats_name() {
        assert_eq!(
            sniffed("a.txt", b"<!DOCTYPE html><html><p>x", None),
            Ok(Format::Html)
        );
        assert_eq!(sniffed("a.html", b"%PDF-1.4\n...", None), Ok(Format::Pdf));
        assert_eq!(
            sniffed(
                "a.txt",
                b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\">",
                None
            ),
            Ok(Format::Feed)
        );
        assert_eq!(
            sniffed("a", b"<feed xmlns=\"http://www.w3.org/2005/Atom\">", None),
            Ok(Format::Feed)
        );
        assert_eq!(
            sniffed("a", b"{\"text\": \"x\"}\n{\"text\": \"y\"}\n", None),
            Ok(Format::JsonLines)
        );
        assert_eq!(
            sniffed("a", b"---\ntitle: ISKP\n---\nBody", None),
            Ok(Format::Markdown)
        );
        assert_eq!(
            sniffed("a", b"# Heading\n\nBody", None),
            Ok(Format::Markdown)
        );
        assert_eq!(
            sniffed("a", b"#hashtag is not a heading", None),
            Ok(Format::Text)
        );
    }

    #[test]
    fn declared_type_decides_plain_content() {
        assert_eq!(
            sniffed("notes", b"Some words.", Some("text/markdown")),
            Ok(Format::Markdown)
        );
        assert_eq!(
            sniffed(
                "https://x.org/feed.rss?page=2",
                b"Service unavailable",
                None
            ),
            Ok(Format::Feed)
        );
        assert_eq!(sniffed("a.JSONL", b"not json", None), Ok(Format::JsonLines));
        assert_eq!(sniffed("a", b"Some words.", None), Ok(Format::Text));
    }

    #[test]
    fn html_where_a_feed_was_declared_is_not_a_feed() {
        let got = sniffed(
            "feed",
            b"<html><body>Login</body></html>",
            Some("application/rss+xml"),
        );
        assert!(matches!(got, Err(ReadError::NotAFeed(_))), "{got:?}");
    }

    #[test]
    fn binary_and_empty() {
        for bytes in [
            &b"PK\x03\x04rest"[..],
            b"\x89PNG\r\n\x1A\n....",
            b"\x7FELF\x02\x01",
            b"\x1F\x8B\x08\x00",
        ] {
            assert!(
                matches!(sniffed("x.txt", bytes, None), Err(ReadError::Binary { .. })),
                "{bytes:?}"
            );
        }
        assert!(matches!(
            sniffed("x", b"abc\0def", None),
            Err(ReadError::Binary { .. })
        ));
        assert!(matches!(
            sniffed("x", b"\x01\x02\x03\x04abc", None),
            Err(ReadError::Binary { .. })
        ));
        assert_eq!(sniffed("x", b" \n\t ", None), Err(ReadError::Empty));
        assert_eq!(sniffed("x", b"", None), Err(ReadError::Empty));
        assert_eq!(sniffed("x", b"\xEF\xBB\xBF  ", None), Err(ReadError::Empty));
    }

    #[test]
    fn utf16_text_is_not_binary() {
        let bytes: Vec<u8> = "Plain words in UTF-16."
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(sniffed("x", &bytes, None), Ok(Format::Text));
    }
}

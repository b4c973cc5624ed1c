//! Why an input could not be read.

use std::time::Duration;

/// Why an input (or one line of a JSON Lines input) could not be read. Each message says the
/// reason in plain words; the caller prefixes the input's name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// The bytes are not text: NULs, many control bytes, or the signature of a known binary
    /// format (`what` names it when known).
    #[error("binary data, not a document ({what})")]
    Binary {
        /// What the bytes look like, e.g. "ZIP archive" or "many control bytes".
        what: String,
    },
    /// Nothing but whitespace.
    #[error("empty document")]
    Empty,
    /// The format was read but no text remained, e.g. an HTML page of navigation only.
    #[error("no readable text in the {what}")]
    NoText {
        /// The format, in words: "HTML page", "Markdown document".
        what: &'static str,
    },
    /// The input is larger than [`crate::Limits::max_bytes`].
    #[error("larger than the {} limit ({})", human_size(*.limit), human_size(*.size))]
    TooLarge {
        /// The input's size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// The PDF needs a password to be read.
    #[error("PDF is encrypted")]
    PdfEncrypted,
    /// The PDF could not be parsed or its text could not be extracted.
    #[error("PDF text extraction failed: {0}")]
    PdfExtraction(String),
    /// The PDF was read but has no text layer: most likely scanned pages.
    #[error("PDF has no extractable text (scanned?)")]
    PdfNoText,
    /// Text extraction did not finish within [`crate::Limits::pdf_timeout`].
    #[error("PDF text extraction took longer than {} s and was abandoned", .0.as_secs_f64())]
    PdfTimeout(Duration),
    /// The input was taken for a feed (by its content, Content-Type or name) but is not one.
    #[error("not a feed: {0}")]
    NotAFeed(String),
    /// A line of a JSON Lines input is not valid JSON.
    #[error("invalid JSON: {0}")]
    InvalidJson(String),
    /// A line of a JSON Lines input is JSON but not an object.
    #[error("not a JSON object but {0}")]
    NotAnObject(&'static str),
    /// A JSON Lines record has none of `text`, `body`, `content` as a string.
    #[error("no `text` field")]
    MissingText,
    /// A JSON Lines record has a field whose value cannot be used.
    #[error("invalid `{field}`: {reason}")]
    InvalidField {
        /// The field's name.
        field: &'static str,
        /// What is wrong with its value.
        reason: String,
    },
    /// An error on one line of a JSON Lines input; the other lines are read regardless.
    #[error("line {line}: {source}")]
    Line {
        /// 1-based line number.
        line: usize,
        /// What is wrong with that line.
        source: Box<ReadError>,
    },
}

impl ReadError {
    /// Wraps `self` as the error of line `line` (1-based).
    pub(crate) fn at_line(self, line: usize) -> ReadError {
        ReadError::Line {
            line,
            source: Box::new(self),
        }
    }
}

/// A byte count in the largest binary unit that keeps it readable: "64 MiB", "1.5 KiB".
fn human_size(bytes: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)];
    for (unit, size) in UNITS {
        if bytes >= size {
            return if bytes.is_multiple_of(size) {
                format!("{} {unit}", bytes / size)
            } else {
                format!("{:.1} {unit}", bytes as f64 / size as f64)
            };
        }
    }
    format!("{bytes} bytes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_say_the_reason_in_plain_words() {
        let big = ReadError::TooLarge {
            size: 70 * (1 << 20) + (1 << 19),
            limit: 64 << 20,
        };
        assert_eq!(big.to_string(), "larger than the 64 MiB limit (70.5 MiB)");
        let line = ReadError::MissingText.at_line(3);
        assert_eq!(line.to_string(), "line 3: no `text` field");
        let json = ReadError::InvalidJson("expected value at column 1".into()).at_line(7);
        assert_eq!(
            json.to_string(),
            "line 7: invalid JSON: expected value at column 1"
        );
        assert_eq!(
            ReadError::PdfTimeout(Duration::from_secs(30)).to_string(),
            "PDF text extraction took longer than 30 s and was abandoned"
        );
        assert_eq!(human_size(512), "512 bytes");
    }
}

//! Bytes to text: byte-order marks, declared charsets, detection of legacy encodings, and
//! the line-ending and paragraph clean-up every reader shares.

use encoding_rs::{Encoding, ISO_2022_JP, UTF_8, UTF_16BE, UTF_16LE};

/// How many bytes the encoding detector looks at: enough for any real document's
/// statistics, and it keeps detection cheap on very large inputs.
const DETECTION_WINDOW: usize = 1 << 20;

/// Decodes `bytes` into a string.
///
/// Order of evidence: a byte-order mark; UTF-16 recognised by its NUL pattern; valid UTF-8
/// (or UTF-8 with a few broken sequences among many good ones, as left by a truncated
/// download); then the declared charsets in the order given (Content-Type before
/// `<meta>`); then detection with chardetng. Valid UTF-8 beats a declaration because
/// non-ASCII bytes almost never form valid UTF-8 by accident, whereas pages and servers
/// that declare the wrong charset are common.
pub(crate) fn decode(bytes: &[u8], declared: &[Option<&'static Encoding>]) -> String {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return encoding
            .decode_without_bom_handling(&bytes[bom_len..])
            .0
            .into_owned();
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        return encoding.decode_without_bom_handling(bytes).0.into_owned();
    }
    // ISO-2022-JP is 7-bit, so it passes as UTF-8; only a declaration can reveal it.
    if declared.iter().flatten().next() == Some(&ISO_2022_JP) {
        return ISO_2022_JP
            .decode_without_bom_handling(bytes)
            .0
            .into_owned();
    }
    if mostly_utf8(bytes) {
        return String::from_utf8_lossy(bytes).into_owned();
    }
    // The bytes are not UTF-8, so a declaration of UTF-8 (or of UTF-16, which `<meta>`
    // cannot truly declare) is wrong and is passed over.
    let declared = declared
        .iter()
        .flatten()
        .copied()
        .find(|e| *e != UTF_8 && *e != UTF_16LE && *e != UTF_16BE);
    let encoding = declared.unwrap_or_else(|| detect(bytes));
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

/// Whether the bytes are UTF-8, allowing a few broken sequences when many good multi-byte
/// ones show that UTF-8 is still the best reading (a cut-off download, one bad byte).
fn mostly_utf8(bytes: &[u8]) -> bool {
    let mut multibyte = 0usize;
    let mut invalid = 0usize;
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            invalid += 1;
        }
    }
    invalid == 0 || multibyte >= 4 * invalid
}

/// The legacy encoding chardetng thinks most likely.
fn detect(bytes: &[u8]) -> &'static Encoding {
    let window = &bytes[..bytes.len().min(DETECTION_WINDOW)];
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(window, window.len() == bytes.len());
    detector.guess(None, true)
}

/// UTF-16 without a byte-order mark, recognised by NULs in every other byte (text in a
/// Latin script encodes as `x\0` or `\0x`).
pub(crate) fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(1024) & !1];
    if sample.len() < 8 {
        return None;
    }
    let pairs = sample.len() / 2;
    let (mut even_nul, mut odd_nul) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        even_nul += usize::from(pair[0] == 0);
        odd_nul += usize::from(pair[1] == 0);
    }
    if odd_nul * 10 >= pairs * 7 && even_nul * 20 <= pairs {
        Some(UTF_16LE)
    } else if even_nul * 10 >= pairs * 7 && odd_nul * 20 <= pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// `bytes` decoded as UTF-16 in the given byte order (a cut-off last unit becomes U+FFFD).
pub(crate) fn utf16_decode(encoding: &'static Encoding, bytes: &[u8]) -> String {
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

/// The charset named by a `Content-Type` value such as `text/html; charset=ISO-8859-1`.
pub(crate) fn charset_from_content_type(content_type: &str) -> Option<&'static Encoding> {
    content_type.split(';').skip(1).find_map(|param| {
        let (key, value) = param.split_once('=')?;
        if !key.trim().eq_ignore_ascii_case("charset") {
            return None;
        }
        Encoding::for_label(
            value
                .trim()
                .trim_matches(|c| c == '"' || c == '\'')
                .as_bytes(),
        )
    })
}

/// The charset declared by `<meta charset=...>` or `<meta http-equiv="Content-Type"
/// content="...; charset=...">` in the first 4 KiB, as browsers pre-scan for it.
pub(crate) fn html_meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes[..bytes.len().min(4096)].to_ascii_lowercase();
    let mut rest = &head[..];
    while let Some(start) = find(rest, b"<meta") {
        let tag = &rest[start..];
        let end = tag.iter().position(|&b| b == b'>').unwrap_or(tag.len());
        let tag_body = &tag[..end];
        if let Some(at) = find(tag_body, b"charset") {
            let value = tag_body[at + b"charset".len()..]
                .iter()
                .skip_while(|b| b.is_ascii_whitespace())
                .skip_while(|&&b| b == b'=')
                .skip_while(|b| b.is_ascii_whitespace() || **b == b'"' || **b == b'\'')
                .take_while(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(b))
                .copied()
                .collect::<Vec<u8>>();
            if let Some(encoding) = Encoding::for_label(&value) {
                // WHATWG: a `<meta>` cannot truly declare UTF-16 (it would not have been
                // readable as ASCII); such pages are UTF-8.
                return Some(if encoding == UTF_16LE || encoding == UTF_16BE {
                    UTF_8
                } else {
                    encoding
                });
            }
        }
        rest = &tag[end.min(tag.len())..];
        if rest.is_empty() {
            break;
        }
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Line endings to `\n`; a form feed (a page break in text dumps) to a paragraph break; other
/// control characters except tab dropped; a leading BOM removed.
pub(crate) fn normalise_newlines(text: &str) -> String {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\u{0C}' => out.push_str("\n\n"),
            '\u{2028}' => out.push('\n'),
            '\u{2029}' => out.push_str("\n\n"),
            '\n' | '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Trailing spaces removed from every line, runs of blank lines collapsed to one blank line
/// (the paragraph break later stages split on), and the whole trimmed. Expects `\n` endings.
pub(crate) fn tidy_paragraphs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0usize;
    for line in text.split('\n') {
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        let line = if out.is_empty() {
            line.trim_start()
        } else {
            line
        };
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::WINDOWS_1252;

    #[test]
    fn utf8_with_bom_and_crlf() {
        let text = decode(b"\xEF\xBB\xBFKabul\r\n\r\nKunduz", &[]);
        assert_eq!(normalise_newlines(&text), "Kabul\n\nKunduz");
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let mut le = vec![0xFF, 0xFE];
        for unit in "Jalalabad attack".encode_utf16() {
            le.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decode(&le, &[]), "Jalalabad attack");
        let be: Vec<u8> = "Jalalabad attack"
            .encode_utf16()
            .flat_map(|u| u.to_be_bytes())
            .collect();
        assert_eq!(decode(&be, &[]), "Jalalabad attack");
    }

    #[test]
    fn legacy_bytes_are_detected_not_garbled() {
        // "Café in Peshawar – the façade" in windows-1252.
        let bytes = b"Caf\xE9 in Peshawar \x96 the fa\xE7ade was damaged; the r\xE9sum\xE9 of \
                      the d\xE9cor and the na\xEFve ros\xE9 were all in French.";
        let text = decode(bytes, &[]);
        assert!(text.starts_with("Café in Peshawar – the façade"), "{text}");
    }

    #[test]
    fn declared_utf8_on_legacy_bytes_is_overruled() {
        let bytes = b"Na\xEFve caf\xE9";
        let text = decode(bytes, &[Some(UTF_8), Some(WINDOWS_1252)]);
        assert_eq!(text, "Naïve café");
    }

    #[test]
    fn a_cut_multibyte_sequence_keeps_utf8() {
        let mut bytes = "Nangarhār, Kunar, Kābul, Khōst, Paktīā: "
            .as_bytes()
            .to_vec();
        bytes.extend_from_slice(&"ā".as_bytes()[..1]);
        assert!(decode(&bytes, &[]).starts_with("Nangarhār, Kunar"));
    }

    #[test]
    fn charsets_from_headers_and_meta() {
        assert_eq!(
            charset_from_content_type("text/html; charset=\"ISO-8859-1\""),
            Some(WINDOWS_1252)
        );
        assert_eq!(charset_from_content_type("text/html"), None);
        let html = b"<html><head><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=windows-1252\">";
        assert_eq!(html_meta_charset(html), Some(WINDOWS_1252));
        assert_eq!(html_meta_charset(b"<meta charset='utf-16'>"), Some(UTF_8));
        assert_eq!(html_meta_charset(b"<meta name=x>"), None);
    }

    #[test]
    fn paragraphs_are_kept_and_tidied() {
        assert_eq!(tidy_paragraphs("  \nA  \nB\n\n\n\nC\n \n"), "A\nB\n\nC");
    }
}

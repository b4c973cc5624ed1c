//! Plain text.

use crate::decode::{normalise_newlines, tidy_paragraphs};

/// The longest first line taken for a headline, in characters.
const MAX_TITLE_CHARS: usize = 160;

/// Cleans decoded plain text: line endings normalised, trailing spaces and runs of blank
/// lines removed, trimmed. Hard line wraps are kept: sentences may span them, paragraphs
/// are the blank-line-separated blocks.
pub(crate) fn clean(decoded: &str) -> String {
    tidy_paragraphs(&normalise_newlines(decoded))
}

/// The first line, when it looks like a headline: short, a single line of its own (a blank
/// line follows, or the next line is much longer, as body text is), with letters, and
/// without the final period of a sentence.
pub(crate) fn headline(text: &str) -> Option<String> {
    let mut lines = text.lines();
    let first = lines.next()?.trim();
    let next = lines.next().map(str::trim);
    let chars = first.chars().count();
    if !(3..=MAX_TITLE_CHARS).contains(&chars) || !first.chars().any(char::is_alphabetic) {
        return None;
    }
    if first.ends_with(['.', ',', ';', ':']) && !first.ends_with("...") {
        return None;
    }
    let stands_alone = match next {
        None => false,
        Some("") => true,
        Some(next) => chars * 2 < next.chars().count(),
    };
    stands_alone.then(|| first.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headlines_are_short_lines_of_their_own() {
        assert_eq!(
            headline("Gunmen attack concert hall near Moscow\n\nAt least 145 people were killed.")
                .as_deref(),
            Some("Gunmen attack concert hall near Moscow")
        );
        assert_eq!(
            headline("ISKP claims Kerman bombings\nThe group said two of its members detonated explosive belts near the cemetery.").as_deref(),
            Some("ISKP claims Kerman bombings")
        );
        // A sentence, a wrapped paragraph and a lone line are not headlines.
        assert_eq!(
            headline("The group claimed the attack.\n\nMore text."),
            None
        );
        assert_eq!(
            headline("The group claimed the attack on\nthe hall in Krasnogorsk on 22 March."),
            None
        );
        assert_eq!(headline("Only one line"), None);
    }

    #[test]
    fn cleaning_keeps_paragraphs() {
        assert_eq!(
            clean("\u{FEFF}Title\r\n\r\n\r\nBody line one\r\nline two  \r\n"),
            "Title\n\nBody line one\nline two"
        );
    }
}

//! Folding text for dictionary matching: compatibility decomposition, no diacritics, lower
//! case, every run of punctuation and white space as one space, with a map from each folded
//! byte back to the original text so that matches become spans of the original.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// Text folded for matching, framed by spaces so that a pattern `" key "` matches only on
/// word boundaries.
pub(crate) struct Folded {
    /// The folded text: lower-case letters and digits, single spaces between words, and one
    /// leading and one trailing space.
    pub text: String,
    /// For each byte of `text`, the original byte range of the character it came from.
    origin: Vec<(usize, usize)>,
}

impl Folded {
    /// The original byte span of the folded range `start..end` (both inside `text`).
    pub fn original(&self, start: usize, end: usize) -> (usize, usize) {
        (self.origin[start].0, self.origin[end - 1].1)
    }
}

/// Whether `c` is one of the apostrophes and transliteration marks ('ayn, hamza) that
/// reporting puts inside names: "Qa'ida", "Qa’ida", "Qaʿida".
pub(crate) fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}'
            | '\u{2018}'
            | '`'
            | '\u{b4}'
            | '\u{2bc}'
            | '\u{2bb}'
            | '\u{2bf}'
            | '\u{2be}'
    )
}

/// Letters that compatibility decomposition leaves whole but readers treat as plain Latin.
fn special_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'ß' => "ss",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        'ø' | 'Ø' => "o",
        'ł' | 'Ł' => "l",
        'đ' | 'Đ' => "d",
        'ı' => "i",
        'þ' | 'Þ' => "th",
        'ð' | 'Ð' => "d",
        _ => return None,
    })
}

/// Folds `text`. Apostrophes become word separators (so "ISKP's" ends a word), and a period
/// between single letters is dropped (so "U.S." folds like "US").
pub(crate) fn fold(text: &str) -> Folded {
    fold_with::<true>(text)
}

/// [`fold`], keeping the map back to the original text only when `ORIGIN` is set (a key
/// needs none).
fn fold_with<const ORIGIN: bool>(text: &str) -> Folded {
    let mut out = Folded {
        text: String::with_capacity(text.len() + 2),
        origin: Vec::with_capacity(if ORIGIN { text.len() + 2 } else { 0 }),
    };
    out.push_space::<ORIGIN>(0, 0);
    let mut run_len = 0usize; // letters or digits in the current word
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let end = i + c.len_utf8();
        if c.is_ascii_alphanumeric() {
            out.push::<ORIGIN>(c.to_ascii_lowercase(), i, end);
            run_len += 1;
            continue;
        }
        if c == '.' && run_len == 1 && chars.peek().is_some_and(|&(_, n)| n.is_alphabetic()) {
            // Keep "U.S" together; the next letter starts a run of length one again.
            run_len = 0;
            continue;
        }
        if c.is_ascii() || is_apostrophe(c) {
            out.push_space::<ORIGIN>(i, end);
            run_len = 0;
            continue;
        }
        let mut pushed = false;
        if let Some(s) = special_letter(c) {
            for p in s.chars() {
                out.push::<ORIGIN>(p, i, end);
            }
            pushed = true;
        } else {
            decompose_compatible(c, |d| {
                if is_combining_mark(d) {
                    return;
                }
                if d.is_alphanumeric() {
                    for l in d.to_lowercase() {
                        out.push::<ORIGIN>(l, i, end);
                    }
                    pushed = true;
                }
            });
        }
        if pushed {
            run_len += 1;
        } else if !c.is_alphanumeric() && !is_combining_mark(c) {
            out.push_space::<ORIGIN>(i, end);
            run_len = 0;
        }
    }
    out.push_space::<ORIGIN>(text.len(), text.len());
    out
}

impl Folded {
    #[inline(always)]
    fn push<const ORIGIN: bool>(&mut self, c: char, start: usize, end: usize) {
        self.text.push(c);
        if ORIGIN {
            for _ in 0..c.len_utf8() {
                self.origin.push((start, end));
            }
        }
    }

    #[inline(always)]
    fn push_space<const ORIGIN: bool>(&mut self, start: usize, end: usize) {
        if !self.text.ends_with(' ') {
            self.text.push(' ');
            if ORIGIN {
                self.origin.push((start, end));
            }
        }
    }
}

/// The folded key of a dictionary name, without the framing spaces.
pub(crate) fn key(name: &str) -> String {
    let mut folded = fold_with::<false>(name).text;
    let end = folded.trim_end().len();
    folded.truncate(end);
    let start = folded.len() - folded.trim_start().len();
    folded.drain(..start);
    folded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_case_and_diacritics_fold_alike() {
        assert_eq!(key("al-Qa'ida"), "al qa ida");
        assert_eq!(key("AL QA’IDA"), "al qa ida");
        assert_eq!(key("Sendero  Luminoso"), "sendero luminoso");
        assert_eq!(
            key("Movimiento Revolucionario Túpac Amaru"),
            "movimiento revolucionario tupac amaru"
        );
        assert_eq!(key("U.S. forces"), "us forces");
        assert_eq!(key("Straße"), "strasse");
        assert_eq!(key("ＦＡＲＣ"), "farc");
    }

    #[test]
    fn offsets_map_back_to_the_original() {
        let text = "Die Öcalan-Anhänger (PKK’s)";
        let f = fold(text);
        let at = f.text.find("pkk").unwrap();
        let (s, e) = f.original(at, at + 3);
        assert_eq!(&text[s..e], "PKK");
        let at = f.text.find("ocalan").unwrap();
        let (s, e) = f.original(at, at + 6);
        assert_eq!(&text[s..e], "Öcalan");
    }
}

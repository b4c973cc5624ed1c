//! Text analysis: tokens with byte offsets, paragraphs, datelines and sentences.
//!
//! One pass over the bytes makes the tokens; sentence boundaries are then decided on tokens
//! with an abbreviation lexicon, so that "Gen. Perez", "U.S. forces", "Jan. 10" and "George
//! W. Bush" stay whole. Capital letters are only used as a clue when the text is in mixed
//! case: MUC-style wire copy is all capitals, and there the decision rests on the
//! abbreviation classes alone.

use std::ops::Range;

use forewarn_model::Span;

use crate::lexicon::{self, Lex, flag};

/// Whether a text is written in capitals throughout (wire copy) or in ordinary mixed case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Casing {
    /// Ordinary text: capitals mark sentence starts and names.
    Mixed,
    /// (Nearly) all letters are capitals: capitals carry no information.
    Upper,
}

impl Casing {
    /// Detects the casing from the ASCII letters: upper if fewer than one letter in twenty is
    /// lower case. Texts without letters count as mixed.
    pub fn detect(text: &str) -> Casing {
        let (mut upper, mut lower) = (0usize, 0usize);
        for &b in text.as_bytes() {
            upper += usize::from(b.is_ascii_uppercase());
            lower += usize::from(b.is_ascii_lowercase());
        }
        if upper >= 2 && lower * 20 < upper {
            Casing::Upper
        } else {
            Casing::Mixed
        }
    }
}

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters (with inner apostrophes, or a dotted abbreviation such as "U.S.").
    Word,
    /// Digits, with inner `,` `.` or `:` between digits ("1,500", "3.5", "10:30").
    Number,
    /// Digits followed by letters ("1990s", "24th", "5km").
    Alnum,
    /// Any other character; runs of dots ("...") and of hyphens ("--") make one token.
    Punct,
}

/// One token of the text.
#[derive(Debug, Clone, Copy)]
pub struct Token {
    /// Byte span in the original text.
    pub span: Span,
    /// What the token is made of.
    pub kind: TokenKind,
    /// Whether whitespace precedes the token (false for "thirty-three"'s parts).
    pub space_before: bool,
    /// Line breaks in the whitespace before the token (saturating).
    pub newlines_before: u8,
    /// First character is an upper-case letter.
    pub capitalised: bool,
    /// First character is a lower-case letter.
    pub lowercase: bool,
    pub(crate) lex: Option<&'static Lex>,
}

impl Token {
    /// The token's text.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.span.start..self.span.end).unwrap_or("")
    }

    pub(crate) fn has(&self, f: u32) -> bool {
        self.lex.is_some_and(|l| l.has(f))
    }

    pub(crate) fn is_punct(&self, text: &str, p: &str) -> bool {
        self.kind == TokenKind::Punct && self.text(text) == p
    }
}

/// A sentence: its span and the range of its tokens in [`Segmented::tokens`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// From the first token's start to the last token's end.
    pub span: Span,
    /// Indices into [`Segmented::tokens`].
    pub tokens: Range<usize>,
}

/// A wire-copy dateline such as `LIMA, 10 JAN 90 (EFE) --` at the start of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dateline {
    /// The whole dateline, with any bracketed tags after it (`[TEXT]`).
    pub span: Span,
    /// The place ("LIMA", "SAN SALVADOR").
    pub place: Span,
    /// The date as written ("10 JAN 90"), if given.
    pub date: Option<Span>,
    /// The agency in parentheses ("EFE"), if given.
    pub source: Option<Span>,
    /// Indices into [`Segmented::tokens`].
    pub tokens: Range<usize>,
}

/// A paragraph: text between blank lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// From the first token's start to the last token's end.
    pub span: Span,
    /// Indices into [`Segmented::sentences`].
    pub sentences: Range<usize>,
    /// Index into [`Segmented::datelines`] of the paragraph's dateline, if it opens with one.
    pub dateline: Option<usize>,
}

/// The result of [`segment`].
#[derive(Debug, Clone)]
pub struct Segmented {
    /// Upper-case wire copy or mixed case.
    pub casing: Casing,
    /// Every token, in order.
    pub tokens: Vec<Token>,
    /// Every paragraph, in order.
    pub paragraphs: Vec<Paragraph>,
    /// Every sentence, in order; datelines are not part of any sentence.
    pub sentences: Vec<Sentence>,
    /// Datelines found at paragraph starts.
    pub datelines: Vec<Dateline>,
}

/// Splits `text` into tokens, paragraphs, datelines and sentences.
pub fn segment(text: &str) -> Segmented {
    let casing = Casing::detect(text);
    let tokens = tokenize(text);
    let mut out = Segmented {
        casing,
        tokens,
        paragraphs: Vec::new(),
        sentences: Vec::new(),
        datelines: Vec::new(),
    };
    let n = out.tokens.len();
    let mut a = 0;
    while a < n {
        let mut b = a + 1;
        while b < n && out.tokens[b].newlines_before < 2 {
            b += 1;
        }
        split_paragraph(text, &mut out, a, b);
        a = b;
    }
    out
}

fn split_paragraph(text: &str, out: &mut Segmented, a: usize, b: usize) {
    let first_sentence = out.sentences.len();
    let mut start = a;
    let mut dateline = None;
    if let Some(d) = find_dateline(text, &out.tokens[..b], a) {
        start = d.tokens.end;
        dateline = Some(out.datelines.len());
        out.datelines.push(d);
    }
    let toks = &out.tokens;
    let mut sentences = Vec::new();
    // The paragraph's longest line: the width at which it was wrapped, if it was.
    let mut max_line: Option<usize> = None;
    let mut i = start;
    while i < b {
        if i > start && toks[i].newlines_before == 1 {
            let width = *max_line.get_or_insert_with(|| {
                let para = text
                    .get(toks[a].span.start..toks[b - 1].span.end)
                    .unwrap_or("");
                para.lines().map(|l| l.trim().len()).max().unwrap_or(0)
            });
            if line_break_ends_sentence(text, toks, i, out.casing, width) {
                sentences.push(start..i);
                start = i;
            }
        }
        let t = &toks[i];
        let terminal = match t.kind {
            TokenKind::Punct => {
                matches!(t.text(text), "." | "!" | "?" | "…" | "?!" | "!?")
                    || t.text(text).starts_with("..")
            }
            TokenKind::Word => t.text(text).ends_with('.'),
            _ => false,
        };
        if !terminal {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < b && !toks[j].space_before && is_closer(toks[j].text(text)) {
            j += 1;
        }
        if j >= b {
            break;
        }
        if ends_sentence(text, toks, i, j, b, out.casing) {
            sentences.push(start..j);
            start = j;
        }
        i = j;
    }
    if start < b {
        sentences.push(start..b);
    }
    for r in sentences {
        let span = Span::new(toks[r.start].span.start, toks[r.end - 1].span.end);
        out.sentences.push(Sentence { span, tokens: r });
    }
    let span = Span::new(toks[a].span.start, toks[b - 1].span.end);
    out.paragraphs.push(Paragraph {
        span,
        sentences: first_sentence..out.sentences.len(),
        dateline,
    });
}

fn is_closer(s: &str) -> bool {
    matches!(s, "\"" | "'" | "”" | "’" | ")" | "]" | "»")
}

fn is_opener(s: &str) -> bool {
    matches!(s, "\"" | "'" | "“" | "‘" | "(" | "[" | "«")
}

/// Whether the terminal token `i` (closers absorbed up to `j`) ends a sentence.
fn ends_sentence(text: &str, toks: &[Token], i: usize, j: usize, b: usize, casing: Casing) -> bool {
    let t = &toks[i];
    let s = t.text(text);
    let mut next = &toks[j];
    // Look through an opening quote to the word it opens.
    if next.kind == TokenKind::Punct && is_opener(next.text(text)) && j + 1 < b {
        next = &toks[j + 1];
    }
    let next_lower = casing == Casing::Mixed && next.lowercase;
    let next_starter = next.has(flag::STARTER);
    if next.kind == TokenKind::Punct && matches!(next.text(text), "," | ";" | ":" | ")" | "-") {
        return false;
    }
    match t.kind {
        // A dotted abbreviation ("U.S.", "a.m.") ends a sentence only before a typical
        // sentence opener: "U.S. forces" and "the U.S. State Department" stay whole.
        TokenKind::Word => next_starter && !next_lower,
        _ if s == "!" || s == "?" || s == "?!" || s == "!?" => !next_lower,
        _ if s == "." => {
            if next_lower {
                return false;
            }
            let prev = i.checked_sub(1).map(|p| &toks[p]);
            let Some(prev) = prev.filter(|p| p.span.end == t.span.start) else {
                return true;
            };
            if prev.kind != TokenKind::Word {
                return true;
            }
            let word = prev.text(text);
            if prev.has(flag::ABBR_TITLE) {
                return false;
            }
            if prev.has(flag::ABBR_NUMBER) {
                return !matches!(next.kind, TokenKind::Number | TokenKind::Alnum);
            }
            if prev.has(flag::ABBR_GENERAL) {
                return next_starter;
            }
            // A single letter is an initial ("George W. Bush").
            if word.chars().count() == 1 {
                return next_starter;
            }
            true
        }
        // Ellipses: a pause more often than an end; in capitals only before an opener word.
        _ => match casing {
            Casing::Mixed => next.capitalised || next_starter,
            Casing::Upper => next_starter,
        },
    }
}

/// A single line break after a heading-like line ends a sentence; in hard-wrapped text it
/// does not. The test: the next line's first word would have fitted on the line before
/// within the paragraph's width, so the break was not made by wrapping.
fn line_break_ends_sentence(
    text: &str,
    toks: &[Token],
    k: usize,
    casing: Casing,
    width: usize,
) -> bool {
    let prev = &toks[k - 1];
    let next = &toks[k];
    if prev.kind == TokenKind::Punct {
        let p = prev.text(text);
        if matches!(p, "," | ";" | "-" | "--" | "(" | "/" | "&" | "—" | "–") {
            return false;
        }
    }
    if prev.has(flag::CONNECTOR) {
        return false;
    }
    if casing == Casing::Mixed && next.lowercase {
        return false;
    }
    let bytes = text.as_bytes();
    let line_start = bytes[..prev.span.end]
        .iter()
        .rposition(|&c| c == b'\n')
        .map_or(0, |p| p + 1);
    let prev_line = text
        .get(line_start..prev.span.end)
        .unwrap_or("")
        .trim_start();
    let prev_len = prev_line.len();
    if prev_len == 0 || prev_len > 120 {
        return false;
    }
    if casing == Casing::Mixed && prev_line.chars().next().is_some_and(char::is_lowercase) {
        return false;
    }
    prev_len + 1 + next.span.len() <= width
}

/// Recognises a dateline at token `a`: PLACE[, REGION][,] [DATE] [(AGENCY)] DASH [TAGS].
fn find_dateline(text: &str, toks: &[Token], a: usize) -> Option<Dateline> {
    let n = toks.len();
    let word_upper = |t: &Token| {
        t.kind == TokenKind::Word && t.text(text).chars().all(|c| !c.is_lowercase() && c != '.')
    };
    let mut k = a;
    while k < n
        && k < a + 4
        && word_upper(&toks[k])
        && toks[k].lex.is_none_or(|l| l.month.is_none())
    {
        k += 1;
    }
    if k == a || toks[a].text(text).len() < 2 || k >= n {
        return None;
    }
    let place = Span::new(toks[a].span.start, toks[k - 1].span.end);
    if toks[k].is_punct(text, ",") {
        k += 1;
        // Optional region ("Afghanistan", "COLOMBIA"), which is not a month.
        let r = k;
        while k < n
            && k < r + 3
            && toks[k].kind == TokenKind::Word
            && toks[k].capitalised
            && toks[k].lex.is_none_or(|l| l.month.is_none())
        {
            k += 1;
        }
        if k > r && k < n && toks[k].is_punct(text, ",") {
            k += 1;
        }
    }
    let date_start = k;
    k = dateline_date(text, toks, k);
    let date =
        (k > date_start).then(|| Span::new(toks[date_start].span.start, toks[k - 1].span.end));
    let mut source = None;
    if k < n && toks[k].is_punct(text, "(") {
        let close = (k + 1..n.min(k + 10)).find(|&c| toks[c].is_punct(text, ")"))?;
        if close > k + 1 {
            source = Some(Span::new(toks[k + 1].span.start, toks[close - 1].span.end));
        }
        k = close + 1;
    }
    if k >= n || !matches!(toks[k].text(text), "--" | "-" | "—" | "–" | "---") {
        return None;
    }
    if date.is_none() && source.is_none() {
        return None;
    }
    k += 1;
    // Bracketed tags after the dash: "[REPORT] [ARMED FORCES PRESS COMMITTEE] [TEXT]".
    while k < n && toks[k].is_punct(text, "[") {
        match (k + 1..n.min(k + 16)).find(|&c| toks[c].is_punct(text, "]")) {
            Some(close) => k = close + 1,
            None => break,
        }
    }
    Some(Dateline {
        span: Span::new(toks[a].span.start, toks[k - 1].span.end),
        place,
        date,
        source,
        tokens: a..k,
    })
}

/// Consumes a dateline date ("12 APR 89", "Aug. 26", "March 22, 2024") and returns the index
/// after it, or `k` when there is none.
fn dateline_date(text: &str, toks: &[Token], k: usize) -> usize {
    let n = toks.len();
    let month = |i: usize| i < n && toks[i].lex.is_some_and(|l| l.month.is_some());
    let num =
        |i: usize| i < n && toks[i].kind == TokenKind::Number && toks[i].text(text).len() <= 4;
    if num(k) && month(k + 1) {
        let mut e = k + 2;
        if e < n && toks[e].is_punct(text, ".") {
            e += 1;
        }
        if num(e) {
            e += 1;
        }
        return e;
    }
    if month(k) {
        let mut e = k + 1;
        if e < n && toks[e].is_punct(text, ".") {
            e += 1;
        }
        if num(e) {
            e += 1;
            if e + 1 < n && toks[e].is_punct(text, ",") && num(e + 1) {
                e += 2;
            }
            return e;
        }
    }
    k
}

/// Splits the text into tokens in one pass over its bytes.
pub fn tokenize(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let len = bytes.len();
    let mut out = Vec::with_capacity(len / 5 + 1);
    let mut i = 0;
    let mut space = true;
    let mut newlines: u8 = 0;
    while i < len {
        let b = bytes[i];
        let (c, clen) = if b < 0x80 {
            (b as char, 1)
        } else {
            decode(text, i)
        };
        if c.is_whitespace() {
            if c == '\n' {
                newlines = newlines.saturating_add(1);
            }
            space = true;
            i += clen;
            continue;
        }
        let start = i;
        let kind;
        if c.is_ascii_digit() {
            kind = scan_number(bytes, &mut i);
            if kind == TokenKind::Alnum {
                i = scan_word_tail(text, i);
            }
        } else if c.is_alphabetic() {
            kind = TokenKind::Word;
            i = scan_dotted(bytes, i).unwrap_or_else(|| scan_word_tail(text, i + clen));
        } else {
            kind = TokenKind::Punct;
            i += clen;
            if b == b'.' || b == b'-' {
                while i < len && bytes[i] == b {
                    i += 1;
                }
            }
        }
        let s = &text[start..i];
        let first = s.chars().next().unwrap_or(' ');
        let lex = if kind == TokenKind::Word {
            lookup_word(s)
        } else {
            None
        };
        out.push(Token {
            span: Span { start, end: i },
            kind,
            space_before: space || start == 0,
            newlines_before: newlines,
            capitalised: first.is_uppercase(),
            lowercase: first.is_lowercase(),
            lex,
        });
        space = false;
        newlines = 0;
    }
    out
}

/// Looks a word up, falling back to its stem for a possessive ("Friday's").
fn lookup_word(s: &str) -> Option<&'static Lex> {
    lexicon::lookup(s).or_else(|| {
        let stem = s.strip_suffix("'s").or_else(|| s.strip_suffix("’s"))?;
        lexicon::lookup(stem)
    })
}

fn decode(text: &str, i: usize) -> (char, usize) {
    text[i..]
        .chars()
        .next()
        .map_or((' ', 1), |c| (c, c.len_utf8()))
}

/// Digits with inner separators; returns `Alnum` if letters follow directly.
fn scan_number(bytes: &[u8], i: &mut usize) -> TokenKind {
    let len = bytes.len();
    while *i < len && bytes[*i].is_ascii_digit() {
        *i += 1;
    }
    while *i + 1 < len && matches!(bytes[*i], b',' | b'.' | b':') && bytes[*i + 1].is_ascii_digit()
    {
        *i += 1;
        while *i < len && bytes[*i].is_ascii_digit() {
            *i += 1;
        }
    }
    if *i < len && bytes[*i].is_ascii_alphabetic() {
        TokenKind::Alnum
    } else {
        TokenKind::Number
    }
}

/// "U.S.", "a.m.", "e.g.": single letters each followed by a dot, at least two of them.
fn scan_dotted(bytes: &[u8], i: usize) -> Option<usize> {
    let len = bytes.len();
    let pair = |j: usize| j + 1 < len && bytes[j].is_ascii_alphabetic() && bytes[j + 1] == b'.';
    if !(pair(i) && pair(i + 2)) {
        return None;
    }
    let mut j = i;
    while pair(j) {
        j += 2;
    }
    // "U.S.A" without the last dot: leave the trailing letter out of the abbreviation.
    Some(j)
}

/// Continues a word: letters, digits, and an apostrophe between letters.
fn scan_word_tail(text: &str, mut i: usize) -> usize {
    let bytes = text.as_bytes();
    let len = bytes.len();
    while i < len {
        let b = bytes[i];
        if b.is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let (c, clen) = if b < 0x80 {
            (b as char, 1)
        } else {
            decode(text, i)
        };
        if c.is_alphabetic() {
            i += clen;
        } else if (c == '\'' || c == '’') && i + clen < len {
            let (n, _) = decode(text, i + clen);
            if n.is_alphabetic() {
                i += clen;
            } else {
                break;
            }
        } else {
            break;
        }
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        let s = segment(text);
        s.sentences
            .iter()
            .map(|x| x.span.slice(text).unwrap())
            .collect()
    }

    #[test]
    fn tokens_keep_offsets_and_units() {
        let text = "On 3 Jan. the U.S. paid $1,500.50 to thirty-three people—Kabul’s";
        let toks = tokenize(text);
        let words: Vec<&str> = toks.iter().map(|t| t.text(text)).collect();
        assert_eq!(
            words,
            [
                "On",
                "3",
                "Jan",
                ".",
                "the",
                "U.S.",
                "paid",
                "$",
                "1,500.50",
                "to",
                "thirty",
                "-",
                "three",
                "people",
                "—",
                "Kabul’s"
            ]
        );
        assert!(!toks[12].space_before);
    }

    #[test]
    fn abbreviations_and_initials_do_not_split() {
        let text = "Gen. Perez met Mr. Smith and Lt. Col. Jones at 10 a.m. in the U.S. capital. \
                    George W. Bush spoke. Then he left.";
        assert_eq!(
            sentences(text),
            [
                "Gen. Perez met Mr. Smith and Lt. Col. Jones at 10 a.m. in the U.S. capital.",
                "George W. Bush spoke.",
                "Then he left."
            ]
        );
    }

    #[test]
    fn upper_case_wire_copy_splits_on_plain_periods_only() {
        let text = "GEN. PEREZ SAID FIVE PEASANTS WERE KILLED. THE ARMY DENIED IT.";
        assert_eq!(Casing::detect(text), Casing::Upper);
        assert_eq!(
            sentences(text),
            [
                "GEN. PEREZ SAID FIVE PEASANTS WERE KILLED.",
                "THE ARMY DENIED IT."
            ]
        );
    }

    #[test]
    fn quotes_close_sentences() {
        let text = "\"We will fight,\" he said. \"They fled.\" The army \"won!\" he added.";
        assert_eq!(
            sentences(text),
            [
                "\"We will fight,\" he said.",
                "\"They fled.\"",
                "The army \"won!\" he added."
            ]
        );
    }

    #[test]
    fn heading_line_is_a_boundary_but_wrapped_lines_are_not() {
        let text = "Attack in Kabul\nA suicide bomber struck a crowd outside the airport on Thursday,\nkilling scores of people.";
        assert_eq!(
            sentences(text),
            [
                "Attack in Kabul",
                "A suicide bomber struck a crowd outside the airport on Thursday,\nkilling scores of people."
            ]
        );
    }

    #[test]
    fn muc_dateline_is_separate() {
        let text = "SAN SALVADOR, 12 APR 89 (ACAN-EFE) -- [TEXT] THE ARMY REPORTED AN ATTACK.";
        let s = segment(text);
        assert_eq!(s.datelines.len(), 1);
        let d = &s.datelines[0];
        assert_eq!(d.place.slice(text), Some("SAN SALVADOR"));
        assert_eq!(d.date.and_then(|x| x.slice(text)), Some("12 APR 89"));
        assert_eq!(d.source.and_then(|x| x.slice(text)), Some("ACAN-EFE"));
        assert_eq!(sentences(text), ["THE ARMY REPORTED AN ATTACK."]);
    }
}

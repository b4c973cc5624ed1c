//! MUC-3/4 raw texts: files of many messages, each opened by an id line such as
//! `DEV-MUC3-0001 (NOSC)`, `TST1-MUC3-0001` or `TST2-MUC4-0001`.

use crate::error::{EvalError, read_text};
use jiff::civil::Date;
use serde::Serialize;
use std::path::Path;

/// One message of a raw MUC file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RawText {
    /// Message id, e.g. `DEV-MUC3-0001`.
    pub id: String,
    /// The parenthesised source on the id line, e.g. `NOSC`.
    pub source: Option<String>,
    /// The message body (dateline included), without the id line.
    pub text: String,
    /// The dateline's date (`SAN SALVADOR, 3 JAN 90 -- ...`), if it has one.
    pub dateline_date: Option<Date>,
    /// 1-based line of the id line in its file.
    pub line: usize,
}

/// Reads raw MUC texts from one or more files, in order, keeping the first `limit` texts.
pub fn load_muc_texts(paths: &[&Path], limit: Option<usize>) -> Result<Vec<RawText>, EvalError> {
    let mut out = Vec::new();
    for p in paths {
        let left = limit.map(|n| n.saturating_sub(out.len()));
        if left == Some(0) {
            break;
        }
        out.extend(parse_muc_texts(
            &p.display().to_string(),
            &read_text(p)?,
            left,
        )?);
    }
    Ok(out)
}

/// Parses a raw MUC file's text; `name` is used in error messages. Text before the first id
/// line is an error (the file is probably not a MUC text file).
pub fn parse_muc_texts(
    name: &str,
    text: &str,
    limit: Option<usize>,
) -> Result<Vec<RawText>, EvalError> {
    let mut out: Vec<RawText> = Vec::new();
    let mut body: Vec<&str> = Vec::new();
    let finish = |out: &mut Vec<RawText>, body: &mut Vec<&str>| {
        if let Some(last) = out.last_mut() {
            last.text = body.join("\n").trim().to_string();
            last.dateline_date = dateline_date(&last.text);
        }
        body.clear();
    };
    for (i, line) in text.lines().enumerate() {
        if let Some((id, source)) = id_line(line) {
            finish(&mut out, &mut body);
            if limit.is_some_and(|n| out.len() >= n) {
                return Ok(out);
            }
            out.push(RawText {
                id,
                source,
                text: String::new(),
                dateline_date: None,
                line: i + 1,
            });
        } else if out.is_empty() {
            if !line.trim().is_empty() {
                return Err(EvalError::line(
                    name,
                    i + 1,
                    "text before the first message id line (expected e.g. `DEV-MUC3-0001 (NOSC)`)",
                ));
            }
        } else {
            body.push(line);
        }
    }
    finish(&mut out, &mut body);
    Ok(out)
}

/// Recognises `XXX-MUCn-NNNN` optionally followed by ` (SOURCE)` on a line of its own.
pub(crate) fn id_line(line: &str) -> Option<(String, Option<String>)> {
    let t = line.trim();
    let (id, rest) = match t.split_once(char::is_whitespace) {
        Some((a, b)) => (a, b.trim()),
        None => (t, ""),
    };
    if !is_message_id(id) {
        return None;
    }
    let source = if rest.is_empty() {
        None
    } else if rest.starts_with('(') {
        Some(
            rest.trim_matches(|c| c == '(' || c == ')')
                .trim()
                .to_string(),
        )
    } else {
        return None;
    };
    Some((id.to_string(), source))
}

/// `PREFIX-MUCn-digits`, e.g. `DEV-MUC3-0001`, `TST2-MUC4-0100`.
pub(crate) fn is_message_id(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 3
        && !parts[0].is_empty()
        && parts[0]
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        && parts[1].len() == 4
        && parts[1].starts_with("MUC")
        && parts[1].as_bytes()[3].is_ascii_digit()
        && !parts[2].is_empty()
        && parts[2].bytes().all(|b| b.is_ascii_digit())
}

/// Month number of a MUC month word (`NOV`, `NOVEMBER`, `Feb`, `SEPT`).
pub(crate) fn month_number(word: &str) -> Option<i8> {
    forewarn_model::month_number(word)
}

/// A two-digit MUC year: these wires are from 1979-1991, so `89` is 1989.
pub(crate) fn muc_year(s: &str) -> Option<i16> {
    let n: i16 = s.parse().ok()?;
    match s.len() {
        2 => Some(1900 + n),
        4 => Some(n),
        _ => None,
    }
}

/// The date of a dateline `PLACE, D MON YY [(AGENCY)] -- ...` at the start of a message.
fn dateline_date(text: &str) -> Option<Date> {
    let first = text.lines().find(|l| !l.trim().is_empty())?;
    let head = first.split("--").next()?;
    let after_comma = head.rsplit_once(',')?.1;
    let toks: Vec<&str> = after_comma.split_whitespace().collect();
    let day: i8 = toks.first()?.parse().ok()?;
    let month = month_number(toks.get(1)?)?;
    let year = muc_year(toks.get(2)?.trim_end_matches(|c: char| !c.is_ascii_digit()))?;
    Date::new(year, month, day).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_lines_are_recognised() {
        assert_eq!(
            id_line("DEV-MUC3-0001 (NOSC)"),
            Some(("DEV-MUC3-0001".into(), Some("NOSC".into())))
        );
        assert_eq!(
            id_line("TST2-MUC4-0100"),
            Some(("TST2-MUC4-0100".into(), None))
        );
        assert_eq!(id_line("THE ARMY SAID (TODAY)"), None);
        assert_eq!(id_line("DEV-MUC3-0001 SAID"), None);
    }

    #[test]
    fn datelines_give_the_reference_date() {
        assert_eq!(
            dateline_date("   SAN SALVADOR, 3 JAN 90 -- [REPORT] TEXT"),
            Date::new(1990, 1, 3).ok()
        );
        assert_eq!(
            dateline_date("GUATEMALA CITY, 4 FEB 90 (ACAN-EFE) -- [TEXT] X"),
            Date::new(1990, 2, 4).ok()
        );
        assert_eq!(dateline_date("NO DATELINE HERE"), None);
    }
}

//! Compiling the search language to an FTS5 `MATCH` expression, and reading snippets back.
//!
//! Every user word is emitted as a quoted FTS5 string, so no input can inject FTS5 syntax;
//! the tokenizer then splits a quoted "al-Qaeda" into the phrase `al qaeda`.

use crate::Snippet;
use crate::StoreError;
use crate::query::{Expr, QueryError, TextField};

/// Private-use characters that mark highlights inside FTS5 snippets.
pub(crate) const OPEN: char = '\u{E000}';
pub(crate) const CLOSE: char = '\u{E001}';

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// The FTS5 expression for `expr`.
pub(crate) fn compile(expr: &Expr) -> Result<String, StoreError> {
    Ok(match expr {
        Expr::Term {
            word,
            prefix: false,
        } => quote(word),
        Expr::Term { word, prefix: true } => format!("{}*", quote(word)),
        Expr::Phrase(p) => quote(p),
        Expr::Field(field, inner) => {
            let column = match field {
                TextField::Title => "title",
                TextField::Text => "text",
            };
            format!("{column} : ({})", compile(inner)?)
        }
        Expr::Or(items) => {
            let parts: Result<Vec<_>, _> = items.iter().map(compile).collect();
            format!("({})", parts?.join(" OR "))
        }
        Expr::And(items) => {
            let (neg, pos): (Vec<&Expr>, Vec<&Expr>) =
                items.iter().partition(|e| matches!(e, Expr::Not(_)));
            if pos.is_empty() {
                return Err(QueryError::OnlyNegative.into());
            }
            let pos: Result<Vec<_>, _> = pos.into_iter().map(compile).collect();
            let mut out = format!("({})", pos?.join(" AND "));
            for n in neg {
                if let Expr::Not(inner) = n {
                    out = format!("{out} NOT ({})", compile(inner)?);
                }
            }
            format!("({out})")
        }
        Expr::Not(_) => return Err(QueryError::OnlyNegative.into()),
    })
}

/// Splits FTS5's marked snippet into text and highlight ranges.
pub(crate) fn snippet(raw: &str) -> Snippet {
    let mut text = String::with_capacity(raw.len());
    let mut highlights = Vec::new();
    let mut open_at = None;
    for c in raw.chars() {
        match c {
            OPEN => open_at = Some(text.len()),
            CLOSE => {
                if let Some(s) = open_at.take() {
                    highlights.push((s, text.len()));
                }
            }
            c => text.push(c),
        }
    }
    Snippet { text, highlights }
}

/// FTS5 reports query problems as SQL errors; say so plainly.
pub(crate) fn explain_error(e: rusqlite::Error) -> StoreError {
    let msg = e.to_string();
    if msg.contains("fts5") || msg.contains("syntax error") {
        StoreError::Corrupt {
            what: "search query".into(),
            reason: msg,
        }
    } else {
        StoreError::Sql {
            context: "searching".into(),
            source: e,
        }
    }
}

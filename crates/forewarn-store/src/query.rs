//! The search language, parsed into a backend-neutral form.
//!
//! ```text
//! crocus attack                     both words (AND is implied)
//! "suicide bomber"                  a phrase
//! kabul OR jalalabad                either
//! iskp NOT taliban, iskp -taliban   the first without the second
//! (kabul OR kunduz) mosque          grouping
//! kabu*                             a prefix
//! title:crocus, title:"city hall"   in the title only (also text:)
//! publisher:"khyber monitor"        publisher contains (case-insensitive)
//! after:2024-01 before:2024-06-30   published within (YYYY, YYYY-MM or YYYY-MM-DD)
//! lang:eng tlp:amber                language (ISO 639-3) and TLP marking
//! ```
//! Operators are upper-case `AND`, `OR`, `NOT`; lower-case "and", "or", "not" are words.
//! Filters (publisher, after, before, lang, tlp) apply to the whole query and may not sit
//! inside `OR` or `NOT`.

use forewarn_model::{FuzzyDate, Tlp};

use crate::DocumentFilter;

/// A malformed search query. Messages point at the offending part.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// Nothing to search for.
    #[error("the query has no words to search for")]
    Empty,
    /// Only negated terms.
    #[error("the query has only excluded terms; add a word to search for")]
    OnlyNegative,
    /// A quote was not closed.
    #[error("unclosed quote in the query")]
    UnclosedQuote,
    /// Parentheses do not balance.
    #[error("unbalanced parentheses in the query")]
    Unbalanced,
    /// An operator without an operand.
    #[error("{0} needs a term after it")]
    DanglingOperator(String),
    /// An unknown `field:`.
    #[error("unknown field `{0}:`; known fields: title, text, publisher, after, before, lang, tlp")]
    UnknownField(String),
    /// A bad filter value.
    #[error("bad value for `{field}:`: {reason}")]
    BadFilter {
        /// The field.
        field: String,
        /// Why.
        reason: String,
    },
    /// A filter used where it cannot apply.
    #[error("`{0}:` filters the whole query and cannot be inside OR, NOT or parentheses")]
    NestedFilter(String),
}

/// The text columns a term can be restricted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextField {
    /// The title.
    Title,
    /// The body text.
    Text,
}

/// A full-text expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// A word; `prefix` for `word*`.
    Term {
        /// The word.
        word: String,
        /// Whether it is a prefix.
        prefix: bool,
    },
    /// Words in sequence.
    Phrase(String),
    /// All of these.
    And(Vec<Expr>),
    /// Any of these.
    Or(Vec<Expr>),
    /// Not this (only meaningful beside a positive term in an `And`).
    Not(Box<Expr>),
    /// Restricted to one column.
    Field(TextField, Box<Expr>),
}

/// A parsed query: the text expression and the filters.
#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    /// What to match in the text.
    pub expr: Option<Expr>,
    /// Metadata filters.
    pub filter: DocumentFilter,
}

impl SearchQuery {
    /// Parses the search language described in the module documentation.
    pub fn parse(input: &str) -> Result<SearchQuery, QueryError> {
        let tokens = lex(input)?;
        let mut parser = Parser {
            tokens,
            pos: 0,
            filter: DocumentFilter::default(),
            depth: 0,
        };
        let expr = parser.or_expr()?;
        if parser.pos < parser.tokens.len() {
            return Err(QueryError::Unbalanced);
        }
        let Some(expr) = expr.map(simplify) else {
            return Err(QueryError::Empty);
        };
        if !has_positive(&expr) {
            return Err(QueryError::OnlyNegative);
        }
        Ok(SearchQuery {
            expr: Some(expr),
            filter: parser.filter,
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Quoted(String),
    Open,
    Close,
    Minus,
    And,
    Or,
    Not,
    /// `name:` followed by its value token.
    Field(String),
}

fn lex(input: &str) -> Result<Vec<Token>, QueryError> {
    let mut tokens = Vec::new();
    let mut chars = input.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '(' {
            tokens.push(Token::Open);
            chars.next();
        } else if c == ')' {
            tokens.push(Token::Close);
            chars.next();
        } else if c == '"' {
            chars.next();
            let mut s = String::new();
            let mut closed = false;
            for (_, c) in chars.by_ref() {
                if c == '"' {
                    closed = true;
                    break;
                }
                s.push(c);
            }
            if !closed {
                return Err(QueryError::UnclosedQuote);
            }
            tokens.push(Token::Quoted(s));
        } else if c == '-' && tokens_allow_prefix_minus(&tokens) {
            tokens.push(Token::Minus);
            chars.next();
        } else {
            let start = i;
            let mut end = input.len();
            while let Some(&(j, c)) = chars.peek() {
                if c.is_whitespace() || c == '(' || c == ')' || c == '"' {
                    end = j;
                    break;
                }
                chars.next();
            }
            let word = &input[start..end];
            match word {
                "AND" => tokens.push(Token::And),
                "OR" => tokens.push(Token::Or),
                "NOT" => tokens.push(Token::Not),
                _ => match word.split_once(':') {
                    Some((name, rest))
                        if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphabetic()) =>
                    {
                        tokens.push(Token::Field(name.to_ascii_lowercase()));
                        if !rest.is_empty() {
                            tokens.push(Token::Word(rest.to_string()));
                        }
                    }
                    _ => tokens.push(Token::Word(word.to_string())),
                },
            }
        }
    }
    Ok(tokens)
}

/// A `-` excludes only at the start of a term, not inside words such as "al-Qaeda" (which
/// the lexer never splits) nor after a field name.
fn tokens_allow_prefix_minus(tokens: &[Token]) -> bool {
    !matches!(tokens.last(), Some(Token::Field(_)))
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    filter: DocumentFilter,
    /// Nesting under OR, NOT or parentheses, where filters may not appear.
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn next(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn or_expr(&mut self) -> Result<Option<Expr>, QueryError> {
        let first = self.and_expr()?;
        if self.peek() != Some(&Token::Or) {
            return Ok(first);
        }
        let mut items: Vec<Expr> = first.into_iter().collect();
        self.depth += 1;
        while self.peek() == Some(&Token::Or) {
            self.next();
            match self.and_expr()? {
                Some(e) => items.push(e),
                None => return Err(QueryError::DanglingOperator("OR".into())),
            }
        }
        self.depth -= 1;
        if items.len() < 2 {
            return Err(QueryError::DanglingOperator("OR".into()));
        }
        Ok(Some(Expr::Or(items)))
    }

    fn and_expr(&mut self) -> Result<Option<Expr>, QueryError> {
        let mut items = Vec::new();
        loop {
            match self.peek() {
                None | Some(Token::Close) | Some(Token::Or) => break,
                Some(Token::And) => {
                    self.next();
                    if matches!(self.peek(), None | Some(Token::Close) | Some(Token::Or)) {
                        return Err(QueryError::DanglingOperator("AND".into()));
                    }
                }
                _ => {
                    if let Some(e) = self.unary()? {
                        items.push(e);
                    }
                }
            }
        }
        Ok(match items.len() {
            0 => None,
            1 => items.pop(),
            _ => Some(Expr::And(items)),
        })
    }

    fn unary(&mut self) -> Result<Option<Expr>, QueryError> {
        match self.peek() {
            Some(Token::Not) | Some(Token::Minus) => {
                let op = if self.next() == Some(Token::Not) {
                    "NOT"
                } else {
                    "-"
                };
                self.depth += 1;
                let inner = self.unary()?;
                self.depth -= 1;
                match inner {
                    Some(e) => Ok(Some(Expr::Not(Box::new(e)))),
                    None => Err(QueryError::DanglingOperator(op.into())),
                }
            }
            _ => self.atom(),
        }
    }

    fn atom(&mut self) -> Result<Option<Expr>, QueryError> {
        match self.next() {
            Some(Token::Open) => {
                self.depth += 1;
                let e = self.or_expr()?;
                self.depth -= 1;
                if self.next() != Some(Token::Close) {
                    return Err(QueryError::Unbalanced);
                }
                Ok(e)
            }
            Some(Token::Close) => Err(QueryError::Unbalanced),
            Some(Token::Quoted(s)) => Ok(phrase(&s)),
            Some(Token::Word(w)) => Ok(term(&w)),
            Some(Token::Field(name)) => self.field(name),
            Some(Token::And) | Some(Token::Or) | Some(Token::Not) | Some(Token::Minus) | None => {
                Ok(None)
            }
        }
    }

    fn field(&mut self, name: String) -> Result<Option<Expr>, QueryError> {
        let text_field = match name.as_str() {
            "title" => Some(TextField::Title),
            "text" => Some(TextField::Text),
            _ => None,
        };
        if let Some(f) = text_field {
            self.depth += 1;
            let inner = self.atom()?;
            self.depth -= 1;
            return match inner {
                Some(e) => Ok(Some(Expr::Field(f, Box::new(e)))),
                None => Err(QueryError::DanglingOperator(format!("{name}:"))),
            };
        }
        if !matches!(
            name.as_str(),
            "publisher" | "after" | "before" | "lang" | "tlp"
        ) {
            return Err(QueryError::UnknownField(name));
        }
        if self.depth > 0 {
            return Err(QueryError::NestedFilter(name));
        }
        let value = match self.next() {
            Some(Token::Word(w)) | Some(Token::Quoted(w)) => w,
            _ => return Err(QueryError::DanglingOperator(format!("{name}:"))),
        };
        let bad = |reason: String| QueryError::BadFilter {
            field: name.clone(),
            reason,
        };
        match name.as_str() {
            "publisher" => self.filter.publisher = Some(value),
            "after" => {
                let d: FuzzyDate = value
                    .parse()
                    .map_err(|e: forewarn_model::FuzzyDateError| bad(e.to_string()))?;
                self.filter.published_from = Some(d.start);
            }
            "before" => {
                let d: FuzzyDate = value
                    .parse()
                    .map_err(|e: forewarn_model::FuzzyDateError| bad(e.to_string()))?;
                self.filter.published_to = Some(d.end);
            }
            "lang" => {
                if !(value.len() == 3 && value.chars().all(|c| c.is_ascii_alphabetic())) {
                    return Err(bad(format!(
                        "{value:?} is not an ISO 639-3 code such as eng"
                    )));
                }
                self.filter.language = Some(value.to_ascii_lowercase());
            }
            "tlp" => {
                self.filter.tlp = Some(value.parse::<Tlp>().map_err(|e| bad(e.to_string()))?);
            }
            _ => unreachable!("field names are checked above"),
        }
        Ok(None)
    }
}

fn term(word: &str) -> Option<Expr> {
    let (word, prefix) = match word.strip_suffix('*') {
        Some(w) => (w, true),
        None => (word, false),
    };
    let word = word.trim_matches(|c: char| !c.is_alphanumeric());
    if word.is_empty() {
        return None;
    }
    Some(Expr::Term {
        word: word.to_string(),
        prefix,
    })
}

fn phrase(s: &str) -> Option<Expr> {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if !s.chars().any(char::is_alphanumeric) {
        return None;
    }
    Some(Expr::Phrase(s))
}

fn simplify(e: Expr) -> Expr {
    match e {
        Expr::And(mut v) if v.len() == 1 => simplify(v.remove(0)),
        Expr::And(v) => Expr::And(v.into_iter().map(simplify).collect()),
        Expr::Or(v) => Expr::Or(v.into_iter().map(simplify).collect()),
        Expr::Not(b) => Expr::Not(Box::new(simplify(*b))),
        Expr::Field(f, b) => Expr::Field(f, Box::new(simplify(*b))),
        other => other,
    }
}

fn has_positive(e: &Expr) -> bool {
    match e {
        Expr::Term { .. } | Expr::Phrase(_) => true,
        Expr::Field(_, b) => has_positive(b),
        Expr::And(v) => v.iter().any(has_positive),
        Expr::Or(v) => v.iter().all(has_positive),
        Expr::Not(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(w: &str) -> Expr {
        Expr::Term {
            word: w.into(),
            prefix: false,
        }
    }

    #[test]
    fn implicit_and_phrases_and_or() {
        let q = SearchQuery::parse(r#"crocus "city hall" OR moscow"#).unwrap();
        assert_eq!(
            q.expr.unwrap(),
            Expr::Or(vec![
                Expr::And(vec![t("crocus"), Expr::Phrase("city hall".into())]),
                t("moscow")
            ])
        );
    }

    #[test]
    fn hyphenated_words_are_not_exclusions() {
        let q = SearchQuery::parse("al-Qaeda -taliban").unwrap();
        assert_eq!(
            q.expr.unwrap(),
            Expr::And(vec![t("al-Qaeda"), Expr::Not(Box::new(t("taliban")))])
        );
    }

    #[test]
    fn filters_are_lifted_out_of_the_expression() {
        let q = SearchQuery::parse(
            r#"bombing publisher:"Khyber Monitor" after:2024-01 before:2024 lang:eng tlp:amber"#,
        )
        .unwrap();
        assert_eq!(q.expr.unwrap(), t("bombing"));
        assert_eq!(q.filter.publisher.as_deref(), Some("Khyber Monitor"));
        assert_eq!(q.filter.published_from.unwrap().to_string(), "2024-01-01");
        assert_eq!(q.filter.published_to.unwrap().to_string(), "2024-12-31");
        assert_eq!(q.filter.language.as_deref(), Some("eng"));
        assert_eq!(q.filter.tlp, Some(Tlp::Amber));
    }

    #[test]
    fn title_field_and_prefix() {
        let q = SearchQuery::parse("title:kabu*").unwrap();
        assert_eq!(
            q.expr.unwrap(),
            Expr::Field(
                TextField::Title,
                Box::new(Expr::Term {
                    word: "kabu".into(),
                    prefix: true
                })
            )
        );
    }

    #[test]
    fn malformed_queries_are_refused_with_a_reason() {
        let cases = [
            ("", QueryError::Empty),
            ("-taliban", QueryError::OnlyNegative),
            ("\"open", QueryError::UnclosedQuote),
            ("(kabul", QueryError::Unbalanced),
            ("kabul)", QueryError::Unbalanced),
            ("kabul OR", QueryError::DanglingOperator("OR".into())),
            ("colour:red x", QueryError::UnknownField("colour".into())),
            (
                "(x OR publisher:y)",
                QueryError::NestedFilter("publisher".into()),
            ),
            ("publisher:y", QueryError::Empty),
        ];
        for (input, want) in cases {
            assert_eq!(
                SearchQuery::parse(input).unwrap_err(),
                want,
                "query {input:?}"
            );
        }
        assert!(matches!(
            SearchQuery::parse("x after:soon"),
            Err(QueryError::BadFilter { .. })
        ));
    }

    #[test]
    fn lower_case_operators_are_words() {
        let q = SearchQuery::parse("war or peace").unwrap();
        assert_eq!(
            q.expr.unwrap(),
            Expr::And(vec![t("war"), t("or"), t("peace")])
        );
    }
}

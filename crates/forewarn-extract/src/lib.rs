//! forewarn-extract reads English news text — mixed case or upper-case wire copy — into
//! sentences, temporal expressions normalised against the document's date, and counts
//! (killed, injured, kidnapped, arrested, fighters, attacks...), each with its byte span, the
//! rule that produced it and a confidence.
//!
//! On top of that analysis, [`extract`] reads a whole [`forewarn_model::Document`] into an
//! [`Extraction`]: its actors (dictionary names, proposed names and resolved anaphors,
//! [`actors`]), its event frames merged into one event per incident ([`frames`]), and the
//! relations between its actors ([`relations`]).
//!
//! Everything here is a pure function of the text and the reference date: no I/O, no global
//! state beyond constant word lists and the embedded dictionaries, and no failure.
//! [`analyse`] always returns an [`Analysis`]; what it could not decide is said in its
//! [`Diagnostics`].
//!
//! ```
//! use forewarn_extract::analyse;
//! use jiff::civil::date;
//!
//! let text = "On Friday, March 22, gunmen stormed a concert hall, killing 137 people.";
//! let a = analyse(text, Some(date(2024, 3, 23)));
//! assert_eq!(a.temporal[0].value.to_string(), "2024-03-22");
//! assert_eq!(a.counts[0].value.count.value, 137);
//! ```

pub mod actors;
pub mod counts;
mod document;
mod extraction;
pub mod frames;
mod lexicon;
pub mod phrases;
pub mod relations;
pub mod roles;
pub mod temporal;
pub mod text;

use std::borrow::Cow;

use forewarn_model::{FuzzyDate, Span};
use jiff::civil::Date;

pub use counts::{CountPart, CountValue, CountedThing, VictimKind};
pub use document::{
    best_date, best_place, extract, frames_to_events, incident_score, is_attack, is_suicide,
    merge_events, precision_name, primary_attack_type, reconcile,
};
pub use extraction::{ActorFinding, EXTRACTOR, Extraction};
pub use temporal::{InferredReference, infer_reference};
pub use text::{Casing, Dateline, Paragraph, Segmented, Sentence, Token, TokenKind, segment};

/// One extracted value with where it was read and how.
#[derive(Debug, Clone, PartialEq)]
pub struct Found<T> {
    /// The normalised value.
    pub value: T,
    /// The supporting text, as a byte span into the analysed text.
    pub span: Span,
    /// The rule that produced the value, e.g. `temporal.weekday_date`.
    pub rule: &'static str,
    /// Confidence in `[0, 1]`.
    pub confidence: f64,
}

/// What a diagnostic note is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteKind {
    /// A candidate was looked at and rejected (a year, an age, money, "may" the verb...).
    Rejected,
    /// An expression was recognised but could not be normalised (no reference date,
    /// impossible date).
    Unresolved,
    /// Parts of an expression disagree (a weekday that does not fit the date).
    Inconsistent,
    /// The reference date was not given and was inferred from the text.
    InferredReference,
}

/// One diagnostic note.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// What the note is about.
    pub kind: NoteKind,
    /// The text concerned, if any.
    pub span: Option<Span>,
    /// The rule that made the note.
    pub rule: &'static str,
    /// A short explanation.
    pub message: Cow<'static, str>,
}

/// Everything the extractor noticed but did not turn into a value, and why.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Diagnostics {
    /// The notes, in the order they were made.
    pub notes: Vec<Note>,
}

impl Diagnostics {
    /// Adds a note.
    pub fn push(
        &mut self,
        kind: NoteKind,
        span: Option<Span>,
        rule: &'static str,
        message: impl Into<Cow<'static, str>>,
    ) {
        self.notes.push(Note {
            kind,
            span,
            rule,
            message: message.into(),
        });
    }

    /// Notes of one kind.
    pub fn of_kind(&self, kind: NoteKind) -> impl Iterator<Item = &Note> {
        self.notes.iter().filter(move |n| n.kind == kind)
    }
}

/// Where the reference date used for relative expressions came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferenceSource {
    /// Given by the caller (the document's published date).
    Given,
    /// Read from the document's dateline.
    Dateline,
    /// The latest absolute date the text mentions.
    Latest,
}

/// The date relative expressions were resolved against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reference {
    /// The date.
    pub date: Date,
    /// Where it came from.
    pub source: ReferenceSource,
    /// The text it was read from, when inferred.
    pub span: Option<Span>,
}

/// The result of [`analyse`].
#[derive(Debug, Clone)]
pub struct Analysis {
    /// Tokens, paragraphs, datelines, sentences and the casing.
    pub text: Segmented,
    /// The reference date used, if any.
    pub reference: Option<Reference>,
    /// Temporal expressions, in text order.
    pub temporal: Vec<Found<FuzzyDate>>,
    /// Counts, in text order.
    pub counts: Vec<Found<CountValue>>,
    /// Rejections, unresolved expressions and inferences.
    pub diagnostics: Diagnostics,
}

impl Analysis {
    /// The sentences.
    pub fn sentences(&self) -> &[Sentence] {
        &self.text.sentences
    }
}

/// Analyses `text` against the document's published date `reference`. When there is none,
/// a reference is inferred from the dateline or the latest absolute date (and a note says
/// so). Never panics; spans are byte ranges on character boundaries of `text`.
pub fn analyse(text: &str, reference: Option<Date>) -> Analysis {
    let seg = segment(text);
    let mut diagnostics = Diagnostics::default();
    let mut mentions = temporal::mentions(text, &seg);
    temporal::settle_slashed_dates(&mut mentions, reference);
    let reference = match reference {
        Some(date) => Some(Reference {
            date,
            source: ReferenceSource::Given,
            span: None,
        }),
        None => temporal::infer_from_mentions(&mentions).map(|inf| {
            let source = if inf.from_dateline {
                ReferenceSource::Dateline
            } else {
                ReferenceSource::Latest
            };
            diagnostics.push(
                NoteKind::InferredReference,
                Some(inf.span),
                inf.rule,
                format!("no published date given; using {} from the text", inf.date),
            );
            Reference {
                date: inf.date,
                source,
                span: Some(inf.span),
            }
        }),
    };
    let local = match reference {
        Some(Reference {
            source: ReferenceSource::Dateline,
            ..
        }) => temporal::dateline_dates(&mentions),
        _ => Vec::new(),
    };
    let temporal = temporal::resolve_all(
        &mentions,
        reference.map(|r| r.date),
        &local,
        &mut diagnostics,
    );
    let mask = temporal::token_mask(&mentions, seg.tokens.len());
    let counts = counts::find(text, &seg, &mask, &mut diagnostics);
    Analysis {
        text: seg,
        reference,
        temporal,
        counts,
        diagnostics,
    }
}

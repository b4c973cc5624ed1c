//! Temporal expressions: found on tokens, then normalised against a reference date.
//!
//! Recognition and normalisation are separate steps. [`mentions`] reads what the text says
//! ("Friday, March 22", "last summer", "12 APR 89") without needing a date; resolving turns
//! that into a [`FuzzyDate`] against the reference. This is what lets a document without a
//! published date be given one from its own absolute dates first ([`infer_reference`]).
//!
//! News reports the past, so resolution has a past bias: "on Sunday" is the most recent
//! Sunday on or before the reference, "the January 3 bombings" the most recent January 3,
//! and a weekday given with a month and day picks the year in which they agree.

use std::ops::Range;

use forewarn_model::{DatePrecision, FuzzyDate, Span};
use jiff::civil::{Date, Weekday};

use crate::lexicon::{Lex, NumWord, Part, Season, TimeUnit, flag};
use crate::text::{Casing, Segmented, Token, TokenKind, segment};
use crate::{Diagnostics, Found, NoteKind};

/// A year as written: four digits, or two ("89") to be placed in a century.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Year {
    Full(i16),
    Short(u8),
}

/// Which occurrence a relative word points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rel {
    /// No modifier ("on Sunday", "in the summer"): the most recent one.
    Bare,
    /// "last": the one before the current.
    Last,
    /// "this": the current one.
    This,
    /// "next".
    Next,
}

/// Named days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Named {
    Today,
    Yesterday,
    Tomorrow,
    LastNight,
}

/// What a temporal expression says, before normalisation.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expr {
    Day {
        year: Option<Year>,
        month: u8,
        day: u8,
        weekday: Option<Weekday>,
    },
    Month {
        year: Option<Year>,
        month: u8,
        rel: Rel,
    },
    Year(i16),
    Decade(i16),
    Season {
        year: Option<i16>,
        season: Season,
        rel: Rel,
    },
    Weekday {
        weekday: Weekday,
        rel: Rel,
    },
    Named(Named),
    /// "last year", "this month", "last week".
    UnitRef {
        unit: TimeUnit,
        rel: Rel,
    },
    /// "over the past decade", "the past two years", "in recent months": up to the reference.
    Past {
        n: u16,
        unit: TimeUnit,
    },
    /// "2 days ago", "a decade ago".
    Ago {
        n: u16,
        unit: TimeUnit,
    },
    /// "earlier this year": from the start of the unit to the reference.
    EarlierThis(TimeUnit),
    Part(Part, Box<Expr>),
    Range(Box<Expr>, Box<Expr>),
    Since(Box<Expr>),
}

impl Expr {
    /// Whether the expression names a date without needing a reference (two-digit years are
    /// placed by a fixed pivot when there is no reference).
    fn is_absolute(&self) -> bool {
        match self {
            Expr::Day { year, .. } | Expr::Month { year, .. } => year.is_some(),
            Expr::Year(_) | Expr::Decade(_) => true,
            Expr::Season { year, .. } => year.is_some(),
            Expr::Part(_, e) => e.is_absolute(),
            Expr::Range(a, b) => a.is_absolute() && b.is_absolute(),
            _ => false,
        }
    }

    fn year(&self) -> Option<Year> {
        match self {
            Expr::Day { year, .. } | Expr::Month { year, .. } => *year,
            Expr::Year(y) => Some(Year::Full(*y)),
            Expr::Part(_, e) => e.year(),
            _ => None,
        }
    }

    fn with_year(self, y: Year) -> Expr {
        match self {
            Expr::Day {
                year: None,
                month,
                day,
                weekday,
            } => Expr::Day {
                year: Some(y),
                month,
                day,
                weekday,
            },
            Expr::Month {
                year: None,
                month,
                rel: Rel::Bare,
            } => Expr::Month {
                year: Some(y),
                month,
                rel: Rel::Bare,
            },
            Expr::Part(p, e) => Expr::Part(p, Box::new(e.with_year(y))),
            e => e,
        }
    }
}

/// A recognised temporal expression, not yet normalised.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Mention {
    pub span: Span,
    pub tokens: Range<usize>,
    pub expr: Expr,
    pub rule: &'static str,
    pub confidence: f64,
    pub in_dateline: bool,
}

/// A reference date read from the text itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InferredReference {
    /// The date.
    pub date: Date,
    /// The expression it was read from.
    pub span: Span,
    /// Whether it is the dateline's date (else the latest absolute date mentioned).
    pub from_dateline: bool,
    /// The inference rule.
    pub rule: &'static str,
}

/// Infers a reference date for a text that has none: the dateline's date if there is one,
/// else the latest absolute day or month mentioned (a month by its last day), else the end
/// of the latest year.
pub fn infer_reference(text: &str) -> Option<InferredReference> {
    let mut found = mentions(text, &segment(text));
    settle_slashed_dates(&mut found, None);
    infer_from_mentions(&found)
}

/// Finds and normalises the temporal expressions of `text` against `reference`.
/// Unresolvable expressions are reported in `diagnostics`.
pub fn find(
    text: &str,
    reference: Option<Date>,
    diagnostics: &mut Diagnostics,
) -> Vec<Found<FuzzyDate>> {
    let mut found = mentions(text, &segment(text));
    settle_slashed_dates(&mut found, reference);
    resolve_all(&found, reference, &[], diagnostics)
}

pub(crate) fn infer_from_mentions(mentions: &[Mention]) -> Option<InferredReference> {
    if let Some(m) = mentions
        .iter()
        .find(|m| m.in_dateline && m.expr.is_absolute())
        && let Ok((d, _)) = resolve(&m.expr, None)
    {
        let rule = "reference.dateline";
        return Some(InferredReference {
            date: d.end,
            span: m.span,
            from_dateline: true,
            rule,
        });
    }
    let mut best: Option<(u8, Date, Span)> = None;
    for m in mentions.iter().filter(|m| m.expr.is_absolute()) {
        let Ok((d, _)) = resolve(&m.expr, None) else {
            continue;
        };
        // Days and months (by their last day) before bare years and ranges.
        let rank = match d.precision {
            DatePrecision::Day | DatePrecision::Month => 2,
            DatePrecision::Year | DatePrecision::Range => 1,
        };
        if best.is_none_or(|(r, e, _)| (rank, d.end) > (r, e)) {
            best = Some((rank, d.end, m.span));
        }
    }
    let latest = best.map(|(_, date, span)| InferredReference {
        date,
        span,
        from_dateline: false,
        rule: "reference.latest_absolute",
    })?;
    // A weekday written with a month and day but no year ("On Friday, March 22") names one
    // date in every five to eleven years. Reports state weekdays for recent days, so the first
    // year on or after the latest absolute date in which they agree is the report's own time.
    let anchored = mentions
        .iter()
        .filter_map(|m| match m.expr {
            Expr::Day {
                year: None,
                month,
                day,
                weekday: Some(weekday),
            } => weekday_anchor(latest.date, month, day, weekday).map(|d| (d, m.span)),
            _ => None,
        })
        .max_by_key(|(d, _)| *d);
    Some(match anchored {
        Some((date, span)) if date > latest.date => InferredReference {
            date,
            span,
            from_dateline: false,
            rule: "reference.weekday_anchor",
        },
        _ => latest,
    })
}

/// The first `month`/`day` on or after `floor`'s year (and within the eleven years in which
/// every weekday recurs) that falls on `weekday`.
fn weekday_anchor(floor: Date, month: u8, day: u8, weekday: Weekday) -> Option<Date> {
    let month = i8::try_from(month).ok()?;
    let day = i8::try_from(day).ok()?;
    (floor.year()..=floor.year().saturating_add(11))
        .filter_map(|y| Date::new(y, month, day).ok())
        .find(|d| d.weekday() == weekday)
}

/// The dates of the datelines, by byte offset: in concatenated wire copy each dateline is
/// the reference of the text after it.
pub(crate) fn dateline_dates(mentions: &[Mention]) -> Vec<(usize, Date)> {
    mentions
        .iter()
        .filter(|m| m.in_dateline && m.expr.is_absolute())
        .filter_map(|m| {
            resolve(&m.expr, None)
                .ok()
                .map(|(d, _)| (m.span.start, d.end))
        })
        .collect()
}

/// Normalises every mention against `reference`, or against the nearest dateline before it
/// (`local`, by byte offset) when there is one.
pub(crate) fn resolve_all(
    mentions: &[Mention],
    reference: Option<Date>,
    local: &[(usize, Date)],
    diagnostics: &mut Diagnostics,
) -> Vec<Found<FuzzyDate>> {
    let mut out = Vec::with_capacity(mentions.len());
    for m in mentions {
        let reference = local
            .iter()
            .rev()
            .find(|(at, _)| *at <= m.span.start)
            .map(|(_, d)| *d)
            .or(reference);
        match resolve(&m.expr, reference) {
            Ok((value, factor)) => {
                if factor < 1.0 {
                    diagnostics.push(
                        NoteKind::Inconsistent,
                        Some(m.span),
                        m.rule,
                        "the weekday does not fit the date; the date as written was kept",
                    );
                }
                out.push(Found {
                    value,
                    span: m.span,
                    rule: m.rule,
                    confidence: m.confidence * factor,
                });
            }
            Err(why) => diagnostics.push(NoteKind::Unresolved, Some(m.span), m.rule, why),
        }
    }
    out
}

/// A slashed date whose first part is over 12 (`22/03/2024`): day first.
const SLASHED_DAY_FIRST: &str = "temporal.slashed_date.day_first";
/// A slashed date whose second part is over 12 (`03/22/2024`): month first.
const SLASHED_MONTH_FIRST: &str = "temporal.slashed_date.month_first";
/// A slashed date with both parts up to 12, not yet settled (read month-first meanwhile).
const SLASHED_AMBIGUOUS: &str = "temporal.slashed_date.ambiguous";

/// Decides the order of ambiguous slashed dates (`03/04/2024`) for the whole document, by a
/// stated rule recorded as each date's rule:
/// 1. the writer's order, when another slashed date in the document shows it (a part over
///    12) and none shows the other order (`temporal.slashed_date.document_order`);
/// 2. else the reading on or before the published date and nearest to it, when one is given
///    and only one reading qualifies or is nearer (`temporal.slashed_date.published`);
/// 3. else month first, the US convention English text usually follows
///    (`temporal.slashed_date.month_first_default`).
///
/// Dotted dates (`22.03.2024`) are read day-first where they are found and are not touched.
pub(crate) fn settle_slashed_dates(mentions: &mut [Mention], published: Option<Date>) {
    let day_first = mentions.iter().any(|m| m.rule == SLASHED_DAY_FIRST);
    let month_first = mentions.iter().any(|m| m.rule == SLASHED_MONTH_FIRST);
    for m in mentions.iter_mut().filter(|m| m.rule == SLASHED_AMBIGUOUS) {
        let Expr::Day {
            year: Some(Year::Full(y)),
            month,
            day,
            ..
        } = m.expr
        else {
            continue;
        };
        let as_written = date(y, month, day).ok();
        let swapped = date(y, day, month).ok();
        let swap = if day_first != month_first {
            m.rule = "temporal.slashed_date.document_order";
            day_first
        } else if let Some(p) = published
            && let Some(choice) = nearer_before(as_written, swapped, p)
        {
            m.rule = "temporal.slashed_date.published";
            choice
        } else {
            m.rule = "temporal.slashed_date.month_first_default";
            false
        };
        if swap && swapped.is_some() {
            m.expr = Expr::Day {
                year: Some(Year::Full(y)),
                month: day,
                day: month,
                weekday: None,
            };
        }
    }
}

/// Whether the second of two readings is to be taken against a published date: the one on
/// or before it and nearest; `None` when that does not decide (neither qualifies, or equal).
fn nearer_before(first: Option<Date>, second: Option<Date>, published: Date) -> Option<bool> {
    let gap = |d: Option<Date>| {
        d.filter(|d| *d <= published)
            .map(|d| (published - d).get_days())
    };
    match (gap(first), gap(second)) {
        (Some(a), Some(b)) if a != b => Some(b < a),
        (Some(_), None) => Some(false),
        (None, Some(_)) => Some(true),
        _ => None,
    }
}

/// Marks the tokens inside temporal expressions, so that counts skip them.
pub(crate) fn token_mask(mentions: &[Mention], n: usize) -> Vec<bool> {
    let mut mask = vec![false; n];
    for m in mentions {
        for i in m.tokens.clone() {
            if let Some(x) = mask.get_mut(i) {
                *x = true;
            }
        }
    }
    mask
}

/// Recognises temporal expressions in each sentence and dateline.
pub(crate) fn mentions(text: &str, seg: &Segmented) -> Vec<Mention> {
    let mut out = Vec::new();
    for d in &seg.datelines {
        scan(text, seg, d.tokens.clone(), true, &mut out);
    }
    for s in &seg.sentences {
        scan(text, seg, s.tokens.clone(), false, &mut out);
    }
    out.sort_by_key(|m| m.span.start);
    out
}

fn scan(
    text: &str,
    seg: &Segmented,
    range: Range<usize>,
    in_dateline: bool,
    out: &mut Vec<Mention>,
) {
    let p = P {
        text,
        toks: &seg.tokens,
        lo: range.start,
        hi: range.end,
        casing: seg.casing,
    };
    let mut i = range.start;
    while i < range.end {
        // Only numbers and a closed set of words can start an expression.
        let t = &p.toks[i];
        let can_start = match t.kind {
            TokenKind::Number | TokenKind::Alnum => true,
            TokenKind::Word => t.has(flag::TSTART),
            TokenKind::Punct => false,
        };
        if !can_start {
            i += 1;
            continue;
        }
        match p.expression(i) {
            Some((end, expr, rule, confidence)) if end > i => {
                out.push(Mention {
                    span: Span::new(p.toks[i].span.start, p.toks[end - 1].span.end),
                    tokens: i..end,
                    expr,
                    rule,
                    confidence,
                    in_dateline,
                });
                i = end;
            }
            _ => i += 1,
        }
    }
}

type Hit = (usize, Expr, &'static str, f64);

/// The parser over one sentence's tokens `lo..hi`.
struct P<'a> {
    text: &'a str,
    toks: &'a [Token],
    lo: usize,
    hi: usize,
    casing: Casing,
}

impl P<'_> {
    fn lex(&self, i: usize) -> Option<&'static Lex> {
        if i < self.hi { self.toks[i].lex } else { None }
    }

    fn is(&self, i: usize, word: &str) -> bool {
        i < self.hi
            && self.toks[i].kind == TokenKind::Word
            && self.toks[i].text(self.text).eq_ignore_ascii_case(word)
    }

    fn punct(&self, i: usize, p: &str) -> bool {
        i < self.hi && self.toks[i].is_punct(self.text, p)
    }

    fn dash(&self, i: usize) -> bool {
        i < self.hi
            && self.toks[i].kind == TokenKind::Punct
            && matches!(self.toks[i].text(self.text), "-" | "–" | "—" | "--")
    }

    fn glued(&self, i: usize) -> bool {
        i < self.hi && !self.toks[i].space_before
    }

    /// A plain run of digits (no separators) and its length.
    fn digits(&self, i: usize) -> Option<(u32, usize)> {
        if i >= self.hi || self.toks[i].kind != TokenKind::Number {
            return None;
        }
        let s = self.toks[i].text(self.text);
        if s.len() > 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse().ok().map(|v| (v, s.len()))
    }

    fn prev_has(&self, i: usize, f: u32) -> bool {
        i > self.lo && self.toks[i - 1].has(f)
    }

    /// A day of the month: "22", "22nd", "3rd".
    fn day(&self, i: usize) -> Option<u8> {
        if let Some((v, len)) = self.digits(i) {
            return (len <= 2 && (1..=31).contains(&v)).then_some(v as u8);
        }
        if i < self.hi && self.toks[i].kind == TokenKind::Alnum {
            let s = self.toks[i].text(self.text);
            let digits = s.bytes().take_while(u8::is_ascii_digit).count();
            let suffix = s[digits..].to_ascii_lowercase();
            if digits <= 2 && matches!(suffix.as_str(), "st" | "nd" | "rd" | "th") {
                let v: u8 = s[..digits].parse().ok()?;
                return (1..=31).contains(&v).then_some(v);
            }
        }
        None
    }

    fn year4(&self, i: usize) -> Option<i16> {
        let (v, len) = self.digits(i)?;
        (len == 4 && (1000..=2199).contains(&v)).then_some(v as i16)
    }

    /// A year after a month or day: four digits, or two in wire style ("12 APR 89").
    fn year_after_date(&self, i: usize) -> Option<Year> {
        if let Some(y) = self.year4(i) {
            return Some(Year::Full(y));
        }
        let (v, len) = self.digits(i)?;
        (len == 2).then_some(Year::Short(v as u8))
    }

    /// A month name, with the checks that keep "may" the verb and "march" the verb out.
    fn month(&self, i: usize) -> Option<u8> {
        let m = self.lex(i)?.month?;
        let t = &self.toks[i];
        if self.casing == Casing::Mixed && !t.capitalised {
            return None;
        }
        let s = t.text(self.text);
        let mut k = i + 1;
        if self.punct(k, ".") && s.len() <= 4 {
            k += 1;
        }
        let number_after = self.digits(k).is_some() || self.day(k).is_some();
        let number_before = i > self.lo
            && (self.day(i - 1).is_some()
                || self.is(i - 1, "of") && i >= self.lo + 2 && self.day(i - 2).is_some());
        if number_after || number_before {
            return Some(m);
        }
        let ambiguous =
            s.eq_ignore_ascii_case("may") || s.eq_ignore_ascii_case("march") || s.len() <= 4;
        if ambiguous || self.casing == Casing::Upper {
            // Bare: only after a temporal word ("in May", "since March", "early May").
            return self.prev_has(i, flag::TEMPORAL_PREP).then_some(m);
        }
        Some(m)
    }

    /// Skips the dot after an abbreviated month ("Jan.").
    fn after_month(&self, i: usize) -> usize {
        if self.punct(i + 1, ".") && self.toks[i].text(self.text).len() <= 4 {
            i + 2
        } else {
            i + 1
        }
    }

    /// A number of units: digits, a number word, or "a"/"an".
    fn small_number(&self, i: usize) -> Option<u16> {
        if let Some((v, _)) = self.digits(i) {
            return (v <= 1000).then_some(v as u16);
        }
        if self.is(i, "a") || self.is(i, "an") || self.is(i, "one") {
            return Some(1);
        }
        match self.lex(i)?.number? {
            NumWord::Unit(v) | NumWord::Tens(v) => Some(v as u16),
            _ => None,
        }
    }

    fn unit(&self, i: usize) -> Option<TimeUnit> {
        self.lex(i)?.unit
    }

    /// The top-level expression at `i`: ranges and "since" around points.
    fn expression(&self, i: usize) -> Option<Hit> {
        if self.is(i, "between") {
            if let Some((e1, a, _, c1)) = self.point(i + 1, true)
                && self.is(e1, "and")
                && let Some((e2, b, _, c2)) = self.point(e1 + 1, true)
            {
                let (a, b) = share_year(a, b);
                return Some((
                    e2,
                    Expr::Range(Box::new(a), Box::new(b)),
                    "temporal.between",
                    c1.min(c2),
                ));
            }
            return None;
        }
        if self.is(i, "from") {
            let (e1, a, rule, c1) = self.point(i + 1, true)?;
            let to = self.is(e1, "to")
                || self.is(e1, "until")
                || self.is(e1, "till")
                || self.is(e1, "through")
                || self.dash(e1);
            if to && let Some((e2, b, _, c2)) = self.point(e1 + 1, true) {
                let (a, b) = share_year(a, b);
                return Some((
                    e2,
                    Expr::Range(Box::new(a), Box::new(b)),
                    "temporal.from_to",
                    c1.min(c2),
                ));
            }
            // A lone "from X": let the scan read X by itself, without "from".
            let _ = (a, rule, c1);
            return None;
        }
        if self.is(i, "since") {
            let (e, a, _, c) = self.point(i + 1, true)?;
            return Some((e, Expr::Since(Box::new(a)), "temporal.since_open", c));
        }
        self.point(i, false)
    }

    /// A single date, month, year, period or relative expression at `i`.
    /// `year_ok` accepts a bare four-digit year (inside "between"/"from"/"since").
    fn point(&self, i: usize, year_ok: bool) -> Option<Hit> {
        if i >= self.hi {
            return None;
        }
        let t = &self.toks[i];
        match t.kind {
            TokenKind::Number => return self.numeric(i, year_ok),
            TokenKind::Alnum => return self.alnum(i),
            TokenKind::Punct => return None,
            TokenKind::Word => {}
        }
        if let Some(h) = self.named(i) {
            return Some(h);
        }
        if self.is(i, "recent") {
            let unit = self.unit(i + 1)?;
            let n = match unit {
                TimeUnit::Day => 7,
                TimeUnit::Week | TimeUnit::Month | TimeUnit::Year => 3,
                TimeUnit::Decade => 2,
            };
            return Some((i + 2, Expr::Past { n, unit }, "temporal.recent_period", 0.5));
        }
        let lex = t.lex?;
        if let Some(part) = lex.part
            && let Some(h) = self.part_of(i, part)
        {
            return Some(h);
        }
        if self.is(i, "the") {
            return self.after_the(i, year_ok);
        }
        if let Some(h) = self.relative(i) {
            return Some(h);
        }
        if let Some(wd) = lex.weekday {
            if self.casing == Casing::Mixed && !t.capitalised {
                return None;
            }
            let mut k = i + 1;
            if self.punct(k, ",") || self.punct(k, "(") {
                k += 1;
            }
            if let Some((
                e,
                Expr::Day {
                    year, month, day, ..
                },
                _,
                c,
            )) = self.month_first(k).or_else(|| self.day_first(k))
            {
                let e = if self.punct(e, ")") { e + 1 } else { e };
                return Some((
                    e,
                    Expr::Day {
                        year,
                        month,
                        day,
                        weekday: Some(wd),
                    },
                    "temporal.weekday_date",
                    c,
                ));
            }
            return Some((
                i + 1,
                Expr::Weekday {
                    weekday: wd,
                    rel: Rel::Bare,
                },
                "temporal.weekday",
                0.8,
            ));
        }
        if lex.month.is_some() {
            return self.month_first(i);
        }
        if let Some(season) = lex.season {
            return self.season(i, season, Rel::Bare);
        }
        if let Some(n) = self.small_number(i) {
            return self.ago(i, n);
        }
        None
    }

    fn named(&self, i: usize) -> Option<Hit> {
        let s = self.toks[i].text(self.text);
        let one = |n| Some((i + 1, Expr::Named(n), "temporal.named_day", 0.9));
        if s.eq_ignore_ascii_case("today") || s.eq_ignore_ascii_case("tonight") {
            return one(Named::Today);
        }
        if s.eq_ignore_ascii_case("yesterday") {
            return one(Named::Yesterday);
        }
        if s.eq_ignore_ascii_case("tomorrow") {
            return one(Named::Tomorrow);
        }
        if s.eq_ignore_ascii_case("last") && self.is(i + 1, "night") {
            return Some((
                i + 2,
                Expr::Named(Named::LastNight),
                "temporal.named_day",
                0.75,
            ));
        }
        if s.eq_ignore_ascii_case("this")
            && ["morning", "afternoon", "evening"]
                .iter()
                .any(|w| self.is(i + 1, w))
        {
            return Some((i + 2, Expr::Named(Named::Today), "temporal.named_day", 0.85));
        }
        if s.eq_ignore_ascii_case("earlier") && self.is(i + 1, "this") {
            let u = self.unit(i + 2)?;
            return Some((i + 3, Expr::EarlierThis(u), "temporal.earlier_this", 0.7));
        }
        None
    }

    /// "last year", "this week", "last Friday", "last summer", "this past week",
    /// "past two years", "last three months".
    fn relative(&self, i: usize) -> Option<Hit> {
        let rel = if self.is(i, "last") {
            Rel::Last
        } else if self.is(i, "this") {
            Rel::This
        } else if self.is(i, "next") {
            Rel::Next
        } else if self.is(i, "past") {
            return self.past(i + 1);
        } else {
            return None;
        };
        let k = i + 1;
        if rel == Rel::This && self.is(k, "past") {
            return self.past(k + 1);
        }
        if rel == Rel::Last
            && let Some(n) = self.small_number(k).filter(|_| !self.is(k, "a"))
        {
            let u = self.unit(k + 1)?;
            return Some((
                k + 2,
                Expr::Past { n, unit: u },
                "temporal.past_period",
                0.8,
            ));
        }
        // "the next day", "the last week of May": anaphoric, not relative to the reference.
        if i > self.lo && self.is(i - 1, "the") {
            return None;
        }
        let lex = self.lex(k)?;
        if let Some(unit) = lex.unit {
            return Some((
                k + 1,
                Expr::UnitRef { unit, rel },
                "temporal.this_last_unit",
                0.85,
            ));
        }
        if let Some(weekday) = lex.weekday {
            return Some((
                k + 1,
                Expr::Weekday { weekday, rel },
                "temporal.weekday",
                0.85,
            ));
        }
        if let Some(season) = lex.season {
            return Some((
                k + 1,
                Expr::Season {
                    year: None,
                    season,
                    rel,
                },
                "temporal.season",
                0.75,
            ));
        }
        if let Some(month) = lex.month
            && (self.casing == Casing::Upper || self.toks[k].capitalised)
        {
            return Some((
                k + 1,
                Expr::Month {
                    year: None,
                    month,
                    rel,
                },
                "temporal.month",
                0.8,
            ));
        }
        None
    }

    /// After "past"/"the past"/"the last": optional number, then a unit.
    fn past(&self, k: usize) -> Option<Hit> {
        let (n, k) = match self.small_number(k) {
            Some(n) if !self.is(k, "a") && !self.is(k, "an") => (n, k + 1),
            _ => (1, k),
        };
        let unit = self.unit(k)?;
        Some((k + 1, Expr::Past { n, unit }, "temporal.past_period", 0.8))
    }

    /// After "the": "the past week", "the last three years", "the summer of 2022",
    /// "the 1990s", "the end of 2019", "the 3rd of January", "the 2015 attack".
    fn after_the(&self, i: usize, year_ok: bool) -> Option<Hit> {
        let k = i + 1;
        if self.is(k, "past") || self.is(k, "last") {
            return self.past(k + 1);
        }
        let lex = self.lex(k);
        if let Some(season) = lex.and_then(|l| l.season) {
            let h = self.season(k, season, Rel::Bare)?;
            return Some(h);
        }
        if let Some(part) = lex.and_then(|l| l.part) {
            return self.part_of(k, part);
        }
        if let Some(h) = self.alnum(k) {
            return Some(h);
        }
        if let Some(h) = self.day_first(k) {
            return Some(h);
        }
        // "the 2015 attack": a year used as an adjective before a lower-case noun.
        if let Some(y) = self.year4(k) {
            let next = k + 1;
            let noun_ok = next < self.hi
                && self.toks[next].kind == TokenKind::Word
                && !self.toks[next].capitalised
                && self.toks[next]
                    .lex
                    .is_none_or(|l| l.noun.is_none() && l.unit.is_none());
            if noun_ok || year_ok {
                return Some((k + 1, Expr::Year(y), "temporal.year", 0.7));
            }
        }
        None
    }

    /// "early 2024", "mid-2015", "late March", "the end of 2019", "late last year".
    fn part_of(&self, i: usize, part: Part) -> Option<Hit> {
        let w = self.toks[i].text(self.text);
        let mut k = i + 1;
        let long = ["beginning", "start", "end", "middle"]
            .iter()
            .any(|x| w.eq_ignore_ascii_case(x));
        if long {
            if !self.is(k, "of") {
                return None;
            }
            k += 1;
        } else if self.dash(k) && self.glued(k) {
            k += 1;
        }
        let inner = if let Some(y) = self.year4(k) {
            (k + 1, Expr::Year(y))
        } else if self.month(k).is_some()
            || (k < self.hi
                && self.lex(k).is_some_and(|l| l.month.is_some())
                && self.toks[k].capitalised)
        {
            let (e, x, _, _) = self.month_first_bare_ok(k)?;
            (e, x)
        } else if self.is(k, "last") || self.is(k, "this") {
            let (e, x, _, _) = self.relative(k)?;
            if !matches!(
                x,
                Expr::UnitRef {
                    unit: TimeUnit::Year | TimeUnit::Month,
                    ..
                }
            ) {
                return None;
            }
            (e, x)
        } else {
            return None;
        };
        Some((
            inner.0,
            Expr::Part(part, Box::new(inner.1)),
            "temporal.part_of",
            0.75,
        ))
    }

    /// A season: "summer 2022", "summer of 2022", "the summer" after "in"/"during".
    fn season(&self, i: usize, season: Season, rel: Rel) -> Option<Hit> {
        if let Some(y) = self.year4(i + 1) {
            return Some((
                i + 2,
                Expr::Season {
                    year: Some(y),
                    season,
                    rel,
                },
                "temporal.season",
                0.8,
            ));
        }
        if self.is(i + 1, "of")
            && let Some(y) = self.year4(i + 2)
        {
            return Some((
                i + 3,
                Expr::Season {
                    year: Some(y),
                    season,
                    rel,
                },
                "temporal.season",
                0.8,
            ));
        }
        // "in the summer": the preceding "the" and a preposition make it a time.
        let the =
            i >= self.lo + 2 && self.is(i - 1, "the") && self.prev_has(i - 1, flag::TEMPORAL_PREP);
        the.then_some((
            i + 1,
            Expr::Season {
                year: None,
                season,
                rel,
            },
            "temporal.season",
            0.6,
        ))
    }

    /// "2 days ago", "a decade ago".
    fn ago(&self, i: usize, n: u16) -> Option<Hit> {
        let unit = self.unit(i + 1)?;
        if self.is(i + 2, "ago") {
            let c = if matches!(unit, TimeUnit::Day) {
                0.85
            } else {
                0.6
            };
            return Some((i + 3, Expr::Ago { n, unit }, "temporal.ago", c));
        }
        None
    }

    /// Month first: "March 22", "March 22, 2024", "Jan. 10", "August 2021", "March of 2019",
    /// bare "January".
    fn month_first(&self, i: usize) -> Option<Hit> {
        self.month(i)?;
        self.month_first_bare_ok(i)
    }

    fn month_first_bare_ok(&self, i: usize) -> Option<Hit> {
        let month = self.lex(i)?.month?;
        let k = self.after_month(i);
        if let Some(day) = self
            .day(k)
            .filter(|_| self.digits(k).is_none_or(|(_, l)| l <= 2))
        {
            let mut e = k + 1;
            let mut year = None;
            if self.punct(e, ",") {
                if let Some(y) = self.year4(e + 1) {
                    year = Some(Year::Full(y));
                    e += 2;
                }
            } else if let Some(y) = self.year4(e) {
                year = Some(Year::Full(y));
                e += 1;
            }
            let rule = if year.is_some() {
                "temporal.month_day_year"
            } else {
                "temporal.month_day"
            };
            let c = if year.is_some() { 0.95 } else { 0.85 };
            return Some((
                e,
                Expr::Day {
                    year,
                    month,
                    day,
                    weekday: None,
                },
                rule,
                c,
            ));
        }
        let year_at = if self.punct(k, ",") || self.is(k, "of") {
            k + 1
        } else {
            k
        };
        if let Some(y) = self.year4(year_at) {
            return Some((
                year_at + 1,
                Expr::Month {
                    year: Some(Year::Full(y)),
                    month,
                    rel: Rel::Bare,
                },
                "temporal.month_year",
                0.9,
            ));
        }
        Some((
            i + 1,
            Expr::Month {
                year: None,
                month,
                rel: Rel::Bare,
            },
            "temporal.month",
            0.75,
        ))
    }

    /// Day first: "22 March 2024", "12 APR 89", "3 January", "the 3rd of January".
    fn day_first(&self, i: usize) -> Option<Hit> {
        let day = self.day(i)?;
        let mut k = i + 1;
        if self.is(k, "of") {
            k += 1;
        }
        let month = self.lex(k)?.month?;
        if self.casing == Casing::Mixed && !self.toks[k].capitalised {
            return None;
        }
        let mut e = self.after_month(k);
        let year = if self.punct(e, ",") && self.year4(e + 1).is_some() {
            e += 1;
            self.year4(e).map(Year::Full)
        } else {
            self.year_after_date(e)
        };
        if year.is_some() {
            e += 1;
        }
        let word = self.toks[k].text(self.text);
        let ambiguous = word.eq_ignore_ascii_case("may") || word.eq_ignore_ascii_case("march");
        if self.casing == Casing::Upper
            && ambiguous
            && year.is_none()
            && !self.prev_has(i, flag::TEMPORAL_PREP)
        {
            // "5 MAY DIE": without a year or "ON", an upper-case "MAY" stays a verb.
            return None;
        }
        let rule = if year.is_some() {
            "temporal.day_month_year"
        } else {
            "temporal.day_month"
        };
        let c = if year.is_some() { 0.95 } else { 0.85 };
        Some((
            e,
            Expr::Day {
                year,
                month,
                day,
                weekday: None,
            },
            rule,
            c,
        ))
    }

    /// Numbers: ISO and numeric dates, day-first dates, years, year ranges, "N units ago".
    fn numeric(&self, i: usize, year_ok: bool) -> Option<Hit> {
        let s = self.toks[i].text(self.text);
        // "22.03.2024" is one token.
        if s.bytes().filter(|&b| b == b'.').count() == 2 {
            let mut it = s.split('.');
            let (d, m, y) = (
                it.next()?.parse().ok()?,
                it.next()?.parse().ok()?,
                it.next()?.parse::<i16>().ok()?,
            );
            if s.len() == 10 && (1..=12).contains(&m) && (1..=31).contains(&d) {
                return Some((
                    i + 1,
                    Expr::Day {
                        year: Some(Year::Full(y)),
                        month: m,
                        day: d,
                        weekday: None,
                    },
                    "temporal.numeric_date",
                    0.8,
                ));
            }
            return None;
        }
        let (v, len) = self.digits(i)?;
        // ISO 2024-03-22 or 2024/03/22.
        if len == 4
            && self.glued(i + 1)
            && (self.punct(i + 1, "-") || self.punct(i + 1, "/"))
            && let (Some((m, 2)), Some((d, 2))) = (self.digits(i + 2), self.digits(i + 4))
            && self.glued(i + 2)
            && self
                .toks
                .get(i + 3)
                .is_some_and(|t| t.kind == TokenKind::Punct)
            && self.glued(i + 4)
        {
            return Some((
                i + 5,
                Expr::Day {
                    year: Some(Year::Full(v as i16)),
                    month: m as u8,
                    day: d as u8,
                    weekday: None,
                },
                "temporal.iso_date",
                0.95,
            ));
        }
        // 22/03/2024 or 3/22/2024.
        if len <= 2
            && self.punct(i + 1, "/")
            && self.glued(i + 1)
            && self.glued(i + 2)
            && self.punct(i + 3, "/")
            && self.glued(i + 4)
            && let (Some((b, _)), Some(y)) = (self.digits(i + 2), self.year4(i + 4))
        {
            // Both parts up to 12 read month-first for now; [`settle_slashed_dates`] decides
            // the order for the whole document.
            let (d, m, rule, c) = if v > 12 {
                (v, b, SLASHED_DAY_FIRST, 0.85)
            } else if b > 12 {
                (b, v, SLASHED_MONTH_FIRST, 0.85)
            } else {
                (b, v, SLASHED_AMBIGUOUS, 0.6)
            };
            if (1..=12).contains(&m) {
                return Some((
                    i + 5,
                    Expr::Day {
                        year: Some(Year::Full(y)),
                        month: m as u8,
                        day: d as u8,
                        weekday: None,
                    },
                    rule,
                    c,
                ));
            }
        }
        if let Some(h) = self.day_first(i) {
            return Some(h);
        }
        if let Some(y) = self.year4(i) {
            // "2015-2018", "2015–18".
            if self.dash(i + 1) {
                let end = if let Some(y2) = self.year4(i + 2) {
                    Some(y2)
                } else if let Some((v2, 2)) = self.digits(i + 2) {
                    let y2 = y - y % 100 + v2 as i16;
                    (y2 > y).then_some(y2)
                } else {
                    None
                };
                if let Some(y2) = end.filter(|&y2| y2 > y && y2 - y < 100) {
                    return Some((
                        i + 3,
                        Expr::Range(Box::new(Expr::Year(y)), Box::new(Expr::Year(y2))),
                        "temporal.year_range",
                        0.85,
                    ));
                }
            }
            // "of 2000 fighters" is a count, not a year.
            if self.lex(i + 1).is_some_and(|l| l.noun.is_some()) {
                return None;
            }
            let context = year_ok
                || self.prev_has(i, flag::TEMPORAL_PREP)
                || (i > self.lo
                    && self
                        .lex(i - 1)
                        .is_some_and(|l| l.season.is_some() || l.month.is_some()));
            if context {
                return Some((i + 1, Expr::Year(y), "temporal.year", 0.85));
            }
            return None;
        }
        let n = u16::try_from(v).ok()?;
        self.ago(i, n)
    }

    /// "1990s", "1990's" and ordinal days ("3rd of January").
    fn alnum(&self, i: usize) -> Option<Hit> {
        if i >= self.hi || self.toks[i].kind != TokenKind::Alnum {
            return None;
        }
        let s = self.toks[i].text(self.text);
        let digits = s.bytes().take_while(u8::is_ascii_digit).count();
        let suffix = &s[digits..];
        if digits == 4
            && (suffix.eq_ignore_ascii_case("s")
                || suffix.eq_ignore_ascii_case("'s")
                || suffix.eq_ignore_ascii_case("’s"))
        {
            let y: i16 = s[..4].parse().ok()?;
            if y % 10 == 0 {
                return Some((i + 1, Expr::Decade(y), "temporal.decade", 0.85));
            }
        }
        self.day_first(i)
    }
}

/// "between January and March 2019": the first point takes the second's year.
fn share_year(a: Expr, b: Expr) -> (Expr, Expr) {
    match (a.year(), b.year()) {
        (None, Some(y)) => (a.with_year(y), b),
        _ => (a, b),
    }
}

type Resolved = Result<(FuzzyDate, f64), &'static str>;

const NEED_REF: &str = "relative expression and no reference date";

fn full_year(y: Year, reference: Option<Date>) -> i16 {
    match (y, reference) {
        (Year::Full(y), _) => y,
        (Year::Short(s), Some(r)) => {
            let c = r.year() - r.year().rem_euclid(100) + i16::from(s);
            if c > r.year() + 1 { c - 100 } else { c }
        }
        (Year::Short(s), None) => {
            if s < 50 {
                2000 + i16::from(s)
            } else {
                1900 + i16::from(s)
            }
        }
    }
}

fn add_days(d: Date, n: i64) -> Result<Date, &'static str> {
    let span = jiff::Span::new()
        .try_days(n)
        .map_err(|_| "date out of range")?;
    d.checked_add(span).map_err(|_| "date out of range")
}

fn add_months(y: i16, m: u8, delta: i32) -> (i16, u8) {
    let idx = i32::from(y) * 12 + i32::from(m) - 1 + delta;
    ((idx.div_euclid(12)) as i16, (idx.rem_euclid(12) + 1) as u8)
}

fn month_range(y: i16, m: u8) -> Result<FuzzyDate, &'static str> {
    FuzzyDate::month(y, m as i8).ok_or("month out of range")
}

fn year_range(y: i16) -> Result<FuzzyDate, &'static str> {
    FuzzyDate::year(y).ok_or("year out of range")
}

fn date(y: i16, m: u8, d: u8) -> Result<Date, &'static str> {
    Date::new(y, m as i8, d as i8).map_err(|_| "no such day")
}

fn season_range(y: i16, s: Season) -> Result<FuzzyDate, &'static str> {
    let (a, b) = match s {
        Season::Spring => (date(y, 3, 1)?, date(y, 5, 31)?),
        Season::Summer => (date(y, 6, 1)?, date(y, 8, 31)?),
        Season::Autumn => (date(y, 9, 1)?, date(y, 11, 30)?),
        Season::Winter => (
            date(y, 12, 1)?,
            date(y + 1, 3, 1)?
                .yesterday()
                .map_err(|_| "date out of range")?,
        ),
    };
    Ok(FuzzyDate::range(a, b))
}

/// The most recent `wd` on or before `r` (strictly before when `strict`).
fn weekday_before(r: Date, wd: Weekday, strict: bool) -> Result<Date, &'static str> {
    let mut back =
        i64::from((r.weekday().to_monday_zero_offset() - wd.to_monday_zero_offset()).rem_euclid(7));
    if strict && back == 0 {
        back = 7;
    }
    add_days(r, -back)
}

fn unit_span(r: Date, n: i64, unit: TimeUnit) -> Result<Date, &'static str> {
    match unit {
        TimeUnit::Day => add_days(r, -n),
        TimeUnit::Week => add_days(r, -7 * n),
        TimeUnit::Month | TimeUnit::Year | TimeUnit::Decade => {
            let months = match unit {
                TimeUnit::Month => n,
                TimeUnit::Year => 12 * n,
                _ => 120 * n,
            };
            let span = jiff::Span::new()
                .try_months(-months)
                .map_err(|_| "date out of range")?;
            r.checked_add(span).map_err(|_| "date out of range")
        }
    }
}

/// Normalises an expression; the factor (< 1) lowers confidence when parts disagree.
pub(crate) fn resolve(e: &Expr, reference: Option<Date>) -> Resolved {
    let need = || reference.ok_or(NEED_REF);
    match e {
        Expr::Day {
            year: Some(y),
            month,
            day,
            weekday,
        } => {
            let d = date(full_year(*y, reference), *month, *day)?;
            let factor = if weekday.is_some_and(|w| w != d.weekday()) {
                0.6
            } else {
                1.0
            };
            Ok((FuzzyDate::day(d), factor))
        }
        Expr::Day {
            year: None,
            month,
            day,
            weekday,
        } => {
            let r = need()?;
            let candidate = |y: i16| date(y, *month, *day).ok();
            if let Some(wd) = weekday {
                // The weekday picks the year: the latest matching one not after the reference
                // (a week's slack for a date just ahead), else the nearest after it.
                let slack = add_days(r, 7)?;
                let years = (r.year() - 12..=r.year() + 1).rev();
                let matching: Vec<Date> = years
                    .filter_map(candidate)
                    .filter(|d| d.weekday() == *wd)
                    .collect();
                if let Some(d) = matching.iter().find(|d| **d <= slack).or(matching.last()) {
                    return Ok((FuzzyDate::day(*d), 1.0));
                }
            }
            let this = candidate(r.year());
            let d = match this {
                Some(d) if d <= r => d,
                _ => candidate(r.year() - 1).ok_or("no such day")?,
            };
            let factor = if weekday.is_some() { 0.6 } else { 1.0 };
            Ok((FuzzyDate::day(d), factor))
        }
        Expr::Month {
            year: Some(y),
            month,
            ..
        } => Ok((month_range(full_year(*y, reference), *month)?, 1.0)),
        Expr::Month {
            year: None,
            month,
            rel,
        } => {
            let r = need()?;
            let ry = r.year();
            let rm = r.month() as u8;
            let y = match rel {
                Rel::Bare => {
                    if *month <= rm {
                        ry
                    } else {
                        ry - 1
                    }
                }
                Rel::Last => {
                    if *month < rm {
                        ry
                    } else {
                        ry - 1
                    }
                }
                Rel::This => ry,
                Rel::Next => {
                    if *month > rm {
                        ry
                    } else {
                        ry + 1
                    }
                }
            };
            Ok((month_range(y, *month)?, 1.0))
        }
        Expr::Year(y) => Ok((year_range(*y)?, 1.0)),
        Expr::Decade(y) => Ok((FuzzyDate::range(date(*y, 1, 1)?, date(y + 9, 12, 31)?), 1.0)),
        Expr::Season {
            year: Some(y),
            season,
            ..
        } => Ok((season_range(*y, *season)?, 1.0)),
        Expr::Season {
            year: None,
            season,
            rel,
        } => {
            let r = need()?;
            let pick = |y: i16| season_range(y, *season);
            let out = match rel {
                Rel::This => pick(if *season == Season::Winter && r.month() <= 2 {
                    r.year() - 1
                } else {
                    r.year()
                })?,
                Rel::Next => {
                    let s = pick(r.year())?;
                    if s.start > r { s } else { pick(r.year() + 1)? }
                }
                // "last summer": the most recent one already over; bare: the most recent begun.
                Rel::Last | Rel::Bare => {
                    let mut y = r.year();
                    loop {
                        let s = pick(y)?;
                        let done = if *rel == Rel::Last {
                            s.end < r
                        } else {
                            s.start <= r
                        };
                        if done || y < r.year() - 2 {
                            break s;
                        }
                        y -= 1;
                    }
                }
            };
            Ok((out, 1.0))
        }
        Expr::Weekday { weekday, rel } => {
            let r = need()?;
            let d = match rel {
                Rel::Bare | Rel::This => weekday_before(r, *weekday, false)?,
                Rel::Last => weekday_before(r, *weekday, true)?,
                Rel::Next => add_days(weekday_before(r, *weekday, false)?, 7)?,
            };
            Ok((FuzzyDate::day(d), 1.0))
        }
        Expr::Named(n) => {
            let r = need()?;
            let d = match n {
                Named::Today => r,
                Named::Yesterday | Named::LastNight => add_days(r, -1)?,
                Named::Tomorrow => add_days(r, 1)?,
            };
            Ok((FuzzyDate::day(d), 1.0))
        }
        Expr::UnitRef { unit, rel } => {
            let r = need()?;
            let shift: i32 = match rel {
                Rel::Last => -1,
                Rel::Next => 1,
                Rel::This | Rel::Bare => 0,
            };
            let out = match unit {
                TimeUnit::Day => FuzzyDate::day(add_days(r, i64::from(shift))?),
                TimeUnit::Week => {
                    let monday = add_days(
                        weekday_before(r, Weekday::Monday, false)?,
                        7 * i64::from(shift),
                    )?;
                    FuzzyDate::range(monday, add_days(monday, 6)?)
                }
                TimeUnit::Month => {
                    let (y, m) = add_months(r.year(), r.month() as u8, shift);
                    month_range(y, m)?
                }
                TimeUnit::Year => year_range(r.year() + shift as i16)?,
                TimeUnit::Decade => FuzzyDate::range(unit_span(r, 10, TimeUnit::Year)?, r),
            };
            Ok((out, 1.0))
        }
        Expr::Past { n, unit } => {
            let r = need()?;
            Ok((
                FuzzyDate::range(unit_span(r, i64::from(*n), *unit)?, r),
                1.0,
            ))
        }
        Expr::Ago { n, unit } => {
            let r = need()?;
            let d = unit_span(r, i64::from(*n), *unit)?;
            let out = match unit {
                TimeUnit::Day => FuzzyDate::day(d),
                TimeUnit::Week => FuzzyDate::range(add_days(d, -3)?, add_days(d, 3)?),
                TimeUnit::Month => month_range(d.year(), d.month() as u8)?,
                TimeUnit::Year | TimeUnit::Decade => year_range(d.year())?,
            };
            Ok((out, 1.0))
        }
        Expr::EarlierThis(unit) => {
            let r = need()?;
            let start = match unit {
                TimeUnit::Year | TimeUnit::Decade => date(r.year(), 1, 1)?,
                TimeUnit::Month => r.first_of_month(),
                TimeUnit::Week => weekday_before(r, Weekday::Monday, false)?,
                TimeUnit::Day => r,
            };
            Ok((FuzzyDate::range(start, r), 1.0))
        }
        Expr::Part(part, inner) => {
            let (d, f) = resolve(inner, reference)?;
            Ok((part_of(d, *part)?, f))
        }
        Expr::Range(a, b) => {
            let (a, fa) = resolve(a, reference)?;
            let (b, fb) = resolve(b, reference)?;
            Ok((FuzzyDate::range(a.start, b.end.max(a.end)), fa.min(fb)))
        }
        Expr::Since(a) => {
            let (a, f) = resolve(a, reference)?;
            match reference {
                Some(r) if r >= a.start => Ok((FuzzyDate::range(a.start, r), f)),
                // Without a reference the open end is unknown: keep the start's own interval.
                _ => Ok((FuzzyDate::range(a.start, a.end), f * 0.7)),
            }
        }
    }
}

/// The early, middle or late third of a period: January-April, May-August, September-
/// December for a year; days 1-10, 11-20, 21-end for a month.
fn part_of(d: FuzzyDate, part: Part) -> Result<FuzzyDate, &'static str> {
    let (s, e) = (d.start, d.end);
    let out = match d.precision {
        DatePrecision::Year => {
            let y = s.year();
            match part {
                Part::Early => FuzzyDate::range(date(y, 1, 1)?, date(y, 4, 30)?),
                Part::Mid => FuzzyDate::range(date(y, 5, 1)?, date(y, 8, 31)?),
                Part::Late => FuzzyDate::range(date(y, 9, 1)?, date(y, 12, 31)?),
            }
        }
        DatePrecision::Month => {
            let (y, m) = (s.year(), s.month() as u8);
            match part {
                Part::Early => FuzzyDate::range(s, date(y, m, 10)?),
                Part::Mid => FuzzyDate::range(date(y, m, 11)?, date(y, m, 20)?),
                Part::Late => FuzzyDate::range(date(y, m, 21)?, e),
            }
        }
        _ => {
            let third = i64::from(d.span_days() / 3);
            match part {
                Part::Early => FuzzyDate::range(s, add_days(s, third.max(1) - 1)?),
                Part::Mid => FuzzyDate::range(add_days(s, third)?, add_days(e, -third)?),
                Part::Late => FuzzyDate::range(add_days(e, -(third.max(1) - 1))?, e),
            }
        }
    };
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date as d;

    fn one(text: &str, r: Date) -> (String, String, &'static str) {
        let mut diags = Diagnostics::default();
        let found = find(text, Some(r), &mut diags);
        assert_eq!(found.len(), 1, "{text}: {found:?} {diags:?}");
        let f = &found[0];
        (
            f.span.slice(text).unwrap().to_string(),
            f.value.to_string(),
            f.rule,
        )
    }

    #[test]
    fn slashed_dates_follow_the_documents_order_then_the_published_date() {
        let all = |text: &str, r: Option<Date>| -> Vec<(String, &'static str)> {
            let mut diags = Diagnostics::default();
            find(text, r, &mut diags)
                .iter()
                .map(|f| (f.value.to_string(), f.rule))
                .collect()
        };
        // A later date written 25/12/2019 shows the writer puts the day first.
        assert_eq!(
            all("Raids on 03/04/2019 and 25/12/2019 were reported.", None),
            vec![
                (
                    "2019-04-03".to_string(),
                    "temporal.slashed_date.document_order"
                ),
                ("2019-12-25".to_string(), "temporal.slashed_date.day_first"),
            ]
        );
        // Nothing in the text decides: month first.
        assert_eq!(
            all("07/05/2016: Gunmen stormed a checkpoint.", None),
            vec![(
                "2016-07-05".to_string(),
                "temporal.slashed_date.month_first_default"
            )]
        );
        // Published on 20 May 2016, the 5 July reading would lie in the future.
        assert_eq!(
            all(
                "07/05/2016: Gunmen stormed a checkpoint.",
                Some(d(2016, 5, 20))
            ),
            vec![("2016-05-07".to_string(), "temporal.slashed_date.published")]
        );
        // Dotted dates stay day-first.
        assert_eq!(
            one("On 03.04.2019 a bomb exploded.", d(2019, 6, 1)).1,
            "2019-04-03"
        );
    }

    #[test]
    fn weekday_and_month_day_pick_a_consistent_date() {
        let (s, v, rule) = one("On Friday, March 22, gunmen attacked.", d(2024, 3, 23));
        assert_eq!(
            (s.as_str(), v.as_str(), rule),
            ("Friday, March 22", "2024-03-22", "temporal.weekday_date")
        );
        // Referenced from 2025, the weekday still selects 2024 (22 March 2025 is a Saturday).
        assert_eq!(
            one("On Friday, March 22, gunmen attacked.", d(2025, 6, 1)).1,
            "2024-03-22"
        );
    }

    #[test]
    fn bare_weekday_is_on_or_before_the_reference() {
        // 2024-08-28 is a Wednesday; "on Sunday" is 2024-08-25.
        assert_eq!(
            one("The blast on Sunday killed two.", d(2024, 8, 28)).1,
            "2024-08-25"
        );
        assert_eq!(
            one("It happened last Wednesday.", d(2024, 8, 28)).1,
            "2024-08-21"
        );
    }

    #[test]
    fn relative_periods() {
        let r = d(2024, 3, 23);
        assert_eq!(one("He was seen yesterday.", r).1, "2024-03-22");
        assert_eq!(one("The group grew last year.", r).1, "2023");
        assert_eq!(
            one("Attacks rose last summer.", r).1,
            "2023-06-01/2023-08-31"
        );
        assert_eq!(
            one("Attacks rose in recent months.", r).1,
            "2023-12-23/2024-03-23"
        );
        assert_eq!(one("It was founded a decade ago.", r).1, "2014");
        assert_eq!(one("Two attacks came 2 days ago.", r).1, "2024-03-21");
        assert_eq!(
            one("Violence grew over the past decade.", r).1,
            "2014-03-23/2024-03-23"
        );
    }

    #[test]
    fn modal_may_and_verb_march_are_not_months() {
        let mut diags = Diagnostics::default();
        let text = "The group may attack again and protesters march on Kabul. 2019 people.";
        assert!(find(text, Some(d(2024, 1, 1)), &mut diags).is_empty());
        assert_eq!(one("The attack came in May.", d(2024, 8, 1)).1, "2024-05");
    }

    #[test]
    fn wire_dates_use_two_digit_years() {
        let (_, v, _) = one("ON 12 APR 89 THE ARMY ATTACKED.", d(1989, 4, 13));
        assert_eq!(v, "1989-04-12");
    }

    #[test]
    fn ranges_and_open_ranges() {
        let r = d(2024, 3, 23);
        assert_eq!(
            one("between January 2017 and October 2018", r).1,
            "2017-01-01/2018-10-31"
        );
        assert_eq!(one("from 2015 to 2018", r).1, "2015-01-01/2018-12-31");
        let (_, v, rule) = one("since 2019", r);
        assert_eq!(
            (v.as_str(), rule),
            ("2019-01-01/2024-03-23", "temporal.since_open")
        );
        assert_eq!(one("in mid-2015", r).1, "2015-05-01/2015-08-31");
        assert_eq!(one("in the 1990s", r).1, "1990-01-01/1999-12-31");
    }

    #[test]
    fn brief_examples_normalise() {
        let r = d(2024, 3, 23);
        let cases = [
            ("In 2019, attacks fell.", "2019"),
            ("It began in August 2021.", "2021-08"),
            ("Attacks grew in early 2024.", "2024-01-01/2024-04-30"),
            ("This past week was calm.", "2024-03-16/2024-03-23"),
            ("They met the summer of 2022.", "2022-06-01/2022-08-31"),
            (
                "The group was weaker in late 2021.",
                "2021-09-01/2021-12-31",
            ),
            ("He recalled the January 3 bombings.", "2024-01-03"),
            ("ON 3 JANUARY THE ARMY ATTACKED.", "2024-01-03"),
            ("It was seized on 2024-03-05.", "2024-03-05"),
            ("The raid came on March 5, 2023.", "2023-03-05"),
            ("It was planned last month.", "2024-02"),
        ];
        for (text, want) in cases {
            assert_eq!(one(text, r).1, want, "{text}");
        }
    }

    #[test]
    fn a_weekday_that_contradicts_the_date_is_reported() {
        let mut diags = Diagnostics::default();
        // 22 March 2024 was a Friday, not a Monday.
        let found = find("On Monday, March 22, 2024, it rained.", None, &mut diags);
        assert_eq!(found[0].value.to_string(), "2024-03-22");
        assert!(found[0].confidence < 0.9);
        assert_eq!(diags.of_kind(NoteKind::Inconsistent).count(), 1);
    }

    #[test]
    fn relative_expressions_without_reference_are_unresolved() {
        let mut diags = Diagnostics::default();
        assert!(find("It happened yesterday.", None, &mut diags).is_empty());
        assert_eq!(diags.of_kind(NoteKind::Unresolved).count(), 1);
        let inferred = infer_reference("On 5 May 2020 and on 7 June 2021 it struck.").unwrap();
        assert_eq!(
            (inferred.date, inferred.from_dateline),
            (d(2021, 6, 7), false)
        );
    }

    #[test]
    fn reference_is_anchored_by_a_weekday_written_without_a_year() {
        // 22 March fell on a Friday in 2024 (and not in 2022 or 2023): the report is from 2024.
        let text = "A similar raid took place on October 26, 2022. On Friday, March 22, gunmen \
                    stormed the hall.";
        let inferred = infer_reference(text).unwrap();
        assert_eq!(inferred.date, jiff::civil::date(2024, 3, 22));
        assert_eq!(inferred.rule, "reference.weekday_anchor");
        // Without an absolute date to start from the year stays open.
        assert!(infer_reference("On Friday, March 22, gunmen stormed the hall.").is_none());
    }
}

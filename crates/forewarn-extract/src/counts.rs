//! Counts: numbers of people killed, injured, kidnapped or arrested, of fighters, attacks,
//! airstrikes and attendees, with their qualifiers and what kind of people they were.
//!
//! A count is a quantity ("at least 13", "thirty-three", "3,000-4,000", "dozens") followed
//! by an optional noun phrase ("US service members", "civilians") and tied to an effect by a
//! verb before it ("killing 137 people"), a verb after it ("95 people died", "FIVE PEASANTS
//! WERE KILLED"), a casualty noun ("left 95 dead") or a toll ("the death toll rose to 145").
//! Counts joined by "and" that share one verb are summed, with the parts kept.
//!
//! Numbers that are years, dates (already taken by `temporal`), ages ("a 24-year-old"),
//! money, percentages, measures ("10 km", "5 hours") or labels ("Resolution 2254") are
//! rejected with a note in the diagnostics.
//!
//! # Vague quantities
//!
//! Vague plurals are coded by the rule ACLED states in its codebook (ACLED Codebook,
//! "Fatalities" section): when a report gives only "dozens" the figure is 12, "tens" 10 and
//! "hundreds" 100, taken as a floor (qualifier at least). By the same conservative reading,
//! forewarn codes "thousands" as 1,000 and "scores" as 20 (a score is twenty). The rule name
//! of such counts is `count.vague_acled`.

use forewarn_model::{Count, CountQualifier, Span};

use crate::lexicon::{Effect, Lex, Noun, NumWord, flag};
use crate::text::{Segmented, Token, TokenKind};
use crate::{Diagnostics, Found, NoteKind};

/// What a count counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CountedThing {
    /// People killed.
    Killed,
    /// People injured or wounded.
    Injured,
    /// People kidnapped, abducted or taken hostage.
    Kidnapped,
    /// People arrested, detained or captured.
    Arrested,
    /// Armed members of a group (strength estimates).
    Fighters,
    /// Attacks, bombings, raids.
    Attacks,
    /// Airstrikes and drone strikes.
    Airstrikes,
    /// People attending an event.
    Attendees,
    /// Anything else with a noun.
    Other,
}

impl CountedThing {
    /// A lower-case name, e.g. `killed`.
    pub fn as_str(self) -> &'static str {
        match self {
            CountedThing::Killed => "killed",
            CountedThing::Injured => "injured",
            CountedThing::Kidnapped => "kidnapped",
            CountedThing::Arrested => "arrested",
            CountedThing::Fighters => "fighters",
            CountedThing::Attacks => "attacks",
            CountedThing::Airstrikes => "airstrikes",
            CountedThing::Attendees => "attendees",
            CountedThing::Other => "other",
        }
    }
}

/// The kind of people counted, when the text says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VictimKind {
    /// "people", "persons", "men".
    People,
    /// "civilians", "peasants", "villagers", "students".
    Civilians,
    /// "soldiers", "troops", "service members".
    Soldiers,
    /// "police", "policemen", "officers", "guards".
    Police,
    /// "attackers", "gunmen", "assailants", "bombers".
    Attackers,
    /// "militants", "fighters", "insurgents", "rebels".
    Militants,
    /// "children".
    Children,
    /// "women".
    Women,
    /// "worshippers", "pilgrims", "mourners".
    Worshippers,
    /// "officials", "diplomats".
    Officials,
    /// Another noun ("Afghans"): see the count's noun span.
    Other,
}

impl VictimKind {
    /// A lower-case name, e.g. `civilians`.
    pub fn as_str(self) -> &'static str {
        match self {
            VictimKind::People => "people",
            VictimKind::Civilians => "civilians",
            VictimKind::Soldiers => "soldiers",
            VictimKind::Police => "police",
            VictimKind::Attackers => "attackers",
            VictimKind::Militants => "militants",
            VictimKind::Children => "children",
            VictimKind::Women => "women",
            VictimKind::Worshippers => "worshippers",
            VictimKind::Officials => "officials",
            VictimKind::Other => "other",
        }
    }
}

/// One part of a summed count ("13 US service members" in "13 US service members and 170
/// Afghans were killed").
#[derive(Debug, Clone, PartialEq)]
pub struct CountPart {
    /// The part's count.
    pub count: Count,
    /// The kind of people, if said.
    pub victim: Option<VictimKind>,
    /// The head noun as written.
    pub noun: Option<Span>,
    /// The quantity and its noun phrase.
    pub span: Span,
}

/// A count: the number, what it counts, and of whom.
#[derive(Debug, Clone, PartialEq)]
pub struct CountValue {
    /// The number with its qualifier (the sum for a summed count).
    pub count: Count,
    /// What is counted.
    pub thing: CountedThing,
    /// The kind of people, if said (and the same for every part).
    pub victim: Option<VictimKind>,
    /// The head noun as written.
    pub noun: Option<Span>,
    /// The parts of a sum; empty for a single count.
    pub parts: Vec<CountPart>,
}

/// Finds the counts of `text` against its segmentation. `mask` marks tokens already taken by
/// temporal expressions.
pub fn find(
    text: &str,
    seg: &Segmented,
    mask: &[bool],
    diagnostics: &mut Diagnostics,
) -> Vec<Found<CountValue>> {
    let mut out = Vec::new();
    let mut mentions = Vec::new();
    for s in &seg.sentences {
        let p = P {
            text,
            toks: &seg.tokens,
            lo: s.tokens.start,
            hi: s.tokens.end,
            mask,
        };
        mentions.clear();
        let mut i = p.lo;
        while i < p.hi {
            let t = &p.toks[i];
            let candidate = !p.masked(i) && t.kind != TokenKind::Punct && may_start(t);
            if !candidate {
                i += 1;
                continue;
            }
            let Some(q) = p.quantity(i) else {
                i += 1;
                continue;
            };
            if let Some(why) = p.rejection(&q) {
                let span = Span::new(p.toks[q.start].span.start, p.toks[q.end - 1].span.end);
                diagnostics.push(NoteKind::Rejected, Some(span), "count.reject", why);
                i = q.end;
                continue;
            }
            let m = p.mention(q);
            i = m.end.max(i + 1);
            mentions.push(m);
        }
        link(&p, &mut mentions);
        emit(&p, &mentions, &mut out);
    }
    out
}

/// Whether a quantity can start at `t`: a number, a number word, or a qualifier's first word.
fn may_start(t: &Token) -> bool {
    t.kind == TokenKind::Number
        || t.lex
            .is_some_and(|l| l.number.is_some() || l.qualifier.is_some() || l.has(flag::QSTART))
}

/// A parsed quantity over tokens `start..end`.
#[derive(Debug, Clone)]
struct Quantity {
    start: usize,
    end: usize,
    count: Count,
    vague: bool,
    words: bool,
    /// Token of the number itself (after any qualifier).
    core: usize,
}

/// How a mention got its effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    VerbBefore,
    VerbAfter,
    CasualtyNoun,
    Toll,
    LivesOf,
    Inherited,
}

#[derive(Debug, Clone)]
struct Mention {
    q: Quantity,
    noun: Option<(usize, Noun)>,
    /// First token of the mention (a verb before the quantity, or the quantity).
    first: usize,
    /// One past the last token (noun phrase or verb after).
    end: usize,
    /// End of the quantity and noun phrase alone.
    np_end: usize,
    effect: Option<(Effect, Source)>,
    group: usize,
}

struct P<'a> {
    text: &'a str,
    toks: &'a [Token],
    lo: usize,
    hi: usize,
    mask: &'a [bool],
}

const QUALIFIERS: &[(&[&str], CountQualifier)] = &[
    (&["at", "least"], CountQualifier::AtLeast),
    (&["more", "than"], CountQualifier::AtLeast),
    (&["no", "fewer", "than"], CountQualifier::AtLeast),
    (&["no", "less", "than"], CountQualifier::AtLeast),
    (&["not", "less", "than"], CountQualifier::AtLeast),
    (&["upwards", "of"], CountQualifier::AtLeast),
    (&["in", "excess", "of"], CountQualifier::AtLeast),
    (&["well", "over"], CountQualifier::AtLeast),
    (&["just", "over"], CountQualifier::AtLeast),
    (&["up", "to"], CountQualifier::UpTo),
    (&["as", "many", "as"], CountQualifier::UpTo),
    (&["at", "most"], CountQualifier::UpTo),
    (&["no", "more", "than"], CountQualifier::UpTo),
    (&["fewer", "than"], CountQualifier::UpTo),
    (&["less", "than"], CountQualifier::UpTo),
    (&["just", "under"], CountQualifier::UpTo),
    (&["under"], CountQualifier::UpTo),
    (&["an", "estimated"], CountQualifier::About),
    (&["close", "to"], CountQualifier::About),
    (&["approx"], CountQualifier::About),
];

impl P<'_> {
    fn masked(&self, i: usize) -> bool {
        self.mask.get(i).copied().unwrap_or(true)
    }

    fn lex(&self, i: usize) -> Option<&'static Lex> {
        if i < self.hi { self.toks[i].lex } else { None }
    }

    fn is(&self, i: usize, w: &str) -> bool {
        i < self.hi
            && self.toks[i].kind == TokenKind::Word
            && self.toks[i].text(self.text).eq_ignore_ascii_case(w)
    }

    fn punct(&self, i: usize, p: &str) -> bool {
        i < self.hi && self.toks[i].is_punct(self.text, p)
    }

    fn dash(&self, i: usize) -> bool {
        i < self.hi
            && self.toks[i].kind == TokenKind::Punct
            && matches!(self.toks[i].text(self.text), "-" | "–" | "—")
    }

    fn glued(&self, i: usize) -> bool {
        i < self.hi && !self.toks[i].space_before
    }

    fn has(&self, i: usize, f: u32) -> bool {
        i < self.hi && self.toks[i].has(f)
    }

    /// A qualifier phrase at `i`: its qualifier and the index after it.
    fn qualifier(&self, i: usize) -> Option<(CountQualifier, usize)> {
        if !self.has(i, flag::QSTART) {
            return self.lex(i)?.qualifier.map(|q| (q, i + 1));
        }
        for (words, q) in QUALIFIERS {
            if words.iter().enumerate().all(|(k, w)| self.is(i + k, w)) {
                return Some((*q, i + words.len()));
            }
        }
        self.lex(i)?.qualifier.map(|q| (q, i + 1))
    }

    /// A quantity at `i`: qualifier, number (or "between N and M"), optional range tail.
    fn quantity(&self, i: usize) -> Option<Quantity> {
        if self.is(i, "between") {
            let (a, e1, _, w1) = self.number(i + 1)?;
            if !self.is(e1, "and") {
                return None;
            }
            let (b, e2, _, w2) = self.number(e1 + 1)?;
            if b <= a || self.masked(e1 + 1) {
                return None;
            }
            let count = Count {
                value: a,
                qualifier: CountQualifier::Range,
                high: Some(b),
            };
            return Some(Quantity {
                start: i,
                end: e2,
                count,
                vague: false,
                words: w1 || w2,
                core: i + 1,
            });
        }
        let (qual, k) = self.qualifier(i).unwrap_or((CountQualifier::Exact, i));
        if self.masked(k) {
            return None;
        }
        let (value, mut end, vague, words) = self.number(k)?;
        let mut qualifier = qual;
        if vague && qualifier == CountQualifier::Exact {
            qualifier = CountQualifier::AtLeast;
        }
        if words
            && qualifier == CountQualifier::Exact
            && (self.is(k, "a") || self.is(k, "an"))
            && self.is(k + 1, "dozen")
        {
            qualifier = CountQualifier::About;
        }
        let mut high = None;
        // "15 to 20", "3,000-4,000", "15 or 20".
        let tail = (self.dash(end) && !self.toks[end].space_before)
            || self.is(end, "to")
            || self.is(end, "or");
        if !vague
            && tail
            && !self.masked(end + 1)
            && let Some((b, e2, false, _)) = self.number(end + 1)
            && b > value
        {
            high = Some(b);
            end = e2;
            qualifier = CountQualifier::Range;
        }
        let count = Count {
            value,
            qualifier,
            high,
        };
        Some(Quantity {
            start: i,
            end,
            count,
            vague,
            words,
            core: k,
        })
    }

    /// A number at `i`: (value, end, vague, written in words).
    fn number(&self, i: usize) -> Option<(u32, usize, bool, bool)> {
        if i >= self.hi || self.masked(i) {
            return None;
        }
        let t = &self.toks[i];
        if t.kind == TokenKind::Number {
            let s = t.text(self.text);
            if s.contains(':') {
                return None;
            }
            let scale = match self.lex(i + 1).and_then(|l| l.number) {
                Some(NumWord::Scale(m)) => Some(m),
                _ => None,
            };
            if s.contains('.') {
                // "1.5 million" only: a bare decimal is not a count.
                let m = scale?;
                let f: f64 = s.replace(',', "").parse().ok()?;
                let v = f * f64::from(m);
                return (v >= 0.0 && v < f64::from(u32::MAX)).then_some((
                    v as u32,
                    i + 2,
                    false,
                    false,
                ));
            }
            let mut v: u32 = 0;
            for b in s.bytes().filter(|b| *b != b',') {
                v = v.checked_mul(10)?.checked_add(u32::from(b - b'0'))?;
            }
            if let Some(m) = scale {
                return Some((v.checked_mul(m)?, i + 2, false, false));
            }
            return Some((v, i + 1, false, false));
        }
        if t.kind != TokenKind::Word {
            return None;
        }
        if self.is(i, "half") && self.is(i + 1, "a") && self.is(i + 2, "dozen") {
            return Some((6, i + 3, false, true));
        }
        if self.is(i, "a") || self.is(i, "an") {
            return match self.lex(i + 1)?.number? {
                NumWord::Dozen => Some((12, i + 2, false, true)),
                NumWord::Scale(m) => Some((m, i + 2, false, true)),
                _ => None,
            };
        }
        if let Some(NumWord::Vague(v)) = t.lex.and_then(|l| l.number) {
            return Some((v, i + 1, true, true));
        }
        self.number_words(i).map(|(v, e)| (v, e, false, true))
    }

    /// "thirty-three", "one hundred and forty", "two thousand", "two dozen".
    fn number_words(&self, i: usize) -> Option<(u32, usize)> {
        let mut total: u32 = 0;
        let mut current: u32 = 0;
        let mut k = i;
        let mut any = false;
        while k < self.hi && !self.masked(k) {
            let Some(nw) = self.lex(k).and_then(|l| l.number) else {
                break;
            };
            match nw {
                NumWord::Unit(v) => {
                    if any && !current.is_multiple_of(100) && !current.is_multiple_of(10) {
                        break;
                    }
                    current += v;
                }
                NumWord::Tens(v) => {
                    if any && !current.is_multiple_of(100) {
                        break;
                    }
                    current += v;
                    // "thirty-three"
                    if self.dash(k + 1)
                        && self.glued(k + 1)
                        && self.glued(k + 2)
                        && let Some(NumWord::Unit(u)) = self.lex(k + 2).and_then(|l| l.number)
                        && (1..=9).contains(&u)
                    {
                        current += u;
                        k += 2;
                    }
                }
                NumWord::Scale(100) => {
                    current = current.max(1).checked_mul(100)?;
                }
                NumWord::Scale(m) => {
                    total = total.checked_add(current.max(1).checked_mul(m)?)?;
                    current = 0;
                }
                NumWord::Dozen => {
                    if !any {
                        break;
                    }
                    current = current.checked_mul(12)?;
                }
                NumWord::Vague(_) => break,
            }
            any = true;
            k += 1;
            // "one hundred and forty"
            if self.is(k, "and")
                && (current >= 100 || total > 0)
                && let Some(NumWord::Unit(_) | NumWord::Tens(_)) =
                    self.lex(k + 1).and_then(|l| l.number)
            {
                k += 1;
            }
        }
        any.then(|| (total.saturating_add(current), k))
    }

    /// Why a quantity is not a count, if it is not.
    fn rejection(&self, q: &Quantity) -> Option<&'static str> {
        let before = q.start.checked_sub(1).filter(|&b| b >= self.lo);
        let after = q.end;
        let core = &self.toks[q.core];
        if let Some(b) = before {
            let s = self.toks[b].text(self.text);
            if matches!(s, "$" | "£" | "€" | "¥") || s.eq_ignore_ascii_case("us$") {
                return Some("money, not a count");
            }
            if self.is(b, "aged") || self.is(b, "age") {
                return Some("an age, not a count");
            }
            if self.toks[b].capitalised && self.has(b, flag::LABEL) && !q.words {
                return Some("a label number (\"Resolution 2254\"), not a count");
            }
            if self.punct(b, ".") && b > self.lo && self.has(b - 1, flag::LABEL) {
                return Some("a label number (\"No. 5\"), not a count");
            }
            if self.punct(b, "#") {
                return Some("a label number, not a count");
            }
            // "No one was injured" counts nobody.
            if self.is(b, "no") && self.is(q.core, "one") {
                return Some("\"no one\" is nobody, not a count");
            }
        }
        if self.punct(after, "%") || self.has(after, flag::PERCENT) {
            return Some("a percentage, not a count");
        }
        if self.has(after, flag::MONEY)
            || (self.lex(after).and_then(|l| l.number).is_some()
                && self.has(after + 1, flag::MONEY))
        {
            return Some("money, not a count");
        }
        // "a 24-year-old", "24 years old".
        let year_unit = |k: usize| self.is(k, "year") || self.is(k, "years");
        if (self.dash(after) && year_unit(after + 1))
            || (year_unit(after) && self.is(after + 1, "old"))
        {
            return Some("an age, not a count");
        }
        if self.has(after, flag::MEASURE) {
            return Some("a measure or duration, not a count of people");
        }
        // "24-hour", "5-member": a compound adjective.
        if self.dash(after)
            && self.glued(after)
            && self.glued(after + 1)
            && after + 1 < self.hi
            && self.toks[after + 1].kind == TokenKind::Word
        {
            return Some("part of a compound adjective, not a count");
        }
        if core.kind == TokenKind::Number && !q.words {
            let s = core.text(self.text);
            let noun_after = self.lex(after).is_some_and(|l| l.noun.is_some());
            if s.len() == 4
                && !s.contains(',')
                && (1800..=2100).contains(&q.count.value)
                && !noun_after
            {
                return Some("a year, not a count");
            }
        }
        None
    }

    /// The noun phrase and effect around a quantity.
    fn mention(&self, q: Quantity) -> Mention {
        let mut k = q.end;
        if self.is(k, "of") && (q.vague || q.words) {
            k += 1;
            if self.is(k, "the") || self.is(k, "them") || self.is(k, "those") {
                k += 1;
            }
        }
        let np_start = k;
        let mut noun = None;
        let mut mods = 0;
        while k < self.hi && mods <= 3 && !self.masked(k) {
            let t = &self.toks[k];
            if t.kind == TokenKind::Punct {
                // Hyphenated modifiers ("pro-government").
                if self.dash(k) && self.glued(k) && self.glued(k + 1) && mods > 0 {
                    k += 1;
                    continue;
                }
                break;
            }
            if t.kind != TokenKind::Word {
                break;
            }
            if let Some(n) = t.lex.and_then(|l| l.noun) {
                let n = match n {
                    Noun::Armed(_)
                        if self.is(k, "members") && k > 0 && self.is(k - 1, "service") =>
                    {
                        Noun::Person(VictimKind::Soldiers)
                    }
                    n => n,
                };
                k += 1;
                if matches!(n, Noun::Person(VictimKind::Police)) && self.is(k, "officers") {
                    k += 1;
                }
                noun = Some((k - 1, n));
                break;
            }
            let l = t.lex;
            if l.is_some_and(|l| {
                l.has(flag::STOP | flag::AUX)
                    || l.effect.is_some()
                    || l.number.is_some()
                    || l.qualifier.is_some()
                    || l.unit.is_some()
            }) {
                break;
            }
            mods += 1;
            k += 1;
        }
        // An unknown plural after modifiers ("two airline employees", "six Syrian
        // pedestrians"), up to where the phrase stopped.
        let unknown_plural = |i: usize| {
            i < self.hi
                && !self.masked(i)
                && self.toks[i].kind == TokenKind::Word
                && self.toks[i].lex.is_none()
                && {
                    let s = self.toks[i].text(self.text);
                    s.len() > 3 && (s.ends_with('s') || s.ends_with('S'))
                }
        };
        if noun.is_none() && k > np_start + 1 && k <= np_start + 4 && unknown_plural(k - 1) {
            noun = Some((k - 1, Noun::Unknown));
        } else if noun.is_none() {
            k = np_start;
            // An unknown plural right after the number ("170 Afghans").
            if k < self.hi
                && !self.masked(k)
                && self.toks[k].kind == TokenKind::Word
                && self.toks[k].lex.is_none()
            {
                let s = self.toks[k].text(self.text);
                if s.len() > 3 && (s.ends_with('s') || s.ends_with('S')) {
                    noun = Some((k, Noun::Unknown));
                    k += 1;
                }
            }
        }
        let np_end = if noun.is_some() { k } else { q.end };
        let mut end = np_end;
        let mut first = q.start;
        let mut effect = None;

        // "95 dead", "30 injured"; or "left 20 people dead".
        if let Some((_, Noun::Casualty(e))) = noun {
            effect = Some((e, Source::CasualtyNoun));
        } else if let Some(Noun::Casualty(e)) = self
            .lex(np_end)
            .and_then(|l| l.noun)
            .filter(|_| noun.is_some() && !self.masked(np_end))
        {
            effect = Some((e, Source::CasualtyNoun));
            end = np_end + 1;
        } else if let Some((_, Noun::Bodies | Noun::Lives)) = noun {
            effect = Some((Effect::Killed, Source::CasualtyNoun));
        }
        if effect.is_none()
            && let Some(b) = q.start.checked_sub(1).filter(|&b| b >= self.lo)
        {
            if let Some(e) = self.lex(b).and_then(|l| l.effect) {
                if !self.is(b, "hostage") && !self.is(b, "dead") {
                    effect = Some((e, Source::VerbBefore));
                    first = b;
                }
            } else if self.is(b, "of") && b > self.lo && self.is(b - 1, "lives") {
                effect = Some((Effect::Killed, Source::LivesOf));
            } else if let Some(t) = self.toll_before(b) {
                effect = Some((Effect::Killed, Source::Toll));
                first = if t > self.lo && self.is(t - 1, "death") {
                    t - 1
                } else {
                    t
                };
            }
        }
        if effect.is_none()
            && let Some((e, stop)) = self.verb_after(np_end)
        {
            effect = Some((e, Source::VerbAfter));
            end = stop;
        }
        Mention {
            q,
            noun,
            first,
            end,
            np_end,
            effect,
            group: usize::MAX,
        }
    }

    /// "death toll rose to", "toll stood at", "a toll of": a "toll" within five words before.
    fn toll_before(&self, b: usize) -> Option<usize> {
        let lo = b.saturating_sub(5).max(self.lo);
        let t = (lo..=b).rev().find(|&k| self.has(k, flag::TOLL))?;
        (t..=b)
            .all(|k| self.toks[k].kind == TokenKind::Word)
            .then_some(t)
    }

    /// An effect verb after a count's noun phrase: "were killed", "died", "are feared dead".
    /// A bare past form with an object after it is active ("3 gunmen killed 20 people") and
    /// says nothing about the count before it.
    fn verb_after(&self, k: usize) -> Option<(Effect, usize)> {
        let mut j = k;
        // "Six people, including the bombers, were killed": an aside set off by commas
        // stands between the count and its verb.
        if self.punct(j, ",")
            && (self.is(j + 1, "including") || self.is(j + 1, "among"))
            && let Some(c) = (j + 2..(j + 12).min(self.hi)).find(|&i| self.punct(i, ","))
        {
            j = c + 1;
        }
        let mut aux = 0;
        while aux < 4 && self.has(j, flag::AUX) && !self.masked(j) {
            j += 1;
            aux += 1;
        }
        // "were seriously injured", "were reportedly killed": an adverb before the verb.
        let mut adverbs = 0;
        while aux > 0
            && adverbs < 2
            && MANNER_ADVERBS.iter().any(|a| self.is(j, a))
            && !self.masked(j)
        {
            j += 1;
            adverbs += 1;
        }
        if self.is(j, "lost") && self.is(j + 1, "their") && self.is(j + 2, "lives") {
            return Some((Effect::Killed, j + 3));
        }
        if self.is(j, "taken") && self.is(j + 1, "hostage") {
            return Some((Effect::Kidnapped, j + 2));
        }
        let e = self.lex(j)?.effect?;
        if self.masked(j) {
            return None;
        }
        let intransitive = self.is(j, "died")
            || self.is(j, "dead")
            || self.is(j, "hurt")
            || self.is(j, "perished");
        if aux == 0 && !intransitive {
            let n = j + 1;
            let object = n < self.hi
                && match self.toks[n].kind {
                    TokenKind::Number => true,
                    TokenKind::Word => self
                        .lex(n)
                        .is_none_or(|l| !l.has(flag::STOP) || self.is(n, "the") || self.is(n, "a")),
                    _ => false,
                };
            if object {
                return None;
            }
        }
        Some((e, j + 1))
    }
}

/// Adverbs that may stand between an auxiliary and the effect verb of a count.
const MANNER_ADVERBS: &[&str] = &[
    "slightly",
    "seriously",
    "critically",
    "badly",
    "severely",
    "gravely",
    "lightly",
    "mortally",
    "fatally",
    "reportedly",
    "allegedly",
    "also",
    "all",
    "later",
];

/// Ties counts joined by "and" to one verb: "killed 170 civilians and 13 soldiers" (the verb
/// before applies to every part) and "13 service members and 170 Afghans were killed" (the
/// verb after does). Linked counts share a group and are summed.
fn link(p: &P, ms: &mut [Mention]) {
    for (k, m) in ms.iter_mut().enumerate() {
        m.group = k;
    }
    let joined = |a: &Mention, b: &Mention| {
        let gap = a.np_end..b.q.start;
        match gap.len() {
            1 => p.is(gap.start, "and") || p.punct(gap.start, ","),
            2 => p.punct(gap.start, ",") && p.is(gap.start + 1, "and"),
            _ => false,
        }
    };
    let n = ms.len();
    for k in 0..n.saturating_sub(1) {
        if ms[k + 1].effect.is_none()
            && joined(&ms[k], &ms[k + 1])
            && let Some((e, Source::VerbBefore | Source::Inherited)) = ms[k].effect
        {
            ms[k + 1].effect = Some((e, Source::Inherited));
            ms[k + 1].group = ms[k].group;
        }
    }
    let mut back = vec![false; n];
    for k in (0..n.saturating_sub(1)).rev() {
        if ms[k].effect.is_some() || !joined(&ms[k], &ms[k + 1]) {
            continue;
        }
        let e = match ms[k + 1].effect {
            Some((e, Source::VerbAfter)) => e,
            Some((e, Source::Inherited)) if back[k + 1] => e,
            _ => continue,
        };
        ms[k].effect = Some((e, Source::Inherited));
        ms[k].group = ms[k + 1].group;
        back[k] = true;
    }
}

fn thing_of(effect: Option<Effect>, noun: Option<Noun>) -> Option<CountedThing> {
    Some(match (effect, noun) {
        (Some(Effect::Killed), _) => CountedThing::Killed,
        (Some(Effect::Injured), _) => CountedThing::Injured,
        (Some(Effect::Kidnapped), _) => CountedThing::Kidnapped,
        (Some(Effect::Arrested), _) => CountedThing::Arrested,
        (None, Some(Noun::Armed(_))) => CountedThing::Fighters,
        (None, Some(Noun::Attendee)) => CountedThing::Attendees,
        (None, Some(Noun::Attack)) => CountedThing::Attacks,
        (None, Some(Noun::Airstrike)) => CountedThing::Airstrikes,
        (None, Some(_)) => CountedThing::Other,
        (None, None) => return None,
    })
}

/// The victim kind of a noun; an unknown plural ("Afghans") counts as people of another
/// kind only when a casualty verb applies to it ("two bombs" are not victims).
fn victim_of(noun: Option<Noun>, effect: bool) -> Option<VictimKind> {
    match noun? {
        Noun::Person(v) | Noun::Armed(v) => Some(v),
        Noun::Unknown if effect => Some(VictimKind::Other),
        _ => None,
    }
}

fn rule_of(m: &Mention) -> &'static str {
    if m.q.vague {
        return "count.vague_acled";
    }
    match m.effect.map(|(_, s)| s) {
        Some(Source::VerbBefore) => "count.verb_before",
        Some(Source::VerbAfter) => "count.verb_after",
        Some(Source::CasualtyNoun) => "count.casualty_noun",
        Some(Source::Toll) => "count.toll",
        Some(Source::LivesOf) => "count.lives_of",
        Some(Source::Inherited) => "count.shared_verb",
        None => "count.noun",
    }
}

fn confidence_of(m: &Mention) -> f64 {
    let base = match m.effect.map(|(_, s)| s) {
        Some(Source::VerbBefore | Source::VerbAfter | Source::CasualtyNoun) => 0.9,
        Some(Source::Toll | Source::LivesOf) => 0.85,
        Some(Source::Inherited) => 0.8,
        None => 0.6,
    };
    let base = if m.q.vague { base * 0.7 } else { base };
    if m.noun.is_none() && m.effect.is_none() {
        base * 0.5
    } else {
        base
    }
}

/// Sums parts: lows add up, highs add up, and the loosest qualifier wins.
fn sum(parts: &[&Mention]) -> Count {
    let mut value: u32 = 0;
    let mut high: u32 = 0;
    let mut qualifier = CountQualifier::Exact;
    for m in parts {
        let c = m.q.count;
        value = value.saturating_add(c.value);
        high = high.saturating_add(c.high.unwrap_or(c.value));
        qualifier = match (qualifier, c.qualifier) {
            (q, CountQualifier::Exact) => q,
            (CountQualifier::Exact, q) => q,
            (a, b) if a == b => a,
            _ => CountQualifier::About,
        };
    }
    let high = (qualifier == CountQualifier::Range && high > value).then_some(high);
    Count {
        value,
        qualifier,
        high,
    }
}

fn emit(p: &P, ms: &[Mention], out: &mut Vec<Found<CountValue>>) {
    let span_of = |a: usize, b: usize| Span::new(p.toks[a].span.start, p.toks[b - 1].span.end);
    let mut k = 0;
    while k < ms.len() {
        let g = ms[k].group;
        let mut e = k + 1;
        while e < ms.len() && ms[e].group == g {
            e += 1;
        }
        let members: Vec<&Mention> = ms[k..e].iter().collect();
        k = e;
        let head = members[0];
        let last = members[members.len() - 1];
        let effect = members.iter().find_map(|m| m.effect.map(|(e, _)| e));
        let noun = last.noun.map(|(_, n)| n);
        let Some(thing) = thing_of(effect, noun) else {
            continue;
        };
        // "one of its fighters": without a verb, "one" is a pronoun more often than a count.
        if effect.is_none() && head.q.words && head.q.count.value == 1 {
            continue;
        }
        let first = members.iter().map(|m| m.first).min().unwrap_or(head.first);
        let end = members.iter().map(|m| m.end).max().unwrap_or(last.end);
        let noun_span = |m: &Mention| m.noun.map(|(i, _)| p.toks[i].span);
        if members.len() == 1 {
            let value = CountValue {
                count: head.q.count,
                thing,
                victim: victim_of(head.noun.map(|(_, n)| n), effect.is_some()),
                noun: noun_span(head),
                parts: Vec::new(),
            };
            out.push(Found {
                value,
                span: span_of(first, end),
                rule: rule_of(head),
                confidence: confidence_of(head),
            });
            continue;
        }
        let parts: Vec<CountPart> = members
            .iter()
            .map(|m| CountPart {
                count: m.q.count,
                victim: victim_of(m.noun.map(|(_, n)| n), effect.is_some()),
                noun: noun_span(m),
                span: span_of(m.q.start, m.np_end.max(m.q.end)),
            })
            .collect();
        let victim = parts[0]
            .victim
            .filter(|v| parts.iter().all(|p| p.victim == Some(*v)));
        let value = CountValue {
            count: sum(&members),
            thing,
            victim,
            noun: None,
            parts,
        };
        let confidence = members.iter().map(|m| confidence_of(m)).fold(1.0, f64::min);
        out.push(Found {
            value,
            span: span_of(first, end),
            rule: "count.sum",
            confidence,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Span text, value, high, qualifier, thing, victim.
    type Row = (
        String,
        u32,
        Option<u32>,
        CountQualifier,
        CountedThing,
        Option<VictimKind>,
    );

    fn counts(text: &str) -> Vec<Row> {
        crate::analyse(text, None)
            .counts
            .into_iter()
            .map(|f| {
                let v = f.value;
                (
                    f.span.slice(text).unwrap().to_string(),
                    v.count.value,
                    v.count.high,
                    v.count.qualifier,
                    v.thing,
                    v.victim,
                )
            })
            .collect()
    }

    #[test]
    fn verbs_before_and_after() {
        let c = counts(
            "The attack left 95 dead. Gunmen opened fire, killing 137 people and injuring more than 100 others.",
        );
        assert_eq!(c.len(), 3, "{c:?}");
        assert_eq!((c[0].1, c[0].4), (95, CountedThing::Killed));
        assert_eq!(
            (c[1].0.as_str(), c[1].1, c[1].4),
            ("killing 137 people", 137, CountedThing::Killed)
        );
        assert_eq!(
            (c[2].1, c[2].3, c[2].4),
            (100, CountQualifier::AtLeast, CountedThing::Injured)
        );
    }

    #[test]
    fn an_including_aside_does_not_hide_the_verb() {
        let c = counts("Six people, including the two bombers, were killed in the blast.");
        assert_eq!(c.len(), 1, "{c:?}");
        assert_eq!((c[0].1, c[0].4), (6, CountedThing::Killed));
    }

    #[test]
    fn sums_keep_parts() {
        let text = "At least 13 US service members and 170 Afghans were killed.";
        let a = crate::analyse(text, None);
        assert_eq!(a.counts.len(), 1);
        let v = &a.counts[0].value;
        assert_eq!(
            (v.count.value, v.count.qualifier, v.thing),
            (183, CountQualifier::AtLeast, CountedThing::Killed)
        );
        assert_eq!(v.parts.len(), 2);
        assert_eq!(v.parts[0].victim, Some(VictimKind::Soldiers));
        assert_eq!(a.counts[0].rule, "count.sum");
    }

    #[test]
    fn wire_copy_and_number_words() {
        let c = counts("FIVE PEASANTS WERE KILLED. THE GUERRILLAS KILLED 5 PEOPLE.");
        assert_eq!(c[0].1, 5);
        assert_eq!(c[0].5, Some(VictimKind::Civilians));
        assert_eq!(
            (c[1].0.as_str(), c[1].4),
            ("KILLED 5 PEOPLE", CountedThing::Killed)
        );
        assert_eq!(counts("one hundred and forty people died")[0].1, 140);
        assert_eq!(counts("thirty-three soldiers were wounded")[0].1, 33);
    }

    #[test]
    fn vague_ranges_and_other_things() {
        let c = counts("Dozens were wounded.");
        assert_eq!(
            (c[0].1, c[0].3, c[0].4),
            (12, CountQualifier::AtLeast, CountedThing::Injured)
        );
        let c = counts("The group has 3,000-4,000 fighters and drew some 6,000 attendees.");
        assert_eq!(
            (c[0].1, c[0].2, c[0].4),
            (3000, Some(4000), CountedThing::Fighters)
        );
        assert_eq!(
            (c[1].1, c[1].3, c[1].4),
            (6000, CountQualifier::About, CountedThing::Attendees)
        );
    }

    #[test]
    fn non_counts_are_rejected() {
        let a = crate::analyse(
            "A 24-year-old paid $500 for 10 km; 40% of 2019 was calm.",
            None,
        );
        assert!(a.counts.is_empty(), "{:?}", a.counts);
        assert!(a.diagnostics.of_kind(NoteKind::Rejected).count() >= 3);
    }

    #[test]
    fn active_verb_after_a_count_is_not_its_effect() {
        let c = counts("Three gunmen killed 20 people.");
        assert_eq!(c.len(), 2, "{c:?}");
        assert_eq!((c[0].1, c[0].4), (3, CountedThing::Other));
        assert_eq!((c[1].1, c[1].4), (20, CountedThing::Killed));
    }
}

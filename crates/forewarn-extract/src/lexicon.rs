//! The closed word lists every stage consults, looked up once per word token.
//!
//! Each lower-cased word maps to one [`Lex`] entry that records every role the word can play
//! (a month, a number word, a casualty verb, a victim noun...). Looking a token up once and
//! keeping the entry on the token is what lets the later stages run without a regular
//! expression or an allocation per token.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use forewarn_model::CountQualifier;
use jiff::civil::Weekday;

/// Longest word that can be in the lexicon; longer words are not looked up.
pub(crate) const MAX_KEY: usize = 16;

/// Flags: abbreviation classes and function-word classes.
pub(crate) mod flag {
    /// Title before a name ("Gen.", "Mr."): never ends a sentence.
    pub const ABBR_TITLE: u32 = 1;
    /// Abbreviation that precedes a number ("No. 5", "Jan. 10").
    pub const ABBR_NUMBER: u32 = 1 << 1;
    /// Abbreviation that can end a sentence ("Inc.", "etc.").
    pub const ABBR_GENERAL: u32 = 1 << 2;
    /// A word that often starts a sentence (closed class: pronouns, determiners...).
    pub const STARTER: u32 = 1 << 3;
    /// A preposition or modifier after which a bare month or year is a date.
    pub const TEMPORAL_PREP: u32 = 1 << 4;
    /// An auxiliary or adverb that may sit between a count and its verb.
    pub const AUX: u32 = 1 << 5;
    /// Money units ("dollars").
    pub const MONEY: u32 = 1 << 6;
    /// Measurement units that make a number not a count of people ("km", "hours").
    pub const MEASURE: u32 = 1 << 7;
    /// "percent", "per cent".
    pub const PERCENT: u32 = 1 << 8;
    /// A word that ends a noun phrase (prepositions, conjunctions, determiners).
    pub const STOP: u32 = 1 << 9;
    /// A named label before a number ("Resolution 2254", "Route 1").
    pub const LABEL: u32 = 1 << 10;
    /// "left", "leaving": casualty verb only with "dead"/"wounded" after the count.
    pub const LEAVE: u32 = 1 << 11;
    /// "toll".
    pub const TOLL: u32 = 1 << 12;
    /// Connectors of hard-wrapped lines: a line ending in one never ends a sentence.
    pub const CONNECTOR: u32 = 1 << 13;
    /// A word that can start a temporal expression.
    pub const TSTART: u32 = 1 << 14;
    /// The first word of a multi-word count qualifier ("at least", "more than").
    pub const QSTART: u32 = 1 << 15;
}

/// What kind of number word a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumWord {
    /// zero..nineteen (and "a"/"an" is handled by the parser, not here).
    Unit(u32),
    /// twenty, thirty...
    Tens(u32),
    /// hundred, thousand, million.
    Scale(u32),
    /// "dozen": 12, multiplies like a scale word.
    Dozen,
    /// A vague plural ("dozens", "hundreds", "tens"): the value a stated coding rule gives.
    Vague(u32),
}

/// Time units for relative expressions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TimeUnit {
    Day,
    Week,
    Month,
    Year,
    Decade,
}

/// Seasons (northern-hemisphere meteorological: spring is March to May).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Season {
    Spring,
    Summer,
    Autumn,
    Winter,
}

/// Early / middle / late part of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    Early,
    Mid,
    Late,
}

/// Casualty and arrest verbs or adjectives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Effect {
    Killed,
    Injured,
    Kidnapped,
    Arrested,
}

/// Nouns a count can be of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Noun {
    /// A kind of person (victim kind).
    Person(crate::counts::VictimKind),
    /// Armed members of a group: counted as fighters when no casualty verb applies.
    Armed(crate::counts::VictimKind),
    /// People attending something.
    Attendee,
    /// Attacks, bombings, raids.
    Attack,
    /// Airstrikes.
    Airstrike,
    /// "others" in "and injuring 100 others".
    Others,
    /// "dead", "wounded" used as nouns ("left 95 dead", "30 injured").
    Casualty(Effect),
    /// "bodies".
    Bodies,
    /// "lives" in "claimed 50 lives".
    Lives,
    /// A plural the lexicon does not know ("Afghans", "bombs").
    Unknown,
}

/// Every role one lower-cased word can play.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Lex {
    pub flags: u32,
    pub month: Option<u8>,
    pub weekday: Option<Weekday>,
    pub number: Option<NumWord>,
    pub ordinal: Option<u8>,
    pub unit: Option<TimeUnit>,
    pub season: Option<Season>,
    pub part: Option<Part>,
    pub effect: Option<Effect>,
    pub noun: Option<Noun>,
    pub qualifier: Option<CountQualifier>,
}

impl Lex {
    pub fn has(&self, f: u32) -> bool {
        self.flags & f != 0
    }
}

/// FNV-1a: the keys are short ASCII words, for which it is faster than SipHash.
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type Map = HashMap<&'static [u8], Lex, BuildHasherDefault<Fnv>>;

static LEXICON: LazyLock<Map> = LazyLock::new(build);

/// Looks a word up case-insensitively. Words longer than [`MAX_KEY`] bytes or with non-ASCII
/// letters are not in the lexicon.
pub(crate) fn lookup(word: &str) -> Option<&'static Lex> {
    let bytes = word.as_bytes();
    if bytes.is_empty() || bytes.len() > MAX_KEY {
        return None;
    }
    let mut buf = [0u8; MAX_KEY];
    for (d, s) in buf.iter_mut().zip(bytes) {
        if !s.is_ascii() {
            return None;
        }
        *d = s.to_ascii_lowercase();
    }
    LEXICON.get(&buf[..bytes.len()])
}

fn add(m: &mut Map, words: &[&'static str], f: impl Fn(&mut Lex)) {
    for w in words {
        f(m.entry(w.as_bytes()).or_default());
    }
}

fn build() -> Map {
    use crate::counts::VictimKind as V;
    use flag::*;
    let mut m = Map::default();

    const MONTHS: [&[&str]; 12] = [
        &["january", "jan"],
        &["february", "feb"],
        &["march", "mar"],
        &["april", "apr"],
        &["may"],
        &["june", "jun"],
        &["july", "jul"],
        &["august", "aug"],
        &["september", "sep", "sept"],
        &["october", "oct"],
        &["november", "nov"],
        &["december", "dec"],
    ];
    for (i, names) in MONTHS.iter().enumerate() {
        add(&mut m, names, |l| l.month = Some(i as u8 + 1));
    }
    add(
        &mut m,
        &[
            "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        ],
        |l| l.flags |= ABBR_NUMBER,
    );
    let weekdays = [
        ("monday", Weekday::Monday),
        ("tuesday", Weekday::Tuesday),
        ("wednesday", Weekday::Wednesday),
        ("thursday", Weekday::Thursday),
        ("friday", Weekday::Friday),
        ("saturday", Weekday::Saturday),
        ("sunday", Weekday::Sunday),
    ];
    for (w, d) in weekdays {
        add(&mut m, &[w], |l| l.weekday = Some(d));
    }

    let units = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    for (i, w) in units.iter().enumerate() {
        add(&mut m, &[w], |l| l.number = Some(NumWord::Unit(i as u32)));
    }
    let tens = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    for (i, w) in tens.iter().enumerate() {
        add(&mut m, &[w], |l| {
            l.number = Some(NumWord::Tens(20 + 10 * i as u32))
        });
    }
    add(&mut m, &["hundred"], |l| {
        l.number = Some(NumWord::Scale(100))
    });
    add(&mut m, &["thousand"], |l| {
        l.number = Some(NumWord::Scale(1_000))
    });
    add(&mut m, &["million"], |l| {
        l.number = Some(NumWord::Scale(1_000_000))
    });
    add(&mut m, &["dozen"], |l| l.number = Some(NumWord::Dozen));
    // Vague plurals, coded as ACLED does (see `counts` for the rule and its source).
    add(&mut m, &["dozens"], |l| l.number = Some(NumWord::Vague(12)));
    add(&mut m, &["tens"], |l| l.number = Some(NumWord::Vague(10)));
    add(&mut m, &["hundreds"], |l| {
        l.number = Some(NumWord::Vague(100))
    });
    add(&mut m, &["thousands"], |l| {
        l.number = Some(NumWord::Vague(1_000))
    });
    add(&mut m, &["scores"], |l| l.number = Some(NumWord::Vague(20)));

    let ordinals = [
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
        "twentieth",
    ];
    for (i, w) in ordinals.iter().enumerate() {
        add(&mut m, &[w], |l| l.ordinal = Some(i as u8 + 1));
    }
    add(&mut m, &["thirtieth"], |l| l.ordinal = Some(30));

    add(&mut m, &["day", "days"], |l| l.unit = Some(TimeUnit::Day));
    add(&mut m, &["week", "weeks"], |l| {
        l.unit = Some(TimeUnit::Week)
    });
    add(&mut m, &["month", "months"], |l| {
        l.unit = Some(TimeUnit::Month)
    });
    add(&mut m, &["year", "years"], |l| {
        l.unit = Some(TimeUnit::Year)
    });
    add(&mut m, &["decade", "decades"], |l| {
        l.unit = Some(TimeUnit::Decade)
    });
    add(&mut m, &["spring"], |l| l.season = Some(Season::Spring));
    add(&mut m, &["summer"], |l| l.season = Some(Season::Summer));
    add(&mut m, &["autumn", "fall"], |l| {
        l.season = Some(Season::Autumn)
    });
    add(&mut m, &["winter"], |l| l.season = Some(Season::Winter));
    add(&mut m, &["early", "beginning", "start"], |l| {
        l.part = Some(Part::Early)
    });
    add(&mut m, &["mid", "middle"], |l| l.part = Some(Part::Mid));
    add(&mut m, &["late", "end"], |l| l.part = Some(Part::Late));

    add(
        &mut m,
        &[
            "killed", "killing", "kill", "kills", "dead", "died", "die", "slain", "murdered",
        ],
        |l| l.effect = Some(Effect::Killed),
    );
    add(
        &mut m,
        &[
            "executed",
            "executing",
            "massacred",
            "perished",
            "beheaded",
            "slaughtered",
        ],
        |l| l.effect = Some(Effect::Killed),
    );
    add(
        &mut m,
        &[
            "wounded", "wounding", "injured", "injuring", "injure", "hurt", "maimed",
        ],
        |l| l.effect = Some(Effect::Injured),
    );
    add(
        &mut m,
        &[
            "kidnapped",
            "kidnapping",
            "abducted",
            "abducting",
            "hostage",
            "hostages",
        ],
        |l| l.effect = Some(Effect::Kidnapped),
    );
    add(
        &mut m,
        &[
            "arrested",
            "arresting",
            "detained",
            "detaining",
            "captured",
            "capturing",
            "apprehended",
        ],
        |l| l.effect = Some(Effect::Arrested),
    );
    add(&mut m, &["left", "leaving", "leave", "leaves"], |l| {
        l.flags |= LEAVE
    });
    add(&mut m, &["toll"], |l| l.flags |= TOLL);

    let persons: &[(&[&str], V)] = &[
        (
            &[
                "people",
                "persons",
                "individuals",
                "person",
                "men",
                "man",
                "residents",
            ],
            V::People,
        ),
        (
            &[
                "civilians",
                "civilian",
                "peasants",
                "villagers",
                "farmers",
                "workers",
                "passengers",
                "shoppers",
                "pedestrians",
                "students",
                "journalists",
                "bystanders",
            ],
            V::Civilians,
        ),
        (
            &[
                "soldiers",
                "soldier",
                "troops",
                "servicemen",
                "marines",
                "servicemembers",
                "paratroopers",
                "conscripts",
                "personnel",
            ],
            V::Soldiers,
        ),
        (
            &[
                "police",
                "policemen",
                "policeman",
                "officers",
                "guards",
                "policewomen",
            ],
            V::Police,
        ),
        (
            &[
                "attackers",
                "gunmen",
                "assailants",
                "bombers",
                "gunman",
                "attacker",
            ],
            V::Attackers,
        ),
        (
            &["children", "kids", "minors", "boys", "girls", "child"],
            V::Children,
        ),
        (&["women", "woman"], V::Women),
        (
            &[
                "worshippers",
                "worshipers",
                "pilgrims",
                "mourners",
                "devotees",
            ],
            V::Worshippers,
        ),
        (
            &[
                "officials",
                "ministers",
                "diplomats",
                "judges",
                "lawmakers",
                "politicians",
            ],
            V::Officials,
        ),
    ];
    for (words, kind) in persons {
        add(&mut m, words, |l| l.noun = Some(Noun::Person(*kind)));
    }
    add(
        &mut m,
        &[
            "fighters",
            "militants",
            "insurgents",
            "rebels",
            "guerrillas",
            "terrorists",
            "jihadists",
            "members",
            "combatants",
            "recruits",
            "extremists",
            "militiamen",
            "fighter",
            "militant",
        ],
        |l| l.noun = Some(Noun::Armed(V::Militants)),
    );
    add(
        &mut m,
        &[
            "attendees",
            "spectators",
            "concertgoers",
            "participants",
            "protesters",
        ],
        |l| l.noun = Some(Noun::Attendee),
    );
    add(
        &mut m,
        &[
            "attacks",
            "bombings",
            "raids",
            "assaults",
            "ambushes",
            "explosions",
            "incidents",
            "blasts",
        ],
        |l| l.noun = Some(Noun::Attack),
    );
    add(
        &mut m,
        &["airstrikes", "strikes", "sorties", "air-strikes"],
        |l| l.noun = Some(Noun::Airstrike),
    );
    add(&mut m, &["others"], |l| l.noun = Some(Noun::Others));
    add(&mut m, &["dead"], |l| {
        l.noun = Some(Noun::Casualty(Effect::Killed))
    });
    add(&mut m, &["wounded", "injured"], |l| {
        l.noun = Some(Noun::Casualty(Effect::Injured))
    });
    add(&mut m, &["bodies", "corpses"], |l| {
        l.noun = Some(Noun::Bodies)
    });
    add(&mut m, &["lives"], |l| l.noun = Some(Noun::Lives));

    add(
        &mut m,
        &[
            "about",
            "around",
            "nearly",
            "almost",
            "some",
            "approximately",
            "roughly",
            "estimated",
        ],
        |l| l.qualifier = Some(CountQualifier::About),
    );
    add(&mut m, &["over", "upwards", "exceeding"], |l| {
        l.qualifier = Some(CountQualifier::AtLeast)
    });

    add(
        &mut m,
        &[
            "mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt", "cpt", "sgt", "cpl", "pvt",
            "adm", "gov", "sen", "rep", "rev", "prof", "st", "mt", "ft", "brig", "cmdr", "cdr",
            "insp", "supt", "hon", "messrs", "pres", "gens", "sr", "fr", "msgr", "amb", "lieut",
        ],
        |l| l.flags |= ABBR_TITLE,
    );
    add(
        &mut m,
        &["no", "nos", "vol", "art", "pp", "p", "fig"],
        |l| l.flags |= ABBR_NUMBER,
    );
    add(
        &mut m,
        &[
            "inc", "corp", "co", "ltd", "jr", "etc", "vs", "approx", "est", "dept", "govt", "assn",
            "bros", "ave", "blvd", "rd", "intl", "u.s.", "u.n.", "a.m.", "p.m.", "e.g.", "i.e.",
            "u.k.", "e.u.", "d.c.",
        ],
        |l| l.flags |= ABBR_GENERAL,
    );
    add(
        &mut m,
        &[
            "the",
            "a",
            "an",
            "he",
            "she",
            "it",
            "they",
            "we",
            "i",
            "you",
            "his",
            "her",
            "their",
            "its",
            "this",
            "that",
            "these",
            "those",
            "there",
            "in",
            "on",
            "at",
            "after",
            "before",
            "but",
            "however",
            "meanwhile",
            "when",
            "while",
            "although",
            "according",
            "during",
            "earlier",
            "later",
            "last",
            "yet",
            "some",
            "many",
            "most",
            "as",
            "if",
            "for",
            "by",
            "with",
            "from",
            "since",
            "security",
            "police",
            "officials",
            "witnesses",
            "no",
        ],
        |l| l.flags |= STARTER,
    );
    add(
        &mut m,
        &[
            "in",
            "since",
            "of",
            "by",
            "until",
            "till",
            "during",
            "from",
            "to",
            "through",
            "between",
            "before",
            "after",
            "around",
            "circa",
            "early",
            "late",
            "mid",
            "and",
            "or",
            "on",
            "until",
            "throughout",
            "last",
            "this",
            "next",
            "past",
            "end",
            "beginning",
            "start",
            "middle",
        ],
        |l| l.flags |= TEMPORAL_PREP,
    );
    add(
        &mut m,
        &[
            "were",
            "was",
            "are",
            "is",
            "have",
            "has",
            "had",
            "been",
            "be",
            "being",
            "reportedly",
            "also",
            "all",
            "later",
            "subsequently",
            "allegedly",
            "reported",
            "believed",
            "to",
            "confirmed",
            "feared",
            "were",
            "being",
            "apparently",
            "either",
            "both",
            "initially",
            "officially",
            "now",
            "already",
            "then",
        ],
        |l| l.flags |= AUX,
    );
    add(
        &mut m,
        &[
            "dollars", "dollar", "euros", "euro", "pounds", "afghanis", "rupees", "usd", "eur",
            "colones", "soles", "pesos", "intis", "yuan", "rubles", "riyals",
        ],
        |l| l.flags |= MONEY,
    );
    add(
        &mut m,
        &[
            "km",
            "kilometres",
            "kilometers",
            "kilometre",
            "kilometer",
            "miles",
            "mile",
            "metres",
            "meters",
            "metre",
            "meter",
            "kg",
            "kilograms",
            "tons",
            "tonnes",
            "pounds",
            "hours",
            "hour",
            "minutes",
            "minute",
            "seconds",
            "days",
            "weeks",
            "months",
            "years",
            "decades",
            "a.m.",
            "p.m.",
            "am",
            "pm",
            "gmt",
            "utc",
            "m",
            "mm",
            "cm",
            "feet",
            "ft",
            "times",
            "kilos",
            "grams",
            "litres",
            "liters",
            "acres",
            "hectares",
            "degrees",
            "calibre",
            "caliber",
        ],
        |l| l.flags |= MEASURE,
    );
    add(&mut m, &["percent", "pct", "per"], |l| l.flags |= PERCENT);
    add(
        &mut m,
        &[
            "of",
            "in",
            "on",
            "at",
            "by",
            "for",
            "from",
            "with",
            "and",
            "or",
            "but",
            "the",
            "a",
            "an",
            "to",
            "into",
            "near",
            "after",
            "before",
            "during",
            "when",
            "while",
            "who",
            "which",
            "that",
            "as",
            "than",
            "including",
            "among",
            "across",
            "inside",
            "outside",
        ],
        |l| l.flags |= STOP,
    );
    add(
        &mut m,
        &[
            "resolution",
            "route",
            "highway",
            "flight",
            "article",
            "chapter",
            "section",
            "camp",
            "paragraph",
            "block",
            "district",
            "zone",
            "sector",
            "gate",
            "platform",
            "terminal",
            "room",
            "number",
            "unit",
            "battalion",
            "brigade",
            "division",
            "phase",
            "level",
            "page",
            "line",
            "no",
            "nos",
            "code",
            "law",
            "decree",
            "version",
            "tier",
            "grade",
            "class",
            "channel",
            "bus",
            "km",
        ],
        |l| l.flags |= LABEL,
    );
    add(
        &mut m,
        &[
            "and", "or", "of", "the", "a", "an", "to", "in", "on", "at", "by", "for", "from",
            "with", "that", "which", "who", "as", "than", "its", "their", "his", "her", "this",
            "were", "was", "said", "had", "has", "have", "be", "been", "is", "are", "not", "into",
            "some", "about", "over", "under", "between", "among", "near", "after", "before",
            "during",
        ],
        |l| l.flags |= CONNECTOR,
    );
    add(
        &mut m,
        &[
            "yesterday",
            "today",
            "tonight",
            "tomorrow",
            "recent",
            "last",
            "this",
            "next",
            "past",
            "the",
            "between",
            "from",
            "since",
            "earlier",
            "a",
            "an",
            "one",
        ],
        |l| l.flags |= TSTART,
    );
    add(
        &mut m,
        &[
            "at", "more", "no", "not", "upwards", "in", "well", "just", "up", "as", "fewer",
            "less", "under", "an", "a", "close", "approx", "between", "half",
        ],
        |l| l.flags |= QSTART,
    );
    // Every other word that can start a temporal expression has a role that says so.
    for l in m.values_mut() {
        if l.month.is_some()
            || l.weekday.is_some()
            || l.season.is_some()
            || l.part.is_some()
            || l.number.is_some()
        {
            l.flags |= TSTART;
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_short_lower_case_ascii() {
        for key in LEXICON.keys() {
            assert!(key.len() <= MAX_KEY, "{key:?} is longer than MAX_KEY");
            assert!(
                key.iter().all(|b| b.is_ascii() && !b.is_ascii_uppercase()),
                "{key:?}"
            );
        }
    }

    #[test]
    fn lookup_ignores_case_and_knows_roles() {
        assert_eq!(lookup("MARCH").and_then(|l| l.month), Some(3));
        assert_eq!(
            lookup("Dozens").and_then(|l| l.number),
            Some(NumWord::Vague(12))
        );
        assert!(lookup("Gen").is_some_and(|l| l.has(flag::ABBR_TITLE)));
        assert!(lookup("Kabul").is_none());
        assert!(lookup("Ünïcode").is_none());
    }
}

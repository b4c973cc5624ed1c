//! Role fillers of an incident read as noun phrases from the sentences that tell it: the
//! weapons used, the physical targets damaged, the people who acted (described, not named:
//! "urban guerrillas", "two men"), and people named as victims. Text without capitals
//! (upper-case wire copy, lower-cased corpora) gives no case to find names by, so names are
//! found by the words around them: a title ("father", "mayor"), a harm noun ("the murder
//! of"), a harm participle ("the assassinated").

use forewarn_model::Span;

use crate::Segmented;
use crate::phrases::PHRASE_STOP;

/// One role filler as written, with its span and the rule that read it.
#[derive(Debug, Clone, PartialEq)]
pub struct RoleMention {
    /// The noun phrase as written.
    pub text: String,
    /// Where it is.
    pub span: Span,
    /// The rule that read it, e.g. `roles.weapon.head`.
    pub rule: &'static str,
}

/// The fillers of an incident's roles, one mention per referent (by head word).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IncidentRoles {
    /// Weapons used.
    pub weapons: Vec<RoleMention>,
    /// Physical targets attacked or damaged.
    pub targets: Vec<RoleMention>,
    /// Descriptions of the people who acted.
    pub perpetrators: Vec<RoleMention>,
}

/// Heads of weapon noun phrases.
const WEAPON_HEADS: &[&str] = &[
    "bomb",
    "bombs",
    "explosive",
    "explosives",
    "dynamite",
    "grenade",
    "grenades",
    "rifle",
    "rifles",
    "machinegun",
    "machineguns",
    "submachinegun",
    "submachineguns",
    "gun",
    "guns",
    "pistol",
    "pistols",
    "revolver",
    "revolvers",
    "mortar",
    "mortars",
    "rocket",
    "rockets",
    "launcher",
    "launchers",
    "bazooka",
    "bazookas",
    "firearms",
    "shotgun",
    "shotguns",
    "carbine",
    "carbines",
    "knife",
    "knives",
    "machete",
    "machetes",
    "tnt",
    "mine",
    "mines",
    "bullets",
];

/// Modifiers that make a weapon compound ("car bomb", "hand grenade"); other modifiers are
/// dropped, since the bare head is the safer name for a weapon.
const WEAPON_MODIFIERS: &[&str] = &[
    "car",
    "truck",
    "pipe",
    "homemade",
    "time",
    "incendiary",
    "hand",
    "package",
    "letter",
    "parcel",
    "grenade",
    "rocket",
    "molotov",
    "fragmentation",
    "machine",
    "land",
];

/// Words that say weapons were seized or found rather than used.
const SEIZED: &[&str] = &[
    "seized",
    "captured",
    "confiscated",
    "recovered",
    "seizure",
    "cache",
    "arsenal",
    "deactivated",
    "defused",
    "dismantled",
    "smuggling",
    "shipment",
];

/// Heads of physical-target noun phrases.
const TARGET_HEADS: &[&str] = &[
    "substation",
    "substations",
    "tower",
    "towers",
    "pylon",
    "pylons",
    "building",
    "buildings",
    "house",
    "houses",
    "home",
    "residence",
    "headquarters",
    "office",
    "offices",
    "embassy",
    "bank",
    "banks",
    "bus",
    "buses",
    "vehicle",
    "vehicles",
    "car",
    "cars",
    "truck",
    "trucks",
    "plane",
    "aircraft",
    "helicopter",
    "bridge",
    "bridges",
    "plant",
    "facilities",
    "facility",
    "farm",
    "hotel",
    "store",
    "stores",
    "shop",
    "station",
    "stations",
    "pipeline",
    "barracks",
    "garrison",
    "church",
    "school",
    "university",
    "hospital",
    "ambulance",
    "warehouse",
    "factory",
    "mansion",
    "restaurant",
    "branch",
    "installations",
    "dam",
    "airport",
    "supermarket",
    "agency",
    "premises",
    "jeep",
    "lines",
    "post",
    "posts",
    "network",
    "embassies",
    "consulate",
    "transformers",
    "transformer",
    "train",
    "drugstore",
    "structures",
    "shops",
    "businesses",
    "newspaper",
    "homes",
    "airplane",
    "residences",
    "powerline",
    "institute",
    "institutes",
    "poles",
    "ship",
    "vessel",
    "enterprise",
    "pharmacy",
    "installation",
    "hospitals",
    "churches",
    "schools",
    "plants",
    "bridges",
    "dwellings",
];

/// Heads of noun phrases naming individual perpetrators or groups of them.
const PERP_HEADS: &[&str] = &[
    "guerrillas",
    "guerrilla",
    "terrorists",
    "terrorist",
    "gunmen",
    "gunman",
    "men",
    "man",
    "individuals",
    "subversives",
    "rebels",
    "hitmen",
    "assassins",
    "kidnappers",
    "attackers",
    "soldiers",
    "troops",
    "members",
    "commandos",
    "commando",
    "squads",
    "criminals",
    "suspects",
    "assailants",
    "traffickers",
    "officers",
    "bands",
    "fighters",
    "murderers",
    "killers",
    "youths",
    "woman",
    "women",
    "units",
    "insurgents",
];

/// Participles and adverbs that describe perpetrators ("three heavily armed men",
/// "uniformed individuals", "drug trafficking bands"), though they read as verb forms.
const PERP_DESCRIBERS: &[&str] = &[
    "heavily",
    "uniformed",
    "masked",
    "hooded",
    "unidentified",
    "trafficking",
    "hired",
    "paid",
];

/// Words that also end a noun phrase on its left for the role reader: numbers and the
/// verbs of attack reports ([`crate::phrases::PHRASE_STOP`] holds the function words).
const STOP_HERE: &[&str] = &[
    "placed",
    "planted",
    "exploded",
    "two",
    "three",
    "four",
    "five",
    "reported",
    "burned",
    "used",
    "destroyed",
    "killed",
    "shoot",
    "attacked",
    "bombed",
];

/// Words near a physical target that say it was attacked or damaged.
const DAMAGE: &[&str] = &[
    "attack",
    "attacked",
    "attacks",
    "bomb",
    "bombs",
    "bombed",
    "bombing",
    "destroyed",
    "destroy",
    "damaged",
    "damage",
    "dynamited",
    "dynamite",
    "burned",
    "fire",
    "blew",
    "exploded",
    "explosion",
    "explosive",
    "explosives",
    "hit",
    "raided",
    "sabotage",
    "sabotaged",
    "assault",
    "against",
    "fired",
    "machinegunned",
    "hurled",
    "threw",
    "torched",
    "grenade",
    "stormed",
    "occupied",
    "looted",
    "robbed",
    "seized",
];

/// Past-tense verbs without "-ed" that follow an agent ("guerrillas shot ...").
const AGENT_VERBS: &[&str] = &[
    "shot",
    "set",
    "blew",
    "threw",
    "stole",
    "hit",
    "burnt",
    "took",
    "broke",
    "fought",
    "opened",
    "fired",
    "kidnapped",
    "wore",
    "broke",
    "forced",
    "fled",
    "escaped",
    "stole",
    "launched",
    "began",
    "went",
    "came",
    "left",
    "arrived",
    "entered",
    "made",
];

/// Numbers written as words, which count people ("two men").
const NUMBER_WORDS: &[&str] = &[
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve", "twenty",
    "several",
];

/// A lower-case word of the sentence, with its byte span.
struct Word {
    lower: String,
    span: Span,
}

fn words_of(text: &str, seg: &Segmented, sentence: usize) -> Vec<Word> {
    let Some(s) = seg.sentences.get(sentence) else {
        return Vec::new();
    };
    seg.tokens[s.tokens.clone()]
        .iter()
        .map(|t| Word {
            lower: t.text(text).to_ascii_lowercase(),
            span: t.span,
        })
        .collect()
}

/// Whether a word can modify a following noun: a content word that does not look like a
/// verb or adverb.
fn modifier(w: &str, allow_numbers: bool) -> bool {
    if allow_numbers && NUMBER_WORDS.contains(&w) {
        return true;
    }
    let is_word = w.chars().all(|c| c.is_ascii_alphabetic() || c == '-')
        && w.chars().any(|c| c.is_ascii_alphabetic());
    let is_number = w.chars().any(|c| c.is_ascii_digit())
        && w.chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '-');
    (is_word || (allow_numbers && is_number))
        && !PHRASE_STOP.contains(&w)
        && !STOP_HERE.contains(&w)
        && !(w.ends_with("ed") && w != "armed")
        && !w.ends_with("ly")
        && !w.ends_with("ing")
}

/// Start of the noun phrase headed by word `head`: at most `max` modifiers to its left.
fn phrase_start(ws: &[Word], head: usize, max: usize, ok: impl Fn(&str) -> bool) -> usize {
    let mut start = head;
    while start > 0 && head - start < max && ok(&ws[start - 1].lower) {
        start -= 1;
    }
    start
}

fn phrase(text: &str, ws: &[Word], from: usize, to: usize) -> String {
    text.get(ws[from].span.start..ws[to].span.end)
        .unwrap_or_default()
        .to_string()
}

fn mention(text: &str, ws: &[Word], from: usize, to: usize, rule: &'static str) -> RoleMention {
    RoleMention {
        text: phrase(text, ws, from, to),
        span: Span::new(ws[from].span.start, ws[to].span.end),
        rule,
    }
}

/// Singular-ish key so that "bomb" and "bombs" name the same entity.
fn head_key(w: &str) -> &str {
    w.strip_suffix('s').unwrap_or(w)
}

/// Adds `mention` unless a mention with the same head key is there.
fn add_by_head(
    mentions: &mut Vec<RoleMention>,
    heads: &mut Vec<String>,
    key: &str,
    mention: RoleMention,
) {
    let lower = mention.text.to_lowercase();
    if mention.text.is_empty()
        || heads.iter().any(|h| h == key)
        || mentions.iter().any(|m| m.text.to_lowercase() == lower)
    {
        return;
    }
    heads.push(key.to_string());
    mentions.push(mention);
}

/// MUC-4 role fillers read from the sentences of attack events: weapons, physical targets and
/// generic perpetrator descriptions, as noun phrases of the original text.
pub fn phrase_roles(text: &str, seg: &Segmented, sentences: &[usize]) -> IncidentRoles {
    let mut out = IncidentRoles::default();
    let (mut wkeys, mut tkeys, mut pkeys) = (Vec::new(), Vec::new(), Vec::new());
    for &s in sentences {
        let ws = words_of(text, seg, s);
        // Weapons seized or found were not used in the attack.
        let seized = ws.iter().any(|w| SEIZED.contains(&w.lower.as_str()));
        for (i, w) in ws.iter().enumerate() {
            let next = ws.get(i + 1).map(|n| n.lower.as_str()).unwrap_or("");
            if WEAPON_HEADS.contains(&w.lower.as_str()) && !WEAPON_HEADS.contains(&next) {
                if seized {
                    continue;
                }
                let mut start = phrase_start(&ws, i, 1, |m| WEAPON_MODIFIERS.contains(&m));
                // "car-bomb": the tokenizer splits at the hyphen.
                if start == i
                    && i >= 2
                    && ws[i - 1].lower == "-"
                    && ws[i - 1].span.start == ws[i - 2].span.end
                    && ws[i].span.start == ws[i - 1].span.end
                {
                    start = i - 2;
                }
                let key = head_key(&w.lower).to_string();
                let mention = mention(text, &ws, start, i, "roles.weapon.head");
                add_by_head(&mut out.weapons, &mut wkeys, &key, mention);
            } else if TARGET_HEADS.contains(&w.lower.as_str())
                && !WEAPON_HEADS.contains(&next)
                && !TARGET_HEADS.contains(&next)
                && damaged(&ws, i)
            {
                let lower: Vec<&str> = ws.iter().map(|w| w.lower.as_str()).collect();
                let (start, end) = crate::phrases::noun_phrase(
                    &lower,
                    i,
                    crate::phrases::PhraseLimits {
                        left: 3,
                        numbers: false,
                        complement: 5,
                    },
                );
                let mention = mention(text, &ws, start, end, "roles.target.damaged");
                let key = mention.text.to_ascii_lowercase();
                add_by_head(&mut out.targets, &mut tkeys, head_key(&key), mention);
            } else if PERP_HEADS.contains(&w.lower.as_str())
                && !PERP_HEADS.contains(&next)
                && acting(&ws, i)
            {
                let start = phrase_start(&ws, i, 3, |m| {
                    modifier(m, true) || PERP_DESCRIBERS.contains(&m)
                });
                let mut end = i;
                // "members of the X": the group names who they are.
                if w.lower == "members" && next == "of" {
                    end = i + 1;
                    while end + 1 < ws.len() && end - i < 8 {
                        let n = &ws[end + 1].lower;
                        if n == "the" || modifier(n, false) {
                            end += 1;
                        } else {
                            break;
                        }
                    }
                    while end > i + 1 && ws[end].lower == "the" {
                        end -= 1;
                    }
                    if end == i + 1 {
                        end = i;
                    }
                }
                let mention = mention(text, &ws, start, end, "roles.perpetrator.acting");
                let key = head_key(&w.lower).to_string();
                add_by_head(&mut out.perpetrators, &mut pkeys, &key, mention);
            }
        }
    }
    out
}

/// Whether a word that says "attacked" or "damaged" stands within five words of `head`.
fn damaged(ws: &[Word], head: usize) -> bool {
    let from = head.saturating_sub(8);
    let to = (head + 9).min(ws.len());
    (from..to).any(|j| j != head && DAMAGE.contains(&ws[j].lower.as_str()))
}

/// Whether the perpetrator noun at `head` acts: it follows "by", or a past-tense verb
/// (possibly after "have"/"had") follows it.
fn acting(ws: &[Word], head: usize) -> bool {
    let mut start = head;
    while start > 0 && head - start < 3 && modifier(&ws[start - 1].lower, true) {
        start -= 1;
    }
    if start > 0 && ws[start - 1].lower == "by" {
        return true;
    }
    // "a group of terrorists", "a band of gunmen".
    if start > 1
        && ws[start - 1].lower == "of"
        && matches!(
            ws[start - 2].lower.as_str(),
            "group" | "band" | "gang" | "squad" | "unit"
        )
    {
        return true;
    }
    let mut j = head + 1;
    // Skip "of the X" after "members".
    if ws.get(j).is_some_and(|w| w.lower == "of") {
        while ws
            .get(j)
            .is_some_and(|w| w.lower == "of" || w.lower == "the" || modifier(&w.lower, false))
        {
            j += 1;
        }
        // "(FMLN)" after the group's name.
        if ws.get(j).is_some_and(|w| w.lower == "(")
            && ws.get(j + 2).is_some_and(|w| w.lower == ")")
        {
            j += 3;
        }
    }
    // "gunmen, who had ...": the relative clause says what they did.
    while ws.get(j).is_some_and(|w| {
        matches!(
            w.lower.as_str(),
            "have"
                | "had"
                | "has"
                | "reportedly"
                | "then"
                | "also"
                | ","
                | "who"
                | "allegedly"
                | "apparently"
        )
    }) {
        j += 1;
    }
    // "... were responsible", "... could be implicated".
    let blamed = |k: usize| {
        ws.get(k).is_some_and(|w| {
            matches!(
                w.lower.as_str(),
                "responsible" | "implicated" | "involved" | "suspected" | "behind"
            )
        })
    };
    if (j..j + 3).any(blamed) {
        return true;
    }
    ws.get(j).is_some_and(|w| {
        (w.lower.ends_with("ed") && w.lower.len() > 4) || AGENT_VERBS.contains(&w.lower.as_str())
    })
}

/// Titles and roles that precede a person's name ("presidential candidate", "father").
const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "dr",
    "father",
    "priest",
    "mayor",
    "senator",
    "deputy",
    "colonel",
    "col",
    "general",
    "gen",
    "captain",
    "lieutenant",
    "major",
    "sergeant",
    "ambassador",
    "minister",
    "president",
    "governor",
    "judge",
    "justice",
    "leader",
    "candidate",
    "journalist",
    "attorney",
    "councilman",
    "councilwoman",
    "congressman",
    "businessman",
    "rector",
    "director",
    "chief",
    "commander",
    "bishop",
    "archbishop",
    "monsignor",
    "lawyer",
    "professor",
    "engineer",
    "citizen",
    "student",
    "peasant",
    "reporter",
    "official",
    "secretary",
    "magistrate",
    "archbishop",
    "vice",
    "mayor",
    "sister",
    "brother",
    "doctor",
    "teacher",
    "missionary",
    "pilot",
    "economist",
    "editor",
    "spokesman",
    "activist",
    "ideologue",
    "impresario",
    "industrialist",
    "rancher",
    "citizens",
    "students",
    "peasants",
    "priests",
    "missionaries",
    "journalists",
    "leaders",
    "officials",
];

/// Past participles of harm done to a person, after "was" or "were" ("X was kidnapped").
const HARMED: &[&str] = &[
    "killed",
    "murdered",
    "assassinated",
    "kidnapped",
    "kidnaped",
    "abducted",
    "shot",
    "wounded",
    "injured",
    "seized",
    "executed",
    "slain",
    "taken",
    "held",
];

/// Words that follow a victim's name ("..., who was killed", "was kidnapped").
const VICTIM_CUES: &[&str] = &[
    "murder",
    "murdered",
    "assassination",
    "assassinated",
    "killing",
    "killed",
    "kidnapping",
    "kidnapped",
    "abducted",
    "abduction",
    "death",
    "wounded",
    "injured",
    "shot",
    "attack",
    "attacked",
    "against",
    "victim",
    "victims",
    "body",
    "bodies",
    "slaying",
    "slain",
];

/// Common words that follow a name in reporting ("Cerezo met", "Noriega never thought").
const AFTER_NAME: &[&str] = &[
    "met",
    "told",
    "said",
    "says",
    "states",
    "holds",
    "wants",
    "left",
    "never",
    "late",
    "him",
    "her",
    "note",
    "also",
    "was",
    "is",
    "has",
    "had",
    "who",
    "whom",
    "now",
    "again",
    "today",
    "owes",
    "asks",
    "tells",
    "thinks",
    "believes",
    "knows",
    "will",
    "would",
    "government",
    "administration",
    "military",
    "academy",
    "school",
    "university",
    "outside",
    "inside",
    "near",
    "behind",
    "along",
    "when",
    "as",
    "on",
    "in",
    "at",
    "and",
    "with",
];

/// Whether a victim cue stands within six words of the byte range `span` in its sentence.
pub fn near_cue(text: &str, seg: &Segmented, span: Span) -> bool {
    let Some(s) = seg
        .sentences
        .iter()
        .position(|s| s.span.start <= span.start && span.end <= s.span.end)
    else {
        return false;
    };
    let ws = words_of(text, seg, s);
    let first = ws.iter().position(|w| w.span.end > span.start);
    let last = ws.iter().rposition(|w| w.span.start < span.end);
    let (Some(first), Some(last)) = (first, last) else {
        return false;
    };
    let from = first.saturating_sub(6);
    let to = (last + 7).min(ws.len());
    (from..to).any(|j| (j < first || j > last) && VICTIM_CUES.contains(&ws[j].lower.as_str()))
}

/// Nouns of harm done to a person, followed by "of" or "against" and the person.
const HARM_NOUNS: &[&str] = &[
    "murder",
    "assassination",
    "killing",
    "kidnapping",
    "abduction",
    "death",
    "attack",
    "assassins",
    "murderers",
    "killers",
    "kidnappers",
    "slaying",
    "execution",
];

/// Whether `w` can be part of a person's name in lower-case text.
fn name_word(w: &str) -> bool {
    w.len() > 1
        && w.chars().all(|c| c.is_ascii_alphabetic())
        && modifier(w, false)
        && !TITLES.contains(&w)
        && !VICTIM_CUES.contains(&w)
        && !DAMAGE.contains(&w)
        && !PERP_HEADS.contains(&w)
        && !TARGET_HEADS.contains(&w)
        && !WEAPON_HEADS.contains(&w)
        && !AFTER_NAME.contains(&w)
        && !PEOPLE_AND_QUANTITIES.contains(&w)
}

/// Nouns for kinds of people and words of quantity, which describe victims rather than
/// name them ("eight minors", "at least six persons").
const PEOPLE_AND_QUANTITIES: &[&str] = &[
    "persons",
    "people",
    "person",
    "minors",
    "minor",
    "children",
    "child",
    "marines",
    "militant",
    "militants",
    "corps",
    "technician",
    "technicians",
    "jesuit",
    "jesuits",
    "members",
    "relatives",
    "intelligence",
    "investigations",
    "least",
    "more",
    "most",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "hundred",
    "dozen",
    "dozens",
    "hundreds",
];

/// The run of 2-4 name words that ends just before word `end` (exclusive), as its first
/// word's index. A longer run is a phrase, not a name.
fn name_run_before(ws: &[Word], end: usize) -> Option<usize> {
    let mut start = end;
    while start > 0 && end - start < 5 && name_word(&ws[start - 1].lower) {
        start -= 1;
    }
    (end - start >= 2 && end - start <= 4).then_some(start)
}

/// The run of 2-4 name words from word `start`, as the index after its last word.
fn name_run_after(ws: &[Word], start: usize) -> Option<usize> {
    let mut end = start;
    while end < ws.len() && end - start < 5 && name_word(&ws[end].lower) {
        end += 1;
    }
    (end - start >= 2 && end - start <= 4).then_some(end)
}

/// Names described by the words around them in a sentence that reports harm to someone:
/// an appositive that gives a role ("hilda flores, a guatemalan social democratic leader"),
/// a passive of harm ("ernestina umanzor, who was kidnapped", "x and y were abducted"), a
/// naming phrase ("the victims were identified as x"), and names joined to one of these by
/// "and". Lower-case text gives no capitals to find names by, so the context marks them.
pub fn described_names(text: &str, seg: &Segmented, sentences: &[usize]) -> Vec<(String, Span)> {
    let mut out: Vec<(String, Span)> = Vec::new();
    let push = |ws: &[Word], start: usize, end: usize, out: &mut Vec<(String, Span)>| {
        let span = Span::new(ws[start].span.start, ws[end - 1].span.end);
        if !out.iter().any(|(_, s)| *s == span) {
            out.push((phrase(text, ws, start, end - 1), span));
        }
    };
    for &s in sentences {
        let ws = words_of(text, seg, s);
        if !ws.iter().any(|w| VICTIM_CUES.contains(&w.lower.as_str())) {
            continue;
        }
        for j in 0..ws.len() {
            let w = ws[j].lower.as_str();
            let at = |k: usize| ws.get(k).map(|w| w.lower.as_str()).unwrap_or("");
            // "x, a/the ... leader,": a role within five words of the comma.
            let appositive = w == ","
                && (j + 1..(j + 6).min(ws.len()))
                    .take_while(|&k| at(k) != "," && at(k) != ".")
                    .any(|k| TITLES.contains(&at(k)));
            // "x was kidnapped", "x, who was killed", "x and y were abducted".
            let mut k = j;
            if at(k) == "," {
                k += 1;
            }
            if at(k) == "who" {
                k += 1;
            }
            let passive = matches!(at(k), "was" | "were")
                && (HARMED.contains(&at(k + 1))
                    || (matches!(at(k + 1), "later" | "then" | "also")
                        && HARMED.contains(&at(k + 2))));
            if (appositive || passive)
                && let Some(start) = name_run_before(&ws, j)
            {
                push(&ws, start, j, &mut out);
                // "x and y were abducted", "x, y and z were killed".
                let mut end = start;
                while end >= 2 && matches!(ws[end - 1].lower.as_str(), "and" | ",") {
                    match name_run_before(&ws, end - 1) {
                        Some(first) => {
                            push(&ws, first, end - 1, &mut out);
                            end = first;
                        }
                        None => break,
                    }
                }
            }
            // "identified as x and y".
            if w == "identified" && at(j + 1) == "as" {
                let mut k = j + 2;
                while let Some(end) = name_run_after(&ws, k) {
                    push(&ws, k, end, &mut out);
                    if matches!(at(end), "and" | ",") {
                        k = end + 1;
                    } else {
                        break;
                    }
                }
            }
        }
    }
    out
}

/// Names that follow a title in a sentence that reports harm to someone: 2-4 name words
/// after "father", "presidential candidate", "mayor"... Lower-case text gives no capitals to
/// find names by, so the title is what marks them.
pub fn titled_names(text: &str, seg: &Segmented, sentences: &[usize]) -> Vec<(String, Span)> {
    let mut out = Vec::new();
    for &s in sentences {
        let ws = words_of(text, seg, s);
        if !ws.iter().any(|w| VICTIM_CUES.contains(&w.lower.as_str())) {
            continue;
        }
        let mut i = 0;
        while i < ws.len() {
            let w = ws[i].lower.as_str();
            let next = ws.get(i + 1).map(|n| n.lower.as_str()).unwrap_or("");
            // A name follows a title ("father X"), a harm noun ("the murder of X", "the
            // attack against X") or a harm participle ("the assassinated X").
            let mut j = if TITLES.contains(&w) {
                i + 1
            } else if HARM_NOUNS.contains(&w) && matches!(next, "of" | "against" | "on") {
                i + 2
            } else if matches!(w, "assassinated" | "murdered" | "kidnapped" | "slain") {
                i + 1
            } else {
                i += 1;
                continue;
            };
            // "col." and "dr." leave a full stop token behind; "the", titles and brackets
            // may stand between the cue and the name.
            while ws.get(j).is_some_and(|w| {
                matches!(w.lower.as_str(), "." | "the" | "(" | ")")
                    || TITLES.contains(&w.lower.as_str())
            }) {
                j += 1;
            }
            // "X and Y": both names share the cue.
            loop {
                let start = j;
                while j < ws.len() && j - start < 4 && name_word(&ws[j].lower) {
                    j += 1;
                }
                if j - start < 2 {
                    break;
                }
                let span = Span::new(ws[start].span.start, ws[j - 1].span.end);
                out.push((phrase(text, &ws, start, j - 1), span));
                if ws.get(j).is_some_and(|w| w.lower == "and") {
                    j += 1;
                } else {
                    break;
                }
            }
            i = j.max(i + 1);
        }
    }
    out
}

/// Whether the mention at `span` names a radio station ("Radio Venceremos"), whose
/// broadcasts report attacks rather than commit them.
pub fn broadcaster(text: &str, span: Span) -> bool {
    let before = text.get(..span.start).unwrap_or_default().trim_end();
    before
        .rsplit(|c: char| !c.is_ascii_alphanumeric())
        .next()
        .is_some_and(|w| w.eq_ignore_ascii_case("radio"))
}

/// Words that name groups, places or times rather than a person ("Antioquia police").
const NOT_NAME: &[&str] = &[
    "police",
    "department",
    "unit",
    "staff",
    "court",
    "priests",
    "jesuits",
    "residents",
    "leaders",
    "places",
    "national",
    "central",
    "former",
    "last",
    "leftist",
    "rightist",
    "army",
    "forces",
    "government",
    "ministry",
    "policemen",
    "peasants",
    "words",
    "indistinct",
    "supreme",
    "american",
    "salvadoran",
    "colombian",
    "peruvian",
    "us",
    "let",
    "find",
    "remain",
    "various",
    "registry",
    "civil",
    "friday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "saturday",
    "sunday",
];

/// Whether `mention` reads as a person's name: two or more name words, none of them a
/// group, place or time word.
pub fn plain_name(mention: &str) -> bool {
    let words: Vec<String> = mention
        .split_whitespace()
        .map(|w| w.to_ascii_lowercase())
        .collect();
    words.len() >= 2
        && words
            .iter()
            .all(|w| name_word(w) && !NOT_NAME.contains(&w.as_str()))
}

/// Whether a mention only points back at a group ("it", "the group", "this organisation").
pub fn anaphoric(mention: &str) -> bool {
    let lower = mention.to_ascii_lowercase();
    let first = lower.split_whitespace().next().unwrap_or("");
    matches!(
        first,
        "it" | "they" | "this" | "that" | "same" | "these" | "those" | "its" | "their"
    ) || lower == "the group"
        || lower.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(ms: &[RoleMention]) -> Vec<&str> {
        ms.iter().map(|m| m.text.as_str()).collect()
    }

    #[test]
    fn names_described_by_an_appositive_a_passive_or_an_identification() {
        let text = "the rebels abducted maria lopez and juan ortega, a retired judge, on monday. \
            ana ruiz was kidnapped later. the victims were identified as pedro gil and luis mora.";
        let seg = crate::segment(text);
        let all: Vec<usize> = (0..seg.sentences.len()).collect();
        let names: Vec<String> = described_names(text, &seg, &all)
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        for want in ["juan ortega", "ana ruiz", "pedro gil", "luis mora"] {
            assert!(names.iter().any(|n| n == want), "{want} in {names:?}");
        }
        assert!(!names.iter().any(|n| n.contains("rebels")), "{names:?}");
    }

    #[test]
    fn perpetrator_descriptions_keep_their_participles() {
        let text = "three heavily armed men shot the driver of a bus near cali.";
        let seg = crate::segment(text);
        let roles = phrase_roles(text, &seg, &[0]);
        assert_eq!(texts(&roles.perpetrators), ["three heavily armed men"]);
    }

    #[test]
    fn phrases_of_an_attack_sentence_fill_its_roles() {
        let text =
            "GUNMEN BURNED THE OFFICES OF THE ELECTORAL TRIBUNAL WITH GASOLINE BOMBS ON MONDAY.";
        let seg = crate::segment(text);
        let roles = phrase_roles(text, &seg, &[0]);
        assert_eq!(texts(&roles.perpetrators), ["GUNMEN"]);
        assert_eq!(texts(&roles.weapons), ["BOMBS"]);
        let target = &roles.targets[0];
        assert_eq!(target.text, "OFFICES OF THE ELECTORAL TRIBUNAL");
        assert_eq!(target.span.slice(text), Some(target.text.as_str()));
    }
}

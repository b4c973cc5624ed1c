//! forewarn's own extractor as a [`Predictor`], so that `forewarn eval` scores exactly what
//! `forewarn ingest` would store.

use forewarn_model::{
    ActorId, ActorKind, ClaimStatus, Document, DocumentId, DocumentMeta, Event, EventKind,
    GeoPrecision, MediaType, Span,
};
use jiff::civil::Date;

use crate::{PredictedIncident, Predictor, RoleFillers};

/// Runs `forewarn_extract::extract` on each text.
#[derive(Debug, Default, Clone, Copy)]
pub struct ForewarnPredictor;

fn document(text: &str, reference: Option<Date>) -> Document {
    Document {
        id: DocumentId::for_text(text),
        meta: DocumentMeta {
            name: "eval".into(),
            published: reference,
            ..DocumentMeta::default()
        },
        media_type: MediaType::Text,
        language: None,
        retrieved: jiff::Timestamp::UNIX_EPOCH,
        source_bytes: text.len() as u64,
        simhash: 0,
        text: text.to_string(),
    }
}

fn slice(text: &str, span: Span) -> String {
    span.slice(text).unwrap_or_default().trim().to_string()
}

/// The best estimate the extractor reconciled for the document.
fn casualties(c: &forewarn_model::Casualties) -> Option<u32> {
    c.best
}

fn incident(text: &str, e: &Event) -> PredictedIncident {
    let date = forewarn_extract::best_date(e).map(|r| r.value);
    let place = forewarn_extract::best_place(e).map(|r| &r.value);
    let city = place.and_then(|p| match p.precision {
        GeoPrecision::City | GeoPrecision::Site => p.name.clone(),
        _ => None,
    });
    let mut perpetrators = Vec::new();
    let mut mentions = Vec::new();
    for p in &e.perpetrators {
        if !perpetrators.contains(&p.value.name) {
            perpetrators.push(p.value.name.clone());
        }
        mentions.push(slice(text, p.provenance.span));
    }
    let claimed = (!e.perpetrators.is_empty()).then(|| {
        e.perpetrators
            .iter()
            .any(|p| p.value.status == ClaimStatus::Claimed)
    });
    let mut target_types: Vec<String> =
        e.targets.iter().map(|t| t.value.kind.to_string()).collect();
    target_types.dedup();
    let mut weapon_types: Vec<String> =
        e.weapons.iter().map(|w| w.value.kind.to_string()).collect();
    weapon_types.dedup();
    PredictedIncident {
        kind: Some(e.kind.value.to_string()),
        attack_type: e.attack_type.first().map(|t| t.value.to_string()),
        date,
        country: place.and_then(|p| p.country.clone()),
        admin1: place.and_then(|p| p.admin1.clone()),
        city,
        perpetrators,
        perpetrator_mentions: mentions,
        claimed,
        killed: casualties(&e.killed),
        injured: casualties(&e.injured),
        target_types,
        weapon_types,
    }
}

/// Events the extractor is less than even sure of (reports of plans, threats, generic
/// fighting) are not MUC-4 incidents.
const MIN_CONFIDENCE: f64 = 0.5;

/// Adds `mention` as a new entity unless an entity already has it (case-insensitively).
fn add(entities: &mut Vec<Vec<String>>, mention: String) {
    if mention.is_empty() {
        return;
    }
    let lower = mention.to_lowercase();
    if !entities.iter().flatten().any(|m| m.to_lowercase() == lower) {
        entities.push(vec![mention]);
    }
}

/// The text the extractor reads: an all-lower-case text (as in corpora that were lower-cased
/// for neural models) carries no capitals, exactly like upper-case wire copy, so it is
/// upper-cased to take the extractor's upper-case path. ASCII case mapping keeps every byte
/// offset, so spans still point into the original text.
fn readable(text: &str) -> String {
    if text.bytes().any(|b| b.is_ascii_uppercase()) {
        text.to_string()
    } else {
        text.to_ascii_uppercase()
    }
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

/// Words that end a noun phrase on its left: function words and the verbs of attack reports.
const STOP: &[&str] = &[
    "the",
    "a",
    "an",
    "of",
    "in",
    "on",
    "at",
    "by",
    "to",
    "from",
    "with",
    "and",
    "or",
    "was",
    "were",
    "is",
    "are",
    "been",
    "be",
    "had",
    "has",
    "have",
    "that",
    "which",
    "who",
    "its",
    "their",
    "his",
    "her",
    "this",
    "these",
    "those",
    "into",
    "against",
    "near",
    "as",
    "for",
    "said",
    "when",
    "where",
    "after",
    "before",
    "while",
    "some",
    "several",
    "other",
    "also",
    "not",
    "there",
    "they",
    "it",
    "he",
    "she",
    "we",
    "them",
    "during",
    "between",
    "set",
    "fire",
    "blew",
    "up",
    "hit",
    "threw",
    "placed",
    "planted",
    "exploded",
    "attack",
    "attacks",
    "s",
    "than",
    "about",
    "over",
    "under",
    "two",
    "three",
    "four",
    "five",
    "one",
    "many",
    "all",
    "both",
    "each",
    "any",
    "no",
    "what",
    "would",
    "will",
    "could",
    "can",
    "may",
    "did",
    "do",
    "does",
    "through",
    "because",
    "if",
    "but",
    "so",
    "then",
    "today",
    "yesterday",
    "night",
    "morning",
    "according",
    "reported",
    "burn",
    "burned",
    "using",
    "use",
    "used",
    "destroy",
    "destroyed",
    "killed",
    "kill",
    "shot",
    "shoot",
    "attacked",
    "bombed",
    "our",
    "my",
    "your",
    "out",
    "most",
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

fn words_of(text: &str, seg: &forewarn_extract::Segmented, sentence: usize) -> Vec<Word> {
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
        && !STOP.contains(&w)
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

/// Singular-ish key so that "bomb" and "bombs" name the same entity.
fn head_key(w: &str) -> &str {
    w.strip_suffix('s').unwrap_or(w)
}

/// Adds `mention` unless an entity with the same head key exists.
fn add_by_head(
    entities: &mut Vec<Vec<String>>,
    heads: &mut Vec<String>,
    key: &str,
    mention: String,
) {
    let lower = mention.to_lowercase();
    if mention.is_empty()
        || heads.iter().any(|h| h == key)
        || entities.iter().flatten().any(|m| m.to_lowercase() == lower)
    {
        return;
    }
    heads.push(key.to_string());
    entities.push(vec![mention]);
}

/// MUC-4 role fillers read from the sentences of attack events: weapons, physical targets and
/// generic perpetrator descriptions, as noun phrases of the original text.
fn phrase_roles(
    text: &str,
    seg: &forewarn_extract::Segmented,
    sentences: &[usize],
    out: &mut RoleFillers,
) {
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
                add_by_head(
                    &mut out.weapon,
                    &mut wkeys,
                    &key,
                    phrase(text, &ws, start, i),
                );
            } else if TARGET_HEADS.contains(&w.lower.as_str())
                && !WEAPON_HEADS.contains(&next)
                && !TARGET_HEADS.contains(&next)
                && damaged(&ws, i)
            {
                let lower: Vec<&str> = ws.iter().map(|w| w.lower.as_str()).collect();
                let (start, end) = forewarn_extract::phrases::noun_phrase(
                    &lower,
                    i,
                    forewarn_extract::phrases::PhraseLimits {
                        left: 3,
                        numbers: false,
                        complement: 5,
                    },
                );
                let mention = phrase(text, &ws, start, end);
                let key = mention.to_ascii_lowercase();
                add_by_head(&mut out.target, &mut tkeys, head_key(&key), mention);
            } else if PERP_HEADS.contains(&w.lower.as_str())
                && !PERP_HEADS.contains(&next)
                && acting(&ws, i)
            {
                let start = phrase_start(&ws, i, 2, |m| modifier(m, true));
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
                let mention = phrase(text, &ws, start, end);
                let key = head_key(&w.lower).to_string();
                add_by_head(&mut out.perp_ind, &mut pkeys, &key, mention);
            }
        }
    }
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
fn near_cue(text: &str, seg: &forewarn_extract::Segmented, span: Span) -> bool {
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
}

/// Names that follow a title in a sentence that reports harm to someone: 2-4 name words
/// after "father", "presidential candidate", "mayor"... Lower-case text gives no capitals to
/// find names by, so the title is what marks them.
fn titled_names(
    text: &str,
    seg: &forewarn_extract::Segmented,
    sentences: &[usize],
) -> Vec<(String, Span)> {
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
fn broadcaster(text: &str, span: Span) -> bool {
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
fn plain_name(mention: &str) -> bool {
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
fn anaphoric(mention: &str) -> bool {
    let lower = mention.to_ascii_lowercase();
    let first = lower.split_whitespace().next().unwrap_or("");
    matches!(
        first,
        "it" | "they" | "this" | "that" | "same" | "these" | "those" | "its" | "their"
    ) || lower == "the group"
        || lower.is_empty()
}

/// Indices of the sentences that hold any of `spans`.
fn sentences_of(seg: &forewarn_extract::Segmented, spans: &[Span]) -> Vec<usize> {
    let mut out: Vec<usize> = seg
        .sentences
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            spans
                .iter()
                .any(|sp| sp.start < s.span.end && s.span.start < sp.end)
        })
        .map(|(i, _)| i)
        .collect();
    out.dedup();
    out
}

impl Predictor for ForewarnPredictor {
    fn incidents(&self, text: &str, reference: Option<Date>) -> Vec<PredictedIncident> {
        let doc = document(text, reference);
        forewarn_extract::extract(&doc)
            .events
            .iter()
            .map(|e| incident(text, e))
            .collect()
    }

    fn role_fillers(&self, text: &str, reference: Option<Date>) -> RoleFillers {
        let doc = document(&readable(text), reference);
        let mut out = RoleFillers::default();
        let mut spans = Vec::new();
        let mut org_ids: Vec<ActorId> = Vec::new();
        let extraction = forewarn_extract::extract(&doc);
        for e in &extraction.events {
            // MUC-4 templates cover terrorist acts, not arrests or designations.
            if !matches!(e.kind.value, EventKind::Attack | EventKind::Other)
                || e.confidence < MIN_CONFIDENCE
            {
                continue;
            }
            spans.extend(e.sources.iter().map(|q| q.span));
            spans.extend(e.perpetrators.iter().map(|r| r.provenance.span));
            spans.extend(e.targets.iter().map(|r| r.provenance.span));
            spans.extend(e.weapons.iter().map(|r| r.provenance.span));
            spans.extend(e.victims.iter().map(|r| r.provenance.span));
            for p in &e.perpetrators {
                let mention = slice(text, p.provenance.span);
                match (p.value.kind, &p.value.actor) {
                    (ActorKind::Individual, _) => add(&mut out.perp_ind, mention),
                    (ActorKind::Organization, Some(id)) => {
                        if !org_ids.contains(id) {
                            org_ids.push(id.clone());
                        }
                    }
                    // An organisation the text only describes ("the group") is not named.
                    (ActorKind::Organization, None) => {}
                }
            }
        }
        let seg = forewarn_extract::segment(text);
        let sentences = sentences_of(&seg, &spans);
        let attack_spans: Vec<Span> = sentences.iter().map(|&i| seg.sentences[i].span).collect();
        let inside = |m: &Span| {
            attack_spans
                .iter()
                .any(|s| s.start <= m.start && m.end <= s.end)
        };
        // Armed and criminal groups the dictionary knows, named in the attack's sentences,
        // are suspects too.
        for a in &extraction.actors {
            let armed = matches!(
                a.actor.category.as_deref(),
                Some("armed_group" | "criminal_group")
            );
            if a.from_dictionary
                && armed
                && a.mentions
                    .iter()
                    .any(|m| inside(&m.span) && !broadcaster(text, m.span))
                && !org_ids.contains(&a.actor.id)
            {
                org_ids.push(a.actor.id.clone());
            }
        }
        for id in &org_ids {
            let Some(a) = extraction.actors.iter().find(|a| &a.actor.id == id) else {
                continue;
            };
            // The name as the attack's sentences write it, else as the text first does.
            let m = a
                .mentions
                .iter()
                .find(|m| inside(&m.span) && !broadcaster(text, m.span))
                .or(a.mentions.first());
            if let Some(m) = m {
                let mention = slice(text, m.span);
                if !anaphoric(&mention) {
                    add(&mut out.perp_org, mention);
                }
            }
        }
        // People the text names in the attack's sentences, who are not its perpetrators,
        // are its victims.
        for a in &extraction.actors {
            if a.actor.kind != ActorKind::Individual {
                continue;
            }
            let Some(m) = a.mentions.iter().find(|m| {
                attack_spans
                    .iter()
                    .any(|s| s.start <= m.span.start && m.span.end <= s.end)
            }) else {
                continue;
            };
            if !near_cue(text, &seg, m.span) {
                continue;
            }
            let mention = slice(text, m.span);
            if !plain_name(&mention) {
                continue;
            }
            let lower = mention.to_lowercase();
            if !out
                .perp_ind
                .iter()
                .flatten()
                .any(|p| p.to_lowercase() == lower)
            {
                add(&mut out.victim, mention);
            }
        }
        for (name, span) in titled_names(text, &seg, &sentences) {
            if !near_cue(text, &seg, span) || !plain_name(&name) {
                continue;
            }
            let lower = name.to_lowercase();
            let known = |m: &String| {
                let m = m.to_lowercase();
                m.contains(&lower) || lower.contains(&m)
            };
            if !out.perp_ind.iter().flatten().any(known) && !out.victim.iter().flatten().any(known)
            {
                out.victim.push(vec![name]);
            }
        }
        phrase_roles(text, &seg, &sentences, &mut out);
        keep_longest(&mut out.victim, |short, long| {
            let words: Vec<&str> = long.split_whitespace().collect();
            short.split_whitespace().all(|w| words.contains(&w))
        });
        out
    }
}

/// One entity per referent: a mention that `contained(short, long)` finds inside a longer
/// one of another entity names the same referent, and the longer, more specific mention
/// stands for both (a predicted entity scores only when every one of its mentions is right).
fn keep_longest(entities: &mut Vec<Vec<String>>, contained: impl Fn(&str, &str) -> bool) {
    let lower: Vec<String> = entities
        .iter()
        .map(|e| {
            e.first()
                .map(|m| m.to_ascii_lowercase())
                .unwrap_or_default()
        })
        .collect();
    let mut keep = vec![true; entities.len()];
    for (i, short) in lower.iter().enumerate() {
        if lower
            .iter()
            .enumerate()
            .any(|(j, long)| j != i && long.len() > short.len() && contained(short, long))
        {
            keep[i] = false;
        }
    }
    let mut k = 0;
    entities.retain(|_| {
        k += 1;
        keep[k - 1]
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fillers of a role by MUC-4 name, one mention per entity, lower-cased.
    fn role(text: &str, name: &str) -> Vec<String> {
        let fillers = ForewarnPredictor.role_fillers(text, None);
        let entities = match name {
            "PerpInd" => fillers.perp_ind,
            "PerpOrg" => fillers.perp_org,
            "Target" => fillers.target,
            "Victim" => fillers.victim,
            _ => fillers.weapon,
        };
        entities
            .into_iter()
            .filter_map(|e| e.into_iter().next())
            .map(|m| m.to_lowercase())
            .collect()
    }

    const BOMBING: &str = "san salvador, 3 mar 91 -- urban guerrillas of the fmln blew up an \
        electric power substation in the north of the capital last night with a car bomb. \
        police said nobody was hurt.";

    const MURDER: &str = "bogota, 12 may 90 -- three heavily armed men shot dead journalist \
        ramiro alzate pineda outside his house in medellin on friday, the police said.";

    const SEIZURE: &str = "lima, 9 jun 90 -- troops attacked a rebel camp in the jungle on \
        tuesday and seized rifles, grenades and mortars, the army said.";

    const KIDNAPPING: &str = "quito, 2 feb 91 -- police are investigating the kidnapping of \
        businessman jorge enrique salazar, who was seized by gunmen in the centre of the \
        capital on monday.";

    #[test]
    fn lower_case_text_is_read_as_upper_case_wire_copy() {
        assert_eq!(readable("guerrillas attacked."), "GUERRILLAS ATTACKED.");
        assert_eq!(readable("Guerrillas attacked."), "Guerrillas attacked.");
    }

    #[test]
    fn bombing_roles_from_lower_case_text() {
        assert_eq!(role(BOMBING, "PerpOrg"), ["fmln"]);
        assert_eq!(role(BOMBING, "PerpInd"), ["urban guerrillas"]);
        assert_eq!(role(BOMBING, "Target"), ["electric power substation"]);
        assert_eq!(role(BOMBING, "Weapon"), ["car bomb"]);
        assert!(role(BOMBING, "Victim").is_empty());
    }

    #[test]
    fn upper_case_copy_gives_the_same_fillers() {
        let upper = BOMBING.to_uppercase();
        for name in ["PerpInd", "PerpOrg", "Target", "Weapon"] {
            assert_eq!(role(&upper, name), role(BOMBING, name), "{name}");
        }
    }

    #[test]
    fn named_victim_after_a_title_and_attackers_who_acted() {
        assert_eq!(role(MURDER, "Victim"), ["ramiro alzate pineda"]);
        assert_eq!(role(MURDER, "PerpInd"), ["armed men"]);
        assert!(
            role(MURDER, "Target").is_empty(),
            "the house was not attacked"
        );
    }

    #[test]
    fn named_victim_after_a_harm_noun() {
        assert_eq!(role(KIDNAPPING, "Victim"), ["jorge enrique salazar"]);
        assert_eq!(role(KIDNAPPING, "PerpInd"), ["gunmen"]);
    }

    const BLAMED: &str = "medellin, 4 apr 90 -- a bomb exploded at a bank branch in the \
        north of the city on sunday. police said two men were responsible for the bombing, \
        which was broadcast by radio caracol.";

    #[test]
    fn people_said_to_be_responsible_are_perpetrators() {
        assert_eq!(role(BLAMED, "PerpInd"), ["two men"]);
        assert_eq!(role(BLAMED, "Target"), ["bank branch"]);
        assert_eq!(role(BLAMED, "Weapon"), ["bomb"]);
    }

    #[test]
    fn radio_stations_and_group_words_are_not_actors() {
        let text = "radio venceremos said the fmln attacked.";
        assert!(broadcaster(text, Span::new(6, 16)));
        assert!(!broadcaster(text, Span::new(26, 30)));
        assert!(plain_name("hector oqueli colindres"));
        assert!(!plain_name("antioquia police"));
        assert!(!plain_name("colindres"));
    }

    #[test]
    fn victims_named_twice_are_one_entity_under_the_fuller_name() {
        let mut victims = vec![
            vec!["Jorge Salazar".to_string()],
            vec!["Jorge Enrique Salazar".to_string()],
            vec!["Ana Ruiz".to_string()],
        ];
        keep_longest(&mut victims, |short, long| {
            let words: Vec<&str> = long.split_whitespace().collect();
            short.split_whitespace().all(|w| words.contains(&w))
        });
        assert_eq!(
            victims,
            [
                vec!["Jorge Enrique Salazar".to_string()],
                vec!["Ana Ruiz".to_string()]
            ]
        );
    }

    #[test]
    fn target_phrases_keep_possessives_and_of_complements() {
        let text = "lima, 2 may 90 -- terrorists dynamited the mayor's office in huancayo \
            on sunday and burned the offices of the national farmers federation.";
        assert_eq!(
            role(text, "Target"),
            [
                "mayor's office",
                "offices of the national farmers federation"
            ]
        );
    }

    #[test]
    fn seized_weapons_are_not_instruments() {
        assert!(role(SEIZURE, "Weapon").is_empty());
    }
}

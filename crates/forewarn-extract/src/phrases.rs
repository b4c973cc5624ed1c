//! Noun phrases around a head noun, bounded from the words alone: wire copy in capitals,
//! lower-cased corpora and mixed-case text chunk alike, since no capital is consulted.
//!
//! A phrase is its head with the modifiers to its left (adjectives, nouns, possessives such
//! as "mayor's", optionally numbers: "electric power substation", "the mayor's office",
//! "two paid assassins") and, for heads that need one to say whose or which they are, an
//! "of" complement to its right ("offices of the local development corporation").

/// How far a phrase may reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhraseLimits {
    /// Most modifiers taken to the left of the head.
    pub left: usize,
    /// Whether numbers ("two", "45") may open the phrase.
    pub numbers: bool,
    /// Most words taken in an "of" complement (0: none).
    pub complement: usize,
}

/// Function words, and the verbs and adverbs of attack reports, which end a noun phrase
/// wherever it is read (shared with the role reader).
pub(crate) const PHRASE_STOP: &[&str] = &[
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
    "s",
    "than",
    "about",
    "over",
    "under",
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
    "using",
    "use",
    "our",
    "my",
    "your",
    "out",
    "most",
    "shot",
    "kill",
    "burn",
    "destroy",
    "attack",
    "attacks",
];

/// Words that also end a phrase for the chunker: times of day, positions, list openers.
const STOP_HERE: &[&str] = &[
    "afternoon",
    "evening",
    "inside",
    "outside",
    "km",
    "floor",
    "such",
    "like",
    "including",
];

/// Numbers written as words.
const NUMBER_WORDS: &[&str] = &[
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "twenty", "thirty", "forty", "fifty", "hundred",
];

fn is_number(w: &str) -> bool {
    NUMBER_WORDS.contains(&w)
        || (w.chars().any(|c| c.is_ascii_digit())
            && w.chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c == '-'))
}

/// Whether `w` (lower case) can modify a following noun: a content word that does not read
/// as a verb form, an adverb or a number; possessives ("mayor's") qualify.
pub fn modifier_word(w: &str) -> bool {
    let stem = w
        .strip_suffix("'s")
        .or_else(|| w.strip_suffix("’s"))
        .unwrap_or(w);
    let wordy = stem
        .chars()
        .all(|c| c.is_alphabetic() || c == '-' || c == '.')
        && stem.chars().any(char::is_alphabetic);
    let verb_form = (stem.ends_with("ed") && !matches!(stem, "armed" | "united" | "red"))
        || (stem.ends_with("ing") && !matches!(stem, "building" | "housing" | "banking"));
    let adverb = stem.ends_with("ly") && stem.len() > 4;
    wordy
        && !PHRASE_STOP.contains(&stem)
        && !STOP_HERE.contains(&stem)
        && !is_number(stem)
        && !verb_form
        && !adverb
}

/// The phrase headed by word `head` of `words` (lower case), as the first and last word
/// indices it covers.
pub fn noun_phrase(words: &[&str], head: usize, limits: PhraseLimits) -> (usize, usize) {
    let mut start = head;
    while start > 0 && head - start < limits.left && modifier_word(words[start - 1]) {
        start -= 1;
    }
    if limits.numbers && start > 0 && is_number(words[start - 1]) {
        start -= 1;
    }
    let mut end = head;
    if limits.complement > 0 && words.get(head + 1) == Some(&"of") {
        let mut k = head + 2;
        if words.get(k) == Some(&"the") {
            k += 1;
        }
        let first = k;
        while k < words.len() && k - first < limits.complement && modifier_word(words[k]) {
            k += 1;
        }
        if k > first {
            end = k - 1;
        }
    }
    (start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TARGET: PhraseLimits = PhraseLimits {
        left: 3,
        numbers: false,
        complement: 5,
    };

    fn chunk(sentence: &str, head: &str, limits: PhraseLimits) -> String {
        let words: Vec<&str> = sentence.split_whitespace().collect();
        let h = words
            .iter()
            .position(|w| *w == head)
            .expect("head in sentence");
        let (a, b) = noun_phrase(&words, h, limits);
        words[a..=b].join(" ")
    }

    #[test]
    fn left_modifiers_stop_at_function_words_and_verbs() {
        assert_eq!(
            chunk(
                "rebels blew up an electric power substation",
                "substation",
                TARGET
            ),
            "electric power substation"
        );
        assert_eq!(
            chunk("a bomb damaged the mayor's office", "office", TARGET),
            "mayor's office"
        );
        assert_eq!(
            chunk(
                "gunmen attacked the heavily guarded embassy",
                "embassy",
                TARGET
            ),
            "embassy"
        );
    }

    #[test]
    fn of_complements_say_whose_offices() {
        assert_eq!(
            chunk(
                "a bomb exploded at the offices of the local farmers union yesterday",
                "offices",
                TARGET
            ),
            "offices of the local farmers union"
        );
        let no_complement = PhraseLimits {
            complement: 0,
            ..TARGET
        };
        assert_eq!(
            chunk("the offices of the union", "offices", no_complement),
            "offices"
        );
    }

    #[test]
    fn numbers_open_a_phrase_only_when_allowed() {
        let people = PhraseLimits {
            left: 2,
            numbers: true,
            complement: 0,
        };
        assert_eq!(
            chunk("police said two paid assassins fled", "assassins", people),
            "two paid assassins"
        );
        assert_eq!(
            chunk("police said two paid assassins fled", "assassins", TARGET),
            "paid assassins"
        );
    }
}

//! String normalisation shared by the scorers, and the "does this text give a date" test.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Removes diacritics (NFKD, combining marks dropped) and lower-cases.
pub fn fold_diacritics(s: &str) -> String {
    s.nfkd()
        .filter(|c| !is_combining_mark(*c))
        .collect::<String>()
        .to_lowercase()
}

/// Normalises a name for comparison: diacritics folded, lower case, every run of
/// non-alphanumeric characters (punctuation, apostrophes, hyphens) turned into one space,
/// and the words in `drop` removed.
///
/// `normalise_name("The Taliban", &["the"])` is `"taliban"`;
/// `normalise_name("al-Qa'ida", &[])` is `"al qa ida"`.
pub fn normalise_name(s: &str, drop: &[&str]) -> String {
    let folded = fold_diacritics(s);
    let spaced: String = folded
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    spaced
        .split_whitespace()
        .filter(|w| !drop.contains(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a text states a calendar date a reader could resolve without outside knowledge:
/// a year (1900-2099), a month name next to a number, or a numeric date (`02/24/2012`,
/// `2012-02-24`).
///
/// Used to score the date field only on rows whose text has one, since a system given no
/// reference date cannot be expected to date "on Tuesday". Weekdays and relative
/// expressions do not count; "may" counts only beside a number, to skip the verb.
pub fn text_has_explicit_date(text: &str) -> bool {
    let tokens: Vec<String> = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | ';' | ':'))
        .filter(|t| !t.is_empty())
        .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric() && c != '/' && c != '-'))
        .map(str::to_lowercase)
        .collect();
    let is_num = |t: &str| !t.is_empty() && t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit());
    for (i, t) in tokens.iter().enumerate() {
        let t = t.as_str();
        if t.len() == 4
            && is_num(t)
            && matches!(t.parse::<u32>(), Ok(y) if (1900..=2099).contains(&y))
        {
            return true;
        }
        if numeric_date(t) {
            return true;
        }
        let word = t.trim_end_matches('.');
        // "may" and "mar" as abbreviations are more often words.
        let is_month = forewarn_model::month_number(word).is_some() && word != "mar";
        if is_month {
            let near_number = |k: Option<&String>| {
                k.is_some_and(|x| is_num(x.trim_end_matches(['.', 's', 't', 'h', 'n', 'd', 'r'])))
            };
            if word != "may"
                || near_number(tokens.get(i + 1))
                || i > 0 && near_number(tokens.get(i - 1))
            {
                return true;
            }
        }
    }
    false
}

/// `d/m/yyyy`, `m/d/yy`, `yyyy-mm-dd` and similar all-digit dates.
fn numeric_date(t: &str) -> bool {
    for sep in ['/', '-'] {
        let parts: Vec<&str> = t.split(sep).collect();
        if parts.len() == 3
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
            && parts.iter().any(|p| p.len() >= 2)
        {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_case_accents_punctuation_and_dropped_words() {
        assert_eq!(normalise_name("The Taliban", &["the"]), "taliban");
        assert_eq!(normalise_name("  Bogotá,  D.C. ", &[]), "bogota d c");
        assert_eq!(normalise_name("al-Qa'ida", &[]), "al qa ida");
        assert_eq!(fold_diacritics("Ñuñoa"), "nunoa");
    }

    #[test]
    fn explicit_dates_are_told_from_relative_ones() {
        for yes in [
            "02/24/2012: Three suicide bombers attacked",
            "On 1 September 2024, Ansar al Tawhid conducted",
            "attacked on March 3 near the border",
            "in 1985 a bomb",
            "on 12 May the group",
            "dated 2019-05-04",
        ] {
            assert!(text_has_explicit_date(yes), "{yes}");
        }
        for no in [
            "A bomb exploded on Tuesday outside the embassy.",
            "Police said the attackers may have fled; 12 were hurt.",
            "Gunmen killed 3 people yesterday.",
        ] {
            assert!(!text_has_explicit_date(no), "{no}");
        }
    }
}

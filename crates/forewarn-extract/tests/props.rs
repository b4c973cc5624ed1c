//! Property tests: `analyse` never panics and every span it returns lies within the text on
//! character boundaries, whatever the input (random Unicode, news-like word soup).

use forewarn_extract::analyse;
use forewarn_model::Span;
use jiff::civil::date;
use proptest::prelude::*;

fn check_span(text: &str, span: Span) -> Result<(), TestCaseError> {
    prop_assert!(
        span.start <= span.end && span.end <= text.len(),
        "span {span:?} outside text"
    );
    prop_assert!(
        span.slice(text).is_some(),
        "span {span:?} not on char boundaries"
    );
    Ok(())
}

fn check_all(text: &str, with_reference: bool) -> Result<(), TestCaseError> {
    let a = analyse(text, with_reference.then(|| date(2024, 3, 23)));
    for t in &a.text.tokens {
        check_span(text, t.span)?;
    }
    for s in a.sentences() {
        check_span(text, s.span)?;
    }
    for d in &a.text.datelines {
        check_span(text, d.span)?;
        check_span(text, d.place)?;
    }
    for t in &a.temporal {
        check_span(text, t.span)?;
        prop_assert!(t.value.start <= t.value.end);
        prop_assert!((0.0..=1.0).contains(&t.confidence));
    }
    for c in &a.counts {
        check_span(text, c.span)?;
        for p in &c.value.parts {
            check_span(text, p.span)?;
        }
        prop_assert!((0.0..=1.0).contains(&c.confidence));
    }
    for n in &a.diagnostics.notes {
        if let Some(s) = n.span {
            check_span(text, s)?;
        }
    }
    Ok(())
}

/// Words that exercise the rules, mixed with punctuation and multibyte characters.
fn soup() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "killed",
        "at",
        "least",
        "13",
        "1,500",
        "dozens",
        "of",
        "civilians",
        "and",
        "were",
        "May",
        "March",
        "12",
        "APR",
        "89",
        "--",
        "(EFE)",
        "LIMA,",
        "Friday,",
        "22",
        "2024",
        "last",
        "summer",
        "since",
        "between",
        "to",
        "-",
        "thirty",
        "one",
        "hundred",
        "U.S.",
        "Gen.",
        ".",
        "...",
        "\"",
        "’s",
        "é",
        "日本",
        "\n",
        "\n\n",
        "mid",
        "early",
        "ago",
        "2",
        "days",
        "the",
        "toll",
        "rose",
        "left",
        "dead",
        "a",
        "dozen",
        "24-year-old",
        "$",
        "%",
        "29",
        "Feb",
        "1900s",
        "9999",
        "4294967296",
        "99999999999999999999",
        "31st",
        "of",
        "0",
        "00",
    ]);
    prop::collection::vec(words, 0..60).prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn random_unicode_never_panics(text in "\\PC{0,200}", with_ref in any::<bool>()) {
        check_all(&text, with_ref)?;
    }

    #[test]
    fn word_soup_never_panics(text in soup(), with_ref in any::<bool>()) {
        check_all(&text, with_ref)?;
    }
}

//! Justifies `NEAR_DUPLICATE_MAX_DISTANCE`: the same report re-published with other page
//! furniture, or lightly edited, must be within it; different reports on the same event or
//! the same group must not. The texts are in `tests/near-duplicates`.

use std::path::Path;

use forewarn_documents::{NEAR_DUPLICATE_MAX_DISTANCE, hamming, simhash};

fn fingerprint(name: &str) -> u64 {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/near-duplicates")
        .join(name);
    simhash(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

fn distance(a: &str, b: &str) -> u32 {
    let d = hamming(fingerprint(a), fingerprint(b));
    println!("{a} vs {b}: {d} bits");
    d
}

#[test]
fn same_report_is_near_different_reports_are_not() {
    let same = [
        ("crocus-wire.txt", "crocus-wire-republished.txt"),
        ("crocus-wire.txt", "crocus-wire-edited.txt"),
        ("crocus-wire-republished.txt", "crocus-wire-edited.txt"),
    ];
    let different = [
        ("crocus-wire.txt", "crocus-analysis.txt"),
        ("crocus-wire.txt", "kerman-wire.txt"),
        ("crocus-analysis.txt", "kerman-wire.txt"),
        ("crocus-wire-edited.txt", "crocus-analysis.txt"),
        ("crocus-wire-republished.txt", "kerman-wire.txt"),
    ];
    let nearest_different = different.iter().map(|(a, b)| distance(a, b)).min().unwrap();
    let farthest_same = same.iter().map(|(a, b)| distance(a, b)).max().unwrap();
    assert!(
        farthest_same <= NEAR_DUPLICATE_MAX_DISTANCE,
        "a re-published or edited copy is {farthest_same} bits away, over the threshold"
    );
    assert!(
        nearest_different > NEAR_DUPLICATE_MAX_DISTANCE,
        "different reports are only {nearest_different} bits apart, within the threshold"
    );
}

#[test]
fn small_edits_move_the_fingerprint_a_little_and_reordering_words_a_lot() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/near-duplicates/kerman-wire.txt"),
    )
    .unwrap();
    let one_word = text.replacen("95", "84", 1);
    assert!(hamming(simhash(&text), simhash(&one_word)) <= 4);
    let mut words: Vec<&str> = text.split_whitespace().collect();
    words.sort_unstable();
    assert!(hamming(simhash(&text), simhash(&words.join(" "))) > NEAR_DUPLICATE_MAX_DISTANCE);
}

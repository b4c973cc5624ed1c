//! Data-driven tests: each `tests/data/NAME.txt` is run through `find`, `find_generic` and
//! `propose_unknown`; the result must equal `NAME.expected`. Set `UPDATE_EXPECTED=1` to
//! rewrite the expected files after a deliberate change (and review the diff).

use std::fmt::Write as _;
use std::path::Path;

use forewarn_lexicon::{Lexicon, propose_unknown};

fn render(text: &str) -> String {
    let lexicon = Lexicon::global();
    let mut out = String::new();
    for (n, line) in text.lines().enumerate() {
        let found = lexicon.find(line);
        for m in &found {
            let _ = writeln!(
                out,
                "{}\tactor\t{}\t{:?}\t{}",
                n + 1,
                m.actor,
                &line[m.span.start..m.span.end],
                m.rule
            );
        }
        for g in lexicon.find_generic(line) {
            let _ = writeln!(
                out,
                "{}\tgeneric\t{}\t{:?}",
                n + 1,
                g.class,
                &line[g.span.start..g.span.end]
            );
        }
        for p in propose_unknown(line, &found) {
            let kind = format!("{:?}", p.kind).to_lowercase();
            let _ = writeln!(out, "{}\tpropose\t{kind}\t{:?}\t{}", n + 1, p.name, p.rule);
        }
    }
    out
}

#[test]
fn fixtures_match_expected() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    inputs.sort();
    assert!(inputs.len() >= 5, "fixtures missing in {}", dir.display());
    let update = std::env::var_os("UPDATE_EXPECTED").is_some();
    let mut failures = Vec::new();
    for input in inputs {
        let got = render(&std::fs::read_to_string(&input).unwrap());
        let expected_path = input.with_extension("expected");
        if update {
            std::fs::write(&expected_path, &got).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if got != expected {
            failures.push(format!(
                "{}:\n--- expected\n{expected}\n--- got\n{got}",
                input.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn dictionary_is_large_valid_and_linked() {
    let lex = Lexicon::global();
    assert!(lex.actors().len() >= 350);
    assert_eq!(
        lex.actor("islamic-state-khorasan-province")
            .unwrap()
            .parent
            .as_deref(),
        Some("islamic-state")
    );
    assert_eq!(
        lex.actor("islamic-state-west-africa-province")
            .unwrap()
            .parent
            .as_deref(),
        Some("islamic-state")
    );
    assert_eq!(
        lex.actor("al-qaeda-in-the-arabian-peninsula")
            .unwrap()
            .parent
            .as_deref(),
        Some("al-qaeda")
    );
    let chain: Vec<&str> = lex
        .ancestors("farc-dissidents-jaime-martinez")
        .iter()
        .map(|a| a.id.as_str())
        .collect();
    assert_eq!(chain, ["estado-mayor-central", "farc-dissidents", "farc"]);
    for a in lex.actors() {
        if let Some(p) = &a.parent {
            assert!(lex.actor(p).is_some(), "{} has missing parent {p}", a.id);
        }
    }
}

#[test]
fn lookup_folds_spelling_and_reports_ambiguity() {
    let lex = Lexicon::global();
    let ids = |name: &str| {
        lex.lookup(name)
            .iter()
            .map(|a| a.id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids("AL-QA'IDA"), ["al-qaeda"]);
    assert_eq!(ids("al Qaida"), ["al-qaeda"]);
    assert_eq!(
        ids("Islamic State – Khorasan Province"),
        ["islamic-state-khorasan-province"]
    );
    assert_eq!(ids("Daesh-Khorasan"), ["islamic-state-khorasan-province"]);
    assert_eq!(ids("Qasem Suleimani"), ["qasem-soleimani"]);
    assert_eq!(ids("Sanaullah Ghafari"), ["shahab-al-muhajir"]);
    assert_eq!(
        ids("Military Forces of Afghanistan (2004-2021)"),
        ["afghan-national-defense-security-forces"]
    );
    let mut eln = ids("ELN");
    eln.sort();
    assert_eq!(eln, ["eln", "eln-bolivia"]);
    assert!(ids("Helmand Province").is_empty());
    assert_eq!(lex.generic_class("Gunmen"), Some("unidentified"));
    assert_eq!(lex.generic_class("the army"), Some("state"));
    assert_eq!(lex.generic_class("FARC"), None);
}

#[test]
fn conflicting_aliases_are_rejected() {
    let actors = r#"
[[actor]]
id = "a"
name = "Alpha Front"
kind = "organization"
category = "armed_group"
aliases = ["AF"]

[[actor]]
id = "b"
name = "Another Force"
kind = "organization"
category = "armed_group"
aliases = ["AF"]
"#;
    let err = Lexicon::from_sources(actors, "").unwrap_err().to_string();
    assert!(
        err.contains("\"AF\"") && err.contains("\"a\"") && err.contains("\"b\""),
        "{err}"
    );
    let flagged = actors.replace("aliases = [\"AF\"]", "ambiguous = [\"AF\"]");
    assert!(Lexicon::from_sources(&flagged, "").is_ok());
    let orphan = actors.replacen("aliases = [\"AF\"]", "parent = \"zz\"", 1);
    let err = Lexicon::from_sources(&orphan, "").unwrap_err().to_string();
    assert!(err.contains("parent \"zz\""), "{err}");
    let dup = actors.replace("id = \"b\"", "id = \"a\"");
    assert!(
        Lexicon::from_sources(&dup, "")
            .unwrap_err()
            .to_string()
            .contains("duplicate id")
    );
    assert!(
        Lexicon::from_sources("[[actor]\nid=", "")
            .unwrap_err()
            .to_string()
            .starts_with("cannot parse actors.toml")
    );
}

#[test]
fn spans_point_into_the_original_text_with_diacritics() {
    let lex = Lexicon::global();
    let text = "Des combattants de l’État islamique et d’Al-Qaïda au Sahel";
    let found = lex.find(text);
    let surfaces: Vec<&str> = found
        .iter()
        .map(|m| &text[m.span.start..m.span.end])
        .collect();
    assert_eq!(surfaces, ["Al-Qaïda"]);
}

#[test]
fn shared_acronyms_resolve_by_the_countries_of_the_story() {
    let lex = Lexicon::global();
    let ids = |text: &str, countries: &[&str]| -> Vec<String> {
        let countries: Vec<String> = countries.iter().map(|c| c.to_string()).collect();
        lex.find_in_countries(text, &countries)
            .into_iter()
            .map(|m| m.actor)
            .collect()
    };
    let text = "Members of the ERP bombed a bank in Cordoba.";
    // Two groups go by ERP: without a country neither is chosen.
    assert!(ids(text, &[]).is_empty());
    assert_eq!(ids(text, &["AR"]).len(), 1);
    assert_ne!(ids(text, &["AR"]), ids(text, &["SV"]));
    // No cue word near it: not read as a group.
    assert!(ids("The ERP figures were published.", &["AR"]).is_empty());
}

#[test]
fn a_capitalised_acronym_after_the_is_a_name_in_mixed_case_text() {
    let lex = Lexicon::global();
    let found = lex.find("The embassy was machine-gunned by the FAR on Tuesday.");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].rule, "lexicon.acronym");
    // The word "far" is not.
    assert!(lex.find("It was not far from the embassy.").is_empty());
}

#[test]
fn a_dated_reading_gives_the_ira_of_later_reporting_to_the_provisionals() {
    let lexicon = Lexicon::global();
    let text = "The IRA said it planted the bomb.";
    let read = |date: Option<&str>| {
        let mut found = lexicon.find(text);
        lexicon.read_as_of(&mut found, date);
        found.iter().map(|m| m.actor.clone()).collect::<Vec<_>>()
    };
    assert_eq!(read(Some("1921-05-25")), ["irish-republican-army"]);
    assert_eq!(read(Some("1979-08-27")), ["provisional-ira"]);
    // Undated reporting is read as recent.
    assert_eq!(read(None), ["provisional-ira"]);
}

#[test]
fn a_shared_acronym_beside_a_planted_bomb_is_the_group_of_the_story_country() {
    let lexicon = Lexicon::global();
    let found = lexicon.find_in_countries(
        "Two units of the ERP placed bombs at bank offices in Cordoba.",
        &["AR".to_string()],
    );
    assert_eq!(found.len(), 1, "{found:?}");
    let actor = lexicon.actor(&found[0].actor).expect("a dictionary actor");
    assert_eq!(actor.country.as_deref(), Some("AR"));
}

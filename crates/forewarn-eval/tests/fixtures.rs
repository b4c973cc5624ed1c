//! End-to-end tests of the loaders and scorers on hand-made fixtures in `tests/data`, with a
//! lookup-table predictor standing in for forewarn's extraction.

use forewarn_eval::*;
use forewarn_model::FuzzyDate;
use std::path::{Path, PathBuf};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn date(s: &str) -> Option<FuzzyDate> {
    Some(s.parse().expect("fixture date"))
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn ents(v: &[&[&str]]) -> Vec<Vec<String>> {
    v.iter().map(|e| strings(e)).collect()
}

/// Answers by the first key found in the text.
struct Lookup {
    incidents: Vec<(&'static str, Vec<PredictedIncident>)>,
    fillers: Vec<(&'static str, RoleFillers)>,
}

impl Predictor for Lookup {
    fn incidents(&self, text: &str, _: Option<jiff::civil::Date>) -> Vec<PredictedIncident> {
        self.incidents
            .iter()
            .find(|(k, _)| text.contains(k))
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }
    fn role_fillers(&self, text: &str, _: Option<jiff::civil::Date>) -> RoleFillers {
        self.fillers
            .iter()
            .find(|(k, _)| text.contains(k))
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn ceaf_ree_on_three_documents_matches_the_hand_computation() {
    let docs = load_processed(&data("muc_processed.jsonl"), None).unwrap();
    assert_eq!(docs.len(), 3, "the blank line is skipped");
    let p = Lookup {
        incidents: vec![],
        fillers: vec![
            (
                "power station",
                RoleFillers {
                    perp_ind: ents(&[&["Guerrillas"]]),
                    perp_org: ents(&[&["FMLN", "the Farabundo Marti National Liberation Front"]]),
                    target: ents(&[&["station"]]),
                    ..Default::default()
                },
            ),
            (
                "the mayor",
                RoleFillers {
                    victim: ents(&[&["mayor"], &["policemen"], &["children"]]),
                    weapon: ents(&[&["dynamite", "sticks"]]),
                    ..Default::default()
                },
            ),
            (
                "appointments",
                RoleFillers {
                    perp_org: ents(&[&["army"]]),
                    ..Default::default()
                },
            ),
        ],
    };
    let preds = predict_processed(&docs, &p);
    let r = score_ceaf_ree(&docs, &preds, MentionNormalisation::Grit);
    let role = |n: &str| r.roles.iter().find(|f| f.field == n).unwrap().score;
    // (correct, predicted, gold) per role, computed by hand.
    for (n, c, pr, g) in [
        ("PerpInd", 1.0, 1, 1),
        ("PerpOrg", 1.0, 2, 1),
        ("Target", 0.0, 1, 1),
        ("Victim", 2.0, 3, 2),
        ("Weapon", 0.0, 1, 2),
    ] {
        let s = role(n);
        assert_eq!((s.correct, s.predicted, s.gold), (c, pr, g), "{n}");
    }
    assert_eq!(
        (r.micro.correct, r.micro.predicted, r.micro.gold),
        (4.0, 8, 7)
    );
    assert!(close(r.micro.precision, 0.5));
    assert!(close(r.micro.recall, 4.0 / 7.0));
    assert!(close(
        r.micro.f1,
        2.0 * 0.5 * (4.0 / 7.0) / (0.5 + 4.0 / 7.0)
    ));
    // phi_prop gives half credit to ["dynamite", "sticks"].
    assert!(close(r.micro_prop.correct, 4.5));
    assert!(r.render_text().contains("micro (CEAF-REE)"));
    assert!(
        r.top_errors
            .iter()
            .any(|e| e.kind == "Weapon: gold entity missed" && e.count == 2)
    );

    // The leading-article reading of the README differs: "the Farabundo ..." keeps its
    // inner words, but "FMLN" and "the farabundo" still normalise the same way here.
    let lead = score_ceaf_ree(&docs, &preds, MentionNormalisation::LeadingArticle);
    assert_eq!(lead.micro.correct, 4.0);

    // Write in GRIT's format, read back, score again: same numbers.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("preds.json");
    write_muc_predictions(&out, &preds).unwrap();
    let text = std::fs::read_to_string(&out).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        v["TEST-MUC4-0001"]["pred_extracts"]["PerpOrg"][0][0],
        "FMLN"
    );
    assert_eq!(
        v["TEST-MUC4-0003"]["pred_extracts"]["Weapon"],
        serde_json::json!([])
    );
    let back = MucPredictions::parse("preds.json", &text).unwrap();
    assert_eq!(score_ceaf_ree(&docs, &back, MentionNormalisation::Grit), r);
}

#[test]
fn missing_documents_and_bad_lines_are_handled() {
    let docs = load_processed(&data("muc_processed.jsonl"), Some(2)).unwrap();
    assert_eq!(docs.len(), 2);
    let r = score_ceaf_ree(
        &docs,
        &MucPredictions::default(),
        MentionNormalisation::Grit,
    );
    assert_eq!(r.documents_without_prediction, 2);
    assert_eq!(r.micro.gold, 7);
    let err = parse_processed(
        "x.json",
        "{\"docid\": \"A\", \"doctext\": \"t\"}\n{oops\n",
        None,
    )
    .unwrap_err()
    .to_string();
    assert!(err.starts_with("x.json:2:"), "{err}");
    let err = parse_processed(
        "x.json",
        "{\"docid\": \"A\", \"doctext\": \"t\", \"extracts\": {\"PerpInd\": [[[3, 1]]]}}",
        None,
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("PerpInd"), "{err}");
}

#[test]
fn raw_texts_and_keys_load_and_score() {
    let texts = load_muc_texts(&[&data("muc_raw.txt")], None).unwrap();
    assert_eq!(texts.len(), 2);
    assert_eq!(texts[0].id, "TEST-MUC3-0001");
    assert_eq!(texts[0].source.as_deref(), Some("FIXTURE"));
    assert_eq!(
        texts[0].dateline_date,
        jiff::civil::Date::new(1990, 1, 12).ok()
    );
    assert!(texts[1].text.ends_with("BUDGET TODAY."));
    assert_eq!(
        load_muc_texts(&[&data("muc_raw.txt")], Some(1))
            .unwrap()
            .len(),
        1
    );

    let keys = load_muc_keys(&[&data("muc_keys.txt")], None).unwrap();
    assert_eq!(keys.len(), 3);
    assert_eq!(keys[0].incident_types, vec!["BOMBING"]);
    assert_eq!(
        keys[0].perp_individual.entities(),
        ents(&[&["URBAN GUERRILLAS", "GUERRILLAS"]])
    );
    assert_eq!(keys[0].phys_target.fillers()[0].values, vec!["POWER PYLON"]);
    assert_eq!(keys[0].instrument_id, Slot::Empty);
    assert!(keys[1].optional && keys[1].template == Some(2));
    let p2 = keys[1].perp_individual.fillers();
    assert_eq!(p2.len(), 2, "continuation line is a second filler");
    assert!(p2[0].uncertain && !p2[1].uncertain);
    assert_eq!(keys[2].template, None);

    let p = Lookup {
        incidents: vec![
            (
                "SOYAPANGO",
                vec![PredictedIncident {
                    kind: Some("attack".into()),
                    attack_type: Some("bombing".into()),
                    date: date("1990-01-11"),
                    country: Some("SV".into()),
                    city: Some("Soyapango".into()),
                    ..Default::default()
                }],
            ),
            (
                "BUDGET",
                vec![
                    PredictedIncident {
                        attack_type: Some("armed_assault".into()),
                        country: Some("PE".into()),
                        ..Default::default()
                    },
                    PredictedIncident {
                        kind: Some("arrest".into()),
                        ..Default::default()
                    },
                ],
            ),
        ],
        fillers: vec![],
    };
    let preds = predict_muc_raw(&texts, &p);
    let r = score_muc_keys(&texts, &keys, &preds);
    assert_eq!(r.relevant_texts, 1);
    // The optional template is not matched, so it does not count; the arrest is ignored.
    assert_eq!(
        (r.templates.correct, r.templates.predicted, r.templates.gold),
        (1.0, 2, 1)
    );
    let f = |n: &str| r.fields.iter().find(|x| x.field == n).unwrap().score;
    assert_eq!(
        (
            f("incident_type").correct,
            f("incident_type").predicted,
            f("incident_type").gold
        ),
        (1.0, 2, 1)
    );
    assert_eq!(
        (f("date").correct, f("date").predicted, f("date").gold),
        (1.0, 1, 1)
    );
    assert_eq!(
        (
            f("country").correct,
            f("country").predicted,
            f("country").gold
        ),
        (1.0, 2, 1)
    );
    assert_eq!(
        (f("place").correct, f("place").predicted, f("place").gold),
        (1.0, 1, 1)
    );
    assert!(r.top_errors.iter().any(|e| e.kind == "spurious incident"));
    assert!(r.render_text().contains("templates"));
}

#[test]
fn key_errors_name_file_and_line() {
    let err = parse_muc_keys(
        "k.muc4",
        "0.  MESSAGE: ID   TST1-MUC3-0001\n1.  MESSAGE: TEMPLATE  X\n",
    )
    .unwrap_err()
    .to_string();
    assert!(err.starts_with("k.muc4:1:"), "{err}");
    let err = parse_muc_keys("k.muc4", "GARBAGE\n")
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("k.muc4:1:"), "{err}");
}

fn rand_predictor() -> Lookup {
    Lookup {
        incidents: vec![
            (
                "Nairobi",
                vec![PredictedIncident {
                    country: Some("KE".into()),
                    city: Some("Nairobi".into()),
                    perpetrators: strings(&["al-Qaeda"]),
                    killed: Some(213),
                    injured: Some(4000),
                    weapon_types: strings(&["explosives"]),
                    date: date("1998-08-07"),
                    ..Default::default()
                }],
            ),
            (
                "Madrid",
                vec![PredictedIncident {
                    country: Some("ES".into()),
                    city: Some("Madrid".into()),
                    perpetrators: strings(&["ETA"]),
                    killed: Some(190),
                    weapon_types: strings(&["explosives"]),
                    ..Default::default()
                }],
            ),
            (
                "Athens",
                vec![PredictedIncident {
                    country: Some("GR".into()),
                    city: Some("Athens".into()),
                    perpetrators: strings(&["Hezbollah"]),
                    killed: Some(1),
                    ..Default::default()
                }],
            ),
            (
                "Mumbai",
                vec![
                    PredictedIncident {
                        kind: Some("arrest".into()),
                        country: Some("PK".into()),
                        ..Default::default()
                    },
                    PredictedIncident {
                        kind: Some("attack".into()),
                        country: Some("IN".into()),
                        city: Some("Mumbai".into()),
                        perpetrator_mentions: strings(&["LeT"]),
                        killed: Some(166),
                        injured: Some(300),
                        weapon_types: strings(&["firearms", "explosives"]),
                        ..Default::default()
                    },
                ],
            ),
        ],
        fillers: vec![],
    }
}

#[test]
fn rand_rows_score_field_by_field() {
    let set = load_incidents(&data("rand_small.csv"), IncidentFormat::Rand, None).unwrap();
    assert_eq!(set.rows.len(), 5);
    assert_eq!(set.delimiter, ',');
    assert!(
        set.rows[2].text.contains("\na U.S. Navy diver"),
        "quoted multi-line field"
    );
    assert_eq!(set.rows[3].line, 6, "line numbers count the multi-line row");
    let preds = predict_incidents(&set, &rand_predictor());
    let r = score_incidents(&set, &preds);
    let f = |n: &str| {
        let s = r
            .fields
            .iter()
            .find(|x| x.field == n)
            .unwrap_or_else(|| panic!("{n}"))
            .score;
        (s.correct, s.predicted, s.gold)
    };
    assert_eq!(f("country"), (4.0, 4, 5));
    assert_eq!(f("city"), (4.0, 4, 5));
    // "Hezbollah" is RAND's "Hizballah" through the actor dictionary.
    assert_eq!(f("perpetrator"), (3.0, 3, 4));
    assert_eq!(f("killed"), (3.0, 5, 5));
    assert_eq!(f("injured"), (3.0, 5, 5));
    assert_eq!(f("weapon"), (3.0, 3, 5));
    assert_eq!(
        f("date"),
        (1.0, 1, 1),
        "only the Nairobi text states its date"
    );
    for absent in ["admin1", "claimed", "attack_type", "target_type"] {
        assert!(
            r.fields.iter().all(|x| x.field != absent),
            "{absent} has no column"
        );
    }
    assert_eq!(
        (r.micro.correct, r.micro.predicted, r.micro.gold),
        (21.0, 25, 30)
    );
    assert_eq!(
        (r.killed_within_10pct.within, r.killed_within_10pct.rows),
        (4, 5)
    );
    // Every wrong or missing value is listed with both sides; two killed figures differ.
    let killed: Vec<_> = r
        .mistakes
        .iter()
        .filter(|m| m.field == forewarn_eval::IncidentField::Killed)
        .collect();
    assert_eq!(killed.len(), 2, "{killed:?}");
    assert!(killed.iter().all(|m| m.gold != m.predicted), "{killed:?}");
    let cities = r
        .mistakes
        .iter()
        .filter(|m| m.field == forewarn_eval::IncidentField::City)
        .count();
    assert_eq!(cities, 1, "five cities, four right");
    assert_eq!(
        (r.injured_within_10pct.within, r.injured_within_10pct.rows),
        (3, 5)
    );
    assert!(
        r.top_errors
            .iter()
            .any(|e| e.kind == "perpetrator: predicted none")
    );
    assert!(r.render_text().contains("killed within ±10%: 4/5"));

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("rand.jsonl");
    write_incident_predictions(&out, &preds).unwrap();
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5);
    assert_eq!(lines[0]["id"], "r1");
    assert_eq!(lines[0]["date"], "1998-08-07");
    assert_eq!(
        lines[3]["country"], "IN",
        "the attack, not the arrest, is written"
    );
    assert_eq!(lines[3]["incidents"], 2);
    assert_eq!(lines[4]["killed"], serde_json::Value::Null);
}

#[test]
fn gtd_rows_load_from_semicolon_and_comma_files_alike() {
    let semi = load_incidents(&data("gtd_semicolon.csv"), IncidentFormat::Gtd, None).unwrap();
    let comma = load_incidents(&data("gtd_comma.csv"), IncidentFormat::Gtd, None).unwrap();
    assert_eq!((semi.delimiter, comma.delimiter), (';', ','));
    assert_eq!(semi.rows.len(), 4);
    assert_eq!(semi.skipped, 2, "the ACLED row and the truncated row");
    let strip = |s: &IncidentSet| {
        s.rows
            .iter()
            .map(|r| GoldIncident {
                line: 0,
                ..r.clone()
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(strip(&semi), strip(&comma));
    let g5 = &semi.rows[3];
    assert_eq!(g5.id, "g5");
    assert_eq!(g5.date.unwrap().to_string(), "2016-07");
    assert_eq!(g5.killed, None, "N/A is no value");
    assert_eq!(semi.rows[0].claimed, Some(false));
    assert_eq!(semi.rows[1].line, 4, "after the sep= line and header");

    let acled = load_incidents(&data("gtd_semicolon.csv"), IncidentFormat::Acled, None).unwrap();
    assert_eq!(acled.rows.len(), 1);
    assert_eq!(acled.rows[0].city.as_deref(), Some("Milaja"));
    assert_eq!(
        load_incidents(&data("gtd_comma.csv"), IncidentFormat::Gtd, Some(2))
            .unwrap()
            .rows
            .len(),
        2
    );

    let p = Lookup {
        incidents: vec![
            (
                "Erawan",
                vec![PredictedIncident {
                    attack_type: Some("bombing".into()),
                    date: date("2015-08-17"),
                    country: Some("Thailand".into()),
                    ..Default::default()
                }],
            ),
            (
                "Westgate",
                vec![PredictedIncident {
                    attack_type: Some("armed_assault".into()),
                    claimed: Some(true),
                    target_types: strings(&["business"]),
                    perpetrators: strings(&["al-Shabaab"]),
                    ..Default::default()
                }],
            ),
            (
                "Manchester",
                vec![PredictedIncident {
                    date: date("2017-05"),
                    ..Default::default()
                }],
            ),
            (
                "Karrada",
                vec![PredictedIncident {
                    attack_type: Some("bombing".into()),
                    target_types: strings(&["private_citizens"]),
                    date: date("2016-07-03"),
                    ..Default::default()
                }],
            ),
        ],
        fillers: vec![],
    };
    let r = score_incidents(&semi, &predict_incidents(&semi, &p));
    let f = |n: &str| {
        let s = r.fields.iter().find(|x| x.field == n).unwrap().score;
        (s.correct, s.predicted, s.gold)
    };
    assert_eq!(f("attack_type"), (3.0, 3, 4));
    assert_eq!(f("claimed"), (2.0, 4, 4));
    assert_eq!(f("target_type"), (2.0, 2, 4));
    assert_eq!(f("date"), (2.0, 3, 4));
    assert_eq!(f("country"), (1.0, 1, 4));
    assert_eq!(f("perpetrator"), (1.0, 1, 3), "Unknown is not scored");
    assert!(
        r.fields
            .iter()
            .all(|x| x.field != "admin1" && x.field != "injured")
    );
    assert!(
        r.top_errors
            .iter()
            .any(|e| e.kind == "date: less precise than the gold")
    );
}

#[test]
fn bad_csv_input_is_an_error_naming_the_file() {
    let err = parse_incidents("x.csv", "id,foo\n1,2\n", IncidentFormat::Rand, None)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("x.csv:") && err.contains("text column"),
        "{err}"
    );
    assert!(parse_incidents("x.csv", "", IncidentFormat::Gtd, None).is_err());
    assert!("nope".parse::<IncidentFormat>().is_err());
}

fn read_json(name: &str) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(data(name)).unwrap()).unwrap()
}

#[test]
fn seeds_port_prints_what_the_script_printed() {
    let gold = load_seeds_gold(&data("seeds_small.gold.json")).unwrap();
    let events = read_json("seeds_small.events.json");
    let actors = read_json("seeds_small.actors.json");
    let relations = read_json("seeds_small.relations.json");
    let r = score_seeds(&gold, &events, Some(&actors), Some(&relations));
    let expected = std::fs::read_to_string(data("seeds_small.expected")).unwrap();
    assert_eq!(r.render_text(), expected);
    assert_eq!(r.missed, vec!["us-designation-2016"]);
    assert_eq!(r.actors, Some((2, 3)));
    let only = score_seeds(&gold, &events, None, None);
    let expected = std::fs::read_to_string(data("seeds_small_events_only.expected")).unwrap();
    assert_eq!(only.render_text(), expected);
    // `{"events": [...]}` is read like a bare array.
    let wrapped = serde_json::json!({ "events": events });
    assert_eq!(score_seeds(&gold, &wrapped, None, None).lines, only.lines);
}

#[test]
fn seeds_gold_errors_say_what_is_wrong() {
    let e = SeedsGold::parse("g.json", "{\"events\": {}}")
        .unwrap_err()
        .to_string();
    assert!(e.contains("g.json") && e.contains("events"), "{e}");
    let e = SeedsGold::parse("g.json", "{\n oops")
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("g.json:"), "{e}");
}

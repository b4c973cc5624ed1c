//! Checks against the real gold files in `../shared` (the project's sibling directory).
//! Each test skips, with a message, when the files are absent (a fresh clone).

use forewarn_eval::*;
use std::path::{Path, PathBuf};

fn shared(rel: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared")
        .join(rel);
    if p.exists() {
        Some(p)
    } else {
        eprintln!("skipping: {} not present", p.display());
        None
    }
}

#[test]
fn rand_file_has_every_row() {
    let Some(p) = shared("bench/rand/rand-dev.csv") else {
        return;
    };
    let set = load_incidents(&p, IncidentFormat::Rand, None).unwrap();
    assert_eq!(set.rows.len(), 32_195);
    assert_eq!(set.skipped, 0);
    assert!(set.rows.iter().all(|r| r.date.is_some()));
    let unmapped: std::collections::BTreeSet<&str> = set
        .rows
        .iter()
        .filter_map(|r| r.country.as_deref())
        .filter(|c| country_codes(c).is_empty())
        .collect();
    assert!(
        unmapped.is_empty(),
        "RAND countries missing from the table: {unmapped:?}"
    );
}

#[test]
fn drone_file_splits_into_gtd_and_acled() {
    let Some(p) = shared("bench/gtd-acled-drone/drone.csv") else {
        return;
    };
    let gtd = load_incidents(&p, IncidentFormat::Gtd, None).unwrap();
    let acled = load_incidents(&p, IncidentFormat::Acled, None).unwrap();
    assert_eq!(gtd.delimiter, ';');
    assert_eq!(gtd.rows.len(), 491);
    assert_eq!(acled.rows.len(), 1_033);
    assert_eq!(gtd.rows.len() + acled.rows.len(), 1_524);
    for r in gtd.rows.iter().chain(&acled.rows) {
        assert!(
            r.country
                .as_deref()
                .is_some_and(|c| !country_codes(c).is_empty()),
            "{}: country {:?}",
            r.id,
            r.country
        );
    }
    assert!(gtd.rows.iter().all(|r| r.attack_type.is_some()));
}

#[test]
fn muc_processed_and_raw_sets_load() {
    let Some(dev) = shared("bench/muc4/processed/dev.json") else {
        return;
    };
    let docs = load_processed(&dev, None).unwrap();
    assert_eq!(docs.len(), 200);
    let train = load_processed(&dev.with_file_name("train.json"), None).unwrap();
    assert_eq!(train.len(), 1_300);
    // Gold scored against itself is perfect.
    let perfect = MucPredictions {
        docs: docs
            .iter()
            .map(|d| {
                let r = |n: &str| d.extracts.get(n).cloned().unwrap_or_default();
                let f = RoleFillers {
                    perp_ind: r("PerpInd"),
                    perp_org: r("PerpOrg"),
                    target: r("Target"),
                    victim: r("Victim"),
                    weapon: r("Weapon"),
                };
                (d.docid.clone(), f)
            })
            .collect(),
    };
    let rep = score_ceaf_ree(&docs, &perfect, MentionNormalisation::Grit);
    assert_eq!(rep.micro.gold, 475);
    assert!((rep.micro.f1 - 1.0).abs() < 1e-12);

    let raw = dev.parent().unwrap().parent().unwrap().join("raw");
    let mut dev_files: Vec<PathBuf> = std::fs::read_dir(raw.join("dev"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dev_files.sort();
    // The directory also holds macOS `._*` metadata files: select by name.
    let named = |prefix: &str| -> Vec<PathBuf> {
        dev_files
            .iter()
            .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
            .cloned()
            .collect()
    };
    let (texts, keys) = (named("dev-muc3"), named("key-dev"));
    let text_refs: Vec<&Path> = texts.iter().map(PathBuf::as_path).collect();
    let key_refs: Vec<&Path> = keys.iter().map(PathBuf::as_path).collect();
    let t = load_muc_texts(&text_refs, None).unwrap();
    assert_eq!(t.len(), 1_300);
    assert!(t.iter().filter(|x| x.dateline_date.is_some()).count() > 1_200);
    let k = load_muc_keys(&key_refs, None).unwrap();
    let ids: std::collections::HashSet<&str> = k.iter().map(|x| x.message_id.as_str()).collect();
    assert_eq!(ids.len(), 1_300, "every text has a key");
    let tst1 = load_muc_texts(&[&raw.join("tst1/tst1-muc3")], None).unwrap();
    let tst2 = load_muc_texts(&[&raw.join("tst2/tst2-muc4")], None).unwrap();
    assert_eq!((tst1.len(), tst2.len()), (100, 100));
    let k1 = load_muc_keys(
        &[&raw.join("tst1/key-tst1.v7"), &raw.join("tst2/key-tst2.v4")],
        None,
    )
    .unwrap();
    let relevant = k1.iter().filter(|x| x.template.is_some()).count();
    assert!(relevant > 100, "{relevant}");
    // Every relevant template's incident type is read.
    assert!(
        k.iter()
            .filter(|x| x.template.is_some())
            .all(|x| !x.incident_types.is_empty())
    );
}

#[test]
fn seeds_port_equals_the_python_script() {
    let Some(script) = shared("tools/score_seeds.py") else {
        return;
    };
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let out = match std::process::Command::new("python3")
        .arg(&script)
        .arg(data.join("seeds_small.events.json"))
        .arg("--actors")
        .arg(data.join("seeds_small.actors.json"))
        .arg("--relations")
        .arg(data.join("seeds_small.relations.json"))
        .arg("--gold")
        .arg(data.join("seeds_small.gold.json"))
        .output()
    {
        Ok(o) if o.status.success() => o,
        _ => {
            eprintln!("skipping: python3 could not run {}", script.display());
            return;
        }
    };
    let gold = load_seeds_gold(&data.join("seeds_small.gold.json")).unwrap();
    let read = |n: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(data.join(n)).unwrap()).unwrap()
    };
    let r = score_seeds(
        &gold,
        &read("seeds_small.events.json"),
        Some(&read("seeds_small.actors.json")),
        Some(&read("seeds_small.relations.json")),
    );
    assert_eq!(r.render_text(), String::from_utf8_lossy(&out.stdout));
    // The real gold file loads too.
    if let Some(real) = shared("gold/seeds.gold.json") {
        let g = load_seeds_gold(&real).unwrap();
        let empty = score_seeds(&g, &serde_json::json!([]), None, None);
        assert!(
            empty
                .lines
                .last()
                .unwrap()
                .starts_with("seeds attack-event F1 0.00")
        );
    }
}

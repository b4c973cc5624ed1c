//! Incidents across reports: ingesting reports of the same attack gives one incident citing
//! each, a different attack stays apart, re-ingest and re-extraction never duplicate, and a
//! person's decision survives re-extraction.

use std::path::{Path, PathBuf};

use forewarn_ingest::{IngestOptions, MetaOverrides, SilentObserver, ingest, reextract};
use forewarn_model::{AdjudicationStatus, EventKind, Incident};
use forewarn_store::{IncidentFilter, Page, SqliteStore, Store};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/incidents")
        .join(name)
}

fn ingest_one(store: &mut SqliteStore, name: &str, published: &str) {
    let options = IngestOptions {
        overrides: MetaOverrides {
            published: Some(published.parse().unwrap()),
            ..Default::default()
        },
        workers: 1,
        ..Default::default()
    };
    let summary = ingest(
        store,
        &[fixture(name).display().to_string()],
        &options,
        &mut SilentObserver,
    )
    .unwrap();
    assert_eq!(summary.failed, 0, "{:?}", summary.outcomes);
    assert!(summary.incidents_error.is_none(), "{summary:?}");
}

fn attacks(store: &SqliteStore) -> Vec<Incident> {
    let filter = IncidentFilter {
        kind: Some(EventKind::Attack),
        ..IncidentFilter::default()
    };
    store
        .incidents(
            &filter,
            Page {
                offset: 0,
                limit: 100,
            },
        )
        .unwrap()
        .items
}

fn manchester(store: &SqliteStore) -> Vec<Incident> {
    attacks(store)
        .into_iter()
        .filter(|i| {
            i.event
                .date
                .iter()
                .any(|d| d.value.start == jiff::civil::date(2017, 5, 22))
        })
        .collect()
}

fn filled() -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open(dir.path()).unwrap();
    ingest_one(&mut store, "manchester-a.txt", "2017-05-23");
    ingest_one(&mut store, "westminster.txt", "2017-03-23");
    ingest_one(&mut store, "manchester-b.txt", "2017-05-24");
    (dir, store)
}

#[test]
fn two_reports_of_one_attack_are_one_incident_and_another_attack_stays_apart() {
    let (_dir, store) = filled();
    let found = manchester(&store);
    assert_eq!(found.len(), 1, "{found:#?}");
    let inc = &found[0];
    let docs: std::collections::BTreeSet<_> = inc.members.iter().map(|m| &m.document).collect();
    assert_eq!(docs.len(), 2, "both reports are members: {:?}", inc.members);
    // Every source's figure is kept; 22 killed in both, injured 139 and "at least 116" agree.
    assert!(inc.event.killed.reports.len() >= 2);
    assert_eq!(inc.event.killed.best, Some(22));
    assert_eq!(inc.event.injured.best, Some(139));
    assert!(inc.contradictions.is_empty(), "{:?}", inc.contradictions);
    // Westminster is its own incident.
    assert_eq!(attacks(&store).len(), 2, "{:#?}", attacks(&store));
}

#[test]
fn the_least_confident_incidents_list_first_with_their_records_confidence() {
    let (_dir, store) = filled();
    let filter = IncidentFilter {
        sort: forewarn_store::IncidentSort::Confidence,
        ascending: true,
        ..IncidentFilter::default()
    };
    let page = Page {
        offset: 0,
        limit: 100,
    };
    let rows = store.incident_rows(&filter, page).unwrap().items;
    assert!(rows.len() >= 2, "{rows:?}");
    let mut last = f64::NEG_INFINITY;
    for row in &rows {
        let record = store
            .incident(&row.id.0)
            .unwrap()
            .expect("listed incident exists");
        assert_eq!(
            row.confidence,
            Some(record.event.confidence),
            "{}",
            row.id.0
        );
        assert!(
            record.event.confidence >= last,
            "ascending order at {}",
            row.id.0
        );
        last = record.event.confidence;
    }
}

#[test]
fn lists_sort_both_ways_with_unknown_values_last() {
    use forewarn_store::IncidentSort;
    let (_dir, store) = filled();
    let page = Page {
        offset: 0,
        limit: 100,
    };
    for ascending in [false, true] {
        for sort in [
            IncidentSort::Date,
            IncidentSort::Killed,
            IncidentSort::Injured,
        ] {
            let filter = IncidentFilter {
                sort,
                ascending,
                ..IncidentFilter::default()
            };
            let rows = store.incident_rows(&filter, page).unwrap().items;
            let keys: Vec<Option<String>> = rows
                .iter()
                .map(|r| match sort {
                    IncidentSort::Date => r.date_start.map(|d| d.to_string()),
                    IncidentSort::Killed => r.killed.map(|k| format!("{k:012}")),
                    _ => r.injured.map(|k| format!("{k:012}")),
                })
                .collect();
            let known: Vec<&String> = keys.iter().flatten().collect();
            let first_unknown = keys.iter().position(Option::is_none).unwrap_or(keys.len());
            assert_eq!(first_unknown, known.len(), "{sort:?} {ascending}: {keys:?}");
            let mut sorted = known.clone();
            sorted.sort();
            if !ascending {
                sorted.reverse();
            }
            assert_eq!(known, sorted, "{sort:?} ascending={ascending}");
        }
    }
}

#[test]
fn ingesting_again_or_extracting_again_never_duplicates_an_incident() {
    let (_dir, mut store) = filled();
    let before: Vec<_> = attacks(&store).into_iter().map(|i| i.id).collect();
    ingest_one(&mut store, "manchester-b.txt", "2017-05-24");
    let summary = reextract(&mut store, &mut SilentObserver).unwrap();
    assert!(summary.incidents.rebuilt + summary.incidents.removed > 0);
    let mut after: Vec<_> = attacks(&store).into_iter().map(|i| i.id).collect();
    let mut before = before;
    before.sort();
    after.sort();
    assert_eq!(before, after);
    assert_eq!(manchester(&store)[0].members.len(), 2);
}

#[test]
fn a_third_report_joins_the_incident_incrementally() {
    let (_dir, mut store) = filled();
    ingest_one(&mut store, "manchester-c.txt", "2023-03-02");
    let inc = manchester(&store);
    assert_eq!(inc.len(), 1, "{inc:#?}");
    assert_eq!(inc[0].members.len(), 3);
    assert!(store.adjudications(None).unwrap().is_empty());
}

#[test]
fn a_kept_apart_decision_survives_re_extraction() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open(dir.path()).unwrap();
    ingest_one(&mut store, "manchester-a.txt", "2017-05-23");
    ingest_one(&mut store, "manchester-b.txt", "2017-05-24");
    let inc = manchester(&store).remove(0);
    let joined = inc.members[1].clone();
    // A person judges the second report to be about something else: record it as an
    // adjudication decided apart, which pins it.
    let w = forewarn_store::IncidentWrite {
        adjudications: vec![forewarn_model::Adjudication {
            id: 0,
            event: joined.clone(),
            incident: inc.id.clone(),
            founded: inc.id.clone(),
            evidence_for: vec![],
            evidence_against: vec!["test".into()],
            status: AdjudicationStatus::Open,
            decided_by: None,
        }],
        remove_members: vec![joined.clone()],
        ..Default::default()
    };
    store.write_incidents(&w).unwrap();
    let pair = store.adjudications(None).unwrap().remove(0);
    forewarn_kb::decide_adjudication(&mut store, pair.id, AdjudicationStatus::KeptApart, "tester")
        .unwrap();
    forewarn_kb::integrate(&mut store).unwrap();
    assert_eq!(manchester(&store).len(), 2, "kept apart after integration");
    reextract(&mut store, &mut SilentObserver).unwrap();
    assert_eq!(
        manchester(&store).len(),
        2,
        "kept apart after re-extraction"
    );
}

fn reviewer() -> forewarn_kb::review::Reviewer<'static> {
    forewarn_kb::review::Reviewer {
        by: "tester",
        why: Some("checked against the inquiry report"),
    }
}

#[test]
fn a_correction_wins_survives_re_extraction_and_can_be_undone() {
    use forewarn_kb::review;
    use forewarn_model::{CorrectedValue, Count, CountQualifier, ReviewAction};
    let (_dir, mut store) = filled();
    let id = manchester(&store)[0].id.clone();
    let fix = CorrectedValue::Injured(Count {
        value: 250,
        qualifier: CountQualifier::AtLeast,
        high: None,
    });
    let entry = review::correct(&mut store, id.as_str(), fix, &reviewer()).unwrap();
    assert_eq!(entry.action, ReviewAction::Correct);
    assert_eq!(entry.before["best"], 139);
    let inc = store.incident(id.as_str()).unwrap().unwrap();
    assert_eq!(inc.event.injured.best, Some(250));
    // The reports stay beside the person's value.
    assert!(inc.event.injured.reports.len() >= 3);
    reextract(&mut store, &mut SilentObserver).unwrap();
    let inc = store.incident(id.as_str()).unwrap().unwrap();
    assert_eq!(
        inc.event.injured.best,
        Some(250),
        "kept across re-extraction"
    );
    review::undo(&mut store, entry.id, &reviewer()).unwrap();
    let inc = store.incident(id.as_str()).unwrap().unwrap();
    assert_eq!(inc.event.injured.best, Some(139));
    assert!(
        review::undo(&mut store, entry.id, &reviewer()).is_err(),
        "undone once only"
    );
    let log = store
        .review_log(
            None,
            Page {
                offset: 0,
                limit: 10,
            },
        )
        .unwrap();
    assert_eq!(log.total, 2);
    assert_eq!(log.items[1].undone_by, Some(log.items[0].id));
}

#[test]
fn merge_split_reject_and_their_undos() {
    use forewarn_kb::review;
    use forewarn_model::ReviewStatus;
    let (_dir, mut store) = filled();
    let m = manchester(&store).remove(0);
    let w = attacks(&store).into_iter().find(|i| i.id != m.id).unwrap();
    // Merge Westminster into Manchester (wrongly), then undo it.
    let merged = review::merge(&mut store, w.id.as_str(), m.id.as_str(), &reviewer()).unwrap();
    assert_eq!(attacks(&store).len(), 1);
    assert_eq!(
        store
            .incident(m.id.as_str())
            .unwrap()
            .unwrap()
            .members
            .len(),
        3
    );
    review::undo(&mut store, merged.id, &reviewer()).unwrap();
    assert_eq!(attacks(&store).len(), 2);
    assert_eq!(
        store
            .incident(m.id.as_str())
            .unwrap()
            .unwrap()
            .members
            .len(),
        2
    );
    // Split the second report out of Manchester, then undo.
    let second = m.members[1].event.0.clone();
    let split = review::split(&mut store, m.id.as_str(), &second, &reviewer()).unwrap();
    assert_eq!(manchester(&store).len(), 2);
    reextract(&mut store, &mut SilentObserver).unwrap();
    assert_eq!(
        manchester(&store).len(),
        2,
        "a split survives re-extraction"
    );
    review::undo(&mut store, split.id, &reviewer()).unwrap();
    assert_eq!(manchester(&store).len(), 1);
    assert!(review::split(&mut store, w.id.as_str(), "nope", &reviewer()).is_err());
    // Reject, then undo.
    let rejected = review::set_status(
        &mut store,
        m.id.as_str(),
        ReviewStatus::Rejected,
        &reviewer(),
    )
    .unwrap();
    let filter = IncidentFilter {
        status: Some(ReviewStatus::Rejected),
        ..IncidentFilter::default()
    };
    let page = Page {
        offset: 0,
        limit: 10,
    };
    assert_eq!(store.incidents(&filter, page).unwrap().total, 1);
    review::undo(&mut store, rejected.id, &reviewer()).unwrap();
    assert_eq!(store.incidents(&filter, page).unwrap().total, 0);
}

//! Cross-report incident coreference, measured two ways through the real ingest pipeline.
//!
//! - **Distinct incidents must stay apart.** Rows of an incident database (RAND) are
//!   separate incidents by construction; each row's description is ingested as its own
//!   document, published on the row's date. Any incident the knowledge base builds that
//!   holds two rows is a wrong merge: every pair of distinct rows in one incident counts.
//! - **Reports of one incident must come together.** A directory of pairs of differently
//!   worded reports of one real attack (`NN-a.txt`, `NN-b.txt`, each opening with an
//!   `@published YYYY-MM-DD` line) is ingested pair by pair, and then all together to
//!   count merges across different pairs.
//!
//! Both run in a scratch store that is thrown away, exactly as a user's ingest would run.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::time::Instant;

use forewarn_extract::best_date;
use forewarn_ingest::{IngestOptions, ItemOutcome, SilentObserver};
use forewarn_kb::{Verdict, compare};
use forewarn_model::{DatePrecision, DocumentId, Event, FuzzyDate, Incident};
use forewarn_store::{IncidentFilter, Page, SqliteStore, Store, Stored};
use jiff::civil::Date;
use serde::Serialize;

use crate::error::read_text;
use crate::{EvalError, IncidentFormat, load_incidents};

/// How many wrong merges a report lists in full.
const EXAMPLES: usize = 20;
/// How many evidence kinds and combinations a report lists.
const TOP_EVIDENCE: usize = 12;

/// One text to ingest as its own document.
#[derive(Debug, Clone)]
struct Text {
    name: String,
    published: Date,
    text: String,
}

/// A scratch store holding ingested texts.
struct Scratch {
    // Held so that the directory outlives the store.
    _dir: tempfile::TempDir,
    store: SqliteStore,
    /// Document id to the names it was offered under (identical texts share a document).
    names: HashMap<DocumentId, Vec<String>>,
    /// Near-duplicate links between documents (later, earlier).
    near_duplicates: Vec<(DocumentId, DocumentId)>,
    adjudications: u64,
    seconds: f64,
}

fn store_error(e: impl std::fmt::Display) -> EvalError {
    EvalError::input("scratch store", e.to_string())
}

/// Ingests `texts` in order (one JSON Lines file, so that each keeps its name and published
/// date) into a new scratch store, with extraction and incident integration on.
fn ingest_texts(texts: &[Text]) -> Result<Scratch, EvalError> {
    let dir = tempfile::tempdir().map_err(|source| EvalError::Read {
        path: PathBuf::from("scratch directory"),
        source,
    })?;
    let input = dir.path().join("texts.jsonl");
    let mut lines = String::new();
    for t in texts {
        let record = serde_json::json!({
            "name": t.name,
            "published": t.published.to_string(),
            "text": t.text,
        });
        lines.push_str(&record.to_string());
        lines.push('\n');
    }
    crate::error::write_bytes(&input, lines.as_bytes())?;
    let mut store = SqliteStore::open(&dir.path().join("data")).map_err(store_error)?;
    let started = Instant::now();
    let summary = forewarn_ingest::ingest(
        &mut store,
        &[input.display().to_string()],
        &IngestOptions::default(),
        &mut SilentObserver,
    )
    .map_err(|reason| EvalError::input("scratch ingest", reason))?;
    let seconds = started.elapsed().as_secs_f64();
    if let Some(e) = &summary.incidents_error {
        return Err(EvalError::input("incident integration", e.clone()));
    }
    if let Some((input, reason)) = summary.failures().next() {
        return Err(EvalError::input(input, reason));
    }
    let mut names: HashMap<DocumentId, Vec<String>> = HashMap::new();
    let mut near_duplicates = Vec::new();
    for o in &summary.outcomes {
        match o {
            ItemOutcome::Stored {
                name,
                id,
                near_duplicate_of,
                ..
            } => {
                names.entry(id.clone()).or_default().push(name.clone());
                if let Some(nd) = near_duplicate_of {
                    near_duplicates.push((id.clone(), nd.document.clone()));
                }
            }
            ItemOutcome::Duplicate { name, id, .. } => {
                names.entry(id.clone()).or_default().push(name.clone());
            }
            ItemOutcome::Failed { .. } => {}
        }
    }
    let adjudications = summary.incidents.as_ref().map_or(0, |i| i.adjudications);
    Ok(Scratch {
        _dir: dir,
        store,
        names,
        near_duplicates,
        adjudications,
        seconds,
    })
}

/// Groups of documents joined by near-duplicate links: each document's group representative.
fn near_duplicate_groups(links: &[(DocumentId, DocumentId)]) -> HashMap<DocumentId, DocumentId> {
    let mut parent: HashMap<DocumentId, DocumentId> = HashMap::new();
    fn root(parent: &HashMap<DocumentId, DocumentId>, d: &DocumentId) -> DocumentId {
        let mut d = d.clone();
        while let Some(p) = parent.get(&d) {
            if *p == d {
                break;
            }
            d = p.clone();
        }
        d
    }
    for (a, b) in links {
        let (ra, rb) = (root(&parent, a), root(&parent, b));
        if ra != rb {
            parent.insert(ra, rb);
        }
    }
    let keys: Vec<DocumentId> = parent.keys().cloned().collect();
    keys.into_iter()
        .map(|k| {
            let r = root(&parent, &k);
            (k, r)
        })
        .collect()
}

/// An incident with its member events.
type WithMembers = (Incident, Vec<Stored<Event>>);
/// An incident with its member events by report name.
type WithNames = (Incident, BTreeMap<String, Vec<Event>>);

/// Every incident of a store with its member events.
fn incidents_with_members(store: &dyn Store) -> Result<Vec<WithMembers>, EvalError> {
    let page = Page {
        offset: 0,
        limit: i64::MAX as u64,
    };
    let listing = store
        .incidents(&IncidentFilter::default(), page)
        .map_err(store_error)?;
    let mut out = Vec::with_capacity(listing.items.len());
    for incident in listing.items {
        let members = store
            .incident_members(&incident.id)
            .map_err(store_error)?
            .into_iter()
            .map(|(stored, _)| stored)
            .collect();
        out.push((incident, members));
    }
    // Listing order is by date; the report is easier to compare across runs by id.
    out.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    Ok(out)
}

/// The kind of a piece of evidence, without its values: "same day, 1985-10-07" is "same
/// day", "targets share the word \"embassy\"" is "targets share a word".
pub fn evidence_kind(evidence: &str) -> String {
    let cut = evidence
        .find([',', '(', ':', '"'])
        .map_or(evidence, |i| &evidence[..i])
        .trim();
    match cut {
        "targets share the word" => "targets share a word".to_string(),
        _ if cut.starts_with("both reports name") => "both reports name a name".to_string(),
        _ => cut.to_string(),
    }
}

/// The comparison of two member events of an incident that best explains why they were
/// put together (the highest-scoring pair of their events).
fn best_comparison(a: &[&Event], b: &[&Event]) -> Option<forewarn_kb::Comparison> {
    let mut best: Option<forewarn_kb::Comparison> = None;
    for x in a {
        for y in b {
            let c = compare(x, y);
            if best.as_ref().is_none_or(|b| c.score() > b.score()) {
                best = Some(c);
            }
        }
    }
    best
}

/// What two rows in one incident have in common, for reading the count of wrong merges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WrongKind {
    /// The rows' own incidents (each merged event is dated on its row's date): two distinct
    /// incidents taken for one.
    OwnIncidents,
    /// At least one row contributes an event dated away from its row's date: a mention of
    /// another, earlier incident (which may well be the other row's incident).
    Background,
    /// The two descriptions are near duplicates (the store linked them): no reader could
    /// tell the rows apart from their texts.
    NearIdenticalTexts,
}

/// One incident that holds more than one row.
#[derive(Debug, Clone, Serialize)]
pub struct WrongMerge {
    /// The incident.
    pub incident: String,
    /// The rows it holds.
    pub rows: Vec<String>,
    /// What kind of wrong merge its first two rows make.
    pub kind: WrongKind,
    /// What a comparison of its first two rows' events says for merging them.
    pub evidence_for: Vec<String>,
    /// And against.
    pub evidence_against: Vec<String>,
}

/// The result of ingesting incident-database rows as separate documents.
#[derive(Debug, Clone, Serialize)]
pub struct RowsCorefReport {
    /// The input file.
    pub input: String,
    /// Rows read (up to the limit).
    pub rows: usize,
    /// Rows skipped for want of a date to the day.
    pub skipped_no_date: usize,
    /// Rows whose text another row already gave word for word (stored once, so the store
    /// cannot merge them; they are not counted as merges).
    pub identical_texts: usize,
    /// Events extracted.
    pub events: usize,
    /// Incidents built.
    pub incidents: usize,
    /// Incidents holding more than one row: wrong merges.
    pub wrong_incidents: usize,
    /// Pairs of distinct rows in one incident, summed over incidents (C(k, 2) each).
    pub wrong_pairs: usize,
    /// Distinct pairs of rows merged somewhere (a pair in two incidents counts once).
    pub distinct_wrong_pairs: usize,
    /// The wrong pairs by kind.
    pub wrong_pairs_by_kind: BTreeMap<WrongKind, usize>,
    /// Incidents whose wrong pairs include two rows' own incidents.
    pub own_wrong_incidents: usize,
    /// `wrong_incidents / incidents`.
    pub wrong_incident_rate: f64,
    /// Pairs queued for a person.
    pub adjudications: u64,
    /// `adjudications / incidents`.
    pub adjudication_rate: f64,
    /// Evidence kinds behind the wrong merges, commonest first, with counts.
    pub evidence: Vec<(String, usize)>,
    /// Combinations of evidence kinds behind the wrong merges, commonest first.
    pub evidence_combinations: Vec<(String, usize)>,
    /// The first wrong merges, in full.
    pub examples: Vec<WrongMerge>,
    /// Wall time of ingest and integration, in seconds.
    pub seconds: f64,
}

/// Ingests the first `limit` rows of an incident file (RAND format) as separate documents,
/// each published on its row's date, and counts the incidents that hold more than one row.
pub fn run_rows_coref(path: &Path, limit: Option<usize>) -> Result<RowsCorefReport, EvalError> {
    let set = load_incidents(path, IncidentFormat::Rand, limit)?;
    let mut texts = Vec::new();
    let mut skipped_no_date = 0;
    for row in &set.rows {
        match &row.date {
            Some(d) if d.precision == DatePrecision::Day => texts.push(Text {
                name: row.id.clone(),
                published: d.start,
                text: row.text.clone(),
            }),
            _ => skipped_no_date += 1,
        }
    }
    let scratch = ingest_texts(&texts)?;
    let incidents = incidents_with_members(&scratch.store)?;
    let published: HashMap<&str, Date> = texts
        .iter()
        .map(|t| (t.name.as_str(), t.published))
        .collect();
    let groups = near_duplicate_groups(&scratch.near_duplicates);
    let group_of = |d: &str| {
        let id = DocumentId(d.to_string());
        groups.get(&id).cloned().unwrap_or(id)
    };
    let identical_texts = scratch
        .names
        .values()
        .map(|n| n.len().saturating_sub(1))
        .sum();

    let mut events = 0;
    let mut wrong_incidents = 0;
    let mut wrong_pairs = 0;
    let mut distinct: BTreeSet<(String, String)> = BTreeSet::new();
    let mut evidence: BTreeMap<String, usize> = BTreeMap::new();
    let mut combinations: BTreeMap<String, usize> = BTreeMap::new();
    let mut examples = Vec::new();
    let mut by_kind: BTreeMap<WrongKind, usize> = BTreeMap::new();
    let mut own_wrong_incidents = 0;
    for (incident, members) in &incidents {
        events += members.len();
        // Members by document, in ingest order.
        let mut by_doc: Vec<(&str, Vec<&Event>)> = Vec::new();
        for m in members {
            match by_doc.iter_mut().find(|(d, _)| *d == m.document.0) {
                Some((_, list)) => list.push(&m.item),
                None => by_doc.push((&m.document.0, vec![&m.item])),
            }
        }
        if by_doc.len() < 2 {
            continue;
        }
        let k = by_doc.len();
        wrong_incidents += 1;
        wrong_pairs += k * (k - 1) / 2;
        let row_of = |doc: &str| {
            scratch
                .names
                .get(&DocumentId(doc.to_string()))
                .and_then(|n| n.first().cloned())
                .unwrap_or_else(|| doc.to_string())
        };
        let rows: Vec<String> = by_doc.iter().map(|(d, _)| row_of(d)).collect();
        // A row's events here are its own incident when one is dated on the row's date.
        let own: Vec<bool> = by_doc
            .iter()
            .zip(&rows)
            .map(|((_, events), row)| {
                let day = published.get(row.as_str()).map(|d| FuzzyDate::day(*d));
                events.iter().any(|e| {
                    best_date(e).is_some_and(|b| day.is_some_and(|d| b.value.overlaps(&d)))
                })
            })
            .collect();
        let kind_of = |i: usize, j: usize| {
            if group_of(by_doc[i].0) == group_of(by_doc[j].0) {
                WrongKind::NearIdenticalTexts
            } else if own[i] && own[j] {
                WrongKind::OwnIncidents
            } else {
                WrongKind::Background
            }
        };
        let mut any_own = false;
        for i in 0..k {
            for j in i + 1..k {
                let kind = kind_of(i, j);
                any_own |= kind == WrongKind::OwnIncidents;
                *by_kind.entry(kind).or_default() += 1;
                let (x, y) = (rows[i].clone(), rows[j].clone());
                distinct.insert(if x < y { (x, y) } else { (y, x) });
            }
        }
        own_wrong_incidents += usize::from(any_own);
        let Some(cmp) = best_comparison(&by_doc[0].1, &by_doc[1].1) else {
            continue;
        };
        let kinds: BTreeSet<String> = cmp.evidence_for.iter().map(|e| evidence_kind(e)).collect();
        for kind in &kinds {
            *evidence.entry(kind.clone()).or_default() += 1;
        }
        *combinations
            .entry(kinds.into_iter().collect::<Vec<_>>().join(" + "))
            .or_default() += 1;
        if examples.len() < EXAMPLES {
            examples.push(WrongMerge {
                incident: incident.id.to_string(),
                kind: kind_of(0, 1),
                rows,
                evidence_for: cmp.evidence_for,
                evidence_against: cmp.evidence_against,
            });
        }
    }
    let n = incidents.len();
    Ok(RowsCorefReport {
        input: set.name,
        rows: set.rows.len(),
        skipped_no_date,
        identical_texts,
        events,
        incidents: n,
        wrong_incidents,
        wrong_pairs,
        distinct_wrong_pairs: distinct.len(),
        wrong_pairs_by_kind: by_kind,
        own_wrong_incidents,
        wrong_incident_rate: ratio(wrong_incidents, n),
        adjudications: scratch.adjudications,
        adjudication_rate: ratio(scratch.adjudications as usize, n),
        evidence: commonest(evidence),
        evidence_combinations: commonest(combinations),
        examples,
        seconds: scratch.seconds,
    })
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

fn commonest(counts: BTreeMap<String, usize>) -> Vec<(String, usize)> {
    let mut v: Vec<(String, usize)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v.truncate(TOP_EVIDENCE);
    v
}

impl WrongKind {
    fn label(self) -> &'static str {
        match self {
            WrongKind::OwnIncidents => "own incidents",
            WrongKind::Background => "background mention",
            WrongKind::NearIdenticalTexts => "near-identical texts",
        }
    }
}

impl RowsCorefReport {
    /// The report for a terminal.
    pub fn render_text(&self) -> String {
        let mut s = format!(
            "Coreference on {} ({} rows as separate documents; {} skipped without a day date; \
             {} identical texts stored once)\n",
            self.input, self.rows, self.skipped_no_date, self.identical_texts
        );
        s += &format!(
            "  events {}, incidents {}\n  wrong merges: {} incidents hold more than one row \
             ({:.2}% of incidents), {} row pairs ({} distinct)\n  adjudications queued: {} \
             ({:.2} per 100 incidents)\n  wall time: {:.1} s\n",
            self.events,
            self.incidents,
            self.wrong_incidents,
            100.0 * self.wrong_incident_rate,
            self.wrong_pairs,
            self.distinct_wrong_pairs,
            self.adjudications,
            100.0 * self.adjudication_rate,
            self.seconds
        );
        s += &format!(
            "  wrong pairs by kind: {}\n  incidents merging two rows' own incidents: {} \
             ({:.2}% of incidents)\n",
            self.wrong_pairs_by_kind
                .iter()
                .map(|(k, n)| format!("{} {n}", k.label()))
                .collect::<Vec<_>>()
                .join(", "),
            self.own_wrong_incidents,
            100.0 * ratio(self.own_wrong_incidents, self.incidents)
        );
        if !self.evidence.is_empty() {
            s += "  evidence behind wrong merges (first two rows of each):\n";
            for (kind, n) in &self.evidence {
                s += &format!("    {n:>5}  {kind}\n");
            }
            s += "  commonest combinations:\n";
            for (kinds, n) in &self.evidence_combinations {
                s += &format!("    {n:>5}  {kinds}\n");
            }
            s += "  examples:\n";
            for e in &self.examples {
                s += &format!(
                    "    {} ({}): {}\n      for: {}\n      against: {}\n",
                    e.incident,
                    e.kind.label(),
                    e.rows.join(", "),
                    e.evidence_for.join("; "),
                    if e.evidence_against.is_empty() {
                        "-".to_string()
                    } else {
                        e.evidence_against.join("; ")
                    }
                );
            }
        }
        s
    }
}

/// Headline numbers of a rows coreference report. Rates of errors are checked as ceilings
/// (`max_` keys in the floors file).
pub fn rows_coref_metrics(r: &RowsCorefReport) -> Vec<(String, f64)> {
    vec![
        ("wrong_incident_rate".into(), r.wrong_incident_rate),
        (
            "own_wrong_incident_rate".into(),
            ratio(r.own_wrong_incidents, r.incidents),
        ),
        ("wrong_pair_rate".into(), ratio(r.wrong_pairs, r.incidents)),
        ("adjudication_rate".into(), r.adjudication_rate),
    ]
}

/// One pair of reports of the same incident.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportPair {
    /// The pair's key (`NN`).
    pub key: String,
    /// The first report's file.
    pub a: PathBuf,
    /// The second report's file.
    pub b: PathBuf,
}

/// What became of a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PairOutcome {
    /// One incident holds both reports.
    Merged,
    /// Kept apart, with the pair queued for a person.
    Adjudication,
    /// Kept apart.
    Apart,
}

/// One pair's result.
#[derive(Debug, Clone, Serialize)]
pub struct PairResult {
    /// The pair's key.
    pub key: String,
    /// What became of it.
    pub outcome: PairOutcome,
    /// The verdict of the best comparison between the two reports' events.
    pub verdict: Option<Verdict>,
    /// Its evidence for.
    pub evidence_for: Vec<String>,
    /// Its evidence against.
    pub evidence_against: Vec<String>,
}

/// The result of the pairs evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct PairsCorefReport {
    /// The directory.
    pub dir: String,
    /// Each pair, ingested on its own.
    pub pairs: Vec<PairResult>,
    /// Pairs merged.
    pub merged: usize,
    /// Pairs sent to a person.
    pub adjudication: usize,
    /// Pairs kept apart.
    pub apart: usize,
    /// With every report ingested together: incidents.
    pub joint_incidents: usize,
    /// Pairs merged in the joint run.
    pub joint_merged: usize,
    /// Incidents holding reports of different pairs.
    pub joint_wrong_incidents: usize,
    /// Pairs of reports of different pairs in one incident.
    pub joint_wrong_pairs: usize,
    /// Adjudications queued in the joint run.
    pub joint_adjudications: u64,
    /// The joint run's wrong merges, as report names.
    pub joint_wrong: Vec<Vec<String>>,
    /// Wall time of every ingest, in seconds.
    pub seconds: f64,
}

/// Finds the pairs in a directory: `KEY-a.txt` and `KEY-b.txt`, sorted by key.
pub fn find_pairs(dir: &Path) -> Result<Vec<ReportPair>, EvalError> {
    let entries = std::fs::read_dir(dir).map_err(|source| EvalError::Read {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut sides: BTreeMap<String, (Option<PathBuf>, Option<PathBuf>)> = BTreeMap::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Some(stem) = name.strip_suffix(".txt") else {
            continue;
        };
        if let Some(key) = stem.strip_suffix("-a") {
            sides.entry(key.to_string()).or_default().0 = Some(path.clone());
        } else if let Some(key) = stem.strip_suffix("-b") {
            sides.entry(key.to_string()).or_default().1 = Some(path.clone());
        }
    }
    let mut pairs = Vec::new();
    for (key, (a, b)) in sides {
        match (a, b) {
            (Some(a), Some(b)) => pairs.push(ReportPair { key, a, b }),
            _ => {
                return Err(EvalError::input(
                    &dir.display().to_string(),
                    format!("pair {key} lacks its -a.txt or -b.txt report"),
                ));
            }
        }
    }
    if pairs.is_empty() {
        return Err(EvalError::input(
            &dir.display().to_string(),
            "no pairs of reports (KEY-a.txt and KEY-b.txt)",
        ));
    }
    Ok(pairs)
}

/// Splits a pair report into its published date (the `@published YYYY-MM-DD` first line)
/// and its text.
pub fn parse_pair_report(name: &str, content: &str) -> Result<(Date, String), EvalError> {
    let (first, rest) = content.split_once('\n').unwrap_or((content, ""));
    let date = first
        .trim()
        .strip_prefix("@published")
        .ok_or_else(|| EvalError::line(name, 1, "expected `@published YYYY-MM-DD`"))?
        .trim();
    let published: Date = date
        .parse()
        .map_err(|e| EvalError::line(name, 1, format!("{date:?} is not a date: {e}")))?;
    let text = rest.trim().to_string();
    if text.is_empty() {
        return Err(EvalError::input(name, "the report has no text"));
    }
    Ok((published, text))
}

fn load_pair(pair: &ReportPair) -> Result<[Text; 2], EvalError> {
    let load = |path: &Path, side: &str| -> Result<Text, EvalError> {
        let (published, text) = parse_pair_report(&path.display().to_string(), &read_text(path)?)?;
        Ok(Text {
            name: format!("{}-{side}", pair.key),
            published,
            text,
        })
    };
    Ok([load(&pair.a, "a")?, load(&pair.b, "b")?])
}

/// Which report names each incident of a scratch store holds, by document.
fn incident_names(scratch: &Scratch) -> Result<Vec<WithNames>, EvalError> {
    let mut out = Vec::new();
    for (incident, members) in incidents_with_members(&scratch.store)? {
        let mut by_name: BTreeMap<String, Vec<Event>> = BTreeMap::new();
        for m in members {
            let name = scratch
                .names
                .get(&m.document)
                .and_then(|n| n.first().cloned())
                .unwrap_or(m.document_name.clone());
            by_name.entry(name).or_default().push(m.item);
        }
        out.push((incident, by_name));
    }
    Ok(out)
}

/// Ingests each pair on its own, then all together.
pub fn run_pairs_coref(dir: &Path) -> Result<PairsCorefReport, EvalError> {
    let pairs = find_pairs(dir)?;
    let mut all = Vec::new();
    let mut results = Vec::new();
    let mut seconds = 0.0;
    for pair in &pairs {
        let texts = load_pair(pair)?;
        let scratch = ingest_texts(&texts)?;
        seconds += scratch.seconds;
        let incidents = incident_names(&scratch)?;
        let (a, b) = (&texts[0].name, &texts[1].name);
        let merged = incidents
            .iter()
            .any(|(_, names)| names.contains_key(a) && names.contains_key(b));
        let events_of = |name: &str| -> Vec<&Event> {
            incidents
                .iter()
                .flat_map(|(_, names)| names.get(name).into_iter().flatten())
                .collect()
        };
        let best = best_comparison(&events_of(a), &events_of(b));
        let outcome = if merged {
            PairOutcome::Merged
        } else if scratch.adjudications > 0 {
            PairOutcome::Adjudication
        } else {
            PairOutcome::Apart
        };
        results.push(PairResult {
            key: pair.key.clone(),
            outcome,
            verdict: best.as_ref().map(|c| c.verdict),
            evidence_for: best
                .as_ref()
                .map_or_else(Vec::new, |c| c.evidence_for.clone()),
            evidence_against: best.map_or_else(Vec::new, |c| c.evidence_against),
        });
        all.extend(texts);
    }

    // All together, in pair order: merges across pairs are wrong.
    let joint = ingest_texts(&all)?;
    seconds += joint.seconds;
    let pair_of = |name: &str| name.rsplit_once('-').map_or(name, |x| x.0).to_string();
    let mut joint_merged = 0;
    let mut joint_wrong_incidents = 0;
    let mut joint_wrong_pairs = 0;
    let mut joint_wrong = Vec::new();
    let joint_incidents = incident_names(&joint)?;
    let mut merged_keys = BTreeSet::new();
    for (_, names) in &joint_incidents {
        let mut keys: BTreeMap<String, usize> = BTreeMap::new();
        for n in names.keys() {
            *keys.entry(pair_of(n)).or_default() += 1;
        }
        for (k, n) in &keys {
            if *n >= 2 {
                merged_keys.insert(k.clone());
            }
        }
        if keys.len() > 1 {
            joint_wrong_incidents += 1;
            let counts: Vec<usize> = keys.values().copied().collect();
            for i in 0..counts.len() {
                for j in i + 1..counts.len() {
                    joint_wrong_pairs += counts[i] * counts[j];
                }
            }
            joint_wrong.push(names.keys().cloned().collect());
        }
    }
    joint_merged += merged_keys.len();
    let count = |o: PairOutcome| results.iter().filter(|r| r.outcome == o).count();
    Ok(PairsCorefReport {
        dir: dir.display().to_string(),
        merged: count(PairOutcome::Merged),
        adjudication: count(PairOutcome::Adjudication),
        apart: count(PairOutcome::Apart),
        pairs: results,
        joint_incidents: joint_incidents.len(),
        joint_merged,
        joint_wrong_incidents,
        joint_wrong_pairs,
        joint_adjudications: joint.adjudications,
        joint_wrong,
        seconds,
    })
}

impl PairsCorefReport {
    /// The report for a terminal.
    pub fn render_text(&self) -> String {
        let n = self.pairs.len();
        let mut s = format!("Coreference on {} pairs of reports in {}\n", n, self.dir);
        s += &format!(
            "  each pair alone: merged {}/{n}, adjudication {}/{n}, apart {}/{n}\n",
            self.merged, self.adjudication, self.apart
        );
        s += &format!(
            "  all {} reports together: {} incidents, pairs merged {}/{n}, wrong merges across \
             pairs: {} incidents ({} report pairs), adjudications {}\n  wall time: {:.1} s\n",
            2 * n,
            self.joint_incidents,
            self.joint_merged,
            self.joint_wrong_incidents,
            self.joint_wrong_pairs,
            self.joint_adjudications,
            self.seconds
        );
        for p in self
            .pairs
            .iter()
            .filter(|p| p.outcome != PairOutcome::Merged)
        {
            s += &format!(
                "  {} {:?}: for: {}; against: {}\n",
                p.key,
                p.outcome,
                if p.evidence_for.is_empty() {
                    "-".to_string()
                } else {
                    p.evidence_for.join("; ")
                },
                if p.evidence_against.is_empty() {
                    "-".to_string()
                } else {
                    p.evidence_against.join("; ")
                }
            );
        }
        for names in &self.joint_wrong {
            s += &format!("  wrongly together: {}\n", names.join(", "));
        }
        s
    }
}

/// Headline numbers of a pairs report.
pub fn pairs_coref_metrics(r: &PairsCorefReport) -> Vec<(String, f64)> {
    let n = r.pairs.len();
    vec![
        ("merged".into(), ratio(r.merged, n)),
        ("adjudication".into(), ratio(r.adjudication, n)),
        ("joint_merged".into(), ratio(r.joint_merged, n)),
        (
            "joint_wrong_incident_rate".into(),
            ratio(r.joint_wrong_incidents, r.joint_incidents),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_kinds_drop_their_values() {
        assert_eq!(evidence_kind("same day, 1985-10-07"), "same day");
        assert_eq!(
            evidence_kind("targets share the word \"embassy\""),
            "targets share a word"
        );
        assert_eq!(
            evidence_kind("dates overlap within a month (1985-10 and 1985-10-07)"),
            "dates overlap within a month"
        );
        assert_eq!(
            evidence_kind("both reports name Soleimani"),
            "both reports name a name"
        );
        assert_eq!(
            evidence_kind("places compatible: Athens, GR and GR"),
            "places compatible"
        );
    }

    #[test]
    fn pair_reports_give_their_published_date() {
        let (d, text) =
            parse_pair_report("01-a.txt", "@published 2008-11-27\nGunmen attacked.\n").unwrap();
        assert_eq!(d.to_string(), "2008-11-27");
        assert_eq!(text, "Gunmen attacked.");
        let e = parse_pair_report("01-b.txt", "Gunmen attacked.\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("01-b.txt:1") && e.contains("@published"), "{e}");
        assert!(parse_pair_report("x", "@published 2008-13-40\ntext").is_err());
        assert!(parse_pair_report("x", "@published 2008-11-27\n  \n").is_err());
    }

    #[test]
    fn pairs_are_found_by_key_and_a_lone_report_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["02-a.txt", "02-b.txt", "01-b.txt", "01-a.txt", "notes.md"] {
            std::fs::write(dir.path().join(name), "@published 2020-01-01\nx").unwrap();
        }
        let pairs = find_pairs(dir.path()).unwrap();
        let keys: Vec<&str> = pairs.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys, ["01", "02"]);
        assert!(pairs[0].a.ends_with("01-a.txt") && pairs[0].b.ends_with("01-b.txt"));
        std::fs::write(dir.path().join("03-a.txt"), "@published 2020-01-01\nx").unwrap();
        let e = find_pairs(dir.path()).unwrap_err().to_string();
        assert!(e.contains("pair 03"), "{e}");
    }

    #[test]
    fn two_reports_of_one_attack_merge_and_two_attacks_stay_apart() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
        write(
            "01-a.txt",
            "@published 2016-06-29\nThree suicide bombers attacked Istanbul's Ataturk Airport \
             on Tuesday night, killing 41 people and wounding more than 230. Turkish officials \
             blamed the Islamic State.\n",
        );
        write(
            "01-b.txt",
            "@published 2016-07-01\nThe death toll from the June 28, 2016 suicide attack on \
             Ataturk Airport in Istanbul rose to 45. The three attackers opened fire and then \
             blew themselves up at the international terminal. Turkey blamed the Islamic State.\n",
        );
        write(
            "02-a.txt",
            "@published 2015-11-14\nGunmen and suicide bombers killed 130 people in Paris on \
             Friday, November 13, 2015, at the Bataclan concert hall, cafes and the Stade de \
             France. The Islamic State claimed responsibility.\n",
        );
        write(
            "02-b.txt",
            "@published 2015-11-20\nThe coordinated attacks in Paris on November 13, 2015 \
             killed 130 people, 90 of them at the Bataclan theatre. The Islamic State claimed \
             the attacks.\n",
        );
        let r = run_pairs_coref(dir.path()).unwrap();
        assert_eq!(r.pairs.len(), 2);
        assert_eq!(r.joint_wrong_incidents, 0, "{}", r.render_text());
        assert!(r.merged >= 1, "{}", r.render_text());
        let m = pairs_coref_metrics(&r);
        assert!(m.iter().any(|(k, _)| k == "joint_wrong_incident_rate"));
    }

    #[test]
    fn separate_rows_of_one_city_and_day_stay_apart_and_undated_rows_are_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("rows.csv");
        std::fs::write(
            &csv,
            "id,Date,City,Country,Perpetrator,Weapon,Injuries,Fatalities,Description\n\
             r-1,1986-02-03,Paris,France,Unknown,Explosives,8,0,\"A bomb went off in a \
             shopping arcade on the Champs-Elysees in Paris, injuring eight people.\"\n\
             r-2,1986-02-03,Paris,France,Unknown,Explosives,0,0,\"A second device was found \
             and defused on the third floor of the Eiffel Tower in Paris.\"\n\
             r-3,,Lima,Peru,Unknown,Firearms,0,1,\"Gunmen shot dead a police officer in \
             Lima.\"\n",
        )
        .unwrap();
        let r = run_rows_coref(&csv, None).unwrap();
        assert_eq!(r.rows, 3);
        assert_eq!(r.skipped_no_date, 1);
        assert_eq!(r.wrong_incidents, 0, "{}", r.render_text());
        assert_eq!(r.wrong_pairs, 0);
        let m = rows_coref_metrics(&r);
        assert!(
            m.iter()
                .any(|(k, v)| k == "wrong_incident_rate" && *v == 0.0)
        );
    }
}

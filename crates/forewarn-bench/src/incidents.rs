//! How long adding one report takes when the store already holds many incidents.
//!
//! The store is filled with synthetic incidents written straight through `Store` (dates
//! spread over 1970-2024, so a day holds a handful, as in the RAND and GTD sets); then real
//! reports are ingested one at a time through the whole pipeline (read, extract, store,
//! place into incidents), each timed, and the placing step timed on its own.

use std::path::Path;
use std::time::{Duration, Instant};

use forewarn_ingest::{IngestOptions, MetaOverrides, SilentObserver};
use forewarn_model::{
    ActorId, ActorKind, AttackType, Casualties, ClaimStatus, Count, CountQualifier, DocumentId,
    Event, EventId, EventKind, EventRef, FuzzyDate, GeoPrecision, Incident, IncidentId,
    Perpetrator, Place, Producer, Provenance, Report, ReviewStatus, Span,
};
use forewarn_store::{IncidentUpsert, IncidentWrite, SqliteStore, Store};
use serde::Serialize;

use crate::{BenchError, Rng, latency};

/// The measured numbers.
#[derive(Debug, Clone, Serialize)]
pub struct IncidentsReport {
    /// Incidents in the store before the timed reports.
    pub incidents: u64,
    /// Seconds to write them (not part of the measurement).
    pub fill_seconds: f64,
    /// Reports added, one ingest each.
    pub reports: usize,
    /// Whole ingest of one report (read, extract, store, place), milliseconds.
    pub ingest_ms: crate::LatencyReport,
    /// Placing the report's events into incidents alone, milliseconds.
    pub place_ms: crate::LatencyReport,
    /// How many of the timed reports' events joined an existing incident.
    pub joined: u64,
}

const COUNTRIES: &[&str] = &["AF", "PK", "IQ", "SY", "NG", "SO", "ML", "YE", "IN", "PH"];

pub(crate) fn report<T>(value: T, doc: &DocumentId) -> Report<T> {
    Report {
        value,
        provenance: Provenance {
            document: doc.clone(),
            span: Span::new(0, 10),
            producer: Producer::Rule("bench.synthetic".into()),
            confidence: 0.8,
            at: jiff::Timestamp::UNIX_EPOCH,
        },
        quote: String::new(),
    }
}

fn synthetic(rng: &mut Rng, n: usize) -> Incident {
    let doc = DocumentId(format!("{n:032x}"));
    let day = jiff::civil::date(1970, 1, 1)
        .checked_add(jiff::Span::new().days((rng.next() % 20_000) as i64))
        .unwrap_or(jiff::civil::date(2000, 1, 1));
    let killed = (rng.next() % 40) as u32;
    let id = IncidentId(format!("inc-{n:016x}"));
    let event = Event {
        id: EventId(id.0.clone()),
        kind: report(EventKind::Attack, &doc),
        attack_type: vec![report(AttackType::Bombing, &doc)],
        date: vec![report(FuzzyDate::day(day), &doc)],
        location: vec![report(
            Place {
                name: None,
                country: Some(COUNTRIES[(rng.next() % COUNTRIES.len() as u64) as usize].into()),
                admin1: None,
                lat: None,
                lon: None,
                precision: GeoPrecision::Country,
                geonames_id: None,
            },
            &doc,
        )],
        perpetrators: vec![report(
            Perpetrator {
                actor: Some(ActorId(format!("group-{}", rng.next() % 50))),
                name: format!("Group {}", rng.next() % 50),
                kind: ActorKind::Organization,
                status: ClaimStatus::Claimed,
            },
            &doc,
        )],
        killed: Casualties {
            low: Some(killed),
            best: Some(killed),
            high: Some(killed),
            reports: vec![report(
                Count {
                    value: killed,
                    qualifier: CountQualifier::Exact,
                    high: None,
                },
                &doc,
            )],
        },
        injured: Casualties::default(),
        targets: Vec::new(),
        weapons: Vec::new(),
        victims: Vec::new(),
        sources: Vec::new(),
        confidence: 0.8,
    };
    Incident {
        id,
        event,
        members: vec![EventRef {
            document: doc,
            event: EventId(format!("e{n}")),
        }],
        contradictions: Vec::new(),
        status: ReviewStatus::Unreviewed,
        corrections: Vec::new(),
    }
}

/// Reports to add: short attack reports with a date, a place and figures, each distinct.
fn new_report(rng: &mut Rng, n: usize) -> (String, String) {
    let places = [
        "Kabul",
        "Jalalabad",
        "Kunduz",
        "Peshawar",
        "Quetta",
        "Mosul",
        "Maiduguri",
    ];
    let place = places[n % places.len()];
    let year = 1990 + (rng.next() % 34);
    let month = 1 + rng.next() % 12;
    let day = 1 + rng.next() % 28;
    let text = format!(
        "Bombing in {place}\n\nOn {day} {} {year} a bomb exploded at a market in {place}, killing {} people and wounding {} others, police said. No group claimed responsibility for attack number {n}.",
        forewarn_model_month(month),
        rng.next() % 30,
        rng.next() % 60,
    );
    (format!("{year}-{month:02}-{day:02}"), text)
}

fn forewarn_model_month(m: u64) -> &'static str {
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ][((m.max(1) - 1) % 12) as usize]
}

/// Fills a store under `dir` with `incidents` synthetic incidents, then adds `reports`
/// reports one by one and times each.
pub fn run_incidents(
    dir: &Path,
    incidents: u64,
    reports: usize,
) -> Result<IncidentsReport, BenchError> {
    let mut store = SqliteStore::open(&dir.join("data"))?;
    let mut rng = Rng(0x5DEE_CE66_D1CE_4E5B);
    let started = Instant::now();
    let mut written = 0u64;
    while written < incidents {
        let batch = (incidents - written).min(10_000);
        let w = IncidentWrite {
            upsert: (0..batch)
                .map(|i| IncidentUpsert {
                    incident: synthetic(&mut rng, (written + i) as usize),
                    new_members: Vec::new(),
                })
                .collect(),
            ..IncidentWrite::default()
        };
        store.write_incidents(&w)?;
        written += batch;
    }
    let fill_seconds = started.elapsed().as_secs_f64();

    let inputs = dir.join("reports");
    std::fs::create_dir_all(&inputs).map_err(|source| BenchError::Io {
        path: inputs.clone(),
        source,
    })?;
    let mut ingest_times: Vec<Duration> = Vec::new();
    let mut place_times: Vec<Duration> = Vec::new();
    let mut joined = 0;
    for n in 0..reports {
        let (published, text) = new_report(&mut rng, n);
        let path = inputs.join(format!("report-{n}.txt"));
        std::fs::write(&path, &text).map_err(|source| BenchError::Io {
            path: path.clone(),
            source,
        })?;
        let options = IngestOptions {
            overrides: MetaOverrides {
                published: published.parse().ok(),
                ..MetaOverrides::default()
            },
            workers: 1,
            ..IngestOptions::default()
        };
        let t = Instant::now();
        let summary = forewarn_ingest::ingest(
            &mut store,
            &[path.display().to_string()],
            &options,
            &mut SilentObserver,
        )
        .map_err(BenchError::Ingest)?;
        ingest_times.push(t.elapsed());
        if let Some(e) = summary.incidents_error {
            return Err(BenchError::Ingest(e));
        }
        joined += summary.incidents.map_or(0, |i| i.joined);
        // The placing step alone: take the report's events out of their incidents and
        // place them again.
        let events: Vec<EventRef> = store
            .events()?
            .into_iter()
            .filter(|s| s.document_name == format!("report-{n}.txt"))
            .map(|s| EventRef {
                document: s.document,
                event: s.item.id,
            })
            .collect();
        store.write_incidents(&IncidentWrite {
            remove_members: events,
            ..IncidentWrite::default()
        })?;
        let t = Instant::now();
        forewarn_kb::integrate(&mut store).map_err(|e| BenchError::Ingest(e.to_string()))?;
        place_times.push(t.elapsed());
    }
    Ok(IncidentsReport {
        incidents,
        fill_seconds,
        reports,
        ingest_ms: latency(&mut ingest_times),
        place_ms: latency(&mut place_times),
        joined,
    })
}

//! A generated store for the benchmarks that need a large record: incidents dated
//! 1970-2024, placed in real towns, with figures, perpetrators and a source passage each,
//! cited to generated documents. The same seed gives the same store, and a store already
//! generated with the same sizes is reused.

use std::path::{Path, PathBuf};
use std::time::Instant;

use forewarn_model::{
    ActorId, ActorKind, AttackType, Casualties, ClaimStatus, Count, CountQualifier, Document,
    DocumentId, DocumentMeta, Event, EventId, EventKind, EventRef, FuzzyDate, GeoPrecision,
    Incident, IncidentId, MediaType, Perpetrator, Place, ReviewStatus,
};
use forewarn_store::{IncidentUpsert, IncidentWrite, PutOptions, SqliteStore, Store};

use crate::incidents::report;
use crate::{BenchError, Rng, generate_document};

/// Real towns with their province, country and coordinates.
pub(crate) const TOWNS: &[(&str, &str, &str, f64, f64)] = &[
    ("Kabul", "Kabul", "AF", 34.53, 69.17),
    ("Jalalabad", "Nangarhar", "AF", 34.43, 70.45),
    ("Kunduz", "Kunduz", "AF", 36.73, 68.86),
    ("Kandahar", "Kandahar", "AF", 31.61, 65.71),
    ("Peshawar", "Khyber Pakhtunkhwa", "PK", 34.01, 71.58),
    ("Quetta", "Balochistan", "PK", 30.19, 67.01),
    ("Baghdad", "Baghdad", "IQ", 33.34, 44.40),
    ("Mosul", "Nineveh", "IQ", 36.34, 43.13),
    ("Raqqa", "Raqqa", "SY", 35.95, 39.01),
    ("Maiduguri", "Borno", "NG", 11.85, 13.16),
    ("Mogadishu", "Banaadir", "SO", 2.04, 45.34),
    ("Gao", "Gao", "ML", 16.27, -0.04),
    ("Aden", "Aden", "YE", 12.78, 45.04),
    ("Srinagar", "Jammu and Kashmir", "IN", 34.09, 74.80),
    ("Marawi", "Lanao del Sur", "PH", 8.00, 124.29),
    ("Krasnogorsk", "Moscow Oblast", "RU", 55.82, 37.33),
];
const TYPES: &[AttackType] = &[
    AttackType::Bombing,
    AttackType::ArmedAssault,
    AttackType::Assassination,
    AttackType::Kidnapping,
    AttackType::FacilityAttack,
];
const WORDS: &[&str] = &[
    "checkpoint",
    "mosque",
    "market",
    "convoy",
    "school",
    "bridge",
    "police",
    "wedding",
];

fn document(rng: &mut Rng, n: u64) -> Document {
    let text = generate_document(rng, n as usize, 1500);
    let day = jiff::civil::date(2000, 1, 1)
        .checked_add(jiff::Span::new().days((rng.next() % 9000) as i64))
        .unwrap_or(jiff::civil::date(2010, 1, 1));
    Document {
        id: DocumentId::for_text(&text),
        meta: DocumentMeta {
            name: format!("report-{n:07}.txt"),
            title: Some(format!("Report {n}")),
            publisher: Some(rng.pick(&["Monitor", "Wire", "Review", "Desk"]).to_string()),
            published: Some(day),
            ..DocumentMeta::default()
        },
        media_type: MediaType::Text,
        language: None,
        retrieved: jiff::Timestamp::UNIX_EPOCH,
        source_bytes: text.len() as u64,
        simhash: rng.next(),
        text,
    }
}

fn incident(rng: &mut Rng, n: u64, doc: &DocumentId) -> Incident {
    let day = jiff::civil::date(1970, 1, 1)
        .checked_add(jiff::Span::new().days((rng.next() % 20_000) as i64))
        .unwrap_or(jiff::civil::date(2000, 1, 1));
    let (town, admin1, country, lat, lon) = TOWNS[(rng.next() % TOWNS.len() as u64) as usize];
    // Most attacks kill few; some kill many.
    let killed = match rng.next() % 10 {
        0..=5 => rng.next() % 5,
        6..=8 => rng.next() % 30,
        _ => rng.next() % 300,
    } as u32;
    let group = rng.next() % 60;
    let id = IncidentId(format!("inc-{n:016x}"));
    let event = Event {
        id: EventId(format!("e{n}")),
        kind: report(EventKind::Attack, doc),
        attack_type: vec![report(
            TYPES[(rng.next() % TYPES.len() as u64) as usize],
            doc,
        )],
        date: vec![report(FuzzyDate::day(day), doc)],
        location: vec![report(
            Place {
                name: Some(town.into()),
                country: Some(country.into()),
                admin1: Some(admin1.into()),
                lat: Some(lat + (rng.next() % 100) as f64 / 1000.0),
                lon: Some(lon + (rng.next() % 100) as f64 / 1000.0),
                precision: GeoPrecision::City,
                geonames_id: None,
            },
            doc,
        )],
        perpetrators: vec![report(
            Perpetrator {
                actor: Some(ActorId(format!("group-{group}"))),
                name: format!("Group {group}"),
                kind: ActorKind::Organization,
                status: ClaimStatus::Claimed,
            },
            doc,
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
                doc,
            )],
        },
        injured: Casualties::default(),
        targets: Vec::new(),
        weapons: Vec::new(),
        victims: Vec::new(),
        sources: vec![forewarn_model::SourceQuote {
            document: doc.clone(),
            span: forewarn_model::Span::new(0, 40),
            quote: format!("{} attack near the {} in {town}", TYPES[0], rng.pick(WORDS)),
        }],
        confidence: 0.8,
    };
    Incident {
        id,
        event,
        members: vec![EventRef {
            document: doc.clone(),
            event: EventId(format!("e{n}")),
        }],
        contradictions: Vec::new(),
        status: ReviewStatus::Unreviewed,
        corrections: Vec::new(),
    }
}

/// The data directory of the store generated in `dir`.
pub fn data_dir(dir: &Path) -> PathBuf {
    dir.join("data")
}

/// Fills a store in `dir` (its `data` directory) with `incidents` generated incidents and
/// `documents` generated documents, unless a store of these sizes is already there; returns
/// the seconds spent.
pub fn fill(dir: &Path, incidents: u64, documents: u64) -> Result<f64, BenchError> {
    let data = data_dir(dir);
    let marker = dir.join(format!("filled-{incidents}-{documents}"));
    if marker.exists() {
        return Ok(0.0);
    }
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| BenchError::Io { path, source }
    };
    if data.exists() {
        std::fs::remove_dir_all(&data).map_err(io(&data))?;
    }
    let started = Instant::now();
    let mut store = SqliteStore::open(&data)?;
    let mut rng = Rng(0xA076_1D64_78BD_642F);
    let mut ids = Vec::with_capacity(documents as usize);
    let options = PutOptions {
        near_duplicate_max_distance: 0,
    };
    for n in 0..documents {
        let doc = document(&mut rng, n);
        ids.push(doc.id.clone());
        store.put_document(&doc, None, options)?;
    }
    let mut written = 0u64;
    while written < incidents {
        let batch = (incidents - written).min(10_000);
        let w = IncidentWrite {
            upsert: (0..batch)
                .map(|i| {
                    let n = written + i;
                    let doc = ids
                        .get((n % ids.len().max(1) as u64) as usize)
                        .cloned()
                        .unwrap_or_else(|| DocumentId(format!("{n:032x}")));
                    IncidentUpsert {
                        incident: incident(&mut rng, n, &doc),
                        new_members: Vec::new(),
                    }
                })
                .collect(),
            ..IncidentWrite::default()
        };
        store.write_incidents(&w)?;
        written += batch;
    }
    drop(store);
    std::fs::write(&marker, b"").map_err(io(&marker))?;
    Ok(started.elapsed().as_secs_f64())
}

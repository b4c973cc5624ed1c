//! Extracts events from text files and prints them as the export contract's JSON array
//! (SPEC, "The event record"), merged across the files by the same incident rules.
//!
//! usage: seeds_events [--repeat=N] FILE[@YYYY-MM-DD]... > events.json
//!
//! The date after `@` is the file's published date. The document name in the output is the
//! file's base name. Timing goes to stderr; `--repeat=N` extracts N times for a steadier
//! figure.

use std::path::Path;
use std::time::Instant;

use forewarn_extract::{
    best_date, best_place, extract, is_suicide, merge_events, precision_name, primary_attack_type,
};
use forewarn_model::{Casualties, Document, DocumentId, DocumentMeta, Event, MediaType};
use serde_json::{Value, json};

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut repeat = 1usize;
    args.retain(|a| match a.strip_prefix("--repeat=") {
        Some(n) => {
            repeat = n.parse().unwrap_or(1).max(1);
            false
        }
        None => true,
    });
    if args.is_empty() {
        eprintln!("usage: seeds_events FILE[@YYYY-MM-DD]...");
        std::process::exit(2);
    }
    let mut docs = Vec::new();
    for arg in &args {
        let (path, published) = match arg.rsplit_once('@') {
            Some((p, d)) => match d.parse::<jiff::civil::Date>() {
                Ok(d) => (p, Some(d)),
                Err(e) => {
                    eprintln!("seeds_events: {arg}: bad published date {d:?}: {e}");
                    std::process::exit(2);
                }
            },
            None => (arg.as_str(), None),
        };
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("seeds_events: cannot read {path}: {e}");
                std::process::exit(1);
            }
        };
        let name = Path::new(path)
            .file_name()
            .map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned());
        docs.push(Document {
            id: DocumentId(name.clone()),
            meta: DocumentMeta {
                name,
                published,
                ..DocumentMeta::default()
            },
            media_type: MediaType::Text,
            language: None,
            retrieved: jiff::Timestamp::now(),
            source_bytes: text.len() as u64,
            simhash: 0,
            text,
        });
    }
    // Load the dictionaries and gazetteer first, so the timing is the extraction's.
    let warm = Instant::now();
    forewarn_gazetteer::Gazetteer::global();
    forewarn_lexicon::Lexicon::global();
    eprintln!("load: {:.2} s", warm.elapsed().as_secs_f64());
    let start = Instant::now();
    let mut events = Vec::new();
    let mut bytes = 0usize;
    for round in 0..repeat {
        for d in &docs {
            bytes += d.text.len();
            let x = extract(d);
            if round == 0 {
                events.extend(x.events);
            }
        }
    }
    let secs = start.elapsed().as_secs_f64();
    eprintln!(
        "extract: {} bytes in {:.4} s = {:.2} MB/s",
        bytes,
        secs,
        bytes as f64 / 1e6 / secs
    );
    let events = merge_events(events);
    let out: Vec<Value> = events.iter().map(export).collect();
    match serde_json::to_string_pretty(&out) {
        Ok(s) => println!("{s}"),
        Err(e) => {
            eprintln!("seeds_events: cannot write JSON: {e}");
            std::process::exit(1);
        }
    }
}

fn casualties(c: &Casualties) -> Value {
    json!({
        "low": c.low, "best": c.best, "high": c.high,
        "reports": c.reports.iter().map(|r| json!({
            "value": r.value.value, "qualifier": r.value.qualifier.as_str(),
            "document": r.provenance.document.as_str(), "quote": r.quote,
        })).collect::<Vec<_>>(),
    })
}

fn export(e: &Event) -> Value {
    let date = best_date(e).map(|d| {
        json!({"start": d.value.start_string(), "end": d.value.end_string(), "precision": precision_name(&d.value)})
    });
    let location = best_place(e).map(|p| {
        let p = &p.value;
        json!({"country": p.country, "admin1": p.admin1, "place": p.name, "lat": p.lat, "lon": p.lon, "precision": p.precision.as_str()})
    });
    let mut perps: Vec<Value> = Vec::new();
    for p in &e.perpetrators {
        let v = &p.value;
        let item = json!({
            "actor": v.name, "kind": v.kind.as_str(), "mention": p.quote,
            "claimed": v.status == forewarn_model::ClaimStatus::Claimed, "confidence": v.status.as_str(),
        });
        if !perps.contains(&item) {
            perps.push(item);
        }
    }
    json!({
        "id": e.id.0,
        "kind": e.kind.value.as_str(),
        "type": primary_attack_type(e).map(|t| t.as_str()),
        "suicide": is_suicide(e),
        "date": date,
        "location": location,
        "perpetrators": perps,
        "killed": casualties(&e.killed),
        "injured": casualties(&e.injured),
        "targets": e.targets.iter().map(|t| json!({"type": t.value.kind.as_str(), "mention": t.value.mention})).collect::<Vec<_>>(),
        "weapons": e.weapons.iter().map(|t| json!({"type": t.value.kind.as_str(), "mention": t.value.mention})).collect::<Vec<_>>(),
        "victims": e.victims.iter().map(|t| json!({"mention": t.value.mention, "effect": t.value.effect.as_str()})).collect::<Vec<_>>(),
        "sources": e.sources.iter().map(|s| json!({"document": s.document.as_str(), "quote": s.quote, "start": s.span.start, "end": s.span.end})).collect::<Vec<_>>(),
        "confidence": e.confidence,
    })
}

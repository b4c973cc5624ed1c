//! `forewarn incidents`, `forewarn contradictions`, `forewarn adjudicate`.

use std::path::Path;
use std::process::ExitCode;

use forewarn_export::IncidentExporter;
use forewarn_model::AdjudicationStatus;
use forewarn_store::{IncidentFilter, Page, SqliteStore, Store};
use serde_json::Value;

use crate::args::{
    AdjudicateDecideArgs, AdjudicateListArgs, ContradictionsArgs, IncidentListArgs,
    IncidentShowArgs,
};
use crate::output;

/// Opens the store with its incidents brought up to date.
fn open(data: &Path) -> anyhow::Result<SqliteStore> {
    let mut store = SqliteStore::open(data)?;
    forewarn_kb::integrate(&mut store)?;
    Ok(store)
}

fn text(v: &Value) -> String {
    match v {
        Value::Null => "-".into(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// "Kabul, AF" from an exported location.
fn place(v: &Value) -> String {
    let parts: Vec<String> = ["place", "admin1", "country"]
        .iter()
        .filter_map(|k| v[*k].as_str().map(str::to_string))
        .collect();
    if parts.is_empty() {
        "-".into()
    } else {
        parts.join(", ")
    }
}

fn figure(v: &Value) -> String {
    match (v["low"].as_u64(), v["best"].as_u64(), v["high"].as_u64()) {
        (None, None, _) => "-".into(),
        (low, best, high) => {
            let best = best.or(low).unwrap_or(0);
            match (low, high) {
                (Some(l), Some(h)) if l == h => best.to_string(),
                (Some(l), Some(h)) => format!("{best} ({l}-{h})"),
                (Some(l), None) if l == best => format!("{best}+"),
                (Some(l), None) => format!("{best} ({l}+)"),
                _ => best.to_string(),
            }
        }
    }
}

pub fn list(data: &Path, a: IncidentListArgs) -> anyhow::Result<ExitCode> {
    let store = open(data)?;
    let filter = IncidentFilter {
        kind: a.kind,
        country: a.country,
        from: a.from.map(|d| d.start),
        to: a.to.map(|d| d.end),
        contradicted: a.contradicted,
        ..IncidentFilter::default()
    };
    let listing = store.incidents(
        &filter,
        Page {
            offset: a.offset,
            limit: a.limit,
        },
    )?;
    let mut exporter = IncidentExporter::new(&store);
    let items: Vec<Value> = listing
        .items
        .iter()
        .map(|i| exporter.export(i))
        .collect::<Result<_, _>>()?;
    if a.json {
        output::print_json(&serde_json::json!({ "total": listing.total, "items": items }))?;
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{:<20}  {:<10}  {:<8}  {:<16}  {:<28}  {:>7}  {:>7}  SOURCES",
        "ID", "DATE", "KIND", "TYPE", "PLACE", "KILLED", "INJURED"
    );
    for v in &items {
        let flag = if v["contradictions"]
            .as_array()
            .is_some_and(|c| !c.is_empty())
        {
            " !"
        } else {
            ""
        };
        println!(
            "{:<20}  {:<10}  {:<8}  {:<16}  {:<28}  {:>7}  {:>7}  {}{flag}",
            text(&v["id"]),
            v["date"]["start"].as_str().unwrap_or("-"),
            output::clip(&text(&v["kind"]), 8),
            output::clip(&text(&v["type"]), 16),
            output::clip(&place(&v["location"]), 28),
            figure(&v["killed"]),
            figure(&v["injured"]),
            v["members"].as_array().map_or(0, Vec::len),
        );
    }
    println!(
        "({} of {} incidents; ! marks contradictions: forewarn incidents show ID)",
        items.len(),
        listing.total
    );
    Ok(ExitCode::SUCCESS)
}

pub fn show(data: &Path, a: IncidentShowArgs) -> anyhow::Result<ExitCode> {
    let store = open(data)?;
    let Some(incident) = store.incident(&a.id)? else {
        anyhow::bail!(
            "no incident {:?} (give an id from `forewarn incidents list`, at least inc- and six hex digits, or an event id)",
            a.id
        );
    };
    let v = IncidentExporter::new(&store).export(&incident)?;
    if a.json {
        output::print_json(&v)?;
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{}  {} / {}",
        text(&v["id"]),
        text(&v["kind"]),
        text(&v["type"])
    );
    println!(
        "date       {}",
        v["date"]["start"]
            .as_str()
            .map(|s| format!("{s} ({})", text(&v["date"]["precision"])))
            .unwrap_or("-".into())
    );
    println!("place      {}", place(&v["location"]));
    println!("status     {}", text(&v["status"]));
    for (label, key) in [("killed", "killed"), ("injured", "injured")] {
        println!("{label:<10} {}", figure(&v[key]));
        for r in v[key]["reports"].as_array().into_iter().flatten() {
            println!(
                "           {} {}  «{}»  {}",
                text(&r["qualifier"]),
                text(&r["value"]),
                output::clip(&text(&r["quote"]), 70),
                text(&r["document"])
            );
        }
    }
    for p in v["perpetrators"].as_array().into_iter().flatten() {
        println!(
            "perpetrator {} ({})  «{}»  {}",
            text(&p["actor"]),
            text(&p["confidence"]),
            text(&p["mention"]),
            text(&p["document"])
        );
    }
    for (label, key) in [
        ("target", "targets"),
        ("weapon", "weapons"),
        ("victim", "victims"),
    ] {
        for t in v[key].as_array().into_iter().flatten() {
            println!("{label:<10} {}", text(&t["mention"]));
        }
    }
    println!("sources");
    for s in v["sources"].as_array().into_iter().flatten() {
        println!(
            "  {}  «{}»",
            text(&s["document"]),
            output::clip(&text(&s["quote"]), 90)
        );
    }
    print_contradictions(&v);
    Ok(ExitCode::SUCCESS)
}

fn print_contradictions(v: &Value) {
    for c in v["contradictions"].as_array().into_iter().flatten() {
        println!("contradiction ({}): {}", text(&c["field"]), text(&c["why"]));
        for side in c["sides"].as_array().into_iter().flatten() {
            println!("  {}", text(&side["value"]));
            for r in side["reports"].as_array().into_iter().flatten() {
                println!(
                    "      {}  «{}»",
                    text(&r["document"]),
                    output::clip(&text(&r["quote"]), 80)
                );
            }
        }
    }
}

pub fn contradictions(data: &Path, a: ContradictionsArgs) -> anyhow::Result<ExitCode> {
    let store = open(data)?;
    let filter = IncidentFilter {
        contradicted: true,
        ..IncidentFilter::default()
    };
    let listing = store.incidents(
        &filter,
        Page {
            offset: 0,
            limit: u64::MAX >> 1,
        },
    )?;
    let mut exporter = IncidentExporter::new(&store);
    let mut out = Vec::new();
    for inc in &listing.items {
        let v = exporter.export(inc)?;
        for c in v["contradictions"].as_array().into_iter().flatten() {
            out.push(serde_json::json!({
                "subject": "incident",
                "id": v["id"],
                "date": v["date"]["start"],
                "place": place(&v["location"]),
                "contradiction": c,
            }));
        }
    }
    let actor_names: std::collections::HashMap<String, String> = store
        .actor_findings()?
        .into_iter()
        .map(|s| (s.item.actor.id.0.clone(), s.item.actor.name.clone()))
        .collect();
    let facts = store.facts()?;
    let doc_names: std::collections::HashMap<_, _> = facts
        .iter()
        .map(|s| (s.document.clone(), s.document_name.clone()))
        .collect();
    for (actor, c) in forewarn_kb::fact_contradictions(&facts) {
        let name = actor_names
            .get(&actor.0)
            .cloned()
            .unwrap_or(actor.0.clone());
        out.push(serde_json::json!({
            "subject": "actor",
            "id": actor.0,
            "date": null,
            "place": name,
            "contradiction": forewarn_export::contradictions_json(std::slice::from_ref(&c), &doc_names)[0],
        }));
    }
    if a.json {
        output::print_json(&out)?;
        return Ok(ExitCode::SUCCESS);
    }
    for item in &out {
        let c = &item["contradiction"];
        println!(
            "{}  {}  {}  {}: {}",
            text(&item["id"]),
            text(&item["date"]),
            text(&item["place"]),
            text(&c["field"]),
            text(&c["why"])
        );
        for side in c["sides"].as_array().into_iter().flatten() {
            let docs: Vec<String> = side["reports"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|r| text(&r["document"]))
                .collect();
            println!("    {}  ({})", text(&side["value"]), docs.join(", "));
        }
    }
    println!("({} contradictions)", out.len());
    Ok(ExitCode::SUCCESS)
}

pub fn adjudications(data: &Path, a: AdjudicateListArgs) -> anyhow::Result<ExitCode> {
    let store = open(data)?;
    let status = if a.all {
        None
    } else {
        Some(AdjudicationStatus::Open)
    };
    let pairs = store.adjudications(status)?;
    if a.json {
        output::print_json(&pairs)?;
        return Ok(ExitCode::SUCCESS);
    }
    for p in &pairs {
        println!(
            "#{}  [{}]  event {} (now {})  ~  {}",
            p.id,
            p.status.as_str(),
            p.event.event.0,
            p.founded,
            p.incident
        );
        for e in &p.evidence_for {
            println!("      + {e}");
        }
        for e in &p.evidence_against {
            println!("      - {e}");
        }
    }
    println!(
        "({} pairs; decide with: forewarn adjudicate decide N --same | --different)",
        pairs.len()
    );
    Ok(ExitCode::SUCCESS)
}

pub fn decide(data: &Path, a: AdjudicateDecideArgs) -> anyhow::Result<ExitCode> {
    let mut store = SqliteStore::open(data)?;
    let decision = if a.same {
        AdjudicationStatus::Merged
    } else {
        AdjudicationStatus::KeptApart
    };
    let p = forewarn_kb::decide_adjudication(&mut store, a.id, decision, &a.by)?;
    println!(
        "#{}: {} by {} (event {} and incident {})",
        p.id,
        p.status.as_str(),
        a.by,
        p.event.event.0,
        p.incident
    );
    Ok(ExitCode::SUCCESS)
}

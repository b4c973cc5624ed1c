//! `forewarn extract` and `forewarn reextract`.

use std::path::Path;
use std::process::ExitCode;

use forewarn_ingest::{IngestOptions, MetaOverrides, SilentObserver};
use forewarn_model::{Document, Provenance};
use forewarn_store::SqliteStore;
use serde_json::json;

use crate::args::{ExtractArgs, JsonFlag};
use crate::output;

pub fn run(a: ExtractArgs) -> anyhow::Result<ExitCode> {
    let options = IngestOptions {
        overrides: MetaOverrides {
            published: a.published,
            ..Default::default()
        },
        follow_feed_links: false,
        ..Default::default()
    };
    let mut failed = false;
    let mut all = Vec::new();
    for read in forewarn_ingest::read_inputs(&a.inputs, &options) {
        let doc = match read {
            Ok(doc) => doc,
            Err((input, reason)) => {
                eprintln!("failed: {input}: {reason}");
                failed = true;
                continue;
            }
        };
        let extraction = forewarn_extract::extract(&doc);
        if a.json {
            all.push(json!({
                "document": doc.meta.name,
                "published": doc.meta.published.map(|d| d.to_string()),
                "events": extraction.events,
                "actors": extraction.actors,
                "relations": extraction.relations,
                "facts": extraction.facts,
                "diagnostics": extraction.diagnostics.notes.iter().map(|n| json!({
                    "kind": format!("{:?}", n.kind),
                    "rule": n.rule,
                    "message": n.message,
                    "text": n.span.and_then(|s| s.slice(&doc.text)),
                })).collect::<Vec<_>>(),
            }));
        } else {
            explain(&doc, &extraction, a.explain);
        }
    }
    if a.json {
        output::print_json(&all)?;
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn quote(doc: &Document, p: &Provenance) -> String {
    p.span.slice(&doc.text).unwrap_or("?").replace('\n', " ")
}

fn why(doc: &Document, p: &Provenance) -> String {
    format!(
        "{} {:.2}  «{}»",
        p.producer,
        p.confidence,
        output::clip(&quote(doc, p), 90)
    )
}

/// A readable account of one document's extraction.
fn explain(doc: &Document, e: &forewarn_extract::Extraction, with_reasons: bool) {
    // The rule, confidence and supporting text, shown only with --explain.
    let reason = |p: &Provenance| {
        if with_reasons {
            why(doc, p)
        } else {
            String::new()
        }
    };
    let published = doc
        .meta
        .published
        .map(|d| d.to_string())
        .unwrap_or_else(|| "undated".into());
    println!("== {} ({published})", doc.meta.name);
    for (i, ev) in e.events.iter().enumerate() {
        let kind = ev.kind.value.as_str();
        let kind = match ev.attack_type.first() {
            Some(t) => format!("{kind}/{}", t.value),
            None => kind.to_string(),
        };
        println!("event {} {kind}  confidence {:.2}", i + 1, ev.confidence);
        if with_reasons {
            println!("  trigger   {}", why(doc, &ev.kind.provenance));
        }
        for d in &ev.date {
            println!("  date      {}  {}", d.value, reason(&d.provenance));
        }
        for p in &ev.location {
            let name = p.value.name.as_deref().unwrap_or("?");
            let country = p.value.country.as_deref().unwrap_or("-");
            println!(
                "  place     {name} ({country}, {})  {}",
                p.value.precision,
                reason(&p.provenance)
            );
        }
        for p in &ev.perpetrators {
            println!(
                "  perp      {} [{}]  {}",
                p.value.name,
                p.value.status,
                reason(&p.provenance)
            );
        }
        for (label, c) in [("killed", &ev.killed), ("injured", &ev.injured)] {
            for r in &c.reports {
                println!(
                    "  {label:<9} {} {}  {}",
                    r.value.qualifier,
                    r.value.value,
                    reason(&r.provenance)
                );
            }
        }
        for t in &ev.targets {
            println!("  target    {} «{}»", t.value.kind, t.value.mention);
        }
        for w in &ev.weapons {
            println!("  weapon    {} «{}»", w.value.kind, w.value.mention);
        }
    }
    if !e.actors.is_empty() {
        let names: Vec<String> = e
            .actors
            .iter()
            .map(|a| {
                format!(
                    "{}{}",
                    a.actor.name,
                    if a.from_dictionary { "" } else { " (new)" }
                )
            })
            .collect();
        println!("actors    {}", names.join("; "));
    }
    for r in &e.relations {
        let when = match (&r.from, &r.until) {
            (None, None) => String::new(),
            (f, u) => format!(
                "  [{} .. {}]",
                f.map(|d| d.to_string()).unwrap_or_default(),
                u.map(|d| d.to_string()).unwrap_or_default()
            ),
        };
        println!(
            "relation  {} {} {}{when}",
            r.subject.0, r.relation, r.object.0
        );
        if with_reasons && let Some(p) = r.sources.first() {
            println!("          {}", why(doc, p));
        }
    }
    for f in &e.facts {
        println!(
            "fact      {} {}",
            f.actor.0,
            serde_json::to_string(&f.fact).unwrap_or_default()
        );
    }
    if with_reasons {
        for n in &e.diagnostics.notes {
            let text = n.span.and_then(|s| s.slice(&doc.text)).unwrap_or("");
            println!(
                "note      {:?} {}: {} «{}»",
                n.kind,
                n.rule,
                n.message,
                output::clip(text, 60)
            );
        }
    }
    println!();
}

pub fn reextract(data: &Path, a: JsonFlag) -> anyhow::Result<ExitCode> {
    let mut store = SqliteStore::open(data)?;
    let summary = forewarn_ingest::reextract(&mut store, &mut SilentObserver)?;
    if a.json {
        output::print_json(&summary)?;
    } else {
        println!(
            "extracted {} documents again: {} events, {} relations",
            summary.documents, summary.events, summary.relations
        );
        println!("{}", output::integration_line(&summary.incidents));
    }
    Ok(ExitCode::SUCCESS)
}

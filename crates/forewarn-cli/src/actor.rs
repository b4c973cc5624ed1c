//! `forewarn actor`: an actor's profile.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

use forewarn_kb::profile::{Stated, Tie};
use forewarn_kb::{Evidence, build_profile, resolve_actor};
use forewarn_model::{FuzzyDate, Provenance};
use forewarn_store::{IncidentFilter, Page, SqliteStore, Store};

use crate::args::ActorArgs;
use crate::output;

pub fn run(data: &Path, a: ActorArgs) -> anyhow::Result<ExitCode> {
    let mut store = SqliteStore::open(data)?;
    forewarn_kb::integrate(&mut store)?;
    let merges = forewarn_kb::ActorMerges::new(&store.actor_merges()?);
    let findings = merges.apply_to_findings(store.actor_findings()?);
    let ids = resolve_actor(&findings, &a.name);
    let id = match ids.as_slice() {
        [] => anyhow::bail!(
            "no actor named {:?} in the record (try an alias or the id from `forewarn export actors`)",
            a.name
        ),
        [one] => one.clone(),
        many => anyhow::bail!(
            "{:?} names several actors: {}; give the id",
            a.name,
            many.iter()
                .map(|i| i.0.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let mut relations = store.relations()?;
    let mut facts = store.facts()?;
    let mut incidents = store
        .incidents(
            &IncidentFilter::default(),
            Page {
                offset: 0,
                limit: u64::MAX >> 1,
            },
        )?
        .items;
    merges.apply_to_evidence(&mut relations, &mut facts, &mut incidents);
    let mut document_names = BTreeMap::new();
    for s in findings.iter().map(|s| (&s.document, &s.document_name)) {
        document_names.insert(s.0.0.clone(), s.1.clone());
    }
    let texts = std::cell::RefCell::new(BTreeMap::<String, Option<String>>::new());
    let quote = |p: &Provenance| -> String {
        let mut cache = texts.borrow_mut();
        let text = cache.entry(p.document.0.clone()).or_insert_with(|| {
            store
                .document(p.document.as_str())
                .ok()
                .flatten()
                .map(|d| d.text)
        });
        text.as_deref()
            .and_then(|t| p.span.slice(t))
            .unwrap_or_default()
            .to_string()
    };
    let evidence = Evidence {
        findings: &findings,
        relations: &relations,
        facts: &facts,
        incidents: &incidents,
        document_names: &document_names,
        quote: &quote,
    };
    let Some(profile) = build_profile(&id, &evidence, a.as_of.as_ref()) else {
        anyhow::bail!("no evidence about {}", id.0);
    };
    if a.json {
        output::print_json(&profile)?;
        return Ok(ExitCode::SUCCESS);
    }
    println!("{}  ({}, {})", profile.name, profile.kind, profile.id);
    if let Some(d) = &profile.as_of {
        println!("as of      {d}");
    }
    if let Some(c) = &profile.category {
        println!("category   {c}");
    }
    let aliases: Vec<String> = profile
        .aliases
        .iter()
        .map(|(name, docs)| {
            if docs.is_empty() {
                name.clone()
            } else {
                format!("{name} ({})", docs.join(", "))
            }
        })
        .collect();
    if !aliases.is_empty() {
        println!("aliases    {}", aliases.join("; "));
    }
    print_stated("founded", &profile.founded);
    for (label, ties) in [
        ("parent", &profile.parents),
        ("branch", &profile.children),
        ("leader", &profile.leaders),
        ("leads", &profile.leads),
        ("member of", &profile.member_of),
        ("ally", &profile.allies),
        ("rival", &profile.rivals),
        ("split from", &profile.split_from),
        ("splinter", &profile.splinters),
        ("pledged to", &profile.pledged_to),
        ("pledge from", &profile.pledges_received),
    ] {
        for t in ties {
            print_tie(label, t);
        }
    }
    for e in &profile.strength {
        println!(
            "strength   {} {}{}{}  «{}»",
            e.count.qualifier.as_str().replace('_', " "),
            e.count.value,
            e.estimated_by
                .as_deref()
                .map(|b| format!(", by {b}"))
                .unwrap_or_default(),
            e.date.map(|d| format!(", {d}")).unwrap_or_default(),
            output::clip(&e.source.quote, 70)
        );
    }
    print_stated("stronghold", &profile.strongholds);
    print_stated("publishes", &profile.publications);
    print_stated("threatens", &profile.threats);
    for i in &profile.incidents {
        println!(
            "incident   {}  {}  {}  {}  killed {}",
            i.id,
            i.date.map(|d| d.to_string()).unwrap_or("-".into()),
            i.place.as_deref().or(i.country.as_deref()).unwrap_or("-"),
            i.link.as_str(),
            i.killed.map(|k| k.to_string()).unwrap_or("-".into())
        );
    }
    for (year, countries) in &profile.countries_by_year {
        println!(
            "attacked   {year}: {}",
            countries.iter().cloned().collect::<Vec<_>>().join(", ")
        );
    }
    for c in &profile.contradictions {
        println!("contradiction ({}): {}", c.field, c.why);
    }
    Ok(ExitCode::SUCCESS)
}

fn span(from: Option<FuzzyDate>, until: Option<FuzzyDate>) -> String {
    match (from, until) {
        (None, None) => String::new(),
        (Some(f), None) => format!(" from {f}"),
        (None, Some(u)) => format!(" until {u}"),
        (Some(f), Some(u)) => format!(" {f} to {u}"),
    }
}

fn print_tie(label: &str, t: &Tie) {
    println!(
        "{label:<10} {}{}{}  ({} source{})",
        t.name,
        span(t.from, t.until),
        if t.unverified { "  [unverified]" } else { "" },
        t.sources.len(),
        if t.sources.len() == 1 { "" } else { "s" }
    );
}

fn print_stated(label: &str, items: &[Stated]) {
    for s in items {
        println!(
            "{label:<10} {}{}  ({} source{})",
            s.value,
            if s.unverified { "  [unverified]" } else { "" },
            s.sources.len(),
            if s.sources.len() == 1 { "" } else { "s" }
        );
    }
}

//! `forewarn actor`: an actor's profile.

use std::path::Path;
use std::process::ExitCode;

use forewarn_kb::profile::{Stated, Tie};
use forewarn_model::FuzzyDate;
use forewarn_store::SqliteStore;

use crate::args::ActorArgs;
use crate::output;

pub fn run(data: &Path, a: ActorArgs) -> anyhow::Result<ExitCode> {
    let mut store = SqliteStore::open(data)?;
    forewarn_kb::integrate(&mut store)?;
    let profile = forewarn_kb::profile::actor_profile(&store, &a.name, a.as_of.as_ref())?;
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
        "{label:<10} {}{}{}{}  ({} source{})",
        t.name,
        span(t.from, t.until),
        if t.until_inferred {
            " (end inferred: the next leader began)"
        } else {
            ""
        },
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

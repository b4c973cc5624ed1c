//! `forewarn search`.

use std::path::Path;
use std::process::ExitCode;

use forewarn_store::{Page, SearchQuery, SqliteStore, Store};

use crate::args::SearchArgs;
use crate::output;

pub fn run(data: &Path, a: SearchArgs) -> anyhow::Result<ExitCode> {
    let query = SearchQuery::parse(&a.query.join(" "))?;
    let store = SqliteStore::open(data)?;
    let hits = store.search(
        &query,
        Page {
            offset: a.offset,
            limit: a.limit,
        },
    )?;
    if a.json {
        output::print_json(&hits)?;
        return Ok(ExitCode::SUCCESS);
    }
    let (open, close) = output::highlight_marks();
    for (i, h) in hits.items.iter().enumerate() {
        let d = &h.document;
        let when = d
            .published
            .map(|p| p.to_string())
            .unwrap_or_else(|| "undated".into());
        println!(
            "{}. {}  ({}, {when})  {}  {}",
            a.offset as usize + i + 1,
            d.title.as_deref().unwrap_or(&d.name),
            d.publisher.as_deref().unwrap_or("unknown publisher"),
            output::short_id(&d.id),
            d.name,
        );
        println!("   {}", h.snippet.marked(open, close).replace('\n', " "));
    }
    println!(
        "({} of {} matching documents)",
        hits.items.len(),
        hits.total
    );
    Ok(ExitCode::SUCCESS)
}

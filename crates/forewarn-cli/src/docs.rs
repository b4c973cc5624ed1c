//! `forewarn docs list|show` and `forewarn status`.

use std::path::Path;
use std::process::ExitCode;

use forewarn_store::{DocumentFilter, Page, SqliteStore, Store};

use crate::args::{DocsListArgs, DocsShowArgs, JsonFlag};
use crate::output;

pub fn list(data: &Path, a: DocsListArgs) -> anyhow::Result<ExitCode> {
    let store = SqliteStore::open(data)?;
    let filter = DocumentFilter {
        publisher: a.publisher,
        published_from: a.from.map(|d| d.start),
        published_to: a.to.map(|d| d.end),
        language: a.lang,
        tlp: a.tlp,
        hide_red: false,
    };
    let listing = store.list_documents(
        &filter,
        Page {
            offset: a.offset,
            limit: a.limit,
        },
    )?;
    if a.json {
        output::print_json(&listing)?;
    } else {
        output::print_document_table(&listing);
    }
    Ok(ExitCode::SUCCESS)
}

pub fn show(data: &Path, a: DocsShowArgs) -> anyhow::Result<ExitCode> {
    let store = SqliteStore::open(data)?;
    let Some(doc) = store.document(&a.id)? else {
        anyhow::bail!(
            "no document with id {:?} (give at least 6 characters of an id from `forewarn docs list`)",
            a.id
        );
    };
    if a.json {
        output::print_json(&doc)?;
        return Ok(ExitCode::SUCCESS);
    }
    let m = &doc.meta;
    let field = |label: &str, v: Option<String>| {
        println!("{label:<12} {}", v.unwrap_or_else(|| "-".into()))
    };
    field("id", Some(doc.id.to_string()));
    field("name", Some(m.name.clone()));
    field("title", m.title.clone());
    field("publisher", m.publisher.clone());
    field("author", m.author.clone());
    field("published", m.published.map(|d| d.to_string()));
    field("url", m.url.clone());
    field("format", Some(doc.media_type.to_string()));
    field(
        "language",
        doc.language
            .as_ref()
            .map(|l| format!("{} (confidence {:.2})", l.code, l.confidence)),
    );
    field(
        "reliability",
        m.reliability
            .map(|r| format!("{} ({})", r.letter(), r.description())),
    );
    field("tlp", m.tlp.map(|t| t.as_str().to_uppercase()));
    field("retrieved", Some(doc.retrieved.to_string()));
    field(
        "size",
        Some(format!(
            "{} bytes read, {} characters of text",
            doc.source_bytes,
            doc.text.chars().count()
        )),
    );
    println!("\n{}", doc.text);
    Ok(ExitCode::SUCCESS)
}

pub fn status(data: &Path, a: JsonFlag) -> anyhow::Result<ExitCode> {
    let store = SqliteStore::open(data)?;
    let stats = store.stats()?;
    if a.json {
        output::print_json(&stats)?;
    } else {
        println!("data directory     {}", data.display());
        println!("schema version     {}", store.schema_version()?);
        println!("documents          {}", stats.documents);
        println!("duplicate sightings {}", stats.duplicate_sightings);
        println!("near-duplicate links {}", stats.near_duplicate_links);
        println!("characters of text {}", stats.text_chars);
    }
    Ok(ExitCode::SUCCESS)
}

pub fn check(data: &Path) -> anyhow::Result<ExitCode> {
    let store = SqliteStore::open(data)?;
    let problems = store.check_integrity()?;
    if problems.is_empty() {
        println!("ok: {} is consistent", store.path().display());
        return Ok(ExitCode::SUCCESS);
    }
    for p in &problems {
        eprintln!("problem: {p}");
    }
    Ok(ExitCode::from(1))
}

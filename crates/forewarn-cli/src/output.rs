//! Printing: tables for people, JSON for scripts.

use std::io::{IsTerminal, Write};

use forewarn_model::DocumentId;
use forewarn_store::{DocumentSummary, Listing};

/// The first 10 hex digits of an id: enough to be unique in practice, and accepted back by
/// `docs show`.
pub fn short_id(id: &DocumentId) -> &str {
    &id.as_str()[..id.as_str().len().min(10)]
}

pub fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

/// Cuts `s` to at most `width` characters, with an ellipsis.
pub fn clip(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(width.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

pub fn print_document_table(listing: &Listing<DocumentSummary>) {
    println!(
        "{:<10}  {:<10}  {:<4}  {:<22}  TITLE / NAME",
        "ID", "PUBLISHED", "LANG", "PUBLISHER"
    );
    for d in &listing.items {
        let published = d
            .published
            .map(|p| p.to_string())
            .unwrap_or_else(|| "-".into());
        let title = d.title.as_deref().unwrap_or(&d.name);
        let dup = if d.near_duplicates.is_empty() {
            ""
        } else {
            "  [near duplicate]"
        };
        println!(
            "{:<10}  {:<10}  {:<4}  {:<22}  {}{dup}",
            short_id(&d.id),
            published,
            d.language.as_deref().unwrap_or("-"),
            clip(d.publisher.as_deref().unwrap_or("-"), 22),
            clip(title, 70),
        );
    }
    let shown = listing.items.len() as u64;
    if shown < listing.total {
        println!(
            "({shown} of {} shown; use --offset and --limit for more)",
            listing.total
        );
    } else {
        println!("({} documents)", listing.total);
    }
}

/// Highlight markers: bold on a terminal, brackets otherwise.
pub fn highlight_marks() -> (&'static str, &'static str) {
    if std::io::stdout().is_terminal() {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("[", "]")
    }
}

/// One line on what bringing incidents up to date did.
pub fn integration_line(i: &forewarn_kb::Integration) -> String {
    let mut line = format!(
        "incidents: {} events placed ({} joined an existing incident, {} founded one)",
        i.events, i.joined, i.founded
    );
    if i.adjudications > 0 {
        line.push_str(&format!(
            ", {} pairs queued for a person (forewarn adjudicate)",
            i.adjudications
        ));
    }
    if i.rebuilt + i.removed > 0 {
        line.push_str(&format!(", {} rebuilt, {} removed", i.rebuilt, i.removed));
    }
    line
}

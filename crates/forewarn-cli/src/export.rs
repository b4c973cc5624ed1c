//! `forewarn export`.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use forewarn_store::SqliteStore;

use crate::args::{ExportArgs, ExportFormat, ExportWhat};

pub fn run(data: &Path, a: ExportArgs) -> anyhow::Result<ExitCode> {
    let mut store = SqliteStore::open(data)?;
    let records = match a.what {
        ExportWhat::Events => {
            // Stores written before incidents existed, or an interrupted ingest, leave events
            // unplaced: place them first (a no-op when everything is up to date).
            forewarn_kb::integrate(&mut store)?;
            forewarn_export::events(&store, a.include_rejected)?
        }
        ExportWhat::Actors => forewarn_export::actors(&store)?,
        ExportWhat::Relations => forewarn_export::relations(&store)?,
        ExportWhat::Facts => forewarn_export::facts(&store)?,
    };
    let mut out: Box<dyn Write> = match &a.output {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot write {}", path.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    match a.format {
        ExportFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &records)?;
            writeln!(out)?;
        }
        ExportFormat::Jsonl => {
            for r in &records {
                serde_json::to_writer(&mut out, r)?;
                writeln!(out)?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

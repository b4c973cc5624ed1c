//! `forewarn export`: a thin shell over `forewarn_export::write_export`, which streams.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use forewarn_export::{Format, IncidentOptions, Kind, Withheld};
use forewarn_store::{IncidentFilter, SqliteStore};

use crate::args::{ExportArgs, ExportFilterArgs, ExportFormat, ExportWhat};

fn kind(w: ExportWhat) -> Kind {
    match w {
        ExportWhat::Events => Kind::Events,
        ExportWhat::Actors => Kind::Actors,
        ExportWhat::Relations => Kind::Relations,
        ExportWhat::Facts => Kind::Facts,
        ExportWhat::Network => Kind::Network,
        ExportWhat::IncidentActors => Kind::IncidentActors,
        ExportWhat::Bundle => Kind::Bundle,
    }
}

fn format(f: ExportFormat) -> Format {
    match f {
        ExportFormat::Json => Format::Json,
        ExportFormat::Jsonl => Format::Jsonl,
        ExportFormat::AcledCsv => Format::AcledCsv,
        ExportFormat::GtdCsv => Format::GtdCsv,
        ExportFormat::Geojson => Format::GeoJson,
        ExportFormat::Graphml => Format::GraphMl,
        ExportFormat::Stix => Format::Stix,
    }
}

/// The store's incident filter; an actor nobody reported matches nothing.
fn filter(store: &SqliteStore, f: ExportFilterArgs) -> anyhow::Result<IncidentFilter> {
    let mut filter = IncidentFilter {
        kind: f.kind,
        country: f.country.map(|c| c.trim().to_uppercase()),
        admin1: f.admin1,
        attack_type: f.attack_type,
        from: f.from.map(|d| d.start),
        to: f.to.map(|d| d.end),
        min_killed: f.min_killed,
        status: f.status,
        contradicted: f.contradicted,
        text: f.text,
        ..IncidentFilter::default()
    };
    if let Some(actor) = f.actor {
        let ids = forewarn_kb::profile::actor_ids(store, &actor)
            .with_context(|| format!("cannot look up the actor {actor:?}"))?;
        if ids.is_empty() {
            anyhow::bail!("no actor named {actor:?} in the record (see `forewarn actor NAME`)");
        }
        filter.actors = ids;
    }
    Ok(filter)
}

pub fn run(data: &Path, a: ExportArgs) -> anyhow::Result<ExitCode> {
    let mut store = SqliteStore::open(data)?;
    let kind = kind(a.what);
    let format = a.format.map_or(kind.formats()[0], format);
    if !kind.formats().contains(&format) {
        // Checked before anything is written, so a bad pair leaves no partial file.
        return Err(forewarn_export::ExportError::Unsupported { kind, format }.into());
    }
    if kind.filtered() {
        // Stores written before incidents existed, or an interrupted ingest, leave events
        // unplaced: place them first (a no-op when everything is up to date).
        forewarn_kb::integrate(&mut store)?;
    }
    let options = IncidentOptions {
        filter: filter(&store, a.filter)?,
        include_rejected: a.include_rejected,
        // The local command line reads its own store: nothing is withheld from its owner.
        withheld: Withheld::none(),
    };
    let mut out: Box<dyn Write> = match &a.output {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot write {}", path.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let summary = forewarn_export::write_export(&store, kind, format, &options, &mut out)?;
    out.flush()?;
    if summary.unplaced > 0 {
        eprintln!(
            "{} of {} incidents have no coordinates: their features have a null geometry",
            summary.unplaced, summary.records
        );
    }
    Ok(ExitCode::SUCCESS)
}

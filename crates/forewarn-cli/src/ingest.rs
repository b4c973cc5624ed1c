//! `forewarn ingest` and `forewarn demo`.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use forewarn_ingest::{IngestOptions, IngestSummary, ItemOutcome, MetaOverrides, Observer};
use forewarn_sources::FetchPolicy;
use forewarn_store::{SqliteStore, Store};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::args::{DemoArgs, IngestArgs};
use crate::output;

/// A progress bar on stderr, drawn only on a terminal and only for several inputs.
struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    fn new() -> Progress {
        Progress { bar: None }
    }
}

impl Observer for Progress {
    fn planned(&mut self, items: usize) {
        if items < 2 || !std::io::stderr().is_terminal() {
            return;
        }
        let bar = ProgressBar::with_draw_target(Some(items as u64), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} {wide_msg}",
            )
            .expect("the progress template is valid"),
        );
        bar.enable_steady_tick(Duration::from_millis(200));
        self.bar = Some(bar);
    }

    fn item_done(&mut self, item: &str, _outcomes: &[ItemOutcome]) {
        if let Some(bar) = &self.bar {
            bar.set_message(item.to_string());
            bar.inc(1);
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

pub fn run(data: &Path, a: IngestArgs) -> anyhow::Result<ExitCode> {
    let options = IngestOptions {
        overrides: MetaOverrides {
            published: a.published,
            publisher: a.publisher,
            title: a.title,
            author: a.author,
            tlp: a.tlp,
            reliability: a.reliability,
            name: a.name,
        },
        limits: forewarn_documents::Limits {
            max_bytes: a.max_size.saturating_mul(1024 * 1024),
            ..Default::default()
        },
        fetch: FetchPolicy {
            timeout: Duration::from_secs(a.timeout.max(1)),
            max_bytes: a.max_size.saturating_mul(1024 * 1024),
            allow_private: a.allow_private,
            allow_hosts: a.allow_host,
            ..Default::default()
        },
        follow_feed_links: !a.no_follow,
        extract: !a.no_extract,
        ..Default::default()
    };
    let summary = ingest_with(data, &a.inputs, &options)?;
    if a.json {
        output::print_json(&summary)?;
    } else {
        print_summary(&summary);
    }
    Ok(if summary.failed > 0 || summary.incidents_error.is_some() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn ingest_with(
    data: &Path,
    inputs: &[String],
    options: &IngestOptions,
) -> anyhow::Result<IngestSummary> {
    let mut store = SqliteStore::open(data)?;
    let mut progress = Progress::new();
    forewarn_ingest::ingest(&mut store, inputs, options, &mut progress).map_err(anyhow::Error::msg)
}

fn print_summary(s: &IngestSummary) {
    for o in &s.outcomes {
        match o {
            ItemOutcome::Stored {
                name,
                id,
                near_duplicate_of: Some(n),
                ..
            } => println!(
                "stored     {}  {name}  (near duplicate of {} {}, distance {})",
                output::short_id(id),
                output::short_id(&n.document),
                n.name,
                n.distance
            ),
            ItemOutcome::Stored {
                name, id, events, ..
            } if *events > 0 => println!(
                "stored     {}  {name}  ({events} {})",
                output::short_id(id),
                if *events == 1 { "event" } else { "events" }
            ),
            ItemOutcome::Stored { name, id, .. } => {
                println!("stored     {}  {name}", output::short_id(id))
            }
            ItemOutcome::Duplicate {
                name,
                id,
                existing_name,
                ..
            } => {
                println!(
                    "duplicate  {}  {name}  (already stored as {existing_name})",
                    output::short_id(id)
                )
            }
            ItemOutcome::Failed { .. } => {}
        }
    }
    for (input, reason) in s.failures() {
        eprintln!("failed: {input}: {reason}");
    }
    println!(
        "{} stored ({} near duplicates linked), {} duplicates, {} failed",
        s.stored, s.near_duplicates, s.duplicates, s.failed
    );
    if let Some(i) = &s.incidents {
        println!("{}", output::integration_line(i));
    }
    if let Some(e) = &s.incidents_error {
        eprintln!(
            "incidents not brought up to date: {e} (the next ingest or `forewarn reextract` retries)"
        );
    }
}

/// Ingests the sample reports and lists them; returns whether every report was read.
pub fn demo(data: &Path, a: &DemoArgs) -> anyhow::Result<bool> {
    if !a.reports.is_dir() {
        anyhow::bail!(
            "{}: no such directory; run the demo from the root of the forewarn repository or give the reports directory",
            a.reports.display()
        );
    }
    println!("data directory: {}", data.display());
    let options = IngestOptions {
        follow_feed_links: false,
        ..Default::default()
    };
    let input = a
        .reports
        .to_str()
        .context("the reports path is not valid UTF-8")?
        .to_string();
    let summary = ingest_with(data, &[input], &options)?;
    print_summary(&summary);
    let store = SqliteStore::open(data)?;
    let listing = store.list_documents(
        &Default::default(),
        forewarn_store::Page {
            offset: 0,
            limit: 100,
        },
    )?;
    println!();
    output::print_document_table(&listing);
    let stats = store.stats()?;
    println!(
        "\n{} documents, {} document-level events, {} actors, {} relations extracted.",
        stats.documents, stats.events, stats.actors, stats.relations
    );
    println!(
        "Try: forewarn --data {} search '\"suicide bomber\" kabul'",
        data.display()
    );
    println!(
        "     forewarn --data {} export events --format json",
        data.display()
    );
    Ok(summary.failed == 0)
}

//! `forewarn bench`.

use std::process::ExitCode;

use anyhow::Context;
use forewarn_bench::{IngestBench, read_texts, run_extract, run_ingest};

use crate::args::{BenchArgs, BenchWhat};
use crate::output;

pub fn run(a: BenchArgs) -> anyhow::Result<ExitCode> {
    match a.what {
        BenchWhat::Ingest => {
            eprintln!(
                "generating {} documents of about {} bytes and ingesting them...",
                a.docs, a.doc_bytes
            );
            let r = run_ingest(&IngestBench {
                docs: a.docs,
                doc_bytes: a.doc_bytes,
                queries: a.queries,
                dir: a.dir,
                extract: !a.no_extract,
            })?;
            if a.json {
                output::print_json(&r)?;
            } else {
                println!(
                    "ingest{}: {} documents, {:.1} MB in {:.2} s",
                    if r.extract {
                        " with extraction"
                    } else {
                        " without extraction"
                    },
                    r.docs,
                    r.bytes as f64 / 1e6,
                    r.ingest_seconds
                );
                println!(
                    "        {:.0} documents/s, {:.2} MB/s, {} stored",
                    r.docs_per_second, r.mb_per_second, r.stored
                );
                match r.peak_rss_mib {
                    Some(m) => println!(
                        "        peak memory {m:.1} MiB, store {:.1} MiB on disk",
                        r.store_mib
                    ),
                    None => println!("        store {:.1} MiB on disk", r.store_mib),
                }
                let s = &r.search;
                println!(
                    "search: {} queries, median {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
                    s.queries, s.median_ms, s.p90_ms, s.p99_ms, s.max_ms
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        BenchWhat::Extract => {
            let path = a
                .texts
                .context("give --texts FILE (CSV or JSON Lines; and --column NAME)")?;
            let texts = read_texts(&path, a.column.as_deref(), a.docs)?;
            let r = run_extract(&texts);
            if a.json {
                output::print_json(&r)?;
            } else {
                println!(
                    "extract: {} texts, {:.2} MB in {:.2} s on one core: {:.2} MB/s, {:.0} texts/s ({} events; dictionaries and gazetteer loaded in {:.0} ms)",
                    r.texts,
                    r.bytes as f64 / 1e6,
                    r.seconds,
                    r.mb_per_second,
                    r.texts_per_second,
                    r.events,
                    r.load_ms
                );
                if let (Some(cpu), Some(rate)) = (r.cpu_seconds, r.mb_per_cpu_second) {
                    println!("         {cpu:.2} s of CPU time: {rate:.2} MB per CPU second");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        BenchWhat::Incidents => {
            let (dir, _scratch) = dir_or_scratch(a.dir.as_deref())?;
            eprintln!(
                "writing {} incidents, then adding {} reports one at a time...",
                a.incidents, a.reports
            );
            let r = forewarn_bench::incidents::run_incidents(&dir, a.incidents, a.reports)?;
            if a.json {
                output::print_json(&r)?;
            } else {
                println!(
                    "incidents: store of {} incidents (written in {:.1} s); {} reports added one at a time",
                    r.incidents, r.fill_seconds, r.reports
                );
                println!(
                    "  whole ingest of one report: median {:.1} ms, p90 {:.1} ms, max {:.1} ms",
                    r.ingest_ms.median_ms, r.ingest_ms.p90_ms, r.ingest_ms.max_ms
                );
                println!(
                    "  placing its events into incidents: median {:.1} ms, p90 {:.1} ms, max {:.1} ms ({} joined an incident)",
                    r.place_ms.median_ms, r.place_ms.p90_ms, r.place_ms.max_ms, r.joined
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        BenchWhat::Serve => {
            let (dir, _scratch) = dir_or_scratch(a.dir.as_deref())?;
            eprintln!(
                "store of {} incidents and {} documents in {} (generated unless already there), then serving it...",
                a.incidents,
                a.docs,
                dir.display()
            );
            let r = forewarn_bench::serve::run_serve(&forewarn_bench::serve::ServeBench {
                dir,
                incidents: a.incidents,
                documents: a.docs as u64,
                requests: a.queries,
                concurrency: a.concurrency.max(1),
                load_seconds: a.seconds,
                server: std::env::current_exe()?,
            })?;
            if a.json {
                output::print_json(&r)?;
            } else {
                println!(
                    "serve: {} incidents, {} documents (generated in {:.0} s)",
                    r.incidents, r.documents, r.fill_seconds
                );
                for (label, l) in [
                    ("incidents list, 3 filters (API)", &r.list_ms),
                    ("incidents table page, 3 filters", &r.list_page_ms),
                    ("incident page", &r.incident_page_ms),
                    ("search (API)", &r.search_ms),
                ] {
                    println!(
                        "  {label:<34} p50 {:>7.1} ms  p90 {:>7.1} ms  p99 {:>7.1} ms  max {:>7.1} ms  ({} requests)",
                        l.median_ms, l.p90_ms, l.p99_ms, l.max_ms, l.queries
                    );
                }
                println!(
                    "  load: {:.0} requests/s with {} clients ({} failed); server peak memory {}",
                    r.requests_per_second,
                    a.concurrency,
                    r.load_errors,
                    r.server_peak_rss_mib
                        .map_or("unknown".into(), |m| format!("{m:.0} MiB"))
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        BenchWhat::Export => {
            let (dir, _scratch) = dir_or_scratch(a.dir.as_deref())?;
            eprintln!(
                "store of {} incidents and {} documents in {} (generated unless already there), then exporting it...",
                a.incidents,
                a.docs,
                dir.display()
            );
            let r = forewarn_bench::export::run_export(&forewarn_bench::export::ExportBench {
                dir,
                incidents: a.incidents,
                documents: a.docs as u64,
            })?;
            if a.json {
                output::print_json(&r)?;
            } else {
                let mib = |m: Option<f64>| m.map_or("?".into(), |m| format!("{m:.0} MiB"));
                println!(
                    "export ({} build): {} incidents, {} documents (generated in {:.0} s); before: resident {}, heap {}",
                    r.build,
                    r.incidents,
                    r.documents,
                    r.fill_seconds,
                    mib(r.baseline_rss_mib),
                    mib(r.baseline_anon_mib)
                );
                for f in &r.formats {
                    println!(
                        "  {:<16} {:<10} {:>9.0} incidents/s  {:>7.1} MB/s  {:>8.1} MB in {:>6.1} s  peak resident {} (heap {})",
                        f.kind,
                        f.format,
                        f.incidents_per_second,
                        f.mb_per_second,
                        f.bytes as f64 / 1e6,
                        f.seconds,
                        mib(f.peak_rss_mib),
                        mib(f.peak_anon_mib)
                    );
                }
                println!(
                    "  (resident memory counts the database pages SQLite maps; heap is what the export allocates)"
                );
                if !r.peak_reset {
                    println!(
                        "  (the peak could not be reset between formats: each is the peak so far)"
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `--dir`, else a temporary directory kept alive by the returned guard.
fn dir_or_scratch(
    given: Option<&std::path::Path>,
) -> anyhow::Result<(std::path::PathBuf, Option<tempfile::TempDir>)> {
    Ok(match given {
        Some(d) => (d.to_path_buf(), None),
        None => {
            let scratch = tempfile::tempdir()?;
            (scratch.path().to_path_buf(), Some(scratch))
        }
    })
}

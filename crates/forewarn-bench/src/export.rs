//! How fast the record leaves: every incident of a large generated store
//! ([`crate::generated`]) exported in each file format through `forewarn_export` (the code
//! the CLI and the API run), written to a sink that only counts bytes, so the disk is not
//! measured. For each format: incidents per second, MB per second, and the process's peak
//! memory while that format ran: the resident high-water mark (reset between formats where
//! Linux allows it, through `/proc/self/clear_refs`), which counts the database pages SQLite
//! maps into memory, and the peak of anonymous memory (heap and stacks, sampled every few
//! milliseconds), which is what the export itself allocates.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use forewarn_export::{Format, IncidentOptions, Kind};
use forewarn_store::{SqliteStore, Store};
use serde::Serialize;

use crate::generated::{data_dir, fill};
use crate::{BenchError, peak_rss_mib};

/// What to generate.
#[derive(Debug, Clone)]
pub struct ExportBench {
    /// Where the store is kept; a store generated before with the same sizes is reused.
    pub dir: PathBuf,
    /// Incidents to generate.
    pub incidents: u64,
    /// Documents to generate (the incidents cite them in turn).
    pub documents: u64,
}

/// One format's numbers.
#[derive(Debug, Clone, Serialize)]
pub struct FormatReport {
    /// What was exported (`events`, `incident-actors`).
    pub kind: String,
    /// The format.
    pub format: String,
    /// Incidents written.
    pub incidents: u64,
    /// Bytes written.
    pub bytes: u64,
    /// Wall time in seconds.
    pub seconds: f64,
    /// Incidents per second.
    pub incidents_per_second: f64,
    /// MB (10^6 bytes) per second.
    pub mb_per_second: f64,
    /// Peak resident memory of the process while this format ran, MiB (since the start of
    /// the process when the high-water mark could not be reset); includes the database
    /// pages SQLite maps, which the kernel can drop at will.
    pub peak_rss_mib: Option<f64>,
    /// Peak anonymous resident memory (heap, stacks) while this format ran, MiB.
    pub peak_anon_mib: Option<f64>,
}

/// The measured numbers.
#[derive(Debug, Clone, Serialize)]
pub struct ExportReport {
    /// Incidents in the store.
    pub incidents: u64,
    /// Documents in the store.
    pub documents: u64,
    /// Seconds spent generating the store (0 when reused).
    pub fill_seconds: f64,
    /// `debug` or `release`: debug builds are several times slower.
    pub build: &'static str,
    /// Whether the memory high-water mark was reset before each format.
    pub peak_reset: bool,
    /// Resident memory before the first format, MiB.
    pub baseline_rss_mib: Option<f64>,
    /// Anonymous resident memory before the first format, MiB.
    pub baseline_anon_mib: Option<f64>,
    /// Each format.
    pub formats: Vec<FormatReport>,
}

/// A writer that keeps nothing and counts bytes.
struct Counter(u64);

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Resets this process's peak resident memory to its current size (Linux 4.0 and later).
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", b"5").is_ok()
}

/// A line of `/proc/self/status` in MiB (Linux only).
fn status_mib(field: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// Samples anonymous resident memory on a thread until dropped; keeps the largest value.
struct AnonPeak {
    running: Arc<AtomicBool>,
    peak_kib: Arc<AtomicU64>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl AnonPeak {
    fn start() -> AnonPeak {
        let running = Arc::new(AtomicBool::new(true));
        let peak_kib = Arc::new(AtomicU64::new(0));
        let (r, p) = (running.clone(), peak_kib.clone());
        let thread = std::thread::spawn(move || {
            while r.load(Ordering::Relaxed) {
                if let Some(mib) = status_mib("RssAnon:") {
                    p.fetch_max((mib * 1024.0) as u64, Ordering::Relaxed);
                }
                std::thread::sleep(Duration::from_millis(5));
            }
        });
        AnonPeak {
            running,
            peak_kib,
            thread: Some(thread),
        }
    }

    /// Stops sampling; the peak in MiB, if any sample was read.
    fn stop(mut self) -> Option<f64> {
        self.running.store(false, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        let last = status_mib("RssAnon:").map_or(0, |m| (m * 1024.0) as u64);
        let kib = self.peak_kib.load(Ordering::Relaxed).max(last);
        (kib > 0).then(|| kib as f64 / 1024.0)
    }
}

/// The formats timed, in order.
pub const FORMATS: [(Kind, Format); 7] = [
    (Kind::Events, Format::AcledCsv),
    (Kind::Events, Format::GtdCsv),
    (Kind::Events, Format::GeoJson),
    (Kind::Events, Format::Jsonl),
    (Kind::Events, Format::Json),
    (Kind::IncidentActors, Format::GraphMl),
    (Kind::Bundle, Format::Stix),
];

/// Generates (or reuses) the store and times every format.
pub fn run_export(b: &ExportBench) -> Result<ExportReport, BenchError> {
    let fill_seconds = fill(&b.dir, b.incidents, b.documents)?;
    let store = SqliteStore::open(&data_dir(&b.dir))?;
    let incidents = store.incident_counts()?.total;
    let options = IncidentOptions::default();
    let baseline_rss_mib = status_mib("VmRSS:");
    let baseline_anon_mib = status_mib("RssAnon:");
    let mut peak_reset = true;
    let mut formats = Vec::new();
    for (kind, format) in FORMATS {
        peak_reset &= reset_peak();
        let mut sink = Counter(0);
        let anon = AnonPeak::start();
        let started = Instant::now();
        let written = forewarn_export::write_export(&store, kind, format, &options, &mut sink);
        let seconds = started.elapsed().as_secs_f64().max(1e-9);
        let peak_anon_mib = anon.stop();
        written?;
        formats.push(FormatReport {
            kind: kind.as_str().into(),
            format: format.as_str().into(),
            incidents,
            bytes: sink.0,
            seconds,
            incidents_per_second: incidents as f64 / seconds,
            mb_per_second: sink.0 as f64 / 1e6 / seconds,
            peak_rss_mib: peak_rss_mib(),
            peak_anon_mib,
        });
    }
    Ok(ExportReport {
        incidents,
        documents: b.documents,
        fill_seconds,
        build: if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
        peak_reset,
        baseline_rss_mib,
        baseline_anon_mib,
        formats,
    })
}

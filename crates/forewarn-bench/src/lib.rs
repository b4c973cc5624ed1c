//! Measurement: builds reproducible synthetic corpora and times the real pipeline on them,
//! for `forewarn bench`. Numbers come from runs, never from assertions in tests.

pub mod export;
pub mod generated;
pub mod incidents;
pub mod serve;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use forewarn_ingest::{IngestOptions, SilentObserver};
use forewarn_store::{Page, SearchQuery, SqliteStore, Store};
use serde::Serialize;

/// What to generate and time.
#[derive(Debug, Clone)]
pub struct IngestBench {
    /// Documents to generate.
    pub docs: usize,
    /// Approximate bytes per document.
    pub doc_bytes: usize,
    /// Search queries to time afterwards.
    pub queries: usize,
    /// Where to put the corpus and the store; a temporary directory when `None`.
    pub dir: Option<PathBuf>,
    /// Run extraction during ingest (the default pipeline); off measures reading and storing.
    pub extract: bool,
}

/// The measured numbers.
#[derive(Debug, Clone, Serialize)]
pub struct IngestReport {
    /// Documents generated.
    pub docs: usize,
    /// Bytes generated.
    pub bytes: u64,
    /// Documents stored (generated documents are all distinct).
    pub stored: usize,
    /// Whether extraction ran during ingest.
    pub extract: bool,
    /// Wall time of the ingest in seconds.
    pub ingest_seconds: f64,
    /// Documents per second.
    pub docs_per_second: f64,
    /// MB (10^6 bytes) per second.
    pub mb_per_second: f64,
    /// Peak resident memory of the process in MiB (Linux `VmHWM`), if known.
    pub peak_rss_mib: Option<f64>,
    /// Size of the database directory afterwards in MiB.
    pub store_mib: f64,
    /// Search latency.
    pub search: LatencyReport,
}

/// Latency percentiles in milliseconds.
#[derive(Debug, Clone, Serialize)]
pub struct LatencyReport {
    /// Queries timed.
    pub queries: usize,
    /// Median.
    pub median_ms: f64,
    /// 90th percentile.
    pub p90_ms: f64,
    /// 99th percentile.
    pub p99_ms: f64,
    /// Slowest.
    pub max_ms: f64,
}

/// Why a benchmark could not run.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    /// File system trouble.
    #[error("benchmark I/O on {path}: {source}")]
    Io {
        /// Where.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The store failed.
    #[error(transparent)]
    Store(#[from] forewarn_store::StoreError),
    /// The ingest refused to run.
    #[error("ingest refused: {0}")]
    Ingest(String),
    /// An export failed.
    #[error(transparent)]
    Export(#[from] forewarn_export::ExportError),
}

/// Extraction speed on real texts, one core.
#[derive(Debug, Clone, Serialize)]
pub struct ExtractReport {
    /// Texts extracted.
    pub texts: usize,
    /// Their bytes.
    pub bytes: u64,
    /// Wall time in seconds (after the dictionaries and gazetteer were loaded).
    pub seconds: f64,
    /// MB (10^6 bytes) per second.
    pub mb_per_second: f64,
    /// Texts per second.
    pub texts_per_second: f64,
    /// CPU time this thread spent extracting, in seconds, where the system tells it (Linux).
    /// On a shared machine it is the fairer measure: wall time also counts waiting for a core.
    pub cpu_seconds: Option<f64>,
    /// MB per CPU second, where CPU time is known.
    pub mb_per_cpu_second: Option<f64>,
    /// Events found, as a sanity check that work was done.
    pub events: usize,
    /// Time to load the dictionaries and the gazetteer, in milliseconds.
    pub load_ms: f64,
}

/// Reads `column` of a CSV file (comma, semicolon or tab separated; a `sep=` first line is
/// skipped), at most `limit` non-empty values.
pub fn csv_column(path: &Path, column: &str, limit: usize) -> Result<Vec<String>, BenchError> {
    let io = |source| BenchError::Io {
        path: path.to_path_buf(),
        source,
    };
    let raw = std::fs::read_to_string(path).map_err(io)?;
    let body = match raw.strip_prefix("sep=") {
        Some(rest) => rest.split_once('\n').map_or("", |(_, b)| b),
        None => raw.as_str(),
    };
    let header = body.lines().next().unwrap_or_default();
    let delimiter = [b';', b'\t', b',']
        .into_iter()
        .max_by_key(|d| header.bytes().filter(|b| b == d).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(body.as_bytes());
    let bad = |e: csv::Error| BenchError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::other(e.to_string()),
    };
    let headers = reader.headers().map_err(bad)?.clone();
    let Some(index) = headers
        .iter()
        .position(|h| h.trim().eq_ignore_ascii_case(column))
    else {
        return Err(BenchError::Io {
            path: path.to_path_buf(),
            source: std::io::Error::other(format!("no column named {column:?}")),
        });
    };
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(bad)?;
        if let Some(v) = record.get(index).filter(|v| !v.trim().is_empty()) {
            out.push(v.to_string());
            if out.len() >= limit {
                break;
            }
        }
    }
    Ok(out)
}

/// Reads the string `field` of each object in a JSON Lines file (such as the processed
/// MUC-4 sets, whose texts are in `doctext`), at most `limit` non-empty values. Blank lines
/// are skipped; a line that is not a JSON object is an error naming its line number.
pub fn jsonl_field(path: &Path, field: &str, limit: usize) -> Result<Vec<String>, BenchError> {
    let raw = std::fs::read_to_string(path).map_err(|source| BenchError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut out = Vec::new();
    for (number, line) in raw.lines().enumerate() {
        if out.len() >= limit {
            break;
        }
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value = serde_json::from_str(line).map_err(|e| BenchError::Io {
            path: path.to_path_buf(),
            source: std::io::Error::other(format!("line {}: {e}", number + 1)),
        })?;
        if let Some(text) = value
            .get(field)
            .and_then(|v| v.as_str())
            .filter(|t| !t.trim().is_empty())
        {
            out.push(text.to_string());
        }
    }
    Ok(out)
}

/// The kind of file a text corpus is in, told by its first non-blank byte: `{` opens JSON
/// Lines, anything else is taken as CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextsFormat {
    /// Comma, semicolon or tab separated values with a header.
    Csv,
    /// One JSON object per line.
    JsonLines,
}

impl TextsFormat {
    /// The field holding the texts when none is named: RAND's `Description`, MUC-4's
    /// `doctext`.
    pub fn default_field(self) -> &'static str {
        match self {
            TextsFormat::Csv => "Description",
            TextsFormat::JsonLines => "doctext",
        }
    }
}

/// Tells whether `path` holds CSV or JSON Lines.
pub fn sniff_texts(path: &Path) -> Result<TextsFormat, BenchError> {
    use std::io::Read;
    let mut head = [0u8; 512];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .map_err(|source| BenchError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    let first = head[..n].iter().find(|b| !b.is_ascii_whitespace());
    Ok(if first == Some(&b'{') {
        TextsFormat::JsonLines
    } else {
        TextsFormat::Csv
    })
}

/// Reads at most `limit` texts from a CSV or JSON Lines file, from `field` (or the format's
/// default field when `None`).
pub fn read_texts(
    path: &Path,
    field: Option<&str>,
    limit: usize,
) -> Result<Vec<String>, BenchError> {
    let format = sniff_texts(path)?;
    let field = field.unwrap_or(format.default_field());
    match format {
        TextsFormat::Csv => csv_column(path, field, limit),
        TextsFormat::JsonLines => jsonl_field(path, field, limit),
    }
}

/// Runs `forewarn_extract::extract` over each text on this thread and times it.
pub fn run_extract(texts: &[String]) -> ExtractReport {
    let loading = Instant::now();
    // The first call loads the lexicon and the gazetteer; time it apart.
    let warm = forewarn_model::Document {
        id: forewarn_model::DocumentId::for_text("warm up"),
        meta: Default::default(),
        media_type: forewarn_model::MediaType::Text,
        language: None,
        retrieved: jiff::Timestamp::UNIX_EPOCH,
        source_bytes: 0,
        simhash: 0,
        text: "Gunmen attacked a checkpoint in Kabul on Monday.".into(),
    };
    forewarn_extract::extract(&warm);
    let load_ms = loading.elapsed().as_secs_f64() * 1e3;
    let docs: Vec<forewarn_model::Document> = texts
        .iter()
        .map(|t| forewarn_model::Document {
            id: forewarn_model::DocumentId::for_text(t),
            text: t.clone(),
            ..warm.clone()
        })
        .collect();
    let bytes: u64 = texts.iter().map(|t| t.len() as u64).sum();
    let started = Instant::now();
    let cpu_started = thread_cpu_seconds();
    let events: usize = docs
        .iter()
        .map(|d| forewarn_extract::extract(d).events.len())
        .sum();
    let seconds = started.elapsed().as_secs_f64();
    let cpu_seconds = thread_cpu_seconds()
        .zip(cpu_started)
        .map(|(end, start)| end - start);
    ExtractReport {
        texts: texts.len(),
        bytes,
        seconds,
        mb_per_second: bytes as f64 / 1e6 / seconds,
        texts_per_second: texts.len() as f64 / seconds,
        cpu_seconds,
        mb_per_cpu_second: cpu_seconds.map(|c| bytes as f64 / 1e6 / c),
        events,
        load_ms,
    }
}

/// CPU time of the calling thread in seconds, from Linux's `/proc/thread-self/schedstat`
/// (its first field is nanoseconds on a CPU); `None` elsewhere.
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(nanos as f64 / 1e9)
}

/// Generates the corpus, ingests it with the default pipeline, then times searches.
pub fn run_ingest(bench: &IngestBench) -> Result<IngestReport, BenchError> {
    let temp;
    let root = match &bench.dir {
        Some(d) => d.clone(),
        None => {
            temp = tempfile::tempdir().map_err(|source| BenchError::Io {
                path: std::env::temp_dir(),
                source,
            })?;
            temp.path().to_path_buf()
        }
    };
    let corpus = root.join("corpus");
    let data = root.join("data");
    let bytes = generate_corpus(&corpus, bench.docs, bench.doc_bytes)?;

    let mut store = SqliteStore::open(&data)?;
    let started = Instant::now();
    let summary = forewarn_ingest::ingest(
        &mut store,
        &[corpus.display().to_string()],
        &IngestOptions {
            extract: bench.extract,
            ..IngestOptions::default()
        },
        &mut SilentObserver,
    )
    .map_err(BenchError::Ingest)?;
    let elapsed = started.elapsed().as_secs_f64();

    let search = time_searches(&store, bench.queries)?;
    Ok(IngestReport {
        docs: bench.docs,
        bytes,
        stored: summary.stored,
        extract: bench.extract,
        ingest_seconds: elapsed,
        docs_per_second: bench.docs as f64 / elapsed,
        mb_per_second: bytes as f64 / 1e6 / elapsed,
        peak_rss_mib: peak_rss_mib(),
        store_mib: dir_size(&data) as f64 / (1024.0 * 1024.0),
        search,
    })
}

/// A small deterministic generator (xorshift64*), so corpora are identical run to run.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub(crate) fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const PLACES: &[&str] = &[
    "Kabul",
    "Jalalabad",
    "Kunduz",
    "Kandahar",
    "Peshawar",
    "Quetta",
    "Mazar-i-Sharif",
    "Kerman",
    "Moscow",
    "Herat",
    "Bajaur",
    "Mastung",
    "Nangarhar",
    "Kunar",
    "Badakhshan",
    "Faizabad",
];
const GROUPS: &[&str] = &[
    "Islamic State Khorasan Province",
    "ISKP",
    "IS-K",
    "the Taliban",
    "Tehrik-i-Taliban Pakistan",
    "al-Qaeda",
    "the Haqqani network",
    "Lashkar-e-Taiba",
    "Jaish-e-Mohammed",
];
const ACTS: &[&str] = &[
    "a suicide bomber detonated explosives near",
    "gunmen opened fire on worshippers at",
    "a roadside bomb struck a police vehicle outside",
    "militants stormed a checkpoint near",
    "a magnetic bomb exploded under a minibus in",
    "an attacker threw a grenade into a market in",
];
const TARGETS: &[&str] = &[
    "a Shia mosque",
    "a girls' school",
    "a police station",
    "a wedding hall",
    "the provincial governor's office",
    "a bank branch",
    "a Sufi shrine",
    "a bus station",
];
const SUBJECTS: &[&str] = &[
    "The district governor",
    "A hospital director",
    "An interior ministry spokesman",
    "Local elders",
    "A police commander",
    "Witnesses",
    "A United Nations official",
    "The provincial health chief",
    "A shopkeeper",
    "Security analysts",
    "A Taliban official",
    "Relatives of the victims",
    "A human rights group",
    "The army",
    "An intelligence source",
    "Residents",
];
const VERBS: &[&str] = &[
    "said",
    "reported",
    "told reporters",
    "confirmed",
    "denied",
    "warned",
    "estimated",
    "complained",
    "insisted",
    "suggested",
    "recalled",
    "acknowledged",
];
const CLAUSES: &[&str] = &[
    "that the toll could rise",
    "that checkpoints had been removed",
    "that the attackers came from the east",
    "that ambulances arrived late",
    "that a second device failed to explode",
    "that the market was crowded",
    "that several children were among the wounded",
    "that the mosque had been threatened before",
    "that the group had published a statement",
    "that guards fired at the attacker",
    "that the road was closed for hours",
    "that families were still searching for relatives",
    "that security had been tightened after earlier attacks",
    "that the blast shattered windows nearby",
];
const SYLLABLES: &[&str] = &[
    "ab", "dul", "ra", "him", "sa", "mir", "ka", "zai", "nur", "gul", "ha", "san", "ya", "qub",
    "fa", "rid", "ja", "lal", "ta", "rik", "mo", "hib", "za", "man",
];

fn name(rng: &mut Rng) -> String {
    let mut n = String::new();
    for _ in 0..2 + rng.next() % 2 {
        n.push_str(rng.pick(SYLLABLES));
    }
    let mut c = n.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// A news-like report whose sentences are drawn from many combinations, so that documents
/// differ as real reports do (a corpus of near-identical texts would measure the
/// near-duplicate detector, not ingest).
pub(crate) fn generate_document(rng: &mut Rng, n: usize, target_bytes: usize) -> String {
    let place = rng.pick(PLACES);
    let group = rng.pick(GROUPS);
    let mut text = format!(
        "Report {n}: attack in {place}\n\nOn day {} of month {}, {} in {place}, killing {} people and wounding {} others, officials said. {group} claimed responsibility. The target was {}.",
        1 + rng.next() % 28,
        1 + rng.next() % 12,
        rng.pick(ACTS),
        rng.next() % 60,
        rng.next() % 120,
        rng.pick(TARGETS),
    );
    while text.len() < target_bytes {
        text.push_str(if rng.next().is_multiple_of(6) {
            "\n\n"
        } else {
            " "
        });
        // Pseudo-words stand in for the open vocabulary of real reporting (names of people,
        // villages, units, objects), so that texts differ as much as real ones do.
        let sentence = format!(
            "{} {} {}, {} {} {} of {} {}, in the {} district near {}.",
            rng.pick(SUBJECTS),
            rng.pick(VERBS),
            rng.pick(CLAUSES),
            match rng.next() % 3 {
                0 => "according to",
                1 => "said",
                _ => "added",
            },
            name(rng),
            name(rng),
            rng.pick(PLACES),
            rng.next() % 1000,
            name(rng),
            name(rng),
        );
        text.push_str(&sentence);
    }
    text
}

/// Writes `docs` distinct text files of about `doc_bytes` each; returns the bytes written.
pub fn generate_corpus(dir: &Path, docs: usize, doc_bytes: usize) -> Result<u64, BenchError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| BenchError::Io { path, source }
    };
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut total = 0;
    for n in 0..docs {
        // Two levels of folders keep directories small, as an archive would be.
        let sub = dir.join(format!("{:03}", n / 1000));
        std::fs::create_dir_all(&sub).map_err(io(&sub))?;
        let path = sub.join(format!("report-{n:06}.txt"));
        let text = generate_document(&mut rng, n, doc_bytes);
        total += text.len() as u64;
        std::fs::write(&path, text).map_err(io(&path))?;
    }
    Ok(total)
}

fn time_searches(store: &SqliteStore, queries: usize) -> Result<LatencyReport, BenchError> {
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    let mut times = Vec::with_capacity(queries);
    for _ in 0..queries {
        let q = match rng.next() % 5 {
            0 => rng.pick(PLACES).to_string(),
            1 => format!("\"suicide bomber\" {}", rng.pick(PLACES)),
            2 => format!("{} OR {} -mosque", rng.pick(PLACES), rng.pick(PLACES)),
            3 => format!("claimed {} after:2020-01-01", rng.pick(PLACES)),
            _ => format!("title:{}", rng.pick(PLACES)),
        };
        let query = SearchQuery::parse(&q).map_err(forewarn_store::StoreError::from)?;
        let started = Instant::now();
        store.search(
            &query,
            Page {
                offset: 0,
                limit: 10,
            },
        )?;
        times.push(started.elapsed());
    }
    Ok(latency(&mut times))
}

pub(crate) fn latency(times: &mut [Duration]) -> LatencyReport {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let at = |q: f64| {
        if times.is_empty() {
            0.0
        } else {
            ms(times[((times.len() - 1) as f64 * q).round() as usize])
        }
    };
    LatencyReport {
        queries: times.len(),
        median_ms: at(0.5),
        p90_ms: at(0.9),
        p99_ms: at(0.99),
        max_ms: times.last().copied().map_or(0.0, ms),
    }
}

/// Peak resident set size of this process, from `/proc/self/status` (Linux only).
pub fn peak_rss_mib() -> Option<f64> {
    peak_rss_mib_of("self")
}

/// Peak resident set size of process `pid` (or `self`), from `/proc/PID/status`.
pub(crate) fn peak_rss_mib_of(pid: &str) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| e.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_corpora_are_reproducible_and_sized() {
        let mut a = Rng(1);
        let mut b = Rng(1);
        let x = generate_document(&mut a, 7, 4096);
        assert_eq!(x, generate_document(&mut b, 7, 4096));
        assert!(x.len() >= 4096 && x.len() < 4096 + 200, "{}", x.len());
        assert_ne!(x, generate_document(&mut a, 8, 4096));
    }

    #[test]
    fn percentiles_come_from_the_sorted_times() {
        let mut t: Vec<Duration> = (1..=100).rev().map(Duration::from_millis).collect();
        let r = latency(&mut t);
        assert_eq!(r.median_ms.round(), 51.0);
        assert_eq!(r.p99_ms.round(), 99.0);
        assert_eq!(r.max_ms.round(), 100.0);
    }

    #[test]
    fn texts_are_read_from_csv_and_json_lines_by_content() {
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("incidents.txt");
        std::fs::write(
            &csv,
            "sep=;\nid;Description\n1;Gunmen attacked a bus in Quetta.\n2; \n3;A bomb exploded in Kano.\n",
        )
        .unwrap();
        let jsonl = dir.path().join("reports.csv");
        std::fs::write(
            &jsonl,
            "{\"docid\": \"a\", \"doctext\": \"rebels burned a bus\"}\n\n{\"docid\": \"b\", \"doctext\": \"\"}\n{\"docid\": \"c\", \"doctext\": \"troops clashed\"}\n",
        )
        .unwrap();
        // The file names lie about the formats: the content decides.
        assert_eq!(sniff_texts(&csv).unwrap(), TextsFormat::Csv);
        assert_eq!(sniff_texts(&jsonl).unwrap(), TextsFormat::JsonLines);
        assert_eq!(
            read_texts(&csv, None, 10).unwrap(),
            [
                "Gunmen attacked a bus in Quetta.",
                "A bomb exploded in Kano."
            ]
        );
        assert_eq!(
            read_texts(&jsonl, None, 10).unwrap(),
            ["rebels burned a bus", "troops clashed"]
        );
        assert_eq!(read_texts(&jsonl, Some("docid"), 2).unwrap(), ["a", "b"]);
        std::fs::write(&jsonl, "{\"doctext\": \"fine\"}\nnot json\n").unwrap();
        let err = read_texts(&jsonl, None, 10).unwrap_err().to_string();
        assert!(err.contains("line 2"), "{err}");
    }
}

//! Throughput of whole-document extraction (`forewarn_extract::extract`) in bytes per
//! second, on one core: the same work `forewarn bench extract` times, under divan.
//!
//! Corpora: the RAND descriptions (`/work/shared/bench/rand/rand-dev.csv`, or the file named
//! by `FOREWARN_RAND_CSV`) and the MUC-4 texts (`/work/shared/bench/muc4/processed/dev.json`,
//! or `FOREWARN_MUC4_JSONL`) when present, each skipped with a message when absent; and
//! always the bundled sample reports (`examples/reports`, the plain-text and Markdown ones).
//! Run with `cargo bench -p forewarn-bench`.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use divan::Bencher;
use divan::counter::BytesCount;
use forewarn_model::{Document, DocumentId, MediaType};

fn main() {
    divan::main();
}

/// Texts from `env` or `default`, or none (with a message) when the file is absent.
fn corpus(env: &str, default: &str) -> Vec<Document> {
    let path = std::env::var_os(env).map_or_else(|| PathBuf::from(default), PathBuf::from);
    match forewarn_bench::read_texts(&path, None, usize::MAX) {
        Ok(texts) => texts.into_iter().map(document).collect(),
        Err(e) => {
            eprintln!(
                "skipping {}: {e} (set {env} to another copy)",
                path.display()
            );
            Vec::new()
        }
    }
}

fn document(text: String) -> Document {
    Document {
        id: DocumentId::for_text(&text),
        meta: Default::default(),
        media_type: MediaType::Text,
        language: None,
        retrieved: jiff::Timestamp::UNIX_EPOCH,
        source_bytes: text.len() as u64,
        simhash: 0,
        text,
    }
}

static RAND: LazyLock<Vec<Document>> =
    LazyLock::new(|| corpus("FOREWARN_RAND_CSV", "/work/shared/bench/rand/rand-dev.csv"));

static MUC4: LazyLock<Vec<Document>> = LazyLock::new(|| {
    corpus(
        "FOREWARN_MUC4_JSONL",
        "/work/shared/bench/muc4/processed/dev.json",
    )
});

/// The bundled sample reports that are plain text or Markdown.
static REPORTS: LazyLock<Vec<Document>> = LazyLock::new(|| {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/reports");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt" || x == "md"))
        .collect();
    paths.sort();
    paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .map(document)
        .collect()
});

fn run(bencher: Bencher, docs: &[Document]) {
    // The dictionaries and the gazetteer load on first use: not part of the measure.
    forewarn_extract::extract(&document("Gunmen attacked a checkpoint in Kabul.".into()));
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        docs.iter()
            .map(|d| forewarn_extract::extract(divan::black_box(d)).events.len())
            .sum::<usize>()
    });
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn rand_descriptions(bencher: Bencher) {
    run(bencher, &RAND);
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn muc4_texts(bencher: Bencher) {
    run(bencher, &MUC4);
}

#[divan::bench(sample_count = 20, sample_size = 1)]
fn sample_reports(bencher: Bencher) {
    run(bencher, &REPORTS);
}

//! Throughput of `analyse()` in bytes per second, on one core.
//!
//! Corpora: the crate's own fixtures repeated to about 1 MB (always), and the Description
//! column of the RAND development set when `/work/shared/bench/rand/rand-dev.csv` (or the
//! file named by `FOREWARN_RAND_CSV`) exists. Run with `cargo bench -p forewarn-extract`.

use std::path::PathBuf;
use std::sync::LazyLock;

use divan::Bencher;
use divan::counter::BytesCount;
use jiff::civil::date;

fn main() {
    divan::main();
}

/// The fixtures (without their `@reference` header lines), repeated to about 1 MB.
static FIXTURES: LazyLock<Vec<String>> = LazyLock::new(|| {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut docs = Vec::new();
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for e in entries.flatten() {
            let path = e.path();
            if path.extension().is_some_and(|x| x == "txt")
                && let Ok(text) = std::fs::read_to_string(&path)
            {
                let body: String = text
                    .lines()
                    .filter(|l| !l.starts_with('@'))
                    .collect::<Vec<_>>()
                    .join("\n");
                docs.push(body);
            }
        }
    }
    let total: usize = docs.iter().map(String::len).sum::<usize>().max(1);
    let copies = (1_000_000 / total).max(1);
    let mut out = Vec::new();
    for _ in 0..copies {
        out.extend(docs.iter().cloned());
    }
    out
});

/// RAND incident descriptions, when the development set is present.
static RAND: LazyLock<Vec<String>> = LazyLock::new(|| {
    let path = std::env::var_os("FOREWARN_RAND_CSV")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/work/shared/bench/rand/rand-dev.csv"));
    let Ok(mut reader) = csv::Reader::from_path(&path) else {
        return Vec::new();
    };
    let Ok(headers) = reader.headers().cloned() else {
        return Vec::new();
    };
    let Some(col) = headers.iter().position(|h| h == "Description") else {
        return Vec::new();
    };
    reader
        .records()
        .flatten()
        .filter_map(|r| r.get(col).map(str::to_string))
        .collect()
});

fn run(bencher: Bencher, docs: &[String]) {
    let bytes: usize = docs.iter().map(String::len).sum();
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        let mut n = 0;
        for d in docs {
            let a = forewarn_extract::analyse(divan::black_box(d), Some(date(2024, 3, 23)));
            n += a.counts.len() + a.temporal.len();
        }
        n
    });
}

#[divan::bench(sample_count = 10)]
fn fixtures(bencher: Bencher) {
    run(bencher, &FIXTURES);
}

#[divan::bench(sample_count = 10)]
fn rand_descriptions(bencher: Bencher) {
    if RAND.is_empty() {
        eprintln!("rand-dev.csv not found: skipping");
    }
    run(bencher, &RAND);
}

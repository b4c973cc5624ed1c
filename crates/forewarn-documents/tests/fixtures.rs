//! Data-driven tests: every input in `tests/data` is read, and what came out is compared
//! with `NAME.expected.json` beside it. An optional `NAME.http.json` gives the input's
//! `content_type` and `url`, as a fetch would.
//!
//! To regenerate the expected files after a deliberate change, run
//! `UPDATE_EXPECT=1 cargo test -p forewarn-documents --test fixtures` and review the diff.

use std::path::{Path, PathBuf};

use forewarn_documents::{Limits, RawInput, ReadError, Readout, finish, read, sniff};
use serde_json::{Value, json};

const EXPECTED_SUFFIX: &str = ".expected.json";
const HTTP_SUFFIX: &str = ".http.json";

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("data")
}

fn inputs() -> Vec<PathBuf> {
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(data_dir())
        .expect("tests/data is readable")
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            path.is_file() && !name.ends_with(EXPECTED_SUFFIX) && !name.ends_with(HTTP_SUFFIX)
        })
        .collect();
    inputs.sort();
    inputs
}

fn raw_input(path: &Path) -> RawInput {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let mut input = RawInput {
        bytes: std::fs::read(path).unwrap(),
        name: name.clone(),
        ..RawInput::default()
    };
    let http = path.with_file_name(format!("{name}{HTTP_SUFFIX}"));
    if let Ok(text) = std::fs::read_to_string(&http) {
        let value: Value = serde_json::from_str(&text).expect("valid .http.json");
        input.content_type = value["content_type"].as_str().map(str::to_string);
        input.url = value["url"].as_str().map(str::to_string);
    }
    input
}

fn error(e: &ReadError) -> Value {
    json!({ "error": e.to_string() })
}

/// What the readers made of one input, as JSON.
fn outcome(input: &RawInput) -> Value {
    let format = match sniff(input) {
        Ok(format) => json!(format!("{format:?}")),
        Err(e) => return json!({ "sniff": error(&e) }),
    };
    let readout = match read(input, &Limits::default()) {
        Ok(readout) => readout,
        Err(e) => return json!({ "format": format, "read": error(&e) }),
    };
    let result = match readout {
        Readout::Feed(feed) => json!({
            "feed": {
                "title": feed.title,
                "items": feed.items.iter().map(|item| json!({
                    "link": item.link,
                    "title": item.title,
                    "published": item.published.map(|d| d.to_string()),
                    "author": item.author,
                    "summary": item.summary,
                })).collect::<Vec<_>>(),
            }
        }),
        Readout::Documents(documents) => {
            let documents: Vec<Value> = documents
                .into_iter()
                .map(|document| match document {
                    Err(e) => error(&e),
                    Ok(document) => {
                        let d = finish(
                            document,
                            input.bytes.len() as u64,
                            jiff::Timestamp::UNIX_EPOCH,
                        );
                        json!({
                            "name": d.meta.name,
                            "url": d.meta.url,
                            "title": d.meta.title,
                            "publisher": d.meta.publisher,
                            "author": d.meta.author,
                            "published": d.meta.published.map(|p| p.to_string()),
                            "tlp": d.meta.tlp.map(|t| t.as_str()),
                            "reliability": d.meta.reliability.map(|r| r.as_str()),
                            "media_type": d.media_type.as_str(),
                            "language": d.language.map(|l| l.code),
                            "text": d.text,
                        })
                    }
                })
                .collect();
            json!({ "documents": documents })
        }
    };
    json!({ "format": format, "read": result })
}

#[test]
fn every_fixture_reads_as_expected() {
    let update = std::env::var_os("UPDATE_EXPECT").is_some_and(|v| v != "0");
    let mut failures = Vec::new();
    let inputs = inputs();
    assert!(
        inputs.len() >= 12,
        "fixtures missing from {}",
        data_dir().display()
    );
    for path in inputs {
        let input = raw_input(&path);
        let got = serde_json::to_string_pretty(&outcome(&input)).unwrap() + "\n";
        let expected_path = path.with_file_name(format!("{}{EXPECTED_SUFFIX}", input.name));
        if update {
            std::fs::write(&expected_path, &got).unwrap();
            continue;
        }
        match std::fs::read_to_string(&expected_path) {
            Ok(expected) if expected == got => {}
            Ok(expected) => failures.push(format!(
                "{}: output differs from {}\n--- expected\n{expected}\n--- got\n{got}",
                input.name,
                expected_path.display()
            )),
            Err(_) => failures.push(format!(
                "{}: no {} (run with UPDATE_EXPECT=1 to create it)\n--- got\n{got}",
                input.name,
                expected_path.display()
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixture(s) failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

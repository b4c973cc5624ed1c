//! Writes everything `forewarn_extract::extract` returns for each text of a corpus, in Rust's
//! debug notation, one document after another: a fingerprint to diff before and after a
//! change that must not alter extraction (a speed-up). Each text is read twice, without a
//! published date (the date is inferred from the text) and published on 2020-06-15.
//!
//! usage: extract_dump TEXTS [FIELD] [LIMIT] > dump.txt
//!
//! TEXTS is a CSV file or JSON Lines, as `forewarn bench extract --texts` reads.

use std::io::Write;
use std::path::PathBuf;

use forewarn_model::{Document, DocumentId, DocumentMeta, MediaType};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next().map(PathBuf::from) else {
        eprintln!("usage: extract_dump TEXTS [FIELD] [LIMIT]");
        std::process::exit(2);
    };
    let field = args.next().filter(|f| f != "-");
    let limit = args
        .next()
        .and_then(|l| l.parse().ok())
        .unwrap_or(usize::MAX);
    let texts = match forewarn_bench::read_texts(&path, field.as_deref(), limit) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("extract_dump: {e}");
            std::process::exit(1);
        }
    };
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    for (i, text) in texts.iter().enumerate() {
        for published in [None, Some(jiff::civil::date(2020, 6, 15))] {
            let doc = Document {
                id: DocumentId::for_text(text),
                meta: DocumentMeta {
                    published,
                    ..Default::default()
                },
                media_type: MediaType::Text,
                language: None,
                retrieved: jiff::Timestamp::UNIX_EPOCH,
                source_bytes: text.len() as u64,
                simhash: 0,
                text: text.clone(),
            };
            let x = forewarn_extract::extract(&doc);
            let a = forewarn_extract::analyse(text, published);
            if writeln!(
                out,
                "## {i} {published:?}\n{x:#?}\n{:#?}\n{:#?}\n{:#?}",
                a.temporal, a.counts, a.text.sentences
            )
            .is_err()
            {
                std::process::exit(1);
            }
        }
    }
}

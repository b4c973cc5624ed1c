//! Throughput of `find` + `resolve` on generated news-like text, and the first-use load.
//!
//! Run: `cargo bench -p forewarn-gazetteer`. Throughput is reported in bytes per second.

use std::time::Instant;

use divan::counter::BytesCount;
use forewarn_gazetteer::Gazetteer;

/// Sentences in the style of incident reports, repeated into a ~1 MB text; deterministic.
fn corpus(mixed_case: bool) -> String {
    const SENTENCES: &[&str] = &[
        "Gunmen attacked a checkpoint in Kunduz province on Tuesday, killing four soldiers.",
        "The Afghan interior ministry said the attackers fled towards the Pakistani border.",
        "A car bomb exploded near a market in Mogadishu, Somalia, wounding at least twelve people.",
        "Officials in Baghdad blamed the Islamic State group for the blast in Ramadi.",
        "Troops clashed with guerrillas in Usulutan department, a military spokesman said.",
        "The group recruits fighters across Central Asia and the Sahel, analysts say.",
        "Police arrested three suspects in Kerman, Iran, after the memorial bombing.",
        "Residents of Maiduguri in Borno state reported gunfire late into the night.",
    ];
    let mut out = String::with_capacity(1 << 20);
    let mut i = 0usize;
    while out.len() < (1 << 20) {
        let s = SENTENCES[i % SENTENCES.len()];
        if mixed_case {
            out.push_str(s);
        } else {
            out.push_str(&s.to_uppercase());
        }
        out.push(if i % 5 == 4 { '\n' } else { ' ' });
        i += 1;
    }
    out
}

fn main() {
    let t = Instant::now();
    let g = Gazetteer::global();
    eprintln!(
        "gazetteer first use: {:.0} ms; {} entries, {} names, ~{:.0} MB heap",
        t.elapsed().as_secs_f64() * 1e3,
        g.entries().len(),
        g.name_count(),
        g.heap_bytes() as f64 / 1e6
    );
    divan::main();
}

#[divan::bench(args = [true, false])]
fn find_and_resolve(bencher: divan::Bencher, mixed_case: bool) {
    let text = corpus(mixed_case);
    let g = Gazetteer::global();
    bencher.counter(BytesCount::new(text.len())).bench(|| {
        let mentions = g.find(divan::black_box(&text));
        g.resolve(&text, &mentions, None).len()
    });
}

#[divan::bench(args = [true, false])]
fn find_only(bencher: divan::Bencher, mixed_case: bool) {
    let text = corpus(mixed_case);
    let g = Gazetteer::global();
    bencher
        .counter(BytesCount::new(text.len()))
        .bench(|| g.find(divan::black_box(&text)).len());
}

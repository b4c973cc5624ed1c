//! Times the first use of the embedded gazetteer (decoding and indexing) and one lookup.
//!
//! Run: `cargo run --release -p forewarn-gazetteer --example first_use`.

use std::time::Instant;

use forewarn_gazetteer::Gazetteer;

fn main() {
    let t = Instant::now();
    let g = Gazetteer::global();
    let load = t.elapsed();
    let t = Instant::now();
    let text = "Gunmen attacked a checkpoint in Kunduz province, Afghanistan, on Tuesday.";
    let mentions = g.find(text);
    let resolved = g.resolve(text, &mentions, None);
    let first = t.elapsed();
    println!(
        "first use: {:.1} ms; first find+resolve: {:.2} ms ({} places); {} entries, {} names, ~{:.0} MB heap",
        load.as_secs_f64() * 1e3,
        first.as_secs_f64() * 1e3,
        resolved.len(),
        g.entries().len(),
        g.name_count(),
        g.heap_bytes() as f64 / 1e6
    );
}

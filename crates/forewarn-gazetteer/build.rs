//! Compiles `data/gazetteer/` into the index the library embeds: the parsed entries and name
//! tables and the serialized name matcher. Doing this at build time, with the library's own
//! parsing code, makes first use of the gazetteer take milliseconds instead of seconds.

// These modules are the library's own; the build script uses only part of each.
#[allow(dead_code)]
#[path = "src/data.rs"]
mod data;
#[allow(dead_code)]
#[path = "src/fold.rs"]
mod fold;
#[allow(dead_code)]
#[path = "src/index.rs"]
mod index;
#[allow(dead_code)]
#[path = "src/types.rs"]
mod types;

use std::path::{Path, PathBuf};

use types::{Entry, GazetteerError, PlaceKind, sphere_mean};

fn main() {
    if let Err(e) = run() {
        eprintln!("forewarn-gazetteer build script: {e}");
        std::process::exit(1);
    }
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    println!("cargo::rerun-if-changed={}", path.display());
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn text(path: &Path) -> Result<String, String> {
    String::from_utf8(read(path)?).map_err(|e| format!("{} is not UTF-8: {e}", path.display()))
}

fn run() -> Result<(), String> {
    for src in [
        "build.rs",
        "src/data.rs",
        "src/fold.rs",
        "src/index.rs",
        "src/types.rs",
    ] {
        println!("cargo::rerun-if-changed={src}");
    }
    let manifest =
        PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").ok_or("no CARGO_MANIFEST_DIR")?);
    let dir = manifest.join("../../data/gazetteer");
    let places = read(&dir.join("places.tsv.gz"))?;
    let extra = text(&dir.join("extra.tsv"))?;
    let stoplist = text(&dir.join("stoplist.txt"))?;

    let loaded =
        data::load(&places, &extra, &stoplist).map_err(|e: GazetteerError| e.to_string())?;
    let tables = index::Tables::new(loaded);
    let matcher = tables.matcher().map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    tables.encode(&mut out);
    out.extend_from_slice(&matcher.serialize());

    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("no OUT_DIR")?);
    let path = out_dir.join("gazetteer.idx");
    std::fs::write(&path, out).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

//! Rough field agreement of [`extract`] with RAND analysts' coding of incident
//! descriptions (`bench/rand/rand-dev.csv`): is an attack found, and do its city, weapon,
//! fatalities and injuries agree? Each description is one document published on the
//! incident's date.
//!
//! usage: rand_eval RAND_CSV [EVERY_NTH] [show]
//!
//! With `show`, descriptions where no attack was found and fatality figures that disagree
//! are printed.

use std::time::Instant;

use forewarn_extract::{best_place, extract};
use forewarn_model::{Document, DocumentId, DocumentMeta, EventKind, MediaType, WeaponType};

#[derive(Default)]
struct Tally {
    ok: usize,
    n: usize,
}

impl Tally {
    fn add(&mut self, ok: bool) {
        self.n += 1;
        self.ok += usize::from(ok);
    }
    fn show(&self, name: &str) {
        let pct = 100.0 * self.ok as f64 / self.n.max(1) as f64;
        println!("{name}: {}/{} = {pct:.1}%", self.ok, self.n);
    }
}

fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: rand_eval RAND_CSV [EVERY_NTH]");
        std::process::exit(2);
    };
    let every: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(10);
    let show = args.next().as_deref() == Some("show");
    let mut reader = match csv::Reader::from_path(&path) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("rand_eval: cannot read {path}: {e}");
            std::process::exit(1);
        }
    };
    forewarn_gazetteer::Gazetteer::global();
    forewarn_lexicon::Lexicon::global();
    let (mut found, mut city, mut weapon, mut killed, mut injured) = (
        Tally::default(),
        Tally::default(),
        Tally::default(),
        Tally::default(),
        Tally::default(),
    );
    let mut extra = 0usize;
    let mut bytes = 0usize;
    let mut secs = 0.0;
    for (i, row) in reader.records().enumerate() {
        let Ok(row) = row else { continue };
        if i % every != 0 {
            continue;
        }
        let field = |k: usize| row.get(k).unwrap_or("").to_string();
        let text = field(8);
        let doc = Document {
            id: DocumentId(field(0)),
            meta: DocumentMeta {
                name: field(0),
                published: field(1).parse().ok(),
                ..DocumentMeta::default()
            },
            media_type: MediaType::Text,
            language: None,
            retrieved: jiff::Timestamp::UNIX_EPOCH,
            source_bytes: text.len() as u64,
            simhash: 0,
            text,
        };
        bytes += doc.text.len();
        let start = Instant::now();
        let x = extract(&doc);
        secs += start.elapsed().as_secs_f64();
        let attacks: Vec<_> = x
            .events
            .iter()
            .filter(|e| e.kind.value == EventKind::Attack)
            .collect();
        found.add(!attacks.is_empty());
        extra += attacks.len().saturating_sub(1);
        if show && attacks.len() > 1 {
            println!("EXTRA {} x{}: {}", field(0), attacks.len(), doc.text);
        }
        let Some(e) = attacks.first() else {
            if show {
                println!("MISSED {}: {}", field(0), doc.text);
            }
            continue;
        };
        let want_city = fold(&field(2));
        if !want_city.is_empty() && want_city != "unknown" {
            let got = best_place(e)
                .and_then(|p| p.value.name.clone())
                .map(|n| fold(&n))
                .unwrap_or_default();
            let ok = !got.is_empty() && (got.contains(&want_city) || want_city.contains(&got));
            if show && !ok {
                println!(
                    "CITY {} want {want_city} got {got:?}: {}",
                    field(0),
                    doc.text
                );
            }
            city.add(ok);
        }
        let want_weapon = match field(5).as_str() {
            w if w.contains("xplosive") => Some(WeaponType::Explosives),
            "Fire or Firebomb" => Some(WeaponType::Incendiary),
            "Firearms" => Some(WeaponType::Firearms),
            "Knives" => Some(WeaponType::Melee),
            _ => None,
        };
        if let Some(w) = want_weapon {
            weapon.add(e.weapons.iter().any(|x| x.value.kind == w));
        }
        for (k, tally, c) in [(7, &mut killed, &e.killed), (6, &mut injured, &e.injured)] {
            let want: u32 = field(k).parse().unwrap_or(0);
            if want > 0 {
                let ok = c.reports.iter().any(|r| r.value.value == want);
                if show && !ok && k == 7 {
                    println!("FATALITIES {} want {want}: {}", field(0), doc.text);
                }
                tally.add(ok);
            }
        }
    }
    found.show("attack found");
    println!("extra attack events: {extra}");
    city.show("city");
    weapon.show("weapon");
    killed.show("fatalities");
    injured.show("injuries");
    println!(
        "extract: {:.2} MB in {secs:.2} s = {:.2} MB/s",
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / secs
    );
}

//! Accuracy of `find` + `resolve` against incident databases' own location coding.
//!
//! Reads the GTD rows of `gtd-acled-drone/drone.csv` (summary vs `country_txt`, `provstate`,
//! `city`) and RAND rows after 1998 (`Description` vs `Country`, `City`) from the bench
//! directory (default `/work/shared/bench`, or the first argument) and prints how often the
//! gold place is among the resolved places, and whether the top place (the most specific,
//! then first mentioned) matches it. `-v` lists the misses.
//!
//! Run: `cargo run --release -p forewarn-gazetteer --example accuracy [-- DIR] [-v]`.

use std::path::{Path, PathBuf};

use forewarn_gazetteer::{Entry, Gazetteer, PlaceKind, ResolvedPlace};

/// One coded incident.
struct Row {
    id: String,
    text: String,
    country: String,
    province: Option<String>,
    city: Option<String>,
}

/// Counts of one measure: rows with a known gold value, and hits among them.
#[derive(Default)]
struct Score {
    gold: usize,
    hit: usize,
}

impl Score {
    fn add(&mut self, hit: bool) {
        self.gold += 1;
        self.hit += usize::from(hit);
    }
    fn show(&self) -> String {
        if self.gold == 0 {
            return "n/a".to_owned();
        }
        format!(
            "{:5.1}% ({}/{})",
            100.0 * self.hit as f64 / self.gold as f64,
            self.hit,
            self.gold
        )
    }
}

/// The scores of one data set.
#[derive(Default)]
struct Report {
    rows: usize,
    unknown_country: usize,
    country_named: Score,
    country_any: Score,
    province: Score,
    province_implied: Score,
    city: Score,
    top_country: Score,
    top_city: Score,
    misses: Vec<String>,
}

/// GTD and RAND country names the gazetteer spells differently.
const COUNTRY_NAMES: &[(&str, &str)] = &[
    ("West Bank and Gaza Strip", "PS"),
    ("Democratic Republic of the Congo", "CD"),
    ("People's Republic of the Congo", "CG"),
    ("Republic of the Congo", "CG"),
    ("Ivory Coast", "CI"),
    ("Bosnia-Herzegovina", "BA"),
    ("Kosovo", "XK"),
    ("Macedonia", "MK"),
    ("Slovak Republic", "SK"),
    ("East Timor", "TL"),
    ("West Germany (FRG)", "DE"),
    ("Russia", "RU"),
    ("Serbia-Montenegro", "RS"),
    ("Yugoslavia", "RS"),
    ("West Bank/Gaza", "PS"),
    ("Kashmir", "IN"),
    ("Northern Ireland", "GB"),
    ("Chechnya", "RU"),
    ("FRY (Kosovo)", "XK"),
    ("FRY (Serbia)", "RS"),
    ("FRY (Montenegro)", "ME"),
    ("Burma (Myanmar)", "MM"),
    ("China, People's Republic of", "CN"),
];

fn gold_country(g: &Gazetteer, name: &str) -> Option<String> {
    if let Some((_, cc)) = COUNTRY_NAMES.iter().find(|(n, _)| *n == name) {
        return Some((*cc).to_owned());
    }
    g.lookup(name, None)
        .into_iter()
        .find(|e| e.kind == PlaceKind::Country)
        .and_then(|e| e.country.clone())
}

/// Whether `e` is called `name` (its name or any alternate the gazetteer knows).
fn is_named(g: &Gazetteer, e: &Entry, name: &str) -> bool {
    g.lookup(name, e.country.as_deref())
        .iter()
        .any(|x| x.id == e.id)
}

fn specificity(kind: PlaceKind) -> u8 {
    match kind {
        PlaceKind::City => 3,
        PlaceKind::Admin1 => 2,
        PlaceKind::Country => 1,
        PlaceKind::Region => 0,
    }
}

fn score_row(g: &Gazetteer, row: &Row, report: &mut Report, verbose: bool) {
    report.rows += 1;
    let Some(cc) = gold_country(g, &row.country) else {
        report.unknown_country += 1;
        return;
    };
    let mentions = g.find(&row.text);
    let resolved = g.resolve(&row.text, &mentions, None);
    let places: Vec<(&ResolvedPlace, &Entry)> = resolved
        .iter()
        .filter(|r| !r.demonym)
        .map(|r| (r, g.entry(r.entry)))
        .collect();
    let in_cc = |e: &Entry| e.country.as_deref() == Some(cc.as_str());
    let country_named = places
        .iter()
        .any(|(_, e)| e.kind == PlaceKind::Country && in_cc(e));
    report.country_named.add(country_named);
    report.country_any.add(places.iter().any(|(_, e)| in_cc(e)));
    let top = places
        .iter()
        .max_by(|a, b| {
            specificity(a.1.kind)
                .cmp(&specificity(b.1.kind))
                .then(b.0.span.start.cmp(&a.0.span.start))
        })
        .map(|(_, e)| *e);
    report.top_country.add(top.is_some_and(in_cc));

    let mut missed = Vec::new();
    if let Some(t) = top.filter(|t| !in_cc(t)) {
        missed.push(format!("top {} not in {}", t.name, row.country));
    }
    if !country_named && !places.iter().any(|(_, e)| in_cc(e)) {
        missed.push(format!("country {}", row.country));
    }
    if let Some(p) = &row.province {
        let hit = places
            .iter()
            .any(|(_, e)| e.kind == PlaceKind::Admin1 && in_cc(e) && is_named(g, e, p));
        let implied = hit
            || places.iter().any(|(_, e)| {
                e.kind == PlaceKind::City
                    && in_cc(e)
                    && e.admin1.as_deref().is_some_and(|a| {
                        g.lookup(p, Some(&cc))
                            .iter()
                            .any(|x| x.kind == PlaceKind::Admin1 && x.name == a)
                    })
            });
        // Only provinces the gazetteer knows can be found.
        if g.lookup(p, Some(&cc))
            .iter()
            .any(|e| e.kind == PlaceKind::Admin1)
        {
            report.province.add(hit);
            report.province_implied.add(implied);
            if !hit {
                missed.push(format!("province {p}"));
            }
        }
    }
    // Only towns the gazetteer knows can be found.
    let known_city = row.city.as_deref().filter(|c| {
        g.lookup(c, Some(&cc))
            .iter()
            .any(|e| e.kind == PlaceKind::City)
    });
    if let Some(c) = known_city {
        let is_gold = |e: &Entry| e.kind == PlaceKind::City && in_cc(e) && is_named(g, e, c);
        let hit = places.iter().any(|(_, e)| is_gold(e));
        report.city.add(hit);
        report.top_city.add(top.is_some_and(is_gold));
        if !hit {
            missed.push(format!("city {c}"));
        } else if !top.is_some_and(is_gold) {
            missed.push(format!("top city {c}"));
        }
    }
    if verbose && !missed.is_empty() {
        let got: Vec<String> = places
            .iter()
            .map(|(r, e)| {
                format!(
                    "{:?}={}:{}/{}/{}",
                    r.span.slice(&row.text).unwrap_or("?"),
                    match e.kind {
                        PlaceKind::City => "P",
                        PlaceKind::Admin1 => "A",
                        PlaceKind::Country => "C",
                        PlaceKind::Region => "R",
                    },
                    e.name,
                    e.country.as_deref().unwrap_or("-"),
                    r.rule
                )
            })
            .collect();
        report.misses.push(format!(
            "{} missed [{}]; got [{}]\n    {}",
            row.id,
            missed.join(", "),
            got.join(", "),
            row.text.chars().take(300).collect::<String>()
        ));
    }
}

fn gold(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty() && !s.eq_ignore_ascii_case("unknown")).then(|| s.to_owned())
}

fn read_gtd(path: &Path) -> Result<Vec<Row>, Box<dyn std::error::Error>> {
    let raw = std::fs::read(path)?;
    let text = String::from_utf8_lossy(&raw);
    let body = text.strip_prefix("sep=;").unwrap_or(&text).trim_start();
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(b';')
        .flexible(true)
        .from_reader(body.as_bytes());
    let headers = rdr.headers()?.clone();
    let col = |name: &str| -> Result<usize, String> {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| format!("{}: no column {name}", path.display()))
    };
    let (src, id, summary, country, prov, city) = (
        col("adatforras")?,
        col("eventid")?,
        col("summary")?,
        col("country_txt")?,
        col("provstate")?,
        col("city")?,
    );
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec?;
        let f = |i: usize| rec.get(i).unwrap_or("");
        if f(src) != "GTD" {
            continue;
        }
        out.push(Row {
            id: f(id).to_owned(),
            text: f(summary).to_owned(),
            country: f(country).to_owned(),
            province: gold(f(prov)),
            city: gold(f(city)),
        });
    }
    Ok(out)
}

fn read_rand(path: &Path, limit: usize) -> Result<Vec<Row>, Box<dyn std::error::Error>> {
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_path(path)?;
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec?;
        let f = |i: usize| rec.get(i).unwrap_or("");
        // Earlier descriptions open with the country in capitals.
        let year: u32 = f(1).get(..4).and_then(|y| y.parse().ok()).unwrap_or(0);
        if year <= 1998 {
            continue;
        }
        out.push(Row {
            id: f(0).to_owned(),
            text: f(8).to_owned(),
            country: f(3).to_owned(),
            province: None,
            city: gold(f(2)),
        });
    }
    // An even sample over the years, the same on every run.
    let step = (out.len() / limit.max(1)).max(1);
    Ok(out.into_iter().step_by(step).take(limit).collect())
}

fn print(name: &str, r: &Report) {
    println!(
        "{name}: {} rows ({} with an unknown gold country)",
        r.rows, r.unknown_country
    );
    println!("  country named          {}", r.country_named.show());
    println!("  any place in country   {}", r.country_any.show());
    println!("  province named         {}", r.province.show());
    println!("  province named/implied {}", r.province_implied.show());
    println!("  city found             {}", r.city.show());
    println!("  top place in country   {}", r.top_country.show());
    println!("  top place is the city  {}", r.top_city.show());
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "-v");
    let dir = args
        .iter()
        .find(|a| !a.starts_with('-'))
        .map_or_else(|| PathBuf::from("/work/shared/bench"), PathBuf::from);
    if !dir.is_dir() {
        println!(
            "no bench directory at {}; nothing to measure",
            dir.display()
        );
        return Ok(());
    }
    let g = Gazetteer::global();
    for (name, rows) in [
        (
            "GTD (drone.csv)",
            read_gtd(&dir.join("gtd-acled-drone/drone.csv"))?,
        ),
        (
            "RAND after 1998",
            read_rand(&dir.join("rand/rand-dev.csv"), 2000)?,
        ),
    ] {
        let mut report = Report::default();
        for row in &rows {
            score_row(g, row, &mut report, verbose);
        }
        for m in &report.misses {
            println!("{m}");
        }
        print(name, &report);
    }
    Ok(())
}

//! Data-driven tests: each `tests/data/NAME.txt` is a text; `NAME.expected` lists the places
//! found and resolved in it, one a line. A first line `focus: XX` in the text file is taken
//! off and passed as the focus country. Run with `UPDATE_EXPECTED=1` to rewrite the expected
//! files after a deliberate change, then review the diff.

use std::fmt::Write as _;
use std::path::Path;

use forewarn_gazetteer::Gazetteer;

fn render(text: &str, focus: Option<&str>) -> String {
    let g = Gazetteer::global();
    let mentions = g.find(text);
    let resolved = g.resolve(text, &mentions, focus);
    let mut out = String::new();
    for r in resolved {
        let p = &r.place;
        let _ = writeln!(
            out,
            "{:?} -> {} {:?} country={} admin1={} at {:.1},{:.1} rule={}{}",
            r.span.slice(text).unwrap_or("?"),
            p.precision,
            p.name.as_deref().unwrap_or(""),
            p.country.as_deref().unwrap_or("-"),
            p.admin1.as_deref().unwrap_or("-"),
            p.lat.unwrap_or(f64::NAN),
            p.lon.unwrap_or(f64::NAN),
            r.rule,
            if r.demonym { " demonym" } else { "" },
        );
    }
    out
}

#[test]
fn data_files() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let update = std::env::var_os("UPDATE_EXPECTED").is_some();
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/data exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    assert!(
        names.len() >= 10,
        "expected the test corpus in {}",
        dir.display()
    );
    let mut failures = Vec::new();
    for path in names {
        let raw = std::fs::read_to_string(&path).expect("readable test text");
        let (focus, text) = match raw.strip_prefix("focus: ") {
            Some(rest) => {
                let (f, t) = rest.split_once('\n').unwrap_or((rest, ""));
                (Some(f.trim().to_owned()), t.to_owned())
            }
            None => (None, raw),
        };
        let got = render(&text, focus.as_deref());
        let expected_path = path.with_extension("expected");
        if update {
            std::fs::write(&expected_path, &got).expect("writable expected file");
            continue;
        }
        let want = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if got != want {
            failures.push(format!(
                "{}:\n--- expected\n{want}--- got\n{got}",
                path.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

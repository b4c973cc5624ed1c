//! Data-driven tests: every `tests/data/NAME.txt` is analysed and rendered as text, and the
//! rendering must equal `tests/data/NAME.expected`. Run with `UPDATE_EXPECT=1` to rewrite
//! the expected files after a deliberate change, then review the diff.
//!
//! An input may start with a line `@reference YYYY-MM-DD` (the published date); offsets in
//! the rendering are byte offsets into the text after that line.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use forewarn_extract::{Analysis, CountValue, analyse};
use forewarn_model::Span;
use jiff::civil::Date;

fn quote(text: &str, span: Span) -> String {
    span.slice(text).unwrap_or("<bad span>").replace('\n', "⏎")
}

fn render_count(text: &str, v: &CountValue) -> String {
    let c = v.count;
    let mut s = format!("{} {} {}", v.thing.as_str(), c.qualifier, c.value);
    if let Some(h) = c.high {
        write!(s, "-{h}").unwrap();
    }
    if let Some(k) = v.victim {
        write!(s, " victim={}", k.as_str()).unwrap();
    }
    if let Some(n) = v.noun {
        write!(s, " noun={:?}", quote(text, n)).unwrap();
    }
    s
}

fn render(text: &str, a: &Analysis) -> String {
    let mut out = String::new();
    let casing = format!("{:?}", a.text.casing).to_lowercase();
    writeln!(out, "casing: {casing}").unwrap();
    match a.reference {
        Some(r) => writeln!(out, "reference: {} ({:?})", r.date, r.source).unwrap(),
        None => writeln!(out, "reference: none").unwrap(),
    }
    writeln!(out, "\n== sentences").unwrap();
    for s in a.sentences() {
        writeln!(
            out,
            "[{}..{}] {}",
            s.span.start,
            s.span.end,
            quote(text, s.span)
        )
        .unwrap();
    }
    writeln!(out, "\n== datelines").unwrap();
    for d in &a.text.datelines {
        let opt = |x: Option<Span>| x.map_or("-".to_string(), |s| quote(text, s));
        writeln!(
            out,
            "[{}..{}] place={:?} date={:?} source={:?}",
            d.span.start,
            d.span.end,
            quote(text, d.place),
            opt(d.date),
            opt(d.source)
        )
        .unwrap();
    }
    writeln!(out, "\n== temporal").unwrap();
    for t in &a.temporal {
        writeln!(
            out,
            "[{}..{}] {:?} -> {} ({}) {} {:.2}",
            t.span.start,
            t.span.end,
            quote(text, t.span),
            t.value,
            t.value.precision,
            t.rule,
            t.confidence
        )
        .unwrap();
    }
    writeln!(out, "\n== counts").unwrap();
    for c in &a.counts {
        writeln!(
            out,
            "[{}..{}] {:?} -> {} {} {:.2}",
            c.span.start,
            c.span.end,
            quote(text, c.span),
            render_count(text, &c.value),
            c.rule,
            c.confidence
        )
        .unwrap();
        for p in &c.value.parts {
            let mut s = format!("{} {}", p.count.qualifier, p.count.value);
            if let Some(k) = p.victim {
                write!(s, " victim={}", k.as_str()).unwrap();
            }
            writeln!(
                out,
                "    part [{}..{}] {:?} -> {s}",
                p.span.start,
                p.span.end,
                quote(text, p.span)
            )
            .unwrap();
        }
    }
    writeln!(out, "\n== diagnostics").unwrap();
    for n in &a.diagnostics.notes {
        let span = n.span.map_or("-".to_string(), |s| {
            format!("[{}..{}] {:?}", s.start, s.end, quote(text, s))
        });
        writeln!(out, "{:?} {span} {}: {}", n.kind, n.rule, n.message).unwrap();
    }
    out
}

/// Splits off an `@reference` header line.
fn parse_input(raw: &str) -> (Option<Date>, &str) {
    if let Some(rest) = raw.strip_prefix("@reference ") {
        let (line, body) = rest.split_once('\n').unwrap_or((rest, ""));
        let date: Date = line
            .trim()
            .parse()
            .expect("a YYYY-MM-DD date after @reference");
        return (Some(date), body);
    }
    (None, raw)
}

fn check(path: &Path) -> Result<(), String> {
    let raw = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let (reference, body) = parse_input(&raw);
    let actual = render(body, &analyse(body, reference));
    let expected_path = path.with_extension("expected");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&expected_path, &actual)
            .map_err(|e| format!("{}: {e}", expected_path.display()))?;
        return Ok(());
    }
    let expected = std::fs::read_to_string(&expected_path).map_err(|e| {
        format!(
            "{}: {e} (run with UPDATE_EXPECT=1 to create it)",
            expected_path.display()
        )
    })?;
    if expected == actual {
        return Ok(());
    }
    let mut diff = format!("{} differs from its expected output:\n", path.display());
    for (e, a) in expected
        .lines()
        .zip(actual.lines())
        .filter(|(e, a)| e != a)
        .take(10)
    {
        writeln!(diff, "- {e}\n+ {a}").unwrap();
    }
    let (ne, na) = (expected.lines().count(), actual.lines().count());
    if ne != na {
        writeln!(diff, "({ne} expected lines, {na} actual)").unwrap();
    }
    Err(diff)
}

#[test]
fn fixtures_match_expected_output() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/data exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    inputs.sort();
    assert!(
        inputs.len() >= 5,
        "expected the fixture texts in {}",
        dir.display()
    );
    let failures: Vec<String> = inputs.iter().filter_map(|p| check(p).err()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

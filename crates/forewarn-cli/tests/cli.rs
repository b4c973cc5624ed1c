//! The `forewarn` binary end to end: ingest of good and bad inputs, duplicates, search,
//! listing, URLs and the SSRF guard, and recovery from a killed ingest.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::cargo::CommandCargoExt;
use serde_json::Value;

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn file(&self, name: &str, bytes: &[u8]) -> String {
        let p = self.dir.path().join("in").join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, bytes).unwrap();
        p.display().to_string()
    }

    fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("forewarn").unwrap();
        c.arg("--data").arg(self.data());
        c.env_remove("FOREWARN_DATA");
        c
    }

    fn run(&self, args: &[&str]) -> (i32, String, String) {
        let out = self.cmd().args(args).output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    fn json(&self, args: &[&str]) -> Value {
        let (code, out, err) = self.run(args);
        assert!(code == 0 || code == 1, "{args:?} exited {code}: {err}");
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {out}"))
    }

    fn stored_names(&self) -> Vec<String> {
        let listing = self.json(&["docs", "list", "--json", "--limit", "1000"]);
        let mut names: Vec<String> = listing["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["name"].as_str().unwrap().to_string())
            .collect();
        names.sort();
        names
    }
}

const CROCUS: &str = "Gunmen attack Moscow concert hall\n\nBy Anna Petrova\nPublished: 23 March 2024\n\n\
Four gunmen opened fire on concertgoers at Crocus City Hall outside Moscow on Friday evening, \
then set the building alight. Russian officials said at least 133 people were killed. The \
Islamic State claimed responsibility through its Amaq outlet, and US officials said the \
Khorasan branch of the group was behind the attack.\n";

const KERMAN_HTML: &str = r#"<!doctype html><html><head><title>Twin blasts in Kerman | Zagros Briefing</title>
<meta property="og:site_name" content="Zagros Briefing"><meta name="author" content="Leila Ahmadi">
<meta property="article:published_time" content="2024-01-04T09:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>Twin blasts in Kerman kill dozens at Soleimani memorial</h1>
<p>Two explosions tore through crowds walking to the tomb of Qasem Soleimani in the Iranian city of Kerman on Wednesday, on the fourth anniversary of his killing.</p>
<p>Iranian officials put the death toll at 95 after revising an earlier figure. The Islamic State group claimed the bombings a day later, saying two of its members had detonated explosive belts.</p>
<p>Western officials said the attack bore the hallmarks of the group's Afghan-based Khorasan affiliate.</p></article>
<footer>Copyright Zagros Briefing. Subscribe to our newsletter.</footer></body></html>"#;

#[test]
fn bad_inputs_fail_one_by_one_and_the_store_keeps_exactly_the_good_ones() {
    let env = Env::new();
    let good_txt = env.file("crocus.txt", CROCUS.as_bytes());
    let good_html = env.file("kerman.html", KERMAN_HTML.as_bytes());
    let jsonl = env.file(
        "wire.jsonl",
        b"{\"text\": \"A suicide bomber struck a Shia mosque in Kunduz during Friday prayers, killing dozens of worshippers.\", \"title\": \"Kunduz mosque bombing\", \"published\": \"2021-10-08\"}\n{not json\n",
    );
    let junk = env.file(
        "junk.bin",
        &[
            0x7f, b'E', b'L', b'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0x3e, 0,
        ],
    );
    let empty = env.file("empty.txt", b"   \n\n");
    let truncated_pdf = env.file(
        "brief.pdf",
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pa",
    );
    let not_a_feed = env.file(
        "feed.rss",
        b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>x</tit",
    );
    let huge = env.dir.path().join("in").join("huge.txt");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(1 << 30)
        .unwrap();
    let missing = env
        .dir
        .path()
        .join("in")
        .join("missing.txt")
        .display()
        .to_string();
    let huge = huge.display().to_string();

    let args = [
        "ingest",
        &good_txt,
        &good_html,
        &jsonl,
        &junk,
        &empty,
        &truncated_pdf,
        &not_a_feed,
        &huge,
        &missing,
    ];
    let started = Instant::now();
    let (code, out, err) = env.run(&args);
    assert_eq!(code, 1, "stdout: {out}\nstderr: {err}");
    // The 1 GiB file is refused from its size, not read.
    assert!(started.elapsed() < Duration::from_secs(60));
    let failures: Vec<&str> = err.lines().filter(|l| l.starts_with("failed: ")).collect();
    for bad in [&junk, &empty, &truncated_pdf, &not_a_feed, &huge, &missing] {
        let line = failures.iter().find(|l| l.contains(bad.as_str()));
        assert!(line.is_some(), "no failure line names {bad}:\n{err}");
    }
    assert!(
        failures
            .iter()
            .any(|l| l.contains("wire.jsonl") && l.contains("line 2")),
        "{err}"
    );
    assert!(out.contains("3 stored"), "{out}");
    assert_eq!(
        env.stored_names(),
        ["crocus.txt", "kerman.html", "wire.jsonl:1"]
    );
}

#[test]
fn the_same_text_twice_is_one_document_and_json_summaries_say_so() {
    let env = Env::new();
    let a = env.file("a/crocus.txt", CROCUS.as_bytes());
    let b = env.file("b/crocus-copy.txt", CROCUS.replace('\n', "\r\n").as_bytes());
    let first = env.json(&["ingest", "--json", &a]);
    assert_eq!(first["stored"], 1);
    let second = env.json(&["ingest", "--json", &a, &b]);
    assert_eq!(second["stored"], 0);
    assert_eq!(second["duplicates"], 2);
    assert_eq!(second["outcomes"][1]["existing_name"], "crocus.txt");
    assert_eq!(env.stored_names(), ["crocus.txt"]);
}

#[test]
fn the_same_article_in_a_web_page_is_linked_as_a_near_duplicate() {
    let env = Env::new();
    let body: String = CROCUS
        .split("\n\n")
        .skip(1)
        .collect::<Vec<_>>()
        .join("\n\n");
    let page = format!(
        "<html><head><title>Concert hall attack</title></head><body><nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav>\
         <article><h1>Gunmen attack Moscow concert hall</h1>{}</article><footer>Share this story. Subscribe.</footer></body></html>",
        body.split("\n\n")
            .map(|p| format!("<p>{p}</p>"))
            .collect::<String>()
    );
    let txt = env.file("crocus.txt", CROCUS.as_bytes());
    let html = env.file("crocus-page.html", page.as_bytes());
    let summary = env.json(&["ingest", "--json", &txt, &html]);
    assert_eq!(summary["stored"], 2, "{summary}");
    assert_eq!(summary["near_duplicates"], 1, "{summary}");
    assert_eq!(
        summary["outcomes"][1]["near_duplicate_of"]["name"],
        "crocus.txt"
    );
    // The header block of the text file became metadata.
    let listing = env.json(&["docs", "list", "--json"]);
    let txt_doc = listing["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "crocus.txt")
        .unwrap();
    assert_eq!(txt_doc["published"], "2024-03-23");
    assert_eq!(txt_doc["title"], "Gunmen attack Moscow concert hall");
    assert_eq!(txt_doc["near_duplicates"].as_array().unwrap().len(), 1);
}

#[test]
fn exports_write_csv_geojson_and_graphml_with_the_incident_filters() {
    let env = Env::new();
    env.run(&["ingest", &env.file("crocus.txt", CROCUS.as_bytes())]);
    let (code, csv, err) = env.run(&[
        "export",
        "events",
        "--format",
        "acled-csv",
        "--country",
        "ru",
    ]);
    assert_eq!(code, 0, "{err}");
    let mut lines = csv.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("event_id,event_date,time_precision,event_type")
    );
    let row = lines.next().expect("the Moscow attack");
    assert!(
        row.contains("Russia") && row.contains("2024-03-22"),
        "{row}"
    );
    let (_, none, _) = env.run(&["export", "events", "--format", "gtd-csv", "--country", "AF"]);
    assert_eq!(none.lines().count(), 1, "only the header: {none}");
    assert!(none.starts_with("iyear,imonth,iday,approxdate"));

    let out = env.dir.path().join("map.geojson");
    let (code, _, err) = env.run(&[
        "export",
        "incidents",
        "--format",
        "geojson",
        "--actor",
        "Islamic State",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let geo: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(geo["type"], "FeatureCollection");
    assert!(!geo["features"].as_array().unwrap().is_empty());

    // The graphs default to GraphML.
    let (code, xml, err) = env.run(&["export", "incident-actors"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        xml.contains("<graphml") && xml.contains(">Islamic State</data>"),
        "{xml}"
    );

    let (code, _, err) = env.run(&["export", "actors", "--format", "geojson"]);
    assert_ne!(code, 0);
    assert!(
        err.contains("actors cannot be exported as geojson"),
        "{err}"
    );
    let (code, _, err) = env.run(&["export", "events", "--actor", "Nobody Brigade"]);
    assert_ne!(code, 0);
    assert!(err.contains("Nobody Brigade"), "{err}");
}

#[test]
fn ingested_reports_export_in_the_spec_contract_with_provenance() {
    let env = Env::new();
    env.run(&["ingest", &env.file("crocus.txt", CROCUS.as_bytes())]);
    let events = env.json(&["export", "events", "--format", "json"]);
    let events = events.as_array().unwrap();
    let attack = events
        .iter()
        .find(|e| e["kind"] == "attack" && e["date"]["start"] == "2024-03-22")
        .unwrap_or_else(|| panic!("no attack on 2024-03-22 in {events:#?}"));
    assert_eq!(attack["date"]["precision"], "day");
    assert_eq!(attack["location"]["country"], "RU");
    assert_eq!(attack["location"]["place"], "Moscow");
    let perps: Vec<&str> = attack["perpetrators"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["actor"].as_str())
        .collect();
    assert!(perps.contains(&"Islamic State"), "{perps:?}");
    let killed = &attack["killed"]["reports"][0];
    assert_eq!(killed["value"], 133);
    assert_eq!(killed["qualifier"], "at_least");
    assert_eq!(killed["document"], "crocus.txt");
    assert!(killed["quote"].as_str().unwrap().contains("133"));
    // Sources point back into the stored text by character offsets.
    let source = &attack["sources"][0];
    let text = env.json(&[
        "docs",
        "show",
        "--json",
        &env.json(&["docs", "list", "--json"])["items"][0]["id"]
            .as_str()
            .unwrap()[..10],
    ])["text"]
        .as_str()
        .unwrap()
        .to_string();
    let (start, end) = (
        source["start"].as_u64().unwrap() as usize,
        source["end"].as_u64().unwrap() as usize,
    );
    let quoted: String = text.chars().skip(start).take(end - start).collect();
    assert_eq!(quoted, source["quote"].as_str().unwrap());

    let actors = env.json(&["export", "actors", "--format", "json"]);
    let is = actors
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "Islamic State")
        .expect("Islamic State exported");
    assert_eq!(is["aliases"][0]["sources"][0]["document"], "crocus.txt");

    let (code, out, _) = env.run(&[
        "extract",
        "--explain",
        &env.file("again.txt", CROCUS.as_bytes()),
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("rule:frame."), "{out}");
    assert!(out.contains("2024-03-22"), "{out}");
}

#[test]
fn metadata_options_and_stdin() {
    let env = Env::new();
    let mut child = env
        .cmd()
        .args([
            "ingest",
            "-",
            "--name",
            "pasted-note",
            "--published",
            "2024-03-28",
            "--publisher",
            "Desk",
            "--tlp",
            "amber",
            "--reliability",
            "b",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(CROCUS.as_bytes())
        .unwrap();
    assert!(child.wait_with_output().unwrap().status.success());
    let listing = env.json(&["docs", "list", "--json"]);
    let d = &listing["items"][0];
    assert_eq!(d["name"], "pasted-note");
    assert_eq!(d["published"], "2024-03-28");
    assert_eq!(d["publisher"], "Desk");
    assert_eq!(d["tlp"], "amber");
    assert_eq!(d["reliability"], "b");
    assert_eq!(d["language"], "eng");
    let id = d["id"].as_str().unwrap();
    let shown = env.json(&["docs", "show", "--json", &id[..8]]);
    assert!(shown["text"].as_str().unwrap().contains("Crocus City Hall"));

    let (code, _, err) = env.run(&["docs", "show", "ffffff"]);
    assert_eq!(code, 2);
    assert!(err.contains("no document"), "{err}");
    let (code, _, err) = env.run(&[
        "ingest",
        "--name",
        "x",
        &env.file("1.txt", b"one report"),
        &env.file("2.txt", b"another report"),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("--name"), "{err}");
    let (code, _, err) = env.run(&["ingest", "--tlp", "purple", "-"]);
    assert_eq!(code, 2);
    assert!(err.contains("purple"), "{err}");
}

#[test]
fn search_highlights_and_filters_from_the_command_line() {
    let env = Env::new();
    env.run(&[
        "ingest",
        &env.file("crocus.txt", CROCUS.as_bytes()),
        &env.file("kerman.html", KERMAN_HTML.as_bytes()),
    ]);
    let (code, out, _) = env.run(&["search", "claimed"]);
    assert_eq!(code, 0);
    assert!(out.contains("[claimed]"), "{out}");
    assert!(out.contains("(2 of 2 matching documents)"), "{out}");
    let hits = env.json(&["search", "--json", "soleimani", "publisher:zagros"]);
    assert_eq!(hits["total"], 1);
    assert_eq!(hits["items"][0]["document"]["publisher"], "Zagros Briefing");
    let hits = env.json(&["search", "--json", "claimed", "before:2024-02"]);
    assert_eq!(hits["total"], 1);
    let (code, _, err) = env.run(&["search", "(unbalanced"]);
    assert_eq!(code, 2);
    assert!(err.contains("parentheses"), "{err}");
}

/// A one-route HTTP server on 127.0.0.1 that answers `count` requests with `response`.
fn serve(response: String, count: usize) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(count) {
            let mut s = stream.unwrap();
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf);
            let _ = s.write_all(response.as_bytes());
        }
    });
    port
}

fn http_ok(content_type: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

#[test]
fn urls_are_fetched_only_where_allowed() {
    let env = Env::new();
    let page = serve(http_ok("text/html; charset=utf-8", KERMAN_HTML), 2);
    let url = format!("http://127.0.0.1:{page}/kerman");

    // Refused by default: a loopback address.
    let (code, _, err) = env.run(&["ingest", &url]);
    assert_eq!(code, 1);
    assert!(err.contains(&url) && err.contains("loopback"), "{err}");

    // Allowed for that one host.
    let host = format!("127.0.0.1:{page}");
    let (code, out, err) = env.run(&["ingest", "--allow-host", &host, &url]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(env.stored_names(), std::slice::from_ref(&url));

    // A redirect from the allowed host to another loopback port is refused.
    let target = serve(http_ok("text/plain", "secret"), 1);
    let redirect = serve(
        format!(
            "HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:{target}/admin\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        ),
        1,
    );
    let from = format!("http://127.0.0.1:{redirect}/story");
    let (code, _, err) = env.run(&[
        "ingest",
        "--allow-host",
        &format!("127.0.0.1:{redirect}"),
        &from,
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains(&format!("127.0.0.1:{target}")) || err.contains("redirect"),
        "{err}"
    );

    // An unreachable address fails with a reason, quickly.
    let closed = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let (code, _, err) = env.run(&[
        "ingest",
        "--allow-private",
        "--timeout",
        "5",
        &format!("http://127.0.0.1:{closed}/"),
    ]);
    assert_eq!(code, 1);
    assert!(
        err.lines()
            .any(|l| l.starts_with("failed: http://127.0.0.1")),
        "{err}"
    );
    assert_eq!(env.stored_names().len(), 1);
}

fn write_corpus(dir: &Path, n: usize) {
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..n {
        let text = format!(
            "Report {i}\n\nA bomb exploded near checkpoint {i} on the road to Jalalabad, police said. \
             Local officials counted {} casualties and blamed militants loyal to the Islamic State.\n",
            i % 17
        );
        std::fs::write(dir.join(format!("r{i:05}.txt")), text).unwrap();
    }
}

#[test]
fn a_killed_ingest_leaves_a_consistent_store_that_a_rerun_completes() {
    let env = Env::new();
    let corpus = env.dir.path().join("corpus");
    let n = 3000;
    write_corpus(&corpus, n);
    let corpus_arg = corpus.display().to_string();

    let mut child = env
        .cmd()
        .args(["ingest", &corpus_arg])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until some, but not all, documents are in, then kill without warning.
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        std::thread::sleep(Duration::from_millis(20));
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        let (code, out, _) = env.run(&["status", "--json"]);
        if code == 0 {
            let v: Value = serde_json::from_str(&out).unwrap();
            if v["documents"].as_u64().unwrap_or(0) > 50 {
                break;
            }
        }
        assert!(Instant::now() < deadline, "ingest made no progress");
    }
    let _ = child.kill();
    let _ = child.wait();

    let (code, out, err) = env.run(&["check"]);
    assert_eq!(code, 0, "integrity after kill: {out}{err}");
    let before = env.json(&["status", "--json"])["documents"]
        .as_u64()
        .unwrap();
    assert!(
        before > 0 && before < n as u64,
        "the kill should land mid-ingest ({before} of {n} stored)"
    );

    let rerun = env.json(&["ingest", "--json", &corpus_arg]);
    assert_eq!(rerun["failed"], 0);
    assert_eq!(
        rerun["stored"].as_u64().unwrap() + rerun["duplicates"].as_u64().unwrap(),
        n as u64
    );
    assert_eq!(rerun["duplicates"].as_u64().unwrap(), before);
    assert_eq!(
        env.json(&["status", "--json"])["documents"]
            .as_u64()
            .unwrap(),
        n as u64
    );
    let hits = env.json(&["search", "--json", "checkpoint", "--limit", "1"]);
    assert_eq!(hits["total"].as_u64().unwrap(), n as u64);
    let (code, _, _) = env.run(&["check"]);
    assert_eq!(code, 0);
}

#[test]
fn eval_seeds_scores_a_gold_file_and_guards_floors() {
    let env = Env::new();
    let seeds = env.dir.path().join("seeds");
    std::fs::create_dir_all(&seeds).unwrap();
    std::fs::write(seeds.join("crocus.txt"), CROCUS).unwrap();
    let gold = serde_json::json!({
        "documents": {"crocus.txt": {"published": "2024-03-23"}},
        "events": [
            {"key": "crocus", "kind": "attack", "type": "armed_assault", "date": "2024-03-22", "country": "RU",
             "place": "Moscow", "perpetrator": "Islamic State", "killed": [{"doc": "crocus.txt", "value": 133, "qualifier": "at_least"}],
             "sources": ["crocus.txt"]},
            {"key": "invented", "kind": "attack", "date": "2019-05-01", "country": "PE", "place": "Lima",
             "perpetrator": "Shining Path", "sources": ["crocus.txt"]}
        ],
        "actors": [{"name": "Islamic State", "aliases": ["IS", "ISIS"]}],
        "relations": []
    });
    let gold_path = env.file("gold.json", gold.to_string().as_bytes());
    let floors = env.file(
        "floors.toml",
        b"[mini]\nattack_f1 = 0.6\n\n[strict]\nattack_f1 = 0.95\n",
    );
    let seeds_arg = seeds.display().to_string();
    let base = [
        "eval", "seeds", "--gold", &gold_path, "--seeds", &seeds_arg, "--floors", &floors,
    ];

    let report = env.json(&[&base[..], &["--json"]].concat());
    // One of the two gold attacks exists in the text; the other is invented.
    assert_eq!(report["report"]["attack_recall"], 0.5);
    assert_eq!(report["metrics"]["actors_recall"], 1.0);

    let (code, _, err) = env.run(&[&base[..], &["--check-floors", "mini"]].concat());
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = env.run(&[&base[..], &["--check-floors", "strict"]].concat());
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("strict.attack_f1"), "{err}");
    let (code, _, err) = env.run(&[&base[..], &["--check-floors", "absent"]].concat());
    assert_eq!(code, 2);
    assert!(err.contains("no floors"), "{err}");
}

#[test]
fn documents_stored_without_extraction_are_extracted_by_reextract() {
    let env = Env::new();
    let (code, _, err) = env.run(&[
        "ingest",
        "--no-extract",
        &env.file("crocus.txt", CROCUS.as_bytes()),
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(env.json(&["export", "events"]).as_array().unwrap().len(), 0);
    assert_eq!(env.json(&["status", "--json"])["extracted_documents"], 0);
    let summary = env.json(&["reextract", "--json"]);
    assert_eq!(summary["documents"], 1);
    assert!(summary["events"].as_u64().unwrap() >= 1, "{summary}");
    assert!(
        !env.json(&["export", "events"])
            .as_array()
            .unwrap()
            .is_empty()
    );
    // Running it again replaces, never duplicates.
    let again = env.json(&["reextract", "--json"]);
    assert_eq!(again["events"], summary["events"]);
    assert_eq!(env.json(&["status", "--json"])["events"], summary["events"]);
}

/// Reports of one attack written for these tests (the ingest crate's incident fixtures).
fn incident_fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../forewarn-ingest/tests/incidents")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn incidents_contradictions_adjudication_and_actor_profiles_from_the_cli() {
    let env = Env::new();
    for (name, published) in [
        ("manchester-a.txt", "2017-05-23"),
        ("manchester-b.txt", "2017-05-24"),
        ("westminster.txt", "2017-03-23"),
    ] {
        let (code, _, err) =
            env.run(&["ingest", "--published", published, &incident_fixture(name)]);
        assert_eq!(code, 0, "{err}");
    }
    let listing = env.json(&["incidents", "list", "--kind", "attack", "--json"]);
    assert_eq!(listing["total"], 2, "{listing:#}");
    let manchester = listing["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["date"]["start"] == "2017-05-22")
        .expect("the Manchester incident");
    assert_eq!(manchester["members"].as_array().unwrap().len(), 2);
    assert_eq!(manchester["killed"]["best"], 22);
    let id = manchester["id"].as_str().unwrap();
    let shown = env.json(&["incidents", "show", "--json", &id[..10]]);
    assert_eq!(shown["id"], manchester["id"]);
    let (code, text, _) = env.run(&["incidents", "show", id]);
    assert_eq!(code, 0);
    assert!(text.contains("manchester-b.txt"), "{text}");
    // No report disagrees here, and nothing was left undecided.
    assert_eq!(
        env.json(&["contradictions", "--json"]),
        serde_json::json!([])
    );
    assert_eq!(
        env.json(&["adjudicate", "list", "--json"]),
        serde_json::json!([])
    );
    let (code, _, err) = env.run(&["adjudicate", "decide", "99", "--same"]);
    assert_eq!(code, 2);
    assert!(err.contains("no adjudication with id 99"), "{err}");
    // The Islamic State's profile lists both attacks it claimed.
    let profile = env.json(&["actor", "islamic state", "--json"]);
    assert_eq!(
        profile["incidents"].as_array().unwrap().len(),
        2,
        "{profile:#}"
    );
    let before = env.json(&["actor", "islamic state", "--as-of", "2017-04", "--json"]);
    assert_eq!(before["incidents"].as_array().unwrap().len(), 1);
    let (code, _, err) = env.run(&["actor", "no such group"]);
    assert_eq!(code, 2);
    assert!(err.contains("no actor named"), "{err}");
}

#[test]
fn an_identity_merge_of_actors_is_logged_and_reversible() {
    let env = Env::new();
    let (code, _, err) = env.run(&[
        "ingest",
        "--published",
        "2021-08-27",
        &incident_fixture("kabul-airport.txt"),
    ]);
    assert_eq!(code, 0, "{err}");
    let names = |env: &Env| -> Vec<String> {
        env.json(&["export", "actors", "--format", "json"])
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["name"].as_str().unwrap().to_string())
            .collect()
    };
    let before = names(&env);
    assert!(
        before
            .iter()
            .any(|n| n == "Islamic State Khorasan Province"),
        "{before:?}"
    );
    assert!(before.iter().any(|n| n == "Islamic State"), "{before:?}");
    let (code, _, err) = env.run(&[
        "review",
        "merge-actors",
        "ISKP",
        "Islamic State",
        "--by",
        "tester",
        "--why",
        "test of the merge",
    ]);
    assert_eq!(code, 0, "{err}");
    let merged = env.json(&["export", "actors", "--format", "json"]);
    let is = merged
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "Islamic State")
        .expect("the Islamic State");
    // The folded actor's name is now an alias, with its source and script.
    let alias = is["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "Islamic State Khorasan Province")
        .expect("the merged name as an alias");
    assert_eq!(alias["script"], "latin");
    assert!(
        !names(&env)
            .iter()
            .any(|n| n == "Islamic State Khorasan Province")
    );
    let log = env.json(&["review", "log", "--json"]);
    let entry = log["items"][0]["id"].as_i64().unwrap();
    assert_eq!(log["items"][0]["action"], "merge");
    let (code, _, err) = env.run(&["review", "undo", &entry.to_string()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(names(&env), before);
}

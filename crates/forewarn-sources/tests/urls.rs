//! The URL check (scheme, `localhost`, literal addresses in every form the URL parser
//! accepts) against a table of cases in tests/data/urls.tsv. No network access.

use forewarn_sources::{FetchPolicy, Fetcher};

#[test]
fn every_url_in_the_table_gets_its_verdict() {
    let fetcher = Fetcher::new(FetchPolicy::default()).expect("fetcher");
    let table = include_str!("data/urls.tsv");
    let mut failures = Vec::new();
    let mut cases = 0;
    for line in table.lines() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (url, want) = line.split_once('\t').expect("url<TAB>verdict");
        let got = match fetcher.check_url(url) {
            Ok(_) => "ok".to_owned(),
            Err(e) => e.to_string(),
        };
        if got != want {
            failures.push(format!("{url}\n  expected: {want}\n  got:      {got}"));
        }
        cases += 1;
    }
    assert!(
        cases > 30,
        "the table should hold many cases, found {cases}"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn allow_private_lets_private_literals_through_but_not_other_schemes() {
    let fetcher = Fetcher::new(FetchPolicy {
        allow_private: true,
        ..FetchPolicy::default()
    })
    .expect("fetcher");
    assert!(fetcher.check_url("http://127.0.0.1:8080/").is_ok());
    assert!(fetcher.check_url("http://localhost/").is_ok());
    assert!(fetcher.check_url("http://[fd00::1]/").is_ok());
    assert!(fetcher.check_url("file:///etc/passwd").is_err());
}

#[test]
fn allow_hosts_exempts_exactly_what_it_names() {
    let fetcher = Fetcher::new(FetchPolicy {
        allow_hosts: vec![
            "intranet.example:8080".into(),
            "10.1.2.3".into(),
            "[fd00::5]:443".into(),
        ],
        ..FetchPolicy::default()
    })
    .expect("fetcher");
    assert!(
        fetcher
            .check_url("http://intranet.example:8080/feed")
            .is_ok()
    );
    assert!(
        fetcher
            .check_url("http://INTRANET.example.:8080/feed")
            .is_ok()
    );
    assert_eq!(
        fetcher
            .check_url("http://intranet.example:22/")
            .unwrap_err()
            .to_string(),
        "http://intranet.example:22/: refused: intranet.example is allowed only on port 8080, not 22"
    );
    assert!(fetcher.check_url("http://10.1.2.3/").is_ok());
    assert!(fetcher.check_url("https://10.1.2.3:8443/").is_ok());
    assert!(fetcher.check_url("http://10.1.2.4/").is_err());
    assert!(fetcher.check_url("https://[fd00::5]/").is_ok());
    assert!(fetcher.check_url("http://[fd00::5]/").is_err());
}

#[test]
fn malformed_allow_hosts_entries_are_setup_errors() {
    let err = Fetcher::new(FetchPolicy {
        allow_hosts: vec!["intranet:http".into()],
        ..FetchPolicy::default()
    })
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "fetcher: allow_hosts entry \"intranet:http\": the port is not a number"
    );
}

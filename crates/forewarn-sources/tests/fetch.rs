//! Fetching against a tiny HTTP server on 127.0.0.1. Every request in this file goes to
//! 127.0.0.1 and nowhere else.

mod common;

use std::io::Write;
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use common::{Server, redirect, respond};
use forewarn_sources::{FetchPolicy, Fetcher, SourceError};

const BODY: &[u8] = b"<html><head><title>Report</title></head><body>Text.</body></html>";

fn page_server() -> Server {
    Server::start(|path, s| match path {
        "/" => respond(
            s,
            "200 OK",
            &[("Content-Type", "text/html; charset=utf-8")],
            BODY,
        ),
        _ => respond(s, "404 Not Found", &[], b"no such page"),
    })
}

/// A fetcher that exempts exactly the given 127.0.0.1 ports.
fn fetcher_for(ports: &[u16]) -> Fetcher {
    fetcher_with(ports, FetchPolicy::default())
}

fn fetcher_with(ports: &[u16], policy: FetchPolicy) -> Fetcher {
    Fetcher::new(FetchPolicy {
        allow_hosts: ports.iter().map(|p| format!("127.0.0.1:{p}")).collect(),
        ..policy
    })
    .expect("fetcher")
}

#[test]
fn loopback_is_refused_by_default() {
    let server = page_server();
    let url = server.url("/");
    let err = Fetcher::new(FetchPolicy::default())
        .unwrap()
        .fetch(&url)
        .unwrap_err();
    assert!(matches!(err, SourceError::Refused { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!("{url}: refused: 127.0.0.1, a loopback address (use --allow-private)")
    );
}

#[test]
fn an_allowed_host_is_fetched_with_body_and_content_type() {
    let server = page_server();
    let url = server.url("/");
    let input = fetcher_for(&[server.port()]).fetch(&url).expect("fetch");
    assert_eq!(input.name, url);
    assert_eq!(input.bytes, BODY);
    assert_eq!(
        input.content_type.as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(input.url.as_deref(), Some(url.as_str()));
}

#[test]
fn allow_private_also_lets_loopback_through() {
    let server = page_server();
    let policy = FetchPolicy {
        allow_private: true,
        ..FetchPolicy::default()
    };
    let input = Fetcher::new(policy)
        .unwrap()
        .fetch(&server.url("/"))
        .unwrap();
    assert_eq!(input.bytes, BODY);
}

#[test]
fn an_error_status_is_reported_with_its_reason() {
    let server = page_server();
    let url = server.url("/missing");
    let err = fetcher_for(&[server.port()]).fetch(&url).unwrap_err();
    assert_eq!(err.to_string(), format!("{url}: HTTP 404 Not Found"));
}

#[test]
fn a_redirect_to_an_allowed_page_is_followed_and_the_final_url_kept() {
    let target = page_server();
    let target_url = target.url("/");
    let location = target_url.clone();
    let start = Server::start(move |_, s| redirect(s, &location));
    let url = start.url("/old");
    let input = fetcher_for(&[start.port(), target.port()])
        .fetch(&url)
        .expect("fetch");
    assert_eq!(input.name, url);
    assert_eq!(input.url.as_deref(), Some(target_url.as_str()));
    assert_eq!(input.bytes, BODY);
}

#[test]
fn a_redirect_to_a_host_not_allowed_is_refused_naming_the_target() {
    let target = page_server();
    let target_url = target.url("/");
    let location = target_url.clone();
    let start = Server::start(move |_, s| redirect(s, &location));
    let url = start.url("/");
    // Only the first server is allowed.
    let err = fetcher_for(&[start.port()]).fetch(&url).unwrap_err();
    assert!(matches!(err, SourceError::Refused { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!(
            "{url}: refused: redirect to {target_url}: 127.0.0.1, a loopback address (use --allow-private)"
        )
    );
}

#[test]
fn a_redirect_to_another_scheme_is_refused() {
    let start = Server::start(|_, s| redirect(s, "file:///etc/passwd"));
    let url = start.url("/");
    let err = fetcher_for(&[start.port()]).fetch(&url).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{url}: refused: redirect to file:///etc/passwd: only http and https URLs are fetched, not file:"
        )
    );
}

#[test]
fn a_redirect_to_localhost_by_name_is_refused() {
    let start = Server::start(|_, s| redirect(s, "http://localhost:9/"));
    let url = start.url("/");
    let err = fetcher_for(&[start.port()]).fetch(&url).unwrap_err();
    assert!(
        err.to_string()
            .contains("refused: redirect to http://localhost:9/: localhost names this machine"),
        "{err}"
    );
}

/// A server whose `/N` redirects to `/N+1`, for ever, counting the requests it gets.
fn counting_redirector(hits: Arc<AtomicU64>, last: u64) -> Server {
    Server::start(move |path, s| {
        hits.fetch_add(1, Ordering::SeqCst);
        let n: u64 = path.trim_start_matches('/').parse().unwrap_or(0);
        if n >= last {
            respond(s, "200 OK", &[("Content-Type", "text/plain")], b"arrived");
        } else {
            redirect(s, &format!("/{}", n + 1));
        }
    })
}

#[test]
fn exactly_max_redirects_are_followed() {
    let hits = Arc::new(AtomicU64::new(0));
    let server = counting_redirector(Arc::clone(&hits), 5);
    let input = fetcher_for(&[server.port()])
        .fetch(&server.url("/0"))
        .expect("five redirects are allowed");
    assert_eq!(input.bytes, b"arrived");
    assert_eq!(input.url.as_deref(), Some(server.url("/5").as_str()));
    assert_eq!(hits.load(Ordering::SeqCst), 6);
}

#[test]
fn more_than_max_redirects_are_refused() {
    let hits = Arc::new(AtomicU64::new(0));
    let server = counting_redirector(Arc::clone(&hits), 6);
    let url = server.url("/0");
    let err = fetcher_for(&[server.port()]).fetch(&url).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("{url}: too many redirects (more than 5)")
    );
    assert_eq!(
        hits.load(Ordering::SeqCst),
        6,
        "the sixth redirect is not followed"
    );
}

#[test]
fn a_redirect_loop_is_refused() {
    let server = Server::start(|_, s| redirect(s, "/"));
    let url = server.url("/");
    let policy = FetchPolicy {
        max_redirects: 2,
        ..FetchPolicy::default()
    };
    let err = fetcher_with(&[server.port()], policy)
        .fetch(&url)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("{url}: too many redirects (more than 2)")
    );
}

/// Streams up to 64 MiB without a Content-Length and records how much it got to write.
fn endless_server(written: Arc<AtomicU64>) -> Server {
    Server::start(move |_, s| {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n";
        if s.write_all(head.as_bytes()).is_err() {
            return;
        }
        let chunk = vec![b'x'; 64 * 1024];
        for _ in 0..1024 {
            if s.write_all(&chunk).is_err() {
                return;
            }
            written.fetch_add(chunk.len() as u64, Ordering::SeqCst);
        }
    })
}

#[test]
fn an_oversized_streamed_body_is_refused_without_reading_it_all() {
    let written = Arc::new(AtomicU64::new(0));
    let server = endless_server(Arc::clone(&written));
    let url = server.url("/");
    let policy = FetchPolicy {
        max_bytes: 1024 * 1024,
        ..FetchPolicy::default()
    };
    let err = fetcher_with(&[server.port()], policy)
        .fetch(&url)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("{url}: larger than the 1 MiB limit")
    );
    // Give the server a moment to notice the closed connection.
    thread::sleep(Duration::from_millis(200));
    let sent = written.load(Ordering::SeqCst);
    assert!(
        sent < 32 * 1024 * 1024,
        "the client should stop reading near the limit, but the server wrote {sent} bytes"
    );
}

#[test]
fn a_declared_oversized_body_is_refused_from_its_content_length() {
    // Declares 10 GiB and sends nothing: only the header can have triggered the refusal.
    let server = Server::start(|_, s| {
        let head = "HTTP/1.1 200 OK\r\nContent-Length: 10737418240\r\nConnection: close\r\n\r\n";
        s.write_all(head.as_bytes()).ok();
        thread::sleep(Duration::from_secs(5));
    });
    let url = server.url("/");
    let started = Instant::now();
    let err = fetcher_for(&[server.port()]).fetch(&url).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("{url}: larger than the 64 MiB limit")
    );
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[test]
fn a_body_exactly_at_the_limit_is_accepted() {
    let server = Server::start(|_, s| respond(s, "200 OK", &[], &[b'a'; 1000]));
    let policy = FetchPolicy {
        max_bytes: 1000,
        ..FetchPolicy::default()
    };
    let input = fetcher_with(&[server.port()], policy)
        .fetch(&server.url("/"))
        .expect("1000 bytes fit a 1000-byte limit");
    assert_eq!(input.bytes.len(), 1000);
}

#[test]
fn a_server_that_never_answers_times_out() {
    let server = Server::start(|_, _| thread::sleep(Duration::from_secs(5)));
    let url = server.url("/");
    let policy = FetchPolicy {
        timeout: Duration::from_millis(500),
        ..FetchPolicy::default()
    };
    let started = Instant::now();
    let err = fetcher_with(&[server.port()], policy)
        .fetch(&url)
        .unwrap_err();
    let took = started.elapsed();
    assert_eq!(err.to_string(), format!("{url}: timed out after 500 ms"));
    assert!(
        took >= Duration::from_millis(500) && took < Duration::from_secs(3),
        "{took:?}"
    );
}

#[test]
fn the_timeout_covers_a_slowly_dripping_body() {
    // Headers at once, then one byte every 100 ms: each read is quick, the whole is not.
    let server = Server::start(|_, s| {
        let head = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\n";
        if s.write_all(head.as_bytes()).is_err() {
            return;
        }
        for _ in 0..100 {
            if s.write_all(b"x").and_then(|()| s.flush()).is_err() {
                return;
            }
            thread::sleep(Duration::from_millis(100));
        }
    });
    let url = server.url("/");
    let policy = FetchPolicy {
        timeout: Duration::from_secs(1),
        ..FetchPolicy::default()
    };
    let started = Instant::now();
    let err = fetcher_with(&[server.port()], policy)
        .fetch(&url)
        .unwrap_err();
    assert_eq!(err.to_string(), format!("{url}: timed out after 1 s"));
    assert!(started.elapsed() < Duration::from_secs(4));
}

#[test]
fn an_unreachable_port_gives_a_connection_error() {
    // Bind and release a port so that nothing listens on it.
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let url = format!("http://127.0.0.1:{port}/");
    let err = fetcher_for(&[port]).fetch(&url).unwrap_err();
    assert!(matches!(err, SourceError::Connect { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!("{url}: cannot connect: connection refused")
    );
}

#[test]
fn localhost_and_numeric_loopback_forms_are_refused_without_connecting() {
    let fetcher = Fetcher::new(FetchPolicy::default()).unwrap();
    for url in [
        "http://localhost/",
        "http://2130706433/",
        "http://0x7f000001/",
        "http://0177.0.0.1/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::1]/",
    ] {
        let err = fetcher.fetch(url).unwrap_err();
        assert!(matches!(err, SourceError::Refused { .. }), "{url}: {err:?}");
        assert!(
            err.to_string().starts_with(&format!("{url}: refused: ")),
            "{err}"
        );
    }
}

#[test]
fn other_schemes_are_refused_by_fetch() {
    let fetcher = Fetcher::new(FetchPolicy::default()).unwrap();
    let err = fetcher.fetch("file:///etc/passwd").unwrap_err();
    assert_eq!(
        err.to_string(),
        "file:///etc/passwd: refused: only http and https URLs are fetched, not file:"
    );
}

#[test]
fn fetching_inside_an_async_runtime_is_an_error_not_a_panic() {
    // Port 9 (discard) on loopback: harmless even if the check were missing.
    let fetcher = fetcher_for(&[9]);
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let err = rt
        .block_on(async { fetcher.fetch("http://127.0.0.1:9/") })
        .unwrap_err();
    assert!(matches!(err, SourceError::Setup { .. }), "{err:?}");
}

#[test]
fn a_multi_megabyte_body_arrives_whole() {
    // Enough for many chunks: checks that streaming reassembles the body in order.
    let body: Vec<u8> = (0..8 * 1024 * 1024u32).map(|i| (i % 251) as u8).collect();
    let served = body.clone();
    let server = Server::start(move |_, s| respond(s, "200 OK", &[], &served));
    let started = Instant::now();
    let input = fetcher_for(&[server.port()])
        .fetch(&server.url("/"))
        .expect("fetch");
    eprintln!("8 MiB over loopback in {:?}", started.elapsed());
    assert!(input.bytes == body, "the body differs from what was served");
}

#[test]
fn https_to_a_server_that_does_not_speak_tls_fails_cleanly() {
    // Answers the TLS ClientHello with plain HTTP: the handshake must fail with a
    // connection error (and the TLS setup, ring provider included, must not panic).
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = thread::spawn(move || {
        if let Ok((mut s, _)) = listener.accept() {
            s.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
                .ok();
            thread::sleep(Duration::from_millis(200));
        }
    });
    let url = format!("https://127.0.0.1:{port}/");
    let err = fetcher_for(&[port]).fetch(&url).unwrap_err();
    server.join().unwrap();
    assert!(matches!(err, SourceError::Connect { .. }), "{err:?}");
    assert!(
        err.to_string()
            .starts_with(&format!("{url}: cannot connect: ")),
        "{err}"
    );
}

#[test]
fn a_body_cut_short_is_an_error_not_a_truncated_document() {
    let server = Server::start(|_, s| {
        let head = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\n";
        s.write_all(head.as_bytes()).ok();
        s.write_all(b"only ten..").ok();
    });
    let url = server.url("/");
    let err = fetcher_for(&[server.port()]).fetch(&url).unwrap_err();
    assert!(matches!(err, SourceError::Http { .. }), "{err:?}");
    assert!(err.to_string().starts_with(&format!("{url}: ")), "{err}");
}

#[test]
fn a_listed_host_name_is_resolved_and_fetched() {
    // "localhost" comes from the hosts file: no DNS query leaves the machine.
    let server = page_server();
    let port = server.port();
    let url = format!("http://localhost:{port}/");
    let fetcher = Fetcher::new(FetchPolicy {
        allow_hosts: vec![format!("localhost:{port}")],
        ..FetchPolicy::default()
    })
    .unwrap();
    let input = fetcher.fetch(&url).expect("fetch");
    assert_eq!(input.bytes, BODY);
    // The same name on another port is not covered by the entry.
    let other = format!("http://localhost:{}/", port.wrapping_add(1).max(1));
    let err = fetcher.fetch(&other).unwrap_err();
    assert!(matches!(err, SourceError::Refused { .. }), "{err:?}");
}

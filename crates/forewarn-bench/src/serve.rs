//! How fast the server answers over a large record: a store filled with generated incidents
//! (dated 1970-2024, placed in real towns, with figures and perpetrators) and generated
//! documents, served by a real `forewarn serve` process on loopback, then timed from a client
//! in this process: the incidents list with three filters, an incident's page, a search, and
//! requests per second under concurrent load. The server's peak memory is read from
//! `/proc/PID/status` before it is stopped.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use http_body_util::BodyExt;
use serde::Serialize;

use crate::generated::{TOWNS, fill};
use crate::{BenchError, LatencyReport, Rng, latency, peak_rss_mib_of};

/// What to generate and how to load the server.
#[derive(Debug, Clone)]
pub struct ServeBench {
    /// Where the store is kept; a store generated before with the same sizes is reused.
    pub dir: PathBuf,
    /// Incidents to generate.
    pub incidents: u64,
    /// Documents to generate.
    pub documents: u64,
    /// Requests timed per kind, one at a time.
    pub requests: usize,
    /// Clients during the load phase.
    pub concurrency: usize,
    /// Length of the load phase.
    pub load_seconds: f64,
    /// The `forewarn` executable to serve with.
    pub server: PathBuf,
}

/// The measured numbers.
#[derive(Debug, Clone, Serialize)]
pub struct ServeReport {
    /// Incidents in the store.
    pub incidents: u64,
    /// Documents in the store.
    pub documents: u64,
    /// Seconds spent generating the store (0 when reused).
    pub fill_seconds: f64,
    /// `GET /api/v1/incidents` with country, date range and minimum killed.
    pub list_ms: LatencyReport,
    /// `GET /incidents?...` (the HTML table with the same three filters).
    pub list_page_ms: LatencyReport,
    /// `GET /incidents/{id}`, the incident page.
    pub incident_page_ms: LatencyReport,
    /// `GET /api/v1/search?q=...`.
    pub search_ms: LatencyReport,
    /// Requests per second with `concurrency` clients mixing the three.
    pub requests_per_second: f64,
    /// Requests that failed during the load phase.
    pub load_errors: u64,
    /// Peak resident memory of the server process, MiB.
    pub server_peak_rss_mib: Option<f64>,
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

type Client = hyper_util::client::legacy::Client<
    hyper_util::client::legacy::connect::HttpConnector,
    http_body_util::Empty<bytes::Bytes>,
>;

async fn fetch(client: &Client, url: &str) -> Result<(), String> {
    let uri: hyper::Uri = url.parse().map_err(|e| format!("{url}: {e}"))?;
    let r = client.get(uri).await.map_err(|e| format!("{url}: {e}"))?;
    let status = r.status();
    r.into_body()
        .collect()
        .await
        .map_err(|e| format!("{url}: {e}"))?;
    if status.is_success() {
        Ok(())
    } else {
        Err(format!("{url}: HTTP {status}"))
    }
}

fn list_query(rng: &mut Rng) -> String {
    let (_, _, country, _, _) = TOWNS[(rng.next() % TOWNS.len() as u64) as usize];
    let from = 1970 + rng.next() % 50;
    format!(
        "country={country}&from={from}&to={}&min_killed={}",
        from + 5,
        rng.next() % 20
    )
}

fn url_of(rng: &mut Rng, base: &str, kind: u64, b: &ServeBench) -> String {
    match kind {
        0 => format!("{base}/api/v1/incidents?{}", list_query(rng)),
        1 => format!("{base}/incidents?{}", list_query(rng)),
        2 => format!(
            "{base}/incidents/inc-{:016x}",
            rng.next() % b.incidents.max(1)
        ),
        _ => format!(
            "{base}/api/v1/search?q={}%20{}",
            rng.pick(&["Kabul", "Kunduz", "Peshawar", "Quetta", "Herat", "Moscow"]),
            rng.pick(&["claimed", "bomber", "checkpoint", "attack"])
        ),
    }
}

/// Generates (or reuses) the store, serves it and measures.
pub fn run_serve(b: &ServeBench) -> Result<ServeReport, BenchError> {
    let fill_seconds = fill(&b.dir, b.incidents, b.documents)?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|source| BenchError::Io {
            path: b.dir.clone(),
            source,
        })?;
    let child = Command::new(&b.server)
        .arg("--data")
        .arg(b.dir.join("data"))
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|source| BenchError::Io {
            path: b.server.clone(),
            source,
        })?;
    let server = Server(child);
    let base = format!("http://127.0.0.1:{port}");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|source| BenchError::Io {
            path: b.dir.clone(),
            source,
        })?;
    let result = runtime.block_on(async {
        let client: Client =
            hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
                .build_http();
        let ready = Instant::now();
        while fetch(&client, &format!("{base}/api/v1/stats"))
            .await
            .is_err()
        {
            if ready.elapsed() > Duration::from_secs(120) {
                return Err(BenchError::Ingest(
                    "the server did not start within 120 s".into(),
                ));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let mut rng = Rng(0x1234_5678_9ABC_DEF1);
        let mut timed = Vec::new();
        for kind in 0..4 {
            let mut times = Vec::with_capacity(b.requests);
            for _ in 0..b.requests {
                let url = url_of(&mut rng, &base, kind, b);
                let t = Instant::now();
                fetch(&client, &url).await.map_err(BenchError::Ingest)?;
                times.push(t.elapsed());
            }
            timed.push(latency(&mut times));
        }
        // Load: clients each loop over the mix until the time is up.
        let deadline = Instant::now() + Duration::from_secs_f64(b.load_seconds);
        let started = Instant::now();
        let mut tasks = Vec::new();
        for c in 0..b.concurrency {
            let client = client.clone();
            let base = base.clone();
            let bench = b.clone();
            tasks.push(tokio::spawn(async move {
                let mut rng = Rng(0xDEAD_BEEF_0000_0001 ^ (c as u64 + 1).wrapping_mul(0x9E37_79B9));
                let (mut ok, mut failed) = (0u64, 0u64);
                while Instant::now() < deadline {
                    let kind = rng.next() % 4;
                    let url = url_of(&mut rng, &base, kind, &bench);
                    match fetch(&client, &url).await {
                        Ok(()) => ok += 1,
                        Err(_) => failed += 1,
                    }
                }
                (ok, failed)
            }));
        }
        let (mut ok, mut failed) = (0u64, 0u64);
        for t in tasks {
            let (o, f) = t.await.unwrap_or((0, 1));
            ok += o;
            failed += f;
        }
        let elapsed = started.elapsed().as_secs_f64();
        Ok((timed, ok as f64 / elapsed, failed))
    });
    let peak = peak_rss_mib_of(&server.0.id().to_string());
    drop(server);
    let (mut timed, rps, failed) = result?;
    let search_ms = timed.pop().expect("four kinds timed");
    let incident_page_ms = timed.pop().expect("four kinds timed");
    let list_page_ms = timed.pop().expect("four kinds timed");
    let list_ms = timed.pop().expect("four kinds timed");
    Ok(ServeReport {
        incidents: b.incidents,
        documents: b.documents,
        fill_seconds,
        list_ms,
        list_page_ms,
        incident_page_ms,
        search_ms,
        requests_per_second: rps,
        load_errors: failed,
        server_peak_rss_mib: peak,
    })
}

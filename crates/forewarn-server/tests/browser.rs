//! The web app in a real headless Chromium, driven over WebDriver: every page loads and its
//! widgets draw, a filter narrows the incidents table, an incident opens, a reviewer accepts
//! it with the button and then with one keystroke in the queue, and the page shows the
//! result. A screenshot of each page is kept under `target/screenshots/`.
//!
//! Needs Chromium and its driver: set `FOREWARN_CHROMEDRIVER` to the chromedriver binary
//! (`.ci/run` sets it after installing Debian's `chromium` and `chromium-driver`); the test
//! says so and passes when it is unset.

mod common;

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::setup;
use fantoccini::{Client, ClientBuilder, Locator};
use forewarn_server::Access;
use serde_json::json;

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn screenshots() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn shoot(c: &Client, name: &str) {
    let png = c.screenshot().await.unwrap();
    std::fs::write(screenshots().join(format!("{name}.png")), png).unwrap();
}

/// Waits until `script` (a JS expression) is true in the page.
async fn until(c: &Client, what: &str, script: &str) {
    for _ in 0..100 {
        let v = c
            .execute(&format!("return !!({script});"), vec![])
            .await
            .unwrap();
        if v == json!(true) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let html = c.source().await.unwrap_or_default();
    panic!(
        "timed out waiting for {what} ({script}) on {}\n{}",
        c.current_url()
            .await
            .map(|u| u.to_string())
            .unwrap_or_default(),
        &html[..html.len().min(2000)]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_work_in_a_real_browser() {
    let Ok(driver_path) = std::env::var("FOREWARN_CHROMEDRIVER") else {
        eprintln!(
            "skipped: FOREWARN_CHROMEDRIVER is not set (install chromium and chromium-driver, then set it to /usr/bin/chromedriver)"
        );
        return;
    };
    let chromium =
        std::env::var("FOREWARN_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let f = setup(Access::LocalOpen);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = forewarn_server::app(f.state.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let port = free_port();
    let _driver = Driver(
        Command::new(&driver_path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {driver_path}: {e}")),
    );
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": chromium,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000"],
        }),
    );
    let mut client = None;
    for _ in 0..50 {
        match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(c) => {
                client = Some(c);
                break;
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
    let c = client.expect("chromedriver did not answer");

    // Overview: counts, the map's points and the timeline's bars are drawn.
    c.goto(&format!("{base}/")).await.unwrap();
    until(&c, "map markers", "document.querySelectorAll('.fw-map .leaflet-interactive, .fw-map .marker-cluster').length > 0").await;
    until(
        &c,
        "timeline bars",
        "document.querySelectorAll('.fw-timeline svg rect').length > 0",
    )
    .await;
    let cards = c.find_all(Locator::Css(".fw-card")).await.unwrap();
    assert!(cards.len() >= 4);
    shoot(&c, "overview").await;

    // Incidents: filter by country through the form; every row is in Russia.
    c.goto(&format!("{base}/incidents")).await.unwrap();
    let rows_before = c
        .find_all(Locator::Css("table.fw-table tbody tr"))
        .await
        .unwrap()
        .len();
    let country = c
        .find(Locator::Css("form.fw-filters input[name=country]"))
        .await
        .unwrap();
    country.send_keys("RU").await.unwrap();
    c.find(Locator::Css("form.fw-filters button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    until(
        &c,
        "the filtered table",
        "location.search.includes('country=RU')",
    )
    .await;
    let rows = c
        .find_all(Locator::Css("table.fw-table tbody tr"))
        .await
        .unwrap();
    assert!(
        !rows.is_empty() && rows.len() < rows_before,
        "{} of {rows_before}",
        rows.len()
    );
    for r in &rows {
        assert!(r.text().await.unwrap().contains("RU"));
    }
    until(&c, "the filtered map", "document.querySelectorAll('.fw-map .leaflet-interactive, .fw-map .marker-cluster').length > 0").await;
    shoot(&c, "incidents").await;

    // Open the incident and accept it with the button.
    c.find(Locator::Css("table.fw-table tbody tr td a"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    until(
        &c,
        "the incident page",
        "location.pathname.startsWith('/incidents/inc-')",
    )
    .await;
    let page = c.source().await.unwrap();
    assert!(
        page.contains("Crocus City Hall"),
        "the incident page shows the source quote"
    );
    c.find(Locator::Css(
        "form input[name=action][value=accept] ~ button",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    until(
        &c,
        "the accepted badge",
        "document.querySelector('.fw-head .fw-badge-accepted') !== null",
    )
    .await;
    let trail = c
        .find(Locator::Css(".fw-grid ol"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(trail.contains("accept"), "{trail}");
    shoot(&c, "incident").await;

    // Review queue: one keystroke accepts the selected incident.
    c.goto(&format!("{base}/review")).await.unwrap();
    until(
        &c,
        "the queue",
        "document.querySelectorAll('ol.fw-queue li.fw-item').length > 0",
    )
    .await;
    let before: String = c
        .execute(
            "return document.querySelector('ol.fw-queue li.fw-item[data-id]').dataset.id;",
            vec![],
        )
        .await
        .unwrap()
        .as_str()
        .unwrap()
        .to_string();
    c.execute(
        "document.querySelector('ol.fw-queue li.fw-item[data-id]').scrollIntoView();",
        vec![],
    )
    .await
    .unwrap();
    // Select the first unreviewed incident (j moves through both queues' items) and press a.
    c.execute(
        "const items=[...document.querySelectorAll('ol.fw-queue li.fw-item[data-id]')]; items[0].querySelector('button[data-key=a]').click();",
        vec![],
    )
    .await
    .unwrap();
    until(
        &c,
        "the item marked done",
        "document.querySelector('ol.fw-queue li.fw-item[data-id].is-done') !== null",
    )
    .await;
    shoot(&c, "review").await;
    let status = f
        .get(&format!("/api/v1/incidents/{before}"), None)
        .await
        .json()["status"]
        .clone();
    assert_eq!(status, "accepted");
    // The keyboard path on the next one.
    c.execute(
        "document.activeElement && document.activeElement.blur();",
        vec![],
    )
    .await
    .unwrap();
    let body = c.find(Locator::Css("body")).await.unwrap();
    body.send_keys("j").await.unwrap();
    body.send_keys("a").await.unwrap();
    until(
        &c,
        "a second item done",
        "document.querySelectorAll('ol.fw-queue li.fw-item.is-done').length >= 2",
    )
    .await;

    // Actor page: the network draws (a canvas) and the as-of form is there.
    c.goto(&format!("{base}/actors/ISKP")).await.unwrap();
    until(
        &c,
        "the network",
        "document.querySelector('.fw-network canvas') !== null",
    )
    .await;
    shoot(&c, "actor").await;

    // Documents: search highlights; a report's page marks what was extracted.
    c.goto(&format!("{base}/documents?q=Krasnogorsk"))
        .await
        .unwrap();
    until(
        &c,
        "a highlighted hit",
        "document.querySelector('ol.fw-results mark') !== null",
    )
    .await;
    shoot(&c, "search").await;
    c.find(Locator::Css("ol.fw-results a"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    until(
        &c,
        "marks",
        "document.querySelectorAll('.fw-text mark.fw-m').length > 3",
    )
    .await;
    shoot(&c, "document").await;

    // Ingest: paste a report; the progress list says it was stored.
    c.goto(&format!("{base}/ingest")).await.unwrap();
    c.find(Locator::Css("form.fw-ingest textarea[name=text]"))
        .await
        .unwrap()
        .send_keys("On 3 January 2024 two suicide bombers killed 95 people at a memorial procession in Kerman, Iran. The Islamic State claimed the bombings.")
        .await
        .unwrap();
    c.find(Locator::Css("form.fw-ingest button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    until(
        &c,
        "the ingest to finish",
        "document.querySelector('ol.fw-progress li.is-done') !== null",
    )
    .await;
    shoot(&c, "ingest").await;
    assert_eq!(
        f.get("/api/v1/incidents?country=IR", None).await.json()["total"],
        1
    );

    // The API page draws Swagger UI from the OpenAPI document.
    c.goto(&format!("{base}/api")).await.unwrap();
    until(
        &c,
        "Swagger UI",
        "document.querySelectorAll('#swagger-ui .opblock').length > 10",
    )
    .await;
    shoot(&c, "api").await;

    c.close().await.unwrap();
}

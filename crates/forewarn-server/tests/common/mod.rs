//! A store with the fixture reports ingested, and helpers to call the app in-process.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::http::{Request, Response, StatusCode, header};
use forewarn_ingest::{IngestOptions, MetaOverrides, SilentObserver, ingest};
use forewarn_model::{Role, Tlp};
use forewarn_server::{Access, AppState, app};
use forewarn_store::SqliteStore;
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn ingest_one(store: &mut SqliteStore, name: &str, published: &str, tlp: Option<Tlp>) {
    let options = IngestOptions {
        overrides: MetaOverrides {
            published: Some(published.parse().unwrap()),
            tlp,
            ..Default::default()
        },
        workers: 1,
        ..Default::default()
    };
    let summary = ingest(
        store,
        &[fixture(name).display().to_string()],
        &options,
        &mut SilentObserver,
    )
    .unwrap();
    assert_eq!(summary.failed, 0, "{:?}", summary.outcomes);
}

/// Secrets of the tokens made for a test store.
pub struct Tokens {
    pub viewer: String,
    pub analyst: String,
    pub admin: String,
    pub red: String,
}

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub state: AppState,
    pub tokens: Tokens,
}

/// The fixture reports ingested into a fresh store; one is marked TLP:RED.
pub fn setup(access: Access) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let tokens = {
        let mut store = SqliteStore::open(dir.path()).unwrap();
        ingest_one(&mut store, "kabul-airport-a.txt", "2021-08-27", None);
        ingest_one(&mut store, "kabul-airport-b.txt", "2021-08-28", None);
        ingest_one(&mut store, "crocus.txt", "2024-03-23", None);
        ingest_one(&mut store, "hostile.html", "2022-03-05", None);
        ingest_one(&mut store, "red-note.txt", "2021-10-09", Some(Tlp::Red));
        let mut make = |name: &str, role: Role, red: bool| {
            forewarn_server::auth::create_token(&mut store, name, role, red)
                .unwrap()
                .1
        };
        Tokens {
            viewer: make("reader", Role::Viewer, false),
            analyst: make("analyst", Role::Analyst, false),
            admin: make("admin", Role::Admin, false),
            red: make("cleared", Role::Analyst, true),
        }
    };
    let state = AppState::open(dir.path(), access).unwrap();
    Fixture { dir, state, tokens }
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {}",
                String::from_utf8_lossy(&self.body[..self.body.len().min(300)])
            )
        })
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

async fn reply(r: Response<Body>) -> Reply {
    let status = r.status();
    let headers = r.headers().clone();
    let body = r.into_body().collect().await.unwrap().to_bytes().to_vec();
    Reply {
        status,
        headers,
        body,
    }
}

impl Fixture {
    pub async fn send(&self, request: Request<Body>) -> Reply {
        reply(app(self.state.clone()).oneshot(request).await.unwrap()).await
    }

    /// GET with an optional bearer token.
    pub async fn get(&self, uri: &str, token: Option<&str>) -> Reply {
        let mut b = Request::get(uri);
        if let Some(t) = token {
            b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        self.send(b.body(Body::empty()).unwrap()).await
    }

    /// POST JSON with an optional bearer token.
    pub async fn post_json(&self, uri: &str, token: Option<&str>, body: &Value) -> Reply {
        let mut b = Request::post(uri).header(header::CONTENT_TYPE, "application/json");
        if let Some(t) = token {
            b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        self.send(b.body(Body::from(body.to_string())).unwrap())
            .await
    }

    /// The id of the first incident the API lists for a query.
    pub async fn first_incident(&self, query: &str, token: Option<&str>) -> String {
        let r = self.get(&format!("/api/v1/incidents?{query}"), token).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        r.json()["items"][0]["id"]
            .as_str()
            .unwrap_or_else(|| panic!("no incident for {query}: {}", r.text()))
            .to_string()
    }
}

/// Asserts the body is the API's error shape with this status.
pub fn assert_error(r: &Reply, status: StatusCode) {
    assert_eq!(r.status, status, "{}", r.text());
    let v = r.json();
    assert_eq!(v["status"].as_u64(), Some(u64::from(status.as_u16())));
    assert!(v["code"].as_str().is_some_and(|c| !c.is_empty()), "{v}");
    assert!(v["message"].as_str().is_some_and(|m| !m.is_empty()), "{v}");
}

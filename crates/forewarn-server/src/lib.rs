//! The HTTP shell: `forewarn serve`'s web app and JSON API over the store.
//!
//! The app is server-rendered ([`pages`]), with its charts, map, network and keyboard review
//! drawn by one script from the JSON API ([`api`], under `/api/v1`, described by the OpenAPI
//! document at `/api/v1/openapi.json`). Every asset is compiled in; nothing is fetched from
//! the internet. Handlers parse requests, check access ([`auth`]) and call the library crates
//! (the store, the knowledge base, exports, ingest); they hold no business logic.

pub mod api;
pub mod auth;
pub mod error;
pub mod filters;
pub mod guard;
pub mod pages;
pub mod state;

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Path};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use include_dir::{Dir, include_dir};

pub use error::ApiError;
pub use state::{Access, AppState};

static ASSETS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/assets");

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or_default() {
        "js" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "md" | "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

async fn asset(Path(path): Path<String>) -> Response {
    match ASSETS.get_file(&path) {
        Some(f) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static(content_type(&path)),
                ),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=3600"),
                ),
            ],
            f.contents(),
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "no such asset").into_response(),
    }
}

/// An unknown address: JSON under `/api/`, a page elsewhere.
async fn not_found(uri: axum::http::Uri) -> Response {
    if uri.path().starts_with("/api/") {
        ApiError::not_found("no such API endpoint (see /api/v1/openapi.json)").into_response()
    } else {
        pages::PageError(ApiError::not_found(format!("no page at {}", uri.path()))).into_response()
    }
}

/// The whole application: pages, API and assets, behind the CSRF guard and security headers.
pub fn app(state: AppState) -> Router {
    Router::new()
        .merge(pages::routes())
        .merge(api::routes())
        .route("/assets/{*path}", get(asset))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(api::MAX_UPLOAD))
        .layer(axum::middleware::from_fn(guard::csrf))
        .layer(axum::middleware::from_fn(guard::security_headers))
        .with_state(state)
}

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The data directory.
    pub data: PathBuf,
    /// Where to listen.
    pub addr: SocketAddr,
    /// Require a token even on loopback.
    pub require_token: bool,
}

/// Why the server could not run.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The store could not be opened.
    #[error(transparent)]
    Store(#[from] forewarn_store::StoreError),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// The server failed while running.
    #[error("the server stopped: {0}")]
    Io(#[from] std::io::Error),
}

/// The access policy for an address: a token is required unless it is loopback.
pub fn access_for(addr: &SocketAddr, require_token: bool) -> Access {
    if require_token || !addr.ip().is_loopback() {
        Access::TokenRequired
    } else {
        Access::LocalOpen
    }
}

/// Serves until Ctrl-C. `ready` hears the bound address (port 0 picks a free one).
pub async fn serve(
    options: ServeOptions,
    ready: impl FnOnce(SocketAddr) + Send,
) -> Result<(), ServeError> {
    let access = access_for(&options.addr, options.require_token);
    let data = options.data.clone();
    let state = tokio::task::spawn_blocking(move || AppState::open(&data, access))
        .await
        .map_err(|e| std::io::Error::other(e.to_string()))??;
    let listener = tokio::net::TcpListener::bind(options.addr)
        .await
        .map_err(|source| ServeError::Bind {
            addr: options.addr,
            source,
        })?;
    ready(listener.local_addr()?);
    axum::serve(listener, app(state))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}

//! Versioned schema migrations for the SQLite backend. Each migration runs in its own
//! transaction and records itself in `schema_migrations`, so a crash leaves the database at
//! a whole version. Migrations are append-only: never edit one that has shipped.

use std::path::Path;

use rusqlite::Connection;

use crate::StoreError;
use crate::error::SqlContext;

/// (version, name, SQL), in order.
const MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "documents",
        include_str!("migrations/0001_documents.sql"),
    ),
    (2, "findings", include_str!("migrations/0002_findings.sql")),
    (
        3,
        "incidents",
        include_str!("migrations/0003_incidents.sql"),
    ),
    (4, "review", include_str!("migrations/0004_review.sql")),
    (
        5,
        "actor_merges",
        include_str!("migrations/0005_actor_merges.sql"),
    ),
    (
        6,
        "incident_facets",
        include_str!("migrations/0006_incident_facets.sql"),
    ),
    (7, "tokens", include_str!("migrations/0007_tokens.sql")),
    (
        8,
        "incident_confidence",
        include_str!("migrations/0008_incident_confidence.sql"),
    ),
    (
        9,
        "actor_names",
        include_str!("migrations/0009_actor_names.sql"),
    ),
    (
        10,
        "documents_tlp",
        include_str!("migrations/0010_documents_tlp.sql"),
    ),
];

/// The newest schema version this build knows.
pub(crate) fn latest() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.0)
}

/// Brings the database up to [`latest`], refusing one written by a newer build.
pub(crate) fn migrate(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
    )
    .context("creating the migrations table")?;
    let current: i64 = conn
        .query_row(
            "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
            [],
            |r| r.get(0),
        )
        .context("reading the schema version")?;
    if current > latest() {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: current,
            supported: latest(),
        });
    }
    for &(version, name, sql) in MIGRATIONS.iter().filter(|m| m.0 > current) {
        let wrap = |source| StoreError::Migration {
            version,
            name,
            source,
        };
        let tx = conn.transaction().map_err(wrap)?;
        tx.execute_batch(sql).map_err(wrap)?;
        tx.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)",
            rusqlite::params![version, name, jiff::Timestamp::now().to_string()],
        )
        .map_err(wrap)?;
        tx.commit().map_err(wrap)?;
    }
    Ok(())
}

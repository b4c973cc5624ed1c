//! The embedded backend: SQLite in one data directory.
//!
//! One connection per `SqliteStore`; WAL mode lets readers (another `forewarn` process, the
//! web server's readers) proceed while one writer writes. Foreign keys are on. Every
//! `put_document` is a single `IMMEDIATE` transaction covering the document row, its FTS5
//! entry (by trigger), its fingerprint bands and its near-duplicate link.

mod findings;
mod fts;
mod incidents;
mod migrations;

use std::path::{Path, PathBuf};
use std::time::Duration;

use forewarn_model::{
    ActorFact, ActorFinding, ActorId, Adjudication, AdjudicationStatus, AssignedBy, Document,
    DocumentId, DocumentMeta, Event, EventRef, Incident, IncidentId, Language, MediaType, Relation,
    Reliability, ReviewEntry, ReviewTarget, Role,
};
use jiff::Timestamp;
use jiff::civil::Date;
use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags, OptionalExtension, Row, TransactionBehavior, params};

use crate::error::SqlContext;
use crate::{
    ApiToken, CandidateQuery, DocumentFilter, DocumentFindings, DocumentSummary, Findings,
    IncidentCounts, IncidentFilter, IncidentRow, IncidentWrite, Listing, MonthCount, NearDuplicate,
    Page, Pin, PutOptions, PutOutcome, SearchHit, SearchQuery, Store, StoreError, StoreStats,
    Stored,
};

/// The database file inside the data directory.
pub const DATABASE_FILE: &str = "forewarn.db";

/// The embedded store.
pub struct SqliteStore {
    conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore")
            .field("path", &self.path)
            .finish()
    }
}

impl SqliteStore {
    /// Opens (creating if needed) the store in `data_dir`, and migrates it to the current
    /// schema.
    pub fn open(data_dir: &Path) -> Result<SqliteStore, StoreError> {
        std::fs::create_dir_all(data_dir).map_err(|source| StoreError::DataDir {
            path: data_dir.to_path_buf(),
            source,
        })?;
        let path = data_dir.join(DATABASE_FILE);
        let open_err = |source| StoreError::Open {
            path: path.clone(),
            source,
        };
        let mut conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(open_err)?;
        conn.busy_timeout(Duration::from_secs(30))
            .map_err(open_err)?;
        // `journal_mode` returns a row, so it is read rather than executed.
        let mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(open_err)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Corrupt {
                what: path.display().to_string(),
                reason: format!("cannot switch to WAL journal mode (got {mode})"),
            });
        }
        conn.execute_batch(
            // A larger page cache and memory-mapped reads: listing a million incidents touches
            // more pages than SQLite's 2 MiB default cache holds.
            "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY;
             PRAGMA cache_size = -32768;",
        )
        .map_err(open_err)?;
        // Memory-mapped reads are an optimisation: where the platform refuses them, SQLite
        // reads as before. Like journal_mode, mmap_size answers with a row, so it is read.
        let _ = conn.query_row("PRAGMA mmap_size = 1073741824", [], |r| r.get::<_, i64>(0));
        register_functions(&conn).map_err(open_err)?;
        migrations::migrate(&mut conn, &path)?;
        Ok(SqliteStore { conn, path })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("SELECT MAX(version) FROM schema_migrations", [], |r| {
                r.get(0)
            })
            .context("reading the schema version")
    }

    /// Runs SQLite's integrity check and FTS5's own consistency check; returns the problems
    /// found (empty when sound).
    pub fn check_integrity(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("PRAGMA integrity_check")
            .context("checking integrity")?;
        let mut problems: Vec<String> = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .context("checking integrity")?
            .collect::<Result<_, _>>()
            .context("checking integrity")?;
        problems.retain(|p| p != "ok");
        if let Err(e) = self.conn.execute(
            "INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check')",
            [],
        ) {
            problems.push(format!("full-text index: {e}"));
        }
        Ok(problems)
    }

    fn token_rows(&self, clause: &str, params: &[Value]) -> Result<Vec<ApiToken>, StoreError> {
        let what = "reading tokens";
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT id, name, role, red, created_at, revoked_at FROM api_tokens {clause} ORDER BY id"
            ))
            .context(what)?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(params), |r| {
                Ok(ApiToken {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    role: parse_col(r, 2)?,
                    red: r.get(3)?,
                    created: parse_col(r, 4)?,
                    revoked: parse_opt(r, 5)?,
                })
            })
            .context(what)?;
        rows.collect::<Result<Vec<_>, _>>().context(what)
    }

    /// The nearest stored document within `max_distance`. Each band is scanned for at most
    /// 512 candidates, so a corpus full of templated texts costs bounded time per insert
    /// (at the price of possibly missing a near duplicate among them).
    fn near_duplicate_for(
        tx: &rusqlite::Transaction<'_>,
        doc: &Document,
        max_distance: u32,
    ) -> Result<Option<NearDuplicate>, StoreError> {
        let mut stmt = tx
            .prepare_cached(
                "SELECT document_id, simhash FROM simhash_bands
                 WHERE band = ?1 AND value = ?2
                 LIMIT 512",
            )
            .context("finding near duplicates")?;
        let mut best: Option<(String, u32)> = None;
        for (band, value) in bands(doc.simhash) {
            let rows = stmt
                .query_map(params![band, value], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
                })
                .context("finding near duplicates")?;
            for row in rows {
                let (id, hash) = row.context("finding near duplicates")?;
                let distance = (doc.simhash ^ hash as u64).count_ones();
                let better = best.as_ref().is_none_or(|b| distance < b.1);
                if distance <= max_distance && better {
                    best = Some((id, distance));
                }
            }
        }
        let Some((id, distance)) = best else {
            return Ok(None);
        };
        let name: String = tx
            .query_row("SELECT name FROM documents WHERE id = ?1", [&id], |r| {
                r.get(0)
            })
            .context("naming a near duplicate")?;
        Ok(Some(NearDuplicate {
            document: DocumentId(id),
            name,
            distance,
        }))
    }

    fn summaries(&self, sql: &str, params: &[Value]) -> Result<Vec<DocumentSummary>, StoreError> {
        let mut stmt = self.conn.prepare_cached(sql).context("listing documents")?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(params), summary_from_row)
            .context("listing documents")?;
        let mut out: Vec<DocumentSummary> = rows
            .collect::<Result<_, _>>()
            .context("listing documents")?;
        for s in &mut out {
            s.near_duplicates = self.near_duplicate_ids(&s.id)?;
        }
        Ok(out)
    }

    fn near_duplicate_ids(&self, id: &DocumentId) -> Result<Vec<DocumentId>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT duplicate_of FROM near_duplicates WHERE document_id = ?1
                 UNION SELECT document_id FROM near_duplicates WHERE duplicate_of = ?1",
            )
            .context("reading near duplicates")?;
        let ids = stmt
            .query_map([id.as_str()], |r| r.get::<_, String>(0).map(DocumentId))
            .context("reading near duplicates")?
            .collect::<Result<_, _>>()
            .context("reading near duplicates")?;
        Ok(ids)
    }
}

/// The eight 8-bit bands of a fingerprint, as (band index, value).
fn bands(simhash: u64) -> [(i64, i64); 8] {
    std::array::from_fn(|i| (i as i64, ((simhash >> (8 * i)) & 0xFF) as i64))
}

/// How names are folded for lookups, in Rust and in SQL alike (`fw_fold`): Unicode lower
/// case of the trimmed name.
pub(crate) fn fold_name(name: &str) -> String {
    name.trim().to_lowercase()
}

/// SQL functions forewarn's schema relies on; registered on every connection before the
/// migrations run, since a migration may call them.
fn register_functions(conn: &Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        "fw_fold",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| Ok(ctx.get::<Option<String>>(0)?.map(|name| fold_name(&name))),
    )
}

/// How many of a search's most recently stored matches BM25 ranks for its first pages.
pub(crate) const RANK_WINDOW: u64 = 2_000;

const SUMMARY_COLUMNS: &str = "d.id, d.name, d.title, d.publisher, d.published, d.retrieved, \
     d.media_type, d.language, d.reliability, d.tlp, d.chars";

fn summary_from_row(r: &Row<'_>) -> rusqlite::Result<DocumentSummary> {
    Ok(DocumentSummary {
        id: DocumentId(r.get(0)?),
        name: r.get(1)?,
        title: r.get(2)?,
        publisher: r.get(3)?,
        published: parse_opt(r, 4)?,
        retrieved: parse_col(r, 5)?,
        media_type: parse_col(r, 6)?,
        language: r.get(7)?,
        reliability: parse_opt(r, 8)?,
        tlp: parse_opt(r, 9)?,
        chars: r.get::<_, i64>(10)? as u64,
        near_duplicates: Vec::new(),
    })
}

fn parse_col<T>(r: &Row<'_>, i: usize) -> rusqlite::Result<T>
where
    T: std::str::FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    let s: String = r.get(i)?;
    s.parse().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn parse_opt<T>(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<T>>
where
    T: std::str::FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    let s: Option<String> = r.get(i)?;
    s.map(|s| {
        s.parse().map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
        })
    })
    .transpose()
}

fn document_from_row(r: &Row<'_>) -> rusqlite::Result<Document> {
    let language = match (r.get::<_, Option<String>>(9)?, r.get::<_, Option<f64>>(10)?) {
        (Some(code), conf) => Some(Language {
            code,
            confidence: conf.unwrap_or(0.0),
        }),
        _ => None,
    };
    Ok(Document {
        id: DocumentId(r.get(0)?),
        meta: DocumentMeta {
            name: r.get(1)?,
            url: r.get(2)?,
            title: r.get(3)?,
            publisher: r.get(4)?,
            author: r.get(5)?,
            published: parse_opt::<Date>(r, 6)?,
            reliability: parse_opt(r, 11)?,
            tlp: parse_opt(r, 12)?,
        },
        retrieved: parse_col::<Timestamp>(r, 7)?,
        media_type: parse_col::<MediaType>(r, 8)?,
        language,
        source_bytes: r.get::<_, i64>(13)? as u64,
        simhash: r.get::<_, i64>(14)? as u64,
        text: r.get(15)?,
    })
}

const DOCUMENT_COLUMNS: &str = "id, name, url, title, publisher, author, published, retrieved, \
     media_type, language, language_confidence, reliability, tlp, source_bytes, simhash, text";

/// Appends the filter's conditions to `where_` and its values to `params`.
fn filter_sql(filter: &DocumentFilter, where_: &mut Vec<String>, params: &mut Vec<Value>) {
    if let Some(p) = &filter.publisher {
        where_.push("d.publisher LIKE ? ESCAPE '\\'".into());
        let escaped = p
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        params.push(Value::Text(format!("%{escaped}%")));
    }
    if let Some(d) = filter.published_from {
        where_.push("d.published >= ?".into());
        params.push(Value::Text(d.to_string()));
    }
    if let Some(d) = filter.published_to {
        where_.push("d.published <= ?".into());
        params.push(Value::Text(d.to_string()));
    }
    if let Some(l) = &filter.language {
        where_.push("d.language = ?".into());
        params.push(Value::Text(l.clone()));
    }
    if filter.hide_red {
        where_.push("(d.tlp IS NULL OR d.tlp != 'red')".into());
    }
    if let Some(t) = filter.tlp {
        where_.push("d.tlp = ?".into());
        params.push(Value::Text(t.as_str().to_string()));
    }
}

fn where_clause(where_: &[String]) -> String {
    if where_.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", where_.join(" AND "))
    }
}

impl Store for SqliteStore {
    fn put_document(
        &mut self,
        doc: &Document,
        findings: Option<&Findings<'_>>,
        options: PutOptions,
    ) -> Result<PutOutcome, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .context("starting a transaction")?;
        let existing: Option<String> = tx
            .query_row(
                "SELECT name FROM documents WHERE id = ?1",
                [doc.id.as_str()],
                |r| r.get(0),
            )
            .optional()
            .context("looking up the document id")?;
        if let Some(existing_name) = existing {
            if existing_name != doc.meta.name {
                tx.execute(
                    "INSERT OR IGNORE INTO document_sightings (document_id, name, url, at)
                     VALUES (?1, ?2, ?3, ?4)",
                    params![
                        doc.id.as_str(),
                        doc.meta.name,
                        doc.meta.url,
                        doc.retrieved.to_string()
                    ],
                )
                .context("recording a duplicate sighting")?;
            }
            tx.commit().context("committing a duplicate sighting")?;
            return Ok(PutOutcome::Duplicate {
                existing: doc.id.clone(),
                existing_name,
            });
        }
        let near = Self::near_duplicate_for(&tx, doc, options.near_duplicate_max_distance)?;
        let m = &doc.meta;
        tx.execute(
            "INSERT INTO documents (id, name, url, title, publisher, author, published, retrieved,
                media_type, language, language_confidence, reliability, tlp, source_bytes,
                simhash, chars, text)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
            params![
                doc.id.as_str(),
                m.name,
                m.url,
                m.title,
                m.publisher,
                m.author,
                m.published.map(|d| d.to_string()),
                doc.retrieved.to_string(),
                doc.media_type.as_str(),
                doc.language.as_ref().map(|l| l.code.clone()),
                doc.language.as_ref().map(|l| l.confidence),
                m.reliability.map(|r| r.as_str()),
                m.tlp.map(|t| t.as_str()),
                doc.source_bytes as i64,
                doc.simhash as i64,
                doc.text.chars().count() as i64,
                doc.text,
            ],
        )
        .context("inserting a document")?;
        {
            let mut stmt = tx
                .prepare_cached(
                    "INSERT INTO simhash_bands (band, value, document_id, simhash)
                     VALUES (?1, ?2, ?3, ?4)",
                )
                .context("indexing the fingerprint")?;
            for (band, value) in bands(doc.simhash) {
                stmt.execute(params![band, value, doc.id.as_str(), doc.simhash as i64])
                    .context("indexing the fingerprint")?;
            }
        }
        if let Some(n) = &near {
            tx.execute(
                "INSERT INTO near_duplicates (document_id, duplicate_of, distance) VALUES (?1, ?2, ?3)",
                params![doc.id.as_str(), n.document.as_str(), n.distance],
            )
            .context("linking a near duplicate")?;
        }
        if let Some(f) = findings {
            findings::write(&tx, &doc.id, f)?;
        }
        tx.commit().context("committing a document")?;
        Ok(PutOutcome::Inserted {
            near_duplicate_of: near,
        })
    }

    fn document(&self, id_or_prefix: &str) -> Result<Option<Document>, StoreError> {
        let key = id_or_prefix.trim().to_ascii_lowercase();
        if key.len() < 6 || !key.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(None);
        }
        let count: i64 = self
            .conn
            .query_row(
                "SELECT COUNT(*) FROM documents WHERE id >= ?1 AND id < ?1 || 'g'",
                [&key],
                |r| r.get(0),
            )
            .context("looking up a document")?;
        if count > 1 && key.len() < 32 {
            return Err(StoreError::AmbiguousId {
                prefix: key,
                count: count as u64,
            });
        }
        self.conn
            .query_row(
                &format!(
                    "SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id >= ?1 AND id < ?1 || 'g' LIMIT 1"
                ),
                [&key],
                document_from_row,
            )
            .optional()
            .context("reading a document")
    }

    fn list_documents(
        &self,
        filter: &DocumentFilter,
        page: Page,
    ) -> Result<Listing<DocumentSummary>, StoreError> {
        let mut where_ = Vec::new();
        let mut params = Vec::new();
        filter_sql(filter, &mut where_, &mut params);
        let clause = where_clause(&where_);
        let total: i64 = self
            .conn
            .query_row(
                &format!("SELECT COUNT(*) FROM documents d {clause}"),
                rusqlite::params_from_iter(&params),
                |r| r.get(0),
            )
            .context("counting documents")?;
        params.push(Value::Integer(page.limit.min(i64::MAX as u64) as i64));
        params.push(Value::Integer(page.offset.min(i64::MAX as u64) as i64));
        let items = self.summaries(
            &format!(
                "SELECT {SUMMARY_COLUMNS} FROM documents d {clause}
                 ORDER BY d.published IS NULL, d.published DESC, d.rowid DESC LIMIT ? OFFSET ?"
            ),
            &params,
        )?;
        Ok(Listing {
            total: total as u64,
            items,
        })
    }

    fn search(&self, query: &SearchQuery, page: Page) -> Result<Listing<SearchHit>, StoreError> {
        let Some(expr) = &query.expr else {
            return Err(crate::QueryError::Empty.into());
        };
        let fts_query = fts::compile(expr)?;
        let mut where_ = vec!["documents_fts MATCH ?".to_string()];
        let mut params = vec![Value::Text(fts_query)];
        // Red documents are few: leaving them out by rowid spares reading every matching
        // document's row, which only the other filters need.
        let filter = DocumentFilter {
            hide_red: false,
            ..query.filter.clone()
        };
        filter_sql(&filter, &mut where_, &mut params);
        let from = if where_.len() > 1 {
            "FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid"
        } else {
            "FROM documents_fts"
        };
        if query.filter.hide_red {
            where_.push(
                "documents_fts.rowid NOT IN (SELECT rowid FROM documents WHERE tlp = 'red')".into(),
            );
        }
        let clause = where_clause(&where_);
        let total: i64 = self
            .conn
            .query_row(
                &format!("SELECT COUNT(*) {from} {clause}"),
                rusqlite::params_from_iter(&params),
                |r| r.get(0),
            )
            .map_err(fts::explain_error)?;
        // BM25 is computed for every match it ranks; a query matching most of a large
        // archive ranks only the RANK_WINDOW most recently stored matches (the first pages
        // of results, which is what people read), bounding its cost. Deeper pages rank all.
        let mut ranked_clause = clause.clone();
        let mut ranked_params = params.clone();
        let last_wanted = page.offset.saturating_add(page.limit);
        if total as u64 > RANK_WINDOW && last_wanted <= RANK_WINDOW {
            let mut floor_params = params.clone();
            floor_params.push(Value::Integer(RANK_WINDOW as i64 - 1));
            let floor: Option<i64> = self
                .conn
                .query_row(
                    &format!(
                        "SELECT documents_fts.rowid {from} {clause}
                         ORDER BY documents_fts.rowid DESC LIMIT 1 OFFSET ?"
                    ),
                    rusqlite::params_from_iter(&floor_params),
                    |r| r.get(0),
                )
                .optional()
                .map_err(fts::explain_error)?;
            if let Some(floor) = floor {
                ranked_clause.push_str(" AND documents_fts.rowid >= ?");
                ranked_params.push(Value::Integer(floor));
            }
        }
        // Rank first, reading only rowids and scores, then build the page's hits: SQLite
        // computes every selected column before sorting, and a snippet re-tokenises the
        // whole document, so selecting snippets in the ranking query would cost a snippet
        // per match instead of one per hit.
        let match_param = params[0].clone();
        ranked_params.push(Value::Integer(page.limit.min(i64::MAX as u64) as i64));
        ranked_params.push(Value::Integer(page.offset.min(i64::MAX as u64) as i64));
        let ranked: Vec<(i64, f64)> = {
            let mut stmt = self
                .conn
                .prepare_cached(&format!(
                    "SELECT documents_fts.rowid, -bm25(documents_fts, 3.0, 1.0) AS score
                     {from} {ranked_clause} ORDER BY score DESC LIMIT ? OFFSET ?"
                ))
                .context("searching")?;
            let rows = stmt
                .query_map(rusqlite::params_from_iter(&ranked_params), |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .map_err(fts::explain_error)?;
            rows.collect::<Result<_, _>>().map_err(fts::explain_error)?
        };
        let mut hit = self
            .conn
            .prepare_cached(&format!(
                "SELECT {SUMMARY_COLUMNS},
                        snippet(documents_fts, -1, char({open}), char({close}), '…', 24)
                 FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid WHERE documents_fts MATCH ?1 AND documents_fts.rowid = ?2",
                open = fts::OPEN as u32,
                close = fts::CLOSE as u32,
            ))
            .context("searching")?;
        let mut items = Vec::with_capacity(ranked.len());
        for (rowid, score) in ranked {
            let (mut document, raw) = hit
                .query_row(rusqlite::params![match_param, rowid], |r| {
                    Ok((summary_from_row(r)?, r.get::<_, String>(11)?))
                })
                .map_err(fts::explain_error)?;
            document.near_duplicates = self.near_duplicate_ids(&document.id)?;
            items.push(SearchHit {
                document,
                score,
                snippet: fts::snippet(&raw),
            });
        }
        Ok(Listing {
            total: total as u64,
            items,
        })
    }

    fn put_findings(
        &mut self,
        document: &DocumentId,
        findings: &Findings<'_>,
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .context("starting a transaction")?;
        findings::write(&tx, document, findings)?;
        tx.commit().context("committing findings")
    }

    fn document_ids(&self) -> Result<Vec<DocumentId>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM documents ORDER BY rowid")
            .context("listing document ids")?;
        let ids = stmt
            .query_map([], |r| r.get::<_, String>(0).map(DocumentId))
            .context("listing document ids")?
            .collect::<Result<_, _>>()
            .context("listing document ids")?;
        Ok(ids)
    }

    fn events(&self) -> Result<Vec<Stored<Event>>, StoreError> {
        findings::read(&self.conn, "events")
    }

    fn actor_findings(&self) -> Result<Vec<Stored<ActorFinding>>, StoreError> {
        findings::read(&self.conn, "actor_findings")
    }

    fn relations(&self) -> Result<Vec<Stored<Relation>>, StoreError> {
        findings::read(&self.conn, "relations")
    }

    fn facts(&self) -> Result<Vec<Stored<ActorFact>>, StoreError> {
        findings::read(&self.conn, "actor_facts")
    }

    fn actor_names_matching(&self, name: &str) -> Result<Vec<(ActorId, bool)>, StoreError> {
        findings::names_matching(&self.conn, &fold_name(name))
    }

    fn actor_findings_of(
        &self,
        actors: &[ActorId],
    ) -> Result<Vec<Stored<ActorFinding>>, StoreError> {
        findings::read_of(&self.conn, "actor_findings", &["actor_id"], actors)
    }

    fn relations_of(&self, actors: &[ActorId]) -> Result<Vec<Stored<Relation>>, StoreError> {
        findings::read_of(&self.conn, "relations", &["subject", "object"], actors)
    }

    fn facts_of(&self, actors: &[ActorId]) -> Result<Vec<Stored<ActorFact>>, StoreError> {
        findings::read_of(&self.conn, "actor_facts", &["actor_id"], actors)
    }

    fn red_documents(
        &self,
        documents: &[DocumentId],
    ) -> Result<Vec<(DocumentId, String)>, StoreError> {
        let ids: Vec<&str> = documents.iter().map(DocumentId::as_str).collect();
        let ids = serde_json::to_string(&ids).map_err(|e| StoreError::Corrupt {
            what: "document ids".into(),
            reason: e.to_string(),
        })?;
        let what = "reading which documents are TLP:RED";
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, name FROM documents
                 WHERE tlp = 'red' AND id IN (SELECT value FROM json_each(?1))",
            )
            .context(what)?;
        let rows = stmt
            .query_map([ids], |r| Ok((DocumentId(r.get(0)?), r.get(1)?)))
            .context(what)?;
        rows.collect::<Result<_, _>>().context(what)
    }

    fn actor_document_counts(&self) -> Result<Vec<(ActorId, u64)>, StoreError> {
        findings::document_counts(&self.conn)
    }

    fn actor_first_finding(&self, actor: &ActorId) -> Result<Option<ActorFinding>, StoreError> {
        findings::first_finding(&self.conn, actor)
    }

    fn actor_aliases(&self, actors: &[ActorId]) -> Result<Vec<(ActorId, String)>, StoreError> {
        findings::aliases_of(&self.conn, actors)
    }

    fn actors_named_like(&self, fragment: &str) -> Result<Vec<ActorId>, StoreError> {
        findings::named_like(&self.conn, &fold_name(fragment))
    }

    fn stats(&self) -> Result<StoreStats, StoreError> {
        self.conn
            .query_row(
                "SELECT (SELECT COUNT(*) FROM documents),
                        (SELECT COUNT(*) FROM document_sightings),
                        (SELECT COUNT(*) FROM near_duplicates),
                        (SELECT COALESCE(SUM(chars), 0) FROM documents),
                        (SELECT COUNT(*) FROM extractions),
                        (SELECT COUNT(*) FROM events),
                        (SELECT COUNT(DISTINCT actor_id) FROM actor_findings),
                        (SELECT COUNT(*) FROM relations)",
                [],
                |r| {
                    Ok(StoreStats {
                        documents: r.get::<_, i64>(0)? as u64,
                        duplicate_sightings: r.get::<_, i64>(1)? as u64,
                        near_duplicate_links: r.get::<_, i64>(2)? as u64,
                        text_chars: r.get::<_, i64>(3)? as u64,
                        extracted_documents: r.get::<_, i64>(4)? as u64,
                        events: r.get::<_, i64>(5)? as u64,
                        actors: r.get::<_, i64>(6)? as u64,
                        relations: r.get::<_, i64>(7)? as u64,
                    })
                },
            )
            .context("counting")
    }

    fn reliability(&self, document: &DocumentId) -> Result<Option<Reliability>, StoreError> {
        let grade: Option<Option<String>> = self
            .conn
            .query_row(
                "SELECT reliability FROM documents WHERE id = ?1",
                [document.as_str()],
                |r| r.get(0),
            )
            .optional()
            .context("reading a document's reliability")?;
        Ok(grade.flatten().and_then(|g| g.parse().ok()))
    }

    fn unassigned_events(&self) -> Result<Vec<Stored<Event>>, StoreError> {
        incidents::unassigned_events(&self.conn)
    }

    fn dirty_incidents(&self) -> Result<Vec<IncidentId>, StoreError> {
        incidents::dirty(&self.conn)
    }

    fn incident_candidates(&self, query: &CandidateQuery) -> Result<Vec<Incident>, StoreError> {
        incidents::candidates(&self.conn, query)
    }

    fn incident_members(
        &self,
        incident: &IncidentId,
    ) -> Result<Vec<(Stored<Event>, AssignedBy)>, StoreError> {
        incidents::members(&self.conn, incident)
    }

    fn pins(&self, event: &EventRef) -> Result<Vec<(IncidentId, Pin)>, StoreError> {
        incidents::pins(&self.conn, event)
    }

    fn write_incidents(&mut self, write: &IncidentWrite) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .context("starting a transaction")?;
        incidents::write(&tx, write)?;
        tx.commit().context("committing incidents")
    }

    fn incidents(
        &self,
        filter: &IncidentFilter,
        page: Page,
    ) -> Result<Listing<Incident>, StoreError> {
        incidents::list(&self.conn, filter, page)
    }

    fn incident_rows(
        &self,
        filter: &IncidentFilter,
        page: Page,
    ) -> Result<Listing<IncidentRow>, StoreError> {
        incidents::rows(&self.conn, filter, page)
    }

    fn each_incident(
        &self,
        filter: &IncidentFilter,
        each: &mut dyn FnMut(Incident) -> std::ops::ControlFlow<()>,
    ) -> Result<u64, StoreError> {
        incidents::each(&self.conn, filter, each)
    }

    fn each_incident_row(
        &self,
        filter: &IncidentFilter,
        each: &mut dyn FnMut(IncidentRow) -> std::ops::ControlFlow<()>,
    ) -> Result<u64, StoreError> {
        incidents::each_row(&self.conn, filter, each)
    }

    fn incident_points(
        &self,
        filter: &IncidentFilter,
        limit: u64,
    ) -> Result<Listing<IncidentRow>, StoreError> {
        incidents::points(&self.conn, filter, limit)
    }

    fn incident_months(&self, filter: &IncidentFilter) -> Result<Vec<MonthCount>, StoreError> {
        incidents::months(&self.conn, filter)
    }

    fn incident_counts(&self) -> Result<IncidentCounts, StoreError> {
        incidents::counts(&self.conn)
    }

    fn document_findings(&self, document: &DocumentId) -> Result<DocumentFindings, StoreError> {
        findings::of_document(&self.conn, document)
    }

    fn put_token(
        &mut self,
        name: &str,
        role: Role,
        red: bool,
        hash: &str,
    ) -> Result<ApiToken, StoreError> {
        let created = Timestamp::now();
        self.conn
            .execute(
                "INSERT INTO api_tokens (name, role, red, hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                rusqlite::params![name, role.as_str(), red, hash, created.to_string()],
            )
            .context("storing a token")?;
        Ok(ApiToken {
            id: self.conn.last_insert_rowid(),
            name: name.to_string(),
            role,
            red,
            created,
            revoked: None,
        })
    }

    fn token_by_hash(&self, hash: &str) -> Result<Option<ApiToken>, StoreError> {
        Ok(self
            .token_rows("WHERE hash = ?1", &[Value::Text(hash.to_string())])?
            .pop())
    }

    fn tokens(&self) -> Result<Vec<ApiToken>, StoreError> {
        self.token_rows("", &[])
    }

    fn revoke_token(&mut self, id: i64) -> Result<bool, StoreError> {
        let n = self
            .conn
            .execute(
                "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, ?2) WHERE id = ?1",
                rusqlite::params![id, Timestamp::now().to_string()],
            )
            .context("revoking a token")?;
        Ok(n > 0)
    }

    fn incident(&self, id_or_prefix: &str) -> Result<Option<Incident>, StoreError> {
        incidents::get(&self.conn, id_or_prefix)
    }

    fn adjudications(
        &self,
        status: Option<AdjudicationStatus>,
    ) -> Result<Vec<Adjudication>, StoreError> {
        incidents::adjudications(&self.conn, status)
    }

    fn record_review(
        &mut self,
        entry: &ReviewEntry,
        write: &IncidentWrite,
    ) -> Result<ReviewEntry, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .context("starting a transaction")?;
        let e = incidents::record_review(&tx, entry, write)?;
        tx.commit().context("committing a review")?;
        Ok(e)
    }

    fn review_log(
        &self,
        target: Option<&ReviewTarget>,
        page: Page,
    ) -> Result<Listing<ReviewEntry>, StoreError> {
        incidents::review_log(&self.conn, target, page)
    }

    fn review_entry(&self, id: i64) -> Result<Option<ReviewEntry>, StoreError> {
        incidents::review_entry(&self.conn, id)
    }

    fn actor_merges(&self) -> Result<Vec<(ActorId, ActorId)>, StoreError> {
        incidents::actor_merges(&self.conn)
    }

    fn decide_adjudication(
        &mut self,
        id: i64,
        decision: AdjudicationStatus,
        by: &str,
    ) -> Result<Adjudication, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .context("starting a transaction")?;
        let a = incidents::decide(&tx, id, decision, by)?;
        tx.commit().context("committing a decision")?;
        Ok(a)
    }
}

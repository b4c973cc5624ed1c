//! Storing and reading what extraction found in documents.

use forewarn_model::{ActorId, DocumentId};
use rusqlite::{Connection, Transaction, params};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::SqlContext;
use crate::{DocumentFindings, Findings, StoreError, Stored};

fn json<T: Serialize>(value: &T, what: &str) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt {
        what: what.to_string(),
        reason: format!("cannot serialise: {e}"),
    })
}

/// Replaces the findings of `document` inside the caller's transaction.
pub(crate) fn write(
    tx: &Transaction<'_>,
    document: &DocumentId,
    findings: &Findings<'_>,
) -> Result<(), StoreError> {
    let id = document.as_str();
    for table in [
        "events",
        "actor_findings",
        "relations",
        "actor_facts",
        "actor_names",
        "extractions",
    ] {
        tx.execute(&format!("DELETE FROM {table} WHERE document_id = ?1"), [id])
            .context("clearing earlier findings")?;
    }
    tx.execute(
        "INSERT INTO extractions (document_id, extractor, extracted_at) VALUES (?1, ?2, ?3)",
        params![id, findings.extractor, jiff::Timestamp::now().to_string()],
    )
    .context("recording the extraction")?;
    {
        let mut stmt = tx
            .prepare_cached(
                "INSERT OR REPLACE INTO events (document_id, event_id, kind, date_start, date_end, record)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .context("storing events")?;
        for e in findings.events {
            let date = e.date.first().map(|d| d.value);
            stmt.execute(params![
                id,
                e.id.0,
                e.kind.value.as_str(),
                date.map(|d| d.start.to_string()),
                date.map(|d| d.end.to_string()),
                json(e, "event")?,
            ])
            .context("storing an event")?;
        }
    }
    {
        let mut stmt = tx
            .prepare_cached(
                "INSERT OR REPLACE INTO actor_findings (document_id, actor_id, from_dictionary, record)
                 VALUES (?1, ?2, ?3, ?4)",
            )
            .context("storing actors")?;
        for a in findings.actors {
            stmt.execute(params![
                id,
                a.actor.id.0,
                a.from_dictionary,
                json(a, "actor")?
            ])
            .context("storing an actor")?;
        }
        let mut names = tx
            .prepare_cached(
                "INSERT INTO actor_names (folded, name, actor_id, document_id, is_alias)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT DO UPDATE SET is_alias = min(is_alias, excluded.is_alias)",
            )
            .context("storing actor names")?;
        for a in findings.actors {
            let own = [a.actor.id.0.as_str(), a.actor.name.as_str()];
            let aliases = a.actor.aliases.iter().map(|x| x.name.as_str());
            for (name, is_alias) in own
                .into_iter()
                .map(|n| (n, false))
                .chain(aliases.map(|n| (n, true)))
            {
                names
                    .execute(params![
                        super::fold_name(name),
                        name,
                        a.actor.id.0,
                        id,
                        is_alias
                    ])
                    .context("storing an actor name")?;
            }
        }
    }
    {
        let mut stmt = tx
            .prepare_cached(
                "INSERT INTO relations (document_id, subject, relation, object, record)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .context("storing relations")?;
        for r in findings.relations {
            stmt.execute(params![
                id,
                r.subject.0,
                r.relation.as_str(),
                r.object.0,
                json(r, "relation")?
            ])
            .context("storing a relation")?;
        }
    }
    {
        let mut stmt = tx
            .prepare_cached(
                "INSERT INTO actor_facts (document_id, actor_id, kind, record) VALUES (?1, ?2, ?3, ?4)",
            )
            .context("storing actor facts")?;
        for f in findings.facts {
            let kind = serde_json::to_value(&f.fact)
                .ok()
                .and_then(|v| v.get("kind").and_then(|k| k.as_str()).map(str::to_string))
                .unwrap_or_default();
            stmt.execute(params![id, f.actor.0, kind, json(f, "actor fact")?])
                .context("storing an actor fact")?;
        }
    }
    Ok(())
}

/// Reads `record` JSON from `table`, with the document's id and name, in insertion order.
pub(crate) fn read<T: DeserializeOwned>(
    conn: &Connection,
    table: &str,
) -> Result<Vec<Stored<T>>, StoreError> {
    let what = format!("reading {table}");
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT t.document_id, d.name, t.record FROM {table} t
             JOIN documents d ON d.id = t.document_id ORDER BY d.rowid, t.rowid"
        ))
        .context(&what)?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })
        .context(&what)?;
    stored_from(rows, table, &what)
}

/// Parses (document id, document name, record) rows.
fn stored_from<T: DeserializeOwned>(
    rows: impl Iterator<Item = rusqlite::Result<(String, String, String)>>,
    table: &str,
    what: &str,
) -> Result<Vec<Stored<T>>, StoreError> {
    let mut out = Vec::new();
    for row in rows {
        let (document, document_name, record) = row.context(what)?;
        let item = serde_json::from_str(&record).map_err(|e| StoreError::Corrupt {
            what: format!("{table} of document {document}"),
            reason: e.to_string(),
        })?;
        out.push(Stored {
            document: DocumentId(document),
            document_name,
            item,
        });
    }
    Ok(out)
}

/// Reads `record` JSON from `table` where one of `columns` holds one of `actors`, as [`read`].
pub(crate) fn read_of<T: DeserializeOwned>(
    conn: &Connection,
    table: &str,
    columns: &[&str],
    actors: &[ActorId],
) -> Result<Vec<Stored<T>>, StoreError> {
    if actors.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<&str> = actors.iter().map(|a| a.0.as_str()).collect();
    let ids = json(&ids, "actor ids")?;
    let wanted = columns
        .iter()
        .map(|c| format!("t.{c} IN (SELECT value FROM json_each(?1))"))
        .collect::<Vec<_>>()
        .join(" OR ");
    let what = format!("reading {table} of {} actors", actors.len());
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT t.document_id, d.name, t.record FROM {table} t
             JOIN documents d ON d.id = t.document_id WHERE {wanted} ORDER BY d.rowid, t.rowid"
        ))
        .context(&what)?;
    let rows = stmt
        .query_map([ids], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })
        .context(&what)?;
    stored_from(rows, table, &what)
}

/// The actors known by a folded name, each once; `true` where it is only ever an alias.
pub(crate) fn names_matching(
    conn: &Connection,
    folded: &str,
) -> Result<Vec<(ActorId, bool)>, StoreError> {
    let what = "looking an actor up by name";
    let mut stmt = conn
        .prepare_cached(
            "SELECT actor_id, min(is_alias) FROM actor_names WHERE folded = ?1
             GROUP BY actor_id ORDER BY actor_id",
        )
        .context(what)?;
    let rows = stmt
        .query_map([folded], |r| {
            Ok((ActorId(r.get::<_, String>(0)?), r.get::<_, bool>(1)?))
        })
        .context(what)?;
    rows.collect::<Result<_, _>>().context(what)
}

/// Reports naming each actor (ids as extracted).
pub(crate) fn document_counts(conn: &Connection) -> Result<Vec<(ActorId, u64)>, StoreError> {
    let what = "counting the reports that name each actor";
    let mut stmt = conn
        .prepare_cached("SELECT actor_id, COUNT(*) FROM actor_findings GROUP BY actor_id")
        .context(what)?;
    let rows = stmt
        .query_map([], |r| {
            Ok((ActorId(r.get::<_, String>(0)?), r.get::<_, i64>(1)? as u64))
        })
        .context(what)?;
    rows.collect::<Result<_, _>>().context(what)
}

/// The first finding of an actor (id as extracted), as lists show it.
pub(crate) fn first_finding<T: DeserializeOwned>(
    conn: &Connection,
    actor: &ActorId,
) -> Result<Option<T>, StoreError> {
    let what = format!("reading actor {}", actor.0);
    let record: Option<String> = conn
        .prepare_cached(
            "SELECT record FROM actor_findings WHERE actor_id = ?1 ORDER BY rowid LIMIT 1",
        )
        .and_then(|mut st| {
            use rusqlite::OptionalExtension;
            st.query_row([actor.0.as_str()], |r| r.get(0)).optional()
        })
        .context(&what)?;
    record
        .map(|r| {
            serde_json::from_str(&r).map_err(|e| StoreError::Corrupt {
                what,
                reason: e.to_string(),
            })
        })
        .transpose()
}

/// Aliases of these actors as written, each spelling once per actor, alphabetically.
pub(crate) fn aliases_of(
    conn: &Connection,
    actors: &[ActorId],
) -> Result<Vec<(ActorId, String)>, StoreError> {
    let what = "reading actor aliases";
    let ids: Vec<&str> = actors.iter().map(|a| a.0.as_str()).collect();
    let mut stmt = conn
        .prepare_cached(
            "SELECT actor_id, min(name) FROM actor_names
             WHERE actor_id IN (SELECT value FROM json_each(?1)) AND is_alias = 1
             GROUP BY actor_id, folded ORDER BY actor_id, folded",
        )
        .context(what)?;
    let rows = stmt
        .query_map([json(&ids, "actor ids")?], |r| {
            Ok((ActorId(r.get::<_, String>(0)?), r.get::<_, String>(1)?))
        })
        .context(what)?;
    rows.collect::<Result<_, _>>().context(what)
}

/// Actors with an id, name or alias containing `fragment` (folded), each once.
pub(crate) fn named_like(conn: &Connection, fragment: &str) -> Result<Vec<ActorId>, StoreError> {
    let what = "finding actors by part of a name";
    let escaped = fragment
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    let mut stmt = conn
        .prepare_cached(
            "SELECT DISTINCT actor_id FROM actor_names WHERE folded LIKE ?1 ESCAPE '\\'",
        )
        .context(what)?;
    let rows = stmt
        .query_map([format!("%{escaped}%")], |r| {
            Ok(ActorId(r.get::<_, String>(0)?))
        })
        .context(what)?;
    rows.collect::<Result<_, _>>().context(what)
}

/// Every finding of one document, each kind in insertion order.
pub(crate) fn of_document(
    conn: &Connection,
    document: &DocumentId,
) -> Result<DocumentFindings, StoreError> {
    fn records<T: DeserializeOwned>(
        conn: &Connection,
        table: &str,
        document: &DocumentId,
    ) -> Result<Vec<T>, StoreError> {
        let what = format!("reading {table} of document {}", document.as_str());
        let mut stmt = conn
            .prepare_cached(&format!(
                "SELECT record FROM {table} WHERE document_id = ?1 ORDER BY rowid"
            ))
            .context(&what)?;
        let rows = stmt
            .query_map([document.as_str()], |r| r.get::<_, String>(0))
            .context(&what)?;
        let mut out = Vec::new();
        for row in rows {
            let record = row.context(&what)?;
            out.push(
                serde_json::from_str(&record).map_err(|e| StoreError::Corrupt {
                    what: what.clone(),
                    reason: e.to_string(),
                })?,
            );
        }
        Ok(out)
    }
    Ok(DocumentFindings {
        events: records(conn, "events", document)?,
        actors: records(conn, "actor_findings", document)?,
        relations: records(conn, "relations", document)?,
        facts: records(conn, "actor_facts", document)?,
    })
}

//! Storing and reading what extraction found in documents.

use forewarn_model::DocumentId;
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
    let mut out = Vec::new();
    for row in rows {
        let (document, document_name, record) = row.context(&what)?;
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

//! The knowledge base's tables: incidents, their members, pins and adjudications.

use forewarn_model::{
    ActorId, Adjudication, AdjudicationStatus, AssignedBy, DocumentId, Event, EventRef, Incident,
    IncidentId, ReviewEntry, ReviewTarget,
};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Transaction, params, params_from_iter};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::SqlContext;
use crate::{
    CandidateQuery, IncidentFilter, IncidentWrite, Listing, Page, Pin, StoreError, Stored,
};

fn to_json<T: Serialize>(value: &T, what: &str) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt {
        what: what.to_string(),
        reason: format!("cannot serialise: {e}"),
    })
}

fn from_json<T: DeserializeOwned>(record: &str, what: &str) -> Result<T, StoreError> {
    serde_json::from_str(record).map_err(|e| StoreError::Corrupt {
        what: what.to_string(),
        reason: e.to_string(),
    })
}

fn incidents_from(
    conn: &Connection,
    sql: &str,
    params: &[Value],
) -> Result<Vec<Incident>, StoreError> {
    let mut stmt = conn.prepare_cached(sql).context("reading incidents")?;
    let rows = stmt
        .query_map(params_from_iter(params.iter()), |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })
        .context("reading incidents")?;
    let mut out = Vec::new();
    for row in rows {
        let (id, record) = row.context("reading incidents")?;
        out.push(from_json(&record, &format!("incident {id}"))?);
    }
    Ok(out)
}

pub(crate) fn unassigned_events(conn: &Connection) -> Result<Vec<Stored<Event>>, StoreError> {
    let what = "listing unassigned events";
    let mut stmt = conn
        .prepare_cached(
            "SELECT e.document_id, d.name, e.record FROM events e
             JOIN documents d ON d.id = e.document_id
             LEFT JOIN incident_members m
               ON m.document_id = e.document_id AND m.event_id = e.event_id
             WHERE m.incident_id IS NULL
             ORDER BY d.rowid, e.rowid",
        )
        .context(what)?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })
        .context(what)?;
    let mut out = Vec::new();
    for row in rows {
        let (document, document_name, record) = row.context(what)?;
        out.push(Stored {
            item: from_json(&record, &format!("an event of document {document}"))?,
            document: DocumentId(document),
            document_name,
        });
    }
    Ok(out)
}

pub(crate) fn dirty(conn: &Connection) -> Result<Vec<IncidentId>, StoreError> {
    let mut stmt = conn
        .prepare_cached("SELECT id FROM incidents WHERE dirty = 1 ORDER BY id")
        .context("listing changed incidents")?;
    let ids = stmt
        .query_map([], |r| r.get::<_, String>(0).map(IncidentId))
        .context("listing changed incidents")?
        .collect::<Result<_, _>>()
        .context("listing changed incidents")?;
    Ok(ids)
}

pub(crate) fn candidates(
    conn: &Connection,
    q: &CandidateQuery,
) -> Result<Vec<Incident>, StoreError> {
    let (from, to) = q.dates;
    incidents_from(
        conn,
        "SELECT id, record FROM incidents
         WHERE kind = ?1 AND date_start <= ?2 AND date_end >= ?3
         ORDER BY updated_at DESC LIMIT ?4",
        &[
            Value::Text(q.kind.as_str().into()),
            Value::Text(to.to_string()),
            Value::Text(from.to_string()),
            Value::Integer(q.limit.min(i64::MAX as u64) as i64),
        ],
    )
}

pub(crate) fn members(
    conn: &Connection,
    incident: &IncidentId,
) -> Result<Vec<(Stored<Event>, AssignedBy)>, StoreError> {
    let what = "reading an incident's members";
    let mut stmt = conn
        .prepare_cached(
            "SELECT e.document_id, d.name, e.record, m.assigned_by FROM incident_members m
             JOIN events e ON e.document_id = m.document_id AND e.event_id = m.event_id
             JOIN documents d ON d.id = e.document_id
             WHERE m.incident_id = ?1 ORDER BY d.rowid, e.rowid",
        )
        .context(what)?;
    let rows = stmt
        .query_map([incident.as_str()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })
        .context(what)?;
    let mut out = Vec::new();
    for row in rows {
        let (document, document_name, record, by) = row.context(what)?;
        let by: AssignedBy = by.parse().map_err(|e| StoreError::Corrupt {
            what: format!("membership in {incident}"),
            reason: format!("{e}"),
        })?;
        out.push((
            Stored {
                item: from_json(&record, &format!("an event of document {document}"))?,
                document: DocumentId(document),
                document_name,
            },
            by,
        ));
    }
    Ok(out)
}

pub(crate) fn pins(
    conn: &Connection,
    event: &EventRef,
) -> Result<Vec<(IncidentId, Pin)>, StoreError> {
    let what = "reading pins";
    let mut stmt = conn
        .prepare_cached(
            "SELECT incident_id, pin FROM incident_pins WHERE document_id = ?1 AND event_id = ?2",
        )
        .context(what)?;
    let rows = stmt
        .query_map(params![event.document.as_str(), event.event.0], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })
        .context(what)?;
    let mut out = Vec::new();
    for row in rows {
        let (id, pin) = row.context(what)?;
        let pin = if pin == "join" { Pin::Join } else { Pin::Apart };
        out.push((IncidentId(id), pin));
    }
    Ok(out)
}

pub(crate) fn write(tx: &Transaction<'_>, w: &IncidentWrite) -> Result<(), StoreError> {
    let now = jiff::Timestamp::now().to_string();
    for from in &w.unmerge_actors {
        tx.execute("DELETE FROM actor_merges WHERE from_id = ?1", [&from.0])
            .context("removing an actor merge")?;
    }
    for (from, into, by) in &w.merge_actors {
        tx.execute(
            "INSERT OR REPLACE INTO actor_merges (from_id, into_id, merged_by, merged_at)
             VALUES (?1, ?2, ?3, ?4)",
            params![from.0, into.0, by, now],
        )
        .context("recording an actor merge")?;
    }
    for (e, incident) in &w.unpins {
        tx.execute(
            "DELETE FROM incident_pins WHERE document_id = ?1 AND event_id = ?2 AND incident_id = ?3",
            params![e.document.as_str(), e.event.0, incident.as_str()],
        )
        .context("removing a pin")?;
    }
    for r in &w.remove_members {
        tx.execute(
            "DELETE FROM incident_members WHERE document_id = ?1 AND event_id = ?2",
            params![r.document.as_str(), r.event.0],
        )
        .context("removing a membership")?;
    }
    for id in &w.delete {
        tx.execute("DELETE FROM incidents WHERE id = ?1", [id.as_str()])
            .context("deleting an incident")?;
    }
    for u in &w.upsert {
        let inc = &u.incident;
        // The record lists the incident's members: memberships it no longer lists go (their
        // event was extracted away, or a person moved it). This runs before the row is
        // written, since removing a membership marks the incident dirty.
        let keys: Vec<String> = inc
            .members
            .iter()
            .map(|m| format!("{}\u{1f}{}", m.document.as_str(), m.event.0))
            .collect();
        tx.execute(
            "DELETE FROM incident_members WHERE incident_id = ?1
               AND document_id || char(31) || event_id NOT IN (SELECT value FROM json_each(?2))",
            params![inc.id.as_str(), to_json(&keys, "member keys")?],
        )
        .context("dropping stale memberships")?;
        let date = columns::date_bounds(&inc.event);
        let country = columns::country(&inc.event);
        tx.execute(
            "INSERT INTO incidents (id, kind, date_start, date_end, country, status, dirty, record, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?7, ?8)
             ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, date_start = excluded.date_start,
               date_end = excluded.date_end, country = excluded.country, status = excluded.status,
               dirty = 0, record = excluded.record, updated_at = excluded.updated_at",
            params![
                inc.id.as_str(),
                inc.event.kind.value.as_str(),
                date.map(|d| d.0.to_string()),
                date.map(|d| d.1.to_string()),
                country,
                inc.status.as_str(),
                to_json(inc, "incident")?,
                now,
            ],
        )
        .context("storing an incident")?;
        for (m, by) in &u.new_members {
            tx.execute(
                "INSERT INTO incident_members (document_id, event_id, incident_id, assigned_by)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (document_id, event_id) DO UPDATE SET
                   incident_id = excluded.incident_id, assigned_by = excluded.assigned_by",
                params![m.document.as_str(), m.event.0, inc.id.as_str(), by.as_str()],
            )
            .context("storing a membership")?;
        }
    }
    for a in &w.adjudications {
        tx.execute(
            "INSERT OR IGNORE INTO adjudications (document_id, event_id, incident_id, record, status, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                a.event.document.as_str(),
                a.event.event.0,
                a.incident.as_str(),
                to_json(a, "adjudication")?,
                a.status.as_str(),
                now,
            ],
        )
        .context("queueing an adjudication")?;
    }
    for (e, id, pin) in &w.pins {
        tx.execute(
            "INSERT OR REPLACE INTO incident_pins (document_id, event_id, incident_id, pin)
             VALUES (?1, ?2, ?3, ?4)",
            params![e.document.as_str(), e.event.0, id.as_str(), pin.as_str()],
        )
        .context("pinning")?;
    }
    Ok(())
}

pub(crate) fn list(
    conn: &Connection,
    f: &IncidentFilter,
    page: Page,
) -> Result<Listing<Incident>, StoreError> {
    let mut where_: Vec<&str> = Vec::new();
    let mut params: Vec<Value> = Vec::new();
    if let Some(k) = f.kind {
        where_.push("kind = ?");
        params.push(Value::Text(k.as_str().into()));
    }
    if let Some(c) = &f.country {
        where_.push("country = ?");
        params.push(Value::Text(c.to_uppercase()));
    }
    if let Some(d) = f.from {
        where_.push("date_end >= ?");
        params.push(Value::Text(d.to_string()));
    }
    if let Some(d) = f.to {
        where_.push("date_start <= ?");
        params.push(Value::Text(d.to_string()));
    }
    if let Some(s) = f.status {
        where_.push("status = ?");
        params.push(Value::Text(s.as_str().into()));
    }
    if f.contradicted {
        where_.push("json_array_length(record, '$.contradictions') > 0");
    }
    let clause = if where_.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", where_.join(" AND "))
    };
    let total: i64 = conn
        .query_row(
            &format!("SELECT COUNT(*) FROM incidents {clause}"),
            params_from_iter(params.iter()),
            |r| r.get(0),
        )
        .context("counting incidents")?;
    let mut p = params.clone();
    p.push(Value::Integer(page.limit.min(i64::MAX as u64) as i64));
    p.push(Value::Integer(page.offset.min(i64::MAX as u64) as i64));
    let items = incidents_from(
        conn,
        &format!(
            "SELECT id, record FROM incidents {clause}
             ORDER BY date_start IS NULL, date_start DESC, id LIMIT ? OFFSET ?"
        ),
        &p,
    )?;
    Ok(Listing {
        total: total as u64,
        items,
    })
}

pub(crate) fn get(conn: &Connection, id_or_prefix: &str) -> Result<Option<Incident>, StoreError> {
    let key = id_or_prefix.trim();
    if let Some(rest) = key.strip_prefix("inc-") {
        if rest.len() < 6 || !rest.chars().all(|c| c.is_ascii_hexdigit()) {
            return Ok(None);
        }
        // A range on the primary key, which (unlike LIKE) the index serves.
        let low = key.to_ascii_lowercase();
        let high = format!("{low}~");
        let found = incidents_from(
            conn,
            "SELECT id, record FROM incidents WHERE id >= ?1 AND id < ?2 ORDER BY id LIMIT 2",
            &[Value::Text(low), Value::Text(high)],
        )?;
        return match found.len() {
            0 => Ok(None),
            1 => Ok(found.into_iter().next()),
            n => Err(StoreError::AmbiguousId {
                prefix: key.to_string(),
                count: n as u64,
            }),
        };
    }
    // An event id (`<document prefix>-<offset>`): the incident it belongs to.
    let id: Option<String> = conn
        .query_row(
            "SELECT incident_id FROM incident_members WHERE event_id = ?1 LIMIT 1",
            [key],
            |r| r.get(0),
        )
        .optional()
        .context("finding an event's incident")?;
    match id {
        Some(id) => Ok(incidents_from(
            conn,
            "SELECT id, record FROM incidents WHERE id = ?1",
            &[Value::Text(id)],
        )?
        .into_iter()
        .next()),
        None => Ok(None),
    }
}

pub(crate) fn adjudications(
    conn: &Connection,
    status: Option<AdjudicationStatus>,
) -> Result<Vec<Adjudication>, StoreError> {
    let what = "listing adjudications";
    let mut stmt = conn
        .prepare_cached(
            "SELECT a.id, a.record, a.status, a.decided_by FROM adjudications a
             JOIN incidents i ON i.id = a.incident_id
             JOIN events e ON e.document_id = a.document_id AND e.event_id = a.event_id
             WHERE ?1 IS NULL OR a.status = ?1 ORDER BY a.id",
        )
        .context(what)?;
    let rows = stmt
        .query_map([status.map(|s| s.as_str())], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })
        .context(what)?;
    let mut out = Vec::new();
    for row in rows {
        let (id, record, status, by) = row.context(what)?;
        let mut a: Adjudication = from_json(&record, &format!("adjudication {id}"))?;
        a.id = id;
        a.status = status.parse().map_err(|e| StoreError::Corrupt {
            what: format!("adjudication {id}"),
            reason: format!("{e}"),
        })?;
        a.decided_by = by;
        out.push(a);
    }
    Ok(out)
}

pub(crate) fn decide(
    tx: &Transaction<'_>,
    id: i64,
    decision: AdjudicationStatus,
    by: &str,
) -> Result<Adjudication, StoreError> {
    let record: Option<String> = tx
        .query_row(
            "SELECT record FROM adjudications WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()
        .context("reading an adjudication")?;
    let Some(record) = record else {
        return Err(StoreError::NotFound {
            what: "adjudication",
            id: id.to_string(),
        });
    };
    let mut a: Adjudication = from_json(&record, &format!("adjudication {id}"))?;
    a.id = id;
    a.status = decision;
    a.decided_by = Some(by.to_string());
    tx.execute(
        "UPDATE adjudications SET status = ?2, decided_at = ?3, decided_by = ?4 WHERE id = ?1",
        params![
            id,
            decision.as_str(),
            jiff::Timestamp::now().to_string(),
            by
        ],
    )
    .context("deciding an adjudication")?;
    let pin = match decision {
        AdjudicationStatus::Merged => Some(Pin::Join),
        AdjudicationStatus::KeptApart => Some(Pin::Apart),
        AdjudicationStatus::Open => None,
    };
    if let Some(pin) = pin {
        tx.execute(
            "INSERT OR REPLACE INTO incident_pins (document_id, event_id, incident_id, pin)
             VALUES (?1, ?2, ?3, ?4)",
            params![
                a.event.document.as_str(),
                a.event.event.0,
                a.incident.as_str(),
                pin.as_str()
            ],
        )
        .context("pinning a decision")?;
    }
    Ok(a)
}

/// Date and country columns of an incident, read from its consolidated event without
/// depending on the extractor: the narrowest reported date, the most common country.
mod columns {
    use forewarn_model::Event;
    use jiff::civil::Date;

    pub(super) fn date_bounds(e: &Event) -> Option<(Date, Date)> {
        e.date
            .iter()
            .min_by_key(|r| r.value.span_days())
            .map(|r| (r.value.start, r.value.end))
    }

    pub(super) fn country(e: &Event) -> Option<String> {
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for r in &e.location {
            if let Some(c) = r.value.country.as_deref() {
                match counts.iter_mut().find(|(x, _)| *x == c) {
                    Some(x) => x.1 += 1,
                    None => counts.push((c, 1)),
                }
            }
        }
        counts
            .into_iter()
            .max_by_key(|x| x.1)
            .map(|x| x.0.to_string())
    }
}

/// Appends `entry` to the audit log (marking the entry it undoes) and applies `w`, inside the
/// caller's transaction. Returns the entry with its id.
pub(crate) fn record_review(
    tx: &Transaction<'_>,
    entry: &ReviewEntry,
    w: &IncidentWrite,
) -> Result<ReviewEntry, StoreError> {
    tx.execute(
        "INSERT INTO review_log (at, reviewer, action, target_type, target_id, field, before, after, note, undoes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            entry.at.to_string(),
            entry.reviewer,
            entry.action.as_str(),
            entry.target.kind(),
            entry.target.id(),
            entry.field,
            to_json(&entry.before, "review entry")?,
            to_json(&entry.after, "review entry")?,
            entry.note,
            entry.undoes,
        ],
    )
    .context("appending to the review log")?;
    let id = tx.last_insert_rowid();
    if let Some(undone) = entry.undoes {
        let n = tx
            .execute(
                "UPDATE review_log SET undone_by = ?1 WHERE id = ?2 AND undone_by IS NULL",
                params![id, undone],
            )
            .context("marking an entry undone")?;
        if n == 0 {
            return Err(StoreError::NotFound {
                what: "review entry not yet undone",
                id: undone.to_string(),
            });
        }
    }
    write(tx, w)?;
    let mut out = entry.clone();
    out.id = id;
    Ok(out)
}

fn review_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(ReviewRow, i64)> {
    Ok((
        ReviewRow {
            at: r.get(1)?,
            reviewer: r.get(2)?,
            action: r.get(3)?,
            target_type: r.get(4)?,
            target_id: r.get(5)?,
            field: r.get(6)?,
            before: r.get(7)?,
            after: r.get(8)?,
            note: r.get(9)?,
            undoes: r.get(10)?,
            undone_by: r.get(11)?,
        },
        r.get(0)?,
    ))
}

struct ReviewRow {
    at: String,
    reviewer: String,
    action: String,
    target_type: String,
    target_id: String,
    field: Option<String>,
    before: String,
    after: String,
    note: Option<String>,
    undoes: Option<i64>,
    undone_by: Option<i64>,
}

impl ReviewRow {
    fn into_entry(self, id: i64) -> Result<ReviewEntry, StoreError> {
        let corrupt = |reason: String| StoreError::Corrupt {
            what: format!("review entry {id}"),
            reason,
        };
        Ok(ReviewEntry {
            id,
            at: self.at.parse().map_err(|e| corrupt(format!("{e}")))?,
            reviewer: self.reviewer,
            action: self.action.parse().map_err(|e| corrupt(format!("{e}")))?,
            target: ReviewTarget::from_parts(&self.target_type, &self.target_id)
                .ok_or_else(|| corrupt(format!("unknown target {}", self.target_type)))?,
            field: self.field,
            before: from_json(&self.before, "review entry")?,
            after: from_json(&self.after, "review entry")?,
            note: self.note,
            undoes: self.undoes,
            undone_by: self.undone_by,
        })
    }
}

const REVIEW_COLUMNS: &str = "id, at, reviewer, action, target_type, target_id, field, before, after, note, undoes, undone_by";

pub(crate) fn review_log(
    conn: &Connection,
    target: Option<&ReviewTarget>,
    page: Page,
) -> Result<Listing<ReviewEntry>, StoreError> {
    let what = "reading the review log";
    let (kind, id) = match target {
        Some(t) => (Some(t.kind()), Some(t.id().to_string())),
        None => (None, None),
    };
    let total: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM review_log WHERE ?1 IS NULL OR (target_type = ?1 AND target_id = ?2)",
            params![kind, id],
            |r| r.get(0),
        )
        .context(what)?;
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT {REVIEW_COLUMNS} FROM review_log
             WHERE ?1 IS NULL OR (target_type = ?1 AND target_id = ?2)
             ORDER BY id DESC LIMIT ?3 OFFSET ?4"
        ))
        .context(what)?;
    let rows = stmt
        .query_map(
            params![
                kind,
                id,
                page.limit.min(i64::MAX as u64) as i64,
                page.offset.min(i64::MAX as u64) as i64
            ],
            review_from_row,
        )
        .context(what)?;
    let mut items = Vec::new();
    for row in rows {
        let (row, id) = row.context(what)?;
        items.push(row.into_entry(id)?);
    }
    Ok(Listing {
        total: total as u64,
        items,
    })
}

pub(crate) fn review_entry(conn: &Connection, id: i64) -> Result<Option<ReviewEntry>, StoreError> {
    let row = conn
        .query_row(
            &format!("SELECT {REVIEW_COLUMNS} FROM review_log WHERE id = ?1"),
            [id],
            review_from_row,
        )
        .optional()
        .context("reading a review entry")?;
    row.map(|(r, id)| r.into_entry(id)).transpose()
}

pub(crate) fn actor_merges(conn: &Connection) -> Result<Vec<(ActorId, ActorId)>, StoreError> {
    let what = "reading actor merges";
    let mut stmt = conn
        .prepare_cached("SELECT from_id, into_id FROM actor_merges ORDER BY from_id")
        .context(what)?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                ActorId(r.get::<_, String>(0)?),
                ActorId(r.get::<_, String>(1)?),
            ))
        })
        .context(what)?
        .collect::<Result<_, _>>()
        .context(what)?;
    Ok(rows)
}

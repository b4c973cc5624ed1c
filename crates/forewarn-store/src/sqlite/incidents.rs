//! The knowledge base's tables: incidents, their members, pins and adjudications.

use forewarn_model::{
    ActorId, Adjudication, AdjudicationStatus, AssignedBy, DocumentId, Event, EventKind, EventRef,
    Incident, IncidentId, ReviewEntry, ReviewStatus, ReviewTarget,
};
use jiff::civil::Date;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Transaction, params, params_from_iter};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::SqlContext;
use crate::{
    CandidateQuery, IncidentCounts, IncidentFilter, IncidentRow, IncidentSort, IncidentWrite,
    Listing, MonthCount, Page, Pin, StoreError, Stored,
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
        "SELECT i.id, r.record FROM incidents i JOIN incident_records r ON r.id = i.id
         WHERE i.kind = ?1 AND i.date_start <= ?2 AND i.date_end >= ?3
         ORDER BY i.updated_at DESC LIMIT ?4",
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
        let f = columns::Facets::of(inc);
        let rowid: i64 = tx
            .query_row(
                "INSERT INTO incidents (id, kind, date_start, date_end, country, status, dirty,
                   updated_at, admin1, place, lat, lon, attack_type, killed, injured,
                   perpetrators, sources, contradictions, date_span, confidence)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
                   ?16, ?17, ?18, ?19)
                 ON CONFLICT (id) DO UPDATE SET kind = excluded.kind,
                   date_start = excluded.date_start, date_end = excluded.date_end,
                   country = excluded.country, status = excluded.status, dirty = 0,
                   updated_at = excluded.updated_at,
                   admin1 = excluded.admin1, place = excluded.place, lat = excluded.lat,
                   lon = excluded.lon, attack_type = excluded.attack_type,
                   killed = excluded.killed, injured = excluded.injured,
                   perpetrators = excluded.perpetrators, sources = excluded.sources,
                   contradictions = excluded.contradictions, date_span = excluded.date_span,
                   confidence = excluded.confidence
                 RETURNING rowid",
                params![
                    inc.id.as_str(),
                    inc.event.kind.value.as_str(),
                    f.date.map(|d| d.0.to_string()),
                    f.date.map(|d| d.1.to_string()),
                    f.country,
                    inc.status.as_str(),
                    now,
                    f.admin1,
                    f.place,
                    f.lat,
                    f.lon,
                    f.attack_type,
                    f.killed.map(|k| k.min(i64::MAX as u64) as i64),
                    f.injured.map(|k| k.min(i64::MAX as u64) as i64),
                    to_json(&f.perpetrators, "perpetrators")?,
                    inc.members.len() as i64,
                    inc.contradictions.len() as i64,
                    f.date.map(|(a, b)| (b - a).get_days().max(0) as i64),
                    inc.event.confidence,
                ],
                |r| r.get(0),
            )
            .context("storing an incident")?;
        tx.execute(
            "INSERT INTO incident_records (id, record) VALUES (?1, ?2)
             ON CONFLICT (id) DO UPDATE SET record = excluded.record",
            params![inc.id.as_str(), to_json(inc, "incident")?],
        )
        .context("storing an incident's record")?;
        tx.execute("DELETE FROM incidents_fts WHERE rowid = ?1", [rowid])
            .context("indexing an incident")?;
        tx.execute(
            "INSERT INTO incidents_fts (rowid, text) VALUES (?1, ?2)",
            params![rowid, f.text],
        )
        .context("indexing an incident")?;
        tx.execute(
            "DELETE FROM incident_actors WHERE incident_id = ?1",
            [inc.id.as_str()],
        )
        .context("indexing an incident's actors")?;
        for actor in &f.actors {
            tx.execute(
                "INSERT OR IGNORE INTO incident_actors (actor_id, incident_id) VALUES (?1, ?2)",
                params![actor.0, inc.id.as_str()],
            )
            .context("indexing an incident's actors")?;
        }
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

/// The WHERE clause (with its parameters) that selects the filter's incidents from
/// `incidents` aliased `i`.
fn filter_clause(
    conn: &Connection,
    f: &IncidentFilter,
) -> Result<(String, Vec<Value>), StoreError> {
    let mut where_: Vec<String> = Vec::new();
    let mut params: Vec<Value> = Vec::new();
    let text = |v: &str| Value::Text(v.to_string());
    if let Some(k) = f.kind {
        where_.push("i.kind = ?".into());
        params.push(text(k.as_str()));
    }
    if let Some(c) = &f.country {
        where_.push("i.country = ?".into());
        params.push(text(&c.to_uppercase()));
    }
    if let Some(a) = &f.admin1 {
        where_.push("i.admin1 = ? COLLATE NOCASE".into());
        params.push(text(a));
    }
    if let Some(t) = f.attack_type {
        where_.push("i.attack_type = ?".into());
        params.push(text(t.as_str()));
    }
    if !f.actors.is_empty() {
        let ids: Vec<&str> = f.actors.iter().map(|a| a.0.as_str()).collect();
        where_.push(
            "i.id IN (SELECT incident_id FROM incident_actors
                      WHERE actor_id IN (SELECT value FROM json_each(?)))"
                .into(),
        );
        params.push(Value::Text(to_json(&ids, "actor ids")?));
    }
    if let Some(d) = f.from {
        where_.push("i.date_end >= ?".into());
        params.push(text(&d.to_string()));
        // No incident starts earlier than `from` less the longest date span, so the date
        // index can bound the scan from below too.
        let longest: Option<i64> = conn
            .query_row("SELECT MAX(date_span) FROM incidents", [], |r| r.get(0))
            .context("reading the longest date span")?;
        if let Some(earliest) = longest.and_then(|days| {
            d.checked_sub(jiff::Span::new().days(days.clamp(0, 3_000_000)))
                .ok()
        }) {
            where_.push("i.date_start >= ?".into());
            params.push(text(&earliest.to_string()));
        }
    }
    if let Some(d) = f.to {
        where_.push("i.date_start <= ?".into());
        params.push(text(&d.to_string()));
    }
    if let Some(k) = f.min_killed {
        where_.push("i.killed >= ?".into());
        params.push(Value::Integer(k.min(i64::MAX as u64) as i64));
    }
    if let Some(s) = f.status {
        where_.push("i.status = ?".into());
        params.push(text(s.as_str()));
    }
    if f.contradicted {
        where_.push("i.contradictions > 0".into());
    }
    if let Some(q) = f.text.as_deref().filter(|q| !q.trim().is_empty()) {
        let query = crate::SearchQuery::parse(q)?;
        if let Some(expr) = &query.expr {
            where_.push(
                "i.rowid IN (SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH ?)".into(),
            );
            params.push(Value::Text(super::fts::compile(expr)?));
        }
    }
    let clause = if where_.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", where_.join(" AND "))
    };
    Ok((clause, params))
}

/// The ORDER BY clause for the filter's order; unknown values sort last either way.
fn order_clause(f: &IncidentFilter) -> String {
    let dir = if f.ascending { "ASC" } else { "DESC" };
    // SQLite sorts NULL lowest, so a descending order already puts unknown values last; an
    // explicit `IS NULL` term is needed only ascending, and there only where the filter
    // admits unknown values, since that term keeps an index from giving the order (a sort
    // of every match instead of reading the first page from the index).
    let key = |column: &str, known: bool| {
        if f.ascending && !known {
            format!("{column} IS NULL, {column} {dir}")
        } else {
            format!("{column} {dir}")
        }
    };
    let dated = f.from.is_some() || f.to.is_some();
    let key = match f.sort {
        IncidentSort::Date => key("i.date_start", dated),
        IncidentSort::Killed => key("i.killed", f.min_killed.is_some()),
        IncidentSort::Injured => key("i.injured", false),
        IncidentSort::Sources => format!("i.sources {dir}"),
        IncidentSort::Place => {
            format!(
                "{}, i.admin1 {dir}, i.place {dir}",
                key("i.country", f.country.is_some())
            )
        }
        IncidentSort::Type => key("i.attack_type", f.attack_type.is_some()),
        IncidentSort::Confidence => key("i.confidence", false),
    };
    format!("ORDER BY {key}, i.id {dir}")
}

fn count(conn: &Connection, clause: &str, params: &[Value]) -> Result<u64, StoreError> {
    let total: i64 = conn
        .prepare_cached(&format!("SELECT COUNT(*) FROM incidents i {clause}"))
        .and_then(|mut st| st.query_row(params_from_iter(params.iter()), |r| r.get(0)))
        .map_err(super::fts::explain_error)?;
    Ok(total as u64)
}

fn paged(params: &[Value], page: Page) -> Vec<Value> {
    let mut p = params.to_vec();
    p.push(Value::Integer(page.limit.min(i64::MAX as u64) as i64));
    p.push(Value::Integer(page.offset.min(i64::MAX as u64) as i64));
    p
}

pub(crate) fn list(
    conn: &Connection,
    f: &IncidentFilter,
    page: Page,
) -> Result<Listing<Incident>, StoreError> {
    let (clause, params) = filter_clause(conn, f)?;
    let total = count(conn, &clause, &params)?;
    let items = incidents_from(
        conn,
        &format!(
            "SELECT i.id, r.record FROM incidents i JOIN incident_records r ON r.id = i.id
             {clause} {} LIMIT ? OFFSET ?",
            order_clause(f)
        ),
        &paged(&params, page),
    )?;
    Ok(Listing { total, items })
}

/// Walks the filter's incidents in its order, parsing one record at a time. The order is
/// taken over the small listing rows and each record read by id as the walk reaches it:
/// ordering the joined records instead would make SQLite sort every record (JSON of
/// kilobytes) in a temporary b-tree, which grows with the record.
pub(crate) fn each(
    conn: &Connection,
    f: &IncidentFilter,
    each: &mut dyn FnMut(Incident) -> std::ops::ControlFlow<()>,
) -> Result<u64, StoreError> {
    let (clause, params) = filter_clause(conn, f)?;
    let what = "reading incidents";
    let mut ids = conn
        .prepare_cached(&format!(
            "SELECT i.id FROM incidents i {clause} {}",
            order_clause(f)
        ))
        .context(what)?;
    let mut record = conn
        .prepare_cached("SELECT record FROM incident_records WHERE id = ?1")
        .context(what)?;
    let mut rows = ids
        .query(params_from_iter(params.iter()))
        .map_err(super::fts::explain_error)?;
    let mut seen = 0;
    while let Some(row) = rows.next().map_err(super::fts::explain_error)? {
        let id: String = row.get(0).context(what)?;
        let Some(json) = record
            .query_row([&id], |r| r.get::<_, String>(0))
            .optional()
            .context(what)?
        else {
            // Written in the same transaction as its listing row; absent only if the
            // incident was removed while the walk ran.
            continue;
        };
        seen += 1;
        if each(from_json(&json, &format!("incident {id}"))?).is_break() {
            break;
        }
    }
    Ok(seen)
}

const ROW_COLUMNS: &str = "i.id, i.kind, i.attack_type, i.date_start, i.date_end, i.country,
    i.admin1, i.place, i.lat, i.lon, i.killed, i.injured, i.perpetrators, i.sources,
    i.contradictions, i.status, i.confidence";

/// One listing row, from a query selecting [`ROW_COLUMNS`].
fn incident_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<IncidentRow> {
    let parse = |i: usize, s: Option<String>| -> rusqlite::Result<Option<Date>> {
        s.map(|s| {
            s.parse::<Date>().map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    i,
                    rusqlite::types::Type::Text,
                    Box::new(e),
                )
            })
        })
        .transpose()
    };
    let kind: String = r.get(1)?;
    let attack: Option<String> = r.get(2)?;
    let perpetrators: Option<String> = r.get(12)?;
    let status: String = r.get(15)?;
    Ok(IncidentRow {
        id: IncidentId(r.get(0)?),
        kind: kind.parse().unwrap_or(EventKind::Other),
        attack_type: attack.and_then(|a| a.parse().ok()),
        date_start: parse(3, r.get(3)?)?,
        date_end: parse(4, r.get(4)?)?,
        country: r.get(5)?,
        admin1: r.get(6)?,
        place: r.get(7)?,
        lat: r.get(8)?,
        lon: r.get(9)?,
        killed: r.get::<_, Option<i64>>(10)?.map(|k| k as u64),
        injured: r.get::<_, Option<i64>>(11)?.map(|k| k as u64),
        perpetrators: perpetrators
            .and_then(|p| serde_json::from_str(&p).ok())
            .unwrap_or_default(),
        sources: r.get::<_, i64>(13)? as u64,
        contradictions: r.get::<_, i64>(14)? as u64,
        status: status.parse().unwrap_or(ReviewStatus::Unreviewed),
        confidence: r.get(16)?,
    })
}

fn rows_from(
    conn: &Connection,
    sql: &str,
    params: &[Value],
) -> Result<Vec<IncidentRow>, StoreError> {
    let what = "reading incident rows";
    let mut stmt = conn.prepare_cached(sql).context(what)?;
    let rows = stmt
        .query_map(params_from_iter(params.iter()), incident_row)
        .map_err(super::fts::explain_error)?;
    let mut out = Vec::new();
    for row in rows {
        out.push(row.map_err(super::fts::explain_error)?);
    }
    Ok(out)
}

/// Every listing row matching the filter, in its order, handed to `each` as it is read.
pub(crate) fn each_row(
    conn: &Connection,
    f: &IncidentFilter,
    each: &mut dyn FnMut(IncidentRow) -> std::ops::ControlFlow<()>,
) -> Result<u64, StoreError> {
    let (clause, params) = filter_clause(conn, f)?;
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT {ROW_COLUMNS} FROM incidents i {clause} {}",
            order_clause(f)
        ))
        .context("reading incident rows")?;
    let mut rows = stmt
        .query(params_from_iter(params.iter()))
        .map_err(super::fts::explain_error)?;
    let mut seen = 0;
    while let Some(row) = rows.next().map_err(super::fts::explain_error)? {
        seen += 1;
        if each(incident_row(row).map_err(super::fts::explain_error)?).is_break() {
            break;
        }
    }
    Ok(seen)
}

pub(crate) fn rows(
    conn: &Connection,
    f: &IncidentFilter,
    page: Page,
) -> Result<Listing<IncidentRow>, StoreError> {
    let (clause, params) = filter_clause(conn, f)?;
    let total = count(conn, &clause, &params)?;
    let items = rows_from(
        conn,
        &format!(
            "SELECT {ROW_COLUMNS} FROM incidents i {clause} {} LIMIT ? OFFSET ?",
            order_clause(f)
        ),
        &paged(&params, page),
    )?;
    Ok(Listing { total, items })
}

pub(crate) fn points(
    conn: &Connection,
    f: &IncidentFilter,
    limit: u64,
) -> Result<Listing<IncidentRow>, StoreError> {
    let (clause, params) = filter_clause(conn, f)?;
    let placed = if clause.is_empty() {
        "WHERE i.lat IS NOT NULL AND i.lon IS NOT NULL".to_string()
    } else {
        format!("{clause} AND i.lat IS NOT NULL AND i.lon IS NOT NULL")
    };
    let total = count(conn, &placed, &params)?;
    let items = rows_from(
        conn,
        &format!(
            "SELECT {ROW_COLUMNS} FROM incidents i {placed}
             ORDER BY i.killed IS NULL, i.killed DESC, i.id LIMIT ? OFFSET ?"
        ),
        &paged(&params, Page { offset: 0, limit }),
    )?;
    Ok(Listing { total, items })
}

pub(crate) fn months(conn: &Connection, f: &IncidentFilter) -> Result<Vec<MonthCount>, StoreError> {
    let (clause, params) = filter_clause(conn, f)?;
    let dated = if clause.is_empty() {
        "WHERE i.date_start IS NOT NULL".to_string()
    } else {
        format!("{clause} AND i.date_start IS NOT NULL")
    };
    let sql = format!(
        "SELECT substr(i.date_start, 1, 7) AS month, COUNT(*), COALESCE(SUM(i.killed), 0)
         FROM incidents i {dated} GROUP BY month ORDER BY month"
    );
    let mut stmt = conn
        .prepare_cached(&sql)
        .context("counting incidents by month")?;
    let rows = stmt
        .query_map(params_from_iter(params.iter()), |r| {
            Ok(MonthCount {
                month: r.get(0)?,
                incidents: r.get::<_, i64>(1)? as u64,
                killed: r.get::<_, i64>(2)? as u64,
            })
        })
        .map_err(super::fts::explain_error)?;
    let mut out = Vec::new();
    for row in rows {
        out.push(row.map_err(super::fts::explain_error)?);
    }
    Ok(out)
}

pub(crate) fn counts(conn: &Connection) -> Result<IncidentCounts, StoreError> {
    let what = "counting incidents";
    let mut c = IncidentCounts::default();
    let mut stmt = conn
        .prepare_cached("SELECT status, COUNT(*) FROM incidents GROUP BY status")
        .context(what)?;
    let rows = stmt
        .query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
        })
        .context(what)?;
    for row in rows {
        let (status, n) = row.context(what)?;
        c.total += n;
        match status.as_str() {
            "accepted" => c.accepted = n,
            "rejected" => c.rejected = n,
            _ => c.unreviewed += n,
        }
    }
    c.contradicted = conn
        .query_row(
            "SELECT COUNT(*) FROM incidents WHERE contradictions > 0",
            [],
            |r| r.get::<_, i64>(0),
        )
        .context(what)? as u64;
    c.open_adjudications = conn
        .query_row(
            "SELECT COUNT(*) FROM adjudications WHERE status = 'open'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .context(what)? as u64;
    Ok(c)
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
            "SELECT id, record FROM incident_records WHERE id >= ?1 AND id < ?2 ORDER BY id LIMIT 2",
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
            "SELECT id, record FROM incident_records WHERE id = ?1",
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

/// The listing columns of an incident: its record's reconciled values, read the way the
/// model reads them ([`Event::best_date`], [`Event::best_place`],
/// [`Event::primary_attack_type`]) so that a row and its incident page always agree.
mod columns {
    use forewarn_model::{ActorId, Incident};
    use jiff::civil::Date;

    pub(super) struct Facets {
        pub date: Option<(Date, Date)>,
        pub country: Option<String>,
        pub admin1: Option<String>,
        pub place: Option<String>,
        pub lat: Option<f64>,
        pub lon: Option<f64>,
        pub attack_type: Option<&'static str>,
        pub killed: Option<u64>,
        pub injured: Option<u64>,
        pub perpetrators: Vec<String>,
        pub actors: Vec<ActorId>,
        /// What the incident's full-text entry holds.
        pub text: String,
    }

    impl Facets {
        pub(super) fn of(inc: &Incident) -> Facets {
            let e = &inc.event;
            let place = e.best_place().map(|r| &r.value);
            let mut perpetrators: Vec<String> = Vec::new();
            let mut actors: Vec<ActorId> = Vec::new();
            for r in &e.perpetrators {
                if !perpetrators.contains(&r.value.name) {
                    perpetrators.push(r.value.name.clone());
                }
                if let Some(a) = &r.value.actor
                    && !actors.contains(a)
                {
                    actors.push(a.clone());
                }
            }
            let attack_type = e.primary_attack_type().map(|t| t.as_str());
            let mut text: Vec<&str> = Vec::new();
            text.extend(attack_type);
            for r in &e.location {
                text.extend(r.value.name.as_deref());
                text.extend(r.value.admin1.as_deref());
                text.extend(r.value.country.as_deref());
            }
            text.extend(perpetrators.iter().map(String::as_str));
            text.extend(e.targets.iter().map(|r| r.value.mention.as_str()));
            text.extend(e.weapons.iter().map(|r| r.value.mention.as_str()));
            text.extend(e.victims.iter().map(|r| r.value.mention.as_str()));
            text.extend(e.sources.iter().map(|s| s.quote.as_str()));
            let text = text.join(" \n");
            Facets {
                date: e.best_date().map(|r| (r.value.start, r.value.end)),
                country: place.and_then(|p| p.country.clone()),
                admin1: place.and_then(|p| p.admin1.clone()),
                place: place.and_then(|p| p.name.clone()),
                lat: place.and_then(|p| p.lat),
                lon: place.and_then(|p| p.lon),
                attack_type,
                killed: e.killed.best.map(u64::from),
                injured: e.injured.best.map(u64::from),
                perpetrators,
                actors,
                text,
            }
        }
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

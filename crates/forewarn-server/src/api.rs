//! The JSON API under `/api/v1`, and its OpenAPI 3.1 document (generated from these
//! handlers' annotations by utoipa). Handlers parse, check access, and call the library
//! crates; they hold no business logic of their own.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use forewarn_model::{AdjudicationStatus, FuzzyDate, Reliability, ReviewTarget, Role, Tlp};
use forewarn_store::{DocumentFilter, Page, SearchQuery, SqliteStore, Store};
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::OpenApi;

use crate::auth::Principal;
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery, ErrorBody};
use crate::filters::{IncidentQuery, MAX_LIMIT};
use crate::state::AppState;

/// The API's routes.
pub fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/api/v1/openapi.json", get(openapi))
        .route("/api/v1/stats", get(stats))
        .route("/api/v1/incidents", get(incidents))
        .route("/api/v1/incidents.csv", get(incidents_csv))
        .route("/api/v1/export/{what}", get(export))
        .route("/api/v1/incidents/map", get(incidents_map))
        .route("/api/v1/incidents/timeline", get(incidents_timeline))
        .route("/api/v1/incidents/{id}", get(incident))
        .route("/api/v1/incidents/{id}/review", post(review_incident))
        .route("/api/v1/contradictions", get(contradictions))
        .route("/api/v1/adjudications", get(adjudications))
        .route("/api/v1/adjudications/{id}", post(decide))
        .route("/api/v1/review/log", get(review_log))
        .route("/api/v1/review/{entry}/undo", post(undo))
        .route("/api/v1/actors", get(actors))
        .route("/api/v1/actors/{name}", get(actor))
        .route("/api/v1/actors/{name}/network", get(actor_network))
        .route("/api/v1/actors/{name}/leaders", get(actor_leaders))
        .route("/api/v1/actors/{name}/strength", get(actor_strength))
        .route("/api/v1/forecast", get(forecast))
        .route("/api/v1/documents", get(documents).post(ingest))
        .route("/api/v1/documents/{id}", get(document))
        .route(
            "/api/v1/documents/{id}/annotations",
            get(document_annotations),
        )
        .route("/api/v1/search", get(search))
        .route("/api/v1/tokens", get(tokens).post(create_token))
        .route("/api/v1/tokens/{id}/revoke", post(revoke_token))
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "forewarn API",
        description = "The sourced record of incidents, actors and documents that forewarn keeps, and the review of it. Every list is paginated (`offset`, `limit`) and returns `total`. Errors are JSON: `{status, code, message}`. Send a token as `Authorization: Bearer fw_...`; on a loopback server started without `--require-token`, requests without one act as the local analyst."
    ),
    paths(
        stats, incidents, incidents_csv, export, incidents_map, incidents_timeline, incident,
        review_incident, contradictions, adjudications, decide, review_log, undo, actors, actor,
        actor_network, actor_leaders, actor_strength, documents, ingest, document,
        document_annotations, search, tokens, create_token, revoke_token
    ),
    components(schemas(ErrorBody, ReviewRequest, DecideRequest, IngestRequest, TokenRequest)),
    modifiers(&BearerAuth),
    security(("bearer" = [])),
    tags(
        (name = "incidents", description = "One record per real incident, across reports"),
        (name = "review", description = "A person's decisions, with an audit trail"),
        (name = "actors", description = "Profiles of armed groups, forces and people"),
        (name = "documents", description = "Stored reports, search and ingest"),
        (name = "exports", description = "The record in formats other tools read, streamed"),
        (name = "admin", description = "Tokens"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The OpenAPI document.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    doc.merge(ForecastApiDoc::openapi());
    document_common_errors(&mut doc);
    doc
}

/// Errors any operation may answer, added where an operation does not list them: 400 for a
/// malformed query, path or body, 401 where a token is required and missing, 403 for a write
/// the token's role may not make, and 415 for a body that is not JSON (operations that take
/// one).
fn document_common_errors(doc: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    let error = |what: &str| {
        ResponseBuilder::new()
            .description(what)
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("ErrorBody")))
                    .build(),
            )
            .build()
    };
    for item in doc.paths.paths.values_mut() {
        for (op, writes) in [
            (item.get.as_mut(), false),
            (item.post.as_mut(), true),
            (item.put.as_mut(), true),
            (item.delete.as_mut(), true),
        ] {
            let Some(op) = op else { continue };
            let mut common = vec![
                ("400", "A malformed query, path or body"),
                ("401", "A token is required and none valid was sent"),
            ];
            if writes {
                common.push((
                    "403",
                    "The token's role may not do this, or a form lacks its CSRF token",
                ));
            }
            if op.request_body.is_some() {
                common.push(("415", "The body is not JSON"));
            }
            for (status, what) in common {
                op.responses
                    .responses
                    .entry(status.to_string())
                    .or_insert_with(|| error(what).into());
            }
        }
    }
}

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(openapi_document())
}

type ApiResult = Result<Json<Value>, ApiError>;

#[utoipa::path(get, path = "/api/v1/stats", tag = "incidents",
    responses((status = 200, description = "Totals of documents, findings and incidents", body = Object),
              (status = 401, body = ErrorBody)))]
async fn stats(State(state): State<AppState>, _p: Principal) -> ApiResult {
    state
        .read(|store| {
            Ok(Json(json!({
                "documents": store.stats()?,
                "incidents": store.incident_counts()?,
            })))
        })
        .await
}

#[utoipa::path(get, path = "/api/v1/incidents", tag = "incidents", params(IncidentQuery),
    responses((status = 200, description = "`{total, offset, limit, items}`: rows of reconciled values", body = Object),
              (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn incidents(
    State(state): State<AppState>,
    _p: Principal,
    ApiQuery(q): ApiQuery<IncidentQuery>,
) -> ApiResult {
    state
        .read(move |store| {
            let page = q.page();
            let rows = store.incident_rows(&q.filter(store)?, page)?;
            Ok(Json(json!({
                "total": rows.total, "offset": page.offset, "limit": page.limit, "items": rows.items,
            })))
        })
        .await
}

/// A CSV field, quoted when needed.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[utoipa::path(get, path = "/api/v1/incidents.csv", tag = "incidents", params(IncidentQuery),
    responses((status = 200, description = "Every incident matching the filter as CSV (paging ignored)", content_type = "text/csv", body = String),
              (status = 400, body = ErrorBody)))]
async fn incidents_csv(
    State(state): State<AppState>,
    _p: Principal,
    ApiQuery(q): ApiQuery<IncidentQuery>,
) -> Result<Response, ApiError> {
    let data = state.data_dir().to_path_buf();
    // The filter is checked before the response starts (a bad one is a 400, not a cut
    // body); the rows stream from a connection of the download's own.
    let (filter, store) = state
        .read(move |store| Ok((q.filter(store)?, SqliteStore::open(&data)?)))
        .await?;
    let body = stream_body("incidents.csv".into(), move |out| {
        use std::io::Write;
        out.write_all(
            b"id,kind,type,date_start,date_end,country,admin1,place,lat,lon,killed,injured,perpetrators,sources,contradictions,status\n",
        )?;
        let mut failed: Option<std::io::Error> = None;
        store.each_incident_row(&filter, &mut |r| {
            let opt = |v: Option<String>| v.unwrap_or_default();
            let fields = [
                r.id.0.clone(),
                r.kind.as_str().into(),
                opt(r.attack_type.map(|t| t.as_str().into())),
                opt(r.date_start.map(|d| d.to_string())),
                opt(r.date_end.map(|d| d.to_string())),
                opt(r.country.clone()),
                opt(r.admin1.clone()),
                opt(r.place.clone()),
                opt(r.lat.map(|v| v.to_string())),
                opt(r.lon.map(|v| v.to_string())),
                opt(r.killed.map(|v| v.to_string())),
                opt(r.injured.map(|v| v.to_string())),
                r.perpetrators.join("; "),
                r.sources.to_string(),
                r.contradictions.to_string(),
                r.status.as_str().into(),
            ];
            let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
            match writeln!(out, "{}", line.join(",")) {
                Ok(()) => std::ops::ControlFlow::Continue(()),
                Err(e) => {
                    failed = Some(e);
                    std::ops::ControlFlow::Break(())
                }
            }
        })?;
        match failed {
            Some(e) => Err(e.into()),
            None => Ok(()),
        }
    });
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"incidents.csv\"",
            ),
        ],
        body,
    )
        .into_response())
}

/// A response body written by `work` on a blocking thread as it goes, in chunks, with
/// backpressure: a slow client makes the writer wait rather than memory grow. An error
/// after the response started ends the body with an error, so the client sees a failed
/// download rather than a file that looks complete.
fn stream_body(
    what: String,
    work: impl FnOnce(&mut BodyWriter) -> Result<(), Box<dyn std::error::Error + Send + Sync>>
    + Send
    + 'static,
) -> axum::body::Body {
    let (tx, rx) = tokio::sync::mpsc::channel(EXPORT_QUEUE);
    tokio::task::spawn_blocking(move || {
        let mut out = BodyWriter {
            tx: tx.clone(),
            buf: Vec::with_capacity(EXPORT_CHUNK),
        };
        let result = work(&mut out).and_then(|()| Ok(std::io::Write::flush(&mut out)?));
        match result {
            Ok(()) => {}
            Err(_) if tx.is_closed() => {
                tracing::debug!("{what} stopped: the client left");
            }
            Err(err) => {
                tracing::error!("{what} failed: {err}");
                let _ = tx.blocking_send(Err(std::io::Error::other(err.to_string())));
            }
        }
    });
    axum::body::Body::from_stream(futures_util::stream::unfold(rx, |mut rx| async {
        rx.recv().await.map(|chunk| (chunk, rx))
    }))
}

/// How to export, beside the incident filter.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ExportQuery {
    /// `json`, `jsonl`, `acled-csv`, `gtd-csv`, `geojson`, `graphml` or `stix`. Default:
    /// `json`, `graphml` for `network` and `incident-actors`, `stix` for `bundle`.
    format: Option<String>,
    /// `true`: keep incidents a reviewer rejected (left out otherwise).
    include_rejected: Option<String>,
}

/// Bytes gathered before a chunk goes to the response body.
const EXPORT_CHUNK: usize = 64 * 1024;
/// Chunks queued between the exporting thread and the response (bounds memory when the
/// client reads slowly: the export waits instead).
const EXPORT_QUEUE: usize = 8;

/// Sends what an export writes to the response body in chunks.
struct BodyWriter {
    tx: tokio::sync::mpsc::Sender<Result<axum::body::Bytes, std::io::Error>>,
    buf: Vec<u8>,
}

impl BodyWriter {
    fn send(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::replace(&mut self.buf, Vec::with_capacity(EXPORT_CHUNK));
        self.tx
            .blocking_send(Ok(chunk.into()))
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the client left"))
    }
}

impl std::io::Write for BodyWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= EXPORT_CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
    }
}

#[utoipa::path(get, path = "/api/v1/export/{what}", tag = "exports",
    params(("what" = String, Path, description = "`events`, `actors`, `relations`, `facts`, `network` (the actor network), `incident-actors` (incidents and their perpetrators) or `bundle` (the whole record as STIX 2.1)"),
           ExportQuery, IncidentQuery),
    responses((status = 200, description = "The export as a file download, streamed. `events` take `json`, `jsonl`, `acled-csv`, `gtd-csv` and `geojson`; `actors`, `relations` and `facts` take `json` and `jsonl`; the graphs take `graphml`; `bundle` takes `stix`. The incident filters (and `sort`, `order`) apply to `events`, `incident-actors` and the incidents of `bundle`; paging is ignored. Quotes, mentions and names from TLP:RED documents are withheld unless the token is cleared for them.",
               content((String = "text/csv"), (Object = "application/json"), (String = "application/jsonl"),
                       (Object = "application/geo+json"), (String = "application/graphml+xml"),
                       (Object = "application/stix+json;version=2.1"))),
              (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn export(
    State(state): State<AppState>,
    p: Principal,
    ApiPath(what): ApiPath<String>,
    ApiQuery(e): ApiQuery<ExportQuery>,
    ApiQuery(q): ApiQuery<IncidentQuery>,
) -> Result<Response, ApiError> {
    use forewarn_export::{Format, IncidentOptions, Kind, Withheld};
    let kind: Kind = what.parse().map_err(ApiError::bad_request)?;
    let format = match e.format.as_deref().map(str::trim).filter(|f| !f.is_empty()) {
        Some(f) => f.parse::<Format>().map_err(ApiError::bad_request)?,
        None => kind.formats()[0],
    };
    if !kind.formats().contains(&format) {
        return Err(forewarn_export::ExportError::Unsupported { kind, format }.into());
    }
    let include_rejected = matches!(
        e.include_rejected.as_deref().map(str::trim),
        Some("true" | "1" | "on" | "yes")
    );
    let red = p.red;
    let data = state.data_dir().to_path_buf();
    // Checked before the response starts, so a bad filter is a 400 rather than a cut body;
    // the export itself gets a connection of its own, so a long download never holds one
    // of the shared readers.
    let (options, store) = state
        .read(move |store| {
            let options = IncidentOptions {
                filter: q.filter(store)?,
                include_rejected,
                withheld: if red {
                    Withheld::none()
                } else {
                    Withheld::red_documents(store)?
                },
            };
            Ok((options, SqliteStore::open(&data)?))
        })
        .await?;
    let body = stream_body(format!("export of {kind} as {format}"), move |out| {
        forewarn_export::write_export(&store, kind, format, &options, out)?;
        Ok(())
    });
    Ok((
        [
            (header::CONTENT_TYPE, format.content_type().to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", format.file_name(kind)),
            ),
        ],
        body,
    )
        .into_response())
}

/// Points drawn at most on one map.
const MAP_POINTS: u64 = 20_000;

#[utoipa::path(get, path = "/api/v1/incidents/map", tag = "incidents", params(IncidentQuery),
    responses((status = 200, description = "`{points: [{id, lat, lon, killed, date, place, label, url}], unplaced}`", body = Object),
              (status = 400, body = ErrorBody)))]
async fn incidents_map(
    State(state): State<AppState>,
    _p: Principal,
    ApiQuery(q): ApiQuery<IncidentQuery>,
) -> ApiResult {
    state
        .read(move |store| {
            let filter = q.filter(store)?;
            let placed = store.incident_points(&filter, MAP_POINTS)?;
            let all = store.incident_rows(&filter, Page { offset: 0, limit: 0 })?.total;
            let points: Vec<Value> = placed
                .items
                .iter()
                .map(|r| {
                    let place = [r.place.as_deref(), r.admin1.as_deref(), r.country.as_deref()]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(", ");
                    json!({
                        "id": r.id.0, "lat": r.lat, "lon": r.lon, "killed": r.killed,
                        "date": r.date_start.map(|d| d.to_string()),
                        "place": place,
                        "label": r.attack_type.map_or(r.kind.as_str(), |t| t.as_str()).replace('_', " "),
                        "url": format!("/incidents/{}", r.id.0),
                    })
                })
                .collect();
            Ok(Json(json!({
                "points": points,
                "unplaced": all.saturating_sub(placed.total),
                "truncated": placed.total > placed.items.len() as u64,
            })))
        })
        .await
}

#[utoipa::path(get, path = "/api/v1/incidents/timeline", tag = "incidents", params(IncidentQuery),
    responses((status = 200, description = "`{months: [{month, incidents, killed, url}]}`", body = Object),
              (status = 400, body = ErrorBody)))]
async fn incidents_timeline(
    State(state): State<AppState>,
    _p: Principal,
    ApiQuery(q): ApiQuery<IncidentQuery>,
) -> ApiResult {
    state
        .read(move |store| {
            let months = store.incident_months(&q.filter(store)?)?;
            let months: Vec<Value> = months
                .into_iter()
                .map(|m| {
                    let mut link = q.clone();
                    link.from = Some(m.month.clone());
                    link.to = Some(m.month.clone());
                    json!({
                        "month": m.month, "incidents": m.incidents, "killed": m.killed,
                        "url": format!("/incidents?{}", link.to_query_string()),
                    })
                })
                .collect();
            Ok(Json(json!({ "months": months })))
        })
        .await
}

/// The documents among an incident's sources marked TLP:RED, when the principal may not see
/// them (read from the documents' tlp index, not the documents).
fn withheld_for(
    store: &SqliteStore,
    p: &Principal,
    inc: &forewarn_model::Incident,
) -> Result<forewarn_export::Withheld, ApiError> {
    if p.red {
        return Ok(forewarn_export::Withheld::none());
    }
    let mut ids: Vec<forewarn_model::DocumentId> =
        inc.members.iter().map(|m| m.document.clone()).collect();
    ids.sort();
    ids.dedup();
    Ok(forewarn_export::Withheld::of_documents(
        store.red_documents(&ids)?,
    ))
}

/// The incident as the export contract gives it, with its audit trail, redacted for `p`.
pub fn incident_view(store: &SqliteStore, id: &str, p: &Principal) -> Result<Value, ApiError> {
    let inc = store
        .incident(id)?
        .ok_or_else(|| ApiError::not_found(format!("no incident {id:?}")))?;
    // Targets, weapons and victims carry no document of their own in the record: the
    // exporter withholds them by the document each was read from.
    let withheld = withheld_for(store, p, &inc)?;
    let mut v =
        forewarn_export::IncidentExporter::withholding(store, withheld.clone()).export(&inc)?;
    let log = store.review_log(
        Some(&ReviewTarget::Incident(inc.id.0.clone())),
        Page {
            offset: 0,
            limit: 200,
        },
    )?;
    withheld.redact_json(&mut v);
    if let Value::Object(map) = &mut v {
        map.insert("review_log".into(), json!(log.items));
        map.insert(
            "corrections".into(),
            serde_json::to_value(&inc.corrections).unwrap_or_default(),
        );
    }
    Ok(v)
}

#[utoipa::path(get, path = "/api/v1/incidents/{id}", tag = "incidents",
    params(("id" = String, Path, description = "Incident id (`inc-` and at least six hex digits) or an event id")),
    responses((status = 200, description = "Every field with each source's value and quote, the reconciled value, contradictions, members and the audit trail", body = Object),
              (status = 404, body = ErrorBody)))]
async fn incident(
    State(state): State<AppState>,
    p: Principal,
    ApiPath(id): ApiPath<String>,
) -> ApiResult {
    state
        .read(move |store| Ok(Json(incident_view(store, &id, &p)?)))
        .await
}

/// A review decision about an incident.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct ReviewRequest {
    /// accept, reject, correct, merge, split or note.
    pub action: String,
    /// For correct: killed, injured, date, type, place or perpetrator.
    pub field: Option<String>,
    /// For correct: the value as a person writes it ("at least 140", "2024-03-22",
    /// "Kerman, Iran"); for note: the note.
    pub value: Option<String>,
    /// For merge: the incident this one goes into.
    pub into: Option<String>,
    /// For split: the event id to take out.
    pub event: Option<String>,
    /// Why (kept in the audit log).
    pub why: Option<String>,
}

/// Applies a review decision; returns the audit-log entry.
pub fn apply_review(
    store: &mut SqliteStore,
    id: &str,
    r: &ReviewRequest,
    p: &Principal,
) -> Result<forewarn_model::ReviewEntry, ApiError> {
    use forewarn_kb::review;
    use forewarn_model::{CorrectedValue, ReviewStatus};
    let who = review::Reviewer {
        by: &p.name,
        why: r.why.as_deref().filter(|w| !w.trim().is_empty()),
    };
    let value = || {
        r.value
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| ApiError::bad_request("give a value"))
    };
    Ok(match r.action.as_str() {
        "accept" => review::set_status(store, id, ReviewStatus::Accepted, &who)?,
        "reject" => review::set_status(store, id, ReviewStatus::Rejected, &who)?,
        "correct" => {
            let v = value()?;
            let field = r.field.as_deref().unwrap_or_default();
            let figure = |v: &str| {
                review::parse_count(v).ok_or_else(|| {
                    ApiError::bad_request(format!(
                        "cannot read {v:?} as a figure (try 137, \"at least 140\", \"up to 20\", 15-20)"
                    ))
                })
            };
            let corrected = match field {
                "killed" => CorrectedValue::Killed(figure(v)?),
                "injured" => CorrectedValue::Injured(figure(v)?),
                "date" => CorrectedValue::Date(v.parse::<FuzzyDate>().map_err(|e| {
                    ApiError::bad_request(format!("date {v:?}: {e} (use YYYY, YYYY-MM or YYYY-MM-DD)"))
                })?),
                "type" => CorrectedValue::Type(v.parse().map_err(|e| {
                    ApiError::bad_request(format!("type {v:?}: {e}"))
                })?),
                "place" => CorrectedValue::Place(review::place_named(v).ok_or_else(|| {
                    ApiError::bad_request(format!(
                        "{v:?} is not a place the gazetteer knows (write it as in a report, e.g. \"Kerman, Iran\")"
                    ))
                })?),
                "perpetrator" => CorrectedValue::Perpetrator(review::perpetrator_named(v)),
                other => {
                    return Err(ApiError::bad_request(format!(
                        "cannot correct {other:?}: use killed, injured, date, type, place or perpetrator"
                    )));
                }
            };
            review::correct(store, id, corrected, &who)?
        }
        "merge" => {
            let into = r
                .into
                .as_deref()
                .filter(|s| !s.trim().is_empty())
                .ok_or_else(|| ApiError::bad_request("give the incident to merge into"))?;
            review::merge(store, id, into.trim(), &who)?
        }
        "split" => {
            let event = r
                .event
                .as_deref()
                .ok_or_else(|| ApiError::bad_request("give the event to split off"))?;
            review::split(store, id, event, &who)?
        }
        "note" => {
            let inc = store
                .incident(id)?
                .ok_or_else(|| ApiError::not_found(format!("no incident {id:?}")))?;
            review::note(store, ReviewTarget::Incident(inc.id.0), value()?, &who)?
        }
        other => {
            return Err(ApiError::bad_request(format!(
                "unknown action {other:?}: use accept, reject, correct, merge, split or note"
            )));
        }
    })
}

#[utoipa::path(post, path = "/api/v1/incidents/{id}/review", tag = "review", request_body = ReviewRequest,
    params(("id" = String, Path, description = "Incident id")),
    responses((status = 200, description = "The audit-log entry, with a message", body = Object),
              (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn review_incident(
    State(state): State<AppState>,
    p: Principal,
    ApiPath(id): ApiPath<String>,
    ApiJson(r): ApiJson<ReviewRequest>,
) -> ApiResult {
    p.require(Role::Analyst)?;
    state
        .write(move |store| {
            let e = apply_review(store, &id, &r, &p)?;
            Ok(Json(json!({
                "message": format!("#{} {} by {}", e.id, e.action.as_str(), e.reviewer),
                "entry": e,
            })))
        })
        .await
}

#[utoipa::path(get, path = "/api/v1/contradictions", tag = "incidents", params(IncidentQuery),
    responses((status = 200, description = "`{total, items: [{incident, date, place, contradictions}]}` for incidents whose sources disagree", body = Object)))]
async fn contradictions(
    State(state): State<AppState>,
    p: Principal,
    ApiQuery(q): ApiQuery<IncidentQuery>,
) -> ApiResult {
    state
        .read(move |store| {
            let mut filter = q.filter(store)?;
            filter.contradicted = true;
            let page = q.page();
            let listing = store.incidents(&filter, page)?;
            let mut exporter = forewarn_export::IncidentExporter::new(store);
            let mut items = Vec::new();
            for inc in &listing.items {
                let mut v = exporter.export(inc)?;
                withheld_for(store, &p, inc)?.redact_json(&mut v);
                items.push(json!({
                    "incident": v["id"], "date": v["date"], "location": v["location"],
                    "type": v["type"], "contradictions": v["contradictions"],
                }));
            }
            Ok(Json(json!({ "total": listing.total, "offset": page.offset, "limit": page.limit, "items": items })))
        })
        .await
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct StatusQuery {
    /// open, merged or kept_apart; all when absent.
    status: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/adjudications", tag = "review", params(StatusQuery),
    responses((status = 200, description = "Pairs the machine could not decide, with the evidence for and against", body = Object)))]
async fn adjudications(
    State(state): State<AppState>,
    _p: Principal,
    ApiQuery(q): ApiQuery<StatusQuery>,
) -> ApiResult {
    let status = match q.status.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => Some(
            s.parse::<AdjudicationStatus>()
                .map_err(|e| ApiError::bad_request(format!("status {s:?}: {e}")))?,
        ),
        None => None,
    };
    state
        .read(move |store| {
            let items = store.adjudications(status)?;
            Ok(Json(json!({ "total": items.len(), "items": items })))
        })
        .await
}

/// A person's judgement of an adjudication pair.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct DecideRequest {
    /// `same` (one incident) or `different`.
    pub decision: String,
}

#[utoipa::path(post, path = "/api/v1/adjudications/{id}", tag = "review", request_body = DecideRequest,
    params(("id" = i64, Path, description = "Adjudication id")),
    responses((status = 200, description = "The decided pair", body = Object),
              (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn decide(
    State(state): State<AppState>,
    p: Principal,
    ApiPath(id): ApiPath<i64>,
    ApiJson(d): ApiJson<DecideRequest>,
) -> ApiResult {
    p.require(Role::Analyst)?;
    let decision = match d.decision.as_str() {
        "same" => AdjudicationStatus::Merged,
        "different" => AdjudicationStatus::KeptApart,
        other => {
            return Err(ApiError::bad_request(format!(
                "decision {other:?}: use same or different"
            )));
        }
    };
    state
        .write(move |store| {
            let a = forewarn_kb::decide_adjudication(store, id, decision, &p.name)
                .map_err(ApiError::from)?;
            Ok(Json(json!({
                "message": format!("pair {id}: {}", if decision == AdjudicationStatus::Merged { "one incident" } else { "kept apart" }),
                "adjudication": a,
            })))
        })
        .await
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct LogQuery {
    /// Only entries about this incident.
    incident: Option<String>,
    /// Items to skip.
    offset: Option<u64>,
    /// Items per page.
    limit: Option<u64>,
}

fn page_of(offset: Option<u64>, limit: Option<u64>) -> Page {
    Page {
        offset: offset.unwrap_or(0),
        limit: limit.unwrap_or(50).clamp(1, MAX_LIMIT),
    }
}

#[utoipa::path(get, path = "/api/v1/review/log", tag = "review", params(LogQuery),
    responses((status = 200, description = "The audit log, newest first", body = Object)))]
async fn review_log(
    State(state): State<AppState>,
    _p: Principal,
    ApiQuery(q): ApiQuery<LogQuery>,
) -> ApiResult {
    state
        .read(move |store| {
            let target = match q.incident.as_deref().filter(|s| !s.is_empty()) {
                Some(id) => Some(ReviewTarget::Incident(
                    store
                        .incident(id)?
                        .ok_or_else(|| ApiError::not_found(format!("no incident {id:?}")))?
                        .id
                        .0,
                )),
                None => None,
            };
            let page = page_of(q.offset, q.limit);
            let log = store.review_log(target.as_ref(), page)?;
            Ok(Json(json!({ "total": log.total, "offset": page.offset, "limit": page.limit, "items": log.items })))
        })
        .await
}

#[utoipa::path(post, path = "/api/v1/review/{entry}/undo", tag = "review",
    params(("entry" = i64, Path, description = "Audit-log entry to reverse")),
    responses((status = 200, description = "The new entry that records the reversal", body = Object),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn undo(
    State(state): State<AppState>,
    p: Principal,
    ApiPath(entry): ApiPath<i64>,
) -> ApiResult {
    p.require(Role::Analyst)?;
    state
        .write(move |store| {
            let who = forewarn_kb::review::Reviewer {
                by: &p.name,
                why: None,
            };
            let e = forewarn_kb::review::undo(store, entry, &who)?;
            Ok(Json(
                json!({ "message": format!("#{entry} undone by #{}", e.id), "entry": e }),
            ))
        })
        .await
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ActorListQuery {
    /// Name or alias contains (case-insensitive).
    q: Option<String>,
    /// Items to skip.
    offset: Option<u64>,
    /// Items per page.
    limit: Option<u64>,
}

#[utoipa::path(get, path = "/api/v1/actors", tag = "actors", params(ActorListQuery),
    responses((status = 200, description = "`{total, offset, limit, items}`: actors most reported first, each with id, name, kind, category, country, aliases and the number of reports naming it; the full record of one is at /api/v1/actors/{name}", body = Object)))]
async fn actors(
    State(state): State<AppState>,
    _p: Principal,
    ApiQuery(q): ApiQuery<ActorListQuery>,
) -> ApiResult {
    state
        .read(move |store| {
            let page = page_of(q.offset, q.limit);
            let listing = forewarn_kb::profile::actor_list(store, q.q.as_deref(), page)?;
            Ok(Json(json!({ "total": listing.total, "offset": page.offset, "limit": page.limit, "items": listing.items })))
        })
        .await
}

#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AsOfQuery {
    /// The profile as the record stood on this date (YYYY, YYYY-MM or YYYY-MM-DD).
    pub as_of: Option<String>,
}

impl AsOfQuery {
    /// The date asked for.
    pub fn date(&self) -> Result<Option<FuzzyDate>, ApiError> {
        self.as_of
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                s.parse::<FuzzyDate>()
                    .map_err(|e| ApiError::bad_request(format!("as_of {s:?}: {e}")))
            })
            .transpose()
    }
}

/// An actor's profile, or a clear error.
pub fn profile_of(
    store: &SqliteStore,
    name: &str,
    as_of: Option<&FuzzyDate>,
) -> Result<forewarn_kb::ActorProfile, ApiError> {
    use forewarn_kb::profile::ProfileError;
    forewarn_kb::profile::actor_profile(store, name, as_of).map_err(|e| match e {
        ProfileError::Store(s) => s.into(),
        ProfileError::Unknown(_) | ProfileError::NoEvidence(_) => {
            ApiError::not_found(e.to_string())
        }
        ProfileError::Ambiguous { .. } => ApiError::conflict(e.to_string()),
    })
}

#[utoipa::path(get, path = "/api/v1/actors/{name}", tag = "actors", params(("name" = String, Path, description = "Name, alias or id"), AsOfQuery),
    responses((status = 200, description = "The profile: aliases, leaders over time, allies, rivals, splits, strength, strongholds, incidents by year and country, contradictions", body = Object),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn actor(
    State(state): State<AppState>,
    _p: Principal,
    ApiPath(name): ApiPath<String>,
    ApiQuery(q): ApiQuery<AsOfQuery>,
) -> ApiResult {
    let as_of = q.date()?;
    state
        .read(move |store| Ok(Json(json!(profile_of(store, &name, as_of.as_ref())?))))
        .await
}

/// The network around an actor: it, and every actor its ties name.
pub fn network_json(p: &forewarn_kb::ActorProfile) -> Value {
    let kind = p.category.as_deref().unwrap_or(if p.kind == "individual" {
        "person"
    } else {
        "other"
    });
    let mut nodes = vec![json!({
        "id": p.id, "label": p.name, "kind": kind, "focus": true,
        "url": format!("/actors/{}", p.id),
    })];
    let mut edges = Vec::new();
    let mut seen: HashMap<String, ()> = HashMap::new();
    seen.insert(p.id.clone(), ());
    let groups: [(&str, &Vec<forewarn_kb::profile::Tie>, bool); 11] = [
        ("leader_of", &p.leaders, false),
        ("leader_of", &p.leads, true),
        ("part_of", &p.parents, true),
        ("part_of", &p.children, false),
        ("part_of", &p.member_of, true),
        ("ally", &p.allies, true),
        ("rival", &p.rivals, true),
        ("split_from", &p.split_from, true),
        ("split_from", &p.splinters, false),
        ("affiliate", &p.pledged_to, true),
        ("affiliate", &p.pledges_received, false),
    ];
    for (kind, ties, outward) in groups {
        for t in ties {
            if seen.insert(t.id.clone(), ()).is_none() {
                let node_kind = if kind == "leader_of" {
                    "person"
                } else {
                    "other"
                };
                nodes.push(json!({
                    "id": t.id, "label": t.name, "kind": node_kind, "focus": false,
                    "url": format!("/actors/{}", t.id),
                }));
            }
            let (source, target) = if outward {
                (p.id.clone(), t.id.clone())
            } else {
                (t.id.clone(), p.id.clone())
            };
            edges.push(json!({
                "source": source, "target": target, "kind": kind,
                "label": format!("{} ({} source{})", kind.replace('_', " "), t.sources.len(), if t.sources.len() == 1 { "" } else { "s" }),
            }));
        }
    }
    json!({ "nodes": nodes, "edges": edges })
}

#[utoipa::path(get, path = "/api/v1/actors/{name}/network", tag = "actors", params(("name" = String, Path, description = "Name, alias or id"), AsOfQuery),
    responses((status = 200, description = "`{nodes, edges}` of the actor's ties", body = Object), (status = 404, body = ErrorBody)))]
async fn actor_network(
    State(state): State<AppState>,
    _p: Principal,
    ApiPath(name): ApiPath<String>,
    ApiQuery(q): ApiQuery<AsOfQuery>,
) -> ApiResult {
    let as_of = q.date()?;
    state
        .read(move |store| {
            Ok(Json(network_json(&profile_of(
                store,
                &name,
                as_of.as_ref(),
            )?)))
        })
        .await
}

fn month_of(d: &Option<FuzzyDate>, end: bool) -> Value {
    match d {
        Some(d) => json!(if end {
            d.end_string()
        } else {
            d.start_string()
        }),
        None => Value::Null,
    }
}

#[utoipa::path(get, path = "/api/v1/actors/{name}/leaders", tag = "actors", params(("name" = String, Path, description = "Name, alias or id"), AsOfQuery),
    responses((status = 200, description = "`{rows: [{label, role, start, end, url, note}]}`: leaders over time", body = Object), (status = 404, body = ErrorBody)))]
async fn actor_leaders(
    State(state): State<AppState>,
    _p: Principal,
    ApiPath(name): ApiPath<String>,
    ApiQuery(q): ApiQuery<AsOfQuery>,
) -> ApiResult {
    let as_of = q.date()?;
    state
        .read(move |store| {
            let p = profile_of(store, &name, as_of.as_ref())?;
            let rows: Vec<Value> = p
                .leaders
                .iter()
                .map(|t| {
                    json!({
                        "label": t.name, "role": "leader",
                        "start": month_of(&t.from, false), "end": month_of(&t.until, true),
                        "url": format!("/actors/{}", t.id),
                        "note": format!("{} source{}{}{}", t.sources.len(), if t.sources.len() == 1 { "" } else { "s" }, if t.unverified { ", unverified" } else { "" }, if t.until_inferred { ", end inferred from the next leader's start" } else { "" }),
                    })
                })
                .collect();
            Ok(Json(json!({ "rows": rows })))
        })
        .await
}

#[utoipa::path(get, path = "/api/v1/actors/{name}/strength", tag = "actors", params(("name" = String, Path, description = "Name, alias or id"), AsOfQuery),
    responses((status = 200, description = "`{points: [{date, low, high, best, label, url}]}`: strength estimates over time", body = Object), (status = 404, body = ErrorBody)))]
async fn actor_strength(
    State(state): State<AppState>,
    _p: Principal,
    ApiPath(name): ApiPath<String>,
    ApiQuery(q): ApiQuery<AsOfQuery>,
) -> ApiResult {
    let as_of = q.date()?;
    state
        .read(move |store| {
            let p = profile_of(store, &name, as_of.as_ref())?;
            let points: Vec<Value> = p
                .strength
                .iter()
                .filter_map(|e| {
                    let date = e.date.as_ref()?;
                    let (low, high) = match e.count.qualifier {
                        forewarn_model::CountQualifier::Range => (e.count.value, e.count.high.unwrap_or(e.count.value)),
                        forewarn_model::CountQualifier::AtLeast => (e.count.value, e.count.value),
                        forewarn_model::CountQualifier::UpTo => (0, e.count.value),
                        _ => (e.count.value, e.count.value),
                    };
                    Some(json!({
                        "date": date.start_string(), "low": low, "high": high, "best": e.count.value,
                        "label": e.estimated_by.clone().unwrap_or_else(|| e.source.document.clone()),
                        "url": format!("/documents/by-name/{}", e.source.document),
                    }))
                })
                .collect();
            Ok(Json(json!({ "points": points })))
        })
        .await
}

/// The forecast endpoint's part of the OpenAPI document (merged into [`ApiDoc`]).
#[derive(OpenApi)]
#[openapi(
    paths(forecast),
    tags((name = "forecasts", description = "Monthly tempo forecasts with intervals, unusual-tempo and expansion flags, backtests"))
)]
struct ForecastApiDoc;

/// Which series to forecast, and how.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ForecastQuery {
    /// Country, ISO 3166 alpha-2 (`AF`); without `country` and `actor`, all incidents.
    pub country: Option<String>,
    /// An actor's name, alias or id (with its identity merges).
    pub actor: Option<String>,
    /// Months ahead, 1 to 24 (6 by default).
    pub months: Option<u16>,
    /// Only this model: `nb`, `hawkes`, `poisson-mean` or `naive` (default: all four).
    pub model: Option<String>,
    /// The last complete month, `YYYY-MM` (default: the month before this one).
    pub as_of: Option<String>,
    /// `true`: also backtest the models on this series (rolling origin over its history).
    pub backtest: Option<String>,
}

/// The forecast of the series a query names, from the store's incidents.
pub fn forecast_of(
    store: &SqliteStore,
    q: &ForecastQuery,
) -> Result<forewarn_forecast::ForecastOutput, ApiError> {
    use forewarn_forecast::{ForecastRequest, ModelKind, Month};
    let given = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let mut filter = forewarn_store::IncidentFilter::default();
    let label = match (given(&q.country), given(&q.actor)) {
        (Some(_), Some(_)) => return Err(ApiError::bad_request("give country or actor, not both")),
        (Some(c), None) => {
            filter.country = Some(c.to_uppercase());
            format!("country {}", c.to_uppercase())
        }
        (None, Some(a)) => {
            filter.actors = forewarn_kb::profile::actor_ids(store, &a)?;
            if filter.actors.is_empty() {
                return Err(ApiError::not_found(format!(
                    "no actor named {a:?} in the record"
                )));
            }
            format!("actor {a}")
        }
        (None, None) => "all incidents".to_string(),
    };
    let months = q.months.unwrap_or(6);
    if !(1..=24).contains(&months) {
        return Err(ApiError::bad_request(format!(
            "months {months}: use 1 to 24"
        )));
    }
    let models = match given(&q.model) {
        Some(m) => vec![m.parse::<ModelKind>().map_err(ApiError::bad_request)?],
        None => ModelKind::ALL.to_vec(),
    };
    let last_month = match given(&q.as_of) {
        Some(m) => m.parse::<Month>().map_err(ApiError::bad_request)?,
        None => Month::of(jiff::Zoned::now().date()).plus(-1),
    };
    let (records, undated) = forewarn_forecast::load_records(store, &filter)?;
    let req = ForecastRequest {
        label,
        last_month,
        months: usize::from(months),
        models,
        expansion_months: 12,
        backtest: matches!(
            given(&q.backtest).as_deref(),
            Some("true" | "1" | "yes" | "on")
        ),
    };
    let mut out = forewarn_forecast::forecast_records(&records, &req);
    if undated > 0 {
        out.notes
            .push(format!("{undated} undated incidents are not counted"));
    }
    Ok(out)
}

#[utoipa::path(get, path = "/api/v1/forecast", tag = "forecasts", params(ForecastQuery),
    responses((status = 200, description = "`{series, last_month, history: [{month, incidents, killed}], forecasts: [{model, fit, months: [{month, horizon, mean, p_any, p_killed_25, interval80: {low, high}, interval95}]}], tempo: [{model, month, observed, expected, interval80, interval95, flag}], expansions: [{actor, kind, date, incident, country, admin1, earlier_incidents}], backtest, notes}`: the next months' incidents per model (naive last month, long-run Poisson mean, seasonal negative binomial, Hawkes), whether the last complete month was unusual, and first incidents of actors in new countries or provinces in the last 12 months", body = Object),
              (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn forecast(
    State(state): State<AppState>,
    _p: Principal,
    ApiQuery(q): ApiQuery<ForecastQuery>,
) -> ApiResult {
    state
        .read(move |store| {
            let out = forecast_of(store, &q)?;
            let body = serde_json::to_value(&out)
                .map_err(|e| ApiError::internal(format!("forecast as JSON: {e}")))?;
            Ok(Json(body))
        })
        .await
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct DocumentListQuery {
    /// Publisher contains.
    publisher: Option<String>,
    /// Published on or after (YYYY, YYYY-MM or YYYY-MM-DD).
    from: Option<String>,
    /// Published on or before.
    to: Option<String>,
    /// Items to skip.
    offset: Option<u64>,
    /// Items per page.
    limit: Option<u64>,
}

#[utoipa::path(get, path = "/api/v1/documents", tag = "documents", params(DocumentListQuery),
    responses((status = 200, description = "Stored documents without their text, newest first", body = Object), (status = 400, body = ErrorBody)))]
async fn documents(
    State(state): State<AppState>,
    p: Principal,
    ApiQuery(q): ApiQuery<DocumentListQuery>,
) -> ApiResult {
    let date = |s: &Option<String>, what: &str| -> Result<Option<FuzzyDate>, ApiError> {
        s.as_deref()
            .filter(|s| !s.trim().is_empty())
            .map(|s| {
                s.parse::<FuzzyDate>()
                    .map_err(|e| ApiError::bad_request(format!("{what} {s:?}: {e}")))
            })
            .transpose()
    };
    let filter = DocumentFilter {
        publisher: q.publisher.clone().filter(|s| !s.trim().is_empty()),
        published_from: date(&q.from, "from")?.map(|d| d.start),
        published_to: date(&q.to, "to")?.map(|d| d.end),
        hide_red: !p.red,
        ..DocumentFilter::default()
    };
    let page = page_of(q.offset, q.limit);
    state
        .read(move |store| {
            let l = store.list_documents(&filter, page)?;
            Ok(Json(json!({ "total": l.total, "offset": page.offset, "limit": page.limit, "items": l.items })))
        })
        .await
}

/// A document the principal may see, or 404 (a withheld document is not acknowledged).
pub fn visible_document(
    store: &SqliteStore,
    id: &str,
    p: &Principal,
) -> Result<forewarn_model::Document, ApiError> {
    match store.document(id)? {
        Some(d) if p.may_see(d.meta.tlp) => Ok(d),
        _ => Err(ApiError::not_found(format!("no document {id:?}"))),
    }
}

#[utoipa::path(get, path = "/api/v1/documents/{id}", tag = "documents",
    params(("id" = String, Path, description = "Document id or a unique prefix of 6+ characters")),
    responses((status = 200, description = "The document: metadata and text", body = Object), (status = 404, body = ErrorBody)))]
async fn document(
    State(state): State<AppState>,
    p: Principal,
    ApiPath(id): ApiPath<String>,
) -> ApiResult {
    state
        .read(move |store| Ok(Json(json!(visible_document(store, &id, &p)?))))
        .await
}

/// What was extracted from a document, as marks on its text.
pub fn annotations_of(
    store: &SqliteStore,
    doc: &forewarn_model::Document,
) -> Result<Vec<forewarn_export::Annotation>, ApiError> {
    let findings = store.document_findings(&doc.id)?;
    let mut incident_of = HashMap::new();
    for e in &findings.events {
        if let Some(inc) = store.incident(&e.id.0)? {
            incident_of.insert(e.id.clone(), inc.id);
        }
    }
    Ok(forewarn_export::annotations(
        &doc.text,
        &findings,
        &incident_of,
    ))
}

#[utoipa::path(get, path = "/api/v1/documents/{id}/annotations", tag = "documents",
    params(("id" = String, Path, description = "Document id or a unique prefix")),
    responses((status = 200, description = "`{items: [{start, end, kind, label, producer, confidence, incident, actor}]}`; start and end are byte offsets into the text", body = Object),
              (status = 404, body = ErrorBody)))]
async fn document_annotations(
    State(state): State<AppState>,
    p: Principal,
    ApiPath(id): ApiPath<String>,
) -> ApiResult {
    state
        .read(move |store| {
            let doc = visible_document(store, &id, &p)?;
            Ok(Json(
                json!({ "document": doc.id, "items": annotations_of(store, &doc)? }),
            ))
        })
        .await
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct SearchParams {
    /// The search language: words, "phrases", OR, NOT/-, (groups), prefix*, title:, text:,
    /// publisher:, after:, before:.
    q: String,
    /// Items to skip.
    offset: Option<u64>,
    /// Items per page.
    limit: Option<u64>,
}

#[utoipa::path(get, path = "/api/v1/search", tag = "documents", params(SearchParams),
    responses((status = 200, description = "`{total, offset, limit, items}`: hits by BM25 relevance (title weighs three times the text) with a highlighted snippet; `total` counts every match, and where more than 2,000 documents match, the first pages rank the 2,000 most recently stored of them (deeper pages rank all)", body = Object), (status = 400, body = ErrorBody)))]
async fn search(
    State(state): State<AppState>,
    p: Principal,
    ApiQuery(q): ApiQuery<SearchParams>,
) -> ApiResult {
    let mut query = SearchQuery::parse(&q.q).map_err(|e| ApiError::bad_request(e.to_string()))?;
    query.filter.hide_red = !p.red;
    let page = page_of(q.offset, q.limit);
    state
        .read(move |store| {
            let hits = store.search(&query, page)?;
            Ok(Json(json!({ "total": hits.total, "offset": page.offset, "limit": page.limit, "items": hits.items })))
        })
        .await
}

/// A report to ingest as JSON: its text, or a URL to fetch.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct IngestRequest {
    /// The report's text (plain, Markdown or HTML; recognised by content).
    pub text: Option<String>,
    /// Or a public URL to fetch.
    pub url: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// Publisher.
    pub publisher: Option<String>,
    /// Publication date (YYYY-MM-DD).
    pub published: Option<String>,
    /// TLP marking: clear, green, amber, amber+strict or red.
    pub tlp: Option<String>,
    /// Admiralty reliability grade, A to F.
    pub reliability: Option<String>,
}

/// Largest upload or text accepted in one request.
pub const MAX_UPLOAD: usize = 64 * 1024 * 1024;

fn overrides(r: &IngestRequest) -> Result<forewarn_ingest::MetaOverrides, ApiError> {
    let nonempty = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    Ok(forewarn_ingest::MetaOverrides {
        title: nonempty(&r.title),
        publisher: nonempty(&r.publisher),
        published: nonempty(&r.published)
            .map(|s| {
                s.parse::<jiff::civil::Date>()
                    .map_err(|e| ApiError::bad_request(format!("published {s:?}: {e}")))
            })
            .transpose()?,
        tlp: nonempty(&r.tlp)
            .map(|s| {
                s.parse::<Tlp>()
                    .map_err(|e| ApiError::bad_request(format!("tlp {s:?}: {e}")))
            })
            .transpose()?,
        reliability: nonempty(&r.reliability)
            .map(|s| {
                s.parse::<Reliability>()
                    .map_err(|e| ApiError::bad_request(format!("reliability {s:?}: {e}")))
            })
            .transpose()?,
        ..Default::default()
    })
}

fn ingest_message(s: &forewarn_ingest::IngestSummary) -> (StatusCode, Value) {
    use forewarn_ingest::ItemOutcome;
    let first = s.outcomes.first();
    let (status, message, url) = match first {
        Some(ItemOutcome::Stored {
            name, id, events, ..
        }) => (
            StatusCode::CREATED,
            format!(
                "stored {name}: {events} event{} found",
                if *events == 1 { "" } else { "s" }
            ),
            Some(format!("/documents/{}", id.as_str())),
        ),
        Some(ItemOutcome::Duplicate {
            existing_name, id, ..
        }) => (
            StatusCode::OK,
            format!("already stored as {existing_name}"),
            Some(format!("/documents/{}", id.as_str())),
        ),
        Some(ItemOutcome::Failed { input, reason }) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("{input}: {reason}"),
            None,
        ),
        None => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "nothing to ingest".into(),
            None,
        ),
    };
    let mut body = json!({ "message": message, "url": url, "summary": s });
    if status == StatusCode::UNPROCESSABLE_ENTITY
        && let Value::Object(m) = &mut body
    {
        m.insert("status".into(), json!(422));
        m.insert("code".into(), json!("unprocessable"));
    }
    (status, body)
}

async fn run_ingest(
    state: &AppState,
    item: forewarn_ingest::WorkItem,
    meta: forewarn_ingest::MetaOverrides,
) -> Result<Response, ApiError> {
    let summary = state
        .write(move |store| {
            let options = forewarn_ingest::IngestOptions {
                overrides: meta,
                workers: 1,
                ..Default::default()
            };
            forewarn_ingest::ingest_items(
                store,
                vec![item],
                &options,
                &mut forewarn_ingest::SilentObserver,
            )
            .map_err(ApiError::bad_request)
        })
        .await?;
    let (status, body) = ingest_message(&summary);
    Ok((status, Json(body)).into_response())
}

#[utoipa::path(post, path = "/api/v1/documents", tag = "documents",
    request_body(content = IngestRequest, description = "JSON `{text | url, title, publisher, published, tlp, reliability}`, or multipart/form-data with one part `file` (and the same fields as parts)"),
    responses((status = 201, description = "Stored: `{message, url, summary}`", body = Object),
              (status = 200, description = "Already stored", body = Object),
              (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn ingest(
    State(state): State<AppState>,
    p: Principal,
    headers: HeaderMap,
    request: axum::extract::Request,
) -> Result<Response, ApiError> {
    use axum::extract::FromRequest;
    p.require(Role::Analyst)?;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    if content_type.starts_with("multipart/form-data") {
        let mut form = Multipart::from_request(request, &state)
            .await
            .map_err(|e| ApiError::bad_request(e.body_text()))?;
        let mut fields = IngestRequest::default();
        let mut file: Option<(String, Vec<u8>)> = None;
        while let Some(field) = form
            .next_field()
            .await
            .map_err(|e| ApiError::bad_request(format!("reading the upload: {e}")))?
        {
            let name = field.name().unwrap_or_default().to_string();
            if name == "file" {
                let file_name = field.file_name().unwrap_or("upload").to_string();
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|e| ApiError::too_large(format!("reading {file_name}: {e}")))?;
                file = Some((file_name, bytes.to_vec()));
            } else {
                let value = field
                    .text()
                    .await
                    .map_err(|e| ApiError::bad_request(format!("reading field {name}: {e}")))?;
                match name.as_str() {
                    "title" => fields.title = Some(value),
                    "publisher" => fields.publisher = Some(value),
                    "published" => fields.published = Some(value),
                    "tlp" => fields.tlp = Some(value),
                    "reliability" => fields.reliability = Some(value),
                    _ => {}
                }
            }
        }
        let (name, bytes) =
            file.ok_or_else(|| ApiError::bad_request("the upload has no part named file"))?;
        if bytes.is_empty() {
            return Err(ApiError::bad_request(format!("{name} is empty")));
        }
        let meta = overrides(&fields)?;
        return run_ingest(
            &state,
            forewarn_ingest::WorkItem::Bytes { name, bytes },
            meta,
        )
        .await;
    }
    let Json(r) = Json::<IngestRequest>::from_request(request, &state).await?;
    let meta = overrides(&r)?;
    match (
        r.text.as_deref().filter(|t| !t.trim().is_empty()),
        r.url.as_deref().filter(|u| !u.trim().is_empty()),
    ) {
        (Some(text), None) => {
            let name = r
                .title
                .as_deref()
                .filter(|t| !t.trim().is_empty())
                .map_or_else(|| "pasted text".to_string(), |t| t.trim().to_string());
            run_ingest(
                &state,
                forewarn_ingest::WorkItem::Bytes {
                    name,
                    bytes: text.as_bytes().to_vec(),
                },
                meta,
            )
            .await
        }
        (None, Some(url)) => {
            run_ingest(
                &state,
                forewarn_ingest::WorkItem::Url(url.trim().to_string()),
                meta,
            )
            .await
        }
        (Some(_), Some(_)) => Err(ApiError::bad_request("give text or url, not both")),
        (None, None) => Err(ApiError::bad_request("give text or url")),
    }
}

#[utoipa::path(get, path = "/api/v1/tokens", tag = "admin",
    responses((status = 200, description = "Every token (never its secret)", body = Object), (status = 403, body = ErrorBody)))]
async fn tokens(State(state): State<AppState>, p: Principal) -> ApiResult {
    p.require(Role::Admin)?;
    state
        .read(|store| Ok(Json(json!({ "items": store.tokens()? }))))
        .await
}

/// A token to make.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct TokenRequest {
    /// Who or what it is for.
    pub name: String,
    /// viewer, analyst or admin.
    pub role: String,
    /// Whether it may see TLP:RED documents.
    #[serde(default)]
    pub red: bool,
}

#[utoipa::path(post, path = "/api/v1/tokens", tag = "admin", request_body = TokenRequest,
    responses((status = 201, description = "`{token, secret}`: the secret is shown only now", body = Object),
              (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn create_token(
    State(state): State<AppState>,
    p: Principal,
    ApiJson(t): ApiJson<TokenRequest>,
) -> Result<Response, ApiError> {
    p.require(Role::Admin)?;
    let role: Role = t
        .role
        .parse()
        .map_err(|e| ApiError::bad_request(format!("role {:?}: {e}", t.role)))?;
    if t.name.trim().is_empty() {
        return Err(ApiError::bad_request("give the token a name"));
    }
    let (token, secret) = state
        .write(move |store| {
            crate::auth::create_token(store, t.name.trim(), role, t.red)
                .map_err(|e| ApiError::internal(e.to_string()))
        })
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "token": token, "secret": secret })),
    )
        .into_response())
}

#[utoipa::path(post, path = "/api/v1/tokens/{id}/revoke", tag = "admin",
    params(("id" = i64, Path, description = "Token id")),
    responses((status = 200, description = "Revoked", body = Object), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn revoke_token(
    State(state): State<AppState>,
    p: Principal,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult {
    p.require(Role::Admin)?;
    state
        .write(move |store| {
            if store.revoke_token(id)? {
                Ok(Json(json!({ "message": format!("token {id} revoked") })))
            } else {
                Err(ApiError::not_found(format!("no token {id}")))
            }
        })
        .await
}

//! Overview, the incidents table with its map and timeline, and the incident page with its
//! review forms and audit trail.

use std::collections::HashMap;

use axum::Form;
use axum::extract::{Extension, Path, Query, State};
use axum::response::Redirect;
use forewarn_model::{AttackType, DocumentId, EventKind, Provenance, ReviewStatus};
use forewarn_store::{IncidentRow, IncidentSort, Page, SqliteStore, Store};
use maud::{Markup, html};
use serde_json::Value;

use super::{Flash, PageResult, Reader, after, layout, num, place_text, status_badge};
use crate::api::{ReviewRequest, apply_review, incident_view};
use crate::error::ApiError;
use crate::filters::IncidentQuery;
use crate::guard::CsrfToken;
use crate::state::AppState;

fn rows_table(rows: &[IncidentRow], q: Option<&IncidentQuery>) -> Markup {
    let header = |label: &str, sort: IncidentSort| -> Markup {
        match q {
            None => html! { (label) },
            Some(q) => {
                let current = q.sort.as_deref().unwrap_or("date") == sort.as_str();
                let asc = q.order.as_deref() == Some("asc");
                let next_asc = current && !asc;
                html! {
                    a.is-sorted-asc[current && asc].is-sorted-desc[current && !asc]
                        href={ "/incidents?" (q.sorted_by(sort, next_asc)) } { (label) }
                }
            }
        }
    };
    html! {
        div.fw-table-wrap {
            table.fw-table {
                thead { tr {
                    th { (header("Date", IncidentSort::Date)) }
                    th { (header("Type", IncidentSort::Type)) }
                    th { (header("Place", IncidentSort::Place)) }
                    th { "Perpetrators" }
                    th.fw-num { (header("Killed", IncidentSort::Killed)) }
                    th.fw-num { (header("Injured", IncidentSort::Injured)) }
                    th.fw-num { (header("Reports", IncidentSort::Sources)) }
                    th { "Status" }
                } }
                tbody {
                    @if rows.is_empty() { tr { td.fw-empty colspan="8" { "No incidents match." } } }
                    @for r in rows {
                        tr.is-muted[r.status == ReviewStatus::Rejected] {
                            td.fw-nowrap { a href={ "/incidents/" (r.id.0) } { (r.date_start.map_or_else(|| "undated".to_string(), |d| d.to_string())) } }
                            td { (r.attack_type.map_or(r.kind.as_str(), |t| t.as_str()).replace('_', " ")) }
                            td { (place_text([r.place.as_deref(), r.admin1.as_deref(), r.country.as_deref()])) }
                            td { (r.perpetrators.join("; ")) }
                            td.fw-num { (num(r.killed)) }
                            td.fw-num { (num(r.injured)) }
                            td.fw-num { (r.sources) @if r.contradictions > 0 { " " span.fw-badge.fw-badge-warn title="sources disagree" { "≠" } } }
                            td { (status_badge(r.status.as_str())) }
                        }
                    }
                }
            }
        }
    }
}

pub async fn overview(
    State(state): State<AppState>,
    Reader(p): Reader,
    Extension(csrf): Extension<CsrfToken>,
) -> PageResult {
    let (stats, counts, latest, contradicted) = state
        .read(|store| {
            let latest = store.incident_rows(
                &Default::default(),
                Page {
                    offset: 0,
                    limit: 10,
                },
            )?;
            let contradicted = store.incident_rows(
                &forewarn_store::IncidentFilter {
                    contradicted: true,
                    ..Default::default()
                },
                Page {
                    offset: 0,
                    limit: 5,
                },
            )?;
            Ok((
                store.stats()?,
                store.incident_counts()?,
                latest.items,
                contradicted.items,
            ))
        })
        .await?;
    let body = html! {
        div.fw-head { h1 { "Overview" } span.fw-sub { "What the record holds, and what needs a person" } }
        div.fw-cards {
            a.fw-card href="/documents" { div.fw-card-n { (stats.documents) } div.fw-card-label { "reports" } div.fw-card-sub { (stats.events) " events extracted" } }
            a.fw-card href="/incidents" { div.fw-card-n { (counts.total) } div.fw-card-label { "incidents" } div.fw-card-sub { (counts.accepted) " accepted, " (counts.rejected) " rejected" } }
            a.fw-card href="/incidents?contradicted=true" { div.fw-card-n { (counts.contradicted) } div.fw-card-label { "with contradictions" } div.fw-card-sub { "sources disagree" } }
            a.fw-card href="/review" { div.fw-card-n { (counts.unreviewed + counts.open_adjudications) } div.fw-card-label { "awaiting review" } div.fw-card-sub { (counts.unreviewed) " unreviewed, " (counts.open_adjudications) " pairs to judge" } }
            a.fw-card href="/actors" { div.fw-card-n { (stats.actors) } div.fw-card-label { "actors" } div.fw-card-sub { (stats.relations) " relations" } }
        }
        div.fw-grid {
            section.fw-panel {
                h2 { "Map" }
                div.fw-map data-src="/api/v1/incidents/map" data-world="/assets/vendor/world-atlas/countries-110m.json" {}
            }
            section.fw-panel {
                h2 { "Incidents by month" }
                div.fw-timeline data-src="/api/v1/incidents/timeline" {}
            }
        }
        section.fw-panel {
            h2 { "Latest incidents" }
            (rows_table(&latest, None))
            p.fw-panel-note { a href="/incidents" { "All incidents" } }
        }
        section.fw-panel {
            h2 { "Open contradictions" }
            (rows_table(&contradicted, None))
            p.fw-panel-note { a href="/incidents?contradicted=true" { "Every incident whose sources disagree" } }
        }
    };
    Ok(layout("Overview", "/", &csrf, &p, body))
}

fn select(name: &str, current: Option<&str>, options: &[(&str, String)]) -> Markup {
    html! {
        select name=(name) {
            option value="" { "any" }
            @for (value, label) in options {
                option value=(value) selected[current == Some(*value)] { (label) }
            }
        }
    }
}

pub async fn list(
    State(state): State<AppState>,
    Reader(p): Reader,
    Extension(csrf): Extension<CsrfToken>,
    Query(q): Query<IncidentQuery>,
) -> PageResult {
    let query = q.clone();
    let listing = state
        .read(move |store| Ok(store.incident_rows(&query.filter(store)?, query.page())?))
        .await?;
    let page = q.page();
    let qs = q.to_query_string();
    let types: Vec<(&str, String)> = AttackType::ALL
        .iter()
        .map(|t| (t.as_str(), t.as_str().replace('_', " ")))
        .collect();
    let kinds: Vec<(&str, String)> = EventKind::ALL
        .iter()
        .map(|t| (t.as_str(), t.as_str().replace('_', " ")))
        .collect();
    let statuses: Vec<(&str, String)> = ReviewStatus::ALL
        .iter()
        .map(|t| (t.as_str(), t.as_str().to_string()))
        .collect();
    let v = |o: &Option<String>| o.clone().unwrap_or_default();
    let body = html! {
        div.fw-head {
            h1 { "Incidents" }
            span.fw-sub { (listing.total) " match" }
            div.fw-actions { a.fw-btn href={ "/api/v1/incidents.csv?" (qs) } download="incidents.csv" { "Download CSV" } }
        }
        form.fw-filters method="get" action="/incidents" {
            label.fw-field { "Actor" input type="text" name="actor" value=(v(&q.actor)) placeholder="ISKP"; }
            label.fw-field { "Country" input type="text" name="country" value=(v(&q.country)) size="3" placeholder="AF"; }
            label.fw-field { "Province" input type="text" name="admin1" value=(v(&q.admin1)) placeholder="Kabul"; }
            label.fw-field { "Type" (select("type", q.attack_type.as_deref(), &types)) }
            label.fw-field { "Kind" (select("kind", q.kind.as_deref(), &kinds)) }
            label.fw-field { "From" input type="text" name="from" value=(v(&q.from)) size="10" placeholder="2021-01"; }
            label.fw-field { "To" input type="text" name="to" value=(v(&q.to)) size="10" placeholder="2024-12-31"; }
            label.fw-field { "Killed ≥" input type="number" min="0" name="min_killed" value=(v(&q.min_killed)) size="4"; }
            label.fw-field { "Status" (select("status", q.status.as_deref(), &statuses)) }
            label.fw-field { "Text" input type="search" name="q" value=(v(&q.q)) placeholder="\"suicide bomber\" mosque"; }
            label.fw-field { input type="checkbox" name="contradicted" value="true" checked[q.contradicted.as_deref() == Some("true")]; " sources disagree" }
            @if let Some(s) = &q.sort { input type="hidden" name="sort" value=(s); }
            @if let Some(o) = &q.order { input type="hidden" name="order" value=(o); }
            button.fw-btn.fw-btn-primary type="submit" { "Filter" }
            a.fw-btn.fw-btn-link href="/incidents" { "Clear" }
        }
        (rows_table(&listing.items, Some(&q)))
        (pager(&q, page, listing.total))
        div.fw-grid {
            section.fw-panel { h2 { "Map" } div.fw-map data-src={ "/api/v1/incidents/map?" (qs) } data-world="/assets/vendor/world-atlas/countries-110m.json" {} }
            section.fw-panel { h2 { "By month" } div.fw-timeline data-src={ "/api/v1/incidents/timeline?" (qs) } {} }
        }
    };
    Ok(layout("Incidents", "/incidents", &csrf, &p, body))
}

fn pager(q: &IncidentQuery, page: Page, total: u64) -> Markup {
    let last = page.offset + page.limit;
    html! {
        nav.fw-pager {
            @if page.offset > 0 {
                a href={ "/incidents?" (q.at_offset(page.offset.saturating_sub(page.limit))) } rel="prev" { "← Previous" }
            } @else { span.is-disabled { "← Previous" } }
            span.fw-pager-info { (if total == 0 { 0 } else { page.offset + 1 }) "–" (last.min(total)) " of " (total) }
            @if last < total {
                a href={ "/incidents?" (q.at_offset(last)) } rel="next" { "Next →" }
            } @else { span.is-disabled { "Next →" } }
        }
    }
}

/// Quotes of provenance spans, each document's text loaded once.
struct Quotes<'s> {
    store: &'s SqliteStore,
    texts: HashMap<DocumentId, Option<(String, String, bool)>>,
    red: bool,
}

/// The sentence around a span: the text before it (back to the sentence's start), the span,
/// and the text after it (to the sentence's end), each at most about 200 bytes.
fn in_context(text: &str, start: usize, end: usize) -> (String, String, String) {
    const REACH: usize = 200;
    let floor = |mut i: usize| {
        while i > 0 && !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let ceil = |mut i: usize| {
        while i < text.len() && !text.is_char_boundary(i) {
            i += 1;
        }
        i
    };
    let lo = floor(start.saturating_sub(REACH));
    let hi = ceil((end + REACH).min(text.len()));
    let before = &text[lo..start];
    let before = match before.rfind(['.', '!', '?', '\n']) {
        Some(i) => &before[i + 1..],
        None => before,
    };
    let after = &text[end..hi];
    let after = match after.find(['.', '!', '?', '\n']) {
        Some(i) => &after[..(i + 1).min(after.len())],
        None => after,
    };
    (
        before.trim_start().to_string(),
        text[start..end].to_string(),
        after.trim_end().to_string(),
    )
}

impl Quotes<'_> {
    /// (the span in its sentence, document name), unless withheld.
    fn of(&mut self, p: &Provenance) -> Result<((String, String, String), String), ApiError> {
        if !self.texts.contains_key(&p.document) {
            let d = self.store.document(p.document.as_str())?;
            self.texts.insert(
                p.document.clone(),
                d.map(|d| {
                    let red = d.meta.tlp == Some(forewarn_model::Tlp::Red);
                    (d.meta.name, d.text, red)
                }),
            );
        }
        let empty = || (String::new(), String::new(), String::new());
        Ok(match self.texts.get(&p.document).and_then(Option::as_ref) {
            Some((_, _, true)) if !self.red => (
                (String::new(), "[withheld: TLP:RED]".into(), String::new()),
                "[withheld]".into(),
            ),
            Some((name, text, _)) => {
                let quote = if p.span.slice(text).is_some() {
                    in_context(text, p.span.start, p.span.end)
                } else {
                    empty()
                };
                (quote, name.clone())
            }
            None => (empty(), p.document.0.clone()),
        })
    }
}

struct SourceValue {
    value: String,
    quote: (String, String, String),
    document: String,
    document_id: String,
    producer: String,
    confidence: f64,
}

fn value_table(title: &str, reconciled: &str, values: &[SourceValue]) -> Markup {
    html! {
        tr {
            th { (title) }
            td { strong { (reconciled) } }
            td {
                @if values.is_empty() { span.fw-muted { "no report gives it" } }
                @for v in values {
                    div {
                        span.fw-tag { (v.value) } " "
                        blockquote.quote { (v.quote.0) mark { (v.quote.1) } (v.quote.2) footer { a href={ "/documents/" (v.document_id) } { (v.document) } " · " span.fw-small.fw-muted { (v.producer) } " · " (conf(v.confidence)) } }
                    }
                }
            }
        }
    }
}

fn conf(c: f64) -> Markup {
    let class = if c >= 0.8 {
        "fw-conf fw-conf-high"
    } else if c >= 0.5 {
        "fw-conf fw-conf-mid"
    } else {
        "fw-conf fw-conf-low"
    };
    html! { span class=(class) title="confidence" { (format!("{c:.2}")) } }
}

pub async fn show(
    State(state): State<AppState>,
    Reader(p): Reader,
    Extension(csrf): Extension<CsrfToken>,
    Path(id): Path<String>,
    Query(flash): Query<Flash>,
) -> PageResult {
    let principal = p.clone();
    let (v, fields, members) = state
        .read(move |store| {
            let v = incident_view(store, &id, &principal)?;
            let inc = store
                .incident(&id)?
                .ok_or_else(|| ApiError::not_found(format!("no incident {id:?}")))?;
            let mut quotes = Quotes {
                store,
                texts: HashMap::new(),
                red: principal.red,
            };
            let e = &inc.event;
            let mut fields: Vec<(&'static str, Vec<SourceValue>)> = Vec::new();
            let mut push = |quotes: &mut Quotes<'_>,
                            name: &'static str,
                            value: String,
                            p: &Provenance|
             -> Result<(), ApiError> {
                let (quote, document) = quotes.of(p)?;
                let entry = match fields.iter_mut().find(|f| f.0 == name) {
                    Some(f) => f,
                    None => {
                        fields.push((name, Vec::new()));
                        fields.last_mut().expect("just pushed")
                    }
                };
                entry.1.push(SourceValue {
                    value,
                    quote,
                    document,
                    document_id: p.document.0.clone(),
                    producer: p.producer.to_string(),
                    confidence: p.confidence,
                });
                Ok(())
            };
            for r in &e.date {
                push(&mut quotes, "date", r.value.to_string(), &r.provenance)?;
            }
            for r in &e.location {
                push(
                    &mut quotes,
                    "place",
                    place_text([
                        r.value.name.as_deref(),
                        r.value.admin1.as_deref(),
                        r.value.country.as_deref(),
                    ]),
                    &r.provenance,
                )?;
            }
            for r in &e.attack_type {
                push(
                    &mut quotes,
                    "type",
                    r.value.as_str().replace('_', " "),
                    &r.provenance,
                )?;
            }
            for r in &e.perpetrators {
                push(
                    &mut quotes,
                    "perpetrator",
                    format!("{} ({})", r.value.name, r.value.status.as_str()),
                    &r.provenance,
                )?;
            }
            for r in &e.killed.reports {
                push(
                    &mut quotes,
                    "killed",
                    forewarn_kb::reconcile::describe(&r.value),
                    &r.provenance,
                )?;
            }
            for r in &e.injured.reports {
                push(
                    &mut quotes,
                    "injured",
                    forewarn_kb::reconcile::describe(&r.value),
                    &r.provenance,
                )?;
            }
            for r in &e.targets {
                push(
                    &mut quotes,
                    "target",
                    r.value.kind.as_str().replace('_', " "),
                    &r.provenance,
                )?;
            }
            for r in &e.weapons {
                push(
                    &mut quotes,
                    "weapon",
                    r.value.kind.as_str().replace('_', " "),
                    &r.provenance,
                )?;
            }
            for r in &e.victims {
                push(
                    &mut quotes,
                    "victim",
                    r.value.effect.as_str().to_string(),
                    &r.provenance,
                )?;
            }
            let members: Vec<(String, String)> = inc
                .members
                .iter()
                .map(|m| (m.event.0.clone(), m.document.0.clone()))
                .collect();
            Ok((v, fields, members))
        })
        .await?;
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        Value::Null => "–".into(),
        other => other.to_string(),
    };
    let figure = |f: &Value| -> String {
        match (f["low"].as_u64(), f["best"].as_u64(), f["high"].as_u64()) {
            (_, None, _) => "–".into(),
            (Some(l), Some(b), Some(h)) if l != h => format!("{b} (reports range {l}–{h})"),
            (Some(l), Some(b), None) if l != b => format!("{b} (at least {l})"),
            (_, Some(b), None) => format!("{b}+"),
            (_, Some(b), _) => b.to_string(),
        }
    };
    let id = text(&v["id"]);
    let reconciled = |name: &str| -> String {
        match name {
            "date" => v["date"]["start"].as_str().map_or("–".into(), |s| {
                format!("{s} ({})", text(&v["date"]["precision"]))
            }),
            "place" => place_text([
                v["location"]["place"].as_str(),
                v["location"]["admin1"].as_str(),
                v["location"]["country"].as_str(),
            ]),
            "type" => text(&v["type"]).replace('_', " "),
            "killed" => figure(&v["killed"]),
            "injured" => figure(&v["injured"]),
            "perpetrator" => v["perpetrators"]
                .as_array()
                .map(|a| {
                    let mut names: Vec<&str> =
                        a.iter().filter_map(|p| p["actor"].as_str()).collect();
                    names.dedup();
                    names.join("; ")
                })
                .unwrap_or_default(),
            _ => String::new(),
        }
    };
    let status = text(&v["status"]);
    let log = v["review_log"].as_array().cloned().unwrap_or_default();
    let body = html! {
        div.fw-crumbs { a href="/incidents" { "Incidents" } " / " (id) }
        div.fw-head {
            h1 { (reconciled("type")) " · " (reconciled("date")) }
            span.fw-sub { (reconciled("place")) " · " (status_badge(&status)) @if !v["corrections"].as_array().is_none_or(Vec::is_empty) { " " span.fw-badge.fw-badge-corrected { "corrected" } } }
        }
        (flash.render())
        @if let Some(cs) = v["contradictions"].as_array().filter(|c| !c.is_empty()) {
            @for c in cs {
                div.contradiction {
                    strong { "Sources disagree on " (text(&c["field"])) } " — " (text(&c["why"]))
                    ul { @for side in c["sides"].as_array().into_iter().flatten() {
                        li { strong { (text(&side["value"])) } " — "
                            @for r in side["reports"].as_array().into_iter().flatten() { span.fw-small { (text(&r["document"])) } " " }
                        }
                    } }
                }
            }
        }
        section.fw-panel {
            h2 { "Fields: reconciled value and each source" }
            div.fw-table-wrap { table.fw-table {
                thead { tr { th { "Field" } th { "Reconciled" } th { "Sources (value, quote, document, rule, confidence)" } } }
                tbody { @for (name, values) in &fields { (value_table(name, &reconciled(name), values)) } }
            } }
        }
        section.fw-panel {
            h2 { "Reports (" (members.len()) ")" }
            ul { @for s in v["sources"].as_array().into_iter().flatten() {
                li { blockquote.quote { (text(&s["quote"])) footer { (text(&s["document"])) } } }
            } }
        }
        div.fw-grid {
            section.fw-panel {
                h2 { "Review" }
                div.fw-form-row {
                    (review_form(&id, &csrf, "accept", html! { button.fw-btn.fw-btn-primary type="submit" { "Accept" } }))
                    (review_form(&id, &csrf, "reject", html! { button.fw-btn.fw-btn-danger type="submit" data-confirm="Reject this incident? It stays in the store, out of exports." { "Reject" } }))
                }
                (review_form(&id, &csrf, "correct", html! {
                    h3 { "Correct a field" }
                    div.fw-form-row {
                        select name="field" aria-label="field" { @for f in ["killed", "injured", "date", "type", "place", "perpetrator"] { option value=(f) { (f) } } }
                        input type="text" name="value" placeholder="at least 140 · 2024-03-22 · Kerman, Iran" required;
                    }
                    input type="text" name="why" placeholder="why (kept in the audit trail)";
                    button.fw-btn type="submit" { "Correct" }
                }))
                (review_form(&id, &csrf, "merge", html! {
                    h3 { "Merge into another incident" }
                    div.fw-form-row { input type="text" name="into" placeholder="inc-..." required; button.fw-btn type="submit" data-confirm="Merge this incident into the other one?" { "Merge" } }
                }))
                @if members.len() > 1 {
                    (review_form(&id, &csrf, "split", html! {
                        h3 { "Split a report off" }
                        div.fw-form-row {
                            select name="event" aria-label="event" { @for (event, doc) in &members { option value=(event) { (event) " (" (doc.get(..8).unwrap_or(doc)) ")" } } }
                            button.fw-btn type="submit" { "Split" }
                        }
                    }))
                }
                (review_form(&id, &csrf, "note", html! {
                    h3 { "Note" }
                    div.fw-form-row { input type="text" name="value" placeholder="a remark for colleagues" required; button.fw-btn type="submit" { "Add note" } }
                }))
            }
            section.fw-panel {
                h2 { "Audit trail" }
                @if log.is_empty() { p.fw-empty { "No decisions yet." } }
                ol { @for e in &log {
                    li {
                        span.fw-mono { "#" (text(&e["id"])) } " " (text(&e["at"])) " · " strong { (text(&e["reviewer"])) } " " (text(&e["action"]))
                        @if let Some(f) = e["field"].as_str() { " " (f) }
                        @if !e["after"].is_null() { " → " span.fw-mono { (text(&e["after"])) } }
                        @if let Some(n) = e["note"].as_str() { " · " em { (n) } }
                        @if let Some(u) = e["undone_by"].as_i64() { " · " span.fw-muted { "undone by #" (u) } }
                    }
                } }
            }
        }
    };
    Ok(layout(
        &format!("Incident {id}"),
        "/incidents",
        &csrf,
        &p,
        body,
    ))
}

fn review_form(id: &str, csrf: &CsrfToken, action: &str, inner: Markup) -> Markup {
    html! {
        form.fw-form method="post" action={ "/incidents/" (id) "/review" } {
            input type="hidden" name="_csrf" value=(csrf.0);
            input type="hidden" name="action" value=(action);
            (inner)
        }
    }
}

#[derive(Debug, serde::Deserialize)]
pub struct ReviewForm {
    action: String,
    field: Option<String>,
    value: Option<String>,
    into: Option<String>,
    event: Option<String>,
    why: Option<String>,
}

pub async fn review(
    State(state): State<AppState>,
    Reader(p): Reader,
    Path(id): Path<String>,
    Form(f): Form<ReviewForm>,
) -> Redirect {
    let path = format!("/incidents/{id}");
    if let Err(e) = p.require(forewarn_model::Role::Analyst) {
        return after(&path, Err(e));
    }
    let request = ReviewRequest {
        action: f.action,
        field: f.field,
        value: f.value,
        into: f.into.clone(),
        event: f.event,
        why: f.why,
    };
    let merged_into = (request.action == "merge").then(|| f.into.unwrap_or_default());
    let result = state
        .write(move |store| {
            let e = apply_review(store, &id, &request, &p)?;
            Ok(format!("#{} {} recorded", e.id, e.action.as_str()))
        })
        .await;
    match (&result, merged_into) {
        (Ok(_), Some(into)) => after(&format!("/incidents/{}", into.trim()), result),
        _ => after(&path, result),
    }
}

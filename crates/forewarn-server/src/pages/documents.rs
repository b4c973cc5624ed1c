//! Documents: full-text search with highlighted snippets, the list of stored reports, a
//! report's text with what was extracted marked in place, and the ingest page.

use axum::extract::{Extension, Path, Query, State};
use forewarn_store::{DocumentFilter, Page, SearchQuery, Snippet, Store};
use maud::{Markup, html};
use serde::Deserialize;

use super::{PageResult, Reader, layout};
use crate::api::{annotations_of, visible_document};
use crate::error::ApiError;
use crate::guard::CsrfToken;
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub struct DocumentsQuery {
    q: Option<String>,
    offset: Option<u64>,
}

/// A snippet with its highlights as `<mark>`, every piece escaped.
fn snippet(s: &Snippet) -> Markup {
    let mut pieces: Vec<(bool, &str)> = Vec::new();
    let mut at = 0;
    for &(a, b) in &s.highlights {
        if a < at || b > s.text.len() || !s.text.is_char_boundary(a) || !s.text.is_char_boundary(b)
        {
            continue;
        }
        pieces.push((false, &s.text[at..a]));
        pieces.push((true, &s.text[a..b]));
        at = b;
    }
    pieces.push((false, &s.text[at..]));
    html! { @for (hit, text) in pieces { @if hit { mark { (text) } } @else { (text) } } }
}

pub async fn list(
    State(state): State<AppState>,
    Reader(p): Reader,
    Extension(csrf): Extension<CsrfToken>,
    Query(q): Query<DocumentsQuery>,
) -> PageResult {
    let page = Page {
        offset: q.offset.unwrap_or(0),
        limit: 50,
    };
    let text = q.q.clone().unwrap_or_default();
    let red = p.red;
    let body = if text.trim().is_empty() {
        let docs = state
            .read(move |store| {
                Ok(store.list_documents(
                    &DocumentFilter {
                        hide_red: !red,
                        ..Default::default()
                    },
                    page,
                )?)
            })
            .await?;
        html! {
            div.fw-head { h1 { "Documents" } span.fw-sub { (docs.total) " stored" } }
            (search_form(""))
            div.fw-table-wrap { table.fw-table {
                thead { tr { th { "Title" } th { "Publisher" } th { "Published" } th { "Format" } th { "TLP" } th.fw-num { "Characters" } } }
                tbody {
                    @if docs.items.is_empty() { tr { td.fw-empty colspan="6" { "No documents yet: " a href="/ingest" { "ingest some" } "." } } }
                    @for d in &docs.items {
                        tr {
                            td { a href={ "/documents/" (d.id.as_str()) } { (d.title.clone().unwrap_or_else(|| d.name.clone())) } }
                            td { (d.publisher.clone().unwrap_or_default()) }
                            td.fw-nowrap { (d.published.map(|x| x.to_string()).unwrap_or_default()) }
                            td { span.fw-tag { (d.media_type.as_str()) } }
                            td { (d.tlp.map(|t| t.as_str()).unwrap_or("")) }
                            td.fw-num { (d.chars) }
                        }
                    }
                }
            } }
            (pager("/documents", &text, page, docs.total))
        }
    } else {
        let mut query =
            SearchQuery::parse(&text).map_err(|e| ApiError::bad_request(e.to_string()))?;
        query.filter.hide_red = !red;
        let hits = state
            .read(move |store| Ok(store.search(&query, page)?))
            .await?;
        html! {
            div.fw-head { h1 { "Search" } span.fw-sub { (hits.total) " documents match" } }
            (search_form(&text))
            ol.fw-results {
                @for h in &hits.items {
                    li.fw-panel {
                        a href={ "/documents/" (h.document.id.as_str()) } { strong { (h.document.title.clone().unwrap_or_else(|| h.document.name.clone())) } }
                        " " span.fw-small.fw-muted { (h.document.publisher.clone().unwrap_or_default()) " " (h.document.published.map(|x| x.to_string()).unwrap_or_default()) }
                        p { (snippet(&h.snippet)) }
                    }
                }
            }
            @if hits.items.is_empty() { p.fw-empty { "Nothing matches." } }
            (pager("/documents", &text, page, hits.total))
        }
    };
    Ok(layout("Documents", "/documents", &csrf, &p, body))
}

fn search_form(q: &str) -> Markup {
    html! {
        form.fw-filters method="get" action="/documents" {
            label.fw-field { "Search" input type="search" name="q" value=(q) size="50" placeholder="\"suicide bomber\" (kabul OR kunduz) -taliban after:2021-01"; }
            button.fw-btn.fw-btn-primary type="submit" { "Search" }
            span.fw-help { "Words, \"phrases\", OR, -not, prefix*, title:, publisher:, after:, before:" }
        }
    }
}

/// Previous and next links for a list at `path` searched with `q`.
pub(super) fn pager(path: &str, q: &str, page: Page, total: u64) -> Markup {
    let link = |offset: u64| {
        url::form_urlencoded::Serializer::new(String::new())
            .append_pair("q", q)
            .append_pair("offset", &offset.to_string())
            .finish()
    };
    let last = page.offset + page.limit;
    html! {
        nav.fw-pager {
            @if page.offset > 0 { a href={ (path) "?" (link(page.offset.saturating_sub(page.limit))) } rel="prev" { "← Previous" } } @else { span.is-disabled { "← Previous" } }
            span.fw-pager-info { (if total == 0 { 0 } else { page.offset + 1 }) "–" (last.min(total)) " of " (total) }
            @if last < total { a href={ (path) "?" (link(last)) } rel="next" { "Next →" } } @else { span.is-disabled { "Next →" } }
        }
    }
}

const KINDS: &[&str] = &[
    "event", "date", "place", "actor", "person", "killed", "injured", "weapon", "target", "victim",
    "relation",
];

pub async fn show(
    State(state): State<AppState>,
    Reader(p): Reader,
    Extension(csrf): Extension<CsrfToken>,
    Path(id): Path<String>,
) -> PageResult {
    let principal = p.clone();
    let (doc, marks) = state
        .read(move |store| {
            let doc = visible_document(store, &id, &principal)?;
            let marks = annotations_of(store, &doc)?;
            Ok((doc, marks))
        })
        .await?;
    let segments = forewarn_export::segments(&doc.text, &marks);
    // Each piece of text is wrapped in the marks that cover it, outermost first; the
    // innermost mark gives the colour and the tooltip, and links to what it fed.
    let piece = |s: usize, e: usize, covering: &[usize]| -> Markup {
        let text = &doc.text[s..e];
        match covering.last() {
            None => html! { (text) },
            Some(&i) => {
                let m = &marks[i];
                let tip = format!(
                    "{}: {} · {} · confidence {:.2}{}",
                    m.kind,
                    m.label,
                    m.producer,
                    m.confidence,
                    if covering.len() > 1 {
                        format!(" (+{} more)", covering.len() - 1)
                    } else {
                        String::new()
                    }
                );
                let href = m
                    .incident
                    .as_ref()
                    .map(|i| format!("/incidents/{}", i.0))
                    .or_else(|| m.actor.as_ref().map(|a| format!("/actors/{a}")));
                html! {
                    @if let Some(href) = href {
                        a href=(href) { mark class={ "fw-m fw-m-" (m.kind) } data-tip=(tip) tabindex="0" { (text) } }
                    } @else {
                        mark class={ "fw-m fw-m-" (m.kind) } data-tip=(tip) tabindex="0" { (text) }
                    }
                }
            }
        }
    };
    let meta = &doc.meta;
    let title = meta.title.clone().unwrap_or_else(|| meta.name.clone());
    let body = html! {
        div.fw-crumbs { a href="/documents" { "Documents" } " / " (meta.name) }
        div.fw-head { h1 { (title) } }
        dl.fw-dl {
            dt { "Publisher" } dd { (meta.publisher.clone().unwrap_or_else(|| "–".into())) }
            dt { "Published" } dd { (meta.published.map(|d| d.to_string()).unwrap_or_else(|| "–".into())) }
            @if let Some(a) = &meta.author { dt { "Author" } dd { (a) } }
            @if let Some(u) = &meta.url { dt { "URL" } dd.fw-mono { (u) } }
            dt { "Reliability" } dd { (meta.reliability.map(|r| r.as_str()).unwrap_or("–")) }
            dt { "TLP" } dd { (meta.tlp.map(|t| t.as_str()).unwrap_or("–")) }
            dt { "Id" } dd.fw-mono { (doc.id.as_str()) }
            dt { "Marks" } dd { (marks.len()) " extracted values" }
        }
        div.fw-legend { @for k in KINDS { mark class={ "fw-m fw-m-" (k) } { (k) } } }
        section.fw-panel {
            div.fw-text { @for (s, e, covering) in &segments { (piece(*s, *e, covering)) } }
        }
    };
    Ok(layout(&title, "/documents", &csrf, &p, body))
}

pub async fn ingest(Reader(p): Reader, Extension(csrf): Extension<CsrfToken>) -> PageResult {
    let body = html! {
        div.fw-head { h1 { "Ingest" } span.fw-sub { "Reports are read, extracted and placed into incidents as they arrive" } }
        @if p.require(forewarn_model::Role::Analyst).is_err() {
            p.fw-flash.fw-flash-warn { "Your token is a viewer's: ingesting needs the analyst role." }
        }
        form.fw-ingest.fw-form.fw-panel data-src="/api/v1/documents" method="post" action="/api/v1/documents" enctype="multipart/form-data" {
            label { "Files (text, HTML, PDF, Markdown, JSON Lines, RSS/Atom)" input type="file" name="files" multiple; }
            label { "Or paste a report" textarea name="text" rows="10" placeholder="Paste the article's text" {} }
            label { "Title of the pasted report" input type="text" name="title"; }
            label { "Or a public URL to fetch" input type="url" name="url" placeholder="https://"; }
            button.fw-btn.fw-btn-primary type="submit" { "Ingest" }
            ol.fw-progress {}
        }
    };
    Ok(layout("Ingest", "/ingest", &csrf, &p, body))
}

//! The actors list and an actor's page: its profile as the knowledge base builds it, as of a
//! chosen date, with the leaders timeline, strength estimates and network drawn from the API.

use std::collections::BTreeMap;

use axum::extract::{Extension, Path, Query, State};
use forewarn_kb::profile::{Source, Stated, Tie};
use maud::{Markup, html};
use serde::Deserialize;

use forewarn_store::Page;

use super::documents::pager;
use super::{PageResult, Reader, layout, num};
use crate::api::{AsOfQuery, profile_of};
use crate::guard::CsrfToken;
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub struct ActorSearch {
    q: Option<String>,
    offset: Option<u64>,
}

/// Actors shown per page.
const PER_PAGE: u64 = 100;

pub async fn list(
    State(state): State<AppState>,
    Reader(p): Reader,
    Extension(csrf): Extension<CsrfToken>,
    Query(s): Query<ActorSearch>,
) -> PageResult {
    let wanted = s.q.clone().unwrap_or_default();
    let page = Page {
        offset: s.offset.unwrap_or(0),
        limit: PER_PAGE,
    };
    let actors = state
        .read(move |store| {
            Ok(forewarn_kb::profile::actor_list(
                store,
                Some(&wanted),
                page,
            )?)
        })
        .await?;
    let q = s.q.clone().unwrap_or_default();
    let body = html! {
        div.fw-head { h1 { "Actors" } span.fw-sub { (actors.total) " in the record" } }
        form.fw-filters method="get" action="/actors" {
            label.fw-field { "Name or alias" input type="search" name="q" value=(q); }
            button.fw-btn.fw-btn-primary type="submit" { "Find" }
        }
        div.fw-table-wrap.fw-tall { table.fw-table {
            thead { tr { th { "Name" } th { "Kind" } th { "Country" } th { "Aliases" } th.fw-num { "Reports" } } }
            tbody {
                @if actors.items.is_empty() { tr { td.fw-empty colspan="5" { "No actors match." } } }
                @for a in &actors.items {
                    tr {
                        td { a href={ "/actors/" (a.id) } { (a.name) } }
                        td { span.fw-tag { (a.kind.as_str().replace('_', " ")) } }
                        td { (a.country.as_deref().unwrap_or("–")) }
                        td.fw-small { (a.aliases.iter().take(8).cloned().collect::<Vec<_>>().join(", ")) }
                        td.fw-num { (a.documents) }
                    }
                }
            }
        } }
        (pager("/actors", &q, page, actors.total))
    };
    Ok(layout("Actors", "/actors", &csrf, &p, body))
}

fn sources(s: &[Source]) -> Markup {
    html! {
        @for src in s {
            blockquote.quote { (src.quote) footer { (src.document) " · " span.fw-small.fw-muted { (src.producer) } } }
        }
    }
}

fn when(
    from: &Option<forewarn_model::FuzzyDate>,
    until: &Option<forewarn_model::FuzzyDate>,
) -> String {
    match (from, until) {
        (None, None) => String::new(),
        (Some(f), None) => format!("from {f}"),
        (None, Some(u)) => format!("until {u}"),
        (Some(f), Some(u)) => format!("{f} – {u}"),
    }
}

fn ties(title: &str, ties: &[Tie]) -> Markup {
    html! {
        @if !ties.is_empty() {
            h3 { (title) }
            ul { @for t in ties {
                li {
                    a href={ "/actors/" (t.id) } { (t.name) } " "
                    span.fw-small.fw-muted { (when(&t.from, &t.until)) @if t.until_inferred { " (end inferred: the next leader began)" } }
                    @if t.unverified { " " span.fw-badge.fw-badge-warn { "unverified" } }
                    details { summary.fw-small { (t.sources.len()) " source" (if t.sources.len() == 1 { "" } else { "s" }) } (sources(&t.sources)) }
                }
            } }
        }
    }
}

fn stated(title: &str, items: &[Stated]) -> Markup {
    html! {
        @if !items.is_empty() {
            h3 { (title) }
            ul { @for s in items {
                li {
                    strong { (s.value) } " "
                    @if let Some(d) = &s.date { span.fw-small.fw-muted { (d.to_string()) } }
                    @if s.unverified { " " span.fw-badge.fw-badge-warn { "unverified" } }
                    details { summary.fw-small { (s.sources.len()) " source" (if s.sources.len() == 1 { "" } else { "s" }) } (sources(&s.sources)) }
                }
            } }
        }
    }
}

pub async fn show(
    State(state): State<AppState>,
    Reader(p): Reader,
    Extension(csrf): Extension<CsrfToken>,
    Path(name): Path<String>,
    Query(q): Query<AsOfQuery>,
) -> PageResult {
    let as_of = q.date()?;
    let lookup = name.clone();
    let profile = state
        .read(move |store| profile_of(store, &lookup, as_of.as_ref()))
        .await?;
    let as_of_qs = q
        .as_of
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .map(|s| {
            format!(
                "?as_of={}",
                url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>()
            )
        })
        .unwrap_or_default();
    let api = format!(
        "/api/v1/actors/{}",
        url::form_urlencoded::byte_serialize(profile.id.as_bytes()).collect::<String>()
    );
    // Incidents by year and country.
    let mut by_year: BTreeMap<String, BTreeMap<String, (u64, u64)>> = BTreeMap::new();
    for i in &profile.incidents {
        let year = i
            .date
            .as_ref()
            .map_or_else(|| "undated".to_string(), |d| d.start.year().to_string());
        let c = by_year
            .entry(year)
            .or_default()
            .entry(i.country.clone().unwrap_or_else(|| "–".into()))
            .or_default();
        c.0 += 1;
        c.1 += u64::from(i.killed.unwrap_or(0));
    }
    let body = html! {
        div.fw-crumbs { a href="/actors" { "Actors" } " / " (profile.name) }
        div.fw-head {
            h1 { (profile.name) }
            span.fw-sub { span.fw-tag { (profile.kind.replace('_', " ")) } @if let Some(c) = &profile.category { " " span.fw-tag { (c) } } @if let Some(c) = &profile.country { " " span.fw-tag { (c) } } }
            div.fw-actions {
                form.fw-filters method="get" action={ "/actors/" (profile.id) } {
                    label.fw-field { "As of" input type="text" name="as_of" value=(q.as_of.clone().unwrap_or_default()) placeholder="2020-03" size="10"; }
                    button.fw-btn type="submit" { "Show" }
                    @if !as_of_qs.is_empty() { a.fw-btn.fw-btn-link href={ "/actors/" (profile.id) } { "Today" } }
                }
            }
        }
        @if let Some(d) = &profile.as_of { p.fw-flash.fw-flash-warn { "The profile as the record stood on " (d.to_string()) ": later reports and ties that began later are left out." } }
        div.fw-grid {
            section.fw-panel {
                h2 { "Names" }
                ul { @for (alias, documents) in &profile.aliases {
                    li { strong { (alias) } " " span.fw-small.fw-muted { "in " (documents.len()) " report" (if documents.len() == 1 { "" } else { "s" }) ": " (documents.join(", ")) } }
                } }
                (stated("Founded", &profile.founded))
                (stated("Strongholds", &profile.strongholds))
                (stated("Publications", &profile.publications))
                (stated("Threats", &profile.threats))
            }
            section.fw-panel {
                h2 { "Network" }
                div.fw-network data-src={ (api) "/network" (as_of_qs) } {}
            }
        }
        div.fw-grid {
            section.fw-panel { h2 { "Leaders over time" } div.fw-spans data-src={ (api) "/leaders" (as_of_qs) } {} (ties("Leaders", &profile.leaders)) (ties("Leads", &profile.leads)) }
            section.fw-panel { h2 { "Strength estimates" } div.fw-series data-src={ (api) "/strength" (as_of_qs) } {}
                @if !profile.strength.is_empty() { ul { @for e in &profile.strength { li { strong { (forewarn_kb::reconcile::describe(&e.count)) } " " (e.estimated_by.clone().unwrap_or_default()) " " span.fw-small.fw-muted { (e.date.as_ref().map(|d| d.to_string()).unwrap_or_default()) } (sources(std::slice::from_ref(&e.source))) } } } }
            }
        }
        section.fw-panel {
            h2 { "Tempo forecast" }
            p.fw-small.fw-muted { "Incidents per month for the next six months by four models, with 80% and 95% intervals, the last complete month checked against them, and each model's backtest on this actor's own history." }
            div.fw-forecast data-src={ "/api/v1/forecast?backtest=true&actor=" (url::form_urlencoded::byte_serialize(profile.id.as_bytes()).collect::<String>()) } {}
        }
        section.fw-panel {
            h2 { "Ties" }
            div.fw-grid-3 {
                div { (ties("Allies", &profile.allies)) (ties("Rivals", &profile.rivals)) }
                div { (ties("Split from", &profile.split_from)) (ties("Splinters", &profile.splinters)) (ties("Pledged to", &profile.pledged_to)) (ties("Pledges received", &profile.pledges_received)) }
                div { (ties("Part of", &profile.parents)) (ties("Member of", &profile.member_of)) (ties("Branches", &profile.children)) }
            }
        }
        section.fw-panel {
            h2 { "Incidents by year and country" }
            div.fw-table-wrap { table.fw-table {
                thead { tr { th { "Year" } th { "Country" } th.fw-num { "Incidents" } th.fw-num { "Killed" } } }
                tbody { @for (year, countries) in by_year.iter().rev() { @for (country, (n, k)) in countries {
                    tr { td { (year) } td { a href={ "/incidents?actor=" (profile.id) "&country=" (country) "&from=" (year) "&to=" (year) } { (country) } } td.fw-num { (n) } td.fw-num { (k) } }
                } } }
            } }
            h3 { "Incidents" }
            div.fw-table-wrap { table.fw-table {
                thead { tr { th { "Date" } th { "Place" } th { "Link" } th.fw-num { "Killed" } } }
                tbody { @for i in &profile.incidents {
                    tr { td { a href={ "/incidents/" (i.id) } { (i.date.as_ref().map_or_else(|| "undated".into(), |d| d.to_string())) } }
                         td { (i.place.clone().unwrap_or_default()) @if let Some(c) = &i.country { ", " (c) } }
                         td { span.fw-tag { (i.link.as_str()) } }
                         td.fw-num { (num(i.killed.map(u64::from))) } }
                } }
            } }
        }
        @if !profile.contradictions.is_empty() {
            section.fw-panel { h2 { "Where sources disagree" }
                @for c in &profile.contradictions {
                    div.contradiction { strong { (c.field) } " — " (c.why)
                        ul { @for s in &c.sides { li { strong { (s.value) } " — " @for r in &s.reports { span.fw-small { (r.document.0) } " " } } } }
                    }
                }
            }
        }
    };
    Ok(layout(&profile.name, "/actors", &csrf, &p, body))
}

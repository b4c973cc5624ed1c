//! The review queue: pairs the machine could not decide and incidents nobody has looked at
//! yet (least confident first), one keystroke per decision.

use axum::Form;
use axum::extract::{Extension, Path, State};
use axum::response::Redirect;
use forewarn_model::{AdjudicationStatus, ReviewStatus, Role};
use forewarn_store::{IncidentFilter, IncidentSort, Page, Store};
use maud::html;
use serde::Deserialize;
use serde_json::json;

use super::{PageResult, Reader, after, layout, num, place_text};
use crate::guard::CsrfToken;
use crate::state::AppState;

/// Unreviewed incidents shown at once.
const QUEUE: u64 = 100;

pub async fn queue(
    State(state): State<AppState>,
    Reader(p): Reader,
    Extension(csrf): Extension<CsrfToken>,
) -> PageResult {
    let (pairs, rows) = state
        .read(|store| {
            let pairs = store.adjudications(Some(AdjudicationStatus::Open))?;
            let mut with_incidents = Vec::new();
            for a in pairs {
                let here = store.incident(&a.incident.0)?;
                let founded = store.incident(&a.founded.0)?;
                with_incidents.push((a, here, founded));
            }
            let rows = store.incident_rows(
                &IncidentFilter {
                    status: Some(ReviewStatus::Unreviewed),
                    sort: IncidentSort::Confidence,
                    ascending: true,
                    ..Default::default()
                },
                Page {
                    offset: 0,
                    limit: QUEUE,
                },
            )?;
            Ok((with_incidents, rows.items))
        })
        .await?;
    let summary = |i: &Option<forewarn_model::Incident>| -> String {
        match i {
            None => "(gone)".into(),
            Some(i) => {
                let e = &i.event;
                let date = e
                    .best_date()
                    .map_or_else(|| "undated".into(), |d| d.value.to_string());
                let place = e.best_place().map_or_else(
                    || "–".into(),
                    |p| {
                        place_text([
                            p.value.name.as_deref(),
                            p.value.admin1.as_deref(),
                            p.value.country.as_deref(),
                        ])
                    },
                );
                let kind = e
                    .primary_attack_type()
                    .map_or(e.kind.value.as_str(), |t| t.as_str())
                    .replace('_', " ");
                format!(
                    "{kind} · {date} · {place} · killed {}",
                    num(e.killed.best.map(u64::from))
                )
            }
        }
    };
    let body = html! {
        div.fw-head { h1 { "Review" } span.fw-sub { (pairs.len()) " pairs to judge, " (rows.len()) " unreviewed incidents shown" } span.fw-keys-hint { "Press " kbd { "?" } " for keys" } }
        dl.fw-keys {
            dt { kbd { "j" } " / " kbd { "k" } } dd { "next / previous" }
            dt { kbd { "s" } } dd { "same incident (pairs)" }
            dt { kbd { "d" } } dd { "different incidents (pairs)" }
            dt { kbd { "a" } } dd { "accept (incidents)" }
            dt { kbd { "r" } } dd { "reject (incidents)" }
        }
        @if p.require(Role::Analyst).is_err() { p.fw-flash.fw-flash-warn { "Your token is a viewer's: decisions need the analyst role." } }
        section.fw-panel {
            h2 { "Queue: pairs the machine could not decide, then unreviewed incidents (least confident first)" }
            @if pairs.is_empty() && rows.is_empty() { p.fw-empty { "Nothing awaits review." } }
            ol.fw-queue {
                @for (a, here, founded) in &pairs {
                    @let actions = json!({
                        "s": { "url": format!("/api/v1/adjudications/{}", a.id), "body": { "decision": "same" } },
                        "d": { "url": format!("/api/v1/adjudications/{}", a.id), "body": { "decision": "different" } },
                    });
                    li.fw-item data-actions=(actions.to_string()) data-pair=(a.id) {
                        div { strong { "Is this one incident?" } " pair " (a.id) }
                        div { "Report's incident: " a href={ "/incidents/" (a.founded.0) } { (summary(founded)) } }
                        div { "Candidate: " a href={ "/incidents/" (a.incident.0) } { (summary(here)) } }
                        div.fw-small { "For: " (a.evidence_for.join("; ")) }
                        div.fw-small { "Against: " (a.evidence_against.join("; ")) }
                        button.fw-btn.fw-btn-small data-key="s" { kbd { "s" } " same" }
                        " "
                        button.fw-btn.fw-btn-small data-key="d" { kbd { "d" } " different" }
                    }
                }
                @for r in &rows {
                    @let actions = json!({
                        "a": { "url": format!("/api/v1/incidents/{}/review", r.id.0), "body": { "action": "accept" } },
                        "r": { "url": format!("/api/v1/incidents/{}/review", r.id.0), "body": { "action": "reject" } },
                    });
                    li.fw-item data-actions=(actions.to_string()) data-id=(r.id.0) {
                        a href={ "/incidents/" (r.id.0) } { (r.attack_type.map_or(r.kind.as_str(), |t| t.as_str()).replace('_', " ")) " · " (r.date_start.map_or_else(|| "undated".to_string(), |d| d.to_string())) " · " (place_text([r.place.as_deref(), r.admin1.as_deref(), r.country.as_deref()])) }
                        " · killed " (num(r.killed)) " · " (r.sources) " report" (if r.sources == 1 { "" } else { "s" })
                        " · " span.fw-conf { (format!("{:.2}", r.confidence.unwrap_or(0.0))) }
                        " "
                        button.fw-btn.fw-btn-small data-key="a" { kbd { "a" } " accept" }
                        " "
                        button.fw-btn.fw-btn-small data-key="r" { kbd { "r" } " reject" }
                    }
                }
            }
        }
    };
    Ok(layout("Review", "/review", &csrf, &p, body))
}

#[derive(Debug, Deserialize)]
pub struct DecideForm {
    decision: String,
}

pub async fn decide(
    State(state): State<AppState>,
    Reader(p): Reader,
    Path(id): Path<i64>,
    Form(f): Form<DecideForm>,
) -> Redirect {
    if let Err(e) = p.require(Role::Analyst) {
        return after("/review", Err(e));
    }
    let decision = if f.decision == "same" {
        AdjudicationStatus::Merged
    } else {
        AdjudicationStatus::KeptApart
    };
    let result = state
        .write(move |store| {
            forewarn_kb::decide_adjudication(store, id, decision, &p.name)?;
            Ok(format!("pair {id} decided"))
        })
        .await;
    after("/review", result)
}

//! A document's text with what extraction found marked in place (in the manner of displaCy):
//! every value's span, its kind, the rule or person that produced it, its confidence, and
//! what it fed (the incident of its event, the actor it names).

use std::collections::HashMap;

use forewarn_model::{EventId, IncidentId, Provenance, Report};
use forewarn_store::DocumentFindings;
use serde::Serialize;

/// One marked span.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Annotation {
    /// First byte in the document's text.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// What it is: event, date, place, actor, person, killed, injured, weapon, target,
    /// victim or relation.
    pub kind: &'static str,
    /// What was read from it ("2024-03-22", "Krasnogorsk, RU", "at least 137").
    pub label: String,
    /// The rule, model or person that produced it.
    pub producer: String,
    /// Confidence, 0 to 1.
    pub confidence: f64,
    /// The incident its event belongs to, if any.
    pub incident: Option<IncidentId>,
    /// The actor it names, if any.
    pub actor: Option<String>,
}

struct Collector<'a> {
    text: &'a str,
    out: Vec<Annotation>,
}

impl Collector<'_> {
    fn add(
        &mut self,
        p: &Provenance,
        kind: &'static str,
        label: String,
        incident: Option<&IncidentId>,
        actor: Option<String>,
    ) {
        let (start, end) = (p.span.start, p.span.end);
        // Spans that do not fall on the text's characters (a stale finding) are left out
        // rather than marking the wrong words.
        if start >= end || self.text.get(start..end).is_none() {
            return;
        }
        self.out.push(Annotation {
            start,
            end,
            kind,
            label,
            producer: p.producer.to_string(),
            confidence: p.confidence,
            incident: incident.cloned(),
            actor,
        });
    }

    fn reports<T>(
        &mut self,
        reports: &[Report<T>],
        kind: &'static str,
        incident: Option<&IncidentId>,
        label: impl Fn(&T) -> String,
    ) {
        for r in reports {
            self.add(&r.provenance, kind, label(&r.value), incident, None);
        }
    }
}

/// The marks for a document's findings, ordered by position; where marks overlap, the
/// longer comes first. `incident_of` gives the incident each of the document's events
/// belongs to.
pub fn annotations(
    text: &str,
    findings: &DocumentFindings,
    incident_of: &HashMap<EventId, IncidentId>,
) -> Vec<Annotation> {
    let mut c = Collector {
        text,
        out: Vec::new(),
    };
    for e in &findings.events {
        let inc = incident_of.get(&e.id);
        c.add(
            &e.kind.provenance,
            "event",
            e.kind.value.as_str().replace('_', " "),
            inc,
            None,
        );
        c.reports(&e.date, "date", inc, |d| d.to_string());
        c.reports(&e.location, "place", inc, |p| {
            [p.name.as_deref(), p.admin1.as_deref(), p.country.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ")
        });
        for r in &e.perpetrators {
            c.add(
                &r.provenance,
                "actor",
                format!(
                    "perpetrator: {} ({})",
                    r.value.name,
                    r.value.status.as_str()
                ),
                inc,
                r.value.actor.as_ref().map(|a| a.0.clone()),
            );
        }
        c.reports(&e.killed.reports, "killed", inc, |n| {
            format!("killed: {}", forewarn_kb::reconcile::describe(n))
        });
        c.reports(&e.injured.reports, "injured", inc, |n| {
            format!("injured: {}", forewarn_kb::reconcile::describe(n))
        });
        c.reports(&e.weapons, "weapon", inc, |w| {
            format!("weapon: {}", w.kind.as_str())
        });
        c.reports(&e.targets, "target", inc, |t| {
            format!("target: {}", t.kind.as_str())
        });
        c.reports(&e.victims, "victim", inc, |v| {
            format!("victim ({})", v.effect.as_str())
        });
    }
    for a in &findings.actors {
        let kind = if a.actor.kind == forewarn_model::ActorKind::Individual {
            "person"
        } else {
            "actor"
        };
        for m in &a.mentions {
            c.add(
                m,
                kind,
                a.actor.name.clone(),
                None,
                Some(a.actor.id.0.clone()),
            );
        }
    }
    for r in &findings.relations {
        for p in &r.sources {
            c.add(
                p,
                "relation",
                format!(
                    "{} {} {}",
                    r.subject.0,
                    r.relation.as_str().replace('_', " "),
                    r.object.0
                ),
                None,
                Some(r.subject.0.clone()),
            );
        }
    }
    c.out
        .sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    c.out
        .dedup_by(|a, b| a.start == b.start && a.end == b.end && a.kind == b.kind);
    c.out
}

/// Layers of non-overlapping segments for rendering: the text cut at every mark's edges,
/// each piece with the marks that cover it (outermost first). Pieces are byte ranges.
pub fn segments(text: &str, marks: &[Annotation]) -> Vec<(usize, usize, Vec<usize>)> {
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for m in marks {
        cuts.push(m.start);
        cuts.push(m.end);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = Vec::new();
    for w in cuts.windows(2) {
        let (s, e) = (w[0], w[1]);
        if s >= e || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            continue;
        }
        let covering: Vec<usize> = marks
            .iter()
            .enumerate()
            .filter(|(_, m)| m.start <= s && e <= m.end)
            .map(|(i, _)| i)
            .collect();
        out.push((s, e, covering));
    }
    out
}

//! forewarn's own extractor as a [`Predictor`], so that `forewarn eval` scores exactly what
//! `forewarn ingest` would store.

use forewarn_model::{
    ActorKind, ClaimStatus, Document, DocumentId, DocumentMeta, Event, EventKind, GeoPrecision,
    MediaType, Report, Span,
};
use jiff::civil::Date;

use crate::{PredictedIncident, Predictor, RoleFillers};

/// Runs `forewarn_extract::extract` on each text.
#[derive(Debug, Default, Clone, Copy)]
pub struct ForewarnPredictor;

fn document(text: &str, reference: Option<Date>) -> Document {
    Document {
        id: DocumentId::for_text(text),
        meta: DocumentMeta {
            name: "eval".into(),
            published: reference,
            ..DocumentMeta::default()
        },
        media_type: MediaType::Text,
        language: None,
        retrieved: jiff::Timestamp::UNIX_EPOCH,
        source_bytes: text.len() as u64,
        simhash: 0,
        text: text.to_string(),
    }
}

fn slice(text: &str, span: Span) -> String {
    span.slice(text).unwrap_or_default().trim().to_string()
}

fn best<T>(reports: &[Report<T>], key: impl Fn(&T) -> i64) -> Option<&T> {
    reports
        .iter()
        .min_by(|a, b| {
            key(&a.value)
                .cmp(&key(&b.value))
                .then(b.provenance.confidence.total_cmp(&a.provenance.confidence))
        })
        .map(|r| &r.value)
}

/// The best estimate the extractor reconciled for the document.
fn casualties(c: &forewarn_model::Casualties) -> Option<u32> {
    c.best
}

fn incident(text: &str, e: &Event) -> PredictedIncident {
    let date = best(&e.date, |d| i64::from(d.span_days())).copied();
    let place = best(&e.location, |p| match p.precision {
        GeoPrecision::Site => 0,
        GeoPrecision::City => 1,
        GeoPrecision::Admin1 => 2,
        GeoPrecision::Country => 3,
        GeoPrecision::Region => 4,
        GeoPrecision::Unknown => 5,
    });
    let city = place.and_then(|p| match p.precision {
        GeoPrecision::City | GeoPrecision::Site => p.name.clone(),
        _ => None,
    });
    let mut perpetrators = Vec::new();
    let mut mentions = Vec::new();
    for p in &e.perpetrators {
        if !perpetrators.contains(&p.value.name) {
            perpetrators.push(p.value.name.clone());
        }
        mentions.push(slice(text, p.provenance.span));
    }
    let claimed = (!e.perpetrators.is_empty()).then(|| {
        e.perpetrators
            .iter()
            .any(|p| p.value.status == ClaimStatus::Claimed)
    });
    let mut target_types: Vec<String> =
        e.targets.iter().map(|t| t.value.kind.to_string()).collect();
    target_types.dedup();
    let mut weapon_types: Vec<String> =
        e.weapons.iter().map(|w| w.value.kind.to_string()).collect();
    weapon_types.dedup();
    PredictedIncident {
        kind: Some(e.kind.value.to_string()),
        attack_type: e.attack_type.first().map(|t| t.value.to_string()),
        date,
        country: place.and_then(|p| p.country.clone()),
        admin1: place.and_then(|p| p.admin1.clone()),
        city,
        perpetrators,
        perpetrator_mentions: mentions,
        claimed,
        killed: casualties(&e.killed),
        injured: casualties(&e.injured),
        target_types,
        weapon_types,
    }
}

/// Adds `mention` as a new entity unless an entity already has it (case-insensitively).
fn add(entities: &mut Vec<Vec<String>>, mention: String) {
    if mention.is_empty() {
        return;
    }
    let lower = mention.to_lowercase();
    if !entities.iter().flatten().any(|m| m.to_lowercase() == lower) {
        entities.push(vec![mention]);
    }
}

impl Predictor for ForewarnPredictor {
    fn incidents(&self, text: &str, reference: Option<Date>) -> Vec<PredictedIncident> {
        let doc = document(text, reference);
        forewarn_extract::extract(&doc)
            .events
            .iter()
            .map(|e| incident(text, e))
            .collect()
    }

    fn role_fillers(&self, text: &str, reference: Option<Date>) -> RoleFillers {
        let doc = document(text, reference);
        let mut out = RoleFillers::default();
        for e in forewarn_extract::extract(&doc).events {
            // MUC-4 templates cover terrorist acts, not arrests or designations.
            if !matches!(e.kind.value, EventKind::Attack | EventKind::Other) {
                continue;
            }
            for p in &e.perpetrators {
                let mention = slice(text, p.provenance.span);
                match p.value.kind {
                    ActorKind::Individual => add(&mut out.perp_ind, mention),
                    ActorKind::Organization => add(&mut out.perp_org, mention),
                }
            }
            for t in &e.targets {
                add(&mut out.target, t.value.mention.clone());
            }
            for v in &e.victims {
                add(&mut out.victim, v.value.mention.clone());
            }
            for w in &e.weapons {
                add(&mut out.weapon, w.value.mention.clone());
            }
        }
        out
    }
}

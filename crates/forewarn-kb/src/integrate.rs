//! Bringing the store's incidents up to date, incrementally.
//!
//! 1. Incidents whose members changed (an event was extracted again or its document
//!    removed) are rebuilt from the members they still have, or deleted when none is left.
//! 2. Each event in no incident is placed, document by document in ingest order: a person's
//!    pin decides first; otherwise it is compared with the stored incidents of its kind whose
//!    dates overlap its own (an undated event founds its own), leaving out incidents that already
//!    hold an event of the same document (extraction already kept those apart) and those a
//!    person kept apart from it. It joins the best incident judged the same; else it founds
//!    an incident of its own, and every unsure pair is queued for a person.
//!
//! Every document's changes are one transaction, so a crash leaves each event either placed
//! with its incident rebuilt, or unplaced for the next run to place.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use forewarn_extract::best_date;
use forewarn_model::{
    Adjudication, AdjudicationStatus, AssignedBy, DocumentId, Event, EventRef, Incident,
    IncidentId, Reliability, ReviewStatus,
};
use forewarn_store::{
    CandidateQuery, IncidentUpsert, IncidentWrite, Pin, Store, StoreError, Stored,
};
use serde::Serialize;

use crate::consolidate::{Member, consolidate, extend, with_corrections};
use crate::coref::{Verdict, compare};
use crate::reconcile::Credibility;

/// How many candidate incidents an event is compared with at most.
const CANDIDATE_LIMIT: u64 = 500;

/// Why integration failed.
#[derive(Debug, thiserror::Error)]
pub enum KbError {
    /// Reading or writing the store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What an integration run did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Integration {
    /// Events placed.
    pub events: u64,
    /// Events that joined an existing incident.
    pub joined: u64,
    /// Incidents founded.
    pub founded: u64,
    /// Pairs queued for a person.
    pub adjudications: u64,
    /// Incidents rebuilt because their members changed.
    pub rebuilt: u64,
    /// Incidents removed because no member was left.
    pub removed: u64,
}

/// Credibility from the documents' Admiralty grades (E, unreliable, does not count when
/// others report), read once per document.
pub struct StoreCredibility<'s> {
    store: &'s dyn Store,
    cache: RefCell<HashMap<DocumentId, Option<Reliability>>>,
}

impl<'s> StoreCredibility<'s> {
    /// Reads grades from `store`.
    pub fn new(store: &'s dyn Store) -> Self {
        StoreCredibility {
            store,
            cache: RefCell::new(HashMap::new()),
        }
    }
}

impl Credibility for StoreCredibility<'_> {
    fn credible(&self, document: &DocumentId) -> bool {
        let mut cache = self.cache.borrow_mut();
        let grade = *cache
            .entry(document.clone())
            .or_insert_with(|| self.store.reliability(document).ok().flatten());
        grade != Some(Reliability::E)
    }
}

fn members_of(store: &dyn Store, id: &IncidentId) -> Result<Vec<Member>, StoreError> {
    Ok(store
        .incident_members(id)?
        .into_iter()
        .map(|(s, _)| Member {
            at: EventRef {
                document: s.document,
                event: s.item.id.clone(),
            },
            event: s.item,
        })
        .collect())
}

/// The incident rebuilt from the members it still has (`None` when none is left), keeping
/// its review status and a person's corrections.
fn rebuild(store: &dyn Store, id: &IncidentId) -> Result<Option<Incident>, StoreError> {
    let (status, corrections) = store
        .incident(id.as_str())?
        .map_or((ReviewStatus::Unreviewed, Vec::new()), |i| {
            (i.status, i.corrections)
        });
    let members = members_of(store, id)?;
    let credibility = StoreCredibility::new(store);
    Ok(consolidate(id.clone(), members, status, &credibility)
        .map(|i| with_corrections(i, corrections, &credibility)))
}

/// Brings the store's incidents up to date (see the module notes).
pub fn integrate(store: &mut dyn Store) -> Result<Integration, KbError> {
    let mut report = Integration::default();

    let dirty = store.dirty_incidents()?;
    if !dirty.is_empty() {
        let mut w = IncidentWrite::default();
        for id in dirty {
            match rebuild(store, &id)? {
                Some(incident) => {
                    report.rebuilt += 1;
                    w.upsert.push(IncidentUpsert {
                        incident,
                        new_members: Vec::new(),
                    });
                }
                None => {
                    report.removed += 1;
                    w.delete.push(id);
                }
            }
        }
        store.write_incidents(&w)?;
    }

    let events = store.unassigned_events()?;
    let mut i = 0;
    while i < events.len() {
        let doc = events[i].document.clone();
        let end = events[i..]
            .iter()
            .position(|e| e.document != doc)
            .map_or(events.len(), |n| i + n);
        let w = place_document(&*store, &events[i..end], &mut report)?;
        store.write_incidents(&w)?;
        i = end;
    }
    Ok(report)
}

/// The incidents an event is compared with: its kind, dates overlapping its own. An event
/// without a date founds an incident of its own: with only a place to go by, any two
/// reports from one country would look alike, and none is worth a person's time to sort.
fn candidate_query(e: &Event) -> Option<CandidateQuery> {
    let dates = best_date(e).map(|d| (d.value.start, d.value.end))?;
    Some(CandidateQuery {
        kind: e.kind.value,
        dates,
        limit: CANDIDATE_LIMIT,
    })
}

/// Incidents changed while placing one document.
type Changed = HashMap<IncidentId, Incident>;

/// Places one document's unplaced events; returns the writes.
fn place_document(
    store: &dyn Store,
    events: &[Stored<Event>],
    report: &mut Integration,
) -> Result<IncidentWrite, StoreError> {
    let mut w = IncidentWrite::default();
    // Later events of the document compare with the versions this document changed.
    let mut changed: Changed = HashMap::new();
    let credibility = StoreCredibility::new(store);
    for stored in events {
        report.events += 1;
        let at = EventRef {
            document: stored.document.clone(),
            event: stored.item.id.clone(),
        };
        let member = Member {
            at: at.clone(),
            event: stored.item.clone(),
        };
        let pins = store.pins(&at)?;
        let joined_by_person = pins
            .iter()
            .find(|(_, p)| *p == Pin::Join)
            .map(|(id, _)| id.clone());
        if let Some(id) = joined_by_person
            && let Some(incident) = join(store, &mut changed, &id, member.clone(), &credibility)?
        {
            report.joined += 1;
            w.upsert.push(IncidentUpsert {
                incident,
                new_members: vec![(at, AssignedBy::Person)],
            });
            continue;
        }
        let apart: HashSet<IncidentId> = pins
            .iter()
            .filter(|(_, p)| *p == Pin::Apart)
            .map(|(id, _)| id.clone())
            .collect();
        let mut candidates = match candidate_query(&stored.item) {
            Some(q) => store.incident_candidates(&q)?,
            None => Vec::new(),
        };
        for c in candidates.iter_mut() {
            if let Some(newer) = changed.get(&c.id) {
                *c = newer.clone();
            }
        }
        let mut judged: Vec<(i32, &Incident, crate::Comparison)> = candidates
            .iter()
            .filter(|c| !apart.contains(&c.id))
            .filter(|c| !c.members.iter().any(|m| m.document == stored.document))
            .map(|c| {
                let cmp = compare(&c.event, &stored.item);
                (cmp.score(), c, cmp)
            })
            .filter(|(_, _, cmp)| cmp.verdict != Verdict::Different)
            .collect();
        judged.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.id.cmp(&b.1.id)));
        if let Some((_, best, _)) = judged.iter().find(|(_, _, c)| c.verdict == Verdict::Same) {
            let id = best.id.clone();
            if let Some(incident) = join(store, &mut changed, &id, member.clone(), &credibility)? {
                report.joined += 1;
                w.upsert.push(IncidentUpsert {
                    incident,
                    new_members: vec![(at, AssignedBy::Machine)],
                });
                continue;
            }
        }
        let founded = IncidentId::founded_by(&stored.document, &stored.item.id);
        let Some(incident) = consolidate(
            founded.clone(),
            vec![member],
            ReviewStatus::Unreviewed,
            &credibility,
        ) else {
            continue;
        };
        report.founded += 1;
        for (_, other, cmp) in judged
            .iter()
            .filter(|(_, _, c)| c.verdict == Verdict::Unsure)
        {
            report.adjudications += 1;
            w.adjudications.push(Adjudication {
                id: 0,
                event: at.clone(),
                incident: other.id.clone(),
                founded: founded.clone(),
                evidence_for: cmp.evidence_for.clone(),
                evidence_against: cmp.evidence_against.clone(),
                status: AdjudicationStatus::Open,
                decided_by: None,
            });
        }
        changed.insert(founded, incident.clone());
        w.upsert.push(IncidentUpsert {
            incident,
            new_members: vec![(at, AssignedBy::Machine)],
        });
    }
    Ok(w)
}

/// The incident `id` with `member` added (this run's version if it changed already);
/// `None` if there is no such incident.
fn join(
    store: &dyn Store,
    changed: &mut Changed,
    id: &IncidentId,
    member: Member,
    credibility: &dyn Credibility,
) -> Result<Option<Incident>, StoreError> {
    let current = match changed.remove(id) {
        Some(inc) => inc,
        None => match store.incident(id.as_str())? {
            Some(inc) => inc,
            None => return Ok(None),
        },
    };
    let incident = extend(current, member, credibility);
    changed.insert(id.clone(), incident.clone());
    Ok(Some(incident))
}

/// Records a person's judgement of a queued pair and applies it: a merge moves the event
/// into the incident it was compared with (its own incident goes if it held nothing else);
/// keeping apart only pins the decision. Returns the adjudication as decided.
pub fn decide_adjudication(
    store: &mut dyn Store,
    id: i64,
    decision: AdjudicationStatus,
    by: &str,
) -> Result<Adjudication, KbError> {
    let a = store.decide_adjudication(id, decision, by)?;
    if decision == AdjudicationStatus::Merged {
        // The membership goes; the founded incident is marked dirty and rebuilt or removed,
        // and the event is placed again, where its pin now sends it.
        let w = IncidentWrite {
            remove_members: vec![a.event.clone()],
            ..IncidentWrite::default()
        };
        store.write_incidents(&w)?;
        integrate(store)?;
    }
    Ok(a)
}

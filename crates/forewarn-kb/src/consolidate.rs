//! Consolidation: an incident's record from the events that report it.
//!
//! Every field keeps every member's reports. Killed and injured are reconciled by the rule
//! in [`crate::reconcile`]. The date and place shown are the most precise reported
//! (`forewarn_extract::best_date`, `best_place`), the type the one most reports give. Where
//! reports disagree, a [`Contradiction`] names the values and who gave each: figures (see
//! `reconcile`), days that cannot both hold, methods (shooting against bombing) and
//! perpetrators (each report naming a different group).

use std::collections::BTreeMap;

use forewarn_model::{
    AttackType, Contradiction, ContradictionSide, CorrectedValue, Correction, DatePrecision,
    DocumentId, Event, EventId, EventRef, Incident, IncidentId, Producer, Provenance, Report,
    ReportRef, ReviewStatus, Span,
};

use crate::reconcile::{Credibility, reconcile};

/// One member: the document's event with its reference.
#[derive(Debug, Clone)]
pub struct Member {
    /// Which document's event.
    pub at: EventRef,
    /// The event.
    pub event: Event,
}

/// Builds an incident's record from its members, the first of which founded it; `None`
/// without members. `status` carries over the review status a person gave it.
pub fn consolidate(
    id: IncidentId,
    members: Vec<Member>,
    status: ReviewStatus,
    credibility: &dyn Credibility,
) -> Option<Incident> {
    let refs: Vec<EventRef> = members.iter().map(|m| m.at.clone()).collect();
    let mut it = members.into_iter();
    let mut event = it.next()?.event;
    for m in it {
        absorb(&mut event, m.event);
    }
    Some(finish(id, event, refs, status, Vec::new(), credibility))
}

/// The incident with a person's corrections in place of those it had: each becomes a report
/// produced by that person, which wins over the others (see [`crate::reconcile`] for
/// figures; dates, places and types take a person's value first), the others staying beside
/// it.
pub fn with_corrections(
    incident: Incident,
    corrections: Vec<Correction>,
    credibility: &dyn Credibility,
) -> Incident {
    let Incident {
        id,
        event,
        members,
        status,
        ..
    } = incident;
    finish(id, event, members, status, corrections, credibility)
}

/// The incident with one more member. Equivalent to consolidating all members again (the
/// record already holds every member's reports), without reading them back.
pub fn extend(incident: Incident, member: Member, credibility: &dyn Credibility) -> Incident {
    let Incident {
        id,
        mut event,
        mut members,
        status,
        corrections,
        ..
    } = incident;
    absorb(&mut event, member.event);
    members.push(member.at);
    finish(id, event, members, status, corrections, credibility)
}

fn finish(
    id: IncidentId,
    mut event: Event,
    members: Vec<EventRef>,
    status: ReviewStatus,
    corrections: Vec<Correction>,
    credibility: &dyn Credibility,
) -> Incident {
    event.id = EventId(id.0.clone());
    apply_corrections(&mut event, &corrections);
    let mut contradictions = Vec::new();
    let (killed, k) = reconcile(
        "killed",
        std::mem::take(&mut event.killed.reports),
        credibility,
    );
    let (injured, i) = reconcile(
        "injured",
        std::mem::take(&mut event.injured.reports),
        credibility,
    );
    event.killed = killed;
    event.injured = injured;
    contradictions.extend(k);
    contradictions.extend(i);
    contradictions.extend(day_contradiction(&event));
    contradictions.extend(method_contradiction(&event));
    contradictions.extend(perpetrator_contradiction(&event));
    Incident {
        id,
        event,
        members,
        contradictions,
        status,
        corrections,
    }
}

/// Replaces the person-made reports of `event` by those of `corrections` (so that applying
/// them again, or after a rebuild, gives the same record).
fn apply_corrections(event: &mut Event, corrections: &[Correction]) {
    fn machine<T>(reports: &mut Vec<Report<T>>) {
        reports.retain(|r| !matches!(r.provenance.producer, Producer::Person(_)));
    }
    machine(&mut event.killed.reports);
    machine(&mut event.injured.reports);
    machine(&mut event.date);
    machine(&mut event.attack_type);
    machine(&mut event.location);
    machine(&mut event.perpetrators);
    for c in corrections {
        let provenance = Provenance {
            document: DocumentId(format!("review:{}", c.by)),
            span: Span::new(0, 0),
            producer: Producer::Person(c.by.clone()),
            confidence: 1.0,
            at: c.at,
        };
        let quote = c.why.clone().unwrap_or_default();
        fn report<T>(value: T, provenance: &Provenance, quote: &str) -> Report<T> {
            Report {
                value,
                provenance: provenance.clone(),
                quote: quote.to_string(),
            }
        }
        match &c.value {
            CorrectedValue::Killed(n) => event.killed.reports.push(report(*n, &provenance, &quote)),
            CorrectedValue::Injured(n) => {
                event.injured.reports.push(report(*n, &provenance, &quote))
            }
            CorrectedValue::Date(d) => event.date.push(report(*d, &provenance, &quote)),
            CorrectedValue::Type(t) => event.attack_type.push(report(*t, &provenance, &quote)),
            CorrectedValue::Place(p) => event.location.push(report(p.clone(), &provenance, &quote)),
            CorrectedValue::Perpetrator(p) => {
                event
                    .perpetrators
                    .push(report(p.clone(), &provenance, &quote))
            }
        }
    }
}

/// Adds `b`'s reports to `a`, leaving figures to be reconciled.
fn absorb(a: &mut Event, b: Event) {
    a.attack_type.extend(b.attack_type);
    a.date.extend(b.date);
    a.location.extend(b.location);
    a.perpetrators.extend(b.perpetrators);
    a.killed.reports.extend(b.killed.reports);
    a.injured.reports.extend(b.injured.reports);
    a.targets.extend(b.targets);
    a.weapons.extend(b.weapons);
    a.victims.extend(b.victims);
    for s in b.sources {
        if !a
            .sources
            .iter()
            .any(|x| x.document == s.document && x.span == s.span)
        {
            a.sources.push(s);
        }
    }
    a.confidence = a.confidence.max(b.confidence);
}

fn report_ref<T>(r: &Report<T>) -> ReportRef {
    ReportRef {
        document: r.provenance.document.clone(),
        quote: r.quote.clone(),
        span: r.provenance.span,
    }
}

/// Groups reports by a label and records a contradiction when more than one label has
/// reports from different documents.
fn split_by<T>(
    field: &str,
    reports: &[Report<T>],
    label: impl Fn(&T) -> Option<String>,
    why: impl Fn(&[String]) -> String,
) -> Option<Contradiction> {
    let mut by_label: BTreeMap<String, Vec<&Report<T>>> = BTreeMap::new();
    for r in reports {
        if let Some(l) = label(&r.value) {
            by_label.entry(l).or_default().push(r);
        }
    }
    if by_label.len() < 2 {
        return None;
    }
    let documents: std::collections::BTreeSet<_> = by_label
        .values()
        .flat_map(|rs| rs.iter().map(|r| &r.provenance.document))
        .collect();
    if documents.len() < 2 {
        // One report naming two values is a compound event, not a disagreement.
        return None;
    }
    let labels: Vec<String> = by_label.keys().cloned().collect();
    Some(Contradiction {
        field: field.to_string(),
        why: why(&labels),
        sides: by_label
            .into_iter()
            .map(|(value, rs)| ContradictionSide {
                value,
                reports: rs.into_iter().map(report_ref).collect(),
            })
            .collect(),
    })
}

fn day_contradiction(e: &Event) -> Option<Contradiction> {
    let days: Vec<_> = e
        .date
        .iter()
        .filter(|r| r.value.precision == DatePrecision::Day)
        .cloned()
        .collect();
    split_by(
        "date",
        &days,
        |d| Some(d.start_string()),
        |l| format!("reports give different days: {}", l.join(", ")),
    )
}

/// Methods contradict when two documents' sets of methods have nothing in common: one
/// telling of shooting and arson and another of shooting and a blast agree on the shooting.
fn method_contradiction(e: &Event) -> Option<Contradiction> {
    let mut per_doc: BTreeMap<&str, std::collections::BTreeSet<AttackType>> = BTreeMap::new();
    for r in &e.attack_type {
        if r.value != AttackType::Unknown {
            per_doc
                .entry(r.provenance.document.as_str())
                .or_default()
                .insert(r.value);
        }
    }
    let sets: Vec<_> = per_doc.values().collect();
    let disjoint = sets
        .iter()
        .enumerate()
        .any(|(i, a)| sets[i + 1..].iter().any(|b| a.is_disjoint(b)));
    if !disjoint {
        return None;
    }
    split_by(
        "type",
        &e.attack_type,
        |t| (*t != AttackType::Unknown).then(|| t.as_str().to_string()),
        |l| format!("reports describe different methods: {}", l.join(" and ")),
    )
}

fn perpetrator_contradiction(e: &Event) -> Option<Contradiction> {
    // Only when each document names exactly one group and they differ: a report naming two
    // groups describes a joint attack.
    let mut per_doc: BTreeMap<&str, std::collections::BTreeSet<String>> = BTreeMap::new();
    for r in &e.perpetrators {
        if let Some(a) = &r.value.actor {
            per_doc
                .entry(r.provenance.document.as_str())
                .or_default()
                .insert(a.0.clone());
        }
    }
    if per_doc.len() < 2 || per_doc.values().any(|s| s.len() != 1) {
        return None;
    }
    let named: Vec<_> = e
        .perpetrators
        .iter()
        .filter(|r| r.value.actor.is_some())
        .cloned()
        .collect();
    split_by(
        "perpetrators",
        &named,
        |p| Some(p.name.clone()),
        |l| format!("reports name different perpetrators: {}", l.join(" and ")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reconcile::AllCredible;
    use crate::testing::{attack, count_report, day, member};
    use forewarn_model::CountQualifier;

    #[test]
    fn members_pool_their_reports_and_disagreements_are_recorded() {
        let mut a = attack("a", AttackType::ArmedAssault);
        a.date.push(day("a", 2020, 5, 12));
        a.killed
            .reports
            .push(count_report("a", 24, CountQualifier::Exact, None));
        let mut b = attack("b", AttackType::Bombing);
        b.date.push(day("b", 2020, 5, 12));
        b.killed
            .reports
            .push(count_report("b", 24, CountQualifier::Exact, None));
        let id = IncidentId("inc-1".into());
        let inc = consolidate(
            id,
            vec![member("a", a), member("b", b)],
            ReviewStatus::Unreviewed,
            &AllCredible,
        )
        .unwrap();
        assert_eq!(inc.members.len(), 2);
        assert_eq!(inc.event.killed.reports.len(), 2);
        assert_eq!(inc.event.killed.best, Some(24));
        let fields: Vec<&str> = inc
            .contradictions
            .iter()
            .map(|c| c.field.as_str())
            .collect();
        assert_eq!(fields, ["type"]);
        assert_eq!(inc.contradictions[0].sides.len(), 2);
    }

    #[test]
    fn one_report_naming_two_methods_is_not_a_contradiction() {
        let mut a = attack("a", AttackType::ArmedAssault);
        a.attack_type
            .push(crate::testing::report("a", AttackType::Bombing));
        let inc = consolidate(
            IncidentId("inc-2".into()),
            vec![member("a", a)],
            ReviewStatus::Unreviewed,
            &AllCredible,
        )
        .unwrap();
        assert!(inc.contradictions.is_empty());
    }
}

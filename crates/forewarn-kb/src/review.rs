//! Review: a person's decisions about incidents, each an entry in the audit log (who, when,
//! what, the value before and after, why) written in the same transaction as the change, and
//! each undoable by a later entry.
//!
//! - accept / reject set the incident's status (rejected incidents stay in the store, out of
//!   exports by default);
//! - correct sets a field's value (killed, injured, date, type, place, a perpetrator); it wins
//!   over the reports, which stay listed beside it, and survives re-extraction and rebuilds;
//! - merge moves every event of one incident into another, and pins them there;
//! - split takes one report's event out of an incident and pins it apart;
//! - merge_actors records that two actors are one (reversible: findings are not rewritten,
//!   every alias keeps its source); split_actor undoes that;
//! - note records a remark;
//! - undo reverses an entry: the status or value before it, the members back where they were
//!   (pinned apart from where the merge had put them), a split event back in its incident.
//!
//! These are the functions the CLI and the web app call.

use forewarn_model::{
    ActorId, ActorKind, ClaimStatus, CorrectedValue, Correction, Count, CountQualifier, EventRef,
    Incident, IncidentId, Perpetrator, Place, ReviewAction, ReviewEntry, ReviewStatus,
    ReviewTarget,
};
use forewarn_store::{IncidentUpsert, IncidentWrite, Pin, Store, StoreError};
use serde_json::{Value, json};

use crate::consolidate::with_corrections;
use crate::integrate::{StoreCredibility, integrate};

/// Why a review action was refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    /// Reading or writing the store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// No such incident, event or entry.
    #[error("{0}")]
    NotFound(String),
    /// The action makes no sense here (splitting a one-report incident, undoing an undo).
    #[error("{0}")]
    Refused(String),
}

impl From<crate::KbError> for ReviewError {
    fn from(e: crate::KbError) -> Self {
        match e {
            crate::KbError::Store(s) => ReviewError::Store(s),
        }
    }
}

/// Who acts, and why.
#[derive(Debug, Clone)]
pub struct Reviewer<'a> {
    /// User name.
    pub by: &'a str,
    /// The reason, as they give it.
    pub why: Option<&'a str>,
}

fn incident(store: &dyn Store, id: &str) -> Result<Incident, ReviewError> {
    store
        .incident(id)?
        .ok_or_else(|| ReviewError::NotFound(format!("no incident {id:?}")))
}

fn entry(
    who: &Reviewer<'_>,
    action: ReviewAction,
    target: ReviewTarget,
    field: Option<&str>,
    before: Value,
    after: Value,
) -> ReviewEntry {
    ReviewEntry {
        id: 0,
        at: jiff::Timestamp::now(),
        reviewer: who.by.to_string(),
        action,
        target,
        field: field.map(str::to_string),
        before,
        after,
        note: who.why.map(str::to_string),
        undoes: None,
        undone_by: None,
    }
}

fn upsert(incident: Incident) -> IncidentWrite {
    IncidentWrite {
        upsert: vec![IncidentUpsert {
            incident,
            new_members: Vec::new(),
        }],
        ..IncidentWrite::default()
    }
}

/// Sets an incident's status (accept or reject).
pub fn set_status(
    store: &mut dyn Store,
    id: &str,
    status: ReviewStatus,
    who: &Reviewer<'_>,
) -> Result<ReviewEntry, ReviewError> {
    let mut inc = incident(store, id)?;
    let action = match status {
        ReviewStatus::Rejected => ReviewAction::Reject,
        _ => ReviewAction::Accept,
    };
    let e = entry(
        who,
        action,
        ReviewTarget::Incident(inc.id.0.clone()),
        Some("status"),
        json!({ "status": inc.status.as_str() }),
        json!({ "status": status.as_str() }),
    );
    inc.status = status;
    Ok(store.record_review(&e, &upsert(inc))?)
}

/// Sets a field of an incident to a person's value.
pub fn correct(
    store: &mut dyn Store,
    id: &str,
    value: CorrectedValue,
    who: &Reviewer<'_>,
) -> Result<ReviewEntry, ReviewError> {
    let inc = incident(store, id)?;
    let field = value.field();
    let before = field_summary(&inc, field);
    let correction = Correction {
        value,
        by: who.by.to_string(),
        at: jiff::Timestamp::now(),
        why: who.why.map(str::to_string),
    };
    let after = serde_json::to_value(&correction).unwrap_or(Value::Null);
    let mut corrections = inc.corrections.clone();
    // A new value for a single-valued field replaces the person's earlier one.
    if field != "perpetrators" {
        corrections.retain(|c| c.value.field() != field);
    }
    corrections.push(correction);
    let e = entry(
        who,
        ReviewAction::Correct,
        ReviewTarget::Incident(inc.id.0.clone()),
        Some(field),
        before,
        after,
    );
    let credibility = StoreCredibility::new(store);
    let updated = with_corrections(inc, corrections, &credibility);
    Ok(store.record_review(&e, &upsert(updated))?)
}

/// The field's value as the record shows it, for the log's `before`.
fn field_summary(inc: &Incident, field: &str) -> Value {
    let e = &inc.event;
    match field {
        "killed" => json!({ "low": e.killed.low, "best": e.killed.best, "high": e.killed.high }),
        "injured" => {
            json!({ "low": e.injured.low, "best": e.injured.best, "high": e.injured.high })
        }
        "date" => json!(forewarn_extract::best_date(e).map(|d| d.value.to_string())),
        "type" => json!(forewarn_extract::primary_attack_type(e).map(|t| t.as_str())),
        "location" => json!(forewarn_extract::best_place(e).map(|p| &p.value)),
        _ => json!(
            e.perpetrators
                .iter()
                .map(|p| p.value.name.clone())
                .collect::<Vec<_>>()
        ),
    }
}

/// Moves every event of incident `from` into incident `into`, pinned there.
pub fn merge(
    store: &mut dyn Store,
    from: &str,
    into: &str,
    who: &Reviewer<'_>,
) -> Result<ReviewEntry, ReviewError> {
    let a = incident(store, from)?;
    let b = incident(store, into)?;
    if a.id == b.id {
        return Err(ReviewError::Refused(
            "an incident cannot be merged into itself".into(),
        ));
    }
    let e = entry(
        who,
        ReviewAction::Merge,
        ReviewTarget::Incident(b.id.0.clone()),
        None,
        json!({ "from": a.id, "members": a.members, "status": a.status.as_str(), "corrections": a.corrections }),
        json!({ "into": b.id }),
    );
    let w = IncidentWrite {
        remove_members: a.members.clone(),
        pins: a
            .members
            .iter()
            .map(|m| (m.clone(), b.id.clone(), Pin::Join))
            .collect(),
        unpins: a
            .members
            .iter()
            .map(|m| (m.clone(), a.id.clone()))
            .collect(),
        ..IncidentWrite::default()
    };
    let logged = store.record_review(&e, &w)?;
    integrate(store)?;
    Ok(logged)
}

/// Takes the event `event` (an event id) out of incident `id` and pins it apart.
pub fn split(
    store: &mut dyn Store,
    id: &str,
    event: &str,
    who: &Reviewer<'_>,
) -> Result<ReviewEntry, ReviewError> {
    let inc = incident(store, id)?;
    let Some(member) = inc.members.iter().find(|m| m.event.0 == event).cloned() else {
        return Err(ReviewError::NotFound(format!(
            "incident {} has no event {event:?} (its events: {})",
            inc.id,
            inc.members
                .iter()
                .map(|m| m.event.0.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    };
    if inc.members.len() < 2 {
        return Err(ReviewError::Refused(format!(
            "incident {} has only this report; reject it instead of splitting it",
            inc.id
        )));
    }
    let e = entry(
        who,
        ReviewAction::Split,
        ReviewTarget::Incident(inc.id.0.clone()),
        None,
        json!({ "incident": inc.id, "event": member }),
        json!({ "event": member, "apart_from": inc.id }),
    );
    let w = IncidentWrite {
        remove_members: vec![member.clone()],
        pins: vec![(member.clone(), inc.id.clone(), Pin::Apart)],
        unpins: vec![(member, inc.id.clone())],
        ..IncidentWrite::default()
    };
    let logged = store.record_review(&e, &w)?;
    integrate(store)?;
    Ok(logged)
}

/// Records that actor `from` is the same as actor `into` (ids). Reversible: findings are not
/// rewritten, and every alias keeps its source.
pub fn merge_actors(
    store: &mut dyn Store,
    from: &ActorId,
    into: &ActorId,
    who: &Reviewer<'_>,
) -> Result<ReviewEntry, ReviewError> {
    if from == into {
        return Err(ReviewError::Refused(
            "an actor cannot be merged into itself".into(),
        ));
    }
    let merges = crate::ActorMerges::new(&store.actor_merges()?);
    if merges.canonical(into) == *from {
        return Err(ReviewError::Refused(format!(
            "{} is already merged into {}; split it first",
            into.0, from.0
        )));
    }
    let e = entry(
        who,
        ReviewAction::Merge,
        ReviewTarget::Actor(into.0.clone()),
        None,
        json!({ "from": from.0, "into": merges.canonical(from).0 }),
        json!({ "from": from.0, "into": into.0 }),
    );
    let w = IncidentWrite {
        merge_actors: vec![(from.clone(), into.clone(), who.by.to_string())],
        ..IncidentWrite::default()
    };
    Ok(store.record_review(&e, &w)?)
}

/// Undoes an identity merge: actor `from` stands on its own again, with what it had.
pub fn split_actor(
    store: &mut dyn Store,
    from: &ActorId,
    who: &Reviewer<'_>,
) -> Result<ReviewEntry, ReviewError> {
    let merged = store.actor_merges()?;
    let Some((_, into)) = merged.iter().find(|(f, _)| f == from) else {
        return Err(ReviewError::NotFound(format!(
            "{} is not merged into another actor",
            from.0
        )));
    };
    let e = entry(
        who,
        ReviewAction::Split,
        ReviewTarget::Actor(from.0.clone()),
        None,
        json!({ "from": from.0, "into": into.0 }),
        json!({ "from": from.0, "into": from.0 }),
    );
    let w = IncidentWrite {
        unmerge_actors: vec![from.clone()],
        ..IncidentWrite::default()
    };
    Ok(store.record_review(&e, &w)?)
}

/// Records a note about a target.
pub fn note(
    store: &mut dyn Store,
    target: ReviewTarget,
    text: &str,
    who: &Reviewer<'_>,
) -> Result<ReviewEntry, ReviewError> {
    let e = entry(
        who,
        ReviewAction::Note,
        target,
        None,
        Value::Null,
        json!({ "note": text }),
    );
    Ok(store.record_review(&e, &IncidentWrite::default())?)
}

fn refs(v: &Value) -> Vec<EventRef> {
    serde_json::from_value(v.clone()).unwrap_or_default()
}

fn incident_id(v: &Value) -> Option<IncidentId> {
    v.as_str().map(|s| IncidentId(s.to_string()))
}

/// Reverses entry `id` with a new entry that records the reversal.
pub fn undo(
    store: &mut dyn Store,
    id: i64,
    who: &Reviewer<'_>,
) -> Result<ReviewEntry, ReviewError> {
    let old = store
        .review_entry(id)?
        .ok_or_else(|| ReviewError::NotFound(format!("no review entry {id}")))?;
    if let Some(by) = old.undone_by {
        return Err(ReviewError::Refused(format!(
            "entry {id} was already undone by entry {by}"
        )));
    }
    let mut e = entry(
        who,
        ReviewAction::Undo,
        old.target.clone(),
        old.field.as_deref(),
        old.after.clone(),
        old.before.clone(),
    );
    e.undoes = Some(id);
    if let ReviewTarget::Actor(_) = &old.target
        && matches!(old.action, ReviewAction::Merge | ReviewAction::Split)
    {
        let from = ActorId(old.before["from"].as_str().unwrap_or_default().to_string());
        let into = ActorId(old.before["into"].as_str().unwrap_or_default().to_string());
        // Back to the state before: merged into `into`, or on its own.
        let w = if from == into {
            IncidentWrite {
                unmerge_actors: vec![from],
                ..IncidentWrite::default()
            }
        } else {
            IncidentWrite {
                merge_actors: vec![(from, into, who.by.to_string())],
                ..IncidentWrite::default()
            }
        };
        return Ok(store.record_review(&e, &w)?);
    }
    let w = match old.action {
        ReviewAction::Undo => {
            return Err(ReviewError::Refused(
                "an undo cannot be undone; do the original action again".into(),
            ));
        }
        ReviewAction::Note => IncidentWrite::default(),
        ReviewAction::Accept | ReviewAction::Reject => {
            let mut inc = incident(store, old.target.id())?;
            inc.status = old.before["status"]
                .as_str()
                .and_then(|s| s.parse().ok())
                .unwrap_or(ReviewStatus::Unreviewed);
            upsert(inc)
        }
        ReviewAction::Correct => {
            let inc = incident(store, old.target.id())?;
            let undone: Option<Correction> = serde_json::from_value(old.after.clone()).ok();
            let mut corrections = inc.corrections.clone();
            corrections.retain(|c| Some(c) != undone.as_ref());
            let credibility = StoreCredibility::new(store);
            upsert(with_corrections(inc, corrections, &credibility))
        }
        ReviewAction::Merge => {
            let into = incident_id(&old.after["into"])
                .ok_or_else(|| ReviewError::Refused(format!("entry {id} names no incident")))?;
            let members = refs(&old.before["members"]);
            // They leave the incident they were merged into, pinned apart from it, and are
            // placed again: together, where the evidence puts them.
            IncidentWrite {
                remove_members: members.clone(),
                unpins: members.iter().map(|m| (m.clone(), into.clone())).collect(),
                pins: members
                    .iter()
                    .map(|m| (m.clone(), into.clone(), Pin::Apart))
                    .collect(),
                ..IncidentWrite::default()
            }
        }
        ReviewAction::Split => {
            let back = incident_id(&old.before["incident"])
                .ok_or_else(|| ReviewError::Refused(format!("entry {id} names no incident")))?;
            let member: EventRef = serde_json::from_value(old.before["event"].clone())
                .map_err(|_| ReviewError::Refused(format!("entry {id} names no event")))?;
            if store.incident(back.as_str())?.is_none() {
                return Err(ReviewError::Refused(format!(
                    "incident {back} no longer exists; merge the event's incident into another instead"
                )));
            }
            IncidentWrite {
                remove_members: vec![member.clone()],
                unpins: vec![(member.clone(), back.clone())],
                pins: vec![(member, back, Pin::Join)],
                ..IncidentWrite::default()
            }
        }
    };
    let logged = store.record_review(&e, &w)?;
    integrate(store)?;
    if old.action == ReviewAction::Merge {
        // The incident the members found again takes back what a person had given it.
        let members = refs(&old.before["members"]);
        if let Some(first) = members.first()
            && let Some(mut back) = store.incident(&first.event.0)?
        {
            back.status = old.before["status"]
                .as_str()
                .and_then(|s| s.parse().ok())
                .unwrap_or(back.status);
            let corrections: Vec<Correction> =
                serde_json::from_value(old.before["corrections"].clone()).unwrap_or_default();
            let credibility = StoreCredibility::new(store);
            let back = with_corrections(back, corrections, &credibility);
            store.write_incidents(&upsert(back))?;
        }
    }
    Ok(logged)
}

/// The place a reviewer names ("Krasnogorsk", "Kerman, Iran"), as the gazetteer resolves it.
pub fn place_named(name: &str) -> Option<Place> {
    let gazetteer = forewarn_gazetteer::Gazetteer::global();
    // Names are matched as written in running text: capitalised.
    let mentions = gazetteer.find(name);
    let places = gazetteer.resolve(name, &mentions, None);
    places
        .into_iter()
        .filter(|p| p.span.start == name.len() - name.trim_start().len())
        .map(|p| p.place)
        .next()
}

/// The perpetrator a reviewer names: a dictionary actor by name or alias, else a new
/// organisation as written.
pub fn perpetrator_named(name: &str) -> Perpetrator {
    let lexicon = forewarn_lexicon::Lexicon::global();
    match lexicon.lookup(name).first() {
        Some(actor) => Perpetrator {
            actor: Some(ActorId(actor.id.clone())),
            name: actor.name.clone(),
            kind: actor.kind,
            status: ClaimStatus::Attributed,
        },
        None => Perpetrator {
            actor: None,
            name: name.trim().to_string(),
            kind: ActorKind::Organization,
            status: ClaimStatus::Attributed,
        },
    }
}

/// Reads a figure as a reviewer types it: "137", "at least 140", "more than 140", "over 90",
/// "up to 20", "about 50", "15-20" or "15 to 20".
pub fn parse_count(text: &str) -> Option<Count> {
    let t = text.trim().to_lowercase();
    let number = |s: &str| s.trim().replace(',', "").parse::<u32>().ok();
    for (prefix, qualifier) in [
        ("at least", CountQualifier::AtLeast),
        ("more than", CountQualifier::AtLeast),
        ("over", CountQualifier::AtLeast),
        ("up to", CountQualifier::UpTo),
        ("at most", CountQualifier::UpTo),
        ("about", CountQualifier::About),
        ("around", CountQualifier::About),
        ("some", CountQualifier::About),
    ] {
        if let Some(rest) = t.strip_prefix(prefix) {
            return Some(Count {
                value: number(rest)?,
                qualifier,
                high: None,
            });
        }
    }
    if let Some((a, b)) = t.split_once(" to ").or_else(|| t.split_once('-')) {
        let (low, high) = (number(a)?, number(b)?);
        return (low <= high).then_some(Count {
            value: low,
            qualifier: CountQualifier::Range,
            high: Some(high),
        });
    }
    Some(Count {
        value: number(&t)?,
        qualifier: CountQualifier::Exact,
        high: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_parse_as_reviewers_type_them() {
        let c = |v, q| {
            Some(Count {
                value: v,
                qualifier: q,
                high: None,
            })
        };
        assert_eq!(parse_count("137"), c(137, CountQualifier::Exact));
        assert_eq!(
            parse_count("more than 1,400"),
            c(1400, CountQualifier::AtLeast)
        );
        assert_eq!(parse_count("up to 20"), c(20, CountQualifier::UpTo));
        assert_eq!(
            parse_count("15-20"),
            Some(Count {
                value: 15,
                qualifier: CountQualifier::Range,
                high: Some(20)
            })
        );
        assert_eq!(parse_count("20-15"), None);
        assert_eq!(parse_count("many"), None);
    }
}

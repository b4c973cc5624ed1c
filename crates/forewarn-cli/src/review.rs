//! `forewarn review`: a person's decisions about incidents, and the audit log.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use forewarn_kb::review::{self, Reviewer};
use forewarn_model::{ActorId, CorrectedValue, ReviewEntry, ReviewStatus, ReviewTarget};
use forewarn_store::{Page, SqliteStore, Store};

use crate::args::{self, CorrectArgs, ReviewCommand};
use crate::output;

fn who(a: &args::Reviewer) -> Reviewer<'_> {
    Reviewer {
        by: &a.by,
        why: a.why.as_deref(),
    }
}

fn print_entry(e: &ReviewEntry) {
    let field = e
        .field
        .as_deref()
        .map(|f| format!(" {f}"))
        .unwrap_or_default();
    println!(
        "#{}  {}  {}  {}{field} {} {}",
        e.id,
        e.at.strftime("%Y-%m-%d %H:%M:%S"),
        e.reviewer,
        e.action.as_str(),
        e.target.kind(),
        e.target.id()
    );
    if !e.before.is_null() {
        println!("      before {}", e.before);
    }
    println!("      after  {}", e.after);
    if let Some(n) = &e.note {
        println!("      why    {n}");
    }
    if let Some(u) = e.undoes {
        println!("      undoes #{u}");
    }
    if let Some(u) = e.undone_by {
        println!("      undone by #{u}");
    }
}

fn corrected(a: &CorrectArgs) -> anyhow::Result<CorrectedValue> {
    let figure = |s: &str| {
        review::parse_count(s).with_context(|| {
            format!(
                "cannot read {s:?} as a figure (try 137, \"at least 140\", \"up to 20\", 15-20)"
            )
        })
    };
    Ok(if let Some(k) = &a.killed {
        CorrectedValue::Killed(figure(k)?)
    } else if let Some(i) = &a.injured {
        CorrectedValue::Injured(figure(i)?)
    } else if let Some(d) = a.date {
        CorrectedValue::Date(d)
    } else if let Some(t) = a.attack_type {
        CorrectedValue::Type(t)
    } else if let Some(p) = &a.place {
        CorrectedValue::Place(review::place_named(p).with_context(|| {
            format!("{p:?} is not a place the gazetteer knows (write it as in a report, e.g. \"Kerman, Iran\")")
        })?)
    } else if let Some(p) = &a.perpetrator {
        CorrectedValue::Perpetrator(review::perpetrator_named(p))
    } else {
        anyhow::bail!("give one of --killed, --injured, --date, --type, --place, --perpetrator")
    })
}

/// The actor a user names. `merged`: resolve through existing merges (for a merge target);
/// otherwise the actor as extracted (what a merge or split acts on).
fn actor_id(store: &SqliteStore, name: &str, merged: bool) -> anyhow::Result<ActorId> {
    let ids = forewarn_kb::profile::find_actors(store, name, merged)?;
    match ids.as_slice() {
        [one] => Ok(one.clone()),
        [] => anyhow::bail!("no actor named {name:?} in the record"),
        many => anyhow::bail!(
            "{name:?} names several actors: {}; give the id",
            many.iter()
                .map(|i| i.0.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

pub fn run(data: &Path, c: ReviewCommand) -> anyhow::Result<ExitCode> {
    let mut store = SqliteStore::open(data)?;
    forewarn_kb::integrate(&mut store)?;
    let done = match c {
        ReviewCommand::Accept { id, who: w } => {
            review::set_status(&mut store, &id, ReviewStatus::Accepted, &who(&w))?
        }
        ReviewCommand::Reject { id, who: w } => {
            review::set_status(&mut store, &id, ReviewStatus::Rejected, &who(&w))?
        }
        ReviewCommand::Correct(a) => {
            let value = corrected(&a)?;
            review::correct(&mut store, &a.id, value, &who(&a.who))?
        }
        ReviewCommand::Merge { from, into, who: w } => {
            review::merge(&mut store, &from, &into, &who(&w))?
        }
        ReviewCommand::Split { id, event, who: w } => {
            review::split(&mut store, &id, &event, &who(&w))?
        }
        ReviewCommand::MergeActors { from, into, who: w } => {
            let from = actor_id(&store, &from, false)?;
            let into = actor_id(&store, &into, true)?;
            review::merge_actors(&mut store, &from, &into, &who(&w))?
        }
        ReviewCommand::SplitActor { from, who: w } => {
            let from = actor_id(&store, &from, false)?;
            review::split_actor(&mut store, &from, &who(&w))?
        }
        ReviewCommand::Note {
            kind,
            id,
            text,
            who: w,
        } => {
            let target = ReviewTarget::from_parts(&kind, &id).with_context(|| {
                format!("{kind:?} is not something to note; use incident, actor, event, relation or document")
            })?;
            review::note(&mut store, target, &text, &who(&w))?
        }
        ReviewCommand::Undo { entry, who: w } => review::undo(&mut store, entry, &who(&w))?,
        ReviewCommand::Log {
            incident,
            limit,
            json,
        } => {
            let target = match &incident {
                Some(id) => Some(ReviewTarget::Incident(
                    store
                        .incident(id)?
                        .with_context(|| format!("no incident {id:?}"))?
                        .id
                        .0,
                )),
                None => None,
            };
            let log = store.review_log(target.as_ref(), Page { offset: 0, limit })?;
            if json {
                output::print_json(&log)?;
            } else {
                for e in &log.items {
                    print_entry(e);
                }
                println!("({} of {} entries)", log.items.len(), log.total);
            }
            return Ok(ExitCode::SUCCESS);
        }
    };
    print_entry(&done);
    Ok(ExitCode::SUCCESS)
}

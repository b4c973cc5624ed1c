//! Actor profiles built from the evidence: every statement in a profile is a relation, fact,
//! alias or incident that some report gave, with its sources.
//!
//! `as_of` shows the profile as it stood on a date: relations whose bounds exclude the date
//! are left out (a leader who took over later, an alliance that had ended), and so are facts,
//! estimates and incidents dated after it. Undated relations and facts are kept: nothing
//! says they did not hold.
//!
//! A statement whose every supporting sentence hedges it ("reportedly", "media circulated
//! reports that", "unconfirmed", "allegedly", "rumoured") is marked unverified.

use std::collections::{BTreeMap, BTreeSet};

use forewarn_model::{
    ActorFact, ActorFactKind, ActorFinding, ActorId, ClaimStatus, Contradiction, Count, FuzzyDate,
    Incident, Provenance, Relation, RelationKind,
};
use forewarn_store::Stored;

use crate::ActorMerges;
use serde::Serialize;

/// A supporting sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    /// The document's name.
    pub document: String,
    /// The sentence.
    pub quote: String,
    /// The rule, model or person.
    pub producer: String,
}

/// Another actor and how this one stands to it, over what time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tie {
    /// The other actor's id.
    pub id: String,
    /// Its canonical name.
    pub name: String,
    /// From when, if said.
    pub from: Option<FuzzyDate>,
    /// Until when, if said (or, for a leader, inferred: see `until_inferred`).
    pub until: Option<FuzzyDate>,
    /// `until` was not said but inferred: the next leader's tenure began then.
    pub until_inferred: bool,
    /// Every supporting sentence hedges it.
    pub unverified: bool,
    /// The reports.
    pub sources: Vec<Source>,
}

/// A strength estimate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Estimate {
    /// The figure and its qualifier.
    pub count: Count,
    /// Who made it, as written.
    pub estimated_by: Option<String>,
    /// When, if said.
    pub date: Option<FuzzyDate>,
    /// The report.
    pub source: Source,
}

/// A dated or undated statement of one value ("Nangarhar", "Voice of Khorasan", "2014").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stated {
    /// The value.
    pub value: String,
    /// When, if said.
    pub date: Option<FuzzyDate>,
    /// Every supporting sentence hedges it.
    pub unverified: bool,
    /// The reports.
    pub sources: Vec<Source>,
}

/// An incident the actor is tied to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorIncident {
    /// Incident id.
    pub id: String,
    /// Its date.
    pub date: Option<FuzzyDate>,
    /// Its country.
    pub country: Option<String>,
    /// Its place.
    pub place: Option<String>,
    /// Claimed, attributed or suspected (the firmest any report gives).
    pub link: ClaimStatus,
    /// Killed (best figure).
    pub killed: Option<u32>,
}

/// Everything the record says about one actor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorProfile {
    /// Id.
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// Organisation or individual.
    pub kind: String,
    /// Category (armed group, state force, ...).
    pub category: Option<String>,
    /// Home country.
    pub country: Option<String>,
    /// The date the profile is shown as of.
    pub as_of: Option<FuzzyDate>,
    /// Names, each with the documents that used it (dictionary names have none).
    pub aliases: BTreeMap<String, Vec<String>>,
    /// Groups this one is a branch or province of.
    pub parents: Vec<Tie>,
    /// Its branches, provinces and wings.
    pub children: Vec<Tie>,
    /// Founding dates as reported.
    pub founded: Vec<Stated>,
    /// Leaders over time.
    pub leaders: Vec<Tie>,
    /// Groups it leads (for a person).
    pub leads: Vec<Tie>,
    /// Groups it belongs to (for a person or a faction).
    pub member_of: Vec<Tie>,
    /// Allies.
    pub allies: Vec<Tie>,
    /// Rivals.
    pub rivals: Vec<Tie>,
    /// Groups it broke away from.
    pub split_from: Vec<Tie>,
    /// Groups that broke away from it.
    pub splinters: Vec<Tie>,
    /// Groups it pledged allegiance to.
    pub pledged_to: Vec<Tie>,
    /// Groups that pledged allegiance to it.
    pub pledges_received: Vec<Tie>,
    /// Strength estimates, dated ones in date order.
    pub strength: Vec<Estimate>,
    /// Strongholds and areas of operation.
    pub strongholds: Vec<Stated>,
    /// Publications and media outlets.
    pub publications: Vec<Stated>,
    /// Who or what it threatened.
    pub threats: Vec<Stated>,
    /// Incidents it claimed, was blamed for or is suspected of.
    pub incidents: Vec<ActorIncident>,
    /// Countries of those incidents, by year.
    pub countries_by_year: BTreeMap<String, BTreeSet<String>>,
    /// Where reports about it disagree.
    pub contradictions: Vec<Contradiction>,
}

/// The evidence a profile is built from.
pub struct Evidence<'a> {
    /// Every actor finding (for names and aliases).
    pub findings: &'a [Stored<ActorFinding>],
    /// Every relation.
    pub relations: &'a [Stored<Relation>],
    /// Every fact.
    pub facts: &'a [Stored<ActorFact>],
    /// Incidents (only those naming the actor matter).
    pub incidents: &'a [Incident],
    /// Document names by id.
    pub document_names: &'a BTreeMap<String, String>,
    /// Document texts by id, for quoting relation sources.
    pub quote: &'a dyn Fn(&Provenance) -> String,
}

const HEDGES: &[&str] = &[
    "reportedly",
    "reports that",
    "reports said",
    "reports suggest",
    "unconfirmed",
    "allegedly",
    "alleged",
    "rumoured",
    "rumored",
    "unverified",
    "is said to",
    "was said to",
    "were said to",
];

fn hedged(quote: &str) -> bool {
    let q = quote.to_lowercase();
    HEDGES.iter().any(|h| q.contains(h))
}

/// Finds the actor a user means: an id, a canonical name or any alias the reports used, else
/// any alias the dictionary knows, ignoring case.
/// Returns every match when the name is ambiguous.
pub fn resolve_actor(findings: &[Stored<ActorFinding>], name: &str) -> Vec<ActorId> {
    let wanted = name.trim().to_lowercase();
    let mut exact: BTreeSet<String> = BTreeSet::new();
    let mut alias: BTreeSet<String> = BTreeSet::new();
    for s in findings {
        let a = &s.item.actor;
        if a.id.0.to_lowercase() == wanted || a.name.to_lowercase() == wanted {
            exact.insert(a.id.0.clone());
        } else if a.aliases.iter().any(|x| x.name.to_lowercase() == wanted) {
            alias.insert(a.id.0.clone());
        }
    }
    let mut chosen = if exact.is_empty() { alias } else { exact };
    if chosen.is_empty() {
        // A name the reports did not use but the dictionary knows ("ISKP" for a record that
        // only ever wrote the full name).
        let present: BTreeSet<&str> = findings
            .iter()
            .map(|s| s.item.actor.id.0.as_str())
            .collect();
        chosen = forewarn_lexicon::Lexicon::global()
            .lookup(name)
            .into_iter()
            .map(|a| a.id.clone())
            .filter(|id| present.contains(id.as_str()))
            .collect();
    }
    chosen.into_iter().map(ActorId).collect()
}

/// Builds the profile of `actor` from the evidence, as of a date if given.
pub fn build_profile(
    actor: &ActorId,
    evidence: &Evidence<'_>,
    as_of: Option<&FuzzyDate>,
) -> Option<ActorProfile> {
    let names: BTreeMap<&str, &str> = evidence
        .findings
        .iter()
        .map(|s| (s.item.actor.id.0.as_str(), s.item.actor.name.as_str()))
        .collect();
    let own = evidence
        .findings
        .iter()
        .find(|s| &s.item.actor.id == actor)?;
    let doc_name = |p: &Provenance| {
        evidence
            .document_names
            .get(p.document.as_str())
            .cloned()
            .unwrap_or_else(|| p.document.0.clone())
    };
    let source = |p: &Provenance, quote: Option<&str>| Source {
        document: doc_name(p),
        quote: quote.map_or_else(|| (evidence.quote)(p), str::to_string),
        producer: p.producer.to_string(),
    };
    let after = |d: &Option<FuzzyDate>| match (as_of, d) {
        (Some(cut), Some(d)) => d.start > cut.end,
        _ => false,
    };

    let mut aliases: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for s in evidence
        .findings
        .iter()
        .filter(|s| &s.item.actor.id == actor)
    {
        for a in &s.item.actor.aliases {
            let docs = aliases.entry(a.name.clone()).or_default();
            if let Some(p) = &a.source {
                let n = doc_name(p);
                if !docs.contains(&n) {
                    docs.push(n);
                }
            }
        }
    }

    // Relations, merged by (subject, kind, object, bounds) across documents.
    let mut ties: BTreeMap<(String, RelationKind, String), Vec<&Relation>> = BTreeMap::new();
    for s in evidence.relations {
        let r = &s.item;
        if &r.subject != actor && &r.object != actor {
            continue;
        }
        if let Some(cut) = as_of
            && !r.may_hold_on(cut)
        {
            continue;
        }
        ties.entry((r.subject.0.clone(), r.relation, r.object.0.clone()))
            .or_default()
            .push(r);
    }
    let tie = |other: &str, rs: &[&Relation]| {
        let sources: Vec<Source> = rs
            .iter()
            .flat_map(|r| r.sources.iter().map(|p| source(p, None)))
            .collect();
        Tie {
            id: other.to_string(),
            name: names.get(other).map_or(other, |n| n).to_string(),
            from: rs.iter().find_map(|r| r.from),
            until: rs.iter().find_map(|r| r.until),
            until_inferred: false,
            unverified: !sources.is_empty() && sources.iter().all(|s| hedged(&s.quote)),
            sources,
        }
    };
    let mut profile = ActorProfile {
        id: actor.0.clone(),
        name: own.item.actor.name.clone(),
        kind: own.item.actor.kind.as_str().to_string(),
        category: own.item.actor.category.clone(),
        country: own.item.actor.country.clone(),
        as_of: as_of.copied(),
        aliases,
        parents: Vec::new(),
        children: Vec::new(),
        founded: Vec::new(),
        leaders: Vec::new(),
        leads: Vec::new(),
        member_of: Vec::new(),
        allies: Vec::new(),
        rivals: Vec::new(),
        split_from: Vec::new(),
        splinters: Vec::new(),
        pledged_to: Vec::new(),
        pledges_received: Vec::new(),
        strength: Vec::new(),
        strongholds: Vec::new(),
        publications: Vec::new(),
        threats: Vec::new(),
        incidents: Vec::new(),
        countries_by_year: BTreeMap::new(),
        contradictions: Vec::new(),
    };
    for ((subject, kind, object), rs) in &ties {
        let outgoing = subject == &actor.0;
        let other = if outgoing { object } else { subject };
        let t = tie(other, rs);
        let list = match (kind, outgoing) {
            (RelationKind::PartOf, true) => &mut profile.parents,
            (RelationKind::PartOf, false) => &mut profile.children,
            (RelationKind::LeaderOf, true) => &mut profile.leads,
            (RelationKind::LeaderOf, false) => &mut profile.leaders,
            (RelationKind::MemberOf, true) => &mut profile.member_of,
            (RelationKind::MemberOf, false) => continue,
            (RelationKind::AlliedWith, _) => &mut profile.allies,
            (RelationKind::RivalOf, _) => &mut profile.rivals,
            (RelationKind::SplitFrom, true) => &mut profile.split_from,
            (RelationKind::SplitFrom, false) => &mut profile.splinters,
            (RelationKind::PledgedAllegianceTo, true) => &mut profile.pledged_to,
            (RelationKind::PledgedAllegianceTo, false) => &mut profile.pledges_received,
        };
        match list.iter_mut().find(|x| x.id == t.id) {
            Some(x) => {
                x.sources.extend(t.sources);
                x.from = x.from.or(t.from);
                x.until = x.until.or(t.until);
                x.unverified = x.unverified && t.unverified;
            }
            None => list.push(t),
        }
    }
    // In order of tenure: by start, or by end for a leader known only to have left.
    let key = |t: &Tie| t.from.or(t.until).map(|d| d.start);
    profile.leaders.sort_by_key(|t| (key(t).is_none(), key(t)));
    let ends = inferred_leader_ends(evidence.relations, actor);
    apply_leader_ends(&mut profile.leaders, &ends, as_of);

    let mut stated: BTreeMap<(&'static str, String), Stated> = BTreeMap::new();
    for s in evidence.facts.iter().filter(|s| &s.item.actor == actor) {
        let f = &s.item;
        if after(&f.date) {
            continue;
        }
        let src = source(&f.source, Some(&f.quote));
        let (list, value) = match &f.fact {
            ActorFactKind::Strength {
                count,
                estimated_by,
            } => {
                profile.strength.push(Estimate {
                    count: *count,
                    estimated_by: estimated_by.clone(),
                    date: f.date,
                    source: src,
                });
                continue;
            }
            ActorFactKind::Founded { .. } => match &f.date {
                Some(d) => ("founded", d.to_string()),
                None => continue,
            },
            ActorFactKind::Stronghold { place } => ("stronghold", place.clone()),
            ActorFactKind::Publication { name } => ("publication", name.clone()),
            ActorFactKind::Threat { target } => ("threat", target.clone()),
        };
        let entry = stated
            .entry((list, value.clone()))
            .or_insert_with(|| Stated {
                value,
                date: f.date,
                unverified: true,
                sources: Vec::new(),
            });
        entry.unverified &= hedged(&f.quote);
        entry.sources.push(src);
    }
    for ((list, _), st) in stated {
        match list {
            "founded" => profile.founded.push(st),
            "stronghold" => profile.strongholds.push(st),
            "publication" => profile.publications.push(st),
            _ => profile.threats.push(st),
        }
    }
    profile
        .strength
        .sort_by_key(|e| (e.date.is_none(), e.date.map(|d| d.start)));

    for inc in evidence.incidents {
        let links: Vec<ClaimStatus> = inc
            .event
            .perpetrators
            .iter()
            .filter(|p| p.value.actor.as_ref() == Some(actor))
            .map(|p| p.value.status)
            .collect();
        let Some(link) = links.iter().min_by_key(|s| claim_rank(**s)).copied() else {
            continue;
        };
        let date = forewarn_extract::best_date(&inc.event).map(|d| d.value);
        if after(&date) {
            continue;
        }
        let place = forewarn_extract::best_place(&inc.event).map(|p| &p.value);
        let country = place.and_then(|p| p.country.clone());
        if let (Some(d), Some(c)) = (date, &country) {
            profile
                .countries_by_year
                .entry(d.start.year().to_string())
                .or_default()
                .insert(c.clone());
        }
        profile.incidents.push(ActorIncident {
            id: inc.id.0.clone(),
            date,
            country,
            place: place.and_then(|p| p.name.clone()),
            link,
            killed: inc.event.killed.best,
        });
    }
    profile
        .incidents
        .sort_by_key(|i| std::cmp::Reverse(i.date.map(|d| d.start)));
    let facts: Vec<Stored<ActorFact>> = evidence
        .facts
        .iter()
        .filter(|s| &s.item.actor == actor && !after(&s.item.date))
        .cloned()
        .collect();
    profile.contradictions = crate::actors::fact_contradictions(&facts)
        .into_iter()
        .map(|(_, c)| c)
        .collect();
    Some(profile)
}

fn claim_rank(s: ClaimStatus) -> u8 {
    match s {
        ClaimStatus::Claimed => 0,
        ClaimStatus::Attributed => 1,
        ClaimStatus::Suspected => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use forewarn_model::{Actor, ActorKind, Alias, DocumentId, Producer, Span};

    fn prov(doc: &str) -> Provenance {
        crate::testing::report(doc, ()).provenance
    }

    fn stored<T>(doc: &str, item: T) -> Stored<T> {
        Stored {
            document: DocumentId(doc.into()),
            document_name: format!("{doc}.txt"),
            item,
        }
    }

    fn finding(id: &str, name: &str, aliases: &[&str]) -> Stored<ActorFinding> {
        stored(
            "a",
            ActorFinding {
                actor: Actor {
                    id: ActorId(id.into()),
                    name: name.into(),
                    kind: ActorKind::Organization,
                    category: None,
                    country: None,
                    aliases: aliases
                        .iter()
                        .map(|a| Alias {
                            name: a.to_string(),
                            source: Some(prov("a")),
                        })
                        .collect(),
                },
                from_dictionary: true,
                mentions: vec![],
            },
        )
    }

    fn leader(person: &str, from: Option<FuzzyDate>, until: Option<FuzzyDate>) -> Stored<Relation> {
        stored(
            "a",
            Relation {
                subject: ActorId(person.into()),
                relation: RelationKind::LeaderOf,
                object: ActorId("grp".into()),
                from,
                until,
                sources: vec![prov("a")],
            },
        )
    }

    #[test]
    fn leaders_as_of_a_date_are_those_whose_tenure_may_include_it() {
        let findings = vec![
            finding("grp", "The Group", &["TG"]),
            finding("p1", "First Leader", &[]),
            finding("p2", "Second Leader", &[]),
        ];
        let relations = vec![
            leader("p1", None, FuzzyDate::month(2020, 3)),
            leader("p2", FuzzyDate::month(2020, 6), None),
        ];
        let names = BTreeMap::new();
        let quote = |_: &Provenance| "It was handed to him.".to_string();
        let evidence = Evidence {
            findings: &findings,
            relations: &relations,
            facts: &[],
            incidents: &[],
            document_names: &names,
            quote: &quote,
        };
        let id = ActorId("grp".into());
        let all = build_profile(&id, &evidence, None).unwrap();
        let names: Vec<&str> = all.leaders.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["First Leader", "Second Leader"]);
        let march = FuzzyDate::month(2020, 2).unwrap();
        let then = build_profile(&id, &evidence, Some(&march)).unwrap();
        assert_eq!(then.leaders.len(), 1);
        assert_eq!(then.leaders[0].name, "First Leader");
        assert_eq!(then.aliases.keys().collect::<Vec<_>>(), ["TG"]);
    }

    #[test]
    fn a_leader_without_a_stated_end_left_when_the_next_began() {
        let findings = vec![
            finding("grp", "The Group", &[]),
            finding("p1", "First Leader", &[]),
            finding("p2", "Second Leader", &[]),
            finding("p3", "Third Leader", &[]),
        ];
        let relations = vec![
            leader("p1", FuzzyDate::month(2015, 1), None),
            leader("p2", FuzzyDate::month(2016, 8), FuzzyDate::month(2017, 4)),
            leader("p3", FuzzyDate::month(2019, 4), None),
        ];
        let names = BTreeMap::new();
        let quote = |_: &Provenance| "He took over.".to_string();
        let evidence = Evidence {
            findings: &findings,
            relations: &relations,
            facts: &[],
            incidents: &[],
            document_names: &names,
            quote: &quote,
        };
        let id = ActorId("grp".into());
        let all = build_profile(&id, &evidence, None).unwrap();
        let ends: Vec<(&str, Option<String>, bool)> = all
            .leaders
            .iter()
            .map(|t| {
                (
                    t.name.as_str(),
                    t.until.map(|d| d.to_string()),
                    t.until_inferred,
                )
            })
            .collect();
        assert_eq!(
            ends,
            [
                ("First Leader", Some("2016-08".to_string()), true),
                ("Second Leader", Some("2017-04".to_string()), false),
                ("Third Leader", None, false),
            ]
        );
        // In 2018 the first leader had long been replaced; nobody stated leads then.
        let then = build_profile(&id, &evidence, FuzzyDate::month(2018, 1).as_ref()).unwrap();
        assert!(
            then.leaders.iter().all(|t| t.name != "First Leader"),
            "{:?}",
            then.leaders
        );
    }

    #[test]
    fn hedged_statements_are_unverified_and_names_resolve_by_alias() {
        assert!(hedged(
            "Pakistani media circulated reports that he had been killed"
        ));
        assert!(!hedged("He was appointed emir in January 2015."));
        let findings = vec![finding("grp", "The Group", &["TG"])];
        assert_eq!(resolve_actor(&findings, "tg"), vec![ActorId("grp".into())]);
        assert_eq!(
            resolve_actor(&findings, "the group"),
            vec![ActorId("grp".into())]
        );
        assert!(resolve_actor(&findings, "nobody").is_empty());
        let _ = (Producer::Person(String::new()), Span::new(0, 0));
    }
}

/// Why a profile could not be built.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    /// Reading the store failed.
    #[error(transparent)]
    Store(#[from] forewarn_store::StoreError),
    /// No actor by that name.
    #[error(
        "no actor named {0:?} in the record (try an alias or the id from `forewarn export actors`)"
    )]
    Unknown(String),
    /// Several actors answer to the name.
    #[error("{name:?} names several actors: {}; give the id", ids.iter().map(|i| i.0.as_str()).collect::<Vec<_>>().join(", "))]
    Ambiguous {
        /// The name asked for.
        name: String,
        /// The actors it names.
        ids: Vec<ActorId>,
    },
    /// The actor is known but nothing in the record speaks of it.
    #[error("no evidence about {}", .0.0)]
    NoEvidence(ActorId),
}

/// The extracted ids behind a canonical actor: itself and every actor merged into it.
fn merge_group(pairs: &[(ActorId, ActorId)], merges: &ActorMerges, id: &ActorId) -> Vec<ActorId> {
    let mut out = vec![id.clone()];
    for (from, _) in pairs {
        if &merges.canonical(from) == id && !out.contains(from) {
            out.push(from.clone());
        }
    }
    out
}

/// The actors a user's name stands for, as [`resolve_actor`] decides over every finding, but
/// read through the store's name index. `merged`: through identity merges (an actor merged
/// into another answers for it); otherwise as extracted (what a merge or split acts on).
pub fn find_actors(
    store: &dyn forewarn_store::Store,
    name: &str,
    merged: bool,
) -> Result<Vec<ActorId>, forewarn_store::StoreError> {
    let pairs = if merged {
        store.actor_merges()?
    } else {
        Vec::new()
    };
    let merges = ActorMerges::new(&pairs);
    let mut exact: BTreeSet<ActorId> = BTreeSet::new();
    let mut alias: BTreeSet<ActorId> = BTreeSet::new();
    for (raw, is_alias) in store.actor_names_matching(name)? {
        let id = merges.canonical(&raw);
        // A merged actor's own name becomes an alias of the actor it went into.
        if is_alias || id != raw {
            alias.insert(id);
        } else {
            exact.insert(id);
        }
    }
    let mut chosen = if exact.is_empty() { alias } else { exact };
    if chosen.is_empty() {
        // A name the reports did not use but the dictionary knows ("ISKP" for a record that
        // only ever wrote the full name): its actor, if the record holds it.
        for entry in forewarn_lexicon::Lexicon::global().lookup(name) {
            let id = merges.canonical(&ActorId(entry.id.clone()));
            let group = merge_group(&pairs, &merges, &id);
            let mut present = false;
            for member in &group {
                // An actor's id is among its indexed names.
                if store
                    .actor_names_matching(&member.0)?
                    .iter()
                    .any(|(a, _)| a == member)
                {
                    present = true;
                    break;
                }
            }
            if present {
                chosen.insert(id);
            }
        }
    }
    Ok(chosen.into_iter().collect())
}

/// When each of `actor`'s leaders whose end no report gives left: when the next leader
/// began. Reports name who "took over" or "was appointed" far more often than the day a
/// predecessor was killed or removed. Read from every leader relation, whatever the date a
/// profile is built as of, since a successor is known only from the whole record.
fn inferred_leader_ends(
    relations: &[Stored<Relation>],
    actor: &ActorId,
) -> BTreeMap<String, FuzzyDate> {
    let mut tenure: BTreeMap<&str, (Option<FuzzyDate>, Option<FuzzyDate>)> = BTreeMap::new();
    for s in relations {
        let r = &s.item;
        if r.relation == RelationKind::LeaderOf && &r.object == actor {
            let t = tenure.entry(r.subject.0.as_str()).or_default();
            t.0 = t.0.or(r.from);
            t.1 = t.1.or(r.until);
        }
    }
    let mut ordered: Vec<(&str, Option<FuzzyDate>, Option<FuzzyDate>)> =
        tenure.into_iter().map(|(id, (f, u))| (id, f, u)).collect();
    let key = |t: &(&str, Option<FuzzyDate>, Option<FuzzyDate>)| t.1.or(t.2).map(|d| d.start);
    ordered.sort_by_key(|t| (key(t).is_none(), key(t)));
    let mut ends = BTreeMap::new();
    for pair in ordered.windows(2) {
        let (id, from, until) = pair[0];
        let Some(next) = pair[1].1 else {
            continue;
        };
        if until.is_none() && from.is_none_or(|f| f.start < next.start) {
            ends.insert(id.to_string(), next);
        }
    }
    ends
}

/// Gives leaders their inferred ends; as of a date after such an end, the predecessor no
/// longer leads.
fn apply_leader_ends(
    leaders: &mut Vec<Tie>,
    ends: &BTreeMap<String, FuzzyDate>,
    as_of: Option<&FuzzyDate>,
) {
    for t in leaders.iter_mut() {
        if t.until.is_none()
            && let Some(end) = ends.get(&t.id)
        {
            t.until = Some(*end);
            t.until_inferred = true;
        }
    }
    if let Some(cut) = as_of {
        leaders.retain(|t| !(t.until_inferred && t.until.is_some_and(|u| u.end < cut.start)));
    }
}

/// One actor as the actors list shows it, identity merges applied.
#[derive(Debug, Clone, Serialize)]
pub struct ActorSummary {
    /// Id (the canonical actor's, after merges).
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// Kind of actor.
    pub kind: forewarn_model::ActorKind,
    /// Category (armed group, state force, ...), where known.
    pub category: Option<String>,
    /// Country (ISO alpha-2), where known.
    pub country: Option<String>,
    /// Other names reports used, and the names of actors merged into it.
    pub aliases: Vec<String>,
    /// Reports that name it (a report naming two actors later merged counts for each).
    pub documents: u64,
}

/// The actors in the record, most reported first, optionally only those with an id, name or
/// alias containing `query`; one page of them. Reads counts and names from the store's
/// indexes and one finding per listed actor, never every finding.
pub fn actor_list(
    store: &dyn forewarn_store::Store,
    query: Option<&str>,
    page: forewarn_store::Page,
) -> Result<forewarn_store::Listing<ActorSummary>, forewarn_store::StoreError> {
    let pairs = store.actor_merges()?;
    let merges = ActorMerges::new(&pairs);
    let mut documents: BTreeMap<ActorId, u64> = BTreeMap::new();
    for (id, n) in store.actor_document_counts()? {
        *documents.entry(merges.canonical(&id)).or_default() += n;
    }
    if let Some(q) = query.map(str::trim).filter(|q| !q.is_empty()) {
        let wanted: BTreeSet<ActorId> = store
            .actors_named_like(q)?
            .iter()
            .map(|id| merges.canonical(id))
            .collect();
        documents.retain(|id, _| wanted.contains(id));
    }
    let mut ranked: Vec<(ActorId, u64)> = documents.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let total = ranked.len() as u64;
    let mut items = Vec::new();
    for (id, documents) in ranked
        .into_iter()
        .skip(page.offset.min(usize::MAX as u64) as usize)
        .take(page.limit.min(usize::MAX as u64) as usize)
    {
        let group = merge_group(&pairs, &merges, &id);
        let mut firsts = Vec::new();
        for member in &group {
            if let Some(f) = store.actor_first_finding(member)? {
                firsts.push(f);
            }
        }
        // The canonical actor's own finding describes it; a merged member's stands in only
        // where the canonical actor has none.
        let Some(own) = firsts.iter().find(|f| f.actor.id == id).or(firsts.first()) else {
            continue;
        };
        let mut aliases: Vec<String> = Vec::new();
        let names = firsts
            .iter()
            .map(|f| f.actor.name.clone())
            .chain(store.actor_aliases(&group)?.into_iter().map(|(_, a)| a));
        for name in names {
            let folded = name.to_lowercase();
            if folded != own.actor.name.to_lowercase()
                && !aliases.iter().any(|a| a.to_lowercase() == folded)
            {
                aliases.push(name);
            }
        }
        items.push(ActorSummary {
            id: id.0.clone(),
            name: own.actor.name.clone(),
            kind: own.actor.kind,
            category: own.actor.category.clone(),
            country: own.actor.country.clone(),
            aliases,
            documents,
        });
    }
    Ok(forewarn_store::Listing { total, items })
}

/// The ids a user's name for an actor stands for in stored findings: the actor it resolves
/// to (through identity merges) and every actor merged into it. Empty when nobody by that
/// name is in the record.
pub fn actor_ids(
    store: &dyn forewarn_store::Store,
    name: &str,
) -> Result<Vec<ActorId>, forewarn_store::StoreError> {
    let pairs = store.actor_merges()?;
    let merges = ActorMerges::new(&pairs);
    let mut out: Vec<ActorId> = Vec::new();
    for id in find_actors(store, name, true)? {
        for member in merge_group(&pairs, &merges, &id) {
            if !out.contains(&member) {
                out.push(member);
            }
        }
    }
    Ok(out)
}

/// The profile of the actor a user names (a name, an alias or an id), as of a date if
/// given, from what the store holds about it, with identity merges applied. Reads only the
/// actor's own findings, relations, facts and incidents, and the findings of the actors it
/// is tied to (for their names).
pub fn actor_profile(
    store: &dyn forewarn_store::Store,
    name: &str,
    as_of: Option<&FuzzyDate>,
) -> Result<ActorProfile, ProfileError> {
    let pairs = store.actor_merges()?;
    let merges = ActorMerges::new(&pairs);
    let ids = find_actors(store, name, true)?;
    let id = match ids.as_slice() {
        [] => return Err(ProfileError::Unknown(name.to_string())),
        [one] => one.clone(),
        _ => {
            return Err(ProfileError::Ambiguous {
                name: name.to_string(),
                ids,
            });
        }
    };
    let group = merge_group(&pairs, &merges, &id);
    let mut relations = store.relations_of(&group)?;
    let mut facts = store.facts_of(&group)?;
    // The actors tied to this one, with their merge groups, so that ties carry names.
    let mut named: Vec<ActorId> = group.clone();
    for r in &relations {
        for end in [&r.item.subject, &r.item.object] {
            for member in merge_group(&pairs, &merges, &merges.canonical(end)) {
                if !named.contains(&member) {
                    named.push(member);
                }
            }
        }
    }
    let findings = merges.apply_to_findings(store.actor_findings_of(&named)?);
    let mut incidents = store
        .incidents(
            &forewarn_store::IncidentFilter {
                actors: group.clone(),
                ..Default::default()
            },
            forewarn_store::Page {
                offset: 0,
                limit: u64::MAX >> 1,
            },
        )?
        .items;
    merges.apply_to_evidence(&mut relations, &mut facts, &mut incidents);
    let mut document_names = BTreeMap::new();
    for s in &findings {
        document_names.insert(s.document.0.clone(), s.document_name.clone());
    }
    let texts = std::cell::RefCell::new(BTreeMap::<String, Option<String>>::new());
    let quote = |p: &Provenance| -> String {
        let mut cache = texts.borrow_mut();
        let text = cache.entry(p.document.0.clone()).or_insert_with(|| {
            store
                .document(p.document.as_str())
                .ok()
                .flatten()
                .map(|d| d.text)
        });
        text.as_deref()
            .and_then(|t| p.span.slice(t))
            .unwrap_or_default()
            .to_string()
    };
    let evidence = Evidence {
        findings: &findings,
        relations: &relations,
        facts: &facts,
        incidents: &incidents,
        document_names: &document_names,
        quote: &quote,
    };
    build_profile(&id, &evidence, as_of).ok_or(ProfileError::NoEvidence(id))
}

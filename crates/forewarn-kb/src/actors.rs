//! Actors across reports: contradictions in what reports say about one (founding dates that
//! cannot both hold), a person's identity merges, and the script of a name.

use std::collections::BTreeMap;

use forewarn_model::{
    ActorFact, ActorFactKind, ActorFinding, ActorId, Contradiction, ContradictionSide, FuzzyDate,
    ReportRef,
};
use forewarn_store::Stored;

/// Founding dates reported for the same actor that do not overlap ("founded in 2014" and
/// "established in January 2015"), one contradiction per actor, sides by date as written at
/// its precision.
pub fn fact_contradictions(facts: &[Stored<ActorFact>]) -> Vec<(ActorId, Contradiction)> {
    let mut founded: BTreeMap<&ActorId, Vec<(&FuzzyDate, &ActorFact)>> = BTreeMap::new();
    for s in facts {
        if let (ActorFactKind::Founded { .. }, Some(d)) = (&s.item.fact, &s.item.date) {
            founded.entry(&s.item.actor).or_default().push((d, &s.item));
        }
    }
    let mut out = Vec::new();
    for (actor, dates) in founded {
        let clash = dates.iter().enumerate().any(|(i, (a, fa))| {
            dates[i + 1..]
                .iter()
                .any(|(b, fb)| !a.overlaps(b) && fa.source.document != fb.source.document)
        });
        if !clash {
            continue;
        }
        let mut sides: BTreeMap<String, Vec<ReportRef>> = BTreeMap::new();
        for (d, f) in &dates {
            sides.entry(label(d)).or_default().push(ReportRef {
                document: f.source.document.clone(),
                quote: f.quote.clone(),
                span: f.source.span,
            });
        }
        let labels: Vec<String> = sides.keys().cloned().collect();
        out.push((
            actor.clone(),
            Contradiction {
                field: "founded".into(),
                why: format!(
                    "reports give founding dates that cannot both hold: {}",
                    labels.join(", ")
                ),
                sides: sides
                    .into_iter()
                    .map(|(value, reports)| ContradictionSide { value, reports })
                    .collect(),
            },
        ));
    }
    out
}

fn label(d: &FuzzyDate) -> String {
    match d.precision {
        forewarn_model::DatePrecision::Year => d.start.year().to_string(),
        forewarn_model::DatePrecision::Month => {
            format!("{}-{:02}", d.start.year(), d.start.month())
        }
        forewarn_model::DatePrecision::Day => d.start.to_string(),
        forewarn_model::DatePrecision::Range => format!("{} to {}", d.start, d.end),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use forewarn_model::DocumentId;

    fn founded(doc: &str, date: FuzzyDate) -> Stored<ActorFact> {
        Stored {
            document: DocumentId(doc.into()),
            document_name: doc.into(),
            item: ActorFact {
                actor: ActorId("iskp".into()),
                fact: ActorFactKind::Founded { by: None },
                date: Some(date),
                source: crate::testing::report(doc, ()).provenance,
                quote: String::new(),
            },
        }
    }

    #[test]
    fn founding_in_2014_and_in_january_2015_contradict() {
        let facts = vec![
            founded("a", FuzzyDate::year(2014).unwrap()),
            founded("b", FuzzyDate::month(2015, 1).unwrap()),
        ];
        let found = fact_contradictions(&facts);
        assert_eq!(found.len(), 1);
        let values: Vec<&str> = found[0].1.sides.iter().map(|s| s.value.as_str()).collect();
        assert_eq!(values, ["2014", "2015-01"]);
        // 2015 and January 2015 agree.
        let facts = vec![
            founded("a", FuzzyDate::year(2015).unwrap()),
            founded("b", FuzzyDate::month(2015, 1).unwrap()),
        ];
        assert!(fact_contradictions(&facts).is_empty());
    }
}

/// A person's identity merges, resolved: every actor id to the actor it is the same as.
/// Findings are never rewritten in the store; readers apply the merges, so removing one
/// restores what each side had.
#[derive(Debug, Clone, Default)]
pub struct ActorMerges {
    into: std::collections::HashMap<String, String>,
}

impl ActorMerges {
    /// From the store's (from, into) pairs.
    pub fn new(pairs: &[(ActorId, ActorId)]) -> Self {
        ActorMerges {
            into: pairs
                .iter()
                .map(|(f, i)| (f.0.clone(), i.0.clone()))
                .collect(),
        }
    }

    /// The actor `id` is the same as, following chains of merges.
    pub fn canonical(&self, id: &ActorId) -> ActorId {
        let mut cur = id.0.as_str();
        // A chain is at most as long as there are merges; the bound also guards a cycle.
        for _ in 0..=self.into.len() {
            match self.into.get(cur) {
                Some(next) if next != cur => cur = next,
                _ => break,
            }
        }
        ActorId(cur.to_string())
    }

    /// Findings with every merged actor folded into the one it is the same as: the target's
    /// id, name and kind; the merged actor's own name joins the aliases, sourced where it was
    /// first found; every alias keeps its source.
    pub fn apply_to_findings(
        &self,
        findings: Vec<Stored<ActorFinding>>,
    ) -> Vec<Stored<ActorFinding>> {
        if self.into.is_empty() {
            return findings;
        }
        let targets: std::collections::HashMap<String, forewarn_model::Actor> = findings
            .iter()
            .filter(|s| self.canonical(&s.item.actor.id) == s.item.actor.id)
            .map(|s| (s.item.actor.id.0.clone(), s.item.actor.clone()))
            .collect();
        findings
            .into_iter()
            .map(|mut s| {
                let to = self.canonical(&s.item.actor.id);
                if to != s.item.actor.id {
                    let a = &mut s.item.actor;
                    let own = forewarn_model::Alias {
                        name: a.name.clone(),
                        source: s.item.mentions.first().cloned(),
                    };
                    if !a.aliases.iter().any(|x| x.name == own.name) {
                        a.aliases.push(own);
                    }
                    match targets.get(&to.0) {
                        Some(t) => {
                            a.name = t.name.clone();
                            a.kind = t.kind;
                            a.category = t.category.clone().or(a.category.take());
                            a.country = t.country.clone().or(a.country.take());
                        }
                        None => a.name = to.0.clone(),
                    }
                    a.id = to;
                }
                s
            })
            .collect()
    }

    /// Relations, facts and incidents with merged actor ids replaced by their targets.
    pub fn apply_to_evidence(
        &self,
        relations: &mut [Stored<forewarn_model::Relation>],
        facts: &mut [Stored<ActorFact>],
        incidents: &mut [forewarn_model::Incident],
    ) {
        if self.into.is_empty() {
            return;
        }
        for r in relations {
            r.item.subject = self.canonical(&r.item.subject);
            r.item.object = self.canonical(&r.item.object);
        }
        for f in facts {
            f.item.actor = self.canonical(&f.item.actor);
        }
        for i in incidents {
            for p in &mut i.event.perpetrators {
                if let Some(a) = &p.value.actor {
                    p.value.actor = Some(self.canonical(a));
                }
            }
        }
    }
}

/// The writing system of a name, for showing aliases by script: `latin`, `arabic`,
/// `cyrillic`, `han`, `devanagari`, `greek`, `hebrew`, `other` (by its letters' majority).
pub fn script_of(name: &str) -> &'static str {
    let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    for c in name.chars().filter(|c| c.is_alphabetic()) {
        let script = match c as u32 {
            0x0041..=0x024F | 0x1E00..=0x1EFF => "latin",
            0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => "arabic",
            0x0400..=0x052F => "cyrillic",
            0x4E00..=0x9FFF | 0x3400..=0x4DBF => "han",
            0x0900..=0x097F => "devanagari",
            0x0370..=0x03FF => "greek",
            0x0590..=0x05FF => "hebrew",
            _ => "other",
        };
        *counts.entry(script).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map_or("other", |(s, _)| s)
}

#[cfg(test)]
mod merge_tests {
    use super::*;

    #[test]
    fn merges_follow_chains_and_scripts_are_told_apart() {
        let id = |s: &str| ActorId(s.into());
        let m = ActorMerges::new(&[(id("a"), id("b")), (id("b"), id("c"))]);
        assert_eq!(m.canonical(&id("a")), id("c"));
        assert_eq!(m.canonical(&id("z")), id("z"));
        let cyclic = ActorMerges::new(&[(id("a"), id("b")), (id("b"), id("a"))]);
        let _ = cyclic.canonical(&id("a"));
        assert_eq!(script_of("Islamic State"), "latin");
        assert_eq!(script_of("ولاية خراسان"), "arabic");
        assert_eq!(script_of("Исламское государство"), "cyrillic");
    }
}

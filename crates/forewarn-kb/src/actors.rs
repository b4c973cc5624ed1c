//! Contradictions in what reports say about one actor: founding dates that cannot both hold.

use std::collections::BTreeMap;

use forewarn_model::{
    ActorFact, ActorFactKind, ActorId, Contradiction, ContradictionSide, FuzzyDate, ReportRef,
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

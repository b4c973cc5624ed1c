//! One incident as a flat row: the reconciled value of each field, read through the model's
//! `best_*` readers, for the tabular and map exports.

use forewarn_model::{
    AttackType, Casualties, ClaimStatus, DocumentId, EventKind, FuzzyDate, Incident, Place,
    ReviewStatus, TargetType, WeaponType,
};

use crate::withheld::{Citation, Citations, WITHHELD};
use forewarn_store::StoreError;

/// A perpetrator as rows show it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Perp {
    pub name: String,
    pub claimed: bool,
}

/// Reconciled low, best and high.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Figures {
    pub low: Option<u32>,
    pub best: Option<u32>,
    pub high: Option<u32>,
}

impl From<&Casualties> for Figures {
    fn from(c: &Casualties) -> Self {
        Figures {
            low: c.low,
            best: c.best,
            high: c.high,
        }
    }
}

/// An incident's reconciled values.
#[derive(Debug, Clone)]
pub(crate) struct Flat {
    pub id: String,
    pub kind: EventKind,
    pub attack_type: Option<AttackType>,
    pub date: Option<FuzzyDate>,
    pub place: Option<Place>,
    /// Named actors first, then the most reported.
    pub perpetrators: Vec<Perp>,
    pub killed: Figures,
    pub injured: Figures,
    /// Every reported type, most reported first.
    pub targets: Vec<TargetType>,
    /// Every reported type but `unknown`, most reported first.
    pub weapons: Vec<WeaponType>,
    pub suicide: bool,
    pub civilian_target: bool,
    /// Member reports.
    pub sources: usize,
    /// The documents of the member reports, each once, in order.
    pub documents: Vec<DocumentId>,
    /// The longest passage reporting it from a document the reader may see.
    pub quote: Option<String>,
    /// Whether some passage was withheld.
    pub quote_withheld: bool,
    pub status: ReviewStatus,
    pub contradictions: usize,
    pub confidence: f64,
}

/// Values ordered by how many reports give them (ties keep first-seen order).
fn by_votes<T: PartialEq + Copy>(values: impl Iterator<Item = T>) -> Vec<T> {
    let mut votes: Vec<(T, usize)> = Vec::new();
    for v in values {
        match votes.iter_mut().find(|(x, _)| *x == v) {
            Some(e) => e.1 += 1,
            None => votes.push((v, 1)),
        }
    }
    // A stable sort keeps first-seen order among equals.
    votes.sort_by_key(|v| std::cmp::Reverse(v.1));
    votes.into_iter().map(|(v, _)| v).collect()
}

impl Flat {
    pub fn of(inc: &Incident, citations: &Citations<'_>) -> Flat {
        let e = &inc.event;
        // (perpetrator, resolved to a known actor, reports naming it)
        let mut perps: Vec<(Perp, bool, usize)> = Vec::new();
        for r in &e.perpetrators {
            let claimed = r.value.status == ClaimStatus::Claimed;
            match perps.iter_mut().find(|(p, _, _)| p.name == r.value.name) {
                Some((p, _, n)) => {
                    p.claimed |= claimed;
                    *n += 1;
                }
                None => perps.push((
                    Perp {
                        name: r.value.name.clone(),
                        claimed,
                    },
                    r.value.actor.is_some(),
                    1,
                )),
            }
        }
        // A named actor before a description ("gunmen"), then the most reported.
        perps.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)));
        let mut documents: Vec<DocumentId> = Vec::new();
        for m in &inc.members {
            if !documents.contains(&m.document) {
                documents.push(m.document.clone());
            }
        }
        // The longest visible passage: a report's sentence says more than its headline.
        let visible = e
            .sources
            .iter()
            .filter(|s| !citations.is_withheld(&s.document) && !s.quote.trim().is_empty())
            .rev()
            .max_by_key(|s| s.quote.trim().len());
        Flat {
            id: inc.id.0.clone(),
            kind: e.kind.value,
            attack_type: e.primary_attack_type(),
            date: e.best_date().map(|r| r.value),
            place: e.best_place().map(|r| r.value.clone()),
            perpetrators: perps.into_iter().map(|(p, _, _)| p).collect(),
            killed: (&e.killed).into(),
            injured: (&e.injured).into(),
            targets: by_votes(e.targets.iter().map(|t| t.value.kind)),
            weapons: by_votes(
                e.weapons
                    .iter()
                    .map(|w| w.value.kind)
                    .filter(|w| *w != WeaponType::Unknown),
            ),
            suicide: forewarn_extract::is_suicide(e),
            civilian_target: !forewarn_extract::frames::against_armed_forces(e),
            sources: inc.members.len(),
            quote: visible.map(|s| s.quote.trim().to_string()),
            quote_withheld: e.sources.iter().any(|s| citations.is_withheld(&s.document)),
            documents,
            status: inc.status,
            contradictions: inc.contradictions.len(),
            confidence: e.confidence,
        }
    }

    /// The passage rows show: the longest visible quote, else the withheld marker when there
    /// was one, else nothing.
    pub fn quote_text(&self) -> &str {
        match &self.quote {
            Some(q) => q,
            None if self.quote_withheld => WITHHELD,
            None => "",
        }
    }

    /// Each member document's citation, in order; a withheld one as `None`.
    pub fn citations(
        &self,
        citations: &mut Citations<'_>,
    ) -> Result<Vec<Option<Citation>>, StoreError> {
        let mut out = Vec::with_capacity(self.documents.len());
        for d in &self.documents {
            out.push(citations.get(d)?.cloned());
        }
        Ok(out)
    }

    /// The country's name from the gazetteer (its code when the gazetteer lacks it).
    pub fn country_name(&self) -> Option<String> {
        let code = self.place.as_ref()?.country.as_deref()?;
        Some(
            crate::codes::country(code)
                .map(|(name, _)| name.to_string())
                .unwrap_or_else(|| code.to_string()),
        )
    }
}

/// How a cited document reads in a list of sources.
pub(crate) fn cited(c: &Option<Citation>, f: impl Fn(&Citation) -> String) -> String {
    match c {
        Some(c) => f(c),
        None => WITHHELD.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn votes_order_by_count_then_first_seen() {
        assert_eq!(by_votes([3, 1, 1, 2, 3, 1].into_iter()), vec![1, 3, 2]);
        assert_eq!(by_votes([5, 4].into_iter()), vec![5, 4]);
    }
}

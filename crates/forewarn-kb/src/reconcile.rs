//! Reconciling reported figures into low, best and high.
//!
//! Each report of a count says the true figure lies in an interval:
//!
//! | report               | interval          |
//! |----------------------|-------------------|
//! | exact "137"          | 137 to 137        |
//! | at least "over 90"   | 90 to unbounded   |
//! | up to "up to 20"     | 0 to 20           |
//! | about "about 50"     | 45 to 55 (±10 %)  |
//! | range "15 to 20"     | 15 to 20          |
//!
//! The rule: a report from a person (an analyst's correction) wins outright. Otherwise only
//! credible reports count (a document graded E, unreliable, counts only when nothing else
//! reports the figure). When their intervals have a common part, low is the largest lower
//! bound, high the smallest upper bound (none when every report is open-ended), and best the
//! smallest exact figure inside that, else low: the conservative figure, as ACLED codes it.
//! When they have none, the reports contradict each other: low is the smallest lower bound,
//! high the largest upper bound (none if any is open-ended), best the smallest exact figure
//! (else low), and a [`Contradiction`] is recorded with the reports on each side.
//!
//! Contradictions are also read from round lower bounds: "over 90" suggests fewer than 100
//! and "more than 140" fewer than 150, since a writer rounds down to the nearest round figure
//! they can vouch for. So "over 90" and "more than 100" disagree, as do "137" and "more than
//! 140"; "more than 100" and "103" do not.

use std::collections::BTreeMap;

use forewarn_model::{
    Casualties, Contradiction, ContradictionSide, Count, CountQualifier, DocumentId, Producer,
    Report, ReportRef,
};

/// Whether a document's reports are credible (its Admiralty grade is not E).
pub trait Credibility {
    /// Whether reports from `document` count.
    fn credible(&self, document: &DocumentId) -> bool;
}

/// Every document is credible.
pub struct AllCredible;

impl Credibility for AllCredible {
    fn credible(&self, _: &DocumentId) -> bool {
        true
    }
}

/// The interval a report allows: lower bound and upper bound (`None`: unbounded).
fn bounds(c: &Count) -> (u32, Option<u32>) {
    match c.qualifier {
        CountQualifier::Exact => (c.value, Some(c.value)),
        CountQualifier::AtLeast => (c.value, None),
        CountQualifier::UpTo => (0, Some(c.value)),
        CountQualifier::About => {
            let slack = c.value.div_ceil(10);
            (
                c.value.saturating_sub(slack),
                Some(c.value.saturating_add(slack)),
            )
        }
        CountQualifier::Range => (c.value, Some(c.high.unwrap_or(c.value).max(c.value))),
    }
}

/// The interval a report suggests, with the upper bound a round lower bound implies
/// ("over 90": below 100).
fn suggested_bounds(c: &Count) -> (u32, Option<u32>) {
    match (c.qualifier, round_step(c.value)) {
        (CountQualifier::AtLeast, Some(step)) => (c.value, Some(c.value + step - 1)),
        _ => bounds(c),
    }
}

/// The step of a round figure: 10 for 90 or 140, 100 for 100 or 300, 1,000 for 2,000.
fn round_step(v: u32) -> Option<u32> {
    if v < 10 || !v.is_multiple_of(10) {
        return None;
    }
    let mut step = 10;
    while v.is_multiple_of(step * 10) && step * 10 <= v {
        step *= 10;
    }
    Some(step)
}

fn intersect(intervals: &[(u32, Option<u32>)]) -> Option<(u32, Option<u32>)> {
    let low = intervals.iter().map(|i| i.0).max()?;
    let high = intervals.iter().filter_map(|i| i.1).min();
    match high {
        Some(h) if h < low => None,
        _ => Some((low, high)),
    }
}

/// How a report reads, for listing the sides of a contradiction.
pub fn describe(c: &Count) -> String {
    match c.qualifier {
        CountQualifier::Exact => c.value.to_string(),
        CountQualifier::AtLeast => format!("at least {}", c.value),
        CountQualifier::UpTo => format!("up to {}", c.value),
        CountQualifier::About => format!("about {}", c.value),
        CountQualifier::Range => format!("{} to {}", c.value, c.high.unwrap_or(c.value)),
    }
}

/// Reconciles a field's reports (see the module notes for the rule). `field` names it in
/// the contradiction ("killed", "injured").
pub fn reconcile(
    field: &str,
    reports: Vec<Report<Count>>,
    credibility: &dyn Credibility,
) -> (Casualties, Option<Contradiction>) {
    if reports.is_empty() {
        return (Casualties::default(), None);
    }
    let person: Option<&Report<Count>> = reports
        .iter()
        .filter(|r| matches!(r.provenance.producer, Producer::Person(_)))
        .max_by_key(|r| r.provenance.at);
    if let Some(p) = person {
        let (low, high) = bounds(&p.value);
        let best = if p.value.qualifier == CountQualifier::Exact {
            p.value.value
        } else {
            low
        };
        return (
            Casualties {
                low: Some(low),
                best: Some(best),
                high,
                reports,
            },
            None,
        );
    }
    let credible: Vec<&Report<Count>> = {
        let c: Vec<_> = reports
            .iter()
            .filter(|r| credibility.credible(&r.provenance.document))
            .collect();
        if c.is_empty() {
            reports.iter().collect()
        } else {
            c
        }
    };
    let strict: Vec<_> = credible.iter().map(|r| bounds(&r.value)).collect();
    let exacts = || {
        credible
            .iter()
            .filter(|r| r.value.qualifier == CountQualifier::Exact)
            .map(|r| r.value.value)
    };
    let (low, best, high) = match intersect(&strict) {
        Some((low, high)) => {
            let best = exacts()
                .filter(|v| *v >= low && high.is_none_or(|h| *v <= h))
                .min()
                .unwrap_or(low);
            (low, best, high)
        }
        None => {
            let low = strict.iter().map(|i| i.0).min().unwrap_or(0);
            let high = strict
                .iter()
                .map(|i| i.1)
                .collect::<Option<Vec<u32>>>()
                .and_then(|v| v.into_iter().max());
            (low, exacts().min().unwrap_or(low), high)
        }
    };
    let suggested: Vec<_> = credible
        .iter()
        .map(|r| suggested_bounds(&r.value))
        .collect();
    let contradiction = if intersect(&suggested).is_none() {
        Some(sides(field, &credible))
    } else {
        None
    };
    (
        Casualties {
            low: Some(low),
            best: Some(best),
            high,
            reports,
        },
        contradiction,
    )
}

fn sides(field: &str, reports: &[&Report<Count>]) -> Contradiction {
    let mut by_value: BTreeMap<(u32, String), Vec<ReportRef>> = BTreeMap::new();
    for r in reports {
        by_value
            .entry((r.value.value, describe(&r.value)))
            .or_default()
            .push(ReportRef {
                document: r.provenance.document.clone(),
                quote: r.quote.clone(),
                span: r.provenance.span,
            });
    }
    let sides: Vec<ContradictionSide> = by_value
        .into_iter()
        .map(|((_, value), reports)| ContradictionSide { value, reports })
        .collect();
    let values: Vec<&str> = sides.iter().map(|s| s.value.as_str()).collect();
    Contradiction {
        field: field.to_string(),
        why: format!(
            "the {field} figures reported ({}) cannot all be true",
            values.join("; ")
        ),
        sides,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::count_report;

    #[test]
    fn consistent_reports_narrow_the_interval() {
        let (c, x) = reconcile(
            "killed",
            vec![
                count_report("a", 20, CountQualifier::AtLeast, None),
                count_report("b", 25, CountQualifier::UpTo, None),
                count_report("c", 22, CountQualifier::About, None),
            ],
            &AllCredible,
        );
        assert_eq!((c.low, c.best, c.high), (Some(20), Some(20), Some(25)));
        assert!(x.is_none());
        assert_eq!(c.reports.len(), 3);
        // An exact figure inside the bounds settles it.
        let mut reports = c.reports;
        reports.push(count_report("d", 23, CountQualifier::Exact, None));
        let (c, x) = reconcile("killed", reports, &AllCredible);
        assert_eq!((c.low, c.best, c.high), (Some(23), Some(23), Some(23)));
        assert!(x.is_none());
    }

    #[test]
    fn an_exact_figure_below_a_later_lower_bound_is_a_contradiction() {
        // One report says 137 killed, another more than 140.
        let (c, x) = reconcile(
            "killed",
            vec![
                count_report("a", 137, CountQualifier::Exact, None),
                count_report("b", 140, CountQualifier::AtLeast, None),
            ],
            &AllCredible,
        );
        assert_eq!((c.low, c.best, c.high), (Some(137), Some(137), None));
        let x = x.expect("a contradiction");
        let values: Vec<&str> = x.sides.iter().map(|s| s.value.as_str()).collect();
        assert_eq!(values, ["137", "at least 140"]);
    }

    #[test]
    fn round_lower_bounds_that_differ_by_a_step_disagree() {
        let (_, x) = reconcile(
            "killed",
            vec![
                count_report("a", 90, CountQualifier::AtLeast, None),
                count_report("b", 100, CountQualifier::AtLeast, None),
            ],
            &AllCredible,
        );
        assert!(x.is_some());
        let (_, x) = reconcile(
            "killed",
            vec![
                count_report("a", 100, CountQualifier::AtLeast, None),
                count_report("b", 103, CountQualifier::Exact, None),
            ],
            &AllCredible,
        );
        assert!(x.is_none());
    }

    #[test]
    fn a_persons_figure_wins_and_unreliable_sources_count_only_alone() {
        struct NotB;
        impl Credibility for NotB {
            fn credible(&self, d: &DocumentId) -> bool {
                d.0 != "b"
            }
        }
        let (c, _) = reconcile(
            "killed",
            vec![
                count_report("a", 12, CountQualifier::Exact, None),
                count_report("b", 40, CountQualifier::Exact, None),
            ],
            &NotB,
        );
        assert_eq!((c.low, c.best, c.high), (Some(12), Some(12), Some(12)));
        let mut reports = vec![count_report("a", 12, CountQualifier::Exact, None)];
        let mut fix = count_report("a", 14, CountQualifier::Exact, None);
        fix.provenance.producer = Producer::Person("analyst".into());
        reports.push(fix);
        let (c, x) = reconcile("killed", reports, &AllCredible);
        assert_eq!(c.best, Some(14));
        assert!(x.is_none());
    }

    #[test]
    fn round_steps() {
        assert_eq!(round_step(90), Some(10));
        assert_eq!(round_step(140), Some(10));
        assert_eq!(round_step(100), Some(100));
        assert_eq!(round_step(2000), Some(1000));
        assert_eq!(round_step(137), None);
        assert_eq!(round_step(5), None);
    }
}

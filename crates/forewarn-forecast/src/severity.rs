//! P(a month's fatalities reach a threshold): the month's count distribution compounded
//! with the distribution of fatalities per incident, computed exactly by convolution (no
//! simulation), so every model is judged on the same severity.

use crate::dist::CountDist;
use crate::series::SEVERITY_CAP;

/// The fatality threshold the backtest scores: a month with at least 25 killed.
pub const KILLED_THRESHOLD: u64 = SEVERITY_CAP as u64;

/// The distribution of fatalities in one incident: P(0), ..., P(24), and P(25 or more).
#[derive(Debug, Clone)]
pub struct Severity {
    p: [f64; SEVERITY_CAP + 1],
    /// `below[n]`: P(the fatalities of n incidents sum to less than the threshold).
    below: Vec<f64>,
    /// The masses of that sum over 0..threshold after `below.len() - 1` incidents.
    sum: [f64; SEVERITY_CAP],
}

impl Severity {
    /// From per-incident fatality histograms: the series' own, shrunk toward a pooled one
    /// (all series) with the weight of `prior_incidents` incidents, so that a series with
    /// few incidents borrows the record's typical severity. With no incidents at all,
    /// every incident is taken to kill no one.
    pub fn new(
        own: &[u32; SEVERITY_CAP + 1],
        pooled: &[u32; SEVERITY_CAP + 1],
        prior_incidents: f64,
    ) -> Severity {
        let pooled_total: f64 = pooled.iter().map(|&c| f64::from(c)).sum();
        let mut p = [0.0; SEVERITY_CAP + 1];
        for (j, v) in p.iter_mut().enumerate() {
            *v = f64::from(own[j]);
            if pooled_total > 0.0 {
                *v += prior_incidents * f64::from(pooled[j]) / pooled_total;
            }
        }
        let total: f64 = p.iter().sum();
        if total > 0.0 {
            p.iter_mut().for_each(|v| *v /= total);
        } else {
            p[0] = 1.0;
        }
        let mut sum = [0.0; SEVERITY_CAP];
        sum[0] = 1.0;
        Severity {
            p,
            below: vec![1.0],
            sum,
        }
    }

    /// P(fatalities of `n` incidents sum to less than the threshold), extending the table
    /// by one convolution per new `n`.
    fn below(&mut self, n: usize) -> f64 {
        while self.below.len() <= n {
            let last = *self.below.last().unwrap_or(&0.0);
            if last < 1e-15 {
                // Past this point the sum is certain to reach the threshold.
                self.below.push(0.0);
                continue;
            }
            let mut next = [0.0; SEVERITY_CAP];
            for (s, &m) in self.sum.iter().enumerate() {
                if m == 0.0 {
                    continue;
                }
                for (j, &q) in self.p[..SEVERITY_CAP - s].iter().enumerate() {
                    next[s + j] += m * q;
                }
            }
            self.sum = next;
            self.below.push(next.iter().sum());
        }
        self.below[n]
    }

    /// P(a month with this count distribution has at least the threshold killed).
    pub fn prob_killed_at_least(&mut self, counts: &CountDist) -> f64 {
        let mut below = 0.0;
        for (n, &p) in counts.pmf().iter().enumerate() {
            if p > 0.0 {
                below += p * self.below(n);
            }
        }
        (1.0 - below).clamp(0.0, 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_incident_kills_nobody_and_certain_incidents_compound() {
        let mut hist = [0u32; SEVERITY_CAP + 1];
        hist[10] = 1; // every incident kills 10
        let mut s = Severity::new(&hist, &[0; SEVERITY_CAP + 1], 0.0);
        assert_eq!(s.prob_killed_at_least(&CountDist::point(0)), 0.0);
        assert_eq!(s.prob_killed_at_least(&CountDist::point(2)), 0.0);
        assert!((s.prob_killed_at_least(&CountDist::point(3)) - 1.0).abs() < 1e-12);
        let half = CountDist::from_pmf(vec![0.0, 0.0, 0.5, 0.5]);
        assert!((s.prob_killed_at_least(&half) - 0.5).abs() < 1e-12);
    }

    #[test]
    fn a_deadly_tail_raises_the_probability() {
        let mut mild = [0u32; SEVERITY_CAP + 1];
        mild[0] = 9;
        mild[1] = 1;
        let mut deadly = mild;
        deadly[SEVERITY_CAP] = 2;
        let counts = CountDist::poisson(3.0);
        let p_mild = Severity::new(&mild, &mild, 5.0).prob_killed_at_least(&counts);
        let p_deadly = Severity::new(&deadly, &mild, 5.0).prob_killed_at_least(&counts);
        assert!(
            p_mild < 1e-6 && p_deadly > 0.2 && p_deadly <= 1.0,
            "{p_mild} {p_deadly}"
        );
    }
}

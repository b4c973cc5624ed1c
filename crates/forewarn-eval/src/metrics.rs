//! Shared measures: precision/recall/F1 counts, error tallies, optimal assignment and a plain
//! text table for the terminal.

use serde::Serialize;
use std::collections::BTreeMap;

/// Precision, recall and F1 with the counts they come from.
///
/// `correct` may be fractional for similarity-weighted scores; `precision` is
/// `correct / predicted`, `recall` is `correct / gold`, each 0 when its denominator is 0.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Prf {
    /// Matched (or similarity-weighted) count.
    pub correct: f64,
    /// Number of predicted items.
    pub predicted: u64,
    /// Number of gold items.
    pub gold: u64,
    /// `correct / predicted`.
    pub precision: f64,
    /// `correct / gold`.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

impl Prf {
    /// Builds the ratios from the counts.
    pub fn from_counts(correct: f64, predicted: u64, gold: u64) -> Self {
        let precision = if predicted == 0 {
            0.0
        } else {
            correct / predicted as f64
        };
        let recall = if gold == 0 {
            0.0
        } else {
            correct / gold as f64
        };
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Prf {
            correct,
            predicted,
            gold,
            precision,
            recall,
            f1,
        }
    }

    /// Adds another tally's counts and recomputes the ratios.
    pub fn add(&self, other: &Prf) -> Prf {
        Prf::from_counts(
            self.correct + other.correct,
            self.predicted + other.predicted,
            self.gold + other.gold,
        )
    }
}

/// A named field's score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldScore {
    /// Field name, e.g. `country` or `PerpOrg`.
    pub field: String,
    /// Its precision, recall and F1.
    pub score: Prf,
}

/// One kind of error and how often it occurred.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorCount {
    /// Description, e.g. `country: predicted none`.
    pub kind: String,
    /// Occurrences.
    pub count: u64,
}

/// Counts error kinds and lists the commonest.
#[derive(Debug, Default)]
pub(crate) struct ErrorTally(BTreeMap<String, u64>);

impl ErrorTally {
    pub(crate) fn add(&mut self, kind: impl Into<String>) {
        *self.0.entry(kind.into()).or_insert(0) += 1;
    }

    /// The `n` commonest kinds, most frequent first, ties by name.
    pub(crate) fn top(&self, n: usize) -> Vec<ErrorCount> {
        let mut v: Vec<ErrorCount> = self
            .0
            .iter()
            .map(|(k, c)| ErrorCount {
                kind: k.clone(),
                count: *c,
            })
            .collect();
        v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.kind.cmp(&b.kind)));
        v.truncate(n);
        v
    }
}

/// Optimal one-to-one assignment maximising the summed score (Hungarian algorithm,
/// Kuhn-Munkres with potentials, O(n²m)).
///
/// `scores[i][j]` scores row `i` against column `j`; rows may be ragged-free but must all have
/// the same length. Returns the `(row, column)` pairs of an optimal assignment covering
/// `min(rows, columns)` pairs (pairs with score 0 included; callers filter them).
pub fn hungarian_max(scores: &[Vec<f64>]) -> Vec<(usize, usize)> {
    let rows = scores.len();
    let cols = scores.first().map_or(0, Vec::len);
    if rows == 0 || cols == 0 {
        return Vec::new();
    }
    // The algorithm needs rows <= columns; transpose otherwise.
    if rows > cols {
        let t: Vec<Vec<f64>> = (0..cols)
            .map(|j| (0..rows).map(|i| cell(scores, i, j)).collect())
            .collect();
        return hungarian_max(&t).into_iter().map(|(a, b)| (b, a)).collect();
    }
    let n = rows;
    let m = cols;
    // Minimise cost = -score; arrays are 1-based as in the classic formulation.
    let cost = |i: usize, j: usize| -cell(scores, i - 1, j - 1);
    let mut u = vec![0.0f64; n + 1];
    let mut v = vec![0.0f64; m + 1];
    let mut p = vec![0usize; m + 1];
    let mut way = vec![0usize; m + 1];
    for i in 1..=n {
        p[0] = i;
        let mut j0 = 0usize;
        let mut minv = vec![f64::INFINITY; m + 1];
        let mut used = vec![false; m + 1];
        loop {
            used[j0] = true;
            let i0 = p[j0];
            let mut delta = f64::INFINITY;
            let mut j1 = 0usize;
            for j in 1..=m {
                if !used[j] {
                    let cur = cost(i0, j) - u[i0] - v[j];
                    if cur < minv[j] {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if minv[j] < delta {
                        delta = minv[j];
                        j1 = j;
                    }
                }
            }
            if j1 == 0 {
                // Only reachable with NaN scores; stop rather than loop forever.
                break;
            }
            for j in 0..=m {
                if used[j] {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
            if p[j0] == 0 {
                break;
            }
        }
        loop {
            let j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    let mut out: Vec<(usize, usize)> = (1..=m)
        .filter(|&j| p[j] != 0)
        .map(|j| (p[j] - 1, j - 1))
        .collect();
    out.sort_unstable();
    out
}

fn cell(scores: &[Vec<f64>], i: usize, j: usize) -> f64 {
    let x = scores[i].get(j).copied().unwrap_or(0.0);
    if x.is_finite() { x } else { 0.0 }
}

/// Renders rows of cells as a left/right-aligned text table (first column left-aligned).
pub(crate) fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let ncol = header.len();
    let mut width: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate().take(ncol) {
            width[i] = width[i].max(c.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            let pad = width[i].saturating_sub(c.chars().count());
            if i == 0 {
                s.push_str(c);
                s.push_str(&" ".repeat(pad));
            } else {
                s.push_str("  ");
                s.push_str(&" ".repeat(pad));
                s.push_str(c);
            }
        }
        s.trim_end().to_string()
    };
    let mut out = line(header.to_vec());
    out.push('\n');
    out.push_str(&"-".repeat(width.iter().sum::<usize>() + 2 * ncol.saturating_sub(1)));
    out.push('\n');
    for r in rows {
        out.push_str(&line(r.iter().map(String::as_str).collect()));
        out.push('\n');
    }
    out
}

/// A P/R/F1 row for [`table`]: name, correct, predicted, gold, P, R, F1 (percent).
pub(crate) fn prf_row(name: &str, s: &Prf) -> Vec<String> {
    let correct = if s.correct.fract() == 0.0 {
        format!("{}", s.correct as u64)
    } else {
        format!("{:.2}", s.correct)
    };
    vec![
        name.to_string(),
        correct,
        s.predicted.to_string(),
        s.gold.to_string(),
        format!("{:.2}", 100.0 * s.precision),
        format!("{:.2}", 100.0 * s.recall),
        format!("{:.2}", 100.0 * s.f1),
    ]
}

/// Header matching [`prf_row`].
pub(crate) const PRF_HEADER: [&str; 7] = ["field", "correct", "pred", "gold", "P", "R", "F1"];

/// Renders the commonest errors as an indented list.
pub(crate) fn render_errors(errors: &[ErrorCount]) -> String {
    if errors.is_empty() {
        return String::new();
    }
    let mut s = String::from("commonest errors:\n");
    for e in errors {
        s.push_str(&format!("  {:>6}  {}\n", e.count, e.kind));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn total(scores: &[Vec<f64>], pairs: &[(usize, usize)]) -> f64 {
        pairs.iter().map(|&(i, j)| scores[i][j]).sum()
    }

    #[test]
    fn hungarian_beats_greedy_on_a_crossed_matrix() {
        // Greedy would take (0,0)=5 then (1,1)=0: total 5. Optimal is 4+4 = 8.
        let s = vec![vec![5.0, 4.0], vec![4.0, 0.0]];
        let a = hungarian_max(&s);
        assert_eq!(a, vec![(0, 1), (1, 0)]);
        assert_eq!(total(&s, &a), 8.0);
    }

    #[test]
    fn hungarian_handles_rectangles_both_ways() {
        let wide = vec![vec![0.0, 1.0, 0.0]];
        assert_eq!(hungarian_max(&wide), vec![(0, 1)]);
        let tall = vec![vec![0.0], vec![0.0], vec![1.0]];
        assert_eq!(hungarian_max(&tall), vec![(2, 0)]);
        assert!(hungarian_max(&[]).is_empty());
    }

    #[test]
    fn hungarian_matches_exhaustive_search_on_small_matrices() {
        // Deterministic pseudo-random 0/1 and weighted matrices up to 4x5.
        let mut seed = 7u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % 4
        };
        for _ in 0..200 {
            let r = 1 + next() as usize;
            let c = 1 + next() as usize + 1;
            let s: Vec<Vec<f64>> = (0..r)
                .map(|_| (0..c).map(|_| next() as f64).collect())
                .collect();
            let best = brute(&s, 0, &mut vec![false; c]);
            assert_eq!(total(&s, &hungarian_max(&s)), best, "{s:?}");
        }
    }

    fn brute(s: &[Vec<f64>], i: usize, used: &mut Vec<bool>) -> f64 {
        if i == s.len() {
            return 0.0;
        }
        let mut best = brute(s, i + 1, used); // row i left unassigned
        for j in 0..used.len() {
            if !used[j] {
                used[j] = true;
                best = best.max(s[i][j] + brute(s, i + 1, used));
                used[j] = false;
            }
        }
        best
    }

    #[test]
    fn prf_ratios_and_zero_denominators() {
        let p = Prf::from_counts(2.0, 4, 8);
        assert_eq!((p.precision, p.recall), (0.5, 0.25));
        assert!((p.f1 - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(Prf::from_counts(0.0, 0, 0).f1, 0.0);
    }
}

//! Predictive distributions of a monthly count: a probability mass function over 0, 1, 2, ...
//! cut where the remaining tail is negligible, and the numbers scores need from it.

use serde::Serialize;

/// Mass left in the tail where a distribution's support is cut.
pub const TAIL: f64 = 1e-7;

/// Longest support kept, so that a wild parameter cannot exhaust memory.
const MAX_SUPPORT: usize = 200_000;

/// A distribution over counts `0..pmf.len()` (the mass beyond is negligible and was folded
/// in by renormalising).
#[derive(Debug, Clone, PartialEq)]
pub struct CountDist {
    pmf: Vec<f64>,
}

/// A central interval `[low, high]` of a count distribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Interval {
    /// Smallest count inside.
    pub low: u64,
    /// Largest count inside.
    pub high: u64,
}

impl Interval {
    /// Whether `y` lies inside.
    pub fn contains(&self, y: u64) -> bool {
        self.low <= y && y <= self.high
    }
}

impl CountDist {
    /// From masses over `0..n` (renormalised; an empty or zero vector is a point mass at 0).
    pub fn from_pmf(mut pmf: Vec<f64>) -> CountDist {
        pmf.iter_mut()
            .for_each(|p| *p = if p.is_finite() && *p > 0.0 { *p } else { 0.0 });
        while pmf.len() > 1 && pmf.last() == Some(&0.0) {
            pmf.pop();
        }
        let total: f64 = pmf.iter().sum();
        if total <= 0.0 {
            return CountDist::point(0);
        }
        pmf.iter_mut().for_each(|p| *p /= total);
        CountDist { pmf }
    }

    /// All mass on `k`.
    pub fn point(k: u64) -> CountDist {
        let mut pmf = vec![0.0; k as usize + 1];
        pmf[k as usize] = 1.0;
        CountDist { pmf }
    }

    /// Poisson with this mean (a mean of 0 or less is a point mass at 0).
    pub fn poisson(mean: f64) -> CountDist {
        CountDist::negative_binomial(mean, 0.0)
    }

    /// Negative binomial with this mean and variance `mean + dispersion * mean^2`
    /// (NB2; a dispersion of 0 is the Poisson).
    pub fn negative_binomial(mean: f64, dispersion: f64) -> CountDist {
        CountDist {
            pmf: nb_pmf(mean, dispersion),
        }
    }

    /// The equal-weight mixture of these distributions.
    pub fn mixture(parts: &[CountDist]) -> CountDist {
        let len = parts.iter().map(|d| d.pmf.len()).max().unwrap_or(1);
        let mut pmf = vec![0.0; len];
        for d in parts {
            for (k, p) in d.pmf.iter().enumerate() {
                pmf[k] += p;
            }
        }
        CountDist::from_pmf(pmf)
    }

    /// The masses over `0..len`.
    pub fn pmf(&self) -> &[f64] {
        &self.pmf
    }

    /// Mean.
    pub fn mean(&self) -> f64 {
        self.pmf.iter().enumerate().map(|(k, p)| k as f64 * p).sum()
    }

    /// P(count >= k).
    pub fn prob_at_least(&self, k: u64) -> f64 {
        let k = k as usize;
        if k == 0 {
            return 1.0;
        }
        let below: f64 = self.pmf.iter().take(k).sum();
        (1.0 - below).clamp(0.0, 1.0)
    }

    /// The smallest count whose cumulative probability reaches `p`.
    pub fn quantile(&self, p: f64) -> u64 {
        let mut cdf = 0.0;
        for (k, m) in self.pmf.iter().enumerate() {
            cdf += m;
            // A hair of slack so that rounding in the sum does not push a quantile up.
            if cdf >= p - 1e-12 {
                return k as u64;
            }
        }
        self.pmf.len().saturating_sub(1) as u64
    }

    /// The central interval of this coverage (0.8 for 80%): from the `(1-c)/2` to the
    /// `(1+c)/2` quantile. For a count it covers at least `c`.
    pub fn central(&self, coverage: f64) -> Interval {
        let tail = (1.0 - coverage) / 2.0;
        Interval {
            low: self.quantile(tail),
            high: self.quantile(1.0 - tail),
        }
    }

    /// Continuous ranked probability score against the outcome `y`: the sum over counts
    /// `k` of `(F(k) - 1{k >= y})^2`; 0 for a point mass at `y`, lower is better.
    pub fn crps(&self, y: u64) -> f64 {
        let y = y as usize;
        let mut cdf = 0.0;
        let mut sum = 0.0;
        // Beyond both the support and y both terms are 1, so nothing is added there.
        for k in 0..self.pmf.len().max(y + 1) {
            cdf += self.pmf.get(k).copied().unwrap_or(0.0);
            let step = if k >= y { 1.0 } else { 0.0 };
            let d = cdf.min(1.0) - step;
            sum += d * d;
        }
        sum
    }

    /// Log of the probability of `y` (floored, so that an impossible outcome costs a large
    /// finite amount rather than infinity).
    pub fn log_prob(&self, y: u64) -> f64 {
        self.pmf
            .get(y as usize)
            .copied()
            .unwrap_or(0.0)
            .max(1e-300)
            .ln()
    }
}

/// NB2 masses by the recurrence `p(k) = p(k-1) (k-1+r)/k * q`, cut where the tail is below
/// [`TAIL`]; the Poisson when `dispersion` is (nearly) 0.
fn nb_pmf(mean: f64, dispersion: f64) -> Vec<f64> {
    if !(mean.is_finite() && mean > 0.0) {
        return vec![1.0];
    }
    if dispersion.is_finite() && dispersion > 1e-9 {
        let r = 1.0 / dispersion;
        let q = mean / (r + mean);
        walk(mean, r * (r / (r + mean)).ln(), |k| (k - 1.0 + r) / k * q)
    } else {
        walk(mean, -mean, |k| mean / k)
    }
}

/// Masses from the log mass at 0 and the ratio `p(k)/p(k-1)`. The walk runs in log space
/// while the masses are too small for a double (large means), then by plain products.
fn walk(mean: f64, log_p0: f64, ratio: impl Fn(f64) -> f64) -> Vec<f64> {
    let mut pmf = Vec::with_capacity(mean as usize + 4 * mean.sqrt() as usize + 16);
    let mut log_p = log_p0;
    let mut k = 0usize;
    while log_p < -700.0 && k < MAX_SUPPORT {
        pmf.push(0.0);
        k += 1;
        log_p += ratio(k as f64).ln();
    }
    let mut p = log_p.exp();
    let mut cdf = 0.0;
    loop {
        pmf.push(p);
        cdf += p;
        // Stop past the mean once the tail is negligible.
        if (k as f64 > mean && 1.0 - cdf < TAIL) || k + 1 >= MAX_SUPPORT {
            break;
        }
        k += 1;
        p *= ratio(k as f64);
    }
    let total: f64 = pmf.iter().sum();
    if total > 0.0 {
        pmf.iter_mut().for_each(|p| *p /= total);
    }
    pmf
}

/// `ln Γ(x)` for `x > 0` (Lanczos approximation, g = 7, about 15 significant digits).
pub fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection keeps the approximation in its accurate range.
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut a = C[0];
    let t = x + G + 0.5;
    for (i, c) in C.iter().enumerate().skip(1) {
        a += c / (x + i as f64);
    }
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn poisson_masses_sum_to_one_and_have_the_mean() {
        for mean in [0.01, 0.5, 3.0, 40.0, 900.0] {
            let d = CountDist::poisson(mean);
            let total: f64 = d.pmf().iter().sum();
            assert!((total - 1.0).abs() < 1e-9);
            assert!(
                (d.mean() - mean).abs() / mean < 1e-4,
                "{mean} vs {}",
                d.mean()
            );
        }
    }

    #[test]
    fn negative_binomial_has_its_variance() {
        let (mean, disp) = (5.0, 0.4);
        let d = CountDist::negative_binomial(mean, disp);
        let m = d.mean();
        let var: f64 = d
            .pmf()
            .iter()
            .enumerate()
            .map(|(k, p)| p * (k as f64 - m).powi(2))
            .sum();
        assert!((m - mean).abs() < 1e-3);
        assert!((var - (mean + disp * mean * mean)).abs() < 0.05, "{var}");
    }

    #[test]
    fn crps_is_zero_for_a_point_mass_at_the_truth_and_grows_with_error() {
        assert_eq!(CountDist::point(4).crps(4), 0.0);
        let truth = 6;
        let near = CountDist::poisson(6.0).crps(truth);
        let far = CountDist::poisson(1.0).crps(truth);
        assert!(near > 0.0 && far > near);
        // A point mass k away from the truth scores k.
        assert!((CountDist::point(2).crps(5) - 3.0).abs() < 1e-12);
        assert!((CountDist::point(7).crps(5) - 2.0).abs() < 1e-12);
    }

    #[test]
    fn central_intervals_cover_at_least_their_level() {
        let d = CountDist::poisson(10.0);
        let i = d.central(0.8);
        let inside: f64 = d.pmf()[i.low as usize..=i.high as usize].iter().sum();
        assert!(inside >= 0.8 && i.low < 10 && i.high > 10);
        assert_eq!(
            CountDist::point(3).central(0.95),
            Interval { low: 3, high: 3 }
        );
    }

    #[test]
    fn ln_gamma_matches_factorials() {
        let mut f = 1.0f64;
        for n in 1..20 {
            f *= n as f64;
            assert!((ln_gamma(n as f64 + 1.0) - f.ln()).abs() < 1e-9);
        }
        assert!((ln_gamma(0.5) - std::f64::consts::PI.sqrt().ln()).abs() < 1e-9);
    }
}

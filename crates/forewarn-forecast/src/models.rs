//! The count models: two naive baselines, a seasonal negative-binomial regression and a
//! discrete-time Hawkes process. Each is fitted on a series up to an origin month and gives,
//! for each of the next months, a predictive distribution of the count.

use serde::Serialize;

use crate::dist::CountDist;
use crate::optim::{Rng, nelder_mead};
use crate::series::Month;

/// The floor on a baseline's Poisson mean, so that a quiet history still allows an incident.
pub const BASELINE_FLOOR: f64 = 0.1;

/// Which model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum ModelKind {
    /// Poisson with last month's count as its mean.
    #[serde(rename = "naive")]
    Naive,
    /// Poisson with the mean of the whole history.
    #[serde(rename = "poisson-mean")]
    LongRunMean,
    /// Seasonal negative-binomial regression with a trend and last month's count.
    #[serde(rename = "nb")]
    NegBin,
    /// Discrete-time self-exciting (Hawkes) process.
    #[serde(rename = "hawkes")]
    Hawkes,
}

impl ModelKind {
    /// Every model, baselines first.
    pub const ALL: [ModelKind; 4] = [
        ModelKind::Naive,
        ModelKind::LongRunMean,
        ModelKind::NegBin,
        ModelKind::Hawkes,
    ];

    /// The name used on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ModelKind::Naive => "naive",
            ModelKind::LongRunMean => "poisson-mean",
            ModelKind::NegBin => "nb",
            ModelKind::Hawkes => "hawkes",
        }
    }

    /// Whether it is one of the naive baselines the others must beat.
    pub fn is_baseline(self) -> bool {
        matches!(self, ModelKind::Naive | ModelKind::LongRunMean)
    }
}

impl std::fmt::Display for ModelKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for ModelKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ModelKind::ALL
            .into_iter()
            .find(|m| m.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| format!("unknown model {s:?} (use nb, hawkes, poisson-mean or naive)"))
    }
}

/// Settings shared by the fits.
#[derive(Debug, Clone, Copy)]
pub struct ModelConfig {
    /// The regression and the Hawkes process are fitted on at most this many recent months.
    pub window: usize,
    /// Ridge penalty on the regression's coefficients other than the intercept.
    pub ridge: f64,
    /// Simulated paths for the Hawkes process's forecasts beyond one month.
    pub paths: usize,
}

impl Default for ModelConfig {
    fn default() -> Self {
        // A five-year window and a firm ridge: on the RAND series longer windows and a
        // light penalty let a trend or a lag effect fitted across a conflict's growth run
        // away over the next months (measured with the backtest).
        ModelConfig {
            window: 60,
            ridge: 10.0,
            paths: 200,
        }
    }
}

/// A fitted model, ready to forecast from any later origin of the same series.
#[derive(Debug, Clone, PartialEq)]
pub enum Fitted {
    /// Nothing to fit.
    Naive,
    /// Nothing to fit: the mean is taken at the origin.
    LongRunMean,
    /// The regression.
    NegBin(NbFit),
    /// The Hawkes process.
    Hawkes(HawkesFit),
}

impl Fitted {
    /// Which model this is.
    pub fn kind(&self) -> ModelKind {
        match self {
            Fitted::Naive => ModelKind::Naive,
            Fitted::LongRunMean => ModelKind::LongRunMean,
            Fitted::NegBin(_) => ModelKind::NegBin,
            Fitted::Hawkes(_) => ModelKind::Hawkes,
        }
    }
}

/// Fits `kind` on `counts[..=origin]` of a series whose first month is `start`; a previous
/// fit of the same model on the same series, if given, is the starting point.
pub fn fit(
    kind: ModelKind,
    counts: &[u64],
    start: Month,
    origin: usize,
    warm: Option<&Fitted>,
    cfg: &ModelConfig,
) -> Fitted {
    match kind {
        ModelKind::Naive => Fitted::Naive,
        ModelKind::LongRunMean => Fitted::LongRunMean,
        ModelKind::NegBin => {
            let warm = match warm {
                Some(Fitted::NegBin(f)) => Some(f),
                _ => None,
            };
            Fitted::NegBin(fit_nb(counts, start, origin, warm, cfg))
        }
        ModelKind::Hawkes => {
            let warm = match warm {
                Some(Fitted::Hawkes(f)) => Some(f),
                _ => None,
            };
            Fitted::Hawkes(fit_hawkes(counts, origin, warm, cfg))
        }
    }
}

/// Predictive distributions for months `origin+1 ..= origin+horizon`, from a fit made at
/// `origin` or earlier and the observed `counts[..=origin]`.
pub fn forecast(
    fitted: &Fitted,
    counts: &[u64],
    start: Month,
    origin: usize,
    horizon: usize,
    cfg: &ModelConfig,
) -> Vec<CountDist> {
    let history = &counts[..=origin];
    match fitted {
        Fitted::Naive => {
            let mean = (history[origin] as f64).max(BASELINE_FLOOR);
            vec![CountDist::poisson(mean); horizon]
        }
        Fitted::LongRunMean => {
            let mean = history.iter().sum::<u64>() as f64 / history.len() as f64;
            vec![CountDist::poisson(mean.max(BASELINE_FLOOR)); horizon]
        }
        Fitted::NegBin(f) => f.forecast(history, start, origin, horizon),
        Fitted::Hawkes(f) => f.forecast(history, origin, horizon, cfg.paths),
    }
}

// ---------------------------------------------------------------------------------------
// Negative-binomial regression.

/// Coefficients: intercept, 11 month-of-year effects (January is the reference), trend per
/// five years (0 at the fit's origin), and log(1 + last month's count).
const NB_PARAMS: usize = 14;
const TREND: usize = 12;
const LAG: usize = 13;
/// Trend unit in months.
const TREND_MONTHS: f64 = 60.0;

/// A fitted NB2 log-link regression.
#[derive(Debug, Clone, PartialEq)]
pub struct NbFit {
    /// Coefficients (see the layout above).
    pub beta: [f64; NB_PARAMS],
    /// NB2 dispersion: variance = mean + dispersion * mean^2 (0: Poisson).
    pub dispersion: f64,
    /// The origin the trend is measured from.
    pub origin: usize,
    /// The largest month in the fit's window: forecast means are capped at a few times it,
    /// so that a steep trend or lag effect cannot run away over six months.
    pub cap: f64,
}

impl NbFit {
    /// The seasonal effect of a month of the year (0 to 11) on the log mean.
    pub fn month_effect(&self, month_index: usize) -> f64 {
        if month_index == 0 {
            0.0
        } else {
            self.beta[month_index]
        }
    }

    /// The log mean at series index `i` given last month's count.
    fn eta(&self, start: Month, i: usize, last: u64) -> f64 {
        let moy = start.plus(i as i32).month_index();
        self.beta[0]
            + self.month_effect(moy)
            + self.beta[TREND] * (i as f64 - self.origin as f64) / TREND_MONTHS
            + self.beta[LAG] * (1.0 + last as f64).ln()
    }

    fn mean(&self, start: Month, i: usize, last: u64) -> f64 {
        self.eta(start, i, last).min(self.cap.ln()).exp().max(1e-4)
    }

    /// The model is a Markov chain in last month's count, so the distribution `h` months
    /// ahead is propagated exactly: the distribution of the next count is the mixture, over
    /// this month's possible counts, of the NB given each. A wide distribution of this
    /// month's count is summarised by at most [`STATE_BINS`] groups of neighbouring counts,
    /// each standing at its mean count (the mean given last month changes slowly with it),
    /// which keeps large series cheap.
    fn forecast(
        &self,
        history: &[u64],
        start: Month,
        origin: usize,
        horizon: usize,
    ) -> Vec<CountDist> {
        let mut state = CountDist::point(history[origin]);
        let mut out = Vec::with_capacity(horizon);
        for h in 1..=horizon {
            let i = origin + h;
            let mut next = vec![0.0; 1];
            for (k, p) in binned_states(state.pmf()) {
                let d = CountDist::negative_binomial(self.mean(start, i, k), self.dispersion);
                if next.len() < d.pmf().len() {
                    next.resize(d.pmf().len(), 0.0);
                }
                for (j, q) in d.pmf().iter().enumerate() {
                    next[j] += p * q;
                }
            }
            state = CountDist::from_pmf(next);
            out.push(state.clone());
        }
        out
    }
}

/// Most groups of counts a propagated state is summarised by.
const STATE_BINS: usize = 64;

/// `(count, probability)` pairs standing for a distribution of last month's count: every
/// count with non-negligible mass, or groups of neighbouring counts when there are many.
fn binned_states(pmf: &[f64]) -> Vec<(u64, f64)> {
    let width = pmf.len().div_ceil(STATE_BINS).max(1);
    let mut out = Vec::with_capacity(pmf.len().min(STATE_BINS));
    for (b, chunk) in pmf.chunks(width).enumerate() {
        let mass: f64 = chunk.iter().sum();
        if mass < 1e-9 {
            continue;
        }
        let mean = chunk
            .iter()
            .enumerate()
            .map(|(j, p)| (b * width + j) as f64 * p)
            .sum::<f64>()
            / mass;
        out.push((mean.round() as u64, mass));
    }
    out
}

/// The design row of series index `i`.
fn nb_row(start: Month, i: usize, origin: usize, last: u64) -> [f64; NB_PARAMS] {
    let mut x = [0.0; NB_PARAMS];
    x[0] = 1.0;
    let moy = start.plus(i as i32).month_index();
    if moy > 0 {
        x[moy] = 1.0;
    }
    x[TREND] = (i as f64 - origin as f64) / TREND_MONTHS;
    x[LAG] = (1.0 + last as f64).ln();
    x
}

/// Fits the regression on the window ending at `origin`: penalised IRLS (Fisher scoring)
/// for the coefficients with the dispersion fixed, the dispersion by the method of moments
/// from a Poisson fit, then the NB fit and its moment estimate once more. A dispersion
/// below 0.01 is read as no overdispersion: the Poisson fit is kept.
pub fn fit_nb(
    counts: &[u64],
    start: Month,
    origin: usize,
    warm: Option<&NbFit>,
    cfg: &ModelConfig,
) -> NbFit {
    // The window starts no earlier than the month before the series' first incident: the
    // months before a group or a conflict existed say nothing about its tempo, and a trend
    // fitted across that step would run away.
    let first = counts[..=origin]
        .iter()
        .position(|&c| c > 0)
        .unwrap_or(origin);
    let lo = (origin + 1)
        .saturating_sub(cfg.window)
        .max(first.saturating_sub(1))
        .max(1)
        .min(origin.max(1));
    let rows: Vec<([f64; NB_PARAMS], f64)> = if origin >= 1 {
        (lo..=origin)
            .map(|i| (nb_row(start, i, origin, counts[i - 1]), counts[i] as f64))
            .collect()
    } else {
        // One month of history: no lag to learn from.
        vec![(nb_row(start, 0, origin, 0), counts[0] as f64)]
    };
    let n = rows.len() as f64;
    let total: f64 = rows.iter().map(|r| r.1).sum();
    let max = rows.iter().map(|r| r.1).fold(0.0, f64::max);
    let cap = 4.0 * max + 10.0;
    let mut beta = [0.0; NB_PARAMS];
    if total == 0.0 {
        // Nothing happened in the window: half an incident over the window, so that an
        // incident stays possible.
        beta[0] = (0.5 / n).ln();
        return NbFit {
            beta,
            dispersion: 0.0,
            origin,
            cap,
        };
    }
    match warm {
        Some(w) => {
            beta = w.beta;
            // The trend is measured from the new origin: move the intercept with it.
            beta[0] += w.beta[TREND] * (origin as f64 - w.origin as f64) / TREND_MONTHS;
        }
        None => beta[0] = (total / n).ln(),
    }
    let poisson = irls(&rows, beta, 0.0, cfg.ridge).unwrap_or(beta);
    let mut dispersion = moment_dispersion(&rows, &poisson);
    let mut best = poisson;
    if dispersion >= 0.01 {
        for _ in 0..2 {
            match irls(&rows, best, dispersion, cfg.ridge) {
                Some(b) => {
                    best = b;
                    dispersion = moment_dispersion(&rows, &best).max(0.01);
                }
                None => break,
            }
        }
    } else {
        dispersion = 0.0;
    }
    NbFit {
        beta: best,
        dispersion,
        origin,
        cap,
    }
}

fn dot(a: &[f64; NB_PARAMS], b: &[f64; NB_PARAMS]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Penalised iteratively reweighted least squares for the NB2 log-link model with a known
/// dispersion (0: Poisson). `None` when it fails to produce finite coefficients.
#[allow(clippy::needless_range_loop)]
fn irls(
    rows: &[([f64; NB_PARAMS], f64)],
    mut beta: [f64; NB_PARAMS],
    dispersion: f64,
    ridge: f64,
) -> Option<[f64; NB_PARAMS]> {
    for _ in 0..30 {
        let mut a = [[0.0; NB_PARAMS]; NB_PARAMS];
        let mut b = [0.0; NB_PARAMS];
        for (x, y) in rows {
            let eta = dot(x, &beta).clamp(-20.0, 20.0);
            let mu = eta.exp();
            let w = mu / (1.0 + dispersion * mu);
            let z = eta + (y - mu) / mu;
            for j in 0..NB_PARAMS {
                if x[j] == 0.0 {
                    continue;
                }
                let wx = w * x[j];
                b[j] += wx * z;
                for k in j..NB_PARAMS {
                    a[j][k] += wx * x[k];
                }
            }
        }
        for j in 0..NB_PARAMS {
            a[j][j] += if j == 0 { 1e-8 } else { ridge };
            for k in 0..j {
                a[j][k] = a[k][j];
            }
        }
        let mut next = solve_spd(a, b)?;
        // Step halving: a full Fisher step can overshoot on counts spanning orders of
        // magnitude; the penalised likelihood must not go down.
        let before = penalised_log_likelihood(rows, &beta, dispersion, ridge);
        let mut tries = 0;
        while tries < 20 && penalised_log_likelihood(rows, &next, dispersion, ridge) < before - 1e-9
        {
            for (n, b) in next.iter_mut().zip(&beta) {
                *n = 0.5 * (*n + b);
            }
            tries += 1;
        }
        let change = next
            .iter()
            .zip(&beta)
            .map(|(x, y)| (x - y).abs())
            .fold(0.0, f64::max);
        beta = next;
        if change < 1e-6 {
            break;
        }
    }
    beta.iter().all(|b| b.is_finite()).then_some(beta)
}

/// The NB2 (or Poisson) log-likelihood without terms free of the coefficients, minus the
/// ridge penalty.
fn penalised_log_likelihood(
    rows: &[([f64; NB_PARAMS], f64)],
    beta: &[f64; NB_PARAMS],
    dispersion: f64,
    ridge: f64,
) -> f64 {
    let mut ll = 0.0;
    for (x, y) in rows {
        let eta = dot(x, beta).clamp(-20.0, 20.0);
        ll += if dispersion > 0.0 {
            let r = 1.0 / dispersion;
            y * eta - (y + r) * (r + eta.exp()).ln()
        } else {
            y * eta - eta.exp()
        };
    }
    ll - 0.5 * ridge * beta[1..].iter().map(|b| b * b).sum::<f64>()
}

/// NB2 dispersion by the method of moments: E[(y - mu)^2] = mu + dispersion * mu^2.
fn moment_dispersion(rows: &[([f64; NB_PARAMS], f64)], beta: &[f64; NB_PARAMS]) -> f64 {
    let (mut num, mut den) = (0.0, 0.0);
    for (x, y) in rows {
        let mu = dot(x, beta).clamp(-20.0, 20.0).exp();
        num += (y - mu).powi(2) - mu;
        den += mu * mu;
    }
    if den > 0.0 {
        (num / den).clamp(0.0, 10.0)
    } else {
        0.0
    }
}

/// Solves `a x = b` for a symmetric positive-definite `a` by Cholesky.
// Index loops read as the textbook algorithm here.
#[allow(clippy::needless_range_loop)]
fn solve_spd(
    mut a: [[f64; NB_PARAMS]; NB_PARAMS],
    b: [f64; NB_PARAMS],
) -> Option<[f64; NB_PARAMS]> {
    let n = NB_PARAMS;
    for j in 0..n {
        let mut d = a[j][j];
        for k in 0..j {
            d -= a[j][k] * a[j][k];
        }
        if d.is_nan() || d <= 0.0 {
            return None;
        }
        let d = d.sqrt();
        a[j][j] = d;
        for i in j + 1..n {
            let mut s = a[i][j];
            for k in 0..j {
                s -= a[i][k] * a[j][k];
            }
            a[i][j] = s / d;
        }
    }
    let mut y = [0.0; NB_PARAMS];
    for i in 0..n {
        let mut s = b[i];
        for k in 0..i {
            s -= a[i][k] * y[k];
        }
        y[i] = s / a[i][i];
    }
    let mut x = [0.0; NB_PARAMS];
    for i in (0..n).rev() {
        let mut s = y[i];
        for k in i + 1..n {
            s -= a[k][i] * x[k];
        }
        x[i] = s / a[i][i];
    }
    x.iter().all(|v| v.is_finite()).then_some(x)
}

// ---------------------------------------------------------------------------------------
// Hawkes process.

/// Largest monthly decay of the excitation (a half-life of about 13.5 months).
const MAX_DECAY: f64 = 0.95;
/// Largest branching ratio (expected incidents each incident triggers): below 1 keeps the
/// process stationary.
const MAX_BRANCHING: f64 = 0.99;
/// Months before the window over which the excitation is accumulated (0.95^120 < 0.003).
const BURN_IN: usize = 120;

/// A fitted discrete-time Hawkes process: the count of month `t` is Poisson with intensity
/// `mu + alpha * sum_{k>=1} beta^(k-1) * count(t-k)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HawkesFit {
    /// Background rate per month.
    pub mu: f64,
    /// Jump in next month's intensity per incident.
    pub alpha: f64,
    /// Monthly decay of that jump.
    pub beta: f64,
}

impl HawkesFit {
    /// Expected incidents triggered by one incident, over all later months.
    pub fn branching(&self) -> f64 {
        if self.beta < 1.0 {
            self.alpha / (1.0 - self.beta)
        } else {
            f64::INFINITY
        }
    }

    /// The excitation sum entering month `t` (`sum_{k>=1} beta^(k-1) count(t-k)`), from
    /// `from` on.
    fn excitation(&self, counts: &[u64], from: usize, t: usize) -> f64 {
        let mut e = 0.0;
        for &y in &counts[from..t] {
            e = y as f64 + self.beta * e;
        }
        e
    }

    /// Multi-step forecasts: month 1 ahead is exactly Poisson; further months are the
    /// average, over `paths` simulated futures (fixed seed), of the Poisson given each
    /// path's intensity (a Rao–Blackwellised mixture, smoother than counting draws).
    fn forecast(
        &self,
        history: &[u64],
        origin: usize,
        horizon: usize,
        paths: usize,
    ) -> Vec<CountDist> {
        let from = (origin + 1).saturating_sub(BURN_IN * 2);
        let e0 = self.excitation(history, from, origin + 1);
        let first = self.mu + self.alpha * e0;
        let mut out = vec![CountDist::poisson(first)];
        if horizon <= 1 {
            out.truncate(horizon);
            return out;
        }
        let mut rng = Rng::new(0x5EED ^ origin as u64);
        let mut lambdas = vec![Vec::with_capacity(paths); horizon];
        for _ in 0..paths {
            let mut e = e0;
            let mut lambda = first;
            lambdas[0].push(lambda);
            for step in lambdas.iter_mut().skip(1) {
                let y = rng.poisson(lambda);
                e = y as f64 + self.beta * e;
                lambda = self.mu + self.alpha * e;
                step.push(lambda);
            }
        }
        for ls in lambdas.iter().skip(1) {
            let parts: Vec<CountDist> = ls.iter().map(|&l| CountDist::poisson(l)).collect();
            out.push(CountDist::mixture(&parts));
        }
        out
    }
}

/// The Poisson log-likelihood (without the `ln y!` terms) of `counts[lo..=origin]` under a
/// Hawkes process, the excitation accumulated from `BURN_IN` months before `lo`.
pub fn hawkes_log_likelihood(h: &HawkesFit, counts: &[u64], lo: usize, origin: usize) -> f64 {
    let from = lo.saturating_sub(BURN_IN);
    let mut e = h.excitation(counts, from, lo);
    let mut ll = 0.0;
    for &y in &counts[lo..=origin] {
        let lambda = (h.mu + h.alpha * e).max(1e-12);
        ll += y as f64 * lambda.ln() - lambda;
        e = y as f64 + h.beta * e;
    }
    ll
}

fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

fn logit(p: f64) -> f64 {
    (p / (1.0 - p)).ln()
}

/// From the optimiser's unbounded coordinates: log mu, logit of the branching ratio, logit
/// of the decay.
fn hawkes_from(x: &[f64]) -> HawkesFit {
    let branching = MAX_BRANCHING * logistic(x[1]);
    let beta = MAX_DECAY * logistic(x[2]);
    HawkesFit {
        mu: x[0].exp(),
        alpha: branching * (1.0 - beta),
        beta,
    }
}

/// Fits the Hawkes process on the window ending at `origin` by maximum likelihood, with
/// Nelder–Mead over (log mu, logit branching ratio, logit decay), each bounded.
pub fn fit_hawkes(
    counts: &[u64],
    origin: usize,
    warm: Option<&HawkesFit>,
    cfg: &ModelConfig,
) -> HawkesFit {
    let lo = (origin + 1).saturating_sub(cfg.window);
    let window = &counts[lo..=origin];
    let total: u64 = window.iter().sum();
    let n = window.len() as f64;
    if total == 0 {
        return HawkesFit {
            mu: 0.5 / n,
            alpha: 0.0,
            beta: 0.5,
        };
    }
    let mean = total as f64 / n;
    let start = match warm {
        Some(w) if w.mu > 0.0 => {
            let b = (w.branching() / MAX_BRANCHING).clamp(0.01, 0.99);
            let d = (w.beta / MAX_DECAY).clamp(0.01, 0.99);
            vec![w.mu.ln(), logit(b), logit(d)]
        }
        _ => vec![(mean * 0.5).ln(), 0.0, 0.0],
    };
    let bounds = [
        ((1e-4f64).ln(), (mean * 10.0 + 1.0).ln()),
        (-8.0, 8.0),
        (-8.0, 8.0),
    ];
    let (x, _) = nelder_mead(
        |x| -hawkes_log_likelihood(&hawkes_from(x), counts, lo, origin),
        &start,
        0.5,
        &bounds,
        1e-7,
        400,
    );
    hawkes_from(&x)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start() -> Month {
        Month::new(2000, 1)
    }

    /// A Poisson series with a strong summer peak and a known mean.
    fn seasonal_series(months: usize, seed: u64) -> Vec<u64> {
        let mut rng = Rng::new(seed);
        (0..months)
            .map(|i| {
                let summer = matches!(start().plus(i as i32).month(), 6..=8);
                rng.poisson(if summer { 8.0 } else { 2.0 })
            })
            .collect()
    }

    #[test]
    fn the_regression_recovers_the_sign_of_a_seasonal_effect() {
        let counts = seasonal_series(240, 11);
        let fit = fit_nb(
            &counts,
            start(),
            counts.len() - 1,
            None,
            &ModelConfig::default(),
        );
        let july = fit.month_effect(6);
        let december = fit.month_effect(11);
        assert!(july > 0.5, "July effect {july}");
        assert!(july > december + 0.5);
        // A Poisson series shows (almost) no overdispersion once the season is modelled.
        assert!(fit.dispersion < 0.2, "{}", fit.dispersion);
    }

    #[test]
    fn the_regression_finds_overdispersion() {
        let mut rng = Rng::new(5);
        let counts: Vec<u64> = (0..240).map(|_| rng.negative_binomial(6.0, 0.8)).collect();
        let fit = fit_nb(
            &counts,
            start(),
            counts.len() - 1,
            None,
            &ModelConfig {
                window: 240,
                ..ModelConfig::default()
            },
        );
        assert!((fit.dispersion - 0.8).abs() < 0.4, "{}", fit.dispersion);
        let f = forecast(
            &Fitted::NegBin(fit),
            &counts,
            start(),
            239,
            3,
            &ModelConfig::default(),
        );
        assert_eq!(f.len(), 3);
        assert!(f.iter().all(|d| (d.mean() - 6.0).abs() < 2.5));
    }

    fn simulate_hawkes(h: &HawkesFit, months: usize, seed: u64) -> Vec<u64> {
        let mut rng = Rng::new(seed);
        let mut e = 0.0;
        (0..months)
            .map(|_| {
                let y = rng.poisson(h.mu + h.alpha * e);
                e = y as f64 + h.beta * e;
                y
            })
            .collect()
    }

    #[test]
    fn the_hawkes_fit_recovers_self_excitation_and_beats_a_constant_rate() {
        let truth = HawkesFit {
            mu: 0.5,
            alpha: 0.4,
            beta: 0.5,
        };
        let counts = simulate_hawkes(&truth, 480, 3);
        let cfg = ModelConfig {
            window: 480,
            ..ModelConfig::default()
        };
        let fit = fit_hawkes(&counts, counts.len() - 1, None, &cfg);
        assert!(fit.alpha > 0.15, "{fit:?}");
        assert!(
            (fit.branching() - truth.branching()).abs() < 0.25,
            "{fit:?}"
        );
        let mean = counts.iter().sum::<u64>() as f64 / counts.len() as f64;
        let constant = HawkesFit {
            mu: mean,
            alpha: 0.0,
            beta: 0.5,
        };
        let ll_fit = hawkes_log_likelihood(&fit, &counts, 0, counts.len() - 1);
        let ll_const = hawkes_log_likelihood(&constant, &counts, 0, counts.len() - 1);
        assert!(ll_fit > ll_const + 10.0, "{ll_fit} vs {ll_const}");
    }

    #[test]
    fn a_hawkes_fit_on_a_poisson_series_finds_little_excitation() {
        let mut rng = Rng::new(9);
        let counts: Vec<u64> = (0..400).map(|_| rng.poisson(3.0)).collect();
        let cfg = ModelConfig {
            window: 400,
            ..ModelConfig::default()
        };
        let fit = fit_hawkes(&counts, 399, None, &cfg);
        assert!(fit.branching() < 0.3, "{fit:?}");
        let f = forecast(&Fitted::Hawkes(fit), &counts, start(), 399, 6, &cfg);
        assert!(
            f.iter().all(|d| (d.mean() - 3.0).abs() < 0.6),
            "{:?}",
            f.iter().map(CountDist::mean).collect::<Vec<_>>()
        );
    }

    #[test]
    fn the_baselines_use_last_month_and_the_whole_history() {
        let counts = [0, 4, 2, 0];
        let cfg = ModelConfig::default();
        let naive = forecast(&Fitted::Naive, &counts, start(), 3, 2, &cfg);
        assert!((naive[1].mean() - BASELINE_FLOOR).abs() < 1e-6);
        let mean = forecast(&Fitted::LongRunMean, &counts, start(), 2, 1, &cfg);
        assert!((mean[0].mean() - 2.0).abs() < 1e-6);
    }

    #[test]
    fn model_names_round_trip() {
        for m in ModelKind::ALL {
            assert_eq!(m.as_str().parse::<ModelKind>().unwrap(), m);
        }
        assert!("arima".parse::<ModelKind>().is_err());
    }
}

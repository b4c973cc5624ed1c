//! Rolling-origin backtests: at every origin month each model is fitted on the series up to
//! that month, forecasts the next months, and is scored against what happened, by proper
//! scores (CRPS, Brier) and interval coverage, aggregated per model and horizon.

use serde::Serialize;

use crate::dist::CountDist;
use crate::models::{Fitted, ModelConfig, ModelKind, fit, forecast};
use crate::series::{MonthlySeries, SEVERITY_CAP, SeriesKind};
use crate::severity::{KILLED_THRESHOLD, Severity};

/// How a backtest runs.
#[derive(Debug, Clone, Serialize)]
pub struct BacktestOptions {
    /// Months of history before the first origin.
    pub warmup: usize,
    /// Months ahead forecast at each origin.
    pub horizon: usize,
    /// Series with fewer incidents in all are left out.
    pub min_incidents: u64,
    /// Models are refitted at every this many origins (between refits the last fit
    /// forecasts from the newer data).
    pub refit_every: usize,
    /// The models, baselines among them.
    pub models: Vec<ModelKind>,
    /// The weight, in incidents, of the pooled fatality distribution behind each series'
    /// own (see [`Severity::new`]).
    pub severity_prior: f64,
    /// Fitting settings.
    #[serde(skip)]
    pub config: ModelConfig,
}

impl Default for BacktestOptions {
    fn default() -> Self {
        BacktestOptions {
            warmup: 60,
            horizon: 6,
            min_incidents: 20,
            refit_every: 1,
            models: ModelKind::ALL.to_vec(),
            severity_prior: 5.0,
            config: ModelConfig::default(),
        }
    }
}

/// Mean scores of one model over a set of forecasts.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ScoreRow {
    /// The model.
    pub model: ModelKind,
    /// Months ahead, or `None` for all horizons together.
    pub horizon: Option<usize>,
    /// Forecasts scored.
    pub forecasts: u64,
    /// Series they came from.
    pub series: usize,
    /// Mean CRPS of the count (lower is better).
    pub crps: f64,
    /// Mean Brier score of P(at least one incident).
    pub brier_any: f64,
    /// Mean Brier score of P(at least 25 killed).
    pub brier_killed: f64,
    /// Share of outcomes inside the central 80% interval.
    pub cover80: f64,
    /// Share of outcomes inside the central 95% interval.
    pub cover95: f64,
}

/// How a model compares with one baseline on one score.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Comparison {
    /// The model.
    pub model: ModelKind,
    /// The baseline.
    pub baseline: ModelKind,
    /// `crps`, `brier_any` or `brier_killed`.
    pub score: &'static str,
    /// The model's mean score.
    pub model_score: f64,
    /// The baseline's.
    pub baseline_score: f64,
    /// 1 - model/baseline: positive when the model is better.
    pub skill: f64,
    /// Whether the model's mean score is lower.
    pub beats: bool,
}

/// What a backtest found.
#[derive(Debug, Clone, Serialize)]
pub struct BacktestReport {
    /// How it ran.
    pub options: BacktestOptions,
    /// Series scored per kind.
    pub kinds: Vec<(SeriesKind, usize)>,
    /// Series scored (with at least `min_incidents` incidents and one scored origin).
    pub series: usize,
    /// Series left out for having too few incidents.
    pub series_too_small: usize,
    /// Per model: each horizon, then all horizons together (`horizon: null`).
    pub rows: Vec<ScoreRow>,
    /// Each model beside each baseline, over all horizons.
    pub comparisons: Vec<Comparison>,
}

#[derive(Debug, Clone, Default)]
struct Sums {
    n: u64,
    crps: f64,
    brier_any: f64,
    brier_killed: f64,
    in80: u64,
    in95: u64,
    series: usize,
}

impl Sums {
    fn add(&mut self, d: &CountDist, p_killed: f64, y: u64, killed: u64) {
        self.n += 1;
        self.crps += d.crps(y);
        let any = if y >= 1 { 1.0 } else { 0.0 };
        self.brier_any += (d.prob_at_least(1) - any).powi(2);
        let deadly = if killed >= KILLED_THRESHOLD { 1.0 } else { 0.0 };
        self.brier_killed += (p_killed - deadly).powi(2);
        self.in80 += u64::from(d.central(0.8).contains(y));
        self.in95 += u64::from(d.central(0.95).contains(y));
    }

    fn merge(&mut self, o: &Sums) {
        self.n += o.n;
        self.crps += o.crps;
        self.brier_any += o.brier_any;
        self.brier_killed += o.brier_killed;
        self.in80 += o.in80;
        self.in95 += o.in95;
        self.series += o.series;
    }

    fn row(&self, model: ModelKind, horizon: Option<usize>) -> ScoreRow {
        let n = self.n.max(1) as f64;
        ScoreRow {
            model,
            horizon,
            forecasts: self.n,
            series: self.series,
            crps: self.crps / n,
            brier_any: self.brier_any / n,
            brier_killed: self.brier_killed / n,
            cover80: self.in80 as f64 / n,
            cover95: self.in95 as f64 / n,
        }
    }
}

/// Scores of one series: `[model][horizon - 1]`.
fn backtest_series(
    s: &MonthlySeries,
    pooled: &[[u32; SEVERITY_CAP + 1]],
    opts: &BacktestOptions,
) -> Vec<Vec<Sums>> {
    let h_max = opts.horizon;
    let mut sums = vec![vec![Sums::default(); h_max]; opts.models.len()];
    let n = s.len();
    let first = opts.warmup.max(1) - 1;
    if n < 2 || first + 1 >= n {
        return sums;
    }
    let mut fits: Vec<Option<Fitted>> = vec![None; opts.models.len()];
    let mut own = [0u32; SEVERITY_CAP + 1];
    let mut pool = [0u32; SEVERITY_CAP + 1];
    let mut seen = 0u64;
    let mut scored_origins = 0usize;
    for t in 0..n - 1 {
        seen += s.counts[t];
        for j in 0..=SEVERITY_CAP {
            own[j] += s.severity[t][j];
            pool[j] += pooled.get(t).map_or(0, |p| p[j]);
        }
        // An origin counts once there is history enough and the series has begun.
        if t < first || seen == 0 {
            continue;
        }
        let refit = scored_origins.is_multiple_of(opts.refit_every.max(1));
        scored_origins += 1;
        let horizon = h_max.min(n - 1 - t);
        let mut severity = Severity::new(&own, &pool, opts.severity_prior);
        for (m, &kind) in opts.models.iter().enumerate() {
            if refit || fits[m].is_none() {
                fits[m] = Some(fit(
                    kind,
                    &s.counts,
                    s.start,
                    t,
                    fits[m].as_ref(),
                    &opts.config,
                ));
            }
            let Some(fitted) = &fits[m] else { continue };
            let dists = forecast(fitted, &s.counts, s.start, t, horizon, &opts.config);
            for (h, d) in dists.iter().enumerate() {
                let p_killed = severity.prob_killed_at_least(d);
                sums[m][h].add(d, p_killed, s.counts[t + h + 1], s.fatalities[t + h + 1]);
            }
        }
    }
    for per_model in sums.iter_mut() {
        for cell in per_model.iter_mut() {
            cell.series = usize::from(cell.n > 0);
        }
    }
    sums
}

/// Runs the backtest over these series (each zero-filled over the same months as `pooled`,
/// the overall series, whose fatality histograms back every series' own).
pub fn backtest(
    series: &[MonthlySeries],
    pooled: &MonthlySeries,
    opts: &BacktestOptions,
) -> BacktestReport {
    let mut total = vec![vec![Sums::default(); opts.horizon]; opts.models.len()];
    let mut scored = 0;
    let mut too_small = 0;
    let mut kinds: Vec<(SeriesKind, usize)> = Vec::new();
    for s in series {
        if s.total() < opts.min_incidents {
            too_small += 1;
            continue;
        }
        // Series of other months than the pooled one borrow nothing from it.
        let pool: &[[u32; SEVERITY_CAP + 1]] = if s.start == pooled.start {
            &pooled.severity
        } else {
            &[]
        };
        let sums = backtest_series(s, pool, opts);
        if sums.iter().flatten().any(|c| c.n > 0) {
            scored += 1;
            match kinds.iter_mut().find(|k| k.0 == s.kind) {
                Some(k) => k.1 += 1,
                None => kinds.push((s.kind, 1)),
            }
        }
        for (m, per_model) in sums.iter().enumerate() {
            for (h, cell) in per_model.iter().enumerate() {
                total[m][h].merge(cell);
            }
        }
    }
    let mut rows = Vec::new();
    let mut overall = Vec::new();
    for (m, &kind) in opts.models.iter().enumerate() {
        let mut all = Sums::default();
        for (h, cell) in total[m].iter().enumerate() {
            rows.push(cell.row(kind, Some(h + 1)));
            all.merge(cell);
        }
        all.series = total[m].first().map_or(0, |c| c.series);
        let row = all.row(kind, None);
        rows.push(row.clone());
        overall.push(row);
    }
    let comparisons = compare(&overall);
    BacktestReport {
        options: opts.clone(),
        kinds,
        series: scored,
        series_too_small: too_small,
        rows,
        comparisons,
    }
}

/// Each non-baseline model beside each baseline, per score.
fn compare(overall: &[ScoreRow]) -> Vec<Comparison> {
    let mut out = Vec::new();
    for m in overall.iter().filter(|r| !r.model.is_baseline()) {
        for b in overall.iter().filter(|r| r.model.is_baseline()) {
            for (score, ms, bs) in [
                ("crps", m.crps, b.crps),
                ("brier_any", m.brier_any, b.brier_any),
                ("brier_killed", m.brier_killed, b.brier_killed),
            ] {
                out.push(Comparison {
                    model: m.model,
                    baseline: b.model,
                    score,
                    model_score: ms,
                    baseline_score: bs,
                    skill: if bs > 0.0 { 1.0 - ms / bs } else { 0.0 },
                    beats: ms < bs,
                });
            }
        }
    }
    out
}

impl BacktestReport {
    /// One plain sentence per non-baseline model: which baselines it beats on which
    /// scores, and which it does not.
    pub fn verdicts(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut models: Vec<ModelKind> = self.comparisons.iter().map(|c| c.model).collect();
        models.dedup();
        for m in models {
            let cs: Vec<&Comparison> = self.comparisons.iter().filter(|c| c.model == m).collect();
            let all = cs.iter().all(|c| c.beats);
            let none = cs.iter().all(|c| !c.beats);
            let detail: Vec<String> = cs
                .iter()
                .map(|c| {
                    format!(
                        "{} {} on {} ({:.4} vs {:.4})",
                        if c.beats { "beats" } else { "does not beat" },
                        c.baseline,
                        c.score,
                        c.model_score,
                        c.baseline_score
                    )
                })
                .collect();
            let head = if all {
                format!("{m} beats both naive baselines on every score")
            } else if none {
                format!("{m} does not beat the naive baselines on any score")
            } else {
                format!("{m} beats the naive baselines on some scores only")
            };
            out.push(format!("{head}: {}.", detail.join("; ")));
        }
        out
    }
}

/// Builds the series of each kind from these incidents over their whole span (zero-filled)
/// and backtests them; the overall series backs every series' fatality distribution.
pub fn backtest_records(
    records: &[crate::series::IncidentRecord],
    kinds: &[SeriesKind],
    opts: &BacktestOptions,
) -> BacktestReport {
    use crate::series::{build_series, month_range};
    let Some((start, end)) = month_range(records) else {
        return backtest(
            &[],
            &MonthlySeries::empty(
                SeriesKind::Overall,
                "",
                crate::series::Month(0),
                crate::series::Month(-1),
            ),
            opts,
        );
    };
    let pooled = build_series(records, SeriesKind::Overall, start, end)
        .pop()
        .unwrap_or_else(|| MonthlySeries::empty(SeriesKind::Overall, "", start, end));
    let mut series = Vec::new();
    for &kind in kinds {
        if kind == SeriesKind::Overall {
            series.push(pooled.clone());
        } else {
            series.extend(build_series(records, kind, start, end));
        }
    }
    backtest(&series, &pooled, opts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optim::Rng;
    use crate::series::Month;

    fn poisson_series(key: &str, mean: f64, months: usize, seed: u64) -> MonthlySeries {
        let mut rng = Rng::new(seed);
        let mut s = MonthlySeries::empty(
            SeriesKind::Country,
            key,
            Month::new(1990, 1),
            Month::new(1990, 1).plus(months as i32 - 1),
        );
        for i in 0..months {
            let y = rng.poisson(mean);
            s.counts[i] = y;
            for _ in 0..y {
                let killed = (rng.uniform() * 4.0) as u64;
                s.fatalities[i] += killed;
                s.severity[i][killed as usize] += 1;
            }
        }
        s
    }

    #[test]
    fn on_a_poisson_series_the_long_run_mean_is_calibrated_and_beats_naive() {
        let s = poisson_series("X", 4.0, 180, 21);
        let opts = BacktestOptions {
            models: vec![ModelKind::Naive, ModelKind::LongRunMean],
            ..BacktestOptions::default()
        };
        let r = backtest(std::slice::from_ref(&s), &s, &opts);
        assert_eq!(r.series, 1);
        let mean = r
            .rows
            .iter()
            .find(|r| r.model == ModelKind::LongRunMean && r.horizon.is_none())
            .unwrap();
        let naive = r
            .rows
            .iter()
            .find(|r| r.model == ModelKind::Naive && r.horizon.is_none())
            .unwrap();
        // Discrete central intervals cover at least their level; not far above it.
        assert!((0.78..0.95).contains(&mean.cover80), "{}", mean.cover80);
        assert!((0.93..1.0).contains(&mean.cover95), "{}", mean.cover95);
        assert!(mean.crps < naive.crps);
        assert!((0.0..=1.0).contains(&mean.brier_any) && (0.0..=1.0).contains(&mean.brier_killed));
        // 120 origins with 6, 5, ..., 1 months ahead at the end.
        assert_eq!(naive.forecasts, 120 * 6 - 15);
    }

    #[test]
    fn small_series_are_left_out_and_verdicts_are_plain() {
        let big = poisson_series("A", 3.0, 100, 1);
        let small = poisson_series("B", 0.05, 100, 2);
        let opts = BacktestOptions {
            min_incidents: 20,
            refit_every: 6,
            ..BacktestOptions::default()
        };
        let r = backtest(&[big.clone(), small], &big, &opts);
        assert_eq!((r.series, r.series_too_small), (1, 1));
        let v = r.verdicts();
        assert_eq!(v.len(), 2);
        assert!(v.iter().all(|s| s.contains("beat")));
        assert!(r.rows.iter().all(|r| r.crps.is_finite() && r.forecasts > 0));
    }
}

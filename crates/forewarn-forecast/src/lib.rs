//! Tempo forecasts and their backtests: monthly incident series (overall, per country, per
//! actor; incidents and fatalities per calendar month, zero-filled), baseline and
//! self-exciting count models, forecasts with intervals for the next months, and
//! rolling-origin backtests scored by proper scores.
//!
//! - [`series`]: records to zero-filled monthly series.
//! - [`models`]: naive last month and long-run mean (Poisson), a seasonal negative-binomial
//!   regression with a trend and last month's count (penalised IRLS, moment dispersion,
//!   exact multi-step propagation), and a discrete-time Hawkes process (maximum likelihood
//!   by Nelder–Mead, multi-step forecasts by simulated paths with a fixed seed).
//! - [`severity`]: P(at least 25 killed) from a count distribution and the per-incident
//!   fatality distribution, by exact convolution.
//! - [`backtest`]: rolling-origin backtests scored by CRPS, Brier scores and interval
//!   coverage, per model and horizon, with each model set beside the naive baselines.
//! - [`report`]: a series' forecast, the unusual-tempo check and expansion flags.
//!
//! Everything is pure computation except [`load_records`], which reads the store.

pub mod backtest;
pub mod dist;
pub mod models;
mod optim;
pub mod report;
pub mod series;
pub mod severity;
mod store;

pub use backtest::{
    BacktestOptions, BacktestReport, Comparison, ScoreRow, backtest, backtest_records,
};
pub use dist::{CountDist, Interval};
pub use models::{ModelConfig, ModelKind};
pub use optim::Rng;
pub use report::{
    Expansion, ExpansionKind, ForecastOutput, ForecastRequest, SeriesForecast, expansions,
    forecast_records, forecast_series,
};
pub use series::{
    IncidentRecord, Month, MonthlySeries, SeriesKind, build_series, is_unnamed_actor, month_range,
};
pub use store::load_records;

//! `forewarn forecast` and `forewarn backtest`: monthly tempo forecasts with intervals, and
//! rolling-origin backtests of the models (forewarn-forecast does the work).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::{Args, ValueEnum};
use forewarn_forecast::{
    BacktestOptions, BacktestReport, ForecastOutput, ForecastRequest, IncidentRecord, ModelKind,
    Month, SeriesKind,
};
use forewarn_store::{IncidentFilter, SqliteStore};

use crate::args::IncidentsFormatArg;
use crate::output;

#[derive(Debug, Args)]
pub struct ForecastArgs {
    /// Only incidents in this country (ISO alpha-2).
    #[arg(long, conflicts_with = "actor")]
    pub country: Option<String>,
    /// Only incidents of this actor (a name, alias or id, with its identity merges).
    #[arg(long)]
    pub actor: Option<String>,
    /// Months ahead.
    #[arg(long, default_value_t = 6, value_parser = clap::value_parser!(u16).range(1..=24))]
    pub months: u16,
    /// Only this model: nb, hawkes, poisson-mean or naive (default: all four).
    #[arg(long)]
    pub model: Option<ModelKind>,
    /// The last complete month (YYYY-MM); default: the month before this one.
    #[arg(long, value_name = "YYYY-MM")]
    pub as_of: Option<Month>,
    /// Also backtest the models on this series (rolling origin over its history).
    #[arg(long)]
    pub backtest: bool,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ByArg {
    /// Country-month series.
    Country,
    /// Perpetrator-month series.
    Actor,
    /// Both.
    Both,
}

#[derive(Debug, Args)]
pub struct BacktestArgs {
    /// An incident CSV instead of the store (RAND, GTD or ACLED columns).
    #[arg(long, value_name = "CSV")]
    pub incidents: Option<PathBuf>,
    /// The CSV's coding scheme.
    #[arg(long, value_enum, default_value = "rand", requires = "incidents")]
    pub format: IncidentsFormatArg,
    /// Which series.
    #[arg(long, value_enum, default_value = "both")]
    pub by: ByArg,
    /// Months ahead.
    #[arg(long, default_value_t = 6, value_parser = clap::value_parser!(u16).range(1..=24))]
    pub horizon: u16,
    /// Months of history before the first origin.
    #[arg(long, default_value_t = 60)]
    pub warmup: usize,
    /// Leave out series with fewer incidents than this.
    #[arg(long, default_value_t = 20)]
    pub min_incidents: u64,
    /// Refit the models every N origins (1: at every origin).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    pub refit_every: u32,
    /// Only these models (repeatable; the naive baselines are always included).
    #[arg(long)]
    pub model: Vec<ModelKind>,
    /// Print the table as JSON.
    #[arg(long)]
    pub json: bool,
}

/// The models asked for, with both baselines always in.
fn models_with_baselines(asked: &[ModelKind]) -> Vec<ModelKind> {
    ModelKind::ALL
        .into_iter()
        .filter(|m| m.is_baseline() || asked.is_empty() || asked.contains(m))
        .collect()
}

fn open(data: &Path) -> anyhow::Result<SqliteStore> {
    let mut store = SqliteStore::open(data)?;
    forewarn_kb::integrate(&mut store)?;
    Ok(store)
}

pub fn forecast(data: &Path, a: ForecastArgs) -> anyhow::Result<ExitCode> {
    let store = open(data)?;
    let mut filter = IncidentFilter::default();
    let label = if let Some(c) = &a.country {
        filter.country = Some(c.trim().to_uppercase());
        format!("country {}", c.trim().to_uppercase())
    } else if let Some(name) = &a.actor {
        filter.actors = forewarn_kb::profile::actor_ids(&store, name)?;
        if filter.actors.is_empty() {
            anyhow::bail!("no actor named {name:?} in the record (forewarn actor NAME finds one)");
        }
        format!("actor {name}")
    } else {
        "all incidents".to_string()
    };
    let (records, undated) = forewarn_forecast::load_records(&store, &filter)?;
    let today = jiff::Zoned::now().date();
    let req = ForecastRequest {
        label,
        last_month: a.as_of.unwrap_or_else(|| Month::of(today).plus(-1)),
        months: usize::from(a.months),
        models: match a.model {
            Some(m) => vec![m],
            None => ModelKind::ALL.to_vec(),
        },
        expansion_months: 12,
        backtest: a.backtest,
    };
    let mut out = forewarn_forecast::forecast_records(&records, &req);
    if undated > 0 {
        out.notes
            .push(format!("{undated} undated incidents are not counted"));
    }
    if a.json {
        output::print_json(&out)?;
    } else {
        print_forecast(&out, records.len());
    }
    Ok(ExitCode::SUCCESS)
}

fn print_forecast(out: &ForecastOutput, incidents: usize) {
    let f = &out.forecast;
    let first = f.history.first().map_or("-", |h| h.month.as_str());
    println!(
        "Forecast for {} after {} (history {first} to {}, {incidents} incidents)",
        f.series, f.last_month, f.last_month
    );
    println!(
        "{:<13} {:<8} {:>7} {:>6} {:>9} {:>9} {:>9}",
        "MODEL", "MONTH", "MEAN", "P(>=1)", "P(>=25K)", "80%", "95%"
    );
    for m in &f.forecasts {
        for x in &m.months {
            println!(
                "{:<13} {:<8} {:>7.2} {:>6.2} {:>9.2} {:>9} {:>9}",
                m.model.as_str(),
                x.month,
                x.mean,
                x.p_any,
                x.p_killed_25,
                format!("{}-{}", x.interval80.low, x.interval80.high),
                format!("{}-{}", x.interval95.low, x.interval95.high),
            );
        }
    }
    if let Some(t) = f.tempo.first() {
        println!(
            "\nTempo of {} ({} incidents) against each model's forecast made before it:",
            t.month, t.observed
        );
        for t in &f.tempo {
            let verdict = match t.flag.as_deref() {
                Some("above") => "UNUSUAL: above the 95% interval".to_string(),
                Some("below") => "UNUSUAL: below the 95% interval".to_string(),
                Some(other) => format!("outside the 80% interval ({other})"),
                None => "as expected".to_string(),
            };
            println!(
                "  {:<13} {verdict} (expected {:.1}, 80% {}-{}, 95% {}-{})",
                t.model.as_str(),
                t.expected,
                t.interval80.low,
                t.interval80.high,
                t.interval95.low,
                t.interval95.high
            );
        }
    }
    if out.expansions.is_empty() {
        println!(
            "\nNo expansions (first incident of an actor in a new country or province) in the last 12 months."
        );
    } else {
        println!("\nExpansions in the last 12 months:");
        for e in &out.expansions {
            let place = match (&e.admin1, e.kind) {
                (Some(a), forewarn_forecast::ExpansionKind::Province) => {
                    format!("new province {a}, {}", e.country)
                }
                _ => format!("new country {}", e.country),
            };
            println!(
                "  {}  {}: {place} ({}; {} earlier incidents)",
                e.date, e.actor, e.incident, e.earlier_incidents
            );
        }
    }
    println!("\nFits:");
    for m in &f.forecasts {
        println!("  {:<13} {}", m.model.as_str(), m.fit);
    }
    if let Some(b) = &out.backtest {
        println!();
        print_backtest(b);
    }
    for n in &out.notes {
        println!("note: {n}");
    }
}

fn records_from_csv(
    path: &Path,
    format: IncidentsFormatArg,
) -> anyhow::Result<(Vec<IncidentRecord>, usize)> {
    let format = match format {
        IncidentsFormatArg::Rand => forewarn_eval::IncidentFormat::Rand,
        IncidentsFormatArg::Gtd => forewarn_eval::IncidentFormat::Gtd,
        IncidentsFormatArg::Acled => forewarn_eval::IncidentFormat::Acled,
    };
    let set = forewarn_eval::load_incident_rows(path, format)?;
    let mut skipped = set.skipped;
    let mut out = Vec::with_capacity(set.rows.len());
    for r in set.rows {
        // A date known only to the year cannot be put in a month.
        let Some(date) = r
            .date
            .filter(|d| d.start.year() == d.end.year() && d.start.month() == d.end.month())
        else {
            skipped += 1;
            continue;
        };
        out.push(IncidentRecord {
            id: r.id,
            date: date.start,
            country: r.country,
            admin1: r.admin1,
            actors: r.perpetrator.into_iter().collect(),
            killed: u64::from(r.killed.unwrap_or(0)),
        });
    }
    Ok((out, skipped))
}

pub fn backtest(data: &Path, a: BacktestArgs) -> anyhow::Result<ExitCode> {
    let (records, skipped, source) = match &a.incidents {
        Some(path) => {
            let (r, s) = records_from_csv(path, a.format)
                .with_context(|| format!("reading {}", path.display()))?;
            (r, s, path.display().to_string())
        }
        None => {
            let store = open(data)?;
            let (r, s) = forewarn_forecast::load_records(&store, &IncidentFilter::default())?;
            (r, s as usize, format!("the store in {}", data.display()))
        }
    };
    if records.is_empty() {
        anyhow::bail!("no dated incidents in {source} to backtest on");
    }
    let kinds = match a.by {
        ByArg::Country => vec![SeriesKind::Country],
        ByArg::Actor => vec![SeriesKind::Actor],
        ByArg::Both => vec![SeriesKind::Country, SeriesKind::Actor],
    };
    let opts = BacktestOptions {
        warmup: a.warmup.max(2),
        horizon: usize::from(a.horizon),
        min_incidents: a.min_incidents,
        refit_every: a.refit_every as usize,
        models: models_with_baselines(&a.model),
        ..BacktestOptions::default()
    };
    let started = Instant::now();
    let report = forewarn_forecast::backtest_records(&records, &kinds, &opts);
    let seconds = started.elapsed().as_secs_f64();
    if a.json {
        output::print_json(&serde_json::json!({
            "source": source,
            "incidents": records.len(),
            "skipped_rows": skipped,
            "seconds": seconds,
            "report": report,
            "verdicts": report.verdicts(),
        }))?;
    } else {
        println!(
            "Backtest on {source}: {} dated incidents ({skipped} rows without a month left out).",
            records.len()
        );
        print_backtest(&report);
        println!("({seconds:.1} s)");
    }
    Ok(ExitCode::SUCCESS)
}

fn print_backtest(r: &BacktestReport) {
    let o = &r.options;
    let kinds: Vec<String> = r
        .kinds
        .iter()
        .map(|(k, n)| {
            let what = match k {
                SeriesKind::Overall => "overall",
                SeriesKind::Country => "country-month",
                SeriesKind::Actor => "perpetrator-month",
            };
            format!("{n} {what}")
        })
        .collect();
    println!(
        "Rolling-origin backtest: {} series ({}) with at least {} incidents ({} smaller left out); \
         origins from month {} of each series once it has an incident; forecasts 1-{} months ahead; \
         models refitted every {} origin(s).",
        r.series,
        kinds.join(", "),
        o.min_incidents,
        r.series_too_small,
        o.warmup,
        o.horizon,
        o.refit_every
    );
    println!(
        "{:<13} {:>3} {:>8} {:>9} {:>10} {:>8} {:>8} {:>10} {:>7}",
        "MODEL", "H", "CRPS", "BRIER>=1", "BRIER>=25K", "COVER80", "COVER95", "FORECASTS", "SERIES"
    );
    for row in &r.rows {
        println!(
            "{:<13} {:>3} {:>8.4} {:>9.4} {:>10.4} {:>8.3} {:>8.3} {:>10} {:>7}",
            row.model.as_str(),
            row.horizon
                .map_or_else(|| "all".to_string(), |h| h.to_string()),
            row.crps,
            row.brier_any,
            row.brier_killed,
            row.cover80,
            row.cover95,
            row.forecasts,
            row.series
        );
    }
    println!("Lower CRPS and Brier scores are better; coverage should be near 0.80 and 0.95.");
    for v in r.verdicts() {
        println!("{v}");
    }
}

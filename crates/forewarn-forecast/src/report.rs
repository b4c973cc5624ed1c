//! Forecasts of one series for the next months, with intervals per model, the "unusual
//! tempo" check of the last complete month, and expansion flags (an actor's first incident
//! in a new country or province).

use std::collections::{HashMap, HashSet};

use jiff::civil::Date;
use serde::Serialize;

use crate::backtest::{BacktestOptions, BacktestReport, backtest};
use crate::dist::Interval;
use crate::models::{Fitted, ModelConfig, ModelKind, fit, forecast};
use crate::series::{
    IncidentRecord, Month, MonthlySeries, SEVERITY_CAP, SeriesKind, build_series, is_unnamed_actor,
};
use crate::severity::Severity;

/// One month of history.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct HistoryPoint {
    /// `YYYY-MM`.
    pub month: String,
    /// Incidents.
    pub incidents: u64,
    /// Killed.
    pub killed: u64,
}

/// One model's forecast of one month.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MonthForecast {
    /// `YYYY-MM`.
    pub month: String,
    /// Months after the last observed one.
    pub horizon: usize,
    /// Expected incidents.
    pub mean: f64,
    /// P(at least one incident).
    pub p_any: f64,
    /// P(at least 25 killed in the month).
    pub p_killed_25: f64,
    /// Central 80% interval of the count.
    pub interval80: Interval,
    /// Central 95% interval of the count.
    pub interval95: Interval,
}

/// One model's forecasts.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ModelForecast {
    /// The model.
    pub model: ModelKind,
    /// Its fitted parameters, in words.
    pub fit: String,
    /// The next months.
    pub months: Vec<MonthForecast>,
}

/// Whether the last complete month fell outside what a model forecast for it from the
/// months before.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TempoCheck {
    /// The model.
    pub model: ModelKind,
    /// The month checked.
    pub month: String,
    /// Incidents in it.
    pub observed: u64,
    /// The model's expected incidents for it.
    pub expected: f64,
    /// Its 80% interval.
    pub interval80: Interval,
    /// Its 95% interval.
    pub interval95: Interval,
    /// `above` or `below` the 95% interval, else `above 80%`/`below 80%` when only outside
    /// the 80% one; `None` when inside both.
    pub flag: Option<String>,
}

/// A forecast of one series.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SeriesForecast {
    /// What is counted (`all incidents`, `country AF`, `actor ISKP`).
    pub series: String,
    /// The last complete month the forecast starts after.
    pub last_month: String,
    /// Every month of history.
    pub history: Vec<HistoryPoint>,
    /// Per model.
    pub forecasts: Vec<ModelForecast>,
    /// The last month beside each model's forecast of it.
    pub tempo: Vec<TempoCheck>,
}

fn describe(f: &Fitted) -> String {
    match f {
        Fitted::Naive => "Poisson, mean = last month's count (at least 0.1)".into(),
        Fitted::LongRunMean => "Poisson, mean = mean of every month so far (at least 0.1)".into(),
        Fitted::NegBin(nb) => format!(
            "negative binomial, dispersion {:.2}, trend {:+.2} per 5 years, last-month effect {:+.2}",
            nb.dispersion, nb.beta[12], nb.beta[13]
        ),
        Fitted::Hawkes(h) => format!(
            "Hawkes, background {:.2}/month, alpha {:.2}, decay {:.2}, branching ratio {:.2}",
            h.mu,
            h.alpha,
            h.beta,
            h.branching()
        ),
    }
}

/// Forecasts the `months` months after the series' last month with each model, and checks
/// the last month against each model's forecast made without it. `pooled` fatality
/// histograms (same months) back the series' own for P(at least 25 killed).
pub fn forecast_series(
    s: &MonthlySeries,
    pooled: Option<&MonthlySeries>,
    models: &[ModelKind],
    months: usize,
    cfg: &ModelConfig,
) -> SeriesForecast {
    let n = s.len();
    let history = (0..n)
        .map(|i| HistoryPoint {
            month: s.month(i).to_string(),
            incidents: s.counts[i],
            killed: s.fatalities[i],
        })
        .collect();
    let mut own = [0u32; SEVERITY_CAP + 1];
    for h in &s.severity {
        for (o, c) in own.iter_mut().zip(h) {
            *o += c;
        }
    }
    let mut pool = [0u32; SEVERITY_CAP + 1];
    if let Some(p) = pooled {
        for h in &p.severity {
            for (o, c) in pool.iter_mut().zip(h) {
                *o += c;
            }
        }
    }
    let mut severity = Severity::new(&own, &pool, 5.0);
    let mut forecasts = Vec::new();
    let mut tempo = Vec::new();
    if n == 0 {
        return SeriesForecast {
            series: s.label(),
            last_month: String::new(),
            history,
            forecasts,
            tempo,
        };
    }
    let origin = n - 1;
    for &kind in models {
        let fitted = fit(kind, &s.counts, s.start, origin, None, cfg);
        let dists = forecast(&fitted, &s.counts, s.start, origin, months, cfg);
        let months = dists
            .iter()
            .enumerate()
            .map(|(h, d)| MonthForecast {
                month: s.month(origin + h + 1).to_string(),
                horizon: h + 1,
                mean: d.mean(),
                p_any: d.prob_at_least(1),
                p_killed_25: severity.prob_killed_at_least(d),
                interval80: d.central(0.8),
                interval95: d.central(0.95),
            })
            .collect();
        forecasts.push(ModelForecast {
            model: kind,
            fit: describe(&fitted),
            months,
        });
        if origin >= 1 {
            let before = fit(kind, &s.counts, s.start, origin - 1, None, cfg);
            let d = &forecast(&before, &s.counts, s.start, origin - 1, 1, cfg)[0];
            let observed = s.counts[origin];
            let (i80, i95) = (d.central(0.8), d.central(0.95));
            let flag = if observed > i95.high {
                Some("above")
            } else if observed < i95.low {
                Some("below")
            } else if observed > i80.high {
                Some("above 80%")
            } else if observed < i80.low {
                Some("below 80%")
            } else {
                None
            };
            tempo.push(TempoCheck {
                model: kind,
                month: s.month(origin).to_string(),
                observed,
                expected: d.mean(),
                interval80: i80,
                interval95: i95,
                flag: flag.map(str::to_string),
            });
        }
    }
    SeriesForecast {
        series: s.label(),
        last_month: s.month(origin).to_string(),
        history,
        forecasts,
        tempo,
    }
}

/// What an expansion reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExpansionKind {
    /// A country the actor had no incident in before.
    Country,
    /// A province (of a country it had been in) it had no incident in before.
    Province,
}

/// An actor's first incident in a new country or province.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Expansion {
    /// The actor.
    pub actor: String,
    /// Country or province.
    pub kind: ExpansionKind,
    /// When.
    pub date: Date,
    /// The incident.
    pub incident: String,
    /// Its country.
    pub country: String,
    /// Its province, when known.
    pub admin1: Option<String>,
    /// The actor's incidents before this one.
    pub earlier_incidents: u64,
}

/// Every expansion in these incidents, oldest first, reported from `since` on. An actor's
/// very first incident is not an expansion (it has nowhere to expand from); incidents
/// without a country are skipped.
pub fn expansions(records: &[IncidentRecord], since: Option<Date>) -> Vec<Expansion> {
    let mut order: Vec<&IncidentRecord> = records.iter().collect();
    order.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
    struct Seen {
        incidents: u64,
        countries: HashSet<String>,
        provinces: HashSet<(String, String)>,
    }
    let mut seen: HashMap<&str, Seen> = HashMap::new();
    let mut out = Vec::new();
    for r in order {
        let Some(country) = &r.country else { continue };
        let province = r
            .admin1
            .as_ref()
            .map(|a| (country.clone(), a.to_lowercase()));
        for actor in r
            .actors
            .iter()
            .map(|a| a.trim())
            .filter(|a| !is_unnamed_actor(a))
        {
            let entry = seen.entry(actor).or_insert_with(|| Seen {
                incidents: 0,
                countries: HashSet::new(),
                provinces: HashSet::new(),
            });
            let kind = if entry.incidents == 0 {
                None
            } else if !entry.countries.contains(country) {
                Some(ExpansionKind::Country)
            } else if province
                .as_ref()
                .is_some_and(|p| !entry.provinces.contains(p))
            {
                Some(ExpansionKind::Province)
            } else {
                None
            };
            if let Some(kind) = kind
                && since.is_none_or(|d| r.date >= d)
            {
                out.push(Expansion {
                    actor: actor.to_string(),
                    kind,
                    date: r.date,
                    incident: r.id.clone(),
                    country: country.clone(),
                    admin1: r.admin1.clone(),
                    earlier_incidents: entry.incidents,
                });
            }
            entry.incidents += 1;
            entry.countries.insert(country.clone());
            if let Some(p) = &province {
                entry.provinces.insert(p.clone());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(
        id: &str,
        date: &str,
        country: &str,
        admin1: Option<&str>,
        actor: &str,
    ) -> IncidentRecord {
        IncidentRecord {
            id: id.into(),
            date: date.parse().unwrap(),
            country: Some(country.into()),
            admin1: admin1.map(str::to_string),
            actors: vec![actor.into()],
            killed: 0,
        }
    }

    #[test]
    fn expansions_are_first_incidents_in_new_countries_and_provinces() {
        let records = vec![
            rec("a", "2020-01-01", "AF", Some("Nangarhar"), "ISKP"),
            rec("b", "2020-02-01", "AF", Some("Kabul"), "ISKP"),
            rec("c", "2020-03-01", "AF", Some("kabul"), "ISKP"),
            rec("d", "2020-04-01", "PK", Some("Balochistan"), "ISKP"),
            rec("e", "2020-05-01", "PK", None, "TTP"),
        ];
        let e = expansions(&records, None);
        let got: Vec<(&str, ExpansionKind)> =
            e.iter().map(|x| (x.incident.as_str(), x.kind)).collect();
        assert_eq!(
            got,
            vec![
                ("b", ExpansionKind::Province),
                ("d", ExpansionKind::Country)
            ]
        );
        assert_eq!(e[1].earlier_incidents, 3);
        let recent = expansions(&records, Some("2020-03-15".parse().unwrap()));
        assert_eq!(recent.len(), 1);
    }

    #[test]
    fn a_jump_in_the_last_month_is_flagged() {
        let mut s = MonthlySeries::empty(
            SeriesKind::Actor,
            "X",
            Month::new(2019, 1),
            Month::new(2021, 12),
        );
        for (i, c) in s.counts.iter_mut().enumerate() {
            *c = [1, 2, 1, 0, 2, 1][i % 6];
        }
        *s.counts.last_mut().unwrap() = 25;
        let f = forecast_series(&s, None, &ModelKind::ALL, 6, &ModelConfig::default());
        assert_eq!(f.last_month, "2021-12");
        assert_eq!(f.forecasts.len(), 4);
        assert!(f.forecasts.iter().all(|m| m.months.len() == 6));
        let mean = f
            .tempo
            .iter()
            .find(|t| t.model == ModelKind::LongRunMean)
            .unwrap();
        assert_eq!(mean.flag.as_deref(), Some("above"));
        for m in &f.forecasts {
            for x in &m.months {
                assert!(
                    x.interval95.low <= x.interval80.low && x.interval80.high <= x.interval95.high
                );
                assert!((0.0..=1.0).contains(&x.p_any) && (0.0..=1.0).contains(&x.p_killed_25));
            }
        }
    }
}

/// What to forecast from a set of incidents (all of them one series: the store's
/// incidents of one country, one actor, or all).
#[derive(Debug, Clone)]
pub struct ForecastRequest {
    /// What the incidents are (`all incidents`, `country AF`, `actor ISKP`).
    pub label: String,
    /// The last complete month: the forecast starts after it, and it is the month checked
    /// for unusual tempo.
    pub last_month: Month,
    /// Months ahead (1 to 6 or more).
    pub months: usize,
    /// The models.
    pub models: Vec<ModelKind>,
    /// Expansions are reported from this many months before the last month on.
    pub expansion_months: i32,
    /// Also backtest the models on this series.
    pub backtest: bool,
}

/// A forecast with its flags and, when asked, a backtest on the same series.
#[derive(Debug, Clone, Serialize)]
pub struct ForecastOutput {
    /// The forecast and the tempo check.
    #[serde(flatten)]
    pub forecast: SeriesForecast,
    /// Recent expansions.
    pub expansions: Vec<Expansion>,
    /// The backtest, when asked and the series is long enough.
    pub backtest: Option<BacktestReport>,
    /// Why there is no backtest, or other remarks.
    pub notes: Vec<String>,
}

/// Shortest series (months) a backtest on request is run on.
pub const MIN_BACKTEST_MONTHS: usize = 24;

/// Builds the series of these incidents from their first month to the request's last
/// month, forecasts it, checks the last month, lists recent expansions and, if asked,
/// backtests the models on it (warm-up: half the series, at most 60 months).
pub fn forecast_records(records: &[IncidentRecord], req: &ForecastRequest) -> ForecastOutput {
    let mut notes = Vec::new();
    let first = records
        .iter()
        .map(|r| Month::of(r.date))
        .min()
        .unwrap_or(req.last_month)
        .min(req.last_month);
    let mut series = build_series(records, SeriesKind::Overall, first, req.last_month)
        .pop()
        .unwrap_or_else(|| MonthlySeries::empty(SeriesKind::Overall, "", first, req.last_month));
    if records.is_empty() {
        notes.push("no dated incidents: every forecast is the models' floor".into());
    }
    let later = records
        .iter()
        .filter(|r| Month::of(r.date) > req.last_month)
        .count();
    if later > 0 {
        notes.push(format!(
            "{later} incidents after {} (an incomplete month) are not counted",
            req.last_month
        ));
    }
    let cfg = ModelConfig::default();
    let mut forecast = forecast_series(&series, None, &req.models, req.months, &cfg);
    forecast.series = req.label.clone();
    let since = req.last_month.plus(1 - req.expansion_months.max(1));
    let since = Date::new(since.year() as i16, since.month() as i8, 1).ok();
    let expansions = expansions(records, since);
    let backtest = if !req.backtest {
        None
    } else if series.len() < MIN_BACKTEST_MONTHS {
        notes.push(format!(
            "no backtest: the series has {} months; at least {MIN_BACKTEST_MONTHS} are needed",
            series.len()
        ));
        None
    } else {
        series.kind = SeriesKind::Overall;
        let opts = BacktestOptions {
            warmup: (series.len() / 2).min(60),
            horizon: req.months.max(1),
            min_incidents: 1,
            models: req.models.clone(),
            ..BacktestOptions::default()
        };
        Some(backtest(std::slice::from_ref(&series), &series, &opts))
    };
    ForecastOutput {
        forecast,
        expansions,
        backtest,
        notes,
    }
}

#[cfg(test)]
mod request_tests {
    use super::*;

    #[test]
    fn a_request_forecasts_flags_and_backtests_one_series() {
        let mut rng = crate::optim::Rng::new(4);
        let mut records = Vec::new();
        let start = Month::new(2018, 1);
        for i in 0..48 {
            let m = start.plus(i);
            for k in 0..rng.poisson(3.0) {
                records.push(IncidentRecord {
                    id: format!("{m}-{k}"),
                    date: Date::new(m.year() as i16, m.month() as i8, 1 + k as i8).unwrap(),
                    country: Some(if i == 47 { "PK" } else { "AF" }.into()),
                    admin1: None,
                    actors: vec!["ISKP".into()],
                    killed: 2,
                });
            }
        }
        let req = ForecastRequest {
            label: "actor ISKP".into(),
            last_month: start.plus(47),
            months: 3,
            models: ModelKind::ALL.to_vec(),
            expansion_months: 12,
            backtest: true,
        };
        let out = forecast_records(&records, &req);
        assert_eq!(out.forecast.series, "actor ISKP");
        assert_eq!(out.forecast.history.len(), 48);
        assert!(out.forecast.forecasts.iter().all(|f| f.months.len() == 3));
        assert!(out.expansions.iter().any(|e| e.country == "PK"));
        let bt = out.backtest.expect("48 months are enough for a backtest");
        assert_eq!(bt.series, 1);
        let short = ForecastRequest {
            last_month: start.plus(47),
            ..req
        };
        let few: Vec<IncidentRecord> = records
            .iter()
            .filter(|r| r.date.year() == 2021)
            .cloned()
            .collect();
        let out = forecast_records(&few, &short);
        assert!(out.backtest.is_none() && !out.notes.is_empty());
    }
}

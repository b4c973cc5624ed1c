//! Evaluations that run the whole pipeline: the seed reports are ingested into a scratch
//! store exactly as a user would ingest them, exported in the SPEC contract, and scored.
//! Also the named headline numbers of each report, which the floors file guards.

use std::path::{Path, PathBuf};

use forewarn_ingest::{IngestOptions, MetaOverrides, SilentObserver};
use forewarn_store::SqliteStore;
use serde_json::Value;

use crate::{
    CeafReport, EvalError, IncidentReport, KeyReport, SeedsGold, SeedsReport, score_seeds,
};

/// The exports a seeds evaluation scored, for `--write-predictions`.
pub struct SeedsRun {
    /// The score.
    pub report: SeedsReport,
    /// `forewarn export events` of the seeds.
    pub events: Value,
    /// `forewarn export actors`.
    pub actors: Value,
    /// `forewarn export relations`.
    pub relations: Value,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> EvalError + '_ {
    move |source| EvalError::Read {
        path: path.to_path_buf(),
        source,
    }
}

/// Ingests each seed file with the published date the gold gives for it (by file name),
/// exports, and scores.
pub fn run_seeds(seeds: &[PathBuf], gold: &SeedsGold) -> Result<SeedsRun, EvalError> {
    let scratch = tempfile::tempdir().map_err(io(Path::new("scratch directory")))?;
    let mut store = SqliteStore::open(scratch.path()).map_err(|e| EvalError::Input {
        name: "scratch store".into(),
        reason: e.to_string(),
    })?;
    for path in seeds {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let published = gold.raw["documents"][&name]["published"]
            .as_str()
            .and_then(|d| d.parse().ok());
        let options = IngestOptions {
            overrides: MetaOverrides {
                published,
                ..Default::default()
            },
            ..Default::default()
        };
        let summary = forewarn_ingest::ingest(
            &mut store,
            &[path.display().to_string()],
            &options,
            &mut SilentObserver,
        )
        .map_err(|reason| EvalError::Input {
            name: name.clone(),
            reason,
        })?;
        if let Some((input, reason)) = summary.failures().next() {
            return Err(EvalError::Input {
                name: input.to_string(),
                reason: reason.to_string(),
            });
        }
    }
    let export = |r: Result<Vec<Value>, forewarn_export::ExportError>| {
        r.map(Value::Array).map_err(|e| EvalError::Input {
            name: "export".into(),
            reason: e.to_string(),
        })
    };
    let events = export(forewarn_export::events(&store, false))?;
    let actors = export(forewarn_export::actors(&store))?;
    let relations = export(forewarn_export::relations(&store))?;
    let report = score_seeds(gold, &events, Some(&actors), Some(&relations));
    Ok(SeedsRun {
        report,
        events,
        actors,
        relations,
    })
}

/// Headline numbers of a seeds report, by name (fractions in `[0, 1]`).
pub fn seeds_metrics(r: &SeedsReport) -> Vec<(String, f64)> {
    let mut out = vec![
        ("attack_f1".to_string(), r.attack_f1),
        ("field_accuracy".to_string(), r.field_accuracy),
        ("other_recall".to_string(), r.other_recall),
    ];
    if let Some((found, total)) = r.actors {
        out.push(("actors_recall".into(), found as f64 / total.max(1) as f64));
    }
    if let Some((found, total)) = r.relations {
        out.push((
            "relations_recall".into(),
            found as f64 / total.max(1) as f64,
        ));
    }
    out
}

/// Headline numbers of a CEAF-REE report.
pub fn ceaf_metrics(r: &CeafReport) -> Vec<(String, f64)> {
    let mut out = vec![("ceaf_ree_f1".to_string(), r.micro.f1)];
    for role in &r.roles {
        out.push((format!("{}_f1", role.field.to_lowercase()), role.score.f1));
    }
    out
}

/// Headline numbers of a MUC key report.
pub fn key_metrics(r: &KeyReport) -> Vec<(String, f64)> {
    let mut out = vec![("templates_f1".to_string(), r.templates.f1)];
    for f in &r.fields {
        out.push((format!("{}_f1", f.field), f.score.f1));
    }
    out
}

/// Headline numbers of an incidents report: each field's accuracy (its F1, which equals
/// accuracy when every row is predicted).
pub fn incident_metrics(r: &IncidentReport) -> Vec<(String, f64)> {
    let mut out = vec![("micro_f1".to_string(), r.micro.f1)];
    for f in &r.fields {
        out.push((f.field.clone(), f.score.f1));
    }
    out
}

//! `forewarn eval`: loads a gold set, runs forewarn's extractor over it, prints the scores,
//! and optionally checks them against the recorded floors.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use forewarn_eval::{
    Floors, ForewarnPredictor, IncidentFormat, MentionNormalisation, ceaf_metrics,
    incident_metrics, key_metrics, seeds_metrics,
};

use crate::args::{
    EvalCommon, EvalCorefArgs, EvalIncidentsArgs, EvalMucArgs, EvalSeedsArgs, IncidentsFormatArg,
};
use crate::output;

/// Prints the report and checks floors; the exit code says whether every floor held.
fn finish<R: serde::Serialize>(
    common: &EvalCommon,
    report: &R,
    text: String,
    metrics: Vec<(String, f64)>,
) -> anyhow::Result<ExitCode> {
    if common.json {
        output::print_json(
            &serde_json::json!({ "report": report, "metrics": metrics.iter().cloned().collect::<std::collections::BTreeMap<_, _>>() }),
        )?;
    } else {
        print!("{text}");
        if !text.ends_with('\n') {
            println!();
        }
    }
    let Some(key) = &common.check_floors else {
        return Ok(ExitCode::SUCCESS);
    };
    let floors = Floors::load(&common.floors)?;
    let mut ok = true;
    let mut checked = 0;
    for (name, value) in &metrics {
        if let Some(check) = floors.check(&format!("{key}.{name}"), *value, 2.0) {
            checked += 1;
            match &check.result {
                Ok(()) => eprintln!(
                    "{} ok: {} = {:.4} ({} {:.4})",
                    if check.ceiling { "ceiling" } else { "floor" },
                    check.key,
                    check.value,
                    if check.ceiling { "ceiling" } else { "floor" },
                    check.floor
                ),
                Err(why) => {
                    ok = false;
                    eprintln!("floor FAILED: {}: {why}", check.key);
                }
            }
        }
    }
    if checked == 0 {
        anyhow::bail!(
            "no floors recorded under {key:?} in {}",
            common.floors.display()
        );
    }
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn seed_files(path: &Path) -> anyhow::Result<Vec<PathBuf>> {
    if path.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(path)
        .with_context(|| format!("cannot read the seeds directory {}", path.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file()
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    files.sort();
    Ok(files)
}

pub fn seeds(a: EvalSeedsArgs) -> anyhow::Result<ExitCode> {
    let gold = forewarn_eval::load_seeds_gold(&a.gold)?;
    let run = forewarn_eval::run_seeds(&seed_files(&a.seeds)?, &gold)?;
    if let Some(dir) = &a.common.write_predictions {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        for (name, value) in [
            ("events", &run.events),
            ("actors", &run.actors),
            ("relations", &run.relations),
        ] {
            let path = dir.join(format!("{name}.json"));
            std::fs::write(&path, serde_json::to_string_pretty(value)?)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
    }
    finish(
        &a.common,
        &run.report,
        run.report.render_text(),
        seeds_metrics(&run.report),
    )
}

pub fn muc4(a: EvalMucArgs) -> anyhow::Result<ExitCode> {
    if let Some(processed) = &a.processed {
        let docs = forewarn_eval::load_processed(processed, a.limit)?;
        let preds = forewarn_eval::predict_processed(&docs, &ForewarnPredictor);
        if let Some(out) = &a.common.write_predictions {
            forewarn_eval::write_muc_predictions(out, &preds)?;
        }
        let report = forewarn_eval::score_ceaf_ree(&docs, &preds, MentionNormalisation::default());
        return finish(
            &a.common,
            &report,
            report.render_text(),
            ceaf_metrics(&report),
        );
    }
    if a.keys.is_empty() {
        anyhow::bail!("give --processed FILE, or --keys FILE... with --texts FILE...");
    }
    let texts: Vec<&Path> = a.texts.iter().map(PathBuf::as_path).collect();
    let keys: Vec<&Path> = a.keys.iter().map(PathBuf::as_path).collect();
    let texts = forewarn_eval::load_muc_texts(&texts, a.limit)?;
    let ids: Vec<String> = texts.iter().map(|t| t.id.clone()).collect();
    let keys = forewarn_eval::load_muc_keys(&keys, Some(&ids))?;
    let preds = forewarn_eval::predict_muc_raw(&texts, &ForewarnPredictor);
    if let Some(out) = &a.common.write_predictions {
        forewarn_eval::write_incident_predictions(out, &preds)?;
    }
    let report = forewarn_eval::score_muc_keys(&texts, &keys, &preds);
    finish(
        &a.common,
        &report,
        report.render_text(),
        key_metrics(&report),
    )
}

pub fn incidents(a: EvalIncidentsArgs) -> anyhow::Result<ExitCode> {
    let format = match a.format {
        IncidentsFormatArg::Rand => IncidentFormat::Rand,
        IncidentsFormatArg::Gtd => IncidentFormat::Gtd,
        IncidentsFormatArg::Acled => IncidentFormat::Acled,
    };
    let set = forewarn_eval::load_incidents(&a.csv, format, a.limit)?;
    let preds = forewarn_eval::predict_incidents(&set, &ForewarnPredictor);
    if let Some(out) = &a.common.write_predictions {
        forewarn_eval::write_incident_predictions(out, &preds)?;
    }
    let report = forewarn_eval::score_incidents(&set, &preds);
    if let Some(field) = &a.show_errors {
        let Some(field) = forewarn_eval::IncidentField::ALL
            .into_iter()
            .find(|f| f.as_str() == field)
        else {
            anyhow::bail!(
                "--show-errors {field:?}: not a field (use one of {})",
                forewarn_eval::IncidentField::ALL
                    .map(|f| f.as_str())
                    .join(", ")
            );
        };
        for m in report.mistakes.iter().filter(|m| m.field == field) {
            eprintln!(
                "{}\tgold {}\tpredicted {}\t{}",
                m.id, m.gold, m.predicted, m.text
            );
        }
    }
    finish(
        &a.common,
        &report,
        report.render_text(),
        incident_metrics(&report),
    )
}

pub fn coref(a: EvalCorefArgs) -> anyhow::Result<ExitCode> {
    if a.common.write_predictions.is_some() {
        anyhow::bail!("eval coref has no predictions to write; use --json for the full report");
    }
    if let Some(csv) = &a.rand {
        let report = forewarn_eval::run_rows_coref(csv, a.limit)?;
        return finish(
            &a.common,
            &report,
            report.render_text(),
            forewarn_eval::rows_coref_metrics(&report),
        );
    }
    let Some(dir) = &a.pairs else {
        anyhow::bail!("give --rand FILE or --pairs DIR");
    };
    let report = forewarn_eval::run_pairs_coref(dir)?;
    finish(
        &a.common,
        &report,
        report.render_text(),
        forewarn_eval::pairs_coref_metrics(&report),
    )
}

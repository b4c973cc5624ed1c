//! `forewarn backtest` on an incident CSV and `forewarn forecast` on a store, end to end.

use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
use serde_json::Value;

/// A RAND-style CSV of two groups over ten years, written by a fixed rule: one steady, one
/// that flares up and kills more.
fn rand_csv() -> String {
    let mut out =
        String::from("id,Date,City,Country,Perpetrator,Weapon,Injuries,Fatalities,Description\n");
    let mut n = 0;
    for month in 0..120 {
        let (year, m) = (1990 + month / 12, month % 12 + 1);
        let steady = 1 + (month * 7 % 5) / 2;
        let flare = if (60..72).contains(&month) {
            6
        } else {
            month % 3 / 2
        };
        for (group, country, count, killed) in [
            ("Steady Front", "Peru", steady, 1),
            ("Flare Army", "Colombia", flare, 9),
        ] {
            for k in 0..count {
                n += 1;
                out.push_str(&format!(
                    "r{n},{year}-{m:02}-{:02},Town,{country},{group},Explosives,0,{killed},A bomb went off.\n",
                    1 + k
                ));
            }
        }
    }
    out
}

fn forewarn(data: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("forewarn")
        .unwrap()
        .arg("--data")
        .arg(data)
        .env_remove("FOREWARN_DATA")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn backtest_on_a_csv_scores_every_model_and_says_who_beats_the_baselines() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("incidents.csv");
    std::fs::write(&csv, rand_csv()).unwrap();
    let data = dir.path().join("data");
    let csv = csv.display().to_string();
    let (code, out, err) = forewarn(
        &data,
        &[
            "backtest",
            "--incidents",
            &csv,
            "--format",
            "rand",
            "--horizon",
            "3",
            "--warmup",
            "36",
            "--json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let rows = v["report"]["rows"].as_array().unwrap();
    // Four models, three horizons and an overall row each.
    assert_eq!(rows.len(), 16);
    assert_eq!(
        v["report"]["series"], 4,
        "two countries and two groups: {v}"
    );
    for r in rows {
        for k in ["crps", "brier_any", "brier_killed", "cover80", "cover95"] {
            let x = r[k].as_f64().unwrap();
            assert!(x.is_finite() && x >= 0.0, "{k}: {r}");
        }
    }
    let verdicts = v["verdicts"].as_array().unwrap();
    assert_eq!(verdicts.len(), 2);
    assert!(
        verdicts
            .iter()
            .all(|s| s.as_str().unwrap().contains("beat"))
    );

    let (code, text, _) = forewarn(
        &data,
        &[
            "backtest",
            "--incidents",
            &csv,
            "--by",
            "actor",
            "--warmup",
            "36",
        ],
    );
    assert_eq!(code, 0);
    assert!(
        text.contains("CRPS") && text.contains("2 perpetrator-month"),
        "{text}"
    );

    let (code, _, err) = forewarn(&data, &["backtest", "--incidents", "/nonexistent/x.csv"]);
    assert_ne!(code, 0);
    assert!(err.contains("x.csv"), "{err}");
}

#[test]
fn forecast_on_an_empty_store_still_answers() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (code, out, err) = forewarn(
        &data,
        &["forecast", "--as-of", "2024-01", "--months", "2", "--json"],
    );
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["last_month"], "2024-01");
    assert_eq!(v["forecasts"].as_array().unwrap().len(), 4);
    assert!(!v["notes"].as_array().unwrap().is_empty());
    let (code, _, err) = forewarn(&data, &["forecast", "--actor", "Nobody Brigade"]);
    assert_ne!(code, 0);
    assert!(err.contains("Nobody Brigade"), "{err}");
}

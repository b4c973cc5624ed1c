//! The floors file (`eval/floors.toml`): the lowest scores CI accepts, and the check.
//!
//! Format: TOML tables of numbers, e.g.
//! ```toml
//! [muc4.processed_dev]
//! ceaf_ree_f1 = 0.0
//! ```
//! A floor is addressed by its dotted path (`muc4.processed_dev.ceaf_ree_f1`). Floors are
//! fractions in `[0, 1]`, like every score in this crate.
//!
//! Error rates (wrong merges) must stay low rather than high: a key named `max_NAME` is a
//! *ceiling* on the score `NAME`. A ceiling has no tolerance (rates of rare errors are small
//! fractions, where two points would allow them to multiply); record it with the headroom
//! it should have.

use crate::error::{EvalError, read_text};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Floors by dotted path.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Floors {
    /// `"muc4.processed_dev.ceaf_ree_f1"` -> `0.0`.
    pub values: BTreeMap<String, f64>,
}

/// The outcome of checking one score against its floor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FloorCheck {
    /// Dotted path of the floor.
    pub key: String,
    /// The score.
    pub value: f64,
    /// The floor.
    pub floor: f64,
    /// `Ok` or the failure message.
    pub result: Result<(), String>,
    /// Whether `floor` is a ceiling (a `max_` key): the score must not exceed it.
    pub ceiling: bool,
}

impl Floors {
    /// Reads a floors file.
    pub fn load(path: &Path) -> Result<Self, EvalError> {
        Self::parse(&path.display().to_string(), &read_text(path)?)
    }

    /// Parses floors TOML; every leaf must be a number in `[0, 1]`.
    pub fn parse(name: &str, text: &str) -> Result<Self, EvalError> {
        let table: toml::Table = text
            .parse()
            .map_err(|e: toml::de::Error| EvalError::input(name, format!("invalid TOML: {e}")))?;
        let mut values = BTreeMap::new();
        flatten(name, "", &table, &mut values)?;
        Ok(Floors { values })
    }

    /// The floor at a dotted path.
    pub fn get(&self, key: &str) -> Option<f64> {
        self.values.get(key).copied()
    }

    /// Checks a score against the floor at `key`, or else against the ceiling at the same
    /// path with `max_` before its last part, if there is one.
    pub fn check(&self, key: &str, value: f64, tolerance_points: f64) -> Option<FloorCheck> {
        if let Some(floor) = self.get(key) {
            return Some(FloorCheck {
                key: key.to_string(),
                value,
                floor,
                result: check_floor(value, floor, tolerance_points),
                ceiling: false,
            });
        }
        let ceiling_key = match key.rsplit_once('.') {
            Some((prefix, name)) => format!("{prefix}.max_{name}"),
            None => format!("max_{key}"),
        };
        let ceiling = self.get(&ceiling_key)?;
        Some(FloorCheck {
            key: ceiling_key,
            value,
            floor: ceiling,
            result: check_ceiling(value, ceiling),
            ceiling: true,
        })
    }
}

fn flatten(
    name: &str,
    prefix: &str,
    table: &toml::Table,
    out: &mut BTreeMap<String, f64>,
) -> Result<(), EvalError> {
    for (k, v) in table {
        let path = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        let x = match v {
            toml::Value::Table(t) => {
                flatten(name, &path, t, out)?;
                continue;
            }
            toml::Value::Float(f) => *f,
            toml::Value::Integer(i) => *i as f64,
            other => {
                return Err(EvalError::input(
                    name,
                    format!("{path}: expected a number, found {}", other.type_str()),
                ));
            }
        };
        if !(0.0..=1.0).contains(&x) {
            return Err(EvalError::input(
                name,
                format!("{path}: floor {x} is outside [0, 1] (scores are fractions)"),
            ));
        }
        out.insert(path, x);
    }
    Ok(())
}

/// Fails when `report_value` is more than `tolerance_points` points (hundredths) below
/// `floor`. Both are fractions in `[0, 1]`.
pub fn check_floor(report_value: f64, floor: f64, tolerance_points: f64) -> Result<(), String> {
    let tolerance = tolerance_points / 100.0;
    // A small epsilon so that exactly `tolerance` below the floor passes despite rounding.
    if report_value.is_nan() || report_value + tolerance + 1e-9 < floor {
        Err(format!(
            "score {:.2} is more than {tolerance_points} points below the floor {:.2}",
            100.0 * report_value,
            100.0 * floor
        ))
    } else {
        Ok(())
    }
}

/// Fails when `report_value` is above `ceiling` (no tolerance; see the module notes).
pub fn check_ceiling(report_value: f64, ceiling: f64) -> Result<(), String> {
    if report_value.is_nan() || report_value > ceiling + 1e-9 {
        Err(format!(
            "score {:.2} is above the ceiling {:.2}",
            100.0 * report_value,
            100.0 * ceiling
        ))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floors_parse_nested_tables_and_check_with_tolerance() {
        let f = Floors::parse(
            "floors.toml",
            "[muc4.processed_dev]\nceaf_ree_f1 = 0.30\n[rand]\ncountry = 1\n",
        )
        .unwrap();
        assert_eq!(f.get("muc4.processed_dev.ceaf_ree_f1"), Some(0.30));
        assert_eq!(f.get("rand.country"), Some(1.0));
        assert!(
            f.check("muc4.processed_dev.ceaf_ree_f1", 0.285, 2.0)
                .unwrap()
                .result
                .is_ok()
        );
        assert!(
            f.check("muc4.processed_dev.ceaf_ree_f1", 0.28, 2.0)
                .unwrap()
                .result
                .is_ok()
        );
        assert!(
            f.check("muc4.processed_dev.ceaf_ree_f1", 0.279, 2.0)
                .unwrap()
                .result
                .is_err()
        );
        assert!(f.check("nope", 0.1, 2.0).is_none());
    }

    #[test]
    fn max_keys_are_ceilings_without_tolerance() {
        let f = Floors::parse("f.toml", "[coref]\nmax_wrong_rate = 0.005\nmerged = 0.8\n").unwrap();
        let ok = f.check("coref.wrong_rate", 0.005, 2.0).unwrap();
        assert!(ok.ceiling && ok.result.is_ok());
        assert_eq!(ok.key, "coref.max_wrong_rate");
        let over = f.check("coref.wrong_rate", 0.006, 2.0).unwrap();
        assert!(over.result.unwrap_err().contains("above the ceiling"));
        let floor = f.check("coref.merged", 0.79, 2.0).unwrap();
        assert!(!floor.ceiling && floor.result.is_ok());
        assert!(f.check("coref.other", 0.5, 2.0).is_none());
        assert!(check_ceiling(f64::NAN, 1.0).is_err());
    }

    #[test]
    fn bad_floors_name_the_key() {
        let e = Floors::parse("f.toml", "[a]\nb = \"high\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("f.toml") && e.contains("a.b"), "{e}");
        let e = Floors::parse("f.toml", "[a]\nb = 54.5\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("outside"), "{e}");
        assert!(check_floor(f64::NAN, 0.0, 2.0).is_err());
    }
}

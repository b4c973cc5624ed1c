//! Scoring of forewarn's extraction against gold sets: the one job behind `forewarn eval`.
//!
//! The crate loads the gold formats of `../shared/bench` and `../shared/gold` (MUC-4 processed
//! JSON lines, MUC-3/4 raw texts and answer keys, the RAND CSV, GTD/ACLED CSV extracts and the
//! seed-report gold JSON), scores predictions against them, renders the reports for a terminal
//! and writes the predictions in formats other scorers read.
//!
//! It does not depend on forewarn's extraction crates: a caller implements [`Predictor`] (or
//! builds the plain prediction types directly) and plugs its extractor in. Every scorer comes
//! in two steps — *predict* (run a [`Predictor`] over the gold texts) and *score* (compare
//! predictions with gold) — so predictions can be written out with the `write_*` functions
//! and scored by someone else's scorer as well.
//!
//! Scores are fractions in `[0, 1]`; a "point" in [`check_floor`] is `0.01`.

mod coref;
mod country;
mod error;
mod floors;
mod forewarn;
mod incidents;
mod metrics;
mod muc;
mod pipeline;
mod predict;
mod seeds;
mod text;
mod vocab;

pub use coref::{
    PairOutcome, PairResult, PairsCorefReport, ReportPair, RowsCorefReport, WrongMerge,
    evidence_kind, find_pairs, pairs_coref_metrics, parse_pair_report, rows_coref_metrics,
    run_pairs_coref, run_rows_coref,
};
pub use country::{country_codes, country_name_to_iso2};
pub use error::EvalError;
pub use floors::{FloorCheck, Floors, check_ceiling, check_floor};
pub use forewarn::ForewarnPredictor;
pub use incidents::{
    GoldIncident, IncidentField, IncidentFormat, IncidentPredictions, IncidentReport, IncidentSet,
    Mistake, WithinTolerance, load_incident_rows, load_incidents, parse_incident_rows,
    parse_incidents, predict_incidents, primary_incident, score_incidents,
    write_incident_predictions,
};
pub use metrics::{ErrorCount, FieldScore, Prf, hungarian_max};
pub use muc::keys::{
    Filler, KeyDate, KeyDateRange, KeyDay, KeyLocation, KeyReport, KeyTemplate, Slot,
    load_muc_keys, muc_incident_type, parse_muc_keys, predict_muc_raw, score_muc_keys,
};
pub use muc::processed::{
    CeafReport, MentionNormalisation, MucPredictions, ProcessedDoc, ROLES, load_processed,
    normalise_mention, parse_processed, predict_processed, score_ceaf_ree, write_muc_predictions,
};
pub use muc::raw::{RawText, load_muc_texts, parse_muc_texts};
pub use pipeline::{
    SeedsRun, ceaf_metrics, incident_metrics, key_metrics, run_seeds, seeds_metrics,
};
pub use predict::{PredictedIncident, Predictor, RoleFillers};
pub use seeds::{SeedsGold, SeedsReport, load_seeds_gold, score_seeds};
pub use text::{fold_diacritics, normalise_name, text_has_explicit_date};
pub use vocab::{
    gtd_attack_type, gtd_target_type, gtd_weapon_type, muc_country_code, rand_weapon_type,
};

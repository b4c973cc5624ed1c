//! The prediction interface: what a system says about one text, as plain types.
//!
//! forewarn's extraction fills these later; tests fill them by hand. Keeping them here, and
//! not in the extraction crates, lets the scorers be built and tested on their own.

use forewarn_model::FuzzyDate;
use serde::{Deserialize, Serialize};

/// What a system predicts for one incident found in a text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PredictedIncident {
    /// Event kind: `attack`, `arrest`, `military_operation`, `airstrike`, `designation`,
    /// `threat`, `other` (`None` is read as an attack).
    pub kind: Option<String>,
    /// GTD-like attack type in snake_case: `bombing`, `armed_assault`, `assassination`,
    /// `hostage_taking`, `kidnapping`, `facility_attack`, `unarmed_assault`, `hijacking`,
    /// `unknown`.
    pub attack_type: Option<String>,
    /// When it happened, at the precision the text gives.
    pub date: Option<FuzzyDate>,
    /// ISO 3166-1 alpha-2 code (a country name is accepted too).
    pub country: Option<String>,
    /// First-level administrative division (province, state, governorate...).
    pub admin1: Option<String>,
    /// City, town or village.
    pub city: Option<String>,
    /// Canonical names of the perpetrators.
    pub perpetrators: Vec<String>,
    /// The perpetrators as written in the text.
    pub perpetrator_mentions: Vec<String>,
    /// Whether responsibility was claimed.
    pub claimed: Option<bool>,
    /// Number killed (best estimate).
    pub killed: Option<u32>,
    /// Number injured (best estimate).
    pub injured: Option<u32>,
    /// GTD-like target types (`private_citizens`, `military`, `police`, ...).
    pub target_types: Vec<String>,
    /// Weapon types: `firearms`, `explosives`, `incendiary`, `melee`, `vehicle`,
    /// `chemical`, `unknown`.
    pub weapon_types: Vec<String>,
}

/// MUC-4 role fillers predicted for one document; each entity is the list of its mentions
/// as written (the first is its canonical mention).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleFillers {
    /// Individual perpetrators (`PerpInd`).
    pub perp_ind: Vec<Vec<String>>,
    /// Perpetrator organisations (`PerpOrg`).
    pub perp_org: Vec<Vec<String>>,
    /// Physical targets (`Target`).
    pub target: Vec<Vec<String>>,
    /// Human targets (`Victim`).
    pub victim: Vec<Vec<String>>,
    /// Instruments (`Weapon`).
    pub weapon: Vec<Vec<String>>,
}

impl RoleFillers {
    /// The entities of a role by its MUC-4 name (`PerpInd`, `PerpOrg`, `Target`, `Victim`,
    /// `Weapon`); `None` for any other name.
    pub fn role(&self, name: &str) -> Option<&Vec<Vec<String>>> {
        match name {
            "PerpInd" => Some(&self.perp_ind),
            "PerpOrg" => Some(&self.perp_org),
            "Target" => Some(&self.target),
            "Victim" => Some(&self.victim),
            "Weapon" => Some(&self.weapon),
            _ => None,
        }
    }
}

/// An extraction system under evaluation.
pub trait Predictor {
    /// The incidents found in `text`; `reference` is the text's own date (e.g. a dateline),
    /// against which relative dates are resolved.
    fn incidents(&self, text: &str, reference: Option<jiff::civil::Date>)
    -> Vec<PredictedIncident>;

    /// The MUC-4 role fillers found in `text`.
    fn role_fillers(&self, text: &str, reference: Option<jiff::civil::Date>) -> RoleFillers;
}

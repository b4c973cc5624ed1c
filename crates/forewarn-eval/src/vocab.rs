//! Mapping tables from the gold sets' coded values to forewarn's snake_case vocabulary.
//!
//! `None` means "not meaningful for scoring" (Unknown, N/A, blank). Values with no forewarn
//! equivalent map to their own snake_case name (e.g. `biological`), so they still count as
//! gold and show up as misses instead of silently disappearing.

use crate::country::country_codes;
use crate::text::normalise_name;

/// GTD `attacktype1_txt` to forewarn's attack type.
///
/// | GTD | forewarn |
/// |---|---|
/// | Assassination | assassination |
/// | Armed Assault | armed_assault |
/// | Bombing/Explosion | bombing |
/// | Hijacking | hijacking |
/// | Hostage Taking (Barricade Incident) | hostage_taking |
/// | Hostage Taking (Kidnapping) | kidnapping |
/// | Facility/Infrastructure Attack | facility_attack |
/// | Unarmed Assault | unarmed_assault |
/// | Unknown, N/A, blank | not scored |
pub fn gtd_attack_type(value: &str) -> Option<&'static str> {
    Some(match normalise_name(value, &[]).as_str() {
        "assassination" => "assassination",
        "armed assault" => "armed_assault",
        "bombing explosion" | "bombing" | "explosion" => "bombing",
        "hijacking" => "hijacking",
        "hostage taking barricade incident" => "hostage_taking",
        "hostage taking kidnapping" | "kidnapping" => "kidnapping",
        "facility infrastructure attack" => "facility_attack",
        "unarmed assault" => "unarmed_assault",
        _ => return None,
    })
}

/// GTD `targtype1_txt` to forewarn's target type.
///
/// | GTD | forewarn |
/// |---|---|
/// | Private Citizens & Property, Tourists | private_citizens |
/// | Military | military |
/// | Police | police |
/// | Religious Figures/Institutions | religious |
/// | Government (General) | government |
/// | Government (Diplomatic) | government_diplomatic |
/// | Business | business |
/// | NGO | ngo |
/// | Transportation, Airports & Aircraft, Maritime | transport |
/// | Utilities, Food or Water Supply, Telecommunication | utilities |
/// | Educational Institution | educational |
/// | Journalists & Media | journalists |
/// | Terrorists/Non-State Militia | non_state_militia |
/// | Violent Political Party, Abortion Related, Other | other |
/// | Unknown, N/A, blank | not scored |
pub fn gtd_target_type(value: &str) -> Option<&'static str> {
    Some(match normalise_name(value, &[]).as_str() {
        "private citizens property" | "tourists" => "private_citizens",
        "military" => "military",
        "police" => "police",
        "religious figures institutions" => "religious",
        "government general" => "government",
        "government diplomatic" => "government_diplomatic",
        "business" => "business",
        "ngo" => "ngo",
        "transportation" | "airports aircraft" | "maritime" => "transport",
        "utilities" | "food or water supply" | "telecommunication" => "utilities",
        "educational institution" => "educational",
        "journalists media" => "journalists",
        "terrorists non state militia" => "non_state_militia",
        "violent political party" | "abortion related" | "other" => "other",
        _ => return None,
    })
}

/// GTD `weaptype1_txt` to forewarn's weapon type.
///
/// | GTD | forewarn |
/// |---|---|
/// | Firearms | firearms |
/// | Explosives (also Explosives/Bombs/Dynamite) | explosives |
/// | Incendiary | incendiary |
/// | Melee | melee |
/// | Vehicle (not to include vehicle-borne explosives, ...) | vehicle |
/// | Chemical | chemical |
/// | Biological, Radiological, Nuclear | biological, radiological, nuclear |
/// | Fake Weapons, Sabotage Equipment, Other | fake_weapons, sabotage_equipment, other |
/// | Unknown, N/A, blank | not scored |
pub fn gtd_weapon_type(value: &str) -> Option<&'static str> {
    let n = normalise_name(value, &[]);
    if n.starts_with("vehicle") {
        return Some("vehicle");
    }
    if n.starts_with("explosives") {
        return Some("explosives");
    }
    Some(match n.as_str() {
        "firearms" => "firearms",
        "incendiary" => "incendiary",
        "melee" => "melee",
        "chemical" => "chemical",
        "biological" => "biological",
        "radiological" => "radiological",
        "nuclear" => "nuclear",
        "fake weapons" => "fake_weapons",
        "sabotage equipment" => "sabotage_equipment",
        "other" => "other",
        _ => return None,
    })
}

/// RAND `Weapon` to forewarn's weapon type.
///
/// | RAND | forewarn |
/// |---|---|
/// | Explosives, Remote-detonated explosive, Bombing | explosives |
/// | Firearms | firearms |
/// | Fire or Firebomb | incendiary |
/// | Knives & sharp objects | melee |
/// | Chemical Agent | chemical |
/// | Biological Agent | biological |
/// | Other | other |
/// | Unknown, blank | not scored |
pub fn rand_weapon_type(value: &str) -> Option<&'static str> {
    Some(match normalise_name(value, &[]).as_str() {
        "explosives" | "remote detonated explosive" | "bombing" => "explosives",
        "firearms" => "firearms",
        "fire or firebomb" => "incendiary",
        "knives sharp objects" => "melee",
        "chemical agent" => "chemical",
        "biological agent" => "biological",
        "other" => "other",
        _ => return gtd_weapon_type(value),
    })
}

/// The ISO codes a MUC key's country name may stand for (e.g. `EL SALVADOR` -> `SV`).
pub fn muc_country_code(name: &str) -> Vec<&'static str> {
    country_codes(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gtd_values_map_to_forewarn_vocabulary() {
        assert_eq!(gtd_attack_type("Bombing/Explosion"), Some("bombing"));
        assert_eq!(
            gtd_attack_type("Hostage Taking (Kidnapping)"),
            Some("kidnapping")
        );
        assert_eq!(
            gtd_attack_type("Facility/Infrastructure Attack"),
            Some("facility_attack")
        );
        assert_eq!(gtd_attack_type("Unknown"), None);
        assert_eq!(
            gtd_target_type("Private Citizens & Property"),
            Some("private_citizens")
        );
        assert_eq!(
            gtd_target_type("Government (Diplomatic)"),
            Some("government_diplomatic")
        );
        assert_eq!(
            gtd_target_type("Religious Figures/Institutions"),
            Some("religious")
        );
        assert_eq!(gtd_target_type("N/A"), None);
        assert_eq!(
            gtd_weapon_type(
                "Vehicle (not to include vehicle-borne explosives, i.e., car or truck bombs)"
            ),
            Some("vehicle")
        );
        assert_eq!(gtd_weapon_type("Explosives"), Some("explosives"));
        assert_eq!(gtd_weapon_type("Unknown"), None);
    }

    #[test]
    fn rand_weapons_map_to_forewarn_vocabulary() {
        assert_eq!(rand_weapon_type("Fire or Firebomb"), Some("incendiary"));
        assert_eq!(
            rand_weapon_type("Remote-detonated explosive"),
            Some("explosives")
        );
        assert_eq!(rand_weapon_type("Knives & sharp objects"), Some("melee"));
        assert_eq!(rand_weapon_type("Unknown"), None);
        assert_eq!(rand_weapon_type(""), None);
    }
}

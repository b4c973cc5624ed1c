//! forewarn's vocabulary in the codes of the datasets analysts already use: ACLED's event
//! types and precision codes, GTD's attack, target and weapon texts and its specificity, and
//! country names. The attack-type and ACLED event-type tables live beside the extractor
//! (`forewarn_extract::frames`), which scores against the same codebooks; the target and
//! weapon tables here are the inverse of the evaluation's readers of GTD rows.

use forewarn_model::{DatePrecision, FuzzyDate, GeoPrecision, TargetType, WeaponType};

/// ACLED's `time_precision`: 1 for a known day, 2 for a known week, 3 for a longer period.
pub fn acled_time_precision(d: &FuzzyDate) -> u8 {
    match d.precision {
        DatePrecision::Day => 1,
        _ if d.span_days() <= 7 => 2,
        _ => 3,
    }
}

/// The day ACLED codes for an interval: the day itself, else its middle (as ACLED codes an
/// event known only to a week or month at the middle of it).
pub fn acled_event_date(d: &FuzzyDate) -> jiff::civil::Date {
    let half = (d.span_days() - 1) / 2;
    d.start
        .checked_add(jiff::Span::new().days(i64::from(half)))
        .unwrap_or(d.start)
}

/// ACLED's `geo_precision`: 1 for a town or a site in it, 3 for a province or anything
/// larger (forewarn places nothing at ACLED's 2, "near a town"); `None` when unplaced.
pub fn acled_geo_precision(p: GeoPrecision) -> Option<u8> {
    match p {
        GeoPrecision::Site | GeoPrecision::City => Some(1),
        GeoPrecision::Admin1 | GeoPrecision::Country | GeoPrecision::Region => Some(3),
        GeoPrecision::Unknown => None,
    }
}

/// GTD's `specificity`: 1 for a town (coordinates of the town), 4 for a province (its
/// centroid), 5 for a country or region; `None` when unplaced. forewarn has no second-order
/// divisions, so GTD's 2 and 3 do not occur.
pub fn gtd_specificity(p: GeoPrecision) -> Option<u8> {
    match p {
        GeoPrecision::Site | GeoPrecision::City => Some(1),
        GeoPrecision::Admin1 => Some(4),
        GeoPrecision::Country | GeoPrecision::Region => Some(5),
        GeoPrecision::Unknown => None,
    }
}

/// GTD's `iyear`, `imonth`, `iday` (0 for an unknown month or day) and `approxdate` (the
/// interval as forewarn writes it, empty for a known day).
pub fn gtd_date(d: &FuzzyDate) -> (i16, i8, i8, String) {
    let (s, e) = (d.start, d.end);
    match d.precision {
        DatePrecision::Day => (s.year(), s.month(), s.day(), String::new()),
        _ => {
            let month = if s.year() == e.year() && s.month() == e.month() {
                s.month()
            } else {
                0
            };
            (s.year(), month, 0, d.to_string())
        }
    }
}

/// GTD's `targtype1_txt` for a forewarn target type.
pub fn gtd_target_type(t: TargetType) -> &'static str {
    match t {
        TargetType::PrivateCitizens => "Private Citizens & Property",
        TargetType::Military => "Military",
        TargetType::Police => "Police",
        TargetType::Religious => "Religious Figures/Institutions",
        TargetType::Government => "Government (General)",
        TargetType::GovernmentDiplomatic => "Government (Diplomatic)",
        TargetType::Business => "Business",
        TargetType::Ngo => "NGO",
        TargetType::Transport => "Transportation",
        TargetType::Utilities => "Utilities",
        TargetType::Educational => "Educational Institution",
        TargetType::Journalists => "Journalists & Media",
        TargetType::NonStateMilitia => "Terrorists/Non-State Militia",
        TargetType::Other => "Other",
    }
}

/// GTD's `weaptype1_txt` for a forewarn weapon type.
pub fn gtd_weapon_type(w: WeaponType) -> &'static str {
    match w {
        WeaponType::Firearms => "Firearms",
        WeaponType::Explosives => "Explosives",
        WeaponType::Incendiary => "Incendiary",
        WeaponType::Melee => "Melee",
        WeaponType::Vehicle => {
            "Vehicle (not to include vehicle-borne explosives, i.e., car or truck bombs)"
        }
        WeaponType::Chemical => "Chemical",
        WeaponType::Unknown => "Unknown",
    }
}

/// ACLED's second actor for a target: the civilians, military or police of the country (an
/// approximation: ACLED names the specific force or community where it can).
pub fn acled_target_actor(t: TargetType, country: Option<&str>) -> Option<String> {
    let base = match t {
        TargetType::Military => "Military Forces",
        TargetType::Police => "Police Forces",
        TargetType::NonStateMilitia | TargetType::Other => return None,
        _ => "Civilians",
    };
    Some(match (t, country) {
        (TargetType::Military | TargetType::Police, Some(c)) => format!("{base} of {c}"),
        (_, Some(c)) => format!("{base} ({c})"),
        (_, None) => base.to_string(),
    })
}

/// The country's name and ISO 3166-1 alpha-3 code from the gazetteer, by alpha-2 code.
pub fn country(iso2: &str) -> Option<(&'static str, Option<&'static str>)> {
    let entry = forewarn_gazetteer::Gazetteer::global().country(iso2)?;
    Some((entry.name.as_str(), entry.iso3.as_deref()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn dates_map_to_acled_precision_and_middle_day() {
        let day = FuzzyDate::day(date(2021, 8, 26));
        assert_eq!(acled_time_precision(&day), 1);
        assert_eq!(acled_event_date(&day), date(2021, 8, 26));
        let week = FuzzyDate::range(date(2021, 8, 23), date(2021, 8, 29));
        assert_eq!(acled_time_precision(&week), 2);
        assert_eq!(acled_event_date(&week), date(2021, 8, 26));
        let month = FuzzyDate::month(2021, 8).unwrap();
        assert_eq!(acled_time_precision(&month), 3);
        assert_eq!(acled_event_date(&month), date(2021, 8, 16));
    }

    #[test]
    fn dates_map_to_gtd_fields_with_zero_for_unknown_parts() {
        assert_eq!(
            gtd_date(&FuzzyDate::day(date(2024, 3, 22))),
            (2024, 3, 22, String::new())
        );
        assert_eq!(
            gtd_date(&FuzzyDate::month(2024, 3).unwrap()),
            (2024, 3, 0, "2024-03".to_string())
        );
        assert_eq!(
            gtd_date(&FuzzyDate::year(2017).unwrap()),
            (2017, 0, 0, "2017".to_string())
        );
        let spring = FuzzyDate::range(date(2017, 3, 1), date(2017, 5, 31));
        let (y, m, d, approx) = gtd_date(&spring);
        assert_eq!((y, m, d), (2017, 0, 0));
        assert!(
            approx.contains("2017-03") && approx.contains("2017-05"),
            "{approx}"
        );
    }

    #[test]
    fn places_map_to_precision_codes() {
        assert_eq!(acled_geo_precision(GeoPrecision::City), Some(1));
        assert_eq!(acled_geo_precision(GeoPrecision::Admin1), Some(3));
        assert_eq!(acled_geo_precision(GeoPrecision::Unknown), None);
        assert_eq!(gtd_specificity(GeoPrecision::Site), Some(1));
        assert_eq!(gtd_specificity(GeoPrecision::Admin1), Some(4));
        assert_eq!(gtd_specificity(GeoPrecision::Country), Some(5));
    }

    #[test]
    fn every_target_and_weapon_type_has_a_gtd_text() {
        for t in TargetType::ALL {
            assert!(!gtd_target_type(*t).is_empty());
        }
        for w in WeaponType::ALL {
            assert!(!gtd_weapon_type(*w).is_empty());
        }
        assert_eq!(
            acled_target_actor(TargetType::Police, Some("Afghanistan")).as_deref(),
            Some("Police Forces of Afghanistan")
        );
        assert_eq!(
            acled_target_actor(TargetType::PrivateCitizens, Some("Russia")).as_deref(),
            Some("Civilians (Russia)")
        );
    }

    #[test]
    fn countries_have_names_and_alpha3_codes() {
        let (name, iso3) = country("af").unwrap();
        assert_eq!(name, "Afghanistan");
        assert_eq!(iso3, Some("AFG"));
        assert!(country("QQ").is_none());
    }
}

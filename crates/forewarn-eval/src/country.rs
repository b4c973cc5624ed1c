//! Country names to ISO 3166-1 alpha-2 codes.
//!
//! The gold sets write countries as names ("United States", "West Bank/Gaza", "EL SALVADOR",
//! "Federal Republic of Germany"); forewarn predicts ISO codes. The table holds the current
//! English short names, common variants, and the historical or regional names the RAND, GTD,
//! ACLED and MUC files use. A historical state maps to every successor code ("USSR" accepts
//! RU, UA, ...) and a dependency to its own code and its sovereign's, because a gazetteer may
//! give either.

use crate::text::normalise_name;

/// `(code, names)`: current countries and territories.
const COUNTRIES: &[(&str, &[&str])] = &[
    ("AF", &["Afghanistan"]),
    ("AL", &["Albania"]),
    ("DZ", &["Algeria"]),
    ("AD", &["Andorra"]),
    ("AO", &["Angola"]),
    ("AG", &["Antigua and Barbuda", "Antigua"]),
    ("AR", &["Argentina"]),
    ("AM", &["Armenia"]),
    ("AU", &["Australia"]),
    ("AT", &["Austria"]),
    ("AZ", &["Azerbaijan"]),
    ("BS", &["Bahamas", "The Bahamas"]),
    ("BH", &["Bahrain"]),
    ("BD", &["Bangladesh", "East Pakistan"]),
    ("BB", &["Barbados"]),
    ("BY", &["Belarus", "Byelorussia"]),
    ("BE", &["Belgium"]),
    ("BZ", &["Belize"]),
    ("BJ", &["Benin", "Dahomey", "Benin, Dahomey"]),
    ("BT", &["Bhutan"]),
    ("BO", &["Bolivia"]),
    (
        "BA",
        &["Bosnia and Herzegovina", "Bosnia-Herzegovina", "Bosnia"],
    ),
    ("BW", &["Botswana"]),
    ("BR", &["Brazil"]),
    ("BN", &["Brunei", "Brunei Darussalam"]),
    ("BG", &["Bulgaria"]),
    ("BF", &["Burkina Faso", "Upper Volta"]),
    ("BI", &["Burundi"]),
    ("KH", &["Cambodia", "Kampuchea"]),
    ("CM", &["Cameroon"]),
    ("CA", &["Canada"]),
    ("CV", &["Cape Verde", "Cabo Verde"]),
    ("CF", &["Central African Republic", "CAR"]),
    ("TD", &["Chad"]),
    ("CL", &["Chile"]),
    (
        "CN",
        &[
            "China",
            "People's Republic of China",
            "China, People's Republic of",
            "PRC",
        ],
    ),
    ("CO", &["Colombia"]),
    ("KM", &["Comoros"]),
    (
        "CG",
        &[
            "Republic of the Congo",
            "Congo (Brazzaville)",
            "Congo-Brazzaville",
            "Congo",
        ],
    ),
    (
        "CD",
        &[
            "Democratic Republic of the Congo",
            "Democratic Republic of Congo",
            "DR Congo",
            "DRC",
            "Congo (Kinshasa)",
            "Zaire",
            "Zaire (Belgian Congo)",
        ],
    ),
    ("CR", &["Costa Rica"]),
    ("CI", &["Cote d'Ivoire", "Ivory Coast"]),
    ("HR", &["Croatia"]),
    ("CU", &["Cuba"]),
    ("CY", &["Cyprus"]),
    ("CZ", &["Czech Republic", "Czechia"]),
    ("DK", &["Denmark"]),
    ("DJ", &["Djibouti"]),
    ("DM", &["Dominica"]),
    ("DO", &["Dominican Republic"]),
    ("TL", &["Timor-Leste", "East Timor"]),
    ("EC", &["Ecuador"]),
    ("EG", &["Egypt"]),
    ("SV", &["El Salvador"]),
    ("GQ", &["Equatorial Guinea"]),
    ("ER", &["Eritrea"]),
    ("EE", &["Estonia"]),
    ("SZ", &["Eswatini", "Swaziland"]),
    ("ET", &["Ethiopia"]),
    ("FJ", &["Fiji"]),
    ("FI", &["Finland"]),
    ("FR", &["France"]),
    ("GA", &["Gabon"]),
    ("GM", &["Gambia", "The Gambia"]),
    ("GE", &["Georgia"]),
    (
        "DE",
        &["Germany", "Federal Republic of Germany", "West Germany"],
    ),
    ("GH", &["Ghana"]),
    ("GR", &["Greece"]),
    ("GD", &["Grenada"]),
    ("GT", &["Guatemala"]),
    ("GN", &["Guinea"]),
    ("GW", &["Guinea-Bissau"]),
    ("GY", &["Guyana"]),
    ("HT", &["Haiti"]),
    ("HN", &["Honduras"]),
    ("HU", &["Hungary"]),
    ("IS", &["Iceland"]),
    ("IN", &["India"]),
    ("ID", &["Indonesia"]),
    ("IR", &["Iran", "Islamic Republic of Iran"]),
    ("IQ", &["Iraq"]),
    ("IE", &["Ireland", "Republic of Ireland"]),
    ("IL", &["Israel"]),
    ("IT", &["Italy"]),
    ("JM", &["Jamaica"]),
    ("JP", &["Japan"]),
    ("JO", &["Jordan"]),
    ("KZ", &["Kazakhstan"]),
    ("KE", &["Kenya"]),
    ("KI", &["Kiribati"]),
    (
        "KP",
        &[
            "North Korea",
            "Korea, North",
            "Democratic People's Republic of Korea",
        ],
    ),
    (
        "KR",
        &["South Korea", "Korea, South", "Republic of Korea", "Korea"],
    ),
    ("XK", &["Kosovo", "FRY (Kosovo)"]),
    ("KW", &["Kuwait"]),
    ("KG", &["Kyrgyzstan"]),
    ("LA", &["Laos"]),
    ("LV", &["Latvia"]),
    ("LB", &["Lebanon"]),
    ("LS", &["Lesotho"]),
    ("LR", &["Liberia"]),
    ("LY", &["Libya"]),
    ("LI", &["Liechtenstein"]),
    ("LT", &["Lithuania"]),
    ("LU", &["Luxembourg"]),
    ("MG", &["Madagascar"]),
    ("MW", &["Malawi"]),
    ("MY", &["Malaysia"]),
    ("MV", &["Maldives"]),
    ("ML", &["Mali"]),
    ("MT", &["Malta"]),
    ("MH", &["Marshall Islands"]),
    ("MR", &["Mauritania"]),
    ("MU", &["Mauritius"]),
    ("MX", &["Mexico"]),
    ("FM", &["Micronesia"]),
    ("MD", &["Moldova"]),
    ("MC", &["Monaco"]),
    ("MN", &["Mongolia"]),
    ("ME", &["Montenegro", "FRY (Montenegro)"]),
    ("MA", &["Morocco"]),
    ("MZ", &["Mozambique"]),
    ("MM", &["Myanmar", "Burma", "Burma (Myanmar)"]),
    ("NA", &["Namibia", "Namibia, SWAf", "South West Africa"]),
    ("NR", &["Nauru"]),
    ("NP", &["Nepal"]),
    ("NL", &["Netherlands", "Holland"]),
    ("NZ", &["New Zealand"]),
    ("NI", &["Nicaragua"]),
    ("NE", &["Niger"]),
    ("NG", &["Nigeria"]),
    ("MK", &["North Macedonia", "Macedonia"]),
    ("NO", &["Norway"]),
    ("OM", &["Oman"]),
    ("PK", &["Pakistan"]),
    ("PW", &["Palau"]),
    (
        "PS",
        &[
            "Palestine",
            "West Bank/Gaza",
            "West Bank and Gaza Strip",
            "West Bank",
            "Gaza",
            "Gaza Strip",
            "Palestinian Territories",
        ],
    ),
    ("PA", &["Panama"]),
    ("PG", &["Papua New Guinea", "Papua-New Guinea"]),
    ("PY", &["Paraguay"]),
    ("PE", &["Peru"]),
    ("PH", &["Philippines"]),
    ("PL", &["Poland"]),
    ("PT", &["Portugal", "Azores", "Madeira"]),
    ("QA", &["Qatar"]),
    ("RO", &["Romania"]),
    ("RU", &["Russia", "Russian Federation", "Chechnya"]),
    ("RW", &["Rwanda"]),
    ("KN", &["Saint Kitts and Nevis"]),
    ("LC", &["Saint Lucia"]),
    ("VC", &["Saint Vincent and the Grenadines"]),
    ("WS", &["Samoa"]),
    ("SM", &["San Marino"]),
    ("ST", &["Sao Tome and Principe"]),
    ("SA", &["Saudi Arabia"]),
    ("SN", &["Senegal"]),
    ("RS", &["Serbia", "FRY (Serbia)", "FRY (Southern Serbia)"]),
    ("SC", &["Seychelles"]),
    ("SL", &["Sierra Leone"]),
    ("SG", &["Singapore"]),
    ("SK", &["Slovakia", "Slovak Republic"]),
    ("SI", &["Slovenia"]),
    ("SB", &["Solomon Islands"]),
    ("SO", &["Somalia"]),
    ("ZA", &["South Africa", "Transkei"]),
    ("SS", &["South Sudan"]),
    ("ES", &["Spain", "Canary Islands"]),
    ("LK", &["Sri Lanka", "Sri Lanka (Ceylon)", "Ceylon"]),
    ("SD", &["Sudan"]),
    ("SR", &["Suriname", "Surinam"]),
    ("SE", &["Sweden"]),
    ("CH", &["Switzerland"]),
    ("SY", &["Syria", "Syrian Arab Republic"]),
    (
        "TW",
        &["Taiwan", "China, Republic of (Taiwan)", "Republic of China"],
    ),
    ("TJ", &["Tajikistan"]),
    ("TZ", &["Tanzania"]),
    ("TH", &["Thailand"]),
    ("TG", &["Togo"]),
    ("TO", &["Tonga"]),
    (
        "TT",
        &["Trinidad and Tobago", "Trinidad-Tobago", "Trinidad"],
    ),
    ("TN", &["Tunisia"]),
    ("TR", &["Turkey", "Turkiye"]),
    ("TM", &["Turkmenistan"]),
    ("TV", &["Tuvalu"]),
    ("UG", &["Uganda"]),
    ("UA", &["Ukraine"]),
    (
        "AE",
        &["United Arab Emirates", "UAE", "Trucial Oman States"],
    ),
    (
        "GB",
        &[
            "United Kingdom",
            "UK",
            "Great Britain",
            "Britain",
            "England",
            "Scotland",
            "Wales",
            "Northern Ireland",
        ],
    ),
    (
        "US",
        &[
            "United States",
            "United States of America",
            "USA",
            "U.S.",
            "U.S.A.",
        ],
    ),
    ("UY", &["Uruguay"]),
    ("UZ", &["Uzbekistan"]),
    ("VU", &["Vanuatu"]),
    ("VA", &["Vatican City", "Holy See", "Vatican"]),
    ("VE", &["Venezuela"]),
    ("VN", &["Vietnam", "Viet Nam"]),
    ("EH", &["Western Sahara"]),
    ("YE", &["Yemen", "South Yemen", "North Yemen"]),
    ("ZM", &["Zambia"]),
    ("ZW", &["Zimbabwe", "Zimbabwe (Rhodesia)", "Rhodesia"]),
    ("HK", &["Hong Kong"]),
    ("MO", &["Macao", "Macau"]),
    ("PR", &["Puerto Rico"]),
    ("PF", &["French Polynesia"]),
    ("GP", &["Guadeloupe"]),
    ("MQ", &["Martinique"]),
    ("GF", &["French Guiana"]),
    ("NC", &["New Caledonia"]),
    ("RE", &["Reunion"]),
    ("GI", &["Gibraltar"]),
    ("GL", &["Greenland"]),
    ("BM", &["Bermuda"]),
    ("CW", &["Curacao"]),
    ("AW", &["Aruba"]),
];

/// Names that accept several codes: former states (every successor) and places coded
/// either on their own or under their sovereign.
const MULTI: &[(&str, &[&str])] = &[
    (
        "USSR",
        &[
            "RU", "UA", "BY", "MD", "EE", "LV", "LT", "GE", "AM", "AZ", "KZ", "KG", "TJ", "TM",
            "UZ",
        ],
    ),
    (
        "Soviet Union",
        &[
            "RU", "UA", "BY", "MD", "EE", "LV", "LT", "GE", "AM", "AZ", "KZ", "KG", "TJ", "TM",
            "UZ",
        ],
    ),
    ("Yugoslavia", &["RS", "HR", "SI", "BA", "MK", "ME", "XK"]),
    ("FRY", &["RS", "ME", "XK"]),
    ("Serbia-Montenegro", &["RS", "ME", "XK"]),
    ("Serbia and Montenegro", &["RS", "ME", "XK"]),
    ("Czechoslovakia", &["CZ", "SK"]),
    ("German Democratic Republic", &["DE"]),
    ("East Germany", &["DE"]),
    ("South Vietnam", &["VN"]),
    ("Kashmir", &["IN", "PK"]),
    ("Hong Kong", &["HK", "CN"]),
    ("Macao", &["MO", "CN"]),
    ("Puerto Rico", &["PR", "US"]),
    ("French Polynesia", &["PF", "FR"]),
    ("Guadeloupe", &["GP", "FR"]),
    ("Martinique", &["MQ", "FR"]),
    ("French Guiana", &["GF", "FR"]),
    ("New Caledonia", &["NC", "FR"]),
    ("Gibraltar", &["GI", "GB"]),
    ("Western Sahara", &["EH", "MA"]),
    ("Croatians", &["HR"]),
];

/// The ISO alpha-2 code of a country name, if it names exactly one country.
///
/// Matching ignores case, accents, punctuation and a leading "the". A two-letter input that
/// is itself a known code is returned upper-cased.
pub fn country_name_to_iso2(name: &str) -> Option<&'static str> {
    match country_codes(name).as_slice() {
        [one] => Some(one),
        _ => None,
    }
}

/// Every ISO alpha-2 code a country name (or code) may stand for; empty when unknown.
pub fn country_codes(name: &str) -> Vec<&'static str> {
    let trimmed = name.trim();
    if trimmed.len() == 2 && trimmed.chars().all(|c| c.is_ascii_alphabetic()) {
        let up = trimmed.to_ascii_uppercase();
        if let Some((code, _)) = COUNTRIES.iter().find(|(c, _)| *c == up) {
            return vec![code];
        }
    }
    let key = normalise_name(trimmed, &["the"]);
    if key.is_empty() {
        return Vec::new();
    }
    if let Some((_, codes)) = MULTI
        .iter()
        .find(|(n, _)| normalise_name(n, &["the"]) == key)
    {
        return codes.to_vec();
    }
    COUNTRIES
        .iter()
        .find(|(_, names)| names.iter().any(|n| normalise_name(n, &["the"]) == key))
        .map(|(code, _)| vec![*code])
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_each_gold_set_resolve() {
        assert_eq!(country_name_to_iso2("West Bank/Gaza"), Some("PS"));
        assert_eq!(country_name_to_iso2("EL SALVADOR"), Some("SV"));
        assert_eq!(country_name_to_iso2("Korea, South"), Some("KR"));
        assert_eq!(
            country_name_to_iso2("Federal Republic of Germany"),
            Some("DE")
        );
        assert_eq!(country_name_to_iso2("West Bank and Gaza Strip"), Some("PS"));
        assert_eq!(country_name_to_iso2("Côte d'Ivoire"), Some("CI"));
        assert_eq!(country_name_to_iso2("the United States"), Some("US"));
        assert_eq!(country_name_to_iso2("af"), Some("AF"));
        assert_eq!(country_name_to_iso2("Atlantis"), None);
    }

    #[test]
    fn former_states_accept_each_successor() {
        let ussr = country_codes("USSR");
        assert!(ussr.contains(&"RU") && ussr.contains(&"UA"));
        assert_eq!(country_name_to_iso2("USSR"), None);
        assert_eq!(country_codes("Hong Kong"), vec!["HK", "CN"]);
    }

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for (c, names) in COUNTRIES {
            assert!(
                c.len() == 2 && c.chars().all(|x| x.is_ascii_uppercase()),
                "{c}"
            );
            assert!(seen.insert(*c), "duplicate {c}");
            assert!(!names.is_empty());
        }
        for (_, codes) in MULTI {
            for c in *codes {
                assert!(seen.contains(c), "unknown code {c}");
            }
        }
    }
}

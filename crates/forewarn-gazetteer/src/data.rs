//! Reading the gazetteer's data files: `places.tsv.gz` (GeoNames, built by
//! `tools/gazetteer/build.py`), `extra.tsv` (hand-written aliases, regions, demonyms) and
//! `stoplist.txt` (place names that are also common words).

use std::collections::HashMap;
use std::io::Read;

use crate::fold::fold;
use crate::{Entry, GazetteerError, PlaceKind};

/// How much context a town named like a common word needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Stop {
    /// Not a common word.
    #[default]
    No,
    /// A locative word before it or a country or division after it ("in Mobile").
    Context,
    /// A country or division after it ("March, Cambridgeshire"): months, weekdays, agencies.
    Strict,
}

/// How a name refers to an entry.
pub(crate) mod flag {
    /// The entry's own GeoNames name (not an alternate).
    pub const PRIMARY: u8 = 1;
    /// A demonym or adjectival ("Afghan"), not a toponym.
    pub const DEMONYM: u8 = 2;
    /// Written in capitals as an abbreviation ("US", "DRC"): must appear in capitals.
    pub const ACRONYM: u8 = 4;
    /// A town's alternate name that is another name, not a spelling of its own: a historic,
    /// foreign-language or stray name ("Molotov" for Perm, "Hamas" for Hamm), unlike
    /// "Fallujah" for Al Fallūjah.
    pub const OTHER_NAME: u8 = 8;
}

/// One name's reference to an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NameRef {
    pub entry: u32,
    pub flags: u8,
}

/// Everything read from the data files, before the matcher is built.
#[derive(Debug, Default)]
pub(crate) struct Loaded {
    pub entries: Vec<Entry>,
    /// Folded name -> the entries it names.
    pub names: HashMap<String, Vec<NameRef>>,
    /// Folded names that are common words when they name a town, with their strictness.
    pub stop: HashMap<String, Stop>,
}

/// A name is an abbreviation when it has no lower-case letter and at most five letters.
fn is_acronym(name: &str) -> bool {
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    letters > 0 && letters <= 5 && !name.chars().any(char::is_lowercase)
}

impl Loaded {
    fn add_name(&mut self, name: &str, entry: u32, mut flags: u8) {
        let key = fold(name);
        if key.is_empty() {
            return;
        }
        if is_acronym(name) {
            flags |= flag::ACRONYM;
        } else if key.chars().filter(|c| c.is_alphanumeric()).count() < 3 {
            // Two-letter toponyms ("Ba", "Ur") match too much prose to be worth it.
            return;
        }
        let bare = key.trim_matches('\'');
        if bare.len() < key.len() && bare.chars().filter(|c| c.is_alphanumeric()).count() >= 3 {
            // News copy mostly drops an ayn or hamza at either end: "Asir" for "ʿAsīr".
            self.add_key(bare.to_owned(), entry, flags);
        }
        self.add_key(key, entry, flags);
    }

    fn add_key(&mut self, key: String, entry: u32, flags: u8) {
        let refs = self.names.entry(key).or_default();
        match refs.iter_mut().find(|r| r.entry == entry) {
            // Keep the strongest reading: primary beats alternate, a spelling beats another
            // name.
            Some(r) => {
                r.flags |= flags & flag::PRIMARY;
                if flags & flag::OTHER_NAME == 0 || r.flags & flag::PRIMARY != 0 {
                    r.flags &= !flag::OTHER_NAME;
                }
            }
            None => refs.push(NameRef { entry, flags }),
        }
    }

    fn push(&mut self, mut entry: Entry) -> u32 {
        let id = u32::try_from(self.entries.len()).unwrap_or(u32::MAX);
        entry.id = id;
        self.entries.push(entry);
        id
    }
}

fn field<'a>(
    parts: &[&'a str],
    i: usize,
    file: &'static str,
    line: usize,
) -> Result<&'a str, GazetteerError> {
    parts.get(i).copied().ok_or(GazetteerError::Malformed {
        file,
        line,
        reason: format!(
            "expected at least {} tab-separated fields, found {}",
            i + 1,
            parts.len()
        ),
    })
}

fn number<T: std::str::FromStr>(
    s: &str,
    what: &str,
    file: &'static str,
    line: usize,
) -> Result<T, GazetteerError> {
    s.parse().map_err(|_| GazetteerError::Malformed {
        file,
        line,
        reason: format!("{what} {s:?} is not a number"),
    })
}

/// The spelling skeletons of a name and of its parts ("Donostia / San Sebastián").
fn spelling_keys(name: &str) -> Vec<String> {
    let mut keys = vec![crate::fold::skeleton(name)];
    if name.contains(['/', ',']) {
        keys.extend(name.split(['/', ',']).map(crate::fold::skeleton));
    }
    // Too short a skeleton ("b" for Al Bāb) says nothing about two names being one.
    keys.retain(|k| k.chars().count() >= 2);
    keys
}

/// Reads all three files into entries and a name table.
pub(crate) fn load(
    places_gz: &[u8],
    extra: &str,
    stoplist: &str,
) -> Result<Loaded, GazetteerError> {
    let mut tsv = String::new();
    flate2::read::GzDecoder::new(places_gz)
        .read_to_string(&mut tsv)
        .map_err(|e| GazetteerError::Decompress {
            file: "places.tsv.gz",
            source: e,
        })?;

    let mut out = Loaded::default();
    let mut by_iso: HashMap<String, u32> = HashMap::new();
    let mut admin1_names: HashMap<(String, String), String> = HashMap::new();
    let mut by_admin1: HashMap<String, u32> = HashMap::new();
    const PLACES: &str = "places.tsv.gz";

    // First pass for admin1 names, which populated places refer to by code.
    for line in tsv.lines().filter(|l| l.starts_with("A\t")) {
        let p: Vec<&str> = line.split('\t').collect();
        if let (Some(cc), Some(code), Some(name)) = (p.get(2), p.get(3), p.get(4)) {
            admin1_names.insert(((*cc).to_owned(), (*code).to_owned()), (*name).to_owned());
        }
    }

    for (n, line) in tsv.lines().enumerate() {
        let line_no = n + 1;
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let p: Vec<&str> = line.split('\t').collect();
        let kind = match field(&p, 0, PLACES, line_no)? {
            "C" => PlaceKind::Country,
            "A" => PlaceKind::Admin1,
            "P" => PlaceKind::City,
            other => {
                return Err(GazetteerError::Malformed {
                    file: PLACES,
                    line: line_no,
                    reason: format!("unknown kind {other:?}"),
                });
            }
        };
        let gid: u64 = number(field(&p, 1, PLACES, line_no)?, "geonameid", PLACES, line_no)?;
        let cc = field(&p, 2, PLACES, line_no)?.to_owned();
        let code = field(&p, 3, PLACES, line_no)?;
        let name = field(&p, 4, PLACES, line_no)?;
        let coord = |i: usize| -> Result<f64, GazetteerError> {
            let s = field(&p, i, PLACES, line_no)?;
            if s.is_empty() {
                Ok(f64::NAN)
            } else {
                number(s, "coordinate", PLACES, line_no)
            }
        };
        let (lat, lon) = (coord(5)?, coord(6)?);
        let population: u64 = number(
            field(&p, 7, PLACES, line_no)?,
            "population",
            PLACES,
            line_no,
        )?;
        let alternates = field(&p, 8, PLACES, line_no)?;
        let info = p.get(9).copied().unwrap_or("");

        let admin1 = match kind {
            PlaceKind::Country | PlaceKind::Region => None,
            PlaceKind::Admin1 => Some(name.to_owned()),
            PlaceKind::City => admin1_names.get(&(cc.clone(), code.to_owned())).cloned(),
        };
        let entry = Entry {
            id: 0,
            name: name.to_owned(),
            kind,
            country: Some(cc.clone()),
            admin1,
            admin1_code: (!code.is_empty() && kind != PlaceKind::Country).then(|| code.to_owned()),
            lat,
            lon,
            population,
            geonames_id: Some(gid),
            members: Vec::new(),
            iso3: (kind == PlaceKind::Country)
                .then(|| info.split(';').next().unwrap_or("").to_owned())
                .filter(|s| !s.is_empty()),
            capital: (kind == PlaceKind::Country)
                .then(|| info.split(';').nth(1).unwrap_or("").to_owned())
                .filter(|s| !s.is_empty()),
        };
        let id = out.push(entry);
        match kind {
            PlaceKind::Country => {
                by_iso.insert(cc.clone(), id);
            }
            PlaceKind::Admin1 => {
                by_admin1.insert(format!("{cc}.{code}"), id);
            }
            _ => {}
        }
        out.add_name(name, id, flag::PRIMARY);
        let own = (kind == PlaceKind::City).then(|| spelling_keys(name));
        for alt in alternates.split('|').filter(|a| !a.is_empty()) {
            let other = own
                .as_ref()
                .is_some_and(|keys| !keys.contains(&crate::fold::skeleton(alt)));
            out.add_name(alt, id, if other { flag::OTHER_NAME } else { 0 });
        }
    }

    load_extra(&mut out, extra, &by_iso, &by_admin1)?;

    out.stop = stoplist
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| match l.strip_prefix('!') {
            Some(strict) => (fold(strict), Stop::Strict),
            None => (fold(l), Stop::Context),
        })
        .collect();
    Ok(out)
}

fn load_extra(
    out: &mut Loaded,
    extra: &str,
    by_iso: &HashMap<String, u32>,
    by_admin1: &HashMap<String, u32>,
) -> Result<(), GazetteerError> {
    const EXTRA: &str = "extra.tsv";
    let mut regions: HashMap<String, u32> = HashMap::new();
    for (n, line) in extra.lines().enumerate() {
        let line_no = n + 1;
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let p: Vec<&str> = line.split('\t').collect();
        let key = field(&p, 1, EXTRA, line_no)?;
        let names = || {
            p.get(2)
                .copied()
                .unwrap_or("")
                .split('|')
                .filter(|s| !s.is_empty())
        };
        let unknown = |what: &str| GazetteerError::Malformed {
            file: EXTRA,
            line: line_no,
            reason: format!("unknown {what} {key:?}"),
        };
        match field(&p, 0, EXTRA, line_no)? {
            "alias" => {
                let id = *by_iso.get(key).ok_or_else(|| unknown("country"))?;
                for name in names() {
                    out.add_name(name, id, 0);
                }
            }
            "admin1" => {
                let id = *by_admin1.get(key).ok_or_else(|| unknown("admin1 code"))?;
                for name in names() {
                    out.add_name(name, id, 0);
                }
            }
            "demonym" => {
                let id = *by_iso.get(key).ok_or_else(|| unknown("country"))?;
                for name in names() {
                    out.add_name(name, id, flag::DEMONYM);
                }
            }
            "rdemonym" => {
                let id = *regions.get(key).ok_or_else(|| unknown("region"))?;
                for name in names() {
                    out.add_name(name, id, flag::DEMONYM);
                }
            }
            "former" => {
                // A first-level division GeoNames no longer lists (merged or abolished),
                // kept because the reporting of its time names it. Its towns are not known
                // to lie in it: it has no division code.
                let country = by_iso.get(key).ok_or_else(|| unknown("country"))?;
                let country = out.entries[*country as usize].country.clone();
                let mut all = names();
                let Some(name) = all.next() else {
                    return Err(GazetteerError::Malformed {
                        file: EXTRA,
                        line: line_no,
                        reason: "a former division needs a name".into(),
                    });
                };
                let id = out.push(Entry {
                    id: 0,
                    name: name.to_owned(),
                    kind: PlaceKind::Admin1,
                    country,
                    admin1: Some(name.to_owned()),
                    admin1_code: None,
                    lat: f64::NAN,
                    lon: f64::NAN,
                    population: 0,
                    geonames_id: None,
                    members: Vec::new(),
                    iso3: None,
                    capital: None,
                });
                out.add_name(name, id, flag::PRIMARY);
                for other in all {
                    out.add_name(other, id, 0);
                }
            }
            "region" => {
                let members: Vec<String> = field(&p, 3, EXTRA, line_no)?
                    .split(',')
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty())
                    .collect();
                let mut points = Vec::new();
                let mut population = 0u64;
                for m in &members {
                    let id = *by_iso.get(m).ok_or_else(|| GazetteerError::Malformed {
                        file: EXTRA,
                        line: line_no,
                        reason: format!("region {key:?} names unknown country {m:?}"),
                    })?;
                    let c = &out.entries[id as usize];
                    population += c.population;
                    if c.lat.is_finite() {
                        points.push((c.lat, c.lon));
                    }
                }
                let (lat, lon) = crate::sphere_mean(&points);
                let id = out.push(Entry {
                    id: 0,
                    name: key.to_owned(),
                    kind: PlaceKind::Region,
                    country: (members.len() == 1).then(|| members[0].clone()),
                    admin1: None,
                    admin1_code: None,
                    lat,
                    lon,
                    population,
                    geonames_id: None,
                    members,
                    iso3: None,
                    capital: None,
                });
                regions.insert(key.to_owned(), id);
                out.add_name(key, id, flag::PRIMARY);
                for name in names() {
                    out.add_name(name, id, 0);
                }
            }
            other => {
                return Err(GazetteerError::Malformed {
                    file: EXTRA,
                    line: line_no,
                    reason: format!("unknown row kind {other:?}"),
                });
            }
        }
    }
    Ok(())
}

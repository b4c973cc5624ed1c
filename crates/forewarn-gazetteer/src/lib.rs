//! forewarn's gazetteer: finds place names in text and resolves them to located places.
//!
//! The data is embedded: countries, first-level divisions and populated places from GeoNames
//! (`data/gazetteer/places.tsv.gz`, built by `tools/gazetteer/build.py`), plus hand-written
//! country aliases, regions and demonyms (`extra.tsv`) and a stop list of place names that are
//! also common words (`stoplist.txt`). It is decompressed and indexed on first use.
//!
//! [`Gazetteer::find`] returns every toponym and demonym mention with its candidate entries;
//! [`Gazetteer::resolve`] picks one candidate per mention from context (a country named
//! beside it, "X province", the document's focus country, then population).
//!
//! Contains data from GeoNames (geonames.org), licensed under CC BY 4.0.

mod data;
mod find;
mod fold;
mod resolve;

use std::collections::HashMap;
use std::sync::OnceLock;

use daachorse::CharwiseDoubleArrayAhoCorasick;

pub use find::PlaceMention;
pub use resolve::{ResolveRule, ResolvedPlace};

static PLACES_GZ: &[u8] = include_bytes!("../../../data/gazetteer/places.tsv.gz");
static EXTRA_TSV: &str = include_str!("../../../data/gazetteer/extra.tsv");
static STOPLIST: &str = include_str!("../../../data/gazetteer/stoplist.txt");

impl PlaceKind {
    /// The matching precision of the shared data model.
    pub fn precision(self) -> forewarn_model::GeoPrecision {
        use forewarn_model::GeoPrecision as P;
        match self {
            PlaceKind::Country => P::Country,
            PlaceKind::Admin1 => P::Admin1,
            PlaceKind::City => P::City,
            PlaceKind::Region => P::Region,
        }
    }
}

/// The place-name dictionary with its matcher.
pub struct Gazetteer {
    entries: Vec<Entry>,
    /// Candidate lists, indexed by the matcher's pattern value.
    groups: Vec<Group>,
    /// Folded name -> group index.
    by_name: HashMap<String, u32>,
    /// ISO2 -> country entry.
    countries: HashMap<String, u32>,
    matcher: CharwiseDoubleArrayAhoCorasick<u32>,
}

/// The entries one folded name refers to.
#[derive(Debug)]
struct Group {
    refs: Vec<data::NameRef>,
    /// Whether the name is a common word when it names a town ("Police", "Mobile").
    stop: data::Stop,
}

impl std::fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gazetteer")
            .field("entries", &self.entries.len())
            .field("names", &self.groups.len())
            .finish()
    }
}

impl Gazetteer {
    /// The embedded gazetteer, decompressed and indexed on first use.
    ///
    /// # Panics
    /// Only if the data files embedded at compile time are malformed, which the crate's tests
    /// rule out.
    pub fn global() -> &'static Gazetteer {
        static GLOBAL: OnceLock<Gazetteer> = OnceLock::new();
        GLOBAL.get_or_init(|| {
            Gazetteer::from_sources(PLACES_GZ, EXTRA_TSV, STOPLIST)
                .unwrap_or_else(|e| panic!("embedded gazetteer data is invalid: {e}"))
        })
    }

    /// Builds a gazetteer from data in the formats of `data/gazetteer/` (see its README).
    pub fn from_sources(
        places_tsv_gz: &[u8],
        extra_tsv: &str,
        stoplist: &str,
    ) -> Result<Gazetteer, GazetteerError> {
        let loaded = data::load(places_tsv_gz, extra_tsv, stoplist)?;
        let mut names: Vec<(String, Vec<data::NameRef>)> = loaded.names.into_iter().collect();
        // Sorted so that ids and the matcher do not depend on hash order.
        names.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut groups = Vec::with_capacity(names.len());
        let mut by_name = HashMap::with_capacity(names.len());
        for (i, (name, refs)) in names.iter_mut().enumerate() {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            refs.sort_unstable_by_key(|r| r.entry);
            groups.push(Group {
                refs: std::mem::take(refs),
                stop: loaded.stop.get(name).copied().unwrap_or_default(),
            });
            by_name.insert(name.clone(), i);
        }
        let count = names.len();
        let matcher = daachorse::CharwiseDoubleArrayAhoCorasickBuilder::new()
            .match_kind(daachorse::MatchKind::Standard)
            .build_with_values(
                names
                    .iter()
                    .enumerate()
                    .map(|(i, (n, _))| (n.as_str(), i as u32)),
            )
            .map_err(|e| GazetteerError::Matcher {
                names: count,
                reason: e.to_string(),
            })?;
        let countries = loaded
            .entries
            .iter()
            .filter(|e| e.kind == PlaceKind::Country)
            .filter_map(|e| Some((e.country.clone()?, e.id)))
            .collect();
        Ok(Gazetteer {
            entries: loaded.entries,
            groups,
            by_name,
            countries,
            matcher,
        })
    }

    /// The entry with this id.
    ///
    /// # Panics
    /// If `id` did not come from this gazetteer (ids are indices into its entries).
    pub fn entry(&self, id: u32) -> &Entry {
        &self.entries[id as usize]
    }

    /// The entry with this id, or `None` if there is none.
    pub fn get(&self, id: u32) -> Option<&Entry> {
        self.entries.get(id as usize)
    }

    /// All entries, in id order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The country with this ISO 3166-1 alpha-2 code (any case).
    pub fn country(&self, iso2: &str) -> Option<&Entry> {
        let id = self.countries.get(&iso2.to_ascii_uppercase())?;
        Some(self.entry(*id))
    }

    /// Entries that have `name` as their name, alternate name or demonym (case- and
    /// diacritic-insensitive), optionally in one country, the most populous first.
    pub fn lookup(&self, name: &str, country: Option<&str>) -> Vec<&Entry> {
        let Some(&g) = self.by_name.get(&fold::fold(name)) else {
            return Vec::new();
        };
        let mut out: Vec<&Entry> = self.groups[g as usize]
            .refs
            .iter()
            .map(|r| self.entry(r.entry))
            .filter(|e| match country {
                None => true,
                Some(cc) => {
                    e.country
                        .as_deref()
                        .is_some_and(|c| c.eq_ignore_ascii_case(cc))
                        || e.members.iter().any(|m| m.eq_ignore_ascii_case(cc))
                }
            })
            .collect();
        out.sort_by(|a, b| b.population.cmp(&a.population).then(a.id.cmp(&b.id)));
        out
    }

    /// How many distinct folded names the matcher knows.
    pub fn name_count(&self) -> usize {
        self.groups.len()
    }

    /// Approximate heap bytes held by the matcher, entries and name tables.
    pub fn heap_bytes(&self) -> usize {
        let entries: usize = self
            .entries
            .iter()
            .map(|e| {
                std::mem::size_of::<Entry>()
                    + e.name.capacity()
                    + e.admin1.as_ref().map_or(0, String::capacity)
                    + e.admin1_code.as_ref().map_or(0, String::capacity)
                    + e.country.as_ref().map_or(0, String::capacity)
                    + e.members.iter().map(|m| m.capacity() + 24).sum::<usize>()
            })
            .sum();
        let groups: usize = self
            .groups
            .iter()
            .map(|g| std::mem::size_of::<Group>() + g.refs.capacity() * 8)
            .sum();
        let names: usize = self.by_name.keys().map(|k| k.capacity() + 40).sum();
        self.matcher.heap_bytes() + entries + groups + names
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sphere_mean_crosses_the_antimeridian() {
        let (lat, lon) = sphere_mean(&[(0.0, 179.0), (0.0, -179.0)]);
        assert!(lat.abs() < 1e-9);
        assert!((lon.abs() - 180.0).abs() < 1e-9, "{lon}");
    }

    #[test]
    fn malformed_extra_is_reported_with_its_line() {
        let err = Gazetteer::from_sources(PLACES_GZ, "alias\tZZ\tNowhere\n", "").unwrap_err();
        assert_eq!(err.to_string(), "extra.tsv, line 1: unknown country \"ZZ\"");
    }

    #[test]
    fn corrupt_places_file_is_an_error() {
        let err = Gazetteer::from_sources(b"not gzip", "", "").unwrap_err();
        assert!(matches!(
            err,
            GazetteerError::Decompress {
                file: "places.tsv.gz",
                ..
            }
        ));
    }
}

//! forewarn's gazetteer: finds place names in text and resolves them to located places.
//!
//! The data is embedded: countries, first-level divisions and populated places from GeoNames
//! (`data/gazetteer/places.tsv.gz`, built by `tools/gazetteer/build.py`), plus hand-written
//! country aliases, regions and demonyms (`extra.tsv`) and a stop list of place names that are
//! also common words (`stoplist.txt`). `build.rs` parses and indexes these files at compile
//! time with the crate's own code and embeds the result (entries, name tables and the
//! serialized name matcher), so first use only reads that index back: tens of milliseconds
//! instead of seconds, which matters for a command-line tool that starts per command.
//!
//! [`Gazetteer::find`] returns every toponym and demonym mention with its candidate entries;
//! [`Gazetteer::resolve`] picks one candidate per mention from context (a country named
//! beside it, "X province", the document's focus country, then population).
//!
//! Contains data from GeoNames (geonames.org), licensed under CC BY 4.0.

mod data;
mod find;
mod fold;
mod index;
mod propose;
mod resolve;
mod types;

use std::collections::HashMap;
use std::sync::OnceLock;

use daachorse::CharwiseDoubleArrayAhoCorasick;

pub use find::PlaceMention;
pub use resolve::{ResolveRule, ResolvedPlace};
pub(crate) use types::sphere_mean;
pub use types::{Entry, GazetteerError, PlaceKind};

/// The tables and matcher compiled from `data/gazetteer/` by `build.rs`: the encoded
/// [`index::Tables`] followed by the serialized daachorse automaton.
static INDEX: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer.idx"));

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
    /// Entries and names; name `i` is the matcher's value `i`.
    tables: index::Tables,
    /// ISO2 -> country entry.
    countries: HashMap<String, u32>,
    matcher: CharwiseDoubleArrayAhoCorasick<u32>,
    /// `first_bytes[b]` says whether some name starts with ASCII byte `b`.
    first_bytes: [bool; 128],
    /// By [`find::key_hash`]: every name, and every start of a name that ends before a
    /// character other than a letter or digit ("san" of "san salvador"). A walk through
    /// the text stops as soon as what it read is in neither.
    name_keys: HashMap<u64, find::NameKey, find::KeyHasher>,
}

impl std::fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gazetteer")
            .field("entries", &self.tables.entries.len())
            .field("names", &self.tables.len())
            .finish()
    }
}

impl Gazetteer {
    /// The embedded gazetteer, read on first use from the index compiled at build time.
    ///
    /// # Panics
    /// Only if the index embedded at compile time is malformed, which the crate's tests rule
    /// out.
    pub fn global() -> &'static Gazetteer {
        static GLOBAL: OnceLock<Gazetteer> = OnceLock::new();
        GLOBAL.get_or_init(|| {
            Gazetteer::from_index(INDEX)
                .unwrap_or_else(|e| panic!("embedded gazetteer index is invalid: {e}"))
        })
    }

    /// Reads the index `build.rs` writes: encoded tables, then the serialized matcher.
    fn from_index(bytes: &[u8]) -> Result<Gazetteer, GazetteerError> {
        let (tables, rest) = index::Tables::decode(bytes)?;
        let at = bytes.len() - rest.len();
        let (matcher, _) =
            CharwiseDoubleArrayAhoCorasick::<u32>::deserialize(rest).map_err(|e| {
                GazetteerError::Index {
                    offset: at,
                    reason: format!("bad matcher: {e}"),
                }
            })?;
        Ok(Gazetteer::with(tables, matcher))
    }

    /// Builds a gazetteer from data in the formats of `data/gazetteer/` (see its README).
    ///
    /// This parses and indexes everything, which takes seconds; [`Gazetteer::global`] reads
    /// the same result, compiled at build time, in milliseconds.
    pub fn from_sources(
        places_tsv_gz: &[u8],
        extra_tsv: &str,
        stoplist: &str,
    ) -> Result<Gazetteer, GazetteerError> {
        let tables = index::Tables::new(data::load(places_tsv_gz, extra_tsv, stoplist)?);
        let matcher = tables.matcher()?;
        Ok(Gazetteer::with(tables, matcher))
    }

    fn with(tables: index::Tables, matcher: CharwiseDoubleArrayAhoCorasick<u32>) -> Gazetteer {
        let countries = tables
            .entries
            .iter()
            .filter(|e| e.kind == PlaceKind::Country)
            .filter_map(|e| Some((e.country.clone()?, e.id)))
            .collect();
        let mut first_bytes = [false; 128];
        let mut name_keys: HashMap<u64, find::NameKey, find::KeyHasher> = HashMap::default();
        for g in 0..tables.len() {
            let name = tables.name(g);
            if let Some(&b) = name.as_bytes().first().filter(|b| b.is_ascii()) {
                first_bytes[b as usize] = true;
            }
            name_keys
                .entry(find::key_hash(name))
                .or_default()
                .add_name(g);
            for (i, c) in name.char_indices().skip(1) {
                if !c.is_alphanumeric() {
                    name_keys
                        .entry(find::key_hash(&name[..i]))
                        .or_default()
                        .continues = true;
                }
            }
        }
        Gazetteer {
            tables,
            countries,
            matcher,
            first_bytes,
            name_keys,
        }
    }

    /// The entry with this id.
    ///
    /// # Panics
    /// If `id` did not come from this gazetteer (ids are indices into its entries).
    pub fn entry(&self, id: u32) -> &Entry {
        &self.tables.entries[id as usize]
    }

    /// The entry with this id, or `None` if there is none.
    pub fn get(&self, id: u32) -> Option<&Entry> {
        self.tables.entries.get(id as usize)
    }

    /// All entries, in id order.
    pub fn entries(&self) -> &[Entry] {
        &self.tables.entries
    }

    /// The country with this ISO 3166-1 alpha-2 code (any case).
    pub fn country(&self, iso2: &str) -> Option<&Entry> {
        let id = self.countries.get(&iso2.to_ascii_uppercase())?;
        Some(self.entry(*id))
    }

    /// The capital of the country with this ISO 3166-1 alpha-2 code: the most populous
    /// town of the country's capital name.
    pub fn capital(&self, iso2: &str) -> Option<&Entry> {
        let country = self.country(iso2)?;
        let name = country.capital.as_deref()?;
        self.lookup(name, country.country.as_deref())
            .into_iter()
            .find(|e| e.kind == PlaceKind::City)
    }

    /// Entries that have `name` as their name, alternate name or demonym (case- and
    /// diacritic-insensitive), optionally in one country, the most populous first.
    pub fn lookup(&self, name: &str, country: Option<&str>) -> Vec<&Entry> {
        let Some(g) = self.tables.find(&fold::fold(name)) else {
            return Vec::new();
        };
        let mut out: Vec<&Entry> = self
            .tables
            .refs(g)
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
        self.tables.len()
    }

    /// Approximate heap bytes held by the matcher, entries and name tables.
    pub fn heap_bytes(&self) -> usize {
        self.matcher.heap_bytes() + self.tables.heap_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static PLACES_GZ: &[u8] = include_bytes!("../../../data/gazetteer/places.tsv.gz");
    static EXTRA_TSV: &str = include_str!("../../../data/gazetteer/extra.tsv");
    static STOPLIST: &str = include_str!("../../../data/gazetteer/stoplist.txt");

    /// The index compiled by build.rs is what `from_sources` makes of the same files.
    #[test]
    fn embedded_index_matches_the_sources() {
        let built = Gazetteer::from_sources(PLACES_GZ, EXTRA_TSV, STOPLIST).unwrap();
        let embedded = Gazetteer::global();
        let (mut a, mut b) = (Vec::new(), Vec::new());
        built.tables.encode(&mut a);
        embedded.tables.encode(&mut b);
        assert!(a == b, "tables differ: rebuild the crate");
        assert!(built.matcher.serialize() == embedded.matcher.serialize());
        assert_eq!(built.countries, embedded.countries);
    }

    #[test]
    fn corrupt_index_is_an_error() {
        let err = Gazetteer::from_index(&INDEX[..INDEX.len() / 2]).unwrap_err();
        assert!(matches!(err, GazetteerError::Index { .. }), "{err}");
        let err = Gazetteer::from_index(b"FWGAZ").unwrap_err();
        assert_eq!(
            err.to_string(),
            "embedded gazetteer index, byte 0: truncated: 8 more bytes expected"
        );
    }

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

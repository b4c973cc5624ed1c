//! The compiled name tables and their compact binary form.
//!
//! Building the tables from the data files (decompressing, parsing, folding some 200,000
//! names) and building the matcher take seconds, so `build.rs` does both once at compile
//! time and embeds the result; [`Tables::decode`] and daachorse's `deserialize` read it back
//! in milliseconds. Names and candidate lists live in flat arrays (one string arena, one
//! reference array with end offsets) rather than one allocation per name.

use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};

use crate::data::{Loaded, NameRef, Stop};
use crate::{Entry, GazetteerError, PlaceKind};

/// First bytes of an encoded index; the number changes with the layout.
const MAGIC: &[u8; 8] = b"FWGAZ\x00\x00\x01";

/// Entries and the folded names that refer to them; name `i` is the matcher's value `i`.
#[derive(Debug, Default)]
pub(crate) struct Tables {
    /// All entries, in id order.
    pub entries: Vec<Entry>,
    /// The folded names, sorted by bytes and concatenated.
    names: String,
    /// End offset of each name in `names`.
    name_ends: Vec<u32>,
    /// End offset of each name's candidates in `refs`.
    ref_ends: Vec<u32>,
    /// Each name's candidates, in entry order, one name after the other.
    refs: Vec<NameRef>,
    /// Each name's stop-list status.
    stops: Vec<Stop>,
}

fn index(i: usize) -> u32 {
    // The data has well under 4 billion names, references and bytes.
    u32::try_from(i).unwrap_or(u32::MAX)
}

impl Tables {
    /// Sorts and flattens what the data files gave.
    pub fn new(loaded: Loaded) -> Tables {
        let mut names: Vec<(String, Vec<NameRef>)> = loaded.names.into_iter().collect();
        // Sorted so that ids and the matcher do not depend on hash order, and so that
        // lookups can search the arena by bisection.
        names.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut t = Tables {
            entries: loaded.entries,
            ..Tables::default()
        };
        t.name_ends.reserve(names.len());
        t.ref_ends.reserve(names.len());
        t.stops.reserve(names.len());
        for (name, mut refs) in names {
            refs.sort_unstable_by_key(|r| r.entry);
            t.stops
                .push(loaded.stop.get(&name).copied().unwrap_or_default());
            t.names.push_str(&name);
            t.name_ends.push(index(t.names.len()));
            t.refs.extend(refs);
            t.ref_ends.push(index(t.refs.len()));
        }
        t
    }

    /// How many distinct folded names there are.
    pub fn len(&self) -> usize {
        self.name_ends.len()
    }

    fn range(ends: &[u32], i: usize) -> std::ops::Range<usize> {
        let start = if i == 0 { 0 } else { ends[i - 1] as usize };
        start..ends[i] as usize
    }

    /// Folded name number `g`.
    pub fn name(&self, g: usize) -> &str {
        &self.names[Self::range(&self.name_ends, g)]
    }

    /// The entries name number `g` refers to, in entry order.
    pub fn refs(&self, g: usize) -> &[NameRef] {
        &self.refs[Self::range(&self.ref_ends, g)]
    }

    /// The stop-list status of name number `g`.
    pub fn stop(&self, g: usize) -> Stop {
        self.stops[g]
    }

    /// The number of a folded name, if the tables have it.
    pub fn find(&self, folded: &str) -> Option<usize> {
        let (mut lo, mut hi) = (0usize, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.name(mid).cmp(folded) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    /// Approximate heap bytes held by the entries and name tables.
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
                    + e.iso3.as_ref().map_or(0, String::capacity)
                    + e.capital.as_ref().map_or(0, String::capacity)
                    + e.members.iter().map(|m| m.capacity() + 24).sum::<usize>()
            })
            .sum();
        entries
            + self.names.capacity()
            + 4 * (self.name_ends.capacity() + self.ref_ends.capacity())
            + std::mem::size_of::<NameRef>() * self.refs.capacity()
            + self.stops.capacity()
    }

    /// Builds the matcher over all names, name `i` reporting value `i`.
    pub fn matcher(&self) -> Result<CharwiseDoubleArrayAhoCorasick<u32>, GazetteerError> {
        CharwiseDoubleArrayAhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build_with_values((0..self.len()).map(|g| (self.name(g), index(g))))
            .map_err(|e| GazetteerError::Matcher {
                names: self.len(),
                reason: e.to_string(),
            })
    }

    /// Appends the tables' binary form to `out` (little-endian, length-prefixed).
    #[allow(dead_code)] // Used by build.rs and the round-trip test, not the library itself.
    pub fn encode(&self, out: &mut Vec<u8>) {
        let mut w = Writer(out);
        w.0.extend_from_slice(MAGIC);
        w.u32(index(self.entries.len()));
        for e in &self.entries {
            w.str(&e.name);
            w.u8(match e.kind {
                PlaceKind::Country => 0,
                PlaceKind::Admin1 => 1,
                PlaceKind::City => 2,
                PlaceKind::Region => 3,
            });
            w.opt_str(e.country.as_deref());
            w.opt_str(e.admin1.as_deref());
            w.opt_str(e.admin1_code.as_deref());
            w.u64(e.lat.to_bits());
            w.u64(e.lon.to_bits());
            w.u64(e.population);
            match e.geonames_id {
                Some(id) => {
                    w.u8(1);
                    w.u64(id);
                }
                None => w.u8(0),
            }
            w.u32(index(e.members.len()));
            for m in &e.members {
                w.str(m);
            }
            w.opt_str(e.iso3.as_deref());
            w.opt_str(e.capital.as_deref());
        }
        w.str(&self.names);
        w.u32s(&self.name_ends);
        w.u32s(&self.ref_ends);
        w.u32(index(self.refs.len()));
        for r in &self.refs {
            w.u32(r.entry);
            w.u8(r.flags);
        }
        w.u32(index(self.stops.len()));
        for s in &self.stops {
            w.u8(match s {
                Stop::No => 0,
                Stop::Context => 1,
                Stop::Strict => 2,
            });
        }
    }

    /// Reads tables written by [`Tables::encode`], returning the bytes after them.
    #[allow(dead_code)] // Used by the library, not by build.rs.
    pub fn decode(bytes: &[u8]) -> Result<(Tables, &[u8]), GazetteerError> {
        let mut r = Reader { bytes, pos: 0 };
        if r.take(MAGIC.len())? != MAGIC {
            return Err(r.corrupt("unknown format marker"));
        }
        let n = r.u32()? as usize;
        let mut entries = Vec::with_capacity(n.min(bytes.len()));
        for id in 0..n {
            let name = r.str()?.to_owned();
            let kind = match r.u8()? {
                0 => PlaceKind::Country,
                1 => PlaceKind::Admin1,
                2 => PlaceKind::City,
                3 => PlaceKind::Region,
                k => return Err(r.corrupt(&format!("unknown place kind {k}"))),
            };
            let country = r.opt_str()?;
            let admin1 = r.opt_str()?;
            let admin1_code = r.opt_str()?;
            let lat = f64::from_bits(r.u64()?);
            let lon = f64::from_bits(r.u64()?);
            let population = r.u64()?;
            let geonames_id = match r.u8()? {
                0 => None,
                _ => Some(r.u64()?),
            };
            let members = (0..r.u32()?)
                .map(|_| r.str().map(str::to_owned))
                .collect::<Result<Vec<_>, _>>()?;
            let iso3 = r.opt_str()?;
            let capital = r.opt_str()?;
            entries.push(Entry {
                id: index(id),
                name,
                kind,
                country,
                admin1,
                admin1_code,
                lat,
                lon,
                population,
                geonames_id,
                members,
                iso3,
                capital,
            });
        }
        let names = r.str()?.to_owned();
        let name_ends = r.u32s()?;
        let ref_ends = r.u32s()?;
        let n = r.u32()? as usize;
        let mut refs = Vec::with_capacity(n.min(bytes.len()));
        for _ in 0..n {
            refs.push(NameRef {
                entry: r.u32()?,
                flags: r.u8()?,
            });
        }
        let n = r.u32()? as usize;
        let stops = r
            .take(n)?
            .iter()
            .map(|&s| match s {
                0 => Ok(Stop::No),
                1 => Ok(Stop::Context),
                2 => Ok(Stop::Strict),
                _ => Err(r.corrupt(&format!("unknown stop status {s}"))),
            })
            .collect::<Result<Vec<_>, _>>()?;
        let t = Tables {
            entries,
            names,
            name_ends,
            ref_ends,
            refs,
            stops,
        };
        t.check().map_err(|reason| r.corrupt(reason))?;
        Ok((t, &bytes[r.pos..]))
    }

    /// Whether the offsets are consistent, so that the accessors cannot go out of bounds.
    fn check(&self) -> Result<(), &'static str> {
        let n = self.len();
        if self.ref_ends.len() != n || self.stops.len() != n {
            return Err("table lengths differ");
        }
        let monotone = |ends: &[u32], total: usize| {
            ends.windows(2).all(|w| w[0] <= w[1]) && ends.last().map_or(0, |&e| e as usize) == total
        };
        if !monotone(&self.name_ends, self.names.len())
            || !monotone(&self.ref_ends, self.refs.len())
        {
            return Err("offsets out of order");
        }
        if !self
            .name_ends
            .iter()
            .all(|&e| self.names.is_char_boundary(e as usize))
        {
            return Err("a name ends inside a character");
        }
        if self
            .refs
            .iter()
            .any(|r| r.entry as usize >= self.entries.len())
        {
            return Err("a name refers to a missing entry");
        }
        Ok(())
    }
}

/// Little-endian writer.
struct Writer<'a>(&'a mut Vec<u8>);

#[allow(dead_code)] // Used by build.rs and the round-trip test, not the library itself.
impl Writer<'_> {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn str(&mut self, s: &str) {
        self.u32(index(s.len()));
        self.0.extend_from_slice(s.as_bytes());
    }
    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => {
                self.u8(1);
                self.str(s);
            }
            None => self.u8(0),
        }
    }
    fn u32s(&mut self, v: &[u32]) {
        self.u32(index(v.len()));
        for x in v {
            self.u32(*x);
        }
    }
}

/// Reader over an encoded index that reports truncation instead of panicking.
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

#[allow(dead_code)] // Used by the library, not by build.rs.
impl<'a> Reader<'a> {
    fn corrupt(&self, reason: &str) -> GazetteerError {
        GazetteerError::Index {
            offset: self.pos,
            reason: reason.to_owned(),
        }
    }
    fn take(&mut self, n: usize) -> Result<&'a [u8], GazetteerError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or_else(|| self.corrupt(&format!("truncated: {n} more bytes expected")))?;
        let out = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(out)
    }
    fn u8(&mut self) -> Result<u8, GazetteerError> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> Result<u32, GazetteerError> {
        let mut b = [0u8; 4];
        b.copy_from_slice(self.take(4)?);
        Ok(u32::from_le_bytes(b))
    }
    fn u64(&mut self) -> Result<u64, GazetteerError> {
        let mut b = [0u8; 8];
        b.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(b))
    }
    fn str(&mut self) -> Result<&'a str, GazetteerError> {
        let n = self.u32()? as usize;
        let at = self.pos;
        std::str::from_utf8(self.take(n)?).map_err(|e| GazetteerError::Index {
            offset: at,
            reason: format!("invalid UTF-8: {e}"),
        })
    }
    fn opt_str(&mut self) -> Result<Option<String>, GazetteerError> {
        Ok(match self.u8()? {
            0 => None,
            _ => Some(self.str()?.to_owned()),
        })
    }
    fn u32s(&mut self) -> Result<Vec<u32>, GazetteerError> {
        let n = self.u32()? as usize;
        Ok(self
            .take(n.saturating_mul(4))?
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }
}

//! The gazetteer's plain data types, shared with the build script (`build.rs`), which
//! compiles the data files into the index embedded in the library.

/// What went wrong building a gazetteer from data files.
#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    /// The compressed places file could not be read.
    #[error("cannot decompress {file}: {source}")]
    Decompress {
        /// The file's name.
        file: &'static str,
        /// The decoder's error.
        source: std::io::Error,
    },
    /// A line of a data file does not have the expected form.
    #[error("{file}, line {line}: {reason}")]
    Malformed {
        /// The file's name.
        file: &'static str,
        /// One-based line number.
        line: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// The index compiled into the library by `build.rs` could not be read.
    #[error("embedded gazetteer index, byte {offset}: {reason}")]
    Index {
        /// Byte offset in the index where reading failed.
        offset: usize,
        /// What is wrong there.
        reason: String,
    },
    /// The name matcher could not be built.
    #[error("cannot build the name matcher over {names} names: {reason}")]
    Matcher {
        /// How many names were given to it.
        names: usize,
        /// The builder's error.
        reason: String,
    },
}

/// What kind of place an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PlaceKind {
    /// A sovereign state or territory with an ISO 3166-1 code.
    Country,
    /// A first-order administrative division (province, state, governorate, department).
    Admin1,
    /// A populated place: city, town or village.
    City,
    /// A region larger than a country, or a named area spanning divisions ("Central Asia").
    Region,
}

/// One place the gazetteer knows.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Index of the entry in the gazetteer (stable for one build of the data).
    pub id: u32,
    /// The name GeoNames gives it (or the region's name).
    pub name: String,
    /// What kind of place it is.
    pub kind: PlaceKind,
    /// ISO 3166-1 alpha-2 country code; `None` for regions spanning several countries.
    pub country: Option<String>,
    /// Name of the first-order division it lies in (its own name for an admin1).
    pub admin1: Option<String>,
    /// GeoNames admin1 code within the country ("18" for Nangarhar, "TX" for Texas).
    pub admin1_code: Option<String>,
    /// Latitude in degrees; for countries, admin1s and regions a centroid; NaN if unknown.
    pub lat: f64,
    /// Longitude in degrees; NaN if unknown.
    pub lon: f64,
    /// Population (for admin1s, the sum of their towns in the data; for regions, of members).
    pub population: u64,
    /// GeoNames id; `None` for regions.
    pub geonames_id: Option<u64>,
    /// For regions, the ISO2 codes of member countries.
    pub members: Vec<String>,
    /// For countries, the ISO 3166-1 alpha-3 code.
    pub iso3: Option<String>,
    /// For countries, the name of the capital (GeoNames' country info).
    pub capital: Option<String>,
}

/// Mean of points on the sphere (3-D vector mean), robust across the 180th meridian.
pub fn sphere_mean(points: &[(f64, f64)]) -> (f64, f64) {
    if points.is_empty() {
        return (f64::NAN, f64::NAN);
    }
    let (mut x, mut y, mut z) = (0.0, 0.0, 0.0);
    for &(lat, lon) in points {
        let (la, lo) = (lat.to_radians(), lon.to_radians());
        x += la.cos() * lo.cos();
        y += la.cos() * lo.sin();
        z += la.sin();
    }
    let hyp = x.hypot(y);
    (z.atan2(hyp).to_degrees(), y.atan2(x).to_degrees())
}

//! Places, as resolved against the gazetteer.

use serde::{Deserialize, Serialize};

crate::macros::string_enum! {
    /// How precisely a place is located.
    GeoPrecision, "geographic precision" {
        /// A named site (a building, a checkpoint).
        Site = "site",
        /// A city, town or village.
        City = "city",
        /// A first-order administrative division (province, state).
        Admin1 = "admin1",
        /// A country.
        Country = "country",
        /// A region larger than a country ("Central Asia").
        Region = "region",
        /// Not located.
        Unknown = "unknown",
    }
}

/// A place with what the gazetteer knows of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    /// The name, as the gazetteer spells it (or the site as written).
    pub name: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    pub country: Option<String>,
    /// First-order administrative division name.
    pub admin1: Option<String>,
    /// Latitude in degrees (WGS 84).
    pub lat: Option<f64>,
    /// Longitude in degrees (WGS 84).
    pub lon: Option<f64>,
    /// How precisely it is located.
    pub precision: GeoPrecision,
    /// GeoNames id, when resolved against it.
    pub geonames_id: Option<u64>,
}

//! Incidents as a GeoJSON FeatureCollection (RFC 7946), for QGIS and other GIS tools.
//!
//! Each incident is a Feature whose geometry is the Point `[longitude, latitude]` of its best
//! place, and whose properties are the export contract's fields, flattened so that GIS
//! tables can show them: `id`, `kind`, `type`, `date` (`2021-08`, or `start/end` for a
//! range), `date_start`, `date_end`, `date_precision`, `country` (ISO alpha-2),
//! `country_name`, `admin1`, `place`, `place_precision` (site, city, admin1, country,
//! region), `perpetrators` (most reported first, `; `-separated), `claimed`, `targets`,
//! `weapons`, `killed_low`/`killed_best`/`killed_high`, the same for `injured`, `sources`
//! (reports behind it), `documents` (names), `quote`, `status`, `contradictions` and
//! `confidence`.
//!
//! An incident without coordinates is kept, with a `null` geometry (RFC 7946, 3.2), so the
//! collection has every incident the filter selects; [`Summary::unplaced`](crate::Summary)
//! counts them. Passages and names of documents the reader may not see are withheld.

use std::io::Write;

use forewarn_model::Incident;
use forewarn_store::Store;
use serde_json::{Value, json};

use crate::ExportError;
use crate::flat::{Flat, cited};
use crate::withheld::{Citations, Withheld};

/// Writes a FeatureCollection one Feature at a time.
pub struct FeatureWriter<'s, W: Write> {
    out: W,
    citations: Citations<'s>,
    written: u64,
    unplaced: u64,
}

impl<'s, W: Write> FeatureWriter<'s, W> {
    /// Opens the collection on `out`.
    pub fn new(mut out: W, store: &'s dyn Store, withheld: &'s Withheld) -> std::io::Result<Self> {
        out.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[")?;
        Ok(FeatureWriter {
            out,
            citations: Citations::new(store, withheld),
            written: 0,
            unplaced: 0,
        })
    }

    /// The Feature for an incident.
    pub fn feature(&mut self, inc: &Incident) -> Result<Value, ExportError> {
        let f = Flat::of(inc, &self.citations);
        let place = f.place.as_ref();
        let geometry = match place.and_then(|p| Some((p.lon?, p.lat?))) {
            Some((lon, lat)) if lon.is_finite() && lat.is_finite() => {
                json!({ "type": "Point", "coordinates": [lon, lat] })
            }
            _ => Value::Null,
        };
        let documents: Vec<String> = f
            .citations(&mut self.citations)?
            .iter()
            .map(|c| cited(c, |c| c.name.clone()))
            .collect();
        let join = |v: Vec<&str>| v.join("; ");
        Ok(json!({
            "type": "Feature",
            "id": f.id,
            "geometry": geometry,
            "properties": {
                "id": f.id,
                "kind": f.kind.as_str(),
                "type": f.attack_type.map(|t| t.as_str()),
                "date": f.date.map(|d| d.to_string()),
                "date_start": f.date.map(|d| d.start.to_string()),
                "date_end": f.date.map(|d| d.end.to_string()),
                "date_precision": f.date.map(|d| d.precision.as_str()),
                "country": place.and_then(|p| p.country.clone()),
                "country_name": f.country_name(),
                "admin1": place.and_then(|p| p.admin1.clone()),
                "place": place.and_then(|p| p.name.clone()),
                "place_precision": place.map_or("unknown", |p| p.precision.as_str()),
                "perpetrators": join(f.perpetrators.iter().map(|p| p.name.as_str()).collect()),
                "claimed": f.perpetrators.iter().any(|p| p.claimed),
                "targets": join(f.targets.iter().map(|t| t.as_str()).collect()),
                "weapons": join(f.weapons.iter().map(|w| w.as_str()).collect()),
                "killed_low": f.killed.low,
                "killed_best": f.killed.best,
                "killed_high": f.killed.high,
                "injured_low": f.injured.low,
                "injured_best": f.injured.best,
                "injured_high": f.injured.high,
                "sources": f.sources,
                "documents": documents.join("; "),
                "quote": f.quote_text(),
                "status": f.status.as_str(),
                "contradictions": f.contradictions,
                "confidence": f.confidence,
            },
        }))
    }

    /// Writes one incident's Feature.
    pub fn write(&mut self, inc: &Incident) -> Result<(), ExportError> {
        let feature = self.feature(inc)?;
        if feature["geometry"].is_null() {
            self.unplaced += 1;
        }
        if self.written > 0 {
            self.out.write_all(b",")?;
        }
        self.out.write_all(b"\n")?;
        serde_json::to_writer(&mut self.out, &feature).map_err(std::io::Error::from)?;
        self.written += 1;
        Ok(())
    }

    /// Closes the collection; returns the writer and how many Features had no geometry.
    pub fn finish(mut self) -> std::io::Result<(W, u64)> {
        self.out.write_all(b"\n]}\n")?;
        self.out.flush()?;
        Ok((self.out, self.unplaced))
    }
}

/// Writes the incidents the options select as a FeatureCollection; returns how many, and
/// how many of them had no coordinates.
pub fn write_incidents<W: Write>(
    store: &dyn Store,
    options: &crate::IncidentOptions,
    out: W,
) -> Result<(u64, u64), ExportError> {
    let mut w = FeatureWriter::new(out, store, &options.withheld)?;
    let n = crate::each_incident(store, options, |inc| w.write(inc))?;
    let (_, unplaced) = w.finish()?;
    Ok((n, unplaced))
}

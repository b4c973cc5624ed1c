//! Incidents as CSV in the columns of ACLED or of the GTD, so that tools built for those
//! datasets read forewarn's record: UTF-8, a header row, one incident per row.
//!
//! Both layouts end with forewarn's own columns: the reconciled killed and injured low,
//! best and high (`killed_low` ... `injured_high`) and the number of reports behind the row
//! (`source_count`); the GTD layout also gives forewarn's id (`forewarn_id`). A figure no
//! report gives is an empty cell, never 0. Taxonomy mapping:
//!
//! - ACLED `event_type`/`sub_event_type`: `forewarn_extract::frames::acled_event_type`
//!   (kind, attack type, suicide, whether the targets were civilians).
//! - ACLED `time_precision`: 1 a known day, 2 a known week, 3 longer; `event_date` is the
//!   day or the middle of the interval. `geo_precision`: 1 a town or site, 3 a province or
//!   larger. `iso` is the ISO 3166-1 alpha-3 code (ACLED gives the numeric code, which
//!   forewarn's gazetteer does not carry). `actor1` is the most reported perpetrator,
//!   `assoc_actor_1` the others, `actor2` the civilians, military or police targeted.
//! - GTD `imonth`/`iday` are 0 when unknown and `approxdate` gives the interval then;
//!   `specificity` is 1 for a town, 4 for a province, 5 for a country; `claimed` is 1, 0,
//!   or -9 when no perpetrator is named; `scite1..3` cite the first three documents.
//!
//! Documents the reader may not see (TLP:RED) are cited as `[withheld: TLP:RED]`, and their
//! passages are never used as notes or summaries.

use std::io::Write;

use forewarn_model::{GeoPrecision, Incident};
use forewarn_store::Store;

use crate::ExportError;
use crate::codes;
use crate::flat::{Flat, cited};
use crate::withheld::{Citations, Withheld};

/// Which dataset's columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Columns {
    /// ACLED's.
    Acled,
    /// The GTD's.
    Gtd,
}

/// ACLED's columns, in order.
pub const ACLED_COLUMNS: &[&str] = &[
    "event_id",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "country",
    "iso",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
];

/// The GTD's columns, in order.
pub const GTD_COLUMNS: &[&str] = &[
    "iyear",
    "imonth",
    "iday",
    "approxdate",
    "country_txt",
    "provstate",
    "city",
    "latitude",
    "longitude",
    "specificity",
    "summary",
    "attacktype1_txt",
    "targtype1_txt",
    "weaptype1_txt",
    "gname",
    "claimed",
    "nkill",
    "nwound",
    "scite1",
    "scite2",
    "scite3",
];

/// forewarn's columns after either layout.
pub const EXTRA_COLUMNS: &[&str] = &[
    "killed_low",
    "killed_best",
    "killed_high",
    "injured_low",
    "injured_best",
    "injured_high",
    "source_count",
];

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// Writes incidents as CSV rows, one at a time.
pub struct IncidentCsv<'s, W: Write> {
    columns: Columns,
    out: ::csv::Writer<W>,
    citations: Citations<'s>,
}

impl<'s, W: Write> IncidentCsv<'s, W> {
    /// Writes the header to `out`; documents are cited from `store`, hiding `withheld`.
    pub fn new(
        out: W,
        columns: Columns,
        store: &'s dyn Store,
        withheld: &'s Withheld,
    ) -> Result<Self, ExportError> {
        let mut out = ::csv::WriterBuilder::new().from_writer(out);
        let mut header: Vec<&str> = match columns {
            Columns::Acled => ACLED_COLUMNS.to_vec(),
            Columns::Gtd => GTD_COLUMNS.to_vec(),
        };
        header.extend_from_slice(EXTRA_COLUMNS);
        if columns == Columns::Gtd {
            header.push("forewarn_id");
        }
        out.write_record(&header)?;
        Ok(IncidentCsv {
            columns,
            out,
            citations: Citations::new(store, withheld),
        })
    }

    /// Writes one incident.
    pub fn write(&mut self, inc: &Incident) -> Result<(), ExportError> {
        let flat = Flat::of(inc, &self.citations);
        let mut row = match self.columns {
            Columns::Acled => self.acled(&flat)?,
            Columns::Gtd => self.gtd(&flat)?,
        };
        row.extend([
            opt(flat.killed.low),
            opt(flat.killed.best),
            opt(flat.killed.high),
            opt(flat.injured.low),
            opt(flat.injured.best),
            opt(flat.injured.high),
            flat.sources.to_string(),
        ]);
        if self.columns == Columns::Gtd {
            row.push(flat.id.clone());
        }
        self.out.write_record(&row)?;
        Ok(())
    }

    /// Flushes and returns the writer.
    pub fn finish(self) -> Result<W, ExportError> {
        self.out
            .into_inner()
            .map_err(|e| ExportError::Io(std::io::Error::other(e.error().to_string())))
    }

    fn acled(&mut self, f: &Flat) -> Result<Vec<String>, ExportError> {
        let (event_type, sub_event_type) = forewarn_extract::frames::acled_event_type(
            f.kind,
            f.attack_type,
            f.suicide,
            f.civilian_target,
        );
        let place = f.place.as_ref();
        let code = place.and_then(|p| p.country.as_deref());
        let country = f.country_name();
        let iso3 = code.and_then(codes::country).and_then(|(_, iso3)| iso3);
        let actor2 = f
            .targets
            .iter()
            .find_map(|t| codes::acled_target_actor(*t, country.as_deref()));
        let mut sources: Vec<String> = Vec::new();
        for c in f.citations(&mut self.citations)? {
            let s = cited(&c, |c| c.source().to_string());
            if !sources.contains(&s) {
                sources.push(s);
            }
        }
        Ok(vec![
            f.id.clone(),
            opt(f.date.as_ref().map(codes::acled_event_date)),
            opt(f.date.as_ref().map(codes::acled_time_precision)),
            event_type.to_string(),
            sub_event_type.to_string(),
            f.perpetrators
                .first()
                .map(|p| p.name.clone())
                .unwrap_or_default(),
            f.perpetrators
                .iter()
                .skip(1)
                .map(|p| p.name.as_str())
                .collect::<Vec<_>>()
                .join("; "),
            actor2.unwrap_or_default(),
            country.unwrap_or_default(),
            opt(iso3),
            opt(place.and_then(|p| p.admin1.clone())),
            opt(place.and_then(|p| p.name.clone())),
            opt(place.and_then(|p| p.lat)),
            opt(place.and_then(|p| p.lon)),
            opt(place.and_then(|p| codes::acled_geo_precision(p.precision))),
            sources.join("; "),
            f.quote_text().to_string(),
            opt(f.killed.best),
        ])
    }

    fn gtd(&mut self, f: &Flat) -> Result<Vec<String>, ExportError> {
        let place = f.place.as_ref();
        let (year, month, day, approx) = match &f.date {
            Some(d) => {
                let (y, m, d, a) = codes::gtd_date(d);
                (y.to_string(), m.to_string(), d.to_string(), a)
            }
            None => (String::new(), "0".into(), "0".into(), String::new()),
        };
        let city = place
            .filter(|p| matches!(p.precision, GeoPrecision::Site | GeoPrecision::City))
            .and_then(|p| p.name.clone());
        let attack = forewarn_extract::frames::gtd_attack_type(
            f.attack_type.unwrap_or(forewarn_model::AttackType::Unknown),
        )
        .1;
        let claimed = if f.perpetrators.is_empty() {
            "-9"
        } else if f.perpetrators.iter().any(|p| p.claimed) {
            "1"
        } else {
            "0"
        };
        let cites = f.citations(&mut self.citations)?;
        let scite = |i: usize| {
            cites
                .get(i)
                .map(|c| cited(c, |c| c.line()))
                .unwrap_or_default()
        };
        Ok(vec![
            year,
            month,
            day,
            approx,
            f.country_name().unwrap_or_default(),
            opt(place.and_then(|p| p.admin1.clone())),
            city.unwrap_or_default(),
            opt(place.and_then(|p| p.lat)),
            opt(place.and_then(|p| p.lon)),
            opt(place.and_then(|p| codes::gtd_specificity(p.precision))),
            f.quote_text().to_string(),
            attack.to_string(),
            f.targets
                .first()
                .map_or("Unknown", |t| codes::gtd_target_type(*t))
                .to_string(),
            f.weapons
                .first()
                .map_or("Unknown", |w| codes::gtd_weapon_type(*w))
                .to_string(),
            f.perpetrators
                .first()
                .map_or_else(|| "Unknown".to_string(), |p| p.name.clone()),
            claimed.to_string(),
            opt(f.killed.best),
            opt(f.injured.best),
            scite(0),
            scite(1),
            scite(2),
        ])
    }
}

/// Writes the incidents the options select as CSV in `columns`; returns how many.
pub fn write_incidents<W: Write>(
    store: &dyn Store,
    columns: Columns,
    options: &crate::IncidentOptions,
    out: W,
) -> Result<u64, ExportError> {
    let mut csv = IncidentCsv::new(out, columns, store, &options.withheld)?;
    let n = crate::each_incident(store, options, |inc| csv.write(inc))?;
    csv.finish()?;
    Ok(n)
}

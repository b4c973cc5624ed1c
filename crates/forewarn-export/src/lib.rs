//! Exports: turns the stored record into the formats others read.
//!
//! - The JSON contract of `SPEC.md` (`forewarn export events|actors|relations|facts
//!   --format json|jsonl`): one element per incident of the knowledge base, consolidated
//!   across documents, and the actors, relations and facts.
//! - [`csv`]: incidents in ACLED's or the GTD's columns.
//! - [`geojson`]: incidents as a FeatureCollection.
//! - [`graphml`]: the actor network, and the links between actors and incidents.
//! - [`stix`]: the whole record as one STIX 2.1 bundle (`forewarn export bundle`).
//!
//! Incident exports stream: [`write_export`] walks the store's incidents one at a time
//! ([`Store::each_incident`]) and writes each as it is read, so a million incidents never
//! sit in memory together. Every writer is generic over [`std::io::Write`], so the command
//! line writes to a file or standard output and the server to a response body.
//!
//! Exports read only through [`Store`]; they never write. What a reader without TLP:RED
//! clearance may not see is withheld ([`Withheld`]) the same way in every format.

mod annotate;
pub mod codes;
pub mod csv;
mod flat;
pub mod geojson;
pub mod graphml;
pub mod stix;
mod withheld;

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::ops::ControlFlow;

pub use annotate::{Annotation, annotations, segments};
pub use withheld::{Citation, Citations, WITHHELD, Withheld};

use forewarn_model::{
    ActorFinding, Casualties, Contradiction, DocumentId, Event, FuzzyDate, GeoPrecision, Incident,
    Provenance, ReviewStatus,
};
use forewarn_store::{IncidentFilter, Store, StoreError, Stored};
use serde_json::{Value, json};

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Reading the store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Writing the output failed.
    #[error("cannot write the export: {0}")]
    Io(#[from] std::io::Error),
    /// Writing CSV failed.
    #[error("cannot write the CSV: {0}")]
    Csv(#[from] ::csv::Error),
    /// The format does not apply to what is exported.
    #[error("{kind} cannot be exported as {format} (use {})", kind.formats().iter().map(|f| f.as_str()).collect::<Vec<_>>().join(", "))]
    Unsupported {
        /// What was asked for.
        kind: Kind,
        /// In which format.
        format: Format,
    },
}

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Incidents (the knowledge base's consolidated events).
    Events,
    /// Actors with aliases and their sources.
    Actors,
    /// Relations between actors.
    Relations,
    /// Facts about single actors.
    Facts,
    /// The actor network: actors and the relations between them, as a graph.
    Network,
    /// Incidents and the actors reported to have carried them out, as a graph.
    IncidentActors,
    /// The whole record (actors, relations, incidents, places, documents) as one bundle.
    Bundle,
}

impl Kind {
    /// Every kind.
    pub const ALL: [Kind; 7] = [
        Kind::Events,
        Kind::Actors,
        Kind::Relations,
        Kind::Facts,
        Kind::Network,
        Kind::IncidentActors,
        Kind::Bundle,
    ];

    /// The name used on the command line and in URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Events => "events",
            Kind::Actors => "actors",
            Kind::Relations => "relations",
            Kind::Facts => "facts",
            Kind::Network => "network",
            Kind::IncidentActors => "incident-actors",
            Kind::Bundle => "bundle",
        }
    }

    /// The formats it can be written in; the first is the default.
    pub fn formats(self) -> &'static [Format] {
        match self {
            Kind::Events => &[
                Format::Json,
                Format::Jsonl,
                Format::AcledCsv,
                Format::GtdCsv,
                Format::GeoJson,
            ],
            Kind::Actors | Kind::Relations | Kind::Facts => &[Format::Json, Format::Jsonl],
            Kind::Network | Kind::IncidentActors => &[Format::GraphMl],
            Kind::Bundle => &[Format::Stix],
        }
    }

    /// Whether the incident filter applies.
    pub fn filtered(self) -> bool {
        matches!(self, Kind::Events | Kind::IncidentActors | Kind::Bundle)
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Kind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim().to_ascii_lowercase().replace('_', "-");
        let s = if s == "incidents" { "events" } else { &s };
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "unknown export {s:?} (use {})",
                    Kind::ALL.map(Kind::as_str).join(", ")
                )
            })
    }
}

/// How to write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One JSON array.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// CSV in ACLED's columns.
    AcledCsv,
    /// CSV in the GTD's columns.
    GtdCsv,
    /// A GeoJSON FeatureCollection.
    GeoJson,
    /// GraphML.
    GraphMl,
    /// A STIX 2.1 bundle.
    Stix,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 7] = [
        Format::Json,
        Format::Jsonl,
        Format::AcledCsv,
        Format::GtdCsv,
        Format::GeoJson,
        Format::GraphMl,
        Format::Stix,
    ];

    /// The name used on the command line and in URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::AcledCsv => "acled-csv",
            Format::GtdCsv => "gtd-csv",
            Format::GeoJson => "geojson",
            Format::GraphMl => "graphml",
            Format::Stix => "stix",
        }
    }

    /// The media type of a file in this format.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Json => "application/json",
            Format::Jsonl => "application/jsonl",
            Format::AcledCsv | Format::GtdCsv => "text/csv; charset=utf-8",
            Format::GeoJson => "application/geo+json",
            Format::GraphMl => "application/graphml+xml",
            Format::Stix => "application/stix+json;version=2.1",
        }
    }

    /// A file name for `kind` in this format.
    pub fn file_name(self, kind: Kind) -> String {
        let (suffix, ext) = match self {
            Format::Json => ("", "json"),
            Format::Jsonl => ("", "jsonl"),
            Format::AcledCsv => ("-acled", "csv"),
            Format::GtdCsv => ("-gtd", "csv"),
            Format::GeoJson => ("", "geojson"),
            Format::GraphMl => ("", "graphml"),
            Format::Stix => ("-stix", "json"),
        };
        format!("{}{suffix}.{ext}", kind.as_str())
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim().to_ascii_lowercase().replace('_', "-");
        Format::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "unknown format {s:?} (use {})",
                    Format::ALL.map(Format::as_str).join(", ")
                )
            })
    }
}

/// Which incidents an export covers and what its reader may see.
#[derive(Debug, Clone, Default)]
pub struct IncidentOptions {
    /// The incidents (the same filter the incident list takes); its order is the export's.
    pub filter: IncidentFilter,
    /// Keep incidents a reviewer rejected (left out unless the filter asks for them).
    pub include_rejected: bool,
    /// Documents whose names and passages are withheld.
    pub withheld: Withheld,
}

/// What an export wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Records written: incidents, actors, relations, facts, or a graph's nodes.
    pub records: u64,
    /// GeoJSON: incidents written without coordinates (with a `null` geometry).
    pub unplaced: u64,
    /// Graphs: edges written.
    pub edges: u64,
}

/// Hands each incident the options select to `write`, in the filter's order, one at a time;
/// returns how many were written. Rejected incidents are skipped unless asked for.
pub fn each_incident(
    store: &dyn Store,
    options: &IncidentOptions,
    mut write: impl FnMut(&Incident) -> Result<(), ExportError>,
) -> Result<u64, ExportError> {
    let keep_rejected =
        options.include_rejected || options.filter.status == Some(ReviewStatus::Rejected);
    let mut failed = None;
    let mut written = 0;
    store.each_incident(&options.filter, &mut |inc| {
        if inc.status == ReviewStatus::Rejected && !keep_rejected {
            return ControlFlow::Continue(());
        }
        match write(&inc) {
            Ok(()) => {
                written += 1;
                ControlFlow::Continue(())
            }
            Err(e) => {
                failed = Some(e);
                ControlFlow::Break(())
            }
        }
    })?;
    match failed {
        Some(e) => Err(e),
        None => Ok(written),
    }
}

/// Writes JSON values as one array (each element on its own lines) or as JSON Lines.
struct JsonWriter<W: Write> {
    out: W,
    lines: bool,
    written: u64,
}

impl<W: Write> JsonWriter<W> {
    fn new(mut out: W, lines: bool) -> std::io::Result<Self> {
        if !lines {
            out.write_all(b"[")?;
        }
        Ok(JsonWriter {
            out,
            lines,
            written: 0,
        })
    }

    fn write(&mut self, v: &Value) -> std::io::Result<()> {
        if self.lines {
            serde_json::to_writer(&mut self.out, v)?;
        } else {
            self.out
                .write_all(if self.written == 0 { b"\n" } else { b",\n" })?;
            serde_json::to_writer_pretty(&mut self.out, v)?;
        }
        if self.lines {
            self.out.write_all(b"\n")?;
        }
        self.written += 1;
        Ok(())
    }

    fn finish(mut self) -> std::io::Result<u64> {
        if !self.lines {
            self.out
                .write_all(if self.written == 0 { b"]\n" } else { b"\n]\n" })?;
        }
        self.out.flush()?;
        Ok(self.written)
    }
}

/// Writes `kind` in `format` to `out`, streaming incidents; the filter and `include_rejected`
/// apply to incident kinds, the withheld documents to every kind.
pub fn write_export(
    store: &dyn Store,
    kind: Kind,
    format: Format,
    options: &IncidentOptions,
    out: &mut dyn Write,
) -> Result<Summary, ExportError> {
    if !kind.formats().contains(&format) {
        return Err(ExportError::Unsupported { kind, format });
    }
    let mut summary = Summary::default();
    match (kind, format) {
        (Kind::Events, Format::Json | Format::Jsonl) => {
            let mut w = JsonWriter::new(&mut *out, format == Format::Jsonl)?;
            let mut exporter = IncidentExporter::withholding(store, options.withheld.clone());
            each_incident(store, options, |inc| Ok(w.write(&exporter.export(inc)?)?))?;
            summary.records = w.finish()?;
        }
        (Kind::Events, Format::AcledCsv) => {
            summary.records = csv::write_incidents(store, csv::Columns::Acled, options, out)?;
        }
        (Kind::Events, Format::GtdCsv) => {
            summary.records = csv::write_incidents(store, csv::Columns::Gtd, options, out)?;
        }
        (Kind::Events, Format::GeoJson) => {
            (summary.records, summary.unplaced) = geojson::write_incidents(store, options, out)?;
        }
        (Kind::Actors | Kind::Relations | Kind::Facts, _) => {
            let records = match kind {
                Kind::Actors => actors(store)?,
                Kind::Relations => relations(store)?,
                _ => facts(store)?,
            };
            let mut w = JsonWriter::new(&mut *out, format == Format::Jsonl)?;
            for mut v in records {
                options.withheld.redact_json(&mut v);
                w.write(&v)?;
            }
            summary.records = w.finish()?;
        }
        (Kind::Network, _) => {
            (summary.records, summary.edges) = graphml::write_actor_network(store, out)?;
        }
        (Kind::IncidentActors, _) => {
            let (incidents, actors, links) = graphml::write_incident_actors(store, options, out)?;
            summary.records = incidents + actors;
            summary.edges = links;
        }
        (Kind::Bundle, _) => {
            summary.records = stix::write_bundle(store, options, out)?;
        }
        (Kind::Events, Format::GraphMl | Format::Stix) => {
            return Err(ExportError::Unsupported { kind, format });
        }
    }
    Ok(summary)
}

/// Documents whose texts are kept at most while exporting.
const TEXTS_HELD: usize = 2_000;

/// Document texts and names, loaded once each, for quotes, character offsets and citations.
struct Texts<'s> {
    store: &'s dyn Store,
    /// (name, text) of each document asked for; `None` for one the store does not hold.
    cache: HashMap<DocumentId, Option<(String, String)>>,
}

impl<'s> Texts<'s> {
    fn new(store: &'s dyn Store) -> Self {
        Texts {
            store,
            cache: HashMap::new(),
        }
    }

    fn load(&mut self, id: &DocumentId) -> Result<Option<&(String, String)>, StoreError> {
        if !self.cache.contains_key(id) {
            // Texts are large: start again rather than hold a whole corpus while streaming.
            if self.cache.len() >= TEXTS_HELD {
                self.cache.clear();
            }
            let doc = self
                .store
                .document(id.as_str())?
                .map(|d| (d.meta.name, d.text));
            self.cache.insert(id.clone(), doc);
        }
        Ok(self.cache.get(id).and_then(Option::as_ref))
    }

    fn text(&mut self, id: &DocumentId) -> Result<Option<&str>, StoreError> {
        Ok(self.load(id)?.map(|(_, text)| text.as_str()))
    }

    /// The name the document was ingested under (its id when the store lacks it).
    fn name(&mut self, id: &DocumentId) -> Result<String, StoreError> {
        Ok(self
            .load(id)?
            .map_or_else(|| id.0.clone(), |(name, _)| name.clone()))
    }

    /// The spanned text and its character offsets.
    fn span(&mut self, p: &Provenance) -> Result<(String, usize, usize), StoreError> {
        Ok(match self.text(&p.document)? {
            Some(text) => {
                let quote = p.span.slice(text).unwrap_or_default().to_string();
                let (s, e) = p.span.char_offsets(text);
                (quote, s, e)
            }
            None => (String::new(), p.span.start, p.span.end),
        })
    }
}

/// Document names for the documents the given findings came from (each `Stored` item
/// carries its document's name, so no separate listing of documents is needed).
fn names<T>(stored: &[Stored<T>]) -> HashMap<DocumentId, String> {
    stored
        .iter()
        .map(|s| (s.document.clone(), s.document_name.clone()))
        .collect()
}

fn date_json(d: &FuzzyDate) -> Value {
    json!({ "start": d.start_string(), "end": d.end_string(), "precision": d.precision.as_str() })
}

fn casualties_json(
    c: &Casualties,
    texts: &mut Texts<'_>,
    names: &HashMap<DocumentId, String>,
) -> Result<Value, StoreError> {
    let (low, best, high) = (c.low, c.best, c.high);
    let mut reports = Vec::new();
    for r in &c.reports {
        let (quote, _, _) = texts.span(&r.provenance)?;
        reports.push(json!({
            "value": r.value.value,
            "high": r.value.high,
            "qualifier": r.value.qualifier.as_str(),
            "document": names.get(&r.provenance.document).cloned().unwrap_or_default(),
            "quote": if r.quote.is_empty() { quote } else { r.quote.clone() },
            "rule": r.provenance.producer.to_string(),
            "confidence": r.provenance.confidence,
        }));
    }
    Ok(json!({ "low": low, "best": best, "high": high, "reports": reports }))
}

fn event_json(
    id: &str,
    e: &Event,
    texts: &mut Texts<'_>,
    names: &HashMap<DocumentId, String>,
    withheld: &Withheld,
) -> Result<Value, StoreError> {
    // Targets, weapons and victims name no document in the contract, so a withheld
    // document's mentions of them are hidden here rather than by `Withheld::redact_json`.
    let mention = |p: &Provenance, m: &str| {
        if withheld.contains(&p.document) {
            WITHHELD.to_string()
        } else {
            m.to_string()
        }
    };
    let doc_name = |id: &DocumentId| names.get(id).cloned().unwrap_or_default();
    let location = match forewarn_extract::best_place(e).map(|r| &r.value) {
        Some(p) => json!({
            "country": p.country, "admin1": p.admin1, "place": p.name,
            "lat": p.lat, "lon": p.lon, "precision": p.precision.as_str(),
        }),
        None => json!({
            "country": null, "admin1": null, "place": null, "lat": null, "lon": null,
            "precision": GeoPrecision::Unknown.as_str(),
        }),
    };
    let mut perpetrators = Vec::new();
    for r in &e.perpetrators {
        let (mention, _, _) = texts.span(&r.provenance)?;
        perpetrators.push(json!({
            "actor": r.value.name,
            "actor_id": r.value.actor.as_ref().map(|a| a.0.clone()),
            "kind": r.value.kind.as_str(),
            "mention": mention,
            "claimed": r.value.status == forewarn_model::ClaimStatus::Claimed,
            "confidence": r.value.status.as_str(),
            "document": doc_name(&r.provenance.document),
        }));
    }
    let targets: Vec<Value> = e
        .targets
        .iter()
        .map(|r| json!({ "type": r.value.kind.as_str(), "mention": mention(&r.provenance, &r.value.mention) }))
        .collect();
    let weapons: Vec<Value> = e
        .weapons
        .iter()
        .map(|r| json!({ "type": r.value.kind.as_str(), "mention": mention(&r.provenance, &r.value.mention) }))
        .collect();
    let victims: Vec<Value> = e
        .victims
        .iter()
        .map(|r| json!({ "mention": mention(&r.provenance, &r.value.mention), "effect": r.value.effect.as_str() }))
        .collect();
    let mut sources = Vec::new();
    for s in &e.sources {
        let (start, end) = match texts.text(&s.document)? {
            Some(text) => s.span.char_offsets(text),
            None => (s.span.start, s.span.end),
        };
        sources.push(json!({
            "document": doc_name(&s.document), "quote": s.quote, "start": start, "end": end,
        }));
    }
    // The type most sources give, ties broken by GTD's hierarchy.
    let attack_type = forewarn_extract::primary_attack_type(e).map(|t| t.as_str());
    Ok(json!({
        "id": id,
        "kind": e.kind.value.as_str(),
        "type": attack_type,
        "date": forewarn_extract::best_date(e).map(|r| date_json(&r.value)),
        "location": location,
        "perpetrators": perpetrators,
        "killed": casualties_json(&e.killed, texts, names)?,
        "injured": casualties_json(&e.injured, texts, names)?,
        "targets": targets,
        "weapons": weapons,
        "victims": victims,
        "sources": sources,
        "confidence": e.confidence,
    }))
}

/// Turns incidents into the SPEC contract, loading each document's text and name once.
pub struct IncidentExporter<'s> {
    texts: Texts<'s>,
    names: HashMap<DocumentId, String>,
    withheld: Withheld,
}

impl<'s> IncidentExporter<'s> {
    /// Reads documents from `store`.
    pub fn new(store: &'s dyn Store) -> Self {
        IncidentExporter::withholding(store, Withheld::none())
    }

    /// Reads documents from `store`, and withholds every name, quote and mention read from
    /// the `withheld` documents.
    pub fn withholding(store: &'s dyn Store, withheld: Withheld) -> Self {
        IncidentExporter {
            texts: Texts::new(store),
            names: HashMap::new(),
            withheld,
        }
    }

    fn name(&mut self, id: &DocumentId) -> Result<String, StoreError> {
        if let Some(n) = self.names.get(id) {
            return Ok(n.clone());
        }
        let name = self.texts.name(id)?;
        self.names.insert(id.clone(), name.clone());
        Ok(name)
    }

    /// One incident: the SPEC's event fields, plus `status`, `members` (document and event
    /// id) and `contradictions` (field, why, and each side's value with its reports).
    pub fn export(&mut self, inc: &Incident) -> Result<Value, ExportError> {
        let mut docs: Vec<&DocumentId> = inc.members.iter().map(|m| &m.document).collect();
        for c in &inc.contradictions {
            docs.extend(
                c.sides
                    .iter()
                    .flat_map(|s| s.reports.iter().map(|r| &r.document)),
            );
        }
        // Bounded for streaming; cleared between incidents, never while naming one.
        if self.names.len() >= Citations::CAPACITY {
            self.names.clear();
        }
        for d in docs {
            self.name(d)?;
        }
        let mut v = event_json(
            inc.id.as_str(),
            &inc.event,
            &mut self.texts,
            &self.names,
            &self.withheld,
        )?;
        if let Value::Object(map) = &mut v {
            map.insert("status".into(), json!(inc.status.as_str()));
            map.insert(
                "contradictions".into(),
                contradictions_json(&inc.contradictions, &self.names),
            );
            let members: Vec<Value> = inc
                .members
                .iter()
                .map(|m| {
                    json!({
                        "document": self.names.get(&m.document).cloned().unwrap_or_default(),
                        "event": m.event.0,
                    })
                })
                .collect();
            map.insert("members".into(), json!(members));
        }
        self.withheld.redact_json(&mut v);
        Ok(v)
    }
}

/// Every incident in the SPEC export contract, latest first: one element per real incident
/// (the knowledge base's consolidation of the documents' events), with every source's
/// reports, the contradictions among them and the review status. Rejected incidents are left
/// out unless `include_rejected`. This holds them all; [`write_export`] streams instead.
pub fn events(store: &dyn Store, include_rejected: bool) -> Result<Vec<Value>, ExportError> {
    let mut exporter = IncidentExporter::new(store);
    let mut out = Vec::new();
    let options = IncidentOptions {
        include_rejected,
        ..IncidentOptions::default()
    };
    each_incident(store, &options, |inc| {
        out.push(exporter.export(inc)?);
        Ok(())
    })?;
    Ok(out)
}

/// Contradictions with the documents named as they were ingested.
pub fn contradictions_json(
    contradictions: &[Contradiction],
    names: &HashMap<DocumentId, String>,
) -> Value {
    json!(
        contradictions
            .iter()
            .map(|c| json!({
                "field": c.field,
                "why": c.why,
                "sides": c.sides.iter().map(|s| json!({
                    "value": s.value,
                    "reports": s.reports.iter().map(|r| json!({
                        "document": names.get(&r.document).cloned().unwrap_or_else(|| r.document.0.clone()),
                        "quote": r.quote,
                    })).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
            }))
            .collect::<Vec<_>>()
    )
}

/// An actor merged across documents: the first finding, its aliases with their sources, and
/// the documents that name it.
type ActorAcc = (ActorFinding, Vec<(String, Value)>, Vec<String>);

/// Every actor found, merged by id across documents and by a person's identity merges:
/// canonical name, kind, category, country, and every alias with its script and the
/// documents and quotes it came from.
pub fn actors(store: &dyn Store) -> Result<Vec<Value>, ExportError> {
    // A person's identity merges fold one actor into another; each alias keeps its source.
    let merges = forewarn_kb::ActorMerges::new(&store.actor_merges()?);
    let findings = merges.apply_to_findings(store.actor_findings()?);
    let names = names(&findings);
    let mut texts = Texts::new(store);
    let mut by_id: BTreeMap<String, ActorAcc> = BTreeMap::new();
    for s in findings {
        let f = &s.item;
        let entry = by_id
            .entry(f.actor.id.0.clone())
            .or_insert_with(|| (f.clone(), Vec::new(), Vec::new()));
        entry.2.push(s.document_name.clone());
        for alias in &f.actor.aliases {
            let source = match &alias.source {
                Some(p) => {
                    let (quote, start, end) = texts.span(p)?;
                    json!({
                        "document": names.get(&p.document).cloned().unwrap_or_default(),
                        "quote": quote, "start": start, "end": end,
                        "rule": p.producer.to_string(), "confidence": p.confidence,
                    })
                }
                None => json!({ "document": null, "rule": "dictionary" }),
            };
            entry.1.push((alias.name.clone(), source));
        }
    }
    let mut out = Vec::new();
    for (id, (finding, aliases, documents)) in by_id {
        let mut grouped: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        for (name, source) in aliases {
            grouped.entry(name).or_default().push(source);
        }
        let aliases: Vec<Value> = grouped
            .into_iter()
            .map(|(name, sources)| {
                json!({ "name": name, "script": forewarn_kb::script_of(&name), "sources": sources })
            })
            .collect();
        out.push(json!({
            "id": id,
            "name": finding.actor.name,
            "kind": finding.actor.kind.as_str(),
            "category": finding.actor.category,
            "country": finding.actor.country,
            "from_dictionary": finding.from_dictionary,
            "aliases": aliases,
            "documents": documents,
        }));
    }
    Ok(out)
}

fn actor_names(store: &dyn Store) -> Result<HashMap<String, String>, StoreError> {
    Ok(store
        .actor_findings()?
        .into_iter()
        .map(|s| (s.item.actor.id.0.clone(), s.item.actor.name.clone()))
        .collect())
}

fn sources_json(
    sources: &[Provenance],
    texts: &mut Texts<'_>,
    names: &HashMap<DocumentId, String>,
) -> Result<Vec<Value>, StoreError> {
    let mut out = Vec::new();
    for p in sources {
        let (quote, start, end) = texts.span(p)?;
        out.push(json!({
            "document": names.get(&p.document).cloned().unwrap_or_default(),
            "quote": quote, "start": start, "end": end,
            "rule": p.producer.to_string(), "confidence": p.confidence,
        }));
    }
    Ok(out)
}

/// Every relation found: subject, relation, object (canonical names and ids), fuzzy
/// `from`/`until`, and sources.
pub fn relations(store: &dyn Store) -> Result<Vec<Value>, ExportError> {
    let relations = store.relations()?;
    let names = names(&relations);
    let actors = actor_names(store)?;
    let mut texts = Texts::new(store);
    let mut out = Vec::new();
    for s in relations {
        let r = &s.item;
        let name = |id: &str| actors.get(id).cloned().unwrap_or_else(|| id.to_string());
        out.push(json!({
            "subject": name(&r.subject.0),
            "subject_id": r.subject.0,
            "relation": r.relation.as_str(),
            "object": name(&r.object.0),
            "object_id": r.object.0,
            "from": r.from.as_ref().map(date_json),
            "until": r.until.as_ref().map(date_json),
            "sources": sources_json(&r.sources, &mut texts, &names)?,
        }));
    }
    Ok(out)
}

/// Every fact about a single actor (founding, strength, strongholds, publications, threats).
pub fn facts(store: &dyn Store) -> Result<Vec<Value>, ExportError> {
    let facts = store.facts()?;
    let names = names(&facts);
    let actors = actor_names(store)?;
    let mut texts = Texts::new(store);
    let mut out = Vec::new();
    for s in facts {
        let f = &s.item;
        let mut v = serde_json::to_value(&f.fact).unwrap_or(Value::Null);
        if let Value::Object(map) = &mut v {
            map.insert(
                "actor".into(),
                json!(
                    actors
                        .get(&f.actor.0)
                        .cloned()
                        .unwrap_or_else(|| f.actor.0.clone())
                ),
            );
            map.insert("actor_id".into(), json!(f.actor.0));
            map.insert(
                "date".into(),
                f.date.as_ref().map(date_json).unwrap_or(Value::Null),
            );
            map.insert(
                "sources".into(),
                json!(sources_json(
                    std::slice::from_ref(&f.source),
                    &mut texts,
                    &names
                )?),
            );
        }
        out.push(v);
    }
    Ok(out)
}

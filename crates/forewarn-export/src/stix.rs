//! The whole record as one STIX 2.1 bundle, for threat-intelligence platforms (OpenCTI, MISP,
//! TAXII servers).
//!
//! Objects, each with `spec_version` 2.1 and `created_by_ref` to forewarn's own identity:
//!
//! - `threat-actor` for each organisation (name, aliases, `threat_actor_types`, category as
//!   a label), `identity` (`identity_class` individual) for each person;
//! - `relationship` for each actor relation: `led-by` (the group to its leader, so
//!   `leader_of` reversed), and the custom types `member-of`, `part-of`, `allied-with`,
//!   `rival-of`, `split-from` and `pledged-allegiance-to`, with `start_time`/`stop_time`
//!   from the relation's dates and the best source's confidence (0-100);
//! - `incident` for each incident, carrying forewarn's own properties in a property
//!   extension (defined by an `extension-definition` in the bundle): date start, end and
//!   precision, place precision, kind, attack type, killed and injured low/best/high, review
//!   status, and every source's report (document name, figure, quote);
//! - `location` for each place an incident happened (country, `administrative_area` for the
//!   province, city, latitude, longitude), linked by `located-at`, and `attributed-to` from
//!   an incident to each known actor reported to have carried it out;
//! - `report` for each document something was extracted from (name, `published`,
//!   `object_refs` to what was read from it);
//! - the five TLP 2.0 `marking-definition`s (OASIS's fixed ids): an object read from marked
//!   documents carries the strictest of their markings in `object_marking_refs` (an actor,
//!   which any one document makes known, the least strict).
//!
//! Ids are UUIDv5 from a fixed namespace and each record's own key, and `created`/`modified`
//! are the documents' ingest times (a fixed epoch where there is none), so exporting the same
//! record twice gives the same bytes. Incidents stream: the bundle holds the actors, the
//! relations, the ids of the places written and, per document, the 16-byte ids of its
//! incidents, never the incidents themselves.
//! Names, quotes and mentions read from withheld (TLP:RED) documents read as
//! [`WITHHELD`](crate::WITHHELD).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Write;

use forewarn_model::{
    ActorKind, Casualties, ClaimStatus, DocumentId, FuzzyDate, Incident, Place, RelationKind, Tlp,
};
use forewarn_store::{DocumentFilter, Page, Store, StoreError};
use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::withheld::{WITHHELD, Withheld};
use crate::{ExportError, IncidentOptions};

/// The namespace of every id forewarn gives a STIX object.
const NAMESPACE: Uuid = Uuid::from_u128(0x5c0f_7a21_93d4_4b6e_8f1a_2e7c_64b0_d9a3);

/// `created` of objects no document dates (forewarn's identity, the extension definition).
const EPOCH: &str = "2024-01-01T00:00:00.000Z";

/// When OASIS published the TLP 2.0 marking definitions.
const TLP_CREATED: &str = "2022-10-01T00:00:00.000Z";

/// OASIS's extension definition for TLP 2.0 markings.
const TLP_EXTENSION: &str = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

/// The TLP 2.0 marking definitions OASIS published, with their fixed ids.
const TLP_MARKINGS: [(Tlp, &str, &str); 5] = [
    (
        Tlp::Clear,
        "clear",
        "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
    ),
    (
        Tlp::Green,
        "green",
        "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
    ),
    (
        Tlp::Amber,
        "amber",
        "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
    ),
    (
        Tlp::AmberStrict,
        "amber+strict",
        "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
    ),
    (
        Tlp::Red,
        "red",
        "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
    ),
];

/// The STIX id of the TLP 2.0 marking.
pub fn tlp_marking(tlp: Tlp) -> &'static str {
    TLP_MARKINGS
        .iter()
        .find(|(t, _, _)| *t == tlp)
        .map_or(TLP_MARKINGS[4].2, |(_, _, id)| id)
}

fn strictness(tlp: Tlp) -> u8 {
    match tlp {
        Tlp::Clear => 0,
        Tlp::Green => 1,
        Tlp::Amber => 2,
        Tlp::AmberStrict => 3,
        Tlp::Red => 4,
    }
}

/// A deterministic STIX id: `type--uuidv5(namespace, key)`.
pub fn stix_id(ty: &str, key: &str) -> String {
    format!("{ty}--{}", Uuid::new_v5(&NAMESPACE, key.as_bytes()))
}

/// The types a report refers to, so that each reference is held as a type index and a
/// 16-byte UUID rather than a string.
const REF_TYPES: [&str; 3] = ["incident", "threat-actor", "identity"];
const RELATIONSHIP: u8 = REF_TYPES.len() as u8;

/// What was read from one document, compactly.
type Refs = Vec<(u8, Uuid)>;

fn compact(id: &str) -> Option<(u8, Uuid)> {
    let (ty, uuid) = id.split_once("--")?;
    let index = match REF_TYPES.iter().position(|t| *t == ty) {
        Some(i) => i as u8,
        None if ty == "relationship" => RELATIONSHIP,
        None => return None,
    };
    Some((index, Uuid::parse_str(uuid).ok()?))
}

fn expand((index, uuid): (u8, Uuid)) -> String {
    let ty = REF_TYPES
        .get(index as usize)
        .copied()
        .unwrap_or("relationship");
    format!("{ty}--{uuid}")
}

fn identity_id() -> String {
    stix_id("identity", "forewarn")
}

fn extension_id() -> String {
    stix_id("extension-definition", "forewarn-incident")
}

fn timestamp(t: jiff::Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

fn day_start(d: jiff::civil::Date) -> String {
    format!("{d}T00:00:00.000Z")
}

fn day_end(d: jiff::civil::Date) -> String {
    format!("{d}T23:59:59.999Z")
}

/// A confidence of 0 to 1 as STIX's 0 to 100.
fn confidence(c: f64) -> u8 {
    (c.clamp(0.0, 1.0) * 100.0).round() as u8
}

/// What the bundle needs of a document.
#[derive(Debug, Clone)]
struct DocInfo {
    name: String,
    retrieved: jiff::Timestamp,
    tlp: Option<Tlp>,
}

/// Documents held at most before the cache starts again.
const DOCS_HELD: usize = 100_000;

/// Each document's metadata, read once within a bound.
struct Docs<'s> {
    store: &'s dyn Store,
    cache: HashMap<DocumentId, Option<DocInfo>>,
}

impl Docs<'_> {
    fn get(&mut self, id: &DocumentId) -> Result<Option<&DocInfo>, StoreError> {
        if !self.cache.contains_key(id) {
            if self.cache.len() >= DOCS_HELD {
                self.cache.clear();
            }
            let info = self.store.document(id.as_str())?.map(|d| DocInfo {
                name: d.meta.name,
                retrieved: d.retrieved,
                tlp: d.meta.tlp,
            });
            self.cache.insert(id.clone(), info);
        }
        Ok(self.cache.get(id).and_then(Option::as_ref))
    }

    /// The earliest and latest ingest times and the strictest and least strict markings of
    /// these documents (`None` for the least strict when one is unmarked).
    fn summary<'a>(
        &mut self,
        ids: impl IntoIterator<Item = &'a DocumentId>,
    ) -> Result<DocSummary, StoreError> {
        let mut s = DocSummary::default();
        let mut unmarked = false;
        for id in ids {
            let Some(d) = self.get(id)? else { continue };
            s.first = Some(
                s.first
                    .map_or(d.retrieved, |f: jiff::Timestamp| f.min(d.retrieved)),
            );
            s.last = Some(
                s.last
                    .map_or(d.retrieved, |l: jiff::Timestamp| l.max(d.retrieved)),
            );
            match d.tlp {
                Some(t) => {
                    if s.strictest.is_none_or(|x| strictness(t) > strictness(x)) {
                        s.strictest = Some(t);
                    }
                    if s.least.is_none_or(|x| strictness(t) < strictness(x)) {
                        s.least = Some(t);
                    }
                }
                None => unmarked = true,
            }
        }
        if unmarked {
            s.least = None;
        }
        Ok(s)
    }
}

#[derive(Debug, Default)]
struct DocSummary {
    first: Option<jiff::Timestamp>,
    last: Option<jiff::Timestamp>,
    strictest: Option<Tlp>,
    least: Option<Tlp>,
}

impl DocSummary {
    fn created(&self) -> String {
        self.first.map_or_else(|| EPOCH.to_string(), timestamp)
    }

    fn modified(&self) -> String {
        self.last.map_or_else(|| EPOCH.to_string(), timestamp)
    }
}

/// The fields every object forewarn makes carries.
fn common(
    ty: &str,
    id: &str,
    created: &str,
    modified: &str,
    tlp: Option<Tlp>,
) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("type".into(), json!(ty));
    m.insert("spec_version".into(), json!("2.1"));
    m.insert("id".into(), json!(id));
    m.insert("created_by_ref".into(), json!(identity_id()));
    m.insert("created".into(), json!(created));
    m.insert("modified".into(), json!(modified));
    if let Some(t) = tlp {
        m.insert("object_marking_refs".into(), json!([tlp_marking(t)]));
    }
    m
}

/// Writes the bundle's objects one at a time.
struct BundleWriter<'o> {
    out: &'o mut dyn Write,
    written: u64,
}

impl BundleWriter<'_> {
    fn write(&mut self, object: Map<String, Value>) -> std::io::Result<()> {
        self.out
            .write_all(if self.written == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut *self.out, &Value::Object(object))?;
        self.written += 1;
        Ok(())
    }
}

/// STIX's name for the kind of threat actor a forewarn category is.
fn threat_actor_type(category: Option<&str>) -> &'static str {
    let c = category.unwrap_or_default().to_ascii_lowercase();
    if c.contains("state") || c.contains("government") || c.contains("military") {
        "nation-state"
    } else if c.contains("crim") || c.contains("cartel") || c.contains("gang") {
        "crime-syndicate"
    } else if c.contains("armed")
        || c.contains("terror")
        || c.contains("militant")
        || c.contains("insurg")
        || c.contains("jihad")
    {
        "terrorist"
    } else {
        "unknown"
    }
}

/// The STIX relationship type of a relation, and whether it reads object to subject.
pub fn relationship_type(kind: RelationKind) -> (&'static str, bool) {
    match kind {
        RelationKind::LeaderOf => ("led-by", true),
        RelationKind::MemberOf => ("member-of", false),
        RelationKind::PartOf => ("part-of", false),
        RelationKind::AlliedWith => ("allied-with", false),
        RelationKind::RivalOf => ("rival-of", false),
        RelationKind::SplitFrom => ("split-from", false),
        RelationKind::PledgedAllegianceTo => ("pledged-allegiance-to", false),
    }
}

/// A relation merged across the documents that report it.
struct MergedRelation {
    from: Option<FuzzyDate>,
    until: Option<FuzzyDate>,
    confidence: f64,
    documents: Vec<DocumentId>,
}

/// Writes the whole record as a STIX 2.1 bundle; returns how many objects it holds.
pub fn write_bundle(
    store: &dyn Store,
    options: &IncidentOptions,
    out: &mut dyn Write,
) -> Result<u64, ExportError> {
    let withheld = &options.withheld;
    out.write_all(
        format!(
            "{{\"type\":\"bundle\",\"id\":\"{}\",\"objects\":[",
            stix_id("bundle", "forewarn-record")
        )
        .as_bytes(),
    )?;
    let mut w = BundleWriter { out, written: 0 };
    let mut docs = Docs {
        store,
        cache: HashMap::new(),
    };
    // What was read from each document, for its report's `object_refs`: its incidents,
    // actors and actor relations (an incident's own links and place go with it).
    let mut read_from: HashMap<DocumentId, Refs> = HashMap::new();

    let mut me = common("identity", &identity_id(), EPOCH, EPOCH, None);
    me.remove("created_by_ref");
    me.insert("name".into(), json!("forewarn"));
    me.insert("identity_class".into(), json!("system"));
    me.insert(
        "description".into(),
        json!("Reads reports of political violence and keeps what they say, with its sources."),
    );
    w.write(me)?;
    for (_, name, id) in TLP_MARKINGS {
        let mut m = Map::new();
        m.insert("type".into(), json!("marking-definition"));
        m.insert("spec_version".into(), json!("2.1"));
        m.insert("id".into(), json!(id));
        m.insert("created".into(), json!(TLP_CREATED));
        m.insert("name".into(), json!(format!("TLP:{}", name.to_uppercase())));
        m.insert(
            "extensions".into(),
            json!({ TLP_EXTENSION: { "extension_type": "property-extension", "tlp_2_0": name } }),
        );
        w.write(m)?;
    }
    let mut ext = common("extension-definition", &extension_id(), EPOCH, EPOCH, None);
    ext.insert("name".into(), json!("forewarn incident"));
    ext.insert(
        "description".into(),
        json!("What forewarn knows of an incident beyond STIX's incident object."),
    );
    ext.insert(
        "schema".into(),
        json!(
            "Properties: kind, attack_type, date_start, date_end (YYYY-MM-DD, the first and last \
             possible day), date_precision (day, week, month, year, ...), place_precision (site, \
             city, admin1, country, region, unknown), killed_low, killed_best, killed_high, \
             injured_low, injured_best, injured_high (whole numbers, absent when unknown), \
             review_status, and source_reports: each report's field (killed, injured or \
             source), document (the name it was ingested under), value (a figure, or absent) \
             and quote."
        ),
    );
    ext.insert("version".into(), json!("1.0.0"));
    ext.insert("extension_types".into(), json!(["property-extension"]));
    w.write(ext)?;

    // Actors, identity merges applied.
    let merges = forewarn_kb::ActorMerges::new(&store.actor_merges()?);
    let findings = merges.apply_to_findings(store.actor_findings()?);
    type ActorAcc = (forewarn_model::Actor, Vec<String>, Vec<DocumentId>);
    let mut actors: BTreeMap<String, ActorAcc> = BTreeMap::new();
    for s in findings {
        let a = &s.item.actor;
        let entry = actors
            .entry(a.id.0.clone())
            .or_insert_with(|| (a.clone(), Vec::new(), Vec::new()));
        for alias in &a.aliases {
            if alias.name != entry.0.name && !entry.1.contains(&alias.name) {
                entry.1.push(alias.name.clone());
            }
        }
        if !entry.2.contains(&s.document) {
            entry.2.push(s.document.clone());
        }
    }
    let mut actor_ids: HashMap<String, String> = HashMap::new();
    for (key, (actor, mut aliases, documents)) in actors {
        aliases.sort();
        let ty = match actor.kind {
            ActorKind::Organization => "threat-actor",
            ActorKind::Individual => "identity",
        };
        let id = stix_id(ty, &format!("actor:{key}"));
        let s = docs.summary(documents.iter())?;
        let mut o = common(ty, &id, &s.created(), &s.modified(), s.least);
        o.insert("name".into(), json!(actor.name));
        match actor.kind {
            ActorKind::Organization => {
                o.insert(
                    "threat_actor_types".into(),
                    json!([threat_actor_type(actor.category.as_deref())]),
                );
                if !aliases.is_empty() {
                    o.insert("aliases".into(), json!(aliases));
                }
            }
            ActorKind::Individual => {
                o.insert("identity_class".into(), json!("individual"));
                if !aliases.is_empty() {
                    o.insert(
                        "description".into(),
                        json!(format!("Also known as {}.", aliases.join("; "))),
                    );
                }
            }
        }
        if let Some(c) = &actor.category {
            o.insert("labels".into(), json!([c]));
        }
        w.write(o)?;
        for d in documents.iter() {
            read_from.entry(d.clone()).or_default().extend(compact(&id));
        }
        actor_ids.insert(key, id);
    }

    // Relations, merged across documents by subject, kind and object.
    let mut relations: BTreeMap<(String, &'static str, String), MergedRelation> = BTreeMap::new();
    for s in store.relations()? {
        let r = s.item;
        let subject = merges.canonical(&r.subject).0;
        let object = merges.canonical(&r.object).0;
        let (ty, reversed) = relationship_type(r.relation);
        let (source, target) = if reversed {
            (object, subject)
        } else {
            (subject, object)
        };
        let best = r.sources.iter().map(|p| p.confidence).fold(0.0, f64::max);
        let m = relations
            .entry((source, ty, target))
            .or_insert_with(|| MergedRelation {
                from: None,
                until: None,
                confidence: 0.0,
                documents: Vec::new(),
            });
        if let Some(f) = r.from
            && m.from.is_none_or(|x| f.start < x.start)
        {
            m.from = Some(f);
        }
        if let Some(u) = r.until
            && m.until.is_none_or(|x| u.end > x.end)
        {
            m.until = Some(u);
        }
        m.confidence = m.confidence.max(best);
        if !m.documents.contains(&s.document) {
            m.documents.push(s.document.clone());
        }
    }
    for ((source, ty, target), m) in relations {
        let (Some(source_ref), Some(target_ref)) = (actor_ids.get(&source), actor_ids.get(&target))
        else {
            continue;
        };
        let id = stix_id("relationship", &format!("relation:{source}|{ty}|{target}"));
        let s = docs.summary(m.documents.iter())?;
        let mut o = common(
            "relationship",
            &id,
            &s.created(),
            &s.modified(),
            s.strictest,
        );
        o.insert("relationship_type".into(), json!(ty));
        o.insert("source_ref".into(), json!(source_ref));
        o.insert("target_ref".into(), json!(target_ref));
        if let Some(f) = m.from {
            o.insert("start_time".into(), json!(day_start(f.start)));
        }
        // STIX wants the end after the start; a contrary report leaves the end out.
        if let Some(u) = m.until
            && m.from.is_none_or(|f| f.start <= u.end)
        {
            o.insert("stop_time".into(), json!(day_end(u.end)));
        }
        o.insert("confidence".into(), json!(confidence(m.confidence)));
        w.write(o)?;
        for d in &m.documents {
            read_from.entry(d.clone()).or_default().extend(compact(&id));
        }
    }

    // Incidents, streamed.
    let mut places: HashSet<String> = HashSet::new();
    crate::each_incident(store, options, |inc| {
        let id = write_incident(
            inc,
            &mut w,
            &mut docs,
            withheld,
            &actor_ids,
            &merges,
            &mut places,
        )?;
        let mut seen: Vec<&DocumentId> = Vec::new();
        for m in &inc.members {
            if !seen.contains(&&m.document) {
                seen.push(&m.document);
                read_from
                    .entry(m.document.clone())
                    .or_default()
                    .extend(compact(&id));
            }
        }
        Ok(())
    })?;

    // A report per document something was read from, in the store's document order.
    const PAGE: u64 = 1000;
    let mut offset = 0;
    loop {
        let page = store.list_documents(
            &DocumentFilter::default(),
            Page {
                offset,
                limit: PAGE,
            },
        )?;
        let n = page.items.len() as u64;
        for d in page.items {
            let Some(refs) = read_from.remove(&d.id) else {
                continue;
            };
            let mut refs: Vec<String> = refs.into_iter().map(expand).collect();
            refs.sort();
            refs.dedup();
            let id = stix_id("report", &format!("document:{}", d.id.0));
            let retrieved = timestamp(d.retrieved);
            let mut o = common("report", &id, &retrieved, &retrieved, d.tlp);
            let hidden = withheld.contains(&d.id);
            let name = if hidden {
                WITHHELD.to_string()
            } else {
                d.title.clone().unwrap_or_else(|| d.name.clone())
            };
            o.insert("name".into(), json!(name));
            if !hidden && d.title.is_some() {
                o.insert("description".into(), json!(d.name));
            }
            o.insert("report_types".into(), json!(["threat-report"]));
            o.insert(
                "published".into(),
                json!(d.published.map_or(retrieved, day_start)),
            );
            o.insert("object_refs".into(), json!(refs));
            w.write(o)?;
        }
        offset += n;
        if n < PAGE {
            break;
        }
    }
    let written = w.written;
    w.out.write_all(b"\n]}\n")?;
    w.out.flush()?;
    Ok(written)
}

fn figures(c: &Casualties) -> [(&'static str, Option<u32>); 3] {
    [("low", c.low), ("best", c.best), ("high", c.high)]
}

/// A short name for the incident: what, where, when.
fn incident_name(inc: &Incident, place: Option<&Place>, date: Option<&FuzzyDate>) -> String {
    let what = inc
        .event
        .primary_attack_type()
        .map_or_else(
            || inc.event.kind.value.as_str().to_string(),
            |t| t.as_str().to_string(),
        )
        .replace('_', " ");
    let mut name = what;
    if let Some(p) = place {
        let parts: Vec<&str> = [p.name.as_deref(), p.admin1.as_deref(), p.country.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        if !parts.is_empty() {
            name.push_str(" in ");
            name.push_str(&parts.join(", "));
        }
    }
    if let Some(d) = date {
        name.push_str(&format!(", {d}"));
    }
    name
}

/// Writes one incident, its location and its links; returns the incident's id.
fn write_incident(
    inc: &Incident,
    w: &mut BundleWriter<'_>,
    docs: &mut Docs<'_>,
    withheld: &Withheld,
    actor_ids: &HashMap<String, String>,
    merges: &forewarn_kb::ActorMerges,
    places: &mut HashSet<String>,
) -> Result<String, ExportError> {
    let e = &inc.event;
    let s = docs.summary(inc.members.iter().map(|m| &m.document))?;
    let (created, modified) = (s.created(), s.modified());
    let date = e.best_date().map(|r| r.value);
    let place = e.best_place().map(|r| r.value.clone());
    let id = stix_id("incident", &format!("incident:{}", inc.id.0));

    let mut name_of = |d: &DocumentId| -> Result<String, StoreError> {
        if withheld.contains(d) {
            return Ok(WITHHELD.to_string());
        }
        Ok(docs.get(d)?.map_or_else(|| d.0.clone(), |i| i.name.clone()))
    };
    let hide = |d: &DocumentId, q: &str| {
        if withheld.contains(d) {
            WITHHELD.to_string()
        } else {
            q.to_string()
        }
    };
    let mut reports = Vec::new();
    for (field, c) in [("killed", &e.killed), ("injured", &e.injured)] {
        for r in &c.reports {
            let d = &r.provenance.document;
            reports.push(json!({
                "field": field,
                "document": name_of(d)?,
                "value": r.value.value,
                "quote": hide(d, &r.quote),
            }));
        }
    }
    for src in &e.sources {
        reports.push(json!({
            "field": "source",
            "document": name_of(&src.document)?,
            "quote": hide(&src.document, &src.quote),
        }));
    }
    let mut props = Map::new();
    props.insert("extension_type".into(), json!("property-extension"));
    props.insert("kind".into(), json!(e.kind.value.as_str()));
    if let Some(t) = e.primary_attack_type() {
        props.insert("attack_type".into(), json!(t.as_str()));
    }
    if let Some(d) = &date {
        props.insert("date_start".into(), json!(d.start.to_string()));
        props.insert("date_end".into(), json!(d.end.to_string()));
        props.insert("date_precision".into(), json!(d.precision.as_str()));
    }
    props.insert(
        "place_precision".into(),
        json!(place.as_ref().map_or("unknown", |p| p.precision.as_str())),
    );
    for (field, c) in [("killed", &e.killed), ("injured", &e.injured)] {
        for (which, v) in figures(c) {
            if let Some(v) = v {
                props.insert(format!("{field}_{which}"), json!(v));
            }
        }
    }
    props.insert("review_status".into(), json!(inc.status.as_str()));
    props.insert("source_reports".into(), json!(reports));

    let mut o = common("incident", &id, &created, &modified, s.strictest);
    o.insert(
        "name".into(),
        json!(incident_name(inc, place.as_ref(), date.as_ref())),
    );
    o.insert("confidence".into(), json!(confidence(e.confidence)));
    o.insert(
        "extensions".into(),
        json!({ extension_id(): Value::Object(props) }),
    );
    w.write(o)?;

    // Where: one location per distinct place, written the first time an incident names it.
    if let Some(p) = &place {
        let coords = match (p.lat, p.lon) {
            (Some(lat), Some(lon))
                if lat.is_finite()
                    && lon.is_finite()
                    && (-90.0..=90.0).contains(&lat)
                    && (-180.0..=180.0).contains(&lon) =>
            {
                Some((lat, lon))
            }
            _ => None,
        };
        if p.country.is_some() || coords.is_some() {
            let key = format!(
                "place:{}|{}|{}|{:?}",
                p.country.as_deref().unwrap_or_default(),
                p.admin1.as_deref().unwrap_or_default(),
                p.name.as_deref().unwrap_or_default(),
                coords
            );
            let loc = stix_id("location", &key);
            if places.insert(loc.clone()) {
                let mut l = common("location", &loc, EPOCH, EPOCH, None);
                let label: Vec<&str> =
                    [p.name.as_deref(), p.admin1.as_deref(), p.country.as_deref()]
                        .into_iter()
                        .flatten()
                        .collect();
                l.insert("name".into(), json!(label.join(", ")));
                if let Some(c) = &p.country {
                    l.insert("country".into(), json!(c));
                }
                if let Some(a) = &p.admin1 {
                    l.insert("administrative_area".into(), json!(a));
                }
                if let Some(n) = &p.name
                    && matches!(p.precision.as_str(), "city" | "site")
                {
                    l.insert("city".into(), json!(n));
                }
                if let Some((lat, lon)) = coords {
                    l.insert("latitude".into(), json!(lat));
                    l.insert("longitude".into(), json!(lon));
                }
                w.write(l)?;
            }
            let rel = stix_id("relationship", &format!("located:{}|{loc}", inc.id.0));
            let mut r = common("relationship", &rel, &created, &modified, s.strictest);
            r.insert("relationship_type".into(), json!("located-at"));
            r.insert("source_ref".into(), json!(id));
            r.insert("target_ref".into(), json!(loc));
            w.write(r)?;
        }
    }

    // Who: each known actor, once, with the firmest link any report gives.
    let mut perps: BTreeMap<String, (ClaimStatus, Vec<DocumentId>)> = BTreeMap::new();
    for p in &e.perpetrators {
        let Some(a) = &p.value.actor else { continue };
        let a = merges.canonical(a).0;
        if !actor_ids.contains_key(&a) {
            continue;
        }
        let entry = perps
            .entry(a)
            .or_insert_with(|| (p.value.status, Vec::new()));
        if firmness(p.value.status) > firmness(entry.0) {
            entry.0 = p.value.status;
        }
        entry.1.push(p.provenance.document.clone());
    }
    for (actor, (status, documents)) in perps {
        let rel = stix_id("relationship", &format!("attributed:{}|{actor}", inc.id.0));
        let ps = docs.summary(documents.iter())?;
        let mut r = common(
            "relationship",
            &rel,
            &ps.created(),
            &ps.modified(),
            ps.strictest,
        );
        r.insert("relationship_type".into(), json!("attributed-to"));
        r.insert("source_ref".into(), json!(id));
        r.insert("target_ref".into(), json!(actor_ids[&actor]));
        r.insert("description".into(), json!(status.as_str()));
        r.insert(
            "confidence".into(),
            json!(match status {
                ClaimStatus::Claimed => 90,
                ClaimStatus::Attributed => 70,
                ClaimStatus::Suspected => 40,
            }),
        );
        w.write(r)?;
    }
    Ok(id)
}

fn firmness(s: ClaimStatus) -> u8 {
    match s {
        ClaimStatus::Claimed => 2,
        ClaimStatus::Attributed => 1,
        ClaimStatus::Suspected => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_typed() {
        let a = stix_id("incident", "incident:inc-1");
        assert_eq!(a, stix_id("incident", "incident:inc-1"));
        assert_ne!(a, stix_id("incident", "incident:inc-2"));
        let (ty, uuid) = a.split_once("--").unwrap();
        assert_eq!(ty, "incident");
        assert_eq!(Uuid::parse_str(uuid).unwrap().get_version_num(), 5);
    }

    #[test]
    fn leaders_read_from_the_group() {
        assert_eq!(relationship_type(RelationKind::LeaderOf), ("led-by", true));
        for k in [
            RelationKind::MemberOf,
            RelationKind::AlliedWith,
            RelationKind::PledgedAllegianceTo,
        ] {
            let (ty, reversed) = relationship_type(k);
            assert!(!reversed);
            assert!(
                ty.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{ty}"
            );
        }
    }

    #[test]
    fn report_references_are_held_compactly_and_read_back() {
        for id in [
            stix_id("incident", "incident:a"),
            stix_id("threat-actor", "actor:b"),
            stix_id("identity", "actor:c"),
            stix_id("relationship", "relation:d"),
        ] {
            assert_eq!(expand(compact(&id).unwrap()), id);
        }
        assert_eq!(compact("location--not-a-uuid"), None);
    }

    #[test]
    fn timestamps_have_milliseconds_in_utc() {
        let t: jiff::Timestamp = "2023-03-12T08:30:00Z".parse().unwrap();
        assert_eq!(timestamp(t), "2023-03-12T08:30:00.000Z");
        assert_eq!(confidence(0.734), 73);
    }
}

//! Graphs as GraphML, for Gephi, networkx, yEd and Cytoscape.
//!
//! Two graphs:
//!
//! - The actor network ([`write_actor_network`]): a node per actor (identity merges applied)
//!   with `name`, `kind` (organization or individual), `category`, `country`, `aliases`
//!   (`; `-separated) and `documents` (how many name it); a directed edge per relation kind
//!   between two actors, subject to object, with `relation`, `from` (the earliest reported
//!   start), `until` (the latest reported end), `sources` (reports) and `documents`.
//! - Actors and incidents ([`write_incident_actors`]): a node per incident the filter
//!   selects (`type` = `incident`, with `kind`, `attack_type`, `date`, `country`, `place`,
//!   `killed`, `injured`) and per actor reported to have carried one out (`type` = `actor`,
//!   with `name`, `kind`, `incidents`); an edge from actor to incident with `claim` (the
//!   firmest link any report gives: claimed, attributed, suspected) and `reports`.
//!
//! Neither carries quotes or document names, so nothing from a TLP:RED document shows.
//! Incidents stream: the second graph holds only the actors in memory, never the incidents.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::Write;

use forewarn_model::{ClaimStatus, DocumentId, FuzzyDate, Incident};
use forewarn_store::Store;

use crate::ExportError;

/// An attribute a graph declares.
#[derive(Debug, Clone, Copy)]
pub struct Key {
    /// Its id in the file.
    pub id: &'static str,
    /// `node` or `edge`.
    pub domain: &'static str,
    /// Its name, as readers show it.
    pub name: &'static str,
    /// `string` or `int`.
    pub ty: &'static str,
}

const fn key(id: &'static str, domain: &'static str, name: &'static str, ty: &'static str) -> Key {
    Key {
        id,
        domain,
        name,
        ty,
    }
}

/// A value of an attribute; absent values are left out of the element.
#[derive(Debug, Clone)]
pub enum Attr {
    /// Text.
    Text(String),
    /// A whole number.
    Int(i64),
}

/// Escapes text for XML content and attribute values, dropping the control characters
/// XML 1.0 cannot carry.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Writes one GraphML graph element by element.
pub struct GraphWriter<W: Write> {
    out: W,
    edges: u64,
    nodes: u64,
}

impl<W: Write> GraphWriter<W> {
    /// Writes the document header, the attribute declarations and opens a directed graph.
    pub fn new(mut out: W, graph: &str, keys: &[Key]) -> std::io::Result<Self> {
        out.write_all(
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns \
http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
        )?;
        for k in keys {
            writeln!(
                out,
                "  <key id=\"{}\" for=\"{}\" attr.name=\"{}\" attr.type=\"{}\"/>",
                k.id, k.domain, k.name, k.ty
            )?;
        }
        writeln!(
            out,
            "  <graph id=\"{}\" edgedefault=\"directed\">",
            escape(graph)
        )?;
        Ok(GraphWriter {
            out,
            edges: 0,
            nodes: 0,
        })
    }

    fn data(&mut self, data: &[(&Key, Option<Attr>)]) -> std::io::Result<()> {
        for (k, v) in data {
            let v = match v {
                Some(Attr::Text(s)) if !s.is_empty() => escape(s),
                Some(Attr::Int(i)) => i.to_string(),
                _ => continue,
            };
            writeln!(self.out, "      <data key=\"{}\">{v}</data>", k.id)?;
        }
        Ok(())
    }

    /// A node.
    pub fn node(&mut self, id: &str, data: &[(&Key, Option<Attr>)]) -> std::io::Result<()> {
        writeln!(self.out, "    <node id=\"{}\">", escape(id))?;
        self.data(data)?;
        self.nodes += 1;
        self.out.write_all(b"    </node>\n")
    }

    /// A directed edge.
    pub fn edge(
        &mut self,
        source: &str,
        target: &str,
        data: &[(&Key, Option<Attr>)],
    ) -> std::io::Result<()> {
        writeln!(
            self.out,
            "    <edge id=\"e{}\" source=\"{}\" target=\"{}\">",
            self.edges,
            escape(source),
            escape(target)
        )?;
        self.data(data)?;
        self.edges += 1;
        self.out.write_all(b"    </edge>\n")
    }

    /// Closes the graph; returns the writer with the counts of nodes and edges.
    pub fn finish(mut self) -> std::io::Result<(W, u64, u64)> {
        self.out.write_all(b"  </graph>\n</graphml>\n")?;
        self.out.flush()?;
        Ok((self.out, self.nodes, self.edges))
    }
}

fn text(s: impl Into<String>) -> Option<Attr> {
    Some(Attr::Text(s.into()))
}

fn int(n: impl TryInto<i64>) -> Option<Attr> {
    n.try_into().ok().map(Attr::Int)
}

const NETWORK_KEYS: [Key; 11] = [
    key("n_name", "node", "name", "string"),
    key("n_kind", "node", "kind", "string"),
    key("n_category", "node", "category", "string"),
    key("n_country", "node", "country", "string"),
    key("n_aliases", "node", "aliases", "string"),
    key("n_documents", "node", "documents", "int"),
    key("e_relation", "edge", "relation", "string"),
    key("e_from", "edge", "from", "string"),
    key("e_until", "edge", "until", "string"),
    key("e_sources", "edge", "sources", "int"),
    key("e_documents", "edge", "documents", "int"),
];

#[derive(Default)]
struct ActorNode {
    name: String,
    kind: String,
    category: Option<String>,
    country: Option<String>,
    aliases: BTreeSet<String>,
    documents: HashSet<DocumentId>,
}

#[derive(Default)]
struct RelationEdge {
    from: Option<FuzzyDate>,
    until: Option<FuzzyDate>,
    sources: usize,
    documents: HashSet<DocumentId>,
}

/// Writes the actor network; returns the counts of nodes and edges.
pub fn write_actor_network<W: Write>(store: &dyn Store, out: W) -> Result<(u64, u64), ExportError> {
    let merges = forewarn_kb::ActorMerges::new(&store.actor_merges()?);
    let mut actors: BTreeMap<String, ActorNode> = BTreeMap::new();
    for s in merges.apply_to_findings(store.actor_findings()?) {
        let a = &s.item.actor;
        let node = actors.entry(a.id.0.clone()).or_insert_with(|| ActorNode {
            name: a.name.clone(),
            kind: a.kind.as_str().to_string(),
            category: a.category.clone(),
            country: a.country.clone(),
            ..ActorNode::default()
        });
        node.aliases.extend(
            a.aliases
                .iter()
                .map(|x| x.name.clone())
                .filter(|n| *n != a.name),
        );
        node.documents.insert(s.document.clone());
    }
    let mut edges: BTreeMap<(String, &'static str, String), RelationEdge> = BTreeMap::new();
    for s in store.relations()? {
        let r = &s.item;
        let subject = merges.canonical(&r.subject).0;
        let object = merges.canonical(&r.object).0;
        for id in [&subject, &object] {
            actors.entry(id.clone()).or_insert_with(|| ActorNode {
                name: id.clone(),
                ..ActorNode::default()
            });
        }
        let e = edges
            .entry((subject, r.relation.as_str(), object))
            .or_default();
        if let Some(f) = r.from
            && e.from.is_none_or(|x| f.start < x.start)
        {
            e.from = Some(f);
        }
        if let Some(u) = r.until
            && e.until.is_none_or(|x| u.end > x.end)
        {
            e.until = Some(u);
        }
        e.sources += r.sources.len().max(1);
        e.documents.insert(s.document.clone());
    }
    let k = &NETWORK_KEYS;
    let mut g = GraphWriter::new(out, "actors", k)?;
    for (id, a) in &actors {
        let aliases: Vec<&str> = a.aliases.iter().map(String::as_str).collect();
        g.node(
            id,
            &[
                (&k[0], text(a.name.clone())),
                (&k[1], text(a.kind.clone())),
                (&k[2], a.category.clone().map(Attr::Text)),
                (&k[3], a.country.clone().map(Attr::Text)),
                (&k[4], text(aliases.join("; "))),
                (&k[5], int(a.documents.len())),
            ],
        )?;
    }
    for ((subject, relation, object), e) in &edges {
        g.edge(
            subject,
            object,
            &[
                (&k[6], text(*relation)),
                (&k[7], e.from.map(|d| Attr::Text(d.start_string()))),
                (&k[8], e.until.map(|d| Attr::Text(d.end_string()))),
                (&k[9], int(e.sources)),
                (&k[10], int(e.documents.len())),
            ],
        )?;
    }
    let (_, nodes, edges) = g.finish()?;
    Ok((nodes, edges))
}

const LINK_KEYS: [Key; 11] = [
    key("n_type", "node", "type", "string"),
    key("n_name", "node", "name", "string"),
    key("n_kind", "node", "kind", "string"),
    key("n_attack_type", "node", "attack_type", "string"),
    key("n_date", "node", "date", "string"),
    key("n_country", "node", "country", "string"),
    key("n_place", "node", "place", "string"),
    key("n_killed", "node", "killed", "int"),
    key("n_injured", "node", "injured", "int"),
    key("n_incidents", "node", "incidents", "int"),
    key("e_claim", "edge", "claim", "string"),
];
const REPORTS_KEY: Key = key("e_reports", "edge", "reports", "int");

fn claim_rank(s: ClaimStatus) -> u8 {
    match s {
        ClaimStatus::Claimed => 2,
        ClaimStatus::Attributed => 1,
        ClaimStatus::Suspected => 0,
    }
}

/// Writes the graph of incidents and the actors reported to have carried them out, for the
/// incidents the options select; returns the counts of incidents, actors and links.
pub fn write_incident_actors<W: Write>(
    store: &dyn Store,
    options: &crate::IncidentOptions,
    out: W,
) -> Result<(u64, u64, u64), ExportError> {
    let merges = forewarn_kb::ActorMerges::new(&store.actor_merges()?);
    let mut keys = LINK_KEYS.to_vec();
    keys.push(REPORTS_KEY);
    let k = &LINK_KEYS;
    let mut g = GraphWriter::new(out, "incident-actors", &keys)?;
    // (name, kind, incidents) per actor node id.
    let mut actors: BTreeMap<String, (String, String, u64)> = BTreeMap::new();
    let mut links = 0u64;
    let incidents = crate::each_incident(store, options, |inc: &Incident| {
        let e = &inc.event;
        let place = e.best_place().map(|r| &r.value);
        g.node(
            inc.id.as_str(),
            &[
                (&k[0], text("incident")),
                (&k[2], text(e.kind.value.as_str())),
                (
                    &k[3],
                    e.primary_attack_type()
                        .map(|t| Attr::Text(t.as_str().into())),
                ),
                (
                    &k[4],
                    e.best_date().map(|d| Attr::Text(d.value.to_string())),
                ),
                (&k[5], place.and_then(|p| p.country.clone()).map(Attr::Text)),
                (&k[6], place.and_then(|p| p.name.clone()).map(Attr::Text)),
                (&k[7], e.killed.best.and_then(int)),
                (&k[8], e.injured.best.and_then(int)),
            ],
        )?;
        // One link per actor: the firmest claim any report gives, and how many reports.
        let mut linked: Vec<(String, ClaimStatus, u64)> = Vec::new();
        for r in &e.perpetrators {
            let p = &r.value;
            let id = match &p.actor {
                Some(a) => merges.canonical(a).0,
                None => format!("name:{}", p.name),
            };
            actors
                .entry(id.clone())
                .or_insert_with(|| (p.name.clone(), p.kind.as_str().to_string(), 0));
            match linked.iter_mut().find(|(x, _, _)| *x == id) {
                Some(l) => {
                    if claim_rank(p.status) > claim_rank(l.1) {
                        l.1 = p.status;
                    }
                    l.2 += 1;
                }
                None => linked.push((id, p.status, 1)),
            }
        }
        for (id, claim, reports) in linked {
            if let Some(a) = actors.get_mut(&id) {
                a.2 += 1;
            }
            g.edge(
                &id,
                inc.id.as_str(),
                &[(&k[10], text(claim.as_str())), (&REPORTS_KEY, int(reports))],
            )?;
            links += 1;
        }
        Ok(())
    })?;
    for (id, (name, kind, n)) in &actors {
        g.node(
            id,
            &[
                (&k[0], text("actor")),
                (&k[1], text(name.clone())),
                (&k[2], text(kind.clone())),
                (&k[9], int(*n)),
            ],
        )?;
    }
    g.finish()?;
    Ok((incidents, actors.len() as u64, links))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_control_characters_dropped() {
        assert_eq!(
            escape("Al-Qa'ida <\"AQ\"> & co\u{1}"),
            "Al-Qa&apos;ida &lt;&quot;AQ&quot;&gt; &amp; co"
        );
    }

    #[test]
    fn graphs_declare_keys_and_skip_absent_values() {
        let keys = [
            key("n_name", "node", "name", "string"),
            key("e_w", "edge", "weight", "int"),
        ];
        let mut g = GraphWriter::new(Vec::new(), "g", &keys).unwrap();
        g.node("a", &[(&keys[0], text("A & B"))]).unwrap();
        g.node("b", &[(&keys[0], None)]).unwrap();
        g.edge("a", "b", &[(&keys[1], int(3))]).unwrap();
        let (out, nodes, edges) = g.finish().unwrap();
        let xml = String::from_utf8(out).unwrap();
        assert_eq!((nodes, edges), (2, 1));
        assert!(
            xml.contains("<key id=\"e_w\" for=\"edge\" attr.name=\"weight\" attr.type=\"int\"/>")
        );
        assert!(xml.contains("<data key=\"n_name\">A &amp; B</data>"));
        assert_eq!(xml.matches("<data key=\"n_name\">").count(), 1);
        assert!(xml.contains("<edge id=\"e0\" source=\"a\" target=\"b\">"));
        assert!(xml.trim_end().ends_with("</graphml>"));
    }
}

//! Storage and search. [`Store`] is the boundary every other crate goes through to read or
//! write the record; [`SqliteStore`] is the embedded backend (one data directory, SQLite in
//! WAL mode with FTS5 full-text search maintained in the same transactions as the data, so the
//! index can never drift from the store). A PostgreSQL backend implements the same trait.
//!
//! Only this crate performs I/O on the database.

mod error;
pub mod query;
mod sqlite;

use forewarn_model::{
    ActorFact, ActorFinding, ActorId, Adjudication, AdjudicationStatus, AssignedBy, AttackType,
    Document, DocumentId, Event, EventKind, EventRef, Incident, IncidentId, MediaType, Relation,
    Reliability, ReviewEntry, ReviewStatus, ReviewTarget, Role, Tlp,
};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;

pub use error::StoreError;
pub use query::{QueryError, SearchQuery};
pub use sqlite::{DATABASE_FILE, SqliteStore};

/// What happened when a document was offered to the store.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum PutOutcome {
    /// Stored as a new document.
    Inserted {
        /// The closest earlier document whose fingerprint is within the near-duplicate
        /// distance, linked to this one.
        near_duplicate_of: Option<NearDuplicate>,
    },
    /// The same text was already stored; this name was recorded as another sighting.
    Duplicate {
        /// The stored document.
        existing: DocumentId,
        /// The name it was first ingested under.
        existing_name: String,
    },
}

/// A link between two documents that are the same article in different dress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NearDuplicate {
    /// The earlier document.
    pub document: DocumentId,
    /// Its name.
    pub name: String,
    /// Hamming distance between the two SimHash fingerprints.
    pub distance: u32,
}

/// Options for [`Store::put_document`].
#[derive(Debug, Clone, Copy)]
pub struct PutOptions {
    /// Largest SimHash Hamming distance at which two documents count as near duplicates.
    /// The store finds candidates by eight 8-bit bands: every pair within distance 7 is
    /// found, and most pairs up to 12 (about three in four at exactly 12).
    pub near_duplicate_max_distance: u32,
}

/// A document without its text, for listings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentSummary {
    /// Id.
    pub id: DocumentId,
    /// Name ingested under.
    pub name: String,
    /// Title.
    pub title: Option<String>,
    /// Publisher.
    pub publisher: Option<String>,
    /// Publication date.
    pub published: Option<Date>,
    /// Ingest time.
    pub retrieved: Timestamp,
    /// Format.
    pub media_type: MediaType,
    /// ISO 639-3 language code.
    pub language: Option<String>,
    /// Admiralty grade.
    pub reliability: Option<Reliability>,
    /// TLP marking.
    pub tlp: Option<Tlp>,
    /// Length of the text in characters.
    pub chars: u64,
    /// Documents this one nearly duplicates, or that nearly duplicate it.
    pub near_duplicates: Vec<DocumentId>,
}

/// Filters for listing documents. Empty filters list everything.
#[derive(Debug, Clone, Default)]
pub struct DocumentFilter {
    /// Publisher contains this (case-insensitive).
    pub publisher: Option<String>,
    /// Published on or after.
    pub published_from: Option<Date>,
    /// Published on or before.
    pub published_to: Option<Date>,
    /// ISO 639-3 language code.
    pub language: Option<String>,
    /// TLP marking.
    pub tlp: Option<Tlp>,
    /// Leave out documents marked TLP:RED (for readers not cleared for them).
    pub hide_red: bool,
}

/// A page of a listing.
#[derive(Debug, Clone, Copy)]
pub struct Page {
    /// Items to skip.
    pub offset: u64,
    /// Items to return at most.
    pub limit: u64,
}

impl Default for Page {
    fn default() -> Self {
        Page {
            offset: 0,
            limit: 50,
        }
    }
}

/// One page of results and the total that matched.
#[derive(Debug, Clone, Serialize)]
pub struct Listing<T> {
    /// All items that matched the filter.
    pub total: u64,
    /// This page.
    pub items: Vec<T>,
}

/// A search hit.
#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    /// The matching document.
    pub document: DocumentSummary,
    /// Relevance (BM25; higher is better).
    pub score: f64,
    /// The best passage, with the matched terms marked.
    pub snippet: Snippet,
}

/// A passage of text with highlighted ranges.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Snippet {
    /// The passage.
    pub text: String,
    /// Byte ranges of `text` to highlight.
    pub highlights: Vec<(usize, usize)>,
}

impl Snippet {
    /// The passage with each highlight wrapped in `open` and `close`.
    pub fn marked(&self, open: &str, close: &str) -> String {
        let mut out = String::with_capacity(self.text.len() + 16);
        let mut at = 0;
        for &(s, e) in &self.highlights {
            out.push_str(&self.text[at..s]);
            out.push_str(open);
            out.push_str(&self.text[s..e]);
            out.push_str(close);
            at = e;
        }
        out.push_str(&self.text[at..]);
        out
    }
}

/// What extraction found in one document, borrowed for storing.
#[derive(Debug, Clone, Copy)]
pub struct Findings<'a> {
    /// Name and version of the extractor, so that stale findings can be found and redone.
    pub extractor: &'a str,
    /// Document-level events.
    pub events: &'a [Event],
    /// Actors found.
    pub actors: &'a [ActorFinding],
    /// Relations between actors.
    pub relations: &'a [Relation],
    /// Facts about single actors.
    pub facts: &'a [ActorFact],
}

/// A stored finding with the document it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stored<T> {
    /// The document.
    pub document: DocumentId,
    /// The name the document was ingested under (exports cite it).
    pub document_name: String,
    /// The finding.
    pub item: T,
}

/// Which stored incidents may report the same happening as a new event: the same kind, and
/// dates overlapping the event's.
#[derive(Debug, Clone)]
pub struct CandidateQuery {
    /// The event's kind.
    pub kind: EventKind,
    /// The event's first and last possible day.
    pub dates: (Date, Date),
    /// At most this many, most recently updated first.
    pub limit: u64,
}

/// A person's standing decision about an event and an incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Pin {
    /// The event belongs in the incident.
    Join,
    /// The event must never be merged into the incident.
    Apart,
}

impl Pin {
    fn as_str(self) -> &'static str {
        match self {
            Pin::Join => "join",
            Pin::Apart => "apart",
        }
    }
}

/// An incident to store, with the memberships that are new in this write.
#[derive(Debug, Clone)]
pub struct IncidentUpsert {
    /// The consolidated incident (its `members` list every member, old and new).
    pub incident: Incident,
    /// Memberships to add, and who made each.
    pub new_members: Vec<(EventRef, AssignedBy)>,
}

/// One transaction's worth of knowledge-base changes.
#[derive(Debug, Clone, Default)]
pub struct IncidentWrite {
    /// Incidents to insert or replace (marked clean).
    pub upsert: Vec<IncidentUpsert>,
    /// Memberships to remove (the event leaves its incident).
    pub remove_members: Vec<EventRef>,
    /// Incidents to delete (with their memberships).
    pub delete: Vec<IncidentId>,
    /// New pairs for a person to judge (ignored if the pair was already queued).
    pub adjudications: Vec<Adjudication>,
    /// Pins to record.
    pub pins: Vec<(EventRef, IncidentId, Pin)>,
    /// Pins to remove.
    pub unpins: Vec<(EventRef, IncidentId)>,
    /// Actor identity merges to record: (from, into, by).
    pub merge_actors: Vec<(ActorId, ActorId, String)>,
    /// Actor identity merges to remove, by their `from`.
    pub unmerge_actors: Vec<ActorId>,
}

/// How a list of incidents is ordered (then by id, so pages never overlap).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IncidentSort {
    /// By the best date's first day (undated last).
    #[default]
    Date,
    /// By the reconciled killed figure (unknown last).
    Killed,
    /// By the reconciled injured figure (unknown last).
    Injured,
    /// By the number of reports.
    Sources,
    /// By country, province and place name.
    Place,
    /// By attack type.
    Type,
    /// By the machine's confidence (the review queue takes the least confident first).
    Confidence,
}

impl IncidentSort {
    /// Every order, as named in URLs.
    pub const ALL: [IncidentSort; 7] = [
        IncidentSort::Date,
        IncidentSort::Killed,
        IncidentSort::Injured,
        IncidentSort::Sources,
        IncidentSort::Place,
        IncidentSort::Type,
        IncidentSort::Confidence,
    ];

    /// The name used in URLs and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            IncidentSort::Date => "date",
            IncidentSort::Killed => "killed",
            IncidentSort::Injured => "injured",
            IncidentSort::Sources => "sources",
            IncidentSort::Place => "place",
            IncidentSort::Type => "type",
            IncidentSort::Confidence => "confidence",
        }
    }
}

impl std::str::FromStr for IncidentSort {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        IncidentSort::ALL
            .into_iter()
            .find(|o| o.as_str() == s)
            .ok_or_else(|| {
                format!("unknown order {s:?} (use date, killed, injured, sources, place, type or confidence)")
            })
    }
}

/// Filters for listing incidents. Empty filters list everything.
#[derive(Debug, Clone, Default)]
pub struct IncidentFilter {
    /// Only this kind.
    pub kind: Option<EventKind>,
    /// Only this country (ISO alpha-2).
    pub country: Option<String>,
    /// Only this province (as the gazetteer names it; case-insensitive).
    pub admin1: Option<String>,
    /// Only this attack type (the one most reports give).
    pub attack_type: Option<AttackType>,
    /// Only incidents one of these actors is reported to have carried out (resolve names
    /// and identity merges before: the store matches ids).
    pub actors: Vec<ActorId>,
    /// Dates ending on or after.
    pub from: Option<Date>,
    /// Dates starting on or before.
    pub to: Option<Date>,
    /// Only with a reconciled killed figure of at least this.
    pub min_killed: Option<u64>,
    /// Only with this review status.
    pub status: Option<ReviewStatus>,
    /// Only incidents with contradictions.
    pub contradicted: bool,
    /// Words in the incident's places, actors, targets, weapons or source quotes, in the
    /// search language of [`SearchQuery`] (its document filters do not apply here).
    pub text: Option<String>,
    /// The order.
    pub sort: IncidentSort,
    /// Smallest first instead of largest (or latest) first.
    pub ascending: bool,
}

/// An incident as lists, maps and tables show it: its reconciled values without the
/// reports behind them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IncidentRow {
    /// Id.
    pub id: IncidentId,
    /// Kind of event.
    pub kind: EventKind,
    /// The attack type most reports give.
    pub attack_type: Option<AttackType>,
    /// First possible day of the best date.
    pub date_start: Option<Date>,
    /// Last possible day of the best date.
    pub date_end: Option<Date>,
    /// Country (ISO alpha-2) of the best place.
    pub country: Option<String>,
    /// Province of the best place.
    pub admin1: Option<String>,
    /// Name of the best place.
    pub place: Option<String>,
    /// Latitude of the best place.
    pub lat: Option<f64>,
    /// Longitude of the best place.
    pub lon: Option<f64>,
    /// Reconciled killed figure.
    pub killed: Option<u64>,
    /// Reconciled injured figure.
    pub injured: Option<u64>,
    /// Names of the reported perpetrators.
    pub perpetrators: Vec<String>,
    /// Reports (member events) behind it.
    pub sources: u64,
    /// Contradictions among them.
    pub contradictions: u64,
    /// Review status.
    pub status: ReviewStatus,
    /// The machine's confidence in the incident (0 to 1).
    pub confidence: Option<f64>,
}

/// Incidents and killed in one calendar month, for timelines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonthCount {
    /// `YYYY-MM` of the best date's first day.
    pub month: String,
    /// Incidents.
    pub incidents: u64,
    /// Sum of the reconciled killed figures (unknown counts as 0).
    pub killed: u64,
}

/// Counts of incidents for an overview.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct IncidentCounts {
    /// All incidents.
    pub total: u64,
    /// Not yet reviewed.
    pub unreviewed: u64,
    /// Accepted by a reviewer.
    pub accepted: u64,
    /// Rejected by a reviewer.
    pub rejected: u64,
    /// With contradictions among their reports.
    pub contradicted: u64,
    /// Pairs awaiting a person's judgement.
    pub open_adjudications: u64,
}

/// An API token as stored (its secret never is: only a hash of it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiToken {
    /// Id.
    pub id: i64,
    /// Who or what it is for.
    pub name: String,
    /// What it may do.
    pub role: Role,
    /// Whether it may see documents marked TLP:RED.
    pub red: bool,
    /// When it was made.
    pub created: Timestamp,
    /// When it was revoked, if it was.
    pub revoked: Option<Timestamp>,
}

/// What extraction found in one document.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DocumentFindings {
    /// Document-level events.
    pub events: Vec<Event>,
    /// Actors found.
    pub actors: Vec<ActorFinding>,
    /// Relations between actors.
    pub relations: Vec<Relation>,
    /// Facts about single actors.
    pub facts: Vec<ActorFact>,
}

/// Totals for an overview.
#[derive(Debug, Clone, Default, Serialize)]
pub struct StoreStats {
    /// Stored documents.
    pub documents: u64,
    /// Extra names under which stored documents were seen again.
    pub duplicate_sightings: u64,
    /// Near-duplicate links.
    pub near_duplicate_links: u64,
    /// Documents with stored findings.
    pub extracted_documents: u64,
    /// Document-level events.
    pub events: u64,
    /// Distinct actors found.
    pub actors: u64,
    /// Relations found.
    pub relations: u64,
    /// Characters of text stored.
    pub text_chars: u64,
}

/// The boundary between forewarn and its database. Every write is one transaction: after an
/// error or a crash the store holds either all of a document (with its search entry and
/// links) or none of it.
pub trait Store {
    /// Stores a document, with what was found in it, unless its text is already stored;
    /// links it to its nearest near duplicate.
    fn put_document(
        &mut self,
        doc: &Document,
        findings: Option<&Findings<'_>>,
        options: PutOptions,
    ) -> Result<PutOutcome, StoreError>;

    /// Replaces what is stored as found in a document (after extracting it again).
    fn put_findings(
        &mut self,
        document: &DocumentId,
        findings: &Findings<'_>,
    ) -> Result<(), StoreError>;

    /// Ids of all stored documents, oldest first.
    fn document_ids(&self) -> Result<Vec<DocumentId>, StoreError>;

    /// Every stored document-level event.
    fn events(&self) -> Result<Vec<Stored<Event>>, StoreError>;

    /// Every stored actor finding.
    fn actor_findings(&self) -> Result<Vec<Stored<ActorFinding>>, StoreError>;

    /// Every stored relation.
    fn relations(&self) -> Result<Vec<Stored<Relation>>, StoreError>;

    /// Every stored fact about a single actor.
    fn facts(&self) -> Result<Vec<Stored<ActorFact>>, StoreError>;

    /// The actors some finding knows by `name` (an id, a name or an alias, compared
    /// case-insensitively), each once, with `true` where the name is only ever an alias.
    /// Ids are as extracted: identity merges are not applied.
    fn actor_names_matching(&self, name: &str) -> Result<Vec<(ActorId, bool)>, StoreError>;

    /// The findings of these actors (ids as extracted), in insertion order.
    fn actor_findings_of(
        &self,
        actors: &[ActorId],
    ) -> Result<Vec<Stored<ActorFinding>>, StoreError>;

    /// The relations whose subject or object is one of these actors, in insertion order.
    fn relations_of(&self, actors: &[ActorId]) -> Result<Vec<Stored<Relation>>, StoreError>;

    /// The facts about these actors, in insertion order.
    fn facts_of(&self, actors: &[ActorId]) -> Result<Vec<Stored<ActorFact>>, StoreError>;

    /// The ids and names of those of `documents` marked TLP:RED, read from an index
    /// without loading the documents.
    fn red_documents(
        &self,
        documents: &[DocumentId],
    ) -> Result<Vec<(DocumentId, String)>, StoreError>;

    /// How many reports name each actor (ids as extracted).
    fn actor_document_counts(&self) -> Result<Vec<(ActorId, u64)>, StoreError>;

    /// The first stored finding of an actor (id as extracted): its name, kind and country
    /// as lists show them.
    fn actor_first_finding(&self, actor: &ActorId) -> Result<Option<ActorFinding>, StoreError>;

    /// The aliases of these actors as reports wrote them, one spelling per folded name.
    fn actor_aliases(&self, actors: &[ActorId]) -> Result<Vec<(ActorId, String)>, StoreError>;

    /// Actors with an id, name or alias containing `fragment`, compared case-insensitively.
    fn actors_named_like(&self, fragment: &str) -> Result<Vec<ActorId>, StoreError>;

    /// The document with this id, or with an id starting with this prefix (at least 6 hex
    /// digits, and unambiguous).
    fn document(&self, id_or_prefix: &str) -> Result<Option<Document>, StoreError>;

    /// Documents matching the filter, newest publication first.
    fn list_documents(
        &self,
        filter: &DocumentFilter,
        page: Page,
    ) -> Result<Listing<DocumentSummary>, StoreError>;

    /// Full-text search, best first.
    fn search(&self, query: &SearchQuery, page: Page) -> Result<Listing<SearchHit>, StoreError>;

    /// Totals.
    fn stats(&self) -> Result<StoreStats, StoreError>;

    /// The Admiralty grade of a document's source, if one was given.
    fn reliability(&self, document: &DocumentId) -> Result<Option<Reliability>, StoreError>;

    /// Stored events that belong to no incident yet, in ingest order.
    fn unassigned_events(&self) -> Result<Vec<Stored<Event>>, StoreError>;

    /// Incidents whose members changed under them (an event was extracted again or removed).
    fn dirty_incidents(&self) -> Result<Vec<IncidentId>, StoreError>;

    /// Incidents that may report the same happening as an event (see [`CandidateQuery`]).
    fn incident_candidates(&self, query: &CandidateQuery) -> Result<Vec<Incident>, StoreError>;

    /// An incident's member events, with who assigned each, in ingest order.
    fn incident_members(
        &self,
        incident: &IncidentId,
    ) -> Result<Vec<(Stored<Event>, AssignedBy)>, StoreError>;

    /// A person's pins on an event.
    fn pins(&self, event: &EventRef) -> Result<Vec<(IncidentId, Pin)>, StoreError>;

    /// Applies knowledge-base changes in one transaction.
    fn write_incidents(&mut self, write: &IncidentWrite) -> Result<(), StoreError>;

    /// Incidents matching the filter, latest first.
    fn incidents(
        &self,
        filter: &IncidentFilter,
        page: Page,
    ) -> Result<Listing<Incident>, StoreError>;

    /// Every incident matching the filter, in the filter's order, handed to `each` as it is
    /// read (one query, so exporting a million incidents holds one at a time, and no page
    /// re-skips the rows before it); `each` stops the walk early by returning
    /// `ControlFlow::Break`. Returns how many incidents `each` was given.
    fn each_incident(
        &self,
        filter: &IncidentFilter,
        each: &mut dyn FnMut(Incident) -> std::ops::ControlFlow<()>,
    ) -> Result<u64, StoreError>;

    /// Every incident matching the filter as a row of reconciled values, in the filter's
    /// order, handed to `each` as it is read (one query; `ControlFlow::Break` stops it).
    /// Returns how many rows `each` was given.
    fn each_incident_row(
        &self,
        filter: &IncidentFilter,
        each: &mut dyn FnMut(IncidentRow) -> std::ops::ControlFlow<()>,
    ) -> Result<u64, StoreError>;

    /// Incidents matching the filter as rows of reconciled values, in the filter's order.
    fn incident_rows(
        &self,
        filter: &IncidentFilter,
        page: Page,
    ) -> Result<Listing<IncidentRow>, StoreError>;

    /// Incidents matching the filter that have coordinates, most killed first, at most
    /// `limit`; the total counts every placed match.
    fn incident_points(
        &self,
        filter: &IncidentFilter,
        limit: u64,
    ) -> Result<Listing<IncidentRow>, StoreError>;

    /// Incidents matching the filter per month of their best date, oldest first (months
    /// without incidents are left out; undated incidents are not counted).
    fn incident_months(&self, filter: &IncidentFilter) -> Result<Vec<MonthCount>, StoreError>;

    /// Counts for an overview.
    fn incident_counts(&self) -> Result<IncidentCounts, StoreError>;

    /// Stores a new token under the hash of its secret.
    fn put_token(
        &mut self,
        name: &str,
        role: Role,
        red: bool,
        hash: &str,
    ) -> Result<ApiToken, StoreError>;

    /// The token whose secret hashes to `hash` (revoked ones too, so callers can say so).
    fn token_by_hash(&self, hash: &str) -> Result<Option<ApiToken>, StoreError>;

    /// Every token, oldest first.
    fn tokens(&self) -> Result<Vec<ApiToken>, StoreError>;

    /// Revokes a token; false when there is no such token.
    fn revoke_token(&mut self, id: i64) -> Result<bool, StoreError>;

    /// What extraction found in one document (empty when it was never extracted).
    fn document_findings(&self, document: &DocumentId) -> Result<DocumentFindings, StoreError>;

    /// The incident with this id or unambiguous id prefix (at least 6 characters after
    /// `inc-`), or the incident a document's event belongs to.
    fn incident(&self, id_or_prefix: &str) -> Result<Option<Incident>, StoreError>;

    /// Adjudications, oldest first, optionally only those with one status. Pairs whose event
    /// or incident no longer exists are left out.
    fn adjudications(
        &self,
        status: Option<AdjudicationStatus>,
    ) -> Result<Vec<Adjudication>, StoreError>;

    /// Appends a person's decision to the audit log and applies its changes, in one
    /// transaction; an undo also marks the entry it undoes. Returns the entry with its id.
    fn record_review(
        &mut self,
        entry: &ReviewEntry,
        write: &IncidentWrite,
    ) -> Result<ReviewEntry, StoreError>;

    /// The audit log, newest first, optionally only about one target.
    fn review_log(
        &self,
        target: Option<&ReviewTarget>,
        page: Page,
    ) -> Result<Listing<ReviewEntry>, StoreError>;

    /// One audit-log entry.
    fn review_entry(&self, id: i64) -> Result<Option<ReviewEntry>, StoreError>;

    /// Actor identity merges a person made: (from, into).
    fn actor_merges(&self) -> Result<Vec<(ActorId, ActorId)>, StoreError>;

    /// Records a person's judgement of an adjudication and pins it, in one transaction.
    fn decide_adjudication(
        &mut self,
        id: i64,
        decision: AdjudicationStatus,
        by: &str,
    ) -> Result<Adjudication, StoreError>;
}

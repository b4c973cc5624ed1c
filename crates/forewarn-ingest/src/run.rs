//! Running a planned ingest: read on workers, write in order, report every outcome.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{OnceLock, mpsc};

use forewarn_documents::{Limits, RawInput, ReadDocument, Readout, finish};
use forewarn_extract::Extraction;
use forewarn_model::{Document, DocumentId};
use forewarn_sources::{FetchPolicy, Fetcher, read_file, read_stdin};
use forewarn_store::{Findings, NearDuplicate, PutOptions, PutOutcome, Store};
use serde::Serialize;

use crate::{MetaOverrides, WorkItem, plan};

/// How to ingest.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Metadata imposed on every document.
    pub overrides: MetaOverrides,
    /// Size and time limits for reading.
    pub limits: Limits,
    /// What URLs may be fetched, and how.
    pub fetch: FetchPolicy,
    /// Fetch the pages that feed items link to (otherwise store each item's own text).
    pub follow_feed_links: bool,
    /// SimHash distance at or under which two documents are near duplicates.
    pub near_duplicate_max_distance: u32,
    /// Run extraction and store what it finds (off: documents only).
    pub extract: bool,
    /// Reader threads (at least 1).
    pub workers: usize,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            overrides: MetaOverrides::default(),
            limits: Limits::default(),
            fetch: FetchPolicy::default(),
            follow_feed_links: true,
            extract: true,
            near_duplicate_max_distance: forewarn_documents::NEAR_DUPLICATE_MAX_DISTANCE,
            workers: std::thread::available_parallelism()
                .map_or(2, |n| n.get())
                .min(4),
        }
    }
}

/// What became of one document (or of an input that gave none).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum ItemOutcome {
    /// Stored as a new document.
    Stored {
        /// The input it came from.
        input: String,
        /// The name it was stored under.
        name: String,
        /// Its id.
        id: DocumentId,
        /// Its title.
        title: Option<String>,
        /// Detected language (ISO 639-3).
        language: Option<String>,
        /// The earlier document it nearly duplicates.
        near_duplicate_of: Option<NearDuplicate>,
        /// Events extracted.
        events: usize,
        /// Actors found.
        actors: usize,
    },
    /// Its text was already stored.
    Duplicate {
        /// The input it came from.
        input: String,
        /// The name it was offered under.
        name: String,
        /// The stored document's id.
        id: DocumentId,
        /// The name the stored document has.
        existing_name: String,
    },
    /// Could not be read or stored.
    Failed {
        /// The input (file, URL, `file.jsonl` line, feed link).
        input: String,
        /// Why, in one line.
        reason: String,
    },
}

/// Totals and outcomes of a run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IngestSummary {
    /// New documents stored.
    pub stored: usize,
    /// Documents whose text was already stored.
    pub duplicates: usize,
    /// Stored documents linked to an earlier near duplicate.
    pub near_duplicates: usize,
    /// Inputs or documents that failed.
    pub failed: usize,
    /// Every outcome, in input order.
    pub outcomes: Vec<ItemOutcome>,
    /// How the knowledge base's incidents were brought up to date (with extraction on).
    pub incidents: Option<forewarn_kb::Integration>,
    /// Why bringing incidents up to date failed, if it did. The documents and their
    /// findings are stored regardless; the next ingest or `forewarn reextract` retries.
    pub incidents_error: Option<String>,
}

impl IngestSummary {
    fn record(&mut self, outcome: ItemOutcome) {
        match &outcome {
            ItemOutcome::Stored {
                near_duplicate_of, ..
            } => {
                self.stored += 1;
                self.near_duplicates += usize::from(near_duplicate_of.is_some());
            }
            ItemOutcome::Duplicate { .. } => self.duplicates += 1,
            ItemOutcome::Failed { .. } => self.failed += 1,
        }
        self.outcomes.push(outcome);
    }

    /// The failures only.
    pub fn failures(&self) -> impl Iterator<Item = (&str, &str)> {
        self.outcomes.iter().filter_map(|o| match o {
            ItemOutcome::Failed { input, reason } => Some((input.as_str(), reason.as_str())),
            _ => None,
        })
    }
}

/// Hears about progress (a progress bar, a log).
pub trait Observer {
    /// The number of work items, once known.
    fn planned(&mut self, _items: usize) {}
    /// One work item finished, with the outcomes of its documents.
    fn item_done(&mut self, _item: &str, _outcomes: &[ItemOutcome]) {}
}

/// An observer that ignores everything.
pub struct SilentObserver;

impl Observer for SilentObserver {}

/// An input or document that could not be read: the input and the reason.
struct Failure {
    input: String,
    reason: String,
}

/// A document ready for the store: the input it came from, the document, and what
/// extraction found in it.
struct Ready {
    input: String,
    doc: Document,
    extraction: Option<Extraction>,
}

/// A document ready for the store, or why not.
type Prepared = Result<Ready, Failure>;

/// Ingests `args` (paths, directories, URLs, `-`) into `store`.
///
/// Refuses up front (`Err`) only what makes the whole run meaningless: `--name` with more
/// than one input. Everything else is an outcome in the summary.
pub fn ingest(
    store: &mut dyn Store,
    args: &[String],
    options: &IngestOptions,
    observer: &mut dyn Observer,
) -> Result<IngestSummary, String> {
    let (items, plan_failures) = plan(args);
    if options.overrides.name.is_some() && items.len() > 1 {
        return Err(format!(
            "--name names a single input, but {} inputs were given (directories count each file)",
            items.len()
        ));
    }
    let mut summary = IngestSummary::default();
    for f in plan_failures {
        summary.record(f);
    }
    ingest_planned(store, items, summary, options, observer)
}

/// Ingests work items already in hand (the server's uploads and pasted texts), as
/// [`ingest`] does arguments.
pub fn ingest_items(
    store: &mut dyn Store,
    items: Vec<WorkItem>,
    options: &IngestOptions,
    observer: &mut dyn Observer,
) -> Result<IngestSummary, String> {
    ingest_planned(store, items, IngestSummary::default(), options, observer)
}

fn ingest_planned(
    store: &mut dyn Store,
    items: Vec<WorkItem>,
    mut summary: IngestSummary,
    options: &IngestOptions,
    observer: &mut dyn Observer,
) -> Result<IngestSummary, String> {
    observer.planned(items.len());
    let put_options = PutOptions {
        near_duplicate_max_distance: options.near_duplicate_max_distance,
    };
    let fetcher = FetcherCell::default();
    let next = AtomicUsize::new(0);
    let workers = options.workers.max(1).min(items.len().max(1));
    let (tx, rx) = mpsc::sync_channel::<(usize, Vec<Prepared>)>(workers * 4);

    std::thread::scope(|scope| {
        for _ in 0..workers {
            let tx = tx.clone();
            let (items, next, fetcher) = (&items, &next, &fetcher);
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    let prepared = prepare(item, options, fetcher)
                        .into_iter()
                        .map(|p| p.map(|ready| extracted(ready, options)))
                        .collect();
                    if tx.send((i, prepared)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        // Write in input order, whatever order the workers finish in.
        let mut pending: BTreeMap<usize, Vec<Prepared>> = BTreeMap::new();
        let mut expected = 0;
        for (i, prepared) in rx {
            pending.insert(i, prepared);
            while let Some(batch) = pending.remove(&expected) {
                let outcomes: Vec<ItemOutcome> = batch
                    .into_iter()
                    .map(|p| write(store, p, put_options))
                    .collect();
                observer.item_done(&items[expected].label(), &outcomes);
                for o in outcomes {
                    summary.record(o);
                }
                expected += 1;
            }
        }
    });
    if options.extract {
        match forewarn_kb::integrate(store) {
            Ok(report) => summary.incidents = Some(report),
            Err(e) => summary.incidents_error = Some(e.to_string()),
        }
    }
    Ok(summary)
}

fn write(store: &mut dyn Store, prepared: Prepared, options: PutOptions) -> ItemOutcome {
    let Ready {
        input,
        doc,
        extraction,
    } = match prepared {
        Ok(p) => p,
        Err(Failure { input, reason }) => return ItemOutcome::Failed { input, reason },
    };
    let findings = extraction.as_ref().map(findings_of);
    match store.put_document(&doc, findings.as_ref(), options) {
        Ok(PutOutcome::Inserted { near_duplicate_of }) => ItemOutcome::Stored {
            input,
            name: doc.meta.name,
            id: doc.id,
            title: doc.meta.title,
            language: doc.language.map(|l| l.code),
            near_duplicate_of,
            events: extraction.as_ref().map_or(0, |e| e.events.len()),
            actors: extraction.as_ref().map_or(0, |e| e.actors.len()),
        },
        Ok(PutOutcome::Duplicate {
            existing,
            existing_name,
        }) => ItemOutcome::Duplicate {
            input,
            name: doc.meta.name,
            id: existing,
            existing_name,
        },
        Err(e) => ItemOutcome::Failed {
            input,
            reason: format!("not stored: {e}"),
        },
    }
}

/// The fetcher is built on first use: most runs fetch nothing.
#[derive(Default)]
struct FetcherCell(OnceLock<Result<Fetcher, String>>);

impl FetcherCell {
    fn get(&self, policy: &FetchPolicy) -> Result<&Fetcher, String> {
        self.0
            .get_or_init(|| Fetcher::new(policy.clone()).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(Clone::clone)
    }
}

fn failed(input: impl Into<String>, reason: impl std::fmt::Display) -> Failure {
    Failure {
        input: input.into(),
        reason: reason.to_string(),
    }
}

/// Reads one work item into documents ready for the store.
fn prepare(item: &WorkItem, options: &IngestOptions, fetcher: &FetcherCell) -> Vec<Prepared> {
    let label = item.label();
    let raw = match item {
        WorkItem::File(path) => read_file(path, options.limits.max_bytes),
        WorkItem::Stdin => read_stdin(options.limits.max_bytes),
        WorkItem::Bytes { name, bytes } => {
            if bytes.len() as u64 > options.limits.max_bytes {
                return vec![Err(failed(
                    &label,
                    format!(
                        "{} bytes, over the limit of {} bytes",
                        bytes.len(),
                        options.limits.max_bytes
                    ),
                ))];
            }
            Ok(RawInput {
                name: name.clone(),
                bytes: bytes.clone(),
                content_type: None,
                url: None,
            })
        }
        WorkItem::Url(url) => match fetcher.get(&options.fetch) {
            Ok(f) => f.fetch(url),
            Err(e) => return vec![Err(failed(&label, e))],
        },
    };
    let mut raw = match raw {
        Ok(raw) => raw,
        // Source errors already name the input.
        Err(e) => {
            let reason = strip_name(&e.to_string(), &label);
            return vec![Err(Failure {
                input: label,
                reason,
            })];
        }
    };
    let base_name = match item {
        WorkItem::File(path) => file_name(path),
        WorkItem::Url(url) => url.clone(),
        WorkItem::Stdin => "stdin".into(),
        WorkItem::Bytes { name, .. } => name.clone(),
    };
    // Readers name documents after the input; documents are cited by file name, not path.
    raw.name.clone_from(&base_name);
    read_raw(&label, &base_name, raw, options, fetcher)
}

fn read_raw(
    label: &str,
    base_name: &str,
    raw: RawInput,
    options: &IngestOptions,
    fetcher: &FetcherCell,
) -> Vec<Prepared> {
    let source_bytes = raw.bytes.len() as u64;
    let readout = match forewarn_documents::read(&raw, &options.limits) {
        Ok(r) => r,
        Err(e) => return vec![Err(failed(label, e))],
    };
    let url = raw.url.clone();
    match readout {
        Readout::Documents(docs) => {
            let many = docs.len() > 1;
            docs.into_iter()
                .enumerate()
                .map(|(i, read)| {
                    let input = if many {
                        format!("{label}#{}", i + 1)
                    } else {
                        label.to_string()
                    };
                    let mut read = read.map_err(|e| failed(&input, e))?;
                    if read.meta.name.is_empty() {
                        read.meta.name = if many {
                            format!("{base_name}#{}", i + 1)
                        } else {
                            base_name.to_string()
                        };
                    }
                    if read.meta.url.is_none() {
                        read.meta.url = url.clone();
                    }
                    Ok(complete(input, read, source_bytes, options))
                })
                .collect()
        }
        Readout::Feed(feed) => {
            let mut out = Vec::new();
            for (i, item) in feed.items.into_iter().enumerate() {
                let input = item
                    .link
                    .clone()
                    .unwrap_or_else(|| format!("{label}#item{}", i + 1));
                out.extend(feed_item(
                    &input,
                    feed.title.as_deref(),
                    item,
                    options,
                    fetcher,
                ));
            }
            if out.is_empty() {
                out.push(Err(failed(label, "the feed has no items")));
            }
            out
        }
    }
}

/// One feed item: its linked page (with gaps in its metadata filled from the item, and
/// the feed's title as publisher), or the item's own text.
fn feed_item(
    input: &str,
    feed_title: Option<&str>,
    item: forewarn_documents::FeedItem,
    options: &IngestOptions,
    fetcher: &FetcherCell,
) -> Vec<Prepared> {
    let fill = |m: &mut forewarn_model::DocumentMeta| {
        if m.publisher.is_none() {
            m.publisher = feed_title.map(str::to_string);
        }
        if m.title.is_none() {
            m.title.clone_from(&item.title);
        }
        if m.published.is_none() {
            m.published = item.published;
        }
        if m.author.is_none() {
            m.author.clone_from(&item.author);
        }
        if m.url.is_none() {
            m.url.clone_from(&item.link);
        }
    };
    if options.follow_feed_links
        && let Some(link) = &item.link
    {
        let fetched = fetcher
            .get(&options.fetch)
            .and_then(|f| f.fetch(link).map_err(|e| e.to_string()));
        return match fetched {
            Ok(raw) => {
                let mut docs = read_raw(input, link, raw, options, fetcher);
                // Fill the page's metadata gaps from the feed item.
                for Ready { doc, .. } in docs.iter_mut().flatten() {
                    fill(&mut doc.meta);
                }
                docs
            }
            Err(e) => vec![Err(failed(input, strip_name(&e, link)))],
        };
    }
    let text = [item.title.as_deref(), item.summary.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("\n\n");
    if item.summary.as_deref().is_none_or(|s| s.trim().is_empty()) {
        return vec![Err(failed(
            input,
            "the feed item has no text of its own and links were not followed",
        ))];
    }
    let mut read = ReadDocument {
        meta: forewarn_model::DocumentMeta {
            name: input.to_string(),
            ..Default::default()
        },
        media_type: forewarn_model::MediaType::FeedItem,
        text,
    };
    fill(&mut read.meta);
    let bytes = read.text.len() as u64;
    vec![Ok(complete(input.to_string(), read, bytes, options))]
}

fn complete(
    input: String,
    mut read: ReadDocument,
    source_bytes: u64,
    options: &IngestOptions,
) -> Ready {
    options.overrides.apply(&mut read.meta);
    Ready {
        input,
        doc: finish(read, source_bytes, jiff::Timestamp::now()),
        extraction: None,
    }
}

/// Runs extraction once a document's metadata is final (feed items fill theirs late).
fn extracted(mut ready: Ready, options: &IngestOptions) -> Ready {
    if options.extract {
        ready.extraction = Some(forewarn_extract::extract(&ready.doc));
    }
    ready
}

/// The parts of an extraction that the store keeps.
pub(crate) fn findings_of(e: &Extraction) -> Findings<'_> {
    Findings {
        extractor: forewarn_extract::EXTRACTOR,
        events: &e.events,
        actors: &e.actors,
        relations: &e.relations,
        facts: &e.facts,
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Source errors start with the input's name; outcomes carry the name separately.
fn strip_name(message: &str, name: &str) -> String {
    message
        .strip_prefix(name)
        .map(|m| m.trim_start_matches(':').trim_start())
        .unwrap_or(message)
        .to_string()
}

/// Reads inputs (files, directories, URLs, `-`) into documents without storing or
/// extracting them, for commands that look at documents (`forewarn extract`). Failures come
/// back as `(input, reason)`.
pub fn read_inputs(
    args: &[String],
    options: &IngestOptions,
) -> Vec<Result<Document, (String, String)>> {
    let (items, failures) = plan(args);
    let fetcher = FetcherCell::default();
    let mut out: Vec<Result<Document, (String, String)>> = failures
        .into_iter()
        .filter_map(|f| match f {
            ItemOutcome::Failed { input, reason } => Some(Err((input, reason))),
            _ => None,
        })
        .collect();
    for item in &items {
        for p in prepare(item, options, &fetcher) {
            out.push(p.map(|r| r.doc).map_err(|f| (f.input, f.reason)));
        }
    }
    out
}

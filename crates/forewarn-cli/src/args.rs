//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use forewarn_model::{FuzzyDate, Reliability, Tlp};

/// forewarn: a sourced record of armed-group activity from open-source reporting.
///
/// Ingest reports, search them, and export the incidents, actors and relations extracted
/// from them, each value tied to the sentence it came from.
#[derive(Debug, Parser)]
#[command(name = "forewarn", version, max_term_width = 100)]
pub struct Cli {
    /// Data directory holding the store. Default: $FOREWARN_DATA, else the platform data
    /// directory (on Linux ~/.local/share/forewarn).
    #[arg(long, global = true, env = "FOREWARN_DATA", value_name = "DIR")]
    pub data: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read reports (files, directories, URLs, feeds, `-` for stdin) into the store.
    Ingest(IngestArgs),
    /// Full-text search over stored documents.
    Search(SearchArgs),
    /// List or show stored documents.
    #[command(subcommand)]
    Docs(DocsCommand),
    /// List or show incidents: one record per real incident across reports.
    #[command(subcommand)]
    Incidents(IncidentsCommand),
    /// An actor's profile from the evidence: aliases, parent and branches, founding, leaders
    /// over time, allies, rivals, splits, strength estimates, strongholds, publications,
    /// threats, incidents; `--as-of DATE` shows it as it stood then.
    Actor(ActorArgs),
    /// List the contradictions between reports of the same incident or actor.
    Contradictions(ContradictionsArgs),
    /// Accept, reject, correct, merge, split or annotate incidents; undo; read the audit log.
    #[command(subcommand)]
    Review(ReviewCommand),
    /// Judge pairs of reports the machine could not decide were the same incident.
    #[command(subcommand)]
    Adjudicate(AdjudicateCommand),
    /// Export the record: JSON, JSON Lines, ACLED- or GTD-style CSV, GeoJSON, GraphML.
    Export(ExportArgs),
    /// Extract from files without storing them; `--explain` shows what was found and why.
    Extract(ExtractArgs),
    /// Run extraction again over every stored document (after the rules changed).
    Reextract(JsonFlag),
    /// Score extraction against gold sets (../shared/bench formats) and check score floors.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Totals for the data directory.
    Status(JsonFlag),
    /// Check the store's integrity (database pages and full-text index).
    Check,
    /// Forecast monthly incidents (overall, a country or an actor) for the next months with
    /// intervals per model; flag an unusual last month and expansions to new places.
    Forecast(crate::forecast::ForecastArgs),
    /// Rolling-origin backtest of the forecast models on the store or an incident CSV,
    /// scored by CRPS, Brier scores and interval coverage beside the naive baselines.
    Backtest(crate::forecast::BacktestArgs),
    /// Measure ingest throughput and search latency on generated documents.
    Bench(BenchArgs),
    /// Ingest the bundled sample reports into a fresh data directory and serve the web app.
    Demo(DemoArgs),
    /// Serve the web app and the JSON API (/api/v1) over the data directory.
    Serve(ServeArgs),
    /// Make, list and revoke API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on. Anything but loopback requires a token for every request.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
    /// Require a token even on loopback.
    #[arg(long)]
    pub require_token: bool,
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Make a token; its secret is printed once and never stored.
    Create {
        /// Who or what it is for.
        #[arg(long)]
        name: String,
        /// viewer (reads), analyst (also reviews and ingests) or admin (also manages tokens).
        #[arg(long, default_value = "analyst")]
        role: forewarn_model::Role,
        /// May see documents marked TLP:RED.
        #[arg(long)]
        red: bool,
    },
    /// List tokens (never their secrets).
    List,
    /// Revoke a token by its id.
    Revoke {
        /// The token's id (from `forewarn token list`).
        id: i64,
    },
}

#[derive(Debug, Args)]
pub struct JsonFlag {
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Files, directories (read recursively), http(s) URLs, or `-` for standard input.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<String>,
    /// Publication date for every document (YYYY-MM-DD), overriding what they say.
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub published: Option<jiff::civil::Date>,
    /// Publisher for every document.
    #[arg(long)]
    pub publisher: Option<String>,
    /// Title (for a single input).
    #[arg(long)]
    pub title: Option<String>,
    /// Author for every document.
    #[arg(long)]
    pub author: Option<String>,
    /// TLP marking: clear, green, amber, amber+strict or red.
    #[arg(long)]
    pub tlp: Option<Tlp>,
    /// Source reliability on the Admiralty scale, A (completely reliable) to F (cannot be judged).
    #[arg(long)]
    pub reliability: Option<Reliability>,
    /// Name to ingest a single input under (default: file name, URL, or `stdin`).
    #[arg(long)]
    pub name: Option<String>,
    /// Allow fetching from private, loopback and link-local addresses.
    #[arg(long)]
    pub allow_private: bool,
    /// Allow one private host (HOST or HOST:PORT) without allowing all; repeatable.
    #[arg(long, value_name = "HOST")]
    pub allow_host: Vec<String>,
    /// Seconds allowed for each URL fetch.
    #[arg(long, default_value_t = 30, value_name = "SECS")]
    pub timeout: u64,
    /// Largest input accepted, in MiB.
    #[arg(long, default_value_t = 64, value_name = "MIB")]
    pub max_size: u64,
    /// Do not fetch the pages that feed items link to; store each item's own text instead.
    #[arg(long)]
    pub no_follow: bool,
    /// Store documents only, without extracting events, actors and relations.
    #[arg(long)]
    pub no_extract: bool,
    /// Print a JSON summary with every outcome.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Formats: events take json (the default), jsonl, acled-csv, gtd-csv and \
geojson; actors, relations and facts take json and jsonl; network and incident-actors take \
graphml. The incident filters apply to events and incident-actors.\n\n\
Examples:\n  forewarn export events --format acled-csv --country AF --from 2021 -o af.csv\n  \
forewarn export events --format geojson --min-killed 10 > map.geojson\n  \
forewarn export network --format graphml -o actors.graphml"
)]
pub struct ExportArgs {
    /// What to export.
    #[arg(value_enum)]
    pub what: ExportWhat,
    /// Output format (default: json, or graphml for the graphs).
    #[arg(long, value_enum)]
    pub format: Option<ExportFormat>,
    /// Write to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Include incidents a reviewer rejected (left out by default).
    #[arg(long)]
    pub include_rejected: bool,
    #[command(flatten)]
    pub filter: ExportFilterArgs,
}

/// The incident list's filters, for incident exports.
#[derive(Debug, Args)]
#[command(next_help_heading = "Incident filters")]
pub struct ExportFilterArgs {
    /// Only this country (ISO 3166-1 alpha-2, e.g. AF).
    #[arg(long)]
    pub country: Option<String>,
    /// Only this province, as the gazetteer names it (e.g. Kabul).
    #[arg(long)]
    pub admin1: Option<String>,
    /// Only this attack type (bombing, armed_assault, assassination, kidnapping, ...).
    #[arg(long = "type", value_name = "TYPE")]
    pub attack_type: Option<forewarn_model::AttackType>,
    /// Only this kind (attack, arrest, military_operation, airstrike, designation, threat, other).
    #[arg(long)]
    pub kind: Option<forewarn_model::EventKind>,
    /// Only incidents this actor (name, alias or id) is reported to have carried out.
    #[arg(long)]
    pub actor: Option<String>,
    /// Only incidents dated on or after (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub from: Option<FuzzyDate>,
    /// Only incidents dated on or before.
    #[arg(long, value_name = "DATE")]
    pub to: Option<FuzzyDate>,
    /// Only incidents with a reconciled killed figure of at least this.
    #[arg(long, value_name = "N")]
    pub min_killed: Option<u64>,
    /// Only incidents with this review status (unreviewed, accepted, rejected).
    #[arg(long)]
    pub status: Option<forewarn_model::ReviewStatus>,
    /// Only incidents whose places, actors, targets, weapons or quotes match these words
    /// (the search language).
    #[arg(long, value_name = "QUERY")]
    pub text: Option<String>,
    /// Only incidents whose reports contradict each other.
    #[arg(long)]
    pub contradicted: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ExportWhat {
    /// Incidents and other events.
    #[value(alias = "incidents")]
    Events,
    /// Actors with aliases and their sources.
    Actors,
    /// Relations between actors.
    Relations,
    /// Facts about single actors: founding, strength, strongholds, publications, threats.
    Facts,
    /// The actor network: actors as nodes, relations as edges (GraphML).
    Network,
    /// Incidents and the actors reported to have carried them out (GraphML).
    IncidentActors,
    /// The whole record as one STIX 2.1 bundle: actors, relations, incidents, places and
    /// documents (the incident filters narrow the incidents).
    Bundle,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ExportFormat {
    /// A JSON array.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// CSV in ACLED's columns, with forewarn's low/best/high and source count.
    AcledCsv,
    /// CSV in the GTD's columns, with forewarn's low/best/high and source count.
    GtdCsv,
    /// A GeoJSON FeatureCollection of incidents.
    Geojson,
    /// GraphML.
    Graphml,
    /// A STIX 2.1 bundle (JSON).
    Stix,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Files, directories, URLs or `-`.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<String>,
    /// Publication date to read relative dates against (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub published: Option<jiff::civil::Date>,
    /// Print the text with each finding, its rule and confidence, and the diagnostics.
    #[arg(long)]
    pub explain: bool,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query: words, "phrases", AND/OR/NOT, -word, prefix*, title:, publisher:,
    /// after:DATE, before:DATE, lang:, tlp:.
    #[arg(required = true, value_name = "QUERY")]
    pub query: Vec<String>,
    /// Results per page.
    #[arg(long, default_value_t = 10)]
    pub limit: u64,
    /// Results to skip.
    #[arg(long, default_value_t = 0)]
    pub offset: u64,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum DocsCommand {
    /// List documents, newest publication first.
    List(DocsListArgs),
    /// Show one document: metadata and text.
    Show(DocsShowArgs),
}

#[derive(Debug, Args)]
pub struct DocsListArgs {
    /// Publisher contains.
    #[arg(long)]
    pub publisher: Option<String>,
    /// Published on or after (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub from: Option<FuzzyDate>,
    /// Published on or before (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub to: Option<FuzzyDate>,
    /// Language (ISO 639-3, e.g. eng).
    #[arg(long)]
    pub lang: Option<String>,
    /// TLP marking.
    #[arg(long)]
    pub tlp: Option<Tlp>,
    /// Rows per page.
    #[arg(long, default_value_t = 50)]
    pub limit: u64,
    /// Rows to skip.
    #[arg(long, default_value_t = 0)]
    pub offset: u64,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct DocsShowArgs {
    /// Document id, or a unique prefix of at least 6 characters.
    pub id: String,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// What to measure.
    #[arg(value_enum, default_value = "ingest")]
    pub what: BenchWhat,
    /// Documents to generate.
    #[arg(long, default_value_t = 10_000)]
    pub docs: usize,
    /// Approximate size of each document in bytes.
    #[arg(long, default_value_t = 4096)]
    pub doc_bytes: usize,
    /// Search queries to time.
    #[arg(long, default_value_t = 500)]
    pub queries: usize,
    /// Directory for the generated corpus and store (default: a temporary directory).
    #[arg(long)]
    pub dir: Option<PathBuf>,
    /// Ingest without extraction, to measure reading, indexing and storing alone.
    #[arg(long)]
    pub no_extract: bool,
    /// For `extract`: a file of texts, CSV (e.g. RAND descriptions) or JSON Lines (e.g. the
    /// processed MUC-4 sets), told apart by content.
    #[arg(long, value_name = "FILE")]
    pub texts: Option<PathBuf>,
    /// For `extract`: the CSV column or JSON field holding the texts (default: `Description`
    /// for CSV, `doctext` for JSON Lines).
    #[arg(long, alias = "field")]
    pub column: Option<String>,
    /// For `incidents`, `serve` and `export`: incidents in the store before timing.
    #[arg(long, default_value_t = 100_000)]
    pub incidents: u64,
    /// For `incidents`: reports to add and time, one at a time.
    #[arg(long, default_value_t = 50)]
    pub reports: usize,
    /// For `serve`: clients sending requests at once during the load phase.
    #[arg(long, default_value_t = 8)]
    pub concurrency: usize,
    /// For `serve`: length of the load phase in seconds.
    #[arg(long, default_value_t = 10.0)]
    pub seconds: f64,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum BenchWhat {
    /// Ingest rate into store and index, peak memory, then search latency.
    Ingest,
    /// Extraction speed on one core over real texts from a CSV column or JSON Lines field
    /// (--texts, --column).
    Extract,
    /// Time to add one report to a store holding many incidents (--incidents, --reports).
    Incidents,
    /// Server latency and throughput over a generated store (--incidents, --docs,
    /// --queries per kind, --concurrency, --seconds); reuses a store in --dir.
    Serve,
    /// Export rate (incidents/s, MB/s) and peak memory of each file format over a generated
    /// store (--incidents, --docs); reuses a store in --dir.
    Export,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Directory of sample reports.
    #[arg(default_value = "examples/reports")]
    pub reports: PathBuf,
    /// Address to serve the web app on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
    /// Ingest and list only; do not serve.
    #[arg(long)]
    pub no_serve: bool,
}

fn parse_day(s: &str) -> Result<jiff::civil::Date, String> {
    s.parse::<jiff::civil::Date>()
        .map_err(|e| format!("{s:?} is not a date (YYYY-MM-DD): {e}"))
}

#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// The seed reports against their hand-coded gold (events, actors, relations).
    Seeds(EvalSeedsArgs),
    /// MUC-3/4: CEAF-REE on role fillers (--processed), or incident type, date and place
    /// against the raw answer keys (--keys with --texts).
    Muc4(EvalMucArgs),
    /// Incident rows coded by others (RAND, GTD, ACLED): field accuracy.
    Incidents(EvalIncidentsArgs),
    /// Cross-report incident coreference: wrong merges among RAND rows ingested as separate
    /// reports (--rand), or pairs of reports of one incident merged (--pairs).
    Coref(EvalCorefArgs),
}

#[derive(Debug, Args)]
pub struct EvalCommon {
    /// Write forewarn's predictions here, for scoring with another scorer.
    #[arg(long, value_name = "OUT")]
    pub write_predictions: Option<PathBuf>,
    /// Check this run's numbers against the floors recorded under KEY in the floors file;
    /// exit 1 if any is more than two points below its floor.
    #[arg(long, value_name = "KEY")]
    pub check_floors: Option<String>,
    /// The floors file.
    #[arg(long, default_value = "eval/floors.toml", value_name = "FILE")]
    pub floors: PathBuf,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct EvalSeedsArgs {
    /// The gold file.
    #[arg(long, default_value = "../shared/gold/seeds.gold.json")]
    pub gold: PathBuf,
    /// The seed reports (files or a directory).
    #[arg(long, default_value = "../shared/seeds")]
    pub seeds: PathBuf,
    #[command(flatten)]
    pub common: EvalCommon,
}

#[derive(Debug, Args)]
pub struct EvalMucArgs {
    /// A processed file (JSON lines with docid, doctext, extracts).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["keys", "texts"])]
    pub processed: Option<PathBuf>,
    /// Raw answer-key files.
    #[arg(long, value_name = "FILE", num_args = 1.., requires = "texts")]
    pub keys: Vec<PathBuf>,
    /// Raw text files the keys describe.
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub texts: Vec<PathBuf>,
    /// Score only the first N documents.
    #[arg(long)]
    pub limit: Option<usize>,
    #[command(flatten)]
    pub common: EvalCommon,
}

#[derive(Debug, Args)]
pub struct EvalIncidentsArgs {
    /// The CSV file (comma, semicolon or tab separated; `sep=;` first line allowed).
    pub csv: PathBuf,
    /// Its coding scheme.
    #[arg(long, value_enum)]
    pub format: IncidentsFormatArg,
    /// Score only the first N rows.
    #[arg(long)]
    pub limit: Option<usize>,
    /// Print every row this field was wrong or missing on (country, admin1, city,
    /// perpetrator, claimed, killed, injured, attack_type, target_type, weapon, date), with
    /// the gold and predicted values and the start of the row's text.
    #[arg(long, value_name = "FIELD")]
    pub show_errors: Option<String>,
    #[command(flatten)]
    pub common: EvalCommon,
}

#[derive(Debug, Args)]
pub struct EvalCorefArgs {
    /// A RAND CSV: each row's description becomes its own document, published on the row's
    /// date; incidents holding two rows are wrong merges.
    #[arg(
        long,
        value_name = "FILE",
        required_unless_present = "pairs",
        conflicts_with = "pairs"
    )]
    pub rand: Option<PathBuf>,
    /// Use only the first N rows of --rand.
    #[arg(long, requires = "rand")]
    pub limit: Option<usize>,
    /// A directory of pairs of reports of one incident (KEY-a.txt, KEY-b.txt, each opening
    /// with `@published YYYY-MM-DD`).
    #[arg(long, value_name = "DIR")]
    pub pairs: Option<PathBuf>,
    #[command(flatten)]
    pub common: EvalCommon,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum IncidentsFormatArg {
    /// RAND Database of Worldwide Terrorism Incidents.
    Rand,
    /// Global Terrorism Database rows.
    Gtd,
    /// ACLED rows.
    Acled,
}

#[derive(Debug, Subcommand)]
pub enum IncidentsCommand {
    /// Incidents, latest first, with filters.
    List(IncidentListArgs),
    /// One incident with every report of every field, its sources and contradictions.
    Show(IncidentShowArgs),
}

#[derive(Debug, Args)]
pub struct IncidentListArgs {
    /// Only this kind (attack, arrest, military_operation, airstrike, designation, threat, other).
    #[arg(long)]
    pub kind: Option<forewarn_model::EventKind>,
    /// Only this country (ISO 3166-1 alpha-2, e.g. AF).
    #[arg(long)]
    pub country: Option<String>,
    /// Only incidents dated on or after (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub from: Option<FuzzyDate>,
    /// Only incidents dated on or before.
    #[arg(long, value_name = "DATE")]
    pub to: Option<FuzzyDate>,
    /// Only incidents whose reports contradict each other.
    #[arg(long)]
    pub contradicted: bool,
    /// At most this many.
    #[arg(long, default_value_t = 50)]
    pub limit: u64,
    /// Skip this many.
    #[arg(long, default_value_t = 0)]
    pub offset: u64,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct IncidentShowArgs {
    /// Incident id (or a prefix of at least `inc-` and six hex digits), or an event id.
    pub id: String,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ContradictionsArgs {
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum AdjudicateCommand {
    /// The pairs waiting for a decision, with the evidence for and against.
    List(AdjudicateListArgs),
    /// Decide a pair: `--same` merges the report into the incident, `--different` keeps
    /// them apart for good. Either way the decision is pinned and survives re-extraction.
    Decide(AdjudicateDecideArgs),
}

#[derive(Debug, Args)]
pub struct AdjudicateListArgs {
    /// Include decided pairs.
    #[arg(long)]
    pub all: bool,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("decision").required(true).args(["same", "different"])))]
pub struct AdjudicateDecideArgs {
    /// The pair's number, from `forewarn adjudicate list`.
    pub id: i64,
    /// They are the same incident.
    #[arg(long)]
    pub same: bool,
    /// They are different incidents.
    #[arg(long)]
    pub different: bool,
    /// Who decides (recorded). Default: $USER.
    #[arg(long, env = "USER", default_value = "analyst")]
    pub by: String,
}

#[derive(Debug, Args)]
pub struct ActorArgs {
    /// The actor: its id, canonical name or any alias (case does not matter).
    pub name: String,
    /// Show the profile as it stood on this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<FuzzyDate>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct Reviewer {
    /// Who decides (recorded in the audit log). Default: $USER.
    #[arg(long, env = "USER", default_value = "analyst", global = true)]
    pub by: String,
    /// Why (recorded in the audit log).
    #[arg(long, global = true)]
    pub why: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ReviewCommand {
    /// Confirm an incident as the machine proposed it.
    Accept {
        /// Incident id or prefix.
        id: String,
        #[command(flatten)]
        who: Reviewer,
    },
    /// Reject an incident (kept, but left out of exports unless --include-rejected).
    Reject {
        /// Incident id or prefix.
        id: String,
        #[command(flatten)]
        who: Reviewer,
    },
    /// Set a field of an incident; your value wins, the reports stay beside it.
    Correct(CorrectArgs),
    /// Merge incident FROM into incident INTO (they are one happening).
    Merge {
        /// The incident that goes.
        from: String,
        /// The incident that stays.
        into: String,
        #[command(flatten)]
        who: Reviewer,
    },
    /// Take one report's event out of an incident (it is another happening).
    Split {
        /// Incident id or prefix.
        id: String,
        /// The event's id (see `forewarn incidents show ID --json`, `members`).
        #[arg(long)]
        event: String,
        #[command(flatten)]
        who: Reviewer,
    },
    /// Record that actor FROM is the same as actor INTO (names, aliases or ids); reversible.
    MergeActors {
        /// The actor that is folded in.
        from: String,
        /// The actor it is the same as.
        into: String,
        #[command(flatten)]
        who: Reviewer,
    },
    /// Undo an identity merge: the actor stands on its own again.
    SplitActor {
        /// The actor that was folded in (its own id or name).
        from: String,
        #[command(flatten)]
        who: Reviewer,
    },
    /// Add a note to an incident, actor, event or document.
    Note {
        /// What the note is about: incident, actor, event, relation or document.
        kind: String,
        /// Its id.
        id: String,
        /// The note.
        text: String,
        #[command(flatten)]
        who: Reviewer,
    },
    /// Undo an audit-log entry (a new entry records the undo).
    Undo {
        /// The entry's number, from `forewarn review log`.
        entry: i64,
        #[command(flatten)]
        who: Reviewer,
    },
    /// The audit log, newest first.
    Log {
        /// Only entries about this incident.
        #[arg(long)]
        incident: Option<String>,
        /// At most this many.
        #[arg(long, default_value_t = 50)]
        limit: u64,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("value").required(true).args(["killed", "injured", "date", "attack_type", "place", "perpetrator"])))]
pub struct CorrectArgs {
    /// Incident id or prefix.
    pub id: String,
    /// Killed: "137", "at least 140", "up to 20", "about 50", "15-20".
    #[arg(long)]
    pub killed: Option<String>,
    /// Injured, written as for --killed.
    #[arg(long)]
    pub injured: Option<String>,
    /// The date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long)]
    pub date: Option<FuzzyDate>,
    /// The attack type (bombing, armed_assault, assassination, hostage_taking, kidnapping,
    /// facility_attack, unarmed_assault, hijacking, unknown).
    #[arg(long = "type")]
    pub attack_type: Option<forewarn_model::AttackType>,
    /// The place, by name as the gazetteer knows it ("Krasnogorsk", "Kerman, Iran").
    #[arg(long)]
    pub place: Option<String>,
    /// A perpetrator, by dictionary name or alias, or as written for a new actor.
    #[arg(long)]
    pub perpetrator: Option<String>,
    #[command(flatten)]
    pub who: Reviewer,
}

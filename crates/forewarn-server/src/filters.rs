//! The incident filter as URLs and forms spell it, shared by the API, the CSV download and
//! the pages, so that a page, its map, its timeline and its download always show the same
//! incidents.

use forewarn_model::{AttackType, EventKind, FuzzyDate, ReviewStatus};
use forewarn_store::{IncidentFilter, IncidentSort, Page, SqliteStore};
use serde::{Deserialize, Serialize};

use crate::error::ApiError;

/// Query parameters that select incidents. Empty values are ignored, so a form can submit
/// every field.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct IncidentQuery {
    /// An actor's name, alias or id: incidents it is reported to have carried out.
    pub actor: Option<String>,
    /// Country, ISO 3166 alpha-2 (`AF`).
    pub country: Option<String>,
    /// Province as the gazetteer names it (`Kabul`).
    pub admin1: Option<String>,
    /// Attack type (`bombing`, `armed_assault`, ...).
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub attack_type: Option<String>,
    /// Event kind (`attack`, `arrest`, `airstrike`, ...).
    pub kind: Option<String>,
    /// Dated on or after (YYYY, YYYY-MM or YYYY-MM-DD).
    pub from: Option<String>,
    /// Dated on or before (YYYY, YYYY-MM or YYYY-MM-DD).
    pub to: Option<String>,
    /// Reconciled killed figure at least this.
    pub min_killed: Option<String>,
    /// Review status (`unreviewed`, `accepted`, `rejected`).
    pub status: Option<String>,
    /// Words in places, actors, targets, weapons and quotes (the search language).
    pub q: Option<String>,
    /// `true`: only incidents whose sources disagree.
    pub contradicted: Option<String>,
    /// Order: date, killed, injured, sources, place, type or confidence.
    pub sort: Option<String>,
    /// `asc` or `desc` (the default).
    pub order: Option<String>,
    /// Items to skip.
    pub offset: Option<u64>,
    /// Items per page (at most 500; 50 by default).
    pub limit: Option<u64>,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn parse<T: std::str::FromStr>(v: &Option<String>, what: &str) -> Result<Option<T>, ApiError>
where
    T::Err: std::fmt::Display,
{
    given(v)
        .map(|s| {
            s.parse::<T>()
                .map_err(|e| ApiError::bad_request(format!("{what} {s:?}: {e}")))
        })
        .transpose()
}

/// Largest page a request may ask for.
pub const MAX_LIMIT: u64 = 500;

impl IncidentQuery {
    /// The page asked for.
    pub fn page(&self) -> Page {
        Page {
            offset: self.offset.unwrap_or(0),
            limit: self.limit.unwrap_or(50).clamp(1, MAX_LIMIT),
        }
    }

    /// The store's filter; actor names are resolved against the record (through identity
    /// merges), and an actor nobody reported yields a filter that matches nothing.
    pub fn filter(&self, store: &SqliteStore) -> Result<IncidentFilter, ApiError> {
        let from: Option<FuzzyDate> = parse(&self.from, "from date")?;
        let to: Option<FuzzyDate> = parse(&self.to, "to date")?;
        let mut filter = IncidentFilter {
            kind: parse::<EventKind>(&self.kind, "kind")?,
            country: given(&self.country).map(str::to_uppercase),
            admin1: given(&self.admin1).map(str::to_string),
            attack_type: parse::<AttackType>(&self.attack_type, "type")?,
            actors: Vec::new(),
            from: from.map(|d| d.start),
            to: to.map(|d| d.end),
            min_killed: parse::<u64>(&self.min_killed, "min_killed")?,
            status: parse::<ReviewStatus>(&self.status, "status")?,
            contradicted: matches!(given(&self.contradicted), Some("true" | "1" | "on" | "yes")),
            text: given(&self.q).map(str::to_string),
            sort: parse::<IncidentSort>(&self.sort, "sort")?.unwrap_or_default(),
            ascending: match given(&self.order) {
                None | Some("desc") => false,
                Some("asc") => true,
                Some(o) => {
                    return Err(ApiError::bad_request(format!(
                        "order {o:?}: use asc or desc"
                    )));
                }
            },
        };
        if let Some(actor) = given(&self.actor) {
            let ids = forewarn_kb::profile::actor_ids(store, actor)?;
            filter.actors = if ids.is_empty() {
                // Nobody by that name: match nothing rather than everything.
                vec![forewarn_model::ActorId(format!("unknown:{actor}"))]
            } else {
                ids
            };
        }
        Ok(filter)
    }

    /// The query string of this filter (without paging), for links that keep it.
    pub fn to_query_string(&self) -> String {
        let mut q = self.clone();
        q.offset = None;
        q.limit = None;
        serde_urlencoded_string(&q)
    }

    /// This filter with another order (and the first page).
    pub fn sorted_by(&self, sort: IncidentSort, ascending: bool) -> String {
        let mut q = self.clone();
        q.offset = None;
        q.sort = Some(sort.as_str().into());
        q.order = Some(if ascending { "asc" } else { "desc" }.into());
        serde_urlencoded_string(&q)
    }

    /// This filter at another offset.
    pub fn at_offset(&self, offset: u64) -> String {
        let mut q = self.clone();
        q.offset = Some(offset);
        serde_urlencoded_string(&q)
    }
}

/// `key=value&...` of the non-empty fields, percent-encoded.
fn serde_urlencoded_string(q: &IncidentQuery) -> String {
    let v = serde_json::to_value(q).unwrap_or_default();
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    if let Some(map) = v.as_object() {
        for (k, v) in map {
            match v {
                serde_json::Value::String(s) if !s.trim().is_empty() => {
                    out.append_pair(k, s);
                }
                serde_json::Value::Number(n) => {
                    out.append_pair(k, &n.to_string());
                }
                _ => {}
            }
        }
    }
    out.finish()
}

//! MUC-4 processed role fillers (`processed/*.json`) and CEAF-REE scoring.
//!
//! The scorer follows GRIT's `eval.py` (Du et al. 2021), whose numbers the bench README
//! quotes, with its `phi_strict` similarity:
//! - mentions are normalised by lower-casing, deleting ASCII punctuation, deleting the
//!   articles *a*, *an*, *the* wherever they stand as words, and collapsing whitespace
//!   ([`MentionNormalisation::Grit`]; the README's shorter wording, "drop a leading
//!   article", is [`MentionNormalisation::LeadingArticle`]);
//! - per document and role, a predicted entity scores 1 against a gold entity when *every*
//!   one of its mentions is among the gold entity's alternative mentions (so a prediction with
//!   only its canonical mention needs that mention to be one of the alternatives), else 0;
//! - predicted and gold entities are matched one-to-one to maximise the summed score
//!   (Hungarian algorithm); precision = matched / predicted entities, recall = matched / gold
//!   entities, summed over documents (micro) per role and over all roles.
//!
//! Differences from `eval.py`, all on inputs it would crash on or reward by accident: a
//! document missing from the predictions counts as predicting nothing (not a `KeyError`), and
//! a predicted entity with no mentions is ignored (`phi_strict` would give it a free match).
//! The proportional similarity `phi_prop` is reported alongside, as `eval.py` computes it.

use crate::error::{EvalError, read_text, write_bytes};
use crate::metrics::{ErrorCount, ErrorTally, FieldScore, PRF_HEADER, Prf, hungarian_max};
use crate::metrics::{prf_row, render_errors, table};
use crate::predict::{Predictor, RoleFillers};
use serde::Serialize;
use serde::ser::SerializeMap;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// The five MUC-4 roles, in the order GRIT reports them.
pub const ROLES: [&str; 5] = ["PerpInd", "PerpOrg", "Target", "Victim", "Weapon"];

/// One document of a processed file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProcessedDoc {
    /// Document id, e.g. `TST1-MUC3-0001`.
    pub docid: String,
    /// The lower-cased text.
    pub doctext: String,
    /// Role name -> entities -> alternative mentions as written (offsets dropped).
    pub extracts: BTreeMap<String, Vec<Vec<String>>>,
    /// 1-based line of the document in its file.
    pub line: usize,
}

/// Reads a processed MUC-4 file (one JSON object per line), keeping the first `limit`
/// documents if given.
pub fn load_processed(path: &Path, limit: Option<usize>) -> Result<Vec<ProcessedDoc>, EvalError> {
    parse_processed(&path.display().to_string(), &read_text(path)?, limit)
}

/// Parses the text of a processed MUC-4 file; `name` is used in error messages.
///
/// Each line holds `docid` (string), `doctext` (string) and `extracts`: an object from role
/// name to a list of entities, each a list of `[mention, offset]` pairs (plain mention
/// strings are accepted too). Blank lines are skipped.
pub fn parse_processed(
    name: &str,
    text: &str,
    limit: Option<usize>,
) -> Result<Vec<ProcessedDoc>, EvalError> {
    let mut docs = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if limit.is_some_and(|n| docs.len() >= n) {
            break;
        }
        let lineno = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(line)
            .map_err(|e| EvalError::line(name, lineno, format!("not JSON: {e}")))?;
        let docid = match v.get("docid") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => return Err(EvalError::line(name, lineno, "no string `docid`")),
        };
        let doctext = v
            .get("doctext")
            .and_then(Value::as_str)
            .ok_or_else(|| EvalError::line(name, lineno, format!("{docid}: no string `doctext`")))?
            .to_string();
        let mut extracts = BTreeMap::new();
        match v.get("extracts") {
            Some(Value::Object(map)) => {
                for (role, ents) in map {
                    let ents = parse_entities(ents).map_err(|reason| {
                        EvalError::line(name, lineno, format!("{docid}: role {role}: {reason}"))
                    })?;
                    extracts.insert(role.clone(), ents);
                }
            }
            Some(Value::Null) | None => {}
            Some(_) => {
                return Err(EvalError::line(
                    name,
                    lineno,
                    format!("{docid}: `extracts` is not an object"),
                ));
            }
        }
        docs.push(ProcessedDoc {
            docid,
            doctext,
            extracts,
            line: lineno,
        });
    }
    Ok(docs)
}

fn parse_entities(v: &Value) -> Result<Vec<Vec<String>>, String> {
    let Value::Array(ents) = v else {
        return Err("entities are not a list".into());
    };
    let mut out = Vec::with_capacity(ents.len());
    for (k, ent) in ents.iter().enumerate() {
        let Value::Array(mentions) = ent else {
            return Err(format!("entity {k} is not a list of mentions"));
        };
        let mut ms = Vec::with_capacity(mentions.len());
        for m in mentions {
            match m {
                Value::String(s) => ms.push(s.clone()),
                Value::Array(pair) => match pair.first() {
                    Some(Value::String(s)) => ms.push(s.clone()),
                    _ => return Err(format!("entity {k} has a mention without text")),
                },
                _ => {
                    return Err(format!(
                        "entity {k} has a mention that is neither a string nor a pair"
                    ));
                }
            }
        }
        out.push(ms);
    }
    Ok(out)
}

/// How mentions are normalised before comparison.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MentionNormalisation {
    /// GRIT's `normalize_string`: lower case, ASCII punctuation deleted, the words a/an/the
    /// deleted anywhere, whitespace collapsed. The default, so scores compare with GRIT/GTT.
    #[default]
    Grit,
    /// Lower case, trimmed, one leading article (a, an, the) dropped, whitespace collapsed.
    LeadingArticle,
}

/// Normalises a mention for CEAF-REE comparison.
pub fn normalise_mention(s: &str, how: MentionNormalisation) -> String {
    let lower = s.to_lowercase();
    match how {
        MentionNormalisation::Grit => {
            let no_punct: String = lower
                .chars()
                .filter(|c| !c.is_ascii_punctuation())
                .collect();
            // Python's `\b(a|an|the)\b`: an article is a maximal run of word characters.
            let mut out = String::with_capacity(no_punct.len());
            let mut word = String::new();
            let flush = |word: &mut String, out: &mut String| {
                if matches!(word.as_str(), "a" | "an" | "the") {
                    out.push(' ');
                } else {
                    out.push_str(word);
                }
                word.clear();
            };
            for c in no_punct.chars() {
                if c.is_alphanumeric() || c == '_' {
                    word.push(c);
                } else {
                    flush(&mut word, &mut out);
                    out.push(c);
                }
            }
            flush(&mut word, &mut out);
            out.split_whitespace().collect::<Vec<_>>().join(" ")
        }
        MentionNormalisation::LeadingArticle => {
            let words: Vec<&str> = lower.split_whitespace().collect();
            let rest = match words.first() {
                Some(&("a" | "an" | "the")) => &words[1..],
                _ => &words[..],
            };
            rest.join(" ")
        }
    }
}

/// Predicted role fillers per document, in input order; serialises as GRIT's prediction
/// file: `{docid: {"pred_extracts": {"PerpInd": [[mention, ...], ...], ...}}}`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MucPredictions {
    /// `(docid, fillers)` pairs.
    pub docs: Vec<(String, RoleFillers)>,
}

impl MucPredictions {
    /// The fillers predicted for a document.
    pub fn get(&self, docid: &str) -> Option<&RoleFillers> {
        self.docs.iter().find(|(d, _)| d == docid).map(|(_, f)| f)
    }

    /// Reads a prediction file in GRIT's format back (e.g. another system's output).
    pub fn parse(name: &str, text: &str) -> Result<Self, EvalError> {
        let v: Value = serde_json::from_str(text)
            .map_err(|e| EvalError::input(name, format!("not JSON: {e}")))?;
        let Value::Object(map) = v else {
            return Err(EvalError::input(
                name,
                "not a JSON object keyed by document id",
            ));
        };
        let mut docs = Vec::with_capacity(map.len());
        for (docid, entry) in map {
            let ex = entry.get("pred_extracts").unwrap_or(&entry);
            let role = |r: &str| -> Result<Vec<Vec<String>>, EvalError> {
                match ex.get(r) {
                    None | Some(Value::Null) => Ok(Vec::new()),
                    Some(v) => parse_entities(v)
                        .map_err(|e| EvalError::input(name, format!("{docid}: {r}: {e}"))),
                }
            };
            let fillers = RoleFillers {
                perp_ind: role("PerpInd")?,
                perp_org: role("PerpOrg")?,
                target: role("Target")?,
                victim: role("Victim")?,
                weapon: role("Weapon")?,
            };
            docs.push((docid, fillers));
        }
        Ok(MucPredictions { docs })
    }
}

struct PredExtracts<'a>(&'a RoleFillers);

impl Serialize for PredExtracts<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut inner = s.serialize_map(Some(5))?;
        for r in ROLES {
            inner.serialize_entry(r, self.0.role(r).unwrap_or(&Vec::new()))?;
        }
        inner.end()
    }
}

impl Serialize for MucPredictions {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.docs.len()))?;
        for (docid, f) in &self.docs {
            let mut entry = BTreeMap::new();
            entry.insert("pred_extracts", PredExtracts(f));
            map.serialize_entry(docid, &entry)?;
        }
        map.end()
    }
}

/// Runs a predictor over every document's text (no reference date: the processed texts
/// have lost their datelines).
pub fn predict_processed(docs: &[ProcessedDoc], predictor: &dyn Predictor) -> MucPredictions {
    MucPredictions {
        docs: docs
            .iter()
            .map(|d| (d.docid.clone(), predictor.role_fillers(&d.doctext, None)))
            .collect(),
    }
}

/// Writes predictions as one JSON object keyed by document id (GRIT's format).
pub fn write_muc_predictions(path: &Path, preds: &MucPredictions) -> Result<(), EvalError> {
    let mut bytes = serde_json::to_vec_pretty(preds)
        .map_err(|e| EvalError::input(&path.display().to_string(), e.to_string()))?;
    bytes.push(b'\n');
    write_bytes(path, &bytes)
}

/// CEAF-REE scores per role and overall.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CeafReport {
    /// Mention normalisation used.
    pub normalisation: MentionNormalisation,
    /// Gold documents scored.
    pub documents: usize,
    /// Documents that had no prediction at all.
    pub documents_without_prediction: usize,
    /// Per-role scores with `phi_strict` (the published metric).
    pub roles: Vec<FieldScore>,
    /// Micro average over roles with `phi_strict`: the headline `ceaf_ree_f1`.
    pub micro: Prf,
    /// Per-role scores with `phi_prop` (share of a prediction's mentions that are gold).
    pub roles_prop: Vec<FieldScore>,
    /// Micro average with `phi_prop`.
    pub micro_prop: Prf,
    /// Commonest error kinds.
    pub top_errors: Vec<ErrorCount>,
}

/// Scores predictions against processed gold with CEAF-REE (see the module notes).
pub fn score_ceaf_ree(
    docs: &[ProcessedDoc],
    preds: &MucPredictions,
    how: MentionNormalisation,
) -> CeafReport {
    let by_id: HashMap<&str, &RoleFillers> =
        preds.docs.iter().map(|(d, f)| (d.as_str(), f)).collect();
    let empty = RoleFillers::default();
    let mut strict: Vec<Prf> = vec![Prf::default(); ROLES.len()];
    let mut prop: Vec<Prf> = vec![Prf::default(); ROLES.len()];
    let mut errors = ErrorTally::default();
    let mut without = 0;
    for doc in docs {
        let pred = by_id.get(doc.docid.as_str()).copied().unwrap_or_else(|| {
            without += 1;
            &empty
        });
        for (r, role) in ROLES.iter().enumerate() {
            let norm = |ents: &[Vec<String>]| -> Vec<Vec<String>> {
                ents.iter()
                    .filter(|e| !e.is_empty())
                    .map(|e| e.iter().map(|m| normalise_mention(m, how)).collect())
                    .collect()
            };
            let gold = norm(doc.extracts.get(*role).map_or(&[][..], Vec::as_slice));
            let sys = norm(pred.role(role).map_or(&[][..], Vec::as_slice));
            let (s, p) = (ceaf(&gold, &sys, phi_strict), ceaf(&gold, &sys, phi_prop));
            strict[r] = strict[r].add(&Prf::from_counts(s.0, sys.len() as u64, gold.len() as u64));
            prop[r] = prop[r].add(&Prf::from_counts(p.0, sys.len() as u64, gold.len() as u64));
            tally_errors(role, &gold, &sys, &s.1, &mut errors);
        }
    }
    let field = |v: &[Prf]| -> Vec<FieldScore> {
        ROLES
            .iter()
            .zip(v)
            .map(|(r, s)| FieldScore {
                field: r.to_string(),
                score: *s,
            })
            .collect()
    };
    let micro = strict.iter().fold(Prf::default(), |a, b| a.add(b));
    let micro_prop = prop.iter().fold(Prf::default(), |a, b| a.add(b));
    CeafReport {
        normalisation: how,
        documents: docs.len(),
        documents_without_prediction: without,
        roles: field(&strict),
        micro,
        roles_prop: field(&prop),
        micro_prop,
        top_errors: errors.top(10),
    }
}

/// GRIT's `phi_strict(gold, pred)`: 1 if every predicted mention is a gold mention.
fn phi_strict(gold: &[String], pred: &[String]) -> f64 {
    if pred.iter().all(|m| gold.contains(m)) {
        1.0
    } else {
        0.0
    }
}

/// GRIT's `phi_prop(gold, pred)`: gold mentions found in the prediction over its size.
fn phi_prop(gold: &[String], pred: &[String]) -> f64 {
    if pred.is_empty() {
        return 0.0;
    }
    gold.iter().filter(|m| pred.contains(m)).count() as f64 / pred.len() as f64
}

/// Optimal similarity between gold and predicted entities, and the matched pairs with a
/// positive score.
fn ceaf(
    gold: &[Vec<String>],
    sys: &[Vec<String>],
    phi: fn(&[String], &[String]) -> f64,
) -> (f64, Vec<(usize, usize)>) {
    if gold.is_empty() || sys.is_empty() {
        return (0.0, Vec::new());
    }
    let scores: Vec<Vec<f64>> = gold
        .iter()
        .map(|g| sys.iter().map(|s| phi(g, s)).collect())
        .collect();
    let pairs: Vec<(usize, usize)> = hungarian_max(&scores)
        .into_iter()
        .filter(|&(i, j)| scores[i][j] > 0.0)
        .collect();
    (pairs.iter().map(|&(i, j)| scores[i][j]).sum(), pairs)
}

fn tally_errors(
    role: &str,
    gold: &[Vec<String>],
    sys: &[Vec<String>],
    matched: &[(usize, usize)],
    errors: &mut ErrorTally,
) {
    for (i, _) in gold.iter().enumerate() {
        if !matched.iter().any(|&(g, _)| g == i) {
            errors.add(format!("{role}: gold entity missed"));
        }
    }
    for (j, s) in sys.iter().enumerate() {
        if matched.iter().any(|&(_, p)| p == j) {
            continue;
        }
        let overlaps = gold.iter().any(|g| s.iter().any(|m| g.contains(m)));
        if overlaps {
            errors.add(format!(
                "{role}: predicted entity has a mention outside the gold alternatives"
            ));
        } else {
            errors.add(format!("{role}: spurious entity"));
        }
    }
}

impl CeafReport {
    /// A table for the terminal: per role and micro P/R/F1 (percent), then the errors.
    pub fn render_text(&self) -> String {
        let mut rows: Vec<Vec<String>> = self
            .roles
            .iter()
            .map(|f| prf_row(&f.field, &f.score))
            .collect();
        rows.push(prf_row("micro (CEAF-REE)", &self.micro));
        rows.push(prf_row("micro (phi_prop)", &self.micro_prop));
        let mut s = format!(
            "MUC-4 CEAF-REE over {} documents ({} without prediction), normalisation {:?}\n",
            self.documents, self.documents_without_prediction, self.normalisation
        );
        s.push_str(&table(&PRF_HEADER, &rows));
        s.push_str(&render_errors(&self.top_errors));
        s
    }
}

//! JSON Lines: one document per line.

use forewarn_model::{DocumentMeta, MediaType, Reliability, Tlp};
use serde_json::{Map, Value};

use crate::dates::parse_date;
use crate::decode::{normalise_newlines, tidy_paragraphs};
use crate::{ReadDocument, ReadError, parse_field};

/// The fields that may carry a record's text, in order of preference.
const TEXT_FIELDS: [&str; 3] = ["text", "body", "content"];

/// Reads every non-blank line of a decoded JSON Lines input. A bad line gives an error naming
/// its (1-based) line number; the other lines are read regardless. Records without a `name`
/// or `url` are named `INPUT:LINE`.
pub(crate) fn read(text: &str, input_name: &str) -> Vec<Result<ReadDocument, ReadError>> {
    text.split('\n')
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(index, line)| {
            let number = index + 1;
            read_line(line.trim(), input_name, number).map_err(|e| e.at_line(number))
        })
        .collect()
}

fn read_line(line: &str, input_name: &str, number: usize) -> Result<ReadDocument, ReadError> {
    let record = match serde_json::from_str::<Value>(line) {
        Ok(Value::Object(record)) => record,
        Ok(other) => return Err(ReadError::NotAnObject(kind(&other))),
        Err(e) => return Err(ReadError::InvalidJson(json_message(&e))),
    };
    let raw_text = TEXT_FIELDS
        .iter()
        .find_map(|field| record.get(*field).map(|v| (*field, v)))
        .ok_or(ReadError::MissingText)?;
    let text = match raw_text {
        (_, Value::String(s)) => tidy_paragraphs(&normalise_newlines(s)),
        (field, _) => {
            return Err(ReadError::InvalidField {
                field,
                reason: "expected a string".to_string(),
            });
        }
    };
    if text.is_empty() {
        return Err(ReadError::Empty);
    }
    let url = string(&record, "url")?;
    let published = match string(&record, "published")? {
        Some(value) => Some(parse_date(&value).ok_or_else(|| ReadError::InvalidField {
            field: "published",
            reason: format!("{value:?} is not a date (YYYY-MM-DD or RFC 3339)"),
        })?),
        None => None,
    };
    let meta = DocumentMeta {
        name: string(&record, "name")?
            .or_else(|| url.clone())
            .unwrap_or_else(|| format!("{input_name}:{number}")),
        url,
        title: string(&record, "title")?,
        publisher: string(&record, "publisher")?,
        author: authors(&record)?,
        published,
        reliability: string(&record, "reliability")?
            .map(|v| parse_field::<Reliability>("reliability", &v))
            .transpose()?,
        tlp: string(&record, "tlp")?
            .map(|v| parse_field::<Tlp>("tlp", &v))
            .transpose()?,
    };
    Ok(ReadDocument {
        meta,
        media_type: MediaType::JsonLines,
        text,
    })
}

/// An optional string field; blank is absent, any other type is an error.
fn string(record: &Map<String, Value>, field: &'static str) -> Result<Option<String>, ReadError> {
    match record.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.trim().to_string()).filter(|s| !s.is_empty())),
        Some(other) => Err(ReadError::InvalidField {
            field,
            reason: format!("expected a string, found {}", kind(other)),
        }),
    }
}

/// `author` as a string or a list of strings (joined with ", ").
fn authors(record: &Map<String, Value>) -> Result<Option<String>, ReadError> {
    if let Some(Value::Array(items)) = record.get("author") {
        let names: Option<Vec<&str>> = items.iter().map(Value::as_str).collect();
        let names = names.ok_or_else(|| ReadError::InvalidField {
            field: "author",
            reason: "expected a string or a list of strings".to_string(),
        })?;
        return Ok(Some(names.join(", ")).filter(|s| !s.is_empty()));
    }
    string(record, "author")
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// serde_json's message without its "at line 1" (the line is ours to name), keeping the column.
fn json_message(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let bare = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(head, _)| head);
    format!("{bare} at column {}", error.column())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_lines_survive_bad_ones() {
        let input = "{\"text\": \"One.\", \"tlp\": \"green\", \"published\": \"2024-03-22\"}\n\n\
                     {\"text\": \"Two.\", \"tlp\": \"purple\"}\n[1]\n{\"title\": \"x\"}\n{oops\n{\"body\": \"Three.\", \"author\": [\"A\", \"B\"]}\n";
        let results = read(input, "batch.jsonl");
        assert_eq!(results.len(), 6);
        let first = results[0].as_ref().unwrap();
        assert_eq!(first.meta.name, "batch.jsonl:1");
        assert_eq!(first.meta.tlp, Some(Tlp::Green));
        assert_eq!(first.meta.published, Some(jiff::civil::date(2024, 3, 22)));
        let messages: Vec<String> = results[1..5]
            .iter()
            .map(|r| r.as_ref().unwrap_err().to_string())
            .collect();
        assert!(
            messages[0].starts_with("line 3: invalid `tlp`: "),
            "{}",
            messages[0]
        );
        assert_eq!(messages[1], "line 4: not a JSON object but an array");
        assert_eq!(messages[2], "line 5: no `text` field");
        assert!(
            messages[3].starts_with("line 6: invalid JSON: key must be a string at column 2"),
            "{}",
            messages[3]
        );
        let last = results[5].as_ref().unwrap();
        assert_eq!(
            (last.text.as_str(), last.meta.author.as_deref()),
            ("Three.", Some("A, B"))
        );
    }
}

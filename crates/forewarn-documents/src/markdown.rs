//! Markdown: text without markup, the title from front matter or the first heading.

use forewarn_model::{DocumentMeta, Reliability, Tlp};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::dates::parse_date;
use crate::decode::{normalise_newlines, tidy_paragraphs};
use crate::{ReadError, parse_field};

/// Reads Markdown (already decoded): returns the text, headings and paragraphs as
/// paragraphs, and what the front matter and first heading say.
pub(crate) fn read(decoded: &str) -> Result<(String, DocumentMeta), ReadError> {
    let source = normalise_newlines(decoded);
    let (front, body) = split_front_matter(&source);
    let mut meta = DocumentMeta::default();
    if let Some(front) = front {
        apply_front_matter(front, &mut meta)?;
    }
    let (text, first_heading) = render(body);
    if meta.title.is_none() {
        meta.title = first_heading;
    }
    Ok((text, meta))
}

/// YAML front matter: a `---` line first, up to the next `---` or `...` line.
fn split_front_matter(source: &str) -> (Option<&str>, &str) {
    let Some(rest) = source.strip_prefix("---\n") else {
        return (None, source);
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            return (Some(&rest[..offset]), &rest[offset + line.len()..]);
        }
        offset += line.len();
    }
    // An unterminated block is not front matter: the `---` was a thematic break.
    (None, source)
}

/// Takes the scalar keys forewarn knows from simple YAML: `key: value`, quoted or not, and
/// for `author` also a list (`- name` lines or `[a, b]`), whose names are joined.
fn apply_front_matter(front: &str, meta: &mut DocumentMeta) -> Result<(), ReadError> {
    let mut lines = front.lines().peekable();
    while let Some(line) = lines.next() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        if key.starts_with([' ', '\t', '-', '#']) {
            continue;
        }
        let key = key.trim().to_ascii_lowercase();
        let mut value = unquote(value.trim()).to_string();
        if value.is_empty() {
            // A block list may follow.
            let mut items = Vec::new();
            while let Some(item) = lines.peek().and_then(|l| l.trim_start().strip_prefix("- ")) {
                items.push(unquote(item.trim()).to_string());
                lines.next();
            }
            value = items.join(", ");
        } else if let Some(inner) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
            value = inner
                .split(',')
                .map(|v| unquote(v.trim()))
                .collect::<Vec<_>>()
                .join(", ");
        }
        if value.is_empty() {
            continue;
        }
        match key.as_str() {
            "title" => meta.title = Some(value),
            "date" | "published" | "pubdate" => meta.published = parse_date(&value),
            "author" | "authors" | "byline" => meta.author = Some(value),
            "publisher" | "source" | "site" => meta.publisher = Some(value),
            "url" | "link" => meta.url = Some(value),
            "tlp" => meta.tlp = Some(parse_field::<Tlp>("tlp", &value)?),
            "reliability" => {
                meta.reliability = Some(parse_field::<Reliability>("reliability", &value)?)
            }
            _ => {}
        }
    }
    Ok(())
}

fn unquote(value: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some(inner) = value
            .strip_prefix(quote)
            .and_then(|v| v.strip_suffix(quote))
        {
            return inner;
        }
    }
    value
}

/// The text of the Markdown body and of its first heading.
fn render(body: &str) -> (String, Option<String>) {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut out = String::with_capacity(body.len());
    let mut first_heading: Option<String> = None;
    let mut heading: Option<String> = None;
    let mut in_image = 0usize;
    for event in Parser::new_ext(body, options) {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                paragraph_break(&mut out);
                heading = Some(String::new());
            }
            Event::End(TagEnd::Heading(_)) => {
                if first_heading.is_none() {
                    first_heading = heading
                        .take()
                        .map(|h| h.trim().to_string())
                        .filter(|h| !h.is_empty());
                }
                heading = None;
                paragraph_break(&mut out);
            }
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::Start(
                Tag::Paragraph
                | Tag::BlockQuote(_)
                | Tag::CodeBlock(_)
                | Tag::Item
                | Tag::Table(_)
                | Tag::FootnoteDefinition(_),
            ) => paragraph_break(&mut out),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::Item
                | TagEnd::Table
                | TagEnd::FootnoteDefinition,
            ) => paragraph_break(&mut out),
            Event::End(TagEnd::TableCell) => out.push_str(" | "),
            Event::End(TagEnd::TableRow | TagEnd::TableHead) => {
                let kept = out.trim_end_matches(" | ").len();
                out.truncate(kept);
                out.push('\n');
            }
            Event::Text(text) | Event::Code(text) if in_image == 0 => {
                out.push_str(&text);
                if let Some(h) = heading.as_mut() {
                    h.push_str(&text);
                }
            }
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push('\n'),
            Event::Rule => paragraph_break(&mut out),
            _ => {}
        }
    }
    (tidy_paragraphs(&out), first_heading)
}

fn paragraph_break(out: &mut String) {
    if !out.is_empty() && !out.ends_with("\n\n") {
        out.push_str(if out.ends_with('\n') { "\n" } else { "\n\n" });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_goes_paragraphs_stay() {
        let (text, meta) = read("# ISKP in 2024\n\nThe *group* claimed [two attacks](http://x).\nIt grew.\n\n- Kerman\n- Crocus\n\n![map](m.png)\n").unwrap();
        assert_eq!(
            text,
            "ISKP in 2024\n\nThe group claimed two attacks. It grew.\n\nKerman\n\nCrocus"
        );
        assert_eq!(meta.title.as_deref(), Some("ISKP in 2024"));
    }

    #[test]
    fn front_matter_fills_metadata() {
        let source = "---\ntitle: \"Kerman: what we know\"\ndate: 2024-01-05\nauthor:\n  - A. Analyst\n  - B. Writer\npublisher: Example Institute\ntlp: amber\n---\n# Other heading\n\nBody.";
        let (text, meta) = read(source).unwrap();
        assert_eq!(meta.title.as_deref(), Some("Kerman: what we know"));
        assert_eq!(meta.published, Some(jiff::civil::date(2024, 1, 5)));
        assert_eq!(meta.author.as_deref(), Some("A. Analyst, B. Writer"));
        assert_eq!(meta.publisher.as_deref(), Some("Example Institute"));
        assert_eq!(meta.tlp, Some(Tlp::Amber));
        assert_eq!(text, "Other heading\n\nBody.");
    }

    #[test]
    fn a_bad_marking_is_an_error_and_a_lone_rule_is_not_front_matter() {
        let err = read("---\ntlp: purple\n---\nx").unwrap_err();
        assert!(err.to_string().starts_with("invalid `tlp`: "), "{err}");
        let (text, _) = read("---\nJust a rule above.").unwrap();
        assert_eq!(text, "Just a rule above.");
    }
}

//! The header block of a plain-text report: the lines above the body that say what the
//! report is (a masthead, a headline, "By ..." and "Published: ..." lines, `Key: value`
//! pairs), and the wire dateline (`KABUL, 28 AUG 21 (WIRE) --`) that opens the body.
//!
//! Metadata lines are taken out of the text, as an HTML page's `<meta>` tags are not part
//! of its text; the headline stays, since it often says what happened.

use jiff::civil::Date;

use crate::dates::parse_date;

/// Lines examined at most before the body is assumed to have begun.
const MAX_HEADER_LINES: usize = 10;

/// What the header block said.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Header {
    pub title: Option<String>,
    pub author: Option<String>,
    pub publisher: Option<String>,
    pub published: Option<Date>,
    /// The text without the metadata lines.
    pub text: String,
}

#[derive(Debug, PartialEq)]
enum Line<'a> {
    Title(&'a str),
    Author(&'a str),
    Publisher(&'a str),
    Published(Date),
    /// A short unlabelled line: a masthead, a section name or a headline.
    Short(&'a str),
}

/// Reads the header block of `text` (already cleaned: `\n` line ends, trimmed).
pub(crate) fn read(text: &str) -> Header {
    let mut lines: Vec<(usize, usize, Line<'_>)> = Vec::new();
    let mut offset = 0;
    let mut body_start = 0;
    for (n, raw) in text.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += raw.len();
        let line = raw.trim();
        if line.is_empty() {
            body_start = offset;
            continue;
        }
        if n >= MAX_HEADER_LINES * 2 || lines.len() >= MAX_HEADER_LINES || is_body(line) {
            break;
        }
        lines.push((start, offset, classify(line)));
        body_start = offset;
    }
    if lines.is_empty() {
        return Header {
            text: text.to_string(),
            published: dateline_date(text),
            ..Header::default()
        };
    }

    let mut header = Header::default();
    let mut keep: Vec<(usize, usize)> = Vec::new();
    let shorts: Vec<usize> = (0..lines.len())
        .filter(|&i| matches!(lines[i].2, Line::Short(_)))
        .collect();
    // The headline: an explicit title, else the first unlabelled line that reads like one
    // (a masthead of one to four words in capitals or before another headline is skipped).
    let mut headline: Option<usize> = None;
    for (i, (start, end, line)) in lines.iter().enumerate() {
        match line {
            Line::Title(t) => {
                header.title.get_or_insert_with(|| t.to_string());
            }
            Line::Author(a) => {
                header.author.get_or_insert_with(|| a.to_string());
            }
            Line::Publisher(p) => {
                header.publisher.get_or_insert_with(|| p.to_string());
            }
            Line::Published(d) => {
                header.published.get_or_insert(*d);
            }
            Line::Short(s) => {
                let masthead = is_masthead(s, shorts.iter().any(|&j| j > i));
                if header.title.is_none() && headline.is_none() && !masthead {
                    headline = Some(i);
                    header.title = Some(s.to_string());
                    keep.push((*start, *end));
                } else if header.publisher.is_none()
                    && (masthead || headline.is_some())
                    && s.split_whitespace().count() <= 6
                {
                    header.publisher = Some(strip_section(s).to_string());
                } else {
                    keep.push((*start, *end));
                }
            }
        }
    }
    // Nothing was recognised as metadata: leave the text as it was.
    let stripped = lines.len() - keep.len();
    let mut out = String::with_capacity(text.len());
    if stripped == 0 {
        out.push_str(text);
    } else {
        for (start, end) in &keep {
            out.push_str(text[*start..*end].trim_end());
            out.push('\n');
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(text[body_start..].trim_start());
    }
    if header.published.is_none() {
        header.published = dateline_date(&text[body_start..]);
    }
    header.text = out.trim().to_string();
    header
}

/// Body text: a long line, or a full sentence of some length.
fn is_body(line: &str) -> bool {
    let words = line.split_whitespace().count();
    line.chars().count() > 160
        || (words > 12 && line.ends_with(['.', '?', '!', '"', '\u{201D}']))
        || line.contains(" -- ") && words > 8
}

fn classify(line: &str) -> Line<'_> {
    if let Some((key, value)) = line.split_once(':') {
        let value = value.trim();
        let key = key.trim().to_ascii_lowercase();
        if !value.is_empty() {
            match key.as_str() {
                "title" | "headline" => return Line::Title(value),
                "author" | "authors" | "byline" | "by" | "written by" => {
                    return Line::Author(value);
                }
                "publisher" | "source" | "outlet" | "publication" => return Line::Publisher(value),
                "published" | "date" | "dated" | "posted" | "published on" | "publication date" => {
                    if let Some(d) = parse_date(value) {
                        return Line::Published(d);
                    }
                }
                _ => {}
            }
        }
    }
    let lower = line.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("by ") {
        let words = rest.split_whitespace().count();
        if (1..=8).contains(&words) && !line.ends_with('.') {
            return Line::Author(line[3..].trim());
        }
    }
    if line.len() <= 40
        && let Some(d) = parse_date(line)
    {
        return Line::Published(d);
    }
    Line::Short(line)
}

/// A masthead: a publication's name above the headline, e.g. `KHYBER MONITOR`.
fn is_masthead(line: &str, headline_follows: bool) -> bool {
    let words = line.split_whitespace().count();
    let letters: Vec<char> = line.chars().filter(|c| c.is_alphabetic()).collect();
    let capitals = !letters.is_empty() && letters.iter().all(|c| c.is_uppercase());
    words <= 4 && (capitals || headline_follows) && !line.ends_with(['.', '?', '!'])
}

/// `Borderlands Analytic -- Commentary` names the publisher before the section.
fn strip_section(line: &str) -> &str {
    line.split(" -- ")
        .next()
        .unwrap_or(line)
        .split(" | ")
        .next()
        .unwrap_or(line)
        .trim()
}

/// The date of a wire dateline that opens the body: `KABUL, 28 AUG 21 (WIRE) --` or
/// `KABUL, 5 September 2022 (Pamir Wire Service) --`.
fn dateline_date(body: &str) -> Option<Date> {
    let first = body.lines().next()?;
    let (head, _) = first.split_once(" -- ")?;
    if head.len() > 80 {
        return None;
    }
    let (_, after_place) = head.split_once(',')?;
    let date_part = after_place.split('(').next()?.trim();
    parse_date(date_part).or_else(|| short_year_date(date_part))
}

/// `28 AUG 21`: a day, a month abbreviation and a two-digit year (1950 to 2049).
fn short_year_date(s: &str) -> Option<Date> {
    let parts: Vec<&str> = s.split_whitespace().collect();
    let [day, month, year] = parts[..] else {
        return None;
    };
    if year.len() != 2 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let yy: i16 = year.parse().ok()?;
    let full = if yy < 50 { 2000 + yy } else { 1900 + yy };
    parse_date(&format!("{day} {month} {full}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<Date> {
        Some(s.parse().unwrap())
    }

    #[test]
    fn labelled_header_lines_become_metadata_and_leave_the_text() {
        let h = read(
            "Title: Gunmen kill 25 in Kabul gurdwara\nPublisher: Indus Correspondent\nAuthor: H. K. Sandhu\nPublished: 28 March 2020\n\nKABUL -- Gunmen stormed a Sikh temple in the old city on Wednesday morning, killing 25 worshippers.",
        );
        assert_eq!(h.title.as_deref(), Some("Gunmen kill 25 in Kabul gurdwara"));
        assert_eq!(h.publisher.as_deref(), Some("Indus Correspondent"));
        assert_eq!(h.author.as_deref(), Some("H. K. Sandhu"));
        assert_eq!(h.published, d("2020-03-28"));
        assert!(h.text.starts_with("KABUL -- Gunmen"), "{}", h.text);
    }

    #[test]
    fn masthead_headline_byline_and_date() {
        let h = read(
            "KHYBER MONITOR\nIslamic State claims Bajaur rally bombing\nBy Imran Yousafzai\nPublished: 1 August 2023\n\nKHAR, Bajaur -- The Islamic State group has claimed responsibility for Sunday's suicide bombing at a political gathering.",
        );
        assert_eq!(h.publisher.as_deref(), Some("KHYBER MONITOR"));
        assert_eq!(
            h.title.as_deref(),
            Some("Islamic State claims Bajaur rally bombing")
        );
        assert_eq!(h.author.as_deref(), Some("Imran Yousafzai"));
        assert_eq!(h.published, d("2023-08-01"));
        assert!(
            h.text
                .starts_with("Islamic State claims Bajaur rally bombing\n\nKHAR, Bajaur"),
            "{}",
            h.text
        );
    }

    #[test]
    fn wire_dateline_gives_the_date() {
        let h = read(
            "PAMIR WIRE SERVICE\nBY NADIA KARIMI\n\nKABUL, 28 AUG 21 (WIRE) -- AT LEAST 170 PEOPLE WERE KILLED WHEN A SUICIDE BOMBER STRUCK A CROWD AT KABUL AIRPORT ON THURSDAY, OFFICIALS SAID.",
        );
        assert_eq!(h.published, d("2021-08-28"));
        assert_eq!(h.author.as_deref(), Some("NADIA KARIMI"));
        assert_eq!(h.publisher.as_deref(), Some("PAMIR WIRE SERVICE"));
    }

    #[test]
    fn an_analysis_without_metadata_keeps_its_text_and_headline() {
        let text = "The ISKP Thrives in a Disunited World\nThe group's latest attack demonstrates the growing threat it poses to global security and to the states around it. But can the world respond?\nBody text follows here.";
        let h = read(text);
        assert_eq!(
            h.title.as_deref(),
            Some("The ISKP Thrives in a Disunited World")
        );
        assert_eq!(h.text, text);
        assert_eq!(h.publisher, None);
        assert_eq!(h.published, None);
    }

    #[test]
    fn a_sentence_starting_with_by_is_not_a_byline() {
        let h = read(
            "By the end of the siege, 25 worshippers had been killed and the attackers shot dead by special forces.",
        );
        assert_eq!(h.author, None);
    }
}

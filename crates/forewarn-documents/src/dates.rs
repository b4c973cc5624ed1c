//! Publication dates as sites, feeds and files write them.

use jiff::civil::Date;

/// The calendar date in `text`, which may be RFC 3339 / ISO 8601 (`2024-03-22`,
/// `2024-03-22T18:05:00+03:00`), RFC 2822 (`Fri, 22 Mar 2024 18:05:00 +0300`), a PDF date
/// (`D:20240322180500+03'00'`), a written date (`March 22, 2024`, `22 March 2024`,
/// `Friday, 22nd of March 2024`), or an unambiguous numeric one (`22/03/2024`, `2024/03/22`).
///
/// The date is the one written, in the publisher's own time zone: an article dated
/// `2024-03-22T23:30-05:00` was published on the 22nd where it was published.
pub fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    if text.is_empty() || text.len() > 200 {
        return None;
    }
    iso_prefix(text)
        .or_else(|| pdf_date(text))
        .or_else(|| written_date(text))
        .or_else(|| numeric_date(text))
}

/// `YYYY-MM-DD` at the start, whatever follows (time, zone).
fn iso_prefix(text: &str) -> Option<Date> {
    let b = text.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    if b.len() > 10 && b[10].is_ascii_digit() {
        return None;
    }
    date(
        number(&text[0..4])?,
        number(&text[5..7])?,
        number(&text[8..10])?,
    )
}

/// `D:YYYYMMDD...` as PDF Info dictionaries write it, or a bare `YYYYMMDD`.
fn pdf_date(text: &str) -> Option<Date> {
    let (digits, prefixed) = match text.strip_prefix("D:") {
        Some(rest) => (rest, true),
        None => (text, false),
    };
    let b = digits.as_bytes();
    // A bare number must be exactly eight digits; after `D:` the time may follow.
    if b.len() < 8 || !b[..8].iter().all(u8::is_ascii_digit) || (!prefixed && b.len() > 8) {
        return None;
    }
    date(
        number(&digits[0..4])?,
        number(&digits[4..6])?,
        number(&digits[6..8])?,
    )
}

/// A date with the month in words, day before or after it, and a four-digit year.
fn written_date(text: &str) -> Option<Date> {
    let tokens: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    let (at, month) = tokens
        .iter()
        .enumerate()
        .find_map(|(i, t)| month_number(t).map(|m| (i, m)))?;
    let year = tokens.iter().find_map(|t| {
        (t.len() == 4)
            .then(|| number(t))
            .flatten()
            .filter(|y| (1000..=2999).contains(y))
    })?;
    let day_of = |t: &str| -> Option<i64> {
        let digits = t.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let suffix = &t[digits.len()..];
        if digits.is_empty()
            || digits.len() > 2
            || !matches!(suffix, "" | "st" | "nd" | "rd" | "th")
        {
            return None;
        }
        number(digits).filter(|d| (1..=31).contains(d))
    };
    // The day is next to the month: "March 22", "22 March", "22nd of March".
    let after = tokens.get(at + 1).and_then(|t| day_of(t));
    let before = at
        .checked_sub(1)
        .and_then(|i| tokens.get(i))
        .and_then(|t| day_of(t))
        .or_else(|| {
            let of = at.checked_sub(1).and_then(|i| tokens.get(i))?;
            if !of.eq_ignore_ascii_case("of") {
                return None;
            }
            tokens.get(at.checked_sub(2)?).and_then(|t| day_of(t))
        });
    date(year, month, before.or(after)?)
}

/// `DD/MM/YYYY`, `MM/DD/YYYY` (only when the day is over 12, so the order is certain),
/// `YYYY/MM/DD`, with `/`, `.` or `-` between.
fn numeric_date(text: &str) -> Option<Date> {
    let first = text.split_whitespace().next()?;
    let parts: Vec<&str> = first.split(['/', '.', '-']).collect();
    let [a, b, c] = parts[..] else { return None };
    let (a_n, b_n, c_n) = (number(a)?, number(b)?, number(c)?);
    if a.len() == 4 {
        return date(a_n, b_n, c_n);
    }
    if c.len() != 4 {
        return None;
    }
    match (a_n > 12, b_n > 12) {
        (true, false) => date(c_n, b_n, a_n),
        (false, true) => date(c_n, a_n, b_n),
        _ if a_n == b_n => date(c_n, a_n, b_n),
        _ => None,
    }
}

fn month_number(token: &str) -> Option<i64> {
    forewarn_model::month_number(token).map(i64::from)
}

fn number(text: &str) -> Option<i64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn date(year: i64, month: i64, day: i64) -> Option<Date> {
    Date::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
    )
    .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date as d;

    #[test]
    fn many_formats() {
        let cases = [
            ("2024-03-22", d(2024, 3, 22)),
            ("2024-03-22T23:30:00-05:00", d(2024, 3, 22)),
            ("2024-03-22 10:00", d(2024, 3, 22)),
            ("Fri, 22 Mar 2024 18:05:00 +0300", d(2024, 3, 22)),
            ("March 22, 2024", d(2024, 3, 22)),
            ("22 March 2024", d(2024, 3, 22)),
            ("Friday, 22nd of March 2024", d(2024, 3, 22)),
            ("Sept. 3, 2022", d(2022, 9, 3)),
            ("D:20240322180500+03'00'", d(2024, 3, 22)),
            ("20240322", d(2024, 3, 22)),
            ("22/03/2024", d(2024, 3, 22)),
            ("03/22/2024", d(2024, 3, 22)),
            ("2024/03/22", d(2024, 3, 22)),
            ("22.03.2024", d(2024, 3, 22)),
        ];
        for (text, want) in cases {
            assert_eq!(parse_date(text), Some(want), "{text}");
        }
    }

    #[test]
    fn rejects_what_is_not_a_day() {
        for text in [
            "",
            "March 2024",
            "03/04/2024",
            "2024-02-30",
            "yesterday",
            "Mayor 12, 2024",
            "2024-03-221",
        ] {
            assert_eq!(parse_date(text), None, "{text}");
        }
    }
}

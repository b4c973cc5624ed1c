//! RSS and Atom feeds: the items' links and what the feed says about them.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::{Feed, FeedItem, ReadError};

/// Parses an RSS (0.9x, 1.0/RDF, 2.0) or Atom feed.
pub(crate) fn read(bytes: &[u8]) -> Result<Feed, ReadError> {
    let parsed = feed_rs::parser::parse(bytes).map_err(|e| ReadError::NotAFeed(e.to_string()))?;
    let items = parsed
        .entries
        .into_iter()
        .map(|entry| FeedItem {
            link: link(&entry),
            title: entry.title.as_ref().and_then(text),
            published: entry
                .published
                .or(entry.updated)
                .and_then(|t| utc_date(t.timestamp())),
            author: {
                let names: Vec<String> = entry
                    .authors
                    .iter()
                    .filter_map(|p| {
                        p.name
                            .as_deref()
                            .map(str::trim)
                            .filter(|n| !n.is_empty())
                            .map(str::to_string)
                    })
                    .collect();
                (!names.is_empty()).then(|| names.join(", "))
            },
            summary: entry.summary.as_ref().and_then(text),
        })
        .collect();
    Ok(Feed {
        title: parsed.title.as_ref().and_then(text),
        items,
    })
}

/// The item's page: the `alternate` (or unlabelled) link, else any link, else a GUID that
/// is a URL.
fn link(entry: &feed_rs::model::Entry) -> Option<String> {
    let alternate = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or_else(|| entry.links.first())
        .map(|l| l.href.trim().to_string());
    alternate.or_else(|| {
        let id = entry.id.trim();
        (id.starts_with("http://") || id.starts_with("https://")).then(|| id.to_string())
    })
}

/// A feed text as plain text: HTML (RSS descriptions usually are) reduced to its text.
fn text(value: &feed_rs::model::Text) -> Option<String> {
    let content = value.content.trim();
    let is_html = value.content_type.to_string().contains("html")
        || (content.contains('<') && content.contains('>'));
    let plain = if is_html {
        let fragment = scraper::Html::parse_fragment(content);
        fragment.root_element().text().collect::<String>()
    } else {
        content.to_string()
    };
    let plain = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    (!plain.is_empty()).then_some(plain)
}

/// The UTC date of a Unix time: the boundary between feed-rs's chrono times and jiff. UTC,
/// because feed-rs keeps no original offset.
fn utc_date(seconds: i64) -> Option<Date> {
    let timestamp = Timestamp::from_second(seconds).ok()?;
    Some(timestamp.to_zoned(TimeZone::UTC).date())
}

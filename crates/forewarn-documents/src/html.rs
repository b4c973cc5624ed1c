//! HTML pages: the main text without navigation and boilerplate, and the metadata the page
//! declares (meta tags, Open Graph, JSON-LD, `<time>`).

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use ego_tree::iter::Edge;
use forewarn_model::DocumentMeta;
use scraper::{ElementRef, Html, Node, Selector};
use serde_json::Value;

use crate::ReadError;
use crate::dates::parse_date;

/// Below this many characters a readability result is taken to have missed the content
/// (it found a caption or a teaser), and the structural fallback is tried as well.
const MIN_READABLE_CHARS: usize = 140;

/// Readability's scoring is quadratic in nesting depth (4,000 nested `<div>`s take seconds).
/// Real pages stay far below this; deeper ones are hostile or broken and get the linear
/// structural reader only.
const MAX_READABILITY_DEPTH: usize = 256;

/// Elements whose content is never running text.
const SKIP_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed", "nav",
    "header", "footer", "aside", "form", "button", "select", "option", "textarea", "input",
    "label", "menu", "dialog", "head", "title", "meta", "link", "figure", "picture", "video",
    "audio", "map",
];

/// Elements that end a paragraph.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "blockquote",
    "pre",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "tr",
    "figcaption",
    "address",
    "details",
    "summary",
    "hr",
    "center",
];

/// Words in a class or id that mark page furniture rather than the article.
const BOILERPLATE_WORDS: &[&str] = &[
    "nav",
    "navbar",
    "navigation",
    "menu",
    "footer",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "share",
    "sharing",
    "sharebar",
    "social",
    "related",
    "newsletter",
    "subscribe",
    "subscription",
    "ad",
    "ads",
    "advert",
    "advertisement",
    "adslot",
    "promo",
    "sidebar",
    "comments",
    "comment",
    "breadcrumb",
    "breadcrumbs",
    "banner",
    "popup",
    "modal",
    "sponsored",
    "outbrain",
    "taboola",
    "recommended",
    "recommendations",
    "recirculation",
    "paywall",
    "byline",
    "dateline",
    "tags",
    "toolbar",
    "skip",
];

/// ARIA roles of page furniture.
const BOILERPLATE_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "dialog",
    "alertdialog",
    "search",
    "menu",
    "menubar",
];

/// schema.org types of an article, best first.
const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "BackgroundNewsArticle",
    "OpinionNewsArticle",
    "ReviewNewsArticle",
    "Article",
    "ScholarlyArticle",
    "Report",
    "BlogPosting",
    "LiveBlogPosting",
    "TechArticle",
    "SocialMediaPosting",
    "WebPage",
];

/// Reads a decoded HTML page: its main text (paragraphs separated by blank lines) and its
/// metadata. `url` is the page's address, when fetched.
pub(crate) fn read(html: &str, url: Option<&str>) -> Result<(String, DocumentMeta), ReadError> {
    let page = Html::parse_document(html);
    let meta = metadata(&page);

    let readable = if depth(&page) <= MAX_READABILITY_DEPTH {
        readability_text(html, url)
    } else {
        None
    };
    let structural = || main_text(&page);
    let text = match readable {
        Some(text) if text.chars().count() >= MIN_READABLE_CHARS => text,
        Some(text) => {
            let fallback = structural();
            if fallback.len() > text.len() {
                fallback
            } else {
                text
            }
        }
        None => structural(),
    };
    let text = without_leading_byline(text);
    if text.is_empty() {
        return Err(ReadError::NoText { what: "HTML page" });
    }
    Ok((text, meta))
}

/// Drops a first paragraph such as "By Jane Reporter and John Stringer": readability keeps
/// bylines whose markup it rewrote, and the author is in the metadata already.
fn without_leading_byline(text: String) -> String {
    let (first, rest) = text.split_once("\n\n").unwrap_or((text.as_str(), ""));
    let is_byline = first.starts_with("By ")
        && !first.contains('\n')
        && first.split_whitespace().count() <= 12
        && !first.ends_with(['.', '!', '?', ':']);
    if is_byline { rest.to_string() } else { text }
}

/// The deepest element nesting in the page.
fn depth(page: &Html) -> usize {
    let (mut current, mut deepest) = (0usize, 0usize);
    for edge in page.root_element().traverse() {
        match edge {
            Edge::Open(node) if node.value().is_element() => {
                current += 1;
                deepest = deepest.max(current);
            }
            Edge::Close(node) if node.value().is_element() => current -= 1,
            _ => {}
        }
    }
    deepest
}

/// The main content as readability (dom_smoothie) finds it, rendered by [`render`]. `None`
/// when it finds nothing; its panics are caught, since the page is untrusted input.
fn readability_text(html: &str, url: Option<&str>) -> Option<String> {
    let url = url.filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let content = catch_unwind(AssertUnwindSafe(|| {
        // Classes are kept so that `render` can still recognise furniture readability left in.
        let config = || dom_smoothie::Config {
            keep_classes: true,
            ..dom_smoothie::Config::default()
        };
        let mut reader = dom_smoothie::Readability::new(html, url, Some(config()))
            .or_else(|_| dom_smoothie::Readability::new(html, None, Some(config())))
            .ok()?;
        reader
            .parse()
            .ok()
            .map(|article| article.content.to_string())
    }))
    .ok()
    .flatten()?;
    let fragment = Html::parse_fragment(&content);
    let text = render(fragment.root_element());
    (!text.is_empty()).then_some(text)
}

/// The text of `<article>`, `<main>` or `<body>` (the first present), without page furniture.
fn main_text(page: &Html) -> String {
    for selector in ["article", "main", "[role=main]", "body"] {
        let Ok(selector) = Selector::parse(selector) else {
            continue;
        };
        // Several <article>s (a list of teasers) are not one article: take the longest.
        let best = page.select(&selector).map(render).max_by_key(String::len);
        if let Some(text) = best.filter(|t| !t.is_empty()) {
            return text;
        }
    }
    render(page.root_element())
}

/// The text under `root`: block elements as paragraphs, `<br>` as a line break, whitespace
/// collapsed, furniture (navigation, share bars, cookie banners, ads...) left out. Iterative,
/// so deeply nested markup cannot overflow the stack.
fn render(root: ElementRef<'_>) -> String {
    let mut out = String::new();
    let mut skipping: Option<ego_tree::NodeId> = None;
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => {
                if skipping.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Text(text) => push_inline(&mut out, text),
                    Node::Element(element) => {
                        let name = element.name();
                        if node.id() != root.id() && (is_furniture(element) || is_dateline(node)) {
                            skipping = Some(node.id());
                        } else if name == "br" {
                            trim_trailing_spaces(&mut out);
                            out.push('\n');
                        } else if BLOCK_TAGS.contains(&name) {
                            paragraph_break(&mut out);
                        } else if matches!(name, "td" | "th") {
                            push_inline(&mut out, " ");
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if skipping == Some(node.id()) {
                    skipping = None;
                } else if skipping.is_none()
                    && let Node::Element(element) = node.value()
                    && BLOCK_TAGS.contains(&element.name())
                {
                    paragraph_break(&mut out);
                }
            }
        }
    }
    crate::decode::tidy_paragraphs(&out)
}

/// A `<time>` standing alone between blocks is the page's dateline (kept in metadata), not
/// a part of a sentence.
fn is_dateline(node: ego_tree::NodeRef<'_, Node>) -> bool {
    let is_time = node
        .value()
        .as_element()
        .is_some_and(|e| e.name() == "time");
    is_time
        && node
            .parent()
            .and_then(|p| p.value().as_element().map(|e| e.name()))
            .is_some_and(|parent| {
                matches!(
                    parent,
                    "article" | "main" | "section" | "div" | "header" | "body"
                )
            })
}

fn is_furniture(element: &scraper::node::Element) -> bool {
    let name = element.name();
    if SKIP_TAGS.contains(&name) {
        return true;
    }
    if element.attr("hidden").is_some() || element.attr("aria-hidden") == Some("true") {
        return true;
    }
    if let Some(style) = element.attr("style") {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if style.contains("display:none") || style.contains("visibility:hidden") {
            return true;
        }
    }
    if element
        .attr("role")
        .is_some_and(|role| BOILERPLATE_ROLES.contains(&role.trim().to_ascii_lowercase().as_str()))
    {
        return true;
    }
    // Words of class names and id: "share-buttons", "cookie_banner", "relatedArticles".
    let names = element.attr("class").into_iter().chain(element.attr("id"));
    names
        .flat_map(|v| v.split(|c: char| c.is_whitespace() || c == '-' || c == '_'))
        .flat_map(split_camel)
        .any(|word| BOILERPLATE_WORDS.contains(&word.to_ascii_lowercase().as_str()))
}

/// "relatedArticles" -> "related", "Articles".
fn split_camel(word: &str) -> impl Iterator<Item = &str> {
    let mut cuts = vec![0];
    let bytes = word.as_bytes();
    for i in 1..bytes.len() {
        if bytes[i].is_ascii_uppercase() && bytes[i - 1].is_ascii_lowercase() {
            cuts.push(i);
        }
    }
    cuts.push(word.len());
    (0..cuts.len() - 1)
        .map(move |i| &word[cuts[i]..cuts[i + 1]])
        .filter(|w| !w.is_empty())
}

/// Appends inline text with HTML's whitespace collapsing.
fn push_inline(out: &mut String, text: &str) {
    for (i, word) in text
        .split(|c: char| c.is_whitespace() && c != '\u{A0}')
        .enumerate()
    {
        if i > 0 && !out.is_empty() && !out.ends_with([' ', '\n']) {
            out.push(' ');
        }
        out.push_str(&word.replace('\u{A0}', " "));
    }
}

fn trim_trailing_spaces(out: &mut String) {
    let kept = out.trim_end_matches(' ').len();
    out.truncate(kept);
}

fn paragraph_break(out: &mut String) {
    trim_trailing_spaces(out);
    if !out.is_empty() && !out.ends_with("\n\n") {
        out.push_str(if out.ends_with('\n') { "\n" } else { "\n\n" });
    }
}

/// What the page says about itself. Sources, best first: JSON-LD, Open Graph and
/// `article:` properties, other `<meta>` names, `itemprop`, `<time>`, `<title>`, `<h1>`.
fn metadata(page: &Html) -> DocumentMeta {
    let tags = meta_tags(page);
    let ld = json_ld(page);
    let tag = |keys: &[&str]| keys.iter().find_map(|k| tags.get(*k).cloned());

    let publisher = ld.publisher.clone().or_else(|| {
        tag(&[
            "og:site_name",
            "publisher",
            "dc.publisher",
            "citation_publisher",
            "application-name",
        ])
    });
    let author = ld.author.clone().or_else(|| {
        tag(&[
            "author",
            "dc.creator",
            "citation_author",
            "parsely-author",
            "sailthru.author",
            "byl",
            "article:author",
        ])
        .filter(|a| !a.starts_with("http"))
        .map(|a| {
            a.trim_start_matches("By ")
                .trim_start_matches("by ")
                .to_string()
        })
    });
    let published = [ld.published.clone()]
        .into_iter()
        .flatten()
        .chain(tag(&[
            "article:published_time",
            "og:published_time",
            "datepublished",
            "date",
            "pubdate",
            "publishdate",
            "publish-date",
            "publish_date",
            "dc.date",
            "dc.date.issued",
            "dcterms.created",
            "dcterms.issued",
            "citation_publication_date",
            "citation_date",
            "sailthru.date",
            "parsely-pub-date",
            "article.published",
        ]))
        .chain(itemprop_date(page))
        .chain(time_element(page))
        .find_map(|d| parse_date(&d));
    let h1 = first_text(page, "h1");
    let title = ld
        .headline
        .clone()
        .or_else(|| tag(&["og:title", "twitter:title", "dc.title", "citation_title"]))
        .or_else(|| {
            first_text(page, "title")
                .map(|t| strip_site_name(&t, publisher.as_deref(), h1.as_deref()))
        })
        .or_else(|| h1.clone());
    DocumentMeta {
        title,
        publisher,
        author,
        published,
        ..DocumentMeta::default()
    }
}

/// `<meta>` values by lower-cased `property`, `name` or `itemprop`; the first of each wins.
fn meta_tags(page: &Html) -> HashMap<String, String> {
    let mut tags = HashMap::new();
    let Ok(selector) = Selector::parse("meta[content]") else {
        return tags;
    };
    for element in page.select(&selector) {
        let value = element.value();
        let Some(content) = value
            .attr("content")
            .map(clean_inline)
            .filter(|c| !c.is_empty())
        else {
            continue;
        };
        for key in ["property", "name", "itemprop"]
            .iter()
            .filter_map(|a| value.attr(a))
        {
            tags.entry(key.trim().to_ascii_lowercase())
                .or_insert_with(|| content.clone());
        }
    }
    tags
}

/// `itemprop="datePublished"` on any element, by its `content` or `datetime`.
fn itemprop_date(page: &Html) -> Option<String> {
    let selector = Selector::parse("[itemprop=datePublished]").ok()?;
    page.select(&selector).find_map(|e| {
        e.value()
            .attr("content")
            .or_else(|| e.value().attr("datetime"))
            .map(str::to_string)
            .or_else(|| Some(clean_inline(&e.text().collect::<String>())))
    })
}

/// The first `<time datetime>` in the article (or `<main>`), else with `pubdate`, else any.
fn time_element(page: &Html) -> Option<String> {
    [
        "article time[datetime]",
        "main time[datetime]",
        "time[pubdate][datetime]",
        "time[datetime]",
    ]
    .iter()
    .filter_map(|s| Selector::parse(s).ok())
    .find_map(|s| {
        page.select(&s)
            .next()
            .and_then(|e| e.value().attr("datetime"))
            .map(str::to_string)
    })
}

fn first_text(page: &Html, selector: &str) -> Option<String> {
    let selector = Selector::parse(selector).ok()?;
    page.select(&selector)
        .map(|e| clean_inline(&e.text().collect::<String>()))
        .find(|t| !t.is_empty())
}

/// "Headline | Site" -> "Headline" when "Site" is the publisher, or when "Headline" is the
/// page's `<h1>`.
fn strip_site_name(title: &str, publisher: Option<&str>, h1: Option<&str>) -> String {
    if let Some(h1) = h1
        && title != h1
        && title.starts_with(h1)
        && [" | ", " - ", " – ", " — ", " :: ", " · "]
            .iter()
            .any(|sep| title[h1.len()..].starts_with(sep))
    {
        return h1.to_string();
    }
    let Some(publisher) = publisher else {
        return title.to_string();
    };
    for separator in [" | ", " - ", " – ", " — ", " :: ", " · "] {
        if let Some((head, tail)) = title.rsplit_once(separator)
            && tail.trim().eq_ignore_ascii_case(publisher.trim())
        {
            return head.trim().to_string();
        }
        if let Some((head, tail)) = title.split_once(separator)
            && head.trim().eq_ignore_ascii_case(publisher.trim())
        {
            return tail.trim().to_string();
        }
    }
    title.to_string()
}

fn clean_inline(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What a JSON-LD article node says.
#[derive(Debug, Default)]
struct LdArticle {
    headline: Option<String>,
    published: Option<String>,
    author: Option<String>,
    publisher: Option<String>,
}

fn json_ld(page: &Html) -> LdArticle {
    let Ok(selector) = Selector::parse("script[type]") else {
        return LdArticle::default();
    };
    let mut nodes: Vec<Value> = Vec::new();
    for script in page.select(&selector) {
        if !script
            .value()
            .attr("type")
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"))
        {
            continue;
        }
        let raw: String = script.text().collect();
        let raw = raw
            .trim()
            .trim_start_matches("<!--")
            .trim_end_matches("-->");
        let raw = raw
            .trim()
            .trim_start_matches("<![CDATA[")
            .trim_end_matches("]]>");
        if let Ok(value) = serde_json::from_str::<Value>(raw) {
            flatten(value, &mut nodes);
        }
    }
    let by_id: HashMap<&str, &Value> = nodes
        .iter()
        .filter_map(|n| Some((n.get("@id")?.as_str()?, n)))
        .collect();
    let Some(article) = ARTICLE_TYPES
        .iter()
        .find_map(|wanted| nodes.iter().find(|n| has_type(n, wanted)))
    else {
        return LdArticle::default();
    };
    let text = |key: &str| article.get(key).and_then(|v| names(v, &by_id));
    LdArticle {
        headline: text("headline").or_else(|| text("name")),
        published: ["datePublished", "dateCreated", "uploadDate"]
            .iter()
            .find_map(|k| article.get(*k).and_then(Value::as_str).map(str::to_string)),
        author: text("author").or_else(|| text("creator")),
        publisher: text("publisher").or_else(|| text("sourceOrganization")),
    }
}

/// Every node of a JSON-LD value: arrays and `@graph`s opened up.
fn flatten(value: Value, nodes: &mut Vec<Value>) {
    match value {
        Value::Array(items) => items.into_iter().for_each(|v| flatten(v, nodes)),
        Value::Object(mut object) => {
            if let Some(graph) = object.remove("@graph") {
                flatten(graph, nodes);
            }
            nodes.push(Value::Object(object));
        }
        _ => {}
    }
}

fn has_type(node: &Value, wanted: &str) -> bool {
    let matches = |t: &Value| {
        t.as_str()
            .is_some_and(|t| t.trim_start_matches("schema:").rsplit('/').next() == Some(wanted))
    };
    match node.get("@type") {
        Some(Value::Array(types)) => types.iter().any(matches),
        Some(t) => matches(t),
        None => false,
    }
}

/// The name(s) a value gives: a string, an object's `name`, an `@id` reference resolved in
/// the graph, or a list of those joined with ", ".
fn names(value: &Value, by_id: &HashMap<&str, &Value>) -> Option<String> {
    let found = match value {
        Value::String(s) => Some(clean_inline(s)).filter(|s| !s.starts_with("http")),
        Value::Array(items) => {
            let all: Vec<String> = items.iter().filter_map(|v| names(v, by_id)).collect();
            Some(all.join(", "))
        }
        Value::Object(object) => match object.get("name") {
            Some(name) if !name.is_object() => names(name, by_id),
            _ => object
                .get("@id")
                .and_then(Value::as_str)
                .and_then(|id| by_id.get(id))
                .filter(|target| !std::ptr::eq(**target, value))
                .and_then(|target| target.get("name"))
                .and_then(|name| names(name, by_id)),
        },
        _ => None,
    };
    found.filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_graph_with_references() {
        let page = Html::parse_document(
            r##"<html><head><script type="application/ld+json">{"@context":"https://schema.org","@graph":[
            {"@type":"Organization","@id":"#org","name":"Example News"},
            {"@type":"Person","@id":"#p1","name":"Jane Reporter"},
            {"@type":["NewsArticle"],"headline":"Blast at Kabul school","datePublished":"2022-04-19T10:00:00+04:30",
             "author":[{"@id":"#p1"},{"@type":"Person","name":"John Stringer"}],"publisher":{"@id":"#org"}}]}
            </script></head><body></body></html>"##,
        );
        let ld = json_ld(&page);
        assert_eq!(ld.headline.as_deref(), Some("Blast at Kabul school"));
        assert_eq!(ld.author.as_deref(), Some("Jane Reporter, John Stringer"));
        assert_eq!(ld.publisher.as_deref(), Some("Example News"));
        assert_eq!(ld.published.as_deref(), Some("2022-04-19T10:00:00+04:30"));
    }

    #[test]
    fn meta_tags_and_title_suffix() {
        let page = Html::parse_document(
            r#"<html><head><title>Attack claimed | The Daily Example</title>
            <meta property="og:site_name" content="The Daily Example">
            <meta name="author" content="By A. Writer"><meta name="dc.date" content="22 March 2024">
            </head><body><p>x</p></body></html>"#,
        );
        let meta = metadata(&page);
        assert_eq!(meta.title.as_deref(), Some("Attack claimed"));
        assert_eq!(meta.publisher.as_deref(), Some("The Daily Example"));
        assert_eq!(meta.author.as_deref(), Some("A. Writer"));
        assert_eq!(meta.published, Some(jiff::civil::date(2024, 3, 22)));
    }

    #[test]
    fn furniture_is_left_out_and_paragraphs_kept() {
        let page = Html::parse_document(
            "<body><nav>Home News</nav><div class='cookie-banner'>We use cookies</div>\
             <p>First  paragraph\n line.</p><div class='shareBar'>Share</div><p>Second<br>line</p>\
             <footer>(c) 2024</footer></body>",
        );
        assert_eq!(main_text(&page), "First paragraph line.\n\nSecond\nline");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = format!(
            "{}deep text{}",
            "<div>".repeat(3_000),
            "</div>".repeat(3_000)
        );
        let (text, _) = read(&html, None).unwrap();
        assert_eq!(text, "deep text");
    }
}

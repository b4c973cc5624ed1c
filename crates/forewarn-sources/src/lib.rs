//! forewarn-sources obtains the raw bytes of the inputs named on the command line — files,
//! directories (walked recursively), standard input and HTTP(S) URLs — safely, as
//! [`RawInput`]s. It does not parse formats: that is `forewarn-documents`' job.
//!
//! "Safely" means bounded and contained: every read has a size limit checked before the bytes
//! are taken in; files that are not regular files (FIFOs, devices) are refused rather than
//! read forever; URL fetches have one deadline for the whole request and cannot reach private,
//! loopback or otherwise non-public addresses (SSRF protection, see [`Fetcher`]) unless the
//! [`FetchPolicy`] allows it.

mod address;
mod error;
mod fetch;
mod local;

use std::fmt;
use std::path::PathBuf;

pub use address::{AddressClass, Embedding, classify, classify_v4, classify_v6, embedded_ipv4};
pub use error::SourceError;
pub use fetch::{FetchPolicy, Fetcher};
pub use forewarn_documents::RawInput;
pub use local::{read_capped, read_file, read_stdin, walk};

/// One input named on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputSpec {
    /// A file or a directory.
    Path(PathBuf),
    /// A URL. Only `http` and `https` are fetched; [`Fetcher::fetch`] refuses other schemes
    /// with a clear error instead of the argument being looked for as a file.
    Url(url::Url),
    /// Standard input (`-`).
    Stdin,
    /// An argument written as a URL (`SCHEME://...`) that does not parse as one. Kept apart so
    /// the caller reports the bad URL rather than "no such file".
    InvalidUrl {
        /// The argument as given.
        arg: String,
        /// The parser's complaint.
        reason: String,
    },
}

impl InputSpec {
    /// Interprets one command-line argument.
    ///
    /// - `-` is standard input.
    /// - `SCHEME://...` with a scheme of two or more letters (`http://`, `https://`, `ftp://`,
    ///   `file://`, ...) is a URL, and so is an argument starting with `data:`, `file:`,
    ///   `javascript:` or `mailto:` (case-insensitive). Non-HTTP URLs are kept as URLs so
    ///   that fetching refuses them by name; a URL that does not parse is
    ///   [`InputSpec::InvalidUrl`].
    /// - Anything else is a path, so `C:\reports` and `notes:2024.txt` stay paths.
    pub fn parse(arg: &str) -> InputSpec {
        if arg == "-" {
            return InputSpec::Stdin;
        }
        if !looks_like_url(arg) {
            return InputSpec::Path(PathBuf::from(arg));
        }
        match url::Url::parse(arg) {
            Ok(url) => InputSpec::Url(url),
            Err(e) => InputSpec::InvalidUrl {
                arg: arg.to_owned(),
                reason: e.to_string(),
            },
        }
    }

    /// Reads or fetches this input. A directory yields every regular file under it (see
    /// [`walk`]), each read with the fetcher's `max_bytes`; a file, standard input or a URL
    /// yields one item. Errors are items too, so one bad file does not stop the others.
    pub fn load<'a>(
        &self,
        fetcher: &'a Fetcher,
    ) -> Box<dyn Iterator<Item = Result<RawInput, SourceError>> + 'a> {
        let max = fetcher.policy().max_bytes;
        match self {
            InputSpec::Stdin => Box::new(std::iter::once(read_stdin(max))),
            InputSpec::Url(url) => Box::new(std::iter::once(fetcher.fetch(url.as_str()))),
            InputSpec::InvalidUrl { arg, reason } => {
                Box::new(std::iter::once(Err(SourceError::InvalidUrl {
                    name: arg.clone(),
                    reason: reason.clone(),
                })))
            }
            InputSpec::Path(path) if path.is_dir() => {
                Box::new(walk(path).map(move |p| p.and_then(|p| read_file(&p, max))))
            }
            InputSpec::Path(path) => Box::new(std::iter::once(read_file(path, max))),
        }
    }
}

impl fmt::Display for InputSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputSpec::Path(p) => write!(f, "{}", p.display()),
            InputSpec::Url(u) => write!(f, "{u}"),
            InputSpec::Stdin => f.write_str("stdin"),
            InputSpec::InvalidUrl { arg, .. } => f.write_str(arg),
        }
    }
}

/// Whether an argument is written as a URL rather than a path.
fn looks_like_url(arg: &str) -> bool {
    if let Some((scheme, _)) = arg.split_once("://") {
        let mut chars = scheme.chars();
        let starts_with_letter = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
        // One-letter "schemes" are Windows drive letters.
        return starts_with_letter
            && scheme.len() >= 2
            && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    }
    let lower = arg.get(..11).unwrap_or(arg).to_ascii_lowercase();
    ["data:", "file:", "javascript:", "mailto:"]
        .iter()
        .any(|p| lower.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_are_classified() {
        assert_eq!(InputSpec::parse("-"), InputSpec::Stdin);
        assert_eq!(
            InputSpec::parse("reports/2024.html"),
            InputSpec::Path(PathBuf::from("reports/2024.html"))
        );
        assert_eq!(
            InputSpec::parse(r"C:\reports\un.pdf"),
            InputSpec::Path(PathBuf::from(r"C:\reports\un.pdf"))
        );
        assert_eq!(
            InputSpec::parse("notes:2024.txt"),
            InputSpec::Path(PathBuf::from("notes:2024.txt"))
        );
        assert_eq!(InputSpec::parse("--"), InputSpec::Path(PathBuf::from("--")));
        for url in [
            "https://news.example/a?b=c",
            "HTTP://NEWS.EXAMPLE/",
            "ftp://files.example/x",
            "file:///etc/passwd",
            "gopher://old.example/",
            "data:text/plain,hello",
            "FILE:/etc/passwd",
        ] {
            assert!(
                matches!(InputSpec::parse(url), InputSpec::Url(_)),
                "{url} should be a URL"
            );
        }
        assert!(matches!(
            InputSpec::parse("http://exa mple.com/"),
            InputSpec::InvalidUrl { .. }
        ));
        assert!(matches!(
            InputSpec::parse("https://"),
            InputSpec::InvalidUrl { .. }
        ));
    }

    #[test]
    fn display_gives_the_input_back() {
        assert_eq!(InputSpec::parse("-").to_string(), "stdin");
        assert_eq!(InputSpec::parse("a/b.txt").to_string(), "a/b.txt");
        assert_eq!(
            InputSpec::parse("https://news.example").to_string(),
            "https://news.example/"
        );
    }
}

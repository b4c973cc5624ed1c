//! The one error type of the crate, and the small formatters its messages use.

use std::time::Duration;

/// Why an input could not be obtained.
///
/// Every message is one line that starts with the input's name (the path, the URL as given, or
/// `stdin`) followed by the reason, e.g. `/a/b: no such file` or
/// `https://x/y: refused: resolves to 127.0.0.1, a loopback address (use --allow-private)`.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The path does not exist.
    #[error("{name}: no such file")]
    NoSuchFile {
        /// The path as given.
        name: String,
    },
    /// The path exists but is a directory, FIFO, socket or device.
    #[error("{name}: not a regular file ({kind})")]
    NotRegularFile {
        /// The path as given.
        name: String,
        /// What it is instead, e.g. `a directory`, `a FIFO`.
        kind: &'static str,
    },
    /// The input is bigger than the size limit.
    #[error("{name}: larger than the {} limit", human_bytes(*.limit))]
    TooLarge {
        /// The input's name.
        name: String,
        /// The limit in bytes.
        limit: u64,
    },
    /// Reading a file, a directory entry or standard input failed.
    #[error("{name}: {reason}")]
    Io {
        /// The input's name.
        name: String,
        /// What went wrong, e.g. `permission denied`.
        reason: String,
    },
    /// The argument looked like a URL but could not be parsed as one.
    #[error("{name}: not a valid URL: {reason}")]
    InvalidUrl {
        /// The argument as given.
        name: String,
        /// The parser's complaint.
        reason: String,
    },
    /// The fetch was refused before any connection: a forbidden scheme, host or address,
    /// on the first request or on a redirect.
    #[error("{name}: refused: {reason}")]
    Refused {
        /// The URL as given.
        name: String,
        /// Why, naming the offending URL or address.
        reason: String,
    },
    /// The host name could not be resolved.
    #[error("{name}: cannot resolve {host}: {reason}")]
    Dns {
        /// The URL as given.
        name: String,
        /// The host that did not resolve.
        host: String,
        /// The resolver's complaint.
        reason: String,
    },
    /// No connection could be made (refused, unreachable, TLS handshake failed, ...).
    #[error("{name}: cannot connect: {reason}")]
    Connect {
        /// The URL as given.
        name: String,
        /// The cause.
        reason: String,
    },
    /// The whole request, body included, took longer than the policy allows.
    #[error("{name}: timed out after {}", human_duration(*.after))]
    TimedOut {
        /// The URL as given.
        name: String,
        /// The timeout that was exceeded.
        after: Duration,
    },
    /// The server answered with a status other than 2xx.
    #[error("{name}: HTTP {status}")]
    Status {
        /// The URL as given.
        name: String,
        /// Code and reason phrase, e.g. `404 Not Found`.
        status: String,
    },
    /// A redirect chain was longer than the policy allows.
    #[error("{name}: too many redirects (more than {max})")]
    TooManyRedirects {
        /// The URL as given.
        name: String,
        /// The policy's limit.
        max: usize,
    },
    /// Any other HTTP failure (malformed response, connection reset mid-body, ...).
    #[error("{name}: {reason}")]
    Http {
        /// The URL as given.
        name: String,
        /// The cause, as a chain of messages.
        reason: String,
    },
    /// The fetch policy itself is unusable (a malformed `allow_hosts` entry, a client that
    /// cannot be built, a fetch started from inside an async runtime).
    #[error("fetcher: {reason}")]
    Setup {
        /// What is wrong.
        reason: String,
    },
}

/// `64 MiB`, `512 KiB`, `1000 bytes`: exact, so the limit in a message is the limit set.
pub(crate) fn human_bytes(n: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * KIB;
    const GIB: u64 = 1024 * MIB;
    match n {
        0 => "0 bytes".to_owned(),
        n if n.is_multiple_of(GIB) => format!("{} GiB", n / GIB),
        n if n.is_multiple_of(MIB) => format!("{} MiB", n / MIB),
        n if n.is_multiple_of(KIB) => format!("{} KiB", n / KIB),
        1 => "1 byte".to_owned(),
        n => format!("{n} bytes"),
    }
}

/// `30 s`, `250 ms`, `1.5 s`.
pub(crate) fn human_duration(d: Duration) -> String {
    let ms = d.as_millis();
    if ms.is_multiple_of(1000) {
        format!("{} s", ms / 1000)
    } else if ms < 1000 {
        format!("{ms} ms")
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_exact() {
        assert_eq!(human_bytes(64 * 1024 * 1024), "64 MiB");
        assert_eq!(human_bytes(1024 * 1024 * 1024), "1 GiB");
        assert_eq!(human_bytes(512 * 1024), "512 KiB");
        assert_eq!(human_bytes(1000), "1000 bytes");
        assert_eq!(human_bytes(1), "1 byte");
        assert_eq!(human_bytes(0), "0 bytes");
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(human_duration(Duration::from_secs(30)), "30 s");
        assert_eq!(human_duration(Duration::from_millis(250)), "250 ms");
        assert_eq!(human_duration(Duration::from_millis(1500)), "1.5 s");
    }

    #[test]
    fn messages_name_input_and_reason() {
        let e = SourceError::TimedOut {
            name: "https://x/y".into(),
            after: Duration::from_secs(30),
        };
        assert_eq!(e.to_string(), "https://x/y: timed out after 30 s");
        let e = SourceError::TooLarge {
            name: "https://x/y".into(),
            limit: 64 * 1024 * 1024,
        };
        assert_eq!(e.to_string(), "https://x/y: larger than the 64 MiB limit");
        let e = SourceError::Status {
            name: "https://x/y".into(),
            status: "404 Not Found".into(),
        };
        assert_eq!(e.to_string(), "https://x/y: HTTP 404 Not Found");
        let e = SourceError::TooManyRedirects {
            name: "https://x/y".into(),
            max: 5,
        };
        assert_eq!(
            e.to_string(),
            "https://x/y: too many redirects (more than 5)"
        );
    }
}

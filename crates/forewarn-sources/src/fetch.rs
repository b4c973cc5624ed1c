//! Fetching HTTP(S) URLs with SSRF protection.
//!
//! Three checks stand between a URL and a connection to a private address:
//! 1. before the request, the URL itself: scheme, `localhost`, literal IP addresses in any
//!    form the URL parser accepts (`2130706433`, `0x7f.1`, `[::ffff:127.0.0.1]`);
//! 2. every redirect hop gets the same check from a custom redirect policy, which also bounds
//!    the number of hops;
//! 3. host names are resolved by a custom resolver that drops every non-public address, so
//!    the connection can only go to an address that was checked (the address checked is the
//!    address dialled: no DNS-rebinding window).
//!
//! Proxies are disabled: a proxy would resolve the name itself, beyond these checks.

use std::error::Error as StdError;
use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use forewarn_documents::RawInput;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use url::{Host, Url};

use crate::address::refusal_phrase;
use crate::error::SourceError;

/// Limits and exemptions for fetching.
#[derive(Debug, Clone)]
pub struct FetchPolicy {
    /// Deadline for the whole request: resolving, connecting, redirects and the body.
    pub timeout: Duration,
    /// Largest body accepted, in bytes.
    pub max_bytes: u64,
    /// Most redirects followed for one fetch.
    pub max_redirects: usize,
    /// Allow every address, private ones included (the `--allow-private` switch).
    pub allow_private: bool,
    /// Hosts exempt from the private-address rule, e.g. an intranet feed: `host` (any port) or
    /// `host:port` (that port only; the host is then refused on other ports). IPv6 literals
    /// are written bare (`fd00::1`) or bracketed (`[fd00::1]:8080`).
    pub allow_hosts: Vec<String>,
    /// The `User-Agent` header sent.
    pub user_agent: String,
}

impl Default for FetchPolicy {
    fn default() -> Self {
        FetchPolicy {
            timeout: Duration::from_secs(30),
            max_bytes: 64 * 1024 * 1024,
            max_redirects: 5,
            allow_private: false,
            allow_hosts: Vec::new(),
            user_agent: concat!("forewarn/", env!("CARGO_PKG_VERSION")).to_owned(),
        }
    }
}

/// One parsed `allow_hosts` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
struct AllowedHost {
    /// Lower-case name without a trailing dot, or an IP address in canonical form.
    host: String,
    port: Option<u16>,
}

impl AllowedHost {
    fn parse(entry: &str) -> Result<AllowedHost, String> {
        let entry = entry.trim();
        let bad = |why: &str| format!("allow_hosts entry {entry:?}: {why}");
        if entry.is_empty() {
            return Err(bad("empty"));
        }
        let (host, port) = if let Some(rest) = entry.strip_prefix('[') {
            let (inside, after) = rest.split_once(']').ok_or_else(|| bad("missing ']'"))?;
            let port = match after {
                "" => None,
                p => Some(p.strip_prefix(':').ok_or_else(|| bad("expected ':PORT'"))?),
            };
            (inside, port)
        } else if entry.matches(':').count() == 1 {
            let (h, p) = entry.split_once(':').unwrap_or((entry, ""));
            (h, Some(p))
        } else {
            // No colon, or a bare IPv6 address.
            (entry, None)
        };
        let port = match port {
            None => None,
            Some(p) => Some(
                p.parse::<u16>()
                    .map_err(|_| bad("the port is not a number"))?,
            ),
        };
        if host.is_empty() {
            return Err(bad("no host"));
        }
        Ok(AllowedHost {
            host: canonical_host(host),
            port,
        })
    }
}

/// The form hosts are compared in: IP addresses canonical, names lower-case without the
/// trailing dot.
fn canonical_host(host: &str) -> String {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    match bare.parse::<IpAddr>() {
        Ok(ip) => ip.to_string(),
        Err(_) => bare.trim_end_matches('.').to_ascii_lowercase(),
    }
}

fn is_localhost_name(host: &str) -> bool {
    host == "localhost" || host.ends_with(".localhost")
}

/// The host rules shared by the URL check, the redirect policy and the resolver.
#[derive(Debug)]
struct Rules {
    allow_private: bool,
    allow_hosts: Vec<AllowedHost>,
    max_redirects: usize,
}

/// How a URL's host stands against `allow_hosts`.
enum Exemption {
    /// Exempt for this port.
    Exempt,
    /// Listed, but only for other ports.
    OtherPortsOnly(Vec<u16>),
    /// Not listed.
    None,
}

impl Rules {
    fn exemption(&self, host: &str, port: u16) -> Exemption {
        let mut other_ports = Vec::new();
        for a in self.allow_hosts.iter().filter(|a| a.host == host) {
            match a.port {
                None => return Exemption::Exempt,
                Some(p) if p == port => return Exemption::Exempt,
                Some(p) => other_ports.push(p),
            }
        }
        if other_ports.is_empty() {
            Exemption::None
        } else {
            Exemption::OtherPortsOnly(other_ports)
        }
    }

    /// Whether the resolver should pass every address of `host`: it cannot see the port, so
    /// any listing counts here and [`Rules::check_url`] enforces the port.
    fn resolver_exempt(&self, host: &str) -> bool {
        self.allow_private || self.allow_hosts.iter().any(|a| a.host == host)
    }

    /// Checks a URL's scheme and host; names are checked again, address by address, when
    /// they are resolved. The `Err` is the reason, without the input's name.
    fn check_url(&self, url: &Url) -> Result<(), String> {
        match url.scheme() {
            "http" | "https" => {}
            other => {
                return Err(format!(
                    "only http and https URLs are fetched, not {other}:"
                ));
            }
        }
        let Some(host) = url.host() else {
            return Err("the URL has no host".to_owned());
        };
        if self.allow_private {
            return Ok(());
        }
        let port = url.port_or_known_default().unwrap_or(0);
        let (key, ip) = match host {
            Host::Domain(d) => (canonical_host(d), None),
            Host::Ipv4(v4) => (v4.to_string(), Some(IpAddr::V4(v4))),
            Host::Ipv6(v6) => (v6.to_string(), Some(IpAddr::V6(v6))),
        };
        let other_ports = match self.exemption(&key, port) {
            Exemption::Exempt => return Ok(()),
            Exemption::OtherPortsOnly(ports) => ports,
            Exemption::None => Vec::new(),
        };
        if let Some(ip) = ip {
            // A literal address is judged on its own: listing it for another port does not
            // make it worse than any other address.
            if let Some(why) = refusal_phrase(ip) {
                return Err(format!("{why} (use --allow-private)"));
            }
        } else if is_localhost_name(&key) {
            return Err(format!(
                "{key} names this machine, a loopback address (use --allow-private)"
            ));
        } else if !other_ports.is_empty() {
            // The resolver cannot see ports and passes every address of a listed name, so a
            // name listed with a port is refused on the others.
            let ports: Vec<String> = other_ports.iter().map(u16::to_string).collect();
            return Err(format!(
                "{key} is allowed only on port {}, not {port}",
                ports.join(", ")
            ));
        }
        Ok(())
    }

    /// Keeps the public addresses of `host`; refuses when none is left.
    fn filter_resolved(
        &self,
        host: &str,
        addrs: Vec<SocketAddr>,
    ) -> Result<Vec<SocketAddr>, Blocked> {
        if self.resolver_exempt(host) {
            return Ok(addrs);
        }
        let mut kept = Vec::with_capacity(addrs.len());
        let mut first_refused = None;
        for a in addrs {
            match refusal_phrase(a.ip()) {
                None => kept.push(a),
                Some(why) => {
                    first_refused.get_or_insert(why);
                }
            }
        }
        if kept.is_empty() {
            let reason = match first_refused {
                Some(why) => format!("{host} resolves to {why} (use --allow-private)"),
                None => format!("{host} resolves to no address"),
            };
            return Err(Blocked::Refused(reason));
        }
        Ok(kept)
    }
}

/// Errors raised inside reqwest by our resolver and redirect policy, found again in the error
/// chain to give a precise [`SourceError`].
#[derive(Debug)]
enum Blocked {
    /// A host or address rule said no.
    Refused(String),
    /// The host name did not resolve.
    Dns { host: String, reason: String },
    /// The redirect chain is too long.
    TooManyRedirects,
}

impl fmt::Display for Blocked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Blocked::Refused(r) => write!(f, "refused: {r}"),
            Blocked::Dns { host, reason } => write!(f, "cannot resolve {host}: {reason}"),
            Blocked::TooManyRedirects => f.write_str("too many redirects"),
        }
    }
}

impl StdError for Blocked {}

/// Resolves names with the system resolver and drops non-public addresses.
struct GuardedResolver {
    rules: Arc<Rules>,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let rules = Arc::clone(&self.rules);
        let host = canonical_host(name.as_str());
        Box::pin(async move {
            if !rules.allow_private && is_localhost_name(&host) && !rules.resolver_exempt(&host) {
                return Err(Blocked::Refused(format!(
                    "{host} names this machine, a loopback address (use --allow-private)"
                ))
                .into());
            }
            // getaddrinfo runs on tokio's blocking pool, so the request deadline still holds.
            let found = tokio::net::lookup_host(format!("{host}:0"))
                .await
                .map_err(|e| Blocked::Dns {
                    host: host.clone(),
                    reason: e.to_string(),
                })?;
            let kept = rules.filter_resolved(&host, found.collect())?;
            let addrs: Addrs = Box::new(kept.into_iter());
            Ok(addrs)
        })
    }
}

/// A blocking HTTP(S) fetcher that only connects where its [`FetchPolicy`] allows.
///
/// It runs reqwest's async client on a private single-thread runtime, so `fetch` must not
/// be called from inside an async runtime (it returns an error if it is).
pub struct Fetcher {
    policy: FetchPolicy,
    rules: Arc<Rules>,
    client: reqwest::Client,
    runtime: tokio::runtime::Runtime,
}

impl fmt::Debug for Fetcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Fetcher")
            .field("policy", &self.policy)
            .finish()
    }
}

impl Fetcher {
    /// Builds a fetcher; fails on a malformed `allow_hosts` entry or if no TLS setup can be
    /// made.
    pub fn new(policy: FetchPolicy) -> Result<Fetcher, SourceError> {
        let allow_hosts = policy
            .allow_hosts
            .iter()
            .map(|e| AllowedHost::parse(e))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|reason| SourceError::Setup { reason })?;
        let rules = Arc::new(Rules {
            allow_private: policy.allow_private,
            allow_hosts,
            max_redirects: policy.max_redirects,
        });

        let redirect_rules = Arc::clone(&rules);
        let redirect = reqwest::redirect::Policy::custom(move |attempt| {
            // `previous` holds the URLs already requested, the first one included.
            if attempt.previous().len() > redirect_rules.max_redirects {
                return attempt.error(Blocked::TooManyRedirects);
            }
            match redirect_rules.check_url(attempt.url()) {
                Ok(()) => attempt.follow(),
                Err(why) => {
                    let target = attempt.url().to_string();
                    attempt.error(Blocked::Refused(format!("redirect to {target}: {why}")))
                }
            }
        });

        let client = reqwest::Client::builder()
            .user_agent(policy.user_agent.clone())
            .redirect(redirect)
            .dns_resolver(Arc::new(GuardedResolver {
                rules: Arc::clone(&rules),
            }))
            .no_proxy()
            .referer(false)
            .tls_backend_preconfigured(tls_config()?)
            .build()
            .map_err(|e| SourceError::Setup {
                reason: format!("cannot build the HTTP client: {}", error_chain(&e)),
            })?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| SourceError::Setup {
                reason: format!("cannot start the I/O runtime: {e}"),
            })?;
        Ok(Fetcher {
            policy,
            rules,
            client,
            runtime,
        })
    }

    /// The policy this fetcher applies.
    pub fn policy(&self) -> &FetchPolicy {
        &self.policy
    }

    /// Parses `url` and applies the scheme and host rules without any network access (host
    /// names are checked again when resolved). Returns the parsed URL.
    pub fn check_url(&self, url: &str) -> Result<Url, SourceError> {
        let parsed = Url::parse(url).map_err(|e| SourceError::InvalidUrl {
            name: url.to_owned(),
            reason: e.to_string(),
        })?;
        self.rules
            .check_url(&parsed)
            .map_err(|reason| SourceError::Refused {
                name: url.to_owned(),
                reason,
            })?;
        Ok(parsed)
    }

    /// Fetches `url` with a GET, following allowed redirects.
    ///
    /// The returned input is named by `url` as given, carries the final URL after redirects
    /// and the declared `Content-Type`. Non-2xx statuses, bodies over `max_bytes` (refused
    /// from `Content-Length` before reading, or as soon as the streamed body passes the
    /// limit) and requests over `timeout` are errors.
    pub fn fetch(&self, url: &str) -> Result<RawInput, SourceError> {
        let parsed = self.check_url(url)?;
        if tokio::runtime::Handle::try_current().is_ok() {
            return Err(SourceError::Setup {
                reason: "Fetcher::fetch is blocking and cannot run inside an async runtime"
                    .to_owned(),
            });
        }
        let timeout = self.policy.timeout;
        self.runtime.block_on(async {
            match tokio::time::timeout(timeout, self.fetch_async(url, parsed)).await {
                Ok(result) => result,
                Err(_) => Err(SourceError::TimedOut {
                    name: url.to_owned(),
                    after: timeout,
                }),
            }
        })
    }

    async fn fetch_async(&self, name: &str, url: Url) -> Result<RawInput, SourceError> {
        let max = self.policy.max_bytes;
        let too_large = || SourceError::TooLarge {
            name: name.to_owned(),
            limit: max,
        };
        let mut response = self
            .client
            .get(url)
            .send()
            .await
            .map_err(|e| self.map_error(name, &e))?;
        let status = response.status();
        if status.is_redirection() {
            // reqwest hands back, unfollowed, a redirect it cannot follow (another scheme, a
            // malformed Location): say where it pointed.
            if let Some(reason) = unfollowed_redirect(&response, &self.rules) {
                return Err(SourceError::Refused {
                    name: name.to_owned(),
                    reason,
                });
            }
        }
        if !status.is_success() {
            return Err(SourceError::Status {
                name: name.to_owned(),
                status: match status.canonical_reason() {
                    Some(reason) => format!("{} {reason}", status.as_u16()),
                    None => status.as_u16().to_string(),
                },
            });
        }
        if response.content_length().is_some_and(|n| n > max) {
            return Err(too_large());
        }
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let final_url = response.url().to_string();

        let initial = response.content_length().unwrap_or(0).min(max);
        let mut bytes = Vec::with_capacity(usize::try_from(initial).unwrap_or(0));
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| self.map_error(name, &e))?
        {
            if (bytes.len() + chunk.len()) as u64 > max {
                return Err(too_large());
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(RawInput {
            name: name.to_owned(),
            bytes,
            content_type,
            url: Some(final_url),
        })
    }

    /// Turns a reqwest error into the most precise [`SourceError`] its cause chain allows.
    fn map_error(&self, name: &str, err: &reqwest::Error) -> SourceError {
        let name = name.to_owned();
        let mut cause: Option<&(dyn StdError + 'static)> = Some(err);
        let mut io_kind = None;
        while let Some(c) = cause {
            if let Some(b) = c.downcast_ref::<Blocked>() {
                return match b {
                    Blocked::Refused(reason) => SourceError::Refused {
                        name,
                        reason: reason.clone(),
                    },
                    Blocked::Dns { host, reason } => SourceError::Dns {
                        name,
                        host: host.clone(),
                        reason: reason.clone(),
                    },
                    Blocked::TooManyRedirects => SourceError::TooManyRedirects {
                        name,
                        max: self.policy.max_redirects,
                    },
                };
            }
            if let Some(io) = c.downcast_ref::<std::io::Error>() {
                io_kind.get_or_insert(io.kind());
            }
            cause = c.source();
        }
        if err.is_timeout() {
            return SourceError::TimedOut {
                name,
                after: self.policy.timeout,
            };
        }
        if err.is_connect() {
            use std::io::ErrorKind as K;
            let reason = match io_kind {
                Some(
                    k @ (K::ConnectionRefused
                    | K::ConnectionReset
                    | K::HostUnreachable
                    | K::NetworkUnreachable
                    | K::AddrNotAvailable
                    | K::TimedOut),
                ) => k.to_string(),
                // The innermost cause says it best ("invalid peer certificate: ..."); the
                // outer ones restate the URL.
                _ => innermost(err).to_string(),
            };
            return SourceError::Connect { name, reason };
        }
        SourceError::Http {
            name,
            reason: match err.source() {
                Some(cause) => error_chain(cause),
                None => err.to_string(),
            },
        }
    }
}

/// Why a redirect response was not followed, if its `Location` says.
fn unfollowed_redirect(response: &reqwest::Response, rules: &Rules) -> Option<String> {
    let location = response
        .headers()
        .get(reqwest::header::LOCATION)?
        .to_str()
        .ok()?;
    let reason = match response.url().join(location) {
        Ok(target) => match rules.check_url(&target) {
            Err(why) => why,
            Ok(()) => return None,
        },
        Err(e) => format!("not a valid URL: {e}"),
    };
    Some(format!("redirect to {location}: {reason}"))
}

/// The deepest cause of an error.
fn innermost<'a>(err: &'a (dyn StdError + 'static)) -> &'a (dyn StdError + 'static) {
    let mut last = err;
    while let Some(next) = last.source() {
        last = next;
    }
    last
}

/// The messages of an error and its causes, joined by `: `, skipping repeats (reqwest and
/// hyper often restate their cause in their own message).
fn error_chain(err: &(dyn StdError + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut cause = Some(err);
    while let Some(c) = cause {
        let msg = c.to_string();
        if !parts.iter().any(|p| p.contains(&msg)) {
            parts.push(msg);
        }
        cause = c.source();
    }
    parts.join(": ")
}

/// TLS with the ring provider (no aws-lc C build), trusting the system's roots through the
/// platform verifier, or Mozilla's bundled roots when the system has none.
fn tls_config() -> Result<rustls::ClientConfig, SourceError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let setup = |e: rustls::Error| SourceError::Setup {
        reason: format!("cannot set up TLS: {e}"),
    };
    let builder = rustls::ClientConfig::builder_with_provider(Arc::clone(&provider))
        .with_protocol_versions(rustls::DEFAULT_VERSIONS)
        .map_err(setup)?;
    let mut config = match rustls_platform_verifier::Verifier::new(Arc::clone(&provider)) {
        Ok(verifier) => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(verifier))
            .with_no_client_auth(),
        Err(_) => {
            let roots = rustls::RootCertStore {
                roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
            };
            builder.with_root_certificates(roots).with_no_client_auth()
        }
    };
    // The client is built without HTTP/2, so offer only HTTP/1.1.
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allow_host_entries_parse() {
        let p = |s: &str| AllowedHost::parse(s).unwrap();
        assert_eq!(
            p("Intranet.Example."),
            AllowedHost {
                host: "intranet.example".into(),
                port: None
            }
        );
        assert_eq!(
            p("127.0.0.1:8080"),
            AllowedHost {
                host: "127.0.0.1".into(),
                port: Some(8080)
            }
        );
        assert_eq!(
            p("[FD00::1]:443"),
            AllowedHost {
                host: "fd00::1".into(),
                port: Some(443)
            }
        );
        assert_eq!(
            p("fd00:0::1"),
            AllowedHost {
                host: "fd00::1".into(),
                port: None
            }
        );
        assert!(AllowedHost::parse("host:http").is_err());
        assert!(AllowedHost::parse("").is_err());
        assert!(AllowedHost::parse("[fd00::1").is_err());
        assert!(AllowedHost::parse(":80").is_err());
    }

    /// Runs the guarded resolver on `host`. Only numeric names are used: getaddrinfo turns
    /// them into addresses itself, with no DNS query.
    fn resolve(rules: Rules, host: &str) -> Result<Vec<SocketAddr>, String> {
        let resolver = GuardedResolver {
            rules: Arc::new(rules),
        };
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let name: Name = host.parse().unwrap();
        rt.block_on(resolver.resolve(name))
            .map(Iterator::collect)
            .map_err(|e| e.to_string())
    }

    fn default_rules() -> Rules {
        Rules {
            allow_private: false,
            allow_hosts: Vec::new(),
            max_redirects: 5,
        }
    }

    #[test]
    fn the_resolver_refuses_what_the_system_resolver_turns_into_loopback() {
        // Forms the URL parser would normalise, reaching the resolver directly: the address
        // filter still catches them.
        for host in ["127.0.0.1", "2130706433", "0x7f.1", "127.1"] {
            let err = resolve(default_rules(), host).unwrap_err();
            assert_eq!(
                err,
                format!(
                    "refused: {host} resolves to 127.0.0.1, a loopback address (use --allow-private)"
                )
            );
        }
        let err = resolve(default_rules(), "localhost").unwrap_err();
        assert!(err.contains("localhost names this machine"), "{err}");
    }

    #[test]
    fn the_resolver_passes_listed_hosts_and_public_addresses() {
        let rules = Rules {
            allow_hosts: vec![AllowedHost::parse("127.0.0.1:8080").unwrap()],
            ..default_rules()
        };
        let addrs = resolve(rules, "127.0.0.1").unwrap();
        assert_eq!(addrs, vec!["127.0.0.1:0".parse::<SocketAddr>().unwrap()]);
        let addrs = resolve(default_rules(), "93.184.215.14").unwrap();
        assert_eq!(
            addrs,
            vec!["93.184.215.14:0".parse::<SocketAddr>().unwrap()]
        );
    }

    #[test]
    fn resolved_addresses_are_filtered() {
        let rules = Rules {
            allow_private: false,
            allow_hosts: vec![AllowedHost::parse("intranet:8080").unwrap()],
            max_redirects: 5,
        };
        let sa = |s: &str| s.parse::<SocketAddr>().unwrap();
        // Mixed answers keep only the public addresses.
        let kept = rules
            .filter_resolved(
                "news.example",
                vec![sa("10.0.0.1:0"), sa("93.184.215.14:0")],
            )
            .unwrap();
        assert_eq!(kept, vec![sa("93.184.215.14:0")]);
        // All private: refused, naming the first address.
        let err = rules
            .filter_resolved("evil.example", vec![sa("127.0.0.1:0"), sa("[::1]:0")])
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "refused: evil.example resolves to 127.0.0.1, a loopback address (use --allow-private)"
        );
        // A listed host keeps its private addresses.
        let kept = rules
            .filter_resolved("intranet", vec![sa("10.1.1.1:0")])
            .unwrap();
        assert_eq!(kept, vec![sa("10.1.1.1:0")]);
    }
}

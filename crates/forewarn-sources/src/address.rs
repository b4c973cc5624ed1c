//! Which IP addresses a fetch may connect to.
//!
//! The classifier is an allow-list at heart: an IPv6 address is public only inside the global
//! unicast block 2000::/3 and outside its special-purpose carve-outs; IPv4 follows the IANA
//! special-purpose registry. IPv6 forms that carry an IPv4 address (mapped, compatible,
//! NAT64, 6to4) are judged by the address they carry, so `[::ffff:127.0.0.1]` is loopback.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// What kind of address an IP is, as far as fetching is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AddressClass {
    /// Globally routable: may be fetched.
    Public,
    /// `0.0.0.0` or `::`.
    Unspecified,
    /// `0.0.0.0/8` other than `0.0.0.0` ("this network").
    ThisNetwork,
    /// `127.0.0.0/8`, `::1`.
    Loopback,
    /// RFC 1918 (`10/8`, `172.16/12`, `192.168/16`) and local-use NAT64 `64:ff9b:1::/48`.
    Private,
    /// Carrier-grade NAT, `100.64.0.0/10`.
    SharedCgnat,
    /// `169.254.0.0/16`, `fe80::/10`.
    LinkLocal,
    /// `fc00::/7`.
    UniqueLocal,
    /// The deprecated `fec0::/10`.
    SiteLocal,
    /// `224.0.0.0/4`, `ff00::/8`.
    Multicast,
    /// `255.255.255.255`.
    Broadcast,
    /// `192.0.2/24`, `198.51.100/24`, `203.0.113/24`, `2001:db8::/32`, `3fff::/20`.
    Documentation,
    /// `198.18.0.0/15`, `2001:2::/48`.
    Benchmarking,
    /// Anything else that is not globally routable: `240/4`, `192.0.0/24`, `192.88.99/24`,
    /// IPv6 outside `2000::/3`, `2001::/23`, `5f00::/16`, IPv4-compatible IPv6 of a public
    /// address.
    Reserved,
}

impl AddressClass {
    /// Whether an address of this class may be fetched without `allow_private`.
    pub fn is_public(self) -> bool {
        self == AddressClass::Public
    }
}

impl fmt::Display for AddressClass {
    /// A noun phrase with its article, to follow "127.0.0.1 is".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AddressClass::Public => "a public address",
            AddressClass::Unspecified => "an unspecified address",
            AddressClass::ThisNetwork => "a 'this network' address (0.0.0.0/8)",
            AddressClass::Loopback => "a loopback address",
            AddressClass::Private => "a private address",
            AddressClass::SharedCgnat => "a carrier-grade NAT address (100.64.0.0/10)",
            AddressClass::LinkLocal => "a link-local address",
            AddressClass::UniqueLocal => "a unique-local address",
            AddressClass::SiteLocal => "a site-local address",
            AddressClass::Multicast => "a multicast address",
            AddressClass::Broadcast => "a broadcast address",
            AddressClass::Documentation => "a documentation address",
            AddressClass::Benchmarking => "a benchmarking address",
            AddressClass::Reserved => "a reserved address",
        })
    }
}

/// How an IPv6 address carries an IPv4 one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Embedding {
    /// `::ffff:a.b.c.d`.
    Mapped,
    /// The deprecated `::a.b.c.d`.
    Compatible,
    /// `64:ff9b::a.b.c.d` (RFC 6052 well-known prefix).
    Nat64,
    /// `2002:aabb:ccdd::/48` (6to4).
    SixToFour,
}

/// The IPv4 address an IPv6 address stands for, if it is one of the forms that reach an IPv4
/// host (so that hiding 127.0.0.1 inside IPv6 does not get past the check).
pub fn embedded_ipv4(ip: Ipv6Addr) -> Option<(Embedding, Ipv4Addr)> {
    let s = ip.segments();
    let o = ip.octets();
    let low = Ipv4Addr::new(o[12], o[13], o[14], o[15]);
    if s[..5] == [0; 5] && s[5] == 0xffff {
        Some((Embedding::Mapped, low))
    } else if s[..6] == [0; 6] && !ip.is_unspecified() && !ip.is_loopback() {
        Some((Embedding::Compatible, low))
    } else if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        Some((Embedding::Nat64, low))
    } else if s[0] == 0x2002 {
        Some((Embedding::SixToFour, Ipv4Addr::new(o[2], o[3], o[4], o[5])))
    } else {
        None
    }
}

/// Classifies an address of either family.
pub fn classify(ip: IpAddr) -> AddressClass {
    match ip {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => classify_v6(v6),
    }
}

/// Classifies an IPv4 address by the IANA special-purpose registry.
pub fn classify_v4(ip: Ipv4Addr) -> AddressClass {
    let [a, b, c, _] = ip.octets();
    match (a, b, c) {
        _ if ip.is_unspecified() => AddressClass::Unspecified,
        (0, _, _) => AddressClass::ThisNetwork,
        (10, _, _) => AddressClass::Private,
        (172, 16..=31, _) => AddressClass::Private,
        (192, 168, _) => AddressClass::Private,
        (100, 64..=127, _) => AddressClass::SharedCgnat,
        (127, _, _) => AddressClass::Loopback,
        (169, 254, _) => AddressClass::LinkLocal,
        (192, 0, 2) | (198, 51, 100) | (203, 0, 113) => AddressClass::Documentation,
        (198, 18..=19, _) => AddressClass::Benchmarking,
        // IETF protocol assignments and the retired 6to4 relay anycast.
        (192, 0, 0) | (192, 88, 99) => AddressClass::Reserved,
        (224..=239, _, _) => AddressClass::Multicast,
        _ if ip.is_broadcast() => AddressClass::Broadcast,
        (240..=255, _, _) => AddressClass::Reserved,
        _ => AddressClass::Public,
    }
}

/// Classifies an IPv6 address; forms that carry an IPv4 address take its class.
pub fn classify_v6(ip: Ipv6Addr) -> AddressClass {
    if ip.is_unspecified() {
        return AddressClass::Unspecified;
    }
    if ip.is_loopback() {
        return AddressClass::Loopback;
    }
    if let Some((how, v4)) = embedded_ipv4(ip) {
        let class = classify_v4(v4);
        return match how {
            // `::8.8.8.8` is not how anyone reaches 8.8.8.8 today: never public.
            Embedding::Compatible if class.is_public() => AddressClass::Reserved,
            _ => class,
        };
    }
    let s = ip.segments();
    let prefix_matches = |net: [u16; 8], len: u32| -> bool {
        let addr = u128::from(ip);
        let net = u128::from(Ipv6Addr::from(net));
        let mask = if len == 0 {
            0
        } else {
            u128::MAX << (128 - len)
        };
        addr & mask == net & mask
    };
    if prefix_matches([0x64, 0xff9b, 1, 0, 0, 0, 0, 0], 48) {
        return AddressClass::Private;
    }
    if s[0] & 0xfe00 == 0xfc00 {
        return AddressClass::UniqueLocal;
    }
    if s[0] & 0xffc0 == 0xfe80 {
        return AddressClass::LinkLocal;
    }
    if s[0] & 0xffc0 == 0xfec0 {
        return AddressClass::SiteLocal;
    }
    if s[0] & 0xff00 == 0xff00 {
        return AddressClass::Multicast;
    }
    if prefix_matches([0x2001, 0xdb8, 0, 0, 0, 0, 0, 0], 32)
        || prefix_matches([0x3fff, 0, 0, 0, 0, 0, 0, 0], 20)
    {
        return AddressClass::Documentation;
    }
    if prefix_matches([0x2001, 2, 0, 0, 0, 0, 0, 0], 48) {
        return AddressClass::Benchmarking;
    }
    // 2001::/23 holds Teredo, ORCHID and other protocol assignments; 5f00::/16 is SRv6.
    if prefix_matches([0x2001, 0, 0, 0, 0, 0, 0, 0], 23)
        || prefix_matches([0x5f00, 0, 0, 0, 0, 0, 0, 0], 16)
    {
        return AddressClass::Reserved;
    }
    // Only 2000::/3 is allocated as global unicast.
    if s[0] & 0xe000 != 0x2000 {
        return AddressClass::Reserved;
    }
    AddressClass::Public
}

/// Why an address may not be fetched, as a phrase: `127.0.0.1, a loopback address` or
/// `::ffff:127.0.0.1 (which carries 127.0.0.1), a loopback address`. `None` if it is public.
pub fn refusal_phrase(ip: IpAddr) -> Option<String> {
    let class = classify(ip);
    if class.is_public() {
        return None;
    }
    match ip {
        IpAddr::V6(v6) => match embedded_ipv4(v6) {
            Some((_, v4)) if !classify_v4(v4).is_public() => {
                Some(format!("{v6} (which carries {v4}), {class}"))
            }
            _ => Some(format!("{v6}, {class}")),
        },
        IpAddr::V4(v4) => Some(format!("{v4}, {class}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_forms_are_recognised() {
        let p = |s: &str| s.parse::<Ipv6Addr>().unwrap();
        let lo = Ipv4Addr::LOCALHOST;
        assert_eq!(
            embedded_ipv4(p("::ffff:127.0.0.1")),
            Some((Embedding::Mapped, lo))
        );
        assert_eq!(
            embedded_ipv4(p("::127.0.0.1")),
            Some((Embedding::Compatible, lo))
        );
        assert_eq!(
            embedded_ipv4(p("64:ff9b::7f00:1")),
            Some((Embedding::Nat64, lo))
        );
        assert_eq!(
            embedded_ipv4(p("2002:7f00:1::1")),
            Some((Embedding::SixToFour, lo))
        );
        assert_eq!(embedded_ipv4(p("::1")), None);
        assert_eq!(embedded_ipv4(p("::")), None);
        assert_eq!(embedded_ipv4(p("2606:4700::1111")), None);
    }

    #[test]
    fn refusal_phrase_names_the_carried_address() {
        let ip: IpAddr = "::ffff:10.1.2.3".parse().unwrap();
        assert_eq!(
            refusal_phrase(ip).unwrap(),
            "::ffff:10.1.2.3 (which carries 10.1.2.3), a private address"
        );
        let ip: IpAddr = "127.0.0.1".parse().unwrap();
        assert_eq!(refusal_phrase(ip).unwrap(), "127.0.0.1, a loopback address");
        assert_eq!(refusal_phrase("93.184.215.14".parse().unwrap()), None);
    }
}

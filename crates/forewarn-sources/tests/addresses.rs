//! The address classifier against a table of cases (tests/data/addresses.tsv): both families,
//! the edges of every special-purpose range, and IPv6 forms that carry IPv4 addresses.

use std::net::IpAddr;

use forewarn_sources::{AddressClass, classify};

fn class_named(name: &str) -> AddressClass {
    match name {
        "Public" => AddressClass::Public,
        "Unspecified" => AddressClass::Unspecified,
        "ThisNetwork" => AddressClass::ThisNetwork,
        "Loopback" => AddressClass::Loopback,
        "Private" => AddressClass::Private,
        "SharedCgnat" => AddressClass::SharedCgnat,
        "LinkLocal" => AddressClass::LinkLocal,
        "UniqueLocal" => AddressClass::UniqueLocal,
        "SiteLocal" => AddressClass::SiteLocal,
        "Multicast" => AddressClass::Multicast,
        "Broadcast" => AddressClass::Broadcast,
        "Documentation" => AddressClass::Documentation,
        "Benchmarking" => AddressClass::Benchmarking,
        "Reserved" => AddressClass::Reserved,
        other => panic!("unknown class {other:?} in addresses.tsv"),
    }
}

#[test]
fn every_address_in_the_table_gets_its_class() {
    let table = include_str!("data/addresses.tsv");
    let mut failures = Vec::new();
    let mut cases = 0;
    for line in table.lines() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (addr, class) = line.split_once('\t').expect("address<TAB>class");
        let ip: IpAddr = addr.parse().unwrap_or_else(|e| panic!("{addr}: {e}"));
        let want = class_named(class.trim());
        let got = classify(ip);
        if got != want {
            failures.push(format!("{addr}: expected {want:?}, got {got:?}"));
        }
        cases += 1;
    }
    assert!(
        cases > 80,
        "the table should hold many cases, found {cases}"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

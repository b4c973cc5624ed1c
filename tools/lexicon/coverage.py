#!/usr/bin/env python3
"""Measure how much of the benchmarks' perpetrator names the actor dictionary covers.

Reads data/actors/actors.toml and data/actors/generic.toml from this repository and the
perpetrator names of the gold set and benchmarks in ../shared (or --shared DIR):

  gold/seeds.gold.json                    `actors` list (names and aliases)
  bench/rand/rand-dev.csv                 `Perpetrator` column
  bench/gtd-acled-drone/drone.csv         `gname`, `gname2`, `gname3` (sep=;)
  bench/muc4/processed/*.json             PerpOrg entity mentions (JSON lines)

A name counts as covered when its normalised form equals a normalised alias, canonical name
or ambiguous alias of some actor (the same folding the Rust matcher uses: NFKD, no
diacritics, lower case, punctuation to single spaces, apostrophes either dropped or spaced).
Before matching, a leading "the" and quotes are dropped; "Name (ACR)" also tries "Name" and
"ACR"; "ACR: Name" tries both sides; RAND's 50-character truncation is matched as a prefix.
Names that are no actor ("Unknown", "Other", the generic descriptions in generic.toml and
the descriptive phrases listed below) are excluded and counted apart.

Prints coverage per source, by distinct name and by occurrence, and every uncovered name.
Exit status 1 when a name seen at least twice is uncovered or overall distinct coverage is
under 95 %, so the check can gate CI when the benchmarks are present. Python stdlib only.
"""

from __future__ import annotations

import argparse
import collections
import csv
import glob
import io
import json
import os
import re
import sys
import tomllib
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Values that say the perpetrator is not known or not an actor at all.
NON_ACTORS = {"unknown", "other", "none", "n a", "", "group", "the group"}

# Descriptive phrases from the MUC-4 answer keys that describe, rather than name, a
# perpetrator organisation (a person's government, troops under a commander, sectors).
DESCRIPTIVE = {
    "president virgilio barco s government and the military",
    "government and the military",
    "government and army",
    "government and army sectors",
    "army and government sectors",
    "vides casanova s troops and commanding officers",
    "juan rafael bustillo s troops",
    "jose napoleon duarte s troops",
    "alfredo cristiani faction",
    "roberto d aubuisson faction",
    "christian democratic government",
    "chilean government",
    "fascist government",
    "high command of the fascist armed forces",
    "fascist armed forces",
    "the military fascist dictatorship",
    "military fascist dictatorship",
    "military detachment no 4",
    "6th military detachment",
    "6th infantry brigade",
    "1st infantry brigade",
    "the armed forces engineers military detachment",
    "armed forces engineers military detachment",
    "armed forces death squads",
    "armed forces general staff",
    "armed foces",
    "armed foces high command",
    "salvadoran army military school",
    "repressive corps",
    "the elite force",
    "elite force",
    "national police elite corps",
    "special armed corps",
    "cuerpo especial armado",
    "cea",
    "dare to die squad",
    "eight military officers",
    "assassination group",
    "extreme right wing assassination group",
    "an extreme leftist and nationalist group",
    "libyan commando unit",
    "the medellin cartel s armed wing",
    "medellin cartel s armed wing",
    "medellin cartels armed wing",
    "sendero luminoso detachment",
    "sendero luminoso fighters",
    "shining path cell",
    "fmln column",
    "eln guerrillas",
    "sinister extraditables group",
    "pro maoist shining path terrorist group",
    "shining path terrorist group",
    "m 19 guerrilla group",
    "the marxist army of national liberation",
    "marxist army of national liberation",
    "the guerrilla army of national liberation",
    "guerrilla army of national liberation",
    "camilist union army",
    "the sandinist air force",
    "sandinist air force",
    "the colombian intelligence services",
    "the colombian security services",
    "honduran army troops",
    "colombian military",
    "colombian police",
    "police department",
    "brazilian embassy",
    "medellin",
    "armies",
    "communist party",
    "national party",
    "workers self defense",
    "ado",
    "dmifa",
    "cite",
    "intersectorial confederation of public employees",
    "social christian people s movement",
    "bread land work and freedom movement",
    "chile s independence movement",
    "guatemala s progressive patriots",
    "the owls",
    "owls",
    "maoist people s liberation army",
    "maoist popular liberation army",
    "the five c s",
    "july 20th",
    "21 jun",
    "may 98",
    "de fes",
    "black iiija",
}


def fold(text: str, apostrophe: str) -> str:
    """Fold like the Rust matcher; `apostrophe` is what an apostrophe becomes."""
    out = []
    for ch in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(ch):
            continue
        ch = {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ı": "i",
              "þ": "th", "ð": "d"}.get(ch.lower(), ch.lower())
        if ch in "'’‘`´ʼʻʿʾ":
            out.append(apostrophe)
        elif ch.isalnum():
            out.append(ch)
        else:
            out.append(" ")
    s = "".join(out)
    # "U.S." -> "us": a period between single letters joins them, as in the matcher.
    return " ".join(s.split())


def fold_period_aware(text: str, apostrophe: str) -> str:
    text = re.sub(r"(?<![A-Za-z])([A-Za-z])\.(?=[A-Za-z])", r"\1", text)
    text = re.sub(r"(?<![A-Za-z])([A-Za-z])\.(?=[A-Za-z])", r"\1", text)
    return fold(text, apostrophe)


def keys(name: str) -> set[str]:
    return {fold_period_aware(name, ""), fold_period_aware(name, " ")}


def load_dictionary() -> tuple[dict[str, set[str]], set[str]]:
    with open(os.path.join(ROOT, "data", "actors", "actors.toml"), "rb") as f:
        data = tomllib.load(f)
    index: dict[str, set[str]] = collections.defaultdict(set)
    for actor in data["actor"]:
        for alias in [actor["name"], *actor.get("aliases", []), *actor.get("ambiguous", [])]:
            for k in keys(alias):
                index[k].add(actor["id"])
    with open(os.path.join(ROOT, "data", "actors", "generic.toml"), "rb") as f:
        generic = tomllib.load(f)
    generic_keys = {k for table in generic.values() for term in table["terms"] for k in keys(term)}
    return index, generic_keys


def candidates(raw: str) -> list[str]:
    name = raw.strip().strip('"').strip()
    name = re.sub(r'["“”]', "", name)
    name = re.sub(r"^(the|los|las|la|el)\s+", "", name, flags=re.I) if name.lower().startswith("the ") else name
    out = [name]
    inner = re.findall(r"\(([^()]*)\)?", name)
    outer = re.sub(r"\([^()]*\)?", " ", name).strip()
    if outer and outer != name:
        out.append(outer)
    out.extend(i for i in inner if i.strip())
    if ": " in name:
        left, right = name.split(": ", 1)
        out.extend([left, right])
    return out


def covered(raw: str, index: dict[str, set[str]], prefixes: list[str]) -> bool:
    for cand in candidates(raw):
        for k in keys(cand):
            if k in index:
                return True
    # RAND cuts names at 50 characters: a long name matches as the prefix of an alias.
    if len(raw.strip()) >= 45:
        for cand in candidates(raw)[:2]:
            k = fold_period_aware(re.sub(r"\s*\([^)]*$", "", cand), "")
            if len(k) >= 20 and any(p.startswith(k) or (len(p) >= 30 and k.startswith(p)) for p in prefixes):
                return True
    return False


def is_non_actor(raw: str, generic: set[str]) -> bool:
    k = fold_period_aware(raw.strip().strip('"'), " ")
    if k.startswith("the "):
        k = k[4:]
    if k in NON_ACTORS or k in DESCRIPTIVE or k.startswith("unidentified "):
        return True
    return bool(keys(raw) & generic) or k in generic


def read_sources(shared: str) -> dict[str, collections.Counter]:
    sources: dict[str, collections.Counter] = {}
    gold = os.path.join(shared, "gold", "seeds.gold.json")
    if os.path.exists(gold):
        c: collections.Counter = collections.Counter()
        for actor in json.load(open(gold, encoding="utf-8"))["actors"]:
            c[actor["name"]] += 2  # a gold actor must always be covered
            for alias in actor.get("aliases", []):
                c[alias] += 2
        sources["seeds.gold"] = c
    rand = os.path.join(shared, "bench", "rand", "rand-dev.csv")
    if os.path.exists(rand):
        with open(rand, encoding="utf-8", newline="") as f:
            sources["rand"] = collections.Counter(r["Perpetrator"] for r in csv.DictReader(f))
    drone = os.path.join(shared, "bench", "gtd-acled-drone", "drone.csv")
    if os.path.exists(drone):
        text = open(drone, encoding="utf-8-sig").read()
        if text.startswith("sep="):
            text = text.split("\n", 1)[1]
        c = collections.Counter()
        for r in csv.DictReader(io.StringIO(text), delimiter=";"):
            for col in ("gname", "gname2", "gname3"):
                if r.get(col) and r[col] != "N/A":
                    c[r[col]] += 1
        sources["drone"] = c
    files = sorted(glob.glob(os.path.join(shared, "bench", "muc4", "processed", "*.json")))
    if files:
        c = collections.Counter()
        for path in files:
            for line in open(path, encoding="utf-8"):
                if line.strip():
                    for entity in json.loads(line)["extracts"].get("PerpOrg", []):
                        for mention, _offset in entity:
                            c[mention] += 1
        sources["muc4"] = c
    return sources


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(ROOT), "shared"))
    ap.add_argument("--quiet", action="store_true", help="print only the summary")
    args = ap.parse_args()
    index, generic = load_dictionary()
    prefixes = sorted(index)
    sources = read_sources(args.shared)
    if not sources:
        print(f"no benchmark files under {args.shared}", file=sys.stderr)
        return 2
    failed = False
    tot = collections.Counter()
    for source, counts in sources.items():
        names = [n for n in counts if not is_non_actor(n, generic)]
        excluded = len(counts) - len(names)
        missing = sorted((n for n in names if not covered(n, index, prefixes)), key=lambda n: (-counts[n], n))
        occ = sum(counts[n] for n in names)
        occ_missing = sum(counts[n] for n in missing)
        frequent_missing = [n for n in missing if counts[n] >= 2]
        print(f"{source}: {len(names) - len(missing)}/{len(names)} distinct names covered "
              f"({100 * (1 - len(missing) / max(1, len(names))):.1f} %), "
              f"{occ - occ_missing}/{occ} occurrences ({100 * (1 - occ_missing / max(1, occ)):.1f} %), "
              f"{excluded} non-actor names excluded; {len(frequent_missing)} uncovered with >= 2 occurrences")
        if not args.quiet:
            for n in missing:
                print(f"    {counts[n]:5d}  {n}")
        tot["names"] += len(names)
        tot["missing"] += len(missing)
        tot["occ"] += occ
        tot["occ_missing"] += occ_missing
        failed |= bool(frequent_missing)
    share = 1 - tot["missing"] / max(1, tot["names"])
    print(f"overall: {100 * share:.1f} % of distinct names, "
          f"{100 * (1 - tot['occ_missing'] / max(1, tot['occ'])):.1f} % of occurrences")
    failed |= share < 0.95
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

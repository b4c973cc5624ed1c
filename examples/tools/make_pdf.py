#!/usr/bin/env python3
"""Write a small, valid PDF brief from a plain-text source, with no third-party library.

forewarn's demo needs a PDF among its sample reports, and this machine has no PDF
library, so this script lays the text out itself: Helvetica and Helvetica-Bold (two of
the 14 standard fonts every reader has, so nothing is embedded), WinAnsiEncoding so
that curly quotes, dashes and accented letters survive text extraction, lines wrapped
using the fonts' real glyph widths, an Info dictionary (Title, Author, Subject,
Keywords, Creator, Producer, CreationDate, ModDate) and an xref table whose offsets
are checked after writing.

Source format (UTF-8):

    Title: Kerman twin bombings ...
    Author: Jane Doe
    Publisher: Some Institute
    Date: 2024-01-20T10:00:00+03:30      (ISO date, optionally with time and offset)
    Subject: one line                     (optional)
    Keywords: a, b, c                     (optional)
    <blank line>
    # Headline (large, bold)
    ## Section heading (bold)
    - bullet item
    A paragraph; consecutive non-blank lines are joined into one paragraph.

Usage: make_pdf.py SOURCE.txt OUTPUT.pdf [--no-compress]
"""

import datetime as _dt
import hashlib
import re
import sys
import zlib

PAGE_W, PAGE_H = 595.28, 841.89  # A4 in points
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 62.0, 64.0, 64.0
TEXT_W = PAGE_W - 2 * MARGIN_X

# Advance widths (1/1000 em) from the Adobe AFM files of the two standard fonts,
# for the printable ASCII range 32..126.
_HELV = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
]
_HELV_BOLD = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
]
# The few WinAnsi characters above 126 that the sources use: (regular, bold).
_HIGH = {
    0x91: (222, 278), 0x92: (222, 278), 0x93: (333, 500), 0x94: (333, 500),
    0x96: (556, 556), 0x97: (1000, 1000), 0x95: (350, 350), 0x85: (1000, 1000),
    0xE9: (556, 556), 0xE8: (556, 556), 0xE1: (556, 556), 0xF6: (556, 611),
    0xFC: (556, 611), 0xB7: (278, 278), 0xA0: (278, 278),
}
FONTS = {"F1": ("Helvetica", _HELV, 0), "F2": ("Helvetica-Bold", _HELV_BOLD, 1)}


class SourceError(Exception):
    """The source file cannot be turned into a brief; the message names file and reason."""


def text_width(data: bytes, font: str, size: float) -> float:
    """Width in points of cp1252-encoded `data` set in `font` at `size`."""
    _, table, idx = FONTS[font]
    total = 0
    for b in data:
        if 32 <= b <= 126:
            total += table[b - 32]
        else:
            total += _HIGH.get(b, (556, 556))[idx]
    return total * size / 1000.0


def wrap(text: str, font: str, size: float, width: float) -> list:
    """Greedy word wrap; returns cp1252 byte lines no wider than `width` (long words overflow)."""
    lines, cur = [], b""
    for word in text.split():
        w = word.encode("cp1252")
        cand = w if not cur else cur + b" " + w
        if cur and text_width(cand, font, size) > width:
            lines.append(cur)
            cur = w
        else:
            cur = cand
    if cur:
        lines.append(cur)
    return lines


def pdf_string(data: bytes) -> bytes:
    """A PDF literal string: escape the delimiters, write non-ASCII bytes as octal."""
    out = bytearray(b"(")
    for b in data:
        if b in (0x28, 0x29, 0x5C):
            out += b"\\" + bytes([b])
        elif 32 <= b <= 126:
            out.append(b)
        else:
            out += b"\\%03o" % b
    out += b")"
    return bytes(out)


def info_string(s: str) -> bytes:
    """A text string for the Info dictionary: PDFDocEncoding if ASCII, else UTF-16BE with BOM."""
    if all(32 <= ord(c) <= 126 for c in s):
        return pdf_string(s.encode("ascii"))
    return b"<FEFF" + s.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def pdf_date(value: str, path: str) -> bytes:
    """ISO 8601 date or date-time to a PDF date string D:YYYYMMDDHHmmSS+HH'mm'."""
    try:
        if len(value) == 10:
            d = _dt.datetime.fromisoformat(value + "T00:00:00+00:00")
        else:
            d = _dt.datetime.fromisoformat(value)
    except ValueError as e:
        raise SourceError(f"{path}: Date {value!r} is not an ISO 8601 date: {e}") from e
    if d.tzinfo is None:
        d = d.replace(tzinfo=_dt.timezone.utc)
    off = d.utcoffset()
    mins = int(off.total_seconds() // 60)
    sign = "+" if mins >= 0 else "-"
    mins = abs(mins)
    return ("D:" + d.strftime("%Y%m%d%H%M%S") + f"{sign}{mins // 60:02d}'{mins % 60:02d}'").encode("ascii")


def parse_source(path: str):
    """Read header fields and body blocks (kind, text) from the source file."""
    try:
        with open(path, encoding="utf-8") as f:
            raw = f.read()
    except (OSError, UnicodeDecodeError) as e:
        raise SourceError(f"{path}: cannot read source: {e}") from e
    head, sep, body = raw.partition("\n\n")
    if not sep:
        raise SourceError(f"{path}: no blank line between header and body")
    meta = {}
    for n, line in enumerate(head.splitlines(), 1):
        key, colon, value = line.partition(":")
        if not colon:
            raise SourceError(f"{path}: header line {n} is not 'Key: value': {line!r}")
        meta[key.strip().lower()] = value.strip()
    for required in ("title", "author", "publisher", "date"):
        if not meta.get(required):
            raise SourceError(f"{path}: header field {required.capitalize()!r} is missing")
    blocks, para = [], []

    def flush():
        if para:
            blocks.append(("p", " ".join(para)))
            para.clear()

    for line in body.splitlines():
        s = line.strip()
        if not s:
            flush()
        elif s.startswith("## "):
            flush()
            blocks.append(("h2", s[3:]))
        elif s.startswith("# "):
            flush()
            blocks.append(("h1", s[2:]))
        elif s.startswith("- "):
            flush()
            blocks.append(("li", s[2:]))
        else:
            para.append(s)
    flush()
    try:
        for _, t in blocks:
            t.encode("cp1252")
    except UnicodeEncodeError as e:
        raise SourceError(f"{path}: character {e.object[e.start]!r} has no WinAnsi glyph") from e
    return meta, blocks


def layout(meta, blocks):
    """Turn blocks into pages, each a list of (font, size, x, y, bytes) and rules (y)."""
    pages, cur = [], {"text": [], "rules": []}
    y = PAGE_H - MARGIN_TOP

    def new_page():
        nonlocal cur, y
        pages.append(cur)
        cur = {"text": [], "rules": []}
        y = PAGE_H - MARGIN_TOP

    def emit(font, size, lead, x, line):
        nonlocal y
        if y - lead < MARGIN_BOTTOM:
            new_page()
        y -= lead
        cur["text"].append((font, size, x, y, line))

    # Masthead: publisher, then the headline blocks, then byline and date, then a rule.
    emit("F2", 9, 11, MARGIN_X, meta["publisher"].upper().encode("cp1252"))
    y -= 6
    for kind, text in blocks:
        if kind != "h1":
            break
        for line in wrap(text, "F2", 17, TEXT_W):
            emit("F2", 17, 21, MARGIN_X, line)
    byline = f"{meta['author']}  |  {meta['publisher']}  |  Published {meta['date'][:10]}"
    y -= 4
    for line in wrap(byline, "F1", 9, TEXT_W):
        emit("F1", 9, 12, MARGIN_X, line)
    y -= 6
    cur["rules"].append(y)
    y -= 6

    started = False
    for kind, text in blocks:
        if kind == "h1" and not started:
            continue
        started = True
        if kind in ("h1", "h2"):
            size = 12 if kind == "h2" else 14
            y -= 8
            if y - 3 * size < MARGIN_BOTTOM:  # keep a heading with what follows
                new_page()
            for line in wrap(text, "F2", size, TEXT_W):
                emit("F2", size, size + 4, MARGIN_X, line)
            y -= 2
        elif kind == "li":
            # The bullet is part of the first line's string, so extractors keep it with
            # its text; continuation lines hang at the width of "bullet + space".
            bullet = b"\x95 "
            indent = text_width(bullet, "F1", 10)
            lines = wrap(text, "F1", 10, TEXT_W - indent)
            for i, line in enumerate(lines):
                if i == 0:
                    emit("F1", 10, 13.5, MARGIN_X, bullet + line)
                else:
                    emit("F1", 10, 13.5, MARGIN_X + indent, line)
            y -= 3
        else:
            for line in wrap(text, "F1", 10, TEXT_W):
                emit("F1", 10, 13.5, MARGIN_X, line)
            y -= 7
    pages.append(cur)
    return pages


def content_stream(page, n, total, publisher):
    """The drawing operators for one page, with a footer naming the publisher and page."""
    ops = []
    for y in page["rules"]:
        ops.append(b"0.5 w %.2f %.2f m %.2f %.2f l S" % (MARGIN_X, y, PAGE_W - MARGIN_X, y))
    for font, size, x, y, line in page["text"]:
        ops.append(b"BT /%s %g Tf %.2f %.2f Td %s Tj ET" % (font.encode(), size, x, y, pdf_string(line)))
    footer = f"{publisher} \u2013 page {n} of {total}".encode("cp1252")
    fx = PAGE_W - MARGIN_X - text_width(footer, "F1", 8)
    ops.append(b"BT /F1 8 Tf %.2f %.2f Td %s Tj ET" % (fx, MARGIN_BOTTOM / 2, pdf_string(footer)))
    return b"\n".join(ops) + b"\n"


def build_pdf(meta, blocks, compress=True) -> bytes:
    """Assemble the whole file: objects, xref table with byte offsets, trailer."""
    pages = layout(meta, blocks)
    objs = {}  # number -> body bytes
    # 1 catalog, 2 pages, 3 F1, 4 F2, 5 info, then (page, contents) pairs.
    page_nums = [6 + 2 * i for i in range(len(pages))]
    objs[1] = b"<< /Type /Catalog /Pages 2 0 R /Lang (en-GB) >>"
    kids = b" ".join(b"%d 0 R" % n for n in page_nums)
    objs[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(pages))
    for num, name in ((3, "F1"), (4, "F2")):
        base = FONTS[name][0].encode()
        objs[num] = b"<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding /WinAnsiEncoding >>" % base
    date = pdf_date(meta["date"], meta.get("_path", "source"))
    info = [
        b"/Title " + info_string(meta["title"]),
        b"/Author " + info_string(meta["author"]),
        b"/Creator " + info_string("forewarn examples/tools/make_pdf.py"),
        b"/Producer " + info_string("make_pdf.py (Python standard library)"),
        b"/CreationDate " + pdf_string(date),
        b"/ModDate " + pdf_string(date),
    ]
    if meta.get("subject"):
        info.append(b"/Subject " + info_string(meta["subject"]))
    if meta.get("keywords"):
        info.append(b"/Keywords " + info_string(meta["keywords"]))
    # Not a standard Info key, but readers keep custom keys and forewarn can use it.
    info.append(b"/Publisher " + info_string(meta["publisher"]))
    objs[5] = b"<< " + b"\n   ".join(info) + b" >>"
    for i, page in enumerate(pages):
        pnum, cnum = page_nums[i], page_nums[i] + 1
        objs[pnum] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] "
            b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R >>" % (PAGE_W, PAGE_H, cnum)
        )
        data = content_stream(page, i + 1, len(pages), meta["publisher"])
        if compress:
            data = zlib.compress(data, 9)
            objs[cnum] = b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(data), data)
        else:
            objs[cnum] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(data), data)

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objs):
        offsets[num] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (num, objs[num])
    xref_at = len(out)
    size = max(objs) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for num in range(1, size):
        out += b"%010d 00000 n \n" % offsets[num]
    file_id = hashlib.md5(bytes(out)).hexdigest().upper().encode()
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R /ID [<%s> <%s>] >>\n" % (size, file_id, file_id)
    out += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


def check_xref(pdf: bytes) -> None:
    """Re-read the xref table and confirm every offset lands on its 'N 0 obj' header."""
    start = int(re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", pdf).group(1))
    if pdf[start:start + 4] != b"xref":
        raise AssertionError(f"startxref {start} does not point at the xref table")
    m = re.match(rb"xref\n0 (\d+)\n", pdf[start:])
    count = int(m.group(1))
    entries = pdf[start + m.end(): start + m.end() + 20 * count]
    for num in range(1, count):
        off = int(entries[20 * num: 20 * num + 10])
        if not pdf[off:].startswith(b"%d 0 obj" % num):
            raise AssertionError(f"xref entry for object {num} points at byte {off}, not at its header")


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    if len(args) != 2:
        sys.stderr.write("usage: make_pdf.py SOURCE.txt OUTPUT.pdf [--no-compress]\n")
        return 2
    src, dst = args
    try:
        meta, blocks = parse_source(src)
        meta["_path"] = src
        pdf = build_pdf(meta, blocks, compress="--no-compress" not in argv)
    except SourceError as e:
        sys.stderr.write(f"make_pdf: {e}\n")
        return 1
    check_xref(pdf)
    try:
        with open(dst, "wb") as f:
            f.write(pdf)
    except OSError as e:
        sys.stderr.write(f"make_pdf: cannot write {dst}: {e}\n")
        return 1
    pages = pdf.count(b"/Type /Page ")
    print(f"wrote {dst}: {len(pdf)} bytes, {pages} page(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

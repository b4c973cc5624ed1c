#!/usr/bin/env python3
"""Re-encode a UTF-8 HTML page as windows-1252, for the cp1252 sample report.

forewarn's HTML reader must honour <meta charset="windows-1252">; this script
produces a page whose curly quotes, dashes and accented letters are single
cp1252 bytes (0x92, 0x96, 0xE9, ...), as legacy news sites still serve them.

Usage: make_cp1252.py SOURCE_UTF8.html OUTPUT.html
"""

import sys


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: make_cp1252.py SOURCE_UTF8.html OUTPUT.html\n")
        return 2
    src, out = argv[1], argv[2]
    with open(src, encoding="utf-8") as f:
        text = f.read()
    if 'charset="windows-1252"' not in text:
        sys.stderr.write(f"{src}: no <meta charset=\"windows-1252\"> declaration; refusing\n")
        return 1
    try:
        data = text.encode("cp1252")
    except UnicodeEncodeError as e:
        sys.stderr.write(f"{src}: character {text[e.start]!r} at offset {e.start} has no cp1252 byte\n")
        return 1
    with open(out, "wb") as f:
        f.write(data)
    high = sum(1 for b in data if b >= 0x80)
    print(f"wrote {out}: {len(data)} bytes, {high} non-ASCII cp1252 bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

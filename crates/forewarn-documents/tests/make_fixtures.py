#!/usr/bin/env python3
"""Writes the binary fixtures in tests/data: PDFs (valid, encrypted, truncated) and binary junk.

Run from the crate directory: python3 tests/make_fixtures.py. Standard library only, so the
fixtures are made here rather than taken from elsewhere.
"""
import os
import zlib

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def pdf_string(text):
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def page_stream(lines):
    ops = ["BT", "/F1 11 Tf", "14 TL", "72 760 Td"]
    for line in lines:
        if line:
            ops.append(pdf_string(line) + " Tj")
        ops.append("T*")
    ops.append("ET")
    return "\n".join(ops).encode("latin-1")


def build_pdf(pages, info, encrypt=None):
    """pages: list of lists of lines. info: dict for the Info dictionary."""
    objects = []  # (number, bytes)
    n_pages = len(pages)
    # 1 catalog, 2 pages, 3 font, 4 info, then per page: page object, content stream.
    kids = " ".join(f"{5 + 2 * i} 0 R" for i in range(n_pages))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    entries = " ".join(f"/{k} {pdf_string(v)}" for k, v in info.items())
    objects.append(f"<< {entries} >>".encode("latin-1"))
    for i, lines in enumerate(pages):
        content_number = 6 + 2 * i
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {content_number} 0 R >>".encode()
        )
        data = zlib.compress(page_stream(lines))
        objects.append(
            f"<< /Length {len(data)} /Filter /FlateDecode >>\nstream\n".encode() + data + b"\nendstream"
        )
    encrypt_ref = ""
    if encrypt is not None:
        objects.append(encrypt)
        encrypt_ref = f" /Encrypt {len(objects)} 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>]"
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 4 0 R{encrypt_ref} >>\n"
        f"startxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


REPORT_PAGES = [
    [
        "ISKP after Kabul airport: a short assessment",
        "",
        "On 26 August 2021 a suicide bomber struck the crowds at Abbey Gate",
        "outside Hamid Karzai International Airport in Kabul.",
        "The Islamic State Khorasan Province claimed the attack the same day.",
    ],
    [
        "About 170 Afghan civilians and 13 United States service members died.",
        "The group used the evacuation to present itself as the real opponent",
        "of both the Taliban and the departing Western forces.",
    ],
]
REPORT_INFO = {
    "Title": "ISKP after Kabul airport",
    "Author": "Forewarn test fixture",
    "CreationDate": "D:20210910120000+04'30'",
}


def main():
    report = build_pdf(REPORT_PAGES, REPORT_INFO)
    with open(os.path.join(HERE, "iskp-assessment.pdf"), "wb") as f:
        f.write(report)
    # A user password is needed: the O and U entries below match no password, so the
    # empty password fails and the file stays locked.
    encrypt = (
        b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 "
        b"/O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> >>"
    )
    with open(os.path.join(HERE, "encrypted.pdf"), "wb") as f:
        f.write(build_pdf(REPORT_PAGES, REPORT_INFO, encrypt=encrypt))
    with open(os.path.join(HERE, "truncated.pdf"), "wb") as f:
        f.write(report[: len(report) // 3])
    # Binary junk: a gzip header and compressed bytes, as a mislabelled download would be.
    with open(os.path.join(HERE, "junk.txt"), "wb") as f:
        f.write(b"\x1f\x8b\x08\x00" + zlib.compress(b"not a document" * 20))
    with open(os.path.join(HERE, "control-bytes.txt"), "wb") as f:
        f.write(bytes(range(1, 32)) * 8 + b"a few letters")


if __name__ == "__main__":
    main()

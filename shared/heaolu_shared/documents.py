"""Plain official documents (administrative decisions) rendered as PDF 1.4.

A deliberately small writer: A4 pages, the standard Helvetica fonts with WinAnsi encoding (which
covers Estonian: õ ä ö ü š ž), a title, headed sections of wrapped paragraphs, page numbers.
No external renderer, so the document is produced in the same transaction as the decision.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN = 56
BODY_SIZE, HEAD_SIZE, TITLE_SIZE = 10, 11, 14
LEADING = 14
WRAP = 95  # characters per body line at 10 pt Helvetica within the margins


@dataclass(frozen=True)
class Section:
    heading: str
    text: str


@dataclass(frozen=True)
class Document:
    title: str
    reference: str
    issued_at: datetime
    sections: Sequence[Section] = field(default_factory=tuple)


def _escape(text: str) -> bytes:
    encoded = text.encode("cp1252", errors="replace")
    return encoded.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _lines(document: Document) -> list[tuple[str, int, str]]:
    """(font, size, text) per line, blank strings for spacing."""
    lines: list[tuple[str, int, str]] = [
        ("F2", TITLE_SIZE, document.title),
        ("F1", BODY_SIZE, f"{document.reference}   {document.issued_at:%d.%m.%Y %H:%M}"),
        ("F1", BODY_SIZE, ""),
    ]
    for section in document.sections:
        lines.append(("F2", HEAD_SIZE, section.heading))
        for paragraph in section.text.splitlines() or [""]:
            wrapped = textwrap.wrap(paragraph, WRAP) or [""]
            lines += [("F1", BODY_SIZE, line) for line in wrapped]
        lines.append(("F1", BODY_SIZE, ""))
    return lines


def render_pdf(document: Document) -> bytes:
    """The document as PDF bytes."""
    per_page = (PAGE_HEIGHT - 2 * MARGIN) // LEADING
    all_lines = _lines(document)
    pages = [all_lines[i : i + per_page] for i in range(0, len(all_lines), per_page)] or [[]]
    objects: list[bytes] = []

    def add(obj: bytes) -> int:
        objects.append(obj)
        return len(objects)

    catalog = add(b"")  # filled in once the page tree exists
    tree = add(b"")
    regular = add(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    bold = add(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"
    )
    page_ids: list[int] = []
    for number, page in enumerate(pages, start=1):
        stream = [b"BT", f"{MARGIN} {PAGE_HEIGHT - MARGIN} Td {LEADING} TL".encode()]
        for font, size, text in page:
            stream.append(f"/{font} {size} Tf".encode() + b" (" + _escape(text) + b") Tj T*")
        stream.append(b"ET")
        footer = f"{number} / {len(pages)}"
        stream.append(f"BT /F1 8 Tf {PAGE_WIDTH // 2} {MARGIN // 2} Td (".encode())
        stream.append(_escape(footer) + b") Tj ET")
        content = b"\n".join(stream)
        content_id = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        page_ids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] "
                b"/Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> >> /Contents %d 0 R >>"
                % (tree, PAGE_WIDTH, PAGE_HEIGHT, regular, bold, content_id)
            )
        )
    kids = b" ".join(b"%d 0 R" % p for p in page_ids)
    objects[tree - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_ids))
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % tree
    info = add(b"<< /Title (" + _escape(document.title) + b") /Producer (Heaolu) >>")

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for index, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % index + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog,
        info,
        xref,
    )
    return bytes(out)

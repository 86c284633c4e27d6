"""Official documents (administrative decisions, court papers) rendered as PDF with fpdf2.

A service describes its document as a title, a reference, an issue time, a language and headed
sections of text; this module lays it out on A4 pages with page numbers. The text is set in
DejaVu Sans, shipped with this package (``fonts/``, Bitstream Vera licence with DejaVu's public
domain changes, see ``fonts/LICENSE``) and embedded in every PDF as a subset, so Estonian
(õ ä ö ü š ž) and Russian letters do not depend on the reader's machine. What the sections say
(labels instead of codes, addressees, the way of challenge) is the calling service's business.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

FONTS = Path(__file__).parent / "fonts"
FAMILY = "DejaVuSans"
MARGIN_MM = 20
BODY_SIZE, HEAD_SIZE, TITLE_SIZE, FOOTER_SIZE = 10, 11, 14, 8
LINE_MM = 5
LANGUAGES = frozenset({"et", "en", "ru"})


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
    language: str = "et"
    """ISO 639-1 code of the document's language (recorded in the PDF as its ``/Lang``)."""
    author: str | None = None
    """The issuing authority, recorded in the PDF's metadata."""


class _Pages(FPDF):
    def footer(self) -> None:
        self.set_y(-MARGIN_MM / 2 - 2)
        self.set_font(FAMILY, size=FOOTER_SIZE)
        self.cell(0, 4, f"{self.page_no()} / {{nb}}", align="C")


def render_pdf(document: Document) -> bytes:
    """The document as PDF bytes, with its fonts embedded."""
    if document.language not in LANGUAGES:
        raise ValueError(f"unsupported document language: {document.language}")
    pdf = _Pages(format="A4", unit="mm")
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(auto=True, margin=MARGIN_MM)
    pdf.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_lang(document.language)
    pdf.set_title(document.title)
    pdf.set_subject(document.reference)
    if document.author:
        pdf.set_author(document.author)
    pdf.set_producer("Heaolu")
    pdf.set_creation_date(document.issued_at)
    pdf.alias_nb_pages()
    pdf.add_page()
    width = pdf.epw
    pdf.set_font(FAMILY, "B", TITLE_SIZE)
    pdf.multi_cell(width, 7, document.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, size=BODY_SIZE)
    pdf.cell(
        width,
        LINE_MM,
        f"{document.reference}   {document.issued_at:%d.%m.%Y %H:%M}",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.ln(LINE_MM)
    for section in document.sections:
        pdf.set_font(FAMILY, "B", HEAD_SIZE)
        pdf.multi_cell(width, 6, section.heading, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(FAMILY, size=BODY_SIZE)
        pdf.multi_cell(width, LINE_MM, section.text or " ", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(LINE_MM / 2)
    return bytes(pdf.output())


def render_document(
    title: str,
    sections: Sequence[Section],
    language: str,
    *,
    reference: str,
    issued_at: datetime,
    author: str | None = None,
) -> bytes:
    """Render a document from its parts: the one entry point services use for their PDFs."""
    return render_pdf(
        Document(
            title=title,
            reference=reference,
            issued_at=issued_at,
            sections=tuple(sections),
            language=language,
            author=author,
        )
    )

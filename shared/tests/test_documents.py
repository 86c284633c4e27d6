"""The PDF writer: what goes in can be read back by an independent PDF reader."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from heaolu_shared.documents import Document, Section, render_document, render_pdf


def _text(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_estonian_text_and_pdf_syntax_characters_survive() -> None:
    document = Document(
        title="Haldusakt: otsus",
        reference="0663-2026-000001/O1",
        issued_at=datetime(2026, 11, 23, 10, 30, tzinfo=UTC),
        sections=[
            Section("Põhjendus", "Õuna- ja šokolaadižele (sulud) ning \\ kaldkriips ÄÖÜ äöü"),
        ],
    )
    pages, text = _text(render_pdf(document))
    assert pages == 1
    for expected in ("Haldusakt: otsus", "0663-2026-000001/O1", "23.11.2026 10:30", "Põhjendus"):
        assert expected in text
    assert "Õuna- ja šokolaadižele (sulud) ning \\ kaldkriips ÄÖÜ äöü" in text


def test_long_text_wraps_and_flows_onto_numbered_pages() -> None:
    paragraph = " ".join(f"sõna{i}" for i in range(3000))
    pdf = render_pdf(
        Document("Pikk", "X-1", datetime(2026, 1, 1, tzinfo=UTC), [Section("Tekst", paragraph)])
    )
    pages, text = _text(pdf)
    assert pages > 1
    assert "sõna0" in text and "sõna2999" in text
    assert f"{pages} / {pages}" in text


def _embedded_fonts(pdf: bytes) -> dict[str, bool]:
    """Each font the pages use, and whether its program is embedded in the file."""
    fonts: dict[str, bool] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            described = descendants[0].get_object() if descendants else font
            descriptor = described.get("/FontDescriptor")
            embedded = descriptor is not None and any(
                key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            fonts[str(font["/BaseFont"])] = embedded
    return fonts


def test_fonts_are_embedded_and_the_language_is_recorded() -> None:
    pdf = render_document(
        "Otsus",
        [Section("Põhjendus", "Šokolaad ja žürii; Решение")],
        "et",
        reference="R-1",
        issued_at=datetime(2026, 11, 23, 10, 30, tzinfo=UTC),
        author="Rakvere Linnavalitsus",
    )
    fonts = _embedded_fonts(pdf)
    assert fonts and all(fonts.values()), fonts
    assert any("DejaVuSans" in name for name in fonts)
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.trailer["/Root"]["/Lang"] == "et"
    assert reader.metadata is not None and reader.metadata.author == "Rakvere Linnavalitsus"
    assert "Šokolaad ja žürii; Решение" in reader.pages[0].extract_text()


def test_an_unknown_document_language_is_refused() -> None:
    with pytest.raises(ValueError, match="language"):
        render_document("X", [], "xx", reference="R", issued_at=datetime(2026, 1, 1, tzinfo=UTC))

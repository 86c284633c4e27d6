"""The decision document says what an administrative act must say, in its language."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader

from heaolu_casework.common.models import Case, Person
from heaolu_casework.decisions.document import (
    Addressee,
    challenge_text,
    decision_document,
)
from heaolu_casework.decisions.models import AdministrativeDecision
from heaolu_shared.documents import render_pdf

from ..factories import personal_code


def _decision(language: str, outcome: str = "granted") -> AdministrativeDecision:
    return AdministrativeDecision(
        id=uuid.uuid4(),
        number="0919-2026-000007/O1",
        service_code="substitute_home",
        outcome=outcome,
        legal_basis="SHS § 45 ja Võru linna sotsiaalhoolekande kord § 5",
        reasoning="Abivajadus on hinnatud.",
        appeal_notice=challenge_text(language, "0919"),
        provider_code="ASK-0919",
        provider_name="Võru Asenduskodu",
        starts_on=date(2026, 12, 1),
        issued_at=datetime(2026, 11, 23, 10, 30, tzinfo=UTC),
        issued_by="subject-1",
    )


CASE = Case(id=uuid.uuid4(), number="0919-2026-000007", municipality="0919")
CHILD = Person(id=uuid.uuid4(), given_name="Mia", family_name="Demo-Laps", personal_code=None)
MOTHER = Person(
    id=uuid.uuid4(),
    given_name="Mari",
    family_name="Demo-Ema",
    personal_code=personal_code(date(1980, 1, 1), female=True),
    address="Jüri 1, Võru",
)


def _text(pdf: bytes) -> str:
    """The document's words, line breaks of the layout read as spaces."""
    pages = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(pages.split())


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "et",
            [
                "Asendushooldus",
                "rahuldada",
                "Võru Linnavalitsus",
                "Otsuse tegija",
                "Peeter Demo-Org",
                "Mari Demo-Ema (seaduslik esindaja), isikukood "
                f"{MOTHER.personal_code}, Jüri 1, Võru",
                "30 päeva",
                "haldusmenetluse seaduse § 75",
                "halduskohtumenetluse seadustiku § 46",
                "SHS § 45",
                "Võru Asenduskodu (ASK-0919)",
            ],
        ),
        (
            "en",
            [
                "Substitute care",
                "is granted",
                "Võru Linnavalitsus",
                "Official who made the decision",
                "Peeter Demo-Org",
                "Mari Demo-Ema (legal representative)",
                "within 30 days",
                "§ 75 of the Administrative Procedure Act",
                "§ 46 of the Code of Administrative Court",
            ],
        ),
    ],
)
def test_the_document_names_labels_authority_official_addressees_and_the_challenge(
    language: str, expected: list[str]
) -> None:
    document = decision_document(
        _decision(language),
        CASE,
        [Addressee(MOTHER, representative=True)],
        official="Peeter Demo-Org",
        language=language,
    )
    pdf = render_pdf(document)
    text = _text(pdf)
    for phrase in expected:
        assert phrase in text, phrase
    assert "substitute_home" not in text and "ASK-0919)" in text
    assert "Mia Demo-Laps" not in text
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.trailer["/Root"]["/Lang"] == language
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descendant = font.get_object()["/DescendantFonts"][0].get_object()
            assert "/FontFile2" in descendant["/FontDescriptor"].get_object()


def test_a_refusal_says_so_in_words() -> None:
    document = decision_document(
        _decision("et", outcome="refused"),
        CASE,
        [Addressee(MOTHER, representative=True)],
        official="Peeter Demo-Org",
        language="et",
    )
    text = _text(render_pdf(document))
    assert "Taotlus teenusele „Asendushooldus” jätta rahuldamata." in text
    assert "Teenuse osutaja" not in text

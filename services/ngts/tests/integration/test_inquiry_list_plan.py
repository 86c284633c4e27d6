"""The municipality's inquiries, unanswered first and soonest due, read one page of an index
however many share their due time and however many were answered long ago."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_ngts.inquiries.models import Inquiry
from heaolu_ngts.inquiries.repository import InquiryRepository
from heaolu_shared.db import Database
from heaolu_shared.testing import executions_with_parameters, plan_as_if_large, rows_read

pytestmark = pytest.mark.integration

RECEIVED = datetime(2026, 11, 6, 8, 0, tzinfo=UTC)
DUE = RECEIVED + timedelta(days=7)
PAGE = 10
VILJANDI = "0897"


def _inquiry(n: int, *, answered: bool) -> Inquiry:
    return Inquiry(
        municipality=VILJANDI,
        asked_by="ska",
        contact_person="Sünteetiline Kontakt",
        question="Sünteetiline küsimus.",
        received_at=RECEIVED - timedelta(days=365 if answered else 0),
        due_at=DUE - timedelta(days=365 if answered else 0),
        answer="Sünteetiline vastus." if answered else None,
        answered_at=RECEIVED - timedelta(days=360) if answered else None,
        created_by="sub-viljandi-ngts",
    )


async def test_a_page_of_the_municipalitys_inquiries_reads_one_page(
    session: AsyncSession, ngts_db: Database
) -> None:
    # A year of answered inquiries, all due before today's, and a busy day's unanswered ones.
    session.add_all([_inquiry(n, answered=True) for n in range(300)])
    session.add_all([_inquiry(n, answered=False) for n in range(300)])
    await session.flush()
    await plan_as_if_large(session, "inquiry")

    with executions_with_parameters(ngts_db) as sent:
        rows = await InquiryRepository(session).of_municipality(VILJANDI, PAGE)

    assert len(rows) == PAGE and all(row.answered_at is None for row in rows)
    assert [(row.due_at, row.id) for row in rows] == sorted((row.due_at, row.id) for row in rows)
    read = await rows_read(session, sent, "inquiry")
    assert read and all(n <= PAGE for n in read.values()), read

"""A page of the earliest deadlines reads one page of an index, however many rows share their
due time: every report received on one day is due at the end of the same tenth working day."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_casework.assessments.service import list_assessments, open_preliminary_assessments
from heaolu_casework.common import clocks
from heaolu_shared.contracts.intake import ReportReceivedV2
from heaolu_shared.db import Database
from heaolu_shared.testing import executions_with_parameters, plan_as_if_large, rows_read

from ..factories import RAKVERE, head

pytestmark = pytest.mark.integration

# A Friday morning: the reports of the day are all due at the end of the same Friday.
RECEIVED = datetime(2026, 11, 6, 8, 0, tzinfo=UTC)
SAME_DAY = 400
PAGE = 10


async def _a_busy_day(session: AsyncSession) -> None:
    await open_preliminary_assessments(
        session,
        [
            ReportReceivedV2(
                report_id=uuid.uuid4(),
                municipality=RAKVERE,
                received_at=RECEIVED + timedelta(minutes=i),
                need_level="in_need",
                urgent=False,
            )
            for i in range(SAME_DAY)
        ],
    )
    await plan_as_if_large(session, "preliminary_assessment", "deadline")


async def test_a_page_of_the_heads_assessments_reads_one_page(
    session: AsyncSession, database: Database
) -> None:
    await _a_busy_day(session)
    with executions_with_parameters(database) as sent:
        rows, cursor = await list_assessments(
            session, head(), report_id=None, cursor=None, limit=PAGE
        )
    assert len(rows) == PAGE and cursor is not None
    read = await rows_read(session, sent, "preliminary_assessment")
    assert read and all(n <= PAGE + 1 for n in read.values()), read


async def test_a_page_of_the_municipalitys_deadlines_reads_one_page(
    session: AsyncSession, database: Database
) -> None:
    await _a_busy_day(session)
    with executions_with_parameters(database) as sent:
        rows, cursor = await clocks.open_deadlines(
            session, municipality=RAKVERE, assignees=None, limit=PAGE
        )
    assert len(rows) == PAGE and cursor is not None
    read = await rows_read(session, sent, "deadline")
    assert read and all(n <= PAGE + 1 for n in read.values()), read

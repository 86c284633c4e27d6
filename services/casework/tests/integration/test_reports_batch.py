"""Reports received in one poll open their assessments together: the same assessments and
clocks as one report at a time, in two statements."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_casework.assessments import rules
from heaolu_casework.assessments.service import open_preliminary_assessment
from heaolu_casework.common.models import Deadline, PreliminaryAssessment
from heaolu_casework.events import on_report_received, on_reports_received
from heaolu_shared.calendar import default_calendar
from heaolu_shared.contracts.intake import ReportReceivedV1, ReportReceivedV2
from heaolu_shared.db import Database
from heaolu_shared.events import CloudEvent, registry
from heaolu_shared.testing import executions, rolled_back_session

pytestmark = pytest.mark.integration

# A Friday: the ten days of every report cross a weekend.
RECEIVED = datetime(2026, 11, 6, 9, 30, tzinfo=UTC)


def _received(
    report_id: uuid.UUID, *, at: datetime = RECEIVED, municipality: str = "0663", **extra: Any
) -> ReportReceivedV2:
    fields = {"need_level": "in_need", "urgent": False} | extra
    return ReportReceivedV2(
        report_id=report_id, municipality=municipality, received_at=at, **fields
    )


def _reports(already: uuid.UUID) -> list[ReportReceivedV1 | ReportReceivedV2]:
    twice = uuid.uuid4()
    return [
        _received(uuid.uuid4(), child_pseudonym="0a" * 16, child_name="Sünteetiline Laps"),
        _received(
            twice, at=RECEIVED + timedelta(hours=1), municipality="0784", need_level="in_danger"
        ),
        ReportReceivedV1(
            report_id=uuid.uuid4(),
            municipality="0663",
            received_at=RECEIVED + timedelta(days=1),
            need_level="in_need",
            channel="school",
        ),
        # The same report again (a re-published event): it opens once, as the first said.
        _received(twice, at=RECEIVED + timedelta(hours=2)),
        # A report whose assessment an earlier poll opened.
        _received(already),
    ]


def _events(reports: list[ReportReceivedV1 | ReportReceivedV2]) -> list[tuple[CloudEvent, object]]:
    return [
        (registry.envelope(report, subject=str(report.report_id)), report) for report in reports
    ]


async def _state(session: AsyncSession, report_ids: set[uuid.UUID]) -> list[tuple[object, ...]]:
    rows = await session.execute(
        sa.select(
            PreliminaryAssessment.report_id,
            PreliminaryAssessment.municipality,
            PreliminaryAssessment.need_level,
            PreliminaryAssessment.status,
            PreliminaryAssessment.urgent,
            PreliminaryAssessment.due_at,
            PreliminaryAssessment.subject_pseudonym,
            PreliminaryAssessment.child_name,
            Deadline.kind,
            Deadline.due_at,
            Deadline.municipality,
            Deadline.status,
        )
        .join(Deadline, Deadline.record_id == PreliminaryAssessment.id, isouter=True)
        .where(PreliminaryAssessment.report_id.in_(report_ids))
        .order_by(PreliminaryAssessment.received_at, Deadline.due_at)
    )
    return [tuple(row) for row in rows]


EARLIER = RECEIVED - timedelta(days=3)


async def _open_earlier(session: AsyncSession, report_id: uuid.UUID | None = None) -> uuid.UUID:
    already = report_id or uuid.uuid4()
    await open_preliminary_assessment(session, _received(already, at=EARLIER))
    return already


async def test_a_batch_opens_what_one_report_at_a_time_opens(database: Database) -> None:
    async with rolled_back_session(database) as session:
        already = await _open_earlier(session)
        reports = _reports(already)
        for event, payload in _events(reports):
            await on_report_received(session, event, payload)  # type: ignore[arg-type]
        one_by_one = await _state(session, {r.report_id for r in reports})

    async with rolled_back_session(database) as session:
        # The same ids, so the two states compare row for row.
        await _open_earlier(session, already)
        sent = executions(database)
        await on_reports_received(session, _events(reports))  # type: ignore[arg-type]
        sent = list(sent)
        batched = await _state(session, {r.report_id for r in reports})

    assert batched == one_by_one
    # The assessments in one statement, their clocks in one more.
    assert len(sent) == 2
    assert sent[0].lstrip().startswith("INSERT INTO preliminary_assessment")
    assert sent[1].lstrip().startswith("INSERT INTO deadline")


async def test_each_new_assessment_gets_its_clock_from_the_calendar(database: Database) -> None:
    async with rolled_back_session(database) as session:
        already = await _open_earlier(session)
        reports = _reports(already)
        await on_reports_received(session, _events(reports))  # type: ignore[arg-type]
        state = await _state(session, {r.report_id for r in reports})

    calendar = default_calendar()
    first, twice, third = reports[0], reports[1], reports[2]
    expected_due = {
        first.report_id: rules.preliminary_due(first.received_at, calendar),
        twice.report_id: rules.preliminary_due(twice.received_at, calendar),
        third.report_id: rules.preliminary_due(third.received_at, calendar),
        already: rules.preliminary_due(EARLIER, calendar),
    }
    assert [row[0] for row in state] == [already, first.report_id, twice.report_id, third.report_id]
    for row in state:
        report_id, municipality, status, due = row[0], row[1], row[3], row[5]
        assert due == expected_due[report_id]
        assert status == "pending"
        # Its clock: kind, due time, municipality, state.
        assert row[8:] == ("preliminary_assessment", due, municipality, "open")
    by_report = {row[0]: row for row in state}
    # The first event of a report named twice decides: its municipality, its danger.
    assert by_report[twice.report_id][1:5] == ("0784", "in_danger", "pending", True)
    assert by_report[first.report_id][6:8] == ("0a" * 16, "Sünteetiline Laps")
    # The report opened by an earlier poll keeps its assessment and its one clock.
    assert by_report[already][5] == expected_due[already]
    assert len(state) == 4

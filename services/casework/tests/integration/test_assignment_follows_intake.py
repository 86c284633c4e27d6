"""One assignment across intake and casework: casework announces who handles the record behind
an intake report, follows an assignment made at intake, and announces substitution windows."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_casework.assessments.service import (
    assign_assessment,
    follow_intake_assignment,
    open_preliminary_assessment,
)
from heaolu_casework.common.models import Deadline, PreliminaryAssessment
from heaolu_casework.staffing.service import end_substitution, record_substitution
from heaolu_shared.contracts.intake import ReportAssignedV1, ReportReceivedV2
from heaolu_shared.staff import register

from ..factories import head as a_head
from ..factories import published
from ..factories import worker as a_worker

pytestmark = pytest.mark.integration


async def _assessment(session: AsyncSession) -> tuple[uuid.UUID, PreliminaryAssessment]:
    report_id = uuid.uuid4()
    await open_preliminary_assessment(
        session,
        ReportReceivedV2(
            report_id=report_id,
            municipality="0663",
            received_at=datetime.now(UTC),
            need_level="in_need",
            urgent=False,
        ),
    )
    assessment = await session.scalar(
        sa.select(PreliminaryAssessment).where(PreliminaryAssessment.report_id == report_id)
    )
    assert assessment is not None
    return report_id, assessment


async def test_assigning_the_assessment_is_announced_for_the_report_behind_it(
    session: AsyncSession,
) -> None:
    head, worker = a_head(), a_worker()
    for person in (head, worker):
        await register(session, person)
    report_id, assessment = await _assessment(session)

    await assign_assessment(
        session,
        head,
        assessment.id,
        assignee_username=str(worker.username),
        if_match=f'"{assessment.version}"',
    )

    announced = await published(session, "ee.heaolu.casework.assignment.changed.v1")
    assert [(a["intake_record"], a["intake_record_id"], a["assignee"]) for a in announced] == [
        ("report", str(report_id), worker.subject)
    ]


async def test_an_assignment_made_at_intake_is_followed_with_the_clock(
    session: AsyncSession,
) -> None:
    worker = a_worker()
    report_id, assessment = await _assessment(session)

    await follow_intake_assignment(
        session,
        ReportAssignedV1(
            report_id=report_id,
            municipality="0663",
            assignee=worker.subject,
            assigned_at=datetime.now(UTC),
        ),
    )

    await session.refresh(assessment)
    assert assessment.assignee == worker.subject
    clock = await session.scalar(sa.select(Deadline).where(Deadline.record_id == assessment.id))
    assert clock is not None and clock.assignee == worker.subject
    assert await published(session, "ee.heaolu.casework.assignment.changed.v1") == []


async def test_an_intake_assignment_before_the_assessment_exists_is_retried(
    session: AsyncSession,
) -> None:
    with pytest.raises(LookupError):
        await follow_intake_assignment(
            session,
            ReportAssignedV1(
                report_id=uuid.uuid4(),
                municipality="0663",
                assignee="someone",
                assigned_at=datetime.now(UTC),
            ),
        )


async def test_a_substitution_window_is_announced(session: AsyncSession) -> None:
    absent, substitute = a_worker("absent"), a_worker("substitute")
    for person in (absent, substitute):
        await register(session, person)
    starts = datetime.now(UTC) + timedelta(days=400)
    await record_substitution(
        session,
        absent,
        absent_username=None,
        substitute_username=str(substitute.username),
        starts_at=starts,
        ends_at=starts + timedelta(days=7),
    )
    announced = await published(session, "ee.heaolu.casework.substitution.recorded.v1")
    assert [(a["absent"], a["substitute"]) for a in announced] == [
        (absent.subject, substitute.subject)
    ]


async def test_ending_a_substitution_early_is_announced(session: AsyncSession) -> None:
    absent, substitute = a_worker("absent"), a_worker("substitute")
    for person in (absent, substitute):
        await register(session, person)
    now = datetime.now(UTC)
    window = await record_substitution(
        session,
        absent,
        absent_username=None,
        substitute_username=str(substitute.username),
        starts_at=now - timedelta(days=1),
        ends_at=now + timedelta(days=7),
    )
    await end_substitution(session, absent, window.id, f'"{window.version}"', now=now)
    ended = await published(session, "ee.heaolu.casework.substitution.ended.v1")
    # The window ends at the clock the caller gave (``now``), and intake learns so.
    assert [(e["substitution_id"], datetime.fromisoformat(e["ended_at"])) for e in ended] == [
        (str(window.id), now)
    ]

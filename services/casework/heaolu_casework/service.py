"""Casework's rules for preliminary assessments."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_casework.repository import PreliminaryAssessmentRepository
from heaolu_shared.calendar import default_calendar
from heaolu_shared.contracts.intake import ReportReceivedV1

PRELIMINARY_ASSESSMENT_DAYS = 10
"""LasteKS §28: decide within 10 calendar days of learning of the child in need."""


async def open_preliminary_assessment(session: AsyncSession, report: ReportReceivedV1) -> bool:
    """A pending preliminary assessment for the report's municipality, once per report."""
    due_at = default_calendar().add_calendar_days_deadline(
        report.received_at, PRELIMINARY_ASSESSMENT_DAYS
    )
    return await PreliminaryAssessmentRepository(session).add_pending_once(
        report_id=report.report_id,
        municipality=report.municipality,
        need_level=report.need_level,
        received_at=report.received_at,
        due_at=due_at,
    )

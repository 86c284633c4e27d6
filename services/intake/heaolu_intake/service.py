"""Intake's rules: receiving a report and announcing it."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_intake.models import Report
from heaolu_intake.repository import ReportRepository
from heaolu_intake.schemas import ReportCreate
from heaolu_shared.auth import Principal
from heaolu_shared.contracts.intake import ReportReceivedV1
from heaolu_shared.outbox import enqueue


async def receive_report(session: AsyncSession, data: ReportCreate, principal: Principal) -> Report:
    """Store the report and its ``report.received`` event in the caller's transaction."""
    report = await ReportRepository(session).add(
        Report(
            municipality=data.municipality,
            need_level=data.need_level,
            channel=data.channel,
            concern=data.concern,
            received_at=datetime.now(UTC),
            created_by=principal.subject,
        )
    )
    await enqueue(
        session,
        ReportReceivedV1(
            report_id=report.id,
            municipality=report.municipality,
            received_at=report.received_at,
            need_level=data.need_level,
            channel=report.channel,
        ),
        subject=str(report.id),
    )
    return report

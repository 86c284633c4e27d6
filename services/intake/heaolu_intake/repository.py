"""Intake's queries."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_intake.models import Report


class ReportRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, report: Report) -> Report:
        self.session.add(report)
        await self.session.flush()
        return report

    async def get(self, report_id: uuid.UUID) -> Report | None:
        return await self.session.get(Report, report_id)

    async def queue(
        self, municipality: str, *, after: tuple[datetime, uuid.UUID] | None, limit: int
    ) -> Sequence[Report]:
        """The municipality's reports, newest first."""
        query = sa.select(Report).where(Report.municipality == municipality)
        if after is not None:
            query = query.where(
                sa.tuple_(Report.received_at, Report.id)
                < sa.tuple_(sa.literal(after[0]), sa.literal(after[1]))
            )
        query = query.order_by(Report.received_at.desc(), Report.id.desc()).limit(limit)
        return (await self.session.scalars(query)).all()

"""The queries of receiving and handling reports."""

from __future__ import annotations

import sqlalchemy as sa

from heaolu_intake.common.models import Report
from heaolu_shared.repository import RepositoryBase

OPEN_STATUSES = ("received", "linked")


class ReportRepository(RepositoryBase[Report]):
    model = Report

    async def open_thread_for(self, child_pseudonym: str) -> Report | None:
        """The newest open thread (a report not linked to another) about the child, locked so
        that two reports about the child arriving together join one thread."""
        report: Report | None = await self.session.scalar(
            sa.select(Report)
            .where(
                Report.child_pseudonym == child_pseudonym,
                Report.linked_to.is_(None),
                Report.status.in_(OPEN_STATUSES),
            )
            .order_by(Report.received_at.desc())
            .limit(1)
            .with_for_update()
        )
        return report

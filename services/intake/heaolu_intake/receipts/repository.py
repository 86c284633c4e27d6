"""The query of the public receipt check."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_intake.common.models import Report


async def by_receipt(session: AsyncSession, receipt_number: str) -> Report | None:
    report: Report | None = await session.scalar(
        sa.select(Report).where(Report.receipt_number == receipt_number)
    )
    return report

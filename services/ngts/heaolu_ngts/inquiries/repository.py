"""Queries of inquiries and prepayment applications."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_ngts.common.enums import DeadlineKind
from heaolu_ngts.common.models import Deadline
from heaolu_ngts.inquiries.models import Inquiry, PrepaymentApplication
from heaolu_shared.deadlines import MET, OPEN


class InquiryRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, inquiry_id: uuid.UUID, *, for_update: bool = False) -> Inquiry | None:
        return await self.session.get(Inquiry, inquiry_id, with_for_update=for_update)

    async def of_municipality(self, municipality: str, limit: int) -> Sequence[Inquiry]:
        return (
            await self.session.scalars(
                sa.select(Inquiry)
                .where(Inquiry.municipality == municipality)
                .order_by(Inquiry.answered_at.is_not(None), Inquiry.due_at, Inquiry.id)
                .limit(limit)
            )
        ).all()

    async def close_clock(self, inquiry_id: uuid.UUID, closed_at: object) -> None:
        await self.session.execute(
            sa.update(Deadline)
            .where(
                Deadline.record_id == inquiry_id,
                Deadline.kind == DeadlineKind.INQUIRY_ANSWER.value,
                Deadline.status == OPEN,
            )
            .values(status=MET, closed_at=closed_at)
        )

    async def prepayment(
        self, application_id: uuid.UUID, *, for_update: bool = False
    ) -> PrepaymentApplication | None:
        return await self.session.get(
            PrepaymentApplication, application_id, with_for_update=for_update
        )

    async def prepayments(self, municipality: str) -> Sequence[PrepaymentApplication]:
        return (
            await self.session.scalars(
                sa.select(PrepaymentApplication)
                .where(PrepaymentApplication.municipality == municipality)
                .order_by(PrepaymentApplication.period_start.desc())
                .limit(100)
            )
        ).all()

    async def add(self, row: object) -> None:
        self.session.add(row)
        await self.session.flush()

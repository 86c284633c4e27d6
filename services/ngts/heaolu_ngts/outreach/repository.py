"""Queries of outreach."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_ngts.outreach.models import Consent, ContactAttempt, Handover, Outcome, Plan


class OutreachRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def contacts(self, youth_id: uuid.UUID) -> Sequence[ContactAttempt]:
        return (
            await self.session.scalars(
                sa.select(ContactAttempt)
                .where(ContactAttempt.youth_id == youth_id)
                .order_by(ContactAttempt.occurred_at, ContactAttempt.id)
                .limit(200)
            )
        ).all()

    async def consent(self, youth_id: uuid.UUID) -> Consent | None:
        return await self.session.get(Consent, youth_id)

    async def plan(self, youth_id: uuid.UUID) -> Plan | None:
        return await self.session.get(Plan, youth_id)

    async def outcome(self, youth_id: uuid.UUID) -> Outcome | None:
        return await self.session.get(Outcome, youth_id)

    async def handover(self, youth_id: uuid.UUID) -> Handover | None:
        found: Handover | None = await self.session.scalar(
            sa.select(Handover).where(Handover.youth_id == youth_id)
        )
        return found

    async def add(self, row: object) -> None:
        self.session.add(row)
        await self.session.flush()

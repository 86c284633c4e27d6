"""Queries of rounds and participations: read by `rounds` (the municipality applies) and by
the list import command of `youths` (which round a list belongs to)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_ngts.common.models import Participation


class ParticipationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, participation_id: uuid.UUID) -> Participation | None:
        return await self.session.get(Participation, participation_id)

    async def find(self, municipality: str, query_date: date) -> Participation | None:
        found: Participation | None = await self.session.scalar(
            sa.select(Participation).where(
                Participation.municipality == municipality,
                Participation.query_date == query_date,
            )
        )
        return found

    async def of_municipality(self, municipality: str) -> Sequence[Participation]:
        return (
            await self.session.scalars(
                sa.select(Participation)
                .where(Participation.municipality == municipality)
                .order_by(Participation.query_date.desc())
                .limit(20)
            )
        ).all()

    async def add(self, participation: Participation) -> Participation:
        self.session.add(participation)
        await self.session.flush()
        return participation

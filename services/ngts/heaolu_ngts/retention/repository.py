"""Queries of the purge."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_ngts.common.enums import BEING_HELPED, ParticipationStatus
from heaolu_ngts.common.models import Participation, Youth


class RetentionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def ended(self, on: date, limit: int) -> Sequence[Participation]:
        """Imported lists whose retention ended by ``on``, locked for the purge."""
        return (
            await self.session.scalars(
                sa.select(Participation)
                .where(
                    Participation.status == ParticipationStatus.IMPORTED.value,
                    Participation.retention_ends_on <= on,
                )
                .order_by(Participation.retention_ends_on)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        ).all()

    async def delete_not_helped(self, participation_id: uuid.UUID) -> int:
        result = await self.session.execute(
            sa.delete(Youth).where(
                Youth.participation_id == participation_id,
                Youth.status.not_in([s.value for s in BEING_HELPED]),
            )
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def kept(self, participation_id: uuid.UUID) -> int:
        return int(
            await self.session.scalar(
                sa.select(sa.func.count()).where(Youth.participation_id == participation_id)
            )
            or 0
        )

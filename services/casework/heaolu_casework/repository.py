"""Casework's queries."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_casework.models import PreliminaryAssessment


class PreliminaryAssessmentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_pending_once(
        self,
        *,
        report_id: uuid.UUID,
        municipality: str,
        need_level: str,
        received_at: datetime,
        due_at: datetime,
    ) -> bool:
        """Insert a pending assessment unless the report has one; True when inserted."""
        inserted = await self.session.scalar(
            pg_insert(PreliminaryAssessment)
            .values(
                id=uuid.uuid4(),
                report_id=report_id,
                municipality=municipality,
                need_level=need_level,
                status="pending",
                received_at=received_at,
                due_at=due_at,
            )
            .on_conflict_do_nothing(index_elements=["report_id"])
            .returning(PreliminaryAssessment.id)
        )
        return inserted is not None

    async def list_for_municipality(
        self, municipality: str, *, report_id: uuid.UUID | None = None, limit: int = 50
    ) -> Sequence[PreliminaryAssessment]:
        query = (
            sa.select(PreliminaryAssessment)
            .where(PreliminaryAssessment.municipality == municipality)
            .order_by(PreliminaryAssessment.due_at, PreliminaryAssessment.id)
            .limit(limit)
        )
        if report_id is not None:
            query = query.where(PreliminaryAssessment.report_id == report_id)
        return (await self.session.scalars(query)).all()

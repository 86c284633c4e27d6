"""Casework's queries."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_casework.models import (
    CounsellingRequest,
    PreliminaryAssessment,
    Substitution,
)


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
        subject_pseudonym: str | None,
        urgent: bool = False,
    ) -> uuid.UUID | None:
        """Insert a pending assessment unless the report has one; its id when inserted."""
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
                subject_pseudonym=subject_pseudonym,
                urgent=urgent,
                linked_reports=0,
                version=1,
            )
            .on_conflict_do_nothing(index_elements=["report_id"])
            .returning(PreliminaryAssessment.id)
        )
        return inserted

    async def by_report(self, report_id: uuid.UUID) -> PreliminaryAssessment | None:
        assessment: PreliminaryAssessment | None = await self.session.scalar(
            sa.select(PreliminaryAssessment)
            .where(PreliminaryAssessment.report_id == report_id)
            .with_for_update()
        )
        return assessment

    async def get(self, assessment_id: uuid.UUID) -> PreliminaryAssessment | None:
        return await self.session.get(PreliminaryAssessment, assessment_id)

    async def list_visible(
        self,
        municipality: str,
        *,
        all_of_municipality: bool,
        assignees: Collection[str],
        record_ids: Collection[uuid.UUID],
        report_id: uuid.UUID | None,
        after: tuple[datetime, uuid.UUID] | None,
        limit: int,
    ) -> Sequence[PreliminaryAssessment]:
        """Assessments the caller may see, earliest deadline first, after a cursor."""
        query = sa.select(PreliminaryAssessment)
        if all_of_municipality:
            query = query.where(PreliminaryAssessment.municipality == municipality)
        else:
            query = query.where(
                sa.or_(
                    sa.and_(
                        PreliminaryAssessment.municipality == municipality,
                        PreliminaryAssessment.assignee.in_(list(assignees)),
                    ),
                    PreliminaryAssessment.id.in_(list(record_ids)),
                )
            )
        if report_id is not None:
            query = query.where(PreliminaryAssessment.report_id == report_id)
        if after is not None:
            query = query.where(
                sa.tuple_(PreliminaryAssessment.due_at, PreliminaryAssessment.id)
                > sa.tuple_(sa.literal(after[0]), sa.literal(after[1]))
            )
        query = query.order_by(PreliminaryAssessment.due_at, PreliminaryAssessment.id).limit(limit)
        return (await self.session.scalars(query)).all()


class SubstitutionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, substitution: Substitution) -> Substitution:
        self.session.add(substitution)
        await self.session.flush()
        return substitution

    async def for_substitute(self, substitute: str) -> Sequence[Substitution]:
        return (
            await self.session.scalars(
                sa.select(Substitution).where(Substitution.substitute == substitute)
            )
        ).all()

    async def involving(self, municipality: str, subject: str | None) -> Sequence[Substitution]:
        query = sa.select(Substitution).where(Substitution.municipality == municipality)
        if subject is not None:
            query = query.where(
                sa.or_(Substitution.absent == subject, Substitution.substitute == subject)
            )
        return (await self.session.scalars(query.order_by(Substitution.starts_at))).all()


class CounsellingRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, request: CounsellingRequest) -> CounsellingRequest:
        self.session.add(request)
        await self.session.flush()
        return request

    async def open_record_ids(self) -> set[uuid.UUID]:
        rows = await self.session.scalars(
            sa.select(CounsellingRequest.record_id).where(CounsellingRequest.closed_at.is_(None))
        )
        return set(rows)

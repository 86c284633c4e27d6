"""Queries of preliminary assessments."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from heaolu_casework.common.enums import AssessmentStatus
from heaolu_casework.common.models import PreliminaryAssessment
from heaolu_casework.common.repository import Visibility
from heaolu_shared.pagination import Keyset
from heaolu_shared.repository import RepositoryBase
from heaolu_shared.statements import upsert

_TABLE: sa.Table = PreliminaryAssessment.__table__  # type: ignore[assignment]


class PreliminaryAssessmentRepository(RepositoryBase[PreliminaryAssessment]):
    model = PreliminaryAssessment

    async def add_pending_once(
        self,
        *,
        report_id: uuid.UUID,
        municipality: str,
        need_level: str,
        received_at: datetime,
        due_at: datetime,
        subject_pseudonym: str | None,
        child_name: str | None = None,
        urgent: bool = False,
    ) -> uuid.UUID | None:
        """Insert a pending assessment unless the report has one; its id when inserted."""
        values = {
            "id": uuid.uuid4(),
            "report_id": report_id,
            "municipality": municipality,
            "need_level": need_level,
            "status": AssessmentStatus.PENDING.value,
            "received_at": received_at,
            "due_at": due_at,
            "subject_pseudonym": subject_pseudonym,
            "child_name": child_name,
            "urgent": urgent,
            "linked_reports": 0,
            "version": 1,
        }
        inserted: uuid.UUID | None = await self.session.scalar(
            upsert(_TABLE, tuple(values), ("report_id",), returning=("id",)), values
        )
        return inserted

    async def by_report(self, report_id: uuid.UUID) -> PreliminaryAssessment | None:
        assessment: PreliminaryAssessment | None = await self.session.scalar(
            sa.select(PreliminaryAssessment)
            .where(PreliminaryAssessment.report_id == report_id)
            .with_for_update()
        )
        return assessment

    async def visible(
        self,
        visibility: Visibility,
        *,
        report_id: uuid.UUID | None,
        keyset: Keyset[Any],
        cursor: str | None,
        limit: int,
    ) -> Sequence[PreliminaryAssessment]:
        """Assessments the caller may see, earliest deadline first, after a cursor."""
        query = sa.select(PreliminaryAssessment).where(
            visibility.condition(
                municipality=PreliminaryAssessment.municipality,
                assignee=PreliminaryAssessment.assignee,
                record_id=PreliminaryAssessment.id,
            )
        )
        if report_id is not None:
            query = query.where(PreliminaryAssessment.report_id == report_id)
        return await self.fetch(keyset.apply(query, cursor, limit))

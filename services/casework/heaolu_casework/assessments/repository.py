"""Queries of preliminary assessments."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from heaolu_casework.common.enums import AssessmentStatus
from heaolu_casework.common.models import PreliminaryAssessment
from heaolu_casework.common.repository import Visibility
from heaolu_shared.pagination import Keyset
from heaolu_shared.repository import RepositoryBase


@dataclass(frozen=True)
class PendingAssessment:
    """What a routed report tells of the assessment it needs."""

    report_id: uuid.UUID
    municipality: str
    need_level: str
    received_at: datetime
    due_at: datetime
    subject_pseudonym: str | None
    child_name: str | None
    urgent: bool


_ADD_PENDING = sa.text(
    """
    INSERT INTO preliminary_assessment (
        id, report_id, municipality, need_level, status, received_at, due_at,
        subject_pseudonym, child_name, urgent, linked_reports, version
    )
    SELECT id, report_id, municipality, need_level, CAST(:status AS text), received_at, due_at,
        subject_pseudonym, child_name, urgent, 0, 1
    FROM unnest(
        CAST(:ids AS uuid[]),
        CAST(:report_ids AS uuid[]),
        CAST(:municipalities AS text[]),
        CAST(:need_levels AS text[]),
        CAST(:received AS timestamptz[]),
        CAST(:due AS timestamptz[]),
        CAST(:pseudonyms AS text[]),
        CAST(:names AS text[]),
        CAST(:urgent AS boolean[])
    ) WITH ORDINALITY AS batch (
        id, report_id, municipality, need_level, received_at, due_at,
        subject_pseudonym, child_name, urgent, position
    )
    ORDER BY position
    ON CONFLICT (report_id) DO NOTHING
    RETURNING id, report_id
    """
).columns(
    PreliminaryAssessment.__table__.c.id,
    PreliminaryAssessment.__table__.c.report_id,
)
"""Pending assessments with one statement whose text never changes with their number."""


class PreliminaryAssessmentRepository(RepositoryBase[PreliminaryAssessment]):
    model = PreliminaryAssessment

    async def add_pending(self, pending: Sequence[PendingAssessment]) -> dict[uuid.UUID, uuid.UUID]:
        """Insert pending assessments, in order, for the reports that have none yet (the first
        of a report's rows wins): one statement for all. The new ids by report id."""
        if not pending:
            return {}
        rows = await self.session.execute(
            _ADD_PENDING,
            {
                "status": AssessmentStatus.PENDING.value,
                "ids": [uuid.uuid4() for _ in pending],
                "report_ids": [p.report_id for p in pending],
                "municipalities": [p.municipality for p in pending],
                "need_levels": [p.need_level for p in pending],
                "received": [p.received_at for p in pending],
                "due": [p.due_at for p in pending],
                "pseudonyms": [p.subject_pseudonym for p in pending],
                "names": [p.child_name for p in pending],
                "urgent": [p.urgent for p in pending],
            },
        )
        return {report_id: assessment_id for assessment_id, report_id in rows.tuples()}

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

"""Queries of case plans."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import sqlalchemy as sa

from heaolu_casework.common.enums import RevisionStatus
from heaolu_casework.common.models import NeedsAssessment
from heaolu_casework.plans.models import CasePlan
from heaolu_shared.pagination import Keyset
from heaolu_shared.repository import RepositoryBase


class PlanRepository(RepositoryBase[CasePlan]):
    model = CasePlan

    async def of_case(
        self, case_id: uuid.UUID, keyset: Keyset[CasePlan], cursor: str | None, limit: int
    ) -> tuple[list[CasePlan], str | None]:
        """The case's plans (every revision) in the keyset's order."""
        return await self.page(
            sa.select(CasePlan).where(CasePlan.case_id == case_id), keyset, cursor, limit
        )

    async def approved(self, case_id: uuid.UUID) -> Sequence[CasePlan]:
        """The case's approved plans (one, until a new revision supersedes it)."""
        return (
            await self.session.scalars(
                sa.select(CasePlan)
                .where(CasePlan.case_id == case_id, CasePlan.status == RevisionStatus.APPROVED)
                .order_by(CasePlan.revision)
            )
        ).all()

    async def needs_assessed(self, case_id: uuid.UUID) -> bool:
        """A needs assessment of the case is completed (a plan rests on one)."""
        found = await self.session.scalar(
            sa.select(NeedsAssessment.id)
            .where(
                NeedsAssessment.case_id == case_id,
                NeedsAssessment.status == RevisionStatus.COMPLETED,
            )
            .limit(1)
        )
        return found is not None

"""Queries of service applications and decisions."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert

from heaolu_casework.common.enums import ApplicationStatus
from heaolu_casework.common.models import ServiceApplication
from heaolu_casework.decisions.models import AdministrativeDecision
from heaolu_shared.repository import RepositoryBase


class ApplicationRepository(RepositoryBase[ServiceApplication]):
    model = ServiceApplication

    async def add_pending_once(
        self,
        *,
        application_id: uuid.UUID,
        municipality: str,
        service_code: str,
        applicant_pseudonym: str,
        received_at: datetime,
    ) -> bool:
        """Insert the application unless it is known; True when inserted."""
        inserted = await self.session.scalar(
            pg_insert(ServiceApplication)
            .values(
                id=application_id,
                municipality=municipality,
                service_code=service_code,
                applicant_pseudonym=applicant_pseudonym,
                received_at=received_at,
                status=ApplicationStatus.PENDING.value,
                version=1,
            )
            .on_conflict_do_nothing(index_elements=["id"])
            .returning(ServiceApplication.id)
        )
        return inserted is not None


class DecisionRepository(RepositoryBase[AdministrativeDecision]):
    model = AdministrativeDecision

    async def count_in_case(self, case_id: uuid.UUID) -> int:
        """How many decisions the case has (the next one's number follows)."""
        return int(
            await self.session.scalar(
                sa.select(sa.func.count())
                .select_from(AdministrativeDecision)
                .where(AdministrativeDecision.case_id == case_id)
            )
            or 0
        )

"""The queries of applications."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa

from heaolu_intake.applications.models import ServiceApplication
from heaolu_shared.pagination import Keyset
from heaolu_shared.repository import RepositoryBase

NEWEST_FIRST = Keyset[ServiceApplication](
    columns=(ServiceApplication.received_at, ServiceApplication.id),
    types=(datetime, uuid.UUID),
    key=lambda a: (a.received_at, a.id),
    descending=True,
)


class ApplicationRepository(RepositoryBase[ServiceApplication]):
    model = ServiceApplication

    async def of_applicant(
        self, creator: str, pseudonym: str | None, *, cursor: str | None, limit: int
    ) -> tuple[list[ServiceApplication], str | None]:
        """A page of a citizen's own applications (made by them or for them), newest first."""
        mine = ServiceApplication.created_by == creator
        if pseudonym is not None:
            mine = sa.or_(mine, ServiceApplication.applicant_pseudonym == pseudonym)
        return await self.page(
            sa.select(ServiceApplication).where(mine), NEWEST_FIRST, cursor, limit
        )

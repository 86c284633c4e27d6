"""The query of the intake queue."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_intake.common.models import Report
from heaolu_shared.pagination import Keyset

NEWEST_FIRST = Keyset[Report](
    columns=(Report.received_at, Report.id),
    types=(datetime, uuid.UUID),
    key=lambda r: (r.received_at, r.id),
    descending=True,
)


async def queue(
    session: AsyncSession,
    municipality: str | None,
    *,
    assignee: str | None,
    cursor: str | None,
    limit: int,
) -> Sequence[Report]:
    """A municipality's reports (``None``: SKA's triage queue), newest first, one more than
    ``limit`` (:meth:`Keyset.page` tells whether there is a next page)."""
    query = sa.select(Report).where(
        Report.municipality == municipality
        if municipality is not None
        else Report.municipality.is_(None)
    )
    if assignee is not None:
        query = query.where(Report.assignee == assignee)
    return (await session.scalars(NEWEST_FIRST.apply(query, cursor, limit))).all()

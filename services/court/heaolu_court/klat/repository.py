"""Queries of KLAT opinion requests."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_court.klat.models import KlatOpinionRequest


async def requests_page(
    session: AsyncSession,
    *,
    municipality: str | None,
    assignee: str | None,
    status: str | None,
    limit: int,
) -> Sequence[KlatOpinionRequest]:
    """Requests of a municipality (of one assignee, or all), or of every municipality for SKA
    (``municipality`` None), soonest due first."""
    query = sa.select(KlatOpinionRequest)
    if municipality is not None:
        query = query.where(KlatOpinionRequest.municipality == municipality)
    if assignee is not None:
        query = query.where(KlatOpinionRequest.assignee == assignee)
    if status is not None:
        query = query.where(KlatOpinionRequest.status == status)
    query = query.order_by(KlatOpinionRequest.due_at, KlatOpinionRequest.id).limit(limit)
    return (await session.scalars(query)).all()

"""Queries of opinions."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_court.opinions.models import CourtOpinion


async def follow_transfer(session: AsyncSession, case_id: uuid.UUID, municipality: str) -> None:
    """The case moved to another municipality: its records go with it, unassigned, and the old
    municipality loses them."""
    await session.execute(
        sa.update(CourtOpinion)
        .where(CourtOpinion.case_id == case_id)
        .values(municipality=municipality, assignee=None)
    )


async def page(
    session: AsyncSession,
    *,
    municipality: str,
    assignee: str | None,
    case_id: uuid.UUID | None,
    limit: int,
) -> Sequence[CourtOpinion]:
    """Opinions of a municipality (of one assignee, or all), soonest due first."""
    query = sa.select(CourtOpinion).where(CourtOpinion.municipality == municipality)
    if assignee is not None:
        query = query.where(CourtOpinion.assignee == assignee)
    if case_id is not None:
        query = query.where(CourtOpinion.case_id == case_id)
    query = query.order_by(CourtOpinion.due_on, CourtOpinion.id).limit(limit)
    return (await session.scalars(query)).all()

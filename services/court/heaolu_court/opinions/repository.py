"""Queries of opinions."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_court.opinions.models import CourtOpinion
from heaolu_shared.pagination import Keyset


async def follow_transfer(session: AsyncSession, case_id: uuid.UUID, municipality: str) -> None:
    """The case moved to another municipality: its records go with it, unassigned, and the old
    municipality loses them."""
    await session.execute(
        sa.update(CourtOpinion)
        .where(CourtOpinion.case_id == case_id)
        .values(municipality=municipality, assignee=None)
    )


ORDER: Keyset[CourtOpinion] = Keyset(
    (CourtOpinion.due_on, CourtOpinion.id), (date, uuid.UUID), lambda o: (o.due_on, o.id)
)


async def page(
    session: AsyncSession,
    *,
    municipality: str,
    assignee: str | None,
    case_id: uuid.UUID | None,
    cursor: str | None,
    limit: int,
) -> Sequence[CourtOpinion]:
    """Opinions of a municipality (of one assignee, or all), soonest due first."""
    query = sa.select(CourtOpinion).where(CourtOpinion.municipality == municipality)
    if assignee is not None:
        query = query.where(CourtOpinion.assignee == assignee)
    if case_id is not None:
        query = query.where(CourtOpinion.case_id == case_id)
    return (await session.scalars(ORDER.apply(query, cursor, limit))).all()

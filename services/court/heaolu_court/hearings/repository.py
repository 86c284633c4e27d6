"""Queries of hearings."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_court.hearings.models import Hearing
from heaolu_shared.pagination import Keyset


async def follow_transfer(session: AsyncSession, case_id: uuid.UUID, municipality: str) -> None:
    """The case moved to another municipality: its records go with it, unassigned, and the old
    municipality loses them."""
    await session.execute(
        sa.update(Hearing)
        .where(Hearing.case_id == case_id)
        .values(municipality=municipality, assignee=None)
    )


ORDER: Keyset[Hearing] = Keyset(
    (Hearing.scheduled_at, Hearing.id),
    (datetime, uuid.UUID),
    lambda h: (h.scheduled_at, h.id),
    descending=True,
)


async def page(
    session: AsyncSession,
    *,
    municipality: str,
    person: str | None,
    case_id: uuid.UUID | None,
    cursor: str | None,
    limit: int,
) -> Sequence[Hearing]:
    """Hearings of a municipality (held or attended by one person, or all), newest first."""
    query = sa.select(Hearing).where(Hearing.municipality == municipality)
    if person is not None:
        query = query.where(sa.or_(Hearing.assignee == person, Hearing.attendee == person))
    if case_id is not None:
        query = query.where(Hearing.case_id == case_id)
    return (await session.scalars(ORDER.apply(query, cursor, limit))).all()

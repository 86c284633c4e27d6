"""Queries of hearings."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_court.hearings.models import Hearing


async def follow_transfer(session: AsyncSession, case_id: uuid.UUID, municipality: str) -> None:
    """The case moved to another municipality: its records go with it, unassigned, and the old
    municipality loses them."""
    await session.execute(
        sa.update(Hearing)
        .where(Hearing.case_id == case_id)
        .values(municipality=municipality, assignee=None)
    )


async def page(
    session: AsyncSession,
    *,
    municipality: str,
    person: str | None,
    case_id: uuid.UUID | None,
    limit: int,
) -> Sequence[Hearing]:
    """Hearings of a municipality (held or attended by one person, or all), newest first."""
    query = sa.select(Hearing).where(Hearing.municipality == municipality)
    if person is not None:
        query = query.where(sa.or_(Hearing.assignee == person, Hearing.attendee == person))
    if case_id is not None:
        query = query.where(Hearing.case_id == case_id)
    query = query.order_by(Hearing.scheduled_at.desc(), Hearing.id).limit(limit)
    return (await session.scalars(query)).all()

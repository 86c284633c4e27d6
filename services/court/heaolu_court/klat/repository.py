"""Queries of KLAT opinion requests."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_court.klat.models import KlatApplication, KlatOpinionRequest


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


async def follow_transfer(session: AsyncSession, case_id: uuid.UUID, municipality: str) -> None:
    """The case moved to another municipality: its records go with it, unassigned, and the old
    municipality loses them."""
    await session.execute(
        sa.update(KlatOpinionRequest)
        .where(KlatOpinionRequest.case_id == case_id)
        .values(municipality=municipality, assignee=None)
    )
    await session.execute(
        sa.update(KlatApplication)
        .where(KlatApplication.case_id == case_id)
        .values(municipality=municipality, assignee=None)
    )

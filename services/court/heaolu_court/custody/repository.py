"""Queries of custody-restriction applications."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_court.custody.models import CustodyApplication


async def by_removal(session: AsyncSession, removal_id: uuid.UUID) -> CustodyApplication | None:
    return (
        await session.scalars(
            sa.select(CustodyApplication).where(CustodyApplication.removal_id == removal_id)
        )
    ).first()


async def page(
    session: AsyncSession,
    *,
    municipality: str,
    assignees: Collection[str] | None,
    case_id: uuid.UUID | None,
    status: str | None,
    after: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> Sequence[CustodyApplication]:
    """Applications of a municipality (of some assignees, or all), newest first (by the
    indexes on municipality or assignee and the opening time)."""
    query = sa.select(CustodyApplication).where(CustodyApplication.municipality == municipality)
    if assignees is not None:
        query = query.where(CustodyApplication.assignee.in_(list(assignees)))
    if case_id is not None:
        query = query.where(CustodyApplication.case_id == case_id)
    if status is not None:
        query = query.where(CustodyApplication.status == status)
    if after is not None:
        query = query.where(
            sa.tuple_(CustodyApplication.opened_at, CustodyApplication.id)
            < sa.tuple_(sa.literal(after[0]), sa.literal(after[1]))
        )
    query = query.order_by(CustodyApplication.opened_at.desc(), CustodyApplication.id.desc()).limit(
        limit
    )
    return (await session.scalars(query)).all()


async def follow_transfer(session: AsyncSession, case_id: uuid.UUID, municipality: str) -> None:
    """The case moved to another municipality: its records go with it, unassigned, and the old
    municipality loses them."""
    await session.execute(
        sa.update(CustodyApplication)
        .where(CustodyApplication.case_id == case_id)
        .values(municipality=municipality, assignee=None)
    )

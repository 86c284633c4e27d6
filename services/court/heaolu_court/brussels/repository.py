"""Queries of Brussels IIb requests and tasks."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_court.brussels.models import BrusselsRequest, BrusselsTask, TaskStatus


async def requests_page(
    session: AsyncSession, *, status: str | None, limit: int
) -> Sequence[BrusselsRequest]:
    query = sa.select(BrusselsRequest)
    if status is not None:
        query = query.where(BrusselsRequest.status == status)
    query = query.order_by(BrusselsRequest.due_at, BrusselsRequest.id).limit(limit)
    return (await session.scalars(query)).all()


async def tasks_of_request(session: AsyncSession, request_id: uuid.UUID) -> Sequence[BrusselsTask]:
    return (
        await session.scalars(
            sa.select(BrusselsTask)
            .where(BrusselsTask.request_id == request_id)
            .order_by(BrusselsTask.assigned_at)
        )
    ).all()


async def open_tasks(session: AsyncSession, request_id: uuid.UUID) -> int:
    return int(
        await session.scalar(
            sa.select(sa.func.count())
            .select_from(BrusselsTask)
            .where(
                BrusselsTask.request_id == request_id, BrusselsTask.status == TaskStatus.ASSIGNED
            )
        )
        or 0
    )


async def tasks_of_municipality(
    session: AsyncSession, *, municipality: str, assignee: str | None, limit: int
) -> Sequence[BrusselsTask]:
    query = sa.select(BrusselsTask).where(BrusselsTask.municipality == municipality)
    if assignee is not None:
        query = query.where(BrusselsTask.assignee == assignee)
    query = query.order_by(BrusselsTask.due_at, BrusselsTask.id).limit(limit)
    return (await session.scalars(query)).all()

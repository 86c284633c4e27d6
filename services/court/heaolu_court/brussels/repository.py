"""Queries of Brussels IIb requests and tasks."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_court.brussels.models import BrusselsRequest, BrusselsTask, TaskStatus
from heaolu_shared.pagination import Keyset

REQUEST_ORDER: Keyset[BrusselsRequest] = Keyset(
    (BrusselsRequest.due_at, BrusselsRequest.id), (datetime, uuid.UUID), lambda r: (r.due_at, r.id)
)
TASK_ORDER: Keyset[BrusselsTask] = Keyset(
    (BrusselsTask.due_at, BrusselsTask.id), (datetime, uuid.UUID), lambda t: (t.due_at, t.id)
)


async def requests_page(
    session: AsyncSession, *, status: str | None, cursor: str | None, limit: int
) -> Sequence[BrusselsRequest]:
    query = sa.select(BrusselsRequest)
    if status is not None:
        query = query.where(BrusselsRequest.status == status)
    return (await session.scalars(REQUEST_ORDER.apply(query, cursor, limit))).all()


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
    session: AsyncSession,
    *,
    municipality: str,
    assignee: str | None,
    cursor: str | None,
    limit: int,
) -> Sequence[BrusselsTask]:
    query = sa.select(BrusselsTask).where(BrusselsTask.municipality == municipality)
    if assignee is not None:
        query = query.where(BrusselsTask.assignee == assignee)
    return (await session.scalars(TASK_ORDER.apply(query, cursor, limit))).all()

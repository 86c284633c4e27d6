"""Brussels IIb: SKA's requests as central authority and the municipalities' tasks."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_court.brussels import service
from heaolu_court.brussels.models import BrusselsRequest, BrusselsTask, RequestStatus
from heaolu_court.brussels.schemas import (
    AnswerIn,
    Assignment,
    ReportIn,
    RequestIn,
    RequestOut,
    TaskIn,
    TaskOut,
)
from heaolu_court.common import clocks
from heaolu_court.common.access import Authorized, CourtUser, audit, load, readable
from heaolu_court.common.http import (
    ERRORS_CREATE,
    ERRORS_READ,
    ERRORS_UPDATE,
    Creation,
    Update,
    tagged,
)
from heaolu_court.common.schemas import ClockOut
from heaolu_shared.access import Action
from heaolu_shared.app import DbSession

router = APIRouter(prefix="/api/court/v1", tags=["Brussels IIb"])

ReadableRequest = Annotated[
    Authorized[BrusselsRequest],
    Depends(
        readable(
            BrusselsRequest,
            param="request_id",
            record_type=service.REQUEST,
            purpose="Brussels IIb request",
        )
    ),
]
ReadableTask = Annotated[
    Authorized[BrusselsTask],
    Depends(
        readable(
            BrusselsTask, param="task_id", record_type=service.TASK, purpose="Brussels IIb task"
        )
    ),
]


async def _clocks(
    session: AsyncSession, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[ClockOut]]:
    out: dict[uuid.UUID, list[ClockOut]] = {i: [] for i in ids}
    for clock in await clocks.of_records(session, list(ids)):
        out[clock.record_id].append(ClockOut.model_validate(clock))
    return out


async def _requests(session: AsyncSession, rows: Sequence[BrusselsRequest]) -> list[RequestOut]:
    by_id = await _clocks(session, [r.id for r in rows])
    return [RequestOut.model_validate(r).model_copy(update={"clocks": by_id[r.id]}) for r in rows]


async def _tasks(session: AsyncSession, rows: Sequence[BrusselsTask]) -> list[TaskOut]:
    by_id = await _clocks(session, [r.id for r in rows])
    return [TaskOut.model_validate(r).model_copy(update={"clocks": by_id[r.id]}) for r in rows]


@router.post(
    "/brussels-requests", status_code=201, response_model=RequestOut, responses=ERRORS_CREATE
)
async def open_request(body: RequestIn, creation: Creation) -> RequestOut:
    """Register a request received from or sent to another member state (Art. 79, 80, 82);
    its response clock follows the article's configured term."""

    async def create() -> RequestOut:
        row = await service.open_request(creation.session, creation.principal, body)
        return (await _requests(creation.session, [row]))[0]

    async def still_visible(out: RequestOut) -> None:
        record, decision = await load(
            creation.session, creation.principal, BrusselsRequest, out.id, Action.READ
        )
        await audit(
            creation.session,
            creation.principal,
            record,
            "read",
            service.REQUEST,
            "repeated creation (Idempotency-Key)",
            decision,
        )

    return await creation(
        "brussels_request.create",
        body,
        "",
        RequestOut,
        create,
        lambda out: f"/brussels-requests/{out.id}",
        still_visible,
    )


@router.get("/brussels-requests", response_model=list[RequestOut], responses=ERRORS_READ)
async def list_requests(
    principal: CourtUser,
    session: DbSession,
    status: RequestStatus | None = None,
    limit: int = Query(default=50, ge=1, le=200),
) -> list[RequestOut]:
    """The central authority's requests, soonest due first (SKA central authority only)."""
    rows = await service.list_requests(session, principal, status=status, limit=limit)
    return await _requests(session, rows)


@router.get("/brussels-requests/{request_id}", response_model=RequestOut, responses=ERRORS_READ)
async def get_request(
    request_id: uuid.UUID, read: ReadableRequest, response: Response
) -> RequestOut:
    tagged(response, read.record.version)
    return (await _requests(read.session, [read.record]))[0]


@router.post(
    "/brussels-requests/{request_id}/tasks",
    status_code=201,
    response_model=TaskOut,
    responses=ERRORS_CREATE,
)
async def assign_task(request_id: uuid.UUID, body: TaskIn, creation: Creation) -> TaskOut:
    """Ask a municipality for its report (Art. 80, 82), addressed through the contacts table."""

    async def create() -> TaskOut:
        row = await service.assign_task(creation.session, creation.principal, request_id, body)
        return (await _tasks(creation.session, [row]))[0]

    async def still_visible(out: TaskOut) -> None:
        record, decision = await load(
            creation.session, creation.principal, BrusselsTask, out.id, Action.READ
        )
        await audit(
            creation.session,
            creation.principal,
            record,
            "read",
            service.TASK,
            "repeated creation (Idempotency-Key)",
            decision,
        )

    return await creation(
        "brussels_task.create",
        body,
        str(request_id),
        TaskOut,
        create,
        lambda out: f"/brussels-tasks/{out.id}",
        still_visible,
    )


@router.get(
    "/brussels-requests/{request_id}/tasks", response_model=list[TaskOut], responses=ERRORS_READ
)
async def tasks_of_request(
    request_id: uuid.UUID, principal: CourtUser, session: DbSession
) -> list[TaskOut]:
    rows = await service.tasks_of_request(session, principal, request_id)
    return await _tasks(session, rows)


@router.post(
    "/brussels-requests/{request_id}/answer", response_model=RequestOut, responses=ERRORS_UPDATE
)
async def answer_request(request_id: uuid.UUID, body: AnswerIn, update: Update) -> RequestOut:
    """SKA's answer to the other state (once every municipality's task is reported)."""
    row = await service.answer(update.session, update.principal, request_id, body, update.if_match)
    update.tag(row.version)
    return (await _requests(update.session, [row]))[0]


@router.get("/brussels-tasks", response_model=list[TaskOut])
async def my_tasks(
    principal: CourtUser, session: DbSession, limit: int = Query(default=50, ge=1, le=200)
) -> list[TaskOut]:
    """The tasks addressed to the caller's municipality (a worker: those given to them)."""
    return await _tasks(session, await service.my_tasks(session, principal, limit=limit))


@router.get("/brussels-tasks/{task_id}", response_model=TaskOut, responses=ERRORS_READ)
async def get_task(task_id: uuid.UUID, read: ReadableTask, response: Response) -> TaskOut:
    tagged(response, read.record.version)
    return (await _tasks(read.session, [read.record]))[0]


@router.post(
    "/brussels-tasks/{task_id}/assignment", response_model=TaskOut, responses=ERRORS_UPDATE
)
async def give_task(task_id: uuid.UUID, body: Assignment, update: Update) -> TaskOut:
    """The department head gives the task to a worker."""
    row = await service.give_task(
        update.session, update.principal, task_id, body.assignee_username, update.if_match
    )
    update.tag(row.version)
    return (await _tasks(update.session, [row]))[0]


@router.post("/brussels-tasks/{task_id}/report", response_model=TaskOut, responses=ERRORS_UPDATE)
async def report(task_id: uuid.UUID, body: ReportIn, update: Update) -> TaskOut:
    """The municipality's report to SKA."""
    row = await service.report(update.session, update.principal, task_id, body, update.if_match)
    update.tag(row.version)
    return (await _tasks(update.session, [row]))[0]

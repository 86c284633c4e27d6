"""The rules of Brussels IIb work: SKA (central authority) registers requests with their
response clocks, asks municipalities for their part through the contacts table (Art. 80 reports,
Art. 82 reports on the child), and answers the other state once every task is reported. A
municipality sees only the tasks addressed to it."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_court.brussels import repository
from heaolu_court.brussels.models import (
    Article,
    BrusselsRequest,
    BrusselsTask,
    RequestStatus,
    TaskStatus,
)
from heaolu_court.brussels.schemas import KINDS_BY_ARTICLE, AnswerIn, ReportIn, RequestIn, TaskIn
from heaolu_court.common import clocks, messages
from heaolu_court.common.access import access_context, audit, listed_page, load, require_any
from heaolu_court.common.contacts import valid_contact
from heaolu_court.common.repository import next_number
from heaolu_court.settings import get_settings
from heaolu_shared import staff
from heaolu_shared.access import Action, Domain, RecordScope
from heaolu_shared.auth import Principal
from heaolu_shared.calendar import default_calendar
from heaolu_shared.concurrency import check_version, flush_versioned
from heaolu_shared.contracts.court import (
    BrusselsRequestAnsweredV1,
    BrusselsRequestOpenedV1,
    BrusselsTaskAssignedV1,
    BrusselsTaskReportedV1,
)
from heaolu_shared.errors import Conflict, NotPermitted, RuleViolation
from heaolu_shared.outbox import enqueue
from heaolu_shared.roles import Role

REQUEST, TASK = "brussels_request", "brussels_task"
CENTRAL_AUTHORITY = RecordScope(Domain.BRUSSELS, None)
TASK_ARTICLES = frozenset({Article.ART80, Article.ART82})


class WrongState(Conflict):
    slug = "wrong-state"


def check_request(body: RequestIn) -> None:
    if body.kind not in KINDS_BY_ARTICLE[Article(body.article)]:
        raise RuleViolation(messages.KIND_NOT_FOR_ARTICLE, extra={"field": "kind"})
    if body.article == Article.ART82 and not (body.funding and body.expected_duration):
        raise RuleViolation(messages.ART82_DETAILS, extra={"field": "funding"})


def _central_authority(principal: Principal, action: Action) -> None:
    require_any(principal, action, [CENTRAL_AUTHORITY], access_context())


async def open_request(
    session: AsyncSession, principal: Principal, body: RequestIn, *, now: datetime | None = None
) -> BrusselsRequest:
    _central_authority(principal, Action.CREATE)
    check_request(body)
    now = now or datetime.now(UTC)
    days = get_settings().brussels_response_days[str(body.article)]
    due_at = default_calendar().calendar_days_term(now, days)
    request = BrusselsRequest(
        id=uuid.uuid4(),
        number=await next_number(session, "B2", "SKA0", now.year),
        status=RequestStatus.OPEN,
        opened_by=principal.subject,
        opened_at=now,
        due_at=due_at,
        **body.model_dump(),
    )
    session.add(request)
    await session.flush()
    await clocks.open_clock(
        session,
        kind="brussels_response",
        record_type=REQUEST,
        record_id=request.id,
        due_at=due_at,
        municipality=None,
        assignee=principal.subject,
    )
    await enqueue(
        session,
        BrusselsRequestOpenedV1(
            request_id=request.id,
            article=body.article,
            direction=body.direction,
            member_state=body.member_state,
            opened_at=now,
            due_at=due_at,
        ),
        subject=str(request.id),
        source="court",
    )
    await audit(session, principal, request, "create", REQUEST, "Brussels IIb request", None)
    return request


async def list_requests(
    session: AsyncSession,
    principal: Principal,
    *,
    status: str | None,
    cursor: str | None,
    limit: int,
) -> tuple[list[BrusselsRequest], str | None]:
    _central_authority(principal, Action.LIST)
    fetched = await repository.requests_page(session, status=status, cursor=cursor, limit=limit)
    return await listed_page(
        session, principal, repository.REQUEST_ORDER, fetched, limit, REQUEST, "requests"
    )


async def assign_task(
    session: AsyncSession,
    principal: Principal,
    request_id: uuid.UUID,
    body: TaskIn,
    *,
    now: datetime | None = None,
) -> BrusselsTask:
    """Ask a municipality for its report, addressed to its valid contact."""
    now = now or datetime.now(UTC)
    request, decision = await load(
        session, principal, BrusselsRequest, request_id, Action.UPDATE, for_update=True
    )
    if request.status != RequestStatus.OPEN:
        raise WrongState(messages.WRONG_STATE, extra={"status": request.status})
    if request.article not in TASK_ARTICLES:
        raise RuleViolation(messages.TASK_NOT_FOR_ARTICLE, extra={"field": "article"})
    calendar = default_calendar()
    contact = await valid_contact(session, body.municipality, calendar.local_date(now))
    if contact is None:
        raise RuleViolation(messages.NO_CONTACT, extra={"field": "municipality"})
    due_at = calendar.add_working_days_deadline(now, get_settings().brussels_task_working_days)
    due_at = min(due_at, request.due_at)
    task = BrusselsTask(
        id=uuid.uuid4(),
        request_id=request.id,
        municipality=body.municipality,
        contact_id=contact.id,
        subject_pseudonym=request.subject_pseudonym,
        child=request.child,
        question=body.question,
        status=TaskStatus.ASSIGNED,
        assigned_at=now,
        due_at=due_at,
    )
    session.add(task)
    await session.flush()
    await clocks.open_clock(
        session,
        kind="brussels_task",
        record_type=TASK,
        record_id=task.id,
        due_at=due_at,
        municipality=task.municipality,
        assignee=None,
    )
    await enqueue(
        session,
        BrusselsTaskAssignedV1(
            task_id=task.id,
            request_id=request.id,
            municipality=task.municipality,
            assigned_at=now,
            due_at=due_at,
        ),
        subject=str(task.id),
        source="court",
    )
    await audit(session, principal, task, "create", TASK, "Brussels IIb task", decision)
    return task


async def tasks_of_request(
    session: AsyncSession, principal: Principal, request_id: uuid.UUID
) -> Sequence[BrusselsTask]:
    request, decision = await load(session, principal, BrusselsRequest, request_id, Action.READ)
    tasks = await repository.tasks_of_request(session, request.id)
    for task in tasks:
        await audit(session, principal, task, "read", TASK, "Brussels IIb tasks", decision)
    return tasks


async def my_tasks(
    session: AsyncSession, principal: Principal, *, cursor: str | None, limit: int
) -> tuple[list[BrusselsTask], str | None]:
    """The tasks addressed to the principal's municipality (a worker: those given to them)."""
    if principal.municipality is None:
        return [], None
    assignee = None if Role.DEPARTMENT_HEAD in principal.roles else principal.subject
    fetched = await repository.tasks_of_municipality(
        session,
        municipality=principal.municipality,
        assignee=assignee,
        cursor=cursor,
        limit=limit,
    )
    return await listed_page(
        session, principal, repository.TASK_ORDER, fetched, limit, TASK, "tasks"
    )


async def give_task(
    session: AsyncSession,
    principal: Principal,
    task_id: uuid.UUID,
    assignee_username: str,
    if_match: str | None,
) -> BrusselsTask:
    """The department head gives the task to a worker of the municipality."""
    task, decision = await load(
        session, principal, BrusselsTask, task_id, Action.UPDATE, for_update=True
    )
    if Role.DEPARTMENT_HEAD not in principal.roles or principal.municipality != task.municipality:
        raise NotPermitted(messages.ONLY_HEAD)
    check_version(task.version, if_match)
    row = await staff.by_username(session, assignee_username)
    if row is None or row.municipality != task.municipality:
        raise RuleViolation(messages.ASSIGNEE_UNKNOWN, extra={"field": "assignee_username"})
    task.assignee = row.subject
    await flush_versioned(session)
    await clocks.follow(session, task.id, assignee=row.subject)
    await audit(session, principal, task, "update", TASK, "Brussels IIb task assigned", decision)
    return task


async def report(
    session: AsyncSession,
    principal: Principal,
    task_id: uuid.UUID,
    body: ReportIn,
    if_match: str | None,
    *,
    now: datetime | None = None,
) -> BrusselsTask:
    """The municipality's report to SKA."""
    now = now or datetime.now(UTC)
    task, decision = await load(
        session, principal, BrusselsTask, task_id, Action.UPDATE, for_update=True
    )
    if principal.municipality != task.municipality:
        raise NotPermitted(messages.NO_ACCESS)
    check_version(task.version, if_match)
    if task.status != TaskStatus.ASSIGNED:
        raise WrongState(messages.WRONG_STATE, extra={"status": task.status})
    task.status = TaskStatus.REPORTED
    task.report = body.report
    task.reported_by = principal.subject
    task.reported_at = now
    await flush_versioned(session)
    await clocks.meet(session, task.id)
    await enqueue(
        session,
        BrusselsTaskReportedV1(
            task_id=task.id,
            request_id=task.request_id,
            municipality=task.municipality,
            assigned_at=task.assigned_at,
            reported_at=now,
            due_at=task.due_at,
            within_term=now <= task.due_at,
        ),
        subject=str(task.id),
        source="court",
    )
    await audit(session, principal, task, "update", TASK, "Brussels IIb report", decision)
    return task


async def answer(
    session: AsyncSession,
    principal: Principal,
    request_id: uuid.UUID,
    body: AnswerIn,
    if_match: str | None,
    *,
    now: datetime | None = None,
) -> BrusselsRequest:
    """SKA answers the other state's central authority once every task is reported."""
    now = now or datetime.now(UTC)
    request, decision = await load(
        session, principal, BrusselsRequest, request_id, Action.UPDATE, for_update=True
    )
    check_version(request.version, if_match)
    if request.status != RequestStatus.OPEN:
        raise WrongState(messages.WRONG_STATE, extra={"status": request.status})
    if await repository.open_tasks(session, request.id):
        raise WrongState(messages.TASKS_OPEN, extra={"field": "tasks"})
    request.status = RequestStatus.ANSWERED
    request.answer = body.answer
    request.answered_at = now
    await flush_versioned(session)
    await clocks.meet(session, request.id)
    await enqueue(
        session,
        BrusselsRequestAnsweredV1(
            request_id=request.id,
            article=request.article,
            direction=request.direction,
            opened_at=request.opened_at,
            answered_at=now,
            due_at=request.due_at,
            within_term=now <= request.due_at,
        ),
        subject=str(request.id),
        source="court",
    )
    await audit(session, principal, request, "update", REQUEST, "Brussels IIb answer", decision)
    return request

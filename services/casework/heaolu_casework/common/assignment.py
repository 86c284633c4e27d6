"""Giving a preliminary assessment, a case or an application to a worker: who may, to whom, and
how the record's clocks and intake's copy of the assignment follow."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_casework.common import clocks, messages
from heaolu_casework.common.access import access_context
from heaolu_casework.common.models import Case, PreliminaryAssessment, ServiceApplication
from heaolu_casework.settings import get_settings
from heaolu_shared import staff
from heaolu_shared.access import (
    NO_ACCESS,
    WORKER_DOMAINS,
    Action,
    Decision,
    RecordScope,
    decide,
)
from heaolu_shared.auth import Principal
from heaolu_shared.concurrency import check_version, flush_versioned
from heaolu_shared.contracts.casework import AssignmentChangedV1
from heaolu_shared.errors import NotPermitted, RuleViolation
from heaolu_shared.outbox import enqueue

WORKER_ROLES = frozenset(WORKER_DOMAINS)
Assignable = PreliminaryAssessment | Case | ServiceApplication


async def assign(
    session: AsyncSession,
    principal: Principal,
    record: Assignable,
    assignee_username: str,
    if_match: str | None,
    *,
    require_state: Callable[[], None] | None = None,
) -> Decision:
    """Give ``record`` to a worker of its municipality; its open clocks follow.

    Access is decided first (so a caller without it learns nothing of the record's state), then
    ``If-Match``, then ``require_state`` (e.g. the case is open)."""
    decision = await assignment_decision(session, principal, record.scope(), assignee_username)
    check_version(record.version, if_match)
    if require_state is not None:
        require_state()
    record.assignee = await assignee_subject(session, record.municipality, assignee_username)
    await flush_versioned(session)
    if isinstance(record, Case):
        await clocks.follow(
            session, municipality=record.municipality, assignee=record.assignee, case_id=record.id
        )
    else:
        await clocks.follow(
            session,
            municipality=record.municipality,
            assignee=record.assignee,
            record_id=record.id,
        )
    await announce_assignment(session, record)
    return decision


async def announce_assignment(session: AsyncSession, record: Assignable) -> None:
    """Tell intake who handles the report thread or application behind ``record``, so that
    worker (and their substitute) reads it there: one assignment across both services."""
    target: tuple[str, uuid.UUID] | None = None
    if isinstance(record, PreliminaryAssessment):
        target = ("report", record.report_id)
    elif isinstance(record, ServiceApplication):
        target = ("service_application", record.id)
    elif record.preliminary_assessment_id is not None:
        assessment = await session.get(PreliminaryAssessment, record.preliminary_assessment_id)
        target = ("report", assessment.report_id) if assessment is not None else None
    elif record.application_id is not None:
        target = ("service_application", record.application_id)
    if target is None:
        return
    kind, intake_id = target
    await enqueue(
        session,
        AssignmentChangedV1(
            intake_record=kind,
            intake_record_id=intake_id,
            municipality=record.municipality,
            assignee=record.assignee,
            changed_at=datetime.now(UTC),
        ),
        subject=str(intake_id),
    )


def may_take_from_queue(
    principal: Principal, record: RecordScope, self_assignment: frozenset[str] | None = None
) -> bool:
    """Self-assignment: an unassigned record, a worker of its municipality and domain, in a
    municipality that lets workers take items from the queue themselves."""
    allowed = (
        self_assignment
        if self_assignment is not None
        else frozenset(get_settings().self_assignment_municipalities)
    )
    return (
        record.assignee is None
        and record.municipality is not None
        and principal.municipality == record.municipality
        and record.municipality in allowed
        and any(record.domain in WORKER_DOMAINS.get(r, ()) for r in principal.roles)
    )


async def assignment_decision(
    session: AsyncSession, principal: Principal, record: RecordScope, assignee_username: str
) -> Decision:
    """Who may (re)assign: whoever may update the record, or a worker taking it for themselves."""
    decision = decide(principal, Action.UPDATE, record, await access_context(session, principal))
    if decision.allowed:
        return decision
    if assignee_username == principal.username and may_take_from_queue(principal, record):
        return Decision(True, "self-assignment from the queue")
    raise NotPermitted(NO_ACCESS)


async def assignee_subject(session: AsyncSession, municipality: str, username: str) -> str:
    """The subject of a worker of ``municipality``, or 422 naming the field."""
    worker = await staff.by_username(session, username)
    if (
        worker is None
        or worker.municipality != municipality
        or not set(worker.roles) & WORKER_ROLES
    ):
        raise RuleViolation(messages.ASSIGNEE_OF_MUNICIPALITY, extra={"field": "assignee_username"})
    return str(worker.subject)

"""Casework's statutory clocks: which exist and their legal basis, and how a feature opens,
meets, cancels and moves them. Every feature keeps clocks, so they live here; the lists of
clocks and the scheduler that announces them are the ``deadlines`` feature."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_casework.common.models import Case, Deadline
from heaolu_casework.common.repository import DeadlineRepository
from heaolu_shared.deadlines import CANCELLED, MET, Clock, start_clock
from heaolu_shared.pagination import Keyset

CLOCKS: dict[str, Clock] = {
    "preliminary_assessment": Clock(
        "LasteKS §28, SHS §9: decide within 10 calendar days whether to open case management "
        "(a term ending on a day off moves to the next working day, TsÜS §136(5))",
        timedelta(days=2),
    ),
    "court_filing": Clock(
        "LasteKS §33; TsMS §563²: the custody-restriction application must reach the court in "
        "time for a ruling within 72 hours of separation (filing target)",
        timedelta(hours=12),
    ),
    "court_ruling": Clock(
        "LasteKS §33; TsMS §563²: the court rules on restricting custody within 72 hours of "
        "the separation",
        timedelta(hours=24),
    ),
    "case_plan_review": Clock(
        "Regulation no. 10 (case-plan data): the plan is reviewed on its review date",
        timedelta(days=7),
    ),
    "action_evaluation": Clock(
        "Regulation no. 10: each activity of the action plan is evaluated on its date",
        timedelta(days=3),
    ),
    "temporary_care_end": Clock(
        "SHS: temporary substitute care with the custodian's consent lasts at most 90 days",
        timedelta(days=14),
    ),
    "care_age_limit": Clock(
        "SHS: substitute care lasts until the child comes of age, or until 19 while in "
        "education; the placement ends on the day before that birthday",
        timedelta(days=60),
    ),
    "application_decision": Clock(
        "HMS §41 and the municipality's procedure rules: an application for a social service "
        "is decided within its term (configured in working days)",
        timedelta(days=2),
    ),
}


async def open_clock(
    session: AsyncSession,
    *,
    kind: str,
    record_type: str,
    record_id: uuid.UUID,
    due_at: datetime,
    municipality: str | None,
    assignee: str | None,
    subject_pseudonym: str | None,
    case_id: uuid.UUID | None = None,
) -> Deadline:
    """Start a clock of ``kind``: its legal basis and warning time come from :data:`CLOCKS`."""
    return await start_clock(
        session,
        Deadline,
        CLOCKS[kind],
        kind=kind,
        record_type=record_type,
        record_id=record_id,
        due_at=due_at,
        municipality=municipality,
        assignee=assignee,
        subject_pseudonym=subject_pseudonym,
        case_id=case_id,
    )


async def open_case_clock(
    session: AsyncSession,
    case: Case,
    *,
    kind: str,
    record_type: str,
    record_id: uuid.UUID,
    due_at: datetime,
) -> Deadline:
    """A clock of a record that belongs to ``case``: it follows the case's municipality and
    assignee."""
    return await open_clock(
        session,
        kind=kind,
        record_type=record_type,
        record_id=record_id,
        due_at=due_at,
        municipality=case.municipality,
        assignee=case.assignee,
        subject_pseudonym=case.subject_pseudonym,
        case_id=case.id,
    )


async def meet(session: AsyncSession, record_id: uuid.UUID, kinds: Collection[str] = ()) -> None:
    """The record's open clocks were met (of ``kinds``, or all)."""
    await DeadlineRepository(session).close(MET, record_id=record_id, kinds=kinds)


async def cancel_record(session: AsyncSession, record_id: uuid.UUID) -> None:
    await DeadlineRepository(session).close(CANCELLED, record_id=record_id)


async def cancel_case(session: AsyncSession, case_id: uuid.UUID) -> None:
    """The case closed: its clocks stop."""
    await DeadlineRepository(session).close(CANCELLED, case_id=case_id)


async def follow(
    session: AsyncSession,
    *,
    municipality: str | None,
    assignee: str | None,
    record_id: uuid.UUID | None = None,
    case_id: uuid.UUID | None = None,
) -> None:
    """Open clocks move with their record or case (assignment, transfer, re-routing)."""
    await DeadlineRepository(session).follow(
        municipality=municipality, assignee=assignee, record_id=record_id, case_id=case_id
    )


SOONEST: Keyset[Any] = Keyset(
    columns=(Deadline.due_at, Deadline.id),
    types=(datetime, uuid.UUID),
    key=lambda row: (row.Deadline.due_at, row.Deadline.id),
)


async def open_deadlines(
    session: AsyncSession,
    *,
    municipality: str | None,
    assignees: Collection[str] | None,
    case_id: uuid.UUID | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> tuple[list[Any], str | None]:
    """Open clocks by due time, with the child's and the assignee's names: of some assignees in
    a municipality, of the whole municipality (``assignees`` None), or of one case (the case
    view shows its next one)."""
    fetched = await DeadlineRepository(session).open_page(
        municipality=municipality,
        assignees=assignees,
        case_id=case_id,
        keyset=SOONEST,
        cursor=cursor,
        limit=limit,
    )
    return SOONEST.page(fetched, limit)

"""Court's statutory clocks: which exist, their legal basis, opening and closing them."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_court.common.models import Deadline
from heaolu_shared.contracts.court import DeadlineApproachingV1, DeadlineBreachedV1
from heaolu_shared.db import Database
from heaolu_shared.deadlines import (
    CANCELLED,
    MET,
    OPEN,
    Clock,
    DeadlineEvents,
    DeadlineScheduler,
    start_clock,
)
from heaolu_shared.settings import ServiceSettings
from heaolu_shared.worker import Runnable

CLOCKS: dict[str, Clock] = {
    "court_filing": Clock(
        "LasteKS §33; TsMS §563²: the custody-restriction application reaches the court in time "
        "for a ruling within 72 hours of the separation (the municipality's filing target)",
        timedelta(hours=12),
    ),
    "court_ruling": Clock(
        "LasteKS §33; TsMS §563²: the court rules on restricting custody within 72 hours of the "
        "separation",
        timedelta(hours=24),
    ),
    "klat_opinion": Clock(
        "Closed child institution service (KLAT): SKA gives its opinion on the liberty-restricting "
        "measure within 30 days",
        timedelta(days=5),
    ),
    "court_opinion": Clock(
        "TsMS, PKS: the guardianship authority gives its opinion to the court by the date the "
        "court set",
        timedelta(days=3),
    ),
    "brussels_response": Clock(
        "Reg. (EU) 2019/1111 Art. 79-82: the central authority answers the requesting state",
        timedelta(days=5),
    ),
    "brussels_task": Clock(
        "Reg. (EU) 2019/1111 Art. 80/82: the municipality's report to the central authority",
        timedelta(days=2),
    ),
}

EVENTS = DeadlineEvents(
    approaching=DeadlineApproachingV1, breached=DeadlineBreachedV1, source="court"
)


async def open_clock(
    session: AsyncSession,
    *,
    kind: str,
    record_type: str,
    record_id: uuid.UUID,
    due_at: datetime,
    municipality: str | None,
    assignee: str | None,
    subject_pseudonym: str | None = None,
    case_id: uuid.UUID | None = None,
) -> Deadline:
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


async def _close(
    session: AsyncSession, status: str, record_id: uuid.UUID, kinds: Collection[str]
) -> None:
    query = sa.update(Deadline).where(Deadline.status == OPEN, Deadline.record_id == record_id)
    if kinds:
        query = query.where(Deadline.kind.in_(list(kinds)))
    await session.execute(query.values(status=status, closed_at=sa.func.now()))


async def meet(session: AsyncSession, record_id: uuid.UUID, kinds: Collection[str] = ()) -> None:
    """The record's open clocks (of ``kinds``, or all) were met."""
    await _close(session, MET, record_id, kinds)


async def cancel(session: AsyncSession, record_id: uuid.UUID, kinds: Collection[str] = ()) -> None:
    await _close(session, CANCELLED, record_id, kinds)


async def follow(session: AsyncSession, record_id: uuid.UUID, *, assignee: str | None) -> None:
    """Open clocks move with their record's assignee."""
    await session.execute(
        sa.update(Deadline)
        .where(Deadline.record_id == record_id, Deadline.status == OPEN)
        .values(assignee=assignee)
    )


async def follow_case(session: AsyncSession, case_id: uuid.UUID, municipality: str) -> None:
    """Open clocks of a transferred case's records move with it, unassigned."""
    await session.execute(
        sa.update(Deadline)
        .where(Deadline.case_id == case_id, Deadline.status == OPEN)
        .values(municipality=municipality, assignee=None)
    )


async def of_records(
    session: AsyncSession, record_ids: Collection[uuid.UUID]
) -> Sequence[Deadline]:
    """Every clock of the records, open or closed, soonest first."""
    if not record_ids:
        return []
    return (
        await session.scalars(
            sa.select(Deadline)
            .where(Deadline.record_id.in_(list(record_ids)))
            .order_by(Deadline.due_at, Deadline.id)
        )
    ).all()


def scheduler(database: Database, settings: ServiceSettings) -> Runnable:
    """The worker component that announces approaching and breached court clocks."""
    seconds = getattr(settings, "deadline_scan_seconds", 30)
    return DeadlineScheduler(database, Deadline, EVENTS, interval=timedelta(seconds=seconds)).run

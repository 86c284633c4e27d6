"""Statutory clocks as rows, and the scheduler that announces them.

Each owning service keeps a ``deadline`` table (:class:`DeadlineColumns`) and runs
:class:`DeadlineScheduler` in its worker. A pass claims due rows with ``FOR UPDATE SKIP LOCKED``
and writes each event to the outbox in the same transaction that marks the row, so an event is
published once per clock even with several workers; ``now`` is a parameter, so tests and the
operator command control time instead of sleeping.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol, TypeVar

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from heaolu_shared.contracts.deadlines import DeadlineEvent
from heaolu_shared.db import Database
from heaolu_shared.outbox import enqueue
from heaolu_shared.statements import insert_new
from heaolu_shared.worker import periodic

log = logging.getLogger(__name__)

OPEN, MET, CANCELLED = "open", "met", "cancelled"


class DeadlineColumns:
    """The columns of a deadline row (mixed into a service's own declarative model)."""

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    municipality: Mapped[str | None] = mapped_column(sa.String(4))
    kind: Mapped[str] = mapped_column(sa.String(48))
    legal_basis: Mapped[str] = mapped_column(sa.String(300))
    record_type: Mapped[str] = mapped_column(sa.String(48))
    record_id: Mapped[uuid.UUID] = mapped_column(index=True)
    case_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    subject_pseudonym: Mapped[str | None] = mapped_column(sa.String(32))
    assignee: Mapped[str | None] = mapped_column(sa.String(64))
    due_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    warn_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    status: Mapped[str] = mapped_column(sa.String(16), default=OPEN)
    closed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    approaching_sent_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    breached_sent_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), server_default=sa.func.now()
    )

    @declared_attr.directive
    def __table_args__(cls) -> tuple[Any, ...]:
        name = cls.__tablename__  # type: ignore[attr-defined]
        open_ = sa.text("status = 'open'")
        # The lists page by (due_at, id): the id in the index keeps a page one index range long
        # when many clocks share a due time (every report of a day has the same tenth day).
        return (
            sa.Index(f"ix_{name}_assignee_due", "assignee", "due_at", "id", postgresql_where=open_),
            sa.Index(
                f"ix_{name}_municipality_due",
                "municipality",
                "due_at",
                "id",
                postgresql_where=open_,
            ),
            sa.Index(
                f"ix_{name}_to_warn",
                "warn_at",
                postgresql_where=sa.text("status = 'open' AND approaching_sent_at IS NULL"),
            ),
            sa.Index(
                f"ix_{name}_to_breach",
                "due_at",
                postgresql_where=sa.text("status = 'open' AND breached_sent_at IS NULL"),
            ),
            sa.CheckConstraint("status IN ('open', 'met', 'cancelled')", name="status"),
        )


class DeadlineRow(Protocol):
    id: uuid.UUID
    municipality: str | None
    kind: str
    legal_basis: str
    record_type: str
    record_id: uuid.UUID
    case_id: uuid.UUID | None
    subject_pseudonym: str | None
    assignee: str | None
    due_at: datetime
    approaching_sent_at: datetime | None
    breached_sent_at: datetime | None


@dataclass(frozen=True)
class Clock:
    """A kind of statutory clock: the law it keeps and how early it warns (each service holds
    its own table of clocks; the rules are theirs)."""

    legal_basis: str
    warn_before: timedelta


D = TypeVar("D", bound=DeadlineColumns)


async def start_clock(
    session: AsyncSession,
    model: Callable[..., D],
    clock: Clock,
    *,
    kind: str,
    record_type: str,
    record_id: uuid.UUID,
    due_at: datetime,
    municipality: str | None,
    assignee: str | None,
    subject_pseudonym: str | None = None,
    case_id: uuid.UUID | None = None,
) -> D:
    """Insert an open deadline row of ``model`` for ``clock``; it warns ``warn_before`` the due
    time. The row is written at once, outside the session's unit of work (the returned record is
    not tracked: change a clock through the functions below)."""
    deadline = model(
        id=uuid.uuid4(),
        municipality=municipality,
        kind=kind,
        legal_basis=clock.legal_basis,
        record_type=record_type,
        record_id=record_id,
        case_id=case_id,
        subject_pseudonym=subject_pseudonym,
        assignee=assignee,
        due_at=due_at,
        warn_at=due_at - clock.warn_before,
        status=OPEN,
    )
    await insert_new(session, deadline)
    return deadline


@dataclass(frozen=True)
class DeadlineEvents:
    """Which event types a service announces its clocks with."""

    approaching: type[DeadlineEvent]
    breached: type[DeadlineEvent]
    source: str


def _payload(kind: type[DeadlineEvent], row: DeadlineRow) -> DeadlineEvent:
    return kind(
        deadline_id=row.id,
        kind=row.kind,
        legal_basis=row.legal_basis,
        record_type=row.record_type,
        record_id=row.record_id,
        case_id=row.case_id,
        municipality=row.municipality,
        assignee=row.assignee,
        subject_pseudonym=row.subject_pseudonym,
        due_at=row.due_at,
    )


async def scan(
    session: AsyncSession,
    model: Any,
    events: DeadlineEvents,
    now: datetime,
    *,
    batch: int = 500,
) -> tuple[int, int]:
    """Announce clocks that reached their warning time or their end by ``now``.

    Returns ``(approaching, breached)`` counts of this pass (at most ``batch`` each).
    """
    breached_rows = (
        await session.scalars(
            sa.select(model)
            .where(model.status == OPEN, model.breached_sent_at.is_(None), model.due_at <= now)
            .order_by(model.due_at)
            .limit(batch)
            .with_for_update(skip_locked=True)
        )
    ).all()
    for row in breached_rows:
        await enqueue(
            session, _payload(events.breached, row), subject=str(row.id), source=events.source
        )
        row.breached_sent_at = now
        if row.approaching_sent_at is None:
            row.approaching_sent_at = now  # past due: the warning has no point any more
    approaching_rows = (
        await session.scalars(
            sa.select(model)
            .where(
                model.status == OPEN,
                model.approaching_sent_at.is_(None),
                model.warn_at <= now,
                model.due_at > now,
            )
            .order_by(model.warn_at)
            .limit(batch)
            .with_for_update(skip_locked=True)
        )
    ).all()
    for row in approaching_rows:
        await enqueue(
            session, _payload(events.approaching, row), subject=str(row.id), source=events.source
        )
        row.approaching_sent_at = now
    await session.flush()
    return len(approaching_rows), len(breached_rows)


class DeadlineScheduler:
    """Runs :func:`scan` every ``interval`` until stopped (a worker component)."""

    def __init__(
        self,
        database: Database,
        model: Any,
        events: DeadlineEvents,
        *,
        interval: timedelta = timedelta(seconds=30),
        batch: int = 500,
    ) -> None:
        self.database, self.model, self.events = database, model, events
        self.interval, self.batch = interval, batch

    async def run_once(self, now: datetime | None = None) -> tuple[int, int]:
        """Passes until nothing is left for ``now``; totals of ``(approaching, breached)``."""
        now = now or datetime.now(UTC)
        total = (0, 0)
        while True:
            async with self.database.transaction() as session:
                warned, breached = await scan(
                    session, self.model, self.events, now, batch=self.batch
                )
            total = (total[0] + warned, total[1] + breached)
            if warned < self.batch and breached < self.batch:
                return total

    async def run(self, stop: asyncio.Event) -> None:
        await periodic(self._announce, self.interval, name="deadline scan")(stop)

    async def _announce(self) -> None:
        warned, breached = await self.run_once()
        if warned or breached:
            log.info("deadlines announced", extra={"approaching": warned, "breached": breached})
